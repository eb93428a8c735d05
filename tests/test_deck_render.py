"""SLOW (LibreOffice): the sample decks rendered by a real office suite keep every word inside its shape.

Shrink-on-overflow flags are stripped first, so the font sizes computed when the deck was
written must fit on their own. `pdftotext -bbox-layout` gives each word's box; every word must
lie inside a shape that holds it, and every shape inside the slide. Both sample decks are
converted in one LibreOffice run. Skipped only when soffice is missing outside CI.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

from tests.deck_helpers import GRID_SAMPLE, ROWS_SAMPLE, open_deck
from tests.factories import make_journey, make_persona, make_workspace
from tests.render_helpers import (
    Box,
    assert_valid_packages,
    convert_to_pdf,
    tools_or_skip,
    word_boxes,
)

EMU_PER_PT = 12700
_AUTOFIT = re.compile(
    rb"<a:normAutofit[^>]*/>|<a:normAutofit[^>]*>.*?</a:normAutofit>|<a:spAutoFit/>"
)


def strip_autofit(source: Path, target: Path) -> None:
    """A copy of the deck with every shrink/grow-to-fit flag removed from slides, layouts, masters."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in original.infolist():
            data = original.read(item)
            if item.filename.startswith("ppt/") and item.filename.endswith(".xml"):
                data = _AUTOFIT.sub(b"", data)
            out.writestr(item, data)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\W_]+", "", text.casefold())


def shape_boxes(deck: Path) -> tuple[list[list[Box]], float, float]:
    """Text-bearing shapes of each slide, in points; the slide size in points."""
    prs = open_deck(deck)
    slides = []
    for slide in prs.slides:
        boxes = []
        for shape in slide.shapes:
            if shape.left is None:
                continue
            x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            text = shape.text_frame.text if shape.has_text_frame else ""
            boxes.append(
                Box(text, x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT)
            )
        slides.append(boxes)
    return slides, prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT


def overflowing_words(deck: Path, pdf: Path, workdir: Path) -> list[str]:
    slides, width, height = shape_boxes(deck)
    pages = word_boxes(pdf, workdir)
    assert len(pages) == len(slides)
    problems = []
    for number, (boxes, words) in enumerate(zip(slides, pages, strict=True), start=1):
        for box in boxes:
            if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
                problems.append(f"slide {number}: shape {box.text[:30]!r} leaves the slide")
        text_boxes = [b for b in boxes if b.text.strip()]
        for word in words:
            key = _norm(word.text)
            if not key:
                continue
            owners = [b for b in text_boxes if key in _norm(b.text)]
            candidates = owners or text_boxes
            if not any(b.holds(word) for b in candidates):
                problems.append(
                    f"slide {number}: {word.text!r} at ({word.x0:.0f},{word.y0:.0f})-({word.x1:.0f},{word.y1:.0f}) "
                    "lies outside its shape"
                )
    return problems


def _stress_workspace():
    """Long text, many tags, accents, CJK, right-to-left and emoji: the hard cases for fitting."""
    ws = make_workspace(3)
    ws.personas[2] = make_persona("Zoë 王 نور 😀", role="Étudiante — 学生 — طالبة")
    ws.journeys[2] = make_journey("Open an account", ws.personas[2])
    talkative = ws.personas[0]
    talkative.quote = "I just want to open an account without reading forty pages of terms " * 4
    talkative.description = "Busy nurse on night shifts who does all her banking on the phone. " * 5
    talkative.goals = [
        f"Goal number {i}: finish everything in one sitting on the bus" for i in range(12)
    ]
    talkative.pain_points = ["Has to re-enter the same address three times"] * 9
    talkative.channels = [
        "App",
        "Email",
        "Branch",
        "Call centre",
        "Chatbot",
        "Website",
        "Letter",
    ] * 3
    talkative.demographics = {f"Field {i}": "A fairly long demographic value" for i in range(8)}
    for journey in ws.journeys:
        for entry in journey.entries:
            if entry.lane_id == "pain_points":
                entry.text = (
                    "The verification step asks again for documents already sent by post, " * 3
                )
            elif entry.lane_id == "touchpoints":
                entry.text = (
                    "App, Email, Branch, Call centre, Chatbot, Website, Letter, SMS, Partner portal"
                )
            elif entry.lane_id == "thoughts":
                entry.text = (
                    "申請フォームが長すぎる — لماذا هذا طويل جدا؟ 😀 Ça prend trop de temps"
                )
    return ws


def test_rendered_sample_decks_keep_every_word_inside_its_shape(tmp_path):
    tools_or_skip()
    from mapbridge.api import read_input
    from mapbridge.exporters.deck import write_deck

    decks = []
    for sample in (ROWS_SAMPLE, GRID_SAMPLE):
        if sample.exists():
            path = tmp_path / f"{sample.stem}.pptx"
            write_deck(read_input(sample), path, today=date(2026, 11, 1))
            decks.append(path)
    stress = tmp_path / "stress.pptx"
    write_deck(_stress_workspace(), stress, today=date(2026, 11, 1))
    decks.append(stress)
    # A corporate template with other theme fonts (Arial, measured as Liberation Sans).
    corporate = tmp_path / "corporate.pptx"
    template = Path(__file__).parent / "data" / "libreoffice-template.pptx"
    write_deck(make_workspace(4), corporate, template=template, today=date(2026, 11, 1))
    decks.append(corporate)
    assert_valid_packages(decks)
    stripped = []
    for deck in decks:
        target = tmp_path / "stripped" / deck.name
        target.parent.mkdir(exist_ok=True)
        strip_autofit(deck, target)
        stripped.append(target)
    pdfs = convert_to_pdf(stripped, tmp_path / "pdf")
    problems = []
    for deck in stripped:
        problems += [f"{deck.name} {p}" for p in overflowing_words(deck, pdfs[deck], tmp_path)]
    assert not problems, "\n".join(problems[:40])
