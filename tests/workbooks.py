"""Small workshop workbooks written in code, so each test shows exactly the cells it reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

PERSONA_HEADER = ["Name", "Kind", "Role", "Goals", "Pain points", "Behaviours"]
JOURNEY_HEADER = ["Persona", "Stage", "Actions", "Emotion", "Pain points"]


def make_xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden_sheets: tuple[str, ...] = (),
) -> Path:
    """Write `sheets` (name -> rows of values, row 1 first) to an .xlsx and return its path."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def persona_rows(*names: str, kind: str = "Research") -> list[list[Any]]:
    """A Personas sheet with one behavioural persona per name."""
    rows: list[list[Any]] = [PERSONA_HEADER]
    for name in names:
        rows.append([name, kind, f"{name}'s role", "Get it done", "Waiting", "Uses the app"])
    return rows


def journey_rows(*rows: list[Any], header: list[str] | None = None) -> list[list[Any]]:
    return [header or JOURNEY_HEADER, *rows]


def simple_workbook(
    path: Path, *rows: list[Any], personas: tuple[str, ...] = ("Ana", "Ben")
) -> Path:
    """Personas + Journey rows with the default headers."""
    return make_xlsx(path, {"Personas": persona_rows(*personas), "Journey": journey_rows(*rows)})
