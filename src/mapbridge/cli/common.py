"""What every command shares: options, the hooks a run reports through, result lines, exit codes.

Command modules import only this module of the CLI; what one command shares with another (the
deck options of `deck` and `build`, the progress bar, the tracker's lines) lives here.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # imported lazily at run time to keep start-up fast
    from mapbridge.errors import Problem
    from mapbridge.exporters.deck import DeckResult
    from mapbridge.exporters.tracker import TrackerResult

#: Exit codes, as documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3

#: Change lines printed before the rest is left to the tracker's Change log sheet.
MAX_CHANGE_LINES = 40


def echo_problems(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one line each, errors first."""
    from mapbridge.errors import SEVERITY_ORDER

    for problem in sorted(problems, key=lambda p: SEVERITY_ORDER[p.severity]):
        click.echo(problem.format(), err=True)


def echo_warnings(problems: Sequence[Problem]) -> None:
    """A run's `on_problems` hook: print warnings as soon as they are known.

    Notes (info) are shown by `inspect` (coverage, --explain) and `check`, not on every command.
    """
    echo_problems(p for p in problems if p.severity != "info")


def max_unpacked_bytes() -> int | None:
    """The --max-unpacked-mb of this run, in bytes (None: the reader's default)."""
    context = click.get_current_context(silent=True)
    return context.meta.get(MAX_UNPACKED_KEY) if context is not None else None


#: Where `--max-unpacked-mb` leaves its value for `max_unpacked_bytes` (click's per-run context).
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


def _one_or_many(
    _ctx: click.Context, _param: click.Parameter, value: tuple[Path, ...]
) -> Path | tuple[Path, ...]:
    """One input as a Path (as every command took it before portfolios); several, or none (the
    mapbridge.toml's `inputs`), as a tuple."""
    return value[0] if len(value) == 1 else value


_workbook_argument = click.argument(
    "workbook",
    metavar="WORKBOOK...",
    nargs=-1,
    type=click.Path(dir_okay=True, path_type=Path),
    callback=_one_or_many,
)


def workbook_argument(function: Any) -> Any:
    """The WORKBOOK argument (one input, or several files and folders read as one portfolio, or
    none: the `inputs` of mapbridge.toml), with the --max-unpacked-mb option every reading
    command shares."""
    return _workbook_argument(max_unpacked_option(function))


force_option = click.option(
    "--force",
    is_flag=True,
    help="Write the tracker even when Excel or LibreOffice has it open (their lock file sits "
    "beside it). The version it replaces is kept as NAME.backup.xlsx; edits not yet saved in "
    "the open spreadsheet are not in the new file.",
)


def input_label(workbook: Path | tuple[Path, ...], suffix: str = "") -> str:
    """How a run's input is named in progress lines: `bank.pptx` for one, `portfolio.pptx`."""
    if isinstance(workbook, Path):
        return workbook.stem + suffix if suffix else workbook.name
    return "portfolio" + suffix


def deck_options(function: Any) -> Any:
    """The options `deck` and `build` share: layout, template, and which personas and journey."""
    options = [
        click.option(
            "--layout",
            type=click.Choice(["auto", "per-persona", "layered"]),
            default="auto",
            show_default=True,
            help="auto: a layered comparison when personas share their stages, separate maps when "
            "they diverge; per-persona or layered force one.",
        ),
        click.option(
            "--template",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A .pptx/.potx whose slide master, theme fonts and accent colours to use.",
        ),
        click.option(
            "--persona",
            "personas",
            multiple=True,
            metavar="NAME",
            help="Only this persona (repeat for several).",
        ),
        click.option("--journey", metavar="NAME", help="Only this journey."),
        click.option(
            "--one-deck",
            is_flag=True,
            help="With several inputs (a portfolio): everything in one deck, instead of a deck "
            "per journey and a portfolio overview deck.",
        ),
        click.option(
            # --health-slide is the name for the default; both spellings work.
            "--no-checks/--health-slide",
            "no_checks",
            default=False,
            help="--no-checks leaves out the Map health slide (the checks are not run); "
            "--health-slide (the default) ends the deck with it.",
        ),
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="The date the deck and its checks use (default: today).",
        ),
        click.option(
            "--overlap-threshold",
            type=click.FloatRange(0.0, 1.0),
            help="Share of stages personas must have in common to be drawn as one layered map "
            "with --layout auto (default: overlap-threshold in mapbridge.toml, else 0.8); the "
            "Map health advice (MB104) uses the same value.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def deck_run_options(
    *,
    layout: str,
    template: Path | None,
    personas: tuple[str, ...],
    journey: str | None,
    no_checks: bool,
    today: Any,
    progress: Any,
    on_read: Any = None,
    one_deck: bool = False,
) -> dict[str, Any]:
    """The library options `deck` and `build` make from the options they share (`deck_options`)."""
    return {
        "layout": layout,
        "template": template,
        "personas": personas,
        "journey": journey,
        "checks": not no_checks,
        "today": today.date() if today else None,
        "max_unpacked_bytes": max_unpacked_bytes(),
        "on_problems": echo_warnings,
        "progress": progress,
        "on_read": on_read,
        "one_deck": one_deck,
    }


