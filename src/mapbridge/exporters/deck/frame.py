"""Where a template lets a content slide draw: the area clear of its graphics, its footer line, and its colours.

A corporate layout is more than a title placeholder: its master and layout draw logos, bands
and photos, put the footer where the brand guide says, and paint a background that may be
black. `slide_frame` reads all of that from the layout a slide will use, so the slide builders
lay out inside `SlideFrame.content`, write the footer in `SlideFrame.footer`, and colour their
text for `SlideFrame.background`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from lxml import etree

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EMU_PER_PT = 12700

#: The default frame's edges (pt): side margins, the header's top, room under the footer.
SIDE_MARGIN = 29.0
TOP_MARGIN = 14.0
FOOTER_HEIGHT = 14.0
BOTTOM_MARGIN = 8.0
#: Space kept between our shapes and a template graphic.
CLEARANCE = 6.0
#: A template shape covering this share of the slide is background, not a graphic to avoid.
BACKGROUND_SHARE = 0.6

_FOOTER_TYPES = {"ftr", "dt", "sldNum"}


@dataclass(frozen=True)
class Rect:
    """A box on the slide in points."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def overlaps(self, other: Rect, margin: float = 0.0) -> bool:
        return (
            self.left < other.right + margin
            and other.left < self.right + margin
            and self.top < other.bottom + margin
            and other.top < self.bottom + margin
        )


@dataclass(frozen=True)
class Graphic:
    """A picture or drawn shape the template puts on every slide of a layout."""

    box: Rect
    kind: str  # "picture", "shape", "group", "chart"
    name: str = ""
    fill: str | None = None


@dataclass(frozen=True)
class SlideFrame:
    """The room a content slide has on its layout: `content` (header to grid bottom, clear of
    every template graphic), `footer` (the line the footer text goes on), the slide
    `background` colour, the theme's `dark` and `light` text colours, and the template
    `graphics` the area keeps clear of."""

    width: float
    height: float
    content: Rect
    footer: Rect
    background: str = "FFFFFF"
    dark: str = "1F2933"
    light: str = "FFFFFF"
    graphics: tuple[Graphic, ...] = field(default_factory=tuple)
    #: Template shapes covering most of the slide, in drawing order, with their colours: what
    #: lies behind text where the topmost one does not reach (a band under a coloured panel).
    backdrops: tuple[tuple[Rect, str], ...] = field(default_factory=tuple)


def default_frame(width: float, height: float) -> SlideFrame:
    """The frame of a slide with no template graphics: margins all round, footer at the bottom."""
    footer = Rect(
        SIDE_MARGIN,
        height - BOTTOM_MARGIN - FOOTER_HEIGHT,
        width - SIDE_MARGIN,
        height - BOTTOM_MARGIN,
    )
    content = Rect(SIDE_MARGIN, TOP_MARGIN, width - SIDE_MARGIN, footer.top - 8)
    return SlideFrame(width, height, content, footer)


def slide_frame(prs, layout) -> SlideFrame:
    """The frame of slides made on `layout` of presentation `prs` (see `SlideFrame`)."""
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    colours = ThemeColours(layout)
    master = layout.slide_master
    # In drawing order: the master's shapes (unless the layout hides them), then the layout's.
    sources = [layout]
    if layout._element.get("showMasterSp") not in ("0", "false"):
        sources.insert(0, master)
    graphics: list[Graphic] = []
    backdrops: list[tuple[Rect, str]] = []
    background = None
    for source in sources:
        for shape in _graphics(source._element, colours, source.part):
            if shape.box.area >= BACKGROUND_SHARE * width * height:
                # The topmost shape covering most of the slide is what text sits on.
                background = shape.fill or background
                if shape.fill:
                    backdrops.append((shape.box, shape.fill))
                continue
            graphics.append(shape)
    background = background or _background(layout, colours) or "FFFFFF"
    slide = Rect(0, 0, width, height)
    graphics = [g for g in graphics if g.box.overlaps(slide) and g.box.area > 1.0]
    base = default_frame(width, height)
    side = _side_edges(layout, master, width)
    footer = _footer_band(layout, master, base.footer, side)
    content = Rect(side[0], base.content.top, side[1], footer.top - 8)
    content, footer = _clear_of(content, footer, graphics, width)
    return SlideFrame(
        width,
        height,
        content,
        footer,
        background=background,
        dark=colours.resolve("tx1") or "000000",
        light=colours.resolve("bg1") or "FFFFFF",
        graphics=tuple(graphics),
        backdrops=tuple(backdrops),
    )


