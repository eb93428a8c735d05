"""Stage lists: the order, descriptions and emotion scale of a journey's stages."""

from __future__ import annotations

from mapbridge.importers.reader.core import ReaderCore, Table
from mapbridge.importers.values import clean_text
from mapbridge.model import SourceRef, slugify


class StageReader(ReaderCore):
    """Reads stage lists."""

    def _read_stages(self, table: Table) -> None:
        grid, header_row, fields = table.view, table.decision.header, table.decision.fields
        block = self._start_header_table(table, "stage list")
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
