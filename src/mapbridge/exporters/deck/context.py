"""The deck being written: its context (template, fonts, colours, workspace), each slide's record, and speaker notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pptx.enum.shapes import PP_PLACEHOLDER

from mapbridge import contrast
from mapbridge.exporters.deck import style
from mapbridge.exporters.deck.canvas import Canvas, freeze_slide
from mapbridge.exporters.deck.fonts import FontSet
from mapbridge.exporters.deck.frame import SlideFrame, default_frame
from mapbridge.exporters.deck.parts import SlideMaker, set_notes_text
from mapbridge.exporters.deck.template import Template
from mapbridge.model import CellIndex, Journey, SourceRef, Workspace

#: Height of a content slide's header (title, subtitle) above its body (pt).
HEADER_HEIGHT = 74.0


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
    def frame(self) -> SlideFrame:
        """Where content slides draw (clear of the template's graphics) and their colours."""
        if self.template.frame is None:
            self.template.frame = default_frame(self.width, self.height)
        return self.template.frame

    @property
    def left(self) -> float:
        """Left edge of the content area (pt)."""
        return self.frame.content.left

    @property
    def right(self) -> float:
        """Right edge of the content area (pt)."""
        return self.frame.content.right

    @property
    def top(self) -> float:
        """Top of the content area, where the header starts (pt)."""
        return self.frame.content.top

    @property
    def grid_top(self) -> float:
        """Where a slide's body starts under the header (stage headers, the matrix...)."""
        return self.top + HEADER_HEIGHT

    @property
    def body_top(self) -> float:
        """Where a list, matrix or card layout starts under the header (a little below the grid)."""
        return self.grid_top + 4

    @property
    def bottom(self) -> float:
        """Bottom of the content area, above the footer (pt)."""
        return self.frame.content.bottom

    @property
    def content_width(self) -> float:
        return self.right - self.left

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

    def file_name(self, source: SourceRef | None) -> str:
        """The file to name in a footer for a value read from `source`: its own file in a
        portfolio (a map's workbook, the persona catalogue), else the deck's source."""
        return source.file if source is not None and source.file else self.source_name

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
        canvas = Canvas(
            slide,
            background=self.template.background(role),
            on_background=self.on_background(role),
            fills=[
                (box.left, box.top, box.width, box.height, colour)
                for box, colour in self.template.backdrops.get(role, ())
            ],
        )
        self._open = (slide, canvas)
        return slide, canvas

    def on_background(self, role: str) -> dict[str, str]:
        """The deck's structural greys as the template's text colours on its background.

        On the default template (dark-grey ink on white) they stay as designed; on a dark or
        tinted template they become the theme's text colour, softened towards the background
        for secondary text and captions (the canvas then checks their contrast).
        """
        key = ("on_background", role)
        found = self.memo.get(key)
        if found is None:
            background = self.template.background(role)
            ink = contrast.text_on(background, self.frame.dark, self.frame.light)
            found = {}
            if ink != style.INK:
                found = {
                    style.INK: ink,
                    style.INK_SOFT: contrast.mix(ink, background, 0.18),
                    style.MUTED: contrast.mix(ink, background, 0.35),
                }
            self.memo[key] = found
        return found

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
