"""The warm path: after any sequence of changes, its findings are a cold run's, and it re-checks only what it must."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sahel_facts.incremental import store, warm
from sahel_facts.read import cache
from sahel_facts.validate import validate
from tests.conftest import write_tree
from tests.incremental.tree import (
    SLOTS,
    SNAPSHOT,
    SNAPSHOT_TEXTS,
    moved,
    same_size_edit,
    valid_tree,
    write_snapshot,
    write_version,
)

JUNK = "facts/notes.txt"
#: A stray file in a folder of its own, both made and removed together.
NESTED = "facts/organisations/more/notes.txt"


def _agree(root: Path) -> tuple[warm.Warm, list]:
    """Validate warm and cold; assert they agree; give the warm run and the findings."""
    found = warm.validate_warm(root)
    cold = validate(root)
    assert found.findings == cold.findings
    assert (found.files, found.records) == (cold.files, cold.records)
    return found, cold.findings


def _same(root: Path) -> warm.Warm:
    """:func:`_agree`, and a second warm run, with nothing changed, agrees too."""
    found, findings = _agree(root)
    assert validate(root, cache=True).findings == findings
    return found


#: Every version of every slot, each a change.
_VERSIONS = [("set", slot, number) for slot in sorted(SLOTS) for number in range(len(SLOTS[slot]))]


def _change(rnd: random.Random) -> tuple[str, str, int]:
    """One change, drawn evenly: a version of a slot (most often), a rename, a same-size edit, a snapshot, a stray file.

    Drawn with ``random`` (hypothesis's, so that it shrinks and replays), not with ``sampled_from``, which
    favours the first few versions: a conflict needs two particular versions of two files, one after the other.
    """
    kind = rnd.random()
    if kind < 0.7:
        return rnd.choice(_VERSIONS)
    if kind < 0.9:
        return rnd.choice(["rename", "same-size"]), rnd.choice(sorted(SLOTS)), 0
    if kind < 0.95:
        return "snapshot", "", rnd.randrange(len(SNAPSHOT_TEXTS))
    return rnd.choice(["junk", "nested"]), "", 0


class _Tree:
    """The small tree and which version of each slot it holds, and where."""

    def __init__(self, root: Path) -> None:
        self.root = valid_tree(root)
        self.version = dict.fromkeys(SLOTS, 0)
        self.where = {path: path for path in SLOTS}

    def apply(self, step: tuple[str, str, int]) -> None:
        """Make the change, then put back the mtimes of the folders it changed (their ctimes cannot be)."""
        folders = [self.root / "facts", *(self.root / "facts").glob("*/"), *(self.root / "facts").glob("*/*/")]
        before = {folder: os.stat(folder) for folder in folders}
        self._apply(step)
        for folder, info in before.items():
            if folder.is_dir():
                os.utime(folder, ns=(info.st_atime_ns, info.st_mtime_ns))

    def _apply(self, step: tuple[str, str, int]) -> None:
        action, slot, number = step
        if action == "set":
            self.version[slot] = number
            write_version(self.root, self.where[slot], SLOTS[slot][self.version[slot]])
        elif action == "rename" and (self.root / self.where[slot]).exists():
            target = moved(slot) if self.where[slot] == slot else slot
            os.rename(self.root / self.where[slot], self.root / target)
            self.where[slot] = target
        elif action == "same-size" and (self.root / self.where[slot]).exists():
            same_size_edit(self.root / self.where[slot])
        elif action == "snapshot":
            write_snapshot(self.root, SNAPSHOT_TEXTS[number])
        elif action == "junk":
            junk = self.root / JUNK
            junk.unlink() if junk.exists() else junk.write_text("not a record\n")
        elif action == "nested":
            nested = self.root / NESTED
            if nested.exists():
                nested.unlink()
                nested.parent.rmdir()
            else:
                nested.parent.mkdir()
                nested.write_text("not a record\n")


@given(rnd=st.randoms(use_true_random=False), trust_stats=st.booleans())
def test_warm_findings_are_cold_findings_after_any_changes(rnd, trust_stats):
    """Edits, additions, deletions, renames, same-size edits with the mtime put back, snapshot edits,
    errors brought in and taken out, folders made and removed, every folder's mtime put back after each
    change: after each, a warm run finds what a cold one does.

    With ``trust_stats``, a file's stat is trusted as soon as the run has started (no racy window), so
    that unchanged stats are what tells most files unchanged, as they do for files not touched lately.
    """
    racy = store.RACY_NS
    with tempfile.TemporaryDirectory() as folder:
        before = os.environ.get(cache.CACHE_ENV)
        os.environ[cache.CACHE_ENV] = os.path.join(folder, "cache")
        store.RACY_NS = 0 if trust_stats else racy
        try:
            tree = _Tree(Path(folder) / "tree")
            _agree(tree.root)
            for _ in range(rnd.randint(5, 25)):  # one or two changes between runs, many runs in a row
                for _ in range(rnd.choice([1, 1, 2])):
                    tree.apply(_change(rnd))
                _agree(tree.root)
        finally:
            store.RACY_NS = racy
            if before is None:
                del os.environ[cache.CACHE_ENV]
            else:
                os.environ[cache.CACHE_ENV] = before


DEPLOYMENT = "facts/claims/deployment/test-deployment.yaml"
WITHDRAWN = "facts/claims/withdrawal/completed.yaml"


def test_one_edit_rechecks_only_what_it_affects(tree):
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][1])  # a dangling reference
    found = _same(tree)
    assert [(f.path, f.check) for f in found.findings] == [(DEPLOYMENT, "X303")]
    assert found.checked < found.files


def test_nothing_changed_nothing_rechecked(tree):
    found = _same(tree)
    assert found.checked == 0 and found.findings == []


def test_an_edit_of_the_same_size_with_its_mtime_put_back_is_found(tree):
    path = tree / WITHDRAWN
    text = path.read_text()
    before = os.stat(path)
    path.write_text(text.replace("2024-06-20", "2024-05-01"))  # completed before it began: T602
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert [f.check for f in _same(tree).findings] == ["T602"]


def test_a_deleted_record_leaves_references_dangling(tree):
    (tree / "facts/organisations/test-force.yaml").unlink()
    assert {f.check for f in _same(tree).findings} == {"X303"}


def test_a_renamed_file_is_found_in_the_wrong_place(tree):
    os.rename(tree / WITHDRAWN, tree / moved(WITHDRAWN))
    assert [(f.path, f.check) for f in _same(tree).findings] == [(moved(WITHDRAWN), "X302")]


def test_a_duplicate_id_is_found_in_both_ways_round(tree):
    second = "facts/claims/troop_count/second.yaml"
    write_version(tree, second, SLOTS[second][3])
    assert {f.check for f in _same(tree).findings} == {"X301", "X302"}
    (tree / second).unlink()
    assert _same(tree).findings == []
    write_version(tree, second, SLOTS[second][3])
    (tree / "facts/claims/troop_count/first.yaml").unlink()  # the other holder, unchanged, now holds it alone
    assert [(f.path, f.check) for f in _same(tree).findings] == [(second, "X302")]


def test_a_changed_snapshot_is_found_and_its_quotes_checked_again(tree):
    write_snapshot(tree, SNAPSHOT_TEXTS[1])
    assert [f.check for f in _same(tree).findings] == ["E402"]
    write_snapshot(tree, SNAPSHOT_TEXTS[0])
    assert _same(tree).findings == []
    (tree / SNAPSHOT).unlink()
    assert [f.check for f in _same(tree).findings] == ["E402"]


def test_a_conflict_brought_in_and_resolved(tree):
    first, second = "facts/claims/troop_count/first.yaml", "facts/claims/troop_count/second.yaml"
    write_version(tree, second, SLOTS[second][1])
    assert [f.check for f in _same(tree).findings] == ["C701"]
    write_version(tree, second, SLOTS[second][2])
    assert [f.check for f in _same(tree).findings] == ["C702"]
    write_version(tree, first, SLOTS[first][1])
    assert _same(tree).findings == []


def test_a_change_within_a_group_rechecks_the_group(tree):
    """The finding of C701 or T602 sits on one claim; a change to another claim of the group can end it."""
    first, second = "facts/claims/troop_count/first.yaml", "facts/claims/troop_count/second.yaml"
    write_version(tree, second, SLOTS[second][1])
    assert [(f.path, f.check) for f in _same(tree).findings] == [(second, "C701")]
    write_version(tree, first, SLOTS[first][2])  # now agrees with second, which does not name it
    assert _same(tree).findings == []
    began = "facts/claims/withdrawal/began.yaml"
    write_version(tree, WITHDRAWN, SLOTS[WITHDRAWN][1])
    assert [(f.path, f.check) for f in _same(tree).findings] == [(WITHDRAWN, "T602")]
    write_version(tree, began, SLOTS[began][2])  # began early enough
    assert _same(tree).findings == []


def _claim(slug: str, supersedes: str) -> str:
    return (
        f"id: claim:{slug}\nkind: deployment\nsummary: A deployment.\nforce: org:test-force\n"
        f"country: country:NER\ndate: 2024-05\nsupersedes:\n  - claim:{supersedes}\n"
        "evidence:\n  - source: source:test-source\n    claimant: the source\n"
    )


def test_a_loop_closed_far_from_its_first_file_is_found_there(tree):
    """a -> b -> c, then c -> a: the loop is reported at a's file, which did not change."""
    write_tree(tree, {"facts/claims/deployment/loop-a.yaml": _claim("loop-a", "loop-b")})
    write_tree(tree, {"facts/claims/deployment/loop-b.yaml": _claim("loop-b", "loop-c")})
    write_tree(tree, {"facts/claims/deployment/loop-c.yaml": _claim("loop-c", "test-deployment")})
    assert _same(tree).findings == []
    write_tree(tree, {"facts/claims/deployment/loop-c.yaml": _claim("loop-c", "loop-a")})
    [finding] = _same(tree).findings
    assert (finding.path, finding.check) == ("facts/claims/deployment/loop-a.yaml", "X305")
    write_tree(tree, {"facts/claims/deployment/loop-c.yaml": _claim("loop-c", "test-deployment")})
    assert _same(tree).findings == []


def test_a_hint_follows_an_id_added_elsewhere(tree):
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][1])  # org:test-forc: did you mean org:test-force?
    [finding] = _same(tree).findings
    assert "org:test-force" in (finding.hint or "")
    os.rename(tree / "facts/organisations/test-force.yaml", tree / "facts/organisations/test-forc.yaml")
    assert {f.check for f in _same(tree).findings} >= {"X302", "X303"}


