"""The walk kept by its folders' keys: reused only while no folder changed, whatever was done to hide a change."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

from sahel_facts.incremental import listing, store, warm
from sahel_facts.read import cache
from sahel_facts.validate import validate
from tests.incremental.tree import SLOTS, valid_tree, write_version

FORCE = "facts/organisations/test-force.yaml"
DEPLOYMENT = "facts/claims/deployment/test-deployment.yaml"


def _agree(root: Path) -> list:
    """Validate warm and cold; assert they agree; give the findings as (path, check)."""
    found, cold = warm.validate_warm(root), validate(root)
    assert found.findings == cold.findings
    assert (found.files, found.records) == (cold.files, cold.records)
    return [(f.path, f.check) for f in found.findings]


def _put_back(folder: Path, before: os.stat_result) -> None:
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(folder).st_mtime_ns == before.st_mtime_ns


def test_an_edit_in_place_leaves_its_folder_as_it_was_and_is_found(tree):
    folder = os.stat(tree / "facts/claims/deployment")
    write_version(tree, DEPLOYMENT, SLOTS[DEPLOYMENT][1])  # a dangling reference
    assert os.stat(tree / "facts/claims/deployment").st_mtime_ns == folder.st_mtime_ns
    assert cache.load(tree)["folders"] is not None
    assert listing.unchanged(tree, store.load(tree).folders)  # the kept walk is used
    assert _agree(tree) == [(DEPLOYMENT, "X303")]


def test_a_file_added_with_its_folders_mtime_put_back_is_found(tree):
    """The folder's ctime changes all the same (it cannot be set back): the tree is walked again."""
    folder = tree / "facts/organisations"
    before = os.stat(folder)
    (folder / "stray.txt").write_text("not a record\n")
    _put_back(folder, before)
    assert _agree(tree) == [("facts/organisations/stray.txt", "R111")]


def test_a_file_renamed_with_its_folders_mtime_put_back_is_found(tree):
    folder = tree / "facts/organisations"
    before = os.stat(folder)
    os.rename(tree / FORCE, folder / "elsewhere.yaml")
    _put_back(folder, before)
    assert ("facts/organisations/elsewhere.yaml", "X302") in _agree(tree)


def test_a_file_added_to_a_folder_that_held_none_is_found(tree):
    """A folder without record files is kept with its key too: a file added there changes only that folder."""
    empty = tree / "facts/organisations/empty"
    empty.mkdir()
    assert _agree(tree) == []
    assert "facts/organisations/empty" in dict(store.load(tree).folders)
    (empty / "stray.txt").write_text("not a record\n")
    assert _agree(tree) == [("facts/organisations/empty/stray.txt", "R111")]


def test_a_file_replaced_by_a_link_with_its_folders_mtime_put_back_is_found(tree):
    folder = tree / "facts/organisations"
    before = os.stat(folder)
    target = tree / "town-elsewhere.yaml"
    os.rename(tree / FORCE, target)
    os.symlink(target, tree / FORCE)
    _put_back(folder, before)
    assert (FORCE, "R110") in _agree(tree)


def test_a_folder_replaced_by_a_copy_is_walked_again(tree):
    """Same names, same mtimes put back: another folder (another inode), and a file more in it."""
    folder = tree / "facts/organisations"
    before = os.stat(folder)
    os.rename(folder, tree / "places-old")
    folder.mkdir()
    for child in (tree / "places-old").iterdir():
        (folder / child.name).write_bytes(child.read_bytes())
        os.utime(folder / child.name, ns=(child.stat().st_atime_ns, child.stat().st_mtime_ns))
    (folder / "stray.txt").write_text("not a record\n")
    _put_back(folder, before)
    assert ("facts/organisations/stray.txt", "R111") in _agree(tree)


def test_a_folder_changed_while_its_key_was_taken_is_walked_again_next_time(tmp_path, monkeypatch):
    """With the racy window, folders changed in the seconds before a run are not kept: the next run walks."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    root = valid_tree(tmp_path / "tree")
    assert _agree(root) == []
    assert cache.load(root)["folders"] is None
    folder = root / "facts/organisations"
    before = os.stat(folder)
    (folder / "stray.txt").write_text("not a record\n")
    _put_back(folder, before)
    assert _agree(root) == [("facts/organisations/stray.txt", "R111")]


def test_kept_folders_that_do_not_decode_discard_the_cache(tree):
    """Signed by this user yet not what this code writes: nothing of it is trusted, and no traceback."""
    stored = cache.location(tree)
    body = stored.read_bytes().partition(b"\n")[2]
    document = marshal.loads(body)
    document["content"]["folders"] = (("facts", ("not", "a key")),)
    body = marshal.dumps(document)
    stored.write_bytes(cache._sign(body) + b"\n" + body)
    assert store.load(tree) is None
    assert _agree(tree) == []
