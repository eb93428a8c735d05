"""The workbook importer: rows and grid sheets into the model, with located problems."""

from __future__ import annotations

from datetime import date

import pytest

from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.importers.workbook import read_workbook
from tests.workbooks import journey_rows, make_xlsx, persona_rows, simple_workbook


def read(path, report=None):
    return read_workbook(path, report=report if report is not None else Report(file=path.name))


def codes(exc: InvalidWorkbook) -> list[tuple[str, str | None, str | None]]:
    return [(p.code, p.sheet, p.cell) for p in exc.report.errors]


# ---------------------------------------------------------------- personas


def test_personas_sheet_fields_lists_kinds_and_sources(tmp_path):
    path = make_xlsx(
        tmp_path / "p.xlsx",
        {
            "Profiles": [
                ["Retail workshop"],
                [],
                [
                    "Persona name",
                    "Type",
                    "Job title",
                    "Needs",
                    "Frustrations",
                    "Habits",
                    "Channels",
                    "Quote",
                    "Age",
                    "Income",
                    "Favourite app",
                    "Last reviewed",
                    "Review cadence",
                ],
                [
                    "Ana Reyes",
                    "Proto-persona",
                    "Student",
                    "• Open fast\n• Low fees",
                    "Jargon; Waiting",
                    "- Uses TikTok\n- Screenshots",
                    "App, Chat",
                    "On my phone.",
                    22,
                    "low",
                    "TikTok",
                    "2026-09-01",
                    "quarterly",
                ],
                [
                    "Ben Okafor",
                    "validated",
                    "Engineer",
                    "Switch safely",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    30,
                ],
                [
                    "Chris",
                    "Segment",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    40,
                    "high",
                    None,
                    None,
                    None,
                ],
            ]
        },
    )
    ws = read(path)
    ana, ben, chris = ws.personas
    assert ws.title == "Retail workshop"
    assert (ana.id, ana.kind, ana.role) == ("ana-reyes", "proto", "Student")
    assert ana.goals == ["Open fast", "Low fees"]
    assert ana.pain_points == ["Jargon", "Waiting"]
    assert ana.behaviours == ["Uses TikTok", "Screenshots"]
    assert ana.channels == ["App", "Chat"]
    assert ana.demographics == {"Age": "22", "Income": "low"}
    assert ana.extra == {"Favourite app": "TikTok"}
    assert ana.last_reviewed == date(2026, 9, 1)
    assert ana.review_every_days == 90
    assert str(ana.sources["name"]) == "Profiles!A4"
    assert str(ana.sources["extra.Favourite app"]) == "Profiles!K4"
    assert ben.kind == "research" and ben.review_every_days == 30
    assert chris.kind == "segment"


def test_id_column_wins_over_name_slug(tmp_path):
    path = make_xlsx(tmp_path / "p.xlsx", {"Personas": [["ID", "Name"], ["P-01", "Ana"]]})
    assert read(path).personas[0].id == "p-01"


def test_duplicate_persona_names_differing_in_case_and_spaces(tmp_path):
    path = make_xlsx(tmp_path / "p.xlsx", {"Personas": [["Name"], ["Ana Reyes"], ["ana  reyes"]]})
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    assert codes(info.value) == [("MB012", "Personas", "A3")]
    assert "Personas!A2" in info.value.report.errors[0].message


def test_unknown_kind_is_a_warning_that_keeps_the_text_and_missing_name_an_error(tmp_path):
    path = make_xlsx(
        tmp_path / "p.xlsx",
        {"Personas": [["Name", "Kind", "Role"], ["Ana", "maybe", "x"], [None, None, "orphan"]]},
    )
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    assert codes(info.value) == [("MB015", "Personas", "A3")]
    (warning,) = [p for p in info.value.report.problems if p.code == "MB016"]
    assert (warning.severity, warning.sheet, warning.cell) == ("warning", "Personas", "B2")


