"""Blank journey-map boards for `mapbridge init board.excalidraw|board.drawio`: a frame per persona, empty cells."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mapbridge.model import Journey, Lane, Persona, Stage, Step, Workspace, slugify

#: The stages of a blank board when no workbook gives them.
DEFAULT_STAGES: tuple[str, ...] = ("Discover", "Compare", "Sign up", "First use", "Get help")
#: The standard lanes of a map, in their order: (kind, label), as the starter workbook has them.
DEFAULT_LANES: tuple[tuple[str, str], ...] = (
    ("actions", "Actions"),
    ("touchpoints", "Touchpoints"),
    ("thoughts", "Thoughts"),
    ("emotion", "Emotion"),
    ("pain_points", "Pain points"),
    ("opportunities", "Opportunities"),
)
DEFAULT_JOURNEY = "Customer journey"
DEFAULT_SCALE = "-2..2"
#: `--personas` takes 1 to this many (a frame or page each).
MAX_BLANK_PERSONAS = 12

#: Each board format: (suffix, tool, what a map is called in it).
BOARD_SUFFIXES: dict[str, tuple[str, str]] = {
    ".excalidraw": ("Excalidraw", "frame"),
    ".drawio": ("draw.io", "page"),
}

#: The top, middle and bottom of each numeric scale as an emotion lane's label shows them.
_SCALE_MARKS: dict[str, tuple[str, str, str]] = {
    "-2..2": ("+2", "0", "−2"),
    "1..5": ("5", "3", "1"),
    "-5..5": ("+5", "0", "−5"),
    "0..10": ("10", "5", "0"),
}


def emotion_scale_marks(scale: str | None) -> tuple[str, str, str]:
    """The numbers at the top, middle and bottom of an emotion band on `scale` ("+2", "0", "−2")."""
    return _SCALE_MARKS.get(scale or DEFAULT_SCALE, _SCALE_MARKS[DEFAULT_SCALE])


def emotion_scale_lines(scale: str | None) -> list[str]:
    """The lines under an emotion lane's name on a blank board: "+2 delighted", "0 neutral", ..."""
    top, middle, bottom = _SCALE_MARKS.get(scale or DEFAULT_SCALE, _SCALE_MARKS[DEFAULT_SCALE])
    return [f"{top} delighted", f"{middle} neutral", f"{bottom} frustrated"]


def howto_text(file_name: str, journey: Journey) -> str:
    """The how-to note a blank board shows above its stage row."""
    parts = [
        "How to use this board: one sticky per idea, in the cell where its stage and lane meet."
    ]
    if journey.emotion_lanes():
        scale = journey.emotion_scale if journey.emotion_scale in _SCALE_MARKS else DEFAULT_SCALE
        other = "1..5" if scale == DEFAULT_SCALE else DEFAULT_SCALE
        parts.append(
            f"Emotion: type {scale}, {other} or a word (frustrated, delighted) in the emotion row."
        )
    parts.append("Add stages or lanes by adding headers.")
    parts.append(f"Then run: mapbridge build {file_name} -o out/")
    return " ".join(parts)


def _default_stages() -> list[Stage]:
    return [Stage(id=slugify(name), name=name) for name in DEFAULT_STAGES]


def _default_lanes() -> list[Lane]:
    return [Lane(id=slugify(label), name=label, kind=kind) for kind, label in DEFAULT_LANES]  # type: ignore[arg-type]


def _proto_personas(count: int) -> list[Persona]:
    return [
        Persona(id=f"persona-{n}", name=f"Persona {n}", kind="proto") for n in range(1, count + 1)
    ]


def _blank_map(persona: Persona, template: Journey | None) -> Journey:
    """A map of `persona` with the stages and lanes of `template` (else the defaults), no entries."""
    name = template.name if template is not None else DEFAULT_JOURNEY
    stages = [
        Stage(id=s.id, name=s.name, steps=[Step(name=step.name) for step in s.steps])
        for s in (template.stages if template is not None else [])
    ]
    lanes = [
        Lane(id=lane.id, name=lane.name, kind=lane.kind, variant=lane.variant)
        for lane in (template.lanes if template is not None else [])
    ]
    scale = template.emotion_scale if template is not None else None
    return Journey(
        id=f"{slugify(name)}--{persona.id}",
        name=name,
        persona_id=persona.id,
        stages=stages or _default_stages(),
        lanes=lanes or _default_lanes(),
        emotion_scale=scale if scale in _SCALE_MARKS else DEFAULT_SCALE,
    )


def blank_workspace(personas: int = 1, *, source: Workspace | None = None) -> Workspace:
    """A workspace of empty maps: one per persona, with stages and lanes but no entries.

    Without `source`: proto-personas "Persona 1".."Persona N" (a blank board rests on
    assumptions until research backs it), the default stages and the standard lanes. With
    `source` (a workspace read from a workbook): its personas (name, kind and role), each with the
    stages and lanes of its own first map, or of the workbook's first map when it has none; a
    source without personas gets `personas` proto-personas on its first map's stages and lanes.
    """
    if not 1 <= personas <= MAX_BLANK_PERSONAS:
        raise ValueError(f"personas must be 1..{MAX_BLANK_PERSONAS}, not {personas}")
    first = source.journeys[0] if source is not None and source.journeys else None
    people = (
        [Persona(id=p.id, name=p.name, kind=p.kind, role=p.role) for p in source.personas]
        if source is not None
        else []
    ) or _proto_personas(personas)
    journeys = []
    for persona in people:
        own = source.maps_for(persona.id) if source is not None else []
        journeys.append(_blank_map(persona, own[0] if own else first))
    return Workspace(
        title=source.title if source is not None else "Journey-mapping workshop",
        personas=people,
        journeys=journeys,
    )


@dataclass(frozen=True)
class BlankBoard:
    """What `write_blank_board` wrote: the file, its tool, and the persona of each frame or page."""

    path: Path
    tool: str
    #: "frame" (Excalidraw) or "page" (draw.io).
    frame_word: str
    personas: list[str]
    #: The frame or page names, "<persona> – <journey>", in order.
    frames: list[str]


def write_blank_board(
    path: str | os.PathLike[str], personas: int = 1, source: Workspace | None = None
) -> BlankBoard:
    """Write a blank board (atomically): Excalidraw for `.excalidraw`, draw.io for `.drawio`.

    See `blank_workspace` for what `personas` and `source` give; raises ValueError for another
    suffix or a persona count outside 1..MAX_BLANK_PERSONAS.
    """
    # The exporters use this module's texts, so they are imported here, not at the top.
    from mapbridge.exporters.drawio import write_drawio
    from mapbridge.exporters.excalidraw import write_excalidraw

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in BOARD_SUFFIXES:
        raise ValueError(f"{target.name}: a board must end in {' or '.join(BOARD_SUFFIXES)}")
    workspace = blank_workspace(personas, source=source)
    if suffix == ".excalidraw":
        write_excalidraw(workspace, target, blank=True)
    else:
        write_drawio(workspace, target, blank=True)
    tool, frame_word = BOARD_SUFFIXES[suffix]
    names = [p.name for p in workspace.personas]
    frames = [
        f"{p.name} – {j.name}" for p, j in zip(workspace.personas, workspace.journeys, strict=True)
    ]
    return BlankBoard(target, tool, frame_word, names, frames)
