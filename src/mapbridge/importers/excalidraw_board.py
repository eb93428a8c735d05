"""Excalidraw scenes (`.excalidraw`) read into a `Board`: frames of rectangles, ellipses and text.

Only what a person sees is read: deleted elements (and the text and frame children of deleted
ones) are dropped, a text bound to a container becomes that container's text, and an element
belongs to the frame Excalidraw says (`frameId`) or else to the frame its centre lies in. Lines,
arrows, drawings and images are not shapes. The file is checked against the board limits
(size, JSON nesting, element count) before it is parsed, so a hostile scene costs little.

`read_board_bytes` (the safe read of a board file) is shared with the draw.io reader.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from mapbridge import codes
from mapbridge.errors import unreadable
from mapbridge.formats.board import (
    MARK_KEY,
    MAX_BOARD_BYTES,
    MAX_BOARD_ELEMENTS,
    MAX_BOARD_PAGES,
    MAX_JSON_DEPTH,
    Board,
    Frame,
    Shape,
    upright_box,
)
from mapbridge.formats.kinds import OLE_SIGNATURE, ZIP_SIGNATURES, Probe, probed

#: The scene types Excalidraw writes: a saved scene, and what it puts on the clipboard.
SCENE_TYPES = ("excalidraw", "excalidraw/clipboard")
#: At most this many JSON objects and arrays in a scene. Each element holds a handful (its
#: bound elements, roundness, customData); an empty `{}` costs 64 bytes of memory for 3 bytes
#: of file, so a 32 MB file of them would take 700 MB to parse.
MAX_JSON_CONTAINERS = 20 * MAX_BOARD_ELEMENTS

_SHAPE_KINDS = {"rectangle": "rectangle", "ellipse": "ellipse", "diamond": "diamond"}
_FRAME_TYPES = ("frame", "magicframe")
#: Elements a text can be bound to that are connectors, not boxes: their labels are not read.
_CONNECTORS = ("arrow", "line")
#: Leading signatures of binary files a board is sometimes confused with (PNG and GZIP besides
#: zip and OLE), to say "binary" instead of "not UTF-8".
_BINARY_SIGNATURES = (*ZIP_SIGNATURES, OLE_SIGNATURE, b"\x89PNG", b"\x1f\x8b", b"%PDF")
#: A scene starts `{"type": "excalidraw", ...`; other scalar keys may come first.
_SCENE_HEAD = re.compile(
    r'\{\s*(?:"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[-+\w.]+)\s*,\s*)*?'
    r'"type"\s*:\s*"excalidraw(?:/clipboard)?"'
)
#: Every byte but quotes and brackets, dropped before the nesting is measured.
_NOT_QUOTES_OR_BRACKETS = bytes(b for b in range(256) if b not in b'"[]{}')
#: How each byte moves the nesting depth: +1 opening, -1 closing a bracket.
_BRACKET_STEP = [1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256)]


# ---------------------------------------------------------------- reading a board file safely


def read_board_bytes(path: Path, what: str, *, source: Probe | None = None) -> bytes:
    """The whole file, once it is known to be a regular, non-empty file within MAX_BOARD_BYTES.

    `what` names the format in messages ("an Excalidraw scene"). `source` is the file a caller
    already opened (its probe), read instead of opening the file again.
    """
    if path.is_dir():
        raise unreadable(
            path.name, codes.IS_A_DIRECTORY, f"is a folder, not {what}", "name a board file"
        )
    if not path.exists():
        raise unreadable(path.name, codes.FILE_NOT_FOUND, "there is no such file", "check the path")
    if not path.is_file():
        # A named pipe would block the read forever, a device never ends.
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            "is not a regular file (it is a device, a pipe or a socket)",
            f"name {what}",
        )
    try:
        size = path.stat().st_size
        if size <= MAX_BOARD_BYTES:
            with probed(path, source) as probe:
                # Reading one byte more than stat() said shows a file that grew since; only
                # then is the rest read, up to one byte over the limit. (A read of the limit
                # itself would allocate 32 MB for every small file.)
                handle = probe.handle()
                data = handle.read(size + 1)
                if len(data) > size:
                    data += handle.read(MAX_BOARD_BYTES + 1 - len(data))
            size = len(data)
    except OSError as exc:
        raise unreadable(
            path.name, codes.NOT_A_BOARD, f"cannot be read ({exc.strerror or exc})"
        ) from exc
    if size > MAX_BOARD_BYTES:
        raise unreadable(
            path.name,
            codes.INPUT_TOO_LARGE,
            f"is {size / 2**20:.0f} MB; a board file over {MAX_BOARD_BYTES / 2**20:.0f} MB "
            "is refused",
            "split the board into several files",
        )
    if size == 0:
        raise unreadable(path.name, codes.EMPTY_FILE, "is empty (0 bytes)", "save the board again")
    return data


def looks_binary(data: bytes) -> bool:
    """Whether the bytes are a binary file (a known signature, or NUL bytes near the start)."""
    return data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:8192]


def refuse_binary(path: Path, data: bytes, what: str, save_as: str) -> None:
    """Raise NOT_A_BOARD when `data` is binary: what kind of file it seems to be, and the fix."""
    if not looks_binary(data):
        return
    kind = "binary data"
    if data.startswith(ZIP_SIGNATURES):
        kind = "a zip archive"
    elif data.startswith(b"\x89PNG"):
        kind = "a PNG image"
    elif data.startswith(OLE_SIGNATURE):
        kind = "an old Office file"
    raise unreadable(
        path.name, codes.NOT_A_BOARD, f"holds {kind}, not {what}", f"save the board as {save_as}"
    )


# ---------------------------------------------------------------- sniffing


def is_excalidraw(probe: Probe) -> bool:
    """Whether the input starts like an Excalidraw scene: a JSON object with `"type": "excalidraw"`.

    Looks at the probe's first bytes only, and never raises (a sniffer must not).
    """
    try:
        text = probe.head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
        return _SCENE_HEAD.match(text) is not None
    except Exception:  # noqa: BLE001 - any failure means "not recognisably a scene"
        return False


# ---------------------------------------------------------------- parsing


def load_excalidraw(path: Path, *, source: Probe | None = None) -> Board:
    """The scene at `path` as a Board: one Frame per frame (plus loose text), in file order.

    Raises UnreadableInput (NOT_A_BOARD, BOARD_TOO_COMPLEX, INPUT_TOO_LARGE, EMPTY_FILE,
    NOT_UTF8, ...) for a file that is not a readable scene; never anything else.
    """
    path = Path(path)
    what = "an Excalidraw scene"
    data = read_board_bytes(path, what, source=source)
    refuse_binary(path, data, what, ".excalidraw (Menu › Save to… in Excalidraw)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise unreadable(path.name, codes.NOT_UTF8, "is UTF-16 text", "save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unreadable(
            path.name,
            codes.NOT_UTF8,
            f"is not UTF-8 text (byte {exc.start}): Excalidraw scenes are UTF-8 JSON",
            "save the board from Excalidraw again",
        ) from exc
    _check_json_shape(path, data)
    scene = _parse_json(path, text)
    elements = _scene_elements(path, scene)
    return _Scene(path, elements).board()


def _check_json_shape(path: Path, data: bytes) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, or with too many objects and arrays.

    Done before json.loads, so a hostile file costs a few passes over its bytes, never a deep
    recursion or a huge parse.
    """
    depth, containers = _json_nesting(data)
    if depth > MAX_JSON_DEPTH:
        raise unreadable(
            path.name,
            codes.BOARD_TOO_COMPLEX,
            f"nests JSON more than {MAX_JSON_DEPTH} levels deep, which no Excalidraw scene does",
            "save the board from Excalidraw again; it is not read, for safety",
        )
    if containers > MAX_JSON_CONTAINERS:
        raise unreadable(
            path.name,
            codes.BOARD_TOO_COMPLEX,
            f"holds {containers:,} JSON objects and lists; over {MAX_JSON_CONTAINERS:,} is refused",
            "split the board into several files",
        )


