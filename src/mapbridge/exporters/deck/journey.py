"""Journey-map slides: one persona's map (stages across, lanes down, emotion curve below), and the persona-layered comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.chart import Curve, add_emotion_chart, plot_y
from mapbridge.exporters.deck.common import (
    DeckContext,
    Notes,
    SlideInfo,
    fit_one_line,
    fit_paragraphs,
    footer,
    footer_top,
    format_date,
    header,
    set_notes,
)
from mapbridge.exporters.deck.fit import Block, TextStyle
from mapbridge.exporters.deck.grid import (
    Band,
    Column,
    EntryIndex,
    column_x,
    map_columns,
    page_columns,
    share_heights,
)
from mapbridge.layout import LayoutDecision
from mapbridge.model import Entry, Journey, Lane, Persona

_TAG_SPLIT = re.compile(r"\s*(?:[,;\n•|]|\s/\s)\s*")
TEXT_INSET = (5.0, 4.0, 5.0, 4.0)
EDGE_WIDTH = 3.0
TAG_GAP = 3.0
TAG_PAD = 5.0
HEADER_TOP = 88.0
STAGE_ROW = 26.0
STEP_ROW = 18.0
CURVE_BAND = 96.0


def split_tags(text: str) -> list[str]:
    return [t for t in _TAG_SPLIT.split(text) if t.strip()]


def _display(entry: Entry, lane_style: style.LaneStyle) -> str:
    text = " ".join(entry.text.split()) if "\n" not in entry.text else entry.text.strip()
    if lane_style.quoted and not text.startswith(("“", '"', "«", "„", "「")):
        return f"“{text}”"
    return text


@dataclass
class Row:
    """One lane row on one slide: its lane, how it is drawn, and its entries per column."""

    lane: Lane
    look: style.LaneStyle
    cells: list[list[Entry]]
    height: float = 0.0
    size: float = style.CELL_PREFERRED


@dataclass
class TagPlan:
    """Pills laid out in a cell: (text, x offset, y offset, width, height) each, and the total height."""

    pills: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    height: float = 0.0
    hidden: int = 0


def pill_height(ctx: DeckContext, size: float, lines: int = 1) -> float:
    return ctx.fonts.line_height(size) * lines + 4


def pill_extra(height: float) -> float:
    """Horizontal room a pill needs beyond its text: padding, plus the text inset a fully
    rounded rectangle's geometry adds on each side (0.146 of its height)."""
    return 2 * TAG_PAD + 2 + 0.3 * height


def _pill_width(ctx: DeckContext, text: str, size: float) -> float:
    return ctx.fonts.width(text, size) / fit.WIDTH_SLACK + pill_extra(pill_height(ctx, size))


def plan_tags(
    ctx: DeckContext, tags: list[str], width: float, height: float | None, size: float
) -> TagPlan:
    """Pills flowing left to right in `width`; with a `height`, those that do not fit become "+N".

    A tag too long for one line becomes a two-line pill across the cell (cut with "…" if longer).
    """
    one_h = pill_height(ctx, size)
    plan = TagPlan()
    x = y = 0.0
    row_h = one_h
    for i, tag in enumerate(tags):
        text, w, h = tag, _pill_width(ctx, tag, size), one_h
        if w > width:
            inner = width - pill_extra(pill_height(ctx, size, 2))
            text = fit.shorten_to_lines(tag, ctx.fonts, size, inner, 2)
            lines = len(fit.wrap(text, ctx.fonts, size, inner))
            w, h = width, pill_height(ctx, size, lines)
        if x > 0 and x + w > width:
            x = 0.0
            y += row_h + TAG_GAP
            row_h = one_h
        if height is not None and y + h > height:
            plan.hidden = len(tags) - i
            break
        plan.pills.append((text, x, y, w, h))
        row_h = max(row_h, h)
        x += w + TAG_GAP
    if plan.hidden and plan.pills:
        # Say how many more there are ("+N", all of them in the notes): after the last pill
        # if it fits on that row, else in place of as few pills as it takes.
        _text, px, py, pw, _h = plan.pills[-1]
        more = f"+{plan.hidden}"
        mw = _pill_width(ctx, more, size)
        if px + pw + TAG_GAP + mw <= width:
            plan.pills.append((more, px + pw + TAG_GAP, py, mw, one_h))
        else:
            while plan.pills:
                _text, px, py, _w, _h = plan.pills.pop()
                plan.hidden += 1
                more = f"+{plan.hidden}"
                mw = _pill_width(ctx, more, size)
                if px + mw <= width:
                    plan.pills.append((more, px, py, mw, one_h))
                    break
    plan.height = max((py + ph for _t, _x, py, _w, ph in plan.pills), default=0.0)
    return plan


def _text_box_inner(width: float, height: float, look: style.LaneStyle) -> tuple[float, float]:
    left = TEXT_INSET[0] + (EDGE_WIDTH if look.edge else 0)
    return width - left - TEXT_INSET[2], height - TEXT_INSET[1] - TEXT_INSET[3]


