"""The workshop workbook importer: Personas, Journey rows, grid sheets, Stages and Reviews into a Workspace.

Reading collects every problem into a Report (file, sheet, cell, code, hint) instead of stopping
at the first one; `read_workbook` raises InvalidWorkbook at the end if any of them is an error.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapbridge import emotion as emo
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.importers import headers as hdr
from mapbridge.importers.classify import CARD_HEADER_WORDS, Decision, classify, is_ambiguous
from mapbridge.importers.options import ReadOptions
from mapbridge.importers.package import env_max_unpacked_bytes, inspect_package
from mapbridge.importers.sheets import CellValue, SheetGrid, load_sheets
from mapbridge.importers.tables import Block, block_view, find_blocks
from mapbridge.importers.values import (
    clean_text,
    label_key,
    parse_cadence,
    parse_date,
    parse_kind,
    split_label,
    split_list,
)
from mapbridge.model import (
    LANE_KINDS,
    Connection,
    Coverage,
    Emotion,
    EmpathyMap,
    Entry,
    Journey,
    Lane,
    Persona,
    Reading,
    SourceRef,
    SourceTable,
    Stage,
    Step,
    Trigger,
    UnreadRange,
    Workspace,
    slugify,
)

#: How far down a sheet the header row may sit below a title block.
HEADER_SCAN_ROWS = 30
#: Far beyond any workshop (3 to 5 personas, 5 to 10 stages, about 10 lanes) and beyond a service
#: organisation's whole portfolio (the XL benchmark: 200 personas x 60 stages x 8 lanes), yet
#: small enough that every check and exporter finishes: a hostile workbook cannot make them hang.
MAX_PERSONAS = 500
MAX_STAGES = 200
MAX_LANES = 100
MAX_MAP_CELLS = 250_000
#: Triggers and review rows: 20,000 of them kept the tracker busy for over 3 minutes.
MAX_REVIEW_ROWS = 5_000
#: Persona cells that mean "this row is for every persona of the journey".
ALL_PERSONAS = {"all", "everyone", "allpersona", "any", "shared", "common", "*"}
#: Emotion cells that mean "no score here" rather than a value to parse.
NO_SCORE = {"-", "–", "—", "n/a", "na", "?", "tbd", "none"}
_MAP_TITLE_SUFFIX = re.compile(r"\s*[-–—:|]?\s*(customer\s+)?journey\s*map\s*$", re.IGNORECASE)


def read_workbook(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    max_unpacked_bytes: int | None = None,
    options: ReadOptions | None = None,
) -> Workspace:
    """Read a workshop workbook (.xlsx or .xlsm) into a Workspace.

    Warnings are added to `report` (pass one to see them). Raises UnreadableInput when the file is
    not a safe, readable workbook, InvalidWorkbook (carrying the report) when its content has errors.
    """
    path = Path(path)
    if report is None:
        report = Report(file=path.name)
    elif report.file is None:
        report.file = path.name
    package = inspect_package(
        path, max_unpacked_bytes=max_unpacked_bytes or env_max_unpacked_bytes()
    )
    if package.has_macros:
        report.add(
            "MB024",
            "macros-ignored",
            "warning",
            "the workbook contains macros; mapbridge read its data only, and never runs or copies macros",
            "nothing to do; outputs never contain macros",
        )
    grids = load_sheets(path, package)
    return read_sheets(path, grids, report=report, options=options)


def read_sheets(
    path: str | os.PathLike[str],
    grids: list[SheetGrid],
    *,
    report: Report | None = None,
    options: ReadOptions | None = None,
) -> Workspace:
    """Read sheets already loaded from any spreadsheet format (xlsx, ods, csv) into a Workspace.

    `path` names the source in messages and gives the title when the sheets do not.
    Raises InvalidWorkbook (carrying the report) when the content has errors.
    """
    path = Path(path)
    if report is None:
        report = Report(file=path.name)
    elif report.file is None:
        report.file = path.name
    # Reading builds many small objects that all live as long as the workspace; pausing the
    # cyclic garbage collector keeps it from re-scanning them again and again (cost grew with size).
    collecting = gc.isenabled()
    gc.disable()
    try:
        workspace = _WorkbookReader(path, grids, report, options or ReadOptions()).read()
    finally:
        if collecting:
            gc.enable()
    if report.has_errors:
        raise InvalidWorkbook(report)
    return workspace


@dataclass
class _TitleBlock:
    """What the rows above a header said: a title and `Label: value` pairs with their cells."""

    title: str = ""
    title_ref: SourceRef | None = None
    labels: dict[str, tuple[str, SourceRef]] = field(default_factory=dict)


@dataclass
class _PendingScore:
    """An emotion cell waiting for its journey's scale to be known."""

    entry: Entry
    raw: CellValue
    ref: SourceRef


@dataclass
class _MapDraft:
    """A persona map being assembled before it becomes a Journey."""

    name: str
    persona_id: str | None
    sources: dict[str, SourceRef] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    lanes: dict[str, Lane] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    scores: list[_PendingScore] = field(default_factory=list)
    owner: str = ""
    last_reviewed: Any = None
    last_updated: Any = None
    review_every_days: int | None = None
    declared_scale: str | None = None
    declared_scale_ref: SourceRef | None = None
    #: A grid sheet's map; a persona-less grid is a shared map, not rows for every persona.
    from_grid: bool = False


@dataclass
class _Table:
    """One block of a sheet, what it was decided to be, and what became of it."""

    sheet: SheetGrid
    block: Block
    view: SheetGrid
    decision: Decision
    #: Blocks of title lines above this table (their labels apply to it).
    titles: list[_Table] = field(default_factory=list)
    #: For a title block: the table it belongs to; for a stage-keyed table: the map it joins.
    host: _Table | None = None
    read: bool = False
    #: Why the table was not read (when `read` stays False).
    unread_reason: str = ""
    #: A message already named these cells (the sheet-level MB022): no MB035 per block.
    reported: bool = False
    #: Parts of a read table that were not read, each reported with its reason.
    unread_parts: list[UnreadRange] = field(default_factory=list)
    #: Header or label as typed -> what it was read as (`inspect --explain`).
    meanings: dict[str, str] = field(default_factory=dict)
    #: The maps this table fed, and the personas it defined (for tables that join them).
    drafts: list[_MapDraft] = field(default_factory=list)
    personas: list[Persona] = field(default_factory=list)


#: How each role is named in messages.
_ROLE_NAMES = {
    "rows": "journey rows (one row per stage)",
    "grid": "a map grid (stages across, lanes down)",
    "personas": "a persona table (one row per persona)",
    "card": "a persona card (label/value pairs)",
    "card-list": "a list under a persona card",
    "stages": "a stage list",
    "reviews": "a review table",
    "stage-extra": "extra lanes keyed by stage",
    "title": "title lines",
    "unknown": "an unrecognised table",
}
#: The mapbridge.toml role that forces each reading.
_FORCE_NAMES = {"card-list": "card", "stage-extra": "rows"}


