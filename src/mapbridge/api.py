"""Library front door: read any supported input into a Workspace, whatever its format."""

from __future__ import annotations

import os
from pathlib import Path

from mapbridge.errors import Report
from mapbridge.model import Workspace


def read_input(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    max_unpacked_bytes: int | None = None,
) -> Workspace:
    """Read a workshop file (an .xlsx/.xlsm workbook, or another registered format) into a Workspace.

    Warnings go into `report` when one is given. Raises UnreadableInput when the file cannot be
    opened as what it claims to be (or no installed importer reads its extension),
    InvalidWorkbook when its content has errors. The importer is chosen by file extension among
    those registered as entry points (`mapbridge formats` lists them); .xlsx/.xlsm are workbooks.

    `max_unpacked_bytes` raises (or lowers) the workbook size limit (the CLI's --max-unpacked-mb).
    A file whose content is an Excel file goes to the workbook reader whatever its name says:
    a workbook saved as `.csv` is read (with a warning), an old `.xls` is explained.
    """
    from mapbridge.importers.package import looks_like_workbook
    from mapbridge.plugins import read_with_registry

    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") or looks_like_workbook(path):
        import zipfile

        from mapbridge.importers.workbook import read_workbook

        misnamed = path.suffix.lower() not in (".xlsx", ".xlsm")
        if misnamed and report is not None and zipfile.is_zipfile(path):
            report.add(
                "MB033",
                "misleading-extension",
                "warning",
                f"the file is named {path.suffix or 'without an extension'} but is an Excel "
                "workbook, so it was read as one",
                "rename it to .xlsx so other programs open it correctly",
                file=path.name,
            )
        return read_workbook(path, report=report, max_unpacked_bytes=max_unpacked_bytes)
    return read_with_registry(path, report=report)
