"""`mapbridge inspect`: what mapbridge read from a workbook, as a summary, an explanation or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli import common


@click.command("inspect")
@common.workbook_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a readable summary; json: the whole model (personas, journeys, cells and their "
    "sources, and `reading`: the tables found and the cells not read).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show, per sheet, each table found with its range, what it was read as and why, what "
    "each header or row label means, and what was left out.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop (exit 1) on an emotion that cannot be scored, instead of a warning and a gap.",
)
def command(
    workbook: Path | tuple[Path, ...], output_format: str, explain: bool, strict: bool
) -> None:
    """Show what mapbridge reads from WORKBOOK: personas, journeys, stages, lanes, coverage, warnings.

    Warnings go to stderr, so `--format json` output can be piped into other tools.
    """
    from mapbridge import workflow

    with common.reading_progress() as reading:
        options = workflow.InspectOptions(
            strict_emotions=strict,
            max_unpacked_bytes=common.max_unpacked_bytes(),
            on_problems=common.echo_warnings,
            on_read=reading,
        )
        result = workflow.inspect(workbook, options)
    if output_format == "json":
        click.echo(result.workspace.model_dump_json(indent=2))
        return
    for line in result.explanation() if explain else result.summary():
        click.echo(line)
