"""Excalidraw whiteboard scenes: each persona map as a board of stage headers, lane labels and stickies.

Where personas share their stages (`decide_layout`, as for the deck), a comparison board comes
first: a legend, each persona's stickies edged in its colour (text several personas share once,
in grey, "shared by N"), and every curve overlaid. The links between personas that relation
lanes name (`mapbridge.interactions`) are arrows there, bound to the two stickies (so Excalidraw
moves their ends with them), run through gutters between the columns and labelled with the
relation.

A board sits in its own frame (boards are stacked top to bottom, in workbook order): a title and
a kind badge, stage headers, lane labels down the left, one sticky note (a rectangle with bound
text) per cell that has content, and each emotion lane as a band with the curve drawn as a line
in the persona's colour. The scene is Excalidraw's JSON format (`type: "excalidraw"`, version 2);
every element carries the fields Excalidraw itself writes. The output is deterministic: ids and
seeds come from the content's position, not from a random generator.

What only frames the map (title, badge, legend, the emotion band and curve, the footer, the
arrows between personas and the chips they point at) carries
`customData = {"mapbridge": {"role": ...}}` (`mapbridge.formats.board`), so reading the board back
passes over it; stage headers, lane labels, stickies and emotion values carry none and are read
by where they are. A blank board (`blank=True`, for `mapbridge init`) has an empty cell per lane
and column, the emotion scale in the emotion lane's label and a how-to note above the stages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapbridge.atomic import write_text_atomic
from mapbridge.exporters.board_starter import emotion_scale_marks, howto_text
from mapbridge.exporters.comparison import (
    Arrow,
    Box,
    Router,
    Stripe,
    plan_comparison,
)
from mapbridge.formats.board import (
    EMOTION_BAND_PAD,
    MARK_KEY,
    ROLE_BADGE,
    ROLE_BAND,
    ROLE_COMPARISON,
    ROLE_CURVE,
    ROLE_DECORATION,
    ROLE_FOOTER,
    ROLE_HOWTO,
    ROLE_INTERACTION,
    ROLE_LEGEND,
    ROLE_SUBTITLE,
    ROLE_TITLE,
)
from mapbridge.formats.kinds import Exporter
from mapbridge.interactions import Link, find_links
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, LayoutDecision, decide_layouts
from mapbridge.model import (
    LANE_LABELS,
    RELATION_KINDS,
    CellIndex,
    Journey,
    Lane,
    Workspace,
    kind_label,
)
from mapbridge.palette import SHARED_COLOUR, persona_colours

BOARD_GAP = 160
PADDING = 40
LABEL_WIDTH = 170
COLUMN_WIDTH = 230
GUTTER = 10
STAGE_HEIGHT = 56
STEP_HEIGHT = 40
MIN_STICKY_HEIGHT = 90
EMOTION_HEIGHT = 180
#: A blank board's empty cells (room for a few stickies) and the width its title keeps beside
#: the how-to note.
BLANK_CELL_HEIGHT = 120
BLANK_TITLE_WIDTH = 320
#: The narrowest how-to note beside the title; a narrower board puts it under the title instead.
MIN_HOWTO_WIDTH = 280
HOWTO_SIZE = 14
FONT_SIZE = 16
TITLE_SIZE = 28
LINE_HEIGHT = 1.25
#: Excalidraw's padding between a container and its bound text.
BOUND_TEXT_PADDING = 5
#: Average glyph width as a share of the font size (Helvetica-like), to wrap text as Excalidraw will.
CHAR_WIDTH = 0.55
#: Excalidraw font families: 1 Virgil (hand-drawn), 2 Helvetica, 3 Cascadia.
FONT_NORMAL = 2

INK = "#1e1e1e"
MUTED = "#5f6b7a"
STRUCTURE_FILL = "#e9ecef"
BAND_FILL = "#f8f9fa"
VALUE_CELL_STROKE = "#dee2e6"
STICKY_FILLS: dict[str, str] = {
    "pain_points": "#ffc9c9",
    "opportunities": "#b2f2bb",
    "touchpoints": "#d0ebff",
    "channels": "#d0ebff",
    "thoughts": "#e5dbff",
}
DEFAULT_STICKY = "#fff3bf"
#: The colours (fill, ink) of the header badge of a persona's board, by kind; the text is the
#: kind's caution (`mapbridge.model.PERSONA_KIND_LABELS`). Research personas have none; a persona
#: whose source never said its kind gets a neutral one, so it is not taken for a validated persona.
BADGE_COLOURS: dict[str, tuple[str, str]] = {
    "proto": ("#fff4e5", "#b26a00"),
    "segment": ("#fff4e5", "#b26a00"),
    "unspecified": (STRUCTURE_FILL, MUTED),
}
#: On a comparison board with arrows between personas: the gutter added between columns (and
#: before the first) for the arrows to run in, their labels' size and width, how far an arrow
#: stops short of a sticky, and the chip naming a persona an arrow points at.
LINK_GUTTER = 120
ARROW_LABEL_SIZE = 14
ARROW_LABEL_WIDTH = 110
ARROW_GAP = 6
CHIP_SIZE = 14
CHIP_HEIGHT = 34
#: How each relation is drawn: (colour, stroke style, arrowhead). A "caused by" arrow is in the
#: pain colour; the others in ink, told apart by their line.
RELATION_STYLES: dict[str, tuple[str, str, str]] = {
    "interacts_with": ("#343a40", "solid", "arrow"),
    "depends_on": ("#343a40", "dashed", "arrow"),
    "caused_by": ("#c92a2a", "solid", "arrow"),
    "hands_over_to": ("#343a40", "dotted", "triangle"),
}
#: `updated` is a timestamp Excalidraw uses to merge edits; a fixed one keeps exports reproducible.
UPDATED = 1_700_000_000_000


def _seed(key: str) -> int:
    return (
        int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % 2_000_000_000 + 1
    )


def wrap(text: str, width: float, font_size: float = FONT_SIZE) -> list[str]:
    """Text broken into lines that fit `width` pixels, at word boundaries where possible."""
    per_line = max(4, int(width / (font_size * CHAR_WIDTH)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            while len(word) > per_line:  # a word longer than the line is cut
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= per_line:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def _relative(
    points: list[tuple[float, float]],
) -> tuple[tuple[float, float, float, float], list[list[float]]]:
    """A line's place (first point, width, height) and its points relative to the first, as
    Excalidraw stores lines and arrows."""
    x0, y0 = points[0]
    relative = [[round(px - x0, 2), round(py - y0, 2)] for px, py in points]
    xs = [p[0] for p in relative]
    ys = [p[1] for p in relative]
    return (x0, y0, max(xs) - min(xs), max(ys) - min(ys)), relative


@dataclass
class _Scene:
    """Elements being built, with a stable id per element."""

    elements: list[dict[str, Any]] = field(default_factory=list)
    frame_id: str | None = None

    def _base(
        self,
        key: str,
        kind: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        role: str | None = None,
        mark: dict[str, str] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """An element with every field Excalidraw writes; `role` (and `mark`) go in customData."""
        element_id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        element: dict[str, Any] = {
            "id": element_id,
            "type": kind,
            "x": round(x, 2),
            "y": round(y, 2),
            "width": round(w, 2),
            "height": round(h, 2),
            "angle": 0,
            "strokeColor": INK,
            "backgroundColor": "transparent",
            "fillStyle": "solid",
            "strokeWidth": 1,
            "strokeStyle": "solid",
            "roughness": 0,
            "opacity": 100,
            "groupIds": [],
            "frameId": self.frame_id,
            "roundness": None,
            "seed": _seed(key),
            "version": 1,
            "versionNonce": _seed(key + "#nonce"),
            "isDeleted": False,
            "boundElements": None,
            "updated": UPDATED,
            "link": None,
            "locked": False,
        }
        element.update(extra)
        if role is not None:
            element["customData"] = {MARK_KEY: {"role": role, **(mark or {})}}
        self.elements.append(element)
        return element

    def text(
        self,
        key: str,
        text: str,
        x: float,
        y: float,
        w: float,
        *,
        size: float = FONT_SIZE,
        colour: str = INK,
        align: str = "left",
        container: dict[str, Any] | None = None,
        role: str | None = None,
        mark: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        lines = wrap(text, w, size)
        height = len(lines) * size * LINE_HEIGHT
        if container is not None:
            y = container["y"] + (container["height"] - height) / 2
        return self._base(
            key,
            "text",
            x,
            y,
            w,
            height,
            strokeColor=colour,
            text="\n".join(lines),
            originalText=text,
            fontSize=size,
            fontFamily=FONT_NORMAL,
            textAlign=align,
            verticalAlign="middle" if container is not None else "top",
            containerId=container["id"] if container is not None else None,
            autoResize=True,
            lineHeight=LINE_HEIGHT,
            role=role,
            mark=mark,
        )

    def box(
        self,
        key: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str,
        stroke: str = INK,
        label: str = "",
        size: float = FONT_SIZE,
        label_colour: str = INK,
        rounded: bool = True,
        align: str = "center",
        stroke_width: float = 1,
        role: str | None = None,
        mark: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """A rectangle, with its label as bound text (so moving the sticky moves its text).

        The label gets the rectangle's `role` too; without a label the rectangle is an empty cell
        a person can double-click and type into.
        """
        rect = self._base(
            key,
            "rectangle",
            x,
            y,
            w,
            h,
            strokeColor=stroke,
            backgroundColor=fill,
            strokeWidth=stroke_width,
            roundness={"type": 3} if rounded else None,
            role=role,
            mark=mark,
        )
        if label:
            inner = w - 2 * BOUND_TEXT_PADDING
            text = self.text(
                key + "/text",
                label,
                x + BOUND_TEXT_PADDING,
                y,
                inner,
                size=size,
                colour=label_colour,
                align=align,
                container=rect,
                role=role,
            )
            rect["boundElements"] = [{"type": "text", "id": text["id"]}]
        return rect

    def line(
        self,
        key: str,
        points: list[tuple[float, float]],
        *,
        colour: str,
        width: float = 1,
        dashed: bool = False,
        curved: bool = False,
        role: str | None = None,
    ) -> dict[str, Any]:
        (x0, y0, w, h), relative = _relative(points)
        return self._base(
            key,
            "line",
            x0,
            y0,
            w,
            h,
            strokeColor=colour,
            strokeWidth=width,
            strokeStyle="dashed" if dashed else "solid",
            roundness={"type": 2} if curved else None,
            points=relative,
            lastCommittedPoint=None,
            startBinding=None,
            endBinding=None,
            startArrowhead=None,
            endArrowhead=None,
            role=role,
        )

    def arrow(
        self,
        key: str,
        points: list[tuple[float, float]],
        *,
        colour: str,
        stroke: str = "solid",
        head: str = "arrow",
        start: str | None = None,
        end: str | None = None,
        role: str | None = None,
        mark: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """An arrow through `points`, bound at each end to the element `start` / `end` (focus 0:
        aimed at the element's centre, as the points are; the gap is what the points leave)."""
        (x0, y0, w, h), relative = _relative(points)
        return self._base(
            key,
            "arrow",
            x0,
            y0,
            w,
            h,
            strokeColor=colour,
            strokeWidth=2,
            strokeStyle=stroke,
            # Sharp bends: a curve through the bends of a route swings wide of the gutter.
            roundness=None,
            points=relative,
            lastCommittedPoint=None,
            startBinding=_binding(start) if start else None,
            endBinding=_binding(end) if end else None,
            startArrowhead=None,
            endArrowhead=head,
            elbowed=False,
            role=role,
            mark=mark,
        )

    def dot(
        self, key: str, cx: float, cy: float, colour: str, *, role: str = ROLE_CURVE
    ) -> dict[str, Any]:
        return self._base(
            key,
            "ellipse",
            cx - 7,
            cy - 7,
            14,
            14,
            strokeColor="#ffffff",
            backgroundColor=colour,
            strokeWidth=2,
            role=role,
        )


def _binding(element_id: str) -> dict[str, Any]:
    """An arrow end's binding: aimed at the element's centre (focus 0), ARROW_GAP away."""
    return {"elementId": element_id, "focus": 0, "gap": ARROW_GAP}


def _sticky_height(text: str) -> float:
    lines = wrap(text, COLUMN_WIDTH - GUTTER - 2 * BOUND_TEXT_PADDING - 10)
    return max(MIN_STICKY_HEIGHT, len(lines) * FONT_SIZE * LINE_HEIGHT + 24)


def _header(
    scene: _Scene,
    workspace: Workspace,
    journey: Journey,
    key: str,
    y: float,
    width: float,
    colour: str,
    howto: str,
) -> float:
    """The colour edge, title, subtitle, kind badge and (on a blank board) the how-to note.

    Returns the y the header ends at. The how-to note sits to the right of the title, or under
    it on a board too narrow for that: always above the stage row, never in the grid.
    """
    x0 = PADDING
    persona = workspace.persona(journey.persona_id)
    who = persona.name if persona else "All personas (shared map)"
    text_width = BLANK_TITLE_WIDTH if howto else width - 2 * PADDING - 280
    scene.box(
        f"{key}/edge",
        x0,
        y,
        10,
        64,
        fill=f"#{colour}",
        stroke=f"#{colour}",
        rounded=False,
        role=ROLE_DECORATION,
    )
    title_mark = {"persona": persona.name, "kind": persona.kind} if persona else None
    title = scene.text(
        f"{key}/title",
        who,
        x0 + 24,
        y,
        text_width,
        size=TITLE_SIZE,
        role=ROLE_TITLE,
        mark=title_mark,
    )
    subtitle = " · ".join(
        p for p in ((persona.role if persona else ""), f"{journey.name}: journey map") if p
    )
    sub = scene.text(
        f"{key}/subtitle",
        subtitle,
        x0 + 24,
        max(y + 40, title["y"] + title["height"]),
        text_width,
        size=FONT_SIZE,
        colour=MUTED,
        role=ROLE_SUBTITLE,
    )
    bottom = max(y + 64, sub["y"] + sub["height"])
    caution = kind_label(persona.kind).caution if persona else ""
    if persona and caution:
        fill, ink = BADGE_COLOURS.get(persona.kind, BADGE_COLOURS["unspecified"])
        scene.box(
            f"{key}/badge",
            x0 + width - 2 * PADDING - 260,
            y + 10,
            260,
            44,
            fill=fill,
            stroke=ink,
            label=caution.upper(),
            size=14,
            label_colour=ink,
            role=ROLE_BADGE,
        )
    if howto:
        beside = x0 + 24 + BLANK_TITLE_WIDTH + 24
        right = width - PADDING - (280 if persona and caution else 0)
        if right - beside >= MIN_HOWTO_WIDTH:
            note = scene.text(
                f"{key}/howto", howto, beside, y, right - beside, size=HOWTO_SIZE, role=ROLE_HOWTO
            )
        else:
            note = scene.text(
                f"{key}/howto",
                howto,
                x0 + 24,
                bottom + 12,
                width - 2 * PADDING - 24,
                size=HOWTO_SIZE,
                role=ROLE_HOWTO,
            )
        bottom = max(bottom, note["y"] + note["height"])
    return bottom


def _board(
    scene: _Scene,
    workspace: Workspace,
    journey: Journey,
    top: float,
    colour: str,
    *,
    blank: bool = False,
    file_name: str = "",
) -> float:
    """Draw one persona map from `top`; returns the y just below its frame.

    `blank`: every lane gets an empty cell per column (a person types into it), the emotion
    lane's label its scale, and the header a how-to note naming `file_name`.
    """
    # Indexed once: every cell below is a lookup, not a scan of the whole map.
    cells = journey.cell_index()
    columns = cells.columns()
    key = f"{journey.id}"
    width = PADDING * 2 + LABEL_WIDTH + COLUMN_WIDTH * max(1, len(columns))
    persona = workspace.persona(journey.persona_id)
    who = persona.name if persona else "All personas (shared map)"
    frame_key = f"{key}/frame"
    frame_id = hashlib.sha1(frame_key.encode("utf-8")).hexdigest()[:20]
    scene.frame_id = frame_id
    x0 = PADDING
    howto = howto_text(file_name, journey) if blank else ""
    y = _header(scene, workspace, journey, key, top + PADDING, width, colour, howto) + 24

    left = x0 + LABEL_WIDTH
    x = left
    for stage in journey.stages:
        span = cells.span(stage.id)
        if span == 0:
            continue
        # The name as the workshop typed it: it reads back as the same stage.
        scene.box(
            f"{key}/stage/{stage.id}",
            x,
            y,
            COLUMN_WIDTH * span - GUTTER,
            STAGE_HEIGHT,
            fill=STRUCTURE_FILL,
            stroke=STRUCTURE_FILL,
            label=stage.name,
            size=18,
            rounded=False,
        )
        x += COLUMN_WIDTH * span
    y += STAGE_HEIGHT + GUTTER
    if any(step is not None for _, step in columns):
        for i, (stage, step) in enumerate(columns):
            if step is not None:
                scene.box(
                    f"{key}/step/{stage.id}/{i}",
                    left + i * COLUMN_WIDTH,
                    y,
                    COLUMN_WIDTH - GUTTER,
                    STEP_HEIGHT,
                    fill="#f8f9fa",
                    stroke=STRUCTURE_FILL,
                    label=step.name,
                    size=14,
                    label_colour=MUTED,
                    rounded=False,
                )
        y += STEP_HEIGHT + GUTTER

    for lane in journey.lanes:
        texts = [cells.text(stage, step, lane) for stage, step in columns]
        if lane.kind == "emotion":
            # The first line is the lane's name (what reading the board back takes).
            label = lane.name + (f" ({lane.variant})" if lane.variant else "")
            # Narrower than other labels: the scale's numbers sit at the column's right.
            scene.text(f"{key}/lane/{lane.id}", label, x0, y + 8, LABEL_WIDTH - 60, size=18)
            _scale_marks(scene, f"{key}/{lane.id}", journey.emotion_scale, x0, y)
            y = _emotion_band(
                scene,
                cells,
                lane,
                columns,
                texts,
                f"{key}/{lane.id}",
                left,
                y,
                colour,
                blank=blank,
            )
            continue
        height = max([_sticky_height(t) for t in texts if t] or [MIN_STICKY_HEIGHT])
        if blank:
            height = BLANK_CELL_HEIGHT
        scene.text(f"{key}/lane/{lane.id}", lane.name, x0, y + 8, LABEL_WIDTH - 20, size=18)
        fill = STICKY_FILLS.get(lane.kind, DEFAULT_STICKY)
        for i, text in enumerate(texts):
            if text or blank:
                scene.box(
                    f"{key}/cell/{lane.id}/{i}",
                    left + i * COLUMN_WIDTH,
                    y,
                    COLUMN_WIDTH - GUTTER,
                    height,
                    fill=fill,
                    stroke="transparent",
                    label=text,
                    align="left",
                )
        y += height + GUTTER

    footer = " · ".join(
        p
        for p in (
            workspace.source_file or "",
            journey.source.sheet if journey.source else "",
            f"owner {journey.owner}" if journey.owner else "",
            f"last reviewed {journey.last_reviewed.isoformat()}" if journey.last_reviewed else "",
        )
        if p
    )
    if footer:
        scene.text(
            f"{key}/footer",
            footer,
            x0,
            y + 8,
            width - 2 * PADDING,
            size=14,
            colour=MUTED,
            role=ROLE_FOOTER,
        )
        y += 40
    bottom = y + PADDING
    scene.frame_id = None
    # The frame comes after its children, the order Excalidraw itself keeps.
    scene._base(
        frame_key,
        "frame",
        0,
        top,
        width,
        bottom - top,
        name=f"{who} – {journey.name}",
        strokeColor="#bbbbbb",
    )
    return bottom


def _scale_marks(scene: _Scene, key: str, scale: str | None, x0: float, y: float) -> None:
    """The band's scale at the right of the label column, level with +1, 0 and -1 ("+2", "0",
    "−2" on -2..2; "+" and "−" for words and faces). Marked, so reading the board passes it over."""
    numeric = scale in (None, "-2..2", "1..5", "-5..5", "0..10")
    marks = emotion_scale_marks(scale) if numeric else ("+", "", "−")
    height = 14 * LINE_HEIGHT
    for n, (mark, score) in enumerate(zip(marks, (1.0, 0.0, -1.0), strict=True)):
        if mark:
            scene.text(
                f"{key}/scale/{n}",
                mark,
                x0 + LABEL_WIDTH - 60,
                _score_y(y, score) - height / 2,
                48,
                size=14,
                colour=MUTED,
                align="right",
                role=ROLE_BAND,
            )


def _score_y(top: float, score: float) -> float:
    """Where a score (-1..+1) sits in an emotion band starting at `top`: +1 near the top."""
    pad = EMOTION_HEIGHT * EMOTION_BAND_PAD
    return top + pad + (1.0 - score) / 2 * (EMOTION_HEIGHT - 2 * pad)


def _emotion_band(
    scene: _Scene,
    cells: CellIndex,
    lane: Lane,
    columns,
    texts: list[str],
    key: str,
    left: float,
    y: float,
    colour: str,
    *,
    blank: bool = False,
) -> float:
    right = left + COLUMN_WIDTH * len(columns) - GUTTER
    # The scale the map's numbers are on, on the band: a lone "1" reads back as -2..2, not 1..5.
    scale = cells.journey.emotion_scale
    _emotion_backdrop(scene, key, left, right, y, zero_line=False, scale=scale)
    if blank:  # an empty value cell per column, to type a score or a word into
        for i in range(len(columns)):
            scene.box(
                f"{key}/value/{i}",
                left + i * COLUMN_WIDTH,
                y,
                COLUMN_WIDTH - GUTTER,
                EMOTION_HEIGHT,
                fill="#ffffff",
                stroke=VALUE_CELL_STROKE,
                rounded=False,
            )
    _zero_line(scene, key, left, right, y)
    for i, text in enumerate(texts):
        if text:  # the value as written, small, at the top of its column, above its dot
            scene.text(
                f"{key}/value/{i}",
                text,
                left + i * COLUMN_WIDTH + 8,
                y + 6,
                COLUMN_WIDTH - GUTTER - 16,
                size=14,
                colour=MUTED,
                align="center",
            )
    index = {(stage.id, step.name if step else None): i for i, (stage, step) in enumerate(columns)}
    points = []
    for stage_id, step_name, score in cells.emotion_points(lane.id):
        i = index.get((stage_id, step_name))
        if i is not None:
            cx = left + i * COLUMN_WIDTH + (COLUMN_WIDTH - GUTTER) / 2
            points.append((cx, _score_y(y, score)))
    if len(points) >= 2:
        scene.line(
            f"{key}/curve",
            points,
            colour=f"#{colour}",
            width=4,
            dashed=lane.variant == "to-be",
            curved=True,
            role=ROLE_CURVE,
        )
    for n, (cx, cy) in enumerate(points):
        scene.dot(f"{key}/dot/{n}", cx, cy, f"#{colour}")
    return y + EMOTION_HEIGHT + GUTTER


def _comparison_board(
    scene: _Scene,
    workspace: Workspace,
    decision: LayoutDecision,
    journeys: list[Journey],
    top: float,
    links: list[Link] | None = None,
) -> float:
    """Every persona of a journey over its shared stages: stickies edged in persona colours,
    curves overlaid, and the links between personas (`links`) as arrows bound to the stickies."""
    colours = persona_colours(workspace)
    plan = plan_comparison(workspace, decision, journeys, links or [], colours)
    maps, indexes, stage_ids, names = plan.maps, plan.indexes, plan.stage_ids, plan.names
    lanes, cells, arrows = plan.lanes, plan.cells, plan.arrows
    # Arrows run in gutters between the columns (one before the first too): wide enough for a
    # label, so neither arrows nor labels cover a sticky's text.
    gutter = LINK_GUTTER if arrows else 0
    pitch = COLUMN_WIDTH + gutter
    key = f"{decision.journey_key}/comparison"
    width = PADDING * 2 + LABEL_WIDTH + gutter + pitch * max(1, len(stage_ids))
    frame_key = f"{key}/frame"
    scene.frame_id = hashlib.sha1(frame_key.encode("utf-8")).hexdigest()[:20]
    x0, y = PADDING, top + PADDING

    title = f"{decision.journey_name}: all personas compared"
    scene.box(
        f"{key}/edge",
        x0,
        y,
        10,
        64,
        fill=f"#{SHARED_COLOUR}",
        stroke=f"#{SHARED_COLOUR}",
        rounded=False,
        role=ROLE_DECORATION,
    )
    scene.text(
        f"{key}/title",
        title,
        x0 + 24,
        y,
        width - 2 * PADDING - 24,
        size=TITLE_SIZE,
        role=ROLE_COMPARISON,
    )
    scene.text(
        f"{key}/reason",
        decision.reason,
        x0 + 24,
        y + 40,
        width - 2 * PADDING - 24,
        colour=MUTED,
        role=ROLE_SUBTITLE,
    )
    y += 64 + 40
    # Legend: colour, name and kind of each persona.
    x = x0 + 24
    for journey in maps:
        persona = workspace.persona(journey.persona_id)
        label = persona.name if persona else journey.persona_id or ""
        if persona:
            label += kind_label(persona.kind).suffix
        colour = "#" + colours.get(journey.persona_id or "", SHARED_COLOUR)
        scene.dot(f"{key}/legend/{journey.id}/dot", x + 7, y + 10, colour, role=ROLE_LEGEND)
        label_width = len(label) * FONT_SIZE * CHAR_WIDTH + 30
        scene.text(f"{key}/legend/{journey.id}", label, x + 20, y, label_width, role=ROLE_LEGEND)
        x += 20 + label_width + 20
    y += 40
    if arrows:
        y = _arrow_legend(scene, key, [a.link.relation for a in arrows], x0 + 24, y)

    left = x0 + LABEL_WIDTH + gutter
    for i, stage_id in enumerate(stage_ids):
        scene.box(
            f"{key}/stage/{stage_id}",
            left + i * pitch,
            y,
            COLUMN_WIDTH - GUTTER,
            STAGE_HEIGHT,
            fill=STRUCTURE_FILL,
            stroke=STRUCTURE_FILL,
            label=names[stage_id],
            size=18,
            rounded=False,
        )
    y += STAGE_HEIGHT + GUTTER

    stickies: dict[tuple[str, int, int], dict[str, Any]] = {}
    for lane in lanes:
        label = lane.name + (f" ({lane.variant})" if lane.variant else "")
        if lane.kind == "emotion":
            scene.text(f"{key}/lane/{lane.id}", label, x0, y + 8, LABEL_WIDTH - 20, size=18)
            y = _comparison_curves(
                scene, indexes, lane, stage_ids, colours, f"{key}/{lane.id}", left, y, pitch
            )
            continue
        row = [cells[(lane.id, sid)] for sid in stage_ids]
        if not any(row):
            continue
        scene.text(f"{key}/lane/{lane.id}", label, x0, y + 8, LABEL_WIDTH - 20, size=18)
        fill = STICKY_FILLS.get(lane.kind, DEFAULT_STICKY)
        heights = []
        for i, cell in enumerate(row):
            sticky_y = y
            for n, stripe in enumerate(cell):
                if stripe.chip:
                    sticky = _chip(
                        scene, f"{key}/chip/{lane.id}/{i}/{n}", stripe, left + i * pitch, sticky_y
                    )
                else:
                    sticky = scene.box(
                        f"{key}/cell/{lane.id}/{i}/{n}",
                        left + i * pitch,
                        sticky_y,
                        COLUMN_WIDTH - GUTTER,
                        _sticky_height(stripe.text),
                        fill=fill,
                        stroke=f"#{stripe.colour}",
                        label=stripe.text,
                        align="left",
                        stroke_width=3,
                    )
                stickies[(lane.id, i, n)] = sticky
                sticky_y += sticky["height"] + GUTTER / 2
            heights.append(sticky_y - y)
        y += max(heights) + GUTTER

    if arrows:
        router = Router(
            lambda c: left + (c + 1) * pitch - (pitch - COLUMN_WIDTH + GUTTER) / 2,
            ARROW_LABEL_SIZE * LINE_HEIGHT + 6,
        )
        for n, arrow in enumerate(arrows):
            _arrow(scene, f"{key}/arrow/{n}", arrow, stickies, router)

    bottom = y + PADDING
    scene.frame_id = None
    scene._base(
        frame_key,
        "frame",
        0,
        top,
        width,
        bottom - top,
        name=f"All personas – {decision.journey_name}",
        strokeColor="#bbbbbb",
        role=ROLE_COMPARISON,
    )
    return bottom


def _chip(scene: _Scene, key: str, stripe: Stripe, x: float, y: float) -> dict[str, Any]:
    """A small sticky with a persona's name: what an arrow to them binds to in a cell where
    they wrote nothing. Marked, so reading the board back passes over it."""
    width = min(COLUMN_WIDTH - GUTTER, len(stripe.text) * CHIP_SIZE * CHAR_WIDTH + 30)
    return scene.box(
        key,
        x,
        y,
        width,
        CHIP_HEIGHT,
        fill="#ffffff",
        stroke=f"#{stripe.colour or SHARED_COLOUR}",
        label=stripe.text,
        size=CHIP_SIZE,
        stroke_width=2,
        role=ROLE_INTERACTION,
        mark={"persona": stripe.text},
    )


def _arrow(
    scene: _Scene,
    key: str,
    arrow: Arrow,
    stickies: dict[tuple[str, int, int], dict[str, Any]],
    router: Router,
) -> None:
    """One link as an arrow bound to its two stickies (each lists the arrow in boundElements),
    labelled with the relation; marked, so reading the board back passes over it and its label."""
    start, end = stickies[arrow.source], stickies[arrow.target]
    text_width = len(arrow.link.verb) * ARROW_LABEL_SIZE * CHAR_WIDTH
    route = router.route(
        _box_of(start),
        arrow.source[1],
        _box_of(end),
        arrow.target[1],
        label_width=text_width + 12,
        gap=ARROW_GAP,
    )
    colour, stroke, head = RELATION_STYLES.get(arrow.link.relation, (INK, "solid", "arrow"))
    link = arrow.link
    mark = {"relation": link.relation, "from": link.source_journey_id}
    mark["to"] = link.target_journey_id or ""
    element = scene.arrow(
        key,
        route.points,
        colour=colour,
        stroke=stroke,
        head=head,
        start=start["id"],
        end=end["id"],
        role=ROLE_INTERACTION,
        mark=mark,
    )
    label_x, label_y = route.label
    height = ARROW_LABEL_SIZE * LINE_HEIGHT
    label = scene.text(
        key + "/label",
        link.verb,
        label_x - ARROW_LABEL_WIDTH / 2,
        label_y - height / 2,
        ARROW_LABEL_WIDTH,
        size=ARROW_LABEL_SIZE,
        colour=colour,
        align="center",
        role=ROLE_INTERACTION,
    )
    # Bound to the arrow: Excalidraw keeps it at the arrow's middle when the arrow moves.
    label.update(
        containerId=element["id"],
        verticalAlign="middle",
        x=round(label_x - text_width / 2, 2),
        width=round(text_width, 2),
    )
    element["boundElements"] = [{"type": "text", "id": label["id"]}]
    for sticky in (start, end):
        bound = sticky["boundElements"] or []
        if not any(b["id"] == element["id"] for b in bound):
            sticky["boundElements"] = [*bound, {"type": "arrow", "id": element["id"]}]


def _box_of(element: dict[str, Any]) -> Box:
    return Box(element["x"], element["y"], element["width"], element["height"])


def _arrow_legend(scene: _Scene, key: str, relations: list[str], x: float, y: float) -> float:
    """A line saying how each relation on the board is drawn: a short arrow and its name."""
    scene.text(f"{key}/links", "Between personas:", x, y, 150, colour=MUTED, role=ROLE_LEGEND)
    x += 160
    for kind in RELATION_KINDS:
        if kind not in relations:
            continue
        colour, stroke, head = RELATION_STYLES[kind]
        scene.arrow(
            f"{key}/links/{kind}",
            [(x, y + 10), (x + 44, y + 10)],
            colour=colour,
            stroke=stroke,
            head=head,
            role=ROLE_LEGEND,
        )
        name = LANE_LABELS[kind].lower()
        label_width = len(name) * FONT_SIZE * CHAR_WIDTH + 20
        scene.text(f"{key}/links/{kind}/name", name, x + 54, y, label_width, role=ROLE_LEGEND)
        x += 54 + label_width + 20
    return y + 40


def _emotion_backdrop(
    scene: _Scene,
    key: str,
    left: float,
    right: float,
    y: float,
    *,
    zero_line: bool = True,
    scale: str | None = None,
) -> None:
    """The grey band an emotion curve is drawn on (marked with its `scale`), with its dashed
    zero line at mid-height unless the caller draws that later, over its value cells."""
    scene.box(
        f"{key}/band",
        left,
        y,
        right - left,
        EMOTION_HEIGHT,
        fill=BAND_FILL,
        stroke=BAND_FILL,
        rounded=False,
        role=ROLE_BAND,
        mark={"scale": scale} if scale else None,
    )
    if zero_line:
        _zero_line(scene, key, left, right, y)


def _zero_line(scene: _Scene, key: str, left: float, right: float, y: float) -> None:
    """The dashed line at mid-height of an emotion band starting at `y`."""
    zero = y + EMOTION_HEIGHT / 2
    scene.line(
        f"{key}/zero",
        [(left, zero), (right, zero)],
        colour="#adb5bd",
        dashed=True,
        role=ROLE_CURVE,
    )


def _comparison_curves(
    scene: _Scene,
    indexes: list[CellIndex],
    lane: Lane,
    stage_ids: list[str],
    colours: dict[str, str],
    key: str,
    left: float,
    y: float,
    pitch: float = COLUMN_WIDTH,
) -> float:
    """Each persona's curve over the shared stages, one column every `pitch` from `left`."""
    right = left + pitch * (len(stage_ids) - 1) + COLUMN_WIDTH - GUTTER
    _emotion_backdrop(scene, key, left, right, y)
    for cells in indexes:
        journey = cells.journey
        own = cells.lane(lane.id)
        if own is None:
            continue
        scores = cells.stage_scores(own.id)
        points = [
            (left + i * pitch + (COLUMN_WIDTH - GUTTER) / 2, _score_y(y, scores[sid]))
            for i, sid in enumerate(stage_ids)
            if sid in scores
        ]
        colour = "#" + colours.get(journey.persona_id or "", SHARED_COLOUR)
        if len(points) >= 2:
            scene.line(
                f"{key}/{journey.id}/curve",
                points,
                colour=colour,
                width=4,
                dashed=lane.variant == "to-be",
                curved=True,
                role=ROLE_CURVE,
            )
        for n, (cx, cy) in enumerate(points):
            scene.dot(f"{key}/{journey.id}/dot/{n}", cx, cy, colour)
    return y + EMOTION_HEIGHT + GUTTER


def excalidraw_scene(
    workspace: Workspace,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    blank: bool = False,
    file_name: str = "board.excalidraw",
) -> dict[str, Any]:
    """The scene: per journey, the comparison board (when layered), then a board per map, stacked.

    `blank`: a board to start a workshop on (`mapbridge init`): no comparison board, an empty
    cell per lane and column, and a how-to note whose last step names `file_name`.
    """
    scene = _Scene()
    colours = persona_colours(workspace)
    decisions = (
        {}
        if blank
        else {d.journey_key: d for d in decide_layouts(workspace, threshold=overlap_threshold)}
    )
    links = [] if blank else find_links(workspace)
    top = 0.0
    for key, journeys in workspace.journey_groups().items():
        decision = decisions.get(key)
        if decision is not None and decision.layered:
            top = _comparison_board(scene, workspace, decision, journeys, top, links) + BOARD_GAP
        for journey in journeys:
            colour = colours.get(journey.persona_id or "", SHARED_COLOUR)
            top = (
                _board(scene, workspace, journey, top, colour, blank=blank, file_name=file_name)
                + BOARD_GAP
            )
    return {
        "type": "excalidraw",
        "version": 2,
        "source": "mapbridge",
        "elements": scene.elements,
        "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None},
        "files": {},
    }


def write_excalidraw(
    workspace: Workspace,
    path: Path,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    blank: bool = False,
) -> list[Path]:
    """Write a `.excalidraw` file (atomically); `blank`: a blank board (see `excalidraw_scene`)."""
    scene = excalidraw_scene(
        workspace, overlap_threshold=overlap_threshold, blank=blank, file_name=Path(path).name
    )
    write_text_atomic(path, json.dumps(scene, indent=2, ensure_ascii=False) + "\n")
    return [Path(path)]


EXPORTER = Exporter(
    name="excalidraw",
    extension=".excalidraw",
    write=write_excalidraw,
    description="Excalidraw whiteboard scene: a framed board per persona map, plus a comparison",
)
