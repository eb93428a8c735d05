"""Low-level builders for broken and hostile workbook files: raw zips, deflate bombs, OLE headers.

Everything here writes bytes directly so a test can make files that no spreadsheet program
would save: parts whose headers lie, DTDs, billions of cells. Nothing big is ever held in memory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# ---------------------------------------------------------------------------- openpyxl workbooks


def write_workbook(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    hidden_sheets: Iterable[str] = (),
    hidden_rows: dict[str, list[int]] | None = None,
    merges: dict[str, list[str]] | None = None,
    hidden_columns: dict[str, list[str]] | None = None,
    text_cells: bool = True,
) -> Path:
    """Write sheets (name -> rows, row 1 first) with openpyxl.

    With `text_cells`, strings that start with `=` are stored as text, not as formulas, the way
    a person's typed text arrives from Excel with a leading apostrophe.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if text_cells and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
        for row_number in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[row_number].hidden = True
        for letter in (hidden_columns or {}).get(name, []):
            ws.column_dimensions[letter].hidden = True
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        if name in set(hidden_sheets):
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


PERSONA_HEADER = ["Name", "Kind", "Role", "Goals", "Pain points", "Behaviours"]
JOURNEY_HEADER = ["Journey", "Persona", "Stage", "Actions", "Emotion", "Pain points"]


def persona_rows(*names: str) -> list[list[Any]]:
    rows: list[list[Any]] = [PERSONA_HEADER]
    for name in names:
        rows.append([name, "Research", f"{name}'s role", "Get it done", "Waiting", "Uses the app"])
    return rows


def journey_rows(*rows: list[Any]) -> list[list[Any]]:
    return [JOURNEY_HEADER, *rows]


def good_workbook(path: Path) -> Path:
    """A small valid rows-format workbook: two personas, one journey of two stages."""
    return write_workbook(
        path,
        {
            "Personas": persona_rows("Ana", "Ben"),
            "Journey": journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "Jargon"],
                ["Open account", "Ana", "Apply", "Fills the form", -1, "Too long"],
                ["Open account", "Ben", "Discover", "Asks a friend", 0, "Trust"],
                ["Open account", "Ben", "Apply", "Calls the bank", -2, "On hold"],
            ),
        },
    )


# ---------------------------------------------------------------------------- rewriting packages


def rewrite_package(
    source: Path,
    target: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: Iterable[str] = (),
) -> Path:
    """Copy a zip package, replacing, adding or dropping parts."""
    replace = replace or {}
    drop = set(drop)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            zout.writestr(item.filename, replace.get(item.filename, zin.read(item.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return target


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def sheet_part(path: Path, sheet_name: str) -> str:
    """The part name of a sheet written by openpyxl (sheets are numbered in order)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    names = [chunk.split('"')[0] for chunk in workbook.split(' name="')[1:]]
    return f"xl/worksheets/sheet{names.index(sheet_name) + 1}.xml"


def with_shared_strings(source: Path, target: Path, sst_xml: bytes) -> Path:
    """Add (or replace) xl/sharedStrings.xml with a relationship and a content type."""
    rels = read_part(source, "xl/_rels/workbook.xml.rels").decode()
    types = read_part(source, "[Content_Types].xml").decode()
    rel = (
        '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/>'
    )
    ctype = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    replace = {
        "xl/_rels/workbook.xml.rels": rels.replace(
            "</Relationships>", rel + "</Relationships>"
        ).encode(),
        "[Content_Types].xml": types.replace("</Types>", ctype + "</Types>").encode(),
    }
    with zipfile.ZipFile(source) as archive:
        has_sst = "xl/sharedStrings.xml" in archive.namelist()
    if has_sst:
        replace = {"xl/sharedStrings.xml": sst_xml}
        return rewrite_package(source, target, replace=replace)
    return rewrite_package(source, target, replace=replace, add={"xl/sharedStrings.xml": sst_xml})


def sheet_xml(rows_xml: str, before: str = "", after: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN_NS}">'
        f"<sheetData>{rows_xml}</sheetData>{after}</worksheet>"
    ).encode()


def inline(ref: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


# ---------------------------------------------------------------------------- raw zips and bombs


def repeated_deflate(prefix: bytes, block: bytes, count: int, suffix: bytes) -> tuple[bytes, int]:
    """A raw deflate stream of prefix + block * count + suffix, built without inflating it.

    Each piece is compressed up to a full flush, which resets the compressor, so the block's
    compressed bytes can simply be repeated. Returns the stream and the unpacked size.
    """

    def piece(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    stream = piece(prefix) + piece(block) * count + piece(suffix) + final
    return stream, len(prefix) + len(block) * count + len(suffix)


def write_raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int, int]]) -> Path:
    """Write a zip from (name, deflated bytes, crc, real size, local size, central size) entries.

    The sizes written in the local and central headers are given separately from the real one,
    so a test can make headers that lie.
    """
    out = bytearray()
    central = bytearray()
    for name, data, crc, _real, local_size, central_size in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(data),
            local_size,
            len(encoded),
            0,
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(data),
            central_size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0
    )
    path.write_bytes(bytes(out))
    return path


def deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = compressor.compress(data) + compressor.flush()
    return stream, zlib.crc32(data), len(data)


def bomb_workbook(path: Path, template: Path, *, unpacked: int, lie: bool) -> Path:
    """A workbook whose first sheet unpacks to `unpacked` bytes of repeated rows.

    With `lie`, the local and central headers claim the sheet is 1,234 bytes.
    """
    # One long text run per row: deflate packs a run of one letter about 1,000 to 1.
    row = b'<row><c t="inlineStr"><is><t>' + b"a" * 1_000_000 + b"</t></is></c></row>"
    prefix = f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    suffix = b"</sheetData></worksheet>"
    count = max(1, (unpacked - len(prefix) - len(suffix)) // len(row))
    stream, size = repeated_deflate(prefix, row, count, suffix)
    entries = []
    with zipfile.ZipFile(template) as archive:
        for item in archive.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                claimed = 1234 if lie else size
                entries.append((item.filename, stream, 0, size, claimed, claimed))
            else:
                data, crc, real = deflated(archive.read(item.filename))
                entries.append((item.filename, data, crc, real, real, real))
    return write_raw_zip(path, entries)


# ---------------------------------------------------------------------------- OLE compound files


def ole_file(path: Path, stream_names: list[str]) -> Path:
    """A minimal OLE compound file (the container of .xls and of encrypted .xlsx files).

    One FAT sector and one directory sector holding a root entry and empty streams with the
    given names: enough for anything that identifies the file by its header and directory.
    """
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)
    for i in range(109):  # the DIFAT array: the FAT is sector 0, the other slots are free
        struct.pack_into("<I", header, 76 + 4 * i, 0 if i == 0 else free)
    fat = bytearray(struct.pack("<II", fat_sect, end) + struct.pack("<I", free) * 126)

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        record = bytearray(128)
        record[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", record, 64, len(encoded), kind, 1)
        struct.pack_into("<III", record, 68, free, right, child)
        struct.pack_into("<II", record, 116, end, 0)
        return bytes(record)

    entries = [entry("Root Entry", 5, child=1 if stream_names else free)]
    for i, name in enumerate(stream_names):
        right = i + 2 if i + 1 < len(stream_names) else free
        entries.append(entry(name, 2, right=right))
    directory = b"".join(entries).ljust(512, b"\0")
    path.write_bytes(bytes(header) + bytes(fat) + directory)
    return path
