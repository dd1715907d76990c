"""The fixture the warm path's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_facts.incremental import store, warm
from sahel_facts.read import cache
from tests.incremental.tree import valid_tree


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """The small valid tree, validated once warm (so its cache holds it), its stats (files' and folders') trusted
    from then on."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(store, "RACY_NS", 0)
    root = valid_tree(tmp_path / "tree")
    assert warm.validate_warm(root).findings == []
    return root
