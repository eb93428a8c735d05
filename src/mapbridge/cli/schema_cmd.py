"""`mapbridge schema`: the JSON Schema of the workspace model (what `export --to json` writes and JSON input must follow)."""

from __future__ import annotations

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of mapbridge's workspace JSON (from the pydantic models).

    `mapbridge export WORKBOOK --to json` writes files that follow it, and a JSON file that
    follows it is an input like a workbook.
    """
    from mapbridge.exporters.json_export import schema_json

    click.echo(schema_json(), nl=False)
