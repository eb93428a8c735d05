"""Map health checks: the known persona and journey-map mistakes, found in a Workspace like a linter.

`check(workspace)` returns located `Problem`s (codes MB1xx) with a hint that tells the fix.
Pure functions over the model: no file I/O, no printing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from mapbridge.checks.consistency import lane_names, stage_spellings, uncatalogued_personas
from mapbridge.checks.context import CheckConfig, Finding, Findings, normalise_disabled
from mapbridge.checks.governance import (
    missing_owners,
    pending_triggers,
    persona_changed_after_review,
    stale_items,
)
from mapbridge.checks.maps import (
    content_gaps,
    generic_maps,
    layout_advice,
    persona_map_links,
    unknown_interactions,
)
from mapbridge.checks.personas import (
    demographic_or_empty_persona,
    near_duplicate_personas,
    proto_personas,
    too_many_personas,
    unstated_kinds,
)
from mapbridge.checks.rules import RULES, RULES_BY_CODE, Rule, resolve_rule
from mapbridge.errors import SEVERITY_ORDER, Problem
from mapbridge.model import Persona, Workspace

__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "CheckConfig",
    "Finding",
    "Rule",
    "check",
    "counts",
    "group_by_persona",
    "resolve_rule",
    "summary",
]

#: Every rule function, in the order findings are reported within a severity.
RULE_FUNCTIONS: tuple[Callable[[Findings], None], ...] = (
    persona_map_links,
    too_many_personas,
    demographic_or_empty_persona,
    near_duplicate_personas,
    generic_maps,
    content_gaps,
    unknown_interactions,
    stale_items,
    persona_changed_after_review,
    missing_owners,
    pending_triggers,
    proto_personas,
    unstated_kinds,
    layout_advice,
    stage_spellings,
    lane_names,
    uncatalogued_personas,
)


def check(
    workspace: Workspace,
    *,
    config: CheckConfig | None = None,
    today: date | None = None,
    disable: Iterable[str] = (),
) -> list[Finding]:
    """Every map-health finding for a workspace, errors first, each in workbook order.

    `today` fixes the date staleness is measured against (default: the current date);
    `disable` adds rule codes or names to the config's own list.
    """
    config = config or CheckConfig()
    disabled = set(config.disable) | set(normalise_disabled(disable))
    found = Findings(workspace, config, today or date.today(), disabled)
    for rule in RULE_FUNCTIONS:
        rule(found)
    return sorted(found.problems, key=lambda p: SEVERITY_ORDER[p.severity])  # type: ignore[return-value]


def counts(problems: Iterable[Problem]) -> dict[str, int]:
    """How many findings of each severity: {"error": 1, "warning": 4, "info": 2}."""
    tally = {"error": 0, "warning": 0, "info": 0}
    for problem in problems:
        tally[problem.severity] += 1
    return tally


def summary(problems: Iterable[Problem]) -> str:
    """One line for people: `1 error, 4 warnings, 2 notes` or `no problems found`."""
    tally = counts(problems)
    if not any(tally.values()):
        return "no problems found"
    parts = [
        f"{tally['error']} error{'s' if tally['error'] != 1 else ''}",
        f"{tally['warning']} warning{'s' if tally['warning'] != 1 else ''}",
        f"{tally['info']} note{'s' if tally['info'] != 1 else ''}",
    ]
    return ", ".join(parts)


def group_by_persona(
    workspace: Workspace, findings: Iterable[Problem]
) -> list[tuple[Persona | None, list[Problem]]]:
    """Findings per persona in workspace order, worst first in each; then those about no one persona.

    The last group (persona None) holds findings about a whole journey or the workspace, and
    import warnings. Personas without findings are left out.
    """
    by_persona: dict[str | None, list[Problem]] = {}
    for finding in findings:
        persona_id = getattr(finding, "persona_id", None)
        if workspace.persona(persona_id) is None:
            persona_id = None
        by_persona.setdefault(persona_id, []).append(finding)
    groups: list[tuple[Persona | None, list[Problem]]] = []
    for persona in workspace.personas:
        if persona.id in by_persona:
            groups.append((persona, by_persona[persona.id]))
    if None in by_persona:
        groups.append((None, by_persona[None]))
    return [
        (persona, sorted(items, key=lambda p: SEVERITY_ORDER[p.severity]))
        for persona, items in groups
    ]
