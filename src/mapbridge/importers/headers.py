"""Sheet names and column headers as people write them, matched through alias lists.

Matching ignores case, spaces, punctuation and plurals: "Pain points", "pain-point" and
"PAINS" all normalise to the same key as their alias.
"""

from __future__ import annotations

import re
import unicodedata


def _singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise(text: object) -> str:
    """The matching key of a header or sheet name: lower case, singular words, no punctuation."""
    raw = unicodedata.normalize("NFKC", str(text or "")).lower().replace("_", " ")
    words = re.findall(r"[^\W_]+", raw)
    return "".join(_singular(w) for w in words)


def _keys(*aliases: str) -> frozenset[str]:
    return frozenset(normalise(a) for a in aliases)


SHEET_ALIASES: dict[str, frozenset[str]] = {
    "personas": _keys(
        "personas", "persona", "profiles", "profile", "persona profiles", "customers"
    ),
    "journey": _keys(
        "journey",
        "journeys",
        "journey rows",
        "journey map",
        "journey maps",
        "journey data",
        "rows",
        "maps",
    ),
    "stages": _keys("stages", "stage", "phases", "phase", "stage list"),
    "reviews": _keys("reviews", "review", "governance", "review log", "reviews and triggers"),
    "instructions": _keys(
        "instructions",
        "instruction",
        "readme",
        "read me",
        "help",
        "about",
        "how to",
        "how to use",
        "guide",
        "lists",
        "lookups",
        "lookup",
        "dropdowns",
        "settings",
        "cover",
        "start here",
    ),
}

PERSONA_FIELDS: dict[str, frozenset[str]] = {
    "id": _keys("id", "persona id", "key", "code"),
    "name": _keys("name", "persona", "persona name", "full name"),
    "kind": _keys("kind", "type", "persona type", "persona kind", "status", "basis"),
    "role": _keys("role", "job", "job title", "title", "archetype", "occupation", "segment role"),
    "description": _keys(
        "description", "summary", "bio", "about", "background", "story", "overview"
    ),
    "goals": _keys("goals", "goal", "needs", "jobs to be done", "jtbd", "objectives"),
    "pain_points": _keys("pain points", "pains", "frustrations", "pain", "challenges", "problems"),
    "motivations": _keys("motivations", "motivation", "drivers", "motivators"),
    "behaviours": _keys("behaviours", "behaviors", "behaviour", "behavior", "habits"),
    "channels": _keys("channels", "preferred channels", "channel", "favourite channels"),
    "quote": _keys("quote", "quotes", "in their words", "signature quote"),
    "says": _keys("says", "say"),
    "thinks": _keys("thinks", "think"),
    "does": _keys("does", "do"),
    "feels": _keys("feels", "feel"),
    "owner": _keys("owner", "persona owner", "responsible", "maintainer"),
    "last_reviewed": _keys(
        "last reviewed", "reviewed", "review date", "last review", "reviewed on"
    ),
    "last_updated": _keys(
        "last updated", "updated", "last changed", "changed", "modified", "updated on"
    ),
    "review_every_days": _keys(
        "review every",
        "review every days",
        "review cadence",
        "cadence",
        "review interval",
        "review cycle",
        "review every (days)",
    ),
}

#: Columns that describe who a persona is demographically; kept in `demographics`.
DEMOGRAPHIC_FIELDS: frozenset[str] = _keys(
    "demographics",
    "age",
    "age range",
    "gender",
    "income",
    "household income",
    "location",
    "city",
    "country",
    "region",
    "education",
    "family",
    "family status",
    "marital status",
    "household",
    "children",
    "ethnicity",
    "nationality",
    "salary",
)

JOURNEY_FIELDS: dict[str, frozenset[str]] = {
    "journey": _keys("journey", "journey name", "map", "map name", "journey map", "scenario"),
    "persona": _keys("persona", "personas", "persona name", "who", "actor", "actors", "customer"),
    "stage": _keys("stage", "phase", "step group", "stages", "phases", "journey stage"),
    "step": _keys("step", "steps", "task", "sub stage", "substage"),
    "map_owner": _keys("map owner", "journey owner"),
    "last_reviewed": _keys("last reviewed", "map last reviewed", "reviewed", "review date"),
    "last_updated": _keys("last updated", "map last updated", "updated"),
    "review_every_days": _keys("review every", "review every days", "review cadence", "cadence"),
}

LANE_ALIASES: dict[str, frozenset[str]] = {
    "actions": _keys(
        "actions",
        "action",
        "doing",
        "customer actions",
        "what they do",
        "activities",
        "activity",
        "user actions",
        "does",
    ),
    "touchpoints": _keys("touchpoints", "touchpoint", "touch points", "touch point"),
    "channels": _keys("channels", "channel"),
    "thoughts": _keys("thoughts", "thinking", "thought", "thinks", "what they think", "questions"),
    "feelings": _keys("feelings", "feeling", "feels", "what they feel"),
    "emotion": _keys(
        "emotion",
        "emotions",
        "feeling score",
        "experience score",
        "mood",
        "emotion score",
        "emotional state",
        "sentiment",
        "score",
        "emotion curve",
        "satisfaction",
    ),
    "pain_points": _keys(
        "pain points",
        "pains",
        "frustrations",
        "pain",
        "pain point",
        "problems",
        "issues",
        "barriers",
    ),
    "opportunities": _keys(
        "opportunities",
        "opportunity",
        "ideas",
        "idea",
        "improvements",
        "how might we",
        "solutions",
    ),
    "backstage": _keys(
        "backstage",
        "back stage",
        "backstage processes",
        "processes",
        "process",
        "behind the scenes",
        "systems",
        "support processes",
        "back office",
    ),
    "metrics": _keys("metrics", "metric", "kpis", "kpi", "measures", "measurements"),
    "owners": _keys(
        "owners", "owner", "teams", "team", "teams involved", "responsible", "who owns it"
    ),
}

_AS_IS = re.compile(r"\b(as[\s_-]*is|current|today|now)\b", re.IGNORECASE)
_TO_BE = re.compile(r"\b(to[\s_-]*be|future|target|desired|ideal)\b", re.IGNORECASE)


def sheet_role(name: str) -> str | None:
    """What a sheet's name says it is: personas, journey, stages, reviews, instructions, or None."""
    key = normalise(name)
    for role, aliases in SHEET_ALIASES.items():
        if key in aliases:
            return role
    return None


def persona_field(header: object) -> str | None:
    key = normalise(header)
    for name, aliases in PERSONA_FIELDS.items():
        if key in aliases:
            return name
    return None


def journey_field(header: object) -> str | None:
    key = normalise(header)
    for name, aliases in JOURNEY_FIELDS.items():
        if key in aliases:
            return name
    return None


def lane_kind(header: object) -> tuple[str, str | None]:
    """The lane kind of a header, with the emotion variant ("as-is" / "to-be") when it names one."""
    text = str(header or "")
    key = normalise(text)
    for kind, aliases in LANE_ALIASES.items():
        if key in aliases:
            return kind, None
    # "Emotion (to-be)", "Future emotion", "Mood today": an emotion lane with a variant.
    stripped = normalise(_TO_BE.sub(" ", _AS_IS.sub(" ", text)))
    if stripped in LANE_ALIASES["emotion"]:
        if _TO_BE.search(text):
            return "emotion", "to-be"
        if _AS_IS.search(text):
            return "emotion", "as-is"
        return "emotion", None
    return "custom", None


def is_demographic(header: object) -> bool:
    return normalise(header) in DEMOGRAPHIC_FIELDS
