"""Mermaid `journey` diagrams (a `.mmd` file, or fenced blocks in Markdown) read into a Workspace.

Actors become personas (a "(research)", "(proto-persona)" or "(segment)" suffix sets the kind;
an actor without one has no stated kind, "unspecified", never research), each diagram title a
journey, sections its stages, tasks the actions lane, and task scores (1..5) the emotion curve. A
section holding one task per persona makes a plain stage; several tasks make steps named after the
tasks, each with its own score. Tasks without actors form a shared map. The layered
comparison diagram mapbridge writes is skipped when the persona diagrams are in the same file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from mapbridge import codes
from mapbridge.emotion import normalise
from mapbridge.errors import InvalidWorkbook, Report, unreadable
from mapbridge.formats.kinds import Importer
from mapbridge.formats.mermaid_syntax import (
    LAYERED_MARKER,
    MERMAID_MAX_SCORE,
    MERMAID_MIN_SCORE,
    NO_SCORE_MARKER,
    restore_name,
    split_actor,
)
from mapbridge.formats.text_input import read_text_input
from mapbridge.model import Emotion, Entry, Journey, Lane, Persona, Stage, Step, Workspace, slugify

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*mermaid\b.*$", re.I)
_FENCE_END = re.compile(r"^\s*(```+|~~~+)\s*$")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]#!|~])")
_TASK = re.compile(r"^\s*([^#:;\n]+?)\s*:([^#;\n]*)(?:#.*)?$")


@dataclass
class ParsedTask:
    """One task line: name, score text, actors, and where it was."""

    name: str
    score: float | None
    actors: list[str]
    line: int


@dataclass
class ParsedSection:
    name: str
    line: int
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedDiagram:
    """One journey diagram as written, before it becomes maps."""

    title: str
    line: int
    layered: bool = False
    sections: list[ParsedSection] = field(default_factory=list)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each Mermaid text: fenced blocks in Markdown, else the file."""
    lines = text.splitlines()
    blocks: list[tuple[int, list[str]]] = []
    inside: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, start=1):
        if inside is None and _FENCE.match(line):
            inside, start = [], number + 1
        elif inside is not None and _FENCE_END.match(line):
            blocks.append((start, inside))
            inside = None
        elif inside is not None:
            inside.append(line)
    if blocks or any(_FENCE.match(line) for line in lines):
        return blocks
    return [(1, lines)]


def _strip_frontmatter(start: int, lines: list[str]) -> tuple[int, list[str]]:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return start + i + 1, lines[i + 1 :]
    return start, lines


def parse_diagrams(text: str, file: str, report: Report) -> list[ParsedDiagram]:
    """Every `journey` diagram in the text; lines it cannot read are errors in `report`."""
    diagrams: list[ParsedDiagram] = []
    for block_start, block_lines in _blocks(text):
        start, lines = _strip_frontmatter(block_start, block_lines)
        diagram: ParsedDiagram | None = None
        no_score_next = False
        for offset, raw in enumerate(lines):
            number = start + offset
            line = raw.strip()
            if not line:
                continue
            if diagram is None:
                if line.lower() == "journey" or line.lower().startswith("journey "):
                    diagram = ParsedDiagram(title="", line=number)
                    diagrams.append(diagram)
                    continue
                if line.startswith("%%"):
                    continue
                break  # another kind of diagram (flowchart, ...): not ours
            if line.startswith(("%%", "#")):
                if line.startswith(LAYERED_MARKER):
                    diagram.layered = True
                no_score_next = line.startswith(NO_SCORE_MARKER)
                continue
            lowered = line.lower()
            if lowered.startswith("title ") or lowered == "title":
                diagram.title = restore_name(line[5:].split("#")[0].split(";")[0])
            elif lowered.startswith(("acctitle", "accdescr")):
                continue
            elif lowered.startswith("section ") or lowered == "section":
                diagram.sections.append(ParsedSection(restore_name(line[7:]), number))
            else:
                task = _parse_task(line, number, file, report, no_score_next)
                if task is not None:
                    if not diagram.sections:
                        diagram.sections.append(ParsedSection("Journey", number))
                    diagram.sections[-1].tasks.append(task)
            no_score_next = False
    return diagrams


def _parse_task(
    line: str, number: int, file: str, report: Report, no_score: bool
) -> ParsedTask | None:
    where = f"{file}:{number}"
    match = _TASK.match(line)
    if not match:
        report.add(
            codes.MERMAID_SYNTAX,
            f"cannot read {line!r} as a journey task",
            "write a task as `Task name: score: Actor, Actor` (no # or ; in names)",
            file=where,
        )
        return None
    name, data = restore_name(match.group(1)), match.group(2)
    pieces = data.split(":", 1)
    score_text = pieces[0].strip()
    actors = [restore_name(a) for a in pieces[1].split(",")] if len(pieces) > 1 else []
    actors = [a for a in actors if a]
    try:
        value = float(score_text)
    except ValueError:
        report.add(
            codes.MERMAID_SCORE,
            f"the score of task {name!r} is {score_text!r}, not a number",
            f"give a whole number from {MERMAID_MIN_SCORE} to {MERMAID_MAX_SCORE}",
            file=where,
        )
        return None
    if not MERMAID_MIN_SCORE <= value <= MERMAID_MAX_SCORE:
        clamped = min(max(value, MERMAID_MIN_SCORE), MERMAID_MAX_SCORE)
        # A number out of range still says what was meant: clamped, and only a warning.
        report.add(
            codes.MERMAID_SCORE,
            f"the score of task {name!r} is {value:g}, outside Mermaid's 1..5; read as {clamped:g}",
            f"use a whole number from {MERMAID_MIN_SCORE} to {MERMAID_MAX_SCORE}",
            severity="warning",
            file=where,
        )
        value = clamped
    return ParsedTask(name=name, score=None if no_score else value, actors=actors, line=number)


