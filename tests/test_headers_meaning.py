"""Headers, sheet names and title labels are read by meaning, in ten languages, with user aliases."""

from __future__ import annotations

import pytest

from mapbridge.importers import aliases
from mapbridge.importers import headers as hdr
from mapbridge.importers.headers import EXACT, HEAD_WORDS, QUALIFIED, HeaderMatch, Vocabulary
from mapbridge.importers.values import KIND_WORDS, label_key, parse_kind, split_label

# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Customer Thoughts", "thoughts"),
        ("Major Pain Points", "pain_points"),
        ("Customer satisfaction", "emotion"),
        ("CSAT", "emotion"),
        ("Satisfaction", "emotion"),
        ("Brand Opportunities", "opportunities"),
        ("Customer Actions", "actions"),
        ("Touchpoints", "touchpoints"),
        ("Emotions", "emotion"),
        ("Pain Points", "pain_points"),
    ],
)
def test_lane_headers_from_published_maps_are_understood(header, kind):
    assert hdr.lane_kind(header) == (kind, None)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Quotes from Research", "quote"),
        ("Primary Goals", "goals"),
        ("Primary Goal", "goals"),
        ("Persona Name", "name"),
        ("Occupation", "role"),
        ("segment", "name"),
        ("core_need", "goals"),
        ("top_concern", "pain_points"),
        ("Verbatims", "quote"),
        ("Worries", "pain_points"),
        ("Obstacles", "pain_points"),
    ],
)
def test_persona_headers_from_published_templates_are_understood(header, field):
    assert hdr.persona_field(header) == field


def test_scenarios_are_not_a_persona_field_but_an_extra_column():
    assert hdr.persona_field("primary_scenarios") is None
    assert hdr.match_persona_field("Scenario") is None


def test_nps_is_a_metric_not_an_emotion():
    assert hdr.lane_kind("NPS") == ("metrics", None)


def test_status_is_never_the_persona_kind():
    assert hdr.persona_field("Status") is None
    assert hdr.match_persona_field("Status") is None
    assert hdr.match_persona_field("Persona status") is None
    assert parse_kind("Active") is None
    assert parse_kind("Retired") is None
    # A Reviews sheet still reads its Status column as "done".
    assert hdr.review_field("Status") == "done"


# ---------------------------------------------------------------- the three rules


def test_each_rule_reports_its_quality():
    assert hdr.match_lane_kind("Pain points") == HeaderMatch("pain_points", EXACT)
    assert hdr.match_lane_kind("Major pain points") == HeaderMatch("pain_points", QUALIFIED)
    assert hdr.match_lane_kind("Pain points of the customer") == HeaderMatch(
        "pain_points", QUALIFIED
    )
    assert hdr.match_persona_field("Stage goal") == HeaderMatch("goals", HEAD_WORDS)
    assert hdr.match_lane_kind("Quarterly planning") is None


def test_head_word_matches_are_only_given_when_asked_for():
    # "Wild ideas" may be an opportunities lane, but the plain functions do not guess.
    assert hdr.match_lane_kind("Wild ideas") == HeaderMatch("opportunities", HEAD_WORDS)
    assert hdr.lane_kind("Wild ideas") == ("custom", None)
    assert hdr.lane_kind("Wild ideas", min_quality=HEAD_WORDS) == ("opportunities", None)
    assert hdr.persona_field("Stage goal") is None
    assert hdr.persona_field("Stage goal", min_quality=HEAD_WORDS) == "goals"


def test_the_head_noun_decides_in_english_not_the_first_word():
    assert hdr.match_journey_field("Stage goal") is None
    assert hdr.match_journey_field("Journey stage") == HeaderMatch("stage", EXACT)
    assert hdr.match_lane_kind("Action owner") == HeaderMatch("owners", HEAD_WORDS)
    assert hdr.match_persona_field("Quotes (interviews)") == HeaderMatch("quote", QUALIFIED)
    assert hdr.match_persona_field("Quotes from interviews") == HeaderMatch("quote", HEAD_WORDS)


