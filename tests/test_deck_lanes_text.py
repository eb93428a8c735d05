"""Map and comparison cells as a user sees them: lists as real lists, chips that show their text,
stage headers at one size in capitals kept as typed, and emotion values clear of the zero line and the curve."""

from __future__ import annotations

from datetime import date

import pytest
from pptx.util import Emu

from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.chart import plot_y
from mapbridge.exporters.deck.context import DeckContext
from mapbridge.exporters.deck.fonts import load_font_set
from mapbridge.exporters.deck.lanes import (
    Box,
    LabelSpot,
    pill_height,
    place_point_labels,
    plan_tags,
)
from mapbridge.exporters.deck.template import open_template
from tests.deck_helpers import charts, named, open_deck
from tests.factories import make_journey, make_workspace

TODAY = date(2026, 11, 1)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
ITEMS = [
    "Rapid access to the account summary without logging in twice on a slow phone",
    "Building context from earlier calls so the agent does not ask the same questions",
    "Clear next steps after every form, with the time each one is likely to take",
]
TAGS = ["App", "Email", "Branch", "Call centre"]


def write(tmp_path, workspace, **options):
    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY, **options)
    return result, open_deck(path)


def slides_of(result, prs, kind: str) -> list:
    return [prs.slides[i] for i, s in enumerate(result.slides) if s.kind == kind]


def paragraphs(shape) -> list[tuple[str, str]]:
    """Each paragraph's text and how it is marked: "bullet", "number" or "none"."""
    found = []
    for p in shape.text_frame._txBody.iter(f"{A}p"):
        ppr = p.find(f"{A}pPr")
        mark = "none"
        if ppr is not None and ppr.find(f"{A}buChar") is not None:
            mark = "bullet"
        elif ppr is not None and ppr.find(f"{A}buAutoNum") is not None:
            mark = "number"
        text = "".join(t.text or "" for t in p.iter(f"{A}t"))
        if text:
            found.append((text, mark))
    return found


def run_props(shape) -> list:
    return list(shape.text_frame._txBody.iter(f"{A}rPr"))


def set_cell(journey, stage_index: int, lane_id: str, text: str) -> None:
    stage_id = journey.stages[stage_index].id
    for entry in journey.entries:
        if entry.stage_id == stage_id and entry.lane_id == lane_id:
            entry.text = text


# --- Lists stay lists --------------------------------------------------------------------------


def test_typed_lists_in_map_cells_become_real_bullets_and_numbering(tmp_path):
    ws = make_workspace(1)
    journey = ws.journeys[0]
    set_cell(journey, 0, "actions", "\n".join(f"• {t}" for t in ITEMS[:2]))
    set_cell(journey, 1, "actions", "\n".join(f"{k}. {t}" for k, t in enumerate(ITEMS, 1)))
    set_cell(journey, 2, "actions", " ".join(f"• {t}" for t in ITEMS[:2]))  # run together
    set_cell(journey, 3, "pain_points", "- The form times out\n- Well-known self-service gaps")
    set_cell(journey, 4, "actions", "Takes -5 minutes off a well-known self-service flow")
    result, prs = write(tmp_path, ws)
    (slide,) = slides_of(result, prs, "map")
    cells = named(slide, "Cell Actions")
    assert paragraphs(cells[0]) == [(ITEMS[0], "bullet"), (ITEMS[1], "bullet")]
    assert paragraphs(cells[1]) == [(t, "number") for t in ITEMS]
    assert paragraphs(cells[2]) == [(ITEMS[0], "bullet"), (ITEMS[1], "bullet")]
    assert paragraphs(cells[4]) == [("Takes -5 minutes off a well-known self-service flow", "none")]
    pains = named(slide, "Cell Pain points")
    assert paragraphs(pains[3]) == [
        ("The form times out", "bullet"),
        ("Well-known self-service gaps", "bullet"),
    ]
    # The numbers are the application's: each item says which it is.
    starts = [n.get("startAt", "1") for n in cells[1].text_frame._txBody.iter(f"{A}buAutoNum")]
    assert starts == ["1", "2", "3"]


