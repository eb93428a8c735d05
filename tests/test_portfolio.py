"""Portfolios: a persona catalogue and journey workbooks read as one workspace (issue 16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge import workflow
from mapbridge.cli import cli
from mapbridge.portfolio import expand_inputs
from tests.workbooks import make_xlsx, persona_rows

JOURNEY_HEADER = ["Persona", "Stage", "Actions", "Emotion", "Pain points"]


def journey_sheet(title: str, *rows: list[object], header=JOURNEY_HEADER) -> list[list[object]]:
    return [[f"Journey: {title}"], header, *rows]


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """catalogue.xlsx (three personas) and journeys/ with two workbooks that name them."""
    monkeypatch.chdir(tmp_path)
    make_xlsx(
        tmp_path / "catalogue.xlsx",
        {"Personas": persona_rows("Chloé Martin", "Ben Okafor", "Dev Patel")},
    )
    (tmp_path / "journeys" / "retail").mkdir(parents=True)
    make_xlsx(
        tmp_path / "journeys" / "payments.xlsx",
        {
            "Journey": journey_sheet(
                "Pay a bill",
                ["chloe martin", "Sign up", "Opens the app", 1, "Too many fields"],
                ["Chloe Martin", "Pay", "Pays", -1, "Fees unclear"],
                ["Ben Okafor", "Sign-up", "Calls", 0, "On hold"],
                ["Ben Okafor", "Pay", "Pays", -2, "Card declined"],
            )
        },
    )
    make_xlsx(
        tmp_path / "journeys" / "retail" / "onboarding.xlsx",
        {
            "Journey": journey_sheet(
                "Onboarding",
                ["Ben Okafor", "Signup", "Opens the app", 1, "Password rules"],
                ["Ben Okafor", "Use", "Uses it", 1, "Slow"],
                header=["Persona", "Stage", "Actions", "Emotion", "Frustrations"],
            )
        },
    )
    # Not workshops: a lock file, a hidden file, a tracker.
    (tmp_path / "journeys" / "~$payments.xlsx").write_bytes(b"lock")
    (tmp_path / "journeys" / ".notes.xlsx").write_bytes(b"hidden")
    make_xlsx(tmp_path / "journeys" / "old-tracker.xlsx", {"Personas": [["x"]]})
    return tmp_path


def test_a_folder_is_read_recursively_for_workshop_files(portfolio: Path) -> None:
    files = expand_inputs([Path("catalogue.xlsx"), Path("journeys")])
    assert [str(f) for f in files] == [
        "catalogue.xlsx",
        os.path.join("journeys", "payments.xlsx"),
        os.path.join("journeys", "retail", "onboarding.xlsx"),
    ]


def test_shared_personas_match_regardless_of_case_and_accents(portfolio: Path) -> None:
    seen = []
    result = workflow.inspect(
        ["catalogue.xlsx", "journeys"], workflow.InspectOptions(on_problems=seen.extend)
    )
    workspace = result.workspace
    assert [p.name for p in workspace.personas] == ["Chloé Martin", "Ben Okafor", "Dev Patel"]
    by_persona = {p.name: [j.name for j in workspace.maps_for(p.id)] for p in workspace.personas}
    assert by_persona == {
        "Chloé Martin": ["Pay a bill"],
        "Ben Okafor": ["Pay a bill", "Onboarding"],
        "Dev Patel": [],
    }
    # The catalogue's definition stands in for the names on the maps, with a note.
    chloe = workspace.personas[0]
    assert chloe.role == "Chloé Martin's role"
    notes = [p for p in seen if p.code == "MB090"]
    assert [(n.file, n.sheet, n.cell) for n in notes] == [
        (os.path.join("journeys", "payments.xlsx"), "Journey", "A3")
    ]
    assert '"chloe martin" is read as "Chloé Martin" (catalogue.xlsx: Personas!A2)' in (
        notes[0].message
    )
    # A journey workbook without a Personas sheet is not told to add one: the catalogue has them.
    assert "MB023" not in {p.code for p in seen}
    # Every source remembers its file.
    [onboarding] = [j for j in workspace.journeys if j.name == "Onboarding"]
    assert onboarding.source is not None
    assert onboarding.source.file == os.path.join("journeys", "retail", "onboarding.xlsx")


def test_the_same_persona_defined_twice_differently_warns_naming_both(portfolio: Path) -> None:
    make_xlsx(
        portfolio / "journeys" / "extra.xlsx",
        {
            "Personas": persona_rows("Ben Okafor", kind="Proto-persona"),
            "Journey": journey_sheet("Close", ["Ben Okafor", "Ask", "Asks", 0, "Waits"]),
        },
    )
    seen = []
    result = workflow.inspect(
        ["catalogue.xlsx", "journeys"], workflow.InspectOptions(on_problems=seen.extend)
    )
    [warning] = [p for p in seen if p.code == "MB091"]
    assert (warning.file, warning.sheet, warning.cell) == (
        os.path.join("journeys", "extra.xlsx"),
        "Personas",
        "A2",
    )
    assert "catalogue.xlsx: Personas!A3" in warning.message
    assert "the definition in catalogue.xlsx wins (the first input)" in warning.message
    ben = result.workspace.personas[1]
    assert ben.kind == "research"  # the first definition stands


def test_the_catalogue_named_in_settings_wins_whatever_the_order(portfolio: Path) -> None:
    make_xlsx(
        portfolio / "journeys" / "extra.xlsx",
        {"Personas": persona_rows("Ben Okafor", kind="Proto-persona")},
    )
    (portfolio / "mapbridge.toml").write_text(
        'inputs = ["journeys", "catalogue.xlsx"]\ncatalogue = "catalogue.xlsx"\nname = "bank"\n',
        encoding="utf-8",
    )
    seen = []
    result = workflow.inspect(None, workflow.InspectOptions(on_problems=seen.extend))
    assert result.workspace.personas[1].kind == "research"
    [warning] = [p for p in seen if p.code == "MB091"]
    assert "wins (the catalogue)" in warning.message
    assert result.workspace.source_file == "bank"


def test_portfolio_consistency_checks(portfolio: Path) -> None:
    result = workflow.check(["catalogue.xlsx", "journeys"], workflow.CheckOptions())
    by_code = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    [stages] = by_code["MB121"]
    assert '"Sign up"' in stages.message and '"Sign-up"' in stages.message
    assert '"Signup" (' + os.path.join("journeys", "retail", "onboarding.xlsx") in stages.message
    [lanes] = by_code["MB122"]
    assert '"Frustrations"' in lanes.message and '"Pain points"' in lanes.message
    [no_map] = by_code["MB106"]
    assert (no_map.file, no_map.cell) == ("catalogue.xlsx", "A4")  # Dev Patel
    assert "MB123" not in by_code


def test_a_map_whose_persona_no_file_defines(portfolio: Path) -> None:
    make_xlsx(
        portfolio / "journeys" / "close.xlsx",
        {"Journey": journey_sheet("Close", ["Farid Haddad", "Ask", "Asks", 0, "Waits"])},
    )
    result = workflow.check(["catalogue.xlsx", "journeys"], workflow.CheckOptions())
    [finding] = [f for f in result.findings if f.code == "MB123"]
    assert finding.file == os.path.join("journeys", "close.xlsx")
    assert '"Farid Haddad" is named on 1 map' in finding.message


def test_cli_takes_several_inputs_and_settings_inputs(portfolio: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["inspect", "catalogue.xlsx", "journeys"])
    assert result.exit_code == 0, result.output
    assert "portfolio · 3 personas · 2 journeys · 3 maps" in result.stdout
    none = runner.invoke(cli, ["inspect"])
    assert none.exit_code == 2
    assert "no mapbridge.toml here naming `inputs`" in none.stderr
    (portfolio / "mapbridge.toml").write_text('inputs = ["catalogue.xlsx", "journeys/"]\n')
    from_settings = runner.invoke(cli, ["inspect"])
    assert from_settings.exit_code == 0, from_settings.output
    assert "3 personas · 2 journeys · 3 maps" in from_settings.stdout


def test_an_unreadable_input_names_its_file_and_stops(portfolio: Path) -> None:
    (portfolio / "journeys" / "broken.xlsx").write_text("not a workbook")
    result = CliRunner().invoke(cli, ["check", "catalogue.xlsx", "journeys"])
    assert result.exit_code == 2
    assert os.path.join("journeys", "broken.xlsx") in result.stderr
    assert "Traceback" not in result.output


def test_an_input_with_errors_fails_the_run_naming_it(portfolio: Path) -> None:
    make_xlsx(
        portfolio / "journeys" / "bad.xlsx",
        {
            "Personas": persona_rows("Eva"),
            "Journey": journey_sheet("Bad", ["Nobody", "Ask", "Asks", 0, "Waits"]),
        },
    )
    result = CliRunner().invoke(cli, ["check", "catalogue.xlsx", "journeys"])
    assert result.exit_code == 1
    assert os.path.join("journeys", "bad.xlsx") + ": Journey!A3: error" in result.stdout


def test_many_inputs_are_read_in_parallel_in_input_order(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(6):
        make_xlsx(
            portfolio / "journeys" / f"j{i}.xlsx",
            {"Journey": journey_sheet(f"Journey {i}", ["Dev Patel", "Ask", "Asks", 0, "Waits"])},
        )
    progress = []
    result = workflow.inspect(
        ["catalogue.xlsx", "journeys"],
        workflow.InspectOptions(on_read=lambda done, total: progress.append((done, total))),
    )
    assert progress[-1] == (9, 9) and len(progress) == 9
    names = [j.name for j in result.workspace.journeys]
    assert names == [f"Journey {i}" for i in range(6)] + ["Pay a bill", "Pay a bill", "Onboarding"]


def test_build_into_the_portfolio_folder_reads_every_input(portfolio: Path) -> None:
    result = workflow.build(["catalogue.xlsx", "journeys"], ".", workflow.BuildOptions())
    assert len(result.workspace.journeys) == 3
    again = workflow.build(["catalogue.xlsx", "journeys"], "journeys/out", workflow.BuildOptions())
    assert len(again.workspace.journeys) == 3
    # Its own output inside a folder it reads is never an input.
    third = workflow.build(["catalogue.xlsx", "journeys"], "journeys/out", workflow.BuildOptions())
    assert len(third.workspace.journeys) == 3


def test_a_grid_titled_persona_then_journey_is_that_personas_map(portfolio: Path) -> None:
    """A team's grid titled "Dev Patel – Close an account" names a catalogue persona its own
    workbook cannot know: in the portfolio it is Dev's map, and its links resolve."""
    make_xlsx(
        portfolio / "journeys" / "close.xlsx",
        {
            "Map": [
                ["Dev Patel – Close an account"],
                [],
                ["", "Ask", "Wait"],
                ["Actions", "Asks to close", "Waits"],
                ["Depends on", "ben okafor: confirms the balance", ""],
            ]
        },
    )
    make_xlsx(
        portfolio / "journeys" / "close-ben.xlsx",
        {
            "Map": [
                ["Ben Okafor – Close an account"],
                [],
                ["", "Ask", "Wait"],
                ["Actions", "Checks the balance", "Closes it"],
            ]
        },
    )
    result = workflow.check(["catalogue.xlsx", "journeys"], workflow.CheckOptions())
    close = [j for j in result.workspace.journeys if j.name == "Close an account"]
    assert sorted(j.persona_id for j in close) == ["ben-okafor", "dev-patel"]
    assert "MB120" not in {f.code for f in result.findings}
