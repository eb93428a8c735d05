"""Writing cells safely and consistently: text never becomes a formula, dates are real dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

#: Excel's limit on the characters in one cell; longer text makes Excel repair the file.
MAX_CELL_CHARS = 32767
DATE_FORMAT = "yyyy-mm-dd"

HEADER_FILLS = {
    "source": PatternFill("solid", fgColor="334155"),
    "user": PatternFill("solid", fgColor="0F766E"),
    "formula": PatternFill("solid", fgColor="6D28D9"),
}
FONT_NAME = "Calibri"


def font(size: float = 11, **kw: object) -> Font:
    """A cell font; named explicitly so every office suite draws the same face."""
    return Font(name=FONT_NAME, size=size, **kw)  # type: ignore[arg-type]


HEADER_FONT = font(bold=True, color="FFFFFF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
HEADER_BORDER = Border(bottom=Side(style="thin", color="1E293B"))
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_CENTRE = Alignment(vertical="top", horizontal="center")


def clean_text(text: str) -> str:
    """Text Excel accepts in a cell: no control characters, no more than the cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def put(cell: Cell, value: Any) -> None:
    """Write a value from the workbook or from mapbridge into a cell; text always stays text.

    openpyxl treats any string starting with "=" as a formula, so a persona named
    `=HYPERLINK(...)` would become a live link. Strings are therefore written with the string
    type set explicitly, whatever they start with.
    """
    if isinstance(value, str):
        text = clean_text(value)
        # Empty text is written as a blank cell: Excel and LibreOffice count blanks alike.
        cell.value = text or None
        if text:
            cell.data_type = "s"
    elif isinstance(value, (date, datetime)):
        cell.value = value
        # Keep a date format someone chose; give plain cells an unambiguous one.
        if cell.number_format == "General":
            cell.number_format = DATE_FORMAT
    elif value is None or isinstance(value, (int, float, bool)):
        cell.value = value
    else:
        put(cell, str(value))


def put_formula(cell: Cell, formula: str) -> None:
    """Write a formula mapbridge built itself (never from workbook text)."""
    cell.value = formula if formula.startswith("=") else "=" + formula
    cell.data_type = "f"


def wrapped_lines(text: str, per_line: int) -> int:
    """How many lines word-wrapped text takes at `per_line` characters a line."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines, used = lines + 1, 0
            if size > per_line:  # a long word breaks across lines by itself
                extra, used = divmod(size, per_line)
                lines += extra
            else:
                used += size + (1 if used else 0)
        total += lines
    return max(total, 1)


def fit_height(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
    """Make a row tall enough for its wrapped text (never shorter than someone made it).

    openpyxl cannot measure text and LibreOffice does not grow rows on open, so estimate:
    about 1.15 characters of 11 pt Calibri per unit of column width, wrapped at word breaks.
    """
    lines = 1
    for col, width in widths.items():
        cell = ws.cell(row, col)
        text = "" if cell.data_type == "f" else text_of(cell.value)
        if text:
            lines = max(lines, wrapped_lines(text, max(int(width * 1.15), 1)))
    if lines > 1:
        wanted = 15 * lines + 2
        current = ws.row_dimensions[row].height
        if current is None or current < wanted:
            ws.row_dimensions[row].height = wanted


def text_of(value: Any) -> str:
    """A cell's value as stripped text (rich text, numbers and None included)."""
    if value is None:
        return ""
    return str(value).strip()
