"""The mapbridge domain model: personas, journey maps and their review information, with no file I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: What a persona rests on: customer research, assumptions (a proto-persona), a customer segment,
#: or "unspecified" when the source never said (shown as "kind not stated", never as research).
PersonaKind = Literal["research", "proto", "segment", "unspecified"]

LaneKind = Literal[
    "actions",
    "touchpoints",
    "channels",
    "thoughts",
    "feelings",
    "emotion",
    "pain_points",
    "opportunities",
    "backstage",
    "metrics",
    "owners",
    "custom",
]

#: Lane kinds in the order a map shows them when the workbook does not say otherwise.
LANE_KINDS: tuple[str, ...] = LaneKind.__args__  # type: ignore[attr-defined]

#: How each lane kind is labelled when the workbook gives no label of its own.
LANE_LABELS: dict[str, str] = {
    "actions": "Actions",
    "touchpoints": "Touchpoints",
    "channels": "Channels",
    "thoughts": "Thoughts",
    "feelings": "Feelings",
    "emotion": "Emotion",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "backstage": "Backstage",
    "metrics": "Metrics",
    "owners": "Owners",
    "custom": "Notes",
}

EmotionVariant = Literal["as-is", "to-be"]

#: The emotion scales mapbridge understands; "word" and "face" are per value, not per journey.
EmotionScale = Literal["-2..2", "1..5", "-5..5", "0..10", "word", "face"]


def slugify(text: str) -> str:
    """A stable, readable id made from a name: "Ana Reyes" -> "ana-reyes"."""
    normalised = unicodedata.normalize("NFKD", text)
    ascii_only = normalised.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if slug:
        return slug
    # Names written entirely in a non-Latin script still need a stable id.
    return (
        "u-" + "-".join(f"{ord(ch):x}" for ch in text.strip()[:12]) if text.strip() else "unnamed"
    )


class SourceRef(BaseModel):
    """Where a value came from: a sheet and a cell in A1 notation (the file is the workspace's)."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


class Emotion(BaseModel):
    """An emotion value as typed (a number, a word or a face) and its score on -1..+1."""

    raw: str
    score: float = Field(ge=-1.0, le=1.0)
    scale: EmotionScale


class EmpathyMap(BaseModel):
    """What a persona says, thinks, does and feels."""

    says: list[str] = Field(default_factory=list)
    thinks: list[str] = Field(default_factory=list)
    does: list[str] = Field(default_factory=list)
    feels: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.says or self.thinks or self.does or self.feels)


class Persona(BaseModel):
    """A behavioural archetype of a customer, as the workshop described it.

    `sources` maps a field name ("name", "goals", "extra.Favourite app", ...) to the cell it
    was read from, so messages and speaker notes can point back to the workbook.
    """

    id: str
    name: str
    kind: PersonaKind = "unspecified"
    role: str = ""
    description: str = ""
    goals: list[str] = Field(default_factory=list)
    pain_points: list[str] = Field(default_factory=list)
    motivations: list[str] = Field(default_factory=list)
    behaviours: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    quote: str = ""
    demographics: dict[str, str] = Field(default_factory=dict)
    empathy_map: EmpathyMap = Field(default_factory=EmpathyMap)
    owner: str = ""
    last_reviewed: date | None = None
    last_updated: date | None = None
    review_every_days: int | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    sources: dict[str, SourceRef] = Field(default_factory=dict)

    @property
    def source(self) -> SourceRef | None:
        """The cell that names this persona."""
        return self.sources.get("name")

    @property
    def is_proto(self) -> bool:
        return self.kind == "proto"


class Step(BaseModel):
    """A step inside a stage (a sub-column of the map)."""

    name: str
    source: SourceRef | None = None


class Stage(BaseModel):
    """A column of a journey map: a phase the persona goes through, in order."""

    id: str
    name: str
    description: str = ""
    steps: list[Step] = Field(default_factory=list)
    source: SourceRef | None = None


class Lane(BaseModel):
    """A row of a journey map: what kind of content it holds and the label the workshop gave it."""

    id: str
    name: str
    kind: LaneKind = "custom"
    variant: EmotionVariant | None = None
    source: SourceRef | None = None


class Entry(BaseModel):
    """The content of one cell of a map: a stage (and optionally a step) in one lane.

    `shared` marks content that came from a row meant for every persona of the journey.
    """

    stage_id: str
    step: str | None = None
    lane_id: str
    text: str
    emotion: Emotion | None = None
    shared: bool = False
    source: SourceRef | None = None


