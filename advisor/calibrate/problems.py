"""The errors calibration raises: a bad export (with its file:line:column) or a bad option."""

from __future__ import annotations

from advisor.errors import EXIT_USAGE, AdvisorError
from advisor.profile.findings import ERROR, Finding


class ExportError(AdvisorError):
    """An export that cannot be measured: carries one ``Finding`` (``finding.<message_key>``).

    Messages never quote a cell of the file: a cell could hold a customer's name, phone or email
    (a wrong ``--columns`` mapping puts any column anywhere), so errors name the file, the line,
    the column's header and what was expected instead.
    """

    def __init__(self, file: str, line: int, col: int, rule: str, message_key: str, **params: object) -> None:
        super().__init__("export", **params)
        self.finding = Finding(file, line, col, ERROR, rule, message_key, dict(params))


class OptionError(AdvisorError):
    """A bad --columns or --platform value: a usage error (exit 2)."""

    exit_code = EXIT_USAGE
