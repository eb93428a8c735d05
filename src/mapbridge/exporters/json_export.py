"""The whole Workspace as JSON, valid against the schema `mapbridge schema` prints; JSON reads back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mapbridge.atomic import write_text_atomic
from mapbridge.formats.kinds import Exporter
from mapbridge.model import Workspace

#: The JSON Schema dialect pydantic writes.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def workspace_json(workspace: Workspace) -> str:
    """The workspace as indented JSON text (dates as ISO strings, every field written)."""
    return workspace.model_dump_json(indent=2) + "\n"


def workspace_schema() -> dict[str, Any]:
    """The JSON Schema of a Workspace, from the pydantic models, with its dialect declared."""
    schema = Workspace.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_json() -> str:
    return json.dumps(workspace_schema(), indent=2, ensure_ascii=False) + "\n"


def write_json(workspace: Workspace, path: Path) -> list[Path]:
    """Write the workspace as JSON (atomically)."""
    write_text_atomic(path, workspace_json(workspace))
    return [Path(path)]


EXPORTER = Exporter(
    name="json",
    extension=".json",
    write=write_json,
    description="The whole model as JSON (schema: `mapbridge schema`); also an input",
)
