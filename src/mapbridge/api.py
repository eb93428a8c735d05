"""Library front door: read any supported input into a Workspace, whatever its format."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

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
    is explained. The plugin registry chooses the importer (mapbridge.plugins.Registry.choose)
    and the file is opened once for the whole read.
    """
    from mapbridge.plugins import read_path

    return read_path(path, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes)
