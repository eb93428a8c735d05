"""`mapbridge insights`: where the personas of each journey differ, as text or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli import common


@click.command("insights")
@common.workbook_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a readable report; json: every figure, for other tools (see the README).",
)
def command(workbook: Path | tuple[Path, ...], output_format: str) -> None:
    """Show where the personas of each journey differ in WORKBOOK.

    For every journey with two or more maps: the stages where their emotions differ most (who
    is lowest and highest, as typed), pain points only one persona has and those several
    share, opportunities ranked by how many personas they help and how painful their stage is,
    touchpoints only one persona uses, the links between personas (Interacts with, Depends on,
    Caused by, Hands over to), and, for proto-personas, segments or maps with no persona, which
    maps could merge and which deserve a persona of their own.

    Warnings go to stderr, so `--format json` output can be piped into other tools.
    """
    from mapbridge import workflow

    with common.reading_progress() as reading:
        options = workflow.InsightsOptions(
            max_unpacked_bytes=common.max_unpacked_bytes(),
            on_problems=common.echo_warnings,
            on_read=reading,
        )
        result = workflow.insights(workbook, options)
    click.echo(result.insights.to_json() if output_format == "json" else result.text())
