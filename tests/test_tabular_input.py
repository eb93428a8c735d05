"""CSV, TSV, folders of CSV files and .ods spreadsheets: read like workbooks, checked like them.

Inputs are built in code, plus three saved files under tests/data/tabular: a CSV laid out as
Google Sheets exports it, a semicolon CSV with a UTF-8 BOM as Excel writes it in German, and an
.ods saved by LibreOffice from the workbook `write_ods_source` builds. The hostile cases at the
end go through the reader and every command, exactly as tests/test_hostile_corpus.py runs its own.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import InvalidWorkbook, Report, UnreadableInput
from mapbridge.importers.options import ReadOptions
from mapbridge.importers.tabular import (
    decode_text,
    is_ods,
    load_delimited,
    load_ods,
    read_delimited,
    sniff_delimiter,
)
from mapbridge.model import Workspace
from mapbridge.plugins import (
    DELIMITED_IMPORTER,
    ODS_IMPORTER,
    Probe,
    load_registry,
    read_with_registry,
)
from tests import test_hostile_corpus as hostile
from tests.hostile import builders as b
from tests.hostile.corpus import BOMB_BYTES, Case
from tests.workbooks import make_xlsx

DATA = Path(__file__).parent / "data" / "tabular"
GOOGLE_CSV = DATA / "google-sheets-export.csv"
EXCEL_CSV = DATA / "excel-semicolon-utf8-bom.csv"
LIBREOFFICE_ODS = DATA / "libreoffice.ods"

JOURNEY_CSV = (
    "Persona,Stage,Actions,Emotion\n"
    "Ana,Discover,Sees an ad,1\n"
    "Ana,Apply,Fills the form,-1\n"
    "Ben,Discover,Asks a friend,0\n"
)


def read(path: Path, **kwargs: Any) -> tuple[Workspace, Report]:
    report = Report(file=path.name)
    return read_input(path, report=report, **kwargs), report


def codes(report: Report) -> list[str]:
    return [p.code for p in report.problems]


def texts(ws: Workspace, persona: str, lane: str) -> list[str]:
    """The texts of one lane of a persona's map, in stage order."""
    persona_id = next(p.id for p in ws.personas if p.name == persona)
    journey = next(j for j in ws.journeys if j.persona_id == persona_id)
    order = [s.id for s in journey.stages]
    lane_id = next(x.id for x in journey.lanes if x.name == lane)
    entries = [e for e in journey.entries if e.lane_id == lane_id]
    return [e.text for e in sorted(entries, key=lambda e: order.index(e.stage_id))]


def stages(ws: Workspace, persona: str) -> list[str]:
    persona_id = next(p.id for p in ws.personas if p.name == persona)
    journey = next(j for j in ws.journeys if j.persona_id == persona_id)
    return [s.name for s in journey.stages]


def assert_every_cell_read(ws: Workspace, filled: int) -> None:
    coverage = ws.reading.coverage
    assert (coverage.filled_cells, coverage.read_cells, coverage.unread) == (filled, filled, [])


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ============================================================== the saved files


def test_a_google_sheets_export_reads_like_a_journey_sheet() -> None:
    ws, report = read(GOOGLE_CSV)
    assert [p.name for p in ws.personas] == ["Ana Reyes", "Ben Okafor"]
    assert stages(ws, "Ana Reyes") == ["Discover", "Compare", "Apply"]
    assert [j.name for j in ws.journeys] == ["Open a bank account"] * 2
    journey = ws.journeys[0]
    assert [(lane.name, lane.kind) for lane in journey.lanes] == [
        ("Actions", "actions"),
        ("Thoughts", "thoughts"),
        ("Emotion", "emotion"),
        ("Pain points", "pain_points"),
    ]
    # A quoted cell keeps its comma, its line break (LF, as Excel has it) and its doubled quotes.
    assert texts(ws, "Ana Reyes", "Actions") == [
        "Sees an ad, then asks a friend",
        "Reads reviews\nOpens three tabs",
        "Fills the form on her phone",
    ]
    assert texts(ws, "Ana Reyes", "Thoughts")[1] == '"Why is every fee table different?"'
    assert texts(ws, "Ana Reyes", "Thoughts")[2] == "Hope this takes 5 minutes 🤞"
    # Cells are located as a spreadsheet shows the file: one row per record, the sheet named
    # after the file.
    first = journey.entries[0]
    assert (first.source.sheet, first.source.cell) == ("google-sheets-export", "D2")
    assert not {"MB070", "MB071", "MB072"} & set(codes(report))
    assert_every_cell_read(ws, 45)


