"""Map paging, as a reader sees it: stage columns balanced over slides, lanes continued rather than cut."""

from __future__ import annotations

from datetime import date

from benchmarks.synthetic import cell_text

from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.grid import Column
from mapbridge.exporters.deck.paging import page_columns, split_evenly
from mapbridge.model import Entry, Journey, Lane, Stage, Step, slugify
from tests.deck_helpers import flat, named, notes_text, open_deck, slide_text
from tests.factories import make_journey, make_persona, make_workspace

TODAY = date(2026, 11, 1)
SHORTENED = "Shortened on the slide"


def write(tmp_path, workspace, **options):
    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY, **options)
    return result, open_deck(path)


def map_slides(result, prs) -> list:
    return [prs.slides[i] for i, info in enumerate(result.slides) if info.kind == "map"]


def one_map(journey: Journey, persona) -> object:
    ws = make_workspace(1)
    ws.personas = [persona]
    ws.journeys = [journey]
    return ws


def stage_headers(slide) -> list[str]:
    return [flat(s.text_frame.text) for s in named(slide, "Stage ")]


def cut_cells(slide) -> list[str]:
    """Text of the cells and pills on a slide that end in "…" or stand for hidden tags ("+N")."""
    shapes = named(slide, "Cell ") + named(slide, "Tag ")
    texts = [s.text_frame.text.strip() for s in shapes]
    return [t for t in texts if t.endswith("…") or (t.startswith("+") and t[1:].isdigit())]


def cell_sizes(slide) -> list[float]:
    return [
        run.font.size.pt
        for shape in named(slide, "Cell ")
        for para in shape.text_frame.paragraphs
        for run in para.runs
        if run.font.size is not None
    ]


# --- Balanced stage columns ---------------------------------------------------------------------


def _columns(steps_per_stage: list[int]) -> list[Column]:
    columns = []
    for s, count in enumerate(steps_per_stage):
        steps = [Step(name=f"Step {s}.{k}") for k in range(count)]
        stage = Stage(id=f"s{s}", name=f"Stage {s}", steps=steps)
        for step in steps or [None]:
            columns.append(Column(stage, step, len(columns) + 1))
    return columns


def test_columns_split_evenly_over_the_fewest_slides():
    assert [len(p) for p in page_columns(_columns([0] * 10), 8)] == [5, 5]
    assert [len(p) for p in page_columns(_columns([0] * 17), 8)] == [6, 6, 5]
    assert [len(p) for p in page_columns(_columns([0] * 8), 8)] == [8]
    assert [len(p) for p in page_columns(_columns([0] * 9), 6)] == [5, 4]
    assert split_evenly(list(range(10)), 8) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_a_stage_s_steps_stay_together_when_they_fit_on_a_slide():
    # 9 columns: an even split (5 + 4) would cut the middle stage's steps apart.
    pages = page_columns(_columns([3, 3, 3]), 8)
    assert [[c.stage.id for c in p] for p in pages] == [["s0"] * 3 + ["s1"] * 3, ["s2"] * 3]
    # A stage wider than a slide is split, as evenly as the rest allows.
    pages = page_columns(_columns([10]), 8)
    assert [len(p) for p in pages] == [5, 5]


def test_a_ten_stage_map_shows_five_stages_a_slide(tmp_path):
    persona = make_persona("Ana Reyes")
    stages = [f"Stage {i}" for i in range(1, 11)]
    result, prs = write(tmp_path, one_map(make_journey("Long journey", persona, stages), persona))
    maps = map_slides(result, prs)
    assert [stage_headers(m) for m in maps] == [
        [f"stage {i}" for i in range(1, 6)],
        [f"stage {i}" for i in range(6, 11)],
    ]
    assert "stages 6–10 of 10" in slide_text(maps[1])


def test_steps_of_a_stage_are_not_split_across_slides(tmp_path):
    persona = make_persona("Maya Lin")
    stages = [
        Stage(id=f"s{s}", name=f"Phase {s}", steps=[Step(name=f"Task {s}.{k}") for k in range(3)])
        for s in range(3)
    ]
    lane = Lane(id="do", name="Doing", kind="actions")
    journey = Journey(
        id="claim--maya",
        name="Make a claim",
        persona_id=persona.id,
        stages=stages,
        lanes=[lane],
        entries=[
            Entry(stage_id=st.id, step=step.name, lane_id="do", text=f"Does {step.name}")
            for st in stages
            for step in st.steps
        ],
    )
    result, prs = write(tmp_path, one_map(journey, persona))
    maps = map_slides(result, prs)
    assert [stage_headers(m) for m in maps] == [["phase 0", "phase 1"], ["phase 2"]]
    assert all("(cont.)" not in slide_text(m) for m in maps)


