"""`mapbridge tracker` and the tracker step of `mapbridge build`, on the sample workbooks."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from textwrap import dedent

import openpyxl
import pytest

from mapbridge.cli import cli
from tests.tracker_helpers import cell

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROWS = SAMPLES / "bank-account-rows.xlsx"
GRID = SAMPLES / "home-insurance-grid.xlsx"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    copy = tmp_path / "bank.xlsx"
    shutil.copy(ROWS, copy)
    return copy


def test_tracker_writes_then_updates(runner, workbook: Path, tmp_path: Path):
    out = tmp_path / "tracker.xlsx"
    first = runner.invoke(cli, ["tracker", str(workbook), "-o", str(out), "--today", "2026-11-29"])
    assert first.exit_code == 0, first.output
    assert first.stdout == f"wrote {out} (4 personas, 4 maps, 4 persona-map links, 12 findings)\n"
    assert first.stderr == ""
    wb = openpyxl.load_workbook(out)
    assert "Findings" in wb.sheetnames
    assert wb["Findings"].max_row > 1
    assert cell(wb["Personas"], "Owner", "ID", "ana-reyes").value == "Priya Shah (CX Research)"

    second = runner.invoke(cli, ["tracker", str(workbook), "-o", str(out), "--today", "2026-12-01"])
    assert second.exit_code == 0, second.output
    # Two more findings on 2026-12-01: Ana Reyes fell due, and a trigger date passed.
    assert second.stdout == dedent(f"""\
        updated {out} (run 2: 0 added, 0 changed, 0 marked removed, findings: 2 new, 0 no longer reported; previous version kept as tracker.backup.xlsx)
          + finding MB109-447c12e1 (stale-persona) added: "Ana Reyes" was last reviewed on 2026-09-01; with a 90-day cadence the next review was due on 2026-11-30.
          + finding MB118-dbd246ab (review-trigger-pending) added: Review trigger "Q4 interview round with newcomers" (2026-12-01) is not done; not reviewed since: 4 personas (Ana Reyes, Ben Okafor, Chloe Martin, Dev Patel) and 4 maps of "Open a bank account".
        """)
    assert second.stderr == ""
    assert (tmp_path / "tracker.backup.xlsx").exists()


def test_tracker_default_path_is_beside_the_workbook(runner, workbook: Path):
    result = runner.invoke(cli, ["tracker", str(workbook), "--no-checks"])
    assert result.exit_code == 0, result.output
    written = workbook.with_name("bank-tracker.xlsx")
    assert written.exists()
    assert result.stdout == f"wrote {written} (4 personas, 4 maps, 4 persona-map links)\n"
    assert "Findings" not in openpyxl.load_workbook(written).sheetnames


def test_review_every_seeds_rows_the_workbook_gives_no_cadence(runner, workbook, tmp_path):
    out = tmp_path / "tracker.xlsx"
    result = runner.invoke(
        cli, ["tracker", str(workbook), "-o", str(out), "--review-every", "30", "--no-checks"]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert cell(wb["Connections"], "Review every (days)", "Persona ID", "ana-reyes").value == 30
    assert wb["Overview"]["B6"].value == 30


def test_review_every_in_mapbridge_toml_reaches_the_tracker_as_it_reaches_the_checks(
    runner, workbook, tmp_path
):
    (workbook.parent / "mapbridge.toml").write_text("review-every = 45\n", encoding="utf-8")
    out = tmp_path / "tracker.xlsx"
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(out), "--no-checks"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert cell(wb["Connections"], "Review every (days)", "Persona ID", "ana-reyes").value == 45
    assert wb["Overview"]["B6"].value == 45


def test_build_takes_review_every_for_the_tracker_and_the_checks(runner, workbook, tmp_path):
    stale = {}
    for days in (1, 3650):
        out = tmp_path / f"out-{days}"
        args = ["build", str(workbook), "-o", str(out), "--today", "2026-11-01"]
        result = runner.invoke(cli, [*args, "--review-every", str(days)])
        assert result.exit_code == 0, result.output
        wb = openpyxl.load_workbook(out / f"{workbook.stem}-tracker.xlsx")
        assert wb["Overview"]["B6"].value == days
        report = (out / f"{workbook.stem}-check.txt").read_text(encoding="utf-8")
        stale[days] = report.count("MB109") + report.count("MB110")
    # Items with no cadence of their own are stale after a day, never after ten years.
    assert stale[1] > stale[3650]


def test_tracker_refuses_to_overwrite_a_workbook_that_is_not_a_tracker(runner, workbook: Path):
    before = workbook.read_bytes()
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(workbook)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{workbook}: error MB044 bad-tracker: this is not a mapbridge review tracker (sheets: "
        "Personas, Stages, Journey rows, Reviews), so mapbridge refuses to overwrite it. "
        "Hint: Choose another -o path for the tracker, or move this file away.\n"
    )
    assert workbook.read_bytes() == before


def test_tracker_rejects_a_bad_date(runner, workbook: Path, tmp_path: Path):
    result = runner.invoke(
        cli,
        ["tracker", str(workbook), "-o", str(tmp_path / "t.xlsx"), "--today", "29/11/2026"],
        prog_name="mapbridge",
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == dedent("""\
        Usage: mapbridge tracker [OPTIONS] WORKBOOK...
        Try 'mapbridge tracker --help' for help.

        Error: Invalid value for '--today': '29/11/2026' does not match the format '%Y-%m-%d'.
        """)


@pytest.mark.parametrize(
    ("sample", "deck", "tracked", "notes"),
    [
        (
            ROWS,
            "13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight slide",
            "4 personas, 4 maps, 4 persona-map links, 11 findings",
            "2 notes",
        ),
        (
            GRID,
            "9 slides: 3 personas, 3 map slides",
            "3 personas, 3 maps, 3 persona-map links, 12 findings",
            "3 notes",  # MB122: the grids call the emotion lane "Feeling score" and "Mood"
        ),
    ],
    ids=["rows", "grid"],
)
def test_build_writes_the_tracker_and_a_second_build_keeps_hand_edits(
    runner, tmp_path, sample, deck, tracked, notes
):
    workbook = tmp_path / sample.name
    shutil.copy(sample, workbook)
    outdir = tmp_path / "out"
    build = ["build", str(workbook), "-o", str(outdir), "--today", "2026-11-01"]
    first = runner.invoke(cli, build)
    assert first.exit_code == 0, first.output
    tracker = outdir / f"{workbook.stem}-tracker.xlsx"
    counts = ", ".join(tracked.split(", ")[:2])  # "4 personas, 4 maps"
    wrote_deck = (
        f"wrote {outdir / workbook.stem}.pptx ({deck})\n"
        f"wrote {outdir / workbook.stem}.html (interactive map: {counts})\n"
    )
    wrote_check = (
        f"wrote {outdir / workbook.stem}-check.txt (map health: 0 errors, 9 warnings, {notes})\n"
    )
    wrote_check += (
        f"wrote {outdir / workbook.stem}-insights.txt (where the personas differ in 1 journey)\n"
    )
    assert first.stdout == wrote_deck + f"wrote {tracker} ({tracked})\n" + wrote_check

    wb = openpyxl.load_workbook(tracker)
    personas = wb["Personas"]
    first_id = personas["A2"].value
    personas.cell(2, 4).value = "Hand-typed owner"
    cell(personas, "Notes", "ID", first_id).value = "Hand-typed note"
    cell(personas, "Last reviewed", "ID", first_id).value = datetime(2026, 11, 28)
    wb["Triggers"].append([datetime(2026, 12, 1), "market shift", "New competitor", "", "no"])
    wb.create_sheet("Mine")["A1"] = "kept"
    wb.save(tracker)

    second = runner.invoke(cli, build)
    assert second.exit_code == 0, second.output
    # Hand edits are the tracker's own columns: the workbook did not change, so neither did a row.
    assert second.stdout == (
        wrote_deck + f"updated {tracker} (run 2: 0 added, 0 changed, 0 marked removed; "
        f"previous version kept as {workbook.stem}-tracker.backup.xlsx)\n" + wrote_check
    )
    wb = openpyxl.load_workbook(tracker)
    personas = wb["Personas"]
    assert personas.cell(2, 4).value == "Hand-typed owner"
    assert cell(personas, "Notes", "ID", first_id).value == "Hand-typed note"
    assert cell(personas, "Last reviewed", "ID", first_id).value == datetime(2026, 11, 28)
    assert any(r[2] == "New competitor" for r in wb["Triggers"].iter_rows(values_only=True))
    assert wb["Mine"]["A1"].value == "kept"
