"""The tracker's Insights sheet: one row per insight, refreshed by re-runs that keep people's columns."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from mapbridge.cli import cli
from mapbridge.exporters.tracker import write_tracker
from mapbridge.insights import (
    ChannelUse,
    EmotionGap,
    Groupings,
    Insights,
    Interaction,
    Item,
    JourneyInsights,
    MapPair,
    Opportunity,
    OwnPersona,
    PersonaScore,
    Source,
)
from mapbridge.model import slugify
from tests.factories import make_workspace
from tests.render_helpers import assert_valid_packages
from tests.tracker_helpers import cell, find_row, headers
from tests.workbooks import make_xlsx, persona_rows

DAY1 = date(2026, 11, 29)
DAY2 = date(2026, 12, 6)

ANA, BEN = ("ana-reyes", "Ana Reyes"), ("ben-okafor", "Ben Okafor")
ANA_MAP, BEN_MAP = "open-an-account--ana-reyes", "open-an-account--ben-okafor"

COLUMNS = [
    "Insight ID",
    "Journey",
    "Kind",
    "Stage",
    "Personas",
    "What",
    "Figure",
    "Measure",
    "Action / decision",
    "Owner",
    "Notes",
    "State",
    "First found",
    "Source cells",
]


def at(*cells: str) -> list[Source]:
    return [Source("Journey", c) for c in cells]


def score(who: tuple[str, str], value: float, typed: str, ref: str) -> PersonaScore:
    return PersonaScore(who[0], who[1], value, typed, at(ref))


def gap(spread: float = 1.5, ben: str = "-2 (frustrated)") -> EmotionGap:
    low = score(BEN, 0.5 - spread, ben, "G11")
    high = score(ANA, 0.5, "+1", "G5")
    return EmotionGap("verify-id", "Verify ID", spread, low, high, [high, low])


def item(
    stage: str, texts: list[str], who: list[tuple[str, str]], refs: list[str], cls: type = Item
) -> Item:
    fields = {
        "stage_id": slugify(stage),
        "stage": stage,
        "text": texts[0],
        "persona_ids": [w[0] for w in who],
        "personas": [w[1] for w in who],
        "texts": texts,
        "sources": at(*refs),
    }
    if cls is Opportunity:
        pain = {w[0]: 0.5 for w in who}
        return Opportunity(**fields, pain=pain, priority=len(who) + sum(pain.values()))
    return Item(**fields)


SPECIFIC = item("Verify ID", ["Selfie check rejects my photo"], [BEN], ["H11"])
SHARED = item(
    "Apply",
    ["Too many forms to fill", "Too many forms to fill in"],
    [ANA, BEN],
    ["H4", "H10"],
)
OPPORTUNITY = item(
    "Apply", ["Prefill the form from the ID"], [ANA, BEN], ["I4", "I10"], Opportunity
)
CHANNEL = ChannelUse(
    "touchpoints", "Branch visit", BEN[0], BEN[1], ["Verify ID", "Support"], at("E11", "E13")
)
LINK = Interaction(
    relation="caused_by",
    verb="caused by",
    persona_id=BEN[0],
    persona=BEN[1],
    stage_id="verify-id",
    stage="Verify ID",
    target_persona_id=ANA[0],
    target=ANA[1],
    target_stage_id="apply",
    target_stage="Apply",
    note="she skips the ID step",
    text="Ana Reyes › Apply: she skips the ID step",
    resolved=True,
    problem="",
    cross_persona_pain=True,
    pains=["Selfie check rejects my photo"],
    source=Source("Journey", "J11"),
)
PAIR = MapPair(
    first_id=ANA_MAP,
    first="Ana Reyes's map (research)",
    second_id=BEN_MAP,
    second="Ben Okafor's map (proto-persona)",
    stage_overlap=1.0,
    pain_similarity=0.8,
    emotion_similarity=0.9,
    similarity=0.9,
)
OWN = OwnPersona(BEN_MAP, "Ben Okafor's map (proto-persona)", ANA_MAP, "Ana Reyes's map", 0.42)


def journey(**changes: object) -> JourneyInsights:
    base = JourneyInsights(
        key="open-an-account",
        journey="Open an account",
        personas=[ANA[1], BEN[1]],
        persona_ids=[ANA[0], BEN[0]],
        gaps=[gap()],
        specific_pains=[SPECIFIC],
        shared_pains=[SHARED],
        opportunities=[OPPORTUNITY],
        single_persona_channels=[CHANNEL],
        interactions=[LINK],
        groupings=Groupings(weak=[BEN[1]], merge=[PAIR], own_persona=[OWN], pairs=[PAIR]),
    )
    return replace(base, **changes)


def found(**changes: object) -> Insights:
    return Insights(title="Retail banking workshop", journeys=[journey(**changes)])


def rows(ws) -> list[dict[str, object]]:
    """Every row of a sheet as header -> value, the way a person reads it."""
    names = list(headers(ws))
    return [
        dict(zip(names, r, strict=False))
        for r in ws.iter_rows(min_row=2, max_col=len(names), values_only=True)
        if any(v is not None for v in r)
    ]


def row_of(ws, kind: str) -> dict[str, object]:
    (match,) = [r for r in rows(ws) if r["Kind"] == kind]
    return match


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=found())
    return path


# ------------------------------------------------------------------------------ what people see


def test_the_insights_sheet_sits_before_the_findings_and_the_change_log(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=found(), findings=[])
    names = openpyxl.load_workbook(path).sheetnames
    assert names[:-1] == [
        "Overview",
        "Personas",
        "Journey maps",
        "Connections",
        "Triggers",
        "Insights",
        "Findings",
        "Change log",
    ]


def test_one_row_per_insight_with_what_a_reviewer_reads(tracker: Path):
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert list(headers(ws)) == COLUMNS
    assert [r["Kind"] for r in rows(ws)] == [
        "emotion gap",
        "persona-specific pain",
        "shared pain",
        "opportunity",
        "one-persona channel",
        "interaction",
        "merge candidate",
        "own-persona candidate",
    ]
    assert all(r["Journey"] == "Open an account" for r in rows(ws))
    assert all(r["State"] == "current" for r in rows(ws))
    assert all(r["First found"] == datetime(2026, 11, 29) for r in rows(ws))
    assert all(r[c] is None for r in rows(ws) for c in ("Action / decision", "Owner", "Notes"))

    assert {k: v for k, v in row_of(ws, "emotion gap").items() if k in COLUMNS[2:8]} == {
        "Kind": "emotion gap",
        "Stage": "Verify ID",
        "Personas": "Ana Reyes, Ben Okafor",
        "What": "Ben Okafor -2 (frustrated) vs Ana Reyes +1",
        "Figure": 1.5,
        "Measure": "75% of the emotion scale",
    }
    assert row_of(ws, "emotion gap")["Source cells"] == "Journey!G11, G5"

    specific = row_of(ws, "persona-specific pain")
    assert (specific["Stage"], specific["Personas"], specific["What"]) == (
        "Verify ID",
        "Ben Okafor",
        "Selfie check rejects my photo",
    )
    assert (specific["Figure"], specific["Measure"]) == (1, "1 persona names it")
    shared = row_of(ws, "shared pain")
    assert shared["What"] == "Too many forms to fill\nalso: Too many forms to fill in"
    assert (shared["Personas"], shared["Measure"]) == (
        "Ana Reyes, Ben Okafor",
        "2 personas name it",
    )
    assert shared["Source cells"] == "Journey!H4, H10"

    opportunity = row_of(ws, "opportunity")
    assert (opportunity["What"], opportunity["Figure"]) == ("Prefill the form from the ID", 3)
    assert opportunity["Measure"] == (
        "priority: 2 personas + pain 1.00 (Ana Reyes 0.50, Ben Okafor 0.50)"
    )
    channel = row_of(ws, "one-persona channel")
    assert (channel["Stage"], channel["What"]) == (
        "Verify ID, Support",
        "Branch visit: a touchpoint only Ben Okafor uses",
    )
    assert channel["Figure"] is None

    link = row_of(ws, "interaction")
    assert link["Stage"] == "Verify ID → Apply"
    assert link["Personas"] == "Ben Okafor, Ana Reyes"
    assert link["What"] == LINK.sentence + "\ncross-persona pain: Selfie check rejects my photo"
    assert (link["Measure"], link["Source cells"]) == ("Caused by", "Journey!J11")

    merge = row_of(ws, "merge candidate")
    assert merge["What"] == (
        "Ana Reyes's map (research) and Ben Okafor's map (proto-persona) are near-identical: "
        "candidates to merge"
    )
    assert (merge["Personas"], merge["Figure"]) == ("Ana Reyes, Ben Okafor", 0.9)
    assert merge["Measure"] == "similarity: stages 100%, pains 80%, emotions 90%"
    assert merge["Source cells"] == "Journey!A2, A8"  # where each map starts
    own = row_of(ws, "own-persona candidate")
    assert own["What"].startswith("Ben Okafor's map (proto-persona) diverges from every other map")
    assert (own["Personas"], own["Figure"], own["Stage"]) == ("Ben Okafor", 0.42, None)


def test_insight_ids_name_the_family_and_stay_the_same_for_the_same_insight(
    tracker: Path, tmp_path: Path
):
    ws = openpyxl.load_workbook(tracker)["Insights"]
    ids = [r["Insight ID"] for r in rows(ws)]
    assert [i.split("-")[0] for i in ids] == [
        "gap",
        "pain",
        "pain",
        "opp",
        "chan",
        "link",
        "merge",
        "own",
    ]
    assert all(re.fullmatch(r"[a-z]+-[0-9a-f]{8}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    again = tmp_path / "again.xlsx"
    write_tracker(make_workspace(), again, today=DAY2, insights=found())
    assert [r["Insight ID"] for r in rows(openpyxl.load_workbook(again)["Insights"])] == ids


def test_the_sheet_is_styled_like_the_other_tracker_sheets(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    ws = wb["Insights"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:N9"
    assert ws.sheet_properties.tabColor.rgb.endswith("CA8A04")
    col = headers(ws)
    # Slate for mapbridge's columns, teal for people's, like the Personas sheet.
    assert ws.cell(1, col["What"]).fill.fgColor.rgb.endswith("334155")
    assert ws.cell(1, col["Action / decision"]).fill.fgColor.rgb.endswith("0F766E")
    assert ws.cell(1, 1).font.bold
    widths = {
        h: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for h, c in col.items()
    }
    assert widths["What"] == 50 and widths["Action / decision"] == 34
    shared = find_row(ws, "Kind", "shared pain")
    assert ws.cell(shared, col["What"]).alignment.wrap_text
    assert ws.row_dimensions[shared].height >= 32  # two lines of wrapped text show
    merge = find_row(ws, "Kind", "merge candidate")
    assert ws.cell(merge, col["Figure"]).number_format == "0%"
    assert ws.cell(find_row(ws, "Kind", "emotion gap"), col["First found"]).number_format == (
        "yyyy-mm-dd"
    )
    dropdowns = {
        str(dv.sqref).split(":")[0]: dv.formula1
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    kind = openpyxl.utils.get_column_letter(col["Kind"])
    assert "emotion gap" in dropdowns[f"{kind}2"] and "merge candidate" in dropdowns[f"{kind}2"]
    state = openpyxl.utils.get_column_letter(col["State"])
    assert dropdowns[f"{state}2"] == '"current,no longer found"'
    rules = [r.formula[0] for block in ws.conditional_formatting for r in block.rules]
    assert f'${state}2="no longer found"' in rules


def test_a_link_to_a_persona_nobody_defined_says_why_it_is_not_linked(tmp_path: Path):
    unknown = replace(
        LINK,
        relation="depends_on",
        verb="depends on",
        target_persona_id=None,
        target="Bob",
        target_stage_id=None,
        target_stage="",
        text="Bob",
        note="",
        resolved=False,
        problem="no persona is named 'Bob'",
        cross_persona_pain=False,
        pains=[],
    )
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=found(interactions=[unknown]))
    link = row_of(openpyxl.load_workbook(path)["Insights"], "interaction")
    assert (
        link["What"]
        == "Ben Okafor (Verify ID) depends on “Bob”: not linked, no persona is named 'Bob'"
    )
    assert (link["Stage"], link["Personas"], link["Measure"]) == (
        "Verify ID",
        "Ben Okafor, Bob",
        "Depends on",
    )


def test_two_journeys_get_rows_of_their_own(tmp_path: Path):
    other = replace(journey(), key="close-an-account", journey="Close an account")
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=Insights("t", [journey(), other]))
    found_rows = rows(openpyxl.load_workbook(path)["Insights"])
    assert [r["Journey"] for r in found_rows] == ["Open an account"] * 8 + ["Close an account"] * 8
    assert len({r["Insight ID"] for r in found_rows}) == 16


def test_a_stage_every_persona_scored_alike_is_no_gap(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=found(gaps=[gap(), gap(0.0)]))
    ws = openpyxl.load_workbook(path)["Insights"]
    assert [r["Kind"] for r in rows(ws)].count("emotion gap") == 1


def test_no_insights_sheet_until_there_is_an_insight(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    result = write_tracker(make_workspace(), path, today=DAY1, insights=Insights("t", []))
    assert "Insights" not in openpyxl.load_workbook(path).sheetnames
    assert result.current_insights is None


def test_the_change_log_counts_the_insights_of_a_new_tracker(tracker: Path):
    log = openpyxl.load_workbook(tracker)["Change log"]
    assert "8 insights" in log["G2"].value
    assert not [r for r in log.iter_rows(min_row=2, values_only=True) if r[3] == "insight"]


# ------------------------------------------------------------------------------------ re-runs


def _type_into(path: Path, kind: str, **values: str) -> str:
    """Type into people's columns of the row of `kind`, as someone in Excel; return its ID."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Insights"]
    row = find_row(ws, "Kind", kind)
    for header, value in values.items():
        ws.cell(row, headers(ws)[header]).value = value
    wb.save(path)
    return ws.cell(row, 1).value


