"""A portfolio's decks (issue 16): one deck per journey plus an overview deck (persona × journey
matrix with review status, layout decisions, health summary), or everything in one deck."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from mapbridge import workflow
from mapbridge.checks.context import Finding
from mapbridge.errors import Problem
from mapbridge.exporters.deck import DeckResult, write_portfolio_decks
from mapbridge.model import Journey, Lane, SourceRef, Stage, Workspace, slugify
from tests.deck_helpers import flat, named, open_deck, shape_texts, slide_text
from tests.factories import make_persona
from tests.render_helpers import assert_valid_packages
from tests.workbooks import PERSONA_HEADER, make_xlsx

TODAY = date(2026, 12, 3)
HEADER = ["Persona", "Stage", "Actions", "Emotion", "Pain points"]
PAYMENTS = os.path.join("journeys", "payments.xlsx")
CARDS = os.path.join("journeys", "cards.xlsx")
ONBOARDING = os.path.join("journeys", "onboarding.xlsx")
OVERVIEW_JOURNEY = os.path.join("journeys", "overview.xlsx")


def journey_sheet(title: str, reviewed: str | None, *rows: list[object]) -> list[list[object]]:
    head: list[list[object]] = [[f"Journey: {title}"]]
    if reviewed:
        head.append([f"Last reviewed: {reviewed}"])
    return [*head, HEADER, *rows]


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A catalogue of four personas (a proto-persona, a segment, one without a map) and four
    journey workbooks whose maps were last reviewed long ago (overdue), three months ago (due
    soon), recently (OK) and never; one journey's name collides with the overview deck's."""
    monkeypatch.chdir(tmp_path)
    make_xlsx(
        tmp_path / "catalogue.xlsx",
        {
            "Personas": [
                PERSONA_HEADER,
                ["Chloé Martin", "Research", "Saver", "Save", "Fees", "Uses the app"],
                ["Ben Okafor", "Research", "Owner", "Grow", "Cash flow", "Calls"],
                ["Zoë Adams", "Proto-persona", "Retiree", "Relax", "Scams", "Branch"],
                ["Dev Patel", "Segment", "Students", "Study", "Debt", "Mobile"],
            ]
        },
    )
    (tmp_path / "journeys").mkdir()
    make_xlsx(
        tmp_path / PAYMENTS,
        {
            "Journey": journey_sheet(
                "Pay a bill",
                "2026-01-15",
                ["chloe martin", "Sign up", "Opens the app", 1, "Too many fields"],
                ["Chloe Martin", "Pay", "Pays", -1, "Fees unclear"],
                ["Ben Okafor", "Sign up", "Calls", 0, "On hold"],
                ["Ben Okafor", "Pay", "Pays", -2, "Card declined"],
            )
        },
    )
    make_xlsx(
        tmp_path / CARDS,
        {
            "Journey": journey_sheet(
                "Report a lost card",
                "2026-09-20",
                ["Ben Okafor", "Notice", "Checks wallet", -1, "Panic"],
                ["Ben Okafor", "Block", "Calls", -2, "Queue"],
                ["Ben Okafor", "Replace", "Waits", 0, "Slow post"],
                ["Zoë Adams", "Notice", "Asks family", -2, "Confused"],
                ["Zoë Adams", "Visit branch", "Walks in", 0, "Opening hours"],
            )
        },
    )
    make_xlsx(
        tmp_path / ONBOARDING,
        {
            "Journey": journey_sheet(
                "Onboarding",
                "2026-11-20",
                ["Zoë Adams", "Welcome", "Reads the letter", 1, "Small print"],
                ["Zoë Adams", "First use", "Logs in", 0, "Passwords"],
            )
        },
    )
    make_xlsx(
        tmp_path / OVERVIEW_JOURNEY,
        {
            "Journey": journey_sheet(
                "Portfolio overview",
                None,
                ["Chloé Martin", "Look", "Browses", 1, "Too much"],
                ["Chloé Martin", "Decide", "Chooses", 1, "Doubt"],
            )
        },
    )
    return workflow.inspect(["catalogue.xlsx", "journeys"]).workspace


