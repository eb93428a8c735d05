"""What the comparison pages of the diagram exporters share: lanes, stripes, and interaction arrows.

A comparison page (draw.io) or board (Excalidraw) shows every persona of a journey over the
stages they share. What is in each cell comes from the model's `CellIndex`, built once per map.
Links between personas (`mapbridge.interactions`) are drawn there as arrows from one stripe to
another; `interaction_arrows` says which stripes they join, `Router` where each arrow runs (in the
gutters between columns, so arrows and their labels stay off the text), the same way for both
tools.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mapbridge.interactions import Link
from mapbridge.layout import LayoutDecision
from mapbridge.model import CellIndex, Journey, Lane, Workspace, name_key
from mapbridge.palette import SHARED_COLOUR


def lanes_of(maps: list[Journey]) -> list[Lane]:
    """Every lane of the maps, once per id, in the first map's order."""
    lanes: list[Lane] = []
    seen: set[str] = set()
    for journey in maps:
        for lane in journey.lanes:
            if lane.id not in seen:
                lanes.append(lane)
        seen.update(lane.id for lane in journey.lanes)
    return lanes


@dataclass
class Stripe:
    """One sticky of a comparison cell: its text, the colour of its edge and the maps (ids) whose
    text it is. A `chip` is not content: it names the persona an arrow points at, in a cell where
    that persona wrote nothing."""

    colour: str
    text: str
    journey_ids: tuple[str, ...]
    chip: bool = False


def shared_stripes(
    texts: list[tuple[Journey, str]],
    persona_count: int,
    colours: dict[str, str],
    shared_colour: str,
) -> list[Stripe]:
    """The stripes of a comparison cell: one per distinct text, in persona order.

    Text one persona wrote keeps that persona's colour; text several wrote is shown once, in the
    shared colour, marked "shared by N" (or "all N"), so persona-specific content stands out.
    """
    by_text: dict[str, list[Journey]] = {}
    for journey, text in texts:
        if text:
            by_text.setdefault(text, []).append(journey)
    stripes = []
    for text, authors in by_text.items():
        ids = tuple(j.id for j in authors)
        if len(authors) == 1:
            colour = colours.get(authors[0].persona_id or "", shared_colour)
            stripes.append(Stripe(colour, text, ids))
        else:
            who = f"all {len(authors)}" if len(authors) == persona_count else str(len(authors))
            stripes.append(Stripe(shared_colour, f"{text}\n(shared by {who})", ids))
    return stripes


def comparison_cells(
    indexes: list[CellIndex],
    lanes: list[Lane],
    stage_ids: list[str],
    colours: dict[str, str],
    shared_colour: str,
) -> dict[tuple[str, str], list[Stripe]]:
    """The stripes of every (lane id, stage id) cell of a comparison, emotion lanes left out.

    A cell's text per map is every entry of that stage in that lane, steps included.
    """
    cells: dict[tuple[str, str], list[Stripe]] = {}
    for lane in lanes:
        if lane.kind == "emotion":
            continue
        for stage_id in stage_ids:
            texts: list[tuple[Journey, str]] = []
            for index in indexes:
                own = index.lane(lane.id)
                if own is None:
                    continue
                entries = index.stage_cell(stage_id, own.id)
                texts.append((index.journey, "\n".join(e.text for e in entries if e.text)))
            cells[(lane.id, stage_id)] = shared_stripes(texts, len(indexes), colours, shared_colour)
    return cells


#: A stripe of a comparison: its lane id, its stage's index among the page's stages, and its
#: index in that cell.
StripeAt = tuple[str, int, int]


@dataclass(frozen=True)
class Arrow:
    """One link drawn on a comparison: from the source persona's stripe to the target's."""

    link: Link
    source: StripeAt
    target: StripeAt


def interaction_arrows(
    links: list[Link],
    indexes: list[CellIndex],
    lanes: list[Lane],
    stage_ids: list[str],
    cells: dict[tuple[str, str], list[Stripe]],
    who: dict[str, tuple[str, str]],
) -> list[Arrow]:
    """The arrows of the resolved links between maps of a comparison, and the chips they need.

    The source is the source persona's stripe in the relation lane at the source stage. The
    target is the target persona's stripe at the target stage: in the same lane when there is
    one, else in the first lane that has one; else a chip with the persona's name and colour
    (`who`: map id -> (name, colour)), added to the relation lane's cell at the target stage
    (one per persona and cell, shared by the arrows that need it). Links to a stage or a map the
    comparison does not show are left out. `cells` gets the chips.
    """
    by_map = {index.journey.id: index for index in indexes}
    columns = {stage_id: i for i, stage_id in enumerate(stage_ids)}
    arrows: list[Arrow] = []
    for link in links:
        if not link.resolved or link.target_journey_id is None or link.target_stage_id is None:
            continue
        source_map = by_map.get(link.source_journey_id)
        if source_map is None or link.target_journey_id not in by_map:
            continue
        if link.source_stage_id not in columns or link.target_stage_id not in columns:
            continue
        lane_id = _source_lane(link, source_map, lanes, cells)
        if lane_id is None:
            continue
        from_cell = cells[(lane_id, link.source_stage_id)]
        source = next(
            n
            for n, s in enumerate(from_cell)
            if link.source_journey_id in s.journey_ids and not s.chip
        )
        target = _target(link, lane_id, lanes, cells, from_cell[source], who)
        arrows.append(
            Arrow(
                link,
                (lane_id, columns[link.source_stage_id], source),
                (target[0], columns[link.target_stage_id], target[1]),
            )
        )
    return arrows