class _WorkbookReader:
    """One pass over a workbook's sheets; collects problems into the report as it goes."""

    def __init__(
        self, path: Path, grids: list[SheetGrid], report: Report, options: ReadOptions
    ) -> None:
        self.path = path
        self.options = options
        self.vocab: Any = _vocabulary(options)
        self.tables: list[_Table] = []
        self.skipped: list[UnreadRange] = []
        self.grids = grids
        self.report = report
        self.personas: list[Persona] = []
        self.persona_keys: dict[str, str] = {}  # normalised name or id -> persona id
        self.personas_from_sheet = False
        self.persona_seen: dict[str, SourceRef] = {}  # name key or id -> the cell naming it
        self.number_scales: dict[str, str] = {}  # journey key -> the scale of its bare numbers
        self.stage_orders: dict[str | None, list[tuple[str, str, SourceRef]]] = {}
        self.stage_descriptions: dict[tuple[str | None, str], str] = {}
        self.declared_scales: dict[str | None, tuple[str, SourceRef]] = {}
        self.drafts: dict[tuple[str, str | None], _MapDraft] = {}
        self.titles: list[str] = []
        self.connections: list[Connection] = []
        self.triggers: list[Trigger] = []
        self.review_every_days: int | None = None
        self.warned_hidden_rows: set[str] = set()
        # Reviews rows wait until the maps exist: (personas, journey key, owner, reviewed, cadence, cell).
        self.review_rows: list[tuple[list[str], str | None, str, Any, int | None, SourceRef]] = []

    # ------------------------------------------------------------------ orchestration

    def read(self) -> Workspace:
        tables: list[_Table] = []
        for grid in self.grids:
            tables.extend(self._plan_sheet(grid))
        self.tables = tables
        by_role: dict[str, list[_Table]] = {}
        for table in tables:
            by_role.setdefault(table.decision.role, []).append(table)
        for role, reader in (
            ("personas", self._read_personas),
            ("card", self._read_card),
            ("card-list", self._read_card_list),
            ("stages", self._read_stages),
            ("rows", self._read_journey_rows),
            ("grid", self._read_grid),
            ("stage-extra", self._read_stage_extra),
            ("reviews", self._read_reviews),
        ):
            for table in by_role.get(role, []):
                reader(table)
        journeys = self._finish_maps()
        if not self.personas and not journeys:
            self.report.add(
                "MB010",
                "nothing-to-read",
                "error",
                "the workbook has no personas and no journey maps",
                "add a Personas sheet and a Journey sheet (run `mapbridge init starter.xlsx` to see the format)",
            )
        names = list(dict.fromkeys(j.name for j in journeys))
        if self.titles:
            title = self.titles[0]
        elif len(names) == 1:
            title = names[0]
        else:
            title = _title_from_stem(self.path.stem)
        self._check_size(journeys)
        return Workspace(
            title=title,
            source_file=self.path.name,
            personas=self.personas,
            journeys=journeys,
            connections=self.connections,
            triggers=self.triggers,
            review_every_days=self.review_every_days,
            reading=self._reading(),
        )

    # ------------------------------------------------------------------ finding tables

    def _forced_role(self, grid: SheetGrid) -> str | None:
        """The role mapbridge.toml gives this sheet (`sheets = {"CJM" = "grid"}`), if any."""
        wanted = hdr.normalise(grid.name)
        for name, role in self.options.sheet_roles.items():
            if name == grid.name or hdr.normalise(name) == wanted:
                return role
        return None

    def _plan_sheet(self, grid: SheetGrid) -> list[_Table]:
        """Find the tables on one sheet and decide what each is; title lines join their table."""
        forced = self._forced_role(grid)
        role = self.vocab.sheet_role(grid.name)
        blocks = find_blocks(grid)
        if not blocks:
            return []
        if forced == "skip" or (forced is None and role == "instructions"):
            # Not a warning: the starter workbook has an Instructions sheet. `inspect` lists it
            # among the cells not read, with this reason.
            why = (
                "skipped whole: mapbridge.toml says so"
                if forced
                else "skipped whole: its name says it holds instructions or notes"
            )
            self._skip_sheet(grid, blocks, why, note=True)
            return []
        tables: list[_Table] = []
        for block in blocks:
            view = block_view(grid, block)
            decision = classify(
                view,
                self.vocab,
                sheet_hint=role,
                forced=forced,
                column_kinds=dict(self.options.column_kinds),
            )
            tables.append(_Table(grid, block, view, decision))
        tables = self._join_continuations(grid, tables, role, forced)
        self._attach_titles(tables)
        self._find_stage_extras(tables)
        readable = [t for t in tables if t.decision.role not in ("title", "unknown")]
        if grid.hidden:
            roles = {t.decision.role for t in readable}
            if not readable or roles & {"grid"}:
                self._skip_sheet(grid, blocks, "the sheet is hidden", warn=True)
                return []
            self._warn_hidden_sheet(grid, "read anyway, because it holds workshop data")
        if not readable:
            first = next((t for t in tables if t.decision.role == "unknown"), None)
            why = (
                first.decision.reason
                if first is not None
                else "it holds only lines of text, no table; expected a header row with a Stage "
                "or Name column, a row of stage names above lane labels, or label/value pairs "
                "of a persona"
            )
            self.report.add(
                "MB022",
                "sheet-not-read",
                "warning",
                f"sheet {grid.name!r} was not read: {why}",
                f"lay it out as one of those, name a persona or journey sheet accordingly, or force "
                f'its reading in mapbridge.toml (sheets = {{"{grid.name}" = "grid"}}); instruction '
                "sheets can be named 'Instructions'",
                sheet=grid.name,
            )
            for table in tables:
                table.unread_reason = "the sheet was not read (see the warning above)"
                table.reported = True
            return tables
        for table in tables:
            if table.decision.role in ("rows", "grid", "personas", "card", "stages", "reviews"):
                self._note_hidden_columns(table.view)
            if is_ambiguous(table.decision):
                other = table.decision.runner_up
                assert other is not None
                self._warn(
                    "MB037",
                    "ambiguous-table",
                    f"{table.block.range} could be read as {_ROLE_NAMES[table.decision.role]} or as "
                    f"{_ROLE_NAMES[other[0]]}; it was read as {_ROLE_NAMES[table.decision.role]} "
                    f"({table.decision.reason})",
                    f'to read it the other way, add to mapbridge.toml: sheets = {{"{grid.name}" = '
                    f'"{_FORCE_NAMES.get(other[0], other[0])}"}}',
                    SourceRef(sheet=grid.name, cell=table.view.ref(0, 0)),
                )
        return tables

    def _join_continuations(
        self, grid: SheetGrid, tables: list[_Table], role: str | None, forced: str | None
    ) -> list[_Table]:
        """Blocks that continue a table join it: data rows after a blank row (they fill the key
        column: Stage, Name), and cells typed just right of its last column (an unlabelled column).
        """
        result: list[_Table] = []
        for table in tables:
            host = None
            if table.decision.role in ("unknown", "title"):
                host = next((t for t in reversed(result) if self._continues(t, table)), None)
            if host is None:
                result.append(table)
                continue
            runs = {row: list(r) for row, r in host.block.runs.items()}
            for row, row_runs in table.block.runs.items():
                runs.setdefault(row, []).extend(row_runs)
                runs[row].sort()
            joined = Block(
                grid.name,
                min(host.block.top, table.block.top),
                min(host.block.left, table.block.left),
                max(host.block.bottom, table.block.bottom),
                max(host.block.right, table.block.right),
                host.block.cells + table.block.cells,
                runs,
            )
            view = block_view(grid, joined)
            decision = classify(
                view,
                self.vocab,
                sheet_hint=role,
                forced=forced,
                column_kinds=dict(self.options.column_kinds),
            )
            if decision.role == host.decision.role:
                result[result.index(host)] = _Table(grid, joined, view, decision)
            else:
                result.append(table)
        return result

    @staticmethod
    def _continues(host: _Table, part: _Table) -> bool:
        """Whether `part` (a block no reading claimed) continues the table `host`."""
        if host.decision.role not in ("rows", "personas", "stages", "reviews", "grid"):
            return False
        h, b = host.block, part.block
        if h.top < b.top and b.bottom <= h.bottom and h.right < b.left <= h.right + 2:
            return True  # beside its rows: an unlabelled column
        if not (0 < b.top - h.bottom <= 3 and h.left <= b.left and b.right <= h.right + 1):
            return False
        if host.decision.role in ("grid", "reviews"):
            return True
        key = {"rows": "stage", "personas": "name", "stages": "stage"}[host.decision.role]
        col = next((c for c, f in host.decision.fields.items() if f == key), None)
        if col is None:
            return False
        first = part.view.rows[0]
        at = col + h.left - b.left
        return 0 <= at < len(first) and first[at] is not None and first[at] != ""

    def _attach_titles(self, tables: list[_Table]) -> None:
        """Each block of title lines belongs to the nearest table below it that it overlaps."""
        for title in tables:
            if title.decision.role != "title":
                continue
            below = [
                t
                for t in tables
                if t.decision.role not in ("title", "unknown")
                and t.block.top > title.block.bottom
                and t.block.left <= title.block.right + 1
                and title.block.left <= t.block.right + 1
            ]
            if below:
                host = min(below, key=lambda t: (t.block.top, abs(t.block.left - title.block.left)))
                # Another title block between them belongs to the same table (read top down).
                host.titles.append(title)
                title.host = host
            else:
                title.unread_reason = "text that belongs to no table (no table below it)"

    def _find_stage_extras(self, tables: list[_Table]) -> None:
        """A small `Stage | Score` table beside a map on the same sheet joins that map as lanes."""
        maps = [t for t in tables if t.decision.role in ("rows", "grid")]
        for table in maps:
            fields = table.decision.fields
            if table.decision.role != "rows" or set(fields.values()) - {"stage"}:
                continue
            others = [m for m in maps if m is not table and m.decision.role != "stage-extra"]
            if not others or table.block.width > 4:
                continue
            host = max(others, key=lambda m: m.block.cells)
            if host.block.cells <= table.block.cells:
                continue
            table.decision.role = "stage-extra"
            table.decision.reason = (
                f"a table keyed by stage beside the map at {host.block.range}; joins it as lanes"
            )
            table.host = host

    def _skip_sheet(
        self,
        grid: SheetGrid,
        blocks: list[Block],
        why: str,
        *,
        warn: bool = False,
        note: bool = False,
    ) -> None:
        """Leave a whole sheet out and count its cells as reported (with a warning if `warn`)."""
        cells = sum(b.cells for b in blocks)
        top = min(b.top for b in blocks)
        left = min(b.left for b in blocks)
        bottom = max(b.bottom for b in blocks)
        right = max(b.right for b in blocks)
        whole = Block(grid.name, top, left, bottom, right, cells)
        if warn:
            self.report.add(
                "MB026",
                "hidden-content",
                "warning",
                f"sheet {grid.name!r} is hidden; skipped ({cells} filled cells in {whole.range})",
                "unhide it if it is a map or holds workshop data, or force its reading in "
                f'mapbridge.toml (sheets = {{"{grid.name}" = "rows"}})',
                sheet=grid.name,
            )
        if note:
            # Information, not a warning: the CLI shows it in `inspect`'s coverage, not on stderr
            # (the starter workbook's own Instructions sheet must not nag on every run).
            self.report.add(
                "MB036",
                "sheet-skipped",
                "info",
                f"sheet {grid.name!r} was skipped whole ({cells} filled cells in {whole.range}): "
                + why.removeprefix("skipped whole: "),
                "if it holds workshop data, rename it or force its reading in mapbridge.toml "
                f'(sheets = {{"{grid.name}" = "rows"}})',
                sheet=grid.name,
            )
        self.skipped.append(
            UnreadRange(sheet=grid.name, range=whole.range, cells=cells, reason=why)
        )

    def _reading(self) -> Reading:
        """The tables found and the coverage: every filled cell read or reported as not read."""
        coverage = Coverage()
        tables: list[SourceTable] = []
        coverage.unread.extend(self.skipped)
        coverage.filled_cells = sum(u.cells for u in self.skipped)
        for table in self.tables:
            block = table.block
            coverage.filled_cells += block.cells
            role = table.decision.role
            if role == "title" and table.host is not None and table.host.read:
                coverage.read_cells += block.cells
                continue
            if table.read:
                parts = sum(u.cells for u in table.unread_parts)
                coverage.read_cells += block.cells - parts
                coverage.unread.extend(table.unread_parts)
                tables.append(
                    SourceTable(
                        sheet=block.sheet,
                        range=block.range,
                        role=role,
                        reason=table.decision.reason,
                        meanings=table.meanings,
                    )
                )
                continue
            reason = table.unread_reason or table.decision.reason or "not recognised"
            coverage.unread.append(
                UnreadRange(sheet=block.sheet, range=block.range, cells=block.cells, reason=reason)
            )
            if not table.reported:
                self._warn(
                    "MB035",
                    "cells-not-read",
                    f"{block.range}: {block.cells} filled cell(s) not read: {reason}",
                    "move the cells into a table mapbridge reads, or delete them if they are notes; "
                    "`mapbridge inspect --explain` shows what was found on each sheet",
                    SourceRef(sheet=block.sheet, cell=table.view.ref(0, 0)),
                )
        return Reading(tables=tables, coverage=coverage)

    def _check_size(self, journeys: list[Journey]) -> None:
        """Refuse content no workshop has: the checks and the exporters would run for minutes."""
        too_many: list[tuple[str, int, int, SourceRef | None]] = []
        if len(self.personas) > MAX_PERSONAS:
            too_many.append(
                ("personas", len(self.personas), MAX_PERSONAS, self.personas[MAX_PERSONAS].source)
            )
        for journey in journeys:
            for what, items, limit in (
                (f"stages in the map {journey.name!r}", journey.stages, MAX_STAGES),
                (f"lanes in the map {journey.name!r}", journey.lanes, MAX_LANES),
            ):
                if len(items) > limit:
                    too_many.append((what, len(items), limit, items[limit].source))
        entries = [e for j in journeys for e in j.entries]
        if len(entries) > MAX_MAP_CELLS:
            too_many.append(
                ("filled map cells", len(entries), MAX_MAP_CELLS, entries[MAX_MAP_CELLS].source)
            )
        review_rows = [t.source for t in self.triggers] + [row[5] for row in self.review_rows]
        if len(review_rows) > MAX_REVIEW_ROWS:
            too_many.append(
                (
                    "review and trigger rows",
                    len(review_rows),
                    MAX_REVIEW_ROWS,
                    review_rows[MAX_REVIEW_ROWS],
                )
            )
        for what, count, limit, ref in too_many:
            self._error(
                "MB034",
                "too-much-content",
                f"the workbook has {count:,} {what}; mapbridge reads at most {limit:,} "
                "(the first one past the limit is here)",
                "split the workbook, or remove rows and columns that are not workshop content",
                ref,
            )

    def _warn_hidden_sheet(self, grid: SheetGrid, what: str) -> None:
        self.report.add(
            "MB026",
            "hidden-content",
            "warning",
            f"sheet {grid.name!r} is hidden; {what}",
            "unhide the sheet in Excel so everyone sees what mapbridge reads",
            sheet=grid.name,
        )

    # ------------------------------------------------------------------ shared helpers

    def _ref(self, grid: SheetGrid, row: int, col: int) -> SourceRef:
        return SourceRef(sheet=grid.name, cell=grid.ref(row, col))

    def _error(self, code: str, name: str, message: str, hint: str, ref: SourceRef | None) -> None:
        self.report.add(
            code,
            name,
            "error",
            message,
            hint,
            sheet=ref.sheet if ref else None,
            cell=ref.cell if ref else None,
        )

    def _warn(self, code: str, name: str, message: str, hint: str, ref: SourceRef | None) -> None:
        self.report.add(
            code,
            name,
            "warning",
            message,
            hint,
            sheet=ref.sheet if ref else None,
            cell=ref.cell if ref else None,
        )

    def _note_hidden_row(self, grid: SheetGrid, row: int) -> None:
        if row in grid.hidden_rows and grid.name not in self.warned_hidden_rows:
            self.warned_hidden_rows.add(grid.name)
            rows = sorted(r + 1 + grid.row0 for r in grid.hidden_rows)
            shown = ", ".join(str(r) for r in rows[:8]) + (" ..." if len(rows) > 8 else "")
            self._warn(
                "MB026",
                "hidden-content",
                f"hidden rows ({shown}) were read like any other row",
                "unhide them in Excel, or delete the rows if they should not be in the outputs",
                self._ref(grid, row, 0),
            )

    def _note_hidden_columns(self, grid: SheetGrid) -> None:
        """Hidden columns are read like the others (nothing typed is dropped), with one warning."""
        if not grid.hidden_cols:
            return
        # One pass over the cells (a sheet may hide every column from F to XFD).
        used = sorted(
            {
                col
                for cells in grid.rows
                for col, value in enumerate(cells)
                if value is not None and value != "" and col in grid.hidden_cols
            }
        )
        if used:
            shown = ", ".join(grid.column_name(c) for c in used[:8]) + (
                " ..." if len(used) > 8 else ""
            )
            self._warn(
                "MB026",
                "hidden-content",
                f"hidden columns ({shown}) were read like any other column",
                "unhide them in Excel, or delete the columns if they should not be in the outputs",
                self._ref(grid, 0, used[0]),
            )

    def _check_formula(self, grid: SheetGrid, row: int, col: int, value: CellValue) -> None:
        if not grid.formulas_without_values:
            return
        ref = grid.ref(row, col)
        formula = grid.formulas_without_values.get(ref)
        if formula is not None:
            self._warn(
                "MB025",
                "formula-without-value",
                f"the formula ={formula} has never been calculated (the file was saved by a program, "
                "not by Excel), so the cell was read as empty",
                "open the workbook in Excel or LibreOffice and save it, so the formulas get values",
                SourceRef(sheet=grid.name, cell=ref),
            )

    def _date(self, grid: SheetGrid, row: int, col: int, value: CellValue) -> Any:
        return self._date_at(value, self._ref(grid, row, col))

    def _date_at(self, value: CellValue, ref: SourceRef) -> Any:
        result = parse_date(value)
        if result.warning:
            self._warn("MB020", "unclear-date", result.warning, result.hint, ref)
        return result.value

    def _cadence(self, grid: SheetGrid, row: int, col: int, value: CellValue) -> int | None:
        return self._cadence_at(value, self._ref(grid, row, col))

    def _cadence_at(self, value: CellValue, ref: SourceRef) -> int | None:
        if value is None:
            return None
        days = parse_cadence(value)
        if days is None:
            self._warn(
                "MB021",
                "unclear-cadence",
                f"review cadence {clean_text(value)!r} is not a number of days from 1 to 3650",
                'type a number of days (90) or a word like "quarterly"',
                ref,
            )
        return days

    def _table_title(self, table: _Table) -> _TitleBlock:
        """The title lines of a table: blocks above it, then rows of its own above the header."""
        block = _TitleBlock()
        for title in table.titles:
            self._title_block(title.view, title.view.height, block)
        self._title_block(table.view, table.decision.header, block)
        return block

    def _title_block(
        self, grid: SheetGrid, above: int, block: _TitleBlock | None = None
    ) -> _TitleBlock:
        block = block if block is not None else _TitleBlock()
        for row in range(above):
            cells = grid.rows[row]
            col = 0
            while col < len(cells):
                value = cells[col]
                if not isinstance(value, str) or not value.strip():
                    col += 1
                    continue
                text = clean_text(value)
                ref = self._ref(grid, row, col)
                pair = split_label(text)
                if pair:
                    block.labels.setdefault(pair[0], (pair[1], ref))
                    col += 1
                    continue
                key = label_key(text)
                if key:
                    nxt = next(
                        (c for c in range(col + 1, len(cells)) if cells[c] not in (None, "")), None
                    )
                    if nxt is not None:
                        block.labels.setdefault(
                            key, (clean_text(cells[nxt]), self._ref(grid, row, nxt))
                        )
                        col = nxt + 1
                        continue
                if not block.title:
                    block.title, block.title_ref = text, ref
                col += 1
        if "title" in block.labels and not block.title:
            block.title, block.title_ref = block.labels["title"]
        return block

    # ------------------------------------------------------------------ personas

    def _read_personas(self, table: _Table) -> None:
        grid, header_row = table.view, table.decision.header
        table.read = True
        self.personas_from_sheet = True
        block = self._table_title(table)
        if block.title:
            self.titles.append(block.title)
        columns = self._persona_columns(grid, header_row)
        table.meanings = {header: _field_meaning(f) for f, header in columns.values()}
        for row in range(header_row + 1, grid.height):
            values = {col: grid.value(row, col) for col in columns}
            if all(v is None for v in values.values()):
                continue
            self._note_hidden_row(grid, row)
            for col in columns:
                self._check_formula(grid, row, col, values[col])
            name_col = next(c for c, (f, _) in columns.items() if f == "name")
            items = [
                (fieldname, header, values[col], self._ref(grid, row, col))
                for col, (fieldname, header) in columns.items()
            ]
            persona = self._persona_from_fields(items, self._ref(grid, row, name_col))
            if persona is not None:
                self._add_unique_persona(persona, table)

    def _add_unique_persona(self, persona: Persona, table: _Table) -> None:
        """Add a persona read from a table or card, unless another one already has its name."""
        key = _name_key(persona.name)
        earlier = self.persona_seen.get(key) or self.persona_seen.get(persona.id)
        if earlier is not None:
            # Ids come from names, so "Zoë" and "Zoe!" would be one persona: say why.
            same = (
                "is listed twice"
                if key in self.persona_seen
                else f"has the same id ({persona.id}) as another persona: names that differ "
                "only in accents or punctuation count as the same persona"
            )
            self._error(
                "MB012",
                "duplicate-persona",
                f"persona {persona.name!r} {same} (also at {earlier})",
                "give each persona a distinct name, or merge the two rows",
                persona.source,
            )
            return
        assert persona.source is not None
        self.persona_seen[key] = persona.source
        self.persona_seen[persona.id] = persona.source
        self._add_persona(persona)
        table.personas.append(persona)

    def _read_card(self, table: _Table) -> None:
        """A persona card: label/value pairs down a column; each value column is one persona."""
        grid, first = table.view, table.decision.header
        table.read = True
        self.personas_from_sheet = True
        block = self._table_title(table)
        label_rows: list[tuple[int, str, str]] = []  # (row, label, field)
        value_cols: list[int] = []
        used: set[str] = set()
        for row in range(first, grid.height):
            label = clean_text(grid.value(row, 0))
            values = [c for c in range(1, grid.width) if grid.value(row, c) is not None]
            if not label and not values:
                continue
            if not label:
                label = f"Row {row + 1 + grid.row0}"
            if hdr.normalise(label) in _CARD_HEADERS and row == first:
                continue  # the card's own `Field | Details` header
            self._note_hidden_row(grid, row)
            known = self.vocab.persona_field(label)
            if known is None and self.vocab.is_demographic(label):
                known = "demographic"
            if known and known not in ("demographic",) and known in used:
                known = None
            if known and known != "demographic":
                used.add(known)
            label_rows.append((row, label, known or "extra"))
            table.meanings[label] = _field_meaning(known or "extra")
            value_cols.extend(c for c in values if c not in value_cols)
        value_cols.sort()
        name_row = next((r for r, _l, f in label_rows if f == "name"), None)
        # Several value columns are several personas only when each has a name; otherwise a
        # value spread over cells is one value.
        per_persona = (
            [[c] for c in value_cols]
            if name_row is not None
            and len(value_cols) > 1
            and all(grid.value(name_row, c) is not None for c in value_cols)
            else [value_cols]
        )
        for cols in per_persona:
            items: list[tuple[str, str, CellValue, SourceRef]] = []
            name_ref: SourceRef | None = None
            for row, label, fieldname in label_rows:
                present = [c for c in cols if grid.value(row, c) is not None]
                if not present:
                    continue
                value: CellValue = (
                    grid.value(row, present[0])
                    if len(present) == 1
                    else " ".join(clean_text(grid.value(row, c)) for c in present)
                )
                ref = self._ref(grid, row, present[0])
                if fieldname == "name":
                    name_ref = ref
                items.append((fieldname, label, value, ref))
            if name_ref is None:
                # No Name label: the card's title, else the sheet's name, names the persona.
                name = block.title or grid.name
                name_ref = block.title_ref or self._ref(grid, first, 0)
                items.insert(0, ("name", "Name", name, name_ref))
            persona = self._persona_from_fields(items, name_ref)
            if persona is not None:
                self._add_unique_persona(persona, table)

    def _read_card_list(self, table: _Table) -> None:
        """A `Pain Point | Impact` table under a persona card: items of that persona's list."""
        grid, header_row = table.view, table.decision.header
        fieldname = table.decision.fields[0]
        cards = [
            t
            for t in self.tables
            if t.decision.role == "card"
            and t.sheet is table.sheet
            and t.block.top < table.block.top
            and len(t.personas) == 1
        ]
        if not cards:
            table.unread_reason = (
                f"a list of {fieldname.replace('_', ' ')} with no persona card above it"
            )
            return
        card = max(cards, key=lambda t: (t.block.bottom, -abs(t.block.left - table.block.left)))
        persona = card.personas[0]
        table.read = True
        headers = {
            c: clean_text(grid.value(header_row, c))
            for c in range(grid.width)
            if grid.value(header_row, c) is not None
        }
        table.meanings = {h: "detail of the item" for c, h in headers.items() if c}
        table.meanings[headers.get(0, "")] = (
            f"persona {fieldname.replace('_', ' ')} of {persona.name}"
        )
        items = getattr(persona, fieldname)
        for row in range(header_row + 1, grid.height):
            text = clean_text(grid.value(row, 0))
            details = [
                f"{headers.get(c) or grid.column_name(c)}: {clean_text(grid.value(row, c))}"
                for c in range(1, grid.width)
                if grid.value(row, c) is not None
            ]
            if not text and not details:
                continue
            item = text or f"Row {row + 1 + grid.row0}"
            if details:
                item += f" ({'; '.join(details)})"
            items.append(item)
            persona.sources.setdefault(fieldname, self._ref(grid, row, 0))

    def _persona_columns(self, grid: SheetGrid, header_row: int) -> dict[int, tuple[str, str]]:
        """Column -> (field, header text); unknown headers become extra fields, nothing is dropped."""
        columns: dict[int, tuple[str, str]] = {}
        used: dict[str, int] = {}
        for col in range(len(grid.rows[header_row])):
            header = clean_text(grid.value(header_row, col))
            if not header:
                if any(grid.value(r, col) is not None for r in range(header_row + 1, grid.height)):
                    header = f"Column {grid.column_name(col)}"
                    self._warn(
                        "MB027",
                        "unlabelled-column",
                        f"column {grid.column_name(col)} has values but no header; kept as {header!r}",
                        "type a header above the values",
                        self._ref(grid, header_row, col),
                    )
                    columns[col] = ("extra", header)
                continue
            # A column header may be read by its head words (rule 3: "Core need of the week");
            # a wrong guess changes a field's name, never what is read.
            known = self._forced_persona_field(header) or self.vocab.persona_field(
                header, min_quality=hdr.HEAD_WORDS
            )
            if known is None and self.vocab.is_demographic(header):
                known = "demographic"
            if known and known not in ("demographic",) and known in used:
                self._warn(
                    "MB028",
                    "duplicate-header",
                    f"header {header!r} repeats column {grid.column_name(used[known])}; "
                    "this column is kept as an extra field",
                    "rename one of the two columns",
                    self._ref(grid, header_row, col),
                )
                columns[col] = ("extra", f"{header} ({grid.column_name(col)})")
                continue
            if known:
                used.setdefault(known, col)
                columns[col] = (known, header)
            else:
                columns[col] = ("extra", header)
        return columns

    def _persona_from_fields(
        self, items: list[tuple[str, str, CellValue, SourceRef]], name_ref: SourceRef
    ) -> Persona | None:
        """A persona from (field, header, value, cell) items of one table row or one card."""
        name = clean_text(next((v for f, _h, v, _r in items if f == "name"), None))
        if not name:
            self._error(
                "MB015",
                "required-cell-empty",
                "this persona row has content but no name",
                "type the persona's name in this cell",
                name_ref,
            )
            return None
        data: dict[str, Any] = {"name": name, "sources": {}}
        empathy: dict[str, list[str]] = {}
        demographics: dict[str, str] = {}
        extra: dict[str, str] = {}
        list_fields = {"goals", "pain_points", "motivations", "behaviours", "channels"}
        for fieldname, header, value, ref in items:
            if value is None or fieldname == "name":
                if fieldname == "name":
                    data["sources"]["name"] = ref
                continue
            if fieldname in list_fields:
                data[fieldname] = data.get(fieldname, []) + split_list(
                    value, commas=fieldname == "channels"
                )
            elif fieldname in ("says", "thinks", "does", "feels"):
                empathy[fieldname] = split_list(value)
            elif fieldname == "kind":
                kind = parse_kind(value)
                if kind is None:
                    # Never guess "research": a hypothesis must not pass for validated. The text
                    # is kept so nothing typed is lost.
                    self._warn(
                        "MB016",
                        "unknown-persona-kind",
                        f"persona kind {clean_text(value)!r} is not known, so the kind is left "
                        f"unspecified (the text is kept as the field {header!r})",
                        'use "research", "proto" (an assumption-based proto-persona) or "segment"',
                        ref,
                    )
                    extra[header] = clean_text(value)
                    data["sources"][f"extra.{header}"] = ref
                    continue
                data["kind"] = kind
            elif fieldname in ("last_reviewed", "last_updated"):
                data[fieldname] = self._date_at(value, ref)
            elif fieldname == "review_every_days":
                data[fieldname] = self._cadence_at(value, ref)
            elif fieldname == "demographic":
                demographics[header] = clean_text(value)
                fieldname = f"demographics.{header}"
            elif fieldname == "extra":
                extra[header] = clean_text(value)
                fieldname = f"extra.{header}"
            elif fieldname == "id":
                data["id"] = slugify(clean_text(value)) if clean_text(value) else None
            else:
                data[fieldname] = clean_text(value)
            data["sources"][fieldname] = ref
        persona_id = data.pop("id", None) or slugify(name)
        return Persona(
            id=persona_id,
            empathy_map=EmpathyMap(**empathy),
            demographics=demographics,
            extra=extra,
            **{k: v for k, v in data.items() if v is not None},
        )

    def _add_persona(self, persona: Persona) -> None:
        self.personas.append(persona)
        self.persona_keys.setdefault(_name_key(persona.name), persona.id)
        self.persona_keys.setdefault(persona.id, persona.id)

    def _resolve_persona(self, text: str, ref: SourceRef) -> list[str] | None:
        """Persona ids named by a cell ("Ana", "Ana; Ben"), an empty list for everyone, None if unknown."""
        key = _name_key(text)
        if not key or hdr.normalise(text) in ALL_PERSONAS or key in ALL_PERSONAS:
            return []
        if key in self.persona_keys:
            return [self.persona_keys[key]]
        parts = [p for p in re.split(r"\s*(?:[,;/&+]|\band\b)\s*", text) if p.strip()]
        if len(parts) > 1 and all(_name_key(p) in self.persona_keys for p in parts):
            return [self.persona_keys[_name_key(p)] for p in parts]
        if not self.personas_from_sheet:
            # No Personas sheet: the maps define the personas (warned once in _finish_maps).
            persona = Persona(id=slugify(text), name=text.strip(), sources={"name": ref})
            self._add_persona(persona)
            return [persona.id]
        known = ", ".join(p.name for p in self.personas[:8]) or "none"
        self._error(
            "MB011",
            "unknown-persona",
            f"persona {text.strip()!r} is not on the Personas sheet (known personas: {known})",
            f"check the spelling, or add {text.strip()!r} to the Personas sheet; "
            'leave the cell empty or write "All" for a row that applies to every persona',
            ref,
        )
        return None

    # ------------------------------------------------------------------ stages

    def _read_stages(self, table: _Table) -> None:
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        table.read = True
        table.meanings = {
            clean_text(grid.value(header_row, c)): f"stage list: {f.replace('_', ' ')}"
            for c, f in fields.items()
        }
        block = self._table_title(table)
        if "emotion_scale" in block.labels:
            self._declare_scale(None, *block.labels["emotion_scale"])
        col_of = {f: c for c, f in fields.items()}
        listed: list[tuple[float, int, str | None, str, str, SourceRef]] = []
        for row in range(header_row + 1, grid.height):
            name = clean_text(grid.value(row, col_of["stage"]))
            if not name:
                continue
            journey = clean_text(grid.value(row, col_of["journey"])) if "journey" in col_of else ""
            jkey = slugify(journey) if journey else None
            order_value = grid.value(row, col_of["order"]) if "order" in col_of else None
            try:
                order = float(order_value) if order_value not in (None, "") else float(row)
            except (TypeError, ValueError):
                order = float(row)
            description = (
                clean_text(grid.value(row, col_of["description"]))
                if "description" in col_of
                else ""
            )
            if "emotion_scale" in col_of and grid.value(row, col_of["emotion_scale"]) is not None:
                self._declare_scale(
                    jkey,
                    clean_text(grid.value(row, col_of["emotion_scale"])),
                    self._ref(grid, row, col_of["emotion_scale"]),
                )
            listed.append(
                (order, row, jkey, name, description, self._ref(grid, row, col_of["stage"]))
            )
        for _order, _row, jkey, name, description, ref in sorted(
            listed, key=lambda t: (t[0], t[1])
        ):
            self.stage_orders.setdefault(jkey, []).append((slugify(name), name, ref))
            if description:
                self.stage_descriptions[(jkey, slugify(name))] = description

    def _declare_scale(self, journey_key: str | None, text: str, ref: SourceRef) -> None:
        scale = emo.parse_scale_name(text)
        if scale is None:
            self._warn(
                "MB029",
                "unknown-emotion-scale",
                f"emotion scale {text!r} is not one mapbridge knows, so the scale is detected from the values",
                "write one of -2..2, 1..5, -5..5, 0..10 or words",
                ref,
            )
            return
        self.declared_scales.setdefault(journey_key, (scale, ref))

    # ------------------------------------------------------------------ journey rows

    def _read_journey_rows(self, table: _Table) -> None:
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        table.read = True
        block = self._table_title(table)
        if block.title:
            self.titles.append(block.title)
        col_of: dict[str, int] = {}
        for col, fieldname in fields.items():
            col_of.setdefault(fieldname, col)
        fixed_persona: list[str] = []
        persona_ref = self._ref(grid, header_row, col_of["stage"])
        if "persona" not in col_of:
            # A rows table without a Persona column is one persona's map.
            found_persona = self._table_persona(table, block)
            if found_persona is False:
                table.read = False
                table.reported = True
                table.unread_reason = "its persona is not on the Personas sheet (see the error)"
                return
            fixed_persona = [found_persona] if found_persona else []
            if "persona" in block.labels:
                persona_ref = block.labels["persona"][1]
        default_journey = self._table_journey_name(table, block)
        if "emotion_scale" in block.labels:
            self._declare_scale(slugify(default_journey), *block.labels["emotion_scale"])
        lanes = self._lane_columns(grid, header_row, set(col_of.values()))
        for col, fieldname in fields.items():
            table.meanings[clean_text(grid.value(header_row, col))] = _JOURNEY_MEANINGS.get(
                fieldname, fieldname
            )
        for lane in lanes.values():
            table.meanings[lane.name] = _lane_meaning(lane)
        width = len(grid.rows[header_row])
        # The loop below runs once per journey row (96,000 cells in the XL benchmark), so it reads
        # row lists directly and builds a source cell only for values it keeps.
        sheet = grid.name
        letters = [grid.column_name(col) for col in range(width)]
        lane_items = [(col, lane) for col, lane in lanes.items() if col < width]
        stage_col = col_of["stage"]
        persona_col = col_of.get("persona")
        journey_col = col_of.get("journey")
        step_col = col_of.get("step")
        has_map_facts = any(
            k in col_of for k in ("map_owner", "last_reviewed", "last_updated", "review_every_days")
        )
        resolved: dict[str, list[str]] = {}
        for row in range(header_row + 1, grid.height):
            cells = grid.rows[row]
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            if not any(v is not None and v != "" for v in cells[:width]):
                continue
            if grid.hidden_rows:
                self._note_hidden_row(grid, row)
            if grid.formulas_without_values:
                for col in range(width):
                    self._check_formula(grid, row, col, cells[col] if cells[col] != "" else None)
            number = row + 1 + grid.row0
            stage_name = clean_text(cells[stage_col])
            if not stage_name:
                self._error(
                    "MB015",
                    "required-cell-empty",
                    "this journey row has content but no stage",
                    "type the stage (e.g. Discover, Apply) this row belongs to",
                    self._ref(grid, row, stage_col),
                )
                continue
            journey_name = default_journey
            if journey_col is not None:
                journey_name = clean_text(cells[journey_col]) or default_journey
            if persona_col is not None:
                persona_text = clean_text(cells[persona_col])
                persona_ids = resolved.get(persona_text)
                if persona_ids is None:
                    persona_ids = self._resolve_persona(
                        persona_text, self._ref(grid, row, persona_col)
                    )
                    if persona_ids is None:
                        continue  # an unknown persona: reported at this cell
                    resolved[persona_text] = persona_ids
            else:
                persona_ids = fixed_persona
            step = clean_text(cells[step_col]) if step_col is not None else ""
            journey_key = _slug(journey_name)
            stage_id = _slug(stage_name)
            shared = not persona_ids
            for pid in persona_ids or [None]:
                draft = self.drafts.get((journey_key, pid))
                if draft is None:
                    draft = self._draft(
                        journey_name,
                        pid,
                        self._ref(grid, row, persona_col)
                        if persona_col is not None
                        else persona_ref,
                    )
                    self._apply_title_facts(draft, block)
                    if draft not in table.drafts:
                        table.drafts.append(draft)
                    for lane in lanes.values():
                        # Column order decides lane order, whoever fills a lane first.
                        draft.lanes.setdefault(lane.id, lane)
                if has_map_facts:
                    self._map_facts(grid, row, col_of, draft)
                stage = draft.stages.get(stage_id)
                if stage is None:
                    stage = self._stage(draft, stage_name, self._ref(grid, row, stage_col))
                if step and all(s.name != step for s in stage.steps):
                    stage.steps.append(Step(name=step, source=self._ref(grid, row, step_col)))
                for col, lane in lane_items:
                    value = cells[col]
                    if value is None or value == "":
                        continue
                    text = clean_text(value)
                    if text:
                        ref = SourceRef(sheet=sheet, cell=f"{letters[col]}{number}")
                        self._add_text(draft, stage, step or None, lane, text, value, ref, shared)

    def _apply_title_facts(
        self, draft: _MapDraft, block: _TitleBlock, *, scale: bool = False
    ) -> None:
        """`Owner:`, `Last updated:`, `Last reviewed:` (and `Emotion scale:`) above a map apply to it."""
        if scale and "emotion_scale" in block.labels:
            value, ref = block.labels["emotion_scale"]
            name = emo.parse_scale_name(value)
            if name is None:
                self._declare_scale(None, value, ref)  # warns
            else:
                draft.declared_scale, draft.declared_scale_ref = name, ref
        if "owner" in block.labels and not draft.owner:
            draft.owner, draft.sources["owner"] = block.labels["owner"]
        for key_name in ("last_reviewed", "last_updated"):
            if key_name in block.labels and getattr(draft, key_name) is None:
                value, ref = block.labels[key_name]
                draft.sources[key_name] = ref
                setattr(draft, key_name, self._date_at(value, ref))
        if "review_every_days" in block.labels and draft.review_every_days is None:
            value, ref = block.labels["review_every_days"]
            draft.review_every_days = self._cadence_at(value, ref)

    def _lane_kind(self, header: str, *, guess: bool = False) -> tuple[str, str | None]:
        """A lane header's kind: forced in mapbridge.toml (`columns = {...}`), else by meaning.

        `guess` accepts a match on the header's head words (rule 3), for column headers of
        journey rows; a grid's row labels ("Wild ideas") need an exact or qualified match.
        """
        forced = self._forced_column(header)
        if forced is not None and forced in LANE_KINDS:
            return forced, None
        if guess:
            return self.vocab.lane_kind(header, min_quality=hdr.HEAD_WORDS)
        return self.vocab.lane_kind(header)

    def _forced_persona_field(self, header: str) -> str | None:
        forced = self._forced_column(header)
        if forced in _PERSONA_FIELD_NAMES:
            return forced
        return None

    def _forced_column(self, header: str) -> str | None:
        if not self.options.column_kinds:
            return None
        wanted = hdr.normalise(header)
        for name, kind in self.options.column_kinds.items():
            if name == header or hdr.normalise(name) == wanted:
                return kind.strip().lower().replace(" ", "_").replace("-", "_")
        return None

    def _table_persona(self, table: _Table, block: _TitleBlock) -> str | None | bool:
        """The persona of a rows table without a Persona column (None: shared; False: unknown).

        From the title block (`Persona: X`), else the sheet's name, else the file's name, else the
        workbook's only persona; with several personas and no sign, a map shared by all of them;
        with no persona anywhere, an unnamed persona (with a warning).
        """
        if "persona" in block.labels:
            text, ref = block.labels["persona"]
            ids = self._resolve_persona(text, ref)
            if ids is None:
                return False
            return ids[0] if len(ids) == 1 else None
        grid = table.sheet
        for candidate in (grid.name, self.path.stem):
            pid = self._persona_named(candidate)
            if pid:
                return pid
        sheet_name = _strip_generic(grid.name)
        if sheet_name and not self.personas_from_sheet:
            ids = self._resolve_persona(sheet_name, self._ref(table.view, 0, 0))
            if ids:
                return ids[0]
        if len(self.personas) == 1:
            return self.personas[0].id
        if self.personas:
            self._warn(
                "MB038",
                "persona-not-named",
                f"the journey table at {table.block.range} names no persona, so it was read as a map "
                "shared by every persona",
                "add a Persona column, or a line 'Persona: <name>' above the table",
                self._ref(table.view, 0, 0),
            )
            return None
        name = "Unnamed persona"
        self._warn(
            "MB038",
            "persona-not-named",
            f"the journey table at {table.block.range} names no persona (no Persona column, no "
            f"'Persona:' line, no persona sheet), so its map belongs to {name!r}",
            "add a line 'Persona: <name>' above the table, or a Persona column",
            self._ref(table.view, 0, 0),
        )
        persona = Persona(
            id=slugify(name), name=name, sources={"name": self._ref(table.view, 0, 0)}
        )
        if persona.id not in self.persona_keys:
            self._add_persona(persona)
        return self.persona_keys[persona.id]

    def _persona_named(self, text: str) -> str | None:
        """The id of a known persona a sheet or file name names ("Maria", "maria-journey")."""
        if not self.personas:
            return None
        key = _name_key(text)
        if key in self.persona_keys:
            return self.persona_keys[key]
        words = {w for w in re.split(r"[\W_]+", key) if w}
        for persona in self.personas:
            first = _name_key(persona.name).split(" ")[0]
            if slugify(text) == persona.id or (first and first in words and len(first) > 2):
                return persona.id
        return None

    def _table_journey_name(self, table: _Table, block: _TitleBlock) -> str:
        """A rows table's journey: `Journey:` or the title above it, else its sheet, else the file."""
        name = block.labels.get("journey", (block.title or "", None))[0]
        name = _MAP_TITLE_SUFFIX.sub("", name).strip()
        if name:
            return name
        sheet = _strip_generic(table.sheet.name)
        # A sheet named after the persona names the persona, not the journey.
        if sheet and self._persona_named(table.sheet.name) is None:
            return sheet
        if "persona" in table.decision.fields.values():
            return "Journey"  # the classic Journey sheet: one journey, personas by row
        return _title_from_stem(self.path.stem) or "Journey"

    def _read_stage_extra(self, table: _Table) -> None:
        """Join a `Stage | Score` table to the map beside it: each other column becomes a lane."""
        host = table.host
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        stage_col = next(c for c, f in fields.items() if f == "stage")
        drafts = host.drafts if host is not None else []
        known = {sid for d in drafts for sid in d.stages}
        rows = [
            r
            for r in range(header_row + 1, grid.height)
            if any(grid.value(r, c) is not None for c in range(grid.width))
        ]
        matched = [r for r in rows if _slug(clean_text(grid.value(r, stage_col))) in known]
        if not drafts or len(matched) * 2 < len(rows):
            table.unread_reason = (
                f"a table keyed by stage ({clean_text(grid.value(header_row, stage_col))}) "
                "mapbridge could not tie to a map: its stages are not the map's"
            )
            return
        table.read = True
        block = self._table_title(table)
        del block  # title lines of a joined table add nothing to the map
        lanes = self._lane_columns(grid, header_row, {stage_col})
        table.meanings[clean_text(grid.value(header_row, stage_col))] = "stage name"
        for lane in lanes.values():
            table.meanings[lane.name] = _lane_meaning(lane) + f" of the map at {host.block.range}"
        for draft in drafts:
            for lane in lanes.values():
                draft.lanes.setdefault(lane.id, lane)
        for row in rows:
            stage_id = _slug(clean_text(grid.value(row, stage_col)))
            if row not in matched:
                cells = sum(1 for c in range(grid.width) if grid.value(row, c) is not None)
                first, last = grid.ref(row, 0), grid.ref(row, grid.width - 1)
                reason = (
                    f"stage {clean_text(grid.value(row, stage_col))!r} is not a stage of the map "
                    f"at {host.block.range}"
                )
                table.unread_parts.append(
                    UnreadRange(
                        sheet=grid.name, range=f"{first}:{last}", cells=cells, reason=reason
                    )
                )
                self._warn(
                    "MB035",
                    "cells-not-read",
                    f"{first}:{last}: {cells} filled cell(s) not read: {reason}",
                    "spell the stage as the map does",
                    self._ref(grid, row, stage_col),
                )
                continue
            for draft in drafts:
                stage = draft.stages.get(stage_id)
                if stage is None:
                    continue
                for col, lane in lanes.items():
                    value = grid.value(row, col)
                    self._add_entry(
                        draft,
                        stage,
                        None,
                        lane,
                        value,
                        self._ref(grid, row, col),
                        shared=draft.persona_id is None and not draft.from_grid,
                    )

    def _lane_columns(self, grid: SheetGrid, header_row: int, taken: set[int]) -> dict[int, Lane]:
        """Every column that is not persona/stage/step/journey information is a lane, in order."""
        lanes: dict[int, Lane] = {}
        ids: set[str] = set()
        for col in range(len(grid.rows[header_row])):
            if col in taken:
                continue
            header = clean_text(grid.value(header_row, col))
            if not header:
                if not any(
                    grid.value(r, col) is not None for r in range(header_row + 1, grid.height)
                ):
                    continue
                header = f"Column {grid.column_name(col)}"
                self._warn(
                    "MB027",
                    "unlabelled-column",
                    f"column {grid.column_name(col)} has values but no header; kept as a lane called {header!r}",
                    "type a lane name (e.g. Touchpoints) above the values",
                    self._ref(grid, header_row, col),
                )
            kind, variant = self._lane_kind(header, guess=True)
            lane_id = _unique(slugify(header), ids)
            lanes[col] = Lane(
                id=lane_id,
                name=header,
                kind=kind,  # type: ignore[arg-type]
                variant=variant,  # type: ignore[arg-type]
                source=self._ref(grid, header_row, col),
            )
        return lanes

    def _map_facts(
        self, grid: SheetGrid, row: int, col_of: dict[str, int], draft: _MapDraft
    ) -> None:
        """Map owner and review dates given on journey rows (the first value per map wins)."""
        if "map_owner" in col_of and not draft.owner:
            draft.owner = clean_text(grid.value(row, col_of["map_owner"]))
        for key in ("last_reviewed", "last_updated"):
            if (
                key in col_of
                and getattr(draft, key) is None
                and grid.value(row, col_of[key]) is not None
            ):
                setattr(
                    draft, key, self._date(grid, row, col_of[key], grid.value(row, col_of[key]))
                )
        if "review_every_days" in col_of and draft.review_every_days is None:
            col = col_of["review_every_days"]
            draft.review_every_days = self._cadence(grid, row, col, grid.value(row, col))

    def _draft(self, journey_name: str, persona_id: str | None, ref: SourceRef) -> _MapDraft:
        key = (slugify(journey_name), persona_id)
        draft = self.drafts.get(key)
        if draft is None:
            draft = _MapDraft(name=journey_name, persona_id=persona_id, sources={"map": ref})
            self.drafts[key] = draft
        return draft

    def _stage(self, draft: _MapDraft, name: str, ref: SourceRef) -> Stage:
        stage_id = slugify(name)
        stage = draft.stages.get(stage_id)
        if stage is None:
            stage = Stage(id=stage_id, name=name, source=ref)
            draft.stages[stage_id] = stage
        return stage

    def _add_entry(
        self,
        draft: _MapDraft,
        stage: Stage,
        step: str | None,
        lane: Lane,
        value: CellValue,
        ref: SourceRef,
        *,
        shared: bool = False,
    ) -> None:
        if value is None:
            return
        text = clean_text(value)
        if not text:
            return
        if lane.id not in draft.lanes:
            draft.lanes[lane.id] = lane
        self._add_text(draft, stage, step, lane, text, value, ref, shared)

    def _add_text(
        self,
        draft: _MapDraft,
        stage: Stage,
        step: str | None,
        lane: Lane,
        text: str,
        value: CellValue,
        ref: SourceRef,
        shared: bool,
    ) -> None:
        """Add one non-empty cell to a map; an emotion cell waits for its journey's scale."""
        if lane.kind == "emotion":
            if text.lower() in NO_SCORE:
                return
            entry = Entry(
                stage_id=stage.id, step=step, lane_id=lane.id, text=text, shared=shared, source=ref
            )
            draft.scores.append(_PendingScore(entry=entry, raw=value, ref=ref))
        else:
            entry = Entry(
                stage_id=stage.id, step=step, lane_id=lane.id, text=text, shared=shared, source=ref
            )
        draft.entries.append(entry)

    # ------------------------------------------------------------------ grids

    def _grid_layout(self, grid: SheetGrid, stage_row: int) -> tuple[int | None, int]:
        """(step row or None, first lane row) of a grid whose stage names are on `stage_row`."""
        step_row = None
        nxt = stage_row + 1
        if nxt < grid.height - 1:
            label = grid.value(nxt, 0)
            merged_stage = any(m[0] == stage_row and m[3] > m[1] for m in grid.merged)
            if (isinstance(label, str) and self.vocab.journey_field(label) == "step") or (
                label is None
                and merged_stage
                and any(grid.value(nxt, c) is not None for c in range(1, grid.width))
            ):
                step_row = nxt
        return step_row, (step_row if step_row is not None else stage_row) + 1

    def _read_grid(self, table: _Table) -> None:
        grid, stage_row, label_col = table.view, table.decision.header, 0
        step_row, first_lane = self._grid_layout(grid, stage_row)
        block = self._table_title(table)
        journey_name, journey_ref = block.labels.get("journey", (block.title, block.title_ref))
        persona_id = self._grid_persona(grid, block)
        journey_name = _MAP_TITLE_SUFFIX.sub("", journey_name or "").strip()
        if not journey_name:
            # A sheet named after its persona ("Ana Lima") names the persona, not the journey:
            # the file names the journey, so the personas' grids form one journey.
            named = "persona" not in block.labels and self._persona_named(grid.name) is not None
            journey_name = _title_from_stem(self.path.stem) if named else grid.name
        if persona_id is False:
            table.reported = True
            table.unread_reason = "its persona is not on the Personas sheet (see the error)"
            return
        table.read = True
        map_ref = journey_ref or self._ref(grid, stage_row, label_col)
        key = (slugify(journey_name), persona_id)
        if key in self.drafts:
            self._warn(
                "MB030",
                "repeated-map",
                f"sheet {grid.name!r} repeats the map {journey_name!r} for the same persona; "
                "its cells were added to the earlier map",
                "give each map its own Journey: name, or one sheet per persona",
                map_ref,
            )
        draft = self._draft(journey_name, persona_id or None, map_ref)
        draft.from_grid = True
        table.drafts.append(draft)
        self._apply_title_facts(draft, block, scale=True)
        columns = self._grid_columns(grid, label_col, stage_row, step_row, first_lane)
        if columns is None:
            return
        for _col, (stage_name, stage_ref, step_name, step_ref) in columns.items():
            stage = self._stage(draft, stage_name, stage_ref)
            if step_name and all(s.name != step_name for s in stage.steps):
                stage.steps.append(Step(name=step_name, source=step_ref))
        lane_ids: set[str] = set(draft.lanes)
        for row in range(first_lane, grid.height):
            label = clean_text(grid.value(row, label_col))
            has_content = any(grid.value(row, c) is not None for c in columns)
            if not label and not has_content:
                continue
            self._note_hidden_row(grid, row)
            if not label:
                label = f"Row {row + 1 + grid.row0}"
                self._warn(
                    "MB027",
                    "unlabelled-row",
                    f"row {row + 1 + grid.row0} has content but no lane name; kept as a lane called {label!r}",
                    "type a lane name (e.g. Pain points) in the first column",
                    self._ref(grid, row, label_col),
                )
            kind, variant = self._lane_kind(label)
            table.meanings[label] = f"lane: {kind.replace('_', ' ')}" + (
                f" ({variant})" if variant else ""
            )
            lane = Lane(
                id=_unique(slugify(label), lane_ids),
                name=label,
                kind=kind,  # type: ignore[arg-type]
                variant=variant,  # type: ignore[arg-type]
                source=self._ref(grid, row, label_col),
            )
            if not has_content:
                draft.lanes.setdefault(lane.id, lane)
                continue
            for col, (stage_name, _sref, step_name, _stref) in columns.items():
                value = grid.value(row, col)
                self._check_formula(grid, row, col, value)
                if value is None:
                    continue
                stage = draft.stages[slugify(stage_name)]
                self._add_entry(draft, stage, step_name, lane, value, self._ref(grid, row, col))

    def _grid_persona(self, grid: SheetGrid, block: _TitleBlock) -> str | None | bool:
        """The persona id of a grid (label, else sheet name), None for a shared map, False if unknown."""
        if "persona" in block.labels:
            text, ref = block.labels["persona"]
            ids = self._resolve_persona(text, ref)
            if ids is None:
                return False
            if len(ids) > 1:
                self._warn(
                    "MB031",
                    "several-personas-on-grid",
                    f"the grid names several personas ({text!r}); it is read as a shared map",
                    "make one grid sheet per persona, or leave the label out for a shared map",
                    ref,
                )
                return None
            return ids[0] if ids else None
        sheet_key = _name_key(grid.name)
        if sheet_key in self.persona_keys:
            return self.persona_keys[sheet_key]
        for persona in self.personas:
            if _name_key(persona.name.split()[0]) == sheet_key or slugify(grid.name) == persona.id:
                return persona.id
        return None

    def _grid_columns(
        self, grid: SheetGrid, label_col: int, stage_row: int, step_row: int | None, first_lane: int
    ) -> dict[int, tuple[str, SourceRef, str | None, SourceRef | None]] | None:
        """Column -> (stage, its header cell, step, its cell), following merged stage headers."""
        merged_owner: dict[int, int] = {}
        for r1, c1, r2, c2 in grid.merged:
            if r1 <= stage_row <= r2:
                for c in range(c1, c2 + 1):
                    merged_owner[c] = c1
        columns: dict[int, tuple[str, SourceRef, str | None, SourceRef | None]] = {}
        current: tuple[str, SourceRef] | None = None
        last_col = max(
            (
                c
                for r in range(stage_row, grid.height)
                for c in range(len(grid.rows[r]))
                if grid.value(r, c) is not None
            ),
            default=label_col,
        )
        ok = True
        for col in range(label_col + 1, last_col + 1):
            owner = merged_owner.get(col, col)
            header = clean_text(grid.value(stage_row, owner))
            step = clean_text(grid.value(step_row, col)) if step_row is not None else ""
            if header:
                if owner == col or current is None or current[0] != header:
                    current = (header, self._ref(grid, stage_row, owner))
            elif not step:
                current = None
            if current is None:
                if any(grid.value(r, col) is not None for r in range(first_lane, grid.height)):
                    self._error(
                        "MB015",
                        "required-cell-empty",
                        f"column {grid.column_name(col)} has map content but no stage header",
                        "type the stage name in the header row above, or merge the stage header across it",
                        self._ref(grid, stage_row, col),
                    )
                    ok = False
                continue
            step_ref = self._ref(grid, step_row, col) if step and step_row is not None else None
            columns[col] = (current[0], current[1], step or None, step_ref)
        return columns if ok else None

    # ------------------------------------------------------------------ reviews

    def _read_reviews(self, table: _Table) -> None:
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        table.read = True
        table.meanings = {
            clean_text(grid.value(header_row, c)): f"review: {f.replace('_', ' ')}"
            for c, f in fields.items()
        }
        block = self._table_title(table)
        if "review_every_days" in block.labels:
            self.review_every_days = parse_cadence(block.labels["review_every_days"][0])
        col_of = {f: c for c, f in fields.items()}
        for row in range(header_row + 1, grid.height):
            cells = {f: grid.value(row, c) for f, c in col_of.items()}
            if all(v is None for v in cells.values()):
                continue

            def text(name: str, cells: dict[str, CellValue] = cells) -> str:
                return clean_text(cells.get(name))

            persona_ids: list[str] | None = []
            if text("persona"):
                persona_ids = self._resolve_persona(
                    text("persona"), self._ref(grid, row, col_of["persona"])
                )
                if persona_ids is None:
                    continue
            journey_key = slugify(text("journey")) if text("journey") else None
            owner = text("owner")
            reviewed = (
                self._date(grid, row, col_of["last_reviewed"], cells["last_reviewed"])
                if "last_reviewed" in col_of
                else None
            )
            cadence = (
                self._cadence(grid, row, col_of["review_every_days"], cells["review_every_days"])
                if "review_every_days" in col_of
                else None
            )
            ref = self._ref(grid, row, 0)
            if text("trigger") or text("trigger_type"):
                when = (
                    self._date(grid, row, col_of["date"], cells["date"])
                    if "date" in col_of
                    else None
                )
                done_text = text("done").lower()
                kind = _trigger_kind(text("trigger_type") or text("trigger"))
                affects = split_list(cells.get("affects"), commas=True)
                affects += [self._persona_name(p) for p in persona_ids or []]
                if text("journey"):
                    affects.append(text("journey"))
                self.triggers.append(
                    Trigger(
                        when=when,
                        kind=kind,  # type: ignore[arg-type]
                        description=text("trigger") or text("trigger_type"),
                        affects=affects,
                        done=None
                        if not done_text
                        else done_text in ("yes", "y", "done", "true", "x", "✓"),
                        source=ref,
                    )
                )
                continue
            self.review_rows.append((persona_ids or [], journey_key, owner, reviewed, cadence, ref))

    def _persona_name(self, persona_id: str) -> str:
        return next((p.name for p in self.personas if p.id == persona_id), persona_id)

    # ------------------------------------------------------------------ finishing

    def _finish_maps(self) -> list[Journey]:
        if self.drafts and not self.personas_from_sheet and self.personas:
            self._warn(
                "MB023",
                "no-personas-sheet",
                "the workbook has no Personas sheet; personas were created from the names used on the maps",
                "add a Personas sheet with goals, pain points and behaviours so the deck can show profiles",
                None,
            )
        groups: dict[str, list[_MapDraft]] = {}
        for (jkey, _pid), draft in self.drafts.items():
            groups.setdefault(jkey, []).append(draft)
        journeys: list[Journey] = []
        for jkey, drafts in groups.items():
            drafts = _spread_shared_rows(drafts)
            self._score_emotions(jkey, drafts)
            lane_order = self._lane_order(drafts)
            for draft in drafts:
                journeys.append(self._journey(jkey, draft, lane_order))
        self._apply_reviews(journeys)
        return journeys

    def _lane_order(self, drafts: list[_MapDraft]) -> list[Lane]:
        """Every lane with content for any persona of the journey, in sheet order, so layers line up."""
        used = {e.lane_id for draft in drafts for e in draft.entries}
        lanes: dict[str, Lane] = {}
        for draft in drafts:
            for lane_id, lane in draft.lanes.items():
                if lane_id in used:
                    lanes.setdefault(lane_id, lane)
        return list(lanes.values())

    def _journey(self, jkey: str, draft: _MapDraft, lanes: list[Lane]) -> Journey:
        order = self.stage_orders.get(jkey) or self.stage_orders.get(None) or []
        rank = {sid: i for i, (sid, _n, _r) in enumerate(order)}
        stages = sorted(
            draft.stages.values(),
            key=lambda s: (rank.get(s.id, len(rank)), list(draft.stages).index(s.id)),
        )
        for stage in stages:
            stage.description = self.stage_descriptions.get(
                (jkey, stage.id), self.stage_descriptions.get((None, stage.id), "")
            )
        scale = self._scale_for(jkey, draft)
        return Journey(
            id=f"{jkey}--{draft.persona_id or 'shared'}",
            name=draft.name,
            persona_id=draft.persona_id,
            stages=stages,
            # The group's lane order, with this map's own lanes (and their source cells).
            lanes=[draft.lanes[lane.id] for lane in lanes if lane.id in draft.lanes],
            entries=draft.entries,
            emotion_scale=scale,
            owner=draft.owner,
            last_reviewed=draft.last_reviewed,
            last_updated=draft.last_updated,
            review_every_days=draft.review_every_days,
            sources=draft.sources,
        )

    def _scale_for(self, jkey: str, draft: _MapDraft) -> str | None:
        """The scale a map's emotions were written on: its bare numbers' scale, else the scale
        most of its scored cells name (fractions name theirs), else words."""
        if not draft.scores:
            return None
        if jkey in self.number_scales:
            return self.number_scales[jkey]
        named = [p.entry.emotion.scale for p in draft.scores if p.entry.emotion is not None]
        numeric = [s for s in named if s in emo.NUMERIC_SCALES]
        if numeric:
            return max(dict.fromkeys(numeric), key=numeric.count)  # type: ignore[return-value]
        return "word" if named else None  # type: ignore[return-value]

    def _score_emotions(self, jkey: str, drafts: list[_MapDraft]) -> None:
        """Give every emotion cell of one journey its score, on the declared or detected scale.

        `emotion.read_emotion` says what a cell holds: a bare number waits for the journey's
        scale (declared, else detected from all its bare numbers); words, faces, fractions,
        intensities, mixes and transitions come scored.
        """
        pending = [p for d in drafts for p in d.scores]
        readings = [(p, emo.read_emotion(p.raw)) for p in pending]
        numbers = [(p, r.number if r is not None else None, r) for p, r in readings]
        declared: tuple[str, SourceRef] | None = None
        for draft in drafts:
            if draft.declared_scale and draft.declared_scale_ref:
                declared = (draft.declared_scale, draft.declared_scale_ref)
        declared = declared or self.declared_scales.get(jkey) or self.declared_scales.get(None)
        if declared and declared[0] == "word":
            declared = None
        found = [n for _p, n, _r in numbers if n is not None]
        scale = declared[0] if declared else emo.detect_scale(found)
        if found and scale is not None:
            self.number_scales[jkey] = scale
        for item, number, reading in numbers:
            if number is None:
                if reading is None or reading.score is None:
                    self._unscored(item)
                    continue
                item.entry.emotion = Emotion(
                    raw=item.entry.text,
                    score=max(-1.0, min(1.0, reading.score)),
                    scale=reading.scale or "word",  # type: ignore[arg-type]
                )
                continue
            if scale is None:
                self._error(
                    "MB014",
                    "emotion-out-of-range",
                    f"emotion {number:g} fits none of the known scales (-2..2, 1..5, -5..5, 0..10)",
                    "use numbers on one scale for the whole journey, or declare the scale on the Stages sheet",
                    item.ref,
                )
                continue
            try:
                score = emo.normalise(number, scale)
            except emo.EmotionValueError:
                where = (
                    f"the declared {scale} scale (at {declared[1]})"
                    if declared
                    else f"the {scale} scale"
                )
                self._error(
                    "MB014",
                    "emotion-out-of-range",
                    f"emotion {number:g} is outside {where} used by this journey",
                    f"use a number from {scale} here, or change the declared scale",
                    item.ref,
                )
                continue
            item.entry.emotion = Emotion(raw=item.entry.text, score=score, scale=scale)  # type: ignore[arg-type]

    def _unscored(self, item: _PendingScore) -> None:
        """An emotion mapbridge cannot score: kept as text, a gap in the curve, and a warning
        (an error when the reading is strict)."""
        message = f"emotion {clean_text(item.raw)!r} is not a known score"
        if self.options.strict_emotions:
            self._error("MB013", "unknown-emotion", message, emo.known_values_hint(), item.ref)
            return
        self._warn(
            "MB013",
            "unknown-emotion",
            message + "; the text is kept and the curve has a gap here",
            emo.known_values_hint(),
            item.ref,
        )

    def _apply_reviews(self, journeys: list[Journey]) -> None:
        """Reviews sheet rows: persona rows, map rows (by journey name) and persona-map links."""
        by_key: dict[str, list[Journey]] = {}
        for journey in journeys:
            by_key.setdefault(journey.key, []).append(journey)
        for persona_ids, journey_key, owner, reviewed, cadence, ref in self.review_rows:
            targets = by_key.get(journey_key, []) if journey_key else []
            if journey_key and not targets:
                self._warn(
                    "MB032",
                    "unknown-journey",
                    f"the review row names a journey that has no map ({journey_key})",
                    "check the journey name against the Journey sheet",
                    ref,
                )
                continue
            if persona_ids and targets:
                for pid in persona_ids:
                    for journey in targets:
                        if journey.persona_id == pid:
                            self.connections.append(
                                Connection(
                                    persona_id=pid,
                                    journey_id=journey.id,
                                    owner=owner,
                                    last_reviewed=reviewed,
                                    source=ref,
                                )
                            )
                continue
            items: list[Persona | Journey] = [p for p in self.personas if p.id in persona_ids]
            for item in [*items, *targets]:
                # The Personas and Journey sheets win; the Reviews sheet fills what they left empty.
                for key, value in (
                    ("owner", owner),
                    ("last_reviewed", reviewed),
                    ("review_every_days", cadence),
                ):
                    if value and not getattr(item, key):
                        setattr(item, key, value)
                        item.sources.setdefault(key, ref)


