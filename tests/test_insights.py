"""mapbridge.insights: every ranking checked against figures worked out by hand in the comments."""

from __future__ import annotations

import json

import pytest

from mapbridge.insights import insights, insights_as_text
from mapbridge.model import (
    Emotion,
    Entry,
    Journey,
    Lane,
    Persona,
    SourceRef,
    Stage,
    Workspace,
    slugify,
)

LANES = [
    ("emotion", "Emotion"),
    ("pain_points", "Pain points"),
    ("opportunities", "Opportunities"),
    ("touchpoints", "Touchpoints"),
    ("caused_by", "Caused by"),
]
COLUMNS = {kind: chr(ord("C") + i) for i, (kind, _) in enumerate(LANES)}


def persona(name: str, kind: str = "research") -> Persona:
    return Persona(id=slugify(name), name=name, kind=kind)  # type: ignore[arg-type]


def journey_map(
    who: Persona | None,
    cells: dict[str, dict[str, str | int]],
    *,
    name: str = "Open an account",
    first_row: int = 2,
) -> Journey:
    """A map from {stage: {lane kind: text or -2..2 score}}; each stage a row of sheet Journey."""
    journey = Journey(
        id=f"{slugify(name)}--{who.id if who else 'shared'}",
        name=name,
        persona_id=who.id if who else None,
        stages=[Stage(id=slugify(s), name=s) for s in cells],
        lanes=[Lane(id=k, name=label, kind=k) for k, label in LANES],  # type: ignore[arg-type]
        emotion_scale="-2..2",
    )
    for row, (stage, lanes) in enumerate(cells.items(), first_row):
        for kind, value in lanes.items():
            ref = SourceRef(sheet="Journey", cell=f"{COLUMNS[kind]}{row}")
            emotion = None
            if kind == "emotion":
                emotion = Emotion(raw=str(value), score=int(value) / 2, scale="-2..2")
            journey.entries.append(
                Entry(
                    stage_id=slugify(stage),
                    lane_id=kind,
                    text=str(value),
                    emotion=emotion,
                    source=ref,
                )
            )
    return journey


@pytest.fixture
def three() -> Workspace:
    ana, ben, cleo = persona("Ana Reyes"), persona("Ben Okafor"), persona("Cléo Martin")
    return Workspace(
        title="Bank workshop",
        personas=[ana, ben, cleo],
        journeys=[
            journey_map(
                ana,
                {
                    "Discover": {
                        "emotion": 2,
                        "pain_points": "Fees are hidden in small print",
                        "opportunities": "Plain fee summary",
                        "touchpoints": "App, Email",
                    },
                    "Apply": {"emotion": -1, "opportunities": "Save progress"},
                    "Verify": {"emotion": 0},
                },
            ),
            journey_map(
                ben,
                {
                    "Discover": {
                        "emotion": -2,
                        "pain_points": "fees hidden in the small print",
                        "opportunities": "Plain fee summary",
                        "touchpoints": "app",
                    },
                    "Apply": {"emotion": -1, "opportunities": "Call back when stuck"},
                    "Verify": {"emotion": 1},
                },
                first_row=10,
            ),
            journey_map(
                cleo,
                {
                    "Discover": {"emotion": 0, "pain_points": "Cannot find the branch"},
                    "Apply": {
                        "emotion": 1,
                        "opportunities": "Call back when stuck",
                        "touchpoints": "Branch",
                    },
                    "Verify": {"opportunities": "Video call"},
                },
                first_row=20,
            ),
        ],
    )


def test_stages_ranked_by_spread_with_lowest_and_highest_as_typed(three: Workspace) -> None:
    [journey] = insights(three).journeys
    # Scores on -1..+1: Discover Ana 1, Ben -1, Cléo 0 -> spread 2.0 (Ben low, Ana high);
    # Apply -0.5, -0.5, 0.5 -> 1.0 (Ana low: the first of a tie, Cléo high);
    # Verify 0, 0.5 (Cléo unscored) -> 0.5.
    assert [(g.stage, g.spread) for g in journey.gaps] == [
        ("Discover", 2.0),
        ("Apply", 1.0),
        ("Verify", 0.5),
    ]
    discover = journey.gaps[0]
    assert (discover.low.persona, discover.low.typed) == ("Ben Okafor", "-2")
    assert (discover.high.persona, discover.high.typed) == ("Ana Reyes", "2")
    assert discover.share == 1.0
    assert [str(s) for s in discover.low.sources] == ["Journey!C10"]
    assert (journey.gaps[1].low.persona, journey.gaps[1].high.persona) == (
        "Ana Reyes",
        "Cléo Martin",
    )
    assert [s.persona for s in journey.gaps[2].scores] == ["Ana Reyes", "Ben Okafor"]


