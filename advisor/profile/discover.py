"""Turning command-line paths (files, directories, glob patterns) into profile files."""

from __future__ import annotations

import glob
import os

PROFILE_SUFFIXES = (".yaml", ".yml")


def profile_files(paths: list[str], suffixes: tuple = PROFILE_SUFFIXES) -> list[str]:
    """Files named directly are kept whatever their suffix (so a typo is reported, not skipped);
    directories are searched recursively for ``suffixes``; patterns with * ? [ are expanded.
    Order is stable (sorted within each argument) and duplicates are dropped.
    """
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            batch = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                batch += [os.path.join(root, f) for f in files if f.endswith(suffixes)]
            found += sorted(batch)
        elif not os.path.exists(path) and any(ch in path for ch in "*?["):
            found += sorted(p for p in glob.glob(path, recursive=True) if os.path.isfile(p))
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # first occurrence of each, in order
