"""Importers and exporters found through entry points, the built-in ones included: one mechanism.

A package adds a format by declaring an entry point in the group `mapbridge.importers` or
`mapbridge.exporters` whose object is an `Importer` or an `Exporter` (or anything with the same
attributes). mapbridge's own formats are registered the same way in its pyproject.toml.

A plugin that fails to load (an import error, a wrong object) becomes a warning naming it; the
other formats keep working.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapbridge import codes
from mapbridge.errors import Problem, Report
from mapbridge.formats.kinds import Exporter, Importer

if TYPE_CHECKING:
    from mapbridge.model import Workspace

#: Importer and Exporter are defined below the registry; plugins import them from here.
__all__ = ["Exporter", "Importer", "Registry", "load_registry", "read_with_registry"]

IMPORTER_GROUP = "mapbridge.importers"
EXPORTER_GROUP = "mapbridge.exporters"


def _read_workbook(path: Path, report: Report | None) -> Workspace:
    # Imported on use: openpyxl is only loaded when a workbook is actually read.
    from mapbridge.importers.workbook import read_workbook

    return read_workbook(path, report=report)


#: The built-in workbook importer (entry point `xlsx` in mapbridge's own pyproject.toml).
WORKBOOK_IMPORTER = Importer(
    name="xlsx",
    extensions=(".xlsx", ".xlsm"),
    read=_read_workbook,
    description="Workshop workbook (rows or grid layout)",
)


def _read_delimited(path: Path, report: Report | None) -> Workspace:
    from mapbridge.importers.tabular import read_delimited

    return read_delimited(path, report=report)


def _read_ods(path: Path, report: Report | None) -> Workspace:
    from mapbridge.importers.tabular import read_ods

    return read_ods(path, report=report)


#: Delimited text, one sheet per file; a folder of them reads as one workbook (entry point `csv`).
DELIMITED_IMPORTER = Importer(
    name="csv",
    extensions=(".csv", ".tsv"),
    read=_read_delimited,
    description="Delimited text, one sheet; a folder of them is a workbook",
)

#: OpenDocument spreadsheets, as LibreOffice Calc saves them (entry point `ods`).
ODS_IMPORTER = Importer(
    name="ods",
    extensions=(".ods",),
    read=_read_ods,
    description="OpenDocument spreadsheet (LibreOffice Calc)",
)

#: mapbridge's own spreadsheet importers, available even when its entry points are not installed.
BUILT_IN_IMPORTERS = (WORKBOOK_IMPORTER, DELIMITED_IMPORTER, ODS_IMPORTER)


@dataclass
class Registry:
    """The importers and exporters that loaded, and a warning for each plugin that did not."""

    importers: dict[str, Importer] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Entry point name -> the distribution ("package") that provides it.
    providers: dict[tuple[str, str], str] = field(default_factory=dict)

    def importer_for(self, path: Path) -> Importer | None:
        """The importer claiming this file's extension (the last registered wins a tie)."""
        suffix = path.suffix.lower()
        found = None
        for importer in self.importers.values():
            if suffix in {e.lower() for e in importer.extensions}:
                found = importer
        return found

    def known_extensions(self) -> list[str]:
        return sorted({e.lower() for i in self.importers.values() for e in i.extensions})


def _check_importer(obj: Any, name: str) -> Importer:
    read = getattr(obj, "read", None)
    extensions = getattr(obj, "extensions", None)
    if not callable(read) or not extensions or isinstance(extensions, str):
        raise TypeError(
            "its object needs `read(path, report)` and a list of `extensions` (use mapbridge.plugins.Importer)"
        )
    exts = tuple(e if e.startswith(".") else f".{e}" for e in extensions)
    if isinstance(obj, Importer) and obj.extensions == exts:
        return obj
    return Importer(
        name=str(getattr(obj, "name", name) or name),
        extensions=exts,
        read=read,
        description=str(getattr(obj, "description", "") or ""),
    )


def _check_exporter(obj: Any, name: str) -> Exporter:
    write = getattr(obj, "write", None)
    extension = getattr(obj, "extension", None)
    if not callable(write) or not isinstance(extension, str):
        raise TypeError(
            "its object needs `write(workspace, path)` and an `extension` (use mapbridge.plugins.Exporter)"
        )
    if isinstance(obj, Exporter):
        return obj
    return Exporter(
        name=str(getattr(obj, "name", name) or name),
        extension=extension if extension.startswith(".") else f".{extension}",
        write=write,
        description=str(getattr(obj, "description", "") or ""),
    )


def _entry_points(group: str) -> list[metadata.EntryPoint]:
    return list(metadata.entry_points(group=group))


def _provider(entry_point: metadata.EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    return getattr(dist, "name", None) or entry_point.value.split(":", 1)[0].split(".", 1)[0]


def load_registry() -> Registry:
    """Load every registered importer and exporter; failures become warnings, never exceptions."""
    registry = Registry()
    for group, check, target in (
        (IMPORTER_GROUP, _check_importer, registry.importers),
        (EXPORTER_GROUP, _check_exporter, registry.exporters),
    ):
        kind = "importer" if group == IMPORTER_GROUP else "exporter"
        for entry_point in _entry_points(group):
            provider = _provider(entry_point)
            try:
                loaded = check(entry_point.load(), entry_point.name)
            except Exception as exc:  # noqa: BLE001 - any failure of a plugin must not stop the others
                registry.problems.append(
                    Problem.of(
                        codes.PLUGIN_FAILED,
                        f"the {kind} plugin {entry_point.name!r} ({entry_point.value}, from "
                        f"{provider}) could not be loaded: {type(exc).__name__}: {exc}",
                        f"reinstall or remove the package {provider}; other formats still work",
                    )
                )
                continue
            target[entry_point.name] = loaded  # type: ignore[index]
            registry.providers[(kind, entry_point.name)] = provider
    # An install without mapbridge's own entry points (a source checkout not installed) still
    # reads spreadsheets: each built-in importer is the same object its entry point names.
    for built_in in BUILT_IN_IMPORTERS:
        if not any(i is built_in for i in registry.importers.values()):
            registry.importers.setdefault(built_in.name, built_in)
    return registry


def read_with_registry(path: str | os.PathLike[str], report: Report | None = None) -> Workspace:
    """Read any file whose extension a registered importer claims (api.read_input's engine)."""
    from mapbridge.errors import unreadable

    path = Path(path)
    registry = load_registry()
    if report is not None:
        report.extend(registry.problems)
    # A folder is read as a folder of CSV files (which explains a folder without any); an
    # extension-less name goes to the workbook reader, which explains the problem.
    importer = registry.importer_for(path) if path.suffix else None
    if importer is None and path.is_dir():
        importer = DELIMITED_IMPORTER
    if importer is None and not path.suffix:
        importer = WORKBOOK_IMPORTER
    if importer is None:
        formats = ", ".join(
            f"{i.name} ({' '.join(i.extensions)})" for i in registry.importers.values()
        )
        raise unreadable(
            path.name,
            codes.UNKNOWN_FORMAT,
            f"no importer reads {path.suffix!r} files; installed formats: {formats}",
            "convert the file to one of these, or install a plugin that reads it "
            "(`mapbridge formats` lists what is installed)",
        )
    return importer.read(path, report)
