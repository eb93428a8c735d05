"""How to read a spreadsheet: the user's overrides from mapbridge.toml and the strictness asked for.

A ReadOptions is plain data: the CLI (or a library caller) builds it from settings, and every
spreadsheet importer (xlsx, ods, csv) takes it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The roles a sheet (or one table on it) can be forced to in `sheets = {...}`.
SHEET_ROLES = ("personas", "card", "rows", "grid", "stages", "reviews", "skip")
#: Alternative spellings accepted for those roles in mapbridge.toml.
_ROLE_SYNONYMS = {
    "journey": "rows",
    "journey rows": "rows",
    "persona": "personas",
    "persona card": "card",
    "cards": "card",
    "instructions": "skip",
    "ignore": "skip",
    "notes": "skip",
    "map": "grid",
}


@dataclass(frozen=True)
class ReadOptions:
    """What the person told mapbridge about their workbook, beyond what it can see in the cells.

    - `sheet_roles`: sheet name -> one of SHEET_ROLES (mapbridge.toml `sheets = {"CJM" = "grid"}`);
    - `column_kinds`: header text -> lane kind or persona field (`columns = {"Важность" = "metrics"}`);
    - `aliases`: lane kind, persona field or sheet role -> extra names for it (`[aliases]`);
    - `strict_emotions`: an emotion that cannot be scored is an error, not a warning and a gap.
    """

    sheet_roles: Mapping[str, str] = field(default_factory=dict)
    column_kinds: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strict_emotions: bool = False

    @classmethod
    def from_settings(cls, values: Mapping[str, Any], *, strict: bool = False) -> ReadOptions:
        """Options from a `[tool.mapbridge]` table; wrong types are ignored here and named by
        `settings_problems`."""
        sheets = values.get("sheets")
        columns = values.get("columns")
        aliases = values.get("aliases")
        return cls(
            sheet_roles={
                str(k): normalise_role(str(v)) or str(v)
                for k, v in (sheets.items() if isinstance(sheets, Mapping) else [])
            },
            column_kinds={
                str(k): str(v) for k, v in (columns.items() if isinstance(columns, Mapping) else [])
            },
            aliases=_flat_aliases(aliases if isinstance(aliases, Mapping) else {}),
            strict_emotions=strict or bool(values.get("strict_emotions", False)),
        )


def normalise_role(text: str) -> str | None:
    """A role name as written in mapbridge.toml, as one of SHEET_ROLES (None if unknown)."""
    key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if key in SHEET_ROLES:
        return key
    return _ROLE_SYNONYMS.get(key)


def _flat_aliases(table: Mapping[str, Any], prefix: str = "") -> dict[str, tuple[str, ...]]:
    """`[aliases]` as key -> words; nested tables (`[aliases.lane]` or `lane.metrics = [...]`
    without quotes) become dotted keys (`lane.metrics`)."""
    flat: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flat_aliases(value, f"{name}."))
        else:
            flat[name] = tuple(str(x) for x in (value if isinstance(value, list) else [value]))
    return flat
