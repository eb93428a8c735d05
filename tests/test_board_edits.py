"""Boards after a workshop: exported boards edited the way people edit them, and boards drawn by hand.

1. The bank sample is exported to Excalidraw and draw.io (plain and compressed pages) and edited
   in Ana's frame the way a workshop does: a sticky rewritten, one added (with none of
   mapbridge's ids), one dragged to another stage, one deleted, a stage renamed, a new lane
   added under the last, an emotion value typed as a word. Reading the board back shows each
   edit, and nothing else changes.
2. Boards drawn without mapbridge: a grid of rectangles in a frame, free text for labels and
   stickies, no frame at all, draw.io swimlanes and tables, an emotion curve of dots.
3. Problems name the element: a sticky outside the grid, one across two stages, a frame of text
   with no grid.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.model import Workspace
from tests.board_helpers import (
    FORMATS,
    LABEL_STYLE,
    NOTE_STYLE,
    STICKY_STYLE,
    DrawioFile,
    ExcalidrawScene,
    export_board,
    map_summary,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROWS = SAMPLES / "bank-account-rows.xlsx"
ANA = ("Ana Reyes", "Open a bank account")
ANA_FRAME = "Ana Reyes – Open a bank account"


@pytest.fixture(scope="module")
def bank() -> Workspace:
    return read_input(ROWS)


class Exported:
    """The bank sample exported to one format, open for editing in Ana's frame (or page)."""

    def __init__(self, workspace: Workspace, folder: Path, fmt: str) -> None:
        self.fmt = fmt
        self.path = export_board(workspace, folder, fmt)
        self.board: Any = (
            ExcalidrawScene.load(self.path) if fmt == "excalidraw" else DrawioFile.load(self.path)
        )

    def save(self) -> Path:
        if self.fmt == "excalidraw":
            return self.board.save(self.path)
        return self.board.save(self.path, compressed=self.fmt.endswith("compressed"))

    def read(self) -> tuple[Workspace, Report]:
        report = Report()
        try:
            return read_input(self.save(), report=report), report
        except InvalidWorkbook:
            pytest.fail(f"the edited board did not read: {[str(p) for p in report.problems]}")


# ---------------------------------------------------------------------- the edits


def rewrite(board: Any) -> None:
    board.rewrite(
        "Compares three banks in open tabs", "Compares four banks\nin open tabs", ANA_FRAME
    )


def rewrite_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("Compare", None, "Actions")] = "Compares four banks\nin open tabs"


def add(board: Any) -> None:
    board.add_in_cell("Ads never say the fees", "Discover", "Pain points", ANA_FRAME)


def add_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("Discover", None, "Pain points")] = "Ads never say the fees"


def move(board: Any) -> None:
    board.move_to_stage("Bot loops on generic answers", "First use", ANA_FRAME)


def move_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("First use", None, "Pain points")] = cells.pop(("Get support", None, "Pain points"))


def delete(board: Any) -> None:
    board.delete("Interviews 3, 7", ANA_FRAME)


def delete_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    del cells[("Discover", None, "Evidence")]


def rename_stage(board: Any) -> None:
    board.rewrite("Verify ID", "Prove identity", ANA_FRAME)


def rename_stage_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    stages[stages.index("Verify ID")] = "Prove identity"
    for table in (cells, scores):
        for key in [k for k in table if k[0] == "Verify ID"]:
            table[("Prove identity", *key[1:])] = table.pop(key)


def add_lane(board: Any) -> None:
    quotes = {"Discover": "“What is an overdraft?”", "Apply": "It kept logging me out"}
    board.add_lane("Quotes", quotes, ANA_FRAME, after="Evidence")


def add_lane_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    lanes.append(("Quotes", "custom", None))
    cells[("Discover", None, "Quotes")] = "“What is an overdraft?”"
    cells[("Apply", None, "Quotes")] = "It kept logging me out"


def emotion_word(board: Any) -> None:
    board.retext(board.at("Compare", "Emotion", ANA_FRAME), "frustrated")