def test_pains_alike_are_shared_the_rest_specific(three: Workspace) -> None:
    [journey] = insights(three).journeys
    # "Fees are hidden in small print" vs "fees hidden in the small print": 5 words of 6 match
    # in order, 2*5/12 = 0.83 >= 0.75, so one shared pain; Cléo's is hers alone.
    [shared] = journey.shared_pains
    assert shared.personas == ["Ana Reyes", "Ben Okafor"]
    assert shared.text == "Fees are hidden in small print"
    assert shared.texts == ["Fees are hidden in small print", "fees hidden in the small print"]
    assert [str(s) for s in shared.sources] == ["Journey!D2", "Journey!D10"]
    [specific] = journey.specific_pains
    assert (specific.stage, specific.personas, specific.text) == (
        "Discover",
        ["Cléo Martin"],
        "Cannot find the branch",
    )


def test_opportunities_ranked_by_reach_plus_pain(three: Workspace) -> None:
    [journey] = insights(three).journeys
    # priority = personas addressed + their pain (max(0, -score)) at the stage:
    # Plain fee summary (Discover; Ana 1 -> 0, Ben -1 -> 1): 2 + 1 = 3.0
    # Call back when stuck (Apply; Ben -0.5 -> 0.5, Cléo 0.5 -> 0): 2 + 0.5 = 2.5
    # Save progress (Apply; Ana -0.5 -> 0.5): 1 + 0.5 = 1.5
    # Video call (Verify; Cléo unscored -> 0): 1 + 0 = 1.0
    assert [(o.text, o.priority) for o in journey.opportunities] == [
        ("Plain fee summary", 3.0),
        ("Call back when stuck", 2.5),
        ("Save progress", 1.5),
        ("Video call", 1.0),
    ]
    assert journey.opportunities[0].pain == {"ana-reyes": 0.0, "ben-okafor": 1.0}
    assert journey.opportunities[1].personas == ["Ben Okafor", "Cléo Martin"]


def test_touchpoints_only_one_persona_uses(three: Workspace) -> None:
    [journey] = insights(three).journeys
    # App is Ana's and Ben's ("App" and "app" are one); Email is Ana's alone, Branch Cléo's.
    assert [(c.persona, c.text, c.stages) for c in journey.single_persona_channels] == [
        ("Ana Reyes", "Email", ["Discover"]),
        ("Cléo Martin", "Branch", ["Apply"]),
    ]


def test_caused_by_links_are_cross_persona_pain(three: Workspace) -> None:
    ben = three.journeys[1]
    ben.entries.append(
        Entry(
            stage_id="discover",
            lane_id="caused_by",
            text="Ana: left the tabs open",
            source=SourceRef(sheet="Journey", cell="G10"),
        )
    )
    [journey] = insights(three).journeys
    [link] = journey.interactions
    assert link.cross_persona_pain and link.resolved
    assert (link.persona, link.target, link.target_stage, link.note) == (
        "Ben Okafor",
        "Ana Reyes",
        "Discover",
        "left the tabs open",
    )
    assert link.pains == ["fees hidden in the small print"]
    assert link.sentence == (
        "Ben Okafor at Discover: pain caused by Ana Reyes at Discover (left the tabs open)"
    )


def test_a_single_map_journey_is_not_compared(three: Workspace) -> None:
    three.journeys[2] = three.journeys[2].model_copy(update={"name": "Close an account"})
    found = insights(three)
    assert [j.journey for j in found.journeys] == ["Open an account"]
    assert found.journeys[0].personas == ["Ana Reyes", "Ben Okafor"]
    assert found.journeys[0].groupings is None  # both research personas: no journey-first advice


