"""A fast way to put many shapes on a slide: DrawingML written as XML text, with ids we assign.

python-pptx looks up the highest shape id on the slide for every shape it adds, which makes a slide
of n shapes cost n² (a 50-persona, 40-stage deck has tens of thousands of cells). The canvas keeps
its own id counter and never parses its shapes: when the slide is done, `freeze_slide` serializes
the slide's own XML (background, placeholders) once, splices the shapes' text in before the end of
its shape tree and keeps only those bytes, so a deck of hundreds of dense slides never holds their
element trees (a few hundred MB for 350 slides) in memory.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

from mapbridge.contrast import is_large, readable

EMU_PER_PT = 12700
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def xml_text(text: str) -> str:
    """Text made safe for an XML text node (escaped, control characters dropped)."""
    return escape(_XML_INVALID.sub("", text))


_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"}


def xml_attr(text: str) -> str:
    """Text made safe for a double-quoted XML attribute value."""
    return escape(_XML_INVALID.sub("", text), _ATTR_ENTITIES)


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew...)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


@dataclass
class Run:
    """A stretch of text in one style."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    caps: bool = False


@dataclass
class Para:
    """A paragraph: runs, alignment (l/ctr/r), an optional bullet character or automatic
    numbering, and space before it (pt)."""

    runs: list[Run]
    align: str = "l"
    bullet: str | None = None
    #: Numbered 1., 2., 3. by the application (a list typed as "1. ... 2. ...").
    numbered: bool = False
    #: The number this paragraph's list item carries (automatic numbering restarts per shape).
    number: int = 1
    bullet_colour: str | None = None
    indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float | None = None  # a share of single spacing, e.g. 0.9
    #: How far a paragraph without a bullet sits in from the box's left (every line of it).
    margin: float = 0.0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


#: Emoji and pictographs (faces, hands, objects, flags): drawn with an emoji font, named on
#: their own runs, because text fonts have no glyphs for them.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\u2b50\u2b55"
    "\u231a\u231b\u23e9-\u23f3\u23f8-\u23fa\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff\U0001f000-\U0001faff\u2600-\u27bf]*"
)
EMOJI_FONT = "Segoe UI Emoji"
_TEXT_FONTS = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
_EMOJI_FONTS = (
    f'<a:latin typeface="{EMOJI_FONT}"/><a:ea typeface="{EMOJI_FONT}"/>'
    f'<a:cs typeface="{EMOJI_FONT}"/><a:sym typeface="{EMOJI_FONT}"/>'
)


def _run_props(run: Run, fonts: str) -> str:
    attrs = f'lang="en-GB" sz="{int(round(run.size * 100))}" dirty="0"'
    if run.bold:
        attrs += ' b="1"'
    if run.italic:
        attrs += ' i="1"'
    if run.caps:
        attrs += ' cap="all"'
    fill = f'<a:solidFill><a:srgbClr val="{run.colour}"/></a:solidFill>' if run.colour else ""
    return f"<a:rPr {attrs}>{fill}{fonts}</a:rPr>"


def _segments(text: str) -> list[tuple[str, bool]]:
    """`text` cut into stretches of ordinary text and of emoji (True)."""
    found: list[tuple[str, bool]] = []
    last = 0
    for match in _EMOJI.finditer(text):
        if match.start() > last:
            found.append((text[last : match.start()], False))
        found.append((match.group(), True))
        last = match.end()
    if last < len(text):
        found.append((text[last:], False))
    return found


def _run_xml(run: Run) -> str:
    """A run as DrawingML: a line break typed in the text becomes `<a:br/>` (PowerPoint lays
    out a raw break in `<a:t>` its own way), and emoji get runs naming an emoji font."""
    parts = []
    for n, line in enumerate(run.text.split("\n")):
        if n:
            parts.append(f"<a:br>{_run_props(run, _TEXT_FONTS)}</a:br>")
        for piece, emoji in _segments(line) if _EMOJI.search(line) else [(line, False)]:
            if piece:
                props = _run_props(run, _EMOJI_FONTS if emoji else _TEXT_FONTS)
                parts.append(f"<a:r>{props}<a:t>{xml_text(piece)}</a:t></a:r>")
    return "".join(parts)


