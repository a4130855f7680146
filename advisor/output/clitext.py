"""The command-line framework's own words (click, inside typer) in the user's language: help
headings, usage lines, the help of built-in options, and usage errors.

Click writes these in English only. Under Chinese, the help is laid out by a formatter that
translates headings and built-in help and wraps Chinese the way ``wrap`` does (click's wrapping
breaks only at spaces), and usage errors are shown translated by ``show_usage_error``; English
output is click's own, unchanged. Error messages are translated by their known forms (click's
messages are composed strings); a form not known here keeps its English words.
"""

from __future__ import annotations

import re
import sys

from rich.cells import cell_len

from advisor.i18n import Translator
from advisor.output import wrap

_HEADINGS = {"Usage": "click.usage", "Options": "click.options", "Arguments": "click.arguments",
             "Commands": "click.commands"}
_BUILT_IN_HELP = {
    "Show this message and exit.": "click.help-option",
    "Install completion for the current shell.": "click.install-completion",
    "Show completion for the current shell, to copy it or customize the installation.": "click.show-completion",
}
_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def _extras(text: str, t: Translator) -> str:
    """``[default: 24; x>=1]`` and ``[required]`` at the end of an option's help, translated."""
    found = _EXTRA.search(text)
    if not found:
        return text
    parts = []
    for part in found.group(1).split("; "):
        if part.startswith("default: "):
            part = t("click.default", value=part[len("default: "):])
        elif part == "required":
            part = t("click.required")
        parts.append(part)
    return text[: found.start()] + "  [" + "; ".join(parts) + "]"


def _paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of ``text`` wrapped to ``width`` cells the way click keeps paragraphs: blank lines
    separate paragraphs, and a paragraph opened by a ``\\b`` line is kept as written."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        if lines and lines[0].strip() == "\b":
            out += [indent + line for line in lines[1:]]
        else:
            joined = " ".join(line.strip() for line in lines)
            out += wrap.fill(joined, width, indent, indent).split("\n")
        out.append("")
    return out[:-1]


LANG = {"help": "en"}
"""The language of help and usage errors for this run (set from --lang or the environment)."""


def _click():
    """click: vendored inside typer (0.28) or the click package (earlier typer)."""
    import typer.core

    return getattr(typer.core, "_click", None) or getattr(typer.core, "click")  # noqa: B009


def help_formatter_class():
    """A click ``HelpFormatter`` for Chinese help."""
    HelpFormatter = _click().formatting.HelpFormatter

    class ChineseHelpFormatter(HelpFormatter):
        t = Translator("zh")

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            first = f"{' ' * self.current_indent}{self.t('click.usage')}{prog} "
            lines = wrap.lines(args, max(self.width - cell_len(first), 20)) if args else [""]
            self.write(first + lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * cell_len(first) + line + "\n")

        def write_heading(self, heading: str) -> None:
            key = _HEADINGS.get(heading)
            self.write(f"{' ' * self.current_indent}{self.t(key) if key else heading}：\n")

        def write_text(self, text: str) -> None:
            for line in _paragraphs(text, self.width, " " * self.current_indent):
                self.write(line + "\n")

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
            rows = list(rows)
            first_width = min(max((cell_len(first) for first, _ in rows), default=0), col_max) + col_spacing
            text_width = max(self.width - first_width - 2 - self.current_indent, 10)
            for first, second in rows:
                lead = " " * self.current_indent + first
                if not second:
                    self.write(lead + "\n")
                    continue
                key = _BUILT_IN_HELP.get(second)
                second = self.t(key) if key else _extras(second, self.t)
                lines = _paragraphs(second, text_width) or [""]
                hanging = " " * (first_width + self.current_indent)
                if cell_len(first) <= first_width - col_spacing:
                    self.write(lead + " " * (first_width - cell_len(first)) + lines[0] + "\n")
                else:
                    self.write(lead + "\n" + hanging + lines[0] + "\n")
                for line in lines[1:]:
                    self.write((hanging + line).rstrip() + "\n")

    return ChineseHelpFormatter


