"""The Overview sheet: the As-of date every status uses, live counts, and how the tracker works."""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mapbridge import __version__
from mapbridge.exporters.tracker import columns as C
from mapbridge.exporters.tracker.cells import (
    DATE_FORMAT,
    HEADER_FILLS,
    HEADER_FONT,
    font,
    put,
    put_formula,
)
from mapbridge.exporters.tracker.conditional_formatting import AMBER, RED, RuleSet
from mapbridge.exporters.tracker.records import run_files
from mapbridge.exporters.tracker.sheet import SheetView
from mapbridge.model import Workspace

AS_OF = "B4"
LAST_RUN = "B5"
CADENCE = "B6"
DUE_SOON = "B7"
DUE_SOON_DEFAULT = 30

#: Workbook names every status formula uses, so formulas read as sentences.
NAMES = {"AsOfDate": AS_OF, "DefaultReviewDays": CADENCE, "DueSoonDays": DUE_SOON}

TITLE_FONT = font(size=16, bold=True, color="0F172A")
MUTED = font(color="64748B")
LABEL = font(bold=True, color="334155")
NUMBER = font(size=12, bold=True)
CENTRE = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")

_ROWS = (("Personas", "personas"), ("Journey maps", "maps"), ("Connections", "connections"))
_COUNT_COLUMNS = ("In workbook", C.STATUS_OVERDUE, "due", C.STATUS_NEVER, C.STATUS_OK)


def find_overview(wb: Workbook) -> Worksheet:
    for ws in wb.worksheets:
        if ws.sheet_properties.codeName == C.OVERVIEW_CODE_NAME:
            return ws
    if C.OVERVIEW_TITLE in wb.sheetnames:
        return wb[C.OVERVIEW_TITLE]
    ws = wb.create_sheet(C.OVERVIEW_TITLE, 0)
    ws.sheet_properties.codeName = C.OVERVIEW_CODE_NAME
    return ws


def _column(view: SheetView, key: str) -> str:
    letter = view.letter(key)
    return f"{view.ref}!${letter}$2:${letter}$1048576"