# ---------------------------------------------------------------------- module helpers


def _vocabulary(options: ReadOptions) -> Any:
    """The header vocabulary: the built-in aliases plus the user's from mapbridge.toml."""
    vocabulary = getattr(hdr, "Vocabulary", None)
    if vocabulary is None:
        import types

        return types.SimpleNamespace(
            sheet_role=hdr.sheet_role,
            persona_field=hdr.persona_field,
            journey_field=hdr.journey_field,
            lane_kind=hdr.lane_kind,
            is_demographic=hdr.is_demographic,
            stage_sheet_field=_stage_sheet_field,
            review_field=_review_field,
        )
    base = vocabulary.default()
    return base.with_aliases(options.aliases) if options.aliases else base


#: How journey-row fields are named in `inspect --explain`.
_JOURNEY_MEANINGS = {
    "journey": "journey name",
    "persona": "persona",
    "stage": "stage name",
    "step": "step name",
    "map_owner": "map owner",
    "last_reviewed": "map last reviewed",
    "last_updated": "map last updated",
    "review_every_days": "map review cadence",
}
_PERSONA_FIELD_NAMES = frozenset(Persona.model_fields) | {"demographic"}
#: Words of a persona card's own header row (`Field | Details`).
_CARD_HEADERS = {hdr.normalise(w) for w in CARD_HEADER_WORDS}
#: Sheet names that say nothing about the persona or journey on them.
_GENERIC_SHEET = re.compile(
    r"^(sheet|лист|tabelle|blatt|feuil|feuille|hoja|planilha|folha|foglio|blad|工作表|シート|"
    r"data|daten|données|datos|dados|dati|template|vorlage|modèle|plantilla|modelo|modello|"
    r"sjabloon|шаблон|模板|テンプレート|cjm|journey|map|rows|table)\s*\d*$",
    re.IGNORECASE,
)


