"""Realistic persona and journey-map workbooks, built in code, each with the reading it must give.

The layouts follow how published journey-map and persona templates (English, German, French,
Spanish, Japanese, Chinese and Russian guides and template galleries) arrange a sheet; the text in
every cell is written for this corpus. The families:

Rows tables ("tabular" journey maps). One row per stage, one column per facet: Stage (or Journey
stage / Phase), then goals, actions, touchpoints, thoughts, an emotion column (a word, a face, or
both with an intensity), pain points, opportunities, sometimes metrics. Sheet templates rarely
start at A1: a blank margin column and a title band above the header (the map's name, the persona,
the owner, a "last updated" month) are common, with or without an empty row before the header.
Many have no Persona column because the whole sheet is one persona's map; some have a second
small table lower down that scores each stage (Stage | Score) to draw the emotion curve. Guides in
Chinese and Spanish describe the same columns (阶段 / 行为 / 想法 / 情绪 / 痛点; Etapa / Acciones /
Pensamientos / Emociones / Puntos de contacto) and often write emotions as a face and a word.

Grids (the classic visual map). Stages run across the top as columns (awareness, consideration,
purchase, onboarding, use, renewal, advocacy, often numbered), lanes run down the left: actions,
touchpoints, thoughts, an emotion row (a 1–5 score or faces where the poster draws a curve), pain
points, opportunities, and in service-design variants backstage work and the team responsible. The
corner cell is empty, says "Stage"/"Phase"/"Этап"/"フェーズ", or holds the map's title; one or two
title lines may sit above. Detailed maps split each stage into steps: the stage header is merged
over its step columns and a Steps row sits below it. German guides lay out phases as columns and
activities, touchpoints, emotions and metrics as rows; Japanese templates run 認知 → 興味・関心 →
比較検討 → 申し込み → 継続 across, with 行動 / タッチポイント / 思考 / 感情 / 課題 down the side;
Russian CJMs add a customer-satisfaction row scored 1–5.

Persona tables. One persona per row: the name first, then demographics (age, occupation,
location), goals, frustrations, behaviours, channels, a quote. Exports from research tools use
snake_case headers nobody else uses; segment tables key each row by the segment's name; trackers
carry a Status column (Active, Retired) that says nothing about how the persona was made; some
sheets say what kind each persona is (research-based, proto-persona, segment).

Persona cards (the one-page persona). Label/value pairs down two columns, often under a
"Field | Details" header: persona name, age, occupation, location, primary goal, frustrations,
preferred channels, a quote; below, a small table of pain points with their impact or goals with
their priority. Card sheets often hold two or three cards side by side, one blank column apart.
Japanese persona sheets list 名前, 年齢, 職業, 目標, 課題 the same way.

Around them: an instructions or read-me sheet, a legend of the emotion scale, several tables on
one whiteboard-like sheet, notes typed far from any table, and rows hidden to park old content.

Each builder writes one workbook into a folder and returns (path, Expected). `CASES` lists them
with a readable id and their family. `make_saved_files` rebuilds the files under tests/data/corpus/
(LibreOffice must be installed to re-save them).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tests.corpus.expected import (
    Cell,
    Expected,
    JourneyExp,
    PersonaExp,
    Score,
    Unread,
    count_filled,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "corpus"

STAGE = "stage"
PERSONA = "persona"
JOURNEY = "journey"
_KEYS = (STAGE, PERSONA, JOURNEY)

Built = tuple[Path, Expected]
Scorer = Callable[[Any], Score] | dict[Any, Score] | None


# ---------------------------------------------------------------------- writing helpers


class Book:
    """An openpyxl workbook being written, sheet by sheet."""

    def __init__(self) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    def sheet(self, name: str) -> Worksheet:
        return self.wb.create_sheet(name)

    def save(self, folder: Path, filename: str) -> Path:
        path = Path(folder) / filename
        self.wb.save(path)
        return path


def position(ref: str) -> tuple[int, int]:
    """ "B4" -> (row 4, column 2), 1-based as openpyxl counts."""
    letters, row = coordinate_from_string(ref)
    return row, column_index_from_string(letters)


def address(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def put(ws: Worksheet, at: str, rows: Sequence[Sequence[Any]]) -> None:
    """Write rows of values with their top-left cell at `at` (None leaves a cell empty)."""
    top, left = position(at)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(top + i, left + j, value)


def text_of(value: Any) -> str:
    """A cell as the reader shows it: numbers without a trailing .0, dates in ISO form."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _score(scores: Scorer, value: Any) -> Score:
    if scores is None:
        return ...
    if callable(scores):
        return scores(value)
    return scores.get(value, ...)


def on_scale(low: float, high: float) -> Callable[[Any], Score]:
    """Scores of numbers typed on a low..high scale, mapped onto -1..1."""

    def score(value: Any) -> Score:
        if isinstance(value, int | float):
            return round((value - low) / (high - low) * 2 - 1, 6)
        return ...

    return score


SCALE_1_5 = on_scale(1, 5)
SCALE_M2_2 = on_scale(-2, 2)
SCALE_0_10 = on_scale(0, 10)

#: Faces used in the corpus and the sign of their score.
FACE_SIGNS: dict[str, Score] = {
    "😀": "+",
    "😄": "+",
    "😊": "+",
    "🙂": "+",
    "😐": "0",
    "😕": "-",
    "😟": "-",
    "😞": "-",
    "😠": "-",
}

#: Emotion words used in the corpus and the sign of their score.
WORD_SIGNS: dict[str, Score] = {
    "Curious": "+",
    "Hopeful": "+",
    "Confident": "+",
    "Satisfied": "+",
    "Relieved": "+",
    "Happy": "+",
    "Pleased": "+",
    "Delighted": "+",
    "Excited": "+",
    "Neutral": "0",
    "Confused": "-",
    "Anxious": "-",
    "Worried": "-",
    "Annoyed": "-",
    "Impatient": "-",
    "Frustrated": "-",
    "Stressed": "-",
    "Disappointed": "-",
}


@dataclass
class MapPart:
    """The expectation of one map table as written: its stages, lanes and cells."""

    lanes: list[tuple[str, str]]
    cells: list[Cell]
    stage_order: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    steps: dict[str, list[str]] = field(default_factory=dict)

    def stages(self, group: tuple[str, ...] | None = None) -> list[str]:
        names = [s for g, s in self.stage_order if group is None or g == group]
        return list(dict.fromkeys(names))

    def journey(
        self,
        name: str,
        persona: str | None,
        *,
        group: tuple[str, ...] | str | None = None,
        extra: Iterable[MapPart] = (),
        spot: Iterable[Cell] = (),
        **kwargs: Any,
    ) -> JourneyExp:
        """The map of one persona (rows with `group`'s Persona/Journey values), plus joined tables."""
        if isinstance(group, str):
            group = (group,)
        cells = [c for c in self.cells if group is None or c.group == group]
        lanes = list(self.lanes)
        for part in extra:
            cells += part.cells
            lanes += part.lanes
        return JourneyExp(
            name=name,
            persona=persona,
            stages=self.stages(group),
            lanes=lanes,
            cells=cells,
            steps=dict(self.steps),
            spot=list(spot),
            **kwargs,
        )


def rows_map(
    ws: Worksheet,
    at: str,
    header: Sequence[str],
    kinds: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    scores: Scorer = None,
) -> MapPart:
    """Write a rows table (header row, then one row per stage) and return what it must read as.

    `kinds` gives, per column, STAGE, PERSONA, JOURNEY or the lane kind the header means.
    """
    assert len(header) == len(kinds)
    put(ws, at, [list(header), *[list(r) for r in rows]])
    top, left = position(at)
    stage_col = kinds.index(STAGE)
    group_cols = [i for i, k in enumerate(kinds) if k in (PERSONA, JOURNEY)]
    lanes = [(h, k) for h, k in zip(header, kinds, strict=True) if k not in _KEYS]
    part = MapPart(lanes=lanes, cells=[])
    for r, row in enumerate(rows):
        group = tuple(text_of(row[i]) for i in group_cols)
        stage = text_of(row[stage_col])
        part.stage_order.append((group, stage))
        for c, value in enumerate(row):
            if kinds[c] in _KEYS or value is None or not text_of(value):
                continue
            part.cells.append(
                Cell(
                    stage=stage,
                    lane=header[c],
                    text=text_of(value),
                    source=f"{ws.title}!{address(top + 1 + r, left + c)}",
                    score=_score(scores, value) if kinds[c] == "emotion" else ...,
                    group=group,
                )
            )
    return part


def grid_map(
    ws: Worksheet,
    at: str,
    corner: str | None,
    stages: Sequence[str],
    lanes: Sequence[tuple[str, str, Sequence[Any]]],
    *,
    steps: dict[str, list[str]] | None = None,
    steps_label: str | None = "Steps",
    merge: bool = True,
    scores: Scorer = None,
) -> MapPart:
    """Write a grid (stages across the row at `at`, lanes down its column) and its expectation.

    With `steps`, each stage header is merged over its step columns and a steps row follows.
    Each lane is (label, kind, one value per column).
    """
    top, left = position(at)
    columns: list[tuple[str, str | None]] = []
    for stage in stages:
        for step in steps[stage] if steps else [None]:
            columns.append((stage, step))
    if corner is not None:
        ws.cell(top, left, corner)
    col = left + 1
    for stage in stages:
        span = len(steps[stage]) if steps else 1
        ws.cell(top, col, stage)
        if merge and span > 1:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        col += span
    first_lane = top + 1
    if steps:
        if steps_label is not None:
            ws.cell(top + 1, left, steps_label)
        for j, (_stage, step) in enumerate(columns):
            ws.cell(top + 1, left + 1 + j, step)
        first_lane = top + 2
    part = MapPart(
        lanes=[(label, kind) for label, kind, _ in lanes],
        cells=[],
        stage_order=[((), s) for s in stages],
        steps=dict(steps or {}),
    )
    for i, (label, kind, values) in enumerate(lanes):
        assert len(values) == len(columns), f"lane {label!r}: {len(values)} values"
        row = first_lane + i
        ws.cell(row, left, label)
        for j, value in enumerate(values):
            if value is None:
                continue
            ws.cell(row, left + 1 + j, value)
            stage, step = columns[j]
            part.cells.append(
                Cell(
                    stage=stage,
                    step=step,
                    lane=label,
                    text=text_of(value),
                    source=f"{ws.title}!{address(row, left + 1 + j)}",
                    score=_score(scores, value) if kind == "emotion" else ...,
                )
            )
    return part


def spot(part: MapPart, stage: str, lane: str, source: str, text: str, **kw: Any) -> Cell:
    """A hand-picked cell; it must also be one of the part's cells (guards the builder)."""
    cell = Cell(stage=stage, lane=lane, text=text, source=source, **kw)
    assert any(c.key == cell.key for c in part.cells), f"spot cell not in the table: {cell}"
    return cell


def finish(path: Path, expected: Expected) -> Built:
    """The built file and its expectation, with the filled cells counted from the file."""
    return path, replace(expected, filled=count_filled(path))


# ---------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Case:
    """One corpus layout: a readable id, its family, and the builder."""

    id: str
    family: str
    build: Callable[[Path], Built]


CASES: list[Case] = []


def case(case_id: str, family: str) -> Callable[[Callable[[Path], Built]], Callable[[Path], Built]]:
    def register(build: Callable[[Path], Built]) -> Callable[[Path], Built]:
        assert all(c.id != case_id for c in CASES), case_id
        CASES.append(Case(case_id, family, build))
        return build

    return register


def personas_table(
    ws: Worksheet,
    at: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    name_col: int = 0,
) -> list[str]:
    """Write a persona table; returns the cell of each persona's name."""
    put(ws, at, [list(header), *[list(r) for r in rows]])
    top, left = position(at)
    return [f"{ws.title}!{address(top + 1 + i, left + name_col)}" for i in range(len(rows))]


# ====================================================================== rows tables


