"""`mapbridge tracker`: write or update the Excel review tracker (owners, review dates, triggers)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mapbridge.cli import common

if TYPE_CHECKING:  # imported lazily at run time to keep start-up fast
    from mapbridge.exporters.tracker import TrackerResult

#: Change lines printed before the rest is left to the Change log sheet.
MAX_CHANGE_LINES = 40


def default_tracker_path(workbook: Path) -> Path:
    """bank.xlsx -> bank-tracker.xlsx, beside the workbook."""
    return workbook.with_name(f"{workbook.stem}-tracker.xlsx")


def echo_result(result: TrackerResult) -> None:
    """Print what a tracker run did: a summary line, then the changes (warnings to stderr)."""
    for warning in result.warnings:
        click.echo(f"{result.path.name}: warning: {warning}", err=True)
    click.echo(result.summary())
    if result.created:
        return
    changes = [c for c in result.changes if c.action != "note"]
    for change in changes[:MAX_CHANGE_LINES]:
        click.echo(f"  {change.format()}")
    if len(changes) > MAX_CHANGE_LINES:
        click.echo(f"  ... and {len(changes) - MAX_CHANGE_LINES} more (see the Change log sheet).")


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
    from mapbridge.exporters.tracker import write_tracker

    day = today.date() if today else None
    findings = None
    if no_checks:
        workspace, _report = common.load_workspace(workbook)
    else:
        from mapbridge.checks import check
        from mapbridge.cli.check_cmd import check_config

        config = check_config(workbook, {})
        workspace, report = common.load_workspace(workbook)
        findings = [p for p in report.problems if p.code not in config.disable]
        findings += check(workspace, config=config, today=day)
        findings = [p.model_copy(update={"file": workbook.name}) for p in findings]
    target = output or default_tracker_path(workbook)
    result = write_tracker(
        workspace, target, review_every=review_every, today=day, findings=findings
    )
    echo_result(result)
