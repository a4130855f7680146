"""The command line: parse options, call the library, render, exit. No arithmetic here.

Exit codes (the same for every command):
  0    success, no problems
  1    invalid input or findings (bad profile, shops below --fail-under, ...)
  2    usage error (bad flag or value) or internal error
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM); 141 standard output closed early

Annotations are evaluated when the module loads, not postponed (no ``from __future__ import
annotations``): typer reads every command's signature at each start, and postponed annotations
would make it evaluate each one from its string again (10 ms of every command's start-up).
"""

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from advisor.advice.ranking import COLUMNS as RANKING_COLUMNS
from advisor.calibrate import PLATFORM_CHOICES
from advisor.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED, EXIT_USAGE, AdvisorError, Terminated
from advisor.i18n import Translator, detect_language
from advisor.output import clitext
from advisor.output.batch import FORMATS as BATCH_FORMATS
from advisor.output.calibrate import CALIBRATE
from advisor.output.evaluate import EVALUATE, SENSITIVITY
from advisor.output.report import FORMATS as REPORT_FORMATS
from advisor.output.validate import FORMATS as VALIDATE_FORMATS

MAX_DRAWS = 100_000
"""A million draws x 36 months would need gigabytes; 100,000 already pins the percentiles."""


def _help_language(argv: list[str]) -> str:
    """Help texts follow --lang when it is on the command line (before or after the command),
    else the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return detect_language()


def _help_language_of_args(args: list[str]) -> str:
    chosen = _help_language(args)
    return chosen if chosen in ("en", "zh") else "en"


H = Translator(_help_language(sys.argv))
Group, Command = clitext.classes(_help_language_of_args)


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def _choices(name: str, registry) -> type[Enum]:
    """An Enum of a registry's format names, for typer's --format choices."""
    return _enum(name, registry.choices)


def _enum(name: str, choices: tuple) -> type[Enum]:
    """An Enum of names, for typer's choices."""
    return Enum(name, {choice: choice for choice in choices}, type=str)  # type: ignore[return-value]