#: Seconds a command runs before its progress bar appears (quick builds never show one).
PROGRESS_AFTER = 1.0


def stderr_is_terminal() -> bool:
    # sys.stderr, not click.get_text_stream (deprecated in click 8.5), so CliRunner's capture counts.
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """A progress bar on stderr for work that takes more than a second, only on a terminal.

    Call it with (done, total) as the work advances; nothing is shown in pipes, logs or tests,
    nor for work that finishes within PROGRESS_AFTER seconds of the command starting. Create it
    when the command starts, so reading a big workbook counts too. The label may be made from
    the total (`lambda total: f"Reading {total} files"`); used as a context manager, the bar
    ends its line on the way out.
    """

    def __init__(self, label: str | Callable[[int], str]) -> None:
        self.label = label
        self.started = time.monotonic()
        self.enabled = stderr_is_terminal()
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if done >= total or time.monotonic() - self.started < PROGRESS_AFTER:
                return
            label = self.label if isinstance(self.label, str) else self.label(total)
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done
        if done >= total:
            # The work is done (a build goes on to other files): end the bar's line now.
            self.close()

    def close(self) -> None:
        """End the bar's line (if one was shown) before the command prints its result."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def reading_progress() -> Progress:
    """The bar of a portfolio's reading ("Reading 60 files"), a run's `on_read` hook.

    Its own bar, ended when the last input is read (or the command stops), so a deck's or a
    build's bar starts on a line of its own. One input is never reported: it shows nothing.
    """
    return Progress(lambda total: f"Reading {plural(total, 'file')}")


def plural(n: int, word: str) -> str:
    """`1 slide`, `2 slides`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def deck_line(deck: DeckResult) -> str:
    """`wrote bank.pptx (13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight
    slide)`."""
    detail = (
        f"{plural(len(deck.slides), 'slide')}: {plural(deck.count('persona'), 'persona')}, "
        f"{plural(deck.count('map'), 'map slide')}"
    )
    if deck.count("layered"):
        detail += f", {plural(deck.count('layered'), 'layered comparison')}"
    if deck.count("insights"):
        detail += f", {plural(deck.count('insights'), 'insight slide')}"
    if deck.kind == "overview":
        detail = f"portfolio overview: {plural(len(deck.slides), 'slide')}"
    elif deck.kind != "deck":
        detail = f"{deck.label}: {detail}"
    return f"wrote {deck.path} ({detail})"


def echo_tracker_warnings(tracker: TrackerResult) -> None:
    """Warnings about the tracker file itself, on stderr."""
    for warning in tracker.warnings:
        click.echo(f"{tracker.path}: warning: {warning}", err=True)


def tracker_lines(tracker: TrackerResult) -> list[str]:
    """What a tracker run did: the summary line, then one line per change (capped)."""
    lines = [tracker.summary()]
    if tracker.created:
        return lines
    changes = [c for c in tracker.changes if c.action != "note"]
    lines += [f"  {change.format()}" for change in changes[:MAX_CHANGE_LINES]]
    if len(changes) > MAX_CHANGE_LINES:
        lines.append(
            f"  ... and {len(changes) - MAX_CHANGE_LINES} more (see the Change log sheet)."
        )
    return lines


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

    from mapbridge import codes

    name = str(exc.filename or "")
    # atomic_path's temporary ".deck.pptx.x1y2.mapbridge-tmp" stands for "deck.pptx".
    name = re.sub(r"(^|/)\.([^/]+)\.[^./]+\.mapbridge-tmp$", r"\1\2", name)
    where = f"{name}: " if name else "mapbridge: "
    code = codes.FILE_SYSTEM_ERROR
    return (
        f"{where}error {code.code} {code.name}: {exc.strerror or exc}; an existing output is "
        "unchanged. Hint: check that the folder exists, that you may write there and that the "
        "disk has room"
    )
