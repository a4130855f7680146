"""Which files a command reads: command-line paths expanded (``discover.profile_files``), then
de-duplicated by real path, excludes applied, the command's own output and anything advisor
wrote left out, and YAML files that are clearly not profiles set aside.

Every file left out for a reason the user may not expect becomes a ``Note`` (shown on standard
error); nothing here raises for a bad file -- the readers report those -- except naming the
``--output`` file as an input, which is a usage error.

- A file named on the command line is always read (unless an exclude pattern matches it: as in
  yamllint, excludes hold for named files too, so pre-commit, which names every file, honours
  them). Files found through a directory or a glob pattern are "found".
- Whether a found YAML file is a profile at all is decided where it is parsed anyway
  (``load.read_file(..., only_profiles=True)``): ``named`` tells the readers which files the
  user named, and so must be checked whatever they hold.
- A table whose header is exactly what ``advisor batch`` writes is advisor's output, never an
  input, wherever it was named.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field

from advisor.errors import UsageError
from advisor.profile.discover import PROFILE_SUFFIXES, find_inputs
from advisor.profile.excludes import Excludes


@dataclass(frozen=True)
class Note:
    """A file (or argument) left out, and why: ``note.<key>`` in the catalogues."""

    path: str
    key: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Inputs:
    files: list = field(default_factory=list)  # in order, each once
    named: set = field(default_factory=set)  # the files the user named themselves
    notes: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # findings of the paths themselves (an unreadable folder...)
    excluded: int = 0  # files an exclude pattern left out

    @property
    def skipped(self) -> int:
        """Files left out for a reason other than an exclude: the output file, advisor's own tables."""
        return sum(note.key in ("output-file", "advisor-output") for note in self.notes)


def _url(path: str) -> bool:
    from advisor.profile.parquet import is_url

    return is_url(path)


def _is_pattern(path: str) -> bool:
    return not os.path.exists(path) and any(ch in path for ch in "*?[")


_real_folders: dict = {}


def _real_path(path: str) -> str:
    """``os.path.realpath``, with each folder resolved once (a folder of ten thousand files)."""
    folder, name = os.path.split(path)
    real = _real_folders.get(folder)
    if real is None:
        real = _real_folders[folder] = os.path.realpath(folder or ".")
    joined = os.path.join(real, name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def _first_line(path: str) -> str | None:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
            for line in fh:
                if line.strip():
                    return line.strip()
                if fh.tell() > 65536:
                    return None
    except (OSError, ValueError):
        return None
    return None


def written_by_advisor(path: str, columns: tuple) -> bool:
    """Is this CSV, JSON-lines or Parquet file a table ``advisor batch`` wrote (its header is
    ``columns``)?"""
    if columns and path.lower().endswith(".parquet"):
        try:
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names) == list(columns)
        except Exception:  # no pyarrow, or not Parquet: the reader says so
            return False
    if not columns or not path.lower().endswith((".csv", ".jsonl", ".ndjson")):
        return False
    line = _first_line(path)
    if line is None:
        return False
    if path.lower().endswith(".csv"):
        return [cell.strip().strip('"') for cell in line.split(",")] == list(columns)
    try:
        row = json.loads(line)
    except ValueError:
        return False
    return isinstance(row, dict) and list(row) == list(columns)


def collect(paths: list[str], suffixes: tuple = PROFILE_SUFFIXES, excludes: Excludes | None = None,
            outputs: tuple = (), output_columns: tuple = (), storage_options: dict | None = None) -> Inputs:
    """The files ``paths`` name, for a command reading ``suffixes``.

    ``outputs``: files the command writes (``--output``): never read; naming one as an input is a
    usage error. ``output_columns``: the header of a table advisor writes, to recognise one.
    A URL (``s3://bucket/shops/``) names Parquet files, listed through fsspec with
    ``storage_options`` (only when the command reads Parquet).
    """
    result = Inputs()
    seen: set = set()
    never = {os.path.realpath(path) for path in outputs if path}
    _real_folders.clear()
    for argument in paths:
        if ".parquet" in suffixes and "://" in argument and _url(argument):
            from advisor.profile import parquet

            urls, problems = parquet.expand(argument, storage_options)
            result.problems += problems
            for url in urls:
                if url not in seen:
                    seen.add(url)
                    result.files.append(url)
                    result.named.add(url)
            continue
        named = not (os.path.isdir(argument) or _is_pattern(argument))
        found, problems = find_inputs([argument], suffixes)
        result.problems += problems
        if not found:
            if not problems:  # (a pattern that matches nothing is already a problem of its own)
                result.notes.append(Note(argument, "no-match" if _is_pattern(argument) else "no-files",
                                         {"suffixes": ", ".join("*" + s for s in suffixes)}))
            continue
        for path in found:
            real = _real_path(path)
            if real in seen:
                continue
            seen.add(real)
            if real in never:
                if named:
                    raise UsageError("input-is-output", path=path)
                result.notes.append(Note(path, "output-file"))
                continue
            pattern = excludes.match(path) if excludes else None
            if pattern is not None:
                result.excluded += 1
                if named:
                    result.notes.append(Note(path, "excluded", {"pattern": pattern.text,
                                                                "origin": pattern.origin}))
                continue
            if written_by_advisor(path, output_columns):
                result.notes.append(Note(path, "advisor-output"))
                continue
            result.files.append(path)
            if named:
                result.named.add(path)
    return result
