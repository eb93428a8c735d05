"""What every slide builder shares: the deck context, speaker notes, the header and footer, fitted text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run, emu, freeze_slide
from mapbridge.exporters.deck.fit import Block, TextStyle
from mapbridge.exporters.deck.fonts import FontSet
from mapbridge.exporters.deck.parts import SlideMaker, set_notes_text
from mapbridge.exporters.deck.template import Template, title_placeholder
from mapbridge.model import CellIndex, Journey, Persona, SourceRef, Workspace, kind_label


@dataclass
class Notes:
    """Speaker notes of one slide: a heading, the full text of anything shortened, and source cells."""

    heading: str
    lines: list[str] = field(default_factory=list)
    shortened: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add_shortened(self, where: str, source: SourceRef | None, text: str) -> None:
        cell = f" ({source})" if source else ""
        self.shortened.append(f"• {where}{cell}: {text}")

    def add_source(self, where: str, refs: list[SourceRef | None]) -> None:
        cells = ", ".join(str(r) for r in refs if r)
        if cells:
            self.sources.append(f"• {where}: {cells}")

    def render(self) -> str:
        parts = [self.heading, *self.lines]
        if self.shortened:
            parts += ["", "Shortened on the slide (full text):", *self.shortened]
        if self.sources:
            parts += ["", "Source cells:", *self.sources]
        return "\n".join(parts)


@dataclass
class SlideInfo:
    """What a slide is, for the caller's summary and for tests."""

    kind: str
    title: str
    persona_ids: list[str] = field(default_factory=list)


