"""A fast way to put many shapes on a slide: DrawingML written as XML in one pass, with ids we assign.

python-pptx looks up the highest shape id on the slide for every shape it adds, which makes a slide
of n shapes cost n² (a 50-persona, 40-stage deck has tens of thousands of cells). The canvas keeps
its own id counter and parses each slide's shapes once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from pptx.oxml import parse_xml

EMU_PER_PT = 12700
NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def xml_text(text: str) -> str:
    """Text made safe for an XML text node (escaped, control characters dropped)."""
    return escape(_XML_INVALID.sub("", text))


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
    """A paragraph: runs, alignment (l/ctr/r), an optional bullet character, and space before it (pt)."""

    runs: list[Run]
    align: str = "l"
    bullet: str | None = None
    bullet_colour: str | None = None
    indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float | None = None  # a share of single spacing, e.g. 0.9

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _run_xml(run: Run) -> str:
    attrs = f'lang="en-GB" sz="{int(round(run.size * 100))}" dirty="0"'
    if run.bold:
        attrs += ' b="1"'
    if run.italic:
        attrs += ' i="1"'
    if run.caps:
        attrs += ' cap="all"'
    fill = f'<a:solidFill><a:srgbClr val="{run.colour}"/></a:solidFill>' if run.colour else ""
    fonts = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
    return f"<a:r><a:rPr {attrs}>{fill}{fonts}</a:rPr><a:t>{xml_text(run.text)}</a:t></a:r>"


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
    if para.bullet:
        attrs += f' marL="{emu(para.indent)}" indent="{-emu(para.indent)}"'
        if para.bullet_colour:
            inner += f'<a:buClr><a:srgbClr val="{para.bullet_colour}"/></a:buClr>'
        inner += f'<a:buFont typeface="Arial"/><a:buChar char="{xml_text(para.bullet)}"/>'
    else:
        attrs += ' marL="0" indent="0"'
        inner += "<a:buNone/>"
    size = para.runs[0].size if para.runs else 10
    runs = "".join(_run_xml(r) for r in para.runs if r.text)
    end = f'<a:endParaRPr lang="en-GB" sz="{int(round(size * 100))}" dirty="0"/>'
    return f"<a:p><a:pPr {attrs}>{inner}</a:pPr>{runs}{end}</a:p>"


def _fill_xml(colour: str | None) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else "<a:noFill/>"


def _line_xml(colour: str | None, width: float, dash: str | None = None) -> str:
    if not colour:
        return "<a:ln><a:noFill/></a:ln>"
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    return f'<a:ln w="{emu(width)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{dash_xml}</a:ln>'


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


@dataclass
class Canvas:
    """Shapes for one slide, collected as XML and appended to the slide's shape tree in one parse."""

    slide: object
    next_id: int = 0
    pending: list[str] = field(default_factory=list)
    drawn: list[ShapeRecord] = field(default_factory=list)

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
        av = f'<a:gd name="adj" fmla="val {adjust}"/>' if adjust is not None else ""
        sp_pr = (
            f'<p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}"><a:avLst>{av}</a:avLst></a:prstGeom>'
            f"{_fill_xml(fill)}{_line_xml(line, line_width, dash)}</p:spPr>"
        )
        left, top, right, bottom = inset
        body = (
            f'<a:bodyPr wrap="square" lIns="{emu(left)}" tIns="{emu(top)}" rIns="{emu(right)}" '
            f'bIns="{emu(bottom)}" anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        )
        paragraphs = (
            "".join(_para_xml(p) for p in paras)
            if paras
            else '<a:p><a:endParaRPr lang="en-GB" dirty="0"/></a:p>'
        )
        tx = '<p:cNvSpPr txBox="1"/>' if text_box else "<p:cNvSpPr/>"
        self.pending.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{xml_text(name)} {shape_id}"/>{tx}<p:nvPr/></p:nvSpPr>'
            f"{sp_pr}<p:txBody>{body}{paragraphs}</p:txBody></p:sp>"
        )
        text = "\n".join(p.text for p in paras) if paras else ""
        self.drawn.append(ShapeRecord(shape_id, name, x, y, w, h, text))
        return shape_id

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
    ) -> int:
        """A straight connector line from (x1, y1) to (x2, y2)."""
        shape_id = self._take_id()
        flip = ""
        if x2 < x1:
            flip += ' flipH="1"'
        if y2 < y1:
            flip += ' flipV="1"'
        x, y = min(x1, x2), min(y1, y2)
        self.pending.append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{name} {shape_id}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
            f'<p:spPr><a:xfrm{flip}><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(abs(x2 - x1))}" cy="{emu(abs(y2 - y1))}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>{_line_xml(colour, width, dash)}</p:spPr></p:cxnSp>'
        )
        self.drawn.append(ShapeRecord(shape_id, name, x, y, abs(x2 - x1), abs(y2 - y1)))
        return shape_id

    def flush(self) -> None:
        """Append every pending shape to the slide, parsing the XML once."""
        if not self.pending:
            return
        group = parse_xml(f"<p:spTree {NSDECL}>{''.join(self.pending)}</p:spTree>")
        tree = self.slide.shapes._spTree  # type: ignore[attr-defined]
        ext = tree.find("{http://schemas.openxmlformats.org/presentationml/2006/main}extLst")
        for child in list(group):
            if ext is not None:
                ext.addprevious(child)
            else:
                tree.append(child)
        self.pending.clear()

    def sync_ids(self) -> None:
        """Continue numbering after shapes python-pptx added itself (a chart's graphic frame)."""
        tree = self.slide.shapes._spTree  # type: ignore[attr-defined]
        ids = [int(v) for v in tree.xpath("//p:cNvPr/@id")]
        self.next_id = max(ids + [self.next_id - 1]) + 1