def _cell_texts(row: Row, i: int) -> list[str]:
    return [_display(e, row.look) for e in row.cells[i] if e.text.strip()]


def _cell_tags(row: Row, i: int) -> list[str]:
    return [t for e in row.cells[i] for t in split_tags(e.text)]


def _needed_height(ctx: DeckContext, row: Row, i: int, width: float, size: float) -> float:
    if row.look.tags:
        tags = _cell_tags(row, i)
        if not tags:
            return 0.0
        return plan_tags(ctx, tags, width - 6, None, size).height + 6
    texts = _cell_texts(row, i)
    if not texts:
        return 0.0
    inner_w, _ = _text_box_inner(width, 1000, row.look)
    blocks = [Block(tuple(texts), TextStyle(bold=row.look.bold, italic=row.look.italic))]
    wrap_w = inner_w - (9 if len(texts) > 1 else 0)
    return fit.block_height(blocks, ctx.fonts, size, wrap_w) + TEXT_INSET[1] + TEXT_INSET[3]


def _row_size(ctx: DeckContext, row: Row, width: float) -> float:
    """The one size a lane row is set in: the largest (≤ 11 pt) at which every cell fits, else 8 pt."""
    top = 9.5 if row.look.tags else style.CELL_MAX
    size = top
    while size >= fit.MIN_SIZE:
        if all(
            _needed_height(ctx, row, i, width, size) <= row.height for i in range(len(row.cells))
        ):
            return size
        size -= 0.5
    return fit.MIN_SIZE


def plan_rows(ctx: DeckContext, rows: list[Row], width: float, available: float) -> None:
    """Give each row a height and a font size.

    Prefer one size for every row (the largest at which all rows fit, sharing the spare room
    evenly); when even 8 pt does not fit, rows share the room in proportion to their content.
    """
    min_h = ctx.fonts.line_height(9) + TEXT_INSET[1] + TEXT_INSET[3] + 1
    room = available - style.GUTTER * (len(rows) - 1)
    size = style.CELL_MAX
    while size >= fit.MIN_SIZE:
        needs = [
            max(
                [min_h]
                + [
                    _needed_height(ctx, row, i, width, min(size, 9.5) if row.look.tags else size)
                    for i in range(len(row.cells))
                ]
            )
            for row in rows
        ]
        if sum(needs) <= room:
            heights = share_heights(needs, [min_h] * len(rows), room)
            for row, h in zip(rows, heights, strict=True):
                row.height = h
                row.size = min(size, 9.5) if row.look.tags else size
            return
        size -= 0.5
    desired = [min(max(n, min_h), room * 0.45) for n in needs]
    heights = share_heights(desired, [min_h] * len(rows), room)
    for row, h in zip(rows, heights, strict=True):
        row.height = h
        row.size = _row_size(ctx, row, width)