def _side_edges(layout, master, width: float) -> tuple[float, float]:
    """Left and right edges of the content: the title's, within sensible margins of the slide."""
    for source in (layout, master):
        for ph in source.placeholders:
            if ph.placeholder_format.type is not None and "TITLE" in str(
                ph.placeholder_format.type
            ):
                if ph.left is None or ph.width is None:
                    continue
                left = ph.left / EMU_PER_PT
                right = (ph.left + ph.width) / EMU_PER_PT
                # A title set far in (a centred layout) should not squeeze the grid.
                left = min(max(left, 12.0), SIDE_MARGIN * 2)
                right = max(min(right, width - 12.0), width - SIDE_MARGIN * 2)
                return left, right
    return SIDE_MARGIN, width - SIDE_MARGIN


def _footer_band(layout, master, default: Rect, side: tuple[float, float]) -> Rect:
    """The footer line: the template's footer placeholder row (date, footer, number), else ours."""
    for source in (layout, master):
        boxes = []
        for element in source._element.iter(f"{_P}sp"):
            ph = element.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
            if ph is None or ph.get("type") not in _FOOTER_TYPES:
                continue
            box = _xfrm_box(element.find(f"{_P}spPr/{_A}xfrm"))
            # A footer placed off the slide (a template resized without its layouts) is no guide.
            if box is not None and box.top >= 0 and box.bottom <= default.bottom + BOTTOM_MARGIN:
                boxes.append(box)
        if boxes:
            top = min(b.top for b in boxes)
            bottom = max(b.bottom for b in boxes)
            if top > default.top - 80 and bottom - top < 60:
                height = max(FOOTER_HEIGHT, min(bottom - top, 22.0))
                return Rect(side[0], top, side[1], top + height)
    return Rect(side[0], default.top, side[1], default.bottom)


def _clear_of(
    content: Rect, footer: Rect, graphics: list[Graphic], width: float
) -> tuple[Rect, Rect]:
    """The content area and footer line moved off every template graphic.

    Each graphic that reaches into the content area cuts it from the side that keeps the
    most room (a logo in a corner costs a strip at the bottom or at the side, whichever is
    smaller). The footer line is shortened beside a graphic, or moved above it.
    """
    for graphic in sorted(graphics, key=lambda g: -g.box.area):
        box = graphic.box
        if not box.overlaps(content, CLEARANCE):
            continue
        cuts = [
            Rect(content.left, box.bottom + CLEARANCE, content.right, content.bottom),
            Rect(content.left, content.top, content.right, box.top - CLEARANCE),
            Rect(box.right + CLEARANCE, content.top, content.right, content.bottom),
            Rect(content.left, content.top, box.left - CLEARANCE, content.bottom),
        ]
        usable = [c for c in cuts if c.width > 0.5 * content.width and c.height > 200]
        if usable:
            # A strip across the slide costs every column a little; a strip down its side
            # costs a whole column: prefer the first when the two are close.
            content = max(
                usable, key=lambda c: c.area * (1.15 if c.width == content.width else 1.0)
            )
    for graphic in graphics:
        box = graphic.box
        if not box.overlaps(footer, CLEARANCE / 2):
            continue
        beside = [
            Rect(footer.left, footer.top, box.left - CLEARANCE, footer.bottom),
            Rect(box.right + CLEARANCE, footer.top, footer.right, footer.bottom),
        ]
        best = max(beside, key=lambda r: r.width)
        if best.width >= 0.4 * footer.width:
            footer = best
        else:
            top = box.top - CLEARANCE - footer.height
            footer = Rect(footer.left, top, footer.right, top + footer.height)
    if content.bottom > footer.top - 8 and content.top < footer.top:
        content = Rect(content.left, content.top, content.right, footer.top - 8)
    for graphic in graphics:
        # A graphic the footer moved above may now reach into the content's bottom.
        if graphic.box.overlaps(content, CLEARANCE) and graphic.box.top > content.top + 200:
            content = Rect(content.left, content.top, content.right, graphic.box.top - CLEARANCE)
    return content, footer