def emotion_word_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("Compare", None, "Emotion")] = "frustrated"
    scores[("Compare", None, "Emotion")] = -0.75


def add_text(board: Any) -> None:
    board.add_in_cell("Needs a student ID", "Discover", "Backstage", ANA_FRAME, free=True)


def add_text_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("Discover", None, "Backstage")] = "Needs a student ID"


def emotion_face(board: Any) -> None:
    board.retext(board.at("Get support", "Emotion", ANA_FRAME), "😠")


def emotion_face_expected(cells: dict, scores: dict, stages: list, lanes: list) -> None:
    cells[("Get support", None, "Emotion")] = "😠"
    scores[("Get support", None, "Emotion")] = -1.0


EDITS = {
    "rewrite": (rewrite, rewrite_expected),
    "add": (add, add_expected),
    "add-text": (add_text, add_text_expected),
    "move": (move, move_expected),
    "delete": (delete, delete_expected),
    "rename-stage": (rename_stage, rename_stage_expected),
    "add-lane": (add_lane, add_lane_expected),
    "emotion-word": (emotion_word, emotion_word_expected),
    "emotion-face": (emotion_face, emotion_face_expected),
}


def expected_after(workspace: Workspace, *names: str) -> dict:
    """The sample's maps with the named edits made to Ana's, as a person expects to see them."""
    summary = copy.deepcopy(map_summary(workspace))
    ana = summary[ANA]
    for name in names:
        EDITS[name][1](ana["cells"], ana["scores"], ana["stages"], ana["lanes"])
    return summary


def assert_maps(got: Workspace, expected: dict) -> None:
    summary = map_summary(got)
    assert sorted(summary) == sorted(expected)
    for key, want in expected.items():
        for part in ("stages", "steps", "lanes", "cells"):
            assert summary[key][part] == want[part], f"{key}: {part}"
        assert summary[key]["scores"].keys() == want["scores"].keys(), key
        for cell, score in want["scores"].items():
            assert summary[key]["scores"][cell] == pytest.approx(score, abs=1e-6), (key, cell)