def lane_pages(ctx: DeckContext, lanes: list[Lane], available: float) -> list[list[Lane]]:
    """Lanes split over slides when there are too many to read at two lines each."""
    two_lines = ctx.fonts.line_height(9) * 2 + TEXT_INSET[1] + TEXT_INSET[3] + style.GUTTER
    per_page = max(1, int(available // two_lines))
    return [lanes[i : i + per_page] for i in range(0, len(lanes), per_page)] or [[]]


def draw_row(
    ctx: DeckContext,
    canvas: Canvas,
    row: Row,
    columns: list[Column],
    xs: list[float],
    width: float,
    top: float,
    notes: Notes,
) -> None:
    """The lane label and every cell of one row, recording shortened text in the notes."""
    label_colour = {"pain_points": style.PAIN_EDGE, "opportunities": style.GAIN_EDGE}.get(
        row.lane.kind, style.INK
    )
    label_paras, _, _ = _label_paras(ctx, row.lane.name, row.height, label_colour)
    canvas.box(
        style.MARGIN,
        top,
        style.LABEL_WIDTH,
        row.height,
        label_paras,
        fill=style.LABEL_FILL,
        line=None,
        inset=(6, 4, 6, 4),
        anchor="ctr",
        name=f"Lane {row.lane.name}",
    )
    for i, column in enumerate(columns):
        entries = [e for e in row.cells[i] if e.text.strip()]
        if not entries:
            continue  # empty cells stay empty
        where = f"{column.label} · {row.lane.name}"
        x = xs[i]
        if row.look.tags:
            _draw_tags(ctx, canvas, row, i, x, top, width, where, notes)
            continue
        texts = _cell_texts(row, i)
        inner_w, inner_h = _text_box_inner(width, row.height, row.look)
        bullet = "•" if len(texts) > 1 else None
        wrap_w = inner_w - (9 if bullet else 0)
        text_style = TextStyle(bold=row.look.bold, italic=row.look.italic)
        shown, cut = fit_paragraphs(ctx.fonts, texts, wrap_w, inner_h, row.size, text_style)
        if cut:
            for entry in entries:
                notes.add_shortened(where, entry.source, entry.text)
        paras = [
            Para(
                [Run(t, row.size, bold=row.look.bold, italic=row.look.italic, colour=row.look.ink)],
                bullet=bullet,
                bullet_colour=row.look.edge or row.look.ink,
                indent=9.0 if bullet else 0.0,
            )
            for t in shown
        ]
        left_inset = TEXT_INSET[0] + (EDGE_WIDTH if row.look.edge else 0)
        canvas.box(
            x,
            top,
            width,
            row.height,
            paras,
            fill=row.look.fill,
            line=row.look.border,
            line_width=0.5,
            inset=(left_inset, TEXT_INSET[1], TEXT_INSET[2], TEXT_INSET[3]),
            name=f"Cell {row.lane.name}",
        )
        if row.look.edge:
            canvas.box(x, top, EDGE_WIDTH, row.height, fill=row.look.edge, line=None, name="Edge")


def _label_paras(ctx: DeckContext, name: str, height: float, colour: str):
    from mapbridge.exporters.deck.common import fitted_box_paras

    return fitted_box_paras(
        ctx.fonts,
        [name],
        style.LABEL_WIDTH - 12,
        height - 8,
        max_size=style.LABEL_SIZE,
        bold=True,
        colour=colour,
    )


def _draw_tags(
    ctx: DeckContext,
    canvas: Canvas,
    row: Row,
    i: int,
    x: float,
    top: float,
    width: float,
    where: str,
    notes: Notes,
) -> None:
    tags = _cell_tags(row, i)
    plan = plan_tags(ctx, tags, width - 6, row.height - 6, row.size)
    shortened = plan.hidden or any(
        text.endswith(fit.ELLIPSIS) and text not in tags for text, *_rest in plan.pills
    )
    if shortened:
        for entry in row.cells[i]:
            notes.add_shortened(where, entry.source, entry.text)
    for text, px, py, pw, ph in plan.pills:
        canvas.box(
            x + 3 + px,
            top + 3 + py,
            pw,
            ph,
            [Para([Run(text, row.size, colour=style.INK_SOFT)], align="ctr")],
            fill=style.TAG_FILL,
            line=style.TAG_EDGE,
            line_width=0.5,
            geom="roundRect",
            adjust=50000 if ph < pill_height(ctx, row.size, 2) else 30000,
            inset=(TAG_PAD, 0, TAG_PAD, 0),
            anchor="ctr",
            name=f"Tag {row.lane.name}",
        )


def draw_stage_headers(
    ctx: DeckContext,
    canvas: Canvas,
    columns: list[Column],
    xs: list[float],
    width: float,
    top: float,
    first_page: bool,
) -> float:
    """Stage headers (bold caps) spanning their step columns, and a step row when there are steps."""
    has_steps = any(c.step for c in columns)
    spans: list[tuple[Column, int, int]] = []
    for i, column in enumerate(columns):
        if spans and spans[-1][0].stage.id == column.stage.id:
            spans[-1] = (spans[-1][0], spans[-1][1], i)
        else:
            spans.append((column, i, i))
    for column, start, end in spans:
        x = xs[start]
        w = xs[end] + width - x
        name = column.stage.name
        if not first_page and start == 0 and column.number > 1 and _continues(columns, column):
            name += " (cont.)"
        paras, _, _ = _header_paras(ctx, name, w, STAGE_ROW)
        canvas.box(
            x,
            top,
            w,
            STAGE_ROW,
            paras,
            fill=style.HEADER_FILL,
            line=None,
            inset=(6, 2, 6, 2),
            anchor="ctr",
            name=f"Stage {column.stage.name}",
        )
    bottom = top + STAGE_ROW
    if has_steps:
        for i, column in enumerate(columns):
            if column.step is None:
                continue
            text, size = fit_one_line(
                ctx.fonts, column.step.name, width - 8, style.STEP_SIZE, fit.MIN_SIZE
            )
            canvas.box(
                xs[i],
                bottom + 2,
                width,
                STEP_ROW,
                [Para([Run(text, size, colour=style.INK_SOFT)], align="ctr")],
                fill=style.BAND_FILL,
                line=None,
                inset=(4, 1, 4, 1),
                anchor="ctr",
                name=f"Step {column.step.name}",
            )
        bottom += STEP_ROW + 2
    return bottom


def _continues(columns: list[Column], column: Column) -> bool:
    """True when this page starts inside a stage whose earlier steps were on the previous slide."""
    if column.step is None:
        return False
    return column.stage.steps and column.step.name != column.stage.steps[0].name


def _header_paras(ctx: DeckContext, name: str, width: float, height: float):
    from mapbridge.exporters.deck.common import fitted_box_paras

    return fitted_box_paras(
        ctx.fonts,
        [name.upper()],
        width - 12,
        height - 4,
        max_size=style.STAGE_SIZE,
        min_size=fit.MIN_SIZE,
        bold=True,
        colour=style.INK,
        align="ctr",
    )


def draw_curve_band(
    ctx: DeckContext,
    slide,
    canvas: Canvas,
    columns: list[Column],
    xs: list[float],
    width: float,
    band: Band,
    curves: list[Curve],
    point_labels: list[tuple[int, float, str]] | None = None,
    legend: list[tuple[str, str, bool]] | None = None,
    scale_note: str = "",
    label: str = "Emotion",
) -> None:
    """The emotion band: label column, a native chart aligned with the columns, raw values by the points."""
    canvas.box(
        style.MARGIN,
        band.top,
        ctx.content_width,
        band.height,
        fill=style.BAND_FILL,
        line=None,
        name="Curve band",
    )
    label_text, label_size = fit_one_line(
        ctx.fonts, label, style.LABEL_WIDTH - 30, style.LABEL_SIZE, fit.MIN_SIZE, bold=True
    )
    label_paras = [Para([Run(label_text, label_size, bold=True, colour=style.INK)])]
    if scale_note:
        label_paras.append(Para([Run(scale_note, 8.0, colour=style.MUTED)]))
    canvas.text(
        style.MARGIN + 6,
        band.top + 6,
        style.LABEL_WIDTH - 12,
        34,
        label_paras,
        name="Emotion label",
    )
    chart_top, chart_h = band.top + 4, band.height - 8
    plus_y = plot_y(1.0, chart_top, chart_h)
    minus_y = plot_y(-1.0, chart_top, chart_h)
    zero_y = plot_y(0.0, chart_top, chart_h)
    for sign, y in (("+", plus_y), ("0", zero_y), ("−", minus_y)):
        canvas.text(
            style.MARGIN + style.LABEL_WIDTH - 16,
            y - 7,
            12,
            14,
            [Para([Run(sign, 9.0, bold=True, colour=style.MUTED)], align="r")],
            anchor="ctr",
            name="Scale mark",
        )
    if legend:
        y = band.top + 40
        for name, colour, dashed in legend:
            canvas.line(
                style.MARGIN + 6,
                y + 6,
                style.MARGIN + 20,
                y + 6,
                colour,
                2.0,
                "dash" if dashed else None,
                name="Legend line",
            )
            text, size = fit_one_line(ctx.fonts, name, style.LABEL_WIDTH - 40, 8.0, 8.0)
            canvas.text(
                style.MARGIN + 24,
                y,
                style.LABEL_WIDTH - 40,
                12,
                [Para([Run(text, size, colour=style.INK_SOFT)])],
                anchor="ctr",
                name="Legend",
            )
            y += 13
    canvas.flush()
    if curves and any(v is not None for c in curves for v in c.values):
        left = xs[0] - style.GUTTER / 2
        total = len(columns) * (width + style.GUTTER)
        add_emotion_chart(
            slide,
            left,
            chart_top,
            total,
            chart_h,
            [c.label for c in columns],
            curves,
        )
        canvas.sync_ids()
    for i, score, raw in point_labels or []:
        y = plot_y(score, chart_top, chart_h)
        label_y = y - 19 if score < 0.55 else y + 6
        text, size = fit_one_line(ctx.fonts, raw, width - 4, 8.5, fit.MIN_SIZE)
        canvas.text(
            xs[i],
            label_y,
            width,
            13,
            [Para([Run(text, size, colour=style.INK_SOFT)], align="ctr")],
            anchor="ctr",
            name="Emotion value",
        )


def _emotion_curves(
    journey: Journey, columns: list[Column], colour: str
) -> tuple[list[Curve], list[tuple[int, float, str]], list]:
    index = EntryIndex(journey)
    curves: list[Curve] = []
    labels: list[tuple[int, float, str]] = []
    emotion_lanes = journey.emotion_lanes()
    for n, lane in enumerate(emotion_lanes):
        values: list[float | None] = []
        for i, column in enumerate(columns):
            scored = [e for e in index.at(column, lane.id) if e.emotion is not None]
            if not scored:
                values.append(None)
                continue
            score = sum(e.emotion.score for e in scored) / len(scored)
            values.append(score)
            if n == 0:
                raw = " / ".join(dict.fromkeys(e.emotion.raw for e in scored))
                labels.append((i, score, raw))
        name = lane.name if len(emotion_lanes) > 1 else "Emotion"
        dashed = lane.variant == "to-be" or n > 0
        curves.append(Curve(name=name, colour=colour, values=values, dashed=dashed))
    legend = [(c.name, c.colour, c.dashed) for c in curves] if len(curves) > 1 else []
    return curves, labels, legend


def _scale_note(journey: Journey) -> str:
    scale = journey.emotion_scale
    if scale in (None, "word", "face"):
        return "words / faces" if scale else ""
    low, high = scale.split("..")
    return f"scale {low.replace('-', '−')} to {high}"


def build_map_slides(
    ctx: DeckContext, journey: Journey, decision: LayoutDecision | None, persona: Persona | None
) -> None:
    """The slides of one persona map: columns paged at 8, lanes paged when there are too many."""
    columns = map_columns(journey)
    pages = page_columns(columns, ctx.columns_per_slide) if columns else [[]]
    index = EntryIndex(journey)
    colour = ctx.colour(journey.persona_id)
    text_lanes = [lane for lane in journey.lanes if lane.kind != "emotion"]
    has_curve = bool(journey.emotion_lanes()) and any(
        e.emotion is not None for e in journey.entries
    )
    total = len(columns)
    for page_no, page in enumerate(pages):
        lanes_here = [
            lane
            for lane in text_lanes
            if any(e.text.strip() for c in page for e in index.at(c, lane.id))
        ]
        has_steps = any(c.step for c in page)
        grid_top = HEADER_TOP + STAGE_ROW + (STEP_ROW + 2 if has_steps else 0) + style.GUTTER
        band_h = CURVE_BAND if has_curve else 0.0
        grid_bottom = footer_top(ctx) - (band_h + 6 if band_h else 4)
        lane_groups = lane_pages(ctx, lanes_here, grid_bottom - grid_top)
        for lane_page_no, lanes in enumerate(lane_groups):
            _one_map_slide(
                ctx,
                journey,
                persona,
                decision,
                page,
                lanes,
                index,
                colour,
                (page_no, len(pages), lane_page_no, len(lane_groups), total),
                grid_top,
                grid_bottom,
                band_h if lane_page_no == 0 else 0.0,
            )


def _one_map_slide(
    ctx,
    journey,
    persona,
    decision,
    page,
    lanes,
    index,
    colour,
    paging,
    grid_top,
    grid_bottom,
    band_h,
):
    page_no, pages, lane_page_no, lane_pages_n, total = paging
    who = persona.name if persona else "Everyone"
    role = f" · {persona.role}" if persona and persona.role else ""
    info = SlideInfo("map", f"{who} · {journey.name}", [persona.id] if persona else [])
    slide, canvas = ctx.new_slide("content", info)
    stage_numbers = [
        i + 1 for i, s in enumerate(journey.stages) if any(c.stage.id == s.id for c in page)
    ]
    if stage_numbers:
        a, b = stage_numbers[0], stage_numbers[-1]
        range_note = (
            f"stage {a} of {len(journey.stages)}"
            if a == b
            else f"stages {a}–{b} of {len(journey.stages)}"
        )
    else:
        range_note = "no stages"
    continued = page_no > 0 or lane_page_no > 0
    subtitle = f"{journey.name} — journey map" + (" (continued)" if continued else "")
    if lane_pages_n > 1:
        range_note += f" · lanes {lane_page_no + 1} of {lane_pages_n}"
    header(
        ctx,
        slide,
        canvas,
        f"{who}{role}",
        subtitle,
        persona=persona,
        accent=colour,
        right_note=range_note,
    )
    notes = Notes(
        f"{who} · {journey.name}: journey map, {range_note}" + (" (continued)" if continued else "")
    )
    if decision is not None:
        notes.lines.append(f"Layout: {decision.reason}.")
    if not page:
        notes.lines.append("This map has no stages yet.")
        canvas.text(
            style.MARGIN,
            HEADER_TOP + 60,
            ctx.content_width,
            40,
            [
                Para(
                    [
                        Run(
                            "This map has no stages yet: add them in the workbook.",
                            14.0,
                            italic=True,
                            colour=style.MUTED,
                        )
                    ],
                    align="ctr",
                )
            ],
            anchor="ctr",
            name="Empty map",
        )
    xs, width = column_x(
        style.MARGIN + style.LABEL_WIDTH + style.GUTTER,
        ctx.content_width - style.LABEL_WIDTH - style.GUTTER,
        max(1, len(page)),
    )
    if page:
        draw_stage_headers(ctx, canvas, page, xs, width, HEADER_TOP, page_no == 0)
    rows = [
        Row(lane, style.lane_style(lane.kind), [index.at(c, lane.id) for c in page])
        for lane in lanes
    ]
    if rows:
        plan_rows(ctx, rows, width, grid_bottom - grid_top)
    y = grid_top
    for row in rows:
        draw_row(ctx, canvas, row, page, xs, width, y, notes)
        y += row.height + style.GUTTER
    if band_h and page:
        curves, labels, legend = _emotion_curves(journey, page, colour)
        band = Band(grid_bottom + 6 - 2, band_h - 2)
        lanes_e = journey.emotion_lanes()
        draw_curve_band(
            ctx,
            slide,
            canvas,
            page,
            xs,
            width,
            band,
            curves,
            labels,
            legend,
            _scale_note(journey),
            lanes_e[0].name if len(lanes_e) == 1 else "Emotion",
        )
    footer(ctx, canvas, _map_footer(ctx, journey))
    canvas.flush()
    notes.add_source("Map", [journey.source])
    notes.add_source(
        "Stages", [c.stage.source for c in page if c.step is None or c.step == c.stage.steps[0]]
    )
    steps = [c.step.source for c in page if c.step]
    if steps:
        notes.add_source("Steps", steps)
    for column in page:
        cells = [
            f"{lane.name} {e.source}"
            for lane in journey.lanes
            for e in index.at(column, lane.id)
            if e.source and e.text.strip()
        ]
        if cells:
            notes.sources.append(f"• {column.label}: {', '.join(cells)}")
    set_notes(slide, notes)


def _map_footer(ctx: DeckContext, journey: Journey) -> str:
    parts = [ctx.source_name]
    if journey.source:
        parts.append(journey.source.sheet)
    if journey.owner:
        parts.append(f"owner {journey.owner}")
    if journey.last_reviewed:
        parts.append(f"last reviewed {format_date(journey.last_reviewed)}")
    return " · ".join(p for p in parts if p)


# --- Persona-layered comparison -------------------------------------------------------------

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


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _lane_key(lane: Lane) -> str:
    return lane.kind if lane.kind != "custom" else f"custom:{_norm(lane.name)}"


@dataclass
class Stripe:
    """One persona's (or several personas' shared) content in a layered cell."""

    text: str
    persona_ids: list[str]
    entries: list[Entry]


def build_layered_slides(
    ctx: DeckContext, decision: LayoutDecision, journeys: list[Journey]
) -> None:
    """The layered comparison over the shared stages, split into groups of at most 5 personas."""
    maps = [j for j in journeys if j.persona_id and j.persona_id in set(decision.persona_ids)]
    if len(maps) < 2 or not decision.shared_stage_ids:
        return
    per = style.MAX_LAYERED_PERSONAS
    groups = [maps[i : i + per] for i in range(0, len(maps), per)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2][:-1], [groups[-2][-1], groups[-1][0]]]
    shared = decision.shared_stage_ids
    per_page = ctx.columns_per_slide
    stage_pages = [shared[i : i + per_page] for i in range(0, len(shared), per_page)]
    for n, group in enumerate(groups):
        for page_no, stage_ids in enumerate(stage_pages):
            _layered_slide(
                ctx,
                decision,
                group,
                (n, len(groups), len(maps)),
                stage_ids,
                (page_no, len(stage_pages)),
            )


def _layered_slide(
    ctx,
    decision,
    maps: list[Journey],
    grouping: tuple[int, int, int],
    stage_ids: list[str],
    paging: tuple[int, int],
) -> None:
    group_no, groups, persona_total = grouping
    page_no, pages = paging
    first = maps[0]
    stage_by_id = {s.id: s for s in first.stages}
    offset = decision.shared_stage_ids.index(stage_ids[0])
    stages = [stage_by_id[sid] for sid in stage_ids if sid in stage_by_id]
    columns = [Column(stage, None, offset + i + 1) for i, stage in enumerate(stages)]
    personas = [ctx.workspace.persona(j.persona_id) for j in maps]
    names = [p.name if p else j.persona_id for p, j in zip(personas, maps, strict=True)]
    info = SlideInfo(
        "layered", f"{decision.journey_name}: persona comparison", [j.persona_id for j in maps]
    )
    slide, canvas = ctx.new_slide("content", info)
    who = (
        f"personas {group_no * style.MAX_LAYERED_PERSONAS + 1}–{group_no * style.MAX_LAYERED_PERSONAS + len(maps)} of {persona_total}"
        if groups > 1
        else f"{len(maps)} personas"
    )
    n_shared = len(decision.shared_stage_ids)
    subtitle = f"Persona comparison over {n_shared} shared stage{'s' if n_shared != 1 else ''}"
    if pages > 1:
        who += f" · stages {offset + 1}–{offset + len(stages)} of {n_shared}"
        if page_no:
            subtitle += " (continued)"
    if decision.left_out:
        dropped = sorted({s for v in decision.left_out.values() for s in v})
        subtitle += f"; left out: {', '.join(dropped)}"
    header(ctx, slide, canvas, f"{decision.journey_name}", subtitle, right_note=who)
    notes = Notes(f"{decision.journey_name}: persona comparison ({who})")
    notes.lines.append(f"Layout: {decision.reason}.")
    if groups > 1:
        notes.lines.append(
            f"{persona_total} personas are more than one slide shows legibly, so the comparison is split over {groups} groups of personas."
        )

    # Legend row: colour chip + name + kind, one per persona.
    legend_y = HEADER_TOP - 2
    x = style.MARGIN + style.LABEL_WIDTH + style.GUTTER
    item_w = (ctx.content_width - style.LABEL_WIDTH - style.GUTTER) / len(maps)
    for journey, persona, name in zip(maps, personas, names, strict=True):
        kind = style.KIND_LABELS.get(persona.kind if persona else "research", "Persona")
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
    top = HEADER_TOP + 18
    xs, width = column_x(
        style.MARGIN + style.LABEL_WIDTH + style.GUTTER,
        ctx.content_width - style.LABEL_WIDTH - style.GUTTER,
        len(columns),
    )
    draw_stage_headers(ctx, canvas, columns, xs, width, top, page_no == 0)
    grid_top = top + STAGE_ROW + style.GUTTER
    has_curve = any(j.emotion_lanes() for j in maps)
    grid_bottom = footer_top(ctx) - (CURVE_BAND + 6 if has_curve else 4)

    # Which lanes to compare: the most telling kinds the maps have, in map order.
    lane_by_key: dict[str, Lane] = {}
    for journey in maps:
        for lane in journey.lanes:
            if lane.kind != "emotion":
                lane_by_key.setdefault(_lane_key(lane), lane)
    # More personas means more stripes per cell: fewer lanes keep each stripe readable.
    max_lanes = LAYERED_MAX_LANES if len(maps) <= 3 else 2
    chosen = [k for k in LAYERED_PRIORITY if k in lane_by_key][:max_lanes]
    ordered = [k for k in lane_by_key if k in chosen]
    indexes = {j.id: EntryIndex(j) for j in maps}
    rows: list[tuple[Lane, list[list[Stripe]]]] = []
    for key in ordered:
        cells: list[list[Stripe]] = []
        for column in columns:
            cells.append(_stripes(maps, indexes, column, key))
        if any(cells):
            rows.append((lane_by_key[key], cells))
    if rows:
        available = grid_bottom - grid_top - style.GUTTER * (len(rows) - 1)
        heights = _layered_heights(ctx, [cells for _, cells in rows], width, available)
        y = grid_top
        for (lane, cells), height in zip(rows, heights, strict=True):
            _layered_row(ctx, canvas, lane, cells, columns, xs, width, y, height, notes)
            y += height + style.GUTTER
    shown_lanes = ", ".join(lane_by_key[k].name for k in ordered)
    notes.lines.append(
        f"Lanes compared: {shown_lanes or 'none'}; each persona's map carries every lane."
    )
    if has_curve:
        curves = []
        for journey, persona, name in zip(maps, personas, names, strict=True):
            kind = style.KIND_LABELS.get(persona.kind if persona else "research", "Persona").lower()
            lane = journey.emotion_lanes()[0] if journey.emotion_lanes() else None
            values: list[float | None] = []
            for column in columns:
                scored = (
                    [e for e in indexes[journey.id].at(column, lane.id) if e.emotion]
                    if lane
                    else []
                )
                values.append(
                    sum(e.emotion.score for e in scored) / len(scored) if scored else None
                )
            curves.append(
                Curve(name=f"{name} ({kind})", colour=ctx.colour(journey.persona_id), values=values)
            )
        band = Band(grid_bottom + 4, CURVE_BAND - 2)
        draw_curve_band(
            ctx, slide, canvas, columns, xs, width, band, curves, None, None, _scale_note(first)
        )
    footer(
        ctx,
        canvas,
        " · ".join(
            p
            for p in (ctx.source_name, f"{len(maps)} persona maps of “{decision.journey_name}”")
            if p
        ),
    )
    canvas.flush()
    notes.add_source("Stages", [c.stage.source for c in columns])
    for journey, name in zip(maps, names, strict=True):
        notes.add_source(f"{name}'s map", [journey.source])
    set_notes(slide, notes)


def _stripes(maps: list[Journey], indexes, column: Column, key: str) -> list[Stripe]:
    """A layered cell: content two or more personas share first (as one stripe), then each persona's own."""
    by_text: dict[str, Stripe] = {}
    order: list[Stripe] = []
    for journey in maps:
        lanes = [lane for lane in journey.lanes if _lane_key(lane) == key]
        for lane in lanes:
            stage_column = Column(
                journey.stage(column.stage.id) or column.stage, None, column.number
            )
            entries = _stage_entries(journey, indexes[journey.id], stage_column, lane.id)
            for entry in entries:
                if not entry.text.strip():
                    continue
                norm = _norm(entry.text)
                stripe = by_text.get(norm)
                if stripe is None:
                    if style.lane_style(lane.kind).tags:
                        shown = " · ".join(split_tags(entry.text))
                    else:
                        # Several points typed on separate lines of one cell read as a list.
                        lines = [" ".join(line.split()) for line in entry.text.splitlines()]
                        shown = "; ".join(line for line in lines if line)
                    stripe = Stripe(shown, [], [])
                    by_text[norm] = stripe
                    order.append(stripe)
                if journey.persona_id not in stripe.persona_ids:
                    stripe.persona_ids.append(journey.persona_id)
                stripe.entries.append(entry)
    shared = [s for s in order if len(s.persona_ids) > 1]
    own = [s for s in order if len(s.persona_ids) == 1]
    return shared + own


def _stage_entries(
    journey: Journey, index: EntryIndex, column: Column, lane_id: str
) -> list[Entry]:
    """Every entry of a stage in a lane, whatever its step (the comparison is stage by stage)."""
    return [e for e in journey.entries if e.stage_id == column.stage.id and e.lane_id == lane_id]


STRIPE_GAP = 2.0
STRIPE_INSETS = (13.0, 5.0)  # horizontal, vertical room a stripe's text does not get


def _layered_heights(
    ctx, rows: list[list[list[Stripe]]], width: float, available: float
) -> list[float]:
    """Row heights for the comparison: one size for every stripe when the content allows it,
    the spare room shared evenly; else in proportion to how many stripes a row's cells hold."""
    size = 10.0
    while size >= fit.MIN_SIZE:
        needs = []
        for cells in rows:
            need = 0.0
            for stripes in cells:
                if not stripes:
                    continue
                tallest = max(
                    fit.block_height(
                        [Block((_stripe_text(st),))], ctx.fonts, size, width - STRIPE_INSETS[0]
                    )
                    for st in stripes
                )
                n = len(stripes)
                need = max(need, n * (tallest + STRIPE_INSETS[1]) + STRIPE_GAP * (n - 1))
            needs.append(max(need, ctx.fonts.line_height(size) + 8))
        if sum(needs) <= available:
            extra = (available - sum(needs)) / len(needs)
            return [n + extra for n in needs]
        size -= 0.5
    wants = [max(1, max(len(c) for c in cells)) for cells in rows]
    return [available * w / sum(wants) for w in wants]


def _layered_row(ctx, canvas, lane, cells, columns, xs, width, top, height, notes) -> None:
    look = style.lane_style(lane.kind)
    paras, _, _ = _label_paras(ctx, lane.name, height, style.INK)
    canvas.box(
        style.MARGIN,
        top,
        style.LABEL_WIDTH,
        height,
        paras,
        fill=style.LABEL_FILL,
        line=None,
        inset=(6, 4, 6, 4),
        anchor="ctr",
        name=f"Lane {lane.name}",
    )
    stripe_gap = STRIPE_GAP
    one_line = ctx.fonts.line_height(fit.MIN_SIZE) + 5
    # One size for the row: the largest at which every stripe fits its share of the cell.
    plans = []
    for i, stripes in enumerate(cells):
        if not stripes:
            plans.append((i, [], 0))
            continue
        capacity = max(1, int((height + stripe_gap) // (one_line + stripe_gap)))
        visible = stripes if len(stripes) <= capacity else stripes[: capacity - 1]
        hidden = len(stripes) - len(visible)
        plans.append((i, visible, hidden))
    boxes = []
    for _i, visible, hidden in plans:
        n = len(visible) + (1 if hidden else 0)
        if not n:
            continue
        h = (height - stripe_gap * (n - 1)) / n
        for stripe in visible:
            boxes.append(([Block((_stripe_text(stripe),), TextStyle())], width - 13, h - 5))
    size = fit.best_size(boxes, ctx.fonts, 10.0) if boxes else fit.MIN_SIZE
    for i, visible, hidden in plans:
        if not visible:
            continue
        n = len(visible) + (1 if hidden else 0)
        h = (height - stripe_gap * (n - 1)) / n
        y = top
        where = f"{columns[i].label} · {lane.name}"
        for stripe in visible:
            text = _stripe_text(stripe)
            shown, cut = fit_paragraphs(ctx.fonts, [text], width - 13, h - 5, size)
            if cut:
                for entry in stripe.entries:
                    notes.add_shortened(where, entry.source, entry.text)
            runs = []
            body = shown[0] if shown else ""
            if len(stripe.persona_ids) > 1:
                prefix = f"Shared by {len(stripe.persona_ids)}: "
                if body.startswith(prefix):
                    runs.append(Run(prefix, size, bold=True, colour=style.INK))
                    body = body[len(prefix) :]
            runs.append(
                Run(body, size, colour=look.ink if look.fill else style.INK, italic=look.italic)
            )
            fill = look.fill if look.fill and look.fill != style.WHITE else style.WHITE
            canvas.box(
                xs[i],
                y,
                width,
                h,
                [Para(runs)],
                fill=fill,
                line=style.RULE if fill == style.WHITE else None,
                line_width=0.5,
                inset=(8, 2.5, 5, 2.5),
                anchor="ctr",
                name=f"Stripe {lane.name}",
            )
            # The persona colour edge; a shared stripe shows every sharer's colour, stacked.
            seg = h / len(stripe.persona_ids)
            for k, pid in enumerate(stripe.persona_ids):
                canvas.box(
                    xs[i], y + k * seg, 4, seg, fill=ctx.colour(pid), line=None, name="Persona edge"
                )
            y += h + stripe_gap
        if hidden:
            more = f"+{hidden} more (see notes)"
            for stripe in cells[i][len(visible) :]:
                for entry in stripe.entries:
                    notes.add_shortened(where, entry.source, entry.text)
            text, s = fit_one_line(ctx.fonts, more, width - 10, size, fit.MIN_SIZE)
            canvas.text(
                xs[i] + 6,
                y,
                width - 10,
                h,
                [Para([Run(text, s, italic=True, colour=style.MUTED)])],
                anchor="ctr",
                name="More",
            )


def _stripe_text(stripe: Stripe) -> str:
    if len(stripe.persona_ids) > 1:
        return f"Shared by {len(stripe.persona_ids)}: {stripe.text}"
    return stripe.text
