"""`mapbridge export`: write a workbook (or any readable input) as Mermaid, draw.io, Excalidraw, JSON or a plugin format."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli import common


@click.command("export")
@common.workbook_argument
@click.option(
    "--to",
    "format_name",
    required=True,
    metavar="FORMAT",
    help="mermaid (.md with diagrams; -o x.mmd for one file per diagram), drawio, excalidraw, "
    "json, or an installed plugin's format (`mapbridge formats` lists them).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write, or a folder to write into; `-` prints to stdout. "
    "Default: WORKBOOK's name with the format's extension, beside WORKBOOK.",
)
def command(workbook: Path | tuple[Path, ...], format_name: str, output: Path | None) -> None:
    """Export WORKBOOK to a diagram, whiteboard or data format.

    \b
    mapbridge export workshop.xlsx --to mermaid        # workshop.mermaid.md, for wikis
    mapbridge export workshop.xlsx --to drawio -o maps/
    mapbridge export workshop.xlsx --to excalidraw
    mapbridge export workshop.xlsx --to json -o -      # the whole model on stdout

    Prints the files written. WORKBOOK may be any input mapbridge reads (.xlsx, .mmd, .json, ...).
    The input is never overwritten.
    """
    from mapbridge import workflow

    as_text = output is not None and str(output) == "-"
    with common.reading_progress() as reading:
        options = workflow.ExportOptions(
            as_text=as_text,
            max_unpacked_bytes=common.max_unpacked_bytes(),
            on_problems=common.echo_warnings,
            on_read=reading,
        )
        result = workflow.export(workbook, format_name, None if as_text else output, options)
    for text in result.texts:
        click.echo(text, nl=False)
    personas, maps = len(result.workspace.personas), len(result.workspace.journeys)
    detail = f"{common.plural(personas, 'persona')}, {common.plural(maps, 'map')}"
    for path in result.paths:
        click.echo(f"wrote {path} ({result.format}: {detail})")
