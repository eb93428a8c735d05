"""The commands as library calls: build, deck, tracker, check, export and inspect, one run each.

A run resolves its configuration once (`mapbridge.config.resolve_configuration`: the settings
file next to the input, then the options), reads the input once, runs the map-health checks at
most once, and hands that one configuration to every output. So the deck, the diagrams, `inspect`
and the checks' layout advice (MB104) take the same layout decision. Each entry point takes a
typed options object and returns a result holding everything the CLI prints; the library never
prints (`on_problems` and `progress` are callbacks for a caller that shows things as they happen).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from inspect import Parameter, signature
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mapbridge import api, checks, codes
from mapbridge.config import Configuration, Thresholds, resolve_configuration
from mapbridge.errors import SEVERITY_ORDER, MapbridgeError, Problem, Report, UsageError

if TYPE_CHECKING:
    from mapbridge.exporters.deck import DeckResult
    from mapbridge.exporters.tracker import TrackerResult
    from mapbridge.formats.kinds import Exporter
    from mapbridge.insights import Insights
    from mapbridge.model import Workspace

__all__ = [
    "BuildOptions",
    "BuildResult",
    "CheckOptions",
    "CheckResult",
    "Configuration",
    "DeckOptions",
    "DeckRunResult",
    "ExportOptions",
    "ExportResult",
    "InspectOptions",
    "InspectResult",
    "RunOptions",
    "Thresholds",
    "TrackerOptions",
    "TrackerRunResult",
    "build",
    "check",
    "deck",
    "export",
    "findings_as_json",
    "findings_as_text",
    "InsightsOptions",
    "InsightsResult",
    "insights",
    "inspect",
    "report_text",
    "tracker",
]

#: Called with problems as soon as they are known (the input's warnings and notes once it is
#: read, plugins that failed to load), before anything is written.
ProblemsHook = Callable[[Sequence[Problem]], None]
#: Called as a deck is built, with (steps done, steps in all).
ProgressHook = Callable[[int, int], None]
LayoutChoice = Literal["auto", "per-persona", "layered"]

# ------------------------------------------------------------------------------------- options


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """What every run takes: the date, the reading limits, check thresholds and a problems hook.

    - `today`: the date checks measure staleness against and outputs are dated (default: today);
    - `max_unpacked_bytes`: the workbook size limit (None: 512 MB, or MAPBRIDGE_MAX_UNPACKED_MB);
    - `strict_emotions`: an emotion that cannot be scored is an error, not a warning and a gap;
    - `thresholds`: check thresholds that win over the settings file (the overlap threshold is
      the layout rule's too);
    - `on_problems`: see ProblemsHook.
    """

    today: date | None = None
    max_unpacked_bytes: int | None = None
    strict_emotions: bool = False
    thresholds: Thresholds = field(default_factory=Thresholds)
    on_problems: ProblemsHook | None = None
    #: Called as the inputs of a portfolio are read, with (inputs read, inputs in all).
    on_read: ProgressHook | None = None


@dataclass(frozen=True, kw_only=True)
class DeckOptions(RunOptions):
    """The deck: the layout (auto lets the shared-stage rule decide), a template, which personas
    and journey, whether to end with the Map health slide (`checks`), and a progress hook."""

    layout: LayoutChoice = "auto"
    template: Path | None = None
    personas: tuple[str, ...] = ()
    journey: str | None = None
    checks: bool = True
    progress: ProgressHook | None = None
    #: A portfolio's decks in one file instead of a deck per journey and an overview deck.
    one_deck: bool = False


@dataclass(frozen=True, kw_only=True)
class TrackerOptions(RunOptions):
    """The tracker: the review cadence for new rows the workbook gives none (`review_every`, days),
    and whether the checks fill the Findings sheet (`checks`)."""

    review_every: int | None = None
    checks: bool = True
    #: Write the tracker even when its Excel or LibreOffice lock file says someone has it open
    #: (the replaced version is kept as the backup, as on every run).
    force: bool = False


@dataclass(frozen=True, kw_only=True)
class BuildOptions(DeckOptions):
    """Everything `build` writes: the deck's options, the tracker's cadence; `checks` False leaves
    out the health slide, the tracker's findings and the check report; `force` as TrackerOptions."""

    review_every: int | None = None
    force: bool = False


@dataclass(frozen=True, kw_only=True)
class CheckOptions(RunOptions):
    """The map-health check: thresholds (in RunOptions) and the date; nothing more."""


@dataclass(frozen=True, kw_only=True)
class ExportOptions(RunOptions):
    """An export: with `as_text`, nothing is kept on disk and the result holds the files' text."""

    as_text: bool = False


@dataclass(frozen=True, kw_only=True)
class InsightsOptions(RunOptions):
    """`insights`: the RunOptions (the workbook is read as every other command reads it)."""


@dataclass(frozen=True, kw_only=True)
class InspectOptions(RunOptions):
    """What `inspect` reads with: the RunOptions (`strict_emotions` above all)."""


# ------------------------------------------------------------------------------------- results


@dataclass
class RunResult:
    """What every run returns: the input, the configuration used, and the problems reading it found.

    `problems` holds the input's warnings and notes (errors raise InvalidWorkbook instead).
    """

    workbook: Path
    configuration: Configuration
    workspace: Workspace
    problems: list[Problem]


@dataclass
class DeckRunResult(RunResult):
    """A deck written: `deck` says what is in it; `findings` are those of its Map health slide."""

    deck: DeckResult
    findings: list[Problem] | None = None
    #: Every deck written: the one deck, or a portfolio's overview deck and a deck per journey.
    decks: list[DeckResult] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.deck.path


@dataclass
class TrackerRunResult(RunResult):
    """A tracker written or updated: `tracker` says what changed; `findings` filled its sheet."""

    tracker: TrackerResult
    findings: list[Problem] | None = None

    @property
    def path(self) -> Path:
        return self.tracker.path


@dataclass
class CheckResult(RunResult):
    """The check: the input's problems (less the disabled ones) and the findings, errors first,
    each naming the workbook's file."""

    findings: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.findings)

    @property
    def has_warnings(self) -> bool:
        return any(p.severity == "warning" for p in self.findings)


