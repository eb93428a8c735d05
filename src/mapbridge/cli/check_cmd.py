"""`mapbridge check`: map-health findings for a workbook, like a linter, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mapbridge.cli import common

if TYPE_CHECKING:  # imported lazily at run time to keep start-up fast
    from mapbridge.checks import CheckConfig
    from mapbridge.errors import Problem


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the rule catalogue (code, severity, name, trigger) and stop."""
    if not value or ctx.resilient_parsing:
        return
    from mapbridge.checks import RULES

    for rule in RULES:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.name}: {rule.trigger}")
    ctx.exit(0)


def threshold_options(function: Any) -> Any:
    """The options that override the check thresholds (shared with `mapbridge build`)."""
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
            "--stale-days",
            type=click.IntRange(min=1),
            help="Review cadence in days (default: the workbook's cadence, else 90).",
        ),
        click.option(
            "--overlap-threshold",
            type=click.FloatRange(0.0, 1.0),
            help="Stage overlap from which persona maps are layered, as in the deck (default 0.8).",
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


def check_config(workbook: Path, options: dict[str, Any]) -> CheckConfig:
    """The thresholds for a workbook: defaults, then the settings file next to it, then options."""
    from mapbridge.checks import CheckConfig
    from mapbridge.config import find_settings

    settings = find_settings(workbook)
    return CheckConfig.from_settings(
        settings.values,
        source=settings.source,
        max_personas=options.get("max_personas"),
        similarity=options.get("similarity"),
        duplicate_similarity=options.get("duplicate_similarity"),
        stale_days=options.get("stale_days"),
        overlap_threshold=options.get("overlap_threshold"),
        disable=list(options.get("disable") or ()),
    )


def run_checks(workbook: Path, options: dict[str, Any]) -> list[Problem]:
    """Read the workbook and check it: the importer's warnings plus the map-health findings."""
    config = check_config(workbook, options)  # a bad settings file fails before reading
    workspace, report = common.load_workspace(workbook, quiet=True)
    return collect_findings(workspace, report.problems, workbook, options, config=config)


def collect_findings(
    workspace: Any,
    import_problems: list[Problem],
    workbook: Path,
    options: dict[str, Any],
    *,
    config: CheckConfig | None = None,
) -> list[Problem]:
    """Import warnings and map-health findings for a loaded workbook, errors first.

    Every finding names the workbook as the user gave it (its file name), like import messages.
    """
    from mapbridge.checks import check
    from mapbridge.errors import SEVERITY_ORDER

    config = config or check_config(workbook, options)
    today = options.get("today")
    findings = [p for p in import_problems if p.code not in config.disable]
    findings += check(workspace, config=config, today=today.date() if today else None)
    name = workbook.name
    findings = [p.model_copy(update={"file": name}) for p in findings]
    return sorted(findings, key=lambda p: SEVERITY_ORDER[p.severity])


def write_check_report(
    workspace: Any,
    import_problems: list[Problem],
    workbook: Path,
    target: Path,
    options: dict[str, Any],
) -> str:
    """Write what `mapbridge check` would print to `target` (for `build`); returns the line to print."""
    from mapbridge.atomic import write_text_atomic
    from mapbridge.checks import summary

    findings = collect_findings(workspace, import_problems, workbook, options)
    write_text_atomic(target, report_text(workbook, findings) + "\n")
    return f"wrote {target} (map health: {summary(findings)})"


def report_text(workbook: Path, findings: list[Problem]) -> str:
    """The whole text report: the findings, then the one-line summary."""
    from mapbridge.checks import summary

    head = findings_as_text(findings) + "\n\n" if findings else ""
    return f"{head}{workbook.name}: {summary(findings)}."


def findings_as_json(findings: list[Problem]) -> str:
    """The JSON form: a list of {code, name, severity, file, sheet, cell, message, hint}."""
    fields = ("code", "name", "severity", "file", "sheet", "cell", "message", "hint")
    return json.dumps(
        [{key: getattr(p, key) for key in fields} for p in findings], indent=2, ensure_ascii=False
    )


def findings_as_text(findings: list[Problem]) -> str:
    """The text form: one line per finding, errors then warnings then notes, a blank line between."""
    lines: list[str] = []
    previous = None
    for problem in findings:
        if previous is not None and problem.severity != previous:
            lines.append("")
        lines.append(problem.format())
        previous = problem.severity
    return "\n".join(lines)


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
def command(workbook: Path, output_format: str, strict: bool, **options: Any) -> None:
    """Check a workbook for the known persona and journey-map mistakes, like a linter.

    Each finding has a stable code, a severity, the cell it comes from and a hint that tells
    the fix. Thresholds come from the options, else a mapbridge.toml or a [tool.mapbridge]
    table in a pyproject.toml next to the workbook, else the defaults.

    Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 unreadable input.
    """
    from mapbridge.checks import summary
    from mapbridge.errors import InvalidWorkbook

    try:
        findings = run_checks(workbook, options)
    except InvalidWorkbook as exc:
        # The importer's errors are this command's findings: same output, same place.
        problems = [p.model_copy(update={"file": workbook.name}) for p in exc.report.sorted()]
        if output_format == "json":
            click.echo(findings_as_json(problems))
        else:
            click.echo(findings_as_text(problems))
            click.echo("")
            click.echo(
                f"{workbook.name}: {summary(problems)}; fix the errors so the map-health "
                "rules can run."
            )
        click.get_current_context().exit(common.EXIT_INVALID)

    if output_format == "json":
        click.echo(findings_as_json(findings))
    else:
        click.echo(report_text(workbook, findings))
    has_errors = any(p.severity == "error" for p in findings)
    has_warnings = any(p.severity == "warning" for p in findings)
    if has_errors or (strict and has_warnings):
        click.get_current_context().exit(common.EXIT_INVALID)
