"""Whiteboards read the way people see them: each frame or page is a map grid laid out by geometry.

A map frame has stage headers across the top and lane labels down the left; every sticky (a
rectangle, note or free text with text in it) belongs to the cell its centre lies in. The grid
found on a frame becomes a sheet (stage row, optional step row, a row per lane, the stickies of a
cell joined line by line) and every sheet is read by the workbook reader itself
(`importers.workbook.read_sheets`), so lane names in every alias language, emotion words, faces
and scales, steps and custom lanes mean on a board exactly what they mean in a workbook. The
sources of what was read, and the problems found, are then pointed back at the board: file ›
frame › element (id, text, position).

Persona and journey come from the frame's name ("Ana Lima – Onboarding"), a `Persona:` or
`Journey:` label on the frame, or the title mapbridge wrote; the persona's kind from the badge
mapbridge wrote. An emotion cell holds a number, word or face; without one, a dot drawn in the
emotion band gives the score by its height. Shapes mapbridge drew only to frame the map carry a
role (`formats.board`) and are passed over; everything else a person typed is read, or named in
a warning.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapbridge import codes
from mapbridge.emotion import detect_scale, read_emotion
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.formats.board import (
    DECORATIVE_ROLES,
    EMOTION_BAND_PAD,
    ROLE_BADGE,
    ROLE_BAND,
    ROLE_COMPARISON,
    ROLE_SUBTITLE,
    ROLE_TITLE,
    Board,
    Frame,
    Shape,
)
from mapbridge.formats.kinds import Importer, Probe
from mapbridge.importers.headers import journey_field, lane_kind, title_label
from mapbridge.importers.options import ReadOptions
from mapbridge.importers.reader.core import _title_from_stem
from mapbridge.importers.sheets import SheetGrid, cell_ref
from mapbridge.model import (
    PERSONA_KIND_LABELS,
    Coverage,
    Journey,
    Reading,
    SourceRef,
    SourceTable,
    UnreadRange,
    Workspace,
    is_board_place,
    split_title,
)

#: Names a tool gives a frame or page that nobody renamed: they name neither persona nor journey.
_GENERIC_NAME = re.compile(r"^\s*(frame|page|board|untitled)[\s\-_]*\d*\s*$", re.I)
#: Words that make a frame's name a map's or journey's name rather than a persona's.
_NAMES_A_JOURNEY = re.compile(r"\b(journey|map|experience|blueprint|workshop)s?\b", re.I)
#: The name mapbridge gives a map without a persona.
_SHARED_NAMES = {"shared", "all personas (shared map)", "all personas"}
#: `Label: value` typed on one sticky or text ("Persona: Ana Lima").
_LABELLED = re.compile(r"^\s*([^:：\n]{2,30})\s*[:：]\s*(.+?)\s*$", re.S)
#: How far (in board units) shapes may stick out past an edge and still count as inside it.
_SLACK = 4.0
#: Share of a sticky's width (or height) that must lie in a second cell to call it straddling.
_STRADDLE_SHARE = 0.25
#: The label of the placeholder lane a map of stages alone is read with (see `_stages_only`):
#: a custom lane whose id no real lane has, so it shares no id with the lanes of other maps.
_NO_LANE = "No lane yet \u2063mapbridge\u2063"
#: The longest piece of a sticky's text quoted when naming it.
_QUOTE_CHARS = 40


@dataclass
class _Column:
    """One column of the grid: a stage, or one step of a stage, and its x-range."""

    stage: Shape
    step: Shape | None
    left: float
    right: float


@dataclass
class _Lane:
    label: Shape
    name: str
    top: float
    bottom: float
    is_emotion: bool = False


@dataclass
class _Grid:
    """The map grid found on a frame: its stage row, columns, lanes, and what lies above it."""

    stage_row: list[Shape]
    corner: Shape | None
    columns: list[_Column]
    lanes: list[_Lane]
    top: float  # the stage row's top: shapes above it are the frame's header
    has_steps: bool

    @functools.cached_property
    def column_edges(self) -> list[float]:
        """Each column's left edge, in order (for finding the columns a shape reaches)."""
        return [c.left for c in self.columns]

    @functools.cached_property
    def lane_edges(self) -> list[float]:
        """Each lane's top edge, in order."""
        return [lane.top for lane in self.lanes]


@dataclass
class _Place:
    """What a virtual sheet cell stands for on the board: an element, described for messages."""

    description: str


@dataclass
class _FrameMap:
    """A frame read as a map: its sheet, and where each of the sheet's cells is on the board."""

    frame: Frame
    grid: SheetGrid
    places: dict[str, str] = field(default_factory=dict)
    cells_read: int = 0
    stages: int = 0
    lanes: int = 0


