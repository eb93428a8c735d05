"""The parts of a map slide's grid: lane rows (cards, tags, fitted text), stage headers, and the emotion band."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.chart import Curve, add_emotion_chart, plot_y
from mapbridge.exporters.deck.context import DeckContext, Notes
from mapbridge.exporters.deck.fit import (
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
from mapbridge.exporters.deck.listtext import ListItem, list_items, strip_marker
from mapbridge.model import Entry, Journey, Lane

_QUOTES = ("“", '"', "«", "„", "「")
#: How far a bulleted paragraph's text sits in from its bullet (pt).
BULLET_INDENT = 9.0
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
    """A tag cell's tags ("App, Email", one a line, "• App • Email"), typed list marks taken off."""
    tags = (strip_marker(t) for t in _TAG_SPLIT.split(text) if t.strip())
    return [t for t in tags if t]


def _quoted(text: str, look: style.LaneStyle) -> str:
    if look.quoted and not text.startswith(_QUOTES):
        return f"“{text}”"
    return text


def cell_items(texts: Sequence[str], look: style.LaneStyle) -> list[ListItem]:
    """The paragraphs a cell shows: each entry's text read as a list (`list_items`), typed
    marks taken off; with several entries in the cell, each entry is a bulleted item too."""
    items: list[ListItem] = []
    for text in texts:
        for item in list_items(text):
            marker = "bullet" if item.marker == "none" and len(texts) > 1 else item.marker
            items.append(ListItem(_quoted(item.text, look), marker, item.number))
    return items


def item_indents(ctx: DeckContext, items: Sequence[ListItem], size: float) -> list[float]:
    """How far each paragraph's text sits in from its bullet or number (0 for plain text):
    numbers get the room of the widest one typed in the cell."""
    numbers = [i.number for i in items if i.numbered]
    number_w = 0.0
    if numbers:
        widest = max(ctx.fonts.width(f"{n}.", size) for n in numbers)
        number_w = max(BULLET_INDENT + 2, round(widest / fit.WIDTH_SLACK + 4.5))
    return [number_w if i.numbered else BULLET_INDENT if i.bulleted else 0.0 for i in items]


def list_paras(
    items: Sequence[ListItem],
    shown: Sequence[str],
    indents: Sequence[float],
    run: Run,
    mark_colour: str | None,
) -> list[Para]:
    """Paragraphs for the `shown` texts of `items` (fitted, the last maybe cut), set as `run`:
    real bullets and automatic numbering in `mark_colour`, the typed marks gone."""
    return [
        Para(
            [replace(run, text=text)],
            bullet="•" if item.bulleted else None,
            numbered=item.numbered,
            number=max(1, item.number),
            bullet_colour=mark_colour if item.marker != "none" else None,
            indent=indent,
        )
        for item, text, indent in zip(items, shown, indents, strict=False)
    ]


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
    """Pills flowing left to right in `width`, in rows; with a `height`, the most that fit it.

    A tag too long for one line becomes a two-line pill across the cell (cut with "…" if
    longer). When the pills do not all fit the height, long tags go on one line (cut with
    "…") before any is hidden; then the last ones give way to a "+N" pill that always follows
    pills showing their text. A single tag with no room is shown cut short, never as "+N" alone.
    """
    if not tags:
        return TagPlan()
    whole = _flow_tags(ctx, tags, width, size, two_lines=True)
    if height is None:
        return whole
    # A long tag takes as many lines as the cell's height allows before it is cut.
    cut = any(text not in tags for text, *_rest in whole.pills)
    for lines in (6, 4, 3) if cut else ():
        roomy = _flow_tags(ctx, tags, width, size, two_lines=True, max_lines=lines)
        if roomy.height <= height + 0.01:
            return roomy
    if whole.height <= height + 0.01:
        return whole
    for keep in range(len(tags), 0, -1):
        more = len(tags) - keep
        for two_lines in (True, False):
            plan = _flow_tags(ctx, tags[:keep], width, size, two_lines=two_lines, more=more)
            if plan.height <= height + 0.01:
                return plan
    return _one_tag(ctx, tags, width, height, size)


