"""The foundation commands through the CLI: inspect, init, --version, help, exit codes and messages."""

from __future__ import annotations

import json
import zipfile

import pytest

from mapbridge import __version__
from mapbridge.cli import cli
from tests.workbooks import simple_workbook

ROWS_SAMPLE = "samples/bank-account-rows.xlsx"
GRID_SAMPLE = "samples/home-insurance-grid.xlsx"


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


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
    for text in (
        "Ana Reyes",
        "Ben Okafor",
        "proto-persona (hypothesis)",
        "Chloe Martin",
        "Dev Patel",
    ):
        assert text in result.stdout
    assert "Discover → Compare → Apply → Verify ID → First use → Get support" in result.stdout
    assert "one layered comparison plus a map per persona" in result.stdout
    assert result.stderr == ""


def test_inspect_grid_sample_shows_diverging_stages(runner):
    result = runner.invoke(cli, ["inspect", GRID_SAMPLE])
    assert result.exit_code == 0, result.output
    assert "Report claim (Calls the hotline, Uploads photos)" in result.stdout
    assert "Stages diverge" in result.stdout


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
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "dataValidation" in sheet_xml  # the kind dropdown
    inspected = runner.invoke(cli, ["inspect", str(target)])
    assert inspected.exit_code == 0
    assert inspected.stderr == ""
    assert "Example: Sam Sample" in inspected.stdout


def test_init_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "workshop.xlsx"
    target.write_bytes(b"precious")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"precious"


def test_workbook_errors_exit_1_with_located_messages(runner, tmp_path):
    path = simple_workbook(tmp_path / "journey.xlsx", ["Zed", "Discover", "x", "very happyy", None])
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 1
    assert "journey.xlsx: Journey!A2: error MB011 unknown-persona" in result.stderr
    assert "Traceback" not in result.output


def test_warnings_are_printed_but_exit_0(runner, tmp_path):
    path = simple_workbook(tmp_path / "w.xlsx", ["Ana", "Discover", "x", 1, None])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet("Parking lot").append(["Loose ideas"])
    wb.save(path)
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    assert "w.xlsx: 'Parking lot': warning MB022 sheet-not-read" in result.stderr


def _ole(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + extra


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"Name,Kind\nAna,proto\n", "MB002", "CSV"),
        (_ole(), "MB004", "97-2003"),
        (_ole("EncryptionInfo".encode("utf-16-le")), "MB003", "password"),
        (b"", "MB005", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00truncated", "MB006", "damaged"),
    ],
)
def test_files_that_are_not_workbooks_exit_2(runner, tmp_path, content, code, words):
    path = tmp_path / "journey.xlsx"
    path.write_bytes(content)
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"journey.xlsx: error {code} ")
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_exits_2_with_a_hint(runner, tmp_path):
    result = runner.invoke(cli, ["inspect", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "nope.xlsx: error MB001 file-not-found" in result.stderr
    assert "mapbridge init" in result.stderr


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
    assert "MB041 unguarded-xml-parser" in result.stderr
    assert runner.invoke(cli, ["--help"]).exit_code == 0