@dataclass
class InsightsResult(RunResult):
    """Where the personas differ (`mapbridge.insights.Insights`), journey by journey."""

    insights: Insights

    def text(self) -> str:
        """The insights for people, as `mapbridge insights` prints them."""
        from mapbridge.insights import insights_as_text

        return insights_as_text(self.insights)


@dataclass
class ExportResult(RunResult):
    """An export: the files written (none with `as_text`), or their text, and the format's name."""

    format: str
    paths: list[Path] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class InspectResult(RunResult):
    """What was read, with the lines `inspect` shows computed on demand with the run's settings."""

    def summary(self) -> list[str]:
        """The summary lines; the Layout line decides with the run's overlap threshold."""
        from mapbridge.describe import describe

        return describe(self.workspace, overlap_threshold=self.configuration.overlap_threshold)

    def explanation(self) -> list[str]:
        """`--explain`: per sheet, the tables found and why, and what was left out."""
        from mapbridge.describe import explain

        return explain(self.workspace)


@dataclass
class BuildResult(RunResult):
    """Everything `build` wrote into `outdir`, every path named where it now is.

    `findings` are the check report's (None when the checks were left out), `check_report` its
    file; `deck` and `tracker` say what is in those files.
    """

    outdir: Path
    deck: DeckResult
    tracker: TrackerResult
    check_report: Path | None = None
    findings: list[Problem] | None = None
    #: The interactive page (OUTDIR/WORKBOOK.html), beside the deck.
    page: Path | None = None
    #: Every deck written: the one deck, or a portfolio's overview deck and a deck per journey.
    decks: list[DeckResult] = field(default_factory=list)
    #: Where the personas differ (OUTDIR/WORKBOOK-insights.txt), beside the check report.
    insights_report: Path | None = None
    insights: Insights | None = None

    @property
    def written(self) -> list[Path]:
        """The files written, in the order `build` reports them."""
        decks = [d.path for d in self.decks] or [self.deck.path]
        paths = decks + ([self.page] if self.page else []) + [self.tracker.path]
        paths += [self.check_report] if self.check_report else []
        return paths + ([self.insights_report] if self.insights_report else [])


