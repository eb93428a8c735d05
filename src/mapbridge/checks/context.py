"""The thresholds a check runs with (CheckConfig) and the collector rules report their findings to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from mapbridge.checks.rules import RULES_BY_CODE, resolve_rule
from mapbridge.codes import INVALID_CONFIG
from mapbridge.errors import Problem, UsageError
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD
from mapbridge.model import Journey, Persona, SourceRef, Workspace

#: Earlier names of a setting, still read (a file or a caller may use them): old -> current.
SETTING_ALIASES = {"stale_days": "review_every"}


class CheckConfig(BaseModel):
    """Thresholds of the map-health rules; every field has a default a CX lead would pick."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_personas: int = Field(5, ge=1, description="More personas than this is too many.")
    similarity: float = Field(
        0.85, gt=0.0, le=1.0, description="Content similarity from which persona maps are generic."
    )
    duplicate_similarity: float = Field(
        0.85,
        gt=0.0,
        le=1.0,
        description="Name or goals/pain-points similarity from which two personas are near-duplicates.",
    )
    review_every: int | None = Field(
        None,
        ge=1,
        # `stale-days` is this setting's earlier name (check's option, mapbridge.toml).
        validation_alias=AliasChoices("review_every", "stale_days"),
        description="Review cadence in days of items that name none of their own; None: the "
        "workspace's cadence, else mapbridge.model.DEFAULT_REVIEW_EVERY_DAYS (90). The tracker "
        "takes the same setting.",
    )
    overlap_threshold: float = Field(
        DEFAULT_OVERLAP_THRESHOLD,
        ge=0.0,
        le=1.0,
        # The deck does not read this field: mapbridge.workflow hands the same resolved value to
        # the deck, the diagrams and `inspect`, which is what keeps them and MB104 in agreement.
        description="Stage overlap from which persona maps are layered (MB104; a run gives the "
        "deck and diagrams the same value).",
    )
    disable: tuple[str, ...] = Field((), description="Rule codes or names to skip.")

    @field_validator("disable", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        return tuple(normalise_disabled(value))

    @property
    def stale_days(self) -> int | None:
        """`review_every` under its earlier name."""
        return self.review_every

    def review_every_for(self, workspace: Workspace) -> int:
        """The cadence of items that name none of their own (`Workspace.default_review_every`)."""
        return workspace.default_review_every(self.review_every)

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], *, source: str | None = None, **overrides: Any
    ) -> CheckConfig:
        """A config from a `[tool.mapbridge]` table (dashed or underscored keys), then overrides.

        Keys the checks do not know are left alone (other commands read the same table);
        overrides that are None are ignored, so CLI options that were not given keep the file's value.
        """
        known = set(cls.model_fields)
        values: dict[str, Any] = {}
        for key, value in settings.items():
            field = key.replace("-", "_")
            current = SETTING_ALIASES.get(field, field)
            if current not in known or (field != current and current in values):
                continue  # not a check setting, or an earlier name beside the current one
            # Kept under the name the file used, so a message about its value names what it says.
            _set(values, field, value)
        for key, value in overrides.items():
            if value is None or (key == "disable" and not value):
                continue
            if key == "disable":
                values["disable"] = [*normalise_disabled(values.get("disable", ())), *value]
            else:
                _set(values, key, value)
        try:
            return cls(**values)
        except UsageError as exc:
            if source:
                exc.problems = [p.model_copy(update={"file": source}) for p in exc.problems]
            raise
        except ValidationError as exc:
            raise UsageError(
                Problem.of(
                    INVALID_CONFIG,
                    _config_message(exc),
                    "See `mapbridge check --help` for each threshold and its range.",
                    file=source,
                )
            ) from exc


def _set(values: dict[str, Any], name: str, value: Any) -> None:
    """Set a setting under `name`, dropping its value under any other name (current or earlier)."""
    current = SETTING_ALIASES.get(name, name)
    for other in [current, *(old for old, new in SETTING_ALIASES.items() if new == current)]:
        values.pop(other, None)
    values[name] = value


