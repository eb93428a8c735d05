"""`mapbridge inspect`: what mapbridge read from a workbook, as a summary or as JSON."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli.common import load_workspace, workbook_argument


@click.command("inspect")
@workbook_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a readable summary; json: the whole model (personas, journeys, cells and their sources).",
)
def command(workbook: Path, output_format: str) -> None:
    """Show what mapbridge reads from WORKBOOK: personas, journeys, stages, lanes and warnings.

    Warnings go to stderr, so `--format json` output can be piped into other tools.
    """
    workspace, _report = load_workspace(workbook)
    if output_format == "json":
        click.echo(workspace.model_dump_json(indent=2))
        return
    from mapbridge.summary import describe

    for line in describe(workspace):
        click.echo(line)