def misplaced(report: Report) -> list[str]:
    return [str(p) for p in report.problems if p.code in ("MB082", "MB083", "MB084")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("edit", list(EDITS))
def test_one_edit_reads_back(bank: Workspace, tmp_path: Path, edit: str, fmt: str) -> None:
    board = Exported(bank, tmp_path, fmt)
    EDITS[edit][0](board.board)
    got, report = board.read()
    assert_maps(got, expected_after(bank, edit))
    assert misplaced(report) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_whole_workshop_of_edits_reads_back(bank: Workspace, tmp_path: Path, fmt: str) -> None:
    board = Exported(bank, tmp_path, fmt)
    for make, _expect in EDITS.values():
        make(board.board)
    got, report = board.read()
    assert_maps(got, expected_after(bank, *EDITS))
    assert misplaced(report) == []
    assert [p.name for p in got.personas] == [p.name for p in bank.personas]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sticky_a_person_added_is_named_by_its_own_id(
    bank: Workspace, tmp_path: Path, fmt: str
) -> None:
    board = Exported(bank, tmp_path, fmt)
    added = board.board.add_in_cell("Ads never say the fees", "Discover", "Pain points", ANA_FRAME)
    new_id = added.get("id")
    got, _report = board.read()
    journey = next(j for j in got.journeys if j.persona_id == "ana-reyes")
    (entry,) = [e for e in journey.entries if e.text == "Ads never say the fees"]
    assert entry.source is not None
    assert entry.source.sheet == ANA_FRAME
    assert entry.source.cell.startswith('sticky "Ads never say the fees" (id ')
    assert new_id[:10] in entry.source.cell


# ---------------------------------------------------------------------- boards drawn by hand

STAGES = ("Discover", "Sign up", "Use")
LANES = ("Actions", "Emotion", "Pain points")
#: What the hand-drawn boards below hold, cell by cell (stage, lane) -> stickies top to bottom.
STICKIES = {
    ("Discover", "Actions"): ["Sees an ad"],
    ("Sign up", "Actions"): ["Fills the form"],
    ("Use", "Actions"): ["Pays with the card"],
    ("Discover", "Emotion"): ["1"],
    ("Sign up", "Emotion"): ["-2"],
    ("Use", "Emotion"): ["2"],
    ("Sign up", "Pain points"): ["Too many fields", "Asked twice for ID"],
}
SCORES = {"Discover": 0.5, "Sign up": -1.0, "Use": 1.0}

COLUMN = 220
ROW = 120
LEFT = 200  # the first stage's left edge
TOP = 160  # the first lane's top


def assert_hand_drawn(workspace: Workspace, persona: str = "Ana", journey: str = "Onboarding"):
    (map_,) = map_summary(workspace).items()
    key, summary = map_
    assert key == (persona, journey)
    assert summary["stages"] == list(STAGES)
    assert summary["lanes"] == [
        ("Actions", "actions", None),
        ("Emotion", "emotion", None),
        ("Pain points", "pain_points", None),
    ]
    assert summary["cells"] == {
        (stage, None, lane): "\n".join(texts) for (stage, lane), texts in STICKIES.items()
    }
    assert summary["scores"] == {(s, None, "Emotion"): v for s, v in SCORES.items()}


def excalidraw_grid(
    *, frame: str | None = "Ana – Onboarding", free_text: bool = False
) -> ExcalidrawScene:
    """A board as a person draws one in Excalidraw: headers, labels and stickies on a grid."""
    scene = ExcalidrawScene.empty()
    if frame:
        scene.add_frame(frame, 0, 0, LEFT + COLUMN * len(STAGES) + 40, TOP + ROW * len(LANES) + 40)
    for i, stage in enumerate(STAGES):
        scene.add_sticky(stage, LEFT + COLUMN * i, 80, 200, 60, frame=frame, fill="#e9ecef")
    for j, lane in enumerate(LANES):
        if free_text:
            scene.add_text(lane, 20, TOP + ROW * j + 10, frame=frame)
        else:
            scene.add_sticky(lane, 20, TOP + ROW * j, 160, 100, frame=frame, fill="#e9ecef")
    for (stage, lane), texts in STICKIES.items():
        x = LEFT + COLUMN * STAGES.index(stage) + 10
        y = TOP + ROW * LANES.index(lane) + 10
        if free_text:
            scene.add_text("\n".join(texts), x, y + 20, frame=frame, size=16)
        elif len(texts) == 1:
            scene.add_sticky(texts[0], x, y, 180, 80, frame=frame)
        else:
            for n, text in enumerate(texts):
                scene.add_sticky(text, x, y + 45 * n, 180, 40, frame=frame)
    return scene


def test_a_frame_with_a_grid_of_rectangles(tmp_path: Path) -> None:
    path = excalidraw_grid().save(tmp_path / "board.excalidraw")
    report = Report()
    assert_hand_drawn(read_input(path, report=report))
    assert misplaced(report) == []


def test_free_text_labels_and_stickies(tmp_path: Path) -> None:
    path = excalidraw_grid(free_text=True).save(tmp_path / "board.excalidraw")
    report = Report()
    assert_hand_drawn(read_input(path, report=report))
    assert misplaced(report) == []


def test_no_frame_and_a_persona_label_above_the_grid(tmp_path: Path) -> None:
    scene = excalidraw_grid(frame=None)
    scene.add_text("Persona: Ana", LEFT, 20)
    path = scene.save(tmp_path / "onboarding.excalidraw")
    workspace = read_input(path)
    assert_hand_drawn(workspace, journey="Onboarding")
    (persona,) = workspace.personas
    assert persona.name == "Ana"
    assert 'label "Persona: Ana"' in str(persona.source)


def test_other_shapes_and_deleted_ones_as_excalidraw_saves_them(tmp_path: Path) -> None:
    """Ellipses and diamonds with text are stickies; deleted stickies and arrows are not read."""
    scene = excalidraw_grid()
    frame = "Ana – Onboarding"
    scene.add_sticky("Sees a poster", LEFT + 10, TOP + 50, 180, 40, frame=frame, kind="ellipse")
    scene.add_sticky("Gone", LEFT + COLUMN * 2 + 10, TOP + ROW * 2 + 10, 180, 80, frame=frame)
    scene.delete("Gone", frame)
    path = scene.save(tmp_path / "board.excalidraw")
    (summary,) = map_summary(read_input(path)).values()
    assert summary["cells"][("Discover", None, "Actions")] == "Sees an ad\nSees a poster"
    assert ("Use", None, "Pain points") not in summary["cells"]


def test_a_group_of_stickies_dragged_to_another_stage(tmp_path: Path) -> None:
    """Excalidraw moves a group's elements together; they are read where they land."""
    scene = excalidraw_grid()
    frame = "Ana – Onboarding"
    group = ["Too many fields", "Asked twice for ID"]
    for text in group:
        for part in scene.texts_of(scene.find(text, frame)):
            part["groupIds"] = ["grp1"]
        scene.move(text, COLUMN, 0, frame)
    (summary,) = map_summary(read_input(scene.save(tmp_path / "board.excalidraw"))).values()
    assert ("Sign up", None, "Pain points") not in summary["cells"]
    assert summary["cells"][("Use", None, "Pain points")] == "\n".join(group)


def test_drawio_stickies_inside_a_group_are_placed_by_the_group(tmp_path: Path) -> None:
    """A draw.io group holds its stickies at coordinates relative to the group."""
    drawio = DrawioFile.empty()
    page = "Ana – Onboarding"
    drawio.add_page(page)
    for i, stage in enumerate(STAGES):
        drawio.add_vertex(stage, LEFT + 200 * i, 80, 200, 40, page=page, style=LABEL_STYLE)
    for j, lane in enumerate(LANES):
        drawio.add_vertex(lane, 20, TOP + ROW * j, 160, ROW, page=page, style=LABEL_STYLE)
    group = drawio.add_vertex(
        "", LEFT + 200 + 20, TOP + 2 * ROW + 10, 160, 100, page=page, style="group;"
    )
    drawio.mxcell(group).set("connectable", "0")
    drawio.add_vertex("Too many fields", 0, 0, 160, 45, page=page, parent=group.get("id"))
    drawio.add_vertex("Asked twice for ID", 0, 55, 160, 45, page=page, parent=group.get("id"))
    drawio.add_vertex("Sees an ad", LEFT + 20, TOP + 20, 160, 80, page=page)
    (summary,) = map_summary(read_input(drawio.save(tmp_path / "board.drawio"))).values()
    assert summary["cells"] == {
        ("Discover", None, "Actions"): "Sees an ad",
        ("Sign up", None, "Pain points"): "Too many fields\nAsked twice for ID",
    }


def drawio_swimlanes(*, pool_title: str = "Onboarding") -> DrawioFile:
    """A page drawn with draw.io's swimlanes: a pool, a lane per row, stickies inside the lanes.

    Lanes and stickies have coordinates relative to their container, as draw.io stores them;
    the stage headers are plain boxes above the pool.
    """
    drawio = DrawioFile.empty()
    page = "Ana – Onboarding"
    drawio.add_page(page)
    band = 40  # each lane's title band, down its left
    pool_x, pool_y, pool_band = 40, 140, 30
    left = pool_x + pool_band + band  # where the lanes' content starts, on the page
    width = band + 200 * len(STAGES)
    pool = drawio.add_vertex(
        pool_title,
        pool_x,
        pool_y,
        pool_band + width,
        ROW * len(LANES),
        page=page,
        style="swimlane;html=1;childLayout=stackLayout;resizeParent=1;resizeParentMax=0;"
        f"horizontal=0;startSize={pool_band};horizontalStack=0;",
    )
    for i, stage in enumerate(STAGES):
        drawio.add_vertex(stage, left + 200 * i, 80, 200, 40, page=page, style=LABEL_STYLE)
    lanes = {}
    for j, lane in enumerate(LANES):
        lanes[lane] = drawio.add_vertex(
            lane,
            pool_band,
            ROW * j,
            width,
            ROW,
            page=page,
            parent=pool.get("id"),
            style=f"swimlane;html=1;startSize={band};horizontal=0;",
        )
    for (stage, lane), texts in STICKIES.items():
        x = band + 200 * STAGES.index(stage) + 20
        for n, text in enumerate(texts):
            height = 80 if len(texts) == 1 else 40
            drawio.add_vertex(
                text,
                x,
                20 + 45 * n,
                160,
                height,
                page=page,
                parent=lanes[lane].get("id"),
                style=NOTE_STYLE if n else STICKY_STYLE,
            )
    return drawio


@pytest.mark.parametrize("pool_title", ["Onboarding", ""], ids=["titled-pool", "untitled-pool"])
@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "compressed"])
def test_a_drawio_page_of_swimlanes(tmp_path: Path, compressed: bool, pool_title: str) -> None:
    drawio = drawio_swimlanes(pool_title=pool_title)
    path = drawio.save(tmp_path / "board.drawio", compressed=compressed)
    report = Report()
    assert_hand_drawn(read_input(path, report=report))
    assert misplaced(report) == []


