"""A journey map's entries grouped by cell in one pass, so exporters stay linear in the map's size.

`Journey.entries_at`, `Journey.columns` and `Journey.emotion_points` each scan every entry of the
map; an exporter that asks them once per stage and lane does work proportional to cells x
entries (minutes for the largest map the importer accepts). A `CellIndex` answers the same
questions from dictionaries built by a single pass over `journey.entries`, with the same results
in the same order (entries keep their map order within a cell, so joined texts and averaged
scores come out identical to the model's own methods).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mapbridge.model import Entry, Journey, Lane, Stage, Step

_NO_ENTRIES: tuple[Entry, ...] = ()


class CellIndex:
    """One journey's entries looked up by (stage, step, lane) or (stage, lane) without rescanning."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        by_cell: dict[tuple[str, str | None, str], list[Entry]] = {}
        by_stage_lane: dict[tuple[str, str], list[Entry]] = {}
        by_column: dict[tuple[str, str | None], list[Entry]] = {}
        unstepped_stages: set[str] = set()
        # The single pass over the entries: everything below is a dictionary lookup.
        for entry in journey.entries:
            by_cell.setdefault((entry.stage_id, entry.step, entry.lane_id), []).append(entry)
            by_stage_lane.setdefault((entry.stage_id, entry.lane_id), []).append(entry)
            by_column.setdefault((entry.stage_id, entry.step), []).append(entry)
            if entry.step is None:
                unstepped_stages.add(entry.stage_id)
        self._by_cell = by_cell
        self._by_stage_lane = by_stage_lane
        self._by_column = by_column
        self._unstepped_stages = unstepped_stages
        # First match wins, as in `Journey.stage` and `Journey.lane`.
        self._stages: dict[str, Stage] = {}
        for stage in journey.stages:
            self._stages.setdefault(stage.id, stage)
        self._lanes: dict[str, Lane] = {}
        for lane in journey.lanes:
            self._lanes.setdefault(lane.id, lane)
        self._columns: list[tuple[Stage, Step | None]] | None = None
        self._span: Counter[str] | None = None
        self._stage_columns: dict[str, list[tuple[Stage, Step | None]]] | None = None
        self._points: dict[str | None, list[tuple[str, str | None, float]]] = {}

    def text(self, stage: Stage, step: Step | None, lane: Lane | None) -> str:
        """The text of one cell of a map page: every entry at that stage and step, one per line."""
        if lane is None:
            return ""
        entries = self.cell(stage.id, step.name if step else None, lane.id)
        return "\n".join(e.text for e in entries if e.text)

    def cell(self, stage_id: str, step: str | None, lane_id: str) -> Sequence[Entry]:
        """Entries of exactly one cell: `step` None means the entries that name no step."""
        return self._by_cell.get((stage_id, step, lane_id), _NO_ENTRIES)

    def stage_cell(self, stage_id: str, lane_id: str) -> Sequence[Entry]:
        """Every entry of a stage in a lane, whatever its step, in map order."""
        return self._by_stage_lane.get((stage_id, lane_id), _NO_ENTRIES)

    def column_cells(self, stage_id: str, step: str | None) -> Sequence[Entry]:
        """Every entry of one column (a stage and step, None: no step), all lanes, in map order."""
        return self._by_column.get((stage_id, step), _NO_ENTRIES)

    def stage(self, stage_id: str) -> Stage | None:
        return self._stages.get(stage_id)

    def lane(self, lane_id: str) -> Lane | None:
        return self._lanes.get(lane_id)

    def columns(self) -> list[tuple[Stage, Step | None]]:
        """The map's columns left to right, exactly as `Journey.columns` yields them."""
        if self._columns is None:
            columns: list[tuple[Stage, Step | None]] = []
            for stage in self.journey.stages:
                if not stage.steps:
                    columns.append((stage, None))
                    continue
                if stage.id in self._unstepped_stages:
                    columns.append((stage, None))
                columns.extend((stage, step) for step in stage.steps)
            self._columns = columns
        return self._columns

    def span(self, stage_id: str) -> int:
        """How many columns carry this stage id (a stage header spans them)."""
        if self._span is None:
            self._span = Counter(stage.id for stage, _ in self.columns())
        return self._span[stage_id]

    def stage_columns(self, stage_id: str) -> list[tuple[Stage, Step | None]]:
        """The columns that carry this stage id, left to right."""
        if self._stage_columns is None:
            grouped: dict[str, list[tuple[Stage, Step | None]]] = {}
            for stage, step in self.columns():
                grouped.setdefault(stage.id, []).append((stage, step))
            self._stage_columns = grouped
        return self._stage_columns.get(stage_id, [])

    def emotion_points(self, lane_id: str | None = None) -> list[tuple[str, str | None, float]]:
        """The emotion curve as (stage id, step or None, score), as `Journey.emotion_points`."""
        if lane_id is None:
            lanes = self.journey.emotion_lanes()
            if not lanes:
                return []
            lane_id = lanes[0].id
        found = self._points.get(lane_id)
        if found is None:
            found = []
            for stage, step in self.columns():
                step_name = step.name if step else None
                scores = [
                    e.emotion.score
                    for e in self.cell(stage.id, step_name, lane_id)
                    if e.emotion is not None
                ]
                if scores:
                    found.append((stage.id, step_name, sum(scores) / len(scores)))
            self._points[lane_id] = found
        return list(found)


def lanes_of(maps: list[Journey]) -> list[Lane]:
    """Every lane of the maps, once per id, in the first map's order."""
    lanes: list[Lane] = []
    seen: set[str] = set()
    for journey in maps:
        for lane in journey.lanes:
            if lane.id not in seen:
                lanes.append(lane)
        seen.update(lane.id for lane in journey.lanes)
    return lanes


def shared_stripes(
    texts: list[tuple[Journey, str]],
    persona_count: int,
    colours: dict[str, str],
    shared_colour: str,
) -> list[tuple[str, str]]:
    """(edge colour, text) per distinct text of a comparison cell, in persona order.

    Text one persona wrote keeps that persona's colour; text several wrote is shown once, in the
    shared colour, marked "shared by N" (or "all N"), so persona-specific content stands out.
    """
    by_text: dict[str, list[Journey]] = {}
    for journey, text in texts:
        if text:
            by_text.setdefault(text, []).append(journey)
    stripes = []
    for text, authors in by_text.items():
        if len(authors) == 1:
            stripes.append((colours.get(authors[0].persona_id or "", shared_colour), text))
        else:
            who = f"all {len(authors)}" if len(authors) == persona_count else str(len(authors))
            stripes.append((shared_colour, f"{text}\n(shared by {who})"))
    return stripes
