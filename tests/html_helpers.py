"""Driving the interactive page (issue 17) in Debian's Chromium with Playwright.

Playwright (the `test` extra) launches /usr/bin/chromium (`apt-get install chromium`; .ci/run
installs it), never a browser of its own. On a developer machine without them the browser tests
are skipped; in CI (CI set) their absence is a failure, so a green CI means a real browser ran
the page.

`Watch` records everything a page does that it should not: requests (any but the page's own
file:// URL is blocked and recorded), console errors, uncaught exceptions and dialogs. The
snapshots read the DOM contract of the notes: persona layers (`data-persona`, `data-personas`),
cell items (`.item`), lane toggles, the filter's controls.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from mapbridge.cli import cli

#: Debian's Chromium; MAPBRIDGE_CHROMIUM names another (as tools/html_screenshot.py reads it).
CHROMIUM = Path(os.environ.get("MAPBRIDGE_CHROMIUM", "/usr/bin/chromium"))
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROWS_SAMPLE = SAMPLES / "bank-account-rows.xlsx"


def require_browser() -> Any:
    """Playwright's sync API; skip (locally) or fail (in CI) when it or Chromium is missing."""
    missing = []
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
        missing.append("playwright (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium)")
    if not missing:
        return sync_api
    message = "not installed: " + ", ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def export_page(workbook: Path, html: Path) -> Path:
    """`mapbridge export WORKBOOK --to html -o HTML`, as a user runs it; returns HTML."""
    result = CliRunner().invoke(cli, ["export", str(workbook), "--to", "html", "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert html.is_file(), result.output
    return html


# ------------------------------------------------------------------------------ watching a page


@dataclass
class Watch:
    """What a page did: requests (and the ones blocked), console errors, page errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        """Block every request that is not a file:// URL."""

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)

    def attach_page(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("popup", lambda p: self.popups.append(p.url))

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

    def assert_quiet(self, page_url: str) -> None:
        """Only the page itself was requested, and nothing complained or popped up."""
        own = page_url.split("#")[0]
        assert self.blocked == [], f"network requests: {self.blocked}"
        assert {u.split("#")[0] for u in self.requests} <= {own}, self.requests
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        assert self.dialogs == [], self.dialogs
        assert self.popups == [], self.popups


def new_page(browser: Any, **context_options: Any) -> tuple[Any, Watch]:
    context = browser.new_context(**context_options)
    watch = Watch()
    watch.attach(context)
    context.set_default_timeout(5000)  # a missing control fails in seconds, not in 30
    page = context.new_page()
    watch.attach_page(page)
    return page, watch


# ------------------------------------------------------------------------------------ page text


def flat(text: str) -> str:
    """Text compared with its whitespace collapsed (the page may break lines differently)."""
    return " ".join(text.split())


def page_text(page: Any) -> str:
    """The body's rendered text (innerText: only what is displayed), whitespace collapsed."""
    return flat(page.evaluate("document.body.innerText"))


# -------------------------------------------------------------------------------- persona layers

#: Every layer element and cell item (not the filter's own controls, which carry data-persona
#: too): its visibility and the layer markers on it and its ancestors, outermost last.
LAYERS_JS = """
() => {
  const filter = document.getElementById('persona-filter');
  const els = Array.from(document.querySelectorAll('.item, [data-persona], [data-personas]'))
    .filter(el => !(filter && filter.contains(el)));
  return els.map((el, index) => {
    const chain = [];
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      if (n.hasAttribute('data-persona')) chain.push([n.getAttribute('data-persona')]);
      if (n.hasAttribute('data-personas'))
        chain.push(n.getAttribute('data-personas').split(/\\s+/).filter(Boolean));
    }
    return {
      index,
      tag: el.tagName.toLowerCase(),
      cls: el.getAttribute('class') || '',
      persona: el.getAttribute('data-persona'),
      personas: el.getAttribute('data-personas'),
      inCurve: !!el.closest('svg.curve'),
      row: (el.closest('tr[data-lane]') || {}).id || null,
      text: (el.textContent || '').trim().slice(0, 80),
      visible: el.checkVisibility(),
      chain,
    };
  });
}
"""


def layers(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(LAYERS_JS)


def expected_visibility(initial: list[dict[str, Any]], hidden: set[str]) -> list[bool]:
    """What each element's visibility must be with `hidden` personas hidden.

    An element stays as it was unless a marker on it or an ancestor is hidden: a persona's
    marker when that persona is hidden, a shared item's marker when ALL its personas are.
    """
    return [
        el["visible"] and all(not set(marker) <= hidden for marker in el["chain"]) for el in initial
    ]


def visibility_diff(
    initial: list[dict[str, Any]], now: list[dict[str, Any]], hidden: set[str]
) -> list[str]:
    """The elements whose visibility is not what hiding `hidden` should give (empty if right)."""
    assert len(now) == len(initial), "filtering added or removed layer elements"
    wrong = []
    for el, want, got in zip(initial, expected_visibility(initial, hidden), now, strict=True):
        if got["visible"] != want:
            what = "shown" if got["visible"] else "hidden"
            wrong.append(
                f"<{el['tag']} class={el['cls']!r} data-persona={el['persona']!r} "
                f"data-personas={el['personas']!r}> {el['text']!r} is {what}"
            )
    return wrong


def count_visible(
    snapshot: list[dict[str, Any]], persona: str, *, curve: bool | None = None
) -> int:
    return sum(
        1
        for el in snapshot
        if el["visible"] and el["persona"] == persona and (curve is None or el["inCurve"] == curve)
    )


def fragment_state(url: str) -> tuple[set[str], str]:
    """The hidden personas and the search of a URL's `#hide=a,b&q=...` fragment."""
    fragment = url.partition("#")[2]
    hidden: set[str] = set()
    query = ""
    for part in re.split(r"[&;]", fragment):
        key, _, value = part.partition("=")
        if key == "hide":
            hidden = {unquote(v) for v in value.split(",") if v}
        elif key == "q":
            query = unquote(value.replace("+", " "))
    return hidden, query


def checked_personas(page: Any) -> set[str]:
    return set(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('input.persona-toggle'))"
            ".filter(i => i.checked).map(i => i.value)"
        )
    )


def persona_ids(page: Any) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('input.persona-toggle')).map(i => i.value)"
    )


# ------------------------------------------------------------------------------------- keyboard

#: Records every element that gets focus, as it gets it, in window.__focused: which control it
#: is, and whether its focus shows (an outline or a box shadow on it, or on the checkbox's label
#: when the box itself is styled away).
RECORD_FOCUS_JS = """
() => {
  window.__focused = [];
  const ring = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || (s.boxShadow && s.boxShadow !== 'none');
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const cls = el.getAttribute('class') || '';
    let key = el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + cls;
    if (el.matches('.only-persona')) key = 'only:' + el.getAttribute('data-persona');
    if (el.matches('.lane-toggle'))
      key = 'lane:' + Array.from(document.querySelectorAll('.lane-toggle')).indexOf(el);
    if (el.matches('.item'))
      key = 'item:' + Array.from(document.querySelectorAll('.item')).indexOf(el);
    window.__focused.push({
      key,
      ring: ring(getComputedStyle(el)),
      labelRing: label ? ring(getComputedStyle(label)) : false,
      focusVisible: el.matches(':focus-visible'),
    });
  });
}
"""

TABBABLE_JS = """
() => document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'
).length
"""
