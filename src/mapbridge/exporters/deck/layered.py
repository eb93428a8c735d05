"""The persona-layered comparison: the shared stages, one stripe per persona in each cell, who interacts with whom as connectors, every curve on one chart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.chart import Curve
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fit_one_line, fit_paragraphs
from mapbridge.exporters.deck.grid import (
    Band,
    Column,
    column_x,
)
from mapbridge.exporters.deck.header_footer import footer, header
from mapbridge.exporters.deck.lanes import (
    CURVE_BAND,
    STAGE_ROW,
    CurveBand,
    draw_curve_band,
    draw_stage_headers,
    item_indents,
    label_paras,
    list_paras,
    scale_note,
    split_tags,
)
from mapbridge.exporters.deck.links import (
    LINK_GAP_MIN,
    LINK_SIDE,
    End,
    PageLinks,
    add_link_notes,
    draw_connectors,
    draw_legend,
    has_relation_lanes,
    legend_height,
    link_gap,
    link_order,
    page_links,
    relation_look,
    relations_of,
)
from mapbridge.exporters.deck.listtext import ListItem, list_items
from mapbridge.exporters.deck.paging import split_evenly
from mapbridge.interactions import Link
from mapbridge.layout import LayoutDecision
from mapbridge.model import RELATION_KINDS, Entry, Journey, Lane, Persona, kind_label

#: Lanes the comparison shows, most telling first (the persona maps carry every lane).
LAYERED_PRIORITY = (
    "pain_points",
    "touchpoints",
    "channels",
    "actions",
    "thoughts",
    "opportunities",
)
LAYERED_MAX_LANES = 3
#: The row of who interacts with, depends on, suffers from or hands over to whom: it takes one
#: of the compared lanes' places when the maps have relation lanes (after the pain points).
INTERACTIONS_LANE = Lane(id="interactions", name="Interactions", kind="custom")


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _lane_key(lane: Lane) -> str:
    return lane.kind if lane.kind != "custom" else f"custom:{_norm(lane.name)}"


@dataclass
class Stripe:
    """One persona's (or several personas' shared) content in a layered cell.

    In the Interactions row a stripe is one persona's: the links typed in their relation
    lanes at the stage (`links`), or, for a persona others link to who typed none there, a
    chip with their name (`chip`); `map_id` is that persona's map, where connectors end.
    """

    text: str
    persona_ids: list[str]
    entries: list[Entry]
    links: list[Link] = field(default_factory=list)
    chip: bool = False
    map_id: str = ""


def build_layered_slides(
    ctx: DeckContext, decision: LayoutDecision, journeys: list[Journey]
) -> None:
    """The layered comparison over the shared stages, split into groups of at most 5 personas."""
    maps = [j for j in journeys if j.persona_id and j.persona_id in set(decision.persona_ids)]
    if len(maps) < 2 or not decision.shared_stage_ids:
        return
    # As few groups as keep each under the legible maximum, as even as possible (8 -> 4 + 4).
    count = -(-len(maps) // style.MAX_LAYERED_PERSONAS)
    sizes = [len(maps) // count + (1 if i < len(maps) % count else 0) for i in range(count)]
    groups = [maps[sum(sizes[:i]) : sum(sizes[: i + 1])] for i in range(count)]
    shared = decision.shared_stage_ids
    per_page = ctx.columns_per_slide
    stage_pages = split_evenly(shared, per_page)  # balanced: 10 stages by 8 -> 5 + 5
    start = 0
    for group in groups:
        for page_no, stage_ids in enumerate(stage_pages):
            _layered_slide(
                ctx,
                decision,
                group,
                (start, len(groups), len(maps)),
                stage_ids,
                (page_no, len(stage_pages)),
            )
        start += len(group)


@dataclass(frozen=True)
class ComparisonPage:
    """One slide of a persona comparison: a group of persona maps over a page of shared stages."""

    decision: LayoutDecision
    maps: list[Journey]
    personas: list[Persona | None]
    #: Each map's persona name (its persona id when the persona is not defined).
    names: list[str]
    columns: list[Column]
    #: This group's first persona among all compared (0-based), the number of groups, and of
    #: personas compared in all.
    start: int
    groups: int
    persona_total: int
    page_no: int
    pages: int
    #: The position of this page's first stage among the shared stages.
    offset: int

    @property
    def who(self) -> str:
        """Which personas (and stages) this slide shows: "personas 1–4 of 8 · stages 1–8 of 9"."""
        who = (
            f"personas {self.start + 1}–{self.start + len(self.maps)} of {self.persona_total}"
            if self.groups > 1
            else f"{len(self.maps)} personas"
        )
        if self.pages > 1:
            shared = len(self.decision.shared_stage_ids)
            who += f" · stages {self.offset + 1}–{self.offset + len(self.columns)} of {shared}"
        return who


def _layered_slide(
    ctx: DeckContext,
    decision: LayoutDecision,
    maps: list[Journey],
    grouping: tuple[int, int, int],
    stage_ids: list[str],
    paging: tuple[int, int],
) -> None:
    """One comparison slide: header, legend, stage headers, compared lanes, curves, notes."""
    start, groups, persona_total = grouping
    page_no, pages = paging
    stage_by_id = {s.id: s for s in maps[0].stages}
    offset = decision.shared_stage_ids.index(stage_ids[0])
    stages = [stage_by_id[sid] for sid in stage_ids if sid in stage_by_id]
    personas = [ctx.workspace.persona(j.persona_id) for j in maps]
    page = ComparisonPage(
        decision=decision,
        maps=maps,
        personas=personas,
        names=[p.name if p else j.persona_id or "" for p, j in zip(personas, maps, strict=True)],
        columns=[Column(stage, None, offset + i + 1) for i, stage in enumerate(stages)],
        start=start,
        groups=groups,
        persona_total=persona_total,
        page_no=page_no,
        pages=pages,
        offset=offset,
    )
    info = SlideInfo(
        "layered", f"{decision.journey_name}: persona comparison", [j.persona_id for j in maps]
    )
    slide, canvas = ctx.new_slide("content", info)
    notes = _comparison_header(ctx, slide, canvas, page)
    _legend(ctx, canvas, page)
    top = ctx.grid_top + 18
    xs, width = column_x(
        ctx.left + style.LABEL_WIDTH + style.GUTTER,
        ctx.content_width - style.LABEL_WIDTH - style.GUTTER,
        len(page.columns),
    )
    draw_stage_headers(ctx, canvas, page.columns, xs, width, top, page_no == 0)
    grid_top = top + STAGE_ROW + style.GUTTER
    has_curve = any(j.emotion_lanes() for j in maps)
    grid_bottom = ctx.bottom - (CURVE_BAND + 6 if has_curve else 4)
    _compared_rows(ctx, canvas, page, xs, width, (grid_top, grid_bottom), notes)
    if has_curve:
        band = Band(grid_bottom + 4, CURVE_BAND - 2)
        _compared_curves(ctx, slide, canvas, page, xs, width, band)
    footer(
        ctx,
        canvas,
        " · ".join(
            p
            for p in (
                _maps_file(ctx, maps),
                f"{len(maps)} persona maps of “{decision.journey_name}”",
            )
            if p
        ),
    )
    canvas.flush()
    notes.add_source("Stages", [c.stage.source for c in page.columns])
    for journey, name in zip(maps, page.names, strict=True):
        notes.add_source(f"{name}'s map", [journey.source])
    set_notes(slide, notes)


def _comparison_header(ctx: DeckContext, slide, canvas, page: ComparisonPage) -> Notes:
    """The header (journey, shared stages, what is left out) and the notes it starts."""
    decision = page.decision
    n_shared = len(decision.shared_stage_ids)
    subtitle = f"Persona comparison over {n_shared} shared stage{'s' if n_shared != 1 else ''}"
    if page.pages > 1 and page.page_no:
        subtitle += " (continued)"
    if decision.left_out:
        dropped = sorted({s for v in decision.left_out.values() for s in v})
        subtitle += f"; left out: {', '.join(dropped)}"
    header(ctx, slide, canvas, f"{decision.journey_name}", subtitle, right_note=page.who)
    notes = Notes(f"{decision.journey_name}: persona comparison ({page.who})")
    notes.lines.append(f"Layout: {decision.reason}.")
    if page.groups > 1:
        notes.lines.append(
            f"{page.persona_total} personas are more than one slide shows legibly, so the comparison is split over {page.groups} groups of personas."
        )
    return notes


def _legend(ctx: DeckContext, canvas, page: ComparisonPage) -> None:
    """The legend row: colour chip, name and kind, one per persona."""
    legend_y = ctx.grid_top - 2
    x = ctx.left + style.LABEL_WIDTH + style.GUTTER
    item_w = (ctx.content_width - style.LABEL_WIDTH - style.GUTTER) / len(page.maps)
    for journey, persona, name in zip(page.maps, page.personas, page.names, strict=True):
        # A map whose persona is not defined says nothing about its kind either.
        kind = kind_label(persona.kind if persona else None).tag
        colour = ctx.colour(journey.persona_id)
        canvas.box(
            x,
            legend_y + 5,
            14,
            6,
            fill=colour,
            line=None,
            geom="roundRect",
            adjust=50000,
            name="Legend chip",
        )
        text, size = fit_one_line(
            ctx.fonts, f"{name} ({kind.lower()})", item_w - 24, 10.0, fit.MIN_SIZE
        )
        canvas.text(
            x + 18,
            legend_y,
            item_w - 22,
            16,
            [Para([Run(text, size, colour=style.INK)])],
            anchor="ctr",
            name="Legend",
        )
        x += item_w


def _compared_rows(
    ctx: DeckContext,
    canvas,
    page: ComparisonPage,
    xs: list[float],
    width: float,
    grid: tuple[float, float],
    notes: Notes,
) -> None:
    """The compared lanes between `grid` (top, bottom): the most telling kinds the maps have."""
    grid_top, grid_bottom = grid
    lane_by_key: dict[str, Lane] = {}
    for journey in page.maps:
        for lane in journey.lanes:
            if lane.kind != "emotion":
                lane_by_key.setdefault(_lane_key(lane), lane)
    links = (
        page_links(ctx, page.maps, [c.stage.id for c in page.columns])
        if has_relation_lanes(page.maps)
        else None
    )
    link_cells = [_link_stripes(ctx, page, links, c) for c in page.columns] if links else []
    # More personas means more stripes per cell: fewer lanes keep each stripe readable.
    max_lanes = LAYERED_MAX_LANES if len(page.maps) <= 3 else 2
    if any(link_cells):
        max_lanes -= 1
    chosen = [k for k in LAYERED_PRIORITY if k in lane_by_key][:max_lanes]
    ordered = [k for k in lane_by_key if k in chosen]
    rows: list[RowContent] = []
    for key in ordered:
        cells = [_stripes(ctx, page.maps, column, key) for column in page.columns]
        if any(cells):
            rows.append(RowContent(lane_by_key[key], cells))
    if any(link_cells):
        rows.append(RowContent(INTERACTIONS_LANE, link_cells, links))
    drawn: list[Link] = []
    if rows:
        available = grid_bottom - grid_top - style.GUTTER * (len(rows) - 1)
        heights = _layered_heights(ctx, rows, width, available)
        y = grid_top
        for content, height in zip(rows, heights, strict=True):
            compared = ComparedRow(
                content.lane, content.cells, page.columns, xs, width, y, height, content.links
            )
            drawn += _layered_row(ctx, canvas, compared, notes)
            y += height + style.GUTTER
    shown_lanes = ", ".join(
        [lane_by_key[k].name for k in ordered] + [r.lane.name for r in rows if r.links]
    )
    notes.lines.append(
        f"Lanes compared: {shown_lanes or 'none'}; each persona's map carries every lane."
    )
    if links is not None:
        add_link_notes(ctx, notes, links, drawn)


def _compared_curves(
    ctx: DeckContext, slide, canvas, page: ComparisonPage, xs: list[float], width: float, band: Band
) -> None:
    """Every persona's curve on one chart, a point per stage."""
    curves = []
    for journey, persona, name in zip(page.maps, page.personas, page.names, strict=True):
        kind = kind_label(persona.kind if persona else None).tag.lower()
        lane = journey.emotion_lanes()[0] if journey.emotion_lanes() else None
        # Stage by stage: a stage's score is the mean of its steps' (`CellIndex.stage_score`).
        scores = ctx.cells(journey).stage_scores(lane.id) if lane else {}
        values: list[float | None] = [scores.get(column.stage.id) for column in page.columns]
        curves.append(
            Curve(name=f"{name} ({kind})", colour=ctx.colour(journey.persona_id), values=values)
        )
    draw_curve_band(
        ctx,
        slide,
        canvas,
        CurveBand(
            band=band,
            columns=page.columns,
            xs=xs,
            width=width,
            curves=curves,
            scale_note=scale_note(page.maps[0]),
        ),
    )


