"""Links between personas drawn as arrows on the comparison page (draw.io) and board (Excalidraw).

A buyer (Maria Lopez) and the end user she buys for (Sam Chen) share four stages and name each
other in relation lanes both ways: by full name, by first name, with a note, as `Sam › Roll out`
(a link to another stage), and once a name that is nobody's. Each resolved link must be an arrow
bound to the two stickies (found by their text), labelled and styled by its relation; the
unresolved one is drawn nowhere; a stage where the target wrote nothing gets a chip to bind to;
and reading the board back gives the maps the workbook gave, the arrows passed over.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from mapbridge.api import read_input
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.exporters.comparison import Box, Router, edge_point
from mapbridge.exporters.drawio import drawio_xml
from mapbridge.exporters.excalidraw import excalidraw_scene
from mapbridge.importers.drawio_board import html_to_text, parse_style
from mapbridge.interactions import find_links
from mapbridge.model import Workspace
from tests.board_helpers import FORMATS, assert_same_maps, export_board
from tests.node_checks import require_node_modules, run_node
from tests.test_drawio import check_drawio_structure
from tests.test_excalidraw import RESTORE_MAY_CHANGE, check_scene
from tests.workbooks import make_xlsx, persona_rows

JOURNEY = "Roll out an expense tool"
HEADER = [
    "Persona",
    "Journey",
    "Stage",
    "Actions",
    "Emotion",
    "Pain points",
    "Interacts with",
    "Depends on",
    "Caused by",
    "Hands over to",
]
ROWS = [
    ["Maria Lopez", JOURNEY, "Choose", "Compares vendors", 1, "Too many options",
     "Sam Chen: asks what he needs", None, None, None],
    ["Maria Lopez", JOURNEY, "Buy", "Signs the contract", 0, "Legal review",
     None, "Sam › Roll out", None, "Sam Chen"],
    ["Maria Lopez", JOURNEY, "Roll out", "Invites the team", -1, "Nobody logs in",
     None, None, "Sam", None],
    ["Maria Lopez", JOURNEY, "Renew", "Renews the licence", 1, None,
     None, None, None, "Sam Chen: renewal survey"],
    ["Sam Chen", JOURNEY, "Choose", "Lists his needs", 0, "Not asked early",
     "Maria", None, None, None],
    ["Sam Chen", JOURNEY, "Buy", "Waits", -1, "No trial account",
     None, None, "Maria Lopez", None],
    ["Sam Chen", JOURNEY, "Roll out", "Logs in first time", 1, "Password reset",
     None, "Maria", None, "Zoe Unknown"],
    ["Sam Chen", JOURNEY, "Renew", None, 0, None, None, None, None, None],
]  # fmt: skip

#: Every resolved link as (relation, source sticky's text, target sticky's text): the target is
#: the persona's sticky in the same lane, else in their first lane with one at that stage, else
#: the chip with their name.
EXPECTED = {
    ("interacts_with", "Sam Chen: asks what he needs", "Maria"),
    ("depends_on", "Sam › Roll out", "Maria"),
    ("hands_over_to", "Sam Chen", "Waits"),
    ("caused_by", "Sam", "Logs in first time"),
    ("hands_over_to", "Sam Chen: renewal survey", "Sam Chen"),  # the chip
    ("interacts_with", "Maria", "Sam Chen: asks what he needs"),
    ("caused_by", "Maria Lopez", "Signs the contract"),
    ("depends_on", "Maria", "Invites the team"),
}
VERBS = {
    "interacts_with": "interacts with",
    "depends_on": "depends on",
    "caused_by": "caused by",
    "hands_over_to": "hands over to",
}
COMPARISON = f"All personas – {JOURNEY}"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("b2b")
    sheets = {"Personas": persona_rows("Maria Lopez", "Sam Chen"), "Journey": [HEADER, *ROWS]}
    return make_xlsx(folder / "b2b.xlsx", sheets)


@pytest.fixture(scope="module")
def workspace(workbook: Path) -> Workspace:
    return read_input(workbook)


def test_the_workbook_links_the_personas_as_the_test_expects(workspace: Workspace) -> None:
    links = find_links(workspace)
    assert len([link for link in links if link.resolved]) == len(EXPECTED)
    [unresolved] = [link for link in links if not link.resolved]
    assert unresolved.target_name == "Zoe Unknown"
    cross = [link for link in links if link.crosses_stages]
    assert [(link.source_stage_id, link.target_stage_id) for link in cross] == [("buy", "roll-out")]


# ---------------------------------------------------------------- draw.io


def _drawio_page(workspace: Workspace, name: str) -> list[ET.Element]:
    pages = check_drawio_structure(drawio_xml(workspace))
    [page] = [p for p in pages if p.get("name") == name]
    return list(page.iter("mxCell"))


def _style(cell: ET.Element) -> dict[str, str]:
    return parse_style(cell.get("style") or "")[0]


def _vertex_ids(cells: list[ET.Element]) -> dict[str, str]:
    """Text -> id of each vertex with text (a text on two vertices is left out: ambiguous)."""
    found: dict[str, list[str]] = {}
    for cell in cells:
        if cell.get("vertex") == "1" and cell.get("value"):
            found.setdefault(html_to_text(cell.get("value")), []).append(cell.get("id"))
    return {text: ids[0] for text, ids in found.items() if len(ids) == 1}


def _drawio_arrows(cells: list[ET.Element]) -> list[ET.Element]:
    return [
        c for c in cells if c.get("edge") == "1" and _style(c).get("mapbridge") == "interaction"
    ]


def test_drawio_draws_each_link_as_an_edge_joined_to_the_two_stripes(
    workspace: Workspace,
) -> None:
    cells = _drawio_page(workspace, COMPARISON)
    text_of = {
        c.get("id"): html_to_text(c.get("value") or "") for c in cells if c.get("vertex") == "1"
    }
    arrows = _drawio_arrows(cells)
    drawn = {
        (_style(a)["mapbridgeRelation"], text_of[a.get("source")], text_of[a.get("target")])
        for a in arrows
    }
    assert drawn == EXPECTED
    assert len(arrows) == len(EXPECTED)
    for arrow in arrows:
        style = _style(arrow)
        relation = style["mapbridgeRelation"]
        assert html_to_text(arrow.get("value")) == VERBS[relation]
        # The ends sit on the stripes' edges (draw.io keeps them there when a stripe moves).
        for end in ("exit", "entry"):
            x, y = float(style[f"{end}X"]), float(style[f"{end}Y"])
            assert 0 <= x <= 1 and 0 <= y <= 1 and (x in (0, 1) or y in (0, 1))
        assert -1 <= float(arrow.find("mxGeometry").get("x")) <= 1
    styles = {_style(a)["mapbridgeRelation"]: _style(a) for a in arrows}
    assert styles["depends_on"].get("dashed") == "1"
    assert "dashed" not in styles["interacts_with"]
    assert styles["caused_by"]["strokeColor"] == "#C0392B"  # the pain colour


def test_drawio_draws_nothing_for_a_link_to_nobody_and_nothing_on_the_map_pages(
    workspace: Workspace,
) -> None:
    cells = _drawio_page(workspace, COMPARISON)
    zoe = _vertex_ids(cells)["Zoe Unknown"]
    assert all(zoe not in (a.get("source"), a.get("target")) for a in _drawio_arrows(cells))
    for name in (f"Maria Lopez – {JOURNEY}", f"Sam Chen – {JOURNEY}"):
        page = _drawio_page(workspace, name)
        assert not _drawio_arrows(page)
        assert not [c for c in page if _style(c).get("mapbridge") == "interaction"]


def test_drawio_chip_and_legend_are_marked_so_they_are_not_read(workspace: Workspace) -> None:
    cells = _drawio_page(workspace, COMPARISON)
    [chip] = [
        c for c in cells if c.get("vertex") == "1" and _style(c).get("mapbridge") == "interaction"
    ]
    assert html_to_text(chip.get("value")) == "Sam Chen"
    [arrow] = [a for a in _drawio_arrows(cells) if a.get("target") == chip.get("id")]
    source = next(c for c in cells if c.get("id") == arrow.get("source"))
    assert html_to_text(source.get("value")) == "Sam Chen: renewal survey"
    legend = [html_to_text(c.get("value") or "") for c in cells if _style(c).get("mapbridge")]
    assert {"interacts with", "depends on", "caused by", "hands over to"} <= set(legend)


# ---------------------------------------------------------------- Excalidraw


def _frame_elements(scene: dict[str, Any], name: str) -> list[dict[str, Any]]:
    [frame] = [e for e in scene["elements"] if e["type"] == "frame" and e["name"] == name]
    return [e for e in scene["elements"] if e.get("frameId") == frame["id"]]


def _stickies(elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Text -> the box its text is bound to (a text on two boxes is left out: ambiguous)."""
    by_id = {e["id"]: e for e in elements}
    found: dict[str, list[dict[str, Any]]] = {}
    for e in elements:
        container = by_id.get(e.get("containerId") or "")
        if e["type"] == "text" and container is not None and container["type"] == "rectangle":
            found.setdefault(e["originalText"], []).append(container)
    return {text: boxes[0] for text, boxes in found.items() if len(boxes) == 1}