# --------------------------------------------------------------------------------- entry points


def deck(
    workbook: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    options: DeckOptions | None = None,
) -> DeckRunResult:
    """Write the deck for a workbook (default: WORKBOOK.pptx beside it)."""
    options = options or DeckOptions()
    run = _open(workbook, options)
    findings = _map_health(run, options.today) if options.checks else None
    if run.portfolio:
        # A portfolio's decks go into a folder (-o), or one file with --one-deck.
        if options.one_deck and output is not None and Path(output).suffix.lower() == ".pptx":
            folder, name = Path(output).parent, Path(output).stem
        else:
            folder = Path(output) if output is not None else run.path.parent
            name = run.path.stem
        decks = _write_portfolio_decks(
            run, folder, name, options, _named(findings, run) if findings else findings
        )
        return DeckRunResult(**run.fields(), deck=decks[0], findings=findings, decks=decks)
    target = Path(output) if output is not None else run.path.with_suffix(".pptx")
    result = _write_deck(run, target, options, findings)
    return DeckRunResult(**run.fields(), deck=result, findings=findings, decks=[result])


def tracker(
    workbook: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    options: TrackerOptions | None = None,
) -> TrackerRunResult:
    """Write or update the review tracker for a workbook (default: WORKBOOK-tracker.xlsx beside it)."""
    from mapbridge.exporters.tracker.lock import refuse_if_open

    options = options or TrackerOptions()
    if output is not None:  # a tracker someone has open is refused before the inputs are read
        refuse_if_open(Path(output), force=options.force)
    run = _open(workbook, options)
    target = Path(output) if output is not None else _tracker_name(run.path, run.path.parent)
    findings = _named(_map_health(run, options.today), run) if options.checks else None
    result = _write_tracker(
        run,
        target,
        _cadence(run, options.review_every),
        options.today,
        findings,
        force=options.force,
    )
    return TrackerRunResult(**run.fields(), tracker=result, findings=findings)


def check(workbook: str | os.PathLike[str], options: CheckOptions | None = None) -> CheckResult:
    """Check a workbook: its reading problems and the map-health findings, as `mapbridge check`.

    A bad settings file fails before the workbook is opened; a workbook with errors raises
    InvalidWorkbook (its report holds the errors).
    """
    options = options or CheckOptions()
    run = _open(workbook, options)
    findings = _report_findings(run, _map_health(run, options.today))
    return CheckResult(**run.fields(), findings=findings)


def export(
    workbook: str | os.PathLike[str],
    format_name: str,
    output: str | os.PathLike[str] | None = None,
    options: ExportOptions | None = None,
) -> ExportResult:
    """Export a workbook to a format of the registry (`mapbridge formats`).

    `output` is a file, or a folder to write into (an existing one, or a name ending in `/`);
    by default WORKBOOK's name with the format's extension, beside WORKBOOK. Plugins that fail
    to load are passed to `on_problems`; an unknown format is a UsageError naming the others.
    """
    from mapbridge.plugins import load_registry

    options = options or ExportOptions()
    registry = load_registry()
    exporter = registry.exporters.get(format_name.lower())
    if exporter is None:
        _notify(options, registry.problems)
        names = ", ".join(sorted(registry.exporters))
        raise UsageError(f"there is no exporter called {format_name!r}; installed: {names}")
    run = _open(workbook, options)
    already = {p.format() for p in run.report.problems}
    _notify(options, [p for p in registry.problems if p.format() not in already])

    default_name = _export_name(run.path, exporter.name, exporter.extension)
    # An exporter that lists findings (the interactive page) gets the map-health checks' own.
    findings = (
        _named(_map_health(run, options.today), run)
        if _takes_keyword(exporter.write, "findings")
        else None
    )
    if options.as_text:
        with tempfile.TemporaryDirectory(prefix="mapbridge-export-") as folder:
            written = _export_with(
                exporter, run, Path(folder) / default_name, today=options.today, findings=findings
            )
            texts = [Path(p).read_text(encoding="utf-8") for p in written]
        return ExportResult(**run.fields(), format=exporter.name, texts=texts)
    if output is None:
        target = run.path.parent / default_name
    elif Path(output).is_dir() or str(output).endswith(("/", "\\")):
        target = Path(output) / default_name
    else:
        target = Path(output)
    if target.resolve() == run.path.resolve():
        raise UsageError(
            f"exporting to {target} would overwrite the input; choose another name with -o"
        )
    written = _export_with(exporter, run, target, today=options.today, findings=findings)
    return ExportResult(**run.fields(), format=exporter.name, paths=written)