def _xfrm_box(xfrm, offset: tuple[float, float] = (0.0, 0.0)) -> Rect | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if off is None or ext is None:
        return None
    x = int(off.get("x", "0")) / EMU_PER_PT + offset[0]
    y = int(off.get("y", "0")) / EMU_PER_PT + offset[1]
    w, h = int(ext.get("cx", "0")) / EMU_PER_PT, int(ext.get("cy", "0")) / EMU_PER_PT
    return Rect(x, y, x + w, y + h)


def _graphics(element, colours: ThemeColours, part) -> list[Graphic]:
    """Every shape of a layout or master's tree that is not a placeholder, with its box (pt)."""
    tree = element.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return []
    found: list[Graphic] = []
    for child in tree:
        tag = etree.QName(child).localname
        if tag == "sp":
            if child.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph") is not None:
                continue
            sp_pr = child.find(f"{_P}spPr")
            box = _xfrm_box(sp_pr.find(f"{_A}xfrm") if sp_pr is not None else None)
            if box is None:
                continue
            fill = _fill_colour(sp_pr, colours, part)
            line = sp_pr.find(f"{_A}ln") if sp_pr is not None else None
            has_line = line is not None and line.find(f"{_A}noFill") is None
            has_text = bool("".join(child.itertext()).strip())
            if fill is None and not has_line and not has_text:
                continue  # an invisible shape draws nothing
            found.append(Graphic(box, "shape", _name(child), fill))
        elif tag in ("pic", "graphicFrame", "grpSp", "cxnSp"):
            if tag == "pic" and child.find(f"{_P}nvPicPr/{_P}nvPr/{_P}ph") is not None:
                continue
            xfrm = (
                child.find(f"{_P}xfrm")
                if tag == "graphicFrame"
                else child.find(f"{_P}{'grpSpPr' if tag == 'grpSp' else 'spPr'}/{_A}xfrm")
            )
            box = _xfrm_box(xfrm)
            if box is None:
                continue
            fill = _picture_colour(child, part) if tag == "pic" else None
            kind = {"pic": "picture", "grpSp": "group", "graphicFrame": "chart"}.get(tag, "shape")
            found.append(Graphic(box, kind, _name(child), fill))
    return found


def _name(element) -> str:
    for node in element.iter(f"{_P}cNvPr"):
        return node.get("name", "")
    return ""


def _fill_colour(props, colours: ThemeColours, part) -> str | None:
    """The colour a spPr or bgPr fill shows (a gradient's average, a picture's mean)."""
    if props is None:
        return None
    solid = props.find(f"{_A}solidFill")
    if solid is not None and len(solid):
        alpha = solid[0].find(f"{_A}alpha")
        if alpha is not None and int(alpha.get("val", "100000")) < 50000:
            # Mostly see-through (a glow, a light wash): what shows is what lies under it.
            return None
        return colours.colour(solid[0])
    gradient = props.find(f"{_A}gradFill")
    if gradient is not None:
        stops = [colours.colour(gs[0]) for gs in gradient.iter(f"{_A}gs") if len(gs)]
        stops = [s for s in stops if s]
        if stops:
            return _average(stops)
    if props.find(f"{_A}blipFill") is not None:
        return _picture_colour(props, part)
    return None


def _average(colours: list[str]) -> str:
    channels = [sum(int(c[i : i + 2], 16) for c in colours) / len(colours) for i in (0, 2, 4)]
    return "".join(f"{round(v):02X}" for v in channels)


