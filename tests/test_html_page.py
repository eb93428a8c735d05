"""The interactive page read as a file, without a browser: safe, self-contained, complete, stable.

The page is parsed with Python's html.parser into a small tree, and these tests hold it to the
page contract (docs: README "An interactive page"): one inline script of the page's own and no
other code; no event-handler attribute and no URL that leaves the page; the Content-Security-
Policy, language and character set; the print and reduced-motion styles; every hostile string of
the injection corpus shown as text; every cell of the sample on the page, in its stage and lane,
on its persona's layer; the same bytes for the same input and date. The browser tests
(test_html_browser.py) check what only a browser can: that nothing runs, the filter, search,
keyboard and print.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mapbridge import workflow
from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.exporters.html import write_html
from tests.corpus.html_injection import (
    LANE_NAMES,
    PERSONA_NAMES,
    STAGE_NAMES,
    STRINGS,
    as_read,
    write_injection_workbook,
)

SAMPLE = Path("samples/bank-account-rows.xlsx")
TODAY = date(2026, 11, 1)
PAGE_JS = Path(__file__).parents[1] / "src" / "mapbridge" / "exporters" / "html" / "page.js"

CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "script-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "font-src": ["data:"],
}

#: Ways to put text into a page as markup, or to run text as code.
HTML_SINKS = [
    r"\binnerHTML\b",
    r"\bouterHTML\b",
    r"\binsertAdjacentHTML\b",
    r"\bdocument\s*\.\s*write(?:ln)?\b",
    r"\beval\s*\(",
    r"\bnew\s+Function\b",
    r"\bcreateContextualFragment\b",
    r"\bsetHTMLUnsafe\b",
    r"\bparseHTMLUnsafe\b",
    r"\bset(?:Timeout|Interval)\s*\(\s*[\"'`]",
]

#: Attributes that hold a URL (a page that loads nothing has only #fragments and data: in them).
URL_ATTRIBUTES = {
    "href",
    "xlink:href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "background",
    "ping",
    "cite",
    "data",
    "codebase",
    "manifest",
}
#: Elements a self-contained, script-safe page has no use for.
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "link",
    "form",
    "math",
    "portal",
}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
#: A start tag of the key closes an open element of the value (the HTML rules the page needs).
IMPLIED_END = {
    "li": {"li"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"tr", "td", "th"},
    "option": {"option"},
    "p": {"p"},
}


# ---------------------------------------------------------------------------- a small DOM


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)
    #: Every attribute as parsed, repeats included (a repeated attribute is itself a defect).
    raw_attrs: list[tuple[str, str | None]] = field(default_factory=list)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def text(self) -> str:
        """The element's text as a reader meets it (script and style contents left out)."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style"):
                parts.append(child.text())
        return "\n".join(parts)

    def content(self) -> str:
        """The element's own text nodes as they stand (a script's or a style's code)."""
        return "".join(c for c in self.children if isinstance(c, str))

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.comments: list[str] = []
        self.declarations: list[str] = []

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        for closes in IMPLIED_END.get(tag, set()):
            for depth in range(len(self.stack) - 1, 0, -1):
                if self.stack[depth].tag in ("table", "ul", "ol", "select", "tbody"):
                    break
                if self.stack[depth].tag == closes:
                    del self.stack[depth:]
                    break
        element = Element(
            tag,
            {name: value or "" for name, value in attrs},
            parent=self.stack[-1],
            raw_attrs=list(attrs),
        )
        self.stack[-1].children.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._open(tag, attrs)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)

    def handle_pi(self, data: str) -> None:
        self.declarations.append(data)


@dataclass
class Page:
    raw: str
    root: Element
    comments: list[str]
    declarations: list[str]

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for element in self.root.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if any(element.attrs.get(name.replace("_", "-")) != v for name, v in attrs.items()):
                continue
            found.append(element)
        return found

    def by_id(self, id_: str) -> Element:
        (element,) = [e for e in self.root.iter() if e.attrs.get("id") == id_]
        return element

    @property
    def elements(self) -> list[Element]:
        return list(self.root.iter())[1:]

    @property
    def scripts(self) -> list[Element]:
        return self.all("script")

    @property
    def code_scripts(self) -> list[Element]:
        """Scripts a browser runs (no type, or a JavaScript type, or a module)."""
        return [s for s in self.scripts if _runs(s)]

    @property
    def styles(self) -> str:
        return "\n".join(s.content() for s in self.all("style"))

    def visible_text(self) -> str:
        """Text nodes and attribute values: everywhere text can be shown (not inside code)."""
        parts = [self.root.text()]
        for element in self.elements:
            parts.extend(value for value in element.attrs.values())
        return "\n".join(parts)


