"""The journey-map slide: one persona's map, stages across, lanes down, the emotion curve below, continued when wide."""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.exporters.deck import style
from mapbridge.exporters.deck.canvas import Para, Run
from mapbridge.exporters.deck.chart import Curve
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.grid import (
    Band,
    Column,
    EntryIndex,
    column_x,
    map_columns,
)
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.exporters.deck.lanes import (
    CURVE_BAND,
    CURVE_BAND_COMPACT,
    CurveBand,
    Row,
    draw_curve_band,
    draw_row,
    draw_stage_headers,
    plan_rows,
    rows_fit,
    scale_note,
)
from mapbridge.exporters.deck.paging import plan_map_pages
from mapbridge.layout import LayoutDecision
from mapbridge.model import Journey, Lane, Persona

#: Most room a map row gets beyond what its text needs (pt): about three more lines.
ROW_SPARE = 42.0


def _emotion_curves(
    journey: Journey, columns: list[Column], colour: str, index: EntryIndex
) -> tuple[list[Curve], list[tuple[int, float, str]], list]:
    curves: list[Curve] = []
    labels: list[tuple[int, float, str]] = []
    emotion_lanes = journey.emotion_lanes()
    for n, lane in enumerate(emotion_lanes):
        values: list[float | None] = []
        for i, column in enumerate(columns):
            score = index.score(column, lane.id)
            values.append(score)
            if n == 0 and score is not None:
                scored = [e.emotion for e in index.at(column, lane.id) if e.emotion is not None]
                raw = " / ".join(dict.fromkeys(emotion.raw for emotion in scored))
                labels.append((i, score, raw))
        name = lane.name if len(emotion_lanes) > 1 else "Emotion"
        dashed = lane.variant == "to-be" or n > 0
        curves.append(Curve(name=name, colour=colour, values=values, dashed=dashed))
    legend = [(c.name, c.colour, c.dashed) for c in curves] if len(curves) > 1 else []
    return curves, labels, legend


@dataclass(frozen=True)
class MapPage:
    """One slide of a persona map: the columns and lanes it shows, where its grid starts, and
    its place among the map's slides (column pages x lane pages)."""

    journey: Journey
    persona: Persona | None
    decision: LayoutDecision | None
    columns: list[Column]
    lanes: list[Lane]
    index: EntryIndex
    colour: str
    page_no: int
    pages: int
    lane_page_no: int
    lane_pages: int
    grid_top: float
    #: Height of the curve band; 0 on slides without one (lane pages after the first).
    band_h: float

    @property
    def who(self) -> str:
        return self.persona.name if self.persona else "Everyone"

    @property
    def role(self) -> str:
        return f" · {self.persona.role}" if self.persona and self.persona.role else ""

    @property
    def continued(self) -> bool:
        return self.page_no > 0 or self.lane_page_no > 0


def build_map_slides(
    ctx: DeckContext, journey: Journey, decision: LayoutDecision | None, persona: Persona | None
) -> None:
    """The slides of one persona map: columns in balanced pages of at most 8, and lanes continued
    on further slides when their text would not show whole at 9 pt (see `paging`)."""
    index = EntryIndex(journey, ctx.cells(journey))
    columns = map_columns(journey, index.cells)
    colour = ctx.colour(journey.persona_id)
    text_lanes = [lane for lane in journey.lanes if lane.kind != "emotion"]
    has_curve = bool(journey.emotion_lanes()) and any(
        e.emotion is not None for e in journey.entries
    )
    band_h = CURVE_BAND if has_curve else 0.0
    pages = plan_map_pages(ctx, columns, text_lanes, index, band_h)
    for page_no, page in enumerate(pages):
        lane_groups = page.lanes.groups
        for lane_page_no, lanes in enumerate(lane_groups):
            _one_map_slide(
                ctx,
                MapPage(
                    journey=journey,
                    persona=persona,
                    decision=decision,
                    columns=page.columns,
                    lanes=lanes,
                    index=index,
                    colour=colour,
                    page_no=page_no,
                    pages=len(pages),
                    lane_page_no=lane_page_no,
                    lane_pages=len(lane_groups),
                    grid_top=page.grid_top,
                    band_h=band_h if lane_page_no == 0 else 0.0,
                ),
            )


def _one_map_slide(ctx: DeckContext, page: MapPage) -> None:
    """One slide of a map: header, stage headers, lane rows, the curve band, footer and notes."""
    journey, persona = page.journey, page.persona
    info = SlideInfo("map", f"{page.who} · {journey.name}", [persona.id] if persona else [])
    slide, canvas = ctx.new_slide("content", info)
    notes = _map_header(ctx, slide, canvas, page)
    if not page.columns:
        _empty_map(ctx, canvas, notes)
    xs, width = column_x(
        ctx.left + style.LABEL_WIDTH + style.GUTTER,
        ctx.content_width - style.LABEL_WIDTH - style.GUTTER,
        max(1, len(page.columns)),
    )
    if page.columns:
        draw_stage_headers(ctx, canvas, page.columns, xs, width, ctx.grid_top, page.page_no == 0)
    band_h, grid_bottom = _lane_rows(ctx, canvas, page, xs, width, notes)
    if band_h and page.columns:
        _curve_band(ctx, slide, canvas, page, xs, width, Band(grid_bottom + 6 - 2, band_h - 2))
    _emotion_values_note(page, notes)
    footer(ctx, canvas, _map_footer(ctx, journey))
    canvas.flush()
    _source_notes(page, notes)
    set_notes(slide, notes)


