"""Where the personas of a journey differ: emotion gaps, persona-specific pains, opportunities by
reach, one-persona channels, interactions, and journey-first grouping advice (pure, no file I/O).

Every figure is computed from the model the way the rest of mapbridge reads it: a persona's score
at a stage is `CellIndex.stage_score` on -1..+1, texts are alike by `checks.similarity`'s measure.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import combinations

from mapbridge.checks.similarity import alike, name_tokens, tokens, word_overlap
from mapbridge.interactions import Link, find_links
from mapbridge.layout import stage_overlap
from mapbridge.model import Journey, SourceRef, Workspace, kind_label, name_key

#: Two items (pain points, opportunities) of different personas at one stage are the same one
#: from this text similarity on (`checks.similarity.text_similarity`, 0..1).
SAME_ITEM = 0.75
#: Journey first: two maps are candidates to merge from this overall similarity on, and a map
#: is a candidate for a persona of its own when no other map reaches this one.
MERGE_SIMILARITY = 0.8
DIVERGE_SIMILARITY = 0.5
#: Persona kinds that make a map "weak" for journey-first advice (plus maps with no persona).
WEAK_KINDS = ("proto", "segment")

_MARK = re.compile(r"^\s*(?:[•·*▪◦‣-]|\d+[.)])\s*")
_TAG_SPLIT = re.compile(r"[\n,;·•|]+")


@dataclass(frozen=True)
class Source:
    """Where an insight's value was typed: `Journey!C7`, or a board's `frame › element`."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return str(SourceRef(sheet=self.sheet, cell=self.cell))

    @classmethod
    def of(cls, ref: SourceRef | None) -> Source | None:
        return cls(ref.sheet, ref.cell) if ref is not None else None


@dataclass(frozen=True)
class PersonaScore:
    """One persona's emotion at a stage: the score on -1..+1 and the values as typed."""

    persona_id: str
    persona: str
    score: float
    typed: str
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class EmotionGap:
    """A stage two or more personas scored, and how far apart they are.

    `spread` is the highest score less the lowest, on the normalised -1..+1 scale (0..2);
    `share` is the spread as a share of the whole scale (spread / 2).
    """

    stage_id: str
    stage: str
    spread: float
    low: PersonaScore
    high: PersonaScore
    scores: list[PersonaScore]

    @property
    def share(self) -> float:
        return self.spread / 2.0


@dataclass(frozen=True)
class Item:
    """A pain point or an opportunity at one stage, with the personas whose maps name it (texts
    alike by SAME_ITEM count as one; `text` is the first persona's wording, `texts` every one)."""

    stage_id: str
    stage: str
    text: str
    persona_ids: list[str]
    personas: list[str]
    texts: list[str]
    sources: list[Source]


@dataclass(frozen=True)
class Opportunity(Item):
    """An opportunity ranked by reach and pain: `priority` = the number of personas it
    addresses + the sum of their pain at its stage (pain = max(0, -score) on 0..1; an unscored
    stage is 0). `pain` gives each persona's."""

    pain: dict[str, float] = field(default_factory=dict)
    priority: float = 0.0


@dataclass(frozen=True)
class ChannelUse:
    """A touchpoint or channel only one persona of the journey uses, and at which stages."""

    lane: str
    text: str
    persona_id: str
    persona: str
    stages: list[str]
    sources: list[Source]


@dataclass(frozen=True)
class Interaction:
    """A link between two personas of the journey (see `mapbridge.interactions.Link`), named.

    `cross_persona_pain` is True for "caused by" links: the source persona's pain at that stage
    comes from the other persona's behaviour; `pains` are the source persona's pain points there.
    """

    relation: str
    verb: str
    persona_id: str | None
    persona: str
    stage_id: str
    stage: str
    target_persona_id: str | None
    target: str
    target_stage_id: str | None
    target_stage: str
    note: str
    text: str
    resolved: bool
    problem: str
    cross_persona_pain: bool
    pains: list[str]
    source: Source | None

    @property
    def sentence(self) -> str:
        """ "Sam Chen at First claim: pain caused by Maria Lopez at Set up (policy limits …)"."""
        target = self.target + (f" at {self.target_stage}" if self.target_stage else "")
        note = f" ({self.note})" if self.note else ""
        if self.cross_persona_pain:
            return f"{self.persona} at {self.stage}: pain caused by {target}{note}"
        return f"{self.persona} at {self.stage} {self.verb} {target}{note}"


