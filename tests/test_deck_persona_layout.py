"""Persona slides fitted to what a persona has: sizes, how much of the slide the cards fill, continued slides, human labels."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from mapbridge.exporters.deck import style, write_deck
from mapbridge.exporters.deck.context import HEADER_HEIGHT
from mapbridge.exporters.deck.labels import human_label
from mapbridge.exporters.deck.template import open_template
from mapbridge.model import SourceRef
from tests.deck_helpers import flat, named, notes_text, open_deck, slide_text
from tests.factories import make_journey, make_persona, make_workspace

TODAY = date(2026, 11, 1)
EMU_PER_PT = 12700


# --- Human labels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("top_concern", "Top concern"),
        ("preferredChannel", "Preferred channel"),
        ("NPS_score", "NPS score"),
        ("NPSScore", "NPS score"),
        ("customerLifetimeValue", "Customer lifetime value"),
        ("URL_of_site", "URL of site"),
        ("B2B_segment", "B2B segment"),
        ("iPhoneModel", "iPhone model"),
        ("favourite app", "Favourite app"),
        ("Favourite App", "Favourite App"),
        ("  top   concern ", "Top concern"),
        ("e-mail", "E-mail"),
        ("Age", "Age"),
        ("王_小明", "王 小明"),
        ("", ""),
    ],
)
def test_column_names_become_human_labels(name, label):
    assert human_label(name) == label


# --- Personas of three sizes -------------------------------------------------------------------


def _bare(name: str, **fields) -> object:
    """A persona with only the fields given (make_persona fills goals, pains, channels...)."""
    base = {
        "role": "",
        "goals": [],
        "pain_points": [],
        "behaviours": [],
        "channels": [],
        "quote": "",
    }
    base.update(fields)
    return make_persona(name, **base)


def few_fields():
    return _bare(
        "Nia Moss",
        role="Night-shift nurse",
        goals=["Open an account in one sitting", "Never visit a branch"],
        quote="I bank on my phone between shifts.",
    )


def six_fields():
    return make_persona(
        "Omar Said",
        motivations=["Feel in control of his money"],
        description="Runs a corner shop and banks on his phone after closing.",
        extra={
            "top_concern": "Losing access to his salary",
            "preferredChannel": "App",
            "NPS_score": "7",
        },
        sources={
            "name": SourceRef(sheet="Personas", cell="A3"),
            "goals": SourceRef(sheet="Personas", cell="D3"),
            "extra.top_concern": SourceRef(sheet="Personas", cell="K3"),
        },
    )


def talkative():
    """The render tests' talkative persona (tests/test_deck_render.py), a proto-persona, with
    demographics and unrecognised columns too."""
    persona = make_persona("Tess Long", kind="proto")
    persona.quote = "I just want to open an account without reading forty pages of terms " * 4
    persona.description = "Busy nurse on night shifts who does all her banking on the phone. " * 5
    persona.goals = [
        f"Goal number {i}: finish everything in one sitting on the bus" for i in range(12)
    ]
    persona.pain_points = ["Has to re-enter the same address three times"] * 9
    persona.channels = ["App", "Email", "Branch", "Call centre", "Chatbot", "Website", "Letter"] * 3
    persona.demographics = {f"Field {i}": "A fairly long demographic value" for i in range(8)}
    persona.extra = {
        "top_concern": "Losing access to her salary while the account is being moved",
        "preferredChannel": "App",
    }
    persona.sources = {
        "name": SourceRef(sheet="Personas", cell="A4"),
        "channels": SourceRef(sheet="Personas", cell="H4"),
    }
    return persona


def _workspace(*personas):
    ws = make_workspace(1)
    ws.personas = list(personas)
    ws.journeys = [make_journey("Open an account", personas[0])]
    ws.connections = []
    return ws


def four_three_template(tmp_path):
    path = tmp_path / "four-three.pptx"
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    prs.save(str(path))
    return path


def _deck(tmp_path, ws, template=None, name="deck.pptx"):
    path = tmp_path / name
    result = write_deck(ws, path, template=template, today=TODAY)
    return result, open_deck(path)


def _area(template) -> tuple[float, float, float, float]:
    """The content area persona slides may fill (pt): left, top (under the header), right, bottom."""
    content = open_template(template).frame.content
    return content.left, content.top + HEADER_HEIGHT + 4, content.right, content.bottom


def _box(shape) -> tuple[float, float, float, float]:
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    return x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT


def _is_content_box(shape) -> bool:
    """The filled boxes that carry content: the persona panel and the cards (not their texts)."""
    name = shape.name
    if name.startswith("Persona panel"):
        return True
    return name.startswith("Card ") and not name.startswith(("Card title", "Card text"))


def coverage(slide, area) -> float:
    """Share of the content area covered by content boxes (their union, clipped to the area)."""
    left, top, right, bottom = area
    boxes = []
    for shape in slide.shapes:
        if _is_content_box(shape):
            x1, y1, x2, y2 = _box(shape)
            x1, y1, x2, y2 = max(x1, left), max(y1, top), min(x2, right), min(y2, bottom)
            if x2 > x1 and y2 > y1:
                boxes.append((x1, y1, x2, y2))
    xs = sorted({v for b in boxes for v in (b[0], b[2])})
    covered = 0.0
    for xa, xb in pairwise(xs):
        spans = sorted((b[1], b[3]) for b in boxes if b[0] <= xa and b[2] >= xb)
        length, end = 0.0, float("-inf")
        for y1, y2 in spans:
            if y2 > end:
                length += y2 - max(y1, end)
                end = y2
        covered += length * (xb - xa)
    return covered / ((right - left) * (bottom - top))


def run_sizes(slide, area) -> list[float]:
    """The size of every run in a shape inside the content area (the header and footer are not)."""
    _left, top, _right, bottom = area
    sizes = []
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        _x1, y1, _x2, y2 = _box(shape)
        if y1 < top - 1 or y2 > bottom + 1:
            continue
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                if run.text.strip() and run.font.size is not None:
                    sizes.append(run.font.size.pt)
    return sizes


def persona_slides(result, prs, persona) -> list:
    return [
        prs.slides[i]
        for i, info in enumerate(result.slides)
        if info.kind.startswith("persona") and info.persona_ids == [persona.id]
    ]


def _card_size(slide, title: str) -> float:
    (text,) = named(slide, f"Card text {title}")
    return text.text_frame.paragraphs[0].runs[0].font.size.pt


#: The default template, a 4:3 one, and a LibreOffice-saved one with Arial theme fonts.
TEMPLATES = ["default", "4:3", "arial"]
ARIAL_TEMPLATE = Path(__file__).parent / "data" / "libreoffice-template.pptx"


@pytest.fixture(params=TEMPLATES)
def template(request, tmp_path):
    if request.param == "arial":
        return ARIAL_TEMPLATE
    return None if request.param == "default" else four_three_template(tmp_path)


def test_a_persona_with_few_fields_reads_large_and_fills_the_slide(tmp_path, template):
    persona = few_fields()
    result, prs = _deck(tmp_path, _workspace(persona), template)
    area = _area(template)
    (slide,) = persona_slides(result, prs, persona)
    assert coverage(slide, area) >= 0.55
    assert min(run_sizes(slide, area)) >= 10
    assert _card_size(slide, "Goals") == 16
    (quote,) = named(slide, "Quote")
    assert quote.text_frame.paragraphs[0].runs[0].font.size.pt >= 20


def test_a_persona_with_six_fields_fills_the_slide_at_a_comfortable_size(tmp_path, template):
    persona = six_fields()
    result, prs = _deck(tmp_path, _workspace(persona), template)
    area = _area(template)
    (slide,) = persona_slides(result, prs, persona)
    assert coverage(slide, area) >= 0.55
    sizes = run_sizes(slide, area)
    assert min(sizes) >= 10
    # One size for every card's text on the slide, larger than the old 8-10 pt.
    card_sizes = {_card_size(slide, t) for t in ("Goals", "Pain points", "Motivations", "Details")}
    assert len(card_sizes) == 1 and card_sizes.pop() >= 12


def test_every_card_stays_inside_the_content_area(tmp_path, template):
    ws = _workspace(few_fields(), six_fields(), talkative())
    result, prs = _deck(tmp_path, ws, template)
    left, top, right, bottom = _area(template)
    for persona in ws.personas:
        for slide in persona_slides(result, prs, persona):
            for shape in slide.shapes:
                if _is_content_box(shape) or shape.name.startswith(
                    ("Card", "Quote", "Channel tag")
                ):
                    x1, y1, x2, y2 = _box(shape)
                    assert left - 0.5 <= x1 and x2 <= right + 0.5, shape.name
                    assert top - 0.5 <= y1 and y2 <= bottom + 0.5, shape.name


def test_a_talkative_persona_continues_on_another_slide_rather_than_shrink(tmp_path, template):
    persona = talkative()
    result, prs = _deck(tmp_path, _workspace(persona), template)
    area = _area(template)
    slides = persona_slides(result, prs, persona)
    assert len(slides) >= 2
    for slide in slides:
        assert min(run_sizes(slide, area)) >= 10
        assert coverage(slide, area) >= 0.55
        # Every slide of a proto-persona says it is a hypothesis.
        assert "Proto-persona: hypothesis, not yet validated" in slide_text(slide)
    assert all("(continued)" in s.shapes.title.text for s in slides[1:])
    # The deck's summary counts the persona once.
    assert result.count("persona") == 1
    # Nothing typed is lost: every value is on one of its slides or in their notes.
    shown = flat(" ".join(slide_text(s) + " " + notes_text(s) for s in slides))
    values = [persona.quote, persona.description, *persona.goals, *persona.pain_points]
    values += [*persona.channels, *persona.demographics.values(), *persona.extra.values()]
    for value in values:
        assert flat(value.strip()) in shown, value
    notes = " ".join(notes_text(s) for s in slides)
    assert "Personas!H4" in notes
    # Continued, not cut: the whole profile is on its slides.
    assert "Shortened on the slide" not in notes


def test_unrecognised_columns_are_shown_with_human_labels_as_readable_fields(tmp_path):
    persona = six_fields()
    result, prs = _deck(tmp_path, _workspace(persona))
    (slide,) = persona_slides(result, prs, persona)
    text = slide_text(slide)
    assert "top_concern" not in text and "preferredChannel" not in text
    (details,) = named(slide, "Card text Details")
    rows = {p.runs[0].text: p for p in details.text_frame.paragraphs}
    assert set(rows) == {"Top concern: ", "Preferred channel: ", "NPS score: "}
    for paragraph in rows.values():
        label_run, value_run = paragraph.runs
        assert label_run.font.bold and not value_run.font.bold
        assert label_run.font.size.pt >= 12
        # Text colours are the deck's ink, not caption grey.
        assert str(value_run.font.color.rgb) == style.INK
    assert rows["Top concern: "].runs[1].text == "Losing access to his salary"
    assert "extra.top_concern: Personas!K3" in notes_text(slide)


def test_demographics_are_a_labelled_list_at_a_readable_size(tmp_path):
    persona = make_persona("Ana Reyes", demographics={"Age": "34", "Location": "Leeds"})
    result, prs = _deck(tmp_path, _workspace(persona))
    (slide,) = persona_slides(result, prs, persona)
    # Short demographics sit at the foot of the persona panel, under the quote.
    (shape,) = named(slide, "Demographics")
    (panel,) = named(slide, "Persona panel")
    x1, y1, x2, y2 = _box(shape)
    px1, py1, px2, py2 = _box(panel)
    assert px1 <= x1 and x2 <= px2 and py1 <= y1 and y2 <= py2
    assert [p.text for p in shape.text_frame.paragraphs] == ["Age: 34", "Location: Leeds"]
    for paragraph in shape.text_frame.paragraphs:
        label, value = paragraph.runs
        assert label.font.bold and label.font.size.pt >= 10 and value.font.size.pt >= 10
        assert str(value.font.color.rgb) == style.INK


def test_demographics_too_many_for_the_panel_get_a_card(tmp_path):
    persona = talkative()
    result, prs = _deck(tmp_path, _workspace(persona))
    slides = persona_slides(result, prs, persona)
    cards = [c for s in slides for c in named(s, "Card text Demographics")]
    assert len(cards) == 1
    assert cards[0].text_frame.paragraphs[0].text == "Field 0: A fairly long demographic value"


def test_the_profile_keeps_its_quote_colour_empathy_map_and_source_notes(tmp_path):
    from mapbridge.palette import persona_colours

    ws = make_workspace(2)
    ana = ws.personas[0]
    result, prs = _deck(tmp_path, ws)
    (slide,) = persona_slides(result, prs, ana)
    (quote,) = named(slide, "Quote")
    colour = persona_colours(ws)[ana.id]
    assert str(quote.text_frame.paragraphs[0].runs[0].font.color.rgb) == colour
    titles = {s.text_frame.text for s in named(slide, "Card title")}
    assert {"Says", "Thinks", "Does", "Feels"} <= titles
    assert "Personas!A2" in notes_text(slide)
    # Titles are capitals through the font, the words kept as typed.
    (goals_title,) = named(slide, "Card title Goals")
    assert goals_title.text_frame.text == "Goals"
    assert 'cap="all"' in _xml(goals_title)


def _xml(shape) -> str:
    from lxml import etree

    return etree.tostring(shape._element).decode()


def test_a_section_too_long_for_any_slide_is_shortened_at_ten_points_with_the_notes_whole(
    tmp_path,
):
    goals = [
        f"Goal {i}: " + "finish the whole application in one sitting on the bus " * 3
        for i in range(40)
    ]
    persona = _bare("Max Words", goals=goals, quote="Short.")
    result, prs = _deck(tmp_path, _workspace(persona))
    area = _area(None)
    slides = persona_slides(result, prs, persona)
    for slide in slides:
        assert min(run_sizes(slide, area)) >= 10
    notes = " ".join(notes_text(s) for s in slides)
    assert "Shortened on the slide" in notes
    assert flat(goals[-1]) in flat(notes)


def test_a_description_too_long_for_the_panel_becomes_a_card(tmp_path):
    persona = make_persona("Dee Scribe", description="She describes every step of her week. " * 80)
    result, prs = _deck(tmp_path, _workspace(persona))
    area = _area(None)
    slides = persona_slides(result, prs, persona)
    shown = flat(" ".join(slide_text(s) + " " + notes_text(s) for s in slides))
    assert flat(persona.description) in shown
    assert any(named(s, "Card text Description") for s in slides)
    assert all(min(run_sizes(s, area)) >= 10 for s in slides)


def test_a_persona_known_by_name_only_says_how_to_add_its_profile(tmp_path):
    """A board gives a persona's name and role only: its slide says so instead of standing empty."""
    ws = _workspace(_bare("Ana Reyes", role="First-time account holder"))
    ws.source_file = "board.excalidraw"
    _result, prs = _deck(tmp_path, ws)
    [slide] = [
        s for s in prs.slides if "Ana Reyes" in slide_text(s) and "No profile" in slide_text(s)
    ]
    text = slide_text(slide)
    assert "board.excalidraw gives this persona's name and role only" in text
    assert "Appears on: Open an account" in text
    # A persona with any profile field keeps its cards and no such note.
    ws = _workspace(few_fields())
    _result, prs = _deck(tmp_path, ws, name="few.pptx")
    assert not any("No profile yet" in slide_text(s) for s in prs.slides)
