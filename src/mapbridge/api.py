"""Library front door: read any supported input into a Workspace, whatever its format."""

from __future__ import annotations

import os
from pathlib import Path

from mapbridge.errors import Report
from mapbridge.model import Workspace


def read_input(path: str | os.PathLike[str], *, report: Report | None = None) -> Workspace:
    """Read a workshop file (an .xlsx/.xlsm workbook, or another registered format) into a Workspace.

    Warnings go into `report` when one is given. Raises UnreadableInput when the file cannot be
    opened as what it claims to be, InvalidWorkbook when its content has errors.
    """
    from mapbridge.importers.workbook import read_workbook

    return read_workbook(Path(path), report=report)
