"""The broken-and-hostile workbook corpus: each case builds its file in code and says what it must produce.

A case names the exit code the CLI must return and the located message it must print
(code, sheet, cell, and a fragment of the message). Readable cases may also check the model.
`build_corpus(folder)` builds every case once; tests share the folder.
"""

from __future__ import annotations

import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapbridge.importers.workbook import MAX_REVIEW_ROWS
from mapbridge.model import Workspace
from tests.hostile import builders as b

#: The bomb sizes: far past the 512 MB default limit, yet built in a fraction of a second.
BOMB_BYTES = 4_000_000_000
LIAR_BYTES = 2_000_000_000

Check = Callable[[Workspace], None]


@dataclass(frozen=True)
class Case:
    """One corpus file and what mapbridge must say about it."""

    id: str
    build: Callable[[Path], Path]
    exit_code: int
    code: str
    fragment: str
    sheet: str | None = None
    cell: str | None = None
    #: A hostile file: the message must say it was refused as unsafe, and quickly.
    unsafe: bool = False
    check: Check | None = None
    #: The file name the case is built under.
    name: str = ""

    def path_in(self, folder: Path) -> Path:
        return folder / (self.name or f"{self.id}.xlsx")


CASES: list[Case] = []


def case(
    id: str,
    exit_code: int,
    code: str,
    fragment: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    unsafe: bool = False,
    check: Check | None = None,
    name: str = "",
) -> Callable[[Callable[[Path], Path | None]], Callable[[Path], Path | None]]:
    """Register a builder `(target path) -> None` as a corpus case."""

    def register(build: Callable[[Path], Path | None]) -> Callable[[Path], Path | None]:
        def built(target: Path) -> Path:
            build(target)
            return target

        CASES.append(Case(id, built, exit_code, code, fragment, sheet, cell, unsafe, check, name))
        return build

    return register


def _template(target: Path) -> Path:
    """A valid workbook beside the target, to rewrite into a broken one."""
    return b.good_workbook(target.with_name(f".template-{target.stem}.xlsx"))


def _entry(ws: Workspace, persona: str, stage: str, lane: str) -> list[str]:
    persona_id = next(p.id for p in ws.personas if p.name == persona)
    journey = next(j for j in ws.journeys if j.persona_id == persona_id)
    return [e.text for e in journey.entries if e.stage_id == stage and e.lane_id == lane]


# ============================================================== not a workbook under an .xlsx name


@case("csv-named-xlsx", 2, "MB002", "it looks like a CSV or text export")
def _csv(target: Path) -> None:
    target.write_text("Name,Kind,Role\nAna,Research,Saver\n", encoding="utf-8")


@case("html-named-xlsx", 2, "MB002", "it looks like an HTML or XML file")
def _html(target: Path) -> None:
    target.write_text("<html><body><table><tr><td>Ana</td></tr></table></body></html>")


@case("old-xls", 2, "MB004", "old Excel 97-2003 (.xls) file", name="old-xls.xls")
def _xls(target: Path) -> None:
    b.ole_file(target, ["Workbook", "SummaryInformation"])


@case("old-xls-named-xlsx", 2, "MB004", "old Excel 97-2003 (.xls) file")
def _xls_named_xlsx(target: Path) -> None:
    b.ole_file(target, ["Workbook"])


@case("encrypted", 2, "MB003", "protected with a password")
def _encrypted(target: Path) -> None:
    b.ole_file(target, ["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])


@case("empty-file", 2, "MB005", "the file is empty (0 bytes)")
def _empty(target: Path) -> None:
    target.write_bytes(b"")


@case("truncated-zip", 2, "MB006", "damaged or incomplete")
def _truncated(target: Path) -> None:
    data = _template(target).read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])


@case("corrupt-part", 2, "MB006", "damaged or incomplete")
def _corrupt(target: Path) -> None:
    """A valid zip whose sheet data was altered after packing: its checksum no longer matches."""
    b.rewrite_package(_template(target), target)
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    data = bytearray(target.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 20, start + 40):
        data[i] ^= 0x5A
    target.write_bytes(bytes(data))