@dataclass
class DeckContext:
    """Everything a slide builder needs: the template, fonts, persona colours and the workspace."""

    template: Template
    fonts: FontSet
    heading_fonts: FontSet
    workspace: Workspace
    colours: dict[str, str]
    today: date
    source_name: str
    slides: list[SlideInfo] = field(default_factory=list)
    #: The slide being built and its canvas, frozen when the next slide starts (or at `finish`).
    _open: tuple[object, Canvas] | None = field(default=None, repr=False)
    _maker: SlideMaker | None = field(default=None, repr=False)
    #: Lookups slide builders keep for the length of one deck (e.g. entries by stage and lane).
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def width(self) -> float:
        return self.template.width_pt

    @property
    def height(self) -> float:
        return self.template.height_pt

    @property
    def content_width(self) -> float:
        return self.width - 2 * style.MARGIN

    @property
    def columns_per_slide(self) -> int:
        """About 8 stage columns on a 16:9 slide; fewer on a narrower (4:3) template."""
        room = self.content_width - style.LABEL_WIDTH - style.GUTTER
        fitting = int((room + style.GUTTER) // (style.MIN_COLUMN_WIDTH + style.GUTTER))
        return max(3, min(style.MAX_COLUMNS, fitting))

    def cells(self, journey: Journey) -> CellIndex:
        """A map's cell index, built once per deck: its map slides and comparisons share it."""
        key = ("cells", id(journey))
        found = self.memo.get(key)
        # The map itself is kept in the memo, so its id cannot be reused by another object.
        if found is None or found[0] is not journey or found[1] is not journey.entries:
            found = (journey, journey.entries, journey.cell_index())
            self.memo[key] = found
        return found[2]

    def colour(self, persona_id: str | None) -> str:
        from mapbridge.palette import SHARED_COLOUR

        return self.colours.get(persona_id or "", SHARED_COLOUR)

    def new_slide(self, role: str, info: SlideInfo):
        """A slide on the template's layout for `role` ("title" or "content"), with its canvas.

        The previous slide is finished: its shapes are written out and it can no longer change.
        """
        self.finish()
        if self._maker is None:
            self._maker = SlideMaker(self.template.prs)
        slide = self._maker.add(
            self.template.layouts[role], role, lambda fresh: _keep_filled_placeholders(fresh, role)
        )
        self.slides.append(info)
        canvas = Canvas(slide)
        self._open = (slide, canvas)
        return slide, canvas

    def finish(self) -> None:
        """Freeze the slide being built (see `freeze_slide`); call before saving the deck."""
        if self._open is not None:
            freeze_slide(*self._open)
            self._open = None


def _keep_filled_placeholders(slide, role: str) -> None:
    """Keep only the placeholders we fill: an empty body placeholder of a fallback layout
    would show "Click to add text" to whoever edits the deck."""
    keep = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
    if role == "title":
        keep |= {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY}
    for ph in list(slide.placeholders):
        if ph.placeholder_format.type not in keep:
            ph._element.getparent().remove(ph._element)


def set_notes(slide, notes: Notes) -> None:
    set_notes_text(slide, notes.render())


def fit_one_line(
    fonts: FontSet, text: str, width: float, max_size: float, min_size: float, bold: bool = False
) -> tuple[str, float]:
    """The largest size (max..min) at which text fits one line of `width`; shortened at min if needed."""
    text = " ".join(text.split())
    size = max_size
    while size >= min_size:
        if fonts.width(text, size, bold) <= width * fit.WIDTH_SLACK:
            return text, size
        size -= 0.5
    size = min_size
    return fit.shorten_to_lines(text, fonts, size, width, 1, TextStyle(bold=bold)), size


def fit_paragraphs(
    fonts: FontSet,
    texts: list[str],
    width: float,
    height: float,
    size: float,
    text_style: TextStyle = fit.PLAIN,
) -> tuple[list[str], bool]:
    """Paragraphs shortened to fit `height` at `size` (the last one cut with "…"); True if anything was cut."""
    budget = fit.max_lines(height, fonts, size)
    shown: list[str] = []
    cut = False
    for i, text in enumerate(texts):
        if budget <= 0:
            cut = True
            break
        lines = fit.line_count(text, fonts, size, width, text_style)
        if lines <= budget:
            shown.append(text)
            budget -= lines
            continue
        shown.append(fit.shorten_to_lines(text, fonts, size, width, budget, text_style))
        cut = True
        budget = 0
        if i < len(texts) - 1:
            break
    if cut and len(shown) < len(texts) and shown and not shown[-1].endswith(fit.ELLIPSIS):
        # More paragraphs follow but none fit: the last shown one says so with an ellipsis.
        lines_last = fit.line_count(shown[-1], fonts, size, width, text_style)
        shown[-1] = fit.shorten_to_lines(
            shown[-1], fonts, size, width, lines_last, text_style, force=True
        )
    return shown, cut


def fitted_box_paras(
    fonts: FontSet,
    texts: list[str],
    width: float,
    height: float,
    *,
    max_size: float,
    min_size: float = fit.MIN_SIZE,
    bold: bool = False,
    italic: bool = False,
    colour: str = style.INK,
    align: str = "l",
    bullet: str | None = None,
) -> tuple[list[Para], float, bool]:
    """Paragraphs for one text box, at the largest size that fits; shortened at min_size if needed."""
    texts = [t for t in texts if t.strip()]
    indent = 0.0
    text_style = TextStyle(bold=bold, italic=italic)
    wrap_width = width
    if bullet:
        indent = 9.0
        wrap_width = width - indent
    blocks = [Block(tuple(texts), text_style)]
    size = fit.best_size([(blocks, wrap_width, height)], fonts, max_size, min_size)
    shown, cut = fit_paragraphs(fonts, texts, wrap_width, height, size, text_style)
    paras = [
        Para(
            [Run(t, size, bold=bold, italic=italic, colour=colour)],
            align=align,
            bullet=bullet,
            bullet_colour=colour,
            indent=indent,
        )
        for t in shown
    ]
    return paras, size, cut


def place_title(ctx: DeckContext, slide, canvas: Canvas, title: str, right_reserve: float) -> float:
    """Put the slide title in the layout's title placeholder (by type), at our header position.

    Returns the bottom of the title (pt). A layout without a title placeholder gets a text box.
    """
    x, y, h = style.MARGIN, 14.0, 40.0
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
            ctx.width - style.MARGIN - badge_w,
            22,
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
        canvas.box(style.MARGIN - 14, 20, 5, 60, fill=accent, line=None, name="Persona accent")
    bottom = place_title(ctx, slide, canvas, title, badge_w + 12 if badge_w else 0)
    sub_w = ctx.content_width
    if right_note:
        note, note_size = fit_one_line(ctx.fonts, right_note, 220, 11.0, 8.0)
        canvas.text(
            ctx.width - style.MARGIN - 220,
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
        style.MARGIN,
        bottom + 4,
        sub_w,
        20,
        [Para([Run(text, size, colour=style.INK_SOFT)])],
        anchor="ctr",
        name="Subtitle",
    )
    return bottom + 28


def footer(ctx: DeckContext, canvas: Canvas, text: str) -> None:
    y = ctx.height - 22
    line, size = fit_one_line(
        ctx.fonts, text, ctx.content_width, style.FOOTER_SIZE, style.FOOTER_SIZE
    )
    canvas.line(
        style.MARGIN, y - 4, ctx.width - style.MARGIN, y - 4, style.RULE, 0.5, name="Footer rule"
    )
    canvas.text(
        style.MARGIN,
        y,
        ctx.content_width,
        14,
        [Para([Run(line, size, colour=style.MUTED)])],
        anchor="ctr",
        name="Footer",
    )


def footer_top(ctx: DeckContext) -> float:
    return ctx.height - 30


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"
