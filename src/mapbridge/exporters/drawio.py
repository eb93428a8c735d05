"""draw.io (diagrams.net) files: a page per persona map, plus a comparison page where personas share stages.

A map page has a header (persona, role, journey, kind badge), the stages as column headers (with
a row of step headers when stages have steps), one row of editable cells per lane, and each
emotion lane as a band with the curve drawn as a polyline through dots in the persona's colour.
Where the layout rule (`decide_layout`, as for the deck) says personas share their stages, a
comparison page comes first: a legend, one stripe per persona in each cell, and every persona's
curve overlaid. The links between personas that relation lanes name (`mapbridge.interactions`)
are edges there, joined to the two stripes (`source`/`target`, so they stay attached when a stripe
moves), run through gutters between the columns and labelled with the relation. The file is plain, uncompressed mxGraph XML:
`mxfile > diagram > mxGraphModel > root`, cells "0" and "1" first.

What only frames the map (header, badge, legend, the emotion band and curve, the footer, the
edges between personas and the chips they point at) carries the style key `mapbridge=<role>;` (`mapbridge.formats.board`), so reading the page back passes
over it; stage headers, lane labels and cells carry none and are read by where they are. A blank
page (`blank=True`, for `mapbridge init`) has taller empty cells, the emotion scale in the
emotion lane's label and a how-to note above the stages.
"""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from mapbridge.atomic import atomic_path
from mapbridge.exporters.board_starter import emotion_scale_lines, howto_text
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

MARGIN = 40
LABEL_WIDTH = 160
COLUMN_WIDTH = 200
HEADER_HEIGHT = 64
STAGE_HEIGHT = 40
STEP_HEIGHT = 30
MIN_ROW_HEIGHT = 60
EMOTION_HEIGHT = 160
FOOTER_HEIGHT = 24
LEGEND_HEIGHT = 28
STRIPE_EDGE = 6
#: A blank page's empty cells (room for a few lines) and the width its title keeps beside the
#: how-to note; a page too narrow for a note of MIN_HOWTO_WIDTH beside the title puts it below.
BLANK_ROW_HEIGHT = 100
BLANK_TITLE_WIDTH = 300
MIN_HOWTO_WIDTH = 280
HOWTO_SIZE = 11
#: Average character width at 12 px, to size rows so their text fits without scrolling.
CHAR_WIDTH = 6.6
LINE_HEIGHT = 16

#: On a comparison page with edges between personas: the gutter added between columns (and
#: before the first) for the edges to run in, their labels, and the chip naming a persona an
#: edge points at.
LINK_GUTTER = 100
ARROW_LABEL_SIZE = 11
ARROW_CHAR_WIDTH = 6.2
ARROW_LABEL_HEIGHT = 18
CHIP_HEIGHT = 24
CHIP_MARGIN = 6

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


#: How each relation is drawn: (colour, dash pattern or "" for a solid line, arrowhead). A
#: "caused by" edge is in the pain colour; the others in ink, told apart by their line.
RELATION_STYLES: dict[str, tuple[str, str, str]] = {
    "interacts_with": ("#343A40", "", "classic"),
    "depends_on": ("#343A40", "8 4", "classic"),
    "caused_by": ("#C0392B", "", "classic"),
    "hands_over_to": ("#343A40", "1 3", "block"),
}


def _style(**items: object) -> str:
    """A draw.io style string; a key given None is a bare flag (`text;`, `ellipse;`)."""
    return "".join(
        key + ";" if value is None else f"{key}={value};" for key, value in items.items()
    )


def _mark(style: str, role: str, **marks: str) -> str:
    """`style` with mapbridge's role key (a shape that frames the map, not map content) and its
    other marks as `mapbridgeName=value;` keys (values must not hold `;` or `=`)."""
    extra = "".join(f"{MARK_KEY}{name.capitalize()}={value};" for name, value in marks.items())
    return style + f"{MARK_KEY}={role};" + extra


def _free_text(size: int, colour: str = TEXT_COLOUR) -> str:
    """Text with no box (draw.io's `text` style, spelt out for renderers without its stylesheet)."""
    return _style(
        text=None,
        html=1,
        fillColor="none",
        strokeColor="none",
        align="left",
        verticalAlign="middle",
        whiteSpace="wrap",
        fontSize=size,
        fontColor=colour,
    )


