"""The project's advisor settings: ``[tool.advisor]`` in pyproject.toml, ``.advisor.toml`` or
``.advisor.yaml``, found the way ruff and yamllint find theirs.

Looked for in the current directory, then each parent up to the file system root; the first
directory that has one wins, and in one directory ``.advisor.toml`` comes before
``.advisor.yaml`` / ``.advisor.yml``, which come before ``pyproject.toml`` (used only when it has
a ``[tool.advisor]`` table). ``--config FILE`` names one instead. The settings::

    exclude = ["tests/fixtures/", "*.draft.yaml"]   # glob patterns, relative to the file's folder
    schema = "schemas/profile.schema.json"          # where `advisor init` points new profiles
    [validate]                                      # [tool.advisor.validate] in pyproject.toml
    strict = true
    format = "github"
    [batch]
    format = "csv"

A bad file is an ``AdvisorError`` (exit 2, like a bad option) naming the file and, where it can
be found, the line and column. Whether a ``format`` names a real format is for the command to
check (it owns the registry): ``Setting.where`` says where the value was written.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass, field

from advisor.errors import UsageError

FILE_NAMES = (".advisor.toml", ".advisor.yaml", ".advisor.yml", "pyproject.toml")
"""In the order they are tried within one directory."""

COMMAND_KEYS: dict[str, dict[str, type]] = {"validate": {"strict": bool, "format": str}, "batch": {"format": str}}
"""Each command's table and the type of each of its keys."""
TOP_KEYS: dict[str, type] = {"exclude": list, "schema": str, **{name: dict for name in COMMAND_KEYS}}


@dataclass(frozen=True)
class Setting:
    """A value from the config file and where it was written (``file:line:column``)."""

    value: object
    where: str


@dataclass
class Config:
    path: str | None = None  # the file the settings came from; None: no file
    base: str = "."  # the folder exclude patterns are relative to
    exclude: tuple = ()
    schema: str | None = None  # absolute path of the profiles' JSON Schema in the repository (advisor init)
    commands: dict = field(default_factory=dict)  # command -> {key: Setting}

    def get(self, command: str, key: str) -> Setting | None:
        return self.commands.get(command, {}).get(key)


def find(start: str | None = None) -> str | None:
    """The config file that applies to ``start`` (default: the current directory), or None."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        for name in FILE_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load(explicit: str | None = None) -> Config:
    """The settings in force: from ``explicit`` (``--config``) or the file :func:`find` finds."""
    path = explicit or find()
    if path is None:
        return Config()
    if explicit and not os.path.isfile(explicit):
        raise UsageError("config-missing", path=explicit)
    text = _read(path)
    if path.endswith((".yaml", ".yml")):
        data, positions = _yaml(text, path)
    else:
        data, positions = _toml(text, path)
    return _check(data, path, positions)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read(1_000_001)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError("config-unreadable", path=path, reason=reason) from None


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return re.search(r"(?m)^\s*\[\s*tool\s*\.\s*advisor\s*[.\]]", fh.read(1_000_001)) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _toml(text: str, path: str) -> tuple[dict, dict]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            where = f"{path}:{found.group(1)}:{found.group(2)}"
        else:  # "(at end of document)"
            lines = text.splitlines() or [""]
            where = f"{path}:{len(lines)}:{len(lines[-1]) + 1}"
        raise UsageError("config-syntax", where=where, problem=re.sub(r"\s*\(at (line|end).*\)$", "", message)) from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("advisor", {})
        prefix = "tool.advisor."
    else:
        prefix = ""
    return data, _toml_positions(text, prefix)


def _toml_positions(text: str, prefix: str) -> dict:
    """(table, key) -> (line, column) for the keys of the tables that matter, found in the text
    (tomllib reports no positions): good enough to point at a mistake. ``prefix`` is
    ``tool.advisor.`` in pyproject.toml; table "" is the top of the advisor settings."""
    positions: dict = {}
    table: str | None = None if prefix else ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            name = re.sub(r"[\s\"']", "", header.group(1)) + "."
            table = name[len(prefix):-1] if name.startswith(prefix) else None
            continue
        key = re.match(r"(\s*)([A-Za-z0-9_\-]+)\s*=", line)
        if key and table is not None:
            positions.setdefault((table, key.group(2)), (number, len(key.group(1)) + 1))
    return positions


def _yaml(text: str, path: str) -> tuple[dict, dict]:
    from advisor.profile.reader import parse_document

    doc, findings = parse_document(text, path)
    if doc is None:
        if findings and findings[0].rule == "empty-file":
            return {}, {}
        f = findings[0]
        raise UsageError("config-syntax", where=f"{path}:{f.line}:{f.column}",
                         problem=f.params.get("problem", f.rule))
    positions = {}
    for keys, pos in doc.key_pos.items():
        if len(keys) == 1:
            positions[("", keys[0])] = pos
        elif len(keys) == 2:
            positions[(keys[0], keys[1])] = pos
    data: dict = doc.data if isinstance(doc.data, dict) else {} if doc.data is None else {"": doc.data}
    if not isinstance(doc.data, (dict, type(None))):
        raise UsageError("config-type-table", where=f"{path}:1:1", key="advisor")
    return data, positions


def _check(data: object, path: str, positions: dict) -> Config:
    def where(table: str, key: str) -> str:
        pos = positions.get((table, key))
        return f"{path}:{pos[0]}:{pos[1]}" if pos else path

    def expect(table: str, key: str, value: object, kind: type) -> None:
        if kind is list:
            ok = isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)
        else:
            ok = isinstance(value, kind)
        if not ok:
            name = f"{table}.{key}" if table else key
            raise UsageError("config-type-" + _KIND_WORDS[kind], where=where(table, key), key=name)

    if not isinstance(data, dict):
        raise UsageError("config-type-table", where=path, key="advisor")
    _unknown(data, TOP_KEYS, "", where)
    config = Config(path=path, base=os.path.dirname(os.path.abspath(path)))
    if "exclude" in data:
        expect("", "exclude", data["exclude"], list)
        config.exclude = tuple(data["exclude"])
    if "schema" in data:
        expect("", "schema", data["schema"], str)
        config.schema = os.path.join(config.base, data["schema"])
    for command, keys in COMMAND_KEYS.items():
        table = data.get(command)
        if table is None:
            continue
        expect("", command, table, dict)
        assert isinstance(table, dict)
        _unknown(table, keys, command, where)
        settings = {}
        for key, kind in keys.items():
            if key in table:
                expect(command, key, table[key], kind)
                settings[key] = Setting(table[key], where(command, key))
        config.commands[command] = settings
    return config


_KIND_WORDS = {list: "list-of-patterns", bool: "bool", str: "text", dict: "table"}


def _unknown(table: dict, allowed: dict, name: str, where) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
            raise UsageError("config-unknown-key-hint" if close else "config-unknown-key", where=where(name, str(key)),
                             key=f"{name}.{key}" if name else str(key), allowed=", ".join(allowed),
                             hint=close[0] if close else "")
