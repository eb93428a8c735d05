"""Writing and updating a review tracker in place: rows keyed by stable ids, people's columns untouched."""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import mapbridge._openpyxl  # noqa: F401  (refuses to run if openpyxl parses without defusedxml)
from mapbridge import codes
from mapbridge.atomic import atomic_path
from mapbridge.errors import Problem, UsageError
from mapbridge.exporters.tracker import columns as C
from mapbridge.exporters.tracker import overview
from mapbridge.exporters.tracker.cells import font, put_formula, text_of, wrapped_lines
from mapbridge.exporters.tracker.conditional_formatting import (
    AMBER,
    GREEN,
    GREY_BLUE,
    MISSING,
    NEEDS_INPUT,
    RED,
    REMOVED,
    RuleSet,
)
from mapbridge.exporters.tracker.data_validation import replace_validations, validation_for
from mapbridge.exporters.tracker.insight_rows import (
    InsightRecord,
    describe_insight_change,
    insight_records,
)
from mapbridge.exporters.tracker.lock import TrackerGuard
from mapbridge.exporters.tracker.records import (
    NAMED_IN,
    PLACE_SEPARATOR,
    Record,
    as_date,
    connection_records,
    describe_map_change,
    describe_persona_change,
    file_of_place,
    finding_records,
    map_records,
    persona_records,
    run_files,
    trigger_fingerprint,
    trigger_row,
)
from mapbridge.exporters.tracker.sheet import SheetView
from mapbridge.exporters.tracker.state import (
    Remembered,
    TrackerState,
    find_state_sheet,
    is_tracker_state,
    read_state,
    write_state,
)
from mapbridge.insights import Insights
from mapbridge.insights import insights as find_insights
from mapbridge.model import Workspace
from mapbridge.safezip import PackageRefused, check_package

BOLD = font(bold=True)
#: How the log says that an item mapbridge does not read from the workbook went away.
_GONE = {"finding": C.FINDING_GONE, "insight": C.INSIGHT_GONE}


@dataclass
class TrackerChange:
    """One line of a run's change log: something added, changed, marked removed or restored."""

    action: str
    item: str
    id: str
    name: str
    detail: str = ""

    def format(self) -> str:
        sign = {"added": "+", "changed": "~", "moved": "~", "removed": "-", "missing": "-"}.get(
            self.action, "+" if self.action == "restored" else "·"
        )
        verb = self.action
        if self.action == "removed":
            verb = _GONE.get(self.item, "marked removed from source")
        elif self.action == "missing":
            verb = f"marked '{C.FILE_MISSING}'"
        text = f"{sign} {self.item} {self.id}"
        if self.name and self.name != self.id:
            text += f" ({self.name})"
        text += f" {verb}"
        return text + (f": {self.detail}" if self.detail else "")


