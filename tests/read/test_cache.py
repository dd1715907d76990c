"""The user cache of a tree: results as a fresh run's, nothing stale or corrupt trusted, nothing written in the tree."""

from __future__ import annotations

import hashlib
import marshal
import os
import resource
import subprocess
import sys

import pytest

from sahel_facts.read import cache
from sahel_facts.read.places import digest
from sahel_facts.validate import validate
from tests.conftest import MINIMAL, write_tree


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch):
    """A user cache folder of this test's own, outside every tree."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _summary(result):
    return [str(f) for f in result.findings], result.files, result.records


def _snapshot(folder):
    """Every path under ``folder`` (links not followed) with its kind and, for a file, its bytes' hash."""
    seen = {}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(here, name)
            if os.path.islink(path):
                seen[path] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    seen[path] = ("file", hashlib.sha256(handle.read()).hexdigest())
            else:
                seen[path] = ("folder", None)
    return seen


def test_a_warm_run_equals_a_cold_one(dataset):
    root = dataset({"facts/countries/TCD.yaml": ("iso_alpha2: TD", "iso_alpha2: td")})
    cold = validate(root)
    first = validate(root, cache=True)
    assert cache.location(root).is_file()
    second = validate(root, cache=True)
    assert _summary(cold) == _summary(first) == _summary(second)


def test_the_cache_is_kept_outside_the_tree_one_a_tree(dataset, user_cache, tmp_path_factory):
    root = dataset()
    other = write_tree(tmp_path_factory.mktemp("other"), MINIMAL)
    validate(root, cache=True)
    validate(other, cache=True)
    assert cache.location(root).parent == user_cache / cache.FOLDER
    assert cache.location(root) != cache.location(other)
    assert cache.location(root).is_file() and cache.location(other).is_file()


def test_validate_writes_nothing_under_root(dataset):
    root = dataset()
    before = _snapshot(root)
    validate(root, cache=True)
    validate(root, cache=True)
    assert _snapshot(root) == before
    path = root / "facts/countries/TCD.yaml"
    path.write_text(path.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    before = _snapshot(root)
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]
    assert _snapshot(root) == before


def test_an_edited_file_is_read_again(dataset):
    root = dataset()
    validate(root, cache=True)
    path = root / "facts/countries/TCD.yaml"
    path.write_text(path.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]


def _rewrite(stored, change) -> None:
    """Change the stored cache and sign it again, as only this user could."""
    body = stored.read_bytes().partition(b"\n")[2]
    document = marshal.loads(body)
    change(document)
    body = marshal.dumps(document)
    stored.write_bytes(cache._sign(body) + b"\n" + body)


def test_a_cache_from_another_version_or_corrupt_is_discarded(dataset):
    root = dataset()
    validate(root, cache=True)
    stored = cache.location(root)
    _rewrite(stored, lambda d: d["content"]["files"].update({next(iter(d["content"]["files"])): ("not", "a summary")}))
    assert cache.load(root) is not None
    assert _summary(validate(root, cache=True)) == _summary(validate(root))
    _rewrite(stored, lambda d: d.update(fingerprint="another version"))
    assert cache.load(root) is None
    stored.write_bytes(b"{not marshal")
    assert cache.load(root) is None
    assert validate(root, cache=True).ok


def test_a_forged_cache_cannot_hide_a_finding(dataset):
    root = dataset()
    validate(root, cache=True)
    stored = cache.location(root)
    clean = stored.read_bytes()
    path = root / "facts/countries/TCD.yaml"
    path.write_text(path.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]
    # Someone writes the clean cache back, its summary of the broken file made to match its new bytes and stat:
    forged = marshal.loads(clean.partition(b"\n")[2])
    files = forged["content"]["files"]
    info = path.stat()
    stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    files["facts/countries/TCD.yaml"] = (stat, digest(path.read_bytes()).hex(), *files["facts/countries/TCD.yaml"][2:])
    stored.write_bytes(b"0" * 64 + b"\n" + marshal.dumps(forged))  # no key to sign it with
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]


@pytest.mark.parametrize("linked", ["folder", "file"])
def test_a_committed_cache_link_in_the_tree_is_never_followed(make_tree, tmp_path_factory, linked):
    """The old in-tree cache place, ``ROOT/.sahel-facts-cache/parsed.json``, linked out of the tree."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "parsed.json").write_text("precious\n")
    (outside / ".gitignore").write_text("precious too\n")
    root = make_tree()
    if linked == "folder":
        os.symlink(outside, root / ".sahel-facts-cache")
    else:
        (root / ".sahel-facts-cache").mkdir()
        os.symlink(outside / "parsed.json", root / ".sahel-facts-cache/parsed.json")
    before = _snapshot(outside)
    path = root / "facts/countries/NER.yaml"
    for text in (path.read_text(), path.read_text() + "extra: 1\n"):  # a miss each time: the cache is saved
        path.write_text(text)
        validate(root, cache=True)
    assert _snapshot(outside) == before


@pytest.mark.parametrize("which", ["cache", "key"])
def test_a_link_as_the_cache_or_its_key_is_replaced_not_followed(make_tree, tmp_path_factory, user_cache, which):
    victim = tmp_path_factory.mktemp("victim") / "important.txt"
    victim.write_text("precious\n")
    root = make_tree()
    link = cache.location(root) if which == "cache" else user_cache / "cache-key"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(victim, link)
    assert validate(root, cache=True).ok
    assert victim.read_text() == "precious\n"
    assert link.is_file() and not link.is_symlink()


_VALIDATE = "import sys; from sahel_facts.validate import validate; print(validate(sys.argv[1], cache=True).ok)"


def _at_most_two_gib() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("which", ["cache", "key"])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_as_the_cache_neither_hangs_nor_fills_memory(make_tree, user_cache, which, special):
    root = make_tree()
    path = cache.location(root) if which == "cache" else user_cache / "cache-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if special == "fifo":
        os.mkfifo(path)
    else:
        os.symlink(special, path)
    # The guard, not a timing: a read that blocks, or runs out of 2 GiB, fails here instead of stalling the suite.
    done = subprocess.run(
        [sys.executable, "-c", _VALIDATE, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_at_most_two_gib,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr[-2000:]
    assert path.is_file() and not path.is_symlink()  # replaced by a good cache (or key)


def test_a_cache_over_the_cap_is_not_read(dataset, monkeypatch):
    root = dataset()
    validate(root, cache=True)
    assert cache.load(root) is not None
    monkeypatch.setattr(cache, "MAX_BYTES", cache.location(root).stat().st_size - 1)
    assert cache.load(root) is None
