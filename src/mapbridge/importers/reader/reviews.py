"""Review sheets: owners, review dates and cadences of personas, maps and their links, and review triggers."""

from __future__ import annotations

from mapbridge import codes
from mapbridge.importers.reader.core import ReaderCore, Table, _trigger_kind
from mapbridge.importers.sheets import CellValue
from mapbridge.importers.values import clean_text, parse_cadence, split_list
from mapbridge.model import Connection, Journey, Persona, Trigger, slugify


class ReviewReader(ReaderCore):
    """Reads review tables and applies them once the maps exist."""

    def _read_reviews(self, table: Table) -> None:
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        block = self._start_header_table(table, "review")
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

    def _apply_reviews(self, journeys: list[Journey]) -> None:
        """Reviews sheet rows: persona rows, map rows (by journey name) and persona-map links."""
        by_key: dict[str, list[Journey]] = {}
        for journey in journeys:
            by_key.setdefault(journey.key, []).append(journey)
        for persona_ids, journey_key, owner, reviewed, cadence, ref in self.review_rows:
            targets = by_key.get(journey_key, []) if journey_key else []
            if journey_key and not targets:
                self._add(
                    codes.UNKNOWN_JOURNEY,
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