_JS_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


def _runs(script: Element) -> bool:
    return script.attrs.get("type", "").strip().lower() in _JS_TYPES


def parse(raw: str) -> Page:
    builder = _TreeBuilder()
    builder.feed(raw)
    builder.close()
    return Page(raw, builder.root, builder.comments, builder.declarations)


def squash(text: str) -> str:
    """Text without any white space (line breaks and list layout may differ; the words may not)."""
    return "".join(text.split())


def strip_js_comments(code: str) -> str:
    """page.js without its comments, so a comment saying "never innerHTML" is no finding."""
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.DOTALL)
    return re.sub(r"(?m)(^|[^:\\])//.*$", r"\1", code)


# ---------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Page]:
    """The sample as `build` writes it (OUTDIR/<name>.html beside the deck)."""
    outdir = tmp_path_factory.mktemp("build")
    workflow.build(SAMPLE, outdir, workflow.BuildOptions(today=TODAY))
    path = outdir / f"{SAMPLE.stem}.html"
    return path, parse(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(built) -> Page:
    return built[1]


@pytest.fixture(scope="module")
def hostile_workbook(tmp_path_factory) -> Path:
    return write_injection_workbook(tmp_path_factory.mktemp("hostile") / "hostile.xlsx")


@pytest.fixture(scope="module")
def hostile(hostile_workbook) -> Page:
    """The injection corpus as `mapbridge export --to html -o map.html` writes it."""
    from click.testing import CliRunner

    target = hostile_workbook.parent / "map.html"
    result = CliRunner().invoke(
        cli, ["export", str(hostile_workbook), "--to", "html", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.stdout
    return parse(target.read_text(encoding="utf-8"))


@pytest.fixture(params=["sample", "hostile"])
def page(request) -> Page:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------------------- writing


def test_export_and_build_write_the_page(built, hostile_workbook) -> None:
    path, _page = built
    assert path.name == "bank-account-rows.html"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "bank-account-rows-check.txt",
        "bank-account-rows-insights.txt",
        "bank-account-rows-tracker.xlsx",
        "bank-account-rows.html",
        "bank-account-rows.pptx",
    ]
    # Without -o, beside the input, named after it.
    result = workflow.export(hostile_workbook, "html")
    assert result.paths == [hostile_workbook.with_suffix(".html")]


def test_the_same_workbook_and_date_give_the_same_bytes(tmp_path) -> None:
    workspace = read_input(SAMPLE)
    first = write_html(workspace, tmp_path / "first.html", today=TODAY)
    second = write_html(read_input(SAMPLE), tmp_path / "second.html", today=TODAY)
    assert first == [tmp_path / "first.html"] and second == [tmp_path / "second.html"]
    assert first[0].read_bytes() == second[0].read_bytes()


# ---------------------------------------------------------------------------- head


def test_language_character_set_and_content_security_policy(page: Page) -> None:
    (html,) = page.all("html")
    assert html.attrs.get("lang") == "en"
    assert [d.lower() for d in page.declarations] == ["doctype html"]
    charsets = [m for m in page.all("meta") if "charset" in m.attrs]
    assert [m.attrs["charset"].lower() for m in charsets] == ["utf-8"]
    (csp,) = [
        m
        for m in page.all("meta")
        if m.attrs.get("http-equiv", "").lower() == "content-security-policy"
    ]
    directives = {}
    for part in csp.attrs["content"].split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name.lower()] = values
    assert directives == CSP
    # A CSP meta only governs what comes after it: it comes before every style and script.
    order = page.elements
    assert all(order.index(csp) < order.index(e) for e in page.all("style") + page.scripts)
    others = [m.attrs for m in page.all("meta") if m is not csp and "http-equiv" in m.attrs]
    assert others == []


# ---------------------------------------------------------------------------- code


def test_one_script_of_its_own_and_nothing_loaded(page: Page) -> None:
    assert len(page.code_scripts) == 1
    assert [s.attrs for s in page.scripts if "src" in s.attrs] == []
    assert page.raw.lower().count("<script") == len(page.scripts)
    for script in page.scripts:
        if script not in page.code_scripts:  # a data island
            assert script.attrs.get("type", "").lower() == "application/json"
    assert [e.tag for e in page.elements if e.tag in FORBIDDEN_TAGS] == []


def test_no_event_handler_attribute_anywhere(page: Page) -> None:
    handlers = [
        (e.tag, name) for e in page.elements for name, _ in e.raw_attrs if name.startswith("on")
    ]
    assert handlers == []


def test_no_url_leaves_the_page(page: Page) -> None:
    for element in page.elements:
        for name, value in element.raw_attrs:
            if name not in URL_ATTRIBUTES:
                assert name != "srcdoc", element.tag
                continue
            value = (value or "").strip()
            if name in ("href", "xlink:href"):
                assert value.startswith("#"), (element.tag, name, value)
            else:
                assert value.startswith("data:") and not value.lower().startswith(
                    "data:text/html"
                ), (element.tag, name, value)
    styles = page.styles
    assert "@import" not in styles
    for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", styles):
        assert url.startswith(("data:", "#")), url


def test_the_ids_are_unique(page: Page) -> None:
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    repeated = [
        (e.tag, [n for n, _ in e.raw_attrs])
        for e in page.elements
        if len({n for n, _ in e.raw_attrs}) != len(e.raw_attrs)
    ]
    assert repeated == []


def test_the_script_puts_text_in_the_page_only_as_text(page: Page) -> None:
    (script,) = page.code_scripts
    for code in (script.content(), PAGE_JS.read_text(encoding="utf-8")):
        code = strip_js_comments(code)
        found = [sink for sink in HTML_SINKS if re.search(sink, code)]
        assert found == []
    # The page's script is the module's page.js, with nothing from the workbook in it.
    assert squash(PAGE_JS.read_text(encoding="utf-8")) in squash(script.content())
    assert "alert(" not in script.content()


def test_a_data_island_cannot_break_out(page: Page) -> None:
    for script in page.scripts:
        if script in page.code_scripts:
            continue
        content = script.content()
        lowered = content.lower()
        assert "</script" not in lowered and "<!--" not in lowered and "<script" not in lowered
        json.loads(content)
        assert "\u2028" not in content and "\u2029" not in content


# ---------------------------------------------------------------------------- style


def test_print_on_a3_landscape_and_reduced_motion(page: Page) -> None:
    styles = re.sub(r"/\*.*?\*/", "", page.styles, flags=re.DOTALL)
    assert re.search(r"@media\s+print\b", styles)
    pages = re.findall(r"@page\s*\{([^}]*)\}", styles)
    assert any(re.search(r"size\s*:\s*A3\s+landscape", body, re.IGNORECASE) for body in pages)
    assert re.search(r"@media[^{]*prefers-reduced-motion\s*:\s*reduce", styles)


# ---------------------------------------------------------------------------- hostile text


def test_every_hostile_string_shows_as_text(hostile: Page) -> None:
    shown = squash(hostile.visible_text())
    missing = [s for s in STRINGS if squash(as_read(s)) not in shown]
    assert missing == []
    # None of it reached the code or the style of the page.
    for script in hostile.scripts:
        if script in hostile.code_scripts:
            assert "alert(" not in script.content()
    assert "alert(" not in hostile.styles and "evil.example" not in hostile.styles
    # No hostile markup became a comment or a declaration.
    assert [c for c in hostile.comments if "alert" in c or "unclosed" in c] == []


def test_hostile_names_are_text_in_the_controls(hostile_workbook, hostile: Page) -> None:
    workspace = read_input(hostile_workbook)
    assert [p.name for p in workspace.personas] == [as_read(n) for n in PERSONA_NAMES]
    filter_ = hostile.by_id("persona-filter")
    assert filter_.tag == "fieldset"
    toggles = [e for e in filter_.iter() if "persona-toggle" in e.classes]
    assert [t.attrs["value"] for t in toggles] == [p.id for p in workspace.personas]
    labels = {e.attrs.get("for"): e for e in filter_.iter() if e.tag == "label"}
    for toggle, persona in zip(toggles, workspace.personas, strict=True):
        assert toggle.attrs["id"] == f"toggle-{persona.id}"
        assert squash(persona.name) in squash(labels[toggle.attrs["id"]].text())
    only = [e for e in filter_.iter() if "only-persona" in e.classes]
    assert [b.attrs["data-persona"] for b in only] == [p.id for p in workspace.personas]
    for button, persona in zip(only, workspace.personas, strict=True):
        assert squash(button.text()) == squash(f"Only {persona.name}")
    assert len(hostile.all("input", cls="persona-toggle")) == len(workspace.personas)
    assert len(hostile.all("button", id="show-all")) == 1
    # Stage and lane names are shown whole.
    shown = squash(hostile.root.text())
    for name in STAGE_NAMES + LANE_NAMES:
        assert squash(as_read(name)) in shown, name


# ---------------------------------------------------------------------------- the sample


def _cells(page: Page) -> dict[tuple[str, str], list[Element]]:
    cells: dict[tuple[str, str], list[Element]] = {}
    for td in page.all("td", cls="cell"):
        cells.setdefault((td.attrs["data-stage"], td.attrs["data-lane"]), []).append(td)
    return cells


def _on_layer(item: Element, persona_id: str | None) -> bool:
    if persona_id is None:
        return True
    return (
        item.attrs.get("data-persona") == persona_id
        or persona_id in item.attrs.get("data-personas", "").split()
    )


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_every_cell_is_on_the_page_in_its_stage_lane_and_layer(
    request, which: str, hostile_workbook
) -> None:
    page: Page = request.getfixturevalue(which)
    workspace = read_input(SAMPLE if which == "sample" else hostile_workbook)
    cells = _cells(page)
    dots = page.all("circle", cls="dot")
    missing = []
    for journey in workspace.journeys:
        for entry in journey.entries:
            if not entry.text.strip():
                continue
            persona = None if entry.shared else journey.persona_id
            items = [
                item
                for td in cells.get((entry.stage_id, entry.lane_id), [])
                for item in td.iter()
                if "item" in item.classes and _on_layer(item, persona)
            ]
            if any(squash(entry.text) in squash(item.text()) for item in items):
                continue
            if entry.emotion is not None and entry.emotion.score is not None:
                on_curve = [d for d in dots if _on_layer(d, journey.persona_id)]
                if any(squash(entry.text) in squash(d.text()) for d in on_curve):
                    continue
            missing.append((journey.id, entry.stage_id, entry.lane_id, entry.text))
    assert missing == []


def test_items_name_their_source_cell_and_take_focus(sample: Page) -> None:
    items = sample.all(cls="item")
    assert items
    for item in items:
        assert item.attrs.get("tabindex") == "0"
        assert item.attrs.get("data-source")
        assert item.attrs.get("title")
        assert item.attrs["data-source"] in item.attrs["title"]
    workspace = read_input(SAMPLE)
    known = {p.id for p in workspace.personas}
    for element in sample.elements:
        if "data-persona" in element.attrs:
            assert element.attrs["data-persona"] in known, element.attrs
        if "data-personas" in element.attrs:
            assert set(element.attrs["data-personas"].split()) <= known, element.attrs


def test_the_sample_shows_every_persona_journey_and_section(sample: Page) -> None:
    workspace = read_input(SAMPLE)
    for section in ("overview", "personas", "health"):
        assert sample.by_id(section).tag == "section"
    journeys = sample.all("section", cls="journey")
    assert journeys and all(s.attrs["id"].startswith("journey-") for s in journeys)
    text = squash(sample.root.text())
    for persona in workspace.personas:
        for value in [persona.name, persona.role, persona.quote, *persona.goals]:
            if value:
                assert squash(value) in text, value
    for journey in workspace.journeys:
        assert squash(journey.name) in text
        for stage in journey.stages:
            assert squash(stage.name) in text
        for lane in journey.lanes:
            assert squash(lane.name) in text
    # The filter works only with the script: without it, it is hidden.
    filter_ = sample.by_id("persona-filter")
    assert "hidden" in filter_.attrs
    assert [e for e in filter_.iter() if e.tag == "legend"]
    lanes = sample.all("tr", cls="lane")
    assert lanes
    for lane in lanes:
        (toggle,) = [e for e in lane.iter() if "lane-toggle" in e.classes]
        assert toggle.attrs.get("aria-expanded") == "true"
        assert toggle.attrs.get("aria-controls")
    (search,) = sample.all("input", id="search")
    assert search.attrs.get("type") == "search" and search.attrs.get("aria-label")
    for curve in sample.all("svg", cls="curve"):
        assert curve.attrs.get("role") == "img" and curve.attrs.get("aria-labelledby")


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_a_curve_breaks_where_an_emotion_has_no_score(request, which: str, hostile_workbook):
    """README: a cell mapbridge cannot score is "a gap in the curve", on the page as in the deck:
    each run of scored stages is its own subpath (one `M`), never a line across the gap."""
    page: Page = request.getfixturevalue(which)
    workspace = read_input(SAMPLE if which == "sample" else hostile_workbook)
    for journey in workspace.journeys:
        scored = [
            any(
                e.stage_id == stage.id and e.emotion is not None and e.emotion.score is not None
                for e in journey.entries
            )
            for stage in journey.stages
        ]
        runs = sum(1 for i, s in enumerate(scored) if s and (i == 0 or not scored[i - 1]))
        paths = page.all("path", cls="curve-line", data_persona=journey.persona_id)
        assert paths, journey.id
        for path in paths:
            assert path.attrs["d"].count("M") == runs, (journey.id, scored, path.attrs["d"])
