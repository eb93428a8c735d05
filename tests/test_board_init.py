"""`mapbridge init board.excalidraw|board.drawio`: blank boards, a frame or page per persona, to fill in."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from mapbridge.cli import cli, init_cmd
from mapbridge.exporters import board_starter
from mapbridge.exporters.board_starter import blank_workspace, write_blank_board
from mapbridge.exporters.excalidraw import excalidraw_scene
from tests.node_checks import require_node_modules, run_node
from tests.test_drawio import check_drawio_structure
from tests.test_excalidraw import RESTORE_MAY_CHANGE, check_scene
from tests.workbooks import make_xlsx, persona_rows

SAMPLES = Path(__file__).parent.parent / "samples"
BANK = SAMPLES / "bank-account-rows.xlsx"
HOME = SAMPLES / "home-insurance-grid.xlsx"

STAGES = ["Discover", "Compare", "Sign up", "First use", "Get help"]
LANES = ["Actions", "Touchpoints", "Thoughts", "Emotion", "Pain points", "Opportunities"]
SCALE = ["+2 delighted", "0 neutral", "−2 frustrated"]


# ------------------------------------------------------------------------------------ helpers


def _role(element: dict[str, Any]) -> str | None:
    return element.get("customData", {}).get("mapbridge", {}).get("role")


def _style_role(cell: ET.Element) -> str | None:
    for item in (cell.get("style") or "").split(";"):
        key, _, value = item.partition("=")
        if key == "mapbridge":
            return value
    return None


def _scene(path: Path) -> dict[str, Any]:
    scene = json.loads(path.read_text(encoding="utf-8"))
    check_scene(scene)
    return scene


def _frames(scene: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in scene["elements"] if e["type"] == "frame"]


def _inside(scene: dict[str, Any], frame: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in scene["elements"] if e["frameId"] == frame["id"]]


def _texts(elements: list[dict[str, Any]]) -> list[str]:
    return [e["originalText"] for e in elements if e["type"] == "text"]


def _cells(page: ET.Element) -> list[ET.Element]:
    return list(page.iter("mxCell"))[2:]


def _geometry(cell: ET.Element) -> tuple[float, float, float, float]:
    g = cell.find("mxGeometry")
    return tuple(float(g.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _init(runner, *args: str):
    return runner.invoke(cli, ["init", *args])


def _small_workbook(path: Path) -> Path:
    """Two personas, a journey with its own stages and lanes (one custom), entries to drop."""
    header = ["Journey", "Persona", "Stage", "Doing", "Feeling", "Worries", "Evidence"]
    rows = [
        ["Renew a policy", "Ana", "Reminder", "Reads the email", 1, "Price went up", "Interview 3"],
        ["Renew a policy", "Ana", "Quote", "Gets a quote", -1, "Too many forms", ""],
        ["Renew a policy", "Ana", "Pay", "Pays online", 2, "", ""],
        ["Renew a policy", "Ben", "Reminder", "Misses the email", -2, "Spam folder", ""],
        ["Renew a policy", "Ben", "Pay", "Calls to pay", 0, "", ""],
    ]
    personas = persona_rows("Ana")
    personas.append(["Ben", "Proto-persona", "Ben's role", "Pay less", "Forms", "Calls"])
    return make_xlsx(path, {"Personas": personas, "Journey": [header, *rows]})


# ---------------------------------------------------------------------------------- Excalidraw


def test_init_excalidraw_writes_one_blank_frame_per_persona(runner, tmp_path: Path) -> None:
    target = tmp_path / "board.excalidraw"
    result = _init(runner, str(target), "--personas", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {target} (3 frames: Persona 1, Persona 2, Persona 3). Open it in Excalidraw, "
        f"fill it in, then run: mapbridge build {target} -o out/\n"
    )
    assert result.stderr == ""
    scene = _scene(target)
    frames = _frames(scene)
    assert [f["name"] for f in frames] == [f"Persona {n} – Customer journey" for n in (1, 2, 3)]
    for n, frame in enumerate(frames, start=1):
        inside = _inside(scene, frame)
        texts = _texts(inside)
        for name in STAGES + [lane for lane in LANES if lane != "Emotion"]:
            assert name in texts, name
        # The lane is named alone; its scale sits level with +1, 0 and -1, marked as the band's.
        assert "Emotion" in texts
        marks = sorted(
            (e for e in inside if _role(e) == "band" and e["type"] == "text"), key=lambda e: e["y"]
        )
        assert [m["originalText"] for m in marks] == ["+2", "0", "−2"]
        [title] = [e for e in inside if _role(e) == "title"]
        assert title["originalText"] == f"Persona {n}"
        assert title["customData"]["mapbridge"]["kind"] == "proto"
        assert "PROTO-PERSONA: HYPOTHESIS" in texts  # assumption-based until research
    assert not any(_role(f) == "comparison" for f in frames)  # no comparison board


def test_excalidraw_cells_are_empty_unmarked_rectangles_in_the_lane_colour(
    runner, tmp_path: Path
) -> None:
    target = tmp_path / "board.excalidraw"
    assert _init(runner, str(target)).exit_code == 0
    scene = _scene(target)
    [frame] = _frames(scene)
    inside = _inside(scene, frame)
    empty = [
        e
        for e in inside
        if e["type"] == "rectangle" and not e["boundElements"] and _role(e) is None
    ]
    # A cell per lane and stage: five text lanes, and the emotion lane's value cells.
    assert len(empty) == len(LANES) * len(STAGES)
    assert all("customData" not in e for e in empty)
    fills = {e["backgroundColor"] for e in empty}
    assert {"#ffc9c9", "#b2f2bb", "#d0ebff", "#e5dbff", "#fff3bf", "#ffffff"} == fills
    # The cells sit under the stage headers, one column each, between the headers' edges.
    headers = {e["originalText"]: e for e in inside if e["type"] == "text" and e["containerId"]}
    stage_boxes = {
        name: next(x for x in inside if x["id"] == headers[name]["containerId"]) for name in STAGES
    }
    for name, box in stage_boxes.items():
        column = [e for e in empty if e["x"] == box["x"] and e["width"] == box["width"]]
        assert len(column) == len(LANES), name
        assert all(e["y"] > box["y"] + box["height"] for e in column)
    [band] = [e for e in inside if _role(e) == "band" and e["type"] == "rectangle"]
    values = [e for e in empty if e["y"] == band["y"]]
    assert len(values) == len(STAGES) and all(e["height"] == band["height"] for e in values)


def test_excalidraw_howto_note_is_above_the_stage_row_right_of_the_title(
    runner, tmp_path: Path
) -> None:
    target = tmp_path / "board.excalidraw"
    assert _init(runner, str(target)).exit_code == 0
    scene = _scene(target)
    inside = _inside(scene, _frames(scene)[0])
    [note] = [e for e in inside if _role(e) == "howto"]
    assert note["originalText"].startswith("How to use this board: one sticky per idea")
    assert "Emotion: type -2..2, 1..5 or a word" in note["originalText"]
    assert note["originalText"].endswith(f"Then run: mapbridge build {target.name} -o out/")
    [title] = [e for e in inside if _role(e) == "title"]
    [badge] = [e for e in inside if _role(e) == "badge" and e["type"] == "rectangle"]
    grid = [e for e in inside if _role(e) is None]
    assert note["x"] >= title["x"] + title["width"]
    assert note["x"] + note["width"] <= badge["x"]
    assert note["y"] + note["height"] < min(e["y"] for e in grid)


def test_excalidraw_howto_goes_under_the_title_on_a_narrow_board(tmp_path: Path) -> None:
    from mapbridge.model import Journey, Stage, Workspace

    source = Workspace(
        title="t",
        journeys=[Journey(id="j", name="Short", stages=[Stage(id="a", name="Only stage")])],
    )
    scene = excalidraw_scene(blank_workspace(source=source), blank=True)
    [frame] = _frames(scene)
    inside = _inside(scene, frame)
    [note] = [e for e in inside if _role(e) == "howto"]
    [title] = [e for e in inside if _role(e) == "title"]
    assert note["y"] > title["y"] + title["height"]
    assert note["x"] + note["width"] <= frame["x"] + frame["width"]
    assert note["y"] + note["height"] < min(e["y"] for e in inside if _role(e) is None)


def test_excalidraw_restore_accepts_blank_boards(tmp_path: Path) -> None:
    """Excalidraw's own `restore` keeps every element of a blank board as written."""
    require_node_modules("@excalidraw/excalidraw", "esbuild", "jsdom", "react")
    from mapbridge.api import read_input

    scenes = [
        excalidraw_scene(blank_workspace(3), blank=True),
        excalidraw_scene(blank_workspace(source=read_input(HOME)), blank=True),
    ]
    for scene, restored in zip(scenes, run_node("restore-excalidraw.mjs", scenes), strict=True):
        ours = {e["id"]: e for e in scene["elements"]}
        theirs = {e["id"]: e for e in restored["elements"]}
        assert list(theirs) == list(ours), "Excalidraw dropped or reordered elements"
        changed = []
        for element_id, element in ours.items():
            for key, value in element.items():
                if key in RESTORE_MAY_CHANGE:
                    continue
                if key == "boundElements" and not value:
                    value = []
                if theirs[element_id].get(key) != value:
                    changed.append((element["type"], key, value, theirs[element_id].get(key)))
        assert not changed, changed[:5]


