"""The parts of a map slide's grid: lane rows (cards, tags, fitted text), stage headers, and the emotion band."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.chart import Curve, add_emotion_chart, plot_y
from mapbridge.exporters.deck.context import DeckContext, Notes
from mapbridge.exporters.deck.fit import (
    Block,
    TextStyle,
    fit_one_line,
    fit_paragraphs,
    fitted_box_paras,
)
from mapbridge.exporters.deck.grid import (
    Band,
    Column,
    share_heights,
)
from mapbridge.model import Entry, Journey, Lane

_TAG_SPLIT = re.compile(r"\s*(?:[,;\n•|]|\s/\s)\s*")
TEXT_INSET = (5.0, 4.0, 5.0, 4.0)
EDGE_WIDTH = 3.0
TAG_GAP = 3.0
TAG_PAD = 5.0
STAGE_ROW = 26.0
STEP_ROW = 18.0
CURVE_BAND = 96.0
#: The curve band of a map whose lanes need the room (their text would drop below 9 pt).
CURVE_BAND_COMPACT = 74.0


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
    cells: list[Sequence[Entry]]
    height: float = 0.0
    size: float = style.CELL_PREFERRED
    #: What each cell shows (tags, or display texts), worked out once for row planning.
    _contents: list[tuple[str, ...]] | None = field(default=None, repr=False)

    def contents(self, i: int) -> tuple[str, ...]:
        if self._contents is None:
            if self.look.tags:
                self._contents = [tuple(_cell_tags(self, k)) for k in range(len(self.cells))]
            else:
                self._contents = [tuple(_cell_texts(self, k)) for k in range(len(self.cells))]
        return self._contents[i]


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
            lines = fit.line_count(text, ctx.fonts, size, inner)
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
    """Height cell `i` of a row needs at `size` (cached: row planning tries each size in turn)."""
    content = row.contents(i)
    if not content:
        return 0.0
    look = row.look
    key = ("needed", look.tags, look.bold, look.italic, bool(look.edge), content, width, size)
    cache = ctx.fonts.fit_cache
    found = cache.get(key)
    if found is None:
        found = _measure_needed(ctx, row.look, list(content), width, size)
        if len(cache) < 400_000:
            cache[key] = found
    return found  # type: ignore[return-value]


def _measure_needed(
    ctx: DeckContext, look: style.LaneStyle, content: list[str], width: float, size: float
) -> float:
    if look.tags:
        return plan_tags(ctx, content, width - 6, None, size).height + 6
    texts = content
    inner_w, _ = _text_box_inner(width, 1000, look)
    blocks = [Block(tuple(texts), TextStyle(bold=look.bold, italic=look.italic))]
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


def _min_row_height(ctx: DeckContext) -> float:
    return ctx.fonts.line_height(9) + TEXT_INSET[1] + TEXT_INSET[3] + 1


def _row_needs(ctx: DeckContext, rows: list[Row], width: float, size: float) -> list[float]:
    """Height each row needs to show all its cells at `size` (tags at most 9.5 pt)."""
    min_h = _min_row_height(ctx)
    return [
        max(
            [min_h]
            + [
                _needed_height(ctx, row, i, width, min(size, 9.5) if row.look.tags else size)
                for i in range(len(row.cells))
            ]
        )
        for row in rows
    ]


def rows_fit(
    ctx: DeckContext, rows: list[Row], width: float, available: float, size: float
) -> bool:
    """True when every row shows all its text at `size` in the available height."""
    room = available - style.GUTTER * (len(rows) - 1)
    return sum(_row_needs(ctx, rows, width, size)) <= room


def plan_rows(ctx: DeckContext, rows: list[Row], width: float, available: float) -> None:
    """Give each row a height and a font size.

    Prefer one size for every row (the largest at which all rows fit, sharing the spare room
    evenly); when even 8 pt does not fit, rows share the room in proportion to their content.
    """
    min_h = _min_row_height(ctx)
    room = available - style.GUTTER * (len(rows) - 1)
    sizes = []
    size = style.CELL_MAX
    while size >= fit.MIN_SIZE:
        sizes.append(size)
        size -= 0.5
    first = fit.largest_fitting(
        sizes,
        lambda size: sum(_row_needs(ctx, rows, width, size)) <= room,
        # The map slide has just measured 9 pt (whether the compact curve band is needed).
        first_probe=9.0,
    )
    if first is not None:
        size = first
        needs = _row_needs(ctx, rows, width, size)
        heights = share_heights(needs, [min_h] * len(rows), room)
        for row, h in zip(rows, heights, strict=True):
            row.height = h
            row.size = min(size, 9.5) if row.look.tags else size
        return
    needs = _row_needs(ctx, rows, width, sizes[-1] if sizes else fit.MIN_SIZE)
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
    label, _, _ = label_paras(ctx, row.lane.name, row.height, label_colour)
    canvas.box(
        ctx.left,
        top,
        style.LABEL_WIDTH,
        row.height,
        label,
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


def label_paras(ctx: DeckContext, name: str, height: float, colour: str):
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


@dataclass(frozen=True)
class CurveBand:
    """An emotion band under a grid: where it sits and the columns its points line up with;
    the curves, the values as written beside the first curve's points, a legend when the
    curves need one, and the band's label with its scale note."""

    band: Band
    columns: list[Column]
    xs: list[float]
    width: float
    curves: list[Curve]
    #: (column, score, value as written) for each point labelled.
    point_labels: list[tuple[int, float, str]] = field(default_factory=list)
    #: (name, colour, dashed) per curve; empty for a single curve.
    legend: list[tuple[str, str, bool]] = field(default_factory=list)
    scale_note: str = ""
    label: str = "Emotion"

    @property
    def chart_top(self) -> float:
        return self.band.top + 4

    @property
    def chart_h(self) -> float:
        return self.band.height - 8


