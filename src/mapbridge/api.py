"""Library front door: read any supported input into a Workspace, whatever its format."""

from __future__ import annotations

import os
from pathlib import Path

from mapbridge.errors import Report
from mapbridge.model import Workspace


def read_input(path: str | os.PathLike[str], *, report: Report | None = None) -> Workspace:
    """Read a workshop file (an .xlsx/.xlsm workbook, or another registered format) into a Workspace.

    Warnings go into `report` when one is given. Raises UnreadableInput when the file cannot be
    opened as what it claims to be (or no installed importer reads its extension),
    InvalidWorkbook when its content has errors. The importer is chosen by file extension among
    those registered as entry points (`mapbridge formats` lists them); .xlsx/.xlsm are workbooks.
    """
    from mapbridge.plugins import read_with_registry

    return read_with_registry(Path(path), report=report)