# ------------------------------------------------------------------------------------- draw.io


def test_init_drawio_writes_one_blank_page_per_persona(runner, tmp_path: Path) -> None:
    target = tmp_path / "board.drawio"
    result = _init(runner, str(target), "--personas", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {target} (3 pages: Persona 1, Persona 2, Persona 3). Open it in draw.io, "
        f"fill it in, then run: mapbridge build {target} -o out/\n"
    )
    pages = check_drawio_structure(target.read_text(encoding="utf-8"))
    assert [p.get("name") for p in pages] == [f"Persona {n} – Customer journey" for n in (1, 2, 3)]
    for page in pages:
        values = [c.get("value") for c in _cells(page)]
        for name in STAGES + [lane for lane in LANES if lane != "Emotion"]:
            assert name in values, name
        emotion = next(v for v in values if v.startswith("<b>Emotion</b>"))
        assert emotion == (
            '<b>Emotion</b><br><font color="#5F6B7A">+2 delighted<br>0 neutral<br>'
            "−2 frustrated</font>"
        )
        assert "PROTO-PERSONA: HYPOTHESIS" in values


def test_drawio_cells_are_empty_unmarked_vertices_and_the_note_is_in_the_header(
    runner, tmp_path: Path
) -> None:
    target = tmp_path / "board.drawio"
    assert _init(runner, str(target)).exit_code == 0
    [page] = check_drawio_structure(target.read_text(encoding="utf-8"))
    cells = _cells(page)
    stage_row = [c for c in cells if c.get("value") in STAGES]
    assert len(stage_row) == len(STAGES)
    stage_top = min(_geometry(c)[1] for c in stage_row)
    below = stage_top + _geometry(stage_row[0])[3]
    empty = [
        c
        for c in cells
        if c.get("vertex") == "1"
        and c.get("value") == ""
        and _style_role(c) is None
        and _geometry(c)[1] >= below
    ]
    assert len(empty) == len(LANES) * len(STAGES)
    assert all("mapbridge" not in c.get("style") for c in empty)
    [note] = [c for c in cells if _style_role(c) == "howto"]
    assert note.get("value").startswith("How to use this board: one sticky per idea")
    assert note.get("value").endswith("mapbridge build board.drawio -o out/")
    x, y, w, h = _geometry(note)
    [title] = [c for c in cells if _style_role(c) == "title"]
    [badge] = [c for c in cells if _style_role(c) == "badge"]
    assert x >= sum(_geometry(title)[::2]) and x + w <= _geometry(badge)[0]
    assert y + h <= stage_top
    assert [c for c in cells if _style_role(c) == "band"]
    assert not [c for c in cells if _style_role(c) == "comparison"]


