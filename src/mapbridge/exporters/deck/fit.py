"""Text fitting: line wrapping like an office suite, the largest size that fits a box, and shortening with "…".

Sizes are computed when the deck is written (PowerPoint applies shrink-on-overflow only once the
text is edited), with spare room so small metric differences between suites never overflow.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from mapbridge.exporters.deck.fonts import FontSet, is_wide

#: The smallest size any text on a slide may have.
MIN_SIZE = 8.0
#: Share of a box's inner width text may use: spare room for renderer differences.
WIDTH_SLACK = 0.93
#: Extra share of a line's height kept free below the last line.
HEIGHT_SLACK = 0.06
ELLIPSIS = "…"

_BREAK_AFTER = re.compile(r"(\s+|(?<=[-/–—]))")


def _is_breakable_anywhere(ch: str) -> bool:
    """Characters between which a line may break without a space (CJK ideographs, kana, emoji)."""
    return is_wide(ch) or unicodedata.category(ch) == "Lo" and ord(ch) >= 0x2E80


@functools.lru_cache(maxsize=65536)
def _tokens(paragraph: str) -> tuple[str, ...]:
    """Pieces a line may break between: words with their trailing space, or single wide characters."""
    tokens: list[str] = []
    for piece in re.findall(r"\S+\s*|\s+", paragraph):
        current = ""
        for ch in piece:
            if _is_breakable_anywhere(ch):
                if current:
                    tokens.append(current)
                    current = ""
                tokens.append(ch)
            else:
                current += ch
        if current:
            if tokens and current.isspace():
                tokens[-1] += current
            else:
                tokens.append(current)
    return tuple(tokens)


@dataclass(frozen=True)
class TextStyle:
    """How a block of text is set: bold and italic, and the inner width it wraps in (points)."""

    bold: bool = False
    italic: bool = False


#: Upright, regular weight.
PLAIN = TextStyle()


def wrap(
    text: str, fonts: FontSet, size: float, width: float, style: TextStyle = PLAIN
) -> list[str]:
    """The lines `text` breaks into at `size` in a box `width` points wide (explicit newlines kept)."""
    usable_em = width * WIDTH_SLACK / size
    bold, italic = style.bold, style.italic
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        line_em = 0.0  # width of `line` including its trailing space
        for token in _tokens(paragraph):
            bare = token.rstrip()
            bare_em = fonts.em(bare, bold, italic)
            if line_em + bare_em <= usable_em:
                line += token
                line_em += fonts.em(token, bold, italic) if bare != token else bare_em
                continue
            if line:
                lines.append(line.rstrip())
                line, line_em = "", 0.0
            # A word wider than the line is broken between characters, as office suites do.
            while fonts.em(token.rstrip(), bold, italic) > usable_em:
                cut = _longest_prefix(token, fonts, size, width * WIDTH_SLACK, style)
                lines.append(token[:cut])
                token = token[cut:]
            line = token
            line_em = fonts.em(token, bold, italic)
        lines.append(line.rstrip())
    return lines


def _longest_prefix(
    token: str, fonts: FontSet, size: float, usable: float, style: TextStyle
) -> int:
    low, high = 1, len(token)
    while low < high:
        mid = (low + high + 1) // 2
        if fonts.width(token[:mid], size, style.bold, style.italic) <= usable:
            low = mid
        else:
            high = mid - 1
    return max(1, low)


def text_height(lines: int, fonts: FontSet, size: float, spacing: float = 1.0) -> float:
    """Height of `lines` lines at `size`, in points, with spare room."""
    if lines <= 0:
        return 0.0
    return fonts.line_height(size) * (lines * spacing + HEIGHT_SLACK)


@dataclass(frozen=True)
class Block:
    """A piece of text to fit: its paragraphs set in one style, with space after each paragraph (in lines)."""

    paragraphs: tuple[str, ...]
    style: TextStyle = PLAIN
    paragraph_gap: float = 0.0
    size_scale: float = 1.0  # relative to the box's size, e.g. 0.9 for a smaller secondary line


def block_height(blocks: list[Block], fonts: FontSet, size: float, width: float) -> float:
    total = 0.0
    count = 0
    for block in blocks:
        s = size * block.size_scale
        for paragraph in block.paragraphs:
            n = len(wrap(paragraph, fonts, s, width, block.style))
            total += fonts.line_height(s) * (n + (block.paragraph_gap if count else 0.0))
            count += 1
    if count:
        total += fonts.line_height(size) * HEIGHT_SLACK
    return total


def fits(blocks: list[Block], fonts: FontSet, size: float, width: float, height: float) -> bool:
    return block_height(blocks, fonts, size, width) <= height


#: Sizes tried, largest first (half points keep rows tidy).
def _candidate_sizes(max_size: float, min_size: float) -> list[float]:
    sizes = []
    s = max_size
    while s >= min_size - 1e-9:
        sizes.append(round(s, 1))
        s -= 0.5
    return sizes or [min_size]


def best_size(
    boxes: list[tuple[list[Block], float, float]],
    fonts: FontSet,
    max_size: float,
    min_size: float = MIN_SIZE,
) -> float:
    """The largest size at which every box's blocks fit (width, height in points); min_size if none.

    Used for a whole lane row at once, so a row reads at one size.
    """
    for size in _candidate_sizes(max_size, min_size):
        if all(fits(blocks, fonts, size, w, h) for blocks, w, h in boxes):
            return size
    return min_size


def shorten_to_lines(
    text: str,
    fonts: FontSet,
    size: float,
    width: float,
    max_lines: int,
    style: TextStyle = PLAIN,
    *,
    force: bool = False,
) -> str:
    """`text` cut so it wraps into at most `max_lines` lines, ending in "…" when cut ("" if no line fits).

    With `force`, the result ends in "…" even if the text would fit (more content follows it).
    """
    if max_lines <= 0:
        return ""
    if not force and len(wrap(text, fonts, size, width, style)) <= max_lines:
        return text
    flat = " ".join(text.split())
    low, high = 0, len(flat)
    while low < high:
        mid = (low + high + 1) // 2
        candidate = _cut(flat, mid)
        if len(wrap(candidate, fonts, size, width, style)) <= max_lines:
            low = mid
        else:
            high = mid - 1
    return _cut(flat, low) if low > 0 else ELLIPSIS


def _cut(text: str, length: int) -> str:
    """The first `length` characters, preferring to stop at a word boundary, plus an ellipsis."""
    head = text[:length]
    if length < len(text) and " " in head[len(head) // 2 :]:
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;:-–—") + ELLIPSIS


def max_lines(height: float, fonts: FontSet, size: float) -> int:
    """How many lines of `size` fit in `height` points, with spare room."""
    line = fonts.line_height(size)
    return max(0, int((height - line * HEIGHT_SLACK) // line))