def test_excels_semicolon_csv_with_a_bom_reads_without_a_warning() -> None:
    ws, report = read(EXCEL_CSV)
    assert [p.name for p in ws.personas] == ["Jürgen Weiß", "Amélie Dubois"]
    assert stages(ws, "Jürgen Weiß") == ["Entdecken", "Beantragen", "Nutzen"]
    # Commas inside cells are text when semicolons separate the cells.
    assert texts(ws, "Jürgen Weiß", "Actions") == [
        "Sieht eine Anzeige, liest Bewertungen",
        "Füllt das Formular aus; lädt den Ausweis hoch",
        "Richtet die App ein\nund bestellt die Karte",
    ]
    assert texts(ws, "Amélie Dubois", "Pain points")[1] == (
        "20 Minuten in der Warteschleife, dann aufgelegt"
    )
    assert not {"MB070", "MB071"} & set(codes(report))
    assert_every_cell_read(ws, 34)


def ods_source(path: Path) -> Path:
    """The workbook tests/data/tabular/libreoffice.ods was saved from (by LibreOffice 7)."""
    return make_xlsx(
        path,
        {
            "Personas": [
                ["Name", "Kind", "Role", "Goals", "Pain points"],
                [
                    "Ana Reyes",
                    "Research",
                    "First-time saver",
                    "Open an account in one go",
                    "Jargon",
                ],
                ["Ben Okafor", "Proto", "Shift worker", "Bank outside work hours", "Branch hours"],
            ],
            "Journey": [
                ["Open a bank account – journey map"],
                [],
                ["Journey", "Persona", "Stage", "Actions", "Emotion", "Pain points"],
                ["Open a bank account", "Ana Reyes", "Discover", "Sees an ad", 1, "Jargon"],
                ["Open a bank account", "Ana Reyes", "Apply", "Fills the form", -1, "Too long"],
                ["Open a bank account", "Ben Okafor", "Discover", "Asks a friend", 0, None],
                ["Open a bank account", "Ben Okafor", "Apply", "Calls the bank", -2, "On hold"],
            ],
            "Notes": [["Facilitator notes: run the session in two rounds"]],
        },
        merges={"Journey": ["A1:F1"]},
        hidden_sheets=("Notes",),
    )


def test_the_libreoffice_file_reads_like_the_workbook_it_was_saved_from(tmp_path: Path) -> None:
    ws, report = read(LIBREOFFICE_ODS)
    assert [(p.name, p.kind) for p in ws.personas] == [
        ("Ana Reyes", "research"),
        ("Ben Okafor", "proto"),
    ]
    assert stages(ws, "Ben Okafor") == ["Discover", "Apply"]
    assert texts(ws, "Ben Okafor", "Pain points") == ["On hold"]
    # The same reading, cell for cell, as the .xlsx it was saved from.
    xlsx_ws, xlsx_report = read(ods_source(tmp_path / "source.xlsx"))
    assert ws.personas == xlsx_ws.personas
    assert ws.journeys == xlsx_ws.journeys
    assert codes(report) == codes(xlsx_report)
    assert ws.reading == xlsx_ws.reading
    coverage = ws.reading.coverage
    assert (coverage.filled_cells, coverage.read_cells) == (46, 45)
    assert [(u.sheet, u.range) for u in coverage.unread] == [("Notes", "A1")]


def test_ods_sheets_keep_merges_and_hidden_sheets() -> None:
    _package, grids = load_ods(LIBREOFFICE_ODS)
    assert [(g.name, g.hidden) for g in grids] == [
        ("Personas", False),
        ("Journey", False),
        ("Notes", True),
    ]
    journey = grids[1]
    assert journey.merged == [(0, 0, 0, 5)]
    assert journey.value(0, 0) == "Open a bank account – journey map"
    assert journey.value(3, 4) == 1  # numbers stay numbers in a spreadsheet