@case("random-bytes", 2, "MB002", "this is not an Excel workbook")
def _random(target: Path) -> None:
    target.write_bytes(random.Random(7).randbytes(5000))


@case("zip-but-not-workbook", 2, "MB002", "a zip file but not an Excel workbook")
def _plain_zip(target: Path) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("notes.txt", "Ana, Ben")


@case("directory", 2, "MB009", "this is a folder, not a workbook", name="a-folder.xlsx")
def _directory(target: Path) -> None:
    target.mkdir()


@case("missing-path", 2, "MB001", "there is no file at", name="missing.xlsx")
def _missing(target: Path) -> None:
    """Nothing is built: the path does not exist."""


def _reads_two_personas(ws: Workspace) -> None:
    assert [p.name for p in ws.personas] == ["Ana", "Ben"]


@case(
    "xlsx-named-csv",
    0,
    "MB033",
    "is named .csv but is an Excel workbook",
    check=_reads_two_personas,
    name="workshop.csv",
)
def _xlsx_csv(target: Path) -> None:
    target.write_bytes(b.good_workbook(_template(target)).read_bytes())


@case(
    "xlsx-named-xls",
    0,
    "MB033",
    "is named .xls but is an Excel workbook",
    check=_reads_two_personas,
    name="workshop.xls",
)
def _xlsx_xls(target: Path) -> None:
    """The value reader picks its format from a path's extension: this must still be read."""
    target.write_bytes(b.good_workbook(_template(target)).read_bytes())


@case("named-pipe", 2, "MB002", "this is not a regular file", name="pipe.xlsx")
def _fifo(target: Path) -> None:
    """Opening a named pipe waits for a writer forever: it must be refused without opening it."""
    os.mkfifo(target)


@case("password-flag-parts", 2, "MB003", "parts of the workbook are encrypted")
def _zip_crypto(target: Path) -> None:
    """Zip (ZipCrypto) encryption on the parts: the general-purpose flag bit 0 is set."""
    data = bytearray(b.rewrite_package(_template(target), target).read_bytes())
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        data[offset + 8] |= 0x01
        offset += 4
    offset = 0
    while (offset := data.find(b"PK\x03\x04", offset)) != -1:
        data[offset + 6] |= 0x01
        offset += 4
    target.write_bytes(bytes(data))


# ============================================================== hostile packages


@case("zip-bomb", 2, "MB008", "is a zip bomb", unsafe=True)
def _bomb(target: Path) -> None:
    b.bomb_workbook(target, _template(target), unpacked=BOMB_BYTES, lie=False)


@case(
    "zip-bomb-under-the-size-limit", 2, "MB008", "times its packed size (a zip bomb)", unsafe=True
)
def _small_bomb(target: Path) -> None:
    """400 MB from 400 kB: under the 512 MB limit, but no workbook packs 1,000 to 1."""
    b.bomb_workbook(target, _template(target), unpacked=400_000_000, lie=False)


@case("zip-bomb-lying-headers", 2, "MB007", "unpacks to more (a zip bomb)", unsafe=True)
def _liar(target: Path) -> None:
    b.bomb_workbook(target, _template(target), unpacked=LIAR_BYTES, lie=True)


