"""An example mapbridge plugin: emotion scores as CSV (persona, journey, stage, score on -2..2)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mapbridge.atomic import write_text_atomic
from mapbridge.errors import Report, unreadable
from mapbridge.model import Emotion, Entry, Journey, Lane, Persona, Stage, Workspace, slugify
from mapbridge.plugins import Exporter, Importer

HEADER = ["persona", "journey", "stage", "score"]


def read_scores(path: Path, report: Report | None) -> Workspace:
    """One persona map per (persona, journey), with an emotion lane from the scores."""
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    if not rows or list(rows[0]) != HEADER:
        raise unreadable(Path(path).name, "SC001", "not-scores", f"the header must be {HEADER}")
    personas: dict[str, Persona] = {}
    journeys: dict[tuple[str, str], Journey] = {}
    for row in rows:
        pid = slugify(row["persona"])
        personas.setdefault(pid, Persona(id=pid, name=row["persona"]))
        journey = journeys.setdefault(
            (pid, row["journey"]),
            Journey(
                id=f"{slugify(row['journey'])}--{pid}",
                name=row["journey"],
                persona_id=pid,
                lanes=[Lane(id="emotion", name="Emotion", kind="emotion")],
                emotion_scale="-2..2",
            ),
        )
        stage_id = slugify(row["stage"])
        if journey.stage(stage_id) is None:
            journey.stages.append(Stage(id=stage_id, name=row["stage"]))
        score = float(row["score"])
        journey.entries.append(
            Entry(
                stage_id=stage_id,
                lane_id="emotion",
                text=row["score"],
                emotion=Emotion(raw=row["score"], score=score / 2, scale="-2..2"),
            )
        )
    return Workspace(
        title=Path(path).stem,
        source_file=Path(path).name,
        personas=list(personas.values()),
        journeys=list(journeys.values()),
    )


def write_scores(workspace: Workspace, path: Path) -> list[Path]:
    """Every persona map's emotion curve, one row per stage, on -2..2."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for journey in workspace.journeys:
        persona = workspace.persona(journey.persona_id)
        for stage_id, _step, score in journey.emotion_points():
            stage = journey.stage(stage_id)
            writer.writerow(
                [persona.name if persona else "", journey.name, stage.name, f"{score * 2:g}"]
            )
    write_text_atomic(path, out.getvalue())
    return [Path(path)]


IMPORTER = Importer(
    name="scores", extensions=(".scores",), read=read_scores, description="Emotion scores CSV"
)
EXPORTER = Exporter(
    name="scores", extension=".scores", write=write_scores, description="Emotion scores CSV"
)
