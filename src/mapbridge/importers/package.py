"""Safety checks on a workbook file before anything parses it: what it really is, and whether it is safe.

A `.xlsx` is a zip of XML parts. Before a parser sees it we check that it is a zip at all (not a
CSV, an old `.xls`, an encrypted file or random bytes), then let mapbridge.safezip inflate every
part as a stream: a bounded number of parts and unpacked size (zip bombs, including parts whose
headers lie about their size) and no DTD in any XML part (entity bombs, external entities).
External workbook links and absurd shared-string counts are refused too. Each refusal is a
located, readable message.

The same streaming pass notes what the value reader cannot tell us (hidden rows and columns,
formulas saved without a value) and how far each sheet's cells reach, so that a stray value in
the last cell of a sheet is refused here instead of making the reader allocate the whole grid.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from mapbridge import codes
from mapbridge.errors import UnreadableInput, unreadable
from mapbridge.formats.kinds import OLE_SIGNATURE, ZIP_SIGNATURES, Probe, probed
from mapbridge.safezip import PackageRefused, PartReader, check_directory, open_package

#: Default limits; `--max-unpacked-mb` (or MAPBRIDGE_MAX_UNPACKED_MB) raises the size.
DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 10_000
#: The largest grid (rows x columns, counted from A1 to the farthest value) a sheet may span.
#: The value reader holds a sheet as a dense grid; 4 million cells is about 150 MB. Raising the
#: size limit raises it in proportion (one cell per 128 bytes of the limit).
MAX_SHEET_CELLS = 4_000_000
BYTES_PER_GRID_CELL = 128

#: The stream a password-protected workbook's OLE container holds (an old .xls has none).
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN_COL = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*/?>')
_COL_RANGE = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
_FORMULA_TEXT = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>\s*<f\b[^>]*>([^<]*)</f>')
#: A cell with content (not `<c r="A1" s="3"/>` or `<c r="A1"></c>`, which only carry a format),
#: written the way
#: Excel, LibreOffice and openpyxl write it: the reference first. A literal start keeps it fast.
#: Any number of letters and digits, as the value reader parses them: a row number past Excel's
#: 1,048,576 is still a row it would allocate.
_CELL_WITH_CONTENT = re.compile(rb'<c r="([A-Za-z]*)(\d*)"[^>]*(?<!/)>(?!</c>)')
_SST_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\b(?:uniqueCount|count)="(\d+)"')
#: The parts that name the sheets and their XML parts; kept from the safety pass for the reader.
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS_PART = "xl/_rels/workbook.xml.rels"
#: How much of an OLE file is searched for the mark of encryption.
_OLE_SAMPLE = 4 * 1024 * 1024


@dataclass
class SheetFacts:
    """What the streaming pass learnt from one worksheet part's XML."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    formulas_without_values: dict[str, str] = field(default_factory=dict)  # A1 -> formula
    #: 0-based row and column of the farthest cell with content (-1 when none), and its reference.
    max_row: int = -1
    max_col: int = -1
    far_row_cell: str = ""
    far_col_cell: str = ""

    @property
    def grid_cells(self) -> int:
        """How many cells the value reader would hold for this sheet (A1 to the farthest value)."""
        return (self.max_row + 1) * (self.max_col + 1)