def test_unknown_kind_leaves_the_kind_unspecified_and_keeps_the_text(tmp_path):
    path = make_xlsx(
        tmp_path / "p.xlsx", {"Personas": [["Name", "Kind", "Role"], ["Ana", "maybe", "x"]]}
    )
    report = Report(file=path.name)
    ws = read(path, report)
    assert ws.personas[0].kind == "unspecified"
    assert ws.personas[0].extra == {"Kind": "maybe"}
    assert [p.code for p in report.problems] == ["MB016"]


def test_without_a_kind_column_personas_are_unspecified_not_research(tmp_path):
    path = make_xlsx(tmp_path / "p.xlsx", {"Personas": [["Name", "Status"], ["Ana", "Active"]]})
    ws = read(path)
    assert ws.personas[0].kind == "unspecified"
    assert ws.personas[0].extra == {"Status": "Active"}


def test_ambiguous_date_is_a_located_warning_not_a_silent_guess(tmp_path):
    path = make_xlsx(
        tmp_path / "p.xlsx", {"Personas": [["Name", "Last reviewed"], ["Ana", "03/04/2026"]]}
    )
    report = Report(file="p.xlsx")
    ws = read(path, report)
    assert ws.personas[0].last_reviewed == date(2026, 4, 3)
    (warning,) = report.warnings
    assert (warning.code, warning.sheet, warning.cell) == ("MB020", "Personas", "B2")
    assert "ambiguous" in warning.message


# ---------------------------------------------------------------- journey rows


def test_rows_build_one_map_per_persona_with_lanes_in_column_order(tmp_path):
    path = simple_workbook(
        tmp_path / "j.xlsx",
        ["Ana", "Discover", "Sees an ad", 1, None],
        ["Ana", "Apply", "Fills the form", -2, "Timeouts"],
        ["Ben", "Discover", "Hears from a friend", 0, None],
    )
    ws = read(path)
    ana, ben = ws.journeys
    assert ana.persona_id == "ana" and ben.persona_id == "ben"
    assert [s.name for s in ana.stages] == ["Discover", "Apply"]
    assert [s.name for s in ben.stages] == ["Discover"]
    assert [(lane.name, lane.kind) for lane in ana.lanes] == [
        ("Actions", "actions"),
        ("Emotion", "emotion"),
        ("Pain points", "pain_points"),
    ]
    pain = ana.entries_at("apply", "pain-points")
    assert pain[0].text == "Timeouts" and str(pain[0].source) == "Journey!E3"
    assert ana.emotion_scale == "-2..2"
    assert [round(score, 2) for _s, _st, score in ana.emotion_points()] == [0.5, -1.0]


def test_header_under_a_title_block_aliases_and_custom_lanes(tmp_path):
    path = make_xlsx(
        tmp_path / "j.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey map": [
                ["Journey: Open an account"],
                ["Emotion scale: 1..5"],
                [],
                [],
                [],
                [],
                ["Who", "Phase", "Step", "Doing", "Mood", "Pains", "Evidence", "KPIs"],
                ["Ana", "Discover", "See ad", "Scrolls", 4, "Noise", "Interview 3", "CTR"],
            ],
        },
    )
    ws = read(path)
    (journey,) = ws.journeys
    assert journey.name == "Open an account"
    assert journey.stages[0].steps[0].name == "See ad"
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("Doing", "actions"),
        ("Mood", "emotion"),
        ("Pains", "pain_points"),
        ("Evidence", "custom"),
        ("KPIs", "metrics"),
    ]
    assert journey.emotion_scale == "1..5"
    assert journey.entries_at("discover", "mood")[0].emotion.score == 0.5
    assert str(journey.entries_at("discover", "evidence")[0].source) == "Journey map!G8"


def test_all_rows_are_shared_by_every_persona_of_the_journey(tmp_path):
    path = simple_workbook(
        tmp_path / "j.xlsx",
        ["All", "Verify", "Uploads ID", None, None],
        ["Ana", "Discover", "Sees an ad", None, None],
        ["Ben", "Discover", "Hears", None, None],
    )
    ana, ben = read(path).journeys
    for journey in (ana, ben):
        (shared,) = journey.entries_at("verify", "actions")
        assert shared.shared and shared.text == "Uploads ID"


