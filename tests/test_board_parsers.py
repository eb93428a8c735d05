"""The Excalidraw and draw.io parsers: scenes and diagrams built in code, read into Boards.

Every board here is written to tmp_path by the test that reads it (small dicts and XML strings,
or hostile files generated compactly), so nothing large is checked in.
"""

from __future__ import annotations

import base64
import json
import random
import time
import tracemalloc
import urllib.parse
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from mapbridge import codes
from mapbridge.codes import Code
from mapbridge.errors import UnreadableInput
from mapbridge.formats.board import MAX_BOARD_BYTES, MAX_JSON_DEPTH, Board, Frame, Shape
from mapbridge.formats.kinds import Probe
from mapbridge.importers import drawio_board, excalidraw_board
from mapbridge.importers.drawio_board import html_to_text, is_drawio, load_drawio
from mapbridge.importers.excalidraw_board import is_excalidraw, load_excalidraw

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "bank-account-rows.xlsx"


# ---------------------------------------------------------------- builders


def element(
    id: str,
    type: str = "rectangle",
    x: float = 0,
    y: float = 0,
    w: float = 100,
    h: float = 50,
    **extra: Any,
) -> dict[str, Any]:
    """An Excalidraw element with the fields the parser looks at (Excalidraw writes many more)."""
    return {"id": id, "type": type, "x": x, "y": y, "width": w, "height": h, **extra}


def text(
    id: str, value: str, x: float = 0, y: float = 0, w: float = 80, h: float = 20, **extra: Any
) -> dict[str, Any]:
    return element(id, "text", x, y, w, h, **{"text": value, "originalText": value, **extra})


def write_scene(
    tmp_path: Path, elements: list[Any], name: str = "board.excalidraw", **scene: Any
) -> Path:
    path = tmp_path / name
    body = {"type": "excalidraw", "version": 2, "source": "test", "elements": elements, **scene}
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def excalidraw(tmp_path: Path, elements: list[Any], **scene: Any) -> Board:
    return load_excalidraw(write_scene(tmp_path, elements, **scene))


def vertex(
    id: str,
    value: str = "",
    x: float = 0,
    y: float = 0,
    w: float = 100,
    h: float = 50,
    style: str = "rounded=0;whiteSpace=wrap;html=1;",
    parent: str = "1",
    geometry: str = "",
) -> str:
    """An mxCell vertex as draw.io writes it."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    value = value.replace("\n", "&#xa;")  # as draw.io writes a line break in an attribute
    geometry = geometry or f'<mxGeometry x="{x}" y="{y}" width="{w}" height="{h}" as="geometry"/>'
    return (
        f'<mxCell id="{id}" value="{value}" style="{style}" vertex="1" parent="{parent}">'
        f"{geometry}</mxCell>"
    )


def model(*cells: str) -> str:
    """An mxGraphModel with the root cell "0" and the default layer "1" first, as draw.io has."""
    return (
        '<mxGraphModel dx="800" dy="600" grid="1"><root><mxCell id="0"/>'
        f'<mxCell id="1" parent="0"/>{"".join(cells)}</root></mxGraphModel>'
    )


def compress(xml: str) -> str:
    """A page compressed the way draw.io does: base64(raw deflate(URL-encoded XML))."""
    quoted = urllib.parse.quote(xml, safe="~()*!.'")
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(deflater.compress(quoted.encode()) + deflater.flush()).decode()


def mxfile(*pages: tuple[str | None, str]) -> str:
    """An mxfile of (name, content) pages; content is a model's XML or compressed text."""
    diagrams = []
    for n, (name, content) in enumerate(pages, start=1):
        named = f' name="{name}"' if name is not None else ""
        diagrams.append(f'<diagram id="d{n}"{named}>{content}</diagram>')
    return f'<mxfile host="test" compressed="false">{"".join(diagrams)}</mxfile>'


def drawio(tmp_path: Path, xml: str, name: str = "board.drawio") -> Board:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return load_drawio(path)


def refused(load, path: Path, code: Code) -> UnreadableInput:
    """The UnreadableInput `load(path)` raises, after checking its code and where it points."""
    with pytest.raises(UnreadableInput) as caught:
        load(path)
    problem = caught.value.problems[0]
    assert problem.code == code.code, problem.format()
    assert problem.file == path.name
    return caught.value


def shapes_by_id(frame: Frame) -> dict[str, Shape]:
    return {shape.id: shape for shape in frame.shapes}


def texts(frame: Frame) -> list[str]:
    return [shape.text for shape in frame.shapes if shape.text]


# ---------------------------------------------------------------- Excalidraw


def test_deleted_elements_and_what_went_with_them_are_gone(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element("kept"),
            element("gone", isDeleted=True),
            text("gone-text", "deleted too", isDeleted=True),
            element("box", x=200, isDeleted=True),
            text("bound-to-deleted", "my box was deleted", x=205, containerId="box"),
            element("frame", "frame", x=1000, w=500, h=500, isDeleted=True),
            text("child-of-deleted-frame", "so was my frame", x=1100, y=100, frameId="frame"),
        ],
    )
    assert board.tool == "Excalidraw" and board.frame_word == "frame"
    (frame,) = board.frames
    assert [s.id for s in frame.shapes] == ["kept"]


