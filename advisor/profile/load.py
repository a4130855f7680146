"""Reading profile files: bytes to text to a parsed document to a checked ``Profile``.

Nothing here raises for bad input: an unreadable file, bad encoding, a YAML error or an invalid
value all become ``Finding`` values, and the profile is None when any of them is an error. Only
regular files are read (a FIFO or a device is refused unopened); ``-`` is standard input. An
unexpected exception while reading one file becomes an ``internal-error`` finding of that file,
so a bug costs one input, never the run.
"""

from __future__ import annotations

import os
import sys

from advisor.profile import fields as F
from advisor.profile.check import check_document
from advisor.profile.findings import ERROR, NOTE, Finding
from advisor.profile.reader import MAX_BYTES, decode, parse_document
from advisor.profile.shop import Profile
from advisor.profile.textfile import NotRegularFile, open_regular

TABLE_FILES = (".csv", ".jsonl", ".ndjson", ".parquet")
"""Tables of shops: ``advisor batch`` reads them, one shop a row."""
STDIN = "-"
"""The path that means standard input (``advisor validate -``)."""
STDIN_NAME = "<stdin>"
"""How standard input is named in findings."""


def load_text(text: str, filename: str, warnings: bool = True, only_profiles: bool = False
              ) -> tuple[Profile | None, list[Finding]]:
    """``only_profiles``: a document that is clearly not a profile -- no ``shop``, ``sales`` or
    ``costs`` key at its top level: another tool's file found in a folder -- gives one NOTE
    finding (skipped) instead of errors. An empty file or a syntax error is still reported."""
    doc, findings = parse_document(text, filename)
    if doc is None:
        return None, findings
    if only_profiles and not (isinstance(doc.data, dict) and any(key in doc.data for key in F.REQUIRED_SECTIONS)):
        return None, [Finding(filename, 0, 0, NOTE, "not-a-profile", "not-a-profile", {})]
    profile, more = check_document(doc, filename, warnings)
    findings += more
    findings.sort(key=_position)  # in the order of the file, as an editor shows them
    if any(f.is_error for f in findings):  # e.g. a duplicate key: reported, and not evaluated
        profile = None
    return profile, findings


def _position(finding: Finding) -> tuple[int, int]:
    return (finding.line, finding.column)


def load_bytes(raw: bytes, filename: str, warnings: bool = True, encoding: str | None = None,
               only_profiles: bool = False) -> tuple[Profile | None, list[Finding]]:
    text, findings = decode(raw, filename, encoding)
    if text is None:
        return None, findings
    profile, more = load_text(text, filename, warnings, only_profiles)
    return profile, findings + more


def unreadable(path: str, exc: OSError) -> Finding:
    """The finding for a file that cannot be opened or read."""
    if isinstance(exc, IsADirectoryError):
        return Finding(path, 0, 0, ERROR, "unreadable", "is-a-directory", {})
    if isinstance(exc, FileNotFoundError):
        return Finding(path, 0, 0, ERROR, "unreadable", "file-not-found", {})
    if isinstance(exc, NotRegularFile):
        return Finding(path, 0, 0, ERROR, "unreadable", "not-a-regular-file", {})
    reason = os.strerror(exc.errno) if exc.errno else (str(exc) or type(exc).__name__)
    return Finding(path, 0, 0, ERROR, "unreadable", "unreadable", {"reason": reason})


def internal_error(path: str, exc: BaseException) -> Finding:
    return Finding(path, 0, 0, ERROR, "internal-error", "internal-error",
                   {"error": f"{type(exc).__name__}: {str(exc)[:200]}"})


def read_file(path: str, warnings: bool = True, encoding: str | None = None,
              only_profiles: bool = False) -> tuple[Profile | None, list[Finding]]:
    """Read and validate one profile file (``-``: standard input); ``encoding`` None detects it.
    Unreadable files become findings, not exceptions. ``warnings=False`` skips the cross-field
    sanity checks (a batch reports errors only); ``only_profiles`` skips, with a NOTE, a file
    that is clearly not a profile (``load_text``)."""
    name = STDIN_NAME if path == STDIN else path
    if path.lower().endswith(TABLE_FILES):  # a table of shops given where one profile belongs
        return None, [Finding(name, 0, 0, ERROR, "not-a-mapping", "table-not-profile", {})]
    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open_regular(path) as fh:
                raw = fh.read(MAX_BYTES + 1)  # one byte past the cap: detect, don't truncate
    except OSError as exc:
        return None, [unreadable(name, exc)]
    try:
        return load_bytes(raw, name, warnings, encoding, only_profiles)
    except Exception as exc:  # a bug must cost this file, not the run
        return None, [internal_error(name, exc)]