def test_a_rerun_refreshes_the_insight_and_keeps_what_people_typed(tracker: Path):
    gap_id = _type_into(
        tracker,
        "emotion gap",
        **{"Action / decision": "Redesign the selfie step", "Owner": "Priya", "Notes": "Q1"},
    )
    pain_id = _type_into(tracker, "persona-specific pain", Notes="Seen in 5 of 8 interviews")
    shared_id = _type_into(tracker, "shared pain", Notes="Forms team knows")
    # The gap narrowed, Ana now has Ben's pain too, and Ben (listed first) words the shared
    # pain his way: every row is found again.
    both = replace(SPECIFIC, persona_ids=[ANA[0], BEN[0]], personas=[ANA[1], BEN[1]])
    reworded = replace(
        SHARED,
        text="Too many forms to fill in",
        texts=["Too many forms to fill in", "Too many forms to fill"],
        persona_ids=[BEN[0], ANA[0]],
        personas=[BEN[1], ANA[1]],
    )
    result = write_tracker(
        make_workspace(),
        tracker,
        today=DAY2,
        insights=found(gaps=[gap(1.0, "-1")], specific_pains=[], shared_pains=[both, reworded]),
    )
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert len(rows(ws)) == 8
    assert cell(ws, "Figure", "Insight ID", gap_id).value == 1.0
    assert cell(ws, "What", "Insight ID", gap_id).value == "Ben Okafor -1 vs Ana Reyes +1"
    assert cell(ws, "Action / decision", "Insight ID", gap_id).value == "Redesign the selfie step"
    assert cell(ws, "Owner", "Insight ID", gap_id).value == "Priya"
    assert cell(ws, "Notes", "Insight ID", gap_id).value == "Q1"
    assert cell(ws, "First found", "Insight ID", gap_id).value == datetime(2026, 11, 29)
    assert cell(ws, "Kind", "Insight ID", pain_id).value == "shared pain"
    assert cell(ws, "Notes", "Insight ID", pain_id).value == "Seen in 5 of 8 interviews"
    assert cell(ws, "Notes", "Insight ID", shared_id).value == "Forms team knows"
    assert cell(ws, "Personas", "Insight ID", shared_id).value == "Ben Okafor, Ana Reyes"

    changed = {c.id: c.detail for c in result.insight_changes if c.action == "changed"}
    assert changed[gap_id] == "figure 1.5 → 1"
    assert changed[pain_id].startswith("now shared pain (was persona-specific pain)")
    assert "updated" in result.summary() and "insights: 0 new, 3 changed, 0 no longer found" in (
        result.summary()
    )
    # Insight lines go to the Change log, not to the list of row changes the CLI prints.
    assert not result.changes
    log = [r for r in openpyxl.load_workbook(tracker)["Change log"].iter_rows(values_only=True)]
    assert ("changed", "insight", gap_id) in {(r[2], r[3], r[4]) for r in log if r[0] == 2}


