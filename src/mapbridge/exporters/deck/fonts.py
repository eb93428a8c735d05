"""Font metrics for fitting slide text: real TrueType fonts measured with Pillow, or a bundled approximation.

Slides name a theme font (Calibri, Arial...). We measure with a metric-compatible font found on
the system (Carlito for Calibri, Liberation Sans for Arial) so the sizes computed here hold in
PowerPoint and in LibreOffice alike. Characters the font lacks (CJK, Arabic, emoji) are measured
the way office suites draw them: with a fallback font, or as a full em when they are wide.
"""

from __future__ import annotations

import functools
import os
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

#: Folders searched for TrueType fonts, most specific first.
FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    os.path.expanduser("~/.local/share/fonts"),
    os.path.expanduser("~/.fonts"),
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)

#: Theme font family -> families that share its metrics (or come closest), in order of preference.
METRIC_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "calibri": ("Carlito", "Calibri"),
    "calibri light": ("Carlito", "Calibri"),
    "carlito": ("Carlito",),
    "arial": ("Liberation Sans", "Arial", "Arimo"),
    "helvetica": ("Liberation Sans", "Arial", "Arimo"),
    "helvetica neue": ("Liberation Sans", "Arial", "Arimo"),
    "liberation sans": ("Liberation Sans",),
    "arial narrow": ("Liberation Sans Narrow", "Arial Narrow"),
    "times new roman": ("Liberation Serif", "Times New Roman", "Tinos"),
    "cambria": ("Caladea", "Cambria", "Liberation Serif"),
    "verdana": ("DejaVu Sans", "Verdana"),
    "tahoma": ("DejaVu Sans", "Tahoma"),
    "segoe ui": ("DejaVu Sans", "Segoe UI"),
    "dejavu sans": ("DejaVu Sans",),
}

#: For a font we know nothing about, measure with the widest common sans so text still fits.
UNKNOWN_FONT_FALLBACK: tuple[str, ...] = ("DejaVu Sans", "Liberation Sans", "Carlito")

#: Used for characters the main font lacks (Arabic, Hebrew, Cyrillic extensions, symbols).
GLYPH_FALLBACK: tuple[str, ...] = ("DejaVu Sans", "Liberation Sans")

STYLE_SUFFIXES: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): ("Regular", "", "Book", "Roman"),
    (True, False): ("Bold",),
    (False, True): ("Italic", "Oblique"),
    (True, True): ("BoldItalic", "BoldOblique", "Bold Italic"),
}

# Carlito advance widths (per 1000 em) for ASCII 32..126: the bundled approximation used when no
# font file can be found. Calibri shares these metrics.
_APPROX_REGULAR = (
    "226,326,401,498,507,715,682,221,303,303,498,498,250,306,252,386,507,507,507,507,507,507,"
    "507,507,507,507,268,268,498,498,498,463,894,579,544,533,615,488,459,631,623,252,319,520,"
    "420,855,646,662,517,673,543,459,487,642,567,890,519,487,468,307,386,307,498,498,291,479,"
    "525,423,525,498,305,471,525,230,239,455,230,799,525,527,525,525,349,391,335,525,452,715,"
    "433,453,395,314,460,314,498"
)
_APPROX_BOLD = (
    "226,326,438,498,507,729,705,233,312,312,498,498,258,306,267,430,507,507,507,507,507,507,"
    "507,507,507,507,276,276,498,498,498,463,898,606,561,529,630,488,459,637,631,267,331,547,"
    "423,874,659,676,532,686,563,473,495,653,591,906,551,520,478,325,430,325,498,498,300,494,"
    "537,418,537,503,316,474,537,246,255,480,246,813,537,538,537,537,355,399,347,537,473,745,"
    "459,474,397,344,475,344,498"
)
#: Line height of the approximation, in em (Calibri's single spacing).
_APPROX_LINE_HEIGHT = 1.22


def _ascii_table(csv: str) -> dict[str, float]:
    return {chr(32 + i): int(w) / 1000 for i, w in enumerate(csv.split(","))}


