"""The command line: parse options, call the library, render, exit. No arithmetic here.

Exit codes (the same for every command):
  0  success, no problems
  1  invalid input or findings (bad profile, shops below --fail-under, ...)
  2  usage error (bad flag or value) or internal error
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from advisor.i18n import Translator, detect_language, finding_message

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _help_language(argv: list[str]) -> str:
    """Help texts follow --lang when it is on the command line, else the locale."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return detect_language()


H = Translator(_help_language(sys.argv))


class Lang(str, Enum):
    en = "en"
    zh = "zh"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


LangOption = Annotated[Optional[Lang], typer.Option("--lang", help=H("help.lang"), show_default=False)]
DebugOption = Annotated[bool, typer.Option("--debug", help=H("help.debug"), hidden=True)]

app = typer.Typer(
    help=H("help.app"),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # cost data is confidential: never print locals
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"lang": None, "debug": False}


def _translator(lang: Optional[Lang]) -> Translator:
    chosen = lang.value if lang else detect_language()
    _state["lang"] = chosen
    return Translator(chosen)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _print_findings(findings, t: Translator, stream=None) -> None:
    stream = stream or sys.stderr
    for f in findings:
        where = f"{f.file}:{f.line}:{f.column}" if f.line else f.file
        stream.write(f"{where}: {t(f.severity + '.prefix')}: {finding_message(t, f)} [{f.rule}]\n")


def _version_callback(value: bool) -> None:
    if value:
        from advisor import __version__

        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help=H("help.version"))] = False,
) -> None:
    pass


@app.command(help=H("help.evaluate"))
def evaluate(
    profile: Annotated[str, typer.Argument(help=H("help.profile-arg"), show_default=False)],
    *,
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help=H("help.format"))] = EvalFormat.text,
    horizon: Annotated[Optional[int], typer.Option("--horizon", min=1, max=120, help=H("help.horizon"))] = None,
    budget_shift: Annotated[Optional[float], typer.Option("--budget-shift", min=0.0, max=1.0,
                                                          help=H("help.budget-shift"))] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor import profile as profiles
    from advisor.evaluation import evaluate as run_evaluation

    _state["debug"] = debug
    t = _translator(lang)
    loaded, findings = profiles.read_file(profile)
    _print_findings(findings, t)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    result = run_evaluation(loaded, horizon=horizon, budget_shift=budget_shift, lang=t.lang)
    if format is EvalFormat.json:
        from advisor.render_json import dumps

        sys.stdout.write(dumps(result) + "\n")
    else:
        from advisor.render_text import render_evaluation

        render_evaluation(result, t, _console())


@app.command(help=H("help.validate"))
def validate(
    paths: Annotated[list[str], typer.Argument(help=H("help.paths-arg"), show_default=False)],
    *,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor import profile as profiles
    from advisor.discover import profile_files

    _state["debug"] = debug
    t = _translator(lang)
    files = profile_files(paths)
    if not files:
        _fail(t, "error.no-paths", EXIT_FINDINGS)
    errors = warnings = 0
    for path in files:
        _, findings = profiles.read_file(path)
        _print_findings(findings, t, sys.stdout)
        errors += sum(f.is_error for f in findings)
        warnings += sum(not f.is_error for f in findings)
    if errors or warnings:
        sys.stdout.write(t("validate.summary", files=len(files), errors=errors, warnings=warnings) + "\n")
    else:
        sys.stdout.write(t("validate.ok", files=len(files)) + "\n")
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _fail(t: Translator, key: str, code: int, **params) -> None:
    sys.stderr.write(f"advisor: {t('error.prefix')}: {t(key, **params)}\n")
    raise typer.Exit(code)


def _safe_streams() -> None:
    """Never crash on a console that cannot show a character (e.g. GBK): replace it."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main() -> None:
    from advisor.findings import AdvisorError

    _safe_streams()
    try:
        app()
    except AdvisorError as exc:
        t = Translator(_state["lang"] or detect_language())
        sys.stderr.write(f"advisor: {t('error.prefix')}: {t('error.' + exc.message_key, **exc.params)}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 -- last resort: a short message, never locals
        if _state["debug"] or os.environ.get("ADVISOR_DEBUG"):
            raise
        t = Translator(_state["lang"] or detect_language())
        sys.stderr.write(f"advisor: {t('error.internal', error=type(exc).__name__ + ': ' + str(exc)[:200])}\n")
        sys.exit(EXIT_USAGE)
