"""sahel-facts: hand-curated, versioned facts about military deployments in Africa's Sahel.

Records are YAML files under ``facts/``; :func:`sahel_facts.validate.validate` checks a
tree of them, and the ``sahel-facts`` command wraps it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sahel-facts")
except PackageNotFoundError:  # pragma: no cover - running from a checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