@case("too-many-parts", 2, "MB007", "parts (the limit is 10,000)", unsafe=True)
def _many_parts(target: Path) -> None:
    b.rewrite_package(
        _template(target), target, add={f"xl/media/part{i}.bin": b"" for i in range(10_001)}
    )


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@case("billion-laughs-shared-strings", 2, "MB007", "declares a DTD or entities", unsafe=True)
def _laughs_sst(target: Path) -> None:
    sst = (
        f'<?xml version="1.0"?>{_LAUGHS}<sst xmlns="{b.MAIN_NS}" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()
    b.with_shared_strings(_template(target), target, sst)


@case("billion-laughs-workbook-xml", 2, "MB007", "(in xl/workbook.xml)", unsafe=True)
def _laughs_workbook(target: Path) -> None:
    template = _template(target)
    workbook = b.read_part(template, "xl/workbook.xml").decode()
    workbook = workbook.replace("<workbook ", _LAUGHS + "<workbook ", 1)
    workbook = workbook.replace('name="Personas"', 'name="&lol9;"')
    b.rewrite_package(template, target, replace={"xl/workbook.xml": workbook.encode()})


@case("xxe-local-file", 2, "MB007", "an external-entity read", unsafe=True)
def _xxe(target: Path) -> None:
    sst = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{b.MAIN_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    ).encode()
    b.with_shared_strings(_template(target), target, sst)


@case("xxe-utf16-sheet", 2, "MB007", "declares a DTD or entities", unsafe=True)
def _xxe_utf16(target: Path) -> None:
    """The same external entity in a UTF-16 sheet, where a byte search for `<!DOCTYPE` fails."""
    template = _template(target)
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        f'<worksheet xmlns="{b.MAIN_NS}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    part = b.sheet_part(template, "Journey")
    b.rewrite_package(template, target, replace={part: b"\xff\xfe" + xml.encode("utf-16-le")})


@case("dtd-after-long-comment", 2, "MB007", "declares a DTD or entities", unsafe=True)
def _late_dtd(target: Path) -> None:
    """A DTD pushed 200 kB into the part by a comment, past any "look at the start" check."""
    sst = (
        '<?xml version="1.0"?><!--' + "x" * 200_000 + "-->"
        '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{b.MAIN_NS}" count="1" uniqueCount="1"><si><t>&e;</t></si></sst>'
    ).encode()
    b.with_shared_strings(_template(target), target, sst)


@case("external-workbook-link", 2, "MB007", "an external link", unsafe=True)
def _external_link(target: Path) -> None:
    link = (
        b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships"/></externalLink>'
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/secret/'
        b'salaries.xlsx" TargetMode="External"/></Relationships>'
    )
    b.rewrite_package(
        _template(target),
        target,
        add={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels,
        },
    )


@case("shared-strings-claim-billions", 2, "MB007", "claims 4,000,000,000 strings", unsafe=True)
def _sst_count(target: Path) -> None:
    """A tiny string table claiming 4 billion strings: the value reader would reserve 96 GB."""
    sst = (
        f'<?xml version="1.0"?><sst xmlns="{b.MAIN_NS}" count="4000000000" '
        'uniqueCount="4000000000"><si><t>Ana</t></si></sst>'
    ).encode()
    b.with_shared_strings(_template(target), target, sst)


@case(
    "value-in-last-cell",
    2,
    "MB008",
    "because of the value in XFD1048576",
    sheet="Journey",
    cell="XFD1048576",
    unsafe=True,
)
def _far_cell(target: Path) -> None:
    """One character in the sheet's last cell would make the reader allocate 17 billion cells."""
    template = _template(target)
    part = b.sheet_part(template, "Journey")
    xml = b.read_part(template, part).decode()
    xml = xml.replace(
        "</sheetData>", f'<row r="1048576">{b.inline("XFD1048576", ".")}</row></sheetData>'
    )
    b.rewrite_package(template, target, replace={part: xml.encode()})


@case(
    "row-past-excel-maximum",
    2,
    "MB008",
    "because of the value in A99999999",
    sheet="Journey",
    cell="A99999999",
    unsafe=True,
)
def _row_past_max(target: Path) -> None:
    """A row number Excel never writes (its last row is 1,048,576): the reader would still allocate it."""
    template = _template(target)
    part = b.sheet_part(template, "Journey")
    xml = b.read_part(template, part).decode()
    xml = xml.replace(
        "</sheetData>", f'<row r="99999999">{b.inline("A99999999", ".")}</row></sheetData>'
    )
    b.rewrite_package(template, target, replace={part: xml.encode()})


# ============================================================== macros and formulas


def _macro_read(ws: Workspace) -> None:
    assert len(ws.personas) == 2 and len(ws.journeys) == 2


@case(
    "xlsm-with-macros",
    0,
    "MB024",
    "never runs or copies macros",
    check=_macro_read,
    name="with-macros.xlsm",
)
def _macros(target: Path) -> None:
    template = _template(target)
    types = b.read_part(template, "[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    rels = b.read_part(template, "xl/_rels/workbook.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    b.rewrite_package(
        template,
        target,
        replace={
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
        },
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name" * 50},
    )


def _formula_skipped(ws: Workspace) -> None:
    ana = next(j for j in ws.journeys if j.persona_id == "ana")
    assert [e for e in ana.entries if e.source and e.source.cell == "E3"] == []


@case(
    "formula-without-cached-value",
    0,
    "MB025",
    "the formula =1+1 has never been calculated",
    sheet="Journey",
    cell="E3",
    check=_formula_skipped,
)
def _formula(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "Jargon"],
                ["Open account", "Ana", "Apply", "Fills the form", "=1+1", "Too long"],
            ),
        },
        text_cells=False,
    )


