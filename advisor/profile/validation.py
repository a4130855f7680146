"""Validating profile files: every problem in every file, and the exit code that follows."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK
from advisor.profile.findings import Finding
from advisor.profile.load import STDIN, STDIN_NAME, read_file


@dataclass
class ValidationRun:
    files: list  # every file checked, in order
    findings: list  # Finding, in file order
    strict: bool = False

    def failing(self, f: Finding) -> bool:
        return f.is_error or self.strict

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 when any finding fails (errors; warnings too under --strict), 2 when the
        tool failed on a file (an internal error; the other files were still checked)."""
        if any(f.rule == "internal-error" for f in self.findings):
            return EXIT_INTERNAL
        return EXIT_FINDINGS if any(self.failing(f) for f in self.findings) else EXIT_OK


def validate(files: list[str], strict: bool = False, problems: list | None = None) -> ValidationRun:
    """Check every file (``-``: standard input); ``problems`` met before (discovery) lead."""
    findings: list[Finding] = list(problems or ())
    for path in files:
        findings += read_file(path)[1]
    shown = [STDIN_NAME if path == STDIN else path for path in files]
    return ValidationRun(shown + [p.file for p in problems or ()], findings, strict=strict)
