"""The geometry reader: boards built in code (no file format) read into maps, with located problems."""

from __future__ import annotations

import pytest

from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.formats.board import Board, Frame, Shape
from mapbridge.importers.board import read_board

STAGES = ("Discover", "Sign up", "Use")
LANES = ("Actions", "Emotion", "Pain points")


class Drawing:
    """A frame drawn as people draw one: headers, labels and stickies placed on a 200-unit grid."""

    def __init__(self, name: str = "Ana Lima – Onboarding", *, labels_as_text: bool = False):
        self.frame = Frame(id="f1", name=name, number=1)
        self.labels_as_text = labels_as_text
        self.count = 0

    def add(self, text: str, x: float, y: float, w: float = 180, h: float = 80, **kw) -> Shape:
        self.count += 1
        kind = kw.pop("kind", "rectangle")
        shape = Shape(id=f"s{self.count}", kind=kind, x=x, y=y, w=w, h=h, text=text, **kw)
        self.frame.shapes.append(shape)
        return shape

    def grid(self, stages=STAGES, lanes=LANES) -> Drawing:
        for i, stage in enumerate(stages):
            self.add(stage, 200 + 200 * i, 100, h=50)
        for j, lane in enumerate(lanes):
            if self.labels_as_text:
                self.add(lane, 10, 170 + 100 * j, w=150, h=25, kind="text")
            else:
                self.add(lane, 10, 170 + 100 * j, w=170, h=90)
        return self

    def sticky(self, text: str, stage: int, lane: int, *, dx: float = 0, dy: float = 0, **kw):
        return self.add(text, 205 + 200 * stage + dx, 175 + 100 * lane + dy, w=170, h=70, **kw)

    def board(self, *more: Frame) -> Board:
        return Board(file="board.excalidraw", tool="Excalidraw", frames=[self.frame, *more])


def cell(journey, stage: str, lane: str) -> list[str]:
    lane_ids = {lane_.name: lane_.id for lane_ in journey.lanes}
    stage_ids = {s.name: s.id for s in journey.stages}
    return [
        e.text
        for e in journey.entries
        if e.stage_id == stage_ids[stage] and e.lane_id == lane_ids[lane]
    ]


@pytest.mark.parametrize("labels_as_text", [False, True])
def test_a_grid_of_rectangles_reads_as_a_map(labels_as_text):
    drawing = Drawing(labels_as_text=labels_as_text).grid()
    drawing.sticky("Sees an ad", 0, 0)
    drawing.sticky("Fills the form", 1, 0)
    drawing.sticky("frustrated", 1, 1)
    drawing.sticky("4", 2, 1)
    drawing.sticky("Too many fields", 1, 2)
    drawing.sticky("Asked twice for ID", 1, 2, dy=10, dx=5)
    workspace = read_board(drawing.board())
    (journey,) = workspace.journeys
    assert journey.name == "Onboarding"
    assert [p.name for p in workspace.personas] == ["Ana Lima"]
    assert journey.persona_id == workspace.personas[0].id
    assert [s.name for s in journey.stages] == list(STAGES)
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("Actions", "actions"),
        ("Emotion", "emotion"),
        ("Pain points", "pain_points"),
    ]
    assert cell(journey, "Discover", "Actions") == ["Sees an ad"]
    # Two stickies in one cell are read top to bottom, as the cell's lines.
    assert cell(journey, "Sign up", "Pain points") == ["Too many fields\nAsked twice for ID"]
    scores = {e.stage_id: e.emotion.score for e in journey.entries if e.emotion}
    assert scores["sign-up"] < 0 < scores["use"]


def test_sources_name_the_frame_and_the_element():
    drawing = Drawing().grid()
    drawing.sticky("Sees an ad", 0, 0)
    workspace = read_board(drawing.board())
    entry = workspace.journeys[0].entries[0]
    assert str(entry.source) == 'Ana Lima – Onboarding › sticky "Sees an ad" (id s7, at 205,175)'
    stage = workspace.journeys[0].stages[0]
    assert 'stage header "Discover"' in str(stage.source)


