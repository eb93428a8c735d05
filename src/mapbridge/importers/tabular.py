"""Delimited text (.csv, .tsv, a folder of them) and OpenDocument spreadsheets (.ods), read as workbooks.

Each input becomes SheetGrids that `read_sheets` reads exactly like the sheets of an .xlsx.

A CSV or TSV file is one sheet named after the file. Its encoding (UTF-8 with or without a BOM,
UTF-16, else Windows-1252) and its delimiter (comma, semicolon, tab or bar; Excel's `sep=` first
line wins) are sniffed, and every guess is said (MB070, MB071). Its size and the grid it would
make are checked before any cell is parsed. A folder is read like a workbook whose sheets are
its .csv and .tsv files, in name order.

An .ods is a zip of XML parts. Before the value reader sees it, the same streaming safety pass as
an .xlsx (mapbridge.safezip) bounds its parts and unpacked size and refuses any XML part that
declares a DTD, and a pass over content.xml measures each sheet's extent (ODS repeats cells and
rows by count, so a few bytes could otherwise ask for billions of cells) and notes what the value
reader does not give: merged ranges, hidden rows and columns, formulas saved without a value.
"""

from __future__ import annotations

import csv
import dataclasses
import gc
import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from defusedxml.ElementTree import DefusedXMLParser, ParseError

from mapbridge import codes
from mapbridge.codes import Code
from mapbridge.errors import Report, UnreadableInput, unreadable
from mapbridge.formats.kinds import OLE_SIGNATURE, ZIP_SIGNATURES, Probe, probed
from mapbridge.importers.package import (
    DEFAULT_MAX_ENTRIES,
    PackageInfo,
    SheetFacts,
    _raise_for_ole,
    _refusal,
    _sniff_text_kind,
    env_max_unpacked_bytes,
)
from mapbridge.importers.sheets import (
    CellValue,
    SheetGrid,
    _check_sheet_extents,
    cell_ref,
    load_sheets,
)
from mapbridge.safezip import (
    XML_SUFFIXES,
    PackageRefused,
    PartReader,
    check_directory,
    open_package,
)

if TYPE_CHECKING:
    from mapbridge.importers.options import ReadOptions
    from mapbridge.model import Workspace

#: The file extensions read as delimited text (`.txt` is left out: it is too often not a table).
DELIMITED_SUFFIXES = (".csv", ".tsv")
#: The delimiters sniffed, in the order preferred when two split a file equally well.
DELIMITERS = (",", ";", "\t", "|")
#: A CSV file may be this fraction of the unpacked-size limit: 32 MB of the default 512 MB.
CSV_SIZE_FRACTION = 16
#: A folder's delimited files together may be this fraction of it: 128 MB by default.
FOLDER_SIZE_FRACTION = 4
#: More files than any workbook has sheets; a folder holding more is refused.
MAX_FOLDER_FILES = 1_000
#: The mimetype an OpenDocument spreadsheet declares (a template adds `-template`).
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50
_SNIFFER_CHARS = 4 * 1024
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
_SEP_LINE = re.compile(r'\A"?sep=([^"\r\n])"?[ ]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
#: A quoted field, for measuring a file's rows and columns before parsing it.
_QUOTED = re.compile(r'"[^"]*"')
#: Characters no text file holds (C0 and C1 controls other than tab, newlines and form feed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_END = re.compile(r"[\s,;|\"]")
_MACRO_LISTS = {"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"}
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "a text document (.odt)",
    "application/vnd.oasis.opendocument.presentation": "a presentation (.odp)",
    "application/vnd.oasis.opendocument.graphics": "a drawing (.odg)",
    "application/vnd.oasis.opendocument.chart": "a chart (.odc)",
    "application/vnd.oasis.opendocument.formula": "a formula (.odf)",
}


# ============================================================== delimited text


@dataclass(frozen=True)
class DecodedText:
    """A delimited file's text and the encoding it was read in."""

    text: str
    #: The encoding as a person names it ("UTF-8", "Windows-1252 (Western European)").
    encoding: str
    #: Neither a byte-order mark nor valid UTF-8 said so: the reading is a guess (MB070).
    guessed: bool = False


@dataclass(frozen=True)
class Delimiter:
    """The delimiter a file is read with, and why it is a guess when it is one (MB071)."""

    char: str
    note: str = ""
    hint: str = ""


@dataclass(frozen=True)
class _Place:
    """Where a delimited file's problems are located: the file alone, or a sheet of a folder."""

    file: str
    sheet: str
    #: How messages name the file: "this" on its own, its file name inside a folder.
    subject: str
    in_folder: bool

    def refuse(self, code: Code, message: str, hint: str = "") -> UnreadableInput:
        return unreadable(
            self.file, code, message, hint, sheet=self.sheet if self.in_folder else None
        )


