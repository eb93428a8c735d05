"""Journey rows (one row per stage and persona) and the stage-keyed tables that join a map."""

from __future__ import annotations

from mapbridge import codes
from mapbridge.importers.reader.core import (
    _JOURNEY_MEANINGS,
    _MAP_TITLE_SUFFIX,
    MapDraft,
    ReaderCore,
    Table,
    TitleBlock,
    _lane_meaning,
    _not_read,
    _slug,
    _strip_generic,
    _title_from_stem,
    _unique,
)
from mapbridge.importers.sheets import SheetGrid
from mapbridge.importers.values import clean_text
from mapbridge.model import Lane, Persona, SourceRef, Step, UnreadRange, slugify


class RowsReader(ReaderCore):
    """Reads journey rows tables and stage-keyed extra lanes."""

    def _read_journey_rows(self, table: Table) -> None:
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
        touched: set[int] = set()  # ids of the maps this table has added rows to
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
                self._add(
                    codes.REQUIRED_CELL_EMPTY,
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
                if draft is None or id(draft) not in touched:
                    # The first row of this table for a map (new, or begun by another table):
                    # the map gets this table's lanes and title lines.
                    if draft is None:
                        ref = (
                            persona_ref
                            if persona_col is None
                            else self._ref(grid, row, persona_col)
                        )
                        draft = self._draft(journey_name, pid, ref)
                    touched.add(id(draft))
                    table.drafts.append(draft)
                    self._apply_title_facts(draft, block)
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

    def _table_persona(self, table: Table, block: TitleBlock) -> str | None | bool:
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
            self._add(
                codes.PERSONA_NOT_NAMED,
                f"the journey table at {table.block.range} names no persona, so it was read as a map "
                "shared by every persona",
                "add a Persona column, or a line 'Persona: <name>' above the table",
                self._ref(table.view, 0, 0),
            )
            return None
        name = "Unnamed persona"
        self._add(
            codes.PERSONA_NOT_NAMED,
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

    def _table_journey_name(self, table: Table, block: TitleBlock) -> str:
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

    def _read_stage_extra(self, table: Table) -> None:
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
                self._add(
                    codes.CELLS_NOT_READ,
                    f"{_not_read(cells, f'{first}:{last}')}: {reason}",
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
                self._add(
                    codes.UNLABELLED_CONTENT,
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
        self, grid: SheetGrid, row: int, col_of: dict[str, int], draft: MapDraft
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
