"""The interactive page (issue 17) in a real browser: Debian's Chromium driven by Playwright.

The page must open from a file with no network request and no console error, show every cell's
text (with and without JavaScript), hide exactly a persona's layer when its box is unticked (the
state in the URL fragment, restored on reload), reach every control by keyboard with a visible
focus, collapse lanes, highlight search matches, and run nothing from a hostile workbook.

Skipped without Playwright or /usr/bin/chromium, except in CI (see tests/html_helpers.py).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mapbridge.api import read_input
from tests.corpus.html_injection import STRINGS, as_read, write_injection_workbook
from tests.html_helpers import (
    CHROMIUM,
    RECORD_FOCUS_JS,
    ROWS_SAMPLE,
    TABBABLE_JS,
    checked_personas,
    count_visible,
    export_page,
    flat,
    fragment_state,
    layers,
    new_page,
    page_text,
    persona_ids,
    require_browser,
    visibility_diff,
)
from tests.workbooks import PERSONA_HEADER, make_xlsx

# ---------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_page(ROWS_SAMPLE, tmp_path_factory.mktemp("page") / "map.html")


@pytest.fixture(scope="module")
def sample_workspace() -> Any:
    return read_input(ROWS_SAMPLE)


@pytest.fixture
def opened(browser: Any, sample_page: Path) -> Any:
    """The sample page opened from its file, with its Watch; the context closed afterwards."""
    page, watch = new_page(browser)
    page.goto(sample_page.as_uri())
    yield page, watch
    page.context.close()


def entry_texts(workspace: Any) -> list[str]:
    return [e.text for j in workspace.journeys for e in j.entries if e.text.strip()]


def missing_texts(text: str, wanted: list[str]) -> list[str]:
    return [t for t in dict.fromkeys(wanted) if flat(t) not in text]


# --------------------------------------------------------------------- 1. a file, no network


def test_the_page_opens_from_a_file_with_no_request_and_no_error(opened: Any) -> None:
    page, watch = opened
    page.wait_for_load_state("load")
    watch.assert_quiet(page.url)
    assert watch.requests == [page.url.split("#")[0]]
    # The page's own script ran under its Content-Security-Policy: it un-hides the filter.
    assert page.is_visible("#persona-filter")
    assert page.evaluate("document.scripts.length") == 1


# ------------------------------------------------------------------------ 2. all the text


def test_every_cell_text_is_on_the_page_with_and_without_javascript(
    browser: Any, sample_page: Path, sample_workspace: Any
) -> None:
    wanted = entry_texts(sample_workspace)
    assert len(wanted) > 100
    for javascript in (True, False):
        page, watch = new_page(browser, java_script_enabled=javascript)
        page.goto(sample_page.as_uri())
        text = page_text(page)
        assert missing_texts(text, wanted) == [], f"JavaScript {'on' if javascript else 'off'}"
        for persona in sample_workspace.personas:
            assert persona.name in text
        if not javascript:
            # The controls need the script; without it the filter stays hidden.
            assert not page.is_visible("#persona-filter")
        watch.assert_quiet(page.url)
        page.context.close()


# ------------------------------------------------------------------- 3. the persona filter


def click_toggle(page: Any, persona: str) -> None:
    page.click(f"label[for='toggle-{persona}']")


def test_unticking_a_persona_hides_exactly_its_layer(opened: Any) -> None:
    page, watch = opened
    ids = persona_ids(page)
    assert len(ids) == 4
    initial = layers(page)
    for persona in ids:
        # Not a vacuous test: the persona has shown items in the cells and in the curve.
        assert count_visible(initial, persona, curve=False) > 0, persona
        assert count_visible(initial, persona, curve=True) > 0, persona
    shared = [el for el in initial if el["personas"]]
    assert shared, "the sample has items shared by several personas"

    hidden: set[str] = set()
    for persona in ids:  # untick them one by one, to none at all
        click_toggle(page, persona)
        hidden.add(persona)
        assert not page.is_checked(f"#toggle-{persona}")
        now = layers(page)
        assert visibility_diff(initial, now, hidden) == [], f"hiding {sorted(hidden)}"
        assert count_visible(now, persona) == 0
        assert fragment_state(page.url)[0] == hidden
    # Shared items went only with their last persona.
    assert not any(el["visible"] for el in layers(page) if el["personas"])

    for persona in ids:  # and back
        click_toggle(page, persona)
        hidden.discard(persona)
        assert visibility_diff(initial, layers(page), hidden) == []
    assert fragment_state(page.url)[0] == set()
    watch.assert_quiet(page.url)


def test_only_one_persona_and_show_all(opened: Any) -> None:
    page, watch = opened
    ids = persona_ids(page)
    initial = layers(page)
    for persona in ids:
        page.click(f"button.only-persona[data-persona='{persona}']")
        others = set(ids) - {persona}
        assert checked_personas(page) == {persona}
        now = layers(page)
        assert visibility_diff(initial, now, others) == [], f"only {persona}"
        for other in others:
            assert count_visible(now, other) == 0
        # Shared items that include the persona stay.
        for before, after in zip(initial, now, strict=True):
            if before["personas"] and before["visible"]:
                assert after["visible"] == (persona in before["personas"].split())
        assert fragment_state(page.url)[0] == others
        page.click("#show-all")
        assert checked_personas(page) == set(ids)
        assert visibility_diff(initial, layers(page), set()) == []
        assert fragment_state(page.url)[0] == set()
    watch.assert_quiet(page.url)


def test_a_shared_item_shows_only_the_colours_of_sharers_still_shown(opened: Any) -> None:
    """Hiding a persona takes its colour off the striped edge of the items it shares."""
    page, watch = opened
    edges = """() => Array.from(document.querySelectorAll('main [data-edges]')).map(e => ({
        personas: e.getAttribute('data-personas').split(' '),
        colours: Object.fromEntries(e.getAttribute('data-edges').split(' ').map(
            p => [p.slice(0, p.lastIndexOf(':')), p.slice(p.lastIndexOf(':') + 1).toLowerCase()])),
        edge: getComputedStyle(e).getPropertyValue('--edge').toLowerCase(),
        hidden: e.hidden}))"""
    before = page.evaluate(edges)
    assert before, "the sample has items several personas share"
    hide = before[0]["personas"][0]
    page.uncheck(f"#toggle-{hide}")
    for item in page.evaluate(edges):
        if hide not in item["personas"] or item["hidden"]:
            continue
        assert item["colours"][hide] not in item["edge"], item
        for other in set(item["personas"]) - {hide}:
            assert item["colours"][other] in item["edge"], item
    page.click("#show-all")
    assert [i["edge"] for i in page.evaluate(edges)] == [i["edge"] for i in before]
    watch.assert_quiet(page.url)


def test_a_link_with_the_fragment_opens_the_same_view(browser: Any, opened: Any) -> None:
    page, watch = opened
    ids = persona_ids(page)
    click_toggle(page, ids[0])
    page.click(f"button.only-persona[data-persona='{ids[2]}']")
    click_toggle(page, ids[1])  # shows ids[1] again: ids[2] and ids[1] shown
    page.fill("#search", "account")
    page.wait_for_function("() => location.hash.includes('q=account')", timeout=3000)
    hidden, query = fragment_state(page.url)
    assert hidden == {ids[0], ids[3]}
    assert query == "account"
    view = [el["visible"] for el in layers(page)]
    matches = page.evaluate("() => document.querySelectorAll('.item.match').length")
    assert matches > 0

    other, other_watch = new_page(browser)
    other.goto(page.url)
    assert checked_personas(other) == {ids[1], ids[2]}
    assert [el["visible"] for el in layers(other)] == view
    assert other.input_value("#search") == "account"
    assert other.evaluate("() => document.querySelectorAll('.item.match').length") == matches
    page.reload()
    assert [el["visible"] for el in layers(page)] == view
    other_watch.assert_quiet(other.url)
    other.context.close()
    watch.assert_quiet(page.url)


# ------------------------------------------------------------------------------ 4. keyboard


def test_tab_reaches_every_control_with_a_visible_focus(opened: Any) -> None:
    page, watch = opened
    ids = persona_ids(page)
    lanes = page.evaluate("() => document.querySelectorAll('.lane-toggle').length")
    assert lanes > 0
    controls = (
        {f"#toggle-{p}" for p in ids}
        | {f"only:{p}" for p in ids}
        | {"#show-all", "#search"}
        | {f"lane:{i}" for i in range(lanes)}
    )
    page.evaluate(RECORD_FOCUS_JS)
    for _ in range(page.evaluate(TABBABLE_JS) + 2):  # from the top, past the last element
        page.keyboard.press("Tab")
    reached: dict[str, dict[str, Any]] = {}
    for focused in page.evaluate("window.__focused"):
        reached.setdefault(focused["key"], focused)
    assert controls - set(reached) == set(), "controls Tab never reached"
    no_ring = [
        key
        for key, f in reached.items()
        if not (f["ring"] or (key.startswith("#toggle-") and f["labelRing"]))
    ]
    assert no_ring == [], "focused without a visible outline or box shadow"
    assert all(f["focusVisible"] for f in reached.values())
    watch.assert_quiet(page.url)


# ------------------------------------------------------------------- 5. lanes and search

#: A lane toggle's state and what it controls: its own row and the rows aria-controls names
#: (an emotion lane's curve row and its "as written" values row), and what in them is shown.
LANE_JS = """
(i) => {
  const toggle = document.querySelectorAll('.lane-toggle')[i];
  const ids = (toggle.getAttribute('aria-controls') || '').split(/\\s+/).filter(Boolean);
  const own = toggle.closest('tr.lane');
  const rows = [own, ...ids.map(id => document.getElementById(id))].filter(Boolean);
  const content = rows.flatMap(row => Array.from(
    row.querySelectorAll('td .item, td [data-persona], td svg.curve')));
  return {
    rows: [...new Set(rows.map(row => row.id))],
    expanded: toggle.getAttribute('aria-expanded'),
    collapsed: own ? own.getAttribute('data-collapsed') : 'no tr.lane around the toggle',
    emotion: own ? own.classList.contains('lane-emotion') : false,
    toggleVisible: toggle.checkVisibility(),
    controlsExist: ids.length > 0 && ids.every(id => document.getElementById(id)),
    shown: content.map(el => el.checkVisibility()),
  };
}
"""


def test_a_lane_collapses_and_expands(opened: Any) -> None:
    page, watch = opened
    initial = layers(page)
    count = page.evaluate("() => document.querySelectorAll('.lane-toggle').length")
    emotion = page.evaluate(
        "() => Array.from(document.querySelectorAll('.lane-toggle'))"
        ".findIndex(b => b.closest('tr.lane-emotion, tr.lane[data-lane=emotion]'))"
    )
    lanes = sorted({0, count - 1} | ({emotion} if emotion >= 0 else set()))
    for i in lanes:
        before = page.evaluate(LANE_JS, i)
        assert before["expanded"] == "true"
        assert before["controlsExist"], "aria-controls names elements of the page"
        assert before["shown"] and all(before["shown"]), f"lane {i} starts with its items shown"
        page.locator(".lane-toggle").nth(i).click()
        after = page.evaluate(LANE_JS, i)
        assert after["expanded"] == "false"
        assert after["collapsed"] == "true"
        assert after["toggleVisible"]
        assert not any(after["shown"]), f"lane {i} collapsed but its content is still shown"
        # Nothing outside the lane changed.
        for el, now in zip(initial, layers(page), strict=True):
            if el["row"] not in after["rows"]:
                assert now["visible"] == el["visible"], el
        page.locator(".lane-toggle").nth(i).focus()
        page.keyboard.press("Enter")  # the keyboard expands it again
        again = page.evaluate(LANE_JS, i)
        assert again["expanded"] == "true"
        assert again["collapsed"] in (None, "false")
        assert again["shown"] == before["shown"]
    assert [el["visible"] for el in layers(page)] == [el["visible"] for el in initial]
    watch.assert_quiet(page.url)


def a_search_word(workspace: Any) -> str:
    """A word of several cells (not all): the most frequent long word, ties alphabetical."""
    counts: Counter[str] = Counter()
    texts = entry_texts(workspace)
    for text in texts:
        counts.update({w.casefold() for w in re.findall(r"[A-Za-z]{7,}", text)})
    return min((w for w, n in counts.items() if 2 <= n < len(texts)), key=lambda w: (-counts[w], w))


HIGHLIGHT_JS = """
() => {
  document.getAnimations().forEach(a => a.finish());  // a highlight's transition, ended
  return Array.from(document.querySelectorAll('.item')).map(el => {
    const s = getComputedStyle(el);
    return {
      text: el.textContent, match: el.classList.contains('match'), visible: el.checkVisibility(),
      look: [s.backgroundColor, s.outlineStyle, s.outlineColor, s.boxShadow, s.borderColor,
             s.fontWeight].join('|'),
    };
  });
}
"""


def test_search_highlights_matching_items(opened: Any, sample_workspace: Any) -> None:
    page, watch = opened
    word = a_search_word(sample_workspace)
    before = page.evaluate(HIGHLIGHT_JS)
    assert not any(el["match"] for el in before)
    page.fill("#search", word)
    page.wait_for_function("() => document.querySelector('.item.match') !== null", timeout=3000)
    after = page.evaluate(HIGHLIGHT_JS)
    should = [word in el["text"].casefold() for el in before]
    assert sum(should) >= 2
    assert [el["match"] for el in after] == should, f"items matching {word!r}"
    # Non-matching items stay visible; matches look different from how they looked.
    assert [el["visible"] for el in after] == [el["visible"] for el in before]
    assert all(a["look"] != b["look"] for a, b in zip(after, before, strict=True) if a["match"])
    page.wait_for_function(f"() => location.hash.includes('q={word}')", timeout=3000)
    assert fragment_state(page.url)[1] == word
    page.fill("#search", "")
    page.wait_for_function("() => document.querySelector('.item.match') === null", timeout=3000)
    watch.assert_quiet(page.url)


# ----------------------------------------------------------------- print and reduced motion


def test_print_shows_all_content_and_no_controls(opened: Any) -> None:
    page, watch = opened
    initial = layers(page)
    assert all(el["visible"] for el in initial if not el["inCurve"])
    # Whatever the screen hid (a persona, a lane), the print shows everything.
    ids = persona_ids(page)
    click_toggle(page, ids[0])
    page.locator(".lane-toggle").first.click()
    page.emulate_media(media="print")
    for control in ("#persona-filter", "#search", "#show-all", ".only-persona"):
        assert not page.locator(control).first.is_visible(), control
    printed = layers(page)
    assert [el["visible"] for el in printed] == [el["visible"] for el in initial]
    watch.assert_quiet(page.url)


def test_reduced_motion_turns_transitions_off(browser: Any, sample_page: Path) -> None:
    page, watch = new_page(browser, reduced_motion="reduce")
    page.goto(sample_page.as_uri())
    durations = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
             .map(el => getComputedStyle(el).transitionDuration)
             .filter(d => d.split(',').some(x => parseFloat(x) > 0.01))"""
    )
    assert durations == []
    watch.assert_quiet(page.url)
    page.context.close()