def insights(
    workbook: str | os.PathLike[str], options: InsightsOptions | None = None
) -> InsightsResult:
    """Where the personas of each journey differ: gaps, pains, opportunities, interactions."""
    from mapbridge.insights import insights as find_insights

    run = _open(workbook, options or InsightsOptions())
    return InsightsResult(**run.fields(), insights=find_insights(run.workspace))


def inspect(
    workbook: str | os.PathLike[str], options: InspectOptions | None = None
) -> InspectResult:
    """Read a workbook as `mapbridge inspect` does; the result's summary() uses the run's settings."""
    run = _open(workbook, options or InspectOptions())
    return InspectResult(**run.fields())


def build(
    workbook: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    options: BuildOptions | None = None,
) -> BuildResult:
    """Write everything for a workbook into `outdir`: the deck, the interactive page, the
    tracker, the check report.

    One run: the settings read once, the workbook read once, the checks run once (their
    findings feed the health slide, the tracker's Findings sheet and the report). Every file is
    written into a staging folder inside `outdir` and moved into place only when all succeeded,
    so a failed build leaves no new file and every earlier output untouched. Errors and results
    name the files where they are meant to be, never the staging folder.
    """
    from mapbridge.atomic import write_text_atomic
    from mapbridge.exporters.tracker import backup_path
    from mapbridge.exporters.tracker.lock import TrackerGuard, refuse_if_open
    from mapbridge.insights import insights as find_insights
    from mapbridge.insights import insights_as_text

    options = options or BuildOptions()
    outdir = Path(outdir)
    # Build's own outputs are never inputs, even when OUTDIR sits inside a folder it reads.
    run = _open(workbook, options, skip=[outdir])
    findings = _map_health(run, options.today) if options.checks else None
    found = find_insights(run.workspace)
    stem = run.path.stem
    deck_name = f"{stem}.pptx"
    page_name = f"{stem}.html"
    tracker_name = _tracker_name(run.path, Path()).name
    report_name = f"{stem}-check.txt"
    insights_name = f"{stem}-insights.txt"
    # A tracker someone has open is refused before any work (and looked at again before the
    # new one replaces it).
    refuse_if_open(outdir / tracker_name, force=options.force)
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mapbridge-build-", dir=outdir))
    try:
        tracker_findings = _named(findings, run) if findings is not None else None
        if run.portfolio:
            decks = _write_portfolio_decks(run, staging, stem, options, tracker_findings, found)
        else:
            decks = [_write_deck(run, staging / deck_name, options, findings, found)]
        _write_page(run, staging / page_name, options.today, tracker_findings)
        # From reading the tracker to moving every file into place, no other run writes it,
        # and a tracker saved by someone meanwhile is not overwritten.
        with TrackerGuard(outdir / tracker_name, force=options.force) as guard:
            guard.read()
            # The tracker is updated in place, so its current version is staged first.
            if (outdir / tracker_name).is_file():
                shutil.copy2(outdir / tracker_name, staging / tracker_name)
            tracker_result = _write_tracker(
                run,
                staging / tracker_name,
                _cadence(run, options.review_every),
                options.today,
                tracker_findings,
                found,
                guard=False,
            )
            report = None
            if findings is not None:
                report = _report_findings(run, findings)
                write_text_atomic(staging / report_name, report_text(run.path.name, report) + "\n")
            write_text_atomic(staging / insights_name, insights_as_text(found) + "\n")
            guard.check()
            # The backup and the tracker first: a tracker that cannot be replaced (open in
            # Excel on Windows) then stops the build before any other file is.
            first = {backup_path(Path(tracker_name)).name: 0, tracker_name: 1}
            for staged in sorted(staging.iterdir(), key=lambda p: (first.get(p.name, 2), p.name)):
                os.replace(staged, outdir / staged.name)
    except MapbridgeError as exc:
        exc.problems = [_moved_problem(p, staging, outdir) for p in exc.problems]
        raise
    except OSError as exc:
        moved = _moved_os_error(exc, staging, outdir)
        if moved is exc:
            raise
        raise moved from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    backup = tracker_result.backup
    return BuildResult(
        **run.fields(),
        outdir=outdir,
        deck=replace(decks[0], path=outdir / decks[0].path.name),
        decks=[replace(d, path=outdir / d.path.name) for d in decks],
        tracker=replace(
            tracker_result,
            path=outdir / tracker_name,
            backup=outdir / backup.name if backup is not None else None,
        ),
        check_report=outdir / report_name if report is not None else None,
        findings=report,
        page=outdir / page_name,
        insights_report=outdir / insights_name,
        insights=found,
    )


