"""draw.io export: the structure diagrams.net requires, and what a user sees on each page."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.exporters.drawio import drawio_xml, write_drawio
from mapbridge.layout import decide_layouts
from mapbridge.model import Entry
from mapbridge.palette import persona_colours
from tests.factories import make_workspace

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
HOME = SAMPLES / "home-insurance-grid.xlsx"
B2B = SAMPLES / "b2b-expense-tool.xlsx"


def check_drawio_structure(text: str) -> list[ET.Element]:
    """Assert what diagrams.net needs to open a file; return its pages (diagram elements).

    mxfile > diagram > mxGraphModel > root, uncompressed; cell "0" (the root) and cell "1" (the
    default layer, parent "0") first; ids unique within a page and (apart from 0 and 1) across
    the file; every parent exists; every vertex has a geometry with a position and a size; every
    edge has a relative geometry with both end points.
    """
    mxfile = ET.fromstring(text)
    assert mxfile.tag == "mxfile"
    pages = mxfile.findall("diagram")
    assert pages, "no pages"
    seen_across_file: set[str] = set()
    for page in pages:
        assert page.get("id") and page.get("name")
        assert not (page.text or "").strip(), "a compressed page (text instead of mxGraphModel)"
        model = page.find("mxGraphModel")
        assert model is not None
        root = model.find("root")
        assert root is not None
        cells = root.findall("mxCell")
        assert [c.get("id") for c in cells[:2]] == ["0", "1"]
        assert cells[0].get("parent") is None
        assert cells[1].get("parent") == "0"
        ids = [c.get("id") for c in cells]
        assert all(ids), "a cell without an id"
        assert len(ids) == len(set(ids)), "duplicate ids on a page"
        for cell in cells[2:]:
            assert cell.get("id") not in seen_across_file
            seen_across_file.add(cell.get("id"))
            assert cell.get("parent") in ids
            geometry = cell.find("mxGeometry")
            assert (cell.get("vertex") == "1") != (cell.get("edge") == "1")
            assert geometry is not None and geometry.get("as") == "geometry"
            if cell.get("vertex") == "1":
                for attribute in ("x", "y", "width", "height"):
                    float(geometry.get(attribute))
                assert float(geometry.get("width")) > 0 and float(geometry.get("height")) > 0
            else:
                assert geometry.get("relative") == "1"
                ends = {p.get("as") for p in geometry.findall("mxPoint")}
                assert ends == {"sourcePoint", "targetPoint"}
                # An edge joined to vertices joins vertices of its own page.
                for end in ("source", "target"):
                    if cell.get(end) is not None:
                        assert cell.get(end) in ids
                        joined = next(c for c in cells if c.get("id") == cell.get(end))
                        assert joined.get("vertex") == "1"
    return pages


def _values(page: ET.Element) -> list[str]:
    return [c.get("value") or "" for c in page.iter("mxCell")]


def _curves(page: ET.Element) -> list[ET.Element]:
    """Edges drawn with a solid thick stroke: the emotion curves (the zero line is thin and dashed)."""
    return [
        c
        for c in page.iter("mxCell")
        if c.get("edge") == "1" and "strokeWidth=3" in c.get("style", "")
    ]


def test_factory_workspace_has_the_structure_diagrams_net_needs() -> None:
    workspace = make_workspace()
    pages = check_drawio_structure(drawio_xml(workspace))
    assert [p.get("name") for p in pages] == [
        "All personas – Open an account",
        "Ana Reyes – Open an account",
        "Ben Okafor – Open an account",
        "Chloe Martin – Open an account",
        "Dev Patel – Open an account",
    ]


def test_a_page_shows_stages_lanes_cells_badge_and_the_curve_in_the_persona_colour() -> None:
    workspace = make_workspace(n_personas=2)
    _comparison, ana_page, ben_page = check_drawio_structure(drawio_xml(workspace))
    values = _values(ben_page)

    # Stage headers as the workshop typed them, so they read back as the same stages.
    for stage in ("Discover", "Compare", "Apply", "Verify ID", "First use", "Support"):
        assert stage in values
    for lane in ("Actions", "Touchpoints", "Pain points", "Opportunities"):
        assert lane in values
    assert "Ben Okafor actions at Apply" in values
    assert "PROTO-PERSONA: HYPOTHESIS" in values
    assert not any("HYPOTHESIS" in v for v in _values(ana_page))

    [curve] = _curves(ben_page)
    colour = persona_colours(workspace)["ben-okafor"]
    assert f"strokeColor=#{colour}" in curve.get("style")
    geometry = curve.find("mxGeometry")
    middle = geometry.find("Array").findall("mxPoint")
    assert len(middle) + 2 == len(workspace.journeys[1].emotion_points())
    # Higher scores sit higher on the page: Support (+1) above Verify ID (-1).
    ys = [float(geometry.find("mxPoint[@as='sourcePoint']").get("y"))]
    ys += [float(p.get("y")) for p in middle]
    ys.append(float(geometry.find("mxPoint[@as='targetPoint']").get("y")))
    assert ys[5] < ys[0] < ys[2] < ys[3]


def test_a_persona_whose_kind_is_not_stated_gets_a_neutral_badge_never_a_research_look() -> None:
    workspace = make_workspace(n_personas=2)
    workspace.personas[0].kind = "unspecified"
    comparison, ana_page, _ben_page = check_drawio_structure(drawio_xml(workspace))
    [badge] = [c for c in ana_page.iter("mxCell") if c.get("value") == "KIND NOT STATED"]
    # Grey like the page's structure, not the orange of a hypothesis.
    assert "fillColor=#EEF1F4" in badge.get("style") and "#B26A00" not in badge.get("style")
    assert "Ana Reyes (kind not stated)" in _values(comparison)


def test_curve_points_sit_under_the_centres_of_their_stage_columns() -> None:
    workspace = make_workspace(n_personas=1)
    page = check_drawio_structure(drawio_xml(workspace))[0]
    headers = {
        c.get("value"): c.find("mxGeometry")
        for c in page.iter("mxCell")
        if "fontSize=12;" in c.get("style", "") and "fontStyle=1;" in c.get("style", "")
    }
    [curve] = _curves(page)
    geometry = curve.find("mxGeometry")
    first_x = float(geometry.find("mxPoint[@as='sourcePoint']").get("x"))
    discover = headers["Discover"]
    assert first_x == pytest.approx(float(discover.get("x")) + float(discover.get("width")) / 2)


def test_workshop_text_is_escaped_and_line_breaks_kept() -> None:
    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.entries.append(
        Entry(stage_id="apply", lane_id="pain_points", text="<b>not bold</b> & co\nsecond line")
    )
    page = check_drawio_structure(drawio_xml(workspace))[0]
    cell_values = _values(page)
    expected = "Ana Reyes pain points at Apply<br>" + html.escape("<b>not bold</b> & co")
    assert expected + "<br>second line" in cell_values


def test_empty_cells_are_still_editable_cells() -> None:
    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.entries = [e for e in journey.entries if e.lane_id != "thoughts"]
    page = check_drawio_structure(drawio_xml(workspace))[0]
    label = next(c for c in page.iter("mxCell") if c.get("value") == "Thoughts")
    label_y = label.find("mxGeometry").get("y")
    row = [
        c
        for c in page.iter("mxCell")
        if c.get("vertex") == "1" and c.find("mxGeometry").get("y") == label_y and c is not label
    ]
    assert len(row) == 6 and all(c.get("value") == "" for c in row)


@pytest.mark.parametrize("sample", [BANK, HOME, B2B], ids=["rows", "grid", "b2b"])
def test_the_samples_export_one_valid_page_per_persona_map(sample: Path, tmp_path: Path) -> None:
    workspace = read_input(sample)
    out = tmp_path / "maps.drawio"
    assert write_drawio(workspace, out) == [out]
    pages = check_drawio_structure(out.read_text(encoding="utf-8"))
    comparisons = [p for p in pages if p.get("name").startswith("All personas – ")]
    layered = [d for d in decide_layouts(workspace) if d.layered]
    assert len(comparisons) == len(layered)
    map_pages = [p for p in pages if p not in comparisons]
    assert len(map_pages) == len(workspace.journeys)
    for page, journey in zip(map_pages, workspace.journeys, strict=True):
        values = _values(page)
        assert all(html.escape(stage.name) in values for stage in journey.stages)
        if len(journey.emotion_points()) >= 2:
            assert _curves(page)


def test_cli_export_drawio_into_a_folder(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", str(HOME), "--to", "drawio", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "home-insurance-grid.drawio"
    assert result.stdout == f"wrote {out} (drawio: 3 personas, 3 maps)\n"
    assert result.stderr == ""
    check_drawio_structure(out.read_text(encoding="utf-8"))
    assert not list(tmp_path.glob("*.mapbridge-tmp"))


def test_a_shared_map_gets_a_page_in_the_shared_colour() -> None:
    from mapbridge.palette import SHARED_COLOUR
    from tests.factories import make_journey

    workspace = make_workspace(n_personas=0)
    workspace.journeys = [make_journey("Renew a policy", None, ["Reminder", "Pay", "Confirm"])]
    [page] = check_drawio_structure(drawio_xml(workspace))
    assert page.get("name") == "Shared – Renew a policy"
    [curve] = _curves(page)
    assert f"strokeColor=#{SHARED_COLOUR}" in curve.get("style")


def test_comparison_page_overlays_every_curve_with_a_legend_and_stripes() -> None:
    workspace = make_workspace(n_personas=3)
    comparison = check_drawio_structure(drawio_xml(workspace))[0]
    values = _values(comparison)
    assert "Open an account: all personas compared" in values[3]
    assert "All 3 personas go through the same 6 stages" in values[3]
    assert "Ben Okafor (proto-persona: hypothesis)" in values
    colours = persona_colours(workspace)
    curves = _curves(comparison)
    assert [c.get("style").split("strokeColor=")[1][:7] for c in curves] == [
        f"#{colours[p.id]}" for p in workspace.personas
    ]
    # Each persona's pain point at Apply is a stripe of its own in the same cell.
    for persona in workspace.personas:
        assert f"{persona.name} pain points at Apply" in values


def test_diverging_stages_give_no_comparison_page() -> None:
    workspace = make_workspace(diverge=True)
    pages = check_drawio_structure(drawio_xml(workspace))
    assert not any(p.get("name").startswith("All personas") for p in pages)


def test_comparison_page_marks_content_several_personas_share() -> None:
    workspace = make_workspace(n_personas=3)
    for journey in workspace.journeys[:2]:
        for entry in journey.entries:
            if entry.lane_id == "pain_points" and entry.stage_id == "apply":
                entry.text = "The form times out"
    comparison = check_drawio_structure(drawio_xml(workspace))[0]
    values = _values(comparison)
    assert "The form times out<br>(shared by 2)" in values
    assert "Chloe Martin pain points at Apply" in values
    assert not any(v.startswith("Ana Reyes pain points at Apply") for v in values)


def _role(cell: ET.Element) -> str | None:
    for item in (cell.get("style") or "").split(";"):
        key, _, value = item.partition("=")
        if key == "mapbridge":
            return value
    return None


def test_shapes_that_only_frame_the_map_carry_their_role_and_content_carries_none() -> None:
    workspace = make_workspace(n_personas=2)
    workspace.source_file = "bank.xlsx"
    comparison, _ana, ben = check_drawio_structure(drawio_xml(workspace))
    cells = list(ben.iter("mxCell"))[2:]
    by_value = {c.get("value"): c for c in cells if c.get("value")}

    [title] = [c for c in cells if _role(c) == "title"]
    assert title.get("value").startswith("<b>Ben Okafor</b>")
    assert "mapbridgeKind=proto;" in title.get("style")  # research personas have no badge
    assert _role(by_value["PROTO-PERSONA: HYPOTHESIS"]) == "badge"
    footer = next(c for c in cells if "bank.xlsx" in (c.get("value") or ""))
    assert _role(footer) == "footer"
    [edge] = [c for c in cells if c.find("mxGeometry").get("width") == "8"]
    assert _role(edge) == "decoration"
    [band] = [c for c in cells if _role(c) == "band"]
    assert float(band.find("mxGeometry").get("height")) == 160
    assert "mapbridgeScale=-2..2;" in band.get("style")  # the scale the numbers are on
    curve = [c for c in cells if _role(c) == "curve"]
    assert len([c for c in curve if c.get("edge") == "1"]) == 2  # the zero line and the curve
    assert len([c for c in curve if "ellipse" in c.get("style")]) == 6

    # Read by position: no mark on stage headers, lane labels, cells, emotion values.
    for value in ("Discover", "Support", "Actions", "Pain points", "Ben Okafor actions at Apply"):
        assert _role(by_value[value]) is None, value
    emotion = next(c for c in cells if (c.get("value") or "").startswith("<b>Emotion</b>"))
    assert _role(emotion) is None
    assert "<br>" in emotion.get("value")  # the name first, then + positive / − negative
    marked = {_role(c) for c in cells} - {None}
    assert marked == {"title", "badge", "decoration", "footer", "band", "curve"}

    comparison_cells = list(comparison.iter("mxCell"))[2:]
    [heading] = [c for c in comparison_cells if _role(c) == "comparison"]
    assert "all personas compared" in heading.get("value")
    legend = [c for c in comparison_cells if _role(c) == "legend"]
    assert len(legend) == 4  # a dot and a name per persona
    stripes = [c for c in comparison_cells if _role(c) == "decoration"]
    assert len(stripes) > 1  # the colour edge and the stripes' colour edges
    assert "Apply" in [c.get("value") for c in comparison_cells if _role(c) is None]


def test_stage_and_step_headers_are_written_as_typed() -> None:
    from mapbridge.model import Step

    workspace = make_workspace(n_personas=1)
    journey = workspace.journeys[0]
    journey.stages[0].name = "Discover & search"
    journey.stages[1].steps = [Step(name="read reviews")]
    for entry in journey.entries:
        if entry.stage_id == journey.stages[1].id:
            entry.step = "read reviews"
    [page] = check_drawio_structure(drawio_xml(workspace))
    values = _values(page)
    assert "Discover &amp; search" in values and "DISCOVER &amp; SEARCH" not in values
    assert "read reviews" in values
    header = next(c for c in page.iter("mxCell") if c.get("value") == "Discover &amp; search")
    assert "fontStyle=1;" in header.get("style")  # still bold