def drawio_table() -> DrawioFile:
    """A page holding one draw.io table: a header row of stages, a row per lane, a cell per sticky."""
    drawio = DrawioFile.empty()
    page = "Ana – Onboarding"
    drawio.add_page(page)
    widths = [160] + [200] * len(STAGES)
    heights = [40] + [100] * len(LANES)
    table = drawio.add_vertex(
        "",
        40,
        60,
        sum(widths),
        sum(heights),
        page=page,
        style="shape=table;startSize=0;container=1;collapsible=0;childLayout=tableLayout;"
        "fixedRows=1;rowLines=1;fontStyle=0;strokeColor=default;fontSize=16;",
    )
    rows = [["Stage", *STAGES]]
    for lane in LANES:
        rows.append([lane, *("\n".join(STICKIES.get((s, lane), [])) for s in STAGES)])
    y = 0
    for r, (cells, height) in enumerate(zip(rows, heights, strict=True)):
        row = drawio.add_vertex(
            "",
            0,
            y,
            sum(widths),
            height,
            page=page,
            parent=table.get("id"),
            style="shape=tableRow;horizontal=0;startSize=0;swimlaneHead=0;swimlaneBody=0;"
            "top=0;left=0;bottom=0;right=0;collapsible=0;dropTarget=0;fillColor=none;"
            "points=[[0,0.5],[1,0.5]];portConstraint=eastwest;fontSize=16;",
        )
        x = 0
        for c, (text, width) in enumerate(zip(cells, widths, strict=True)):
            drawio.add_vertex(
                text,
                x,
                0,
                width,
                height,
                page=page,
                parent=row.get("id"),
                style="shape=partialRectangle;html=1;whiteSpace=wrap;connectable=0;"
                "strokeColor=inherit;overflow=hidden;fillColor=none;top=0;left=0;bottom=0;"
                "right=0;pointerEvents=1;fontSize=16;"
                + ("fontStyle=1;" if r == 0 or c == 0 else ""),
            )
            x += width
        y += height
    return drawio


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "compressed"])
def test_a_drawio_table(tmp_path: Path, compressed: bool) -> None:
    path = drawio_table().save(tmp_path / "board.drawio", compressed=compressed)
    report = Report()
    assert_hand_drawn(read_input(path, report=report))
    assert misplaced(report) == []


