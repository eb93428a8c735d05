"""Library front door: read any supported input into a Workspace, whatever its format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mapbridge import codes
from mapbridge.errors import Report
from mapbridge.model import Workspace

if TYPE_CHECKING:
    from mapbridge.importers.options import ReadOptions


def read_input(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    max_unpacked_bytes: int | None = None,
    options: ReadOptions | None = None,
) -> Workspace:
    """Read a workshop file or folder into a Workspace.

    Spreadsheets: an .xlsx/.xlsm workbook, an .ods (LibreOffice), a .csv or .tsv file (one
    sheet), or a folder of .csv/.tsv files (one sheet each). Other extensions go to the importer
    registered for them as an entry point (`mapbridge formats` lists them).

    Warnings go into `report` when one is given. Raises UnreadableInput when the input cannot be
    opened as what it claims to be (or no installed importer reads its extension),
    InvalidWorkbook when its content has errors. `options` carries the mapbridge.toml overrides
    to every spreadsheet reader.

    `max_unpacked_bytes` raises (or lowers) the workbook size limit (the CLI's --max-unpacked-mb);
    a CSV may be a sixteenth of it. A file is read as what its content is, whatever its name
    says: a workbook or an .ods saved as `.csv` is read as one (with a warning), an old `.xls`
    is explained.
    """
    from mapbridge.importers.package import looks_like_workbook
    from mapbridge.importers.tabular import (
        DELIMITED_SUFFIXES,
        looks_like_ods,
        read_delimited,
        read_ods,
    )
    from mapbridge.plugins import read_with_registry

    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        return read_delimited(
            path, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
        )
    is_ods = looks_like_ods(path)
    if not is_ods and (suffix in (".xlsx", ".xlsm") or looks_like_workbook(path)):
        import zipfile

        from mapbridge.importers.workbook import read_workbook

        misnamed = suffix not in (".xlsx", ".xlsm")
        if misnamed and report is not None and zipfile.is_zipfile(path):
            _misnamed(report, path, "an Excel workbook", ".xlsx")
        return read_workbook(
            path, report=report, max_unpacked_bytes=max_unpacked_bytes, options=options
        )
    if is_ods or suffix == ".ods":
        if is_ods and suffix != ".ods" and report is not None:
            _misnamed(report, path, "an OpenDocument spreadsheet", ".ods")
        return read_ods(path, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes)
    if suffix in DELIMITED_SUFFIXES:
        return read_delimited(
            path, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
        )
    return read_with_registry(path, report=report)


def _misnamed(report: Report, path: Path, what: str, extension: str) -> None:
    """Warning MB033: the file was read as what its content is, not what its name says."""
    report.add(
        codes.MISLEADING_EXTENSION,
        f"the file is named {path.suffix or 'without an extension'} but is {what}, so it was "
        "read as one",
        f"rename it to {extension} so other programs open it correctly",
        file=path.name,
    )
