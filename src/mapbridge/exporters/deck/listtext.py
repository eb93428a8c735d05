"""Cell text read as a list: typed bullets, numbers and line breaks become list items without their marks."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

#: Glyphs typed as bullets. A space after them is optional ("•Rapid access"), since nobody
#: writes them inside a sentence.
_GLYPHS = "•·∙◦▪▫‣●○■□▸►"
#: Dashes and the asterisk start an item only when a space follows ("- call back"), so a
#: hyphenated word, a negative number ("-5") or "*emphasis*" stays text.
_DASHES = "-–—*"
_BULLET = re.compile(rf"^(?P<mark>[{_GLYPHS}])\s*(?=\S)|^(?P<dash>[{re.escape(_DASHES)}])\s+(?=\S)")
#: "1." "1)" "(1)" "a)" "(a)", then a space: a decimal ("1.5 days") or "e.g." is not a number mark.
_NUMBER = re.compile(r"^(?:\((?P<pn>\d{1,2}|[a-z])\)|(?P<n>\d{1,2})[.)]|(?P<l>[a-z])\))\s+(?=\S)")
_SENTENCE_END = tuple(".!?:;…")

Marker = Literal["none", "bullet", "number"]


@dataclass(frozen=True)
class ListItem:
    """One paragraph of a cell: its text without the typed mark, and how it is marked:
    "bullet", "number" (with the number it carries, a) = 1) or "none" (a lead-in line, or
    text that is not a list at all)."""

    text: str
    marker: Marker = "bullet"
    number: int = 0

    @property
    def numbered(self) -> bool:
        return self.marker == "number"

    @property
    def bulleted(self) -> bool:
        return self.marker == "bullet"


@dataclass(frozen=True)
class _Line:
    text: str
    marker: Marker
    number: int
    indent: int
    #: The glyph or dash typed as the mark, or the style of a number ("1.", "(a)"); "" unmarked.
    glyph: str = ""


def _number_of(token: str) -> int:
    return int(token) if token.isdigit() else ord(token) - ord("a") + 1


def _read_line(raw: str) -> _Line:
    """A line of a cell with its typed mark, if any, taken off."""
    stripped = raw.lstrip()
    indent = len(raw) - len(stripped)
    stripped = stripped.rstrip()
    found = _BULLET.match(stripped)
    if found:
        glyph = found.group("mark") or found.group("dash") or ""
        return _Line(stripped[found.end() :], "bullet", 0, indent, glyph)
    found = _NUMBER.match(stripped)
    if found:
        token = found.group("pn") or found.group("n") or found.group("l") or "1"
        # The style the list is numbered in ("1.", "1)", "(1)", "a)", "(a)"): the next item
        # typed on the same line is looked for in the same style.
        mark = found.group(0).strip()
        style = mark.replace(token, "1" if token.isdigit() else "a", 1)
        return _Line(stripped[found.end() :], "number", _number_of(token), indent, style)
    return _Line(stripped, "none", 0, indent)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _split_inline(line: _Line) -> list[_Line]:
    """One typed line holding several items: "• one • two", "1. one 2. two", "Lead-in: • one • two"."""
    if line.marker == "bullet" and line.glyph and line.glyph in _GLYPHS:
        parts = [p for p in re.split(rf"\s*{re.escape(line.glyph)}\s*", line.text) if p.strip()]
        return [_Line(p, "bullet", 0, line.indent, line.glyph) for p in parts]
    if line.marker == "number":
        return _split_numbers(line)
    if line.marker == "none" and line.text.count(" • ") + line.text.count(":•") >= 2:
        head, *items = re.split(r"\s*•\s*", line.text)
        lead = [_Line(head, "none", 0, line.indent)] if head.strip() else []
        return lead + [_Line(p, "bullet", 0, line.indent, "•") for p in items if p.strip()]
    return [line]


def _split_numbers(line: _Line) -> list[_Line]:
    """ "1. one 2. two 3. three": the following numbers must come in order, in the same style,
    after a space."""
    found = []
    rest = line.text
    number = line.number
    letters = "a" in line.glyph
    while True:
        nxt = number + 1
        if letters and nxt > 26:
            break
        token = chr(ord("a") + nxt - 1) if letters else str(nxt)
        mark = line.glyph.replace("a" if letters else "1", token, 1)
        hit = re.search(rf"\s{re.escape(mark)}\s+(?=\S)", rest)
        if hit is None:
            break
        found.append(_Line(rest[: hit.start()], "number", number, line.indent, line.glyph))
        rest = rest[hit.end() :]
        number = nxt
    found.append(_Line(rest, "number", number, line.indent, line.glyph))
    return found


def _continues(previous: _Line, line: _Line) -> bool:
    """True when an unmarked line carries on the marked item above it (wrapped by hand:
    indented under it, or going on in lower case after no full stop). In text with no marks,
    each line is an item of its own."""
    if line.marker != "none" or previous.marker == "none":
        return False
    if line.indent > previous.indent:
        return True
    return line.text[:1].islower() and not previous.text.rstrip().endswith(_SENTENCE_END)


def list_items(text: str) -> list[ListItem]:
    """The paragraphs a cell's text shows, list marks taken off.

    Typed marks (•, ·, -, –, *, 1., 1), a)) are honoured where they were typed; in text with
    no marks, each line of several is a bulleted item; a marked item wrapped by hand (the next
    line indented, or going on in lower case) stays one item. A single line without a mark is
    one paragraph with no bullet ("none"); so is an unmarked lead-in line ("Needs:") above
    marked items.
    """
    return list(_list_items(text))


# Remembered: every cell is read when its row is measured and again when it is drawn.
@functools.lru_cache(maxsize=8192)
def _list_items(text: str) -> tuple[ListItem, ...]:
    raw_lines = [line for line in re.split(r"\r\n|[\n\r\v\u2028\u2029]", text) if line.strip()]
    lines: list[_Line] = []
    for line in (_read_line(raw) for raw in raw_lines):
        if lines and _continues(lines[-1], line):
            last = lines[-1]
            lines[-1] = _Line(
                f"{last.text} {line.text}", last.marker, last.number, last.indent, last.glyph
            )
        else:
            lines.append(line)
    lines = [part for line in lines for part in _split_inline(line)]
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return ()
    marked = any(line.marker != "none" for line in lines)
    if len(lines) > 1 and not marked:
        return tuple(ListItem(_tidy(line.text), "bullet") for line in lines)
    return tuple(ListItem(_tidy(line.text), line.marker, line.number) for line in lines)


def strip_marker(text: str) -> str:
    """`text` without a typed list mark in front ("- App" -> "App"; "-5" stays)."""
    line = _read_line(text)
    return line.text if line.marker != "none" else text.strip()
