"""Dropdowns (data validation) and colours (conditional formatting) that mapbridge keeps on its sheets.

Both are rebuilt every run at the columns' current places. mapbridge recognises its own rules
(validation by the "mapbridge" error title, formatting by the shape of the formula) and leaves
every rule people added alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mapbridge.exporters.tracker.columns import Column

VALIDATION_TITLE = "mapbridge"

RED = DifferentialStyle(
    font=Font(color="9F1239", bold=True), fill=PatternFill(bgColor="FFE4E6", fill_type="solid")
)
AMBER = DifferentialStyle(
    font=Font(color="92400E", bold=True), fill=PatternFill(bgColor="FEF3C7", fill_type="solid")
)
GREEN = DifferentialStyle(
    font=Font(color="166534"), fill=PatternFill(bgColor="DCFCE7", fill_type="solid")
)
GREY_BLUE = DifferentialStyle(
    font=Font(color="334155", italic=True), fill=PatternFill(bgColor="E2E8F0", fill_type="solid")
)
NEEDS_INPUT = DifferentialStyle(fill=PatternFill(bgColor="FEF9C3", fill_type="solid"))
REMOVED = DifferentialStyle(font=Font(color="94A3B8", italic=True, strike=True))

_CELL = re.compile(r"\$?\b[A-Z]{1,3}\$?\d+\b")
_COLUMNS = re.compile(r"\$?\b[A-Z]{1,3}:\$?[A-Z]{1,3}\b")
_SHEET = re.compile(r"('[^']+'|\b[A-Za-z0-9_]+)!")


def _shape(formula: str) -> str:
    """A formula with its references blanked out, to recognise a rule after columns moved."""
    text = _SHEET.sub("S!", formula.lstrip("="))
    text = _COLUMNS.sub("C:C", text)
    return _CELL.sub("R", text)


class RuleSet:
    """The formatting rules mapbridge wants on one sheet this run."""

    def __init__(self) -> None:
        self.rules: list[tuple[str, str, DifferentialStyle, bool]] = []

    def add(self, sqref: str, formula: str, style: DifferentialStyle, stop: bool = False) -> None:
        self.rules.append((sqref, formula, style, stop))

    def apply(self, ws: Worksheet) -> None:
        """Drop mapbridge's rules from earlier runs (wherever they ended up), then add this run's."""
        ours = {_shape(formula) for _, formula, _, _ in self.rules}
        kept = ConditionalFormattingList()
        for block in ws.conditional_formatting:
            for rule in block.rules:
                formulas = list(rule.formula or [])
                if formulas and all(_shape(f) in ours for f in formulas):
                    continue
                kept.add(str(block.sqref), rule)
        for sqref, formula, style, stop in self.rules:
            kept.add(sqref, Rule(type="expression", formula=[formula], dxf=style, stopIfTrue=stop))
        ws.conditional_formatting = kept


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
    elif column.help and column.role == "user":
        dv = DataValidation(allow_blank=True, errorTitle=title)
    else:
        return None
    if column.help:
        dv.showInputMessage = True
        dv.promptTitle = column.header[:32]
        dv.prompt = column.help[:255]
    dv.add(sqref)
    return dv
