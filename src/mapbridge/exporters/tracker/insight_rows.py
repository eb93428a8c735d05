"""What the tracker's Insights sheet says: one record per insight of `mapbridge.insights`, keyed stably.

Plain Python (no openpyxl): the writer turns these records into rows. A row's ID is a digest of
what the insight is about (journey, kind, stage, and the item's normalised text or the persona),
never of its figures, so a re-run finds the same row again when a gap widens or a pain gains a
persona, and people's columns stay on the insight they were typed for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mapbridge.exporters.tracker import columns as C
from mapbridge.exporters.tracker.records import _hash
from mapbridge.insights import (
    ChannelUse,
    EmotionGap,
    Insights,
    Interaction,
    Item,
    JourneyInsights,
    MapPair,
    Opportunity,
    OwnPersona,
    PersonaScore,
    Source,
)
from mapbridge.model import LANE_LABELS, Workspace, is_board_place, name_key

#: The ID's prefix per family of insight. A pain keeps its ID when it goes from one persona
#: to several (the Kind column changes, the row and its hand-typed columns stay).
_PREFIX = {
    C.INSIGHT_GAP: "gap",
    C.INSIGHT_SPECIFIC_PAIN: "pain",
    C.INSIGHT_SHARED_PAIN: "pain",
    C.INSIGHT_OPPORTUNITY: "opp",
    C.INSIGHT_CHANNEL: "chan",
    C.INSIGHT_INTERACTION: "link",
    C.INSIGHT_MERGE: "merge",
    C.INSIGHT_OWN_PERSONA: "own",
}
#: Figures as Excel shows them: similarities as percentages, the rest as plain numbers.
PERCENT = "0%"
PLAIN = "General"
#: A spread below this is no gap (scores are rounded to 6 places by `mapbridge.insights`).
_NO_GAP = 1e-6


@dataclass
class InsightRecord:
    """One row of the Insights sheet: its IDs (the first is its own; the others are IDs the
    same insight had under another wording), the values mapbridge owns, and what a change is
    described from."""

    ids: tuple[str, ...]
    label: str
    source: dict[str, Any]
    figure_format: str = PLAIN
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.ids[0]

    @property
    def fingerprint(self) -> str:
        return _hash(self.detail)


def insight_id(kind: str, journey_key: str, *parts: str) -> str:
    """`gap-1a2b3c4d`: the family of the insight, then a digest of what it is about."""
    family = _PREFIX[kind]
    return f"{family}-{_hash([journey_key, family, *parts])[:8]}"


def insight_records(found: Insights, workspace: Workspace | None = None) -> list[InsightRecord]:
    """Every insight as a row, journey by journey in the order of `INSIGHT_KINDS`.

    `workspace` names the personas of the maps in journey-first advice and gives those maps'
    cells; without it the advice rows name the maps only. Emotion gaps of 0 (every persona
    scored the stage alike) are no insight and get no row.
    """
    records: dict[str, InsightRecord] = {}
    for journey in found.journeys:
        for record in _journey_records(journey, workspace):
            # Two identical items (a link typed twice) make one row.
            records.setdefault(record.id, record)
    return list(records.values())


def _journey_records(journey: JourneyInsights, workspace: Workspace | None) -> list[InsightRecord]:
    rows = [_gap(journey, g) for g in journey.gaps if g.spread > _NO_GAP]
    rows += [_pain(journey, p, C.INSIGHT_SPECIFIC_PAIN) for p in journey.specific_pains]
    rows += [_pain(journey, p, C.INSIGHT_SHARED_PAIN) for p in journey.shared_pains]
    rows += [_opportunity(journey, o) for o in journey.opportunities]
    rows += [_channel(journey, c) for c in journey.single_persona_channels]
    rows += [_interaction(journey, i) for i in journey.interactions]
    if journey.groupings is not None:
        rows += [_merge(journey, p, workspace) for p in journey.groupings.merge]
        rows += [_own(journey, o, workspace) for o in journey.groupings.own_persona]
    return rows


def _record(
    journey: JourneyInsights,
    kind: str,
    ids: list[str],
    *,
    stage: str = "",
    personas: list[str] | None = None,
    what: str,
    figure: float | None = None,
    figure_format: str = PLAIN,
    measure: str = "",
    cells: list[Source] | None = None,
) -> InsightRecord:
    names = ", ".join(personas or [])
    source = {
        "journey": journey.journey,
        "kind": kind,
        "stage": stage,
        "personas": names,
        "what": what,
        "figure": round(figure, 4) if figure is not None else None,
        "measure": measure,
        "cells": cells_text(cells or []),
    }
    label = kind + (f" at {stage}" if stage else "") + (f" ({names})" if names else "")
    detail = {k: source[k] for k in ("kind", "stage", "personas", "what", "figure", "measure")}
    return InsightRecord(
        ids=tuple(dict.fromkeys(ids)),
        label=label,
        source=source,
        figure_format=figure_format,
        detail=detail,
    )


def cells_text(sources: list[Source]) -> str:
    """Cells as people look them up: `Journey!C8, C4; Personas!A2` (a board's places in full)."""
    by_sheet: dict[str, list[str]] = {}
    places: list[str] = []
    for source in sources:
        if is_board_place(source.cell):
            places.append(str(source))
        else:
            cells = by_sheet.setdefault(source.sheet, [])
            if source.cell not in cells:
                cells.append(source.cell)
    listed = [f"{sheet}!{', '.join(cells)}" for sheet, cells in by_sheet.items()]
    return "; ".join(listed + list(dict.fromkeys(places)))


def _typed(score: PersonaScore) -> str:
    return score.typed or f"{score.score:+.2f}"


def _gap(journey: JourneyInsights, gap: EmotionGap) -> InsightRecord:
    what = f"{gap.low.persona} {_typed(gap.low)} vs {gap.high.persona} {_typed(gap.high)}"
    others = [s for s in gap.scores if s not in (gap.low, gap.high)]
    if others:
        what += " (also " + ", ".join(f"{s.persona} {_typed(s)}" for s in others) + ")"
    cells = [c for s in (gap.low, gap.high, *others) for c in s.sources]
    return _record(
        journey,
        C.INSIGHT_GAP,
        [insight_id(C.INSIGHT_GAP, journey.key, gap.stage_id)],
        stage=gap.stage,
        personas=[s.persona for s in gap.scores],
        what=what,
        figure=gap.spread,
        measure=f"{gap.share:.0%} of the emotion scale",
        cells=cells,
    )


def _item_ids(kind: str, journey: JourneyInsights, item: Item) -> list[str]:
    """The item's ID from its first wording, then one per other wording (a persona listed
    earlier may bring a new first wording; the row is found again by any of them)."""
    return [
        insight_id(kind, journey.key, item.stage_id, name_key(text))
        for text in [item.text, *item.texts]
    ]


def _wordings(item: Item) -> str:
    others = [t for t in item.texts if t != item.text]
    return item.text + "".join(f"\nalso: {t}" for t in others)


def _pain(journey: JourneyInsights, item: Item, kind: str) -> InsightRecord:
    n = len(item.personas)
    return _record(
        journey,
        kind,
        _item_ids(kind, journey, item),
        stage=item.stage,
        personas=item.personas,
        what=_wordings(item),
        figure=n,
        measure="1 persona names it" if n == 1 else f"{n} personas name it",
        cells=item.sources,
    )


def _opportunity(journey: JourneyInsights, item: Opportunity) -> InsightRecord:
    n = len(item.persona_ids)
    pains = [item.pain.get(p, 0.0) for p in item.persona_ids]
    each = ", ".join(f"{name} {pain:.2f}" for name, pain in zip(item.personas, pains, strict=False))
    measure = f"priority: {n} persona{'s' if n != 1 else ''} + pain {sum(pains):.2f}"
    return _record(
        journey,
        C.INSIGHT_OPPORTUNITY,
        _item_ids(C.INSIGHT_OPPORTUNITY, journey, item),
        stage=item.stage,
        personas=item.personas,
        what=_wordings(item),
        figure=item.priority,
        measure=measure + (f" ({each})" if n > 1 else ""),
        cells=item.sources,
    )


def _channel(journey: JourneyInsights, use: ChannelUse) -> InsightRecord:
    lane = "touchpoint" if use.lane == "touchpoints" else "channel"
    return _record(
        journey,
        C.INSIGHT_CHANNEL,
        [insight_id(C.INSIGHT_CHANNEL, journey.key, use.lane, use.persona_id, name_key(use.text))],
        stage=", ".join(use.stages),
        personas=[use.persona],
        what=f"{use.text}: a {lane} only {use.persona} uses",
        cells=use.sources,
    )


def _interaction(journey: JourneyInsights, link: Interaction) -> InsightRecord:
    if link.resolved:
        what = link.sentence
        if link.cross_persona_pain:
            what += "\ncross-persona pain" + (": " + "; ".join(link.pains) if link.pains else "")
    else:
        what = (
            f"{link.persona} ({link.stage}) {link.verb} “{link.text}”: not linked, {link.problem}"
        )
    stage = link.stage
    if link.target_stage and name_key(link.target_stage) != name_key(link.stage):
        stage += f" → {link.target_stage}"
    return _record(
        journey,
        C.INSIGHT_INTERACTION,
        [
            insight_id(
                C.INSIGHT_INTERACTION,
                journey.key,
                link.relation,
                link.persona_id or name_key(link.persona),
                link.stage_id,
                link.target_persona_id or name_key(link.target),
                link.target_stage_id or name_key(link.target_stage),
            )
        ],
        stage=stage,
        personas=list(dict.fromkeys([link.persona, link.target])),
        what=what,
        measure=LANE_LABELS.get(link.relation, link.verb),  # type: ignore[call-overload]
        cells=[link.source] if link.source else [],
    )


def _map_persona(workspace: Workspace | None, map_id: str) -> tuple[list[str], list[Source]]:
    """The persona named on a map, and the cell the map starts at, from the workspace."""
    journey = workspace.journey(map_id) if workspace is not None else None
    if journey is None:
        return [], []
    persona = workspace.persona(journey.persona_id) if workspace is not None else None
    name = persona.name if persona else (journey.persona_id or "no persona")
    return [name], [s for s in [Source.of(journey.source)] if s is not None]


def _merge(journey: JourneyInsights, pair: MapPair, workspace: Workspace | None) -> InsightRecord:
    first, first_cells = _map_persona(workspace, pair.first_id)
    second, second_cells = _map_persona(workspace, pair.second_id)
    emotions = (
        f"emotions {pair.emotion_similarity:.0%}"
        if pair.emotion_similarity is not None
        else "no emotions to compare"
    )
    return _record(
        journey,
        C.INSIGHT_MERGE,
        [insight_id(C.INSIGHT_MERGE, journey.key, *sorted((pair.first_id, pair.second_id)))],
        personas=first + second,
        what=f"{pair.first} and {pair.second} are near-identical: candidates to merge",
        figure=pair.similarity,
        figure_format=PERCENT,
        measure=f"similarity: stages {pair.stage_overlap:.0%}, pains "
        f"{pair.pain_similarity:.0%}, {emotions}",
        cells=first_cells + second_cells,
    )


def _own(journey: JourneyInsights, own: OwnPersona, workspace: Workspace | None) -> InsightRecord:
    personas, cells = _map_persona(workspace, own.map_id)
    return _record(
        journey,
        C.INSIGHT_OWN_PERSONA,
        [insight_id(C.INSIGHT_OWN_PERSONA, journey.key, own.map_id)],
        personas=personas,
        what=f"{own.map} diverges from every other map: a candidate for a persona of its own "
        f"(closest: {own.closest})",
        figure=own.similarity,
        figure_format=PERCENT,
        measure="similarity to the closest map",
        cells=cells,
    )


def describe_insight_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """A sentence for the change log: what changed about an insight kept on the same row."""
    parts: list[str] = []
    if old.get("kind") != new.get("kind"):
        parts.append(f"now {new.get('kind')} (was {old.get('kind')})")
    if old.get("personas") != new.get("personas"):
        parts.append(f"personas {old.get('personas') or 'none'} → {new.get('personas') or 'none'}")
    if old.get("figure") != new.get("figure"):
        parts.append(f"figure {_figure(old.get('figure'))} → {_figure(new.get('figure'))}")
    if old.get("stage") != new.get("stage"):
        parts.append(f"stage {old.get('stage') or 'none'} → {new.get('stage') or 'none'}")
    if old.get("what") != new.get("what") and not parts:
        parts.append(f"now reads: {new.get('what')}")
    return "; ".join(parts) or "details changed"


def _figure(value: Any) -> str:
    return "none" if value is None else f"{value:g}"
