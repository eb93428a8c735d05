"""draw.io (diagrams.net) files (`.drawio`) read into a `Board`: a Frame per page, its vertices as shapes.

draw.io saves a page as plain mxGraph XML or compressed (base64 of raw deflate of the URL-encoded
XML); both are read. A vertex's position is made absolute through its parents (containers,
groups, swimlanes, tables), HTML labels become plain text with their line breaks, and edges,
edge labels and hidden cells are left out. The XML is parsed with defusedxml (no DTD, no
entities) under the board limits: nesting depth, element count, page count, and how far a
compressed page may inflate.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
import urllib.parse
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from mapbridge import codes
from mapbridge.errors import unreadable
from mapbridge.formats.board import (
    MARK_KEY,
    MAX_BOARD_ELEMENTS,
    MAX_BOARD_PAGES,
    MAX_PAGE_BYTES,
    MAX_XML_DEPTH,
    Board,
    Frame,
    Shape,
    upright_box,
)
from mapbridge.formats.kinds import Probe
from mapbridge.importers.excalidraw_board import read_board_bytes, refuse_binary

#: XML elements in a whole file, pages included: a cell is several (mxCell, mxGeometry, points),
#: so a board of MAX_BOARD_ELEMENTS cells stays well inside it.
MAX_XML_ELEMENTS = 10 * MAX_BOARD_ELEMENTS
#: All compressed pages of a file together may inflate to this many bytes.
MAX_INFLATED_BYTES = 128 * 1024 * 1024
#: The title band of a swimlane when its style gives no `startSize` (draw.io's default).
DEFAULT_START_SIZE = 23.0

#: What may come before the root element: a BOM, whitespace, an XML declaration, comments.
_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)*", re.S)
_ROOT_TAG = re.compile(rb"<(?:mxfile|mxGraphModel)[\s/>]")
#: A label that is HTML even without `html=1`: a tag, or an entity.
_LOOKS_HTML = re.compile(r"</?[A-Za-z][^<>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
#: Elements that end a line in an HTML label.
_BLOCKS = frozenset(
    {"div", "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "pre"}
)
#: Elements whose content is not shown.
_HIDDEN = frozenset({"script", "style", "head", "title"})
_WRAPPERS = ("object", "UserObject")
#: Named styles (bare words in a style) that still draw a plain rectangle.
_RECTANGLE_FLAGS = frozenset({"rounded", "html", "whiteSpace"})
_RECTANGLE_SHAPES = frozenset({"rect", "rectangle", "partialRectangle"})
_TABLE_SHAPES = frozenset({"table", "tableRow"})
#: Named styles and shapes with a kind of their own.
_NAMED_KINDS = {"swimlane": "swimlane", "ellipse": "ellipse", "text": "text", "rhombus": "diamond"}


# ---------------------------------------------------------------- sniffing


def is_drawio(probe: Probe) -> bool:
    """Whether the input starts like a draw.io file: `<mxfile` or `<mxGraphModel` after the prologue.

    Looks at the probe's first bytes only, and never raises (a sniffer must not).
    """
    try:
        head = probe.head
        prologue = _PROLOGUE.match(head)
        start = prologue.end() if prologue else 0
        return _ROOT_TAG.match(head, start) is not None
    except Exception:  # noqa: BLE001 - any failure means "not recognisably a diagram"
        return False


# ---------------------------------------------------------------- safe XML


class _LimitExceeded(Exception):
    """Raised from inside the parser when the XML passes a board limit; parsing stops there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Budget:
    """The XML elements a whole file may still hold, shared by its outer XML and its pages."""

    def __init__(self) -> None:
        self.elements = 0
        self.inflated = 0


class _LimitedBuilder(TreeBuilder):
    """A tree builder that stops the parse at MAX_XML_DEPTH levels or MAX_XML_ELEMENTS elements.

    The limits are checked as each element opens, so a hostile file costs no more than the
    limit, not a whole tree built and then measured.
    """

    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self._depth = 0
        self._budget = budget

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self._depth += 1
        if self._depth > MAX_XML_DEPTH:
            raise _LimitExceeded(
                f"nests XML more than {MAX_XML_DEPTH} levels deep, which no draw.io diagram does"
            )
        self._budget.elements += 1
        if self._budget.elements > MAX_XML_ELEMENTS:
            raise _LimitExceeded(
                f"holds over {MAX_XML_ELEMENTS:,} XML elements; a board of more is refused"
            )
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        self._depth -= 1
        return super().end(tag)