def test_the_head_noun_comes_first_in_romance_languages_and_russian():
    assert hdr.match_lane_kind("Acciones realizadas") == HeaderMatch("actions", HEAD_WORDS)
    assert hdr.match_lane_kind("Points de douleur rencontrés") == HeaderMatch(
        "pain_points", HEAD_WORDS
    )
    # "Objectifs de l'étape" and "Цели этапа" are goals of a stage, never the Stage column.
    assert hdr.match_journey_field("Objectifs de l'étape") is None
    assert hdr.match_persona_field("Objectifs de l'étape") == HeaderMatch("goals", HEAD_WORDS)
    assert hdr.match_journey_field("Цели этапа") is None
    assert hdr.match_persona_field("Цели этапа") == HeaderMatch("goals", HEAD_WORDS)
    assert hdr.match_journey_field("Этап пути клиента") == HeaderMatch("stage", QUALIFIED)


def test_german_compounds_end_with_their_meaning():
    assert hdr.persona_field("Kundenbedürfnisse") == "goals"
    assert hdr.match_persona_field("Kundenziele") == HeaderMatch("goals", HEAD_WORDS)
    assert hdr.match_lane_kind("Vertriebskanäle") == HeaderMatch("channels", HEAD_WORDS)


def test_chinese_and_japanese_headers_drop_a_leading_qualifier_or_end_with_an_alias():
    assert hdr.match_lane_kind("客户痛点") == HeaderMatch("pain_points", QUALIFIED)
    assert hdr.match_lane_kind("用户行为") == HeaderMatch("actions", EXACT)
    assert hdr.match_lane_kind("顧客の感情") == HeaderMatch("emotion", QUALIFIED)
    assert hdr.match_persona_field("お客様の声") == HeaderMatch("quote", QUALIFIED)
    assert hdr.match_journey_field("购买阶段") == HeaderMatch("stage", HEAD_WORDS)
    assert hdr.match_lane_kind("情绪（1-5）") == HeaderMatch("emotion", QUALIFIED)


@pytest.mark.parametrize(
    ("header", "variant"),
    [
        ("Emotion (as-is)", "as-is"),
        ("Emotion (to-be)", "to-be"),
        ("Future emotion", "to-be"),
        ("Mood today", "as-is"),
        ("Current emotion", "as-is"),
        ("Customer emotion (target)", "to-be"),
        ("Emotion (Soll)", "to-be"),
        ("Эмоции (текущее)", "as-is"),
        ("Emoción deseada", "to-be"),
        ("现状情绪", "as-is"),
        ("感情（理想）", "to-be"),
    ],
)
def test_emotion_variants_are_told_apart(header, variant):
    assert hdr.lane_kind(header) == ("emotion", variant)


def test_a_variant_word_on_another_lane_is_only_a_qualifier():
    assert hdr.lane_kind("Current touchpoints") == ("touchpoints", None)
    assert hdr.lane_kind("Current") == ("custom", None)


# ---------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    ("match", "text"),
    [
        (hdr.match_journey_field, "Next steps"),  # an opportunities lane, not a Step column
        (hdr.match_journey_field, "Stage 1"),  # a stage name
        (hdr.match_journey_field, "Этап 1"),
        (hdr.match_journey_field, "Etapa 2"),
        (hdr.match_demographic, "Pay the fee"),  # a verb, not a header
        (hdr.match_persona_field, "Type the date as 2026-09-01"),
        (hdr.match_persona_field, "Gets three quotes from builders"),  # a sentence
        (hdr.match_lane_kind, "Ana Reyes pain points at Apply"),
        (hdr.match_lane_kind, "Too many steps, so I gave up."),
        (hdr.match_persona_field, "Words"),  # "in their words" only counts whole
        (hdr.match_sheet_role, "How"),  # "how to" only counts whole
        (hdr.match_persona_field, "Proto-persona"),  # a kind, not a Persona column
        (hdr.match_journey_field, "Proto-persona"),
        (hdr.match_persona_field, "Familienstand"),  # a demographic, not "last updated"
        (hdr.match_lane_kind, "Customer"),  # a qualifier alone means nothing
        (hdr.match_lane_kind, "Key"),
    ],
)
def test_false_positives_are_avoided(match, text):
    assert match(text) is None


