"""The PowerPoint deck, asserted as a user sees it: slides, names, stage order, content, curves, notes."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from lxml import etree
from pptx.oxml.ns import qn

from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.fit import MIN_SIZE
from mapbridge.exporters.deck.lanes import split_tags
from mapbridge.model import Emotion, Entry, Journey, Lane, SourceRef, Stage, slugify
from tests.deck_helpers import (
    GRID_SAMPLE,
    ROWS_SAMPLE,
    charts,
    flat,
    named,
    notes_text,
    open_deck,
    slide_text,
)
from tests.factories import make_journey, make_persona, make_workspace

TODAY = date(2026, 11, 1)


def kinds(result) -> list[str]:
    return [s.kind for s in result.slides]


def write(tmp_path, workspace, name="deck.pptx", **options):
    path = tmp_path / name
    result = write_deck(workspace, path, today=TODAY, **options)
    return result, open_deck(path)


# --- Slide count per layout --------------------------------------------------------------------


def test_same_stages_give_a_layered_comparison_plus_a_map_per_persona(tmp_path):
    result, prs = write(tmp_path, make_workspace(4))
    # The comparison is followed by where the personas differ (their shared opportunities).
    assert kinds(result) == (
        ["title", "overview"] + ["persona"] * 4 + ["layered", "insights"] + ["map"] * 4
    )
    assert len(prs.slides) == 12
    assert "All 4 personas go through the same 6 stages" in slide_text(prs.slides[1])


def test_diverging_stages_give_separate_maps_and_say_why(tmp_path):
    result, prs = write(tmp_path, make_workspace(4, diverge=True))
    assert "layered" not in kinds(result)
    assert kinds(result).count("map") == 4
    overview = slide_text(prs.slides[1])
    assert "Stages diverge" in overview and "separate maps" in overview


def test_per_persona_forces_separate_maps(tmp_path):
    result, _ = write(tmp_path, make_workspace(3), layout="per-persona")
    assert "layered" not in kinds(result)
    assert kinds(result).count("map") == 3


def test_layered_over_diverging_stages_uses_shared_stages_and_names_the_left_out(tmp_path):
    result, prs = write(tmp_path, make_workspace(4, diverge=True), layout="layered")
    assert kinds(result).count("layered") == 1
    layered = prs.slides[kinds(result).index("layered")]
    headers = [s.text_frame.text for s in named(layered, "Stage ")]
    # As typed; the capitals are the font's all-caps attribute.
    assert headers == ["Discover", "Apply", "First use"]
    text = slide_text(layered)
    assert "left out" in text and "Ask a friend" in text


def test_more_than_five_personas_split_the_comparison(tmp_path):
    result, prs = write(tmp_path, make_workspace(8))
    layered = [i for i, k in enumerate(kinds(result)) if k == "layered"]
    assert len(layered) == 2
    assert "personas 1–" in slide_text(prs.slides[layered[0]])
    assert "split over 2 groups of personas" in notes_text(prs.slides[layered[0]])


def test_long_maps_continue_on_further_slides_with_headers_repeated(tmp_path):
    persona = make_persona("Ana Reyes")
    stages = [f"Stage {i}" for i in range(1, 13)]
    ws = make_workspace(1)
    ws.personas = [persona]
    ws.journeys = [make_journey("Long journey", persona, stages)]
    result, prs = write(tmp_path, ws)
    maps = [prs.slides[i] for i, k in enumerate(kinds(result)) if k == "map"]
    assert len(maps) == 2
    first = [s.text_frame.text for s in named(maps[0], "Stage ")]
    second = [s.text_frame.text for s in named(maps[1], "Stage ")]
    # Balanced: 12 stages at up to 8 a slide make 6 + 6, not 8 + 4.
    assert first == [f"Stage {i}" for i in range(1, 7)]
    assert second == [f"Stage {i}" for i in range(7, 13)]
    assert "(continued)" in slide_text(maps[1])
    assert "stages 7–12 of 12" in slide_text(maps[1])


# --- What each slide shows ------------------------------------------------------------------


def test_each_persona_name_is_on_its_profile_and_map_slides(tmp_path):
    ws = make_workspace(4)
    result, prs = write(tmp_path, ws)
    for persona in ws.personas:
        own = [
            prs.slides[i]
            for i, info in enumerate(result.slides)
            if info.persona_ids == [persona.id]
        ]
        assert {result.slides[prs.slides.index(s)].kind for s in own} == {"persona", "map"}
        for slide in own:
            assert persona.name in slide_text(slide)


def test_a_proto_persona_is_marked_as_a_hypothesis_wherever_it_appears(tmp_path):
    ws = make_workspace(3)
    proto = ws.personas[1]
    assert proto.kind == "proto"
    result, prs = write(tmp_path, ws)
    for i, info in enumerate(result.slides):
        if info.persona_ids == [proto.id]:
            assert "Proto-persona: hypothesis, not yet validated" in slide_text(prs.slides[i])
    layered = prs.slides[kinds(result).index("layered")]
    assert f"{proto.name} (proto-persona)" in slide_text(layered)


def test_a_persona_whose_kind_is_not_stated_is_never_shown_as_a_research_persona(tmp_path):
    ws = make_workspace(3)
    ana, ben, chloe = ws.personas
    ana.kind = "unspecified"
    ana.role = ""
    result, prs = write(tmp_path, ws)

    for i, info in enumerate(result.slides):
        if info.persona_ids == [ana.id]:
            slide = prs.slides[i]
            [badge] = named(slide, "Kind badge")
            assert badge.text_frame.text == "Kind not stated"
            assert "Persona profile" not in slide_text(slide)
    profile = prs.slides[kinds(result).index("persona")]
    assert "Persona · kind not stated" in slide_text(profile)
    assert "persona profile (kind not stated)" in notes_text(profile)
    layered = prs.slides[kinds(result).index("layered")]
    assert f"{ana.name} (kind not stated)" in slide_text(layered)
    assert f"{ana.name} (kind not stated)" in [s.name for s in charts(layered)[0].plots[0].series]
    overview = prs.slides[kinds(result).index("overview")]
    assert "Kind not stated" in slide_text(overview)
    # A research persona keeps its profile note and has no badge.
    chloe_profile = prs.slides[
        next(
            i
            for i, s in enumerate(result.slides)
            if s.kind == "persona" and chloe.id in s.persona_ids
        )
    ]
    assert "Persona profile" in slide_text(chloe_profile)
    assert not named(chloe_profile, "Kind badge")


def test_stage_headers_read_left_to_right_in_map_order(tmp_path):
    ws = make_workspace(2)
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("map")]
    headers = named(slide, "Stage ")
    assert [h.text_frame.text for h in headers] == [s.name for s in ws.journeys[0].stages]
    caps = {r.get("cap") for h in headers for r in h._element.iter(qn("a:rPr"))}
    assert caps == {"all"}
    lefts = [h.left for h in headers]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)


def test_chart_values_are_the_normalised_scores_and_sit_under_the_columns(tmp_path):
    ws = make_workspace(2)
    ws.journeys[0] = make_journey(
        "Open an account", ws.personas[0], scores=[1.0, -0.5, 0.25, -1.0, 0.0, 0.75]
    )
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("map")]
    (chart,) = charts(slide)
    (series,) = chart.plots[0].series
    assert list(series.values) == [1.0, -0.5, 0.25, -1.0, 0.0, 0.75]
    # The chart spans the columns exactly, so each point is at its column's centre.
    headers = named(slide, "Stage ")
    frame = next(s for s in slide.shapes if s.has_chart)
    slot = frame.width / len(headers)
    for i, header in enumerate(headers):
        centre = header.left + header.width / 2
        assert abs(frame.left + slot * (i + 0.5) - centre) < 12700 * 0.5
    assert chart.has_title is False
    xml = etree.tostring(chart._chartSpace).decode()
    assert 'layoutTarget val="inner"' in xml and "outerShdw" not in xml


def test_layered_chart_has_one_series_per_persona_in_its_colour(tmp_path):
    from mapbridge.palette import persona_colours

    ws = make_workspace(3)
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("layered")]
    (chart,) = charts(slide)
    series = list(chart.plots[0].series)
    assert [s.name for s in series] == [
        "Ana Reyes (persona)",
        "Ben Okafor (proto-persona)",
        "Chloe Martin (persona)",
    ]
    colours = persona_colours(ws)
    for s, persona, journey in zip(series, ws.personas, ws.journeys, strict=True):
        assert str(s.format.line.color.rgb) == colours[persona.id]
        expected = [score for _stage, _step, score in journey.emotion_points()]
        assert list(s.values) == expected


def test_shared_pain_points_are_set_apart(tmp_path):
    ws = make_workspace(3)
    for journey in ws.journeys:
        journey.entries.append(
            Entry(stage_id="apply", lane_id="pain_points", text="The form times out")
        )
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("layered")]
    assert "Shared by 3: The form times out" in slide_text(slide)


def _entry_is_shown(entry: Entry, shown: list[tuple[str, str]]) -> bool:
    """The entry's text (or each of its tags) is on one slide, or whole in its notes.

    `shown` holds each slide's (text, notes), flattened.
    """
    pieces = split_tags(entry.text) if "," in entry.text or "\n" in entry.text else [entry.text]
    whole = flat(entry.text)
    return any(all(flat(p) in text for p in pieces) or whole in notes for text, notes in shown)


@pytest.mark.parametrize("sample", [ROWS_SAMPLE, GRID_SAMPLE], ids=["rows", "grid"])
def test_every_workbook_entry_is_on_a_slide_or_in_the_notes(tmp_path, sample):
    from mapbridge.api import read_input

    ws = read_input(sample)
    result, prs = write(tmp_path, ws)
    shown = [(flat(slide_text(s)), flat(notes_text(s))) for s in prs.slides]
    missing = [
        f"{e.source}: {e.text!r}"
        for j in ws.journeys
        for e in j.entries
        if e.text.strip() and not _entry_is_shown(e, shown)
    ]
    assert not missing
    everything = " ".join(f"{text} {notes}" for text, notes in shown)
    for persona in ws.personas:
        em = persona.empathy_map
        values = [persona.name, persona.role, persona.quote, persona.description]
        values += persona.goals + persona.pain_points + persona.motivations + persona.behaviours
        values += persona.channels + em.says + em.thinks + em.does + em.feels
        values += list(persona.demographics.values()) + list(persona.extra.values())
        for value in values:
            if value:
                assert flat(value) in everything, value
    for trigger in ws.triggers:
        assert flat(trigger.description) in everything
    for journey in ws.journeys:
        for stage in journey.stages:
            assert flat(stage.name) in everything
            for step in stage.steps:
                assert flat(step.name) in everything
        for lane in journey.lanes:
            assert flat(lane.name) in everything


def test_text_too_long_for_a_cell_is_shortened_and_kept_whole_in_the_notes(tmp_path):
    ws = make_workspace(1)
    # Longer than a whole slide at 9 pt: lane slides and wider columns cannot show it whole.
    long_text = " ".join(["The verification step asks again for documents already sent"] * 40)
    journey = ws.journeys[0]
    target = next(e for e in journey.entries if e.lane_id == "pain_points")
    target.text = long_text
    target.source = SourceRef(sheet="Journey", cell="H4")
    result, prs = write(tmp_path, ws)
    maps = [prs.slides[i] for i, k in enumerate(kinds(result)) if k == "map"]
    slide = next(m for m in maps if "verification" in slide_text(m))
    cell = next(s for s in named(slide, "Cell Pain points") if "verification" in s.text_frame.text)
    assert cell.text_frame.text.endswith("…")
    assert long_text in notes_text(slide)
    assert "Journey!H4" in notes_text(slide)


def test_notes_carry_source_cells(tmp_path):
    ws = make_workspace(1)
    result, prs = write(tmp_path, ws)
    notes = notes_text(prs.slides[kinds(result).index("map")])
    assert "Source cells:" in notes
    assert "Journey!D2" in notes and "Journey!G7" in notes


def test_empty_cells_stay_empty_and_empty_lanes_are_left_out(tmp_path):
    ws = make_workspace(1)
    journey = ws.journeys[0]
    journey.entries = [e for e in journey.entries if e.lane_id != "opportunities"]
    journey.entries = [
        e for e in journey.entries if not (e.lane_id == "actions" and e.stage_id == "compare")
    ]
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("map")]
    assert not named(slide, "Lane Opportunities")
    assert len(named(slide, "Cell Actions")) == 5


def test_steps_become_columns_under_their_stage(tmp_path):
    from mapbridge.model import Step

    persona = make_persona("Maya Lin")
    journey = Journey(
        id="claim--maya",
        name="Make a claim",
        persona_id=persona.id,
        stages=[
            Stage(id="report", name="Report", steps=[Step(name="Call"), Step(name="Upload")]),
            Stage(id="settle", name="Settle"),
        ],
        lanes=[
            Lane(id="do", name="Doing", kind="actions"),
            Lane(id="e", name="Mood", kind="emotion"),
        ],
        entries=[
            Entry(stage_id="report", step="Call", lane_id="do", text="Calls the hotline"),
            Entry(stage_id="report", step="Upload", lane_id="do", text="Uploads photos"),
            Entry(stage_id="settle", lane_id="do", text="Checks the payout"),
            Entry(
                stage_id="report",
                step="Call",
                lane_id="e",
                text="Angry",
                emotion=Emotion(raw="Angry", score=-1.0, scale="word"),
            ),
            Entry(
                stage_id="settle",
                lane_id="e",
                text="Relieved",
                emotion=Emotion(raw="Relieved", score=0.5, scale="word"),
            ),
        ],
        emotion_scale="word",
    )
    ws = make_workspace(1)
    ws.personas, ws.journeys, ws.connections = [persona], [journey], []
    result, prs = write(tmp_path, ws)
    slide = prs.slides[kinds(result).index("map")]
    assert [s.text_frame.text for s in named(slide, "Step ")] == ["Call", "Upload"]
    (series,) = charts(slide)[0].plots[0].series
    assert list(series.values) == [-1.0, None, 0.5]
    text = slide_text(slide)
    assert "Angry" in text and "Relieved" in text


# --- Opens cleanly -------------------------------------------------------------------------------


def test_deck_is_16_9_with_unique_shape_ids_no_shadows_and_no_tiny_text(tmp_path):
    result, prs = write(tmp_path, make_workspace(4))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for slide in prs.slides:
        ids = [int(v) for v in slide.shapes._spTree.xpath("//p:cNvPr/@id")]
        assert len(ids) == len(set(ids))
    with zipfile.ZipFile(tmp_path / "deck.pptx") as package:
        for name in package.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/charts/")) and name.endswith(".xml"):
                xml = package.read(name).decode("utf-8")
                assert "outerShdw" not in xml, name
                sizes = [int(s) for s in re.findall(r'<a:(?:rPr|endParaRPr)[^>]*\ssz="(\d+)"', xml)]
                assert all(s >= MIN_SIZE * 100 for s in sizes), name
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                assert "<a:tbl>" not in package.read(name).decode("utf-8")
        theme = package.read("ppt/theme/theme1.xml").decode("utf-8")
        assert "outerShdw" not in theme


def test_unicode_names_and_text_go_through(tmp_path):
    personas = [
        make_persona("王小明", role="学生"),
        make_persona("نور الهدى", role="مهندسة"),
        make_persona("Zoë Ñúñez 😀", role="Élève"),
    ]
    journeys = []
    for persona in personas:
        journey = make_journey("開設 口座", persona, ["発見", "申請", "利用"])
        for entry in journey.entries:
            if entry.lane_id != "emotion":
                entry.text = f"{persona.name}: 申請フォームが長すぎる — لا أفهم 😀"
        journeys.append(journey)
    ws = make_workspace(1)
    ws.title = "Ateliér 開設 ✨"
    ws.personas, ws.journeys, ws.connections = personas, journeys, []
    result, prs = write(tmp_path, ws)
    everything = " ".join(slide_text(s) + notes_text(s) for s in prs.slides)
    for persona in personas:
        assert persona.name in everything
    assert "申請フォームが長すぎる" in everything and "لا أفهم" in everything
    assert "Ateliér 開設 ✨" in slide_text(prs.slides[0])


def test_persona_and_journey_filters(tmp_path):
    ws = make_workspace(4)
    result, prs = write(tmp_path, ws, personas=["ben okafor", "Dev Patel"])
    assert kinds(result).count("persona") == 2 and kinds(result).count("map") == 2
    text = " ".join(slide_text(s) for s in prs.slides)
    assert "Ana Reyes" not in text


def test_unknown_persona_lists_the_personas(tmp_path):
    from mapbridge.errors import UsageError

    with pytest.raises(UsageError) as error:
        write(tmp_path, make_workspace(2), personas=["Zed"])
    assert "Ana Reyes, Ben Okafor" in str(error.value)
    assert not (tmp_path / "deck.pptx").exists()


def test_health_slide_lists_findings(tmp_path):
    from mapbridge.errors import Problem

    findings = [
        Problem(
            code="MB105",
            name="proto-persona",
            severity="info",
            message="Ben is a proto-persona",
            sheet="Personas",
            cell="A3",
        ),
        Problem(
            code="MB109",
            name="stale-persona",
            severity="warning",
            message="Ana is overdue",
            sheet="Personas",
            cell="A2",
        ),
    ]
    result, prs = write(tmp_path, make_workspace(2), findings=findings)
    assert kinds(result)[-1] == "health"
    text = slide_text(prs.slides[-1])
    assert "MB109 stale-persona" in text and "Personas!A2" in text
    assert text.index("WARNING") < text.index("NOTE")
    assert "Map health: 2 findings (1 warning, 1 note)" in slide_text(prs.slides[1])


def test_many_personas_and_stages_write_quickly_enough_to_finish(tmp_path):
    # A smoke test of the big case (no timing assertion): 20 personas x 20 stages.
    stages = [f"Stage {i}" for i in range(20)]
    ws = make_workspace(1)
    ws.personas = [make_persona(f"Persona {i}") for i in range(20)]
    ws.journeys = [make_journey("Big", p, stages) for p in ws.personas]
    ws.connections = []
    result, prs = write(tmp_path, ws)
    assert kinds(result).count("map") == 20 * 3
    ids = [int(v) for v in prs.slides[-1].shapes._spTree.xpath("//p:cNvPr/@id")]
    assert len(ids) == len(set(ids))


def test_slugify_is_stable_for_notes():
    assert slugify("Verify ID") == "verify-id"


def test_layered_curve_averages_a_stages_steps_into_one_point(tmp_path):
    from mapbridge.api import read_input

    ws = read_input(GRID_SAMPLE)
    result, prs = write(tmp_path, ws, layout="layered")
    slide = prs.slides[kinds(result).index("layered")]
    (chart,) = charts(slide)
    for series, journey in zip(chart.plots[0].series, ws.journeys, strict=True):
        lane = journey.emotion_lanes()[0]
        scores = [
            e.emotion.score
            for e in journey.entries
            if e.lane_id == lane.id and e.stage_id == "report-claim" and e.emotion
        ]
        assert list(series.values) == [pytest.approx(sum(scores) / len(scores))]
