"""Writes samples/b2b-expense-tool.xlsx: a B2B workshop where a buyer and the end users she buys for
link their journeys (Interacts with, Depends on, Caused by, Hands over to).

    python tools/make_b2b_sample.py [--out samples/b2b-expense-tool.xlsx]

The sample is an input a workshop could have typed, kept in the repository; this script is how it
was made, so it can be changed and made again.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

ROOT = Path(__file__).resolve().parents[1]
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")

PERSONAS = [
    [
        "Name", "Kind", "Role", "Description", "Goals", "Pain points", "Behaviours", "Channels",
        "Quote", "Owner", "Last reviewed", "Review every",
    ],
    [
        "Maria Lopez",
        "Research",
        "Finance manager (buyer)",
        "Runs finance for a 60-person distributor; chooses and pays for the tools the sales "
        "team has to use.",
        "Close the month in three days\nStop chasing receipts\nKeep spend inside policy",
        "Late, incomplete claims\nApproval emails she cannot batch\nCost codes that do not "
        "match the ledger",
        "Decides with a spreadsheet of criteria\nAsks IT before signing anything",
        "Email, Admin console, Vendor calls",
        "If the reps won't use it, I've bought another spreadsheet.",
        "Lena Fischer (Finance ops)",
        datetime(2026, 10, 1),
        90,
    ],
    [
        "Sam Chen",
        "Research",
        "Field sales rep (end user)",
        "Visits customers four days a week; pays for fuel, meals and hotels on his own card "
        "and claims them back.",
        "Get reimbursed within the month\nSpend no evenings on admin",
        "Paper receipts that fade or get lost\nClaims rejected without a reason\nNot knowing "
        "when the money arrives",
        "Submits claims in batches at quarter end\nDoes everything on his phone",
        "Mobile app, Email, Team calls",
        "I sell for a living. Expenses should take seconds, not Sundays.",
        "Lena Fischer (Finance ops)",
        datetime(2026, 9, 15),
        90,
    ],
    [
        "Jonas Weber",
        "Proto-persona",
        "IT administrator",
        "Looks after accounts, single sign-on and the HR system; sketched by the team from "
        "two conversations, not yet validated.",
        "No tool without single sign-on\nAccounts that follow the HR system",
        "Brought in after the decision\nHR sync that breaks on name changes",
        "Works from the ticket queue\nReads the security pack first",
        "Ticket queue, Admin console",
        "Tell me before you buy it, not after.",
        "Omar Haddad (IT)",
        datetime(2026, 6, 2),
        90,
    ],
]

STAGES = [
    ["Order", "Stage", "Description", "Emotion scale"],
    [1, "Spot the problem", "Month-end shows what the current way costs", "-2..2"],
    [2, "Evaluate", "Shortlist and trial the tools", None],
    [3, "Buy", "Contract, sign-off and data-processing agreement", None],
    [4, "Set up", "Policy, approvals, accounts and cards", None],
    [5, "First claim", "The first expenses go through the tool", None],
    [6, "Month-end close", "Claims approved, paid and in the ledger", None],
]

JOURNEY_HEADER = [
    "Persona", "Stage", "Actions", "Touchpoints", "Emotion", "Pain points", "Opportunities",
    "Interacts with", "Depends on", "Caused by", "Hands over to",
]

# fmt: off
JOURNEY_ROWS = [
    ["Maria Lopez", "Spot the problem", "Chases missing receipts at every month end",
     "Spreadsheet\nEmail", -1, "Reps submit receipts weeks late",
     "Show what late claims cost each month", "Sam Chen: asks why receipts arrive late", None,
     "Sam Chen: submits receipts in batches at quarter end", None],
    ["Maria Lopez", "Evaluate", "Shortlists three tools and runs a two-week trial",
     "Vendor website\nReview site\nSales demo", 0, "Hard to compare the total cost per user",
     "Side-by-side pricing calculator",
     "Sam Chen: asks which receipts get lost\nJonas Weber: checks single sign-on",
     "Jonas Weber › Buy: security review before signing", None, None],
    ["Maria Lopez", "Buy", "Negotiates the contract and gets the CFO's sign-off",
     "Sales call\nContract PDF", -1, "Contract terms hide per-card fees",
     "Plain-language fee summary", None, "Jonas Weber: signs the data-processing agreement",
     None, None],
    ["Maria Lopez", "Set up", "Sets approval rules and policy limits", "Admin console", 1,
     "Policy limits set by guesswork", "Policy templates for small sales teams", None,
     "Jonas Weber: connects the HR system", None,
     "Sam Chen › First claim: invites the sales team"],
    ["Maria Lopez", "First claim", "Approves the first claims", "Admin console\nEmail", 1,
     "Too many approval emails", "Approve claims in batches on one screen", None, None, None,
     None],
    ["Maria Lopez", "Month-end close", "Exports approved claims to the ledger",
     "Admin console\nAccounting software", 2, "Cost codes do not match the ledger",
     "Map cost codes automatically", None, "Sam Chen: submits before the 25th", None, None],
    ["Sam Chen", "Spot the problem", "Keeps paper receipts in the car", "Paper receipts\nEmail",
     -1, "Receipts fade or get lost", "Snap a receipt the moment you pay", None, None, None,
     None],
    ["Sam Chen", "Evaluate", "Tries the mobile app during the trial", "Mobile app", 1,
     "Nobody asks the reps what they need", "Put two reps in every trial",
     "Maria Lopez: tells her the receipts get lost in the car", None, None, None],
    ["Sam Chen", "Buy", "Hears about the new tool in a team call", "Team call", 0, None, None,
     None, None, None, None],
    ["Sam Chen", "Set up", "Installs the app and links his card", "Mobile app\nInvite email", 0,
     "The invite link expired before he opened it", "Invite links that last a week", None,
     "Jonas Weber: creates his account", None, None],
    ["Sam Chen", "First claim", "Photographs receipts and submits his first claim",
     "Mobile app\nReceipt scanner", -2, "Claim rejected by a policy rule nobody explained",
     "Explain the policy rule in the rejection\nApprove claims in batches on one screen", None,
     "Maria Lopez: approves the claim",
     "Maria Lopez › Set up: policy limits set by guesswork", None],
    ["Sam Chen", "Month-end close", "Gets reimbursed in the next payroll",
     "Payslip\nMobile app", 1, "Does not know when the money will arrive",
     "Show the expected payment date", None, None, None,
     "Maria Lopez: claims ready for approval"],
    ["Jonas Weber", "Spot the problem", "Hears about the tool when Finance asks for single sign-on",
     "Ticket queue", 0, "Brought in after the decision", "Involve IT from the first call",
     "Maria Lopez", None, None, None],
    ["Jonas Weber", "Evaluate", "Reviews the vendor's security pack",
     "Vendor website\nSecurity questionnaire", -1, "Security documentation is missing",
     "Security pack on request", "Maria Lopez: sends the questionnaire", None, None, None],
    ["Jonas Weber", "Buy", "Signs the data-processing agreement", "Contract PDF", 0,
     "Legal review squeezed into two days", None, None, None, None, None],
    ["Jonas Weber", "Set up", "Connects single sign-on and the HR system",
     "Admin console\nHR system", -1, "HR sync breaks on name changes",
     "Health check for the HR sync", None, None, None, "Maria Lopez: accounts are ready"],
    ["Jonas Weber", "First claim", "Answers login tickets from reps", "Ticket queue", -1,
     "Reps cannot log in on the first day", "Single sign-on on the phone app",
     None, None, "Sam Chen: signs in with an old password", None],
    ["Jonas Weber", "Month-end close", None, None, 0, None, None, None, None, None, None],
]
# fmt: on

REVIEWS = [
    ["Persona", "Journey", "Owner", "Last reviewed", "Trigger", "Trigger type", "Date"],
    ["Maria Lopez", "Roll out an expense tool", "Lena Fischer", datetime(2026, 10, 6), None, None,
     None],
    ["Sam Chen", "Roll out an expense tool", "Lena Fischer", datetime(2026, 10, 6), None, None,
     None],
    ["Jonas Weber", "Roll out an expense tool", "Omar Haddad", None, None, None, None],
    [None, None, None, None, "Pilot with the northern sales team", "Product launch",
     datetime(2026, 11, 2)],
]


def _table(ws, rows: list[list[object]], first_row: int, widths: dict[str, float]) -> None:
    for r, row in enumerate(rows, first_row):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == first_row:
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd"
    for column, width in widths.items():
        ws.column_dimensions[column].width = width


def build(out: Path) -> None:
    wb = Workbook()
    personas = wb.active
    personas.title = "Personas"
    personas["A1"] = "Expense tool rollout: buyer and end-user workshop (October 2026)"
    personas["A1"].font = Font(size=16, bold=True)
    _table(personas, PERSONAS, 3, {c: 24 for c in "ABCDEFGHIJKL"} | {"D": 40, "E": 34, "F": 34})
    personas.freeze_panes = "B4"

    stages = wb.create_sheet("Stages")
    _table(stages, STAGES, 1, {"A": 8, "B": 20, "C": 44, "D": 14})

    journey = wb.create_sheet("Journey rows")
    journey["A1"] = "Journey: Roll out an expense tool"
    journey["A1"].font = Font(size=16, bold=True)
    journey["A2"] = "Emotion scale: -2..2 (-2 very negative, +2 very positive)"
    _table(
        journey,
        [JOURNEY_HEADER, *JOURNEY_ROWS],
        4,
        {"A": 16, "B": 18} | {c: 30 for c in "CDFGHIJK"} | {"E": 10},
    )
    journey.freeze_panes = "C5"

    reviews = wb.create_sheet("Reviews")
    _table(reviews, REVIEWS, 1, {"A": 16, "B": 26, "C": 16, "D": 14, "E": 34, "F": 16, "G": 12})
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "samples/b2b-expense-tool.xlsx")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
