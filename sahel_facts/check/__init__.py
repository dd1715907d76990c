"""Checks across records: each a function declared with its rule in the module of its concern.

Reading and model rules (``R1xx``, ``M2xx``) are applied by their stages
(:mod:`sahel_facts.read`, :mod:`sahel_facts.model.validate`); each cross-record rule is
a small function over the :class:`~sahel_facts.check.corpus.Corpus` that yields
findings, declared with ``@RULE.check`` beside the rule. Importing this package
imports every check module, so :data:`sahel_facts.findings.RULES` then holds them all.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule, catalogue
from ..model import validate as _model_rules  # noqa: F401 - declares the M2xx rules
from ..read import tree as _read_rules  # noqa: F401 - declares the R1xx rules
from . import conflicts, cycles, evidence, geography, identifiers, locators, references, structure, time  # noqa: F401 - each declares its checks
from .corpus import Corpus

__all__ = ["Corpus", "catalogue", "cross_record_checks", "run_checks"]


def cross_record_checks() -> list[Rule]:
    """The rules applied across records, in pipeline order."""
    return [r for r in catalogue() if r.run is not None]


def run_checks(corpus: Corpus) -> Iterator[Finding]:
    """Every finding of every cross-record check on ``corpus``."""
    for declared in cross_record_checks():
        assert declared.run is not None
        yield from declared.run(corpus)
