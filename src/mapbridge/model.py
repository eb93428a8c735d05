"""The mapbridge domain model: personas, journey maps and their review information, with no file I/O."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

#: What a persona rests on: customer research, assumptions (a proto-persona), a customer segment,
#: or "unspecified" when the source never said (shown as "kind not stated", never as research).
PersonaKind = Literal["research", "proto", "segment", "unspecified"]


@dataclass(frozen=True)
class KindLabel:
    """How one persona kind is named wherever mapbridge shows it (deck, diagrams, tracker, inspect)."""

    #: A short capitalised tag: the deck's overview, layered legend and notes ("Proto-persona").
    tag: str
    #: The kind in a plain listing, lower case, as `inspect` shows it.
    listing: str
    #: What a diagram adds to the persona's name ("Ana (segment)"); "" for research personas,
    #: which need no caution.
    caution: str
    #: The badge on a persona's own slides; "" for research personas.
    badge: str

    @property
    def suffix(self) -> str:
        """What follows the persona's name in a legend: " (segment)"; "" for research personas."""
        return f" ({self.caution})" if self.caution else ""


#: Every persona kind's labels, in the order of `PersonaKind` (the one place they are worded).
PERSONA_KIND_LABELS: dict[str, KindLabel] = {
    "research": KindLabel("Persona", "research", "", ""),
    "proto": KindLabel(
        "Proto-persona",
        "proto-persona (hypothesis)",
        "proto-persona: hypothesis",
        "Proto-persona: hypothesis, not yet validated",
    ),
    "segment": KindLabel("Segment", "segment", "segment", "Segment"),
    "unspecified": KindLabel(
        "Kind not stated", "kind not stated", "kind not stated", "Kind not stated"
    ),
}


def kind_label(kind: str | None) -> KindLabel:
    """The labels of a persona kind; a kind the model does not know reads as "kind not stated"."""
    return PERSONA_KIND_LABELS.get(kind or "unspecified", PERSONA_KIND_LABELS["unspecified"])


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
    "interacts_with",
    "depends_on",
    "caused_by",
    "hands_over_to",
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
    "interacts_with": "Interacts with",
    "depends_on": "Depends on",
    "caused_by": "Caused by",
    "hands_over_to": "Hands over to",
    "custom": "Notes",
}

#: Lane kinds whose cells name other personas: each names a relation from this persona's stage
#: to the persona named (see `mapbridge.interactions`).
RELATION_KINDS: tuple[str, ...] = ("interacts_with", "depends_on", "caused_by", "hands_over_to")

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


def name_key(text: str) -> str:
    """A name as compared, regardless of case, accents, punctuation and spacing: "Chloé  Martin"
    and "chloe-martin" are both "chloe martin". Letters of any script are kept ("Анна" stays)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", plain.casefold().replace("_", " ")))


#: Separators between a persona and a journey in a map's title ("Ana – Onboarding").
TITLE_SEPARATORS = (" – ", " — ", " - ", " | ")


def split_title(title: str) -> tuple[str, str]:
    """(persona part, journey part) of a map title such as "Ana Lima – Onboarding"; ("title",
    "") when it has no separator. Whether the first part is a persona is the caller's to say."""
    for separator in TITLE_SEPARATORS:
        if separator in title:
            left, right = title.split(separator, 1)
            return left.strip(), right.strip()
    return title.strip(), ""


#: A cell or range in A1 notation ("C7", "$B$2", "A1:D9").
_A1 = re.compile(r"^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$")


def place_text(sheet: str, cell: str) -> str:
    """`Journey!C7` for a workbook cell; `Ana – Onboarding › sticky "…" (id …)` for a board element."""
    if _A1.match(cell):
        return f"{sheet}!{cell}"
    return f"{sheet} › {cell}"


def is_board_place(cell: str | None) -> bool:
    """Whether a source's `cell` names a board element (a whiteboard's frame › element), not a cell."""
    return bool(cell) and not _A1.match(cell or "")


