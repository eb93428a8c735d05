"""draw.io (diagrams.net) files: one page per persona map, every cell an editable shape.

A page has a header (journey, persona, kind badge), the stages as column headers (with a row of
step headers when stages have steps), one row of cells per lane, and each emotion lane as a band
with the curve drawn as a polyline through dots in the persona's colour. The file is plain,
uncompressed mxGraph XML: `mxfile > diagram > mxGraphModel > root`, cells "0" and "1" first.
"""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from mapbridge.atomic import atomic_path
from mapbridge.model import Journey, Lane, Stage, Step, Workspace
from mapbridge.palette import SHARED_COLOUR, persona_colours
from mapbridge.plugins import Exporter

MARGIN = 40
LABEL_WIDTH = 160
COLUMN_WIDTH = 200
HEADER_HEIGHT = 64
STAGE_HEIGHT = 40
STEP_HEIGHT = 30
MIN_ROW_HEIGHT = 60
EMOTION_HEIGHT = 160
FOOTER_HEIGHT = 24
#: Average character width at 12 px, to size rows so their text fits without scrolling.
CHAR_WIDTH = 6.6
LINE_HEIGHT = 16

STRUCTURE_FILL = "#EEF1F4"
STRUCTURE_STROKE = "#C8CED6"
TEXT_COLOUR = "#1F2933"
MUTED_TEXT = "#5F6B7A"

#: Fill and stroke by lane kind; colour carries meaning (pain red, opportunity green).
LANE_STYLES: dict[str, tuple[str, str]] = {
    "pain_points": ("#FDECEA", "#C0392B"),
    "opportunities": ("#E8F5E9", "#2E7D32"),
    "touchpoints": ("#F5F7FA", STRUCTURE_STROKE),
    "channels": ("#F5F7FA", STRUCTURE_STROKE),
}


def _style(**items: object) -> str:
    """A draw.io style string; a key given None is a bare flag (`text;`, `ellipse;`)."""
    return "".join(
        key + ";" if value is None else f"{key}={value};" for key, value in items.items()
    )


def _html(text: str) -> str:
    """Cell text as draw.io's HTML labels want it: escaped, line breaks as <br>."""
    return "<br>".join(html.escape(line) for line in text.splitlines())


@dataclass
class _Page:
    """Cells of one page being built; ids are unique across the whole file."""

    prefix: str
    cells: list[ET.Element] = field(default_factory=list)
    counter: int = 0

    def next_id(self) -> str:
        self.counter += 1
        return f"{self.prefix}-{self.counter}"

    def vertex(self, value: str, x: float, y: float, w: float, h: float, style: str) -> str:
        cell_id = self.next_id()
        cell = ET.Element("mxCell", id=cell_id, value=value, style=style, vertex="1", parent="1")
        ET.SubElement(
            cell,
            "mxGeometry",
            x=_num(x),
            y=_num(y),
            width=_num(w),
            height=_num(h),
            **{"as": "geometry"},
        )
        self.cells.append(cell)
        return cell_id

    def polyline(self, points: list[tuple[float, float]], style: str) -> str:
        cell_id = self.next_id()
        cell = ET.Element("mxCell", id=cell_id, value="", style=style, edge="1", parent="1")
        geometry = ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
        ET.SubElement(
            geometry, "mxPoint", x=_num(points[0][0]), y=_num(points[0][1]), **{"as": "sourcePoint"}
        )
        ET.SubElement(
            geometry,
            "mxPoint",
            x=_num(points[-1][0]),
            y=_num(points[-1][1]),
            **{"as": "targetPoint"},
        )
        if len(points) > 2:
            array = ET.SubElement(geometry, "Array", **{"as": "points"})
            for x, y in points[1:-1]:
                ET.SubElement(array, "mxPoint", x=_num(x), y=_num(y))
        self.cells.append(cell)
        return cell_id


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _row_height(texts: list[str], width: float) -> float:
    per_line = max(1, int((width - 16) / CHAR_WIDTH))
    lines = 0
    for text in texts:
        cell_lines = sum(
            max(1, math.ceil(len(part) / per_line)) for part in text.splitlines() or [""]
        )
        lines = max(lines, cell_lines)
    return max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + 20)


def _cell_text(journey: Journey, stage: Stage, step: Step | None, lane: Lane) -> str:
    step_name = step.name if step else None
    entries = [
        e
        for e in journey.entries
        if e.stage_id == stage.id and e.lane_id == lane.id and e.step == step_name
    ]
    return "\n".join(e.text for e in entries if e.text)


def _title(workspace: Workspace, journey: Journey) -> tuple[str, str, str]:
    """(title, subtitle, badge) of a page."""
    persona = workspace.persona(journey.persona_id)
    who = persona.name if persona else "All personas (shared map)"
    subtitle_parts = [journey.name + " — journey map"]
    if persona and persona.role:
        subtitle_parts.insert(0, persona.role)
    badge = ""
    if persona and persona.kind == "proto":
        badge = "PROTO-PERSONA: HYPOTHESIS"
    elif persona and persona.kind == "segment":
        badge = "SEGMENT"
    return who, " · ".join(subtitle_parts), badge