def _finite(value: float | None) -> float | None:
    """Click's FloatRange lets nan through (every comparison with it is false)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(H("error.not-finite"))
    return value


def _encoding(value: str | None) -> str | None:
    from advisor.profile.textfile import check_encoding

    if value is None:
        return None
    name = check_encoding(value)
    if name is None:
        raise typer.BadParameter(H("error.unknown-encoding", name=value))
    return name


def _metavar(choices) -> str:
    """Choices as click shows them: ``[text|json|markdown]``."""
    return "[" + "|".join(choices) + "]"


def _suffixes(registry) -> str:
    return ", ".join(registry.suffixes)


def _sort_columns(incomplete: str) -> list[str]:
    """Shell completion for --sort: every column, ascending or (with -) descending."""
    return [name for column in RANKING_COLUMNS for name in (column, "-" + column) if name.startswith(incomplete)]


def _name(choice) -> str | None:
    """The plain name of a --format choice (typer hands over the Enum member)."""
    return getattr(choice, "value", choice)


EvalFormat = _choices("EvalFormat", EVALUATE)
SensitivityFormat = _choices("SensitivityFormat", SENSITIVITY)
ValidateFormat = _choices("ValidateFormat", VALIDATE_FORMATS)
BatchFormat = _choices("BatchFormat", BATCH_FORMATS)
CalibrateFormat = _choices("CalibrateFormat", CALIBRATE)
ExportPlatform = _enum("ExportPlatform", PLATFORM_CHOICES)
ENGINES = ("local", "dask")
Engine = _enum("Engine", ENGINES)

LangOption = Annotated[Lang | None, typer.Option("--lang", help=H("help.lang"), show_default=False, metavar="[en|zh]")]
FormatOption = Annotated[SensitivityFormat, typer.Option("--format", "-f",  # type: ignore[valid-type]
                                                        help=H("help.format"), metavar=_metavar(SENSITIVITY.choices))]
ForceOption = Annotated[bool, typer.Option("--force", help=H("help.force"))]
HorizonOption = Annotated[int | None, typer.Option("--horizon", min=1, max=120, help=H("help.horizon"), metavar="MONTHS")]
ProfileArgument = Annotated[str, typer.Argument(help=H("help.profile-arg"), show_default=False, metavar="PROFILE")]
DebugOption = Annotated[bool, typer.Option("--debug", help=H("help.debug"), hidden=True)]
DrawsOption = Annotated[int | None, typer.Option("--draws", min=1, max=MAX_DRAWS, help=H("help.draws"), metavar="N")]
SeedOption = Annotated[int, typer.Option("--seed", min=0, help=H("help.seed"), metavar="N")]
ExcludeOption = Annotated[list[str] | None, typer.Option("--exclude", help=H("help.exclude"), metavar="GLOB",
                                                         show_default=False)]
ConfigOption = Annotated[str | None, typer.Option("--config", help=H("help.config"), metavar="FILE", show_default=False)]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help=H("help.isolated"))]

app = typer.Typer(
    cls=Group,
    help=H("help.app"),
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # cost data is confidential: never print locals
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict = {"lang": None, "root_lang": None, "debug": False}


def _translator(lang: Lang | None) -> Translator:
    """The command's --lang, else the one given before the command, else the environment's."""
    chosen = lang.value if lang else _state["root_lang"] or detect_language()
    _state["lang"] = chosen
    return Translator(chosen)


def _print_findings(findings, t: Translator) -> None:
    from advisor.output.findings import finding_line

    for f in findings:
        sys.stderr.write(finding_line(f, t) + "\n")


def _print_error(message_key: str, **params) -> None:
    """One translated ``advisor: error: ...`` line on standard error."""
    t = Translator(_state["lang"] or detect_language())
    sys.stderr.write(t("error.line", prefix=t("error.prefix"), message=t(message_key, **params)) + "\n")


def _user_errors(command):
    """Turn the library's user errors into one translated line and their exit code."""
    import functools

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except AdvisorError as exc:
            _print_error("error." + exc.message_key, **exc.params)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # standard output closed early (| head): click would say exit 1
            _quiet_stdout()
            raise typer.Exit(EXIT_PIPE) from None
        except typer.Exit:
            _flush()
            raise
        _flush()
        return result

    return wrapper


def _load_one(path: str, lang: Lang | None, debug: bool):
    """Load one profile for a command; print its findings; exit 1 when it is invalid."""
    from advisor.profile.load import read_file

    _state["debug"] = debug
    t = _translator(lang)
    loaded, findings = read_file(path)
    _print_findings(findings, t)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    return loaded, t


def _version_callback(value: bool) -> None:
    if value:
        from advisor import __version__

        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version_callback, is_eager=True,
                                          help=H("help.version"))] = False,
    lang: LangOption = None,
) -> None:
    _state["root_lang"] = lang.value if lang else None


@app.command(cls=Command, help=H("help.evaluate"))
@_user_errors
def evaluate(
    profile: ProfileArgument,
    *,
    format: Annotated[EvalFormat | None, typer.Option("--format", "-f",  # type: ignore[valid-type]
                                                      help=H("help.eval-format"), show_default=False,
                                                      metavar=_metavar(EVALUATE.choices))] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help=H("help.output"), metavar="FILE")] = None,
    force: ForceOption = False,
    horizon: HorizonOption = None,
    budget_shift: Annotated[float | None, typer.Option("--budget-shift", min=0.0, max=1.0, metavar="SHARE",
                                                          callback=_finite, help=H("help.budget-shift"))] = None,
    draws: DrawsOption = None,
    seed: SeedOption = 0,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor.evaluation import evaluate as run_evaluation

    loaded, t = _load_one(profile, lang, debug)
    chosen = EVALUATE.resolve(_name(format), output)
    _refuse_existing(t, output, force)
    result = run_evaluation(loaded, horizon=horizon, budget_shift=budget_shift, draws=draws, seed=seed)
    EVALUATE.emit(chosen, result, t, output, force)


