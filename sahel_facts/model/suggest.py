"""'Did you mean ...?': the known name closest to one that is not known, at a bounded cost.

A hint is worked out for every unknown field and every unresolved ID, and a hostile
file can hold a hundred thousand of them, against thousands of IDs. So a
:class:`Suggester` indexes its names once, and each question costs a bounded amount
whatever the number of names: a name equal but for case, ``_`` or spaces is found by
one look-up; otherwise the pairs of letters the word shares with each name are counted
(reading at most :data:`READ` index entries, rarest pairs first), and only the
:data:`SHORTLIST` names sharing most (and at least one) are compared in full by
:mod:`difflib`. A suggester over a tree's IDs also stops comparing after a number of
different words (``limit``): past that many typos, a hint no longer helps.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable

#: The most names compared in full for one question.
SHORTLIST = 8
#: The most index entries read for one question.
READ = 1024
#: The longest word a suggestion is looked for: a longer one is no typo.
LONGEST = 200
#: How alike (difflib's ratio, 0 to 1) a name must be to be suggested.
CUTOFF = 0.6
#: The most answers remembered; past it the memory starts afresh.
REMEMBERED = 4096


def fold(text: str) -> str:
    """``text`` as names are matched exactly: case folded, ``_`` and spaces as ``-``."""
    return text.casefold().replace("_", "-").replace(" ", "-")


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


class Suggester:
    """The closest of a fixed set of ``names`` to a word, for 'did you mean' hints."""

    def __init__(self, names: Iterable[str], limit: int | None = None) -> None:
        self.limit = limit
        """The most different words answered by comparing names; past it only the look-up is tried (None: no end)."""
        self.names: list[str] = list(dict.fromkeys(names))
        """The names suggested from, each once, in the order given."""
        self.compared = 0
        """How many names have been compared in full, over every question asked: a measure of the cost."""
        self.questions = 0
        """How many questions needed names compared."""
        self._folded: dict[str, str] = {}
        index: dict[str, list[int]] = defaultdict(list)
        for number, name in enumerate(self.names):
            folded = fold(name)
            self._folded.setdefault(folded, name)
            for pair in _pairs(folded):
                index[pair].append(number)
        self._index = dict(index)
        self._answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The name ``word`` most likely meant, or None when none is close enough."""
        if word in self._answers:
            return self._answers[word]
        if len(self._answers) >= REMEMBERED:
            self._answers.clear()
        answer = self._folded.get(fold(word))
        if answer is None and len(word) <= LONGEST and (self.limit is None or self.questions < self.limit):
            self.questions += 1
            shortlist = self._shortlist(fold(word))
            self.compared += len(shortlist)
            found = difflib.get_close_matches(word, shortlist, n=1, cutoff=CUTOFF) if shortlist else []
            answer = found[0] if found else None
        self._answers[word] = answer
        return answer

    def hint(self, word: str) -> str | None:
        """``did you mean 'NAME'?`` for the closest name, or None."""
        close = self.closest(word)
        return f"did you mean '{close}'?" if close else None

    def _shortlist(self, folded: str) -> list[str]:
        """The names sharing most pairs of letters with ``folded`` (one at least), rarest pairs read first."""
        postings = sorted((self._index[pair] for pair in _pairs(folded) if pair in self._index), key=len)
        if not postings:
            return []
        shared: Counter[int] = Counter()
        budget = READ
        for entries in postings:
            shared.update(entries[:budget])
            budget -= len(entries)
            if budget <= 0:
                break
        return [self.names[number] for number, _ in shared.most_common(SHORTLIST)]
