"""What the tracker says about a workspace: one record per persona, map, link and finding, plus fingerprints.

Plain Python (no openpyxl): the writer turns these records into rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mapbridge.errors import Problem
from mapbridge.model import (
    PERSONA_CONTENT_FIELDS,
    Journey,
    Persona,
    Review,
    SourceRef,
    Trigger,
    Workspace,
    is_board_place,
)

SHARED_MAP_PERSONA = "All personas (shared map)"


@dataclass
class Record:
    """One row the tracker keeps: its key, the values mapbridge owns, and seeds for people's columns."""

    key: tuple[str, ...]
    label: str
    source: dict[str, Any]
    seeds: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    #: The workbook's own "last updated" date, used as the date of a change when it is newer.
    updated: date | None = None


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def persona_detail(persona: Persona) -> dict[str, Any]:
    """Per-field hashes of a persona's content, plus its name and kind to describe changes."""
    dumped = persona.model_dump(include=set(PERSONA_CONTENT_FIELDS))
    return {
        "name": persona.name,
        "kind": persona.kind,
        "fields": {name: _hash(dumped.get(name)) for name in PERSONA_CONTENT_FIELDS},
    }


def journey_detail(journey: Journey) -> dict[str, Any]:
    """A map's content in comparable pieces: stage names in order, lanes, and each stage's entries."""
    content: dict[str, list[Any]] = {stage.id: [] for stage in journey.stages}
    for entry in journey.entries:
        content.setdefault(entry.stage_id, []).append(
            [
                entry.step,
                entry.lane_id,
                entry.text,
                entry.emotion.raw if entry.emotion else None,
                entry.shared,
            ]
        )
    return {
        "name": journey.name,
        "persona": journey.persona_id,
        "stages": [stage.name for stage in journey.stages],
        "stage_ids": [stage.id for stage in journey.stages],
        "stage_shape": _hash(
            [[s.description, [step.name for step in s.steps]] for s in journey.stages]
        ),
        "lanes": _hash([[lane.kind, lane.name, lane.variant] for lane in journey.lanes]),
        "scale": journey.emotion_scale,
        "content": {stage_id: _hash(items) for stage_id, items in content.items()},
    }


def fingerprint(detail: dict[str, Any]) -> str:
    return _hash(detail)


def describe_persona_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """A sentence for the change log: which parts of a persona changed."""
    parts: list[str] = []
    if old.get("name") != new.get("name"):
        parts.append(f"renamed '{old.get('name')}' to '{new.get('name')}'")
    if old.get("kind") != new.get("kind"):
        parts.append(f"kind {old.get('kind')} to {new.get('kind')}")
    old_fields = old.get("fields", {})
    changed = [
        name.replace("_", " ")
        for name, digest in new.get("fields", {}).items()
        if name not in ("name", "kind") and old_fields.get(name) != digest
    ]
    if changed:
        parts.append("changed " + ", ".join(changed))
    return "; ".join(parts) or "content changed"


def describe_map_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """A sentence for the change log: renamed, added or removed stages, changed lanes or content."""
    parts: list[str] = []
    if old.get("name") != new.get("name"):
        parts.append(f"journey renamed '{old.get('name')}' to '{new.get('name')}'")
    if old.get("persona") != new.get("persona"):
        parts.append(
            f"persona {old.get('persona') or 'shared'} to {new.get('persona') or 'shared'}"
        )
    old_stages: list[str] = old.get("stages", [])
    new_stages: list[str] = new.get("stages", [])
    if old_stages != new_stages:
        if len(old_stages) == len(new_stages):
            renames = [
                f"stage '{a}' renamed to '{b}'"
                for a, b in zip(old_stages, new_stages, strict=True)
                if a != b
            ]
            if sorted(old_stages) == sorted(new_stages):
                parts.append("stages reordered")
            else:
                parts.extend(renames)
        else:
            added = [s for s in new_stages if s not in old_stages]
            gone = [s for s in old_stages if s not in new_stages]
            if added:
                parts.append("stages added: " + ", ".join(added))
            if gone:
                parts.append("stages removed: " + ", ".join(gone))
    if old.get("stage_shape") != new.get("stage_shape") and old_stages == new_stages:
        parts.append("steps or stage descriptions changed")
    if old.get("lanes") != new.get("lanes"):
        parts.append("lanes changed")
    if old.get("scale") != new.get("scale"):
        parts.append("emotion scale changed")
    old_content = old.get("content", {})
    names = dict(zip(new.get("stage_ids", []), new_stages, strict=False))
    touched = [
        names.get(stage_id, stage_id)
        for stage_id, digest in new.get("content", {}).items()
        if stage_id in old_content and old_content[stage_id] != digest
    ]
    if touched:
        parts.append("content changed in " + ", ".join(touched))
    return "; ".join(parts) or "content changed"