@app.command(cls=Command, help=H("help.validate"))
@_user_errors
def validate(
    paths: Annotated[list[str], typer.Argument(help=H("help.paths-arg"), show_default=False, metavar="PATHS...")],
    *,
    format: Annotated[ValidateFormat | None, typer.Option("--format", "-f",  # type: ignore[valid-type]
                                                          help=H("help.validate-format"), show_default=False,
                                                          metavar=_metavar(VALIDATE_FORMATS.choices))] = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help=H("help.strict"),
                                                show_default=False)] = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor.profile.validation import validate as validate_files

    _state["debug"] = debug
    t = _translator(lang)
    settings = _config(config, isolated)
    chosen = _name(format) or _configured_format(settings, "validate", VALIDATE_FORMATS) or VALIDATE_FORMATS.default
    if strict is None:
        configured = settings.get("validate", "strict")
        strict = bool(configured.value) if configured else False
    found = _inputs(t, paths, settings, exclude, allow_empty=True)
    run = validate_files(found.files, strict=strict, named=found.named, problems=found.problems)
    _print_findings(run.notes, t)
    VALIDATE_FORMATS.emit(VALIDATE_FORMATS.resolve(chosen), run, t)
    raise typer.Exit(run.exit_code)


@app.command(cls=Command, help=H("help.schema"))
@_user_errors
def schema(
    *,
    output: Annotated[str | None, typer.Option("--output", "-o", help=H("help.schema-output"), metavar="FILE")] = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from advisor.profile.schema import dumps

    _translator(lang)
    if output:
        from advisor.output.atomic import write_text

        if not output.lower().endswith(".json"):
            from advisor.errors import UsageError

            raise UsageError("schema-suffix", path=output)
        write_text(output, dumps(os.path.basename(output)), overwrite=force)
    else:
        sys.stdout.write(dumps())


def _template_names(incomplete: str) -> list[str]:
    from advisor.profile.templates import TEMPLATES

    return [name for name in TEMPLATES if name.startswith(incomplete)]


@app.command(cls=Command, help=H("help.init"))
@_user_errors
def init(
    path: Annotated[str, typer.Argument(help=H("help.init-path"), metavar="PATH")] = "shop.yaml",
    *,
    template: Annotated[str, typer.Option("--template", "-t", help=H("help.template"), metavar="NAME",
                                          autocompletion=_template_names)] = "general",
    list_templates: Annotated[bool, typer.Option("--list", help=H("help.list"))] = False,
    force: ForceOption = False,
    schema_location: Annotated[str | None, typer.Option("--schema", help=H("help.schema-location"),
                                                        metavar="PATH_OR_URL", show_default=False)] = None,
    lang: LangOption = None,
) -> None:
    from advisor.profile.templates import TEMPLATES, render

    t = _translator(lang)
    if list_templates:
        for name in TEMPLATES:
            sys.stdout.write(f"{name:<18} {t('init.about.' + name)}\n")
        return
    if template not in TEMPLATES:
        _fail(t, "error.unknown-template", EXIT_USAGE, name=template, choices=", ".join(TEMPLATES))
    _profile_suffix(path)
    from advisor.output.atomic import write_text

    schema = _schema_for(t, path, schema_location, force)
    write_text(path, render(template, path, schema, t.template("init.body"), t("init.about." + template)), overwrite=force)
    sys.stderr.write(t("init.written", path=path, template=template) + "\n")


def _profile_suffix(path: str) -> None:
    """A profile is written to a .yaml or .yml file: any other name is refused (a usage error)."""
    from advisor.profile.templates import PROFILE_SUFFIXES

    if not path.lower().endswith(PROFILE_SUFFIXES):
        from advisor.errors import UsageError

        raise UsageError("profile-suffix", path=path)


def _schema_for(t: Translator, path: str, given: str | None, force: bool) -> str:
    """The schema reference for a new profile at ``path``; writes ``profile.schema.json`` beside it
    when the repository has none (so the reference works once both are committed)."""
    from advisor.profile.config import find, load
    from advisor.profile.templates import schema_reference

    found = find(os.path.dirname(os.path.abspath(path)))  # the project the new profile is in
    settings = load(found) if found else None
    reference, to_write = schema_reference(path, given, settings.schema if settings else None)
    if to_write and not (os.path.lexists(path) and not force):  # (an existing profile is refused later)
        from advisor.output.atomic import write_text
        from advisor.profile.schema import dumps

        write_text(to_write, dumps(), overwrite=False)
        sys.stderr.write(t("init.schema-written", path=to_write) + "\n")
    return reference


@app.command(cls=Command, help=H("help.sensitivity"))
@_user_errors
def sensitivity(
    profile: ProfileArgument,
    *,
    format: FormatOption = "text",
    horizon: HorizonOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor.evaluation import sensitivity as run_sensitivity

    loaded, t = _load_one(profile, lang, debug)
    SENSITIVITY.emit(SENSITIVITY.resolve(_name(format)), run_sensitivity(loaded, horizon=horizon), t)


@app.command(cls=Command, help=H("help.report"))
@_user_errors
def report(
    paths: Annotated[list[str], typer.Argument(help=H("help.report-paths"), show_default=False, metavar="PATHS...")],
    *,
    output: Annotated[str, typer.Option("--output", "-o", help=H("help.report-output"), show_default=False,
                                        metavar="FILE")],
    force: ForceOption = False,
    horizon: HorizonOption = None,
    draws: DrawsOption = None,
    seed: SeedOption = 0,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    from advisor.evaluation import report as report_data
    from advisor.profile.load import read_file

    _state["debug"] = debug
    t = _translator(lang)
    chosen = REPORT_FORMATS.resolve(None, output)
    _refuse_existing(t, output, force)
    found = _inputs(t, paths, _config(config, isolated), exclude, outputs=(output,))
    profiles, skipped = [], 0
    for path in found.files:  # a bad profile is reported and left out; the others are reported on
        loaded, findings = read_file(path, only_profiles=path not in found.named)
        _print_findings(findings, t)
        skipped += any(f.severity == "note" for f in findings)
        if loaded is not None:
            profiles.append(loaded)
    candidates = len(found.files) - skipped
    if not candidates:
        _fail(t, "error.nothing-left", EXIT_FINDINGS, excluded=found.excluded, skipped=found.skipped + skipped)
    if profiles:
        REPORT_FORMATS.emit(chosen, report_data(profiles, horizon=horizon, draws=draws, seed=seed), t, output, force)
        sys.stderr.write(t("report.written", path=output, shops=len(profiles),
                           size=f"{os.path.getsize(output) / 1024:,.0f}") + "\n")
    raise typer.Exit(EXIT_FINDINGS if len(profiles) < candidates else 0)


@app.command(cls=Command, help=H("help.batch"))
@_user_errors
def batch(
    paths: Annotated[list[str], typer.Argument(help=H("help.batch-paths"), show_default=False, metavar="PATHS...")],
    *,
    format: Annotated[BatchFormat | None, typer.Option("--format", "-f",  # type: ignore[valid-type]
                                                          help=H("help.batch-format"), show_default=False,
                                                          metavar=_metavar(BATCH_FORMATS.choices))] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help=H("help.batch-output", suffixes=_suffixes(BATCH_FORMATS)),
                                               metavar="FILE")] = None,
    force: ForceOption = False,
    sort: Annotated[str, typer.Option("--sort", help=H("help.sort", columns=", ".join(RANKING_COLUMNS)), metavar="COLUMN",
                                      autocompletion=_sort_columns)] = "-health_score",
    top: Annotated[int | None, typer.Option("--top", min=1, help=H("help.top"), metavar="N")] = None,
    fail_under: Annotated[int | None, typer.Option("--fail-under", min=0, max=100, help=H("help.fail-under"),
                                                   metavar="SCORE")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help=H("help.jobs"), metavar="N")] = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    encoding: Annotated[str | None, typer.Option("--encoding", callback=_encoding, help=H("help.encoding"),
                                                 metavar="NAME", show_default=False)] = None,
    engine: Annotated[Engine, typer.Option("--engine", help=H("help.engine"),  # type: ignore[valid-type]
                                           metavar=_metavar(ENGINES))] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=H("help.scheduler"), metavar="ADDRESS",
                                                  show_default=False)] = None,
    storage_option: Annotated[list[str] | None, typer.Option("--storage-option", help=H("help.storage-option"),
                                                             metavar="KEY=VALUE", show_default=False)] = None,
    partition_rows: Annotated[int | None, typer.Option("--partition-rows", min=1, help=H("help.partition-rows"),
                                                       metavar="N", show_default=False)] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    import time

    from advisor import batch as batching
    from advisor.advice.ranking import COLUMNS, rank
    from advisor.profile import parquet
    from advisor.profile.tables import TABLE_SUFFIXES

    _state["debug"] = debug
    t = _translator(lang)
    if sort.lstrip("-") not in COLUMNS:
        _fail(t, "error.bad-option", EXIT_USAGE, option="--sort", reason=t("error.sort-column", choices=", ".join(COLUMNS)))
    options = _storage_options(t, storage_option)
    settings = _config(config, isolated)
    if _name(engine) == "dask":
        _batch_dask(t, paths, output=output, force=force, format=_name(format), sort=sort, top=top, fail_under=fail_under,
                    jobs=jobs, scheduler=scheduler, storage_options=options, partition_rows=partition_rows,
                    settings=settings, exclude=exclude)
    given = _name(format) or (None if output else _configured_format(settings, "batch", BATCH_FORMATS))
    chosen = BATCH_FORMATS.resolve(given, output)
    if BATCH_FORMATS.writers[chosen].binary and not output:
        _fail(t, "error.binary-needs-output", EXIT_USAGE, format=chosen)
    if chosen == "parquet":
        parquet.require()
    _refuse_existing(t, output, force)
    found = _inputs(t, paths, settings, exclude, suffixes=(".yaml", ".yml") + TABLE_SUFFIXES + parquet.SUFFIXES,
                    outputs=(output,), output_columns=tuple(COLUMNS), storage_options=options)
    if any(parquet.is_parquet(path) for path in found.files):
        parquet.require()

    started = time.perf_counter()
    with _progress(t) as progress:
        run = batching.run_batch(found.files, jobs=jobs or batching.default_jobs(), progress=progress,
                                 fail_under=fail_under, encoding=encoding, problems=found.problems,
                                 prepare=BATCH_FORMATS.writers[chosen].prepare, named=found.named,
                                 storage_options=options, part_rows=partition_rows)
    _print_findings(run.findings, t)
    if run.worker_deaths:
        sys.stderr.write(t("batch.worker-died", count=run.worker_deaths) + "\n")
    skipped = sum(f.severity == "note" for f in run.findings)
    if skipped and skipped == run.sources:
        _fail(t, "error.nothing-left", EXIT_FINDINGS, excluded=found.excluded, skipped=found.skipped + skipped)
    BATCH_FORMATS.emit(chosen, rank(run.rows, sort)[: top or None], t, output, force)
    sys.stderr.write(t("batch.summary", scored=len(run.rows), invalid=run.invalid_sources,
                       seconds=f"{time.perf_counter() - started:.1f}") + "\n")
    if run.below:
        sys.stderr.write(t("batch.below", count=len(run.below), score=fail_under) + "\n")
    raise typer.Exit(run.exit_code)


