"""The cyclic garbage collector, paused while a run builds a heap that only grows.

Validating a tree or loading a package allocates hundreds of thousands of objects and
frees almost none until it returns. Python's collector would rescan that growing heap
again and again (measured at a third of validation and half of ``load()``) and find
nothing to free, so :func:`paused` turns it off for the run and back on after.
Reference counting still frees everything that is not in a cycle; the few cycles made
meanwhile are collected by the first collection after the run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, restoring it as it was (also on an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
