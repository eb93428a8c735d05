"""The colours (conditional formatting) mapbridge keeps on its tracker sheets, rebuilt every run.

The rules are rebuilt at the columns' current places. mapbridge recognises its own rules by the
shape of their formula (references blanked out, so a rule is still recognised after its columns
moved) and leaves every rule people added alone.
"""

from __future__ import annotations

import re

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.worksheet import Worksheet

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
#: A row whose file was not read this run: greyed, not struck through (it may come back).
MISSING = DifferentialStyle(font=Font(color="64748B", italic=True))

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
