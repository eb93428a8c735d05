"""The map-health rule catalogue: every finding's stable code, name, severity, trigger and fix.

Codes are part of the interface (users disable them and search the README for them): never
renumber a rule, only add new ones at the end of the range.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.errors import Severity


@dataclass(frozen=True)
class Rule:
    """One kind of map-health finding: what triggers it and what fixes it, in a sentence each."""

    code: str
    name: str
    severity: Severity
    trigger: str
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "MB101",
        "too-many-personas",
        "warning",
        "The workspace, or one journey, has more personas than the limit (default 5).",
        "Start with 3-5 core personas; merge similar ones or move the rest to a later round.",
    ),
    Rule(
        "MB102",
        "demographic-persona",
        "warning",
        "A persona has demographic fields (age, income, location...) but no goals, pain points "
        "or behaviours.",
        "Add what the persona is trying to do, what gets in the way and how they behave; "
        "demographics alone do not change a journey map.",
    ),
    Rule(
        "MB103",
        "generic-map",
        "warning",
        "Every persona of a journey goes through the same stages with near-identical content "
        "(similarity at or above the threshold, default 0.85).",
        "Map what differs for each persona (actions, pain points, emotions), or merge the "
        "personas if they really behave the same.",
    ),
    Rule(
        "MB104",
        "layout-advice",
        "info",
        "A journey has two or more persona maps: how much their stages overlap, and therefore one "
        "layered map or separate maps (the same decision `mapbridge deck --layout auto` makes).",
        "Nothing to fix; use --overlap-threshold or the deck's --layout option to decide otherwise.",
    ),
    Rule(
        "MB105",
        "proto-persona",
        "info",
        "A persona is a proto-persona (assumption-based); it is shown as a hypothesis everywhere.",
        "Validate it with research (interviews, analytics) and change its kind to research.",
    ),
    Rule(
        "MB106",
        "persona-without-map",
        "warning",
        "A persona has no journey map and no link to one.",
        "Map the persona's journey, or link it to an existing map, or drop the persona.",
    ),
    Rule(
        "MB107",
        "map-without-persona",
        "warning",
        "A journey map names no persona and no persona is linked to it.",
        "Say whose journey it is (a persona column or sheet), or link personas to it.",
    ),
    Rule(
        "MB108",
        "unknown-persona",
        "error",
        "A map or a persona-map link names a persona the workspace does not define. (The "
        "importer reports the same mistake in a workbook as MB011; this rule catches it in "
        "workspaces built or edited in code.)",
        "Fix the persona's name so it matches the Personas sheet, or add the persona.",
    ),
    Rule(
        "MB109",
        "stale-persona",
        "warning",
        "A persona was never reviewed, or its last review is older than its review cadence "
        "(its own, else the workspace's, else 90 days).",
        "Review the persona with its maps and record the date.",
    ),
    Rule(
        "MB110",
        "stale-map",
        "warning",
        "A journey map was never reviewed, or its last review is older than its review cadence.",
        "Review the map with its persona and record the date.",
    ),
    Rule(
        "MB111",
        "persona-changed-after-map-review",
        "warning",
        "A persona was updated after the map built on it was last reviewed: the link decayed.",
        "Review the map against the updated persona and record the date on the map or its link.",
    ),
    Rule(
        "MB112",
        "missing-owner",
        "warning",
        "A persona, a map or a persona-map link has no named owner.",
        "Name the person or team who keeps it up to date.",
    ),
    Rule(
        "MB113",
        "empty-stage",
        "warning",
        "A stage of a persona's map has no content of its own for that persona.",
        "Fill in the stage for the persona, or remove the stage from the persona's map.",
    ),
    Rule(
        "MB114",
        "missing-emotion-curve",
        "warning",
        "A persona map has no emotion curve (no emotion lane, or an emotion lane with no scores).",
        "Add an emotion score per stage: it is what makes personas comparable on a layered map.",
    ),
    Rule(
        "MB115",
        "emotion-curve-gap",
        "warning",
        "A persona's emotion curve has no score for one of the map's stages.",
        "Score the stage, or say why the persona does not go through it.",
    ),
    Rule(
        "MB116",
        "near-duplicate-personas",
        "warning",
        "Two personas have the same or a very similar name (or one is named by the other's "
        "first name alone), or near-identical goals and pain points (default similarity 0.85).",
        "Merge them, or make what sets them apart explicit in their goals and pain points.",
    ),
    Rule(
        "MB117",
        "empty-persona",
        "warning",
        "A persona has a name but no goals, pain points, behaviours or demographics.",
        "Describe the persona (goals, pain points, behaviours) before mapping their journey.",
    ),
    Rule(
        "MB118",
        "review-trigger-pending",
        "warning",
        "A review trigger (launch, research, market shift) has passed and is not marked done.",
        "Review the personas and maps it affects, then mark the trigger done.",
    ),
    Rule(
        "MB119",
        "persona-kind-not-stated",
        "info",
        "A persona does not say whether it is research-based, a proto-persona or a segment (no "
        'Kind column, or a blank or unknown kind); it is shown as "kind not stated", never '
        "as research.",
        "Add a Kind column to the Personas sheet and fill it in: Research, Proto-persona or "
        "Segment.",
    ),
    Rule(
        "MB120",
        "unknown-interaction",
        "warning",
        "A cell of an `Interacts with`, `Depends on`, `Caused by` or `Hands over to` lane names "
        "someone who is not a persona of the workspace, a stage the named persona's map does not "
        "have, or a persona with no map of that journey; the link is not drawn.",
        "Write the persona's name as on the Personas sheet (or its ID), and a stage of their map "
        "as `Persona › Stage`; add the persona or their map if it is missing.",
    ),
    Rule(
        "MB121",
        "stage-spelled-differently",
        "warning",
        'One stage is written several ways across maps or files ("Sign up", "Sign-up", '
        '"Signup"): the same letters with different spaces, hyphens, case or accents.',
        "Pick one spelling and use it in every map, so the stage lines up across journeys.",
    ),
    Rule(
        "MB122",
        "lane-named-differently",
        "info",
        'Maps give one kind of lane different names ("Pain points" in one file, '
        '"Frustrations" in another); mapbridge reads them as one lane.',
        "Use one name for each lane across maps and files, so readers of different decks and "
        "boards see the same words.",
    ),
    Rule(
        "MB123",
        "persona-not-in-catalogue",
        "warning",
        "In a portfolio of several files, a persona is named on maps but defined (role, goals, "
        "pain points...) in no file.",
        "Add the persona to the catalogue (the Personas sheet of the catalogue workbook), or "
        "use the name the catalogue gives it.",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def resolve_rule(code_or_name: str) -> Rule | None:
    """The rule a user means by a code ("MB105", "mb105") or a name ("proto-persona")."""
    key = code_or_name.strip()
    return RULES_BY_CODE.get(key.upper()) or RULES_BY_NAME.get(key.lower())