def _parse_xml(file: str, data: bytes | str, budget: _Budget, where: str = "") -> Element:
    """The root element of `data`, parsed with defusedxml under the board limits.

    `where` names the page the XML came from (a compressed page), for messages.
    """
    parser = DefusedXMLParser(
        target=_LimitedBuilder(budget), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        return parser.close()
    except _LimitExceeded as exc:
        raise unreadable(
            file,
            codes.BOARD_TOO_COMPLEX,
            where + exc.message,
            "save the diagram from draw.io again, or split it into several files",
        ) from None
    except DefusedXmlException as exc:
        # A DTD is where entity bombs and external entities live; draw.io never writes one.
        raise unreadable(
            file,
            codes.BOARD_TOO_COMPLEX,
            f"{where}declares a DTD or entities ({type(exc).__name__}), which draw.io never "
            "writes; it is not read, for safety",
            "save the diagram from draw.io again",
        ) from None
    except ParseError as exc:
        raise unreadable(
            file,
            codes.NOT_A_BOARD,
            f"{where}is not well-formed XML ({exc})",
            "the file is damaged or is not a draw.io diagram; save it from draw.io again",
        ) from None


# ---------------------------------------------------------------- pages


def load_drawio(path: Path, *, source: Probe | None = None) -> Board:
    """The diagram at `path` as a Board: one Frame per page, in file order.

    Raises UnreadableInput (NOT_A_BOARD, BOARD_TOO_COMPLEX, INPUT_TOO_LARGE, EMPTY_FILE, ...)
    for a file that is not a readable diagram; never anything else.
    """
    path = Path(path)
    data = read_board_bytes(path, "a draw.io diagram", source=source)
    refuse_binary(path, data, "a draw.io diagram", ".drawio (File › Save as… in draw.io)")
    budget = _Budget()
    root = _parse_xml(path.name, data, budget)
    board = Board(file=path.name, tool="draw.io", frame_word="page")
    if root.tag == "mxGraphModel":
        # A bare model (what draw.io's "Extras › Edit Diagram" shows): one page.
        board.frames.append(_page(root, Frame(id="", name=path.stem, number=1)))
        return board
    if root.tag != "mxfile":
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"is XML, but not a draw.io diagram (its root element is <{_local(root.tag)}>, "
            "not <mxfile>)",
            "save the diagram from draw.io as a .drawio file",
        )
    diagrams = [child for child in root if child.tag == "diagram"]
    if len(diagrams) > MAX_BOARD_PAGES:
        raise unreadable(
            path.name,
            codes.BOARD_TOO_COMPLEX,
            f"has {len(diagrams):,} pages; a diagram of over {MAX_BOARD_PAGES} is refused",
            "split the diagram into several files",
        )
    for number, diagram in enumerate(diagrams, start=1):
        name = (diagram.get("name") or "").strip() or f"Page {number}"
        frame = Frame(id=diagram.get("id") or f"page-{number}", name=name, number=number)
        where = f'page {number} "{name}" '
        model = _page_model(path, diagram, budget, where)
        board.frames.append(_page(model, frame) if model is not None else frame)
    return board


def _local(tag: str) -> str:
    """A tag without its namespace (`{http://www.w3.org/2000/svg}svg` is `svg`)."""
    return tag.rpartition("}")[2]


def _page_model(path: Path, diagram: Element, budget: _Budget, where: str) -> Element | None:
    """The page's mxGraphModel: its child, or its text decompressed; None for an empty page."""
    model = diagram.find("mxGraphModel")
    if model is not None:
        return model
    text = (diagram.text or "").strip()
    if not text:
        return None
    # Text starting with "<" is uncompressed XML kept as text (escaped), which draw.io opens too.
    xml = text if text.startswith("<") else _inflate(path, text, budget, where)
    model = _parse_xml(path.name, xml, budget, where)
    if model.tag != "mxGraphModel":
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"{where}holds <{_local(model.tag)}>, not a draw.io page (<mxGraphModel>)",
            "save the diagram from draw.io again",
        )
    return model