def test_ods_hidden_rows_columns_and_formulas_without_values_are_noted(tmp_path: Path) -> None:
    table = (
        '<table:table table:name="Map">'
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
        "<table:table-row>" + _cells("Persona", "Stage", "Actions") + "</table:table-row>"
        '<table:table-row table:visibility="collapse">'
        + _cells("Ana", "Discover", "Looks")
        + "</table:table-row>"
        "<table:table-row>"
        + _cells("Ana", "Apply")
        + '<table:table-cell table:formula="of:=[.C2]"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
        "</table:table>"
    )
    path = _ods(tmp_path / "hidden.ods", table)
    _package, [grid] = load_ods(path)
    assert grid.hidden_rows == {1}
    assert grid.hidden_cols == {2}
    assert grid.formulas_without_values == {"C3": "=[.C2]"}
    assert grid.height == 3  # the million empty rows LibreOffice writes are not a grid


# ============================================================== encodings


def test_a_windows_1252_csv_is_read_with_a_warning_naming_the_encoding(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.csv",
        "Persona;Stage;Actions\r\nJürgen;Entdecken;Sieht die Anzeige für 5 €\r\n",
        "cp1252",
    )
    ws, report = read(path)
    assert texts(ws, "Jürgen", "Actions") == ["Sieht die Anzeige für 5 €"]
    [warning] = [p for p in report.problems if p.code == "MB070"]
    assert warning.format().startswith("export.csv: export: warning MB070 csv-encoding: ")
    assert "read as Windows-1252 (Western European)" in warning.message
    assert "“Jürgen” on line 2" in warning.message
    assert "CSV UTF-8" in warning.hint


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_byte_order_mark_decides_the_encoding_silently(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode Text" is UTF-16 with a BOM and tabs; "CSV UTF-8" has a UTF-8 BOM.
    path = write(
        tmp_path / "unicode.tsv", "Persona\tStage\tActions\nZoë\tDiscover\t李小龍\n", encoding
    )
    ws, report = read(path)
    assert texts(ws, "Zoë", "Actions") == ["李小龍"]
    assert "MB070" not in codes(report)


def test_utf16_without_a_byte_order_mark_is_recognised_and_said(tmp_path: Path) -> None:
    path = write(tmp_path / "no-bom.csv", JOURNEY_CSV, "utf-16-be")
    ws, report = read(path)
    assert stages(ws, "Ana") == ["Discover", "Apply"]
    [warning] = [p for p in report.problems if p.code == "MB070"]
    assert "UTF-16 BE (it has no byte-order mark)" in warning.message


def test_decode_text_tells_text_from_binary() -> None:
    assert decode_text("Name,Rolle\nJürgen,Käufer\n".encode()).encoding == "UTF-8"
    assert decode_text(b"\xef\xbb\xbfa,b").text == "a,b"
    assert decode_text(random.Random(3).randbytes(4000)) is None
    assert decode_text(b"%PDF-1.7\n" + bytes(range(32)) * 50) is None
    latin = decode_text("Café,Crème\n".encode("cp1252"))
    assert latin is not None and latin.guessed and latin.text == "Café,Crème\n"


# ============================================================== delimiters and cells


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("Persona,Stage\nAna,Discover\n", ".csv", ","),
        ("Persona;Stage;Actions\nAna;Discover;Looks, then asks\n", ".csv", ";"),
        ("Persona\tStage\nAna\tDiscover, again\n", ".tsv", "\t"),
        ("Persona\tStage\nAna\tDiscover\n", ".csv", "\t"),
        ("Persona|Stage|Actions\nAna|Discover|a;b,c\n", ".csv", "|"),
        # Semicolons inside the text of a comma file do not fool the sniffer.
        (
            'Persona,Stage,Actions\nAna,Discover,"Looks; asks"\nBen,Apply,Calls; waits; calls\n',
            ".csv",
            ",",
        ),
    ],
)
def test_the_delimiter_is_sniffed(text: str, suffix: str, expected: str) -> None:
    delimiter = sniff_delimiter(text, suffix=suffix)
    assert delimiter.char == expected
    assert delimiter.note == ""