def test_a_drawio_grid_of_boxes_with_html_labels(tmp_path: Path) -> None:
    """Labels as draw.io writes them when people type: <div>s, <br>s, entities, bold."""
    drawio = DrawioFile.empty()
    page = "Ana – Onboarding"
    drawio.add_page(page)
    for i, stage in enumerate(STAGES):
        value = f"<b>{stage}</b>"
        drawio.add_vertex(value, LEFT + 200 * i, 80, 200, 40, page=page, html_value=True)
    for j, lane in enumerate(LANES):
        drawio.add_vertex(lane, 20, TOP + ROW * j, 160, ROW, page=page, style=LABEL_STYLE)
    for (stage, lane), texts in STICKIES.items():
        value = "".join(f"<div>{t}</div>" for t in texts) if len(texts) > 1 else texts[0]
        drawio.add_vertex(
            value,
            LEFT + 200 * STAGES.index(stage) + 20,
            TOP + ROW * LANES.index(lane) + 20,
            160,
            80,
            page=page,
            html_value=True,
        )
    drawio.add_vertex(
        "Fees &amp; limits&nbsp;unclear",
        LEFT + 20,
        TOP + ROW * 2 + 20,
        160,
        80,
        page=page,
        html_value=True,
    )
    path = drawio.save(tmp_path / "board.drawio")
    (summary,) = map_summary(read_input(path)).values()
    assert summary["stages"] == list(STAGES)
    assert (
        summary["cells"][("Sign up", None, "Pain points")] == "Too many fields\nAsked twice for ID"
    )
    assert summary["cells"][("Discover", None, "Pain points")] == "Fees & limits unclear"


