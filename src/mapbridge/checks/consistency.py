"""Rules about consistency across maps and files: one stage spelled several ways, one lane
meaning under several names, maps whose persona no catalogue defines."""

from __future__ import annotations

from mapbridge.checks.context import Findings, join_words, map_label, persona_ref, plural
from mapbridge.model import LANE_LABELS, SourceRef, name_key


def _place(found: Findings, ref: SourceRef | None) -> str:
    """`journeys/payments.xlsx: Journey!B3` (a source names its file in a portfolio)."""
    return str(ref) if ref is not None else ""


def stage_spellings(found: Findings) -> None:
    """MB121: a stage written several ways across maps ("Sign up", "Sign-up", "Signup")."""
    spellings: dict[str, dict[str, SourceRef | None]] = {}
    for journey in found.workspace.journeys:
        for stage in journey.stages:
            key = name_key(stage.name).replace(" ", "")
            if key:
                spellings.setdefault(key, {}).setdefault(stage.name, stage.source)
    for names in spellings.values():
        if len(names) < 2:
            continue
        written = [
            f'"{name}" ({_place(found, ref)})' if ref else f'"{name}"'
            for name, ref in names.items()
        ]
        first = next(iter(names.values()))
        found.add(
            "MB121",
            f"One stage is spelled {len(names)} ways: {join_words(written)}.",
            first,
            f'Pick one spelling ("{next(iter(names))}") and use it in every map, so the stage '
            "lines up across journeys, decks and the tracker.",
        )


def lane_names(found: Findings) -> None:
    """MB122: one lane kind under several names across maps ("Pain points", "Frustrations")."""
    names: dict[str, dict[str, SourceRef | None]] = {}
    for journey in found.workspace.journeys:
        for lane in journey.lanes:
            if lane.kind == "custom":
                continue
            kind = lane.kind + (f" ({lane.variant})" if lane.variant else "")
            key = name_key(lane.name)
            bucket = names.setdefault(kind, {})
            if key not in {name_key(n) for n in bucket}:
                bucket[lane.name] = lane.source
    for kind, named in names.items():
        if len(named) < 2:
            continue
        label = LANE_LABELS.get(kind.split(" ")[0], kind)
        written = [
            f'"{name}" ({_place(found, ref)})' if ref else f'"{name}"'
            for name, ref in named.items()
        ]
        found.add(
            "MB122",
            f"The {label.lower()} lane has {len(named)} names: {join_words(written)}; mapbridge "
            "reads them as one lane.",
            next(iter(named.values())),
        )


def uncatalogued_personas(found: Findings) -> None:
    """MB123: in a portfolio, a map's persona that no file defines (it is only named on maps)."""
    workspace = found.workspace
    files = {s.file for p in workspace.personas if (s := p.source) is not None and s.file}
    if len(files) < 2 and not any((j.source and j.source.file) for j in workspace.journeys):
        return  # one workbook: MB023 already says it has no Personas sheet
    for persona in workspace.personas:
        maps = workspace.maps_for(persona.id)
        if not maps or persona.has_profile:
            continue
        found.add(
            "MB123",
            f'"{persona.name}" is named on {plural(len(maps), "map")} '
            f"({join_words([map_label(workspace, j) for j in maps])}) but defined in no file "
            "of the portfolio.",
            persona_ref(persona),
            about=persona,
        )