@case("rows-margin-b4-score-table", "rows")
def rows_margin_b4_score_table(folder: Path) -> Built:
    """A rows table at B4 under qualified headers, no Persona column, and a `Stage | Score`
    table further down that joins the map as an emotion lane. The persona is the workbook's only
    persona; the journey takes the sheet's name."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Goals", "Pain points"],
        [
            [
                "Jordan Ellis",
                "Night-shift nurse",
                "Train three times a week around rotating shifts",
                "Classes are always at 6 pm; The app logs out during checkout",
            ]
        ],
    )
    ws = book.sheet("Gym membership")
    header = [
        "Journey Stage",
        "Customer Goal",
        "Customer Actions",
        "Touchpoints",
        "Customer Thoughts",
        "Emotion",
        "Pain Points",
        "Brand Opportunities",
    ]
    kinds = [
        STAGE,
        "custom",
        "actions",
        "touchpoints",
        "thoughts",
        "emotion",
        "pain_points",
        "opportunities",
    ]
    rows = [
        ["Discover", "Find a gym near the hospital", "Searches the map on a break", "Google Maps, Instagram ads", "Is anything open after a night shift?", "Curious", "Opening hours hidden in a PDF", "Show 24/7 access on the first screen"],
        ["Compare plans", "Pay only for off-peak visits", "Reads three pricing pages side by side", "Website pricing page", "Why does off-peak end at 4 pm?", "Confused", "Off-peak hours differ per club", "One table of plans with their hours"],
        ["Join", "Sign up without a sales call", "Fills in the online form on her phone", "Mobile web, payment page", "Please don't make me call anyone", "Anxious", "Induction bookable only in office hours", "Self-serve induction video"],
        ["First visit", "Get a locker and a quick workout in", "Scans the QR code at the door", "Door scanner, front desk", "The scanner worked first time", "Relieved", "Nobody at the desk at 7 am", "Clear signs to the changing rooms"],
        ["Build a routine", "Keep three sessions a week", "Books early classes in the app", "App timetable", "Finally something fits my rota", "Satisfied", "Bookings open only 48 hours ahead", "Let shift workers book a week ahead"],
        ["Renew", "Keep the price she signed up for", "Checks the renewal email", "Email, account page", "Will the price jump again?", "Worried", "Price rise buried in the terms", "Remind 30 days ahead with the new price"],
    ]  # fmt: skip
    main = rows_map(ws, "B4", header, kinds, rows, scores=WORD_SIGNS)
    score = rows_map(
        ws,
        "B14",
        ["Stage", "Score"],
        [STAGE, "emotion"],
        [
            ["Discover", 3],
            ["Compare plans", 2],
            ["Join", 2],
            ["First visit", 4],
            ["Build a routine", 5],
            ["Renew", 3],
        ],
        scores=SCALE_1_5,
    )
    journey = main.journey(
        "Gym membership",
        "Jordan Ellis",
        extra=[score],
        spot=[
            spot(
                main,
                "Join",
                "Customer Actions",
                "Gym membership!D7",
                "Fills in the online form on her phone",
            ),
            spot(main, "Renew", "Emotion", "Gym membership!G10", "Worried", score="-"),
            spot(score, "First visit", "Score", "Gym membership!C18", "4", score=0.5),
        ],
    )
    path = book.save(folder, "gym-membership.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Jordan Ellis",
                    source=names[0],
                    fields={
                        "role": "Night-shift nurse",
                        "goals": ["Train three times a week around rotating shifts"],
                        "pain_points": [
                            "Classes are always at 6 pm",
                            "The app logs out during checkout",
                        ],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


@case("rows-title-block-blank-row-status-column", "rows")
def rows_title_block_blank_row(folder: Path) -> Built:
    """The issue's `Journey map` sheet: a title block (Journey Map, Persona, Owner, Last Updated)
    and a blank row above a rows table with no Persona column; the Personas sheet has a Status
    column that is not the kind. Emotions carry intensities.

    Incidental: MB020 if "December 2025" (a month, no day) is reported as an unclear date."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Status", "Goals", "Pain points", "Quote"],
        [
            [
                "Maria Rodriguez",
                "Owner of a two-person bakery",
                "Active",
                "Open a business account without visiting a branch; See cash flow at a glance",
                "Paper forms; Waiting days for ID checks",
                "I bake at four in the morning. I can't queue at a branch at ten.",
            ],
            [
                "Kwame Asante",
                "Freelance sound engineer",
                "Active",
                "Keep client payments apart from personal spending",
                "Invoices paid into the wrong account",
                "Every tax season I untangle the same mess.",
            ],
        ],
    )
    ws = book.sheet("Journey map")
    put(
        ws,
        "A1",
        [
            ["Journey Map: Opening a business account"],
            ["Persona: Maria Rodriguez"],
            ["Owner: Product Team"],
            ["Last Updated: December 2025"],
        ],
    )
    header = [
        "Stage",
        "Actions",
        "Thoughts",
        "Emotions",
        "Pain Points",
        "Opportunities",
        "Touchpoints",
    ]
    kinds = [STAGE, "actions", "thoughts", "emotion", "pain_points", "opportunities", "touchpoints"]
    rows = [
        ["Research", "Compares business accounts from three banks", "Which one doesn't charge per cash deposit?", "Hopeful", "Fees explained in footnotes", "A fee calculator for cash-heavy shops", "Bank websites, comparison site"],
        ["Apply online", "Starts the application on a tablet between batches", "Why do they need my lease agreement?", "Frustrated 😟 (Intensity: 5/5)", "The form times out after 15 minutes", "Save progress and resume from an email link", "Online application"],
        ["Verify identity", "Uploads her passport and proof of address twice", "Did the upload even work?", "Overwhelmed 😟 (Intensity: 4/5)", "No confirmation after the upload", "Show each document's status", "Mobile upload, email"],
        ["Account approved", "Reads the welcome email and activates the card", "Eight days. Finally.", "Relieved 🙂", "The PIN arrives a week after the card", "Show the PIN in the app", "Email, post"],
        ["First deposit", "Pays in the weekend's cash at a partner shop", "Can I do this before opening time?", "Satisfied", "Partner shops open at 9", "List partners that open early", "Partner shop counter, app"],
    ]  # fmt: skip
    scores = {
        "Hopeful": "+",
        "Frustrated 😟 (Intensity: 5/5)": -1.0,
        "Overwhelmed 😟 (Intensity: 4/5)": -0.8,
        "Relieved 🙂": "+",
        "Satisfied": "+",
    }
    main = rows_map(ws, "A6", header, kinds, rows, scores=scores)
    journey = main.journey(
        "Opening a business account",
        "Maria Rodriguez",
        owner="Product Team",
        spot=[
            spot(
                main,
                "Apply online",
                "Emotions",
                "Journey map!D8",
                "Frustrated 😟 (Intensity: 5/5)",
                score=-1.0,
            ),
            spot(
                main,
                "Verify identity",
                "Emotions",
                "Journey map!D9",
                "Overwhelmed 😟 (Intensity: 4/5)",
                score=-0.8,
            ),
            spot(
                main,
                "First deposit",
                "Touchpoints",
                "Journey map!G11",
                "Partner shop counter, app",
            ),
        ],
    )
    path = book.save(folder, "business-banking-workshop.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Maria Rodriguez",
                    source=names[0],
                    fields={
                        "role": "Owner of a two-person bakery",
                        "goals": [
                            "Open a business account without visiting a branch",
                            "See cash flow at a glance",
                        ],
                        "pain_points": ["Paper forms", "Waiting days for ID checks"],
                        "quote": "I bake at four in the morning. I can't queue at a branch at ten.",
                        "extra": {"Status": "Active"},
                    },
                ),
                PersonaExp(
                    "Kwame Asante",
                    source=names[1],
                    fields={"role": "Freelance sound engineer", "extra": {"Status": "Active"}},
                ),
            ],
            journeys=[journey],
            incidental=frozenset({"MB020"}),
        ),
    )


@case("rows-title-pairs-no-blank-row", "rows")
def rows_title_pairs_no_blank_row(folder: Path) -> Built:
    """`Label | value` title pairs (Journey, Persona, Last updated as a real date) directly above
    the header, no blank row between; personas on a sheet whose name says nothing (Residents)."""
    book = Book()
    names = personas_table(
        book.sheet("Residents"),
        "A1",
        ["Name", "Age", "Occupation", "Goals", "Frustrations"],
        [
            [
                "Dev Patel",
                52,
                "Taxi driver",
                "Renew the permit before it lapses",
                "The website logs him out; He can't tell if the payment went through",
            ],
            [
                "Hannah Brooks",
                34,
                "Community nurse",
                "Get visitor permits for her mother's carers",
                "Visitor permits sold only in books of ten",
            ],
        ],
    )
    ws = book.sheet("Permit renewal")
    put(
        ws,
        "A1",
        [
            ["Journey", "Renewing a resident parking permit"],
            ["Persona", "Dev Patel"],
            ["Last updated", datetime(2025, 12, 4)],
        ],
    )
    header = ["Stage", "Actions", "Touchpoints", "Feelings", "Pain points", "Ideas"]
    kinds = [STAGE, "actions", "touchpoints", "feelings", "pain_points", "opportunities"]
    rows = [
        ["Reminder", "Gets a letter six weeks before expiry", "Letter", "Calm, there is time", "The letter has no renewal link", "QR code to the renewal page"],
        ["Log in", "Resets his password for the council account", "Council website", "Irritated by yet another password", "Account locked after three tries", "Sign in with a one-time code"],
        ["Upload proof", "Photographs his logbook and a council-tax bill", "Phone camera, upload page", "Unsure the photos are readable", "Uploads over 2 MB are rejected", "Shrink photos automatically"],
        ["Pay", "Pays £80 by card", "Payment page", "Wants a receipt straight away", "No receipt email", "Send the receipt with the permit"],
        ["Display permit", "Keeps the virtual permit email on his phone", "Email", "Relieved it is done", "Wardens still ask for a paper permit", "Show virtual permits on the wardens' handhelds"],
    ]  # fmt: skip
    main = rows_map(ws, "A4", header, kinds, rows)
    journey = main.journey(
        "Renewing a resident parking permit",
        "Dev Patel",
        last_updated=date(2025, 12, 4),
        spot=[
            spot(main, "Pay", "Feelings", "Permit renewal!D8", "Wants a receipt straight away"),
            spot(main, "Reminder", "Ideas", "Permit renewal!F5", "QR code to the renewal page"),
        ],
    )
    path = book.save(folder, "parking-permits.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Dev Patel",
                    source=names[0],
                    fields={
                        "role": "Taxi driver",
                        "demographics": {"Age": "52"},
                        "goals": ["Renew the permit before it lapses"],
                        "pain_points": [
                            "The website logs him out",
                            "He can't tell if the payment went through",
                        ],
                    },
                ),
                PersonaExp(
                    "Hannah Brooks",
                    source=names[1],
                    fields={"role": "Community nurse", "demographics": {"Age": "34"}},
                ),
            ],
            journeys=[journey],
        ),
    )


@case("rows-persona-column-kinds", "rows")
def rows_persona_column(folder: Path) -> Built:
    """A rows table with a Persona column (one map per persona, different stage sets) and a
    Personas sheet with a Kind column; emotions on a -2..2 scale."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role", "Goals", "Pain points"],
        [
            [
                "Aisha Karim",
                "Research",
                "Student sharing a flat with three others",
                "Split the energy bill fairly",
                "Bills arrive in one person's name",
            ],
            [
                "George Whitfield",
                "Proto-persona",
                "Retired teacher on a fixed income",
                "Avoid surprises on his direct debit",
                "Comparison sites push him to switch every year",
            ],
        ],
    )
    ws = book.sheet("Switching supplier")
    header = ["Persona", "Stage", "Actions", "Touchpoints", "Emotion", "Pain points"]
    kinds = [PERSONA, STAGE, "actions", "touchpoints", "emotion", "pain_points"]
    aisha, george = "Aisha Karim", "George Whitfield"
    rows = [
        [aisha, "Notice the bill", "Sees a £240 quarterly bill in the flat's group chat", "WhatsApp group, email bill", -1, "Nobody knows whose meter reading is whose"],
        [aisha, "Compare tariffs", "Uses a comparison site on her laptop", "Comparison website", 0, "Tariffs quoted per kWh and per day"],
        [aisha, "Switch", "Switches online in ten minutes", "Supplier website", 1, None],
        [aisha, "First bill", "Splits the first bill in a shared spreadsheet", "Supplier app", 2, "The app allows one login per account"],
        [george, "Notice the bill", "Opens a letter about a higher direct debit", "Letter", -2, "The letter does not say why"],
        [george, "Ask family", "Asks his daughter to check the numbers", "Phone call", 0, "Doesn't want to bother her again"],
        [george, "Switch", "Calls the new supplier's helpline", "Helpline", -1, "40 minutes on hold"],
        [george, "First bill", "Checks the paper bill against his own notes", "Paper bill", 1, "Estimated reading instead of his own"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows, scores=SCALE_M2_2)
    journeys = [
        main.journey(
            "Switching supplier",
            aisha,
            group=aisha,
            spot=[
                spot(main, "Compare tariffs", "Emotion", "Switching supplier!E3", "0", score=0.0)
            ],
        ),
        main.journey(
            "Switching supplier",
            george,
            group=george,
            spot=[
                spot(main, "Notice the bill", "Emotion", "Switching supplier!E6", "-2", score=-1.0),
                spot(main, "Switch", "Pain points", "Switching supplier!F8", "40 minutes on hold"),
            ],
        ),
    ]
    path = book.save(folder, "energy-switch.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    aisha, "research", names[0], {"goals": ["Split the energy bill fairly"]}
                ),
                PersonaExp(
                    george, "proto", names[1], {"role": "Retired teacher on a fixed income"}
                ),
            ],
            journeys=journeys,
        ),
    )


@case("rows-journey-and-persona-columns", "rows")
def rows_journey_and_persona_columns(folder: Path) -> Built:
    """One rows table holding two journeys for two personas (Journey and Persona columns)."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role"],
        [
            ["Lena Vogel", "Research", "PhD student writing up her thesis"],
            ["Tom Reilly", "Segment", "Retired engineer who visits twice a week"],
        ],
    )
    ws = book.sheet("Journeys")
    header = ["Journey", "Persona", "Stage", "Actions", "Pain points", "Opportunities"]
    kinds = [JOURNEY, PERSONA, STAGE, "actions", "pain_points", "opportunities"]
    join, book_room = "Joining the library", "Booking a study room"
    lena, tom = "Lena Vogel", "Tom Reilly"
    rows = [
        [join, lena, "Register online", "Fills in the form and picks her branch", "Proof of address must be shown in person", "Accept a university email as proof"],
        [join, lena, "Collect the card", "Visits the branch after a seminar", "The desk closes at 5 pm", "Self-service card printer"],
        [join, tom, "Register online", "Asks staff to fill in the form for him", "The form assumes an email address", "Paper form at the desk"],
        [join, tom, "Collect the card", "Picks the card up straight away", None, "Welcome leaflet with the opening hours"],
        [book_room, lena, "Find a free room", "Checks the room calendar on her phone", "Rooms at other branches are listed first", "Filter by branch"],
        [book_room, lena, "Book", "Books two hours for her writing group", "Bookings are limited to one hour", "Longer slots for groups"],
        [book_room, lena, "Check in", "Scans the QR code on the door", "The room is released after 10 minutes", "A reminder 15 minutes before"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows)
    journeys = [
        main.journey(join, lena, group=(join, lena)),
        main.journey(
            join,
            tom,
            group=(join, tom),
            spot=[spot(main, "Register online", "Actions", "Journeys!D4", rows[2][3])],
        ),
        main.journey(
            book_room,
            lena,
            group=(book_room, lena),
            spot=[spot(main, "Book", "Opportunities", "Journeys!F7", "Longer slots for groups")],
        ),
    ]
    path = book.save(folder, "library-services.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(lena, "research", names[0]),
                PersonaExp(tom, "segment", names[1]),
            ],
            journeys=journeys,
        ),
    )


