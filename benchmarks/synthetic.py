"""Synthetic workshop workbooks of a given size (personas x stages x lanes) for the benchmarks.

The text is shaped like real workshop output rather than placeholders: 3 to 40 words a cell
(most between 8 and 20), some lanes written as lists of 2 to 5 items ("•" or "- " lines),
touchpoints as 2 to 6 comma-separated channels. The same arguments always give the same
workbook, so runs compare like with like.
"""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

LANES = [
    "Actions",
    "Touchpoints",
    "Thinking",
    "Emotion",
    "Pain points",
    "Opportunities",
    "Backstage",
    "Evidence",
]

SIZES: dict[str, tuple[int, int, int]] = {
    "S": (5, 8, 8),
    "L": (50, 40, 8),
    "XL": (200, 60, 8),
}

MIN_WORDS, MAX_WORDS = 3, 40

_SUBJECTS = [
    "She",
    "He",
    "The customer",
    "The applicant",
    "The agent",
    "Support",
    "The team",
    "Her partner",
]
_VERBS = [
    "checks",
    "compares",
    "uploads",
    "waits for",
    "asks about",
    "re-enters",
    "calls about",
    "reads",
    "searches for",
    "forwards",
    "confirms",
    "gives up on",
    "screenshots",
    "looks again at",
    "emails",
    "cannot find",
    "double-checks",
    "signs",
]
_OBJECTS = [
    "the fee table",
    "proof of address",
    "the mobile app",
    "a call-back",
    "the branch opening hours",
    "the onboarding email",
    "her ID documents",
    "the interest rate",
    "the terms and conditions",
    "a reference number",
    "the identity check",
    "the welcome pack",
    "a second form",
    "the card activation code",
    "the overdraft limit",
    "the comparison site",
    "the status page",
    "the chat transcript",
    "the account number",
    "the joint-account rules",
]
_TAILS = [
    "before deciding",
    "on the phone",
    "late in the evening",
    "without clear guidance",
    "because the status is unclear",
    "after two days",
    "on a friend's recommendation",
    "while commuting",
    "in the branch",
    "for the second time",
    "on a small screen",
    "with the kids around",
    "during a lunch break",
    "after the chat times out",
]
_THOUGHTS = [
    "Why do I have to tell them this again?",
    "Is this really the cheapest option?",
    "I hope nobody sees my details.",
    "This should take five minutes, not a week.",
    "Did my documents even arrive?",
    "I just want to know where things stand.",
    "Finally, that was easier than I feared.",
    "Who do I call if this goes wrong?",
]
_CHANNELS = [
    "Mobile app",
    "Website",
    "Email",
    "Phone",
    "Branch",
    "Chat",
    "SMS",
    "Letter",
    "Comparison site",
    "Social media",
    "Video call",
    "ATM",
    "Partner portal",
    "Push notification",
]


def _sentence(rng: random.Random) -> list[str]:
    """One workshop note: "Compares the fee table before deciding." or "The agent emails a call-back."."""
    words = [rng.choice(_VERBS), rng.choice(_OBJECTS)]
    if rng.random() < 0.5:
        words.insert(0, rng.choice(_SUBJECTS))
    if rng.random() < 0.6:
        words.append(rng.choice(_TAILS))
    text = " ".join(words)
    return (text[0].upper() + text[1:]).split()


def _words(rng: random.Random, count: int) -> str:
    """Prose of about `count` words (never more), in whole sentences where they fit."""
    sentences: list[list[str]] = []
    total = 0
    while total < count:
        # A note that fits the words left, else (a first note only) one cut short.
        candidates = [_sentence(rng) for _ in range(6)]
        sentence = next((c for c in candidates if total + len(c) <= count), None)
        if sentence is None:
            if sentences:
                break
            sentence = candidates[0][:count]
        sentences.append(sentence)
        total += len(sentence)
    return " ".join(" ".join(s) + "." for s in sentences)


def _length(rng: random.Random) -> int:
    """Words in a cell: 3 to 40, most around 12 (workshop notes are mostly short, some long)."""
    return max(MIN_WORDS, min(MAX_WORDS, round(rng.triangular(MIN_WORDS, MAX_WORDS, 12))))


