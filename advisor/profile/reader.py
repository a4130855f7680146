"""Hardened YAML reading: plain data plus the line and column of every key and value.

Profiles are small, flat documents, so this reader refuses everything they never need and
that makes YAML dangerous to consume: anchors and aliases ("billion laughs"), explicit tags
(object construction), nesting deeper than ``MAX_DEPTH``, files over ``MAX_BYTES``, binary
content, several documents in one file. Duplicate keys are reported (PyYAML would silently
keep the last one). Plain scalars are read by the YAML 1.2 core schema, as editors and
check-jsonschema read them (``core_scalar``): ``yes``/``no`` are text and ``1e13`` a number.
Only YAML's event stream is used -- never object construction -- and the
C parser (libyaml) is used when it is installed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from advisor.profile.findings import ERROR, Finding

MAX_BYTES = 1_000_000
"""A profile is a few kilobytes; anything near a megabyte is a mistake or an attack."""

MAX_DEPTH = 16
"""Profiles nest four levels at most; deeper documents are rejected before they cost anything."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

# YAML 1.2 core schema (what editors and check-jsonschema read): `yes`, `no`, `on`, `off` are
# text, not booleans; `1e13` is a number; `0o17` and `0x1F` are integers; dates stay text.
_CORE_INT = re.compile(r"[-+]?[0-9]+\Z")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_CORE_OCT = re.compile(r"0o[0-7]+\Z")
_CORE_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_CORE_SPECIAL = {
    **{text: math.inf for text in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")},
    **{text: -math.inf for text in ("-.inf", "-.Inf", "-.INF")},
    **{text: math.nan for text in (".nan", ".NaN", ".NAN")},
}
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_MISSING = object()


def core_scalar(text: str, tag: str | None = None) -> object:
    """A plain scalar's value under the YAML 1.2 core schema; with an explicit standard ``tag``
    (``!!int "12"``), the value that tag's core form gives, else the text itself."""
    if tag in (None, "tag:yaml.org,2002:int") and _CORE_INT.match(text):
        return int(text)
    if tag in (None, "tag:yaml.org,2002:float") and _CORE_FLOAT.match(text):
        return float(text)
    if tag in (None, "tag:yaml.org,2002:int"):
        if _CORE_OCT.match(text):
            return int(text[2:], 8)
        if _CORE_HEX.match(text):
            return int(text[2:], 16)
    if tag in (None, "tag:yaml.org,2002:float"):
        special = _CORE_SPECIAL.get(text, _MISSING)
        if special is not _MISSING:
            return special
        if tag and _CORE_INT.match(text):
            return float(text)
    if tag in (None, "tag:yaml.org,2002:bool") and text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if tag in (None, "tag:yaml.org,2002:null") and text in _CORE_NULL:
        return None
    return text


Path = tuple  # a key path such as ("costs", "marketing") or ("costs", "other", "returns")


@dataclass
class Document:
    """A parsed YAML document: ``data`` and where each of its paths sits in the file."""

    data: object
    key_pos: dict = field(default_factory=dict)  # path -> (line, column) of the key
    value_pos: dict = field(default_factory=dict)  # path -> (line, column) of the value
    value_end: dict = field(default_factory=dict)  # path -> (line, column) just past a scalar or flow
    # collection; recorded only when parse_document(..., ends=True) asks (editing text in place needs it)

    def where(self, path: Path) -> tuple[int, int]:
        """Best position for a problem at ``path``: its value, else its key, else its parent."""
        while True:
            if path in self.value_pos:
                return self.value_pos[path]
            if path in self.key_pos:
                return self.key_pos[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _Stop(Exception):
    """Raised inside the walk when the document must be abandoned."""

    def __init__(self, finding_args: tuple) -> None:
        self.finding_args = finding_args


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _scalar(event) -> object:
    tag = event.tag
    if tag in (None, "!"):
        if event.style or not event.implicit[0]:
            return event.value  # quoted: always a string
        return core_scalar(event.value)
    # (explicit tags outside _STANDARD_TAGS were refused by the caller)
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        return event.value
    return core_scalar(event.value, tag)


def _events(text: str):
    """The parser's events, one C call each (``yaml.parse`` asks twice per event)."""
    loader = _Loader(text)
    try:
        get_event = loader.get_event
        while True:
            event = get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                return
            yield event
    finally:
        loader.dispose()


def parse_document(text: str, filename: str, ends: bool = False) -> tuple[Document | None, list[Finding]]:
    """Parse ``text``; return the document (None when unusable) and the problems found.

    ``ends`` also records where each scalar and flow collection ends (``Document.value_end``)."""
    findings: list[Finding] = []

    def add(pos, rule, key, params=None, severity=ERROR):
        findings.append(Finding(filename, pos[0], pos[1], severity, rule, key, params or {}))

    if not text.strip():
        add((1, 1), "empty-file", "empty-file")
        return None, findings
    doc = Document(None)
    try:
        # stack entries: [container, path, pending_key (for mappings), is_mapping, flow_style]
        stack: list[list] = []
        documents = 0
        Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        key_pos, value_pos, value_end = doc.key_pos, doc.value_pos, doc.value_end
        for event in _events(text):
            kind = type(event)
            if kind is Scalar or kind is MapStart or kind is SeqStart:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if event.anchor:
                    raise _Stop((pos, "yaml-alias", "yaml-anchor", {"anchor": event.anchor}))
                tag = event.tag
                if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
                    raise _Stop((pos, "yaml-tag", "yaml-tag", {"tag": tag}))
                top = stack[-1] if stack else None
                if top is not None and top[3] and top[2] is None:  # a mapping key
                    if kind is not Scalar:
                        raise _Stop((pos, "yaml-complex-key", "yaml-complex-key", {}))
                    key = event.value  # keys are names: no need to resolve "1" or "yes"
                    path = top[1] + (key,)
                    if key in top[0]:
                        add(pos, "duplicate-key", "duplicate-key", {"key": ".".join(path), "first_line": key_pos[path][0]})
                        top[2] = ("__duplicate__", path)
                    else:
                        key_pos[path] = pos
                        top[2] = (key, path)
                    continue
                # a value: into which container, under which path?
                if top is None:
                    key, path = None, ()
                elif top[3]:
                    key, path = top[2]
                    top[2] = None
                else:
                    key, path = len(top[0]), top[1] + (len(top[0]),)
                value = _scalar(event) if kind is Scalar else {} if kind is MapStart else []
                if key != "__duplicate__":
                    value_pos[path] = pos
                    if ends and kind is Scalar:
                        value_end[path] = (event.end_mark.line + 1, event.end_mark.column + 1)
                    if top is None:
                        doc.data = value
                    elif top[3]:
                        top[0][key] = value
                    else:
                        top[0].append(value)
                if kind is not Scalar:
                    if len(stack) >= MAX_DEPTH:
                        raise _Stop((pos, "yaml-too-deep", "yaml-too-deep", {"limit": MAX_DEPTH}))
                    stack.append([value, path, None, kind is MapStart, event.flow_style])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = stack.pop()
                if ends and closed[4]:  # flow style: the end is just past the closing bracket
                    value_end[closed[1]] = _pos(event.end_mark)
            elif kind is yaml.AliasEvent:
                raise _Stop((_pos(event.start_mark), "yaml-alias", "yaml-alias", {}))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop((_pos(event.start_mark), "yaml-multiple-documents", "yaml-multiple-documents", {}))
        if documents == 0:
            add((1, 1), "empty-file", "empty-file")
            return None, findings
    except _Stop as stop:
        pos, rule, key, params = stop.finding_args
        add(pos, rule, key, params)
        return None, findings
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark is not None else (1, 1)
        problem = exc.problem or str(exc).splitlines()[0]
        add(pos, "yaml-syntax", syntax_message(problem, text, mark), {"problem": problem})
        return None, findings
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        add((1, 1), "yaml-syntax", "yaml-syntax", {"problem": str(exc).splitlines()[0] if str(exc) else type(exc).__name__})
        return None, findings
    except RecursionError:  # only possible with the pure-Python parser
        add((1, 1), "yaml-too-deep", "yaml-too-deep", {"limit": MAX_DEPTH})
        return None, findings
    return doc, findings


YAML_PROBLEMS = {
    "did not find expected ',' or '}'": "flow-mapping",
    "did not find expected ',' or ']'": "flow-sequence",
    "did not find expected key": "indentation",
    "mapping values are not allowed in this context": "colon-in-value",
    "mapping values are not allowed here": "colon-in-value",
    "found unexpected end of stream": "end-of-file",
    "did not find expected '-' indicator": "sequence-indentation",
    "could not find expected ':'": "missing-colon",
    "did not find expected node content": "missing-value",
    "found unknown escape character": "escape",
    "found incompatible YAML document": "yaml-version",
    "found a tab character that violates indentation": "tab",
    "block sequence entries are not allowed in this context": "sequence-here",
    "did not find expected comment or line break": "trailing-text",
}
"""The parser's problems (libyaml's words, and the pure-Python parser's) -> a message of ours,
``finding.yaml-syntax-<code>`` in the catalogues, which says what to do in the user's language."""


def syntax_message(problem: str, text: str, mark) -> str:
    """The message key for a YAML syntax problem: a known one's own, else the generic one."""
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        found = line[mark.column:mark.column + 1]
        return "yaml-syntax-tab" if found == "\t" else "yaml-syntax-reserved"
    code = YAML_PROBLEMS.get(problem)
    return f"yaml-syntax-{code}" if code else "yaml-syntax"


def decode(raw: bytes, filename: str) -> tuple[str | None, list[Finding]]:
    """Bytes of a profile file to text, refusing what cannot be a profile."""
    if len(raw) > MAX_BYTES:
        return None, [Finding(filename, 0, 0, ERROR, "file-too-large", "file-too-large",
                              {"size": len(raw), "limit": MAX_BYTES})]
    if b"\x00" in raw:
        return None, [Finding(filename, 1, 1, ERROR, "binary-file", "binary-file", {})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Finding(filename, line, col, ERROR, "not-utf8", "not-utf8", {})]
    return text, []
