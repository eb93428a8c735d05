"""Links between the personas of a journey: who interacts with, depends on, suffers from or hands
over to whom, at which stage, read from the `Interacts with`-style lanes of the maps.

A cell of such a lane names personas, one per line (or separated by ";", or by "," when each part
names a persona): `Ben Okafor`, `Ben › Approve` (a stage of Ben's map), `Ben: signs the budget`
(a note after the name). A name matches regardless of case, accents and spacing, by full name,
id, or a first name only one persona has. Without a stage the link goes to the same stage of the
named persona's map of the journey. Pure functions over the model: no file I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapbridge.model import (
    LANE_LABELS,
    RELATION_KINDS,
    Journey,
    Persona,
    SourceRef,
    Workspace,
    name_key,
)

#: How each relation reads in a sentence: "Ana depends on Ben".
RELATION_VERBS: dict[str, str] = {kind: LANE_LABELS[kind].lower() for kind in RELATION_KINDS}

#: What separates a persona from a stage of theirs: "Ben › Approve", "Ben > Approve".
_STAGE_MARK = re.compile(r"\s*(?:›|»|>|→|->)\s*")
#: What may separate a name (or a stage) from a note: "Ben: signs", "Ben – signs", "Ben (signs)".
_NOTE_MARK = re.compile(r"^\s*(?::|–|—|-|\(|,)\s*")
#: List marks and arrows typed before a name.
_LEAD = re.compile(r"^\s*(?:[•·*▪◦‣→⇢➜>-]|\d+[.)]|\(?[a-z]\))\s*")
#: Words people put before the name in the cell ("with Ben", "to Ben", "by Ben").
_LEAD_WORDS = ("with ", "to ", "by ", "on ", "from ", "and ")


@dataclass(frozen=True)
class Link:
    """One persona named in a relation lane: from a persona's stage to another persona (and a
    stage of theirs). `problem` says why it cannot be drawn ("" when it can)."""

    relation: str
    journey_key: str
    journey_name: str
    #: The map whose lane names the other persona, its persona (None: a map with no persona),
    #: and its stage.
    source_journey_id: str
    source_persona_id: str | None
    source_stage_id: str
    source_stage_name: str
    #: The item as typed, and what follows the name (and stage): "signs the budget".
    text: str
    note: str
    #: The cell the item was typed in.
    source: SourceRef | None
    #: The persona named (None: no persona of the workspace has that name) and the name as typed.
    target_persona_id: str | None
    target_name: str
    #: The named persona's map of this journey and the stage linked to (None when it has none).
    target_journey_id: str | None
    target_stage_id: str | None
    #: The stage as named, else the source stage's name (the link's default).
    target_stage_name: str
    problem: str = ""

    @property
    def resolved(self) -> bool:
        """True when both ends are cells of maps of the journey (the link can be drawn)."""
        return not self.problem

    @property
    def verb(self) -> str:
        """The relation in a sentence: "depends on"."""
        return RELATION_VERBS.get(self.relation, self.relation.replace("_", " "))

    @property
    def crosses_stages(self) -> bool:
        """True when the link goes to another stage than its own."""
        return self.target_stage_id is not None and self.target_stage_id != self.source_stage_id


class _Names:
    """Every way a cell may name a persona, as name keys: full names, ids, unique first names."""

    def __init__(self, personas: list[Persona]) -> None:
        self.keys: dict[str, Persona] = {}
        firsts: dict[str, list[Persona]] = {}
        for persona in personas:
            for key in (name_key(persona.name), name_key(persona.id)):
                if key:
                    self.keys.setdefault(key, persona)
            words = name_key(persona.name).split()
            if len(words) > 1:
                firsts.setdefault(words[0], []).append(persona)
        for first, owners in firsts.items():
            if len(owners) == 1:
                self.keys.setdefault(first, owners[0])
        # Longest first, so "Ben Okafor" wins over "Ben".
        self.ordered = sorted(self.keys, key=len, reverse=True)

    def find(self, text: str) -> tuple[Persona | None, str, str]:
        """(persona, the name as typed, the rest) for text that starts with a persona's name."""
        key = name_key(text)
        for candidate in self.ordered:
            if key == candidate or key.startswith(candidate + " "):
                cut = _typed_prefix(text, candidate)
                return self.keys[candidate], text[:cut].strip(), text[cut:]
        return None, "", text

    def starts_with_name(self, text: str) -> bool:
        return self.find(text)[0] is not None


def _typed_prefix(text: str, key: str) -> int:
    """How many characters of `text` spell the name key `key` (words compared by name key)."""
    want = key.split()
    found = 0
    for match in re.finditer(r"\w+", text):
        found += len(name_key(match.group()).split())
        if found >= len(want):
            return match.end()
    return len(text)


def items_of(text: str, names: _Names | None = None) -> list[str]:
    """The persona items of a relation cell: one per line or ";"-part; a line of ","/"and"-parts
    is split too when every part starts with a persona's name ("Ben, Chloé")."""
    items: list[str] = []
    for line in re.split(r"[\n;]+", text):
        line = _clean(line)
        if not line:
            continue
        parts = [_clean(p) for p in re.split(r",|\s+(?:and|&|\+)\s+", line)]
        if names is not None and len(parts) > 1 and all(names.starts_with_name(p) for p in parts):
            items.extend(p for p in parts if p)
        else:
            items.append(line)
    return items