def _items(rng: random.Random, mark: str) -> str:
    """A list-shaped cell: 2 to 5 items of 3 to 10 words, 40 words at most in all."""
    count = rng.randint(2, 5)
    items = [" ".join(_sentence(rng)[: min(10, MAX_WORDS // count)]) for _ in range(count)]
    return "\n".join(f"{mark} {item}" for item in items)


def cell_text(lane: str, persona: int, stage: int) -> str:
    """What a workshop would write in a lane's cell for a persona at a stage."""
    rng = random.Random(f"{lane}|{persona}|{stage}")
    if lane == "Touchpoints":
        return ", ".join(rng.sample(_CHANNELS, rng.randint(2, 6)))
    if lane == "Thinking":
        thought = rng.choice(_THOUGHTS)
        extra = _length(rng) - len(thought.split())
        return f"{thought} {_words(rng, extra)}" if extra >= MIN_WORDS else thought
    if lane == "Pain points":
        return _items(rng, "•") if rng.random() < 0.7 else _words(rng, _length(rng))
    if lane == "Opportunities":
        return _items(rng, "-") if rng.random() < 0.5 else _words(rng, _length(rng))
    if lane == "Evidence":
        return _words(rng, rng.randint(MIN_WORDS, 15))
    return _words(rng, _length(rng))


def write_synthetic_workbook(path: Path, personas: int, stages: int, lanes: int = 8) -> int:
    """Write a rows-format workbook; returns the number of journey cells written."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Personas")
    sheet.append(
        ["Name", "Kind", "Role", "Goals", "Pain points", "Behaviours", "Owner", "Last reviewed"]
    )
    for p in range(personas):
        sheet.append(
            [
                f"Persona {p:03d}",
                "Proto-persona" if p % 7 == 3 else "Research",
                f"Role of persona {p}",
                f"Goal {p}.1\nGoal {p}.2",
                f"Pain {p}.1; Pain {p}.2",
                f"Behaviour {p}",
                "CX Research",
                "2026-09-01",
            ]
        )
    journey = wb.create_sheet("Journey rows")
    lane_names = LANES[:lanes]
    journey.append(["Journey", "Persona", "Stage", *lane_names])
    cells = 0
    for p in range(personas):
        for s in range(stages):
            row: list[object] = []
            for lane in lane_names:
                if lane == "Emotion":
                    row.append(((p + s) % 5) - 2)
                else:
                    row.append(cell_text(lane, p, s))
            journey.append(["Portfolio journey", f"Persona {p:03d}", f"Stage {s + 1:02d}", *row])
            cells += len(row)
    wb.save(path)
    return cells


# --------------------------------------------------------------------------------- portfolios

#: The persona catalogue of the portfolio cases: ten names, most with accents or hyphens, so the
#: journey workbooks' own spellings ("chloe martin", "Ana Lucia  Perez") have something to match.
CATALOGUE = [
    ("Chloé Martin", "Research", "First-time saver"),
    ("Ben Okafor", "Research", "Small-business owner"),
    ("José García", "Research", "Student moving abroad"),
    ("Zoë Adams", "Proto-persona", "Retired homeowner"),
    ("Björn Larsen", "Research", "Freelance designer"),
    ("Amélie Dubois", "Research", "New parent"),
    ("Dev Patel", "Research", "Branch adviser"),
    ("Siobhán Murphy", "Proto-persona", "Carer for a parent"),
    ("Ana-Lucía Pérez", "Research", "Contractor paid in two currencies"),
    ("Tomás Nováček", "Research", "Frequent traveller"),
]

_JOURNEYS = [
    "Open an account",
    "Pay a bill",
    "Apply for a loan",
    "Report a lost card",
    "Move house",
    "Switch banks",
    "Dispute a payment",
    "Set up a savings goal",
    "Close an account",
    "Add a joint holder",
    "Renew a mortgage",
    "Travel abroad",
]

#: Stages teams name, some spelled several ways across files (the cross-file check finds them).
_STAGES = [
    ["Discover", "Discovery"],
    ["Compare"],
    ["Sign up", "Sign-up", "Signup"],
    ["Verify identity"],
    ["Set up"],
    ["First use", "First-use"],
    ["Get help"],
    ["Pay"],
    ["Review"],
    ["Renew"],
    ["Leave"],
]


def _spelling(name: str, rng: random.Random) -> str:
    """A team's own spelling of a catalogue name: without accents, lower case, spaced apart."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return rng.choice(
        [plain, name.lower(), plain.lower(), name.replace(" ", "  "), plain.replace("-", " ")]
    )


def write_catalogue(path: Path) -> None:
    """The persona catalogue: a Personas sheet of ten defined personas, nothing else."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Personas")
    sheet.append(
        [
            "Name",
            "Kind",
            "Role",
            "Goals",
            "Pain points",
            "Behaviours",
            "Quote",
            "Owner",
            "Last reviewed",
        ]
    )
    for i, (name, kind, role) in enumerate(CATALOGUE):
        rng = random.Random(f"catalogue|{i}")
        sheet.append(
            [
                name,
                kind,
                role,
                _items(rng, "•"),
                _items(rng, "•"),
                _words(rng, _length(rng)),
                rng.choice(_THOUGHTS),
                "CX Research",
                f"2026-{1 + i % 9:02d}-15",
            ]
        )
    wb.save(path)


def write_journey_workbook(path: Path, index: int) -> int:
    """A team's journey workbook: one journey, 2 or 3 of the catalogue's personas (a third of the
    files spell their names their own way), 6 to 9 stages, 8 lanes, no Personas sheet.
    Returns the number of journey cells written."""
    rng = random.Random(f"journey|{index}")
    journey = f"{_JOURNEYS[index % len(_JOURNEYS)]} ({index // len(_JOURNEYS) + 1})"
    personas = [
        CATALOGUE[i][0] for i in sorted(rng.sample(range(len(CATALOGUE)), rng.randint(2, 3)))
    ]
    if index % 3 == 1:
        personas = [_spelling(name, rng) for name in personas]
    first = rng.randint(0, len(_STAGES) - 9)
    stages = [rng.choice(names) for names in _STAGES[first : first + rng.randint(6, 9)]]
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Journey rows")
    sheet.append(["Journey", "Persona", "Stage", *LANES])
    cells = 0
    for p, persona in enumerate(personas):
        for s, stage in enumerate(stages):
            row: list[object] = [
                ((index + p + s) % 5) - 2
                if lane == "Emotion"
                else cell_text(lane, index * 10 + p, s)
                for lane in LANES
            ]
            sheet.append([journey, persona, stage, *row])
            cells += len(row)
    wb.save(path)
    return cells


def write_portfolio(folder: Path, journeys: int) -> tuple[Path, Path, int]:
    """catalogue.xlsx and journeys/ (`journeys` workbooks) in `folder`: (catalogue, journeys
    folder, journey cells written)."""
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = folder / "catalogue.xlsx"
    write_catalogue(catalogue)
    maps = folder / "journeys"
    maps.mkdir(exist_ok=True)
    cells = sum(write_journey_workbook(maps / f"journey-{i:03d}.xlsx", i) for i in range(journeys))
    return catalogue, maps, cells