# ============================================================== structure


def _title_block(ws: Workspace) -> None:
    assert [p.name for p in ws.personas] == ["Ana", "Ben"]
    assert ws.personas[0].source is not None and ws.personas[0].source.cell == "A8"


@case(
    "header-on-row-7",
    0,
    "",
    "",
    check=_title_block,
)
def _row7(target: Path) -> None:
    title: list[list[Any]] = [
        ["Retail banking: persona workshop"],
        ["Facilitator: Sam"],
        [],
        ["Workshop:", "September 2026"],
        [],
        [],
    ]
    b.write_workbook(
        target,
        {
            "Personas": title + b.persona_rows("Ana", "Ben"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "Sees an ad", 1, "x"]),
        },
    )


def _duplicate_kept(ws: Workspace) -> None:
    ana = ws.personas[0]
    assert ana.goals == ["Get it done"]
    assert "Goals (G)" in ana.extra and ana.extra["Goals (G)"] == "Second goal"


@case(
    "duplicate-headers",
    0,
    "MB028",
    "header 'Goals' repeats column D",
    sheet="Personas",
    cell="G1",
    check=_duplicate_kept,
)
def _duplicates(target: Path) -> None:
    rows = b.persona_rows("Ana")
    rows[0] = [*rows[0], "Goals"]
    rows[1] = [*rows[1], "Second goal"]
    b.write_workbook(
        target,
        {
            "Personas": rows,
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "Sees an ad", 1, "x"]),
        },
    )


def _merged_grid(ws: Workspace) -> None:
    journey = ws.journeys[0]
    apply = next(s for s in journey.stages if s.name == "Apply")
    assert [s.name for s in apply.steps] == ["Form", "ID check"]
    assert len([e for e in journey.entries if e.stage_id == "apply"]) == 4


@case("merged-header-cells", 0, "", "", check=_merged_grid)
def _merged(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Ana": [
                ["Persona: Ana"],
                ["Journey: Open account"],
                ["Stage", "Discover", "Apply", None],
                ["Step", "Ad", "Form", "ID check"],
                ["Actions", "Sees an ad", "Fills the form", "Uploads a passport"],
                ["Emotion", 1, -1, -2],
            ],
        },
        merges={"Ana": ["C3:D3"]},
    )


def _blank_gaps(ws: Workspace) -> None:
    ana = next(j for j in ws.journeys if j.persona_id == "ana")
    assert {e.text for e in ana.entries} >= {"Sees an ad", "Fills the form", "Note in G"}


