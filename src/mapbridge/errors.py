"""Located problems (file, sheet, cell, code, message, hint) and the report that collects them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class Problem(BaseModel):
    """One thing wrong (or worth knowing) about an input, with where it is and how to fix it.

    Import problems use codes MB0xx; map-health findings use MB1xx. Codes are stable: users
    disable them by code and search for them in the README.
    """

    code: str
    name: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def location(self) -> str:
        """`file: Sheet!C7`, or as much of it as is known."""
        place = ""
        if self.sheet and self.cell:
            place = f"{_quote_sheet(self.sheet)}!{self.cell}"
        elif self.sheet:
            place = _quote_sheet(self.sheet)
        parts = [p for p in (self.file, place) if p]
        return ": ".join(parts)

    def format(self) -> str:
        """The one-line form the CLI prints."""
        head = f"{self.location}: " if self.location else ""
        text = f"{head}{self.severity} {self.code} {self.name}: {self.message}"
        if self.hint:
            stop = "" if text.endswith((".", "!", "?")) else "."
            text += f"{stop} Hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()


def _quote_sheet(sheet: str) -> str:
    """Sheet names with spaces are quoted the way Excel writes references ('Journey rows'!C7)."""
    if any(ch in sheet for ch in " -!'()&,;") or not sheet:
        return "'" + sheet.replace("'", "''") + "'"
    return sheet


class Report:
    """Every problem found while reading or checking, in the order found."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        hint: str = "",
        *,
        sheet: str | None = None,
        cell: str | None = None,
        file: str | None = None,
    ) -> Problem:
        problem = Problem(
            code=code,
            name=name,
            severity=severity,
            message=message,
            hint=hint,
            file=file if file is not None else self.file,
            sheet=sheet,
            cell=cell,
        )
        self.problems.append(problem)
        return problem

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def sorted(self) -> list[Problem]:
        """Problems grouped by severity (errors first), keeping their found order inside a group."""
        return sorted(self.problems, key=lambda p: SEVERITY_ORDER[p.severity])

    def __iter__(self):
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)


class MapbridgeError(Exception):
    """Base of every error mapbridge raises on purpose; the CLI turns it into a message and an exit code."""

    exit_code = 2
    #: Code and name given to a problem built from a plain message.
    code = "MB000"
    name = "error"

    def __init__(self, problems: list[Problem] | Problem | str, hint: str = "") -> None:
        if isinstance(problems, str):
            problems = Problem(
                code=self.code, name=self.name, severity="error", message=problems, hint=hint
            )
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(p.format() for p in problems))


class UnreadableInput(MapbridgeError):
    """The input cannot be opened as what it claims to be (missing, not a workbook, unsafe, ...)."""

    exit_code = 2


class InvalidWorkbook(MapbridgeError):
    """The workbook opened, but its content has errors; `report` holds all of them and the warnings."""

    exit_code = 1

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(report.errors or report.problems)


class UsageError(MapbridgeError):
    """Arguments or options that cannot work together (a missing template layout, a bad date...)."""

    exit_code = 2
    code = "MB040"
    name = "usage-error"


def unreadable(
    file: str,
    code: str,
    name: str,
    message: str,
    hint: str = "",
    *,
    sheet: str | None = None,
    cell: str | None = None,
) -> UnreadableInput:
    """An UnreadableInput carrying one located problem."""
    return UnreadableInput(
        Problem(
            code=code,
            name=name,
            severity="error",
            message=message,
            hint=hint,
            file=file,
            sheet=sheet,
            cell=cell,
        )
    )


def unguarded_xml_parser() -> UsageError:
    """The error for a machine where openpyxl would parse XML without defusedxml."""
    return UsageError(
        Problem(
            code="MB041",
            name="unguarded-xml-parser",
            severity="error",
            message="openpyxl is not using defusedxml (it is not installed, or "
            "OPENPYXL_DEFUSEDXML=False is set), so mapbridge refuses to parse workbooks with it",
            hint="install defusedxml (`pip install defusedxml`) and unset OPENPYXL_DEFUSEDXML",
        )
    )
