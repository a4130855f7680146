"""advisor: where an e-commerce shop's money goes, and what to do about it."""

__all__ = ["__version__"]

__version__ = "0.1.0"
"""The one place the version is written: pyproject.toml reads it from here (setuptools'
``dynamic`` version), so the package metadata and ``advisor --version`` cannot disagree, and
no command pays for ``importlib.metadata`` (15 ms) to print it."""
