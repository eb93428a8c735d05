"""Slide templates: the default one that ships with mapbridge, and a user's corporate .pptx/.potx.

A user template is checked before python-pptx parses it (it must be a bounded zip with no XML DTD or
entity declarations), its own example slides are removed, its layouts are found by name with
fallbacks, and its theme gives the persona colours and the font the text is measured with.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from mapbridge import codes
from mapbridge.contrast import is_large, readable, text_on
from mapbridge.errors import Problem, UsageError
from mapbridge.exporters.deck.frame import SlideFrame, ThemeColours, slide_frame, theme_root
from mapbridge.safezip import PackageRefused, check_package

DEFAULT_TEMPLATE = "mapbridge-default.pptx"

#: Layout roles -> layout names tried in order (English and common localised names).
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": (
        "Title Slide",
        "Title",
        "Titelfolie",
        "Diapositive de titre",
        "Diapositiva de título",
    ),
    "content": (
        "Title Only",
        "Title only",
        "Nur Titel",
        "Titre seul",
        "Solo título",
        "Title and Content",
        "Blank",
    ),
}

_MAX_PARTS = 5000
_MAX_UNPACKED = 300 * 1024 * 1024
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _template_problem(path: Path, message: str, hint: str = "") -> UsageError:
    return UsageError(Problem.of(codes.BAD_TEMPLATE, message, hint, file=path.name))


def read_template_bytes(path: Path) -> bytes:
    """A user template's bytes after safety checks, with a .potx turned into a presentation."""
    if not path.is_file():
        raise _template_problem(
            path, f"there is no template file at {str(path)!r}", "name a .pptx or .potx file"
        )
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _template_problem(
            path,
            "the template is not a PowerPoint file (it is not a zip package)",
            "save it from PowerPoint or LibreOffice Impress as .pptx",
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > _MAX_PARTS or sum(i.file_size for i in infos) > _MAX_UNPACKED:
            raise _template_problem(
                path, "the template was refused as unsafe: it unpacks too large"
            )
        names = {i.filename for i in infos}
        if "ppt/presentation.xml" not in names:
            raise _template_problem(
                path,
                "the template is not a PowerPoint file (it has no ppt/presentation.xml)",
                "save it from PowerPoint or LibreOffice Impress as .pptx",
            )
        rewritten: dict[str, bytes] = {}
        # Every part is inflated as a stream and scanned whole: a DTD may hide after a long
        # comment or in UTF-16, and a part's headers may lie about its size (a zip bomb).
        try:
            check_package(path, max_unpacked_bytes=_MAX_UNPACKED, max_entries=_MAX_PARTS)
        except PackageRefused as refused:
            problem = "is damaged" if refused.kind == "damaged" else "was refused as unsafe"
            raise _template_problem(
                path,
                f"the template {problem}: {refused.describe()}",
                "save the template again from PowerPoint; real templates never need this",
            ) from refused
        content_types = archive.read("[Content_Types].xml")
        if _TEMPLATE_TYPE in content_types:
            rewritten["[Content_Types].xml"] = content_types.replace(
                _TEMPLATE_TYPE, _PRESENTATION_TYPE
            )
        if not rewritten:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in infos:
                target.writestr(info, rewritten.get(info.filename, archive.read(info)))
        return out.getvalue()


def default_template_bytes() -> bytes:
    """The template that ships with mapbridge (package mapbridge.templates)."""
    return resources.files("mapbridge.templates").joinpath(DEFAULT_TEMPLATE).read_bytes()


@dataclass
class Template:
    """An opened template: the presentation to add slides to, and what the deck needs from it."""

    prs: object
    name: str
    layouts: dict[str, object] = field(default_factory=dict)
    accents: list[str] = field(default_factory=list)
    body_font: str = "Calibri"
    heading_font: str = "Calibri"
    width_pt: float = 960.0
    height_pt: float = 540.0
    is_default: bool = True
    #: Where content slides draw on the content layout (clear of its graphics; its colours).
    frame: SlideFrame | None = None
    #: The background colour of each role's layout ("title", "content").
    backgrounds: dict[str, str] = field(default_factory=dict)
    #: Each role's layout's covering shapes (see `SlideFrame.backdrops`).
    backdrops: dict[str, tuple] = field(default_factory=dict)

    def background(self, role: str) -> str:
        """The colour behind text on a slide of this role's layout."""
        return self.backgrounds.get(role, "FFFFFF")


def open_template(path: str | Path | None) -> Template:
    """Open the default template (path None) or a user template, ready for slides."""
    if path is None:
        prs = Presentation(io.BytesIO(default_template_bytes()))
        name = DEFAULT_TEMPLATE
    else:
        path = Path(path)
        data = read_template_bytes(path)
        try:
            prs = Presentation(io.BytesIO(data))
        except Exception as exc:  # python-pptx raises many kinds for a broken package
            raise _template_problem(
                path,
                f"the template cannot be opened as a presentation ({type(exc).__name__})",
                "open it in PowerPoint or LibreOffice Impress and save it again as .pptx",
            ) from exc
        name = path.name
    _remove_slides(prs)
    _unique_shape_ids(prs)
    fast_partnames(prs)
    template = Template(prs=prs, name=name, is_default=path is None)
    template.width_pt = prs.slide_width / 12700
    template.height_pt = prs.slide_height / 12700
    template.layouts = {role: _find_layout(prs, role, name) for role in LAYOUT_NAMES}
    template.accents, template.heading_font, template.body_font = _theme(prs)
    template.frame = slide_frame(prs, template.layouts["content"])
    title_frame = slide_frame(prs, template.layouts["title"])
    template.backgrounds = {"content": template.frame.background, "title": title_frame.background}
    template.backdrops = {"content": template.frame.backdrops, "title": title_frame.backdrops}
    _mark_custom_size(prs)
    return template


def _mark_custom_size(prs) -> None:
    """Drop a slide-size `type` that does not match the size (a 16:9 deck marked "screen4x3").

    Without a type the size is custom, which is what PowerPoint writes for 13.33 x 7.5 in.
    """
    size = prs.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz"
    )
    if size is None or size.get("type") is None:
        return
    cx, cy = int(size.get("cx")), int(size.get("cy"))
    known = {
        "screen4x3": (9144000, 6858000),
        "screen16x9": (9144000, 5143500),
        "screen16x10": (9144000, 5715000),
        "letter": (9144000, 6858000),
        "A4": (10826750, 7559675),
    }
    if known.get(size.get("type")) != (cx, cy):
        del size.attrib["type"]


