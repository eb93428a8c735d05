"""Every command takes a board: inspect, check, deck, tracker and build on .excalidraw and .drawio.

The boards are the bank sample exported by mapbridge (draw.io in both page encodings). What a
user sees is checked: the exit code, the files written, the persona names on the deck's map
slides, the tracker naming the board file and frame as each map's source. A scene saved as
.json is read with a warning; a hostile board is refused (exit 2) with its message, no
traceback and no output file.
"""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import openpyxl
import pytest

from mapbridge.api import read_input
from mapbridge.cli import cli
from mapbridge.model import Workspace
from tests.board_helpers import FORMATS, export_board
from tests.deck_helpers import ROWS_SAMPLE, flat, open_deck, slide_text
from tests.tracker_helpers import find_row, headers

PERSONAS = ["Ana Reyes", "Ben Okafor", "Chloe Martin", "Dev Patel"]
JOURNEY = "Open a bank account"


@pytest.fixture(scope="module")
def bank() -> Workspace:
    return read_input(ROWS_SAMPLE)


@pytest.fixture(params=FORMATS)
def board(request, bank: Workspace, tmp_path: Path) -> Path:
    return export_board(bank, tmp_path, request.param)


def test_inspect_shows_the_maps_of_a_board(runner, board: Path) -> None:
    result = runner.invoke(cli, ["inspect", str(board)])
    assert result.exit_code == 0, result.output
    assert f"{board.name} · 4 personas · 1 journey · 4 maps" in result.stdout
    for persona in PERSONAS:
        assert f"{persona} – {JOURNEY}" in result.stdout
    assert "Stages: Discover → Compare → Apply → Verify ID → First use → Get support" in (
        result.stdout
    )
    assert "every filled cell was read" in result.stdout
    assert result.stderr == ""


def test_check_reads_a_board_with_no_errors(runner, board: Path) -> None:
    result = runner.invoke(cli, ["check", str(board)])
    assert result.exit_code == 0, result.output
    assert f"{board.name}: 0 errors" in result.stdout
    # Findings are located on the board: file › frame › element.
    assert f"{board.name} › Ben Okafor – {JOURNEY} › " in result.stdout