def _stripes(ctx, maps: list[Journey], column: Column, key: str) -> list[Stripe]:
    """A layered cell: content two or more personas share first (as one stripe), then each persona's own."""
    by_text: dict[str, Stripe] = {}
    order: list[Stripe] = []
    for journey in maps:
        lanes = [lane for lane in journey.lanes if _lane_key(lane) == key]
        for lane in lanes:
            stage_column = Column(
                journey.stage(column.stage.id) or column.stage, None, column.number
            )
            entries = _stage_entries(ctx, journey, stage_column, lane.id)
            for entry in entries:
                if not entry.text.strip():
                    continue
                norm = _norm(entry.text)
                stripe = by_text.get(norm)
                if stripe is None:
                    if style.lane_style(lane.kind).tags:
                        shown = " · ".join(split_tags(entry.text))
                    else:
                        # Kept as typed: a list in the cell is drawn as a list (`_stripe_items`).
                        shown = entry.text.strip()
                    stripe = Stripe(shown, [], [])
                    by_text[norm] = stripe
                    order.append(stripe)
                if journey.persona_id not in stripe.persona_ids:
                    stripe.persona_ids.append(journey.persona_id)
                stripe.entries.append(entry)
    shared = [s for s in order if len(s.persona_ids) > 1]
    own = [s for s in order if len(s.persona_ids) == 1]
    return shared + own


