"""Workbook sheets as plain grids of values (python-calamine), with merges, hidden parts and formula gaps.

The importer works on `SheetGrid`s only, so the reading library stays inside this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from mapbridge.errors import unreadable
from mapbridge.importers.package import PackageInfo

CellValue = Any  # str | float | int | bool | date | datetime | time | None

_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN_COL = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*/?>')
_COL_RANGE = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
_FORMULA_TEXT = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>\s*<f\b[^>]*>([^<]*)</f>')


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column -> A1 reference."""
    return f"{column_letter(col)}{row + 1}"


@dataclass
class SheetGrid:
    """One sheet's values by 0-based (row, column), as the person sees them in Excel."""

    name: str
    rows: list[list[CellValue]]
    hidden: bool = False
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # r1, c1, r2, c2 inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    formulas_without_values: dict[str, str] = field(default_factory=dict)  # A1 -> formula text

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> CellValue:
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                value = cells[col]
                return None if value == "" else value
        return None

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range whose top-left cell is (row, col), if any."""
        for merge in self.merged:
            if merge[0] == row and merge[1] == col:
                return merge
        return None


def load_sheets(path: Path, package: PackageInfo) -> list[SheetGrid]:
    """Every worksheet of the workbook as a SheetGrid, in workbook order."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several exception types for broken packages
        raise unreadable(
            path.name,
            "MB006",
            "damaged-workbook",
            f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
            "open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
        ) from exc
    parts = _sheet_parts_by_name(package)
    grids: list[SheetGrid] = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) != str(python_calamine.SheetTypeEnum.WorkSheet):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            grid = SheetGrid(
                name=meta.name,
                rows=rows,
                hidden=str(meta.visible) != str(python_calamine.SheetVisibleEnum.Visible),
                merged=[
                    (r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])
                ],
            )
            xml = parts.get(meta.name)
            if xml:
                _read_sheet_xml_facts(grid, xml)
            grids.append(grid)
    except Exception as exc:
        if hasattr(exc, "problems"):
            raise
        raise unreadable(
            path.name,
            "MB006",
            "damaged-workbook",
            f"a sheet of the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
            "open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
        ) from exc
    finally:
        book.close()
    return grids


def _sheet_parts_by_name(package: PackageInfo) -> dict[str, bytes]:
    """Sheet name -> its worksheet XML, through workbook.xml and its relationships."""
    if not package.sheet_parts:
        return {}
    import zipfile

    try:
        with zipfile.ZipFile(package.path) as archive:
            workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
            rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # the facts are a bonus; values still come from calamine
        return {}
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[rel.get("Id", "")] = _normalise_part(full)
    result: dict[str, bytes] = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            part = targets.get(rid or "")
            if part and part in package.sheet_parts:
                result[element.get("name", "")] = package.sheet_parts[part]
    return result


def _normalise_part(name: str) -> str:
    parts: list[str] = []
    for piece in name.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _read_sheet_xml_facts(grid: SheetGrid, xml: bytes) -> None:
    """Hidden rows and columns, and formulas that were never calculated, from the raw sheet XML."""
    if b"hidden=" in xml:
        for match in _HIDDEN_ROW.finditer(xml):
            number = _ROW_NUMBER.search(match.group(0))
            if number:
                grid.hidden_rows.add(int(number.group(1)) - 1)
        for match in _HIDDEN_COL.finditer(xml):
            found = _COL_RANGE.search(match.group(0))
            if found:
                low = int(found.group(1) or found.group(4))
                high = int(found.group(2) or found.group(3))
                grid.hidden_cols.update(range(low - 1, min(high, 16384)))
    if b"<f" in xml:
        texts = {m.group(1): m.group(2) for m in _FORMULA_TEXT.finditer(xml)}
        for match in _FORMULA_NO_VALUE.finditer(xml):
            ref = match.group(1)
            grid.formulas_without_values[ref.decode()] = texts.get(ref, b"").decode(
                "utf-8", "replace"
            )


def as_text(value: CellValue) -> str:
    """A cell value as the text a person sees: numbers without a trailing .0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:g}" if abs(value) >= 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
