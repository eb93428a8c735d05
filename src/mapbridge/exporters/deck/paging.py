"""Paging a map over slides: stage columns balanced, lanes continued on further slides before any text is shortened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from mapbridge.exporters.deck import style
from mapbridge.exporters.deck.context import DeckContext
from mapbridge.exporters.deck.grid import Column, EntryIndex, column_x
from mapbridge.exporters.deck.lanes import (
    CURVE_BAND_COMPACT,
    STAGE_ROW,
    STEP_ROW,
    TEXT_INSET,
    Row,
    row_needs,
)
from mapbridge.model import Lane

#: Smallest cell text a map is planned at while another slide could still show it whole.
READABLE_SIZE = 9.0
#: Fewest stage columns a slide is narrowed to when a single lane's cells are too long for a
#: whole slide (below this the journey no longer reads as a sequence of stages).
MIN_DENSE_COLUMNS = 4

T = TypeVar("T")


def split_evenly(items: Sequence[T], per_page: int) -> list[list[T]]:
    """Items over as few slides of at most `per_page` as possible, as even as possible (10 by 8: 5 + 5)."""
    if not items:
        return []
    count = -(-len(items) // max(1, per_page))
    sizes = [len(items) // count + (1 if i < len(items) % count else 0) for i in range(count)]
    starts = [sum(sizes[:i]) for i in range(count + 1)]
    return [list(items[starts[i] : starts[i + 1]]) for i in range(count)]


def page_columns(columns: list[Column], per_page: int = style.MAX_COLUMNS) -> list[list[Column]]:
    """Columns split into slides of at most `per_page`: a stage's steps kept together when they fit
    on one slide, then as few slides as possible, as even as possible (10 stages by 8: 5 + 5;
    17: 6 + 6 + 5), larger slides first."""
    n = len(columns)
    if not n:
        return []
    per_page = max(1, per_page)
    # Size of the stage each column belongs to (its run of steps).
    stage_size = [0] * n
    start = 0
    for i in range(1, n + 1):
        if i == n or columns[i].stage.id != columns[start].stage.id:
            stage_size[start:i] = [i - start] * (i - start)
            start = i
    # A cut before column j breaks a stage that would fit whole on one slide.
    breaks = [
        0 < j < n and columns[j - 1].stage.id == columns[j].stage.id and stage_size[j] <= per_page
        for j in range(n + 1)
    ]
    # best[i]: the cheapest paging of columns[i:] as (broken stages, slides, sum of squared slide
    # sizes); the squares make even slides cheapest. Longer first slides win ties.
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)
    best[n] = (0, 0, 0)
    cut = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + per_page), i, -1):
            rest = best[j]
            assert rest is not None
            cost = (rest[0] + breaks[j], rest[1] + 1, rest[2] + (j - i) ** 2)
            if best[i] is None or cost < best[i]:
                best[i], cut[i] = cost, j
    pages: list[list[Column]] = []
    i = 0
    while i < n:
        pages.append(columns[i : cut[i]])
        i = cut[i]
    return pages


def column_width(ctx: DeckContext, count: int) -> float:
    """Width of a stage column on a map slide with `count` columns (as the slide lays them out)."""
    _xs, width = column_x(
        ctx.left + style.LABEL_WIDTH + style.GUTTER,
        ctx.content_width - style.LABEL_WIDTH - style.GUTTER,
        max(1, count),
    )
    return width


def grid_top(ctx: DeckContext, columns: list[Column]) -> float:
    """Where a map slide's lane rows start: under the stage headers (and the step row)."""
    has_steps = any(c.step for c in columns)
    return ctx.grid_top + STAGE_ROW + (STEP_ROW + 2 if has_steps else 0) + style.GUTTER


@dataclass(frozen=True)
class LanePaging:
    """A map slide's lanes over one or more slides, and how many lane rows on them are too long
    for a whole slide at 9 pt (only those are shortened)."""

    groups: list[list[Lane]]
    overflowing: int