def map_of(workspace: Workspace, journey: str, persona: str) -> Journey:
    persona_id = next(p.id for p in workspace.personas if p.name == persona)
    return next(j for j in workspace.journeys if j.name == journey and j.persona_id == persona_id)


def persona_id(workspace: Workspace, name: str) -> str:
    return next(p.id for p in workspace.personas if p.name == name)


@pytest.fixture
def findings(portfolio: Workspace) -> list[Problem]:
    """One finding of each kind the health summary counts: about a map, about a persona, about
    a journey's cells only (as MB104 is), about a map with an error, about the portfolio."""
    chloe_pays = map_of(portfolio, "Pay a bill", "Chloé Martin")
    zoe_onboards = map_of(portfolio, "Onboarding", "Zoë Adams")
    return [
        Finding(
            code="MB110",
            name="stale-map",
            severity="warning",
            message="Chloé's map of Pay a bill is stale",
            file=PAYMENTS,
            sheet="Journey",
            cell="A4",
            persona_id=chloe_pays.persona_id,
            journey_id=chloe_pays.id,
        ),
        Finding(
            code="MB109",
            name="stale-persona",
            severity="warning",
            message="Ben Okafor is stale",
            file="catalogue.xlsx",
            sheet="Personas",
            cell="A3",
            persona_id=persona_id(portfolio, "Ben Okafor"),
        ),
        Problem(
            code="MB104",
            name="layout",
            severity="info",
            message="Separate maps for Report a lost card",
            file=CARDS,
            sheet="Journey",
            cell="A3",
        ),
        Finding(
            code="MB107",
            name="empty-map",
            severity="error",
            message="Zoë's onboarding has a hole",
            file=ONBOARDING,
            sheet="Journey",
            cell="C4",
            persona_id=zoe_onboards.persona_id,
            journey_id=zoe_onboards.id,
        ),
        Problem(
            code="MB101",
            name="too-many-personas",
            severity="warning",
            message="The portfolio is big",
        ),
    ]


@pytest.fixture
def decks(portfolio: Workspace, findings: list[Problem], tmp_path: Path) -> list[DeckResult]:
    return write_portfolio_decks(portfolio, tmp_path / "out", findings=findings, today=TODAY)


def by_name(decks: list[DeckResult]) -> dict[str, DeckResult]:
    return {d.path.name: d for d in decks}


def texts_of(path: Path) -> list[str]:
    return [slide_text(slide) for slide in open_deck(path).slides]


def kind_slides(result: DeckResult, kind: str) -> list:
    slides = list(open_deck(result.path).slides)
    return [s for s, info in zip(slides, result.slides, strict=True) if info.kind == kind]


# ------------------------------------------------------------------ files and what they hold


def test_one_deck_per_journey_plus_an_overview(decks: list[DeckResult], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "onboarding.pptx",
        "pay-a-bill.pptx",
        "portfolio-overview-2.pptx",  # the journey "Portfolio overview" clears the overview
        "portfolio-overview.pptx",
        "report-a-lost-card.pptx",
    ]
    # The overview first, then the journeys in the order their files were read.
    assert [(d.path.name, d.kind, d.journey) for d in decks] == [
        ("portfolio-overview.pptx", "overview", None),
        ("report-a-lost-card.pptx", "journey", "Report a lost card"),
        ("onboarding.pptx", "journey", "Onboarding"),
        ("portfolio-overview-2.pptx", "journey", "Portfolio overview"),
        ("pay-a-bill.pptx", "journey", "Pay a bill"),
    ]
    assert decks[1].label == "journey “Report a lost card”"
    assert [s.kind for s in decks[0].slides] == [
        "title",
        "matrix",
        "layouts",
        "health-summary",
        "health",
    ]
    assert [d.journey_name for d in decks[0].decisions] == [
        "Report a lost card",
        "Onboarding",
        "Portfolio overview",
        "Pay a bill",
    ]
    assert [d.journey_name for d in decks[1].decisions] == ["Report a lost card"]