# ------------------------------------------------------------------------------ text of findings


def findings_as_text(findings: Sequence[Problem]) -> str:
    """One line per finding, errors then warnings then notes, a blank line between severities."""
    lines: list[str] = []
    previous = None
    for problem in findings:
        if previous is not None and problem.severity != previous:
            lines.append("")
        lines.append(problem.format())
        previous = problem.severity
    return "\n".join(lines)


def findings_as_json(findings: Sequence[Problem]) -> str:
    """A JSON list of {code, name, severity, file, sheet, cell, message, hint}."""
    fields = ("code", "name", "severity", "file", "sheet", "cell", "message", "hint")
    return json.dumps(
        [{key: getattr(p, key) for key in fields} for p in findings], indent=2, ensure_ascii=False
    )


def report_text(workbook_name: str, findings: Sequence[Problem]) -> str:
    """The whole text report (`mapbridge check`, and build's WORKBOOK-check.txt): the findings,
    then the one-line summary."""
    head = findings_as_text(findings) + "\n\n" if findings else ""
    return f"{head}{workbook_name}: {checks.summary(findings)}."


# -------------------------------------------------------------------------------------- the run


@dataclass
class _Run:
    """One input, read once with the configuration resolved once."""

    path: Path
    configuration: Configuration
    workspace: Workspace
    report: Report
    #: Several inputs read as one portfolio (decks per journey, files named in messages).
    portfolio: bool = False

    def fields(self) -> dict[str, Any]:
        """The fields every result starts with."""
        return {
            "workbook": self.path,
            "configuration": self.configuration,
            "workspace": self.workspace,
            "problems": list(self.report.problems),
        }


def _paths(inputs: Any) -> list[Path]:
    if inputs is None:
        return []
    if isinstance(inputs, (str, os.PathLike)):
        return [Path(inputs)]
    return [Path(p) for p in inputs]


def _open(workbook: Any, options: RunOptions, *, skip: Sequence[Path] = ()) -> _Run:
    """Resolve the configuration (a bad settings file fails first), then read the input: one
    file (or a folder of CSV files) as itself, several inputs or a folder of workbooks as a
    portfolio (`skip`: folders never read as inputs, such as build's output folder)."""
    from mapbridge.portfolio import FOLDER_SUFFIXES, expand_inputs

    paths = _paths(workbook)
    settings_folder = None
    if not paths:
        paths, settings_folder = _inputs_from_settings()
    if len(paths) == 1 and not paths[0].is_dir():
        return _open_one(paths[0], options)
    if len(paths) == 1:
        files = expand_inputs(paths, skip=skip)
        delimited = all(f.suffix.lower() in (".csv", ".tsv") for f in files)
        if not files or (delimited and all(f.parent == paths[0] for f in files)):
            return _open_one(paths[0], options)  # a folder of CSV files is one workbook
    files = expand_inputs(paths, skip=skip)
    if not files:
        raise UsageError(
            Problem.of(
                codes.NO_INPUTS,
                "none of " + ", ".join(str(p) for p in paths) + " holds a file mapbridge reads",
                "give workbooks (" + ", ".join(FOLDER_SUFFIXES) + ") or folders of them",
            )
        )
    return _open_portfolio(files, options, settings_folder)


