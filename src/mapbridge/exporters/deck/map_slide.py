"""The journey-map slide: one persona's map, stages across, lanes down, the emotion curve below, continued when wide."""

from __future__ import annotations

from mapbridge.exporters.deck import style
from mapbridge.exporters.deck.canvas import Para, Run
from mapbridge.exporters.deck.chart import Curve
from mapbridge.exporters.deck.common import (
    DeckContext,
    Notes,
    SlideInfo,
    footer,
    footer_top,
    format_date,
    header,
    set_notes,
)
from mapbridge.exporters.deck.grid import (
    Band,
    Column,
    EntryIndex,
    column_x,
    map_columns,
    page_columns,
)
from mapbridge.exporters.deck.lanes import (
    CURVE_BAND,
    CURVE_BAND_COMPACT,
    HEADER_TOP,
    STAGE_ROW,
    STEP_ROW,
    Row,
    draw_curve_band,
    draw_row,
    draw_stage_headers,
    lane_pages,
    plan_rows,
    rows_fit,
    scale_note,
)
from mapbridge.layout import LayoutDecision
from mapbridge.model import Journey, Persona


def _emotion_curves(
    journey: Journey, columns: list[Column], colour: str, index: EntryIndex
) -> tuple[list[Curve], list[tuple[int, float, str]], list]:
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
        f"{who}{role} · {journey.name}: journey map, {range_note}"
        + (" (continued)" if continued else "")
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
    grid_bottom = footer_top(ctx) - (band_h + 6 if band_h else 4)
    if rows and band_h and not rows_fit(ctx, rows, width, grid_bottom - grid_top, 9.0):
        # Dense lanes get the room a smaller curve band leaves rather than smaller text.
        band_h = CURVE_BAND_COMPACT
        grid_bottom = footer_top(ctx) - (band_h + 6)
    if rows:
        plan_rows(ctx, rows, width, grid_bottom - grid_top)
    y = grid_top
    for row in rows:
        draw_row(ctx, canvas, row, page, xs, width, y, notes)
        y += row.height + style.GUTTER
    if band_h and page:
        curves, labels, legend = _emotion_curves(journey, page, colour, index)
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
            scale_note(journey),
            lanes_e[0].name if len(lanes_e) == 1 else "Emotion",
        )
    # The curves' values as typed, per column: the chart shows them as points only.
    for lane in journey.emotion_lanes():
        values = [
            f"{column.label} {' / '.join(e.text.strip() for e in cells)}"
            for column in page
            if (cells := [e for e in index.at(column, lane.id) if e.text.strip()])
        ]
        if values:
            notes.lines.append(f"{lane.name}: {' · '.join(values)}")
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
    if journey.last_updated:
        parts.append(f"updated {format_date(journey.last_updated)}")
    if journey.review_every_days:
        parts.append(f"review every {journey.review_every_days} days")
    return " · ".join(p for p in parts if p)