def test_an_emotion_curve_of_dots_with_no_values_typed(tmp_path: Path) -> None:
    scene = ExcalidrawScene.empty()
    frame = "Ana – Onboarding"
    scene.add_frame(frame, 0, 0, 900, 600)
    for i, stage in enumerate(STAGES):
        scene.add_sticky(stage, LEFT + COLUMN * i, 80, 200, 60, frame=frame, fill="#e9ecef")
    scene.add_sticky("Actions", 20, TOP, 160, 100, frame=frame)
    scene.add_sticky("Emotion", 20, TOP + ROW, 160, 180, frame=frame)
    scene.add_sticky("Sees an ad", LEFT + 10, TOP + 10, 180, 80, frame=frame)
    band_top = TOP + ROW
    # The band's inner sixth top and bottom are +1 and -1 (2 and -2 on -2..2), as exported.
    for i, height in enumerate((30, 90, 150)):
        scene.add_dot(LEFT + COLUMN * i + 100, band_top + height, frame=frame)
    workspace = read_input(scene.save(tmp_path / "board.excalidraw"))
    (journey,) = workspace.journeys
    (summary,) = map_summary(workspace).values()
    assert summary["scores"] == {
        ("Discover", None, "Emotion"): 1.0,
        ("Sign up", None, "Emotion"): 0.0,
        ("Use", None, "Emotion"): -1.0,
    }
    assert journey.emotion_scale == "-2..2"


def test_a_drawio_emotion_curve_of_ellipses(tmp_path: Path) -> None:
    drawio = DrawioFile.empty()
    page = "Ana – Onboarding"
    drawio.add_page(page)
    for i, stage in enumerate(STAGES):
        drawio.add_vertex(stage, LEFT + 200 * i, 80, 200, 40, page=page, style=LABEL_STYLE)
    drawio.add_vertex("Actions", 20, TOP, 180, 100, page=page, style=LABEL_STYLE)
    drawio.add_vertex("Emotion", 20, TOP + 100, 180, 180, page=page, style=LABEL_STYLE)
    drawio.add_vertex("Sees an ad", LEFT + 20, TOP + 10, 160, 80, page=page)
    dot = "ellipse;whiteSpace=wrap;html=1;aspect=fixed;fillColor=#f8cecc;strokeColor=#b85450;"
    for i, height in enumerate((30, 150)):
        cx, cy = LEFT + 200 * i + 100, TOP + 100 + height
        drawio.add_vertex("", cx - 8, cy - 8, 16, 16, page=page, style=dot)
    workspace = read_input(drawio.save(tmp_path / "board.drawio", compressed=True))
    (summary,) = map_summary(workspace).values()
    assert summary["scores"] == {
        ("Discover", None, "Emotion"): 1.0,
        ("Sign up", None, "Emotion"): -1.0,
    }


# ---------------------------------------------------------------------- located problems


