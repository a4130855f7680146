"""Hardened YAML reading: plain data plus the line and column of every key and value.

Profiles are small, flat documents, so this reader refuses everything they never need and
that makes YAML dangerous to consume: anchors and aliases ("billion laughs"), explicit tags
(object construction), nesting deeper than ``MAX_DEPTH``, files over ``MAX_BYTES``, binary
content, several documents in one file. Duplicate keys are reported (PyYAML would silently
keep the last one). Plain scalars are read by the YAML 1.2 core schema, as editors and
check-jsonschema read them (``core_scalar``): ``yes``/``no`` are text and ``1e13`` a number.
Only YAML's event stream is used -- never object construction -- and the C parser (libyaml) is
used when it is installed. A tag whose value does not fit it (``!!bool maybe``) and an integer
no float can hold are findings at their position, never exceptions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from advisor.profile.findings import ERROR, WARNING, Finding
from advisor.profile.textfile import guess_encoding

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

_SCALAR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}

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


MAX_NUMBER_CHARS = 1000
"""A number written with more characters is not read at all: no profile value needs them, and
reading one (``1:0:0:...`` in base 60, 5,000 digits) costs time or raises."""
_LARGEST = 1.7976931348623157e308  # sys.float_info.max: the model computes in floats


class NumberTooLarge(str):
    """The text of a number too large for a float (or too long to read): validation reports it
    at its position as ``number-too-large``. A ``str`` so that text fields still take it."""


def number_or_too_large(value: int | float, text: str) -> object:
    """``value``, or ``NumberTooLarge(text)`` when no float can hold it."""
    if isinstance(value, int) and not -_LARGEST <= value <= _LARGEST:
        return NumberTooLarge(text)
    if isinstance(value, float) and value in (float("inf"), float("-inf")) and "inf" not in text.lower():
        return NumberTooLarge(text)  # 1e400: an overflow, not a deliberate .inf
    return value


_DUPLICATE = object()
"""Where the value of a duplicate key goes: nowhere (the first one is kept and the second reported)."""

_COLLECTION_TAG = {yaml.MappingStartEvent: "tag:yaml.org,2002:map", yaml.SequenceStartEvent: "tag:yaml.org,2002:seq"}

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


def _scalar(event, pos: tuple[int, int]) -> object:
    tag = event.tag
    value = event.value
    explicit = tag not in (None, "!")
    if not explicit:
        if event.style or not event.implicit[0]:
            return value  # quoted: always a string
        return _plain_scalar(value)
    else:
        if tag not in _SCALAR_TAGS:  # !!map or !!seq on a plain value
            raise _Stop((pos, "yaml-tag", "yaml-tag-value", {"tag": _short_tag(tag), "value": value}))
        # (explicit tags outside _STANDARD_TAGS were refused by the caller)
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and len(value) > MAX_NUMBER_CHARS:
            return NumberTooLarge(value)
        result = core_scalar(value, tag)
        if isinstance(result, str):  # !!bool maybe, !!int "", !!float ]: the value does not fit its tag
            raise _Stop((pos, "yaml-tag", "yaml-tag-value", {"tag": _short_tag(tag), "value": value}))
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return number_or_too_large(result, value)
    return result


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


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


_SIMPLE_LINE = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_-]*):(?:( +)(.*))?\Z")
"""``key: value`` in block style: the only kind of line a plain profile is made of."""
_INDICATORS = frozenset("[]{},#&*!|>'\"%@`")
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters the fast reader leaves to the parser (control characters, tabs, CR, lone surrogates)."""


def _plain_document(text: str) -> Document | None:
    """A profile written the plain way -- block mappings of ``key: value`` lines, comments,
    blank lines, an optional leading ``---`` -- read line by line, without the YAML parser: the
    same data and positions the parser gives (tests/test_yamlsafe.py compares them on every
    fixture and on generated documents). None for anything else (flow style, quotes with
    escapes, sequences, anchors, tags, multi-line scalars, duplicate keys, odd indentation...),
    which the parser then reads and reports."""
    if _UNSAFE.search(text.replace("\r\n", "\n")):
        return None
    doc = Document({})
    key_pos, value_pos = doc.key_pos, doc.value_pos
    stack: list = [(-1, doc.data, ())]  # (indent, mapping, path) of the open mappings
    pending = None  # (indent, path, line, column) of a key whose value comes on the next lines
    started = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if line == "---" and not started:
            started = True
            continue
        match = _SIMPLE_LINE.match(line)
        if match is None:
            return None
        started = True
        indent, key = len(match.group(1)), match.group(2)
        if pending is not None:  # the key before this line opened a mapping: this line is its first
            parent_indent, parent_path, _, _ = pending
            if indent <= parent_indent:
                return None  # an empty value: the parser decides where it sits
            child: dict = {}
            stack[-1][1][parent_path[-1]] = child
            value_pos[parent_path] = (number, indent + 1)
            stack.append((indent, child, parent_path))
            pending = None
        elif indent > stack[-1][0] and len(stack) > 1:
            return None  # deeper than its siblings, with no key to hang from
        while indent < stack[-1][0]:
            stack.pop()
        if indent != stack[-1][0]:
            if len(stack) == 1 and not value_pos:  # the document's first key
                stack[-1] = (indent, doc.data, ())
                value_pos[()] = (number, indent + 1)
            else:
                return None  # a dedent to no earlier level
        mapping, path = stack[-1][1], stack[-1][2] + (key,)
        if key in mapping or len(stack) > MAX_DEPTH:
            return None  # duplicates and depth: the parser reports them
        key_pos[path] = (number, indent + 1)
        spaces, raw = match.group(3), match.group(4)
        if raw is None or not raw.strip(" ") or raw.startswith("#"):  # nothing after the colon: a mapping follows, or null
            mapping[key] = None
            pending = (indent, path, number, indent + len(key) + 2)
            continue
        column = indent + len(key) + 1 + len(spaces)  # (0-based)
        comment = raw.find(" #")
        value = (raw[:comment] if comment >= 0 else raw).rstrip(" ")
        first = value[0]
        if first in _INDICATORS and first not in "'\"":
            return None
        if first in "-?:" and (len(value) == 1 or value[1] == " "):
            return None
        if first in "'\"":  # quoted: only the simplest kind, the whole value
            if len(value) < 2 or value[-1] != first or first in value[1:-1] or "\\" in value:
                return None
            mapping[key] = value[1:-1]
        else:
            if ": " in value or value.endswith(":") or " #" in value:
                return None
            mapping[key] = _plain_scalar(value)
        value_pos[path] = (number, column + 1)
    if pending is not None or not value_pos:
        return None  # a trailing empty value, or no key at all: the parser's cases
    return doc