@case("rows-generic-sheet-single-persona", "rows")
def rows_generic_sheet_single_persona(folder: Path) -> Built:
    """A rows table on `Sheet1` (a generic name), no title: the persona is the workbook's only
    persona and the journey is named after the file (checkout-journey)."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Goals"],
        [
            [
                "Priya Shah",
                "Does the online grocery shop for a family of five",
                "Finish the weekly shop in under 15 minutes",
            ]
        ],
    )
    ws = book.sheet("Sheet1")
    header = ["Phase", "Doing", "Thinking", "Feeling", "Problems", "Opportunities"]
    kinds = [STAGE, "actions", "thoughts", "feelings", "pain_points", "opportunities"]
    rows = [
        ["Basket", "Adds the usual items from last week's order", "Did I already add milk?", "Rushed", "Past orders are two menus deep", "A 'reorder last week' button"],
        ["Delivery slot", "Looks for an evening slot", "Every slot after 6 is gone", "Disheartened", "Slots sell out by Tuesday", "Reserve a regular slot"],
        ["Substitutions", "Sets which items may be replaced", "Last time I got oat milk instead of whole milk", "Wary", "Rules can only be set item by item", "One rule for the whole order"],
        ["Payment", "Pays with a saved card", "Where do I type the voucher code?", "Irritated", "The voucher box appears after payment", "Show the voucher box in the basket"],
        ["Delivery", "Tracks the van in the app", "Will they come before bedtime?", "Relieved", "The arrival time lags behind the van", "Live map for the last five stops"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows)
    journey = main.journey(
        "checkout-journey",
        "Priya Shah",
        name_by_slug=True,
        spot=[
            spot(main, "Payment", "Problems", "Sheet1!E5", "The voucher box appears after payment")
        ],
    )
    path = book.save(folder, "checkout-journey.xlsx")
    return finish(
        path,
        Expected(personas=[PersonaExp("Priya Shah", source=names[0])], journeys=[journey]),
    )


@case("rows-unmatched-score-table-not-read", "rows")
def rows_unmatched_score_table(folder: Path) -> Built:
    """A `Stage | Score` table whose stages are not the map's (left over from an older map): it
    cannot be tied to a map, so its cells are reported as not read (MB035), never dropped."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role", "Goals"],
        [
            [
                "Sofia Marin",
                "Research",
                "Backpacker on a gap year",
                "Get reimbursed before the next leg of the trip",
            ],
            [
                "Daniel Ortiz",
                "Research",
                "Business traveller",
                "Claim for a missed connection without paperwork",
            ],
        ],
    )
    ws = book.sheet("Claim journey")
    put(ws, "A1", [["Journey Map: Making a travel insurance claim"], ["Persona: Sofia Marin"]])
    header = ["Stage", "Actions", "Touchpoints", "Emotion", "Pain points"]
    kinds = [STAGE, "actions", "touchpoints", "emotion", "pain_points"]
    rows = [
        ["Incident abroad", "Loses her phone on a night bus in Lisbon", "Police station", "😞", "The police report is only in Portuguese"],
        ["Call the helpline", "Calls from the hostel's phone", "24-hour helpline", "😐", "The call-back number must be local"],
        ["Submit documents", "Emails scans of the police report and receipts", "Email, claims portal", "😟", "The portal rejects photos from a borrowed phone"],
        ["Wait for decision", "Checks her inbox every day", "Email", "😕", "No status page"],
        ["Payout", "Receives €320 in her bank account", "Bank app", "😊", "Paid in a different currency than claimed"],
    ]  # fmt: skip
    main = rows_map(ws, "A4", header, kinds, rows, scores=FACE_SIGNS)
    put(ws, "A13", [["Stage", "Score"], ["Awareness", 3], ["Purchase", 4], ["Renewal", 2]])
    journey = main.journey(
        "Making a travel insurance claim",
        "Sofia Marin",
        spot=[spot(main, "Payout", "Emotion", "Claim journey!D9", "😊", score="+")],
    )
    path = book.save(folder, "travel-insurance.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp("Sofia Marin", "research", names[0]),
                PersonaExp("Daniel Ortiz", "research", names[1]),
            ],
            journeys=[journey],
            codes=frozenset({"MB035"}),
            unread=[Unread("Claim journey", "A13:B16", 8)],
        ),
    )


def _check_mixed_and_transition(workspace: Any) -> None:
    """`Excited / Concerned` scores the average of its parts; `Confused → Relieved` its end."""
    journey = workspace.journeys[0]
    by_text = {e.text: e.emotion.score for e in journey.entries if e.emotion is not None}
    excited, concerned = by_text.get("Excited"), by_text.get("Concerned")
    mixed = by_text.get("Excited / Concerned")
    assert excited is not None and excited > 0, f"'Excited' scored {excited}"
    assert concerned is not None and concerned < 0, f"'Concerned' scored {concerned}"
    assert mixed is not None and abs(mixed - (excited + concerned) / 2) < 0.011, (
        f"'Excited / Concerned' scored {mixed}, expected the average of {excited} and {concerned}"
    )
    transition = by_text.get("Confused → Relieved")
    assert transition is not None and transition > 0, (
        f"'Confused → Relieved' scored {transition}, expected its end (relieved, positive)"
    )


@case("rows-emotion-forms", "rows")
def rows_emotion_forms(folder: Path) -> Built:
    """Emotions as teams type them: mixed (`Excited / Concerned`), transitions
    (`Confused → Relieved`), faces with an intensity, a face and a word, and one cell that cannot
    be scored (MB013: kept as text, no score)."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Goals", "Pain points"],
        [
            [
                "Ruth Adeyemi",
                "Teacher with a long-term back condition",
                "See her GP without taking a day off",
                "The 8 am phone queue; Repeating her history to every doctor",
            ]
        ],
    )
    ws = book.sheet("Video appointment")
    put(ws, "A1", [["Journey: First video appointment"], ["Persona: Ruth Adeyemi"]])
    header = ["Stage", "Actions", "Emotional state", "Pain points"]
    kinds = [STAGE, "actions", "emotion", "pain_points"]
    rows = [
        ["Book online", "Books a video slot for her lunch break", "Excited / Concerned", "Only two video slots a day"],
        ["Get the link", "Waits for the link by text", "Concerned", "The link arrives five minutes before the call"],
        ["Test the camera", "Tries the camera check page", "Confused → Relieved", "The browser asks for permission three times"],
        ["Wait in the lobby", "Sits in the virtual waiting room", "Frustrated 😟 (Intensity: 5/5)", "No idea how long the wait is"],
        ["Consultation", "Shows the GP how she sits at her desk", "Overwhelmed 😟 (Intensity: 4/5)", "Too much advice in ten minutes"],
        ["Prescription", "Collects the prescription at her pharmacy", "Excited", None],
        ["Follow-up", "Waits for a physiotherapy referral", "Depends on the doctor", "The referral letter never arrives"],
    ]  # fmt: skip
    scores = {
        "Frustrated 😟 (Intensity: 5/5)": -1.0,
        "Overwhelmed 😟 (Intensity: 4/5)": -0.8,
        "Confused → Relieved": "+",
        "Excited": "+",
        "Concerned": "-",
        "Depends on the doctor": None,
    }
    main = rows_map(ws, "A4", header, kinds, rows, scores=scores)
    journey = main.journey(
        "First video appointment",
        "Ruth Adeyemi",
        spot=[
            spot(
                main,
                "Test the camera",
                "Emotional state",
                "Video appointment!C7",
                "Confused → Relieved",
                score="+",
            ),
            spot(
                main,
                "Follow-up",
                "Emotional state",
                "Video appointment!C11",
                "Depends on the doctor",
                score=None,
            ),
        ],
    )
    path = book.save(folder, "telehealth.xlsx")
    return finish(
        path,
        Expected(
            personas=[PersonaExp("Ruth Adeyemi", source=names[0])],
            journeys=[journey],
            codes=frozenset({"MB013"}),
            checks=[_check_mixed_and_transition],
        ),
    )


@case("rows-no-persona-anywhere-unnamed", "rows")
def rows_no_persona_anywhere(folder: Path) -> Built:
    """A lone rows table on `Sheet1`, no persona anywhere: an "Unnamed persona" with a warning
    (MB038 persona-not-named); the journey is named after the file.

    Incidental: MB023 (no Personas sheet) may accompany it."""
    book = Book()
    ws = book.sheet("Sheet1")
    header = ["Stage", "Actions", "Pain points", "Opportunities"]
    kinds = [STAGE, "actions", "pain_points", "opportunities"]
    rows = [
        ["Notice expiry", "Finds out at the self-checkout that her card expired", "No reminder before expiry", "Email a month before"],
        ["Renew", "Asks at the desk to renew", "A new proof of address is required", "Accept the old address if unchanged"],
        ["Borrow again", "Borrows the three books she came for", "Her holds were released while the card was expired", "Keep holds for a week after expiry"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows)
    journey = main.journey("library-card-renewal", "Unnamed persona", name_by_slug=True)
    path = book.save(folder, "library-card-renewal.xlsx")
    return finish(
        path,
        Expected(
            personas=[PersonaExp("Unnamed persona")],
            journeys=[journey],
            codes=frozenset({"MB038"}),
            incidental=frozenset({"MB023"}),
        ),
    )


# ====================================================================== grids

#: Twenty numbered stages of a B2B onboarding map, and what happens in each (action, touchpoint,
#: thought, satisfaction 1-5, pain point, opportunity, backstage work, teams involved).
_ONBOARDING: list[tuple[str, ...] | tuple[Any, ...]] = [
    ("1. Onboarding", "Signs the order form with the practice owner", "Sales call, e-signature", "Let's be live before the summer", 4, None, None, "Account created in the CRM", "Sales"),
    ("2. Contract Signed", "Receives the welcome pack", "Welcome email", "Who is our contact now?", 3, "No named contact in the email", "Introduce the onboarding lead by name", "Contract filed, billing set up", "Sales, Finance"),
    ("3. Kick-off Call", "Joins a video call with the onboarding lead", "Video call", "This plan looks realistic", 4, "Call booked during surgery hours", "Offer early-morning slots", "Project plan drafted", "Onboarding"),
    ("4. Data Migration", "Exports patient records from the old system", "Export guide, support portal", "Will we lose the appointment history?", 2, "The old system exports CSV without notes", "A checklist per legacy system", "Data team maps the fields", "Data migration"),
    ("5. Staff Accounts", "Invites dentists and nurses", "Admin console", "Do locums need full accounts?", 3, "Invites expire after 24 hours", "Bulk invite from a spreadsheet", None, "Onboarding"),
    ("6. Calendar Setup", "Sets chair and room schedules", "Admin console", "Finally the rota in one place", 4, None, "Templates for common rota patterns", None, "Onboarding"),
    ("7. Patient Import", "Checks a sample of imported patients", "Import report", "Some birthdays look wrong", 2, "Dates imported month-first", "Preview before the import commits", "Import job re-run", "Data migration"),
    ("8. Reminder Templates", "Writes the SMS reminder wording", "Template editor", "Can we sound less robotic?", 4, None, "Example wording from other practices", None, "Onboarding"),
    ("9. Payment Setup", "Connects the card terminal", "Card terminal, phone support", "The terminal needs an update first?", 2, "The terminal update takes two hours", "Ship terminals already updated", "Payments partner activates the merchant ID", "Payments"),
    ("10. Training Day", "Front desk attends a half-day training", "On-site trainer", "Lots to remember", 3, "Training covers features they won't use", "Training tracks by role", "Trainer travel booked", "Training"),
    ("11. Go-live", "Books the first real appointments", "Live system, hotline", "Fingers crossed", 3, "Hotline busy on Monday morning", "A go-live hotline per practice", "Extra support staff on shift", "Support"),
    ("12. First Week Check-in", "Reports two small issues", "Check-in call", "They actually listen", 4, None, None, "Issues logged for the product team", "Onboarding, Support"),
    ("13. First Invoice", "Compares the invoice with the quote", "Invoice email", "Why is there a setup fee?", 2, "Setup fee missing from the quote", "Show every fee on the quote", "Invoice generated by billing", "Finance"),
    ("14. Support Tickets", "Raises tickets in the portal", "Support portal", None, 3, "Replies come from a different agent each time", "A named agent for the first 90 days", None, "Support"),
    ("15. 30-day Review", "Reviews no-show numbers with the lead", "Review call, dashboard", "No-shows are down already", 5, None, "Share benchmark numbers", "Dashboard prepared by Customer Success", "Customer Success"),
    ("16. Reporting Setup", "Builds a monthly revenue report", "Reports module", "Exports still need Excel", 3, "Report filters reset on every visit", "Saved report views", None, "Product"),
    ("17. Expansion to Second Site", "Adds the second practice", "Account manager", "Hopefully quicker this time", 4, None, "Copy settings from the first site", "New site cloned from a template", "Sales, Onboarding"),
    ("18. Quarterly Review", "Discusses roadmap wishes", "Quarterly review meeting", "Will online booking come this year?", 4, None, "Publish the roadmap to customers", None, "Customer Success"),
    ("19. Renewal", "Signs a two-year renewal", "Renewal quote", "A fair price for what we use", 4, "The quote arrives a week before expiry", "Send quotes 60 days ahead", "Renewal workflow in the CRM", "Sales"),
    ("20. Continuous Improvement", "Joins the customer advisory panel", "Advisory panel sessions", "Nice to be asked", 5, None, "Report back on panel ideas", None, "Product, Customer Success"),
]  # fmt: skip


@case("grid-empty-corner-20-numbered-stages-8-lanes", "grid")
def grid_empty_corner_numbered(folder: Path) -> Built:
    """The issue's grid: a two-line title, an empty corner, twenty numbered stages in B4:U4 and
    eight lanes down A5:A12 (satisfaction scored 1-5). No persona anywhere: a shared map."""
    book = Book()
    ws = book.sheet("Onboarding")
    put(
        ws,
        "A1",
        [
            ["Dental practice onboarding"],
            ["One map for every new practice, reviewed each quarter by Customer Success"],
        ],
    )
    stages = [row[0] for row in _ONBOARDING]
    labels = [
        ("Customer Actions", "actions"),
        ("Touchpoints", "touchpoints"),
        ("Customer Thoughts", "thoughts"),
        ("Customer satisfaction", "emotion"),
        ("Pain Points", "pain_points"),
        ("Opportunities", "opportunities"),
        ("Backstage", "backstage"),
        ("Teams involved", "owners"),
    ]
    lanes = [
        (label, kind, [row[i + 1] for row in _ONBOARDING]) for i, (label, kind) in enumerate(labels)
    ]
    part = grid_map(ws, "A4", None, stages, lanes, scores=SCALE_1_5)
    journey = part.journey(
        "Dental practice onboarding",
        None,
        spot=[
            spot(part, "1. Onboarding", "Customer Actions", "Onboarding!B5", _ONBOARDING[0][1]),
            spot(
                part,
                "20. Continuous Improvement",
                "Teams involved",
                "Onboarding!U12",
                "Product, Customer Success",
            ),
            spot(
                part, "4. Data Migration", "Customer satisfaction", "Onboarding!E8", "2", score=-0.5
            ),
        ],
    )
    path = book.save(folder, "practice-onboarding.xlsx")
    return finish(path, Expected(personas=[], journeys=[journey]))


@case("grid-stage-corner-persona-title", "grid")
def grid_stage_corner_persona_title(folder: Path) -> Built:
    """A grid with `Stage` in the corner under a title block naming the persona and the journey;
    emotions as faces."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role", "Goals"],
        [
            [
                "Marco Bellini",
                "Research",
                "Lab technician who commutes 6 km",
                "Reach work in 25 minutes without arriving sweaty",
            ],
            [
                "Yuki Tanaka",
                "Proto-persona",
                "Visitor exploring the city for a weekend",
                "See the sights without buying a day ticket",
            ],
        ],
    )
    ws = book.sheet("Commute map")
    put(ws, "A1", [["Persona: Marco Bellini"], ["Journey: Daily commute by shared bike"]])
    stages = ["Find a bike", "Unlock", "Ride", "Park", "Pay"]
    lanes = [
        ("Actions", "actions", ["Checks the app for bikes near home", "Scans the QR code on the handlebar", "Rides along the canal path", "Looks for a free dock near the lab", "Checks the trip price in the app"]),
        ("Touchpoints", "touchpoints", ["App map", "QR code, app", "Bike, cycle lane", "Docking station", "App, monthly statement"]),
        ("Thoughts", "thoughts", ["Any bikes left after 7:30?", "Come on, unlock", "Faster than the bus", "Every dock is full again", "Cheaper than a bus ticket"]),
        ("Emotion", "emotion", ["😐", "😕", "😄", "😠", "🙂"]),
        ("Pain points", "pain_points", ["The map shows broken bikes", "Unlocking fails without mobile signal", None, "Docks near the hospital are always full", None]),
        ("Opportunities", "opportunities", ["Hide broken bikes from the map", "Unlock over Bluetooth", None, "An extra dock at the hospital gate", "A monthly commuter pass"]),
    ]  # fmt: skip
    part = grid_map(ws, "A4", "Stage", stages, lanes, scores=FACE_SIGNS)
    journey = part.journey(
        "Daily commute by shared bike",
        "Marco Bellini",
        spot=[
            spot(part, "Park", "Emotion", "Commute map!E8", "😠", score="-"),
            spot(part, "Unlock", "Opportunities", "Commute map!C10", "Unlock over Bluetooth"),
        ],
    )
    path = book.save(folder, "bike-share.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp("Marco Bellini", "research", names[0]),
                PersonaExp("Yuki Tanaka", "proto", names[1]),
            ],
            journeys=[journey],
        ),
    )