def test_a_journey_deck_holds_only_its_journey_and_its_personas(
    decks: list[DeckResult], portfolio: Workspace
) -> None:
    pay = by_name(decks)["pay-a-bill.pptx"]
    kinds = [s.kind for s in pay.slides]
    assert kinds[:3] == ["title", "persona", "persona"]
    assert {"layered", "map", "health"} <= set(kinds)
    assert [s.title for s in pay.slides if s.kind == "persona"] == ["Chloé Martin", "Ben Okafor"]
    ids = {pid for s in pay.slides for pid in s.persona_ids}
    assert ids == {persona_id(portfolio, "Chloé Martin"), persona_id(portfolio, "Ben Okafor")}
    texts = texts_of(pay.path)
    assert texts[0].startswith("Pay a bill")
    assert f"Journey maps of 2 personas · {PAYMENTS}" in texts[0]
    whole = "\n".join(texts)
    for other in ("Report a lost card", "Onboarding", "Portfolio overview", "Zoë", "Dev Patel"):
        assert other not in whole
    maps = [t for t, s in zip(texts, pay.slides, strict=True) if s.kind == "map"]
    assert maps and all("Pay a bill" in t for t in maps)
    # The map slides' footers name the map's own workbook, the profiles the catalogue.
    assert all(PAYMENTS in t for t in maps)
    profiles = [t for t, s in zip(texts, pay.slides, strict=True) if s.kind == "persona"]
    assert all("catalogue.xlsx" in t for t in profiles)

    cards = by_name(decks)["report-a-lost-card.pptx"]
    assert [s.title for s in cards.slides if s.kind == "persona"] == ["Ben Okafor", "Zoë Adams"]
    assert cards.count("layered") == 0  # the stages diverge: separate maps
    assert cards.count("map") == 2


def test_a_journey_deck_lists_the_findings_about_it_and_its_personas(
    decks: list[DeckResult],
) -> None:
    decks_by_name = by_name(decks)
    [pay] = kind_slides(decks_by_name["pay-a-bill.pptx"], "health")
    text = slide_text(pay)
    assert "2 findings (2 warnings) about “Pay a bill” and its personas" in text
    assert "MB110" in text and "MB109" in text  # Chloé's map; Ben, who is mapped here
    # The deck's own workbook is named by the footer; another file beside its cell.
    assert "\nJourney!A4\n" in text and "catalogue.xlsx: Personas!A3" in text
    assert text.endswith(f"{PAYMENTS} · checked 3 Dec 2026")
    assert "MB107" not in text and "MB101" not in text

    [cards] = kind_slides(decks_by_name["report-a-lost-card.pptx"], "health")
    codes = {c for c in ("MB104", "MB109", "MB110", "MB107", "MB101") if c in slide_text(cards)}
    assert codes == {"MB104", "MB109"}  # MB104 points at the journey's cells

    [onboarding] = kind_slides(decks_by_name["onboarding.pptx"], "health")
    assert "1 finding (1 error)" in slide_text(onboarding)


# ------------------------------------------------------------------ the overview deck


def matrix_cell(slide, persona: str, journey: str) -> str:
    """The text of the matrix cell in `persona`'s row and `journey`'s column."""
    [row] = [s for s in named(slide, "Persona name") if s.text_frame.text == persona]
    [column] = [
        s for s in named(slide, "Journey header") if flat(s.text_frame.text) == flat(journey)
    ]
    row_mid = row.top + row.height / 2
    in_column = [
        s
        for s in slide.shapes
        if s.name.startswith("Cell ")
        and s.left <= column.left + column.width / 2 <= s.left + s.width
    ]
    nearest = min(in_column, key=lambda s: abs(s.top + s.height / 2 - row_mid))
    assert abs(nearest.top + nearest.height / 2 - row_mid) < 12 * 12700
    return nearest.text_frame.text