def test_bound_text_is_its_containers_text_as_the_person_typed_it(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element(
                "sticky",
                x=10,
                y=20,
                w=200,
                h=90,
                backgroundColor="#fff3bf",
                boundElements=[{"type": "text", "id": "t"}],
            ),
            # Excalidraw's `text` is wrapped to the box; `originalText` is what was typed.
            text(
                "t",
                "Reads the",
                x=15,
                y=40,
                containerId="sticky",
                originalText="Reads the small print",
            ),
            text("free", "A note", x=300, y=20, text="A note", originalText=None),
            element("plain", "ellipse", x=500, backgroundColor="transparent"),
        ],
    )
    shapes = shapes_by_id(board.frames[0])
    assert set(shapes) == {"sticky", "free", "plain"}
    sticky = shapes["sticky"]
    assert (sticky.kind, sticky.text, sticky.fill) == (
        "rectangle",
        "Reads the small print",
        "#fff3bf",
    )
    assert (sticky.x, sticky.y, sticky.w, sticky.h) == (10, 20, 200, 90)
    assert sticky.parent is None
    assert (shapes["free"].kind, shapes["free"].text) == ("text", "A note")
    assert (shapes["plain"].kind, shapes["plain"].fill) == ("ellipse", None)


def test_frames_take_their_children_and_loose_text_gets_a_frame_of_its_own(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element("a1", x=10, y=10, frameId="A"),
            # No frameId, but its centre lies in frame B: it belongs there.
            element("b1", x=1010, y=10),
            # frameId wins over geometry (Excalidraw clips it to its frame).
            element("a2", x=1020, y=100, frameId="A"),
            text("loose", "Parking lot", x=3000, y=3000),
            element("loose-box", x=4000, y=4000),
            element(
                "A",
                "frame",
                x=0,
                y=0,
                w=800,
                h=600,
                name="Ana – Onboarding",
                customData={"mapbridge": {"role": "comparison", "journey": "onboarding"}},
            ),
            element("B", "magicframe", x=1000, y=0, w=800, h=600, name=None),
        ],
    )
    assert [(f.id, f.name, f.number) for f in board.frames] == [
        ("A", "Ana – Onboarding", 1),
        ("B", "Frame 2", 2),
        ("", "Outside frames", 3),
    ]
    first, second, outside = board.frames
    assert (first.role, first.mark) == ("comparison", {"journey": "onboarding"})
    assert [s.id for s in first.shapes] == ["a1", "a2"]
    assert [s.id for s in second.shapes] == ["b1"]
    assert [s.id for s in outside.shapes] == ["loose", "loose-box"]


def test_loose_elements_without_text_make_no_extra_frame(tmp_path):
    board = excalidraw(
        tmp_path,
        [element("F", "frame", w=500, h=500), element("decoration", x=900, y=900)],
    )
    assert [f.name for f in board.frames] == ["Frame 1"]
    assert board.frames[0].shapes == []


def test_a_scene_without_frames_is_one_frame_named_after_the_file(tmp_path):
    path = write_scene(
        tmp_path, [text("t", "Hello"), element("r", x=100)], name="Workshop 3.excalidraw"
    )
    board = load_excalidraw(path)
    assert board.file == "Workshop 3.excalidraw"
    assert [(f.id, f.name, f.number) for f in board.frames] == [("", "Workshop 3", 1)]
    assert [s.id for s in board.frames[0].shapes] == ["t", "r"]
    empty = load_excalidraw(write_scene(tmp_path, [], name="empty.excalidraw"))
    assert [(f.name, f.shapes) for f in empty.frames] == [("empty", [])]


def test_the_smallest_frame_holding_the_centre_wins(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element("big", "frame", x=0, y=0, w=2000, h=2000),
            element("small", "frame", x=100, y=100, w=300, h=300),
            element("inside-small", x=150, y=150),
            element("inside-big", x=1000, y=1000),
        ],
    )
    big, small = board.frames
    assert [s.id for s in small.shapes] == ["inside-small"]
    assert [s.id for s in big.shapes] == ["inside-big"]


def test_negative_sizes_are_normalised(tmp_path):
    board = excalidraw(
        tmp_path,
        [element("r", x=300, y=200, w=-100, h=-50), text("t", "up-left", x=50, y=50, w=-40, h=20)],
    )
    shapes = shapes_by_id(board.frames[0])
    assert (shapes["r"].x, shapes["r"].y, shapes["r"].w, shapes["r"].h) == (200, 150, 100, 50)
    assert (shapes["r"].cx, shapes["r"].cy) == (250, 175)
    assert (shapes["t"].x, shapes["t"].w) == (10, 40)


def test_marks_from_custom_data(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element(
                "title",
                "text",
                text="Ana",
                originalText="Ana",
                customData={"mapbridge": {"role": "title", "persona": "Ana", "n": 3}},
            ),
            element("badge", customData={"mapbridge": {"role": 7, "kind": "proto"}}),
            element("other", customData={"someone-else": {"role": "title"}}),
            element("junk", customData="not a dict"),
            # A mark only on the bound text still marks the box.
            element("box", x=500),
            text(
                "box-text",
                "Legend",
                x=505,
                containerId="box",
                customData={"mapbridge": {"role": "legend"}},
            ),
        ],
    )
    shapes = shapes_by_id(board.frames[0])
    assert (shapes["title"].role, shapes["title"].mark) == ("title", {"persona": "Ana"})
    assert (shapes["badge"].role, shapes["badge"].mark) == (None, {"kind": "proto"})
    assert (shapes["other"].role, shapes["other"].mark) == (None, {})
    assert (shapes["junk"].role, shapes["junk"].mark) == (None, {})
    assert (shapes["box"].role, shapes["box"].text) == ("legend", "Legend")