def draw_curve_band(ctx: DeckContext, slide, canvas: Canvas, band: CurveBand) -> None:
    """The emotion band: label column, a native chart aligned with the columns, raw values by the points."""
    canvas.box(
        ctx.left,
        band.band.top,
        ctx.content_width,
        band.band.height,
        fill=style.BAND_FILL,
        line=None,
        name="Curve band",
    )
    _band_label(ctx, canvas, band)
    _scale_marks(ctx, canvas, band)
    if band.legend:
        _curve_legend(ctx, canvas, band)
    canvas.flush()
    curves = band.curves
    if curves and any(v is not None for c in curves for v in c.values):
        left = band.xs[0] - style.GUTTER / 2
        total = len(band.columns) * (band.width + style.GUTTER)
        add_emotion_chart(
            slide,
            canvas,
            left,
            band.chart_top,
            total,
            band.chart_h,
            [c.label for c in band.columns],
            curves,
        )
    _point_labels(ctx, canvas, band)


def _band_label(ctx: DeckContext, canvas: Canvas, band: CurveBand) -> None:
    """The band's name in the label column, with how its values were written below."""
    label_text, label_size = fit_one_line(
        ctx.fonts, band.label, style.LABEL_WIDTH - 30, style.LABEL_SIZE, fit.MIN_SIZE, bold=True
    )
    paras = [Para([Run(label_text, label_size, bold=True, colour=style.INK)])]
    if band.scale_note:
        paras.append(Para([Run(band.scale_note, 8.0, colour=style.MUTED)]))
    canvas.text(
        ctx.left + 6,
        band.band.top + 6,
        style.LABEL_WIDTH - 12,
        34,
        paras,
        name="Emotion label",
    )


def _scale_marks(ctx: DeckContext, canvas: Canvas, band: CurveBand) -> None:
    """The scale marks beside the label column: "+", "0" and "−" at the chart's top, middle, bottom."""
    chart_top, chart_h = band.chart_top, band.chart_h
    plus_y = plot_y(1.0, chart_top, chart_h)
    minus_y = plot_y(-1.0, chart_top, chart_h)
    zero_y = plot_y(0.0, chart_top, chart_h)
    for sign, y in (("+", plus_y), ("0", zero_y), ("−", minus_y)):
        canvas.text(
            ctx.left + style.LABEL_WIDTH - 16,
            y - 7,
            12,
            14,
            [Para([Run(sign, 9.0, bold=True, colour=style.MUTED)], align="r")],
            anchor="ctr",
            name="Scale mark",
        )


def _curve_legend(ctx: DeckContext, canvas: Canvas, band: CurveBand) -> None:
    """A line sample (dashed for a to-be or further curve) and a name per curve, under the label."""
    y = band.band.top + 40
    for name, colour, dashed in band.legend:
        canvas.line(
            ctx.left + 6,
            y + 6,
            ctx.left + 20,
            y + 6,
            colour,
            2.0,
            "dash" if dashed else None,
            name="Legend line",
        )
        text, size = fit_one_line(ctx.fonts, name, style.LABEL_WIDTH - 40, 8.0, 8.0)
        canvas.text(
            ctx.left + 24,
            y,
            style.LABEL_WIDTH - 40,
            12,
            [Para([Run(text, size, colour=style.INK_SOFT)])],
            anchor="ctr",
            name="Legend",
        )
        y += 13


def _point_labels(ctx: DeckContext, canvas: Canvas, band: CurveBand) -> None:
    """The values as written ("frustrated", "2"), above a point (below one near the top)."""
    for i, score, raw in band.point_labels:
        y = plot_y(score, band.chart_top, band.chart_h)
        label_y = y - 19 if score < 0.55 else y + 6
        text, size = fit_one_line(ctx.fonts, raw, band.width - 4, 8.5, fit.MIN_SIZE)
        canvas.text(
            band.xs[i],
            label_y,
            band.width,
            13,
            [Para([Run(text, size, colour=style.INK_SOFT)], align="ctr")],
            anchor="ctr",
            name="Emotion value",
        )


def scale_note(journey: Journey) -> str:
    """How the curve's values were written, for the band's label ("scale −2 to 2")."""
    scale = journey.emotion_scale
    if scale in (None, "word", "face"):
        return "words / faces" if scale else ""
    low, high = scale.split("..")
    return f"scale {low.replace('-', '−')} to {high}"
