"""The "Where the personas differ" slide after a journey's comparison: its widest emotion gaps, persona-specific pains, top opportunities and cross-persona pains."""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import TextStyle, fit_one_line
from mapbridge.exporters.deck.header_footer import footer, header
from mapbridge.insights import (
    EmotionGap,
    Interaction,
    Item,
    JourneyInsights,
    Opportunity,
    PersonaScore,
    Source,
)
from mapbridge.model import SourceRef, kind_label

#: How many of each the slide shows at most (the notes list every one).
MAX_GAPS = 4
PAINS_PER_PERSONA = 3
MAX_OPPORTUNITIES = 4
MAX_CROSS_PAINS = 3
#: Body text sizes: the largest at which a panel shows all it has, from BODY_MAX down to
#: BODY_MIN (above the deck's minimum: this slide is read, not scanned); below that it cuts.
BODY_MAX = 11.0
BODY_MIN = 9.0
#: Geometry (pt): the gap between panels, a panel's heading band, one emotion-gap row.
PANEL_GAP = 14.0
HEAD_H = 20.0
GAP_ROW_H = 44.0
GAP_ROW_SPACE = 4.0
MORE_H = 15.0
#: Where a panel's text starts under its heading, and the room of the sentence an empty
#: panel shows.
PANEL_TOP = HEAD_H + 6
EMPTY_H = 34.0


def differing(found: JourneyInsights) -> list[EmotionGap]:
    """The stages where the personas' emotions differ at all, widest first."""
    return [gap for gap in found.gaps if gap.spread > 1e-9]


def cross_pains(found: JourneyInsights) -> list[Interaction]:
    """The "caused by" links to a persona of the workspace: one persona's pain coming from
    another's behaviour."""
    return [i for i in found.interactions if i.cross_persona_pain and i.target_persona_id]


def has_differences(found: JourneyInsights | None) -> bool:
    """True when the journey has anything to show on the slide: an emotion gap, a pain point
    only one persona has, an opportunity or a cross-persona pain. A journey with none of
    these (every persona alike, nothing to act on) gets no slide: an empty one says nothing
    the comparison before it does not."""
    if found is None:
        return False
    return bool(
        differing(found) or found.specific_pains or found.opportunities or cross_pains(found)
    )


# ------------------------------------------------------------------ text panels


