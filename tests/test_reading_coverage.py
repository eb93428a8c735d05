"""Coverage, explanation and overrides: every typed cell is read or reported, and the user can say otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import Report
from mapbridge.importers.workbook import read_workbook
from tests.workbooks import make_xlsx, persona_rows

ROOT = Path(__file__).parent.parent
SPREADSHEETS = sorted(
    [*ROOT.glob("samples/*.xlsx"), *ROOT.glob("tests/data/**/*.xlsx")], key=lambda p: p.name
)


def filled_cells(path: Path) -> int:
    """Filled cells counted by openpyxl, independently of mapbridge."""
    book = load_workbook(path, read_only=True)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(
                1 for v in row if v is not None and not (isinstance(v, str) and not v.strip())
            )
    book.close()
    return count


@pytest.mark.parametrize("path", SPREADSHEETS, ids=lambda p: p.name)
def test_every_sample_and_fixture_is_read_or_reported_cell_by_cell(path: Path):
    report = Report(file=path.name)
    workspace = read_input(path, report=report)
    assert workspace.reading is not None
    coverage = workspace.reading.coverage
    assert coverage.filled_cells == filled_cells(path)
    assert coverage.read_cells + coverage.unread_cells == coverage.filled_cells
    # Every range not read is named in a message (a warning per range, or the sheet's note).
    for item in coverage.unread:
        assert any(p.sheet == item.sheet for p in report.problems), item


def test_the_samples_are_read_completely():
    for name in ("bank-account-rows.xlsx", "home-insurance-grid.xlsx"):
        workspace = read_input(ROOT / "samples" / name)
        unread = [u for u in workspace.reading.coverage.unread if "instructions" not in u.reason]
        assert unread == [], name


def stray_note_workbook(path: Path) -> Path:
    return make_xlsx(
        path,
        {
            "Personas": persona_rows("Ana"),
            "Journey": [
                ["Persona", "Stage", "Actions"],
                ["Ana", "Discover", "Sees an ad"],
                [],
                [],
                [],
                [None, None, None, None, None, "Ask legal about the ad copy"],
            ],
        },
    )


def test_a_stray_note_is_reported_with_its_range_and_counted(tmp_path: Path):
    path = stray_note_workbook(tmp_path / "w.xlsx")
    report = Report(file=path.name)
    workspace = read_workbook(path, report=report)
    (item,) = workspace.reading.coverage.unread
    assert (item.sheet, item.range, item.cells) == ("Journey", "F6", 1)
    (warning,) = [p for p in report.problems if p.code == "MB035"]
    assert (warning.sheet, warning.cell, warning.severity) == ("Journey", "F6", "warning")
    assert warning.message.startswith("F6: 1 filled cell(s) not read")


def test_inspect_prints_the_coverage_line_and_json_lists_unread_ranges(tmp_path: Path):
    path = stray_note_workbook(tmp_path / "w.xlsx")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    filled = filled_cells(path)
    assert f"Coverage: read {filled - 1} of {filled} filled cells; 1 not read:" in result.stdout
    assert "  Journey!F6 (1 cell): text that belongs to no table" in result.stdout
    result = CliRunner().invoke(cli, ["inspect", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["reading"]["coverage"]["unread"] == [
        {
            "sheet": "Journey",
            "range": "F6",
            "cells": 1,
            "reason": "text that belongs to no table (no table below it)",
        }
    ]


def test_explain_shows_tables_roles_reasons_and_meanings(tmp_path: Path):
    path = stray_note_workbook(tmp_path / "w.xlsx")
    result = CliRunner().invoke(cli, ["inspect", str(path), "--explain"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Sheet 'Journey'" in lines
    assert any(
        line.startswith("  A1:C2: read as rows (a header row with a Stage") for line in lines
    )
    assert "    'Actions': lane: actions" in lines
    assert "    'Stage': stage name" in lines
    assert "  F6: NOT READ (1 cell): text that belongs to no table (no table below it)" in lines
    assert any(line.startswith("  A1:F2: read as personas") for line in lines)


def test_an_instructions_sheet_is_skipped_whole_with_one_note(tmp_path: Path):
    path = make_xlsx(
        tmp_path / "w.xlsx",
        {
            "Read me": [["How to fill this in"], ["One row per stage"], ["Ask Priya"]],
            "Personas": persona_rows("Ana"),
            "Journey": [["Persona", "Stage", "Actions"], ["Ana", "Discover", "Sees an ad"]],
        },
    )
    report = Report(file=path.name)
    workspace = read_workbook(path, report=report)
    (note,) = [p for p in report.problems if p.sheet == "Read me"]
    assert (note.code, note.severity) == ("MB036", "info")
    (item,) = workspace.reading.coverage.unread
    assert (item.sheet, item.range, item.cells) == ("Read me", "A1:A3", 3)
    # A note, not a warning: commands do not print it, inspect lists it under coverage.
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.stderr == ""
    assert "'Read me'!A1:A3 (3 cells): skipped whole" in result.stdout


AMBIGUOUS = [
    ["Stage", "Actions", "Emotion"],
    ["Thoughts", "Is it safe?", "Will it work?"],
    ["Pain points", "Long form", "Slow"],
]


def test_an_ambiguous_table_is_read_one_way_with_a_warning_that_shows_the_override(
    tmp_path: Path,
):
    path = make_xlsx(tmp_path / "w.xlsx", {"Map": AMBIGUOUS})
    report = Report(file=path.name)
    workspace = read_workbook(path, report=report)
    (warning,) = [p for p in report.problems if p.code == "MB037"]
    assert "could be read as a map grid" in warning.message
    assert "journey rows" in warning.message
    assert 'sheets = {"Map" = "rows"}' in warning.hint
    (journey,) = workspace.journeys
    assert [s.name for s in journey.stages] == ["Actions", "Emotion"]


def test_mapbridge_toml_forces_a_sheet_role_and_the_warning_goes(tmp_path: Path):
    path = make_xlsx(tmp_path / "w.xlsx", {"Map": AMBIGUOUS})
    (tmp_path / "mapbridge.toml").write_text('sheets = {"Map" = "rows"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "MB037" not in result.stderr
    data = json.loads(result.stdout)
    (journey,) = data["journeys"]
    assert [s["name"] for s in journey["stages"]] == ["Thoughts", "Pain points"]
    assert [lane["kind"] for lane in journey["lanes"]] == ["actions", "emotion"]


def test_mapbridge_toml_gives_a_column_its_kind_and_adds_aliases(tmp_path: Path):
    path = make_xlsx(
        tmp_path / "w.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": [
                ["Persona", "Stage", "Важность этапа", "Ärgernisse im Alltag"],
                ["Ana", "Discover", "high", "Too many forms"],
            ],
        },
    )
    (tmp_path / "mapbridge.toml").write_text(
        'columns = {"Важность этапа" = "metrics"}\n\n[aliases]\npain_points = ["Ärgernisse im Alltag"]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (journey,) = json.loads(result.stdout)["journeys"]
    assert [(lane["name"], lane["kind"]) for lane in journey["lanes"]] == [
        ("Важность этапа", "metrics"),
        ("Ärgernisse im Alltag", "pain_points"),
    ]


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ('sheets = {"Map" = "diagram"}', "role 'diagram', which is not one of personas, card"),
        ('columns = {"X" = "vibes"}', "gives the column 'X' the meaning 'vibes'"),
        ('[aliases]\nvibes = ["Stimmung"]', "has an [aliases] entry mapbridge cannot use"),
        ('sheets = "grid"', "it must be a table"),
    ],
)
def test_a_wrong_override_is_a_usage_error_naming_the_settings_file(
    tmp_path: Path, settings: str, fragment: str
):
    path = make_xlsx(tmp_path / "w.xlsx", {"Map": AMBIGUOUS})
    (tmp_path / "mapbridge.toml").write_text(settings + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "mapbridge.toml" in result.stderr and fragment in result.stderr
    assert "Traceback" not in result.output