def fast_partnames(prs) -> None:
    """Number new parts (charts, their workbooks, notes) from a counter instead of a full scan.

    python-pptx walks every part of the package for each new part it names, which makes a
    deck of n slides with charts and notes cost n². The first request for a kind of part scans
    once; later ones continue from the highest number in use.
    """
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    scan = package.next_partname
    counters: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        if template not in counters:
            first = scan(template)
            used = {str(part.partname) for part in package.iter_parts()}
            highest = max((n for n in range(1, len(used) + 2) if template % n in used), default=0)
            counters[template] = max(highest, int(re.findall(r"\d+", first)[-1]) - 1)
        counters[template] += 1
        return PackURI(template % counters[template])

    package.next_partname = next_partname


def _unique_shape_ids(prs) -> None:
    """Renumber shapes of masters and layouts whose ids repeat or are 0 (LibreOffice writes
    such templates): PowerPoint asks to repair a deck whose master has them."""
    for master in prs.slide_masters:
        for source in (master, *master.slide_layouts):
            seen: set[int] = set()
            nodes = source._element.xpath(".//p:cNvPr")
            highest = max((int(n.get("id", "0")) for n in nodes), default=0)
            for node in nodes:
                number = int(node.get("id", "0"))
                if number < 1 or number in seen:
                    highest += 1
                    number = highest
                    node.set("id", str(number))
                seen.add(number)