@case("grid-title-in-corner", "grid")
def grid_title_in_corner(folder: Path) -> Built:
    """A grid whose corner cell holds the map's title (the same words as the sheet's name); lanes
    with everyday labels (Doing, Thinking, Mood, Ideas); mood as words. A shared map."""
    book = Book()
    ws = book.sheet("Guest stay")
    stages = ["Book", "Pre-arrival", "Check-in", "Stay", "Check-out", "Review"]
    lanes = [
        ("Doing", "actions", ["Books a double room on the hotel site", "Reads the pre-arrival email", "Queues at reception", "Orders room service", "Drops the key card at the desk", "Writes a review on a travel site"]),
        ("Touchpoints", "touchpoints", ["Hotel website", "Email", "Reception desk", "In-room tablet", "Reception desk", "Review site"]),
        ("Thinking", "thoughts", ["Is breakfast included?", "Can we check in early?", "Why is only one person on the desk?", "The tablet menu is handy", "Did they charge the minibar twice?", "Worth mentioning the noisy lift"]),
        ("Mood", "emotion", ["Hopeful", "Pleased", "Impatient", "Happy", "Annoyed", "Neutral"]),
        ("Pain points", "pain_points", [None, "The early check-in fee is not explained", "A 20-minute queue at 3 pm", None, "Disputed minibar charge", None]),
        ("Ideas", "opportunities", ["Show breakfast in the room price", "Sell early check-in when booking", "Mobile check-in with a digital key", None, "Email the itemised bill before check-out", "Reply to every review within a day"]),
    ]  # fmt: skip
    part = grid_map(ws, "A1", "Guest stay", stages, lanes, scores=WORD_SIGNS)
    journey = part.journey(
        "Guest stay",
        None,
        spot=[
            spot(part, "Check-in", "Mood", "Guest stay!D5", "Impatient", score="-"),
            spot(part, "Review", "Ideas", "Guest stay!G7", "Reply to every review within a day"),
        ],
    )
    path = book.save(folder, "hotel.xlsx")
    return finish(path, Expected(personas=[], journeys=[journey]))


def _claim_grid(book: Book) -> tuple[MapPart, list[str]]:
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role", "Goals", "Pain points"],
        [
            [
                "Tomasz Nowak",
                "Research",
                "Homeowner making his first claim, after a burst pipe",
                "Have a usable kitchen again within a month",
                "Not knowing what the policy covers",
            ],
            [
                "Amara Obi",
                "Segment",
                "Landlord with two rented flats",
                "Settle tenant damage claims quickly",
                "Waiting for adjuster visits",
            ],
        ],
    )
    ws = book.sheet("Claim map")
    put(ws, "A1", [["Journey: Home insurance claim"], ["Persona: Tomasz Nowak"]])
    steps = {
        "Report": ["Call the hotline", "Upload photos"],
        "Assess": ["Adjuster visit", "Receive the offer"],
        "Settle": ["Accept the payout"],
        "Repair": ["Book a builder", "Sign off the work"],
    }
    lanes = [
        ("Actions", "actions", ["Calls at 7 am with water still dripping", "Uploads 14 photos of the kitchen", "Shows the adjuster the swollen cabinets", "Reads the settlement offer", "Accepts £6,200 by e-signature", "Gets three quotes from builders", "Checks the new floor for leaks"]),
        ("Touchpoints", "touchpoints", ["Claims hotline", "Claims app", "Home visit", "Email, claims app", "E-signature page", "Approved builder list", "Builder, claims app"]),
        ("Emotion", "emotion", [2, 3, 3, 1, 4, 3, 5]),
        ("Pain points", "pain_points", ["The phone menu has no emergency option", "The app compresses photos until details vanish", "Visit slot given as 'between 8 and 6'", "The offer does not list the deductions", None, "Approved builders are booked for weeks", None]),
        ("Backstage", "backstage", ["Claim opened in the claims system", "Photos triaged by the desk team", "Adjuster report written", "Settlement calculated", "Payment released by Finance", None, "Claim closed"]),
    ]  # fmt: skip
    part = grid_map(
        ws, "A4", "Stage", list(steps), lanes, steps=steps, steps_label="Steps", scores=SCALE_1_5
    )
    return part, names


@case("grid-merged-stages-over-steps", "grid")
def grid_merged_steps(folder: Path) -> Built:
    """Stage headers merged over their step columns, a `Steps` row below, a title block naming
    the journey and the persona; emotion scored 1-5."""
    book = Book()
    part, names = _claim_grid(book)
    path = book.save(folder, "home-insurance.xlsx")
    return finish(path, _claim_expected(part, names))


def _claim_expected(part: MapPart, names: list[str]) -> Expected:
    journey = part.journey(
        "Home insurance claim",
        "Tomasz Nowak",
        spot=[
            spot(
                part,
                "Report",
                "Actions",
                "Claim map!C6",
                "Uploads 14 photos of the kitchen",
                step="Upload photos",
            ),
            spot(
                part, "Assess", "Emotion", "Claim map!E8", "1", step="Receive the offer", score=-1.0
            ),
            spot(
                part,
                "Settle",
                "Backstage",
                "Claim map!F10",
                "Payment released by Finance",
                step="Accept the payout",
            ),
        ],
    )
    return Expected(
        personas=[
            PersonaExp(
                "Tomasz Nowak",
                "research",
                names[0],
                {"pain_points": ["Not knowing what the policy covers"]},
            ),
            PersonaExp("Amara Obi", "segment", names[1]),
        ],
        journeys=[journey],
    )


@case("grid-merged-steps-blank-label-margin", "grid")
def grid_merged_steps_blank_label(folder: Path) -> Built:
    """A grid at B4 under a one-line title in B2: empty corner, merged stage headers, a steps row
    with no label, a Channels lane. A shared map."""
    book = Book()
    ws = book.sheet("Enrolment")
    put(ws, "B2", [["Evening course enrolment"]])
    steps = {
        "Explore": ["Browse the catalogue", "Open evening"],
        "Enrol": ["Create an account", "Pay the fee", "Get the timetable"],
        "Start": ["First class", "Join a study group"],
    }
    lanes = [
        ("Actions", "actions", ["Filters courses by evening and price", "Talks to a tutor at the open evening", "Creates an account with a personal email", "Pays £240 by card", "Downloads the timetable PDF", "Looks for room C2.14", "Joins the group chat the tutor shares"]),
        ("Channels", "channels", ["College website", "Campus", "Website", "Payment page", "Email", "Campus signs", "WhatsApp"]),
        ("Emotion", "emotion", [3, 4, 2, 3, 4, 2, 5]),
        ("Pain points", "pain_points", ["Courses listed without start dates", None, "Password rules shown only after the form fails", "No instalments", "The timetable lists room codes only", "Building C has no signs after 6 pm", None]),
    ]  # fmt: skip
    part = grid_map(
        ws, "B4", None, list(steps), lanes, steps=steps, steps_label=None, scores=SCALE_1_5
    )
    journey = part.journey(
        "Evening course enrolment",
        None,
        spot=[
            spot(part, "Enrol", "Channels", "Enrolment!F7", "Payment page", step="Pay the fee"),
            spot(
                part, "Start", "Emotion", "Enrolment!I8", "5", step="Join a study group", score=1.0
            ),
        ],
    )
    path = book.save(folder, "evening-course.xlsx")
    return finish(path, Expected(personas=[], journeys=[journey]))


