"""Mermaid journeys out and in: checked with Mermaid's own parser, and read back into the model."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import InvalidWorkbook, Report, UnreadableInput
from mapbridge.exporters.mermaid import diagrams, render_markdown, write_mermaid
from mapbridge.formats.mermaid_syntax import (
    KEYWORD_GUARD,
    KIND_SUFFIXES,
    from_mermaid_score,
    sanitise_actor,
    sanitise_name,
    to_mermaid_score,
)
from mapbridge.model import Emotion, Entry, Step
from tests.factories import make_workspace
from tests.node_checks import mermaid_parse

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
HOME = SAMPLES / "home-insurance-grid.xlsx"


def _fenced(markdown: str) -> list[str]:
    """The diagram texts of a Markdown document, as GitHub hands them to Mermaid."""
    blocks = markdown.split("```mermaid\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


def _stage_scores(journey) -> dict[str, list[int]]:
    """Stage name -> the 1..5 scores of its columns, as the Mermaid export quantises them."""
    names = {s.id: s.name for s in journey.stages}
    scores: dict[str, list[int]] = {}
    for stage_id, _step, score in journey.emotion_points():
        scores.setdefault(names[stage_id], []).append(to_mermaid_score(score))
    return scores


# --- names and scores ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Step 1: apply", "Step 1 - apply"),
        ("Call #2; then wait", "Call 2, then wait"),
        ("Two\nlines", "Two / lines"),
        ("50%% off", "50% off"),
        ("Title deeds arrive", KEYWORD_GUARD + "Title deeds arrive"),
        ("section lead calls", KEYWORD_GUARD + "section lead calls"),
        ("Journey planning", KEYWORD_GUARD + "Journey planning"),
        ("%odd", KEYWORD_GUARD + "%odd"),
        ("Journeys", "Journeys"),
        (":", "(untitled)"),
    ],
)
def test_sanitise_name_replaces_what_mermaid_cannot_take(raw: str, expected: str) -> None:
    assert sanitise_name(raw) == expected


def test_actor_names_lose_commas_because_commas_separate_actors() -> None:
    assert sanitise_actor("Reyes, Ana: lead") == "Reyes Ana - lead"


@pytest.mark.parametrize(
    ("score", "mermaid"), [(-1.0, 1), (-0.5, 2), (0.0, 3), (0.25, 4), (0.5, 4), (1.0, 5), (-0.8, 1)]
)
def test_scores_are_quantised_onto_one_to_five(score: float, mermaid: int) -> None:
    assert to_mermaid_score(score) == mermaid


def test_whole_mermaid_scores_come_back_exactly() -> None:
    for value in range(1, 6):
        assert to_mermaid_score(from_mermaid_score(value)) == value


# --- export, checked by Mermaid's parser --------------------------------------------------


def test_awkward_names_are_read_by_mermaid_as_written() -> None:
    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.stages[0].name = "Step 1: find #bank; compare"
    journey.entries = [e for e in journey.entries if e.lane_id != "actions"]
    awkward = [
        "Title deeds arrive",
        "section lead calls back",
        "Journey planning app",
        "%% of people: 50%",
        "Reads the T&C's (all 12 pages) <quickly> — “ugh”",
    ]
    for i, text in enumerate(awkward):
        journey.entries.append(Entry(stage_id=journey.stages[i].id, lane_id="actions", text=text))
    workspace.personas[0].name = "Ana, the student"

    text = diagrams(workspace)[0].text
    [parsed] = mermaid_parse([text])

    assert parsed["ok"], parsed.get("error")
    assert parsed["title"] == "Open an account"
    assert parsed["sections"][0] == "Step 1 - find bank, compare"
    read_tasks = [t["task"].replace(KEYWORD_GUARD, "").strip() for t in parsed["tasks"]]
    assert read_tasks[:5] == [
        "Title deeds arrive",
        "section lead calls back",
        "Journey planning app",
        "% of people - 50%",
        "Reads the T&C's (all 12 pages) <quickly> — “ugh”",
    ]
    assert parsed["actors"] == ["Ana the student (research)"]


def test_every_diagram_of_the_factory_workspace_parses_with_sections_scores_and_actors() -> None:
    workspace = make_workspace(diverge=True)
    every = diagrams(workspace)
    results = mermaid_parse([d.text for d in every])

    assert all(r["ok"] for r in results), [r.get("error") for r in results]
    # Stages diverge, so there is no layered diagram: one diagram per persona map.
    assert len(every) == len(workspace.journeys)
    for journey, parsed in zip(workspace.journeys, results, strict=True):
        persona = workspace.persona(journey.persona_id)
        assert parsed["sections"] == [s.name for s in journey.stages]
        expected_actor = persona.name + KIND_SUFFIXES[persona.kind]
        assert parsed["actors"] == [expected_actor]
        scores = {}
        for task in parsed["tasks"]:
            scores.setdefault(task["section"], []).append(task["score"])
        assert scores == _stage_scores(journey)


def test_layered_diagram_shares_a_line_where_scores_agree_and_splits_where_they_differ() -> None:
    workspace = make_workspace(n_personas=3)
    # Ben (second persona) feels worse at Apply than the others; everyone else agrees everywhere.
    ben = workspace.journeys[1]
    for entry in ben.entries:
        if entry.lane_id == "emotion" and entry.stage_id == "apply":
            entry.emotion = Emotion(raw="-2", score=-1.0, scale="-2..2")
    layered = diagrams(workspace)[0]
    assert "layered comparison" in layered.text

    [parsed] = mermaid_parse([layered.text])

    assert parsed["ok"], parsed.get("error")
    by_section: dict[str, list[tuple[int, list[str]]]] = {}
    for task in parsed["tasks"]:
        by_section.setdefault(task["section"], []).append((task["score"], task["people"]))
    everyone = ["Ana Reyes (research)", "Ben Okafor (proto-persona)", "Chloe Martin (research)"]
    assert by_section["Discover"] == [(4, everyone)]
    assert by_section["Apply"] == [
        (2, ["Ana Reyes (research)", "Chloe Martin (research)"]),
        (1, ["Ben Okafor (proto-persona)"]),
    ]


def test_steps_become_tasks_and_the_layered_diagram_uses_shared_steps() -> None:
    workspace = make_workspace(n_personas=2)
    for journey in workspace.journeys:
        apply = journey.stage("apply")
        apply.steps = [Step(name="Fill the form"), Step(name="Upload ID")]
        journey.entries = [e for e in journey.entries if e.stage_id != "apply"]
        for step, score in (("Fill the form", 0.5), ("Upload ID", -1.0)):
            journey.entries.append(
                Entry(
                    stage_id="apply",
                    step=step,
                    lane_id="emotion",
                    text="x",
                    emotion=Emotion(raw="x", score=score, scale="-2..2"),
                )
            )
    layered, ana, _ben = (d.text for d in diagrams(workspace))
    results = mermaid_parse([layered, ana])
    assert all(r["ok"] for r in results)
    layered_apply = [
        (t["task"], t["score"]) for t in results[0]["tasks"] if t["section"] == "Apply"
    ]
    assert layered_apply == [("Fill the form", 4), ("Upload ID", 1)]
    ana_apply = [(t["task"], t["score"]) for t in results[1]["tasks"] if t["section"] == "Apply"]
    assert ana_apply == [("Fill the form", 4), ("Upload ID", 1)]


def test_a_stage_without_a_score_is_marked_as_a_placeholder_and_not_read_back_as_a_score(
    tmp_path: Path,
) -> None:
    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.entries = [
        e for e in journey.entries if not (e.lane_id == "emotion" and e.stage_id == "compare")
    ]
    out = tmp_path / "map.mmd"
    write_mermaid(workspace, out)
    assert "%% mapbridge: no emotion score, 3 is a placeholder" in out.read_text()

    back = read_input(out)

    stages_with_scores = {sid for sid, _step, _score in back.journeys[0].emotion_points()}
    assert "compare" not in stages_with_scores
    assert "discover" in stages_with_scores


@pytest.mark.parametrize("sample", [BANK, HOME], ids=["rows", "grid"])
def test_both_samples_export_to_markdown_that_mermaid_parses(sample: Path, tmp_path: Path) -> None:
    workspace = read_input(sample)
    markdown = render_markdown(workspace)
    texts = _fenced(markdown)

    results = mermaid_parse(texts)

    assert texts and all(r["ok"] for r in results), [r.get("error") for r in results]
    assert all(r["type"] == "journey" for r in results)
    actors = {a for r in results for a in r["actors"]}
    for persona in workspace.personas:
        if workspace.maps_for(persona.id):
            assert any(a.startswith(persona.name) for a in actors)


# --- round trip: workbook -> Mermaid -> model ---------------------------------------------


@pytest.mark.parametrize("sample", [BANK, HOME], ids=["rows", "grid"])
def test_round_trip_keeps_personas_stages_and_quantised_scores(
    sample: Path, tmp_path: Path
) -> None:
    original = read_input(sample)
    out = tmp_path / "journeys.md"
    write_mermaid(original, out)

    back = read_input(out)

    mapped = [p for p in original.personas if original.maps_for(p.id)]
    assert [(p.name, p.kind) for p in back.personas] == [(p.name, p.kind) for p in mapped]
    assert len(back.journeys) == len(original.journeys)
    for before, after in zip(original.journeys, back.journeys, strict=True):
        assert after.name == before.name
        assert after.persona_id == before.persona_id
        assert [s.name for s in after.stages] == [sanitise_name(s.name) for s in before.stages]
        # Scores: the same 1..5 values, stage by stage (Mermaid has no finer scale).
        assert _stage_scores(after) == _stage_scores(before)


def test_factory_round_trip_through_mmd_files(tmp_path: Path) -> None:
    original = make_workspace()
    written = write_mermaid(original, tmp_path / "bank.mmd")
    # A layered diagram plus one per persona, each in its own file.
    assert [p.name for p in written] == [
        "bank-open-an-account-layered.mmd",
        "bank-open-an-account-ana-reyes.mmd",
        "bank-open-an-account-ben-okafor.mmd",
        "bank-open-an-account-chloe-martin.mmd",
        "bank-open-an-account-dev-patel.mmd",
    ]
    back = read_input(written[2])
    assert [p.name for p in back.personas] == ["Ben Okafor"]
    assert back.personas[0].kind == "proto"
    assert _stage_scores(back.journeys[0]) == _stage_scores(original.journeys[1])


# --- import of hand-written diagrams ------------------------------------------------------


DOMAIN_EXAMPLE = """journey
    title Open an account
    section Discover
      Sees an ad: 3: Ana, Ben
    section Apply
      Fills the form: 2: Ana
