"""How one emotion cell is read: numbers, fractions, intensities, mixes, transitions, words, faces."""

from __future__ import annotations

import datetime as dt
import time
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapbridge import emotion
from mapbridge.emotion import (
    EMOTION_WORDS,
    EMOTION_WORDS_BY_LANGUAGE,
    EmotionReading,
    EmotionValueError,
    read_emotion,
)
from mapbridge.model import EmotionScale

# ---------------------------------------------------------------- bare numbers: the journey decides


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("4", 4.0),
        (4, 4.0),
        (4.0, 4.0),
        ("-1", -1.0),
        ("+2", 2.0),
        ("−2", -2.0),  # typographic minus
        ("3,5", 3.5),
        ("3 - ok", 3.0),
        ("(3)", 3.0),
        ("Happy (3)", 3.0),
        ("Score: 3", 3.0),
        ("Mood: 4", 4.0),
        ("Satisfaction: 2", 2.0),
        ("Frustrated: 2", 2.0),
        ("Intensity: 4", 4.0),  # an intensity with no feeling to sign it is a plain number
        ("3 → 4", 4.0),
    ],
)
def test_a_bare_number_waits_for_the_journeys_scale(raw, number):
    reading = read_emotion(raw)
    assert reading is not None
    assert reading.number == number
    assert (reading.score, reading.scale) == (None, None)
    assert "journey's scale" in reading.how


# ---------------------------------------------------------------- scored forms


ISSUE_EXAMPLES = [
    ("Excited / Concerned", 0.25, "word"),
    ("Frustrated 😟 (Intensity: 5/5)", -1.0, "word"),
    ("Overwhelmed 😟 (Intensity: 4/5)", -0.8, "word"),
    ("Intensity: 4/5", 0.5, "1..5"),
    ("7/10", 0.4, "0..10"),
    ("Confused → Learning", 0.25, "word"),
    ("4/5 → 2/5", -0.5, "1..5"),
]

FRACTIONS = [
    ("4 of 5", 0.5, "1..5"),
    ("4 out of 5", 0.5, "1..5"),
    ("3/5 stars", 0.0, "1..5"),
    ("(4/5)", 0.5, "1..5"),
    ("Satisfaction: 4/5", 0.5, "1..5"),  # a measure word labels the number, it is no feeling
    ("Customer satisfaction 2/5", -0.5, "1..5"),
    ("0/10", -1.0, "0..10"),
    ("10/10", 1.0, "0..10"),
    ("0/5", -1.0, "0..10"),  # below 1..5: read as a share of 5
    ("3/4", 0.5, "0..10"),
    ("1/2", 0.0, "0..10"),
    ("80%", 0.6, "0..10"),
    ("2/5, 4/5", 0.0, "1..5"),
    ("4 von 5", 0.5, "1..5"),
    ("4 sur 5", 0.5, "1..5"),
    ("4 из 5", 0.5, "1..5"),
]

INTENSITIES = [
    ("Happy (intensity 3/5)", 0.6, "word"),
    ("Neutral (intensity 4/5)", 0.0, "word"),
    ("😟 4/5", -0.8, "face"),
    ("😐 4/5", 0.0, "face"),
    ("Frustrated 4/5", -0.8, "word"),
    ("Stress level 4/5", -0.8, "word"),
    ("Happy 80%", 0.8, "word"),
    ("Happy (intensity 3)", 0.6, "word"),  # no "of 5": up to 5 is read on 5
    ("Frustrated (intensity 7)", -0.7, "word"),  # 6 to 10 on 10
    ("Frustriert (Intensität: 4/5)", -0.8, "word"),
    ("Frustré (intensité 2/5)", -0.4, "word"),
    ("Excited / Concerned (intensity 4/5)", 0.0, "word"),  # one positive, one negative sign
]

MIXES = [
    ("Excited/Concerned", 0.25, "word"),
    ("Hopeful but anxious", -0.125, "word"),
    ("Happy & relieved", 0.625, "word"),
    ("Happy + relieved", 0.625, "word"),
    ("curious, unsure", 0.0, "word"),
    ("Happy & relieved 😀", 0.625, "word"),
    ("Happy 😀 Worried 😟", 0.25, "face"),  # two words in one phrase: the faces say it
    ("😀😟", 0.25, "face"),
    ("zufrieden aber besorgt", 0.0, "word"),
    ("content mais inquiet", 0.0, "word"),
    ("feliz pero confundido", 0.125, "word"),
    ("contente e preocupado", 0.0, "word"),
    ("felice ma confuso", 0.125, "word"),
    ("blij maar verward", 0.125, "word"),
    ("радость и тревога", 0.25, "word"),
    ("满意但焦虑", 0.0, "word"),
    ("不安と期待", -0.125, "word"),
]