# ---------------------------------------------------------------------------------------- --from


@pytest.mark.parametrize("suffix", [".excalidraw", ".drawio"])
def test_from_takes_the_workbooks_personas_stages_and_lanes_but_no_entries(
    runner, tmp_path: Path, suffix: str
) -> None:
    workbook = _small_workbook(tmp_path / "renewal.xlsx")
    target = tmp_path / f"board{suffix}"
    result = _init(runner, str(target), "--from", str(workbook))
    assert result.exit_code == 0, result.output
    word = "frames" if suffix == ".excalidraw" else "pages"
    assert result.stdout.startswith(f"wrote {target} (2 {word}: Ana, Ben). ")
    expected = ["Ana – Renew a policy", "Ben – Renew a policy"]
    if suffix == ".excalidraw":
        scene = _scene(target)
        assert [f["name"] for f in _frames(scene)] == expected
        texts = [_texts(_inside(scene, f)) for f in _frames(scene)]
    else:
        pages = check_drawio_structure(target.read_text(encoding="utf-8"))
        assert [p.get("name") for p in pages] == expected
        texts = [[c.get("value") for c in _cells(p)] for p in pages]
    for frame_texts in texts:
        joined = "\n".join(frame_texts)
        for name in ("Reminder", "Pay", "Doing", "Worries", "Evidence", "Feeling"):
            assert name in joined, name
        for entry in ("Reads the email", "Price went up", "Interview 3", "Spam folder"):
            assert entry not in joined
    # Each persona's own map: Ben never went through the Quote stage.
    assert "Quote" in texts[0] and "Quote" not in texts[1]
    # Ana is a research persona: no badge; Ben's proto-persona badge stays.
    assert "PROTO-PERSONA: HYPOTHESIS" not in texts[0]
    assert "PROTO-PERSONA: HYPOTHESIS" in texts[1]


