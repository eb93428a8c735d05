"""How alike two texts, two personas or two persona maps are, on 0..1, ignoring the personas' own names."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from mapbridge.model import Journey, Persona

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str, drop: Iterable[str] = ()) -> list[str]:
    """Lower-case words of a text without accents, leaving out the words in `drop`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    dropped = set(drop)
    return [t for t in _TOKEN.findall(plain) if t not in dropped]


def name_tokens(*personas: Persona) -> set[str]:
    """The words of the personas' names: "Ana compares rates" and "Ben compares rates" say the same."""
    words: set[str] = set()
    for persona in personas:
        words.update(tokens(persona.name))
    return words


def text_similarity(a: str, b: str, drop: Iterable[str] = ()) -> float:
    """1.0 for the same words in the same order, 0.0 for nothing in common; two blanks are alike."""
    drop = set(drop)
    left, right = tokens(a, drop), tokens(b, drop)
    if not left and not right:
        return 1.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def word_overlap(left: Counter[str], right: Counter[str]) -> float:
    """How many words two bodies of text share, whatever their order, on 0..1: twice the shared
    words over all words (Dice); 1.0 for two empty ones."""
    total = sum(left.values()) + sum(right.values())
    if not total:
        return 1.0
    return 2.0 * sum((left & right).values()) / total


def alike(
    left: list[str],
    right: list[str],
    threshold: float,
    counts: tuple[Counter[str], Counter[str]] | None = None,
) -> bool:
    """Whether two texts' words (`tokens`) are at least `threshold` alike by `text_similarity`'s
    measure; texts whose shared words cannot reach it are told apart without aligning them
    (the ratio is at most twice the shared words over all words), which keeps comparing every
    pair of a stage's items fast. `counts`: the two texts' word counts, when already made."""
    if not left and not right:
        return True
    total = len(left) + len(right)
    if 2.0 * min(len(left), len(right)) / total < threshold:
        return False  # even sharing every word of the shorter text is not enough
    mine, theirs = counts or (Counter(left), Counter(right))
    shared = sum((mine & theirs).values())
    if 2.0 * shared / total < threshold:
        return False
    return SequenceMatcher(None, left, right, autojunk=False).ratio() >= threshold


def name_similarity(a: Persona, b: Persona) -> float:
    """How alike two persona names are ("Chris Lee" and "Chris Lee (2)": 0.9)."""
    left, right = " ".join(tokens(a.name)), " ".join(tokens(b.name))
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def profile_similarity(a: Persona, b: Persona) -> float | None:
    """How alike two personas' goals and pain points are; None when either has neither."""
    if not (a.goals or a.pain_points) or not (b.goals or b.pain_points):
        return None
    drop = name_tokens(a, b)
    scores = []
    for left, right in ((a.goals, b.goals), (a.pain_points, b.pain_points)):
        if not left and not right:
            continue
        # Order of bullet points carries no meaning: compare them sorted.
        scores.append(text_similarity(_joined(left, drop), _joined(right, drop), drop))
    return sum(scores) / len(scores) if scores else None


def _joined(items: list[str], drop: set[str]) -> str:
    return " | ".join(sorted(" ".join(tokens(item, drop)) for item in items))


def _cells(journey: Journey) -> dict[tuple[str, str], list[str]]:
    """A map's own (non-shared) content keyed by (stage id, lane kind and name)."""
    lanes = {lane.id: f"{lane.kind}:{lane.name.lower()}" for lane in journey.lanes}
    cells: dict[tuple[str, str], list[str]] = {}
    for entry in journey.entries:
        if entry.shared:
            continue
        key = (entry.stage_id, lanes.get(entry.lane_id, entry.lane_id))
        if key[1].startswith("emotion:"):
            if entry.emotion is None:
                continue  # an unreadable score was already reported by the importer
            value = f"{entry.emotion.score:+.2f}"
        else:
            value = entry.text
        cells.setdefault(key, []).append(value)
    return cells


def map_similarity(a: Journey, b: Journey, personas: Iterable[Persona] = ()) -> float:
    """How alike two persona maps' own content is, cell by cell (stage x lane), on 0..1.

    Text cells compare word by word with the personas' names left out; emotion cells compare
    by score (a full scale apart is 0). A cell only one map fills counts as 0. Two maps with
    no content of their own are alike (1.0): the personas add nothing to the shared rows.
    """
    drop = name_tokens(*personas)
    left, right = _cells(a), _cells(b)
    keys = set(left) | set(right)
    if not keys:
        return 1.0
    total = 0.0
    for key in keys:
        if key not in left or key not in right:
            continue
        if key[1].startswith("emotion:"):
            total += max(0.0, 1.0 - abs(_mean(left[key]) - _mean(right[key])) / 2.0)
        else:
            total += text_similarity(
                " ".join(sorted(left[key])), " ".join(sorted(right[key])), drop
            )
    return total / len(keys)


def _mean(values: list[str]) -> float:
    numbers = [float(v) for v in values]
    return sum(numbers) / len(numbers)
