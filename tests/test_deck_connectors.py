"""Links between personas on the layered comparison, read back from the slide XML: each one a connector glued to the two stripes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from lxml import etree
from pptx import Presentation

from mapbridge.exporters.deck import style, write_deck
from mapbridge.exporters.deck.canvas import Canvas, Glue, LineLook
from mapbridge.interactions import find_links
from mapbridge.model import (
    LANE_LABELS,
    Emotion,
    Entry,
    Journey,
    Lane,
    SourceRef,
    Stage,
    Workspace,
    slugify,
)
from tests.deck_helpers import flat, named, notes_text, open_deck, slide_text
from tests.factories import make_persona
from tests.render_helpers import assert_valid_packages

TODAY = date(2026, 11, 1)
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
EMU = 12700

STAGES = ["Choose a tool", "Set up", "First claim", "Approve", "Get reimbursed"]
LANES = [
    ("touchpoints", "Touchpoints"),
    ("emotion", "Emotion"),
    ("pain_points", "Pain points"),
    ("interacts_with", "Interacts with"),
    ("depends_on", "Depends on"),
    ("caused_by", "Caused by"),
    ("hands_over_to", "Hands over to"),
]
#: What each persona typed, by (lane, stage index): a buyer (Maria), the end user she buys
#: for (Sam) and the finance admin (Priya).
CELLS: dict[str, dict[tuple[str, int], str]] = {
    "Maria Lopez": {
        ("touchpoints", 0): "Vendor site, demo call",
        ("pain_points", 1): "Rules take a week to configure",
        ("pain_points", 3): "Too many claims to approve by hand",
        ("interacts_with", 0): "Priya Nair: shortlist together",
        ("hands_over_to", 1): "Priya Nair: rules to configure",
        ("depends_on", 4): "Priya Nair: runs the payment batch",
    },
    "Sam Chen": {
        ("pain_points", 2): "Receipt photos get rejected",
        ("pain_points", 4): "Paid a month late",
        ("caused_by", 2): "Maria Lopez › Set up: approval rules too strict",
        ("depends_on", 3): "Maria Lopez: approves claims",
        ("caused_by", 4): "Priya Nair: batch runs monthly\nTom Jones",
    },
    "Priya Nair": {
        ("pain_points", 1): "Rules are hard to test",
        ("interacts_with", 1): "Maria Lopez",
        ("hands_over_to", 0): "Sam Chen › Set up: invites the team",
        ("hands_over_to", 4): "Sam Chen: payment sent",
    },
}


def _map(persona, cells: dict[tuple[str, int], str], stages: list[str], row0: int) -> Journey:
    journey = Journey(
        id=f"expenses--{persona.id}",
        name="Roll out an expense tool",
        persona_id=persona.id,
        stages=[Stage(id=slugify(s), name=s) for s in stages],
        lanes=[Lane(id=kind, name=label, kind=kind) for kind, label in LANES],  # type: ignore[arg-type]
        emotion_scale="-2..2",
        sources={"map": SourceRef(sheet="Journey", cell=f"A{row0}")},
    )
    for i, stage in enumerate(stages):
        score = ((i + row0) % 5 - 2) / 2
        journey.entries.append(
            Entry(
                stage_id=slugify(stage),
                lane_id="emotion",
                text=f"{score * 2:+g}",
                emotion=Emotion(raw=f"{score * 2:+g}", score=score, scale="-2..2"),
            )
        )
    for (kind, i), text in cells.items():
        column = "CDEFGHI"[[k for k, _ in LANES].index(kind)]
        journey.entries.append(
            Entry(
                stage_id=slugify(stages[i]),
                lane_id=kind,
                text=text,
                source=SourceRef(sheet="Journey", cell=f"{column}{row0 + i}"),
            )
        )
    return journey


def expense_workspace(
    cells: dict[str, dict[tuple[str, int], str]] = CELLS, stages: list[str] = STAGES
) -> Workspace:
    personas = [make_persona(name) for name in cells]
    journeys = [
        _map(persona, cells[persona.name], stages, 2 + n * 12) for n, persona in enumerate(personas)
    ]
    return Workspace(
        title="Expense tool rollout",
        source_file="expenses.xlsx",
        personas=personas,
        journeys=journeys,
    )


def write(tmp_path, workspace, **options):
    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY, layout="layered", **options)
    return result, open_deck(path), path


def layered_slides(result, prs) -> list:
    return [prs.slides[i] for i, info in enumerate(result.slides) if info.kind == "layered"]


# --- Reading connectors back -------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    id: int
    name: str
    text: str
    x: float
    y: float
    w: float
    h: float
    order: int

    def site(self, idx: int) -> tuple[float, float]:
        """A rectangle's connection site: 0 top, 1 left, 2 bottom, 3 right (centres)."""
        return {
            0: (self.x + self.w / 2, self.y),
            1: (self.x, self.y + self.h / 2),
            2: (self.x + self.w / 2, self.y + self.h),
            3: (self.x + self.w, self.y + self.h / 2),
        }[idx]