def test_from_keeps_each_personas_own_stages_and_the_workbooks_scale(tmp_path: Path) -> None:
    from mapbridge.api import read_input

    source = read_input(HOME)
    workspace = blank_workspace(source=source)
    assert [p.name for p in workspace.personas] == [p.name for p in source.personas]
    for blank, original in zip(workspace.journeys, source.journeys, strict=True):
        assert [s.name for s in blank.stages] == [s.name for s in original.stages]
        assert [(lane.name, lane.kind) for lane in blank.lanes] == [
            (lane.name, lane.kind) for lane in original.lanes
        ]
        assert blank.entries == [] and blank.emotion_scale == "1..5"
    scene = excalidraw_scene(workspace, blank=True)
    labels = [e["originalText"] for e in scene["elements"] if e["type"] == "text"]
    assert "Mood" in labels
    marks = [
        e["originalText"] for e in scene["elements"] if _role(e) == "band" and e["type"] == "text"
    ]
    assert marks[:3] == ["5", "3", "1"]
    bands = [e for e in scene["elements"] if _role(e) == "band" and e["type"] == "rectangle"]
    assert {e["customData"]["mapbridge"]["scale"] for e in bands} == {"1..5"}
    notes = [e["originalText"] for e in scene["elements"] if _role(e) == "howto"]
    assert all("Emotion: type 1..5, -2..2 or a word" in n for n in notes)


def test_from_the_bank_sample(runner, tmp_path: Path) -> None:
    target = tmp_path / "bank.drawio"
    result = _init(runner, str(target), "--from", str(BANK))
    assert result.exit_code == 0, result.output
    assert "(4 pages: Ana Reyes, Ben Okafor, Chloe Martin, Dev Patel)" in result.stdout
    pages = check_drawio_structure(target.read_text(encoding="utf-8"))
    values = [c.get("value") for c in _cells(pages[0])]
    assert "Get support" in values and "Thinking" in values and "Evidence" in values