def _stage_entries(ctx, journey: Journey, column: Column, lane_id: str) -> list[Entry]:
    """Every entry of a stage in a lane, whatever its step (the comparison is stage by stage)."""
    return list(ctx.cells(journey).stage_cell(column.stage.id, lane_id))


def _link_stripes(
    ctx: DeckContext, page: ComparisonPage, links: PageLinks | None, column: Column
) -> list[Stripe]:
    """An Interactions cell: per persona, in the legend's order, a stripe with the links they
    typed at the stage, else a chip with their name when a link drawn here ends at them."""
    if links is None:
        return []
    stripes = []
    for journey, name in zip(page.maps, page.names, strict=True):
        pid = journey.persona_id or ""
        typed = links.at(journey.id, column.stage.id)
        if typed:
            cells = ctx.cells(journey)
            entries = [
                entry
                for lane in journey.lanes
                if lane.kind in RELATION_KINDS
                for entry in cells.stage_cell(column.stage.id, lane.id)
            ]
            text = "\n".join(f"{link.verb} {link.text}" for link in typed)
            stripes.append(Stripe(text, [pid], entries, links=typed, map_id=journey.id))
        elif links.is_target(journey.id, column.stage.id):
            stripes.append(Stripe(name, [pid], [], chip=True, map_id=journey.id))
    pairs = [
        (link.source_journey_id, link.target_journey_id or "")
        for link in links.drawable
        if link.source_stage_id == column.stage.id == link.target_stage_id
    ]
    return [stripes[i] for i in link_order([s.map_id for s in stripes], pairs)]


