"""`mapbridge tracker`: write or update the Excel review tracker (owners, review dates, triggers)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mapbridge.cli import common

if TYPE_CHECKING:  # imported lazily at run time to keep start-up fast
    from mapbridge.errors import Problem
    from mapbridge.exporters.tracker import TrackerResult

#: Change lines printed before the rest is left to the Change log sheet.
MAX_CHANGE_LINES = 40


def default_tracker_path(workbook: Path) -> Path:
    """bank.xlsx -> bank-tracker.xlsx, beside the workbook."""
    return workbook.with_name(f"{workbook.stem}-tracker.xlsx")


def tracker_findings(workspace: Any, workbook: Path, today: date | None) -> list[Problem]:
    """The map-health findings for the Findings sheet, with the thresholds `check` would use."""
    from mapbridge.checks import check
    from mapbridge.cli.check_cmd import check_config

    config = check_config(workbook, {})
    findings = check(workspace, config=config, today=today)
    return [p.model_copy(update={"file": workbook.name}) for p in findings]


def write_tracker_for(
    workspace: Any,
    workbook: Path,
    target: Path,
    *,
    review_every: int | None = None,
    today: date | None = None,
    no_checks: bool = False,
) -> TrackerResult:
    """Write or update the tracker for a loaded workspace (shared with `mapbridge build`).

    Warnings about the tracker file itself go to stderr.
    """
    from mapbridge.exporters.tracker import write_tracker

    findings = None if no_checks else tracker_findings(workspace, workbook, today)
    result = write_tracker(
        workspace, target, review_every=review_every, today=today, findings=findings
    )
    for warning in result.warnings:
        click.echo(f"{result.path}: warning: {warning}", err=True)
    return result


def tracker_lines(result: TrackerResult) -> list[str]:
    """What a run did: the summary line, then one line per change (capped)."""
    lines = [result.summary()]
    if result.created:
        return lines
    changes = [c for c in result.changes if c.action != "note"]
    lines += [f"  {change.format()}" for change in changes[:MAX_CHANGE_LINES]]
    if len(changes) > MAX_CHANGE_LINES:
        lines.append(
            f"  ... and {len(changes) - MAX_CHANGE_LINES} more (see the Change log sheet)."
        )
    return lines


@click.command("tracker")
@common.workbook_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The tracker to write, or to update if it exists (default: WORKBOOK-tracker.xlsx "
    "beside the workbook).",
)
@click.option(
    "--review-every",
    type=click.IntRange(1, 3650),
    metavar="DAYS",
    help="Review cadence for new rows whose workbook gives none "
    "(default: the workbook's cadence, else 90).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Fix the tracker's As-of date to this day instead of Excel's TODAY() "
    "(for reproducible files and tests).",
)
@click.option(
    "--no-checks",
    is_flag=True,
    help="Do not run the map-health checks; the Findings sheet is left as it is.",
)
def command(
    workbook: Path,
    output: Path | None,
    review_every: int | None,
    today: datetime | None,
    no_checks: bool,
) -> None:
    """Write or update the Excel review tracker for WORKBOOK.

    The tracker lists personas, journey maps and the links between them with owners, review
    dates and live statuses (Overdue, Due soon, OK, Never reviewed), plus triggers, findings
    and a change log. Running it again updates the file in place: owners, dates, notes,
    trigger rows and any column or sheet you added are kept exactly as typed; the previous
    file is kept as NAME.backup.xlsx. A file that is not a mapbridge tracker is never
    overwritten.
    """
    workspace, _report = common.load_workspace(workbook)
    result = write_tracker_for(
        workspace,
        workbook,
        output or default_tracker_path(workbook),
        review_every=review_every,
        today=today.date() if today else None,
        no_checks=no_checks,
    )
    for line in tracker_lines(result):
        click.echo(line)
