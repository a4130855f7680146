"""Findings in words: the one text form of a problem, used by validate and every other command.

Keys, values and file names in a finding come from the input: they are shown with control
characters escaped and cut to a readable length (``safe.printable``)."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output.safe import printable
from advisor.profile.findings import Finding, Trusted


def finding_message(t: Translator, finding: Finding) -> str:
    params = {k: printable(v) if isinstance(v, str) and not isinstance(v, Trusted) else v
              for k, v in finding.params.items()}
    return t("finding." + finding.message_key, **params)


def where(f: Finding) -> str:
    file = printable(f.file, None)
    return f"{file}:{f.line}:{f.column}" if f.line else file


def finding_line(f: Finding, t: Translator) -> str:
    """``file:line:col: error|warning: message [rule-id]``."""
    return t("finding.line", where=where(f), severity=t(f.severity + ".prefix"), message=finding_message(t, f), rule=f.rule)