def test_persona_cell_naming_two_personas(tmp_path):
    path = simple_workbook(tmp_path / "j.xlsx", ["Ana; Ben", "Discover", "Both see it", None, None])
    assert [j.persona_id for j in read(path).journeys] == ["ana", "ben"]


def test_unknown_persona_is_a_located_error_listing_known_names(tmp_path):
    path = simple_workbook(tmp_path / "j.xlsx", ["Anna", "Discover", "x", None, None])
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    (error,) = info.value.report.errors
    assert (error.code, error.sheet, error.cell) == ("MB011", "Journey", "A2")
    assert "'Anna'" in error.message and "Ana, Ben" in error.message


def test_stage_left_empty_is_a_required_cell_error(tmp_path):
    path = simple_workbook(tmp_path / "j.xlsx", ["Ana", None, "Does things", None, None])
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    assert codes(info.value) == [("MB015", "Journey", "B2")]


def test_unknown_emotion_word_is_a_located_warning_and_a_gap(tmp_path):
    path = simple_workbook(
        tmp_path / "journey.xlsx",
        *[["Ana", "S1", None, None, None]] * 5,
        ["Ana", "S2", None, "very happyy", None],
    )
    report = Report(file="journey.xlsx")
    ws = read(path, report)
    (warning,) = [p for p in report.problems if p.code == "MB013"]
    assert warning.format().startswith(
        "journey.xlsx: Journey!D7: warning MB013 unknown-emotion: emotion 'very happyy' is not a known score"
    )
    assert "-2..2, 1..5" in warning.hint and "frustrated" in warning.hint
    (entry,) = [e for e in ws.journeys[0].entries if e.text == "very happyy"]
    assert entry.emotion is None


def test_unknown_emotion_word_is_an_error_when_strict(tmp_path):
    from mapbridge.importers.options import ReadOptions

    path = simple_workbook(tmp_path / "journey.xlsx", ["Ana", "S2", None, "very happyy", None])
    with pytest.raises(InvalidWorkbook) as info:
        read_workbook(path, options=ReadOptions(strict_emotions=True))
    (error,) = info.value.report.errors
    assert (error.code, error.cell) == ("MB013", "D2")


@pytest.mark.parametrize(
    ("values", "scale", "scores"),
    [
        ([-2, 0, 2], "-2..2", [-1.0, 0.0, 1.0]),
        ([1, 3, 5], "1..5", [-1.0, 0.0, 1.0]),
        ([-5, 0, 5], "-5..5", [-1.0, 0.0, 1.0]),
        ([0, 5, 10], "0..10", [-1.0, 0.0, 1.0]),
        (["delighted", "neutral", "angry"], "word", [1.0, 0.0, -1.0]),
        (["😀", "😐", "😠"], "face", [1.0, 0.0, -1.0]),
        (["4", "+2", "3 - ok"], "1..5", [0.5, -0.5, 0.0]),
    ],
)
def test_emotion_scales_are_detected_per_journey(tmp_path, values, scale, scores):
    rows = [["Ana", f"S{i}", None, value, None] for i, value in enumerate(values)]
    (journey,) = read(simple_workbook(tmp_path / "e.xlsx", *rows)).journeys
    entries = [e for e in journey.entries if e.emotion]
    assert [e.emotion.score for e in entries] == scores
    assert {e.emotion.scale for e in entries} == {scale}
    assert [e.emotion.raw for e in entries] == [str(v) for v in values]


def test_declared_scale_wins_and_out_of_range_is_an_error(tmp_path):
    path = make_xlsx(
        tmp_path / "e.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Stages": [["Stage", "Emotion scale"], ["S1", "1-5"], ["S2", None]],
            "Journey": journey_rows(["Ana", "S1", None, 2, None], ["Ana", "S2", None, 7, None]),
        },
    )
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    (error,) = info.value.report.errors
    assert (error.code, error.cell) == ("MB014", "D3")
    assert "declared 1..5 scale (at Stages!B2)" in error.message


