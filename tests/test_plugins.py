"""Plugins: formats found through entry points, a third-party plugin used through the CLI, a broken one survived."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mapbridge.cli import cli
from mapbridge.errors import Report, UnreadableInput
from mapbridge.plugins import WORKBOOK_IMPORTER, load_registry, read_with_registry

EXAMPLE = Path(__file__).parent / "plugin_example"
SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"


def register(folder: Path, distribution: str, entry_points: dict[str, dict[str, str]]) -> Path:
    """Write the .dist-info pip would write for an installed package (metadata + entry points)."""
    info = folder / f"{distribution.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    lines = []
    for group, points in entry_points.items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {target}" for name, target in points.items()]
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    return info


@pytest.fixture
def scores_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tests/plugin_example installed for this test only, as pip would install it."""
    site = tmp_path / "site"
    register(
        site,
        "mapbridge-scores-plugin",
        {
            "mapbridge.importers": {"scores": "mapbridge_scores_plugin:IMPORTER"},
            "mapbridge.exporters": {"scores": "mapbridge_scores_plugin:EXPORTER"},
        },
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    return site


@pytest.fixture
def broken_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin whose module cannot be imported (its dependency is missing)."""
    site = tmp_path / "broken-site"
    register(
        site,
        "mapbridge-visio",
        {
            "mapbridge.exporters": {"visio": "mapbridge_visio_plugin:EXPORTER"},
            "mapbridge.importers": {"visio": "mapbridge_visio_plugin:IMPORTER"},
        },
    )
    (site / "mapbridge_visio_plugin.py").write_text(
        "import mapbridge_missing_dependency  # noqa: F401\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def test_built_in_formats_register_through_entry_points_too() -> None:
    registry = load_registry()
    assert registry.problems == []
    assert {"xlsx", "mermaid", "json"} <= set(registry.importers)
    assert {"mermaid", "drawio", "excalidraw", "json"} <= set(registry.exporters)
    assert registry.importers["xlsx"] is WORKBOOK_IMPORTER
    assert registry.providers[("importer", "xlsx")] == "mapbridge"
    assert registry.importer_for(Path("a.XLSM")) is WORKBOOK_IMPORTER
    assert registry.importer_for(Path("notes.md")).name == "mermaid"


def test_cli_formats_lists_importers_with_extensions_and_exporters(runner) -> None:
    result = runner.invoke(cli, ["formats"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Importers")
    xlsx = next(line for line in lines if line.strip().startswith("xlsx"))
    assert ".xlsx .xlsm" in xlsx
    mermaid = next(line for line in lines if line.strip().startswith("mermaid ") and ".mmd" in line)
    assert ".md" in mermaid
    exporters = lines[lines.index(next(x for x in lines if x.startswith("Exporters"))) :]
    assert [x.split()[0] for x in exporters[1:]] == ["drawio", "excalidraw", "json", "mermaid"]


def test_unknown_extension_names_the_formats_that_exist(tmp_path: Path, runner) -> None:
    path = tmp_path / "journey.vsdx"
    path.write_bytes(b"not really")
    with pytest.raises(UnreadableInput) as caught:
        read_with_registry(path)
    [problem] = caught.value.problems
    assert problem.code == "MB060"
    assert "'.vsdx'" in problem.message
    for listed in ("xlsx (.xlsx .xlsm)", "mermaid (.mmd .md .mermaid)", "json (.json)"):
        assert listed in problem.message

    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "journey.vsdx: error MB060 unknown-format" in result.stderr


def test_a_third_party_plugin_works_through_the_cli(scores_plugin: Path, runner, tmp_path) -> None:
    listed = runner.invoke(cli, ["formats"])
    assert listed.exit_code == 0, listed.output
    assert any(
        line.split()[:2] == ["scores", ".scores"] and "(plugin: mapbridge-scores-plugin)" in line
        for line in listed.stdout.splitlines()
    )

    # Out through the plugin's exporter...
    out = tmp_path / "bank.scores"
    exported = runner.invoke(cli, ["export", str(BANK), "--to", "scores", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["persona", "journey", "stage", "score"]
    assert rows[1][:3] == ["Ana Reyes", "Open a bank account", "Discover"]

    # ...and back in through its importer, into a built-in exporter.
    again = runner.invoke(cli, ["export", str(out), "--to", "mermaid", "-o", "-"])
    assert again.exit_code == 0, again.output
    assert "section Discover" in again.stdout
    assert ": Ana Reyes" in again.stdout


def test_a_broken_plugin_is_a_warning_naming_it_and_other_formats_work(
    broken_plugin: Path, runner, tmp_path: Path
) -> None:
    registry = load_registry()
    importer_problem, exporter_problem = registry.problems
    assert "importer plugin 'visio'" in importer_problem.message
    problem = exporter_problem
    assert problem.severity == "warning" and problem.code == "MB061"
    assert "exporter plugin 'visio'" in problem.message and "mapbridge-visio" in problem.message
    assert "ModuleNotFoundError" in problem.message
    assert "mermaid" in registry.exporters and "visio" not in registry.exporters

    listed = runner.invoke(cli, ["formats"])
    assert listed.exit_code == 0
    assert "warning MB061 plugin-failed" in listed.stderr
    assert "drawio" in listed.stdout

    out = tmp_path / "bank.drawio"
    exported = runner.invoke(cli, ["export", str(BANK), "--to", "drawio", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert out.exists()
    # One warning per broken entry point, printed once even though reading and writing both load plugins.
    assert exported.stderr.count("plugin-failed") == 2

    report = Report(file="bank-account-rows.xlsx")
    read_with_registry(BANK, report=report)
    assert sum(p.code == "MB061" for p in report.problems) == 2


def test_asking_for_a_missing_exporter_lists_the_installed_ones(runner) -> None:
    result = runner.invoke(cli, ["export", str(BANK), "--to", "visio"])
    assert result.exit_code == 2
    assert "there is no exporter called 'visio'" in result.stderr
    assert "drawio, excalidraw, json, mermaid" in result.stderr
