"""Rules about journey maps: links to personas, generic maps, layout advice, content gaps and
links between personas."""

from __future__ import annotations

import re
from itertools import combinations

from mapbridge.checks.context import Findings, join_words, map_label, map_ref, persona_ref, plural
from mapbridge.checks.similarity import map_similarity
from mapbridge.interactions import find_links
from mapbridge.layout import decide_layout, stage_overlap
from mapbridge.model import LANE_LABELS, Journey, SourceRef

_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


def persona_map_links(found: Findings) -> None:
    """MB106, MB107, MB108: personas without maps, maps without personas, unknown personas."""
    workspace = found.workspace
    known_personas = {p.id for p in workspace.personas}
    known_maps = {j.id for j in workspace.journeys}
    linked_personas = {
        c.persona_id for c in workspace.connections if c.journey_id in known_maps
    } | {j.persona_id for j in workspace.journeys if j.persona_id}
    linked_maps = {c.journey_id for c in workspace.connections if c.persona_id in known_personas}

    for persona in workspace.personas:
        if persona.id not in linked_personas:
            found.add(
                "MB106",
                f'"{persona.name}" has no journey map and is not linked to one.',
                persona_ref(persona),
                about=persona,
            )
    for journey in workspace.journeys:
        if journey.persona_id is None and journey.id not in linked_maps:
            found.add(
                "MB107",
                f'The map "{journey.name}" names no persona and no persona is linked to it.',
                map_ref(journey),
                about=journey,
            )
        elif journey.persona_id is not None and journey.persona_id not in known_personas:
            found.add(
                "MB108",
                f'The map "{journey.name}" is for "{journey.persona_id}", which is not a persona '
                "of this workspace.",
                map_ref(journey, "persona"),
                _persona_hint(found),
                about=journey,
            )
    for link in workspace.connections:
        if link.persona_id not in known_personas:
            found.add(
                "MB108",
                f'A persona-map link names "{link.persona_id}", which is not a persona of this '
                "workspace.",
                link.source,
                _persona_hint(found),
            )


def _persona_hint(found: Findings) -> str:
    names = [p.name for p in found.workspace.personas]
    if not names:
        return "Add the persona to the Personas sheet."
    return f"Use one of the personas defined: {join_words(names)}; or add the persona."


def _persona_groups(found: Findings) -> list[list[Journey]]:
    """Each journey's maps that belong to a known persona, for journeys with two or more."""
    known = {p.id for p in found.workspace.personas}
    groups = []
    for journeys in found.workspace.journey_groups().values():
        persona_maps = [j for j in journeys if j.persona_id in known]
        if len(persona_maps) >= 2:
            groups.append(persona_maps)
    return groups


def generic_maps(found: Findings) -> None:
    """MB103: every persona of a journey has the same stages and near-identical content."""
    workspace = found.workspace
    for maps in _persona_groups(found):
        if stage_overlap(maps) < 1.0:
            continue
        personas = [p for j in maps if (p := workspace.persona(j.persona_id)) is not None]
        lowest = 1.0
        for first, second in combinations(maps, 2):
            lowest = min(lowest, map_similarity(first, second, personas))
            if lowest < found.config.similarity:
                break  # one distinct pair is enough: the map is not generic
        if lowest < found.config.similarity:
            continue
        found.add(
            "MB103",
            f'All {len(maps)} personas of "{maps[0].name}" go through the same '
            f"{plural(len(maps[0].stages), 'stage')} with near-identical content "
            f"(at least {lowest:.0%} alike): the map is too generic or the personas too similar.",
            map_ref(maps[0]),
        )


def layout_advice(found: Findings) -> None:
    """MB104: the deck's own layered-or-separate decision for each journey with several personas."""
    for maps in _persona_groups(found):
        journeys = found.workspace.journey_groups()[maps[0].key]
        decision = decide_layout(
            found.workspace, journeys, threshold=found.config.overlap_threshold
        )
        if decision.mode == "single":
            continue
        advice = "one layered map" if decision.layered else "separate maps"
        found.add(
            "MB104",
            f'"{decision.journey_name}": {decision.reason} (stage overlap {decision.overlap:.0%}, '
            f"threshold {found.config.overlap_threshold:.0%}).",
            map_ref(maps[0]),
            f"`mapbridge deck --layout auto` draws {advice}; pass --layout "
            f"{'per-persona' if decision.layered else 'layered'} to the deck to decide otherwise.",
        )