def _flow_tags(
    ctx: DeckContext,
    tags: list[str],
    width: float,
    size: float,
    *,
    two_lines: bool,
    more: int = 0,
    max_lines: int = 2,
) -> TagPlan:
    """`tags` as pills in rows, then a "+`more`" pill (on the last row if it fits, else below).
    A tag wider than the cell is a pill across it, in up to `max_lines` lines (one if not
    `two_lines`), cut with "…" if longer."""
    one_h = pill_height(ctx, size)
    plan = TagPlan(hidden=more)
    x = y = 0.0
    row_h = one_h
    for tag in tags:
        text, w, h = tag, _pill_width(ctx, tag, size), one_h
        if w > width:
            lines = max_lines if two_lines else 1
            inner = width - pill_extra(pill_height(ctx, size, lines))
            text = fit.shorten_to_lines(tag, ctx.fonts, size, inner, lines)
            lines = fit.line_count(text, ctx.fonts, size, inner)
            w, h = width, pill_height(ctx, size, lines)
        if x > 0 and x + w > width:
            x = 0.0
            y += row_h + TAG_GAP
            row_h = one_h
        plan.pills.append((text, x, y, w, h))
        row_h = max(row_h, h)
        x += w + TAG_GAP
    if more:
        label = f"+{more}"
        mw = _pill_width(ctx, label, size)
        if x + mw > width:
            x = 0.0
            y += row_h + TAG_GAP
        plan.pills.append((label, x, y, mw, one_h))
    plan.height = max((py + ph for _t, _x, py, _w, ph in plan.pills), default=0.0)
    return plan


def _one_tag(
    ctx: DeckContext, tags: list[str], width: float, height: float, size: float
) -> TagPlan:
    """One tag on one row no taller than `height`, then "+N" for the others: the first tag
    that shows whole beside it, else the first cut with "…"; when not even a word fits beside
    "+N", the first tag alone across the width, cut."""
    h = min(pill_height(ctx, size), max(height, ctx.fonts.line_height(size)))
    more = len(tags) - 1
    plan = TagPlan(hidden=more, height=h)
    if more:
        label = f"+{more}"
        mw = _pill_width(ctx, label, size)
        room = width - mw - TAG_GAP
        fitted = [fit.shorten_to_lines(t, ctx.fonts, size, room - pill_extra(h), 1) for t in tags]
        whole = [t for t, f in zip(tags, fitted, strict=True) if t == f]
        text = whole[0] if whole else fitted[0]
        if text != fit.ELLIPSIS:
            w = min(room, _pill_width(ctx, text, size))
            plan.pills = [(text, 0.0, 0.0, w, h), (label, w + TAG_GAP, 0.0, mw, h)]
            return plan
    text = fit.shorten_to_lines(tags[0], ctx.fonts, size, width - pill_extra(h), 1)
    plan.pills = [(text, 0.0, 0.0, min(width, _pill_width(ctx, text, size)), h)]
    return plan


def _text_box_inner(width: float, height: float, look: style.LaneStyle) -> tuple[float, float]:
    left = TEXT_INSET[0] + (EDGE_WIDTH if look.edge else 0)
    return width - left - TEXT_INSET[2], height - TEXT_INSET[1] - TEXT_INSET[3]


def _cell_texts(row: Row, i: int) -> list[str]:
    """The cell's entries' texts as typed (read as lists when measured and drawn)."""
    return [e.text.strip() for e in row.cells[i] if e.text.strip()]


def _cell_tags(row: Row, i: int) -> list[str]:
    return [t for e in row.cells[i] for t in split_tags(e.text)]


def _needed_height(ctx: DeckContext, row: Row, i: int, width: float, size: float) -> float:
    """Height cell `i` of a row needs at `size` (cached: row planning tries each size in turn)."""
    content = row.contents(i)
    if not content:
        return 0.0
    look = row.look
    key = (
        "needed",
        look.tags,
        look.bold,
        look.italic,
        look.quoted,
        bool(look.edge),
        content,
        width,
        size,
    )
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
    # Measured as drawn: the cell's list items, each in the width its bullet or number leaves.
    items = cell_items(content, look)
    inner_w, _ = _text_box_inner(width, 1000, look)
    widths = [inner_w - indent for indent in item_indents(ctx, items, size)]
    text_style = TextStyle(bold=look.bold, italic=look.italic)
    height = fit.paragraphs_height(ctx.fonts, [i.text for i in items], widths, size, text_style)
    return height + TEXT_INSET[1] + TEXT_INSET[3]


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


def row_needs(ctx: DeckContext, rows: list[Row], width: float, size: float) -> list[float]:
    """Height each row needs to show all its text at `size` (what map paging balances)."""
    return _row_needs(ctx, rows, width, size)


def rows_fit(
    ctx: DeckContext, rows: list[Row], width: float, available: float, size: float
) -> bool:
    """True when every row shows all its text at `size` in the available height."""
    room = available - style.GUTTER * (len(rows) - 1)
    return sum(_row_needs(ctx, rows, width, size)) <= room


