"""Output formats of ``advisor validate``: a name -> reporter registry.

Every reporter writes plain text to a stream (never through rich: data formats must not be
wrapped or styled). The registry also feeds the ``--format`` choices.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Callable

from advisor.findings import Finding
from advisor.i18n import Translator, finding_message

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
        """0 clean, 1 when any finding fails (errors; warnings too under --strict)."""
        return 1 if any(self.failing(f) for f in self.findings) else 0


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}" if f.line else f.file


def finding_line(f: Finding, t: Translator) -> str:
    """``file:line:col: error|warning: message [rule-id]`` -- the one text form of a finding."""
    return f"{_where(f)}: {t(f.severity + '.prefix')}: {finding_message(t, f)} [{f.rule}]"


def text(run: ValidationRun, t: Translator, out) -> None:
    for f in run.findings:
        out.write(finding_line(f, t) + "\n")
    if run.findings:
        out.write(t("validate.summary", files=len(run.files), errors=run.errors, warnings=run.warnings) + "\n")
    else:
        out.write(t("validate.ok", files=len(run.files)) + "\n")


def as_json(run: ValidationRun, t: Translator, out) -> None:
    items = [{"file": f.file, "line": f.line, "column": f.column, "severity": f.severity, "rule": f.rule,
              "message": finding_message(t, f)} for f in run.findings]
    out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(run: ValidationRun, t: Translator, out) -> None:
    for f in run.findings:
        level = "error" if run.failing(f) else "warning"
        props = [f"file={_escape_property(f.file)}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.column}"]
        props.append(f"title={_escape_property('advisor ' + f.rule)}")
        out.write(f"::{level} {','.join(props)}::{_escape_data(finding_message(t, f))}\n")
    # a plain summary line: a step shows only the first ten annotations of each kind
    text_summary = t("validate.summary", files=len(run.files), errors=run.errors, warnings=run.warnings)
    out.write(text_summary + "\n")


def junit(run: ValidationRun, t: Translator, out) -> None:
    import xml.etree.ElementTree as ET

    by_file: dict[str, list] = {path: [] for path in run.files}
    for f in run.findings:
        by_file.setdefault(f.file, []).append(f)
    failures = sum(1 for items in by_file.values() if any(run.failing(f) for f in items))
    suite = ET.Element("testsuite", name="advisor validate", tests=str(len(by_file)), failures=str(failures),
                       errors="0", skipped="0")
    for path, items in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="advisor.validate", name=path)
        failing = [f for f in items if run.failing(f)]
        lines = "\n".join(f"{_where(f)}: {f.severity}: {finding_message(t, f)} [{f.rule}]" for f in items)
        if failing:
            node = ET.SubElement(case, "failure", message=finding_message(t, failing[0]), type=failing[0].rule)
            node.text = lines
        elif items:
            ET.SubElement(case, "system-out").text = lines
    suites = ET.Element("testsuites", tests=str(len(by_file)), failures=str(failures))
    suites.append(suite)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")


REPORTERS: dict[str, Callable] = {"text": text, "json": as_json, "github": github, "junit": junit}
FORMATS = ("auto",) + tuple(REPORTERS)


def resolve(name: str, environ=None) -> str:
    """``auto`` means GitHub annotations under GitHub Actions, text elsewhere."""
    env = os.environ if environ is None else environ
    if name == "auto":
        return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"
    return name
