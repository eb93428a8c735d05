"""The layout rule: one layered map when personas share their stages, separate maps when they diverge.

The deck (`--layout auto`), the draw.io, Excalidraw and Mermaid diagrams, `inspect` and the
checks (MB104) all call `decide_layout`, but they agree only if they pass it the same threshold.
So a run resolves the threshold once (`mapbridge.config.resolve_configuration`: the option, else
`overlap-threshold` in mapbridge.toml, else DEFAULT_OVERLAP_THRESHOLD) and `mapbridge.workflow`
hands that one value to each of them; a caller that passes none gets the default everywhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from mapbridge.model import Journey, Workspace

LayoutMode = Literal["layered", "separate", "single"]

#: Share of stages (shared / all stages of the journey) from which personas count as "same stages".
DEFAULT_OVERLAP_THRESHOLD = 0.8


class LayoutDecision(BaseModel):
    """How one journey's persona maps should be shown, and why, in one sentence."""

    journey_key: str
    journey_name: str
    mode: LayoutMode
    journey_ids: list[str]
    persona_ids: list[str]
    shared_stage_ids: list[str] = Field(default_factory=list)
    shared_stage_names: list[str] = Field(default_factory=list)
    overlap: float = 1.0
    left_out: dict[str, list[str]] = Field(default_factory=dict)
    reason: str = ""

    @property
    def layered(self) -> bool:
        return self.mode == "layered"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def shared_stages(journeys: list[Journey]) -> list[tuple[str, str]]:
    """Stages (id, name) every map of the journey has, in the first map's order."""
    if not journeys:
        return []
    common = set(journeys[0].stage_ids())
    for journey in journeys[1:]:
        common &= set(journey.stage_ids())
    return [(s.id, s.name) for s in journeys[0].stages if s.id in common]


def stage_overlap(journeys: list[Journey]) -> float:
    """Shared stages over all distinct stages of the journey (1.0: identical stage sets)."""
    everything: set[str] = set()
    for journey in journeys:
        everything |= set(journey.stage_ids())
    if not everything:
        return 1.0
    return len(shared_stages(journeys)) / len(everything)


def decide_layout(
    workspace: Workspace,
    journeys: list[Journey],
    *,
    threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    force: Literal["auto", "per-persona", "layered"] = "auto",
) -> LayoutDecision:
    """Decide between one layered comparison and separate maps for the maps of one journey."""
    persona_maps = [j for j in journeys if j.persona_id is not None]
    name = journeys[0].name if journeys else ""
    key = journeys[0].key if journeys else ""
    names = {p.id: p.name for p in workspace.personas}
    persona_ids = [j.persona_id for j in persona_maps if j.persona_id]
    base = {
        "journey_key": key,
        "journey_name": name,
        "journey_ids": [j.id for j in journeys],
        "persona_ids": persona_ids,
    }
    if len(persona_maps) < 2:
        who = names.get(persona_ids[0], persona_ids[0]) if persona_ids else "everyone"
        stages = len(journeys[0].stages) if journeys else 0
        return LayoutDecision(
            **base,
            mode="single",
            shared_stage_ids=[s.id for s in journeys[0].stages] if journeys else [],
            shared_stage_names=[s.name for s in journeys[0].stages] if journeys else [],
            reason=f"One map ({who}, {_plural(stages, 'stage')}): nothing to compare",
        )

    shared = shared_stages(persona_maps)
    overlap = stage_overlap(persona_maps)
    left_out = {
        j.persona_id: [s.name for s in j.stages if s.id not in {sid for sid, _ in shared}]
        for j in persona_maps
        if j.persona_id
    }
    left_out = {pid: stages for pid, stages in left_out.items() if stages}
    same = overlap >= 1.0
    layered = force == "layered" or (force == "auto" and overlap >= threshold and shared)
    n = len(persona_maps)
    if force == "per-persona":
        mode: LayoutMode = "separate"
        reason = f"Separate maps for {_plural(n, 'persona')}, as asked (--layout per-persona)"
    elif layered and same:
        mode = "layered"
        everyone = "Both personas" if n == 2 else f"All {n} personas"
        reason = (
            f"{everyone} go through the same {_plural(len(shared), 'stage')}: "
            "one layered comparison plus a map per persona"
        )
    elif layered:
        mode = "layered"
        dropped = sorted({s for stages in left_out.values() for s in stages})
        why = "as asked (--layout layered)" if force == "layered" else f"{overlap:.0%} overlap"
        reason = (
            f"{n} personas share {len(shared)} of their stages ({why}): a layered comparison "
            f"over the shared stages, leaving out {', '.join(dropped)}, plus a map per persona"
        )
        if not shared:
            reason = f"{n} personas share no stage: a layered comparison has nothing to show"
            mode = "separate"
    else:
        mode = "separate"
        counts = ", ".join(
            f"{names.get(j.persona_id, j.persona_id)} {len(j.stages)}" for j in persona_maps
        )
        reason = f"Stages diverge ({counts}, {len(shared)} shared): separate maps"
    return LayoutDecision(
        **base,
        mode=mode,
        shared_stage_ids=[sid for sid, _ in shared],
        shared_stage_names=[sname for _, sname in shared],
        overlap=round(overlap, 4),
        left_out=left_out,
        reason=reason,
    )


def decide_layouts(
    workspace: Workspace,
    *,
    threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    force: Literal["auto", "per-persona", "layered"] = "auto",
) -> list[LayoutDecision]:
    """One decision per journey of the workspace, in workbook order."""
    return [
        decide_layout(workspace, journeys, threshold=threshold, force=force)
        for journeys in workspace.journey_groups().values()
    ]
