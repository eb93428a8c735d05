"""One home per rule: what is in a map cell, the per-stage emotion score, the review cadence, the
persona-kind labels and the emotion scales are each decided in one place, and every output agrees.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import get_args

import openpyxl
import pytest

from mapbridge import model
from mapbridge.checks import CheckConfig, check
from mapbridge.describe import describe
from mapbridge.emotion import NUMERIC_SCALES, SCALE_NAMES, known_values_hint, numeric_scales_text
from mapbridge.errors import UsageError
from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.drawio import drawio_xml
from mapbridge.exporters.excalidraw import excalidraw_scene
from mapbridge.exporters.mermaid import diagrams
from mapbridge.exporters.tracker import write_tracker
from mapbridge.exporters.tracker.columns import PERSONA_KINDS
from mapbridge.formats.mermaid_syntax import to_mermaid_score
from mapbridge.layout import decide_layouts
from mapbridge.model import (
    DEFAULT_REVIEW_EVERY_DAYS,
    PERSONA_KIND_LABELS,
    Emotion,
    EmotionScale,
    Entry,
    PersonaKind,
    Review,
    Step,
    Workspace,
    kind_label,
)
from mapbridge.palette import persona_colours
from tests.deck_helpers import charts, open_deck, slide_text
from tests.factories import make_workspace
from tests.tracker_helpers import cell, recalculated, soffice

TODAY = date(2026, 11, 1)


def _score(value: float) -> Emotion:
    return Emotion(raw=f"{value * 2:g}", score=value, scale="-2..2")


def stepped_workspace() -> Workspace:
    """Two personas on one journey; "Apply" has steps, a shared emotion row and uneven cells.

    Ana's Apply: her own column (-0.5, from the factory), "Fill the form" scored three times
    (the shared row's 1 and her own 1, 1) and "Upload ID" once (-1). The mean of the columns
    (-1/6) and the mean of the entries (0.3) differ, so an output that averaged entries instead
    of columns would show. Ben lists one step only, so Mermaid compares whole stages.
    """
    workspace = make_workspace(n_personas=2)
    ana, ben = workspace.journeys
    ana.stage("apply").steps = [Step(name="Fill the form"), Step(name="Upload ID")]
    ben.stage("apply").steps = [Step(name="Fill the form")]
    for journey in (ana, ben):
        journey.entries.append(
            Entry(
                stage_id="apply",
                step="Fill the form",
                lane_id="emotion",
                text="2",
                emotion=_score(1.0),
                shared=True,
            )
        )
    for value, step in ((1.0, "Fill the form"), (1.0, "Fill the form"), (-1.0, "Upload ID")):
        ana.entries.append(
            Entry(
                stage_id="apply",
                step=step,
                lane_id="emotion",
                text=f"{value * 2:g}",
                emotion=_score(value),
            )
        )
    return workspace


# ---------------------------------------------------------------------------- the cell index


def test_a_stage_score_is_the_mean_of_its_columns_so_each_step_counts_once() -> None:
    ana = stepped_workspace().journeys[0]
    cells = ana.cell_index()
    assert [
        (step, round(score, 4)) for sid, step, score in cells.emotion_points() if sid == "apply"
    ] == [
        (None, -0.5),
        ("Fill the form", 1.0),
        ("Upload ID", -1.0),
    ]
    assert cells.stage_score("apply") == pytest.approx(-1 / 6)
    assert cells.stage_score("discover") == 0.5  # a stage without steps: its one column
    assert cells.stage_score("nowhere") is None
    assert ana.emotion_points() == cells.emotion_points()


def test_every_exporter_draws_the_models_per_column_and_per_stage_scores(tmp_path: Path) -> None:
    workspace = stepped_workspace()
    ana, ben = workspace.journeys
    [decision] = decide_layouts(workspace)
    assert decision.layered
    shared = decision.shared_stage_ids
    expected = {j.id: j.cell_index().stage_scores() for j in (ana, ben)}

    # The deck: the layered chart has one point per shared stage, each map chart one per column.
    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY)
    prs = open_deck(path)
    kinds = [s.kind for s in result.slides]
    (chart,) = charts(prs.slides[kinds.index("layered")])
    for series, journey in zip(chart.plots[0].series, (ana, ben), strict=True):
        assert list(series.values) == pytest.approx([expected[journey.id][s] for s in shared])
    (ana_chart,) = charts(prs.slides[kinds.index("map")])
    assert list(ana_chart.plots[0].series[0].values) == pytest.approx(
        [score for _sid, _step, score in ana.emotion_points()]
    )

    # draw.io and Excalidraw: the comparison's curve heights are one straight function of the
    # stage scores, the same function for both personas.
    comparison = ET.fromstring(drawio_xml(workspace)).findall("diagram")[0]
    colours = persona_colours(workspace)
    for heights in (_drawio_curves(comparison), _excalidraw_curves(excalidraw_scene(workspace))):
        pairs = []
        for journey in (ana, ben):
            ys = heights["#" + colours[journey.persona_id or ""]]
            pairs += list(zip([expected[journey.id][s] for s in shared], ys, strict=True))
        _assert_straight(pairs)

    # Mermaid: Ben's tasks differ at Apply, so each persona gets one line for the whole stage.
    layered = diagrams(workspace)[0].text
    apply_section = layered.split("section Apply")[1].split("section")[0]
    ana_score = to_mermaid_score(expected[ana.id]["apply"])
    ben_score = to_mermaid_score(expected[ben.id]["apply"])
    assert ana_score == 3 and ben_score == 4  # entries averaged would have given Ana 4
    assert f"Apply: {ana_score}: Ana Reyes (research)" in apply_section
    assert f"Apply: {ben_score}: Ben Okafor (proto-persona)" in apply_section


def _drawio_curves(page: ET.Element) -> dict[str, list[float]]:
    """Stroke colour -> the y of each point of the emotion curves (thick edges) on a page."""
    curves: dict[str, list[float]] = {}
    for c in page.iter("mxCell"):
        style = c.get("style", "")
        if c.get("edge") != "1" or "strokeWidth=3" not in style:
            continue
        colour = next(p.split("=")[1] for p in style.split(";") if p.startswith("strokeColor="))
        geometry = c.find("mxGeometry")
        ys = [float(geometry.find("mxPoint[@as='sourcePoint']").get("y"))]
        ys += [float(p.get("y")) for p in geometry.find("Array").findall("mxPoint")]
        ys.append(float(geometry.find("mxPoint[@as='targetPoint']").get("y")))
        curves[colour] = ys
    return curves


def _excalidraw_curves(scene: dict) -> dict[str, list[float]]:
    """Stroke colour -> the y of each point of the curves on the first (comparison) board."""
    first = next(e for e in scene["elements"] if e["type"] == "frame")
    return {
        e["strokeColor"]: [e["y"] + point[1] for point in e["points"]]
        for e in scene["elements"]
        if e["type"] == "line" and e["frameId"] == first["id"] and e["strokeStyle"] != "dashed"
    }


def _assert_straight(pairs: list[tuple[float, float]]) -> None:
    """The (score, y) pairs lie on one falling line: the drawing shows exactly these scores."""
    (s0, y0), (s1, y1) = min(pairs), max(pairs)
    slope = (y1 - y0) / (s1 - s0)
    assert slope < 0
    for score, y in pairs:
        # draw.io writes coordinates to a tenth of a point.
        assert y == pytest.approx(y0 + slope * (score - s0), abs=0.1), (score, y)


def test_an_entry_naming_a_step_its_stage_does_not_list_is_shown_in_the_stages_own_column(
    tmp_path: Path,
) -> None:
    workspace = make_workspace(n_personas=2)
    ana = workspace.journeys[0]
    ana.stage("apply").steps = [Step(name="Fill the form")]
    # A stage with steps, and a stage with none, each given an entry for a step they do not list.
    ana.entries.append(
        Entry(stage_id="apply", step="Wait for a letter", lane_id="actions", text="Waits for PIN")
    )
    ana.entries.append(
        Entry(stage_id="verify-id", step="Call the bank", lane_id="actions", text="Calls the bank")
    )
    cells = ana.cell_index()
    assert [e.text for e in cells.cell("apply", None, "actions")][-1] == "Waits for PIN"
    assert [e.text for e in cells.cell("verify-id", None, "actions")][-1] == "Calls the bank"
    assert [(s.id, step) for s, step in ana.columns() if s.id == "apply"] == [
        ("apply", None),
        ("apply", ana.stage("apply").steps[0]),
    ]

    pages = ET.fromstring(drawio_xml(workspace)).findall("diagram")
    ana_values = " ".join(c.get("value") or "" for c in pages[1].iter("mxCell"))
    assert "Waits for PIN" in ana_values and "Calls the bank" in ana_values
    texts = " ".join(e.get("originalText", "") for e in excalidraw_scene(workspace)["elements"])
    assert "Waits for PIN" in texts and "Calls the bank" in texts
    ana_diagram = next(d for d in diagrams(workspace) if d.slug.endswith("ana-reyes"))
    assert "Waits for PIN" in ana_diagram.text and "Calls the bank" in ana_diagram.text
    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY)
    prs = open_deck(path)
    maps = [prs.slides[i] for i, s in enumerate(result.slides) if s.kind == "map"]
    shown = " ".join(slide_text(s) for s in maps)
    assert "Waits for PIN" in shown and "Calls the bank" in shown


# ------------------------------------------------------------------------------ the review


def test_a_review_is_due_its_cadence_after_the_last_one_and_overdue_the_day_after() -> None:
    review = Review(last_reviewed=date(2026, 1, 1), every_days=30)
    assert review.next_due == date(2026, 1, 31)
    assert not review.overdue(date(2026, 1, 31))
    assert review.overdue(date(2026, 2, 1))
    never = Review()
    assert never.next_due is None and not never.overdue(date(2030, 1, 1))
    assert never.every_days == DEFAULT_REVIEW_EVERY_DAYS


def test_the_default_cadence_has_one_home_for_checks_and_tracker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model, "DEFAULT_REVIEW_EVERY_DAYS", 45)
    workspace = make_workspace(n_personas=2)
    workspace.review_every_days = None
    ana = workspace.personas[0]
    ana.last_reviewed = date(2026, 9, 1)

    findings = check(workspace, today=TODAY)
    [stale] = [p for p in findings if p.code == "MB109" and "Ana Reyes" in p.message]
    assert "with a 45-day cadence the next review was due on 2026-10-16" in stale.message

    path = tmp_path / "tracker.xlsx"
    write_tracker(workspace, path, today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb["Overview"]["B6"].value == 45
    assert cell(wb["Personas"], "Review every (days)", "ID", "ana-reyes").value == 45


def test_a_review_cadence_given_to_the_check_or_the_tracker_means_the_same(tmp_path: Path) -> None:
    workspace = make_workspace(n_personas=2)
    workspace.personas[1].review_every_days = 7
    config = CheckConfig(review_every=30)
    assert config.review_every_for(workspace) == workspace.default_review_every(30) == 30
    assert workspace.review_of(workspace.personas[0], 30).every_days == 30
    assert workspace.review_of(workspace.personas[1], 30).every_days == 7  # its own wins

    path = tmp_path / "tracker.xlsx"
    write_tracker(workspace, path, review_every=30, today=TODAY)
    personas = openpyxl.load_workbook(path)["Personas"]
    assert cell(personas, "Review every (days)", "ID", "ana-reyes").value == 30
    assert cell(personas, "Review every (days)", "ID", "ben-okafor").value == 7


def test_review_every_is_the_settings_name_and_stale_days_still_reads() -> None:
    assert CheckConfig(stale_days=30) == CheckConfig(review_every=30)
    assert CheckConfig(review_every=30).stale_days == 30
    assert CheckConfig.from_settings({"stale-days": 10}).review_every == 10
    assert CheckConfig.from_settings({"review-every": 20, "stale-days": 10}).review_every == 20
    assert CheckConfig.from_settings({"stale-days": 10, "review-every": 20}).review_every == 20
    assert CheckConfig.from_settings({"stale-days": 10}, review_every=5).review_every == 5
    assert CheckConfig.from_settings({"review-every": 10}, stale_days=5).review_every == 5
    # A wrong value is reported under the name the file used.
    for key in ("stale-days", "review-every"):
        with pytest.raises(UsageError) as raised:
            CheckConfig.from_settings({key: 0}, source="mapbridge.toml")
        assert f"{key}: " in raised.value.problems[0].message


def test_tracker_statuses_after_recalculation_match_the_checks_and_the_review(
    tmp_path: Path,
) -> None:
    soffice()
    workspace = make_workspace(n_personas=4)
    ana, ben, chloe, _dev = workspace.personas
    ana.last_reviewed = date(2026, 7, 1)  # 90 days: due 2026-09-29, overdue
    ben.last_reviewed = date(2026, 8, 3)  # due 2026-11-01: due that very day, not overdue
    chloe.last_reviewed = date(2026, 8, 2)  # due 2026-10-31: overdue by a day
    path = tmp_path / "tracker.xlsx"
    write_tracker(workspace, path, today=TODAY)
    personas = recalculated(path, tmp_path)["Personas"]
    flagged = {p.persona_id for p in check(workspace, today=TODAY) if p.code == "MB109"}
    for persona in workspace.personas:
        review = workspace.review_of(persona)
        due = cell(personas, "Next review due", "ID", persona.id).value
        status = cell(personas, "Status", "ID", persona.id).value
        assert due.date() == review.next_due
        assert (status == "Overdue") == review.overdue(TODAY) == (persona.id in flagged)
    assert flagged == {"ana-reyes", "chloe-martin"}


# --------------------------------------------------------------------- kinds and scales


def test_every_persona_kind_has_its_labels_and_the_tracker_offers_the_same_kinds() -> None:
    assert tuple(PERSONA_KIND_LABELS) == get_args(PersonaKind) == PERSONA_KINDS
    assert kind_label("not a kind") == kind_label(None) == PERSONA_KIND_LABELS["unspecified"]
    assert kind_label("research").suffix == "" and kind_label("segment").suffix == " (segment)"


@pytest.mark.parametrize("kind", get_args(PersonaKind))
def test_each_output_words_a_persona_kind_as_the_table_does(kind: str, tmp_path: Path) -> None:
    workspace = make_workspace(n_personas=2)
    workspace.personas[0].kind = kind  # type: ignore[assignment]
    label = PERSONA_KIND_LABELS[kind]

    pages = ET.fromstring(drawio_xml(workspace)).findall("diagram")
    comparison = [c.get("value") or "" for c in pages[0].iter("mxCell")]
    ana_page = [c.get("value") or "" for c in pages[1].iter("mxCell")]
    assert f"Ana Reyes{label.suffix}" in comparison
    badges = {other.caution.upper() for other in PERSONA_KIND_LABELS.values() if other.caution}
    shown = [value for value in ana_page if value in badges]
    assert shown == ([label.caution.upper()] if label.caution else [])

    texts = [e.get("originalText") for e in excalidraw_scene(workspace)["elements"]]
    assert f"Ana Reyes{label.suffix}" in texts
    if label.caution:
        assert label.caution.upper() in texts

    # The first line naming Ana is hers under Personas (the journeys come after).
    line = next(line for line in describe(workspace) if line.strip().startswith("Ana Reyes"))
    assert f"  {label.listing:<26}" in line

    path = tmp_path / "deck.pptx"
    result = write_deck(workspace, path, today=TODAY)
    prs = open_deck(path)
    kinds = [s.kind for s in result.slides]
    layered = slide_text(prs.slides[kinds.index("layered")])
    assert f"Ana Reyes ({label.tag.lower()})" in layered
    profile = slide_text(prs.slides[kinds.index("persona")])
    assert (label.badge in profile) if label.badge else ("hypothesis" not in profile.lower())


def test_the_emotion_scales_come_from_one_table() -> None:
    assert get_args(EmotionScale) == SCALE_NAMES
    assert SCALE_NAMES[: len(NUMERIC_SCALES)] == tuple(NUMERIC_SCALES)
    assert numeric_scales_text() == "-2..2, 1..5, -5..5 or 0..10"
    assert known_values_hint().startswith(f"use {numeric_scales_text()}, ")