def test_an_unknown_emotion_is_located_at_its_sticky():
    drawing = Drawing().grid()
    drawing.sticky("very happyy", 0, 1)
    report = Report(file="board.excalidraw")
    read_board(drawing.board(), report=report)
    (problem,) = [p for p in report.problems if p.code == "MB013"]
    assert problem.location == (
        'board.excalidraw › Ana Lima – Onboarding › sticky "very happyy" (id s7, at 205,275)'
    )


def test_a_sticky_outside_every_cell_is_named_and_not_read():
    drawing = Drawing().grid()
    drawing.sticky("Lost note", 4, 0)  # two columns right of the last stage
    report = Report(file="board.excalidraw")
    workspace = read_board(drawing.board(), report=report)
    assert not workspace.journeys[0].entries
    (problem,) = [p for p in report.problems if p.code == "MB083"]
    assert problem.severity == "warning"
    assert "right of the last stage" in problem.message
    assert '"Lost note" (id s7' in problem.location


def test_a_sticky_across_two_stages_is_read_where_its_centre_is_and_named():
    drawing = Drawing().grid()
    drawing.sticky("Half here", 0, 0, dx=120)  # 120 of 170 units past the first column's edge
    report = Report(file="board.excalidraw")
    workspace = read_board(drawing.board(), report=report)
    assert cell(workspace.journeys[0], "Sign up", "Actions") == ["Half here"]
    (problem,) = [p for p in report.problems if p.code == "MB084"]
    assert "stage 'Discover'" in problem.message and "stage 'Sign up'" in problem.message


def test_steps_under_a_stage_become_its_steps():
    drawing = Drawing().grid(stages=("Discover", "Sign up"))
    # "Sign up" spans two step columns: widen it over them and add a step row.
    drawing.frame.shapes[1].w = 380
    for shape in drawing.frame.shapes[2:]:
        shape.y += 60
    drawing.add("Form", 400, 160, h=40)
    drawing.add("Verify", 600, 160, h=40)
    drawing.add("Types details", 405, 235, w=170, h=70)
    drawing.add("Uploads ID", 605, 235, w=170, h=70)
    workspace = read_board(drawing.board())
    journey = workspace.journeys[0]
    sign_up = journey.stages[1]
    assert [s.name for s in sign_up.steps] == ["Form", "Verify"]
    assert {(e.step, e.text) for e in journey.entries} == {
        ("Form", "Types details"),
        ("Verify", "Uploads ID"),
    }


def test_persona_label_and_generic_frame_names():
    drawing = Drawing(name="Frame 3").grid()
    drawing.add("Persona: Ben Okafor", 200, 10, w=300, h=30, kind="text")
    drawing.sticky("Calls support", 0, 0)
    workspace = read_board(drawing.board())
    assert [p.name for p in workspace.personas] == ["Ben Okafor"]
    assert workspace.journeys[0].name == "Board"  # the file names the journey

    shared = Drawing(name="Page-1").grid()
    shared.sticky("Calls support", 0, 0)
    workspace = read_board(shared.board())
    assert workspace.personas == [] and workspace.journeys[0].persona_id is None


def test_dots_in_the_emotion_band_give_scores_by_height():
    drawing = Drawing().grid(lanes=("Actions", "Emotion"))
    band = drawing.add("", 200, 270, w=600, h=180)  # the band drawn for the curve
    band.kind = "rectangle"
    # Top of the band's inner area is +1 (pad = a sixth of the height), bottom -1.
    drawing.add("", 290, 270 + 30 - 7, w=14, h=14, kind="ellipse")  # +1 -> 2
    drawing.add("", 490, 270 + 90 - 7, w=14, h=14, kind="ellipse")  # 0
    drawing.add("", 690, 270 + 150 - 7, w=14, h=14, kind="ellipse")  # -1 -> -2
    workspace = read_board(drawing.board())
    journey = workspace.journeys[0]
    scores = [e.emotion.score for e in journey.entries if e.emotion]
    assert scores == [1.0, 0.0, -1.0]
    assert journey.emotion_scale == "-2..2"