def _batch_dask(t: Translator, paths: list[str], *, output: str | None, force: bool, format: str | None, sort: str,
                top: int | None, fail_under: int | None, jobs: int | None, scheduler: str | None,
                storage_options: dict, partition_rows: int | None, settings, exclude) -> None:
    """``advisor batch --engine dask``: Parquet in, Parquet parts out (``advisor.scale``)."""
    import time

    from advisor import scale
    from advisor.advice.ranking import COLUMNS
    from advisor.output import parquet as parquet_output
    from advisor.output.atomic import directory
    from advisor.profile import parquet
    from advisor.workers import cores

    if format not in (None, "parquet"):
        _fail(t, "error.dask-format", EXIT_USAGE, format=format)
    for option, used in (("--sort", sort != "-health_score"), ("--top", top is not None)):
        if used:
            _fail(t, "error.dask-option", EXIT_USAGE, option=option)
    if not output:
        _fail(t, "error.dask-needs-output", EXIT_USAGE)
    assert output is not None
    if parquet.is_url(output):
        _fail(t, "error.dask-output-url", EXIT_USAGE, path=output)
    scale.require()
    _refuse_existing(t, output, force)
    found = _inputs(t, paths, settings, exclude, suffixes=parquet.SUFFIXES, outputs=(output,),
                    output_columns=tuple(COLUMNS), storage_options=storage_options)
    for path in found.files:
        if not parquet.is_parquet(path):
            _fail(t, "error.dask-input", EXIT_USAGE, path=path)
    started = time.perf_counter()
    with directory(output, overwrite=force) as parts:
        run = scale.run_dask(found.files, parts, write_part=parquet_output.write_frame, rank_part=parquet_output.rank_part,
                             scheduler=scheduler, workers=min(jobs or cores(), cores()), storage_options=storage_options,
                             fail_under=fail_under, part_rows=partition_rows)
    _print_findings(found.problems + run.findings, t)
    sys.stderr.write(t("batch.parts-written", parts=run.parts, path=output) + "\n")
    sys.stderr.write(t("batch.summary", scored=run.scored, invalid=run.invalid_sources + len(found.problems),
                       seconds=f"{time.perf_counter() - started:.1f}") + "\n")
    if run.below:
        sys.stderr.write(t("batch.below", count=run.below, score=fail_under) + "\n")
    raise typer.Exit(max(run.exit_code, EXIT_FINDINGS if found.problems else 0))