def _role(element: dict[str, Any]) -> str | None:
    return element.get("customData", {}).get("mapbridge", {}).get("role")


def test_excalidraw_draws_each_link_as_an_arrow_bound_to_the_two_stickies(
    workspace: Workspace,
) -> None:
    scene = excalidraw_scene(workspace)
    by_id = check_scene(scene)
    elements = _frame_elements(scene, COMPARISON)
    stickies = _stickies(elements)
    text_of = {
        e["containerId"]: e["originalText"]
        for e in elements
        if e["type"] == "text" and e.get("containerId")
    }
    arrows = [e for e in elements if e["type"] == "arrow" and _role(e) == "interaction"]
    drawn = set()
    for arrow in arrows:
        relation = arrow["customData"]["mapbridge"]["relation"]
        start, end = arrow["startBinding"], arrow["endBinding"]
        drawn.add((relation, text_of[start["elementId"]], text_of[end["elementId"]]))
        assert start["focus"] == end["focus"] == 0 and start["gap"] > 0
        # Both stickies list the arrow, so Excalidraw moves its ends with them.
        for end_id in (start["elementId"], end["elementId"]):
            assert {"type": "arrow", "id": arrow["id"]} in by_id[end_id]["boundElements"]
        [label] = [by_id[b["id"]] for b in arrow["boundElements"]]
        assert label["containerId"] == arrow["id"] and label["originalText"] == VERBS[relation]
        assert _role(label) == "interaction"
        # The ends stop just short of their stickies.
        for point, box in ((arrow["points"][0], by_id[start["elementId"]]), (arrow["points"][-1], by_id[end["elementId"]])):  # fmt: skip
            x, y = arrow["x"] + point[0], arrow["y"] + point[1]
            inside_x = box["x"] - 10 <= x <= box["x"] + box["width"] + 10
            inside_y = box["y"] - 10 <= y <= box["y"] + box["height"] + 10
            assert inside_x and inside_y
    assert drawn == EXPECTED
    assert len(arrows) == len(EXPECTED)
    styles = {a["customData"]["mapbridge"]["relation"]: a for a in arrows}
    assert styles["depends_on"]["strokeStyle"] == "dashed"
    assert styles["interacts_with"]["strokeStyle"] == "solid"
    assert styles["caused_by"]["strokeColor"] == "#c92a2a"  # the pain colour
    # Nothing is bound to the sticky naming nobody.
    zoe = stickies["Zoe Unknown"]
    assert [b["type"] for b in zoe["boundElements"]] == ["text"]