def test_journey_first_merge_and_own_persona_candidates() -> None:
    seg_a, seg_b, proto = (
        persona("Savers", "segment"),
        persona("Spenders", "segment"),
        persona("Expats", "proto"),
    )
    same = {
        "Discover": {"emotion": 1, "pain_points": "Too many fees"},
        "Apply": {"emotion": -1, "pain_points": "Long form"},
    }
    workspace = Workspace(
        title="Segments",
        personas=[seg_a, seg_b, proto],
        journeys=[
            journey_map(seg_a, same),
            journey_map(seg_b, same, first_row=10),
            journey_map(
                proto,
                {
                    "Arrive": {"emotion": -2, "pain_points": "No address yet"},
                    "Register": {"emotion": 2, "pain_points": "Visa letter rejected"},
                },
                first_row=20,
            ),
        ],
    )
    [journey] = insights(workspace).journeys
    groupings = journey.groupings
    assert groupings is not None
    # Savers and Spenders: same stages (1.0), same pains (1.0), same scores (1.0) -> 1.0, merge.
    [merge] = groupings.merge
    assert (merge.first_id, merge.second_id, merge.similarity) == (
        "open-an-account--savers",
        "open-an-account--spenders",
        1.0,
    )
    assert (merge.stage_overlap, merge.pain_similarity, merge.emotion_similarity) == (1.0, 1.0, 1.0)
    # Expats share no stage with either (0.0), no scored stage (emotion left out), and pains
    # with no word in common (0.0): (0 + 0) / 2 = 0.0 < 0.5, a persona of their own.
    [own] = groupings.own_persona
    assert (own.map_id, own.similarity) == ("open-an-account--expats", 0.0)
    expats_pairs = [p for p in groupings.pairs if "expats" in p.second_id]
    assert all(p.emotion_similarity is None for p in expats_pairs)


def test_a_map_with_no_persona_is_weak() -> None:
    ana = persona("Ana")
    workspace = Workspace(
        title="t",
        personas=[ana],
        journeys=[
            journey_map(ana, {"Discover": {"emotion": 1}}),
            journey_map(None, {"Discover": {"emotion": 1}}, first_row=10),
        ],
    )
    [journey] = insights(workspace).journeys
    assert journey.gaps == []  # one persona map: nothing to compare between personas
    assert journey.groupings is not None
    assert journey.groupings.weak == ['the map "Open an account" with no persona']


def test_json_and_text_forms(three: Workspace) -> None:
    found = insights(three)
    data = json.loads(found.to_json())
    gap = data["journeys"][0]["gaps"][0]
    assert gap["stage"] == "Discover" and gap["share"] == 1.0
    assert gap["low"]["sources"] == ["Journey!C10"]
    assert data["journeys"][0]["opportunities"][0]["priority"] == 3.0
    text = insights_as_text(found)
    assert "Discover: 2.00 apart (100% of the scale); lowest Ben Okafor -2 (Journey!C10)" in text
    assert '3.00 · Discover: "Plain fee summary" helps Ana Reyes, Ben Okafor' in text
    assert "Cléo Martin: Branch (touchpoints; Apply)" in text


def test_gathering_matches_comparing_every_pair() -> None:
    """The word index only skips pairs that cannot be alike: clusters are those of comparing
    every text with every earlier cluster's texts."""
    import random

    from mapbridge.checks.similarity import alike, tokens
    from mapbridge.insights import SAME_ITEM, _Gathering

    words = [
        "fee",
        "fees",
        "hidden",
        "small",
        "print",
        "card",
        "app",
        "slow",
        "queue",
        "wait",
        "call",
        "form",
        "id",
        "the",
        "a",
        "to",
    ]
    rng = random.Random(15)
    for _ in range(200):
        texts = [
            " ".join(rng.choice(words) for _ in range(rng.randint(0, 7)))
            for _ in range(rng.randint(1, 12))
        ]
        gathering = _Gathering(set())
        for n, text in enumerate(texts):
            gathering.add(text, f"p{n % 3}", None)
        naive: list[list[str]] = []
        for text in texts:
            mine = tokens(text)
            for cluster in naive:
                if any(alike(mine, tokens(other), SAME_ITEM) for other in cluster):
                    cluster.append(text)
                    break
            else:
                naive.append([text])
        assert [c.texts for c in gathering.clusters] == naive
