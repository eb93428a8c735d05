"""Plugins: formats found through entry points, a third-party plugin used through the CLI, a broken one survived."""

from __future__ import annotations

import csv
import importlib
import io
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.errors import Report, UnreadableInput
from mapbridge.importers.options import ReadOptions
from mapbridge.model import Workspace
from mapbridge.plugins import (
    WORKBOOK_IMPORTER,
    Importer,
    Probe,
    Registry,
    load_registry,
    read_with_registry,
)

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


#: What `mapbridge formats` prints with no plugin installed.
BUILT_IN_FORMATS = dedent("""\
    Importers (read with any command that takes WORKBOOK):
      csv          .csv .tsv              Delimited text, one sheet; a folder of them is a workbook
      drawio       .drawio .dio           draw.io board: each page a map (stage headers, lane labels, stickies)
      excalidraw   .excalidraw            Excalidraw board: each frame a map (stage headers, lane labels, stickies)
      json         .json                  mapbridge workspace JSON (schema: `mapbridge schema`)
      mermaid      .mmd .md .mermaid      Mermaid journey diagrams (.mmd, or ```mermaid blocks in Markdown)
      ods          .ods                   OpenDocument spreadsheet (LibreOffice Calc)
      xlsx         .xlsx .xlsm            Workshop workbook (rows or grid layout)
    Exporters (mapbridge export WORKBOOK --to NAME):
      drawio       .drawio                diagrams.net / draw.io file: a page per persona map, plus a comparison page
      excalidraw   .excalidraw            Excalidraw whiteboard scene: a framed board per persona map, plus a comparison
      html         .html                  Interactive page: every map with persona filters, one self-contained file
      json         .json                  The whole model as JSON (schema: `mapbridge schema`); also an input
      mermaid      .md                    Mermaid journey diagrams in Markdown (.md), or one .mmd file per diagram
    """)


def test_cli_formats_lists_importers_with_extensions_and_exporters(runner) -> None:
    result = runner.invoke(cli, ["formats"])
    assert result.exit_code == 0, result.output
    assert result.stdout == BUILT_IN_FORMATS
    assert result.stderr == ""


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
    assert result.stdout == ""
    assert result.stderr == (
        "journey.vsdx: error MB060 unknown-format: no importer reads '.vsdx' files; installed "
        "formats: csv (.csv .tsv), drawio (.drawio .dio), excalidraw (.excalidraw), json (.json), mermaid (.mmd .md .mermaid), ods (.ods), "
        "xlsx (.xlsx .xlsm). Hint: convert the file to one of these, or install a plugin that "
        "reads it (`mapbridge formats` lists what is installed)\n"
    )


