"""`mapbridge deck`: write the PowerPoint deck (persona profiles, journey maps, layered comparison)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from mapbridge.cli import common


@click.command("deck")
@common.workbook_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The deck to write (default: WORKBOOK.pptx beside the workbook).",
)
@common.deck_options
def command(
    workbook: Path | tuple[Path, ...],
    output: Path | None,
    layout: str,
    template: Path | None,
    personas: tuple[str, ...],
    journey: str | None,
    one_deck: bool,
    no_checks: bool,
    today: datetime | None,
    overlap_threshold: float | None,
) -> None:
    """Write the PowerPoint deck for WORKBOOK.

    A title and overview slide, a profile per persona, a journey-map slide per persona map
    (long maps continue on further slides), the persona-layered comparison when personas share
    their stages, and a Map health slide. Every shape stays editable; the emotion curve is a
    native chart; speaker notes carry shortened text in full and the source cells.
    """
    from mapbridge import workflow
    from mapbridge.config import Thresholds

    # The progress bars' clocks start with the command: reading a big workbook counts too.
    reading = common.reading_progress()
    label = output.name if output else common.input_label(workbook, ".pptx")
    progress = common.Progress(f"Writing {label}")
    options = workflow.DeckOptions(
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
        thresholds=Thresholds(overlap_threshold=overlap_threshold),
    )
    try:
        result = workflow.deck(workbook, output, options)
    finally:
        reading.close()
        progress.close()
    for written in result.decks or [result.deck]:
        click.echo(common.deck_line(written))