def test_an_insight_that_disappears_is_marked_and_keeps_its_row(tracker: Path):
    channel_id = _type_into(tracker, "one-persona channel", Notes="Branches close in 2027")
    result = write_tracker(
        make_workspace(), tracker, today=DAY2, insights=found(single_persona_channels=[])
    )
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert len(rows(ws)) == 8
    assert cell(ws, "State", "Insight ID", channel_id).value == "no longer found"
    assert cell(ws, "Notes", "Insight ID", channel_id).value == "Branches close in 2027"
    assert cell(ws, "What", "Insight ID", channel_id).value == (
        "Branch visit: a touchpoint only Ben Okafor uses"
    )
    (gone,) = result.insight_changes
    assert (gone.action, gone.id, gone.name) == (
        "removed",
        channel_id,
        "one-persona channel at Verify ID, Support",
    )
    assert gone.format().endswith(
        "no longer found: Branch visit: a touchpoint only Ben Okafor uses"
    )
    log = openpyxl.load_workbook(tracker)["Change log"]
    assert ("no longer found", "insight", channel_id) in {
        (r[2], r[3], r[4]) for r in log.iter_rows(values_only=True)
    }

    # It comes back: the same row is current again, the note still there.
    result = write_tracker(make_workspace(), tracker, today=date(2026, 12, 13), insights=found())
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert cell(ws, "State", "Insight ID", channel_id).value == "current"
    assert cell(ws, "Notes", "Insight ID", channel_id).value == "Branches close in 2027"
    assert [(c.action, c.id) for c in result.insight_changes] == [("restored", channel_id)]