def test_the_persona_comparison_balances_its_stages_too(tmp_path):
    ws = make_workspace(2)
    stages = [f"Stage {i}" for i in range(1, 11)]
    ws.journeys = [make_journey("Open an account", p, stages) for p in ws.personas]
    result, prs = write(tmp_path, ws, layout="layered")
    layered = [prs.slides[i] for i, info in enumerate(result.slides) if info.kind == "layered"]
    assert [len(stage_headers(s)) for s in layered] == [5, 5]


# --- Lanes continued before anything is shortened -------------------------------------------------

DENSE = (
    "Reads the whole fee table twice on a small screen, then calls the branch to ask whether "
    "the joint account really has no monthly charge, and writes the answer down for her partner"
)


def test_a_dense_map_continues_its_lanes_instead_of_shortening(tmp_path):
    persona = make_persona("Ana Reyes")
    journey = make_journey("Open an account", persona)
    for entry in journey.entries:
        if entry.emotion is None and entry.lane_id != "touchpoints":
            entry.text = f"{DENSE} ({entry.lane_id} at {entry.stage_id})."
    result, prs = write(tmp_path, one_map(journey, persona))
    maps = map_slides(result, prs)
    assert len(maps) >= 2
    assert "lanes 1 of " in notes_text(maps[0])
    assert "lanes 2 of " in notes_text(maps[1])
    assert "lanes 1 of " in slide_text(maps[0])
    for slide in maps:
        assert cut_cells(slide) == []
        assert SHORTENED not in notes_text(slide)
        assert min(cell_sizes(slide)) >= 9.0
        # Headers repeated on every lane slide.
        assert len(stage_headers(slide)) == 6
    shown = flat(" ".join(slide_text(m) for m in maps))
    for entry in journey.entries:
        if entry.emotion is None:
            assert flat(entry.text) in shown
    # The curve band is drawn once, on the first lane slide.
    assert [bool(named(m, "Curve band")) for m in maps] == [True] + [False] * (len(maps) - 1)


def test_a_cell_longer_than_a_slide_gets_wider_columns_before_it_is_cut(tmp_path):
    persona = make_persona("Ana Reyes")
    journey = make_journey("Open an account", persona, [f"Stage {i}" for i in range(1, 9)])
    target = next(e for e in journey.entries if e.lane_id == "pain_points")
    target.text = " ".join([DENSE] * 5)
    result, prs = write(tmp_path, one_map(journey, persona))
    maps = map_slides(result, prs)
    # At 8 columns the cell is taller than a slide at 9 pt; at 4 or 5 columns it fits.
    assert all(len(stage_headers(m)) < 8 for m in maps)
    for slide in maps:
        assert cut_cells(slide) == []
        assert SHORTENED not in notes_text(slide)
    assert any(flat(target.text) in flat(slide_text(m)) for m in maps)


def test_a_realistic_ten_stage_map_shortens_nothing(tmp_path):
    persona = make_persona("Ana Reyes")
    stages = [f"Stage {i:02d}" for i in range(1, 11)]
    journey = make_journey("Open an account", persona, stages)
    names = {
        "actions": "Actions",
        "touchpoints": "Touchpoints",
        "thoughts": "Thinking",
        "pain_points": "Pain points",
        "opportunities": "Opportunities",
    }
    index = {slugify(s): i for i, s in enumerate(stages)}
    for entry in journey.entries:
        if entry.lane_id in names:
            entry.text = cell_text(names[entry.lane_id], 7, index[entry.stage_id])
    result, prs = write(tmp_path, one_map(journey, persona))
    maps = map_slides(result, prs)
    cells = sum(len(named(m, "Cell ")) for m in maps)
    assert cells == 10 * 4  # every text cell drawn once (touchpoints are pills)
    for slide in maps:
        assert cut_cells(slide) == []
        assert SHORTENED not in notes_text(slide)
        assert len(stage_headers(slide)) == 5


def test_rows_of_a_sparse_map_are_not_stretched_to_the_footer(tmp_path):
    """Two short lanes keep rows a little taller than their text, with the curve right under them."""
    from mapbridge.exporters.deck.map_slide import ROW_SPARE

    ws = make_workspace(1)
    journey = ws.journeys[0]
    keep = {"actions", "emotion"}
    journey.lanes = [lane for lane in journey.lanes if lane.id in keep]
    journey.entries = [e for e in journey.entries if e.lane_id in keep]
    for entry in journey.entries:
        if entry.lane_id == "actions":
            entry.text = "Calls the bank"
    deck = tmp_path / "sparse.pptx"
    result = write_deck(ws, deck, today=date(2026, 11, 1))
    prs = open_deck(deck)
    slide = prs.slides[[s.kind for s in result.slides].index("map")]
    cells = [s for s in slide.shapes if s.name.startswith("Cell")]
    band = next(s for s in slide.shapes if s.name.startswith("Curve band"))
    assert cells and all(c.height / 12700 <= 40 + ROW_SPARE for c in cells)
    grid_bottom = max((c.top + c.height) / 12700 for c in cells)
    assert 0 < band.top / 12700 - grid_bottom <= 12