def _journey_for(
    diagram: ParsedDiagram, persona_id: str | None, actor: str | None, file: str
) -> Journey:
    """One persona's map (or the shared map, actor None) from a diagram."""
    title = diagram.title or Path(file).stem
    journey = Journey(
        id=f"{slugify(title)}--{persona_id or 'shared'}",
        name=title,
        persona_id=persona_id,
        lanes=[
            Lane(id="actions", name="Actions", kind="actions"),
            Lane(id="emotion", name="Emotion", kind="emotion"),
        ],
        emotion_scale="1..5",
    )
    seen: dict[str, int] = {}
    for section in diagram.sections:
        tasks = [t for t in section.tasks if (actor in t.actors if actor else not t.actors)]
        base = slugify(section.name)
        # Two sections with the same name stay two stages, in order.
        seen[base] = seen.get(base, 0) + 1
        stage_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        stage = Stage(id=stage_id, name=section.name)
        journey.stages.append(stage)
        several = len(tasks) > 1
        for task in tasks:
            step = task.name if several else None
            if several and all(s.name != task.name for s in stage.steps):
                stage.steps.append(Step(name=task.name))
            journey.entries.append(
                Entry(stage_id=stage_id, step=step, lane_id="actions", text=task.name)
            )
            if task.score is not None:
                raw = f"{task.score:g}"
                journey.entries.append(
                    Entry(
                        stage_id=stage_id,
                        step=step,
                        lane_id="emotion",
                        text=raw,
                        emotion=Emotion(raw=raw, score=normalise(task.score, "1..5"), scale="1..5"),
                    )
                )
    return journey


def read_mermaid(path: Path, report: Report | None = None) -> Workspace:
    """Read a `.mmd` / `.md` file of Mermaid journey diagrams into a Workspace."""
    path = Path(path)
    report = report if report is not None else Report(file=path.name)
    text = read_text_input(path, "Mermaid")
    diagrams = parse_diagrams(text, path.name, report)
    if not diagrams:
        raise unreadable(
            path.name,
            codes.NOT_MERMAID,
            "holds no Mermaid journey diagram",
            "a diagram starts with a line `journey` (in Markdown, inside a ```mermaid block)",
        )
    if report.has_errors:
        raise InvalidWorkbook(report)

    # The layered comparison repeats what the persona diagrams say; read it only if it is alone.
    covered = {
        (d.title, split_actor(a)[0])
        for d in diagrams
        if not d.layered
        for s in d.sections
        for t in s.tasks
        for a in t.actors
    }
    personas: dict[str, Persona] = {}
    journeys: dict[str, Journey] = {}
    for diagram in diagrams:
        actors: list[str] = []
        for section in diagram.sections:
            for task in section.tasks:
                actors += [a for a in task.actors if a not in actors]
        has_shared = any(not t.actors for s in diagram.sections for t in s.tasks)
        for actor in actors:
            name, kind = split_actor(actor)
            if diagram.layered and (diagram.title, name) in covered:
                continue
            persona_id = slugify(name)
            persona = personas.setdefault(persona_id, Persona(id=persona_id, name=name, kind=kind))  # type: ignore[arg-type]
            journey = _journey_for(diagram, persona.id, actor, path.name)
            if journey.id not in journeys:
                journeys[journey.id] = journey
            else:
                report.add(
                    codes.DUPLICATE_MAP,
                    f"{name} appears in two diagrams titled {journey.name!r}; the first one is kept",
                    "give the diagrams different titles to keep both",
                    file=f"{path.name}:{diagram.line}",
                )
        if has_shared and not diagram.layered:
            journey = _journey_for(diagram, None, None, path.name)
            journeys.setdefault(journey.id, journey)

    title = diagrams[0].title or path.stem
    in_markdown = any(_FENCE.match(line) for line in text.splitlines())
    for line in text.splitlines() if in_markdown else []:
        heading = _HEADING.match(line)
        if heading:
            # The exporter escapes markup in headings (`\[`, `&lt;`); read the text as typed.
            title = html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", heading.group(1)))
            break
    return Workspace(
        title=title,
        source_file=path.name,
        personas=list(personas.values()),
        journeys=list(journeys.values()),
    )


IMPORTER = Importer(
    name="mermaid",
    extensions=(".mmd", ".md", ".mermaid"),
    read=read_mermaid,
    description="Mermaid journey diagrams (.mmd, or ```mermaid blocks in Markdown)",
)