LABEL_STYLE = _style(
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
)
STAGE_STYLE = _style(
    rounded=0,
    html=1,
    whiteSpace="wrap",
    fillColor=STRUCTURE_FILL,
    strokeColor=STRUCTURE_STROKE,
    fontStyle=1,
    fontSize=12,
    fontColor=TEXT_COLOUR,
)
STEP_STYLE = _style(
    rounded=0,
    html=1,
    whiteSpace="wrap",
    fillColor="#F7F8FA",
    strokeColor=STRUCTURE_STROKE,
    fontSize=11,
    fontColor=MUTED_TEXT,
)
BADGE_STYLE = _style(
    rounded=1,
    html=1,
    whiteSpace="wrap",
    fillColor="#FFF4E5",
    strokeColor="#B26A00",
    fontColor="#B26A00",
    fontStyle=1,
    fontSize=11,
)
NEUTRAL_BADGE_STYLE = _style(
    rounded=1,
    html=1,
    whiteSpace="wrap",
    fillColor=STRUCTURE_FILL,
    strokeColor=STRUCTURE_STROKE,
    fontColor=MUTED_TEXT,
    fontStyle=1,
    fontSize=11,
)
VALUE_STYLE = _style(
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
)
ZERO_LINE_STYLE = _mark(
    _style(endArrow="none", html=1, dashed=1, strokeColor=STRUCTURE_STROKE, strokeWidth=1),
    ROLE_CURVE,
)
#: Behind an emotion lane's value cells: the band a curve's heights are measured in.
BAND_STYLE = _style(rounded=0, fillColor="#F7F8FA", strokeColor="none")


def _cell_style(kind: str, *, fill: str | None = None, stroke: str | None = None) -> str:
    lane_fill, lane_stroke = LANE_STYLES.get(kind, ("#FFFFFF", STRUCTURE_STROKE))
    return _style(
        rounded=0,
        html=1,
        whiteSpace="wrap",
        align="left",
        verticalAlign="top",
        spacing=8,
        fillColor=fill or lane_fill,
        strokeColor=stroke or lane_stroke,
        fontSize=12,
        fontColor=TEXT_COLOUR,
        fontStyle=2 if kind == "thoughts" else 0,
    )


def _curve_style(colour: str, dashed: bool) -> str:
    style = _style(
        endArrow="none",
        startArrow="none",
        html=1,
        rounded=1,
        strokeWidth=3,
        strokeColor=f"#{colour}",
        dashed=1 if dashed else 0,
    )
    return _mark(style, ROLE_CURVE)


def _dot_style(colour: str, role: str = ROLE_CURVE) -> str:
    style = _style(
        ellipse=None,
        shape="ellipse",
        perimeter="ellipsePerimeter",
        html=1,
        fillColor=f"#{colour}",
        strokeColor="#FFFFFF",
        strokeWidth=2,
    )
    return _mark(style, role)