@dataclass
class TrackerResult:
    """What one run did to the tracker file."""

    path: Path
    created: bool
    run: int
    run_date: date
    as_of: date | None
    backup: Path | None
    changes: list[TrackerChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    #: What happened on the Insights sheet: logged in the Change log and counted in `counts()`,
    #: kept apart from `changes` because insights follow from the workbook's own changes.
    insight_changes: list[TrackerChange] = field(default_factory=list)
    #: Insights the Insights sheet shows as current after this run (None: no Insights sheet).
    current_insights: int | None = None

    def of(self, action: str, item: str | None = None) -> list[TrackerChange]:
        return [c for c in self.changes if c.action == action and item in (None, c.item)]

    @property
    def added(self) -> list[TrackerChange]:
        return self.of("added")

    @property
    def changed(self) -> list[TrackerChange]:
        return self.of("changed")

    @property
    def removed(self) -> list[TrackerChange]:
        return self.of("removed")

    @property
    def restored(self) -> list[TrackerChange]:
        return self.of("restored")

    @property
    def missing(self) -> list[TrackerChange]:
        """Rows marked 'file missing': their file was not read by this run."""
        return self.of("missing")

    @property
    def moved(self) -> list[TrackerChange]:
        """Rows whose "Found in" names another file or sheet than on the last run."""
        return self.of("moved")

    def counts(self) -> str:
        """`1 added, 2 changed, 1 marked removed` for rows, then findings that came and went."""
        rows = [c for c in self.changes if c.item not in ("finding", "sheet")]
        parts = [
            f"{sum(c.action == 'added' for c in rows)} added",
            f"{sum(c.action == 'changed' for c in rows)} changed",
            f"{sum(c.action == 'removed' for c in rows)} marked removed",
        ]
        # Only when they happen: a workbook's usual summary reads as it always did.
        for action, text in (
            ("missing", f"marked '{C.FILE_MISSING}'"),
            ("restored", "restored"),
            ("moved", "moved"),
        ):
            n = sum(c.action == action for c in rows)
            if n:
                parts.append(f"{n} {text}")
        new, gone = self.of("added", "finding"), self.of("removed", "finding")
        if new or gone:
            parts.append(f"findings: {len(new)} new, {len(gone)} no longer reported")
        if self.insight_changes:
            n = {
                action: sum(c.action == action for c in self.insight_changes)
                for action in ("added", "changed", "removed", "restored")
            }
            text = f"insights: {n['added']} new, {n['changed']} changed, {n['removed']} {C.INSIGHT_GONE}"
            parts.append(text + (f", {n['restored']} back" if n["restored"] else ""))
        return ", ".join(parts)

    def summary(self) -> str:
        """One line, in the style of the other outputs: what happened to which file."""
        if self.created:
            counts = ", ".join(
                # "1 persona", "2 maps", "1 persona-map link": the names are plural.
                f"{n} {name if n != 1 else name.removesuffix('s')}"
                for name, n in self.rows.items()
            )
            return f"wrote {self.path} ({counts})"
        text = f"updated {self.path} (run {self.run}: {self.counts()}"
        if self.backup:
            text += f"; previous version kept as {self.backup.name}"
        return text + ")"


#: An existing tracker that unpacks to more than this is refused before openpyxl opens it.
MAX_TRACKER_BYTES = 256 * 1024 * 1024


def backup_path(path: Path) -> Path:
    """Where the previous tracker is kept: tracker.xlsx -> tracker.backup.xlsx (opens in Excel)."""
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def write_tracker(
    workspace: Workspace,
    path: str | Path,
    *,
    review_every: int | None = None,
    today: date | None = None,
    findings: list[Problem] | None = None,
    insights: Insights | None = None,
    force: bool = False,
    guard: bool = True,
) -> TrackerResult:
    """Write a review tracker for the workspace, or update the one already at `path`.

    `review_every` is the cadence (days) given to new rows whose workbook says none; by default
    the workbook's own cadence, else `DEFAULT_REVIEW_EVERY_DAYS` (`Workspace.default_review_every`). `today` fixes the tracker's "As of" date (statuses are
    otherwise computed against Excel's TODAY()). `findings` fills the Findings sheet; with None
    the sheet is left as it is. `insights` fills the Insights sheet (None: computed from the
    workspace by `mapbridge.insights.insights`); the sheet is added once there is an insight to
    show. Raises UsageError for a file that is not a mapbridge tracker.

    The tracker is guarded (`lock.TrackerGuard`): a tracker open in Excel or LibreOffice is
    refused (MB093) unless `force`; a second mapbridge run on it waits for this one; a file that
    changed on disk while it was updated is not overwritten. `guard` False leaves that to the
    caller (build guards the real tracker while it writes a staged copy).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            _problem(
                path,
                f"a tracker is an .xlsx file, not '{path.suffix or path.name}'.",
                "Use -o tracker.xlsx.",
            )
        )
    if path.is_dir():
        raise UsageError(
            _problem(
                path,
                "this is a folder; a tracker needs a file name.",
                "Use -o FOLDER/tracker.xlsx.",
            )
        )
    cadence = workspace.default_review_every(review_every)
    with TrackerGuard(path, force=force) if guard else contextlib.nullcontext() as guarded:
        if guarded is not None:
            guarded.read()
        created = not path.exists()
        if created:
            wb, state = _new_workbook(), TrackerState()
        else:
            wb, state = _open_tracker(path)
        if insights is None:
            insights = find_insights(workspace)
        run = _Run(wb, state, workspace, path, today, cadence, findings, insights, created)
        result = run.apply()
        check = guarded.check if guarded is not None else None
        result.backup = _save(wb, path, keep_backup=not created, before_replace=check)
    return result


def _problem(path: Path, message: str, hint: str = "") -> Problem:
    return Problem.of(codes.BAD_TRACKER, message, hint, file=str(path))


def _new_workbook() -> Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = C.OVERVIEW_TITLE
    ws.sheet_properties.codeName = C.OVERVIEW_CODE_NAME
    return wb


def _open_tracker(path: Path) -> tuple[Workbook, TrackerState]:
    """Open an existing tracker, refusing anything mapbridge did not write."""
    try:
        # The file may come from anywhere: inflated and scanned as a stream (size, lying
        # headers, DTDs) before openpyxl parses it.
        check_package(path, max_unpacked_bytes=MAX_TRACKER_BYTES, max_entries=10_000)
    except PackageRefused as refused:
        why = (
            "cannot be opened as an Excel workbook"
            if refused.kind == "damaged"
            else "was refused as unsafe"
        )
        raise UsageError(
            _problem(
                path,
                f"this file exists but {why} ({refused.describe()}); it was left untouched.",
                "Choose another -o path, or move the file away.",
            )
        ) from refused
    try:
        # rich_text keeps the bold and colours people gave to parts of a cell's text.
        wb = openpyxl.load_workbook(path, rich_text=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UsageError(
            _problem(
                path,
                f"this file exists but cannot be opened as an Excel workbook ({exc}); it was left untouched.",
                "Choose another -o path, or move the file away.",
            )
        ) from exc
    state_ws = find_state_sheet(wb)
    if state_ws is None or not is_tracker_state(state_ws):
        raise UsageError(
            _problem(
                path,
                "this is not a mapbridge review tracker (sheets: "
                + ", ".join(wb.sheetnames)
                + "), so mapbridge refuses to overwrite it.",
                "Choose another -o path for the tracker, or move this file away.",
            )
        )
    state = read_state(state_ws)
    if state.version > C.SCHEMA_VERSION:
        raise UsageError(
            _problem(
                path,
                f"this tracker was written by a newer mapbridge (tracker format {state.version}); it was left untouched.",
                "Upgrade mapbridge (pip install -U mapbridge).",
            )
        )
    return wb, state


def _save(
    wb: Workbook,
    path: Path,
    *,
    keep_backup: bool,
    before_replace: Callable[[], None] | None = None,
) -> Path | None:
    """Save atomically; the file being replaced is copied to the backup just before the swap.

    `before_replace` runs once the new file is saved beside the tracker, just before the swap
    (the guard's last look at the tracker); if it raises, nothing is replaced.
    """
    backup = backup_path(path) if keep_backup else None
    try:
        with atomic_path(path) as tmp:
            wb.save(tmp)
            if before_replace is not None:
                before_replace()
            if backup is not None:
                with atomic_path(backup) as backup_tmp:
                    shutil.copy2(path, backup_tmp)
    except PermissionError as exc:
        raise UsageError(
            _problem(
                path,
                f"cannot write the tracker ({exc.strerror}); the previous file is unchanged.",
                "Close it in Excel (or whatever has it open) and run again.",
            )
        ) from exc
    return backup


class _Run:
    """One run over one tracker workbook: sync every sheet, log the changes, remember fingerprints."""

    def __init__(
        self,
        wb: Workbook,
        state: TrackerState,
        workspace: Workspace,
        path: Path,
        today: date | None,
        cadence: int,
        findings: list[Problem] | None,
        insights: Insights,
        created: bool,
    ) -> None:
        self.wb = wb
        self.state = state
        self.workspace = workspace
        self.today = today
        self.run_date = today or date.today()
        self.cadence = cadence
        self.findings = findings
        self.insights = insight_records(insights, workspace)
        #: The files this run read: a row whose file is not among them is 'file missing'.
        self.files = run_files(workspace)
        self.created = created
        self.previous_run = state.last_run
        self.state.runs += 1
        self.result = TrackerResult(
            path=path,
            created=created,
            run=self.state.runs,
            run_date=self.run_date,
            as_of=today,
            backup=None,
        )
        self.views: dict[str, SheetView] = {}

    # -- sheets ---------------------------------------------------------------------------

    def _sheet(self, spec: C.SheetSpec, *, create: bool = True) -> SheetView | None:
        """Find a sheet by code name (survives a rename) or by the title mapbridge gave it."""
        ws = next(
            (w for w in self.wb.worksheets if w.sheet_properties.codeName == spec.code_name), None
        )
        known_title = self.state.get("sheet", spec.role)
        if ws is None and spec.title in self.wb.sheetnames:
            candidate = self.wb[spec.title]
            if self.created or known_title is not None:
                ws = candidate
        fresh = ws is None
        if fresh:
            if not create:
                return None
            ws = self._create_sheet(spec)
            if not self.created and known_title is not None:
                self._warn(f"sheet '{ws.title}' was missing, so it was created again")
            elif not self.created:
                # A sheet this tracker never had (a tracker written before the sheet existed).
                self._change("note", "sheet", "", ws.title, f"sheet '{ws.title}' added")
        self.state.remember("sheet", spec.role, Remembered(fingerprint=ws.title))
        view = SheetView(ws, spec)
        view.locate_columns(fresh=fresh)
        for header in view.added_columns:
            self._warn(f"column '{header}' was missing on sheet '{ws.title}', so it was added")
        if fresh:
            ws.freeze_panes = spec.freeze
            ws.row_dimensions[1].height = 34
            ws.sheet_view.zoomScale = 100
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_title_rows = "1:1"
        self.views[spec.role] = view
        return view

    def _create_sheet(self, spec: C.SheetSpec) -> Worksheet:
        title = spec.title
        n = 2
        while title in self.wb.sheetnames:  # someone made a sheet with our name; keep theirs
            title = f"{spec.title} ({n})"
            n += 1
        order = [s.role for s in C.DATA_SHEETS]
        later = [self.views[r].ws for r in order[order.index(spec.role) + 1 :] if r in self.views]
        index = self.wb.worksheets.index(later[0]) if later else None
        if index is None:
            state_ws = find_state_sheet(self.wb)
            index = self.wb.worksheets.index(state_ws) if state_ws is not None else None
        ws = self.wb.create_sheet(title, index)
        ws.sheet_properties.codeName = spec.code_name
        ws.sheet_properties.tabColor = spec.tab_colour
        return ws

    def _warn(self, text: str) -> None:
        self.result.warnings.append(text)
        self.result.changes.append(TrackerChange("note", "sheet", "", "", text))

    # -- the run --------------------------------------------------------------------------

    def apply(self) -> TrackerResult:
        ws = self.workspace
        # Existing sheets are located first so new ones are created in their usual place.
        for spec in C.DATA_SHEETS:
            if spec is not C.FINDINGS or not self.created:
                self._sheet(spec, create=False)
        personas = self._sheet(C.PERSONAS)
        maps = self._sheet(C.MAPS)
        links = self._sheet(C.CONNECTIONS)
        triggers = self._sheet(C.TRIGGERS)
        insights = self._sheet(C.INSIGHTS, create=bool(self.insights))
        findings = self._sheet(C.FINDINGS, create=self.findings is not None)
        log = self._sheet(C.CHANGE_LOG)
        assert personas and maps and links and triggers and log

        persona_changes = self._sync(
            personas, persona_records(ws, self.cadence), "persona", describe_persona_change
        )
        self._sync(maps, map_records(ws, self.cadence), "map", describe_map_change)
        self._sync(links, connection_records(ws, self.cadence), "connection", None)
        self._flag_maps_of(persona_changes, maps)
        self._seed_triggers(triggers)
        if findings is not None and self.findings is not None:
            self._sync_findings(findings, finding_records(self.findings))
        if insights is not None:
            self._sync_insights(insights, self.insights)

        for view in (personas, maps, links):
            self._review_formulas(view)
        self._flag_formulas(maps, personas)
        self._log(log)
        for view in self.views.values():
            if view.fresh or view.added_keys:
                view.autosize(None if view.fresh else view.added_keys)
            self._rules(view)
        overview.write(
            self.wb,
            self.views,
            self.workspace,
            self.run_date,
            self.today,
            self.cadence,
            self.created,
            backup_path(self.result.path).name,
        )
        write_state(self.wb, self.state, self.run_date)
        self.wb.calculation.fullCalcOnLoad = True
        self.result.rows = {
            "personas": len(ws.personas),
            "maps": len(ws.journeys),
            "persona-map links": len(connection_records(ws, self.cadence)),
        }
        if self.findings is not None:
            self.result.rows["findings"] = len(finding_records(self.findings))
        if self.created:
            self.wb.active = 0
        return self.result

    def _sync(self, view: SheetView, records: list[Record], item: str, describe: Any) -> list[str]:
        """Update rows mapbridge owns, append new ones, mark vanished ones; return changed ids."""
        rows = view.rows_by_key()
        seen: set[tuple[str, ...]] = set()
        changed_ids: list[str] = []
        for record in records:
            seen.add(record.key)
            row = rows.get(record.key)
            item_id = "/".join(record.key)
            before = self.state.get(item, item_id)
            if row is None:
                row = view.last_row() + 1
                view.style_row(row)
                for key, value in record.seeds.items():
                    view.set(row, key, value)
                view.set(row, "source", C.IN_WORKBOOK)
                if before is None and record.updated and record.updated <= self.run_date:
                    # A first sight: the workbook's own "last updated" date is the last change.
                    view.set(row, "changed_on", record.updated)
                    before = Remembered("", record.updated)
                self._change("added", item, item_id, record.label)
            else:
                self._came_back(view, row, record, item, item_id)
                self._moved(view, row, record, item, item_id)
            for key, value in record.source.items():
                view.set(row, key, value)
            view.fit(row)
            if not record.fingerprint:
                continue
            changed_on = before.changed_on if before else None
            if before and before.fingerprint and before.fingerprint != record.fingerprint:
                changed_on = self.run_date
                # The workbook's "last updated" date is believed when it falls after the last run.
                updated = record.updated
                if (
                    updated
                    and updated <= self.run_date
                    and updated > (self.previous_run or updated)
                ):
                    changed_on = updated
                view.set(row, "changed_on", changed_on)
                changed_ids.append(item_id)
                self._change(
                    "changed", item, item_id, record.label, describe(before.detail, record.detail)
                )
            self.state.remember(
                item, item_id, Remembered(record.fingerprint, changed_on, record.detail)
            )
        for key, row in rows.items():
            if key not in seen:
                self._gone(view, row, key, item)
        return changed_ids

    def _came_back(
        self, view: SheetView, row: int, record: Record, item: str, item_id: str
    ) -> None:
        """A row marked removed or 'file missing' whose item is read again: in the workbook."""
        state = text_of(view.value(row, "source"))
        if state not in (C.REMOVED, C.FILE_MISSING):
            return
        view.set(row, "source", C.IN_WORKBOOK)
        detail = "back in the workbook"
        if state == C.FILE_MISSING:
            file = file_of_place(record.source.get("found_in", ""))
            detail = f"its file {file} was read again" if file else "its file was read again"
        self._change("restored", item, item_id, record.label, detail)

    def _moved(self, view: SheetView, row: int, record: Record, item: str, item_id: str) -> None:
        """Log a row whose place ("Found in": file and sheet) changed: same row, new place."""
        if "found_in" not in view.col or "found_in" not in record.source:
            return
        before = text_of(view.value(row, "found_in")).split(NAMED_IN, 1)[0]
        now = str(record.source["found_in"]).split(NAMED_IN, 1)[0]
        if before and now and before != now:
            self._change("moved", item, item_id, record.label, f"from {before} to {now}")

    def _gone(self, view: SheetView, row: int, key: tuple[str, ...], item: str) -> None:
        """Mark a row whose item this run did not read: 'file missing' when its file was not
        read at all, else removed from source. Rows are never deleted."""
        state = text_of(view.value(row, "source"))
        if state not in (C.IN_WORKBOOK, C.FILE_MISSING):
            return  # removed already (or a state people typed): left as it is
        file = file_of_place(text_of(view.value(row, "found_in"))) if "found_in" in view.col else ""
        missing = bool(file) and file not in self.files
        name_key = "name" if "name" in view.col else "journey" if item == "map" else "persona"
        name = text_of(view.value(row, name_key))
        if missing:
            if "flag" in view.col:  # the Review flag (a formula) will name the file
                self._room_for(view, row, "flag", f"{C.FILE_MISSING}: {file}")
            if state != C.FILE_MISSING:
                view.set(row, "source", C.FILE_MISSING)
                why = (
                    "was not among this run's inputs"
                    if Path(file).exists()
                    else "is gone (deleted, moved or renamed)"
                )
                self._change("missing", item, "/".join(key), name, f"{file} {why}")
            return
        view.set(row, "source", C.REMOVED)
        detail = f"{file} was read again without it" if state == C.FILE_MISSING else ""
        self._change("removed", item, "/".join(key), name, detail)

    @staticmethod
    def _room_for(view: SheetView, row: int, key: str, text: str) -> None:
        """Grow a row for the text a formula of column `key` will show (as `SheetView.fit` does
        for values: LibreOffice does not grow rows on open)."""
        width = view.ws.column_dimensions[view.letter(key)].width or view.spec.column(key).width
        lines = wrapped_lines(text, max(int(width * 1.15), 1))
        current = view.ws.row_dimensions[row].height
        if lines > 1 and (current is None or current < 15 * lines + 2):
            view.ws.row_dimensions[row].height = 15 * lines + 2

    def _flag_maps_of(self, persona_ids: list[str], maps: SheetView) -> None:
        """Add to each changed persona's log line the maps now flagged for another review."""
        if not persona_ids:
            return
        flagged: dict[str, list[str]] = {pid: [] for pid in persona_ids}
        for _key, row in maps.rows_by_key().items():
            pid = text_of(maps.value(row, "persona_id"))
            if pid not in flagged or text_of(maps.value(row, "source")) != C.IN_WORKBOOK:
                continue
            reviewed = as_date(maps.value(row, "last_reviewed"))
            if reviewed is None or reviewed < self.run_date:
                flagged[pid].append(text_of(maps.value(row, "id")))
        for change in self.result.changes:
            if change.item == "persona" and change.action == "changed" and flagged.get(change.id):
                change.detail += f"; maps flagged '{C.FLAG_PERSONA_CHANGED}': " + ", ".join(
                    flagged[change.id]
                )

    def _seed_triggers(self, view: SheetView) -> None:
        """Workbook triggers are copied in once; after that every Triggers row is people's."""
        for trigger in self.workspace.triggers:
            fp = trigger_fingerprint(trigger)
            if self.state.get("trigger", fp) is not None:
                continue
            row = view.last_row() + 1
            view.style_row(row)
            for key, value in trigger_row(trigger).items():
                view.set(row, key, value)
            view.fit(row)
            self.state.remember("trigger", fp, Remembered(fp))
            self._change(
                "added", "trigger", str(trigger.when or ""), trigger.kind, trigger.description
            )

    def _sync_findings(self, view: SheetView, records: list[Record]) -> None:
        rows = view.rows_by_key()
        seen = set()
        for record in records:
            seen.add(record.key)
            row = rows.get(record.key)
            if row is None:
                row = view.last_row() + 1
                view.style_row(row)
                view.set(row, "first_reported", self.run_date)
                if not self.created:  # a new tracker's log counts findings instead of listing them
                    self._change(
                        "added", "finding", record.key[0], record.label, record.source["message"]
                    )
            for key, value in record.source.items():
                view.set(row, key, value)
            view.set(row, "state", C.FINDING_REPORTED)
            view.fit(row)
        for key, row in rows.items():
            if key not in seen and text_of(view.value(row, "state")) == C.FINDING_REPORTED:
                view.set(row, "state", C.FINDING_GONE)
                self._change("removed", "finding", key[0], text_of(view.value(row, "name")))

    def _sync_insights(self, view: SheetView, records: list[InsightRecord]) -> None:
        """Refresh mapbridge's columns of every insight's row, add new insights, mark gone ones.

        A row is found by its Insight ID, or by an ID the same insight had under another
        wording. A row someone deleted stays deleted (the state remembers every insight shown),
        unless the whole sheet is new. People's columns are never written after a row is added.
        """
        rows = view.rows_by_key()
        claimed: set[int] = set()
        # A new sheet (a new tracker, or one written before the sheet existed) lists its
        # insights in the headline of the log, not one line each.
        listed = not view.fresh
        changes = self.result.insight_changes
        # Looked up once: a large workshop has thousands of insights, and finding the last
        # filled row scans the sheet.
        next_row = view.last_row() + 1
        for record in records:
            row_id, row = record.id, None
            for candidate in record.ids:
                found = rows.get((candidate,))
                if found is not None and found not in claimed:
                    row_id, row = candidate, found
                    break
            known_id = next((i for i in record.ids if self.state.get("insight", i)), None)
            before = self.state.get("insight", known_id) if known_id else None
            if row is None:
                if before is not None and not view.fresh:
                    continue  # someone deleted the row: the insight stays off the sheet
                row = next_row
                next_row += 1
                view.style_row(row)
                view.set(row, "id", record.id)
                view.set(row, "first_found", self.run_date)
                if listed:
                    changes.append(
                        TrackerChange(
                            "added", "insight", record.id, record.label, record.source["what"]
                        )
                    )
            elif text_of(view.value(row, "state")) == C.INSIGHT_GONE:
                changes.append(
                    TrackerChange("restored", "insight", row_id, record.label, "found again")
                )
            elif listed and before is not None and before.fingerprint != record.fingerprint:
                changes.append(
                    TrackerChange(
                        "changed",
                        "insight",
                        row_id,
                        record.label,
                        describe_insight_change(before.detail, record.detail),
                    )
                )
            claimed.add(row)
            for key, value in record.source.items():
                view.set(row, key, value)
            view.ws.cell(row, view.col["figure"]).number_format = record.figure_format
            view.set(row, "state", C.INSIGHT_CURRENT)
            view.fit(row)
            self.state.remember(
                "insight", row_id, Remembered(record.fingerprint, None, record.detail)
            )
        for key, row in rows.items():
            if row not in claimed and text_of(view.value(row, "state")) == C.INSIGHT_CURRENT:
                view.set(row, "state", C.INSIGHT_GONE)
                kind, stage = text_of(view.value(row, "kind")), text_of(view.value(row, "stage"))
                changes.append(
                    TrackerChange(
                        "removed",
                        "insight",
                        key[0],
                        kind + (f" at {stage}" if stage else ""),
                        text_of(view.value(row, "what")),
                    )
                )
        self.result.current_insights = len(claimed)
        if view.fresh and not self.created:
            for change in self.result.changes:
                if change.action == "note" and change.item == "sheet" and change.name == view.title:
                    change.detail += f" with {len(claimed)} insights"

    def _change(self, action: str, item: str, item_id: str, name: str, detail: str = "") -> None:
        self.result.changes.append(TrackerChange(action, item, item_id, name, detail))

    # -- formulas -------------------------------------------------------------------------

    def _review_formulas(self, view: SheetView) -> None:
        """Next review due and status, live, for every row mapbridge manages.

        The formulas are `Review.next_due` and `Review.overdue` as Excel computes them (so they
        stay live as people type): last reviewed + the row's cadence (else the Overview's
        default), overdue once that day is before the As-of date.
        """
        L, E, N, S = (
            view.letter(k) for k in ("last_reviewed", "review_every", "next_due", "source")
        )
        for _key, r in view.rows_by_key().items():
            if not text_of(view.value(r, "source")):
                continue  # a row someone typed in by hand: leave its cells alone
            put_formula(
                view.ws[f"{N}{r}"],
                f'=IF(ISNUMBER(${L}{r}),${L}{r}+IF(ISNUMBER(${E}{r}),${E}{r},DefaultReviewDays),"")',
            )
            put_formula(
                view.ws[f"{view.letter('status')}{r}"],
                f'=IF(${S}{r}="{C.REMOVED}","{C.STATUS_REMOVED}",'
                f'IF(${S}{r}="{C.FILE_MISSING}","{C.STATUS_FILE_MISSING}",'
                f'IF(ISNUMBER(${L}{r}),IF(${N}{r}<AsOfDate,"{C.STATUS_OVERDUE}",'
                f'IF(${N}{r}-AsOfDate<=DueSoonDays,"{C.STATUS_DUE_SOON}","{C.STATUS_OK}")),'
                f'IF(${L}{r}="","{C.STATUS_NEVER}","{C.STATUS_NOT_A_DATE}"))))',
            )

    def _flag_formulas(self, maps: SheetView, personas: SheetView) -> None:
        P = personas.ref
        pid, pch, prev = (personas.letter(k) for k in ("id", "changed_on", "last_reviewed"))
        D, G, S, F = (maps.letter(k) for k in ("persona_id", "last_reviewed", "source", "found_in"))
        PC, PR, MC = (maps.letter(k) for k in ("persona_changed", "persona_reviewed", "changed_on"))

        def lookup(col: str, r: int) -> str:
            # ISNUMBER on the INDEX reference keeps blank cells blank (a bare INDEX reads them as 0).
            found = f"INDEX({P}!${col}:${col},MATCH(${D}{r},{P}!${pid}:${pid},0))"
            return f'=IFERROR(IF(ISNUMBER({found}),{found},""),"")'

        for _key, r in maps.rows_by_key().items():
            if not text_of(maps.value(r, "source")):
                continue
            put_formula(maps.ws[f"{PC}{r}"], lookup(pch, r))
            put_formula(maps.ws[f"{PR}{r}"], lookup(prev, r))
            not_reviewed = f"NOT(ISNUMBER(${G}{r}))"
            # 'file missing: journeys/pay.xlsx', the file read from Found in (before " › ").
            missing = f'"{C.FILE_MISSING}: "&LEFT(${F}{r},FIND("{PLACE_SEPARATOR}",${F}{r}&"{PLACE_SEPARATOR}")-1)'
            put_formula(
                maps.ws[f"{maps.letter('flag')}{r}"],
                f'=IF(${S}{r}="{C.REMOVED}","",IF(${S}{r}="{C.FILE_MISSING}",{missing},'
                f'IF(AND(ISNUMBER(${PC}{r}),OR({not_reviewed},${PC}{r}>${G}{r})),"{C.FLAG_PERSONA_CHANGED}",'
                f'IF(AND(ISNUMBER(${MC}{r}),OR({not_reviewed},${MC}{r}>${G}{r})),"{C.FLAG_MAP_CHANGED}",'
                f'IF(AND(ISNUMBER(${PR}{r}),ISNUMBER(${G}{r}),${PR}{r}>${G}{r}),"{C.FLAG_PERSONA_REVIEWED}","")))))',
            )
            for key in ("persona_changed", "persona_reviewed"):
                cell = maps.ws[f"{maps.letter(key)}{r}"]
                if cell.number_format == "General":
                    cell.number_format = "yyyy-mm-dd"

    # -- validation, colours, filters -----------------------------------------------------

    def _rules(self, view: SheetView) -> None:
        ws, spec = view.ws, view.spec
        last_row = view.rule_rows()
        validations = []
        for column in spec.columns:
            letter = view.letter(column.key)
            dv = validation_for(column, f"{letter}2:{letter}{last_row}")
            if dv is not None:
                validations.append(dv)
        replace_validations(ws, validations)

        rules = RuleSet()
        end = get_column_letter(view.last_column)
        whole = f"A2:{end}{last_row}"

        def span(*keys: str) -> str:
            return " ".join(f"{view.letter(k)}2:{view.letter(k)}{last_row}" for k in keys)

        if "status" in view.col:
            st, src = view.letter("status"), view.letter("source")
            rules.add(whole, f'${src}2="{C.REMOVED}"', REMOVED, stop=True)
            # A row whose file was not read: its status (and flag) amber, the rest greyed.
            missing = f'${src}2="{C.FILE_MISSING}"'
            marked = [k for k in ("status", "flag") if k in view.col]
            rules.add(span(*marked), missing, AMBER, stop=True)
            rules.add(view.span_except(marked, last_row), missing, MISSING, stop=True)
            cells = span("status", "next_due")
            rules.add(cells, f'${st}2="{C.STATUS_OVERDUE}"', RED)
            rules.add(cells, f'${st}2="{C.STATUS_DUE_SOON}"', AMBER)
            rules.add(cells, f'${st}2="{C.STATUS_OK}"', GREEN)
            rules.add(span("status"), f'${st}2="{C.STATUS_NEVER}"', GREY_BLUE)
            rules.add(span("status"), f'${st}2="{C.STATUS_NOT_A_DATE}"', RED)
            ow = view.letter("owner")
            rules.add(span("owner"), f'AND(${ow}2="",${src}2="{C.IN_WORKBOOK}")', NEEDS_INPUT)
        if "flag" in view.col:
            fl = view.letter("flag")
            rules.add(span("flag"), f'${fl}2<>""', AMBER)
        if spec is C.TRIGGERS:
            done, desc, kind = view.letter("done"), view.letter("description"), view.letter("kind")
            rules.add(span("done"), f'${done}2="yes"', GREEN)
            rules.add(span("done"), f'AND(OR(${desc}2<>"",${kind}2<>""),${done}2<>"yes")', AMBER)
        if spec is C.FINDINGS:
            sev, state = view.letter("severity"), view.letter("state")
            rules.add(whole, f'${state}2="{C.FINDING_GONE}"', REMOVED, stop=True)
            rules.add(span("severity"), f'${sev}2="error"', RED)
            rules.add(span("severity"), f'${sev}2="warning"', AMBER)
        if spec is C.INSIGHTS:
            state, kind, fig = view.letter("state"), view.letter("kind"), view.letter("figure")
            act, ow = view.letter("action"), view.letter("owner")
            rules.add(whole, f'${state}2="{C.INSIGHT_GONE}"', REMOVED, stop=True)
            # A gap of half the scale or more: one persona is at least two steps of -2..+2 apart.
            rules.add(span("figure"), f'AND(${kind}2="{C.INSIGHT_GAP}",${fig}2>=1)', AMBER)
            rules.add(span("owner"), f'AND(${ow}2="",${act}2<>"")', NEEDS_INPUT)
        if spec is C.CHANGE_LOG:
            act = view.letter("action")
            rules.add(whole, f'${act}2="run"', GREY_BLUE)
        rules.apply(ws)

        data_end = max(view.last_row(), 2)
        if ws.tables:
            # People turned the range into an Excel table: grow it rather than add a second filter.
            for table in ws.tables.values():
                start, _, stop = table.ref.partition(":")
                if start.rstrip("0123456789") and start[len(start.rstrip("0123456789")) :] == "1":
                    col = stop.rstrip("0123456789")
                    table.ref = f"{start}:{col}{data_end}"
                    if table.autoFilter is not None:
                        table.autoFilter.ref = table.ref
        else:
            ws.auto_filter.ref = f"A1:{end}{data_end}"

    # -- change log -----------------------------------------------------------------------

    def _log(self, view: SheetView) -> None:
        result = self.result
        source = self.workspace.source_file or self.workspace.title
        if len(self.files) > 1:
            source += f" ({len(self.files)} files)"
        if self.created:
            made = {
                "personas": len(self.workspace.personas),
                "maps": len(self.workspace.journeys),
                "persona-map links": len(self.result.of("added", "connection")),
            }
            if self.findings is not None:
                made["findings"] = len(finding_records(self.findings))
            if self.result.current_insights is not None:
                made["insights"] = self.result.current_insights
            headline = f"Tracker created from {source}: " + ", ".join(
                f"{n} {name}" for name, n in made.items()
            )
        else:
            headline = f"Updated from {source}: {result.counts()}"
        if self.today is not None:
            headline += f" (as of {self.today.isoformat()})"
        lines: list[dict[str, Any]] = [
            {"action": "run", "item": "", "id": "", "name": "", "detail": headline}
        ]
        for change in result.changes + result.insight_changes:
            action = change.action
            if action == "removed":
                action = _GONE.get(change.item, "marked removed")
            elif action == "missing":
                action = f"marked {C.FILE_MISSING}"
            lines.append(
                {
                    "action": action,
                    "item": change.item,
                    "id": change.id,
                    "name": change.name,
                    "detail": change.detail,
                }
            )
        if len(lines) == 1:
            lines.append(
                {
                    "action": "none",
                    "item": "",
                    "id": "",
                    "name": "",
                    "detail": "No changes since the last run.",
                }
            )
        row = view.last_row() + 1
        for line in lines:
            view.style_row(row)
            view.set(row, "run", self.state.runs)
            view.set(row, "date", self.run_date)
            for key, value in line.items():
                view.set(row, key, value)
            view.fit(row)
            if line["action"] == "run":
                for column in view.spec.columns:
                    view.ws.cell(row, view.col[column.key]).font = BOLD
            row += 1