def test_a_qualifier_that_is_an_alias_of_its_own_still_matches_exactly():
    assert hdr.journey_field("Customer") == "persona"
    assert hdr.persona_field("Key") == "id"


def test_a_label_that_stops_mid_phrase_is_not_a_title_label():
    assert split_label("Updated by: Ana") is None
    assert split_label("Last updated: December 2025") == ("last_updated", "December 2025")


def test_long_text_is_content_not_a_header():
    sentence = "Customer compares the pain points of three providers before choosing one"
    assert hdr.match_lane_kind(sentence) is None
    assert hdr.match_persona_field(sentence) is None


# ---------------------------------------------------------------- ten languages

LANGUAGE_CASES = [
    # (language, lane header, lane kind, persona header, field, sheet name, role)
    (
        "en",
        "Customer Thoughts",
        "thoughts",
        "Primary Goals",
        "goals",
        "Customer Journey",
        "journey",
    ),
    ("de", "Schmerzpunkte", "pain_points", "Ziele", "goals", "Anleitung", "instructions"),
    ("de", "Kundenzufriedenheit", "emotion", "Beruf", "role", "Phasen", "stages"),
    ("fr", "Points de contact", "touchpoints", "Nom", "name", "Parcours client", "journey"),
    ("fr", "Irritants", "pain_points", "Objectifs", "goals", "Profils", "personas"),
    ("es", "Puntos de dolor del cliente", "pain_points", "Nombre", "name", "Etapas", "stages"),
    ("es", "Emociones", "emotion", "Frustraciones", "pain_points", "Perfiles", "personas"),
    ("pt", "Pontos de contato", "touchpoints", "Nome", "name", "Jornada", "journey"),
    ("pt", "Oportunidades", "opportunities", "Objetivos", "goals", "Instruções", "instructions"),
    ("it", "Azioni", "actions", "Obiettivi principali", "goals", "Fasi", "stages"),
    ("it", "Punti critici", "pain_points", "Nome", "name", "Istruzioni", "instructions"),
    ("nl", "Pijnpunten", "pain_points", "Naam", "name", "Klantreis", "journey"),
    ("nl", "Kansen", "opportunities", "Doelen", "goals", "Persona's", "personas"),
    ("ru", "Эмоциональное состояние", "emotion", "Имя", "name", "Этапы", "stages"),
    ("ru", "Удовлетворенность клиента", "emotion", "Цели", "goals", "Персоны", "personas"),
    ("ru", "Точки контакта", "touchpoints", "Боли", "pain_points", "Путь клиента", "journey"),
    ("ru", "Болевые точки", "pain_points", "Профессия", "role", "Инструкция", "instructions"),
    ("ru", "Возможности", "opportunities", "Цитата", "quote", "CJM", "journey"),
    ("ru", "Метрики", "metrics", "Мотивация", "motivations", "Ревью", "reviews"),
    ("zh", "用户行为", "actions", "姓名", "name", "用户画像", "personas"),
    ("zh", "触点", "touchpoints", "目标", "goals", "阶段", "stages"),
    ("zh", "机会点", "opportunities", "痛点", "pain_points", "用户旅程", "journey"),
    ("ja", "タッチポイント", "touchpoints", "名前", "name", "ペルソナ", "personas"),
    ("ja", "ペインポイント", "pain_points", "職業", "role", "フェーズ", "stages"),
    ("ja", "課題", "pain_points", "目標", "goals", "カスタマージャーニー", "journey"),
    ("ja", "機会", "opportunities", "年齢", None, "使い方", "instructions"),
]