def _html(text: str) -> str:
    """Cell text as draw.io's HTML labels want it: escaped, line breaks as <br>."""
    return "<br>".join(html.escape(line) for line in text.splitlines())


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


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
        geometry = {"x": _num(x), "y": _num(y), "width": _num(w), "height": _num(h)}
        ET.SubElement(cell, "mxGeometry", **geometry, **{"as": "geometry"})
        self.cells.append(cell)
        return cell_id

    def polyline(self, points: list[tuple[float, float]], style: str) -> str:
        cell_id = self.next_id()
        cell = ET.Element("mxCell", id=cell_id, value="", style=style, edge="1", parent="1")
        geometry = ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
        for (x, y), end in ((points[0], "sourcePoint"), (points[-1], "targetPoint")):
            ET.SubElement(geometry, "mxPoint", x=_num(x), y=_num(y), **{"as": end})
        if len(points) > 2:
            array = ET.SubElement(geometry, "Array", **{"as": "points"})
            for x, y in points[1:-1]:
                ET.SubElement(array, "mxPoint", x=_num(x), y=_num(y))
        self.cells.append(cell)
        return cell_id

    def edge(
        self,
        value: str,
        points: list[tuple[float, float]],
        style: str,
        *,
        source: str,
        target: str,
        label_at: float = 0.0,
    ) -> str:
        """An edge from the vertex `source` to `target` through the inner `points` (the first
        and last are its ends, kept as draw.io's fallback); its label at `label_at` along it."""
        cell_id = self.next_id()
        cell = ET.Element(
            "mxCell",
            id=cell_id,
            value=value,
            style=style,
            edge="1",
            parent="1",
            source=source,
            target=target,
        )
        geometry = ET.SubElement(
            cell,
            "mxGeometry",
            # Finer than `_num`: a tenth of a long edge's length would move its label far.
            x=f"{label_at:.4f}".rstrip("0").rstrip(".") if label_at else "0",
            relative="1",
            **{"as": "geometry"},
        )
        for (x, y), end in ((points[0], "sourcePoint"), (points[-1], "targetPoint")):
            ET.SubElement(geometry, "mxPoint", x=_num(x), y=_num(y), **{"as": end})
        if len(points) > 2:
            array = ET.SubElement(geometry, "Array", **{"as": "points"})
            for x, y in points[1:-1]:
                ET.SubElement(array, "mxPoint", x=_num(x), y=_num(y))
        self.cells.append(cell)
        return cell_id

    def header(
        self,
        x: float,
        y: float,
        width: float,
        colour: str,
        title: str,
        subtitle: str,
        role: str = ROLE_TITLE,
        kind: str | None = None,
    ):
        """The header band: a colour edge, a title and a muted subtitle (one shape, `role`).

        `kind`: the persona's kind, kept as the title's mark (a research persona has no badge).
        """
        self.vertex(
            "",
            x,
            y,
            8,
            HEADER_HEIGHT,
            _mark(_style(rounded=0, fillColor=f"#{colour}", strokeColor="none"), ROLE_DECORATION),
        )
        self.vertex(
            f'<b>{html.escape(title)}</b><br><font style="font-size:13px" '
            f'color="{MUTED_TEXT}">{html.escape(subtitle)}</font>',
            x + 16,
            y,
            width - 16,
            HEADER_HEIGHT,
            _mark(_free_text(22), role, **({"kind": kind} if kind else {})),
        )

    def diagram(self, index: int, name: str, width: float, height: float) -> ET.Element:
        """The page as a `diagram` element, with the root cell "0" and the layer "1" first."""
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
            pageHeight=_num(height + MARGIN),
            math="0",
            shadow="0",
        )
        root = ET.SubElement(model, "root")
        ET.SubElement(root, "mxCell", id="0")
        ET.SubElement(root, "mxCell", id="1", parent="0")
        root.extend(self.cells)
        return diagram


def _row_height(texts: list[str], width: float) -> float:
    per_line = max(1, int((width - 16) / CHAR_WIDTH))
    lines = 0
    for text in texts:
        cell_lines = sum(
            max(1, math.ceil(len(part) / per_line)) for part in text.splitlines() or [""]
        )
        lines = max(lines, cell_lines)
    return max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + 20)


def _footer(page: _Page, workspace: Workspace, journey: Journey, x: float, y: float, width: float):
    parts = (
        workspace.source_file or "",
        journey.source.sheet if journey.source else "",
        f"owner {journey.owner}" if journey.owner else "",
        f"last reviewed {journey.last_reviewed.isoformat()}" if journey.last_reviewed else "",
    )
    footer = " · ".join(p for p in parts if p)
    if not footer:
        return y
    style = _mark(_free_text(10, MUTED_TEXT), ROLE_FOOTER)
    page.vertex(html.escape(footer), x, y + 8, width, FOOTER_HEIGHT, style)
    return y + FOOTER_HEIGHT + 8


def _curve(page: _Page, points: list[tuple[float, float]], colour: str, dashed: bool) -> None:
    if len(points) >= 2:
        page.polyline(points, _curve_style(colour, dashed))
    for cx, cy in points:
        page.vertex("", cx - 6, cy - 6, 12, 12, _dot_style(colour))


