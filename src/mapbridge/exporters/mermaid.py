"""Mermaid `journey` diagrams: one per persona map, plus a layered one where personas share stages.

Sections are stages; tasks are the actions lane (one task per action), or the stage's steps when
it has some, or the stage's name when it has neither; scores are the emotion curve on Mermaid's
1..5 scale (quantised, so 0.25 on -1..+1 becomes 4); the persona is the actor. In the layered
diagram, personas whose scores agree share one task line; where they differ, each score gets
its own line. The layered diagram's tasks are the stage's tasks when every persona has the
same ones (steps, shared actions), else one task named after the stage. Names are made safe
with `mapbridge.formats.mermaid_syntax`. Mermaid colours actors itself (its journey renderer
ignores `actorColours` set in a diagram), so persona colours are not carried here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mapbridge.atomic import write_text_atomic
from mapbridge.formats.kinds import Exporter
from mapbridge.formats.mermaid_syntax import (
    LAYERED_MARKER,
    NO_SCORE_MARKER,
    actor_name,
    sanitise_actor,
    sanitise_name,
    sanitise_title,
    to_mermaid_score,
)
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD, decide_layout, decide_layouts
from mapbridge.model import Journey, Stage, Workspace, kind_label, slugify


@dataclass(frozen=True)
class Task:
    """One task line before actors are attached: its name and its 1..5 score (None: no score)."""

    name: str
    score: int | None


@dataclass(frozen=True)
class MermaidDiagram:
    """One diagram: a heading for Markdown, a slug for file names, and the Mermaid text."""

    heading: str
    slug: str
    text: str


class _MapScores:
    """One map's cells indexed once, with its emotion curve by column."""

    def __init__(self, journey: Journey) -> None:
        self.cells = journey.cell_index()
        self.journey = journey
        points = self.cells.emotion_points()
        self.by_column = {(sid, step): score for sid, step, score in points}
        self.action_lanes = {lane.id for lane in journey.lanes if lane.kind == "actions"}


def _stage_tasks(scores: _MapScores, stage: Stage) -> list[Task]:
    """The tasks of one stage of one persona map, in column order."""
    tasks: list[Task] = []
    for _column_stage, step in scores.cells.stage_columns(stage.id):
        step_name = step.name if step else None
        raw = scores.by_column.get((stage.id, step_name))
        score = to_mermaid_score(raw) if raw is not None else None
        if step is not None:
            tasks.append(Task(sanitise_name(step.name), score))
            continue
        actions = [
            e.text
            for e in scores.cells.column_cells(stage.id, None)
            if e.lane_id in scores.action_lanes and e.text
        ]
        names = [sanitise_name(a) for a in actions] or [sanitise_name(stage.name)]
        tasks.extend(Task(name, score) for name in names)
    return tasks


def _stage_score(scores: _MapScores, stage_id: str) -> int | None:
    """A persona's score for a whole stage (`CellIndex.stage_score`), on 1..5."""
    score = scores.cells.stage_score(stage_id)
    return to_mermaid_score(score) if score is not None else None


def _task_line(task: Task, actors: Sequence[str]) -> list[str]:
    lines = []
    score = task.score
    if score is None:
        lines.append(f"    {NO_SCORE_MARKER}")
        score = 3
    who = ", ".join(actors)
    lines.append(f"    {task.name}: {score}: {who}" if who else f"    {task.name}: {score}")
    return lines


def _actor(workspace: Workspace, journey: Journey) -> str | None:
    persona = workspace.persona(journey.persona_id)
    if persona is None:
        return sanitise_actor(journey.persona_id) if journey.persona_id else None
    return actor_name(persona.name, persona.kind)


def persona_diagram(workspace: Workspace, journey: Journey) -> MermaidDiagram:
    """The diagram of one persona map (or of a shared map, which has no actor)."""
    actor = _actor(workspace, journey)
    lines = ["journey", f"  title {sanitise_title(journey.name)}"]
    scores = _MapScores(journey)
    for stage in journey.stages:
        lines.append(f"  section {sanitise_name(stage.name)}")
        for task in _stage_tasks(scores, stage):
            lines += _task_line(task, [actor] if actor else [])
    persona = workspace.persona(journey.persona_id)
    who = persona.name if persona else "everyone"
    if persona and persona.kind == "proto":
        # Only a hypothesis is flagged in the heading; the actor name carries every kind.
        who += kind_label(persona.kind).suffix
    slug = f"{slugify(journey.name)}-{journey.persona_id or 'shared'}"
    return MermaidDiagram(f"{journey.name}: {who}", slug, "\n".join(lines) + "\n")


