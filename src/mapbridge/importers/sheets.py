"""Workbook sheets as plain grids of values (python-calamine), with merges, hidden parts and formula gaps.

The importer works on `SheetGrid`s only, so the reading library stays inside this module.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from mapbridge import codes
from mapbridge.errors import MapbridgeError, unreadable
from mapbridge.formats.kinds import Probe, probed
from mapbridge.importers.package import (
    WORKBOOK_PART,
    WORKBOOK_RELS_PART,
    PackageInfo,
    SheetFacts,
)

CellValue = Any  # str | float | int | bool | date | datetime | time | None


@functools.lru_cache(maxsize=4096)
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
    #: Where row and column 0 of this grid sit on the sheet (non-zero for a view of one table).
    row0: int = 0
    col0: int = 0

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

    def ref(self, row: int, col: int) -> str:
        """The sheet's A1 reference of a cell of this grid (a view's cells keep their sheet names)."""
        return cell_ref(row + self.row0, col + self.col0)

    def column_name(self, col: int) -> str:
        """The sheet's column letters of a column of this grid."""
        return column_letter(col + self.col0)


def load_sheets(
    path: Path, package: PackageInfo, *, source: Probe | None = None
) -> list[SheetGrid]:
    """Every worksheet of the workbook as a SheetGrid, in workbook order.

    `source` is the input already open (the safety pass read it): the values are read from
    that file instead of opening it again.
    """
    facts_by_name = _facts_by_sheet_name(package)
    _check_sheet_extents(path, package, facts_by_name)
    try:
        # From the open file, not the path: by path the value reader picks its format from the
        # extension, so a workbook named .xls would be read as an old Excel file.
        with probed(path, source) as probe:
            book = python_calamine.CalamineWorkbook.from_filelike(probe.handle())
    except BaseException as exc:
        if not _is_reader_failure(exc):
            raise
        raise unreadable(
            path.name,
            codes.DAMAGED_WORKBOOK,
            f"the workbook cannot be read ({_describe(exc)})",
            "open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
        ) from exc
    grids: list[SheetGrid] = []
    current = None
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) != str(python_calamine.SheetTypeEnum.WorkSheet):
                continue
            current = meta.name
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
            facts = facts_by_name.get(meta.name)
            if facts is not None:
                grid.hidden_rows = set(facts.hidden_rows)
                grid.hidden_cols = set(facts.hidden_cols)
                grid.formulas_without_values = dict(facts.formulas_without_values)
            grids.append(grid)
    except MapbridgeError:
        raise
    except BaseException as exc:
        if not _is_reader_failure(exc):
            raise
        raise unreadable(
            path.name,
            codes.DAMAGED_WORKBOOK,
            f"a sheet of the workbook cannot be read ({_describe(exc)})",
            "open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
            sheet=current,
        ) from exc
    finally:
        book.close()
    return grids


def _is_reader_failure(exc: BaseException) -> bool:
    """What the value reader raises for a broken package: its own errors, or a Rust panic.

    A panic surfaces as pyo3's PanicException, a BaseException (so `except Exception` would
    miss it) whose class cannot be imported, so it is recognised by name.
    """
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
        return False
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _check_sheet_extents(
    path: Path, package: PackageInfo, facts_by_name: dict[str, SheetFacts]
) -> None:
    """Refuse a sheet whose farthest value would make the reader hold an enormous grid.

    The value reader keeps a sheet as a dense grid from A1 to the farthest cell with content,
    so a single value typed in XFD1048576 would ask for 17 billion cells. That stray cell is
    named, so the person can delete it.
    """
    named = {id(f): n for n, f in facts_by_name.items()}
    for part, facts in package.sheet_facts.items():
        limit = package.max_sheet_cells
        if facts.grid_cells <= limit:
            continue
        sheet = named.get(id(facts))
        # Name the cell that stretches the grid most, relative to Excel's own maximum.
        wide = (facts.max_col + 1) / 16_384 >= (facts.max_row + 1) / 1_048_576
        far = facts.far_col_cell if wide else facts.far_row_cell
        raise unreadable(
            path.name,
            codes.WORKBOOK_TOO_LARGE,
            f"the file was refused as unsafe: the sheet spans {facts.max_row + 1:,} rows by {facts.max_col + 1:,} columns "
            f"({facts.grid_cells:,} cells, the limit is {limit:,}) because of the "
            f"value in {far}" + ("" if sheet else f" (in {part})"),
            "delete stray content far from the data (Ctrl+End in Excel jumps to it) and save "
            "the workbook again; a sheet this big that you trust can be read with a higher "
            "--max-unpacked-mb",
            sheet=sheet,
            cell=far if sheet else None,
        )


def _facts_by_sheet_name(package: PackageInfo) -> dict[str, SheetFacts]:
    """Sheet name -> what the safety pass learnt from its XML, through workbook.xml and its rels."""
    if not package.sheet_facts:
        return {}
    try:
        # The parts as the safety pass inflated and checked them: the file is not opened again.
        workbook = SafeET.fromstring(package.parts[WORKBOOK_PART])
        rels = SafeET.fromstring(package.parts[WORKBOOK_RELS_PART])
    except Exception:  # the facts are a bonus; values still come from calamine
        return {}
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[rel.get("Id", "")] = _normalise_part(full)
    result: dict[str, SheetFacts] = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            part = targets.get(rid or "")
            if part and part in package.sheet_facts:
                result[element.get("name", "")] = package.sheet_facts[part]
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
