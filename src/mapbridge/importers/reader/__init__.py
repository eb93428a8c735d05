"""The workbook reader: one pass over a spreadsheet's sheets that finds, classifies and reads every table.

Each kind of table has its own reader module; `WorkbookReader` puts them together in the order
the tables depend on each other (personas before maps, maps before the tables that join them).
"""

from __future__ import annotations

from mapbridge import codes
from mapbridge.importers.reader.core import Table, _title_from_stem
from mapbridge.importers.reader.grid import GridReader
from mapbridge.importers.reader.layout import TableFinder
from mapbridge.importers.reader.maps import MapAssembler
from mapbridge.importers.reader.personas import PersonaReader
from mapbridge.importers.reader.reviews import ReviewReader
from mapbridge.importers.reader.rows import RowsReader
from mapbridge.importers.reader.stages import StageReader
from mapbridge.model import Workspace


class WorkbookReader(
    TableFinder, PersonaReader, StageReader, RowsReader, GridReader, ReviewReader, MapAssembler
):
    """One pass over a workbook's sheets; collects problems into the report as it goes."""

    def read(self) -> Workspace:
        tables: list[Table] = []
        for grid in self.grids:
            tables.extend(self._plan_sheet(grid))
        self.tables = tables
        by_role: dict[str, list[Table]] = {}
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
                codes.NOTHING_TO_READ,
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