def _score_y(top: float, score: float) -> float:
    """Where a score (-1..+1) sits in an emotion band starting at `top`: +1 near the top."""
    pad = EMOTION_HEIGHT * EMOTION_BAND_PAD
    return top + pad + (1.0 - score) / 2.0 * (EMOTION_HEIGHT - 2 * pad)


def _text_height(text: str, width: float, size: int) -> float:
    """The height a free text of `size` px needs at `width` (an estimate, as `_row_height`)."""
    char_width = CHAR_WIDTH * size / 12
    per_line = max(1, int((width - 8) / char_width))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.splitlines() or [""])
    return lines * (size + 4) + 12


def _howto(page: _Page, text: str, x0: float, y: float, width: float, badge: bool) -> float:
    """A blank page's how-to note, beside the title (or under it); returns the header's bottom."""
    beside = x0 + 16 + BLANK_TITLE_WIDTH + 16
    right = x0 + width - (220 if badge else 0)
    style = _mark(_free_text(HOWTO_SIZE, MUTED_TEXT), ROLE_HOWTO)
    if right - beside >= MIN_HOWTO_WIDTH:
        height = max(HEADER_HEIGHT, _text_height(text, right - beside, HOWTO_SIZE))
        page.vertex(html.escape(text), beside, y, right - beside, height, style)
        return y + height
    top = y + HEADER_HEIGHT + 8
    height = _text_height(text, width - 16, HOWTO_SIZE)
    page.vertex(html.escape(text), x0 + 16, top, width - 16, height, style)
    return top + height


def _map_page(
    workspace: Workspace,
    journey: Journey,
    index: int,
    colour: str,
    *,
    blank: bool = False,
    file_name: str = "",
) -> ET.Element:
    """One persona map as a page; `blank`: taller empty cells, the emotion scale, a how-to note."""
    page = _Page(prefix=f"p{index}")
    # Indexed once: every cell below is a lookup, not a scan of the whole map.
    cells = journey.cell_index()
    columns = cells.columns()
    width = LABEL_WIDTH + COLUMN_WIDTH * max(1, len(columns))
    x0, y = MARGIN, MARGIN
    persona = workspace.persona(journey.persona_id)
    title = persona.name if persona else "All personas (shared map)"
    subtitle = " · ".join(
        p for p in (persona.role if persona else "", journey.name + " — journey map") if p
    )
    # Research personas have no badge; a persona whose source never said its kind gets a neutral
    # one, so it is not taken for a validated persona.
    badge = kind_label(persona.kind).caution.upper() if persona else ""
    title_width = BLANK_TITLE_WIDTH + 16 if blank else width - (220 if badge else 0)
    page.header(x0, y, title_width, colour, title, subtitle, kind=persona.kind if persona else None)
    if badge:
        badge_style = (
            NEUTRAL_BADGE_STYLE if persona and persona.kind == "unspecified" else BADGE_STYLE
        )
        page.vertex(badge, x0 + width - 210, y + 16, 210, 32, _mark(badge_style, ROLE_BADGE))
    bottom = y + HEADER_HEIGHT
    if blank:
        bottom = _howto(page, howto_text(file_name, journey), x0, y, width, bool(badge))
    y = bottom + 16

    # Stage headers (a stage spans its step columns), then step headers if any stage has steps.
    # Names as the workshop typed them: they read back as the same stages.
    x = x0 + LABEL_WIDTH
    for stage in journey.stages:
        span = cells.span(stage.id)
        if span:
            page.vertex(
                html.escape(stage.name),
                x,
                y,
                COLUMN_WIDTH * span,
                STAGE_HEIGHT,
                STAGE_STYLE,
            )
            x += COLUMN_WIDTH * span
    y += STAGE_HEIGHT
    if any(step is not None for _, step in columns):
        for i, (_stage, step) in enumerate(columns):
            name = html.escape(step.name) if step else ""
            page.vertex(
                name, x0 + LABEL_WIDTH + i * COLUMN_WIDTH, y, COLUMN_WIDTH, STEP_HEIGHT, STEP_STYLE
            )
        y += STEP_HEIGHT

    left = x0 + LABEL_WIDTH
    for lane in journey.lanes:
        if lane.kind == "emotion":
            scale = emotion_scale_lines(journey.emotion_scale) if blank else None
            y = _emotion_band(page, cells, lane, columns, x0, y, colour, scale)
            continue
        texts = [cells.text(stage, step, lane) for stage, step in columns]
        height = _row_height(texts, COLUMN_WIDTH)
        if blank:
            height = max(height, BLANK_ROW_HEIGHT)
        page.vertex(html.escape(lane.name), x0, y, LABEL_WIDTH, height, LABEL_STYLE)
        for i, text in enumerate(texts):
            page.vertex(
                _html(text),
                left + i * COLUMN_WIDTH,
                y,
                COLUMN_WIDTH,
                height,
                _cell_style(lane.kind),
            )
        y += height

    y = _footer(page, workspace, journey, x0, y, width)
    name = f"{persona.name if persona else 'Shared'} – {journey.name}"
    return page.diagram(index, name, width, y)