@dataclass(frozen=True)
class ComparisonPlan:
    """What a comparison page or board shows, the same in every diagram format: the persona maps
    (each indexed once), the shared stages with their names, the lanes, each cell's stripes and
    the arrows between personas."""

    maps: list[Journey]
    indexes: list[CellIndex]
    stage_ids: list[str]
    names: dict[str, str]
    lanes: list[Lane]
    cells: dict[tuple[str, str], list[Stripe]]
    arrows: list[Arrow]


def plan_comparison(
    workspace: Workspace,
    decision: LayoutDecision,
    journeys: list[Journey],
    links: list[Link],
    colours: dict[str, str],
) -> ComparisonPlan:
    """The comparison of a layered journey's persona maps over its shared stages (`colours`:
    each persona's, as the page or board draws them)."""
    maps = [j for j in journeys if j.persona_id in decision.persona_ids]
    # Each map indexed once; the page then looks up every shared stage in every lane.
    indexes = [j.cell_index() for j in maps]
    stage_ids = decision.shared_stage_ids
    names = dict(zip(stage_ids, decision.shared_stage_names, strict=True))
    # Lanes in the first map's order, matched by id (every map of a workbook shares its lanes).
    lanes = lanes_of(maps)
    # One stripe per distinct text: the persona's colour edge, or grey with "shared by N"
    # when several personas wrote the same thing, so persona-specific content stands out.
    cells = comparison_cells(indexes, lanes, stage_ids, colours, SHARED_COLOUR)
    # A link's target with no stripe in its cell gets a chip: its persona's name and colour.
    who = {j.id: _persona_chip(workspace, j, colours) for j in maps}
    arrows = interaction_arrows(links, indexes, lanes, stage_ids, cells, who)
    return ComparisonPlan(maps, indexes, stage_ids, names, lanes, cells, arrows)


def _persona_chip(
    workspace: Workspace, journey: Journey, colours: dict[str, str]
) -> tuple[str, str]:
    """(name, colour) of a map's persona, for the chip a link to them may need."""
    persona = workspace.persona(journey.persona_id)
    name = persona.name if persona else journey.persona_id or journey.name
    return name, colours.get(journey.persona_id or "", SHARED_COLOUR)


def _source_lane(
    link: Link, index: CellIndex, lanes: list[Lane], cells: dict[tuple[str, str], list[Stripe]]
) -> str | None:
    """The id of the relation lane the link was typed in (the one whose cell holds its text)."""
    candidates = [
        lane.id
        for lane in lanes
        if lane.kind == link.relation
        and any(
            link.source_journey_id in s.journey_ids and not s.chip
            for s in cells.get((lane.id, link.source_stage_id), [])
        )
    ]
    for lane_id in candidates:
        entries = index.stage_cell(link.source_stage_id, lane_id)
        if link.source is not None and any(e.source == link.source for e in entries):
            return lane_id
    wanted = name_key(link.text)
    for lane_id in candidates:
        entries = index.stage_cell(link.source_stage_id, lane_id)
        if any(wanted in name_key(e.text) for e in entries):
            return lane_id
    return candidates[0] if candidates else None


def _target(
    link: Link,
    lane_id: str,
    lanes: list[Lane],
    cells: dict[tuple[str, str], list[Stripe]],
    source: Stripe,
    who: dict[str, tuple[str, str]],
) -> tuple[str, int]:
    """(lane id, stripe index) of the link's target stripe, a chip added when there is none."""
    target_map = link.target_journey_id or ""
    stage_id = link.target_stage_id or ""
    order = [lane_id, *(lane.id for lane in lanes if lane.id != lane_id)]
    for candidate in order:
        for n, stripe in enumerate(cells.get((candidate, stage_id), [])):
            # A stripe the source shares with the target would be an arrow to itself.
            if target_map in stripe.journey_ids and not stripe.chip and stripe is not source:
                return candidate, n
    cell = cells.setdefault((lane_id, stage_id), [])
    for n, stripe in enumerate(cell):
        if stripe.chip and stripe.journey_ids == (target_map,):
            return lane_id, n
    name, colour = who.get(target_map, (link.target_name, ""))
    cell.append(Stripe(colour, name, (target_map,), chip=True))
    return lane_id, len(cell) - 1


