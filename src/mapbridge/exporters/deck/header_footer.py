"""The frame of a content slide: the header band (accent, title, subtitle, kind badge), the footer, and dates as slides write them."""

from __future__ import annotations

from datetime import date

from pptx.util import Emu

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run, emu
from mapbridge.exporters.deck.context import DeckContext
from mapbridge.exporters.deck.fit import fit_one_line
from mapbridge.exporters.deck.template import make_placeholder_readable, title_placeholder
from mapbridge.model import Persona, kind_label


def place_title(ctx: DeckContext, slide, canvas: Canvas, title: str, right_reserve: float) -> float:
    """Put the slide title in the layout's title placeholder (by type), at our header position.

    Returns the bottom of the title (pt). A layout without a title placeholder gets a text box.
    """
    x, y, h = ctx.left, ctx.top, 40.0
    w = ctx.content_width - right_reserve
    text, size = fit_one_line(ctx.heading_fonts, title, w - 8, style.TITLE_SIZE, 16.0, bold=True)
    ph = title_placeholder(slide)
    if ph is None:
        canvas.text(
            x,
            y,
            w,
            h,
            [Para([Run(text, size, bold=True, colour=style.INK)])],
            anchor="b",
            name="Title",
        )
        return y + h
    ph.left, ph.top, ph.width, ph.height = Emu(emu(x)), Emu(emu(y)), Emu(emu(w)), Emu(emu(h))
    frame = ph.text_frame
    frame.text = text
    body = frame._txBody.bodyPr
    body.set("anchor", "b")
    for attr, value in (("lIns", 0), ("rIns", 0), ("tIns", 0), ("bIns", 0)):
        body.set(attr, str(value))
    for child in list(body):
        if child.tag.endswith("normAutofit") or child.tag.endswith("spAutoFit"):
            body.remove(child)
    paragraph = frame.paragraphs[0]
    from pptx.enum.text import PP_ALIGN

    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size = int(size * 12700)
        run.font.bold = True
    make_placeholder_readable(slide, ph, ctx.template.background("content"), size, True)
    return y + h


def header(
    ctx: DeckContext,
    slide,
    canvas: Canvas,
    title: str,
    subtitle: str,
    *,
    persona: Persona | None = None,
    accent: str | None = None,
    right_note: str = "",
) -> float:
    """The header band: accent bar, title, subtitle, the persona's kind badge; returns its bottom (pt)."""
    badge_w = 0.0
    text = kind_label(persona.kind).badge if persona else ""
    if persona and text:
        fill, ink = style.KIND_COLOURS.get(persona.kind, style.KIND_COLOURS["unspecified"])
        tw = ctx.fonts.width(text, 9.5, bold=True)
        badge_w = min(tw / fit.WIDTH_SLACK + 16 + 0.3 * 22 + 2, 330)
        label, size = fit_one_line(ctx.fonts, text, badge_w - 16 - 0.3 * 22, 9.5, 8.0, bold=True)
        canvas.box(
            ctx.right - badge_w,
            ctx.top + 8,
            badge_w,
            22,
            [Para([Run(label, size, bold=True, colour=ink)], align="ctr")],
            fill=fill,
            line=ink,
            line_width=0.75,
            geom="roundRect",
            adjust=50000,
            anchor="ctr",
            inset=(8, 1, 8, 1),
            name="Kind badge",
        )
    if accent:
        canvas.box(
            max(0.0, ctx.left - 14),
            ctx.top + 6,
            5,
            60,
            fill=accent,
            line=None,
            name="Persona accent",
        )
    bottom = place_title(ctx, slide, canvas, title, badge_w + 12 if badge_w else 0)
    sub_w = ctx.content_width
    if right_note:
        note, note_size = fit_one_line(ctx.fonts, right_note, 220, 11.0, 8.0)
        canvas.text(
            ctx.right - 220,
            bottom + 4,
            220,
            20,
            [Para([Run(note, note_size, colour=style.MUTED)], align="r")],
            anchor="ctr",
            name="Page note",
        )
        sub_w -= 230
    text, size = fit_one_line(ctx.fonts, subtitle, sub_w, style.SUBTITLE_SIZE, 9.0)
    canvas.text(
        ctx.left,
        bottom + 4,
        sub_w,
        20,
        [Para([Run(text, size, colour=style.INK_SOFT)])],
        anchor="ctr",
        name="Subtitle",
    )
    return bottom + 28


def footer(ctx: DeckContext, canvas: Canvas, text: str) -> None:
    """The footer line where the template puts its footers, with a hairline above it."""
    band = ctx.frame.footer
    line, size = fit_one_line(ctx.fonts, text, band.width, style.FOOTER_SIZE, style.FOOTER_SIZE)
    canvas.line(
        band.left, band.top - 4, band.right, band.top - 4, style.RULE, 0.5, name="Footer rule"
    )
    canvas.text(
        band.left,
        band.top,
        band.width,
        band.height,
        [Para([Run(line, size, colour=style.MUTED)])],
        anchor="ctr",
        name="Footer",
    )


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"
