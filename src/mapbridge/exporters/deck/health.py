"""The Map health slide: the map-health findings by persona, worst first; every finding in the notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from mapbridge.errors import SEVERITY_ORDER, Problem
from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fit_one_line, fit_paragraphs
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.model import place_text

#: Where the list starts (pt), the height of a finding's row, and the gap between rows.
ROW_H = 30.0
ROW_GAP = 3.0
#: Width of the severity and code columns together (the message starts after them), and of
#: the location column at the right (wider when the locations name files, in a portfolio).
CODE_AREA_W = 250.0
LOCATION_W = 130.0
FILE_LOCATION_W = 220.0


@dataclass(frozen=True)
class FindingList:
    """The findings the slide lists (as many as fit; a last line counts the others) and the
    message column every row shares: its width and one text size for all the messages."""

    shown: list[Problem]
    hidden: int
    msg_w: float
    msg_size: float
    location_w: float = LOCATION_W


def build_health_slide(
    ctx: DeckContext,
    findings: list[Problem],
    *,
    title: str = "Map health",
    subtitle: str = "",
    worst_first: bool = False,
) -> None:
    """A compact list of map-health findings, by persona and worst first (`worst_first`: worst
    first across personas); the full list goes in the notes. A finding read from another file
    than the deck's (a portfolio's inputs) names its file beside its sheet and cell."""
    slide, canvas = ctx.new_slide("content", SlideInfo("health", title))
    ordered = (
        sorted(findings, key=lambda p: SEVERITY_ORDER.get(p.severity, 3))
        if worst_first
        else _by_persona_worst_first(ctx, findings)
    )
    subtitle = subtitle or (
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''} from mapbridge check"
        if findings
        else "No findings: personas and maps look healthy"
    )
    header(ctx, slide, canvas, title, subtitle)
    notes = Notes(f"{title}: every finding, worst first.")
    listed = _finding_list(ctx, ordered)
    y = ctx.body_top
    for problem in listed.shown:
        _finding_row(ctx, canvas, listed, problem, y, notes)
        y += ROW_H + ROW_GAP
    if listed.hidden:
        _more_findings(ctx, canvas, listed.hidden, y)
    for problem in ordered:
        notes.lines.append(f"• {problem.format()}")
    footer(
        ctx,
        canvas,
        " · ".join(p for p in (ctx.source_name, f"checked {format_date(ctx.today)}") if p),
    )
    canvas.flush()
    set_notes(slide, notes)


def _by_persona_worst_first(ctx: DeckContext, findings: list[Problem]) -> list[Problem]:
    """Findings in the workspace's persona order (those about no persona last), worst first in each."""
    order = {p.id: i for i, p in enumerate(ctx.workspace.personas)}
    return sorted(
        findings,
        key=lambda p: (
            order.get(getattr(p, "persona_id", None) or "", len(order)),
            SEVERITY_ORDER.get(p.severity, 3),
        ),
    )


