"""What a file format is to mapbridge: the Importer and Exporter records every format registers.

They live below the importers and exporters (which declare themselves with them) and below the
plugin registry (which collects them), so neither has to import the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapbridge.errors import Report
    from mapbridge.model import Workspace


@dataclass(frozen=True)
class Importer:
    """A file format mapbridge can read: its name, the extensions it claims, and its reader.

    `read(path, report)` returns a Workspace; it adds warnings to `report` (which may be None)
    and raises UnreadableInput or InvalidWorkbook for files it cannot use.
    """

    name: str
    extensions: Sequence[str]
    read: Callable[[Path, Report | None], Workspace]
    description: str = ""


@dataclass(frozen=True)
class Exporter:
    """A file format mapbridge can write: its name, the extension of its files, and its writer.

    `write(workspace, path)` writes the file atomically and returns the paths it wrote (an
    exporter may write several files, e.g. one per persona), or None for just `path`.
    """

    name: str
    extension: str
    write: Callable[[Workspace, Path], Sequence[Path] | None]
    description: str = ""