TRANSITIONS = [
    ("Confused -> Confident", 0.5, "word"),
    ("Confused --> Confident", 0.5, "word"),
    ("Confused => Confident", 0.5, "word"),
    ("Confused > Confident", 0.5, "word"),
    ("😟 ⇒ 🙂", 0.5, "face"),
    ("from anxious to relieved", 0.5, "word"),
    ("Confused, then relieved", 0.5, "word"),
    ("verwirrt → zufrieden", 0.5, "word"),
    ("von verwirrt zu zufrieden", 0.5, "word"),
    ("de confus à rassuré", 0.5, "word"),
    ("de confundido a feliz", 0.75, "word"),
    ("от тревоги к радость", 1.0, "word"),
    ("从焦虑到满意", 0.5, "word"),
    ("不安から安心へ", 0.5, "word"),
    ("Anxious → Confused → Relieved", 0.5, "word"),
    ("Confused → (still waiting)", -0.5, "word"),  # the end says nothing known: the start
    ("2/5 → ???", -0.5, "1..5"),
]

WORDS_AND_FACES = [
    ("Frustrated", -0.75, "word"),
    ("FRUSTRATED!", -0.75, "word"),
    ("very happy", 1.0, "word"),
    ("Very happy!", 1.0, "word"),
    ("very unhappy", -1.0, "word"),
    ("concerned", -0.5, "word"),
    ("skeptical", -0.25, "word"),
    ("sceptical", -0.25, "word"),
    ("overwhelmed", -0.75, "word"),
    ("reassured", 0.5, "word"),
    ("relief", 0.5, "word"),
    ("frustration", -0.75, "word"),
    ("feels frustrated by the form", -0.75, "word"),
    ("Waited 3 days, frustrated", -0.75, "word"),  # a number in running text is no score
    ("Time: 10 min, annoyed", -0.5, "word"),
    ("Frustrated 😟", -0.75, "word"),  # the word is the more precise of the two
    ("😟", -0.5, "face"),
    ("☹️", -0.5, "face"),
    ("👍🏽", 0.5, "face"),  # skin tones do not matter
    (":)", 0.5, "face"),
    (":-(", -0.5, "face"),
    ("frustriert", -0.75, "word"),
    ("Zufrieden", 0.5, "word"),
    ("verwirrt", -0.5, "word"),
    ("ENTTÄUSCHT", -0.5, "word"),
    ("enttauscht", -0.5, "word"),  # accents are ignored
    ("frustré", -0.75, "word"),
    ("frustre", -0.75, "word"),
    ("content", 0.5, "word"),
    ("inquiet", -0.5, "word"),
    ("en colère", -1.0, "word"),
    ("l'anxiété", -0.5, "word"),
    ("frustrado", -0.75, "word"),
    ("feliz", 0.75, "word"),
    ("confundido", -0.5, "word"),
    ("contente", 0.5, "word"),
    ("felice", 0.75, "word"),
    ("frustrato", -0.75, "word"),
    ("confuso", -0.5, "word"),
    ("blij", 0.75, "word"),
    ("gefrustreerd", -0.75, "word"),
    ("verward", -0.5, "word"),
    ("раздражение", -0.5, "word"),
    ("Радость", 1.0, "word"),
    ("тревога", -0.5, "word"),
    ("удовлетворение", 0.5, "word"),
    ("растерянность", -0.5, "word"),
    ("разочарование", -0.5, "word"),
    ("满意", 0.5, "word"),
    ("沮丧", -0.75, "word"),
    ("困惑", -0.5, "word"),
    ("焦虑", -0.5, "word"),
    ("开心", 0.75, "word"),
    ("満足", 0.5, "word"),
    ("不満", -0.5, "word"),
    ("不安", -0.5, "word"),
    ("嬉しい", 0.75, "word"),
    ("ユーザーは不安", -0.5, "word"),
]

NEGATIONS = [
    ("not happy", -0.375, "word"),
    ("not frustrated", 0.375, "word"),
    ("not very happy", -0.5, "word"),
    ("isn't happy with the price", -0.375, "word"),
    ("not sure", -0.25, "word"),  # a phrase of its own
    ("not neutral", 0.0, "word"),
    ("nicht zufrieden", -0.25, "word"),
    ("pas content", -0.25, "word"),
    ("je ne suis pas content", -0.25, "word"),
    ("no contento", -0.25, "word"),
    ("не доволен", -0.25, "word"),
    ("niet blij", -0.375, "word"),
    ("不焦虑", 0.25, "word"),
]


@pytest.mark.parametrize(
    ("raw", "score", "scale"),
    ISSUE_EXAMPLES + FRACTIONS + INTENSITIES + MIXES + TRANSITIONS + WORDS_AND_FACES + NEGATIONS,
)
def test_each_form_scores_as_the_readme_says(raw, score, scale):
    reading = read_emotion(raw)
    assert reading is not None, raw
    assert reading.number is None
    assert reading.score == pytest.approx(score)
    assert reading.scale == scale
    assert reading.scale in typing.get_args(EmotionScale)


@pytest.mark.parametrize(
    "raw",
    [
        "very happyy",
        "meh-ish",
        "n/a",
        "N/A",
        "-",
        "–",
        "?",
        "tbd",
        "none",
        "",
        "   ",
        None,
        True,
        float("nan"),
        dt.date(2025, 12, 1),
        "6/5",  # beyond its own scale
        "Frustrated with the bad UI",  # two known words in one phrase: which one?
        "happy sad 4/5",
        "Happy 4/5, Worried 2/5",  # which number goes with which feeling?
        "??? → ???",
        "Happy (intensity 12)",
        "12/05/2024",
    ],
)
def test_what_says_nothing_scorable_is_none(raw):
    assert read_emotion(raw) is None


