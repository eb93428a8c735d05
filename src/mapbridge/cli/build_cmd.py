"""`mapbridge build`: the main job, writing every output for a workbook into one folder.

Each output is a step: a function that takes the loaded workspace, the output folder, the
workbook path and the options, writes its file(s) and returns the lines to print. Adding an
output (the tracker, the check report) means adding a step to STEPS.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from mapbridge.cli import common
from mapbridge.cli.deck_cmd import deck_options

#: (workspace, outdir, workbook, options) -> lines to print, one per file written.
Step = Callable[[Any, Path, Path, dict[str, Any]], list[str]]


def deck_step(workspace: Any, outdir: Path, workbook: Path, options: dict[str, Any]) -> list[str]:
    """OUTDIR/<workbook stem>.pptx."""
    from mapbridge.cli.deck_cmd import write_deck_for

    return [write_deck_for(workspace, outdir / f"{workbook.stem}.pptx", options)]


def tracker_step(
    workspace: Any, outdir: Path, workbook: Path, options: dict[str, Any]
) -> list[str]:
    """OUTDIR/<workbook stem>-tracker.xlsx, updated in place when it is already there."""
    from mapbridge.cli.tracker_cmd import tracker_lines, write_tracker_for

    today = options["today"].date() if options.get("today") else None
    result = write_tracker_for(
        workspace,
        workbook,
        outdir / f"{workbook.stem}-tracker.xlsx",
        today=today,
        no_checks=bool(options.get("no_checks")),
    )
    return tracker_lines(result)


def check_step(workspace: Any, outdir: Path, workbook: Path, options: dict[str, Any]) -> list[str]:
    """OUTDIR/<workbook stem>-check.txt: what `mapbridge check` prints (skipped with --no-checks)."""
    if options.get("no_checks"):
        return []
    from mapbridge.cli.check_cmd import write_check_report

    report = options.get("report")
    return [
        write_check_report(
            workspace,
            report.problems if report is not None else [],
            workbook,
            outdir / f"{workbook.stem}-check.txt",
            options,
        )
    ]


#: What `build` writes, in order.
STEPS: list[Step] = [deck_step, tracker_step, check_step]


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
@deck_options
def command(
    workbook: Path,
    outdir: Path,
    layout: str,
    template: Path | None,
    personas: tuple[str, ...],
    journey: str | None,
    no_checks: bool,
    today: datetime | None,
) -> None:
    """Build everything for WORKBOOK into a folder: the deck (OUTDIR/WORKBOOK.pptx), the review
    tracker (OUTDIR/WORKBOOK-tracker.xlsx, updated in place on later runs), the map-health
    report (OUTDIR/WORKBOOK-check.txt, as `mapbridge check` prints it) and more.

    The main job: `mapbridge build workshop.xlsx -o out/`. Prints one line per file written.
    """
    from mapbridge.cli.deck_cmd import Progress

    # The progress bar's clock starts with the command: reading a big workbook counts too.
    progress = Progress(f"Writing {workbook.stem}.pptx")
    workspace, report = common.load_workspace(workbook)
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mapbridge-build-", dir=outdir))
    options = {
        "workbook": workbook,
        "report": report,
        "layout": layout,
        "template": template,
        "personas": personas,
        "journey": journey,
        "no_checks": no_checks,
        "today": today,
        "progress": progress,
    }
    try:
        # Every step writes into a staging folder beside the outputs; only when all of them
        # succeeded are the files moved into place, so a failed build leaves no new file behind
        # and every earlier output untouched. The tracker is updated in place, so its current
        # version is staged first.
        tracker = outdir / f"{workbook.stem}-tracker.xlsx"
        if tracker.is_file():
            shutil.copy2(tracker, staging / tracker.name)
        lines = [line for step in STEPS for line in step(workspace, staging, workbook, options)]
        for staged in sorted(staging.iterdir()):
            os.replace(staged, outdir / staged.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for line in lines:
        click.echo(line.replace(str(staging), str(outdir)))