def test_a_grouped_text_not_bound_stays_free_and_the_box_stays_empty(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element("box", x=0, y=0, w=200, h=100, groupIds=["g"]),
            text("label", "Grouped, not bound", x=20, y=40, groupIds=["g"]),
        ],
    )
    shapes = shapes_by_id(board.frames[0])
    assert (shapes["box"].kind, shapes["box"].text) == ("rectangle", "")
    assert (shapes["label"].kind, shapes["label"].text) == ("text", "Grouped, not bound")


def test_connectors_drawings_and_images_are_not_shapes(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            element("arrow", "arrow", points=[[0, 0], [100, 0]]),
            text("arrow-label", "leads to", containerId="arrow"),
            element("line", "line"),
            element("pen", "freedraw", points=[[0, 0], [1, 1]]),
            element("img", "image", fileId="f"),
            element("web", "embeddable"),
            element("d", "diamond", x=300),
            # Its container is not in the file: Excalidraw shows it as free text.
            text("orphan", "Lost my box", x=600, containerId="nowhere"),
            text("blank", "   ", x=900),
        ],
    )
    shapes = shapes_by_id(board.frames[0])
    assert set(shapes) == {"d", "orphan"}
    assert shapes["d"].kind == "diamond" and shapes["orphan"].kind == "text"


def test_broken_elements_are_skipped_not_fatal(tmp_path):
    board = excalidraw(
        tmp_path,
        [
            "not an element",
            None,
            17,
            {"type": "rectangle", "x": 0, "y": 0, "width": 1, "height": 1},  # no id
            element("text-x", x="12"),
            element("bool-y", y=True),
            element("no-height", h=None),
            {"id": "nan", "type": "rectangle", "x": float("nan"), "y": 0, "width": 1, "height": 1},
            element("huge", x=10**400),
            element("ok", x=5),
            element("F", "frame", x="broken"),
            element("child", frameId="F", x=7),
        ],
    )
    (frame,) = board.frames
    assert [s.id for s in frame.shapes] == ["ok", "child"]


def test_the_clipboard_format_is_read(tmp_path):
    path = tmp_path / "pasted.excalidraw"
    path.write_text(json.dumps({"type": "excalidraw/clipboard", "elements": [text("t", "Hi")]}))
    assert texts(load_excalidraw(path).frames[0]) == ["Hi"]


def test_reads_through_an_open_probe(tmp_path):
    path = write_scene(tmp_path, [text("t", "Via the probe")])
    with Probe(path) as probe:
        assert is_excalidraw(probe)
        board = load_excalidraw(path, source=probe)
        assert not probe.handle().closed  # the caller's probe stays open
    assert texts(board.frames[0]) == ["Via the probe"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('[{"id": "a"}]', "list"),
        ('"excalidraw"', "single value"),
        ('{"type": "excalidrawlib", "libraryItems": []}', "library"),
        ('{"journeys": []}', '"type": "excalidraw"'),
        ('{"type": "excalidraw", "elements": {}}', '"elements" list'),
        ('{"type": "excalidraw",\n "elements": [1,,2]}', "line 2, column"),
        ('{"type": "excalidraw", "elements": [', "not valid JSON"),
    ],
)
def test_json_that_is_not_a_scene_is_not_a_board(tmp_path, content, says):
    path = tmp_path / "x.excalidraw"
    path.write_text(content)
    error = refused(load_excalidraw, path, codes.NOT_A_BOARD)
    assert says in error.problems[0].message


def test_the_scene_sniffer(tmp_path):
    def sniff(data: bytes) -> bool:
        path = tmp_path / "sniffed"
        path.write_bytes(data)
        with Probe(path) as probe:
            return is_excalidraw(probe)

    assert sniff(b'{\n  "type": "excalidraw",\n  "version": 2,\n  "elements": []}')
    assert sniff(b'\xef\xbb\xbf {"version": 2, "source": "x", "type": "excalidraw/clipboard"}')
    assert not sniff(b'{"elements": [{"type": "excalidraw"}]}')  # not at the top level
    assert not sniff(b'{"type": "excalidrawlib"}')
    assert not sniff(b'[{"type": "excalidraw"}]')
    assert not sniff(b"PK\x03\x04\x00\x00binary")
    assert not sniff(b"")
    with Probe(tmp_path) as folder:
        assert not is_excalidraw(folder)


# ---------------------------------------------------------------- draw.io


def test_plain_pages_in_order_with_their_names(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            ("Ana – Onboarding", model(vertex("s1", "DISCOVER", 200, 40))),
            (None, model(vertex("s2", "Second page"))),
        ),
    )
    assert (board.tool, board.frame_word, board.file) == ("draw.io", "page", "board.drawio")
    assert [(f.id, f.name, f.number) for f in board.frames] == [
        ("d1", "Ana – Onboarding", 1),
        ("d2", "Page 2", 2),
    ]
    shape = board.frames[0].shapes[0]
    assert (shape.id, shape.kind, shape.text, shape.x, shape.y, shape.parent) == (
        "s1",
        "rectangle",
        "DISCOVER",
        200,
        40,
        None,
    )