def _inflate(path: Path, text: str, budget: _Budget, where: str) -> str:
    """A compressed page's XML: base64, then raw deflate, then URL-encoding undone.

    The inflation stops at MAX_PAGE_BYTES (and at MAX_INFLATED_BYTES for all pages together),
    so a deflate bomb costs at most that much memory and time.
    """
    damaged = "save the diagram from draw.io again (File › Properties › Compressed may be off)"
    compact = "".join(text.split())
    try:
        # draw.io's reader forgives missing padding; so does this.
        raw = base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"{where}is neither XML nor compressed draw.io content (not base64: {exc})",
            damaged,
        ) from None
    limit = min(MAX_PAGE_BYTES, MAX_INFLATED_BYTES - budget.inflated)
    inflater = zlib.decompressobj(-15)
    try:
        # One byte over the limit shows the page inflates further; nothing past it is made.
        inflated = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"{where}holds compressed content that cannot be inflated ({exc})",
            damaged,
        ) from None
    if len(inflated) <= limit and not inflater.eof:
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"{where}holds compressed content that is cut short",
            damaged,
        )
    if len(inflated) > limit:
        whole = "the pages together inflate" if limit < MAX_PAGE_BYTES else "inflates"
        cap = MAX_INFLATED_BYTES if limit < MAX_PAGE_BYTES else MAX_PAGE_BYTES
        raise unreadable(
            path.name,
            codes.BOARD_TOO_COMPLEX,
            f"{where}{whole} to over {cap / 2**20:.0f} MB, which no real diagram does",
            "save the diagram from draw.io again, or split it into several files",
        )
    budget.inflated += len(inflated)
    return urllib.parse.unquote(inflated.decode("utf-8", errors="replace"))


# ---------------------------------------------------------------- cells


@dataclass
class _Cell:
    """One mxCell as read (before positions are made absolute)."""

    id: str
    parent: str | None
    vertex: bool
    edge: bool
    hidden: bool
    collapsed: bool
    #: The style's `key=value` pairs, and its bare names (`ellipse;`, `text;`).
    style: dict[str, str]
    flags: frozenset[str]
    value: str
    attrs: dict[str, str]
    #: x, y, width, height, and whether the geometry is relative (an edge label's); None if absent.
    geometry: tuple[float, float, float, float, bool] | None


def _cells(model: Element) -> list[_Cell]:
    """The cells of a page in file order, wrapped ones (`<object>`, `<UserObject>`) unwrapped."""
    root = model.find("root")
    if root is None:
        return []
    cells: list[_Cell] = []
    for child in root:
        if child.tag == "mxCell":
            cell, value, attrs = child, child.get("value") or "", {}
            cell_id = child.get("id")
        elif child.tag in _WRAPPERS:
            inner = child.find("mxCell")
            if inner is None:
                continue
            # The wrapper holds the id, the label and any custom data; the mxCell the rest.
            cell, value, cell_id = inner, child.get("label") or "", child.get("id")
            attrs = {k: v for k, v in child.attrib.items() if k not in ("id", "label")}
        else:
            continue
        if not cell_id:
            continue
        style, flags = parse_style(cell.get("style") or "")
        cells.append(
            _Cell(
                id=cell_id,
                parent=cell.get("parent"),
                vertex=cell.get("vertex") == "1",
                edge=cell.get("edge") == "1",
                hidden=cell.get("visible") == "0",
                collapsed=cell.get("collapsed") == "1",
                style=style,
                flags=flags,
                value=value,
                attrs=attrs,
                geometry=_geometry(cell),
            )
        )
    return cells