@case("grid-russian-satisfaction-row", "grid")
def grid_russian(folder: Path) -> Built:
    """The issue's Russian grid: stages across row 1, lanes down column A (goals, actions,
    touchpoints, thoughts, pains, a 1-5 customer-satisfaction row, opportunities), with a Russian
    persona table. The grid names no persona: a shared map."""
    book = Book()
    names = personas_table(
        book.sheet("Персоны"),
        "A1",
        ["Имя", "Возраст", "Профессия", "Цели", "Боли"],
        [
            [
                "Ольга Смирнова",
                38,
                "Бухгалтер",
                "Работать из дома без обрывов связи",
                "Мастер приходит не в назначенное время",
            ],
            ["Игорь Петров", 61, "Пенсионер", "Смотреть футбол без зависаний", "Непонятные тарифы"],
        ],
    )
    ws = book.sheet("Подключение интернета")
    stages = ["Поиск провайдера", "Выбор тарифа", "Заявка и монтаж", "Первый месяц", "Продление"]
    lanes = [
        ("Цели клиента", "custom", ["Найти провайдера, который работает в доме", "Понять, какая скорость нужна", "Подключиться за выходные", "Стабильная связь в рабочие часы", "Не переплачивать после акции"]),
        ("Действия клиента", "actions", ["Спрашивает соседей в чате дома", "Сравнивает тарифы на сайте", "Оставляет заявку и ждёт звонка", "Звонит в поддержку из-за обрывов", "Читает письмо о новой цене"]),
        ("Точки контакта", "touchpoints", ["Чат дома, сайт провайдера", "Сайт, калькулятор тарифов", "Колл-центр, мастер", "Поддержка, личный кабинет", "Почта, личный кабинет"]),
        ("Мысли", "thoughts", ["Кто здесь вообще подключает?", "Зачем мне 500 Мбит?", "Лишь бы мастер пришёл вовремя", "Опять пропал интернет во время созвона", "Почему цена выросла без предупреждения?"]),
        ("Боли", "pain_points", [None, "Цена указана только по акции", "Мастер опоздал на три часа", "Долгое ожидание на линии", "Нет уведомления о повышении цены"]),
        ("Удовлетворенность клиента", "emotion", [3, 4, 1, 2, 3]),
        ("Возможности", "opportunities", ["Проверка адреса на главной странице", "Подсказка по скорости для работы из дома", "Точное время визита мастера в SMS", "Обратный звонок вместо ожидания", "Предупреждать о новой цене за месяц"]),
    ]  # fmt: skip
    part = grid_map(ws, "A1", "Этап", stages, lanes, scores=SCALE_1_5)
    journey = part.journey(
        "Подключение интернета",
        None,
        spot=[
            spot(
                part,
                "Заявка и монтаж",
                "Удовлетворенность клиента",
                "Подключение интернета!D7",
                "1",
                score=-1.0,
            ),
            spot(
                part,
                "Поиск провайдера",
                "Цели клиента",
                "Подключение интернета!B2",
                "Найти провайдера, который работает в доме",
            ),
        ],
    )
    path = book.save(folder, "internet-ru.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Ольга Смирнова",
                    source=names[0],
                    fields={
                        "role": "Бухгалтер",
                        "demographics": {"Возраст": "38"},
                        "goals": ["Работать из дома без обрывов связи"],
                        "pain_points": ["Мастер приходит не в назначенное время"],
                    },
                ),
                PersonaExp("Игорь Петров", source=names[1], fields={"role": "Пенсионер"}),
            ],
            journeys=[journey],
        ),
    )


@case("grid-sheets-named-after-personas", "grid")
def grid_sheets_named_after_personas(folder: Path) -> Built:
    """One grid per persona, each on a sheet named after the persona and no title: the sheet name
    gives the persona, the file name the journey (pharmacy-refill)."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Goals"],
        [
            ["Ana Lima", "Carer for her father", "Never run out of his heart medication"],
            ["Ben Carter", "Shift worker with type 1 diabetes", "Refill insulin without time off"],
        ],
    )
    stages = ["Request", "Pharmacy prepares", "Collect"]
    ana = grid_map(
        book.sheet("Ana Lima"),
        "A1",
        "Stage",
        stages,
        [
            (
                "Actions",
                "actions",
                [
                    "Orders the repeat prescription in the NHS app",
                    "Waits for the ready-to-collect text",
                    "Collects on the way home from work",
                ],
            ),
            ("Emotion", "emotion", ["😐", "😟", "😊"]),
            (
                "Pain points",
                "pain_points",
                ["The repeat list shows medicines he stopped", "The text never arrives", None],
            ),
        ],
        scores=FACE_SIGNS,
    )
    ben = grid_map(
        book.sheet("Ben Carter"),
        "A1",
        "Stage",
        stages,
        [
            (
                "Actions",
                "actions",
                [
                    "Requests insulin and needles on a night shift",
                    "Calls the pharmacy to check stock",
                    "Collects on his day off",
                ],
            ),
            ("Emotion", "emotion", ["🙂", "😞", "😊"]),
            (
                "Pain points",
                "pain_points",
                [None, "Needles out of stock twice this year", "The pharmacy closes at 6 pm"],
            ),
        ],
        scores=FACE_SIGNS,
    )
    journeys = [
        ana.journey("pharmacy-refill", "Ana Lima", name_by_slug=True),
        ben.journey(
            "pharmacy-refill",
            "Ben Carter",
            name_by_slug=True,
            spot=[spot(ben, "Pharmacy prepares", "Emotion", "Ben Carter!C3", "😞", score="-")],
        ),
    ]
    path = book.save(folder, "pharmacy-refill.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp("Ana Lima", source=names[0]),
                PersonaExp("Ben Carter", source=names[1]),
            ],
            journeys=journeys,
        ),
    )


@case("grid-margin-stray-note-not-read", "grid")
def grid_margin_stray_note(folder: Path) -> Built:
    """A grid at C3 (`Phase` corner) with blank margins, and a note typed far away at L20 that
    belongs to no table: reported as not read (MB035), not dropped."""
    book = Book()
    ws = book.sheet("Outage journey")
    stages = ["Outage starts", "Report it", "Updates", "Power back", "Compensation"]
    lanes = [
        ("Actions", "actions", ["Notices the freezer has gone quiet", "Reports the outage on the website from a phone", "Refreshes the outage map every hour", "Resets the clocks and the router", "Claims for spoiled food"]),
        ("Touchpoints", "touchpoints", [None, "Outage web page", "Outage map, SMS", None, "Claim form"]),
        ("Emotion", "emotion", ["😟", "😐", "😠", "🙂", "😕"]),
        ("Pain points", "pain_points", ["No idea if the neighbours are affected", "The form asks for the meter number", "The estimated fix time moved three times", None, "Receipts needed for the food"]),
        ("Opportunities", "opportunities", ["Text everyone in the area when it goes down", "Report by postcode only", "Honest time ranges instead of exact times", "Text when the power is back", "Flat-rate compensation without receipts"]),
    ]  # fmt: skip
    part = grid_map(ws, "C3", "Phase", stages, lanes, scores=FACE_SIGNS)
    put(ws, "L20", [["Ask the grid team for real restoration times before the review"]])
    journey = part.journey(
        "Outage journey",
        None,
        spot=[spot(part, "Updates", "Emotion", "Outage journey!F6", "😠", score="-")],
    )
    path = book.save(folder, "power-outage.xlsx")
    return finish(
        path,
        Expected(
            personas=[],
            journeys=[journey],
            codes=frozenset({"MB035"}),
            unread=[Unread("Outage journey", "L20", 1)],
        ),
    )


# ====================================================================== languages


@case("rows-german-with-anleitung", "language")
def rows_german(folder: Path) -> Built:
    """A German rows map (Phase | Aktionen | Touchpoints | Gedanken | Emotionen | Schmerzpunkte |
    Chancen) under a title block, German persona headers, and an `Anleitung` sheet skipped whole
    with one note."""
    book = Book()
    put(
        book.sheet("Anleitung"),
        "A1",
        [
            ["So füllen Sie die Vorlage aus"],
            ["Eine Zeile pro Phase der Journey."],
            ["Emotionen mit einem Gesicht bewerten, von 😀 bis 😠."],
        ],
    )
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Alter", "Beruf", "Ziele", "Frustrationen"],
        [
            [
                "Katrin Hoffmann",
                36,
                "Projektleiterin",
                "Einen Kita-Platz ab August finden",
                "Wartelisten ohne Rückmeldung; Formulare nur auf Papier",
            ]
        ],
    )
    ws = book.sheet("Kita-Platz")
    put(ws, "A1", [["Journey: Kita-Platz finden"], ["Persona: Katrin Hoffmann"]])
    header = [
        "Phase",
        "Aktionen",
        "Touchpoints",
        "Gedanken",
        "Emotionen",
        "Schmerzpunkte",
        "Chancen",
    ]
    kinds = [STAGE, "actions", "touchpoints", "thoughts", "emotion", "pain_points", "opportunities"]
    rows = [
        ["Informieren", "Sucht Kitas im Umkreis auf dem Stadtportal", "Stadtportal, Elternforum", "Welche Kitas haben überhaupt Plätze?", "😐", "Keine Angabe zu freien Plätzen", "Freie Plätze im Portal anzeigen"],
        ["Besichtigen", "Besucht drei Kitas am Tag der offenen Tür", "Tag der offenen Tür", "Die zweite Kita hat einen tollen Garten", "😊", "Termine nur vormittags", "Abendtermine für berufstätige Eltern"],
        ["Anmelden", "Füllt drei Papierformulare aus", "Formulare, Post", "Warum muss ich überall das Gleiche eintragen?", "😟", "Jede Kita hat ein eigenes Formular", "Ein Online-Formular für alle Kitas"],
        ["Warten", "Ruft alle zwei Wochen nach", "Telefon", "Stehen wir überhaupt auf der Liste?", "😠", "Keine Eingangsbestätigung", "Status der Anmeldung online"],
        ["Zusage", "Unterschreibt den Betreuungsvertrag", "Kita-Leitung, Vertrag", "Endlich geschafft", "😀", "Zusage kommt erst im Juni", "Zusagen bis März verschicken"],
    ]  # fmt: skip
    main = rows_map(ws, "A4", header, kinds, rows, scores=FACE_SIGNS)
    journey = main.journey(
        "Kita-Platz finden",
        "Katrin Hoffmann",
        spot=[spot(main, "Warten", "Schmerzpunkte", "Kita-Platz!F8", "Keine Eingangsbestätigung")],
    )
    path = book.save(folder, "kita-anmeldung.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Katrin Hoffmann",
                    source=names[0],
                    fields={
                        "role": "Projektleiterin",
                        "demographics": {"Alter": "36"},
                        "goals": ["Einen Kita-Platz ab August finden"],
                        "pain_points": ["Wartelisten ohne Rückmeldung", "Formulare nur auf Papier"],
                    },
                )
            ],
            journeys=[journey],
            codes=frozenset({"MB036"}),
            skipped=["Anleitung"],
        ),
    )


@case("grid-french-etape-corner", "language")
def grid_french(folder: Path) -> Built:
    """A French grid (`Étape` corner; Actions, Points de contact, Pensées, Émotions, Points de
    douleur, Opportunités) and a French persona table. No persona on the grid: a shared map."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Nom", "Âge", "Profession", "Objectifs", "Frustrations"],
        [
            [
                "Camille Dubois",
                45,
                "Infirmière libérale",
                "Être remboursée sans avancer les frais",
                "Les remboursements prennent trois semaines",
            ]
        ],
    )
    ws = book.sheet("Parcours adhésion")
    stages = ["Découverte", "Comparaison", "Souscription", "Premier remboursement", "Fidélisation"]
    lanes = [
        ("Actions", "actions", ["Lit un article sur les mutuelles pour indépendants", "Compare quatre devis en ligne", "Signe le contrat en ligne", "Envoie une facture d'ostéopathe", "Reçoit la proposition de renouvellement"]),
        ("Points de contact", "touchpoints", ["Blog, réseaux sociaux", "Comparateur, site de la mutuelle", "Espace adhérent", "Application mobile", "Courrier, e-mail"]),
        ("Pensées", "thoughts", ["Est-ce que l'ostéopathie est couverte ?", "Les garanties sont illisibles", "Enfin une signature sans papier", "Combien de temps avant le virement ?", "Le tarif augmente encore"]),
        ("Émotions", "emotion", ["🙂", "😕", "😊", "😐", "😞"]),
        ("Points de douleur", "pain_points", [None, "Garanties exprimées en pourcentage de la base de remboursement", None, "Aucun suivi du remboursement", "Hausse de tarif sans explication"]),
        ("Opportunités", "opportunities", ["Simulateur par type de soin", "Exemples de remboursement en euros", None, "Suivi du remboursement dans l'application", "Expliquer la hausse avant l'échéance"]),
    ]  # fmt: skip
    part = grid_map(ws, "A1", "Étape", stages, lanes, scores=FACE_SIGNS)
    journey = part.journey(
        "Parcours adhésion",
        None,
        spot=[
            spot(
                part,
                "Premier remboursement",
                "Points de douleur",
                "Parcours adhésion!E6",
                "Aucun suivi du remboursement",
            )
        ],
    )
    path = book.save(folder, "mutuelle.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Camille Dubois",
                    source=names[0],
                    fields={
                        "role": "Infirmière libérale",
                        "demographics": {"Âge": "45"},
                        "goals": ["Être remboursée sans avancer les frais"],
                        "pain_points": ["Les remboursements prennent trois semaines"],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


@case("rows-spanish-persona-title", "language")
def rows_spanish(folder: Path) -> Built:
    """A Spanish rows map (Etapa | Acciones | Puntos de contacto | Pensamientos | Emociones |
    Puntos de dolor | Oportunidades) under `Persona: …` and a blank row; emotions -2..2."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Nombre", "Edad", "Ocupación", "Objetivos", "Frustraciones"],
        [
            [
                "Lucía Fernández",
                29,
                "Diseñadora gráfica",
                "Hacerse una limpieza sin pedir el día libre",
                "Casi no hay citas por la tarde",
            ],
            [
                "Javier Morales",
                47,
                "Taxista",
                "Arreglar una muela sin esperar semanas",
                "No entiende el presupuesto",
            ],
        ],
    )
    ws = book.sheet("Primera visita")
    put(ws, "A1", [["Persona: Lucía Fernández"]])
    header = [
        "Etapa",
        "Acciones",
        "Puntos de contacto",
        "Pensamientos",
        "Emociones",
        "Puntos de dolor",
        "Oportunidades",
    ]
    kinds = [STAGE, "actions", "touchpoints", "thoughts", "emotion", "pain_points", "opportunities"]
    rows = [
        ["Buscar clínica", "Busca clínicas cerca del trabajo en el mapa", "Google Maps, reseñas", "¿Atienden después de las siete?", 0, "Horarios desactualizados en la ficha", "Horario de tarde visible en la ficha"],
        ["Pedir cita", "Reserva por WhatsApp", "WhatsApp", "Qué rápido han contestado", 2, None, "Recordatorio automático un día antes"],
        ["Primera visita", "Rellena el cuestionario de salud en la sala de espera", "Recepción, formulario en papel", "Otra vez los mismos datos", -1, "Formulario en papel repetido", "Cuestionario en línea antes de la cita"],
        ["Presupuesto", "Recibe un presupuesto de tres tratamientos", "Consulta, presupuesto impreso", "¿Todo esto es necesario?", -2, "Presupuesto sin explicación de cada tratamiento", "Explicar cada tratamiento con imágenes"],
        ["Tratamiento", "Vuelve para la limpieza", "Gabinete", "Mucho mejor de lo que esperaba", 1, None, "Ofrecer pago a plazos"],
    ]  # fmt: skip
    main = rows_map(ws, "A3", header, kinds, rows, scores=SCALE_M2_2)
    journey = main.journey(
        "Primera visita",
        "Lucía Fernández",
        spot=[spot(main, "Presupuesto", "Emociones", "Primera visita!E7", "-2", score=-1.0)],
    )
    path = book.save(folder, "clinica-dental.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Lucía Fernández",
                    source=names[0],
                    fields={
                        "role": "Diseñadora gráfica",
                        "demographics": {"Edad": "29"},
                        "goals": ["Hacerse una limpieza sin pedir el día libre"],
                        "pain_points": ["Casi no hay citas por la tarde"],
                    },
                ),
                PersonaExp("Javier Morales", source=names[1], fields={"role": "Taxista"}),
            ],
            journeys=[journey],
        ),
    )


@case("rows-portuguese-persona-column-margin", "language")
def rows_portuguese(folder: Path) -> Built:
    """A Portuguese rows table at B2 with a Persona column (Etapa, Ações, Pontos de contato,
    Emoções as faces, Pontos de dor, Oportunidades); one map per persona."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Nome", "Idade", "Profissão", "Objetivos"],
        [
            ["Beatriz Santos", 31, "Enfermeira", "Fazer as compras da semana em dez minutos"],
            ["Rafael Costa", 58, "Motorista de aplicativo", "Comprar só o que está em promoção"],
        ],
    )
    ws = book.sheet("Compras no app")
    header = [
        "Persona",
        "Etapa",
        "Ações",
        "Pontos de contato",
        "Emoções",
        "Pontos de dor",
        "Oportunidades",
    ]
    kinds = [PERSONA, STAGE, "actions", "touchpoints", "emotion", "pain_points", "opportunities"]
    bia, rafa = "Beatriz Santos", "Rafael Costa"
    rows = [
        [bia, "Montar a lista", "Repete a compra da semana passada", "App, lista salva", "🙂", None, "Sugerir itens esquecidos"],
        [bia, "Escolher entrega", "Procura um horário depois do plantão", "App, agenda de entregas", "😟", "Horários noturnos esgotados", "Reservar um horário fixo semanal"],
        [bia, "Receber", "Recebe as compras com o porteiro", "Entregador, portaria", "😊", "Congelados chegam moles", "Sacola térmica para congelados"],
        [rafa, "Montar a lista", "Filtra só as ofertas do dia", "App, aba de ofertas", "😐", "Ofertas sem preço por quilo", "Mostrar o preço por quilo"],
        [rafa, "Escolher entrega", "Escolhe retirar na loja", "App, loja", "🙂", None, "Avisar quando o pedido estiver pronto"],
        [rafa, "Receber", "Retira no balcão da loja", "Balcão da loja", "😕", "Fila no balcão de retirada", "Armários de retirada"],
    ]  # fmt: skip
    main = rows_map(ws, "B2", header, kinds, rows, scores=FACE_SIGNS)
    journeys = [
        main.journey("Compras no app", bia, group=bia),
        main.journey(
            "Compras no app",
            rafa,
            group=rafa,
            spot=[
                spot(
                    main,
                    "Receber",
                    "Pontos de dor",
                    "Compras no app!G8",
                    "Fila no balcão de retirada",
                )
            ],
        ),
    ]
    path = book.save(folder, "mercado-app.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    bia,
                    source=names[0],
                    fields={"role": "Enfermeira", "demographics": {"Idade": "31"}},
                ),
                PersonaExp(rafa, source=names[1], fields={"role": "Motorista de aplicativo"}),
            ],
            journeys=journeys,
        ),
    )


