"""Problems found in a profile: one value type shared by loading, validation and reporting."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
NOTE = "note"
"""Not a problem: why a file was left out (a file found in a folder that is not a profile)."""


class Trusted(str):
    """A finding parameter the program wrote itself (a list of the layouts it knows, say), shown
    as it is: only text from the input is escaped and shortened."""


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file.

    ``line`` and ``column`` are 1-based; 0 means "no position" (e.g. an unreadable file).
    ``rule`` is a stable id (``unknown-key``, ``share-range`` ...); ``message_key`` and
    ``params`` let the output edge translate the message (``finding.<message_key>``).
    """

    file: str
    line: int
    column: int
    severity: str
    rule: str
    message_key: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR
