"""Findings in words: the one text form of a problem, used by validate and every other command."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.profile.findings import Finding


def finding_message(t: Translator, finding: Finding) -> str:
    return t("finding." + finding.message_key, **finding.params)


def where(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}" if f.line else f.file


def finding_line(f: Finding, t: Translator) -> str:
    """``file:line:col: error|warning: message [rule-id]``."""
    return t("finding.line", where=where(f), severity=t(f.severity + ".prefix"), message=finding_message(t, f), rule=f.rule)