def _emotion_label(lane: Lane, scale: list[str] | None) -> str:
    """An emotion lane's label: its name on the first line, then the scale (or + and −)."""
    label = lane.name + (f" ({lane.variant})" if lane.variant else "")
    below = "<br>".join(html.escape(line) for line in scale or ["+ positive", "− negative"])
    return f'<b>{html.escape(label)}</b><br><font color="{MUTED_TEXT}">{below}</font>'


def _emotion_band(
    page: _Page,
    cells: CellIndex,
    lane: Lane,
    columns,
    x0: float,
    y: float,
    colour: str,
    scale: list[str] | None = None,
) -> float:
    """An emotion lane: a label, the band, one editable cell per column with the value as
    written, the curve. `scale`: the label's lines under the name (a blank page's scale)."""
    page.vertex(
        _emotion_label(lane, scale),
        x0,
        y,
        LABEL_WIDTH,
        EMOTION_HEIGHT,
        LABEL_STYLE.replace("fontStyle=1;", ""),
    )
    left = x0 + LABEL_WIDTH
    # The scale the map's numbers are on, as the band's mark: a lone "1" reads back as -2..2.
    scale_mark = {"scale": cells.journey.emotion_scale} if cells.journey.emotion_scale else {}
    band = _mark(BAND_STYLE, ROLE_BAND, **scale_mark)
    page.vertex("", left, y, COLUMN_WIDTH * len(columns), EMOTION_HEIGHT, band)
    for i, (stage, step) in enumerate(columns):
        text = cells.text(stage, step, lane)
        page.vertex(
            _html(text), left + i * COLUMN_WIDTH, y, COLUMN_WIDTH, EMOTION_HEIGHT, VALUE_STYLE
        )
    zero_y = y + EMOTION_HEIGHT / 2
    page.polyline([(left, zero_y), (left + COLUMN_WIDTH * len(columns), zero_y)], ZERO_LINE_STYLE)
    index = {(stage.id, step.name if step else None): i for i, (stage, step) in enumerate(columns)}
    points = [
        (left + (index[(sid, step)] + 0.5) * COLUMN_WIDTH, _score_y(y, score))
        for sid, step, score in cells.emotion_points(lane.id)
        if (sid, step) in index
    ]
    _curve(page, points, colour, lane.variant == "to-be")
    return y + EMOTION_HEIGHT


