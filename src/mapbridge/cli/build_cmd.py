"""`mapbridge build`: the main job, writing every output for a workbook into one folder.

One library call (`mapbridge.workflow.build`) does the work: one settings read, one read of the
workbook, one run of the checks, every file or none. This module turns the arguments into
BuildOptions and prints one line per file written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from mapbridge.cli import common


@click.command("build")
@common.workbook_argument
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder to write into (created if missing).",
)
@common.deck_options
@click.option(
    "--review-every",
    type=click.IntRange(1, 3650),
    metavar="DAYS",
    help="Review cadence for items whose workbook gives none, in the tracker and the checks "
    "(default: review-every in mapbridge.toml, else the workbook's cadence, else 90).",
)
@common.force_option
def command(
    workbook: Path | tuple[Path, ...],
    outdir: Path,
    layout: str,
    template: Path | None,
    personas: tuple[str, ...],
    journey: str | None,
    one_deck: bool,
    no_checks: bool,
    today: datetime | None,
    overlap_threshold: float | None,
    review_every: int | None,
    force: bool,
) -> None:
    """Build everything for WORKBOOK into a folder: the deck (OUTDIR/WORKBOOK.pptx), the
    interactive map page (OUTDIR/WORKBOOK.html, one self-contained file), the review tracker
    (OUTDIR/WORKBOOK-tracker.xlsx, updated in place on later runs), the map-health report
    (OUTDIR/WORKBOOK-check.txt, as `mapbridge check` prints it) and more.

    The main job: `mapbridge build workshop.xlsx -o out/`. Prints one line per file written.
    """
    from mapbridge import workflow
    from mapbridge.checks import summary
    from mapbridge.config import Thresholds

    # The progress bars' clocks start with the command: reading a big workbook counts too.
    reading = common.reading_progress()
    progress = common.Progress(f"Writing {common.input_label(workbook, '.pptx')}")
    options = workflow.BuildOptions(
        **common.deck_run_options(
            layout=layout,
            template=template,
            personas=personas,
            journey=journey,
            one_deck=one_deck,
            no_checks=no_checks,
            today=today,
            progress=progress,
            on_read=reading,
        ),
        review_every=review_every,
        thresholds=Thresholds(overlap_threshold=overlap_threshold, review_every=review_every),
        force=force,
    )
    try:
        result = workflow.build(workbook, outdir, options)
    finally:
        reading.close()
        progress.close()
    common.echo_tracker_warnings(result.tracker)
    for written in result.decks or [result.deck]:
        click.echo(common.deck_line(written))
    if result.page is not None:
        people, maps = len(result.workspace.personas), len(result.workspace.journeys)
        detail = f"{common.plural(people, 'persona')}, {common.plural(maps, 'map')}"
        click.echo(f"wrote {result.page} (interactive map: {detail})")
    for line in common.tracker_lines(result.tracker):
        click.echo(line)
    if result.check_report is not None and result.findings is not None:
        click.echo(f"wrote {result.check_report} (map health: {summary(result.findings)})")
    if result.insights_report is not None and result.insights is not None:
        compared = len(result.insights.journeys)
        detail = (
            f"where the personas differ in {common.plural(compared, 'journey')}"
            if compared
            else "no journey has two or more maps to compare"
        )
        click.echo(f"wrote {result.insights_report} ({detail})")