def _shape_label(shape: Shape, what: str = "") -> str:
    """`sticky "Call the bank" (id 3f2a9c, at 410,220)`: how messages name an element."""
    text = " ".join(shape.text.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rstrip() + "…"
    kind = what or ("text" if shape.kind == "text" else "sticky")
    quoted = f' "{text}"' if text else ""
    ident = shape.id if len(shape.id) <= 12 else shape.id[:10] + "…"
    return f"{kind}{quoted} (id {ident}, at {round(shape.x)},{round(shape.y)})"


def _x_overlap(a: Shape, b: Shape) -> float:
    return min(a.right, b.right) - max(a.x, b.x)


def _y_overlap(a: Shape, b: Shape) -> float:
    return min(a.bottom, b.bottom) - max(a.y, b.y)


def _rows(shapes: list[Shape]) -> list[list[Shape]]:
    """Shapes grouped into horizontal rows (centres level with the row's first shape), top first."""
    rows: list[list[Shape]] = []
    for shape in sorted(shapes, key=lambda s: (s.y, s.x)):
        for row in rows:
            first = row[0]
            if abs(shape.cy - first.cy) <= max(min(shape.h, first.h) / 2, 8):
                row.append(shape)
                break
        else:
            rows.append([shape])
    for row in rows:
        row.sort(key=lambda s: s.x)
    rows.sort(key=lambda r: min(s.y for s in r))
    return rows


def _is_row(shapes: list[Shape]) -> bool:
    """Side by side: no two overlap by more than a quarter of the narrower one's width."""
    for a, b in zip(shapes, shapes[1:], strict=False):
        if _x_overlap(a, b) > min(a.w, b.w) * 0.25:
            return False
    return True


def _is_column(labels: list[Shape]) -> bool:
    """One above another, and all sharing some horizontal room."""
    ordered = sorted(labels, key=lambda s: s.y)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if _y_overlap(a, b) > min(a.h, b.h) * 0.25:
            return False
    left = max(s.x for s in labels)
    right = min(s.right for s in labels)
    return right - left > -_SLACK or len(labels) == 1


def _find_grid(shapes: list[Shape], *, is_map: bool = False) -> _Grid | None:
    """The topmost row of headers with a column of labels down its left, and the grid they span.

    `is_map`: the frame says it is a map (mapbridge's title on it, or a "Persona – Journey"
    name), so a single row of headers alone is its stages; elsewhere such a row is just text.
    """
    if is_map:
        bare = _stages_only(shapes)
        if bare is not None:
            return bare
    for row in _rows(shapes):
        for corner_count in (0, 1):
            headers = row[corner_count:]
            if not headers or not _is_row(headers):
                continue
            boundary = headers[0].x
            corner = row[0] if corner_count else None
            if corner is not None and corner.cx >= boundary:
                continue
            row_top = min(s.y for s in row)
            row_bottom = max(s.bottom for s in row)
            labels = [
                s
                for s in shapes
                if s not in row
                and s.cy > row_bottom
                and s.cx < boundary
                and s.right <= boundary + _SLACK
            ]
            if not labels or not _is_column(labels):
                continue
            if corner is not None and _x_overlap(corner, min(labels, key=lambda s: s.y)) <= 0:
                continue
            return _grid_from(shapes, row, corner, headers, labels, row_top, row_bottom)
    return None


def _stages_only(shapes: list[Shape]) -> _Grid | None:
    """A frame holding nothing but a row of stage headers (and perhaps a row of step headers
    under them): a map whose cells are all still empty. Anything else is no such map."""
    rows = _rows(shapes)
    if not 1 <= len(rows) <= 2 or not _is_row(rows[0]):
        return None
    headers = rows[0]
    steps = rows[1] if len(rows) == 2 else []
    if steps and not (
        _is_row(steps)
        and min(s.y for s in steps) >= max(h.bottom for h in headers) - _SLACK
        and all(any(h.x - _SLACK <= s.cx <= h.right + _SLACK for h in headers) for s in steps)
    ):
        return None
    if len(headers) < 2 and not steps:
        return None
    return _Grid(
        stage_row=headers,
        corner=None,
        columns=_columns(headers, steps),
        lanes=[],
        top=min(s.y for s in headers),
        has_steps=bool(steps),
    )


def _grid_from(
    shapes: list[Shape],
    row: list[Shape],
    corner: Shape | None,
    headers: list[Shape],
    labels: list[Shape],
    row_top: float,
    row_bottom: float,
) -> _Grid:
    labels = sorted(labels, key=lambda s: s.y)
    first_label = labels[0]
    # A row of headers between the stages and the first lane label: the stages' steps.
    steps = [
        s
        for s in shapes
        if s not in row
        and s not in labels
        and s.y >= row_bottom - _SLACK
        and s.bottom <= first_label.y + _SLACK
        and s.cx >= headers[0].x
    ]
    step_label = next(
        (s for s in labels if journey_field(s.text) == "step" and s.cy < first_label.bottom + 1),
        None,
    )
    if step_label is not None:
        # A `Step` label down the left names the step row itself; it is no lane.
        labels = [s for s in labels if s is not step_label]
        steps = [
            s
            for s in shapes
            if s not in row
            and s not in labels
            and s is not step_label
            and abs(s.cy - step_label.cy) <= max(step_label.h, s.h) / 2
            and s.cx >= headers[0].x
        ]
    if steps and not _is_row(sorted(steps, key=lambda s: s.x)):
        steps = []
    columns = _columns(headers, sorted(steps, key=lambda s: s.x))
    lane_top = max([row_bottom] + [s.bottom for s in steps])
    lanes: list[_Lane] = []
    for i, label in enumerate(labels):
        top = lane_top if i == 0 else label.y
        if i + 1 < len(labels):
            bottom = labels[i + 1].y
        elif label.kind in ("text",):
            bottom = float("inf")  # a free-text label: the lane runs to the frame's foot
        else:
            bottom = label.bottom
        name = _lane_name(label.text)
        kind, _variant = lane_kind(name)
        lanes.append(_Lane(label, name, top, bottom, is_emotion=kind == "emotion"))
    return _Grid(
        stage_row=headers,
        corner=corner,
        columns=columns,
        lanes=lanes,
        top=row_top,
        has_steps=bool(steps),
    )


def _columns(headers: list[Shape], steps: list[Shape]) -> list[_Column]:
    """A column per stage, or per step of a stage that has steps; edges halfway across the gaps."""
    edges = [headers[0].x]
    for a, b in zip(headers, headers[1:], strict=False):
        edges.append((a.right + b.x) / 2 if b.x >= a.right else (a.cx + b.cx) / 2)
    widths = [h.w for h in headers]
    spare = statistics.median(widths) * 0.5 if widths else 0
    edges.append(headers[-1].right + min(spare, 40.0))
    columns: list[_Column] = []
    for i, stage in enumerate(headers):
        left, right = edges[i], edges[i + 1]
        own = [s for s in steps if left <= s.cx < right]
        if not own:
            columns.append(_Column(stage, None, left, right))
            continue
        step_edges = [left]
        for a, b in zip(own, own[1:], strict=False):
            step_edges.append((a.right + b.x) / 2 if b.x >= a.right else (a.cx + b.cx) / 2)
        step_edges.append(right)
        for j, step in enumerate(own):
            columns.append(_Column(stage, step, step_edges[j], step_edges[j + 1]))
    return columns


def _lane_name(text: str) -> str:
    """A lane label's name: its first line when that is a lane mapbridge knows (the rest is a
    scale or a note: "Emotion / +2 delighted / −2 frustrated"), else the whole label on one line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and lane_kind(lines[0])[0] != "custom":
        return lines[0]
    return " ".join(lines)


def _labelled(text: str) -> tuple[str, str] | None:
    """("persona", "Ana Lima") for a `Persona: Ana Lima` text; None for other text."""
    match = _LABELLED.match(text)
    if not match or "\n" in match.group(2):
        return None
    field_name = title_label(match.group(1))
    return (field_name, match.group(2).strip()) if field_name else None


def _pools(shapes: list[Shape]) -> set[int]:
    """Swimlanes that hold other swimlanes (a draw.io pool): containers, not lanes or stages."""
    lanes = [s for s in shapes if s.kind == "swimlane"]
    pools: set[int] = set()
    for outer in lanes:
        box = outer.container
        for inner in lanes:
            if inner is outer:
                continue
            inside = box is not None and (
                box[0] - _SLACK <= inner.cx <= box[0] + box[2] + _SLACK
                and box[1] - _SLACK <= inner.cy <= box[1] + box[3] + _SLACK
            )
            if inner.parent == outer.id or (inside and inner.container != box):
                pools.add(id(outer))
                break
    return pools


def _role_in_subtitle(text: str) -> str:
    """The persona's role in the subtitle mapbridge wrote ("Small business owner · Open an
    account: journey map"); "" when the subtitle names the journey only."""
    parts = [part.strip() for part in " ".join(text.split()).split(" · ")]
    return parts[0] if len(parts) >= 2 else ""


def _kind_from_badge(text: str) -> str | None:
    folded = " ".join(text.casefold().split())
    for kind, label in PERSONA_KIND_LABELS.items():
        for shown in (label.caution, label.badge, label.tag):
            if shown and folded == shown.casefold():
                return kind
    return None


@dataclass
class _Who:
    """Whose map a frame is, and which journey, with the shapes that said so."""

    persona: str = ""
    persona_shape: Shape | None = None
    kind: str | None = None
    role: str = ""
    journey: str = ""
    journey_shape: Shape | None = None


class BoardReader:
    """Reads one Board into a Workspace (through the workbook reader, then back to board places)."""

    def __init__(self, board: Board, report: Report, options: ReadOptions | None) -> None:
        self.board = board
        self.report = report
        self.options = options or ReadOptions()
        self.title = _title_from_stem(Path(board.file).stem)
        self.maps: list[_FrameMap] = []
        #: Folded name -> (name, kind, role, sheet, place of the name on the board).
        self.personas: dict[str, tuple[str, str | None, str, str, str]] = {}
        self.outside: list[UnreadRange] = []

    # ------------------------------------------------------------------ reading

    def read(self) -> Workspace:
        content: list[tuple[Frame, list[Shape], _Who]] = []
        comparisons: list[tuple[Frame, _Who]] = []
        for frame in self.board.frames:
            shapes = [s for s in frame.shapes if s.text.strip() and s.role not in DECORATIVE_ROLES]
            who, shapes = self._who(frame, shapes)
            if self._is_comparison(frame):
                comparisons.append((frame, who))
                continue
            if shapes:
                content.append((frame, shapes, who))
        unread_frames: list[tuple[Frame, list[Shape]]] = []
        for frame, shapes, who in content:
            is_map = any(s.role == ROLE_TITLE for s in frame.shapes) or bool(
                split_title(frame.name)[1]
            )
            grid = _find_grid(shapes, is_map=is_map)
            if grid is None:
                unread_frames.append((frame, shapes))
                continue
            self.maps.append(self._frame_map(frame, shapes, grid, who))
        for frame, shapes in unread_frames:
            self._no_grid(frame, shapes, fatal=not self.maps)
        for frame, _who in comparisons:
            if not self.maps:
                self.report.add(
                    codes.BOARD_NO_STAGE_ROW,
                    f"{self._frame_words(frame)} compares personas, and the board has no map of "
                    "its own to read",
                    "keep a frame per persona map (as `mapbridge export --to "
                    f"{'excalidraw' if self.board.tool == 'Excalidraw' else 'drawio'}` writes "
                    "them): the comparison is drawn from them",
                    **self._where(frame),
                )
        if not self.maps and not unread_frames and not comparisons:
            self.report.add(
                codes.BOARD_NO_STAGE_ROW,
                f"the {self.board.tool} board has no text on it, so there is no map to read",
                "start from `mapbridge init board"
                + Path(self.board.file).suffix
                + "`, or put stage headers across the top and lane labels down the left",
                file=self.board.file,
            )
        if self.report.has_errors:
            raise InvalidWorkbook(self.report)
        return self._workspace()

    def _is_comparison(self, frame: Frame) -> bool:
        if frame.role == ROLE_COMPARISON or any(s.role == ROLE_COMPARISON for s in frame.shapes):
            return True
        return split_title(frame.name)[0].casefold() == "all personas" and (
            "(shared map)" not in frame.name.casefold()
        )

    def _who(self, frame: Frame, shapes: list[Shape]) -> tuple[_Who, list[Shape]]:
        """Persona, kind and journey of a frame; the labels that said so leave the content."""
        who = _Who()
        left, right = split_title(frame.name)
        generic = (
            not frame.name.strip()
            or _GENERIC_NAME.match(frame.name) is not None
            or frame.name.strip() == Path(self.board.file).stem
        )
        if not generic:
            if right:
                who.persona, who.journey = left, right
            elif _NAMES_A_JOURNEY.search(left):
                who.journey = left  # "Onboarding journey", "Claims map": a map, not a person
            else:
                who.persona = left
        if who.persona.casefold() in _SHARED_NAMES:
            who.persona = ""
        for shape in frame.shapes:
            if shape.role == ROLE_TITLE and shape.text.strip():
                name, *subtitle = shape.text.strip().splitlines()
                who.persona = "" if name.strip().casefold() in _SHARED_NAMES else name.strip()
                who.persona_shape = shape
                if shape.mark.get("kind") in PERSONA_KIND_LABELS:
                    who.kind = shape.mark["kind"]
                if subtitle:  # draw.io writes the subtitle in the title's cell
                    who.role = _role_in_subtitle(" ".join(subtitle)) or who.role
            elif shape.role == ROLE_SUBTITLE:
                who.role = _role_in_subtitle(shape.text) or who.role
            elif shape.role == ROLE_BADGE:
                who.kind = _kind_from_badge(shape.text) or who.kind
        kept: list[Shape] = []
        pools = _pools(frame.shapes)
        for shape in shapes:
            labelled = _labelled(shape.text)
            if id(shape) in pools and not labelled:
                # A pool's title names the whole map (its lanes are the swimlanes inside it):
                # the journey, unless the frame's name already does.
                if not who.journey:
                    who.journey, who.journey_shape = " ".join(shape.text.split()), shape
                continue
            if labelled and labelled[0] == "persona":
                who.persona, who.persona_shape = labelled[1], shape
            elif labelled and labelled[0] == "journey":
                who.journey, who.journey_shape = labelled[1], shape
            else:
                kept.append(shape)
        if not who.journey:
            who.journey = self.title
        return who, kept

    def _frame_words(self, frame: Frame) -> str:
        name = frame.name.strip() or f"{self.board.frame_word} {frame.number}"
        return f"{self.board.frame_word} {name!r}"

    def _where(self, frame: Frame, shape: Shape | None = None, what: str = "") -> dict[str, Any]:
        return {
            "file": self.board.file,
            "sheet": self._sheet_name(frame),
            "cell": _shape_label(shape, what) if shape else f"whole {self.board.frame_word}",
        }

    def _sheet_name(self, frame: Frame) -> str:
        return frame.name.strip() or f"{self.board.frame_word.capitalize()} {frame.number}"

    def _no_grid(self, frame: Frame, shapes: list[Shape], *, fatal: bool) -> None:
        texts = ", ".join(f'"{" ".join(s.text.split())[:30]}"' for s in shapes[:3])
        more = f" and {len(shapes) - 3} more" if len(shapes) > 3 else ""
        self.report.add(
            codes.BOARD_NO_STAGE_ROW,
            f"{self._frame_words(frame)} has no map grid: no row of stage headers with lane "
            f"labels down its left, so its {len(shapes)} text"
            f"{'s' if len(shapes) != 1 else ''} ({texts}{more}) "
            + ("cannot be read" if fatal else "were not read"),
            "put the stage names in a row across the top and the lane names (Actions, Emotion, "
            "Pain points…) in a column down the left, each sticky in the cell where its stage "
            "and lane meet; `mapbridge init board"
            + Path(self.board.file).suffix
            + "` draws such a grid",
            severity="error" if fatal else "warning",
            **self._where(frame),
        )
        for shape in shapes:
            self.outside.append(
                UnreadRange(
                    sheet=self._sheet_name(frame),
                    range=_shape_label(shape),
                    cells=1,
                    reason="on a frame with no map grid",
                )
            )

    # ------------------------------------------------------------------ one frame

    def _frame_map(self, frame: Frame, shapes: list[Shape], grid: _Grid, who: _Who) -> _FrameMap:
        """The frame as a sheet: title labels, stage (and step) row, a row per lane."""
        # Every shape that is not a header or label goes to the cell its centre lies in.
        structure = {id(s) for s in grid.stage_row} | {id(c.step) for c in grid.columns if c.step}
        structure |= {id(lane.label) for lane in grid.lanes}
        if grid.corner is not None:
            structure.add(id(grid.corner))
            if journey_field(grid.corner.text) != "stage":
                self._header_text(frame, grid.corner)
        cells: dict[tuple[int, int], list[Shape]] = {}
        for shape in shapes:
            if id(shape) in structure:
                continue
            if shape.bottom <= grid.top + _SLACK or shape.cy < grid.top:
                self._header_text(frame, shape)
                continue
            placed = self._place(frame, shape, grid)
            if placed is not None:
                cells.setdefault(placed, []).append(shape)
        dots, dot_scale = self._dots(frame, grid, cells)

        sheet = self._unique_sheet(self._sheet_name(frame))
        places: dict[str, str] = {}
        rows: list[list[Any]] = []

        def add_row(cells_of_row: list[Any]) -> int:
            rows.append(cells_of_row)
            return len(rows) - 1

        if who.persona:
            row = add_row(["Persona:", who.persona])
            if who.persona_shape is None:
                place = f"{self.board.frame_word} name"
            else:
                what = "title" if who.persona_shape.role == ROLE_TITLE else "label"
                place = _shape_label(who.persona_shape, what)
            places[cell_ref(row, 1)] = place
            folded = " ".join(who.persona.casefold().split())
            self.personas.setdefault(folded, (who.persona, who.kind, who.role, sheet, place))
        row = add_row(["Journey:", who.journey])
        places[cell_ref(row, 1)] = (
            _shape_label(who.journey_shape, "label")
            if who.journey_shape
            else f"{self.board.frame_word} name"
        )
        marked = self._marked_scale(frame, grid, cells)
        if marked and not dot_scale:
            row = add_row(["Emotion scale:", marked])
            places[cell_ref(row, 1)] = "the emotion band"
        if dot_scale:
            # Only dots in the band: their numbers are on -2..2, which the sheet says outright
            # (0.5, 1 and 2 alone would read as 0..10).
            row = add_row(["Emotion scale:", dot_scale])
            places[cell_ref(row, 1)] = "dots in the emotion band"
        add_row([])

        stage_row = add_row(["Stage"])
        merged: list[tuple[int, int, int, int]] = []
        previous: Shape | None = None
        start = 1
        for col, column in enumerate(grid.columns, start=1):
            if column.stage is not previous:
                rows[stage_row].append(column.stage.text.strip())
                places[cell_ref(stage_row, col)] = _shape_label(column.stage, "stage header")
                start, previous = col, column.stage
            else:
                rows[stage_row].append(None)
                merged = [m for m in merged if m[1] != start]
                merged.append((stage_row, start, stage_row, col))
        if grid.has_steps:
            step_row = add_row(["Step"])
            for col, column in enumerate(grid.columns, start=1):
                rows[step_row].append(column.step.text.strip() if column.step else None)
                if column.step:
                    places[cell_ref(step_row, col)] = _shape_label(column.step, "step header")

        if not grid.lanes:
            # The workbook reader knows a grid by its lane labels: a placeholder lane, removed
            # again once read, lets a map of stages alone through.
            add_row([_NO_LANE])
        for lane_index, lane in enumerate(grid.lanes):
            row = add_row([lane.name])
            places[cell_ref(row, 0)] = _shape_label(lane.label, "lane label")
            for col in range(1, len(grid.columns) + 1):
                stickies = sorted(cells.get((lane_index, col), []), key=lambda s: (s.y, s.x))
                if stickies:
                    rows[row].append("\n".join(s.text.strip() for s in stickies))
                    label = _shape_label(stickies[0])
                    if len(stickies) > 1:
                        label += f" and {len(stickies) - 1} more"
                    places[cell_ref(row, col)] = label
                elif (lane_index, col) in dots:
                    value, dot = dots[(lane_index, col)]
                    rows[row].append(value)
                    places[cell_ref(row, col)] = _shape_label(dot, "dot")
                else:
                    rows[row].append(None)
        width = max(len(r) for r in rows)
        grid_sheet = SheetGrid(name=sheet, rows=[r + [None] * (width - len(r)) for r in rows])
        grid_sheet.merged = merged
        return _FrameMap(
            frame=frame,
            grid=grid_sheet,
            places=places,
            cells_read=sum(len(v) for v in cells.values()) + len(dots),
            stages=len(grid.stage_row),
            lanes=len(grid.lanes),
        )

    def _unique_sheet(self, name: str) -> str:
        """A sheet name no reading rule reacts to (a frame called "Notes" or "Instructions" must
        not be skipped as such); messages and sources get the frame's own name back."""
        del name
        return f"Board {len(self.maps) + 1}"

    def _header_text(self, frame: Frame, shape: Shape) -> None:
        """Text above the stage row (a title, a date): named in a note, since it is not a cell."""
        self.report.add(
            codes.STICKY_OUTSIDE_GRID,
            f"{_shape_label(shape)} is above the stage row, so it is not part of the map",
            "to keep it in the map, move it into the cell of its stage and lane; a "
            "`Persona: name` or `Journey: name` text there names the map",
            severity="info",
            **self._where(frame, shape),
        )

    def _place(self, frame: Frame, shape: Shape, grid: _Grid) -> tuple[int, int] | None:
        """(lane index, 1-based column) of the cell a shape belongs to, warning when it straddles."""
        lane_at = _index_at(shape.cy, [(lane.top, lane.bottom) for lane in grid.lanes])
        col_at = _index_at(shape.cx, [(c.left, c.right) for c in grid.columns])
        if lane_at is None or col_at is None:
            # Its centre is in no cell: the cell it overlaps most, if any, else not read.
            best = self._most_overlap(shape, grid)
            if best is None:
                side = (
                    "left of the first stage"
                    if shape.cx < grid.columns[0].left
                    else "right of the last stage"
                    if shape.cx >= grid.columns[-1].right
                    else "below the last lane"
                )
                self.report.add(
                    codes.STICKY_OUTSIDE_GRID,
                    f"{_shape_label(shape)} lies {side}, in no cell of the map, so it is not read",
                    "move it into the cell where its stage and lane meet, or add a stage "
                    "header or lane label for it",
                    **self._where(frame, shape),
                )
                self.outside.append(
                    UnreadRange(
                        sheet=self._sheet_name(frame),
                        range=_shape_label(shape),
                        cells=1,
                        reason=f"{side}, in no cell",
                    )
                )
                return None
            lane_at, col_at = best
            self._straddles(frame, shape, grid, lane_at, col_at, centre_outside=True)
            return lane_at, col_at + 1
        self._straddles(frame, shape, grid, lane_at, col_at, centre_outside=False)
        return lane_at, col_at + 1

    def _most_overlap(self, shape: Shape, grid: _Grid) -> tuple[int, int] | None:
        best, best_area = None, 0.0
        for li, lane in enumerate(grid.lanes):
            height = min(shape.bottom, lane.bottom) - max(shape.y, lane.top)
            if height <= 0:
                continue
            for ci, column in enumerate(grid.columns):
                width = min(shape.right, column.right) - max(shape.x, column.left)
                if width > 0 and width * height > best_area:
                    best, best_area = (li, ci), width * height
        return best

    def _straddles(
        self,
        frame: Frame,
        shape: Shape,
        grid: _Grid,
        lane_at: int,
        col_at: int,
        *,
        centre_outside: bool,
    ) -> None:
        column = grid.columns[col_at]
        lane = grid.lanes[lane_at]
        # Only the neighbours the shape reaches can share it (columns and lanes are in order).
        across = [
            _column_name(grid.columns[i])
            for i in _shared_with(
                [(c.left, c.right) for c in grid.columns],
                grid.column_edges,
                shape.x,
                shape.w,
                col_at,
            )
        ]
        across += [
            f"lane {grid.lanes[i].name!r}"
            for i in _shared_with(
                [(lane.top, lane.bottom) for lane in grid.lanes],
                grid.lane_edges,
                shape.y,
                shape.h,
                lane_at,
            )
        ]
        if not across and not centre_outside:
            return
        where = f"{_column_name(column)} × lane {lane.name!r}"
        also = f" and across {', '.join(across)}" if across else ""
        self.report.add(
            codes.STICKY_STRADDLES,
            f"{_shape_label(shape)} lies in {where}{also}; it was read into {where}",
            "move it fully inside one cell so it is read where you mean it",
            **self._where(frame, shape),
        )

    def _dots(
        self, frame: Frame, grid: _Grid, cells: dict[tuple[int, int], list[Shape]]
    ) -> tuple[dict[tuple[int, int], tuple[str, Shape]], str]:
        """Emotion values of dots drawn in an emotion band, for columns with no value typed,
        and the scale to declare for them ("" when typed numbers already set it)."""
        found: dict[tuple[int, int], tuple[str, Shape]] = {}
        declare = ""
        for lane_index, lane in enumerate(grid.lanes):
            if not lane.is_emotion:
                continue
            band = self._band(frame, grid, lane)
            if band is None:
                continue
            top, bottom = band
            typed = [
                s.text
                for col in range(1, len(grid.columns) + 1)
                for s in cells.get((lane_index, col), [])
            ]
            numbers = []
            for text in typed:
                reading = read_emotion(text)
                if reading is not None and reading.number is not None:
                    numbers.append(float(reading.number))
            scale = detect_scale(numbers) if numbers else None
            low, high = _scale_bounds(scale)
            pad = (bottom - top) * EMOTION_BAND_PAD
            for shape in frame.shapes:
                if shape.text.strip() or shape.kind != "ellipse" or shape.role is not None:
                    continue
                if not top <= shape.cy <= bottom or max(shape.w, shape.h) > (bottom - top) / 2:
                    continue
                col_at = _index_at(shape.cx, [(c.left, c.right) for c in grid.columns])
                if col_at is None or cells.get((lane_index, col_at + 1)):
                    continue
                span = max(bottom - top - 2 * pad, 1.0)
                score = max(-1.0, min(1.0, 1.0 - 2.0 * (shape.cy - top - pad) / span))
                value = low + (score + 1.0) / 2.0 * (high - low)
                found[(lane_index, col_at + 1)] = (f"{round(value * 2) / 2:g}", shape)
                if not numbers:
                    declare = "-2..2"
        return found, declare

    def _marked_scale(
        self, frame: Frame, grid: _Grid, cells: dict[tuple[int, int], list[Shape]]
    ) -> str:
        """The scale mapbridge wrote on the emotion band, when every number typed still fits it
        (a lone "1" is then +0.5 on -2..2, as exported, not -1 on 1..5); else "" (detected)."""
        scale = next(
            (s.mark["scale"] for s in frame.shapes if s.role == ROLE_BAND and s.mark.get("scale")),
            "",
        )
        low, high = _scale_bounds(scale) if ".." in scale else (0.0, 0.0)
        if not scale or low == high:
            return ""
        for lane_index, lane in enumerate(grid.lanes):
            if not lane.is_emotion:
                continue
            for col in range(1, len(grid.columns) + 1):
                for shape in cells.get((lane_index, col), []):
                    reading = read_emotion(shape.text)
                    number = reading.number if reading is not None else None
                    if number is not None and not low <= number <= high:
                        return ""
        return scale

    def _band(self, frame: Frame, grid: _Grid, lane: _Lane) -> tuple[float, float] | None:
        """The emotion band's top and bottom: the wide empty box drawn for it, else the lane's rows."""
        grid_width = grid.columns[-1].right - grid.columns[0].left
        boxes = [
            s
            for s in frame.shapes
            if not s.text.strip()
            and s.kind in ("rectangle", "other", "note")
            and lane.top - _SLACK <= s.cy <= lane.bottom
            and s.w >= grid_width * 0.5
        ]
        if boxes:
            box = max(boxes, key=lambda s: s.w * s.h)
            return box.y, box.bottom
        if lane.bottom != float("inf"):
            return lane.top, lane.bottom
        return lane.label.y, lane.label.bottom if lane.label.h > 60 else None

    # ------------------------------------------------------------------ the workspace

    def _workspace(self) -> Workspace:
        sheets: list[SheetGrid] = []
        persona_places: dict[str, str] = {}
        if self.personas:
            rows: list[list[Any]] = [["Name", "Kind", "Role"]]
            for name, kind, role, sheet, place in self.personas.values():
                rows.append([name, kind or None, role or None])
                for col in range(3):
                    persona_places[cell_ref(len(rows) - 1, col)] = f"{sheet}\x00{place}"
            sheets.append(SheetGrid(name="Personas", rows=rows))
        sheets += [m.grid for m in self.maps]
        path = Path(self.board.file)
        try:
            workspace = _read_sheets(path, sheets, self.report, self.options)
        except InvalidWorkbook:
            self._relocate_problems(persona_places)
            raise
        self._relocate_problems(persona_places)
        self._relocate_workspace(workspace, persona_places)
        workspace.title = self.title
        workspace.source_file = self.board.file
        workspace.reading = Reading(
            tables=[
                SourceTable(
                    sheet=self._sheet_name(m.frame),
                    range=f"{m.stages} stage{'s' if m.stages != 1 else ''} × {m.lanes} "
                    f"lane{'s' if m.lanes != 1 else ''}",
                    role="grid",
                    reason=f"a map grid found by position on the {self.board.tool} "
                    f"{self.board.frame_word}",
                )
                for m in self.maps
            ],
            coverage=Coverage(
                filled_cells=sum(m.cells_read for m in self.maps) + len(self.outside),
                read_cells=sum(m.cells_read for m in self.maps),
                unread=self.outside,
            ),
        )
        return workspace

    def _place_of(self, sheet: str, cell: str, persona_places: dict[str, str]) -> SourceRef | None:
        if sheet == "Personas" and cell in persona_places:
            frame_sheet, place = persona_places[cell].split("\x00", 1)
            return SourceRef(sheet=self._frame_name_of(frame_sheet), cell=place)
        for frame_map in self.maps:
            if frame_map.grid.name == sheet:
                place = frame_map.places.get(cell)
                if place is None:
                    return SourceRef(sheet=self._sheet_name(frame_map.frame), cell="empty cell")
                return SourceRef(sheet=self._sheet_name(frame_map.frame), cell=place)
        return None

    def _frame_name_of(self, sheet: str) -> str:
        for frame_map in self.maps:
            if frame_map.grid.name == sheet:
                return self._sheet_name(frame_map.frame)
        return sheet

    def _relocate_problems(self, persona_places: dict[str, str]) -> None:
        for problem in self.report.problems:
            # Only the workbook reader's problems point at the frames' sheets (A1 cells); the
            # board's own already name their element.
            if problem.sheet is None or is_board_place(problem.cell):
                continue
            frame_map = next((m for m in self.maps if m.grid.name == problem.sheet), None)
            if frame_map is not None:
                # "sheet 'Board 2' repeats the map…": the frame's name, as the person sees it.
                frame_words = self._frame_words(frame_map.frame)
                problem.message = problem.message.replace(f"sheet {problem.sheet!r}", frame_words)
                problem.message = problem.message.replace(f"'{problem.sheet}'", frame_words)
            if problem.cell is None:
                if frame_map is not None:
                    problem.sheet = self._sheet_name(frame_map.frame)
                    problem.cell = f"whole {self.board.frame_word}"
                continue
            ref = self._place_of(problem.sheet, problem.cell, persona_places)
            if ref is not None:
                problem.sheet, problem.cell = ref.sheet, ref.cell

    def _relocate_workspace(self, workspace: Workspace, persona_places: dict[str, str]) -> None:
        def moved(ref: SourceRef | None) -> SourceRef | None:
            if ref is None:
                return None
            return self._place_of(ref.sheet, ref.cell, persona_places) or ref

        for persona in workspace.personas:
            persona.sources = {
                k: v for k, v in ((k, moved(v)) for k, v in persona.sources.items()) if v
            }
        for journey in workspace.journeys:
            _relocate_journey(journey, moved)
        for connection in workspace.connections:
            connection.source = moved(connection.source)
        for trigger in workspace.triggers:
            trigger.source = moved(trigger.source)


def _relocate_journey(journey: Journey, moved: Any) -> None:
    journey.lanes = [lane for lane in journey.lanes if lane.name != _NO_LANE]
    journey.sources = {k: v for k, v in ((k, moved(v)) for k, v in journey.sources.items()) if v}
    for stage in journey.stages:
        stage.source = moved(stage.source)
        for step in stage.steps:
            step.source = moved(step.source)
    for lane in journey.lanes:
        lane.source = moved(lane.source)
    for entry in journey.entries:
        entry.source = moved(entry.source)


def _column_name(column: _Column) -> str:
    stage = " ".join(column.stage.text.split())
    if column.step is not None:
        return f"stage {stage!r} (step {' '.join(column.step.text.split())!r})"
    return f"stage {stage!r}"


def _shared_with(
    spans: list[tuple[float, float]], edges: list[float], start: float, size: float, own: int
) -> list[int]:
    """The spans other than `own` that hold enough of start..start+size to call it straddling."""
    first, last = _reach(edges, start, start + size)
    return [
        i
        for i in range(first, last + 1)
        if i != own
        and min(start + size, spans[i][1]) - max(start, spans[i][0])
        > max(size * _STRADDLE_SHARE, _SLACK)
    ]


def _reach(edges: list[float], low: float, high: float) -> tuple[int, int]:
    """The first and last index whose span (from its edge to the next) meets low..high."""
    first = max(0, bisect.bisect_right(edges, low) - 1)
    last = max(first, bisect.bisect_left(edges, high) - 1)
    return first, min(last, len(edges) - 1)


def _index_at(value: float, ranges: Iterable[tuple[float, float]]) -> int | None:
    for i, (low, high) in enumerate(ranges):
        if low <= value < high:
            return i
    return None


def _scale_bounds(scale: str | None) -> tuple[float, float]:
    """The numbers at the bottom and top of a numeric emotion scale (-2..2 when none was typed)."""
    if scale and ".." in scale:
        low, high = scale.split("..")
        try:
            return float(low), float(high)
        except ValueError:
            pass
    return -2.0, 2.0


def _read_sheets(
    path: Path, sheets: list[SheetGrid], report: Report, options: ReadOptions
) -> Workspace:
    from mapbridge.importers.workbook import read_sheets

    return read_sheets(path, sheets, report=report, options=options)


def read_board(
    board: Board, *, report: Report | None = None, options: ReadOptions | None = None
) -> Workspace:
    """Read a whiteboard (already parsed into a Board) into a Workspace.

    Raises InvalidWorkbook (carrying the report) when no map can be read or the maps have errors.
    """
    report = report if report is not None else Report(file=board.file)
    if report.file is None:
        report.file = board.file
    return BoardReader(board, report, options).read()


# ---------------------------------------------------------------- the importers


@dataclass(frozen=True)
class _BoardFile:
    """A board file format: the module that parses it (imported only when a board is read) and
    the names of its parser and its content sniffer there."""

    module: str
    load: str
    sniff: str

    def _parser(self, name: str) -> Any:
        return getattr(importlib.import_module(f"mapbridge.importers.{self.module}"), name)

    def read(self, path: Path, report: Report | None) -> Workspace:
        return self.read_opened(None, path=path, report=report)

    def read_opened(
        self,
        probe: Probe | None,
        *,
        path: Path | None = None,
        report: Report | None = None,
        options: ReadOptions | None = None,
        max_unpacked_bytes: int | None = None,
    ) -> Workspace:
        """The board parsed (through the registry's open probe, when there is one), then read."""
        where = Path(path) if path is not None else probe.path  # type: ignore[union-attr]
        board = self._parser(self.load)(where, source=probe)
        return read_board(board, report=report, options=options)

    def claims(self, probe: Probe) -> bool:
        return bool(self._parser(self.sniff)(probe))


_EXCALIDRAW = _BoardFile("excalidraw_board", "load_excalidraw", "is_excalidraw")
_DRAWIO = _BoardFile("drawio_board", "load_drawio", "is_drawio")


#: Excalidraw scenes (entry point `excalidraw`): a frame per map, read by geometry.
EXCALIDRAW_IMPORTER = Importer(
    name="excalidraw",
    extensions=(".excalidraw",),
    read=_EXCALIDRAW.read,
    description="Excalidraw board: each frame a map (stage headers, lane labels, stickies)",
    claims=_EXCALIDRAW.claims,
    what="an Excalidraw scene",
    read_opened=_EXCALIDRAW.read_opened,
)

#: draw.io / diagrams.net files (entry point `drawio`): a page per map, read by geometry.
DRAWIO_IMPORTER = Importer(
    name="drawio",
    extensions=(".drawio", ".dio"),
    read=_DRAWIO.read,
    description="draw.io board: each page a map (stage headers, lane labels, stickies)",
    claims=_DRAWIO.claims,
    what="a draw.io diagram",
    read_opened=_DRAWIO.read_opened,
)