def read_delimited(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    options: ReadOptions | None = None,
    max_unpacked_bytes: int | None = None,
    source: Probe | None = None,
) -> Workspace:
    """Read a .csv or .tsv file (one sheet), or a folder of them (one sheet each), into a Workspace.

    Raises UnreadableInput when the file is not delimited text or is too large, InvalidWorkbook
    when its content has errors. `max_unpacked_bytes` is the workbook size limit; a CSV may be
    a sixteenth of it. `source` is the file already open (the registry's probe), read from there.
    """
    from mapbridge.importers.workbook import read_sheets

    path = Path(path)
    report = _report_for(path, report)
    limit = max_unpacked_bytes or env_max_unpacked_bytes()
    if path.is_dir():
        grids = load_delimited_folder(path, report=report, max_unpacked_bytes=limit)
    else:
        grids = [load_delimited(path, report=report, max_unpacked_bytes=limit, source=source)]
    return read_sheets(path, grids, report=report, options=options)


def load_delimited(
    path: Path,
    *,
    report: Report,
    max_unpacked_bytes: int | None = None,
    sheet_name: str | None = None,
    folder: str | None = None,
    source: Probe | None = None,
) -> SheetGrid:
    """One delimited file as a SheetGrid named after the file (or `sheet_name`).

    Values stay the text typed (an empty cell is None); rows are padded to the widest one.
    Warnings (encoding or delimiter guessed, a quote never closed) go into `report`. `folder`
    names the folder the file was found in, which then locates its problems. `source` is the
    file already open, read from there instead of opening it again.
    """
    limit = max_unpacked_bytes or env_max_unpacked_bytes()
    name = sheet_name or path.stem or path.name
    place = _Place(
        file=folder or path.name,
        sheet=name,
        subject=path.name if folder else "this",
        in_folder=folder is not None,
    )
    data = _read_bytes(path, place, limit // CSV_SIZE_FRACTION, source)
    decoded = _decode_or_refuse(data, place)
    if decoded.guessed:
        report.add(
            codes.CSV_ENCODING,
            f"{_the_file(place)} is not UTF-8; it was read as {decoded.encoding}"
            + _first_non_ascii(decoded.text)
            + ", so check accented letters and symbols",
            "save it as UTF-8 (Excel: File > Save As > CSV UTF-8; LibreOffice: tick Edit filter "
            "settings and pick Unicode (UTF-8))",
            sheet=name,
            file=place.file,
        )
    text = decoded.text
    sep = _SEP_LINE.match(text)
    if sep:
        delimiter = Delimiter(sep.group(1))
        text = text[sep.end() :]
    else:
        delimiter = sniff_delimiter(text, suffix=path.suffix.lower())
    if delimiter.note:
        report.add(
            codes.CSV_DELIMITER_GUESSED,
            delimiter.note,
            delimiter.hint,
            sheet=name,
            file=place.file,
        )
    cell_limit = PackageInfo(path=path, max_unpacked_bytes=limit).max_sheet_cells
    _check_extent(text, delimiter.char, place, cell_limit)
    with _gc_paused():
        rows, unclosed = _parse(text, delimiter.char, place, cell_limit)
        grid = SheetGrid(name=name, rows=_tidy(rows, line_breaks="\r" in text and '"' in text))
    if unclosed is not None:
        row, col = unclosed
        swallowed = rows[row][col] if col < len(rows[row]) else ""
        lines = swallowed.rstrip("\r\n").count("\n") + 1
        report.add(
            codes.CSV_UNCLOSED_QUOTE,
            f"the quoted cell that starts here is never closed, so the rest of the file "
            f"({lines:,} line{'s' if lines != 1 else ''}) was read into this one cell",
            'add the closing quote (") where the cell should end, or remove the opening one',
            sheet=name,
            cell=cell_ref(row, col),
            file=place.file,
        )
    return grid


def load_delimited_folder(
    folder: Path, *, report: Report, max_unpacked_bytes: int | None = None
) -> list[SheetGrid]:
    """Every .csv and .tsv file of a folder (not its subfolders), in name order, one sheet each.

    Other files are named in one note (MB074); a folder with no delimited file is refused (MB009).
    """
    limit = max_unpacked_bytes or env_max_unpacked_bytes()
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name))
    except OSError as exc:
        raise unreadable(
            folder.name,
            codes.NOT_A_WORKBOOK,
            f"the folder cannot be read ({exc.strerror or exc})",
            "check that you may read the folder",
        ) from exc
    # Hidden files (.DS_Store, ._Journey.csv from macOS, editor lock files) are nobody's data.
    visible = [p for p in entries if not p.name.startswith(".")]
    files = [p for p in visible if p.suffix.lower() in DELIMITED_SUFFIXES and p.is_file()]
    others = [p for p in visible if p not in files]
    if not files:
        holds = f" (it holds {_names(others)})" if others else " (it is empty)"
        raise unreadable(
            folder.name,
            codes.IS_A_DIRECTORY,
            "this is a folder, not a workbook, and it holds no .csv or .tsv files to read as "
            f"one{holds}",
            "name an .xlsx, .ods or .csv file, or a folder of .csv/.tsv files (each file is read "
            "as one sheet, named after the file)",
        )
    if len(files) > MAX_FOLDER_FILES:
        raise unreadable(
            folder.name,
            codes.WORKBOOK_TOO_LARGE,
            f"the folder holds {len(files):,} .csv and .tsv files; at most "
            f"{MAX_FOLDER_FILES:,} are read as one workbook",
            "move the files that belong together into a folder of their own",
        )
    total = sum(p.stat().st_size for p in files)
    if total > limit // FOLDER_SIZE_FRACTION:
        raise unreadable(
            folder.name,
            codes.WORKBOOK_TOO_LARGE,
            f"the folder's .csv and .tsv files add up to {_size(total)}; the limit is "
            f"{_size(limit // FOLDER_SIZE_FRACTION)}",
            "read the files in smaller folders, or raise the limit with --max-unpacked-mb (a "
            "folder may hold a quarter of it)",
        )
    if others:
        report.add(
            codes.FILES_NOT_READ,
            f"only the .csv and .tsv files of a folder are read; not read: {_names(others)}",
            "read a workbook (.xlsx, .ods) on its own; subfolders are not read",
            file=folder.name,
        )
    grids: list[SheetGrid] = []
    taken: set[str] = set()
    for path in files:
        # Two files with one stem (Journey.csv, journey.tsv) cannot both be sheet "Journey".
        name = path.stem if path.stem.casefold() not in taken else path.name
        taken.add(name.casefold())
        grids.append(
            load_delimited(
                path, report=report, max_unpacked_bytes=limit, sheet_name=name, folder=folder.name
            )
        )
    return grids


