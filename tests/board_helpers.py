"""Whiteboards for tests: exported boards, and the edits a workshop makes to them in the tool.

`ExcalidrawScene` and `DrawioFile` wrap a board file's content and edit it the way a person does
in Excalidraw or draw.io: rewrite a sticky's text, drag it, delete it, drop a new sticky in a
frame (with none of mapbridge's ids or marks), or draw a whole board from nothing. Stickies are
found by the text a person reads on them, within one frame or page (the same text is often on
several boards). `write_drawio_compressed` writes draw.io's compressed page encoding.
"""

from __future__ import annotations

import base64
import html
import json
import random
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapbridge.exporters.drawio import drawio_xml
from mapbridge.exporters.excalidraw import excalidraw_scene
from mapbridge.model import Workspace

#: Board formats a test can export to: the draw.io one in either page encoding.
FORMATS = ("excalidraw", "drawio", "drawio-compressed")

#: The characters of an Excalidraw (nanoid) id.
_ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
_ids = random.Random(14)


def new_id(length: int = 21) -> str:
    """A fresh id the way Excalidraw makes one: random, nothing to do with mapbridge."""
    return "".join(_ids.choice(_ID_CHARS) for _ in range(length))


def same_text(a: str, b: str) -> bool:
    """Texts a person would call the same: spacing and letter case aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


# ---------------------------------------------------------------------- exports


def export_excalidraw(workspace: Workspace, path: Path) -> Path:
    """The workspace as mapbridge exports it to Excalidraw, written to `path`."""
    path.write_text(json.dumps(excalidraw_scene(workspace), ensure_ascii=False), encoding="utf-8")
    return path


def export_drawio(workspace: Workspace, path: Path, *, compressed: bool = False) -> Path:
    """The workspace as mapbridge exports it to draw.io; `compressed` re-encodes every page."""
    path.write_text(drawio_xml(workspace), encoding="utf-8")
    if compressed:
        DrawioFile.load(path).save(path, compressed=True)
    return path


def export_board(workspace: Workspace, folder: Path, fmt: str, stem: str = "board") -> Path:
    """Export to one of FORMATS in `folder`: board.excalidraw or board.drawio."""
    if fmt == "excalidraw":
        return export_excalidraw(workspace, folder / f"{stem}.excalidraw")
    return export_drawio(
        workspace, folder / f"{stem}.drawio", compressed=fmt.endswith("compressed")
    )


# ---------------------------------------------------------------------- Excalidraw


class ExcalidrawScene:
    """An Excalidraw scene (the parsed JSON) and the edits a person makes to it in Excalidraw."""

    def __init__(self, scene: dict[str, Any]) -> None:
        self.scene = scene

    @classmethod
    def empty(cls) -> ExcalidrawScene:
        return cls(
            {
                "type": "excalidraw",
                "version": 2,
                "source": "https://excalidraw.com",
                "elements": [],
                "appState": {"gridSize": None, "viewBackgroundColor": "#ffffff"},
                "files": {},
            }
        )

    @classmethod
    def load(cls, path: Path) -> ExcalidrawScene:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(self.scene, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    @property
    def elements(self) -> list[dict[str, Any]]:
        return self.scene["elements"]

    def live(self) -> Iterator[dict[str, Any]]:
        return (e for e in self.elements if not e.get("isDeleted"))

    def by_id(self, element_id: str) -> dict[str, Any]:
        return next(e for e in self.elements if e["id"] == element_id)

    # ------------------------------------------------------------ finding things

    def frame(self, name: str) -> dict[str, Any]:
        """The live frame whose name is `name`."""
        found = [e for e in self.live() if e["type"] == "frame" and e.get("name") == name]
        names = [e.get("name") for e in self.live() if e["type"] == "frame"]
        assert len(found) == 1, f"frame {name!r}: {len(found)} found among {names}"
        return found[0]

    def frame_ids(self) -> dict[str, str]:
        return {e["name"]: e["id"] for e in self.live() if e["type"] == "frame"}

    def in_frame(self, frame: str | None) -> list[dict[str, Any]]:
        """Live elements of a frame (all live elements when `frame` is None)."""
        if frame is None:
            return list(self.live())
        frame_id = self.frame(frame)["id"]
        return [e for e in self.live() if e.get("frameId") == frame_id]

    def bound_text(self, container: dict[str, Any]) -> dict[str, Any] | None:
        for bound in container.get("boundElements") or []:
            if bound.get("type") == "text":
                return self.by_id(bound["id"])
        return None

    def find(self, text: str, frame: str | None = None) -> dict[str, Any]:
        """The sticky (a container whose bound text reads `text`), or the free text, in a frame.

        A label whose first line reads `text` ("Emotion" over its scale) is found when no
        element reads `text` as a whole.
        """
        texts = [e for e in self.in_frame(frame) if e["type"] == "text"]
        found = [e for e in texts if same_text(e.get("originalText", ""), text)] or [
            e for e in texts if same_text(first_line(e.get("originalText", "")), text)
        ]
        assert len(found) == 1, f"{text!r} in frame {frame!r}: {len(found)} found"
        container_id = found[0].get("containerId")
        return self.by_id(container_id) if container_id else found[0]

    def texts_of(self, element: dict[str, Any]) -> list[dict[str, Any]]:
        """The element and its bound text: what moves, changes or goes together."""
        bound = self.bound_text(element) if element["type"] != "text" else None
        return [element] + ([bound] if bound else [])

    def text_element(self, element: dict[str, Any]) -> dict[str, Any]:
        return element if element["type"] == "text" else self.bound_text(element)  # type: ignore[return-value]

    def centre(self, element: dict[str, Any]) -> tuple[float, float]:
        return element["x"] + element["width"] / 2, element["y"] + element["height"] / 2

    # ------------------------------------------------------------ a person's edits

    @staticmethod
    def _touch(element: dict[str, Any]) -> None:
        element["version"] = element.get("version", 1) + 1
        element["versionNonce"] = _ids.randrange(1, 2_000_000_000)
        element["updated"] = element.get("updated", 0) + 1000

    def rewrite(self, text: str, new: str, frame: str | None = None) -> dict[str, Any]:
        """Type new text on a sticky (or free text): `text` and `originalText` both change."""
        return self.retext(self.find(text, frame), new)

    def retext(self, element: dict[str, Any], new: str) -> dict[str, Any]:
        label = self.text_element(element)
        label["text"] = new
        label["originalText"] = new
        self._touch(label)
        return element

    def move(self, text: str, dx: float, dy: float = 0, frame: str | None = None) -> dict[str, Any]:
        """Drag a sticky: the container and its bound text move together."""
        element = self.find(text, frame)
        for part in self.texts_of(element):
            part["x"] += dx
            part["y"] += dy
            self._touch(part)
        return element

    def delete(self, text: str, frame: str | None = None) -> dict[str, Any]:
        """Delete a sticky: Excalidraw keeps it in the file, marked deleted, with its text."""
        element = self.find(text, frame)
        for part in self.texts_of(element):
            part["isDeleted"] = True
            self._touch(part)
        return element

    def _base(
        self, kind: str, x: float, y: float, w: float, h: float, frame: str | None, **extra: Any
    ) -> dict[str, Any]:
        element: dict[str, Any] = {
            "id": new_id(),
            "type": kind,
            "x": x,
            "y": y,
            "width": w,
            "height": h,
            "angle": 0,
            "strokeColor": "#1e1e1e",
            "backgroundColor": "transparent",
            "fillStyle": "solid",
            "strokeWidth": 2,
            "strokeStyle": "solid",
            "roughness": 1,
            "opacity": 100,
            "groupIds": [],
            "frameId": self.frame(frame)["id"] if frame else None,
            "index": f"b{len(self.elements):04d}",
            "roundness": None,
            "seed": _ids.randrange(1, 2_000_000_000),
            "version": 3,
            "versionNonce": _ids.randrange(1, 2_000_000_000),
            "isDeleted": False,
            "boundElements": None,
            "updated": 1_760_000_000_000,
            "link": None,
            "locked": False,
        }
        element.update(extra)
        self.elements.append(element)
        return element

    def add_text(
        self,
        text: str,
        x: float,
        y: float,
        *,
        frame: str | None = None,
        w: float | None = None,
        size: float = 20,
        container: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Free text (or, with `container`, the text bound to it), as Excalidraw writes it."""
        lines = text.split("\n")
        width = w if w is not None else max(len(line) for line in lines) * size * 0.55 + 4
        height = len(lines) * size * 1.25
        if container is not None:
            x = container["x"] + 5
            y = container["y"] + (container["height"] - height) / 2
            width = container["width"] - 10
        return self._base(
            "text",
            x,
            y,
            width,
            height,
            frame,
            text=text,
            fontSize=size,
            fontFamily=5,
            textAlign="center" if container is not None else "left",
            verticalAlign="middle" if container is not None else "top",
            containerId=container["id"] if container is not None else None,
            originalText=text,
            autoResize=True,
            lineHeight=1.25,
        )

    def add_sticky(
        self,
        text: str,
        x: float,
        y: float,
        w: float = 160,
        h: float = 80,
        *,
        frame: str | None = None,
        kind: str = "rectangle",
        fill: str = "#ffec99",
    ) -> dict[str, Any]:
        """A rectangle (or ellipse, diamond) with bound text and no customData: a person's sticky."""
        box = self._base(
            kind,
            x,
            y,
            w,
            h,
            frame,
            backgroundColor=fill,
            roundness={"type": 3} if kind == "rectangle" else {"type": 2},
        )
        if text:
            label = self.add_text(text, x, y, frame=frame, container=box)
            box["boundElements"] = [{"type": "text", "id": label["id"]}]
        return box

    def add_dot(self, cx: float, cy: float, *, frame: str | None = None, size: float = 16):
        """A small filled ellipse: a point of an emotion curve drawn by hand."""
        return self._base(
            "ellipse",
            cx - size / 2,
            cy - size / 2,
            size,
            size,
            frame,
            backgroundColor="#e03131",
            roundness={"type": 2},
        )

    def add_frame(self, name: str, x: float, y: float, w: float, h: float) -> dict[str, Any]:
        return self._base("frame", x, y, w, h, None, name=name, roughness=0, strokeWidth=1)

    def grow_frame(self, name: str, dy: float) -> None:
        """Drag a frame's bottom edge down (to make room for a new lane)."""
        frame = self.frame(name)
        frame["height"] += dy
        self._touch(frame)

    # ------------------------------------------------------------ an exported map's geometry

    @staticmethod
    def role(element: dict[str, Any]) -> str | None:
        custom = element.get("customData") or {}
        mark = custom.get("mapbridge") if isinstance(custom, dict) else None
        return mark.get("role") if isinstance(mark, dict) else None

    def content_bottom(self, frame: str) -> float:
        """The bottom of the lowest thing in a frame except the footer mapbridge writes."""
        return max(e["y"] + e["height"] for e in self.in_frame(frame) if self.role(e) != "footer")

    def column(self, stage: str, frame: str) -> tuple[float, float]:
        """The x-range of a stage's header."""
        header = self.find(stage, frame)
        return header["x"], header["x"] + header["width"]

    def at(self, stage: str, lane: str, frame: str) -> dict[str, Any]:
        """The sticky (or free text) in a stage's column at the top of a lane's row."""
        left, right = self.column(stage, frame)
        label = self.find(lane, frame)
        candidates = []
        for element in self.in_frame(frame):
            if element["type"] == "text" and element.get("containerId"):
                continue
            text = self.text_element(element) if element["type"] != "frame" else None
            if text is None or self.role(element) or not text.get("originalText", "").strip():
                continue
            cx, cy = self.centre(element)
            if left <= cx <= right and cy >= label["y"] - 12:
                candidates.append(element)
        found = min(candidates, key=lambda e: e["y"])
        assert found["y"] < label["y"] + 100, f"nothing at {stage!r} × {lane!r}"
        return found

    def cell_point(self, stage: str, lane: str, frame: str) -> tuple[float, float]:
        """A point well inside the cell of a stage and a lane (the lane's label tops its row)."""
        left, right = self.column(stage, frame)
        label = self.find(lane, frame)
        return (left + right) / 2, label["y"] + 30

    def add_in_cell(
        self, text: str, stage: str, lane: str, frame: str, *, free: bool = False
    ) -> dict[str, Any]:
        """Drop a new sticky (or type free text) into the cell of a stage and a lane."""
        cx, cy = self.cell_point(stage, lane, frame)
        if free:
            element = self.add_text(text, cx - 60, cy - 12, frame=frame, size=16, w=120)
            return element
        return self.add_sticky(text, cx - 80, cy - 30, 160, 60, frame=frame)

    def move_to_stage(self, text: str, stage: str, frame: str) -> dict[str, Any]:
        """Drag a sticky sideways until its centre is over another stage's column."""
        element = self.find(text, frame)
        left, right = self.column(stage, frame)
        return self.move(text, (left + right) / 2 - self.centre(element)[0], 0, frame)

    def add_lane(self, name: str, texts: dict[str, str], frame: str, *, after: str) -> None:
        """A new lane under the last one (`after`): a label like its label, a sticky per stage given.

        Whatever lies below the map (the footer) is pushed down to make room, as is the frame's
        bottom edge.
        """
        height = 120
        top = self.content_bottom(frame) + 20
        for element in self.in_frame(frame):
            if element["y"] >= top - 1:
                element["y"] += height
                self._touch(element)
        self.grow_frame(frame, height)
        model = self.find(after, frame)
        self.add_text(name, model["x"], top + 8, frame=frame, size=18, w=model["width"])
        for stage, text in texts.items():
            left, right = self.column(stage, frame)
            self.add_sticky(text, left, top, right - left, 90, frame=frame)