def parse_style(style: str) -> tuple[dict[str, str], frozenset[str]]:
    """A draw.io style string: its `key=value;` pairs, and its bare names (`ellipse;`).

    A bare name is a named style of draw.io's stylesheet; a key of the same name is another
    thing (`image;image=data:...;` is the image style with its picture).
    """
    pairs: dict[str, str] = {}
    flags: set[str] = set()
    for part in style.split(";"):
        key, equals, value = part.partition("=")
        key = key.strip()
        if key and equals:
            pairs[key] = value.strip()
        elif key:
            flags.add(key)
    return pairs, frozenset(flags)


def _float(text: str | None, default: float = 0.0) -> float | None:
    """A finite number from an attribute (draw.io leaves out zeros), else None."""
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _geometry(cell: Element) -> tuple[float, float, float, float, bool] | None:
    node = None
    for child in cell:
        if child.tag == "mxGeometry" and child.get("as", "geometry") == "geometry":
            node = child
            break
    if node is None:
        return None
    x, y = _float(node.get("x")), _float(node.get("y"))
    w, h = _float(node.get("width")), _float(node.get("height"))
    if x is None or y is None or w is None or h is None:
        return None
    return (*upright_box(x, y, w, h), node.get("relative") == "1")


def _page(model: Element, frame: Frame) -> Frame:
    """`frame` filled with the page's vertices as shapes, in absolute page coordinates."""
    cells = _cells(model)
    by_id: dict[str, _Cell] = {}
    for cell in cells:
        by_id.setdefault(cell.id, cell)
    origins = _Origins(by_id)
    for cell in cells:
        if by_id[cell.id] is not cell or not cell.vertex or cell.edge or cell.geometry is None:
            continue
        x, y, w, h, relative = cell.geometry
        parent = by_id.get(cell.parent) if cell.parent else None
        # Edge labels sit relative to their edge, not on the page; they are not notes.
        if relative or (parent is not None and parent.edge):
            continue
        if not origins.shown(cell):
            continue
        offset = origins.origin(parent.id) if parent is not None and parent.vertex else None
        if offset is not None:
            x, y = x + offset[0], y + offset[1]
        frame.shapes.append(_shape(cell, x, y, w, h, parent.id if offset is not None else None))
    return frame


class _Origins:
    """The absolute top-left corner of each vertex, through its vertex parents.

    Walks up the parent chain without recursion (a chain may be long) and remembers every
    corner it finds; a loop in the parent ids ends the walk there instead of hanging.
    """

    def __init__(self, cells: dict[str, _Cell]) -> None:
        self._cells = cells
        self._origins: dict[str, tuple[float, float] | None] = {}
        self._shown: dict[str, bool] = {}

    def origin(self, cell_id: str) -> tuple[float, float] | None:
        """The vertex's absolute corner; None when it is not a vertex with a usable geometry."""
        chain: list[str] = []
        seen: set[str] = set()
        current: str | None = cell_id
        base: tuple[float, float] = (0.0, 0.0)
        while current is not None and current not in seen:
            if current in self._origins:
                base = self._origins[current] or (0.0, 0.0)
                break
            cell = self._cells.get(current)
            if cell is None or not cell.vertex or cell.edge or cell.geometry is None:
                self._origins[current] = None
                break
            seen.add(current)
            chain.append(current)
            current = cell.parent
        for link in reversed(chain):
            geometry = self._cells[link].geometry
            assert geometry is not None  # checked when the chain was built
            base = (base[0] + geometry[0], base[1] + geometry[1])
            self._origins[link] = base
        return self._origins.get(cell_id)

    def shown(self, cell: _Cell) -> bool:
        """Whether the cell is visible: it, its layer and its containers not hidden or collapsed."""
        chain: list[_Cell] = []
        seen: set[str] = set()
        visible = True
        current: _Cell | None = cell
        while current is not None and current.id not in seen:
            if current.id in self._shown:
                visible = self._shown[current.id]
                break
            seen.add(current.id)
            chain.append(current)
            if current.hidden:
                visible = False
                break
            current = self._cells.get(current.parent) if current.parent else None
            # A collapsed container hides what is inside it, not itself.
            if current is not None and current.collapsed:
                visible = False
                break
        for link in chain:
            self._shown[link.id] = visible
        return visible


