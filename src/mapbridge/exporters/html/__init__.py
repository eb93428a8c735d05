"""The interactive journey-map page: one self-contained HTML file with persona filters.

Styles, script, SVG and content are all inline, and a Content-Security-Policy meta forbids any
network access, so the file works from `file://`, an email attachment or an intranet page.
Everything is in the HTML without JavaScript (the overview, every journey as a grid of stages ×
lanes with its emotion curves, the persona profiles, the map-health findings); the script only
adds the controls: persona checkboxes and "Only <name>", lane collapse, search, and the view
kept in the URL fragment (`#hide=ana-reyes,ben-okafor&q=fees`).

The HTML comes from a Jinja2 template with autoescaping on: workshop text is escaped in content
and in attributes, and the script never puts text in the page other than through `textContent`.
What the page shows is computed in `view` (plain data); this module renders and writes it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mapbridge.atomic import atomic_path
from mapbridge.errors import Problem
from mapbridge.exporters.html.view import Page, build_page
from mapbridge.formats.kinds import Exporter
from mapbridge.layout import DEFAULT_OVERLAP_THRESHOLD
from mapbridge.model import Workspace

__all__ = ["EXPORTER", "Page", "build_page", "html_page", "write_html"]

TEMPLATE = "page.html.j2"
#: Sequences that would end the inline element early (or open a comment the parser honours).
_UNSAFE_INLINE = {"page.css": ("</style", "<!--"), "page.js": ("</script", "<!--", "<script")}


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("mapbridge.exporters.html", "."),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def _inline(name: str) -> Markup:
    """The page's own CSS or script, checked so it cannot close the element it is inlined in."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    lowered = text.lower()
    for bad in _UNSAFE_INLINE[name]:
        if bad in lowered:
            raise RuntimeError(f"{name} holds {bad!r}, which cannot be inlined")
    return Markup(text)  # noqa: S704 - mapbridge's own file, checked above, never user text


def render_page(page: Page) -> str:
    """The HTML of a page built by `build_page`."""
    template = _environment().get_template(TEMPLATE)
    return template.render(page=page, css=_inline("page.css"), script=_inline("page.js"))


def html_page(
    workspace: Workspace,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    today: date | None = None,
    findings: Sequence[Problem] | None = None,
) -> str:
    """The whole page as text. `findings`: the map-health findings to list (None: not run);
    `today`: the date the page is dated and reviews are measured against (default: today)."""
    page = build_page(
        workspace, overlap_threshold=overlap_threshold, today=today, findings=findings
    )
    return render_page(page)


def write_html(
    workspace: Workspace,
    path: Path,
    *,
    overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
    today: date | None = None,
    findings: Sequence[Problem] | None = None,
) -> list[Path]:
    """Write the page (atomically) to `path`; see `html_page`."""
    text = html_page(workspace, overlap_threshold=overlap_threshold, today=today, findings=findings)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return [Path(path)]


EXPORTER = Exporter(
    name="html",
    extension=".html",
    write=write_html,
    description="Interactive page: every map with persona filters, one self-contained file",
)