def _strip_generic(name: str) -> str:
    """A sheet name that may name a persona or journey; empty when it is a generic one."""
    text = name.strip()
    if not text or _GENERIC_SHEET.match(text):
        return ""
    # Only a name that is a sheet-role word as a whole ("Journey map", not "Parcel journey").
    role = hdr.Vocabulary.default().match_sheet_role(text)
    if role is not None and role.quality >= 3:
        return ""
    return text


def _field_meaning(fieldname: str) -> str:
    if fieldname == "extra":
        return "kept as an extra persona field"
    if fieldname == "demographic":
        return "persona demographic"
    return f"persona field: {fieldname.replace('_', ' ')}"


def _lane_meaning(lane: Lane) -> str:
    kind = "custom lane" if lane.kind == "custom" else f"lane: {lane.kind.replace('_', ' ')}"
    return kind + (f" ({lane.variant})" if lane.variant else "")


def _spread_shared_rows(drafts: list[_MapDraft]) -> list[_MapDraft]:
    """Rows for "All" personas join every persona map of the journey (a shared map if there is none)."""
    shared = [d for d in drafts if d.persona_id is None and not d.from_grid]
    personal = [d for d in drafts if d.persona_id is not None]
    if not shared or not personal:
        return drafts
    kept = [d for d in drafts if all(d is not s for s in shared)]
    for source in shared:
        for draft in personal:
            for stage_id, stage in source.stages.items():
                if stage_id not in draft.stages:
                    draft.stages[stage_id] = stage.model_copy(deep=True)
                else:
                    target = draft.stages[stage_id]
                    for step in stage.steps:
                        if all(s.name != step.name for s in target.steps):
                            target.steps.append(step)
            for lane_id, lane in source.lanes.items():
                draft.lanes.setdefault(lane_id, lane)
            pending = {id(p.entry): p for p in source.scores}
            for entry in source.entries:
                copy = entry.model_copy()
                draft.entries.append(copy)
                if id(entry) in pending:
                    item = pending[id(entry)]
                    draft.scores.append(_PendingScore(entry=copy, raw=item.raw, ref=item.ref))
    return kept