def _storage_options(t: Translator, pairs: list[str] | None) -> dict:
    """``--storage-option KEY=VALUE`` pairs as fsspec's storage_options (a VALUE that is JSON --
    true, 3, "x", {...} -- as that value, anything else as text)."""
    import json

    options: dict = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _fail(t, "error.storage-option", EXIT_USAGE, option=pair)
        try:
            options[key.strip()] = json.loads(value)
        except ValueError:
            options[key.strip()] = value
    return options


@app.command(cls=Command, help=H("help.calibrate"))
@_user_errors
def calibrate(
    orders: Annotated[list[str], typer.Argument(help=H("help.orders-arg"), show_default=False, metavar="ORDERS...")],
    *,
    platform: Annotated[ExportPlatform, typer.Option("--platform", help=H("help.platform"),  # type: ignore[valid-type]
                                                     metavar=_metavar(PLATFORM_CHOICES))] = "auto",
    columns: Annotated[str | None, typer.Option("--columns", help=H("help.columns"), show_default=False,
                                                metavar="ROLE=COLUMN,...")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help=H("help.calibrate-output"), metavar="PROFILE")] = None,
    update: Annotated[str | None, typer.Option("--update", help=H("help.update"), metavar="PROFILE")] = None,
    force: Annotated[bool, typer.Option("--force", help=H("help.force"))] = False,
    format: Annotated[CalibrateFormat, typer.Option("--format", "-f",  # type: ignore[valid-type]
                                                    help=H("help.calibrate-format"),
                                                    metavar=_metavar(CALIBRATE.choices))] = "text",
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    import datetime

    from advisor import calibration
    from advisor.calibrate.problems import ExportError
    from advisor.output.atomic import write_text

    _state["debug"] = debug
    t = _translator(lang)
    if output and update:
        _fail(t, "error.calibrate-output-and-update", EXIT_USAGE)
    if output:
        _profile_suffix(output)
    if output and not force and os.path.lexists(output):  # before the work, not after it
        _fail(t, "error.output-exists", EXIT_FINDINGS, path=output)
    if update:
        _load_one(update, lang, debug)  # the profile to update must be valid: its problems, exit 1
    try:
        result = calibration.calibrate(orders, platform=_name(platform) or "auto", columns=columns)
    except ExportError as exc:
        _print_findings([exc.finding], t)
        raise typer.Exit(exc.exit_code) from None
    today = datetime.date.today()
    if output:
        text, result["profile"] = calibration.new_profile(result, output, today, _schema_for(t, output, None, force),
                                                          t.template("init.body"), t("init.about.general"))
        write_text(output, text, overwrite=force)
    elif update:
        text, result["profile"] = calibration.updated_profile(update, result, today)
        write_text(update, text, overwrite=True)  # the file the user asked to update
    CALIBRATE.emit(CALIBRATE.resolve(_name(format)), result, t)
    if output or update:
        written = result["profile"]
        sys.stderr.write(t("calib." + written["action"], path=written["path"], count=len(written["changes"])) + "\n")


