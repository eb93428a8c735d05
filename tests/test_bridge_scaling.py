"""The draw.io, Excalidraw and Mermaid exporters do work linear in a map's size, checked without timing.

A map can have 200 stages x 100 lanes; scanning every entry once per cell made one such map take
about 25 s per export. The exporters now index each map once (`CellIndex`). These tests count
how often a map's entries are walked, forbid the model's per-cell scans, and check the index
answers exactly what the model's own methods answer (so exports stay byte-identical).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mapbridge.exporters.drawio import drawio_xml
from mapbridge.exporters.excalidraw import excalidraw_scene
from mapbridge.exporters.mermaid import render_markdown
from mapbridge.model import CellIndex, Emotion, Entry, Journey, Lane, Step, Workspace
from tests.factories import make_workspace

EXPORTS: dict[str, Callable[[Workspace], Any]] = {
    "drawio": drawio_xml,
    "excalidraw": excalidraw_scene,
    "mermaid": render_markdown,
}


class CountingEntries(list):
    """A map's entry list that counts how often something walks through it."""

    walks = 0

    def __iter__(self) -> Iterator[Entry]:
        self.walks += 1
        return super().__iter__()


def _workspace(extra_stages: int = 0, extra_lanes: int = 0, diverge: bool = False) -> Workspace:
    """The factory workshop, grown by stages and custom lanes, with steps in one stage."""
    workspace = make_workspace(n_personas=4, diverge=diverge)
    for i, journey in enumerate(workspace.journeys):
        # Diverging personas each get stages of their own, so the layout stays "separate".
        suffix = f"-{i}" if diverge else ""
        for n in range(extra_stages):
            stage_id = f"x{n}{suffix}"
            journey.stages.append(journey.stages[-1].model_copy(update={"id": stage_id}))
        for n in range(extra_lanes):
            journey.lanes.append(Lane(id=f"lane-{n}", name=f"Lane {n}"))
        for stage in journey.stages:
            for lane in journey.lanes:
                if lane.id.startswith("lane-") or stage.id.startswith("x"):
                    journey.entries.append(
                        Entry(stage_id=stage.id, lane_id=lane.id, text=f"{stage.id} {lane.id}")
                    )
        # A stage with steps, an entry naming no step (its own column) and a scored step.
        stage = journey.stages[1]
        stage.steps = [Step(name="Fill the form"), Step(name="Upload ID")]
        journey.entries.append(
            Entry(stage_id=stage.id, step="Upload ID", lane_id="actions", text="Scan")
        )
        journey.entries.append(
            Entry(
                stage_id=stage.id,
                step="Upload ID",
                lane_id="emotion",
                text="-2",
                emotion=Emotion(raw="-2", score=-1.0, scale="-2..2"),
            )
        )
    return workspace


def _count_walks(workspace: Workspace, export: Callable[[Workspace], Any]) -> list[int]:
    for journey in workspace.journeys:
        journey.entries = CountingEntries(journey.entries)
        assert isinstance(journey.entries, CountingEntries)
    export(workspace)
    return [journey.entries.walks for journey in workspace.journeys]


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("diverge", [False, True], ids=["layered", "separate"])
def test_each_map_is_walked_a_fixed_number_of_times_whatever_its_size(
    name: str, diverge: bool
) -> None:
    export = EXPORTS[name]
    small = _count_walks(_workspace(diverge=diverge), export)
    large = _count_walks(_workspace(extra_stages=30, extra_lanes=25, diverge=diverge), export)
    # Once for the map's own page, once more when it is part of the comparison page.
    assert max(small) <= 2
    assert large == small


@pytest.mark.parametrize("name", EXPORTS)
def test_exporters_never_fall_back_to_the_models_per_cell_scans(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("scans the whole map for one cell; use CellIndex")

    for method in ("entries_at", "columns", "emotion_points", "stage", "lane"):
        monkeypatch.setattr(Journey, method, forbidden)
    for diverge in (False, True):
        EXPORTS[name](_workspace(extra_stages=3, extra_lanes=2, diverge=diverge))


def test_the_index_answers_what_the_model_answers() -> None:
    journey = _workspace(extra_stages=2, extra_lanes=2).journeys[0]
    # Several entries in one cell keep their map order, scores in one cell are averaged.
    stage_id = journey.stages[0].id
    journey.entries.append(Entry(stage_id=stage_id, lane_id="actions", text="Second action"))
    journey.entries.append(
        Entry(
            stage_id=stage_id,
            lane_id="emotion",
            text="1",
            emotion=Emotion(raw="1", score=0.5, scale="-2..2"),
        )
    )
    cells = CellIndex(journey)

    assert cells.columns() == list(journey.columns())
    for lane in journey.lanes:
        assert cells.emotion_points(lane.id) == journey.emotion_points(lane.id)
        for stage, step in journey.columns():
            step_name = step.name if step else None
            expected = [
                e for e in journey.entries_at(stage.id, lane.id, step_name) if e.step == step_name
            ]
            assert list(cells.cell(stage.id, step_name, lane.id)) == expected
            assert list(cells.stage_cell(stage.id, lane.id)) == journey.entries_at(
                stage.id, lane.id
            )
    assert cells.emotion_points() == journey.emotion_points()
    assert [e.text for e in cells.cell(stage_id, None, "actions")][-1] == "Second action"
    assert cells.span(journey.stages[1].id) == 3  # the unstepped column and two steps
    assert cells.stage("nowhere") is None and cells.lane("nowhere") is None
