"""The cyclic garbage collector, paused while a run builds a heap that only grows.

Validating a tree or loading a package allocates hundreds of thousands of objects and
frees almost none until it returns. Python's collector would rescan that growing heap
again and again (measured at a third of validation and half of ``load()``) and find
nothing to free, so :func:`paused` turns it off for the run and back on after.
Turned back on, the collector would first scan every object the run made (they are
all still in its youngest generation): 0.7 s after validating 10,000 records, to find
nothing. So the run's objects are moved to the permanent generation first
(:func:`gc.freeze`), which the collector never scans. Reference counting still frees
them when they are dropped; only a reference cycle among them would outlive its use,
and a run makes none (tests hold validation and loading to that). The garbage already
pending when the run starts is collected first, so the freeze keeps none of it; what
the freeze keeps is what was alive, which reference counting frees once it is dropped.

:func:`gc.freeze` moves every object of the process there, the program's own too, and
the interpreter's last collection at exit skips that generation. So the first pause
registers :func:`gc.unfreeze` to run at exit: objects outlive nothing they would
otherwise, and extension modules that check at exit that their objects were freed
(DuckDB's, built with nanobind, prints "nanobind: leaked ..." for each one) find them
freed.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then freeze what it made and restore the collector as it was."""
    _unfreeze_at_exit()
    was_enabled = gc.isenabled()
    gc.collect()  # what is garbage already goes now, so that the freeze below keeps none of it
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


_registered: list[bool] = []


def _unfreeze_at_exit() -> None:
    """Once a process: give what :func:`paused` froze back to the collector's last collection, at exit."""
    if not _registered:
        atexit.register(gc.unfreeze)
        _registered.append(True)
