"""The parse cache: same results as a fresh run, and nothing stale or corrupt ever trusted."""

from __future__ import annotations

import json

from sahel_facts.read import cache
from sahel_facts.validate import validate


def _summary(result):
    return [str(f) for f in result.findings], [e.record for e in result.corpus.entries]


def test_a_warm_run_equals_a_cold_one(dataset):
    root = dataset({"facts/countries/TCD.yaml": ("iso_alpha2: TD", "iso_alpha2: td")})
    cold = validate(root)
    first = validate(root, cache=True)
    assert (root / cache.FOLDER / cache.FILE).is_file()
    assert (root / cache.FOLDER / ".gitignore").read_text() == "*\n"
    second = validate(root, cache=True)
    assert _summary(cold) == _summary(first) == _summary(second)


def test_an_edited_file_is_parsed_again(dataset):
    root = dataset()
    validate(root, cache=True)
    path = root / "facts/countries/TCD.yaml"
    path.write_text(path.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]


def _rewrite(stored, change) -> None:
    """Change the stored cache and sign it again, as only this user could."""
    body = stored.read_bytes().partition(b"\n")[2]
    document = json.loads(body)
    change(document)
    body = json.dumps(document).encode()
    stored.write_bytes(cache._sign(body) + b"\n" + body)


def test_a_cache_from_another_version_or_corrupt_is_discarded(dataset):
    root = dataset()
    validate(root, cache=True)
    stored = root / cache.FOLDER / cache.FILE
    _rewrite(stored, lambda d: d["entries"].update({next(iter(d["entries"])): {"d": "not a mapping", "p": []}}))
    assert _summary(validate(root, cache=True)) == _summary(validate(root))
    _rewrite(stored, lambda d: d.update(fingerprint="another version"))
    assert cache.ParseCache(root).old == {}
    stored.write_bytes(b"{not json")
    assert cache.ParseCache(root).old == {}
    assert validate(root, cache=True).ok


def test_a_forged_cache_cannot_hide_a_finding(dataset):
    root = dataset()
    validate(root, cache=True)
    stored = root / cache.FOLDER / cache.FILE
    clean = stored.read_bytes()
    path = root / "facts/countries/TCD.yaml"
    path.write_text(path.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]
    # Someone commits a cache whose entry for the broken file says it is fine, re-keyed to its new bytes:
    forged = json.loads(clean.partition(b"\n")[2])
    from sahel_facts.read.tree import RecordFile

    old_key = cache._key(RecordFile("facts/countries/TCD.yaml", path.read_bytes().replace(b": td", b": TD")))
    new_key = cache._key(RecordFile("facts/countries/TCD.yaml", path.read_bytes()))
    forged["entries"][new_key] = forged["entries"].pop(old_key)
    stored.write_bytes(b"0" * 64 + b"\n" + json.dumps(forged).encode())  # no key to sign it with
    assert [f.check for f in validate(root, cache=True).findings] == ["M203"]