def test_the_matrix_shows_each_maps_file_and_review_status(decks: list[DeckResult]) -> None:
    overview = by_name(decks)["portfolio-overview.pptx"]
    [slide] = kind_slides(overview, "matrix")
    text = slide_text(slide)
    assert "4 personas · 4 journeys · 6 maps · review status on 3 Dec 2026" in text
    # Reviewed 15 Jan 2026 every 90 days: overdue since 15 Apr.
    assert matrix_cell(slide, "Chloé Martin", "Pay a bill") == (
        f"Overdue since 15 Apr 2026\n{PAYMENTS}"
    )
    # Reviewed 20 Sep 2026: due on 19 Dec, within the 30-day window.
    assert matrix_cell(slide, "Ben Okafor", "Report a lost card") == (
        f"Due soon: 19 Dec 2026\n{CARDS}"
    )
    assert matrix_cell(slide, "Zoë Adams", "Onboarding") == f"OK until 18 Feb 2027\n{ONBOARDING}"
    assert matrix_cell(slide, "Chloé Martin", "Portfolio overview") == (
        f"Never reviewed\n{OVERVIEW_JOURNEY}"
    )
    assert matrix_cell(slide, "Dev Patel", "Pay a bill") == "—"
    assert matrix_cell(slide, "Zoë Adams", "Pay a bill") == "—"
    # Proto-personas and segments are marked; research personas are not.
    assert [s.text_frame.text for s in named(slide, "Kind")] == ["Proto-persona", "Segment"]
    # The legend explains the colours.
    legend = [s.text_frame.text for s in named(slide, "Legend text")]
    assert legend == [
        "Overdue",
        "Due soon (within 30 days)",
        "OK",
        "Never reviewed",
        "— not mapped",
    ]
    # Each status has its own fill.
    fills = {
        s.name.split(" ", 1)[1].rsplit(" ", 1)[0]: s.fill.fore_color.rgb
        for s in slide.shapes
        if s.name.startswith("Cell ") and "not mapped" not in s.name
    }
    assert len(set(fills.values())) == 4
    notes = slide.notes_slide.notes_text_frame.text
    assert (
        "• Chloé Martin – Pay a bill: Overdue since 15 Apr 2026, last reviewed 15 Jan 2026, "
        f"review every 90 days ({PAYMENTS}: Journey!A4)"
    ) in notes


def test_the_layout_decisions_slide_says_how_each_journey_is_shown(
    decks: list[DeckResult],
) -> None:
    [slide] = kind_slides(by_name(decks)["portfolio-overview.pptx"], "layouts")
    rows = {}
    for shape in named(slide, "Journey"):
        name = shape.text_frame.paragraphs[0].text
        row = [
            s.text_frame.text
            for s in slide.shapes
            if s.has_text_frame
            and s.name.split(" ")[0] in ("Layout", "Stages", "Why")
            and abs((s.top + s.height / 2) - (shape.top + shape.height / 2)) < 12700 * 6
        ]
        rows[name] = (shape.text_frame.paragraphs[1].text, *row)
    assert rows["Pay a bill"][0] == PAYMENTS
    assert rows["Pay a bill"][1] == "Layered"
    assert flat(rows["Pay a bill"][2]) == flat("2 of 2 stages shared: Sign up, Pay")
    assert "Both personas go through the same 2 stages" in flat(rows["Pay a bill"][3]).capitalize()
    assert rows["Report a lost card"][1] == "Separate maps"
    assert flat(rows["Report a lost card"][2]) == flat("1 of 4 stages shared: Notice")
    assert "stages diverge" in flat(rows["Report a lost card"][3])
    assert rows["Onboarding"][1] == "One map"
    assert flat(rows["Onboarding"][2]) == flat("2 stages (one map): Welcome, First use")
    assert "4 journeys: 1 layered, 1 separate, 2 single-map" in slide_text(slide)