def _clean(text: str) -> str:
    text = _LEAD.sub("", text.strip()).strip()
    lowered = text.casefold()
    for word in _LEAD_WORDS:
        if lowered.startswith(word):
            return text[len(word) :].strip()
    return text


def _stage_in(journey: Journey, named: str) -> str | None:
    """The id of the stage of `journey` that `named` names, by name or id."""
    key = name_key(named)
    for stage in journey.stages:
        if key in (name_key(stage.name), name_key(stage.id)):
            return stage.id
    return None


def find_links(workspace: Workspace) -> list[Link]:
    """Every persona named in a relation lane of every map, resolved or not, in workbook order."""
    names = _Names(workspace.personas)
    groups = workspace.journey_groups()
    links: list[Link] = []
    for journey in workspace.journeys:
        relation_lanes = {
            lane.id: lane.kind for lane in journey.lanes if lane.kind in RELATION_KINDS
        }
        if not relation_lanes:
            continue
        stage_names = {stage.id: stage.name for stage in journey.stages}
        for entry in journey.entries:
            relation = relation_lanes.get(entry.lane_id)
            if relation is None or not entry.text.strip():
                continue
            for item in items_of(entry.text, names):
                links.append(
                    _link(
                        workspace,
                        names,
                        groups.get(journey.key, [journey]),
                        journey,
                        (relation, entry.stage_id, stage_names.get(entry.stage_id, entry.stage_id)),
                        item,
                        entry.source,
                    )
                )
    return links


def _link(
    workspace: Workspace,
    names: _Names,
    group: list[Journey],
    journey: Journey,
    where: tuple[str, str, str],
    item: str,
    source: SourceRef | None,
) -> Link:
    relation, stage_id, stage_name = where
    persona, typed, rest = names.find(item)
    fields = {
        "relation": relation,
        "journey_key": journey.key,
        "journey_name": journey.name,
        "source_journey_id": journey.id,
        "source_persona_id": journey.persona_id,
        "source_stage_id": stage_id,
        "source_stage_name": stage_name,
        "text": item,
        "source": source,
    }
    if persona is None:
        known = ", ".join(p.name for p in workspace.personas) or "none defined"
        return Link(
            **fields,
            note="",
            target_persona_id=None,
            target_name=_name_part(item),
            target_journey_id=None,
            target_stage_id=None,
            target_stage_name="",
            problem=f'"{_name_part(item)}" is not a persona of this workspace (personas: {known})',
        )
    fields |= {"target_persona_id": persona.id, "target_name": typed or persona.name}
    stage_typed = ""
    marked = _STAGE_MARK.match(rest)
    if marked:
        rest = rest[marked.end() :]
        stage_typed, rest = _split_note(rest)
    note = _NOTE_MARK.sub("", rest, count=1).strip().rstrip(")").strip()
    fields["note"] = note
    if persona.id == journey.persona_id:
        return Link(
            **fields,
            target_journey_id=None,
            target_stage_id=None,
            target_stage_name=stage_typed or stage_name,
            problem=f"{persona.name} is linked to their own map; a relation names another persona",
        )
    target_map = next((j for j in group if j.persona_id == persona.id), None)
    if target_map is None:
        return Link(
            **fields,
            target_journey_id=None,
            target_stage_id=None,
            target_stage_name=stage_typed or stage_name,
            problem=f'{persona.name} has no map of "{journey.name}"',
        )
    fields["target_journey_id"] = target_map.id
    if stage_typed:
        found = _stage_in(target_map, stage_typed)
        if found is None:
            return Link(
                **fields,
                target_stage_id=None,
                target_stage_name=stage_typed,
                problem=f'{persona.name}\'s map of "{journey.name}" has no stage "{stage_typed}"',
            )
        target_stage = target_map.stage(found)
        return Link(
            **fields,
            target_stage_id=found,
            target_stage_name=target_stage.name if target_stage else stage_typed,
        )
    same = target_map.stage(stage_id) or next(
        (s for s in target_map.stages if name_key(s.name) == name_key(stage_name)), None
    )
    if same is None:
        return Link(
            **fields,
            target_stage_id=None,
            target_stage_name=stage_name,
            problem=f'{persona.name}\'s map of "{journey.name}" has no stage "{stage_name}"; '
            f"name one as {persona.name} › Stage",
        )
    return Link(**fields, target_stage_id=same.id, target_stage_name=same.name)


def _split_note(text: str) -> tuple[str, str]:
    """("Approve", ": signs") for "Approve: signs": a stage name ends at a note mark."""
    match = re.search(r"\s*(?::|–|—|\(|\s-\s)", text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.start() :]


def _name_part(item: str) -> str:
    """The part of an unmatched item that would be the name: up to a stage or note mark."""
    head = _STAGE_MARK.split(item, maxsplit=1)[0]
    return _split_note(head)[0] or item.strip()


def links_by_cell(links: list[Link]) -> dict[tuple[str, str], list[Link]]:
    """Resolved links keyed by their source (map id, stage id), in order."""
    found: dict[tuple[str, str], list[Link]] = {}
    for link in links:
        if link.resolved:
            found.setdefault((link.source_journey_id, link.source_stage_id), []).append(link)
    return found