def _seeds(review: Review) -> dict[str, Any]:
    """A row's review columns as mapbridge first fills them; the tracker's users keep them after."""
    return {
        "owner": review.owner,
        "last_reviewed": review.last_reviewed,
        "review_every": review.every_days,
    }


#: Between a file and its sheet in "Found in" (`journeys/pay.xlsx › Journey`).
PLACE_SEPARATOR = " › "
#: Before the other files that name a persona, in its "Found in".
NAMED_IN = "; also named in "


def place(workspace: Workspace, source: SourceRef | None) -> str:
    """`file › sheet` (a board: file › frame or page): where people go to edit a value.

    The file is the input the value was read from (`Workspace.file_of`), so a portfolio names
    each file, not the portfolio."""
    file = workspace.file_of(source)
    return PLACE_SEPARATOR.join(p for p in (file, source.sheet if source else "") if p)


def file_of_place(text: str) -> str:
    """The file a "Found in" text names first (`journeys/pay.xlsx › Journey` -> the file)."""
    return text.split(NAMED_IN, 1)[0].split(PLACE_SEPARATOR, 1)[0].strip()


def journey_source(journey: Journey) -> SourceRef | None:
    """Where a map was read: its title cell, else its first entry's cell."""
    return journey.source or next((e.source for e in journey.entries if e.source), None)


def journey_place(workspace: Workspace, journey: Journey) -> str:
    return place(workspace, journey_source(journey))


def persona_place(workspace: Workspace, persona: Persona) -> str:
    """Where a persona is defined (or named, when no file defines it), then the other files
    that name it: `catalogue.xlsx › Personas; also named in journeys/pay.xlsx`."""
    own = place(workspace, persona.source)
    own_file = workspace.file_of(persona.source)
    others: list[str] = []
    sources = [journey_source(j) for j in workspace.maps_for(persona.id)]
    sources += [c.source for c in workspace.connections if c.persona_id == persona.id]
    for source in sources:
        file = workspace.file_of(source)
        if file and file != own_file and file not in others:
            others.append(file)
    return own + (NAMED_IN + ", ".join(others) if others else "")


def run_files(workspace: Workspace) -> set[str]:
    """Every file this run read something from (one for a workbook, each input of a portfolio)."""
    sources: list[SourceRef | None] = [p.source for p in workspace.personas]
    sources += [journey_source(j) for j in workspace.journeys]
    sources += [c.source for c in workspace.connections]
    files = {workspace.file_of(source) for source in sources}
    return {f for f in files if f}


def persona_records(workspace: Workspace, review_every: int) -> list[Record]:
    records = []
    for persona in workspace.personas:
        maps = workspace.maps_for(persona.id)
        detail = persona_detail(persona)
        records.append(
            Record(
                key=(persona.id,),
                label=persona.name,
                source={
                    "id": persona.id,
                    "name": persona.name,
                    "kind": persona.kind,
                    "linked_maps": "; ".join(_map_label(workspace, j) for j in maps) or "none",
                    "found_in": persona_place(workspace, persona),
                },
                seeds=_seeds(persona.review(review_every)),
                fingerprint=fingerprint(detail),
                detail=detail,
                updated=persona.last_updated,
            )
        )
    return records