def decode_text(data: bytes) -> DecodedText | None:
    """The text of a delimited file with its encoding sniffed, or None if it is not text.

    A byte-order mark decides (UTF-8, UTF-16); without one, UTF-16 is recognised by its zero
    bytes, then UTF-8 is tried, then Windows-1252 (what Excel writes for "CSV" in Western
    locales), the last two being guesses that are said.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _text_only(DecodedText(data[3:].decode("utf-8"), "UTF-8"))
        except UnicodeDecodeError:
            data = data[3:]  # a BOM, then not UTF-8: sniff the rest like any other text
    for bom, codec, label in (
        (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
        (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
    ):
        if data.startswith(bom):
            try:
                return _text_only(DecodedText(data[2:].decode(codec), label))
            except UnicodeDecodeError:
                return None
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        codec, label = utf16
        try:
            return _text_only(DecodedText(data.decode(codec), label, guessed=True))
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return _text_only(DecodedText(data.decode("utf-8"), "UTF-8"))
    except UnicodeDecodeError:
        pass
    try:
        return _text_only(
            DecodedText(data.decode("cp1252"), "Windows-1252 (Western European)", guessed=True)
        )
    except UnicodeDecodeError:
        # Five bytes have no Windows-1252 character; Latin-1 maps every byte.
        return _text_only(DecodedText(data.decode("latin-1"), "ISO-8859-1 (Latin-1)", guessed=True))


def sniff_delimiter(text: str, *, suffix: str = ".csv") -> Delimiter:
    """The delimiter that splits the file's first rows most evenly (csv.Sniffer breaks ties).

    Each candidate must split the rows into at least two cells, the same number in most rows.
    A `.tsv` is read with tabs whenever tabs split it. When two delimiters split the rows equally
    well, or none does, the choice comes with a note for warning MB071.
    """
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > len(sample)
    scored: list[tuple[float, int, str]] = []
    for char in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=char)
        try:
            rows = [r for r in islice(reader, _SNIFF_ROWS + 1) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]  # the sample may cut the last row short
        rows = rows[:_SNIFF_ROWS]
        if not rows:
            continue
        counts = Counter(len(r) for r in rows)
        columns, frequency = max(counts.items(), key=lambda item: (item[1], item[0]))
        if columns >= 2:
            scored.append((frequency / len(rows), columns, char))
    preferred = "\t" if suffix == ".tsv" else ","
    if not scored:
        lines = sum(1 for line in sample.splitlines() if line.strip())
        if lines <= 1 and "\t" not in sample:
            return Delimiter(preferred)
        return Delimiter(
            preferred,
            "no comma, semicolon, tab or bar splits its first rows into cells, so it was read as "
            "one column",
            "if another character separates the cells, add the line `sep=;` (with that "
            "character) at the top of the file",
        )
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    if suffix == ".tsv" and any(s[2] == "\t" for s in scored):
        return Delimiter("\t")
    best = scored[0]
    rivals = [s for s in scored[1:] if s[0] >= 0.9 and s[0] >= best[0] - 0.05]
    if rivals:
        # The Sniffer's patterns can take quadratic time: give it a few lines, not the sample.
        head = sample[:_SNIFFER_CHARS]
        head = head[: head.rfind("\n") + 1] or head
        try:
            sniffed = csv.Sniffer().sniff(head, delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            sniffed = ""
        candidates = [best, *rivals]
        chosen = next((s for s in candidates if s[2] == sniffed), best)
        other = next(s for s in candidates if s is not chosen)
        return Delimiter(
            chosen[2],
            f"both {_DELIMITER_NAMES[chosen[2]]} and {_DELIMITER_NAMES[other[2]]} split its "
            f"first rows evenly (into {chosen[1]} and {other[1]} cells); it was read with "
            f"{_DELIMITER_NAMES[chosen[2]]}",
            f"if {_DELIMITER_NAMES[other[2]]} separate the cells, add the line "
            f"{_sep_line(other[2])} at the top of the file (Excel writes and reads that line too)",
        )
    if suffix == ".tsv":
        return Delimiter(
            best[2],
            f"it is named .tsv but no tab separates its cells; it was read with "
            f"{_DELIMITER_NAMES[best[2]]}",
            "rename it to .csv",
        )
    if best[0] < 0.5:
        return Delimiter(
            best[2],
            f"its first rows have different numbers of cells whatever the delimiter; it was read "
            f"with {_DELIMITER_NAMES[best[2]]}, which splits the most rows into {best[1]} cells",
            "if another character separates the cells, add the line `sep=;` (with that "
            "character) at the top of the file",
        )
    return Delimiter(best[2])


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small lists are built that all live on.

    Otherwise it re-scans them again and again, which doubles the time a large file takes.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _sep_line(char: str) -> str:
    return "`sep=` followed by a tab" if char == "\t" else f"`sep={char}`"


def _report_for(path: Path, report: Report | None) -> Report:
    if report is None:
        return Report(file=path.name)
    if report.file is None:
        report.file = path.name
    return report


def _names(paths: list[Path], most: int = 8) -> str:
    shown = [p.name + ("/" if p.is_dir() else "") for p in paths[:most]]
    more = f" and {len(paths) - most:,} more" if len(paths) > most else ""
    return ", ".join(shown) + more


def _check_regular_file(path: Path, place: _Place, what: str) -> int:
    """The size of the regular file at `path`, or UnreadableInput saying why there is none."""
    if not path.exists():
        raise place.refuse(
            codes.FILE_NOT_FOUND,
            f"there is no file at {str(path)!r}",
            "check the path",
        )
    if not path.is_file():
        # Opening a named pipe would wait forever for a writer; a device never ends.
        raise place.refuse(
            codes.NOT_A_WORKBOOK,
            f"{place.subject} is not a regular file (it is a device, a pipe or a socket)",
            f"name {what}",
        )
    size = path.stat().st_size
    if size == 0:
        raise place.refuse(
            codes.EMPTY_FILE,
            f"{_the_file(place)} is empty (0 bytes)",
            "save or export it again",
        )
    return size


def _size(count: int) -> str:
    """A byte count as a person reads it: kB under a megabyte, MB above (tenths under ten)."""
    if count < 2**20:
        return f"{count / 1024:,.0f} kB"
    return f"{count / 2**20:,.{1 if count < 10 * 2**20 else 0}f} MB"


def _the_file(place: _Place) -> str:
    return place.subject if place.in_folder else "the file"


def _read_bytes(path: Path, place: _Place, max_bytes: int, source: Probe | None = None) -> bytes:
    """The whole file, once it is known to be a regular file of a sane size (from `source`, if open)."""
    size = _check_regular_file(path, place, "a .csv or .tsv file")
    if size > max_bytes:
        raise place.refuse(
            codes.INPUT_TOO_LARGE,
            f"{_the_file(place)} is {_size(size)}; a CSV file over {_size(max_bytes)} is refused",
            "split it into several files in one folder (each is read as a sheet), save it as "
            ".xlsx, or raise the limit with --max-unpacked-mb (a CSV may be a sixteenth of it)",
        )
    try:
        with probed(path, source) as probe:
            return probe.handle().read(max_bytes + 1)
    except OSError as exc:
        raise place.refuse(
            codes.NOT_A_WORKBOOK, f"{place.subject} cannot be read ({exc.strerror or exc})"
        ) from exc


def _decode_or_refuse(data: bytes, place: _Place) -> DecodedText:
    """The decoded text, or a located MB002 for a file that is not delimited text."""
    this = place.subject
    if data.startswith(ZIP_SIGNATURES):
        raise place.refuse(
            codes.NOT_A_WORKBOOK,
            f"{this} is a zip archive (perhaps an Excel or OpenDocument file), not CSV text",
            "give it its real extension (.xlsx, .ods) and read it on its own, or export it as CSV",
        )
    if data.startswith(OLE_SIGNATURE):
        raise place.refuse(
            codes.NOT_A_WORKBOOK,
            f"{this} is an old Office file (an .xls or a password-protected workbook), not CSV text",
            "open it in Excel or LibreOffice and save it as .xlsx or as CSV",
        )
    decoded = decode_text(data)
    if decoded is None:
        raise place.refuse(
            codes.NOT_A_WORKBOOK,
            f"{this} is not a CSV file: it holds binary data, not text",
            "export the table from its program as CSV (or save it as .xlsx)",
        )
    head = decoded.text[:1024].lstrip("\ufeff \r\n\t").lower()
    if head.startswith("<") and any(
        tag in head for tag in ("<html", "<table", "<?xml", "<!doctype")
    ):
        raise place.refuse(
            codes.NOT_A_WORKBOOK,
            f"{this} is an HTML or XML file, not CSV text",
            "open it in Excel or LibreOffice and save it as .xlsx or as CSV",
        )
    return decoded


def _text_only(decoded: DecodedText) -> DecodedText | None:
    """The decoded text, unless control characters show that the bytes were not text."""
    sample = decoded.text[:_SNIFF_CHARS]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(len(sample) // 100, 2):
        return None
    return decoded


def _utf16_without_bom(head: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: text in Latin letters has a zero in every other byte."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le", "UTF-16 LE (it has no byte-order mark)"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be", "UTF-16 BE (it has no byte-order mark)"
    return None


def _first_non_ascii(text: str) -> str:
    """Where the first letter the encoding decides sits, so the person can look at it."""
    match = _NON_ASCII.search(text)
    if match is None:
        return ""
    # The word around it, looked for in a small window only (never a scan of the whole text).
    at = match.start()
    before = text[max(at - 40, 0) : at]
    after = text[at : at + 40]
    ends = [m.start() for m in _WORD_END.finditer(before)]
    start = ends[-1] + 1 if ends else 0
    stop = _WORD_END.search(after)
    word = before[start:] + after[: stop.start() if stop else len(after)]
    line = text.count("\n", 0, at) + 1
    return f" (the first such text is “{word}” on line {line:,})"


def _check_extent(text: str, delimiter: str, place: _Place, limit: int) -> None:
    """Refuse a file whose grid (rows by its widest row) would exceed the sheet-cell limit.

    Measured on the text with quoted cells left out, so delimiters and line breaks inside
    quotes do not count: before any cell is parsed, and without building a list of cells.
    """
    stripped = _QUOTED.sub("", text) if '"' in text else text
    if "\r" in stripped:
        stripped = stripped.replace("\r\n", "\n").replace("\r", "\n")
    lines = stripped.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return
    counts = [line.count(delimiter) for line in lines]
    widest = max(range(len(counts)), key=counts.__getitem__)
    height, width = len(lines), counts[widest] + 1
    if height * width <= limit:
        return
    _refuse_extent(place, height, width, limit, widest)


def _refuse_extent(place: _Place, height: int, width: int, limit: int, widest: int) -> None:
    # Name the cell that stretches the grid most, as the .xlsx reader does.
    wide = width / 16_384 >= height / 1_048_576
    far = cell_ref(widest, width - 1) if wide else cell_ref(height - 1, 0)
    raise unreadable(
        place.file,
        codes.WORKBOOK_TOO_LARGE,
        f"the file was refused as unsafe: {place.subject if place.in_folder else 'its table'} "
        f"spans {height:,} rows by {width:,} columns ({height * width:,} cells, the limit is "
        f"{limit:,}): "
        + (f"row {widest + 1:,} has {width:,} cells" if wide else f"it has {height:,} rows"),
        "split the file into smaller ones in a folder, or raise the limit with --max-unpacked-mb",
        sheet=place.sheet,
        cell=far,
    )


def _parse(
    text: str, delimiter: str, place: _Place, limit: int
) -> tuple[list[list[str]], tuple[int, int] | None]:
    """The file's records, and the (row, column) of a quoted cell that never ends, if any.

    Read strictly first; only a malformed file is read a second time, leniently (a stray quote
    inside a cell is kept as a character, as Excel keeps it).
    """
    try:
        return _records(text, delimiter, place, limit, strict=True), None
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return _records(text, delimiter, place, limit, strict=False), None
    rows = _records(text, delimiter, place, limit, strict=False)
    return rows, ((len(rows) - 1, max(len(rows[-1]) - 1, 0)) if rows else None)


def _records(
    text: str, delimiter: str, place: _Place, limit: int, *, strict: bool
) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    rows: list[list[str]] = []
    width = 0
    try:
        for record in reader:
            rows.append(record)
            # A backstop to the measure taken before parsing, which stray quotes can mislead.
            if len(record) > width:
                width = len(record)
            if len(rows) * width > limit:
                _refuse_extent(place, len(rows), width, limit, len(rows) - 1)
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            raise
        raise place.refuse(
            codes.CSV_CELL_TOO_LONG,
            f"row {len(rows) + 1:,} has a cell of more than {csv.field_size_limit():,} "
            "characters (a spreadsheet cell holds at most 32,767): most often a quote that "
            "opens a cell and is never closed",
            'check the quotes (") around that row',
        ) from exc
    return rows


def _tidy(records: list[list[str]], *, line_breaks: bool) -> list[list[CellValue]]:
    """Empty cells as None, line breaks inside cells as \\n, rows padded, empty edges dropped.

    `line_breaks` says whether any cell may hold a carriage return (a quoted CRLF).
    """
    if line_breaks:
        rows: list[list[CellValue]] = [
            [(v.replace("\r\n", "\n").replace("\r", "\n") if "\r" in v else v) or None for v in r]
            for r in records
        ]
    else:
        rows = [[v or None for v in r] for r in records]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    # Exports often pad every row to the sheet's width: drop columns empty to the right.
    while width and all(len(row) < width or row[width - 1] is None for row in rows):
        width -= 1
    return [
        row if len(row) == width else (row + [None] * (width - len(row)))[:width] for row in rows
    ]


# ============================================================== OpenDocument spreadsheets


@dataclass
class OdsSheetFacts(SheetFacts):
    """What the pass over content.xml learnt about one sheet, merged ranges included."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def read_ods(
    path: str | os.PathLike[str],
    *,
    report: Report | None = None,
    options: ReadOptions | None = None,
    max_unpacked_bytes: int | None = None,
    source: Probe | None = None,
) -> Workspace:
    """Read an OpenDocument spreadsheet (.ods, as LibreOffice saves it) into a Workspace.

    The file is checked like an .xlsx before any parser sees its cells. Raises UnreadableInput
    when it is not a safe, readable spreadsheet, InvalidWorkbook when its content has errors.
    The file is opened once (`source`, when the registry has already opened it).
    """
    from mapbridge.importers.workbook import read_sheets

    path = Path(path)
    report = _report_for(path, report)
    package, grids = load_ods(path, max_unpacked_bytes=max_unpacked_bytes, source=source)
    if package.has_macros:
        report.add(
            codes.MACROS_IGNORED,
            "the spreadsheet contains macros; mapbridge read its data only, and never runs or "
            "copies macros",
            "nothing to do; outputs never contain macros",
        )
    return read_sheets(path, grids, report=report, options=options)


