"""advisor: where an e-commerce shop's money goes, and what to do about it."""

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Resolved lazily so that `import advisor` stays cheap on the start-up path.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("advisor")
        except PackageNotFoundError:  # running from a source tree without install
            return "0.0.0+unknown"
    raise AttributeError(name)
