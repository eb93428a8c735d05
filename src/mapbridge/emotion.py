"""Emotion scores: the scales teams use (numbers, words, faces) and their normalisation to -1..+1."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

#: Numeric scales: name -> (lowest, highest). The score is mapped linearly onto -1..+1.
NUMERIC_SCALES: dict[str, tuple[float, float]] = {
    "-2..2": (-2.0, 2.0),
    "1..5": (1.0, 5.0),
    "-5..5": (-5.0, 5.0),
    "0..10": (0.0, 10.0),
}

#: Every scale an Emotion records (`mapbridge.model.EmotionScale` lists the same names): the
#: numeric scales, then "word" and "face", which are per value rather than per journey.
SCALE_NAMES: tuple[str, ...] = (*NUMERIC_SCALES, "word", "face")


def numeric_scales_text() -> str:
    """The numeric scales as messages and templates list them: "-2..2, 1..5, -5..5 or 0..10"."""
    names = list(NUMERIC_SCALES)
    return ", ".join(names[:-1]) + " or " + names[-1]


#: English words people write in an emotion lane, with their score on -1..+1.
EMOTION_WORDS: dict[str, float] = {
    "ecstatic": 1.0,
    "delighted": 1.0,
    "delight": 1.0,
    "delightful": 1.0,
    "thrilled": 1.0,
    "excited": 1.0,
    "excitement": 1.0,
    "enthusiastic": 1.0,
    "amazed": 1.0,
    "amazing": 1.0,
    "awesome": 1.0,
    "joy": 1.0,
    "joyful": 1.0,
    "love": 1.0,
    "very happy": 1.0,
    "happy": 0.75,
    "happiness": 0.75,
    "impressed": 0.75,
    "proud": 0.75,
    "grateful": 0.75,
    "empowered": 0.75,
    "inspired": 0.75,
    "great": 0.75,
    "pleased": 0.5,
    "glad": 0.5,
    "satisfied": 0.5,
    "satisfaction": 0.5,
    "relieved": 0.5,
    "relief": 0.5,
    "reassured": 0.5,
    "confident": 0.5,
    "optimistic": 0.5,
    "motivated": 0.5,
    "eager": 0.5,
    "engaged": 0.5,
    "trust": 0.5,
    "trusting": 0.5,
    "comfortable": 0.5,
    "relaxed": 0.5,
    "valued": 0.5,
    "good": 0.5,
    "positive": 0.5,
    "content": 0.5,
    "hopeful": 0.25,
    "hope": 0.25,
    "curious": 0.25,
    "interested": 0.25,
    "learning": 0.25,
    "calm": 0.25,
    "ok": 0.0,
    "okay": 0.0,
    "fine": 0.0,
    "neutral": 0.0,
    "indifferent": 0.0,
    "meh": 0.0,
    "unsure": -0.25,
    "not sure": -0.25,
    "uncertain": -0.25,
    "uncertainty": -0.25,
    "doubtful": -0.25,
    "doubt": -0.25,
    "skeptical": -0.25,
    "sceptical": -0.25,
    "cautious": -0.25,
    "hesitant": -0.25,
    "uneasy": -0.25,
    "impatient": -0.25,
    "rushed": -0.25,
    "bored": -0.25,
    "tired": -0.25,
    "confused": -0.5,
    "confusion": -0.5,
    "confusing": -0.5,
    "lost": -0.5,
    "concerned": -0.5,
    "concern": -0.5,
    "anxious": -0.5,
    "anxiety": -0.5,
    "worried": -0.5,
    "worry": -0.5,
    "nervous": -0.5,
    "annoyed": -0.5,
    "annoyance": -0.5,
    "irritated": -0.5,
    "irritation": -0.5,
    "disappointed": -0.5,
    "disappointment": -0.5,
    "dissatisfied": -0.5,
    "dissatisfaction": -0.5,
    "distrust": -0.5,
    "suspicious": -0.5,
    "embarrassed": -0.5,
    "stuck": -0.5,
    "sad": -0.5,
    "sadness": -0.5,
    "unhappy": -0.5,
    "negative": -0.5,
    "bad": -0.5,
    "stressed": -0.75,
    "stress": -0.75,
    "frustrated": -0.75,
    "frustration": -0.75,
    "frustrating": -0.75,
    "upset": -0.75,
    "overwhelmed": -0.75,
    "afraid": -0.75,
    "scared": -0.75,
    "fear": -0.75,
    "helpless": -0.75,
    "exhausted": -0.75,
    "very unhappy": -1.0,
    "angry": -1.0,
    "anger": -1.0,
    "furious": -1.0,
    "hate": -1.0,
    "desperate": -1.0,
    "hopeless": -1.0,
    "panic": -1.0,
    "terrible": -1.0,
    "awful": -1.0,
}

#: Emotion words in other languages, with their score on -1..+1 (the same steps as the English).
#: Write words as people type them; case and accents are ignored when matching.
EMOTION_WORDS_BY_LANGUAGE: dict[str, dict[str, float]] = {
    "de": {
        "begeistert": 1.0,
        "Freude": 1.0,
        "glücklich": 0.75,
        "froh": 0.5,
        "zufrieden": 0.5,
        "Zufriedenheit": 0.5,
        "erleichtert": 0.5,
        "beruhigt": 0.5,
        "zuversichtlich": 0.5,
        "motiviert": 0.5,
        "sicher": 0.5,
        "gut": 0.5,
        "hoffnungsvoll": 0.25,
        "neugierig": 0.25,
        "unsicher": -0.25,
        "skeptisch": -0.25,
        "ungeduldig": -0.25,
        "verwirrt": -0.5,
        "besorgt": -0.5,
        "Sorge": -0.5,
        "ängstlich": -0.5,
        "nervös": -0.5,
        "genervt": -0.5,
        "enttäuscht": -0.5,
        "unzufrieden": -0.5,
        "traurig": -0.5,
        "schlecht": -0.5,
        "verloren": -0.5,
        "gestresst": -0.75,
        "frustriert": -0.75,
        "Frust": -0.75,
        "überfordert": -0.75,
        "verärgert": -0.75,
        "Ärger": -0.75,
        "Angst": -0.75,
        "wütend": -1.0,
    },
    "fr": {
        "ravi": 1.0,
        "ravie": 1.0,
        "enthousiaste": 1.0,
        "joie": 1.0,
        "heureux": 0.75,
        "heureuse": 0.75,
        "content": 0.5,
        "contente": 0.5,
        "satisfait": 0.5,
        "satisfaite": 0.5,
        "soulagé": 0.5,
        "soulagée": 0.5,
        "rassuré": 0.5,
        "rassurée": 0.5,
        "confiant": 0.5,
        "confiante": 0.5,
        "bien": 0.5,
        "curieux": 0.25,
        "curieuse": 0.25,
        "neutre": 0.0,
        "incertain": -0.25,
        "hésitant": -0.25,
        "sceptique": -0.25,
        "pas sûr": -0.25,
        "confus": -0.5,
        "perdu": -0.5,
        "inquiet": -0.5,
        "inquiète": -0.5,
        "inquiétude": -0.5,
        "anxiété": -0.5,
        "anxieux": -0.5,
        "anxieuse": -0.5,
        "agacé": -0.5,
        "déçu": -0.5,
        "déçue": -0.5,
        "mécontent": -0.5,
        "insatisfait": -0.5,
        "triste": -0.5,
        "mal": -0.5,
        "stressé": -0.75,
        "stressée": -0.75,
        "frustré": -0.75,
        "frustrée": -0.75,
        "énervé": -0.75,
        "débordé": -0.75,
        "submergé": -0.75,
        "peur": -0.75,
        "en colère": -1.0,
        "colère": -1.0,
        "furieux": -1.0,
    },
    "es": {
        "encantado": 1.0,
        "emocionado": 1.0,
        "entusiasmado": 1.0,
        "alegría": 1.0,
        "feliz": 0.75,
        "contento": 0.5,
        "satisfecho": 0.5,
        "satisfacción": 0.5,
        "aliviado": 0.5,
        "confiado": 0.5,
        "seguro": 0.5,
        "bien": 0.5,
        "esperanzado": 0.25,
        "curioso": 0.25,
        "tranquilo": 0.25,
        "indiferente": 0.0,
        "inseguro": -0.25,
        "dudoso": -0.25,
        "confundido": -0.5,
        "confuso": -0.5,
        "perdido": -0.5,
        "preocupado": -0.5,
        "ansioso": -0.5,
        "nervioso": -0.5,
        "molesto": -0.5,
        "irritado": -0.5,
        "decepcionado": -0.5,
        "insatisfecho": -0.5,
        "triste": -0.5,
        "mal": -0.5,
        "estresado": -0.75,
        "frustrado": -0.75,
        "frustración": -0.75,
        "abrumado": -0.75,
        "miedo": -0.75,
        "enojado": -1.0,
        "enfadado": -1.0,
        "furioso": -1.0,
    },
    "pt": {
        "encantado": 1.0,
        "empolgado": 1.0,
        "alegria": 1.0,
        "animado": 0.75,
        "feliz": 0.75,
        "contente": 0.5,
        "satisfeito": 0.5,
        "satisfação": 0.5,
        "aliviado": 0.5,
        "confiante": 0.5,
        "seguro": 0.5,
        "bem": 0.5,
        "esperançoso": 0.25,
        "curioso": 0.25,
        "tranquilo": 0.25,
        "neutro": 0.0,
        "indiferente": 0.0,
        "inseguro": -0.25,
        "confuso": -0.5,
        "perdido": -0.5,
        "preocupado": -0.5,
        "ansioso": -0.5,
        "nervoso": -0.5,
        "irritado": -0.5,
        "decepcionado": -0.5,
        "desapontado": -0.5,
        "insatisfeito": -0.5,
        "triste": -0.5,
        "mal": -0.5,
        "estressado": -0.75,
        "frustrado": -0.75,
        "frustração": -0.75,
        "sobrecarregado": -0.75,
        "medo": -0.75,
        "raiva": -1.0,
        "com raiva": -1.0,
        "furioso": -1.0,
    },
    "it": {
        "entusiasta": 1.0,
        "gioia": 1.0,
        "felice": 0.75,
        "contento": 0.5,
        "contenta": 0.5,
        "soddisfatto": 0.5,
        "soddisfatta": 0.5,
        "soddisfazione": 0.5,
        "sollevato": 0.5,
        "fiducioso": 0.5,
        "sicuro": 0.5,
        "bene": 0.5,
        "speranzoso": 0.25,
        "curioso": 0.25,
        "neutrale": 0.0,
        "neutro": 0.0,
        "indifferente": 0.0,
        "incerto": -0.25,
        "insicuro": -0.25,
        "confuso": -0.5,
        "perso": -0.5,
        "preoccupato": -0.5,
        "ansioso": -0.5,
        "nervoso": -0.5,
        "infastidito": -0.5,
        "deluso": -0.5,
        "insoddisfatto": -0.5,
        "triste": -0.5,
        "stressato": -0.75,
        "frustrato": -0.75,
        "frustrata": -0.75,
        "frustrazione": -0.75,
        "sopraffatto": -0.75,
        "paura": -0.75,
        "arrabbiato": -1.0,
        "furioso": -1.0,
    },
    "nl": {
        "enthousiast": 1.0,
        "vreugde": 1.0,
        "blij": 0.75,
        "gelukkig": 0.75,
        "tevreden": 0.5,
        "tevredenheid": 0.5,
        "opgelucht": 0.5,
        "gerustgesteld": 0.5,
        "zelfverzekerd": 0.5,
        "goed": 0.5,
        "hoopvol": 0.25,
        "nieuwsgierig": 0.25,
        "neutraal": 0.0,
        "onzeker": -0.25,
        "twijfel": -0.25,
        "ongeduldig": -0.25,
        "verward": -0.5,
        "verloren": -0.5,
        "bezorgd": -0.5,
        "angstig": -0.5,
        "zenuwachtig": -0.5,
        "geïrriteerd": -0.5,
        "teleurgesteld": -0.5,
        "ontevreden": -0.5,
        "verdrietig": -0.5,
        "slecht": -0.5,
        "gestrest": -0.75,
        "gefrustreerd": -0.75,
        "frustratie": -0.75,
        "overweldigd": -0.75,
        "angst": -0.75,
        "boos": -1.0,
        "woedend": -1.0,
    },
    "ru": {
        "восторг": 1.0,
        "радость": 1.0,
        "отлично": 1.0,
        "счастье": 0.75,
        "счастлив": 0.75,
        "счастлива": 0.75,
        "доволен": 0.5,
        "довольна": 0.5,
        "удовлетворение": 0.5,
        "удовлетворенность": 0.5,
        "облегчение": 0.5,
        "уверенность": 0.5,
        "уверен": 0.5,
        "хорошо": 0.5,
        "надежда": 0.25,
        "интерес": 0.25,
        "любопытство": 0.25,
        "спокойствие": 0.25,
        "нейтрально": 0.0,
        "нормально": 0.0,
        "неуверенность": -0.25,
        "сомнение": -0.25,
        "нетерпение": -0.25,
        "растерянность": -0.5,
        "замешательство": -0.5,
        "тревога": -0.5,
        "беспокойство": -0.5,
        "раздражение": -0.5,
        "разочарование": -0.5,
        "недовольство": -0.5,
        "недоволен": -0.5,
        "грусть": -0.5,
        "плохо": -0.5,
        "стресс": -0.75,
        "фрустрация": -0.75,
        "страх": -0.75,
        "злость": -1.0,
        "гнев": -1.0,
    },
    "zh": {
        "兴奋": 1.0,
        "惊喜": 1.0,
        "开心": 0.75,
        "高兴": 0.75,
        "快乐": 0.75,
        "满意": 0.5,
        "满意度": 0.5,
        "放心": 0.5,
        "轻松": 0.5,
        "自信": 0.5,
        "期待": 0.25,
        "好奇": 0.25,
        "平静": 0.25,
        "中立": 0.0,
        "一般": 0.0,
        "犹豫": -0.25,
        "不确定": -0.25,
        "困惑": -0.5,
        "迷茫": -0.5,
        "焦虑": -0.5,
        "担心": -0.5,
        "紧张": -0.5,
        "失望": -0.5,
        "不满": -0.5,
        "不满意": -0.5,
        "不开心": -0.5,
        "难过": -0.5,
        "烦躁": -0.5,
        "沮丧": -0.75,
        "压力": -0.75,
        "害怕": -0.75,
        "生气": -1.0,
        "愤怒": -1.0,
    },
    "ja": {
        "感動": 1.0,
        "ワクワク": 1.0,
        "わくわく": 1.0,
        "嬉しい": 0.75,
        "うれしい": 0.75,
        "楽しい": 0.75,
        "満足": 0.5,
        "満足度": 0.5,
        "安心": 0.5,
        "期待": 0.25,
        "普通": 0.0,
        "不安": -0.5,
        "困惑": -0.5,
        "戸惑い": -0.5,
        "混乱": -0.5,
        "心配": -0.5,
        "緊張": -0.5,
        "イライラ": -0.5,
        "不満": -0.5,
        "がっかり": -0.5,
        "失望": -0.5,
        "悲しい": -0.5,
        "焦り": -0.5,
        "面倒": -0.25,
        "ストレス": -0.75,
        "怒り": -1.0,
    },
}

#: Faces, with their score on -1..+1.
EMOTION_FACES: dict[str, float] = {
    "😍": 1.0,
    "🤩": 1.0,
    "🥳": 1.0,
    "🥰": 1.0,
    "😀": 1.0,
    "😃": 1.0,
    "😄": 1.0,
    "😁": 1.0,
    "😆": 1.0,
    "😊": 0.5,
    "🙂": 0.5,
    "😌": 0.5,
    "😎": 0.5,
    "👍": 0.5,
    "😐": 0.0,
    "😑": 0.0,
    "😶": 0.0,
    "🤔": -0.25,
    "😕": -0.5,
    "🙁": -0.5,
    "☹": -0.5,
    "😟": -0.5,
    "😔": -0.5,
    "😥": -0.5,
    "😒": -0.5,
    "🙄": -0.5,
    "👎": -0.5,
    "😞": -0.75,
    "😢": -0.75,
    "😣": -0.75,
    "😫": -0.75,
    "😩": -0.75,
    "😖": -0.75,
    "😰": -0.75,
    "😤": -0.75,
    "😭": -1.0,
    "😱": -1.0,
    "😠": -1.0,
    "😡": -1.0,
    "🤬": -1.0,
}

#: Words that name what a number measures ("Satisfaction: 4/5", "CSAT 4"). Beside a number they
#: label it rather than give an intensity its sign; alone, the ones that are feelings still score.
MEASURE_WORDS: frozenset[str] = frozenset(
    [
        "score",
        "rating",
        "rated",
        "grade",
        "mood",
        "emotion",
        "emotions",
        "feeling",
        "feelings",
        "sentiment",
        "csat",
        "stars",
        "star",
        "satisfaction",
        "happiness",
        "bewertung",
        "punkte",
        "stimmung",
        "gefühl",
        "zufriedenheit",
        "humeur",
        "puntuación",
        "calificación",
        "nota",
        "emoción",
        "ánimo",
        "estado",
        "satisfacción",
        "avaliação",
        "humor",
        "emoção",
        "satisfação",
        "voto",
        "punteggio",
        "umore",
        "emozione",
        "soddisfazione",
        "cijfer",
        "gevoel",
        "stemming",
        "tevredenheid",
        "оценка",
        "балл",
        "настроение",
        "эмоция",
        "эмоции",
        "удовлетворенность",
        "удовлетворение",
        "评分",
        "分数",
        "得分",
        "情绪",
        "心情",
        "满意度",
        "評価",
        "スコア",
        "感情",
        "気分",
        "満足度",
    ]
)

#: Words saying a number is an intensity: how strongly the feeling in the cell is felt.
INTENSITY_WORDS: frozenset[str] = frozenset(
    [
        "intensity",
        "strength",
        "level",
        "intensität",
        "stärke",
        "niveau",
        "intensité",
        "force",
        "intensidad",
        "fuerza",
        "nivel",
        "intensidade",
        "força",
        "intensità",
        "forza",
        "livello",
        "intensiteit",
        "sterkte",
        "интенсивность",
        "сила",
        "уровень",
        "强度",
        "程度",
        "強さ",
        "強度",
    ]
)

#: Words that turn the feeling right after them (within three words) into half its opposite.
NEGATIONS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "aren't",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "nicht",
        "kein",
        "keine",
        "nie",
        "pas",
        "ne",
        "jamais",
        "non",
        "nunca",
        "não",
        "nao",
        "mai",
        "niet",
        "geen",
        "nooit",
        "не",
        "нет",
        "ни",
        "不",
        "没",
        "没有",
        "不太",
        "并不",
    ]
)

#: Words joining the feelings of a mixed cell ("Hopeful but anxious"); symbols are in _TOKEN.
MIX_WORDS: frozenset[str] = frozenset(
    [
        "and",
        "but",
        "yet",
        "while",
        "although",
        "though",
        "und",
        "aber",
        "doch",
        "jedoch",
        "sondern",
        "et",
        "mais",
        "y",
        "pero",
        "e",
        "ed",
        "mas",
        "porém",
        "ma",
        "però",
        "en",
        "maar",
        "toch",
        "и",
        "но",
        "а",
        "однако",
        "зато",
        "但是",
        "但",
        "可是",
        "然而",
        "却",
        "和",
        "与",
        "而",
        "又",
        "けど",
        "けれど",
        "でも",
        "しかし",
        "と",
        "や",
    ]
)

#: Words between the start and the end of a transition ("Confused, then relieved").
THEN_WORDS: tuple[str, ...] = (
    "and then",
    "then",
    "dann",
    "danach",
    "puis",
    "ensuite",
    "luego",
    "después",
    "depois",
    "poi",
    "daarna",
    "потом",
    "затем",
)


class EmotionValueError(ValueError):
    """An emotion value that is not a known number, word or face; the message says what is known."""


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
    """The hint under an emotion value mapbridge cannot score: what it does know."""
    return (
        f'use {numeric_scales_text()}, a word like "frustrated" or "delighted", or a face like 🙂'
    )


# ------------------------------------------------------------------ reading one cell


@dataclass(frozen=True)
class EmotionReading:
    """What one emotion cell says."""

    #: A bare number ("4", 4.0, "-1", "(3)", "Score: 3") that needs the journey's scale.
    number: float | None
    #: A score already on -1..+1 (words, faces, fractions like 4/5, intensities).
    score: float | None
    #: The EmotionScale name to record ("word", "face", "1..5", "0..10"); None with a bare number.
    scale: str | None
    #: How it was scored, a short phrase for explanations ("end of a transition: ...").
    how: str = ""


def read_emotion(raw: object) -> EmotionReading | None:
    """What one emotion cell says (a number for the journey's scale, or a score), None if nothing.

    The forms, in the order they are tried: a bare number; a transition (its end, else its
    start); a fraction, percentage or labelled number (an intensity when a feeling gives it a
    sign); words and faces (one per phrase, mixed phrases averaged, "not" halves the opposite).
    """
    if isinstance(raw, str):
        # Only short texts are cached: a long note would hold its memory for the whole process.
        return _read_cached(raw) if len(raw) <= _CACHED_LENGTH else _read_text(raw)
    if isinstance(raw, float):
        return _number_reading(raw) if math.isfinite(raw) else None
    if isinstance(raw, int) and not isinstance(raw, bool) and -_HUGE < raw < _HUGE:
        return _number_reading(raw)
    return None  # dates, times, booleans and huge numbers say nothing about a feeling


@functools.lru_cache(maxsize=1024)
def _number_reading(number: float) -> EmotionReading:
    """A numeric cell (4 and 4.0 share one cached reading: lanes hold the same few numbers)."""
    return EmotionReading(float(number), None, None, _ON_SCALE)


_ON_SCALE = "a number on the journey's scale"
_HUGE = 10**300  # an int beyond this has no float, and is no feeling anyway
_LONGEST_TRANSITION = 300
_NUM = r"[+\-−]?\d+(?:[.,]\d+)?"
_BARE = re.compile(rf"\s*{_NUM}\s*")
_FRACTION = re.compile(
    rf"(?<![\w.,/])({_NUM})\s*(?:/|⁄|\b(?:out of|of|von|sur|de|su|van|из)\b)\s*(\d+)(?![\d/])"
)
_PERCENT = re.compile(rf"(?<![\w.,/])({_NUM})\s*%")
# A number followed by /digits after the fractions are gone is a date or the like, not a score.
_NUMBER_IN_TEXT = re.compile(rf"(?<![\w.,])({_NUM})(?!\d|\s*[/⁄]\s*\d)")
_LAST_WORD = re.compile(r"([^\W\d_]+)\s*[:=]?\s*[-–]?\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ARROW = re.compile(r"\s*(?:-{1,2}>|={1,2}>|~>|[→⇒➔➜➝➞⟶⟹↦]|(?<=\s)>(?=\s))\s*")
_FROM_TO = re.compile(
    r"^\s*(?:from|von|de|desde|da|van|от|из)\s+(.+?)\s+"
    r"(?:to|into|zu|nach|a|al|hasta|para|naar|tot|к|ко|до|в)\s+(.+?)\s*$"
)
_FROM_TO_CJK = re.compile(
    r"^\s*(?:从|由)(.+?)(?:到|变成|变为|转为)(.+?)\s*$|^\s*(.+?)から(.+?)[へに]?\s*$"
)
_SMILEYS = {":)": "🙂", ":-)": "🙂", ":d": "😀", ":-d": "😀", ":(": "🙁", ":-(": "🙁"}
_SMILEY = re.compile(r"(?<!\S)(?::-?[)(d])(?!\S)")
# Variation selectors, zero-width joiners and skin tones change how a face looks, not what it says.
_FOLD_TABLE = {
    **dict.fromkeys([0xFE0E, 0xFE0F, 0x200D, *range(0x1F3FB, 0x1F400)]),
    ord("’"): "'",
    ord("‘"): "'",
    ord("−"): "-",
}


def _fold(text: str) -> str:
    """Text as it is matched: NFKC, casefolded, accents dropped from Latin and Cyrillic letters."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    if text.isascii():
        return text
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            # Only below U+0530: a kana's voicing mark (が = か + ゛) is part of the word.
            if base and base < "\u0530":
                continue
        else:
            base = ch
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


_THEN = re.compile(r"(?:,\s*)?\b(?:" + "|".join(_fold(w) for w in THEN_WORDS) + r")\b")


@dataclass(frozen=True)
class _Word:
    """A known emotion word or phrase: its score, how it is shown, and whether it names a measure."""

    score: float
    shown: str
    measure: bool


def _build_words() -> tuple[dict[tuple[str, ...], _Word], dict[str, _Word]]:
    """The word tables folded for matching: Latin/Cyrillic phrases by tokens, CJK words by text.

    A spelling shared by two languages keeps its first score; a test reads every word back, so
    two different scores for one spelling fail there.
    """
    phrases: dict[tuple[str, ...], _Word] = {}
    cjk: dict[str, _Word] = {}
    measures = {_fold(m) for m in MEASURE_WORDS}
    for table in (EMOTION_WORDS, *EMOTION_WORDS_BY_LANGUAGE.values()):
        for shown, score in table.items():
            key = _fold(shown)
            word = _Word(score, shown.lower(), key in measures)
            if _CJK.search(key):
                cjk.setdefault(key, word)
            else:
                phrases.setdefault(tuple(key.split()), word)
    return phrases, cjk


_PHRASES, _CJK_WORDS = _build_words()
_LONGEST_PHRASE = max(len(k) for k in _PHRASES)
_PHRASE_STARTS = frozenset(k[0] for k in _PHRASES if len(k) > 1)
_LONGEST_CJK = max(len(k) for k in _CJK_WORDS)
_FACE_CHARS = "".join(EMOTION_FACES)
_TOKEN = re.compile(
    r"(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*(?:-[^\W\d_]+)*)"
    r"|(?P<s>[/&+,;|•·、。.!?:()\[\]]|(?<!\S)[-–—](?!\S))"
    rf"|(?P<f>[{re.escape(_FACE_CHARS)}])"
)
_NEGATIONS = frozenset(_fold(n) for n in NEGATIONS)
_MIX_WORDS = frozenset(_fold(w) for w in MIX_WORDS)
_INTENSITY = frozenset(_fold(w) for w in INTENSITY_WORDS)
_LABELS = frozenset(_fold(w) for w in MEASURE_WORDS) | _INTENSITY
_CJK_NEGATIONS = sorted((n for n in _NEGATIONS if _CJK.search(n)), key=len, reverse=True)
_CJK_MIX = sorted((w for w in _MIX_WORDS if _CJK.search(w)), key=len, reverse=True)
_CJK_LABELS = tuple(w for w in _LABELS if _CJK.search(w))
_CJK_INTENSITY = tuple(w for w in _INTENSITY if _CJK.search(w))


def _single_readings() -> dict[str, EmotionReading]:
    """Readings of a cell that is exactly one known word or face, for the fast path."""
    single: dict[str, EmotionReading] = {}
    for key, word in _PHRASES.items():
        single[" ".join(key)] = EmotionReading(None, word.score, "word", f"the word {word.shown!r}")
    for key, word in _CJK_WORDS.items():
        single[key] = EmotionReading(None, word.score, "word", f"the word {word.shown!r}")
    for face, score in EMOTION_FACES.items():
        single[face] = EmotionReading(None, score, "face", f"the face {face}")
    return single


_SINGLE = _single_readings()


def _read_text(text: str) -> EmotionReading | None:
    """read_emotion for a text cell."""
    if _BARE.fullmatch(text):
        return EmotionReading(_to_float(text.strip()), None, None, _ON_SCALE)
    folded = _fold(text).strip()
    hit = _SINGLE.get(folded)
    if hit is not None:
        return hit
    if not folded:
        return None
    if ":" in folded:
        folded = _SMILEY.sub(lambda m: _SMILEYS[m.group(0)], folded)
    if len(folded) > _LONGEST_TRANSITION:
        return _read_side(folded)  # a note, not a transition; and keeps the patterns linear
    steps = _ARROW.split(folded)
    if len(steps) > 1:
        return _transition(steps)
    match = _FROM_TO.match(folded) or _FROM_TO_CJK.match(folded)
    if match:
        reading = _transition([g for g in match.groups() if g is not None])
        if reading is not None:
            return reading
    steps = _THEN.split(folded)
    if len(steps) > 1 and all(s.strip(" ,") for s in steps):
        return _transition(steps)
    return _read_side(folded)


#: Emotion lanes repeat the same few values, so short texts are read once per process.
_read_cached = functools.lru_cache(maxsize=8192)(_read_text)
_CACHED_LENGTH = 80


def _transition(steps: list[str]) -> EmotionReading | None:
    """A transition scores its end; when the end says nothing known, the latest step that does."""
    readings = [_read_side(step) for step in steps]
    if readings[-1] is not None:
        return replace(readings[-1], how=f"end of a transition: {readings[-1].how}")
    for index in range(len(readings) - 2, -1, -1):
        reading = readings[index]
        if reading is not None:
            which = "start" if index == 0 else f"step {index + 1} of {len(steps)}"
            return replace(
                reading,
                how=f"{which} of a transition (its end is not a known score): {reading.how}",
            )
    return None


def _read_side(text: str) -> EmotionReading | None:
    """One side of a transition (or a whole cell): numbers first, then words and faces."""
    if _BARE.fullmatch(text):
        return EmotionReading(_to_float(text.strip()), None, None, _ON_SCALE)
    fractions: list[tuple[float, float, str]] = []
    blanked = text
    if any(ch.isdigit() for ch in text):
        for pattern, is_percent in ((_FRACTION, False), (_PERCENT, True)):
            for match in pattern.finditer(blanked):
                n = _to_float(match.group(1))
                d = 100.0 if is_percent else float(match.group(2))
                fractions.append((n, d, match.group(0).strip()))
            blanked = pattern.sub(lambda m: " " * len(m.group(0)), blanked)
    explicit = _explicit_number(blanked) if any(ch.isdigit() for ch in blanked) else None
    feelings, ambiguous = _feelings(blanked)
    if not fractions and explicit is None:
        if ambiguous or not feelings:
            return None
        return _feeling_reading(feelings)
    feelings = [f for f in feelings if not f.measure]
    if fractions:
        if feelings or ambiguous:
            if ambiguous or len(fractions) > 1:
                return None  # which number goes with which feeling is a guess
            n, d, shown = fractions[0]
            return _intensity(n, d, shown, feelings)
        return _ratings(fractions)
    number, where, is_intensity = explicit  # type: ignore[misc]
    if is_intensity and (feelings or ambiguous):
        if ambiguous:
            return None
        # Without "of 5" the strength is read on the common intensity scales: up to 5, else 10.
        full = 5.0 if 0 <= number <= 5 else 10.0
        return _intensity(number, full, f"{number:g} (read as {number:g}/{full:g})", feelings)
    return EmotionReading(
        number, None, None, f"the number {number:g} {where}, on the journey's scale"
    )


def _to_float(text: str) -> float:
    """A number as people type it: decimal comma, typographic minus."""
    return float(text.replace(",", ".").replace("−", "-"))


def _explicit_number(text: str) -> tuple[float, str, bool] | None:
    """The number a cell gives as its score: at the start, alone in parentheses, or after a label.

    Returns the number, where it was found, and whether an intensity word labels it. Numbers in
    running text ("waited 3 days") are not scores.
    """
    lead = len(text) - len(text.lstrip())
    for match in _NUMBER_IN_TEXT.finditer(text):
        number = _to_float(match.group(1))
        if match.start() == lead:
            return number, "at the start", False
        # Only the few characters before the number matter; a short window keeps this linear.
        before = text[max(0, match.start() - 60) : match.start()].rstrip()
        if before.endswith("(") and text[match.end() : match.end() + 60].lstrip().startswith(")"):
            return number, "in parentheses", False
        label = _LAST_WORD.search(before)
        if label is None:
            continue
        word = label.group(1)
        if word in _LABELS or (_CJK.search(word) and word.endswith(_CJK_LABELS)):
            is_intensity = word in _INTENSITY or word.endswith(_CJK_INTENSITY)
            return number, f"after {word!r}", is_intensity
        if (word,) in _PHRASES and before.endswith((":", "=")):
            return number, f"after {word!r}", False
    return None


@dataclass(frozen=True)
class _Feeling:
    """One feeling named in a cell: a word (maybe negated) or a face."""

    score: float
    shown: str
    kind: str
    measure: bool = False


def _feelings(text: str) -> tuple[list[_Feeling], bool]:
    """The feelings a text names, one per phrase, and whether some phrase named several.

    Phrases are separated by / & + , ; ( ) and the MIX_WORDS. In a phrase exactly one known
    word counts (a negation up to three words before it makes it half its opposite); faces
    count when no single word does.
    """
    items = _items(text)
    parts: list[tuple[list[_Feeling], list[_Feeling]]] = [([], [])]
    negated_at = -10
    i = 0
    while i < len(items):
        kind, value = items[i]
        words, faces = parts[-1]
        size = 1
        if kind == "s":
            parts.append(([], []))
            negated_at = -10
        elif kind == "f":
            faces.append(_Feeling(EMOTION_FACES[value], value, "face"))  # type: ignore[index]
        elif kind == "n":
            negated_at = i
        elif kind == "k":
            words.append(_negate(value, i - negated_at <= 3))  # type: ignore[arg-type]
        else:
            word, size = _phrase_at(items, i)
            if word is not None:
                words.append(_negate(word, i - negated_at <= 3))
            elif value in _NEGATIONS:
                negated_at = i
            elif value in _MIX_WORDS:
                parts.append(([], []))
                negated_at = -10
        i += size
    feelings: list[_Feeling] = []
    ambiguous = False
    for words, faces in parts:
        if len({w.shown for w in words}) == 1:
            feelings.append(words[0])
        elif faces:
            feelings.extend(faces)  # no word, or several: the faces say what the phrase feels
        elif words:
            ambiguous = True
    return feelings, ambiguous


def _items(text: str) -> list[tuple[str, object]]:
    """A text as words ("w"), separators ("s"), faces ("f"), and from Chinese or Japanese runs
    known words ("k") and negations ("n")."""
    items: list[tuple[str, object]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "s"
        value = match.group(0)
        if kind == "w" and _CJK.search(value):
            items.extend(_scan_cjk(value))
        else:
            items.append((kind, value))
    return items


def _phrase_at(items: list[tuple[str, object]], i: int) -> tuple[_Word | None, int]:
    """The longest known word or phrase starting at item i, and how many items it takes."""
    token = str(items[i][1])
    if token in _PHRASE_STARTS:
        for size in range(min(_LONGEST_PHRASE, len(items) - i), 1, -1):
            chunk = items[i : i + size]
            if all(kind == "w" for kind, _v in chunk):
                word = _PHRASES.get(tuple(v for _k, v in chunk))  # type: ignore[misc]
                if word is not None:
                    return word, size
    word = _PHRASES.get((token,))
    if word is not None:
        return word, 1
    head, _, tail = token.partition("'")
    if tail and len(head) <= 4:
        # French and Italian elision: l'anxiété, d'inquiétude, dell'ansia.
        return _PHRASES.get((tail,)), 1
    return None, 1


def _negate(word: _Word, negated: bool) -> _Feeling:
    """A known word as a feeling; negated, half its opposite."""
    if not negated:
        return _Feeling(word.score, repr(word.shown), "word", word.measure)
    return _Feeling(round(-word.score / 2, 6), repr(f"not {word.shown}"), "word")


def _scan_cjk(run: str) -> list[tuple[str, object]]:
    """A run of Chinese or Japanese text (no spaces) as known words, negations and joiners."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(run):
        for size in range(min(_LONGEST_CJK, len(run) - i), 0, -1):
            word = _CJK_WORDS.get(run[i : i + size])
            if word is not None:
                items.append(("k", word))
                i += size
                break
        else:
            neg = next((n for n in _CJK_NEGATIONS if run.startswith(n, i)), None)
            mix = None if neg else next((m for m in _CJK_MIX if run.startswith(m, i)), None)
            if neg:
                items.append(("n", neg))
            elif mix:
                items.append(("s", mix))
            i += len(neg or mix or " ")
    return items


def _feeling_reading(feelings: list[_Feeling]) -> EmotionReading:
    """The score of the feelings a cell names: one, or the average of a mix."""
    scale = "word" if any(f.kind == "word" for f in feelings) else "face"
    if len(feelings) == 1:
        f = feelings[0]
        how = f"the {f.kind} {f.shown}"
        if f.shown.startswith("'not "):
            how = f"{f.shown}: half the opposite of {f.shown.replace('not ', '', 1)}"
        return EmotionReading(None, f.score, scale, how)
    score = round(sum(f.score for f in feelings) / len(feelings), 6)
    shown = _listed([f.shown for f in feelings])
    return EmotionReading(None, score, scale, f"average of {len(feelings)} feelings: {shown}")


def _listed(names: list[str]) -> str:
    """Names for an explanation, the first few of a long list."""
    if len(names) <= 4:
        return ", ".join(names)
    return ", ".join(names[:3]) + f" and {len(names) - 3} more"


def _intensity(n: float, d: float, shown: str, feelings: list[_Feeling]) -> EmotionReading | None:
    """A number saying how strongly the feelings are felt: n/d of full strength, their sign."""
    if d <= 0 or not 0 <= n <= d:
        return None
    sign = sum((f.score > 0) - (f.score < 0) for f in feelings) / len(feelings)
    scale = "word" if any(f.kind == "word" for f in feelings) else "face"
    names = _listed([f.shown for f in feelings])
    return EmotionReading(
        None, round(sign * n / d, 6), scale, f"intensity {shown} with the sign of {names}"
    )


def _ratings(fractions: list[tuple[float, float, str]]) -> EmotionReading | None:
    """Fractions with no feeling beside them: ratings, averaged when there are several."""
    scored: list[tuple[float, str, str]] = []
    for n, d, shown in fractions:
        rating = _rating(n, d, shown)
        if rating is None:
            return None
        scored.append(rating)
    if len(scored) == 1:
        score, scale, how = scored[0]
        return EmotionReading(None, score, scale, how)
    scales = {scale for _s, scale, _h in scored}
    score = round(sum(s for s, _sc, _h in scored) / len(scored), 6)
    scale = scales.pop() if len(scales) == 1 else "0..10"
    return EmotionReading(
        None, score, scale, f"average of {len(scored)} ratings: {_listed([h for *_x, h in scored])}"
    )


def _rating(n: float, d: float, shown: str) -> tuple[float, str, str] | None:
    """One fraction as a rating: n/5 on 1..5, n/10 on 0..10, anything else as a share of d."""
    if d <= 0 or not 0 <= n <= d:
        return None
    if d == 5 and n >= 1:
        return normalise(n, "1..5"), "1..5", f"{shown} on 1..5"
    if d == 10:
        return normalise(n, "0..10"), "0..10", f"{shown} on 0..10"
    # Any other 0..d scale has the shape of 0..10: n/d is the same share as 10*n/d of 10.
    return (
        round(2 * n / d - 1, 6),
        "0..10",
        f"{shown} read as {10 * n / d:g} on 0..10",
    )