class SourceRef(BaseModel):
    """Where a value came from: a sheet and a cell in A1 notation, in the workspace's file (or, in a
    portfolio of several inputs, in `file`).

    On a whiteboard the sheet is the frame (or page) and the cell names the element: its kind,
    text, id and position (`sticky "Call the bank" (id 3f2a9c, at 410,220)`).
    """

    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str
    #: The file of a portfolio input the value was read from (None: the workspace's own file).
    file: str | None = None

    def __str__(self) -> str:
        """`Journey!C7`; in a portfolio `journeys/payments.xlsx: Journey!C7`."""
        place = place_text(self.sheet, self.cell)
        return f"{self.file}: {place}" if self.file else place

    @model_serializer(mode="wrap")
    def _without_no_file(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A single workbook's sources name no file: their JSON stays {"sheet", "cell"}.
        data = handler(self)
        if isinstance(data, dict) and data.get("file") is None:
            data.pop("file", None)
        return data


class Emotion(BaseModel):
    """An emotion value as typed (a number, a word or a face) and its score on -1..+1."""

    raw: str
    score: float = Field(ge=-1.0, le=1.0)
    scale: EmotionScale


#: Review cadence (days) of a persona, map or link when neither it, the workspace nor the caller
#: names one. The checks (MB109, MB110) and the tracker both take it from here.
DEFAULT_REVIEW_EVERY_DAYS = 90


class Review(BaseModel):
    """Who keeps a persona, a map or a persona-map link up to date, and when it is next due.

    `every_days` is the cadence that applies: the item's own, else the default it was given.
    """

    model_config = ConfigDict(frozen=True)

    owner: str = ""
    last_reviewed: date | None = None
    last_updated: date | None = None
    every_days: int = DEFAULT_REVIEW_EVERY_DAYS

    @classmethod
    def of(cls, item: Persona | Journey, default_every: int) -> Review:
        """The review of a persona or a map: its own owner, dates and cadence (else the default)."""
        return cls(
            owner=item.owner,
            last_reviewed=item.last_reviewed,
            last_updated=item.last_updated,
            every_days=item.review_every_days or default_every,
        )

    @property
    def next_due(self) -> date | None:
        """Last reviewed + the cadence; None when never reviewed (the tracker's "Next review due")."""
        if self.last_reviewed is None:
            return None
        return self.last_reviewed + timedelta(days=self.every_days)

    def overdue(self, today: date) -> bool:
        """True when the next review fell before `today` (the tracker's "Overdue", MB109/MB110)."""
        due = self.next_due
        return due is not None and today > due


class EmpathyMap(BaseModel):
    """What a persona says, thinks, does and feels."""

    says: list[str] = Field(default_factory=list)
    thinks: list[str] = Field(default_factory=list)
    does: list[str] = Field(default_factory=list)
    feels: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.says or self.thinks or self.does or self.feels)


#: Persona fields that say who the persona is: a change to one means the maps built on it deserve
#: another look, and a persona with none of them besides its name is only named, not defined.
#: Review bookkeeping (owner, dates, cadence) and source cells are not content.
PERSONA_CONTENT_FIELDS = (
    "name",
    "kind",
    "role",
    "description",
    "goals",
    "pain_points",
    "motivations",
    "behaviours",
    "channels",
    "quote",
    "demographics",
    "empathy_map",
    "extra",
)


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

    @property
    def has_profile(self) -> bool:
        """True when the persona is described (a kind, role, goals...), not only named on a map."""
        return (
            any(
                self.kind != "unspecified" if name == "kind" else bool(getattr(self, name))
                for name in PERSONA_CONTENT_FIELDS
                if name not in ("name", "empathy_map")
            )
            or not self.empathy_map.is_empty()
        )

    def review(self, default_every: int = DEFAULT_REVIEW_EVERY_DAYS) -> Review:
        """This persona's review, its own cadence winning over `default_every`."""
        return Review.of(self, default_every)


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

    `shared` marks content that came from a row meant for every persona of the journey. Where an
    entry shows (and how it counts in the emotion curve) is `CellIndex`'s rule: a `step` its stage
    does not list puts it in the stage's own column.
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

    def review(self, default_every: int = DEFAULT_REVIEW_EVERY_DAYS) -> Review:
        """This map's review, its own cadence winning over `default_every`."""
        return Review.of(self, default_every)

    def cell_index(self) -> CellIndex:
        """The map's cells, indexed in one pass: build it once and ask it many questions."""
        return CellIndex(self)

    def entries_at(self, stage_id: str, lane_id: str, step: str | None = None) -> list[Entry]:
        """Entries of one cell (see `CellIndex`). With step None, every entry of the stage there."""
        cells = CellIndex(self)
        if step is None:
            return list(cells.stage_cell(stage_id, lane_id))
        return list(cells.cell(stage_id, step, lane_id))

    def emotion_lanes(self) -> list[Lane]:
        return [lane for lane in self.lanes if lane.kind == "emotion"]

    def emotion_points(self, lane_id: str | None = None) -> list[tuple[str, str | None, float]]:
        """The emotion curve as (stage id, step or None, score) in map order (see `CellIndex`).

        Uses the given emotion lane, else the first one (the as-is curve when both exist).
        """
        return CellIndex(self).emotion_points(lane_id)

    def columns(self) -> Iterator[tuple[Stage, Step | None]]:
        """The map's columns left to right (see `CellIndex.columns`)."""
        return iter(CellIndex(self).columns())

    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]


