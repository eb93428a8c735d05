"""Sheet names, column headers, row labels and title labels matched by meaning, in ten languages.

The words come from `aliases` (plus the user's `[aliases]` from mapbridge.toml). A header is
matched against one table of meanings (lane kinds, persona fields, ...) by three rules, in order:

1. exact (quality 3): the header is an alias once normalised: case, accents, spaces, punctuation
   and English plurals do not matter ("Pain-points" is "pain points");
2. qualified (quality 2): the header is an alias once qualifiers ("Customer", "Major", "Kunden",
   "клиента", "客户" ...) and connecting words ("of", "from", "de", "der", "и" ...) are left out,
   or its words before a bracket are: "Major Pain Points", "Pain points of the customer",
   "Points de douleur du client", "Emotion (1-5)";
3. head words (quality 1): a run of the remaining words is an alias, and it is where the head noun
   of the phrase sits: the last words before any connecting word or bracket in English, German
   and Dutch ("Stage goal" is a goal, not a stage; "Quotes from interviews" is a quote), the first
   words in French, Spanish, Portuguese, Italian and Russian ("Acciones realizadas"; "Цели
   этапа" is a goal). German and Dutch compounds ending with an alias of 5+ letters
   ("Kundenziele") and Chinese or Japanese headers ending with an alias of 2+ characters
   ("购买阶段") match here too. At most two other words may surround the run (one in its own
   phrase), a word followed by an article is a verb ("Pay the fee"), a number right after the
   run makes a name ("Этап 1"), and text ending in "." is a sentence: none of these is a header.
   A header that is an exact or qualified match in a sibling table (persona fields, demographics,
   journey fields, lanes, persona kinds) is never a head-word match of another: "Next steps" is an
   opportunities lane, not a Step column.

Which language's word order applies is decided from the header's own words (the languages whose
aliases, qualifiers and connecting words they are, accents, Cyrillic letters). Rules 2 and 3 only
look at header-sized text (8 words, 80 characters).

`match_*` functions return a HeaderMatch with the quality; the field-only functions
(`lane_kind`, `persona_field`, ...) answer with quality 2 or better unless given `min_quality`.
Answers are remembered per Vocabulary, so calling them once per cell costs a dictionary look-up.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mapbridge.importers import aliases as words_data

#: Match qualities, best first.
EXACT = 3
QUALIFIED = 2
HEAD_WORDS = 1

#: Text longer than this is content, not a header: only an exact alias matches it.
MAX_HEADER_WORDS = 8
MAX_HEADER_CHARS = 80
#: Tails that match the end of a compound word or a Chinese/Japanese header.
MIN_COMPOUND_TAIL = 5
MIN_CJK_TAIL = 2


@dataclass(frozen=True)
class HeaderMatch:
    """What a header means (a field, lane kind or sheet role), how surely, and an emotion variant."""

    field: str
    #: 3 exact alias, 2 alias once qualifiers and connecting words are left out, 1 head words.
    quality: int
    #: "as-is" or "to-be" for an emotion lane that names one ("Emotion (to-be)").
    variant: str | None = None


# ---------------------------------------------------------------------- normalising text

_TOKEN = re.compile(r"[^\W_]+|[(\[{【「]")
_OPENERS = frozenset("([{【「")
_ROMANCE_MARKS = re.compile(r"[áéíóúàèìòùâêîôûãõçñ]")


def _singular(word: str) -> str:
    # Only ASCII words end in these letters, so Cyrillic and CJK words are never folded.
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


#: Accents on Latin letters (é -> e); marks on kana (ド) and Cyrillic (й) are kept.
_LATIN_ACCENTS = re.compile("(?<=[a-z])[\u0300-\u036f]+")


@functools.lru_cache(maxsize=32768)
def _fold(text: str) -> str:
    """NFKC (full-width forms), case folded, "_" as a space, accents off Latin letters, ё as е."""
    raw = unicodedata.normalize("NFKC", text).casefold().replace("_", " ")
    if raw.isascii():
        return raw
    raw = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFD", raw.replace("ё", "е")))
    return unicodedata.normalize("NFC", raw)


@functools.lru_cache(maxsize=32768)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text, folded and singular, with "(" where a bracket opens."""
    return tuple("(" if w in _OPENERS else _singular(w) for w in _TOKEN.findall(_fold(text)))


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value or "")