def test_a_list_is_measured_as_drawn_and_shown_whole_when_there_is_room(tmp_path):
    ws = make_workspace(1)
    journey = ws.journeys[0]
    for k in range(len(journey.stages)):
        set_cell(journey, k, "actions", "\n".join(f"{n}. {t}" for n, t in enumerate(ITEMS, 1)))
    result, prs = write(tmp_path, ws)
    for slide in slides_of(result, prs, "map"):
        for cell in named(slide, "Cell Actions"):
            assert [t for t, _ in paragraphs(cell)] == ITEMS
            assert not any(t.endswith("…") for t, _ in paragraphs(cell))


def test_several_entries_in_a_cell_stay_bulleted(tmp_path):
    ws = make_workspace(1)
    journey = ws.journeys[0]
    stage_id = journey.stages[0].id
    entry = next(e for e in journey.entries if e.stage_id == stage_id and e.lane_id == "actions")
    second = entry.model_copy(update={"text": "Calls the bank"})
    journey.entries.insert(journey.entries.index(entry) + 1, second)
    result, prs = write(tmp_path, ws)
    (slide,) = slides_of(result, prs, "map")
    cell = named(slide, "Cell Actions")[0]
    assert [mark for _, mark in paragraphs(cell)] == ["bullet", "bullet"]


def test_comparison_stripes_show_lists_as_lists(tmp_path):
    ws = make_workspace(2)
    for n, journey in enumerate(ws.journeys):
        set_cell(journey, 0, "pain_points", f"- {ITEMS[n]}\n- {ITEMS[2]}")
    result, prs = write(tmp_path, ws)
    (slide,) = slides_of(result, prs, "layered")
    stripes = [s for s in named(slide, "Stripe Pain points") if ITEMS[2] in s.text_frame.text]
    assert len(stripes) == 2
    for n, stripe in enumerate(sorted(stripes, key=lambda s: s.top)):
        assert paragraphs(stripe) == [(ITEMS[n], "bullet"), (ITEMS[2], "bullet")]


# --- Chips show their text ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx():
    opened = open_template(None)
    fonts = load_font_set(opened.body_font)
    return DeckContext(opened, fonts, fonts, make_workspace(1), {}, TODAY, "")


def _check_plan(ctx, tags, width, height, size):
    plan = plan_tags(ctx, tags, width, height, size)
    texts = [text for text, *_ in plan.pills]
    more = [t for t in texts if t.startswith("+") and t[1:].isdigit()]
    shown = [t for t in texts if t not in more]
    # Chips show text ("…" alone is no text), and a "+N" only ever comes last, after them.
    assert shown and all(t != "…" for t in shown), (tags, width, height, texts)
    assert len(more) <= 1 and (not more or texts[-1] == more[0])
    if more:
        assert len(shown) + int(more[0][1:]) == len(tags)
    else:
        # Every tag shown, or (a column too narrow for "+N" beside any word) one, cut short.
        assert len(shown) == len(tags) or (len(shown) == 1 and shown[0].endswith("…"))
    for _text, x, y, w, h in plan.pills:
        assert x >= 0 and x + w <= width + 0.01
        if height >= pill_height(ctx, size):
            assert y + h <= height + 0.01
    whole = plan_tags(ctx, tags, width, None, size)
    if whole.height <= height:
        assert not more and len(shown) == len(tags)  # the cell has room: no "+N"
    return plan, shown, more


@pytest.mark.parametrize("width", [60.0, 89.0, 120.0, 200.0])
@pytest.mark.parametrize("height", [12.0, 16.0, 30.0, 50.0, 90.0])
def test_chips_show_text_and_a_plus_n_chip_only_follows_chips_with_text(ctx, width, height):
    for tags in (TAGS, ["Mobile app (iOS and Android)", "Web", "Post"], ["One very long tag"]):
        _check_plan(ctx, tags, width, height, 9.5)