def test_two_delimiters_that_split_equally_well_are_a_warning_with_the_way_out(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "ambiguous.csv", "Persona,Stage;Actions\nAna,Discover;Looks\n")
    report = Report(file=path.name)
    grid = load_delimited(path, report=report)
    [warning] = report.problems
    assert warning.code == "MB071" and warning.sheet == "ambiguous"
    assert "both commas and semicolons split its first rows evenly" in warning.message
    assert "`sep=;`" in warning.hint
    assert grid.rows == [["Persona", "Stage;Actions"], ["Ana", "Discover;Looks"]]


def test_excels_sep_line_decides_and_is_not_a_row(tmp_path: Path) -> None:
    path = write(
        tmp_path / "sep.csv", "sep=;\r\nPersona;Stage;Actions\r\nAna;Discover;Looks, asks\r\n"
    )
    ws, report = read(path)
    assert texts(ws, "Ana", "Actions") == ["Looks, asks"]
    assert ws.journeys[0].entries[0].source.cell == "C2"
    assert "MB071" not in codes(report)


def test_a_tsv_that_has_no_tabs_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "named.tsv", JOURNEY_CSV)
    ws, report = read(path)
    assert stages(ws, "Ana") == ["Discover", "Apply"]
    [warning] = [p for p in report.problems if p.code == "MB071"]
    assert "named .tsv but no tab separates its cells; it was read with commas" in warning.message


def test_cells_stay_as_typed_ragged_rows_are_padded_and_empty_edges_dropped(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "ragged.csv",
        "Persona,Stage,Actions,,\r\n"
        'Ana,Discover," 007 ",,\r\n'
        "Ana,Apply\r\n"
        "\r\n"
        'Ben,Discover,"two\r\nlines",extra\r\n'
        ",,,,\r\n\r\n",
    )
    grid = load_delimited(path, report=Report())
    assert grid.name == "ragged"
    assert grid.rows == [
        ["Persona", "Stage", "Actions", None],
        ["Ana", "Discover", " 007 ", None],
        ["Ana", "Apply", None, None],
        [None, None, None, None],
        ["Ben", "Discover", "two\nlines", "extra"],
    ]


def test_a_quote_that_never_closes_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path / "quote.csv", 'Persona,Stage,Actions\nAna,Discover,"Looks\nBen,Apply,Calls\n'
    )
    report = Report(file=path.name)
    grid = load_delimited(path, report=report)
    [warning] = report.problems
    assert warning.format().startswith("quote.csv: quote!C2: warning MB072 csv-unclosed-quote:")
    assert "the rest of the file (2 lines) was read into this one cell" in warning.message
    assert grid.value(1, 2) == "Looks\nBen,Apply,Calls\n"


def test_a_stray_quote_inside_a_cell_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "inches.csv", 'Persona,Stage,Actions\nAna,Discover,Buys a 5" tablet\n')
    report = Report()
    grid = load_delimited(path, report=report)
    assert grid.value(1, 2) == 'Buys a 5" tablet'
    assert report.problems == []


def test_a_cell_longer_than_any_spreadsheet_cell_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "long.csv", 'Persona,Stage\nAna,"' + "x" * 200_000 + "\n")
    with pytest.raises(UnreadableInput) as caught:
        read_input(path)
    [problem] = caught.value.problems
    assert problem.code == "MB073"
    assert "row 2 has a cell of more than 131,072 characters" in problem.message


# ============================================================== limits


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAPBRIDGE_MAX_UNPACKED_MB", "1")  # a CSV may then be 64 kB
    path = write(tmp_path / "big.csv", JOURNEY_CSV + "Ana,Use,Logs in,1\n" * 5000)
    with mock.patch("mapbridge.importers.tabular.decode_text") as decode:
        result = CliRunner().invoke(cli, ["inspect", str(path)])
    decode.assert_not_called()
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "big.csv: error MB068 input-too-large: the file is 88 kB; a CSV file over 64 kB is refused"
    )
    assert "--max-unpacked-mb" in result.stderr
    # The option raises it, as it raises the workbook limit.
    allowed = CliRunner().invoke(cli, ["inspect", "--max-unpacked-mb", "2", str(path)])
    assert allowed.exit_code == 0, allowed.output