def load_ods(
    path: Path, *, max_unpacked_bytes: int | None = None, source: Probe | None = None
) -> tuple[PackageInfo, list[SheetGrid]]:
    """The safety pass, then every sheet of the .ods as a SheetGrid (merges, hidden parts).

    Both read the one open file (`source`, if the caller has opened it already).
    """
    limit = max_unpacked_bytes or env_max_unpacked_bytes()
    with probed(path, source) as probe:
        package, facts = inspect_ods(path, max_unpacked_bytes=limit, source=probe)
        # The extent check names each sheet; it needs the facts keyed by sheet name.
        measured = dataclasses.replace(package, sheet_facts=dict(facts))
        _check_sheet_extents(path, measured, dict(facts))
        grids = load_sheets(path, package, source=probe)
    for grid in grids:
        sheet = facts.get(grid.name)
        if sheet is None:
            continue
        grid.hidden_rows |= sheet.hidden_rows
        grid.hidden_cols |= sheet.hidden_cols
        grid.formulas_without_values.update(sheet.formulas_without_values)
        if not grid.merged:  # the value reader gives no merged ranges for .ods
            grid.merged = list(sheet.merged)
    return package, grids


def inspect_ods(
    path: Path,
    *,
    max_unpacked_bytes: int | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    source: Probe | None = None,
) -> tuple[PackageInfo, dict[str, OdsSheetFacts]]:
    """Check that `path` is a safe OpenDocument spreadsheet; what it learnt, by sheet name.

    Raises UnreadableInput saying why when it is not: not a zip, not a spreadsheet, encrypted,
    a zip bomb, too many parts, an XML part with a DTD, a damaged part. `source` is the file
    already open, read through instead of opening it again.
    """
    limit = max_unpacked_bytes or env_max_unpacked_bytes()
    place = _Place(file=path.name, sheet="", subject="this", in_folder=False)
    if path.is_dir():
        raise unreadable(
            path.name,
            codes.IS_A_DIRECTORY,
            "this is a folder, not an OpenDocument spreadsheet",
            "name an .ods file",
        )
    _check_regular_file(path, place, "an .ods file")
    with probed(path, source) as probe:
        probe.handle()  # raises what opening the file raises
        head = probe.head
        if head.startswith(OLE_SIGNATURE):
            _raise_for_ole(path, probe)
        if not head.startswith(ZIP_SIGNATURES):
            raise unreadable(
                path.name,
                codes.NOT_A_WORKBOOK,
                f"this is not an OpenDocument spreadsheet{_sniff_text_kind(head)}",
                "open it in LibreOffice Calc and save it as ODF Spreadsheet (.ods); a CSV file "
                "must be named .csv",
            )
        try:
            archive = open_package(path, probe)
            return _check_ods_parts(archive, probe.handle(), path, limit, max_entries)
        except PackageRefused as refused:
            raise _refusal(path, refused) from refused


