"""Links between personas on a comparison slide: which it draws, their connectors' routes, the legend and the notes."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import (
    SITE_BOTTOM,
    SITE_LEFT,
    SITE_RIGHT,
    SITE_TOP,
    Canvas,
    Glue,
    LineLook,
    Para,
    Run,
)
from mapbridge.exporters.deck.context import DeckContext, Notes
from mapbridge.exporters.deck.fit import fit_one_line
from mapbridge.interactions import Link, find_links
from mapbridge.model import LANE_LABELS, RELATION_KINDS, Journey

#: Room (pt) kept free beside the stripes of the Interactions row, on each side of a column,
#: and between the stripes of a cell (a tenth of the row's height within these bounds): the
#: connectors run there.
LINK_SIDE = 8.0
LINK_GAP = 16.0
LINK_GAP_MIN = 10.0
#: Height of one legend entry under the row's label (pt), and the legend's text size.
LEGEND_LINE = 12.0
LEGEND_SIZE = fit.MIN_SIZE


def link_gap(row_height: float) -> float:
    """The space between the stripes of an Interactions cell: room for an arrow (two, when
    two links go both ways) without taking many lines from a short row."""
    return min(LINK_GAP, max(LINK_GAP_MIN, row_height * 0.1))


def relation_look(relation: str) -> LineLook:
    """How a relation's connectors are drawn (`style.RELATION_LINES`), arrowhead at the target."""
    colour, width, dash = style.RELATION_LINES.get(relation, (style.INK_SOFT, 1.0, None))
    return LineLook(colour, width, dash, "triangle")


def has_relation_lanes(maps: list[Journey]) -> bool:
    """True when any of these maps has a relation lane (Interacts with, Depends on...)."""
    return any(lane.kind in RELATION_KINDS for journey in maps for lane in journey.lanes)


def workspace_links(ctx: DeckContext) -> list[Link]:
    """Every link of the workspace, read once per deck."""
    found = ctx.memo.get("links")
    if found is None or found[0] is not ctx.workspace:
        found = (ctx.workspace, find_links(ctx.workspace))
        ctx.memo["links"] = found
    return found[1]


@dataclass(frozen=True)
class PageLinks:
    """The links one comparison slide deals with: those typed on it (`typed`, by source map and
    stage, in workbook order), those coming to it from elsewhere (`incoming`), and which of
    them it can draw (`drawable`: resolved, both ends on the slide)."""

    map_ids: tuple[str, ...]
    stage_ids: tuple[str, ...]
    typed: list[Link]
    incoming: list[Link]
    drawable: list[Link]

    def at(self, map_id: str, stage_id: str) -> list[Link]:
        """The links typed in one persona's relation lanes at one stage."""
        return [
            link
            for link in self.typed
            if link.source_journey_id == map_id and link.source_stage_id == stage_id
        ]

    def is_target(self, map_id: str, stage_id: str) -> bool:
        """True when a link this slide draws ends at this persona's stage."""
        return any(
            link.target_journey_id == map_id and link.target_stage_id == stage_id
            for link in self.drawable
        )

    def why_not_drawn(self, ctx: DeckContext, link: Link) -> str:
        """Why a link of this slide has no connector on it ("" for a drawable one)."""
        if not link.resolved:
            return link.problem
        here = link.source_journey_id in self.map_ids and link.source_stage_id in self.stage_ids
        there = link.target_journey_id in self.map_ids and link.target_stage_id in self.stage_ids
        if here and there:
            return ""
        # The other end: another page of stages, another group of personas, a stage left out.
        if here:
            return f"{_target(ctx, link)} ({link.target_stage_name}) is not on this slide"
        return f"{_source(ctx, link)} ({link.source_stage_name}) is not on this slide"