def plan_rows(
    ctx: DeckContext,
    rows: list[Row],
    width: float,
    available: float,
    max_extra: float | None = None,
) -> None:
    """Give each row a height and a font size.

    Prefer one size for every row (the largest at which all rows fit, sharing the spare room
    evenly, at most `max_extra` a row when given); when even 8 pt does not fit, rows share
    the room in proportion to their content.
    """
    min_h = _min_row_height(ctx)
    room = available - style.GUTTER * (len(rows) - 1)
    sizes = []
    size = style.CELL_MAX
    while size >= fit.MIN_SIZE:
        sizes.append(size)
        size -= 0.5
    # The map slide has just measured 9 pt (paging, and whether the compact curve band is needed).
    at_nine = _row_needs(ctx, rows, width, 9.0)
    inset = TEXT_INSET[1] + TEXT_INSET[3]

    def fits_at(size: float) -> bool:
        if size > 9.0:
            # A larger size never takes fewer lines, and prose grows with its line height: a
            # lower bound from the 9 pt heights rules most larger sizes out without measuring.
            scale = ctx.fonts.line_height(size) / ctx.fonts.line_height(9.0)
            bound = sum(
                need if row.look.tags or need <= min_h else inset + (need - inset) * scale
                for row, need in zip(rows, at_nine, strict=True)
            )
            if bound > room:
                return False
        return sum(_row_needs(ctx, rows, width, size)) <= room

    first = fit.largest_fitting(sizes, fits_at, first_probe=9.0)
    if first is not None:
        size = first
        needs = _row_needs(ctx, rows, width, size)
        heights = share_heights(needs, [min_h] * len(rows), room)
        if max_extra is not None:
            needs = [max(n, min_h) for n in needs]
            heights = [min(h, n + max_extra) for h, n in zip(heights, needs, strict=True)]
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
        items = cell_items(_cell_texts(row, i), row.look)
        inner_w, inner_h = _text_box_inner(width, row.height, row.look)
        indents = item_indents(ctx, items, row.size)
        widths = [inner_w - indent for indent in indents]
        text_style = TextStyle(bold=row.look.bold, italic=row.look.italic)
        shown, cut = fit_paragraphs(
            ctx.fonts, [it.text for it in items], widths, inner_h, row.size, text_style
        )
        if cut:
            for entry in entries:
                notes.add_shortened(where, entry.source, entry.text)
        run = Run("", row.size, bold=row.look.bold, italic=row.look.italic, colour=row.look.ink)
        paras = list_paras(items, shown, indents, run, row.look.edge or row.look.ink)
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
    """Stage headers (bold, in capitals by the font's all-caps attribute, the names kept as
    typed) spanning their step columns, all at one size, and a step row when there are steps."""
    has_steps = any(c.step for c in columns)
    spans: list[tuple[Column, int, int]] = []
    for i, column in enumerate(columns):
        if spans and spans[-1][0].stage.id == column.stage.id:
            spans[-1] = (spans[-1][0], spans[-1][1], i)
        else:
            spans.append((column, i, i))
    headers = []
    for column, start, end in spans:
        x = xs[start]
        w = xs[end] + width - x
        name = column.stage.name
        if not first_page and start == 0 and column.number > 1 and _continues(columns, column):
            name += " (cont.)"
        headers.append((column, x, w, name))
    # One size for the row: the largest at which every header fits (short names no larger).
    size = min(
        (_header_size(ctx, name, w, STAGE_ROW) for _c, _x, w, name in headers),
        default=style.STAGE_SIZE,
    )
    for column, x, w, name in headers:
        canvas.box(
            x,
            top,
            w,
            STAGE_ROW,
            _header_paras(ctx, name, w, STAGE_ROW, size),
            fill=style.HEADER_FILL,
            line=None,
            inset=(6, 2, 6, 2),
            anchor="ctr",
            name=f"Stage {column.stage.name}",
        )
    bottom = top + STAGE_ROW
    if has_steps:
        steps = [(i, c.step) for i, c in enumerate(columns) if c.step is not None]
        step_size = min(
            fit_one_line(ctx.fonts, step.name, width - 8, style.STEP_SIZE, fit.MIN_SIZE)[1]
            for _i, step in steps
        )
        for i, step in steps:
            text, _ = fit_one_line(ctx.fonts, step.name, width - 8, step_size, step_size)
            canvas.box(
                xs[i],
                bottom + 2,
                width,
                STEP_ROW,
                [Para([Run(text, step_size, colour=style.INK_SOFT)], align="ctr")],
                fill=style.BAND_FILL,
                line=None,
                inset=(4, 1, 4, 1),
                anchor="ctr",
                name=f"Step {step.name}",
            )
        bottom += STEP_ROW + 2
    return bottom


