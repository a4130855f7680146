"""Exclude patterns: which found files are left out, the way ruff's and yamllint's excludes work.

A pattern is a glob matched against a path relative to the pattern's base folder (the config
file's folder, or the current directory for ``--exclude``), with ``/`` as the separator:

- no ``/`` inside (``*.draft.yaml``, ``fixtures``): matches a file or folder name at any depth;
- with a ``/`` (``tests/fixtures/``, ``profiles/old/*.yaml``): anchored at the base folder;
  ``**`` matches any number of folders;
- a trailing ``/`` matches folders only; a matching folder excludes everything below it.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass


def _glob_regex(pattern: str) -> re.Pattern:
    """An anchored glob (``*`` within a name, ``**`` across folders) as a regular expression."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape("["))
                i += 1
            else:
                body = pattern[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class Pattern:
    text: str  # as written
    base: str  # absolute folder it is relative to
    origin: str  # where it was written: a config file, or "--exclude"

    @property
    def folders_only(self) -> bool:
        return self.text.endswith("/")

    def matches(self, path: str) -> bool:
        """Does this pattern exclude ``path`` (a file)?"""
        return self.matches_absolute(os.path.abspath(path))

    def matches_absolute(self, absolute: str) -> bool:
        body = self.text.rstrip("/").removeprefix("./")
        if not body:
            return False
        prefix = self.base.rstrip(os.sep) + os.sep
        inside = absolute.startswith(prefix)
        parts = (absolute[len(prefix):] if inside else absolute.lstrip(os.sep)).split(os.sep)
        names = parts[:-1] if self.folders_only else parts
        if "/" not in body:
            return any(fnmatch.fnmatchcase(name, body) for name in names)
        if not inside:  # outside the base folder: anchored patterns cannot reach it
            return False
        regex = _glob_regex(body.lstrip("/"))
        last = len(parts) - 1 if self.folders_only else len(parts)
        return any(regex.match("/".join(parts[:k])) for k in range(1, last + 1))


class Excludes:
    """The patterns in force: the config file's and the command line's."""

    def __init__(self, patterns: list[Pattern] | None = None) -> None:
        self.patterns = patterns or []

    @classmethod
    def of(cls, config_patterns=(), config_base: str = ".", config_path: str | None = None,
           command_line=()) -> Excludes:
        here = os.path.abspath(os.getcwd())
        patterns = [Pattern(p, os.path.abspath(config_base), config_path or "") for p in config_patterns]
        patterns += [Pattern(p, here, "--exclude") for p in command_line]
        return cls(patterns)

    def match(self, path: str) -> Pattern | None:
        """The first pattern that excludes ``path``, or None."""
        if not self.patterns:
            return None
        absolute = os.path.abspath(path)
        for pattern in self.patterns:
            if pattern.matches_absolute(absolute):
                return pattern
        return None