def _comparison_page(
    workspace: Workspace,
    decision: LayoutDecision,
    journeys: list[Journey],
    index: int,
    links: list[Link] | None = None,
) -> ET.Element:
    """Every persona of a journey over the shared stages: a stripe per persona per cell, curves
    overlaid, and the links between personas (`links`) as edges joining their stripes."""
    page = _Page(prefix=f"p{index}")
    colours = persona_colours(workspace)
    plan = plan_comparison(workspace, decision, journeys, links or [], colours)
    maps, indexes, stage_ids, names = plan.maps, plan.indexes, plan.stage_ids, plan.names
    lanes, cells, arrows = plan.lanes, plan.cells, plan.arrows
    # Edges run in gutters between the columns (and before the first), wide enough for a label.
    gutter = LINK_GUTTER if arrows else 0
    pitch = COLUMN_WIDTH + gutter
    width = LABEL_WIDTH + gutter + pitch * max(1, len(stage_ids))
    x0, y = MARGIN, MARGIN
    page.header(
        x0,
        y,
        width,
        SHARED_COLOUR,
        f"{decision.journey_name}: all personas compared",
        decision.reason,
        role=ROLE_COMPARISON,
    )
    y += HEADER_HEIGHT + 8

    # Legend: each persona's colour, name and kind, as on the deck's layered slide.
    legend_x = x0 + 16
    for journey in maps:
        persona = workspace.persona(journey.persona_id)
        label = persona.name if persona else journey.persona_id or ""
        if persona:
            label += kind_label(persona.kind).suffix
        colour = colours.get(journey.persona_id or "", SHARED_COLOUR)
        page.vertex("", legend_x, y + 8, 12, 12, _dot_style(colour, ROLE_LEGEND))
        label_width = 40 + 7 * len(label)
        style = _mark(_free_text(12), ROLE_LEGEND)
        page.vertex(html.escape(label), legend_x + 18, y, label_width, LEGEND_HEIGHT, style)
        legend_x += 18 + label_width + 12
    y += LEGEND_HEIGHT + 8
    if arrows:
        y = _arrow_legend(page, [a.link.relation for a in arrows], x0 + 16, y)

    left = x0 + LABEL_WIDTH + gutter
    for i, stage_id in enumerate(stage_ids):
        page.vertex(
            html.escape(names[stage_id]),
            left + i * pitch,
            y,
            COLUMN_WIDTH,
            STAGE_HEIGHT,
            STAGE_STYLE,
        )
    y += STAGE_HEIGHT

    stripes: dict[tuple[str, int, int], tuple[str, Box]] = {}
    for lane in lanes:
        if lane.kind == "emotion":
            y = _comparison_curves(page, indexes, lane, stage_ids, colours, x0, y, gutter)
            continue
        row = [cells[(lane.id, sid)] for sid in stage_ids]
        if not any(row):
            continue
        heights = [sum(_stripe_height(stripe) for stripe in cell) for cell in row]
        height = max(max(heights), MIN_ROW_HEIGHT)
        page.vertex(html.escape(lane.name), x0, y, LABEL_WIDTH, height, LABEL_STYLE)
        for i, cell in enumerate(row):
            x = left + i * pitch
            page.vertex("", x, y, COLUMN_WIDTH, height, _cell_style(lane.kind))
            stripe_y = y
            for n, stripe in enumerate(cell):
                if stripe.chip:
                    stripes[(lane.id, i, n)] = _chip(page, stripe, x, stripe_y)
                    stripe_y += _stripe_height(stripe)
                    continue
                stripe_height = _stripe_height(stripe)
                edge = _mark(
                    _style(rounded=0, fillColor=f"#{stripe.colour}", strokeColor="none"),
                    ROLE_DECORATION,
                )
                page.vertex("", x, stripe_y, STRIPE_EDGE, stripe_height, edge)
                box = Box(x + STRIPE_EDGE, stripe_y, COLUMN_WIDTH - STRIPE_EDGE, stripe_height)
                cell_id = page.vertex(
                    _html(stripe.text),
                    box.x,
                    box.y,
                    box.w,
                    box.h,
                    _cell_style(lane.kind, fill="none", stroke="none"),
                )
                stripes[(lane.id, i, n)] = (cell_id, box)
                stripe_y += stripe_height
        y += height

    if arrows:
        router = Router(lambda c: left + (c + 1) * pitch - gutter / 2, ARROW_LABEL_HEIGHT)
        for arrow in arrows:
            _arrow(page, arrow, stripes, router)

    name = f"All personas – {decision.journey_name}"
    return page.diagram(index, name, width, y + 8)


def _stripe_height(stripe: Stripe) -> float:
    if stripe.chip:
        return CHIP_HEIGHT + 2 * CHIP_MARGIN
    return _row_height([stripe.text], COLUMN_WIDTH - STRIPE_EDGE)


