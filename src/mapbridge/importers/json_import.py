"""A Workspace read back from JSON written by `mapbridge export --to json` (or by any tool using its schema)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from mapbridge import codes
from mapbridge.errors import InvalidWorkbook, Report, unreadable
from mapbridge.formats.kinds import Importer
from mapbridge.formats.text_input import read_text_input
from mapbridge.model import Workspace

#: Schema errors listed one by one; past this, one line says how many more there are.
MAX_REPORTED = 25


def _json_path(location: tuple[int | str, ...]) -> str:
    """A pydantic error location as a JSON path: ("personas", 0, "name") -> personas[0].name."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def read_json(path: Path, report: Report | None = None) -> Workspace:
    """Read a workspace JSON file; every schema violation is reported with its JSON path."""
    path = Path(path)
    report = report if report is not None else Report(file=path.name)
    text = read_text_input(path, "JSON")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            detail = f" (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        else:
            detail = ": nested too deeply"
        raise unreadable(
            path.name,
            codes.NOT_JSON,
            f"cannot be read as JSON{detail}",
            "export a workbook with `mapbridge export WORKBOOK --to json` to see the expected shape",
        ) from exc
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        for error in errors[:MAX_REPORTED]:
            report.add(
                codes.JSON_SCHEMA,
                f"{_json_path(tuple(error['loc']))}: {error['msg']}",
                "`mapbridge schema` prints the JSON Schema this file must follow",
            )
        if len(errors) > MAX_REPORTED:
            report.add(
                codes.JSON_SCHEMA,
                f"and {len(errors) - MAX_REPORTED} more places that do not follow the schema",
                "fix the ones above first; they often share one cause",
            )
        raise InvalidWorkbook(report) from exc


IMPORTER = Importer(
    name="json",
    extensions=(".json",),
    read=read_json,
    description="mapbridge workspace JSON (schema: `mapbridge schema`)",
)