def write(
    wb: Workbook,
    views: dict[str, SheetView],
    workspace: Workspace,
    run_date: date,
    today: date | None,
    cadence: int,
    created: bool,
    backup_name: str,
) -> Worksheet:
    """Write mapbridge's cells of the Overview; anything people added around them stays."""
    ws = find_overview(wb)
    ws.sheet_properties.tabColor = "0F172A"
    if created:
        ws.column_dimensions["A"].width = 40
        for letter in "BCDEF":
            ws.column_dimensions[letter].width = 19
        ws.column_dimensions["G"].width = 40
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    put(ws["A1"], f"Review tracker: {workspace.title}")
    ws["A1"].font = TITLE_FONT
    source = workspace.source_file or "the workbook"
    files = run_files(workspace)
    if len(files) > 1:
        source = f"{len(files)} files ({source})"
    put(ws["A2"], f"Personas and journey maps from {source}, kept by mapbridge {__version__}.")
    ws["A2"].font = MUTED

    put(ws["A4"], "As of")
    if today is None:
        put_formula(ws[AS_OF], "=TODAY()")
        put(
            ws["C4"],
            "Statuses are computed against this date: =TODAY(), so they age by themselves.",
        )
    else:
        put(ws[AS_OF], today)
        put(
            ws["C4"],
            "Fixed with --today when the tracker was written. Type =TODAY() here to make it live.",
        )
    put(ws["A5"], "Last run of mapbridge")
    put(ws[LAST_RUN], run_date)
    put(ws["A6"], "Default review cadence (days)")
    put(ws[CADENCE], cadence)
    put(ws["C6"], "Used where a row's 'Review every (days)' is blank.")
    put(ws["A7"], "Due soon window (days)")
    if not isinstance(ws[DUE_SOON].value, (int, float)):
        put(ws[DUE_SOON], DUE_SOON_DEFAULT)  # yours after the first run
    put(ws["C7"], "Yours to change: reviews due within this many days show as Due soon.")
    for ref in ("A4", "A5", "A6", "A7"):
        ws[ref].font = LABEL
    for ref in (AS_OF, LAST_RUN):
        ws[ref].number_format = DATE_FORMAT
        ws[ref].font = NUMBER
        ws[ref].alignment = CENTRE
    for ref in (CADENCE, DUE_SOON):
        ws[ref].font = NUMBER
        ws[ref].alignment = CENTRE
    for ref in ("C4", "C6", "C7"):
        ws[ref].font = MUTED

    for name, ref in NAMES.items():
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"{_quote(ws.title)}!${ref[0]}${ref[1:]}"
        )

    # The counts table.
    header_row = 9
    headers = ["Reviews", *_COUNT_COLUMNS]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(header_row, col)
        if text == "due":
            put_formula(cell, '="Due within "&DueSoonDays&" days"')
        else:
            put(cell, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILLS["source"]
        cell.alignment = CENTRE if col > 1 else Alignment(vertical="center")
    for offset, (label, role) in enumerate(_ROWS, start=1):
        row = header_row + offset
        put(ws.cell(row, 1), label)
        ws.cell(row, 1).font = LABEL
        view = views[role]
        src, status = _column(view, "source"), _column(view, "status")
        formulas = [
            f'=COUNTIF({src},"{C.IN_WORKBOOK}")',
            f'=COUNTIF({status},"{C.STATUS_OVERDUE}")',
            f'=COUNTIF({status},"{C.STATUS_DUE_SOON}")',
            f'=COUNTIF({status},"{C.STATUS_NEVER}")',
            f'=COUNTIF({status},"{C.STATUS_OK}")',
        ]
        for col, formula in enumerate(formulas, start=2):
            cell = ws.cell(row, col)
            put_formula(cell, formula)
            cell.font = NUMBER
            cell.alignment = CENTRE
    total_row = header_row + len(_ROWS) + 1
    put(ws.cell(total_row, 1), "All")
    ws.cell(total_row, 1).font = LABEL
    for col in range(2, len(headers) + 1):
        letter = chr(ord("A") + col - 1)
        cell = ws.cell(total_row, col)
        put_formula(cell, f"=SUM({letter}{header_row + 1}:{letter}{total_row - 1})")
        cell.font = NUMBER
        cell.alignment = CENTRE
        cell.fill = PatternFill("solid", fgColor="F1F5F9")
    ws.cell(total_row, 1).fill = PatternFill("solid", fgColor="F1F5F9")

    # Things that need someone.
    maps, links, triggers = views["maps"], views["connections"], views["triggers"]
    flag_range = _column(maps, "flag")
    kind, done = _column(triggers, "kind"), _column(triggers, "done")
    described = _column(triggers, "description")
    attention: list[tuple[str, str]] = [
        (
            "Maps flagged for review (see Review flag)",
            "=" + "+".join(f'COUNTIF({flag_range},"{flag}")' for flag in C.REVIEW_FLAGS),
        ),
        (
            "Persona-map links without an owner",
            # Blank-cell criteria ("") differ between Excel and LibreOffice; "<>" (not blank)
            # means the same in both, so count the links and take away those with an owner.
            f'=COUNTIFS({_column(links, "source")},"{C.IN_WORKBOOK}")'
            f'-COUNTIFS({_column(links, "owner")},"<>",{_column(links, "source")},"{C.IN_WORKBOOK}")',
        ),
        (
            "Open triggers (review not done)",
            # Rows with a type or a description (inclusion-exclusion), not marked done.
            f'=COUNTIFS({kind},"<>",{done},"<>yes")+COUNTIFS({described},"<>",{done},"<>yes")'
            f'-COUNTIFS({kind},"<>",{described},"<>",{done},"<>yes")',
        ),
    ]
    findings = views.get("findings")
    for severity in ("error", "warning"):
        label = f"Findings reported: {severity}s"
        if findings is None:
            attention.append((label, ""))
        else:
            attention.append(
                (
                    label,
                    f'=COUNTIFS({_column(findings, "severity")},"{severity}",'
                    f'{_column(findings, "state")},"{C.FINDING_REPORTED}")',
                )
            )
    first_attention = total_row + 2
    for offset, (label, formula) in enumerate(attention):
        row = first_attention + offset
        put(ws.cell(row, 1), label)
        ws.cell(row, 1).font = LABEL
        cell = ws.cell(row, 2)
        if formula:
            put_formula(cell, formula)
        else:
            put(cell, "not checked")
        cell.font = NUMBER
        cell.alignment = CENTRE
    last_attention = first_attention + len(attention) - 1

    rules = RuleSet()
    rules.add(f"C{header_row + 1}:C{total_row}", "C10>0", RED)
    rules.add(f"D{header_row + 1}:D{total_row}", "D10>0", AMBER)
    rules.add(
        f"B{first_attention}:B{last_attention}",
        f"AND(ISNUMBER(B{first_attention}),B{first_attention}>0)",
        AMBER,
    )
    rules.apply(ws)

    # How it works, and the colour legend.
    help_row = last_attention + 2
    put(ws.cell(help_row, 1), "How this tracker works")
    ws.cell(help_row, 1).font = font(size=12, bold=True, color="0F172A")
    lines = [
        "• Slate columns come from the workbook and are refreshed on every run.",
        "• Teal columns are yours: mapbridge fills them once, when it adds a row, and never overwrites them.",
        "• Purple columns are live formulas, computed against the As-of date above.",
        "• Overdue: the next review date has passed. Due soon: it falls within the window above. "
        "Never reviewed: no Last reviewed date.",
        "• A map's Review flag appears when its persona changed, the map changed, or the persona was "
        "reviewed after the map's last review.",
        "   Typing a newer Last reviewed date on the map clears the flag.",
        # One line for both (a new line here would move the legend of trackers already written).
        "• Nothing is deleted: personas, maps and links that leave the workbook are marked "
        f"'{C.REMOVED}' ('{C.FILE_MISSING}' when their whole file was not read), insights "
        f"(Insights sheet) that no longer hold '{C.INSIGHT_GONE}'; all are greyed out.",
        "• Add your own columns and sheets anywhere; keep the header texts mapbridge wrote, "
        "that is how it finds its columns again.",
        "• Every row of the Triggers sheet is yours. The Change log sheet lists what each run "
        "added, changed or marked removed.",
        f"• Each run keeps the previous file beside this one as {backup_name}.",
    ]
    for offset, text in enumerate(lines, start=1):
        put(ws.cell(help_row + offset, 1), text)
    legend_row = help_row + len(lines) + 2
    put(ws.cell(legend_row, 1), "Legend")
    ws.cell(legend_row, 1).font = LABEL
    for col, (role, text) in enumerate(
        (("source", "From the workbook"), ("user", "Yours"), ("formula", "Live formula")),
        start=2,
    ):
        cell = ws.cell(legend_row, col)
        put(cell, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILLS[role]
        cell.alignment = CENTRE
    return ws


def _quote(title: str) -> str:
    from openpyxl.utils import quote_sheetname

    return quote_sheetname(title)
