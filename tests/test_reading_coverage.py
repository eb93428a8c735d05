"""Coverage, explanation and overrides: every typed cell is read or reported, and the user can say otherwise."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

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
    assert warning.message.startswith("1 filled cell not read: ")


def test_inspect_prints_the_coverage_line_and_json_lists_unread_ranges(tmp_path: Path):
    path = stray_note_workbook(tmp_path / "w.xlsx")
    assert filled_cells(path) == 19
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    assert result.stdout == dedent("""\
        Journey
        w.xlsx · 1 persona · 1 journey · 1 map

        Personas
          Ana  research                    Ana's role  [1 map; Personas!A2]

        Journeys
          Journey
            Ana: 1 stage, 1 cell, emotion curve of 0 points
              Stages: Discover
              Lanes: Actions [actions]
            Layout: One map (Ana, 1 stage): nothing to compare

        Coverage: read 18 of 19 filled cells; 1 not read:
          Journey!F6 (1 cell): text that belongs to no table (no table below it)
        """)
    assert result.stderr == (
        "w.xlsx: Journey!F6: warning MB035 cells-not-read: 1 filled cell not read: text "
        "that belongs to no table (no table below it). Hint: move the cells into a table "
        "mapbridge reads, or delete them if they are notes; `mapbridge inspect --explain` shows "
        "what was found on each sheet\n"
    )
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
    assert result.stdout == dedent("""\
        Sheet 'Personas'
          A1:F2: read as personas (a header row with a Name column and 5 other persona fields; the sheet's name says personas)
            'Name': persona field: name
            'Kind': persona field: kind
            'Role': persona field: role
            'Goals': persona field: goals
            'Pain points': persona field: pain points
            'Behaviours': persona field: behaviours

        Sheet 'Journey'
          A1:C2: read as rows (a header row with a Stage column and 2 other known headers; the sheet's name says journey)
            'Persona': persona
            'Stage': stage name
            'Actions': lane: actions
          F6: NOT READ (1 cell): text that belongs to no table (no table below it)

        Coverage: read 18 of 19 filled cells; 1 not read:
          Journey!F6 (1 cell): text that belongs to no table (no table below it)
        """)


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
    assert result.stdout == dedent("""\
        Journey
        w.xlsx · 1 persona · 1 journey · 1 map

        Personas
          Ana  research                    Ana's role  [1 map; Personas!A2]

        Journeys
          Journey
            Ana: 1 stage, 1 cell, emotion curve of 0 points
              Stages: Discover
              Lanes: Actions [actions]
            Layout: One map (Ana, 1 stage): nothing to compare

        Coverage: read 18 of 21 filled cells; 3 not read:
          'Read me'!A1:A3 (3 cells): skipped whole: its name says it holds instructions or notes
        """)


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
    # No MB037 (the table is read as rows, as told); the warnings left are about the content.
    assert result.stderr == dedent("""\
        w.xlsx: Map!A1: warning MB038 persona-not-named: the journey table at A1:C3 names no persona (no Persona column, no 'Persona:' line, no persona sheet), so its map belongs to 'Unnamed persona'. Hint: add a line 'Persona: <name>' above the table, or a Persona column
        w.xlsx: warning MB023 no-personas-sheet: the workbook has no Personas sheet; personas were created from the names used on the maps. Hint: add a Personas sheet with goals, pain points and behaviours so the deck can show profiles
        w.xlsx: Map!C2: warning MB013 unknown-emotion: emotion 'Will it work?' is not a known score; the text is kept and the curve has a gap here. Hint: use -2..2, 1..5, -5..5 or 0..10, a word like "frustrated" or "delighted", or a face like 🙂
        w.xlsx: Map!C3: warning MB013 unknown-emotion: emotion 'Slow' is not a known score; the text is kept and the curve has a gap here. Hint: use -2..2, 1..5, -5..5 or 0..10, a word like "frustrated" or "delighted", or a face like 🙂
        """)
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
    ("settings", "message"),
    [
        (
            'sheets = {"Map" = "diagram"}',
            "gives the sheet 'Map' the role 'diagram', which is not one of personas, card, rows, "
            "grid, stages, reviews, skip.",
        ),
        (
            'columns = {"X" = "vibes"}',
            "gives the column 'X' the meaning 'vibes'; use a lane kind (actions, touchpoints, "
            "channels, thoughts, feelings, emotion, pain_points, opportunities, backstage, "
            "metrics, owners, interacts_with, depends_on, caused_by, hands_over_to, custom) or a "
            "persona field (goals, pain_points, role, ...).",
        ),
        (
            '[aliases]\nvibes = ["Stimmung"]',
            "has an [aliases] entry mapbridge cannot use: unknown alias key 'vibes'; known keys: "
            "actions, affects, age, backstage, behaviours, caused_by, channels, date, "
            "demographics, depends_on, description, does, done, education, emotion, "
            "emotion_scale, ethnicity, family, feelings, feels, gender, goals, hands_over_to, id, "
            "income, instructions, interacts_with, journey, kind, "
            "last_reviewed, last_updated, location, map_owner, metrics, motivations, name, "
            "nationality, opportunities, order, owner, owners, pain_points, persona, personas, "
            "quote, review_every_days, reviews, role, says, stage, stages, step, thinks, "
            "thoughts, title, touchpoints, trigger, trigger_type (write lane.KEY, persona.KEY, "
            "journey.KEY, sheet.KEY, title.KEY, demographic.KEY, stage_sheet.KEY, review.KEY or "
            "kind.proto/research/segment to pick one table).",
        ),
        ('sheets = "grid"', "has sheets = 'grid'; it must be a table, like sheets = {...}."),
    ],
    ids=["sheet-role", "column-meaning", "alias-key", "not-a-table"],
)
def test_a_wrong_override_is_a_usage_error_naming_the_settings_file(
    tmp_path: Path, settings: str, message: str
):
    path = make_xlsx(tmp_path / "w.xlsx", {"Map": AMBIGUOUS})
    settings_file = tmp_path / "mapbridge.toml"
    settings_file.write_text(settings + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{settings_file}: error MB190 invalid-config: The settings file mapbridge.toml {message} "
        "Hint: Fix the file, or move it away to use the defaults.\n"
    )