def layered_diagram(
    workspace: Workspace,
    journeys: list[Journey],
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
) -> MermaidDiagram | None:
    """The comparison of personas sharing stages, or None when the layout rule says separate maps."""
    decision = decide_layout(workspace, journeys, threshold=overlap_threshold)
    if not decision.layered:
        return None
    maps = [j for j in journeys if j.persona_id in decision.persona_ids]
    # Each map indexed once; the loop below asks every map about every shared stage.
    indexed = [_MapScores(j) for j in maps]
    actors = {j.id: _actor(workspace, j) or "" for j in maps}
    lines = ["journey", f"  title {sanitise_title(decision.journey_name)}"]
    lines.append(f"  {LAYERED_MARKER} of {len(maps)} personas over the stages they share")
    if decision.left_out:
        lines.append(f"  %% left out (not shared by every persona): {_left_out(decision)}")
    for stage_id in decision.shared_stage_ids:
        stage = indexed[0].cells.stage(stage_id)
        if stage is None:
            continue
        lines.append(f"  section {sanitise_name(stage.name)}")
        per_persona = {
            m.journey.id: _stage_tasks(m, m.cells.stage(stage_id) or stage)
            for m in indexed
            if m.cells.stage(stage_id)
        }
        task_lists = list(per_persona.values())
        same_tasks = all(
            [t.name for t in ts] == [t.name for t in task_lists[0]] for ts in task_lists
        )
        if not same_tasks:
            # Each persona does different things here: compare how the stage feels as a whole.
            per_persona = {
                m.journey.id: [Task(sanitise_name(stage.name), _stage_score(m, stage_id))]
                for m in indexed
                if m.journey.id in per_persona
            }
        positions = max((len(ts) for ts in per_persona.values()), default=0)
        for position in range(positions):
            # Score -> actors, in persona order: personas whose scores agree share one line.
            by_score: dict[int | None, list[str]] = {}
            name = ""
            for journey_id, tasks in per_persona.items():
                if position < len(tasks):
                    name = tasks[position].name
                    by_score.setdefault(tasks[position].score, []).append(actors[journey_id])
            for score, actor_list in by_score.items():
                lines += _task_line(Task(name, score), actor_list)
    heading = f"{decision.journey_name}: all personas compared"
    slug = f"{slugify(decision.journey_name)}-layered"
    return MermaidDiagram(heading, slug, "\n".join(lines) + "\n")


def _left_out(decision) -> str:
    stages = sorted({s for names in decision.left_out.values() for s in names})
    return ", ".join(sanitise_name(s) for s in stages)


def diagrams(
    workspace: Workspace, *, overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD
) -> list[MermaidDiagram]:
    """Every diagram of the workspace: per journey, the layered comparison (if any), then each map."""
    result: list[MermaidDiagram] = []
    decisions = {d.journey_key: d for d in decide_layouts(workspace, threshold=overlap_threshold)}
    for key, journeys in workspace.journey_groups().items():
        decision = decisions.get(key)
        if decision is not None and decision.layered:
            layered = layered_diagram(workspace, journeys, overlap_threshold=overlap_threshold)
            if layered is not None:
                result.append(layered)
        result.extend(persona_diagram(workspace, journey) for journey in journeys)
    return result


#: Characters that Markdown or HTML would read as markup in a heading: escaped, so text typed in
#: a workbook shows as typed and never becomes a link (`[x](url)`), an image or an HTML tag.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#!|~])")


def markdown_text(text: str) -> str:
    """Workbook text for a Markdown line outside code: HTML characters as entities, markup escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(
    workspace: Workspace, *, overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD
) -> str:
    """A Markdown document with every diagram in a fenced `mermaid` block (renders in wikis)."""
    parts = [f"# {markdown_text(workspace.title)}", ""]
    if workspace.source_file:
        name = workspace.source_file
        source = f"`{name}`" if "`" not in name else markdown_text(name)  # a code span is plain
        parts += [f"Journey maps from {source}, exported by mapbridge.", ""]
    parts.append(
        "Scores are on Mermaid's 1..5 scale (rounded from the workshop's emotion scale); "
        "characters Mermaid cannot show in names (`:` `#` `;`) were replaced."
    )
    parts.append("")
    for diagram in diagrams(workspace, overlap_threshold=overlap_threshold):
        heading = markdown_text(diagram.heading)
        parts += [f"## {heading}", "", "```mermaid", diagram.text.rstrip("\n"), "```", ""]
    return "\n".join(parts)


def write_mermaid(
    workspace: Workspace, path: Path, *, overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD
) -> list[Path]:
    """Write `.md` (every diagram in one Markdown file) or `.mmd` (one file per diagram).

    For `.mmd` with several diagrams, the files are named `<stem>-<journey>-<persona>.mmd` beside
    `path`; a single diagram goes to `path` itself.
    """
    path = Path(path)
    if path.suffix.lower() != ".mmd":
        write_text_atomic(path, render_markdown(workspace, overlap_threshold=overlap_threshold))
        return [path]
    every = diagrams(workspace, overlap_threshold=overlap_threshold)
    if len(every) == 1:
        write_text_atomic(path, every[0].text)
        return [path]
    written = []
    for diagram in every:
        target = path.with_name(f"{path.stem}-{diagram.slug}.mmd")
        write_text_atomic(target, diagram.text)
        written.append(target)
    return written


EXPORTER = Exporter(
    name="mermaid",
    extension=".md",
    write=write_mermaid,
    description="Mermaid journey diagrams in Markdown (.md), or one .mmd file per diagram",
)
