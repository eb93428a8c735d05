"""The workbook reader's shared state and helpers: cells, messages, dates, title lines, personas by name, map drafts."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapbridge import codes
from mapbridge import emotion as emo
from mapbridge.codes import Code, Severity
from mapbridge.errors import Report
from mapbridge.importers import headers as hdr
from mapbridge.importers.classify import CARD_HEADER_WORDS, Decision
from mapbridge.importers.options import ReadOptions
from mapbridge.importers.sheets import CellValue, SheetGrid
from mapbridge.importers.tables import Block
from mapbridge.importers.values import clean_text, label_key, parse_cadence, parse_date, split_label
from mapbridge.model import (
    LANE_KINDS,
    Connection,
    Entry,
    Lane,
    Persona,
    SourceRef,
    Stage,
    Trigger,
    UnreadRange,
    slugify,
)

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


@dataclass
class TitleBlock:
    """What the rows above a header said: a title and `Label: value` pairs with their cells."""

    title: str = ""
    title_ref: SourceRef | None = None
    labels: dict[str, tuple[str, SourceRef]] = field(default_factory=dict)


@dataclass
class PendingScore:
    """An emotion cell waiting for its journey's scale to be known."""

    entry: Entry
    raw: CellValue
    ref: SourceRef


@dataclass
class MapDraft:
    """A persona map being assembled before it becomes a Journey."""

    name: str
    persona_id: str | None
    sources: dict[str, SourceRef] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    lanes: dict[str, Lane] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    scores: list[PendingScore] = field(default_factory=list)
    owner: str = ""
    last_reviewed: Any = None
    last_updated: Any = None
    review_every_days: int | None = None
    declared_scale: str | None = None
    declared_scale_ref: SourceRef | None = None
    #: A grid sheet's map; a persona-less grid is a shared map, not rows for every persona.
    from_grid: bool = False


@dataclass
class Table:
    """One block of a sheet, what it was decided to be, and what became of it."""

    sheet: SheetGrid
    block: Block
    view: SheetGrid
    decision: Decision
    #: Blocks of title lines above this table (their labels apply to it).
    titles: list[Table] = field(default_factory=list)
    #: For a title block: the table it belongs to; for a stage-keyed table: the map it joins.
    host: Table | None = None
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
    drafts: list[MapDraft] = field(default_factory=list)
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


