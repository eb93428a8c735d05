"""Text fitting: line wrapping like an office suite, the largest size that fits a box, and shortening with "…".

Sizes are computed when the deck is written (PowerPoint applies shrink-on-overflow only once the
text is edited), with spare room so small metric differences between suites never overflow.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from mapbridge.exporters.deck.canvas import Para, Run
from mapbridge.exporters.deck.fonts import FontSet, is_wide
from mapbridge.exporters.deck.style import INK

#: The smallest size any text on a slide may have.
MIN_SIZE = 8.0
#: Share of a box's inner width text may use: spare room for renderer differences.
WIDTH_SLACK = 0.93
#: Extra share of a line's height kept free below the last line.
HEIGHT_SLACK = 0.06
ELLIPSIS = "…"


@functools.lru_cache(maxsize=4096)
def _is_breakable_anywhere(ch: str) -> bool:
    """Characters between which a line may break without a space (CJK ideographs, kana, emoji)."""
    return is_wide(ch) or unicodedata.category(ch) == "Lo" and ord(ch) >= 0x2E80


#: East Asian wide characters start at U+1100: only characters from there on need the
#: per-character test, so most text (curly quotes and "…" included) takes the fast path.
_FROM_FIRST_WIDE = re.compile("[\u1100-\U0010ffff]")
_WORDS = re.compile(r"\S+\s*|\s+")


@functools.lru_cache(maxsize=65536)
def _tokens(paragraph: str) -> tuple[str, ...]:
    """Pieces a line may break between: words with their trailing space, or single wide characters."""
    if not any(map(_is_breakable_anywhere, _FROM_FIRST_WIDE.findall(paragraph))):
        # Fast path (most text): the tokens are the words. A whitespace-only piece can only
        # lead the paragraph, where the loop below keeps it as a token of its own too.
        return tuple(_WORDS.findall(paragraph))
    tokens: list[str] = []
    for piece in _WORDS.findall(paragraph):
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


def _metrics(
    paragraph: str, fonts: FontSet, bold: bool, italic: bool, remember: bool = True
) -> tuple[tuple[str, float, float], ...]:
    """Each token of a paragraph with its width without and with its trailing space (em), cached."""
    key = ("metrics", paragraph, bold, italic)
    cache = fonts.fit_cache
    found = cache.get(key)
    if found is None:
        em = fonts.em
        measured = []
        for token in _tokens(paragraph):
            bare = token.rstrip()
            bare_em = em(bare, bold, italic)
            measured.append((token, bare_em, em(token, bold, italic) if bare != token else bare_em))
        found = tuple(measured)
        if remember and len(cache) < 400_000:
            cache[key] = found
    return found  # type: ignore[return-value]


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
    return _wrap(text, fonts, size, width, style, True)


def _wrap(
    text: str, fonts: FontSet, size: float, width: float, style: TextStyle, remember: bool
) -> list[str]:
    usable_em = width * WIDTH_SLACK / size
    bold, italic = style.bold, style.italic
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        line_em = 0.0  # width of `line` including its trailing space
        for token, bare_em, token_em in _metrics(paragraph, fonts, bold, italic, remember):
            if line_em + bare_em <= usable_em:
                line += token
                line_em += token_em
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


def line_count(
    text: str, fonts: FontSet, size: float, width: float, style: TextStyle = PLAIN
) -> int:
    """How many lines `wrap` breaks `text` into (cached: fitting asks the same many times)."""
    key = ("lines", text, size, width, style.bold, style.italic)
    cache = fonts.fit_cache
    found = cache.get(key)
    if found is None:
        found = _count_lines(text, fonts, size, width, style)
        if len(cache) < 400_000:
            cache[key] = found
    return found  # type: ignore[return-value]


def _count_lines(
    text: str,
    fonts: FontSet,
    size: float,
    width: float,
    style: TextStyle,
    remember: bool = True,
) -> int:
    """`len(wrap(...))` without building the lines (a word wider than a line takes the slow way)."""
    usable_em = width * WIDTH_SLACK / size
    total = 0
    bold, italic = style.bold, style.italic
    for paragraph in text.split("\n"):
        lines = 1
        line_em = 0.0
        for _token, bare_em, token_em in _metrics(paragraph, fonts, bold, italic, remember):
            if line_em + bare_em <= usable_em:
                line_em += token_em
                continue
            if bare_em > usable_em:
                return len(wrap(text, fonts, size, width, style))
            # The line so far is never empty here: a token that fits no line was caught above.
            lines += 1
            line_em = token_em
        total += lines
    return total


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
            n = line_count(paragraph, fonts, s, width, block.style)
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


def largest_fitting(sizes: list[float], fits_at, first_probe: float | None = None) -> float | None:
    """The first of `sizes` (largest first) at which `fits_at(size)` holds; None if none does.

    What text needs never grows as its size shrinks (wrapping in a wider measure never takes
    more lines), so a binary search finds the size trying each from the largest down would,
    in fewer tries. The largest size is tried first (most text fits at once), after
    `first_probe` if given (a size already measured).
    """
    low, high = 0, len(sizes)  # sizes[high:] fit, sizes[:low] do not

    def probe(i: int) -> None:
        nonlocal low, high
        if fits_at(sizes[i]):
            high = min(high, i)
        else:
            low = max(low, i + 1)

    if first_probe is not None and first_probe in sizes:
        probe(sizes.index(first_probe))
    if low == 0 and high > 0:
        probe(0)
    while low < high:
        probe((low + high) // 2)
    return sizes[high] if high < len(sizes) else None


def best_size(
    boxes: list[tuple[list[Block], float, float]],
    fonts: FontSet,
    max_size: float,
    min_size: float = MIN_SIZE,
) -> float:
    """The largest size at which every box's blocks fit (width, height in points); min_size if none.

    Used for a whole lane row at once, so a row reads at one size.
    """
    found = largest_fitting(
        _candidate_sizes(max_size, min_size),
        lambda size: all(fits(blocks, fonts, size, w, h) for blocks, w, h in boxes),
    )
    return min_size if found is None else found


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
    key = ("shorten", text, size, width, max_lines, style.bold, style.italic, force)
    cache = fonts.fit_cache
    found = cache.get(key)
    if found is None:
        found = _shorten(text, fonts, size, width, max_lines, style, force)
        if len(cache) < 400_000:
            cache[key] = found
    return found  # type: ignore[return-value]


def _shorten(
    text: str,
    fonts: FontSet,
    size: float,
    width: float,
    max_lines: int,
    style: TextStyle,
    force: bool,
) -> str:
    if not force and line_count(text, fonts, size, width, style) <= max_lines:
        return text
    flat = " ".join(text.split())
    prefix_lines = _prefix_counter(flat, fonts, size, width, style)
    low, high = 0, len(flat)
    while low < high:
        mid = (low + high + 1) // 2
        candidate = _cut(flat, mid)
        if prefix_lines(candidate) <= max_lines:
            low = mid
        else:
            high = mid - 1
    return _cut(flat, low) if low > 0 else ELLIPSIS


def _prefix_counter(flat: str, fonts: FontSet, size: float, width: float, style: TextStyle):
    """A function counting the lines of `flat` cut short (a prefix of it plus "…").

    A cut text's words are the whole text's up to the cut, plus the cut word with its "…": so
    the whole text is measured once, and each cut only measures its last word. Text with
    characters a line may break between is counted the plain way.
    """
    bold, italic = style.bold, style.italic

    def plain(candidate: str) -> int:
        # Candidates are one-offs: measured without filling the cache.
        return _count_lines(candidate, fonts, size, width, style, remember=False)

    if any(map(_is_breakable_anywhere, _FROM_FIRST_WIDE.findall(flat + ELLIPSIS))):
        return plain
    metrics = _metrics(flat, fonts, bold, italic)
    ends = []
    end = 0
    for token, _bare, _full in metrics:
        end += len(token)
        ends.append(end)
    usable_em = width * WIDTH_SLACK / size

    def count(candidate: str) -> int:
        head_length = len(candidate) - len(ELLIPSIS)
        lines = 1
        line_em = 0.0
        start = 0
        for (_token, bare_em, token_em), token_end in zip(metrics, ends, strict=True):
            if token_end > head_length:
                break
            if line_em + bare_em <= usable_em:
                line_em += token_em
            elif bare_em > usable_em:
                return plain(candidate)
            else:
                lines += 1
                line_em = token_em
            start = token_end
        last_em = fonts.em(candidate[start:], bold, italic)
        if line_em + last_em <= usable_em:
            return lines
        if last_em > usable_em:
            return plain(candidate)
        return lines + 1

    return count


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


# ------------------------------------------------------------------ text fitted to a box


def fit_one_line(
    fonts: FontSet, text: str, width: float, max_size: float, min_size: float, bold: bool = False
) -> tuple[str, float]:
    """The largest size (max..min) at which text fits one line of `width`; shortened at min if needed."""
    text = " ".join(text.split())
    size = max_size
    while size >= min_size:
        if fonts.width(text, size, bold) <= width * WIDTH_SLACK:
            return text, size
        size -= 0.5
    size = min_size
    return shorten_to_lines(text, fonts, size, width, 1, TextStyle(bold=bold)), size


def paragraphs_height(
    fonts: FontSet,
    texts: Sequence[str],
    widths: Sequence[float],
    size: float,
    text_style: TextStyle = PLAIN,
) -> float:
    """Height of paragraphs each wrapped in its own width (a list item's is narrowed by its
    bullet's indent), measured as `block_height` measures one block."""
    if not texts:
        return 0.0
    lines = sum(
        line_count(text, fonts, size, w, text_style) for text, w in zip(texts, widths, strict=True)
    )
    return fonts.line_height(size) * (lines + HEIGHT_SLACK)


def fit_paragraphs(
    fonts: FontSet,
    texts: list[str],
    width: float | Sequence[float],
    height: float,
    size: float,
    text_style: TextStyle = PLAIN,
) -> tuple[list[str], bool]:
    """Paragraphs shortened to fit `height` at `size` (the last one cut with "…"); True if anything was cut.

    `width` is every paragraph's, or one per paragraph.
    """
    widths = [float(width)] * len(texts) if isinstance(width, (int, float)) else list(width)
    budget = max_lines(height, fonts, size)
    shown: list[str] = []
    cut = False
    for i, text in enumerate(texts):
        if budget <= 0:
            cut = True
            break
        lines = line_count(text, fonts, size, widths[i], text_style)
        if lines <= budget:
            shown.append(text)
            budget -= lines
            continue
        shown.append(shorten_to_lines(text, fonts, size, widths[i], budget, text_style))
        cut = True
        budget = 0
        if i < len(texts) - 1:
            break
    if cut and len(shown) < len(texts) and shown and not shown[-1].endswith(ELLIPSIS):
        # More paragraphs follow but none fit: the last shown one says so with an ellipsis.
        last_w = widths[len(shown) - 1]
        lines_last = line_count(shown[-1], fonts, size, last_w, text_style)
        shown[-1] = shorten_to_lines(
            shown[-1], fonts, size, last_w, lines_last, text_style, force=True
        )
    return shown, cut


def fitted_box_paras(
    fonts: FontSet,
    texts: list[str],
    width: float,
    height: float,
    *,
    max_size: float,
    min_size: float = MIN_SIZE,
    bold: bool = False,
    italic: bool = False,
    colour: str = INK,
    align: str = "l",
    bullet: str | None = None,
) -> tuple[list[Para], float, bool]:
    """Paragraphs for one text box, at the largest size that fits; shortened at min_size if needed."""
    texts = [t for t in texts if t.strip()]
    indent = 0.0
    text_style = TextStyle(bold=bold, italic=italic)
    wrap_width = width
    if bullet:
        indent = 9.0
        wrap_width = width - indent
    blocks = [Block(tuple(texts), text_style)]
    size = best_size([(blocks, wrap_width, height)], fonts, max_size, min_size)
    shown, cut = fit_paragraphs(fonts, texts, wrap_width, height, size, text_style)
    paras = [
        Para(
            [Run(t, size, bold=bold, italic=italic, colour=colour)],
            align=align,
            bullet=bullet,
            bullet_colour=colour,
            indent=indent,
        )
        for t in shown
    ]
    return paras, size, cut


# ------------------------------------------------------------------ text set in capitals


def caps_size(
    fonts: FontSet,
    texts: Sequence[str],
    width: float,
    height: float,
    *,
    max_size: float,
    min_size: float = MIN_SIZE,
    bold: bool = True,
) -> float:
    """The one size for a row of texts drawn in capitals (the font's all-caps attribute):
    the largest at which every text, upper-cased as it is drawn, fits its `width` x `height`."""
    text_style = TextStyle(bold=bold)
    blocks = [[Block((" ".join(t.split()).upper(),), text_style)] for t in texts if t.strip()]
    found = largest_fitting(
        _candidate_sizes(max_size, min_size),
        lambda size: all(fits(b, fonts, size, width, height) for b in blocks),
    )
    return min_size if found is None else found


def caps_text(
    fonts: FontSet, text: str, size: float, width: float, height: float, *, bold: bool = True
) -> tuple[str, bool]:
    """`text` as typed, cut with "…" where its capitals would not fit `width` x `height` at
    `size`; True if cut. The case is kept: the capitals come from the all-caps attribute."""
    flat = " ".join(text.split())
    text_style = TextStyle(bold=bold)
    lines = max_lines(height, fonts, size)
    if line_count(flat.upper(), fonts, size, width, text_style) <= lines:
        return flat, False
    low, high = 0, len(flat)
    while low < high:
        mid = (low + high + 1) // 2
        candidate = _cut(flat, mid).upper()
        if _count_lines(candidate, fonts, size, width, text_style, remember=False) <= lines:
            low = mid
        else:
            high = mid - 1
    return (_cut(flat, low) if low > 0 else ELLIPSIS), True
