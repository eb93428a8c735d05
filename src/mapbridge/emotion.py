"""Emotion scores: the scales teams use (numbers, words, faces) and their normalisation to -1..+1."""

from __future__ import annotations

import re

#: Numeric scales: name -> (lowest, highest). The score is mapped linearly onto -1..+1.
NUMERIC_SCALES: dict[str, tuple[float, float]] = {
    "-2..2": (-2.0, 2.0),
    "1..5": (1.0, 5.0),
    "-5..5": (-5.0, 5.0),
    "0..10": (0.0, 10.0),
}

#: Words people write in an emotion lane, with their score on -1..+1.
EMOTION_WORDS: dict[str, float] = {
    "ecstatic": 1.0,
    "delighted": 1.0,
    "thrilled": 1.0,
    "excited": 1.0,
    "love": 1.0,
    "very happy": 1.0,
    "happy": 0.75,
    "pleased": 0.5,
    "glad": 0.5,
    "satisfied": 0.5,
    "relieved": 0.5,
    "confident": 0.5,
    "good": 0.5,
    "positive": 0.5,
    "content": 0.5,
    "hopeful": 0.25,
    "curious": 0.25,
    "interested": 0.25,
    "ok": 0.0,
    "okay": 0.0,
    "fine": 0.0,
    "neutral": 0.0,
    "indifferent": 0.0,
    "meh": 0.0,
    "unsure": -0.25,
    "uncertain": -0.25,
    "impatient": -0.25,
    "bored": -0.25,
    "confused": -0.5,
    "anxious": -0.5,
    "worried": -0.5,
    "nervous": -0.5,
    "annoyed": -0.5,
    "disappointed": -0.5,
    "sad": -0.5,
    "unhappy": -0.5,
    "negative": -0.5,
    "bad": -0.5,
    "stressed": -0.75,
    "frustrated": -0.75,
    "upset": -0.75,
    "overwhelmed": -0.75,
    "very unhappy": -1.0,
    "angry": -1.0,
    "furious": -1.0,
    "hate": -1.0,
    "desperate": -1.0,
}

#: Faces, with their score on -1..+1.
EMOTION_FACES: dict[str, float] = {
    "😍": 1.0,
    "🤩": 1.0,
    "😀": 1.0,
    "😃": 1.0,
    "😄": 1.0,
    "😁": 1.0,
    "😊": 0.5,
    "🙂": 0.5,
    "😌": 0.5,
    "😐": 0.0,
    "😑": 0.0,
    "😶": 0.0,
    "🤔": -0.25,
    "😕": -0.5,
    "🙁": -0.5,
    "☹": -0.5,
    "😟": -0.5,
    "😞": -0.75,
    "😢": -0.75,
    "😣": -0.75,
    "😫": -0.75,
    "😤": -0.75,
    "😠": -1.0,
    "😡": -1.0,
    "🤬": -1.0,
}

_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+))?")
_WORD_CLEAN = re.compile(r"[^a-z ]+")


class EmotionValueError(ValueError):
    """An emotion value that is not a known number, word or face; the message says what is known."""


def parse_number(raw: object) -> float | None:
    """The number in an emotion value ("4", 4.0, "+2", "4/5", "3 - ok"), or None if there is none."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    match = _NUMBER.match(str(raw))
    if not match:
        return None
    return float(match.group(1).replace(",", "."))


def word_score(raw: str) -> tuple[float, str] | None:
    """The score of a word or face ("Frustrated", "😠", "very happy!"), with its scale name."""
    text = raw.strip()
    stripped = text.replace("\ufe0f", "")
    if stripped in EMOTION_FACES:
        return EMOTION_FACES[stripped], "face"
    for ch in stripped:
        if ch in EMOTION_FACES:
            return EMOTION_FACES[ch], "face"
    word = _WORD_CLEAN.sub(" ", text.lower()).strip()
    word = re.sub(r"\s+", " ", word)
    if word in EMOTION_WORDS:
        return EMOTION_WORDS[word], "word"
    return None


def detect_scale(numbers: list[float]) -> str | None:
    """The numeric scale a journey's emotion numbers were written on, or None if they fit none.

    Negative numbers mean a symmetric scale (-2..2, else -5..5). Without negatives, a 0 with
    nothing above 2 is read as -2..2; numbers from 1 to 5 as 1..5; anything up to 10 as 0..10.
    """
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    if low < 0:
        if low >= -2 and high <= 2:
            return "-2..2"
        if low >= -5 and high <= 5:
            return "-5..5"
        return None
    if low == 0 and high <= 2:
        return "-2..2"
    if low >= 1 and high <= 5:
        return "1..5"
    if high <= 10:
        return "0..10"
    return None


def normalise(number: float, scale: str) -> float:
    """A number on a named scale mapped onto -1..+1 (raises if it is outside the scale)."""
    low, high = NUMERIC_SCALES[scale]
    if number < low or number > high:
        raise EmotionValueError(f"{number:g} is outside the {scale} scale")
    return round((number - low) / (high - low) * 2.0 - 1.0, 6)


def parse_scale_name(text: str) -> str | None:
    """A declared scale ("1..5", "1-5", "-2 to +2", "0–10", "words") as one of the known names."""
    cleaned = text.strip().lower().replace("–", "-").replace("—", "-").replace("+", "")
    cleaned = re.sub(r"\s*(?:to|\.\.|-)\s*", "..", cleaned, count=0)
    cleaned = cleaned.replace("....", "..")
    numbers = re.findall(r"-?\d+", text.replace("–", "-").replace("—", "-"))
    if len(numbers) >= 2:
        low, high = int(numbers[0]), int(numbers[-1])
        # "1-5" and "-2-2": the dash before the last number is a range sign, not a minus;
        # every known scale ends above zero.
        high = abs(high)
        name = f"{low}..{high}"
        if name in NUMERIC_SCALES:
            return name
    if cleaned.startswith("word") or cleaned.startswith("face"):
        return "word"
    return None


def known_values_hint() -> str:
    return 'use -2..2, 1..5, -5..5 or 0..10, a word like "frustrated" or "delighted", or a face like 🙂'