_SHORT_DECIMAL = re.compile(r"[-+]?[0-9]{1,15}(?:\.[0-9]{0,15})?\Z")
"""The numbers profiles are made of: under 16 digits each side, exactly what ``core_scalar`` reads."""


def _plain_scalar(value: str) -> object:
    """An untagged plain scalar's value (the YAML 1.2 core schema; numbers no float holds kept
    as ``NumberTooLarge``)."""
    if _SHORT_DECIMAL.match(value):  # the common case, decided at once
        return float(value) if "." in value else int(value)
    if len(value) > MAX_NUMBER_CHARS and (_CORE_INT.match(value) or _CORE_FLOAT.match(value)):
        return NumberTooLarge(value)
    result = core_scalar(value)
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return number_or_too_large(result, value)
    return result


def parse_document(text: str, filename: str, ends: bool = False) -> tuple[Document | None, list[Finding]]:
    """Parse ``text``; return the document (None when unusable) and the problems found.

    ``ends`` also records where each scalar and flow collection ends (``Document.value_end``)."""
    if not ends:
        plain = _plain_document(text)
        if plain is not None:
            return plain, []
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
                if kind is not Scalar and tag not in (None, "!", _COLLECTION_TAG[kind]):  # !!int {a: 1}
                    raise _Stop((pos, "yaml-tag", "yaml-tag-collection", {"tag": _short_tag(tag)}))
                top = stack[-1] if stack else None
                if top is not None and top[3] and top[2] is None:  # a mapping key
                    if kind is not Scalar:
                        raise _Stop((pos, "yaml-complex-key", "yaml-complex-key", {}))
                    key = event.value  # keys are names: no need to resolve "1" or "yes"
                    path = top[1] + (key,)
                    if key in top[0]:
                        add(pos, "duplicate-key", "duplicate-key", {"key": ".".join(path), "first_line": key_pos[path][0]})
                        top[2] = (_DUPLICATE, path)
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
                value = _scalar(event, pos) if kind is Scalar else {} if kind is MapStart else []
                if key is not _DUPLICATE:
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
        if "maximum nesting depth" in problem:  # libyaml's own limit, in flow collections
            add(pos, "yaml-too-deep", "yaml-too-deep", {"limit": MAX_DEPTH})
        else:
            add(pos, "yaml-syntax", syntax_message(problem, text, mark), {"problem": problem})
        return None, findings
    except yaml.reader.ReaderError as exc:  # a control character: located by its offset
        line, col = offset_position(text, exc.position)
        problem = f"{exc.reason}: U+{exc.character:04X}" if isinstance(exc.character, int) else exc.reason
        add((line, col), "yaml-syntax", "yaml-syntax", {"problem": problem})
        return None, findings
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        add((1, 1), "yaml-syntax", "yaml-syntax", {"problem": str(exc).splitlines()[0] if str(exc) else type(exc).__name__})
        return None, findings
    except RecursionError:  # only possible with the pure-Python parser
        add((1, 1), "yaml-too-deep", "yaml-too-deep", {"limit": MAX_DEPTH})
        return None, findings
    return doc, findings


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of character ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


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


def decode(raw: bytes, filename: str, encoding: str | None = None) -> tuple[str | None, list[Finding]]:
    """Bytes of a profile file to text, refusing what cannot be a profile. ``encoding`` None:
    UTF-8, unless a byte-order mark says UTF-16 or UTF-32, or the text is plainly GB18030 (then
    read, with a warning)."""
    if len(raw) > MAX_BYTES:
        return None, [Finding(filename, 0, 0, ERROR, "file-too-large", "file-too-large",
                              {"size": len(raw), "limit": MAX_BYTES})]
    findings: list[Finding] = []
    guessed = encoding is None
    if encoding is None:
        encoding = guess_encoding(raw, complete=True)
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"  # a byte-order mark is not part of the text
    wide = encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32"))
    if not wide and b"\x00" in raw:
        return None, [Finding(filename, 1, 1, ERROR, "binary-file", "binary-file", {})]
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if wide:
            return None, [Finding(filename, 1, 1, ERROR, "binary-file", "binary-file", {})]
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        if encoding == "utf-8-sig":
            return None, [Finding(filename, line, col, ERROR, "not-utf8", "not-utf8", {})]
        return None, [Finding(filename, line, col, ERROR, "encoding", "bad-bytes",
                              {"encoding": encoding, "byte": f"0x{raw[exc.start]:02X}"})]
    if "\x00" in text:
        return None, [Finding(filename, 1, 1, ERROR, "binary-file", "binary-file", {})]
    if guessed and encoding == "gb18030":
        findings.append(Finding(filename, 1, 1, WARNING, "encoding", "encoding-guessed", {"encoding": "GB18030"}))
    return text, findings