def _inputs_from_settings() -> tuple[list[Path], Path]:
    """The `inputs` the mapbridge.toml of the current folder names, relative to it."""
    from mapbridge.config import find_settings

    here = Path.cwd()
    settings = find_settings(here / "mapbridge.toml")
    named = settings.values.get("inputs")
    if not named:
        raise UsageError(
            Problem.of(
                codes.NO_INPUTS,
                "no input given, and there is no mapbridge.toml here naming `inputs`",
                "give a workbook (mapbridge build workshop.xlsx -o out/), or write inputs = "
                '["catalogue.xlsx", "journeys/"] in mapbridge.toml',
            )
        )
    if isinstance(named, str):
        named = [named]
    base = settings.path.parent if settings.path else here
    return [base / str(p) for p in named], base


def _open_one(path: Path, options: RunOptions) -> _Run:
    configuration = resolve_configuration(
        path, strict=options.strict_emotions, thresholds=options.thresholds
    )
    report = Report(file=path.name)
    workspace = api.read_input(
        path,
        report=report,
        max_unpacked_bytes=options.max_unpacked_bytes,
        options=configuration.reading,
    )
    _notify(options, report.problems)
    return _Run(path, configuration, workspace, report)


def _display_name(path: Path) -> str:
    """How messages name an input of a portfolio: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _open_portfolio(files: list[Path], options: RunOptions, settings_folder: Path | None) -> _Run:
    """Read every input (in parallel processes when there are several) and merge them."""
    from mapbridge.errors import InvalidWorkbook, UnreadableInput
    from mapbridge.portfolio import Input, merge

    anchor = (settings_folder or Path.cwd()) / "mapbridge.toml"
    if not anchor.is_file():
        anchor = files[0]
    configuration = resolve_configuration(
        anchor, strict=options.strict_emotions, thresholds=options.thresholds
    )
    values = configuration.settings.values
    base = configuration.settings.path.parent if configuration.settings.path else Path.cwd()
    catalogue = values.get("catalogue")
    catalogue_path = (base / str(catalogue)).resolve() if catalogue else None
    names = [_display_name(f) for f in files]
    results = _read_all(files, names, options, configuration)
    report = Report(file=str(values.get("name") or "portfolio"))
    inputs = []
    errors = False
    unreadable = [p for _, problems, code in results if code == 2 for p in problems]
    if unreadable:
        raise UnreadableInput(unreadable)
    for name, path, (workspace, problems, _code) in zip(names, files, results, strict=True):
        report.extend(problems)
        if workspace is None:
            errors = True
            continue
        inputs.append(
            Input(
                name,
                workspace,
                catalogue=catalogue_path is not None and path.resolve() == catalogue_path,
            )
        )
    if errors:
        raise InvalidWorkbook(report)
    title = str(values.get("title") or values.get("name") or f"Portfolio of {len(files)} files")
    merged = merge(inputs, title=title)
    name = str(values.get("name") or "portfolio")
    merged.workspace.source_file = name
    # A journey workbook without a Personas sheet is the point of a catalogue: MB023 only
    # stays for a file naming a persona that no file defines.
    report.problems = [
        p
        for p in report.problems
        if not (p.code == codes.NO_PERSONAS_SHEET.code and merged.all_defined(p.file or ""))
    ]
    report.extend(merged.problems)
    _notify(options, report.problems)
    return _Run(base / name, configuration, merged.workspace, report, portfolio=True)


def _read_one(
    job: tuple[Path, str, int | None, Any],
) -> tuple[Workspace | None, list[Problem], int]:
    """Read one input of a portfolio (in a worker process): its workspace (None when it could
    not be read), its problems, each naming the input, and the exit code of a failure (0: none)."""
    from mapbridge.errors import InvalidWorkbook, MapbridgeError

    path, name, max_bytes, reading = job
    report = Report(file=name)
    try:
        workspace = api.read_input(
            path, report=report, max_unpacked_bytes=max_bytes, options=reading
        )
    except InvalidWorkbook as exc:
        return None, [p.model_copy(update={"file": name}) for p in exc.report.problems], 1
    except MapbridgeError as exc:
        # The importer names the file by its own name; in a portfolio it is the path given.
        named = [
            p.model_copy(update={"file": name}) if p.file in (None, path.name) else p
            for p in exc.problems
        ]
        return None, named, exc.exit_code
    return workspace, list(report.problems), 0


#: From this many inputs a portfolio is read by a pool of processes (fewer are not worth it).
PARALLEL_FROM = 4


def _read_all(
    files: list[Path], names: list[str], options: RunOptions, configuration: Configuration
) -> list[tuple[Workspace | None, list[Problem], int]]:
    """Every input read, in input order; `options.on_read` hears (done, total) as they finish."""
    jobs = [
        (f, n, options.max_unpacked_bytes, configuration.reading)
        for f, n in zip(files, names, strict=True)
    ]
    total = len(jobs)
    workers = min(os.cpu_count() or 1, total, 8)
    if total < PARALLEL_FROM or workers < 2:
        results = []
        for i, job in enumerate(jobs):
            results.append(_read_one(job))
            _progress(options, i + 1, total)
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    found: dict[int, tuple[Workspace | None, list[Problem], int]] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_read_one, job): i for i, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), 1):
            found[futures[future]] = future.result()
            _progress(options, done, total)
    return [found[i] for i in range(total)]


def _progress(options: RunOptions, done: int, total: int) -> None:
    if options.on_read is not None:
        options.on_read(done, total)


def _notify(options: RunOptions, problems: Sequence[Problem]) -> None:
    if options.on_problems is not None and problems:
        options.on_problems(list(problems))


def _map_health(run: _Run, today: date | None) -> list[Problem]:
    """The map-health findings: the one place a run calls the checks."""
    return checks.check(run.workspace, config=run.configuration.checks, today=today)


def _named(findings: list[Problem], run: _Run) -> list[Problem]:
    """Findings naming the workbook as the user gave it (its file name), like import messages;
    a finding about one input of a portfolio keeps that input's name."""
    own = run.workspace.source_file
    return [
        p.model_copy(update={"file": run.path.name}) if p.file in (None, own) else p
        for p in findings
    ]