def test_a_csv_whose_grid_is_too_large_is_refused_before_any_cell_is_parsed(
    tmp_path: Path,
) -> None:
    # 6 kB of text that would be a grid of 2,001 rows by 3,001 columns.
    path = write(tmp_path / "wide.csv", "," * 3000 + "\n" + "a\n" * 2000)
    with (
        mock.patch("mapbridge.importers.tabular.csv.reader") as parse,
        pytest.raises(UnreadableInput) as caught,
    ):
        load_delimited(path, report=Report())
    assert all(c.kwargs.get("strict") is None for c in parse.call_args_list)  # sniffing only
    [problem] = caught.value.problems
    assert (problem.code, problem.name, problem.sheet, problem.cell) == (
        "MB008",
        "workbook-too-large",
        "wide",
        "DKK1",
    )
    assert "spans 2,001 rows by 3,001 columns (6,005,001 cells" in problem.message


def test_quoted_delimiters_and_line_breaks_do_not_count_toward_the_grid(tmp_path: Path) -> None:
    # One cell holding 5,000 commas and line breaks is one cell, not a grid of millions.
    path = write(
        tmp_path / "quoted.csv", 'Persona,Stage,Actions\nAna,Discover,"' + ",\n" * 5000 + '"\n' * 1
    )
    grid = load_delimited(path, report=Report())
    assert (grid.height, grid.width) == (2, 3)


# ============================================================== folders


def csv_folder(folder: Path) -> Path:
    folder.mkdir()
    write(folder / "Personas.csv", "Name,Kind,Role\nAna,Research,Saver\nBen,Proto,Shift worker\n")
    write(folder / "journey.csv", JOURNEY_CSV)
    write(folder / "Stages.tsv", "Stage\tDescription\nDiscover\tFinds us\nApply\tSigns up\n")
    return folder


def test_a_folder_of_csv_files_reads_like_one_workbook(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "workshop")
    write(folder / "README.txt", "Exported from Miro")
    write(folder / "old.xlsx", "not read")
    (folder / "archive").mkdir()
    write(folder / ".~lock.journey.csv#", "locked")
    ws, report = read(folder)
    assert [(p.name, p.kind) for p in ws.personas] == [("Ana", "research"), ("Ben", "proto")]
    assert stages(ws, "Ana") == ["Discover", "Apply"]
    entry = ws.journeys[0].entries[0]
    assert (entry.source.sheet, entry.source.cell) == ("journey", "C2")
    [note] = [p for p in report.problems if p.code == "MB074"]
    assert note.severity == "info"
    assert note.format().startswith("workshop: info MB074 files-not-read: ")
    assert "not read: archive/, old.xlsx, README.txt" in note.message
    assert ".~lock" not in note.message
    assert_every_cell_read(ws, 9 + 16 + 6)  # Personas, journey, Stages


def test_sheets_of_a_folder_come_in_name_order_and_keep_distinct_names(tmp_path: Path) -> None:
    from mapbridge.importers.tabular import load_delimited_folder

    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("b.csv", "A.csv", "a.tsv", "c.TSV"):
        write(folder / name, "x,y\n1,2\n" if name.endswith("csv") else "x\ty\n1\t2\n")
    grids = load_delimited_folder(folder, report=Report())
    assert [g.name for g in grids] == ["A", "a.tsv", "b", "c"]


