"""The library's errors: every one a :class:`SahelFactsError`, so a caller can catch them all.

Each says what was wrong with the input and where, in words for the person who gave
it; the command line prints it and exits 2 (usage or input) or 1 (findings). Anything
else that escapes is a bug, reported as such with exit status 3.
"""

from __future__ import annotations


class SahelFactsError(Exception):
    """Root of the library's errors: bad input, named with where it came from."""

    exit_status: int = 2
    """The command line's exit status for this error: 2, a usage or input error, unless a subclass says 1."""