def _json_nesting(data: bytes) -> tuple[int, int]:
    """(deepest nesting, number of objects and arrays) of JSON text, by its brackets outside strings.

    A nesting deeper than MAX_JSON_DEPTH may be given as just MAX_JSON_DEPTH + 1. Linear: a few
    C-speed passes over the bytes. In UTF-8 the quote, backslash and brackets never occur inside
    a multi-byte character, so the bytes need no decoding.
    """
    # Escapes first: `\\` pairs (left to right, as a JSON reader pairs them), then `\"`, so
    # every quote left opens or closes a string, and a bracket is outside strings when an even
    # number of quotes comes before it. Then only quotes and brackets are kept; two quotes side
    # by side hold no bracket between them, so dropping them keeps that count even or odd, and
    # leaves few quotes (only around brackets) to split on.
    bare = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    marks = bare.translate(None, _NOT_QUOTES_OR_BRACKETS).replace(b'""', b"")
    del bare
    brackets = b"".join(marks.split(b'"')[::2])
    del marks
    containers = brackets.count(b"[") + brackets.count(b"{")
    if b"[" * (MAX_JSON_DEPTH + 1) in brackets or b"{" * (MAX_JSON_DEPTH + 1) in brackets:
        return MAX_JSON_DEPTH + 1, containers  # the common bomb, found without counting
    if not brackets:
        return 0, 0
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets))), containers


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            "the file is damaged or is not an Excalidraw scene; save the board from Excalidraw "
            "again",
        ) from exc
    except RecursionError as exc:  # the bracket scan makes this unreachable; kept as a backstop
        raise unreadable(
            path.name, codes.BOARD_TOO_COMPLEX, "nests JSON too deeply to be read"
        ) from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise unreadable(path.name, codes.NOT_A_BOARD, f"is not a readable scene ({exc})") from exc