def content_gaps(found: Findings) -> None:
    """MB113, MB114, MB115: empty stages, maps without an emotion curve, curves with gaps."""
    workspace = found.workspace
    for journey in workspace.journeys:
        label = map_label(workspace, journey)
        own = [e for e in journey.entries if not e.shared or journey.persona_id is None]
        empty_stages: set[str] = set()
        for stage in journey.stages:
            if any(e.stage_id == stage.id for e in own):
                continue
            empty_stages.add(stage.id)
            shared = any(e.stage_id == stage.id for e in journey.entries)
            found.add(
                "MB113",
                f'{_capital(label)} has no content at stage "{stage.name}"'
                + (" (only the rows shared by every persona)." if shared else "."),
                stage.source or map_ref(journey),
                about=journey,
            )
        if journey.persona_id is None or not journey.stages:
            continue
        lanes = journey.emotion_lanes()
        curves = [(lane, journey.emotion_points(lane.id)) for lane in lanes]
        curves = [(lane, points) for lane, points in curves if points]
        if not curves:
            if len(empty_stages) < len(journey.stages):
                found.add(
                    "MB114",
                    f"{_capital(label)} has no emotion curve"
                    + (" (its emotion lane has no scores)." if lanes else "."),
                    lanes[0].source if lanes and lanes[0].source else map_ref(journey),
                    about=journey,
                )
            continue
        for lane, points in curves:
            scored = {stage_id for stage_id, _step, _score in points}
            curve = "emotion curve" if lane.variant is None else f"{lane.variant} emotion curve"
            for stage in journey.stages:
                if stage.id in scored or stage.id in empty_stages:
                    continue
                found.add(
                    "MB115",
                    f'{_capital(label)}: the {curve} has no score at "{stage.name}".',
                    missing_cell(journey, stage.id, lane.id) or stage.source or map_ref(journey),
                    about=journey,
                )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _split(ref: SourceRef) -> tuple[str, int] | None:
    match = _CELL.match(ref.cell)
    return (match.group(1), int(match.group(2))) if match else None


def missing_cell(journey: Journey, stage_id: str, lane_id: str) -> SourceRef | None:
    """The empty cell where a stage meets a lane, worked out from the cells around it.

    In a rows workbook a stage's entries share a row and a lane's share a column; in a grid it
    is the other way round. When the stage's and the lane's cells agree on one of those
    shapes, the missing cell is their crossing; otherwise there is no cell to name.
    """
    # Rows shared by every persona sit elsewhere on the sheet (an "All" row): leave them out.
    own = [e for e in journey.entries if e.source and not e.shared] or [
        e for e in journey.entries if e.source
    ]
    stage_cells = [e.source for e in own if e.stage_id == stage_id and e.source]
    lane_cells = [e.source for e in own if e.lane_id == lane_id and e.source]
    if not stage_cells or not lane_cells:
        return None
    sheet = stage_cells[0].sheet
    stage_parts = [_split(r) for r in stage_cells if r.sheet == sheet]
    lane_parts = [_split(r) for r in lane_cells if r.sheet == sheet]
    if not stage_parts or not lane_parts or None in stage_parts or None in lane_parts:
        return None
    stage_rows = {row for _col, row in stage_parts}  # type: ignore[misc]
    stage_cols = {col for col, _row in stage_parts}  # type: ignore[misc]
    lane_rows = {row for _col, row in lane_parts}  # type: ignore[misc]
    lane_cols = {col for col, _row in lane_parts}  # type: ignore[misc]
    candidates = set()
    if len(stage_rows) == 1 and len(lane_cols) == 1:  # rows layout: stage = row, lane = column
        candidates.add(f"{next(iter(lane_cols))}{next(iter(stage_rows))}")
    if len(stage_cols) == 1 and len(lane_rows) == 1:  # grid layout: stage = column, lane = row
        candidates.add(f"{next(iter(stage_cols))}{next(iter(lane_rows))}")
    # Too few cells to tell the two layouts apart: better no cell than a wrong one.
    return SourceRef(sheet=sheet, cell=candidates.pop()) if len(candidates) == 1 else None


def unknown_interactions(found: Findings) -> None:
    """MB120: a relation lane names no persona, or a stage or map the named persona lacks."""
    if not found.enabled("MB120"):
        return
    workspace = found.workspace
    for link in find_links(workspace):
        if link.resolved:
            continue
        journey = workspace.journey(link.source_journey_id)
        lane = LANE_LABELS.get(link.relation, link.relation)
        found.add(
            "MB120",
            f'{_capital(map_label(workspace, journey))}, {link.source_stage_name}: "{lane}" '
            f"cannot be linked: {link.problem}.",
            link.source or (map_ref(journey) if journey else None),
            about=journey,
        )
