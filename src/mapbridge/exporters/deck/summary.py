"""A portfolio's summary slides: the layout decided for each journey, and map health counted by
journey and by persona.

Both are tables paged over as many slides as keep their rows legible (every row at one size, no
text below the deck's minimum); what a row shortens is in the notes in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from mapbridge.errors import Problem
from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fit_one_line, fit_paragraphs
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.exporters.deck.paging import split_evenly
from mapbridge.layout import LayoutDecision
from mapbridge.model import Journey, Persona, Workspace

# ------------------------------------------------------------------ layout decisions

#: The layout decisions table: column widths (the reason takes the rest), header and row
#: height, and the size of its text (pt).
JOURNEY_W = 230.0
LAYOUT_W = 96.0
STAGES_W = 230.0
TABLE_HEAD_H = 22.0
DECISION_ROW_H = 42.0
DECISION_SIZE = 9.5

#: How each layout is named in the table.
MODE_WORDS = {"layered": "Layered", "separate": "Separate maps", "single": "One map"}


@dataclass(frozen=True)
class DecisionRow:
    """One journey's row: its name, files, layout, shared stages and the reason, in words."""

    journey: str
    files: str
    mode: str
    stages: str
    reason: str


def decision_rows(
    workspace: Workspace, decisions: list[LayoutDecision], groups: dict[str, list[Journey]]
) -> list[DecisionRow]:
    """A row per journey: "Layered", "5 of 6 shared: Discover, Compare, …", the reason."""
    rows = []
    for decision, maps in zip(decisions, groups.values(), strict=True):
        files = dict.fromkeys(workspace.file_of(_source(j)) for j in maps)
        rows.append(
            DecisionRow(
                decision.journey_name,
                ", ".join(f for f in files if f),
                MODE_WORDS.get(decision.mode, decision.mode),
                _stages_text(decision, maps),
                decision.reason + ".",
            )
        )
    return rows


def _source(journey: Journey):
    return journey.source or next((e.source for e in journey.entries if e.source), None)


def _stages_text(decision: LayoutDecision, maps: list[Journey]) -> str:
    shared = decision.shared_stage_names
    if decision.mode == "single":
        count = len(shared)
        return f"{count} stage{'s' if count != 1 else ''} (one map): " + ", ".join(shared)
    persona_maps = [j for j in maps if j.persona_id is not None] or maps
    every = {s for j in persona_maps for s in j.stage_ids()}
    if not shared:
        return f"None of {len(every)} stages shared"
    return f"{len(shared)} of {len(every)} stages shared: " + ", ".join(shared)


