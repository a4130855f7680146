"""Output formats of ``advisor evaluate`` and ``advisor sensitivity``: text for people (and, for
evaluate, Markdown to paste into documents), JSON for programs. The JSON document is the
evaluation's data with the advice worded in the reader's language; every format reads the same
result, so they always agree."""

from __future__ import annotations

from advisor.output.formats import Registry, Writer, console


def document(result: dict, t) -> dict:
    """The ``--format json`` document: the result with each recommendation localized."""
    from advisor.output.recommendations import localize

    currency = result["shop"]["currency"]
    return {**result, "recommendations": [localize(rec, t, currency) for rec in result["recommendations"]]}


def _json(data, out) -> None:
    from advisor.output.jsondata import dumps

    out.write(dumps(data) + "\n")


def evaluation_json(result: dict, t, out) -> None:
    _json(document(result, t), out)


def evaluation_text(result: dict, t, out) -> None:
    from advisor.output.evaluation_text import render_evaluation

    render_evaluation(result, t, console(out))


def sensitivity_json(run, t, out) -> None:
    _json(run.data, out)


def sensitivity_text(run, t, out) -> None:
    from advisor.output.uncertainty_text import render_sensitivity

    render_sensitivity(run.data, t, console(out), run.currency)


def evaluation_markdown(result: dict, t, out) -> None:
    from advisor.output.evaluation_markdown import render

    out.write(render(result, t))


EVALUATE = Registry({"text": Writer(evaluation_text, (".txt",), screen=True), "json": Writer(evaluation_json, (".json",)),
                     "markdown": Writer(evaluation_markdown, (".md", ".markdown"))},
                    default="text")
SENSITIVITY = Registry({"text": Writer(sensitivity_text, screen=True), "json": Writer(sensitivity_json, (".json",))},
                       default="text")
