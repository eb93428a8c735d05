"""Human labels for column names the deck shows as they came: `top_concern` → "Top concern"."""

from __future__ import annotations

import re

#: Where an identifier-like name breaks into words: underscores, two lower-case letters
#: followed by a capital ("preferredChannel", not "iPhone"), and the end of an acronym before
#: a word ("NPSScore"). Hyphens and dots stay: "e-mail" and "Q1.2" are words as typed.
_SEPARATORS = re.compile(r"_+")
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _is_acronym(word: str) -> bool:
    """A word written in capitals (NPS, ID, B2B): kept as it is."""
    letters = [c for c in word if c.isalpha()]
    return len(word) >= 2 and bool(letters) and all(c.isupper() for c in letters)


def _is_plain(word: str) -> bool:
    """A word in lower case or with only its first letter a capital ("score", "Score")."""
    return word[1:] == word[1:].lower()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def human_label(name: str) -> str:
    """A column name as a label a reader expects: words in sentence case, acronyms kept.

    Identifier-like names (no spaces) are split at underscores and case changes:
    `top_concern` → "Top concern", `preferredChannel` → "Preferred channel", `NPS_score` →
    "NPS score". A name the workshop already wrote with spaces keeps its own words and case;
    only underscores become spaces and the first letter a capital ("favourite app" →
    "Favourite app").
    """
    name = " ".join(name.split())
    if not name:
        return ""
    if " " in name:
        return _capitalise(" ".join(name.replace("_", " ").split()))
    words = [word for piece in _SEPARATORS.split(name) for word in _CAMEL.split(piece) if word]
    if not words:
        return name
    # Words with capitals inside ("iPhone", "McDonald") are names: kept as typed.
    shown = [w.lower() if _is_plain(w) and not _is_acronym(w) else w for w in words]
    text = " ".join(shown)
    return _capitalise(text) if _is_plain(words[0]) else text