def build_layout_slides(
    ctx: DeckContext,
    workspace: Workspace,
    decisions: list[LayoutDecision],
    groups: dict[str, list[Journey]],
) -> None:
    """ "Layout decisions": a row per journey (layered or separate maps, shared stages, why)."""
    rows = decision_rows(workspace, decisions, groups)
    top = ctx.body_top + TABLE_HEAD_H + 2
    capacity = max(1, int((ctx.bottom - 6 - top) // DECISION_ROW_H))
    pages = split_evenly(rows, capacity) or [[]]
    counts = {
        word: sum(1 for d in decisions if d.mode == mode)
        for mode, word in (
            ("layered", "layered"),
            ("separate", "separate"),
            ("single", "single-map"),
        )
    }
    total = len(decisions)
    subtitle = f"{total} journey{'s' if total != 1 else ''}: " + ", ".join(
        f"{n} {word}" for word, n in counts.items() if n
    )
    for number, page in enumerate(pages):
        title = "Layout decisions" + (" (continued)" if number else "")
        slide, canvas = ctx.new_slide("content", SlideInfo("layouts", title))
        first = sum(len(p) for p in pages[:number])
        note = f"journeys {first + 1}–{first + len(page)} of {len(rows)}" if len(pages) > 1 else ""
        header(ctx, slide, canvas, title, subtitle, right_note=note)
        notes = Notes(
            "Layout decisions: one layered comparison when the personas of a journey share its "
            "stages, separate maps when they diverge."
        )
        _decision_head(ctx, canvas)
        y = top
        for n, row in enumerate(page):
            _decision_row(ctx, canvas, row, n, y, notes)
            y += DECISION_ROW_H
        footer(
            ctx,
            canvas,
            " · ".join(p for p in (ctx.source_name, f"generated {format_date(ctx.today)}") if p),
        )
        canvas.flush()
        set_notes(slide, notes)


def _columns(ctx: DeckContext) -> list[tuple[str, float, float]]:
    """(label, x, width) of the decision table's columns."""
    x = ctx.left
    reason_w = ctx.content_width - JOURNEY_W - LAYOUT_W - STAGES_W
    found = []
    for label, width in (
        ("Journey", JOURNEY_W),
        ("Layout", LAYOUT_W),
        ("Stages", STAGES_W),
        ("Why", reason_w),
    ):
        found.append((label, x, width))
        x += width
    return found


def _head_row(ctx: DeckContext, canvas: Canvas, columns: Sequence[tuple[str, float, float]]):
    canvas.box(
        ctx.left,
        ctx.body_top,
        ctx.content_width,
        TABLE_HEAD_H,
        fill=style.HEADER_FILL,
        line=None,
        name="Table header",
    )
    for label, x, width in columns:
        canvas.text(
            x,
            ctx.body_top,
            width,
            TABLE_HEAD_H,
            [Para([Run(label, 9.0, bold=True, colour=style.INK_SOFT, caps=True)])],
            anchor="ctr",
            inset=(8, 0, 6, 0),
            name="Column header",
        )


def _decision_head(ctx: DeckContext, canvas: Canvas) -> None:
    _head_row(ctx, canvas, _columns(ctx))


def _decision_row(
    ctx: DeckContext, canvas: Canvas, row: DecisionRow, n: int, y: float, notes: Notes
) -> None:
    """One journey: name and files; the layout as a tag; shared stages and why (two lines
    each, shortened into the notes)."""
    (_, jx, jw), (_, lx, lw), (_, sx, sw), (_, rx, rw) = _columns(ctx)
    h = DECISION_ROW_H
    if n % 2 == 1:
        canvas.box(ctx.left, y, ctx.content_width, h, fill=style.BAND_FILL, line=None, name="Band")
    canvas.line(ctx.left, y + h, ctx.right, y + h, style.RULE, 0.5, name="Row rule")
    name, name_size = fit_one_line(ctx.fonts, row.journey, jw - 14, 10.5, fit.MIN_SIZE, bold=True)
    files, files_size = _fit_files(ctx, row.files, jw - 14)
    canvas.text(
        jx,
        y + 3,
        jw,
        h - 6,
        [
            Para([Run(name, name_size, bold=True, colour=style.INK)]),
            Para([Run(files, files_size, colour=style.MUTED)]),
        ],
        anchor="ctr",
        inset=(8, 0, 6, 0),
        name="Journey",
    )
    tag_w = min(lw - 14, ctx.fonts.width(row.mode, 8.5, True) / fit.WIDTH_SLACK + 14)
    canvas.box(
        lx + 8,
        y + h / 2 - 8,
        tag_w,
        16,
        [Para([Run(row.mode, 8.5, bold=True, colour=style.INK_SOFT)], align="ctr")],
        fill=style.TAG_FILL,
        line=style.TAG_EDGE,
        line_width=0.5,
        geom="roundRect",
        adjust=50000,
        inset=(4, 0, 4, 0),
        anchor="ctr",
        name="Layout",
    )
    shortened = False
    for text, x, width, name_ in ((row.stages, sx, sw, "Stages"), (row.reason, rx, rw, "Why")):
        lines, cut = fit_paragraphs(ctx.fonts, [text], width - 14, h - 6, DECISION_SIZE)
        shortened = shortened or cut
        canvas.text(
            x,
            y + 3,
            width,
            h - 6,
            [Para([Run(line, DECISION_SIZE, colour=style.INK)]) for line in lines],
            anchor="ctr",
            inset=(8, 0, 6, 0),
            name=name_,
        )
    notes.lines.append(f"• {row.journey} ({row.files}): {row.mode}. {row.stages}. {row.reason}")
    if shortened:
        notes.shortened.append(f"• {row.journey}: {row.stages}. {row.reason}")


def _fit_files(ctx: DeckContext, files: str, width: float) -> tuple[str, float]:
    """The files on one line: as given, else their names alone, else shortened."""
    text, size = fit_one_line(ctx.fonts, files, width, 8.5, fit.MIN_SIZE)
    if text == " ".join(files.split()):
        return text, size
    names = ", ".join(PurePath(f.strip()).name for f in files.split(","))
    return fit_one_line(ctx.fonts, names, width, 8.5, fit.MIN_SIZE)


# ------------------------------------------------------------------ health counts

#: The health tables: row and header height, and the width of a count column (pt).
COUNT_ROW_H = 21.0
COUNT_W = 62.0
TABLE_GAP = 24.0
SEVERITIES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))


