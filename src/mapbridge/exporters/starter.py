"""The starter workshop workbook that `mapbridge init` writes: the expected sheets, headers and dropdowns."""

from __future__ import annotations

import os
from datetime import date

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mapbridge._openpyxl import Workbook
from mapbridge.atomic import atomic_path
from mapbridge.emotion import NUMERIC_SCALES, numeric_scales_text

HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF4CC")
EXAMPLE_FONT = Font(italic=True, color="7A6300")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
EXAMPLE_NOTE = "Example row: replace it with your own, or delete it."

PERSONA_HEADERS = [
    ("Name", 20, "The persona's name, e.g. Ana Reyes. Required."),
    (
        "Kind",
        16,
        "Research (from customer research), Proto-persona (a hypothesis) or Segment. "
        "Left blank, the persona is shown as 'kind not stated'.",
    ),
    ("Role", 24, "One line: who they are, e.g. First-time account holder."),
    ("Goals", 32, "One goal per line (Alt+Enter) or separated by semicolons."),
    ("Pain points", 32, "One per line."),
    ("Motivations", 24, "One per line."),
    ("Behaviours", 28, "One per line."),
    ("Channels", 20, "Comma separated, e.g. App, Email, Branch."),
    ("Quote", 32, "A representative quote in their words."),
    ("Says", 18, "Empathy map: what they say."),
    ("Thinks", 18, "Empathy map: what they think."),
    ("Does", 18, "Empathy map: what they do."),
    ("Feels", 18, "Empathy map: what they feel."),
    ("Owner", 16, "Who keeps this persona up to date."),
    ("Last reviewed", 14, "Date of the last review, e.g. 2026-09-01."),
    ("Review every", 13, "Review cadence in days, e.g. 90."),
]

JOURNEY_HEADERS = [
    ("Journey", 22, "The journey's name; rows with the same name form one journey."),
    (
        "Persona",
        18,
        'A name from the Personas sheet, or "All" for a row that applies to every persona.',
    ),
    ("Stage", 16, "The stage (column of the map), e.g. Discover."),
    ("Step", 16, "Optional: a step inside the stage."),
    ("Actions", 30, "What the persona does."),
    ("Touchpoints", 18, "Where it happens: App, Email, Branch... (one per line)."),
    ("Thoughts", 28, "What they think or ask themselves."),
    (
        "Emotion",
        12,
        "A score from -2 (very negative) to 2 (very positive), or a word like frustrated.",
    ),
    ("Pain points", 28, "What goes wrong for them."),
    ("Opportunities", 28, "Ideas to make it better."),
    ("Backstage", 28, "What the organisation does behind the scenes."),
    ("Map owner", 16, "Who keeps this map up to date."),
    ("Last reviewed", 14, "Date of the map's last review."),
]

STAGE_HEADERS = [
    ("Order", 8, "Stages are shown in this order."),
    ("Stage", 18, "Stage name, as used on the Journey rows sheet."),
    ("Description", 44, "What happens in this stage."),
    (
        "Emotion scale",
        14,
        f"Optional: the scale of the Emotion column ({numeric_scales_text()}).",
    ),
]

REVIEW_HEADERS = [
    ("Persona", 18, "For a persona review, or with Journey for a persona-map link."),
    ("Journey", 22, "For a map review."),
    ("Owner", 16, "Who owns the persona, the map, or the link between them."),
    ("Last reviewed", 14, "Date of the last review."),
    ("Review every", 13, "Cadence in days."),
    ("Trigger", 32, "An event that should cause a review, e.g. new app launch."),
    (
        "Trigger type",
        22,
        "Product launch, market shift, quarterly research cycle, new research, other.",
    ),
    ("Date", 12, "When the trigger happens or happened."),
]

_FIRST_SCALE, *_OTHER_SCALES = NUMERIC_SCALES

INSTRUCTIONS = [
    "How to fill in this workbook",
    "",
    "1. Personas: one row per persona. Mark assumption-based personas as Proto-persona: they are shown as hypotheses.",
    "2. Stages: list the journey's stages in order (optional, but it fixes the order of the map's columns).",
    "3. Journey rows: one row per persona and stage. Every column after Step is a lane of the map;",
    "   add your own columns (e.g. Evidence, Systems) and they become lanes too. Nothing you type is dropped.",
    '   Write "All" in the Persona column for a row that applies to every persona.',
    f"4. Emotion: {_FIRST_SCALE} (or {', '.join(_OTHER_SCALES)}: declare it on the Stages sheet), "
    "a word (delighted, ok,",
    "   frustrated, angry...) or a face (😀 🙂 😐 🙁 😠).",
    "5. Reviews: owners and review dates for personas, maps and persona-map links, and review triggers.",
    "",
    "Yellow rows are examples: replace or delete them.",
    "Then run:  mapbridge build this-file.xlsx -o out/",
]


