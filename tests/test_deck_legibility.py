"""SLOW (LibreOffice): decks on three templates stay legible on the rendered page.

The templates are built in code (tests/deck_templates.py): the default, a dark one (black
background, white titles) and a corporate 4:3 one with pastel theme accents, a band across
the top and a logo in the bottom-right corner. A realistic workshop (several personas, one a
proto-persona, a layered comparison, list-shaped and long cells, an emoji in a thought) is
written on each, all decks are converted in one LibreOffice run, and then:

- every word on the page reads against what is behind it (WCAG AA, measured on the pixels);
- no word and no shape the deck draws lies on the template's logo or band;
- at most 5% of the cells on per-persona map slides are shortened with "…";
- the emoji in a thought is drawn (an emoji font is installed in CI);
- every deck passes the Office XML validator (../shared/tools/ooxml/validate.py).

Skipped only when LibreOffice or poppler is missing outside CI.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from mapbridge.exporters.deck import write_deck
from mapbridge.model import Emotion, Entry, Journey, Lane, SourceRef, Stage, Workspace, slugify
from tests.deck_helpers import open_deck
from tests.deck_templates import GraphicBox, corporate_template, dark_template, template_graphics
from tests.factories import LANES, make_persona
from tests.render_helpers import (
    Box,
    assert_valid_packages,
    convert_to_pdf,
    tools_or_skip,
    word_boxes,
)

EMU_PER_PT = 12700
TODAY = date(2026, 11, 1)
REPO = Path(__file__).resolve().parent.parent

# --- The realistic workshop -------------------------------------------------------------------

STAGES = ["Discover", "Compare", "Apply", "Verify ID", "First use", "Support"]
SWITCH_STAGES = [
    "Notice a problem",
    "Ask friends",
    "Research",
    "Shortlist",
    "Apply",
    "Verify ID",
    "Move salary",
    "Move bills",
    "Close old account",
    "Settle in",
]
EMOJI = "😩"

#: Cell texts per lane as workshops write them: 3 to 40 words, sentences and lists of 2 to 5
#: items marked with •, - or 1., one item per line.
CELLS: dict[str, list[str]] = {
    "actions": [
        "Searches “best current account” on her phone during a night-shift break",
        "• Reads two comparison sites\n• Asks a colleague which bank she uses\n• Saves three tabs for later",
        "Opens the app",
        "Fills in the online form, stops at the proof-of-address step because the utility bill "
        "is in her partner's name, and comes back two days later to finish it",
        "- Uploads a passport photo\n- Records a short selfie video\n- Waits for the confirmation email",
        "1. Downloads the app\n2. Sets up a PIN and fingerprint login\n3. Orders the card to her "
        "work address\n4. Moves her salary over",
        "Calls the helpline after the card does not arrive within the promised five working days",
        "Compares monthly fees, overdraft rates and cashback offers in a spreadsheet",
    ],
    "touchpoints": [
        "Search engine, Comparison site",
        "App store, Bank website, Review site",
        "Branch",
        "Online form\nEmail\nSMS code",
        "App, Chatbot",
        "Call centre, Letter",
        "Website, Email, App, Social media",
        "Partner portal",
    ],
    "thoughts": [
        "“Which of these is actually free?”",
        f"“I hope this doesn't take the whole evening {EMOJI}”",
        "“Why do they need my employer's address for a bank account?”",
        "“Finally, that was easier than I expected.”",
        "“Is my data safe if I send a photo of my passport through the app?”",
        "“Another code by text message, and my phone is in the locker.”",
        "“Nice.”",
        "“I'll wait and see what my friends say before I move everything over.”",
    ],
    "pain_points": [
        "• Proof of address rejected twice\n• No way to see why\n• Support only open during office hours",
        "Has to re-enter the same details on three different screens",
        "Video check fails in low light",
        "Waits 40 minutes on hold before talking to someone who can actually help with the card",
        "- Card PIN arrives after the card\n- Letters still go to the old address",
        "Fees hidden behind “see terms”",
        "The selfie check timed out on a slow mobile connection, so she had to start the identity "
        "check from the beginning again",
        "Too many emails in the first week",
    ],
    "opportunities": [
        "Accept any recent bill in the name of someone living at the same address",
        "• Save progress automatically\n• Send a link to finish on another device",
        "Show every fee upfront in one table",
        "Offer a call-back slot instead of a queue",
        "1. Explain each verification step\n2. Say how long it usually takes\n3. Offer a branch "
        "visit instead",
        "Live chat in the evening",
        "Track the card delivery in the app like a parcel",
        "A plain-language welcome guide",
    ],
}
SCORES = [0.5, 0.0, -0.5, -1.0, 0.5, 1.0, -0.5, 0.0, 0.5, 1.0]

PERSONAS = [
    dict(
        name="Ana Reyes",
        kind="research",
        role="Night-shift nurse, banks on her phone",
        description="Works nights at the city hospital and does everything on her phone between shifts.",
        goals=[
            "Open an account without visiting a branch",
            "See all fees before committing",
            "Get her salary paid in before the end of the month",
        ],
        pain_points=["Office-hours support", "Repeating the same details on every screen"],
        behaviours=["Compares options online", "Asks colleagues for advice"],
        channels=["App", "Email", "Chat"],
        quote="I just want to get it done between two shifts, not spend my evening on it.",
        extra={"top_concern": "Keeping her data safe"},
    ),
    dict(
        name="Ben Okafor",
        kind="proto",
        role="Student moving to a new city",
        goals=["A free account with a good app", "Split bills with flatmates"],
        pain_points=["No proof of address yet"],
        behaviours=["Follows friends' advice"],
        channels=["App", "Social media"],
        quote="If my friends use it, I'll try it.",
    ),
    dict(
        name="Chloe Martin",
        kind="research",
        role="Small-business owner",
        goals=["Keep personal and business money apart", "Talk to a person when it matters"],
        pain_points=["Long waits on the phone", "Letters to the wrong address"],
        behaviours=["Visits the branch", "Reads the terms"],
        channels=["Branch", "Phone", "Website"],
        quote="I want someone who knows my name when something goes wrong.",
    ),
    dict(
        name="Dev Patel",
        kind="research",
        role="Retired teacher, careful with money",
        goals=["Understand every fee", "Move his pension payments safely"],
        pain_points=["Small print", "Codes sent by text message"],
        behaviours=["Prints out the terms"],
        channels=["Branch", "Letter", "Phone"],
        quote="I read everything twice before I sign.",
    ),
]


def _journey(name: str, persona, stages: list[str], shift: int, sheet: str) -> Journey:
    journey = Journey(
        id=f"{slugify(name)}--{persona.id}",
        name=name,
        persona_id=persona.id,
        stages=[Stage(id=slugify(s), name=s) for s in stages],
        lanes=[Lane(id=kind, name=label, kind=kind) for kind, label in LANES],  # type: ignore[arg-type]
        emotion_scale="-2..2",
        owner="Service design",
        last_reviewed=date(2026, 9, 15),
        sources={"map": SourceRef(sheet=sheet, cell="A2")},
    )
    for i, stage in enumerate(stages):
        for kind, _label in LANES:
            if kind == "emotion":
                score = SCORES[(i + shift) % len(SCORES)]
                text = f"{score * 2:g}"
                emotion = Emotion(raw=text, score=score, scale="-2..2")
                journey.entries.append(
                    Entry(stage_id=slugify(stage), lane_id=kind, text=text, emotion=emotion)
                )
            else:
                variants = CELLS[kind]
                text = variants[(i + 3 * shift) % len(variants)]
                journey.entries.append(Entry(stage_id=slugify(stage), lane_id=kind, text=text))
    return journey


def realistic_workspace() -> Workspace:
    """Four personas (the second a proto-persona) on one six-stage journey (a layered
    comparison), and a ten-stage journey for the first (two slides' worth of stages); the
    emoji thought is on most of the maps."""
    personas = [make_persona(**fields) for fields in PERSONAS]  # type: ignore[arg-type]
    journeys = [
        _journey("Open an account", persona, STAGES, shift, "Journey")
        for shift, persona in enumerate(personas)
    ]
    journeys.append(_journey("Switch banks", personas[0], SWITCH_STAGES, 0, "Switch"))
    return Workspace(
        title="Retail banking workshop",
        source_file="bank-workshop.xlsx",
        personas=personas,
        journeys=journeys,
        review_every_days=90,
    )


# --- Decks, rendering and measuring ------------------------------------------------------------

#: Rendering resolution (dots per inch) for the pixel checks; antialiasing is off, so every
#: pixel of a glyph is the text's own colour and thin small text is measured like large text.
DPI = 150
#: AA thresholds (WCAG 1.4.3): normal text, and text of 18 pt or more.
AA_NORMAL = 4.5
AA_LARGE = 3.0
LARGE_PT = 18.0
#: pdftotext word boxes span the font's ascent plus descent: the font size is the box height
#: over this (measured on the calibration probes: 1.30 for Carlito and for Liberation Sans).
BOX_EM = 1.30


@dataclass
class Deck:
    """One written deck: its template's name and file (None: the default), what write_deck
    said about it, and, once rendered, its PDF, page images and word boxes."""

    name: str
    path: Path
    template: Path | None
    kinds: list[str]
    pdf: Path | None = None
    pages: list[Path] = field(default_factory=list)
    words: list[list[Box]] = field(default_factory=list)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> list[Deck]:
    folder = tmp_path_factory.mktemp("legibility")
    made = []
    for name, template in (
        ("default", None),
        ("dark", dark_template(folder)),
        ("corporate", corporate_template(folder)),
    ):
        path = folder / f"deck-{name}.pptx"
        result = write_deck(realistic_workspace(), path, template=template, today=TODAY)
        made.append(Deck(name, path, template, [s.kind for s in result.slides]))
    return made


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory) -> list[Deck]:
    """The decks and a calibration deck, converted in one LibreOffice run, rasterised."""
    tools_or_skip("pdftoppm")
    folder = tmp_path_factory.mktemp("rendered")
    probe = folder / "calibration.pptx"
    _calibration_deck(probe)
    pdfs = convert_to_pdf([probe, *(d.path for d in decks)], folder)
    out = []
    for deck in [Deck("calibration", probe, None, []), *decks]:
        deck.pdf = pdfs[deck.path]
        deck.pages = _rasterise(deck.pdf, folder / deck.name)
        deck.words = word_boxes(deck.pdf, folder, trim=0.0)
        out.append(deck)
    return out


def _rasterise(pdf: Path, prefix: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-aa", "no", "-aaVector", "no", "-png", str(pdf), str(prefix)],
        check=True,
        timeout=300,
    )
    pages = sorted(
        prefix.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])
    )
    assert pages, f"pdftoppm wrote no pages for {pdf.name}"
    return pages


def luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Measure:
    """A word's measured contrast: its ink and background colours, and its estimated size."""

    text: str
    ink: tuple[int, int, int]
    background: tuple[int, int, int]
    size_pt: float

    @property
    def ratio(self) -> float:
        return ratio(self.ink, self.background)

    @property
    def needed(self) -> float:
        # Half a point of slack: an 18 pt word measures 17.99 pt through rounding.
        return AA_LARGE if self.size_pt >= LARGE_PT - 0.5 else AA_NORMAL


def measure(image: Image.Image, word: Box) -> Measure | None:
    """Background: the most common colour in the word's box (glyphs cover well under half of
    it). Ink: the colour, among those covering a few pixels of the box's middle band (where
    the glyphs are), most different in luminance from the background."""
    scale = DPI / 72
    full = (
        int(word.x0 * scale),
        int(word.y0 * scale),
        int(word.x1 * scale + 0.999),
        int(word.y1 * scale + 0.999),
    )
    if full[2] - full[0] < 2 or full[3] - full[1] < 4:
        return None
    box = image.crop(full)
    colours = box.getcolors(_area(box))
    background = max(colours)[1]
    trim = (full[3] - full[1]) * 0.18
    core = image.crop((full[0], int(full[1] + trim), full[2], int(full[3] - trim + 0.999)))
    inside = core.getcolors(_area(core))
    enough = max(3, sum(count for count, _ in inside) // 200)
    candidates = [colour for count, colour in inside if count >= enough] or [max(inside)[1]]
    base = luminance(background)
    ink = max(candidates, key=lambda c: abs(luminance(c) - base))
    return Measure(word.text, ink, background, word.height / BOX_EM)


def _area(image: Image.Image) -> int:
    """The most colours an image can have (getcolors allocates room for as many as it is told)."""
    return image.width * image.height + 1


def _readable_word(text: str) -> bool:
    """Words that are text: at least one letter or digit, not an emoji."""
    return any(ch.isalnum() for ch in text) and EMOJI not in text


#: Calibration probes: (text colour, fill colour, size pt, italic, font). Their exact WCAG ratios
#: are known, so the measured ones show what rendering and measuring lose.
PROBES = [
    ("000000", "FFFFFF", 8, False, "Calibri"),
    ("1F2933", "FFFFFF", 8, True, "Calibri"),
    ("767676", "FFFFFF", 8, False, "Calibri"),  # 4.54 : 1, just above AA
    ("767676", "FFFFFF", 9, True, "Arial"),
    ("959595", "FFFFFF", 9, False, "Calibri"),  # 2.99 : 1, a failure the check must see
    ("FFFFFF", "000000", 8, False, "Arial"),
    ("7A7A7A", "000000", 8, True, "Calibri"),  # 4.6 : 1 on black
    ("4A4A4A", "000000", 10, False, "Calibri"),  # 2.3 : 1 on black, the dark greys
    ("C9A227", "FFF2CC", 12, False, "Arial"),  # persona-coloured text on a pastel fill
    ("8A8A8A", "FFFFFF", 20, False, "Calibri"),  # 3.5 : 1, enough from 18 pt
    ("1F2933", "9DC3E6", 24, True, "Arial"),
]


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _calibration_deck(path: Path) -> None:
    """One slide of probe text boxes: "probeN illumination minimum" in known colours."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for n, (ink, fill, size, italic, font) in enumerate(PROBES):
        box = slide.shapes.add_textbox(Pt(40), Pt(15 + n * 46), Pt(600), Pt(40))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(fill)
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"probe{n} illumination minimum"
        run.font.size, run.font.italic, run.font.name = Pt(size), italic, font
        run.font.color.rgb = RGBColor.from_string(ink)
    prs.save(str(path))


#: Measured minus true contrast, as a share of the true ratio, that the pixel check forgives.
#: Calibrated on the probes above (near-black, AA-threshold grey and failing greys on white,
#: black and pastel fills, 8 to 24 pt, upright and italic): with antialiasing off at 150 dpi
#: every probe measures its exact ratio (error 0.00); the 2% covers colours PDF export rounds.
CONTRAST_TOLERANCE = 0.02

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}


def _page_measures(deck: Deck) -> list[tuple[int, Measure]]:
    found = []
    for number, (page, words) in enumerate(zip(deck.pages, deck.words, strict=True), start=1):
        with Image.open(page) as opened:
            image = opened.convert("RGB")
        for word in words:
            if _readable_word(word.text):
                measured = measure(image, word)
                if measured is not None:
                    found.append((number, measured))
    return found


def test_the_contrast_probe_measures_known_colours_exactly(rendered):
    """The calibration behind CONTRAST_TOLERANCE, and proof the check sees a failing grey."""
    calibration = rendered[0]
    probes = {int(w.text[5:]): w for w in calibration.words[0] if re.fullmatch(r"probe\d+", w.text)}
    assert sorted(probes) == list(range(len(PROBES)))
    with Image.open(calibration.pages[0]) as opened:
        image = opened.convert("RGB")
    for n, (ink, fill, size, _italic, _font) in enumerate(PROBES):
        measured = measure(image, probes[n])
        assert measured is not None
        true = ratio(_hex(ink), _hex(fill))
        assert abs(measured.ratio - true) <= CONTRAST_TOLERANCE * true, (n, measured, true)
        assert abs(measured.size_pt - size) <= 0.05 * size, (n, measured.size_pt, size)
        passes = measured.ratio >= measured.needed * (1 - CONTRAST_TOLERANCE)
        assert passes == (true >= (AA_LARGE if size >= LARGE_PT else AA_NORMAL)), n


def test_every_word_reads_against_what_is_behind_it(rendered):
    """WCAG AA on the rendered page: 4.5 : 1 under 18 pt, 3 : 1 from 18 pt, every word.

    Failures are reported worst first, one line per slide and colour pair, with its words."""
    groups: dict[tuple, list[Measure]] = {}
    for deck in rendered[1:]:
        for number, m in _page_measures(deck):
            if m.ratio < m.needed * (1 - CONTRAST_TOLERANCE):
                groups.setdefault((deck.name, number, m.ink, m.background), []).append(m)
    report = []
    for (name, number, ink, background), words in sorted(
        groups.items(), key=lambda item: min(m.ratio for m in item[1])
    ):
        worst = min(words, key=lambda m: m.ratio)
        text = " ".join(m.text for m in words)
        report.append(
            f"{name} slide {number} ({deck_kind(rendered, name, number)}): {worst.ratio:.2f}:1 "
            f"< {worst.needed}:1, ink #{_rgb(ink)} on #{_rgb(background)}, ~{worst.size_pt:.0f} pt, "
            f"{len(words)} words: {text[:90]!r}"
        )
    count = sum(len(words) for words in groups.values())
    assert not groups, f"{count} words below AA:\n" + "\n".join(report[:40])


def deck_kind(decks: list[Deck], name: str, number: int) -> str:
    deck = next(d for d in decks if d.name == name)
    return deck.kinds[number - 1] if number <= len(deck.kinds) else "?"


def _rgb(colour: tuple[int, ...]) -> str:
    return "".join(f"{v:02X}" for v in colour[:3])


def _graphics_per_slide(deck: Deck) -> list[list[GraphicBox]]:
    """The template graphics each slide of the deck shows: its master's and its layout's."""
    if deck.template is None:
        return [[] for _ in deck.kinds]
    graphics = template_graphics(deck.template)
    shown = []
    for slide in open_deck(deck.path).slides:
        layout = slide.slide_layout
        hides_master = layout._element.get("showMasterSp") in ("0", "false")
        shown.append(
            [
                g
                for g in graphics
                if g.part == layout.name or (g.part == "master" and not hides_master)
            ]
        )
    return shown


def test_the_corporate_template_draws_a_logo_and_a_band(decks):
    corporate = next(d for d in decks if d.name == "corporate")
    names = {g.name for slide in _graphics_per_slide(corporate) for g in slide}
    assert names == {"Company logo", "Brand band"}


def test_no_shape_the_deck_draws_lies_on_template_graphics(decks):
    problems = []
    for deck in decks:
        prs = open_deck(deck.path)
        for number, (slide, graphics) in enumerate(
            zip(prs.slides, _graphics_per_slide(deck), strict=True), start=1
        ):
            for shape in slide.shapes:
                if shape.is_placeholder or shape.left is None:
                    continue
                left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
                right, bottom = left + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT
                for g in graphics:
                    if g.overlaps(left, top, right, bottom):
                        problems.append(
                            f"{deck.name} slide {number} ({deck.kinds[number - 1]}): shape {shape.name!r} "
                            f"({left:.0f},{top:.0f})-({right:.0f},{bottom:.0f}) on {g.name} "
                            f"({g.left:.0f},{g.top:.0f})-({g.right:.0f},{g.bottom:.0f})"
                        )
    assert not problems, f"{len(problems)} shapes on template graphics:\n" + "\n".join(
        problems[:40]
    )


def test_no_word_on_the_page_lies_on_template_graphics(rendered, decks):
    problems = []
    for deck in rendered[1:]:
        per_slide = _graphics_per_slide(deck)
        for number, (words, graphics) in enumerate(
            zip(deck.words, per_slide, strict=True), start=1
        ):
            for word in words:
                # The glyphs' band, not the font's whole ascent-to-descent box.
                cut = word.height * 0.2
                core = (word.x0, word.y0 + cut, word.x1, word.y1 - cut)
                for g in graphics:
                    if g.overlaps(*core):
                        problems.append(
                            f"{deck.name} slide {number} ({deck.kinds[number - 1]}): {word.text!r} "
                            f"at ({core[0]:.0f},{core[1]:.0f})-({core[2]:.0f},{core[3]:.0f}) on {g.name}"
                        )
    assert not problems, f"{len(problems)} words on template graphics:\n" + "\n".join(problems[:40])


def test_few_cells_are_shortened_on_per_persona_maps(decks):
    """Show, don't cut: at most 5% of map cells end in "…" on realistic workshop text."""
    report = []
    failed = False
    for deck in decks:
        prs = open_deck(deck.path)
        cells, cut = 0, []
        maps = [s for s, kind in zip(prs.slides, deck.kinds, strict=True) if kind == "map"]
        for number, slide in enumerate(prs.slides, start=1):
            if deck.kinds[number - 1] != "map":
                continue
            for shape in slide.shapes:
                if shape.name.startswith("Cell ") and shape.has_text_frame:
                    text = shape.text_frame.text.strip()
                    if text:
                        cells += 1
                        if text.endswith("…"):
                            cut.append(f"slide {number} {shape.name}: {text[-40:]!r}")
        assert cells, f"{deck.name}: no map cells found"
        share = len(cut) / cells
        failed |= share > 0.05
        report.append(
            f"{deck.name}: {len(cut)} of {cells} cells shortened ({share:.1%}) on "
            f"{len(maps)} map slides, {len(deck.kinds)} slides in all"
            + "".join(f"\n  {c}" for c in cut[:10])
        )
    assert not failed, "\n".join(report)


def test_every_deck_passes_the_office_xml_validator(decks):
    files = [d.path for d in decks] + [d.template for d in decks if d.template]
    assert_valid_packages(files)


def test_deck_xml_keeps_size_notes_master_and_line_breaks(decks):
    for deck in decks:
        prs = open_deck(deck.path)
        if deck.name == "corporate":
            assert (prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT) == (720, 540)
        else:
            assert (prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT) == (960, 540)
        with zipfile.ZipFile(deck.path) as package:
            presentation = package.read("ppt/presentation.xml").decode("utf-8")
            rels = package.read("ppt/_rels/presentation.xml.rels").decode("utf-8")
            size = re.search(r"<p:sldSz [^>]*>", presentation).group(0)
            if deck.name != "corporate":
                assert 'type="screen4x3"' not in size, (deck.name, size)
            assert "relationships/notesMaster" in rels, deck.name  # the decks have notes
            assert "<p:notesMasterIdLst>" in presentation, deck.name
            raw = []
            for name in package.namelist():
                if re.fullmatch(r"ppt/(slides|notesSlides)/\w+\.xml", name):
                    root = etree.fromstring(package.read(name))
                    raw += [
                        f"{name}: {t.text[:50]!r}"
                        for t in root.iterfind(".//a:t", _NS)
                        if t.text and ("\n" in t.text or "\r" in t.text)
                    ]
            assert not raw, f"{deck.name}: raw line breaks inside <a:t>:\n" + "\n".join(raw[:20])


def _only_slide(deck: Path, number: int, target: Path) -> None:
    """A copy of the deck that shows only slide `number` (LibreOffice's PNG export draws the first)."""
    prs = open_deck(deck)
    listed = prs.slides._sldIdLst
    for index, entry in enumerate(list(listed), start=1):
        if index != number:
            listed.remove(entry)
    prs.save(str(target))


def test_the_emoji_in_a_thought_is_drawn(rendered, tmp_path):
    """An emoji font is installed (CI: fonts-noto-color-emoji), LibreOffice sets the thought's
    emoji in it, and the emoji shows in colour where the PDF puts it (the rest of a thought
    cell is grey text on a light fill).

    The pixels come from LibreOffice's PNG export of the slide: its PDF export (before 7.5)
    embeds a colour emoji font's glyphs without their bitmaps, so a PDF page shows nothing
    there even when the slide on screen shows the emoji. One small extra LibreOffice run.
    """
    fonts = subprocess.run(
        ["pdffonts", str(rendered[1].pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "emoji" in fonts.casefold(), f"no emoji font in the PDF:\n{fonts}"
    singles, where = [], {}
    for deck in rendered[1:]:
        found = [
            (number, word)
            for number, words in enumerate(deck.words, start=1)
            for word in words
            if EMOJI in word.text and deck.kinds[number - 1] == "map"
        ]
        assert found, f"{deck.name}: the emoji is on no map slide of the PDF"
        number, word = found[0]
        single = tmp_path / f"{deck.name}-emoji.pptx"
        _only_slide(deck.path, number, single)
        singles.append(single)
        where[single] = (deck, number, word)
    pngs = convert_to_pdf(singles, tmp_path / "png", fmt="png")
    problems = []
    for single, png in pngs.items():
        deck, number, word = where[single]
        prs = open_deck(single)
        with Image.open(png) as opened:
            image = opened.convert("RGB")
        scale = image.width / (prs.slide_width / EMU_PER_PT)
        crop = image.crop(
            (
                int(word.x0 * scale),
                int(word.y0 * scale),
                int(word.x1 * scale) + 1,
                int(word.y1 * scale) + 1,
            )
        )
        coloured = sum(
            count for count, rgb in crop.getcolors(_area(crop)) if max(rgb) - min(rgb) > 80
        )
        if coloured < 10:
            problems.append(f"{deck.name} slide {number}: {coloured} coloured pixels at the emoji")
    assert not problems, "\n".join(problems)