def test_compressed_pages_as_draw_io_writes_them(tmp_path):
    first = model(vertex("a", "Résumé: 100% «done» & more", 10, 20, style="ellipse;html=1;"))
    second = model(vertex("b", "Second"))
    board = drawio(tmp_path, mxfile(("One", compress(first)), ("Two", f"\n  {compress(second)}\n")))
    assert [f.name for f in board.frames] == ["One", "Two"]
    (shape,) = board.frames[0].shapes
    assert (shape.kind, shape.text, shape.x, shape.y) == (
        "ellipse",
        "Résumé: 100% «done» & more",
        10,
        20,
    )
    assert texts(board.frames[1]) == ["Second"]


def test_a_bare_graph_model_is_one_page_named_after_the_file(tmp_path):
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- saved -->\n' + model(vertex("a", "Hi"))
    board = drawio(tmp_path, xml, name="Sketch.drawio")
    assert [(f.id, f.name, f.number) for f in board.frames] == [("", "Sketch", 1)]
    assert texts(board.frames[0]) == ["Hi"]


def test_uncompressed_xml_kept_as_page_text_and_empty_pages(tmp_path):
    escaped = model(vertex("a", "Inline")).replace("&", "&amp;").replace("<", "&lt;")
    board = drawio(tmp_path, mxfile(("Escaped", escaped), ("Empty", "")))
    assert texts(board.frames[0]) == ["Inline"]
    assert board.frames[1].shapes == []


def test_nested_containers_give_absolute_positions(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Nested",
                model(
                    vertex("outer", "Outer", 100, 100, 800, 600, style="rounded=0;container=1;"),
                    vertex("inner", "Inner", 50, 60, 400, 300, parent="outer", style="group;"),
                    vertex("leaf", "Leaf", 5, 7, 50, 20, parent="inner"),
                    # Declared before its parent: order in the file does not matter.
                    vertex("early", "Early", 1, 1, 10, 10, parent="late"),
                    vertex("late", "Late", 1000, 1000, 100, 100),
                    # A second layer adds nothing to its cells' positions.
                    '<mxCell id="layer2" parent="0"/>',
                    vertex("on-layer", "On layer 2", 30, 40, parent="layer2"),
                ),
            )
        ),
    )
    shapes = shapes_by_id(board.frames[0])
    assert (shapes["inner"].x, shapes["inner"].y, shapes["inner"].parent) == (150, 160, "outer")
    assert (shapes["inner"].kind, shapes["outer"].kind) == ("other", "rectangle")
    assert (shapes["leaf"].x, shapes["leaf"].y, shapes["leaf"].parent) == (155, 167, "inner")
    assert (shapes["early"].x, shapes["early"].y, shapes["early"].parent) == (1001, 1001, "late")
    assert (shapes["on-layer"].x, shapes["on-layer"].y, shapes["on-layer"].parent) == (30, 40, None)
    assert shapes["outer"].parent is None


def test_a_loop_in_parent_ids_does_not_hang(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Loop",
                model(vertex("a", "A", 10, 10, parent="b"), vertex("b", "B", 20, 20, parent="a")),
            )
        ),
    )
    assert sorted(texts(board.frames[0])) == ["A", "B"]


def test_swimlanes_in_both_orientations(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Lanes",
                model(
                    vertex(
                        "top",
                        "Discover",
                        100,
                        0,
                        200,
                        400,
                        style="swimlane;whiteSpace=wrap;html=1;",
                    ),
                    vertex(
                        "left",
                        "Actions",
                        0,
                        500,
                        600,
                        120,
                        style="swimlane;horizontal=0;startSize=40;fillColor=#dae8fc;",
                    ),
                    vertex(
                        "shape", "Thinks", 0, 700, 300, 100, style="shape=swimlane;startSize=30;"
                    ),
                    vertex("in-lane", "A sticky", 10, 50, 80, 40, parent="top"),
                ),
            )
        ),
    )
    shapes = shapes_by_id(board.frames[0])
    top, left, shape = shapes["top"], shapes["left"], shapes["shape"]
    assert (top.kind, top.band, top.text) == ("swimlane", "top", "Discover")
    assert (top.x, top.y, top.w, top.h) == (100, 0, 200, 23)  # draw.io's default start size
    assert top.container == (100, 0, 200, 400)
    assert (left.kind, left.band, left.fill) == ("swimlane", "left", "#dae8fc")
    assert (left.x, left.y, left.w, left.h) == (0, 500, 40, 120)
    assert left.container == (0, 500, 600, 120)
    assert (shape.kind, shape.band, shape.h) == ("swimlane", "top", 30)
    sticky = shapes["in-lane"]
    assert (sticky.x, sticky.y, sticky.parent) == (110, 50, "top")


def test_a_draw_io_table_gives_cells_at_absolute_positions(tmp_path):
    table = "shape=table;startSize=0;container=1;collapsible=0;childLayout=tableLayout;"
    row = "shape=tableRow;horizontal=0;startSize=0;swimlaneHead=0;swimlaneBody=0;fillColor=none;"
    cell = "shape=partialRectangle;html=1;whiteSpace=wrap;connectable=0;fillColor=none;"
    cells = [vertex("t", "Table title", 100, 200, 400, 120, style=table)]
    for r in range(2):
        cells.append(vertex(f"r{r}", "row text", 0, 60 * r, 400, 60, style=row, parent="t"))
        for c in range(2):
            cells.append(
                vertex(f"c{r}{c}", f"cell {r},{c}", 200 * c, 0, 200, 60, style=cell, parent=f"r{r}")
            )
    board = drawio(tmp_path, mxfile(("Table", model(*cells))))
    shapes = shapes_by_id(board.frames[0])
    assert (shapes["t"].kind, shapes["t"].text) == ("other", "")
    assert (shapes["r1"].kind, shapes["r1"].text, shapes["r1"].y) == ("other", "", 260)
    c11 = shapes["c11"]
    assert (c11.kind, c11.text, c11.x, c11.y, c11.w, c11.h) == (
        "rectangle",
        "cell 1,1",
        300,
        260,
        200,
        60,
    )
    assert c11.parent == "r1" and c11.fill is None