def location_of(shape: Any, file: str, frame: str, text: str) -> str:
    """`board.excalidraw › Ana – Onboarding › sticky "…" (id …, at x,y)`."""
    ident = shape["id"] if len(shape["id"]) <= 12 else shape["id"][:10] + "…"
    return f'{file} › {frame} › sticky "{text}" (id {ident}, at {round(shape["x"])},{round(shape["y"])})'


def test_a_sticky_right_of_the_last_stage_is_named_where_it_is(tmp_path: Path) -> None:
    scene = excalidraw_grid()
    frame = "Ana – Onboarding"
    scene.frame(frame)["width"] += 400
    lost = scene.add_sticky("Lost note", LEFT + COLUMN * 4, TOP + 10, 180, 80, frame=frame)
    report = Report()
    workspace = read_input(scene.save(tmp_path / "board.excalidraw"), report=report)
    assert_hand_drawn(workspace)  # read as before, without the lost note
    (problem,) = [p for p in report.problems if p.code == "MB083"]
    assert problem.severity == "warning"
    assert "right of the last stage" in problem.message
    assert problem.location == location_of(lost, "board.excalidraw", frame, "Lost note")


def test_a_sticky_across_two_stages_is_read_where_its_centre_is(tmp_path: Path) -> None:
    scene = excalidraw_grid()
    frame = "Ana – Onboarding"
    # Its centre is in "Use", a third of it over "Sign up".
    across = scene.add_sticky(
        "Half here", LEFT + COLUMN * 2 - 80, TOP + ROW * 2 + 10, 200, 80, frame=frame
    )
    report = Report()
    (summary,) = map_summary(
        read_input(scene.save(tmp_path / "b.excalidraw"), report=report)
    ).values()
    assert summary["cells"][("Use", None, "Pain points")] == "Half here"
    (problem,) = [p for p in report.problems if p.code == "MB084"]
    assert "'Sign up'" in problem.message and "'Use'" in problem.message
    assert problem.location == location_of(across, "b.excalidraw", frame, "Half here")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sticky_dropped_outside_an_exported_map_is_named(
    bank: Workspace, tmp_path: Path, fmt: str
) -> None:
    board = Exported(bank, tmp_path, fmt)
    # Two columns right of the last stage, level with the Actions lane.
    x, y = board.board.cell_point("Get support", "Actions", ANA_FRAME)
    column = board.board.column("Get support", ANA_FRAME)
    width = column[1] - column[0]
    if fmt == "excalidraw":
        board.board.frame(ANA_FRAME)["width"] += 3 * width
        board.board.add_sticky("Lost note", x + 2 * width - 80, y - 30, 160, 60, frame=ANA_FRAME)
    else:
        board.board.add_vertex("Lost note", x + 2 * width - 80, y - 30, 160, 60, page=ANA_FRAME)
    got, report = board.read()
    assert_maps(got, expected_after(bank))
    (problem,) = [p for p in report.problems if p.code == "MB083" and p.severity == "warning"]
    assert problem.location.startswith(f'{board.path.name} › {ANA_FRAME} › sticky "Lost note" (id ')


def test_a_frame_of_text_without_a_grid_is_an_error(tmp_path: Path, runner) -> None:
    scene = ExcalidrawScene.empty()
    scene.add_frame("Ideas", 0, 0, 600, 400)
    # A row of ideas, a little askew: no lane labels down a left edge, so no grid.
    for n, idea in enumerate(["Idea one", "Idea two", "Idea three", "Idea four"]):
        scene.add_sticky(idea, 40 + 130 * n, 40 + 15 * n, 120, 100, frame="Ideas")
    path = scene.save(tmp_path / "ideas.excalidraw")
    report = Report()
    with pytest.raises(InvalidWorkbook):
        read_input(path, report=report)
    (problem,) = report.errors
    assert problem.code == "MB082"
    assert problem.location == "ideas.excalidraw › Ideas › whole frame"
    assert "frame 'Ideas' has no map grid" in problem.message
    assert '"Idea one"' in problem.message and "and 1 more" in problem.message

    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "MB082" in result.output and "Traceback" not in result.output