def test_as_is_and_to_be_emotion_lanes(tmp_path):
    path = make_xlsx(
        tmp_path / "e2.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": [
                ["Persona", "Stage", "Emotion (as-is)", "Emotion (to-be)"],
                ["Ana", "S1", -1, 2],
            ],
        },
    )
    (journey,) = read(path).journeys
    assert [(lane.kind, lane.variant) for lane in journey.lanes] == [
        ("emotion", "as-is"),
        ("emotion", "to-be"),
    ]
    assert journey.emotion_points("emotion-to-be") == [("s1", None, 1.0)]


def test_stages_sheet_orders_stages_and_adds_descriptions(tmp_path):
    path = make_xlsx(
        tmp_path / "s.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Stages": [
                ["Order", "Stage", "Description"],
                [2, "Apply", "Fill the form"],
                [1, "Discover", "Notice"],
            ],
            "Journey": journey_rows(
                ["Ana", "Apply", "x", None, None], ["Ana", "Discover", "y", None, None]
            ),
        },
    )
    (journey,) = read(path).journeys
    assert [(s.name, s.description) for s in journey.stages] == [
        ("Discover", "Notice"),
        ("Apply", "Fill the form"),
    ]


ONE_COLUMN_STAGE_LISTS = {
    "a title line, then Stage": ("Stages", [["Emotion scale: -2..2"], ["Stage"]]),
    "a Stages header": ("Stages", [["Emotion scale: -2..2"], ["Stages"]]),
    "a Phase header on a sheet named for nothing": (
        "Extra",
        [["Emotion scale: -2..2"], ["Phase"]],
    ),
    "German": ("Phasen", [["Emotionsskala: -2..2"], ["Phase"]]),
    "French": ("Étapes", [["Échelle d'émotion : -2..2"], ["Étape"]]),
    "four title lines": (
        "Stages",
        [
            ["Workshop: Q3 onboarding"],
            ["Journey: Journey"],
            ["Owner: Priya"],
            ["Emotion scale: -2..2"],
            ["Stage"],
        ],
    ),
    "the title a blank row above": ("Stages", [["Emotion scale: -2..2"], [], ["Stage"]]),
}


@pytest.mark.parametrize("sheet, head", ONE_COLUMN_STAGE_LISTS.values(), ids=ONE_COLUMN_STAGE_LISTS)
def test_a_one_column_stage_list_under_title_lines_orders_stages_and_declares_the_scale(
    tmp_path, sheet, head
):
    path = make_xlsx(
        tmp_path / "s.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": journey_rows(
                ["Ana", "Apply", "x", 1, None], ["Ana", "Discover", "y", None, None]
            ),
            sheet: [*head, ["Discover"], ["Apply"]],
        },
    )
    report = Report(file="s.xlsx")
    ws = read(path, report)
    (journey,) = ws.journeys
    assert [s.name for s in journey.stages] == ["Discover", "Apply"]
    assert journey.emotion_scale == "-2..2"
    (emotion,) = [e.emotion for e in journey.entries if e.emotion]
    assert (emotion.raw, emotion.scale, emotion.score) == ("1", "-2..2", 0.5)
    assert report.problems == []
    assert ws.reading.coverage.unread == []
    assert [t.role for t in ws.reading.tables if t.sheet == sheet] == ["stages"]


def test_a_one_column_stage_list_without_title_lines_orders_stages(tmp_path):
    path = make_xlsx(
        tmp_path / "s.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": journey_rows(
                ["Ana", "Apply", "x", 4, None], ["Ana", "Discover", "y", 2, None]
            ),
            "Stages": [["Stage"], ["Discover"], ["Apply"]],
        },
    )
    report = Report(file="s.xlsx")
    (journey,) = read(path, report).journeys
    assert [s.name for s in journey.stages] == ["Discover", "Apply"]
    assert journey.emotion_scale == "1..5"
    assert report.problems == []


