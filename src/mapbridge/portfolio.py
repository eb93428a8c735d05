"""A portfolio: several workshop files read as one workspace, with one persona catalogue.

Organisations keep personas in a catalogue and each team maps its journeys in its own workbook.
`merge` joins the workspaces read from those files: a persona named in several files is one
persona (names match regardless of case, accents and spacing, or by ID); the first definition
with content wins, or the catalogue's. Every value keeps its file in `SourceRef.file`, so
messages name the file as well as the sheet and cell. Pure functions over the model: the files
are read by the caller (`mapbridge.workflow`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapbridge import codes
from mapbridge.errors import Problem
from mapbridge.model import (
    PERSONA_CONTENT_FIELDS,
    Connection,
    Persona,
    Workspace,
    name_key,
    slugify,
    split_title,
)

#: What a folder given as an input is searched for (recursively): the formats teams keep
#: workshops in. JSON and Markdown are left out: a folder holds many that are not workshops.
FOLDER_SUFFIXES = (
    ".xlsx",
    ".xlsm",
    ".ods",
    ".csv",
    ".tsv",
    ".excalidraw",
    ".drawio",
    ".dio",
    ".mmd",
)


def is_output_or_lock(path: Path) -> bool:
    """Files in a portfolio folder that are not workshops: Office and LibreOffice lock files,
    hidden files, mapbridge's own trackers and their backups."""
    name = path.name
    return (
        name.startswith(("~$", ".~lock", "."))
        or name.endswith(("-tracker.xlsx", "-tracker.backup.xlsx"))
        or ".backup." in name
    )


def expand_inputs(paths: Sequence[Path], *, skip: Iterable[Path] = ()) -> list[Path]:
    """Files to read for `paths`: a file as given; a folder searched recursively for
    FOLDER_SUFFIXES in name order (lock files, hidden files, trackers and the folders in `skip`,
    such as the output folder, left out); each file once, in the order first given."""
    skipped = [p.resolve() for p in skip]
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            found.append(path)

    for path in paths:
        if not path.is_dir():
            add(path)
            continue
        # A skipped folder counts only inside the folder searched: an output folder that is
        # the portfolio's own folder (`build -o .`) must not hide the inputs.
        root = path.resolve()
        inside = [s for s in skipped if root in s.parents]
        for candidate in sorted(path.rglob("*")):
            resolved = candidate.resolve()
            if any(resolved == s or s in resolved.parents for s in inside):
                continue
            relative = candidate.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if (
                candidate.is_file()
                and candidate.suffix.lower() in FOLDER_SUFFIXES
                and not is_output_or_lock(candidate)
            ):
                add(candidate)
    return found


@dataclass
class Input:
    """One file of a portfolio as read: its name in messages (a path relative to where the run
    started) and its workspace."""

    name: str
    workspace: Workspace
    catalogue: bool = False


@dataclass
class Merged:
    """The portfolio's workspace and what merging found: notes on personas matched across files,
    warnings on the same persona defined differently. `persona_files` lists, per persona id, the
    files that define or name it; `map_files` the file of each map."""

    workspace: Workspace
    problems: list[Problem] = field(default_factory=list)
    persona_files: dict[str, list[str]] = field(default_factory=dict)
    map_files: dict[str, str] = field(default_factory=dict)
    catalogue: str | None = None

    def all_defined(self, file: str) -> bool:
        """True when every persona a file names is defined (in it or in another file)."""
        personas = [p for p in self.workspace.personas if file in self.persona_files.get(p.id, [])]
        return all(p.has_profile for p in personas)


def _stamped(value: Any, file: str) -> Any:
    """A model dump with every source ({sheet, cell}) given its file."""
    if isinstance(value, dict):
        if set(value) <= {"sheet", "cell", "file"} and "sheet" in value and "cell" in value:
            return {**value, "file": value.get("file") or file}
        return {k: _stamped(v, file) for k, v in value.items()}
    if isinstance(value, list):
        return [_stamped(v, file) for v in value]
    return value


def stamp(workspace: Workspace, file: str) -> Workspace:
    """The workspace with every source naming `file` (and `source_file` set to it)."""
    data = _stamped(workspace.model_dump(exclude={"reading"}), file)
    data["source_file"] = file
    return Workspace.model_validate(data)


def _persona_place(persona: Persona) -> str:
    """`catalogue.xlsx: Personas!A4`, where a persona is named."""
    return str(persona.source) if persona.source is not None else ""


def _differences(first: Persona, second: Persona) -> list[str]:
    """The content fields two definitions of a persona disagree on."""
    found = []
    for name in PERSONA_CONTENT_FIELDS[1:]:  # the names already match
        a, b = getattr(first, name), getattr(second, name)
        if b in (None, "", [], {}) or a == b or (name == "empathy_map" and b.is_empty()):
            continue
        if name == "kind" and b == "unspecified":
            continue
        found.append(name.replace("_", " "))
    return found


