"""Output formats of ``advisor validate``: text, json, GitHub annotations, JUnit XML, and auto.

Every reporter writes plain text to a stream (never through rich: data formats must not be
wrapped or styled).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from advisor.i18n import Translator
from advisor.output.findings import finding_line, finding_message, where
from advisor.output.formats import Registry, Writer
from advisor.output.safe import printable

if TYPE_CHECKING:
    from advisor.profile.validation import ValidationRun


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
        props = [f"file={_escape_property(printable(f.file, None))}"]
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
        # XML 1.0 cannot hold most control characters: a file name is shown escaped
        case = ET.SubElement(suite, "testcase", classname="advisor.validate", name=printable(path, None))
        failing = [f for f in items if run.failing(f)]
        lines = "\n".join(f"{where(f)}: {f.severity}: {finding_message(t, f)} [{f.rule}]" for f in items)
        if failing:
            node = ET.SubElement(case, "failure", message=finding_message(t, failing[0]), type=failing[0].rule)
            node.text = lines
        elif items:
            ET.SubElement(case, "system-out").text = lines
    suites = ET.Element("testsuites", tests=str(len(by_file)), failures=str(failures))
    suites.append(suite)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")


def resolve_auto(environ=None) -> str:
    """``auto`` means GitHub annotations under GitHub Actions, text elsewhere."""
    env = os.environ if environ is None else environ
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


FORMATS = Registry({"text": Writer(text), "json": Writer(as_json, (".json",)), "github": Writer(github),
                    "junit": Writer(junit, (".xml",))}, default="auto", aliases={"auto": resolve_auto})
