"""The one exception family for user errors, and the exit codes every command uses.

The library raises ``AdvisorError`` with a message key; only the CLI turns it into a translated
line on standard error and an exit code.
"""

from __future__ import annotations

EXIT_OK = 0
"""Success: no failing findings (warnings alone do not fail without --strict)."""
EXIT_FINDINGS = 1
"""Invalid input or findings: a profile with errors, a missing file, an output file that exists."""
EXIT_USAGE = 2
"""Usage error (bad option or value) or internal error."""
EXIT_INTERNAL = 2
"""The tool failed (a bug, or a worker process that died twice) on some input; every other
input was still checked and written. The same code as a usage error: not a verdict on the input."""
EXIT_INTERRUPTED = 130
EXIT_PIPE = 141
"""Standard output closed early (``advisor ... | head``): as a shell reports a process ended by SIGPIPE."""
"""Ended by Ctrl-C (128 + SIGINT), as shells report it."""
EXIT_TERMINATED = 143
"""Ended by SIGTERM (128 + SIGTERM)."""


class AdvisorError(Exception):
    """A user error that ends the command: bad flag value, unwritable output path, ...

    Carries a message key (looked up under ``error.`` in the catalogues) and its parameters, so
    the CLI can print it in the user's language.
    """

    exit_code = EXIT_FINDINGS

    def __init__(self, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.params = params


class UsageError(AdvisorError):
    """A user error in how the command was called (an output file whose type no format has, ...):
    exit 2, like a bad option."""

    exit_code = EXIT_USAGE


class Terminated(BaseException):
    """SIGTERM arrived: unwind (removing temporary files, ending workers) and exit 143. A
    ``BaseException``, like ``KeyboardInterrupt``, so that no per-input boundary catches it."""
