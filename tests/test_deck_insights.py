"""The "Where the personas differ" slide, as a user reads it: after the comparison, gaps with who is low and high, pains, opportunities, sources in the notes."""

from __future__ import annotations

from datetime import date

from lxml import etree

from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.fit import MIN_SIZE
from mapbridge.insights import (
    EmotionGap,
    Insights,
    Interaction,
    Item,
    JourneyInsights,
    Opportunity,
    PersonaScore,
    Source,
)
from mapbridge.model import Entry, SourceRef, slugify
from tests.deck_helpers import flat, named, notes_text, open_deck, slide_text
from tests.factories import STAGES, make_journey, make_persona, make_workspace
from tests.render_helpers import assert_valid_packages

TODAY = date(2026, 11, 1)
ANA, BEN, CHLOE = "ana-reyes", "ben-okafor", "chloe-martin"
NAMES = {ANA: "Ana Reyes", BEN: "Ben Okafor", CHLOE: "Chloe Martin"}


def kinds(result) -> list[str]:
    return [s.kind for s in result.slides]


def write(tmp_path, workspace, name="deck.pptx", **options):
    path = tmp_path / name
    result = write_deck(workspace, path, today=TODAY, **options)
    return result, open_deck(path), path


def insights_slide(result, prs):
    (index,) = [i for i, k in enumerate(kinds(result)) if k == "insights"]
    return prs.slides[index]


def score(pid: str, value: float, typed: str, cell: str) -> PersonaScore:
    return PersonaScore(pid, NAMES[pid], value, typed, [Source("Journey", cell)])


def gap(stage: str, low: PersonaScore, high: PersonaScore, middle: PersonaScore) -> EmotionGap:
    return EmotionGap(slugify(stage), stage, high.score - low.score, low, high, [low, middle, high])


def pain(stage: str, pid: str, text: str, cell: str) -> Item:
    return Item(slugify(stage), stage, text, [pid], [NAMES[pid]], [text], [Source("Journey", cell)])


def opportunity(stage: str, pids: list[str], text: str, priority: float, cell: str) -> Opportunity:
    return Opportunity(
        slugify(stage),
        stage,
        text,
        pids,
        [NAMES[p] for p in pids],
        [text],
        [Source("Journey", cell)],
        pain={p: 0.5 for p in pids},
        priority=priority,
    )