class _progress:
    """A progress bar on standard error, only when it is a terminal."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from advisor.output.formats import console

        self.bar = Progress(TextColumn(self.t("batch.progress")), BarColumn(), TextColumn("{task.completed:,}"),
                            TimeElapsedColumn(), console=console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("", total=None)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _config(path: str | None, isolated: bool = False):
    """The settings of the config file that applies (``--config``, or the one found from here;
    none with ``--isolated``)."""
    from advisor.profile.config import Config, load

    return Config() if isolated and not path else load(path)


def _configured_format(settings, command: str, registry) -> str | None:
    """The ``format`` a config file sets for ``command``, checked against the command's formats."""
    setting = settings.get(command, "format")
    if setting is None:
        return None
    if setting.value not in registry.choices:
        from advisor.errors import UsageError

        raise UsageError("config-choice", where=setting.where, key=f"{command}.format", got=setting.value,
                         choices=", ".join(registry.choices))
    return setting.value


def _inputs(t: Translator, paths: list[str], settings, exclude: list[str] | None, suffixes: tuple = (".yaml", ".yml"),
            outputs: tuple = (), output_columns: tuple = (), allow_empty: bool = False, storage_options: dict | None = None):
    """The files a command reads (excludes applied, duplicates and its own output dropped); a note
    on standard error for each file left out that the user may have expected. Exit 1 when the
    paths name no file at all; when every file found was excluded or skipped, exit 1 too unless
    ``allow_empty`` (validate: nothing left to check is clean, as for ruff and yamllint)."""
    from advisor.profile.excludes import Excludes
    from advisor.profile.inputs import collect

    excludes = Excludes.of(settings.exclude, settings.base, settings.path, exclude or ())
    found = collect(paths, suffixes, excludes, outputs=outputs, output_columns=output_columns,
                    storage_options=storage_options)
    for note in found.notes:
        sys.stderr.write(t("finding.line", where=note.path, severity=t("note.prefix"),
                           message=t("note." + note.key, **note.params), rule=note.key) + "\n")
    if not found.files and not found.problems:  # (problems are reported with the command's findings)
        if not found.excluded and not found.skipped:
            _fail(t, "error.no-paths", EXIT_FINDINGS, paths=", ".join(paths))
        if not allow_empty:
            _fail(t, "error.nothing-left", EXIT_FINDINGS, excluded=found.excluded, skipped=found.skipped)
    return found