def _remove_slides(prs) -> None:
    """Drop the template's own example slides (their parts are not saved once unreferenced)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _all_layouts(prs) -> list:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def _placeholder_types(layout) -> set:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def _find_layout(prs, role: str, template_name: str):
    """The layout for a role: by name first, then by what its placeholders are; else a UsageError."""
    layouts = _all_layouts(prs)
    by_name = {layout.name.strip().lower(): layout for layout in layouts}
    for wanted in LAYOUT_NAMES[role]:
        if wanted.lower() in by_name:
            found = by_name[wanted.lower()]
            if role == "content":
                # Templates with several masters have a "Title Only" on each; the one whose
                # graphics leave the most clear room suits a dense map best.
                same = [x for x in layouts if x.name.strip().lower() == wanted.lower()]
                return max(reversed(same), key=lambda x: _clear_room(prs, x))
            if _has_title(found):
                return found
    titled = [layout for layout in layouts if _has_title(layout)]
    if role == "title":
        for layout in titled:
            if PP_PLACEHOLDER.CENTER_TITLE in _placeholder_types(layout):
                return layout
    else:
        content_kinds = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.PICTURE}
        for layout in titled:
            if not (_placeholder_types(layout) & content_kinds):
                return layout
    if titled:
        return titled[0]
    names = ", ".join(f'"{layout.name}"' for layout in layouts) or "none"
    raise UsageError(
        Problem.of(
            codes.BAD_TEMPLATE,
            f"the template has no layout for {role} slides (looked for "
            f"{', '.join(repr(n) for n in LAYOUT_NAMES[role][:3])} or any layout with a title); "
            f"its layouts are: {names}",
            'add a "Title Slide" and a "Title Only" layout to the template\'s slide master',
            file=template_name,
        )
    )


def _clear_room(prs, layout) -> tuple[bool, float]:
    """How well a layout suits content: whether its content area is clear of every template
    graphic (a big central picture may leave no strip to cut), then the area's size."""
    frame = slide_frame(prs, layout)
    clear = not any(g.box.overlaps(frame.content) for g in frame.graphics)
    return clear, frame.content.area


def _has_title(layout) -> bool:
    return bool(_placeholder_types(layout) & {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE})


def title_placeholder(slide):
    """The slide's title placeholder, found by type (never by position), or None."""
    for ph in slide.placeholders:
        if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            return ph
    return None


def pin_placeholder(slide, ph) -> None:
    """Give a slide placeholder the position of the layout (or master) placeholder of its type.

    Applications disagree on how an inherited position is found (by type or by idx), so the
    slide states it explicitly and everyone draws, and measures, the same box.
    """
    kind = ph.placeholder_format.type
    title_kinds = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
    for source in (slide.slide_layout, slide.slide_layout.slide_master):
        candidates = list(source.placeholders)
        match = next((c for c in candidates if c.placeholder_format.type == kind), None)
        if match is None and kind in title_kinds:
            match = next((c for c in candidates if c.placeholder_format.type in title_kinds), None)
        if match is None and kind == PP_PLACEHOLDER.SUBTITLE:
            match = next(
                (c for c in candidates if c.placeholder_format.type == PP_PLACEHOLDER.BODY), None
            )
        xfrm = match._element.spPr.find(f"{_A}xfrm") if match is not None else None
        if xfrm is not None:
            ph.left, ph.top, ph.width, ph.height = _on_slide(
                slide.part.package.presentation_part.presentation,
                (match.left, match.top, match.width, match.height),
            )
            return