def _config_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]).replace("_", "-")
        parts.append(f"{where}: {error['msg']}")
    return "Invalid check setting " + "; ".join(parts) + "."


def normalise_disabled(values: Iterable[str]) -> list[str]:
    """Rule codes for what the user wrote ("MB105", "proto-persona", "MB105,MB109").

    Raises UsageError naming the valid codes when one is unknown, so a typo never silently
    leaves a rule switched on.
    """
    codes: list[str] = []
    for value in values:
        for part in str(value).split(","):
            if not part.strip():
                continue
            rule = resolve_rule(part)
            if rule is None:
                if part.strip().upper().startswith("MB0"):
                    # Import warnings (MB0xx, catalogued in mapbridge.codes) can be silenced too.
                    codes.append(part.strip().upper())
                    continue
                raise UsageError(
                    Problem.of(
                        INVALID_CONFIG,
                        f"Unknown rule {part.strip()!r} to disable.",
                        "Known rules: " + ", ".join(RULES_BY_CODE) + ".",
                    )
                )
            codes.append(rule.code)
    return list(dict.fromkeys(codes))


class Findings:
    """Collects one check run's findings, filling name, severity and location from the catalogue."""

    def __init__(
        self, workspace: Workspace, config: CheckConfig, today: date, disabled: set[str]
    ) -> None:
        self.workspace = workspace
        self.config = config
        self.today = today
        self.disabled = disabled
        self.problems: list[Finding] = []

    def enabled(self, code: str) -> bool:
        return code not in self.disabled

    def add(
        self,
        code: str,
        message: str,
        where: SourceRef | None,
        hint: str = "",
        *,
        about: Persona | Journey | None = None,
    ) -> None:
        """Record a finding of rule `code` at `where` about a persona or a map (or the workspace).

        The hint defaults to the rule's fix.
        """
        if code in self.disabled:
            return
        rule = RULES_BY_CODE[code]
        persona_id = journey_id = None
        if isinstance(about, Persona):
            persona_id = about.id
        elif isinstance(about, Journey):
            persona_id, journey_id = about.persona_id, about.id
        self.problems.append(
            Finding(
                code=code,
                name=rule.name,
                severity=rule.severity,
                message=message,
                hint=hint or rule.fix,
                file=self.workspace.file_of(where) or None,
                sheet=where.sheet if where else None,
                cell=where.cell if where else None,
                persona_id=persona_id,
                journey_id=journey_id,
            )
        )


class Finding(Problem):
    """A map-health Problem that also says which persona and map it is about, for grouping.

    `persona_id` and `journey_id` are None for findings about the whole workspace (too many
    personas, a review trigger). Everything that takes a Problem takes a Finding.
    """

    persona_id: str | None = None
    journey_id: str | None = None


def persona_ref(persona: Any, field: str | None = None) -> SourceRef | None:
    """The cell of a persona's field if it was read from one, else the cell naming the persona."""
    if field and field in persona.sources:
        return persona.sources[field]
    return persona.source or next(iter(persona.sources.values()), None)


def map_ref(journey: Any, field: str | None = None) -> SourceRef | None:
    """The cell of a map's field if it was read from one, else where the map starts."""
    if field and field in journey.sources:
        return journey.sources[field]
    if journey.source:
        return journey.source
    if journey.sources:
        return next(iter(journey.sources.values()))
    first_stage = next((s.source for s in journey.stages if s.source), None)
    return first_stage or next((e.source for e in journey.entries if e.source), None)


def map_label(workspace: Workspace, journey: Any) -> str:
    """How messages name a map: `Ana's map "Open an account"` or `the shared map "..."`."""
    persona = workspace.persona(journey.persona_id)
    if persona is not None:
        return f'{persona.name}\'s map "{journey.name}"'
    if journey.persona_id:
        return f'the map "{journey.name}" for "{journey.persona_id}"'
    return f'the map "{journey.name}"'


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 persona`, `3 personas`."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def join_words(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