STRIPE_GAP = 2.0
STRIPE_INSETS = (13.0, 5.0)  # horizontal, vertical room a stripe's text does not get


@dataclass(frozen=True)
class RowContent:
    """A compared lane before it is placed: its stripes per column, and for the Interactions
    row the slide's links (its stripes sit further apart, so connectors run between them)."""

    lane: Lane
    cells: list[list[Stripe]]
    links: PageLinks | None = None

    @property
    def gap(self) -> float:
        """Space between the stripes of a cell (the least the Interactions row takes)."""
        return LINK_GAP_MIN if self.links else STRIPE_GAP

    @property
    def side(self) -> float:
        """Space kept free on each side of a column's stripes."""
        return LINK_SIDE if self.links else 0.0

    def floor(self, ctx: DeckContext) -> float:
        """The least height the row takes: the Interactions row's label and legend."""
        if not self.links:
            return 0.0
        relations = relations_of(self.links.drawable)
        return ctx.fonts.line_height(style.LABEL_SIZE) + 14 + legend_height(relations)


def _layered_heights(ctx, rows: list[RowContent], width: float, available: float) -> list[float]:
    """Row heights for the comparison: one size for every stripe when the content allows it,
    the spare room shared evenly; else what each row needs at 8 pt, the rows
    needing most cut back to one height that fills the room."""

    def needs_at(size: float) -> list[float]:
        needs = []
        for row in rows:
            need = 0.0
            inner = width - 2 * row.side - STRIPE_INSETS[0]
            for stripes in row.cells:
                if not stripes:
                    continue
                tallest = max(_stripe_height(ctx, st, inner, size) for st in stripes)
                n = len(stripes)
                need = max(need, n * (tallest + STRIPE_INSETS[1]) + row.gap * (n - 1))
            needs.append(max(need, ctx.fonts.line_height(size) + 8, row.floor(ctx)))
        return needs

    sizes = []
    size = 10.0
    while size >= fit.MIN_SIZE:
        sizes.append(size)
        size -= 0.5
    found = fit.largest_fitting(sizes, lambda size: sum(needs_at(size)) <= available)
    if found is not None:
        needs = needs_at(found)
        extra = (available - sum(needs)) / len(needs)
        return [n + extra for n in needs]
    # Even 8 pt does not show everything: a row that needs little gets what it needs (a row
    # of short tags shows whole), the rows that need more share the rest evenly.
    needs = needs_at(fit.MIN_SIZE)
    low, high = 0.0, max(needs)
    for _ in range(40):
        level = (low + high) / 2
        if sum(min(n, level) for n in needs) <= available:
            low = level
        else:
            high = level
    return [min(n, low) for n in needs]