@functools.lru_cache(maxsize=1)
def _font_files() -> dict[str, Path]:
    """Every .ttf/.otf file on the system by lower-cased stem ("carlito-bold" -> path)."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.suffix.lower() in (".ttf", ".otf") and path.is_file():
                found.setdefault(path.stem.lower().replace(" ", ""), path)
    return found


def find_font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The file of a family in a style ("Liberation Sans", bold) if installed, else None."""
    files = _font_files()
    stem = family.replace(" ", "").lower()
    for suffix in STYLE_SUFFIXES[(bold, italic)]:
        for candidate in (f"{stem}-{suffix.lower()}", f"{stem}{suffix.lower()}"):
            if candidate.replace(" ", "") in files:
                return files[candidate.replace(" ", "")]
    if not bold and not italic and stem in files:
        return files[stem]
    return None


def _read_tables(path: Path) -> dict[str, bytes]:
    """The raw tables of a TrueType/OpenType file that metrics need (head, hhea, OS/2, cmap)."""
    data = path.read_bytes()
    if data[:4] == b"ttcf":  # a collection: use its first font
        (offset,) = struct.unpack(">I", data[12:16])
    else:
        offset = 0
    (num_tables,) = struct.unpack(">H", data[offset + 4 : offset + 6])
    tables: dict[str, bytes] = {}
    for i in range(num_tables):
        rec = offset + 12 + 16 * i
        tag = data[rec : rec + 4].decode("latin-1")
        start, length = struct.unpack(">II", data[rec + 8 : rec + 16])
        if tag in ("head", "hhea", "OS/2", "cmap"):
            tables[tag] = data[start : start + length]
    return tables


def _parse_cmap(cmap: bytes) -> frozenset[int]:
    """The code points a font has glyphs for (cmap formats 4 and 12)."""
    (count,) = struct.unpack(">H", cmap[2:4])
    best: tuple[int, int] | None = None
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        (fmt,) = struct.unpack(">H", cmap[offset : offset + 2])
        if platform in (0, 3) and fmt in (4, 12) and (best is None or fmt > best[0]):
            best = (fmt, offset)
    if best is None:
        return frozenset()
    fmt, offset = best
    points: set[int] = set()
    if fmt == 4:
        (seg_x2,) = struct.unpack(">H", cmap[offset + 6 : offset + 8])
        segs = seg_x2 // 2
        ends = struct.unpack(f">{segs}H", cmap[offset + 14 : offset + 14 + seg_x2])
        starts_at = offset + 16 + seg_x2
        starts = struct.unpack(f">{segs}H", cmap[starts_at : starts_at + seg_x2])
        for start, end in zip(starts, ends, strict=True):
            if start != 0xFFFF:
                points.update(range(start, end + 1))
    else:
        (groups,) = struct.unpack(">I", cmap[offset + 12 : offset + 16])
        for g in range(groups):
            at = offset + 16 + 12 * g
            start, end, _glyph = struct.unpack(">III", cmap[at : at + 12])
            points.update(range(start, min(end, start + 0x30000) + 1))
    return frozenset(points)


def _line_height(tables: dict[str, bytes]) -> float:
    """Single line spacing in em, as office suites compute it (the larger of hhea and OS/2 win metrics)."""
    (units,) = struct.unpack(">H", tables["head"][18:20])
    ascent, descent, gap = struct.unpack(">hhh", tables["hhea"][4:10])
    hhea = (ascent - descent + gap) / units
    win = 0.0
    os2 = tables.get("OS/2", b"")
    if len(os2) >= 78:
        win_ascent, win_descent = struct.unpack(">HH", os2[74:78])
        win = (win_ascent + win_descent) / units
    return max(hhea, win, 1.0)


_MEASURE_SIZE = 1000  # Pillow measures at this size; widths scale linearly with the point size.


