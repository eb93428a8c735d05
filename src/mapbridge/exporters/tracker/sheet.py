"""A tracker sheet as found in the file: where each column is now, and which row holds which key."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from mapbridge.exporters.tracker.cells import (
    DATE_FORMAT,
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    HEADER_FILLS,
    HEADER_FONT,
    TOP,
    TOP_CENTRE,
    TOP_WRAP,
    fit_height,
    put,
    text_of,
)
from mapbridge.exporters.tracker.columns import Column, SheetSpec

#: The last row validation and conditional formatting cover at least, so rows people add get them.
MIN_RULE_ROWS = 1000


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class SheetView:
    """One of mapbridge's sheets, with its columns located by header text (people may insert columns)."""

    def __init__(self, ws: Worksheet, spec: SheetSpec) -> None:
        self.ws = ws
        self.spec = spec
        self.col: dict[str, int] = {}
        self.added_columns: list[str] = []
        self.added_keys: set[str] = set()
        self.fresh = False

    @property
    def title(self) -> str:
        return self.ws.title

    @property
    def ref(self) -> str:
        """The sheet name as a formula needs it ('Journey maps')."""
        return quote_sheetname(self.ws.title)

    def letter(self, key: str) -> str:
        return get_column_letter(self.col[key])

    def locate_columns(self, fresh: bool) -> None:
        """Find each column by its header; add the ones that are missing after the last header."""
        self.fresh = fresh
        ws = self.ws
        headers: dict[str, int] = {}
        last = 0
        for cell in ws[1]:
            text = text_of(cell.value)
            if text:
                headers.setdefault(normalise_header(text), cell.column)
                last = max(last, cell.column)
        for column in self.spec.columns:
            index = headers.get(normalise_header(column.header))
            if index is None:
                last += 1
                index = last
                self._write_header(index, column)
                self.added_keys.add(column.key)
                if not fresh:
                    self.added_columns.append(column.header)
            self.col[column.key] = index

    def _write_header(self, index: int, column: Column) -> None:
        cell = self.ws.cell(1, index)
        put(cell, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILLS[column.role]
        cell.alignment = HEADER_ALIGNMENT
        cell.border = HEADER_BORDER
        self.ws.column_dimensions[get_column_letter(index)].width = column.width

    @property
    def last_column(self) -> int:
        """The last column with a header (ours or people's)."""
        return max(
            [c.column for c in self.ws[1] if text_of(c.value)] + list(self.col.values()) + [1]
        )

    def last_row(self) -> int:
        """The last row holding any value, so appended rows never land on someone's text."""
        ws = self.ws
        for row in range(ws.max_row, 1, -1):
            if any(text_of(c.value) for c in ws[row]):
                return row
        return 1

    def span_except(self, keys: list[str], last_row: int) -> str:
        """Rows 2..last_row of every column but those of `keys`, as a multi-range (`A2:J9 L2:Q9`)."""
        skipped = {self.col[k] for k in keys}
        ranges: list[str] = []
        start = None
        for index in range(1, self.last_column + 2):
            inside = index <= self.last_column and index not in skipped
            if inside and start is None:
                start = index
            elif not inside and start is not None:
                first, last = get_column_letter(start), get_column_letter(index - 1)
                ranges.append(f"{first}2:{last}{last_row}")
                start = None
        return " ".join(ranges)

    def rule_rows(self) -> int:
        return max(self.last_row() + 500, MIN_RULE_ROWS)

    def key_of(self, row: int) -> tuple[str, ...] | None:
        values = tuple(text_of(self.ws.cell(row, self.col[k]).value) for k in self.spec.key)
        return values if all(values) else None

    def rows_by_key(self) -> dict[tuple[str, ...], int]:
        """Key -> row for every keyed row; the first row wins when people copied one."""
        found: dict[tuple[str, ...], int] = {}
        for row in range(2, self.last_row() + 1):
            key = self.key_of(row)
            if key is not None and key not in found:
                found[key] = row
        return found

    def value(self, row: int, key: str) -> Any:
        return self.ws.cell(row, self.col[key]).value

    def set(self, row: int, key: str, value: Any) -> None:
        put(self.ws.cell(row, self.col[key]), value)

    def autosize(self, keys: set[str] | None = None) -> None:
        """Widen text columns to their longest value (within reason), e.g. on a new sheet."""
        last = self.last_row()
        for column in self.spec.columns:
            if keys is not None and column.key not in keys:
                continue
            if column.wrap or column.kind in ("date", "int", "number") or column.role == "formula":
                continue
            index = self.col[column.key]
            longest = max(
                (
                    len(text_of(cell.value))
                    for (cell,) in self.ws.iter_rows(
                        min_row=2, max_row=last, min_col=index, max_col=index
                    )
                    if cell.data_type != "f"
                ),
                default=0,
            )
            width = min(max(column.width, longest * 1.1 + 2), 48)
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def fit(self, row: int) -> None:
        """Grow the row to show its wrapped text."""
        widths = {}
        for column in self.spec.columns:
            if column.wrap:
                index = self.col[column.key]
                width = self.ws.column_dimensions[get_column_letter(index)].width
                widths[index] = width or column.width
        fit_height(self.ws, row, widths)

    def style_row(self, row: int) -> None:
        """Alignment and number formats for a row mapbridge has just added."""
        for column in self.spec.columns:
            cell = self.ws.cell(row, self.col[column.key])
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
                cell.alignment = TOP_CENTRE
            elif column.kind in ("int", "number", "list"):
                cell.alignment = TOP_CENTRE
            else:
                cell.alignment = TOP_WRAP if column.wrap else TOP