@case(
    "blank-rows-and-columns",
    0,
    "MB027",
    "column G has values but no header",
    sheet="Journey",
    cell="G1",
    check=_blank_gaps,
)
def _blanks(target: Path) -> None:
    header = [*b.JOURNEY_HEADER, None, None]
    header[6] = None
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": [
                header,
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                [],
                [],
                ["Open account", "Ana", "Apply", "Fills the form", -1, None, "Note in G"],
            ],
        },
    )


def _hidden_row_read(ws: Workspace) -> None:
    assert "Fills the form" in {e.text for j in ws.journeys for e in j.entries}


@case(
    "hidden-rows",
    0,
    "MB026",
    "hidden rows (3) were read like any other row",
    sheet="Journey",
    cell="A3",
    check=_hidden_row_read,
)
def _hidden_rows(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                ["Open account", "Ana", "Apply", "Fills the form", -1, "y"],
            ),
        },
        hidden_rows={"Journey": [3]},
    )


def _hidden_column_read(ws: Workspace) -> None:
    assert ws.journeys[0].entries[-1].text == "Hidden pain"


@case(
    "hidden-columns",
    0,
    "MB026",
    "hidden columns (F) were read like any other column",
    sheet="Journey",
    cell="F1",
    check=_hidden_column_read,
)
def _hidden_columns(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "Hidden pain"]
            ),
        },
        hidden_columns={"Journey": ["F"]},
    )


@case(
    "hidden-personas-sheet",
    0,
    "MB026",
    "sheet 'Personas' is hidden; read anyway",
    sheet="Personas",
    check=_reads_two_personas,
)
def _hidden_personas(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana", "Ben"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "Sees an ad", 1, "x"]),
        },
        hidden_sheets=["Personas"],
    )


def _hidden_grid_skipped(ws: Workspace) -> None:
    assert all("Secret" not in j.name for j in ws.journeys)
    assert len(ws.journeys) == 1


@case(
    "hidden-other-sheet",
    0,
    "MB026",
    "sheet 'Old map' is hidden; skipped",
    sheet="Old map",
    check=_hidden_grid_skipped,
)
def _hidden_other(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "Sees an ad", 1, "x"]),
            "Old map": [
                ["Journey: Secret draft"],
                ["Stage", "Discover", "Apply"],
                ["Actions", "a", "b"],
                ["Pain points", "c", "d"],
            ],
        },
        hidden_sheets=["Old map"],
    )


def _wide_read(ws: Workspace) -> None:
    assert len(ws.journeys) == 1 and ws.journeys[0].entries


@case("16384-columns", 0, "", "", check=_wide_read)
def _wide(target: Path) -> None:
    """A header typed in the sheet's very last column (XFD), next to a normal journey."""
    template = b.write_workbook(
        target.with_name(".wide-template.xlsx"),
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                *[["Open account", "Ana", f"Stage {i}", f"Step {i}", 1, "x"] for i in range(30)]
            ),
        },
    )
    part = b.sheet_part(template, "Journey")
    xml = b.read_part(template, part).decode()
    xml = xml.replace("</row>", b.inline("XFD1", "Far notes") + "</row>", 1)
    b.rewrite_package(template, target, replace={part: xml.encode()})


def _million_rows_read(ws: Workspace) -> None:
    assert len(ws.journeys) == 1


@case("million-formatted-rows", 0, "", "", check=_million_rows_read)
def _million(target: Path) -> None:
    """A journey followed by a million empty rows that carry only a format (a whole-column fill)."""
    template = b.write_workbook(
        target.with_name(".million-template.xlsx"),
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "Sees an ad", 1, "x"]),
        },
    )
    part = b.sheet_part(template, "Journey")
    xml = b.read_part(template, part).decode()
    empty = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
        for r in range(3, 1_000_003)
    )
    xml = xml.replace("</sheetData>", empty + "</sheetData>")
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = xml.encode() if item.filename == part else zin.read(item.filename)
            zout.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


# ============================================================== content

LONG_TEXT = ("Persona research notes, " * 1400)[:32_767]
UNICODE_NAMES = ["李小龍", "سارا أحمد", "Zoë 🚀 Ñúñez"]