@dataclass
class Counts:
    """Findings by severity about one journey, one persona, or the portfolio as a whole."""

    label: str
    by_severity: dict[str, int] = field(default_factory=lambda: {s: 0 for s, _ in SEVERITIES})
    #: A persona's colour dot (None: none drawn).
    persona_id: str | None = None

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def sort_key(self) -> tuple[int, ...]:
        return tuple(-self.by_severity[s] for s, _ in SEVERITIES)


@dataclass(frozen=True)
class HealthCounts:
    """Findings counted per journey and per persona (only those with findings, worst first),
    `whole` those about neither; and how many journeys and personas have none."""

    journeys: list[Counts]
    personas: list[Counts]
    whole: Counts
    total: int
    clean_journeys: list[str] = field(default_factory=list)
    clean_personas: list[str] = field(default_factory=list)


class JourneyLocator:
    """Which journey a finding is about: the map it names (`journey_id`), else the journey
    whose cells it points at (a finding about a journey as a whole, such as MB104, or a name
    read on a map): its file, sheet and cell, else its file and sheet when only one journey
    was read from that sheet."""

    def __init__(self, workspace: Workspace, groups: dict[str, list[Journey]]) -> None:
        self.by_map = {j.id: key for key, maps in groups.items() for j in maps}
        self.cells: dict[tuple[str, str, str], set[str]] = {}
        self.sheets: dict[tuple[str, str], set[str]] = {}
        for key, maps in groups.items():
            for journey in maps:
                for source in _sources(journey):
                    file = _file_key(workspace.file_of(source))
                    self.cells.setdefault((file, source.sheet, source.cell), set()).add(key)
                    self.sheets.setdefault((file, source.sheet), set()).add(key)
        self.own_file = _file_key(workspace.source_file or "")

    def journey_of(self, finding: Problem) -> str | None:
        journey_id = getattr(finding, "journey_id", None)
        if journey_id is not None:
            return self.by_map.get(journey_id)
        if not finding.sheet:
            return None
        file = _file_key(finding.file or "")
        for name in dict.fromkeys((file, self.own_file)):
            found = self.cells.get((name, finding.sheet, finding.cell or ""))
            if not found:
                found = self.sheets.get((name, finding.sheet))
            if found and len(found) == 1:
                return next(iter(found))
            if found:
                return None
        return None


def _file_key(file: str) -> str:
    return PurePath(file).as_posix() if file else ""


def _sources(journey: Journey):
    yield from journey.sources.values()
    for stage in journey.stages:
        if stage.source:
            yield stage.source
        yield from (step.source for step in stage.steps if step.source)
    yield from (lane.source for lane in journey.lanes if lane.source)
    yield from (entry.source for entry in journey.entries if entry.source)


def health_counts(
    findings: list[Problem],
    groups: dict[str, list[Journey]],
    personas: list[Persona],
    locator: JourneyLocator,
) -> HealthCounts:
    """Each finding counted for its journey (see `JourneyLocator`) and for its persona: a
    finding about a persona's map counts for both; one about neither counts for the whole
    portfolio. Worst first (most errors, then warnings, then notes); ties keep the
    portfolio's order; journeys and personas without findings are named apart."""
    journeys = {key: Counts(maps[0].name) for key, maps in groups.items()}
    people = {p.id: Counts(p.name, persona_id=p.id) for p in personas}
    whole = Counts("Across the portfolio")
    for finding in findings:
        severity = finding.severity if finding.severity in whole.by_severity else "info"
        key = locator.journey_of(finding)
        persona_id = getattr(finding, "persona_id", None)
        counted = False
        if key in journeys:
            journeys[key].by_severity[severity] += 1
            counted = True
        if persona_id in people:
            people[persona_id].by_severity[severity] += 1
            counted = True
        if not counted:
            whole.by_severity[severity] += 1
    return HealthCounts(
        sorted((c for c in journeys.values() if c.total), key=Counts.sort_key),
        sorted((c for c in people.values() if c.total), key=Counts.sort_key),
        whole,
        len(findings),
        [c.label for c in journeys.values() if not c.total],
        [c.label for c in people.values() if not c.total],
    )