def test_a_file_that_no_longer_reads_or_a_stray_file(tree):
    write_version(tree, "facts/sources/test-source.yaml", "id: [unclosed\n")
    assert [f.check for f in _same(tree).findings] == ["R100"]
    (tree / JUNK).write_text("not a record\n")
    assert {f.check for f in _same(tree).findings} == {"R100", "R111"}


def test_many_changes_run_cold(tree, monkeypatch):
    monkeypatch.setattr(warm, "FEW", 0)
    for path in SLOTS:
        if (tree / path).exists():
            (tree / path).write_text((tree / path).read_text() + "\n")
    found = _same(tree)
    assert found.checked == found.files


def test_a_file_edited_while_its_stat_was_taken_is_looked_at_again(tmp_path, monkeypatch):
    """With the racy window, a file changed in the seconds before a run is hashed next time, whatever its stat."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    root = valid_tree(tmp_path / "tree")
    _same(root)
    summaries = cache.load(root)["files"]
    assert all(summary[0] is None for summary in summaries.values())  # all written just now: none trusted
    assert cache.load(root)["folders"] is None  # nor the folders' keys: the next run walks the tree
    path = root / WITHDRAWN
    before = os.stat(path)
    path.write_text(path.read_text().replace("2024-06-20", "2024-05-01"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert [f.check for f in _same(root).findings] == ["T602"]


def test_an_edit_rewrites_only_the_delta_and_a_stray_delta_is_not_used(tree):
    from sahel_facts.read.cache import location

    base = location(tree).read_bytes()
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][1])
    assert [f.check for f in _same(tree).findings] == ["X303"]
    assert location(tree).read_bytes() == base  # the summaries of the other files were not written again
    assert DEPLOYMENT in cache.load(tree, store.DELTA)["files"]
    delta = location(tree, store.DELTA).read_bytes()
    os.rename(tree / WITHDRAWN, tree / moved(WITHDRAWN))  # a file added and one removed: the whole is written
    assert {f.check for f in _same(tree).findings} == {"X302", "X303"}
    assert location(tree).read_bytes() != base
    location(tree, store.DELTA).write_bytes(delta)  # the delta of the old base, signed by this user: not used
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][0])
    assert [f.check for f in _same(tree).findings] == ["X302"]


def test_a_city_a_claim_comes_to_name_is_checked_again(tree):
    """G511 sits on the place, unchanged, and names the first claim naming it: a change to a claim moves it."""
    town, quoted = "facts/places/town.yaml", "facts/claims/deployment/quoted.yaml"
    write_version(tree, town, SLOTS[town][1])
    assert _same(tree).findings == []  # named by no claim: nothing asked of it
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][3])
    [finding] = _same(tree).findings
    assert (finding.path, finding.check) == (town, "G511") and "claim:test-deployment" in finding.message
    write_version(tree, quoted, SLOTS[quoted][3])  # a claim earlier in file order names it too
    [finding] = _same(tree).findings
    assert "claim:quoted" in finding.message
    write_version(tree, town, SLOTS[town][2])  # the place gets its point: no finding
    assert _same(tree).findings == []
    write_version(tree, town, SLOTS[town][1])  # and loses it: the claims naming it are read again
    [finding] = _same(tree).findings
    assert "claim:quoted" in finding.message
    write_version(tree, quoted, SLOTS[quoted][0])
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][0])
    assert _same(tree).findings == []