@pytest.mark.parametrize(
    ("lang", "lane", "kind", "header", "field", "sheet", "role"),
    LANGUAGE_CASES,
    ids=[f"{c[0]}-{c[1]}" for c in LANGUAGE_CASES],
)
def test_every_language_names_lanes_persona_fields_and_sheets(
    lang, lane, kind, header, field, sheet, role
):
    assert hdr.lane_kind(lane)[0] == kind
    assert hdr.persona_field(header) == field
    assert hdr.sheet_role(sheet) == role


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Этап", "stage"),
        ("Этапы", "stage"),
        ("Étape", "stage"),
        ("Phase", "stage"),
        ("阶段", "stage"),
        ("ステージ", "stage"),
        ("Paso", "step"),
        ("Persona", "persona"),
        ("Персона", "persona"),
        ("Parcours", "journey"),
    ],
)
def test_journey_fields_in_other_languages(header, field):
    assert hdr.journey_field(header) == field


@pytest.mark.parametrize(
    ("header", "expected"),
    [("Alter", True), ("Возраст", True), ("年龄", True), ("Âge", True), ("Goals", False)],
)
def test_demographics_in_other_languages(header, expected):
    assert hdr.is_demographic(header) is expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Proto-persona", "proto"),
        ("Annahme", "proto"),
        ("Hypothèse", "proto"),
        ("Hipótesis", "proto"),
        ("Ipotesi", "proto"),
        ("Aanname", "proto"),
        ("Гипотеза", "proto"),
        ("假设", "proto"),
        ("仮説", "proto"),
        ("Not validated", "proto"),
        ("Nicht validiert", "proto"),
        ("Validated", "research"),
        ("Forschungsbasiert", "research"),
        ("Validé", "research"),
        ("Investigación", "research"),
        ("Pesquisa", "research"),
        ("Ricerca", "research"),
        ("Gevalideerd", "research"),
        ("Исследование", "research"),
        ("调研", "research"),
        ("検証済み", "research"),
        ("Segment", "segment"),
        ("Segmento", "segment"),
        ("Сегмент", "segment"),
        ("客户细分", "segment"),
        ("セグメント", "segment"),
        ("Research-based persona (2025)", "research"),
    ],
)
def test_persona_kinds_in_ten_languages(text, kind):
    assert parse_kind(text) == kind


def test_every_kind_word_of_the_data_parses_to_its_kind():
    for kind, by_lang in aliases.PERSONA_KINDS.items():
        for words in by_lang.values():
            for word in words:
                assert parse_kind(word) == kind, word
    assert KIND_WORDS["validated"] == "research"


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Persona: Maria Rodriguez", ("persona", "Maria Rodriguez")),
        ("Owner: Product Team", ("owner", "Product Team")),
        ("Journey Map: Onboarding", ("journey", "Onboarding")),
        ("Customer persona: Ana", ("persona", "Ana")),
        ("Персона: Мария", ("persona", "Мария")),
        ("Владелец: Команда продукта", ("owner", "Команда продукта")),
        ("Verantwortlich: Team Digital", ("owner", "Team Digital")),
        ("Parcours : Souscription", ("journey", "Souscription")),
        ("Última actualización: 2025-12-01", ("last_updated", "2025-12-01")),
        ("负责人：张三", ("owner", "张三")),
        ("ペルソナ：佐藤", ("persona", "佐藤")),
        ("Notes: none", None),
    ],
)
def test_title_labels_in_several_languages(text, pair):
    assert split_label(text) == pair


def test_a_bare_label_needs_more_than_a_head_word():
    assert label_key("Emotion scale:") == "emotion_scale"
    assert label_key("Шкала эмоций") == "emotion_scale"
    # A title line such as "Onboarding journey" is not a "Journey:" label with its value beside.
    assert label_key("Onboarding journey") is None


# ---------------------------------------------------------------- Stages and Reviews sheets


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Stage", "stage"),
        ("Stage name", "stage"),
        ("Name", "stage"),
        ("#", "order"),
        ("No", "order"),
        ("№", "order"),
        ("Sequence", "order"),
        ("What happens", "description"),
        ("Goal", "description"),
        ("Journey", "journey"),
        ("Emotion scale", "emotion_scale"),
        ("Название этапа", "stage"),
        ("Reihenfolge", "order"),
        ("説明", "description"),
    ],
)
def test_stage_sheet_fields(header, field):
    assert hdr.stage_sheet_field(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Persona", "persona"),
        ("Journey map", "journey"),
        ("Reviewer", "owner"),
        ("Last reviewed together", "last_reviewed"),
        ("Reviewed?", "last_reviewed"),  # as it always was: the first table key wins
        ("Review every (days)", "review_every_days"),
        ("Trigger", "trigger"),
        ("Trigger type", "trigger_type"),
        ("Type", "trigger_type"),
        ("When", "date"),
        ("Affected personas", "affects"),
        ("Review done", "done"),
        ("Status", "done"),
        ("Auslöser", "trigger"),
        ("Дата", "date"),
    ],
)
def test_review_sheet_fields(header, field):
    assert hdr.review_field(header) == field


