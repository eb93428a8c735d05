"""Every broken and hostile workbook of the corpus, through the reader and through every command.

Each case must give its documented exit code and its located message; no command may print a
traceback, crash with an internal error, or leave a file behind when it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge.cli import cli
from mapbridge.errors import InvalidWorkbook, MapbridgeError, Problem, Report, UnreadableInput
from tests.hostile.corpus import CASES, Case, build_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    build_corpus(folder)
    return folder


def expected_line(case: Case, folder: Path) -> str:
    """The start of the message line the case must print: location, severity and code."""
    severity = "error" if case.exit_code else "warning"
    location = Problem(
        code=case.code,
        name="x",
        severity=severity,
        message="",
        file=case.path_in(folder).name,
        sheet=case.sheet,
        cell=case.cell,
    ).location
    return f"{location}: {severity} {case.code} "


def test_the_corpus_covers_the_issue() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)
    assert sum(c.unsafe for c in CASES) >= 8


# ---------------------------------------------------------------------------- the reader


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_reader(case: Case, corpus: Path) -> None:
    from mapbridge.api import read_input

    path = case.path_in(corpus)
    report = Report(file=path.name)
    try:
        workspace = read_input(path, report=report)
    except UnreadableInput as exc:
        problems, exit_code, workspace = exc.problems, exc.exit_code, None
    except InvalidWorkbook as exc:
        problems, exit_code, workspace = exc.report.problems, exc.exit_code, None
    else:
        problems, exit_code = report.problems, 0
    assert exit_code == case.exit_code, [p.format() for p in problems]
    if case.code:
        matching = [
            p
            for p in problems
            if p.code == case.code
            and case.fragment in p.message
            and p.sheet == case.sheet
            and p.cell == case.cell
            and p.file == path.name
        ]
        assert matching, [p.format() for p in problems]
        if case.unsafe:
            assert "refused as unsafe" in matching[0].message
    else:
        assert not [p for p in problems if p.severity == "error"]
    if case.exit_code == 0:
        assert workspace is not None
        if case.code == "MB024":  # macros: said once, not once per sheet
            assert [p.code for p in problems].count("MB024") == 1
        if case.check:
            case.check(workspace)


# ---------------------------------------------------------------------------- every command


def _commands() -> dict[str, Callable[[Path, Path], list[str]]]:
    """How each command that reads a workbook is run on one input, writing into `out`."""
    table: dict[str, Callable[[Path, Path], list[str]]] = {
        "inspect": lambda wb, out: ["inspect", str(wb)],
        "inspect-json": lambda wb, out: ["inspect", "--format", "json", str(wb)],
        "check": lambda wb, out: ["check", str(wb), "--today", "2026-11-29"],
        "tracker": lambda wb, out: [
            "tracker",
            str(wb),
            "-o",
            str(out / "tracker.xlsx"),
            "--today",
            "2026-11-29",
        ],
        "export-json": lambda wb, out: [
            "export",
            str(wb),
            "--to",
            "json",
            "-o",
            str(out / "m.json"),
        ],
        "export-mermaid": lambda wb, out: [
            "export",
            str(wb),
            "--to",
            "mermaid",
            "-o",
            str(out / "m.md"),
        ],
        "export-drawio": lambda wb, out: [
            "export",
            str(wb),
            "--to",
            "drawio",
            "-o",
            str(out / "m.drawio"),
        ],
        "export-excalidraw": lambda wb, out: [
            "export",
            str(wb),
            "--to",
            "excalidraw",
            "-o",
            str(out / "m.excalidraw"),
        ],
        "deck": lambda wb, out: ["deck", str(wb), "-o", str(out / "deck.pptx")],
        "build": lambda wb, out: ["build", str(wb), "-o", str(out / "build")],
    }
    return {name: args for name, args in table.items() if name.split("-")[0] in cli.commands}


COMMANDS = _commands()
#: Cases whose input takes seconds to read: run through one command only, to keep CI fast.
HEAVY = {"million-formatted-rows"}


def command_cases() -> list[tuple[Case, str]]:
    pairs = []
    for case in CASES:
        for name in COMMANDS:
            if case.id in HEAVY and name != "inspect":
                continue
            pairs.append((case, name))
    return pairs


@pytest.mark.parametrize(
    ("case", "command"), command_cases(), ids=lambda x: x if isinstance(x, str) else x.id
)
def test_command(case: Case, command: str, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = case.path_in(corpus)
    before = sorted(p.name for p in corpus.iterdir())
    result = CliRunner().invoke(cli, COMMANDS[command](path, out))
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    assert "internal error" not in text
    assert result.exit_code != 3, text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    expected = expected_line(case, corpus)
    if case.exit_code:
        assert result.exit_code == case.exit_code, text
        assert expected in result.stderr or (command == "check" and expected in text), text
        assert case.fragment in text
        assert list(out.rglob("*")) == [], "a failed run left files behind"
    else:
        # `check` exits 1 when the map-health rules find errors; anything else must succeed.
        allowed = {0, 1} if command == "check" else {0}
        assert result.exit_code in allowed, text
        if result.exit_code == 1:
            assert " error MB1" in text
        if case.code:
            assert expected in text and case.fragment in text, text
        written = [p for p in out.rglob("*") if p.is_file()]
        if command not in ("inspect", "inspect-json", "check"):
            assert written, "a successful run wrote nothing"
        assert not [p for p in written if p.name.endswith(".mapbridge-tmp")]
        if case.id == "xlsm-with-macros":
            _assert_no_macros(written)
    # Nothing is ever written beside the input.
    assert sorted(p.name for p in corpus.iterdir()) == before


def _assert_no_macros(paths: list[Path]) -> None:
    import zipfile

    for path in paths:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert b"vbaProject" not in path.read_bytes()


def test_init_never_clobbers_a_corpus_file(corpus: Path) -> None:
    """`init` refuses every existing path (file or folder) without touching it."""
    for case in CASES:
        path = case.path_in(corpus)
        if not path.exists():
            continue
        before = path.read_bytes() if path.is_file() else None
        result = CliRunner().invoke(cli, ["init", str(path)])
        assert result.exit_code == 2, (case.id, result.output)
        assert "Traceback" not in result.output
        if before is not None:
            assert path.read_bytes() == before


def test_every_error_is_a_mapbridge_error() -> None:
    assert issubclass(UnreadableInput, MapbridgeError)
    assert issubclass(InvalidWorkbook, MapbridgeError)


# ---------------------------------------------------------------------------- raising the limit


@pytest.fixture(scope="module")
def three_mb_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine workbook that unpacks to about 3 MB (long notes in every journey cell)."""
    from tests.hostile import builders as b

    notes = "Interview notes. " * 1900  # 32,300 characters, under Excel's cell limit
    rows = [["Open account", "Ana", f"Stage {i}", notes, 1, notes] for i in range(48)]
    path = tmp_path_factory.mktemp("large") / "large.xlsx"
    return b.write_workbook(
        path, {"Personas": b.persona_rows("Ana"), "Journey": b.journey_rows(*rows)}
    )


