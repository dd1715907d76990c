"""Which files a warm run must check again, and which records those checks need to see.

Given the summaries before and after a change, the *affected* files are those whose
findings may differ: the changed files; every file that looks up an ID that changed
(added, removed, its record or its snapshot changed, its file refused or no longer);
every holder of such an ID (duplicate IDs); every file compared within a group with a
changed record (C701, T602); every place or facility a changed claim names or named
(G511 names the first claim that names it); every file whose chain of supersedes, parent, ... reaches
a changed ID (a loop's finding sits at its first file, which may be far from the
edit); and, when the tree's list of IDs changed, every file with an X303 finding (its
'did you mean' may now name another ID). The *context* is what the checks of the
affected files read: the affected records, all the holders of the IDs they look up,
the whole of each group they are in, the first claim that names each place or facility
among them, and everything their chain fields reach. When
in doubt, a file is affected: a wider set costs time, never a wrong finding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter

from ..model.records import id_from_path
from .summary import SEPARATOR, Summary, lines

#: The check whose hints name IDs of the whole tree.
REFERENCE_CHECK = "X303"


@dataclass
class Index:
    """The summaries of one state of the tree, indexed: holders of each ID, members of each group, chain links back."""

    summaries: dict[str, Summary]
    last: dict[str, str] = field(default_factory=dict)
    """The last file holding each ID, the IDs in the order of their first holders (file order)."""
    more: dict[str, list[str]] = field(default_factory=dict)
    """All the files holding each ID that more than one file holds, in file order."""
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    pointed_from: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    named_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The claims in use that name each place and facility, in file order (G511 names the first)."""

    def __post_init__(self) -> None:
        paths, values = list(self.summaries), self.summaries.values()
        ids = list(map(attrgetter("id"), values))
        self.last = dict(zip(ids, paths, strict=True))  # made in C: most IDs have one holder
        self.last.pop(None, None)  # type: ignore[call-overload]
        if len(self.last) != len(ids) - ids.count(None):
            shared = {record_id for record_id, count in Counter(ids).items() if count > 1 and record_id is not None}
            for path, record_id in zip(paths, ids, strict=True):
                if record_id in shared:
                    self.more.setdefault(record_id, []).append(path)
        for field_name, index in (("groups", self.members), ("chain", self.pointed_from), ("named", self.named_by)):
            texts = list(map(attrgetter(field_name), values))
            for path, text in compress(zip(paths, texts, strict=True), texts):  # most are empty: skipped in C
                for key in lines(text):
                    index[key].append(path)

    def ids(self) -> list[str]:
        """Every ID of the tree in file order (the order a whole run's index holds them)."""
        return list(self.last)

    def holders(self, record_id: str) -> list[str]:
        """The files holding ``record_id``, in file order."""
        if record_id in self.more:
            return self.more[record_id]
        return [self.last[record_id]] if record_id in self.last else []

    def held(self, ids: Iterable[str]) -> set[str]:
        """The files holding any of ``ids``."""
        return {path for record_id in ids for path in self.holders(record_id)}


def changed_ids(paths: Iterable[str], before: dict[str, Summary], after: dict[str, Summary]) -> set[str]:
    """The IDs the files at ``paths`` held before or hold now, or that their paths name."""
    found: set[str] = set()
    for path in paths:
        named = id_from_path(path)
        if isinstance(named, str):
            found.add(named)
        for summary in (before.get(path), after.get(path)):
            if summary is not None:
                found.update(i for i in (summary.id, summary.held) if i is not None)
    return found


def _looks_up(refs: str, ids: set[str]) -> bool:
    """True when the IDs kept in ``refs`` (one a line) include one of ``ids``."""
    if not refs:
        return False
    if len(ids) <= 8 and not any(i in refs for i in ids):  # most files: no substring, no need to split
        return False
    return not ids.isdisjoint(lines(refs))


def affected(changed: set[str], ids: set[str], before: dict[str, Summary], now: Index, renamed: bool) -> set[str]:
    """The files whose findings may change when the files ``changed`` did and the IDs ``ids`` did.

    ``renamed`` says that the tree's list of IDs is not what it was.
    """
    found = {path for path in changed if path in now.summaries}
    refs = list(map(attrgetter("refs"), now.summaries.values()))
    everything = SEPARATOR.join(refs)  # an ID no file looks up is not in it: most edits' IDs, told in C
    if any(i in everything for i in ids):
        found.update(path for path, text in zip(now.summaries, refs, strict=True) if _looks_up(text, ids))
    found.update(now.held(ids))
    summaries = [s for path in changed for s in (before.get(path), now.summaries.get(path)) if s is not None]
    groups = {group for s in summaries for group in lines(s.groups)}
    found.update(path for group in groups for path in now.members.get(group, ()))
    found.update(now.held({target for s in summaries for target in lines(s.named)}))  # G511: who names them
    seen, todo = set(ids), list(ids)
    while todo:  # back along chain links: a loop through a changed ID is reported at its first file
        for path in now.pointed_from.get(todo.pop(), ()):
            found.add(path)
            record_id = now.summaries[path].id
            if record_id is not None and record_id not in seen:
                seen.add(record_id)
                todo.append(record_id)
    if renamed:
        found.update(
            path for path, summary in now.summaries.items() if any(f.check == REFERENCE_CHECK for f in summary.cross)
        )
    return found


def context(files: set[str], now: Index) -> set[str]:
    """The files whose records the checks of ``files`` read."""
    summaries = [now.summaries[path] for path in files]
    needed = set(files)
    needed.update(now.held({i for s in summaries for i in lines(s.refs)}))
    needed.update(now.held({s.id for s in summaries if s.id is not None}))
    needed.update(path for s in summaries for group in lines(s.groups) for path in now.members.get(group, ()))
    needed.update(now.named_by[s.id][0] for s in summaries if s.id in now.named_by)  # G511: the first naming it
    todo = [target for s in summaries for target in lines(s.chain)]
    seen = set(todo)
    while todo:  # forward along chain links: the whole of every loop they may be in
        for path in now.holders(todo.pop()):
            needed.add(path)
            for target in lines(now.summaries[path].chain):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return needed