# A usage error's message, by its known forms -> (catalogue key, groups)
_MESSAGES = [
    (re.compile(r"Invalid value for (.+?): (.*)", re.S), "click.invalid-value"),
    (re.compile(r"Invalid value: (.*)", re.S), "click.invalid-value-plain"),
    (re.compile(r"Missing argument (.+?)\.\s*(.*)", re.S), "click.missing-argument"),
    (re.compile(r"Missing option (.+?)\.\s*(.*)", re.S), "click.missing-option"),
    (re.compile(r"Missing parameter (.+?)\.\s*(.*)", re.S), "click.missing-option"),
    (re.compile(r"No such option: (\S+) \(Possible options: (.+)\)"), "click.no-such-option-hint"),
    (re.compile(r"No such option: (\S+)"), "click.no-such-option"),
    (re.compile(r"Option (.+) requires an argument\."), "click.requires-argument"),
    (re.compile(r"Option (.+) requires (\d+) arguments\."), "click.requires-arguments"),
    (re.compile(r"Option (.+) does not take a value\."), "click.takes-no-value"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)"), "click.extra-arguments"),
    (re.compile(r"No such command (.+?)\. Did you mean (.+)\?"), "click.no-such-command-hint"),
    (re.compile(r"No such command (.+?)\."), "click.no-such-command"),
    (re.compile(r"Missing command\."), "click.missing-command"),
]
_VALUE_MESSAGES = [
    (re.compile(r"(.+?) is not one of (.+)\.", re.S), "click.not-a-choice"),
    (re.compile(r"(.+?) is not in the range (.+)\.", re.S), "click.out-of-range"),
    (re.compile(r"(.+?) is not a valid (?:integer|int range)\."), "click.not-an-integer"),
    (re.compile(r"(.+?) is not a valid (?:float|float range)\."), "click.not-a-number"),
    (re.compile(r"(.+?) is not a valid boolean\..*", re.S), "click.not-a-boolean"),
]
_NAMES = ("a", "b")


def translate_message(message: str, t: Translator) -> str:
    """A click usage-error message in ``t``'s language (English, or an unknown form, as it is)."""
    if t.lang == "en":
        return message
    for pattern, key in _MESSAGES:
        found = pattern.fullmatch(message.strip())
        if found:
            groups = list(found.groups())
            if key.startswith("click.invalid-value"):
                groups[-1] = _value_message(groups[-1], t)
            if key in ("click.missing-argument", "click.missing-option") and groups[1]:
                return t(key, a=groups[0]) + " " + groups[1]
            return t(key, **dict(zip(_NAMES, groups)))
    return message


def _value_message(message: str, t: Translator) -> str:
    for pattern, key in _VALUE_MESSAGES:
        found = pattern.fullmatch(message.strip())
        if found:
            return t(key, **dict(zip(_NAMES, found.groups())))
    return message


def show_usage_error(error, t: Translator, file=None) -> None:
    """What click's ``UsageError.show`` prints -- usage, a hint, the error -- in ``t``'s language."""
    out = file or sys.stderr
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        out.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            out.write(t("click.try", command=f"{ctx.command_path} {ctx.help_option_names[0]}") + "\n")
        out.write("\n")
    out.write(t("click.error", message=translate_message(error.format_message(), t)) + "\n")


def classes(language_of):
    """The group and command classes for ``typer.Typer(cls=...)`` and ``app.command(cls=...)``:
    usage lines with click's capital metavars (``PROFILE``, not ``{PROFILE}``), help and usage
    errors in the language ``language_of(args)`` names."""
    from typer.core import TyperCommand, TyperGroup

    BaseContext = TyperGroup.context_class

    class Context(BaseContext):
        def make_formatter(self):
            if LANG["help"] == "zh":
                return help_formatter_class()(width=self.terminal_width, max_width=self.max_content_width)
            return super().make_formatter()

    def plain(pieces: list) -> list:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]

    class Command(TyperCommand):
        context_class = Context

        def collect_usage_pieces(self, ctx) -> list:
            return plain(super().collect_usage_pieces(ctx))

    class Group(TyperGroup):
        context_class = Context

        def collect_usage_pieces(self, ctx) -> list:
            return plain(super().collect_usage_pieces(ctx))

        def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
            lang = language_of(list(sys.argv[1:] if args is None else args))
            LANG["help"] = lang
            if lang == "en" or not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode, **extra)
            click, t = _click(), Translator(lang)
            no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
            try:
                code = super().main(args, prog_name, complete_var, False, **extra)
            except click.exceptions.UsageError as error:
                if no_args and isinstance(error, no_args):
                    error.show()
                else:
                    show_usage_error(error, t)
                sys.exit(error.exit_code)
            except click.exceptions.ClickException as error:
                sys.stderr.write(t("click.error", message=error.format_message()) + "\n")
                sys.exit(error.exit_code)
            except Exception as error:
                if type(error).__name__ != "Abort":
                    raise
                sys.stderr.write(t("click.aborted") + "\n")
                sys.exit(1)
            sys.exit(code if isinstance(code, int) else 0)

    return Group, Command