def _page(workspace: Workspace, journey: Journey, index: int, colour: str) -> ET.Element:
    page = _Page(prefix=f"p{index}")
    columns = list(journey.columns())
    width = LABEL_WIDTH + COLUMN_WIDTH * max(1, len(columns))
    x0, y = MARGIN, MARGIN
    title, subtitle, badge = _title(workspace, journey)

    # Header band: a colour edge, the persona and journey, and the kind badge.
    page.vertex(
        "", x0, y, 8, HEADER_HEIGHT, _style(rounded=0, fillColor=f"#{colour}", strokeColor="none")
    )
    page.vertex(
        f'<b>{html.escape(title)}</b><br><font style="font-size:13px" color="{MUTED_TEXT}">{html.escape(subtitle)}</font>',
        x0 + 16,
        y,
        width - 16 - (220 if badge else 0),
        HEADER_HEIGHT,
        _style(
            text=None,
            html=1,
            fillColor="none",
            strokeColor="none",
            align="left",
            verticalAlign="middle",
            whiteSpace="wrap",
            fontSize=22,
            fontColor=TEXT_COLOUR,
        ),
    )
    if badge:
        page.vertex(
            badge,
            x0 + width - 210,
            y + 16,
            210,
            32,
            _style(
                rounded=1,
                html=1,
                whiteSpace="wrap",
                fillColor="#FFF4E5",
                strokeColor="#B26A00",
                fontColor="#B26A00",
                fontStyle=1,
                fontSize=11,
            ),
        )
    y += HEADER_HEIGHT + 16

    # Stage headers (a stage spans its step columns), then step headers if any stage has steps.
    has_steps = any(step is not None for _, step in columns)
    x = x0 + LABEL_WIDTH
    for stage in journey.stages:
        span = sum(1 for s, _ in columns if s.id == stage.id)
        if span == 0:
            continue
        page.vertex(
            html.escape(stage.name.upper()),
            x,
            y,
            COLUMN_WIDTH * span,
            STAGE_HEIGHT,
            _style(
                rounded=0,
                html=1,
                whiteSpace="wrap",
                fillColor=STRUCTURE_FILL,
                strokeColor=STRUCTURE_STROKE,
                fontStyle=1,
                fontSize=12,
                fontColor=TEXT_COLOUR,
            ),
        )
        x += COLUMN_WIDTH * span
    y += STAGE_HEIGHT
    if has_steps:
        for i, (_stage, step) in enumerate(columns):
            page.vertex(
                html.escape(step.name) if step else "",
                x0 + LABEL_WIDTH + i * COLUMN_WIDTH,
                y,
                COLUMN_WIDTH,
                STEP_HEIGHT,
                _style(
                    rounded=0,
                    html=1,
                    whiteSpace="wrap",
                    fillColor="#F7F8FA",
                    strokeColor=STRUCTURE_STROKE,
                    fontSize=11,
                    fontColor=MUTED_TEXT,
                ),
            )
        y += STEP_HEIGHT

    for lane in journey.lanes:
        if lane.kind == "emotion":
            y = _emotion_band(page, journey, lane, columns, x0, y, colour)
            continue
        texts = [_cell_text(journey, stage, step, lane) for i, (stage, step) in enumerate(columns)]
        height = _row_height(texts, COLUMN_WIDTH)
        page.vertex(
            html.escape(lane.name),
            x0,
            y,
            LABEL_WIDTH,
            height,
            _style(
                rounded=0,
                html=1,
                whiteSpace="wrap",
                align="left",
                spacingLeft=8,
                fillColor=STRUCTURE_FILL,
                strokeColor=STRUCTURE_STROKE,
                fontStyle=1,
                fontSize=11,
                fontColor=TEXT_COLOUR,
            ),
        )
        fill, stroke = LANE_STYLES.get(lane.kind, ("#FFFFFF", STRUCTURE_STROKE))
        for i, text in enumerate(texts):
            page.vertex(
                _html(text),
                x0 + LABEL_WIDTH + i * COLUMN_WIDTH,
                y,
                COLUMN_WIDTH,
                height,
                _style(
                    rounded=0,
                    html=1,
                    whiteSpace="wrap",
                    align="left",
                    verticalAlign="top",
                    spacing=8,
                    fillColor=fill,
                    strokeColor=stroke,
                    fontSize=12,
                    fontColor=TEXT_COLOUR,
                    fontStyle=2 if lane.kind == "thoughts" else 0,
                ),
            )
        y += height

    footer = " · ".join(
        part
        for part in (
            workspace.source_file or "",
            journey.source.sheet if journey.source else "",
            f"owner {journey.owner}" if journey.owner else "",
            f"last reviewed {journey.last_reviewed.isoformat()}" if journey.last_reviewed else "",
        )
        if part
    )
    if footer:
        page.vertex(
            html.escape(footer),
            x0,
            y + 8,
            width,
            FOOTER_HEIGHT,
            _style(
                text=None,
                html=1,
                fillColor="none",
                strokeColor="none",
                align="left",
                verticalAlign="middle",
                fontSize=10,
                fontColor=MUTED_TEXT,
            ),
        )
        y += FOOTER_HEIGHT + 8

    persona = workspace.persona(journey.persona_id)
    name = f"{persona.name if persona else 'Shared'} – {journey.name}"
    diagram = ET.Element("diagram", id=f"page-{index}", name=name[:80])
    model = ET.SubElement(
        diagram,
        "mxGraphModel",
        dx="1200",
        dy="800",
        grid="1",
        gridSize="10",
        guides="1",
        tooltips="1",
        connect="1",
        arrows="1",
        fold="1",
        page="1",
        pageScale="1",
        pageWidth=_num(width + 2 * MARGIN),
        pageHeight=_num(y + MARGIN),
        math="0",
        shadow="0",
    )
    root = ET.SubElement(model, "root")
    ET.SubElement(root, "mxCell", id="0")
    ET.SubElement(root, "mxCell", id="1", parent="0")
    root.extend(page.cells)
    return diagram