def _long_cell(ws: Workspace) -> None:
    assert _entry(ws, "Ana", "discover", "actions") == [LONG_TEXT.strip()]


@case("32767-character-cell", 0, "", "", check=_long_cell)
def _long(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", LONG_TEXT, 1, "x"]),
        },
    )


def _controls_removed(ws: Workspace) -> None:
    assert _entry(ws, "Ana", "discover", "actions") == ["Sees an ad\tthen\nclicks"]


@case("control-characters", 0, "", "", check=_controls_removed)
def _controls(target: Path) -> None:
    """Control characters as Excel stores them (`_x0007_`) and raw ones in an inline string."""
    template = b.write_workbook(
        target.with_name(".controls-template.xlsx"),
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "PLACEHOLDER", 1, "x"]),
        },
    )
    part = b.sheet_part(template, "Journey")
    xml = b.read_part(template, part).decode()
    xml = xml.replace("PLACEHOLDER", "Sees_x0007_ an ad\tthen\n_x0001_clicks\x1b")
    b.rewrite_package(template, target, replace={part: xml.encode()})


def _unicode_kept(ws: Workspace) -> None:
    assert [p.name for p in ws.personas] == UNICODE_NAMES
    assert _entry(ws, "سارا أحمد", "discover", "actions") == ["تبحث عن حساب 🏦"]
    assert _entry(ws, "李小龍", "discover", "actions") == ["看广告 👀"]


@case("cjk-rtl-emoji", 0, "", "", check=_unicode_kept)
def _unicode(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows(*UNICODE_NAMES),
            "Journey": b.journey_rows(
                ["Open account", "李小龍", "Discover", "看广告 👀", 1, "x"],
                ["Open account", "سارا أحمد", "Discover", "تبحث عن حساب 🏦", 0, "x"],
                ["Open account", "Zoë 🚀 Ñúñez", "Discover", "Scrolls 📱", -1, "x"],
            ),
        },
    )


def _numbers_as_text(ws: Workspace) -> None:
    ana = ws.journeys[0]
    scores = [e.emotion.score for e in ana.entries if e.emotion is not None]
    assert scores == [1.0, -0.5]
    assert ws.personas[0].review_every_days == 90


@case("numbers-stored-as-text", 0, "", "", check=_numbers_as_text)
def _numbers(target: Path) -> None:
    personas = b.persona_rows("Ana")
    personas[0] = [*personas[0], "Review every"]
    personas[1] = [*personas[1], "90"]
    b.write_workbook(
        target,
        {
            "Personas": personas,
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", "2", "x"],
                ["Open account", "Ana", "Apply", "Fills the form", " -1 ", "y"],
            ),
        },
    )


DATE_TEXTS = ["2026-09-01", "13/09/2026", "Sept 1, 2026", "1 Sep 2026", "2026/9/1", "03/04/2026"]


def _dates(ws: Workspace) -> None:
    from datetime import date

    got = [p.last_reviewed for p in ws.personas]
    assert got == [
        date(2026, 9, 1),
        date(2026, 9, 13),
        date(2026, 9, 1),
        date(2026, 9, 1),
        date(2026, 9, 1),
        date(2026, 4, 3),
    ]


@case(
    "dates-as-text",
    0,
    "MB020",
    "date '03/04/2026' is ambiguous",
    sheet="Personas",
    cell="G7",
    check=_dates,
)
def _date_texts(target: Path) -> None:
    names = [f"P{i}" for i in range(len(DATE_TEXTS))]
    personas = b.persona_rows(*names)
    personas[0] = [*personas[0], "Last reviewed"]
    for row, text in zip(personas[1:], DATE_TEXTS, strict=True):
        row.append(text)
    b.write_workbook(
        target,
        {
            "Personas": personas,
            "Journey": b.journey_rows(["Open account", "P0", "Discover", "Sees an ad", 1, "x"]),
        },
    )