@case("grid-italian-persona-title", "language")
def grid_italian(folder: Path) -> Built:
    """An Italian grid (`Fase` corner; Azioni, Punti di contatto, Pensieri, Emozioni 1-5, Punti di
    dolore, Opportunità) under `Persona: …` and a blank row."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Nome", "Età", "Professione", "Obiettivi"],
        [["Giulia Romano", 33, "Architetta", "Comprare casa prima della nascita del figlio"]],
    )
    ws = book.sheet("Mutuo casa")
    put(ws, "A1", [["Persona: Giulia Romano"]])
    stages = ["Ricerca", "Simulazione", "Richiesta", "Perizia", "Firma dal notaio"]
    lanes = [
        ("Azioni", "actions", ["Confronta i tassi su due siti", "Usa il simulatore della banca", "Carica buste paga e dichiarazione dei redditi", "Accompagna il perito nell'appartamento", "Firma l'atto dal notaio"]),
        ("Punti di contatto", "touchpoints", ["Siti di confronto", "Simulatore online", "Area clienti, consulente", "Perito", "Studio notarile"]),
        ("Pensieri", "thoughts", ["Fisso o variabile?", "La rata è sostenibile", "Perché chiedono di nuovo gli stessi documenti?", "Speriamo che il valore basti", "Finalmente è casa nostra"]),
        ("Emozioni", "emotion", [3, 4, 1, 2, 5]),
        ("Punti di dolore", "pain_points", ["Spese accessorie poco chiare", None, "Documenti richiesti due volte", "Perizia fissata dopo tre settimane", None]),
        ("Opportunità", "opportunities", ["Costo totale del mutuo in evidenza", "Salvare la simulazione", "Elenco completo dei documenti all'inizio", "Prenotare la perizia online", None]),
    ]  # fmt: skip
    part = grid_map(ws, "A3", "Fase", stages, lanes, scores=SCALE_1_5)
    journey = part.journey(
        "Mutuo casa",
        "Giulia Romano",
        spot=[spot(part, "Richiesta", "Emozioni", "Mutuo casa!D7", "1", score=-1.0)],
    )
    path = book.save(folder, "mutuo.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Giulia Romano",
                    source=names[0],
                    fields={
                        "role": "Architetta",
                        "demographics": {"Età": "33"},
                        "goals": ["Comprare casa prima della nascita del figlio"],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


@case("rows-dutch-0-10-scores", "language")
def rows_dutch(folder: Path) -> Built:
    """A Dutch rows map (Fase | Acties | Contactmomenten | Gedachten | Emoties | Pijnpunten |
    Kansen) with emotions scored 0-10, personas on a `Persona's` sheet with Dutch headers."""
    book = Book()
    names = personas_table(
        book.sheet("Persona's"),
        "A1",
        ["Naam", "Leeftijd", "Beroep", "Doelen", "Frustraties"],
        [
            [
                "Sanne de Vries",
                27,
                "Verpleegkundige",
                "Een huurwoning vinden binnen 30 minuten van het ziekenhuis",
                "Reageren op advertenties zonder ooit antwoord",
            ]
        ],
    )
    ws = book.sheet("Huurwoning zoeken")
    put(ws, "A1", [["Persona: Sanne de Vries"]])
    header = ["Fase", "Acties", "Contactmomenten", "Gedachten", "Emoties", "Pijnpunten", "Kansen"]
    kinds = [STAGE, "actions", "touchpoints", "thoughts", "emotion", "pain_points", "opportunities"]
    rows = [
        ["Zoeken", "Zet zoekfilters op drie websites", "Woningsites", "Alles boven de 1.400 euro", 4, "Dezelfde woning staat op drie sites met andere prijzen", "Eén overzicht per woning"],
        ["Reageren", "Stuurt twintig reacties per week", "Website, e-mail", "Leest iemand dit wel?", 3, "Geen ontvangstbevestiging", "Automatische bevestiging met verwachte reactietijd"],
        ["Bezichtigen", "Bezichtigt een woning met dertig anderen", "Groepsbezichtiging", "Ik maak geen kans", 2, "Groepsbezichtigingen van tien minuten", "Digitale rondleiding vooraf"],
        ["Contract", "Levert loonstroken en een werkgeversverklaring aan", "E-mail, makelaar", "Gelukt!", 9, "Documenten per e-mail versturen is onveilig", "Veilig uploadportaal"],
        ["Verhuizen", "Krijgt de sleutel en schrijft zich in bij de gemeente", "Makelaar, gemeente", "Eindelijk mijn eigen plek", 8, "Oplevering zonder meterstanden", "Meterstanden in het opleverrapport"],
    ]  # fmt: skip
    main = rows_map(ws, "A3", header, kinds, rows, scores=SCALE_0_10)
    journey = main.journey(
        "Huurwoning zoeken",
        "Sanne de Vries",
        spot=[spot(main, "Contract", "Emoties", "Huurwoning zoeken!E7", "9", score=0.8)],
    )
    path = book.save(folder, "huurwoning.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Sanne de Vries",
                    source=names[0],
                    fields={
                        "role": "Verpleegkundige",
                        "demographics": {"Leeftijd": "27"},
                        "pain_points": ["Reageren op advertenties zonder ooit antwoord"],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


@case("rows-chinese-single-persona", "language")
def rows_chinese(folder: Path) -> Built:
    """A Chinese rows map (阶段 | 行为 | 触点 | 想法 | 情绪 | 痛点 | 机会点) with faces for emotions, no
    title: the persona is the workbook's only persona (用户画像 sheet with 姓名, 年龄, 职业 …)."""
    book = Book()
    names = personas_table(
        book.sheet("用户画像"),
        "A1",
        ["姓名", "年龄", "职业", "目标", "痛点"],
        [["李娜", 28, "产品经理", "午休时间内吃上热饭", "高峰期配送慢"]],
    )
    ws = book.sheet("点外卖")
    header = ["阶段", "行为", "触点", "想法", "情绪", "痛点", "机会点"]
    kinds = [STAGE, "actions", "touchpoints", "thoughts", "emotion", "pain_points", "opportunities"]
    rows = [
        ["选餐", "在App里浏览附近的餐厅", "外卖App首页", "今天吃什么?", "😐", "推荐总是同几家店", "根据口味推荐新店"],
        ["下单", "凑满减后下单", "购物车、优惠券", "满减规则太复杂了", "😕", "优惠券不能叠加", "自动选择最优优惠"],
        ["等待配送", "每隔几分钟查看骑手位置", "订单追踪页", "还有二十分钟就要开会了", "😟", "预计送达时间不准", "更准确的送达时间"],
        ["收餐", "在公司前台取餐", "骑手、前台", "还是热的", "😊", None, "前台取餐柜"],
        ["评价", "给餐厅打五星", "评价页", "下次还点这家", "😄", None, "评价后返小额红包"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows, scores=FACE_SIGNS)
    journey = main.journey(
        "点外卖",
        "李娜",
        spot=[spot(main, "等待配送", "痛点", "点外卖!F4", "预计送达时间不准")],
    )
    path = book.save(folder, "waimai.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "李娜",
                    source=names[0],
                    fields={
                        "role": "产品经理",
                        "demographics": {"年龄": "28"},
                        "goals": ["午休时间内吃上热饭"],
                        "pain_points": ["高峰期配送慢"],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


@case("grid-japanese-phase-corner", "language")
def grid_japanese(folder: Path) -> Built:
    """A Japanese grid (フェーズ corner; 認知 → 継続利用 across; 行動, タッチポイント, 思考, 感情, 課題
    down) and a Japanese persona table (名前, 年齢, 職業, 目標, 課題). A shared map."""
    book = Book()
    names = personas_table(
        book.sheet("ペルソナ"),
        "A1",
        ["名前", "年齢", "職業", "目標", "課題"],
        [["佐藤 美咲", 27, "看護師", "夜勤明けでも続けられる英会話", "予約が取りにくい"]],
    )
    ws = book.sheet("オンライン英会話")
    stages = ["認知", "興味・関心", "比較検討", "申し込み", "継続利用"]
    lanes = [
        (
            "行動",
            "actions",
            ["SNS広告で無料体験を知る", "体験レッスンの口コミを読む", "3社の料金を比較する", "無料体験を予約する", "週3回レッスンを受ける"],
        ),
        (
            "タッチポイント",
            "touchpoints",
            ["Instagram広告", "口コミサイト", "各社の料金ページ", "予約フォーム", "レッスンアプリ"],
        ),
        (
            "思考",
            "thoughts",
            ["本当に続けられるかな", "講師の質はどうだろう", "どこも似ていて分かりにくい", "深夜でも予約できるのは助かる", "少しずつ話せるようになってきた"],
        ),
        ("感情", "emotion", ["😐", "🙂", "😕", "😊", "😄"]),
        (
            "課題",
            "pain_points",
            [None, "口コミが古い", "料金体系が複雑", "登録項目が多い", "人気講師の予約が埋まりやすい"],
        ),
    ]  # fmt: skip
    part = grid_map(ws, "A1", "フェーズ", stages, lanes, scores=FACE_SIGNS)
    journey = part.journey(
        "オンライン英会話",
        None,
        spot=[spot(part, "比較検討", "課題", "オンライン英会話!D6", "料金体系が複雑")],
    )
    path = book.save(folder, "eikaiwa.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "佐藤 美咲",
                    source=names[0],
                    fields={
                        "role": "看護師",
                        "demographics": {"年齢": "27"},
                        "goals": ["夜勤明けでも続けられる英会話"],
                        "pain_points": ["予約が取りにくい"],
                    },
                )
            ],
            journeys=[journey],
        ),
    )