class ReaderCore:
    """The reader's state and the helpers every table reader shares: cells, messages, dates,
    title lines, personas by name, map drafts and their cells."""

    def __init__(
        self, path: Path, grids: list[SheetGrid], report: Report, options: ReadOptions
    ) -> None:
        self.path = path
        self.options = options
        self.vocab: Any = _vocabulary(options)
        self.tables: list[Table] = []
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
        self.drafts: dict[tuple[str, str | None], MapDraft] = {}
        self.titles: list[str] = []
        self.connections: list[Connection] = []
        self.triggers: list[Trigger] = []
        self.review_every_days: int | None = None
        self.warned_hidden_rows: set[str] = set()
        # Reviews rows wait until the maps exist: (personas, journey key, owner, reviewed, cadence, cell).
        self.review_rows: list[tuple[list[str], str | None, str, Any, int | None, SourceRef]] = []

    # ------------------------------------------------------------------ orchestration

    # ------------------------------------------------------------------ shared helpers

    def _ref(self, grid: SheetGrid, row: int, col: int) -> SourceRef:
        return SourceRef(sheet=grid.name, cell=grid.ref(row, col))

    def _add(
        self,
        code: Code,
        message: str,
        hint: str,
        ref: SourceRef | None,
        *,
        severity: Severity | None = None,
    ) -> None:
        """Report a problem at `ref`, at the catalogue's severity unless `severity` overrides it."""
        self.report.add(
            code,
            message,
            hint,
            severity=severity,
            sheet=ref.sheet if ref else None,
            cell=ref.cell if ref else None,
        )

    def _note_hidden_row(self, grid: SheetGrid, row: int) -> None:
        if row in grid.hidden_rows and grid.name not in self.warned_hidden_rows:
            self.warned_hidden_rows.add(grid.name)
            rows = sorted(r + 1 + grid.row0 for r in grid.hidden_rows)
            shown = ", ".join(str(r) for r in rows[:8]) + (" ..." if len(rows) > 8 else "")
            self._add(
                codes.HIDDEN_CONTENT,
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
            self._add(
                codes.HIDDEN_CONTENT,
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
            self._add(
                codes.FORMULA_WITHOUT_VALUE,
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
            self._add(codes.UNCLEAR_DATE, result.warning, result.hint, ref)
        return result.value

    def _cadence(self, grid: SheetGrid, row: int, col: int, value: CellValue) -> int | None:
        return self._cadence_at(value, self._ref(grid, row, col))

    def _cadence_at(self, value: CellValue, ref: SourceRef) -> int | None:
        if value is None:
            return None
        days = parse_cadence(value)
        if days is None:
            self._add(
                codes.UNCLEAR_CADENCE,
                f"review cadence {clean_text(value)!r} is not a number of days from 1 to 3650",
                'type a number of days (90) or a word like "quarterly"',
                ref,
            )
        return days

    def _table_title(self, table: Table) -> TitleBlock:
        """The title lines of a table: blocks above it, then rows of its own above the header."""
        block = TitleBlock()
        for title in table.titles:
            self._title_block(title.view, title.view.height, block)
        self._title_block(table.view, table.decision.header, block)
        return block

    def _title_block(
        self, grid: SheetGrid, above: int, block: TitleBlock | None = None
    ) -> TitleBlock:
        block = block if block is not None else TitleBlock()
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
        self._add(
            codes.UNKNOWN_PERSONA,
            f"persona {text.strip()!r} is not on the Personas sheet (known personas: {known})",
            f"check the spelling, or add {text.strip()!r} to the Personas sheet; "
            'leave the cell empty or write "All" for a row that applies to every persona',
            ref,
        )
        return None

    def _declare_scale(self, journey_key: str | None, text: str, ref: SourceRef) -> None:
        scale = emo.parse_scale_name(text)
        if scale is None:
            self._add(
                codes.UNKNOWN_EMOTION_SCALE,
                f"emotion scale {text!r} is not one mapbridge knows, so the scale is detected from the values",
                "write one of -2..2, 1..5, -5..5, 0..10 or words",
                ref,
            )
            return
        self.declared_scales.setdefault(journey_key, (scale, ref))

    def _apply_title_facts(
        self, draft: MapDraft, block: TitleBlock, *, scale: bool = False
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

    def _start_header_table(self, table: Table, what: str) -> TitleBlock:
        """Start reading a table whose known columns are its decision's fields (a stage list, a
        review table): record what each header means, and report every other column with
        content as not read, since no field takes it. Returns the table's title lines."""
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        table.read = True
        table.meanings = {
            clean_text(grid.value(header_row, c)): f"{what}: {f.replace('_', ' ')}"
            for c, f in fields.items()
        }
        for col in range(grid.width):
            if col in fields:
                continue
            rows = [r for r in range(header_row, grid.height) if grid.value(r, col) is not None]
            if not rows:
                continue
            header = clean_text(grid.value(header_row, col)) or f"column {grid.column_name(col)}"
            where = f"{grid.ref(rows[0], col)}:{grid.ref(rows[-1], col)}"
            reason = f"{header!r} is not a column of a {what} table"
            table.unread_parts.append(
                UnreadRange(sheet=grid.name, range=where, cells=len(rows), reason=reason)
            )
            self._add(
                codes.CELLS_NOT_READ,
                f"{_not_read(len(rows), where)}: {reason}",
                "move the column to the sheet it belongs to, or delete it if it holds notes",
                self._ref(grid, rows[0], col),
            )
        return self._table_title(table)

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

    def _draft(self, journey_name: str, persona_id: str | None, ref: SourceRef) -> MapDraft:
        key = (slugify(journey_name), persona_id)
        draft = self.drafts.get(key)
        if draft is None:
            draft = MapDraft(name=journey_name, persona_id=persona_id, sources={"map": ref})
            self.drafts[key] = draft
        return draft

    def _stage(self, draft: MapDraft, name: str, ref: SourceRef) -> Stage:
        stage_id = slugify(name)
        stage = draft.stages.get(stage_id)
        if stage is None:
            stage = Stage(id=stage_id, name=name, source=ref)
            draft.stages[stage_id] = stage
        return stage

    def _add_entry(
        self,
        draft: MapDraft,
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
        draft: MapDraft,
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
            draft.scores.append(PendingScore(entry=entry, raw=value, ref=ref))
        else:
            entry = Entry(
                stage_id=stage.id, step=step, lane_id=lane.id, text=text, shared=shared, source=ref
            )
        draft.entries.append(entry)


def _vocabulary(options: ReadOptions) -> Any:
    """The header vocabulary: the built-in aliases plus the user's from mapbridge.toml."""
    base = hdr.Vocabulary.default()
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


def _not_read(cells: int, where: str) -> str:
    """ "1 filled cell not read", "14 filled cells in B15:C21 not read" (the message's location
    already names the first cell)."""
    if cells == 1:
        return "1 filled cell not read"
    return f"{cells} filled cells in {where} not read"


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


def _spread_shared_rows(drafts: list[MapDraft]) -> list[MapDraft]:
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
                    draft.scores.append(PendingScore(entry=copy, raw=item.raw, ref=item.ref))
    return kept


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


def _title_from_stem(stem: str) -> str:
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Workshop"
