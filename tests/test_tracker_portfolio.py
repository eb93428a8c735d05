"""One tracker for a portfolio (issue 16): a row per persona, map and link with the file it is
found in; re-runs keep hand edits, a file that disappeared marks its rows instead of deleting
them, a persona moved to another file keeps its row."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mapbridge import workflow
from mapbridge.cli import cli
from tests.tracker_helpers import cell, find_row, headers, recalculated
from tests.workbooks import make_xlsx, persona_rows

HEADER = ["Persona", "Stage", "Actions", "Emotion", "Pain points"]
DAY1, DAY2, DAY3 = date(2026, 6, 1), date(2026, 6, 15), date(2026, 7, 1)
PAYMENTS = os.path.join("journeys", "payments.xlsx")
ONBOARDING = os.path.join("journeys", "onboarding.xlsx")
INPUTS = ["catalogue.xlsx", "journeys"]


def journey(title: str, *rows: list[object]) -> dict[str, list[list[object]]]:
    return {"Journey": [[f"Journey: {title}"], HEADER, *rows]}


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """catalogue.xlsx (three personas) and journeys/ with two workbooks naming them."""
    monkeypatch.chdir(tmp_path)
    make_xlsx(
        tmp_path / "catalogue.xlsx",
        {"Personas": persona_rows("Chloé Martin", "Ben Okafor", "Dev Patel")},
    )
    (tmp_path / "journeys").mkdir()
    make_xlsx(
        tmp_path / PAYMENTS,
        journey(
            "Pay a bill",
            ["Chloe Martin", "Sign up", "Opens the app", 1, "Too many fields"],
            ["Ben Okafor", "Pay", "Pays", -1, "Fees unclear"],
        ),
    )
    make_xlsx(
        tmp_path / ONBOARDING,
        journey(
            "Onboarding",
            ["Ben Okafor", "Sign up", "Opens the app", 1, "Password rules"],
            ["Dev Patel", "Use", "Uses it", 0, "Slow"],
        ),
    )
    return tmp_path


ROWS = ("persona", "map", "connection")


def rows_of(changes: list) -> list:
    """The changes about persona, map and link rows (not findings nor sheets)."""
    return [c for c in changes if c.item in ROWS]


def run(today: date, inputs: list[str] = INPUTS) -> workflow.TrackerRunResult:
    return workflow.tracker(inputs, "tracker.xlsx", workflow.TrackerOptions(today=today))


def sheets(path: Path = Path("tracker.xlsx")) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def type_in(edits: dict[tuple[str, str, str, str], object]) -> None:
    """Type into the tracker as a person would: (sheet, column, key column, key) -> value."""
    wb = sheets()
    for (sheet, header, key_header, key), value in edits.items():
        cell(wb[sheet], header, key_header, key).value = value
    wb.save("tracker.xlsx")


def link_row(ws, persona_id: str, map_id: str) -> int:
    h = headers(ws)
    for row in range(2, ws.max_row + 1):
        if (ws.cell(row, h["Persona ID"]).value, ws.cell(row, h["Map ID"]).value) == (
            persona_id,
            map_id,
        ):
            return row
    raise AssertionError(f"no link {persona_id} / {map_id}")


HAND_EDITS = {
    ("Personas", "Owner", "ID", "ben-okafor"): "Research team",
    ("Personas", "Notes", "ID", "ben-okafor"): "Check with the call centre",
    ("Journey maps", "Owner", "Map ID", "onboarding--dev-patel"): "Priya",
    ("Journey maps", "Last reviewed", "Map ID", "onboarding--dev-patel"): DAY1,
    ("Journey maps", "Notes", "Map ID", "onboarding--dev-patel"): "Retail team's map",
    ("Journey maps", "Owner", "Map ID", "pay-a-bill--chloe-martin"): "Sam",
}


def assert_hand_edits_kept(wb: openpyxl.Workbook) -> None:
    for (sheet, header, key_header, key), value in HAND_EDITS.items():
        found = cell(wb[sheet], header, key_header, key).value
        if isinstance(value, date):
            found = found.date()
        assert found == value, (sheet, header, key)


def test_one_tracker_names_each_rows_own_file(portfolio: Path) -> None:
    result = run(DAY1)
    assert result.tracker.summary() == (
        "wrote tracker.xlsx (3 personas, 4 maps, 4 persona-map links, 9 findings)"
    )
    wb = sheets()
    maps = wb["Journey maps"]
    # Each map's own file and sheet, never the portfolio's name.
    assert cell(maps, "Found in", "Map ID", "pay-a-bill--ben-okafor").value == (
        f"{PAYMENTS} › Journey"
    )
    assert cell(maps, "Found in", "Map ID", "onboarding--dev-patel").value == (
        f"{ONBOARDING} › Journey"
    )
    # A persona: where it is defined, then the files that name it.
    personas = wb["Personas"]
    assert cell(personas, "Found in", "ID", "ben-okafor").value == (
        f"catalogue.xlsx › Personas; also named in {ONBOARDING}, {PAYMENTS}"
    )
    assert cell(personas, "Found in", "ID", "chloe-martin").value == (
        f"catalogue.xlsx › Personas; also named in {PAYMENTS}"
    )
    links = wb["Connections"]
    row = link_row(links, "dev-patel", "onboarding--dev-patel")
    assert links.cell(row, headers(links)["Found in"]).value == f"{ONBOARDING} › Journey"
    assert "from 3 files (portfolio)" in wb["Overview"]["A2"].value
    log = wb["Change log"]
    assert log.cell(2, headers(log)["Details"]).value.startswith(
        "Tracker created from portfolio (3 files): 3 personas, 4 maps"
    )


def test_a_portfolio_rerun_keeps_every_hand_edit(portfolio: Path) -> None:
    run(DAY1)
    type_in(HAND_EDITS)
    wb = sheets()
    links = wb["Connections"]
    row = link_row(links, "ben-okafor", "pay-a-bill--ben-okafor")
    links.cell(row, headers(links)["Link owner"]).value = "Alex"
    wb.save("tracker.xlsx")

    result = run(DAY2)
    assert result.tracker.summary().startswith("updated tracker.xlsx (run 2: 0 added, 0 changed")
    wb = sheets()
    assert_hand_edits_kept(wb)
    links = wb["Connections"]
    assert links.cell(link_row(links, "ben-okafor", "pay-a-bill--ben-okafor"), 6).value == "Alex"
    # One row per item, still.
    assert wb["Journey maps"].max_row == 5
    assert wb["Personas"].max_row == 4


def test_a_file_removed_marks_its_rows_and_keeps_them(portfolio: Path) -> None:
    run(DAY1)
    type_in(HAND_EDITS)
    moved_away = portfolio / "onboarding.xlsx.away"
    shutil.move(portfolio / ONBOARDING, moved_away)

    result = run(DAY2).tracker
    missing = sorted((c.item, c.id) for c in result.missing)
    assert missing == [
        ("connection", "ben-okafor/onboarding--ben-okafor"),
        ("connection", "dev-patel/onboarding--dev-patel"),
        ("map", "onboarding--ben-okafor"),
        ("map", "onboarding--dev-patel"),
    ]
    # Not "removed from source": the whole file was not read.
    assert rows_of(result.removed) == []
    assert "4 marked 'file missing'" in result.summary()
    [line] = [c for c in result.missing if c.id == "onboarding--dev-patel"]
    assert line.format() == (
        f"- map onboarding--dev-patel (Onboarding) marked 'file missing': "
        f"{ONBOARDING} is gone (deleted, moved or renamed)"
    )
    wb = sheets()
    maps = wb["Journey maps"]
    assert maps.max_row == 5  # nothing deleted
    assert cell(maps, "Source", "Map ID", "onboarding--dev-patel").value == "file missing"
    assert cell(maps, "Source", "Map ID", "pay-a-bill--ben-okafor").value == "in workbook"
    assert cell(maps, "Found in", "Map ID", "onboarding--dev-patel").value == (
        f"{ONBOARDING} › Journey"
    )
    assert_hand_edits_kept(wb)
    links = wb["Connections"]
    row = link_row(links, "dev-patel", "onboarding--dev-patel")
    assert links.cell(row, headers(links)["Source"]).value == "file missing"
    # Dev Patel is still in the catalogue: only the file list of his Found in changed.
    assert cell(wb["Personas"], "Found in", "ID", "dev-patel").value == "catalogue.xlsx › Personas"
    assert cell(wb["Personas"], "Source", "ID", "dev-patel").value == "in workbook"
    log = [r for r in wb["Change log"].iter_rows(min_row=2, values_only=True) if r[0] == 2]
    assert ("marked file missing", "map", "onboarding--dev-patel") in [r[2:5] for r in log]

    # A run without the file again changes nothing more.
    again = run(DAY2).tracker
    assert again.missing == [] and rows_of(again.removed) == []

    # The file comes back: the rows are back to normal, with their hand edits.
    shutil.move(moved_away, portfolio / ONBOARDING)
    back = run(DAY3).tracker
    assert sorted(c.id for c in back.restored) == [
        "ben-okafor/onboarding--ben-okafor",
        "dev-patel/onboarding--dev-patel",
        "onboarding--ben-okafor",
        "onboarding--dev-patel",
    ]
    assert back.restored[0].detail == f"its file {ONBOARDING} was read again"
    wb = sheets()
    assert cell(wb["Journey maps"], "Source", "Map ID", "onboarding--dev-patel").value == (
        "in workbook"
    )
    assert_hand_edits_kept(wb)


def test_a_file_left_out_of_the_inputs_is_marked_too(portfolio: Path) -> None:
    run(DAY1)
    result = run(DAY2, ["catalogue.xlsx", PAYMENTS]).tracker
    assert {c.id for c in result.missing} >= {"onboarding--ben-okafor", "onboarding--dev-patel"}
    assert result.missing[0].detail == f"{ONBOARDING} was not among this run's inputs"


def test_a_map_removed_from_a_file_still_read_is_removed_from_source(portfolio: Path) -> None:
    run(DAY1)
    make_xlsx(
        portfolio / ONBOARDING,
        journey("Onboarding", ["Ben Okafor", "Sign up", "Opens the app", 1, "Password rules"]),
    )
    result = run(DAY2).tracker
    assert result.missing == []
    assert sorted(c.id for c in rows_of(result.removed)) == [
        "dev-patel/onboarding--dev-patel",
        "onboarding--dev-patel",
    ]
    maps = sheets()["Journey maps"]
    assert cell(maps, "Source", "Map ID", "onboarding--dev-patel").value == "removed from source"


def test_a_persona_moved_to_another_file_keeps_its_row(portfolio: Path) -> None:
    run(DAY1)
    type_in(HAND_EDITS)
    # Ben's definition moves from the catalogue to people.xlsx.
    make_xlsx(portfolio / "catalogue.xlsx", {"Personas": persona_rows("Chloé Martin", "Dev Patel")})
    make_xlsx(portfolio / "people.xlsx", {"Personas": persona_rows("Ben Okafor")})

    result = run(DAY2, ["catalogue.xlsx", "people.xlsx", "journeys"]).tracker
    assert rows_of(result.added + result.removed + result.missing) == []
    [moved] = result.moved
    assert (moved.item, moved.id) == ("persona", "ben-okafor")
    assert moved.detail == "from catalogue.xlsx › Personas to people.xlsx › Personas"
    assert "1 moved" in result.summary()
    wb = sheets()
    personas = wb["Personas"]
    assert personas.max_row == 4  # the same row, not a new one
    row = find_row(personas, "ID", "ben-okafor")
    assert personas.cell(row, headers(personas)["Found in"]).value == (
        f"people.xlsx › Personas; also named in {ONBOARDING}, {PAYMENTS}"
    )
    assert personas.cell(row, headers(personas)["Source"]).value == "in workbook"
    assert_hand_edits_kept(wb)
    # Its maps still point at the same persona row.
    maps = wb["Journey maps"]
    assert cell(maps, "Persona ID", "Map ID", "onboarding--ben-okafor").value == "ben-okafor"


def test_build_keeps_one_tracker_for_the_portfolio(portfolio: Path) -> None:
    runner = CliRunner()
    build = ["build", *INPUTS, "-o", "out", "--today", "2026-06-01"]
    first = runner.invoke(cli, build)
    assert first.exit_code == 0, first.output
    tracker = Path("out") / "portfolio-tracker.xlsx"
    wb = openpyxl.load_workbook(tracker)
    cell(wb["Journey maps"], "Owner", "Map ID", "onboarding--dev-patel").value = "Priya"
    wb.save(tracker)
    os.remove(ONBOARDING)

    second = runner.invoke(cli, ["build", *INPUTS, "-o", "out", "--today", "2026-06-15"])
    assert second.exit_code == 0, second.output
    assert (
        f"  - map onboarding--dev-patel (Onboarding) marked 'file missing': {ONBOARDING} is gone"
    ) in second.stdout
    wb = openpyxl.load_workbook(tracker)
    maps = wb["Journey maps"]
    assert cell(maps, "Owner", "Map ID", "onboarding--dev-patel").value == "Priya"
    assert cell(maps, "Source", "Map ID", "onboarding--dev-patel").value == "file missing"


def test_excel_shows_file_missing_in_status_and_flag(portfolio: Path, tmp_path: Path) -> None:
    run(DAY1)
    os.remove(ONBOARDING)
    run(DAY2)
    wb = recalculated(Path("tracker.xlsx"), tmp_path)
    maps = wb["Journey maps"]
    assert cell(maps, "Status", "Map ID", "onboarding--dev-patel").value == "File missing"
    assert cell(maps, "Review flag", "Map ID", "onboarding--dev-patel").value == (
        f"file missing: {ONBOARDING}"
    )
    assert cell(maps, "Status", "Map ID", "pay-a-bill--ben-okafor").value == "Never reviewed"
    links = wb["Connections"]
    row = link_row(links, "dev-patel", "onboarding--dev-patel")
    assert links.cell(row, headers(links)["Status"]).value == "File missing"