@dataclass(frozen=True)
class Connector:
    id: int
    name: str
    start: int
    start_idx: int
    end: int
    end_idx: int
    geom: str
    points: tuple[tuple[float, float], tuple[float, float]]
    colour: str
    dash: str | None
    tail: str | None
    head: str | None
    order: int


def _xfrm(element) -> tuple[float, float, float, float, bool, bool]:
    xfrm = element.find(".//a:xfrm", NS)
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    return (
        int(off.get("x")) / EMU,
        int(off.get("y")) / EMU,
        int(ext.get("cx")) / EMU,
        int(ext.get("cy")) / EMU,
        xfrm.get("flipH") == "1",
        xfrm.get("flipV") == "1",
    )


def read_slide(slide) -> tuple[dict[int, Shape], list[Connector]]:
    """The slide's shapes by id, and its glued connectors, in drawing order."""
    tree = slide.shapes._spTree
    shapes: dict[int, Shape] = {}
    connectors: list[Connector] = []
    for order, element in enumerate(tree.iterchildren()):
        props = element.find(".//p:cNvPr", NS)
        if props is None:
            continue
        shape_id, name = int(props.get("id")), props.get("name")
        if element.tag.endswith("}sp"):
            text = "\n".join(
                "".join(t.text or "" for t in p.iterfind(".//a:t", NS))
                for p in element.iterfind(".//a:p", NS)
            )
            x, y, w, h, _, _ = _xfrm(element)
            shapes[shape_id] = Shape(shape_id, name, text, x, y, w, h, order)
        elif element.tag.endswith("}cxnSp") and element.find(".//a:stCxn", NS) is not None:
            start, end = element.find(".//a:stCxn", NS), element.find(".//a:endCxn", NS)
            x, y, w, h, flip_h, flip_v = _xfrm(element)
            x1, x2 = (x + w, x) if flip_h else (x, x + w)
            y1, y2 = (y + h, y) if flip_v else (y, y + h)
            line = element.find(".//a:ln", NS)
            dash = line.find("a:prstDash", NS)
            tail, head = line.find("a:tailEnd", NS), line.find("a:headEnd", NS)
            connectors.append(
                Connector(
                    shape_id,
                    name,
                    int(start.get("id")),
                    int(start.get("idx")),
                    int(end.get("id")),
                    int(end.get("idx")),
                    element.find(".//a:prstGeom", NS).get("prst"),
                    ((x1, y1), (x2, y2)),
                    line.find(".//a:srgbClr", NS).get("val"),
                    dash.get("val") if dash is not None else None,
                    tail.get("type") if tail is not None else None,
                    head.get("type") if head is not None else None,
                    order,
                )
            )
    return shapes, connectors


def column_of(slide, shape: Shape) -> int:
    """The stage column (0-based) a shape sits in, by the stage headers above it."""
    centre = (shape.x + shape.w / 2) * EMU
    for i, header in enumerate(named(slide, "Stage ")):
        if header.left <= centre <= header.left + header.width:
            return i
    raise AssertionError(f"{shape.name} is under no stage header")


def link_shapes(shapes: dict[int, Shape]) -> list[Shape]:
    """The Interactions row's stripes and chips."""
    return [s for s in shapes.values() if s.name.startswith(("Stripe Interactions", "Chip"))]


