"""Slide templates built in code for the render tests: the default, a dark one, a corporate 4:3 one with a logo.

Real corporate templates are what break a deck's fitting: a black background that turns the
default greys unreadable, pastel theme accents that persona-coloured text cannot use as is,
and a logo and a band that the master and layouts draw on every slide. Each builder writes a
.pptx into a folder (deterministic: the same bytes on every run) from python-pptx's own
template, and `template_graphics` reads back the boxes of the graphics a template draws, so a
test can check that nothing of the deck lands on them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = f'xmlns:a="{_A}" xmlns:p="{_P}" xmlns:r="{_R}"'
EMU_PER_PT = 12700

#: The corporate template's logo (inches), bottom-right corner of every layout.
LOGO_WIDTH_IN = 1.1
LOGO_HEIGHT_IN = 0.6
LOGO_MARGIN_IN = 0.3
#: The corporate template's band across the top of the master (inches).
BAND_HEIGHT_IN = 0.28
BAND_COLOUR = "1F3864"
#: Pastel theme accents: persona colours that cannot be used as text colour as they are.
PASTEL_ACCENTS = ("FFD966", "A9D18E", "9DC3E6", "F4B183", "B4A7D6", "8FD3C8")
DARK_BACKGROUND = "000000"


@dataclass(frozen=True)
class GraphicBox:
    """A picture or drawn shape a template's master or layout puts on slides, in points."""

    part: str  # "master" or the layout's name
    name: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, left: float, top: float, right: float, bottom: float) -> bool:
        return left < self.right and self.left < right and top < self.bottom and self.top < bottom


def dark_template(folder: Path) -> Path:
    """A 16:9 template with a black master background whose colour map swaps dark and light,
    so titles (tx1 -> lt1) come out white; the "Title Only" and "Title Slide" layouts kept."""
    prs = Presentation()
    _widen(prs, Emu(12192000))  # 13.333 in, 16:9
    master = prs.slide_master
    # Dark templates swap the colour map rather than the theme: bg1 is the theme's dk1.
    colour_map = master._element.find(f"{{{_P}}}clrMap")
    colour_map.set("bg1", "dk1")
    colour_map.set("tx1", "lt1")
    colour_map.set("bg2", "dk2")
    colour_map.set("tx2", "lt2")
    _set_background(master._element, f'<a:srgbClr val="{DARK_BACKGROUND}"/>')
    _edit_theme(
        master,
        {
            "dk1": "000000",
            "lt1": "FFFFFF",
            "dk2": "262626",
            "lt2": "D9D9D9",
            "accent1": "5B9BD5",
            "accent2": "ED7D31",
            "accent3": "A5A5A5",
            "accent4": "FFC000",
            "accent5": "4472C4",
            "accent6": "70AD47",
        },
        font=None,
    )
    return _save(prs, folder / "dark-template.pptx")


def corporate_template(folder: Path) -> Path:
    """A 4:3 (10 x 7.5 in) template in Arial with pastel theme accents, a dark band across the
    top of the master and a logo picture in the bottom-right corner of every layout."""
    prs = Presentation()  # python-pptx's own template is 4:3 already
    master = prs.slide_master
    _edit_theme(master, dict(zip(_ACCENT_NAMES, PASTEL_ACCENTS, strict=True)), font="Arial")
    # The slide number sits left of the logo, as a brand guide would put it.
    for shape in master.placeholders:
        if shape.name.startswith("Slide Number"):
            shape.left, shape.width = Inches(6.9), Inches(1.5)
    _add_shape(
        master,
        "Brand band",
        (0, 0, prs.slide_width, Inches(BAND_HEIGHT_IN)),
        f'<a:solidFill><a:srgbClr val="{BAND_COLOUR}"/></a:solidFill><a:ln><a:noFill/></a:ln>',
    )
    image_part = prs.part.package.get_or_add_image_part(io.BytesIO(_logo_png()))
    box = (
        prs.slide_width - Inches(LOGO_MARGIN_IN + LOGO_WIDTH_IN),
        prs.slide_height - Inches(LOGO_MARGIN_IN + LOGO_HEIGHT_IN),
        Inches(LOGO_WIDTH_IN),
        Inches(LOGO_HEIGHT_IN),
    )
    for layout in master.slide_layouts:
        _add_picture(layout, "Company logo", image_part, box)
    return _save(prs, folder / "corporate-template.pptx")