def _para_xml(para: Para) -> str:
    rtl = is_rtl(para.text)
    align = para.align
    if rtl and align == "l":
        align = "r"
    attrs = f'algn="{align}"'
    if rtl:
        attrs += ' rtl="1"'
    inner = ""
    if para.line_spacing:
        inner += f'<a:lnSpc><a:spcPct val="{int(para.line_spacing * 100000)}"/></a:lnSpc>'
    inner += f'<a:spcBef><a:spcPts val="{int(round(para.space_before * 100))}"/></a:spcBef>'
    inner += '<a:spcAft><a:spcPts val="0"/></a:spcAft>'
    if para.numbered:
        attrs += f' marL="{emu(para.indent)}" indent="{-emu(para.indent)}"'
        if para.bullet_colour:
            inner += f'<a:buClr><a:srgbClr val="{para.bullet_colour}"/></a:buClr>'
        start = f' startAt="{para.number}"' if para.number > 1 else ""
        inner += f'<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{start}/>'
    elif para.bullet:
        attrs += f' marL="{emu(para.indent)}" indent="{-emu(para.indent)}"'
        if para.bullet_colour:
            inner += f'<a:buClr><a:srgbClr val="{para.bullet_colour}"/></a:buClr>'
        inner += f'<a:buFont typeface="Arial"/><a:buChar char="{xml_attr(para.bullet)}"/>'
    else:
        attrs += f' marL="{emu(para.margin)}" indent="0"'
        inner += "<a:buNone/>"
    size = para.runs[0].size if para.runs else 10
    runs = "".join(_run_xml(r) for r in para.runs if r.text)
    end = f'<a:endParaRPr lang="en-GB" sz="{int(round(size * 100))}" dirty="0"/>'
    return f"<a:p><a:pPr {attrs}>{inner}</a:pPr>{runs}{end}</a:p>"


@functools.lru_cache(maxsize=256)
def _fill_xml(colour: str | None) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else "<a:noFill/>"


@functools.lru_cache(maxsize=256)
def _line_xml(
    colour: str | None, width: float, dash: str | None = None, tail: str | None = None
) -> str:
    if not colour:
        return "<a:ln><a:noFill/></a:ln>"
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    # The arrowhead sits at the end of the path (where a connector's end is glued).
    tail_xml = f'<a:tailEnd type="{tail}" w="med" len="med"/>' if tail else ""
    return (
        f'<a:ln w="{emu(width)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f"{dash_xml}{tail_xml}</a:ln>"
    )


@functools.lru_cache(maxsize=1024)
def _looks_xml(
    geom: str,
    adjust: int | None,
    fill: str | None,
    line: str | None,
    width: float,
    dash: str | None,
) -> str:
    """A shape's geometry, fill and outline (few combinations on a deck: kept once made)."""
    av = f'<a:gd name="adj" fmla="val {adjust}"/>' if adjust is not None else ""
    return (
        f'<a:prstGeom prst="{geom}"><a:avLst>{av}</a:avLst></a:prstGeom>'
        f"{_fill_xml(fill)}{_line_xml(line, width, dash)}"
    )


@functools.lru_cache(maxsize=256)
def _body_xml(inset: tuple[float, float, float, float], anchor: str) -> str:
    left, top, right, bottom = inset
    return (
        f'<a:bodyPr wrap="square" lIns="{emu(left)}" tIns="{emu(top)}" rIns="{emu(right)}" '
        f'bIns="{emu(bottom)}" anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
    )


