"""The interactive page (`--to html`, and `build`): written atomically, everything in it, nothing fetched.

The page is read back with the standard library's HTML parser, the way a browser builds its
tree: what text each element holds and which attributes it carries. The browser tests
(tests/test_html_browser.py) drive the controls; these check the file itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.contrast import ratio as contrast
from mapbridge.errors import Problem
from mapbridge.exporters.html import EXPORTER, html_page, write_html
from mapbridge.exporters.html.view import TEXT_BACKGROUNDS, build_page
from mapbridge.model import Entry, Journey, Lane, SourceRef, Stage, Workspace
from mapbridge.palette import DEFAULT_PERSONA_COLOURS
from tests.factories import make_journey, make_persona, make_workspace

BANK = Path("samples/bank-account-rows.xlsx")
HOME = Path("samples/home-insurance-grid.xlsx")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)
VOID = {"meta", "input", "br", "hr", "img", "col", "link", "source", "wbr", "area", "base"}
SVG_EMPTY = {"rect", "line", "circle", "path"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes())
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        [found] = self.find(tag, cls, **attrs)
        return found

    def inside(self, tag: str, **attrs: str) -> bool:
        node = self.parent
        while node is not None:
            if node.tag == tag and all(node.attrs.get(k) == v for k, v in attrs.items()):
                return True
            node = node.parent
        return False


class _Tree(HTMLParser):
    """The page as a tree of Nodes (text unescaped, as the DOM holds it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        node = Node(tag, values, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text.append(data)


def parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree


def main_of(tree: _Tree) -> Node:
    return tree.root.one("main")


def item_texts(tree: _Tree) -> list[str]:
    return [
        span.all_text()
        for item in main_of(tree).find("div", "item")
        for span in item.find("span", "text")
    ]


@pytest.fixture(scope="module")
def bank() -> Workspace:
    return read_input(BANK)


@pytest.fixture(scope="module")
def bank_page(bank: Workspace) -> str:
    return html_page(bank, today=date(2026, 11, 1))


@pytest.fixture(scope="module")
def bank_tree(bank_page: str) -> _Tree:
    return parse(bank_page)


# ------------------------------------------------------------------------ writing the file


def test_export_to_html_writes_one_file_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "maps" / "map.html"
    result = CliRunner().invoke(cli, ["export", str(BANK), "--to", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (html: 4 personas, 4 maps)\n"
    assert result.stderr == ""
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    # The export ran the checks: the page lists their findings.
    assert "MB110" in text


def test_export_default_name_is_beside_the_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "bank.xlsx"
    workbook.write_bytes(BANK.read_bytes())
    result = CliRunner().invoke(cli, ["export", str(workbook), "--to", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bank.html").is_file()


def test_export_to_stdout_prints_the_page() -> None:
    result = CliRunner().invoke(cli, ["export", str(BANK), "--to", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stdout.rstrip().endswith("</html>")


def test_the_exporter_is_registered_with_its_extension() -> None:
    from mapbridge.plugins import load_registry

    registry = load_registry()
    assert registry.exporters["html"] is EXPORTER
    assert EXPORTER.extension == ".html"


def test_formats_lists_the_page() -> None:
    result = CliRunner().invoke(cli, ["formats"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("html "))
    assert ".html" in line and "persona filters" in line


def test_a_failed_write_keeps_the_old_page(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "map.html"
    out.write_text("last week's page", encoding="utf-8")

    def half_then_full_disk(self: Path, data: str, *args: Any, **kwargs: Any) -> None:
        with open(self, "w", encoding="utf-8") as handle:  # noqa: PTH123 - the broken writer
            handle.write(data[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pathlib.Path.write_text", half_then_full_disk)
    workspace = make_workspace()
    with pytest.raises(OSError, match="No space left"):
        write_html(workspace, out)
    assert out.read_bytes() == b"last week's page"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]

    result = CliRunner().invoke(cli, ["export", str(BANK), "--to", "html", "-o", str(out)])
    assert result.exit_code == 2
    assert "error MB042 file-system-error: No space left on device" in result.stderr
    assert out.read_bytes() == b"last week's page"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_html_returns_the_path_and_writes_utf8(tmp_path: Path) -> None:
    workspace = make_workspace()
    workspace.personas[0].name = "Zoë Ångström"
    written = write_html(workspace, tmp_path / "page.html", today=date(2026, 10, 1))
    assert written == [tmp_path / "page.html"]
    text = (tmp_path / "page.html").read_bytes().decode("utf-8")
    assert "Zoë Ångström" in text
    assert '<meta charset="utf-8">' in text
    assert "1 Oct 2026" in text


def test_build_writes_the_page_beside_the_deck(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(BANK), "-o", str(tmp_path), "--today", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    page = tmp_path / "bank-account-rows.html"
    assert page.is_file()
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"wrote {tmp_path / 'bank-account-rows.pptx'} (")
    assert lines[1] == f"wrote {page} (interactive map: 4 personas, 4 maps)"
    tree = parse(page.read_text(encoding="utf-8"))
    health = tree.root.one("section", id="health")
    codes = {c.all_text() for c in health.find("code")}
    assert {"MB109", "MB110", "MB104"} <= codes
    # Dated by --today, not the clock.
    assert tree.root.one("time").attrs["datetime"] == "2026-11-01"


def test_build_result_names_the_page(tmp_path: Path) -> None:
    from mapbridge import workflow

    result = workflow.build(BANK, tmp_path, workflow.BuildOptions(today=date(2026, 11, 1)))
    assert result.page == tmp_path / "bank-account-rows.html"
    assert result.written[:2] == [result.deck.path, result.page]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mapbridge-build-")]


# ------------------------------------------------------------------------ what the page holds


def test_csp_meta_forbids_every_network_request(bank_tree: _Tree) -> None:
    metas = [a for t, a in bank_tree.tags if t == "meta" and a.get("http-equiv")]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert bank_tree.root.one("html").attrs["lang"] == "en"
    assert any(t == "meta" and a.get("charset") == "utf-8" for t, a in bank_tree.tags)


def test_nothing_is_loaded_from_anywhere(bank_page: str, bank_tree: _Tree) -> None:
    assert not [t for t, _a in bank_tree.tags if t in ("link", "iframe", "img", "object", "embed")]
    for tag, attrs in bank_tree.tags:
        assert "src" not in attrs, tag
        for name in ("href", "xlink:href", "action", "formaction", "poster", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "http://" not in bank_page and "https://" not in bank_page
    assert "@import" not in bank_page and "url(" not in bank_page
    scripts = [a for t, a in bank_tree.tags if t == "script"]
    assert scripts == [{}]  # one inline script, no src, no type


def test_every_cell_of_the_sample_is_in_the_page(bank: Workspace, bank_tree: _Tree) -> None:
    shown = Counter(item_texts(bank_tree))
    missing = [
        (journey.persona_id, entry.stage_id, entry.lane_id, entry.text)
        for journey in bank.journeys
        for entry in journey.entries
        if entry.text and entry.text not in shown
    ]
    assert missing == []
    # No truncation: every item text is one of the workbook's cell texts.
    texts = {e.text for j in bank.journeys for e in j.entries}
    assert set(shown) <= texts


def test_every_cell_of_the_grid_sample_is_in_the_page() -> None:
    home = read_input(HOME)
    shown = set(item_texts(parse(html_page(home))))
    assert {e.text for j in home.journeys for e in j.entries if e.text} <= shown


def test_cells_carry_stage_lane_and_source(bank: Workspace, bank_tree: _Tree) -> None:
    main = main_of(bank_tree)
    stage_ids = {s.id for j in bank.journeys for s in j.stages}
    lane_ids = {lane.id for j in bank.journeys for lane in j.lanes}
    cells = main.find("td", "cell")
    assert cells
    for cell in cells:
        assert cell.attrs["data-stage"] in stage_ids
        assert cell.attrs["data-lane"] in lane_ids
    sources = {f"bank-account-rows.xlsx › {e.source}" for j in bank.journeys for e in j.entries}
    for item in main.find("div", "item"):
        assert item.attrs["tabindex"] == "0"
        assert item.attrs["title"] == item.attrs["data-source"]
        for part in item.attrs["data-source"].split("; "):
            assert part in sources
    first = bank.journeys[0].entries[0]
    assert any(
        i.attrs["data-source"] == f"bank-account-rows.xlsx › {first.source}"
        for i in main.find("div", "item")
    )


def test_board_sources_print_as_file_frame_element() -> None:
    workspace = make_workspace(n_personas=1)
    entry = workspace.journeys[0].entries[0]
    workspace.journeys[0].entries[0] = entry.model_copy(
        update={"source": SourceRef(sheet="Ana – Onboarding", cell='sticky "Call" (id 3f2a9c)')}
    )
    workspace.source_file = "board.excalidraw"
    tree = parse(html_page(workspace))
    sources = {i.attrs["data-source"] for i in main_of(tree).find("div", "item")}
    assert 'board.excalidraw › Ana – Onboarding › sticky "Call" (id 3f2a9c)' in sources


def test_the_filter_names_every_persona(bank: Workspace, bank_tree: _Tree) -> None:
    fieldset = bank_tree.root.one("fieldset", id="persona-filter")
    assert "hidden" in fieldset.attrs  # the script shows it; without JS it stays out of the way
    assert fieldset.find("legend")
    boxes = fieldset.find("input", "persona-toggle")
    assert [b.attrs["value"] for b in boxes] == [p.id for p in bank.personas]
    for box, persona in zip(boxes, bank.personas, strict=True):
        assert box.attrs["type"] == "checkbox"
        assert box.attrs["id"] == f"toggle-{persona.id}"
        assert "checked" in box.attrs
        label = fieldset.one("label", **{"for": f"toggle-{persona.id}"})
        assert persona.name in label.all_text()
        only = fieldset.one("button", "only-persona", data_persona=persona.id)
        assert only.attrs["type"] == "button"
        assert " ".join(only.all_text().split()) == f"Only {persona.name}"
    ben = fieldset.one("label", **{"for": "toggle-ben-okafor"})
    assert "Proto-persona" in ben.all_text()
    assert fieldset.one("button", id="show-all").all_text() == "Show all"
    search = bank_tree.root.one("input", id="search")
    assert search.attrs["type"] == "search" and search.attrs["aria-label"] == "Search the maps"


def test_data_persona_counts_match_each_personas_content(bank: Workspace, bank_tree: _Tree) -> None:
    main = main_of(bank_tree)
    items = main.find("div", "item")
    for journey in bank.journeys:
        pid = journey.persona_id
        own = [i for i in items if i.attrs.get("data-persona") == pid]
        shared = [i for i in items if pid in i.attrs.get("data-personas", "").split()]
        entries = [e for e in journey.entries if e.text]
        assert len(own) + len(shared) == len(entries), pid
        # One curve per persona on the layered map, a dot per scored stage.
        cells = journey.cell_index()
        assert len(main.find("path", "curve-line", data_persona=pid)) == 1
        assert len(main.find("circle", "dot", data_persona=pid)) == len(cells.stage_scores())
        assert len(main.find("li", data_persona=pid)) == 1  # the legend entry
        assert len(main.find("article", "profile", data_persona=pid)) == 1
    for item in items:
        if "data-personas" in item.attrs:
            n = len(item.attrs["data-personas"].split())
            assert n > 1 and "data-persona" not in item.attrs
            assert f"Shared by {n}" in item.all_text()


def test_a_layered_journey_is_one_grid(bank_tree: _Tree) -> None:
    journey = bank_tree.root.one("section", "journey", id="journey-open-a-bank-account")
    grids = journey.find("article", "map")
    assert len(grids) == 1 and "layered" in grids[0].classes()
    assert [s.all_text() for s in grids[0].find("th", "stage")] == [
        "Discover",
        "Compare",
        "Apply",
        "Verify ID",
        "First use",
        "Get support",
    ]
    lanes = grids[0].find("tr", "lane")
    assert [lane.attrs["data-lane"] for lane in lanes][:3] == ["actions", "touchpoints", "thinking"]
    for lane in lanes:
        button = lane.one("button", "lane-toggle")
        assert button.attrs["aria-expanded"] == "true"
        for target in button.attrs["aria-controls"].split():
            assert bank_tree.root.find(id=target)


def test_separate_maps_get_a_grid_each_and_shared_maps_have_no_persona() -> None:
    workspace = make_workspace(n_personas=4, diverge=True)
    workspace.journeys.append(make_journey("Open an account", None))
    tree = parse(html_page(workspace))
    grids = main_of(tree).find("article", "map")
    assert [g.attrs.get("data-persona") for g in grids] == [
        None,
        "ana-reyes",
        "ben-okafor",
        "chloe-martin",
        "dev-patel",
    ]
    assert not any("layered" in g.classes() for g in grids)
    shared = grids[0]
    assert "All personas (shared map)" in shared.all_text()
    assert not [n for n in shared.walk() if "data-persona" in n.attrs]
    assert len(shared.find("path", "curve-line")) == 1


def test_the_emotion_curve_is_drawn_over_the_stage_columns(bank_tree: _Tree) -> None:
    grid = main_of(bank_tree).find("article", "map")[0]
    columns = len(grid.find("th", "stage"))
    cell = grid.one("td", "curve-cell")
    assert cell.attrs["colspan"] == str(columns)
    svg = cell.one("svg", "curve")
    assert svg.attrs["role"] == "img"
    for label in svg.attrs["aria-labelledby"].split():
        assert svg.find(id=label)
    centres = [100 * (i + 0.5) / columns for i in range(columns)]
    for dot in svg.find("circle", "dot"):
        assert dot.attrs["cx"].endswith("%")
        x = float(dot.attrs["cx"].rstrip("%"))
        assert min(abs(x - centre) for centre in centres) < 0.01
        title = dot.one("title").all_text()
        assert " · " in title and ": " in title
    assert svg.find("line", "zero")
    scale = [s.all_text() for s in grid.one("tr", "lane-emotion").find("span")]
    assert "+2" in scale and "−2" in scale and "0" in scale


def test_overview_has_personas_journeys_layout_and_reviews(bank_tree: _Tree) -> None:
    overview = bank_tree.root.one("section", id="overview")
    text = " ".join(overview.all_text().split())
    for name in ("Ana Reyes", "Ben Okafor", "Chloe Martin", "Dev Patel", "Open a bank account"):
        assert name in text
    assert "All 4 personas go through the same 6 stages" in text
    assert "Proto-persona" in text
    assert "Priya Shah (CX Research)" in text
    assert "reviewed 1 Sep 2026" in text
    assert "review overdue since 10 Aug 2026" in text  # Ben, due 90 days after 12 May


def test_profiles_show_goals_pains_behaviours_quote_demographics(
    bank: Workspace, bank_tree: _Tree
) -> None:
    section = bank_tree.root.one("section", id="personas")
    for persona in bank.personas:
        card = section.one("article", "profile", data_persona=persona.id)
        text = card.all_text()
        for value in [*persona.goals, *persona.pain_points, *persona.behaviours, persona.quote]:
            assert value in text
        for key, value in persona.demographics.items():
            assert key in text and value in text
    assert (
        "Proto-persona: hypothesis"
        in section.one("article", "profile", data_persona="ben-okafor").all_text()
    )


def test_findings_list_code_severity_message_location() -> None:
    workspace = make_workspace(n_personas=2)
    finding = Problem(
        code="MB110",
        name="stale-map",
        severity="warning",
        message='The map "Open an account" is <overdue>',
        hint="Review it",
        file="bank.xlsx",
        sheet="Journey rows",
        cell="A5",
    )
    tree = parse(html_page(workspace, findings=[finding]))
    row = tree.root.one("section", id="health").one("tr", "finding")
    text = row.all_text()
    assert "Warning" in text and "MB110" in text and "stale-map" in text
    assert 'The map "Open an account" is <overdue>' in text
    assert "bank.xlsx: 'Journey rows'!A5" in text
    none_run = parse(html_page(workspace)).root.one("section", id="health").all_text()
    assert "not run" in none_run
    healthy = parse(html_page(workspace, findings=[])).root.one("section", id="health")
    assert "No findings" in healthy.all_text()


def test_header_names_title_source_and_date(bank_tree: _Tree) -> None:
    header = bank_tree.root.find("header", "page-head")[0]
    text = " ".join(header.all_text().split())
    assert "Retail banking: persona & journey workshop (September 2026)" in text
    assert "bank-account-rows.xlsx" in text
    assert "Generated 1 Nov 2026" in text
    for section in ("overview", "journey-open-a-bank-account", "personas", "health"):
        assert bank_tree.root.find("a", href=f"#{section}")


# ------------------------------------------------------------------------ hostile text


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)",
    "javascript:alert(4)",
    "</style><script>alert(5)</script>",
    "</script><script>alert(6)</script>",
    "<!-- comment --> & &amp; {{ 7*7 }} {% if %}",
]


def hostile_workspace() -> Workspace:
    personas = [
        make_persona(text, goals=[text], quote=text).model_copy(update={"id": f"p {i} {text}"})
        for i, text in enumerate(HOSTILE[:3])
    ]
    journeys = []
    for n, persona in enumerate(personas):
        stages = [Stage(id=f"s{i} {t}", name=t) for i, t in enumerate(HOSTILE)]
        lanes = [
            Lane(id=f"l {HOSTILE[0]}", name=HOSTILE[1], kind="actions"),
            Lane(id=f"e {HOSTILE[2]}", name=HOSTILE[3], kind="emotion"),
        ]
        entries = [
            Entry(
                stage_id=stage.id,
                lane_id=lanes[0].id,
                text=f"{text} {n}" if n else text,
                source=SourceRef(sheet=HOSTILE[4], cell="C7"),
            )
            for stage, text in zip(stages, HOSTILE, strict=True)
        ]
        journeys.append(
            Journey(
                id=f"j{n}",
                name=HOSTILE[5],
                persona_id=persona.id,
                stages=stages,
                lanes=lanes,
                entries=entries,
            )
        )
    return Workspace(title=HOSTILE[0], source_file=HOSTILE[1], personas=personas, journeys=journeys)


def test_hostile_text_shows_as_text_and_never_runs() -> None:
    workspace = hostile_workspace()
    page = html_page(workspace)
    tree = parse(page)
    assert sum(1 for t, _a in tree.tags if t == "script") == 1
    assert sum(1 for t, _a in tree.tags if t == "style") == 1
    assert not [t for t, _a in tree.tags if t == "img"]
    for tag, attrs in tree.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert attrs.get("href", "#").startswith("#")
    assert "<script>alert" not in page and "<img src=x" not in page
    texts = item_texts(tree)
    for text in HOSTILE:
        assert text in texts
    assert tree.root.one("h1").all_text() == HOSTILE[0]
    assert "49" not in " ".join(texts)  # no template ran the text
    # Persona ids with spaces and quotes become plain DOM keys, the same everywhere.
    values = [b.attrs["value"] for b in tree.root.find("input", "persona-toggle")]
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) for v in values)
    assert len(set(values)) == 3
    used = {n.attrs["data-persona"] for n in main_of(tree).walk() if "data-persona" in n.attrs}
    assert used <= set(values)


# ------------------------------------------------------------------------ the page's own code


def test_the_script_puts_text_only_through_textcontent() -> None:
    from importlib import resources

    script = resources.files("mapbridge.exporters.html").joinpath("page.js").read_text("utf-8")
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "fetch(",
        "XMLHttpRequest",
        "</script",
        "<!--",
    ):
        assert forbidden not in script, forbidden
    css = resources.files("mapbridge.exporters.html").joinpath("page.css").read_text("utf-8")
    assert "</style" not in css and "url(" not in css and "@import" not in css
    assert "prefers-reduced-motion: reduce" in css
    assert re.search(r"@media print\s*{\s*@page\s*{\s*size:\s*A3 landscape", css)


def test_persona_colours_as_text_reach_aa_on_every_background() -> None:
    names = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Farid", "Gus", "Hana", "Ivo"]
    workspace = Workspace(title="Colours", personas=[make_persona(n) for n in names])
    page = build_page(workspace)
    assert len(page.personas) == len(names) > len(DEFAULT_PERSONA_COLOURS)
    for persona in page.personas:
        assert min(contrast(persona.ink, bg) for bg in TEXT_BACKGROUNDS) >= 4.5
        assert contrast(persona.line, "FFFFFF") >= 3.0


def test_an_empty_workspace_still_makes_a_page() -> None:
    tree = parse(html_page(Workspace(title="Nothing yet")))
    assert tree.root.one("h1").all_text() == "Nothing yet"
    assert tree.root.find("section", id="overview") and tree.root.find("section", id="health")