def count_rows(slide) -> dict[str, tuple[str, str, str]]:
    """Each row of the health summary's tables: name -> (errors, warnings, notes)."""
    rows = {}
    for shape in named(slide, "Name"):
        mid = shape.top + shape.height / 2
        cells = sorted(
            (
                s
                for s in slide.shapes
                if s.name.startswith("Count ")
                and abs(s.top + s.height / 2 - mid) < 12700 * 4
                and shape.left < s.left < shape.left + 460 * 12700
            ),
            key=lambda s: s.left,
        )
        rows[shape.text_frame.text] = tuple(c.text_frame.text for c in cells)
    return rows


def test_the_health_summary_counts_findings_by_journey_and_persona(
    decks: list[DeckResult],
) -> None:
    overview = by_name(decks)["portfolio-overview.pptx"]
    [slide] = kind_slides(overview, "health-summary")
    text = slide_text(slide)
    assert "5 findings (1 error, 3 warnings, 1 note) from mapbridge check" in text
    assert count_rows(slide) == {
        # By journey, worst first; the finding about no journey or persona counts apart.
        "Onboarding": ("1", "–", "–"),
        "Pay a bill": ("–", "1", "–"),
        "Across the portfolio": ("–", "1", "–"),
        "Report a lost card": ("–", "–", "1"),
        # By persona.
        "Zoë Adams": ("1", "–", "–"),
        "Chloé Martin": ("–", "1", "–"),
        "Ben Okafor": ("–", "1", "–"),
    }
    # The journey and the persona without findings are counted, and named in the notes.
    assert [s.text_frame.text for s in named(slide, "No findings")] == [
        "No findings: 1 journey",
        "No findings: 1 persona",
    ]
    notes = slide.notes_slide.notes_text_frame.text
    assert "No findings about these journeys: Portfolio overview" in notes
    assert "No findings about these personas: Dev Patel" in notes
    # The worst findings follow, with their files and cells.
    [health] = kind_slides(overview, "health")
    listed = slide_text(health)
    assert listed.index("MB107") < listed.index("MB110") < listed.index("MB104")
    assert f"{ONBOARDING}: Journey!C4" in listed


def test_without_findings_there_are_no_health_slides(portfolio: Workspace, tmp_path: Path) -> None:
    decks = write_portfolio_decks(portfolio, tmp_path / "plain", today=TODAY)
    assert all(d.count("health") == 0 and d.count("health-summary") == 0 for d in decks)


# ------------------------------------------------------------------ one deck


def test_one_deck_puts_everything_in_one_file(
    portfolio: Workspace, findings: list[Problem], decks: list[DeckResult], tmp_path: Path
) -> None:
    progress: list[tuple[int, int]] = []
    [deck] = write_portfolio_decks(
        portfolio,
        tmp_path / "one",
        one_deck=True,
        name="bank",
        findings=findings,
        today=TODAY,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["bank.pptx"]
    assert (deck.path.name, deck.kind, deck.journey) == ("bank.pptx", "portfolio", None)
    kinds = [s.kind for s in deck.slides]
    # The overview first, then the personas and every journey, then health.
    assert kinds[:3] == ["title", "matrix", "layouts"]
    assert kinds[-2:] == ["health-summary", "health"]
    assert kinds.count("persona") == 4
    journey_decks = [d for d in decks if d.kind == "journey"]
    assert deck.count("map") == sum(d.count("map") for d in journey_decks)
    assert deck.count("layered") == sum(d.count("layered") for d in journey_decks)
    whole = "\n".join(texts_of(deck.path))
    for journey in ("Pay a bill", "Report a lost card", "Onboarding", "Portfolio overview"):
        assert journey in whole
    # Progress runs over the whole deck, to its end.
    assert progress[-1][0] == progress[-1][1]
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_progress_runs_over_every_deck(portfolio: Workspace, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_portfolio_decks(
        portfolio, tmp_path / "p", today=TODAY, progress=lambda d, t: seen.append((d, t))
    )
    totals = {t for _, t in seen}
    assert len(totals) == 1 and seen[-1] == (totals.pop(), seen[-1][1])
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))


