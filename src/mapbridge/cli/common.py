"""What every command shares: reading the input with located messages, and turning errors into exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # imported lazily at run time to keep start-up fast
    from mapbridge.errors import Problem, Report
    from mapbridge.model import Workspace

#: Exit codes, as documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3


def echo_problems(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one line each, errors first."""
    from mapbridge.errors import SEVERITY_ORDER

    for problem in sorted(problems, key=lambda p: SEVERITY_ORDER[p.severity]):
        click.echo(problem.format(), err=True)


def load_workspace(
    path: str | Path, *, quiet: bool = False, strict: bool = False
) -> tuple[Workspace, Report]:
    """Read an input file for a command; print its warnings (unless quiet) and return the report too.

    The reading options come from mapbridge.toml (or `[tool.mapbridge]`) next to the input;
    `strict` makes an emotion that cannot be scored an error. Errors are raised as
    MapbridgeError and reported by the group.
    """
    from mapbridge.api import read_input
    from mapbridge.config import find_settings, reading_options
    from mapbridge.errors import Report

    report = Report(file=Path(path).name)
    context = click.get_current_context(silent=True)
    limit = context.meta.get(MAX_UNPACKED_KEY) if context is not None else None
    options = reading_options(find_settings(path), strict=strict)
    workspace = read_input(path, report=report, max_unpacked_bytes=limit, options=options)
    if not quiet:
        # Notes (info) are shown by `inspect` (coverage, --explain), not on every command.
        echo_problems(p for p in report.problems if p.severity != "info")
    return workspace, report


#: Where `--max-unpacked-mb` leaves its value for `load_workspace` (click's per-run context).
MAX_UNPACKED_KEY = "mapbridge.max_unpacked_bytes"


def _remember_max_unpacked(ctx: click.Context, _param: click.Parameter, value: int | None) -> None:
    if value is not None:
        ctx.meta[MAX_UNPACKED_KEY] = value * 1024 * 1024


max_unpacked_option = click.option(
    "--max-unpacked-mb",
    type=click.IntRange(min=1),
    metavar="MB",
    expose_value=False,
    callback=_remember_max_unpacked,
    help="Refuse workbooks that unpack to more than this many megabytes (default 512, or "
    "MAPBRIDGE_MAX_UNPACKED_MB). Raise it only for a genuinely large workbook you trust.",
)

_workbook_argument = click.argument(
    "workbook", metavar="WORKBOOK", type=click.Path(dir_okay=True, path_type=Path)
)


def workbook_argument(function: Any) -> Any:
    """The WORKBOOK argument, with the --max-unpacked-mb option every reading command shares."""
    return _workbook_argument(max_unpacked_option(function))


def _require_defusedxml() -> None:
    """Fail at start-up, before any command runs, if openpyxl would parse XML without defusedxml.

    The same test openpyxl makes (defusedxml importable, OPENPYXL_DEFUSEDXML not "False"),
    without importing openpyxl, so start-up stays fast.
    """
    import importlib.util

    if importlib.util.find_spec("defusedxml") is not None and (
        os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
    ):
        return
    from mapbridge.errors import unguarded_xml_parser

    raise unguarded_xml_parser()


class MapbridgeGroup(click.Group):
    """A click group that reports mapbridge errors as located messages with the documented exit code.

    Doing this in the group (not around it) means CliRunner tests see exactly what users see.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order they were added (the main job first), not alphabetically."""
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            _require_defusedxml()
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`mapbridge inspect x.xlsx | head`): stop quietly, like other tools.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
            from mapbridge.errors import InvalidWorkbook, MapbridgeError

            if isinstance(exc, InvalidWorkbook):
                echo_problems(exc.report.problems)
                ctx.exit(exc.exit_code)
            if isinstance(exc, MapbridgeError):
                echo_problems(exc.problems)
                ctx.exit(exc.exit_code)
            if isinstance(exc, MemoryError):
                click.echo("mapbridge: out of memory while working on this file.", err=True)
                ctx.exit(EXIT_INTERNAL)
            if isinstance(exc, OSError):
                # A full disk or a read-only folder is the user's to fix, not a bug.
                click.echo(_file_system_message(exc), err=True)
                ctx.exit(EXIT_UNREADABLE)
            click.echo(
                f"mapbridge: internal error ({type(exc).__name__}: {exc}). "
                "This is a bug in mapbridge; please report it with the file that caused it.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _file_system_message(exc: OSError) -> str:
    """A located line for a file-system error, naming the output a temporary file stood for."""
    import re

    name = str(exc.filename or "")
    # atomic_path's temporary ".deck.pptx.x1y2.mapbridge-tmp" stands for "deck.pptx".
    name = re.sub(r"(^|/)\.([^/]+)\.[^./]+\.mapbridge-tmp$", r"\1\2", name)
    where = f"{name}: " if name else "mapbridge: "
    return (
        f"{where}error MB042 file-system-error: {exc.strerror or exc}; an existing output is "
        "unchanged. Hint: check that the folder exists, that you may write there and that the "
        "disk has room"
    )