def _chip(page: _Page, stripe: Stripe, x: float, y: float) -> tuple[str, Box]:
    """A small box with a persona's name: what an edge to them joins in a cell where they wrote
    nothing. Marked, so reading the page back passes over it."""
    box = Box(
        x + STRIPE_EDGE + CHIP_MARGIN,
        y + CHIP_MARGIN,
        min(COLUMN_WIDTH - STRIPE_EDGE - 2 * CHIP_MARGIN, 24 + 7 * len(stripe.text)),
        CHIP_HEIGHT,
    )
    style = _style(
        rounded=1,
        html=1,
        whiteSpace="wrap",
        fillColor="#FFFFFF",
        strokeColor=f"#{stripe.colour or SHARED_COLOUR}",
        strokeWidth=2,
        fontSize=11,
        fontColor=TEXT_COLOUR,
    )
    chip_id = page.vertex(
        html.escape(stripe.text),
        box.x,
        box.y,
        box.w,
        box.h,
        _mark(style, ROLE_INTERACTION, persona=_mark_value(stripe.text)),
    )
    return chip_id, box


def _mark_value(text: str) -> str:
    """Text as a style value: without the `;` and `=` a style string cannot hold."""
    return text.replace(";", ",").replace("=", "-")


def _arrow_style(relation: str, **extra: object) -> str:
    colour, dashed, head = RELATION_STYLES.get(relation, (TEXT_COLOUR, "", "classic"))
    return _style(
        html=1,
        rounded=1,
        endArrow=head,
        endFill=1,
        strokeColor=colour,
        strokeWidth=2,
        **({"dashed": 1, "dashPattern": dashed} if dashed else {}),
        fontSize=ARROW_LABEL_SIZE,
        fontColor=colour,
        labelBackgroundColor="#FFFFFF",
        **extra,
    )


def _arrow(
    page: _Page,
    arrow: Arrow,
    stripes: dict[tuple[str, int, int], tuple[str, Box]],
    router: Router,
) -> None:
    """One link as an edge from its source stripe to its target (`source`/`target`, so it stays
    joined when either moves), through the gutter, labelled with the relation; marked, so
    reading the page back passes over it."""
    (source_id, source), (target_id, target) = stripes[arrow.source], stripes[arrow.target]
    label_width = ARROW_CHAR_WIDTH * len(arrow.link.verb) + 10
    route = router.route(source, arrow.source[1], target, arrow.target[1], label_width=label_width)
    start, *bends, end = route.points
    link = arrow.link
    style = _arrow_style(
        link.relation,
        exitX=_num((start[0] - source.x) / source.w),
        exitY=_num((start[1] - source.y) / source.h),
        exitDx=0,
        exitDy=0,
        entryX=_num((end[0] - target.x) / target.w),
        entryY=_num((end[1] - target.y) / target.h),
        entryDx=0,
        entryDy=0,
    )
    page.edge(
        html.escape(link.verb),
        route.points,
        _mark(style, ROLE_INTERACTION, relation=link.relation),
        source=source_id,
        target=target_id,
        label_at=_along(route.points, route.label),
    )


