"""Excalidraw export: the fields Excalidraw requires, the board a user sees, and Excalidraw's own restore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.exporters.excalidraw import excalidraw_scene, wrap, write_excalidraw
from mapbridge.layout import decide_layouts
from mapbridge.palette import persona_colours
from tests.factories import make_workspace
from tests.node_checks import require_node_modules, run_node

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
HOME = SAMPLES / "home-insurance-grid.xlsx"
B2B = SAMPLES / "b2b-expense-tool.xlsx"

COMMON_FIELDS = {
    "id": str,
    "type": str,
    "x": (int, float),
    "y": (int, float),
    "width": (int, float),
    "height": (int, float),
    "angle": (int, float),
    "strokeColor": str,
    "backgroundColor": str,
    "fillStyle": str,
    "strokeWidth": (int, float),
    "strokeStyle": str,
    "roughness": int,
    "opacity": int,
    "seed": int,
    "version": int,
    "versionNonce": int,
    "isDeleted": bool,
    "groupIds": list,
}


def check_scene(scene: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Assert the scene has every field Excalidraw requires; return elements by id."""
    assert scene["type"] == "excalidraw"
    assert scene["version"] == 2
    assert isinstance(scene["appState"], dict) and isinstance(scene["files"], dict)
    elements = scene["elements"]
    by_id = {e["id"]: e for e in elements}
    assert len(by_id) == len(elements), "duplicate ids"
    for element in elements:
        for name, kind in COMMON_FIELDS.items():
            assert isinstance(element[name], kind), (element["type"], name)
        assert element["width"] >= 0 and element["height"] >= 0
        if element["frameId"] is not None:
            assert by_id[element["frameId"]]["type"] == "frame"
        if element["type"] == "text":
            assert element["text"] and isinstance(element["fontSize"], (int, float))
            assert element["fontFamily"] in (1, 2, 3)
            assert "originalText" in element and "containerId" in element
            if element["containerId"] is not None:
                container = by_id[element["containerId"]]
                assert {"type": "text", "id": element["id"]} in container["boundElements"]
        if element["boundElements"]:
            for bound in element["boundElements"]:
                other = by_id[bound["id"]]
                assert bound["type"] == other["type"]
                if bound["type"] == "text":
                    assert other["containerId"] == element["id"]
                else:  # an arrow bound at one of its ends
                    ends = (other["startBinding"], other["endBinding"])
                    assert element["id"] in [end["elementId"] for end in ends if end]
        if element["type"] in ("line", "arrow"):
            assert element["points"][0] == [0, 0] and len(element["points"]) >= 2
            xs = [x for x, _y in element["points"]]
            ys = [y for _x, y in element["points"]]
            assert element["width"] == pytest.approx(max(xs) - min(xs))
            assert element["height"] == pytest.approx(max(ys) - min(ys))
        for end in ("startBinding", "endBinding"):
            if element.get(end):
                target = by_id[element[end]["elementId"]]
                assert {"type": "arrow", "id": element["id"]} in target["boundElements"]
    return by_id


def _frames(scene: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in scene["elements"] if e["type"] == "frame"]


def _bound_texts(scene: dict[str, Any], frame_id: str) -> list[str]:
    return [
        e["originalText"]
        for e in scene["elements"]
        if e["type"] == "text" and e["containerId"] and e["frameId"] == frame_id
    ]


def test_every_element_has_the_fields_excalidraw_requires() -> None:
    check_scene(excalidraw_scene(make_workspace()))


def test_one_framed_board_per_persona_map_stacked_without_overlap() -> None:
    workspace = make_workspace()
    scene = excalidraw_scene(workspace)
    frames = _frames(scene)
    assert [f["name"] for f in frames] == [
        "All personas – Open an account",
        "Ana Reyes – Open an account",
        "Ben Okafor – Open an account",
        "Chloe Martin – Open an account",
        "Dev Patel – Open an account",
    ]
    for upper, lower in zip(frames, frames[1:], strict=False):
        assert upper["y"] + upper["height"] < lower["y"]
    # Everything on a board lies inside its frame.
    for element in scene["elements"]:
        if element["frameId"]:
            frame = next(f for f in frames if f["id"] == element["frameId"])
            assert frame["x"] <= element["x"] <= frame["x"] + frame["width"]
            assert frame["y"] <= element["y"]
            assert element["y"] + element["height"] <= frame["y"] + frame["height"]