def _emotion_band(
    page: _Page, journey: Journey, lane: Lane, columns, x0: float, y: float, colour: str
) -> float:
    """An emotion lane: a label, one editable cell per column with the value as written, the curve."""
    label = lane.name + (f" ({lane.variant})" if lane.variant else "")
    page.vertex(
        f'<b>{html.escape(label)}</b><br><font color="{MUTED_TEXT}">+ positive<br>− negative</font>',
        x0,
        y,
        LABEL_WIDTH,
        EMOTION_HEIGHT,
        _style(
            rounded=0,
            html=1,
            whiteSpace="wrap",
            align="left",
            spacingLeft=8,
            fillColor=STRUCTURE_FILL,
            strokeColor=STRUCTURE_STROKE,
            fontSize=11,
            fontColor=TEXT_COLOUR,
        ),
    )
    for i, (stage, step) in enumerate(columns):
        text = _cell_text(journey, stage, step, lane)
        page.vertex(
            _html(text),
            x0 + LABEL_WIDTH + i * COLUMN_WIDTH,
            y,
            COLUMN_WIDTH,
            EMOTION_HEIGHT,
            _style(
                rounded=0,
                html=1,
                whiteSpace="wrap",
                align="right",
                verticalAlign="top",
                spacing=6,
                fillColor="#FFFFFF",
                strokeColor=STRUCTURE_STROKE,
                fontSize=10,
                fontColor=MUTED_TEXT,
            ),
        )
    pad = 24
    zero_y = y + EMOTION_HEIGHT / 2
    left, right = x0 + LABEL_WIDTH, x0 + LABEL_WIDTH + COLUMN_WIDTH * len(columns)
    page.polyline(
        [(left, zero_y), (right, zero_y)],
        _style(endArrow="none", html=1, dashed=1, strokeColor=STRUCTURE_STROKE, strokeWidth=1),
    )
    index = {(stage.id, step.name if step else None): i for i, (stage, step) in enumerate(columns)}
    points = []
    for stage_id, step_name, score in journey.emotion_points(lane.id):
        i = index.get((stage_id, step_name))
        if i is None:
            continue
        cx = left + (i + 0.5) * COLUMN_WIDTH
        cy = y + pad + (1.0 - score) / 2.0 * (EMOTION_HEIGHT - 2 * pad)
        points.append((cx, cy))
    if len(points) >= 2:
        page.polyline(
            points,
            _style(
                endArrow="none",
                startArrow="none",
                html=1,
                rounded=1,
                strokeWidth=3,
                strokeColor=f"#{colour}",
                dashed=1 if lane.variant == "to-be" else 0,
            ),
        )
    for cx, cy in points:
        page.vertex(
            "",
            cx - 6,
            cy - 6,
            12,
            12,
            _style(
                ellipse=None,
                shape="ellipse",
                perimeter="ellipsePerimeter",
                html=1,
                fillColor=f"#{colour}",
                strokeColor="#FFFFFF",
                strokeWidth=2,
            ),
        )
    return y + EMOTION_HEIGHT


def drawio_tree(workspace: Workspace) -> ET.ElementTree:
    """The whole file as an XML tree: one diagram (page) per persona map, in workbook order."""
    colours = persona_colours(workspace)
    mxfile = ET.Element(
        "mxfile", host="mapbridge", agent="mapbridge", type="device", compressed="false"
    )
    for index, journey in enumerate(workspace.journeys, start=1):
        colour = colours.get(journey.persona_id or "", SHARED_COLOUR)
        mxfile.append(_page(workspace, journey, index, colour))
    tree = ET.ElementTree(mxfile)
    ET.indent(tree, space="  ")
    return tree


def drawio_xml(workspace: Workspace) -> str:
    return ET.tostring(drawio_tree(workspace).getroot(), encoding="unicode") + "\n"


def write_drawio(workspace: Workspace, path: Path) -> list[Path]:
    """Write a `.drawio` file (atomically)."""
    with atomic_path(path) as tmp:
        tmp.write_text(drawio_xml(workspace), encoding="utf-8")
    return [Path(path)]


EXPORTER = Exporter(
    name="drawio",
    extension=".drawio",
    write=write_drawio,
    description="diagrams.net / draw.io file, one page per persona map",
)