# ------------------------------------------------------------------------ 6. hostile text

#: The brief's strings, each of which sets window.__pwned if it ever runs.
PWNED_STRINGS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "javascript:window.__pwned=1",
    "</td></tr></table><b>bold</b>",
    "{{7*7}}",
    "'; window.__pwned=1; '",
    "</script><script>window.__pwned=1</script>",
]


def write_pwned_workbook(path: Path) -> Path:
    """The brief's strings as persona, stage and lane names and in cells."""
    s = PWNED_STRINGS
    personas = [PERSONA_HEADER] + [[n, "Research", s[5], s[3], s[4], s[6]] for n in s[:3]]
    rows: list[list[Any]] = [["Persona", "Stage", "Actions", "Emotion", s[4], s[6]]]
    for persona in s[:3]:
        for i, stage in enumerate([s[1], s[5], s[7]]):
            rows.append([persona, stage, s[(i + 3) % len(s)], i - 1, s[i], s[7]])
    return make_xlsx(path, {"Personas": personas, "Journey": rows})


FOREIGN_JS = """
() => {
  const all = Array.from(document.querySelectorAll('*'));
  const handlers = all.filter(el => Array.from(el.attributes).some(a => /^on/i.test(a.name)))
    .map(el => el.outerHTML.slice(0, 120));
  const bad = 'img, iframe, object, embed, form, base, link, math, textarea, details[ontoggle], '
    + 'body style, body meta, meta[http-equiv="refresh"], [autofocus], a[href]:not([href^="#"])';
  return {
    handlers,
    foreign: Array.from(document.querySelectorAll(bad)).map(el => el.outerHTML.slice(0, 120)),
    scripts: document.scripts.length,
    showAll: document.querySelectorAll('#show-all').length,
    spoofed: document.querySelectorAll('#toggle-evil, tr.lane[data-lane="fake"]').length,
    bold: Array.from(document.querySelectorAll('b')).filter(b => b.textContent === 'bold').length,
    pwned: typeof window.__pwned,
  };
}
"""