@dataclass(frozen=True)
class MapPair:
    """Two maps of a journey compared for journey-first advice, each figure on 0..1.

    `similarity` is the mean of the stage overlap, the pain-point similarity and the emotion
    similarity (1 - the mean score difference over the stages both scored / 2).
    """

    first_id: str
    first: str
    second_id: str
    second: str
    stage_overlap: float
    pain_similarity: float
    #: None when the two maps share no scored stage (then left out of `similarity`).
    emotion_similarity: float | None
    similarity: float


@dataclass(frozen=True)
class OwnPersona:
    """A map that diverges from every other map of its journey: a candidate for a persona of its
    own, with the closest map and how close it is."""

    map_id: str
    map: str
    closest_id: str
    closest: str
    similarity: float


@dataclass(frozen=True)
class Groupings:
    """Journey-first suggestions for a journey mapped with weak personas (proto-personas,
    segments, or no persona): maps to merge and maps that deserve a persona of their own."""

    weak: list[str]
    merge: list[MapPair]
    own_persona: list[OwnPersona]
    pairs: list[MapPair]


@dataclass(frozen=True)
class JourneyInsights:
    """Everything `mapbridge insights` says about one journey with two or more persona maps."""

    key: str
    journey: str
    personas: list[str]
    persona_ids: list[str]
    gaps: list[EmotionGap]
    specific_pains: list[Item]
    shared_pains: list[Item]
    opportunities: list[Opportunity]
    single_persona_channels: list[ChannelUse]
    interactions: list[Interaction]
    groupings: Groupings | None