def _report_findings(run: _Run, findings: list[Problem]) -> list[Problem]:
    """What `check` reports: the input's problems less the disabled ones, then the findings."""
    disabled = run.configuration.checks.disable
    every = [p for p in run.report.problems if p.code not in disabled] + findings
    return sorted(_named(every, run), key=lambda p: SEVERITY_ORDER[p.severity])


def _write_deck(
    run: _Run,
    target: Path,
    options: DeckOptions,
    findings: list[Problem] | None,
    insights: Insights | None = None,
) -> DeckResult:
    from mapbridge.exporters.deck import write_deck

    if options.personas or options.journey:
        insights = None  # a narrowed deck compares only the personas it shows: its own insights
    return write_deck(
        run.workspace,
        target,
        layout=options.layout,
        template=options.template,
        personas=list(options.personas) or None,
        journey=options.journey,
        findings=findings,
        today=options.today,
        progress=options.progress,
        overlap_threshold=run.configuration.overlap_threshold,
        insights=insights,
    )


def _write_portfolio_decks(
    run: _Run,
    folder: Path,
    name: str,
    options: DeckOptions,
    findings: list[Problem] | None,
    insights: Insights | None = None,
) -> list[DeckResult]:
    """A portfolio's decks: an overview deck and a deck per journey, or one deck (--one-deck)."""
    from mapbridge.exporters.deck import write_portfolio_decks

    return write_portfolio_decks(
        run.workspace,
        folder,
        one_deck=options.one_deck,
        name=name,
        findings=findings,
        insights=insights,
        today=options.today,
        template=options.template,
        layout=options.layout,
        overlap_threshold=run.configuration.overlap_threshold,
        progress=options.progress,
    )


