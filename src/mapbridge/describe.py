"""What `mapbridge inspect` shows of a Workspace, as text lines: the summary and `--explain`."""

from __future__ import annotations

from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, decide_layouts
from mapbridge.model import Journey, Workspace, kind_label


def describe(
    workspace: Workspace, *, overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD
) -> list[str]:
    """The lines of the `inspect` summary: personas with kinds, journeys with stages, lanes and personas.

    The Layout line decides with `overlap_threshold`: pass the run's, as MB104 and the deck get.
    """
    maps = len(workspace.journeys)
    groups = workspace.journey_groups()
    lines = [
        workspace.title,
        f"{workspace.source_file or 'workspace'} · {_n(len(workspace.personas), 'persona')} · "
        f"{_n(len(groups), 'journey')} · {_n(maps, 'map')}",
        "",
        "Personas",
    ]
    width = max((len(p.name) for p in workspace.personas), default=4)
    for persona in workspace.personas:
        role = f"  {persona.role}" if persona.role else ""
        linked = len(workspace.maps_for(persona.id))
        lines.append(
            f"  {persona.name:<{width}}  {kind_label(persona.kind).listing:<26}{role}"
            f"  [{_n(linked, 'map')}; {persona.source or 'no cell'}]"
        )
    if not workspace.personas:
        lines.append("  (none)")
    lines += ["", "Journeys"]
    decisions = {d.journey_key: d for d in decide_layouts(workspace, threshold=overlap_threshold)}
    for key, journeys in groups.items():
        lines.append(f"  {journeys[0].name}")
        same = len({(_stages(j), _lanes(j)) for j in journeys}) == 1
        if same and len(journeys) > 1:
            lines.append(f"    Stages: {_stages(journeys[0])}")
            lines.append(f"    Lanes: {_lanes(journeys[0])}")
        for journey in journeys:
            described = _describe_map(workspace, journey)
            lines.extend(
                "    " + line
                for line in (described[:1] if same and len(journeys) > 1 else described)
            )
        decision = decisions.get(key)
        if decision:
            lines.append(f"    Layout: {decision.reason}")
    if not groups:
        lines.append("  (none)")
    lines.extend(coverage_lines(workspace))
    return lines


def coverage_lines(workspace: Workspace) -> list[str]:
    """The coverage line ("read 412 of 430 filled cells; 18 not read: ...") and what was left."""
    if workspace.reading is None:
        return []
    coverage = workspace.reading.coverage
    head = f"Coverage: read {coverage.read_cells:,} of {_n(coverage.filled_cells, 'filled cell')}"
    if not coverage.unread:
        return ["", head + "; every filled cell was read"]
    lines = ["", f"{head}; {coverage.unread_cells:,} not read:"]
    for item in coverage.unread:
        lines.append(
            f"  {_where(item.sheet, item.range)} ({_n(item.cells, 'cell')}): {item.reason}"
        )
    return lines


def explain(workspace: Workspace) -> list[str]:
    """`inspect --explain`: per sheet, the tables found, what each was read as and why, each
    header's meaning, and what was left out."""
    if workspace.reading is None:
        return ["This input is not a spreadsheet: there are no tables to explain."]
    reading = workspace.reading
    sheets = list(
        dict.fromkeys(
            [t.sheet for t in reading.tables] + [u.sheet for u in reading.coverage.unread]
        )
    )
    lines: list[str] = []
    for sheet in sheets:
        lines.append(f"Sheet {sheet!r}")
        for table in (t for t in reading.tables if t.sheet == sheet):
            lines.append(f"  {table.range}: read as {table.role} ({table.reason})")
            for header, meaning in table.meanings.items():
                lines.append(f"    {header!r}: {meaning}")
        for item in (u for u in reading.coverage.unread if u.sheet == sheet):
            lines.append(f"  {item.range}: NOT READ ({_n(item.cells, 'cell')}): {item.reason}")
        lines.append("")
    lines.extend(coverage_lines(workspace)[1:])
    return lines


def _where(sheet: str, cells: str) -> str:
    quoted = f"'{sheet}'" if any(ch in sheet for ch in " -!'()&,;") else sheet
    return f"{quoted}!{cells}"


def _describe_map(workspace: Workspace, journey: Journey) -> list[str]:
    persona = workspace.persona(journey.persona_id)
    who = persona.name if persona else "Shared map (all personas)"
    points = journey.emotion_points()
    curve = f"emotion curve of {_n(len(points), 'point')}"
    if journey.emotion_scale:
        curve += f" on {journey.emotion_scale}"
    return [
        f"{who}: {_n(len(journey.stages), 'stage')}, {_n(len(journey.entries), 'cell')}, {curve}",
        f"  Stages: {_stages(journey)}",
        f"  Lanes: {_lanes(journey)}",
    ]


def _stages(journey: Journey) -> str:
    return " → ".join(
        stage.name + (f" ({', '.join(s.name for s in stage.steps)})" if stage.steps else "")
        for stage in journey.stages
    )


def _lanes(journey: Journey) -> str:
    return ", ".join(
        lane.name + (f" [{lane.kind.replace('_', ' ')}]" if lane.kind != "custom" else " [custom]")
        for lane in journey.lanes
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