@functools.lru_cache(maxsize=32768)
def _normalise(text: str) -> str:
    return "".join(w for w in _words(text) if w != "(")


def normalise(text: object) -> str:
    """The matching key of a header or sheet name: case folded, no accents on Latin letters,
    English words singular, no spaces or punctuation ("Pain-points" -> "painpoint")."""
    return _normalise(_text(text))


def _keys(*aliases: str) -> frozenset[str]:
    return frozenset(normalise(a) for a in aliases)


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _is_cjk(word: str) -> bool:
    return not word.isascii() and _CJK.search(word) is not None


def _is_cyrillic(word: str) -> bool:
    return not word.isascii() and _CYRILLIC.search(word) is not None


# ---------------------------------------------------------------------- language facts

_HEAD_FIRST_LANGS = ("fr", "es", "pt", "it", "ru")
_HEAD_LAST_LANGS = ("en", "de", "nl")


def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(t for t in (tuple(w for w in _words(i) if w != "(") for i in items) if t)


_QUALIFIER_PHRASES = _phrases(w for ws in words_data.QUALIFIERS.values() for w in ws)
#: First word of a qualifier -> the lengths of the qualifiers it starts, longest first.
_QUALIFIER_SIZES: dict[str, list[int]] = {}
for _phrase in sorted(_QUALIFIER_PHRASES, key=len, reverse=True):
    _QUALIFIER_SIZES.setdefault(_phrase[0], []).append(len(_phrase))
_STOP = frozenset(
    w for ws in words_data.STOP_WORDS.values() for item in ws for w in _words(item)
) | {"("}
#: Articles: a head word followed directly by one is a verb ("Pay the fee"), not a head noun.
_ARTICLES = frozenset(w for ws in words_data.ARTICLES.values() for item in ws for w in _words(item))
#: A header may end with these connecting words: the English possessive ("Customer's" -> s).
_TRAILING_OK = frozenset({"s"})
_CJK_PREFIXES = tuple(
    sorted(
        {
            _normalise(w)
            for lang in ("zh", "ja")
            for w in (*words_data.QUALIFIERS[lang], *words_data.STOP_WORDS[lang])
        },
        key=len,
        reverse=True,
    )
)


def _all_tables() -> dict[str, dict[str, dict[str, list[str]]]]:
    return {
        "sheet": words_data.SHEET_ROLES,
        "lane": words_data.LANE_KINDS,
        "persona": words_data.PERSONA_FIELDS,
        "demographic": words_data.DEMOGRAPHIC_FIELDS,
        "journey": words_data.JOURNEY_FIELDS,
        "title": words_data.TITLE_LABELS,
        "stage_sheet": words_data.STAGE_SHEET_FIELDS,
        "review": words_data.REVIEW_FIELDS,
        "kind": words_data.PERSONA_KINDS,
    }


@functools.lru_cache(maxsize=1)
def _word_languages() -> dict[str, frozenset[str]]:
    """Each known word -> the languages it is a word of (to tell the header's word order)."""
    found: dict[str, set[str]] = {}
    lists: list[tuple[str, Iterable[str]]] = []
    for table in (*_all_tables().values(), words_data.EMOTION_VARIANTS):
        for by_lang in table.values():
            lists.extend(by_lang.items())
    lists.extend(words_data.QUALIFIERS.items())
    lists.extend(words_data.STOP_WORDS.items())
    for lang, items in lists:
        for item in items:
            for word in _words(item):
                if word != "(":
                    found.setdefault(word, set()).add(lang)
    return {w: frozenset(langs) for w, langs in found.items()}


def _head_first(text: str, words: Sequence[str]) -> bool:
    """Whether the header reads head noun first (French, Spanish, Portuguese, Italian, Russian)."""
    if any(_is_cyrillic(w) for w in words):
        return True
    if any(_is_cjk(w) for w in words):
        return False
    counts = dict.fromkeys((*_HEAD_FIRST_LANGS, *_HEAD_LAST_LANGS), 0)
    for word in words:
        for lang in _word_languages().get(word, ()):
            if lang in counts:
                counts[lang] += 1
    first = max(counts[lang] for lang in _HEAD_FIRST_LANGS)
    last = max(counts[lang] for lang in _HEAD_LAST_LANGS)
    if _ROMANCE_MARKS.search(unicodedata.normalize("NFKC", text).casefold()):
        first += 1
    return first > last


