"""Editing a profile's text in place: set a few keys and the ``calibration`` section, keep every
other byte -- comments, blank lines, key order, quoting, line endings, a byte-order mark.

A YAML round trip would lose the comments, so the edit is made on the text at the positions the
profile reader records (``Document.key_pos``, ``value_pos``, ``value_end``):
- a key that has a value gets the new value in its place; a comment after it keeps its column;
- a key its section lacks is added after the section's last key, at that key's indentation (or
  before the closing brace of a flow mapping ``sales: {...}``);
- a section the profile lacks is added at the end;
- the ``calibration`` section is written whole: replaced where it is, else added at the end.
"""

from __future__ import annotations

import json
import re

from advisor.profile.reader import Document

LINE_BREAK = re.compile(r"\r\n|\r|\n")
TRAILING_COMMENT = re.compile(r"([ \t]+)#")
CALIBRATION = "calibration"


def scalar(value: object) -> str:
    """A number or a word as a plain YAML scalar (text that YAML would misread is quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    text = str(value)
    return text if re.fullmatch(r"[A-Za-z][\w.-]*", text) else json.dumps(text, ensure_ascii=False)


class Editor:
    """Edits of one text, applied together by ``result``; ``doc`` is the text parsed with
    ``parse_document(text, name, ends=True)``."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.doc = doc
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        self.eol = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, int, str]] = []  # (start, sequence, end, replacement)
        self.appended: dict[str, list[str]] = {}  # new section -> its lines

    # -- positions ---------------------------------------------------------------------------
    def offset(self, pos: tuple[int, int]) -> int:
        return self.starts[pos[0] - 1] + pos[1] - 1

    def line_end(self, offset: int) -> int:
        """The offset of the line break after ``offset`` (or the end of the text)."""
        match = LINE_BREAK.search(self.text, offset)
        return match.start() if match else len(self.text)

    def end_of(self, path: tuple) -> int:
        """Just past a value: a scalar or a flow collection, or the last scalar inside a block one."""
        if path in self.doc.value_end:
            return self.offset(self.doc.value_end[path])
        inside = [self.offset(pos) for p, pos in self.doc.value_end.items() if p[: len(path)] == path]
        return max(inside) if inside else self.offset(self.doc.value_pos[path])

    def _edit(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, len(self.edits), end, replacement))

    # -- edits -------------------------------------------------------------------------------
    def set(self, path: str, value: object, mark: str | None = None) -> None:
        """Give ``section.key`` the value ``value``; ``mark`` becomes its line's comment."""
        keys = tuple(path.split("."))
        section, text = keys[:-1], scalar(value)
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        if keys in self.doc.value_pos:
            self._replace(keys, text, mark)
        elif section in self.doc.value_pos and isinstance(data.get(section[0]), dict):
            self._insert(section, keys[-1], text, data[section[0]], mark)
        elif section in self.doc.value_pos and data.get(section[0]) is None:  # "ads:" and nothing under it
            at = self.line_end(self.offset(self.doc.key_pos[section]))
            self._edit(at, at, self.eol + self._line("  ", keys[-1], text, mark))
        else:
            self.appended.setdefault(section[0], []).append(self._line("  ", keys[-1], text, mark))

    @staticmethod
    def _line(indent: str, key: str, text: str, mark: str | None) -> str:
        return f"{indent}{key}: {text}" + (f"  # {mark}" if mark else "")

    def _replace(self, keys: tuple, text: str, mark: str | None) -> None:
        start, end = self.offset(self.doc.value_pos[keys]), self.end_of(keys)
        if keys not in self.doc.value_end:  # a block collection (a range): replace it from the colon on
            key_at = self.offset(self.doc.key_pos[keys])
            start = self.text.index(":", key_at + len(keys[-1])) + 1
            text = " " + text
        elif start == end:  # an empty value ("key:"): the position is right after the colon
            text = " " + text
        stop = self.line_end(end)
        rest = self.text[end:stop]
        comment = TRAILING_COMMENT.match(rest)
        if mark is not None and (comment or not rest.strip()):
            spaces = comment.group(1) if comment else "  "
            self._edit(start, stop, f"{text}{self._pad(spaces, end - start, text, least=2)}# {mark}")
        elif comment:  # keep the comment where it was
            self._edit(start, end + len(comment.group(1)), text + self._pad(comment.group(1), end - start, text))
        else:
            self._edit(start, end, text)

    @staticmethod
    def _pad(spaces: str, old_width: int, text: str, least: int = 1) -> str:
        """The spaces that keep a trailing comment in its column (at least ``least``)."""
        if "\t" in spaces:
            return spaces
        return " " * max(least, len(spaces) + old_width - len(text))

    def _insert(self, section: tuple, key: str, text: str, mapping: dict, mark: str | None) -> None:
        if section in self.doc.value_end:  # flow mapping: before the closing brace
            if mapping:
                at = self.end_of(section + (list(mapping)[-1],))
                self._edit(at, at, f", {key}: {text}")
            else:
                at = self.end_of(section) - 1
                self._edit(at, at, f"{key}: {text}")
            return
        last = section + (list(mapping)[-1],)
        indent = " " * (self.doc.key_pos[last][1] - 1)
        at = self.line_end(self.end_of(last))
        self._edit(at, at, self.eol + self._line(indent, key, text, mark))

    def comment_before(self, path: tuple, lines: list[str]) -> None:
        """Comment lines just above the line of the key at ``path``."""
        at = self.starts[self.doc.key_pos[path][0] - 1]
        self._edit(at, at, "".join(f"# {line}{self.eol}" for line in lines))

    def set_section(self, name: str, lines: list[str]) -> None:
        """Write a whole top-level section (``name:`` and its indented ``lines``), replacing it."""
        block = self.eol.join([f"{name}:"] + lines)
        keys = (name,)
        if keys in self.doc.key_pos:
            start = self.starts[self.doc.key_pos[keys][0] - 1]
            end = self.line_end(self.end_of(keys) if keys in self.doc.value_pos else start)
            self._edit(start, end, block)
        else:
            self.appended[name] = lines

    def result(self) -> str:
        text = self.text
        for start, _, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        if self.appended:
            if text and not text.endswith(("\n", "\r")):
                text += self.eol
            for name, lines in self.appended.items():
                text += self.eol.join([f"{name}:"] + lines) + self.eol
        return text


def calibration_lines(source: str, date: str, keys: list[str], orders: int, customers: int, months: float,
                      comment: str) -> list[str]:
    """The ``calibration`` section's lines, indented, for ``Editor.set_section``."""
    return [f"  # {comment}",
            f"  source: {json.dumps(source, ensure_ascii=False)}",
            f'  date: "{date}"',
            "  keys:", *(f"    - {key}" for key in keys),  # a line each: within yamllint's 80 characters
            f"  orders: {orders}",
            f"  customers: {customers}",
            f"  months: {scalar(float(months))}"]
