"""Reading profile files: bytes to text to a parsed document to a checked ``Profile``.

Nothing here raises for bad input: an unreadable file, bad encoding, a YAML error or an invalid
value all become ``Finding`` values, and the profile is None when any of them is an error.
"""

from __future__ import annotations

import os

from advisor.profile.check import check_document
from advisor.profile.findings import ERROR, Finding
from advisor.profile.reader import MAX_BYTES, decode, parse_document
from advisor.profile.shop import Profile


def load_text(text: str, filename: str, warnings: bool = True) -> tuple[Profile | None, list[Finding]]:
    doc, findings = parse_document(text, filename)
    if doc is None:
        return None, findings
    profile, more = check_document(doc, filename, warnings)
    findings += more
    findings.sort(key=_position)  # in the order of the file, as an editor shows them
    if any(f.is_error for f in findings):  # e.g. a duplicate key: reported, and not evaluated
        profile = None
    return profile, findings


def _position(finding: Finding) -> tuple[int, int]:
    return (finding.line, finding.column)


def load_bytes(raw: bytes, filename: str, warnings: bool = True) -> tuple[Profile | None, list[Finding]]:
    text, findings = decode(raw, filename)
    if text is None:
        return None, findings
    return load_text(text, filename, warnings)


def read_file(path: str, warnings: bool = True) -> tuple[Profile | None, list[Finding]]:
    """Read and validate one profile file; unreadable files become findings, not exceptions.
    ``warnings=False`` skips the cross-field sanity checks (a batch reports errors only)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # one byte past the cap: detect, don't truncate
    except IsADirectoryError:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "is-a-directory", {})]
    except FileNotFoundError:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "file-not-found", {})]
    except OSError as exc:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "unreadable", {"reason": os.strerror(exc.errno or 0)})]
    return load_bytes(raw, path, warnings)