def _map_label(workspace: Workspace, journey: Journey) -> str:
    """A map's journey name; the map id too when that name is not unique for the persona."""
    same = [
        j
        for j in workspace.journeys
        if j.persona_id == journey.persona_id and j.name == journey.name
    ]
    return journey.name if len(same) == 1 else f"{journey.name} ({journey.id})"


def _persona_name(workspace: Workspace, persona_id: str | None) -> str:
    if persona_id is None:
        return SHARED_MAP_PERSONA
    persona = workspace.persona(persona_id)
    return persona.name if persona else persona_id


def map_records(workspace: Workspace, review_every: int) -> list[Record]:
    records = []
    for journey in workspace.journeys:
        detail = journey_detail(journey)
        records.append(
            Record(
                key=(journey.id,),
                label=f"{journey.name} / {_persona_name(workspace, journey.persona_id)}",
                source={
                    "id": journey.id,
                    "journey": journey.name,
                    "persona": _persona_name(workspace, journey.persona_id),
                    "persona_id": journey.persona_id or "",
                    "stages": " → ".join(stage.name for stage in journey.stages),
                    "found_in": journey_place(workspace, journey),
                },
                seeds=_seeds(journey.review(review_every)),
                fingerprint=fingerprint(detail),
                detail=detail,
                updated=journey.last_updated,
            )
        )
    return records


def connection_records(workspace: Workspace, review_every: int) -> list[Record]:
    """One record per persona-map link: every map built on a persona, plus declared connections."""
    pairs: list[tuple[str, str]] = [
        (j.persona_id, j.id) for j in workspace.journeys if j.persona_id is not None
    ]
    for connection in workspace.connections:
        pair = (connection.persona_id, connection.journey_id)
        known = workspace.persona(pair[0]) and workspace.journey(pair[1])
        if known and pair not in pairs:
            pairs.append(pair)
    records = []
    for persona_id, journey_id in pairs:
        journey = workspace.journey(journey_id)
        declared = workspace.connection(persona_id, journey_id)
        name = _persona_name(workspace, persona_id)
        records.append(
            Record(
                key=(persona_id, journey_id),
                label=f"{name} ↔ {journey.name if journey else journey_id}",
                source={
                    "persona_id": persona_id,
                    "persona": name,
                    "map_id": journey_id,
                    "journey": journey.name if journey else journey_id,
                    # A link lives where its map is: the map names the persona.
                    "found_in": journey_place(workspace, journey) if journey else "",
                },
                seeds=_seeds(
                    declared.review(review_every) if declared else Review(every_days=review_every)
                ),
            )
        )
    return records


def finding_records(findings: list[Problem]) -> list[Record]:
    """One record per distinct finding, keyed by its code and a digest of where and what it is."""
    records: dict[tuple[str, ...], Record] = {}
    for problem in findings:
        # A board's element is named file › frame › element; a workbook's cell as Sheet!C7.
        where = (
            problem.location
            if is_board_place(problem.cell)
            else problem.model_copy(update={"file": None}).location
        )
        digest = _hash([problem.code, problem.sheet, problem.cell, problem.message])[:8]
        key = (f"{problem.code}-{digest}",)
        if key in records:
            continue
        records[key] = Record(
            key=key,
            label=problem.name,
            source={
                "id": key[0],
                "severity": problem.severity,
                "code": problem.code,
                "name": problem.name,
                "message": problem.message,
                "hint": problem.hint,
                "where": where,
            },
        )
    return list(records.values())


def trigger_fingerprint(trigger: Trigger) -> str:
    """Identifies a workbook trigger so it is seeded into the tracker once, never twice."""
    return _hash([str(trigger.when), trigger.kind, trigger.description, trigger.affects])


def trigger_row(trigger: Trigger) -> dict[str, Any]:
    done = None if trigger.done is None else ("yes" if trigger.done else "no")
    return {
        "when": trigger.when,
        "kind": trigger.kind,
        "description": trigger.description,
        "affects": ", ".join(trigger.affects),
        "done": done,
    }


def as_date(value: Any) -> date | None:
    """A cell value as a date when it is one (openpyxl reads dates as datetimes)."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[union-attr]
    return None