def _continues(columns: list[Column], column: Column) -> bool:
    """True when this page starts inside a stage whose earlier steps were on the previous slide."""
    if column.step is None:
        return False
    return column.stage.steps and column.step.name != column.stage.steps[0].name


def _header_size(ctx: DeckContext, name: str, width: float, height: float) -> float:
    """The largest size (≤ 12 pt) at which a header's name fits its box in capitals."""
    return fit.caps_size(
        ctx.fonts, [name], width - 12, height - 4, max_size=style.STAGE_SIZE, min_size=fit.MIN_SIZE
    )


def _header_paras(
    ctx: DeckContext, name: str, width: float, height: float, size: float
) -> list[Para]:
    """A header's name as typed, in capitals through the all-caps attribute, at the row's size
    (cut with "…" only when even 8 pt leaves no room for its capitals)."""
    text, _cut = fit.caps_text(ctx.fonts, name, size, width - 12, height - 4)
    return [Para([Run(text, size, bold=True, colour=style.INK, caps=True)], align="ctr")]


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
    """The values as written ("frustrated", "2") beside the first curve's points, each clear
    of the dashed zero line, of every curve's points and lines, and of the other values."""
    if not band.point_labels:
        return
    zero_y = plot_y(0.0, band.chart_top, band.chart_h)
    centres = [x + band.width / 2 for x in band.xs]
    points, segments = _curve_geometry(band, centres)
    area = Box(
        band.xs[0] - style.GUTTER / 2,
        band.band.top + 1,
        band.xs[-1] + band.width + style.GUTTER / 2,
        band.band.bottom - 1,
    )
    first = band.curves[0].values if band.curves else []
    spots = []
    texts = []
    for i, score, raw in band.point_labels:
        text, size = fit_one_line(ctx.fonts, raw, band.width - 4, 8.5, fit.MIN_SIZE)
        texts.append((text, size))
        w = min(band.width, ctx.fonts.width(text, size) / fit.WIDTH_SLACK + 6)
        y = plot_y(score, band.chart_top, band.chart_h)
        spots.append(LabelSpot(centres[i], y, w, VALUE_LABEL_H, _prefers_above(first, i, score)))
    boxes = place_point_labels(spots, points, segments, zero_y, area)
    for (text, size), box in zip(texts, boxes, strict=True):
        canvas.text(
            box.left,
            box.top,
            box.right - box.left,
            box.bottom - box.top,
            [Para([Run(text, size, colour=style.INK_SOFT)], align="ctr")],
            anchor="ctr",
            name="Emotion value",
        )


#: Height of a value label (pt); half the drawn marker plus its white outline, with a little
#: air; half the height of the zero line's band that labels keep out of; half a curve's width.
VALUE_LABEL_H = 13.0
MARKER_CLEAR = 5.0
ZERO_CLEAR = 6.0
LINE_CLEAR = 2.0


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide by its edges (pt)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left - 0.01
            and self.right <= other.right + 0.01
            and self.top >= other.top - 0.01
            and self.bottom <= other.bottom + 0.01
        )

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)


@dataclass(frozen=True)
class LabelSpot:
    """A value label to place: its point (x, y), its box's size, and the side tried first."""

    x: float
    y: float
    width: float
    height: float
    above_first: bool


Segment = tuple[tuple[float, float], tuple[float, float]]


def _curve_geometry(
    band: CurveBand, centres: list[float]
) -> tuple[list[tuple[float, float]], list[Segment]]:
    """Every curve's points and the straight lines between neighbouring points (a missing
    value leaves a gap, as the chart draws it)."""
    points: list[tuple[float, float]] = []
    segments: list[Segment] = []
    for curve in band.curves:
        last = None
        for x, value in zip(centres, curve.values, strict=False):
            if value is None:
                last = None
                continue
            point = (x, plot_y(value, band.chart_top, band.chart_h))
            points.append(point)
            if last is not None:
                segments.append((last, point))
            last = point
    return points, segments


def _prefers_above(values: Sequence[float | None], i: int, score: float) -> bool:
    """Above a point at a peak or on a rise (its lines leave downwards), below one in a dip or
    on a fall; whichever side is clear wins in the end (`place_point_labels`)."""
    before = values[i - 1] if 0 < i <= len(values) else None
    after = values[i + 1] if i + 1 < len(values) else None
    rise_in = score - before if before is not None else 0.0
    rise_out = after - score if after is not None else 0.0
    if rise_in >= 0 and rise_out <= 0:
        return True  # at the top (or level)
    if rise_in <= 0 and rise_out >= 0:
        return False  # at the bottom
    return rise_in > 0


