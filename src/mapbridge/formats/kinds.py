"""What a file format is to mapbridge: the Importer and Exporter records, and the Probe sniffers read.

They live below the importers and exporters (which declare themselves with them) and below the
plugin registry (which collects them and chooses among them), so neither has to import the other.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from mapbridge.errors import Report
    from mapbridge.model import Workspace

#: The first bytes of a zip package (a local file header, or the end record of an empty zip).
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
#: The first bytes of an OLE compound file: an old Office file (.xls, .doc) or an encrypted one.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Probe:
    """One input, opened at most once: what format sniffers look at, then what the reader reads.

    Nothing is opened until something asks, and a folder, a missing path, a pipe or a device is
    never opened (a pipe would block the read forever). `head` is the file's first bytes;
    `zip_names()` and `zip_part()` look inside a zip package. The importer chosen for the input
    reads it through `handle()` and `archive()`, the same open file the sniffers looked at, so
    a read opens the file once. Closing the probe closes the file.
    """

    #: How many bytes `head` holds: enough for any signature and a look at the first lines.
    HEAD_BYTES = 8 * 1024

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._is_file: bool | None = None
        self._handle: BinaryIO | None = None
        self._open_error: OSError | None = None
        self._head: bytes | None = None
        self._archive: zipfile.ZipFile | None = None
        self._archive_error: Exception | None = None

    @property
    def is_dir(self) -> bool:
        """Whether the input is a folder."""
        return self.path.is_dir()

    @property
    def is_file(self) -> bool:
        """Whether the input is a regular file (the only kind that is ever opened)."""
        if self._is_file is None:
            self._is_file = self.path.is_file()
        return self._is_file

    def handle(self) -> BinaryIO:
        """The open file, rewound to its start; raises the OSError opening it raised."""
        if self._handle is None:
            if self._open_error is not None:
                raise self._open_error
            if not self.is_file:
                raise OSError(f"{self.path.name} is not a regular file")
            try:
                self._handle = self.path.open("rb")
            except OSError as exc:
                self._open_error = exc
                raise
        self._handle.seek(0)
        return self._handle

    @property
    def head(self) -> bytes:
        """The file's first HEAD_BYTES bytes; empty when it is not a regular file or unreadable."""
        if self._head is None:
            self._head = b""
            if self.is_file:
                with suppress(OSError):  # unreadable: nothing to sniff; the reader says why
                    self._head = self.handle().read(self.HEAD_BYTES)
        return self._head

    @property
    def is_zip(self) -> bool:
        """Whether the content starts like a zip package (xlsx, ods, ...), whatever the name."""
        return self.head.startswith(ZIP_SIGNATURES)

    @property
    def is_ole(self) -> bool:
        """Whether the content is an OLE compound file (an old .xls, or a password-protected file)."""
        return self.head.startswith(OLE_SIGNATURE)

    def archive(self) -> zipfile.ZipFile:
        """The zip directory, read from the open file; raises what zipfile raised when it cannot.

        The probe keeps it open (and closes it); callers must not close it.
        """
        if self._archive is None:
            if self._archive_error is not None:
                raise self._archive_error
            try:
                self._archive = zipfile.ZipFile(self.handle())
            except Exception as exc:
                self._archive_error = exc
                raise
        return self._archive

    def zip_names(self) -> frozenset[str]:
        """The names of a zip package's parts; empty when the input is not a readable zip."""
        if not self.is_zip:
            return frozenset()
        try:
            return frozenset(self.archive().namelist())
        except Exception:  # noqa: BLE001 - any failure means "not recognisably a zip" to a sniffer
            return frozenset()

    def zip_part(self, name: str, max_bytes: int) -> bytes | None:
        """A small part of a zip package, or None if it is missing, larger or unreadable.

        zipfile stops reading at the size the part declares, so a part cannot inflate here.
        """
        if name not in self.zip_names():
            return None
        try:
            archive = self.archive()
            info = archive.getinfo(name)
            if info.file_size > max_bytes:
                return None
            return archive.read(info)
        except Exception:  # noqa: BLE001 - any failure means "not recognisably this part"
            return None

    def close(self) -> None:
        """Close the zip directory and the file, if they were opened."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Probe:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@contextmanager
def probed(path: str | Path, source: Probe | None = None) -> Iterator[Probe]:
    """`source` if a caller already opened the input (it stays open), else a probe closed here."""
    if source is not None:
        yield source
        return
    with Probe(path) as probe:
        yield probe


@dataclass(frozen=True)
class Importer:
    """A file format mapbridge can read: its name, the extensions it claims, and its reader.

    `read(path, report)` returns a Workspace; it adds warnings to `report` (which may be None)
    and raises UnreadableInput or InvalidWorkbook for files it cannot use.

    The registry chooses the importer of an input by its content first, then by its extension
    (mapbridge.plugins.Registry.choose). The optional fields take part in that choice:

    - `claims(probe)`: True when the input's content is this format, whatever its name says
      (a zip holding xl/workbook.xml is a workbook). A file whose name says otherwise is still
      read by this importer, with warning MB033 naming `what` it is.
    - `explains(probe)`: True for content this importer does not read but can explain (an old
      .xls goes to the workbook importer, which says what it is); no MB033 then.
    - `read_opened(probe, report=, options=, max_unpacked_bytes=)`: reads the input through the
      probe the registry already opened, with the mapbridge.toml reading options and the size
      limit (`--max-unpacked-mb`); without it, `read(path, report)` is called.
    """

    name: str
    extensions: Sequence[str]
    read: Callable[[Path, Report | None], Workspace]
    description: str = ""
    claims: Callable[[Probe], bool] | None = None
    explains: Callable[[Probe], bool] | None = None
    #: What a file of this format is, for MB033 ("an Excel workbook"); "a NAME file" if empty.
    what: str = ""
    read_opened: Callable[..., Workspace] | None = None

    def reads_extension(self, suffix: str) -> bool:
        """Whether this importer claims files with this extension (".XLSX" or ".xlsx")."""
        return suffix.lower() in {e.lower() for e in self.extensions}

    def read_probe(
        self,
        probe: Probe,
        *,
        report: Report | None = None,
        options: Any = None,
        max_unpacked_bytes: int | None = None,
    ) -> Workspace:
        """Read the probed input; `options` is an importers.options.ReadOptions (or None)."""
        if self.read_opened is None:
            return self.read(probe.path, report)
        return self.read_opened(
            probe, report=report, options=options, max_unpacked_bytes=max_unpacked_bytes
        )


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