def test_excalidraw_draws_arrows_on_the_comparison_board_only(workspace: Workspace) -> None:
    scene = excalidraw_scene(workspace)
    for name in (f"Maria Lopez – {JOURNEY}", f"Sam Chen – {JOURNEY}"):
        elements = _frame_elements(scene, name)
        assert not [e for e in elements if e["type"] == "arrow"]
        assert not [e for e in elements if _role(e) == "interaction"]
    chips = [
        e for e in _frame_elements(scene, COMPARISON) if e["type"] == "rectangle"
        if _role(e) == "interaction"
    ]  # fmt: skip
    assert len(chips) == 1 and chips[0]["customData"]["mapbridge"]["persona"] == "Sam Chen"
    [arrow] = [b for b in chips[0]["boundElements"] if b["type"] == "arrow"]
    by_id = {e["id"]: e for e in scene["elements"]}
    source = by_id[by_id[arrow["id"]]["startBinding"]["elementId"]]
    [text] = [by_id[b["id"]] for b in source["boundElements"] if b["type"] == "text"]
    assert text["originalText"] == "Sam Chen: renewal survey"


def test_excalidraw_restore_keeps_the_arrows_and_their_bindings(workspace: Workspace) -> None:
    """Excalidraw's own `restore` (what the app runs on opening a file) changes nothing."""
    require_node_modules("@excalidraw/excalidraw", "esbuild", "jsdom", "react")
    scene = excalidraw_scene(workspace)
    [restored] = run_node("restore-excalidraw.mjs", [scene])
    theirs = {e["id"]: e for e in restored["elements"]}
    assert list(theirs) == [e["id"] for e in scene["elements"]]
    changed = []
    for element in scene["elements"]:
        for key, value in element.items():
            if key in RESTORE_MAY_CHANGE:
                continue
            if key == "boundElements" and not value:
                value = []
            if theirs[element["id"]].get(key) != value:
                changed.append((element["type"], key, value, theirs[element["id"]].get(key)))
    assert not changed, changed[:5]
    arrows = [e for e in restored["elements"] if e["type"] == "arrow" and _role(e)]
    assert len([a for a in arrows if a["startBinding"] and a["endBinding"]]) == len(EXPECTED)


# ---------------------------------------------------------------- reading back


