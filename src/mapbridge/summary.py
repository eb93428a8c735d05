"""A plain-text summary of a Workspace, as `mapbridge inspect` shows it (text only; the CLI prints it)."""

from __future__ import annotations

from mapbridge.layout import decide_layouts
from mapbridge.model import Journey, Workspace

KIND_LABELS = {
    "research": "research",
    "proto": "proto-persona (hypothesis)",
    "segment": "segment",
    "unspecified": "kind not stated",
}


def describe(workspace: Workspace) -> list[str]:
    """The lines of the `inspect` summary: personas with kinds, journeys with stages, lanes and personas."""
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
            f"  {persona.name:<{width}}  {KIND_LABELS[persona.kind]:<26}{role}"
            f"  [{_n(linked, 'map')}; {persona.source or 'no cell'}]"
        )
    if not workspace.personas:
        lines.append("  (none)")
    lines += ["", "Journeys"]
    decisions = {d.journey_key: d for d in decide_layouts(workspace)}
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
    return lines


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