def test_a_lower_limit_refuses_and_says_how_to_raise_it(
    three_mb_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAPBRIDGE_MAX_UNPACKED_MB", "1")
    result = CliRunner().invoke(cli, ["inspect", str(three_mb_workbook)])
    assert result.exit_code == 2
    assert "large.xlsx: error MB008 workbook-too-large: the file was refused as unsafe" in (
        result.stderr
    )
    assert "raise the limit with --max-unpacked-mb" in result.stderr


def test_max_unpacked_mb_raises_the_limit_on_every_reading_command(
    three_mb_workbook: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAPBRIDGE_MAX_UNPACKED_MB", "1")
    for name, make_args in COMMANDS.items():
        args = make_args(three_mb_workbook, tmp_path)
        refused = CliRunner().invoke(cli, args)
        assert refused.exit_code == 2 and "MB008" in refused.stderr, (name, refused.output)
        allowed = CliRunner().invoke(cli, [args[0], "--max-unpacked-mb", "10", *args[1:]])
        assert "MB008" not in allowed.output, name
        assert allowed.exit_code in ({0, 1} if name == "check" else {0}), (name, allowed.output)


def test_the_limit_is_checked_before_any_parsing(three_mb_workbook: Path) -> None:
    """The read stops at the package check: the value reader is never called."""
    from unittest import mock

    from mapbridge.importers.workbook import read_workbook

    with (
        mock.patch("mapbridge.importers.workbook.load_sheets") as load,
        pytest.raises(UnreadableInput, match="MB008"),
    ):
        read_workbook(three_mb_workbook, max_unpacked_bytes=1024 * 1024)
    load.assert_not_called()