@pytest.mark.parametrize(
    ("label", "plain"),
    [
        ("<b>a</b><br>b", "a\nb"),
        ("first<div>second</div><div>third</div>", "first\nsecond\nthird"),
        ("a<div><br></div><div>b</div>", "a\n\nb"),
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<p>para</p><ul><li>x</li><li>y</li></ul>", "para\nx\ny"),
        ("Fish &amp; chips&nbsp;&lt;3 &#8364;5", "Fish & chips <3 €5"),
        ("<br><br>  padded  <br>&nbsp;<br>", "  padded"),
        ('<font style="font-size:13px" color="#5F6B7A">muted</font>', "muted"),
        ("<style>p {color: red}</style>shown", "shown"),
        ("no markup at all", "no markup at all"),
        ("<b>unclosed <i>tags", "unclosed tags"),
    ],
)
def test_html_labels_become_plain_text(label, plain):
    assert html_to_text(label) == plain


def test_labels_html_or_not(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Labels",
                model(
                    vertex("html", "<b>Title</b><br>sub", style="html=1;"),
                    vertex("plain", "a <= b\n  second line  ", style="rounded=1;"),
                    vertex("looks", "x<br>y", style="rounded=0;"),
                ),
            )
        ),
    )
    shapes = shapes_by_id(board.frames[0])
    assert shapes["html"].text == "Title\nsub"
    assert shapes["plain"].text == "a <= b\n  second line  "  # not HTML: as it is
    assert shapes["looks"].text == "x\ny"


def test_object_and_user_object_wrappers(tmp_path):
    wrapped = (
        '<object id="w1" label="&lt;b&gt;Ana&lt;/b&gt;" mapbridge="title" mapbridgePersona="Ana" '
        'mapbridge-kind="proto" tooltip="ignored">'
        '<mxCell style="text;html=1;" vertex="1" parent="1">'
        '<mxGeometry x="10" y="20" width="100" height="30" as="geometry"/></mxCell></object>'
        '<UserObject id="w2" label="Plain label" link="https://example.com">'
        '<mxCell style="shape=note;" vertex="1" parent="1">'
        '<mxGeometry x="200" y="20" width="100" height="80" as="geometry"/></mxCell></UserObject>'
        '<object id="empty" label="no cell inside"/>'
    )
    board = drawio(tmp_path, mxfile(("Wrapped", model(wrapped))))
    shapes = shapes_by_id(board.frames[0])
    assert set(shapes) == {"w1", "w2"}
    w1 = shapes["w1"]
    assert (w1.kind, w1.text, w1.role, w1.mark) == (
        "text",
        "Ana",
        "title",
        {"persona": "Ana", "kind": "proto"},
    )
    assert (shapes["w2"].kind, shapes["w2"].text, shapes["w2"].role) == (
        "note",
        "Plain label",
        None,
    )


def test_style_roles_kinds_and_fills(tmp_path):
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Styles",
                model(
                    vertex("title", "Ana", style="text;html=1;mapbridge=title;fillColor=none;"),
                    vertex("band", "", style="rounded=0;mapbridge=band;fillColor=#F8F9FA;"),
                    vertex("plain", "x", style=""),
                    vertex("rounded", "x", style="rounded;whiteSpace=wrap;"),
                    vertex("rect", "x", style="shape=rectangle;fillColor=default;"),
                    vertex("dot", "", style="ellipse;shape=ellipse;perimeter=ellipsePerimeter;"),
                    vertex("sticky", "x", style="shape=mxgraph.basic.sticky_note;"),
                    vertex("note", "x", style="shape=note;size=15;"),
                    vertex("rhombus", "x", style="rhombus;"),
                    vertex("cloud", "x", style="ellipse;shape=cloud;"),
                    vertex("image", "", style="image;image=data:x;"),
                    vertex("process", "x", style="shape=process;"),
                ),
            )
        ),
    )
    shapes = shapes_by_id(board.frames[0])
    kinds = {id: shape.kind for id, shape in shapes.items()}
    assert kinds == {
        "title": "text",
        "band": "rectangle",
        "plain": "rectangle",
        "rounded": "rectangle",
        "rect": "rectangle",
        "dot": "ellipse",
        "sticky": "note",
        "note": "note",
        "rhombus": "diamond",
        "cloud": "other",  # `shape=` wins over the named style, as draw.io draws it
        "image": "other",
        "process": "other",
    }
    assert (shapes["title"].role, shapes["title"].fill) == ("title", None)
    assert (shapes["band"].role, shapes["band"].fill) == ("band", "#F8F9FA")
    assert shapes["rect"].fill is None and shapes["plain"].role is None


