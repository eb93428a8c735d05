"""write_deck: a workspace in, an editable PowerPoint deck out (title, overview, personas, maps, comparison, health)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from mapbridge import codes
from mapbridge.atomic import atomic_path
from mapbridge.errors import Problem, UsageError
from mapbridge.exporters.deck.common import DeckContext, SlideInfo
from mapbridge.exporters.deck.fonts import load_font_set
from mapbridge.exporters.deck.layered import build_layered_slides
from mapbridge.exporters.deck.map_slide import build_map_slides
from mapbridge.exporters.deck.persona import build_persona_slide
from mapbridge.exporters.deck.summary import (
    build_health_slide,
    build_overview_slides,
    build_title_slide,
)
from mapbridge.exporters.deck.template import open_template, usable_accents
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, LayoutDecision, decide_layout
from mapbridge.model import Journey, Persona, Workspace
from mapbridge.palette import persona_colours

LayoutChoice = Literal["auto", "per-persona", "layered"]
LAYOUT_CHOICES: tuple[str, ...] = ("auto", "per-persona", "layered")


@dataclass
class DeckResult:
    """What write_deck wrote: the file, its slides in order, and the layout decision per journey."""

    path: Path
    slides: list[SlideInfo] = field(default_factory=list)
    decisions: list[LayoutDecision] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for s in self.slides if s.kind == kind)


def _usage(message: str, hint: str = "") -> UsageError:
    return UsageError(Problem.of(codes.BAD_DECK_OPTION, message, hint))


def _select_personas(workspace: Workspace, names: list[str] | None) -> list[Persona]:
    if not names:
        return list(workspace.personas)
    chosen: list[Persona] = []
    for wanted in names:
        key = wanted.strip().casefold()
        match = next(
            (p for p in workspace.personas if key in (p.name.casefold(), p.id.casefold())), None
        )
        if match is None:
            known = ", ".join(p.name for p in workspace.personas) or "none"
            raise _usage(
                f"there is no persona named {wanted!r}; the personas are: {known}",
                "use --persona with one of these names",
            )
        if match not in chosen:
            chosen.append(match)
    return chosen


def _select_journeys(workspace: Workspace, name: str | None) -> dict[str, list[Journey]]:
    groups = workspace.journey_groups()
    if not name:
        return groups
    key = name.strip().casefold()
    for group_key, maps in groups.items():
        if key in (maps[0].name.casefold(), group_key.casefold()):
            return {group_key: maps}
    known = ", ".join(maps[0].name for maps in groups.values()) or "none"
    raise _usage(
        f"there is no journey named {name!r}; the journeys are: {known}",
        "use --journey with one of these names",
    )


def write_deck(
    workspace: Workspace,
    path: str | os.PathLike[str],
    *,
    layout: LayoutChoice = "auto",
    template: str | os.PathLike[str] | None = None,
    personas: list[str] | None = None,
    journey: str | None = None,
    findings: list[Problem] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
) -> DeckResult:
    """Write the deck for `workspace` to `path` (atomically) and say what is in it.

    `layout` forces per-persona maps or a layered comparison ("auto": the shared-stage rule decides);
    `template` is a .pptx/.potx whose slide master to use; `personas`/`journey` narrow the deck by
    name; `findings` (map-health problems) add a "Map health" slide. `progress(done, total)`
    is called as the deck is built, in steps (slides per persona and per map, then saving);
    the library itself never prints. `overlap_threshold` is the layout rule's (pass the one the
    checks used, as mapbridge.workflow does, so the deck draws what MB104 advises).
    """
    if layout not in LAYOUT_CHOICES:
        raise _usage(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_CHOICES)}")
    chosen_personas = _select_personas(workspace, personas)
    chosen_ids = {p.id for p in chosen_personas}
    groups = _select_journeys(workspace, journey)
    groups = {
        key: [j for j in maps if j.persona_id is None or j.persona_id in chosen_ids]
        for key, maps in groups.items()
    }
    groups = {key: maps for key, maps in groups.items() if maps}
    if journey or personas:
        mapped = {j.persona_id for maps in groups.values() for j in maps}
        chosen_personas = [p for p in chosen_personas if p.id in mapped or not journey]

    opened = open_template(template)
    palette = None
    if not opened.is_default:
        accents = usable_accents(opened.accents)
        palette = accents if len(accents) >= 3 else None
    ctx = DeckContext(
        template=opened,
        fonts=load_font_set(opened.body_font),
        heading_fonts=load_font_set(opened.heading_font),
        workspace=workspace,
        colours=persona_colours(workspace, palette),
        today=today or date.today(),
        source_name=Path(workspace.source_file).name if workspace.source_file else "",
    )
    decisions = [
        decide_layout(workspace, maps, threshold=overlap_threshold, force=layout)
        for maps in groups.values()
    ]
    # Progress in steps: title and overview, each persona, each comparison and map, the health
    # slide, and saving the file.
    total = (
        2
        + len(chosen_personas)
        + sum(
            len(maps) + (1 if d.layered else 0)
            for d, maps in zip(decisions, groups.values(), strict=True)
        )
        + (1 if findings is not None else 0)
        + 1
    )
    done = 0

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    try:
        build_title_slide(ctx)
        build_overview_slides(ctx, chosen_personas, groups, decisions, findings)
        step(2)
        for persona in chosen_personas:
            build_persona_slide(ctx, persona)
            step()
        order = {p.id: i for i, p in enumerate(workspace.personas)}
        for decision, maps in zip(decisions, groups.values(), strict=True):
            if decision.layered:
                build_layered_slides(ctx, decision, maps)
                step()
            shared_first = sorted(
                maps, key=lambda j: -1 if j.persona_id is None else order.get(j.persona_id, 0)
            )
            for journey_map in shared_first:
                build_map_slides(
                    ctx, journey_map, decision, workspace.persona(journey_map.persona_id)
                )
                step()
        if findings is not None:
            build_health_slide(ctx, findings)
            step()
        ctx.finish()
        with atomic_path(path) as tmp:
            opened.prs.save(str(tmp))
        step()
    finally:
        # The measurements are only worth keeping while this deck is written (the font sets
        # themselves are shared by every deck of the process).
        ctx.fonts.fit_cache.clear()
        ctx.heading_fonts.fit_cache.clear()
    return DeckResult(path=Path(path), slides=ctx.slides, decisions=decisions)