def _along(points: list[tuple[float, float]], at: tuple[float, float]) -> float:
    """Where `at` (a point on the path) lies along the path, as draw.io places an edge's label:
    -1 at the source, 0 halfway, +1 at the target."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    total = sum(lengths) or 1.0
    walked = 0.0
    best = (math.inf, 0.0)
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        # The nearest point of this segment to `at`, and how far along the path it is.
        t = 0.0
        if length:
            t = ((at[0] - a[0]) * (b[0] - a[0]) + (at[1] - a[1]) * (b[1] - a[1])) / length**2
            t = min(1.0, max(0.0, t))
        near = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        best = min(best, (math.dist(near, at), walked + t * length))
        walked += length
    return round(2 * best[1] / total - 1, 4)


def _arrow_legend(page: _Page, relations: list[str], x: float, y: float) -> float:
    """A line saying how each relation on the page is drawn: a short edge and its name."""
    style = _mark(_free_text(12, MUTED_TEXT), ROLE_LEGEND)
    page.vertex("Between personas:", x, y, 120, LEGEND_HEIGHT, style)
    x += 126
    for kind in RELATION_KINDS:
        if kind not in relations:
            continue
        middle = y + LEGEND_HEIGHT / 2
        page.polyline([(x, middle), (x + 40, middle)], _mark(_arrow_style(kind), ROLE_LEGEND))
        name = LANE_LABELS[kind].lower()
        label_width = 16 + 7 * len(name)
        page.vertex(html.escape(name), x + 46, y, label_width, LEGEND_HEIGHT, style)
        x += 46 + label_width + 12
    return y + LEGEND_HEIGHT + 8


def _comparison_curves(page, indexes, lane, stage_ids, colours, x0, y, gutter=0) -> float:
    """Each persona's curve over the shared stages (a stage's steps averaged), overlaid;
    `gutter`: the room for edges before and between the columns."""
    page.vertex(
        _emotion_label(lane, None),
        x0,
        y,
        LABEL_WIDTH,
        EMOTION_HEIGHT,
        LABEL_STYLE.replace("fontStyle=1;", ""),
    )
    pitch = COLUMN_WIDTH + gutter
    left = x0 + LABEL_WIDTH + gutter
    right = left + pitch * (len(stage_ids) - 1) + COLUMN_WIDTH
    band = _mark(BAND_STYLE, ROLE_BAND)
    page.vertex("", left, y, right - left, EMOTION_HEIGHT, band)
    for i in range(len(stage_ids)):
        page.vertex("", left + i * pitch, y, COLUMN_WIDTH, EMOTION_HEIGHT, VALUE_STYLE)
    zero_y = y + EMOTION_HEIGHT / 2
    page.polyline([(left, zero_y), (right, zero_y)], ZERO_LINE_STYLE)
    for cells in indexes:
        journey = cells.journey
        own = cells.lane(lane.id)
        if own is None:
            continue
        scores = cells.stage_scores(own.id)
        points = [
            (left + i * pitch + COLUMN_WIDTH / 2, _score_y(y, scores[sid]))
            for i, sid in enumerate(stage_ids)
            if sid in scores
        ]
        colour = colours.get(journey.persona_id or "", SHARED_COLOUR)
        _curve(page, points, colour, lane.variant == "to-be")
    return y + EMOTION_HEIGHT


def drawio_tree(
    workspace: Workspace,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    blank: bool = False,
    file_name: str = "board.drawio",
) -> ET.ElementTree:
    """The whole file: per journey, the comparison page (when layered), then a page per map.

    `blank`: a board to start a workshop on (`mapbridge init`): no comparison page, taller
    empty cells, and a how-to note whose last step names `file_name`.
    """
    colours = persona_colours(workspace)
    mxfile = ET.Element(
        "mxfile", host="mapbridge", agent="mapbridge", type="device", compressed="false"
    )
    decisions = (
        {}
        if blank
        else {d.journey_key: d for d in decide_layouts(workspace, threshold=overlap_threshold)}
    )
    links = [] if blank else find_links(workspace)
    index = 0
    for key, journeys in workspace.journey_groups().items():
        decision = decisions.get(key)
        if decision is not None and decision.layered:
            index += 1
            mxfile.append(_comparison_page(workspace, decision, journeys, index, links))
        for journey in journeys:
            index += 1
            colour = colours.get(journey.persona_id or "", SHARED_COLOUR)
            mxfile.append(
                _map_page(workspace, journey, index, colour, blank=blank, file_name=file_name)
            )
    tree = ET.ElementTree(mxfile)
    ET.indent(tree, space="  ")
    return tree


def drawio_xml(
    workspace: Workspace,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    blank: bool = False,
    file_name: str = "board.drawio",
) -> str:
    """The file as text (see `drawio_tree`)."""
    tree = drawio_tree(
        workspace, overlap_threshold=overlap_threshold, blank=blank, file_name=file_name
    )
    return ET.tostring(tree.getroot(), encoding="unicode") + "\n"


def write_drawio(
    workspace: Workspace,
    path: Path,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    blank: bool = False,
) -> list[Path]:
    """Write a `.drawio` file (atomically); `blank`: a blank board (see `drawio_tree`)."""
    text = drawio_xml(
        workspace, overlap_threshold=overlap_threshold, blank=blank, file_name=Path(path).name
    )
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return [Path(path)]


EXPORTER = Exporter(
    name="drawio",
    extension=".drawio",
    write=write_drawio,
    description="diagrams.net / draw.io file: a page per persona map, plus a comparison page",
)