def hand_made(key: str = "open-an-account") -> Insights:
    """Six gaps, pains of three personas (Ana has four), five opportunities, one cross-persona
    pain: the slide shows the top of each and says how many more are in the notes."""
    gaps = [
        gap(
            "Verify ID",
            score(BEN, -1.0, "😩 -2", "F5"),
            score(ANA, 0.5, "+1", "F11"),
            score(CHLOE, 0.0, "0", "F17"),
        ),
        gap(
            "Apply",
            score(CHLOE, -0.5, "-1", "F16"),
            score(ANA, 0.5, "+1", "F10"),
            score(BEN, 0, "0", "F4"),
        ),
        gap(
            "Compare",
            score(ANA, -0.5, "low", "F9"),
            score(BEN, 0.5, "high", "F3"),
            score(CHLOE, 0, "meh", "F15"),
        ),
        gap(
            "Support",
            score(BEN, 0.0, "0", "F7"),
            score(CHLOE, 0.5, "+1", "F19"),
            score(ANA, 0.25, "+0.5", "F13"),
        ),
        gap(
            "Discover",
            score(ANA, 0.0, "0", "F8"),
            score(CHLOE, 0.25, "+0.5", "F14"),
            score(BEN, 0.0, "0", "F2"),
        ),
        gap(
            "First use",
            score(BEN, 0.0, "0", "F6"),
            score(ANA, 0.1, "+0.2", "F12"),
            score(CHLOE, 0.0, "0", "F18"),
        ),
    ]
    specific = [
        pain("Verify ID", ANA, "Selfie check fails in low light", "G11"),
        pain("Apply", ANA, "Form asks for her employer's address", "G10"),
        pain("Compare", ANA, "Fees hidden behind see terms", "G9"),
        pain("Discover", ANA, "Too many ads", "G8"),
        pain("Verify ID", BEN, "Upload rejects PDF statements", "G5"),
        pain("Apply", CHLOE, "Documents asked in a different order", "G16"),
    ]
    shared = [
        Item(
            "support",
            "Support",
            "Long hold times",
            [BEN, CHLOE],
            ["Ben Okafor", "Chloe Martin"],
            ["Long hold times", "Long hold time"],
            [Source("Journey", "G7"), Source("Journey", "G19")],
        )
    ]
    opportunities = [
        opportunity("Verify ID", [ANA, BEN], "Live guidance for the photo", 3.5, "H11"),
        opportunity("Apply", [CHLOE], "Save progress automatically", 2.0, "H16"),
        opportunity("Compare", [ANA], "Show every fee upfront", 1.5, "H9"),
        opportunity("Support", [BEN, CHLOE], "Offer a call-back slot", 1.25, "H7"),
        opportunity("Discover", [ANA], "Fewer ads", 1.0, "H8"),
        opportunity("First use", [BEN], "A plain welcome guide", 1.0, "H6"),
    ]
    cross = Interaction(
        relation="caused_by",
        verb="caused by",
        persona_id=BEN,
        persona="Ben Okafor",
        stage_id="verify-id",
        stage="Verify ID",
        target_persona_id=ANA,
        target="Ana Reyes",
        target_stage_id="apply",
        target_stage="Apply",
        note="sends the wrong statement",
        text="Ana Reyes › Apply: sends the wrong statement",
        resolved=True,
        problem="",
        cross_persona_pain=True,
        pains=["Upload rejects PDF statements"],
        source=Source("Journey", "J5"),
    )
    journey = JourneyInsights(
        key=key,
        journey="Open an account",
        personas=list(NAMES.values()),
        persona_ids=list(NAMES),
        gaps=gaps,
        specific_pains=specific,
        shared_pains=shared,
        opportunities=opportunities,
        single_persona_channels=[],
        interactions=[cross],
        groupings=None,
    )
    return Insights(title="Retail banking workshop", journeys=[journey])


# --- Where the slide is ---------------------------------------------------------------------------


def test_the_slide_follows_the_layered_comparison(tmp_path):
    result, prs, _ = write(tmp_path, make_workspace(3), insights=hand_made())
    assert kinds(result)[:7] == [
        "title",
        "overview",
        "persona",
        "persona",
        "persona",
        "layered",
        "insights",
    ]
    slide = insights_slide(result, prs)
    assert slide_text(slide).startswith("Where the personas differ")
    assert "Open an account · 3 personas compared" in slide_text(slide)
    assert result.slides[6].persona_ids == list(NAMES)


def test_after_the_last_page_and_group_of_a_long_comparison(tmp_path):
    ws = make_workspace(6)
    stages = [f"Stage {i}" for i in range(1, 11)]
    ws.journeys = [make_journey("Open an account", p, stages) for p in ws.personas]
    result, _, _ = write(tmp_path, ws)
    shown = kinds(result)
    # Two groups of three personas over two pages of stages, then the one insights slide.
    assert shown.count("layered") == 4 and shown.count("insights") == 1
    assert shown.index("insights") == len(shown) - 1 - shown[::-1].index("layered") + 1


def test_no_slide_without_a_comparison(tmp_path):
    result, _, _ = write(tmp_path, make_workspace(3), layout="per-persona", insights=hand_made())
    assert "insights" not in kinds(result)


def test_no_slide_when_nothing_differs_and_the_progress_still_adds_up(tmp_path):
    ws = make_workspace(3)
    for journey in ws.journeys:
        journey.entries = [
            e for e in journey.entries if e.lane_id not in ("pain_points", "opportunities")
        ]
    calls: list[tuple[int, int]] = []
    result, _, _ = write(tmp_path, ws, progress=lambda done, total: calls.append((done, total)))
    # Every persona scores the same at every stage, with no pains or opportunities to compare.
    assert "insights" not in kinds(result)
    assert calls[-1][0] == calls[-1][1]
    calls.clear()
    result, _, _ = write(tmp_path, make_workspace(3), progress=lambda d, t: calls.append((d, t)))
    assert "insights" in kinds(result)
    assert calls[-1][0] == calls[-1][1] == len(result.slides) + 1  # and saving


