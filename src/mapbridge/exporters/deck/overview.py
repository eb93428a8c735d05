"""The overview slides: personas (rows) × journeys (columns), the layout decision per journey, and the findings count."""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.errors import Problem
from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fit_one_line, fitted_box_paras
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.layout import LayoutDecision
from mapbridge.model import Journey, Persona, kind_label

#: Where the matrix starts (pt), the height of its rows, and the width of the persona column.
ROW_H = 26.0
LABEL_W = 300.0


@dataclass(frozen=True)
class OverviewText:
    """The text under the matrix, the same on every overview slide: one sentence per journey's
    layout decision, the findings count (empty without checks), and the height they get."""

    decision_lines: list[str]
    findings_line: str
    #: Height of the area below the matrix (pt), label included.
    height: float

    @property
    def lines(self) -> list[str]:
        return self.decision_lines + ([self.findings_line] if self.findings_line else [])


@dataclass(frozen=True)
class OverviewPage:
    """One overview slide: a page of persona rows against every journey, with where its columns sit."""

    #: This slide's personas, the number in the whole deck, and the slide's place among the pages.
    personas: list[Persona]
    persona_total: int
    page_no: int
    journeys: dict[str, list[Journey]]
    text: OverviewText
    #: Width of one journey column (pt).
    col_w: float
    #: Left edge of the matrix (the content area's).
    left: float = 0.0

    @property
    def keys(self) -> list[str]:
        return list(self.journeys)

    def column_x(self, i: int) -> float:
        """Left edge of journey column `i`."""
        return self.left + LABEL_W + i * self.col_w

    @property
    def subtitle(self) -> str:
        """The counts under the title: "4 personas · 1 journey · 4 maps"."""
        people, keys = self.persona_total, len(self.keys)
        maps = sum(len(v) for v in self.journeys.values())
        return (
            f"{people} persona{'s' if people != 1 else ''} · "
            f"{keys} journey{'s' if keys != 1 else ''} · {maps} map{'s' if maps != 1 else ''}"
        )


