"""Map health checks: every rule on a workspace that triggers it and on one that must not."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from mapbridge.checks import RULES, CheckConfig, check, counts, summary
from mapbridge.errors import UsageError
from mapbridge.layout import decide_layout
from mapbridge.model import (
    Connection,
    EmpathyMap,
    Journey,
    SourceRef,
    Stage,
    Trigger,
    Workspace,
)
from tests.factories import make_journey, make_persona, make_workspace

TODAY = date(2026, 10, 1)

GOALS = [
    "Open an account on her phone in one sitting",
    "Move salary and direct debits without a bounced bill",
    "Keep bakery money apart from household money",
    "Get paid into a local account before rent is due",
    "Earn interest on savings for a deposit",
    "Send money home every month cheaply",
    "Set up accounts for two teenage children",
]
PAINS = [
    "Jargon in product pages",
    "Fear that a standing order is lost in the switch",
    "Verification only in branch during opening hours",
    "No proof of address yet",
    "Rates hidden behind small print",
    "Fees on transfers abroad",
    "Parents cannot see the children's spending",
]
WORDS = [
    "scrolls",
    "taps",
    "compares",
    "reads",
    "calls",
    "uploads",
    "waits",
    "queues",
    "chats",
    "signs",
    "checks",
    "asks",
    "visits",
    "worries",
    "smiles",
    "sighs",
    "abandons",
    "retries",
    "prints",
    "scans",
    "emails",
    "books",
    "photographs",
    "searches",
]


def healthy(n_personas: int = 4) -> Workspace:
    """A workspace with nothing wrong: distinct personas and maps, owners, links, recent reviews."""
    workspace = make_workspace(n_personas)
    for i, persona in enumerate(workspace.personas):
        persona.kind = "research"
        persona.goals = [GOALS[i % len(GOALS)]]
        persona.pain_points = [PAINS[i % len(PAINS)]]
        persona.sources = {"name": SourceRef(sheet="Personas", cell=f"A{i + 2}")}
    for i, journey in enumerate(workspace.journeys):
        words = random.Random(i).sample(WORDS, len(WORDS))
        rotation = [0.5, 0.0, -0.5, -1.0, 0.5, 1.0]
        for k, entry in enumerate(journey.entries):
            if entry.emotion is not None:
                score = rotation[(k // 6 + i) % len(rotation)]
                entry.emotion = entry.emotion.model_copy(update={"score": score})
            else:
                entry.text = " ".join(words[(k * 3) % 20 : (k * 3) % 20 + 3])
    return workspace


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def located(problems, code: str) -> list[tuple[str | None, str | None]]:
    """The (sheet, cell) of every finding of one rule, in order."""
    return [(p.sheet, p.cell) for p in problems if p.code == code]


def run(workspace: Workspace, **kwargs):
    kwargs.setdefault("today", TODAY)
    return check(workspace, **kwargs)


# ---------------------------------------------------------------------- the healthy baseline


def test_healthy_workspace_only_gets_layout_advice():
    problems = run(healthy())
    assert codes(problems) == ["MB104"]
    assert problems[0].severity == "info"


def test_findings_carry_file_name_and_hint():
    workspace = healthy()
    workspace.personas[0].owner = ""
    (problem,) = [p for p in run(workspace) if p.code == "MB112"]
    assert problem.file == "bank.xlsx"
    assert problem.name == "missing-owner"
    assert problem.hint
    assert problem.format().startswith("bank.xlsx: Personas!A2: warning MB112 missing-owner: ")


def test_every_rule_has_a_unique_code_and_name():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.code.startswith("MB1") and r.trigger and r.fix for r in RULES)


def test_every_rule_is_documented_for_the_readme():
    root = Path(__file__).parent.parent
    # The README documents every rule (code, name, severity).
    docs = "".join(
        path.read_text(encoding="utf-8") for path in (root / "README.md",) if path.exists()
    )
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` | {rule.severity} |" in docs


# ---------------------------------------------------------------------- MB101 too many personas


def test_more_than_five_personas_is_too_many():
    problems = run(healthy(6))
    assert located(problems, "MB101") == [("Personas", "A7")]
    assert "6 personas" in next(p.message for p in problems if p.code == "MB101")


def test_five_personas_are_fine():
    assert "MB101" not in codes(run(healthy(5)))


def test_persona_limit_comes_from_config():
    problems = run(healthy(4), config=CheckConfig(max_personas=3))
    assert located(problems, "MB101") == [("Personas", "A5")]


def test_too_many_personas_on_one_journey_when_others_are_elsewhere():
    workspace = healthy(7)
    workspace.journeys[6].name = "Close an account"
    problems = run(workspace)
    messages = [p.message for p in problems if p.code == "MB101"]
    assert len(messages) == 2
    assert '"Open an account" is mapped for 6 personas' in messages[1]


# ---------------------------------------------------------------------- MB102 / MB117 thin personas


def test_demographic_persona():
    workspace = healthy()
    chris = make_persona(
        "Chris",
        goals=[],
        pain_points=[],
        behaviours=[],
        demographics={"Age": "45", "Income": "£50k"},
        sources={"name": SourceRef(sheet="Personas", cell="A6")},
    )
    workspace.personas.append(chris)
    workspace.journeys.append(make_journey("Open an account", chris, first_row=30))
    problems = run(workspace)
    (finding,) = [p for p in problems if p.code == "MB102"]
    assert (finding.sheet, finding.cell) == ("Personas", "A6")
    assert finding.message == '"Chris" has age and income but no goals, pain points or behaviours.'
    assert "MB117" not in codes(problems)


def test_demographics_with_goals_are_fine():
    workspace = healthy()
    workspace.personas[0].demographics = {"Age": "22", "Location": "Leeds"}
    workspace.personas[0].pain_points = []
    workspace.personas[0].behaviours = []
    assert {"MB102", "MB117"}.isdisjoint(codes(run(workspace)))


def test_empty_persona():
    workspace = healthy()
    ana = workspace.personas[0]
    ana.goals, ana.pain_points, ana.behaviours = [], [], []
    problems = run(workspace)
    assert located(problems, "MB117") == [("Personas", "A2")]
    assert "MB102" not in codes(problems)


# ---------------------------------------------------------------------- MB103 generic map


def test_identical_persona_maps_are_generic():
    workspace = make_workspace(3)  # every map says the same, apart from the persona's name
    problems = run(workspace)
    assert located(problems, "MB103") == [("Journey", "A2")]
    assert "All 3 personas" in next(p.message for p in problems if p.code == "MB103")


def test_different_content_is_not_generic():
    assert "MB103" not in codes(run(healthy()))


def test_diverging_stages_are_not_generic_even_with_the_same_words():
    assert "MB103" not in codes(run(make_workspace(4, diverge=True)))


def test_generic_threshold_comes_from_config():
    workspace = healthy()
    for journey in workspace.journeys[1:]:
        journey.entries = [e.model_copy() for e in workspace.journeys[0].entries]
    for journey in workspace.journeys[1:]:
        journey.entries[0].text = "something entirely of its own"
    assert "MB103" in codes(run(workspace))
    assert "MB103" not in codes(run(workspace, config=CheckConfig(similarity=1.0)))


# ---------------------------------------------------------------------- MB104 layout advice


@pytest.mark.parametrize("diverge", [False, True])
def test_layout_advice_is_the_decks_decision(diverge):
    workspace = make_workspace(4, diverge=diverge)
    (advice,) = [p for p in run(workspace) if p.code == "MB104"]
    decision = decide_layout(workspace, workspace.journeys)
    assert decision.reason in advice.message
    assert ("layered" if decision.layered else "separate") in advice.hint or (
        "one layered map" in advice.hint
    )
    assert (advice.sheet, advice.cell) == ("Journey", "A2")


def test_layout_advice_follows_the_overlap_threshold():
    workspace = make_workspace(4, diverge=True)  # 3 of 7 stages shared: 43%
    (separate,) = [p for p in run(workspace) if p.code == "MB104"]
    (layered,) = [
        p for p in run(workspace, config=CheckConfig(overlap_threshold=0.4)) if p.code == "MB104"
    ]
    assert "separate maps" in separate.message
    assert decide_layout(workspace, workspace.journeys, threshold=0.4).reason in layered.message
    assert "layered comparison" in layered.message


def test_no_layout_advice_for_a_single_map():
    assert "MB104" not in codes(run(healthy(1)))


def test_layout_advice_calls_the_shared_layout_function(monkeypatch):
    import mapbridge.checks.maps as maps

    calls = []

    def spy(*args, **kwargs):
        calls.append(kwargs.get("threshold"))
        return decide_layout(*args, **kwargs)

    monkeypatch.setattr(maps, "decide_layout", spy)
    run(healthy(), config=CheckConfig(overlap_threshold=0.6))
    assert calls == [0.6]


# ---------------------------------------------------------------------- MB105 proto-persona


def test_proto_persona_is_reported_as_information():
    workspace = healthy()
    workspace.personas[1].kind = "proto"
    workspace.personas[1].sources["kind"] = SourceRef(sheet="Personas", cell="B3")
    problems = run(workspace)
    assert located(problems, "MB105") == [("Personas", "B3")]
    assert next(p for p in problems if p.code == "MB105").severity == "info"


def test_research_and_segment_personas_are_not_proto():
    workspace = healthy()
    workspace.personas[1].kind = "segment"
    workspace.personas[2].kind = "unspecified"
    assert "MB105" not in codes(run(workspace))


# ---------------------------------------------------------------------- MB119 kind not stated


def test_a_persona_whose_kind_is_not_stated_is_noted_never_taken_for_research():
    workspace = healthy(3)
    workspace.personas[1].kind = "unspecified"
    # An unknown kind the importer kept: the finding points at that cell.
    workspace.personas[2].kind = "unspecified"
    workspace.personas[2].sources["kind"] = SourceRef(sheet="Personas", cell="B4")
    problems = [p for p in run(workspace) if p.code == "MB119"]
    assert [(p.sheet, p.cell, p.severity, p.persona_id) for p in problems] == [
        ("Personas", "A3", "info", "ben-okafor"),
        ("Personas", "B4", "info", "chloe-martin"),
    ]
    assert problems[0].message == (
        '"Ben Okafor" does not say whether it is research-based, a proto-persona or a segment; '
        'it is shown as "kind not stated", never as research.'
    )
    assert problems[0].hint.startswith("Add a Kind column to the Personas sheet")


def test_personas_with_a_stated_kind_are_not_noted():
    workspace = healthy(3)
    workspace.personas[1].kind = "proto"
    workspace.personas[2].kind = "segment"
    assert "MB119" not in codes(run(workspace))


def test_no_kind_stated_anywhere_is_said_once_with_a_fix_for_the_input_format():
    workspace = healthy(3)
    for persona in workspace.personas:
        persona.kind = "unspecified"
    workspace.source_file = "journeys.mmd"
    [problem] = [p for p in run(workspace) if p.code == "MB119"]
    assert problem.message == (
        "None of the 3 personas says whether it is research-based, a proto-persona or a "
        'segment: each is shown as "kind not stated", never as research.'
    )
    assert (problem.sheet, problem.cell) == ("Personas", "A2")
    assert problem.hint == (
        'Write "(research)", "(proto-persona)" or "(segment)" after an actor\'s name in the '
        'diagram, e.g. "Ana (proto-persona)".'
    )
    workspace.source_file = "workspace.json"
    [problem] = [p for p in run(workspace) if p.code == "MB119"]
    assert problem.hint == 'Set each persona\'s "kind" to "research", "proto" or "segment".'


# ---------------------------------------------------------------------- MB106 / MB107 / MB108 links


def test_persona_without_map():
    workspace = healthy()
    workspace.personas.append(
        make_persona(
            "Eva", goals=["Save"], sources={"name": SourceRef(sheet="Personas", cell="A6")}
        )
    )
    assert located(run(workspace), "MB106") == [("Personas", "A6")]


def test_persona_linked_to_a_shared_map_has_a_map():
    workspace = healthy()
    eva = make_persona("Eva", goals=["Save"], pain_points=["Small print"])
    shared = make_journey("Close an account", None, sheet="Shared")
    workspace.personas.append(eva)
    workspace.journeys.append(shared)
    workspace.connections.append(Connection(persona_id=eva.id, journey_id=shared.id, owner="CX"))
    assert {"MB106", "MB107"}.isdisjoint(codes(run(workspace)))


def test_map_without_persona():
    workspace = healthy()
    workspace.journeys.append(make_journey("Close an account", None, sheet="Shared"))
    assert located(run(workspace), "MB107") == [("Shared", "A2")]


def test_map_naming_an_unknown_persona_is_an_error():
    workspace = healthy()
    workspace.journeys[2].persona_id = "zed"
    workspace.connections.append(
        Connection(
            persona_id="ghost",
            journey_id=workspace.journeys[0].id,
            owner="CX",
            source=SourceRef(sheet="Reviews", cell="A5"),
        )
    )
    problems = run(workspace)
    assert located(problems, "MB108") == [("Journey", "A14"), ("Reviews", "A5")]
    assert problems[0].severity == "error"
    assert "Ana Reyes" in problems[0].hint


def test_known_personas_are_not_unknown():
    assert "MB108" not in codes(run(healthy()))


# ---------------------------------------------------------------------- MB109 / MB110 staleness


def test_never_reviewed_and_overdue_persona():
    workspace = healthy()
    workspace.personas[0].last_reviewed = None
    workspace.personas[1].last_reviewed = date(2026, 5, 1)
    workspace.personas[1].sources["last_reviewed"] = SourceRef(sheet="Personas", cell="R3")
    problems = run(workspace)
    assert located(problems, "MB109") == [("Personas", "A2"), ("Personas", "R3")]
    messages = [p.message for p in problems if p.code == "MB109"]
    assert messages[0] == '"Ana Reyes" has never been reviewed.'
    assert messages[1] == (
        '"Ben Okafor" was last reviewed on 2026-05-01; with a 90-day cadence the next review '
        "was due on 2026-07-30."
    )


def test_persona_within_cadence_is_not_stale():
    workspace = healthy()
    workspace.personas[1].last_reviewed = date(2026, 5, 1)
    workspace.personas[1].review_every_days = 180
    workspace.personas[2].last_reviewed = date(2026, 9, 30)
    assert "MB109" not in codes(run(workspace))


def test_stale_days_default_comes_from_workspace_then_config():
    workspace = healthy()
    workspace.personas[0].last_reviewed = date(2026, 8, 1)  # 61 days before TODAY
    workspace.review_every_days = 60
    assert "MB109" in codes(run(workspace))
    assert "MB109" not in codes(run(workspace, config=CheckConfig(stale_days=70)))
    workspace.review_every_days = None
    assert "MB109" not in codes(run(workspace))  # the default cadence is 90 days


def test_stale_map():
    workspace = healthy()
    workspace.journeys[1].last_reviewed = date(2026, 1, 10)
    workspace.journeys[3].last_reviewed = None
    problems = run(workspace)
    assert located(problems, "MB110") == [("Journey", "A8"), ("Journey", "A20")]
    assert 'Ben Okafor\'s map "Open an account" was last reviewed on 2026-01-10' in (
        next(p.message for p in problems if p.code == "MB110")
    )


def test_recent_maps_are_not_stale():
    assert "MB110" not in codes(run(healthy(), today=date(2026, 12, 14)))


# ---------------------------------------------------------------------- MB111 persona changed


def test_persona_changed_after_the_map_was_reviewed():
    workspace = healthy()
    workspace.personas[0].last_updated = date(2026, 9, 25)
    workspace.connections[0].last_reviewed = date(2026, 9, 20)
    problems = run(workspace)
    assert located(problems, "MB111") == [("Journey", "A2")]
    assert "changed on 2026-09-25" in next(p.message for p in problems if p.code == "MB111")


def test_persona_changed_before_the_link_was_reviewed():
    workspace = healthy()
    workspace.personas[0].last_updated = date(2026, 9, 18)  # map reviewed 09-15, link 09-20
    assert "MB111" not in codes(run(workspace))


# ---------------------------------------------------------------------- MB112 owners


def test_missing_owners_of_persona_map_and_link():
    workspace = healthy()
    workspace.personas[2].owner = ""
    workspace.journeys[1].owner = " "
    workspace.connections[3].owner = ""
    workspace.connections[3].source = SourceRef(sheet="Reviews", cell="A5")
    problems = run(workspace)
    assert located(problems, "MB112") == [
        ("Personas", "A4"),
        ("Journey", "A8"),
        ("Reviews", "A5"),
    ]


def test_workbook_without_links_gets_one_owner_finding():
    workspace = healthy()
    workspace.connections = []
    messages = [p.message for p in run(workspace) if p.code == "MB112"]
    assert messages == [
        "None of the 4 persona-map links has an owner: the workbook records no links between "
        "personas and maps."
    ]


def test_everything_owned():
    assert "MB112" not in codes(run(healthy()))


# ---------------------------------------------------------------------- MB113 / MB114 / MB115 gaps


def test_stage_with_no_content_for_a_persona():
    workspace = healthy()
    ben = workspace.journeys[1]
    ben.stages[3].source = SourceRef(sheet="Journey", cell="B11")
    ben.entries = [e for e in ben.entries if e.stage_id != "verify-id"]
    problems = run(workspace)
    assert located(problems, "MB113") == [("Journey", "B11")]
    assert 'has no content at stage "Verify ID".' in problems[0].message
    assert "MB115" not in codes(problems)  # the empty stage says it already


def test_stage_with_only_shared_rows():
    workspace = healthy()
    ana = workspace.journeys[0]
    for entry in ana.entries:
        if entry.stage_id == "apply":
            entry.shared = True
    (finding,) = [p for p in run(workspace) if p.code == "MB113"]
    assert finding.message.endswith("(only the rows shared by every persona).")


def test_every_stage_filled():
    assert "MB113" not in codes(run(healthy()))


def test_persona_map_without_emotion_curve():
    workspace = healthy()
    chloe = workspace.journeys[2]
    chloe.entries = [e for e in chloe.entries if e.lane_id != "emotion"]
    chloe.lanes = [lane for lane in chloe.lanes if lane.kind != "emotion"]
    problems = run(workspace)
    assert located(problems, "MB114") == [("Journey", "A14")]
    assert "MB115" not in codes(problems)


def test_emotion_gap_points_at_the_empty_cell_of_a_rows_sheet():
    workspace = healthy()
    ana = workspace.journeys[0]
    ana.entries = [e for e in ana.entries if not (e.lane_id == "emotion" and e.stage_id == "apply")]
    problems = run(workspace)
    # Ana's rows start at 2, Apply is the third stage, the emotion lane is column G.
    assert located(problems, "MB115") == [("Journey", "G4")]
    assert 'the emotion curve has no score at "Apply"' in problems[0].message


def test_emotion_gap_points_at_the_empty_cell_of_a_grid_sheet():
    stages = ["Notice damage", "Report claim", "Assessment"]
    maya = make_persona("Maya Lin")
    journey = Journey(
        id="claim--maya-lin",
        name="Make a claim",
        persona_id=maya.id,
        stages=[Stage(id=f"s{i}", name=name) for i, name in enumerate(stages)],
        lanes=make_journey("x", maya).lanes,
        owner="Claims CX",
        last_reviewed=date(2026, 9, 1),
        sources={"map": SourceRef(sheet="Maya", cell="A1")},
    )
    template = make_journey("x", maya, stages)
    for entry in template.entries:
        column = "BCD"[
            stages.index(next(s.name for s in template.stages if s.id == entry.stage_id))
        ]
        row = 8 + [lane.id for lane in template.lanes].index(entry.lane_id)
        if entry.lane_id == "emotion" and column == "C":
            continue  # no score for Report claim
        index = [s.id for s in template.stages].index(entry.stage_id)
        journey.entries.append(
            entry.model_copy(
                update={
                    "stage_id": f"s{index}",
                    "source": SourceRef(sheet="Maya", cell=f"{column}{row}"),
                }
            )
        )
    workspace = Workspace(
        title="Claims",
        source_file="claims.xlsx",
        personas=[maya],
        journeys=[journey],
        connections=[Connection(persona_id=maya.id, journey_id=journey.id, owner="CX")],
    )
    # Stages run across row 7, the emotion lane is the fourth lane: row 11.
    assert located(run(workspace), "MB115") == [("Maya", "C11")]


def test_complete_emotion_curves():
    assert {"MB114", "MB115"}.isdisjoint(codes(run(healthy())))


# ---------------------------------------------------------------------- MB116 near-duplicates


def test_same_or_similar_names_are_near_duplicates():
    workspace = healthy()
    twin = make_persona(
        "ana reyes",
        goals=["Buy a house"],
        pain_points=["Mortgage jargon"],
        sources={"name": SourceRef(sheet="Personas", cell="A6")},
    )
    similar = make_persona(
        "Dev Patel 2",
        goals=["Retire early"],
        pain_points=["Pension forms"],
        sources={"name": SourceRef(sheet="Personas", cell="A7")},
    )
    workspace.personas += [twin, similar]
    problems = [p for p in run(workspace) if p.code == "MB116"]
    assert [(p.cell, p.message) for p in problems] == [
        ("A6", '"ana reyes" has the same name as "Ana Reyes" (Personas!A2).'),
        ("A7", '"Dev Patel 2" has a name very like "Dev Patel" (Personas!A5).'),
    ]


def test_same_goals_and_pain_points_are_near_duplicates():
    workspace = healthy()
    workspace.personas[3].goals = list(workspace.personas[1].goals)
    workspace.personas[3].pain_points = list(workspace.personas[1].pain_points)
    problems = run(workspace)
    assert located(problems, "MB116") == [("Personas", "A5")]
    assert '"Ben Okafor" (Personas!A3)' in next(p.message for p in problems if p.code == "MB116")


def test_distinct_personas_are_not_duplicates():
    assert "MB116" not in codes(run(healthy(6)))


# ---------------------------------------------------------------------- MB118 pending triggers


def _trigger(**fields) -> Trigger:
    base = {
        "when": date(2026, 9, 20),
        "kind": "new research",
        "description": "Q3 interviews",
        "source": SourceRef(sheet="Reviews", cell="A6"),
    }
    base.update(fields)
    return Trigger(**base)


def test_passed_trigger_with_items_not_reviewed_since():
    workspace = healthy()
    workspace.triggers.append(_trigger(affects=["Ana Reyes"]))
    problems = run(workspace)
    assert located(problems, "MB118") == [("Reviews", "A6")]
    assert "not reviewed since: 1 persona (Ana Reyes)" in problems[0].message


@pytest.mark.parametrize(
    "fields",
    [
        {"done": True},
        {"when": date(2026, 12, 1)},  # not yet
        {"when": date(2026, 8, 1)},  # everything was reviewed after it
    ],
)
def test_done_future_or_handled_triggers_are_fine(fields):
    workspace = healthy()
    workspace.triggers.append(_trigger(**fields))
    assert "MB118" not in codes(run(workspace))


# ---------------------------------------------------------------------- options


def test_disable_by_code_or_name():
    workspace = healthy()
    workspace.personas[1].kind = "proto"
    assert {"MB104", "MB105"}.isdisjoint(codes(run(workspace, disable=["MB104", "proto-persona"])))
    assert "MB105" not in codes(run(workspace, config=CheckConfig(disable=["mb105"])))


def test_unknown_rule_to_disable_is_a_usage_error():
    with pytest.raises(UsageError) as info:
        run(healthy(), disable=["MB999"])
    assert "MB101" in info.value.problems[0].hint


def test_config_from_settings_table():
    config = CheckConfig.from_settings(
        {"max-personas": 3, "stale_days": 30, "disable": ["MB104"], "deck-theme": "dark"},
        similarity=0.9,
        stale_days=None,
    )
    assert (config.max_personas, config.stale_days, config.similarity) == (3, 30, 0.9)
    assert config.disable == ("MB104",)


def test_invalid_setting_names_the_file():
    with pytest.raises(UsageError) as info:
        CheckConfig.from_settings({"max-personas": 0}, source="mapbridge.toml")
    problem = info.value.problems[0]
    assert (problem.code, problem.file) == ("MB190", "mapbridge.toml")
    assert "max-personas" in problem.message


def test_errors_come_first_and_summary_counts():
    workspace = healthy()
    workspace.journeys[2].persona_id = "zed"
    problems = run(workspace)
    assert problems[0].severity == "error"
    assert [p.severity for p in problems] == sorted(
        (p.severity for p in problems), key=["error", "warning", "info"].index
    )
    assert counts(problems)["error"] == 1
    assert summary(problems).startswith("1 error, ")
    assert summary([]) == "no problems found"


def test_check_does_not_mutate_the_workspace():
    workspace = make_workspace(4, diverge=True)
    before = workspace.model_dump()
    run(workspace)
    assert workspace.model_dump() == before


def test_findings_read_the_same_on_different_days():
    """The tracker recognises a finding by its text: a stale item must not change wording daily."""
    workspace = healthy()
    workspace.personas[0].last_reviewed = date(2026, 1, 1)
    workspace.journeys[0].last_reviewed = date(2026, 1, 1)
    assert run(workspace, today=date(2026, 10, 1)) == run(workspace, today=date(2026, 10, 20))


def test_findings_say_which_persona_and_map_they_are_about():
    workspace = healthy()
    workspace.personas[1].owner = ""
    workspace.journeys[2].owner = ""
    workspace.personas += [make_persona("Eva", goals=["Save"], pain_points=["Small print"])]
    about = {(p.code, p.persona_id, p.journey_id) for p in run(workspace)}
    assert ("MB112", "ben-okafor", None) in about
    assert ("MB112", "chloe-martin", "open-an-account--chloe-martin") in about
    assert ("MB101", None, None) not in about  # 5 personas is fine
    assert ("MB104", None, None) in about  # about the journey, not one persona


def test_group_by_persona_for_the_health_slide():
    from mapbridge.checks import group_by_persona

    workspace = healthy()
    workspace.personas[2].owner = ""
    workspace.personas[0].kind = "proto"
    workspace.journeys[0].last_reviewed = None
    groups = group_by_persona(workspace, run(workspace))
    assert [(p.name if p else None, [f.code for f in items]) for p, items in groups] == [
        ("Ana Reyes", ["MB110", "MB105"]),
        ("Chloe Martin", ["MB112"]),
        (None, ["MB104"]),
    ]


def test_inputs_that_track_nothing_get_one_finding_per_kind():
    """A Mermaid file or a bare workbook: no owners, dates or descriptions anywhere."""
    workspace = healthy(3)
    for persona in workspace.personas:
        persona.goals, persona.pain_points, persona.behaviours = [], [], []
        persona.empathy_map = EmpathyMap()
        persona.owner, persona.last_reviewed = "", None
    for journey in workspace.journeys:
        journey.owner, journey.last_reviewed = "", None
    workspace.connections = []
    messages = [(p.code, p.message) for p in run(workspace) if p.code != "MB104"]
    assert messages == [
        (
            "MB117",
            "None of the 3 personas has goals, pain points or behaviours: they are names only.",
        ),
        ("MB109", "None of the 3 personas has a review date."),
        ("MB110", "None of the 3 maps has a review date."),
        ("MB112", "None of the 3 personas has an owner."),
        ("MB112", "None of the 3 maps has an owner."),
        (
            "MB112",
            "None of the 3 persona-map links has an owner: the workbook records no links "
            "between personas and maps.",
        ),
    ]


def test_one_item_missing_a_value_is_reported_on_its_own():
    workspace = healthy(2)
    workspace.personas[0].owner = ""
    workspace.personas[1].last_reviewed = None
    messages = [p.message for p in run(workspace) if p.code in ("MB109", "MB112")]
    assert messages == [
        '"Ben Okafor" has never been reviewed.',
        'Persona "Ana Reyes" has no owner.',
    ]


def test_first_name_alone_is_a_near_duplicate_but_not_for_segments():
    workspace = healthy(2)
    ben = make_persona(
        "Ben",
        goals=["Buy a van"],
        pain_points=["Insurance forms"],
        sources={"name": SourceRef(sheet="Personas", cell="A4")},
    )
    workspace.personas.append(ben)
    assert located(run(workspace), "MB116") == [("Personas", "A4")]
    segments = healthy(2)
    for name, goal, pain in (
        ("Student", "Open a first account", "Overdraft fees"),
        ("Student parent", "Send pocket money", "Cannot see spending"),
    ):
        segments.personas.append(
            make_persona(name, kind="segment", goals=[goal], pain_points=[pain])
        )
    assert "MB116" not in codes(run(segments))