@pytest.mark.parametrize(
    "sheet, lines",
    [
        ("Stages", [["Emotion scale: -2..2"], ["Bring sticky notes"], ["Ask Priya about it"]]),
        # `Name` heads a stage list only on a sheet whose name says stages.
        ("Parking lot", [["Owner: Ops"], ["Name"], ["Dana"]]),
    ],
)
def test_label_lines_over_free_text_are_still_not_a_stage_list(tmp_path, sheet, lines):
    path = make_xlsx(
        tmp_path / "s.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": journey_rows(["Ana", "Apply", "x", 1, None]),
            sheet: lines,
        },
    )
    report = Report(file="s.xlsx")
    (journey,) = read(path, report).journeys
    assert journey.emotion_scale == "1..5"
    assert [(p.code, p.sheet) for p in report.warnings] == [("MB022", sheet)]
    assert "holds only lines of text" in report.warnings[0].message


def test_personas_keep_diverging_stage_sets(tmp_path):
    path = simple_workbook(
        tmp_path / "d.xlsx",
        ["Ana", "A", "x", None, None],
        ["Ana", "B", "x", None, None],
        ["Ben", "A", "x", None, None],
        ["Ben", "C", "x", None, None],
    )
    ana, ben = read(path).journeys
    assert ana.stage_ids() == ["a", "b"] and ben.stage_ids() == ["a", "c"]


def test_reviews_sheet_gives_owners_links_and_triggers(tmp_path):
    path = make_xlsx(
        tmp_path / "r.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": journey_rows(["Ana", "Discover", "x", None, None]),
            "Reviews": [
                ["Persona", "Journey", "Owner", "Last reviewed", "Trigger", "Trigger type", "Date"],
                ["Ana", None, "Priya", "2026-09-01", None, None, None],
                [None, "Journey", "Tom", "2026-08-01", None, None, None],
                ["Ana", "Journey", "Kim", "2026-07-01", None, None, None],
                [None, None, None, None, "App 3.0", "Product launch", "2026-10-15"],
            ],
        },
    )
    ws = read(path)
    assert (ws.personas[0].owner, ws.personas[0].last_reviewed) == ("Priya", date(2026, 9, 1))
    assert (ws.journeys[0].owner, ws.journeys[0].last_reviewed) == ("Tom", date(2026, 8, 1))
    (link,) = ws.connections
    assert (link.persona_id, link.journey_id, link.owner) == ("ana", "journey--ana", "Kim")
    (trigger,) = ws.triggers
    assert (trigger.kind, trigger.when, str(trigger.source)) == (
        "product launch",
        date(2026, 10, 15),
        "Reviews!A5",
    )


def test_workbook_with_nothing_to_read(tmp_path):
    path = make_xlsx(tmp_path / "n.xlsx", {"Instructions": [["Fill me in"]]})
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    assert codes(info.value) == [("MB010", None, None)]


def test_unrecognised_sheet_is_reported_not_silently_dropped(tmp_path):
    path = make_xlsx(
        tmp_path / "u.xlsx",
        {"Personas": persona_rows("Ana"), "Parking lot": [["Ideas we had"], ["Loyalty scheme"]]},
    )
    report = Report(file="u.xlsx")
    read(path, report)
    assert [(p.code, p.sheet) for p in report.warnings] == [("MB022", "Parking lot")]


# ---------------------------------------------------------------- grids


def grid_sheet(persona_label: str | None = "Persona: Ana") -> list[list]:
    return [
        ["Open an account — journey map"],
        [persona_label] if persona_label else [],
        ["Emotion scale", "1..5"],
        [],
        ["Stage", "Discover", None, "Apply"],
        ["Steps", "See ad", "Search", "Fill form"],
        ["Doing", "Scrolls", "Googles", "Types"],
        ["Feeling score", 4, 3, 1],
        ["Pains", None, "Too many results", "Timeouts"],
        ["Wild ideas", "TikTok explainer", None, None],
    ]


