"""`mapbridge tracker`: write or update the Excel review tracker (owners, review dates, triggers)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from mapbridge.cli import common


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
    help="Review cadence for rows whose workbook gives none, and for the checks' staleness "
    "findings (default: review-every in mapbridge.toml, else the workbook's cadence, else 90).",
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
@common.force_option
def command(
    workbook: Path | tuple[Path, ...],
    output: Path | None,
    review_every: int | None,
    today: datetime | None,
    no_checks: bool,
    force: bool,
) -> None:
    """Write or update the Excel review tracker for WORKBOOK.

    The tracker lists personas, journey maps and the links between them with owners, review
    dates and live statuses (Overdue, Due soon, OK, Never reviewed), plus triggers, findings
    and a change log. Running it again updates the file in place: owners, dates, notes,
    trigger rows and any column or sheet you added are kept exactly as typed; the previous
    file is kept as NAME.backup.xlsx. A file that is not a mapbridge tracker is never
    overwritten, nor one open in Excel or LibreOffice (unless --force).
    """
    from mapbridge import workflow

    with common.reading_progress() as reading:
        options = workflow.TrackerOptions(
            review_every=review_every,
            thresholds=workflow.Thresholds(review_every=review_every),
            checks=not no_checks,
            today=today.date() if today else None,
            max_unpacked_bytes=common.max_unpacked_bytes(),
            on_problems=common.echo_warnings,
            on_read=reading,
            force=force,
        )
        result = workflow.tracker(workbook, output, options)
    common.echo_tracker_warnings(result.tracker)
    for line in common.tracker_lines(result.tracker):
        click.echo(line)
