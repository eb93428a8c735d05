"""`mapbridge export`: write a workbook (or any readable input) as Mermaid, draw.io, Excalidraw, JSON or a plugin format."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli.common import echo_problems, load_workspace, workbook_argument


def _default_name(source: Path, name: str, extension: str) -> str:
    """`bank.drawio`, `bank.json`, `bank.mermaid.md`: the format is in the name unless the extension says it."""
    if extension.lstrip(".").lower() == name.lower():
        return f"{source.stem}{extension}"
    return f"{source.stem}.{name}{extension}"


@click.command("export")
@workbook_argument
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
def command(workbook: Path, format_name: str, output: Path | None) -> None:
    """Export WORKBOOK to a diagram, whiteboard or data format.

    \b
    mapbridge export workshop.xlsx --to mermaid        # workshop.mermaid.md, for wikis
    mapbridge export workshop.xlsx --to drawio -o maps/
    mapbridge export workshop.xlsx --to excalidraw
    mapbridge export workshop.xlsx --to json -o -      # the whole model on stdout

    Prints the files written. WORKBOOK may be any input mapbridge reads (.xlsx, .mmd, .json, ...).
    The input is never overwritten.
    """
    import tempfile

    from mapbridge.errors import UsageError
    from mapbridge.plugins import load_registry

    registry = load_registry()
    exporter = registry.exporters.get(format_name.lower())
    if exporter is None:
        echo_problems(registry.problems)
        names = ", ".join(sorted(registry.exporters))
        raise UsageError(f"there is no exporter called {format_name!r}; installed: {names}")

    workspace, report = load_workspace(workbook)
    already = {p.format() for p in report.problems}
    echo_problems(p for p in registry.problems if p.format() not in already)

    default_name = _default_name(workbook, exporter.name, exporter.extension)
    if output is not None and str(output) == "-":
        with tempfile.TemporaryDirectory(prefix="mapbridge-export-") as folder:
            target = Path(folder) / default_name
            written = exporter.write(workspace, target) or [target]
            for path in written:
                click.echo(Path(path).read_text(encoding="utf-8"), nl=False)
        return
    if output is None:
        target = workbook.parent / default_name
    elif output.is_dir() or str(output).endswith(("/", "\\")):
        target = output / default_name
    else:
        target = output
    if target.resolve() == workbook.resolve():
        raise UsageError(
            f"exporting to {target} would overwrite the input; choose another name with -o"
        )
    written = exporter.write(workspace, target) or [target]
    maps = len(workspace.journeys)
    personas = len(workspace.personas)
    detail = (
        f"{personas} persona{'s' if personas != 1 else ''}, {maps} map{'s' if maps != 1 else ''}"
    )
    for path in written:
        click.echo(f"wrote {path} ({exporter.name}: {detail})")
