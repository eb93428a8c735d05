"""Grid geometry of a map slide: stage columns, lane rows sharing the height (paging: `paging`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mapbridge.exporters.deck import style
from mapbridge.model import CellIndex, Entry, Journey, Stage, Step


@dataclass(frozen=True)
class Column:
    """One column of a map: a stage, or a step of a stage."""

    stage: Stage
    step: Step | None
    number: int  # 1-based position in the whole map

    @property
    def label(self) -> str:
        return f"{self.stage.name} · {self.step.name}" if self.step else self.stage.name


def map_columns(journey: Journey, cells: CellIndex | None = None) -> list[Column]:
    """The map's columns (`CellIndex.columns`), numbered from 1; `cells` saves indexing it again."""
    found = cells.columns() if cells is not None else journey.columns()
    return [Column(stage, step, i + 1) for i, (stage, step) in enumerate(found)]


class EntryIndex:
    """A map's cells looked up by slide column: the model's `CellIndex`, keyed by `Column`."""

    def __init__(self, journey: Journey, cells: CellIndex | None = None) -> None:
        self.cells = cells if cells is not None else journey.cell_index()

    def at(self, column: Column, lane_id: str) -> Sequence[Entry]:
        """Entries of the cell of `column` in a lane, in map order."""
        return self.cells.cell(column.stage.id, column.step.name if column.step else None, lane_id)

    def score(self, column: Column, lane_id: str) -> float | None:
        """The column's emotion score in a lane (`CellIndex.column_score`)."""
        step = column.step.name if column.step else None
        return self.cells.column_score(column.stage.id, step, lane_id)


@dataclass(frozen=True)
class Band:
    """A horizontal band of the slide: top and height in points."""

    top: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def column_x(left: float, width: float, count: int) -> tuple[list[float], float]:
    """Left edges of `count` equal columns filling `width` from `left`, and the column width."""
    column_width = (width - style.GUTTER * (count - 1)) / count
    return [left + i * (column_width + style.GUTTER) for i in range(count)], column_width


def share_heights(desired: list[float], minimum: list[float], available: float) -> list[float]:
    """Row heights that fill `available`: as desired when there is room (extra shared evenly),
    else proportional to what each row wants, never below its minimum."""
    if not desired:
        return []
    total = sum(desired)
    if total <= available:
        extra = (available - total) / len(desired)
        return [d + extra for d in desired]
    heights = [0.0] * len(desired)
    fixed: set[int] = set()
    for _ in range(len(desired)):
        free = available - sum(minimum[i] for i in fixed)
        wanted = sum(desired[i] for i in range(len(desired)) if i not in fixed)
        changed = False
        for i, d in enumerate(desired):
            if i in fixed:
                heights[i] = minimum[i]
                continue
            heights[i] = d * free / wanted if wanted else minimum[i]
            if heights[i] < minimum[i]:
                fixed.add(i)
                changed = True
        if not changed:
            break
    return [max(h, m) for h, m in zip(heights, minimum, strict=True)]
