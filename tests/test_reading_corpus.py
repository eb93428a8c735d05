"""The reading corpus: realistic persona and journey-map workbooks, each read whole.

1. Every layout of tests/corpus/layouts.py (rows tables, grids, each language, persona tables,
   persona cards, sheets with several tables or none worth reading, files saved by LibreOffice) is
   read and compared with its whole expected reading: personas and kinds, maps with their persona,
   stages in order, lanes with kinds, every map cell and where it came from, the message codes,
   and the coverage of filled cells (read, or reported as not read with its range).
2. A property test: for random workbooks (tables of known headers and random text at random
   places) the cells read plus the cells reported as not read are exactly the filled cells,
   counted here with openpyxl; the reader raises nothing but InvalidWorkbook.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.importers.workbook import read_workbook
from tests.corpus.expected import assert_reading, is_filled
from tests.corpus.layouts import CASES, Case

# When an example fails, hypothesis's report imports mypy_extensions.TypedDict, whose deprecation
# warning (an error under filterwarnings=error) would hide the falsifying example.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

FAMILIES = {"rows", "grid", "language", "personas", "card", "several", "saved"}


def test_the_corpus_has_thirty_layouts_covering_every_family_and_language():
    assert len(CASES) >= 30
    families = Counter(c.family for c in CASES)
    assert set(families) == FAMILIES, families
    assert all(count >= 2 for count in families.values()), families
    ids = " ".join(c.id for c in CASES)
    for language in (
        "german",
        "french",
        "spanish",
        "portuguese",
        "italian",
        "dutch",
        "chinese",
        "japanese",
        "russian",
    ):
        assert language in ids, f"no {language} layout in the corpus"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_whole_layout_is_read(case: Case, tmp_path: Path) -> None:
    path, expected = case.build(tmp_path)
    report = Report(file=path.name)
    try:
        workspace = read_workbook(path, report=report)
    except InvalidWorkbook as exc:
        problems = [p.format() for p in exc.report.problems if p.severity == "error"]
        pytest.fail(f"{case.id}: the workbook was refused: {problems}")
    assert_reading(workspace, report, expected)


# ---------------------------------------------------------------------- property test

#: Headers people type, in the languages the reader knows, and some it does not.
HEADERS = [
    "Stage",
    "Journey Stage",
    "Phase",
    "Persona",
    "Name",
    "Kind",
    "Status",
    "Role",
    "Goals",
    "Primary Goals",
    "Pain points",
    "Major Pain Points",
    "Actions",
    "Customer Actions",
    "Touchpoints",
    "Thoughts",
    "Customer Thoughts",
    "Emotion",
    "Score",
    "Customer satisfaction",
    "Opportunities",
    "Backstage",
    "Field",
    "Details",
    "Pain Point",
    "Impact",
    "Order",
    "Description",
    "Owner",
    "Last reviewed",
    "Trigger",
    "Этап",
    "Действия клиента",
    "Удовлетворенность клиента",
    "Имя",
    "Aktionen",
    "Étape",
    "Points de contact",
    "Etapa",
    "Emociones",
    "Fase",
    "阶段",
    "痛点",
    "フェーズ",
    "感情",
    "segment",
    "core_need",
    "top_concern",
]
#: Cell texts with a meaning for the reader.
PHRASES = [
    "Persona: Maria Rodriguez",
    "Journey Map: Opening an account",
    "Owner: Product Team",
    "Last Updated: December 2025",
    "Persona Name",
    "Age",
    "Occupation",
    "Awareness",
    "Consideration",
    "1. Onboarding",
    "Frustrated 😟 (Intensity: 5/5)",
    "Excited / Concerned",
    "Confused → Learning",
    "😀",
    "Research",
    "Proto-persona",
    "Active",
    "All",
    "High",
]
#: Sheet names, generic, meaningful and skipped ones.
SHEET_NAMES = [
    "Sheet1",
    "Лист1",
    "Journey map",
    "CJM",
    "Personas",
    "Persona",
    "Stages",
    "Reviews",
    "Instructions",
    "Notes",
    "Onboarding",
    "Maria Rodriguez",
]

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")

characters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
random_text = st.text(characters, min_size=1, max_size=30).filter(
    # Excel escapes `_x0041_` sequences and openpyxl does not; `=...` would be a formula.
    lambda t: not _ESCAPE_LIKE.search(t) and not t.lstrip().startswith("=")
)
values = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(HEADERS),
    random_text,
    st.integers(-3, 12),
    st.floats(-5, 10, allow_nan=False).map(lambda x: round(x, 2)),
    st.just(" "),  # whitespace only: not a filled cell
    st.none(),
)


PERSONA_HEADERS = ["Role", "Kind", "Status", "Goals", "Pain points", "Age", "Quote", "core_need"]
LANE_HEADERS = [
    "Actions",
    "Customer Thoughts",
    "Touchpoints",
    "Emotion",
    "Pain Points",
    "Brand Opportunities",
    "Notes",
    "Действия клиента",
]
NAMES = ["Ana", "Ben", "Chloé", "Dmitri", "Emeka", "Fatima", "Gus", "Hana", "李娜", "Ольга"]
STAGES = [
    "Discover",
    "Compare",
    "1. Join",
    "Onboarding",
    "Use",
    "Renew",
    "Этап 1",
    "認知",
    "Etapa 2",
]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """One table at a random place: a persona table, a rows map, a grid, or anything at all.

    Real tables make most random workbooks readable, so the coverage invariant is checked on
    readings that succeed; the free-form tables (known header words over random cells) probe
    everything else.
    """
    kind = draw(st.sampled_from(["personas", "rows", "grid", "title", "anything", "anything"]))
    width = draw(st.integers(1, 5))
    height = draw(st.integers(1, 6))
    cell_rows = st.lists(values, min_size=width, max_size=width)
    if kind == "personas":
        header = [
            "Name",
            *draw(st.lists(st.sampled_from(PERSONA_HEADERS), max_size=4, unique=True)),
        ]
        names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
        rows = [header] + [
            [name, *draw(st.lists(values, min_size=len(header) - 1, max_size=len(header) - 1))]
            for name in names
        ]
    elif kind == "rows":
        header = [
            "Stage",
            *draw(st.lists(st.sampled_from(LANE_HEADERS), min_size=1, max_size=4, unique=True)),
        ]
        stages = draw(st.lists(st.sampled_from(STAGES), min_size=1, max_size=5, unique=True))
        rows = [header] + [
            [stage, *draw(st.lists(values, min_size=len(header) - 1, max_size=len(header) - 1))]
            for stage in stages
        ]
    elif kind == "grid":
        stages = draw(st.lists(st.sampled_from(STAGES), min_size=2, max_size=5, unique=True))
        lanes = draw(st.lists(st.sampled_from(LANE_HEADERS), min_size=1, max_size=5, unique=True))
        corner = draw(st.sampled_from([None, "Stage", "Этап", "Journey map"]))
        rows = [[corner, *stages]] + [
            [lane, *draw(st.lists(values, min_size=len(stages), max_size=len(stages)))]
            for lane in lanes
        ]
    elif kind == "title":
        rows = [[draw(st.sampled_from(PHRASES))] for _ in range(draw(st.integers(1, 3)))]
    else:
        header = draw(
            st.one_of(st.none(), st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width))
        )
        rows = ([header] if header else []) + draw(
            st.lists(cell_rows, min_size=height, max_size=height)
        )
    return {
        "top": draw(st.integers(1, 24)),
        "left": draw(st.integers(1, 9)),
        "rows": rows,
        "merge_header": draw(st.booleans()) and len(rows[0]) > 1 and kind == "anything",
        "hide_row": draw(st.booleans()) and draw(st.booleans()),
    }


@st.composite
def workbooks(draw: st.DrawFn) -> list[tuple[str, list[dict[str, Any]]]]:
    """One to three sheets, generic, meaningful or random names, each with one to three tables."""
    names = draw(
        st.lists(
            st.one_of(
                st.sampled_from(SHEET_NAMES),
                st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20),
            ),
            min_size=1,
            max_size=3,
            unique_by=str.casefold,
        )
    )
    return [(name, draw(st.lists(tables(), min_size=1, max_size=3))) for name in names]


def write_workbook(path: Path, sheets: list[tuple[str, list[dict[str, Any]]]]) -> int:
    """Write the drawn workbook; returns its filled cells, counted with openpyxl."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, blocks in sheets:
        ws = wb.create_sheet(name)
        for block in blocks:
            for i, row in enumerate(block["rows"]):
                for j, value in enumerate(row):
                    if value is not None:
                        ws.cell(block["top"] + i, block["left"] + j, value)
        # Merges last (tables may overlap): merging keeps the first cell's value only, as Excel
        # does, and the count below is taken after it.
        for block in blocks:
            width = len(block["rows"][0])
            if block["merge_header"]:
                ws.merge_cells(
                    start_row=block["top"],
                    start_column=block["left"],
                    end_row=block["top"],
                    end_column=block["left"] + width - 1,
                )
            if block["hide_row"]:
                ws.row_dimensions[block["top"] + len(block["rows"]) - 1].hidden = True
    filled = sum(
        1
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if is_filled(v)
    )
    wb.save(path)
    return filled


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sheets=workbooks())
def test_every_filled_cell_is_read_or_reported(sheets):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.xlsx"
        filled = write_workbook(path, sheets)
        report = Report(file=path.name)
        try:
            workspace = read_workbook(path, report=report)
        except InvalidWorkbook:
            return  # refusing with located errors is allowed; anything else is a bug
    assert workspace.reading is not None, "the reader recorded no coverage"
    coverage = workspace.reading.coverage
    unread = sum(u.cells for u in coverage.unread)
    assert coverage.filled_cells == filled, (coverage.filled_cells, filled)
    assert coverage.read_cells + unread == filled, (coverage.read_cells, unread, filled)
    assert all(u.cells > 0 and u.reason for u in coverage.unread), coverage.unread
    sheet_names = {name for name, _ in sheets}
    assert all(u.sheet in sheet_names for u in coverage.unread), coverage.unread
