"""`mapbridge formats`: the importers and exporters installed (built in or from plugins), with their extensions."""

from __future__ import annotations

import click

from mapbridge.cli.common import echo_problems


@click.command("formats")
def command() -> None:
    """List the formats mapbridge can read and write, and which package provides each.

    Plugins add formats through the `mapbridge.importers` and `mapbridge.exporters` entry points;
    a plugin that fails to load is reported as a warning and left out.
    """
    from mapbridge.plugins import load_registry

    registry = load_registry()
    echo_problems(registry.problems)

    def order(kind: str, name: str) -> tuple[bool, str]:
        # mapbridge's own formats first, then plugins; alphabetical within each.
        return (registry.providers.get((kind, name), "mapbridge") != "mapbridge", name)

    click.echo("Importers (read with any command that takes WORKBOOK):")
    for name in sorted(registry.importers, key=lambda n: order("importer", n)):
        importer = registry.importers[name]
        provider = registry.providers.get(("importer", name), "mapbridge")
        extensions = " ".join(importer.extensions)
        click.echo(f"  {name:<12} {extensions:<22} {importer.description}{_by(provider)}")
    click.echo("Exporters (mapbridge export WORKBOOK --to NAME):")
    for name in sorted(registry.exporters, key=lambda n: order("exporter", n)):
        exporter = registry.exporters[name]
        provider = registry.providers.get(("exporter", name), "mapbridge")
        click.echo(f"  {name:<12} {exporter.extension:<22} {exporter.description}{_by(provider)}")


def _by(provider: str) -> str:
    return "" if provider == "mapbridge" else f" (plugin: {provider})"
