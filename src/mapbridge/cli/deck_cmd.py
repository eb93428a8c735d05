"""`mapbridge deck`: write the PowerPoint deck (persona profiles, journey maps, layered comparison)."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import click

from mapbridge.cli import common


def default_deck_path(workbook: Path) -> Path:
    """bank.xlsx -> bank.pptx, beside the workbook."""
    return workbook.with_suffix(".pptx")


def deck_options(function):
    """The options `deck` and `build` share: layout, template, and which personas and journey."""
    options = [
        click.option(
            "--layout",
            type=click.Choice(["auto", "per-persona", "layered"]),
            default="auto",
            show_default=True,
            help="auto: a layered comparison when personas share their stages, separate maps when "
            "they diverge; per-persona or layered force one.",
        ),
        click.option(
            "--template",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A .pptx/.potx whose slide master, theme fonts and accent colours to use.",
        ),
        click.option(
            "--persona",
            "personas",
            multiple=True,
            metavar="NAME",
            help="Only this persona (repeat for several).",
        ),
        click.option("--journey", metavar="NAME", help="Only this journey."),
        click.option(
            # --health-slide is the name for the default; both spellings work.
            "--no-checks/--health-slide",
            "no_checks",
            default=False,
            help="--no-checks leaves out the Map health slide (the checks are not run); "
            "--health-slide (the default) ends the deck with it.",
        ),
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="The date the deck and its checks use (default: today).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


#: Seconds a command runs before its progress bar appears (quick builds never show one).
PROGRESS_AFTER = 1.0


def stderr_is_terminal() -> bool:
    # sys.stderr, not click.get_text_stream (deprecated in click 8.5), so CliRunner's capture counts.
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """A progress bar on stderr for work that takes more than a second, only on a terminal.

    Call it with (done, total) as the work advances; nothing is shown in pipes, logs or tests,
    nor for work that finishes within PROGRESS_AFTER seconds of the command starting.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.enabled = stderr_is_terminal()
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if done >= total or time.monotonic() - self.started < PROGRESS_AFTER:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        """End the bar's line (if one was shown) before the command prints its result."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def write_deck_for(workspace, output: Path, options: dict) -> str:
    """Write the deck for a loaded workspace; returns the line to print."""
    from mapbridge.exporters.deck import write_deck

    today = options["today"].date() if options.get("today") else None
    findings = None
    if not options.get("no_checks"):
        from mapbridge.checks import check
        from mapbridge.cli.check_cmd import check_config

        # The thresholds `mapbridge check` uses (mapbridge.toml / [tool.mapbridge]), so the
        # slide and the check agree.
        config = check_config(options["workbook"], {}) if options.get("workbook") else None
        findings = check(workspace, config=config, today=today)
    progress = options.get("progress") or Progress(f"Writing {output.name}")
    try:
        result = write_deck(
            workspace,
            output,
            layout=options.get("layout") or "auto",
            template=options.get("template"),
            personas=list(options.get("personas") or []) or None,
            journey=options.get("journey"),
            findings=findings,
            today=today,
            progress=progress,
        )
    finally:
        progress.close()

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    detail = (
        f"{plural(len(result.slides), 'slide')}: {plural(result.count('persona'), 'persona')}, "
        f"{plural(result.count('map'), 'map slide')}"
    )
    if result.count("layered"):
        detail += f", {plural(result.count('layered'), 'layered comparison')}"
    return f"wrote {output} ({detail})"


@click.command("deck")
@common.workbook_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The deck to write (default: WORKBOOK.pptx beside the workbook).",
)
@deck_options
def command(
    workbook: Path,
    output: Path | None,
    layout: str,
    template: Path | None,
    personas: tuple[str, ...],
    journey: str | None,
    no_checks: bool,
    today: datetime | None,
) -> None:
    """Write the PowerPoint deck for WORKBOOK.

    A title and overview slide, a profile per persona, a journey-map slide per persona map
    (long maps continue on further slides), the persona-layered comparison when personas share
    their stages, and a Map health slide. Every shape stays editable; the emotion curve is a
    native chart; speaker notes carry shortened text in full and the source cells.
    """
    # The progress bar's clock starts with the command: reading a big workbook counts too.
    progress = Progress(f"Writing {(output or default_deck_path(workbook)).name}")
    workspace, _report = common.load_workspace(workbook)
    target = output or default_deck_path(workbook)
    line = write_deck_for(
        workspace,
        target,
        {
            "workbook": workbook,
            "layout": layout,
            "template": template,
            "personas": personas,
            "journey": journey,
            "no_checks": no_checks,
            "today": today,
            "progress": progress,
        },
    )
    click.echo(line)
