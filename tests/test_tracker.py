"""The review tracker: sheets and Excel features, re-runs that keep every hand edit, refusals, backups."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from mapbridge.errors import Problem, UsageError
from mapbridge.exporters.tracker import backup_path, write_tracker
from mapbridge.model import Trigger
from tests.factories import make_workspace
from tests.tracker_helpers import cell, changed_workspace, find_row, headers

DAY1 = date(2026, 11, 29)
DAY2 = date(2026, 12, 6)

SHEETS = [
    "Overview",
    "Personas",
    "Journey maps",
    "Connections",
    "Triggers",
    "Insights",
    "Findings",
    "Change log",
]


def finding(code: str = "MB109", cell_ref: str = "A2", message: str = "Stale.") -> Problem:
    return Problem(
        code=code,
        name="stale-persona",
        severity="warning",
        message=message,
        hint="Review it.",
        sheet="Personas",
        cell=cell_ref,
    )


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, findings=[finding()])
    return path


def test_a_new_tracker_has_every_sheet_in_order_and_a_very_hidden_state_sheet(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    assert wb.sheetnames[:-1] == SHEETS
    state = wb.worksheets[-1]
    assert state.sheet_state == "veryHidden"
    assert state["A1"].value == "mapbridge review tracker"
    assert all(wb[name].sheet_state == "visible" for name in SHEETS)
    assert wb.active.title == "Overview"


def test_personas_sheet_holds_real_dates_live_formulas_and_seeded_review_info(tracker: Path):
    ws = openpyxl.load_workbook(tracker)["Personas"]
    assert list(headers(ws)) == [
        "ID",
        "Persona",
        "Kind",
        "Owner",
        "Last reviewed",
        "Review every (days)",
        "Next review due",
        "Status",
        "Linked maps",
        "Found in",
        "Content changed on",
        "Source",
        "Notes",
    ]
    assert cell(ws, "Persona", "ID", "ben-okafor").value == "Ben Okafor"
    assert cell(ws, "Kind", "ID", "ben-okafor").value == "proto"
    assert cell(ws, "Owner", "ID", "ana-reyes").value == "CX Research"
    reviewed = cell(ws, "Last reviewed", "ID", "ana-reyes")
    assert reviewed.value == datetime(2026, 9, 1)
    assert reviewed.is_date
    assert cell(ws, "Review every (days)", "ID", "ana-reyes").value == 90
    assert cell(ws, "Status", "ID", "ana-reyes").value.startswith("=IF(")
    assert "AsOfDate" in cell(ws, "Status", "ID", "ana-reyes").value
    assert cell(ws, "Linked maps", "ID", "ana-reyes").value == "Open an account"
    assert cell(ws, "Source", "ID", "ana-reyes").value == "in workbook"
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:M5"


def test_one_row_per_map_and_per_persona_map_link(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    maps, links = wb["Journey maps"], wb["Connections"]
    assert maps.max_row == 5 and links.max_row == 5
    assert cell(maps, "Stages", "Map ID", "open-an-account--ana-reyes").value == (
        "Discover → Compare → Apply → Verify ID → First use → Support"
    )
    assert cell(links, "Link owner", "Persona ID", "ben-okafor").value == "CX lead"
    assert cell(links, "Last reviewed together", "Persona ID", "ben-okafor").is_date


def test_dropdowns_cover_kind_trigger_type_yes_no_and_source(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    lists = {
        (ws.title, dv.formula1)
        for ws in wb.worksheets
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert ("Personas", '"research,proto,segment,unspecified"') in lists
    assert (
        "Triggers",
        '"product launch,market shift,quarterly research cycle,new research,other"',
    ) in lists
    assert ("Triggers", '"yes,no"') in lists
    assert ("Journey maps", '"in workbook,removed from source,file missing"') in lists
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            # Excel rejects (repairs) list validations longer than 255 characters.
            assert len(dv.formula1 or "") <= 255
    dates = [dv for dv in wb["Personas"].data_validations.dataValidation if dv.type == "date"]
    assert dates and str(dates[0].sqref).startswith("E2:E")


def test_conditional_formatting_marks_overdue_red_and_due_soon_amber(tracker: Path):
    ws = openpyxl.load_workbook(tracker)["Personas"]
    rules = {
        rule.formula[0]: rule.dxf
        for block in ws.conditional_formatting
        for rule in block.rules
        if rule.formula
    }
    assert rules['$H2="Overdue"'].fill.bgColor.rgb.endswith("FFE4E6")
    assert rules['$H2="Due soon"'].fill.bgColor.rgb.endswith("FEF3C7")


def test_no_parts_that_make_excel_repair_the_file(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        assert not ws.tables, ws.title
    assert set(wb.defined_names) >= {"AsOfDate", "DefaultReviewDays", "DueSoonDays"}
    assert wb.defined_names["AsOfDate"].attr_text == "'Overview'!$B$4"
    with zipfile.ZipFile(tracker) as package:
        assert "xl/workbook.xml" in package.namelist()


def test_overview_as_of_is_today_unless_fixed(tmp_path: Path, tracker: Path):
    assert openpyxl.load_workbook(tracker)["Overview"]["B4"].value == datetime(2026, 11, 29)
    live = tmp_path / "live.xlsx"
    write_tracker(make_workspace(), live)
    assert openpyxl.load_workbook(live)["Overview"]["B4"].value == "=TODAY()"


def test_round_trip_keeps_every_hand_edit_and_logs_the_changes(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    write_tracker(workspace, path, today=DAY1)

    # A person edits the tracker in Excel (here: with openpyxl).
    wb = openpyxl.load_workbook(path)
    personas, maps, links = wb["Personas"], wb["Journey maps"], wb["Connections"]
    triggers, overview = wb["Triggers"], wb["Overview"]
    cell(personas, "Owner", "ID", "ana-reyes").value = "Maria Lopez"
    note = cell(personas, "Notes", "ID", "ana-reyes")
    note.value = "Check the quote with the research team"
    note.font = Font(bold=True, color="C00000")
    cell(personas, "Last reviewed", "ID", "ben-okafor").value = datetime(2026, 11, 1)
    cell(personas, "Review every (days)", "ID", "chloe-martin").value = 30
    cell(personas, "Notes", "ID", "dev-patel").value = "Retire after Q1?"
    priority = personas.max_column + 1
    personas.cell(1, priority).value = "Priority"
    cell(personas, "Persona", "ID", "ben-okafor")  # rows are found by id, not position
    personas.cell(find_row(personas, "ID", "ben-okafor"), priority).value = "high"
    maps.insert_cols(3)  # a column in the middle: every mapbridge column after it moves
    maps.cell(1, 3).value = "Squad"
    maps.cell(find_row(maps, "Map ID", "open-an-account--ana-reyes"), 3).value = "Squad A"
    cell(maps, "Owner", "Map ID", "open-an-account--chloe-martin").value = "Sam Wu"
    cell(maps, "Notes", "Map ID", "open-an-account--ana-reyes").value = "Workshop 2 redo"
    cell(links, "Link owner", "Persona ID", "ben-okafor").value = "Jo Park"
    cell(links, "Last reviewed together", "Persona ID", "ben-okafor").value = datetime(2026, 11, 20)
    triggers.append([datetime(2026, 12, 1), "product launch", "App 3.0", "all", "no", ""])
    triggers.append([datetime(2026, 12, 3), "new research", "Diary study", "Ben Okafor", "yes"])
    extra = wb.create_sheet("Workshop notes")
    extra["A1"] = "Our notes"
    extra["B2"] = "=1+1"
    overview["B7"] = 14
    wb.save(path)

    result = write_tracker(changed_workspace(workspace), path, today=DAY2)

    wb = openpyxl.load_workbook(path)
    personas, maps, links = wb["Personas"], wb["Journey maps"], wb["Connections"]
    # Every hand edit is intact.
    assert cell(personas, "Owner", "ID", "ana-reyes").value == "Maria Lopez"
    note = cell(personas, "Notes", "ID", "ana-reyes")
    assert note.value == "Check the quote with the research team"
    assert note.font.bold and note.font.color.rgb.endswith("C00000")
    assert cell(personas, "Last reviewed", "ID", "ben-okafor").value == datetime(2026, 11, 1)
    assert cell(personas, "Review every (days)", "ID", "chloe-martin").value == 30
    assert cell(personas, "Priority", "ID", "ben-okafor").value == "high"
    assert cell(maps, "Squad", "Map ID", "open-an-account--ana-reyes").value == "Squad A"
    assert cell(maps, "Owner", "Map ID", "open-an-account--chloe-martin").value == "Sam Wu"
    assert cell(maps, "Notes", "Map ID", "open-an-account--ana-reyes").value == "Workshop 2 redo"
    assert cell(links, "Link owner", "Persona ID", "ben-okafor").value == "Jo Park"
    assert cell(links, "Last reviewed together", "Persona ID", "ben-okafor").value == datetime(
        2026, 11, 20
    )
    rows = list(wb["Triggers"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:5] == (datetime(2026, 12, 1), "product launch", "App 3.0", "all", "no")
    assert rows[1][:5] == (
        datetime(2026, 12, 3),
        "new research",
        "Diary study",
        "Ben Okafor",
        "yes",
    )
    assert wb["Workshop notes"]["A1"].value == "Our notes"
    assert wb["Workshop notes"]["B2"].value == "=1+1"
    assert wb["Overview"]["B7"].value == 14

    # The removed persona is marked, never deleted, and keeps its note.
    assert cell(personas, "Source", "ID", "dev-patel").value == "removed from source"
    assert cell(personas, "Notes", "ID", "dev-patel").value == "Retire after Q1?"
    assert cell(maps, "Source", "Map ID", "open-an-account--dev-patel").value == (
        "removed from source"
    )
    # The new persona is appended, seeded from the workbook.
    assert find_row(personas, "ID", "eva-novak") == 6
    assert cell(personas, "Owner", "ID", "eva-novak").value == "Lee Chan"
    assert cell(maps, "Source", "Map ID", "open-an-account--eva-novak").value == "in workbook"
    # The renamed stage changed Ana's map: the date of the change is recorded.
    ana_map = "open-an-account--ana-reyes"
    assert cell(maps, "Map changed on", "Map ID", ana_map).value == datetime(2026, 12, 6)
    assert "Check identity" in cell(maps, "Stages", "Map ID", ana_map).value
    # Formulas follow the columns that moved.
    status = cell(maps, "Status", "Map ID", ana_map)
    last_reviewed = openpyxl.utils.get_column_letter(headers(maps)["Last reviewed"])
    assert f"ISNUMBER(${last_reviewed}{status.row})" in status.value

    # The run is logged in the Change log and in the result.
    log = [r for r in wb["Change log"].iter_rows(min_row=2, values_only=True) if r[0] == 2]
    actions = {(r[2], r[3], r[4]) for r in log}
    assert ("added", "persona", "eva-novak") in actions
    assert ("marked removed", "persona", "dev-patel") in actions
    assert ("changed", "map", ana_map) in actions
    detail = next(r[6] for r in log if r[2] == "changed" and r[4] == ana_map)
    assert "stage 'Verify ID' renamed to 'Check identity'" in detail
    assert log[0][2] == "run"
    assert "1 marked removed" not in log[0][6]  # persona, map and link were removed: 3
    assert {c.id for c in result.removed} == {
        "dev-patel",
        "open-an-account--dev-patel",
        "dev-patel/open-an-account--dev-patel",
    }
    assert not result.warnings


def test_a_changed_persona_records_the_date_and_flags_its_maps(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    write_tracker(workspace, path, today=DAY1)
    changed = workspace.model_copy(deep=True)
    changed.personas[0].goals.append("Open the account from abroad")
    result = write_tracker(changed, path, today=DAY2)
    ws = openpyxl.load_workbook(path)["Personas"]
    assert cell(ws, "Content changed on", "ID", "ana-reyes").value == datetime(2026, 12, 6)
    assert cell(ws, "Content changed on", "ID", "ben-okafor").value is None
    (change,) = result.changed
    assert change.id == "ana-reyes"
    assert "changed goals" in change.detail
    assert "persona changed after map review" in change.detail
    assert "open-an-account--ana-reyes" in change.detail


def test_workbook_review_info_seeds_new_rows_only(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    write_tracker(workspace, path, today=DAY1)
    wb = openpyxl.load_workbook(path)
    cell(wb["Personas"], "Owner", "ID", "ana-reyes").value = None  # cleared on purpose
    wb.save(path)
    changed = workspace.model_copy(deep=True)
    changed.personas[0].owner = "Someone New"
    changed.personas[0].last_reviewed = date(2026, 12, 1)
    write_tracker(changed, path, today=DAY2)
    ws = openpyxl.load_workbook(path)["Personas"]
    assert cell(ws, "Owner", "ID", "ana-reyes").value is None
    assert cell(ws, "Last reviewed", "ID", "ana-reyes").value == datetime(2026, 9, 1)


def test_a_persona_that_comes_back_is_restored(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    write_tracker(workspace, path, today=DAY1)
    write_tracker(changed_workspace(workspace), path, today=DAY2)
    result = write_tracker(workspace, path, today=date(2026, 12, 10))
    ws = openpyxl.load_workbook(path)["Personas"]
    assert cell(ws, "Source", "ID", "dev-patel").value == "in workbook"
    assert cell(ws, "Source", "ID", "eva-novak").value == "removed from source"
    assert "dev-patel" in {c.id for c in result.restored}
    assert ws.max_row == 6  # nobody was added twice


def test_rows_are_found_by_id_after_people_sort_them(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1)
    wb = openpyxl.load_workbook(path)
    ws = wb["Personas"]
    first, last = list(ws[2]), list(ws[5])
    values = [(a.value, b.value) for a, b in zip(first, last, strict=True)]
    for (a_value, b_value), a, b in zip(values, first, last, strict=True):
        a.value, b.value = b_value, a_value  # sorted Z to A, roughly
    cell(ws, "Owner", "ID", "ana-reyes").value = "Maria Lopez"
    wb.save(path)
    write_tracker(make_workspace(), path, today=DAY2)
    ws = openpyxl.load_workbook(path)["Personas"]
    assert find_row(ws, "ID", "ana-reyes") == 5
    assert cell(ws, "Owner", "ID", "ana-reyes").value == "Maria Lopez"
    assert cell(ws, "Persona", "ID", "ana-reyes").value == "Ana Reyes"
    assert "$E5" in cell(ws, "Status", "ID", "ana-reyes").value


def test_workbook_triggers_are_seeded_once(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    workspace.triggers = [
        Trigger(when=date(2026, 10, 15), kind="product launch", description="App 3.0", done=False)
    ]
    write_tracker(workspace, path, today=DAY1)
    wb = openpyxl.load_workbook(path)
    ws = wb["Triggers"]
    assert [c.value for c in ws[2]][:5] == [
        datetime(2026, 10, 15),
        "product launch",
        "App 3.0",
        None,
        "no",
    ]
    ws.delete_rows(2)  # people may delete a trigger: it must not come back
    wb.save(path)
    write_tracker(workspace, path, today=DAY2)
    assert openpyxl.load_workbook(path)["Triggers"].max_row == 1


def test_findings_are_kept_and_marked_when_no_longer_reported(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    stale, other = finding(), finding("MB112", "B3", "No owner.")
    write_tracker(make_workspace(), path, today=DAY1, findings=[stale, other])
    wb = openpyxl.load_workbook(path)
    ws = wb["Findings"]
    assert ws.max_row == 3
    first_id = ws["A2"].value
    assert ws["G2"].value == "Personas!A2"
    ws.cell(2, headers(ws)["Notes"]).value = "Ana is on leave"
    wb.save(path)
    result = write_tracker(make_workspace(), path, today=DAY2, findings=[other])
    ws = openpyxl.load_workbook(path)["Findings"]
    assert cell(ws, "State", "Finding ID", first_id).value == "no longer reported"
    assert cell(ws, "Notes", "Finding ID", first_id).value == "Ana is on leave"
    assert cell(ws, "First reported", "Finding ID", first_id).value == datetime(2026, 11, 29)
    assert [c.id for c in result.removed] == [first_id]
    # Without findings (checks not run) the sheet is left exactly as it is.
    write_tracker(make_workspace(), path, today=DAY2)
    ws = openpyxl.load_workbook(path)["Findings"]
    assert cell(ws, "State", "Finding ID", first_id).value == "no longer reported"


def test_no_findings_sheet_until_findings_are_given(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1)
    assert "Findings" not in openpyxl.load_workbook(path).sheetnames
    write_tracker(make_workspace(), path, today=DAY2, findings=[finding()])
    names = openpyxl.load_workbook(path).sheetnames
    assert names.index("Findings") == names.index("Change log") - 1


def test_previous_file_is_kept_as_a_backup(tmp_path: Path, tracker: Path):
    before = tracker.read_bytes()
    result = write_tracker(make_workspace(), tracker, today=DAY2)
    assert result.backup == tmp_path / "tracker.backup.xlsx" == backup_path(tracker)
    assert result.backup.read_bytes() == before
    assert openpyxl.load_workbook(result.backup)["Overview"]["B4"].value == datetime(2026, 11, 29)


def test_a_failed_write_leaves_the_old_tracker_intact(tmp_path: Path, tracker: Path, monkeypatch):
    before = tracker.read_bytes()

    def broken_save(self, filename):
        Path(filename).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError):
        write_tracker(make_workspace(), tracker, today=DAY2)
    assert tracker.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.xlsx"]


def test_a_workbook_that_is_not_a_tracker_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "workshop.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Personas"
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(UsageError, match="not a mapbridge review tracker"):
        write_tracker(make_workspace(), path, today=DAY1)
    assert path.read_bytes() == before
    assert not backup_path(path).exists()


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    path.write_text("name,owner\n")
    with pytest.raises(UsageError, match="cannot be opened as an Excel workbook"):
        write_tracker(make_workspace(), path, today=DAY1)
    assert path.read_text() == "name,owner\n"


def test_only_xlsx_files(tmp_path: Path):
    with pytest.raises(UsageError, match="xlsx"):
        write_tracker(make_workspace(), tmp_path / "tracker.csv")


def test_rerun_recreates_a_deleted_mapbridge_column_and_warns(tmp_path: Path, tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    ws = wb["Personas"]
    ws.delete_cols(headers(ws)["Linked maps"])
    wb.save(tracker)
    result = write_tracker(make_workspace(), tracker, today=DAY2)
    ws = openpyxl.load_workbook(tracker)["Personas"]
    assert cell(ws, "Linked maps", "ID", "ana-reyes").value == "Open an account"
    assert result.warnings == [
        "column 'Linked maps' was missing on sheet 'Personas', so it was added"
    ]


def test_a_range_people_turned_into_an_excel_table_grows_with_new_rows(tmp_path: Path):
    from openpyxl.worksheet.table import Table

    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    write_tracker(workspace, path, today=DAY1)
    wb = openpyxl.load_workbook(path)
    ws = wb["Personas"]
    ws.auto_filter.ref = None  # Excel removes the filter when a range becomes a table
    ws.add_table(Table(displayName="People", ref="A1:L5"))
    wb.save(path)
    write_tracker(changed_workspace(workspace), path, today=DAY2)
    ws = openpyxl.load_workbook(path)["Personas"]
    assert ws.tables["People"].ref == "A1:L6"
    assert ws.auto_filter.ref is None  # a sheet filter over a table makes Excel repair the file


def test_a_shared_map_gets_a_row_but_no_persona_link(tmp_path: Path):
    from tests.factories import make_journey

    workspace = make_workspace(n_personas=2)
    workspace.journeys.append(make_journey("Open an account", None, first_row=40))
    path = tmp_path / "tracker.xlsx"
    write_tracker(workspace, path, today=DAY1)
    wb = openpyxl.load_workbook(path)
    maps = wb["Journey maps"]
    shared = "open-an-account--shared"
    assert cell(maps, "Persona", "Map ID", shared).value == "All personas (shared map)"
    assert cell(maps, "Persona ID", "Map ID", shared).value is None
    assert wb["Connections"].max_row == 3  # the two personas' own maps only


def test_an_unstated_kind_is_written_as_unspecified_and_a_stated_one_replaces_it(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace(2)
    workspace.personas[0].kind = "unspecified"
    write_tracker(workspace, path, today=DAY1)

    wb = openpyxl.load_workbook(path)
    personas = wb["Personas"]
    assert cell(personas, "Kind", "ID", "ana-reyes").value == "unspecified"
    assert cell(personas, "Kind", "ID", "ben-okafor").value == "proto"
    [kind_list] = [
        dv
        for dv in personas.data_validations.dataValidation
        if dv.formula1 and "proto" in dv.formula1
    ]
    assert "unspecified (the workbook does not say)" in kind_list.prompt
    cell(personas, "Owner", "ID", "ana-reyes").value = "Maria Lopez"
    cell(personas, "Notes", "ID", "ana-reyes").value = "Ask research which kind she is"
    wb.save(path)

    # The workshop adds a Kind column: Ana turns out to be research-based.
    workspace.personas[0].kind = "research"
    write_tracker(workspace, path, today=DAY2)

    wb = openpyxl.load_workbook(path)
    personas = wb["Personas"]
    assert cell(personas, "Kind", "ID", "ana-reyes").value == "research"
    assert cell(personas, "Owner", "ID", "ana-reyes").value == "Maria Lopez"
    assert cell(personas, "Notes", "ID", "ana-reyes").value == "Ask research which kind she is"
    log = [r for r in wb["Change log"].iter_rows(min_row=2, values_only=True) if r[0] == 2]
    detail = next(r[6] for r in log if r[2] == "changed" and r[4] == "ana-reyes")
    assert "kind unspecified to research" in detail
