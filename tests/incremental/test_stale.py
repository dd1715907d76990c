"""The parse caches older versions left in the user cache folder are removed by a warm run, and nothing else."""

from __future__ import annotations

import os

import pytest

from sahel_facts.incremental import stale
from sahel_facts.read import cache
from sahel_facts.validate import validate
from tests.incremental.tree import valid_tree


@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def test_a_warm_run_removes_the_old_parse_caches_and_keeps_the_rest(tmp_path, user_cache):
    old = user_cache / stale.STALE
    (old / "nested").mkdir(parents=True)
    (old / "0123.json").write_text("{}")
    (old / "nested" / "x.json").write_text("{}")
    (user_cache / "downloads").mkdir()
    (user_cache / "downloads" / "kept.txt").write_text("kept\n")
    root = valid_tree(tmp_path / "tree")
    assert validate(root, cache=True).ok
    assert not os.path.lexists(old)
    assert (user_cache / "downloads" / "kept.txt").read_text() == "kept\n"
    assert cache.location(root).is_file() and (user_cache / "cache-key").is_file()
    assert validate(root, cache=True).ok  # and again, with nothing to remove


def test_a_link_there_is_removed_not_followed(tmp_path, user_cache):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.json").write_text("precious\n")
    os.symlink(outside, user_cache / stale.STALE)
    (outside / "inner").mkdir()
    os.symlink(outside, outside / "inner" / "loop")
    assert validate(valid_tree(tmp_path / "tree"), cache=True).ok
    assert not os.path.lexists(user_cache / stale.STALE)
    assert (outside / "precious.json").read_text() == "precious\n"
    assert os.path.islink(outside / "inner" / "loop")


def test_links_inside_it_are_removed_not_followed(tmp_path, user_cache):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.json").write_text("precious\n")
    old = user_cache / stale.STALE
    old.mkdir()
    os.symlink(outside, old / "folder-link")
    os.symlink(outside / "precious.json", old / "file-link")
    assert validate(valid_tree(tmp_path / "tree"), cache=True).ok
    assert not os.path.lexists(old)
    assert (outside / "precious.json").read_text() == "precious\n"


def test_a_file_of_that_name_is_left(tmp_path, user_cache):
    (user_cache / stale.STALE).write_text("not ours to remove\n")
    assert validate(valid_tree(tmp_path / "tree"), cache=True).ok
    assert (user_cache / stale.STALE).read_text() == "not ours to remove\n"


def test_a_folder_that_cannot_be_removed_is_no_error(tmp_path, user_cache):
    if os.geteuid() == 0:
        pytest.skip("root removes what it likes")
    old = user_cache / stale.STALE
    (old / "locked").mkdir(parents=True)
    (old / "locked" / "x.json").write_text("{}")
    os.chmod(old / "locked", 0o500)
    try:
        assert validate(valid_tree(tmp_path / "tree"), cache=True).ok
    finally:
        os.chmod(old / "locked", 0o700)