@dataclass(frozen=True)
class ComparedRow:
    """One compared lane of a comparison slide: its stripes per column, where the columns sit
    (left edges and width), and where the row sits (top and height, pt)."""

    lane: Lane
    cells: list[list[Stripe]]
    columns: list[Column]
    xs: list[float]
    width: float
    top: float
    height: float
    #: The slide's links when this is the Interactions row.
    links: PageLinks | None = None

    @property
    def gap(self) -> float:
        return link_gap(self.height) if self.links else STRIPE_GAP

    @property
    def side(self) -> float:
        return LINK_SIDE if self.links else 0.0

    @property
    def text_width(self) -> float:
        """The width a stripe's text wraps in."""
        return self.width - 2 * self.side - STRIPE_INSETS[0]


@dataclass(frozen=True)
class CellPlan:
    """What one cell of a compared row shows: the stripes that fit (as many as its height
    allows) and how many it leaves to a "+N more" line."""

    column: int
    visible: list[Stripe]
    hidden: int
    gap: float = STRIPE_GAP

    def stripe_height(self, row_height: float) -> float:
        """Each stripe's share of the row's height (the "+N more" line takes one share too)."""
        n = len(self.visible) + (1 if self.hidden else 0)
        return (row_height - self.gap * (n - 1)) / n


