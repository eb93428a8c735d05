"""JSON out and in: the whole model round-trips exactly, follows `mapbridge schema`, and reads as an input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import InvalidWorkbook, Report, UnreadableInput
from mapbridge.exporters.json_export import workspace_json, workspace_schema, write_json
from mapbridge.model import (
    LANE_KINDS,
    Connection,
    Emotion,
    EmpathyMap,
    Entry,
    Journey,
    Lane,
    Persona,
    SourceRef,
    Stage,
    Step,
    Trigger,
    Workspace,
)
from tests.factories import make_workspace

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
HOME = SAMPLES / "home-insurance-grid.xlsx"

# --- generated workspaces -----------------------------------------------------------------

text = st.text(max_size=12)
short_list = st.lists(text, max_size=3)
dates = st.none() | st.dates()
days = st.none() | st.integers(min_value=1, max_value=400)
refs = st.none() | st.builds(
    SourceRef, sheet=text, cell=st.from_regex(r"[A-Z]{1,2}[1-9][0-9]{0,3}", fullmatch=True)
)
emotions = st.none() | st.builds(
    Emotion,
    raw=text,
    score=st.floats(min_value=-1.0, max_value=1.0, allow_nan=False),
    scale=st.sampled_from(["-2..2", "1..5", "-5..5", "0..10", "word", "face"]),
)
personas = st.builds(
    Persona,
    id=text,
    name=text,
    kind=st.sampled_from(["research", "proto", "segment", "unspecified"]),
    role=text,
    goals=short_list,
    pain_points=short_list,
    channels=short_list,
    quote=text,
    demographics=st.dictionaries(text, text, max_size=2),
    empathy_map=st.builds(EmpathyMap, says=short_list, feels=short_list),
    owner=text,
    last_reviewed=dates,
    last_updated=dates,
    review_every_days=days,
    extra=st.dictionaries(text, text, max_size=2),
    sources=st.dictionaries(text, st.builds(SourceRef, sheet=text, cell=text), max_size=2),
)
journeys = st.builds(
    Journey,
    id=text,
    name=text,
    persona_id=st.none() | text,
    stages=st.lists(
        st.builds(
            Stage,
            id=text,
            name=text,
            steps=st.lists(st.builds(Step, name=text, source=refs), max_size=2),
            source=refs,
        ),
        max_size=4,
    ),
    lanes=st.lists(
        st.builds(
            Lane,
            id=text,
            name=text,
            kind=st.sampled_from(LANE_KINDS),
            variant=st.none() | st.sampled_from(["as-is", "to-be"]),
        ),
        max_size=3,
    ),
    entries=st.lists(
        st.builds(
            Entry,
            stage_id=text,
            step=st.none() | text,
            lane_id=text,
            text=text,
            emotion=emotions,
            shared=st.booleans(),
            source=refs,
        ),
        max_size=6,
    ),
    emotion_scale=st.none() | st.sampled_from(["-2..2", "1..5"]),
    owner=text,
    last_reviewed=dates,
    review_every_days=days,
)
workspaces = st.builds(
    Workspace,
    title=text,
    source_file=st.none() | text,
    personas=st.lists(personas, max_size=3),
    journeys=st.lists(journeys, max_size=3),
    connections=st.lists(
        st.builds(
            Connection,
            persona_id=text,
            journey_id=text,
            owner=text,
            last_reviewed=dates,
            source=refs,
        ),
        max_size=2,
    ),
    triggers=st.lists(
        st.builds(
            Trigger,
            when=dates,
            kind=st.sampled_from(
                [
                    "product launch",
                    "market shift",
                    "quarterly research cycle",
                    "new research",
                    "other",
                ]
            ),
            description=text,
            affects=short_list,
            done=st.none() | st.booleans(),
        ),
        max_size=2,
    ),
    review_every_days=days,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces)
def test_any_workspace_survives_json_exactly(workspace: Workspace) -> None:
    assert Workspace.model_validate_json(workspace_json(workspace)) == workspace


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces)
def test_any_exported_workspace_follows_the_printed_schema(workspace: Workspace) -> None:
    jsonschema.validate(json.loads(workspace_json(workspace)), workspace_schema())


# --- files and samples --------------------------------------------------------------------


@pytest.mark.parametrize("sample", [BANK, HOME], ids=["rows", "grid"])
def test_workbook_to_json_to_model_is_equal(sample: Path, tmp_path: Path) -> None:
    original = read_input(sample)
    out = tmp_path / "workshop.json"
    assert write_json(original, out) == [out]

    back = read_input(out)

    assert back == original
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), workspace_schema())


def test_json_file_with_a_wrong_field_names_the_json_path(tmp_path: Path) -> None:
    data = json.loads(workspace_json(make_workspace(n_personas=2)))
    data["personas"][1]["kind"] = "guess"
    data["journeys"][0]["entries"][3]["emotion"]["score"] = 7
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(InvalidWorkbook) as caught:
        read_input(path, report=Report(file=path.name))

    messages = [p.message for p in caught.value.report.errors]
    assert any(m.startswith("personas[1].kind:") for m in messages)
    assert any(m.startswith("journeys[0].entries[3].emotion.score:") for m in messages)
    assert all(p.code == "MB067" and p.file == "broken.json" for p in caught.value.report.errors)


def test_json_kinds_read_as_written_and_a_persona_without_one_is_unspecified(
    tmp_path: Path,
) -> None:
    data = json.loads(workspace_json(make_workspace(n_personas=4)))
    # A file written before "unspecified" existed keeps its research personas.
    data["personas"][0]["kind"] = "research"
    data["personas"][2]["kind"] = "unspecified"
    del data["personas"][3]["kind"]  # written by hand, or by another tool
    path = tmp_path / "workspace.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    personas = read_input(path).personas

    assert [p.kind for p in personas] == ["research", "proto", "unspecified", "unspecified"]
    kind = workspace_schema()["$defs"]["Persona"]["properties"]["kind"]
    assert kind["enum"] == ["research", "proto", "segment", "unspecified"]
    assert kind["default"] == "unspecified"


def test_a_file_that_is_not_json_is_unreadable_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"title": "x",\n  oops}', encoding="utf-8")
    with pytest.raises(UnreadableInput, match=r"line 2, column 3"):
        read_input(path)


# --- command line -------------------------------------------------------------------------


def test_cli_schema_prints_the_workspace_schema(runner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == "Workspace"
    assert schema["$schema"].endswith("/draft/2020-12/schema")
    assert {"personas", "journeys", "connections", "triggers"} <= set(schema["properties"])
    jsonschema.Draft202012Validator.check_schema(schema)


def test_cli_export_json_then_use_it_as_input(runner, tmp_path: Path) -> None:
    out = tmp_path / "bank.json"
    result = runner.invoke(cli, ["export", str(BANK), "--to", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (json: 4 personas, 4 maps)\n"
    assert result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))["title"]

    again = runner.invoke(cli, ["export", str(out), "--to", "mermaid", "-o", "-"])
    assert again.exit_code == 0, again.output
    assert "journey" in again.stdout and "Ana Reyes" in again.stdout


def test_cli_export_json_to_stdout_is_pipeable(runner) -> None:
    result = runner.invoke(cli, ["export", str(HOME), "--to", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert Workspace.model_validate_json(result.stdout) == read_input(HOME)


def test_hostile_json_is_refused_with_a_reason(tmp_path: Path, monkeypatch) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(UnreadableInput, match="nested too deeply"):
        read_input(deep)

    binary = tmp_path / "image.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(UnreadableInput) as caught:
        read_input(binary)
    assert caught.value.problems[0].code == "MB069"

    monkeypatch.setattr("mapbridge.formats.text_input.MAX_TEXT_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text(workspace_json(make_workspace()), encoding="utf-8")
    with pytest.raises(UnreadableInput) as caught:
        read_input(big)
    assert caught.value.problems[0].code == "MB068"


def test_a_json_file_wrong_everywhere_lists_the_first_errors_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps({"title": "x", "personas": [{"id": 1}] * 100}), encoding="utf-8")
    with pytest.raises(InvalidWorkbook) as caught:
        read_input(path)
    errors = caught.value.report.errors
    assert len(errors) == 26
    assert errors[-1].message == "and 175 more places that do not follow the schema"
