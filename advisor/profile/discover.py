"""Turning command-line paths (files, directories, glob patterns) into profile files.

Walks never enter a symlinked directory (``ln -s .. sub/up`` would make a loop, and two such
links an exponential number of paths); a file reached twice, by two arguments or through a
symlink, is read once. A directory that cannot be listed and a pattern that matches nothing
are reported, like a missing file, instead of being skipped in silence.
"""

from __future__ import annotations

import fnmatch
import os
import stat

from advisor.profile.findings import ERROR, Finding

PROFILE_SUFFIXES = (".yaml", ".yml")
_MAGIC = frozenset("*?[")


def profile_files(paths: list[str], suffixes: tuple = PROFILE_SUFFIXES) -> list[str]:
    """The files of ``find_inputs``, without its problems."""
    return find_inputs(paths, suffixes)[0]


def find_inputs(paths: list[str], suffixes: tuple = PROFILE_SUFFIXES) -> tuple[list[str], list[Finding]]:
    """Files named directly are kept whatever their suffix (so a typo is reported, not skipped);
    directories are searched recursively for ``suffixes``; patterns with * ? [ are expanded
    (``**`` for any depth). Order is stable (sorted within each argument); each file comes once.
    Returns the files and the problems met (unreadable directories, patterns matching nothing).
    """
    found: list[tuple] = []  # (path, identity or None: not known yet, is a symlink)
    problems: list[Finding] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found += sorted(_walk(path, suffixes, problems))
        elif not os.path.lexists(path) and any(ch in path for ch in _MAGIC):
            matches = sorted(set(_glob(path, problems)))
            if not matches:
                problems.append(Finding(path, 0, 0, ERROR, "unreadable", "no-match", {}))
            found += [(match, None, False) for match in matches]
        else:
            found.append((path, None, False))
    return _once(found), problems


def _unreadable_directory(path: str, exc: OSError) -> Finding:
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return Finding(path, 0, 0, ERROR, "unreadable", "unreadable-directory", {"reason": reason})


def _walk(top: str, suffixes: tuple, problems: list) -> list[tuple]:
    """(path, identity, is a symlink) of the files below ``top`` named with ``suffixes``,
    hidden folders skipped, symlinked directories not entered. Identities come from the
    directory listing (no call per file): (device of the folder, inode)."""
    files: list[tuple] = []
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            device = os.stat(folder).st_dev
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            problems.append(_unreadable_directory(folder, exc))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        pending.append(entry.path)
                elif entry.name.endswith(suffixes):
                    link = entry.is_symlink()
                    files.append((entry.path, None if link else (device, entry.inode()), link))
            except OSError:  # vanished meanwhile: named, so that reading it reports why
                files.append((entry.path, None, False))
    return files


def _glob(pattern: str, problems: list) -> list[str]:
    """``glob.glob(pattern, recursive=True)`` without following symlinked directories at ``**``
    (a single ``*`` may still name one: that cannot loop). Hidden names need a pattern that
    starts with a dot, as in ``glob``."""
    drive, rest = os.path.splitdrive(pattern)
    separators = "/" + (os.sep if os.sep != "/" else "") + (os.altsep or "")
    anchor = drive
    while rest and rest[0] in separators:
        anchor += rest[0]
        rest = rest[1:]
    parts: list[str] = []
    for part in rest.replace(os.sep, "/").split("/"):
        if part in ("", ".") or (part == "**" and parts and parts[-1] == "**"):
            continue
        parts.append(part)
    out: list[str] = []

    def entries(base: str):
        try:
            with os.scandir(base or ".") as it:
                return list(it)
        except NotADirectoryError:
            return []
        except OSError as exc:
            if not isinstance(exc, FileNotFoundError):
                problems.append(_unreadable_directory(base or ".", exc))
            return []

    def visit(base: str, i: int) -> None:
        if i == len(parts):
            if base and not os.path.isdir(base):
                out.append(base)
            return
        part = parts[i]
        last = i == len(parts) - 1
        if part == "**":
            visit(base, i + 1)  # no directory at all
            for entry in entries(base):
                if entry.name.startswith("."):
                    continue
                child = os.path.join(base, entry.name) if base else entry.name
                if entry.is_dir(follow_symlinks=False):
                    visit(child, i)
                elif last and not entry.is_dir():  # a trailing ** matches files too
                    out.append(child)
        elif any(ch in part for ch in _MAGIC):
            for entry in entries(base):
                if entry.name.startswith(".") and not part.startswith("."):
                    continue
                if fnmatch.fnmatch(entry.name, part) and (last or entry.is_dir()):
                    visit(os.path.join(base, entry.name) if base else entry.name, i + 1)
        else:
            child = os.path.join(base, part) if base else part
            if os.path.lexists(child):
                visit(child, i + 1)

    visit(anchor, 0)
    return out


def _once(found: list[tuple]) -> list[str]:
    """Each file once: the first spelling of a path named twice; a symlink to a file that is
    also an input in its own right is dropped in favour of the file."""
    keyed = []
    real: set = set()  # files reached other than through a symlink
    for path, key, link in found:
        if key is None:
            try:
                info = os.lstat(path)
                link = stat.S_ISLNK(info.st_mode)
                if link:
                    info = os.stat(path)
                key = (info.st_dev, info.st_ino)
            except (OSError, ValueError):
                key, link = os.path.normpath(path), False
        if not link:
            real.add(key)
        keyed.append((path, key, link))
    seen: set = set()
    out = []
    for path, key, link in keyed:
        if key in seen or (link and key in real):
            continue
        seen.add(key)
        out.append(path)
    return out