def _write_tracker(
    run: _Run,
    target: Path,
    review_every: int | None,
    today: date | None,
    findings: list[Problem] | None,
    insights: Insights | None = None,
    *,
    force: bool = False,
    guard: bool = True,
) -> TrackerResult:
    from mapbridge.exporters.tracker import write_tracker

    return write_tracker(
        run.workspace,
        target,
        review_every=review_every,
        today=today,
        findings=findings,
        insights=insights,
        force=force,
        guard=guard,
    )


def _write_page(
    run: _Run, target: Path, today: date | None, findings: list[Problem] | None
) -> Path:
    """The interactive page: every map with persona filters, and the findings it lists."""
    from mapbridge.exporters.html import write_html

    write_html(
        run.workspace,
        target,
        overlap_threshold=run.configuration.overlap_threshold,
        today=today,
        findings=findings,
    )
    return target


def _cadence(run: _Run, option: int | None) -> int | None:
    """The tracker's cadence for new rows: the option, else `review-every` in the settings file
    (the value the checks use), else None (the workbook's own, else the default)."""
    return option if option is not None else run.configuration.checks.review_every


def _tracker_name(workbook: Path, folder: Path) -> Path:
    """bank.xlsx -> FOLDER/bank-tracker.xlsx."""
    return folder / f"{workbook.stem}-tracker.xlsx"


def _export_name(source: Path, name: str, extension: str) -> str:
    """`bank.drawio`, `bank.json`, `bank.mermaid.md`: the format is in the name unless the
    extension says it."""
    if extension.lstrip(".").lower() == name.lower():
        return f"{source.stem}{extension}"
    return f"{source.stem}.{name}{extension}"


def _export_with(
    exporter: Exporter,
    run: _Run,
    target: Path,
    *,
    today: date | None = None,
    findings: list[Problem] | None = None,
) -> list[Path]:
    """Write with the exporter; one that takes `overlap_threshold` gets the run's, one that
    takes `today` or `findings` gets the run's date and map-health findings (when known)."""
    extra: dict[str, Any] = {}
    if _takes_keyword(exporter.write, "overlap_threshold"):
        extra["overlap_threshold"] = run.configuration.overlap_threshold
    if today is not None and _takes_keyword(exporter.write, "today"):
        extra["today"] = today
    if findings is not None and _takes_keyword(exporter.write, "findings"):
        extra["findings"] = findings
    written = exporter.write(run.workspace, target, **extra)
    return [Path(p) for p in written or [target]]


def _takes_keyword(function: Callable[..., object], name: str) -> bool:
    try:
        parameter = signature(function).parameters.get(name)
    except (TypeError, ValueError):  # a builtin or a callable without a signature
        return False
    return parameter is not None and parameter.kind in (
        Parameter.KEYWORD_ONLY,
        Parameter.POSITIONAL_OR_KEYWORD,
    )


def _moved_problem(problem: Problem, staging: Path, outdir: Path) -> Problem:
    """A problem about a staged file, naming the file in `outdir` it stands for."""
    if problem.file and Path(problem.file).parent == staging:
        return problem.model_copy(update={"file": str(outdir / Path(problem.file).name)})
    return problem


def _moved_os_error(exc: OSError, staging: Path, outdir: Path) -> OSError:
    """A file-system error about a staged file, naming the file in `outdir` it stands for."""
    if exc.filename is None or Path(os.fsdecode(exc.filename)).parent != staging:
        return exc
    name = Path(os.fsdecode(exc.filename)).name
    return OSError(exc.errno, exc.strerror, str(outdir / name))