def test_from_a_workbook_with_errors_fails_like_other_commands(runner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    target = tmp_path / "board.excalidraw"
    result = _init(runner, str(target), "--from", str(missing))
    assert result.exit_code == 2
    assert "MB001" in result.stderr and "Traceback" not in result.output
    assert not target.exists()

    broken = make_xlsx(
        tmp_path / "broken.xlsx",
        {
            "Personas": persona_rows("Ana"),
            "Journey": [["Persona", "Stage", "Actions"], ["Zed", "Discover", "x"]],
        },
    )
    result = _init(runner, str(target), "--from", str(broken))
    assert result.exit_code == 1
    assert "unknown-persona" in result.stderr
    assert not target.exists()


# -------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["board.txt"], "init writes a starter workbook (.xlsx) or a blank board (.excalidraw"),
        (["board.excalidraw", "--personas", "0"], "--personas must be 1 to 12"),
        (["board.drawio", "--personas", "13"], "--personas must be 1 to 12"),
        (["workshop.xlsx", "--personas", "2"], "--personas applies to boards"),
        (["workshop.xlsx", "--from", "x.xlsx"], "--from applies to boards"),
        (["board.drawio", "--personas", "2", "--from", "x.xlsx"], "do not go together"),
    ],
    ids=["suffix", "zero", "thirteen", "xlsx-personas", "xlsx-from", "both"],
)
def test_refusals_exit_2_and_write_nothing(
    runner, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / args[0]
    result = _init(runner, str(target), *args[1:])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error MB040 usage-error: ") and message in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["board.excalidraw", "board.drawio"])
def test_an_existing_board_is_kept_without_force(runner, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"precious")
    result = _init(runner, str(target))
    assert result.exit_code == 2
    assert "the file already exists" in result.stderr
    assert target.read_bytes() == b"precious"
    result = _init(runner, str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"precious"
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_from_naming_the_board_itself_is_refused(runner, tmp_path: Path) -> None:
    target = tmp_path / "board.drawio"
    target.write_bytes(b"precious")
    result = _init(runner, str(target), "--from", str(target), "--force")
    assert result.exit_code == 2
    assert target.read_bytes() == b"precious"


# ---------------------------------------------------------------------------------- the library


def test_blank_workspace_defaults() -> None:
    workspace = blank_workspace(2)
    assert [(p.name, p.kind) for p in workspace.personas] == [
        ("Persona 1", "proto"),
        ("Persona 2", "proto"),
    ]
    for journey, persona in zip(workspace.journeys, workspace.personas, strict=True):
        assert journey.persona_id == persona.id and journey.name == "Customer journey"
        assert [s.name for s in journey.stages] == STAGES
        assert [lane.name for lane in journey.lanes] == LANES
        assert [lane.kind for lane in journey.lanes] == [
            "actions",
            "touchpoints",
            "thoughts",
            "emotion",
            "pain_points",
            "opportunities",
        ]
        assert journey.entries == []
    with pytest.raises(ValueError):
        blank_workspace(0)
    with pytest.raises(ValueError):
        blank_workspace(13)


def test_write_blank_board_refuses_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_blank_board(tmp_path / "board.svg")
    assert list(tmp_path.iterdir()) == []
    board = write_blank_board(tmp_path / "b.DRAWIO", personas=2)
    assert (board.tool, board.frame_word, board.personas) == (
        "draw.io",
        "page",
        ["Persona 1", "Persona 2"],
    )
    assert board.frames == ["Persona 1 – Customer journey", "Persona 2 – Customer journey"]


def test_the_cli_and_the_library_agree_on_limits_and_suffixes() -> None:
    assert init_cmd.MAX_PERSONAS == board_starter.MAX_BLANK_PERSONAS
    assert set(init_cmd.BOARD_SUFFIXES) == set(board_starter.BOARD_SUFFIXES)


def test_blank_boards_are_reproducible(tmp_path: Path) -> None:
    for suffix in (".excalidraw", ".drawio"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        write_blank_board(first, 2)
        write_blank_board(second, 2)
        # Only the how-to note's file name differs.
        assert first.read_text().replace("a" + suffix, "b" + suffix) == second.read_text()