def test_deck_has_a_map_slide_per_persona(runner, board: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    result = runner.invoke(cli, ["deck", str(board), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {out} (13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight slide)\n"
    )
    slides = [slide_text(s) for s in open_deck(out).slides]
    maps = [text for text in slides if flat(f"{JOURNEY} — journey map") in flat(text)]
    assert [next(p for p in PERSONAS if p in text) for text in maps] == PERSONAS
    # The deck's map shows what the board's stickies say.
    assert "Compares three banks in open tabs" in maps[0]


def test_tracker_names_the_board_and_frame_as_each_maps_source(
    runner, board: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tracker.xlsx"
    result = runner.invoke(cli, ["tracker", str(board), "-o", str(out), "--today", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out} (4 personas, 4 maps, 4 persona-map links")
    maps = openpyxl.load_workbook(out)["Journey maps"]
    for persona in PERSONAS:
        row = find_row(maps, "Persona", persona)
        found_in = maps.cell(row, headers(maps)["Found in"]).value
        assert found_in == f"{board.name} › {persona} – {JOURNEY}"
    findings = openpyxl.load_workbook(out)["Findings"]
    where = [
        findings.cell(r, headers(findings)["Where"]).value for r in range(2, findings.max_row + 1)
    ]
    assert where and all(w.startswith(f"{board.name} › ") for w in where if w)


def test_build_writes_deck_tracker_and_check_report(runner, board: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(board), "-o", str(out), "--today", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "board-check.txt",
        "board-insights.txt",
        "board-tracker.xlsx",
        "board.html",
        "board.pptx",
    ]
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"wrote {out / 'board.pptx'} (13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight slide)"
    )
    assert lines[1] == f"wrote {out / 'board.html'} (interactive map: 4 personas, 4 maps)"
    assert lines[2].startswith(f"wrote {out / 'board-tracker.xlsx'} (4 personas, 4 maps")
    assert lines[3].startswith(f"wrote {out / 'board-check.txt'} (map health: 0 errors")
    assert "board" in (out / "board-check.txt").read_text(encoding="utf-8")
    assert (
        lines[4] == f"wrote {out / 'board-insights.txt'} (where the personas differ in 1 journey)"
    )


def test_a_scene_saved_as_json_is_read_with_a_warning(runner, bank: Workspace, tmp_path) -> None:
    scene = export_board(bank, tmp_path, "excalidraw")
    named_json = scene.rename(tmp_path / "workshop-board.json")
    result = runner.invoke(cli, ["inspect", str(named_json)])
    assert result.exit_code == 0, result.output
    assert "4 maps" in result.stdout
    assert result.stderr.startswith(
        "workshop-board.json: warning MB033 misleading-extension: the file is named .json but "
        "is an Excalidraw scene"
    )


# ---------------------------------------------------------------------- hostile boards


def _deflated(text: str) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(compressor.compress(text.encode()) + compressor.flush()).decode()


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<mxfile><diagram name="P"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
    '<mxCell id="2" value="&lol3;" vertex="1" parent="1"><mxGeometry width="9" height="9" '
    'as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>'
)
_EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<mxfile><diagram name="P"><mxGraphModel><root><mxCell id="0"/>'
    '<mxCell id="2" value="&xxe;" vertex="1" parent="0"><mxGeometry width="9" height="9" '
    'as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>'
)

HOSTILE = {
    "deeply-nested.excalidraw": (
        '{"type": "excalidraw", "version": 2, "elements": [' + "[" * 5000 + "]" * 5000 + "]}",
        "MB081",
    ),
    "billions.excalidraw": (
        '{"type": "excalidraw", "version": 2, "elements": [' + ",".join(["{}"] * 100_001) + "]}",
        "MB081",
    ),
    "broken.excalidraw": ('{"type": "excalidraw", "version": 2, "elements": [{"id": ', "MB080"),
    "laughs.drawio": (_LAUGHS, "MB081"),
    "external-entity.drawio": (_EXTERNAL, "MB081"),
    "bomb.drawio": (
        '<mxfile compressed="true"><diagram name="P">'
        + _deflated("<mxGraphModel><root>" + " " * (40 * 1024 * 1024) + "</root></mxGraphModel>")
        + "</diagram></mxfile>",
        "MB081",
    ),
    "not-base64.drawio": (
        '<mxfile><diagram name="P">%%% not a page %%%</diagram></mxfile>',
        "MB080",
    ),
    "empty.excalidraw": ("", "MB005"),
}


@pytest.mark.parametrize("command", ["deck", "tracker", "build"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_board_is_refused_with_no_output(runner, tmp_path: Path, name: str, command: str):
    content, code = HOSTILE[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / (
        "out" if command == "build" else f"out{'.pptx' if command == 'deck' else '.xlsx'}"
    )
    result = runner.invoke(cli, [command, str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"{name}: error {code} ")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists() or (out.is_dir() and not any(out.iterdir()))
    assert sorted(p.name for p in tmp_path.iterdir()) in ([name], [name, "out"])


def test_an_excalidraw_scene_in_a_text_editor_keeps_working(runner, bank, tmp_path) -> None:
    """A scene re-saved with other formatting (no indentation, keys reordered) reads the same."""
    scene = json.loads(export_board(bank, tmp_path, "excalidraw").read_text(encoding="utf-8"))
    scene = {"elements": scene["elements"], "version": 2, "type": "excalidraw", "files": {}}
    path = tmp_path / "resaved.excalidraw"
    path.write_text(json.dumps(scene, separators=(",", ":")), encoding="utf-8")
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 maps" in result.stdout
