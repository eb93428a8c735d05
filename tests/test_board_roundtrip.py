"""Round trip: workbook -> board -> model says what workbook -> model says.

A workshop workbook is read (model A), exported to Excalidraw and to draw.io (plain and
compressed pages), and the board is read back (model B). For every map, matched by persona and
journey name, B has the same stages in order, the same steps, the same lanes (name, kind,
variant) in order, the same text in every cell and the same emotion scores (to 1e-6).

Workbooks come from hypothesis (small grid-format workshops: 1-3 personas, 2-7 stages, steps
under some stages, 2-6 lanes among the standard ones, a custom one and a relation lane naming the
other personas, texts with accents, punctuation, HTML-like characters and several lines, emotions
as -2..2, 1..5 or words; maps sometimes share their stages, so the board compares them and draws
the links as arrows) and from the samples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mapbridge.api import read_input
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.importers.headers import journey_field, lane_kind
from mapbridge.importers.workbook import ALL_PERSONAS
from mapbridge.model import Workspace, slugify
from tests.board_helpers import FORMATS, assert_same_maps, export_board, map_summary

# When an example fails, hypothesis's report imports mypy_extensions.TypedDict, whose deprecation
# warning (an error under filterwarnings=error) would hide the falsifying example.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.xlsx"))

STANDARD_LANES = ["Actions", "Touchpoints", "Thoughts", "Emotion", "Pain points", "Opportunities"]
CUSTOM_LANES = ["Evidence", "Open questions", "Research notes"]
#: Lanes whose cells name other personas: drawn as arrows on a comparison board, never read back.
RELATION_LANES = ["Interacts with", "Depends on", "Caused by", "Hands over to"]
EMOTION_WORDS = ["frustrated", "happy", "angry", "relieved", "worried", "neutral", "delighted"]

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàçñöüÅØßÉ"
#: Typed on stickies: letters with accents, digits, and punctuation HTML and JSON must escape.
#: No colon (a `Persona: …` sticky names the map) and no runs of spaces or tabs (a label's HTML
#: shows them as one space).
CELL_CHARS = LETTERS + "0123456789.,;!?'\"()-&<>/€%#*+"


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


name_word = st.text(LETTERS, min_size=2, max_size=9).map(_capitalised)
cell_word = st.text(CELL_CHARS, min_size=1, max_size=10)
cell_line = st.lists(cell_word, min_size=1, max_size=5).map(" ".join)
cell_text = st.lists(cell_line, min_size=1, max_size=3).map("\n".join)


def _good_name(name: str) -> bool:
    folded = " ".join(name.casefold().split())
    return folded not in ALL_PERSONAS and folded not in {"shared", "persona", "journey"}


def _plain_header(name: str) -> bool:
    """A stage or step name that is no header word of its own (Stage, Step, Actions…)."""
    return lane_kind(name)[0] == "custom" and journey_field(name) is None


persona_name = st.lists(name_word, min_size=1, max_size=2).map(" ".join).filter(_good_name)
header_name = st.lists(name_word, min_size=1, max_size=2).map(" ".join).filter(_plain_header)


@st.composite
def workshops(draw: st.DrawFn) -> dict[str, Any]:
    """A journey with 1-3 persona maps, each its own stages, steps, lanes and cells."""
    names = draw(st.lists(persona_name, min_size=1, max_size=3, unique_by=lambda n: slugify(n)))
    journey = draw(header_name)
    # The maps of one journey share its emotion scale (the workbook declares it once).
    scale = draw(st.sampled_from(["-2..2", "1..5", "words"]))
    emotion = {
        "-2..2": st.integers(-2, 2),
        "1..5": st.integers(1, 5),
        "words": st.sampled_from(EMOTION_WORDS),
    }[scale]
    # Maps that share their stages get a comparison board (with arrows between the personas).
    same_stages = draw(st.booleans())
    maps: list[dict[str, Any]] = []
    for name in names:
        if same_stages and maps:
            stages = list(dict.fromkeys(stage for stage, _step in maps[0]["columns"]))
        else:
            stages = draw(
                st.lists(header_name, min_size=2, max_size=7, unique_by=lambda s: slugify(s))
            )
        with_steps = draw(st.booleans())
        columns: list[tuple[str, str | None]] = []
        for stage in stages:
            steps = (
                draw(
                    st.lists(
                        header_name.filter(lambda s, stage=stage: slugify(s) != slugify(stage)),
                        max_size=2,
                        unique_by=lambda s: slugify(s),
                    )
                )
                if with_steps
                else []
            )
            columns += [(stage, step) for step in steps] or [(stage, None)]
        custom = draw(st.sampled_from(CUSTOM_LANES))
        relation = draw(st.sampled_from(RELATION_LANES))
        lanes = draw(
            st.lists(
                st.sampled_from([*STANDARD_LANES, custom, relation]),
                min_size=2,
                max_size=6,
                unique=True,
            )
        )
        # A relation lane names the other personas (at a stage of theirs, with a note), or nobody.
        others = [other for other in names if other != name] or ["Nobody Known"]
        named = st.sampled_from(others) | st.builds(
            lambda who, stage, note: f"{who} › {stage}{note}",
            st.sampled_from(others),
            st.sampled_from(stages),
            st.sampled_from(["", ": signs off"]),
        )
        kinds = {"Emotion": emotion, relation: named}
        rows = {
            lane: [draw(st.none() | kinds.get(lane, cell_text)) for _ in columns] for lane in lanes
        }
        maps.append(
            {
                "persona": name,
                "kind": draw(st.sampled_from(["Research", "Proto-persona"])),
                "columns": columns,
                "lanes": lanes,
                "rows": rows,
                "scale": scale,
            }
        )
    return {"journey": journey, "maps": maps}


def write_workshop(path: Path, workshop: dict[str, Any]) -> Path:
    """A Personas sheet and a grid sheet per persona map (stage row, step row, a row per lane)."""
    wb = Workbook()
    personas = wb.active
    personas.title = "Personas"
    personas.append(["Name", "Kind", "Role"])
    for number, map_ in enumerate(workshop["maps"], start=1):
        personas.append([map_["persona"], map_["kind"], "Customer"])
        ws = wb.create_sheet(f"Map {number}")
        ws.append(["Journey:", workshop["journey"]])
        ws.append(["Persona:", map_["persona"]])
        if map_["scale"] != "words":
            ws.append(["Emotion scale:", map_["scale"]])
        ws.append([])
        columns = map_["columns"]
        stage_row: list[Any] = ["Stage"]
        for i, (stage, _step) in enumerate(columns):
            stage_row.append(stage if i == 0 or columns[i - 1][0] != stage else None)
        ws.append(stage_row)
        stage_at = ws.max_row
        start = 0
        for i in range(1, len(columns) + 1):
            if i == len(columns) or columns[i][0] != columns[start][0]:
                if i - 1 > start:
                    ws.merge_cells(
                        start_row=stage_at,
                        start_column=start + 2,
                        end_row=stage_at,
                        end_column=i + 1,
                    )
                start = i
        if any(step for _stage, step in columns):
            ws.append(["Steps", *(step for _stage, step in columns)])
        for lane in map_["lanes"]:
            ws.append([lane, *map_["rows"][lane]])
    for ws in wb.worksheets:  # typed text is text, even "=…" or "12"
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    wb.save(path)
    return path


def read_back(board: Path) -> Workspace:
    report = Report()
    try:
        return read_input(board, report=report)
    except InvalidWorkbook:
        pytest.fail(f"{board.name} did not read back: {[str(p) for p in report.problems]}")


def assert_same_personas(board: Workspace, expected: Workspace) -> None:
    """Every persona with a map comes back with its name and kind, in the same order."""
    mapped = {j.persona_id for j in expected.journeys}
    want = [(p.name, p.kind) for p in expected.personas if p.id in mapped]
    assert [(p.name, p.kind) for p in board.personas] == want


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workshop=workshops())
def test_any_workshop_reads_back_from_its_board(fmt: str, workshop: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workbook = write_workshop(Path(folder) / "workshop.xlsx", workshop)
        expected = read_input(workbook)
        # The generator's own check: the workbook says what was drawn.
        assert len(expected.journeys) == len(workshop["maps"])
        board = read_back(export_board(expected, Path(folder), fmt))
    assert_same_maps(board, expected)
    assert_same_personas(board, expected)


def test_the_generated_workbook_reads_as_drawn(tmp_path: Path) -> None:
    """The test's own writer, checked once on a known workshop: steps, scales, lines."""
    workshop = {
        "journey": "Open an account",
        "maps": [
            {
                "persona": "Zoë Brandt",
                "kind": "Proto-persona",
                "columns": [("Discover", None), ("Apply", "Form"), ("Apply", "Verify")],
                "lanes": ["Actions", "Emotion", "Evidence"],
                "rows": {
                    "Actions": ["Sees an ad", "Types <name> & address\nSends it", None],
                    "Emotion": [2, 4, None],
                    "Evidence": [None, None, "Interview 3"],
                },
                "scale": "1..5",
            }
        ],
    }
    workspace = read_input(write_workshop(tmp_path / "w.xlsx", workshop))
    (summary,) = map_summary(workspace).values()
    assert summary["stages"] == ["Discover", "Apply"]
    assert summary["steps"] == {"Apply": ["Form", "Verify"]}
    assert summary["cells"][("Apply", "Form", "Actions")] == "Types <name> & address\nSends it"
    assert summary["scores"] == {
        ("Discover", None, "Emotion"): -0.5,
        ("Apply", "Form", "Emotion"): 0.5,
    }
    assert [(p.name, p.kind) for p in workspace.personas] == [("Zoë Brandt", "proto")]