def test_edges_edge_labels_hidden_and_geometry_less_cells_are_left_out(tmp_path):
    edge = (
        '<mxCell id="e" value="edge" style="endArrow=none;" edge="1" parent="1" source="a" target="b">'
        '<mxGeometry relative="1" as="geometry"><mxPoint x="0" y="0" as="sourcePoint"/>'
        "</mxGeometry></mxCell>"
    )
    label = vertex(
        "edge-label",
        "on the edge",
        parent="e",
        geometry='<mxGeometry x="-0.2" relative="1" as="geometry"><mxPoint as="offset"/></mxGeometry>',
    )
    board = drawio(
        tmp_path,
        mxfile(
            (
                "Cells",
                model(
                    vertex("a", "A"),
                    edge,
                    label,
                    '<mxCell id="no-geometry" value="floating" vertex="1" parent="1"/>',
                    vertex("bad-geometry", "bad", x="wide"),  # type: ignore[arg-type]
                    vertex("hidden", "hidden", style="rounded=0;", parent="1").replace(
                        'vertex="1"', 'vertex="1" visible="0"'
                    ),
                    '<mxCell id="hidden-layer" parent="0" visible="0"/>',
                    vertex("on-hidden-layer", "not seen", parent="hidden-layer"),
                    vertex("box", "Collapsed", 300, 300, style="swimlane;").replace(
                        'vertex="1"', 'vertex="1" collapsed="1"'
                    ),
                    vertex("in-collapsed", "folded away", 10, 40, parent="box"),
                ),
            )
        ),
    )
    assert [s.id for s in board.frames[0].shapes] == ["a", "box"]


def test_the_diagram_sniffer(tmp_path):
    def sniff(data: bytes) -> bool:
        path = tmp_path / "sniffed"
        path.write_bytes(data)
        with Probe(path) as probe:
            return is_drawio(probe)

    assert sniff(b'<mxfile host="app.diagrams.net"><diagram/></mxfile>')
    assert sniff(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<!-- hi -->\n<mxGraphModel>')
    assert sniff(b"  \n<mxfile>")
    assert not sniff(b"<mxfilex>")
    assert not sniff(b"<svg><mxfile/></svg>")
    assert not sniff(b'{"type": "excalidraw"}')
    assert not sniff(b"")
    with Probe(tmp_path) as folder:
        assert not is_drawio(folder)


@pytest.mark.parametrize(
    ("xml", "says"),
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'/>", "<svg"),
        ("<mxfile><diagram name='P'>", "not well-formed"),
        ("<mxfile><diagram name='Bad'>not*base64!</diagram></mxfile>", 'page 1 "Bad"'),
        (
            f"<mxfile><diagram>{base64.b64encode(b'not deflate data').decode()}</diagram></mxfile>",
            "inflated",
        ),
        (
            f"<mxfile><diagram>{compress('<mxGraphModel>' * 3)}</diagram></mxfile>",
            "not well-formed",
        ),
        (f"<mxfile><diagram>{compress('<root/>')}</diagram></mxfile>", "not a draw.io page"),
    ],
)
def test_xml_that_is_not_a_diagram_is_not_a_board(tmp_path, xml, says):
    path = tmp_path / "x.drawio"
    path.write_text(xml)
    error = refused(load_drawio, path, codes.NOT_A_BOARD)
    assert says in error.problems[0].message