def find_end(slide, shapes, stage: int, text: str) -> Shape:
    """The stripe (or chip) in a stage's column whose text starts with `text`."""
    found = [
        s for s in link_shapes(shapes) if column_of(slide, s) == stage and s.text.startswith(text)
    ]
    assert len(found) == 1, (stage, text, [s.text for s in link_shapes(shapes)])
    return found[0]


# --- The glue -----------------------------------------------------------------------------------

#: Every resolved link of CELLS: (source stage, how the source stripe starts, target stage,
#: how the target stripe or chip starts, relation).
EXPECTED = [
    (0, "interacts with Priya Nair", 0, "hands over to Sam Chen", "interacts_with"),
    (1, "hands over to Priya Nair", 1, "interacts with Maria Lopez", "hands_over_to"),
    (4, "depends on Priya Nair", 4, "hands over to Sam Chen", "depends_on"),
    (2, "caused by Maria Lopez", 1, "hands over to Priya Nair", "caused_by"),
    (3, "depends on Maria Lopez", 3, "Maria Lopez", "depends_on"),
    (4, "caused by Priya Nair", 4, "hands over to Sam Chen", "caused_by"),
    (1, "interacts with Maria Lopez", 1, "hands over to Priya Nair", "interacts_with"),
    (0, "hands over to Sam Chen", 1, "Sam Chen", "hands_over_to"),
    (4, "hands over to Sam Chen", 4, "caused by Priya Nair", "hands_over_to"),
]


def test_each_resolved_link_is_one_connector_glued_to_its_two_stripes(tmp_path):
    ws = expense_workspace()
    links = find_links(ws)
    assert sum(link.resolved for link in links) == len(EXPECTED) == len(links) - 1
    result, prs, _ = write(tmp_path, ws)
    (slide,) = layered_slides(result, prs)
    shapes, connectors = read_slide(slide)
    assert len(connectors) == len(EXPECTED)
    glued = {(c.start, c.end): c for c in connectors}
    for source_stage, source_text, target_stage, target_text, relation in EXPECTED:
        source = find_end(slide, shapes, source_stage, source_text)
        target = find_end(slide, shapes, target_stage, target_text)
        connector = glued.pop((source.id, target.id))
        assert connector.name.startswith(f"Link {LANE_LABELS[relation]}")
    assert not glued


def test_glue_sites_are_the_sides_facing_each_other_and_the_line_starts_and_ends_there(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace())
    (slide,) = layered_slides(result, prs)
    shapes, connectors = read_slide(slide)
    for connector in connectors:
        start, end = shapes[connector.start], shapes[connector.end]
        source_col, target_col = column_of(slide, start), column_of(slide, end)
        if source_col < target_col:
            assert (connector.start_idx, connector.end_idx) == (3, 1)  # right -> left
        elif source_col > target_col:
            assert (connector.start_idx, connector.end_idx) == (1, 3)  # left -> right
        elif start.y < end.y:
            assert (connector.start_idx, connector.end_idx) == (2, 0)  # bottom -> top
        else:
            assert (connector.start_idx, connector.end_idx) == (0, 2)  # top -> bottom
        (x1, y1), (x2, y2) = connector.points
        assert (x1, y1) == pytest.approx(start.site(connector.start_idx), abs=0.1)
        assert (x2, y2) == pytest.approx(end.site(connector.end_idx), abs=0.1)
        assert connector.geom in ("straightConnector1", "bentConnector3")
        assert (connector.tail, connector.head) == ("triangle", None)
    # Between columns at different heights the line bends; in one column it is straight.
    assert {c.geom for c in connectors} == {"straightConnector1", "bentConnector3"}


def test_connectors_are_drawn_behind_the_stripes_they_join(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace())
    (slide,) = layered_slides(result, prs)
    shapes, connectors = read_slide(slide)
    for connector in connectors:
        assert connector.order < shapes[connector.start].order
        assert connector.order < shapes[connector.end].order