def test_chips_wrap_onto_more_rows_before_any_is_hidden(ctx):
    one = pill_height(ctx, 9.5)
    plan, shown, more = _check_plan(ctx, TAGS, 89.0, 3 * one + 6, 9.5)
    assert shown == TAGS and not more
    assert len({y for _t, _x, y, _w, _h in plan.pills}) >= 2


def test_a_cell_one_chip_high_shows_chips_before_its_plus_n(ctx):
    plan, shown, more = _check_plan(ctx, TAGS, 89.0, pill_height(ctx, 9.5), 9.5)
    assert shown == TAGS[: len(shown)] and more == [f"+{len(TAGS) - len(shown)}"]


def test_a_single_tag_with_no_room_is_shortened_not_hidden(ctx):
    plan, shown, more = _check_plan(ctx, ["Mobile banking app (iOS and Android)"], 60.0, 16.0, 9.5)
    assert not more and shown[0].endswith("…") and len(shown[0]) > 1
    # With others to count, a tag that shows whole beside the "+N" is the one shown.
    plan, shown, more = _check_plan(ctx, ["Mobile banking app", "Web", "Post"], 70.0, 16.0, 9.5)
    assert shown == ["Web"] and more == ["+2"]


def test_a_long_tag_takes_more_lines_when_the_cell_has_the_height(ctx):
    tag = "Mobile banking app for iOS and Android phones and tablets"
    plan, shown, more = _check_plan(ctx, [tag, "Web"], 89.0, 120.0, 9.5)
    assert shown == [tag, "Web"] and not more


def test_touchpoint_cells_show_every_tag_when_there_is_room(tmp_path):
    ws = make_workspace(1)
    journey = ws.journeys[0]
    for k in range(len(journey.stages)):
        set_cell(journey, k, "touchpoints", ", ".join(TAGS))
        set_cell(journey, k, "actions", "\n".join(f"• {t}" for t in ITEMS[:2]))
    result, prs = write(tmp_path, ws)
    for slide in slides_of(result, prs, "map"):
        tags = [s.text_frame.text for s in named(slide, "Tag Touchpoints")]
        assert tags and sorted(tags) == sorted(TAGS * len(journey.stages))


# --- Typography --------------------------------------------------------------------------------


def test_stage_headers_keep_the_typed_names_in_capitals_at_one_size(tmp_path):
    names = ["Discover", "Compare the offers from three banks", "ID", "First use"]
    ws = make_workspace(1)
    ws.journeys[0] = make_journey("Open an account", ws.personas[0], names)
    result, prs = write(tmp_path, ws)
    (slide,) = slides_of(result, prs, "map")
    headers = named(slide, "Stage ")
    assert [h.text_frame.text for h in headers] == names
    props = [p for h in headers for p in run_props(h)]
    assert props and all(p.get("cap") == "all" for p in props)
    assert len({p.get("sz") for p in props}) == 1


def test_each_lane_row_is_set_in_one_size(tmp_path):
    ws = make_workspace(2)
    for journey in ws.journeys:
        set_cell(journey, 0, "actions", "\n".join(f"• {t}" for t in ITEMS))
        set_cell(journey, 1, "actions", "Short")
    result, prs = write(tmp_path, ws)
    for kind, prefixes in (("map", ["Cell ", "Tag "]), ("layered", ["Stripe "])):
        for slide in slides_of(result, prs, kind):
            rows: dict[str, set[str]] = {}
            for prefix in prefixes:
                for shape in named(slide, prefix):
                    lane = shape.name.rsplit(" ", 1)[0]
                    rows.setdefault(lane, set()).update(
                        p.get("sz") for p in run_props(shape) if p.get("sz")
                    )
            assert rows and all(len(sizes) == 1 for sizes in rows.values()), rows