def test_one_sticky_with_bound_text_per_filled_cell() -> None:
    workspace = make_workspace(n_personas=2)
    scene = excalidraw_scene(workspace)
    ben_frame = _frames(scene)[2]
    texts = _bound_texts(scene, ben_frame["id"])

    journey = workspace.journeys[1]
    for entry in journey.entries:
        if entry.lane_id != "emotion":
            assert entry.text in texts
    assert "PROTO-PERSONA: HYPOTHESIS" in texts
    assert "Apply" in texts  # stage headers as the workshop typed them
    stickies = [
        e
        for e in scene["elements"]
        if e["type"] == "rectangle" and e["frameId"] == ben_frame["id"] and e["roundness"]
    ]
    # 5 text lanes x 6 stages, plus the badge.
    assert len(stickies) == 5 * 6 + 1


def test_a_persona_whose_kind_is_not_stated_gets_a_neutral_badge_never_a_research_look() -> None:
    workspace = make_workspace(n_personas=2)
    workspace.personas[0].kind = "unspecified"
    scene = excalidraw_scene(workspace)
    comparison, ana_frame, _ben = _frames(scene)
    assert "KIND NOT STATED" in _bound_texts(scene, ana_frame["id"])
    [label] = [e for e in scene["elements"] if e.get("originalText") == "KIND NOT STATED"]
    badge = next(e for e in scene["elements"] if e["id"] == label["containerId"])
    assert badge["backgroundColor"] == "#e9ecef" and badge["strokeColor"] == "#5f6b7a"
    legend = [
        e["originalText"]
        for e in scene["elements"]
        if e["type"] == "text" and e["frameId"] == comparison["id"]
    ]
    assert "Ana Reyes (kind not stated)" in legend


def test_emotion_curve_is_a_line_in_the_persona_colour_through_every_point() -> None:
    workspace = make_workspace(n_personas=2)
    scene = excalidraw_scene(workspace)
    colour = "#" + persona_colours(workspace)["ben-okafor"]
    # Ben's own board's curve (the comparison board, drawn first, has one too).
    comparison_curve, curve = [
        e for e in scene["elements"] if e["type"] == "line" and e["strokeColor"] == colour
    ]
    assert comparison_curve["frameId"] == _frames(scene)[0]["id"]
    assert len(curve["points"]) == len(workspace.journeys[1].emotion_points())
    ys = [p[1] for p in curve["points"]]
    # Scores 0.5, 0, -0.5, -1, 0.5, 1: lower on the board means a lower score.
    assert ys[3] == max(ys) and ys[5] == min(ys)


def test_wrapping_keeps_words_whole_and_cuts_only_overlong_ones() -> None:
    assert wrap("Calls because one standing order is missing", 150) == [
        "Calls because one",
        "standing order is",
        "missing",
    ]
    assert wrap("x" * 40, 88) == ["x" * 10, "x" * 10, "x" * 10, "x" * 10]
    assert wrap("two\nlines", 300) == ["two", "lines"]


