"""Every writer is atomic: a run that fails half-way through writing leaves the old output untouched.

Each test puts an existing output in place, makes the writer fail after it has written part of
its file (a full disk, say), runs the command, and checks that the old file is byte-for-byte
the same, that no temporary file is left beside it, and that the user got a message, not a
traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mapbridge.atomic import atomic_path, write_text_atomic
from mapbridge.cli import cli
from tests.hostile.builders import good_workbook

ORIGINAL = b"the output of an earlier, successful run"


def _fail_half_way(write_part: Callable[[Any, Any], None]) -> Callable[..., None]:
    def failing(self: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        write_part(self, target)
        raise OSError(28, "No space left on device")

    return failing


def _half_file(_self: Any, target: Any) -> None:
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(b"PK\x03\x04 half a file")
    else:  # a file object
        target.write(b"PK\x03\x04 half a file")


def _half_text(self: Path, _data: Any) -> None:
    with open(self, "w", encoding="utf-8") as handle:
        handle.write("half a fi")


SAVE_PPTX = ("pptx.presentation.Presentation.save", _fail_half_way(_half_file))
SAVE_XLSX = ("openpyxl.workbook.workbook.Workbook.save", _fail_half_way(_half_file))
WRITE_TEXT = ("pathlib.Path.write_text", _fail_half_way(_half_text))


def _cases() -> list[tuple[str, list[str], str, tuple[str, Any]]]:
    """(id, args with {wb} and {out}, the existing output's name, what to break)."""
    cases = [
        ("init", ["init", "{out}/starter.xlsx", "--force"], "starter.xlsx", SAVE_XLSX),
        (
            "tracker",
            ["tracker", "{wb}", "-o", "{out}/tracker.xlsx", "--today", "2026-11-29"],
            "tracker.xlsx",
            SAVE_XLSX,
        ),
        ("deck", ["deck", "{wb}", "-o", "{out}/deck.pptx"], "deck.pptx", SAVE_PPTX),
        ("build", ["build", "{wb}", "-o", "{out}"], "workshop.pptx", SAVE_PPTX),
    ]
    for fmt, ext in (("json", "json"), ("mermaid", "md"), ("drawio", "drawio")):
        cases.append(
            (
                f"export-{fmt}",
                ["export", "{wb}", "--to", fmt, "-o", f"{{out}}/map.{ext}"],
                f"map.{ext}",
                WRITE_TEXT,
            )
        )
    cases.append(
        (
            "export-excalidraw",
            ["export", "{wb}", "--to", "excalidraw", "-o", "{out}/map.excalidraw"],
            "map.excalidraw",
            WRITE_TEXT,
        )
    )
    return [c for c in cases if c[1][0] in cli.commands]


@pytest.mark.parametrize(
    ("args", "existing", "breakage"), [c[1:] for c in _cases()], ids=[c[0] for c in _cases()]
)
def test_a_failed_write_keeps_the_old_output(
    args: list[str],
    existing: str,
    breakage: tuple[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workbook = good_workbook(tmp_path / "workshop.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.format(wb=workbook, out=out) for a in args]
    first = CliRunner().invoke(cli, argv)  # a successful run makes the output to protect
    assert first.exit_code == 0, first.output
    before = (out / existing).read_bytes()
    target, replacement = breakage
    monkeypatch.setattr(target, replacement)
    result = CliRunner().invoke(cli, argv)
    text = result.stdout + result.stderr
    assert result.exit_code == 2, text
    assert "Traceback" not in text
    assert "error MB042 file-system-error: No space left on device" in text
    assert (out / existing).read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".mapbridge-tmp")]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".mapbridge-tmp")]


def test_atomic_path_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(ORIGINAL)
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("stop")
    assert target.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_every_writer_goes_through_atomic_path() -> None:
    """No module outside atomic.py saves a file directly (a grep over the package's source)."""
    import re

    import mapbridge

    root = Path(mapbridge.__file__).parent
    direct = re.compile(
        r"\.save\((?!\s*(str\()?tmp)|\.write_(text|bytes)\(|open\([^)]*['\"][wa]b?['\"]"
    )
    offenders = []
    for source in root.rglob("*.py"):
        if source.name == "atomic.py":
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if direct.search(line) and "tmp" not in line:
                offenders.append(f"{source.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def test_an_unwritable_output_is_a_located_message(tmp_path: Path) -> None:
    """Not "internal error": the output named (not its temporary file), exit 2."""
    workbook = good_workbook(tmp_path / "workshop.xlsx")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = CliRunner().invoke(cli, ["deck", str(workbook), "-o", str(blocker / "deck.pptx")])
    assert result.exit_code == 2, result.output
    assert "error MB042 file-system-error" in result.stderr
    assert "internal error" not in result.stderr and "mapbridge-tmp" not in result.stderr