def _refuse_existing(t: Translator, output: str | None, force: bool) -> None:
    """An existing output file without --force ends the command before the work, not after it
    (the atomic write checks again at the end)."""
    if output and not force and os.path.lexists(output):
        _fail(t, "error.output-exists", EXIT_FINDINGS, path=output)


def _fail(t: Translator, key: str, code: int, **params) -> None:
    _print_error(key, **params)
    raise typer.Exit(code)


def _safe_streams() -> None:
    """Never crash on a console that cannot show a character (e.g. GBK): show its nearest
    fallback ("￥" for "¥"), "?" only where there is none."""
    from advisor.output.encoding import install

    install((sys.stdout, sys.stderr))


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def _flush() -> None:
    """Flush standard output inside the command, so that a closed pipe is seen here (exit 141),
    not while the interpreter shuts down."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(EXIT_PIPE) from None


def _quiet_stdout() -> None:
    """Standard output is gone (``| head``): say nothing more, and let nothing flush into it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    import signal

    _safe_streams()
    signal.signal(signal.SIGTERM, _on_sigterm)  # unwind: temporary files removed, workers ended
    try:
        app(prog_name="advisor")  # also under `python -m advisor`: usage lines and completion name advisor
    except AdvisorError as exc:  # raised outside a command (the commands report their own)
        _print_error("error." + exc.message_key, **exc.params)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        sys.stderr.write("advisor: terminated\n")
        sys.exit(EXIT_TERMINATED)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(EXIT_PIPE)
    except Exception as exc:
        if _state["debug"] or os.environ.get("ADVISOR_DEBUG"):
            raise
        _print_error("error.internal", error=type(exc).__name__ + ": " + str(exc)[:200])
        sys.exit(EXIT_USAGE)
