"""The bar shown while a portfolio is read (issue 16): on a terminal only, for work over a second,
closed before a deck's own bar starts; never in pipes, logs or tests."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge.cli import cli, common
from tests.workbooks import make_xlsx, persona_rows

JOURNEYS = 5


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal, keeping what is written to it."""

    def isatty(self) -> bool:
        return True


def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """Make stderr a fake terminal, in the test itself (pytest's capture replaces sys.stderr
    between a fixture's setup and the test)."""
    stream = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stream)
    return stream


def test_the_reading_bar_names_the_files_and_ends_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = fake_terminal(monkeypatch)
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    reading = common.reading_progress()
    for done in range(1, 61):
        reading(done, 60)
    shown = terminal.getvalue()
    assert "Reading 60 files" in shown
    assert "100%" in shown
    assert shown.endswith("\n")  # the last input read ends the bar's line
    assert reading.bar is None


def test_a_label_is_taken_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = fake_terminal(monkeypatch)
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    with common.Progress("Writing {odd} name.pptx") as progress:
        progress(1, 3)
        assert progress.bar is not None
    assert "Writing {odd} name.pptx" in terminal.getvalue()
    assert progress.bar is None  # leaving the block ends the line, even mid-way


def test_no_bar_for_reading_done_within_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = fake_terminal(monkeypatch)
    reading = common.reading_progress()
    for done in range(1, 61):
        reading(done, 60)
    assert terminal.getvalue() == ""


def test_no_bar_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    reading = common.reading_progress()
    for done in range(1, 61):
        reading(done, 60)
    reading.close()
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """catalogue.xlsx and journeys/ with JOURNEYS workbooks naming its personas: enough inputs
    to be read by a pool of processes."""
    monkeypatch.chdir(tmp_path)
    make_xlsx(tmp_path / "catalogue.xlsx", {"Personas": persona_rows("Chloé Martin", "Ben Okafor")})
    (tmp_path / "journeys").mkdir()
    for i in range(JOURNEYS):
        make_xlsx(
            tmp_path / "journeys" / f"j{i}.xlsx",
            {
                "Journey": [
                    [f"Journey: Journey {i}"],
                    ["Persona", "Stage", "Actions", "Emotion", "Pain points"],
                    ["chloe martin", "Ask", "Asks", 0, "Waits"],
                    ["Ben Okafor", "Ask", "Calls", -1, "On hold"],
                ]
            },
        )
    return tmp_path


#: Every command that reads a portfolio, with what it needs besides the inputs.
COMMANDS = {
    "inspect": [],
    "check": [],
    "insights": [],
    "export": ["--to", "json", "-o", "-"],
    "tracker": ["-o", "tracker.xlsx", "--no-checks"],
    "deck": ["-o", "deck.pptx", "--no-checks"],
    "build": ["-o", "out", "--no-checks"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_reading_bar_off_a_terminal(
    portfolio: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    result = CliRunner().invoke(cli, [command, "catalogue.xlsx", "journeys", *COMMANDS[command]])
    assert result.exit_code in (0, 1), result.output
    assert "Reading" not in result.stderr
    assert "%" not in result.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_reading_command_shows_the_bar_on_a_terminal(
    portfolio: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(common, "stderr_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, [command, "catalogue.xlsx", "journeys", *COMMANDS[command]])
    assert result.exit_code in (0, 1), result.output
    # CliRunner's stderr is no terminal, so click prints the label alone, on its own line.
    assert f"Reading {JOURNEYS + 1} files\n" in result.stderr
    assert "Reading" not in result.stdout
    if command in ("deck", "build"):
        # The deck's bar comes after the reading bar has ended its line.
        lines = result.stderr.splitlines()
        reading = lines.index(f"Reading {JOURNEYS + 1} files")
        writing = next(i for i, line in enumerate(lines) if line.startswith("Writing "))
        assert reading < writing


def test_one_workbook_shows_no_reading_bar(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(common, "stderr_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["inspect", "catalogue.xlsx"])
    assert result.exit_code == 0, result.output
    assert "Reading" not in result.stderr