def page_links(ctx: DeckContext, maps: list[Journey], stage_ids: list[str]) -> PageLinks:
    """The links of a comparison slide showing `maps` over the stages `stage_ids`."""
    map_ids = tuple(j.id for j in maps)
    stages = tuple(stage_ids)

    def on_page(map_id: str | None, stage_id: str | None) -> bool:
        return map_id in map_ids and stage_id in stages

    typed, incoming, drawable = [], [], []
    for link in workspace_links(ctx):
        source = on_page(link.source_journey_id, link.source_stage_id)
        target = link.resolved and on_page(link.target_journey_id, link.target_stage_id)
        if source:
            typed.append(link)
        elif target:
            incoming.append(link)
        if source and target:
            drawable.append(link)
    return PageLinks(map_ids, stages, typed, incoming, drawable)


def _source(ctx: DeckContext, link: Link) -> str:
    persona = ctx.workspace.persona(link.source_persona_id)
    return persona.name if persona else link.source_persona_id or "The shared map"


def _target(ctx: DeckContext, link: Link) -> str:
    persona = ctx.workspace.persona(link.target_persona_id)
    return persona.name if persona else link.target_name


def sentence(ctx: DeckContext, link: Link) -> str:
    """A link as a sentence: "Sam Chen (First claim) caused by Maria Lopez (Set up): rules"."""
    target = _target(ctx, link)
    if link.target_stage_name:
        target += f" ({link.target_stage_name})"
    note = f": {link.note}" if link.note else ""
    return f"{_source(ctx, link)} ({link.source_stage_name}) {link.verb} {target}{note}"


def link_order(map_ids: list[str], pairs: list[tuple[str, str]]) -> list[int]:
    """The order to stack one cell's stripes in (indices into `map_ids`): the legend's order,
    unless another puts more of the cell's linked stripes (`pairs` of map ids) next to each
    other, so their connectors run straight between them instead of around the column."""
    index = {map_id: i for i, map_id in enumerate(map_ids)}
    edges = [(index[a], index[b]) for a, b in pairs if a in index and b in index and a != b]
    identity = list(range(len(map_ids)))

    def skips(order: tuple[int, ...] | list[int]) -> int:
        place = {stripe: at for at, stripe in enumerate(order)}
        return sum(1 for a, b in edges if abs(place[a] - place[b]) > 1)

    if not edges or not skips(identity) or len(map_ids) > 6:
        return identity

    def moved(order: tuple[int, ...]) -> int:
        return sum(abs(at - stripe) for at, stripe in enumerate(order))

    return list(min(permutations(identity), key=lambda order: (skips(order), moved(order))))


@dataclass(frozen=True)
class End:
    """Where one end of a link is drawn: its stripe's shape id, the column it is in (0-based)
    and its place from the top of the cell."""

    shape_id: int
    column: int
    slot: int


def draw_connectors(
    canvas: Canvas, links: list[Link], ends: dict[tuple[str, str], End], gutter: float
) -> list[Link]:
    """A connector for each link whose two stripes are drawn, glued to them; the links drawn.

    Between stripes next to each other in a cell, a straight line from the side of one
    facing the other (two links both ways between the same two make one line with an
    arrowhead at each end); past a stripe in between, a bracket out to the right of the
    column (`link_order` stacks the stripes so that this is rare). Between columns, from the side facing the other column
    into the side facing back, bending in the gap just before the target. Drawn behind the
    stripes, so a line never crosses their text.
    """
    drawn: list[Link] = []
    brackets: dict[int, int] = {}
    for link in links:
        a = ends.get((link.source_journey_id, link.source_stage_id))
        b = ends.get((link.target_journey_id or "", link.target_stage_id or ""))
        if a is None or b is None or a.shape_id == b.shape_id:
            continue
        look = relation_look(link.relation)
        name = f"Link {LANE_LABELS.get(link.relation, link.relation)}"
        if a.column == b.column and abs(a.slot - b.slot) == 1:
            down = a.slot < b.slot
            canvas.connector(
                Glue(a.shape_id, SITE_BOTTOM if down else SITE_TOP),
                Glue(b.shape_id, SITE_TOP if down else SITE_BOTTOM),
                look,
                behind=True,
                name=name,
            )
        elif a.column == b.column:
            # Out to the right of the column and back, each bracket of a column a little further.
            k = brackets.get(a.column, 0)
            brackets[a.column] = k + 1
            right = max(_right(canvas, a), _right(canvas, b))
            canvas.connector(
                Glue(a.shape_id, SITE_RIGHT),
                Glue(b.shape_id, SITE_RIGHT),
                look,
                bend=right + 4.5 + 3.0 * k,
                behind=True,
                name=name,
            )
        else:
            forward = b.column > a.column
            start = Glue(a.shape_id, SITE_RIGHT if forward else SITE_LEFT)
            end = Glue(b.shape_id, SITE_LEFT if forward else SITE_RIGHT)
            (_, y1), (x2, y2) = canvas.site(start), canvas.site(end)
            # The bend sits in the middle of the gap in front of the target's column.
            room = LINK_SIDE + gutter / 2
            bend = None if abs(y1 - y2) < 0.5 else x2 - room if forward else x2 + room
            canvas.connector(start, end, look, bend=bend, behind=True, name=name)
        drawn.append(link)
    return drawn