def test_every_portfolio_deck_passes_the_office_xml_validator(
    decks: list[DeckResult], portfolio: Workspace, findings: list[Problem], tmp_path: Path
) -> None:
    [one] = write_portfolio_decks(
        portfolio, tmp_path / "one", one_deck=True, findings=findings, today=TODAY
    )
    assert_valid_packages([d.path for d in decks] + [one.path])


# ------------------------------------------------------------------ names and scale


def test_journey_decks_never_share_a_file_name(tmp_path: Path) -> None:
    persona = make_persona("Ana Reyes")
    names = ["Con", "A" * 30 + " " + "b" * 40, "Portfolio overview", "portfolio-overview-2"]
    workspace = Workspace(
        title="Names",
        source_file="names",
        personas=[persona],
        journeys=[small_map(name, persona.id) for name in names],
    )
    decks = write_portfolio_decks(workspace, tmp_path / "n", today=TODAY)
    assert [d.path.name for d in decks] == [
        "portfolio-overview.pptx",
        "con-journey.pptx",  # a device name on Windows
        "a" * 30 + ".pptx",  # cut at a hyphen, under 60 characters
        "portfolio-overview-2.pptx",
        "portfolio-overview-2-2.pptx",
    ]


def small_map(name: str, persona_id: str | None, file: str | None = None) -> Journey:
    stages = ["Start", "Finish"]
    return Journey(
        id=f"{slugify(name)}--{persona_id}",
        name=name,
        persona_id=persona_id,
        stages=[Stage(id=slugify(s), name=s) for s in stages],
        lanes=[Lane(id="actions", name="Actions", kind="actions")],
        last_reviewed=date(2026, 11, 1),
        sources={"map": SourceRef(sheet="Journey", cell="A2", file=file)},
    )


def run_sizes(path: Path) -> list[float]:
    """Every text run's size (pt) in a deck's slides."""
    sizes = []
    with zipfile.ZipFile(path) as package:
        for part in package.namelist():
            if part.startswith("ppt/slides/slide") and part.endswith(".xml"):
                root = etree.fromstring(package.read(part))
                ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
                sizes += [int(v) / 100 for v in root.xpath("//a:rPr/@sz", namespaces=ns)]
    return sizes


def test_a_big_portfolio_pages_the_matrix_legibly(tmp_path: Path) -> None:
    """10 personas × 40 journeys: the matrix over several slides, every journey and persona on
    one of them, no text under 8 pt."""
    personas = [
        make_persona(f"Persona {i:02d}", kind="proto" if i == 3 else "research") for i in range(10)
    ]
    journeys = [
        small_map(f"Journey number {j:02d}", personas[(j + k) % 10].id, f"teams/team-{j:02d}.xlsx")
        for j in range(40)
        for k in range(2)
    ]
    workspace = Workspace(title="Big", source_file="big", personas=personas, journeys=journeys)
    decks = write_portfolio_decks(workspace, tmp_path / "big", today=TODAY, findings=[])
    overview = decks[0]
    assert len(decks) == 41
    matrix = kind_slides(overview, "matrix")
    assert 2 <= len(matrix) <= 8
    headers = [flat(s.text_frame.text) for slide in matrix for s in named(slide, "Journey header")]
    assert headers == [flat(f"Journey number {j:02d}") for j in range(40)]
    rows = [s.text_frame.text for s in named(matrix[0], "Persona name")]
    assert len(rows) == 10  # every persona on each slide of journeys
    pages = [" ".join(shape_texts(slide)) for slide in matrix]
    assert f"journeys 1–{len(set(headers[:7]))}" in pages[0] or "journeys 1–" in pages[0]
    assert min(run_sizes(overview.path)) >= 8.0
    # Each cell names its file (its name alone where the path does not fit).
    cells = [
        s.text_frame.text for slide in matrix for s in slide.shapes if s.name.startswith("Cell OK")
    ]
    assert len(cells) == 80
    assert all(c.split("\n")[1].startswith(("team-", "teams/team-")) for c in cells)
    layouts = kind_slides(overview, "layouts")
    assert len(layouts) >= 4
    assert min(run_sizes(decks[5].path)) >= 8.0