@dataclass
class ShapeRecord:
    """What the canvas drew, kept for the notes and for tests: id, name, box (pt) and text."""

    id: int
    name: str
    x: float
    y: float
    w: float
    h: float
    text: str = ""


#: Where a rectangle's (or rounded rectangle's) connection sites sit, by index: the middle of
#: its top, left, bottom and right side, as shares of its width and height.
RECT_SITES: dict[int, tuple[float, float]] = {
    0: (0.5, 0.0),
    1: (0.0, 0.5),
    2: (0.5, 1.0),
    3: (1.0, 0.5),
}
SITE_TOP, SITE_LEFT, SITE_BOTTOM, SITE_RIGHT = 0, 1, 2, 3


@dataclass(frozen=True)
class Glue:
    """One end of a connector: the shape it is glued to and its connection site there (a
    rectangle's: 0 top, 1 left, 2 bottom, 3 right)."""

    shape_id: int
    site: int


@dataclass(frozen=True)
class LineLook:
    """How a connector is drawn: colour, width (pt), dash (a DrawingML preset such as "dash",
    None for solid) and the arrowhead at its end (None for none)."""

    colour: str
    width: float = 1.0
    dash: str | None = None
    arrow: str | None = "triangle"


@dataclass
class Canvas:
    """Shapes for one slide, collected as XML text and spliced into the slide when it is frozen.

    Every run is checked against what is behind it as it is written (the shape's own fill,
    else the topmost filled shape under it, else the slide `background`) and darkened or
    lightened until it reaches WCAG AA. `on_background` swaps the deck's structural greys for
    the template's own text colours where text sits straight on the slide background.
    """

    slide: object
    background: str = "FFFFFF"
    on_background: dict[str, str] = field(default_factory=dict)
    next_id: int = 0
    pending: list[str] = field(default_factory=list)
    #: Shapes already flushed, in drawing order (the z-order on the slide).
    flushed: list[str] = field(default_factory=list)
    drawn: list[ShapeRecord] = field(default_factory=list)
    #: Filled shapes drawn so far (x, y, w, h, colour): what a borderless text box sits on.
    fills: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    #: Every box drawn, by shape id: where a connector glued to it starts or ends.
    boxes: dict[int, ShapeRecord] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tree = self.slide.shapes._spTree  # type: ignore[attr-defined]
        ids = [int(v) for v in tree.xpath("//p:cNvPr/@id")]
        self.next_id = max(ids + [1]) + 1

    def _take_id(self) -> int:
        shape_id = self.next_id
        self.next_id += 1
        return shape_id

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        paras: list[Para] | None = None,
        *,
        fill: str | None = None,
        line: str | None = None,
        line_width: float = 0.75,
        dash: str | None = None,
        geom: str = "rect",
        adjust: int | None = None,
        inset: tuple[float, float, float, float] = (4.0, 3.0, 4.0, 3.0),
        anchor: str = "t",
        name: str = "Shape",
        text_box: bool = False,
    ) -> int:
        """A rectangle (or other preset shape) with optional text; returns its shape id."""
        shape_id = self._take_id()
        if paras:
            paras = self._readable(paras, fill or self.behind(x, y, w, h), own_fill=bool(fill))
        if fill:
            self.fills.append((x, y, w, h, fill))
        sp_pr = (
            f'<p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
            f"{_looks_xml(geom, adjust, fill, line, line_width, dash)}</p:spPr>"
        )
        body = _body_xml(inset, anchor)
        paragraphs = (
            "".join(_para_xml(p) for p in paras)
            if paras
            else '<a:p><a:endParaRPr lang="en-GB" dirty="0"/></a:p>'
        )
        tx = '<p:cNvSpPr txBox="1"/>' if text_box else "<p:cNvSpPr/>"
        self.pending.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)} {shape_id}"/>{tx}<p:nvPr/></p:nvSpPr>'
            f"{sp_pr}<p:txBody>{body}{paragraphs}</p:txBody></p:sp>"
        )
        text = "\n".join(p.text for p in paras) if paras else ""
        record = ShapeRecord(shape_id, name, x, y, w, h, text)
        self.drawn.append(record)
        self.boxes[shape_id] = record
        return shape_id

    def behind(self, x: float, y: float, w: float, h: float) -> str:
        """The colour under a box's centre: the topmost filled shape there, else the background."""
        cx, cy = x + w / 2, y + h / 2
        for fx, fy, fw, fh, colour in reversed(self.fills):
            if fx <= cx <= fx + fw and fy <= cy <= fy + fh:
                return colour
        return self.background

    def _readable(self, paras: list[Para], behind: str, own_fill: bool) -> list[Para]:
        """Paragraphs whose runs (and bullets) reach WCAG AA against `behind` (the same
        objects when they already do: most text of a deck needs no change)."""
        on_background = not own_fill and behind == self.background
        swaps = self.on_background if on_background else {}
        fixed = []
        for para in paras:
            runs = para.runs
            for i, run in enumerate(para.runs):
                colour = run.colour or "000000"
                colour = readable(swaps.get(colour, colour), behind, is_large(run.size, run.bold))
                if colour != run.colour:
                    if runs is para.runs:
                        runs = list(para.runs)
                    runs[i] = replace(run, colour=colour)
            bullet = para.bullet_colour
            if bullet:
                size = para.runs[0].size if para.runs else 10.0
                bullet = readable(bullet, behind, is_large(size))
            if runs is not para.runs or bullet != para.bullet_colour:
                para = replace(para, runs=runs, bullet_colour=bullet)
            fixed.append(para)
        return fixed

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        paras: list[Para],
        *,
        anchor: str = "t",
        inset: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
        name: str = "Text",
    ) -> int:
        """A borderless text box."""
        return self.box(x, y, w, h, paras, anchor=anchor, inset=inset, name=name, text_box=True)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: str,
        width: float = 0.75,
        dash: str | None = None,
        name: str = "Line",
        arrow: str | None = None,
    ) -> int:
        """A straight connector line from (x1, y1) to (x2, y2), with an optional arrowhead
        at (x2, y2)."""
        shape_id = self._take_id()
        flip = ""
        if x2 < x1:
            flip += ' flipH="1"'
        if y2 < y1:
            flip += ' flipV="1"'
        x, y = min(x1, x2), min(y1, y2)
        self.pending.append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)} {shape_id}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
            f'<p:spPr><a:xfrm{flip}><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(abs(x2 - x1))}" cy="{emu(abs(y2 - y1))}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>{_line_xml(colour, width, dash, arrow)}</p:spPr></p:cxnSp>'
        )
        self.drawn.append(ShapeRecord(shape_id, name, x, y, abs(x2 - x1), abs(y2 - y1)))
        return shape_id

    def site(self, glue: Glue) -> tuple[float, float]:
        """Where a box's connection site is on the slide (pt)."""
        box = self.boxes[glue.shape_id]
        share_x, share_y = RECT_SITES[glue.site]
        return box.x + box.w * share_x, box.y + box.h * share_y

    def connector(
        self,
        start: Glue,
        end: Glue,
        look: LineLook,
        *,
        bend: float | None = None,
        behind: bool = False,
        name: str = "Connector",
    ) -> int:
        """A connector glued to two boxes drawn on this canvas (it follows them when either is
        moved in PowerPoint), its arrowhead at `end`.

        Without `bend` it is a straight line between the two sites; with `bend`, an elbow
        (out of the start site horizontally, along x = `bend`, into the end site
        horizontally): between side sites of two boxes, or a bracket out to one side when
        both sites are on the same side. `behind` draws it under the boxes it joins (and
        everything drawn after them), so it never crosses their text.
        """
        shape_id = self._take_id()
        x1, y1 = self.site(start)
        x2, y2 = self.site(end)
        if bend is None:
            geom = '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
        else:
            if abs(x2 - x1) < 1.0:
                # An elbow needs some width to bend in: the end moves 1 pt towards the bend.
                x2 = x1 + (1.0 if bend >= x1 else -1.0)
            adjust = round((bend - x1) / (x2 - x1) * 100000)
            geom = (
                '<a:prstGeom prst="bentConnector3"><a:avLst>'
                f'<a:gd name="adj1" fmla="val {adjust}"/></a:avLst></a:prstGeom>'
            )
        flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        x, y, w, h = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
        xml = (
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)} {shape_id}"/>'
            f'<p:cNvCxnSpPr><a:stCxn id="{start.shape_id}" idx="{start.site}"/>'
            f'<a:endCxn id="{end.shape_id}" idx="{end.site}"/></p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>'
            f'<p:spPr><a:xfrm{flip}><a:off x="{emu(x)}" y="{emu(y)}"/>'
            f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>{geom}'
            f"{_line_xml(look.colour, look.width, look.dash, look.arrow)}</p:spPr></p:cxnSp>"
        )
        at = self._pending_index(start.shape_id, end.shape_id) if behind else None
        if at is None:
            self.pending.append(xml)
        else:
            self.pending.insert(at, xml)
        self.drawn.append(ShapeRecord(shape_id, name, x, y, w, h))
        return shape_id

    def _pending_index(self, *shape_ids: int) -> int | None:
        """Where the first of these shapes is among the shapes not yet flushed (None: none is)."""
        marks = tuple(f'<p:cNvPr id="{i}" ' for i in shape_ids)
        for index, xml in enumerate(self.pending):
            if any(mark in xml for mark in marks):
                return index
        return None

    def chart_frame(
        self, x: float, y: float, w: float, h: float, rel_id: str, name: str = "Chart"
    ) -> int:
        """The graphic frame that shows a chart part (related to the slide as `rel_id`)."""
        shape_id = self._take_id()
        self.pending.append(
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="{xml_attr(name)}"/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr><p:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/>'
            f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></p:xfrm><a:graphic>'
            f'<a:graphicData uri="{_CHART_URI}"><c:chart xmlns:c="{_CHART_URI}" r:id="{rel_id}"/>'
            "</a:graphicData></a:graphic></p:graphicFrame>"
        )
        self.drawn.append(ShapeRecord(shape_id, name, x, y, w, h))
        return shape_id

    def flush(self) -> None:
        """Close a batch of shapes: later shapes are drawn above them."""
        if self.pending:
            self.flushed.append("".join(self.pending))
            self.pending.clear()


_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_SP_TREE_END = b"</p:spTree>"


class _FrozenBlob:
    """Mixin for a part whose XML was serialized when its slide was finished."""

    _frozen_blob: bytes

    @property
    def blob(self) -> bytes:
        return self._frozen_blob


_FROZEN_CLASSES: dict[type, type] = {}


def freeze_slide(slide, canvas: Canvas) -> None:
    """Serialize a finished slide with its canvas shapes and drop its element tree.

    The slide's part keeps only the bytes python-pptx will write when the deck is saved; the
    slide object must not be used afterwards.
    """
    from lxml import etree

    canvas.flush()
    part = slide.part
    xml = etree.tostring(part._element, encoding="UTF-8", standalone=True)
    if canvas.flushed:
        end = xml.rindex(_SP_TREE_END)
        xml = xml[:end] + "".join(canvas.flushed).encode("utf-8") + xml[end:]
        canvas.flushed.clear()
    cls = type(part)
    if cls not in _FROZEN_CLASSES:
        _FROZEN_CLASSES[cls] = type(f"Frozen{cls.__name__}", (_FrozenBlob, cls), {})
    part.__class__ = _FROZEN_CLASSES[cls]
    part._frozen_blob = xml
    part._element = None
