"""The foundation commands through the CLI: inspect, init, --version, help, exit codes and messages."""

from __future__ import annotations

import json
import zipfile
from textwrap import dedent

import pytest

from mapbridge import __version__
from mapbridge.cli import cli
from tests.workbooks import simple_workbook

ROWS_SAMPLE = "samples/bank-account-rows.xlsx"
GRID_SAMPLE = "samples/home-insurance-grid.xlsx"


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"mapbridge, version {__version__}\n"


def test_every_command_and_option_has_help(runner):
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name


def test_inspect_rows_sample_prints_personas_and_stages(runner):
    result = runner.invoke(cli, ["inspect", ROWS_SAMPLE])
    assert result.exit_code == 0, result.output
    assert result.stdout == dedent("""\
        Retail banking: persona & journey workshop (September 2026)
        bank-account-rows.xlsx · 4 personas · 1 journey · 4 maps

        Personas
          Ana Reyes     research                    First-time account holder  [1 map; Personas!A4]
          Ben Okafor    proto-persona (hypothesis)  Switching from another bank  [1 map; Personas!A5]
          Chloe Martin  research                    Small business owner  [1 map; Personas!A6]
          Dev Patel     research                    Newcomer to the country  [1 map; Personas!A7]

        Journeys
          Open a bank account
            Stages: Discover → Compare → Apply → Verify ID → First use → Get support
            Lanes: Actions [actions], Touchpoints [touchpoints], Thinking [thoughts], Emotion [emotion], Pain points [pain points], Opportunities [opportunities], Backstage [backstage], Evidence [custom]
            Ana Reyes: 6 stages, 42 cells, emotion curve of 6 points on -2..2
            Ben Okafor: 6 stages, 42 cells, emotion curve of 6 points on -2..2
            Chloe Martin: 6 stages, 42 cells, emotion curve of 6 points on -2..2
            Dev Patel: 6 stages, 40 cells, emotion curve of 6 points on -2..2
            Layout: All 4 personas go through the same 6 stages: one layered comparison plus a map per persona

        Coverage: read 416 of 416 filled cells; every filled cell was read
        """)
    assert result.stderr == ""


def test_inspect_grid_sample_shows_diverging_stages(runner):
    result = runner.invoke(cli, ["inspect", GRID_SAMPLE])
    assert result.exit_code == 0, result.output
    assert result.stdout == dedent("""\
        Make a home insurance claim
        home-insurance-grid.xlsx · 3 personas · 1 journey · 3 maps

        Personas
          Maya Lin    research                    First-time claimant  [1 map; Personas!A2]
          Leo Grant   research                    Landlord with three flats  [1 map; Personas!A3]
          Priya Nair  proto-persona (hypothesis)  Renter with contents cover  [1 map; Personas!A4]

        Journeys
          Make a home insurance claim
            Maya Lin: 5 stages, 43 cells, emotion curve of 6 points on 1..5
              Stages: Notice damage (Finds the leak) → Report claim (Calls the hotline, Uploads photos) → Assessment (Adjuster visit) → Repair (Chooses a contractor) → Settlement (Receives payout)
              Lanes: Doing [actions], Touchpoints [touchpoints], Thinking [thoughts], Feeling score [emotion], Pains [pain points], Ideas [opportunities], Backstage [backstage], KPIs [metrics]
            Leo Grant: 4 stages, 24 cells, emotion curve of 4 points on 1..5
              Stages: Tenant reports → Report claim → Assessment → Payout
              Lanes: Doing [actions], Touchpoints [touchpoints], Thinking [thoughts], Pains [pain points], Ideas [opportunities], Mood [emotion]
            Priya Nair: 4 stages, 16 cells, emotion curve of 4 points on 1..5
              Stages: Notice theft → Search policy → Report claim → Replacement
              Lanes: Doing [actions], Touchpoints [touchpoints], Feeling score [emotion], Pains [pain points], Ideas [opportunities]
            Layout: Stages diverge (Maya Lin 5, Leo Grant 4, Priya Nair 4, 1 shared): separate maps

        Coverage: read 175 of 175 filled cells; every filled cell was read
        """)
    assert result.stderr == ""


@pytest.mark.parametrize("sample", [ROWS_SAMPLE, GRID_SAMPLE])
def test_inspect_json_has_every_persona_and_journey(runner, sample):
    result = runner.invoke(cli, ["inspect", sample, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"personas", "journeys"} <= set(data)
    assert all({"name", "kind", "id"} <= set(p) for p in data["personas"])
    persona_ids = {p["id"] for p in data["personas"]}
    assert {j["persona_id"] for j in data["journeys"]} <= persona_ids


def test_init_writes_a_starter_that_inspect_reads_cleanly(runner, tmp_path):
    target = tmp_path / "workshop.xlsx"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0 and target.exists()
    assert result.stdout == (f"wrote {target}. Fill it in, then run: mapbridge inspect {target}\n")
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "dataValidation" in sheet_xml  # the kind dropdown
    inspected = runner.invoke(cli, ["inspect", str(target)])
    assert inspected.exit_code == 0
    assert inspected.stderr == ""
    assert inspected.stdout == dedent("""\
        Example journey
        workshop.xlsx · 1 persona · 1 journey · 1 map

        Personas
          Example: Sam Sample  proto-persona (hypothesis)  Example role: first-time customer  [1 map; Personas!A2]

        Journeys
          Example journey
            Example: Sam Sample: 3 stages, 15 cells, emotion curve of 3 points on -2..2
              Stages: Discover → Decide → Use
              Lanes: Actions [actions], Touchpoints [touchpoints], Thoughts [thoughts], Emotion [emotion], Pain points [pain points], Opportunities [opportunities]
            Layout: One map (Example: Sam Sample, 3 stages): nothing to compare

        Coverage: read 102 of 113 filled cells; 11 not read:
          Instructions!A1:A13 (11 cells): skipped whole: its name says it holds instructions or notes
        """)


def test_init_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "workshop.xlsx"
    target.write_bytes(b"precious")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error MB040 usage-error: {target}: the file already exists; "
        "choose another name or pass --force to overwrite it\n"
    )
    assert target.read_bytes() == b"precious"


