"""A portfolio's decks: one deck per journey, plus an overview deck (or everything in one deck).

A portfolio (a persona catalogue and the journey workbooks of several teams, read as one
workspace) is presented journey by journey: each team gets the deck of its journey (its
personas' profiles, its comparison, its maps, the findings about them), and the people who keep
the whole set get the overview: which persona is mapped on which journey and when each map is
due for review, how each journey is laid out, and where the findings are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mapbridge.errors import Problem
from mapbridge.exporters.deck.context import DeckContext
from mapbridge.exporters.deck.health import build_health_slide
from mapbridge.exporters.deck.matrix import DUE_SOON_DAYS, build_matrix, build_matrix_slides
from mapbridge.exporters.deck.persona import build_persona_slide
from mapbridge.exporters.deck.summary import (
    JourneyLocator,
    build_health_summary_slides,
    build_layout_slides,
    findings_summary,
)
from mapbridge.exporters.deck.template import open_template
from mapbridge.exporters.deck.title_slide import build_title_slide
from mapbridge.exporters.deck.writer import (
    LAYOUT_CHOICES,
    DeckKind,
    DeckResult,
    LayoutChoice,
    Progress,
    _usage,
    build_journey_slides,
    deck_context,
    journey_differences,
    save_deck,
)
from mapbridge.insights import Insights
from mapbridge.insights import insights as find_insights
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, LayoutDecision, decide_layout
from mapbridge.model import Journey, Persona, Workspace, slugify

#: Longest file stem a journey's deck gets (a long journey name is cut at a hyphen).
MAX_STEM = 60
#: Names Windows keeps for devices: a journey called "Con" gets "con-journey.pptx".
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


@dataclass(frozen=True)
class JourneyPart:
    """One journey of the portfolio: its maps, its layout, its personas and its findings."""

    key: str
    name: str
    maps: list[Journey]
    decision: LayoutDecision
    personas: list[Persona]
    #: The findings about the journey's maps and its personas (None: checks did not run).
    findings: list[Problem] | None

    def files(self, workspace: Workspace) -> list[str]:
        """The files its maps were read from, in map order."""
        found = (workspace.file_of(_map_source(j)) for j in self.maps)
        return [f for f in dict.fromkeys(found) if f]


def _map_source(journey: Journey):
    return journey.source or next((e.source for e in journey.entries if e.source), None)


@dataclass
class DeckSpec:
    """A deck to write: where, what it is, what footers name, and its slides as builders
    (each one progress step)."""

    path: Path
    kind: DeckKind
    source_name: str
    builders: list[Callable[[DeckContext], None]] = field(default_factory=list)
    decisions: list[LayoutDecision] = field(default_factory=list)
    journey: JourneyPart | None = None


def write_portfolio_decks(
    workspace: Workspace,
    outdir: str | os.PathLike[str],
    *,
    one_deck: bool = False,
    name: str = "portfolio",
    findings: list[Problem] | None = None,
    insights: Insights | None = None,
    today: date | None = None,
    template: str | os.PathLike[str] | None = None,
    layout: LayoutChoice = "auto",
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    review_every: int | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> list[DeckResult]:
    """Write a portfolio's decks into `outdir` (created if needed) and say what each holds.

    By default: `<name>-overview.pptx` (title; the persona × journey matrix with each map's file
    and review status; the layout decided for each journey; with `findings`, the health summary
    and the worst findings), then one deck per journey, `<journey-slug>.pptx` (title, its
    personas' profiles, its comparison and where its personas differ, its maps; with
    `findings`, those about the journey and its personas). Two journeys whose file names
    would collide get "-2", "-3". `one_deck`: everything in `<name>.pptx`, the overview
    slides first, then the personas and every journey, then health.

    `findings` are the map-health findings (None: no health slides); `insights` fill the
    "Where the personas differ" slides (None: computed here when a journey is layered);
    `review_every` is the review cadence of maps that name none (the workspace's by default);
    reviews due within `due_soon_days` show as "Due soon". `progress(done, total)` is called
    as slides are built and decks saved, over all the decks. Returns the decks in the order
    written: the overview first (kind "overview"), then each journey's (kind "journey", naming
    its journey); with `one_deck`, the one deck (kind "portfolio").
    """
    if layout not in LAYOUT_CHOICES:
        raise _usage(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_CHOICES)}")
    out = Path(outdir)
    today = today or date.today()
    groups = workspace.journey_groups()
    decisions = [
        decide_layout(workspace, maps, threshold=overlap_threshold, force=layout)
        for maps in groups.values()
    ]
    if insights is None and any(d.layered for d in decisions):
        insights = find_insights(workspace)
    locator = JourneyLocator(workspace, groups)
    parts = [
        _journey_part(workspace, key, maps, decision, findings, locator)
        for (key, maps), decision in zip(groups.items(), decisions, strict=True)
    ]
    stem = _safe_stem(name) or "portfolio"
    overview = _overview_builders(
        workspace, groups, decisions, findings, locator, today, review_every, due_soon_days
    )
    source = Path(workspace.source_file).name if workspace.source_file else stem
    if one_deck:
        specs = [
            DeckSpec(
                out / f"{stem}.pptx",
                "portfolio",
                source,
                _one_deck_builders(workspace, overview, parts, findings, insights),
                decisions,
            )
        ]
    else:
        specs = [DeckSpec(out / f"{stem}-overview.pptx", "overview", source, overview, decisions)]
        used = {specs[0].path.stem.casefold()}
        for part in parts:
            path = out / f"{_unique_stem(part.name, used)}.pptx"
            specs.append(
                DeckSpec(
                    path,
                    "journey",
                    _journey_source(part.files(workspace), source),
                    _journey_builders(part, insights),
                    [part.decision],
                    part,
                )
            )
    steps = Progress(sum(len(s.builders) + 1 for s in specs), progress)
    out.mkdir(parents=True, exist_ok=True)
    return [_write(workspace, spec, template, today, steps) for spec in specs]


def _write(
    workspace: Workspace,
    spec: DeckSpec,
    template: str | os.PathLike[str] | None,
    today: date,
    steps: Progress,
) -> DeckResult:
    """Write one deck of the portfolio: its slides, builder by builder, then the file."""
    ctx = deck_context(workspace, open_template(template), today, spec.source_name)

    def build() -> None:
        for builder in spec.builders:
            builder(ctx)
            steps.step()

    save_deck(ctx, spec.path, build)
    steps.step()
    part = spec.journey
    return DeckResult(
        path=spec.path,
        slides=ctx.slides,
        decisions=spec.decisions,
        kind=spec.kind,
        journey=part.name if part else None,
        journey_key=part.key if part else None,
    )


def _journey_part(
    workspace: Workspace,
    key: str,
    maps: list[Journey],
    decision: LayoutDecision,
    findings: list[Problem] | None,
    locator: JourneyLocator,
) -> JourneyPart:
    """A journey, its personas (in the workspace's order) and the findings about them: about
    the journey (one of its maps, or its cells: see `JourneyLocator`), or about one of its
    personas and no journey (a finding about that persona's map of another journey belongs to
    that journey)."""
    mapped = {j.persona_id for j in maps}
    personas = [p for p in workspace.personas if p.id in mapped]
    own = None
    if findings is not None:
        persona_ids = {p.id for p in personas}
        own = []
        for finding in findings:
            about = locator.journey_of(finding)
            if about == key or (
                about is None
                and getattr(finding, "journey_id", None) is None
                and getattr(finding, "persona_id", None) in persona_ids
            ):
                own.append(finding)
    return JourneyPart(key, maps[0].name, maps, decision, personas, own)


def _overview_builders(
    workspace: Workspace,
    groups: dict[str, list[Journey]],
    decisions: list[LayoutDecision],
    findings: list[Problem] | None,
    locator: JourneyLocator,
    today: date,
    review_every: int | None,
    due_soon_days: int,
) -> list[Callable[[DeckContext], None]]:
    """The overview deck: title, matrix, layout decisions, and (with findings) the health
    summary and the worst findings."""
    personas = list(workspace.personas)
    matrix = build_matrix(
        workspace, personas, groups, today, review_every=review_every, due_soon_days=due_soon_days
    )
    people, journeys = len(personas), len(groups)
    what = (
        f"Portfolio overview · {people} persona{'s' if people != 1 else ''} · "
        f"{journeys} journey{'s' if journeys != 1 else ''}"
    )
    builders: list[Callable[[DeckContext], None]] = [
        lambda ctx: build_title_slide(ctx, what=what),
        lambda ctx: build_matrix_slides(ctx, matrix),
        lambda ctx: build_layout_slides(ctx, workspace, decisions, groups),
    ]
    builders += _health_builders(findings, groups, personas, locator)
    return builders


def _health_builders(
    findings: list[Problem] | None,
    groups: dict[str, list[Journey]],
    personas: list[Persona],
    locator: JourneyLocator,
) -> list[Callable[[DeckContext], None]]:
    if findings is None:
        return []
    subtitle = (
        f"The worst of {findings_summary(findings)}; every finding in the notes"
        if findings
        else "No findings: personas and maps look healthy"
    )
    return [
        lambda ctx: build_health_summary_slides(ctx, findings, groups, personas, locator),
        lambda ctx: build_health_slide(
            ctx, findings, title="Map health", subtitle=subtitle, worst_first=True
        ),
    ]


def _journey_builders(
    part: JourneyPart, insights: Insights | None
) -> list[Callable[[DeckContext], None]]:
    """A journey's deck: title, its personas' profiles, its slides, the findings about it."""
    people = len(part.personas)
    what = (
        f"Journey maps of {people} persona{'s' if people != 1 else ''}" if people else "Journey map"
    )
    builders: list[Callable[[DeckContext], None]] = [
        lambda ctx: build_title_slide(ctx, part.name, what=what)
    ]
    builders += [_persona_builder(p) for p in part.personas]
    builders.append(_journey_slides(part, insights))
    if part.findings is not None:
        found = part.findings
        subtitle = (
            f"{findings_summary(found)} about “{part.name}” and its personas"
            if found
            else f"No findings about “{part.name}” and its personas"
        )
        builders.append(lambda ctx: build_health_slide(ctx, found, subtitle=subtitle))
    return builders


def _one_deck_builders(
    workspace: Workspace,
    overview: list[Callable[[DeckContext], None]],
    parts: list[JourneyPart],
    findings: list[Problem] | None,
    insights: Insights | None,
) -> list[Callable[[DeckContext], None]]:
    """Everything in one deck: the overview's title, matrix and layouts, every persona's
    profile, every journey's slides, then the health summary and findings."""
    people, journeys = len(workspace.personas), len(parts)
    what = (
        f"Personas and journey maps · {people} persona{'s' if people != 1 else ''} · "
        f"{journeys} journey{'s' if journeys != 1 else ''}"
    )
    builders: list[Callable[[DeckContext], None]] = [
        lambda ctx: build_title_slide(ctx, what=what),
        *overview[1:3],
    ]
    builders += [_persona_builder(p) for p in workspace.personas]
    builders += [_journey_slides(part, insights) for part in parts]
    builders += overview[3:]
    return builders


def _persona_builder(persona: Persona) -> Callable[[DeckContext], None]:
    return lambda ctx: build_persona_slide(ctx, persona)


def _journey_slides(part: JourneyPart, insights: Insights | None) -> Callable[[DeckContext], None]:
    """A journey's comparison, where its personas differ and its maps (one progress step)."""

    def build(ctx: DeckContext) -> None:
        differences = journey_differences(part.decision, insights)
        build_journey_slides(ctx, part.decision, part.maps, differences, Progress(0, None))

    return build


def _journey_source(files: list[str], fallback: str) -> str:
    """What a journey deck's footers name: its workbook (or two), else the portfolio."""
    return ", ".join(files) if 1 <= len(files) <= 2 else fallback


def _safe_stem(name: str) -> str:
    """`name` as a file stem: characters no file system takes become "-"."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-")


def _unique_stem(journey: str, used: set[str]) -> str:
    """A journey's file stem: its slug (cut at MAX_STEM, clear of device names), with "-2",
    "-3" when another deck of the portfolio already has it (compared without case)."""
    stem = slugify(journey)
    if len(stem) > MAX_STEM:
        stem = stem[:MAX_STEM].rsplit("-", 1)[0] or stem[:MAX_STEM]
    if stem in _RESERVED:
        stem = f"{stem}-journey"
    candidate, n = stem, 2
    while candidate.casefold() in used:
        candidate = f"{stem}-{n}"
        n += 1
    used.add(candidate.casefold())
    return candidate