def _absurd_dates_dropped(ws: Workspace) -> None:
    assert all(p.last_reviewed is None and p.review_every_days is None for p in ws.personas)


@case(
    "absurd-review-dates-and-cadences",
    0,
    "MB020",
    "'31/12/9999' is not a plausible review date (year 9999)",
    sheet="Personas",
    cell="H2",
    check=_absurd_dates_dropped,
)
def _absurd(target: Path) -> None:
    """9999-12-31 plus a cadence overflowed the date arithmetic of every command that checks."""
    personas = b.persona_rows("Ana", "Ben")
    personas[0] += ["Review every", "Last reviewed"]
    personas[1] += ["99999999999 days", "31/12/9999"]
    personas[2] += [float("inf"), "0001-01-01"]
    b.write_workbook(
        target,
        {
            "Personas": personas,
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                ["Open account", "Ben", "Discover", "Asks a friend", -1, "y"],
            ),
        },
    )


FORMULA_TEXTS = ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2+3", '=HYPERLINK("http://x")']


def _formula_text_kept(ws: Workspace) -> None:
    assert ws.personas[0].name == "=cmd|' /C calc'!A0"
    texts = [e.text for j in ws.journeys for e in j.entries if e.lane_id == "actions"]
    assert texts == FORMULA_TEXTS[1:]


@case("formula-looking-text", 0, "", "", check=_formula_text_kept)
def _formula_like(target: Path) -> None:
    name = FORMULA_TEXTS[0]
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows(name),
            "Journey": b.journey_rows(
                *[
                    ["Open account", name, f"Stage {i}", text, 1, "x"]
                    for i, text in enumerate(FORMULA_TEXTS[1:])
                ]
            ),
        },
    )


ODD_SHEET = "Ana’s map (v2) & 'notes'; ✨"


def _odd_sheet_read(ws: Workspace) -> None:
    assert ws.journeys[0].persona_id == "ana"
    assert ws.journeys[0].entries[0].source.sheet == ODD_SHEET  # type: ignore[union-attr]


@case(
    "odd-sheet-names",
    0,
    "MB027",
    "row 5 has content but no lane name",
    sheet=ODD_SHEET,
    cell="A5",
    check=_odd_sheet_read,
)
def _odd_sheet(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            ODD_SHEET: [
                ["Persona: Ana"],
                ["Stage", "Discover", "Apply"],
                ["Actions", "Sees an ad", "Fills the form"],
                ["Emotion", 1, -1],
                [None, "orphan", None],
            ],
        },
    )


# ============================================================== references


@case(
    "unknown-persona",
    1,
    "MB011",
    "persona 'Cara' is not on the Personas sheet",
    sheet="Journey",
    cell="B3",
)
def _unknown_persona(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana", "Ben"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                ["Open account", "Cara", "Discover", "Walks in", 0, "y"],
            ),
        },
    )


def _two_journeys(ws: Workspace) -> None:
    assert sorted(j.name for j in ws.journeys if j.persona_id == "ana") == [
        "Close account",
        "Open account",
    ]


@case("persona-in-two-journeys", 0, "", "", check=_two_journeys)
def _two(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                ["Close account", "Ana", "Decide", "Compares fees", -1, "y"],
            ),
        },
    )


@case(
    "same-name-different-case",
    1,
    "MB012",
    "persona 'ana  REYES' is listed twice (also at Personas!A2)",
    sheet="Personas",
    cell="A3",
)
def _same_name(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana Reyes", "ana  REYES"),
            "Journey": b.journey_rows(["Open account", "Ana Reyes", "Discover", "x", 1, "y"]),
        },
    )


@case(
    "names-differing-only-in-accents",
    1,
    "MB012",
    "persona 'Zoé' has the same id (zoe) as another persona",
    sheet="Personas",
    cell="A3",
)
def _same_slug(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Zoe", "Zoé"),
            "Journey": b.journey_rows(["Open account", "Zoe", "Discover", "x", 1, "y"]),
        },
    )