def test_workbook_errors_exit_1_with_located_messages(runner, tmp_path):
    path = simple_workbook(tmp_path / "journey.xlsx", ["Zed", "Discover", "x", "very happyy", None])
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "journey.xlsx: Journey!A2: error MB011 unknown-persona: persona 'Zed' is not on the "
        "Personas sheet (known personas: Ana, Ben). Hint: check the spelling, or add 'Zed' to the "
        'Personas sheet; leave the cell empty or write "All" for a row that applies to every '
        "persona\n"
    )


def test_warnings_are_printed_but_exit_0(runner, tmp_path):
    path = simple_workbook(tmp_path / "w.xlsx", ["Ana", "Discover", "x", 1, None])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet("Parking lot").append(["Loose ideas"])
    wb.save(path)
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    assert result.stderr == (
        "w.xlsx: 'Parking lot': warning MB022 sheet-not-read: sheet 'Parking lot' was not read: "
        "it holds only lines of text, no table; expected a header row with a Stage or Name "
        "column, a row of stage names above lane labels, or label/value pairs of a persona. "
        "Hint: lay it out as one of those, name a persona or journey sheet accordingly, or force "
        'its reading in mapbridge.toml (sheets = {"Parking lot" = "grid"}); instruction sheets '
        "can be named 'Instructions'\n"
    )
    assert result.stdout == dedent("""\
        Journey
        w.xlsx · 2 personas · 1 journey · 1 map

        Personas
          Ana  research                    Ana's role  [1 map; Personas!A2]
          Ben  research                    Ben's role  [0 maps; Personas!A3]

        Journeys
          Journey
            Ana: 1 stage, 2 cells, emotion curve of 1 point on 1..5
              Stages: Discover
              Lanes: Actions [actions], Emotion [emotion]
            Layout: One map (Ana, 1 stage): nothing to compare

        Coverage: read 27 of 28 filled cells; 1 not read:
          'Parking lot'!A1 (1 cell): the sheet was not read (see the warning above)
        """)


def _ole(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + extra


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Name,Kind\nAna,proto\n",
            "MB002 not-a-workbook: this is not an Excel workbook (it looks like a CSV or text "
            "export). Hint: open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
        ),
        (
            _ole(),
            "MB004 old-excel-format: this is an old Excel 97-2003 (.xls) file, which mapbridge "
            "does not read. Hint: open it in Excel or LibreOffice and save it as Excel Workbook "
            "(.xlsx)",
        ),
        (
            _ole("EncryptionInfo".encode("utf-16-le")),
            "MB003 encrypted-workbook: the workbook is protected with a password, so it cannot be "
            "read. Hint: open it in Excel, remove the password (File > Info > Protect Workbook), "
            "and save it again",
        ),
        (
            b"",
            "MB005 empty-file: the file is empty (0 bytes). Hint: save the workbook again from "
            "Excel",
        ),
        (
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00truncated",
            "MB006 damaged-workbook: the workbook is damaged or incomplete (the zip package cannot "
            "be opened). Hint: the file was probably cut short while copying or downloading; get a "
            "fresh copy",
        ),
    ],
    ids=["csv", "xls", "encrypted", "empty", "truncated"],
)
def test_files_that_are_not_workbooks_exit_2(runner, tmp_path, content, message):
    path = tmp_path / "journey.xlsx"
    path.write_bytes(content)
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"journey.xlsx: error {message}\n"


def test_missing_file_exits_2_with_a_hint(runner, tmp_path):
    missing = tmp_path / "nope.xlsx"
    result = runner.invoke(cli, ["inspect", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"nope.xlsx: error MB001 file-not-found: there is no file at '{missing}'. "
        "Hint: check the path; `mapbridge init workshop.xlsx` writes a starter workbook\n"
    )


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"`mapbridge {name}" in readme, (
            f"mapbridge {name} is not in the README's command table"
        )


def test_refuses_to_start_when_openpyxl_would_parse_without_defusedxml(runner, monkeypatch):
    monkeypatch.setenv("OPENPYXL_DEFUSEDXML", "False")
    result = runner.invoke(cli, ["inspect", ROWS_SAMPLE])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error MB041 unguarded-xml-parser: openpyxl is not using defusedxml (it is not installed, "
        "or OPENPYXL_DEFUSEDXML=False is set), so mapbridge refuses to parse workbooks with it. "
        "Hint: install defusedxml (`pip install defusedxml`) and unset OPENPYXL_DEFUSEDXML\n"
    )
    assert runner.invoke(cli, ["--help"]).exit_code == 0
