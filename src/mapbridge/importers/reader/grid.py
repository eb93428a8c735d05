"""Map grids: stage names across a row, lane labels down a column, cells at their crossings."""

from __future__ import annotations

from mapbridge import codes
from mapbridge.importers.reader.core import (
    _MAP_TITLE_SUFFIX,
    ReaderCore,
    Table,
    TitleBlock,
    _name_key,
    _title_from_stem,
    _unique,
)
from mapbridge.importers.sheets import SheetGrid
from mapbridge.importers.values import clean_text
from mapbridge.model import Lane, SourceRef, Step, slugify, split_title


class GridReader(ReaderCore):
    """Reads map grids."""

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

    def _read_grid(self, table: Table) -> None:
        grid, stage_row, label_col = table.view, table.decision.header, 0
        step_row, first_lane = self._grid_layout(grid, stage_row)
        block = self._table_title(table)
        journey_name, journey_ref = block.labels.get("journey", (block.title, block.title_ref))
        persona_id = self._grid_persona(grid, block)
        titled = None if "journey" in block.labels else self._titled(journey_name)
        if titled is not None and persona_id in (None, titled):
            # A title "Ana Lima – Onboarding" names a known persona, then the journey.
            persona_id, journey_name = titled, split_title(journey_name or "")[1]
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
            self._add(
                codes.REPEATED_MAP,
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
                self._add(
                    codes.UNLABELLED_CONTENT,
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

    def _titled(self, title: str | None) -> str | None:
        """The known persona a "Persona – Journey" title starts with, if any."""
        left, right = split_title(title or "")
        return self.persona_keys.get(_name_key(left)) if right else None

    def _grid_persona(self, grid: SheetGrid, block: TitleBlock) -> str | None | bool:
        """The persona id of a grid (label, else sheet name), None for a shared map, False if unknown."""
        if "persona" in block.labels:
            text, ref = block.labels["persona"]
            ids = self._resolve_persona(text, ref)
            if ids is None:
                return False
            if len(ids) > 1:
                self._add(
                    codes.SEVERAL_PERSONAS_ON_GRID,
                    f"the grid names several personas ({text!r}); it is read as a shared map",
                    "make one grid sheet per persona, or leave the label out for a shared map",
                    ref,
                )
                return None
            return ids[0] if ids else None
        return self._persona_named(grid.name)

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
                    self._add(
                        codes.REQUIRED_CELL_EMPTY,
                        f"column {grid.column_name(col)} has map content but no stage header",
                        "type the stage name in the header row above, or merge the stage header across it",
                        self._ref(grid, stage_row, col),
                    )
                    ok = False
                continue
            step_ref = self._ref(grid, step_row, col) if step and step_row is not None else None
            columns[col] = (current[0], current[1], step or None, step_ref)
        return columns if ok else None