def test_a_compressed_page_cut_short_is_named(tmp_path):
    whole = base64.b64decode(compress(model(vertex("a", "x" * 2000))))
    path = tmp_path / "cut.drawio"
    cut = base64.b64encode(whole[: len(whole) // 2]).decode()
    path.write_text(mxfile(("Cut", cut)))
    error = refused(load_drawio, path, codes.NOT_A_BOARD)
    assert 'page 1 "Cut"' in error.problems[0].message


# ---------------------------------------------------------------- what mapbridge itself writes


@pytest.fixture(scope="module")
def sample_workspace():
    from mapbridge.api import read_input

    return read_input(str(SAMPLE))


def test_an_exported_excalidraw_scene_reads_back(tmp_path, sample_workspace):
    from mapbridge.exporters.excalidraw import excalidraw_scene

    scene = excalidraw_scene(sample_workspace)
    path = tmp_path / "exported.excalidraw"
    path.write_text(json.dumps(scene, indent=2, ensure_ascii=False))
    with Probe(path) as probe:
        assert is_excalidraw(probe)
    board = load_excalidraw(path)
    frame_elements = [e for e in scene["elements"] if e["type"] == "frame"]
    assert [f.name for f in board.frames] == [e["name"] for e in frame_elements]
    for journey in sample_workspace.journeys:
        persona = sample_workspace.persona(journey.persona_id)
        frame = next(f for f in board.frames if persona and f.name.startswith(persona.name))
        # Stage headers are boxes with the stage's name (in capitals, or not).
        headers = {s.text.casefold() for s in frame.shapes if s.kind == "rectangle"}
        assert {stage.name.casefold() for stage in journey.stages} <= headers


def test_an_exported_drawio_file_reads_back(tmp_path, sample_workspace):
    from mapbridge.exporters.drawio import drawio_xml

    xml = drawio_xml(sample_workspace)
    path = tmp_path / "exported.drawio"
    path.write_text(xml, encoding="utf-8")
    with Probe(path) as probe:
        assert is_drawio(probe)
    board = load_drawio(path)
    assert len(board.frames) == xml.count("<diagram ")
    for journey in sample_workspace.journeys:
        persona = sample_workspace.persona(journey.persona_id)
        frame = next(f for f in board.frames if persona and f.name.startswith(persona.name))
        headers = {s.text.casefold() for s in frame.shapes}
        assert {stage.name.casefold() for stage in journey.stages} <= headers
    # The same file with every page compressed, as draw.io saves it by default, reads the same.
    compressed = _compress_pages(xml)
    again = drawio(tmp_path, compressed, name="compressed.drawio")
    # Shapes are equal only to themselves: compare what they hold.
    assert [asdict(f) for f in again.frames] == [asdict(f) for f in board.frames]


def _compress_pages(xml: str) -> str:
    """The mxfile with each page's mxGraphModel replaced by its compressed text."""
    from xml.etree import ElementTree as ET

    root = ET.fromstring(xml)
    for diagram in root.iter("diagram"):
        graph = diagram.find("mxGraphModel")
        assert graph is not None
        diagram.remove(graph)
        diagram.text = compress(ET.tostring(graph, encoding="unicode"))
    return ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------- hostile files


def within(seconds: float, megabytes: float):
    """Run the wrapped call and check it peaked under `megabytes` of Python memory.

    `seconds` is what the call takes here; the check is only a hang guard far above it (speed
    belongs in the benchmark, and shared machines are noisy): a refusal that reads the whole
    hostile input instead of stopping early would blow both bounds."""

    class Measure:
        def __enter__(self):
            tracemalloc.start()
            self.start = time.perf_counter()
            return self

        def __exit__(self, *exc_info):
            elapsed = time.perf_counter() - self.start
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            assert elapsed < max(30.0, 10 * seconds), f"took {elapsed:.2f} s"
            assert peak < megabytes, f"peaked at {peak:.0f} MB"
            return False

    return Measure()


def test_json_nested_ten_thousand_deep_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.excalidraw"
    path.write_text('{"type": "excalidraw", "elements": ' + "[" * 10_000 + "]" * 10_000 + "}")
    with within(1, 20):
        refused(load_excalidraw, path, codes.BOARD_TOO_COMPLEX)
    # Brackets inside strings are text, not nesting.
    quoted = '{"type": "excalidraw", "elements": [' + json.dumps(text("t", "[" * 10_000)) + "]}"
    path.write_text(quoted)
    assert texts(load_excalidraw(path).frames[0]) == ["[" * 10_000]


def test_nesting_just_over_the_limit_is_refused_and_at_it_read(tmp_path):
    def nested(depth: int) -> str:
        # The scene, its elements and the element are three levels; customData nests the rest.
        inner = "1"
        for _ in range(depth - 3):
            inner = '{"k": ' + inner + "}"
        return '{"type": "excalidraw", "elements": [{"id": "a", "customData": ' + inner + "}]}"

    path = tmp_path / "edge.excalidraw"
    path.write_text(nested(MAX_JSON_DEPTH))
    load_excalidraw(path)
    path.write_text(nested(MAX_JSON_DEPTH + 1))
    refused(load_excalidraw, path, codes.BOARD_TOO_COMPLEX)


def _depth_by_hand(data: str) -> int:
    """The deepest bracket nesting outside strings, found one character at a time."""
    depth = deepest = 0
    inside = escaped = False
    for ch in data:
        if inside:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = False
        elif ch == '"':
            inside = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def test_the_bracket_scan_agrees_with_a_character_by_character_reader():
    """The scan's string skipping (escapes, brackets in strings) is exact, on random JSON."""
    rng = random.Random(14)
    strings = ['"a[b"', '"\\\\"', '"\\"["', '"x\\\\\\"{"', '"]]"', '""', '"\\\\\\\\"', "1"]

    def value(depth: int) -> str:
        roll = rng.random()
        if depth > 5 or roll < 0.3:
            return rng.choice(strings)
        if roll < 0.65:
            return "[" + ",".join(value(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        pairs = (f'"k{i}\\"[": {value(depth + 1)}' for i in range(rng.randint(0, 3)))
        return "{" + ",".join(pairs) + "}"

    for _ in range(300):
        data = "[" + value(0) + "]"
        json.loads(data)
        depth, containers = excalidraw_board._json_nesting(data.encode())
        assert depth == _depth_by_hand(data), data
        assert containers == data.count("[") + data.count("{") - _in_strings(data), data


def _in_strings(data: str) -> int:
    """How many brackets of `data` are inside strings."""
    parsed = json.loads(data)
    found = 0
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found += sum(item.count(b) for b in "[{")
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            found += sum(k.count("[") + k.count("{") for k in item)
            stack.extend(item.values())
    return found


def test_two_hundred_thousand_elements_are_refused(tmp_path):
    path = tmp_path / "many.excalidraw"
    path.write_text('{"type": "excalidraw", "elements": [' + ",".join(["0"] * 200_000) + "]}")
    with within(1, 40):
        error = refused(load_excalidraw, path, codes.BOARD_TOO_COMPLEX)
    assert "200,000 elements" in error.problems[0].message


def test_millions_of_empty_objects_are_refused_before_parsing(tmp_path):
    # 6 MB of `{}` would take some 150 MB once parsed.
    path = tmp_path / "objects.excalidraw"
    path.write_text('{"type": "excalidraw", "elements": [' + "{}," * 2_100_000 + "{}]}")
    with within(1, 40):
        refused(load_excalidraw, path, codes.BOARD_TOO_COMPLEX)


def test_a_gigabyte_inflating_page_stops_at_the_page_limit(tmp_path):
    # A deflate stream of 1 GiB of zeros: one compressed MiB, ended with a full flush (so it
    # refers to nothing before it), repeated 1024 times, then an empty final block.
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = deflater.compress(bytes(2**20)) + deflater.flush(zlib.Z_FULL_FLUSH)
    stream = chunk * 1024 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    path = tmp_path / "bomb.drawio"
    path.write_text(mxfile(("Bomb", base64.b64encode(stream).decode())))
    assert path.stat().st_size < 2 * 2**20
    with within(1, 3 * MAX_BOARD_BYTES / 2**20):
        error = refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)
    assert 'page 1 "Bomb" inflates' in error.problems[0].message


def test_all_pages_together_may_inflate_only_so_far(tmp_path, monkeypatch):
    xml = model(*(vertex(f"v{i}", "sticky " * 10) for i in range(20)))
    page = compress(xml)
    inflated = len(urllib.parse.quote(xml, safe="~()*!.'"))
    monkeypatch.setattr(drawio_board, "MAX_INFLATED_BYTES", int(3.5 * inflated))
    path = tmp_path / "pages.drawio"
    path.write_text(mxfile(*((f"P{n}", page) for n in range(20))))
    error = refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)
    assert "pages together" in error.problems[0].message


LOL = [f"&lol{i};" for i in range(10)]
#: Ten entities, each ten of the one before: a billion "lol"s from a few hundred bytes.
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{LOL[i - 1] * 10}">' for i in range(1, 10))
    + "]><mxfile>&lol9;</mxfile>"
)
ENTITY_PAGE = '<!DOCTYPE x [<!ENTITY a "b">]><mxGraphModel>&a;</mxGraphModel>'


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE mxfile [<!ENTITY who "Ana">]><mxfile>&who;</mxfile>',
        '<!DOCTYPE mxfile SYSTEM "http://example.com/x.dtd"><mxfile/>',
        BILLION_LAUGHS,
        mxfile(("Entity inside", compress(ENTITY_PAGE))),
    ],
)
def test_dtds_and_entities_are_refused(tmp_path, xml):
    path = tmp_path / "entities.drawio"
    path.write_text(xml)
    with within(1, 20):
        error = refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)
    assert "never writes" in error.problems[0].message