@pytest.mark.parametrize("fmt", FORMATS)
def test_reading_the_board_back_passes_over_arrows_labels_and_chips(
    workspace: Workspace, fmt: str, tmp_path: Path
) -> None:
    board_file = export_board(workspace, tmp_path, fmt)
    report = Report()
    board = read_input(board_file, report=report)
    assert_same_maps(board, workspace)
    assert not [p for p in report.problems if p.code in ("MB082", "MB083", "MB084")]

    # The links read back are the links written: the relation lanes came back as typed.
    def links(ws: Workspace) -> list[tuple[str, str, str, str, str]]:
        return sorted(
            (
                link.relation,
                link.source_stage_id,
                link.text,
                link.target_persona_id or "",
                link.target_stage_id or "",
            )
            for link in find_links(ws)
        )

    assert links(board) == links(workspace)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_comparison_alone_is_not_read_for_its_arrows_or_chips(
    workspace: Workspace, fmt: str, tmp_path: Path
) -> None:
    """With the persona boards deleted, the comparison is not read at all (as before arrows)."""
    board_file = export_board(workspace, tmp_path, fmt)
    if fmt == "excalidraw":
        scene = json.loads(board_file.read_text(encoding="utf-8"))
        [frame] = [e for e in scene["elements"] if e["type"] == "frame" and e["name"] == COMPARISON]
        scene["elements"] = [
            e
            for e in scene["elements"]
            if e["id"] == frame["id"] or e.get("frameId") == frame["id"]
        ]
        board_file.write_text(json.dumps(scene), encoding="utf-8")
    else:
        root = ET.fromstring(drawio_xml(workspace))
        for page in root.findall("diagram")[1:]:
            root.remove(page)
        board_file.write_text(ET.tostring(root, encoding="unicode"), encoding="utf-8")
    report = Report()
    with pytest.raises(InvalidWorkbook):
        read_input(board_file, report=report)
    assert any("compares personas" in p.message for p in report.problems)


# ---------------------------------------------------------------- no comparison, no arrows


def test_separate_maps_get_no_arrows(tmp_path: Path) -> None:
    rows = [
        ["Maria Lopez", JOURNEY, "Choose", "Compares vendors", 1, None, "Sam", None, None, None],
        ["Maria Lopez", JOURNEY, "Buy", "Signs", 0, None, None, None, None, None],
        ["Maria Lopez", JOURNEY, "Pay", "Pays", 0, None, None, None, None, None],
        ["Sam Chen", JOURNEY, "Try", "Tries it", 0, None, "Maria › Buy", None, None, None],
        ["Sam Chen", JOURNEY, "Use", "Uses it", 0, None, None, None, None, None],
    ]
    sheets = {"Personas": persona_rows("Maria Lopez", "Sam Chen"), "Journey": [HEADER, *rows]}
    workspace = read_input(make_xlsx(tmp_path / "separate.xlsx", sheets))
    assert [link for link in find_links(workspace) if link.resolved]
    scene = excalidraw_scene(workspace)
    assert not [e for e in scene["elements"] if e["type"] == "arrow"]
    assert "interaction" not in drawio_xml(workspace)
    assert "interaction" not in json.dumps(excalidraw_scene(workspace, blank=True))


# ---------------------------------------------------------------- routing


def test_two_personas_linked_both_ways_get_an_arrow_on_each_side_of_the_column() -> None:
    router = Router(lambda c: 100 + 300 * (c + 1) - 50, label_height=18)
    top, below = Box(100, 0, 200, 90), Box(100, 95, 200, 90)
    down = router.route(top, 0, below, 0, label_width=90)
    up = router.route(below, 0, top, 0, label_width=90)
    assert down.points[1][0] > 300 and up.points[1][0] < 100  # right gutter, left gutter
    assert down.points[0] == (300, 45) and down.points[-1] == (300, 140)
    assert up.label[0] < 100 < 300 < down.label[0]


def test_routes_through_one_gutter_keep_their_labels_and_runs_apart() -> None:
    router = Router(lambda c: 100 + 300 * (c + 1) - 50, label_height=18)
    left, right = Box(100, 0, 200, 90), Box(400, 0, 200, 90)
    there = router.route(left, 0, right, 1, label_width=90)
    back = router.route(right, 1, left, 0, label_width=90)
    # Straight across the gutter, one bend at its centre; the way back moved off it.
    assert there.points == [(300, 45), (350, 45), (400, 45)]
    (x1, y1), (x2, y2) = there.label, back.label
    assert abs(y1 - y2) >= 18 or abs(x1 - x2) >= 90


def test_an_arrow_end_aims_at_the_centre_and_stops_the_gap_short() -> None:
    box = Box(0, 0, 100, 50)
    assert edge_point(box, (200, 25)) == (100, 25)
    assert edge_point(box, (200, 25), gap=6) == (106, 25)
    x, y = edge_point(box, (50, -100), gap=0)
    assert (x, y) == (50, 0)