def write_starter_workbook(path: str | os.PathLike[str]) -> None:
    """Write the starter workbook to `path` (atomically)."""
    wb = Workbook()
    info = wb.active
    info.title = "Instructions"
    for i, line in enumerate(INSTRUCTIONS, start=1):
        info.cell(row=i, column=1, value=line)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 110

    personas = wb.create_sheet("Personas")
    _headers(personas, PERSONA_HEADERS)
    _example(
        personas,
        [
            "Example: Sam Sample",
            "Proto-persona",
            "Example role: first-time customer",
            "Get set up in one sitting",
            "Too many forms",
            "Independence",
            "Compares options on the phone",
            "App, Email",
            "I just want it to work.",
            "Is this safe?",
            "Will this take long?",
            "Reads reviews",
            "Hopeful",
            "Your name",
            date.today(),
            90,
        ],
    )
    kinds = DataValidation(
        type="list",
        formula1='"Research,Proto-persona,Segment"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Persona kind",
        error="Choose Research, Proto-persona or Segment.",
    )
    personas.add_data_validation(kinds)
    kinds.add("B2:B200")

    stages = wb.create_sheet("Stages")
    _headers(stages, STAGE_HEADERS)
    for i, (name, description) in enumerate(
        [
            ("Discover", "Example: notices the need and the options"),
            ("Decide", "Example: compares and chooses"),
            ("Use", "Example: first use of the product or service"),
        ],
        start=1,
    ):
        _example(stages, [i, name, description, "-2..2" if i == 1 else None], row=i + 1)

    journey = wb.create_sheet("Journey rows")
    _headers(journey, JOURNEY_HEADERS)
    examples = [
        (
            "Discover",
            "Sees an ad and searches reviews",
            "Social media\nWebsite",
            "Is it worth it?",
            1,
            "",
            "Clear comparison page",
        ),
        (
            "Decide",
            "Compares two offers",
            "Website",
            "Which one is cheaper?",
            -1,
            "Hidden fees",
            "Plain-language price summary",
        ),
        ("Use", "Signs in for the first time", "App", "That was easy", 2, "", ""),
    ]
    for i, (stage, actions, touchpoints, thoughts, score, pains, ideas) in enumerate(
        examples, start=2
    ):
        _example(
            journey,
            [
                "Example journey",
                "Example: Sam Sample",
                stage,
                None,
                actions,
                touchpoints,
                thoughts,
                score,
                pains or None,
                ideas or None,
                None,
                "Your name",
                date.today(),
            ],
            row=i,
        )
    emotions = DataValidation(
        type="list",
        formula1='"-2,-1,0,1,2,delighted,happy,satisfied,neutral,confused,anxious,frustrated,angry"',
        allow_blank=True,
        showErrorMessage=False,  # a dropdown of suggestions; other known words and faces are fine
    )
    journey.add_data_validation(emotions)
    emotions.add("H2:H500")

    reviews = wb.create_sheet("Reviews")
    _headers(reviews, REVIEW_HEADERS)
    _example(
        reviews,
        ["Example: Sam Sample", "Example journey", "Your name", date.today(), 90, None, None, None],
        row=2,
    )
    trigger_types = DataValidation(
        type="list",
        formula1='"Product launch,Market shift,Quarterly research cycle,New research,Other"',
        allow_blank=True,
    )
    reviews.add_data_validation(trigger_types)
    trigger_types.add("G2:G200")

    with atomic_path(path) as tmp:
        wb.save(tmp)


def _headers(sheet, headers: list[tuple[str, int, str]]) -> None:
    for col, (name, width, help_text) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        cell.comment = Comment(help_text, "mapbridge")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def _example(sheet, values: list[object], row: int = 2) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.fill = EXAMPLE_FILL
        cell.font = EXAMPLE_FONT
        cell.alignment = WRAP
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    sheet.cell(row=row, column=1).comment = Comment(EXAMPLE_NOTE, "mapbridge")
