"""Safety checks on a workbook file before anything parses it: what it really is, and whether it is safe.

A `.xlsx` is a zip of XML parts. Before a parser sees it we check that it is a zip at all (not a
CSV, an old `.xls`, an encrypted file or random bytes), that it unpacks to a bounded size and
number of parts (zip bombs), and that no XML part declares a DTD (entity bombs, external
entities). Each refusal is a located, readable message.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mapbridge.errors import unreadable

#: Default limits; `--max-unpacked-mb` raises the size for genuinely large workbooks.
DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 10_000
#: A part that unpacks to more than this many times its packed size is suspect only when big.
SUSPICIOUS_RATIO = 200
SUSPICIOUS_MIN_BYTES = 50 * 1024 * 1024

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1024 * 1024


@dataclass
class PackageInfo:
    """What the safety pass learnt about a workbook package."""

    path: Path
    has_macros: bool = False
    sheet_parts: dict[str, bytes] = field(default_factory=dict)
    unpacked_bytes: int = 0


def inspect_package(
    path: Path,
    *,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    keep_sheet_xml: bool = True,
) -> PackageInfo:
    """Check that `path` is a safe .xlsx/.xlsm package; raise UnreadableInput saying why if not.

    With `keep_sheet_xml`, the unpacked worksheet XML is kept (it is read anyway, to measure
    it) so the reader can find hidden rows and formulas without values without a second unzip.
    """
    name = path.name
    if not path.exists():
        raise unreadable(
            name,
            "MB001",
            "file-not-found",
            f"there is no file at {str(path)!r}",
            "check the path; `mapbridge init workshop.xlsx` writes a starter workbook",
        )
    if path.is_dir():
        raise unreadable(
            name,
            "MB009",
            "is-a-directory",
            "this is a folder, not a workbook",
            "name an .xlsx file",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise unreadable(
            name, "MB002", "not-a-workbook", f"cannot be read ({exc.strerror or exc})"
        ) from exc
    if size == 0:
        raise unreadable(
            name,
            "MB005",
            "empty-file",
            "the file is empty (0 bytes)",
            "save the workbook again from Excel",
        )
    if head.startswith(_OLE_SIGNATURE):
        _raise_for_ole(path)
    if not head.startswith(_ZIP_SIGNATURES):
        kind = _sniff_text_kind(path)
        raise unreadable(
            name,
            "MB002",
            "not-a-workbook",
            f"this is not an Excel workbook{kind}",
            "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable(
            name,
            "MB006",
            "damaged-workbook",
            "the workbook is damaged or incomplete (the zip package cannot be opened)",
            "the file was probably cut short while copying or downloading; get a fresh copy",
        ) from exc
    with archive:
        return _check_parts(archive, path, max_unpacked_bytes, max_entries, keep_sheet_xml)


def _raise_for_ole(path: Path) -> None:
    """An OLE compound file is either an old .xls or a password-protected .xlsx."""
    with path.open("rb") as handle:
        blob = handle.read(4 * 1024 * 1024)
    if _ENCRYPTION_MARK in blob:
        raise unreadable(
            path.name,
            "MB003",
            "encrypted-workbook",
            "the workbook is protected with a password, so it cannot be read",
            "open it in Excel, remove the password (File > Info > Protect Workbook), and save it again",
        )
    raise unreadable(
        path.name,
        "MB004",
        "old-excel-format",
        "this is an old Excel 97-2003 (.xls) file, which mapbridge does not read",
        "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
    )


def _sniff_text_kind(path: Path) -> str:
    """A short description of what a non-zip file seems to be, for the message."""
    with path.open("rb") as handle:
        sample = handle.read(4096)
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped.startswith("<"):
        return " (it looks like an HTML or XML file)"
    first_line = stripped.splitlines()[0] if stripped else ""
    if first_line.count(",") >= 1 or first_line.count(";") >= 1 or first_line.count("\t") >= 1:
        return " (it looks like a CSV or text export)"
    return " (it looks like a text file)"


def _unsafe(path: Path, why: str, part: str) -> Exception:
    return unreadable(
        path.name,
        "MB007",
        "unsafe-workbook",
        f"the file was refused as unsafe: {why} (in {part})",
        "workshop workbooks never need this; save the sheets into a new workbook in Excel",
    )


def _check_parts(
    archive: zipfile.ZipFile,
    path: Path,
    max_unpacked_bytes: int,
    max_entries: int,
    keep_sheet_xml: bool,
) -> PackageInfo:
    infos = archive.infolist()
    info = PackageInfo(path=path)
    if len(infos) > max_entries:
        raise _unsafe(
            path, f"it holds {len(infos):,} parts (the limit is {max_entries:,})", "the zip package"
        )
    declared = sum(i.file_size for i in infos)
    if declared > max_unpacked_bytes:
        raise _too_large(path, declared, max_unpacked_bytes)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise unreadable(
            path.name,
            "MB002",
            "not-a-workbook",
            "this is a zip file but not an Excel workbook (it has no xl/workbook.xml)",
            "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
        )
    total = 0
    for item in infos:
        if item.flag_bits & 0x1:
            raise unreadable(
                path.name,
                "MB003",
                "encrypted-workbook",
                "parts of the workbook are encrypted, so it cannot be read",
                "remove the password in Excel and save the workbook again",
            )
        lower = item.filename.lower()
        if lower.startswith("xl/externallinks/"):
            raise _unsafe(path, "it links to another workbook (an external link)", item.filename)
        if lower.endswith("vbaproject.bin"):
            info.has_macros = True
            continue
        if (
            item.file_size > SUSPICIOUS_MIN_BYTES
            and item.compress_size * SUSPICIOUS_RATIO < item.file_size
        ):
            raise _unsafe(
                path,
                f"one part unpacks to {item.file_size / 1e6:,.0f} MB from {item.compress_size / 1e3:,.0f} kB "
                "(a zip bomb)",
                item.filename,
            )
        is_xml = lower.endswith((".xml", ".rels", ".vml"))
        keep = keep_sheet_xml and lower.startswith("xl/worksheets/") and lower.endswith(".xml")
        chunks: list[bytes] = []
        seen = 0
        prolog_checked = False
        try:
            with archive.open(item) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    seen += len(chunk)
                    total += len(chunk)
                    if total > max_unpacked_bytes:
                        raise _too_large(path, total, max_unpacked_bytes)
                    if is_xml and not prolog_checked:
                        # A DTD can only come before the root element, so the start is enough.
                        if _DOCTYPE.search(chunk[:65536]):
                            raise _unsafe(
                                path,
                                "an XML part declares a DTD or entities (an entity bomb or an external-entity read)",
                                item.filename,
                            )
                        prolog_checked = True
                    if keep:
                        chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise unreadable(
                path.name,
                "MB006",
                "damaged-workbook",
                f"the workbook is damaged or incomplete ({item.filename} cannot be unpacked)",
                "the file was probably cut short while copying or downloading; get a fresh copy",
            ) from exc
        if keep:
            info.sheet_parts[item.filename] = b"".join(chunks)
    info.unpacked_bytes = total
    return info


def _too_large(path: Path, size: int, limit: int) -> Exception:
    return unreadable(
        path.name,
        "MB008",
        "workbook-too-large",
        f"the workbook unpacks to more than {limit / 1e6:,.0f} MB ({size / 1e6:,.0f} MB seen), "
        "so it was refused as unsafe (a possible zip bomb)",
        "if this is a genuinely large workbook, raise the limit with --max-unpacked-mb",
    )


def env_max_unpacked_bytes() -> int:
    """The size limit, raised by the MAPBRIDGE_MAX_UNPACKED_MB environment variable if set."""
    value = os.environ.get("MAPBRIDGE_MAX_UNPACKED_MB")
    if value and value.isdigit():
        return int(value) * 1024 * 1024
    return DEFAULT_MAX_UNPACKED_BYTES