def _right(canvas: Canvas, end: End) -> float:
    box = canvas.boxes[end.shape_id]
    return box.x + box.w


def legend_height(relations: list[str]) -> float:
    """Room the legend of these relations takes under the row's label."""
    return len(relations) * LEGEND_LINE


def draw_legend(
    ctx: DeckContext, canvas: Canvas, relations: list[str], box: tuple[float, float, float, float]
) -> list[str]:
    """A line sample and the relation's words for each relation, top down in `box` (left, top,
    width, height); the relations that did not fit (the notes name every style)."""
    x, y, w, h = box
    fitting = max(0, int(h // LEGEND_LINE))
    for relation in relations[:fitting]:
        mid = y + LEGEND_LINE / 2
        look = relation_look(relation)
        canvas.line(
            x,
            mid,
            x + 16,
            mid,
            look.colour,
            look.width,
            look.dash,
            name="Legend line",
            arrow=look.arrow,
        )
        words, size = fit_one_line(
            ctx.fonts, LANE_LABELS[relation].lower(), w - 20, LEGEND_SIZE, fit.MIN_SIZE
        )
        canvas.text(
            x + 20,
            y,
            w - 20,
            LEGEND_LINE,
            [Para([Run(words, size, colour=style.INK_SOFT)])],
            anchor="ctr",
            name="Legend relation",
        )
        y += LEGEND_LINE
    return relations[fitting:]


def relations_of(links: list[Link]) -> list[str]:
    """The relations among `links`, in the order the lanes are named (`RELATION_KINDS`)."""
    found = {link.relation for link in links}
    return [kind for kind in RELATION_KINDS if kind in found]


def add_link_notes(ctx: DeckContext, notes: Notes, page: PageLinks, drawn: list[Link]) -> None:
    """Every link of the slide in the notes: its sentence, whether it is drawn (and why not)
    and the cell it was typed in; and what each connector style means."""
    links = page.typed + page.incoming
    if not links:
        return
    drawn_ids = {id(link) for link in drawn}
    notes.lines.append("")
    notes.lines.append(
        f"Interactions ({len(drawn)} of {len(links)} drawn as connectors glued to the stripes):"
    )
    for link in links:
        cell = f" [{link.source}]" if link.source else ""
        if id(link) in drawn_ids:
            status = "drawn"
        else:
            status = "not drawn: " + (
                page.why_not_drawn(ctx, link) or "no room for its stripe on the slide"
            )
        notes.lines.append(f"• {sentence(ctx, link)}{cell} ({status})")
    styles = [f"{LANE_LABELS[kind].lower()}: {_style_words(kind)}" for kind in relations_of(drawn)]
    if styles:
        notes.lines.append("Connector styles: " + "; ".join(styles) + ".")
    cells = {str(link.source): link.source for link in links if link.source}
    notes.add_source("Interactions", list(cells.values()))


def _style_words(relation: str) -> str:
    _colour, width, dash = style.RELATION_LINES[relation]
    pattern = {None: "solid", "dash": "dashed", "sysDot": "dotted"}.get(dash, dash or "solid")
    colour = "amber" if relation == "caused_by" else "grey"
    return f"{pattern} {colour} line, {width:g} pt"
