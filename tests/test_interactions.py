"""Links between personas: relation lanes read from workbooks, names and stages resolved, MB120."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge.api import read_input
from mapbridge.checks import check
from mapbridge.cli import cli
from mapbridge.interactions import find_links
from tests.workbooks import make_xlsx, persona_rows

HEADER = ["Persona", "Stage", "Emotion", "Pain points", "Interacts with", "Abhängig von",
          "Caused by", "Hands over to"]  # fmt: skip


def workbook(tmp_path: Path, *rows: list[object], personas=("Maria López", "Sam Chen")) -> Path:
    return make_xlsx(
        tmp_path / "b2b.xlsx",
        {"Personas": persona_rows(*personas), "Journey": [HEADER, *rows]},
    )


def links_of(path: Path):
    return find_links(read_input(path))


def test_relation_headers_in_several_languages_are_relation_lanes(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Buy", 1, None, "Sam Chen", "Sam Chen", "Sam Chen", "Sam Chen"],
        ["Sam Chen", "Buy", 1, None, None, None, None, None],
    )
    journey = read_input(path).journeys[0]
    kinds = {lane.name: lane.kind for lane in journey.lanes}
    assert kinds["Interacts with"] == "interacts_with"
    assert kinds["Abhängig von"] == "depends_on"
    assert kinds["Caused by"] == "caused_by"
    assert kinds["Hands over to"] == "hands_over_to"


def test_names_match_without_case_accents_or_spacing_and_by_first_name(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Evaluate", 0, None, "sam  CHEN: asks what gets lost", None, None, None],
        ["Sam Chen", "Evaluate", 1, None, "maria lopez", None, None, None],
        ["Sam Chen", "Claim", -2, "Rejected", None, "Maria (approves)", None, None],
        ["Maria López", "Claim", 1, None, None, None, None, None],
    )
    links = links_of(path)
    assert [(lk.source_persona_id, lk.target_persona_id, lk.relation) for lk in links] == [
        ("maria-lopez", "sam-chen", "interacts_with"),
        ("sam-chen", "maria-lopez", "interacts_with"),
        ("sam-chen", "maria-lopez", "depends_on"),
    ]
    assert all(lk.resolved for lk in links)
    assert links[0].note == "asks what gets lost"
    assert links[0].target_stage_id == "evaluate"  # no stage named: the same stage
    assert links[2].note == "approves"
    assert str(links[0].source) == "Journey!E2"


def test_persona_and_stage_with_a_note(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Set up", 1, None, None, None, None, "Sam Chen › First claim: invites"],
        ["Sam Chen", "First claim", -2, "Rejected", None, None, "Maria López > Set up", None],
        ["Maria López", "First claim", 1, None, None, None, None, None],
        ["Sam Chen", "Set up", 0, None, None, None, None, None],
    )
    handover, caused = links_of(path)
    assert (handover.target_stage_id, handover.note, handover.crosses_stages) == (
        "first-claim",
        "invites",
        True,
    )
    assert (caused.relation, caused.target_stage_name, caused.note) == ("caused_by", "Set up", "")


def test_several_personas_in_one_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Buy", 0, None, "Sam, Priya Nair", None, None, None],
        [
            "Maria López",
            "Pay",
            0,
            None,
            "Sam Chen: reports late, and often\nPriya",
            None,
            None,
            None,
        ],  # fmt: skip
        ["Sam Chen", "Buy", 0, None, None, None, None, None],
        ["Sam Chen", "Pay", 0, None, None, None, None, None],
        ["Priya Nair", "Buy", 0, None, None, None, None, None],
        ["Priya Nair", "Pay", 0, None, None, None, None, None],
        personas=("Maria López", "Sam Chen", "Priya Nair"),
    )
    links = links_of(path)
    assert [(lk.source_stage_id, lk.target_persona_id, lk.note) for lk in links] == [
        ("buy", "sam-chen", ""),
        ("buy", "priya-nair", ""),
        # A comma inside a note does not split it: "often" names no persona.
        ("pay", "sam-chen", "reports late, and often"),
        ("pay", "priya-nair", ""),
    ]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("IT helpdesk", '"IT helpdesk" is not a persona of this workspace'),
        ("Sam Chen › Onboard", 'Sam Chen\'s map of "Roll out" has no stage "Onboard"'),
        ("Priya Nair", 'Priya Nair has no map of "Roll out"'),
        ("Maria López", "Maria López is linked to their own map"),
    ],
)
def test_links_that_cannot_be_drawn_say_why_and_are_reported(
    tmp_path: Path, cell: str, problem: str
) -> None:
    path = make_xlsx(
        tmp_path / "b2b.xlsx",
        {
            "Personas": persona_rows("Maria López", "Sam Chen", "Priya Nair"),
            "Journey": [
                ["Journey: Roll out"],
                HEADER,
                ["Maria López", "Buy", 0, None, cell, None, None, None],
                ["Sam Chen", "Buy", 0, None, None, None, None, None],
            ],
        },
    )
    workspace = read_input(path)
    [link] = find_links(workspace)
    assert not link.resolved
    assert problem in link.problem
    [finding] = [f for f in check(workspace) if f.code == "MB120"]
    assert (finding.sheet, finding.cell, finding.severity) == ("Journey", "E3", "warning")
    assert problem in finding.message
    assert finding.message.startswith('Maria López\'s map "Roll out", Buy: "Interacts with"')


def test_resolved_links_are_not_reported(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Buy", 0, None, "Sam Chen", None, None, None],
        ["Sam Chen", "Buy", 0, None, None, None, None, None],
    )
    assert "MB120" not in {f.code for f in check(read_input(path))}


def test_insights_command_text_and_json(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Maria López", "Buy", 1, "Hidden fees", "Sam Chen", None, None, None],
        [
            "Sam Chen",
            "Buy",
            -2,
            "No say in the choice",
            None,
            None,
            "Maria: picked the tool",
            None,
        ],  # fmt: skip
    )
    result = CliRunner().invoke(cli, ["insights", str(path)])
    assert result.exit_code == 0, result.output
    assert "Buy: 1.50 apart (75% of the scale); lowest Sam Chen -2 (Journey!C3)" in result.output
    assert "Sam Chen at Buy: pain caused by Maria López at Buy (picked the tool)" in result.output
    as_json = CliRunner().invoke(cli, ["insights", str(path), "--format", "json"])
    assert as_json.exit_code == 0
    assert '"cross_persona_pain": true' in as_json.output


def test_insights_command_on_a_missing_file_names_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["insights", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "nope.xlsx" in result.output and "Traceback" not in result.output
