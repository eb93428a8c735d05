"""The dropdowns, date and number checks and input tips (data validation) mapbridge keeps on its tracker sheets.

They are rebuilt every run at the columns' current places. mapbridge recognises its own
validations by their error title ("mapbridge: ...") and leaves every validation people added alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mapbridge.exporters.tracker.columns import Column

VALIDATION_TITLE = "mapbridge"


def replace_validations(ws: Worksheet, validations: Iterable[DataValidation]) -> None:
    """Swap mapbridge's dropdowns and date checks for fresh ones; keep every other validation."""
    existing = ws.data_validations.dataValidation
    ws.data_validations.dataValidation = [
        dv for dv in existing if not (dv.errorTitle or "").startswith(VALIDATION_TITLE)
    ]
    for dv in validations:
        ws.add_data_validation(dv)


def validation_for(column: Column, sqref: str) -> DataValidation | None:
    """The validation a column's cells get: a dropdown, a date check, a whole number, or a tip."""
    title = f"{VALIDATION_TITLE}: {column.header}"[:32]
    if column.kind == "list":
        # A list validation formula may not exceed 255 characters; ours are short and fixed.
        listed = ",".join(column.choices)
        assert len(listed) < 250
        dv = DataValidation(
            type="list",
            formula1=f'"{listed}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=f"Pick one of: {', '.join(column.choices)}.",
        )
    elif column.kind == "date" and column.role == "user":
        dv = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="1",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error="Type a date, for example 2026-11-30.",
        )
    elif column.kind == "int" and column.role == "user":
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="3650",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error="Type a number of days between 1 and 3650.",
        )
    elif column.help:
        # A tip only (people's text, or what one of mapbridge's columns means).
        dv = DataValidation(allow_blank=True, errorTitle=title)
    else:
        return None
    if column.help:
        dv.showInputMessage = True
        dv.promptTitle = column.header[:32]
        dv.prompt = column.help[:255]
    dv.add(sqref)
    return dv