def test_each_relation_has_its_line_style_and_the_legend_names_them(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace())
    (slide,) = layered_slides(result, prs)
    _, connectors = read_slide(slide)
    by_relation: dict[str, set[tuple[str, str | None]]] = {}
    for c in connectors:
        relation = next(k for k, label in LANE_LABELS.items() if c.name.startswith(f"Link {label}"))
        by_relation.setdefault(relation, set()).add((c.colour, c.dash))
    assert by_relation["caused_by"] == {(style.PROTO_INK, None)}
    assert by_relation["depends_on"] == {(style.INK_SOFT, "dash")}
    assert by_relation["hands_over_to"] == {(style.INK, "sysDot")}
    assert by_relation["interacts_with"] == {(style.INK_SOFT, None)}
    legend = [s.text_frame.text for s in named(slide, "Legend relation")]
    assert sorted(legend) == ["caused by", "depends on", "hands over to", "interacts with"]
    assert len(named(slide, "Legend line")) == 4


def test_stripes_say_what_each_persona_typed_and_a_target_only_persona_gets_a_chip(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace())
    (slide,) = layered_slides(result, prs)
    text = flat(slide_text(slide))
    assert "depends on maria lopez: approves claims" in text
    assert "caused by maria lopez › set up: approval rules too strict" in text
    chips = sorted(s.text_frame.text for s in named(slide, "Chip"))
    assert chips == ["Maria Lopez", "Sam Chen"]


def test_the_interactions_row_takes_a_compared_lane_after_the_pain_points(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace())
    (slide,) = layered_slides(result, prs)
    lanes = [s.text_frame.text for s in sorted(named(slide, "Lane "), key=lambda s: s.top)]
    assert lanes == ["Touchpoints", "Pain points", "Interactions"]
    assert "Lanes compared: Touchpoints, Pain points, Interactions" in notes_text(slide)
    # Four personas leave room for two lanes: the pain points and the interactions.
    cells = dict(CELLS)
    cells["Dev Patel"] = {("pain_points", 0): "Too many tools", ("touchpoints", 0): "Email"}
    result, prs, _ = write(tmp_path, expense_workspace(cells))
    (slide,) = layered_slides(result, prs)
    lanes = [s.text_frame.text for s in sorted(named(slide, "Lane "), key=lambda s: s.top)]
    assert lanes == ["Pain points", "Interactions"]


def test_maps_without_relation_lanes_have_no_interactions_row(tmp_path):
    cells = {
        name: {k: v for k, v in c.items() if k[0] == "pain_points"} for name, c in CELLS.items()
    }
    result, prs, _ = write(tmp_path, expense_workspace(cells))
    (slide,) = layered_slides(result, prs)
    assert not named(slide, "Lane Interactions")
    assert not read_slide(slide)[1]
    assert "Interactions (" not in notes_text(slide)


# --- Notes: every link, drawn or not ------------------------------------------------------------


def test_every_link_is_in_the_notes_with_its_source_cell_and_whether_it_is_drawn(tmp_path):
    ws = expense_workspace()
    result, prs, _ = write(tmp_path, ws)
    (slide,) = layered_slides(result, prs)
    notes = notes_text(slide)
    assert "Interactions (9 of 10 drawn as connectors glued to the stripes):" in notes
    assert (
        "• Sam Chen (First claim) caused by Maria Lopez (Set up): approval rules too strict "
        "[Journey!H16] (drawn)" in notes
    )
    assert (
        '• Sam Chen (Get reimbursed) caused by Tom Jones [Journey!H18] (not drawn: "Tom Jones" '
        "is not a persona of this workspace" in notes
    )
    for link in find_links(ws):
        assert str(link.source) in notes
    assert "caused by: solid amber line" in notes


#: Ten stages (two slides of five) and a link from stage 5 to stage 6.
TEN = [f"Step {i}" for i in range(1, 11)]
ACROSS = {
    "Ana Reyes": {
        ("depends_on", 4): "Ben Okafor › Step 6: signs off",
        ("interacts_with", 7): "Ben Okafor: checks the form",
    },
    "Ben Okafor": {("pain_points", 4): "Waits for the form"},
}


