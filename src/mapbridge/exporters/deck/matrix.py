"""The portfolio matrix: personas (rows) × journeys (columns), each cell a map's review status and file.

A portfolio's overview deck opens with it: who is mapped on which journey, in which workbook,
and whether the map is due for review. Colour says the status (with the word beside it, never
colour alone) and a legend explains it. A big portfolio (10 personas × 40 journeys) is paged:
as many journey columns as stay legible on a slide, as many persona rows as fit, the pages as
even as possible; no text goes below the deck's minimum size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fit_one_line
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.exporters.deck.overview import journey_header_row
from mapbridge.exporters.deck.paging import split_evenly
from mapbridge.model import Journey, Persona, Review, Workspace, kind_label

#: Reviews due within this many days show as "Due soon" (the tracker's default window).
DUE_SOON_DAYS = 30

#: Width of the persona column, the narrowest and widest a journey column gets, the height of
#: the journey headers and of a persona's row, and the legend's band at the bottom (pt).
LABEL_W = 186.0
MIN_COL_W = 100.0
MAX_COL_W = 200.0
HEAD_H = 34.0
ROW_H = 34.0
LEGEND_H = 16.0
#: Sizes: a cell's status line (largest first, one size per slide) and its file line.
STATUS_MAX = 10.0
STATUS_MIN = 8.5
FILE_SIZE = 8.5

#: Review statuses, worst first, worded as the tracker words them, with their colours
#: (fill, edge, ink): red, amber, green, and grey for a map never reviewed.
STATUSES: dict[str, tuple[str, tuple[str, str, str]]] = {
    "overdue": ("Overdue", (style.PAIN_FILL, style.PAIN_EDGE, style.PAIN_INK)),
    "never": ("Never reviewed", (style.LABEL_FILL, style.MUTED, style.INK_SOFT)),
    "due": ("Due soon", (style.PROTO_FILL, style.PROTO_INK, style.PROTO_INK)),
    "ok": ("OK", (style.GAIN_FILL, style.GAIN_EDGE, style.GAIN_INK)),
}
NOT_MAPPED = "—"


def review_status(review: Review, today: date, due_soon_days: int = DUE_SOON_DAYS) -> str:
    """ "overdue", "due" (within `due_soon_days`), "ok" or "never" (never reviewed)."""
    due = review.next_due
    if due is None:
        return "never"
    if review.overdue(today):
        return "overdue"
    return "due" if (due - today).days <= due_soon_days else "ok"


def status_text(status: str, review: Review) -> str:
    """The status with its date: "Overdue since 15 Apr 2026", "Due soon: 20 Dec 2026"."""
    word = STATUSES[status][0]
    due = format_date(review.next_due)
    return {
        "overdue": f"{word} since {due}",
        "due": f"{word}: {due}",
        "ok": f"{word} until {due}",
    }.get(status, word)


@dataclass(frozen=True)
class MatrixCell:
    """One persona's maps of one journey (usually one) and their review status (the worst)."""

    maps: list[Journey]
    files: list[str]
    status: str
    review: Review

    @property
    def text(self) -> str:
        return status_text(self.status, self.review)


@dataclass(frozen=True)
class MatrixRow:
    """A matrix row: a persona, or (persona None) the maps that belong to no persona."""

    persona: Persona | None
    label: str


@dataclass(frozen=True)
class Matrix:
    """The whole matrix before paging: rows, journey columns (key -> maps) and the cells."""

    rows: list[MatrixRow]
    journeys: dict[str, list[Journey]]
    cells: dict[tuple[str | None, str], MatrixCell]
    today: date
    due_soon_days: int

    def cell(self, row: MatrixRow, key: str) -> MatrixCell | None:
        return self.cells.get((row.persona.id if row.persona else None, key))

    @property
    def map_count(self) -> int:
        return sum(len(maps) for maps in self.journeys.values())


def build_matrix(
    workspace: Workspace,
    personas: list[Persona],
    journeys: dict[str, list[Journey]],
    today: date,
    *,
    review_every: int | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
) -> Matrix:
    """The matrix of `personas` × `journeys` (maps grouped by journey): each cell's maps, files
    and review status on `today` (the map's own cadence, else `review_every`, else the
    workspace's). A row "No persona" is added when a journey has a map of no persona."""
    rows = [MatrixRow(p, p.name) for p in personas]
    if any(j.persona_id is None for maps in journeys.values() for j in maps):
        rows.append(MatrixRow(None, "No persona (shared map)"))
    order = list(STATUSES)
    cells: dict[tuple[str | None, str], MatrixCell] = {}
    for key, maps in journeys.items():
        by_persona: dict[str | None, list[Journey]] = {}
        for journey in maps:
            by_persona.setdefault(journey.persona_id, []).append(journey)
        for persona_id, own in by_persona.items():
            reviews = [workspace.review_of(j, review_every) for j in own]
            statuses = [review_status(r, today, due_soon_days) for r in reviews]
            worst = min(range(len(own)), key=lambda i: order.index(statuses[i]))
            files = list(dict.fromkeys(workspace.file_of(_map_source(j)) for j in own))
            cells[(persona_id, key)] = MatrixCell(own, files, statuses[worst], reviews[worst])
    return Matrix(rows, journeys, cells, today, due_soon_days)


