"""Generate templates/mapbridge-default.pptx, the slide template mapbridge ships with.

Run from the repository root: `python scripts/make_template.py`. The output is committed; rerun
after changing this script. Starts from python-pptx's built-in template and makes it 16:9, with a
clean theme (Calibri, neutral greys, the persona palette as accents, no shadows or bevels) and
only the layouts mapbridge uses.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent.parent / "templates" / "mapbridge-default.pptx"
KEEP_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Title Only", "Blank")
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
A = f"{{{NS['a']}}}"
P = f"{{{NS['p']}}}"

TEXT = "1F2933"
COLOURS = {
    "dk1": TEXT,
    "lt1": "FFFFFF",
    "dk2": "3E4C59",
    "lt2": "F3F4F6",
    # The persona palette (mapbridge.palette.DEFAULT_PERSONA_COLOURS), so a user who recolours
    # the theme recolours the personas.
    "accent1": "1F77B4",
    "accent2": "D55E00",
    "accent3": "009E73",
    "accent4": "9467BD",
    "accent5": "CC79A7",
    "accent6": "8C6D1F",
    "hlink": "0072B2",
    "folHlink": "6B4E9B",
}
FONT = "Calibri"


def emu(inches: float) -> str:
    return str(int(Inches(inches)))


def set_xfrm(sp, x: float, y: float, w: float, h: float) -> None:
    """Give a placeholder an explicit position (inches)."""
    sp_pr = sp.find(f"{P}spPr")
    for old in sp_pr.findall(f"{A}xfrm"):
        sp_pr.remove(old)
    xfrm = etree.SubElement(sp_pr, f"{A}xfrm")
    sp_pr.remove(xfrm)
    sp_pr.insert(0, xfrm)
    etree.SubElement(xfrm, f"{A}off", x=emu(x), y=emu(y))
    etree.SubElement(xfrm, f"{A}ext", cx=emu(w), cy=emu(h))


def placeholder(tree, ph_type: str):
    for sp in tree.iter(f"{P}sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        if ph is not None and ph.get("type", "body") == ph_type:
            return sp
    return None


def no_autofit(sp) -> None:
    """Explicit sizes are computed by mapbridge; shrink-on-overflow would only hide mistakes."""
    body = sp.find(f"{P}txBody/{A}bodyPr")
    if body is None:
        return
    for child in list(body):
        if child.tag in (f"{A}normAutofit", f"{A}spAutoFit"):
            body.remove(child)


def text_style(
    sp,
    size: int,
    *,
    bold: bool = False,
    colour: str | None = None,
    align: str = "l",
    anchor: str | None = None,
) -> None:
    """Set a placeholder's first-level text style in its list style."""
    body = sp.find(f"{P}txBody")
    body_pr = body.find(f"{A}bodyPr")
    if anchor:
        body_pr.set("anchor", anchor)
    lst = body.find(f"{A}lstStyle")
    for child in list(lst):
        lst.remove(child)
    lvl = etree.SubElement(lst, f"{A}lvl1pPr", marL="0", indent="0", algn=align)
    etree.SubElement(lvl, f"{A}buNone")
    rpr = etree.SubElement(lvl, f"{A}defRPr", sz=str(size * 100), b="1" if bold else "0")
    if colour:
        fill = etree.SubElement(rpr, f"{A}solidFill")
        etree.SubElement(fill, f"{A}srgbClr", val=colour)


