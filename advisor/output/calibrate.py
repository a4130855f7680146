"""Output formats of ``advisor calibrate``: text for people, JSON for programs. Both read the same
result (``advisor.calibration.calibrate``); JSON adds each warning's message in the reader's
language and keeps every number plain."""

from __future__ import annotations

from advisor.output.formats import Registry, Writer, console
from advisor.output.numbers import percent

PERCENT_PARAMS = ("share", "masked")
SIGNED_PARAMS = ("ratio",)


def warning_message(warning: dict, t) -> str:
    """A warning in words: shares as percents, ratios as signed percents."""
    params = {}
    for name, value in warning.items():
        if name in PERCENT_PARAMS:
            value = percent(value, 0)
        elif name in SIGNED_PARAMS:
            value = ("+" if value >= 0 else "") + percent(value, 0)
        params[name] = value
    return t("calib.warn." + warning["code"], **params)


def document(result: dict, t) -> dict:
    """The ``--format json`` document."""
    return {**result, "warnings": [{**w, "message": warning_message(w, t)} for w in result["warnings"]]}


def calibration_json(result: dict, t, out) -> None:
    from advisor.output.jsondata import dumps

    out.write(dumps(document(result, t)) + "\n")


def calibration_text(result: dict, t, out) -> None:
    from advisor.output.calibrate_text import render

    render(result, t, console(out))


CALIBRATE = Registry({"text": Writer(calibration_text, screen=True), "json": Writer(calibration_json, (".json",))},
                     default="text")
