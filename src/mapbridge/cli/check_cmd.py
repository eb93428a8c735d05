"""`mapbridge check`: map-health findings for a workbook, like a linter, as text or JSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from mapbridge.cli import common


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the rule catalogue (code, severity, name, trigger) and stop."""
    if not value or ctx.resilient_parsing:
        return
    from mapbridge.checks import RULES

    for rule in RULES:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.name}: {rule.trigger}")
    ctx.exit(0)


def threshold_options(function: Any) -> Any:
    """The options that override the check thresholds of the settings file, for this check."""
    options = [
        click.option(
            "--disable",
            "disable",
            multiple=True,
            metavar="CODE",
            help="Skip a rule, by code (MB105) or name (proto-persona); repeat or comma-separate.",
        ),
        click.option(
            "--max-personas",
            type=click.IntRange(min=1),
            help="More personas than this is too many (default 5).",
        ),
        click.option(
            "--similarity",
            type=click.FloatRange(0.0, 1.0, min_open=True),
            help="Content similarity from which persona maps count as generic (default 0.85).",
        ),
        click.option(
            "--duplicate-similarity",
            type=click.FloatRange(0.0, 1.0, min_open=True),
            help="Similarity from which two personas count as near-duplicates (default 0.85).",
        ),
        click.option(
            # --stale-days is the option's earlier name; both spellings work.
            "--review-every",
            "--stale-days",
            "review_every",
            type=click.IntRange(min=1),
            metavar="DAYS",
            help="Review cadence in days for items that name none (default: review-every in "
            "mapbridge.toml, else the workbook's cadence, else 90).",
        ),
        click.option(
            "--overlap-threshold",
            type=click.FloatRange(0.0, 1.0),
            help="Stage overlap from which MB104 advises one layered map (default: "
            "overlap-threshold in mapbridge.toml, else 0.8). `deck` and `build` take the same "
            "option; the exports and inspect take the file's value.",
        ),
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="Measure staleness as of this date (default: today).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.command("check")
@common.workbook_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per finding; json: a list of objects for other tools.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@threshold_options
@click.option(
    "--list-rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_rules,
    help="List every rule (code, severity, name, what triggers it) and exit.",
)
def command(
    workbook: Path | tuple[Path, ...],
    output_format: str,
    strict: bool,
    disable: tuple[str, ...],
    max_personas: int | None,
    similarity: float | None,
    duplicate_similarity: float | None,
    review_every: int | None,
    overlap_threshold: float | None,
    today: datetime | None,
) -> None:
    """Check a workbook for the known persona and journey-map mistakes, like a linter.

    Each finding has a stable code, a severity, the cell it comes from and a hint that tells
    the fix. Thresholds come from the options, else a mapbridge.toml or a [tool.mapbridge]
    table in a pyproject.toml next to the workbook, else the defaults.

    Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 unreadable input.
    """
    from mapbridge import workflow
    from mapbridge.checks import summary
    from mapbridge.errors import InvalidWorkbook

    thresholds = workflow.Thresholds(
        max_personas=max_personas,
        similarity=similarity,
        duplicate_similarity=duplicate_similarity,
        review_every=review_every,
        overlap_threshold=overlap_threshold,
        disable=disable,
    )
    reading = common.reading_progress()
    run_options = workflow.CheckOptions(
        thresholds=thresholds,
        today=today.date() if today else None,
        max_unpacked_bytes=common.max_unpacked_bytes(),
        on_read=reading,
    )
    try:
        with reading:
            result = workflow.check(workbook, run_options)
    except InvalidWorkbook as exc:
        # The importer's errors are this command's findings: same output, same place.
        name = common.input_label(workbook)
        problems = [
            p.model_copy(update={"file": name}) if isinstance(workbook, Path) else p
            for p in exc.report.sorted()
        ]
        if output_format == "json":
            click.echo(workflow.findings_as_json(problems))
        else:
            click.echo(workflow.findings_as_text(problems))
            click.echo("")
            click.echo(
                f"{name}: {summary(problems)}; fix the errors so the map-health rules can run."
            )
        click.get_current_context().exit(common.EXIT_INVALID)

    if output_format == "json":
        click.echo(workflow.findings_as_json(result.findings))
    else:
        click.echo(workflow.report_text(result.workbook.name, result.findings))
    if result.has_errors or (strict and result.has_warnings):
        click.get_current_context().exit(common.EXIT_INVALID)
