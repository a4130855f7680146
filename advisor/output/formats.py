"""One output pattern for every command: a registry of writers, name -> writer.

A writer is ``write(result, t, out)``: it renders a command's result in the language of ``t`` to
the text stream ``out``. The registry gives the ``--format`` choices, infers a format from an
output file's suffix (refusing a suffix it does not know), and ``emit`` sends a result to
standard output or, atomically, to a file.
``screen`` writers are for people at a terminal (rich text); written to a file, a registry's
``file_format`` takes their place.
"""

import os
import sys
from collections.abc import Callable
from typing import NamedTuple


class Writer(NamedTuple):
    write: Callable  # (result, translator, text stream) -> None
    suffixes: tuple = ()  # output-file suffixes that choose this format
    screen: bool = False
    prepare: Callable | None = None  # (a chunk's results) -> what ``write`` can reuse, made as chunks come in
    binary: bool = False  # writes bytes (Parquet): only to a file, never to a terminal


class Registry(NamedTuple):
    writers: dict  # name -> Writer, in the order --help lists them
    default: str  # the format on standard output when none is given
    aliases: dict = {}  # noqa: RUF012 -- name -> () -> a writer's name, decided at run time (never mutated)
    file_format: str | None = None  # replaces a screen format when writing to a file

    @property
    def choices(self) -> tuple:
        return tuple(self.aliases) + tuple(self.writers)

    def resolve(self, name: str | None, output: str | None = None) -> str:
        """The writer to use for ``--format name`` (None: not given) and ``--output output``."""
        if name is None:
            name = self.by_suffix(output) if output else self.default
        if name in self.aliases:
            name = self.aliases[name]()
        if output and self.writers[name].screen and self.file_format:
            name = self.file_format
        return name

    @property
    def suffixes(self) -> tuple:
        return tuple(suffix for writer in self.writers.values() for suffix in writer.suffixes)

    def by_suffix(self, path: str) -> str:
        """The format an output file's suffix names. A suffix no format has is a usage error that
        lists the known ones: guessing would write, say, CSV into ``report.xlsx``."""
        suffix = os.path.splitext(path)[1].lower()
        for name, writer in self.writers.items():
            if suffix in writer.suffixes:
                return name
        from advisor.errors import UsageError

        if os.path.isdir(path):
            raise UsageError("output-is-directory", path=path)
        key = "unknown-suffix" if len(self.choices) > 1 else "unknown-suffix-one"  # (report: no --format)
        raise UsageError(key, path=path, suffix=suffix or '""', known=", ".join(self.suffixes),
                         formats=", ".join(self.choices))

    def emit(self, name: str, result, t, output: str | None = None, force: bool = False) -> None:
        """Write ``result`` in format ``name``: to standard output, or atomically to ``output``
        (an existing file only with ``force``)."""
        from advisor.output.numbers import for_stream

        writer = self.writers[name]
        if output is None:
            if writer.binary:
                from advisor.errors import UsageError

                raise UsageError("binary-needs-output", format=name)
            with for_stream(sys.stdout):
                writer.write(result, t, sys.stdout)
            return
        from advisor.output.atomic import open_atomic

        with open_atomic(output, overwrite=force, binary=writer.binary) as fh:  # text files are UTF-8
            writer.write(result, t, fh)


def console(out=None, stderr: bool = False):
    """A rich console for people: no highlighting of numbers, no soft wrapping, no emoji codes
    (a shop named ":fire: deals" keeps its colons; and the emoji table costs start-up time). Its
    width is measured once: rich would ask the terminal (and the environment) at every print."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1 itself; the CLI says 141 (docs: exit codes)
            self.quiet = True
            raise BrokenPipeError

    screen = _Console(file=out, stderr=stderr, highlight=False, soft_wrap=False, emoji=False)
    screen.size = screen.size  # (width and height both: rich asks again while either is unset)
    return screen