# --- What it says ---------------------------------------------------------------------------------


def test_the_widest_gaps_name_the_stage_and_who_is_low_and_high_with_their_values(tmp_path):
    result, prs, _ = write(tmp_path, make_workspace(3), insights=hand_made())
    slide = insights_slide(result, prs)
    rows = [
        [s.text_frame.text for s in named(slide, prefix)]
        for prefix in ("Gap stage", "Gap persona", "Gap spread")
    ]
    assert rows[0] == ["Verify ID", "Apply", "Compare", "Support"]
    persona_labels = sorted(named(slide, "Gap persona"), key=lambda s: (s.top, s.left))
    pairs = [flat(s.text_frame.text) for s in persona_labels]
    assert pairs[:4] == ["ben okafor 😩 -2", "ana reyes +1", "chloe martin -1", "ana reyes +1"]
    assert pairs[4:6] == ["ana reyes low", "ben okafor high"]
    assert rows[2][0] == "75% of the scale apart"
    assert "+2 more stages in the notes" in slide_text(slide)
    # The low and high persona's names are in their colours, every persona has a dot.
    colours = {s.text_frame.paragraphs[0].runs[0].font.color.rgb for s in persona_labels}
    assert len(colours) == 3
    assert len(named(slide, "Gap dot")) == 12


def test_pains_opportunities_and_cross_persona_pains_as_the_user_reads_them(tmp_path):
    result, prs, _ = write(tmp_path, make_workspace(3), insights=hand_made())
    text = flat(slide_text(insights_slide(result, prs)))
    for shown in (
        "pains only one persona has",
        "ana reyes · 4 pains",
        "verify id: selfie check fails in low light",
        "ben okafor",
        "verify id: upload rejects pdf statements",
        "apply: documents asked in a different order",
        "top opportunities",
        "1. live guidance for the photo · verify id · priority 3.5",
        "helps ana reyes, ben okafor",
        "4. offer a call-back slot · support · priority 1.2",
        "pains caused by another persona",
        "ben okafor at verify id, caused by ana reyes (apply): sends the wrong statement",
    ):
        assert shown in text, shown
    # Three pains a persona, her most painful stages first (Compare, Discover, Verify ID):
    # the fourth and the last opportunities wait in the notes.
    assert "discover: too many ads" in text
    assert "employer's address" not in text
    assert "fewer ads" not in text
    assert "+1 more pains in the notes" in text
    assert "+2 more opportunities in the notes" in text


def test_the_notes_hold_every_finding_and_its_source_cells(tmp_path):
    result, prs, _ = write(tmp_path, make_workspace(3), insights=hand_made())
    notes = notes_text(insights_slide(result, prs))
    assert (
        "• First use: 5% of the scale apart; lowest Ben Okafor 0, highest Ana Reyes +0.2" in notes
    )
    assert "• Discover · Ana Reyes: Too many ads" in notes
    assert "• Support · Ben Okafor, Chloe Martin: Long hold times" in notes
    assert "• 1.00 · First use: A plain welcome guide — helps Ben Okafor" in notes
    cross = hand_made().journeys[0].interactions[0]
    assert f"• {cross.sentence} — Ben Okafor's pains there: Upload rejects PDF statements" in notes
    sources = notes[notes.index("Source cells:") :]
    for cell in ("F5", "F11", "F17", "G8", "G7", "G19", "H6", "J5"):
        assert f"Journey!{cell}" in sources, cell
    assert "• Emotion at Verify ID: Journey!F5, Journey!F17, Journey!F11" in sources


