"""The formats mapbridge reads and writes, built in or from plugins, and the one place an input's reader is chosen.

A package adds a format by declaring an entry point in the group `mapbridge.importers` or
`mapbridge.exporters` whose object is an `Importer` or an `Exporter` (or anything with the same
attributes). mapbridge's own formats are registered the same way in its pyproject.toml.

`Registry.choose` decides which importer reads an input, for built-in and plugin formats alike:
by its content first (an importer's `claims` sniffer), then by its extension. A file whose
content and name disagree is read as what its content is, with warning MB033.

A plugin that fails to load (an import error, a wrong object) becomes a warning naming it; the
other formats keep working.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapbridge import codes
from mapbridge.errors import Problem, Report, UnreadableInput, unreadable
from mapbridge.formats.kinds import Exporter, Importer, Probe

if TYPE_CHECKING:
    from mapbridge.model import Workspace

#: Importer, Exporter and Probe are defined below the registry; plugins import them from here.
__all__ = [
    "Exporter",
    "Importer",
    "Probe",
    "Registry",
    "load_registry",
    "read_path",
    "read_with_registry",
]

IMPORTER_GROUP = "mapbridge.importers"
EXPORTER_GROUP = "mapbridge.exporters"


# mapbridge's own spreadsheet importers. Each reader and sniffer imports its importer module when
# it is called, so this module imports none, and a read loads only the reader it needs.


def _read_workbook(path: Path, report: Report | None) -> Workspace:
    from mapbridge.importers.workbook import read_workbook

    return read_workbook(path, report=report)


def _read_workbook_opened(probe: Probe, **how: Any) -> Workspace:
    from mapbridge.importers.workbook import read_workbook

    return read_workbook(probe.path, source=probe, **how)


def _is_workbook(probe: Probe) -> bool:
    from mapbridge.importers.package import is_workbook

    return is_workbook(probe)


def _explained_by_workbook_reader(probe: Probe) -> bool:
    """An old .xls or a password-protected workbook, or a name without an extension.

    The workbook reader says what such a file is (or that there is no file at all).
    """
    from mapbridge.importers.package import is_old_office_file

    return is_old_office_file(probe) or not probe.path.suffix


#: The built-in workbook importer (entry point `xlsx` in mapbridge's own pyproject.toml).
WORKBOOK_IMPORTER = Importer(
    name="xlsx",
    extensions=(".xlsx", ".xlsm"),
    read=_read_workbook,
    description="Workshop workbook (rows or grid layout)",
    claims=_is_workbook,
    explains=_explained_by_workbook_reader,
    what="an Excel workbook",
    read_opened=_read_workbook_opened,
)


def _read_delimited(path: Path, report: Report | None) -> Workspace:
    from mapbridge.importers.tabular import read_delimited

    return read_delimited(path, report=report)


def _read_delimited_opened(probe: Probe, **how: Any) -> Workspace:
    from mapbridge.importers.tabular import read_delimited

    return read_delimited(probe.path, source=probe, **how)


def _is_folder(probe: Probe) -> bool:
    """A folder is read as a workbook whose sheets are its .csv and .tsv files."""
    return probe.is_dir


def _read_ods(path: Path, report: Report | None) -> Workspace:
    from mapbridge.importers.tabular import read_ods

    return read_ods(path, report=report)


def _read_ods_opened(probe: Probe, **how: Any) -> Workspace:
    from mapbridge.importers.tabular import read_ods

    return read_ods(probe.path, source=probe, **how)


def _is_ods(probe: Probe) -> bool:
    from mapbridge.importers.tabular import is_ods

    return is_ods(probe)


#: Delimited text, one sheet per file; a folder of them reads as one workbook (entry point `csv`).
DELIMITED_IMPORTER = Importer(
    name="csv",
    extensions=(".csv", ".tsv"),
    read=_read_delimited,
    description="Delimited text, one sheet; a folder of them is a workbook",
    claims=_is_folder,
    read_opened=_read_delimited_opened,
)

#: OpenDocument spreadsheets, as LibreOffice Calc saves them (entry point `ods`).
ODS_IMPORTER = Importer(
    name="ods",
    extensions=(".ods",),
    read=_read_ods,
    description="OpenDocument spreadsheet (LibreOffice Calc)",
    claims=_is_ods,
    what="an OpenDocument spreadsheet",
    read_opened=_read_ods_opened,
)

#: mapbridge's own spreadsheet importers, available even when its entry points are not installed,
#: in the order their sniffers are asked: an OpenDocument mimetype decides before xl/ parts do.
BUILT_IN_IMPORTERS = (ODS_IMPORTER, WORKBOOK_IMPORTER, DELIMITED_IMPORTER)


@dataclass(frozen=True)
class Choice:
    """The importer chosen for an input, and whether its content (not its name) chose it."""

    importer: Importer
    by_content: bool = False


@dataclass
class Registry:
    """The importers and exporters that loaded, and a warning for each plugin that did not."""

    importers: dict[str, Importer] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Entry point name -> the distribution ("package") that provides it.
    providers: dict[tuple[str, str], str] = field(default_factory=dict)

    def choose(self, probe: Probe) -> Choice | None:
        """Which importer reads this input; None when no installed importer does.

        1. Content: the first importer whose `claims` recognises it, mapbridge's own first (a
           folder is CSV files, an OpenDocument mimetype an .ods, xl/workbook.xml a workbook),
           then the plugins' in the order they registered.
        2. Content an importer `explains` though it cannot read it (an old .xls, a name without
           an extension: the workbook reader says what the file is).
        3. Extension: the importer claiming it; the last registered wins a tie, so a plugin can
           take an extension over.
        """
        return self.by_content(probe) or self._explained(probe) or self._by_extension(probe)

    def by_content(self, probe: Probe) -> Choice | None:
        """The first importer whose sniffer recognises the input's content (step 1 of `choose`)."""
        for importer in self._in_order():
            if _asks(importer.claims, probe):
                return Choice(importer, by_content=True)
        return None

    def importer_for(self, path: Path) -> Importer | None:
        """The importer that reads this file or folder (see `choose`)."""
        with Probe(path) as probe:
            choice = self.choose(probe)
        return choice.importer if choice else None

    def read(
        self,
        probe: Probe,
        *,
        report: Report | None = None,
        options: Any = None,
        max_unpacked_bytes: int | None = None,
    ) -> Workspace:
        """Read the probed input with the importer chosen for it; MB060 when none reads it.

        `options` is an importers.options.ReadOptions; importers that take none get the path
        and the report only.
        """
        choice = self.choose(probe)
        if choice is None:
            raise self._unknown_format(probe.path)
        return _read_chosen(choice, probe, report, options, max_unpacked_bytes)

    def _in_order(self) -> list[Importer]:
        """mapbridge's own importers first (in BUILT_IN_IMPORTERS order), then the others."""
        loaded = list(self.importers.values())
        own = [b for b in BUILT_IN_IMPORTERS if any(i is b for i in loaded)]
        return own + [i for i in loaded if not any(i is b for b in own)]

    def _explained(self, probe: Probe) -> Choice | None:
        for importer in self._in_order():
            if _asks(importer.explains, probe):
                return Choice(importer)
        return None

    def _by_extension(self, probe: Probe) -> Choice | None:
        suffix = probe.path.suffix
        found = None
        for importer in self.importers.values():
            if suffix and importer.reads_extension(suffix):
                found = importer
        return Choice(found) if found is not None else None

    def _unknown_format(self, path: Path) -> UnreadableInput:
        formats = ", ".join(f"{i.name} ({' '.join(i.extensions)})" for i in self.importers.values())
        return unreadable(
            path.name,
            codes.UNKNOWN_FORMAT,
            f"no importer reads {path.suffix!r} files; installed formats: {formats}",
            "convert the file to one of these, or install a plugin that reads it "
            "(`mapbridge formats` lists what is installed)",
        )