def test_export_is_reproducible(tmp_path: Path) -> None:
    workspace = make_workspace()
    first, second = tmp_path / "a.excalidraw", tmp_path / "b.excalidraw"
    write_excalidraw(workspace, first)
    write_excalidraw(workspace, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("sample", [BANK, HOME, B2B], ids=["rows", "grid", "b2b"])
def test_the_samples_export_a_board_per_map(sample: Path, tmp_path: Path) -> None:
    workspace = read_input(sample)
    out = tmp_path / "board.excalidraw"
    write_excalidraw(workspace, out)
    scene = json.loads(out.read_text(encoding="utf-8"))
    check_scene(scene)
    layered = [d for d in decide_layouts(workspace) if d.layered]
    assert len(_frames(scene)) == len(workspace.journeys) + len(layered)


#: Fields Excalidraw's restore may legitimately change on load: it bumps versions, stamps the
#: time, and adds its fractional `index`. Anything else it changes is a repair of our output.
RESTORE_MAY_CHANGE = {"version", "versionNonce", "updated", "index"}


@pytest.fixture(scope="module")
def restored_scenes() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """(ours, Excalidraw's restore of it) for the factory workspace and the samples, in one run."""
    require_node_modules("@excalidraw/excalidraw", "esbuild", "jsdom", "react")
    scenes = {
        "factory": excalidraw_scene(make_workspace(diverge=True)),
        "rows": excalidraw_scene(read_input(BANK)),
        "grid": excalidraw_scene(read_input(HOME)),
        # Arrows between personas, bound to their stickies.
        "b2b": excalidraw_scene(read_input(B2B)),
    }
    restored = run_node("restore-excalidraw.mjs", list(scenes.values()))
    return {
        name: (scene, back) for (name, scene), back in zip(scenes.items(), restored, strict=True)
    }


@pytest.mark.parametrize("source", ["factory", "rows", "grid", "b2b"])
def test_excalidraw_restore_keeps_every_element_as_written(source: str, restored_scenes) -> None:
    scene, restored = restored_scenes[source]

    ours = {e["id"]: e for e in scene["elements"]}
    theirs = {e["id"]: e for e in restored["elements"]}
    assert list(theirs) == list(ours), "Excalidraw dropped or reordered elements"
    changed = []
    for element_id, element in ours.items():
        for key, value in element.items():
            if key in RESTORE_MAY_CHANGE:
                continue
            if key == "boundElements" and not value:
                value = []  # restore writes an empty list for "none"
            if theirs[element_id].get(key) != value:
                changed.append((element["type"], key, value, theirs[element_id].get(key)))
    assert not changed, changed[:5]
    assert restored["appState"]["viewBackgroundColor"] == "#ffffff"


def test_cli_export_excalidraw(runner, tmp_path: Path) -> None:
    out = tmp_path / "wall.excalidraw"
    result = runner.invoke(cli, ["export", str(BANK), "--to", "excalidraw", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (excalidraw: 4 personas, 4 maps)\n"
    assert result.stderr == ""
    check_scene(json.loads(out.read_text(encoding="utf-8")))


def test_a_shared_map_gets_a_board_too() -> None:
    from tests.factories import make_journey

    workspace = make_workspace(n_personas=0)
    workspace.journeys = [make_journey("Renew a policy", None, ["Reminder", "Pay"])]
    scene = excalidraw_scene(workspace)
    check_scene(scene)
    [frame] = _frames(scene)
    assert frame["name"] == "All personas (shared map) – Renew a policy"


def test_comparison_board_overlays_curves_and_edges_stickies_in_persona_colours() -> None:
    workspace = make_workspace(n_personas=3)
    for journey in workspace.journeys[:2]:
        for entry in journey.entries:
            if entry.lane_id == "pain_points" and entry.stage_id == "apply":
                entry.text = "The form times out"
    scene = excalidraw_scene(workspace)
    comparison = _frames(scene)[0]
    inside = [e for e in scene["elements"] if e["frameId"] == comparison["id"]]
    colours = persona_colours(workspace)
    curves = [e for e in inside if e["type"] == "line" and e["strokeWidth"] == 4]
    assert [c["strokeColor"] for c in curves] == [f"#{colours[p.id]}" for p in workspace.personas]
    texts = {e["originalText"]: e for e in inside if e["type"] == "text"}
    assert "The form times out\n(shared by 2)" in texts
    chloe = texts["Chloe Martin pain points at Apply"]
    sticky = next(e for e in inside if e["id"] == chloe["containerId"])
    assert sticky["strokeColor"] == f"#{colours['chloe-martin']}"
    assert "Ben Okafor (proto-persona: hypothesis)" in texts


def _role(element: dict[str, Any]) -> str | None:
    return element.get("customData", {}).get("mapbridge", {}).get("role")


def test_shapes_that_only_frame_the_map_carry_their_role_and_content_carries_none() -> None:
    workspace = make_workspace(n_personas=2)
    workspace.source_file = "bank.xlsx"
    scene = excalidraw_scene(workspace)
    comparison, ana, ben = _frames(scene)
    inside = [e for e in scene["elements"] if e["frameId"] == ben["id"]]
    by_text = {e["originalText"]: e for e in inside if e["type"] == "text"}

    title = by_text["Ben Okafor"]
    assert title["customData"] == {
        "mapbridge": {"role": "title", "persona": "Ben Okafor", "kind": "proto"}
    }
    assert _role(by_text["Ben Okafor's role · Open an account: journey map"]) == "subtitle"
    badge_text = by_text["PROTO-PERSONA: HYPOTHESIS"]
    badge = next(e for e in inside if e["id"] == badge_text["containerId"])
    assert _role(badge_text) == _role(badge) == "badge"
    assert _role(next(e for e in inside if e["width"] == 10)) == "decoration"
    footer = next(e for e in inside if e["type"] == "text" and "bank.xlsx" in e["originalText"])
    assert _role(footer) == "footer"
    band = next(e for e in inside if e["type"] == "rectangle" and e["width"] > 1000)
    # The band says which scale the map's numbers are on.
    assert band["customData"] == {"mapbridge": {"role": "band", "scale": "-2..2"}}
    lines = [e for e in inside if e["type"] == "line"]
    dots = [e for e in inside if e["type"] == "ellipse"]
    assert len(lines) == 2 and dots  # the zero line and the curve
    assert {_role(e) for e in lines + dots} == {"curve"}

    # Read by position: stage headers, lane labels, stickies and emotion values carry no mark.
    for text in ("Discover", "Verify ID", "Actions", "Pain points", "Emotion"):
        assert "customData" not in by_text[text], text
    stickies = [e for e in inside if e["type"] == "rectangle" and e["roundness"]]
    assert [e for e in stickies if _role(e) is None] and all(
        _role(e) in (None, "badge") for e in stickies
    )
    marked = {_role(e) for e in inside} - {None}
    assert marked == {"title", "subtitle", "badge", "decoration", "footer", "band", "curve"}

    # The comparison board: its frame and title say so; the legend is marked.
    assert _role(comparison) == "comparison"
    on_comparison = [e for e in scene["elements"] if e["frameId"] == comparison["id"]]
    [title] = [e for e in on_comparison if _role(e) == "comparison"]
    assert title["originalText"] == "Open an account: all personas compared"
    legend = [e for e in on_comparison if _role(e) == "legend"]
    assert {e["type"] for e in legend} == {"ellipse", "text"} and len(legend) == 4
    assert "Apply" in [e.get("originalText") for e in on_comparison if _role(e) is None]
    assert "customData" not in ana  # a map's frame carries no role


def test_stage_and_step_headers_are_written_as_typed() -> None:
    from mapbridge.model import Step

    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.stages[0].name = "Discover (online)"
    journey.stages[1].steps = [Step(name="read reviews"), Step(name="Ask a friend")]
    for entry in journey.entries:
        if entry.stage_id == journey.stages[1].id:
            entry.step = "read reviews"
    scene = excalidraw_scene(workspace)
    texts = [e["originalText"] for e in scene["elements"] if e["type"] == "text"]
    assert "Discover (online)" in texts and "DISCOVER (ONLINE)" not in texts
    assert "read reviews" in texts and "Ask a friend" in texts
    headers = [e for e in scene["elements"] if e.get("originalText") == "Discover (online)"]
    assert headers[0]["fontSize"] == 18  # still a header


def test_an_emotion_lane_label_starts_with_the_lane_name() -> None:
    scene = excalidraw_scene(make_workspace(n_personas=1))
    [label] = [
        e
        for e in scene["elements"]
        if e["type"] == "text" and e["originalText"].splitlines()[0] == "Emotion"
    ]
    assert label["containerId"] is None and "customData" not in label
