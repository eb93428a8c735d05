"""Workbook text never becomes a formula in the tracker, on any sheet, on first write or re-run."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from mapbridge.errors import Problem
from mapbridge.exporters.tracker import write_tracker
from mapbridge.model import Connection, Trigger, Workspace
from tests.factories import make_journey, make_persona
from tests.tracker_helpers import rename_stage

LINK = '=HYPERLINK("http://evil.example","click")'
PAYLOADS = [
    LINK,
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|x",
    "@SUM(1+1)*cmd|x",
    "\t=1+1+cmd|x",
    "\r=2+2+cmd|x",
]
#: Words that appear only in the payloads, never in mapbridge's own formulas.
TELLTALES = ("HYPERLINK", "evil", "cmd", "calc", "1+1", "2+2")


def hostile_workspace() -> Workspace:
    ana = make_persona(LINK, owner="+cmd|' /C calc'!A0")
    ben = make_persona("Ben", owner="@SUM(1+1)*cmd|x")
    ben = ben.model_copy(update={"id": "=1+1+cmd|x"})
    journey = make_journey("-2+3+cmd|x", ana, stages=["Discover", "\t=1+1+cmd|x", "Apply"])
    journey.owner = "=2+2+cmd|x"
    other = make_journey('=HYPERLINK("http://evil.example","map")', ben)
    return Workspace(
        title=LINK,
        source_file="=cmd|x.xlsx",
        personas=[ana, ben],
        journeys=[journey, other],
        connections=[Connection(persona_id=ben.id, journey_id=other.id, owner=LINK)],
        triggers=[
            Trigger(
                when=date(2026, 10, 1),
                kind="other",
                description="@SUM(1+1)*cmd|x",
                affects=[LINK],
            )
        ],
    )


def hostile_findings() -> list[Problem]:
    return [
        Problem(
            code="MB109",
            name="=cmd|x",
            severity="warning",
            message=LINK,
            hint="+cmd|' /C calc'!A0",
            sheet="=1+1+cmd|x",
            cell="A1",
        )
    ]


def assert_no_payload_formulas(path: Path) -> None:
    """Read the XML itself: no <f> element anywhere may carry payload text."""
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            xml = package.read(name).decode("utf-8")
            for formula in re.findall(r"<f[^>]*>(.*?)</f>", xml, flags=re.S):
                assert not any(word in formula for word in TELLTALES), (name, formula)
    with zipfile.ZipFile(path) as package:
        workbook_xml = package.read("xl/workbook.xml").decode("utf-8")
    for name in re.findall(r"<definedName[^>]*>(.*?)</definedName>", workbook_xml):
        assert not any(word in name for word in TELLTALES), name


def payload_cells_by_sheet(path: Path) -> dict[str, list[openpyxl.cell.cell.Cell]]:
    wb = openpyxl.load_workbook(path)
    found: dict[str, list] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(w in cell.value for w in TELLTALES):
                    found.setdefault(ws.title, []).append(cell)
    return found


def test_workbook_text_stays_text_on_every_sheet(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(hostile_workspace(), path, today=date(2026, 11, 29), findings=hostile_findings())
    assert_no_payload_formulas(path)
    found = payload_cells_by_sheet(path)
    assert set(found) == {
        "Overview",
        "Personas",
        "Journey maps",
        "Connections",
        "Triggers",
        "Findings",
        "Change log",
    }
    for cells in found.values():
        for cell in cells:
            assert cell.data_type == "s", (cell.parent.title, cell.coordinate, cell.value)
    personas = openpyxl.load_workbook(path)["Personas"]
    assert personas["B2"].value == LINK


def test_workbook_text_stays_text_after_a_rerun_that_changes_it(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = hostile_workspace()
    write_tracker(workspace, path, today=date(2026, 11, 29), findings=hostile_findings())
    changed = workspace.model_copy(deep=True)
    rename_stage(changed.journeys[0], "Apply", '=HYPERLINK("http://evil.example","stage")')
    changed.personas[0].goals.append("+cmd|' /C calc'!A0")
    changed.personas = changed.personas[:1]
    write_tracker(changed, path, today=date(2026, 12, 6), findings=[])
    assert_no_payload_formulas(path)
    log = payload_cells_by_sheet(path)["Change log"]
    assert any("stage" in c.value and "renamed" in c.value for c in log)
    assert all(c.data_type == "s" for cells in payload_cells_by_sheet(path).values() for c in cells)