def test_grid_with_title_block_merged_stage_headers_and_steps(tmp_path):
    path = make_xlsx(
        tmp_path / "g.xlsx",
        {"Personas": persona_rows("Ana"), "Ana map": grid_sheet()},
        merges={"Ana map": ["B5:C5"]},
    )
    (journey,) = read(path).journeys
    assert journey.name == "Open an account"
    assert journey.persona_id == "ana"
    assert [(s.name, [st.name for st in s.steps]) for s in journey.stages] == [
        ("Discover", ["See ad", "Search"]),
        ("Apply", ["Fill form"]),
    ]
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("Doing", "actions"),
        ("Feeling score", "emotion"),
        ("Pains", "pain_points"),
        ("Wild ideas", "custom"),
    ]
    (search,) = journey.entries_at("discover", "doing", "Search")
    assert str(search.source) == "Ana map!C7"
    assert [round(p[2], 2) for p in journey.emotion_points()] == [0.5, 0.0, -1.0]
    assert journey.sources["map"].cell == "A1"


def test_grid_persona_from_sheet_name_and_shared_grid(tmp_path):
    path = make_xlsx(
        tmp_path / "g.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Ana": grid_sheet(None),
            "Overview map": grid_sheet(None),
        },
        merges={"Ana": ["B5:C5"], "Overview map": ["B5:C5"]},
    )
    ws = read(path)
    assert [j.persona_id for j in ws.journeys] == ["ana", None]


def test_grid_naming_an_unknown_persona(tmp_path):
    path = make_xlsx(
        tmp_path / "g.xlsx",
        {"Personas": persona_rows("Ana"), "Map": grid_sheet("Persona: Zed")},
        merges={"Map": ["B5:C5"]},
    )
    with pytest.raises(InvalidWorkbook) as info:
        read(path)
    assert codes(info.value) == [("MB011", "Map", "A2")]


def test_samples_read_without_errors():
    for name in ("bank-account-rows.xlsx", "home-insurance-grid.xlsx"):
        report = Report(file=name)
        ws = read_workbook(f"samples/{name}", report=report)
        assert not report.errors
        assert ws.personas and ws.journeys


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("December 2025", date(2025, 12, 1)),
        ("Dec 2025", date(2025, 12, 1)),
        ("2025-12", date(2025, 12, 1)),
    ],
)
def test_a_month_and_year_is_the_first_of_that_month(typed, expected):
    from mapbridge.importers.values import parse_date

    result = parse_date(typed)
    assert (result.value, result.warning) == (expected, None)


def test_a_review_column_no_field_takes_is_reported_not_dropped(tmp_path):
    path = make_xlsx(
        tmp_path / "r.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": journey_rows(["Ana", "Discover", "x", None, None]),
            "Reviews": [
                ["Persona", "Owner", "Last reviewed", "Notes"],
                ["Ana", "Priya", "2026-09-01", "Ask legal first"],
            ],
        },
    )
    report = Report(file=path.name)
    ws = read(path, report)
    (warning,) = [p for p in report.problems if p.code == "MB035"]
    assert (warning.sheet, warning.cell) == ("Reviews", "D1")
    assert warning.message == (
        "2 filled cells in D1:D2 not read: 'Notes' is not a column of a review table"
    )
    (unread,) = ws.reading.coverage.unread
    assert (unread.sheet, unread.range, unread.cells) == ("Reviews", "D1:D2", 2)
    assert ws.personas[0].owner == "Priya"


def test_two_journey_tables_for_one_map_both_bring_their_lanes(tmp_path):
    path = make_xlsx(
        tmp_path / "two.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Part 1": [
                ["Journey", "Persona", "Stage", "Actions"],
                ["Open", "Ana", "Discover", "Sees an ad"],
            ],
            "Part 2": [
                ["Journey", "Persona", "Stage", "Pain points"],
                ["Open", "Ana", "Apply", "Long form"],
            ],
        },
    )
    (journey,) = read(path).journeys
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("Actions", "actions"),
        ("Pain points", "pain_points"),
    ]