def findings_summary(findings: list[Problem]) -> str:
    """ "23 findings (1 error, 17 warnings, 5 notes)"."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s, _ in SEVERITIES}
    words = {"error": "error", "warning": "warning", "info": "note"}
    detail = ", ".join(f"{n} {words[s]}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''}" + (f" ({detail})" if detail else "")


def build_health_summary_slides(
    ctx: DeckContext,
    findings: list[Problem],
    groups: dict[str, list[Journey]],
    personas: list[Persona],
    locator: JourneyLocator,
) -> None:
    """ "Map health summary": findings by severity per journey (left) and per persona (right),
    worst first, each table paged on its own; those about neither counted as "Across the
    portfolio"; the journeys and personas without findings counted in a last line."""
    counts = health_counts(findings, groups, personas, locator)
    journey_rows = sorted(
        counts.journeys + ([counts.whole] if counts.whole.total else []), key=Counts.sort_key
    )
    top = ctx.body_top + 18 + TABLE_HEAD_H
    capacity = max(1, int((ctx.bottom - 26 - COUNT_ROW_H - top) // COUNT_ROW_H))
    journey_pages = split_evenly(journey_rows, capacity)
    persona_pages = split_evenly(counts.personas, capacity)
    pages = max(1, len(journey_pages), len(persona_pages))
    subtitle = findings_summary(findings) + " from mapbridge check"
    width = (ctx.content_width - TABLE_GAP) / 2
    tables = (
        ("By journey", journey_pages, counts.clean_journeys, "journey"),
        ("By persona", persona_pages, counts.clean_personas, "persona"),
    )
    for number in range(pages):
        title = "Map health summary" + (" (continued)" if number else "")
        slide, canvas = ctx.new_slide("content", SlideInfo("health-summary", title))
        note = f"slide {number + 1} of {pages}" if pages > 1 else ""
        header(ctx, slide, canvas, title, subtitle, right_note=note)
        notes = Notes(f"{title}: findings by severity per journey and per persona, worst first.")
        for i, (label, paged, clean, noun) in enumerate(tables):
            rows = paged[number] if number < len(paged) else []
            last = number == len(paged) - 1 or (not paged and number == 0)
            x0 = ctx.left + i * (width + TABLE_GAP)
            table = CountTable(label, rows, clean if last else [], noun)
            if rows or last:
                _count_table(ctx, canvas, table, x0, width, notes)
        most = max((len(p) for p in (*journey_pages, *persona_pages)), default=0)
        _caption(ctx, canvas, min(ctx.bottom - 20, top + (most + 1) * COUNT_ROW_H + 10))
        footer(
            ctx,
            canvas,
            " · ".join(p for p in (ctx.source_name, f"checked {format_date(ctx.today)}") if p),
        )
        canvas.flush()
        set_notes(slide, notes)


@dataclass(frozen=True)
class CountTable:
    """One table of a health summary slide: its rows, and (on its last slide) the names of
    those without findings."""

    label: str
    rows: list[Counts]
    clean: list[str]
    noun: str


def _caption(ctx: DeckContext, canvas: Canvas, y: float) -> None:
    canvas.text(
        ctx.left,
        y,
        ctx.content_width,
        18,
        [
            Para(
                [
                    Run(
                        "A finding about a persona's map counts for its journey and for the "
                        "persona; every finding is listed on the Map health slide.",
                        9.0,
                        italic=True,
                        colour=style.MUTED,
                    )
                ]
            )
        ],
        anchor="ctr",
        name="Caption",
    )


def _count_table(
    ctx: DeckContext, canvas: Canvas, table: CountTable, x0: float, width: float, notes: Notes
) -> None:
    """A table of counts: its label, a header (name, errors, warnings, notes), a row each, and
    a last line counting those without findings (named in the notes)."""
    canvas.text(
        x0,
        ctx.body_top,
        width,
        16,
        [Para([Run(table.label, 10.0, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Table label",
    )
    head_y = ctx.body_top + 18
    name_w = width - COUNT_W * len(SEVERITIES)
    canvas.box(x0, head_y, width, TABLE_HEAD_H, fill=style.HEADER_FILL, line=None, name="Header")
    heads = [(table.noun.capitalize(), x0, name_w, "l")] + [
        (word, x0 + name_w + i * COUNT_W, COUNT_W, "ctr") for i, (_s, word) in enumerate(SEVERITIES)
    ]
    for text, x, w, align in heads:
        canvas.text(
            x,
            head_y,
            w,
            TABLE_HEAD_H,
            [Para([Run(text, 8.5, bold=True, colour=style.INK_SOFT, caps=True)], align=align)],
            anchor="ctr",
            inset=(8, 0, 6, 0),
            name="Column header",
        )
    y = head_y + TABLE_HEAD_H
    for n, row in enumerate(table.rows):
        _count_row(ctx, canvas, row, n, x0, y, width, name_w)
        y += COUNT_ROW_H
        detail = ", ".join(f"{row.by_severity[s]} {w.lower()}" for s, w in SEVERITIES)
        notes.lines.append(f"• {row.label}: {detail}")
    if table.clean or not table.rows:
        n = len(table.clean)
        plural = "s" if n != 1 else ""
        text = (
            f"No findings: {n} {table.noun}{plural}"
            if table.rows
            else f"No {table.noun} has findings"
        )
        canvas.text(
            x0,
            y,
            width,
            COUNT_ROW_H,
            [Para([Run(text, 9.5, italic=True, colour=style.MUTED)])],
            anchor="ctr",
            inset=(8, 0, 6, 0),
            name="No findings",
        )
        if table.clean:
            notes.lines.append(f"No findings about these {table.noun}s: {', '.join(table.clean)}")


def _count_row(
    ctx: DeckContext,
    canvas: Canvas,
    row: Counts,
    n: int,
    x0: float,
    y: float,
    width: float,
    name_w: float,
) -> None:
    if n % 2 == 1:
        canvas.box(x0, y, width, COUNT_ROW_H, fill=style.BAND_FILL, line=None, name="Band")
    canvas.line(x0, y + COUNT_ROW_H, x0 + width, y + COUNT_ROW_H, style.RULE, 0.5, name="Rule")
    indent = 8.0
    if row.persona_id is not None:
        canvas.box(
            x0 + 8,
            y + COUNT_ROW_H / 2 - 4,
            8,
            8,
            fill=ctx.colour(row.persona_id),
            line=None,
            geom="ellipse",
            name="Persona dot",
        )
        indent = 22.0
    name, size = fit_one_line(ctx.fonts, row.label, name_w - indent - 6, 10.0, fit.MIN_SIZE)
    canvas.text(
        x0 + indent,
        y,
        name_w - indent,
        COUNT_ROW_H,
        [Para([Run(name, size, colour=style.INK)])],
        anchor="ctr",
        name="Name",
    )
    for i, (severity, word) in enumerate(SEVERITIES):
        count = row.by_severity[severity]
        x = x0 + name_w + i * COUNT_W
        if count:
            fill, ink = style.SEVERITY_COLOURS[severity]
            canvas.box(
                x + 8,
                y + 3,
                COUNT_W - 16,
                COUNT_ROW_H - 6,
                [Para([Run(str(count), 9.5, bold=True, colour=ink)], align="ctr")],
                fill=fill,
                line=None,
                geom="roundRect",
                adjust=50000,
                inset=(2, 0, 2, 0),
                anchor="ctr",
                name=f"Count {word}",
            )
        else:
            canvas.text(
                x,
                y,
                COUNT_W,
                COUNT_ROW_H,
                [Para([Run("–", 9.5, colour=style.MUTED)], align="ctr")],
                anchor="ctr",
                name=f"Count {word}",
            )