def test_overview_journey_headers_are_typed_names_in_capitals_at_one_size(tmp_path):
    ws = make_workspace(2)
    ws.journeys[1] = make_journey("Close an account after a long dispute", ws.personas[1])
    result, prs = write(tmp_path, ws)
    (overview,) = slides_of(result, prs, "overview")
    headers = named(overview, "Journey header")
    assert sorted(h.text_frame.text for h in headers) == sorted(
        ["Open an account", "Close an account after a long dispute"]
    )
    props = [p for h in headers for p in run_props(h)]
    assert all(p.get("cap") == "all" for p in props) and len({p.get("sz") for p in props}) == 1


# --- Emotion values ----------------------------------------------------------------------------


def _pt(value) -> float:
    return Emu(value).pt


def _segment_hits(box: tuple[float, float, float, float], a, b, clear: float) -> bool:
    """True when a point sampled along a-b (every 0.25 pt) falls in the box grown by `clear`."""
    left, top, right, bottom = box
    (x1, y1), (x2, y2) = a, b
    steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) * 4))
    for k in range(steps + 1):
        x, y = x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps
        if left - clear < x < right + clear and top - clear < y < bottom + clear:
            return True
    return False


@pytest.mark.parametrize(
    "scores",
    [
        [0.5, 0.0, -0.5, -1.0, 0.5, 1.0],
        [0.0, 0.0, 0.5, 0.0, -0.5, 0.0],
        [1.0, -1.0, 1.0, -1.0, 1.0, -1.0],
        [0.25, 0.5, 0.75, 1.0, 0.75, 0.5],
    ],
)
def test_emotion_values_sit_clear_of_the_zero_line_and_the_curve(tmp_path, scores):
    ws = make_workspace(1)
    ws.journeys[0] = make_journey("Open an account", ws.personas[0], scores=scores)
    result, prs = write(tmp_path, ws)
    (slide,) = slides_of(result, prs, "map")
    (frame,) = [s for s in slide.shapes if s.has_chart]
    (chart,) = charts(slide)
    left, top, width, height = (_pt(v) for v in (frame.left, frame.top, frame.width, frame.height))
    values = list(chart.plots[0].series[0].values)
    step = width / len(values)
    points = [(left + (i + 0.5) * step, plot_y(v, top, height)) for i, v in enumerate(values)]
    zero_y = plot_y(0.0, top, height)
    labels = named(slide, "Emotion value")
    assert len(labels) == len(values)
    for label in labels:
        box = (
            _pt(label.left),
            _pt(label.top),
            _pt(label.left + label.width),
            _pt(label.top + label.height),
        )
        assert box[3] <= zero_y - 6 + 0.01 or box[1] >= zero_y + 6 - 0.01, (box, zero_y)
        for a, b in zip(points, points[1:], strict=False):
            assert not _segment_hits(box, a, b, clear=1.0), (label.text_frame.text, box, a, b)
        for x, y in points:
            assert not (box[0] - 3.5 < x < box[2] + 3.5 and box[1] - 3.5 < y < box[3] + 3.5)


def test_a_value_goes_above_a_peak_and_below_a_dip():
    area = Box(0, 0, 400, 100)
    points = [(50.0, 60.0), (150.0, 20.0), (250.0, 80.0), (350.0, 40.0)]
    segments = list(zip(points, points[1:], strict=False))
    spots = [
        LabelSpot(150.0, 20.0, 20.0, 13.0, True),  # peak
        LabelSpot(250.0, 80.0, 20.0, 13.0, False),  # dip
    ]
    peak, dip = place_point_labels(spots, points, segments, zero_y=50.0, area=area)
    assert peak.bottom <= 20.0 and dip.top >= 80.0


def test_a_value_on_the_zero_line_moves_out_of_its_band():
    area = Box(0, 0, 200, 100)
    points = [(50.0, 50.0), (150.0, 50.0)]
    (box,) = place_point_labels(
        [LabelSpot(50.0, 50.0, 16.0, 13.0, True)], points, [(points[0], points[1])], 50.0, area
    )
    assert box.bottom <= 44.0 or box.top >= 56.0
