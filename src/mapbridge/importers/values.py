"""Cell values as workshop people type them: lists, dates, cadences, persona kinds and labels."""

from __future__ import annotations

import re
from datetime import date, datetime

from mapbridge.importers.aliases import PERSONA_KINDS
from mapbridge.importers.aliases import TITLE_LABELS as ALIAS_TITLE_LABELS
from mapbridge.importers.headers import HEAD_WORDS, QUALIFIED, Vocabulary, normalise
from mapbridge.importers.sheets import CellValue, as_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*]|-(?=\s)|\d+[.)](?=\s))\s*")
_LIST_SPLIT = re.compile(r"\n|;|(?<=\S)\s*•\s*")

#: Kind cell words -> research | proto | segment: every word of `aliases.PERSONA_KINDS` (ten
#: languages), as typed and as normalised ("Research based" and "researchbased").
KIND_WORDS: dict[str, str] = {}
for _kind, _by_lang in reversed(PERSONA_KINDS.items()):
    for _words in _by_lang.values():
        for _word in _words:
            for _form in (_word.lower(), normalise(_word)):
                KIND_WORDS.setdefault(_form, _kind)

#: Beginnings of a kind word in any language, for spellings no list has ("Proto-Persona v2").
_KIND_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "proto",
        ("proto", "hypothes", "hipotes", "ipotes", "annahme", "прото", "гипотез", "假设", "仮説"),
    ),
    ("segment", ("segment", "role", "сегмент", "细分", "セグメント")),
    (
        "research",
        (
            "research",
            "validated",
            "forschung",
            "recherche",
            "investigacion",
            "pesquisa",
            "ricerca",
            "onderzoek",
            "исследован",
            "调研",
            "研究",
            "調査",
            "リサーチ",
        ),
    ),
)

CADENCE_WORDS: dict[str, int] = {
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "quarterly": 90,
    "everyquarter": 90,
    "halfyearly": 182,
    "biannually": 182,
    "every6month": 182,
    "yearly": 365,
    "annually": 365,
    "annual": 365,
}

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}


def clean_text(value: CellValue) -> str:
    """A cell as clean text: trimmed, Windows line ends folded, invisible control characters removed."""
    if type(value) is str:
        text = value.strip()
        if text.isprintable():  # the common case: one line of ordinary text, nothing to fold
            return text
    text = as_text(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return text.strip()


def split_list(value: CellValue, *, commas: bool = False) -> list[str]:
    """A list cell split on new lines, semicolons and bullets (and commas for short tag lists)."""
    text = clean_text(value)
    if not text:
        return []
    parts = _LIST_SPLIT.split(text)
    if commas:
        parts = [piece for part in parts for piece in part.split(",")]
    items = []
    for part in parts:
        item = _BULLET.sub("", part).strip()
        if item:
            items.append(item)
    return items


def parse_kind(value: CellValue, *, vocabulary: Vocabulary | None = None) -> str | None:
    """ "Proto-persona", "assumption", "validated", "Segment", "Гипотеза", "仮説"... as
    research | proto | segment; None when the cell names none of them ("Active")."""
    text = clean_text(value).lower()
    if not text:
        return "research"
    for candidate in (text, normalise(text), text.replace("-", " ")):
        if candidate in KIND_WORDS:
            return KIND_WORDS[candidate]
    found = (vocabulary or Vocabulary.default()).match_persona_kind(text)
    if found is not None:
        return found.field
    key = normalise(text)
    if "assumption" in key or "hypothes" in key:
        return "proto"
    for kind, stems in _KIND_STEMS:
        if key.startswith(stems):
            return kind
    return None


#: The longest review cadence taken seriously (ten years, as `tracker --review-every` allows).
MAX_CADENCE_DAYS = 3650
#: Review dates outside these years are typing mistakes (and 9999-12-31 + 90 days overflows).
PLAUSIBLE_YEARS = (1900, 2200)


def parse_cadence(value: CellValue) -> int | None:
    """A review cadence in days: 90, "90 days", "quarterly", "every 6 months", "12 weeks".

    None when the cell says no number of days from 1 to MAX_CADENCE_DAYS.
    """
    days = _parse_cadence(value)
    return days if days is not None and 0 < days <= MAX_CADENCE_DAYS else None


def _parse_cadence(value: CellValue) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if 0 < value <= MAX_CADENCE_DAYS else None
    text = clean_text(value).lower()
    if not text:
        return None
    key = normalise(text)
    if key in CADENCE_WORDS:
        return CADENCE_WORDS[key]
    match = re.search(r"(\d+)\s*(day|d\b|week|wk|month|mo|year|yr)?", text)
    if not match:
        return None
    number = int(match.group(1))
    unit = match.group(2) or "day"
    factor = (
        7
        if unit.startswith("w")
        else 30
        if unit.startswith("mo")
        else 365
        if unit.startswith("y")
        else 1
    )
    return number * factor if number > 0 else None


class DateResult:
    """A parsed date and, when the text was ambiguous or unreadable, what to tell the user."""

    def __init__(self, value: date | None, warning: str | None = None, hint: str = "") -> None:
        self.value = value
        self.warning = warning
        self.hint = hint


def parse_date(value: CellValue) -> DateResult:
    """Real date cells, ISO strings, and day-first or month-first text (ambiguous ones are flagged).

    A date outside PLAUSIBLE_YEARS is reported and not used.
    """
    result = _parse_date(value)
    if result.value is not None and not (
        PLAUSIBLE_YEARS[0] <= result.value.year <= PLAUSIBLE_YEARS[1]
    ):
        shown = as_text(value)
        return DateResult(
            None,
            f"{shown!r} is not a plausible review date (year {result.value.year}), so it was not used",
            "type the date as 2026-09-01",
        )
    return result


def _parse_date(value: CellValue) -> DateResult:
    if value is None or value == "":
        return DateResult(None)
    if isinstance(value, datetime):
        return DateResult(value.date())
    if isinstance(value, date):
        return DateResult(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial number that lost its date format.
        if 20000 < value < 80000:
            from datetime import timedelta

            return DateResult(date(1899, 12, 30) + timedelta(days=int(value)))
        return DateResult(None, f"{as_text(value)!r} is not a date", "type the date as 2026-09-01")
    text = clean_text(value)
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    numeric = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})", text)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3))
        if year < 100:
            year += 2000
        if first > 12 and second <= 12:
            return _checked(year, second, first, text)
        if second > 12 and first <= 12:
            return _checked(year, first, second, text)
        if first == second:
            return _checked(year, first, second, text)
        result = _checked(year, second, first, text)
        if result.value:
            result.warning = (
                f"date {text!r} is ambiguous (day/month or month/day); read as "
                f"{result.value.isoformat()} (day first)"
            )
            result.hint = (
                f"type it as {result.value.isoformat()} (year-month-day) to remove the doubt"
            )
        return result
    words = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if words and words.group(2).lower() in _MONTHS:
        return _checked(
            int(words.group(3)), _MONTHS[words.group(2).lower()], int(words.group(1)), text
        )
    words = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if words and words.group(1).lower() in _MONTHS:
        return _checked(
            int(words.group(3)), _MONTHS[words.group(1).lower()], int(words.group(2)), text
        )
    # A month and a year ("December 2025", "Dec 2025", "2025-12", "12/2025"): the month's first
    # day, so a review cadence can still count from it.
    month_year = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if month_year and month_year.group(1).lower() in _MONTHS:
        return _checked(int(month_year.group(2)), _MONTHS[month_year.group(1).lower()], 1, text)
    numeric_month = re.fullmatch(r"(\d{4})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{4})", text)
    if numeric_month:
        year = int(numeric_month.group(1) or numeric_month.group(4))
        month = int(numeric_month.group(2) or numeric_month.group(3))
        return _checked(year, month, 1, text)
    return DateResult(
        None, f"{text!r} is not a date mapbridge can read", "type the date as 2026-09-01"
    )


