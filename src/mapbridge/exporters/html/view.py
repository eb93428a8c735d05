"""The page's content as plain data: what the template lays out, computed from the model.

Nothing here writes HTML: every string is the workshop's text (or mapbridge's own words) and the
template escapes it. The layout follows the other exporters: per journey the layout rule
(`decide_layouts`) says whether its personas share their stages; if so the journey is ONE grid
where each cell lists every persona's items in the persona's colour (text several personas wrote
shown once, "Shared by N"), else a grid per persona map. Maps with no persona get a grid of
their own either way. Each map's cells come from its `CellIndex`, built once.

Persona colours are used as edges, swatches and curves; where one is text it is darkened until
it reaches WCAG AA (4.5 : 1) on every background the page puts it on (`readable`), and curves
until 3 : 1 (non-text contrast).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mapbridge.contrast import mix, ratio
from mapbridge.emotion import NUMERIC_SCALES
from mapbridge.errors import SEVERITY_ORDER, Problem
from mapbridge.exporters.comparison import lanes_of
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, LayoutDecision, decide_layouts
from mapbridge.model import (
    CellIndex,
    Entry,
    Journey,
    Lane,
    Persona,
    SourceRef,
    Workspace,
    kind_label,
    slugify,
)
from mapbridge.palette import SHARED_COLOUR, persona_colours

#: Backgrounds persona text sits on (page, bands, pain and gain tints, label column).
TEXT_BACKGROUNDS = ("FFFFFF", "F8FAFC", "F3F5F8", "FDECEC", "E7F6EC", "EEF2F7")
#: WCAG AA for normal text, and for graphics (curves, edges) against their background.
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0

#: The curve band: height and the room above +1 and below -1, in px (the SVG's own units).
CURVE_HEIGHT = 168
CURVE_PAD = 22
#: Width of one column in the curve path's viewBox (the SVG is stretched to the columns).
COLUMN_UNITS = 100

MODE_LABELS = {
    "layered": "Layered: one map, a layer per persona",
    "separate": "Separate maps, one per persona",
    "single": "Single map",
}

_PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


# ----------------------------------------------------------------------------------- colour


def readable(colour: str, backgrounds: Sequence[str], target: float = TEXT_CONTRAST) -> str:
    """`colour` darkened (keeping its hue) just enough to reach `target` on every background."""
    for step in range(21):
        candidate = mix(colour, "000000", step / 20)
        if min(ratio(candidate, bg) for bg in backgrounds) >= target:
            return candidate
    return "000000"


def _hex(colour: str) -> str:
    """A palette colour as hex without '#'; anything else (never from mapbridge) is grey."""
    colour = colour.lstrip("#")
    return colour.upper() if _HEX.match(colour) else SHARED_COLOUR


# ----------------------------------------------------------------------------------- text


def format_date(value: date | None) -> str:
    """3 Dec 2026 (as on the deck)."""
    return f"{value.day} {value:%b %Y}" if value else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def source_text(workspace: Workspace, source: SourceRef | None) -> str:
    """`bank.xlsx › Journey rows!C7`; a board element `board.excalidraw › frame › element`."""
    if source is None:
        return workspace.source_file or ""
    return " › ".join(p for p in (workspace.source_file or "", str(source)) if p)


def _number(value: float) -> str:
    return f"{value:g}".replace("-", "−")


# ----------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ReviewView:
    """Who keeps an item and when it was (and is next to be) reviewed, as the page says it."""

    owner: str
    last_reviewed: str
    next_due: str
    overdue: bool

    @property
    def known(self) -> bool:
        return bool(self.owner or self.last_reviewed)


@dataclass(frozen=True)
class PersonaView:
    """A persona as the page shows it; `key` is its id in the DOM (the model's id when plain)."""

    key: str
    name: str
    kind: str
    kind_tag: str
    #: The badge next to the name ("Proto-persona: hypothesis, not yet validated"); "" for research.
    badge: str
    role: str
    colour: str
    ink: str
    line: str
    tint: str
    short: str
    description: str = ""
    goals: list[str] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    motivations: list[str] = field(default_factory=list)
    behaviours: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    quote: str = ""
    demographics: list[tuple[str, str]] = field(default_factory=list)
    empathy: list[tuple[str, list[str]]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    review: ReviewView | None = None
    source: str = ""
    maps: int = 0

    @property
    def lists(self) -> list[tuple[str, list[str]]]:
        """The profile's lists that have content, in reading order."""
        named = [
            ("Goals", self.goals),
            ("Pain points", self.pain_points),
            ("Motivations", self.motivations),
            ("Behaviours", self.behaviours),
        ]
        return [(title, items) for title, items in named if items]

    @property
    def has_profile(self) -> bool:
        return bool(
            self.description
            or self.lists
            or self.channels
            or self.quote
            or self.empathy
            or self.demographics
            or self.extra
        )


@dataclass(frozen=True)
class Item:
    """One piece of content in a cell: its text, whose it is, and the cell(s) it came from."""

    text: str
    persona_keys: tuple[str, ...]
    sources: tuple[str, ...]
    step: str = ""
    #: The persona names (screen readers, and the label of a shared item).
    names: tuple[str, ...] = ()
    #: CSS colour(s) of the item's edge: one persona's colour, or each sharer's stacked.
    edge: str = ""
    #: A shared item's sharers and their edge colours ("ana-reyes:1F77B4 ben-okafor:D95F02"),
    #: so the script can restack the edge from the sharers still shown.
    edge_parts: str = ""
    #: Show the owner's short name on the item (a layered grid mixes personas in one cell).
    tagged: bool = False
    #: The owner's short name (first name) shown on a tagged item.
    short: str = ""
    #: The owner's colour darkened for text (its short name), as hex without '#'.
    ink: str = ""

    @property
    def persona(self) -> str:
        return self.persona_keys[0] if len(self.persona_keys) == 1 else ""

    @property
    def shared(self) -> bool:
        return len(self.persona_keys) > 1

    @property
    def source(self) -> str:
        return "; ".join(s for s in self.sources if s)


@dataclass(frozen=True)
class Cell:
    stage_id: str
    step: str | None
    lane_id: str
    items: list[Item]


@dataclass(frozen=True)
class Column:
    """A column of a grid: a stage, or one step of it."""

    stage_id: str
    stage_name: str
    step: str | None = None


@dataclass(frozen=True)
class StageHead:
    """A stage header spanning its columns; `note` says who goes through it when not everyone."""

    stage_id: str
    name: str
    span: int
    note: str = ""


@dataclass(frozen=True)
class Dot:
    x: float  # percent of the band's width
    y: float  # px from the band's top
    title: str
    colour: str


@dataclass(frozen=True)
class Curve:
    """One persona's (or a shared map's) curve: the path in viewBox units and its dots."""

    persona: str
    name: str
    colour: str
    path: str
    dots: list[Dot]
    dashed: bool = False


@dataclass(frozen=True)
class CurveBand:
    """An emotion lane drawn as curves over the columns, with a zero line and scale labels."""

    dom_id: str
    columns: int
    curves: list[Curve]
    scale: list[tuple[float, str]]
    label: str
    description: str
    height: int = CURVE_HEIGHT

    @property
    def width_units(self) -> int:
        return self.columns * COLUMN_UNITS

    @property
    def zero_y(self) -> float:
        return _score_y(0.0)

    @property
    def gridlines(self) -> list[float]:
        """Where the columns meet, as percent of the band's width."""
        return [100 * i / self.columns for i in range(1, self.columns)]


@dataclass(frozen=True)
class LaneRow:
    """A lane of a grid: its cells, and for an emotion lane the curve band above its values."""

    lane_id: str
    dom_id: str
    name: str
    kind: str
    cells: list[Cell]
    curve: CurveBand | None = None
    variant: str = ""

    @property
    def controls(self) -> str:
        """The rows its toggle collapses: the lane, and an emotion lane's values row."""
        return f"{self.dom_id} {self.dom_id}-values" if self.curve else self.dom_id

    @property
    def empty(self) -> bool:
        return not any(cell.items for cell in self.cells)


@dataclass(frozen=True)
class Grid:
    """One map on the page: a header, stage (and step) headers, the lanes, a footer."""

    dom_id: str
    title: str
    subtitle: str
    persona: PersonaView | None
    layered: bool
    columns: list[Column]
    stages: list[StageHead]
    lanes: list[LaneRow]
    legend: list[PersonaView] = field(default_factory=list)
    footer: str = ""
    note: str = ""

    @property
    def has_steps(self) -> bool:
        return any(c.step for c in self.columns)

    @property
    def column_count(self) -> int:
        return max(1, len(self.columns))


@dataclass(frozen=True)
class JourneyView:
    key: str
    name: str
    mode: str
    mode_label: str
    reason: str
    grids: list[Grid]


@dataclass(frozen=True)
class OverviewMap:
    """A persona's map of one journey in the overview matrix."""

    mapped: bool
    review: ReviewView | None = None


@dataclass(frozen=True)
class OverviewRow:
    persona: PersonaView | None  # None: the shared maps (no persona)
    maps: list[OverviewMap]


@dataclass(frozen=True)
class FindingView:
    code: str
    name: str
    severity: str
    severity_label: str
    message: str
    hint: str
    location: str


@dataclass(frozen=True)
class Page:
    """Everything the template shows."""

    title: str
    source_file: str
    date: str
    date_iso: str
    personas: list[PersonaView]
    journeys: list[JourneyView]
    overview: list[OverviewRow]
    findings: list[FindingView] | None
    map_count: int

    @property
    def counts(self) -> str:
        return (
            f"{_plural(len(self.personas), 'persona')} · "
            f"{_plural(len(self.journeys), 'journey')} · {_plural(self.map_count, 'map')}"
        )

    @property
    def findings_summary(self) -> str:
        if self.findings is None:
            return "The map-health checks were not run for this page."
        if not self.findings:
            return "No findings: personas and maps look healthy."
        counts = [
            (label, sum(1 for f in self.findings if f.severity == severity))
            for severity, label in (("error", "error"), ("warning", "warning"), ("info", "note"))
        ]
        detail = ", ".join(_plural(n, label) for label, n in counts if n)
        return f"{_plural(len(self.findings), 'finding')} from mapbridge check: {detail}."


# ----------------------------------------------------------------------------------- building


class _Keys:
    """DOM-safe, unique keys for persona ids (the id itself when it is already plain)."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, persona_id: str) -> str:
        found = self._keys.get(persona_id)
        if found is None:
            base = persona_id if _PLAIN_ID.match(persona_id) else slugify(persona_id)
            found, n = base, 2
            while found in self._used:
                found, n = f"{base}-{n}", n + 1
            self._keys[persona_id] = found
            self._used.add(found)
        return found


def _review(review, today: date) -> ReviewView:
    due = review.next_due
    return ReviewView(
        owner=review.owner,
        last_reviewed=format_date(review.last_reviewed),
        next_due=format_date(due),
        overdue=review.overdue(today),
    )


def _persona_view(
    workspace: Workspace,
    persona: Persona,
    key: str,
    colour: str,
    today: date,
) -> PersonaView:
    label = kind_label(persona.kind)
    empathy = [
        (title, items)
        for title, items in (
            ("Says", persona.empathy_map.says),
            ("Thinks", persona.empathy_map.thinks),
            ("Does", persona.empathy_map.does),
            ("Feels", persona.empathy_map.feels),
        )
        if items
    ]
    return PersonaView(
        key=key,
        name=persona.name,
        kind=persona.kind,
        kind_tag=label.tag,
        badge=label.badge,
        role=persona.role,
        colour=colour,
        ink=readable(colour, TEXT_BACKGROUNDS),
        line=readable(colour, ("FFFFFF", "F8FAFC"), GRAPHIC_CONTRAST),
        tint=mix(colour, "FFFFFF", 0.9),
        short=persona.name.split()[0] if persona.name.split() else persona.name,
        description=persona.description,
        goals=list(persona.goals),
        pain_points=list(persona.pain_points),
        motivations=list(persona.motivations),
        behaviours=list(persona.behaviours),
        channels=list(persona.channels),
        quote=persona.quote,
        demographics=list(persona.demographics.items()),
        empathy=empathy,
        extra=list(persona.extra.items()),
        review=_review(workspace.review_of(persona), today),
        source=source_text(workspace, persona.source),
        maps=len(workspace.maps_for(persona.id)),
    )


def _unknown_persona(persona_id: str, key: str) -> PersonaView:
    """A map names a persona the workspace does not list: shown (and filtered) by its id."""
    label = kind_label("unspecified")
    colour = SHARED_COLOUR
    return PersonaView(
        key=key,
        name=persona_id,
        kind="unspecified",
        kind_tag=label.tag,
        badge=label.badge,
        role="",
        colour=colour,
        ink=readable(colour, TEXT_BACKGROUNDS),
        line=readable(colour, ("FFFFFF", "F8FAFC"), GRAPHIC_CONTRAST),
        tint=mix(colour, "FFFFFF", 0.9),
        short=persona_id,
    )


#: How far apart (viewBox units) the curves of a layered band are drawn, so equal scores of
#: several personas show as parallel lines rather than one.
CURVE_SPREAD = 3.0


def _score_y(score: float) -> float:
    """Where a score (-1..+1) sits in the band: +1 at the top pad, -1 at the bottom pad."""
    return round(CURVE_PAD + (1.0 - score) / 2.0 * (CURVE_HEIGHT - 2 * CURVE_PAD), 2)


def _path(points: list[tuple[int, float, float]]) -> str:
    """A smooth path (viewBox units) through (column, x, y) points, level at each point.

    A column with no score between two points breaks the line: each run of neighbouring
    scored columns is its own subpath (its own `M`), as the deck leaves a gap in the curve.
    """
    parts: list[str] = []
    previous: tuple[int, float, float] | None = None
    run = 0
    for column, x, y in points:
        if previous is None or column != previous[0] + 1:
            if previous is not None and run == 1:
                parts.append(f"L{previous[1]:g} {previous[2]:g}")
            parts.append(f"M{x:g} {y:g}")
            run = 1
        else:
            _c, xa, ya = previous
            half = (x - xa) / 2
            parts.append(f"C{xa + half:g} {ya:g} {x - half:g} {y:g} {x:g} {y:g}")
            run += 1
        previous = (column, x, y)
    if previous is not None and run == 1:
        parts.append(f"L{previous[1]:g} {previous[2]:g}")
    return " ".join(parts)


def _scale_labels(journeys: Sequence[Journey]) -> list[tuple[float, str]]:
    """(y, label) for the top, zero line and bottom of the band, in the map's own scale."""
    scales = {j.emotion_scale for j in journeys if j.emotion_scale}
    scale = scales.pop() if len(scales) == 1 else None
    if scale in NUMERIC_SCALES:
        low, high = NUMERIC_SCALES[scale]
        middle = (low + high) / 2
        top = f"+{_number(high)}" if low < 0 else _number(high)
        return [(_score_y(1), top), (_score_y(0), _number(middle)), (_score_y(-1), _number(low))]
    return [(_score_y(1), "positive"), (_score_y(0), "neutral"), (_score_y(-1), "negative")]


@dataclass
class _Builder:
    workspace: Workspace
    today: date
    personas: dict[str, PersonaView]
    grid_count: int = 0

    def persona_of(self, journey: Journey) -> PersonaView | None:
        return self.personas.get(journey.persona_id) if journey.persona_id else None

    def next_grid_id(self) -> str:
        self.grid_count += 1
        return f"map-{self.grid_count}"

    def item(self, entry: Entry, persona: PersonaView | None, *, tagged: bool = False) -> Item:
        step = entry.step or ""
        return Item(
            text=entry.text,
            persona_keys=(persona.key,) if persona else (),
            sources=(source_text(self.workspace, entry.source),),
            step=step if tagged else "",
            names=(persona.name,) if persona else (),
            edge=f"#{persona.colour}" if persona else "",
            tagged=tagged,
            short=persona.short if persona and tagged else "",
            ink=persona.ink if persona else "",
        )

    def footer(self, journey: Journey) -> str:
        review = self.workspace.review_of(journey)
        parts = (
            self.workspace.source_file or "",
            journey.source.sheet if journey.source else "",
            f"owner {review.owner}" if review.owner else "",
            f"last reviewed {format_date(review.last_reviewed)}" if review.last_reviewed else "",
        )
        return " · ".join(p for p in parts if p)

    # ---------------------------------------------------------------- one map's grid

    def map_grid(self, journey: Journey) -> Grid:
        persona = self.persona_of(journey)
        cells = journey.cell_index()
        columns = [
            Column(stage.id, stage.name, step.name if step else None)
            for stage, step in cells.columns()
        ]
        stages = [
            StageHead(stage.id, stage.name, cells.span(stage.id))
            for stage in _unique_stages(journey)
            if cells.span(stage.id)
        ]
        grid_id = self.next_grid_id()
        lanes: list[LaneRow] = []
        for n, lane in enumerate(_unique_lanes(journey.lanes), start=1):
            row_cells = [
                Cell(
                    column.stage_id,
                    column.step,
                    lane.id,
                    [
                        self.item(entry, persona)
                        for entry in cells.cell(column.stage_id, column.step, lane.id)
                        if entry.text
                    ],
                )
                for column in columns
            ]
            dom_id = f"{grid_id}-lane-{n}"
            curve = None
            if lane.kind == "emotion":
                curve = self.map_curve(cells, lane, columns, persona, dom_id)
            lanes.append(
                LaneRow(lane.id, dom_id, lane.name, lane.kind, row_cells, curve, lane.variant or "")
            )
        if persona is not None:
            title = persona.name
            subtitle = " · ".join(p for p in (persona.role, f"{journey.name}: journey map") if p)
        else:
            title = "All personas (shared map)"
            subtitle = f"{journey.name}: journey map"
        return Grid(
            dom_id=grid_id,
            title=title,
            subtitle=subtitle,
            persona=persona,
            layered=False,
            columns=columns,
            stages=stages,
            lanes=lanes,
            footer=self.footer(journey),
        )

    def map_curve(
        self,
        cells: CellIndex,
        lane: Lane,
        columns: list[Column],
        persona: PersonaView | None,
        dom_id: str,
    ) -> CurveBand:
        index = {(c.stage_id, c.step): i for i, c in enumerate(columns)}
        colour = persona.line if persona else readable(SHARED_COLOUR, ("FFFFFF",), 3.0)
        name = persona.name if persona else "All personas"
        points: list[tuple[int, float, float]] = []
        dots: list[Dot] = []
        spoken: list[str] = []
        for stage_id, step, score in cells.emotion_points(lane.id):
            i = index.get((stage_id, step))
            if i is None:
                continue
            column = columns[i]
            raw = ", ".join(
                e.emotion.raw for e in cells.cell(stage_id, step, lane.id) if e.emotion is not None
            )
            where = column.stage_name + (f" › {step}" if step else "")
            x = (i + 0.5) * COLUMN_UNITS
            points.append((i, x, _score_y(score)))
            dots.append(
                Dot(
                    round(100 * (i + 0.5) / len(columns), 3),
                    _score_y(score),
                    f"{name} · {where}: {raw}",
                    colour,
                )
            )
            spoken.append(f"{where} {raw}")
        curve = Curve(
            persona.key if persona else "",
            name,
            colour,
            _path(points),
            dots,
            dashed=lane.variant == "to-be",
        )
        label = lane.name + (f" ({lane.variant})" if lane.variant else "")
        description = f"{name}: " + ("; ".join(spoken) if spoken else "no values")
        return CurveBand(
            dom_id=f"{dom_id}-curve",
            columns=max(1, len(columns)),
            curves=[curve] if dots else [],
            scale=_scale_labels([cells.journey]),
            label=f"{label} curve",
            description=description + ".",
        )

    # ---------------------------------------------------------------- the layered grid

    def layered_grid(self, decision: LayoutDecision, maps: list[Journey]) -> Grid:
        """Every persona map of a journey in one grid: the stages of all of them, in order."""
        indexes = [j.cell_index() for j in maps]
        owners = [self.persona_of(j) for j in maps]
        stages = _union_stages(maps)
        columns = [Column(sid, name) for sid, name in stages]
        heads = []
        for sid, name in stages:
            who = [p.name for j, p in zip(maps, owners, strict=True) if p and j.stage(sid)]
            note = "" if len(who) == len(maps) else "Only " + ", ".join(who)
            heads.append(StageHead(sid, name, 1, note))
        grid_id = self.next_grid_id()
        lanes: list[LaneRow] = []
        for n, lane in enumerate(lanes_of(maps), start=1):
            dom_id = f"{grid_id}-lane-{n}"
            row_cells = [
                Cell(sid, None, lane.id, self.layered_items(indexes, owners, sid, lane))
                for sid, _name in stages
            ]
            curve = None
            if lane.kind == "emotion":
                curve = self.layered_curve(indexes, owners, lane, columns, dom_id)
            lanes.append(
                LaneRow(lane.id, dom_id, lane.name, lane.kind, row_cells, curve, lane.variant or "")
            )
        legend = [p for p in owners if p is not None]
        left_out = sorted({s for names in decision.left_out.values() for s in names})
        note = (
            f"Stages not every persona goes through are marked: {', '.join(left_out)}."
            if left_out
            else ""
        )
        return Grid(
            dom_id=grid_id,
            title=f"{decision.journey_name}: all personas",
            subtitle=f"{_plural(len(legend), 'persona')} on one map · a layer per persona",
            persona=None,
            layered=True,
            columns=columns,
            stages=heads,
            lanes=lanes,
            legend=legend,
            footer=" · ".join(
                p
                for p in (
                    self.workspace.source_file or "",
                    maps[0].source.sheet if maps[0].source else "",
                )
                if p
            ),
            note=note,
        )

    def layered_items(
        self,
        indexes: list[CellIndex],
        owners: list[PersonaView | None],
        stage_id: str,
        lane: Lane,
    ) -> list[Item]:
        """A stage's items across personas: text several personas wrote once ("Shared by N",
        first), then each persona's own, in persona order. Emotion values are never merged."""
        groups: dict[str, list[tuple[Entry, PersonaView | None]]] = {}
        order: list[str] = []
        for cells, owner in zip(indexes, owners, strict=True):
            if cells.lane(lane.id) is None:
                continue
            for n, entry in enumerate(cells.stage_cell(stage_id, lane.id)):
                if not entry.text.strip():
                    continue
                key = _norm(entry.text) or entry.text
                if lane.kind == "emotion" or entry.step:
                    key = f"{owner.key if owner else ''}\x00{n}\x00{key}"
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                if all(o is not owner for _e, o in groups[key]):
                    groups[key].append((entry, owner))
        shared: list[Item] = []
        own: list[Item] = []
        for key in order:
            members = groups[key]
            entry, owner = members[0]
            if len(members) == 1:
                own.append(self.item(entry, owner, tagged=True))
                continue
            people = [o for _e, o in members if o is not None]
            shared.append(
                Item(
                    text=entry.text,
                    persona_keys=tuple(p.key for p in people),
                    sources=tuple(source_text(self.workspace, e.source) for e, _o in members),
                    names=tuple(p.name for p in people),
                    edge=_stacked(p.colour for p in people),
                    edge_parts=" ".join(f"{p.key}:{p.colour}" for p in people),
                    tagged=True,
                )
            )
        return shared + own

    def layered_curve(
        self,
        indexes: list[CellIndex],
        owners: list[PersonaView | None],
        lane: Lane,
        columns: list[Column],
        dom_id: str,
    ) -> CurveBand:
        """Every persona's curve over the grid's stages (a stage's steps averaged)."""
        curves: list[Curve] = []
        spoken: list[str] = []
        layered = sum(1 for owner in owners if owner is not None)
        for k, (cells, owner) in enumerate(zip(indexes, owners, strict=True)):
            own = cells.lane(lane.id)
            if own is None or owner is None:
                continue
            # Personas with the same score would draw one line over another: each curve sits a
            # little above or below the others (CURVE_SPREAD units apart), so every one shows.
            shift = (k - (layered - 1) / 2) * CURVE_SPREAD
            scores = cells.stage_scores(own.id)
            points: list[tuple[int, float, float]] = []
            dots: list[Dot] = []
            said: list[str] = []
            for i, column in enumerate(columns):
                score = scores.get(column.stage_id)
                if score is None:
                    continue
                raw = ", ".join(
                    e.emotion.raw
                    for e in cells.stage_cell(column.stage_id, own.id)
                    if e.emotion is not None
                )
                y = round(_score_y(score) + shift, 2)
                points.append((i, (i + 0.5) * COLUMN_UNITS, y))
                dots.append(
                    Dot(
                        round(100 * (i + 0.5) / len(columns), 3),
                        y,
                        f"{owner.name} · {column.stage_name}: {raw}",
                        owner.line,
                    )
                )
                said.append(f"{column.stage_name} {raw}")
            if dots:
                curves.append(
                    Curve(
                        owner.key,
                        owner.name,
                        owner.line,
                        _path(points),
                        dots,
                        dashed=lane.variant == "to-be",
                    )
                )
                spoken.append(f"{owner.name}: {', '.join(said)}")
        label = lane.name + (f" ({lane.variant})" if lane.variant else "")
        return CurveBand(
            dom_id=f"{dom_id}-curve",
            columns=max(1, len(columns)),
            curves=curves,
            scale=_scale_labels([c.journey for c in indexes]),
            label=f"{label} curves, one per persona",
            description=("; ".join(spoken) or "no values") + ".",
        )


def _stacked(colours) -> str:
    """A vertical gradient of hard colour bands: a shared item's edge shows every sharer."""
    colours = [f"#{c}" for c in colours]
    if len(colours) == 1:
        return colours[0]
    step = 100 / len(colours)
    stops = ", ".join(f"{c} {i * step:.2f}% {(i + 1) * step:.2f}%" for i, c in enumerate(colours))
    return f"linear-gradient(to bottom, {stops})"


def _unique_stages(journey: Journey):
    seen: set[str] = set()
    for stage in journey.stages:
        if stage.id not in seen:
            seen.add(stage.id)
            yield stage


def _unique_lanes(lanes: list[Lane]) -> list[Lane]:
    seen: set[str] = set()
    found = []
    for lane in lanes:
        if lane.id not in seen:
            seen.add(lane.id)
            found.append(lane)
    return found


def _union_stages(maps: list[Journey]) -> list[tuple[str, str]]:
    """Every stage of the maps once, in order: the first map's, then each other map's own
    stages after the stage that comes before them on that map."""
    order: list[tuple[str, str]] = []
    seen: set[str] = set()
    for journey in maps:
        previous: str | None = None
        for stage in journey.stages:
            if stage.id in seen:
                previous = stage.id
                continue
            at = (
                next(i for i, (sid, _n) in enumerate(order) if sid == previous) + 1
                if previous is not None
                else 0
            )
            order.insert(at, (stage.id, stage.name))
            seen.add(stage.id)
            previous = stage.id
    return order


def _finding(problem: Problem) -> FindingView:
    labels = {"error": "Error", "warning": "Warning", "info": "Note"}
    return FindingView(
        code=problem.code,
        name=problem.name,
        severity=problem.severity,
        severity_label=labels.get(problem.severity, problem.severity.capitalize()),
        message=problem.message,
        hint=problem.hint,
        location=problem.location,
    )


def build_page(
    workspace: Workspace,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    today: date | None = None,
    findings: Sequence[Problem] | None = None,
) -> Page:
    """The page's content for a workspace (see the module's docstring)."""
    today = today or date.today()
    colours = persona_colours(workspace)
    keys = _Keys()
    personas: dict[str, PersonaView] = {}
    for persona in workspace.personas:
        if persona.id not in personas:
            colour = _hex(colours.get(persona.id, SHARED_COLOUR))
            personas[persona.id] = _persona_view(
                workspace, persona, keys(persona.id), colour, today
            )
    for journey in workspace.journeys:
        pid = journey.persona_id
        if pid is not None and pid not in personas:
            personas[pid] = _unknown_persona(pid, keys(pid))
    builder = _Builder(workspace, today, personas)
    decisions = {d.journey_key: d for d in decide_layouts(workspace, threshold=overlap_threshold)}
    groups = workspace.journey_groups()
    journeys: list[JourneyView] = []
    for key, maps in groups.items():
        decision = decisions[key]
        persona_maps = [j for j in maps if j.persona_id is not None]
        shared_maps = [j for j in maps if j.persona_id is None]
        grids: list[Grid] = []
        if decision.layered and len(persona_maps) > 1:
            grids.append(builder.layered_grid(decision, persona_maps))
        else:
            grids.extend(builder.map_grid(j) for j in persona_maps)
        grids[0:0] = [builder.map_grid(j) for j in shared_maps]
        journeys.append(
            JourneyView(
                key=key,
                name=maps[0].name,
                mode=decision.mode,
                mode_label=MODE_LABELS.get(decision.mode, decision.mode),
                reason=decision.reason,
                grids=grids,
            )
        )
    overview = _overview(workspace, personas, groups, today)
    ordered = (
        None
        if findings is None
        else [
            _finding(p) for p in sorted(findings, key=lambda p: SEVERITY_ORDER.get(p.severity, 9))
        ]
    )
    return Page(
        title=workspace.title,
        source_file=workspace.source_file or "",
        date=format_date(today),
        date_iso=today.isoformat(),
        personas=list(personas.values()),
        journeys=journeys,
        overview=overview,
        findings=ordered,
        map_count=len(workspace.journeys),
    )


def _overview(
    workspace: Workspace,
    personas: dict[str, PersonaView],
    groups: dict[str, list[Journey]],
    today: date,
) -> list[OverviewRow]:
    """A row per persona (and one for shared maps, if any): a cell per journey."""
    rows: list[OverviewRow] = []

    def cell(maps: list[Journey]) -> OverviewMap:
        if not maps:
            return OverviewMap(False)
        return OverviewMap(True, _review(workspace.review_of(maps[0]), today))

    for pid, persona in personas.items():
        rows.append(
            OverviewRow(
                persona, [cell([j for j in g if j.persona_id == pid]) for g in groups.values()]
            )
        )
    if any(j.persona_id is None for j in workspace.journeys):
        rows.append(
            OverviewRow(
                None, [cell([j for j in g if j.persona_id is None]) for g in groups.values()]
            )
        )
    return rows