# ---------------------------------------------------------------------- draw.io

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</div>\s*<div>|</p>\s*<p>", re.I)


def plain(value: str) -> str:
    """What a person reads in an HTML label: line breaks for <br>, tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", value or "")))


def label_html(text: str) -> str:
    """Text typed into a draw.io label (html=1): escaped, line breaks as <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


#: Styles of shapes a person draws in draw.io: a sticky, a lane label.
STICKY_STYLE = "rounded=1;whiteSpace=wrap;html=1;fillColor=#fff2cc;strokeColor=#d6b656;"
LABEL_STYLE = "rounded=0;whiteSpace=wrap;html=1;fillColor=#f5f5f5;fontStyle=1;"
NOTE_STYLE = "shape=note;whiteSpace=wrap;html=1;backgroundOutline=1;size=15;fillColor=#fff2cc;"


def deflate_page(model_xml: str) -> str:
    """draw.io's compressed page: URI-encoded, raw-deflated, base64'd mxGraphModel XML."""
    quoted = urllib.parse.quote(model_xml, safe="~()*!.'")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(quoted.encode("ascii")) + compressor.flush()
    return base64.b64encode(raw).decode("ascii")


def inflate_page(text: str) -> str:
    raw = zlib.decompress(base64.b64decode(text), -15)
    return urllib.parse.unquote(raw.decode("ascii"))


