"""write_deck: a workspace in, an editable PowerPoint deck out (title, overview, personas, maps, comparison, where the personas differ, health)."""

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
from mapbridge.exporters.deck.context import DeckContext, SlideInfo
from mapbridge.exporters.deck.differences import build_differences_slide, has_differences
from mapbridge.exporters.deck.fonts import load_font_set
from mapbridge.exporters.deck.health import build_health_slide
from mapbridge.exporters.deck.layered import build_layered_slides
from mapbridge.exporters.deck.map_slide import build_map_slides
from mapbridge.exporters.deck.overview import build_overview_slides
from mapbridge.exporters.deck.parts import list_notes_master
from mapbridge.exporters.deck.persona import build_persona_slide
from mapbridge.exporters.deck.template import Template, open_template, usable_accents
from mapbridge.exporters.deck.title_slide import build_title_slide
from mapbridge.insights import Insights, JourneyInsights
from mapbridge.insights import insights as find_insights
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, LayoutDecision, decide_layout
from mapbridge.model import Journey, Persona, Workspace
from mapbridge.palette import persona_colours

LayoutChoice = Literal["auto", "per-persona", "layered"]
LAYOUT_CHOICES: tuple[str, ...] = ("auto", "per-persona", "layered")


#: What a deck is: the deck of a workspace (`write_deck`), or one of a portfolio's decks
#: (`write_portfolio_decks`): its overview deck, one journey's deck, or everything in one.
DeckKind = Literal["deck", "overview", "journey", "portfolio"]


@dataclass
class DeckResult:
    """What a deck writer wrote: the file, its slides in order, and the layout decision per
    journey; `kind` says what the deck is, and a journey's deck names its journey."""

    path: Path
    slides: list[SlideInfo] = field(default_factory=list)
    decisions: list[LayoutDecision] = field(default_factory=list)
    kind: DeckKind = "deck"
    #: The journey of a journey's deck (its name and its key, the slug maps are grouped by).
    journey: str | None = None
    journey_key: str | None = None

    def count(self, kind: str) -> int:
        return sum(1 for s in self.slides if s.kind == kind)

    @property
    def label(self) -> str:
        """What the deck is, for a summary line: "overview", "journey “Pay a bill”"..."""
        if self.kind == "journey":
            return f"journey “{self.journey}”"
        return {"overview": "portfolio overview", "portfolio": "portfolio"}.get(self.kind, "deck")


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


@dataclass(frozen=True)
class DeckPlan:
    """What the deck shows once the options are applied: its personas, the journeys (maps
    grouped by journey), the layout decided for each journey, the findings (None: no
    Map health slide) and where the personas differ (None: no such slides)."""

    personas: list[Persona]
    groups: dict[str, list[Journey]]
    decisions: list[LayoutDecision]
    findings: list[Problem] | None
    insights: Insights | None = None

    def differences(self, decision: LayoutDecision) -> JourneyInsights | None:
        """What the "Where the personas differ" slide after this journey's comparison shows
        (None: no such slide, because the journey has no comparison or nothing differs)."""
        return journey_differences(decision, self.insights)

    @property
    def steps(self) -> int:
        """Progress steps: title and overview, each persona, each comparison, its "where the
        personas differ" slide and each map, the health slide, and saving the file."""
        return (
            2
            + len(self.personas)
            + sum(
                len(maps) + (1 if d.layered else 0) + (1 if self.differences(d) is not None else 0)
                for d, maps in zip(self.decisions, self.groups.values(), strict=True)
            )
            + (1 if self.findings is not None else 0)
            + 1
        )


def journey_differences(
    decision: LayoutDecision, insights: Insights | None
) -> JourneyInsights | None:
    """What the "Where the personas differ" slide after a journey's comparison shows (None: no
    such slide, because the journey has no comparison or nothing differs)."""
    compared = decision.layered and len(decision.persona_ids) >= 2
    if not compared or not decision.shared_stage_ids or insights is None:
        return None
    found = insights.journey(decision.journey_key)
    return found if has_differences(found) else None