@dataclass
class PackageInfo:
    """What the safety pass learnt about a workbook package."""

    path: Path
    has_macros: bool = False
    sheet_facts: dict[str, SheetFacts] = field(default_factory=dict)  # part name -> facts
    unpacked_bytes: int = 0
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
    #: xl/workbook.xml and its rels as the pass inflated and checked them (for the sheet names).
    parts: dict[str, bytes] = field(default_factory=dict)

    @property
    def max_sheet_cells(self) -> int:
        """The sheet-extent limit that goes with this package's size limit."""
        return max(MAX_SHEET_CELLS, self.max_unpacked_bytes // BYTES_PER_GRID_CELL)


def inspect_package(
    path: Path,
    *,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    source: Probe | None = None,
) -> PackageInfo:
    """Check that `path` is a safe .xlsx/.xlsm package; raise UnreadableInput saying why if not.

    `source` is the input already open (the registry's probe): the pass reads it through that
    file instead of opening it again.
    """
    name = path.name
    if not path.exists():
        raise unreadable(
            name,
            codes.FILE_NOT_FOUND,
            f"there is no file at {str(path)!r}",
            "check the path; `mapbridge init workshop.xlsx` writes a starter workbook",
        )
    if path.is_dir():
        raise unreadable(
            name,
            codes.IS_A_DIRECTORY,
            "this is a folder, not a workbook",
            "name an .xlsx file",
        )
    if not path.is_file():
        # Opening a named pipe would wait forever for a writer; a device never ends.
        raise unreadable(
            name,
            codes.NOT_A_WORKBOOK,
            "this is not a regular file (it is a device, a pipe or a socket)",
            "name an .xlsx file",
        )
    with probed(path, source) as probe:
        try:
            size = path.stat().st_size
            probe.handle()  # raises what opening the file raises
            head = probe.head
        except OSError as exc:
            raise unreadable(
                name, codes.NOT_A_WORKBOOK, f"cannot be read ({exc.strerror or exc})"
            ) from exc
        if size == 0:
            raise unreadable(
                name,
                codes.EMPTY_FILE,
                "the file is empty (0 bytes)",
                "save the workbook again from Excel",
            )
        if head.startswith(OLE_SIGNATURE):
            _raise_for_ole(path, probe)
        if not head.startswith(ZIP_SIGNATURES):
            raise unreadable(
                name,
                codes.NOT_A_WORKBOOK,
                f"this is not an Excel workbook{_sniff_text_kind(head)}",
                "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
            )
        try:
            archive = open_package(path, probe)
            return _check_parts(archive, probe.handle(), path, max_unpacked_bytes, max_entries)
        except PackageRefused as refused:
            raise _refusal(path, refused) from refused


def _raise_for_ole(path: Path, probe: Probe) -> None:
    """An OLE compound file is either an old .xls or a password-protected .xlsx."""
    blob = probe.handle().read(_OLE_SAMPLE)
    if _ENCRYPTION_MARK in blob:
        raise unreadable(
            path.name,
            codes.ENCRYPTED_WORKBOOK,
            "the workbook is protected with a password, so it cannot be read",
            "open it in Excel, remove the password (File > Info > Protect Workbook), and save it again",
        )
    raise unreadable(
        path.name,
        codes.OLD_EXCEL_FORMAT,
        "this is an old Excel 97-2003 (.xls) file, which mapbridge does not read",
        "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
    )


def _sniff_text_kind(head: bytes) -> str:
    """A short description of what a non-zip file seems to be (from its first bytes), for the message."""
    sample = head[:4096]
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


def _refusal(path: Path, refused: PackageRefused) -> UnreadableInput:
    """The located message for a package the safety pass refused."""
    if refused.kind == "damaged":
        return unreadable(
            path.name,
            codes.DAMAGED_WORKBOOK,
            f"the workbook is damaged or incomplete ({refused.reason})",
            "the file was probably cut short while copying or downloading; get a fresh copy",
        )
    if refused.kind == "encrypted":
        return unreadable(
            path.name,
            codes.ENCRYPTED_WORKBOOK,
            "parts of the workbook are encrypted, so it cannot be read",
            "remove the password in Excel and save the workbook again",
        )
    if refused.kind == "too-large":
        return unreadable(
            path.name,
            codes.WORKBOOK_TOO_LARGE,
            f"the file was refused as unsafe: {refused.describe()}",
            "if this is a genuinely large workbook, raise the limit with --max-unpacked-mb "
            "(or the MAPBRIDGE_MAX_UNPACKED_MB environment variable)",
        )
    return unreadable(
        path.name,
        codes.UNSAFE_WORKBOOK,
        f"the file was refused as unsafe: {refused.describe()}",
        "workshop workbooks never need this; save the sheets into a new workbook in Excel",
    )


def _check_parts(
    archive: zipfile.ZipFile,
    raw: BinaryIO,
    path: Path,
    max_unpacked_bytes: int,
    max_entries: int,
) -> PackageInfo:
    check_directory(archive, max_unpacked_bytes=max_unpacked_bytes, max_entries=max_entries)
    infos = archive.infolist()
    info = PackageInfo(path=path, max_unpacked_bytes=max_unpacked_bytes)
    if not any(i.filename == WORKBOOK_PART for i in infos):
        raise unreadable(
            path.name,
            codes.NOT_A_WORKBOOK,
            "this is a zip file but not an Excel workbook (it has no xl/workbook.xml)",
            "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
        )
    reader = PartReader(archive, raw, max_unpacked_bytes=max_unpacked_bytes)
    for item in infos:
        lower = item.filename.lower()
        # The two parts that name the sheets are kept, so the reader need not inflate them again.
        kept: list[bytes] | None = (
            [] if item.filename in (WORKBOOK_PART, WORKBOOK_RELS_PART) else None
        )
        if lower.startswith("xl/externallinks/"):
            raise PackageRefused(
                "unsafe", "it links to another workbook (an external link)", item.filename
            )
        is_macro = lower.endswith("vbaproject.bin")
        info.has_macros = info.has_macros or is_macro
        facts = (
            SheetFacts() if lower.startswith("xl/worksheets/") and lower.endswith(".xml") else None
        )
        scanner = _SheetScanner(facts) if facts is not None else None
        first = True
        for chunk in reader.chunks(item):
            if first and lower == "xl/sharedstrings.xml":
                _check_string_count(item, chunk)
            first = False
            if scanner is not None:
                scanner.feed(chunk)
            if kept is not None:
                kept.append(chunk)
        if kept is not None:
            info.parts[item.filename] = b"".join(kept)
        if scanner is not None and facts is not None:
            scanner.close()
            info.sheet_facts[item.filename] = facts
    info.unpacked_bytes = reader.total
    return info


def _check_string_count(item: zipfile.ZipInfo, head: bytes) -> None:
    """A shared-string table may not claim more strings than its bytes could hold.

    The value reader reserves memory for the claimed count before reading a single string, so
    `uniqueCount="4000000000"` in a tiny part would take the whole machine.
    """
    for match in _SST_COUNT.finditer(head[:4096]):
        claimed = int(match.group(1))
        if claimed > max(item.file_size // 4, 1000):
            raise PackageRefused(
                "unsafe",
                f"the shared-string table claims {claimed:,} strings in {item.file_size:,} bytes",
                item.filename,
            )


class _SheetScanner:
    """Reads worksheet XML as it streams past, cutting it only between cells, and records facts."""

    #: A buffer with no place to cut is scanned anyway past this size (a malformed sheet).
    MAX_BUFFER = 16 * 1024 * 1024

    def __init__(self, facts: SheetFacts) -> None:
        self.facts = facts
        self.buffer = b""
        # Where the slow path (cells without references) stands: row and column, 0-based.
        self.row = -1
        self.col = -1

    def feed(self, chunk: bytes) -> None:
        buffer = self.buffer + chunk
        cut = max(buffer.rfind(b"<c "), buffer.rfind(b"<c>"), buffer.rfind(b"<row"))
        if cut <= 0:
            if len(buffer) < self.MAX_BUFFER:
                self.buffer = buffer
                return
            cut = len(buffer)
        self._scan(buffer[:cut])
        self.buffer = buffer[cut:]

    def close(self) -> None:
        if self.buffer:
            self._scan(self.buffer)
            self.buffer = b""

    def _scan(self, xml: bytes) -> None:
        facts = self.facts
        if b"hidden=" in xml:
            for match in _HIDDEN_ROW.finditer(xml):
                number = _ROW_NUMBER.search(match.group(0))
                if number:
                    facts.hidden_rows.add(int(number.group(1)) - 1)
            for match in _HIDDEN_COL.finditer(xml):
                found = _COL_RANGE.search(match.group(0))
                if found:
                    low = int(found.group(1) or found.group(4))
                    high = int(found.group(2) or found.group(3))
                    facts.hidden_cols.update(range(max(low, 1) - 1, min(high, 16384)))
        if b"<f" in xml:
            texts = {m.group(1): m.group(2) for m in _FORMULA_TEXT.finditer(xml)}
            for match in _FORMULA_NO_VALUE.finditer(xml):
                ref = match.group(1)
                facts.formulas_without_values[ref.decode()] = texts.get(ref, b"").decode(
                    "utf-8", "replace"
                )
        cells = xml.count(b"<c ") + xml.count(b"<c>")
        if cells != xml.count(b'<c r="'):
            # Some cell has its reference later or not at all: count every cell's place.
            self._scan_positions(xml)
            return
        facts = self.facts
        found = _CELL_WITH_CONTENT.findall(xml)
        if found:
            letters, digits = found[-1]
            self.row, self.col = int(digits or b"1") - 1, _column_index(letters)
        for letters, digits in found:
            row = int(digits or b"1") - 1
            if row > facts.max_row:
                facts.max_row, facts.far_row_cell = row, (letters + digits).decode()
            col = _column_index(letters)
            if col > facts.max_col:
                facts.max_col, facts.far_col_cell = col, (letters + digits).decode()

    def _scan_positions(self, xml: bytes) -> None:
        """Cells and rows may leave out their reference; then each one's place is counted."""
        for match in re.finditer(rb"<(row|c)(?=[\s>/])([^>]*?)(/?)>", xml):
            tag, attributes, closed = match.groups()
            ref = _ROW_NUMBER.search(attributes)
            if tag == b"row":
                self.row = int(ref.group(1)) - 1 if ref else self.row + 1
                self.col = -1
                continue
            cell = re.search(rb'\br="([A-Za-z]*)(\d*)"', attributes)
            if cell and cell.group(2):
                self.row = int(cell.group(2)) - 1
                self.col = _column_index(cell.group(1))
            else:
                self.col += 1
            if not closed and xml[match.end() : match.end() + 4] != b"</c>":
                facts = self.facts
                row = max(self.row, 0)
                if row > facts.max_row:
                    facts.max_row, facts.far_row_cell = row, _ref(row, self.col)
                if self.col > facts.max_col:
                    facts.max_col, facts.far_col_cell = self.col, _ref(row, self.col)


def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters.upper():
        index = index * 26 + (byte - 64)
    return index - 1


def _ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def is_workbook(probe: Probe) -> bool:
    """Whether the input's content (not its name) is an Excel workbook: a zip holding xl/workbook.xml."""
    return WORKBOOK_PART in probe.zip_names()


def is_old_office_file(probe: Probe) -> bool:
    """Whether the input is an OLE compound file: an old .xls or a password-protected workbook.

    Such a file goes to the workbook reader, whatever its name, which says which one it is.
    """
    return probe.is_ole


def env_max_unpacked_bytes() -> int:
    """The size limit, raised by the MAPBRIDGE_MAX_UNPACKED_MB environment variable if set."""
    value = os.environ.get("MAPBRIDGE_MAX_UNPACKED_MB", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value) * 1024 * 1024
    return DEFAULT_MAX_UNPACKED_BYTES