def _persona_or_demographic(header: object) -> str | None:
    field_name = hdr.persona_field(header)
    if field_name:
        return field_name
    return "demographic" if hdr.is_demographic(header) else None


_STAGE_SHEET_FIELDS = {
    "stage": hdr._keys("stage", "stages", "phase", "stage name", "name"),
    "order": hdr._keys("order", "#", "no", "number", "position", "sequence", "seq"),
    "description": hdr._keys(
        "description", "what happens", "definition", "goal", "notes", "details"
    ),
    "journey": hdr._keys("journey", "journey name", "map"),
    "emotion_scale": hdr._keys("emotion scale", "scale", "score scale"),
}

_REVIEW_FIELDS = {
    "persona": hdr._keys("persona", "persona name"),
    "journey": hdr._keys("journey", "map", "journey map", "journey name"),
    "owner": hdr._keys("owner", "reviewer", "responsible", "link owner"),
    "last_reviewed": hdr._keys(
        "last reviewed", "reviewed", "last reviewed together", "review date"
    ),
    "review_every_days": hdr._keys(
        "review every", "cadence", "review cadence", "review every days"
    ),
    "trigger": hdr._keys("trigger", "event", "trigger description"),
    "trigger_type": hdr._keys("trigger type", "type", "event type"),
    "date": hdr._keys("date", "trigger date", "when", "event date"),
    "affects": hdr._keys("affects", "affected", "affected personas", "affected maps"),
    "done": hdr._keys("done", "review done", "reviewed?", "status"),
}


