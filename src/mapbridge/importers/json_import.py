"""A Workspace read back from JSON written by `mapbridge export --to json` (or by any tool using its schema)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from mapbridge.errors import InvalidWorkbook, Report, unreadable
from mapbridge.model import Workspace
from mapbridge.plugins import Importer


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
    if not path.is_file():
        raise unreadable(path.name, "MB001", "file-not-found", "there is no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise unreadable(
            path.name,
            "MB066",
            "not-json",
            f"cannot be read as JSON{where}: {exc.msg if isinstance(exc, json.JSONDecodeError) else exc}",
            "export a workbook with `mapbridge export WORKBOOK --to json` to see the expected shape",
        ) from exc
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            report.add(
                "MB067",
                "json-schema",
                "error",
                f"{_json_path(tuple(error['loc']))}: {error['msg']}",
                "`mapbridge schema` prints the JSON Schema this file must follow",
            )
        raise InvalidWorkbook(report) from exc


IMPORTER = Importer(
    name="json",
    extensions=(".json",),
    read=read_json,
    description="mapbridge workspace JSON (schema: `mapbridge schema`)",
)