def lane_pages(
    ctx: DeckContext, rows: list[Row], width: float, first_room: float, room: float
) -> LanePaging:
    """The lanes of one page of columns over as few slides as show all their text at 9 pt or more.

    The first slide has `first_room` for its rows (it also carries the curve band), further ones
    `room`. A slide also holds no more lanes than it can give two lines each. Among the fewest
    slides, the most even split (by how full each slide is) wins. A lane too long for a slide of
    its own gets a slide of its own: only there is text set below 9 pt or shortened.
    """
    if not rows:
        return LanePaging([[]], 0)
    needs = row_needs(ctx, rows, width, READABLE_SIZE)
    two_lines = ctx.fonts.line_height(9) * 2 + TEXT_INSET[1] + TEXT_INSET[3] + style.GUTTER
    n = len(rows)

    def fill(i: int, j: int) -> float | None:
        """How full a slide showing rows i..j-1 is (1 = full); None when they do not fit."""
        available = first_room if i == 0 else room
        if j - i > max(1, int((available + style.GUTTER) // two_lines)):
            return None
        used = sum(needs[i:j]) + style.GUTTER * (j - i - 1)
        if j - i > 1 and used > available:
            return None
        return used / max(available, 1.0)

    # best[i]: the cheapest paging of rows[i:] as (slides, sum of squared fills).
    best: list[tuple[int, float] | None] = [None] * (n + 1)
    best[n] = (0, 0.0)
    cut = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        for j in range(n, i, -1):
            share = fill(i, j)
            rest = best[j]
            if share is None or rest is None:
                continue
            cost = (rest[0] + 1, rest[1] + min(share, 1.0) ** 2)
            if best[i] is None or cost < best[i]:
                best[i], cut[i] = cost, j
    groups: list[list[Lane]] = []
    overflowing = 0
    i = 0
    while i < n:
        j = cut[i]
        groups.append([row.lane for row in rows[i:j]])
        if j - i == 1 and needs[i] > (first_room if i == 0 else room):
            overflowing += 1
        i = j
    return LanePaging(groups, overflowing)


@dataclass(frozen=True)
class ColumnPage:
    """One page of a map's columns: where its lane rows start and its lanes' slides."""

    columns: list[Column]
    grid_top: float
    lanes: LanePaging


def _page_rows(page: list[Column], lanes: list[Lane], index: EntryIndex) -> list[Row]:
    """The rows a page of columns shows: lanes with text in one of its cells (others are left out)."""
    rows = []
    for lane in lanes:
        cells = [index.at(c, lane.id) for c in page]
        if any(e.text.strip() for cell in cells for e in cell):
            rows.append(Row(lane, style.lane_style(lane.kind), cells))
    return rows


def _plan(
    ctx: DeckContext,
    columns: list[Column],
    lanes: list[Lane],
    index: EntryIndex,
    band_h: float,
    per_page: int,
) -> list[ColumnPage]:
    pages = page_columns(columns, per_page) if columns else [[]]
    planned = []
    for page in pages:
        top = grid_top(ctx, page)
        # The first slide's rows may take the room a compact curve band leaves (see _lane_rows).
        first_room = ctx.bottom - (CURVE_BAND_COMPACT + 6 if band_h else 4) - top
        room = ctx.bottom - 4 - top
        rows = _page_rows(page, lanes, index)
        width = column_width(ctx, len(page))
        planned.append(ColumnPage(page, top, lane_pages(ctx, rows, width, first_room, room)))
    return planned


def _slides(plan: list[ColumnPage]) -> int:
    return sum(len(p.lanes.groups) for p in plan)


def plan_map_pages(
    ctx: DeckContext, columns: list[Column], lanes: list[Lane], index: EntryIndex, band_h: float
) -> list[ColumnPage]:
    """A map's slides: its columns in balanced pages, each page's lanes over as many slides as
    show all their text at 9 pt or more.

    Lane slides come first: they keep the stages in sequence at the usual column width. Only when
    a lane is too long for a slide of its own (a cell taller than the slide at 9 pt) are fewer,
    wider columns tried, down to `MIN_DENSE_COLUMNS`: the plan with the fewest lanes left to
    shorten wins, then the one with fewer slides, then the one with more columns.
    """
    per_page = ctx.columns_per_slide
    plan = _plan(ctx, columns, lanes, index, band_h, per_page)

    def score(candidate: list[ColumnPage], columns_here: int) -> tuple[int, int, int]:
        overflowing = sum(p.lanes.overflowing for p in candidate)
        return overflowing, _slides(candidate), -columns_here

    best, best_score = plan, score(plan, per_page)
    fewer = min(per_page, len(columns)) - 1
    while best_score[0] and fewer >= MIN_DENSE_COLUMNS:
        candidate = _plan(ctx, columns, lanes, index, band_h, fewer)
        candidate_score = score(candidate, fewer)
        if candidate_score < best_score:
            best, best_score = candidate, candidate_score
        fewer -= 1
    return best