def _map_source(journey: Journey):
    return journey.source or next((e.source for e in journey.entries if e.source), None)


@dataclass(frozen=True)
class MatrixPage:
    """One slide of the matrix: its rows and journey columns, where they sit, and which page."""

    rows: list[MatrixRow]
    keys: list[str]
    col_w: float
    left: float
    #: The journeys' and the rows' range on this slide (first index, count), and the totals.
    journey_span: tuple[int, int]
    row_span: tuple[int, int]
    #: The most rows any slide of the matrix has (the legend goes under that many).
    most_rows: int = 0

    def column_x(self, i: int) -> float:
        return self.left + LABEL_W + i * self.col_w


def page_matrix(ctx: DeckContext, matrix: Matrix) -> list[MatrixPage]:
    """The matrix over slides: journey columns no narrower than MIN_COL_W, persona rows as many
    as fit above the legend; both split as evenly as possible. Columns page first (a slide
    shows every persona against a run of journeys, as long as the personas fit)."""
    room = ctx.content_width - LABEL_W
    per_slide = max(1, int(room // MIN_COL_W))
    keys = list(matrix.journeys)
    column_pages = split_evenly(keys, per_slide) or [[]]
    widest = max(len(p) for p in column_pages) or 1
    col_w = min(MAX_COL_W, room / widest)
    rows_top = ctx.body_top + HEAD_H + 4
    capacity = max(1, int((ctx.bottom - LEGEND_H - 10 - rows_top) // ROW_H))
    row_pages = split_evenly(matrix.rows, capacity) or [[]]
    pages = []
    first_key = 0
    for columns in column_pages:
        first_row = 0
        for rows in row_pages:
            pages.append(
                MatrixPage(
                    rows,
                    columns,
                    col_w,
                    ctx.left,
                    (first_key, len(columns)),
                    (first_row, len(rows)),
                    max(len(r) for r in row_pages),
                )
            )
            first_row += len(rows)
        first_key += len(columns)
    return pages


def build_matrix_slides(ctx: DeckContext, matrix: Matrix) -> None:
    """The matrix slides: header, journey headers, a row per persona, the legend, the notes."""
    pages = page_matrix(ctx, matrix)
    for number, page in enumerate(pages):
        _matrix_slide(ctx, matrix, page, number, len(pages))


def _subtitle(matrix: Matrix) -> str:
    people = sum(1 for r in matrix.rows if r.persona is not None)
    keys, maps = len(matrix.journeys), matrix.map_count
    return (
        f"{people} persona{'s' if people != 1 else ''} · {keys} journey{'s' if keys != 1 else ''}"
        f" · {maps} map{'s' if maps != 1 else ''} · review status on {format_date(matrix.today)}"
    )


def _page_note(matrix: Matrix, page: MatrixPage, number: int, total: int) -> str:
    """ "journeys 1–7 of 40 · personas 1–5 of 10" when the matrix takes several slides."""
    if total == 1:
        return ""
    parts = []
    first, count = page.journey_span
    if count < len(matrix.journeys):
        parts.append(f"journeys {first + 1}–{first + count} of {len(matrix.journeys)}")
    first, count = page.row_span
    if count < len(matrix.rows):
        parts.append(f"rows {first + 1}–{first + count} of {len(matrix.rows)}")
    return " · ".join(parts) or f"slide {number + 1} of {total}"


def _matrix_slide(
    ctx: DeckContext, matrix: Matrix, page: MatrixPage, number: int, total: int
) -> None:
    ids = [r.persona.id for r in page.rows if r.persona is not None]
    title = "Personas × journeys" + (" (continued)" if number else "")
    slide, canvas = ctx.new_slide("content", SlideInfo("matrix", title, ids))
    header(
        ctx,
        slide,
        canvas,
        title,
        _subtitle(matrix),
        right_note=_page_note(matrix, page, number, total),
    )
    notes = Notes(
        "Personas × journeys: which persona is mapped on which journey, in which file, and the "
        f"review status of each map on {format_date(matrix.today)} (due soon: within "
        f"{matrix.due_soon_days} days)."
    )
    _journey_headers(ctx, canvas, matrix, page)
    status_size, detailed = _status_size(ctx, matrix, page)
    y = ctx.body_top + HEAD_H + 4
    for n, row in enumerate(page.rows):
        _row(ctx, canvas, matrix, page, row, n, y, status_size, detailed, notes)
        y += ROW_H
    # The legend right under the rows (at the same place on every slide of a paged matrix).
    rows_end = ctx.body_top + HEAD_H + 4 + page.most_rows * ROW_H
    _legend(ctx, canvas, matrix, min(ctx.bottom - LEGEND_H, rows_end + 14))
    footer(
        ctx,
        canvas,
        " · ".join(p for p in (ctx.source_name, f"generated {format_date(ctx.today)}") if p),
    )
    canvas.flush()
    set_notes(slide, notes)


def _journey_headers(ctx: DeckContext, canvas: Canvas, matrix: Matrix, page: MatrixPage) -> None:
    """A header per journey, all at one size (up to two lines of capitals), and "Persona"."""
    names = [matrix.journeys[key][0].name for key in page.keys]
    xs = [page.column_x(i) + 1 for i in range(len(names))]
    journey_header_row(
        ctx, canvas, names, xs, page.col_w, HEAD_H, max_size=10.0, pad=5.0, v_room=4.0
    )


def _cell_inner(page: MatrixPage) -> float:
    """Width of a cell's text (the cell less its gap, edge stripe and insets)."""
    return page.col_w - 4 - 3 - 10


def _status_size(ctx: DeckContext, matrix: Matrix, page: MatrixPage) -> tuple[float, bool]:
    """One size for the slide's status lines, and whether they carry their dates: with dates
    when every one fits at STATUS_MIN or more, else the status words alone."""
    width = _cell_inner(page) * fit.WIDTH_SLACK
    cells = [c for row in page.rows for key in page.keys if (c := matrix.cell(row, key))]
    for detailed in (True, False):
        texts = [c.text if detailed else STATUSES[c.status][0] for c in cells]
        size = STATUS_MAX
        while size >= STATUS_MIN:
            if all(ctx.fonts.width(t, size, True) <= width for t in texts):
                return size, detailed
            size -= 0.5
    return STATUS_MIN, False


def _row(
    ctx: DeckContext,
    canvas: Canvas,
    matrix: Matrix,
    page: MatrixPage,
    row: MatrixRow,
    n: int,
    y: float,
    status_size: float,
    detailed: bool,
    notes: Notes,
) -> None:
    """A persona's row: band, colour dot, name, kind (when not research), then its cells."""
    x0 = ctx.left
    width = LABEL_W + len(page.keys) * page.col_w
    if n % 2 == 0:
        canvas.box(x0, y, width, ROW_H, fill=style.BAND_FILL, line=None, name="Row band")
    persona = row.persona
    colour = ctx.colour(persona.id if persona else None)
    tag = _kind_tag(persona)
    # With a kind tag, the name sits in the row's upper part and the tag below it.
    name_y, name_h = (y + 3, ROW_H / 2) if tag else (y, ROW_H)
    canvas.box(
        x0 + 6,
        name_y + name_h / 2 - 4.5,
        9,
        9,
        fill=colour,
        line=None,
        geom="ellipse",
        name="Persona dot",
    )
    name, size = fit_one_line(ctx.fonts, row.label, LABEL_W - 28, 11.0, fit.MIN_SIZE, bold=True)
    canvas.text(
        x0 + 22,
        name_y,
        LABEL_W - 26,
        name_h,
        [Para([Run(name, size, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Persona name",
    )
    if tag:
        _draw_tag(ctx, canvas, tag, persona, x0 + 22, name_y + name_h + 1)
    for i, key in enumerate(page.keys):
        cell = matrix.cell(row, key)
        x = page.column_x(i)
        if cell is None:
            canvas.text(
                x,
                y,
                page.col_w,
                ROW_H,
                [Para([Run(NOT_MAPPED, 10.0, colour=style.MUTED)], align="ctr")],
                anchor="ctr",
                name="Cell not mapped",
            )
            continue
        _cell(ctx, canvas, page, cell, x, y, status_size, detailed)
        journey = matrix.journeys[key][0].name
        notes.lines.append(f"• {row.label} – {journey}: {_cell_note(cell, matrix)}")


def _kind_tag(persona: Persona | None) -> str:
    """The tag under a persona's name: its kind unless research (proto-persona, segment, kind
    not stated), or "No profile" for a persona only named on a map."""
    if persona is None:
        return "Shared map"
    if persona.kind != "research":
        return kind_label(persona.kind).tag
    return "" if persona.has_profile else "No profile"


def _draw_tag(
    ctx: DeckContext, canvas: Canvas, tag: str, persona: Persona | None, x: float, y: float
) -> None:
    kind = persona.kind if persona is not None else "unspecified"
    fill, ink = style.KIND_COLOURS.get(kind, (style.TAG_FILL, style.INK_SOFT))
    size = 8.0
    w = ctx.fonts.width(tag, size, True) / fit.WIDTH_SLACK + 12
    canvas.box(
        x,
        y,
        min(w, LABEL_W - 26),
        12,
        [Para([Run(tag, size, bold=True, colour=ink)], align="ctr")],
        fill=fill,
        line=None,
        geom="roundRect",
        adjust=50000,
        inset=(4, 0, 4, 0),
        anchor="ctr",
        name="Kind",
    )


def _file_line(ctx: DeckContext, cell: MatrixCell, width: float) -> str:
    """The cell's file: its path as given, else its name alone, else shortened with "…"."""
    lead = f"{len(cell.maps)} maps · " if len(cell.maps) > 1 else ""
    whole = lead + ", ".join(cell.files)
    names = lead + ", ".join(PurePath(f).name for f in cell.files)
    for text in (whole, names):
        if ctx.fonts.width(text, FILE_SIZE) <= width * fit.WIDTH_SLACK:
            return text
    return fit_one_line(ctx.fonts, names, width, FILE_SIZE, FILE_SIZE)[0]


def _cell(
    ctx: DeckContext,
    canvas: Canvas,
    page: MatrixPage,
    cell: MatrixCell,
    x: float,
    y: float,
    status_size: float,
    detailed: bool,
) -> None:
    """A mapped cell: tinted by status with an edge in its colour, the status (with its date
    when the slide has room) and the map's file."""
    word, (fill, edge, ink) = STATUSES[cell.status]
    bx, by, bw, bh = x + 2, y + 2, page.col_w - 4, ROW_H - 4
    status = cell.text if detailed else word
    paras = [
        Para([Run(status, status_size, bold=True, colour=ink)]),
        Para([Run(_file_line(ctx, cell, _cell_inner(page)), FILE_SIZE, colour=style.INK_SOFT)]),
    ]
    canvas.box(
        bx,
        by,
        bw,
        bh,
        paras,
        fill=fill,
        line=None,
        inset=(8, 1, 2, 1),
        anchor="ctr",
        name=f"Cell {word}",
    )
    canvas.box(bx, by, 3, bh, fill=edge, line=None, name="Status edge")


def _cell_note(cell: MatrixCell, matrix: Matrix) -> str:
    review = cell.review
    parts = [cell.text]
    if review.last_reviewed:
        parts.append(f"last reviewed {format_date(review.last_reviewed)}")
    parts.append(f"review every {review.every_days} days")
    where = []
    for journey in cell.maps:
        source = _map_source(journey)
        where.append(str(source) if source else "")  # names its file in a portfolio
    located = "; ".join(w for w in where if w)
    return ", ".join(parts) + (f" ({located})" if located else "")


def _legend(ctx: DeckContext, canvas: Canvas, matrix: Matrix, y: float) -> None:
    """The legend at `y`: a swatch per status, then "— not mapped"."""
    x = ctx.left
    size = 9.0
    labels = {
        "overdue": "Overdue",
        "due": f"Due soon (within {matrix.due_soon_days} days)",
        "ok": "OK",
        "never": "Never reviewed",
    }
    canvas.text(
        x,
        y,
        80,
        LEGEND_H,
        [Para([Run("Review status", size, bold=True, colour=style.MUTED)])],
        anchor="ctr",
        name="Legend label",
    )
    x += 84
    for status, label in labels.items():
        _word, (fill, edge, _ink) = STATUSES[status]
        canvas.box(x, y + 2, 20, LEGEND_H - 4, fill=fill, line=None, name="Legend swatch")
        canvas.box(x, y + 2, 3, LEGEND_H - 4, fill=edge, line=None, name="Legend edge")
        w = ctx.fonts.width(label, size) / fit.WIDTH_SLACK + 4
        canvas.text(
            x + 24,
            y,
            w,
            LEGEND_H,
            [Para([Run(label, size, colour=style.INK_SOFT)])],
            anchor="ctr",
            name="Legend text",
        )
        x += 24 + w + 14
    label = f"{NOT_MAPPED} not mapped"
    w = ctx.fonts.width(label, size) / fit.WIDTH_SLACK + 4
    canvas.text(
        x,
        y,
        w,
        LEGEND_H,
        [Para([Run(label, size, colour=style.INK_SOFT)])],
        anchor="ctr",
        name="Legend text",
    )