@dataclass
class Progress:
    """Steps done out of the plan's, reported to the caller's callback (if any) after each."""

    total: int
    report: Callable[[int, int], None] | None
    done: int = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.report is not None:
            self.report(self.done, self.total)


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
    insights: Insights | None = None,
) -> DeckResult:
    """Write the deck for `workspace` to `path` (atomically) and say what is in it.

    `layout` forces per-persona maps or a layered comparison ("auto": the shared-stage rule decides);
    `template` is a .pptx/.potx whose slide master to use; `personas`/`journey` narrow the deck by
    name; `findings` (map-health problems) add a "Map health" slide. `progress(done, total)`
    is called as the deck is built, in steps (slides per persona and per map, then saving);
    the library itself never prints. `overlap_threshold` is the layout rule's (pass the one the
    checks used, as mapbridge.workflow does, so the deck draws what MB104 advises).
    `insights` (`mapbridge.insights.insights`) fill the "Where the personas differ" slide after
    each comparison; None computes them from the maps the deck shows.
    """
    if layout not in LAYOUT_CHOICES:
        raise _usage(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_CHOICES)}")
    chosen_personas, groups = _narrow(workspace, personas, journey)
    opened = open_template(template)
    ctx = deck_context(workspace, opened, today)
    decisions = [
        decide_layout(workspace, maps, threshold=overlap_threshold, force=layout)
        for maps in groups.values()
    ]
    if insights is None and any(d.layered for d in decisions):
        insights = insights_of(workspace, groups)
    plan = DeckPlan(chosen_personas, groups, decisions, findings, insights)
    steps = Progress(plan.steps, progress)
    save_deck(ctx, path, lambda: _build_slides(ctx, plan, steps))
    steps.step()
    return DeckResult(path=Path(path), slides=ctx.slides, decisions=decisions)


def save_deck(ctx: DeckContext, path: str | os.PathLike[str], build: Callable[[], None]) -> None:
    """Build the deck's slides (`build`) and save it to `path` atomically."""
    try:
        build()
        ctx.finish()
        list_notes_master(ctx.template.prs)
        with atomic_path(path) as tmp:
            ctx.template.prs.save(str(tmp))
    finally:
        # The measurements are only worth keeping while this deck is written (the font sets
        # themselves are shared by every deck of the process).
        ctx.fonts.fit_cache.clear()
        ctx.heading_fonts.fit_cache.clear()


def _narrow(
    workspace: Workspace, personas: list[str] | None, journey: str | None
) -> tuple[list[Persona], dict[str, list[Journey]]]:
    """The personas and journeys (maps grouped by journey) the `personas`/`journey` options keep.

    A map of a persona left out goes too; with `journey`, so does a persona without a map of it.
    """
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
    return chosen_personas, groups


def insights_of(workspace: Workspace, groups: dict[str, list[Journey]]) -> Insights:
    """Where the personas differ over the maps the deck shows (every persona stays known, so
    a link to one left out reads as such rather than as an unknown name)."""
    shown = [j for maps in groups.values() for j in maps]
    if len(shown) == len(workspace.journeys):
        return find_insights(workspace)
    return find_insights(workspace.model_copy(update={"journeys": shown}))


def deck_context(
    workspace: Workspace, opened: Template, today: date | None, source_name: str | None = None
) -> DeckContext:
    """The context every slide builder shares: a template's own accents become the persona
    colours when it has at least three usable ones. `source_name` (what footers name; the
    workspace's file by default)."""
    palette = None
    if not opened.is_default:
        accents = usable_accents(opened.accents)
        palette = accents if len(accents) >= 3 else None
    return DeckContext(
        template=opened,
        fonts=load_font_set(opened.body_font),
        heading_fonts=load_font_set(opened.heading_font),
        workspace=workspace,
        colours=persona_colours(workspace, palette),
        today=today or date.today(),
        source_name=(
            source_name
            if source_name is not None
            else Path(workspace.source_file).name
            if workspace.source_file
            else ""
        ),
    )


def _build_slides(ctx: DeckContext, plan: DeckPlan, steps: Progress) -> None:
    """Every slide in deck order: title, overview, personas, then per journey its comparison
    (when layered) followed by where its personas differ, and its maps (the shared map
    first), and the Map health slide."""
    build_title_slide(ctx)
    build_overview_slides(ctx, plan.personas, plan.groups, plan.decisions, plan.findings)
    steps.step(2)
    for persona in plan.personas:
        build_persona_slide(ctx, persona)
        steps.step()
    for decision, maps in zip(plan.decisions, plan.groups.values(), strict=True):
        build_journey_slides(ctx, decision, maps, plan.differences(decision), steps)
    if plan.findings is not None:
        build_health_slide(ctx, plan.findings)
        steps.step()


def build_journey_slides(
    ctx: DeckContext,
    decision: LayoutDecision,
    maps: list[Journey],
    differences: JourneyInsights | None,
    steps: Progress,
) -> None:
    """One journey's slides: its comparison (when layered), where its personas differ (when
    `differences`), and its maps, the shared map first, then in the workspace's persona order."""
    workspace = ctx.workspace
    if decision.layered:
        build_layered_slides(ctx, decision, maps)
        steps.step()
    if differences is not None:
        build_differences_slide(ctx, differences)
        steps.step()
    order = {p.id: i for i, p in enumerate(workspace.personas)}
    shared_first = sorted(
        maps, key=lambda j: -1 if j.persona_id is None else order.get(j.persona_id, 0)
    )
    for journey_map in shared_first:
        build_map_slides(ctx, journey_map, decision, workspace.persona(journey_map.persona_id))
        steps.step()
