"""The workflow in the library: one settings read, one check run, one layout decision for every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge.cli import cli
from tests.workbooks import make_xlsx, persona_rows

#: Ana goes through four stages, Ben through three of them: 3 shared of 4 in all, 75% overlap.
ANA_STAGES = ["Discover", "Compare", "Apply", "First use"]
BEN_STAGES = ["Discover", "Compare", "Apply"]


def three_of_four(path: Path) -> Path:
    """Two personas sharing 3 of their 4 stages: layered from a threshold of 0.75 down."""
    rows: list[list[object]] = [["Persona", "Stage", "Actions", "Emotion"]]
    rows += [["Ana", stage, f"Ana {stage.lower()}s", 1] for stage in ANA_STAGES]
    rows += [["Ben", stage, f"Ben {stage.lower()}s", -1] for stage in BEN_STAGES]
    return make_xlsx(path, {"Personas": persona_rows("Ana", "Ben"), "Journey rows": rows})


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def layout_everywhere(workbook: Path, out: Path) -> dict[str, bool]:
    """Whether each place that shows the layout says "one layered comparison" for the journey."""
    out.mkdir(exist_ok=True)
    said: dict[str, bool] = {}

    code, stdout, _ = run("check", workbook, "--format", "json")
    assert code == 0, stdout
    (advice,) = [f for f in json.loads(stdout) if f["code"] == "MB104"]
    said["check (MB104)"] = "a layered comparison" in advice["message"]
    assert ("draws one layered map" in advice["hint"]) == said["check (MB104)"], advice

    code, stdout, stderr = run("deck", workbook, "-o", out / "deck.pptx", "--layout", "auto")
    assert code == 0, stdout + stderr
    said["deck --layout auto"] = "1 layered comparison" in stdout

    for fmt, name in (("drawio", "map.drawio"), ("excalidraw", "map.excalidraw")):
        code, stdout, stderr = run("export", workbook, "--to", fmt, "-o", out / name)
        assert code == 0, stdout + stderr
        said[f"export --to {fmt}"] = "all personas compared" in (out / name).read_text("utf-8")
    code, stdout, stderr = run("export", workbook, "--to", "mermaid", "-o", "-")
    assert code == 0, stdout + stderr
    said["export --to mermaid"] = "mapbridge: layered comparison" in stdout

    code, stdout, stderr = run("inspect", workbook)
    assert code == 0, stdout + stderr
    (layout,) = [line for line in stdout.splitlines() if line.strip().startswith("Layout:")]
    said["inspect"] = "a layered comparison" in layout
    return said


@pytest.mark.parametrize(
    ("settings_file", "settings", "layered"),
    [
        ("mapbridge.toml", "overlap-threshold = 0.7\n", True),
        ("mapbridge.toml", "overlap_threshold = 0.7\n", True),
        ("pyproject.toml", "[tool.mapbridge]\noverlap-threshold = 0.7\n", True),
        ("mapbridge.toml", "overlap-threshold = 0.9\n", False),
        (None, "", False),  # the default, 0.8
    ],
    ids=["toml-0.7", "toml-underscore-0.7", "pyproject-0.7", "toml-0.9", "default"],
)
def test_every_output_takes_the_layout_decision_the_check_reports(
    tmp_path: Path, settings_file: str | None, settings: str, layered: bool
) -> None:
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    if settings_file:
        (tmp_path / settings_file).write_text(settings, encoding="utf-8")
    said = layout_everywhere(workbook, tmp_path / "out")
    assert said == dict.fromkeys(said, layered)


def test_build_takes_the_threshold_from_mapbridge_toml_too(tmp_path: Path) -> None:
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    (tmp_path / "mapbridge.toml").write_text("overlap-threshold = 0.7\n", encoding="utf-8")
    code, stdout, stderr = run("build", workbook, "-o", tmp_path / "out", "--today", "2026-11-01")
    assert code == 0, stdout + stderr
    assert "1 layered comparison" in stdout.splitlines()[0]
    report = (tmp_path / "out" / "workshop-check.txt").read_text("utf-8")
    assert "a layered comparison over the shared stages" in report


def test_the_overlap_option_moves_the_deck_and_its_health_advice_together(tmp_path: Path) -> None:
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "build", workbook, "-o", out, "--today", "2026-11-01", "--overlap-threshold", "0.7"
    )
    assert code == 0, stdout + stderr
    assert "1 layered comparison" in stdout.splitlines()[0]
    report = (out / "workshop-check.txt").read_text("utf-8")
    assert "a layered comparison over the shared stages" in report
    code, stdout, stderr = run(
        "deck", workbook, "-o", out / "strict.pptx", "--overlap-threshold", "0.9"
    )
    assert code == 0, stdout + stderr
    assert "layered comparison" not in stdout


# ---------------------------------------------------------------------- one run, one of each


def test_build_reads_settings_and_input_once_and_runs_the_checks_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mapbridge.api
    import mapbridge.checks
    import mapbridge.config

    workbook = three_of_four(tmp_path / "workshop.xlsx")
    (tmp_path / "mapbridge.toml").write_text("overlap-threshold = 0.7\n", encoding="utf-8")
    calls: dict[str, int] = {"settings": 0, "read": 0, "checks": 0}

    def counted(name: str, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        mapbridge.config, "find_settings", counted("settings", mapbridge.config.find_settings)
    )
    monkeypatch.setattr(mapbridge.api, "read_input", counted("read", mapbridge.api.read_input))
    monkeypatch.setattr(mapbridge.checks, "check", counted("checks", mapbridge.checks.check))
    code, stdout, stderr = run("build", workbook, "-o", tmp_path / "out", "--today", "2026-11-01")
    assert code == 0, stdout + stderr
    assert calls == {"settings": 1, "read": 1, "checks": 1}
    # The one run of the checks fed all three outputs: the report, the tracker and the deck.
    assert "MB104" in (tmp_path / "out" / "workshop-check.txt").read_text("utf-8")
    assert "findings: " not in stdout  # a first run: the tracker was written, not updated
    calls.update(settings=0, read=0, checks=0)
    code, stdout, stderr = run(
        "build", workbook, "-o", tmp_path / "out", "--today", "2026-11-01", "--no-checks"
    )
    assert code == 0, stdout + stderr
    assert calls == {"settings": 1, "read": 1, "checks": 0}


def test_library_build_returns_what_was_written_and_never_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    import mapbridge
    from mapbridge.workflow import BuildOptions

    workbook = three_of_four(tmp_path / "workshop.xlsx")
    (tmp_path / "mapbridge.toml").write_text("overlap-threshold = 0.7\n", encoding="utf-8")
    out = tmp_path / "out"
    seen: list[str] = []
    result = mapbridge.build(
        workbook,
        out,
        BuildOptions(
            today=date(2026, 11, 1), on_problems=lambda ps: seen.extend(p.code for p in ps)
        ),
    )
    assert result.written == [
        out / "workshop.pptx",
        out / "workshop.html",
        out / "workshop-tracker.xlsx",
        out / "workshop-check.txt",
        out / "workshop-insights.txt",
    ]
    assert all(path.is_file() for path in result.written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in result.written)
    assert result.configuration.overlap_threshold == 0.7
    assert [d.mode for d in result.deck.decisions] == ["layered"]
    assert result.tracker.created and result.tracker.path == out / "workshop-tracker.xlsx"
    assert result.findings is not None
    assert [f.code for f in result.findings if f.code == "MB104"] == ["MB104"]
    assert all(f.file == "workshop.xlsx" for f in result.findings)
    assert seen == [p.code for p in result.problems]
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_failed_build_names_the_output_not_the_staging_folder(tmp_path: Path) -> None:
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    (out / "workshop-tracker.xlsx").write_bytes(b"someone's own spreadsheet")
    code, stdout, stderr = run("build", workbook, "-o", out)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith(f"{out / 'workshop-tracker.xlsx'}: error MB0")
    assert "mapbridge-build" not in stderr
    assert sorted(p.name for p in out.iterdir()) == ["workshop-tracker.xlsx"]


def test_an_updated_tracker_in_a_build_names_its_backup_in_the_output_folder(
    tmp_path: Path,
) -> None:
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    out = tmp_path / "out"
    assert run("build", workbook, "-o", out)[0] == 0
    code, stdout, stderr = run("build", workbook, "-o", out)
    assert code == 0, stdout + stderr
    assert f"updated {out / 'workshop-tracker.xlsx'} (run 2:" in stdout
    assert "previous version kept as workshop-tracker.backup.xlsx" in stdout
    assert "mapbridge-build" not in stdout + stderr
    assert (out / "workshop-tracker.backup.xlsx").is_file()


def test_library_entry_points_share_one_configuration(tmp_path: Path) -> None:
    from mapbridge import workflow

    workbook = three_of_four(tmp_path / "workshop.xlsx")
    (tmp_path / "mapbridge.toml").write_text("overlap-threshold = 0.7\n", encoding="utf-8")
    checked = workflow.check(workbook)
    (advice,) = [f for f in checked.findings if f.code == "MB104"]
    assert "a layered comparison" in advice.message
    deck = workflow.deck(workbook, tmp_path / "d.pptx", workflow.DeckOptions(checks=False))
    assert [d.mode for d in deck.deck.decisions] == ["layered"]
    assert any("a layered comparison" in line for line in workflow.inspect(workbook).summary())
    exported = workflow.export(workbook, "mermaid", options=workflow.ExportOptions(as_text=True))
    assert exported.paths == [] and "all personas compared" in exported.texts[0]
    # An option given for one run wins over the file, for that run only.
    strict = workflow.CheckOptions(thresholds=workflow.Thresholds(overlap_threshold=0.9))
    (advice,) = [f for f in workflow.check(workbook, strict).findings if f.code == "MB104"]
    assert "separate maps" in advice.message


def test_no_cli_module_imports_another_command_module() -> None:
    """Shared helpers live in cli/common.py; a command module imports no other command."""
    import ast

    cli_folder = Path(__file__).parent.parent / "src" / "mapbridge" / "cli"
    commands = {p.stem for p in cli_folder.glob("*_cmd.py")}
    offenders = []
    for path in sorted(cli_folder.glob("*.py")):
        if path.name == "__init__.py":
            continue  # the group registers every command
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.rsplit(".", 1)[-1] in commands for n in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("command", ["inspect", "deck", "export", "tracker", "build"])
def test_a_threshold_out_of_range_in_mapbridge_toml_stops_every_command(
    tmp_path: Path, command: str
) -> None:
    """Every command now draws with the file's threshold, so none may quietly use another."""
    workbook = three_of_four(tmp_path / "workshop.xlsx")
    (tmp_path / "mapbridge.toml").write_text("overlap-threshold = 2\n", encoding="utf-8")
    extra = {
        "deck": ["-o", tmp_path / "d.pptx"],
        "export": ["--to", "json", "-o", tmp_path / "w.json"],
        "tracker": ["-o", tmp_path / "t.xlsx"],
        "build": ["-o", tmp_path / "out"],
    }.get(command, [])
    code, stdout, stderr = run(command, workbook, *extra)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith("mapbridge.toml: error MB190 invalid-config: ")
    assert "overlap-threshold" in stderr
    assert not (tmp_path / "out").exists()