def _readable_samples() -> list[Path]:
    readable = []
    for sample in SAMPLES:
        try:
            read_input(sample)
        except InvalidWorkbook:
            continue
        readable.append(sample)
    return readable


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", _readable_samples(), ids=lambda p: p.name)
def test_every_sample_reads_back_from_its_board(sample: Path, fmt: str, tmp_path: Path) -> None:
    expected = read_input(sample)
    board_file = export_board(expected, tmp_path, fmt, stem=sample.stem)
    report = Report()
    board = read_input(board_file, report=report)
    assert_same_maps(board, expected)
    assert_same_personas(board, expected)
    # Nothing mapbridge drew is taken for a sticky out of place.
    assert not [p for p in report.problems if p.code in ("MB082", "MB083", "MB084")], [
        str(p) for p in report.problems
    ]
    # Every map's source names the board file's frame or page.
    names = {f"{p.name} – {j.name}" for j in board.journeys for p in [board.persona(j.persona_id)]}
    assert {j.source.sheet for j in board.journeys if j.source} <= names
    assert board.source_file == board_file.name or board.source_file == str(board_file)


THREE_STAGES = [("Discover", None), ("Apply", None), ("Use", None)]
WITH_STEPS = [("Discover", None), ("Apply", "Form"), ("Apply", "Verify"), ("Use", None)]