def test_empty_sections_say_so(tmp_path):
    found = hand_made()
    journey = found.journeys[0]
    empty = JourneyInsights(
        **{
            **journey.__dict__,
            "gaps": [gap("Apply", *(score(p, 0.0, "0", "F2") for p in (ANA, BEN, CHLOE)))],
            "specific_pains": [],
            "interactions": [],
        }
    )
    result, prs, _ = write(tmp_path, make_workspace(3), insights=Insights("t", [empty]))
    text = slide_text(insights_slide(result, prs))
    assert "The personas feel the same at every stage they scored." in text
    assert "No pain point is specific to one persona: the one they name is shared" in text
    assert "Pains caused by another persona" not in text
    assert "Live guidance for the photo" in text


def test_computed_from_the_workspace_when_not_given(tmp_path):
    ws = make_workspace(3)
    ana = ws.journeys[0]
    ana.entries = [
        e.model_copy(update={"text": "Selfie check fails in low light"})
        if e.lane_id == "pain_points" and e.stage_id == "verify-id"
        else e
        for e in ana.entries
    ]
    ben = ws.journeys[1]
    for entry in ben.entries:
        if entry.lane_id == "emotion" and entry.stage_id == "apply":
            entry.emotion = entry.emotion.model_copy(update={"score": 1.0, "raw": "2"})
            entry.text = "2"
    result, prs, _ = write(tmp_path, ws)
    slide = insights_slide(result, prs)
    text = flat(slide_text(slide))
    assert "verify id: selfie check fails in low light" in text
    assert [s.text_frame.text for s in named(slide, "Gap stage")] == ["Apply"]
    assert "ana reyes -1" in text and "ben okafor 2" in text


def test_a_narrowed_deck_compares_only_the_personas_it_shows(tmp_path):
    ws = make_workspace(3)
    ws.journeys[2].entries.append(
        Entry(
            stage_id=slugify(STAGES[0]),
            lane_id="pain_points",
            text="Chloe only pain",
            source=SourceRef(sheet="Journey", cell="G20"),
        )
    )
    result, prs, _ = write(tmp_path, ws, personas=["Ana Reyes", "Ben Okafor"])
    text = slide_text(insights_slide(result, prs))
    assert "Chloe" not in text and "Chloe" not in notes_text(insights_slide(result, prs))


def test_long_texts_and_many_personas_stay_at_readable_sizes_inside_the_slide(tmp_path):
    names = [
        "Alexandra Konstantinopoulou-Smythe",
        "Ben Okafor",
        "Chloe Martin",
        "Dev Patel",
        "Eva Novak",
    ]
    personas = [make_persona(n) for n in names]
    ws = make_workspace(1)
    ws.personas = personas
    ws.journeys = [
        make_journey("Open an account", p, scores=[((i * k) % 5 - 2) / 2 for k in range(6)])
        for i, p in enumerate(personas, start=1)
    ]
    for journey in ws.journeys:
        for entry in journey.entries:
            if entry.lane_id == "pain_points":
                entry.text += " because the form times out while she looks for the letter, twice"
    result, prs, path = write(tmp_path, ws)
    slide = insights_slide(result, prs)
    sizes = [
        int(r.get("sz")) / 100
        for r in slide.shapes._spTree.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr"
        )
    ]
    assert sizes and min(sizes) >= MIN_SIZE
    # Every text box of the slide sits inside it, and the panels do not overlap each other.
    width, height = prs.slide_width, prs.slide_height
    boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
    for shape in boxes:
        assert shape.left >= 0 and shape.left + shape.width <= width, shape.name
        assert shape.top >= 0 and shape.top + shape.height <= height, shape.name
    panels = [s for s in boxes if s.name.split(" ")[0] in ("Pains", "Top", "Widest")]
    for i, a in enumerate(panels):
        for b in panels[i + 1 :]:
            apart = (
                a.left + a.width <= b.left
                or b.left + b.width <= a.left
                or a.top + a.height <= b.top
                or b.top + b.height <= a.top
            )
            assert apart, (a.name, b.name)
    assert_valid_packages([path])


def test_the_slide_passes_the_office_xml_validator(tmp_path):
    _, _, path = write(tmp_path, make_workspace(3), insights=hand_made())
    assert_valid_packages([path])
    etree.fromstring(open_deck(path).slides[6].shapes._spTree.xml.encode())
