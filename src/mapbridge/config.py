"""Project settings for mapbridge: a `mapbridge.toml`, or a `[tool.mapbridge]` table in a `pyproject.toml`, next to the workbook.

`mapbridge.toml` wins when both exist. In `mapbridge.toml` the settings are top-level keys
(a `[tool.mapbridge]` table is accepted too, for a snippet copied from a pyproject).
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

from mapbridge.errors import Problem, UsageError

SETTINGS_FILES = ("mapbridge.toml", "pyproject.toml")


class Settings:
    """The `[tool.mapbridge]` values found for a workbook, and the file they came from."""

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self.values: dict[str, Any] = values or {}
        self.path = path

    @property
    def source(self) -> str | None:
        """The settings file's name for messages, or None when there is none."""
        return self.path.name if self.path else None

    def __repr__(self) -> str:
        return f"Settings({self.values!r}, path={self.path!r})"


def find_settings(workbook: str | os.PathLike[str]) -> Settings:
    """The settings that apply to a workbook: from the files next to it, else empty."""
    folder = Path(workbook).resolve().parent
    for name in SETTINGS_FILES:
        path = folder / name
        if not path.is_file():
            continue
        data = read_toml(path)
        table = (
            data.get("tool", {}).get("mapbridge") if isinstance(data.get("tool"), dict) else None
        )
        if name == "mapbridge.toml":
            values = (
                table if isinstance(table, dict) else {k: v for k, v in data.items() if k != "tool"}
            )
            return Settings(dict(values), path)
        if isinstance(table, dict):
            return Settings(dict(table), path)
    return Settings()


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; a syntax error is a usage error naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _config_error(path, f"cannot be read ({exc}).") from exc
    try:
        return parse_toml(text)
    except ValueError as exc:
        raise _config_error(path, f"is not valid TOML: {exc}.") from exc


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML text with the standard library (3.11+), tomli if installed, else a small subset."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return parse_simple_toml(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from exc


_TABLE = re.compile(r"^\[\s*([A-Za-z0-9_.\-\" ]+?)\s*\]$")
_KEY_VALUE = re.compile(r"^([A-Za-z0-9_\-]+)\s*=\s*(.+)$")


def parse_simple_toml(text: str) -> dict[str, Any]:
    """The TOML subset settings use: [tables], and key = string, number, boolean or array of those.

    Only for Python 3.10 without tomli. Anything else (inline tables, multi-line strings and
    arrays, dates) is reported as an error with its line rather than misread.
    """
    root: dict[str, Any] = {}
    table = root
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("[["):
            raise ValueError(f"arrays of tables are not supported here (line {number})")
        header = _TABLE.match(line)
        if header:
            table = root
            for part in header.group(1).split("."):
                table = table.setdefault(part.strip().strip('"'), {})
                if not isinstance(table, dict):
                    raise ValueError(f"{header.group(1)} is not a table (line {number})")
            continue
        pair = _KEY_VALUE.match(line)
        if not pair:
            raise ValueError(f"expected `key = value` (line {number})")
        table[pair.group(1)] = _value(pair.group(2).strip(), number)
    return root


def _strip_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if char in "\"'" and quote in (None, char):
            quote = None if quote else char
        elif char == "#" and quote is None:
            return line[:index]
    return line


def _value(text: str, number: int) -> Any:
    if text in ("true", "false"):
        return text == "true"
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip().rstrip(",")
        return [_value(item.strip(), number) for item in _split_array(inner)] if inner else []
    if text.startswith(("'", '"')) and text.endswith(text[0]) and len(text) >= 2:
        return text[1:-1] if text[0] == "'" else ast.literal_eval(text)
    try:
        return int(text.replace("_", ""))
    except ValueError:
        pass
    try:
        return float(text.replace("_", ""))
    except ValueError:
        raise ValueError(f"unsupported value {text!r} (line {number})") from None


def _split_array(inner: str) -> list[str]:
    items, current, quote = [], "", None
    for char in inner:
        if char in "\"'" and quote in (None, char):
            quote = None if quote else char
        if char == "," and quote is None:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item for item in items if item.strip()]


def _config_error(path: Path, what: str) -> UsageError:
    return UsageError(
        Problem(
            code="MB190",
            name="invalid-config",
            severity="error",
            message=f"The settings file {path.name} {what}",
            hint="Fix the file, or move it away to use the defaults.",
            file=str(path),
        )
    )