"""


def test_hand_written_diagram_becomes_one_map_per_actor(tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(DOMAIN_EXAMPLE, encoding="utf-8")

    workspace = read_input(path)

    assert [p.name for p in workspace.personas] == ["Ana", "Ben"]
    # The diagram never says what the personas rest on: their kind is not stated.
    assert [p.kind for p in workspace.personas] == ["unspecified", "unspecified"]
    ana, ben = workspace.journeys
    assert [s.name for s in ana.stages] == ["Discover", "Apply"]
    assert [s.name for s in ben.stages] == ["Discover", "Apply"]
    assert [e.text for e in ana.entries if e.lane_id == "actions"] == [
        "Sees an ad",
        "Fills the form",
    ]
    assert ana.emotion_points() == [("discover", None, 0.0), ("apply", None, -0.5)]
    assert ben.emotion_points() == [("discover", None, 0.0)]
    assert ana.emotion_scale == "1..5"


def test_kind_labels_on_actors_set_the_kind_and_no_label_is_unspecified(tmp_path: Path) -> None:
    path = tmp_path / "kinds.mmd"
    path.write_text(
        "journey\n  section Apply\n    Fills the form: 3: Ana (research), "
        "Ben (proto-persona), Cleo (segment), Dev\n",
        encoding="utf-8",
    )
    personas = read_input(path).personas
    assert [(p.name, p.kind) for p in personas] == [
        ("Ana", "research"),
        ("Ben", "proto"),
        ("Cleo", "segment"),
        ("Dev", "unspecified"),
    ]


def test_every_kind_survives_the_trip_and_unspecified_gets_no_research_label(
    tmp_path: Path,
) -> None:
    original = make_workspace(n_personas=4)
    kinds = ["research", "proto", "segment", "unspecified"]
    for persona, kind in zip(original.personas, kinds, strict=True):
        persona.kind = kind  # type: ignore[assignment]
    written = write_mermaid(original, tmp_path / "bank.mmd")
    dev = next(p for p in written if p.name.endswith("dev-patel.mmd"))
    assert "Dev Patel" in dev.read_text() and "(research)" not in dev.read_text()

    back = [read_input(path).personas[0] for path in written[1:]]

    assert [(p.name, p.kind) for p in back] == [
        ("Ana Reyes", "research"),
        ("Ben Okafor", "proto"),
        ("Chloe Martin", "segment"),
        ("Dev Patel", "unspecified"),
    ]


def test_several_tasks_in_a_section_become_steps(tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(
        "journey\n  section Apply\n    Fill the form: 4: Ana\n    Upload ID: 1: Ana\n",
        encoding="utf-8",
    )
    [journey] = read_input(path).journeys
    assert [s.name for s in journey.stages[0].steps] == ["Fill the form", "Upload ID"]
    assert journey.emotion_points() == [
        ("apply", "Fill the form", 0.5),
        ("apply", "Upload ID", -1.0),
    ]


def test_markdown_with_other_diagrams_reads_only_journeys(tmp_path: Path) -> None:
    path = tmp_path / "wiki.md"
    path.write_text(
        "# Onboarding research\n\nSome text.\n\n```mermaid\nflowchart LR\n  A-->B\n```\n\n"
        f"```mermaid\n{DOMAIN_EXAMPLE}```\n",
        encoding="utf-8",
    )
    workspace = read_input(path)
    assert workspace.title == "Onboarding research"
    assert len(workspace.journeys) == 2


def test_tasks_without_actors_form_a_shared_map(tmp_path: Path) -> None:
    path = tmp_path / "shared.mmd"
    path.write_text("journey\n  title Claim\n  section Report\n    Calls the line: 2\n", "utf-8")
    [journey] = read_input(path).journeys
    assert journey.persona_id is None
    assert journey.name == "Claim"


def test_bad_score_is_an_error_located_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.mmd"
    path.write_text("journey\n  section A\n    Good: 3: Ana\n    Bad: high: Ana\n", "utf-8")
    report = Report(file=path.name)
    with pytest.raises(InvalidWorkbook) as caught:
        read_input(path, report=report)
    [problem] = caught.value.report.errors
    assert problem.format().startswith("bad.mmd:4: error MB064 mermaid-score:")
    assert "'high'" in problem.message


def test_score_outside_the_scale_is_a_warning_and_clamped(tmp_path: Path) -> None:
    path = tmp_path / "loud.mmd"
    path.write_text("journey\n  section A\n    Great: 7: Ana\n", "utf-8")
    report = Report(file=path.name)
    workspace = read_input(path, report=report)
    assert [p.code for p in report.warnings] == ["MB064"]
    assert workspace.journeys[0].emotion_points() == [("a", None, 1.0)]


def test_a_text_file_without_journey_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nNo diagrams here.\n", "utf-8")
    with pytest.raises(UnreadableInput, match="holds no Mermaid journey diagram"):
        read_input(path)


# --- through the command line -------------------------------------------------------------


def test_cli_export_mermaid_then_inspect_the_result(runner, tmp_path: Path) -> None:
    out = tmp_path / "bank.md"
    result = runner.invoke(cli, ["export", str(BANK), "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (mermaid: 4 personas, 4 maps)\n"
    assert result.stderr == ""
    assert "```mermaid" in out.read_text()

    shown = runner.invoke(cli, ["inspect", str(out)])
    assert shown.exit_code == 0, shown.output
    # Scores come back on Mermaid's 1..5 scale; a Markdown file has no cells to point at.
    assert shown.stdout == dedent("""\
        Retail banking: persona & journey workshop (September 2026)
        bank.md · 4 personas · 1 journey · 4 maps

        Personas
          Ana Reyes     research                    [1 map; no cell]
          Ben Okafor    proto-persona (hypothesis)  [1 map; no cell]
          Chloe Martin  research                    [1 map; no cell]
          Dev Patel     research                    [1 map; no cell]

        Journeys
          Open a bank account
            Stages: Discover → Compare → Apply → Verify ID → First use → Get support
            Lanes: Actions [actions], Emotion [emotion]
            Ana Reyes: 6 stages, 12 cells, emotion curve of 6 points on 1..5
            Ben Okafor: 6 stages, 12 cells, emotion curve of 6 points on 1..5
            Chloe Martin: 6 stages, 12 cells, emotion curve of 6 points on 1..5
            Dev Patel: 6 stages, 12 cells, emotion curve of 6 points on 1..5
            Layout: All 4 personas go through the same 6 stages: one layered comparison plus a map per persona
        """)
    assert shown.stderr == ""


def test_cli_inspect_and_check_say_a_hand_written_actors_kind_is_not_stated(
    runner, tmp_path: Path
) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(DOMAIN_EXAMPLE, encoding="utf-8")

    shown = runner.invoke(cli, ["inspect", str(path)])
    checked = runner.invoke(cli, ["check", str(path)])

    assert shown.exit_code == 0, shown.output
    assert shown.stdout == dedent("""\
        Open an account
        journey.mmd · 2 personas · 1 journey · 2 maps

        Personas
          Ana  kind not stated             [1 map; no cell]
          Ben  kind not stated             [1 map; no cell]

        Journeys
          Open an account
            Stages: Discover → Apply
            Lanes: Actions [actions], Emotion [emotion]
            Ana: 2 stages, 4 cells, emotion curve of 2 points on 1..5
            Ben: 2 stages, 2 cells, emotion curve of 1 point on 1..5
            Layout: Both personas go through the same 2 stages: one layered comparison plus a map per persona
        """)
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == dedent("""\
        journey.mmd: warning MB117 empty-persona: None of the 2 personas has goals, pain points or behaviours: they are names only. Hint: Add a Personas sheet with Goals, Pain points and Behaviours columns.
        journey.mmd: warning MB113 empty-stage: Ben's map "Open an account" has no content at stage "Apply". Hint: Fill in the stage for the persona, or remove the stage from the persona's map.
        journey.mmd: warning MB109 stale-persona: None of the 2 personas has a review date. Hint: Add a Last reviewed column to the Personas sheet (or persona rows on a Reviews sheet), and review each persona with its maps.
        journey.mmd: warning MB110 stale-map: None of the 2 maps has a review date. Hint: Add a Last reviewed column to the journey sheet (or map rows on a Reviews sheet), and review each map with its persona.
        journey.mmd: warning MB112 missing-owner: None of the 2 personas has an owner. Hint: Add an Owner column to the Personas sheet: who keeps each persona up to date.
        journey.mmd: warning MB112 missing-owner: None of the 2 maps has an owner. Hint: Add a Map owner column (or an Owner line above a grid): who keeps each map up to date.
        journey.mmd: warning MB112 missing-owner: None of the 2 persona-map links has an owner: the workbook records no links between personas and maps. Hint: Add a Reviews sheet with Persona, Journey, Owner and Last reviewed columns, one row per persona and map, so someone keeps each persona and its maps in step.

        journey.mmd: info MB119 persona-kind-not-stated: None of the 2 personas says whether it is research-based, a proto-persona or a segment: each is shown as "kind not stated", never as research. Hint: Write "(research)", "(proto-persona)" or "(segment)" after an actor's name in the diagram, e.g. "Ana (proto-persona)".
        journey.mmd: info MB104 layout-advice: "Open an account": Both personas go through the same 2 stages: one layered comparison plus a map per persona (stage overlap 100%, threshold 80%). Hint: `mapbridge deck --layout auto` draws one layered map; pass --layout per-persona to the deck to decide otherwise.

        journey.mmd: 0 errors, 7 warnings, 2 notes.
        """)


def test_cli_export_to_stdout(runner, tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(DOMAIN_EXAMPLE, encoding="utf-8")
    result = runner.invoke(cli, ["export", str(path), "--to", "mermaid", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == dedent("""\
        # Open an account

        Journey maps from `journey.mmd`, exported by mapbridge.

        Scores are on Mermaid's 1..5 scale (rounded from the workshop's emotion scale); characters Mermaid cannot show in names (`:` `#` `;`) were replaced.

        ## Open an account: all personas compared

        ```mermaid
        journey
          title Open an account
          %% mapbridge: layered comparison of 2 personas over the stages they share
          section Discover
            Sees an ad: 3: Ana, Ben
          section Apply
            Apply: 2: Ana
            %% mapbridge: no emotion score, 3 is a placeholder
            Apply: 3: Ben
        ```

        ## Open an account: Ana

        ```mermaid
        journey
          title Open an account
          section Discover
            Sees an ad: 3: Ana
          section Apply
            Fills the form: 2: Ana
        ```

        ## Open an account: Ben

        ```mermaid
        journey
          title Open an account
          section Discover
            Sees an ad: 3: Ben
          section Apply
            %% mapbridge: no emotion score, 3 is a placeholder
            Apply: 3: Ben
        ```
        """)


def test_cli_refuses_to_overwrite_its_input(runner, tmp_path: Path) -> None:
    path = tmp_path / "journey.md"
    path.write_text(f"```mermaid\n{DOMAIN_EXAMPLE}```\n", encoding="utf-8")
    result = runner.invoke(cli, ["export", str(path), "--to", "mermaid", "-o", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error MB040 usage-error: exporting to {path} would overwrite the input; "
        "choose another name with -o\n"
    )


def test_cli_default_output_is_beside_the_input(runner, tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(DOMAIN_EXAMPLE, encoding="utf-8")
    result = runner.invoke(cli, ["export", str(path), "--to", "json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "journey.json").exists()
    assert result.stdout == f"wrote {tmp_path / 'journey.json'} (json: 2 personas, 2 maps)\n"
    md = runner.invoke(cli, ["export", str(path), "--to", "mermaid"])
    assert md.exit_code == 0, md.output
    assert (tmp_path / "journey.mermaid.md").exists()
    assert md.stdout == f"wrote {tmp_path / 'journey.mermaid.md'} (mermaid: 2 personas, 2 maps)\n"


def test_cli_build_reads_a_mermaid_file_like_a_workbook(runner, tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(DOMAIN_EXAMPLE, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "journey.pptx").exists()


def test_a_shared_map_has_tasks_without_actors_and_reads_back_as_shared(tmp_path: Path) -> None:
    from tests.factories import make_journey

    workspace = make_workspace(n_personas=0)
    workspace.journeys = [make_journey("Renew a policy", None, ["Reminder", "Pay"])]
    [diagram] = diagrams(workspace)
    [parsed] = mermaid_parse([diagram.text])
    assert parsed["ok"], parsed.get("error")
    assert parsed["actors"] == []
    assert [t["people"] for t in parsed["tasks"]] == [[], []]

    out = tmp_path / "shared.mmd"
    write_mermaid(workspace, out)
    [journey] = read_input(out).journeys
    assert journey.persona_id is None
    assert [s.name for s in journey.stages] == ["Reminder", "Pay"]
