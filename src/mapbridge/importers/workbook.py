"""The workshop workbook importer: Personas, Journey rows, grid sheets, Stages and Reviews into a Workspace.

Reading collects every problem into a Report (file, sheet, cell, code, hint) instead of stopping
at the first one; `read_workbook` raises InvalidWorkbook at the end if any of them is an error.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from mapbridge import codes
from mapbridge.errors import InvalidWorkbook, Report
from mapbridge.formats.kinds import Probe, probed
from mapbridge.importers.options import ReadOptions
from mapbridge.importers.package import env_max_unpacked_bytes, inspect_package
from mapbridge.importers.reader import WorkbookReader
from mapbridge.importers.reader.core import (
    ALL_PERSONAS,
    MAX_LANES,
    MAX_MAP_CELLS,
    MAX_PERSONAS,
    MAX_REVIEW_ROWS,
    MAX_STAGES,
)
from mapbridge.importers.sheets import SheetGrid, load_sheets
from mapbridge.model import Workspace

#: The reading entry points, and the content limits tests and docs name.
__all__ = [
    "ALL_PERSONAS",
    "MAX_LANES",
    "MAX_MAP_CELLS",
    "MAX_PERSONAS",
    "MAX_REVIEW_ROWS",
    "MAX_STAGES",
    "read_sheets",
    "read_workbook",
]


def read_workbook(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    max_unpacked_bytes: int | None = None,
    options: ReadOptions | None = None,
    source: Probe | None = None,
) -> Workspace:
    """Read a workshop workbook (.xlsx or .xlsm) into a Workspace.

    Warnings are added to `report` (pass one to see them). Raises UnreadableInput when the file is
    not a safe, readable workbook, InvalidWorkbook (carrying the report) when its content has errors.
    The file is opened once: the safety pass and the value reader share the open file (`source`,
    when the registry has already opened it to choose the reader).
    """
    path = Path(path)
    if report is None:
        report = Report(file=path.name)
    elif report.file is None:
        report.file = path.name
    with probed(path, source) as probe:
        package = inspect_package(
            path, max_unpacked_bytes=max_unpacked_bytes or env_max_unpacked_bytes(), source=probe
        )
        if package.has_macros:
            report.add(
                codes.MACROS_IGNORED,
                "the workbook contains macros; mapbridge read its data only, and never runs or copies macros",
                "nothing to do; outputs never contain macros",
            )
        grids = load_sheets(path, package, source=probe)
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
        workspace = WorkbookReader(path, grids, report, options or ReadOptions()).read()
    finally:
        if collecting:
            gc.enable()
    if report.has_errors:
        raise InvalidWorkbook(report)
    return workspace