class Face:
    """One font in one style, measuring text widths in em (multiply by the point size for points)."""

    def __init__(self, path: Path | None, *, bold: bool = False) -> None:
        self.path = path
        self.bold = bold
        self._font = None
        if path is not None:
            from PIL import ImageFont

            self._font = ImageFont.truetype(
                str(path), _MEASURE_SIZE, layout_engine=ImageFont.Layout.BASIC
            )
            tables = _read_tables(path)
            self.coverage = _parse_cmap(tables["cmap"]) if "cmap" in tables else frozenset()
            self.line_height_em = _line_height(tables)
        else:
            self._approx = _ascii_table(_APPROX_BOLD if bold else _APPROX_REGULAR)
            self.coverage = frozenset(ord(c) for c in self._approx)
            self.line_height_em = _APPROX_LINE_HEIGHT
        self._cache: dict[str, float] = {}

    @property
    def name(self) -> str:
        return self.path.name if self.path else "built-in approximation"

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.coverage

    def em_width(self, text: str) -> float:
        """Advance width of text this face covers entirely, in em."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if self._font is not None:
            width = self._font.getlength(text) / _MEASURE_SIZE
        else:
            width = sum(self._approx.get(ch, 0.55) for ch in text)
        if len(self._cache) < 200_000:
            self._cache[text] = width
        return width


def is_wide(ch: str) -> bool:
    """CJK and other full-width characters, and emoji: about one em wide in any fallback font."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return True
    return ord(ch) >= 0x1F000


@dataclass
class FontSet:
    """The faces used to measure one theme font: regular, bold, italic, bold italic, plus a fallback."""

    family: str
    regular: Face
    bold: Face
    italic: Face
    bold_italic: Face
    fallback: Face | None
    _em_cache: dict[tuple[str, bool, bool], float] = field(default_factory=dict, repr=False)
    #: Measurements the text fitting repeats many times per deck (token widths, line counts,
    #: shortened texts), kept per font set because they depend on its metrics.
    fit_cache: dict[tuple, object] = field(default_factory=dict, repr=False)

    def face(self, bold: bool = False, italic: bool = False) -> Face:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular

    def line_height(self, size_pt: float) -> float:
        """Single line spacing at a size, in points (never less than 1.2 em, for spare room)."""
        return size_pt * max(self.regular.line_height_em, 1.2)

    def width(self, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
        """Width of text at a size in points, measuring uncovered characters like an office suite."""
        return self.em(text, bold, italic) * size_pt

    def em(self, text: str, bold: bool = False, italic: bool = False) -> float:
        """Width of text in em (widths scale linearly with the size), cached per text and style."""
        key = (text, bold, italic)
        cached = self._em_cache.get(key)
        if cached is not None:
            return cached
        width = self._measure(text, bold, italic)
        if len(self._em_cache) < 500_000:
            self._em_cache[key] = width
        return width

    def _measure(self, text: str, bold: bool, italic: bool) -> float:
        face = self.face(bold, italic)
        total = 0.0
        run: list[str] = []
        for ch in text:
            if face.covers(ch) or ch in "\u200b\u200c\u200d\ufe0f":
                run.append(ch)
                continue
            if run:
                total += face.em_width("".join(run))
                run = []
            if self.fallback is not None and self.fallback.covers(ch):
                total += self.fallback.em_width(ch)
            elif is_wide(ch):
                total += 1.05
            else:
                total += 0.65
        if run:
            total += face.em_width("".join(run))
        return total


def _resolve_family(theme_font: str) -> tuple[str, ...]:
    key = theme_font.strip().lower()
    return METRIC_COMPATIBLE.get(key, (theme_font, *UNKNOWN_FONT_FALLBACK))


@functools.lru_cache(maxsize=8)
def load_font_set(theme_font: str = "Calibri") -> FontSet:
    """The faces that measure `theme_font` (or the closest font installed; a built-in table if none)."""
    for family in _resolve_family(theme_font):
        regular = find_font_file(family)
        if regular is None:
            continue
        faces = {}
        for bold, italic in ((True, False), (False, True), (True, True)):
            faces[(bold, italic)] = Face(find_font_file(family, bold, italic) or regular, bold=bold)
        fallback = None
        for name in GLYPH_FALLBACK:
            path = find_font_file(name)
            if path is not None and path != regular:
                fallback = Face(path)
                break
        return FontSet(
            family=family,
            regular=Face(regular),
            bold=faces[(True, False)],
            italic=faces[(False, True)],
            bold_italic=faces[(True, True)],
            fallback=fallback,
        )
    regular, bold = Face(None), Face(None, bold=True)
    return FontSet(
        family="approximation",
        regular=regular,
        bold=bold,
        italic=regular,
        bold_italic=bold,
        fallback=None,
    )