def _stage_sheet_field(header: object) -> str | None:
    key = hdr.normalise(header)
    return next((f for f, keys in _STAGE_SHEET_FIELDS.items() if key in keys), None)


def _review_field(header: object) -> str | None:
    key = hdr.normalise(header)
    return next((f for f, keys in _REVIEW_FIELDS.items() if key in keys), None)


def _trigger_kind(text: str) -> str:
    key = hdr.normalise(text)
    for kind in ("product launch", "market shift", "quarterly research cycle", "new research"):
        if hdr.normalise(kind) in key or key in hdr.normalise(kind) and key:
            return kind
    if "launch" in key:
        return "product launch"
    if "market" in key:
        return "market shift"
    if "quarter" in key:
        return "quarterly research cycle"
    if "research" in key or "study" in key or "interview" in key:
        return "new research"
    return "other"


@functools.lru_cache(maxsize=8192)
def _slug(text: str) -> str:
    """slugify, remembered: stage and journey names repeat on every row."""
    return slugify(text)


def _name_key(text: str) -> str:
    """Persona names compare without case and runs of spaces: "Ana  reyes" is "Ana Reyes"."""
    return " ".join(str(text).casefold().split())


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _is_empty(grid: SheetGrid) -> bool:
    return all(v is None or v == "" for row in grid.rows for v in row)


def _title_from_stem(stem: str) -> str:
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Workshop"