def retheme(blob: bytes) -> bytes:
    text = blob.decode("utf-8")
    text = re.sub(r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="mapbridge"', text, count=1)
    for name, colour in COLOURS.items():
        text = re.sub(
            rf"<a:{name}>.*?</a:{name}>",
            f'<a:{name}><a:srgbClr val="{colour}"/></a:{name}>',
            text,
            count=1,
            flags=re.S,
        )
    text = re.sub(r'<a:clrScheme name="[^"]*"', '<a:clrScheme name="mapbridge"', text)
    text = re.sub(r'<a:fontScheme name="[^"]*"', '<a:fontScheme name="mapbridge"', text)
    text = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"', text)
    # Right-to-left scripts in the same sans family as Latin text, not a serif.
    text = re.sub(r'(<a:font script="(?:Arab|Hebr)" typeface=")[^"]*"', r'\1Arial"', text)
    flat = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    text = re.sub(
        r"<a:effectStyleLst>.*?</a:effectStyleLst>",
        f"<a:effectStyleLst>{flat * 3}</a:effectStyleLst>",
        text,
        flags=re.S,
    )
    # Flat fills only: no gradients in theme backgrounds or shape styles.
    return text.encode("utf-8")


def main() -> int:
    prs = Presentation()
    prs.slide_width = Emu(12192000)  # 13.333 in: the standard 16:9 size
    prs.slide_height = Emu(6858000)
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP_LAYOUTS:
            master.slide_layouts.remove(layout)

    theme = master.part.part_related_by(RT.THEME)
    theme._blob = retheme(theme.blob)

    tree = master._element
    title = placeholder(tree, "title")
    set_xfrm(title, 0.4, 0.28, 12.53, 0.62)
    no_autofit(title)
    title.find(f"{P}txBody/{A}bodyPr").set("anchor", "b")
    body = placeholder(tree, "body")
    set_xfrm(body, 0.4, 1.3, 12.53, 5.4)
    no_autofit(body)
    for kind, x, w, align in (
        ("dt", 0.4, 2.5, "l"),
        ("ftr", 3.2, 6.9, "ctr"),
        ("sldNum", 10.43, 2.5, "r"),
    ):
        sp = placeholder(tree, kind)
        set_xfrm(sp, x, 7.0, w, 0.3)
        text_style(sp, 8, colour="6B7280", align=align)

    title_style = tree.find(f"{P}txStyles/{P}titleStyle/{A}lvl1pPr")
    title_style.set("algn", "l")
    title_rpr = title_style.find(f"{A}defRPr")
    title_rpr.set("sz", "2400")
    title_rpr.set("b", "1")
    body_style = tree.find(f"{P}txStyles/{P}bodyStyle")
    for level, size in zip(
        range(1, 10), (2000, 1800, 1600, 1400, 1400, 1400, 1400, 1400, 1400), strict=True
    ):
        lvl = body_style.find(f"{A}lvl{level}pPr")
        if lvl is not None:
            lvl.find(f"{A}defRPr").set("sz", str(size))

    for layout in master.slide_layouts:
        ltree = layout._element
        if layout.name == "Title Slide":
            ctr = placeholder(ltree, "ctrTitle")
            set_xfrm(ctr, 0.9, 2.3, 11.5, 1.5)
            text_style(ctr, 40, bold=True, colour=TEXT, anchor="b")
            no_autofit(ctr)
            sub = placeholder(ltree, "subTitle")
            set_xfrm(sub, 0.9, 4.1, 11.5, 1.2)
            text_style(sub, 18, colour="52606D")
            no_autofit(sub)
            # A short accent rule between title and subtitle: the deck's one decorative element.
            rule = etree.fromstring(
                f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="20" name="Accent rule"/>'
                f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{emu(0.95)}" y="{emu(3.92)}"/>'
                f'<a:ext cx="{emu(1.1)}" cy="{emu(0.07)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
            )
            ltree.find(f"{P}cSld/{P}spTree").append(rule)
            continue
        # Other layouts were drawn for 4:3; stretch their explicit positions to the wider slide.
        for off in ltree.iter(f"{A}off"):
            off.set("x", str(int(int(off.get("x")) * 4 / 3)))
        for ext in ltree.iter(f"{A}ext"):
            if ext.get("cx") is not None:
                ext.set("cx", str(int(int(ext.get("cx")) * 4 / 3)))
        for sp in ltree.iter(f"{P}sp"):
            no_autofit(sp)

    prs.core_properties.title = "mapbridge default template"
    prs.core_properties.author = "mapbridge"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    prs.save(OUT)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