# ====================================================================== persona tables


@case("personas-name-first-snake-case-headers", "personas")
def personas_snake_case(folder: Path) -> Built:
    """A research-tool export: `Name` first, then snake_case headers mapbridge does not know
    (primary_scenarios, core_need, top_concern). Nothing is lost; no Kind column: unspecified."""
    book = Book()
    header = ["Name", "primary_scenarios", "core_need", "top_concern"]
    rows = [
        ["Nadia Haddad", "Splitting rent and bills with two flatmates", "See who has paid without chasing anyone", "Sharing bank details in a group chat"],
        ["Owen Price", "Paying a builder in stages", "Release money only when each stage is done", "Losing a deposit to a builder who disappears"],
        ["Mei Lin", "Sending money to her parents in Taipei", "Know the fee and the rate before sending", "Transfers held for checks with no explanation"],
    ]  # fmt: skip
    names = personas_table(book.sheet("research_export"), "A1", header, rows)
    path = book.save(folder, "fintech-research.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    row[0], source=names[i], kept=dict(zip(header[1:], row[1:], strict=True))
                )
                for i, row in enumerate(rows)
            ],
            journeys=[],
        ),
    )


@case("personas-segment-first-column", "personas")
def personas_segment_first(folder: Path) -> Built:
    """A segment table keyed by a lower-case `segment` column, with snake_case headers: each row is
    a persona named by its segment; no Kind column, so every kind is unspecified."""
    book = Book()
    header = ["segment", "size_estimate", "primary_scenarios", "core_need", "top_concern"]
    rows = [
        ["Weekend DIYers", "18% of app users", "Small repairs at home on Saturdays", "Know which tool to rent for the job", "Renting a tool that turns out to be wrong"],
        ["Small landlords", "7% of app users", "Fixing things between tenancies", "Book a trusted tradesperson quickly", "Call-out fees for small jobs"],
        ["First-time buyers", "11% of app users", "Renovating a first flat on a budget", "Plan the work in the right order", "Hidden costs once the walls are open"],
    ]  # fmt: skip
    names = personas_table(book.sheet("Segments"), "A1", header, rows)
    path = book.save(folder, "segments.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    row[0], source=names[i], kept=dict(zip(header[1:], row[1:], strict=True))
                )
                for i, row in enumerate(rows)
            ],
            journeys=[],
        ),
    )


@case("personas-status-and-qualified-headers", "personas")
def personas_status_qualified(folder: Path) -> Built:
    """A persona tracker: `Status` (Active, Retired) is not the kind; qualified headers read by
    meaning (Primary Goals, Major Pain Points, Quotes from Research); a real Last updated date."""
    book = Book()
    header = [
        "Name",
        "Role",
        "Status",
        "Primary Goals",
        "Major Pain Points",
        "Quotes from Research",
        "Last updated",
    ]
    rows = [
        ["Olivia Grant", "Head of procurement at a hospital trust", "Active", "Cut supplier approval from six weeks to two", "Compliance checks repeated by three teams", "I sign off the same insurance certificate three times a year.", datetime(2025, 11, 3)],
        ["Rahul Mehta", "IT manager at a secondary school", "Retired", "Patch 900 laptops over the summer", "Licences renewed on different dates", "Every renewal is a surprise invoice.", datetime(2024, 6, 20)],
    ]  # fmt: skip
    names = personas_table(book.sheet("Persona tracker"), "A1", header, rows)
    path = book.save(folder, "persona-tracker.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    row[0],
                    source=names[i],
                    fields={
                        "role": row[1],
                        "goals": [row[3]],
                        "pain_points": [row[4]],
                        "quote": row[5],
                        "last_updated": row[6].date(),
                        "extra": {"Status": row[2]},
                    },
                )
                for i, row in enumerate(rows)
            ],
            journeys=[],
        ),
    )


@case("personas-kind-column-unknown-value", "personas")
def personas_kind_column(folder: Path) -> Built:
    """A Kind column with research, proto-persona and segment values and one value that is no
    kind (`Marketing`): a warning (MB016) that keeps the text; that persona's kind is unspecified."""
    book = Book()
    rows = [
        ["Fatima Zahra", "Research", "Pharmacist running two branches", "Spend less time on stock orders"],
        ["Leo Martins", "Proto-persona", "Delivery driver for the pharmacy", "Plan his route before the first drop"],
        ["Clinic buyers", "Segment", "Buyers at private clinics", "Order repeat items in bulk"],
        ["Ingrid Olsen", "Marketing", "Regional manager", "See every branch's stock on one screen"],
    ]  # fmt: skip
    names = personas_table(book.sheet("Personas"), "A1", ["Name", "Kind", "Role", "Goals"], rows)
    path = book.save(folder, "personas-kinds.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp("Fatima Zahra", "research", names[0]),
                PersonaExp("Leo Martins", "proto", names[1]),
                PersonaExp("Clinic buyers", "segment", names[2]),
                PersonaExp(
                    "Ingrid Olsen",
                    "unspecified",
                    names[3],
                    fields={"extra": {"Kind": "Marketing"}, "role": "Regional manager"},
                ),
            ],
            journeys=[],
            codes=frozenset({"MB016"}),
        ),
    )


# ====================================================================== persona cards


@case("card-field-details-pain-point-table", "card")
def card_field_details(folder: Path) -> Built:
    """A vertical card under `Field | Details` from B2 (Persona Name, Age, Occupation, Location,
    Primary Goal, an unknown label, Quote), then a `Pain Point | Impact` table below it."""
    book = Book()
    ws = book.sheet("Persona")
    put(
        ws,
        "B2",
        [
            ["Field", "Details"],
            ["Persona Name", "Maria Chen"],
            ["Age", 41],
            ["Occupation", "Practice manager at a physiotherapy clinic"],
            ["Location", "Leeds"],
            ["Primary Goal", "Fill cancelled appointments the same day"],
            ["Tech comfort", "Uses the booking system all day, avoids spreadsheets"],
            ["Quote", "If a slot stays empty, that's money walking out the door."],
            [],
            ["Pain Point", "Impact"],
            ["Patients cancel by voicemail after hours", "High"],
            ["Reminder texts go out too late to rebook", "Medium"],
            ["The waiting list lives on paper", "High"],
        ],
    )
    path = book.save(folder, "persona-maria-chen.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Maria Chen",
                    source="Persona!C3",
                    fields={
                        "role": "Practice manager at a physiotherapy clinic",
                        "demographics": {"Age": "41", "Location": "Leeds"},
                        "goals": ["Fill cancelled appointments the same day"],
                        "pain_points": [
                            "Patients cancel by voicemail after hours (Impact: High)",
                            "Reminder texts go out too late to rebook (Impact: Medium)",
                            "The waiting list lives on paper (Impact: High)",
                        ],
                        "quote": "If a slot stays empty, that's money walking out the door.",
                        "extra": {
                            "Tech comfort": "Uses the booking system all day, avoids spreadsheets"
                        },
                    },
                )
            ],
            journeys=[],
        ),
    )


@case("card-no-header-goals-priority-table", "card")
def card_no_header(folder: Path) -> Built:
    """A card without a header row on a sheet named `Persona - Tariq`, a qualified label (Main
    Frustration), and a `Goals | Priority` table below that fills the goals."""
    book = Book()
    ws = book.sheet("Persona - Tariq")
    put(
        ws,
        "A1",
        [
            ["Persona Name", "Tariq Aziz"],
            ["Age", 23],
            ["Occupation", "Delivery rider and part-time accounting student"],
            ["Location", "Birmingham"],
            ["Main Frustration", "Apps that drain his phone battery mid-shift"],
            ["Quote", "I earn most on rainy evenings, if my phone survives."],
            [],
            ["Goals", "Priority"],
            ["Pay off the e-bike loan by summer", "High"],
            ["Pass the first-year accounting exams", "Medium"],
        ],
    )
    path = book.save(folder, "persona-tariq.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(
                    "Tariq Aziz",
                    source="Persona - Tariq!B1",
                    fields={
                        "role": "Delivery rider and part-time accounting student",
                        "demographics": {"Age": "23", "Location": "Birmingham"},
                        "goals": [
                            "Pay off the e-bike loan by summer (Priority: High)",
                            "Pass the first-year accounting exams (Priority: Medium)",
                        ],
                        "pain_points": ["Apps that drain his phone battery mid-shift"],
                        "quote": "I earn most on rainy evenings, if my phone survives.",
                    },
                )
            ],
            journeys=[],
        ),
    )


@case("cards-three-side-by-side", "card")
def cards_three_side_by_side(folder: Path) -> Built:
    """Three `Field | Details` cards side by side (B, E and H), one blank column apart: three
    personas, left to right; channels split on commas."""
    book = Book()
    ws = book.sheet("Persona cards")
    cards = [
        ("B2", "Elena Petrova", 52, "Owner of a family restaurant", "Keep the kitchen fully staffed at weekends", "Agency staff who cancel the night before", "Phone, WhatsApp"),
        ("E2", "Sam O'Connor", 29, "Sous chef", "Swap shifts without three phone calls", "Rota published on Friday for Monday", "WhatsApp"),
        ("H2", "Grace Mwangi", 38, "Catering coordinator for events", "Confirm staff numbers a week ahead", "No single list of who is available", "Email, phone"),
    ]  # fmt: skip
    personas = []
    for at, name, age, job, goal, pain, channels in cards:
        put(
            ws,
            at,
            [
                ["Field", "Details"],
                ["Persona Name", name],
                ["Age", age],
                ["Occupation", job],
                ["Primary Goal", goal],
                ["Frustrations", pain],
                ["Preferred channels", channels],
            ],
        )
        top, left = position(at)
        personas.append(
            PersonaExp(
                name,
                source=f"Persona cards!{address(top + 1, left + 1)}",
                fields={
                    "role": job,
                    "demographics": {"Age": str(age)},
                    "goals": [goal],
                    "pain_points": [pain],
                    "channels": [c.strip() for c in channels.split(",")],
                },
            )
        )
    path = book.save(folder, "kitchen-staffing.xlsx")
    return finish(path, Expected(personas=personas, journeys=[]))


