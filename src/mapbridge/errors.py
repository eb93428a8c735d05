"""Located problems (file, sheet, cell, code, message, hint) and the report that collects them."""

from __future__ import annotations

from typing import Any, ClassVar, overload

from pydantic import BaseModel

from mapbridge import codes
from mapbridge.codes import Code, Severity
from mapbridge.model import is_board_place

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class Problem(BaseModel):
    """One thing wrong (or worth knowing) about an input, with where it is and how to fix it.

    Import, usage and plugin problems use the codes of `mapbridge.codes`; map-health findings
    (MB1xx) those of `mapbridge.checks.rules`. Codes are stable: users disable them by code and
    search for them in the README. Plugins may use codes of their own.
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
        """`file: Sheet!C7`, or as much of it as is known; `file › frame › element` on a board."""
        place = ""
        if self.sheet and self.cell and is_board_place(self.cell):
            return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)
        if self.sheet and self.cell:
            place = f"{_quote_sheet(self.sheet)}!{self.cell}"
        elif self.sheet:
            place = _quote_sheet(self.sheet)
        parts = [p for p in (self.file, place) if p]
        return ": ".join(parts)

    @classmethod
    def of(
        cls,
        code: Code,
        message: str,
        hint: str = "",
        *,
        severity: Severity | None = None,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> Problem:
        """A problem of a catalogued kind: its name, and its severity unless one is given."""
        return cls(
            code=code.code,
            name=code.name,
            severity=severity or code.severity,
            message=message,
            hint=hint,
            file=file,
            sheet=sheet,
            cell=cell,
        )

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

    @overload
    def add(
        self,
        code: Code,
        message: str,
        hint: str = "",
        *,
        severity: Severity | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        file: str | None = None,
    ) -> Problem: ...

    @overload
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
    ) -> Problem: ...

    def add(self, code: Code | str, *args: Any, **kwargs: Any) -> Problem:
        """Record a problem: `add(codes.X, message, hint, sheet=..., cell=...)`.

        The catalogue gives the name and the default severity (`severity=` overrides it). A
        plugin's own, uncatalogued code is given as `add(code, name, severity, message, hint)`.
        """
        if isinstance(code, Code):
            problem = Problem.of(code, *args, **kwargs)
        else:
            problem = _uncatalogued(code, *args, **kwargs)
        if problem.file is None:
            problem.file = self.file
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
    #: The code given to a problem built from a plain message.
    code: ClassVar[Code] = codes.ERROR

    def __init__(self, problems: list[Problem] | Problem | str, hint: str = "") -> None:
        if isinstance(problems, str):
            problems = Problem.of(self.code, problems, hint, severity="error")
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
    code: ClassVar[Code] = codes.USAGE_ERROR


@overload
def unreadable(
    file: str,
    code: Code,
    message: str,
    hint: str = "",
    *,
    sheet: str | None = None,
    cell: str | None = None,
) -> UnreadableInput: ...


@overload
def unreadable(
    file: str,
    code: str,
    name: str,
    message: str,
    hint: str = "",
    *,
    sheet: str | None = None,
    cell: str | None = None,
) -> UnreadableInput: ...


def unreadable(file: str, code: Code | str, *args: Any, **kwargs: Any) -> UnreadableInput:
    """An UnreadableInput carrying one located error: `unreadable(file, codes.X, message, hint)`.

    A plugin's own, uncatalogued code is given as `unreadable(file, code, name, message, hint)`.
    """
    if isinstance(code, Code):
        problem = Problem.of(code, *args, severity="error", file=file, **kwargs)
    else:

        def plugin_error(name: str, message: str, hint: str = "", **where: Any) -> Problem:
            return _uncatalogued(code, name, "error", message, hint, file=file, **where)

        problem = plugin_error(*args, **kwargs)
    return UnreadableInput(problem)


def _uncatalogued(
    code: str,
    name: str,
    severity: Severity,
    message: str,
    hint: str = "",
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
) -> Problem:
    """A problem with a code of a plugin's own, which `mapbridge.codes` does not know."""
    return Problem(
        code=code,
        name=name,
        severity=severity,
        message=message,
        hint=hint,
        file=file,
        sheet=sheet,
        cell=cell,
    )


def unguarded_xml_parser() -> UsageError:
    """The error for a machine where openpyxl would parse XML without defusedxml."""
    return UsageError(
        Problem.of(
            codes.UNGUARDED_XML_PARSER,
            "openpyxl is not using defusedxml (it is not installed, or "
            "OPENPYXL_DEFUSEDXML=False is set), so mapbridge refuses to parse workbooks with it",
            "install defusedxml (`pip install defusedxml`) and unset OPENPYXL_DEFUSEDXML",
        )
    )