def is_ods(probe: Probe) -> bool:
    """Whether the input's content (not its name) is an OpenDocument spreadsheet, by its mimetype."""
    mimetype = probe.zip_part("mimetype", 256)
    return mimetype is not None and mimetype.strip().startswith(ODS_MIMETYPE.encode())


def _check_ods_parts(
    archive: zipfile.ZipFile, raw: BinaryIO, path: Path, limit: int, max_entries: int
) -> tuple[PackageInfo, dict[str, OdsSheetFacts]]:
    check_directory(archive, max_unpacked_bytes=limit, max_entries=max_entries)
    infos = archive.infolist()
    by_name = {item.filename: item for item in infos}
    if "content.xml" not in by_name:
        raise unreadable(
            path.name,
            codes.NOT_A_WORKBOOK,
            "this is a zip file but not an OpenDocument spreadsheet (it has no content.xml)",
            "open it in LibreOffice Calc and save it as ODF Spreadsheet (.ods)",
        )
    reader = PartReader(archive, raw, max_unpacked_bytes=limit)
    mimetype = by_name.get("mimetype")
    if mimetype is not None:
        kind = (
            reader.read(mimetype).decode("ascii", "replace").strip()
            if mimetype.file_size < 256
            else "?"
        )
        if not kind.startswith(ODS_MIMETYPE):
            what = _ODF_KINDS.get(kind, f"of type {kind[:60]!r}")
            raise unreadable(
                path.name,
                codes.NOT_A_WORKBOOK,
                f"this is an OpenDocument file but not a spreadsheet (it is {what})",
                "open the spreadsheet itself in LibreOffice Calc and save it as .ods",
            )
    manifest = by_name.get("META-INF/manifest.xml")
    if manifest is not None and _mentions(reader.chunks(manifest), b"encryption-data"):
        raise unreadable(
            path.name,
            codes.ENCRYPTED_WORKBOOK,
            "the spreadsheet is protected with a password, so it cannot be read",
            "open it in LibreOffice Calc and save it again without a password (File > Save As, "
            "untick Save with password)",
        )
    cells = PackageInfo(path=path, max_unpacked_bytes=limit).max_sheet_cells
    facts: dict[str, OdsSheetFacts] = {}
    for item in infos:
        if item in (mimetype, manifest):
            continue
        check_dtd = item.filename.lower().endswith((*XML_SUFFIXES, ".rdf"))
        if item.filename != "content.xml":
            for _chunk in reader.chunks(item, check_dtd=check_dtd):
                pass
            continue
        scanner = _ContentScanner(cells)
        try:
            for chunk in reader.chunks(item, check_dtd=True):
                scanner.feed(chunk)
            facts = scanner.finish()
        except ParseError as exc:
            raise unreadable(
                path.name,
                codes.DAMAGED_WORKBOOK,
                f"the spreadsheet is damaged: content.xml is not well-formed XML ({exc})",
                "open it in LibreOffice Calc and save it again, or get a fresh copy",
            ) from exc
    info = PackageInfo(path=path, max_unpacked_bytes=limit, unpacked_bytes=reader.total)
    info.has_macros = any(_is_macro(item) for item in infos)
    return info, facts