@case(
    "journey-row-without-stage",
    1,
    "MB015",
    "this journey row has content but no stage",
    sheet="Journey",
    cell="C3",
)
def _no_stage(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(
                ["Open account", "Ana", "Discover", "Sees an ad", 1, "x"],
                ["Open account", "Ana", None, "Lost row", 0, "y"],
            ),
        },
    )


@case(
    "unknown-emotion-word",
    0,
    "MB013",
    "emotion 'blorpish' is not a known score; the text is kept",
    sheet="Journey",
    cell="E2",
)
def _emotion(target: Path) -> None:
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open account", "Ana", "Discover", "x", "blorpish", "y"]),
        },
    )


@case("only-an-instructions-sheet", 1, "MB010", "has no personas and no journey maps")
def _nothing(target: Path) -> None:
    b.write_workbook(target, {"Instructions": [["Fill in the Personas sheet"]]})


# ============================================================== more content than any workshop


@case(
    "too-many-personas",
    1,
    "MB034",
    "the workbook has 520 personas; mapbridge reads at most 500",
    sheet="Personas",
    cell="A502",
)
def _many_personas(target: Path) -> None:
    """The checks compare every pair of personas: thousands would run for minutes."""
    names = [f"Persona {i}" for i in range(520)]
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows(*names),
            "Journey": b.journey_rows(*[["Open", n, "Discover", "x", 1, "y"] for n in names[:3]]),
        },
    )


@case(
    "too-many-lanes",
    1,
    "MB034",
    "the workbook has 300 lanes in the map 'Journey'; mapbridge reads at most 100",
    sheet="Journey",
    cell="CY1",
)
def _many_lanes(target: Path) -> None:
    """Every column became a lane: 16,382 of them took the deck 107 s and 2 GB."""
    header = ["Persona", "Stage"] + [f"Lane {i}" for i in range(300)]
    rows = [["Ana", f"Stage {r}"] + [f"v{r}.{i}" for i in range(300)] for r in range(2)]
    b.write_workbook(target, {"Personas": b.persona_rows("Ana"), "Journey": [header, *rows]})


@case(
    "too-many-stages",
    1,
    "MB034",
    "the workbook has 250 stages in the map 'Journey'; mapbridge reads at most 200",
    sheet="Journey",
    cell="B202",
)
def _many_stages(target: Path) -> None:
    header = ["Persona", "Stage", "Actions"]
    rows = [["Ana", f"Stage {r}", f"a{r}"] for r in range(250)]
    b.write_workbook(target, {"Personas": b.persona_rows("Ana"), "Journey": [header, *rows]})


@case(
    "too-many-review-rows",
    1,
    "MB034",
    f"the workbook has {MAX_REVIEW_ROWS + 1:,} review and trigger rows; mapbridge reads at most "
    f"{MAX_REVIEW_ROWS:,}",
    sheet="Reviews",
    cell=f"A{MAX_REVIEW_ROWS + 2}",
)
def _many_reviews(target: Path) -> None:
    """20,000 trigger rows kept the tracker busy for over three minutes."""
    header = ["Persona", "Owner", "Trigger", "Date"]
    rows = [["Ana", "Sam", f"Launch {i}", "2026-02-01"] for i in range(MAX_REVIEW_ROWS + 1)]
    b.write_workbook(
        target,
        {
            "Personas": b.persona_rows("Ana"),
            "Journey": b.journey_rows(["Open", "Ana", "Discover", "x", 1, "y"]),
            "Reviews": [header, *rows],
        },
    )


def build_corpus(folder: Path) -> dict[str, Path]:
    """Build every case into `folder`; returns case id -> input path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {c.id: c.build(c.path_in(folder)) for c in CASES}


READABLE = [c for c in CASES if c.exit_code == 0]
REFUSED = [c for c in CASES if c.exit_code != 0]
