"""Whiteboards as mapbridge sees them: frames (or pages) of shapes with text, on one coordinate plane.

The Excalidraw and draw.io readers turn their files into a `Board`; the geometry reader
(`mapbridge.importers.board`) turns a Board into a Workspace without knowing which tool drew it.
The exporters mark the shapes they draw only to frame the map (title, badge, footer, legend, the
emotion band, the how-to note) with a `role`, so the reader can pass them over; a shape a person
adds has no role and is read by where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Where the exporters put mapbridge's marks: Excalidraw `customData[MARK_KEY]`, a draw.io style
#: key `MARK_KEY=role;` (draw.io keeps style keys it does not know).
MARK_KEY = "mapbridge"

#: Roles of shapes that frame the map and are not read as content. `title` carries the persona
#: name (and `persona`/`kind` in the element's mark), `badge` the persona kind's caution.
ROLE_TITLE = "title"
ROLE_SUBTITLE = "subtitle"
ROLE_BADGE = "badge"
ROLE_FOOTER = "footer"
ROLE_LEGEND = "legend"
ROLE_BAND = "band"
ROLE_CURVE = "curve"
ROLE_HOWTO = "howto"
ROLE_DECORATION = "decoration"
#: An arrow drawn between two personas' stickies (a link of `mapbridge.interactions`), its label,
#: and the chip naming a persona an arrow points at: drawn from the relation lanes, never read.
ROLE_INTERACTION = "interaction"
#: Marks a frame or page that compares personas (a layered comparison board): read only when the
#: board has no persona boards for that journey.
ROLE_COMPARISON = "comparison"
#: Roles the geometry reader never reads as map content.
DECORATIVE_ROLES = frozenset(
    {
        ROLE_TITLE,
        ROLE_SUBTITLE,
        ROLE_BADGE,
        ROLE_FOOTER,
        ROLE_LEGEND,
        ROLE_BAND,
        ROLE_CURVE,
        ROLE_HOWTO,
        ROLE_DECORATION,
        ROLE_INTERACTION,
    }
)

#: How far, as a share of an emotion band's height, the exporters keep the curve from the
#: band's top and bottom edges: a dot at this height is +1 (top) or -1 (bottom).
EMOTION_BAND_PAD = 1 / 6

#: Limits on a board file, checked before any deep work (hostile or runaway input). The size
#: limit sits above what mapbridge itself writes for a 50-persona, 40-stage workshop (62 MB).
MAX_BOARD_BYTES = 128 * 1024 * 1024
MAX_BOARD_ELEMENTS = 100_000
MAX_BOARD_PAGES = 500
MAX_JSON_DEPTH = 64
#: A compressed draw.io page may inflate to at most this many bytes (all pages together: see
#: importers.drawio_board.MAX_INFLATED_BYTES).
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_XML_DEPTH = 64


def upright_box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """A box with a width and height that are never negative: both tools keep the size a shape
    was dragged with, negative to the left or up."""
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    return x, y, w, h


@dataclass(eq=False)
class Shape:
    """One element of a board, in absolute board coordinates, with its text as plain text.

    Shapes are equal only to themselves: two stickies with the same text at the same place are
    still two stickies (and `in` stays a quick identity test).

    `kind` is what was drawn: "rectangle", "ellipse", "diamond", "note" (a sticky-note or note
    shape), "text" (free text), "swimlane" (a container with a title band) or "other".
    For a swimlane, x/y/w/h is its title band (`band` says which edge: "top" or "left") and
    `container` its whole area. `text` keeps the person's line breaks; HTML is already stripped.
    """

    id: str
    kind: str
    x: float
    y: float
    w: float
    h: float
    text: str = ""
    role: str | None = None
    #: mapbridge's data on the element (Excalidraw customData / draw.io attributes), as strings.
    mark: dict[str, str] = field(default_factory=dict)
    fill: str | None = None
    band: str | None = None
    container: tuple[float, float, float, float] | None = None
    #: The id of the swimlane (or container) the shape sits in, when the tool nests shapes.
    parent: str | None = None

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class Frame:
    """A frame (Excalidraw) or page (draw.io): one map, or a board with no grid at all.

    `name` is what the tool shows (the frame's name, the page's tab); `number` counts frames
    from 1 in the order the file lists them, for messages about frames without a name.
    """

    id: str
    name: str
    number: int
    shapes: list[Shape] = field(default_factory=list)
    mark: dict[str, str] = field(default_factory=dict)
    role: str | None = None


@dataclass
class Board:
    """A whole board file: its frames or pages, in the order the file lists them."""

    file: str
    tool: str  # "Excalidraw" or "draw.io"
    frames: list[Frame] = field(default_factory=list)
    #: "frame" (Excalidraw) or "page" (draw.io): what messages call a Frame.
    frame_word: str = "frame"