def test_a_folder_without_csv_files_is_refused_with_a_hint_about_csv_folders(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    write(folder / "deck.pptx", "x")
    result = CliRunner().invoke(cli, ["inspect", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "empty: error MB009 is-a-directory: this is a folder, not a workbook, and it holds no "
        ".csv or .tsv files to read as one (it holds deck.pptx)"
    )
    assert "or a folder of .csv/.tsv files" in result.stderr


def test_a_broken_file_in_a_folder_is_located_by_folder_and_sheet(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "workshop")
    (folder / "zz-photo.csv").write_bytes(random.Random(1).randbytes(3000))
    with pytest.raises(UnreadableInput) as caught:
        read_input(folder)
    [problem] = caught.value.problems
    assert problem.format().startswith(
        "workshop: 'zz-photo': error MB002 not-a-workbook: zz-photo.csv is not a CSV file: it "
        "holds binary data"
    )


def test_a_folders_files_count_together_against_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAPBRIDGE_MAX_UNPACKED_MB", "4")  # a folder may then hold 1 MB
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(20):  # 20 files of 60 kB: each under a CSV's 256 kB, together over 1 MB
        write(folder / f"part{i:02}.csv", "a,b\n" + "1,2\n" * 15_000)
    with pytest.raises(UnreadableInput) as caught:
        read_input(folder)
    [problem] = caught.value.problems
    assert (problem.code, problem.name) == ("MB008", "workbook-too-large")
    assert "add up to 1.1 MB; the limit is 1.0 MB" in problem.message


# ============================================================== routing, options, registry, CLI


def test_read_input_passes_the_options_to_every_spreadsheet_reader(tmp_path: Path) -> None:
    options = ReadOptions(sheet_roles={"journey": "rows"})
    inputs = [
        write(tmp_path / "journey.csv", JOURNEY_CSV),
        csv_folder(tmp_path / "folder"),
        LIBREOFFICE_ODS,
        ods_source(tmp_path / "book.xlsx"),
    ]
    for path in inputs:
        with (
            mock.patch(
                "mapbridge.importers.workbook.read_sheets", side_effect=InvalidWorkbook(Report())
            ) as reader,
            pytest.raises(InvalidWorkbook),
        ):
            read_input(path, options=options)
        assert reader.call_args.kwargs["options"] is options, path


def test_a_file_is_read_as_what_its_content_is(tmp_path: Path) -> None:
    ods_named_xlsx = tmp_path / "workshop.xlsx"
    ods_named_xlsx.write_bytes(LIBREOFFICE_ODS.read_bytes())
    ws, report = read(ods_named_xlsx)
    assert [p.name for p in ws.personas] == ["Ana Reyes", "Ben Okafor"]
    [warning] = [p for p in report.problems if p.code == "MB033"]
    assert "named .xlsx but is an OpenDocument spreadsheet" in warning.message
    assert warning.hint.startswith("rename it to .ods")

    xlsx_named_ods = ods_source(tmp_path / "book.ods")
    with Probe(xlsx_named_ods) as probe:
        assert not is_ods(probe)
    ws, report = read(xlsx_named_ods)
    assert len(ws.personas) == 2
    assert "named .ods but is an Excel workbook" in report.problems[0].message


def test_a_text_file_named_ods_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path / "export.ods", JOURNEY_CSV)
    with pytest.raises(UnreadableInput) as caught:
        read_input(path)
    [problem] = caught.value.problems
    assert problem.code == "MB002"
    assert "not an OpenDocument spreadsheet (it looks like a CSV or text export)" in problem.message


def test_the_new_formats_are_registered_and_listed(runner: CliRunner) -> None:
    registry = load_registry()
    assert registry.problems == []
    assert registry.importers["csv"] is DELIMITED_IMPORTER
    assert registry.importers["ods"] is ODS_IMPORTER
    assert registry.providers[("importer", "csv")] == "mapbridge"
    assert registry.importer_for(Path("a.TSV")) is DELIMITED_IMPORTER
    assert registry.importer_for(Path("a.ods")) is ODS_IMPORTER
    result = runner.invoke(cli, ["formats"])
    assert result.exit_code == 0, result.output
    importers = result.stdout.split("Exporters")[0].splitlines()
    assert importers[1] == (
        "  csv          .csv .tsv              Delimited text, one sheet; a folder of them is a "
        "workbook"
    )
    assert "  ods          .ods                   OpenDocument spreadsheet (LibreOffice Calc)" in (
        importers
    )


def test_the_registry_reads_the_new_formats_and_folders_too(tmp_path: Path) -> None:
    assert [p.name for p in read_with_registry(LIBREOFFICE_ODS).personas] == [
        "Ana Reyes",
        "Ben Okafor",
    ]
    folder = csv_folder(tmp_path / "folder")
    assert [p.name for p in read_with_registry(folder).personas] == ["Ana", "Ben"]
    assert len(read_delimited(write(tmp_path / "j.csv", JOURNEY_CSV)).personas) == 2


@pytest.mark.parametrize("kind", ["csv", "folder", "ods"])
def test_inspect_reads_each_new_input_through_the_cli(
    kind: str, tmp_path: Path, runner: CliRunner
) -> None:
    path = {
        "csv": lambda: GOOGLE_CSV,
        "folder": lambda: csv_folder(tmp_path / "workshop"),
        "ods": lambda: LIBREOFFICE_ODS,
    }[kind]()
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    names = {"csv": "Ana Reyes", "folder": "Ana", "ods": "Ben Okafor"}[kind]
    assert names in result.stdout
    as_json = runner.invoke(cli, ["inspect", "--format", "json", str(path)])
    assert as_json.exit_code == 0
    assert Workspace.model_validate_json(as_json.stdout).personas[0].name.startswith("Ana")


# ============================================================== hostile inputs, every command

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _cells(*values: str) -> str:
    return "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )


def _content(tables: str, before: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<office:document-content {ODS_NS}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


def _ods(
    path: Path,
    tables: str,
    *,
    before: str = "",
    manifest: str = MANIFEST,
    mimetype: str = "application/vnd.oasis.opendocument.spreadsheet",
) -> Path:
    """A minimal .ods as the spec lays it out: mimetype first and stored, then the XML parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", _content(tables, before))
    return path


def _ods_bomb(target: Path) -> None:
    """content.xml unpacks to 4 GB of one repeated row, from a few MB."""
    head, tail = _content('<table:table table:name="S">|</table:table>').split("|")
    row = b'<table:table-row><table:table-cell office:value-type="string"><text:p>'
    row += b"a" * 1_000_000 + b"</text:p></table:table-cell></table:table-row>"
    stream, size = b.repeated_deflate(head.encode(), row, BOMB_BYTES // len(row), tail.encode())
    mimetype, crc, real = b.deflated(b"application/vnd.oasis.opendocument.spreadsheet")
    b.write_raw_zip(
        target,
        [
            ("mimetype", mimetype, crc, real, real, real),
            ("content.xml", stream, 0, size, size, size),
        ],
    )


def _ods_entities(target: Path) -> None:
    laughs = '<!DOCTYPE office:document-content [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    table = '<table:table table:name="S"><table:table-row>' + _cells("&lol2;")
    _ods(target, table + "</table:table-row></table:table>", before=laughs)


def _ods_repeated(target: Path) -> None:
    """Two hundred bytes that ask for a sheet of 1,048,576 rows by 16,384 filled columns."""
    _ods(
        target,
        '<table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>",
    )


def _ods_encrypted(target: Path) -> None:
    manifest = MANIFEST.replace(
        'manifest:media-type="text/xml"/>',
        'manifest:media-type="text/xml"><manifest:encryption-data '
        'manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>',
    )
    _ods(target, '<table:table table:name="S"/>', manifest=manifest)


def _odt(target: Path) -> None:
    _ods(target, "", mimetype="application/vnd.oasis.opendocument.text")


def _ods_broken_xml(target: Path) -> None:
    _ods(target, '<table:table table:name="S"><table:table-row>')


def _big_csv(target: Path) -> None:
    with target.open("wb") as handle:
        handle.write(b"Persona,Stage,Actions\n")
        line = b"Ana,Discover," + b"x" * 1000 + b"\n"
        for _ in range(40 * 1024):
            handle.write(line)


def _binary_csv(target: Path) -> None:
    target.write_bytes(random.Random(11).randbytes(8000))


def _utf16_csv(target: Path) -> None:
    target.write_bytes(JOURNEY_CSV.encode("utf-16-le"))


def _wide_csv(target: Path) -> None:
    target.write_text("," * 3000 + "\n" + "a\n" * 2000, encoding="utf-8")


def _empty_folder(target: Path) -> None:
    target.mkdir()


def _folder_with_binary(target: Path) -> None:
    csv_folder(target)
    (target / "zz-photo.csv").write_bytes(random.Random(5).randbytes(3000))


def _reads_ana_and_ben(ws: Workspace) -> None:
    assert [p.name for p in ws.personas] == ["Ana", "Ben"]
    assert stages(ws, "Ana") == ["Discover", "Apply"]


def _new_case(
    id: str,
    build: Any,
    exit_code: int,
    code: str,
    fragment: str,
    name: str,
    **kwargs: Any,
) -> Case:
    def built(target: Path) -> Path:
        build(target)
        return target

    return Case(id, built, exit_code, code, fragment, name=name, **kwargs)


#: The hostile-corpus cases of the new formats (the same Case as tests/hostile/corpus.py).
TABULAR_CASES = [
    _new_case("ods-zip-bomb", _ods_bomb, 2, "MB008", "is a zip bomb", "bomb.ods", unsafe=True),
    _new_case(
        "ods-entity-declaration",
        _ods_entities,
        2,
        "MB007",
        "(an entity bomb or an external-entity read) (in content.xml)",
        "laughs.ods",
        unsafe=True,
    ),
    _new_case(
        "ods-repeated-cells",
        _ods_repeated,
        2,
        "MB008",
        "spans 1,048,576 rows by 16,384 columns",
        "repeated.ods",
        sheet="Sheet1",
        cell="XFD1",
        unsafe=True,
    ),
    _new_case(
        "ods-encrypted", _ods_encrypted, 2, "MB003", "protected with a password", "locked.ods"
    ),
    _new_case(
        "odt-named-ods",
        _odt,
        2,
        "MB002",
        "not a spreadsheet (it is a text document (.odt))",
        "letter.ods",
    ),
    _new_case(
        "ods-broken-xml",
        _ods_broken_xml,
        2,
        "MB006",
        "content.xml is not well-formed XML",
        "broken.ods",
    ),
    _new_case("csv-40-mb", _big_csv, 2, "MB068", "a CSV file over 32 MB is refused", "big.csv"),
    _new_case("csv-binary", _binary_csv, 2, "MB002", "holds binary data", "binary.csv"),
    _new_case(
        "csv-wide-grid",
        _wide_csv,
        2,
        "MB008",
        "spans 2,001 rows by 3,001 columns",
        "wide.csv",
        sheet="wide",
        cell="DKK1",
        unsafe=True,
    ),
    _new_case(
        "csv-utf16-without-bom",
        _utf16_csv,
        0,
        "MB070",
        "UTF-16 LE (it has no byte-order mark)",
        "utf16.csv",
        sheet="utf16",
        check=_reads_ana_and_ben,
    ),
    _new_case(
        "csv-folder-empty",
        _empty_folder,
        2,
        "MB009",
        "this is a folder, not a workbook",
        "empty-folder",
    ),
    _new_case(
        "csv-folder-with-a-binary-file",
        _folder_with_binary,
        2,
        "MB002",
        "zz-photo.csv is not a CSV file",
        "photos",
        sheet="zz-photo",
    ),
]


@pytest.fixture(scope="module")
def tabular_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tabular-corpus")
    for case in TABULAR_CASES:
        case.build(case.path_in(folder))
    return folder


@pytest.mark.parametrize("case", TABULAR_CASES, ids=lambda c: c.id)
def test_hostile_reader(case: Case, tabular_corpus: Path) -> None:
    hostile.test_reader(case, tabular_corpus)


@pytest.mark.parametrize(
    ("case", "command"),
    [(case, command) for case in TABULAR_CASES for command in hostile.COMMANDS],
    ids=lambda x: x if isinstance(x, str) else x.id,
)
def test_hostile_command(case: Case, command: str, tabular_corpus: Path, tmp_path: Path) -> None:
    hostile.test_command(case, command, tabular_corpus, tmp_path)


def test_the_ods_extent_is_checked_before_the_value_reader_runs(tabular_corpus: Path) -> None:
    with (
        mock.patch("mapbridge.importers.tabular.load_sheets") as load,
        pytest.raises(UnreadableInput, match="MB008"),
    ):
        load_ods(tabular_corpus / "repeated.ods")
    load.assert_not_called()
