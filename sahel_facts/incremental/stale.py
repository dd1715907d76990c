"""Removing what older versions left in the user cache folder: the parse caches under ``parses/``.

Versions before the warm path kept each tree's parses (several MB a tree) in
``parses/`` of the user cache folder; nothing reads them now. A warm run removes that
folder, once (after, it is not there): only that folder of the user cache folder, never
following a link (a link there is removed, not what it points at: :func:`shutil.rmtree`
removes a tree through file descriptors, without following links in it). A failure to
remove it is harmless: the next run tries again.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat

from ..read.cache import user_cache_folder

#: The folder of the user cache folder where older versions kept their parse caches.
STALE = "parses"


def remove_stale() -> None:
    """Remove the folder ``parses/`` from the user cache folder, if it is there (a link there: the link alone;
    anything else there is left)."""
    path = user_cache_folder() / STALE
    try:
        info = os.lstat(path)
    except OSError:
        return  # not there: the usual case
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(info.st_mode):
            shutil.rmtree(path)
        elif stat.S_ISLNK(info.st_mode):
            os.unlink(path)