def _layered_row(ctx: DeckContext, canvas: Canvas, row: ComparedRow, notes: Notes) -> list[Link]:
    """A compared lane: its label, then per cell the personas' stripes at one size for the row;
    in the Interactions row, the links between stripes as connectors (the links drawn)."""
    plans = _cell_plans(ctx, row)
    size = _stripe_size(ctx, row, plans)
    ends: dict[tuple[str, str], End] = {}
    for plan in plans:
        if plan.visible:
            drawn = _compared_cell(ctx, canvas, row, plan, size, notes)
            stage_id = row.columns[plan.column].stage.id
            for slot, (stripe, shape_id) in enumerate(drawn):
                ends[(stripe.map_id, stage_id)] = End(shape_id, plan.column, slot)
    if row.links is None:
        _lane_label(ctx, canvas, row)
        return []
    linked = draw_connectors(canvas, row.links.drawable, ends, style.GUTTER)
    _links_label(ctx, canvas, row, relations_of(linked))
    return linked


def _links_label(ctx: DeckContext, canvas: Canvas, row: ComparedRow, relations: list[str]) -> None:
    """The Interactions row's label, with a legend of the connector styles drawn under it."""
    if not relations:
        _lane_label(ctx, canvas, row)
        return
    label_h = ctx.fonts.line_height(style.LABEL_SIZE) + 6
    paras, _, _ = label_paras(ctx, row.lane.name, label_h + 8, style.INK)
    _label_box(ctx, canvas, row, paras, top=True)
    legend_top = row.top + 5 + label_h
    draw_legend(
        ctx,
        canvas,
        relations,
        (ctx.left + 6, legend_top, style.LABEL_WIDTH - 10, row.top + row.height - 3 - legend_top),
    )


def _lane_label(ctx: DeckContext, canvas: Canvas, row: ComparedRow) -> None:
    """The lane's name in the label column."""
    paras, _, _ = label_paras(ctx, row.lane.name, row.height, style.INK)
    _label_box(ctx, canvas, row, paras)


def _label_box(
    ctx: DeckContext, canvas: Canvas, row: ComparedRow, paras: list[Para], *, top: bool = False
) -> None:
    """The row's label cell, its name centred (or at the top, above a legend)."""
    canvas.box(
        ctx.left,
        row.top,
        style.LABEL_WIDTH,
        row.height,
        paras,
        fill=style.LABEL_FILL,
        line=None,
        inset=(6, 5, 6, 4) if top else (6, 4, 6, 4),
        anchor="t" if top else "ctr",
        name=f"Lane {row.lane.name}",
    )