def _mentions(chunks: Iterator[bytes], needle: bytes) -> bool:
    carry = b""
    found = False
    for chunk in chunks:  # read to the end either way, so the part is fully checked
        found = found or needle in carry + chunk
        carry = chunk[-len(needle) :]
    return found


def _is_macro(item: zipfile.ZipInfo) -> bool:
    """A Basic module or a script; the library lists LibreOffice writes anyway are not macros."""
    name = item.filename
    if item.is_dir():
        return False
    if name.startswith("Scripts/"):
        return True
    return name.startswith("Basic/") and name.rsplit("/", 1)[-1] not in _MACRO_LISTS


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_T_TABLE = _TABLE_NS + "table"
_T_COLUMN = _TABLE_NS + "table-column"
_T_ROW = _TABLE_NS + "table-row"
_T_CELLS = (_TABLE_NS + "table-cell", _TABLE_NS + "covered-table-cell")
_A_NAME = _TABLE_NS + "name"
_A_COLS_REPEATED = _TABLE_NS + "number-columns-repeated"
_A_ROWS_REPEATED = _TABLE_NS + "number-rows-repeated"
_A_COLS_SPANNED = _TABLE_NS + "number-columns-spanned"
_A_ROWS_SPANNED = _TABLE_NS + "number-rows-spanned"
_A_VISIBILITY = _TABLE_NS + "visibility"
_A_FORMULA = _TABLE_NS + "formula"
_A_VALUE_TYPE = _OFFICE_NS + "value-type"