# ---------------------------------------------------------------- normalising text


def test_normalise_keeps_its_latin_behaviour():
    assert hdr.normalise("Pain points") == hdr.normalise("pain-point") == "painpoint"
    assert hdr.normalise("PAINS") == "pain"
    assert hdr.normalise("Activities") == "activity"
    assert hdr.normalise("Review every (days)") == "revieweveryday"
    assert hdr.normalise(None) == ""


def test_normalise_handles_accents_full_width_forms_cyrillic_and_cjk():
    assert hdr.normalise("Étapes") == hdr.normalise("etapes") == "etape"
    assert hdr.normalise("Ｐａｉｎ　Ｐｏｉｎｔｓ") == "painpoint"
    assert hdr.normalise("感情（現状）") == "感情現状"
    assert hdr.normalise("Удовлетворённость") == hdr.normalise("удовлетворенность")
    # No English plural folding of other scripts: Cyrillic "с" is not an "s".
    assert hdr.normalise("Процесс") == "процесс"
    assert hdr.normalise("Эмоции") == "эмоции"
    # Kana keep their voicing marks, Cyrillic its breve.
    assert hdr.normalise("ドライバー") == "ドライバー"
    assert hdr.normalise("Мой") == "мой"


# ---------------------------------------------------------------- user aliases


def test_user_aliases_add_words_for_a_plain_key_in_every_table_that_has_it():
    vocab = Vocabulary.with_aliases({"pain_points": ["Ärgernisse", "Stolpersteine"]})
    assert vocab.lane_kind("Stolpersteine") == ("pain_points", None)
    assert vocab.persona_field("Stolpersteine") == "pain_points"
    assert vocab.match_lane_kind("Große Stolpersteine") is not None
    # The built-in vocabulary is not changed.
    assert hdr.lane_kind("Stolpersteine") == ("custom", None)


def test_a_prefixed_key_adds_to_one_table_only():
    vocab = Vocabulary.default().with_aliases({"lane.metrics": "Важность этапа"})
    assert vocab.lane_kind("Важность этапа") == ("metrics", None)
    vocab = Vocabulary.with_aliases({"persona.goals": ["Wunschliste"]})
    assert vocab.persona_field("Wunschliste") == "goals"
    assert vocab.lane_kind("Wunschliste") == ("custom", None)
    vocab = Vocabulary.with_aliases({"sheet.personas": ["Zielkunden"], "kind.proto": ["Skizze"]})
    assert vocab.sheet_role("Zielkunden") == "personas"
    assert parse_kind("Skizze", vocabulary=vocab) == "proto"


def test_a_nested_table_of_aliases_is_read_as_prefixed_keys():
    # TOML reads `[aliases.lane]` and `lane.metrics = [...]` as nested tables.
    vocab = Vocabulary.with_aliases({"lane": {"metrics": ["Важность этапа"]}})
    assert vocab.lane_kind("Важность этапа") == ("metrics", None)
    assert vocab.user_aliases == [("lane.metrics", ("Важность этапа",))]


def test_user_aliases_win_over_built_in_words():
    vocab = Vocabulary.with_aliases({"metrics": ["Score"]})
    assert vocab.lane_kind("Score") == ("metrics", None)
    assert hdr.lane_kind("Score") == ("emotion", None)