@pytest.mark.parametrize("which", ["pwned-strings", "html-injection-corpus"])
def test_hostile_text_shows_as_text_and_runs_nothing(
    which: str, browser: Any, tmp_path: Path
) -> None:
    if which == "html-injection-corpus":  # H3's corpus: names, stages, lanes, cells
        workbook = write_injection_workbook(tmp_path / "hostile.xlsx")
        strings = [as_read(s) for s in STRINGS]
    else:
        workbook = write_pwned_workbook(tmp_path / "pwned.xlsx")
        strings = PWNED_STRINGS
    html = export_page(workbook, tmp_path / "hostile.html")
    workspace = read_input(workbook)

    page, watch = new_page(browser)
    page.goto(html.as_uri())

    def assert_nothing_ran() -> None:
        state = page.evaluate(FOREIGN_JS)
        assert state["pwned"] == "undefined"
        assert state["handlers"] == [], "elements with event-handler attributes"
        assert state["foreign"] == [], "elements made from workbook text"
        assert state["scripts"] == 1, "only the page's own script"
        assert state["showAll"] == 1
        assert state["spoofed"] == 0
        assert state["bold"] == 0
        watch.assert_quiet(page.url)

    assert_nothing_ran()
    text = page_text(page)
    assert missing_texts(text, strings) == []
    assert missing_texts(text, entry_texts(workspace)) == []
    for persona in workspace.personas:
        assert flat(persona.name) in text

    # Hover and focus items (their source tooltips), use every control, search for markup.
    for item in page.locator(".item").all()[:12]:
        item.hover()
        item.focus()
    ids = persona_ids(page)
    assert len(ids) == len(workspace.personas)
    for persona in ids:
        page.click(f"button.only-persona[data-persona='{persona}']")
        page.click(f"label[for='toggle-{persona}']")
    page.fill("#search", strings[1])
    page.locator(".lane-toggle").first.click()
    assert_nothing_ran()
    # The fragment (hidden personas and the hostile search) read back on a fresh load.
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    assert page.input_value("#search") == strings[1]
    assert checked_personas(page) == set()
    assert_nothing_ran()
    page.click("#show-all")
    assert missing_texts(page_text(page), strings) == []
    assert_nothing_ran()
    page.context.close()