def _scene_elements(path: Path, scene: Any) -> list[Any]:
    """The scene's `elements`, once the JSON is known to be a scene of a sane size."""
    save = "save the board from Excalidraw (Menu › Save to…, or Export › Save to disk)"
    if not isinstance(scene, dict):
        kind = "a list" if isinstance(scene, list) else "a single value"
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            f"is JSON holding {kind}, not an Excalidraw scene (an object with "
            '"type": "excalidraw")',
            save,
        )
    kind = scene.get("type")
    if kind == "excalidrawlib":
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            "is an Excalidraw library (shapes to reuse), not a scene",
            "place the shapes on a board and save the board",
        )
    if kind not in SCENE_TYPES:
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            'is JSON, but not an Excalidraw scene (it has no "type": "excalidraw")',
            save,
        )
    elements = scene.get("elements")
    if not isinstance(elements, list):
        raise unreadable(
            path.name,
            codes.NOT_A_BOARD,
            'is an Excalidraw scene without an "elements" list: the file is damaged',
            save,
        )
    if len(elements) > MAX_BOARD_ELEMENTS:
        raise unreadable(
            path.name,
            codes.BOARD_TOO_COMPLEX,
            f"holds {len(elements):,} elements; a board of over {MAX_BOARD_ELEMENTS:,} is refused",
            "split the board into several files",
        )
    return elements


# ---------------------------------------------------------------- from elements to frames