def _food_bank(book: Book) -> Expected:
    ws = book.sheet("Personas")
    put(
        ws,
        "A1",
        [
            ["Persona Name", "Joy Mensah", None, "Persona Name", "Pete Collins"],
            ["Age", 44, None, "Age", 67],
            ["Occupation", "Single parent working part-time in retail", None, "Occupation", "Volunteer driver"],
            ["Goals", "Get a food parcel without taking time off work", None, "Goals", "Deliver every parcel before lunch"],
            ["Frustrations", "A referral is needed from a GP or a school", None, "Frustrations", "Addresses without flat numbers"],
        ],
    )  # fmt: skip
    journey_ws = book.sheet("Parcel journey")
    header = ["Persona", "Stage", "Actions", "Touchpoints", "Pain points"]
    kinds = [PERSONA, STAGE, "actions", "touchpoints", "pain_points"]
    joy, pete = "Joy Mensah", "Pete Collins"
    rows = [
        [joy, "Get a referral", "Asks her son's school for a referral voucher", "School office", "Vouchers are handed out on Mondays only"],
        [joy, "Book a collection", "Texts the food bank the voucher code", "SMS", "No reply at weekends"],
        [joy, "Collect", "Collects the parcel after work", "Church hall", "Collection closes at 5 pm"],
        [pete, "Plan the route", "Prints the delivery list in the morning", "Paper list", "The list is sorted by surname, not by area"],
        [pete, "Deliver", "Drops parcels at six addresses", "Doorstep", "Nobody home at two addresses"],
    ]  # fmt: skip
    main = rows_map(journey_ws, "A1", header, kinds, rows)
    return Expected(
        personas=[
            PersonaExp(
                joy,
                source="Personas!B1",
                fields={
                    "role": "Single parent working part-time in retail",
                    "demographics": {"Age": "44"},
                    "goals": ["Get a food parcel without taking time off work"],
                    "pain_points": ["A referral is needed from a GP or a school"],
                },
            ),
            PersonaExp(
                pete,
                source="Personas!E1",
                fields={"role": "Volunteer driver", "demographics": {"Age": "67"}},
            ),
        ],
        journeys=[
            main.journey("Parcel journey", joy, group=joy),
            main.journey(
                "Parcel journey",
                pete,
                group=pete,
                spot=[spot(main, "Deliver", "Touchpoints", "Parcel journey!D6", "Doorstep")],
            ),
        ],
    )


@case("cards-two-side-by-side-with-rows-map", "card")
def cards_two_with_rows(folder: Path) -> Built:
    """Two header-less cards side by side on the Personas sheet, and a rows map with a Persona
    column naming them."""
    book = Book()
    expected = _food_bank(book)
    path = book.save(folder, "food-bank.xlsx")
    return finish(path, expected)


# ====================================================================== sheets with more than maps


@case("several-tables-one-sheet", "several")
def several_tables_one_sheet(folder: Path) -> Built:
    """A whiteboard-like sheet: a persona table at A1, a title block and a rows map below it, and
    a `Stage | Score` table beside the map (same stages) that joins it as an emotion lane."""
    book = Book()
    ws = book.sheet("Workshop board")
    names = personas_table(
        ws,
        "A1",
        ["Name", "Kind", "Role", "Goals"],
        [
            ["Leila Moradi", "Research", "Parent of two without a car", "Do the school run and the weekly shop by bike"],
            ["Chris Dunn", "Proto-persona", "Café owner", "Deliver catering orders without a van"],
        ],
    )  # fmt: skip
    put(ws, "A5", [["Journey: Renting a cargo bike"], ["Persona: Leila Moradi"]])
    header = ["Stage", "Actions", "Pain points", "Opportunities"]
    kinds = [STAGE, "actions", "pain_points", "opportunities"]
    rows = [
        ["Find a bike", "Hears about the scheme in a parents' group", "The scheme is not on the council site", "List cargo bikes on the council's transport page"],
        ["Book", "Books a three-day trial in the app", "The trial needs a credit card", "Accept debit cards"],
        ["Pick up", "Gets a ten-minute safety briefing at the depot", "The depot opens on weekdays only", "Saturday pick-ups"],
        ["Ride", "Takes both children to school", "Hills with a full load", "Offer e-assist models"],
        ["Return", "Returns the bike and leaves feedback", "Returns must be booked", "Drop-off at any time with a key box"],
    ]  # fmt: skip
    main = rows_map(ws, "A7", header, kinds, rows)
    score = rows_map(
        ws,
        "G7",
        ["Stage", "Score"],
        [STAGE, "emotion"],
        [["Find a bike", 4], ["Book", 2], ["Pick up", 3], ["Ride", 4], ["Return", 3]],
        scores=SCALE_1_5,
    )
    journey = main.journey(
        "Renting a cargo bike",
        "Leila Moradi",
        extra=[score],
        spot=[
            spot(main, "Ride", "Pain points", "Workshop board!C11", "Hills with a full load"),
            spot(score, "Book", "Score", "Workshop board!H9", "2", score=-0.5),
        ],
    )
    path = book.save(folder, "cargo-bike.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp("Leila Moradi", "research", names[0]),
                PersonaExp("Chris Dunn", "proto", names[1]),
            ],
            journeys=[journey],
        ),
    )


@case("instructions-sheet-skipped", "several")
def instructions_sheet(folder: Path) -> Built:
    """An `Instructions` sheet first (skipped whole, one MB036 note, its cells reported as not
    read), then Personas and a rows map with a Persona column scored 1-5."""
    book = Book()
    put(
        book.sheet("Instructions"),
        "A1",
        [
            ["How to use this template"],
            ["1. Write one row per stage and persona."],
            ["2. Score emotions from 1 (very unhappy) to 5 (delighted)."],
            ["3. Keep personas on the Personas sheet."],
            [],
            ["Questions? Ask the CX research team."],
        ],
    )
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role"],
        [
            ["Hyun-woo Park", "Research", "Buys clothes online and returns half of them"],
            ["Carla Mendes", "Proto-persona", "Buys gifts and rarely returns anything"],
        ],
    )
    ws = book.sheet("Returns")
    header = ["Persona", "Stage", "Actions", "Emotion", "Pain points"]
    kinds = [PERSONA, STAGE, "actions", "emotion", "pain_points"]
    hw, carla = "Hyun-woo Park", "Carla Mendes"
    rows = [
        [hw, "Start a return", "Picks two items to return from the order", 3, "The list of return reasons is too long"],
        [hw, "Drop off", "Drops the parcel at a locker", 4, "The station locker is full"],
        [hw, "Refund", "Waits for the refund", 2, "The refund takes 14 days"],
        [carla, "Start a return", "Looks for a gift-receipt option", 2, "Gift returns need the buyer's email"],
        [carla, "Refund", "Gets a voucher instead of money", 1, "The voucher expires in three months"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows, scores=SCALE_1_5)
    journeys = [
        main.journey("Returns", hw, group=hw),
        main.journey(
            "Returns",
            carla,
            group=carla,
            spot=[spot(main, "Refund", "Emotion", "Returns!D6", "1", score=-1.0)],
        ),
    ]
    path = book.save(folder, "retail-returns.xlsx")
    return finish(
        path,
        Expected(
            personas=[PersonaExp(hw, "research", names[0]), PersonaExp(carla, "proto", names[1])],
            journeys=journeys,
            codes=frozenset({"MB036"}),
            skipped=["Instructions"],
        ),
    )


@case("read-me-and-legend-sheets-skipped", "several")
def readme_and_legend(folder: Path) -> Built:
    """A `Read me` sheet and a `Legend` sheet (the emotion scale as a small table) are both
    skipped with one note each; the map scores satisfaction 1-5 with no Persona column."""
    book = Book()
    put(
        book.sheet("Read me"),
        "A1",
        [
            ["About this workbook"],
            ["Maps from the March 2025 discovery interviews (12 participants)."],
            ["Owner: Digital banking research"],
        ],
    )
    put(
        book.sheet("Legend"),
        "A1",
        [
            ["Score", "Meaning"],
            [1, "Very unhappy"],
            [2, "Unhappy"],
            [3, "Neutral"],
            [4, "Happy"],
            [5, "Delighted"],
        ],
    )
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Role", "Goals"],
        [
            [
                "Emma Schulz",
                "Student with her first current account",
                "Know what she can spend until payday",
            ]
        ],
    )
    ws = book.sheet("Savings goal")
    header = ["Stage", "Actions", "Satisfaction", "Pain points"]
    kinds = [STAGE, "actions", "emotion", "pain_points"]
    rows = [
        ["Discover", "Sees the savings pots banner", 3, "The banner hides her balance"],
        ["Set up", "Creates a pot for a festival ticket", 4, "No target date for a pot"],
        ["Save", "Rounds up card payments into the pot", 5, None],
        ["Withdraw", "Moves the money back to buy the ticket", 2, "The transfer takes a day"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows, scores=SCALE_1_5)
    journey = main.journey(
        "Savings goal",
        "Emma Schulz",
        spot=[spot(main, "Save", "Satisfaction", "Savings goal!C4", "5", score=1.0)],
    )
    path = book.save(folder, "banking-app.xlsx")
    return finish(
        path,
        Expected(
            personas=[PersonaExp("Emma Schulz", source=names[0])],
            journeys=[journey],
            codes=frozenset({"MB036"}),
            skipped=["Read me", "Legend"],
        ),
    )


@case("hidden-row-and-stray-notes-not-read", "several")
def hidden_and_stray_notes(folder: Path) -> Built:
    """A rows map with a Persona column, a note typed at K2 (blank columns between it and the
    map) and an old note parked on hidden row 30: both reported as not read (MB035).

    Incidental: MB026 if the hidden row is also reported as hidden content."""
    book = Book()
    names = personas_table(
        book.sheet("Personas"),
        "A1",
        ["Name", "Kind", "Role"],
        [
            ["Aroha Ngata", "Research", "Translator working from home"],
            ["Bill Turner", "Research", "Runs a corner shop that takes card payments"],
        ],
    )
    ws = book.sheet("Fault repair")
    header = ["Persona", "Stage", "Actions", "Touchpoints", "Pain points"]
    kinds = [PERSONA, STAGE, "actions", "touchpoints", "pain_points"]
    aroha, bill = "Aroha Ngata", "Bill Turner"
    rows = [
        [aroha, "Report the fault", "Runs the line test in the app", "App", "The line test says no fault found"],
        [aroha, "Engineer visit", "Waits in all day for the engineer", "SMS, engineer", "Visit window from 8 am to 6 pm"],
        [aroha, "Fixed", "Tests the connection on a video call", "Router", None],
        [bill, "Report the fault", "Calls from the shop's landline", "Phone support", "The card machine is offline all morning"],
        [bill, "Engineer visit", "Gets a visit the same afternoon", "Engineer", None],
        [bill, "Fixed", "Restarts the card machine", "Card machine", "Has to call the card provider as well"],
    ]  # fmt: skip
    main = rows_map(ws, "A1", header, kinds, rows)
    put(ws, "K2", [["Check with Ops whether business lines get priority"]])
    put(ws, "A30", [["Old stage removed in March: Diagnose"]])
    ws.row_dimensions[30].hidden = True
    journeys = [
        main.journey("Fault repair", aroha, group=aroha),
        main.journey("Fault repair", bill, group=bill),
    ]
    path = book.save(folder, "broadband-repair.xlsx")
    return finish(
        path,
        Expected(
            personas=[
                PersonaExp(aroha, "research", names[0]),
                PersonaExp(bill, "research", names[1]),
            ],
            journeys=journeys,
            codes=frozenset({"MB035"}),
            incidental=frozenset({"MB026"}),
            unread=[Unread("Fault repair", "K2", 1), Unread("Fault repair", "A30", 1)],
        ),
    )


# ====================================================================== saved files

#: Files saved by LibreOffice (built with the layouts above, then re-saved by `soffice`).
SAVED = {
    "libreoffice-claim-grid.xlsx": "grid-merged-stages-over-steps",
    "libreoffice-food-bank.xlsx": "cards-two-side-by-side-with-rows-map",
}


def _saved(filename: str, layout_id: str) -> Callable[[Path], Built]:
    def build(folder: Path) -> Built:
        layout = next(c for c in CASES if c.id == layout_id)
        _built, expected = layout.build(folder)
        path = DATA / filename
        return path, replace(expected, filled=count_filled(path))

    build.__doc__ = f"{layout_id}, as LibreOffice saved it ({filename})."
    return build


for _filename, _layout in SAVED.items():
    case(f"saved-libreoffice-{_layout}", "saved")(_saved(_filename, _layout))


def make_saved_files() -> list[Path]:
    """Rebuild the files of SAVED: build each layout with openpyxl, then re-save it with
    LibreOffice (`soffice --headless --convert-to xlsx`)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    DATA.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for filename, layout_id in SAVED.items():
            src_dir, out_dir = Path(tmp) / "src", Path(tmp) / "out"
            src_dir.mkdir(exist_ok=True)
            out_dir.mkdir(exist_ok=True)
            layout = next(c for c in CASES if c.id == layout_id)
            built, _expected = layout.build(src_dir)
            source = built.with_name(filename)
            built.rename(source)
            # A profile of its own, so a LibreOffice already running does not block the conversion.
            profile = f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}"
            subprocess.run(
                [
                    soffice,
                    profile,
                    "--headless",
                    "--convert-to",
                    "xlsx",
                    "--outdir",
                    str(out_dir),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            shutil.copyfile(out_dir / filename, DATA / filename)
            written.append(DATA / filename)
    return written


if __name__ == "__main__":
    for saved in make_saved_files():
        print(saved)
