"""`mapbridge init`: write a starter workshop workbook with the expected sheets and headers."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("path", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it already exists.")
def command(path: Path, force: bool) -> None:
    """Write a starter workshop workbook to PATH (.xlsx).

    It has an Instructions sheet, a Personas sheet, a Journey rows sheet, a Stages sheet and a
    Reviews sheet with the headers mapbridge expects, dropdowns for persona kind and emotion,
    and example rows marked as examples.
    """
    from mapbridge.errors import UsageError

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(
            f"{path.name}: the starter workbook must be an .xlsx file; use a name like workshop.xlsx"
        )
    if path.exists() and not force:
        raise UsageError(
            f"{path}: the file already exists; choose another name or pass --force to overwrite it"
        )
    from mapbridge.exporters.starter import write_starter_workbook

    write_starter_workbook(path)
    click.echo(f"wrote {path}. Fill it in, then run: mapbridge inspect {path}")
