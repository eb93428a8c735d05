"""`mapbridge check` as a user runs it: output lines, JSON codes and cells, exit codes, settings files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from textwrap import dedent

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
    # Warnings, a blank line, notes, a blank line, the totals.
    assert result.stdout == dedent("""\
        journey.xlsx: Personas!A5: warning MB106 persona-without-map: "Chris" has no journey map and is not linked to one. Hint: Map the persona's journey, or link it to an existing map, or drop the persona.
        journey.xlsx: Personas!A5: warning MB102 demographic-persona: "Chris" has age and income but no goals, pain points or behaviours. Hint: Add what the persona is trying to do, what gets in the way and how they behave; demographics alone do not change a journey map.
        journey.xlsx: 'Journey rows'!A2: warning MB112 missing-owner: None of the 3 persona-map links has an owner: the workbook records no links between personas and maps. Hint: Add a Reviews sheet with Persona, Journey, Owner and Last reviewed columns, one row per persona and map, so someone keeps each persona and its maps in step.

        journey.xlsx: Personas!B3: info MB105 proto-persona: "Ben" is a proto-persona (based on assumptions) and appears on 1 map; it is labelled as a hypothesis wherever it appears. Hint: Validate it with research (interviews, analytics) and change its kind to research.
        journey.xlsx: 'Journey rows'!A2: info MB104 layout-advice: "Journey": All 3 personas go through the same 3 stages: one layered comparison plus a map per persona (stage overlap 100%, threshold 80%). Hint: `mapbridge deck --layout auto` draws one layered map; pass --layout per-persona to the deck to decide otherwise.

        journey.xlsx: 0 errors, 3 warnings, 2 notes.
        """)
    assert result.stderr == ""


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
    # Each \\" below is the \" that JSON prints for a quote inside a string.
    assert result.stdout == dedent("""\
        [
          {
            "code": "MB106",
            "name": "persona-without-map",
            "severity": "warning",
            "file": "journey.xlsx",
            "sheet": "Personas",
            "cell": "A5",
            "message": "\\"Chris\\" has no journey map and is not linked to one.",
            "hint": "Map the persona's journey, or link it to an existing map, or drop the persona."
          },
          {
            "code": "MB102",
            "name": "demographic-persona",
            "severity": "warning",
            "file": "journey.xlsx",
            "sheet": "Personas",
            "cell": "A5",
            "message": "\\"Chris\\" has age and income but no goals, pain points or behaviours.",
            "hint": "Add what the persona is trying to do, what gets in the way and how they behave; demographics alone do not change a journey map."
          },
          {
            "code": "MB112",
            "name": "missing-owner",
            "severity": "warning",
            "file": "journey.xlsx",
            "sheet": "Journey rows",
            "cell": "A2",
            "message": "None of the 3 persona-map links has an owner: the workbook records no links between personas and maps.",
            "hint": "Add a Reviews sheet with Persona, Journey, Owner and Last reviewed columns, one row per persona and map, so someone keeps each persona and its maps in step."
          },
          {
            "code": "MB105",
            "name": "proto-persona",
            "severity": "info",
            "file": "journey.xlsx",
            "sheet": "Personas",
            "cell": "B3",
            "message": "\\"Ben\\" is a proto-persona (based on assumptions) and appears on 1 map; it is labelled as a hypothesis wherever it appears.",
            "hint": "Validate it with research (interviews, analytics) and change its kind to research."
          },
          {
            "code": "MB104",
            "name": "layout-advice",
            "severity": "info",
            "file": "journey.xlsx",
            "sheet": "Journey rows",
            "cell": "A2",
            "message": "\\"Journey\\": All 3 personas go through the same 3 stages: one layered comparison plus a map per persona (stage overlap 100%, threshold 80%).",
            "hint": "`mapbridge deck --layout auto` draws one layered map; pass --layout per-persona to the deck to decide otherwise."
          }
        ]
        """)
    assert result.stderr == ""


def test_staleness_is_measured_from_today_option(runner, workbook):
    findings = as_json(invoke(runner, workbook, "--today", "2027-03-01", "--format", "json"))
    assert [f["cell"] for f in findings if f["code"] == "MB109"] == ["I2", "I3", "I4", "I5"]
    assert sum(f["code"] == "MB110" for f in findings) == 3


def test_import_errors_exit_1_in_both_formats(runner, tmp_path):
    path = write_workbook(tmp_path / "journey.xlsx", unknown_persona=True)
    text = invoke(runner, path)
    assert text.exit_code == 1
    error = (
        "error MB011 unknown-persona: persona 'Zed' is not on the Personas sheet (known personas: "
        "Ana, Ben, Dev, Chris). Hint: check the spelling, or add 'Zed' to the Personas sheet; "
        'leave the cell empty or write "All" for a row that applies to every persona'
    )
    assert text.stdout == (
        f"journey.xlsx: 'Journey rows'!A8: {error}\n"
        f"journey.xlsx: 'Journey rows'!A9: {error}\n"
        f"journey.xlsx: 'Journey rows'!A10: {error}\n"
        "\n"
        "journey.xlsx: 3 errors, 0 warnings, 0 notes; fix the errors so the map-health rules can "
        "run.\n"
    )
    assert text.stderr == ""
    data = invoke(runner, path, "--format", "json")
    assert data.exit_code == 1
    assert located(as_json(data)) == [
        ("MB011", "Journey rows", "A8"),
        ("MB011", "Journey rows", "A9"),
        ("MB011", "Journey rows", "A10"),
    ]


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
    assert result.stdout == dedent("""\
        journey.xlsx: S!A1: error MB108 unknown-persona: x

        journey.xlsx: 1 error, 0 warnings, 0 notes.
        """)


def test_unreadable_input_exits_2(runner, tmp_path):
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("hello")
    result = invoke(runner, not_a_workbook)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "notes.xlsx: error MB002 not-a-workbook: this is not an Excel workbook (it looks like a "
        "text file). Hint: open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)\n"
    )
    missing = tmp_path / "missing.xlsx"
    result = invoke(runner, missing)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"missing.xlsx: error MB001 file-not-found: there is no file at '{missing}'. "
        "Hint: check the path; `mapbridge init workshop.xlsx` writes a starter workbook\n"
    )


def test_unknown_rule_is_a_usage_error(runner, workbook):
    result = invoke(runner, workbook, "--disable", "MB999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error MB190 invalid-config: Unknown rule 'MB999' to disable. Hint: Known rules: MB101, "
        "MB102, MB103, MB104, MB105, MB106, MB107, MB108, MB109, MB110, MB111, MB112, MB113, "
        "MB114, MB115, MB116, MB117, MB118, MB119, MB120, MB121, MB122, MB123.\n"
    )


def test_bad_date_is_a_usage_error(runner, workbook):
    result = runner.invoke(
        cli, ["check", str(workbook), "--today", "01/10/2026"], prog_name="mapbridge"
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == dedent("""\
        Usage: mapbridge check [OPTIONS] WORKBOOK...
        Try 'mapbridge check --help' for help.

        Error: Invalid value for '--today': '01/10/2026' does not match the format '%Y-%m-%d'.
        """)


def test_list_rules(runner):
    result = runner.invoke(cli, ["check", "--list-rules"])
    assert result.exit_code == 0
    assert result.stdout == dedent("""\
        MB101  warning  too-many-personas: The workspace, or one journey, has more personas than the limit (default 5).
        MB102  warning  demographic-persona: A persona has demographic fields (age, income, location...) but no goals, pain points or behaviours.
        MB103  warning  generic-map: Every persona of a journey goes through the same stages with near-identical content (similarity at or above the threshold, default 0.85).
        MB104  info     layout-advice: A journey has two or more persona maps: how much their stages overlap, and therefore one layered map or separate maps (the same decision `mapbridge deck --layout auto` makes).
        MB105  info     proto-persona: A persona is a proto-persona (assumption-based); it is shown as a hypothesis everywhere.
        MB106  warning  persona-without-map: A persona has no journey map and no link to one.
        MB107  warning  map-without-persona: A journey map names no persona and no persona is linked to it.
        MB108  error    unknown-persona: A map or a persona-map link names a persona the workspace does not define. (The importer reports the same mistake in a workbook as MB011; this rule catches it in workspaces built or edited in code.)
        MB109  warning  stale-persona: A persona was never reviewed, or its last review is older than its review cadence (its own, else the workspace's, else 90 days).
        MB110  warning  stale-map: A journey map was never reviewed, or its last review is older than its review cadence.
        MB111  warning  persona-changed-after-map-review: A persona was updated after the map built on it was last reviewed: the link decayed.
        MB112  warning  missing-owner: A persona, a map or a persona-map link has no named owner.
        MB113  warning  empty-stage: A stage of a persona's map has no content of its own for that persona.
        MB114  warning  missing-emotion-curve: A persona map has no emotion curve (no emotion lane, or an emotion lane with no scores).
        MB115  warning  emotion-curve-gap: A persona's emotion curve has no score for one of the map's stages.
        MB116  warning  near-duplicate-personas: Two personas have the same or a very similar name (or one is named by the other's first name alone), or near-identical goals and pain points (default similarity 0.85).
        MB117  warning  empty-persona: A persona has a name but no goals, pain points, behaviours or demographics.
        MB118  warning  review-trigger-pending: A review trigger (launch, research, market shift) has passed and is not marked done.
        MB119  info     persona-kind-not-stated: A persona does not say whether it is research-based, a proto-persona or a segment (no Kind column, or a blank or unknown kind); it is shown as "kind not stated", never as research.
        MB120  warning  unknown-interaction: A cell of an `Interacts with`, `Depends on`, `Caused by` or `Hands over to` lane names someone who is not a persona of the workspace, a stage the named persona's map does not have, or a persona with no map of that journey; the link is not drawn.
        MB121  warning  stage-spelled-differently: One stage is written several ways across maps or files ("Sign up", "Sign-up", "Signup"): the same letters with different spaces, hyphens, case or accents.
        MB122  info     lane-named-differently: Maps give one kind of lane different names ("Pain points" in one file, "Frustrations" in another); mapbridge reads them as one lane.
        MB123  warning  persona-not-in-catalogue: In a portfolio of several files, a persona is named on maps but defined (role, goals, pain points...) in no file.
        """)


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
    settings = workbook.parent / "mapbridge.toml"
    settings.write_text("max-personas = = 3\n", encoding="utf-8")
    result = invoke(runner, workbook)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{settings}: error MB190 invalid-config: The settings file mapbridge.toml is not valid "
        "TOML: Invalid value (at line 1, column 16). Hint: Fix the file, or move it away to use "
        "the defaults.\n"
    )


def test_out_of_range_setting_exits_2(runner, workbook):
    (workbook.parent / "mapbridge.toml").write_text("similarity = 3\n", encoding="utf-8")
    result = invoke(runner, workbook)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "mapbridge.toml: error MB190 invalid-config: Invalid check setting similarity: Input "
        "should be less than or equal to 1. Hint: See `mapbridge check --help` for each threshold "
        "and its range.\n"
    )


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
    assert trigger["message"] == (
        'Review trigger "Mobile app 3.0 launches with new ID check" (2026-10-15) is not done; '
        "not reviewed since: 4 personas (Ana Reyes, Ben Okafor, Chloe Martin, Dev Patel) and "
        '4 maps of "Open a bank account".'
    )
    assert trigger["hint"] == "Review the personas and maps it affects, then mark the trigger done."


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
        ("MB122", "Maya", "A11"),  # "Feeling score" and "Mood" are one emotion lane
    ]
    assert findings[-2]["message"] == (
        '"Make a home insurance claim": Stages diverge (Maya Lin 5, Leo Grant 4, Priya Nair 4, '
        "1 shared): separate maps (stage overlap 10%, threshold 80%)."
    )


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
    assert result.stdout == (
        f"wrote {outdir / 'journey.pptx'} (12 slides: 4 personas, 3 map slides, "
        "1 layered comparison, 1 insight slide)\n"
        f"wrote {outdir / 'journey.html'} (interactive map: 4 personas, 3 maps)\n"
        f"wrote {outdir / 'journey-tracker.xlsx'} (4 personas, 3 maps, 3 persona-map links, "
        "5 findings)\n"
        f"wrote {report} (map health: 0 errors, 3 warnings, 2 notes)\n"
        f"wrote {outdir / 'journey-insights.txt'} (where the personas differ in 1 journey)\n"
    )
    assert result.stderr == ""
    checked = invoke(runner, workbook, "--today", "2026-10-01")
    assert report.read_text(encoding="utf-8") == checked.stdout


def test_build_without_checks_writes_no_report(runner, workbook, tmp_path):
    outdir = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(workbook), "-o", str(outdir), "--no-checks"])
    assert result.exit_code == 0, result.output
    assert not (outdir / "journey-check.txt").exists()
    assert result.stdout == (
        f"wrote {outdir / 'journey.pptx'} (11 slides: 4 personas, 3 map slides, "
        "1 layered comparison, 1 insight slide)\n"
        f"wrote {outdir / 'journey.html'} (interactive map: 4 personas, 3 maps)\n"
        f"wrote {outdir / 'journey-tracker.xlsx'} (4 personas, 3 maps, 3 persona-map links)\n"
        f"wrote {outdir / 'journey-insights.txt'} (where the personas differ in 1 journey)\n"
    )


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
    assert [f["message"] for f in found] == [
        'Ben Okafor\'s map "Open a bank account": the emotion curve has no score at "Apply".',
        'Chloe Martin\'s map "Open a bank account" has no content at stage "Verify ID" '
        "(only the rows shared by every persona).",
        'Leo Grant\'s map "Make a home insurance claim": the emotion curve has no score at '
        '"Report claim".',
        'Priya Nair\'s map "Make a home insurance claim" has no content at stage "Replacement".',
    ]


def test_deck_health_slide_flag(runner, workbook, tmp_path):
    from pptx import Presentation

    deck = tmp_path / "deck.pptx"
    for flag, expected in (("--health-slide", True), ("--no-checks", False)):
        result = runner.invoke(cli, ["deck", str(workbook), "-o", str(deck), flag])
        assert result.exit_code == 0, result.output
        last = Presentation(str(deck)).slides[-1]
        text = " ".join(s.text_frame.text for s in last.shapes if s.has_text_frame)
        assert text.startswith("Map health") is expected