def test_a_frame_without_a_grid_is_an_error_naming_its_texts():
    frame = Frame(id="f", name="Ideas", number=1)
    frame.shapes.append(Shape(id="a", kind="rectangle", x=0, y=0, w=100, h=80, text="Idea one"))
    report = Report(file="board.excalidraw")
    with pytest.raises(InvalidWorkbook):
        read_board(Board(file="board.excalidraw", tool="Excalidraw", frames=[frame]), report=report)
    (problem,) = report.errors
    assert problem.code == "MB082"
    assert "frame 'Ideas' has no map grid" in problem.message and '"Idea one"' in problem.message


def test_a_frame_without_a_grid_beside_a_map_is_a_warning():
    drawing = Drawing().grid()
    drawing.sticky("Sees an ad", 0, 0)
    notes = Frame(id="f2", name="Parking lot", number=2)
    notes.shapes.append(Shape(id="n", kind="rectangle", x=0, y=0, w=100, h=80, text="Later"))
    report = Report(file="board.excalidraw")
    workspace = read_board(drawing.board(notes), report=report)
    assert len(workspace.journeys) == 1
    (problem,) = [p for p in report.problems if p.code == "MB082"]
    assert problem.severity == "warning"
    assert workspace.reading.coverage.unread[0].reason == "on a frame with no map grid"


def test_marked_shapes_are_passed_over_and_the_badge_gives_the_kind():
    drawing = Drawing().grid()
    drawing.add("Ana Lima", 10, 10, w=300, h=35, kind="text", role="title")
    drawing.add("PROTO-PERSONA: HYPOTHESIS", 500, 10, w=260, h=44, role="badge")
    drawing.add("bank.xlsx · Journey", 10, 600, w=700, h=20, kind="text", role="footer")
    drawing.sticky("Sees an ad", 0, 0)
    report = Report(file="board.excalidraw")
    workspace = read_board(drawing.board(), report=report)
    assert [(p.name, p.kind) for p in workspace.personas] == [("Ana Lima", "proto")]
    assert not report.problems


def test_a_comparison_frame_is_not_read_when_persona_frames_are():
    drawing = Drawing().grid()
    drawing.sticky("Sees an ad", 0, 0)
    comparison = Drawing(name="All personas – Onboarding").grid()
    comparison.frame.id, comparison.frame.number = "f2", 2
    comparison.sticky("Sees an ad", 0, 0)
    workspace = read_board(drawing.board(comparison.frame))
    assert len(workspace.journeys) == 1


def test_a_frame_named_like_a_sheet_to_skip_is_still_a_map():
    """A workbook sheet named "Instructions" is skipped; a frame's name never decides that."""
    drawing = Drawing(name="Instructions – Onboarding").grid()
    drawing.sticky("Sees an ad", 0, 0)
    report = Report(file="board.excalidraw")
    workspace = read_board(drawing.board(), report=report)
    assert cell(workspace.journeys[0], "Discover", "Actions") == ["Sees an ad"]
    assert not [p for p in report.problems if p.code == "MB036"]


def test_a_frame_named_after_a_journey_is_a_shared_map_of_that_journey():
    drawing = Drawing(name="Onboarding journey").grid()
    drawing.sticky("Sees an ad", 0, 0)
    workspace = read_board(drawing.board())
    assert workspace.personas == []
    assert workspace.journeys[0].name == "Onboarding journey"
    # A plain name is a persona's, as the frame says whose map it is.
    drawing = Drawing(name="Ana Lima").grid()
    drawing.sticky("Sees an ad", 0, 0)
    workspace = read_board(drawing.board())
    assert [p.name for p in workspace.personas] == ["Ana Lima"]