def _asks(sniffer: Any, probe: Probe) -> bool:
    """What a sniffer says; one that fails (a plugin's bug) does not recognise the input."""
    if sniffer is None:
        return False
    try:
        return bool(sniffer(probe))
    except Exception:  # noqa: BLE001 - a broken sniffer must not stop the other formats
        return False


def _read_chosen(
    choice: Choice,
    probe: Probe,
    report: Report | None,
    options: Any,
    max_unpacked_bytes: int | None,
) -> Workspace:
    """Read with the chosen importer, warning first when the file's name says another format."""
    importer = choice.importer
    path = probe.path
    if (
        report is not None
        and choice.by_content
        and probe.is_file
        and not importer.reads_extension(path.suffix)
    ):
        report.add(
            codes.MISLEADING_EXTENSION,
            f"the file is named {path.suffix or 'without an extension'} but is "
            f"{importer.what or f'a {importer.name} file'}, so it was read as one",
            f"rename it to {importer.extensions[0]} so other programs open it correctly",
            file=path.name,
        )
    return importer.read_probe(
        probe, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
    )


def _check_importer(obj: Any, name: str) -> Importer:
    read = getattr(obj, "read", None)
    extensions = getattr(obj, "extensions", None)
    if not callable(read) or not extensions or isinstance(extensions, str):
        raise TypeError(
            "its object needs `read(path, report)` and a list of `extensions` (use mapbridge.plugins.Importer)"
        )
    exts = tuple(e if e.startswith(".") else f".{e}" for e in extensions)
    if isinstance(obj, Importer):
        return obj if obj.extensions == exts else dataclasses.replace(obj, extensions=exts)

    def optional(attribute: str) -> Any:
        value = getattr(obj, attribute, None)
        return value if callable(value) else None

    return Importer(
        name=str(getattr(obj, "name", name) or name),
        extensions=exts,
        read=read,
        description=str(getattr(obj, "description", "") or ""),
        claims=optional("claims"),
        explains=optional("explains"),
        what=str(getattr(obj, "what", "") or ""),
        read_opened=optional("read_opened"),
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


def load_registry(*, exporters: bool = True) -> Registry:
    """Load every registered importer, and exporter unless `exporters=False`; a plugin that fails
    to load is a warning in `problems`, never an exception."""
    registry = Registry()
    _load(registry, IMPORTER_GROUP, _check_importer, registry.importers)
    if exporters:
        _load(registry, EXPORTER_GROUP, _check_exporter, registry.exporters)
    # An install without mapbridge's own entry points (a source checkout not installed) still
    # reads spreadsheets: each built-in importer is the same object its entry point names.
    for built_in in BUILT_IN_IMPORTERS:
        if not any(i is built_in for i in registry.importers.values()):
            registry.importers.setdefault(built_in.name, built_in)
    return registry


def _load(
    registry: Registry, group: str, check: Callable[[Any, str], Any], target: dict[str, Any]
) -> None:
    """Load one entry point group into `target`, each failure a warning in the registry."""
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
        target[entry_point.name] = loaded
        registry.providers[(kind, entry_point.name)] = provider


def read_path(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    options: Any = None,
    max_unpacked_bytes: int | None = None,
) -> Workspace:
    """Read a file or folder with the importer the registry chooses for it (api.read_input's engine).

    The input is opened once, for the sniffers and the reader alike. mapbridge's own formats are
    asked about its content first (`Registry.choose`), so a workbook, an .ods or a folder is read
    without loading any plugin; otherwise the installed importers are loaded (one that fails to
    load is a warning in `report`) and the registry chooses among all of them.
    """
    with Probe(path) as probe:
        own = Registry(importers={i.name: i for i in BUILT_IN_IMPORTERS})
        choice = own.by_content(probe)
        if choice is not None:
            return _read_chosen(choice, probe, report, options, max_unpacked_bytes)
        registry = load_registry(exporters=False)
        if report is not None:
            report.extend(registry.problems)
        return registry.read(
            probe, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
        )


def read_with_registry(
    path: str | os.PathLike[str],
    report: Report | None = None,
    *,
    options: Any = None,
    max_unpacked_bytes: int | None = None,
) -> Workspace:
    """Read any input with every installed format loaded first (their load warnings go into
    `report`); the importer is chosen as `read_path` chooses it."""
    registry = load_registry()
    if report is not None:
        report.extend(registry.problems)
    with Probe(path) as probe:
        return registry.read(
            probe, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
        )
