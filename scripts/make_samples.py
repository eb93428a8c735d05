"""Write the sample workshop workbooks in samples/ (run from the repository root).

The samples are the kind of file a CX team brings out of a workshop: a rows workbook (one row per
persona and stage) and a grid workbook (one sheet per persona, drawn as a map). The .xlsx files are
committed; this script is how they were made, so they can be regenerated after a format change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
TITLE_FONT = Font(bold=True, size=16)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

BANK_PERSONAS = [
    {
        "Name": "Ana Reyes",
        "Kind": "Research",
        "Role": "First-time account holder",
        "Description": "Final-year student opening her first current account before her graduate job starts.",
        "Goals": "Open an account in one sitting from her phone\nGet a debit card before her first payday\nUnderstand fees without reading small print",
        "Pain points": "Jargon in product pages\nBeing asked for documents she does not have yet\nNot knowing how long approval takes",
        "Motivations": "Independence from her parents' bank\nLooking competent at her new job",
        "Behaviours": "Researches on TikTok and Reddit first\nAbandons forms that take more than 10 minutes\nScreenshots every confirmation",
        "Channels": "Mobile app, Instagram, Live chat",
        "Quote": "If I can't do it on my phone on the bus, I'm not doing it.",
        "Says": "Is there a student account?",
        "Thinks": "What if I get rejected?",
        "Does": "Compares three banks in open tabs",
        "Feels": "Excited but unsure",
        "Age": "22",
        "Location": "Leeds",
        "Owner": "Priya Shah (CX Research)",
        "Last reviewed": date(2026, 9, 1),
        "Last updated": date(2026, 8, 20),
        "Review every": 90,
    },
    {
        "Name": "Ben Okafor",
        "Kind": "Proto-persona",
        "Role": "Switching from another bank",
        "Description": "Mid-career engineer fed up with his bank's app; wants to move salary and bills with no gaps. Sketched by the team, not yet validated.",
        "Goals": "Move salary, direct debits and standing orders without missing a payment\nKeep his account number history for his mortgage",
        "Pain points": "Fear that a bill bounces during the switch\nRe-entering payees by hand",
        "Motivations": "Better app and savings rates",
        "Behaviours": "Reads the switching guarantee carefully\nCalls rather than chats when money is at stake",
        "Channels": "Website, Phone, Email",
        "Quote": "I'll switch the day I trust nothing will fall through the cracks.",
        "Says": "",
        "Thinks": "",
        "Does": "",
        "Feels": "",
        "Age": "38",
        "Location": "Bristol",
        "Owner": "Tom Reid (Service design)",
        "Last reviewed": date(2026, 5, 12),
        "Last updated": date(2026, 9, 10),
        "Review every": 90,
    },
    {
        "Name": "Chloe Martin",
        "Kind": "Research",
        "Role": "Small business owner",
        "Description": "Runs a two-person bakery; needs a business account that works with her card reader and accountant.",
        "Goals": "Separate business and personal money\nConnect the account to her bookkeeping tool\nGet paid by card the same week",
        "Pain points": "Business verification asks for documents in a different order than she has them\nBranch appointments during opening hours",
        "Motivations": "Less admin, more baking",
        "Behaviours": "Does admin late at night\nAsks her accountant before every decision",
        "Channels": "Website, Branch, Email",
        "Quote": "Every hour on paperwork is an hour not selling bread.",
        "Says": "Can my accountant get access?",
        "Thinks": "This should take minutes, not weeks",
        "Does": "Keeps documents in a shoebox",
        "Feels": "Impatient",
        "Age": "41",
        "Location": "Manchester",
        "Owner": "Priya Shah (CX Research)",
        "Last reviewed": date(2026, 7, 15),
        "Last updated": date(2026, 7, 1),
        "Review every": 90,
    },
    {
        "Name": "Dev Patel",
        "Kind": "Research",
        "Role": "Newcomer to the country",
        "Description": "Arrived three weeks ago on a work visa; needs an account to receive his first salary and rent a flat.",
        "Goals": "Open an account without a local address history\nReceive his salary by the end of the month",
        "Pain points": "Proof of address he cannot give yet\nCredit checks that fail without history\nForms that reject his name's spelling",
        "Motivations": "Settling in quickly",
        "Behaviours": "Follows advice from colleagues and expat forums\nPrefers to talk to a person for anything official",
        "Channels": "Branch, Mobile app, WhatsApp groups",
        "Quote": "Every form asks for an address I don't have yet.",
        "Says": "Which documents count as proof?",
        "Thinks": "Am I going to be refused again?",
        "Does": "Brings every document he owns to the branch",
        "Feels": "Anxious",
        "Age": "29",
        "Location": "London",
        "Owner": "Tom Reid (Service design)",
        "Last reviewed": date(2026, 8, 2),
        "Last updated": date(2026, 8, 2),
        "Review every": 90,
    },
]

BANK_STAGES = [
    ("Discover", "Realises they need an account and notices options"),
    ("Compare", "Weighs accounts, fees and reviews"),
    ("Apply", "Fills in the application"),
    ("Verify ID", "Proves identity and address"),
    ("First use", "Receives card, logs in, first payment"),
    ("Get support", "Asks for help when something goes wrong"),
]

# persona -> stage -> (actions, touchpoints, thinking, emotion, pain points, opportunities, evidence)
BANK_ROWS: dict[str, list[tuple[str, str, str, int, str, str, str]]] = {
    "Ana Reyes": [
        ("Sees a student account ad between videos", "Instagram\nTikTok", "Do I even need a new account?", 1, "", "Short explainer on what a first account is for", "Interviews 3, 7"),
        ("Compares three banks in open tabs", "Website\nComparison site", "Which one has no fees for students?", 0, "Fee tables full of jargon", "Plain-language fee summary", "Interviews 3, 5"),
        ("Starts the application on her phone on the bus", "Mobile app", "This is quicker than I thought", 1, "Form times out when she switches apps to find her student ID", "Save progress automatically", "Analytics: 38% drop-off"),
        ("Takes a selfie and a photo of her passport", "Mobile app", "Why does it keep rejecting my photo?", -2, "Selfie check fails in low light with no hint why\nNo estimate of how long approval takes", "Live guidance for the photo; show expected approval time", "Support tickets Q2"),
        ("Adds the card to her phone wallet and buys a coffee", "Mobile app\nApple Pay", "Finally, it works", 2, "", "Celebrate the first payment", "Diary study"),
        ("Asks in chat why a payment is pending", "Live chat", "Will a human answer?", -1, "Bot loops on generic answers", "Hand over to a person after two bot replies", "Chat logs"),
    ],
    "Ben Okafor": [
        ("Hears about the switching guarantee from a colleague", "Word of mouth", "Is switching really risk-free?", 0, "", "Testimonials from people who switched", "Team assumption"),
        ("Reads the switching guarantee and FAQs", "Website", "What happens to my direct debits?", -1, "FAQ does not say what happens to bills due during the switch", "Switch timeline with his own bill dates", "Team assumption"),
        ("Fills in the switch form on a laptop", "Website", "Long, but clear", 0, "Has to re-type payees by hand", "Import payees from the old bank", "Team assumption"),
        ("Uploads a utility bill for proof of address", "Website\nEmail", "Why do they need a paper bill in 2026?", -1, "Upload rejects PDF statements", "Accept digital statements", "Team assumption"),
        ("Checks every direct debit moved across", "Mobile app", "So far so good", 1, "", "Checklist of moved payments", "Team assumption"),
        ("Calls because one standing order is missing", "Phone", "I knew something would fall through", -2, "Long hold time; agent cannot see the switch status", "Give agents the switch status screen", "Team assumption"),
    ],
    "Chloe Martin": [
        ("Accountant recommends a business account", "Accountant\nWebsite", "I should have done this years ago", 0, "", "Partner offers for accountants", "Interviews 1, 4"),
        ("Compares business tariffs at midnight", "Website", "Which fees hit a bakery?", -1, "Tariffs assume large card volumes", "Fee calculator for small traders", "Interviews 1, 2"),
        ("Applies online, stops to find company documents", "Website", "Where is my certificate of incorporation?", -1, "Documents asked in a different order than she keeps them", "Show the document list before starting", "Interviews 1, 4"),
        ("Books a branch appointment to verify the business", "Branch\nEmail", "I have to close the shop for this?", -2, "Verification only in branch during opening hours", "Video verification in the evening", "Interviews 2, 4"),
        ("Connects the card reader and bookkeeping tool", "Mobile app\nBookkeeping tool", "Now it feels like a real business", 2, "", "One-click bookkeeping connection", "Interviews 1"),
        ("Emails about a payout delay", "Email", "Will I have cash for flour on Monday?", -1, "Replies take two days", "Priority support for cash-flow questions", "Support tickets Q2"),
    ],
    "Dev Patel": [
        ("Colleagues recommend banks that accept newcomers", "Word of mouth\nWhatsApp groups", "Who will accept me without history?", -1, "", "Newcomer landing page in several languages", "Interviews 6, 8"),
        ("Compares which banks accept a visa as ID", "Website\nExpat forums", "Every site says something different", -1, "No clear list of accepted documents", "Accepted-documents checker", "Interviews 6"),
        ("Applies in branch with a staff member", "Branch", "At least a person is helping me", 1, "Name field rejects his name's spelling", "Accept full names as on the passport", "Interviews 6, 8"),
        ("Shows visa, employment letter and temporary address", "Branch", "Will this be enough?", -2, "Proof of address he cannot give yet\nCredit check fails without history", "Accept an employer letter as proof of address", "Interviews 6, 8, 9"),
        ("Receives his first salary", "Mobile app", "I can finally rent a flat", 2, "", "", "Interviews 8"),
        ("Asks in branch how to send money home", "Branch\nPhone", "Fees for transfers abroad are confusing", 0, "", "Transparent international transfer fees", "Interviews 9"),
    ],
}


def _style_header(ws, row: int, columns: int) -> None:
    for col in range(1, columns + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def make_bank_rows(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Personas"
    ws["A1"] = "Retail banking: persona & journey workshop (September 2026)"
    ws["A1"].font = TITLE_FONT
    headers = list(BANK_PERSONAS[0].keys())
    ws.append([])
    ws.append(headers)
    _style_header(ws, 3, len(headers))
    for persona in BANK_PERSONAS:
        ws.append([persona[h] for h in headers])
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = WRAP
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if len(header) < 8 else 24
    ws.freeze_panes = "B4"
    kinds = DataValidation(type="list", formula1='"Research,Proto-persona,Segment"', allow_blank=True)
    ws.add_data_validation(kinds)
    kinds.add(f"B4:B{3 + len(BANK_PERSONAS) + 20}")

    stages = wb.create_sheet("Stages")
    stages.append(["Order", "Stage", "Description", "Emotion scale"])
    _style_header(stages, 1, 4)
    for i, (name, description) in enumerate(BANK_STAGES, start=1):
        stages.append([i, name, description, "-2..2" if i == 1 else None])
    stages.column_dimensions["B"].width = 16
    stages.column_dimensions["C"].width = 48

    journey = wb.create_sheet("Journey rows")
    journey["A1"] = "Journey: Open a bank account"
    journey["A1"].font = TITLE_FONT
    journey["A2"] = "Emotion scale: -2..2 (-2 very negative, +2 very positive)"
    row_headers = [
        "Persona", "Stage", "Actions", "Touchpoints", "Thinking", "Emotion", "Pain points",
        "Opportunities", "Backstage", "Evidence", "Map owner", "Last reviewed",
    ]
    journey.append([])
    journey.append(row_headers)
    _style_header(journey, 4, len(row_headers))
    owners = {"Ana Reyes": "Priya Shah", "Ben Okafor": "Tom Reid", "Chloe Martin": "Priya Shah", "Dev Patel": "Tom Reid"}
    reviewed = {
        "Ana Reyes": date(2026, 9, 3),
        "Ben Okafor": date(2026, 6, 1),
        "Chloe Martin": date(2026, 7, 20),
        "Dev Patel": date(2026, 8, 5),
    }
    for persona, rows in BANK_ROWS.items():
        for (stage, _d), values in zip(BANK_STAGES, rows, strict=True):
            actions, touchpoints, thinking, emotion, pains, opportunities, evidence = values
            journey.append(
                [persona, stage, actions, touchpoints, thinking, emotion, pains or None,
                 opportunities or None, None, evidence, owners[persona], reviewed[persona]]
            )
    # Shared rows ("All"): what the bank does backstage is the same for every persona.
    journey.append(["All", "Apply", None, None, None, None, None, None,
                    "Application scored by the onboarding engine in real time", None, None, None])
    journey.append(["All", "Verify ID", None, None, None, None, None, None,
                    "KYC team checks documents within 24 h; fraud rules flag new addresses", None, None, None])
    for row in journey.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = WRAP
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = [14, 12, 34, 16, 30, 9, 34, 34, 34, 16, 14, 13]
    for i, width in enumerate(widths, start=1):
        journey.column_dimensions[get_column_letter(i)].width = width
    journey.freeze_panes = "C5"

    reviews = wb.create_sheet("Reviews")
    reviews.append(["Persona", "Journey", "Owner", "Last reviewed", "Review every", "Trigger", "Trigger type", "Date"])
    _style_header(reviews, 1, 8)
    reviews.append(["Ana Reyes", "Open a bank account", "Priya Shah", date(2026, 9, 3), None, None, None, None])
    reviews.append(["Dev Patel", "Open a bank account", "Tom Reid", date(2026, 8, 5), None, None, None, None])
    reviews.append([None, None, None, None, None, "Mobile app 3.0 launches with new ID check", "Product launch", date(2026, 10, 15)])
    reviews.append([None, None, None, None, None, "Q4 interview round with newcomers", "Quarterly research cycle", date(2026, 12, 1)])
    for row in reviews.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for col, width in zip("ABCDEFGH", [14, 22, 14, 13, 12, 40, 24, 12], strict=True):
        reviews.column_dimensions[col].width = width
    wb.save(path)


INSURANCE_PERSONAS = [
    ("Maya Lin", "Research", "First-time claimant", "Homeowner whose kitchen flooded from a burst pipe; has never made a claim.",
     "Get the kitchen usable again fast\nKnow what is covered before paying anyone", "Repeating the story to every new person\nNot knowing who the loss adjuster is",
     "Phone, Mobile app", "I just want someone to tell me what happens next.", "Priya Shah", date(2026, 6, 30)),
    ("Leo Grant", "Research", "Landlord with three flats", "Lets three flats; claims happen through tenants and he is rarely on site.",
     "Keep tenants happy and rent flowing\nSettle quickly without visiting", "Tenants report late\nAssessor visits he has to arrange",
     "Email, Web portal", "I need this handled without driving across town.", "Tom Reid", date(2026, 4, 2)),
    ("Priya Nair", "Proto", "Renter with contents cover", "Assumed from call-centre anecdotes: renter whose laptop was stolen.",
     "Replace the laptop before exams", "Finding receipts\nUnclear excess", "Mobile app, Live chat",
     "Do I even have the right cover for this?", "", None),
]

# persona -> title block + stage headers (with steps) + lanes
INSURANCE_GRIDS = {
    "Maya": {
        "persona": "Maya Lin",
        "scale": "1..5",
        "owner": "Claims CX team",
        "reviewed": "2026-06-30",
        "stages": [
            ("Notice damage", ["Finds the leak"]),
            ("Report claim", ["Calls the hotline", "Uploads photos"]),
            ("Assessment", ["Adjuster visit"]),
            ("Repair", ["Chooses a contractor"]),
            ("Settlement", ["Receives payout"]),
        ],
        "lanes": [
            ("Doing", ["Turns off the water, mops up", "Calls the claims line at 7 am", "Uploads 14 photos in the app", "Waits in for the adjuster all day", "Gets three quotes", "Checks the payout against quotes"]),
            ("Touchpoints", ["", "Phone", "Mobile app", "Loss adjuster", "Contractors", "Email\nBank"]),
            ("Thinking", ["Am I even covered for this?", "Please just tell me what happens next", "Did they get the photos?", "Why is nobody telling me the time slot?", "Which contractor will the insurer accept?", "Was it worth it?"]),
            ("Feeling score", [2, 3, 2, 1, 3, 4]),
            ("Pains", ["Policy wording is hard to search", "Hold music for 25 minutes", "App upload fails on mobile data", "All-day visit window; no updates", "Insurer's approved list is hard to find", ""]),
            ("Ideas", ["Coverage checker in the app", "Call-back instead of hold", "Resumable uploads", "Live adjuster tracking", "Show approved contractors near me", "Payout breakdown"]),
            ("Backstage", ["", "Claim logged in Guidewire", "Photos triaged by AI", "Adjuster scheduling by region", "Contractor network management", "Finance batch payments on Fridays"]),
            ("KPIs", ["", "Time to first contact", "Upload success rate", "Visit within 48 h", "", "Days to settle"]),
        ],
    },
    "Leo Grant": {
        "persona": "Leo Grant",
        "scale": None,
        "owner": "Claims CX team",
        "reviewed": "2026-04-02",
        "stages": [
            ("Tenant reports", []),
            ("Report claim", []),
            ("Assessment", []),
            ("Payout", []),
        ],
        "lanes": [
            ("Doing", ["Tenant texts a photo of a ceiling stain", "Fills in the web form from the office", "Arranges access with the tenant", "Pays the plumber, waits for payout"]),
            ("Touchpoints", ["SMS", "Web portal", "Email\nPhone", "Email"]),
            ("Thinking", ["How long has this been going on?", "Do I claim on buildings or landlord cover?", "Another day off for an assessor visit", "Finally"]),
            ("Mood", ["Worried", "Frustrated", "Angry", "Relieved"]),
            ("Pains", ["Tenant reported it two weeks late", "Two policies, one form", "Visit slots only on weekdays", "Payout letter does not itemise"]),
            ("Ideas", ["Tenant reporting link", "One form that routes to the right policy", "Virtual assessment by video", "Itemised payout email"]),
        ],
    },
    "Priya": {
        "persona": "Priya Nair",
        "scale": None,
        "owner": "",
        "reviewed": "",
        "stages": [
            ("Notice theft", []),
            ("Search policy", []),
            ("Report claim", []),
            ("Replacement", []),
        ],
        "lanes": [
            ("Doing", ["Realises the laptop is gone from her bag", "Searches the app for what is covered", "Reports online with a police reference", "Buys a replacement with the voucher"]),
            ("Touchpoints", ["Police", "Mobile app", "Mobile app\nLive chat", "Retail partner"]),
            ("Feeling score", ["😠", "😕", "😐", "🙂"]),
            ("Pains", ["", "Excess is not shown next to the cover", "Needs the original receipt", ""]),
            ("Ideas", ["", "Show the excess with every cover item", "Accept bank statements as proof", ""]),
        ],
    },
}


def make_insurance_grid(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Personas"
    headers = ["Name", "Type", "Role", "Description", "Goals", "Frustrations", "Preferred channels", "Quote", "Owner", "Last reviewed"]
    ws.append(headers)
    _style_header(ws, 1, len(headers))
    for persona in INSURANCE_PERSONAS:
        ws.append(list(persona))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for i, width in enumerate([14, 10, 22, 40, 36, 36, 18, 36, 14, 13], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    for sheet_name, spec in INSURANCE_GRIDS.items():
        grid = wb.create_sheet(sheet_name)
        grid["A1"] = "Make a home insurance claim — journey map"
        grid["A1"].font = TITLE_FONT
        grid["A2"] = f"Persona: {spec['persona']}"
        line = 3
        if spec["scale"]:
            grid.cell(row=line, column=1, value="Emotion scale")
            grid.cell(row=line, column=2, value=spec["scale"])
            line += 1
        if spec["owner"]:
            grid.cell(row=line, column=1, value=f"Owner: {spec['owner']}")
            grid.cell(row=line, column=3, value=f"Last reviewed: {spec['reviewed']}")
            line += 1
        stage_row = line + 1
        has_steps = any(steps for _s, steps in spec["stages"])
        grid.cell(row=stage_row, column=1, value="Stage").font = BOLD
        if has_steps:
            grid.cell(row=stage_row + 1, column=1, value="Steps").font = BOLD
        col = 2
        for stage, steps in spec["stages"]:
            span = max(1, len(steps))
            cell = grid.cell(row=stage_row, column=col, value=stage)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
            if span > 1:
                grid.merge_cells(start_row=stage_row, start_column=col, end_row=stage_row, end_column=col + span - 1)
            for i, step in enumerate(steps):
                grid.cell(row=stage_row + 1, column=col + i, value=step).alignment = WRAP
            col += span
        first_lane = stage_row + (2 if has_steps else 1)
        for offset, (label, values) in enumerate(spec["lanes"]):
            row = first_lane + offset
            grid.cell(row=row, column=1, value=label).font = BOLD
            for i, value in enumerate(values):
                if value not in ("", None):
                    grid.cell(row=row, column=2 + i, value=value).alignment = WRAP
        grid.column_dimensions["A"].width = 16
        for i in range(2, col):
            grid.column_dimensions[get_column_letter(i)].width = 24
        grid.freeze_panes = grid.cell(row=first_lane, column=2)
    wb.save(path)


def main() -> None:
    out = Path("samples")
    out.mkdir(exist_ok=True)
    make_bank_rows(out / "bank-account-rows.xlsx")
    make_insurance_grid(out / "home-insurance-grid.xlsx")
    print("wrote samples/bank-account-rows.xlsx and samples/home-insurance-grid.xlsx")


if __name__ == "__main__":
    main()