def build_overview_slides(
    ctx: DeckContext,
    personas: list[Persona],
    journeys_by_key: dict[str, list[Journey]],
    decisions: list[LayoutDecision],
    findings: list[Problem] | None,
) -> None:
    """Personas (rows, with kind and colour) × journeys (columns), then the layout decision per journey."""
    decision_lines = [f"{d.journey_name}: {d.reason}." for d in decisions]
    findings_line = _findings_line(findings) if findings is not None else ""
    # Room for the decision text below the matrix.
    lines_below = decision_lines + ([findings_line] if findings_line else [])
    below_h = min(150.0, 22 + fit.text_height(len(lines_below) * 2, ctx.fonts, 11))
    text = OverviewText(decision_lines, findings_line, below_h)
    bottom = ctx.bottom - 6 - below_h - 10
    capacity = max(1, int((bottom - ctx.body_top - ROW_H) // ROW_H))
    pages = [personas[i : i + capacity] for i in range(0, len(personas), capacity)] or [[]]
    col_w = (ctx.content_width - LABEL_W) / max(1, len(journeys_by_key))
    for page_no, page in enumerate(pages):
        _overview_slide(
            ctx, OverviewPage(page, len(personas), page_no, journeys_by_key, text, col_w, ctx.left)
        )


def _findings_line(findings: list[Problem]) -> str:
    """The findings count: "Map health: 7 findings (1 error, 4 warnings, 2 notes)"."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    counts = {"error": counts["error"], "warning": counts["warning"], "note": counts["info"]}
    detail = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    return (
        f"Map health: {len(findings)} finding{'s' if len(findings) != 1 else ''}"
        + (f" ({detail})" if detail else "")
        + "."
    )


def _overview_slide(ctx: DeckContext, page: OverviewPage) -> None:
    """One overview slide: header, journey headers, a row per persona, the layout text, notes."""
    slide, canvas = ctx.new_slide(
        "content", SlideInfo("overview", "Overview", [p.id for p in page.personas])
    )
    title = "Overview" + (" (continued)" if page.page_no else "")
    header(ctx, slide, canvas, title, page.subtitle)
    notes = Notes("Overview: who is mapped on which journey, and how the maps are laid out.")
    _journey_headers(ctx, canvas, page)
    y = ctx.body_top + ROW_H + 2
    for n, persona in enumerate(page.personas):
        _persona_row(ctx, canvas, page, persona, n, y)
        y += ROW_H
    _layout_text(ctx, canvas, page.text, y, notes)
    if page.page_no == 0:
        notes.lines.extend(_review_lines(ctx))
    footer(
        ctx,
        canvas,
        " · ".join(p for p in (ctx.source_name, f"generated {format_date(ctx.today)}") if p),
    )
    canvas.flush()
    set_notes(slide, notes)


def _journey_headers(ctx: DeckContext, canvas: Canvas, page: OverviewPage) -> None:
    """The matrix's top row: a header per journey and "Persona" over the persona column."""
    names = [page.journeys[key][0].name for key in page.keys]
    journey_header_row(
        ctx, canvas, names, [page.column_x(i) for i in range(len(names))], page.col_w, ROW_H
    )


def journey_header_row(
    ctx: DeckContext,
    canvas: Canvas,
    names: list[str],
    xs: list[float],
    col_w: float,
    height: float,
    *,
    max_size: float = 11.0,
    pad: float = 6.0,
    v_room: float = 6.0,
) -> None:
    """A persona × journey matrix's top row (the overview's and the portfolio's): a header per
    journey at `xs`, all at one size, in capitals through the font's all-caps attribute (the
    names kept as typed), and "Persona" over the persona column."""
    inner_w, inner_h = col_w - 2 * pad, height - v_room
    size = fit.caps_size(ctx.fonts, names, inner_w, inner_h, max_size=max_size)
    for x, name in zip(xs, names, strict=True):
        text, _cut = fit.caps_text(ctx.fonts, name, size, inner_w, inner_h)
        canvas.box(
            x,
            ctx.body_top,
            col_w - 2,
            height,
            [Para([Run(text, size, bold=True, colour=style.INK, caps=True)], align="ctr")],
            fill=style.HEADER_FILL,
            line=None,
            inset=(pad, 2, pad, 2),
            anchor="ctr",
            name="Journey header",
        )
    canvas.text(
        ctx.left,
        ctx.body_top,
        LABEL_W,
        height,
        [Para([Run("Persona", 9.5, bold=True, colour=style.MUTED, caps=True)])],
        anchor="ctr",
        inset=(4, 0, 4, 0),
        name="Matrix corner",
    )


def _persona_row(
    ctx: DeckContext, canvas: Canvas, page: OverviewPage, persona: Persona, n: int, y: float
) -> None:
    """Row `n` of the matrix at `y`: band, colour dot, name, kind, and a mark per journey mapped."""
    x0 = ctx.left
    if n % 2 == 0:
        canvas.box(
            x0, y, ctx.content_width, ROW_H, fill=style.BAND_FILL, line=None, name="Row band"
        )
    colour = ctx.colour(persona.id)
    canvas.box(
        x0 + 6,
        y + ROW_H / 2 - 5,
        10,
        10,
        fill=colour,
        line=None,
        geom="ellipse",
        name="Persona dot",
    )
    name_text, size = fit_one_line(ctx.fonts, persona.name, 170, 12.0, fit.MIN_SIZE, bold=True)
    canvas.text(
        x0 + 24,
        y,
        176,
        ROW_H,
        [Para([Run(name_text, size, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Persona name",
    )
    kind_fill, kind_ink = style.KIND_COLOURS.get(persona.kind, (style.TAG_FILL, style.INK_SOFT))
    canvas.box(
        x0 + 204,
        y + 4,
        92,
        ROW_H - 8,
        [Para([Run(kind_label(persona.kind).tag, 8.5, colour=kind_ink)], align="ctr")],
        fill=kind_fill,
        line=None,
        geom="roundRect",
        adjust=50000,
        inset=(2, 0, 2, 0),
        anchor="ctr",
        name="Kind",
    )
    for i, key in enumerate(page.keys):
        maps = [j for j in page.journeys[key] if j.persona_id == persona.id]
        if maps:
            _map_mark(ctx, canvas, page, maps[0], colour, i, y)


def _map_mark(
    ctx: DeckContext,
    canvas: Canvas,
    page: OverviewPage,
    journey: Journey,
    colour: str,
    i: int,
    y: float,
) -> None:
    """A persona's mark in journey column `i`: "● 6 stages · reviewed 15 Sep 2026"."""
    stages = len(journey.stages)
    text = f"● {stages} stage{'s' if stages != 1 else ''}"
    if journey.last_reviewed:
        text += f" · reviewed {format_date(journey.last_reviewed)}"
    text, mark_size = fit_one_line(ctx.fonts, text, page.col_w - 10, 10.0, fit.MIN_SIZE)
    canvas.text(
        page.column_x(i),
        y,
        page.col_w - 2,
        ROW_H,
        [Para([Run(text, mark_size, colour=colour)], align="ctr")],
        anchor="ctr",
        name="Map mark",
    )


def _layout_text(
    ctx: DeckContext, canvas: Canvas, text: OverviewText, rows_end: float, notes: Notes
) -> None:
    """Below the matrix (or higher when it is short): the layout decisions and the findings count."""
    x0 = ctx.left
    by = min(rows_end + 28, ctx.bottom - 6 - text.height)
    canvas.line(x0, by - 4, x0 + ctx.content_width, by - 4, style.RULE, 0.5, name="Rule")
    canvas.text(
        x0,
        by,
        200,
        18,
        [Para([Run("LAYOUT", 9.5, bold=True, colour=style.MUTED)])],
        anchor="ctr",
        name="Layout label",
    )
    lines = text.lines
    paras, _, cut = fitted_box_paras(
        ctx.fonts, lines, ctx.content_width, text.height - 22, max_size=12.0, colour=style.INK
    )
    canvas.text(x0, by + 20, ctx.content_width, text.height - 22, paras, name="Layout decision")
    if cut:
        notes.shortened.extend(f"• {line}" for line in lines)
    notes.lines.extend(text.decision_lines)
    if text.findings_line:
        notes.lines.append(text.findings_line)


def _review_lines(ctx: DeckContext) -> list[str]:
    """The workbook's review information (persona-map links, triggers), carried in the notes."""
    ws = ctx.workspace
    lines: list[str] = []
    if ws.connections:
        lines += ["", "Persona-map links:"]
        for link in ws.connections:
            persona = ws.persona(link.persona_id)
            journey = ws.journey(link.journey_id)
            parts = [
                f"{persona.name if persona else link.persona_id} – {journey.name if journey else link.journey_id}"
            ]
            if link.owner:
                parts.append(f"owner {link.owner}")
            if link.last_reviewed:
                parts.append(f"last reviewed {format_date(link.last_reviewed)}")
            where = f" ({link.source})" if link.source else ""
            lines.append(f"• {', '.join(parts)}{where}")
    if ws.review_every_days:
        lines += ["", f"Review rhythm: every {ws.review_every_days} days."]
    if ws.triggers:
        lines += ["", "Review triggers:"]
        for trigger in ws.triggers:
            when = format_date(trigger.when) or "no date"
            state = {True: " (done)", False: " (not done)"}.get(trigger.done, "")
            affects = f"; affects {', '.join(trigger.affects)}" if trigger.affects else ""
            where = f" ({trigger.source})" if trigger.source else ""
            lines.append(f"• {when}, {trigger.kind}: {trigger.description}{affects}{state}{where}")
    return lines
