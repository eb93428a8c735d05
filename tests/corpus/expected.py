"""What a corpus workbook must read as (`Expected`) and `assert_reading`, which checks a reading against it.

Everything is compared as a user sees it: persona names and kinds, journey names with their
persona, stage names in order, lanes as (name as typed, kind), every map cell with the cell it came
from, the message codes, and the coverage of filled cells (read, or reported as not read).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import EllipsisType
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from mapbridge.errors import Report
from mapbridge.model import Journey, Persona, Workspace, slugify

#: A score that is only checked for its sign: "+" above 0, "-" below 0, "0" zero.
Sign = str
#: What an emotion cell must score: a number on -1..1, a sign, None (no score), ... (not checked).
Score = float | Sign | None | EllipsisType

#: The tolerance on emotion scores (they are rounded by the reader).
SCORE_TOLERANCE = 0.011


@dataclass(frozen=True)
class Cell:
    """One map entry: the text typed for a stage (and step) in a lane, and the cell it came from."""

    stage: str
    lane: str
    text: str
    source: str  # "Sheet!C5"
    step: str | None = None
    score: Score = ...
    #: Which persona/journey rows of a rows table the cell belongs to (for building expectations).
    group: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str | None, str, str, str]:
        return (self.stage, self.step, self.lane, self.text, self.source)


@dataclass(frozen=True)
class PersonaExp:
    """A persona as it must be read.

    `fields` are compared exactly (attribute -> value: "role", "goals", "demographics", "extra"...).
    `kept` maps a header to a value that must be kept somewhere on the persona (in `extra` under
    that header, or in any field) when the rules do not fix which field a header means.
    """

    name: str
    kind: str = "unspecified"
    source: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class JourneyExp:
    """One journey map as it must be read; `cells` is every entry of the map, nothing more."""

    name: str
    persona: str | None  # the persona's name; None for a shared map
    stages: list[str]
    lanes: list[tuple[str, str]]
    cells: list[Cell]
    steps: dict[str, list[str]] = field(default_factory=dict)
    owner: str | None = None  # None: not checked
    last_updated: date | None | EllipsisType = ...
    #: Compare the name by its slug only (a name taken from the file name may be re-cased).
    name_by_slug: bool = False
    #: Hand-picked cells, checked one by one before the whole map (clearer failures).
    spot: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Unread:
    """A range of filled cells the reader must report as not read (warning MB035 at its first cell)."""

    sheet: str
    range: str
    cells: int


@dataclass
class Expected:
    """The whole reading of one corpus workbook.

    `codes` is the exact set of message codes (every severity); `incidental` lists codes that may
    also appear (each case says why). `skipped` sheets are left out whole with one MB036 note and
    count as not read. `checks` are extra assertions of one case. `filled` (sheet -> filled cells)
    is counted from the saved file by `count_filled`.
    """

    personas: list[PersonaExp]
    journeys: list[JourneyExp]
    codes: frozenset[str] = frozenset()
    incidental: frozenset[str] = frozenset()
    unread: list[Unread] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    checks: list[Callable[[Workspace], None]] = field(default_factory=list)
    filled: dict[str, int] = field(default_factory=dict)


def is_filled(value: object) -> bool:
    """A filled cell: any value but None and blank or whitespace-only text."""
    if value is None:
        return False
    return not (isinstance(value, str) and not value.strip())


def count_filled(path: Path) -> dict[str, int]:
    """Filled cells per sheet of a saved workbook, counted with openpyxl (not with mapbridge)."""
    wb = load_workbook(path)
    try:
        return {
            ws.title: sum(1 for row in ws.iter_rows(values_only=True) for v in row if is_filled(v))
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def normalise_range(text: str) -> str:
    """ "h30" and "H30:H30" are the same range: "H30:H30"."""
    text = text.replace("$", "").upper().strip()
    if ":" not in text:
        text = f"{text}:{text}"
    return text


def first_cell(text: str) -> str:
    return normalise_range(text).split(":")[0]


def range_cells(text: str) -> int:
    min_col, min_row, max_col, max_row = range_boundaries(normalise_range(text))
    return (max_col - min_col + 1) * (max_row - min_row + 1)


# ---------------------------------------------------------------------- the check


def assert_reading(workspace: Workspace, report: Report, expected: Expected) -> None:
    """Assert that `workspace` (read with `report`) is exactly the reading `expected` describes."""
    _check_personas(workspace, expected)
    _check_journeys(workspace, expected)
    _check_problems(report, expected)
    _check_coverage(workspace, report, expected)
    for check in expected.checks:
        check(workspace)


def _check_personas(workspace: Workspace, expected: Expected) -> None:
    got = [p.name for p in workspace.personas]
    want = [p.name for p in expected.personas]
    assert got == want, f"personas: read {got}, expected {want}"
    for persona, exp in zip(workspace.personas, expected.personas, strict=True):
        assert persona.kind == exp.kind, (
            f"persona {exp.name!r}: kind {persona.kind!r}, expected {exp.kind!r}"
        )
        if exp.source is not None:
            source = str(persona.source) if persona.source else None
            assert source == exp.source, (
                f"persona {exp.name!r}: name read from {source}, expected {exp.source}"
            )
        for attr, value in exp.fields.items():
            actual = _persona_attr(persona, attr)
            assert actual == value, f"persona {exp.name!r}: {attr} = {actual!r}, expected {value!r}"
        for header, value in exp.kept.items():
            assert _persona_keeps(persona, header, value), (
                f"persona {exp.name!r}: the value {value!r} of column {header!r} is nowhere on "
                f"the persona (extra = {persona.extra!r})"
            )


def _persona_attr(persona: Persona, attr: str) -> Any:
    if attr.startswith("empathy_map."):
        return getattr(persona.empathy_map, attr.split(".", 1)[1])
    return getattr(persona, attr)


def _persona_keeps(persona: Persona, header: str, value: str) -> bool:
    if persona.extra.get(header) == value:
        return True
    for name in type(persona).model_fields:
        attr = getattr(persona, name)
        if attr == value:
            return True
        if isinstance(attr, list) and value in attr:
            return True
        if isinstance(attr, dict) and value in attr.values():
            return True
    return False


def _persona_name(workspace: Workspace, journey: Journey) -> str | None:
    persona = workspace.persona(journey.persona_id)
    if journey.persona_id is not None and persona is None:
        return f"<unknown persona id {journey.persona_id!r}>"
    return persona.name if persona else None


def _journey_label(name: str, persona: str | None) -> str:
    return f"{name!r} for {persona!r}" if persona else f"{name!r} (shared)"


def _check_journeys(workspace: Workspace, expected: Expected) -> None:
    got = [(j.name, _persona_name(workspace, j)) for j in workspace.journeys]
    want = [(j.name, j.persona) for j in expected.journeys]
    same = len(got) == len(want) and all(
        (slugify(g[0]) == slugify(w.name) if w.name_by_slug else g[0] == w.name)
        and g[1] == w.persona
        for g, w in zip(got, expected.journeys, strict=False)
    )
    assert same, f"journeys (name, persona): read {got}, expected {want}"
    for journey, exp in zip(workspace.journeys, expected.journeys, strict=True):
        _check_journey(journey, exp)


def _entry_keys(journey: Journey) -> dict[tuple[str, str | None, str, str, str], list[Any]]:
    keys: dict[tuple[str, str | None, str, str, str], list[Any]] = {}
    for entry in journey.entries:
        stage = journey.stage(entry.stage_id)
        lane = journey.lane(entry.lane_id)
        source = str(entry.source) if entry.source else ""
        key = (
            stage.name if stage else f"<stage {entry.stage_id}>",
            entry.step,
            lane.name if lane else f"<lane {entry.lane_id}>",
            entry.text,
            source,
        )
        keys.setdefault(key, []).append(entry)
    return keys


def _check_journey(journey: Journey, exp: JourneyExp) -> None:
    label = _journey_label(exp.name, exp.persona)
    stages = [s.name for s in journey.stages]
    assert stages == exp.stages, f"map {label}: stages {stages}, expected {exp.stages}"
    lanes = [(lane.name, lane.kind) for lane in journey.lanes]
    assert lanes == exp.lanes, f"map {label}: lanes {lanes}, expected {exp.lanes}"
    if exp.steps:
        steps = {s.name: [step.name for step in s.steps] for s in journey.stages if s.steps}
        assert steps == exp.steps, f"map {label}: steps {steps}, expected {exp.steps}"
    if exp.owner is not None:
        assert journey.owner == exp.owner, (
            f"map {label}: owner {journey.owner!r}, expected {exp.owner!r}"
        )
    if exp.last_updated is not ...:
        assert journey.last_updated == exp.last_updated, (
            f"map {label}: last updated {journey.last_updated}, expected {exp.last_updated}"
        )
    entries = _entry_keys(journey)
    for cell in exp.spot:
        assert cell.key in entries, (
            f"map {label}: no entry {cell.text!r} from {cell.source} at stage {cell.stage!r}, "
            f"lane {cell.lane!r}" + (f", step {cell.step!r}" if cell.step else "")
        )
    got = Counter({key: len(found) for key, found in entries.items()})
    want = Counter(cell.key for cell in exp.cells)
    missing = list((want - got).elements())
    extra = list((got - want).elements())
    assert not missing and not extra, (
        f"map {label}: {len(missing)} cells missing (first: {missing[:3]}), "
        f"{len(extra)} unexpected (first: {extra[:3]})"
    )
    for cell in [*exp.spot, *exp.cells]:
        if cell.score is ...:
            continue
        for entry in entries[cell.key]:
            _check_score(label, cell, entry.emotion.score if entry.emotion else None)


def _check_score(label: str, cell: Cell, score: float | None) -> None:
    where = f"map {label}: emotion {cell.text!r} at {cell.source}"
    if cell.score is None:
        assert score is None, f"{where} scored {score}, expected no score"
        return
    assert score is not None, f"{where} has no score, expected {cell.score}"
    if cell.score == "+":
        assert score > 0, f"{where} scored {score}, expected a positive score"
    elif cell.score == "-":
        assert score < 0, f"{where} scored {score}, expected a negative score"
    elif cell.score == "0":
        assert abs(score) < SCORE_TOLERANCE, f"{where} scored {score}, expected 0"
    else:
        assert isinstance(cell.score, float | int)
        assert abs(score - cell.score) < SCORE_TOLERANCE, (
            f"{where} scored {score}, expected {cell.score}"
        )


def _check_problems(report: Report, expected: Expected) -> None:
    seen = Counter(p.code for p in report.problems)
    listed = [f"{p.code} {p.location}" for p in report.problems]
    missing = sorted(expected.codes - set(seen))
    assert not missing, f"expected message codes {missing} were not given; got {listed}"
    known = expected.codes | expected.incidental
    others = [p.format() for p in report.problems if p.code not in known]
    assert not others, f"unexpected messages: {others}"
    # One MB035 per unread range, at its first cell; one MB036 note per skipped sheet.
    mb035 = sorted((p.sheet or "", p.cell or "") for p in report.problems if p.code == "MB035")
    want035 = sorted((u.sheet, first_cell(u.range)) for u in expected.unread)
    assert mb035 == want035, f"MB035 cells-not-read at {mb035}, expected at {want035}"
    assert all(p.severity == "warning" for p in report.problems if p.code == "MB035")
    mb036 = sorted((p.sheet or "", p.severity) for p in report.problems if p.code == "MB036")
    want036 = sorted((sheet, "info") for sheet in expected.skipped)
    assert mb036 == want036, f"MB036 sheet-skipped notes {mb036}, expected {want036}"


def _check_coverage(workspace: Workspace, report: Report, expected: Expected) -> None:
    assert workspace.reading is not None, "workspace.reading is None: no coverage was recorded"
    coverage = workspace.reading.coverage
    filled = sum(expected.filled.values())
    assert coverage.filled_cells == filled, (
        f"coverage counts {coverage.filled_cells} filled cells; the workbook has {filled} "
        f"({expected.filled})"
    )
    unread_cells = sum(u.cells for u in coverage.unread)
    assert coverage.read_cells + unread_cells == filled, (
        f"read {coverage.read_cells} + not read {unread_cells} != filled {filled}"
    )
    for item in coverage.unread:
        assert item.reason.strip(), f"unread range {item.sheet}!{item.range} gives no reason"
        assert 0 < item.cells <= range_cells(item.range), (
            f"unread range {item.sheet}!{item.range} claims {item.cells} cells"
        )
    got = sorted(
        (u.sheet, normalise_range(u.range), u.cells)
        for u in coverage.unread
        if u.sheet not in expected.skipped
    )
    want = sorted((u.sheet, normalise_range(u.range), u.cells) for u in expected.unread)
    assert got == want, f"unread ranges {got}, expected {want}"
    for sheet in expected.skipped:
        cells = sum(u.cells for u in coverage.unread if u.sheet == sheet)
        assert cells == expected.filled[sheet], (
            f"skipped sheet {sheet!r}: {cells} cells reported as not read, "
            f"it has {expected.filled[sheet]}"
        )
