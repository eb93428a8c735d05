"""Tracker formulas as LibreOffice computes them (slow: each test converts a file with soffice).

Statuses use the Overview's As-of date, which `today=` fixes, so results do not depend on the
real date. Skipped when LibreOffice is missing, except in CI where it must be present.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from mapbridge.errors import Problem
from mapbridge.exporters.tracker import write_tracker
from mapbridge.model import Trigger
from tests.factories import make_workspace
from tests.tracker_helpers import cell, headers, recalculated, soffice

AS_OF = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _needs_libreoffice():
    soffice()


def governed_workspace():
    """Four personas, one in each review state, and maps that need another look for two reasons."""
    workspace = make_workspace()
    ana, ben, chloe, dev = workspace.personas
    ana.last_reviewed = date(2026, 9, 1)  # due 2026-11-30: due soon
    ana.last_updated = date(2026, 10, 1)  # changed after her map's review (2026-09-15)
    ben.last_reviewed = date(2026, 5, 12)  # due 2026-08-10: overdue
    chloe.last_reviewed = date(2026, 11, 1)  # reviewed after her map was
    chloe.review_every_days = 180  # due 2027-04-30: OK
    dev.last_reviewed = None  # never reviewed
    workspace.connections = workspace.connections[:3]  # Dev's link has no owner
    workspace.triggers = [
        Trigger(when=date(2026, 10, 15), kind="product launch", description="App 3.0"),
        Trigger(when=date(2026, 11, 2), kind="new research", description="Diary", done=True),
    ]
    return workspace


FINDINGS = [
    Problem(code="MB101", name="too-many", severity="error", message="x", sheet="Personas"),
    Problem(code="MB109", name="stale", severity="warning", message="y", sheet="Personas"),
]


def test_statuses_due_dates_flags_and_counts_after_recalculation(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(governed_workspace(), path, today=AS_OF, findings=FINDINGS)
    wb = recalculated(path, tmp_path)

    personas = wb["Personas"]
    status = {
        pid: cell(personas, "Status", "ID", pid).value
        for pid in ("ana-reyes", "ben-okafor", "chloe-martin", "dev-patel")
    }
    assert status == {
        "ana-reyes": "Due soon",
        "ben-okafor": "Overdue",
        "chloe-martin": "OK",
        "dev-patel": "Never reviewed",
    }
    assert cell(personas, "Next review due", "ID", "ana-reyes").value == datetime(2026, 11, 30)
    assert cell(personas, "Next review due", "ID", "chloe-martin").value == datetime(2027, 4, 30)
    assert cell(personas, "Next review due", "ID", "dev-patel").value in (None, "")

    maps = wb["Journey maps"]
    flags = {
        pid: cell(maps, "Review flag", "Persona ID", pid).value or ""
        for pid in ("ana-reyes", "ben-okafor", "chloe-martin", "dev-patel")
    }
    assert flags == {
        "ana-reyes": "persona changed after map review",
        "ben-okafor": "",
        "chloe-martin": "persona reviewed after map review",
        "dev-patel": "",
    }
    assert cell(maps, "Persona changed on", "Persona ID", "ana-reyes").value == datetime(
        2026, 10, 1
    )
    assert cell(maps, "Persona changed on", "Persona ID", "dev-patel").value in (None, "")
    assert cell(maps, "Status", "Persona ID", "ana-reyes").value == "Due soon"  # 2026-12-14

    links = wb["Connections"]
    assert cell(links, "Status", "Persona ID", "dev-patel").value == "Never reviewed"
    assert cell(links, "Status", "Persona ID", "ana-reyes").value == "Due soon"

    overview = wb["Overview"]
    table = {
        overview.cell(row, 1).value: [overview.cell(row, col).value for col in range(2, 7)]
        for row in range(10, 14)
    }
    # In workbook, Overdue, Due soon, Never reviewed, OK
    assert table == {
        "Personas": [4, 1, 1, 1, 1],
        "Journey maps": [4, 0, 4, 0, 0],
        "Connections": [4, 0, 3, 1, 0],
        "All": [12, 1, 8, 2, 1],
    }
    assert overview["D9"].value == "Due within 30 days"
    attention = {overview.cell(row, 1).value: overview.cell(row, 2).value for row in range(15, 20)}
    assert attention == {
        "Maps flagged for review (see Review flag)": 2,
        "Persona-map links without an owner": 1,
        "Open triggers (review not done)": 1,
        "Findings reported: errors": 1,
        "Findings reported: warnings": 1,
    }


def test_formulas_still_compute_after_people_insert_columns_and_review(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = governed_workspace()
    write_tracker(workspace, path, today=AS_OF)
    wb = openpyxl.load_workbook(path)
    for title in ("Personas", "Journey maps"):
        wb[title].insert_cols(2)
        wb[title].cell(1, 2).value = "Team"
    maps = wb["Journey maps"]
    cell(maps, "Last reviewed", "Persona ID", "ana-reyes").value = datetime(2026, 11, 20)
    wb["Overview"]["B7"] = 10  # a shorter due-soon window
    wb.save(path)

    write_tracker(workspace, path, today=AS_OF)
    wb = recalculated(path, tmp_path)
    maps = wb["Journey maps"]
    assert headers(maps)["Team"] == 2
    assert cell(maps, "Review flag", "Persona ID", "ana-reyes").value in (None, "")
    assert cell(maps, "Status", "Persona ID", "ana-reyes").value == "OK"  # due 2027-02-18
    assert (
        cell(maps, "Status", "Persona ID", "ben-okafor").value == "OK"
    )  # due in 15 days, window 10


def test_libreoffice_reads_hostile_workbook_text_as_text(tmp_path: Path):
    from tests.test_tracker_security import LINK, hostile_workspace

    path = tmp_path / "tracker.xlsx"
    write_tracker(hostile_workspace(), path, today=AS_OF)
    wb = recalculated(path, tmp_path)
    assert wb["Personas"]["B2"].value == LINK
    assert wb["Overview"]["A1"].value == f"Review tracker: {LINK}"
    assert cell(wb["Connections"], "Link owner", "Persona ID", "=1+1+cmd|x").value == LINK


def test_a_tracker_saved_by_libreoffice_is_still_recognised_and_updated(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = governed_workspace()
    write_tracker(workspace, path, today=AS_OF)
    recalculated(path, tmp_path)  # LibreOffice drops code names and turns veryHidden to hidden
    saved = tmp_path / "recalculated" / "tracker.xlsx"
    wb = openpyxl.load_workbook(saved)
    cell(wb["Personas"], "Notes", "ID", "ben-okafor").value = "Typed in LibreOffice"
    wb.save(saved)
    result = write_tracker(workspace, saved, today=date(2026, 12, 1))
    assert not result.warnings
    wb = openpyxl.load_workbook(saved)
    assert cell(wb["Personas"], "Notes", "ID", "ben-okafor").value == "Typed in LibreOffice"
    assert wb.sheetnames.count("Personas") == 1
    assert wb["_mapbridge"].sheet_state == "veryHidden"