@dataclass(frozen=True)
class Piece:
    """A stretch of a panel's paragraph: its text and look (colour None: the panel's ink)."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None


@dataclass(frozen=True)
class Line:
    """One paragraph of a panel: its pieces, how far it is indented (pt) and the space above
    it (a share of the line height)."""

    pieces: tuple[Piece, ...]
    indent: float = 0.0
    space_before: float = 0.0

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class Entry:
    """Paragraphs kept together on the slide (a persona's name with their first pain), and
    how many of the listed things (pains, opportunities...) they show."""

    lines: tuple[Line, ...]
    count: int = 1


@dataclass(frozen=True)
class Listing:
    """One way to fill a panel: its entries, and how many listed things it leaves out."""

    entries: list[Entry]
    left_out: int = 0


@dataclass
class Fitted:
    """A panel's content as it will be drawn: the listing chosen, how many of its entries
    show, the size that fits them, and the thing counted in its "+N more" line."""

    listing: Listing
    shown: int
    size: float
    noun: str

    @property
    def hidden(self) -> int:
        rest = self.listing.entries[self.shown :]
        return self.listing.left_out + sum(entry.count for entry in rest)


def _entry_height(ctx: DeckContext, entry: Entry, width: float, size: float) -> float:
    height = 0.0
    line_h = ctx.fonts.line_height(size)
    for line in entry.lines:
        # Measured as if all bold when any piece is: never less room than it takes.
        look = TextStyle(
            bold=any(p.bold for p in line.pieces), italic=all(p.italic for p in line.pieces)
        )
        lines = fit.line_count(line.text, ctx.fonts, size, width - line.indent, look)
        height += line_h * (lines + line.space_before)
    return height


def _listing_height(ctx: DeckContext, entries: list[Entry], width: float, size: float) -> float:
    if not entries:
        return 0.0
    total = sum(_entry_height(ctx, entry, width, size) for entry in entries)
    return total + ctx.fonts.line_height(size) * fit.HEIGHT_SLACK


def _sizes() -> list[float]:
    sizes, size = [], BODY_MAX
    while size >= BODY_MIN - 1e-9:
        sizes.append(round(size, 1))
        size -= 0.5
    return sizes


def fit_panel(
    ctx: DeckContext, listings: list[Listing], width: float, height: float, noun: str
) -> Fitted:
    """The first of `listings` (fullest first) that shows whole in `height` at BODY_MIN or
    above, at the largest size it fits; else the last, cut at BODY_MIN. A "+N more" line
    takes room whenever something is left out."""
    for listing in listings:
        room = height - (MORE_H if listing.left_out else 0.0)
        size = fit.largest_fitting(
            _sizes(),
            lambda s, lst=listing, r=room: _listing_height(ctx, lst.entries, width, s) <= r,
        )
        if size is not None:
            return Fitted(listing, len(listing.entries), size, noun)
    listing = listings[-1]
    room = height - MORE_H
    shown = 0
    while (
        shown < len(listing.entries)
        and _listing_height(ctx, listing.entries[: shown + 1], width, BODY_MIN) <= room
    ):
        shown += 1
    return Fitted(listing, shown, BODY_MIN, noun)


def panel_height(ctx: DeckContext, fitted: Fitted | None, width: float, size: float) -> float:
    """The height a panel takes at `size`: its heading, what it shows, its "+N more" line."""
    if fitted is None or not fitted.listing.entries:
        return PANEL_TOP + EMPTY_H
    shown = fitted.listing.entries[: fitted.shown]
    more = MORE_H if fitted.hidden else 0.0
    return PANEL_TOP + _listing_height(ctx, shown, width, size) + more


def _paras(ctx: DeckContext, fitted: Fitted, size: float) -> list[Para]:
    paras = []
    for entry in fitted.listing.entries[: fitted.shown]:
        for line in entry.lines:
            runs = [
                Run(p.text, size, bold=p.bold, italic=p.italic, colour=p.colour or style.INK)
                for p in line.pieces
            ]
            paras.append(
                Para(
                    runs,
                    margin=line.indent,
                    space_before=line.space_before * ctx.fonts.line_height(size),
                )
            )
    return paras


def draw_panel(
    ctx: DeckContext,
    canvas: Canvas,
    title: str,
    place: tuple[float, float, float],
    fitted: Fitted | None,
    size: float,
    empty: str = "",
) -> None:
    """A panel at `place` (left, top, width): its heading band, then its paragraphs at `size`
    (or the sentence saying it has nothing), and a "+N more in the notes" line when not all
    of it shows."""
    x, y, w = place
    _heading(ctx, canvas, title, x, y, w)
    body_y = y + PANEL_TOP
    if fitted is None or not fitted.listing.entries:
        _say(ctx, canvas, empty, (x + 2, body_y, w - 4), f"{title} empty")
        return
    text_h = _listing_height(ctx, fitted.listing.entries[: fitted.shown], w - 4, size)
    canvas.text(x + 2, body_y, w - 4, text_h, _paras(ctx, fitted, size), name=title)
    if fitted.hidden:
        more = f"+{fitted.hidden} more {fitted.noun} in the notes"
        canvas.text(
            x + 2,
            body_y + text_h,
            w - 4,
            MORE_H,
            [Para([Run(more, BODY_MIN, italic=True, colour=style.MUTED)])],
            anchor="ctr",
            name="More",
        )


def _say(
    ctx: DeckContext, canvas: Canvas, sentence: str, place: tuple[float, float, float], name: str
) -> None:
    """The sentence a panel with nothing to list shows instead, plainly."""
    x, y, w = place
    paras, _, _ = fit.fitted_box_paras(
        ctx.fonts,
        [sentence],
        w,
        EMPTY_H,
        max_size=BODY_MIN + 1,
        italic=True,
        colour=style.INK_SOFT,
    )
    canvas.text(x, y, w, EMPTY_H, paras, name=name)


def _heading(ctx: DeckContext, canvas: Canvas, title: str, x: float, y: float, w: float) -> None:
    # Measured in capitals, as the all-caps attribute draws it.
    _, size = fit_one_line(ctx.fonts, title.upper(), w - 16, 10.5, fit.MIN_SIZE, bold=True)
    canvas.box(
        x,
        y,
        w,
        HEAD_H,
        [Para([Run(title, size, bold=True, colour=style.INK_SOFT, caps=True)])],
        fill=style.HEADER_FILL,
        line=None,
        inset=(8, 0, 8, 0),
        anchor="ctr",
        name=f"Panel {title}",
    )


# ------------------------------------------------------------------ what each panel lists


def _name(ctx: DeckContext, persona_id: str | None, name: str) -> Piece:
    return Piece(name, bold=True, colour=ctx.colour(persona_id))


def _pain_listings(ctx: DeckContext, found: JourneyInsights) -> list[Listing]:
    """Persona-specific pains by persona, each persona's most painful stages first, with
    PAINS_PER_PERSONA, then fewer, a persona."""
    by_persona: dict[str, list[Item]] = {}
    for item in found.specific_pains:
        by_persona.setdefault(item.persona_ids[0], []).append(item)
    score = _scores(found)
    stage_order = {gap.stage_id: i for i, gap in enumerate(found.gaps)}
    order = {pid: i for i, pid in enumerate(found.persona_ids)}
    listings = []
    for limit in range(PAINS_PER_PERSONA, 0, -1):
        entries: list[Entry] = []
        left_out = 0
        for pid in sorted(by_persona, key=lambda p: order.get(p, len(order))):
            items = sorted(
                by_persona[pid],
                key=lambda it, p=pid: (
                    score.get((p, it.stage_id), 0.0),
                    stage_order.get(it.stage_id, 0),
                ),
            )
            shown, rest = items[:limit], items[limit:]
            left_out += len(rest)
            name = items[0].personas[0]
            more = f" · {len(items)} pains" if len(items) > 1 else ""
            head = Line(
                (_name(ctx, pid, name), Piece(more, colour=style.MUTED)),
                space_before=0.35 if entries else 0.0,
            )
            for n, item in enumerate(shown):
                line = Line(
                    (Piece(f"{item.stage}: ", bold=True, colour=style.INK_SOFT), Piece(item.text)),
                    indent=10.0,
                )
                entries.append(Entry((head, line) if n == 0 else (line,)))
        listings.append(Listing(entries, left_out))
    return listings


def _scores(found: JourneyInsights) -> dict[tuple[str, str], float]:
    """(persona id, stage id) -> the persona's score there, from the gaps."""
    return {(s.persona_id, gap.stage_id): s.score for gap in found.gaps for s in gap.scores}


def _opportunity_listings(ctx: DeckContext, found: JourneyInsights) -> list[Listing]:
    """The top opportunities: what, where, whom it helps, its priority; fewer if need be."""
    listings = []
    for limit in range(MAX_OPPORTUNITIES, 0, -1):
        entries = []
        for n, item in enumerate(found.opportunities[:limit], start=1):
            helps: list[Piece] = [Piece("helps ", colour=style.INK_SOFT)]
            for k, (pid, name) in enumerate(zip(item.persona_ids, item.personas, strict=False)):
                if k:
                    helps.append(Piece(", ", colour=style.INK_SOFT))
                helps.append(_name(ctx, pid, name))
            entries.append(
                Entry(
                    (
                        Line(
                            (
                                Piece(f"{n}. ", bold=True, colour=style.GAIN_INK),
                                Piece(item.text, bold=True, colour=style.GAIN_INK),
                                Piece(f" · {item.stage}", colour=style.INK_SOFT),
                                Piece(f" · priority {item.priority:.1f}", colour=style.MUTED),
                            ),
                            space_before=0.35 if entries else 0.0,
                        ),
                        Line(tuple(helps), indent=12.0),
                    )
                )
            )
        listings.append(Listing(entries, max(0, len(found.opportunities) - limit)))
    return listings


def _cross_listings(ctx: DeckContext, found: JourneyInsights) -> list[Listing]:
    """Cross-persona pains: whose pain, at which stage, caused by whom (and what they typed)."""
    links = cross_pains(found)
    listings = []
    for limit in range(MAX_CROSS_PAINS, 0, -1):
        entries = []
        for link in links[:limit]:
            cause = Piece(f" ({link.target_stage})" if link.target_stage else "")
            note = Piece(f": {link.note}" if link.note else "")
            lines = [
                Line(
                    (
                        _name(ctx, link.persona_id, link.persona),
                        Piece(f" at {link.stage}, caused by "),
                        _name(ctx, link.target_persona_id, link.target),
                        cause,
                        note,
                    ),
                    space_before=0.35 if entries else 0.0,
                )
            ]
            if link.pains:
                pains = "; ".join(f"“{p}”" for p in link.pains)
                lines.append(Line((Piece(pains, italic=True, colour=style.PAIN_INK),), indent=12.0))
            entries.append(Entry(tuple(lines)))
        listings.append(Listing(entries, max(0, len(links) - limit)))
    return listings


# ------------------------------------------------------------------ the slide


def build_differences_slide(ctx: DeckContext, found: JourneyInsights) -> None:
    """The slide: a legend of the personas, the widest emotion gaps and the top opportunities
    on the left, the persona-specific pains (and the cross-persona pains) on the right;
    every finding and its source cells in the notes."""
    info = SlideInfo(
        "insights", f"{found.journey}: where the personas differ", list(found.persona_ids)
    )
    slide, canvas = ctx.new_slide("content", info)
    n = len(found.persona_ids)
    header(
        ctx,
        slide,
        canvas,
        "Where the personas differ",
        f"{found.journey} · {n} persona{'s' if n != 1 else ''} compared",
    )
    _legend(ctx, canvas, found)
    top = ctx.grid_top + 20
    height = ctx.bottom - 4 - top
    column_w = (ctx.content_width - PANEL_GAP) / 2
    left_x, right_x = ctx.left, ctx.left + column_w + PANEL_GAP
    text_w = column_w - 4
    gaps = differing(found)
    gap_h = _gap_panel_height(len(gaps))
    # Left: the gaps, then the opportunities in the rest of the column.
    opportunities = (
        fit_panel(
            ctx,
            _opportunity_listings(ctx, found),
            text_w,
            height - gap_h - PANEL_GAP - PANEL_TOP,
            "opportunities",
        )
        if found.opportunities
        else None
    )
    # Right: the specific pains, then the cross-persona pains (room kept for them first).
    cross = cross_pains(found)
    reserve = _cross_reserve(ctx, found, text_w, height) + PANEL_GAP if cross else 0.0
    pains = (
        fit_panel(ctx, _pain_listings(ctx, found), text_w, height - reserve - PANEL_TOP, "pains")
        if found.specific_pains
        else None
    )
    # One text size for the slide: the smallest any panel needs (each fits at it too).
    size = min([f.size for f in (pains, opportunities) if f is not None] or [BODY_MAX])
    pains_h = panel_height(ctx, pains, text_w, size)
    caused = None
    if cross:
        room = height - pains_h - PANEL_GAP - PANEL_TOP
        caused = fit_panel(ctx, _cross_listings(ctx, found), text_w, room, "pains")
        size = min(size, caused.size)
        pains_h = panel_height(ctx, pains, text_w, size)
    _gap_panel(ctx, canvas, found, gaps, (left_x, top, column_w, gap_h))
    draw_panel(
        ctx,
        canvas,
        "Top opportunities",
        (left_x, top + gap_h + PANEL_GAP, column_w),
        opportunities,
        size,
        "No opportunities are written on these maps yet.",
    )
    draw_panel(
        ctx,
        canvas,
        "Pains only one persona has",
        (right_x, top, column_w),
        pains,
        size,
        _no_pains(found),
    )
    if caused is not None:
        draw_panel(
            ctx,
            canvas,
            "Pains caused by another persona",
            (right_x, top + pains_h + PANEL_GAP, column_w),
            caused,
            size,
        )
    footer(
        ctx,
        canvas,
        " · ".join(
            p for p in (ctx.source_name, f"from mapbridge insights on “{found.journey}”") if p
        ),
    )
    canvas.flush()
    set_notes(slide, _notes(ctx, found))


def _no_pains(found: JourneyInsights) -> str:
    """What the pains panel says when no pain point is one persona's only."""
    n = len(found.shared_pains)
    if n == 1:
        return (
            "No pain point is specific to one persona: the one they name is shared (see the notes)."
        )
    if n:
        return (
            f"No pain point is specific to one persona: all {n} they name are shared by "
            "several (see the notes)."
        )
    return "No pain point is specific to one persona."


def _cross_reserve(
    ctx: DeckContext, found: JourneyInsights, width: float, column_h: float
) -> float:
    """Room kept under the specific pains for the cross-persona pains: what all of them take
    at the smallest body size, at most 45% of the column."""
    listing = _cross_listings(ctx, found)[0]
    need = PANEL_TOP + _listing_height(ctx, listing.entries, width, BODY_MIN)
    if listing.left_out:
        need += MORE_H
    return min(need, column_h * 0.45)


#: The narrowest legend item (pt) that still shows a persona's name.
LEGEND_MIN_ITEM = 110.0


def _legend(ctx: DeckContext, canvas: Canvas, found: JourneyInsights) -> None:
    """The personas compared: colour chip, name and kind, in one row under the header."""
    y = ctx.grid_top - 2
    x = ctx.left
    # A legend item narrower than this cannot show a name: the rest is counted, named in notes.
    fits = max(1, int(ctx.content_width // LEGEND_MIN_ITEM))
    people = list(zip(found.persona_ids, found.personas, strict=False))
    shown = people if len(people) <= fits else people[: fits - 1]
    slots = len(shown) + (1 if len(shown) < len(people) else 0)
    item_w = ctx.content_width / max(1, slots)
    if len(shown) < len(people):
        more = f"+{len(people) - len(shown)} more personas (see notes)"
        text, size = fit_one_line(ctx.fonts, more, item_w - 4, 10.0, fit.MIN_SIZE)
        canvas.text(
            x + item_w * len(shown),
            y,
            item_w - 4,
            16,
            [Para([Run(text, size, italic=True, colour=style.MUTED)])],
            anchor="ctr",
            name="Legend more",
        )
    for pid, name in shown:
        persona = ctx.workspace.persona(pid)
        kind = kind_label(persona.kind if persona else None).tag.lower()
        colour = ctx.colour(pid)
        canvas.box(
            x,
            y + 5,
            14,
            6,
            fill=colour,
            line=None,
            geom="roundRect",
            adjust=50000,
            name="Legend chip",
        )
        text, size = fit_one_line(ctx.fonts, f"{name} ({kind})", item_w - 24, 10.0, fit.MIN_SIZE)
        canvas.text(
            x + 18,
            y,
            item_w - 22,
            16,
            [Para([Run(text, size, colour=style.INK)])],
            anchor="ctr",
            name="Legend",
        )
        x += item_w


# ------------------------------------------------------------------ emotion gaps


def _gap_panel_height(count: int) -> float:
    rows = min(count, MAX_GAPS)
    if not rows:
        return PANEL_TOP + EMPTY_H
    more = MORE_H if count > MAX_GAPS else 0.0
    return PANEL_TOP + rows * (GAP_ROW_H + GAP_ROW_SPACE) - GAP_ROW_SPACE + more


def _gap_panel(
    ctx: DeckContext,
    canvas: Canvas,
    found: JourneyInsights,
    gaps: list[EmotionGap],
    box: tuple[float, float, float, float],
) -> None:
    """The widest emotion gaps, one row each: the stage and how far apart, the lowest and the
    highest persona with their values as typed, and every persona's score on a -..+ track."""
    x, y, w, h = box
    _heading(ctx, canvas, "Widest emotion gaps", x, y, w)
    row_y = y + PANEL_TOP
    if not gaps:
        empty = (
            "The personas feel the same at every stage they scored."
            if found.gaps
            else "No stage has emotion scores from two or more personas."
        )
        _say(ctx, canvas, empty, (x + 2, row_y, w - 4), "Widest emotion gaps empty")
        return
    shown = gaps[:MAX_GAPS]
    # The labels as wide as the widest needs (within bounds): the track gets the rest.
    need = max(
        ctx.fonts.width(s.persona, 10.0, bold=True) + ctx.fonts.width(f"  {s.typed}", 10.0)
        for gap in shown
        for s in (gap.low, gap.high)
    )
    label_width = min(max(need / fit.WIDTH_SLACK + 4, 90.0), (w - 36) * 0.36)
    for gap in shown:
        _gap_row(ctx, canvas, gap, (x, row_y, w), label_width)
        row_y += GAP_ROW_H + GAP_ROW_SPACE
    if len(gaps) > MAX_GAPS:
        more = f"+{len(gaps) - MAX_GAPS} more stages in the notes"
        canvas.text(
            x + 2,
            row_y - GAP_ROW_SPACE,
            w - 4,
            MORE_H,
            [Para([Run(more, BODY_MIN, italic=True, colour=style.MUTED)])],
            anchor="ctr",
            name="More",
        )


def _gap_row(
    ctx: DeckContext,
    canvas: Canvas,
    gap: EmotionGap,
    place: tuple[float, float, float],
    label_width: float,
) -> None:
    """One gap: a card with the stage and how far apart, then the lowest persona, the track
    and the highest persona."""
    x, y, w = place
    canvas.box(x, y, w, GAP_ROW_H, fill=style.WHITE, line=style.RULE, line_width=0.5, name="Gap")
    apart = f"{round(gap.share * 100)}% of the scale apart"
    apart_w = ctx.fonts.width(apart, 9.0) / fit.WIDTH_SLACK + 4
    stage, stage_size = fit_one_line(
        ctx.fonts, gap.stage, w - apart_w - 28, 11.0, fit.MIN_SIZE, bold=True
    )
    canvas.text(
        x + 10,
        y + 3,
        w - apart_w - 24,
        18,
        [Para([Run(stage, stage_size, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Gap stage",
    )
    canvas.text(
        x + w - apart_w - 10,
        y + 3,
        apart_w,
        18,
        [Para([Run(apart, 9.0, colour=style.MUTED)], align="r")],
        anchor="ctr",
        name="Gap spread",
    )
    line_y = y + 22
    _score_label(ctx, canvas, gap.low, (x + 10, line_y, label_width), "l")
    _score_label(ctx, canvas, gap.high, (x + w - 10 - label_width, line_y, label_width), "r")
    _track(ctx, canvas, gap, (x + 34 + label_width, x + w - 34 - label_width, line_y + 9))


def _score_label(
    ctx: DeckContext,
    canvas: Canvas,
    score: PersonaScore,
    place: tuple[float, float, float],
    align: str,
) -> None:
    """A persona's name (in their colour) and their value as typed."""
    x, y, w = place
    value = " ".join(score.typed.split())
    name, size = fit_one_line(
        ctx.fonts,
        score.persona,
        max(20.0, w - ctx.fonts.width(value, 10.0) - 8),
        10.0,
        fit.MIN_SIZE,
        bold=True,
    )
    value, value_size = fit_one_line(
        ctx.fonts, value, max(16.0, w - ctx.fonts.width(name, size, True) - 6), size, fit.MIN_SIZE
    )
    canvas.text(
        x,
        y,
        w,
        18,
        [
            Para(
                [
                    Run(name, size, bold=True, colour=ctx.colour(score.persona_id)),
                    Run(f"  {value}", value_size, colour=style.INK),
                ],
                align=align,
            )
        ],
        anchor="ctr",
        name="Gap persona",
    )


def _track(
    ctx: DeckContext, canvas: Canvas, gap: EmotionGap, place: tuple[float, float, float]
) -> None:
    """A −..+ track with a dot per persona at their score, the lowest and highest larger."""
    x0, x1, mid = place
    canvas.line(x0, mid, x1, mid, style.RULE, 1.25, name="Gap track")
    centre = (x0 + x1) / 2
    canvas.line(centre, mid - 4, centre, mid + 4, style.MUTED, 0.75, name="Gap zero")
    for mark, at in (("−", x0 - 15), ("+", x1 + 7)):
        canvas.text(
            at,
            mid - 7,
            8,
            14,
            [Para([Run(mark, 8.0, colour=style.MUTED)], align="ctr")],
            anchor="ctr",
            name="Gap scale",
        )
    ends = {gap.low.persona_id, gap.high.persona_id}
    others = [s for s in gap.scores if s.persona_id not in ends]
    for score in [*others, gap.low, gap.high]:
        d = 10.0 if score.persona_id in ends else 7.0
        cx = x0 + (max(-1.0, min(1.0, score.score)) + 1) / 2 * (x1 - x0)
        canvas.box(
            cx - d / 2,
            mid - d / 2,
            d,
            d,
            fill=ctx.colour(score.persona_id),
            line=style.WHITE,
            line_width=1.0,
            geom="ellipse",
            name="Gap dot",
        )


# ------------------------------------------------------------------ notes


def _refs(sources: list[Source]) -> list[SourceRef | None]:
    return [SourceRef(sheet=s.sheet, cell=s.cell) for s in sources]


def _notes(ctx: DeckContext, found: JourneyInsights) -> Notes:
    """Every finding of the slide in full, with the cells it comes from."""
    notes = Notes(f"{found.journey}: where the personas differ ({', '.join(found.personas)})")
    gaps = differing(found)
    if gaps:
        notes.lines += ["", "Emotion gaps (spread of the scores on -1..+1, widest first):"]
        for gap in gaps:
            every = ", ".join(f"{s.persona} {s.typed}" for s in gap.scores)
            notes.lines.append(
                f"• {gap.stage}: {round(gap.share * 100)}% of the scale apart; lowest "
                f"{gap.low.persona} {gap.low.typed}, highest {gap.high.persona} "
                f"{gap.high.typed} (all: {every})"
            )
            notes.add_source(
                f"Emotion at {gap.stage}", _refs([r for s in gap.scores for r in s.sources])
            )
    _item_notes(notes, "Pain points only one persona has:", found.specific_pains, "Pain")
    _item_notes(notes, "Pain points several personas share:", found.shared_pains, "Shared pain")
    if found.opportunities:
        notes.lines += [
            "",
            "Opportunities (priority = personas it addresses + their pain at its stage, "
            "0..1 each):",
        ]
        for item in found.opportunities:
            notes.lines.append(
                f"• {item.priority:.2f} · {item.stage}: {item.text} — helps "
                f"{', '.join(item.personas)}"
            )
            notes.add_source(f"Opportunity “{item.text}”", _refs(item.sources))
    cross = cross_pains(found)
    if cross:
        notes.lines += ["", "Pains caused by another persona (caused by links):"]
        for link in cross:
            pains = (
                f" — {link.persona}'s pains there: {'; '.join(link.pains)}" if link.pains else ""
            )
            notes.lines.append(f"• {link.sentence}{pains}")
            notes.add_source(
                f"Caused by at {link.persona} › {link.stage}",
                _refs([link.source] if link.source else []),
            )
    return notes


def _item_notes(
    notes: Notes, title: str, items: list[Item] | list[Opportunity], where: str
) -> None:
    if not items:
        return
    notes.lines += ["", title]
    for item in items:
        notes.lines.append(f"• {item.stage} · {', '.join(item.personas)}: {item.text}")
        notes.add_source(f"{where} “{item.text}”", _refs(item.sources))