def _shape(cell: _Cell, x: float, y: float, w: float, h: float, parent: str | None) -> Shape:
    style = cell.style
    kind = _kind(style, cell.flags)
    text = _label(cell.value, style)
    band: str | None = None
    container: tuple[float, float, float, float] | None = None
    shape_name = style.get("shape")
    if shape_name in _TABLE_SHAPES:
        text = ""  # a table and its rows only hold cells; their text is not a note
    if kind == "swimlane":
        start = _float(style.get("startSize"), DEFAULT_START_SIZE)
        start = DEFAULT_START_SIZE if start is None else max(start, 0.0)
        container = (x, y, w, h)
        # The title band is what reads like a header; the area below (or right of) it holds
        # the lane's notes, kept as `container`.
        if style.get("horizontal") == "0":
            band, w = "left", min(start, w)
        else:
            band, h = "top", min(start, h)
    role, mark = _marks(cell)
    fill = style.get("fillColor")
    return Shape(
        id=cell.id,
        kind=kind,
        x=x,
        y=y,
        w=w,
        h=h,
        text=text,
        role=role,
        mark=mark,
        fill=fill if fill and fill not in ("none", "default") else None,
        band=band,
        container=container,
        parent=parent,
    )


def _kind(style: dict[str, str], flags: frozenset[str]) -> str:
    """What the style draws, in Shape's words ("rectangle", "swimlane", "note", ...).

    An explicit `shape=` wins over a named style (`ellipse;shape=cloud;` draws a cloud), as in
    draw.io; a style with neither is draw.io's default, a rectangle.
    """
    shape = style.get("shape")
    if shape in _TABLE_SHAPES or "table" in flags:
        return "other"
    if shape is None:
        for flag, kind in _NAMED_KINDS.items():
            if flag in flags:
                return kind
        return "rectangle" if flags <= _RECTANGLE_FLAGS else "other"
    name = shape.lower()
    if name in _NAMED_KINDS:
        return _NAMED_KINDS[name]
    if "note" in name or "sticky" in name:
        return "note"
    return "rectangle" if shape in _RECTANGLE_SHAPES else "other"


def _marks(cell: _Cell) -> tuple[str | None, dict[str, str]]:
    """(role, other marks): the wrapper's `mapbridge*` attributes, then the style's `mapbridge*` keys.

    `mapbridge` itself is the role; `mapbridgePersona` (or `mapbridge-persona`) is the mark
    `persona`.
    """
    role: str | None = None
    mark: dict[str, str] = {}
    for source in (cell.attrs, cell.style):
        for key, value in source.items():
            if not key.startswith(MARK_KEY):
                continue
            name = key[len(MARK_KEY) :].lstrip("-_.:")
            if not name:
                role = role or value or None
            else:
                mark.setdefault(name[:1].lower() + name[1:], value)
    return role, mark


# ---------------------------------------------------------------- labels


def _label(value: str, style: dict[str, str]) -> str:
    """A cell's label as plain text: HTML labels lose their markup but keep their line breaks."""
    if not value:
        return ""
    if style.get("html") == "1" or _LOOKS_HTML.search(value):
        return html_to_text(value)
    return value


class _TextOfHtml(HTMLParser):
    """Collects the text of an HTML label, a line break for `<br>` and around block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def _break(self) -> None:
        """End the current line, unless it is already ended (or nothing was written yet)."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")
        elif tag in _BLOCKS:
            # draw.io writes a second line as `first<div>second</div>`.
            self._break()
        elif tag in _HIDDEN:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._break()
        elif tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """The text of an HTML label: `<br>` and block ends as line breaks, tags dropped, entities
    decoded, no-break spaces as spaces, trailing spaces and blank first and last lines removed.
    """
    if "<" not in value and "&" not in value:
        text = value
    else:
        parser = _TextOfHtml()
        try:
            parser.feed(value)
            parser.close()
            text = "".join(parser.parts)
        except Exception:  # noqa: BLE001 - markup too broken for the parser: drop the tags
            text = html.unescape(re.sub(r"<[^<>]*>", "", value))
    lines = [line.rstrip() for line in text.replace("\xa0", " ").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