def merge(inputs: Sequence[Input], *, title: str) -> Merged:
    """One workspace from several: personas joined by name key or ID, maps and links kept with
    their files; the catalogue input (if any) is read first and its definitions win."""
    ordered = sorted(inputs, key=lambda i: not i.catalogue)
    catalogue = next((i.name for i in ordered if i.catalogue), None)
    merged = Merged(Workspace(title=title), catalogue=catalogue)
    by_key: dict[str, Persona] = {}
    defined_in: dict[str, str] = {}
    used_ids: set[str] = set()
    for item in ordered:
        workspace = stamp(item.workspace, item.name)
        renamed: dict[str, str] = {}
        for persona in workspace.personas:
            renamed[persona.id] = _join_persona(merged, item, persona, by_key, defined_in)
        for journey in workspace.journeys:
            persona_id = renamed.get(journey.persona_id or "", journey.persona_id)
            if persona_id is None and journey.persona_id:
                persona_id = _by_name(by_key, journey.persona_id)
            journey_id = journey.id
            if journey_id in used_ids:
                journey_id = f"{journey.id}--{slugify(Path(item.name).stem)}"
                n = 2
                while journey_id in used_ids:
                    journey_id = f"{journey.id}--{slugify(Path(item.name).stem)}-{n}"
                    n += 1
            used_ids.add(journey_id)
            merged.workspace.journeys.append(
                journey.model_copy(update={"id": journey_id, "persona_id": persona_id})
            )
            merged.map_files[journey_id] = item.name
            renamed[f"map:{journey.id}"] = journey_id
        for connection in workspace.connections:
            pid = renamed.get(connection.persona_id, connection.persona_id)
            jid = renamed.get(f"map:{connection.journey_id}", connection.journey_id)
            if merged.workspace.connection(pid, jid) is None:
                merged.workspace.connections.append(
                    Connection(**{**connection.model_dump(), "persona_id": pid, "journey_id": jid})
                )
        for trigger in workspace.triggers:
            if all(
                (t.when, t.description) != (trigger.when, trigger.description)
                for t in merged.workspace.triggers
            ):
                merged.workspace.triggers.append(trigger)
        if merged.workspace.review_every_days is None:
            merged.workspace.review_every_days = workspace.review_every_days
    _titled_maps(merged.workspace, by_key)
    return merged


def _titled_maps(workspace: Workspace, by_key: dict[str, Persona]) -> None:
    """A map with no persona titled "Persona – Journey" after a persona another file defines is
    that persona's map of the journey (its own workbook could not know the name)."""
    for i, journey in enumerate(workspace.journeys):
        if journey.persona_id is not None:
            continue
        left, right = split_title(journey.name)
        persona_id = _by_name(by_key, left) if right else None
        if persona_id is not None:
            workspace.journeys[i] = journey.model_copy(
                update={"persona_id": persona_id, "name": right}
            )


def _by_name(by_key: dict[str, Persona], text: str) -> str | None:
    found = by_key.get(name_key(text))
    return found.id if found else None


def _join_persona(
    merged: Merged,
    item: Input,
    persona: Persona,
    by_key: dict[str, Persona],
    defined_in: dict[str, str],
) -> str:
    """The id the persona has in the portfolio, adding or upgrading its definition as needed."""
    keys = [k for k in (name_key(persona.name), name_key(persona.id)) if k]
    existing = next((by_key[k] for k in keys if k in by_key), None)
    personas = merged.workspace.personas
    if existing is None:
        personas.append(persona)
        for key in keys:
            by_key.setdefault(key, persona)
        merged.persona_files.setdefault(persona.id, []).append(item.name)
        if persona.has_profile:
            defined_in[persona.id] = item.name
        return persona.id
    files = merged.persona_files.setdefault(existing.id, [])
    if item.name not in files:
        files.append(item.name)
    if existing.name != persona.name:
        merged.problems.append(
            Problem.of(
                codes.PERSONA_MATCHED,
                f'"{persona.name}" is read as "{existing.name}" '
                f"({_persona_place(existing) or defined_in.get(existing.id, '')})",
                severity="info",
                file=item.name,
                sheet=persona.source.sheet if persona.source else None,
                cell=persona.source.cell if persona.source else None,
            )
        )
    if not persona.has_profile:
        return existing.id
    if not existing.has_profile:
        # The map-only persona met its definition: the definition takes its place.
        index = next(i for i, p in enumerate(personas) if p.id == existing.id)
        upgraded = persona.model_copy(update={"id": existing.id})
        personas[index] = upgraded
        for key in list(by_key):
            if by_key[key] is existing:
                by_key[key] = upgraded
        for key in keys:
            by_key.setdefault(key, upgraded)
        defined_in[existing.id] = item.name
        return existing.id
    differences = _differences(existing, persona)
    if differences:
        winner = defined_in.get(existing.id, "")
        why = "the catalogue" if winner == merged.catalogue else "the first input"
        merged.problems.append(
            Problem.of(
                codes.PERSONA_DEFINED_TWICE,
                f'"{persona.name}" is defined here and in {_persona_place(existing)} with '
                f"different {', '.join(differences)}; the definition in {winner} wins ({why})",
                "Keep one definition (in the catalogue) and refer to the persona by name elsewhere.",
                file=item.name,
                sheet=persona.source.sheet if persona.source else None,
                cell=persona.source.cell if persona.source else None,
            )
        )
    return existing.id


def journey_files(workspace: Workspace) -> dict[str, str]:
    """The file of each map of a portfolio workspace (from its sources)."""
    found = {}
    for journey in workspace.journeys:
        source = journey.source or next(
            (e.source for e in journey.entries if e.source is not None), None
        )
        found[journey.id] = workspace.file_of(source)
    return found
