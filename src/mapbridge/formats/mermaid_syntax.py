"""The rules of Mermaid's `journey` syntax that both the Mermaid exporter and importer rely on.

Mermaid's journey lexer reads a section name up to `:`, `#`, `;` or a line end, a task name up to
`:`, `#` or `;`, and the task's data (`: score: actor, actor`) up to `#` or `;`. A name that starts
with a keyword (`title `, `section `, `journey`, `accTitle`, `accDescr`) or with `%` is read as that
keyword or as a comment. `sanitise_*` make any text safe in each place, in a documented, readable
way; `restore_name` undoes the one invisible change (a zero-width space before keywords).
"""

from __future__ import annotations

import math
import re

#: Put before a name that Mermaid would otherwise read as a keyword or a comment. It is invisible
#: in the rendered diagram, and `restore_name` removes it when a diagram is read back.
KEYWORD_GUARD = "\u200b"

#: How each character Mermaid cannot take in a name is replaced (README: "Mermaid names").
NAME_REPLACEMENTS: dict[str, str] = {":": " -", "#": "", ";": ","}

#: Lowest and highest score of Mermaid's journey scale.
MERMAID_MIN_SCORE = 1
MERMAID_MAX_SCORE = 5

#: Suffix added to an actor name so a persona's kind survives the trip (and shows in the legend).
#: An actor without one has no stated kind ("unspecified"), so research personas carry theirs too.
KIND_SUFFIXES: dict[str, str] = {
    "research": " (research)",
    "proto": " (proto-persona)",
    "segment": " (segment)",
}

#: Comment the exporter writes on the layered comparison diagram; the importer skips such a
#: diagram when the same file also holds each persona's own diagram.
LAYERED_MARKER = "%% mapbridge: layered comparison"

#: Comment the exporter writes before a task whose stage had no emotion score (3 is a placeholder).
NO_SCORE_MARKER = "%% mapbridge: no emotion score, 3 is a placeholder"

_KEYWORD_START = re.compile(r"^(?:title\s|section\s|journey\b|acctitle\s*:|accdescr\s*[:{])", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _one_line(text: str) -> str:
    """Line breaks become " / " (a task is one line), runs of spaces become one."""
    parts = [p.strip() for p in re.split(r"[\r\n]+", text) if p.strip()]
    return _SPACES.sub(" ", " / ".join(parts)).strip()


def _replace_forbidden(text: str) -> str:
    for char, replacement in NAME_REPLACEMENTS.items():
        text = text.replace(char, replacement)
    # `%%` starts a comment wherever a token starts; one `%` is harmless inside a name.
    while "%%" in text:
        text = text.replace("%%", "%")
    return _SPACES.sub(" ", text).strip(" ,-")


def _guard(text: str) -> str:
    if _KEYWORD_START.match(text) or text.startswith("%"):
        return KEYWORD_GUARD + text
    return text


def sanitise_name(text: str, fallback: str = "(untitled)") -> str:
    """A section or task name Mermaid reads back as exactly this text (bar the replacements)."""
    cleaned = _replace_forbidden(_one_line(text.replace(KEYWORD_GUARD, "")))
    return _guard(cleaned) if cleaned else fallback


def sanitise_title(text: str) -> str:
    """A diagram title: `#` and `;` end Mermaid's title, so they are replaced; `:` may stay."""
    cleaned = _one_line(text).replace("#", "").replace(";", ",")
    return _SPACES.sub(" ", cleaned).strip()


def sanitise_actor(text: str) -> str:
    """An actor (persona) name: like a task name, and `,` separates actors so it goes too."""
    cleaned = _replace_forbidden(_one_line(text.replace(KEYWORD_GUARD, "")).replace(",", " "))
    return cleaned or "(unnamed persona)"


def restore_name(text: str) -> str:
    """A name as read from a diagram, without the invisible keyword guard and outer spaces."""
    return text.replace(KEYWORD_GUARD, "").strip()


def actor_name(name: str, kind: str) -> str:
    """The actor for a persona: its name plus its kind's label, none when the kind is unspecified."""
    return sanitise_actor(name) + KIND_SUFFIXES.get(kind, "")


def split_actor(actor: str) -> tuple[str, str]:
    """(persona name, kind) from an actor written by `actor_name` (or by hand); no label: unspecified."""
    actor = restore_name(actor)
    for kind, suffix in KIND_SUFFIXES.items():
        if actor.lower().endswith(suffix.lower()) and len(actor) > len(suffix):
            return actor[: -len(suffix)].strip(), kind
    return actor, "unspecified"


def to_mermaid_score(score: float) -> int:
    """A -1..+1 score on Mermaid's 1..5 scale, rounded half up: -1→1, -0.5→2, 0→3, 0.5→4, 1→5."""
    scaled = (max(-1.0, min(1.0, score)) + 1.0) * 2.0 + MERMAID_MIN_SCORE
    return int(math.floor(scaled + 0.5))


def from_mermaid_score(value: float) -> float:
    """A 1..5 Mermaid score on -1..+1 (the inverse of `to_mermaid_score` for whole numbers)."""
    span = MERMAID_MAX_SCORE - MERMAID_MIN_SCORE
    return round((value - MERMAID_MIN_SCORE) / span * 2.0 - 1.0, 6)