def _picture_colour(element, part) -> str | None:
    """A picture's mean colour (what text over it would have to read against)."""
    blip = next(iter(element.iter(f"{_A}blip")), None)
    rel_id = blip.get(f"{_R}embed") if blip is not None else None
    if not rel_id or rel_id not in part.rels:
        return None
    try:
        from PIL import Image

        blob = part.rels[rel_id].target_part.blob
        with Image.open(io.BytesIO(blob)) as image:
            image.draft("RGB", (64, 64))
            small = image.convert("RGBA").resize((16, 16))
            pixels = [p for p in small.getdata() if p[3] > 128]
    except Exception:  # an unreadable or odd image: its colour is unknown, not fatal
        return None
    if not pixels:
        return None
    return "".join(f"{round(sum(p[i] for p in pixels) / len(pixels)):02X}" for i in range(3))


def _background(layout, colours: ThemeColours) -> str | None:
    """The background colour of a layout's slides: the layout's own, else its master's."""
    for source in (layout, layout.slide_master):
        bg = source._element.find(f"{_P}cSld/{_P}bg")
        if bg is None:
            continue
        props = bg.find(f"{_P}bgPr")
        if props is not None:
            found = _fill_colour(props, colours, source.part)
            if found:
                return found
        ref = bg.find(f"{_P}bgRef")
        if ref is not None and len(ref):
            found = colours.colour(ref[0])
            if found:
                return found
    return None


def theme_root(master):
    """The parsed theme of a slide master (its colour scheme and fonts), or None without one."""
    for rel in master.part.rels.values():
        if rel.reltype.endswith("/theme"):
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            return etree.fromstring(rel.target_part.blob, parser)
    return None


class ThemeColours:
    """Scheme colours (bg1, tx1, accent1...) of a layout resolved through its master's colour
    map and theme, with DrawingML's colour changes (lumMod, lumOff, tint, shade) applied."""

    def __init__(self, layout) -> None:
        master = layout.slide_master
        self.scheme: dict[str, str] = {}
        root = theme_root(master)
        scheme = root.find(f".//{_A}clrScheme") if root is not None else None
        for node in scheme if scheme is not None else []:
            if len(node):
                value = node[0].get("val") if node[0].tag == f"{_A}srgbClr" else None
                value = value or node[0].get("lastClr")
                if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                    self.scheme[etree.QName(node).localname] = value.upper()
        self.mapping = {
            "bg1": "lt1",
            "tx1": "dk1",
            "bg2": "lt2",
            "tx2": "dk2",
        }
        colour_map = master._element.find(f"{_P}clrMap")
        if colour_map is not None:
            self.mapping.update(dict(colour_map.attrib))
        override = layout._element.find(f"{_P}clrMapOvr/{_A}overrideClrMapping")
        if override is not None:
            self.mapping.update(dict(override.attrib))

    def resolve(self, name: str) -> str | None:
        return self.scheme.get(self.mapping.get(name, name))

    def colour(self, node) -> str | None:
        """The hex colour a DrawingML colour element shows."""
        tag = etree.QName(node).localname
        if tag == "srgbClr":
            base = node.get("val")
        elif tag == "schemeClr":
            base = self.resolve(node.get("val", ""))
        elif tag == "sysClr":
            base = node.get("lastClr") or (
                "000000" if node.get("val") == "windowText" else "FFFFFF"
            )
        elif tag == "prstClr":
            base = {"black": "000000", "white": "FFFFFF"}.get(node.get("val", ""))
        else:
            base = None
        if not base or len(base) != 6:
            return None
        return _transformed(base.upper(), node)


def _transformed(colour: str, node) -> str:
    """Apply lumMod/lumOff (in HSL), tint (towards white) and shade (towards black)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for change in node:
        name = etree.QName(change).localname
        value = int(change.get("val", "100000")) / 100000
        if name == "tint":
            r, g, b = (c + (1 - c) * (1 - value) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * value for c in (r, g, b))
        elif name in ("lumMod", "lumOff"):
            import colorsys

            h, lightness, s = colorsys.rgb_to_hls(r, g, b)
            lightness = lightness * value if name == "lumMod" else lightness + value
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lightness)), s)
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))