def test_new_insights_are_added_below_and_logged(tracker: Path):
    extra = item("Support", ["Chat bot loops"], [ANA], ["H7"])
    result = write_tracker(
        make_workspace(), tracker, today=DAY2, insights=found(specific_pains=[SPECIFIC, extra])
    )
    ws = openpyxl.load_workbook(tracker)["Insights"]
    last = rows(ws)[-1]
    assert (last["Kind"], last["What"], last["State"]) == (
        "persona-specific pain",
        "Chat bot loops",
        "current",
    )
    assert last["First found"] == datetime(2026, 12, 6)
    (added,) = result.insight_changes
    assert (added.action, added.id, added.detail) == ("added", last["Insight ID"], "Chat bot loops")


def test_a_row_someone_deleted_stays_deleted(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    ws = wb["Insights"]
    channel = find_row(ws, "Kind", "one-persona channel")
    ws.delete_rows(channel)
    wb.save(tracker)
    result = write_tracker(make_workspace(), tracker, today=DAY2, insights=found())
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert "one-persona channel" not in [r["Kind"] for r in rows(ws)]
    assert len(rows(ws)) == 7
    assert result.insight_changes == []


def test_people_may_insert_columns_and_sort_the_sheet(tracker: Path):
    wb = openpyxl.load_workbook(tracker)
    ws = wb["Insights"]
    ws.insert_cols(2)
    ws.cell(1, 2).value = "Theme"
    ws.cell(2, 2).value = "Identity"
    gap_id = ws.cell(2, 1).value
    ws.move_range("A2:O2", rows=20)  # a sort that put the gap last
    wb.save(tracker)
    result = write_tracker(make_workspace(), tracker, today=DAY2, insights=found())
    ws = openpyxl.load_workbook(tracker)["Insights"]
    assert headers(ws)["Theme"] == 2
    assert cell(ws, "Theme", "Insight ID", gap_id).value == "Identity"
    assert cell(ws, "Figure", "Insight ID", gap_id).value == 1.5
    assert len(rows(ws)) == 8
    assert result.insight_changes == [] and not result.warnings


# ----------------------------------------------------------------------- trackers from before


def test_a_tracker_written_before_the_insights_sheet_gets_it_and_keeps_every_hand_edit(
    tmp_path: Path,
):
    path = tmp_path / "tracker.xlsx"
    workspace = make_workspace()
    # A tracker with no Insights sheet and no insights in its state: what older versions wrote.
    write_tracker(workspace, path, today=DAY1, insights=Insights("t", []))
    wb = openpyxl.load_workbook(path)
    assert "Insights" not in wb.sheetnames
    cell(wb["Personas"], "Notes", "ID", "ana-reyes").value = "Interview again in March"
    cell(wb["Journey maps"], "Owner", "Map ID", ANA_MAP).value = "Hand-typed owner"
    wb["Triggers"].append([datetime(2026, 12, 1), "market shift", "New competitor", "", "no"])
    wb["Overview"]["B7"] = 14
    wb.create_sheet("Mine")["A1"] = "kept"
    wb.save(path)

    result = write_tracker(workspace, path, today=DAY2, insights=found())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.index("Insights") == wb.sheetnames.index("Change log") - 1
    assert len(rows(wb["Insights"])) == 8
    assert cell(wb["Personas"], "Notes", "ID", "ana-reyes").value == "Interview again in March"
    assert cell(wb["Journey maps"], "Owner", "Map ID", ANA_MAP).value == "Hand-typed owner"
    assert any(r[2] == "New competitor" for r in wb["Triggers"].iter_rows(values_only=True))
    assert wb["Overview"]["B7"].value == 14
    assert wb["Mine"]["A1"].value == "kept"
    # The Overview keeps its layout: no help line or legend left behind at an old place.
    column_a = [c.value for c in wb["Overview"]["A"]]
    assert column_a.count("How this tracker works") == column_a.count("Legend") == 1
    # A sheet the tracker never had is added, not reported as a missing sheet.
    assert result.warnings == []
    assert result.insight_changes == []  # listed as one line, not one per insight
    notes = [
        r[6] for r in wb["Change log"].iter_rows(values_only=True) if r[0] == 2 and r[2] == "note"
    ]
    assert notes == ["sheet 'Insights' added with 8 insights"]
    assert result.summary().startswith(
        f"updated {path} (run 2: 0 added, 0 changed, 0 marked removed;"
    )


def test_a_sheet_of_their_own_named_insights_is_left_alone(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    write_tracker(make_workspace(), path, today=DAY1, insights=Insights("t", []))
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Insights")["A1"] = "Our own insights"
    wb.save(path)
    write_tracker(make_workspace(), path, today=DAY2, insights=found())
    wb = openpyxl.load_workbook(path)
    assert wb["Insights"]["A1"].value == "Our own insights"
    assert wb["Insights"].max_row == 1
    assert len(rows(wb["Insights (2)"])) == 8


# ------------------------------------------------------------------ from the workbook, end to end


def test_without_insights_given_the_tracker_computes_them_from_the_workspace(tmp_path: Path):
    path = tmp_path / "tracker.xlsx"
    result = write_tracker(make_workspace(diverge=True), path, today=DAY1)
    ws = openpyxl.load_workbook(path)["Insights"]
    gaps = [r for r in rows(ws) if r["Kind"] == "emotion gap"]
    assert [(g["Stage"], g["Figure"]) for g in gaps] == [("First use", 1.5)]
    assert gaps[0]["What"].startswith("Ben Okafor -2 vs Ana Reyes 1")
    assert result.current_insights == len(rows(ws))


EXPENSE_HEADER = [
    "Persona",
    "Stage",
    "Emotion",
    "Pain points",
    "Opportunities",
    "Touchpoints",
    "Caused by",
]
EXPENSE_ROWS = [
    ["Maria Lopez", "Choose a tool", "+1", "Too many vendors to compare", "", "Vendor demo", ""],
    ["Maria Lopez", "Set up", "0", "Approval rules are hard to set", "", "Admin console", ""],
    ["Maria Lopez", "First claim", "+1", "", "", "Email", ""],
    ["Sam Chen", "Choose a tool", "0", "Nobody asked the team", "", "Email", ""],
    ["Sam Chen", "Set up", "-1", "Invite email lands in spam", "", "Email", ""],
    [
        "Sam Chen",
        "First claim",
        "-2",
        "Receipt photo upload fails",
        "Fix the receipt upload",
        "Mobile app",
        "Maria Lopez › Set up: approval rules too strict",
    ],
]


def test_mapbridge_tracker_writes_the_insights_of_a_workbook_and_keeps_notes_on_rerun(
    runner, tmp_path: Path
):
    workbook = make_xlsx(
        tmp_path / "expense.xlsx",
        {
            "Personas": persona_rows("Maria Lopez", "Sam Chen"),
            "Roll out": [EXPENSE_HEADER, *EXPENSE_ROWS],
        },
    )
    out = tmp_path / "tracker.xlsx"
    args = ["tracker", str(workbook), "-o", str(out), "--no-checks", "--today", "2026-11-29"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    ws = openpyxl.load_workbook(out)["Insights"]
    gap_row = row_of_stage(ws, "emotion gap", "First claim")
    assert gap_row["What"] == "Sam Chen -2 vs Maria Lopez +1"
    assert gap_row["Figure"] == 1.5
    assert gap_row["Source cells"] == "Roll out!C7, C4"
    assert row_of(ws, "opportunity")["Measure"] == "priority: 1 persona + pain 1.00"
    link = row_of(ws, "interaction")
    assert link["Stage"] == "First claim → Set up"
    assert link["What"].endswith("\ncross-persona pain: Receipt photo upload fails")
    assert link["Measure"] == "Caused by"
    pain_id = _type_into(out, "interaction", Notes="Ask Maria to loosen the rules")

    # Maria's map changes: the gap at First claim closes, the link and its note stay.
    edited = openpyxl.load_workbook(workbook)
    edited["Roll out"]["C4"] = "-2"
    edited.save(workbook)
    second = runner.invoke(cli, [*args[:-1], "2026-12-06"])
    assert second.exit_code == 0, second.output
    assert "insights: 0 new, 0 changed, 1 no longer found" in second.stdout
    ws = openpyxl.load_workbook(out)["Insights"]
    assert row_of_stage(ws, "emotion gap", "First claim")["State"] == "no longer found"
    assert cell(ws, "Notes", "Insight ID", pain_id).value == "Ask Maria to loosen the rules"
    assert cell(ws, "State", "Insight ID", pain_id).value == "current"
    assert_valid_packages([out])


def row_of_stage(ws, kind: str, stage: str) -> dict[str, object]:
    (match,) = [r for r in rows(ws) if r["Kind"] == kind and r["Stage"] == stage]
    return match


def test_trackers_with_insights_pass_the_office_xml_validator(tracker: Path):
    _type_into(tracker, "emotion gap", Notes="kept")
    write_tracker(make_workspace(), tracker, today=DAY2, insights=found(single_persona_channels=[]))
    assert_valid_packages([tracker])