def _range_note(page: MapPage) -> str:
    """Which stages (and lane page) this slide shows: "stages 3–5 of 9 · lanes 1 of 2"."""
    stages = page.journey.stages
    numbers = [i + 1 for i, s in enumerate(stages) if any(c.stage.id == s.id for c in page.columns)]
    if numbers:
        a, b = numbers[0], numbers[-1]
        note = f"stage {a} of {len(stages)}" if a == b else f"stages {a}–{b} of {len(stages)}"
    else:
        note = "no stages"
    if page.lane_pages > 1:
        note += f" · lanes {page.lane_page_no + 1} of {page.lane_pages}"
    return note


def _map_header(ctx: DeckContext, slide, canvas, page: MapPage) -> Notes:
    """The header (persona, role, journey, which stages) and the notes it starts."""
    journey = page.journey
    range_note = _range_note(page)
    subtitle = f"{journey.name} — journey map" + (" (continued)" if page.continued else "")
    header(
        ctx,
        slide,
        canvas,
        f"{page.who}{page.role}",
        subtitle,
        persona=page.persona,
        accent=page.colour,
        right_note=range_note,
    )
    notes = Notes(
        f"{page.who}{page.role} · {journey.name}: journey map, {range_note}"
        + (" (continued)" if page.continued else "")
    )
    if page.decision is not None:
        notes.lines.append(f"Layout: {page.decision.reason}.")
    return notes


def _empty_map(ctx: DeckContext, canvas, notes: Notes) -> None:
    """What a map with no stages shows instead of a grid."""
    notes.lines.append("This map has no stages yet.")
    canvas.text(
        ctx.left,
        ctx.grid_top + 60,
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


def _lane_rows(
    ctx: DeckContext, canvas, page: MapPage, xs: list[float], width: float, notes: Notes
) -> tuple[float, float]:
    """The lane rows, sized to the room left; returns the curve band's height and the grid's bottom.

    Dense lanes get the room a smaller curve band leaves rather than smaller text.
    """
    rows = [
        Row(lane, style.lane_style(lane.kind), [page.index.at(c, lane.id) for c in page.columns])
        for lane in page.lanes
    ]
    band_h = page.band_h
    grid_bottom = ctx.bottom - (band_h + 6 if band_h else 4)
    if rows and band_h and not rows_fit(ctx, rows, width, grid_bottom - page.grid_top, 9.0):
        band_h = CURVE_BAND_COMPACT
        grid_bottom = ctx.bottom - (band_h + 6)
    if rows:
        # A slide with little text keeps its rows a little taller than the text, not stretched
        # to the footer (a continued lane slide of two short lanes was two huge empty boxes);
        # the curve band follows the grid.
        plan_rows(ctx, rows, width, grid_bottom - page.grid_top, max_extra=ROW_SPARE)
    y = page.grid_top
    for row in rows:
        draw_row(ctx, canvas, row, page.columns, xs, width, y, notes)
        y += row.height + style.GUTTER
    if rows:
        grid_bottom = min(grid_bottom, y - style.GUTTER)
    return band_h, grid_bottom


def _curve_band(
    ctx: DeckContext, slide, canvas, page: MapPage, xs: list[float], width: float, band: Band
) -> None:
    """The emotion curves under the grid, one point per column."""
    journey = page.journey
    curves, labels, legend = _emotion_curves(journey, page.columns, page.colour, page.index)
    lanes = journey.emotion_lanes()
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
            point_labels=labels,
            legend=legend,
            scale_note=scale_note(journey),
            label=lanes[0].name if len(lanes) == 1 else "Emotion",
        ),
    )


def _emotion_values_note(page: MapPage, notes: Notes) -> None:
    """The curves' values as typed, per column: the chart shows them as points only."""
    for lane in page.journey.emotion_lanes():
        values = [
            f"{column.label} {' / '.join(e.text.strip() for e in cells)}"
            for column in page.columns
            if (cells := [e for e in page.index.at(column, lane.id) if e.text.strip()])
        ]
        if values:
            notes.lines.append(f"{lane.name}: {' · '.join(values)}")


def _source_notes(page: MapPage, notes: Notes) -> None:
    """Where the slide's content came from: the map, its stages and steps, every cell shown."""
    journey, columns = page.journey, page.columns
    notes.add_source("Map", [journey.source])
    notes.add_source(
        "Stages", [c.stage.source for c in columns if c.step is None or c.step == c.stage.steps[0]]
    )
    steps = [c.step.source for c in columns if c.step]
    if steps:
        notes.add_source("Steps", steps)
    for column in columns:
        cells = [
            f"{lane.name} {e.source}"
            for lane in journey.lanes
            for e in page.index.at(column, lane.id)
            if e.source and e.text.strip()
        ]
        if cells:
            notes.sources.append(f"• {column.label}: {', '.join(cells)}")


def _map_footer(ctx: DeckContext, journey: Journey) -> str:
    parts = [ctx.file_name(journey.source)]
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
