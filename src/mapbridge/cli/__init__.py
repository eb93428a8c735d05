"""The mapbridge command line: click commands that each make one library call. The only place that prints.

Command modules import only click at module level; the library (pydantic, openpyxl, python-pptx)
is imported inside each command, so `mapbridge --help` stays fast.
"""

from __future__ import annotations

import click

from mapbridge import __version__
from mapbridge.cli.common import MapbridgeGroup


@click.group(
    cls=MapbridgeGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="mapbridge")
def cli() -> None:
    """Turn persona and journey-mapping workshop workbooks into decks, trackers and checks.

    Start with `mapbridge init workshop.xlsx` for a starter workbook, fill it in, then run
    `mapbridge build workshop.xlsx -o out/`.

    Exit codes: 0 success (warnings may be printed), 1 the workbook has errors,
    2 usage error or a file that cannot be opened as a workbook, 3 an internal error.
    """


def _register() -> None:
    # Each command lives in its own module; importing them only defines click commands.
    from mapbridge.cli import (
        build_cmd,
        check_cmd,
        deck_cmd,
        export_cmd,
        formats_cmd,
        init_cmd,
        insights_cmd,
        inspect_cmd,
        schema_cmd,
        tracker_cmd,
    )

    # In the order `mapbridge --help` lists them: the main job first.
    for module in (
        build_cmd,
        deck_cmd,
        tracker_cmd,
        check_cmd,
        insights_cmd,
        export_cmd,
        inspect_cmd,
        init_cmd,
        schema_cmd,
        formats_cmd,
    ):
        cli.add_command(module.command)


_register()


def main() -> None:
    """Entry point of the `mapbridge` console script."""
    cli(prog_name="mapbridge")