def _one_map(
    rows: dict[str, list[Any]], scale: str, columns: list[tuple[str, str | None]] = THREE_STAGES
) -> dict:
    return {
        "journey": "Open an account",
        "maps": [
            {
                "persona": "Ana",
                "kind": "Research",
                "columns": columns,
                "lanes": list(rows),
                "rows": rows,
                "scale": scale,
            }
        ],
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_declared_scale_survives_when_the_numbers_do_not_show_it(fmt: str, tmp_path: Path):
    """-2..2 declared, only 1 and 2 typed: on their own those numbers would read as 1..5."""
    workshop = _one_map({"Actions": ["Sees an ad", None, None], "Emotion": [1, None, 2]}, "-2..2")
    expected = read_input(write_workshop(tmp_path / "w.xlsx", workshop))
    assert map_summary(expected)[("Ana", "Open an account")]["scores"] == {
        ("Discover", None, "Emotion"): 0.5,
        ("Use", None, "Emotion"): 1.0,
    }
    board = read_back(export_board(expected, tmp_path, fmt))
    assert_same_maps(board, expected)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "columns",
    [
        pytest.param(THREE_STAGES, id="stages"),
        pytest.param(WITH_STEPS, id="steps-inside"),
        pytest.param(
            [("Apply", "Form"), ("Apply", "Verify"), ("Use", None)],
            id="steps-first",
        ),
        pytest.param([("Discover", None), ("Apply", "Form")], id="steps-last"),
    ],
)
def test_a_map_with_no_stickies_reads_back_with_its_stages(
    fmt: str, columns: list[tuple[str, str | None]], tmp_path: Path
):
    """A map whose stages (and steps) are named and whose cells are all still empty."""
    empty = [None] * len(columns)
    workshop = _one_map({"Actions": empty, "Emotion": empty}, "-2..2", columns)
    expected = read_input(write_workshop(tmp_path / "w.xlsx", workshop))
    (summary,) = map_summary(expected).values()
    assert summary["stages"] == list(dict.fromkeys(stage for stage, _step in columns))
    board = read_back(export_board(expected, tmp_path, fmt))
    assert_same_maps(board, expected)