class _ContentScanner:
    """content.xml as it streams past, parsed without keeping a tree, into facts per sheet.

    The safety pass has already refused any DTD in the chunks it yields; the parser is the
    defused one all the same.
    """

    def __init__(self, max_cells: int) -> None:
        self.target = _ContentTarget(max_cells)
        self.parser = DefusedXMLParser(target=self.target, forbid_dtd=True)

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)

    def finish(self) -> dict[str, OdsSheetFacts]:
        self.parser.close()
        return self.target.sheets


class _ContentTarget:
    """The parser's target: follows tables, rows and cells with their repeat counts."""

    #: Merged ranges kept per sheet; more than any workbook has (repeated merges are counted).
    MAX_MERGES = 100_000
    #: Formulas without a value named per sheet.
    MAX_FORMULAS = 1_000

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.sheets: dict[str, OdsSheetFacts] = {}
        self.facts: OdsSheetFacts | None = None
        self.row = 0
        self.row_repeat = 1
        self.row_hidden = False
        self.col = 0
        self.columns = 0
        self.hidden_row_spans: list[tuple[int, int]] = []
        self.hidden_col_spans: list[tuple[int, int]] = []
        # The open cell: nesting depth inside it, first column, repeat count, content seen.
        self.cell_depth = 0
        self.cell_col = 0
        self.cell_repeat = 1
        self.cell_content = False
        self.row_first = -1
        self.row_last = -1

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.cell_depth:
            # Anything inside a cell (a paragraph, a note, a nested table) is its content.
            self.cell_depth += 1
            self.cell_content = True
            return
        if tag == _T_TABLE:
            name = attrib.get(_A_NAME) or f"Sheet{len(self.sheets) + 1}"
            self.facts = self.sheets.setdefault(name, OdsSheetFacts())
            self.row = self.columns = 0
            self.hidden_row_spans, self.hidden_col_spans = [], []
        elif self.facts is None:
            return
        elif tag == _T_COLUMN:
            repeat = _count(attrib.get(_A_COLS_REPEATED))
            if attrib.get(_A_VISIBILITY, "visible") != "visible":
                self.hidden_col_spans.append((self.columns, repeat))
            self.columns += repeat
        elif tag == _T_ROW:
            self.row_repeat = _count(attrib.get(_A_ROWS_REPEATED))
            self.row_hidden = attrib.get(_A_VISIBILITY, "visible") != "visible"
            self.col = 0
            self.row_first = self.row_last = -1
        elif tag in _T_CELLS:
            self.cell_depth = 1
            self.cell_col = self.col
            self.cell_repeat = _count(attrib.get(_A_COLS_REPEATED))
            self.cell_content = _A_VALUE_TYPE in attrib or _A_FORMULA in attrib
            spans = (_count(attrib.get(_A_ROWS_SPANNED)), _count(attrib.get(_A_COLS_SPANNED)))
            if spans != (1, 1):
                self._merge(*spans)
            if _A_FORMULA in attrib and _A_VALUE_TYPE not in attrib:
                found = self.facts.formulas_without_values
                if len(found) < self.MAX_FORMULAS:
                    formula = attrib[_A_FORMULA]
                    found[cell_ref(self.row, self.col)] = formula.split(":", 1)[-1]

    def end(self, tag: str) -> None:
        if self.cell_depth:
            self.cell_depth -= 1
            if self.cell_depth:
                return
            if self.cell_content:
                if self.row_first < 0:
                    self.row_first = self.cell_col
                self.row_last = max(self.row_last, self.cell_col + self.cell_repeat - 1)
            self.col += self.cell_repeat
            return
        facts = self.facts
        if facts is None:
            return
        if tag == _T_ROW:
            if self.row_last >= 0:
                last_row = self.row + self.row_repeat - 1
                if last_row > facts.max_row:
                    facts.max_row = last_row
                    facts.far_row_cell = cell_ref(last_row, self.row_first)
                if self.row_last > facts.max_col:
                    facts.max_col = self.row_last
                    facts.far_col_cell = cell_ref(self.row, self.row_last)
            if self.row_hidden:
                self.hidden_row_spans.append((self.row, self.row_repeat))
            self.row += self.row_repeat
        elif tag == _T_TABLE:
            # Hidden rows and columns count within the used area only, and only for a sheet the
            # extent check will let through: a hidden span may repeat a million times.
            if facts.grid_cells <= self.max_cells:
                for start, count in self.hidden_row_spans:
                    facts.hidden_rows.update(range(start, min(start + count, facts.max_row + 1)))
                for start, count in self.hidden_col_spans:
                    facts.hidden_cols.update(range(start, min(start + count, facts.max_col + 1)))
            self.facts = None

    def _merge(self, rows: int, cols: int) -> None:
        merged = self.facts.merged if self.facts is not None else []
        for r in range(self.row, self.row + self.row_repeat):
            for c in range(self.col, self.col + self.cell_repeat):
                if len(merged) >= self.MAX_MERGES:
                    return
                merged.append((r, c, r + rows - 1, c + cols - 1))

    def close(self) -> None:
        return None


def _count(value: Any) -> int:
    """A repeat or span count as written (a missing or malformed one counts as 1)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return max(int(value), 1)
    return 1