def test_xml_nested_ten_thousand_deep_is_refused(tmp_path):
    path = tmp_path / "deep.drawio"
    path.write_text("<mxfile>" + "<a>" * 10_000 + "</a>" * 10_000 + "</mxfile>")
    with within(1, 20):
        refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)


def test_too_many_xml_elements_or_pages_are_refused(tmp_path, monkeypatch):
    # The limit lowered for the test: what is checked is that counting stops the parse.
    monkeypatch.setattr(drawio_board, "MAX_XML_ELEMENTS", 100_000)
    path = tmp_path / "cells.drawio"
    path.write_text(mxfile(("Many", model(*["<mxCell/>"] * 100_001))))
    with within(5, 60):  # every element is a Python call in the parser: slower under tracemalloc
        refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)
    path.write_text("<mxfile>" + "<diagram/>" * 501 + "</mxfile>")
    error = refused(load_drawio, path, codes.BOARD_TOO_COMPLEX)
    assert "501 pages" in error.problems[0].message


def test_too_many_frames_are_refused(tmp_path):
    frames = [element(f"f{n}", "frame", x=200 * n, w=100, h=100) for n in range(501)]
    path = write_scene(tmp_path, frames)
    error = refused(load_excalidraw, path, codes.BOARD_TOO_COMPLEX)
    assert "over 500 frames" in error.problems[0].message


@pytest.mark.parametrize("load", [load_excalidraw, load_drawio])
def test_files_that_are_not_boards_at_all(tmp_path, load):
    suffix = ".excalidraw" if load is load_excalidraw else ".drawio"
    empty = tmp_path / f"empty{suffix}"
    empty.write_bytes(b"")
    refused(load, empty, codes.EMPTY_FILE)
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    refused(load, folder, codes.IS_A_DIRECTORY)
    refused(load, tmp_path / f"missing{suffix}", codes.FILE_NOT_FOUND)
    junk = tmp_path / f"junk{suffix}"
    junk.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(4096)) + b"\x00")
    refused(load, junk, codes.NOT_A_BOARD)
    png = tmp_path / f"image{suffix}"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "PNG" in refused(load, png, codes.NOT_A_BOARD).problems[0].message
    latin1 = tmp_path / f"latin1{suffix}"
    scene = '{"type": "excalidraw", "elements": ["Café"]}'
    latin1.write_bytes(
        (scene if load is load_excalidraw else mxfile(("Café", ""))).encode("latin-1")
    )
    # JSON must be UTF-8; XML may declare another encoding, so draw.io's reader just fails.
    refused(load, latin1, codes.NOT_UTF8 if load is load_excalidraw else codes.NOT_A_BOARD)


@pytest.mark.parametrize("load", [load_excalidraw, load_drawio])
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, load):
    path = tmp_path / "huge.board"
    with path.open("wb") as handle:  # sparse: nothing that big is written
        handle.truncate(MAX_BOARD_BYTES + 1)
    with within(0.5, 5):
        error = refused(load, path, codes.INPUT_TOO_LARGE)
    assert f"{MAX_BOARD_BYTES // 2**20} MB" in error.problems[0].message


def test_a_huge_number_is_no_traceback(tmp_path):
    path = tmp_path / "digits.excalidraw"
    digits = "9" * 5000
    path.write_text(f'{{"type": "excalidraw", "elements": [{{"id": "a", "x": {digits}}}]}}')
    try:
        board = load_excalidraw(path)
    except UnreadableInput as error:  # Python 3.11+ refuses to convert so many digits
        assert error.problems[0].code == codes.NOT_A_BOARD.code
    else:
        assert board.frames[0].shapes == []