def test_user_aliases_accumulate_when_chained():
    vocab = Vocabulary.with_aliases({"stages": ["Шаги пути"]}).with_aliases(
        {"journey": ["Маршрут"]}
    )
    assert vocab.sheet_role("Шаги пути") == "stages"
    assert vocab.sheet_role("Маршрут") == "journey"
    assert vocab.journey_field("Маршрут") == "journey"
    assert vocab.title_label("Маршрут") == "journey"
    assert [key for key, _ in vocab.user_aliases] == ["stages", "journey"]


def test_no_extra_aliases_give_the_same_vocabulary():
    assert Vocabulary.default().with_aliases({}) is Vocabulary.default()


def test_an_unknown_alias_key_names_itself_and_the_known_keys():
    with pytest.raises(ValueError) as info:
        Vocabulary.with_aliases({"painpoints": ["Ärgernisse"]})
    message = str(info.value)
    assert "'painpoints'" in message
    assert "pain_points" in message and "personas" in message
    with pytest.raises(ValueError, match="'lane.goals'"):
        Vocabulary.with_aliases({"lane.goals": ["Ziele"]})
    with pytest.raises(ValueError, match="no letters"):
        Vocabulary.with_aliases({"goals": ["!!!"]})
    with pytest.raises(ValueError, match="a word or a list of words"):
        Vocabulary.with_aliases({"goals": 3})


def test_alias_keys_lists_what_a_user_may_write():
    keys = Vocabulary.alias_keys()
    for key in ("pain_points", "goals", "stage", "personas", "instructions", "emotion_scale"):
        assert key in keys


# ---------------------------------------------------------------- the data itself


@pytest.mark.parametrize(
    "name",
    [
        "SHEET_ROLES",
        "PERSONA_FIELDS",
        "DEMOGRAPHIC_FIELDS",
        "JOURNEY_FIELDS",
        "LANE_KINDS",
        "TITLE_LABELS",
        "STAGE_SHEET_FIELDS",
        "REVIEW_FIELDS",
        "PERSONA_KINDS",
        "EMOTION_VARIANTS",
    ],
)
def test_every_key_has_words_in_all_ten_languages(name):
    table = getattr(aliases, name)
    for key, by_lang in table.items():
        missing = [lang for lang in aliases.LANGUAGES if not by_lang.get(lang)]
        assert not missing, f"{name}[{key!r}] has no words for {missing}"


def test_qualifiers_and_connecting_words_cover_all_ten_languages():
    for table in (aliases.QUALIFIERS, aliases.STOP_WORDS):
        assert set(table) == set(aliases.LANGUAGES)
        assert all(table[lang] for lang in aliases.LANGUAGES)


def test_no_word_means_two_things_in_one_table():
    tables = {
        "sheet": aliases.SHEET_ROLES,
        "persona": aliases.PERSONA_FIELDS,
        "demographic": aliases.DEMOGRAPHIC_FIELDS,
        "journey": aliases.JOURNEY_FIELDS,
        "lane": aliases.LANE_KINDS,
        "title": aliases.TITLE_LABELS,
        "stage_sheet": aliases.STAGE_SHEET_FIELDS,
        "review": aliases.REVIEW_FIELDS,
        "kind": aliases.PERSONA_KINDS,
    }
    clashes = []
    for name, table in tables.items():
        seen: dict[str, str] = {}
        for key, by_lang in table.items():
            for words in by_lang.values():
                for word in words:
                    norm = hdr.normalise(word)
                    if seen.setdefault(norm, key) != key:
                        clashes.append((name, word, seen[norm], key))
    # The one clash kept on purpose: "Reviewed?" has always been a last-reviewed column.
    assert clashes == [("review", "reviewed?", "last_reviewed", "done")]


