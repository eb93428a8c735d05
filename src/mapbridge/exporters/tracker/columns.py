"""The tracker's sheets and columns: who owns each column, its header, width, type and dropdown.

This module is plain data (no openpyxl), so the rules about ownership can be read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mapbridge.model import PERSONA_KIND_LABELS

#: Who fills a column. "source": mapbridge, from the workbook, refreshed every run.
#: "user": people; mapbridge seeds it when it adds a row and never touches it again.
#: "formula": a live formula mapbridge rewrites every run (so it follows moved columns).
ColumnRole = Literal["source", "user", "formula"]
ColumnKind = Literal["text", "date", "int", "number", "list"]

SCHEMA_VERSION = 1
MARKER = "mapbridge review tracker"

IN_WORKBOOK = "in workbook"
REMOVED = "removed from source"
#: A row whose file was not read by the last run (a portfolio input deleted, moved or left out).
FILE_MISSING = "file missing"
SOURCE_STATES = (IN_WORKBOOK, REMOVED, FILE_MISSING)

STATUS_OVERDUE = "Overdue"
STATUS_DUE_SOON = "Due soon"
STATUS_OK = "OK"
STATUS_NEVER = "Never reviewed"
STATUS_REMOVED = "Removed"
STATUS_FILE_MISSING = "File missing"
STATUS_NOT_A_DATE = "Check date"

FLAG_PERSONA_CHANGED = "persona changed after map review"
FLAG_MAP_CHANGED = "map changed after review"
FLAG_PERSONA_REVIEWED = "persona reviewed after map review"
REVIEW_FLAGS = (FLAG_PERSONA_CHANGED, FLAG_MAP_CHANGED, FLAG_PERSONA_REVIEWED)

#: "unspecified": the workbook never said (no Kind column, or a blank or unknown kind).
PERSONA_KINDS = tuple(PERSONA_KIND_LABELS)
TRIGGER_KINDS = (
    "product launch",
    "market shift",
    "quarterly research cycle",
    "new research",
    "other",
)
YES_NO = ("yes", "no")
SEVERITIES = ("error", "warning", "info")
FINDING_REPORTED = "reported"
FINDING_GONE = "no longer reported"
FINDING_STATES = (FINDING_REPORTED, FINDING_GONE)
INSIGHT_CURRENT = "current"
INSIGHT_GONE = "no longer found"
INSIGHT_STATES = (INSIGHT_CURRENT, INSIGHT_GONE)
INSIGHT_GAP = "emotion gap"
INSIGHT_SPECIFIC_PAIN = "persona-specific pain"
INSIGHT_SHARED_PAIN = "shared pain"
INSIGHT_OPPORTUNITY = "opportunity"
INSIGHT_CHANNEL = "one-persona channel"
INSIGHT_INTERACTION = "interaction"
INSIGHT_MERGE = "merge candidate"
INSIGHT_OWN_PERSONA = "own-persona candidate"
#: The kinds of row on the Insights sheet, in the order a new sheet lists them per journey.
INSIGHT_KINDS = (
    INSIGHT_GAP,
    INSIGHT_SPECIFIC_PAIN,
    INSIGHT_SHARED_PAIN,
    INSIGHT_OPPORTUNITY,
    INSIGHT_CHANNEL,
    INSIGHT_INTERACTION,
    INSIGHT_MERGE,
    INSIGHT_OWN_PERSONA,
)


@dataclass(frozen=True)
class Column:
    """One column of a tracker sheet, found again on later runs by its header text."""

    key: str
    header: str
    role: ColumnRole
    width: float
    kind: ColumnKind = "text"
    choices: tuple[str, ...] = ()
    wrap: bool = False
    #: Shown by Excel when the cell is selected (data validation input message).
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """A tracker sheet: its title, its columns in first-run order, and the columns that key a row."""

    role: str
    title: str
    code_name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    freeze: str
    tab_colour: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _source(key: str, header: str, width: float, **kw: object) -> Column:
    return Column(key, header, "source", width, **kw)  # type: ignore[arg-type]


def _user(key: str, header: str, width: float, **kw: object) -> Column:
    return Column(key, header, "user", width, **kw)  # type: ignore[arg-type]


def _formula(key: str, header: str, width: float, **kw: object) -> Column:
    return Column(key, header, "formula", width, **kw)  # type: ignore[arg-type]


_OWNER_HELP = "Who keeps this up to date. Yours: mapbridge never overwrites it."
_REVIEWED_HELP = "Date of the last review (a real date). Yours: mapbridge never overwrites it."
_EVERY_HELP = "Days between reviews. Blank = the default on the Overview sheet."
_SOURCE_COL = _source(
    "source",
    "Source",
    20,
    kind="list",
    choices=SOURCE_STATES,
    help="Whether the workbook still has this row (file missing: its file was not read on the "
    "last run). Rows are never deleted, only marked.",
)
_FOUND_IN_HELP = "The file and sheet this comes from. A portfolio names each of its files."

PERSONAS = SheetSpec(
    role="personas",
    title="Personas",
    code_name="mbPersonas",
    columns=(
        _source("id", "ID", 16),
        _source("name", "Persona", 22),
        _source(
            "kind",
            "Kind",
            11,
            kind="list",
            choices=PERSONA_KINDS,
            help="From the workbook's Kind column: research (based on research), proto "
            "(a proto-persona: a hypothesis), segment, or unspecified (the workbook does not say).",
        ),
        _user("owner", "Owner", 22, help=_OWNER_HELP),
        _user("last_reviewed", "Last reviewed", 14, kind="date", help=_REVIEWED_HELP),
        _user("review_every", "Review every (days)", 13, kind="int", help=_EVERY_HELP),
        _formula("next_due", "Next review due", 14, kind="date"),
        _formula("status", "Status", 15),
        _source("linked_maps", "Linked maps", 28, wrap=True),
        _source(
            "found_in",
            "Found in",
            30,
            wrap=True,
            help="Where the persona is defined, then the other files that name it.",
        ),
        _source("changed_on", "Content changed on", 14, kind="date"),
        _SOURCE_COL,
        _user("notes", "Notes", 40, wrap=True),
    ),
    key=("id",),
    freeze="C2",
    tab_colour="2563EB",
)

MAPS = SheetSpec(
    role="maps",
    title="Journey maps",
    code_name="mbMaps",
    columns=(
        _source("id", "Map ID", 30),
        _source("journey", "Journey", 22),
        _source("persona", "Persona", 20),
        _source("persona_id", "Persona ID", 14),
        _source("stages", "Stages", 44, wrap=True),
        _source("found_in", "Found in", 30, wrap=True, help=_FOUND_IN_HELP),
        _user("owner", "Owner", 22, help=_OWNER_HELP),
        _user("last_reviewed", "Last reviewed", 14, kind="date", help=_REVIEWED_HELP),
        _user("review_every", "Review every (days)", 13, kind="int", help=_EVERY_HELP),
        _formula("next_due", "Next review due", 14, kind="date"),
        _formula("status", "Status", 15),
        _formula("flag", "Review flag", 30, wrap=True),
        _formula("persona_changed", "Persona changed on", 14, kind="date"),
        _formula("persona_reviewed", "Persona last reviewed", 14, kind="date"),
        _source("changed_on", "Map changed on", 14, kind="date"),
        _SOURCE_COL,
        _user("notes", "Notes", 40, wrap=True),
    ),
    key=("id",),
    freeze="C2",
    tab_colour="7C3AED",
)

CONNECTIONS = SheetSpec(
    role="connections",
    title="Connections",
    code_name="mbConnections",
    columns=(
        _source("persona_id", "Persona ID", 14),
        _source("persona", "Persona", 20),
        _source("map_id", "Map ID", 30),
        _source("journey", "Journey", 22),
        _source("found_in", "Found in", 30, wrap=True, help=_FOUND_IN_HELP),
        _user(
            "owner",
            "Link owner",
            18,
            help="Who keeps this persona and this map in step. Every link needs one.",
        ),
        _user(
            "last_reviewed",
            "Last reviewed together",
            15,
            kind="date",
            help="When the persona and this map were last reviewed side by side.",
        ),
        _user("review_every", "Review every (days)", 13, kind="int", help=_EVERY_HELP),
        _formula("next_due", "Next review due", 14, kind="date"),
        _formula("status", "Status", 15),
        _SOURCE_COL,
        _user("notes", "Notes", 40, wrap=True),
    ),
    key=("persona_id", "map_id"),
    freeze="C2",
    tab_colour="0D9488",
)

TRIGGERS = SheetSpec(
    role="triggers",
    title="Triggers",
    code_name="mbTriggers",
    columns=(
        _user("when", "Date", 13, kind="date", help="When the event happened."),
        _user(
            "kind",
            "Trigger type",
            22,
            kind="list",
            choices=TRIGGER_KINDS,
            help="What should prompt a review of personas and maps.",
        ),
        _user("description", "Description", 40, wrap=True),
        _user("affects", "Affected personas and maps", 32, wrap=True),
        _user(
            "done",
            "Review done",
            12,
            kind="list",
            choices=YES_NO,
            help="yes once the affected personas and maps were reviewed.",
        ),
        _user("notes", "Notes", 36, wrap=True),
    ),
    key=(),
    freeze="A2",
    tab_colour="D97706",
)

FINDINGS = SheetSpec(
    role="findings",
    title="Findings",
    code_name="mbFindings",
    columns=(
        _source("id", "Finding ID", 16),
        _source("severity", "Severity", 10, kind="list", choices=SEVERITIES),
        _source("code", "Code", 9),
        _source("name", "Finding", 26),
        _source("message", "Message", 48, wrap=True),
        _source("hint", "Hint", 36, wrap=True),
        _source("where", "Where", 18),
        _source(
            "state",
            "State",
            17,
            kind="list",
            choices=FINDING_STATES,
            help="Findings that stop being reported are kept and marked, never deleted.",
        ),
        _source("first_reported", "First reported", 14, kind="date"),
        _user("owner", "Owner", 22, help=_OWNER_HELP),
        _user("notes", "Notes", 36, wrap=True),
    ),
    key=("id",),
    freeze="B2",
    tab_colour="DC2626",
)

INSIGHTS = SheetSpec(
    role="insights",
    title="Insights",
    code_name="mbInsights",
    columns=(
        _source("id", "Insight ID", 15),
        _source("journey", "Journey", 20),
        _source(
            "kind",
            "Kind",
            20,
            kind="list",
            choices=INSIGHT_KINDS,
            help="What the row says: where emotions differ, a pain one persona or several have, "
            "an opportunity, a channel one persona uses, an interaction, or journey-first advice.",
        ),
        _source("stage", "Stage", 16, wrap=True),
        _source("personas", "Personas", 22, wrap=True),
        _source("what", "What", 50, wrap=True),
        _source(
            "figure",
            "Figure",
            9,
            kind="number",
            help="Gap: spread of the emotion scores (0-2). Pain: personas naming it. Opportunity: "
            "priority (personas + their pain). Merge or own persona: similarity.",
        ),
        _source("measure", "Measure", 26, wrap=True),
        _user(
            "action",
            "Action / decision",
            34,
            wrap=True,
            help="What the team does about this insight. Yours: mapbridge never overwrites it.",
        ),
        _user("owner", "Owner", 18, help=_OWNER_HELP),
        _user("notes", "Notes", 32, wrap=True),
        _source(
            "state",
            "State",
            15,
            kind="list",
            choices=INSIGHT_STATES,
            help="Insights the workbook stops showing are kept and marked, never deleted. "
            "A row you delete does not come back.",
        ),
        _source("first_found", "First found", 13, kind="date"),
        _source("cells", "Source cells", 22, wrap=True),
    ),
    key=("id",),
    freeze="B2",
    tab_colour="CA8A04",
)

CHANGE_LOG = SheetSpec(
    role="changelog",
    title="Change log",
    code_name="mbChangeLog",
    columns=(
        _source("run", "Run", 7, kind="int"),
        _source("date", "Date", 13, kind="date"),
        _source("action", "Change", 18),
        _source("item", "Item", 12),
        _source("id", "ID", 34),
        _source("name", "Name", 30),
        _source("detail", "Details", 60, wrap=True),
    ),
    key=(),
    freeze="A2",
    tab_colour="475569",
)

OVERVIEW_TITLE = "Overview"
OVERVIEW_CODE_NAME = "mbOverview"
STATE_TITLE = "_mapbridge"
STATE_CODE_NAME = "mbState"

#: The data sheets in the order a new tracker shows them (Overview first, state sheet last).
DATA_SHEETS: tuple[SheetSpec, ...] = (
    PERSONAS,
    MAPS,
    CONNECTIONS,
    TRIGGERS,
    INSIGHTS,
    FINDINGS,
    CHANGE_LOG,
)
