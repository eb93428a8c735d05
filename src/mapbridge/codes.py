"""The message-code catalogue: every import, template, usage, plugin and settings code, in one place.

Map-health findings (MB101-MB1xx) live in `mapbridge.checks.rules`; everything else mapbridge
says about an input, an option or a settings file has its code here, and every place that
reports a problem names it through this module (`report.add(codes.UNKNOWN_EMOTION, ...)`), so
a code's name and default severity come from one line. Codes are part of the interface (users
search the README for them and silence warnings by code): never renumber one, never reuse one
for another meaning, only add new ones.

Series: MB00x the file cannot be opened (exit 2); MB01x content errors (exit 1); MB02x-MB03x
what was read and how (warnings and notes, and the MB034 limit); MB04x usage and outputs;
MB05x deck templates; MB06x other formats and plugins; MB07x CSV; MB08x whiteboards (Excalidraw,
draw.io); MB09x portfolios of several inputs and their shared tracker; MB19x the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How serious a problem is; errors stop the run (exit 1 for content, exit 2 for the rest).
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    """One kind of message: its stable code, its name, its usual severity and what it means.

    A report may raise or lower the severity where the same mistake is a warning in one mode
    and an error in another (MB013 with --strict); the code and name never change.
    """

    code: str
    name: str
    severity: Severity
    summary: str


# ---------------------------------------------------------------- MB00x: the file cannot be read

ERROR = Code(
    "MB000",
    "error",
    "error",
    "An error raised without a more specific code (by a plugin, with a plain message).",
)
FILE_NOT_FOUND = Code("MB001", "file-not-found", "error", "There is no file at that path.")
NOT_A_WORKBOOK = Code(
    "MB002",
    "not-a-workbook",
    "error",
    "The file is not what its name says (a CSV, text, HTML or another zip under a workbook "
    "name, binary data named .csv), or it is not a regular file, or it cannot be read at all.",
)
ENCRYPTED_WORKBOOK = Code(
    "MB003", "encrypted-workbook", "error", "The workbook is protected with a password."
)
OLD_EXCEL_FORMAT = Code(
    "MB004", "old-excel-format", "error", "An Excel 97-2003 .xls file, which is not read."
)
EMPTY_FILE = Code("MB005", "empty-file", "error", "The file is empty (0 bytes).")
DAMAGED_WORKBOOK = Code(
    "MB006", "damaged-workbook", "error", "The workbook is truncated, corrupt or not well-formed."
)
UNSAFE_WORKBOOK = Code(
    "MB007",
    "unsafe-workbook",
    "error",
    "The file was refused as unsafe: XML DTDs or entities, external links, parts that lie "
    "about their size, absurd string tables.",
)
WORKBOOK_TOO_LARGE = Code(
    "MB008",
    "workbook-too-large",
    "error",
    "The workbook unpacks beyond the size limit (or is a zip bomb), a sheet or CSV would be a "
    "grid of more cells than the limit, or a folder's CSV files add up to more than it.",
)
IS_A_DIRECTORY = Code(
    "MB009",
    "is-a-directory",
    "error",
    "A folder was given where a file was expected, or a folder with no .csv or .tsv file in it.",
)

# ---------------------------------------------------------------- MB01x: content errors

NOTHING_TO_READ = Code(
    "MB010", "nothing-to-read", "error", "The workbook holds no personas and no journey maps."
)
UNKNOWN_PERSONA = Code(
    "MB011",
    "unknown-persona",
    "error",
    "A journey row or grid names a persona that is not on the Personas sheet.",
)
DUPLICATE_PERSONA = Code(
    "MB012",
    "duplicate-persona",
    "error",
    "Two personas have the same name (case, spaces, accents and punctuation ignored).",
)
UNKNOWN_EMOTION = Code(
    "MB013",
    "unknown-emotion",
    "warning",
    "An emotion cell that is not a number, a known word or a face: the text is kept and the "
    "curve has a gap (an error with --strict or strict_emotions).",
)
EMOTION_OUT_OF_RANGE = Code(
    "MB014",
    "emotion-out-of-range",
    "error",
    "An emotion number outside the journey's scale, or on no known scale.",
)
REQUIRED_CELL_EMPTY = Code(
    "MB015",
    "required-cell-empty",
    "error",
    "A persona row without a name, a journey row without a stage, or map content without a "
    "stage header.",
)
UNKNOWN_PERSONA_KIND = Code(
    "MB016",
    "unknown-persona-kind",
    "warning",
    "A persona kind that is not research, proto or segment: the kind is left unspecified and "
    "the text is kept as a field.",
)

# ---------------------------------------------------------------- MB02x-MB03x: what was read

UNCLEAR_DATE = Code(
    "MB020",
    "unclear-date",
    "warning",
    "An ambiguous date (03/04/2026, read day first), an unreadable one, or one outside 1900-2200.",
)
UNCLEAR_CADENCE = Code(
    "MB021",
    "unclear-cadence",
    "warning",
    "A review cadence that is not a number of days from 1 to 3650; it is not used.",
)
SHEET_NOT_READ = Code(
    "MB022",
    "sheet-not-read",
    "warning",
    "A sheet where nothing could be read: what was found on it and what was expected.",
)
NO_PERSONAS_SHEET = Code(
    "MB023",
    "no-personas-sheet",
    "warning",
    "No Personas sheet: personas were created from the names used on the maps.",
)
MACROS_IGNORED = Code(
    "MB024",
    "macros-ignored",
    "warning",
    "The file holds macros; its data was read, and macros are never run or copied.",
)
FORMULA_WITHOUT_VALUE = Code(
    "MB025",
    "formula-without-value",
    "warning",
    "A formula never calculated by a spreadsheet program; the cell was read as empty.",
)
HIDDEN_CONTENT = Code(
    "MB026",
    "hidden-content",
    "warning",
    "Hidden rows, columns or sheets, and what was done with them.",
)
UNLABELLED_CONTENT = Code(
    "MB027",
    "unlabelled-content",
    "warning",
    "A column with values but no header, or a row with content but no lane name; kept under a "
    "name made from its column or row.",
)
DUPLICATE_HEADER = Code(
    "MB028",
    "duplicate-header",
    "warning",
    "A persona column repeats another's meaning; it is kept as an extra field.",
)
UNKNOWN_EMOTION_SCALE = Code(
    "MB029",
    "unknown-emotion-scale",
    "warning",
    "A declared emotion scale mapbridge does not know; the scale is detected from the values.",
)
REPEATED_MAP = Code(
    "MB030",
    "repeated-map",
    "warning",
    "Two grids hold the same journey for the same persona; the cells join the first map.",
)
SEVERAL_PERSONAS_ON_GRID = Code(
    "MB031",
    "several-personas-on-grid",
    "warning",
    "A grid names several personas; it is read as a map they share.",
)
UNKNOWN_JOURNEY = Code(
    "MB032", "unknown-journey", "warning", "A review row names a journey that has no map."
)
MISLEADING_EXTENSION = Code(
    "MB033",
    "misleading-extension",
    "warning",
    "The file's content is another format than its name says (a workbook named .csv, an .ods "
    "named .xlsx); it was read as what it is.",
)
TOO_MUCH_CONTENT = Code(
    "MB034",
    "too-much-content",
    "error",
    "More personas, stages, lanes, map cells or review rows than mapbridge reads.",
)
CELLS_NOT_READ = Code(
    "MB035",
    "cells-not-read",
    "warning",
    "Filled cells mapbridge did not read: one per region, with its range and why.",
)
SHEET_SKIPPED = Code(
    "MB036",
    "sheet-skipped",
    "info",
    "An instructions or notes sheet was skipped whole.",
)
AMBIGUOUS_TABLE = Code(
    "MB037",
    "ambiguous-table",
    "warning",
    "Two readings of a table are about as likely; the message shows the mapbridge.toml line "
    "that forces the other.",
)
PERSONA_NOT_NAMED = Code(
    "MB038",
    "persona-not-named",
    "warning",
    'A journey table names no persona; read as a shared map, or as "Unnamed persona" when the '
    "workbook has none.",
)

# ---------------------------------------------------------------- MB04x: usage

USAGE_ERROR = Code("MB040", "usage-error", "error", "Arguments or options that cannot work.")
UNGUARDED_XML_PARSER = Code(
    "MB041",
    "unguarded-xml-parser",
    "error",
    "defusedxml is missing (or turned off), so openpyxl would parse unsafely: mapbridge "
    "refuses to start.",
)
FILE_SYSTEM_ERROR = Code(
    "MB042",
    "file-system-error",
    "error",
    "An output cannot be written (full disk, no permission); nothing half-written is left.",
)
BAD_DECK_OPTION = Code(
    "MB043",
    "bad-deck-option",
    "error",
    "A deck option that cannot work: a --persona or --journey the workbook does not have, or "
    "an unknown --layout.",
)
BAD_TRACKER = Code(
    "MB044",
    "bad-tracker",
    "error",
    "The tracker output cannot be used: not an .xlsx name, a folder, a file that is not a "
    "mapbridge tracker or was written by a newer mapbridge (it is left untouched), or a "
    "tracker that cannot be written.",
)

# ---------------------------------------------------------------- MB05x: deck templates

BAD_TEMPLATE = Code(
    "MB050",
    "bad-template",
    "error",
    "A --template that is missing, not a deck, unsafe, or has no usable layout (the message "
    "lists its layouts).",
)

# ---------------------------------------------------------------- MB06x: other formats, plugins

UNKNOWN_FORMAT = Code(
    "MB060",
    "unknown-format",
    "error",
    "No installed importer reads this file extension; the message lists those that exist.",
)
PLUGIN_FAILED = Code(
    "MB061", "plugin-failed", "warning", "A plugin could not be loaded; the others still work."
)
NOT_MERMAID = Code(
    "MB062", "not-mermaid", "error", "A .mmd or .md file with no Mermaid journey diagram."
)
MERMAID_SYNTAX = Code(
    "MB063",
    "mermaid-syntax",
    "error",
    "A line in a Mermaid journey that is not a task, section or title.",
)
MERMAID_SCORE = Code(
    "MB064",
    "mermaid-score",
    "error",
    "A Mermaid task score that is not a number (an error) or outside 1..5 (a warning; clamped).",
)
DUPLICATE_MAP = Code(
    "MB065",
    "duplicate-map",
    "warning",
    "The same persona in two Mermaid diagrams with the same title; the first is kept.",
)
NOT_JSON = Code("MB066", "not-json", "error", "A .json file that is not JSON.")
JSON_SCHEMA = Code(
    "MB067",
    "json-schema",
    "error",
    "JSON that does not follow the schema `mapbridge schema` prints.",
)
INPUT_TOO_LARGE = Code(
    "MB068", "input-too-large", "error", "A Mermaid, JSON or CSV file over its size limit."
)
NOT_UTF8 = Code("MB069", "not-utf8", "error", "A Mermaid or JSON file that is not UTF-8 text.")

# ---------------------------------------------------------------- MB07x: CSV and folders of CSV

CSV_ENCODING = Code(
    "MB070",
    "csv-encoding",
    "warning",
    "A CSV without a byte-order mark that is not UTF-8 was read with a guessed encoding.",
)
CSV_DELIMITER_GUESSED = Code(
    "MB071",
    "csv-delimiter-guessed",
    "warning",
    "Two delimiters split a CSV's rows equally well, none does, or a .tsv has no tabs.",
)
CSV_UNCLOSED_QUOTE = Code(
    "MB072",
    "csv-unclosed-quote",
    "warning",
    "A quoted CSV cell never closes, so the rest of the file was read into it.",
)
CSV_CELL_TOO_LONG = Code(
    "MB073",
    "csv-cell-too-long",
    "error",
    "A CSV cell longer than 131,072 characters, usually a quote never closed.",
)
FILES_NOT_READ = Code(
    "MB074",
    "files-not-read",
    "info",
    "Files in a folder of CSVs that are not .csv or .tsv (subfolders included).",
)

# ---------------------------------------------------------------- MB08x: whiteboards

NOT_A_BOARD = Code(
    "MB080",
    "not-a-board",
    "error",
    "An .excalidraw or .drawio file that is not a scene or diagram its tool could open "
    "(broken JSON or XML, a damaged compressed page, another kind of file).",
)
BOARD_TOO_COMPLEX = Code(
    "MB081",
    "board-too-complex",
    "error",
    "A board over a safety limit: nested too deeply, too many elements or pages, a compressed "
    "page that inflates too far, or XML with entity declarations.",
)
BOARD_NO_STAGE_ROW = Code(
    "MB082",
    "board-no-stage-row",
    "error",
    "A frame or page with text but no map grid (no row of stage headers with lane labels "
    "down its left); a warning when other frames of the board are maps.",
)
STICKY_OUTSIDE_GRID = Code(
    "MB083",
    "sticky-outside-grid",
    "warning",
    "A sticky or text on a map frame that lies in no cell (left of the stages, right of the "
    "last one, or below the last lane); it is not read.",
)
STICKY_STRADDLES = Code(
    "MB084",
    "sticky-straddles",
    "warning",
    "A sticky lying across two stages or two lanes; it is read into the cell holding its centre.",
)

# ---------------------------------------------------------------- MB09x: portfolios

PERSONA_MATCHED = Code(
    "MB090",
    "persona-matched",
    "info",
    "A persona named in one file is read as the persona of the same name (or ID) in another, "
    'its spelling differing in case, accents or spacing ("Chloe Martin" is "Chloé Martin").',
)
PERSONA_DEFINED_TWICE = Code(
    "MB091",
    "persona-defined-twice",
    "warning",
    "The same persona is defined in two files with different content; the catalogue's "
    "definition (named in mapbridge.toml) or else the first input's wins.",
)
NO_INPUTS = Code(
    "MB092",
    "no-inputs",
    "error",
    "No input was given and no mapbridge.toml here names `inputs`, or a folder given holds no "
    "file mapbridge reads.",
)
TRACKER_IN_USE = Code(
    "MB093",
    "tracker-in-use",
    "error",
    "The tracker is open in Excel or LibreOffice (their lock file names who), another mapbridge "
    "run is writing it, or it changed on disk after mapbridge read it; it is left untouched.",
)
# ---------------------------------------------------------------- MB19x: the settings file

INVALID_CONFIG = Code(
    "MB190",
    "invalid-config",
    "error",
    "mapbridge.toml (or [tool.mapbridge]) cannot be used: broken TOML, an unknown key, role, "
    "kind or rule, or a value out of range.",
)


#: Every catalogued code, in code order (a test checks that no two share a code or a name).
CODES: tuple[Code, ...] = tuple(
    sorted((value for value in globals().values() if isinstance(value, Code)), key=lambda c: c.code)
)

CODES_BY_CODE: dict[str, Code] = {entry.code: entry for entry in CODES}