#: Every alias the English-only tables had before this vocabulary, with its meaning.
OLD_ENGLISH = {
    hdr.sheet_role: {
        "personas": "personas|persona|profiles|profile|persona profiles|customers",
        "journey": "journeys|journey rows|journey map|journey data|rows|maps",
        "stages": "stage|phases|phase|stage list",
        "reviews": "review|governance|review log|reviews and triggers",
        "instructions": "instruction|readme|read me|help|about|how to|how to use|guide|lists"
        "|lookups|lookup|dropdowns|settings|cover|start here",
    },
    hdr.persona_field: {
        "id": "id|persona id|key|code",
        "name": "name|persona|persona name|full name",
        "kind": "kind|type|persona type|persona kind|basis",
        "role": "role|job|job title|title|archetype|occupation|segment role",
        "description": "description|summary|bio|about|background|story|overview",
        "goals": "goals|goal|needs|jobs to be done|jtbd|objectives",
        "pain_points": "pain points|pains|frustrations|pain|challenges|problems",
        "motivations": "motivations|motivation|drivers|motivators",
        "behaviours": "behaviours|behaviors|behaviour|behavior|habits",
        "channels": "channels|preferred channels|channel|favourite channels",
        "quote": "quote|quotes|in their words|signature quote",
        "says": "says|say",
        "thinks": "thinks|think",
        "does": "does|do",
        "feels": "feels|feel",
        "owner": "owner|persona owner|responsible|maintainer",
        "last_reviewed": "last reviewed|reviewed|review date|last review|reviewed on",
        "last_updated": "last updated|updated|last changed|changed|modified|updated on",
        "review_every_days": "review every|review every days|review cadence|cadence"
        "|review interval|review cycle|review every (days)",
    },
    hdr.journey_field: {
        "journey": "journey|journey name|map|map name|journey map|scenario",
        "persona": "persona|personas|persona name|who|actor|actors|customer",
        "stage": "stage|phase|step group|stages|phases|journey stage",
        "step": "step|steps|task|sub stage|substage",
        "map_owner": "map owner|journey owner",
        "last_reviewed": "last reviewed|map last reviewed|reviewed|review date",
        "last_updated": "last updated|map last updated|updated",
        "review_every_days": "review every|review every days|review cadence|cadence",
    },
    hdr.lane_kind: {
        "actions": "actions|action|doing|customer actions|what they do|activities|activity"
        "|user actions|does",
        "touchpoints": "touchpoints|touchpoint|touch points|touch point",
        "channels": "channels|channel",
        "thoughts": "thoughts|thinking|thought|thinks|what they think|questions",
        "feelings": "feelings|feeling|feels|what they feel",
        "emotion": "emotion|emotions|feeling score|experience score|mood|emotion score"
        "|emotional state|sentiment|score|emotion curve|satisfaction",
        "pain_points": "pain points|pains|frustrations|pain|pain point|problems|issues|barriers",
        "opportunities": "opportunities|opportunity|ideas|idea|improvements|how might we|solutions",
        "backstage": "backstage|back stage|backstage processes|processes|process"
        "|behind the scenes|systems|support processes|back office",
        "metrics": "metrics|metric|kpis|kpi|measures|measurements",
        "owners": "owners|owner|teams|team|teams involved|responsible|who owns it",
    },
}


def test_every_english_alias_that_worked_before_still_works():
    wrong = []
    for function, table in OLD_ENGLISH.items():
        for meaning, words in table.items():
            for word in words.replace(" ", "\x00").replace("|", " ").split():
                word = word.replace("\x00", " ")
                got = function(word)
                got = got[0] if isinstance(got, tuple) else got
                if got != meaning:
                    wrong.append((function.__name__, word, meaning, got))
    assert wrong == []
    for word in ("demographics", "age range", "household income", "marital status", "salary"):
        assert hdr.is_demographic(word), word


def test_the_old_constant_tables_are_still_there():
    assert "painpoint" in hdr.LANE_ALIASES["pain_points"]
    assert "name" in hdr.PERSONA_FIELDS["name"]
    assert "stage" in hdr.JOURNEY_FIELDS["stage"]
    assert "persona" in hdr.SHEET_ALIASES["personas"]
    assert "age" in hdr.DEMOGRAPHIC_FIELDS


def test_answers_are_remembered_per_vocabulary():
    vocab = Vocabulary.with_aliases({"metrics": ["Punkte"]})
    first = vocab.match_lane_kind("Punkte")
    assert vocab.match_lane_kind("Punkte") is first
    assert hdr.match_lane_kind("Punkte") is None
