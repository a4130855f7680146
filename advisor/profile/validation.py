"""Validating profile files: every problem in every file, and the exit code that follows."""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK
from advisor.profile.findings import NOTE, Finding
from advisor.profile.load import STDIN, STDIN_NAME, read_file


@dataclass
class ValidationRun:
    files: list  # every file checked, in order
    findings: list  # Finding, in file order
    strict: bool = False
    notes: list = field(default_factory=list)  # NOTE findings: files found in a folder that are not profiles

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


def validate(files: list[str], strict: bool = False, named: set | frozenset | None = None,
             problems: list | None = None) -> ValidationRun:
    """Every file's findings (``-``: standard input). ``named``: the files the user named
    (checked whatever they hold); the others were found in folders, and one that is not a
    profile is skipped with a note. ``problems`` met before (discovery) lead."""
    findings: list[Finding] = list(problems or ())
    notes: list[Finding] = []
    checked = []
    for path in files:
        found = read_file(path, only_profiles=named is not None and path not in named)[1]
        if found and found[0].severity == NOTE:
            notes += found
        else:
            findings += found
            checked.append(STDIN_NAME if path == STDIN else path)
    return ValidationRun(checked + [p.file for p in problems or ()], findings, strict=strict, notes=notes)
