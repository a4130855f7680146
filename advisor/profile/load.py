"""Reading profile files: bytes to text to a parsed document to a checked ``Profile``.

Nothing here raises for bad input: an unreadable file, bad encoding, a YAML error or an invalid
value all become ``Finding`` values, and the profile is None when any of them is an error.
"""

from __future__ import annotations

import os

from advisor.profile import fields as F
from advisor.profile.check import check_document
from advisor.profile.findings import ERROR, NOTE, Finding
from advisor.profile.reader import MAX_BYTES, decode, parse_document
from advisor.profile.shop import Profile


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


def load_bytes(raw: bytes, filename: str, warnings: bool = True, only_profiles: bool = False
               ) -> tuple[Profile | None, list[Finding]]:
    text, findings = decode(raw, filename)
    if text is None:
        return None, findings
    return load_text(text, filename, warnings, only_profiles)


def read_file(path: str, warnings: bool = True, only_profiles: bool = False) -> tuple[Profile | None, list[Finding]]:
    """Read and validate one profile file; unreadable files become findings, not exceptions.
    ``warnings=False`` skips the cross-field sanity checks (a batch reports errors only);
    ``only_profiles`` skips, with a NOTE, a file that is clearly not a profile (``load_text``)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # one byte past the cap: detect, don't truncate
    except IsADirectoryError:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "is-a-directory", {})]
    except FileNotFoundError:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "file-not-found", {})]
    except OSError as exc:
        return None, [Finding(path, 0, 0, ERROR, "unreadable", "unreadable", {"reason": os.strerror(exc.errno or 0)})]
    return load_bytes(raw, path, warnings, only_profiles)
