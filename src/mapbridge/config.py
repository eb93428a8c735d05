"""Project settings for mapbridge: a `mapbridge.toml`, or a `[tool.mapbridge]` table in a `pyproject.toml`, next to the workbook.

`mapbridge.toml` wins when both exist. In `mapbridge.toml` the settings are top-level keys
(a `[tool.mapbridge]` table is accepted too, for a snippet copied from a pyproject).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapbridge import codes
from mapbridge.errors import Problem, UsageError

if TYPE_CHECKING:
    from mapbridge.checks import CheckConfig
    from mapbridge.importers.options import ReadOptions

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


@dataclass(frozen=True)
class Thresholds:
    """Check thresholds given for one run (the CLI's options); None keeps the settings file's value.

    `overlap_threshold` is the layout rule's too: the deck, the diagrams and `inspect` use the
    value the checks use.
    """

    max_personas: int | None = None
    similarity: float | None = None
    duplicate_similarity: float | None = None
    review_every: int | None = None
    overlap_threshold: float | None = None
    disable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Configuration:
    """Every setting one run uses, resolved once: the defaults, then the settings file, then options.

    Each output of a run takes its values from here (the importer its ReadOptions, the checks
    their CheckConfig, the deck, the diagrams and `inspect` the overlap threshold), so what the
    checks advise and what the outputs draw come from the same numbers.
    """

    settings: Settings
    reading: ReadOptions
    checks: CheckConfig

    @property
    def overlap_threshold(self) -> float:
        """Stage overlap from which persona maps are layered (MB104, the deck, diagrams, inspect)."""
        return self.checks.overlap_threshold


def resolve_configuration(
    workbook: str | os.PathLike[str],
    *,
    strict: bool = False,
    thresholds: Thresholds | None = None,
) -> Configuration:
    """Read the settings next to `workbook` once and resolve everything a run needs from them.

    The check thresholds are checked first, then the reading options, so a bad settings file
    fails before the workbook is opened. `strict` makes an emotion that cannot be scored an error.
    """
    from mapbridge.checks import CheckConfig

    thresholds = thresholds or Thresholds()
    settings = find_settings(workbook)
    checks = CheckConfig.from_settings(
        settings.values,
        source=settings.source,
        max_personas=thresholds.max_personas,
        similarity=thresholds.similarity,
        duplicate_similarity=thresholds.duplicate_similarity,
        review_every=thresholds.review_every,
        overlap_threshold=thresholds.overlap_threshold,
        disable=list(thresholds.disable),
    )
    reading = reading_options(settings, strict=strict)
    return Configuration(settings, reading, checks)


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
    """Parse TOML text (the standard library's tomllib; tomli, its backport, on Python 3.10)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from exc


def reading_options(settings: Settings, *, strict: bool = False) -> ReadOptions:
    """How to read a spreadsheet, from the settings: `sheets`, `columns`, `[aliases]`.

    A role, kind or alias key mapbridge does not know is a usage error naming the settings file
    and the values it knows, rather than an override that silently does nothing.
    """
    from mapbridge.importers.headers import Vocabulary
    from mapbridge.importers.options import SHEET_ROLES, ReadOptions, normalise_role
    from mapbridge.model import LANE_KINDS, Persona

    values = settings.values
    path = settings.path or Path("mapbridge.toml")
    for key in ("sheets", "columns", "aliases"):
        if key in values and not isinstance(values[key], dict):
            raise _config_error(
                path, f"has {key} = {values[key]!r}; it must be a table, like {key} = {{...}}."
            )
    for sheet, role in values.get("sheets", {}).items():
        if normalise_role(str(role)) is None:
            raise _config_error(
                path,
                f"gives the sheet {sheet!r} the role {role!r}, which is not one of "
                + ", ".join(SHEET_ROLES)
                + ".",
            )
    kinds = set(LANE_KINDS) | (set(Persona.model_fields) - {"id", "sources", "empathy_map"})
    kinds |= {"demographic", "extra"}
    for header, kind in values.get("columns", {}).items():
        if str(kind).strip().lower().replace(" ", "_").replace("-", "_") not in kinds:
            raise _config_error(
                path,
                f"gives the column {header!r} the meaning {kind!r}; use a lane kind ("
                + ", ".join(LANE_KINDS)
                + ") or a persona field (goals, pain_points, role, ...).",
            )
    options = ReadOptions.from_settings(values, strict=strict)
    if options.aliases:
        try:
            Vocabulary.default().with_aliases(options.aliases)
        except ValueError as exc:
            raise _config_error(
                path, f"has an [aliases] entry mapbridge cannot use: {exc}."
            ) from exc
    return options


def _config_error(path: Path, what: str) -> UsageError:
    return UsageError(
        Problem.of(
            codes.INVALID_CONFIG,
            f"The settings file {path.name} {what}",
            "Fix the file, or move it away to use the defaults.",
            file=str(path),
        )
    )
