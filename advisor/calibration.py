"""Use case: measure a shop from its order exports, and the profile text that records the result.

``calibrate`` returns plain data (the ``--format json`` document); ``new_profile`` and
``updated_profile`` return the text to write. Nothing here writes a file or knows a language:
the command line writes atomically, the output edge words the result.
"""

from __future__ import annotations

import datetime
import os
import secrets

from advisor.calibrate import layouts, measure, orders, read
from advisor.calibrate.problems import ExportError
from advisor.calibrate.profile_text import CALIBRATION, Editor, calibration_lines
from advisor.errors import EXIT_USAGE, AdvisorError

MARK = "measured by advisor calibrate"
"""The comment on each measured key of a profile written with --output."""

NOTE = "written by advisor calibrate: the keys listed were measured"

NEW_PROFILE_NOTE = ["Measured from your order exports by advisor calibrate: the keys marked",
                    "below (see the calibration section at the end). Costs and the pool are",
                    "starter figures: replace them."]
"""Comment lines short enough for yamllint's default of 80 characters a line."""

SALT_BYTES = 16


def calibrate(paths: list[str], platform: str = "auto", columns: str | None = None, salt: bytes | None = None) -> dict:
    """Read every export, merge their orders and measure them. Raises ``ExportError`` for a file that
    cannot be read as an order export, ``OptionError`` for a bad ``columns`` mapping.

    ``salt`` (random per run unless given) salts the customer-key hashes, so a hash means nothing
    outside this run.
    """
    mapping = layouts.parse_columns(columns)
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    files = [read.read_export(path, platform, mapping, salt) for path in paths]
    paid = orders.merge(files)
    if paid.net.size == 0:
        raise ExportError(paths[-1], 0, 0, "export-no-orders", "export-no-orders", rows=paid.counts["rows"])
    kinds = {f.customer_kind for f in files}
    result = measure.measure(paid, contact_keys=layouts.CONTACT in kinds, customer_column=kinds != {None})
    dropped = {k: v for k, v in paid.counts.items() if k != "rows"}
    result["quality"].update(dropped=dropped, rows=paid.counts["rows"])
    incomplete = dropped["without_order_id"] + dropped["without_amount"] + dropped["without_date"]
    if incomplete:
        result["warnings"].append({"code": "incomplete-orders", "count": incomplete})
    platforms = {f.platform for f in files}
    return {
        "files": [{"file": f.file, "layout": f.layout, "encoding": f.encoding, "rows": f.rows} for f in files],
        "platform": platforms.pop() if len(platforms) == 1 else "other",
        "currency": _currency(files),
        **result,
        "measured": measure.profile_values(result),
    }


def _currency(files: list) -> str | None:
    found: set[str] = set()
    for f in files:
        found |= f.currencies or ({f.currency} if f.currency else set())
    if len(found) > 1:
        raise ExportError(files[-1].file, 0, 0, "export-currency", "export-mixed-currencies",
                          currencies=", ".join(sorted(found)))
    return found.pop() if found else None


def _same_currency(exports: str, profile: str) -> bool:
    """RMB is the everyday name of CNY."""
    return {exports, profile} <= {"CNY", "RMB"} or exports == profile


def _calibration(result: dict, today: datetime.date) -> list[str]:
    quality = result["quality"]
    return calibration_lines(", ".join(os.path.basename(f["file"]) for f in result["files"]), today.isoformat(),
                             list(result["measured"]), quality["orders"], quality["customers"],
                             result["period"]["months"], NOTE)


def new_profile(result: dict, path: str, today: datetime.date, schema: str, body: str, about: str) -> tuple[str, dict]:
    """A commented starter profile (``advisor init``'s general template: ``body`` and ``about`` in
    the user's language, ``schema`` the reference for editors) with the measured keys filled in
    and marked, the platform and currency of the exports, and the calibration section; and the
    ``profile`` block of the result (what was written)."""
    from advisor.profile.reader import parse_document
    from advisor.profile.templates import render

    measured = result["measured"]
    if not {"sales.monthly_revenue", "sales.average_order_value"} <= set(measured):
        raise AdvisorError("calibrate-cannot-write", path=path)
    text = render("general", path, schema, body, about)
    doc, _ = parse_document(text, path, ends=True)
    assert doc is not None
    editor = Editor(text, doc)
    editor.comment_before(("version",), NEW_PROFILE_NOTE)
    editor.set("shop.platform", result["platform"])
    if result["currency"]:
        editor.set("shop.currency", result["currency"])
    for key, value in measured.items():
        editor.set(key, value, MARK)
    editor.set_section(CALIBRATION, _calibration(result, today))
    changes = [{"key": key, "old": None, "new": value} for key, value in measured.items()]
    return _checked(editor.result(), path), {"path": path, "action": "written", "changes": changes}


def updated_profile(path: str, result: dict, today: datetime.date) -> tuple[str, dict]:
    """The text of the profile at ``path`` with only the measured keys and the calibration section
    changed, and the ``profile`` block of the result (each key's old and new value). The profile
    must be valid."""
    from advisor.profile.load import load_text
    from advisor.profile.reader import MAX_BYTES, decode, parse_document

    measured = result["measured"]
    if not measured:
        raise AdvisorError("calibrate-nothing-measured", path=path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AdvisorError("cannot-read", path=path, reason=exc.strerror or str(exc)) from None
    text, _ = decode(raw, path)
    if text is None or load_text(text, path)[0] is None:
        raise AdvisorError("calibrate-profile-invalid", path=path)
    profile = load_text(text, path)[0]
    doc, _ = parse_document(text, path, ends=True)
    if profile is None or doc is None:
        raise AdvisorError("calibrate-profile-invalid", path=path)
    if result["currency"] and not _same_currency(result["currency"], profile.currency):
        raise AdvisorError("calibrate-currency", path=path, profile=profile.currency, export=result["currency"])
    data = doc.data if isinstance(doc.data, dict) else {}
    editor = Editor(text, doc)
    changes = []
    for key, value in measured.items():
        section, name = key.split(".")
        old = data.get(section, {}).get(name) if isinstance(data.get(section), dict) else None
        changes.append({"key": key, "old": old, "new": value})
        editor.set(key, value)
    editor.set_section(CALIBRATION, _calibration(result, today))
    new_text = _checked(editor.result(), path)
    if raw.startswith(b"\xef\xbb\xbf"):  # keep the byte-order mark the file had
        new_text = "\ufeff" + new_text
    return new_text, {"path": path, "action": "updated", "changes": changes}


def _checked(text: str, path: str) -> str:
    """The edited text must still be a valid profile; an edit that breaks it is our bug, and nothing
    is written."""
    from advisor.profile.load import load_text

    profile, _ = load_text(text, path)
    if profile is None:
        error = AdvisorError("calibrate-edit-failed", path=path)
        error.exit_code = EXIT_USAGE
        raise error
    return text