_NO_ENTRIES: tuple[Entry, ...] = ()


class CellIndex:
    """What is in each cell of one journey map, from a single pass over its entries.

    The one rule every exporter, check and summary follows (the model's own `entries_at`,
    `columns` and `emotion_points` answer from it too):

    - Columns, left to right: a stage that lists no steps is one column; a stage that lists steps
      is one column per step, after a column of the stage's own when some of its entries belong
      to no listed step.
    - An entry's column is its step's when its stage lists that step, else its stage's own column:
      an entry naming a step the stage does not list is shown there, never dropped.
    - A column's emotion score is the mean of its scored entries, in map order; a stage's score
      is the mean of its columns' scores, so each step counts once however many entries it has.

    Exporters ask about every cell of a map: building the index once keeps them linear in the
    map's size (a scan per cell was minutes for the largest map the importer accepts).
    """

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        listed: dict[str, set[str]] = {}
        for stage in journey.stages:
            listed.setdefault(stage.id, set()).update(step.name for step in stage.steps)
        by_cell: dict[tuple[str, str | None, str], list[Entry]] = {}
        by_stage_lane: dict[tuple[str, str], list[Entry]] = {}
        by_column: dict[tuple[str, str | None], list[Entry]] = {}
        own_column: set[str] = set()
        # The single pass over the entries: everything below is a dictionary lookup.
        for entry in journey.entries:
            step = entry.step if entry.step in listed.get(entry.stage_id, ()) else None
            if step is None:
                own_column.add(entry.stage_id)
            by_cell.setdefault((entry.stage_id, step, entry.lane_id), []).append(entry)
            by_stage_lane.setdefault((entry.stage_id, entry.lane_id), []).append(entry)
            by_column.setdefault((entry.stage_id, step), []).append(entry)
        self._by_cell = by_cell
        self._by_stage_lane = by_stage_lane
        self._by_column = by_column
        self._own_column = own_column
        # First match wins, as in `Journey.stage` and `Journey.lane`.
        self._stages: dict[str, Stage] = {}
        for stage in journey.stages:
            self._stages.setdefault(stage.id, stage)
        self._lanes: dict[str, Lane] = {}
        for lane in journey.lanes:
            self._lanes.setdefault(lane.id, lane)
        self._columns: list[tuple[Stage, Step | None]] | None = None
        self._span: Counter[str] | None = None
        self._stage_columns: dict[str, list[tuple[Stage, Step | None]]] | None = None
        self._points: dict[str, list[tuple[str, str | None, float]]] = {}
        self._stage_scores: dict[str, dict[str, float]] = {}

    def text(self, stage: Stage, step: Step | None, lane: Lane | None) -> str:
        """The text of one cell: every entry of that column in that lane, one per line."""
        if lane is None:
            return ""
        entries = self.cell(stage.id, step.name if step else None, lane.id)
        return "\n".join(e.text for e in entries if e.text)

    def cell(self, stage_id: str, step: str | None, lane_id: str) -> Sequence[Entry]:
        """Entries of one cell, in map order: `step` None is the stage's own column."""
        return self._by_cell.get((stage_id, step, lane_id), _NO_ENTRIES)

    def stage_cell(self, stage_id: str, lane_id: str) -> Sequence[Entry]:
        """Every entry of a stage in a lane, whatever its step, in map order."""
        return self._by_stage_lane.get((stage_id, lane_id), _NO_ENTRIES)

    def column_cells(self, stage_id: str, step: str | None) -> Sequence[Entry]:
        """Every entry of one column (a stage and step, None: its own column), all lanes."""
        return self._by_column.get((stage_id, step), _NO_ENTRIES)

    def stage(self, stage_id: str) -> Stage | None:
        return self._stages.get(stage_id)

    def lane(self, lane_id: str) -> Lane | None:
        return self._lanes.get(lane_id)

    def columns(self) -> list[tuple[Stage, Step | None]]:
        """The map's columns left to right, as (stage, step or None)."""
        if self._columns is None:
            columns: list[tuple[Stage, Step | None]] = []
            for stage in self.journey.stages:
                if not stage.steps or stage.id in self._own_column:
                    columns.append((stage, None))
                columns.extend((stage, step) for step in stage.steps)
            self._columns = columns
        return self._columns

    def span(self, stage_id: str) -> int:
        """How many columns carry this stage id (a stage header spans them)."""
        if self._span is None:
            self._span = Counter(stage.id for stage, _ in self.columns())
        return self._span[stage_id]

    def stage_columns(self, stage_id: str) -> list[tuple[Stage, Step | None]]:
        """The columns that carry this stage id, left to right."""
        if self._stage_columns is None:
            grouped: dict[str, list[tuple[Stage, Step | None]]] = {}
            for stage, step in self.columns():
                grouped.setdefault(stage.id, []).append((stage, step))
            self._stage_columns = grouped
        return self._stage_columns.get(stage_id, [])

    def _emotion_lane(self, lane_id: str | None) -> str | None:
        """The lane a curve is read from: the given one, else the map's first emotion lane."""
        if lane_id is not None:
            return lane_id
        lanes = self.journey.emotion_lanes()
        return lanes[0].id if lanes else None

    def emotion_points(self, lane_id: str | None = None) -> list[tuple[str, str | None, float]]:
        """The emotion curve as (stage id, step or None, column score), columns left to right.

        Uses the given emotion lane, else the first one (the as-is curve when both exist).
        """
        lane_id = self._emotion_lane(lane_id)
        if lane_id is None:
            return []
        found = self._points.get(lane_id)
        if found is None:
            found = []
            for stage, step in self.columns():
                step_name = step.name if step else None
                score = self.column_score(stage.id, step_name, lane_id)
                if score is not None:
                    found.append((stage.id, step_name, score))
            self._points[lane_id] = found
        return list(found)

    def column_score(
        self, stage_id: str, step: str | None, lane_id: str | None = None
    ) -> float | None:
        """One column's emotion score: the mean of its scored entries; None when none is scored."""
        lane_id = self._emotion_lane(lane_id)
        if lane_id is None:
            return None
        scores = [
            e.emotion.score for e in self.cell(stage_id, step, lane_id) if e.emotion is not None
        ]
        return sum(scores) / len(scores) if scores else None

    def stage_scores(self, lane_id: str | None = None) -> dict[str, float]:
        """Each scored stage's emotion score: the mean of its columns' scores, in map order."""
        lane_id = self._emotion_lane(lane_id)
        if lane_id is None:
            return {}
        found = self._stage_scores.get(lane_id)
        if found is None:
            by_stage: dict[str, list[float]] = {}
            for stage_id, _step, score in self.emotion_points(lane_id):
                by_stage.setdefault(stage_id, []).append(score)
            found = {sid: sum(scores) / len(scores) for sid, scores in by_stage.items()}
            self._stage_scores[lane_id] = found
        return found

    def stage_score(self, stage_id: str, lane_id: str | None = None) -> float | None:
        """One stage's emotion score (see `stage_scores`), None when no column of it is scored."""
        return self.stage_scores(lane_id).get(stage_id)


class Connection(BaseModel):
    """The link between a persona and a map built on it, with its own owner and review date."""

    persona_id: str
    journey_id: str
    owner: str = ""
    last_reviewed: date | None = None
    source: SourceRef | None = None

    def review(self, default_every: int = DEFAULT_REVIEW_EVERY_DAYS) -> Review:
        """This link's review: a link names no cadence of its own, so `default_every` applies."""
        return Review(owner=self.owner, last_reviewed=self.last_reviewed, every_days=default_every)


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

    def default_review_every(self, override: int | None = None) -> int:
        """The review cadence (days) of items that name none: `override`, else the workspace's own,
        else `DEFAULT_REVIEW_EVERY_DAYS`."""
        return override or self.review_every_days or DEFAULT_REVIEW_EVERY_DAYS

    def review_of(
        self, item: Persona | Journey | Connection, override: int | None = None
    ) -> Review:
        """The review of a persona, map or link of this workspace (see `default_review_every`)."""
        return item.review(self.default_review_every(override))

    def file_of(self, source: SourceRef | None) -> str:
        """The file a value was read from: its source's (in a portfolio), else the workspace's."""
        return (source.file if source is not None else None) or self.source_file or ""

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
