"""Persona tables, persona cards and the lists under them."""

from __future__ import annotations

from typing import Any

from mapbridge import codes
from mapbridge.importers import headers as hdr
from mapbridge.importers.reader.core import (
    _CARD_HEADERS,
    ReaderCore,
    Table,
    _field_meaning,
    _name_key,
)
from mapbridge.importers.sheets import CellValue, SheetGrid
from mapbridge.importers.values import clean_text, parse_kind, split_list
from mapbridge.model import EmpathyMap, Persona, SourceRef, slugify


class PersonaReader(ReaderCore):
    """Reads personas from tables (one per row) and cards (label/value pairs)."""

    def _read_personas(self, table: Table) -> None:
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

    def _add_unique_persona(self, persona: Persona, table: Table) -> None:
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
            self._add(
                codes.DUPLICATE_PERSONA,
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

    def _read_card(self, table: Table) -> None:
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

    def _read_card_list(self, table: Table) -> None:
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
                    self._add(
                        codes.UNLABELLED_CONTENT,
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
                self._add(
                    codes.DUPLICATE_HEADER,
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
            self._add(
                codes.REQUIRED_CELL_EMPTY,
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
                    self._add(
                        codes.UNKNOWN_PERSONA_KIND,
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
