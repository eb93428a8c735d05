"""Finding the tables on each sheet, deciding what each is, and accounting for every filled cell."""

from __future__ import annotations

from mapbridge import codes
from mapbridge.importers import headers as hdr
from mapbridge.importers.classify import classify, is_ambiguous
from mapbridge.importers.reader.core import (
    _FORCE_NAMES,
    _ROLE_NAMES,
    MAX_LANES,
    MAX_MAP_CELLS,
    MAX_PERSONAS,
    MAX_REVIEW_ROWS,
    MAX_STAGES,
    ReaderCore,
    Table,
    _not_read,
)
from mapbridge.importers.sheets import SheetGrid
from mapbridge.importers.tables import Block, block_view, find_blocks
from mapbridge.model import Coverage, Journey, Reading, SourceRef, SourceTable, UnreadRange


class TableFinder(ReaderCore):
    """Plans each sheet's tables (blocks, titles, continuations, stage-keyed tables) and reports coverage."""

    def _forced_role(self, grid: SheetGrid) -> str | None:
        """The role mapbridge.toml gives this sheet (`sheets = {"CJM" = "grid"}`), if any."""
        wanted = hdr.normalise(grid.name)
        for name, role in self.options.sheet_roles.items():
            if name == grid.name or hdr.normalise(name) == wanted:
                return role
        return None

    def _plan_sheet(self, grid: SheetGrid) -> list[Table]:
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
        tables = [self._classified(grid, block, role, forced) for block in blocks]
        tables = self._join_label_columns(grid, tables, role, forced)
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
                codes.SHEET_NOT_READ,
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
                self._add(
                    codes.AMBIGUOUS_TABLE,
                    f"{table.block.range} could be read as {_ROLE_NAMES[table.decision.role]} or as "
                    f"{_ROLE_NAMES[other[0]]}; it was read as {_ROLE_NAMES[table.decision.role]} "
                    f"({table.decision.reason})",
                    f'to read it the other way, add to mapbridge.toml: sheets = {{"{grid.name}" = '
                    f'"{_FORCE_NAMES.get(other[0], other[0])}"}}',
                    SourceRef(sheet=grid.name, cell=table.view.ref(0, 0)),
                )
        return tables

    def _classified(
        self, grid: SheetGrid, block: Block, role: str | None, forced: str | None
    ) -> Table:
        """A block of a sheet with the reading its content gets."""
        view = block_view(grid, block)
        decision = classify(
            view,
            self.vocab,
            sheet_hint=role,
            forced=forced,
            column_kinds=dict(self.options.column_kinds),
        )
        return Table(grid, block, view, decision)

    def _join_label_columns(
        self, grid: SheetGrid, tables: list[Table], role: str | None, forced: str | None
    ) -> list[Table]:
        """Labels down one column with a spacer column or two between them and the cells they
        label (a designed template: labels, a blank gutter, stages across, blank rows between
        the lanes) are one grid with those cells, when read together they make one."""
        result = list(tables)
        for labels in _label_columns(tables):
            top = labels[0].block.top
            bottom = labels[-1].block.bottom
            column = labels[0].block.left

            def free_and_level(
                t: Table, labels: list[Table] = labels, top: int = top, bottom: int = bottom
            ) -> bool:
                return (
                    t not in labels
                    and top <= t.block.top
                    and t.block.bottom <= bottom
                    and t.decision.role in ("unknown", "title")
                )

            # The cells start after a gutter of one or two blank columns; then every free
            # block within their width belongs too (a lane whose first cells are blank).
            anchors = [t for t in result if free_and_level(t) and 2 <= t.block.left - column <= 3]
            right = max((t.block.right for t in anchors), default=column)
            beside = [
                t
                for t in result
                if free_and_level(t) and column + 2 <= t.block.left and t.block.right <= right
            ]
            if len(beside) < 2 or any(t not in result for t in labels):
                continue
            parts = [*labels, *beside]
            joined = Block(
                grid.name,
                top,
                column,
                bottom,
                max(t.block.right for t in beside),
                sum(t.block.cells for t in parts),
                _merged_runs(parts),
            )
            candidate = self._classified(grid, joined, role, forced)
            if candidate.decision.role in ("grid", "rows"):
                result = [t for t in result if t not in parts]
                result.append(candidate)
        return sorted(result, key=lambda t: (t.block.top, t.block.left))

    def _join_continuations(
        self, grid: SheetGrid, tables: list[Table], role: str | None, forced: str | None
    ) -> list[Table]:
        """Blocks that continue a table join it: data rows after a blank row (they fill the key
        column: Stage, Name), and cells typed just right of its last column (an unlabelled column).
        """
        result: list[Table] = []
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
            candidate = self._classified(grid, joined, role, forced)
            if candidate.decision.role == host.decision.role:
                result[result.index(host)] = candidate
            else:
                result.append(table)
        return result

    def _continues(self, host: Table, part: Table) -> bool:
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
        if not (0 <= at < len(first) and first[at] is not None and first[at] != ""):
            return False
        # A persona label there ("Bio", "Goals") starts a box of its own, not another persona.
        key = first[at]
        return not (
            host.decision.role == "personas"
            and isinstance(key, str)
            and (self.vocab.persona_field(key) or self.vocab.is_demographic(key))
        )

    def _attach_titles(self, tables: list[Table]) -> None:
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

    def _find_stage_extras(self, tables: list[Table]) -> None:
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
                codes.HIDDEN_CONTENT,
                f"sheet {grid.name!r} is hidden; skipped ({cells} filled cells in {whole.range})",
                "unhide it if it is a map or holds workshop data, or force its reading in "
                f'mapbridge.toml (sheets = {{"{grid.name}" = "rows"}})',
                sheet=grid.name,
            )
        if note:
            # Information, not a warning: the CLI shows it in `inspect`'s coverage, not on stderr
            # (the starter workbook's own Instructions sheet must not nag on every run).
            self.report.add(
                codes.SHEET_SKIPPED,
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
                self._add(
                    codes.CELLS_NOT_READ,
                    f"{_not_read(block.cells, block.range)}: {reason}",
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
            self._add(
                codes.TOO_MUCH_CONTENT,
                f"the workbook has {count:,} {what}; mapbridge reads at most {limit:,} "
                "(the first one past the limit is here)",
                "split the workbook, or remove rows and columns that are not workshop content",
                ref,
            )

    def _warn_hidden_sheet(self, grid: SheetGrid, what: str) -> None:
        self.report.add(
            codes.HIDDEN_CONTENT,
            f"sheet {grid.name!r} is hidden; {what}",
            "unhide the sheet in Excel so everyone sees what mapbridge reads",
            sheet=grid.name,
        )


def _merged_runs(tables: list[Table]) -> dict[int, list[tuple[int, int]]]:
    """The filled-cell runs of several blocks, row by row, as one block's."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for table in tables:
        for row, row_runs in table.block.runs.items():
            runs.setdefault(row, []).extend(row_runs)
    return {row: sorted(row_runs) for row, row_runs in runs.items()}


def _label_columns(tables: list[Table]) -> list[list[Table]]:
    """Runs of one-column blocks in the same column, each at most two blank rows below the last:
    the label column of a grid drawn with blank rows between its lanes."""
    columns: list[list[Table]] = []
    for table in sorted(tables, key=lambda t: (t.block.left, t.block.top)):
        b = table.block
        if b.width != 1:
            continue
        last = columns[-1][-1].block if columns else None
        if last is not None and last.left == b.left and 0 < b.top - last.bottom <= 3:
            columns[-1].append(table)
        else:
            columns.append([table])
    return [run for run in columns if sum(t.block.height for t in run) >= 3]