def _finding_list(ctx: DeckContext, ordered: list[Problem]) -> FindingList:
    """As many findings as the slide holds (one row fewer when a "+N more" line is needed)."""
    bottom = ctx.bottom - 6
    capacity = int((bottom - ctx.body_top) // (ROW_H + ROW_GAP))
    shown = ordered if len(ordered) <= capacity else ordered[: capacity - 1]
    named = any(_file_of(ctx, p) for p in shown)
    location_w = FILE_LOCATION_W if named else LOCATION_W
    msg_w = ctx.content_width - CODE_AREA_W - location_w - 12
    # One message size for the whole list: the largest at which every message fits two lines.
    boxes = [([fit.Block((p.message,))], msg_w, ROW_H - 4) for p in shown]
    msg_size = fit.best_size(boxes, ctx.fonts, 10.0) if boxes else 10.0
    return FindingList(shown, len(ordered) - len(shown), msg_w, msg_size, location_w)


def _finding_row(
    ctx: DeckContext, canvas: Canvas, listed: FindingList, problem: Problem, y: float, notes: Notes
) -> None:
    """One finding at `y`: a framed row with the persona's colour edge, the severity, the code
    and name, the message (shortened into the notes when it does not fit), and the location."""
    canvas.box(
        ctx.left,
        y,
        ctx.content_width,
        ROW_H,
        fill=style.WHITE,
        line=style.RULE,
        line_width=0.5,
        name="Finding",
    )
    persona_id = getattr(problem, "persona_id", None)
    if ctx.workspace.persona(persona_id) is not None:
        canvas.box(
            ctx.left, y, 4, ROW_H, fill=ctx.colour(persona_id), line=None, name="Persona edge"
        )
    _severity_pill(ctx, canvas, problem, y)
    code, size = fit_one_line(
        ctx.fonts, f"{problem.code} {problem.name}", 160, 9.5, fit.MIN_SIZE, bold=True
    )
    canvas.text(
        ctx.left + 82,
        y,
        164,
        ROW_H,
        [Para([Run(code, size, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Code",
    )
    lines, cut = fit_paragraphs(
        ctx.fonts, [problem.message], listed.msg_w, ROW_H - 4, listed.msg_size
    )
    if cut:
        notes.add_shortened(f"{problem.code} {problem.name}", None, problem.message)
    canvas.text(
        ctx.left + CODE_AREA_W,
        y + 2,
        listed.msg_w,
        ROW_H - 4,
        [Para([Run(line, listed.msg_size, colour=style.INK)]) for line in lines],
        anchor="ctr",
        name="Message",
    )
    loc, lsize = _location(ctx, problem, listed.location_w)
    canvas.text(
        ctx.left + ctx.content_width - listed.location_w - 6,
        y,
        listed.location_w,
        ROW_H,
        [Para([Run(loc, lsize, colour=style.MUTED)], align="r")],
        anchor="ctr",
        name="Location",
    )


def _severity_pill(ctx: DeckContext, canvas: Canvas, problem: Problem, y: float) -> None:
    """The severity as a coloured pill: ERROR, WARNING or NOTE."""
    fill, ink = style.SEVERITY_COLOURS.get(problem.severity, (style.TAG_FILL, style.INK))
    label = {"info": "NOTE"}.get(problem.severity, problem.severity.upper())
    canvas.box(
        ctx.left + 10,
        y + 7,
        64,
        ROW_H - 14,
        [Para([Run(label, 8.0, bold=True, colour=ink)], align="ctr")],
        fill=fill,
        line=None,
        geom="roundRect",
        adjust=50000,
        inset=(2, 0, 2, 0),
        anchor="ctr",
        name="Severity",
    )


def _more_findings(ctx: DeckContext, canvas: Canvas, hidden: int, y: float) -> None:
    """The last line when not every finding fits: how many more, and where they are."""
    more = f"+{hidden} more findings: see the notes or run `mapbridge check`"
    canvas.text(
        ctx.left,
        y,
        ctx.content_width,
        ROW_H,
        [Para([Run(more, 10.0, italic=True, colour=style.MUTED)])],
        anchor="ctr",
        name="More",
    )


def _where(problem: Problem) -> str:
    """Sheet!cell without the file name (the footer names the file)."""
    if problem.sheet and problem.cell:
        return place_text(problem.sheet, problem.cell)
    return problem.sheet or ""


def _file_of(ctx: DeckContext, problem: Problem) -> str:
    """The finding's file when the footer does not already name it (a portfolio's input)."""
    file = problem.file or ""
    if not file or file == ctx.source_name or PurePath(file).name == ctx.source_name:
        return ""
    return file


def _location(ctx: DeckContext, problem: Problem, width: float) -> tuple[str, float]:
    """`journeys/pay.xlsx: Journey!C7` on one line: the file's folders dropped, then the
    text cut, when the whole path does not fit at the smallest size."""
    file, place = _file_of(ctx, problem), _where(problem)
    candidates = [": ".join(p for p in (file, place) if p)]
    if file and PurePath(file).name != file:
        candidates.append(": ".join(p for p in (PurePath(file).name, place) if p))
    for text in candidates:
        fitted, size = fit_one_line(ctx.fonts, text, width, 9.0, fit.MIN_SIZE)
        if fitted == " ".join(text.split()):
            return fitted, size
    return fit_one_line(ctx.fonts, candidates[-1], width, 9.0, fit.MIN_SIZE)