def _checked(year: int, month: int, day: int, text: str) -> DateResult:
    try:
        return DateResult(date(year, month, day))
    except ValueError:
        return DateResult(None, f"{text!r} is not a real date", "type the date as 2026-09-01")


_LABEL = re.compile(r"^\s*([^:：]{2,40}?)\s*[:：]\s*(.+?)\s*$", re.DOTALL)

#: Labels recognised in title blocks ("Persona: Ana", "Emotion scale | 1..5"), normalised, in
#: every language of `aliases.TITLE_LABELS`. Matching also leaves out qualifiers and connecting
#: words ("Customer persona: Ana"); see `label_key`.
TITLE_LABELS: dict[str, str] = {
    normalise(word): key
    for key, by_lang in reversed(ALIAS_TITLE_LABELS.items())
    for words in by_lang.values()
    for word in words
}


def split_label(
    text: str, *, vocabulary: Vocabulary | None = None, min_quality: int = QUALIFIED
) -> tuple[str, str] | None:
    """("persona", "Ana") from "Persona: Ana", when the label is one mapbridge knows.

    The label must match at `min_quality` or better (headers.EXACT, QUALIFIED or HEAD_WORDS);
    by default head-word guesses are not taken, because a title line is free text.
    """
    match = _LABEL.match(text)
    if not match:
        return None
    found = (vocabulary or Vocabulary.default()).match_title_label(
        match.group(1), partial=min_quality <= HEAD_WORDS
    )
    if found is None or found.quality < min_quality:
        return None
    return found.field, match.group(2).strip()


def label_key(
    text: str, *, vocabulary: Vocabulary | None = None, min_quality: int = QUALIFIED
) -> str | None:
    """The title-block key of a cell that is only a label ("Persona", "Emotion scale:")."""
    vocabulary = vocabulary or Vocabulary.default()
    label = text.rstrip(":： ")
    # "Scenario / Goal", "Persona | Segment": a label naming two things is read by its first
    # part mapbridge knows.
    for part in (label, *(p for p in re.split(r"\s+[/|]\s+", label) if p != label)):
        found = vocabulary.match_title_label(part, partial=min_quality <= HEAD_WORDS)
        if found is not None and found.quality >= min_quality:
            return found.field
    return None