def template_graphics(path: Path) -> list[GraphicBox]:
    """Every non-placeholder shape and picture the template's master and layouts draw."""
    prs = Presentation(str(path))
    found: list[GraphicBox] = []
    master = prs.slide_master
    sources = [("master", master), *((layout.name, layout) for layout in master.slide_layouts)]
    for part_name, source in sources:
        for shape in source.shapes:
            if shape.is_placeholder or shape.left is None:
                continue
            left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            found.append(
                GraphicBox(
                    part_name,
                    shape.name,
                    left,
                    top,
                    left + shape.width / EMU_PER_PT,
                    top + shape.height / EMU_PER_PT,
                )
            )
    return found


_ACCENT_NAMES = tuple(f"accent{i}" for i in range(1, 7))


def _save(prs, path: Path) -> Path:
    """Save with every zip entry dated alike, so a template is the same bytes on every run."""
    buffer = io.BytesIO()
    prs.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item))
    return path


def _logo_png() -> bytes:
    """A small company logo: a blue rounded badge with a white mark, 220 x 120 px."""
    image = Image.new("RGBA", (220, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 219, 119), radius=18, fill=(31, 56, 100, 255))
    draw.ellipse((18, 22, 94, 98), fill=(157, 195, 230, 255))
    draw.rectangle((110, 36, 200, 52), fill=(255, 255, 255, 255))
    draw.rectangle((110, 68, 170, 84), fill=(255, 217, 102, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _widen(prs, width: Emu) -> None:
    """Set a new slide width, moving and stretching the master's and layouts' shapes with it."""
    factor = width / prs.slide_width
    prs.slide_width = width
    # python-pptx's template says type="screen4x3", which a widened slide no longer is.
    size = prs.part._element.find(f"{{{_P}}}sldSz")
    size.attrib.pop("type", None)
    master = prs.slide_master
    for source in (master, *master.slide_layouts):
        for xfrm in source._element.iter(f"{{{_A}}}xfrm"):
            off, ext = xfrm.find(f"{{{_A}}}off"), xfrm.find(f"{{{_A}}}ext")
            if off is not None:
                off.set("x", str(round(int(off.get("x")) * factor)))
            if ext is not None:
                ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def _set_background(element, colour_xml: str) -> None:
    """Give a master or layout a solid background of the given DrawingML colour."""
    c_sld = element.find(f"{{{_P}}}cSld")
    old = c_sld.find(f"{{{_P}}}bg")
    if old is not None:
        c_sld.remove(old)
    bg = etree.fromstring(
        f"<p:bg {_NS}><p:bgPr><a:solidFill>{colour_xml}</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
    )
    c_sld.insert(0, bg)


def _edit_theme(master, colours: dict[str, str], font: str | None) -> None:
    """Set scheme colours (and the major and minor Latin font) in the master's theme part."""
    theme = next(r.target_part for r in master.part.rels.values() if r.reltype == RT.THEME)
    xml = theme.blob.decode("utf-8")
    for name, value in colours.items():
        xml = re.sub(
            rf"<a:{name}>.*?</a:{name}>",
            f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>',
            xml,
            count=1,
            flags=re.S,
        )
    if font:
        xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\g<1>{font}"', xml)
    theme._blob = xml.encode("utf-8")


def _next_id(element) -> int:
    ids = [int(node.get("id")) for node in element.iter(f"{{{_P}}}cNvPr")]
    return max(ids, default=1) + 1


def _add_shape(source, name: str, box: tuple[int, int, int, int], fill_xml: str) -> None:
    """A rectangle with no text on a master or layout (python-pptx cannot add one there)."""
    x, y, cx, cy = box
    tree = source._element.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    tree.append(
        etree.fromstring(
            f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{_next_id(source._element)}" name="{name}"/>'
            '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill_xml}</p:spPr>'
            '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>'
            "</p:sp>"
        )
    )


def _add_picture(source, name: str, image_part, box: tuple[int, int, int, int]) -> None:
    """A picture on a master or layout: the p:pic element and its image relationship."""
    rel_id = source.part.relate_to(image_part, RT.IMAGE)
    x, y, cx, cy = box
    tree = source._element.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    tree.append(
        etree.fromstring(
            f'<p:pic {_NS}><p:nvPicPr><p:cNvPr id="{_next_id(source._element)}" name="{name}" '
            'descr="Company logo"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>'
            '<p:nvPr userDrawn="1"/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        )
    )