def _strip_cjk(word: str) -> str:
    """A Chinese/Japanese word without leading qualifiers and particles: 客户的痛点 -> 痛点."""
    changed = True
    while changed and word:
        changed = False
        for prefix in _CJK_PREFIXES:
            if word.startswith(prefix):
                word = word[len(prefix) :]
                changed = True
                break
    return word


def _without_qualifiers(words: Sequence[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        for size in _QUALIFIER_SIZES.get(word, ()):
            if tuple(words[i : i + size]) in _QUALIFIER_PHRASES:
                i += size
                break
        else:
            if _is_cjk(word):
                word = _strip_cjk(word)
            if word:
                kept.append(word)
            i += 1
    return kept


@functools.lru_cache(maxsize=16384)
def _alias_content(words: tuple[str, ...]) -> tuple[str, ...]:
    """An alias's own content words, the key for rules 2 and 3.

    An alias made only of qualifiers ("Key") keeps them. An alias whose meaning rests on its
    connecting words ("in their words", "how to") has none: it only matches exactly, so that
    "Words" is not a quote and "How" not an instructions sheet.
    """
    plain = tuple(w for w in words if w != "(")
    if (
        len(plain) == 1
        and plain[0] not in _STOP
        and plain[0] not in _QUALIFIER_SIZES
        and not _is_cjk(plain[0])
    ):
        return plain  # the common case: one plain word
    kept = tuple(_without_qualifiers(plain)) or plain
    content = tuple(w for w in kept if w not in _STOP)
    if not content:
        return kept
    if len(content) == 1 and len(content) < len(kept):
        return ()
    return content


# ---------------------------------------------------------------------- one table of meanings


class _Table:
    """The aliases of one table (lane kinds, persona fields, ...) compiled for the three rules."""

    def __init__(
        self,
        fields: Sequence[str],
        builtin: Iterable[tuple[str, str, str]],
        user: Iterable[tuple[str, str]],
    ) -> None:
        self.fields = tuple(fields)
        self.exact: dict[str, str] = {}
        self.phrases: dict[tuple[str, ...], str] = {}
        self._words: set[str] = set()
        cjk: dict[str, str] = {}
        compound: dict[str, str] = {}
        for field_name, lang, alias in builtin:
            key = self._add(field_name, alias, override=False)
            if lang in ("zh", "ja"):
                if len(key) >= MIN_CJK_TAIL and _is_cjk(key):
                    cjk.setdefault(key, field_name)
            elif (
                lang in ("de", "nl")
                and len(key) >= MIN_COMPOUND_TAIL
                and key.isalpha()
                and len(_words(alias)) == 1
            ):
                compound.setdefault(key, field_name)
        for field_name, alias in user:
            # The user's words win over the built-in ones.
            key = self._add(field_name, alias, override=True)
            if len(key) >= MIN_CJK_TAIL and _is_cjk(key):
                cjk[key] = field_name
        self.longest = max((len(p) for p in self.phrases), default=1)
        #: Every word of every alias: a text with none of them can only match by its tail.
        self.known = frozenset(w for p in self.phrases for w in p) | self._words
        self.cjk_tails = sorted(cjk.items(), key=lambda kv: -len(kv[0]))
        self.compound_tails = sorted(compound.items(), key=lambda kv: -len(kv[0]))

    def _add(self, field_name: str, alias: str, *, override: bool) -> str:
        """Add one alias; returns its normalised key."""
        words = _words(alias)
        self._words.update(words)
        key = "".join(words) if "(" not in words else "".join(w for w in words if w != "(")
        content = _alias_content(words)
        if override:
            self.exact[key] = field_name
            if content:
                self.phrases[content] = field_name
        else:
            self.exact.setdefault(key, field_name)
            if content:
                self.phrases.setdefault(content, field_name)
        return key

    def _run(self, run: tuple[str, ...]) -> str | None:
        return self.phrases.get(run) or self.exact.get("".join(run))

    def match(self, text: str, *, partial: bool = True) -> HeaderMatch | None:
        """The best of the three rules for this text (rule 3 only when `partial`)."""
        words = _words(text)
        key = "".join(w for w in words if w != "(")
        found = self.exact.get(key)
        if found is not None:
            return HeaderMatch(found, EXACT)
        if not words or len(words) > MAX_HEADER_WORDS or len(text) > MAX_HEADER_CHARS:
            return None
        return self.match_words(text, words, partial=partial)

    def match_words(
        self, text: str, words: Sequence[str], *, partial: bool = True
    ) -> HeaderMatch | None:
        """Rules 2 and 3 on a header's words (rule 1 is the caller's)."""
        last_word = next((w for w in reversed(words) if w != "("), "")
        if last_word in _STOP and last_word not in _TRAILING_OK:
            return None  # "Updated by", "Pain points of": a phrase that stops mid-way
        tokens = _without_qualifiers(words)
        content: list[str] = []
        segment: list[int] = []
        #: Whether an article follows the content word directly ("Pay the fee": a verb).
        verb_like: list[bool] = []
        seg, gap = 0, False
        for pos, word in enumerate(tokens):
            if word in _STOP:
                gap = bool(content)
                continue
            if gap:
                seg, gap = seg + 1, False
            content.append(word)
            segment.append(seg)
            verb_like.append(pos + 1 < len(tokens) and tokens[pos + 1] in _ARTICLES)
        if not content:
            return None
        # Most texts that reach here (labels of custom lanes, data cells) share no word with
        # the table: only a compound or CJK tail can still match them.
        known = any(w in self.known for w in content)
        whole = tuple(content)
        found = self._run(whole) if known else None
        if found is None and known and "(" in tokens:
            # "Emotion (1-5)", "Pain points (from interviews)": the words before the brackets.
            found = self._run(tuple(w for w in tokens[: tokens.index("(")] if w not in _STOP))
        if found is not None:
            return HeaderMatch(found, QUALIFIED)
        if not partial or text.rstrip().endswith((".", "!", "。", "！")):
            return None  # a sentence is content, not a header
        n = len(content)
        last = segment.index(1) - 1 if 1 in segment else n - 1
        tail = self._tail(content[last])
        if not known and tail is None:
            return None
        head_first = _head_first(text, words)
        best: tuple[int, str] | None = None  # (length, field)
        for i in range(0 if not known else (1 if head_first else n)):
            if segment[i] != 0:
                break
            for j in range(min(n, i + self.longest), i, -1):
                if j < n and segment[j] == segment[j - 1]:
                    if not head_first or content[j].isdigit():
                        # The run must end where the head phrase ends; "Этап 1" is a stage
                        # name, not a header.
                        continue
                elif not head_first and j < n and verb_like[j - 1]:
                    continue
                found = self._run(whole[i:j])
                if found is not None:
                    if _few_modifiers(content, segment, i, j) and (best is None or j - i > best[0]):
                        best = (j - i, found)
                    break
        if best is not None:
            return HeaderMatch(best[1], HEAD_WORDS)
        if (
            tail is None
            or head_first
            or verb_like[last]
            or not _few_modifiers(content, segment, last, last + 1)
        ):
            return None
        return HeaderMatch(tail, HEAD_WORDS)

    def _tail(self, head: str) -> str | None:
        """The field of the alias a compound or Chinese/Japanese head word ends with."""
        if _is_cjk(head):
            if len(head) <= MIN_CJK_TAIL:
                return None
            tails, extra = self.cjk_tails, 0
        else:
            if len(head) < MIN_COMPOUND_TAIL + 3 or not head.isalpha():
                return None
            tails, extra = self.compound_tails, 2
        for tail, field_name in tails:
            if head.endswith(tail) and len(head) > len(tail) + extra:
                return field_name
        return None


def _few_modifiers(content: Sequence[str], segment: Sequence[int], i: int, j: int) -> bool:
    """Whether the words around a head run are few enough for a header, not a sentence: at most
    two in all and one in the head's own phrase (numbers do not count: "Emotion (1 to 5)")."""
    outside = [k for k in range(len(content)) if not i <= k < j and not content[k].isdigit()]
    own = sum(1 for k in outside if segment[k] == segment[i])
    return len(outside) <= 2 and own <= 1


# ---------------------------------------------------------------------- the vocabulary

#: Tables whose headers compete for the same columns: a header that exactly means something in
#: one of them is not taken as a head-word match in another.
_COLUMN_TABLES = ("persona", "demographic", "journey", "lane")
#: Tables a plain `[aliases]` key (without "table.") adds to, when they have that key.
_PLAIN_KEY_TABLES = (
    "sheet",
    "lane",
    "persona",
    "demographic",
    "journey",
    "title",
    "stage_sheet",
    "review",
)
#: Spellings of the table prefix accepted in `[aliases]` keys ("lane.metrics").
_PREFIXES = {
    "sheet": "sheet",
    "sheets": "sheet",
    "lane": "lane",
    "lanes": "lane",
    "persona": "persona",
    "personas": "persona",
    "demographic": "demographic",
    "demographics": "demographic",
    "journey": "journey",
    "title": "title",
    "stage_sheet": "stage_sheet",
    "stages": "stage_sheet",
    "review": "review",
    "reviews": "review",
    "kind": "kind",
}
_CACHE_LIMIT = 65536


def _variant_phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Variant phrases by their first word, longest first."""
    phrases = {
        tuple(w for w in _words(word) if w != "("): variant
        for variant, by_lang in words_data.EMOTION_VARIANTS.items()
        for words in by_lang.values()
        for word in words
    }
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, variant in sorted(phrases.items(), key=lambda pv: -len(pv[0])):
        if phrase:
            by_first.setdefault(phrase[0], []).append((phrase, variant))
    return by_first


_VARIANTS = _variant_phrases()
_CJK_VARIANTS = [
    (p[0], v) for ps in _VARIANTS.values() for p, v in ps if len(p) == 1 and _is_cjk(p[0])
]


def _split_variant(words: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """("to-be", the other words) when the words name an emotion variant, else (None, words)."""
    for i, word in enumerate(words):
        for phrase, variant in _VARIANTS.get(word, ()):
            if words[i : i + len(phrase)] == phrase:
                return variant, words[:i] + words[i + len(phrase) :]
    if any(_is_cjk(w) for w in words):
        for phrase, variant in _CJK_VARIANTS:
            for i, word in enumerate(words):
                if phrase in word and word != phrase:
                    rest = word.replace(phrase, "", 1)
                    return variant, (*words[:i], rest, *words[i + 1 :])
    return None, words


def _pairs(extra: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """(key, words) pairs; a nested table ({"lane": {"metrics": [...]}}, as TOML reads
    `[aliases.lane]` or `lane.metrics = [...]`) becomes "lane.metrics"."""
    pairs: list[tuple[str, Any]] = []
    for key, value in extra.items() if isinstance(extra, Mapping) else extra:
        if isinstance(value, Mapping):
            pairs.extend((f"{key}.{inner}", words) for inner, words in value.items())
        else:
            pairs.append((str(key), value))
    return pairs


class _DefaultOrSelf:
    """`Vocabulary.with_aliases(...)` starts from the default vocabulary, `vocab.with_aliases(...)`
    from that vocabulary."""

    def __init__(self, func: Callable[..., Vocabulary]) -> None:
        self.func = func
        functools.update_wrapper(self, func)

    def __get__(self, obj: Vocabulary | None, owner: type[Vocabulary]) -> Callable[..., Vocabulary]:
        return functools.partial(self.func, obj if obj is not None else owner.default())


class Vocabulary:
    """The words for every meaning: the built-in aliases plus the user's own.

    `extra` maps a key to more words for it. A key is a lane kind ("pain_points"), a persona
    field ("goals"), a journey field, a sheet role ("personas") or any other meaning in `aliases`;
    a plain key adds to every table that has it, "lane.metrics" / "persona.goals" /
    "sheet.personas" / "kind.proto" to that table only. Unknown keys raise ValueError.
    """

    def __init__(self, extra: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        self._pairs: list[tuple[str, tuple[str, ...]]] = []
        user: dict[str, list[tuple[str, str]]] = {}
        for key, value in _pairs(extra or {}):
            words = _alias_words(key, value)
            self._pairs.append((str(key), words))
            for table, field_name in _resolve_key(str(key)):
                user.setdefault(table, []).extend((field_name, w) for w in words)
        self._user = user
        # Tables are built on first use: a read needs only some of them, and building one
        # normalises every alias in ten languages.
        self._built: dict[str, _Table] = {}
        self._cache: dict[tuple[str, str, bool], HeaderMatch | None] = {}

    # ---------------------------------------------------------------- building

    def _table(self, name: str) -> _Table:
        """One table of meanings (lane, persona, journey, ...), built the first time it is asked."""
        built = self._built.get(name)
        if built is None:
            table = _all_tables()[name]
            builtin = [
                (field_name, lang, alias)
                for field_name, by_lang in table.items()
                for lang in words_data.LANGUAGES
                for alias in by_lang.get(lang, ())
            ]
            built = self._built[name] = _Table(list(table), builtin, self._user.get(name, ()))
        return built

    @classmethod
    def default(cls) -> Vocabulary:
        """The built-in vocabulary (one shared instance)."""
        return _default_vocabulary()

    def _with_aliases(self, extra: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Vocabulary:
        """This vocabulary plus more words (see the class docstring for keys)."""
        more = _pairs(extra)
        if not more:
            return self
        return Vocabulary([*self._pairs, *more])

    with_aliases = _DefaultOrSelf(_with_aliases)

    @staticmethod
    def alias_keys() -> list[str]:
        """Every key `[aliases]` accepts without a table prefix, sorted."""
        return sorted({key for name in _PLAIN_KEY_TABLES for key in _all_tables()[name]})

    @property
    def user_aliases(self) -> list[tuple[str, tuple[str, ...]]]:
        """The (key, words) pairs this vocabulary adds to the built-in aliases, in order."""
        return list(self._pairs)

    # ---------------------------------------------------------------- matching

    def _match(self, table: str, text: str, *, partial: bool = True) -> HeaderMatch | None:
        cache_key = (table, text, partial)
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        if table == "lane":
            found = self._lane(text, partial=partial)
        else:
            found = self._table(table).match(text, partial=partial)
        # "Next steps" is an opportunities lane, not a Step column; "Proto-persona" is a kind,
        # not a Persona column.
        if (
            found is not None
            and found.quality == HEAD_WORDS
            and table in _COLUMN_TABLES
            and any(
                self._match(other, text, partial=False) is not None
                for other in (*_COLUMN_TABLES, "kind")
                if other != table
            )
        ):
            found = None
        self._cache[cache_key] = found
        return found

    def _lane(self, text: str, *, partial: bool) -> HeaderMatch | None:
        lanes = self._table("lane")
        words = _words(text)
        key = "".join(w for w in words if w != "(")
        kind = lanes.exact.get(key)
        if kind is not None:
            return HeaderMatch(kind, EXACT)
        if not words or len(words) > MAX_HEADER_WORDS or len(text) > MAX_HEADER_CHARS:
            return None
        # "Emotion (to-be)", "Future emotion", "Mood today": an emotion lane with a variant.
        variant, rest = _split_variant(words)
        if variant is not None and rest:
            rest_key = "".join(w for w in rest if w != "(")
            if lanes.exact.get(rest_key) == "emotion":
                return HeaderMatch("emotion", EXACT, variant)
            inner = lanes.match_words(text, rest, partial=partial)
            if inner is not None and inner.field == "emotion":
                return HeaderMatch("emotion", inner.quality, variant)
        return lanes.match_words(text, words, partial=partial)

    def match_sheet_role(self, name: object) -> HeaderMatch | None:
        """What a sheet's name says it holds: personas, journey, stages, reviews, instructions."""
        return self._match("sheet", _text(name))

    def match_persona_field(self, header: object) -> HeaderMatch | None:
        """The persona field a column header or card label fills (name, goals, quote ...)."""
        return self._match("persona", _text(header))

    def match_journey_field(self, header: object) -> HeaderMatch | None:
        """The journey-row field of a header (journey, persona, stage, step, map_owner ...)."""
        return self._match("journey", _text(header))

    def match_lane_kind(self, header: object) -> HeaderMatch | None:
        """The lane kind of a header or row label, with its emotion variant; None for custom."""
        return self._match("lane", _text(header))

    def match_demographic(self, header: object) -> HeaderMatch | None:
        """The demographic a header names (age, gender, income, location ...)."""
        return self._match("demographic", _text(header))

    def match_title_label(self, text: object, *, partial: bool = True) -> HeaderMatch | None:
        """The title-block key of a label ("Persona", "Owner", "Last updated" ...)."""
        return self._match("title", _text(text), partial=partial)

    def match_stage_sheet_field(self, header: object) -> HeaderMatch | None:
        """The Stages-sheet field of a header (stage, order, description, journey ...)."""
        return self._match("stage_sheet", _text(header))

    def match_review_field(self, header: object) -> HeaderMatch | None:
        """The Reviews-sheet field of a header (persona, owner, trigger, date, done ...)."""
        return self._match("review", _text(header))

    def match_persona_kind(self, text: object) -> HeaderMatch | None:
        """The persona kind a Kind cell names (research, proto, segment); no head-word guesses."""
        return self._match("kind", _text(text), partial=False)

    # Field-only forms. They take exact and qualified matches (quality 2 and up) unless asked
    # for less: a head-word match is a guess a caller should weigh ("Wild ideas" stays custom).

    def _field(self, table: str, text: object, min_quality: int) -> str | None:
        # Head words (rule 3) are only worked out when the caller accepts them: they need the
        # language of every word, which costs more than the other two rules together.
        found = self._match(table, _text(text), partial=min_quality <= HEAD_WORDS)
        return found.field if found is not None and found.quality >= min_quality else None

    def sheet_role(self, name: object, *, min_quality: int = QUALIFIED) -> str | None:
        """What a sheet's name says it is: personas, journey, stages, reviews, instructions, or None."""
        return self._field("sheet", name, min_quality)

    def persona_field(self, header: object, *, min_quality: int = QUALIFIED) -> str | None:
        """The persona field of a header, or None."""
        return self._field("persona", header, min_quality)

    def journey_field(self, header: object, *, min_quality: int = QUALIFIED) -> str | None:
        """The journey-row field of a header, or None."""
        return self._field("journey", header, min_quality)

    def lane_kind(self, header: object, *, min_quality: int = QUALIFIED) -> tuple[str, str | None]:
        """The lane kind of a header ("custom" when unknown), with its emotion variant."""
        found = self._match("lane", _text(header), partial=min_quality <= HEAD_WORDS)
        if found is None or found.quality < min_quality:
            return "custom", None
        return found.field, found.variant

    def is_demographic(self, header: object, *, min_quality: int = QUALIFIED) -> bool:
        """Whether a header names a demographic (kept in a persona's `demographics`)."""
        return self._field("demographic", header, min_quality) is not None

    def title_label(self, text: object, *, min_quality: int = QUALIFIED) -> str | None:
        """The title-block key of a label, or None."""
        return self._field("title", text, min_quality)

    def stage_sheet_field(self, header: object, *, min_quality: int = QUALIFIED) -> str | None:
        """The Stages-sheet field of a header, or None."""
        return self._field("stage_sheet", header, min_quality)

    def review_field(self, header: object, *, min_quality: int = QUALIFIED) -> str | None:
        """The Reviews-sheet field of a header, or None."""
        return self._field("review", header, min_quality)


def _alias_words(key: object, value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"aliases for {key!r} must be a word or a list of words, not {value!r}")
    for item in items:
        if not _normalise(item):
            raise ValueError(f"alias {item!r} for {key!r} has no letters or digits")
    return tuple(items)


def _resolve_key(key: str) -> list[tuple[str, str]]:
    """The (table, field) pairs an `[aliases]` key adds to; ValueError when it names none."""
    tables = _all_tables()
    name = key.strip().lower().replace("-", "_").replace(" ", "_")
    if "." in name:
        prefix, _, field_name = name.partition(".")
        table = _PREFIXES.get(prefix)
        if table is not None and field_name in tables[table]:
            return [(table, field_name)]
    else:
        found = [(t, name) for t in _PLAIN_KEY_TABLES if name in tables[t]]
        if found:
            return found
    known = ", ".join(Vocabulary.alias_keys())
    raise ValueError(
        f"unknown alias key {key!r}; known keys: {known} (write lane.KEY, persona.KEY, "
        "journey.KEY, sheet.KEY, title.KEY, demographic.KEY, stage_sheet.KEY, review.KEY or "
        "kind.proto/research/segment to pick one table)"
    )


@functools.lru_cache(maxsize=1)
def _default_vocabulary() -> Vocabulary:
    return Vocabulary()


# ---------------------------------------------------------------------- module functions


def _legacy_keys(table: dict[str, dict[str, list[str]]]) -> dict[str, frozenset[str]]:
    return {f: _keys(*(w for ws in by_lang.values() for w in ws)) for f, by_lang in table.items()}


#: The exact keys of each table as earlier versions exposed them (SHEET_ALIASES, PERSONA_FIELDS,
#: DEMOGRAPHIC_FIELDS, JOURNEY_FIELDS, LANE_ALIASES), built on first use.
_LEGACY: dict[str, Callable[[], Any]] = {
    "SHEET_ALIASES": lambda: _legacy_keys(words_data.SHEET_ROLES),
    "PERSONA_FIELDS": lambda: _legacy_keys(words_data.PERSONA_FIELDS),
    "DEMOGRAPHIC_FIELDS": lambda: frozenset().union(
        *_legacy_keys(words_data.DEMOGRAPHIC_FIELDS).values()
    ),
    "JOURNEY_FIELDS": lambda: _legacy_keys(words_data.JOURNEY_FIELDS),
    "LANE_ALIASES": lambda: _legacy_keys(words_data.LANE_KINDS),
}


def __getattr__(name: str) -> Any:
    if name in _LEGACY:
        value = _LEGACY[name]()
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sheet_role(name: str, *, min_quality: int = QUALIFIED) -> str | None:
    """What a sheet's name says it is: personas, journey, stages, reviews, instructions, or None."""
    return Vocabulary.default().sheet_role(name, min_quality=min_quality)


def persona_field(header: object, *, min_quality: int = QUALIFIED) -> str | None:
    """The persona field of a header, or None."""
    return Vocabulary.default().persona_field(header, min_quality=min_quality)


def journey_field(header: object, *, min_quality: int = QUALIFIED) -> str | None:
    """The journey-row field of a header, or None."""
    return Vocabulary.default().journey_field(header, min_quality=min_quality)


def lane_kind(header: object, *, min_quality: int = QUALIFIED) -> tuple[str, str | None]:
    """The lane kind of a header, with the emotion variant ("as-is" / "to-be") when it names one."""
    return Vocabulary.default().lane_kind(header, min_quality=min_quality)


def is_demographic(header: object, *, min_quality: int = QUALIFIED) -> bool:
    """Whether a header names a demographic."""
    return Vocabulary.default().is_demographic(header, min_quality=min_quality)


def title_label(text: object, *, min_quality: int = QUALIFIED) -> str | None:
    """The title-block key of a label ("Persona", "Owner", "Last updated" ...), or None."""
    return Vocabulary.default().title_label(text, min_quality=min_quality)


def stage_sheet_field(header: object, *, min_quality: int = QUALIFIED) -> str | None:
    """The Stages-sheet field of a header (stage, order, description, journey, emotion_scale)."""
    return Vocabulary.default().stage_sheet_field(header, min_quality=min_quality)


def review_field(header: object, *, min_quality: int = QUALIFIED) -> str | None:
    """The Reviews-sheet field of a header (persona, journey, owner, trigger, date, done ...)."""
    return Vocabulary.default().review_field(header, min_quality=min_quality)


def match_sheet_role(name: object) -> HeaderMatch | None:
    """`sheet_role` with the match quality."""
    return Vocabulary.default().match_sheet_role(name)


def match_persona_field(header: object) -> HeaderMatch | None:
    """`persona_field` with the match quality."""
    return Vocabulary.default().match_persona_field(header)


def match_journey_field(header: object) -> HeaderMatch | None:
    """`journey_field` with the match quality."""
    return Vocabulary.default().match_journey_field(header)


def match_lane_kind(header: object) -> HeaderMatch | None:
    """`lane_kind` with the match quality (None for a custom lane)."""
    return Vocabulary.default().match_lane_kind(header)


def match_demographic(header: object) -> HeaderMatch | None:
    """The demographic a header names, with the match quality."""
    return Vocabulary.default().match_demographic(header)


def match_title_label(text: object) -> HeaderMatch | None:
    """`title_label` with the match quality."""
    return Vocabulary.default().match_title_label(text)


def match_stage_sheet_field(header: object) -> HeaderMatch | None:
    """`stage_sheet_field` with the match quality."""
    return Vocabulary.default().match_stage_sheet_field(header)


def match_review_field(header: object) -> HeaderMatch | None:
    """`review_field` with the match quality."""
    return Vocabulary.default().match_review_field(header)