# ---------------------------------------------------------------- where arrows run


@dataclass(frozen=True)
class Box:
    """A stripe's rectangle on the page."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Route:
    """Where an arrow runs: its end on the source box, the bends, its end on the target box, and
    the centre of its label (the middle of the bends, where both tools put an arrow's label)."""

    points: list[tuple[float, float]]
    label: tuple[float, float]


#: How far a route may move off its gutter's centre (x) and off its cells' centres (y) to keep
#: clear of the routes already drawn, nearest first.
_NUDGES = sorted(
    ((dx, dy) for dx in (0.0, 12.0, -12.0, 24.0, -24.0) for dy in (0.0, 26.0, -26.0, 52.0, -52.0)),
    key=lambda d: (abs(d[0]) / 12 + abs(d[1]) / 26, -d[0], -d[1]),
)


class Router:
    """Routes arrows between stripes through the gutters between columns, keeping the labels and
    the gutter runs of one page apart where it can.

    `gutter_x(c)` is the centre of the gutter right of column c (c = -1: left of the first
    column). An arrow leaves its source towards the gutter on the target's side (for a target in
    the same column: the right gutter going down, the left one going up, so two personas linked
    both ways get one arrow on each side), runs along it, and enters the target from that side.
    Each end aims at its box's centre and stops `gap` short of the box, which is where Excalidraw
    itself puts a bound arrow's end (focus 0), so nothing jumps when a sticky is moved. Of the
    nudged routes, the one that overlaps the routes so far least is taken.
    """

    def __init__(self, gutter_x: Callable[[int], float], label_height: float) -> None:
        self.gutter_x = gutter_x
        self.label_h = label_height
        self.labels: list[tuple[float, float, float, float]] = []
        self.runs: list[tuple[float, float, float]] = []

    def route(
        self,
        source: Box,
        source_col: int,
        target: Box,
        target_col: int,
        *,
        label_width: float,
        gap: float = 0.0,
    ) -> Route:
        if target_col > source_col or (target_col == source_col and target.cy >= source.cy):
            gx = self.gutter_x(source_col)
        else:
            gx = self.gutter_x(source_col - 1)
        best: tuple[float, float, float, float] | None = None
        for dx, dy in _NUDGES:
            x, top, bottom = gx + dx, source.cy + dy, target.cy + dy
            label = self._label_box((x, (top + bottom) / 2), label_width)
            score = self._overlaps(label, (x, min(top, bottom), max(top, bottom)))
            if best is None or score < best[0]:
                best = (score, x, top, bottom)
            if score == 0:
                break
        assert best is not None
        _score, x, top, bottom = best
        label_at = (x, (top + bottom) / 2)
        bends = [(x, top)] if abs(top - bottom) < 0.5 else [(x, top), (x, bottom)]
        self.labels.append(self._label_box(label_at, label_width))
        self.runs.append((x, min(top, bottom), max(top, bottom)))
        start = edge_point(source, bends[0], gap)
        end = edge_point(target, bends[-1], gap)
        return Route([start, *bends, end], label_at)

    def _label_box(
        self, centre: tuple[float, float], width: float
    ) -> tuple[float, float, float, float]:
        x, y = centre
        return (x - width / 2, y - self.label_h / 2, x + width / 2, y + self.label_h / 2)

    def _overlaps(
        self, label: tuple[float, float, float, float], run: tuple[float, float, float]
    ) -> int:
        """How badly a label and a run along a gutter overlap the labels and runs so far: two
        labels on each other, or two runs along one line (read as one), count most; a run
        crossing a label less (the tools cut the line out behind a label)."""
        score = 0
        x, top, bottom = run
        for box in self.labels:
            if label[0] < box[2] and box[0] < label[2] and label[1] < box[3] and box[1] < label[3]:
                score += 4
            if box[0] <= x <= box[2] and top < box[3] and box[1] < bottom:
                score += 1
        for other, other_top, other_bottom in self.runs:
            if label[0] <= other <= label[2] and other_top < label[3] and label[1] < other_bottom:
                score += 1
            if abs(x - other) < 8 and top < other_bottom and other_top < bottom:
                score += 4
        return score


def edge_point(box: Box, toward: tuple[float, float], gap: float = 0.0) -> tuple[float, float]:
    """Where the line from `toward` to the box's centre meets the box grown by `gap` on each side."""
    dx, dy = toward[0] - box.cx, toward[1] - box.cy
    half_w, half_h = box.w / 2 + gap, box.h / 2 + gap
    scales = [half_w / abs(dx)] if dx else []
    if dy:
        scales.append(half_h / abs(dy))
    if not scales:
        return box.cx, box.cy
    t = min(min(scales), 1.0)
    return box.cx + dx * t, box.cy + dy * t
