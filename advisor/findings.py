"""Problems found in a profile: one value type shared by loading, validation and reporting."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file.

    ``line`` and ``column`` are 1-based; 0 means "no position" (e.g. an unreadable file).
    ``rule`` is a stable id (``unknown-key``, ``share-range`` ...); ``message_key`` and
    ``params`` let the renderer translate the message; ``message`` is the English text.
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


class AdvisorError(Exception):
    """A user error that ends the command: bad flag value, unreadable output path, ...

    Carries a message key and parameters so the CLI can print it in the user's language.
    """

    exit_code = 1

    def __init__(self, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.params = params


class ProfileInvalid(AdvisorError):
    """A profile that cannot be evaluated; ``findings`` says why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("profile-invalid", count=len(findings))
        self.findings = findings
