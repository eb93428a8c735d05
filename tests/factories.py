"""Workspaces built in code for tests: realistic, small, and independent of any workbook file."""

from __future__ import annotations

from datetime import date

from mapbridge.model import (
    Connection,
    Emotion,
    EmpathyMap,
    Entry,
    Journey,
    Lane,
    Persona,
    SourceRef,
    Stage,
    Workspace,
    slugify,
)

STAGES = ["Discover", "Compare", "Apply", "Verify ID", "First use", "Support"]

LANES = [
    ("actions", "Actions"),
    ("touchpoints", "Touchpoints"),
    ("thoughts", "Thoughts"),
    ("emotion", "Emotion"),
    ("pain_points", "Pain points"),
    ("opportunities", "Opportunities"),
]


def make_persona(name: str, kind: str = "research", **fields: object) -> Persona:
    pid = slugify(name)
    defaults: dict[str, object] = {
        "role": f"{name}'s role",
        "goals": [f"{name} wants to get it done quickly"],
        "pain_points": [f"{name} hates waiting"],
        "behaviours": ["Compares options online"],
        "channels": ["App", "Email"],
        "quote": f"I just want it to work, says {name}.",
        "owner": "CX Research",
        "last_reviewed": date(2026, 9, 1),
        "sources": {"name": SourceRef(sheet="Personas", cell="A2")},
    }
    defaults.update(fields)
    return Persona(id=pid, name=name, kind=kind, **defaults)  # type: ignore[arg-type]


def make_journey(
    name: str,
    persona: Persona | None,
    stages: list[str] | None = None,
    scores: list[float] | None = None,
    sheet: str = "Journey",
    first_row: int = 2,
) -> Journey:
    """A map with every lane filled for every stage; emotion scores on -1..1 (raw on -2..2)."""
    stage_names = stages or STAGES
    pid = persona.id if persona else None
    who = persona.name if persona else "Everyone"
    scores = scores or [0.5, 0.0, -0.5, -1.0, 0.5, 1.0][: len(stage_names)]
    journey = Journey(
        id=f"{slugify(name)}--{pid or 'shared'}",
        name=name,
        persona_id=pid,
        stages=[Stage(id=slugify(s), name=s) for s in stage_names],
        lanes=[Lane(id=kind, name=label, kind=kind) for kind, label in LANES],  # type: ignore[arg-type]
        emotion_scale="-2..2",
        owner="Service design",
        last_reviewed=date(2026, 9, 15),
        sources={"map": SourceRef(sheet=sheet, cell=f"A{first_row}")},
    )
    for i, stage in enumerate(stage_names):
        row = first_row + i
        for col, (kind, _label) in enumerate(LANES):
            ref = SourceRef(sheet=sheet, cell=f"{chr(ord('D') + col)}{row}")
            if kind == "emotion":
                score = scores[i % len(scores)]
                journey.entries.append(
                    Entry(
                        stage_id=slugify(stage),
                        lane_id=kind,
                        text=f"{score * 2:g}",
                        emotion=Emotion(raw=f"{score * 2:g}", score=score, scale="-2..2"),
                        source=ref,
                    )
                )
            else:
                journey.entries.append(
                    Entry(
                        stage_id=slugify(stage),
                        lane_id=kind,
                        text=f"{who} {kind.replace('_', ' ')} at {stage}",
                        source=ref,
                    )
                )
    return journey


def make_workspace(n_personas: int = 4, diverge: bool = False) -> Workspace:
    """A bank-account workshop: n personas (the second a proto-persona) on one journey.

    With `diverge`, every other persona skips two stages and adds one of their own.
    """
    names = ["Ana Reyes", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak", "Farid Haddad"]
    personas = [
        make_persona(
            names[i % len(names)] + ("" if i < len(names) else f" {i}"),
            kind="proto" if i == 1 else "research",
            empathy_map=EmpathyMap(
                says=["Is this safe?"],
                thinks=["Too many steps"],
                does=["Reads reviews"],
                feels=["Unsure"],
            )
            if i == 0
            else EmpathyMap(),
        )
        for i in range(n_personas)
    ]
    journeys = []
    for i, persona in enumerate(personas):
        stages = STAGES
        if diverge and i % 2 == 1:
            stages = ["Discover", "Ask a friend", "Apply", "First use"]
        journeys.append(make_journey("Open an account", persona, stages, first_row=2 + i * 6))
    return Workspace(
        title="Retail banking workshop",
        source_file="bank.xlsx",
        personas=personas,
        journeys=journeys,
        connections=[
            Connection(
                persona_id=p.id, journey_id=j.id, owner="CX lead", last_reviewed=date(2026, 9, 20)
            )
            for p, j in zip(personas, journeys, strict=False)
        ],
        review_every_days=90,
    )
