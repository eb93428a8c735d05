"""mapbridge's own memory inside a tracker: a very hidden sheet with a marker, fingerprints and run count."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mapbridge import __version__
from mapbridge.exporters.tracker.cells import put, text_of
from mapbridge.exporters.tracker.columns import MARKER, SCHEMA_VERSION, STATE_CODE_NAME, STATE_TITLE

_FIRST_ITEM_ROW = 7


@dataclass
class Remembered:
    """What the last run knew about one persona, map, trigger or sheet."""

    fingerprint: str = ""
    changed_on: date | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class TrackerState:
    """The hidden state: schema version, number of runs, and what each item looked like last time."""

    version: int = SCHEMA_VERSION
    runs: int = 0
    last_run: date | None = None
    items: dict[tuple[str, str], Remembered] = field(default_factory=dict)

    def get(self, kind: str, item_id: str) -> Remembered | None:
        return self.items.get((kind, item_id))

    def remember(self, kind: str, item_id: str, value: Remembered) -> None:
        self.items[(kind, item_id)] = value

    def ids(self, kind: str) -> set[str]:
        return {item_id for k, item_id in self.items if k == kind}


def find_state_sheet(wb: Workbook) -> Worksheet | None:
    """The state sheet, found by its code name first (it survives a rename), then by its title."""
    for ws in wb.worksheets:
        if ws.sheet_properties.codeName == STATE_CODE_NAME:
            return ws
    return wb[STATE_TITLE] if STATE_TITLE in wb.sheetnames else None


def is_tracker_state(ws: Worksheet) -> bool:
    return text_of(ws["A1"].value) == MARKER


def read_state(ws: Worksheet) -> TrackerState:
    state = TrackerState()
    try:
        state.version = int(ws["C1"].value or SCHEMA_VERSION)
    except (TypeError, ValueError):
        state.version = SCHEMA_VERSION
    try:
        state.runs = int(ws["B2"].value or 0)
    except (TypeError, ValueError):
        state.runs = 0
    try:
        state.last_run = date.fromisoformat(text_of(ws["B3"].value))
    except ValueError:
        state.last_run = None
    for kind, item_id, fp, changed, detail in ws.iter_rows(
        min_row=_FIRST_ITEM_ROW, max_col=5, values_only=True
    ):
        if not kind or not item_id:
            continue
        try:
            parsed = json.loads(detail) if detail else {}
        except (TypeError, ValueError):
            parsed = {}
        changed_on = None
        if isinstance(changed, str) and changed:
            try:
                changed_on = date.fromisoformat(changed)
            except ValueError:
                changed_on = None
        state.remember(str(kind), str(item_id), Remembered(text_of(fp), changed_on, parsed))
    return state


def write_state(wb: Workbook, state: TrackerState, run_date: date) -> Worksheet:
    """Rewrite the state sheet from scratch; it is mapbridge's alone and people never see it."""
    ws = find_state_sheet(wb)
    if ws is None:
        ws = wb.create_sheet(STATE_TITLE)
        ws.sheet_properties.codeName = STATE_CODE_NAME
    elif ws.max_row:
        ws.delete_rows(1, ws.max_row)
    # veryHidden: not listed under Format > Unhide, so it is not edited by accident.
    ws.sheet_state = "veryHidden"
    put(ws["A1"], MARKER)
    put(ws["B1"], "schema")
    put(ws["C1"], SCHEMA_VERSION)
    put(ws["A2"], "runs")
    put(ws["B2"], state.runs)
    put(ws["A3"], "last run")
    put(ws["B3"], run_date.isoformat())
    put(ws["A4"], "written by")
    put(ws["B4"], f"mapbridge {__version__}")
    for col, header in enumerate(("kind", "id", "fingerprint", "changed on", "detail"), start=1):
        put(ws.cell(_FIRST_ITEM_ROW - 1, col), header)
    for row, ((kind, item_id), value) in enumerate(sorted(state.items.items()), _FIRST_ITEM_ROW):
        put(ws.cell(row, 1), kind)
        put(ws.cell(row, 2), item_id)
        put(ws.cell(row, 3), value.fingerprint)
        put(ws.cell(row, 4), value.changed_on.isoformat() if value.changed_on else "")
        put(ws.cell(row, 5), json.dumps(value.detail, ensure_ascii=False, sort_keys=True))
    return ws