@pytest.mark.parametrize(
    ("raw", "how"),
    [
        ("Excited / Concerned", "average of 2 feelings: 'excited', 'concerned'"),
        ("Overwhelmed 😟 (Intensity: 4/5)", "intensity 4/5 with the sign of 'overwhelmed'"),
        ("😟 (intensity 4/5)", "intensity 4/5 with the sign of 😟"),
        ("Confused → Learning", "end of a transition: the word 'learning'"),
        ("Confused → (waiting)", "start of a transition (its end is not a known score)"),
        ("not happy", "'not happy': half the opposite of 'happy'"),
        ("3/4", "3/4 read as 7.5 on 0..10"),
        ("Happy (intensity 3)", "intensity 3 (read as 3/5) with the sign of 'happy'"),
        ("(3)", "the number 3 in parentheses, on the journey's scale"),
    ],
)
def test_how_says_what_was_scored(raw, how):
    reading = read_emotion(raw)
    assert reading is not None
    assert reading.how.startswith(how)


def test_a_long_mix_is_explained_in_a_few_words():
    reading = read_emotion(" / ".join(["happy", "sad", "calm", "lost", "glad", "bored"]))
    assert reading is not None
    assert reading.how.endswith("and 3 more")


# ---------------------------------------------------------------- vocabulary


ALL_WORDS = [
    (language, word, score)
    for language, table in [("en", EMOTION_WORDS), *EMOTION_WORDS_BY_LANGUAGE.items()]
    for word, score in table.items()
]


@pytest.mark.parametrize(("language", "word", "score"), ALL_WORDS)
def test_every_word_in_the_tables_reads_as_its_score(language, word, score):
    # The same spelling in two languages must mean the same, or one of them fails here.
    for typed in (word, word.upper(), f"  {word.capitalize()}  "):
        reading = read_emotion(typed)
        assert reading is not None, (language, typed)
        assert (reading.score, reading.scale) == (score, "word"), (language, typed)


def test_every_language_has_enough_words():
    assert set(EMOTION_WORDS_BY_LANGUAGE) == {"de", "fr", "es", "pt", "it", "nl", "ru", "zh", "ja"}
    for language, table in EMOTION_WORDS_BY_LANGUAGE.items():
        assert len(table) >= 15, language
        assert any(s < 0 for s in table.values()) and any(s > 0 for s in table.values())
    for words in (EMOTION_WORDS, *EMOTION_WORDS_BY_LANGUAGE.values()):
        assert all(-1.0 <= s <= 1.0 for s in words.values())


# ---------------------------------------------------------------- the functions the importer uses


def test_the_functions_the_importer_uses():
    assert emotion.detect_scale([1, 3, 5]) == "1..5"
    assert emotion.detect_scale([-2, 2]) == "-2..2"
    assert emotion.normalise(4, "1..5") == 0.5
    with pytest.raises(EmotionValueError):
        emotion.normalise(7, "1..5")
    assert emotion.parse_scale_name("1-5") == "1..5"
    assert emotion.parse_scale_name("Words") == "word"
    assert "-2..2, 1..5" in emotion.known_values_hint()
    assert set(emotion.NUMERIC_SCALES) == {"-2..2", "1..5", "-5..5", "0..10"}


# ---------------------------------------------------------------- robustness and speed


CELL_TEXT = st.lists(
    st.sampled_from(
        list("0123456789/.,:;()+-%&→> abcnotphyfrusedáéü")
        + ["happy", "frustrated", "not", "intensity", "of", "but", "then", "😟", "🙂", "满意", "не"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(CELL_TEXT)
def test_any_text_reads_as_none_a_number_or_a_score_in_range(text):
    reading = read_emotion(text)
    if reading is None:
        return
    assert isinstance(reading, EmotionReading)
    if reading.number is not None:
        assert (reading.score, reading.scale) == (None, None)
    else:
        assert reading.score is not None and -1.0 <= reading.score <= 1.0
        assert reading.scale in typing.get_args(EmotionScale)
    assert reading.how


def test_a_long_note_in_an_emotion_cell_is_read_in_linear_time():
    started = time.perf_counter()
    assert read_emotion("the form " * 3000 + "frustrated").score == -0.75  # type: ignore[union-attr]
    assert read_emotion("from " + "a " * 15000) is None
    assert read_emotion("x 1 " * 8000) is None
    assert time.perf_counter() - started < 2.0


def test_the_common_cells_are_fast():
    # Tens of thousands of cells in the XL benchmark: unique numbers and repeated words.
    cells = [f"{i % 97 / 10:.2f}" for i in range(20_000)] + ["Frustrated", 3, 4.5] * 10_000
    started = time.perf_counter()
    readings = [read_emotion(cell) for cell in cells]
    assert time.perf_counter() - started < 1.0
    assert all(r is not None for r in readings)