@dataclass(frozen=True)
class Insights:
    """Where the personas differ, journey by journey (those with two or more persona maps)."""

    title: str
    journeys: list[JourneyInsights]

    def journey(self, key: str) -> JourneyInsights | None:
        return next((j for j in self.journeys if j.key == key), None)

    def as_dict(self) -> dict:
        """The JSON form (documented in the README)."""
        return _jsonable(asdict(self), self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def _jsonable(data: dict, insights: Insights) -> dict:
    """asdict() plus the computed fields a reader of the JSON needs (share, sentence)."""
    for journey_data, journey in zip(data["journeys"], insights.journeys, strict=True):
        for gap_data, gap in zip(journey_data["gaps"], journey.gaps, strict=True):
            gap_data["share"] = round(gap.share, 4)
        for link_data, link in zip(journey_data["interactions"], journey.interactions, strict=True):
            link_data["sentence"] = link.sentence
    _sources_as_text(data)
    return data


def _sources_as_text(value: object) -> None:
    """Every {sheet, cell} source in the dict form becomes its text ("Journey!C7")."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, dict):
                value[key] = str(Source(**item))
            elif key == "sources" and isinstance(item, list):
                value[key] = [str(Source(**s)) for s in item]
            else:
                _sources_as_text(item)
    elif isinstance(value, list):
        for item in value:
            _sources_as_text(item)


# ------------------------------------------------------------------------------ computing them


def insights(workspace: Workspace) -> Insights:
    """Where the personas differ in every journey with two or more maps (see the module doc)."""
    links = find_links(workspace)
    journeys = []
    for key, maps in workspace.journey_groups().items():
        if len(maps) < 2:
            continue
        journeys.append(_Journey(workspace, key, maps, links).insights())
    return Insights(title=workspace.title, journeys=journeys)


def _items(text: str) -> list[str]:
    """The items of a pain point or opportunity cell: one per line, typed list marks taken off."""
    return [item for line in text.splitlines() if (item := _MARK.sub("", line).strip())]


def _tags(text: str) -> list[str]:
    """The touchpoints or channels of a cell: "App, Email", one a line, "• App • Email"."""
    return [tag for part in _TAG_SPLIT.split(text) if (tag := _MARK.sub("", part).strip())]


def _sources(refs: list[SourceRef | None]) -> list[Source]:
    found: list[Source] = []
    for ref in refs:
        source = Source.of(ref)
        if source is not None and source not in found:
            found.append(source)
    return found


@dataclass
class _Cluster:
    """Items of one stage that read alike, gathered across personas."""

    texts: list[str]
    persona_ids: list[str]
    refs: list[SourceRef | None]
    #: Each text's words, as the similarity compares them (made once per text).
    words: list[list[str]] = field(default_factory=list)


class _Gathering:
    """One stage's items gathered into clusters of texts alike (SAME_ITEM): in order, an item
    joins the first cluster holding a text alike to it, else starts one.

    Two texts can only be alike if they share enough words, so they are compared only when they
    share one of their rarest words (prefix filtering, as in set-similarity joins: texts whose
    shared words reach the bound share a word among each one's rarest `n - needed + 1`). The
    result is the same as comparing every pair; a 50-persona map has hundreds of items a stage.
    """

    def __init__(self, drop: set[str]) -> None:
        self.drop = drop
        self.items: list[tuple[str, str, SourceRef | None, list[str]]] = []

    def add(self, text: str, persona_id: str, ref: SourceRef | None) -> None:
        self.items.append((text, persona_id, ref, tokens(text, self.drop)))

    @property
    def clusters(self) -> list[_Cluster]:
        # Each occurrence of a word is its own element ("fee" twice is fee#1, fee#2), so the
        # shared elements of two texts are their shared words counted as the ratio counts them.
        counted = [Counter(words) for *_, words in self.items]
        elements = [[(w, k) for w, n in c.items() for k in range(n)] for c in counted]
        frequency = Counter(e for own in elements for e in set(own))
        prefixes = []
        for own in elements:
            n = len(own)
            # The fewest shared elements a text of n words needs with any text to reach SAME_ITEM.
            needed = math.floor(SAME_ITEM * n / (2.0 - SAME_ITEM) + 1e-9)
            ordered = sorted(own, key=lambda e: (frequency[e], e))
            prefixes.append(ordered[: max(1, n - needed + 1)])
        clusters: list[_Cluster] = []
        cluster_of: list[int] = []
        index: dict[tuple[str, int], list[int]] = {}
        empties: list[int] = []
        for i, (text, persona_id, ref, words) in enumerate(self.items):
            candidates = set(empties) if not words else set()
            for element in prefixes[i] if words else ():
                candidates.update(index.get(element, ()))
            target = None
            for j in sorted(candidates, key=lambda j: cluster_of[j]):
                if target is not None and cluster_of[j] >= target:
                    break
                if alike(words, self.items[j][3], SAME_ITEM, (counted[i], counted[j])):
                    target = cluster_of[j]
            if target is None:
                clusters.append(_Cluster([], [], [], []))
                target = len(clusters) - 1
            cluster = clusters[target]
            cluster.texts.append(text)
            cluster.words.append(words)
            cluster.refs.append(ref)
            if persona_id not in cluster.persona_ids:
                cluster.persona_ids.append(persona_id)
            cluster_of.append(target)
            if not words:
                empties.append(i)
            for element in prefixes[i] if words else ():
                index.setdefault(element, []).append(i)
        return clusters


class _Journey:
    """One journey's maps and what they are compared by: personas, stages, scores."""

    def __init__(
        self, workspace: Workspace, key: str, maps: list[Journey], links: list[Link]
    ) -> None:
        self.workspace = workspace
        self.key = key
        self.maps = maps
        self.links = [link for link in links if link.journey_key == key]
        # One map per persona: the first (a second map of the same persona is not compared).
        self.persona_maps: list[Journey] = []
        seen: set[str] = set()
        for journey in maps:
            if journey.persona_id and journey.persona_id not in seen:
                seen.add(journey.persona_id)
                self.persona_maps.append(journey)
        self.cells = {journey.id: journey.cell_index() for journey in maps}
        self.stages: dict[str, str] = {}
        for journey in maps:
            for stage in journey.stages:
                self.stages.setdefault(stage.id, stage.name)
        self.order = {stage_id: i for i, stage_id in enumerate(self.stages)}
        personas = [p for j in maps if (p := workspace.persona(j.persona_id)) is not None]
        self.drop = name_tokens(*personas)
        self._words_cache: dict[str, Counter[str]] = {}
        self._scores: dict[tuple[str, str], PersonaScore | None] = {}

    def name(self, persona_id: str | None) -> str:
        persona = self.workspace.persona(persona_id)
        return persona.name if persona else (persona_id or "no persona")

    def insights(self) -> JourneyInsights:
        compare = len(self.persona_maps) >= 2
        pains = self._clusters("pain_points") if compare else []
        return JourneyInsights(
            key=self.key,
            journey=self.maps[0].name,
            personas=[self.name(j.persona_id) for j in self.persona_maps],
            persona_ids=[j.persona_id or "" for j in self.persona_maps],
            gaps=self._gaps() if compare else [],
            specific_pains=[self._item(s, c) for s, c in pains if len(c.persona_ids) == 1],
            shared_pains=[self._item(s, c) for s, c in pains if len(c.persona_ids) > 1],
            opportunities=self._opportunities() if compare else [],
            single_persona_channels=self._channels() if compare else [],
            interactions=[self._interaction(link) for link in self.links],
            groupings=self._groupings(),
        )

    # -- emotions

    def _score(self, journey: Journey, stage_id: str) -> PersonaScore | None:
        key = (journey.id, stage_id)
        if key not in self._scores:
            self._scores[key] = self._stage_score(journey, stage_id)
        return self._scores[key]

    def _stage_score(self, journey: Journey, stage_id: str) -> PersonaScore | None:
        cells = self.cells[journey.id]
        lanes = journey.emotion_lanes()
        if not lanes:
            return None
        score = cells.stage_score(stage_id, lanes[0].id)
        if score is None:
            return None
        entries = [e for e in cells.stage_cell(stage_id, lanes[0].id) if e.emotion is not None]
        typed = ", ".join(e.emotion.raw.strip() for e in entries if e.emotion is not None)
        return PersonaScore(
            persona_id=journey.persona_id or "",
            persona=self.name(journey.persona_id),
            score=round(score, 6),
            typed=typed,
            sources=_sources([e.source for e in entries]),
        )

    def _gaps(self) -> list[EmotionGap]:
        gaps = []
        for stage_id, stage in self.stages.items():
            scores = [s for j in self.persona_maps if (s := self._score(j, stage_id)) is not None]
            if len(scores) < 2:
                continue
            # The first persona in map order wins a tie, both for lowest and highest.
            low = min(scores, key=lambda s: s.score)
            high = max(scores, key=lambda s: s.score)
            spread = round(high.score - low.score, 6)
            gaps.append(EmotionGap(stage_id, stage, spread, low, high, scores))
        return sorted(gaps, key=lambda g: (-g.spread, self.order[g.stage_id]))

    def _pain(self, persona_id: str, stage_id: str) -> float:
        """How painful a stage is for a persona: max(0, -score) on 0..1; 0 when unscored."""
        journey = next((j for j in self.persona_maps if j.persona_id == persona_id), None)
        found = self._score(journey, stage_id) if journey is not None else None
        return max(0.0, -found.score) if found is not None else 0.0

    # -- pain points and opportunities

    def _clusters(self, kind: str) -> list[tuple[str, _Cluster]]:
        """(stage id, cluster) for every item of the lanes of `kind`, stage by stage."""
        found: list[tuple[str, _Cluster]] = []
        for stage_id in self.stages:
            gathered = _Gathering(self.drop)
            for journey in self.persona_maps:
                cells = self.cells[journey.id]
                for lane in journey.lanes:
                    if lane.kind != kind:
                        continue
                    for entry in cells.stage_cell(stage_id, lane.id):
                        for text in _items(entry.text):
                            gathered.add(text, journey.persona_id or "", entry.source)
            found.extend((stage_id, cluster) for cluster in gathered.clusters)
        return found

    def _item(self, stage_id: str, cluster: _Cluster) -> Item:
        return Item(
            stage_id=stage_id,
            stage=self.stages[stage_id],
            text=cluster.texts[0],
            persona_ids=list(cluster.persona_ids),
            personas=[self.name(p) for p in cluster.persona_ids],
            texts=list(dict.fromkeys(cluster.texts)),
            sources=_sources(cluster.refs),
        )

    def _opportunities(self) -> list[Opportunity]:
        ranked = []
        for stage_id, cluster in self._clusters("opportunities"):
            item = self._item(stage_id, cluster)
            pain = {p: round(self._pain(p, stage_id), 6) for p in cluster.persona_ids}
            priority = round(len(pain) + sum(pain.values()), 6)
            ranked.append(Opportunity(**vars(item), pain=pain, priority=priority))
        return sorted(
            ranked,
            key=lambda o: (-o.priority, -len(o.persona_ids), self.order[o.stage_id]),
        )

    # -- touchpoints and channels

    def _channels(self) -> list[ChannelUse]:
        uses: dict[tuple[str, str], dict] = {}
        for journey in self.persona_maps:
            cells = self.cells[journey.id]
            for lane in journey.lanes:
                if lane.kind not in ("touchpoints", "channels"):
                    continue
                for stage_id in self.stages:
                    for entry in cells.stage_cell(stage_id, lane.id):
                        for tag in _tags(entry.text):
                            key = (lane.kind, name_key(tag))
                            use = uses.setdefault(key, {"text": tag, "personas": {}, "refs": []})
                            stages = use["personas"].setdefault(journey.persona_id, [])
                            if self.stages[stage_id] not in stages:
                                stages.append(self.stages[stage_id])
                            use["refs"].append(entry.source)
        found = []
        for (lane_kind, _), use in uses.items():
            if len(use["personas"]) != 1:
                continue
            persona_id, stages = next(iter(use["personas"].items()))
            found.append(
                ChannelUse(
                    lane=lane_kind,
                    text=use["text"],
                    persona_id=persona_id or "",
                    persona=self.name(persona_id),
                    stages=stages,
                    sources=_sources(use["refs"]),
                )
            )
        order = {j.persona_id: i for i, j in enumerate(self.persona_maps)}
        return sorted(found, key=lambda c: order.get(c.persona_id, 0))

    # -- interactions

    def _interaction(self, link: Link) -> Interaction:
        pains: list[str] = []
        journey = next((j for j in self.maps if j.id == link.source_journey_id), None)
        if link.relation == "caused_by" and journey is not None:
            cells = self.cells[journey.id]
            for lane in journey.lanes:
                if lane.kind == "pain_points":
                    for entry in cells.stage_cell(link.source_stage_id, lane.id):
                        pains.extend(_items(entry.text))
        return Interaction(
            relation=link.relation,
            verb=link.verb,
            persona_id=link.source_persona_id,
            persona=self.name(link.source_persona_id),
            stage_id=link.source_stage_id,
            stage=link.source_stage_name,
            target_persona_id=link.target_persona_id,
            target=self.name(link.target_persona_id)
            if link.target_persona_id
            else link.target_name,
            target_stage_id=link.target_stage_id,
            target_stage=link.target_stage_name,
            note=link.note,
            text=link.text,
            resolved=link.resolved,
            problem=link.problem,
            cross_persona_pain=link.relation == "caused_by",
            pains=pains,
            source=Source.of(link.source),
        )

    # -- journey first

    def _weak(self, journey: Journey) -> bool:
        persona = self.workspace.persona(journey.persona_id)
        return persona is None or persona.kind in WEAK_KINDS

    def _label(self, journey: Journey) -> str:
        persona = self.workspace.persona(journey.persona_id)
        if persona is None:
            return f'the map "{journey.name}"' + (
                f' for "{journey.persona_id}"' if journey.persona_id else " with no persona"
            )
        return f"{persona.name}'s map ({kind_label(persona.kind).listing})"

    def _all_items(self, journey: Journey, kind: str) -> list[str]:
        return [
            item
            for entry in journey.entries
            if (lane := self.cells[journey.id].lane(entry.lane_id)) is not None
            and lane.kind == kind
            for item in _items(entry.text)
        ]

    def _pain_words(self, journey: Journey) -> Counter[str]:
        """Every word of a map's pain points (names of the personas left out), counted once."""
        found = self._words_cache.get(journey.id)
        if found is None:
            found = Counter(
                w
                for item in self._all_items(journey, "pain_points")
                for w in tokens(item, self.drop)
            )
            self._words_cache[journey.id] = found
        return found

    def _pair(self, first: Journey, second: Journey) -> MapPair:
        overlap = stage_overlap([first, second])
        pains = word_overlap(self._pain_words(first), self._pain_words(second))
        differences = []
        for stage_id in self.stages:
            a, b = self._score(first, stage_id), self._score(second, stage_id)
            if a is not None and b is not None:
                differences.append(abs(a.score - b.score))
        emotion = 1.0 - sum(differences) / len(differences) / 2.0 if differences else None
        figures = [overlap, pains] + ([emotion] if emotion is not None else [])
        return MapPair(
            first_id=first.id,
            first=self._label(first),
            second_id=second.id,
            second=self._label(second),
            stage_overlap=round(overlap, 4),
            pain_similarity=round(pains, 4),
            emotion_similarity=round(emotion, 4) if emotion is not None else None,
            similarity=round(sum(figures) / len(figures), 4),
        )

    def _groupings(self) -> Groupings | None:
        weak = [j for j in self.maps if self._weak(j)]
        if not weak:
            return None
        pairs = [
            self._pair(a, b)
            for a, b in combinations(self.maps, 2)
            if self._weak(a) or self._weak(b)
        ]
        merge = sorted(
            (p for p in pairs if p.similarity >= MERGE_SIMILARITY), key=lambda p: -p.similarity
        )
        own = []
        for journey in weak:
            mine = [p for p in pairs if journey.id in (p.first_id, p.second_id)]
            if not mine:
                continue
            closest = max(mine, key=lambda p: p.similarity)
            if closest.similarity < DIVERGE_SIMILARITY:
                other_id = closest.second_id if closest.first_id == journey.id else closest.first_id
                other = next(j for j in self.maps if j.id == other_id)
                own.append(
                    OwnPersona(
                        map_id=journey.id,
                        map=self._label(journey),
                        closest_id=other.id,
                        closest=self._label(other),
                        similarity=closest.similarity,
                    )
                )
        return Groupings(
            weak=[self._label(j) for j in weak], merge=merge, own_persona=own, pairs=pairs
        )


def _joined(items: list[str]) -> str:
    """Items as one text, in a fixed order (the order of bullet points carries no meaning)."""
    return " | ".join(sorted(items, key=str.casefold))


# ----------------------------------------------------------------------------------- as text


def _persona_score(score: PersonaScore) -> str:
    where = f" ({', '.join(map(str, score.sources))})" if score.sources else ""
    return f"{score.persona} {score.typed or f'{score.score:+.2f}'}{where}"


def _where(sources: list[Source]) -> str:
    return f"  [{', '.join(map(str, sources))}]" if sources else ""


def insights_as_text(found: Insights, *, limit: int | None = None) -> str:
    """The insights for people (`mapbridge insights`, build's WORKBOOK-insights.txt): per journey,
    the gaps, pains, opportunities, one-persona channels, interactions and journey-first advice.
    `limit` caps each list (None: everything)."""
    lines = [f"Where the personas differ: {found.title}"]
    if not found.journeys:
        lines += ["", "No journey has two or more maps to compare."]
    for journey in found.journeys:
        lines += ["", f"{journey.journey} ({', '.join(journey.personas) or 'no personas'})"]
        lines += _section(
            "Where emotions differ most (spread of the scores on -1..+1; 2 is the whole scale)",
            [
                f"{g.stage}: {g.spread:.2f} apart ({g.share:.0%} of the scale); lowest "
                f"{_persona_score(g.low)}, highest {_persona_score(g.high)}"
                for g in journey.gaps
            ],
            limit,
            numbered=True,
        )
        lines += _section(
            "Pain points only one persona has",
            [
                f'{p.stage} · {p.personas[0]}: "{p.text}"{_where(p.sources)}'
                for p in journey.specific_pains
            ],
            limit,
        )
        lines += _section(
            "Pain points several personas share",
            [
                f'{p.stage} · {", ".join(p.personas)}: "{p.text}"{_where(p.sources)}'
                for p in journey.shared_pains
            ],
            limit,
        )
        lines += _section(
            "Opportunities (priority = personas it addresses + their pain at its stage, 0..1 each)",
            [
                f'{o.priority:.2f} · {o.stage}: "{o.text}" helps {", ".join(o.personas)}'
                f" (pain {', '.join(f'{o.pain[p]:.2f}' for p in o.persona_ids)}){_where(o.sources)}"
                for o in journey.opportunities
            ],
            limit,
            numbered=True,
        )
        lines += _section(
            "Touchpoints and channels only one persona uses",
            [
                f"{c.persona}: {c.text} ({c.lane}; {', '.join(c.stages)}){_where(c.sources)}"
                for c in journey.single_persona_channels
            ],
            limit,
        )
        lines += _section(
            "Interactions",
            [_interaction_line(i) for i in journey.interactions],
            limit,
        )
        if journey.groupings is not None:
            lines += _groupings_lines(journey.groupings, limit)
    return "\n".join(lines)


def _interaction_line(link: Interaction) -> str:
    where = f"  [{link.source}]" if link.source else ""
    if not link.resolved:
        return f"{link.persona} ({link.stage}) {link.verb} {link.text!r}: not drawn, {link.problem}{where}"
    line = link.sentence
    if link.cross_persona_pain:
        pains = "; ".join(link.pains)
        line += f" — cross-persona pain{': ' + pains if pains else ''}"
    return line + where


def _groupings_lines(groupings: Groupings, limit: int | None) -> list[str]:
    title = (
        "Journey first (maps of proto-personas, segments or no persona; similarity = mean of "
        "stage overlap, pain similarity and emotion similarity)"
    )
    lines: list[str] = []
    lines += [f"Merge candidates: {_pair_line(p)}" for p in groupings.merge]
    lines += [
        f"Own persona candidate: {o.map} (closest: {o.closest} at {o.similarity:.0%})"
        for o in groupings.own_persona
    ]
    if not lines:
        lines = ["No map is near-identical to another or far from all others."]
    lines += [f"{_pair_line(p)}" for p in groupings.pairs if p not in groupings.merge]
    return _section(title, lines, limit)


def _pair_line(pair: MapPair) -> str:
    emotion = (
        f"emotions {pair.emotion_similarity:.0%}"
        if pair.emotion_similarity is not None
        else "no emotions to compare"
    )
    return (
        f"{pair.first} and {pair.second}: {pair.similarity:.0%} alike (stages "
        f"{pair.stage_overlap:.0%}, pains {pair.pain_similarity:.0%}, {emotion})"
    )


def _section(
    title: str, items: list[str], limit: int | None, *, numbered: bool = False
) -> list[str]:
    if not items:
        return []
    shown = items if limit is None else items[:limit]
    lines = ["", f"  {title}"]
    for i, item in enumerate(shown, 1):
        lines.append(f"    {i}. {item}" if numbered else f"    - {item}")
    if len(shown) < len(items):
        lines.append(f"    … and {len(items) - len(shown)} more")
    return lines