def _candidates(spot: LabelSpot, zero_y: float) -> list[Box]:
    """Where a label may go, in order of preference: centred above or below its point (moved
    out past the zero line's band when that is in the way), then shifted to either side, then
    a little further from the point (where the lines to its neighbours spread apart), then
    beside it."""
    w, h = spot.width, spot.height
    found = []
    for extra in (0.0, 4.0, 8.0, 12.0):
        above_bottom = spot.y - MARKER_CLEAR - extra
        if above_bottom > zero_y - ZERO_CLEAR and above_bottom - h < zero_y + ZERO_CLEAR:
            above_bottom = zero_y - ZERO_CLEAR - 0.5
        below_top = spot.y + MARKER_CLEAR + extra
        if below_top < zero_y + ZERO_CLEAR and below_top + h > zero_y - ZERO_CLEAR:
            below_top = zero_y + ZERO_CLEAR + 0.5
        # Moved past the zero line's band only away from the point, never to its other side.
        above = [above_bottom - h] if above_bottom <= spot.y - MARKER_CLEAR else []
        below = [below_top] if below_top >= spot.y + MARKER_CLEAR else []
        tops = above + below if spot.above_first else below + above
        for shift in (0.0, w / 2 + 2, -(w / 2 + 2)):
            for top in tops:
                left = spot.x - w / 2 + shift
                found.append(Box(left, top, left + w, top + h))
    for left in (spot.x + MARKER_CLEAR + 1, spot.x - MARKER_CLEAR - 1 - w):
        found.append(Box(left, spot.y - h / 2, left + w, spot.y + h / 2))
    return found


def _crosses(box: Box, segment: Segment) -> bool:
    """True when a straight line drawn `LINE_CLEAR` wide passes through the box."""
    grown = box.grown(LINE_CLEAR)
    (x1, y1), (x2, y2) = segment
    # Liang-Barsky: clip the segment to the box; it crosses if anything is left.
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in (
        (-dx, x1 - grown.left),
        (dx, grown.right - x1),
        (-dy, y1 - grown.top),
        (dy, grown.bottom - y1),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _clashes(
    box: Box, points: list[tuple[float, float]], segments: list[Segment], placed: list[Box]
) -> int:
    """How many points, lines and placed labels the box is in the way of."""
    marks = [
        Box(x - MARKER_CLEAR, y - MARKER_CLEAR, x + MARKER_CLEAR, y + MARKER_CLEAR)
        for x, y in points
    ]
    return (
        sum(box.overlaps(m) for m in marks)
        + sum(_crosses(box, s) for s in segments)
        + sum(box.overlaps(p) for p in placed)
    )


def place_point_labels(
    spots: list[LabelSpot],
    points: list[tuple[float, float]],
    segments: list[Segment],
    zero_y: float,
    area: Box,
) -> list[Box]:
    """A box per label: the first candidate inside `area`, clear of the zero line's band
    (±6 pt), of the curves' points and lines and of the labels placed before it; when none is
    wholly clear, the one in the way of least, never one on the zero line."""
    zero_band = Box(area.left, zero_y - ZERO_CLEAR, area.right, zero_y + ZERO_CLEAR)
    placed: list[Box] = []
    for spot in spots:
        candidates = _candidates(spot, zero_y)
        options = [b for b in candidates if b.inside(area) and not b.overlaps(zero_band)]
        if not options:  # no room off the zero line inside the band: keep within the band
            options = [b for b in candidates if b.inside(area)] or candidates
        # Only what lies within reach of the candidates can be in their way.
        reach_left = min(b.left for b in options) - LINE_CLEAR - MARKER_CLEAR
        reach_right = max(b.right for b in options) + LINE_CLEAR + MARKER_CLEAR
        near_points = [p for p in points if reach_left <= p[0] <= reach_right]
        near_segments = [
            s
            for s in segments
            if min(s[0][0], s[1][0]) <= reach_right and max(s[0][0], s[1][0]) >= reach_left
        ]
        best, fewest = options[0], None
        for box in options:
            clashes = _clashes(box, near_points, near_segments, placed)
            if fewest is None or clashes < fewest:
                best, fewest = box, clashes
            if clashes == 0:
                break
        placed.append(best)
    return placed


def scale_note(journey: Journey) -> str:
    """How the curve's values were written, for the band's label ("scale −2 to 2")."""
    scale = journey.emotion_scale
    if scale in (None, "word", "face"):
        return "words / faces" if scale else ""
    low, high = scale.split("..")
    return f"scale {low.replace('-', '−')} to {high}"