def test_a_link_to_a_stage_on_another_slide_goes_to_the_notes_of_both_and_is_not_drawn(tmp_path):
    result, prs, _ = write(tmp_path, expense_workspace(ACROSS, TEN))
    first, second = layered_slides(result, prs)
    assert [len(read_slide(s)[1]) for s in (first, second)] == [0, 1]
    line = "Ana Reyes (Step 5) depends on Ben Okafor (Step 6): signs off [Journey!G6]"
    assert f"{line} (not drawn: Ben Okafor (Step 6) is not on this slide)" in notes_text(first)
    assert f"{line} (not drawn: Ana Reyes (Step 5) is not on this slide)" in notes_text(second)
    # The link typed on the first slide shows there as a stripe, with no chip to point at.
    assert "depends on Ben Okafor › Step 6: signs off" in slide_text(first)
    assert not named(first, "Chip")
    assert "Ana Reyes (Step 8) interacts with Ben Okafor (Step 8): checks the form" in notes_text(
        second
    )


def test_a_link_to_a_persona_in_another_group_is_listed_not_drawn(tmp_path):
    names = ["Ana Reyes", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak", "Farid Haddad"]
    cells: dict[str, dict[tuple[str, int], str]] = {n: {("pain_points", 0): "Slow"} for n in names}
    cells["Ana Reyes"] = {("depends_on", 1): "Farid Haddad", ("interacts_with", 2): "Ben Okafor"}
    result, prs, _ = write(tmp_path, expense_workspace(cells))
    slides = layered_slides(result, prs)
    assert len(slides) == 2  # two groups of three personas
    first, second = slides
    assert len(read_slide(first)[1]) == 1  # Ana -> Ben, both in the first group
    assert not read_slide(second)[1]
    assert "Ana Reyes (Set up) depends on Farid Haddad (Set up) [Journey!G3] (not drawn: " in (
        notes_text(first)
    )
    assert "Farid Haddad (Set up) is not on this slide" in notes_text(first)
    assert "Ana Reyes (Set up) is not on this slide" in notes_text(second)


def test_decks_with_connectors_pass_the_office_xml_validator(tmp_path):
    _, _, path = write(tmp_path, expense_workspace())
    assert_valid_packages([path])


# --- The canvas's connector ---------------------------------------------------------------------


def _canvas() -> Canvas:
    prs = Presentation()
    return Canvas(prs.slides.add_slide(prs.slide_layouts[6]))


def test_canvas_connector_glues_both_ends_and_can_go_behind_the_boxes():
    canvas = _canvas()
    a = canvas.box(10, 10, 50, 20, name="A")
    b = canvas.box(100, 50, 50, 20, name="B")
    look = LineLook("112233", 1.5, "dash")
    cid = canvas.connector(Glue(a, 3), Glue(b, 1), look, bend=80, behind=True)
    xml = canvas.pending[0]
    assert f'<p:cNvPr id="{cid}" ' in xml
    assert f'<a:stCxn id="{a}" idx="3"/><a:endCxn id="{b}" idx="1"/>' in xml
    # From (60, 20) to (100, 60), bending at x = 80: halfway.
    assert '<a:off x="762000" y="254000"/><a:ext cx="508000" cy="508000"/>' in xml
    assert 'prst="bentConnector3"' in xml and 'fmla="val 50000"' in xml
    assert '<a:prstDash val="dash"/><a:tailEnd type="triangle" w="med" len="med"/>' in xml
    straight = canvas.connector(Glue(b, 0), Glue(a, 2), LineLook("112233"))
    xml = canvas.pending[-1]
    assert f'id="{straight}"' in xml and 'prst="straightConnector1"' in xml
    assert '<a:xfrm flipH="1" flipV="1">' in xml  # from b's top back up to a's bottom
    etree.fromstring(
        f'<p:spTree xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}">{"".join(canvas.pending)}</p:spTree>'
    )


def test_canvas_bracket_between_two_right_sides_goes_out_to_the_bend():
    canvas = _canvas()
    a = canvas.box(10, 10, 50, 20)
    b = canvas.box(10, 50, 50, 20)
    canvas.connector(Glue(a, 3), Glue(b, 3), LineLook("112233"), bend=66)
    xml = canvas.pending[-1]
    # The end moves 1 pt towards the bend so the elbow has a width to bend in: 6 pt out = 600%.
    assert '<a:ext cx="12700" cy="508000"/>' in xml and 'fmla="val 600000"' in xml
