"""`mapbridge check` as a user runs it: output lines, JSON codes and cells, exit codes, settings files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from mapbridge.cli import cli
from mapbridge.errors import Problem

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
CLAIMS = SAMPLES / "home-insurance-grid.xlsx"


def write_workbook(path: Path, *, unknown_persona: bool = False) -> Path:
    """A small rows workbook: three behavioural personas and Chris, who only has demographics."""
    wb = Workbook()
    personas = wb.active
    personas.title = "Personas"
    personas.append(
        ["Name", "Kind", "Goals", "Pain points", "Behaviours", "Age", "Income", "Owner"]
        + ["Last reviewed"]
    )
    reviewed = date(2026, 9, 1)
    personas.append(
        ["Ana", "Research", "Open an account on her phone", "Jargon", "Researches on TikTok"]
        + ["22", "", "Priya", reviewed]
    )
    personas.append(
        ["Ben", "Proto-persona", "Switch salary safely", "Bills bouncing", "Reads the guarantee"]
        + ["38", "", "Tom", reviewed]
    )
    personas.append(
        ["Dev", "Research", "Open an account without address proof", "Proof of address"]
        + ["Asks colleagues", "29", "", "Tom", reviewed]
    )
    personas.append(["Chris", "Research", "", "", "", "45", "£50k", "Priya", reviewed])
    rows = wb.create_sheet("Journey rows")
    rows.append(
        ["Persona", "Stage", "Actions", "Emotion", "Pain points", "Map owner"] + ["Last reviewed"]
    )
    maps = (
        ("Ana", ["Sees an ad", "Compares apps", "Applies in the app"], [1, 0, -1]),
        ("Ben", ["Hears from a friend", "Reads the guarantee", "Fills the form"], [0, -1, 0]),
        (
            "Zed" if unknown_persona else "Dev",
            ["Asks colleagues", "Checks papers", "Visits"],
            [-1, -2, 1],
        ),
    )
    for persona, actions, scores in maps:
        for stage, action, score in zip(
            ["Discover", "Compare", "Apply"], actions, scores, strict=True
        ):
            rows.append(
                [persona, stage, action, score, f"{persona} worries at {stage}"]
                + ["CX", date(2026, 9, 15)]
            )
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "journey.xlsx")


def invoke(runner, *args: object):
    return runner.invoke(cli, ["check", *map(str, args)])


def as_json(result) -> list[dict]:
    return json.loads(result.stdout)


def located(findings: list[dict]) -> list[tuple[str, str | None, str | None]]:
    return [(f["code"], f["sheet"], f["cell"]) for f in findings]


# ---------------------------------------------------------------------- text output


def test_text_output_one_line_per_finding_grouped_by_severity(runner, workbook):
    result = invoke(runner, workbook, "--today", "2026-10-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        'journey.xlsx: Personas!A5: warning MB102 demographic-persona: "Chris" has age and income '
        "but no goals, pain points or behaviours. Hint: Add what the persona is trying to do"
    ) in result.stdout
    findings = [line for line in lines if line.startswith("journey.xlsx: ") and " MB" in line]
    severities = [line.split(": ")[2].split()[0] for line in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert "" in lines  # a blank line between the warnings and the notes
    assert lines[-1] == "journey.xlsx: 0 errors, 3 warnings, 2 notes."


def test_strict_fails_on_warnings(runner, workbook):
    assert invoke(runner, workbook, "--today", "2026-10-01", "--strict").exit_code == 1


def test_clean_workbook_says_so(runner, workbook):
    result = invoke(
        runner,
        workbook,
        "--today",
        "2026-10-01",
        "--disable",
        "MB102,MB104,MB105",
        "--disable",
        "persona-without-map",
        "--disable",
        "missing-owner",
        "--strict",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "journey.xlsx: no problems found.\n"


# ---------------------------------------------------------------------- JSON output


def test_json_output_has_exact_codes_and_cells(runner, workbook):
    result = invoke(runner, workbook, "--today", "2026-10-01", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = as_json(result)
    assert located(findings) == [
        ("MB106", "Personas", "A5"),
        ("MB102", "Personas", "A5"),
        ("MB112", "Journey rows", "A2"),
        ("MB105", "Personas", "B3"),
        ("MB104", "Journey rows", "A2"),
    ]
    assert set(findings[0]) == {
        "code",
        "name",
        "severity",
        "file",
        "sheet",
        "cell",
        "message",
        "hint",
    }
    assert findings[1]["name"] == "demographic-persona"
    assert findings[1]["file"] == "journey.xlsx"


def test_staleness_is_measured_from_today_option(runner, workbook):
    findings = as_json(invoke(runner, workbook, "--today", "2027-03-01", "--format", "json"))
    assert [f["cell"] for f in findings if f["code"] == "MB109"] == ["I2", "I3", "I4", "I5"]
    assert sum(f["code"] == "MB110" for f in findings) == 3


def test_import_errors_exit_1_in_both_formats(runner, tmp_path):
    path = write_workbook(tmp_path / "journey.xlsx", unknown_persona=True)
    text = invoke(runner, path)
    assert text.exit_code == 1
    assert "'Journey rows'!A8: error MB011 " in text.stdout
    assert text.stdout.rstrip().endswith("fix the errors so the map-health rules can run.")
    data = invoke(runner, path, "--format", "json")
    assert data.exit_code == 1
    assert "MB011" in {f["code"] for f in as_json(data)}


def test_error_findings_exit_1(runner, workbook, monkeypatch):
    import mapbridge.checks

    def one_error(workspace, **_kwargs):
        return [
            Problem(
                code="MB108",
                name="unknown-persona",
                severity="error",
                message="x",
                sheet="S",
                cell="A1",
            )
        ]

    monkeypatch.setattr(mapbridge.checks, "check", one_error)
    result = invoke(runner, workbook)
    assert result.exit_code == 1
    assert result.stdout.startswith("journey.xlsx: S!A1: error MB108 unknown-persona: x")


def test_unreadable_input_exits_2(runner, tmp_path):
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("hello")
    assert invoke(runner, not_a_workbook).exit_code == 2
    assert invoke(runner, tmp_path / "missing.xlsx").exit_code == 2


def test_unknown_rule_is_a_usage_error(runner, workbook):
    result = invoke(runner, workbook, "--disable", "MB999")
    assert result.exit_code == 2
    assert "Unknown rule 'MB999'" in result.stderr
    assert "MB118" in result.stderr


def test_bad_date_is_a_usage_error(runner, workbook):
    assert invoke(runner, workbook, "--today", "01/10/2026").exit_code == 2


def test_list_rules(runner):
    from mapbridge.checks import RULES

    result = runner.invoke(cli, ["check", "--list-rules"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [r.code for r in RULES]


# ---------------------------------------------------------------------- thresholds and settings files


def test_threshold_option(runner, workbook):
    findings = as_json(invoke(runner, workbook, "--format", "json", "--max-personas", "3"))
    assert ("MB101", "Personas", "A5") in located(findings)


def test_mapbridge_toml_next_to_the_workbook(runner, workbook):
    (workbook.parent / "mapbridge.toml").write_text(
        'max-personas = 3\ndisable = ["MB104"]  # layout advice is in the deck\n', encoding="utf-8"
    )
    codes = [f["code"] for f in as_json(invoke(runner, workbook, "--format", "json"))]
    assert "MB101" in codes and "MB104" not in codes
    # Options win over the file.
    codes = [
        f["code"]
        for f in as_json(invoke(runner, workbook, "--format", "json", "--max-personas", "5"))
    ]
    assert "MB101" not in codes


def test_pyproject_tool_mapbridge_table(runner, workbook):
    (workbook.parent / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mapbridge]\nstale-days = 10\n', encoding="utf-8"
    )
    findings = as_json(invoke(runner, workbook, "--format", "json", "--today", "2026-10-01"))
    assert sum(f["code"] == "MB109" for f in findings) == 4


def test_broken_settings_file_exits_2(runner, workbook):
    (workbook.parent / "mapbridge.toml").write_text("max-personas = = 3\n", encoding="utf-8")
    result = invoke(runner, workbook)
    assert result.exit_code == 2
    assert "MB190" in result.stderr and "mapbridge.toml" in result.stderr


def test_out_of_range_setting_exits_2(runner, workbook):
    (workbook.parent / "mapbridge.toml").write_text("similarity = 3\n", encoding="utf-8")
    result = invoke(runner, workbook)
    assert result.exit_code == 2
    assert "similarity" in result.stderr


# ---------------------------------------------------------------------- the samples


def test_bank_sample_findings(runner):
    result = invoke(runner, BANK, "--today", "2026-10-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert located(as_json(result)) == [
        ("MB109", "Personas", "R5"),  # Ben, last reviewed 2026-05-12
        ("MB110", "Journey rows", "A11"),  # Ben's map, 2026-06-01
        ("MB111", "Journey rows", "A11"),  # Ben changed 2026-09-10, after his map's review
        ("MB112", "Journey rows", "A11"),  # no Reviews row links Ben to his map
        ("MB112", "Journey rows", "A17"),  # nor Chloe
        ("MB105", "Personas", "B5"),  # Ben is a proto-persona
        ("MB104", "Journey rows", "A5"),  # same six stages: layered
    ]


def test_bank_sample_trigger_after_launch(runner):
    findings = as_json(invoke(runner, BANK, "--today", "2026-11-01", "--format", "json"))
    (trigger,) = [f for f in findings if f["code"] == "MB118"]
    assert (trigger["sheet"], trigger["cell"]) == ("Reviews", "A4")
    assert "Mobile app 3.0" in trigger["message"]


def test_grid_sample_findings(runner):
    result = invoke(runner, CLAIMS, "--today", "2026-10-01", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = as_json(result)
    assert located(findings) == [
        ("MB109", "Personas", "J2"),  # Maya, 2026-06-30
        ("MB109", "Personas", "J3"),  # Leo, 2026-04-02
        ("MB109", "Personas", "A4"),  # Priya, never
        ("MB110", "Maya", "C4"),  # the map's "Last reviewed:" label
        ("MB110", "Leo Grant", "C3"),
        ("MB110", "Priya", "A1"),  # never reviewed: the map's title
        ("MB112", "Personas", "A4"),  # Priya has no owner
        ("MB112", "Priya", "A1"),  # nor has her map
        ("MB112", "Maya", "A1"),  # no persona-map links at all: one finding
        ("MB105", "Personas", "B4"),
        ("MB104", "Maya", "A1"),  # stages diverge: separate maps
    ]
    assert "separate maps" in findings[-1]["message"]


@pytest.mark.parametrize("sample", [BANK, CLAIMS])
def test_no_false_positives_on_healthy_parts_of_the_samples(runner, sample):
    """Content rules stay silent on the samples: their maps are filled, distinct and scored."""
    findings = as_json(invoke(runner, sample, "--format", "json"))
    content_rules = {"MB101", "MB102", "MB103", "MB106", "MB107", "MB108", "MB113", "MB114"}
    content_rules |= {"MB115", "MB116", "MB117"}
    assert content_rules.isdisjoint(f["code"] for f in findings)


# ---------------------------------------------------------------------- build and deck


def test_build_writes_the_check_report(runner, workbook, tmp_path):
    outdir = tmp_path / "out"
    result = runner.invoke(
        cli, ["build", str(workbook), "-o", str(outdir), "--today", "2026-10-01"]
    )
    assert result.exit_code == 0, result.output
    report = outdir / "journey-check.txt"
    assert f"wrote {report} (map health: 0 errors, 3 warnings, 2 notes)" in result.stdout
    checked = invoke(runner, workbook, "--today", "2026-10-01")
    assert report.read_text(encoding="utf-8") == checked.stdout


def test_build_without_checks_writes_no_report(runner, workbook, tmp_path):
    outdir = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(workbook), "-o", str(outdir), "--no-checks"])
    assert result.exit_code == 0, result.output
    assert not (outdir / "journey-check.txt").exists()


def test_deck_health_slide_uses_the_settings_file(runner, workbook, tmp_path):
    from pptx import Presentation

    (workbook.parent / "mapbridge.toml").write_text('disable = ["MB102"]\n', encoding="utf-8")
    deck = tmp_path / "deck.pptx"
    result = runner.invoke(cli, ["deck", str(workbook), "-o", str(deck), "--today", "2026-10-01"])
    assert result.exit_code == 0, result.output
    last = Presentation(str(deck)).slides[-1]
    text = " ".join(s.text_frame.text for s in last.shapes if s.has_text_frame)
    assert "Map health" in text
    assert "MB106" in text and "MB102" not in text


def test_gaps_in_the_samples_point_at_the_empty_cells(runner, tmp_path):
    """Blank cells in copies of the samples: each gap is reported at the cell that was emptied."""
    from openpyxl import load_workbook

    rows = load_workbook(BANK)
    rows["Journey rows"]["F13"] = None  # Ben's emotion at Apply
    for column in "CDEFGHIJ":
        rows["Journey rows"][f"{column}20"] = None  # Chloe's Verify ID row, but the shared row
    rows.save(tmp_path / "rows.xlsx")
    grid = load_workbook(CLAIMS)
    grid["Leo Grant"]["C9"] = None  # Leo's mood at Report claim
    for row in range(5, 10):
        grid["Priya"][f"E{row}"] = None  # Priya's whole Replacement column
    grid.save(tmp_path / "grid.xlsx")

    gaps = {"MB113", "MB114", "MB115"}
    found = []
    for name in ("rows.xlsx", "grid.xlsx"):
        result = invoke(runner, tmp_path / name, "--today", "2026-10-01", "--format", "json")
        found += [f for f in as_json(result) if f["code"] in gaps]
    assert located(found) == [
        ("MB115", "Journey rows", "F13"),
        ("MB113", "Journey rows", "B20"),
        ("MB115", "Leo Grant", "C9"),
        ("MB113", "Priya", "E4"),
    ]
    assert found[1]["message"].endswith("(only the rows shared by every persona).")


def test_deck_health_slide_flag(runner, workbook, tmp_path):
    from pptx import Presentation

    deck = tmp_path / "deck.pptx"
    for flag, expected in (("--health-slide", True), ("--no-checks", False)):
        result = runner.invoke(cli, ["deck", str(workbook), "-o", str(deck), flag])
        assert result.exit_code == 0, result.output
        last = Presentation(str(deck)).slides[-1]
        text = " ".join(s.text_frame.text for s in last.shapes if s.has_text_frame)
        assert text.startswith("Map health") is expected