def test_a_third_party_plugin_works_through_the_cli(scores_plugin: Path, runner, tmp_path) -> None:
    listed = runner.invoke(cli, ["formats"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == dedent("""\
        Importers (read with any command that takes WORKBOOK):
          csv          .csv .tsv              Delimited text, one sheet; a folder of them is a workbook
          drawio       .drawio .dio           draw.io board: each page a map (stage headers, lane labels, stickies)
          excalidraw   .excalidraw            Excalidraw board: each frame a map (stage headers, lane labels, stickies)
          json         .json                  mapbridge workspace JSON (schema: `mapbridge schema`)
          mermaid      .mmd .md .mermaid      Mermaid journey diagrams (.mmd, or ```mermaid blocks in Markdown)
          ods          .ods                   OpenDocument spreadsheet (LibreOffice Calc)
          xlsx         .xlsx .xlsm            Workshop workbook (rows or grid layout)
          scores       .scores                Emotion scores CSV (plugin: mapbridge-scores-plugin)
        Exporters (mapbridge export WORKBOOK --to NAME):
          drawio       .drawio                diagrams.net / draw.io file: a page per persona map, plus a comparison page
          excalidraw   .excalidraw            Excalidraw whiteboard scene: a framed board per persona map, plus a comparison
          html         .html                  Interactive page: every map with persona filters, one self-contained file
          json         .json                  The whole model as JSON (schema: `mapbridge schema`); also an input
          mermaid      .md                    Mermaid journey diagrams in Markdown (.md), or one .mmd file per diagram
          scores       .scores                Emotion scores CSV (plugin: mapbridge-scores-plugin)
        """)

    # Out through the plugin's exporter...
    out = tmp_path / "bank.scores"
    exported = runner.invoke(cli, ["export", str(BANK), "--to", "scores", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout == f"wrote {out} (scores: 4 personas, 4 maps)\n"
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

    warnings = "".join(
        f"warning MB061 plugin-failed: the {role} plugin 'visio' (mapbridge_visio_plugin:{name}, "
        "from mapbridge-visio) could not be loaded: ModuleNotFoundError: No module named "
        "'mapbridge_missing_dependency'. Hint: reinstall or remove the package mapbridge-visio; "
        "other formats still work\n"
        for role, name in (("importer", "IMPORTER"), ("exporter", "EXPORTER"))
    )
    listed = runner.invoke(cli, ["formats"])
    assert listed.exit_code == 0
    assert listed.stderr == warnings
    assert listed.stdout == BUILT_IN_FORMATS

    out = tmp_path / "bank.drawio"
    exported = runner.invoke(cli, ["export", str(BANK), "--to", "drawio", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert out.exists()
    assert exported.stdout == f"wrote {out} (drawio: 4 personas, 4 maps)\n"
    # One warning per broken entry point, printed once even though reading and writing both load plugins.
    assert exported.stderr == warnings

    report = Report(file="bank-account-rows.xlsx")
    read_with_registry(BANK, report=report)
    assert sum(p.code == "MB061" for p in report.problems) == 2


def test_asking_for_a_missing_exporter_lists_the_installed_ones(runner) -> None:
    result = runner.invoke(cli, ["export", str(BANK), "--to", "visio"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error MB040 usage-error: there is no exporter called 'visio'; "
        "installed: drawio, excalidraw, html, json, mermaid\n"
    )


# ------------------------------------------------------------------ choosing the importer

SCORES_HEADER = b"persona,journey,stage,score"

SNIFFING_PLUGIN = '''
"""A plugin whose importer recognises its content (emotion scores) whatever the file is named."""
from pathlib import Path
from types import SimpleNamespace

from mapbridge.model import Persona, Workspace
from mapbridge.plugins import Importer

SEEN = []


def claims(probe):
    return probe.head.startswith(b"persona,journey,stage,score")


def read(path, report):
    raise AssertionError("read_opened is called when an importer has one")


def read_opened(probe, *, report, options, max_unpacked_bytes):
    SEEN.append((probe.path.name, options, report))
    first = probe.handle().read().decode().splitlines()[1]
    return Workspace(title="scores", personas=[Persona(id="p", name=first.split(",")[0])])


IMPORTER = Importer(
    name="scores-table",
    extensions=(".scores",),
    read=read,
    claims=claims,
    what="an emotion-scores table",
    read_opened=read_opened,
)


def legacy_read(path, report):
    return Workspace(title="legacy", personas=[Persona(id="l", name=Path(path).stem)])


# An older plugin: not an Importer, only the attributes the registry always asked for.
LEGACY = SimpleNamespace(name="legacy", extensions=["leg"], read=legacy_read)
'''


@pytest.fixture
def sniffing_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin with a content sniffer and an options-aware reader, and an old-style one."""
    monkeypatch.delitem(sys.modules, "mapbridge_sniff_plugin", raising=False)
    site = tmp_path / "sniff-site"
    register(
        site,
        "mapbridge-sniff",
        {
            "mapbridge.importers": {
                "scores-table": "mapbridge_sniff_plugin:IMPORTER",
                "legacy": "mapbridge_sniff_plugin:LEGACY",
            }
        },
    )
    (site / "mapbridge_sniff_plugin.py").write_text(SNIFFING_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    return site


def choice(registry: Registry, path: Path) -> tuple[str, bool] | None:
    with Probe(path) as probe:
        chosen = registry.choose(probe)
    return (chosen.importer.name, chosen.by_content) if chosen else None


def test_the_registry_chooses_by_content_first_then_by_extension(tmp_path: Path) -> None:
    registry = load_registry()
    registry.importers["scores-table"] = Importer(
        name="scores-table",
        extensions=(".scores",),
        read=lambda path, report: Workspace(title="x"),
        claims=lambda probe: probe.head.startswith(SCORES_HEADER),
    )
    workbook = tmp_path / "workshop.csv"
    workbook.write_bytes(BANK.read_bytes())
    scores = tmp_path / "scores.csv"
    scores.write_bytes(SCORES_HEADER + b"\nAna,Bank,Apply,1\n")
    plain = tmp_path / "journey.csv"
    plain.write_text("Persona,Stage\nAna,Apply\n", encoding="utf-8")
    old = tmp_path / "old.md"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    bare = tmp_path / "notes"
    bare.write_text("just text\n", encoding="utf-8")
    folder = tmp_path / "sheets.xlsx"
    folder.mkdir()

    assert choice(registry, workbook) == ("xlsx", True)
    assert choice(registry, scores) == ("scores-table", True)
    assert choice(registry, plain) == ("csv", False)
    assert choice(registry, folder) == ("csv", True)
    # Content an importer explains without reading it: the workbook reader names an old .xls,
    # and says what a file without an extension is.
    assert choice(registry, old) == ("xlsx", False)
    assert choice(registry, bare) == ("xlsx", False)
    assert choice(registry, tmp_path / "missing.md") == ("mermaid", False)
    assert choice(registry, tmp_path / "missing.vsdx") is None


def test_a_plugin_reads_its_content_whatever_the_name_with_the_options(
    sniffing_plugin: Path, tmp_path: Path, runner
) -> None:
    scores = tmp_path / "bank.csv"
    scores.write_bytes(SCORES_HEADER + b"\nAna Reyes,Bank,Apply,1\n")
    options = ReadOptions(strict_emotions=True)
    report = Report(file=scores.name)
    workspace = read_input(scores, report=report, options=options)
    assert [p.name for p in workspace.personas] == ["Ana Reyes"]
    assert [p.format() for p in report.problems] == [
        "bank.csv: warning MB033 misleading-extension: the file is named .csv but is an "
        "emotion-scores table, so it was read as one. Hint: rename it to .scores so other "
        "programs open it correctly"
    ]
    plugin = importlib.import_module("mapbridge_sniff_plugin")
    assert [("bank.csv", options, report)] == plugin.SEEN

    inspected = runner.invoke(cli, ["inspect", str(scores)])
    assert inspected.exit_code == 0, inspected.output
    assert "Ana Reyes" in inspected.stdout
    assert "warning MB033 misleading-extension" in inspected.stderr

    # Other CSV files are still the built-in reader's, and an old-style plugin reads its own.
    plain = tmp_path / "journey.csv"
    plain.write_text("Persona,Stage,Actions\nBen,Discover,Asks a friend\n", encoding="utf-8")
    assert [p.name for p in read_input(plain).personas] == ["Ben"]
    legacy = tmp_path / "board.leg"
    legacy.write_text("anything", encoding="utf-8")
    assert [p.name for p in read_input(legacy).personas] == ["board"]


def test_reading_a_workbook_loads_no_plugin(broken_plugin: Path, tmp_path: Path) -> None:
    """mapbridge's own formats are asked about the content first; plugins load only if needed."""
    report = Report(file=BANK.name)
    read_input(BANK, report=report)
    assert [p.code for p in report.problems if p.code == "MB061"] == []

    plain = tmp_path / "journey.csv"
    plain.write_text("Persona,Stage,Actions\nBen,Discover,Asks a friend\n", encoding="utf-8")
    report = Report(file=plain.name)
    read_input(plain, report=report)
    # A CSV may be a plugin's by its content, so the importers are loaded (not the exporters).
    failed = [p.message for p in report.problems if p.code == "MB061"]
    assert len(failed) == 1 and "importer plugin 'visio'" in failed[0]


def test_a_sniffer_that_fails_does_not_stop_the_other_formats(tmp_path: Path) -> None:
    def broken(probe: Probe) -> bool:
        raise RuntimeError("a bug in a plugin")

    registry = load_registry()
    # Importer's first four fields are positional, as plugins written before sniffers use them.
    registry.importers["broken"] = Importer(
        "broken", (".brk",), lambda path, report: Workspace(title="x"), "", broken
    )
    assert choice(registry, BANK) == ("xlsx", True)
    assert choice(registry, tmp_path / "notes.md") == ("mermaid", False)
    assert registry.importer_for(tmp_path / "a.BRK").name == "broken"