def _on_slide(prs, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A placeholder box moved and cut to lie on the slide (layouts drawn for another size)."""
    left, top, width, height = box
    slide_w, slide_h = prs.slide_width, prs.slide_height
    margin = min(slide_w, slide_h) // 20
    width = min(width, slide_w - 2 * margin)
    height = min(height, slide_h - 2 * margin)
    left = min(max(left, 0), slide_w - margin - width)
    top = min(max(top, 0), slide_h - margin - height)
    return Emu(left), Emu(top), Emu(width), Emu(height)


def placeholder_of(slide, *kinds):
    for ph in slide.placeholders:
        if ph.placeholder_format.type in kinds:
            return ph
    return None


def _theme(prs) -> tuple[list[str], str, str]:
    """Accent colours (hex) and heading/body fonts of the first master's theme."""
    master = prs.slide_masters[0]
    root = theme_root(master)
    if root is None:
        return [], "Calibri", "Calibri"
    scheme = ThemeColours(master.slide_layouts[0]).scheme if len(master.slide_layouts) else {}
    accents = [scheme[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in scheme]
    major = root.find(f".//{_A}majorFont/{_A}latin")
    minor = root.find(f".//{_A}minorFont/{_A}latin")
    heading = major.get("typeface") if major is not None and major.get("typeface") else "Calibri"
    body = minor.get("typeface") if minor is not None and minor.get("typeface") else "Calibri"
    return accents, heading, body


def usable_accents(accents: list[str]) -> list[str]:
    """Theme accents fit to mark personas: drop near-white and near-black ones, and duplicates."""
    kept: list[str] = []
    for colour in accents:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        if 30 < luminance < 215 and colour not in kept:
            kept.append(colour)
    return kept


def _first_colour(element, colours) -> str | None:
    """The colour of the first level's default run properties in a list style, if it sets one."""
    if element is None:
        return None
    for fill in element.iter(f"{_A}solidFill"):
        parent = fill.getparent()
        if parent is not None and parent.tag == f"{_A}defRPr" and len(fill):
            return colours.colour(fill[0])
    return None


def _layout_colours(layout) -> tuple[ThemeColours, dict]:
    """A layout's theme colours and its placeholder colours found so far, kept on its part
    (a deck asks for every slide, and the answer depends on the layout alone)."""
    part = layout.part
    found = getattr(part, "_mapbridge_colours", None)
    if found is None:
        found = (ThemeColours(layout), {})
        part._mapbridge_colours = found
    return found


def inherited_text_colour(slide, ph) -> str | None:
    """The colour a placeholder's text gets from its layout, master and the master's text styles."""
    layout = slide.slide_layout
    colours, known = _layout_colours(layout)
    kind = ph.placeholder_format.type
    if kind not in known:
        known[kind] = _placeholder_colour(layout, colours, kind)
    return known[kind]


def _placeholder_colour(layout, colours: ThemeColours, kind) -> str | None:
    title_kinds = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
    for source in (layout, layout.slide_master):
        for candidate in source.placeholders:
            ctype = candidate.placeholder_format.type
            if ctype == kind or (kind in title_kinds and ctype in title_kinds):
                found = _first_colour(candidate._element.find(f".//{_A}lstStyle"), colours)
                if found:
                    return found
    styles = layout.slide_master._element.find(f"{_P}txStyles")
    if styles is not None:
        name = "titleStyle" if kind in title_kinds else "bodyStyle"
        found = _first_colour(styles.find(f"{_P}{name}"), colours)
        if found:
            return found
    return colours.resolve("tx1")


def make_placeholder_readable(slide, ph, background: str, size: float, bold: bool) -> None:
    """Give a filled placeholder's runs an explicit colour when the template's own would not
    reach WCAG AA on the background (a layout styled for white used on a dark master)."""
    inherited = inherited_text_colour(slide, ph)
    if inherited is None:
        return
    large = is_large(size, bold)
    if readable(inherited, background, large) == inherited:
        return
    # The theme's own text colour for this background, rather than a greyed version of one
    # meant for another background.
    colours, _known = _layout_colours(slide.slide_layout)
    ink = text_on(
        background, colours.resolve("tx1") or "000000", colours.resolve("bg1") or "FFFFFF"
    )
    wanted = RGBColor.from_string(readable(ink, background, large))
    for paragraph in ph.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = wanted