def designed_template(path):
    """A template drawn for looks: a title, `PERSONA | name` and `SCENARIO / GOAL | text`, lane
    labels, a blank gutter column, stages across, a blank row between lanes."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Journey Map"
    ws["B2"] = "CUSTOMER JOURNEY MAP"
    ws["B4"], ws["C4"] = "PERSONA", "Dana Whitfield"
    ws["B5"], ws["C5"] = "SCENARIO / GOAL", "Switch plans and keep her number"
    ws["B7"] = "STAGE"
    for i, stage in enumerate(["AWARENESS", "CONSIDERATION", "PURCHASE"]):
        ws.cell(row=7, column=4 + i, value=stage)
    lanes = [
        ("CUSTOMER ACTIONS", ["Sees a post", "Compares plans", "Orders a SIM"]),
        ("CUSTOMER EXPERIENCE", ["🙂", "😐", "😀"]),
        ("PAIN POINTS", [None, "Too many plans", "Porting form"]),
        ("KPIs / METRICS", ["Reach", "Conversion", "Port success"]),
    ]
    for n, (label, values) in enumerate(lanes):
        ws.cell(row=8 + 2 * n, column=2, value=label)
        for i, value in enumerate(values):
            ws.cell(row=8 + 2 * n, column=4 + i, value=value)
    personas = wb.create_sheet("Persona")
    personas["B2"], personas["B3"] = "PERSONA NAME", "Dana Whitfield"
    personas["B5"], personas["B6"] = "BIO", "Busy parent who manages the family's phones."
    wb.save(path)
    return path


def test_a_grid_with_a_gutter_column_and_blank_rows_between_lanes_is_one_map(tmp_path):
    report = Report(file="t.xlsx")
    ws = read(designed_template(tmp_path / "t.xlsx"), report)
    (journey,) = ws.journeys
    assert ws.persona(journey.persona_id).name == "Dana Whitfield"
    assert [s.name for s in journey.stages] == ["AWARENESS", "CONSIDERATION", "PURCHASE"]
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("CUSTOMER ACTIONS", "actions"),
        ("CUSTOMER EXPERIENCE", "emotion"),
        ("PAIN POINTS", "pain_points"),
        ("KPIs / METRICS", "metrics"),
    ]
    pains = [e for e in journey.entries if e.lane_id == "pain-points"]
    assert [(e.text, e.source.cell) for e in pains] == [
        ("Too many plans", "E12"),
        ("Porting form", "F12"),
    ]


def test_a_persona_label_box_below_a_name_is_not_taken_for_another_persona(tmp_path):
    report = Report(file="t.xlsx")
    ws = read(designed_template(tmp_path / "t.xlsx"), report)
    assert [p.name for p in ws.personas] == ["Dana Whitfield"]
    assert [(u.sheet, u.range) for u in ws.reading.coverage.unread] == [("Persona", "B5:B6")]


def test_a_grid_title_naming_a_known_persona_then_the_journey(tmp_path):
    """ "Ana Lima – Onboarding" over a grid: Ana's map of Onboarding; a title whose first part
    is no persona ("Onboarding – mobile") stays the journey's name."""
    from mapbridge.api import read_input
    from tests.workbooks import make_xlsx, persona_rows

    grid = [["", "Sign up", "Use"], ["Actions", "Signs up", "Uses it"]]
    path = make_xlsx(
        tmp_path / "titles.xlsx",
        {
            "Personas": persona_rows("Ana Lima", "Ben"),
            "Map one": [["Ana Lima – Onboarding"], [], *grid],
            "Map two": [["Onboarding – mobile"], [], *grid],
        },
    )
    maps = [(j.name, j.persona_id) for j in read_input(path).journeys]
    assert maps == [("Onboarding", "ana-lima"), ("Onboarding – mobile", None)]