def _cell_plans(ctx: DeckContext, row: ComparedRow) -> list[CellPlan]:
    """Per cell, the stripes that fit at least one line each at the smallest size."""
    one_line = ctx.fonts.line_height(fit.MIN_SIZE) + 5
    plans = []
    for i, stripes in enumerate(row.cells):
        if not stripes:
            plans.append(CellPlan(i, [], 0, row.gap))
            continue
        capacity = max(1, int((row.height + row.gap) // (one_line + row.gap)))
        # "+N more" only ever follows a stripe that shows its text.
        visible = stripes if len(stripes) <= capacity else stripes[: max(1, capacity - 1)]
        plans.append(CellPlan(i, visible, len(stripes) - len(visible), row.gap))
    return plans


def _stripe_size(ctx: DeckContext, row: ComparedRow, plans: list[CellPlan]) -> float:
    """One size for the row: the largest at which every stripe fits its share of the cell."""
    boxes = []
    for plan in plans:
        if not plan.visible and not plan.hidden:
            continue
        h = plan.stripe_height(row.height)
        boxes.extend((stripe, h - 5) for stripe in plan.visible)
    if not boxes:
        return fit.MIN_SIZE
    sizes = []
    size = 10.0
    while size >= fit.MIN_SIZE:
        sizes.append(size)
        size -= 0.5
    found = fit.largest_fitting(
        sizes,
        lambda size: all(
            _stripe_height(ctx, stripe, row.text_width, size) <= h for stripe, h in boxes
        ),
    )
    return fit.MIN_SIZE if found is None else found


def _compared_cell(
    ctx: DeckContext, canvas: Canvas, row: ComparedRow, plan: CellPlan, size: float, notes: Notes
) -> list[tuple[Stripe, int]]:
    """One cell's stripes, top down, then "+N more (see notes)" for those that did not fit;
    anything shortened or left out goes in the notes in full. Returns each stripe drawn with
    its shape's id."""
    h = plan.stripe_height(row.height)
    x = row.xs[plan.column] + row.side
    y = row.top
    where = f"{row.columns[plan.column].label} · {row.lane.name}"
    drawn = []
    for stripe in plan.visible:
        if stripe.chip:
            shape_id = _chip(ctx, canvas, row, stripe, (x, y, h), size)
        else:
            shape_id = _stripe_box(ctx, canvas, row, stripe, (x, y, h), size, where, notes)
        drawn.append((stripe, shape_id))
        y += h + plan.gap
    if plan.hidden:
        more = f"+{plan.hidden} more (see notes)"
        for stripe in row.cells[plan.column][len(plan.visible) :]:
            for entry in stripe.entries:
                notes.add_shortened(where, entry.source, entry.text)
        # At the row's one size: "+N more" alone when the rest does not fit the line.
        inner = row.width - 2 * row.side - 10
        if ctx.fonts.width(more, size, italic=True) > inner * fit.WIDTH_SLACK:
            more = f"+{plan.hidden} more"
        canvas.text(
            x + 6,
            y,
            inner,
            h,
            [Para([Run(more, size, italic=True, colour=style.MUTED)])],
            anchor="ctr",
            name="More",
        )
    return drawn


def _stripe_box(
    ctx: DeckContext,
    canvas: Canvas,
    row: ComparedRow,
    stripe: Stripe,
    place: tuple[float, float, float],
    size: float,
    where: str,
    notes: Notes,
) -> int:
    """One stripe at `place` (left, top, height): its text ("Shared by 2:" in bold when shared)
    and the colour edge of every persona it belongs to, stacked; returns the stripe's id."""
    x, y, h = place
    look = style.lane_style(row.lane.kind)
    items = _stripe_items(stripe)
    indents = item_indents(ctx, items, size)
    widths = [row.text_width - indent for indent in indents]
    shown, cut = fit_paragraphs(ctx.fonts, [i.text for i in items], widths, h - 5, size)
    if cut and stripe.links:
        # Short of room, every link still shows its relation and whom it names: the notes
        # after the name go to the speaker notes.
        items = [ListItem(_link_short(link), "none") for link in stripe.links]
        indents = [0.0] * len(items)
        widths = [row.text_width] * len(items)
        shown, _ = fit_paragraphs(ctx.fonts, [i.text for i in items], widths, h - 5, size)
    if cut:
        for entry in stripe.entries:
            notes.add_shortened(where, entry.source, entry.text)
    ink = look.ink if look.fill else style.INK
    paras = list_paras(items, shown, indents, Run("", size, colour=ink, italic=look.italic), ink)
    if stripe.links:
        paras = _link_paras(stripe, paras)
    prefix = _shared_prefix(stripe)
    if prefix and paras and paras[0].text.startswith(prefix):
        # "Shared by 2:" in bold ahead of the text.
        first = paras[0].runs[0]
        paras[0].runs = [
            Run(prefix, size, bold=True, colour=style.INK),
            replace(first, text=first.text[len(prefix) :]),
        ]
    fill = look.fill if look.fill and look.fill != style.WHITE else style.WHITE
    shape_id = canvas.box(
        x,
        y,
        row.width - 2 * row.side,
        h,
        paras,
        fill=fill,
        line=style.RULE if fill == style.WHITE else None,
        line_width=0.5,
        inset=(8, 2.5, 5, 2.5),
        anchor="ctr",
        name=f"Stripe {row.lane.name}",
    )
    # The persona colour edge; a shared stripe shows every sharer's colour, stacked.
    seg = h / len(stripe.persona_ids)
    for k, pid in enumerate(stripe.persona_ids):
        canvas.box(x, y + k * seg, 4, seg, fill=ctx.colour(pid), line=None, name="Persona edge")
    return shape_id


def _link_short(link: Link) -> str:
    """A link without its note: "hands over to Sam Chen › First claim"."""
    stage = f" › {link.target_stage_name}" if link.crosses_stages else ""
    return f"{link.verb} {link.target_name}{stage}{'…' if link.note else ''}"


def _link_paras(stripe: Stripe, paras: list[Para]) -> list[Para]:
    """An Interactions stripe's paragraphs, each link's relation ("depends on") in the colour
    its connector is drawn in."""
    styled = []
    for link, para in zip(stripe.links, paras, strict=False):
        first = para.runs[0]
        verb = link.verb
        if first.text.startswith(verb):
            runs = [
                replace(first, text=verb, colour=relation_look(link.relation).colour, bold=False),
                replace(first, text=first.text[len(verb) :]),
            ]
            para = replace(para, runs=runs)
        styled.append(para)
    return styled


def _chip(
    ctx: DeckContext,
    canvas: Canvas,
    row: ComparedRow,
    stripe: Stripe,
    place: tuple[float, float, float],
    size: float,
) -> int:
    """A persona others link to at this stage, who typed no link there: a small chip with
    their name in their colour, in the middle of their place in the cell; returns its id."""
    x, y, h = place
    width = row.width - 2 * row.side
    colour = ctx.colour(stripe.persona_ids[0])
    name, name_size = fit_one_line(ctx.fonts, stripe.text, width - 14, size, fit.MIN_SIZE)
    chip_w = min(width, ctx.fonts.width(name, name_size) / fit.WIDTH_SLACK + 16)
    chip_h = min(h, ctx.fonts.line_height(name_size) + 6)
    return canvas.box(
        x + (width - chip_w) / 2,
        y + (h - chip_h) / 2,
        chip_w,
        chip_h,
        [Para([Run(name, name_size, colour=style.INK)], align="ctr")],
        fill=style.tint(colour, 0.82),
        line=colour,
        line_width=1.0,
        geom="roundRect",
        adjust=50000,
        inset=(6, 0, 6, 0),
        anchor="ctr",
        name="Chip",
    )


def _shared_prefix(stripe: Stripe) -> str:
    return f"Shared by {len(stripe.persona_ids)}:" if len(stripe.persona_ids) > 1 else ""


def _stripe_items(stripe: Stripe) -> list[ListItem]:
    """A stripe's paragraphs: its text read as a list, typed marks taken off, after "Shared by
    N:" (on the same line as a single sentence, above a list)."""
    if stripe.links:
        return [ListItem(f"{link.verb} {link.text}", "none") for link in stripe.links]
    if stripe.chip:
        return [ListItem(stripe.text, "none")]
    items = list_items(stripe.text) or [ListItem("", "none")]
    prefix = _shared_prefix(stripe)
    if not prefix:
        return items
    if len(items) == 1 and items[0].marker == "none":
        return [ListItem(f"{prefix} {items[0].text}", "none")]
    return [ListItem(prefix, "none"), *items]


def _stripe_height(ctx: DeckContext, stripe: Stripe, width: float, size: float) -> float:
    """The height a stripe's paragraphs need at `size` in `width`, measured as drawn."""
    items = _stripe_items(stripe)
    widths = [width - indent for indent in item_indents(ctx, items, size)]
    return fit.paragraphs_height(ctx.fonts, [i.text for i in items], widths, size)


def _maps_file(ctx: DeckContext, maps: list[Journey]) -> str:
    """The file a comparison's footer names: its maps' workbook when they share one (in a
    portfolio), else the deck's source."""
    files = {ctx.file_name(j.source) for j in maps}
    return files.pop() if len(files) == 1 else ctx.source_name