class DrawioFile:
    """A draw.io file (mxfile > diagram > mxGraphModel) and the edits a person makes in draw.io."""

    def __init__(self, mxfile: ET.Element) -> None:
        self.mxfile = mxfile

    @classmethod
    def empty(cls) -> DrawioFile:
        return cls(
            ET.Element("mxfile", host="app.diagrams.net", agent="Mozilla/5.0", version="24.7.17")
        )

    @classmethod
    def load(cls, path: Path) -> DrawioFile:
        mxfile = ET.fromstring(path.read_text(encoding="utf-8"))
        for diagram in mxfile.iter("diagram"):
            if diagram.find("mxGraphModel") is None and (diagram.text or "").strip():
                diagram.append(ET.fromstring(inflate_page(diagram.text.strip())))
                diagram.text = None
        return cls(mxfile)

    def xml(self, *, compressed: bool = False) -> str:
        mxfile = ET.fromstring(ET.tostring(self.mxfile, encoding="unicode"))
        if compressed:
            mxfile.set("compressed", "true")
            for diagram in mxfile.iter("diagram"):
                model = diagram.find("mxGraphModel")
                if model is not None:
                    diagram.remove(model)
                    diagram.text = deflate_page(ET.tostring(model, encoding="unicode"))
        elif "compressed" in mxfile.attrib:
            mxfile.set("compressed", "false")
        return ET.tostring(mxfile, encoding="unicode")

    def save(self, path: Path, *, compressed: bool = False) -> Path:
        path.write_text(self.xml(compressed=compressed), encoding="utf-8")
        return path

    # ------------------------------------------------------------ pages and cells

    def page_names(self) -> list[str]:
        return [d.get("name", "") for d in self.mxfile.iter("diagram")]

    def page(self, name: str) -> ET.Element:
        """The `root` element of the page called `name`."""
        found = [d for d in self.mxfile.iter("diagram") if d.get("name") == name]
        assert len(found) == 1, f"page {name!r}: {len(found)} found among {self.page_names()}"
        root = found[0].find("mxGraphModel/root")
        assert root is not None
        return root

    def add_page(self, name: str) -> ET.Element:
        """A new page with draw.io's two first cells (the root "0" and the layer "1")."""
        diagram = ET.SubElement(self.mxfile, "diagram", id=new_id(20), name=name)
        model = ET.SubElement(
            diagram, "mxGraphModel", dx="1400", dy="900", grid="1", gridSize="10", page="1"
        )
        root = ET.SubElement(model, "root")
        ET.SubElement(root, "mxCell", id="0")
        ET.SubElement(root, "mxCell", id="1", parent="0")
        return root

    def cells(self, page: str) -> list[ET.Element]:
        """The page's cells: each `mxCell`, or the `object` wrapping one (which holds its id and label)."""
        return [
            child
            for child in self.page(page)
            if child.tag == "mxCell"
            or (child.tag in ("object", "UserObject") and child.find("mxCell") is not None)
        ]

    @staticmethod
    def mxcell(cell: ET.Element) -> ET.Element:
        found = cell if cell.tag == "mxCell" else cell.find("mxCell")
        assert found is not None
        return found

    @staticmethod
    def value(cell: ET.Element) -> str:
        return cell.get("value" if cell.tag == "mxCell" else "label", "")

    def set_value(self, cell: ET.Element, value: str) -> None:
        cell.set("value" if cell.tag == "mxCell" else "label", value)

    def style(self, cell: ET.Element) -> str:
        return self.mxcell(cell).get("style") or ""

    def find(self, text: str, page: str) -> ET.Element:
        """The vertex whose label reads `text` (else whose first line does) on a page."""
        vertices = [c for c in self.cells(page) if self.mxcell(c).get("vertex") == "1"]
        found = [c for c in vertices if same_text(plain(self.value(c)), text)] or [
            c for c in vertices if same_text(first_line(plain(self.value(c))), text)
        ]
        assert len(found) == 1, f"{text!r} on page {page!r}: {len(found)} found"
        return found[0]

    def geometry(self, cell: ET.Element) -> ET.Element:
        geometry = self.mxcell(cell).find("mxGeometry")
        assert geometry is not None
        return geometry

    def box(self, cell: ET.Element) -> tuple[float, float, float, float]:
        """x, y, width, height of a cell (as stored: relative to its parent)."""
        g = self.geometry(cell)
        return tuple(float(g.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]

    def centre(self, cell: ET.Element) -> tuple[float, float]:
        x, y, w, h = self.box(cell)
        return x + w / 2, y + h / 2

    # ------------------------------------------------------------ a person's edits

    def rewrite(self, text: str, new: str, page: str) -> ET.Element:
        return self.retext(self.find(text, page), new)

    def retext(self, cell: ET.Element, new: str) -> ET.Element:
        self.set_value(cell, label_html(new))
        return cell

    def column(self, stage: str, page: str) -> tuple[float, float]:
        x, _y, w, _h = self.box(self.find(stage, page))
        return x, x + w

    def row(self, lane: str, page: str) -> tuple[float, float]:
        """The y-range of a lane: its label is as tall as its row."""
        _x, y, _w, h = self.box(self.find(lane, page))
        return y, y + h

    def at(self, stage: str, lane: str, page: str) -> ET.Element:
        """The top-level vertex whose centre is in the cell of a stage and a lane."""
        left, right = self.column(stage, page)
        top, bottom = self.row(lane, page)
        found = [
            c
            for c in self.cells(page)
            if self.mxcell(c).get("vertex") == "1"
            and self.mxcell(c).get("parent") == "1"
            and left <= self.centre(c)[0] <= right
            and top <= self.centre(c)[1] <= bottom
            and not self.style(c).startswith("ellipse")
            and "mapbridge=" not in self.style(c)
        ]
        assert len(found) == 1, f"{stage!r} × {lane!r}: {len(found)} cells"
        return found[0]

    def cell_point(self, stage: str, lane: str, page: str) -> tuple[float, float]:
        left, right = self.column(stage, page)
        top, bottom = self.row(lane, page)
        return (left + right) / 2, (top + bottom) / 2

    def add_in_cell(self, text: str, stage: str, lane: str, page: str, *, free: bool = False):
        """Drop a new sticky (or a text) into the cell of a stage and a lane."""
        cx, cy = self.cell_point(stage, lane, page)
        style = "text;html=1;align=center;verticalAlign=middle;" if free else STICKY_STYLE
        return self.add_vertex(text, cx - 70, cy - 20, 140, 40, page=page, style=style)

    def move_to_stage(self, text: str, stage: str, page: str) -> ET.Element:
        cell = self.find(text, page)
        left, right = self.column(stage, page)
        return self.move(text, (left + right) / 2 - self.centre(cell)[0], 0, page=page)

    def add_lane(self, name: str, texts: dict[str, str], page: str, *, after: str) -> None:
        """A new row under lane `after` (the last one): a label like its label, and cells.

        Whatever lies below it (the footer) is pushed down to make room.
        """
        height = 80
        label = self.find(after, page)
        x, y, w, h = self.box(label)
        top = y + h
        for cell in self.cells(page):
            geometry = self.mxcell(cell).find("mxGeometry")
            if (
                self.mxcell(cell).get("parent") == "1"
                and geometry is not None
                and geometry.get("relative") != "1"
                and float(geometry.get("y", "0")) >= top - 1
            ):
                geometry.set("y", f"{float(geometry.get('y', '0')) + height:g}")
        self.add_vertex(name, x, top, w, height, page=page, style=LABEL_STYLE)
        for stage, text in texts.items():
            left, right = self.column(stage, page)
            self.add_vertex(text, left, top, right - left, height, page=page, style=STICKY_STYLE)

    def move(self, text: str, dx: float, dy: float = 0, *, page: str) -> ET.Element:
        cell = self.find(text, page)
        g = self.geometry(cell)
        g.set("x", f"{float(g.get('x', '0')) + dx:g}")
        g.set("y", f"{float(g.get('y', '0')) + dy:g}")
        return cell

    def delete(self, text: str, page: str) -> ET.Element:
        cell = self.find(text, page)
        self.page(page).remove(cell)
        return cell

    def add_vertex(
        self,
        value: str,
        x: float,
        y: float,
        w: float = 160,
        h: float = 80,
        *,
        page: str,
        style: str = "rounded=1;whiteSpace=wrap;html=1;",
        parent: str = "1",
        html_value: bool = False,
    ) -> ET.Element:
        """A new vertex as draw.io writes one, with a fresh id and no mapbridge mark."""
        cell = ET.SubElement(
            self.page(page),
            "mxCell",
            id=new_id(20),
            value=value if html_value else label_html(value),
            style=style,
            vertex="1",
            parent=parent,
        )
        ET.SubElement(
            cell,
            "mxGeometry",
            x=f"{x:g}",
            y=f"{y:g}",
            width=f"{w:g}",
            height=f"{h:g}",
            **{"as": "geometry"},
        )
        return cell

    def content_bottom(self, page: str) -> float:
        """The bottom of the lowest top-level vertex except the footer mapbridge writes."""
        bottoms = []
        for cell in self.cells(page):
            inner = self.mxcell(cell)
            if inner.get("vertex") != "1" or inner.get("parent") != "1":
                continue
            if "mapbridge=footer" in self.style(cell) or cell.get("mapbridge") == "footer":
                continue
            x, y, w, h = self.box(cell)
            bottoms.append(y + h)
        return max(bottoms)


def write_drawio_compressed(drawio: DrawioFile, path: Path) -> Path:
    return drawio.save(path, compressed=True)


# ---------------------------------------------------------------------- what a model says


def map_summary(workspace: Workspace) -> dict[tuple[str, str], dict[str, Any]]:
    """Each map, keyed by (persona name, journey name), as a person compares two maps.

    Stage names in order, each stage's step names, the lanes (name, kind, variant) in order, the
    text of every non-empty cell keyed by (stage, step, lane) names (its entries' texts one per
    line), and the emotion score of every scored cell.
    """
    summary: dict[tuple[str, str], dict[str, Any]] = {}
    for journey in workspace.journeys:
        persona = workspace.persona(journey.persona_id)
        cells = journey.cell_index()
        texts: dict[tuple[str, str | None, str], str] = {}
        scores: dict[tuple[str, str | None, str], float] = {}
        for stage, step in cells.columns():
            step_name = step.name if step else None
            for lane in journey.lanes:
                entries = cells.cell(stage.id, step_name, lane.id)
                text = "\n".join(e.text for e in entries if e.text)
                if text:
                    texts[(stage.name, step_name, lane.name)] = text
                scored = [e.emotion.score for e in entries if e.emotion is not None]
                if scored:
                    scores[(stage.name, step_name, lane.name)] = sum(scored) / len(scored)
        key = (persona.name if persona else "", journey.name)
        assert key not in summary, f"two maps for {key}"
        summary[key] = {
            "stages": [s.name for s in journey.stages],
            "steps": {s.name: [step.name for step in s.steps] for s in journey.stages if s.steps},
            "lanes": [(lane.name, lane.kind, lane.variant) for lane in journey.lanes],
            "cells": texts,
            "scores": scores,
        }
    return summary


def assert_same_maps(board: Workspace, expected: Workspace) -> None:
    """The board's maps say what the expected workspace's maps say (scores to 1e-6)."""
    got, want = map_summary(board), map_summary(expected)
    assert sorted(got) == sorted(want)
    for key, map_ in want.items():
        other = got[key]
        for part in ("stages", "steps", "lanes", "cells"):
            assert other[part] == map_[part], f"{key}: {part} differ"
        assert other["scores"].keys() == map_["scores"].keys(), f"{key}: scored cells differ"
        for cell, score in map_["scores"].items():
            assert abs(other["scores"][cell] - score) < 1e-6, f"{key} {cell}: score differs"
