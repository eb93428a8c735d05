"""Reading an Office zip package (a workbook, a slide template) without trusting anything in it.

Every part is inflated here as a stream, in bounded chunks, and counted: the package may not hold
more than a set number of parts or unpack to more than a set size, a part may not unpack to
more than its headers declare (headers can lie), and no XML part may declare a DTD (entity
bombs, external-entity reads), wherever in the part it hides and in UTF-8 or UTF-16. Callers
turn a `PackageRefused` into their own located message. Used by the workbook importer and the
deck's template loader alike, so neither imports the other.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

if TYPE_CHECKING:
    from mapbridge.formats.kinds import Probe

RefusalKind = Literal["damaged", "unsafe", "too-large", "encrypted"]

_CHUNK = 1024 * 1024
_RAW_CHUNK = 256 * 1024
_MB = 1024 * 1024
#: A package that unpacks to this many times its packed size is a zip bomb, once it unpacks to
#: more than an eighth of the size limit, and at least 64 MB. Real workbooks pack 5 to 20 times.
BOMB_RATIO = 100
BOMB_FLOOR_FRACTION = 8
BOMB_FLOOR = 64 * 1024 * 1024

# XML is case-sensitive, but refusing `<!doctype` too costs nothing. UTF-16 parts are checked
# in both byte orders, so a DTD cannot hide behind an encoding. Each pattern is only run where
# its cheap marker (`<!` in that encoding) occurs at all.
_DTD_PATTERNS = (
    (b"<!", re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)),
    (b"<\x00!\x00", re.compile("<!DOCTYPE|<!ENTITY".encode("utf-16-le").replace(b"|\x00", b"|"))),
    (b"\x00<\x00!", re.compile("<!DOCTYPE|<!ENTITY".encode("utf-16-be").replace(b"\x00|", b"|"))),
)
_DTD_CARRY = 40  # bytes kept between chunks so a marker split across two chunks is still seen
XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass
class PackageRefused(Exception):
    """Why a package cannot be used: damaged, unsafe, too large, or encrypted; and where."""

    kind: RefusalKind
    reason: str
    part: str = ""
    #: For "too-large": what was seen and the limit, for the message.
    size: int = 0
    limit: int = 0
    packed: int = 0

    def __post_init__(self) -> None:
        super().__init__(self.reason)

    def describe(self) -> str:
        """The reason as one sentence fragment, with the part when there is one."""
        if self.kind == "too-large" and self.size <= self.limit:
            return (
                f"it unpacks to at least {self.size / _MB:,.0f} MB from {self.packed / 1024:,.0f} kB, "
                f"{self.size / max(self.packed, 1):,.0f} times its packed size (a zip bomb)"
            )
        if self.kind == "too-large":
            bomb = (
                f"; {self.size / _MB:,.0f} MB from {self.packed / 1024:,.0f} kB packed is a zip bomb"
                if self.packed and self.size > BOMB_RATIO * self.packed
                else " (a possible zip bomb)"
            )
            return (
                f"it unpacks to more than {self.limit / _MB:,.0f} MB "
                f"({self.size / _MB:,.0f} MB seen){bomb}"
            )
        return f"{self.reason} (in {self.part})" if self.part else self.reason


def _is_bomb(unpacked: int, packed: int, limit: int) -> bool:
    """Unpacks far beyond what its packed size explains, and to more than a few dozen MB."""
    floor = max(limit // BOMB_FLOOR_FRACTION, BOMB_FLOOR)
    return unpacked > floor and unpacked > BOMB_RATIO * max(packed, 1)


def contains_dtd(window: bytes) -> bool:
    """Whether these bytes of an XML part hold a DTD or entity declaration (any encoding)."""
    return any(marker in window and pattern.search(window) for marker, pattern in _DTD_PATTERNS)


def open_package(path: Path, source: Probe | None = None) -> zipfile.ZipFile:
    """The zip's directory, or PackageRefused("damaged") if it cannot be read.

    With `source` (the input already open), the directory is read from that open file and stays
    the probe's to close; otherwise the caller closes the ZipFile returned.
    """
    if not path.is_file():  # a named pipe would block the read forever
        raise PackageRefused("damaged", "it is not a regular file (a device, a pipe or a socket)")
    try:
        return source.archive() if source is not None else zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # "zip file version 25.1": a damaged header, not a real version
        RuntimeError,
    ) as exc:
        raise PackageRefused("damaged", "the zip package cannot be opened") from exc


def check_directory(archive: zipfile.ZipFile, *, max_unpacked_bytes: int, max_entries: int) -> None:
    """What the zip directory alone says: too many parts, too large, encrypted parts."""
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise PackageRefused(
            "unsafe",
            f"it holds {len(infos):,} parts (the limit is {max_entries:,})",
            "the zip package",
        )
    declared = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if declared > max_unpacked_bytes or _is_bomb(declared, packed, max_unpacked_bytes):
        raise PackageRefused(
            "too-large", "too large", size=declared, limit=max_unpacked_bytes, packed=packed
        )
    for item in infos:
        if item.flag_bits & 0x1:
            raise PackageRefused("encrypted", "parts of the package are encrypted", item.filename)


class PartReader:
    """Inflates the parts of one package in turn, keeping the running total against the limit."""

    def __init__(self, archive: zipfile.ZipFile, raw: BinaryIO, *, max_unpacked_bytes: int) -> None:
        self.archive = archive
        self.raw = raw
        self.limit = max_unpacked_bytes
        self.total = 0
        self.packed = sum(i.compress_size for i in archive.infolist())

    def chunks(self, item: zipfile.ZipInfo, *, check_dtd: bool | None = None) -> Iterator[bytes]:
        """The part's bytes in chunks; raises PackageRefused as soon as something is wrong.

        XML parts (by name) are scanned for DTDs unless `check_dtd` says otherwise.
        """
        if check_dtd is None:
            check_dtd = item.filename.lower().endswith(XML_SUFFIXES)
        carry = b""
        for chunk in _inflate(self.archive, self.raw, item):
            self.total += len(chunk)
            if self.total > self.limit or _is_bomb(self.total, self.packed, self.limit):
                raise PackageRefused(
                    "too-large", "too large", size=self.total, limit=self.limit, packed=self.packed
                )
            if check_dtd:
                if contains_dtd(carry + chunk):
                    raise PackageRefused(
                        "unsafe",
                        "an XML part declares a DTD or entities (an entity bomb or an external-entity read)",
                        item.filename,
                    )
                carry = chunk[-_DTD_CARRY:]
            yield chunk

    def read(self, item: zipfile.ZipInfo) -> bytes:
        return b"".join(self.chunks(item))


def check_package(path: Path, *, max_unpacked_bytes: int, max_entries: int) -> None:
    """Inflate and scan every part of a package without keeping it; raise PackageRefused if unsafe."""
    with open_package(path) as archive, path.open("rb") as raw:
        check_directory(archive, max_unpacked_bytes=max_unpacked_bytes, max_entries=max_entries)
        reader = PartReader(archive, raw, max_unpacked_bytes=max_unpacked_bytes)
        for item in archive.infolist():
            for _chunk in reader.chunks(item):
                pass


def _inflate(archive: zipfile.ZipFile, raw: BinaryIO, item: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes, inflated chunk by chunk, checked against its declared size and checksum.

    Headers can lie: a part that claims 1 kB may inflate to gigabytes. Output is produced at
    most `_CHUNK` at a time and refused as soon as it exceeds the size the headers declare.
    """
    name = item.filename
    if item.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        yield from _inflate_with_zipfile(archive, item)
        return
    try:
        raw.seek(item.header_offset)
        local = raw.read(30)
        if len(local) != 30 or local[:4] != b"PK\x03\x04":
            raise PackageRefused("damaged", f"{name} has no local header")
        name_length = int.from_bytes(local[26:28], "little")
        extra_length = int.from_bytes(local[28:30], "little")
        raw.seek(item.header_offset + 30 + name_length + extra_length)
    except OSError as exc:
        raise PackageRefused("damaged", f"{name} cannot be found in the package") from exc

    def lying() -> PackageRefused:
        return PackageRefused(
            "unsafe",
            f"its headers say this part unpacks to {item.file_size:,} bytes, but it unpacks to "
            "more (a zip bomb)",
            name,
        )

    left = item.compress_size
    produced = 0
    crc = 0
    inflater = zlib.decompressobj(-15) if item.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0:
        data = raw.read(min(_RAW_CHUNK, left))
        if not data:
            raise PackageRefused("damaged", f"{name} is cut short")
        left -= len(data)
        pending = data
        while pending:
            if inflater is None:
                piece, pending = pending, b""
            else:
                try:
                    piece = inflater.decompress(pending, _CHUNK)
                except zlib.error as exc:
                    raise PackageRefused("damaged", f"{name} cannot be unpacked") from exc
                pending = inflater.unconsumed_tail
            if piece:
                produced += len(piece)
                if produced > item.file_size:
                    raise lying()
                crc = zlib.crc32(piece, crc)
                yield piece
            if inflater is not None and inflater.eof:
                break
        if inflater is not None and inflater.eof:
            break
    if inflater is not None:
        try:
            rest = inflater.flush()
        except zlib.error as exc:
            raise PackageRefused("damaged", f"{name} cannot be unpacked") from exc
        if rest:
            produced += len(rest)
            if produced > item.file_size:
                raise lying()
            crc = zlib.crc32(rest, crc)
            yield rest
        if not inflater.eof:
            raise PackageRefused("damaged", f"{name} is cut short")
    if produced != item.file_size or crc != item.CRC:
        raise PackageRefused("damaged", f"{name} does not match its checksum")


def _inflate_with_zipfile(archive: zipfile.ZipFile, item: zipfile.ZipInfo) -> Iterator[bytes]:
    """Other compression methods (never written by Office): zipfile stops at the declared size."""
    try:
        with archive.open(item) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    return
                yield chunk
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise PackageRefused("damaged", f"{item.filename} cannot be unpacked") from exc