class Journey(BaseModel):
    """One journey map: a persona's (or, with no persona, everyone's) experience across stages.

    Maps with the same `name` belong to the same journey seen by different personas; they may
    have different stage sets, which is what decides between layered and separate maps.
    """

    id: str
    name: str
    persona_id: str | None = None
    stages: list[Stage] = Field(default_factory=list)
    lanes: list[Lane] = Field(default_factory=list)
    entries: list[Entry] = Field(default_factory=list)
    emotion_scale: EmotionScale | None = None
    owner: str = ""
    last_reviewed: date | None = None
    last_updated: date | None = None
    review_every_days: int | None = None
    sources: dict[str, SourceRef] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        """Groups the persona maps of one journey."""
        return slugify(self.name)

    @property
    def source(self) -> SourceRef | None:
        """The sheet/cell where this map starts (its title, or its first row)."""
        return self.sources.get("map")

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def lane(self, lane_id: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.id == lane_id), None)

    def entries_at(self, stage_id: str, lane_id: str, step: str | None = None) -> list[Entry]:
        """Entries of one cell. With step None, every entry of the stage in that lane."""
        return [
            e
            for e in self.entries
            if e.stage_id == stage_id and e.lane_id == lane_id and (step is None or e.step == step)
        ]

    def emotion_lanes(self) -> list[Lane]:
        return [lane for lane in self.lanes if lane.kind == "emotion"]

    def emotion_points(self, lane_id: str | None = None) -> list[tuple[str, str | None, float]]:
        """The emotion curve as (stage id, step or None, score) in map order.

        Uses the given emotion lane, else the first one (the as-is curve when both exist).
        Several scores for the same stage and step are averaged.
        """
        lanes = self.emotion_lanes()
        if lane_id is None:
            if not lanes:
                return []
            lane_id = lanes[0].id
        # One pass over the entries, then one lookup per column: linear in the map's size.
        scores: dict[tuple[str, str | None], list[float]] = {}
        for e in self.entries:
            if e.lane_id == lane_id and e.emotion is not None:
                scores.setdefault((e.stage_id, e.step), []).append(e.emotion.score)
        points: list[tuple[str, str | None, float]] = []
        for stage, step in self.columns():
            found = scores.get((stage.id, step.name if step else None))
            if found:
                points.append((stage.id, step.name if step else None, sum(found) / len(found)))
        return points

    def columns(self) -> Iterator[tuple[Stage, Step | None]]:
        """The map's columns left to right: a stage with no steps is one column.

        A stage with steps is one column per step, plus one for entries of the stage that name
        no step, if there are any.
        """
        loose = {e.stage_id for e in self.entries if e.step is None}
        for stage in self.stages:
            if not stage.steps:
                yield stage, None
                continue
            if stage.id in loose:
                yield stage, None
            for step in stage.steps:
                yield stage, step

    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]


class Connection(BaseModel):
    """The link between a persona and a map built on it, with its own owner and review date."""

    persona_id: str
    journey_id: str
    owner: str = ""
    last_reviewed: date | None = None
    source: SourceRef | None = None


TriggerKind = Literal[
    "product launch", "market shift", "quarterly research cycle", "new research", "other"
]


class Trigger(BaseModel):
    """An event that should cause personas and maps to be reviewed."""

    when: date | None = None
    kind: TriggerKind = "other"
    description: str = ""
    affects: list[str] = Field(default_factory=list)
    done: bool | None = None
    source: SourceRef | None = None


class SourceTable(BaseModel):
    """One table found on a sheet, what mapbridge decided it is, and why (for `inspect --explain`).

    `meanings` maps each header (or row label) as typed to what it was read as ("lane: thoughts",
    "persona field: goals", "stage name", "ignored: ...").
    """

    sheet: str
    range: str
    role: str
    reason: str = ""
    meanings: dict[str, str] = Field(default_factory=dict)


class UnreadRange(BaseModel):
    """Filled cells mapbridge did not read into the model, with the reason it gave."""

    sheet: str
    range: str
    cells: int
    reason: str


class Coverage(BaseModel):
    """How much of what was typed in the source made it into the model.

    `filled_cells` = `read_cells` + the cells of `unread`; a skipped instruction sheet counts as
    reported (it appears in `unread` with its reason).
    """

    filled_cells: int = 0
    read_cells: int = 0
    unread: list[UnreadRange] = Field(default_factory=list)

    @property
    def unread_cells(self) -> int:
        return sum(item.cells for item in self.unread)


class Reading(BaseModel):
    """How a spreadsheet source was read: the tables found and the coverage of its filled cells."""

    tables: list[SourceTable] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)


class Workspace(BaseModel):
    """Everything one workshop produced: personas, journey maps, and how they are kept up to date."""

    title: str
    source_file: str | None = None
    personas: list[Persona] = Field(default_factory=list)
    journeys: list[Journey] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    review_every_days: int | None = None
    #: How a spreadsheet was read (tables, coverage); None for formats that are not spreadsheets.
    reading: Reading | None = None

    def persona(self, persona_id: str | None) -> Persona | None:
        if persona_id is None:
            return None
        return next((p for p in self.personas if p.id == persona_id), None)

    def journey(self, journey_id: str) -> Journey | None:
        return next((j for j in self.journeys if j.id == journey_id), None)

    def journey_groups(self) -> dict[str, list[Journey]]:
        """Persona maps grouped by journey name, in workbook order."""
        groups: dict[str, list[Journey]] = {}
        for journey in self.journeys:
            groups.setdefault(journey.key, []).append(journey)
        return groups

    def maps_for(self, persona_id: str) -> list[Journey]:
        return [j for j in self.journeys if j.persona_id == persona_id]

    def connection(self, persona_id: str, journey_id: str) -> Connection | None:
        return next(
            (
                c
                for c in self.connections
                if c.persona_id == persona_id and c.journey_id == journey_id
            ),
            None,
        )