@dataclass
class _Element:
    """A live element with a usable box (normalised, so width and height are never negative)."""

    id: str
    x: float
    y: float
    w: float
    h: float
    raw: dict[str, Any]
    order: int

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def _number(value: Any) -> float | None:
    """A finite number (JSON allows NaN and Infinity through Python's reader), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) else None


def _element(raw: dict[str, Any], order: int) -> _Element | None:
    """The element with its box, or None when its geometry is not numbers."""
    x, y = _number(raw.get("x")), _number(raw.get("y"))
    w, h = _number(raw.get("width")), _number(raw.get("height"))
    if x is None or y is None or w is None or h is None:
        return None
    return _Element(raw["id"], *upright_box(x, y, w, h), raw, order)


def _marks(raw: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    """(role, other marks) from `customData["mapbridge"]`; nothing for anything else."""
    custom = raw.get("customData")
    ours = custom.get(MARK_KEY) if isinstance(custom, dict) else None
    if not isinstance(ours, dict):
        return None, {}
    role = ours.get("role")
    mark = {k: v for k, v in ours.items() if k != "role" and isinstance(v, str)}
    return (role if isinstance(role, str) else None), mark


def _text_of(raw: dict[str, Any]) -> str:
    """A text element's text as the person typed it (`text` holds Excalidraw's wrapped copy)."""
    original = raw.get("originalText")
    if isinstance(original, str):
        return original
    text = raw.get("text")
    return text if isinstance(text, str) else ""


def _ref(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


class _Scene:
    """The elements of one scene, sorted into live frames, shapes and the texts bound to them."""

    def __init__(self, path: Path, elements: list[Any]) -> None:
        self.path = path
        raws = [e for e in elements if isinstance(e, dict) and isinstance(e.get("id"), str)]
        #: Every live element by id, the first of a repeated id winning.
        self.live: dict[str, dict[str, Any]] = {}
        for raw in raws:
            if raw.get("isDeleted") is not True:
                self.live.setdefault(raw["id"], raw)
        self.deleted = {e["id"] for e in raws if e["id"] not in self.live}
        self.raws = [
            e
            for e in raws
            if self.live.get(e["id"]) is e  # live, and the first of its id
            # Deleting a container deletes its text, deleting a frame its children; a file
            # where they survive their parent shows them nowhere.
            and _ref(e, "containerId") not in self.deleted
            and _ref(e, "frameId") not in self.deleted
        ]

    def board(self) -> Board:
        """The Board: frames in file order, then the loose text; or the whole scene as one frame."""
        frames = self._frames()
        by_id = {frame.id: frame for frame, _ in frames}
        # Corners and area of each frame, searched for the elements Excalidraw put in no frame.
        boxes = [
            (box.x, box.y, box.x + box.w, box.y + box.h, box.w * box.h, frame)
            for frame, box in frames
        ]
        loose: list[Shape] = []
        for element, shape in self._shapes():
            frame = by_id.get(_ref(element.raw, "frameId") or "")
            if frame is None:
                # A rotated element turns about its centre, so its centre needs no rotation;
                # frames may overlap, and the smallest one holding the centre is the nearer.
                cx, cy = element.cx, element.cy
                holding = [b for b in boxes if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]]
                frame = min(holding, key=lambda b: b[4])[5] if holding else None
            (frame.shapes if frame is not None else loose).append(shape)
        result = [frame for frame, _ in frames]
        if not result:
            # A board drawn without frames is one map: the whole scene, named after the file.
            result.append(Frame(id="", name=self.path.stem, number=1, shapes=loose))
        elif any(s.text.strip() for s in loose):
            # Text outside every frame is still shown (the reader may say it lies in no map);
            # empty boxes and decoration outside the frames are not worth a frame of their own.
            result.append(Frame(id="", name="Outside frames", number=len(result) + 1, shapes=loose))
        return Board(file=self.path.name, tool="Excalidraw", frames=result, frame_word="frame")

    def _frames(self) -> list[tuple[Frame, _Element]]:
        """Each live frame with a usable box, numbered from 1 in file order."""
        frames: list[tuple[Frame, _Element]] = []
        for order, raw in enumerate(self.raws):
            if raw.get("type") not in _FRAME_TYPES:
                continue
            element = _element(raw, order)
            if element is None:
                continue
            if len(frames) == MAX_BOARD_PAGES:
                # Every frame is a map, and each element outside a frame is looked for in all.
                raise unreadable(
                    self.path.name,
                    codes.BOARD_TOO_COMPLEX,
                    f"has over {MAX_BOARD_PAGES} frames; a board of more is refused",
                    "split the board into several files",
                )
            number = len(frames) + 1
            name = raw.get("name")
            role, mark = _marks(raw)
            frame = Frame(
                id=element.id,
                name=name.strip() if isinstance(name, str) and name.strip() else f"Frame {number}",
                number=number,
                role=role,
                mark=mark,
            )
            frames.append((frame, element))
        return frames

    def _shapes(self) -> list[tuple[_Element, Shape]]:
        """Every box and free text as a Shape (bound text merged into its box), in file order."""
        boxes: dict[str, tuple[_Element, Shape]] = {}
        texts: list[tuple[_Element, Shape]] = []
        bound: list[tuple[str, dict[str, Any]]] = []
        for order, raw in enumerate(self.raws):
            kind = raw.get("type")
            if kind == "text":
                container_id = _ref(raw, "containerId")
                container = self.live.get(container_id) if container_id else None
                if container is not None and container.get("type") in _SHAPE_KINDS:
                    bound.append((container["id"], raw))
                    continue
                if container is not None and container.get("type") in _CONNECTORS:
                    continue  # the label of an arrow or line: a connector's, not a note
                # A text whose container is missing is shown free, as Excalidraw shows it.
                element = _element(raw, order)
                if element is not None and _text_of(raw).strip():
                    texts.append((element, _shape(element, "text", _text_of(raw))))
            elif kind in _SHAPE_KINDS:
                element = _element(raw, order)
                if element is not None:
                    boxes[element.id] = (element, _shape(element, _SHAPE_KINDS[kind]))
        for container_id, raw in bound:
            if container_id not in boxes:
                continue  # its box has no usable geometry, so neither has the text
            shape = boxes[container_id][1]
            text = _text_of(raw)
            shape.text = f"{shape.text}\n{text}" if shape.text else text
            # The box carries mapbridge's marks; a mark only on its text still counts.
            role, mark = _marks(raw)
            shape.role = shape.role or role
            shape.mark = {**mark, **shape.mark}
        return sorted([*boxes.values(), *texts], key=lambda pair: pair[0].order)


def _shape(element: _Element, kind: str, text: str = "") -> Shape:
    """The Shape of an element: its box, text, marks and fill (none for "transparent")."""
    role, mark = _marks(element.raw)
    fill = element.raw.get("backgroundColor")
    return Shape(
        id=element.id,
        kind=kind,
        x=element.x,
        y=element.y,
        w=element.w,
        h=element.h,
        text=text,
        role=role,
        mark=mark,
        fill=fill if isinstance(fill, str) and fill and fill != "transparent" else None,
    )
