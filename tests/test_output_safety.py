"""What comes out of mapbridge is safe whatever went in, and every XML parse is guarded.

- openpyxl only ever runs with defusedxml (mapbridge._openpyxl refuses otherwise);
- a deck template (--template) and an existing tracker (-o) are scanned like workbooks: DTDs
  anywhere, parts whose headers lie, zip bombs are refused before a parser sees them;
- text from the workbook never becomes a formula in the tracker, a live hyperlink or a macro in
  the deck, or markup in a draw.io diagram.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapbridge.cli import cli
from mapbridge.errors import UsageError
from tests.hostile import builders as b
from tests.hostile.corpus import CASES

HOSTILE_TEXTS = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example/x","click")',
    "-2+3",
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    "http://evil.example/phish",
]


@pytest.fixture(scope="module")
def hostile_text_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Personas and journey cells made only of text that looks like formulas, links and markup."""
    folder = tmp_path_factory.mktemp("texts")
    names = [HOSTILE_TEXTS[0], HOSTILE_TEXTS[6]]
    rows = [
        ["Open account", names[i % 2], f"Stage {i}", text, 1, HOSTILE_TEXTS[-1 - i]]
        for i, text in enumerate(HOSTILE_TEXTS)
    ]
    return b.write_workbook(
        folder / "texts.xlsx",
        {"Personas": b.persona_rows(*names), "Journey": b.journey_rows(*rows)},
    )


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    return result.exit_code, text


# ---------------------------------------------------------------------------- defusedxml


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml

    import mapbridge._openpyxl  # noqa: F401  (importing it is the check)

    assert openpyxl.xml.DEFUSEDXML is True


def test_mapbridge_refuses_an_unguarded_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    from mapbridge._openpyxl import require_defusedxml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(UsageError, match="MB041 unguarded-xml-parser"):
        require_defusedxml()


def test_the_tracker_refuses_to_run_with_defusedxml_switched_off(tmp_path: Path) -> None:
    workbook = b.good_workbook(tmp_path / "w.xlsx")
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mapbridge",
            "tracker",
            str(workbook),
            "-o",
            str(tmp_path / "t.xlsx"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "MB041 unguarded-xml-parser" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "t.xlsx").exists()


# ---------------------------------------------------------------------------- deck templates


def _template(folder: Path) -> Path:
    from pptx import Presentation

    path = folder / "plain.pptx"
    Presentation().save(str(path))
    return path


def _with_dtd(plain: Path, target: Path, *, padding: int = 0, utf16: bool = False) -> Path:
    xml = b.read_part(plain, "ppt/presentation.xml").decode()
    start = xml.index("?>") + 2
    dtd = '<!DOCTYPE p:presentation [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    comment = f"<!--{'x' * padding}-->" if padding else ""
    xml = xml[:start] + comment + dtd + xml[start:]
    data = (
        b"\xff\xfe" + xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")
        if utf16
        else xml.encode()
    )
    return b.rewrite_package(plain, target, replace={"ppt/presentation.xml": data})


def _lying_template(plain: Path, target: Path) -> Path:
    block = b"<a:t>" + b"a" * 1_000_000 + b"</a:t>"
    stream, size = b.repeated_deflate(b"<x>", block, 1500, b"</x>")
    entries = []
    with zipfile.ZipFile(plain) as archive:
        for item in archive.infolist():
            if item.filename == "ppt/slideLayouts/slideLayout1.xml":
                entries.append((item.filename, stream, 0, size, 1234, 1234))
            else:
                data, crc, real = b.deflated(archive.read(item.filename))
                entries.append((item.filename, data, crc, real, real, real))
    return b.write_raw_zip(target, entries)


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("dtd", "declares a DTD or entities"),
        ("dtd-after-comment", "declares a DTD or entities"),
        ("dtd-utf16", "declares a DTD or entities"),
        ("lying-headers", "unpacks to more (a zip bomb)"),
    ],
)
def test_deck_refuses_an_unsafe_template(kind: str, fragment: str, tmp_path: Path) -> None:
    plain = _template(tmp_path)
    template = tmp_path / f"{kind}.pptx"
    if kind == "lying-headers":
        _lying_template(plain, template)
    else:
        _with_dtd(
            plain,
            template,
            padding=200_000 * (kind == "dtd-after-comment"),
            utf16=kind == "dtd-utf16",
        )
    workbook = b.good_workbook(tmp_path / "w.xlsx")
    code, text = run("deck", workbook, "--template", template, "-o", tmp_path / "out" / "d.pptx")
    assert code == 2, text
    assert f"{template.name}: error" in text
    assert "refused as unsafe" in text and fragment in text
    assert not (tmp_path / "out" / "d.pptx").exists()


# ---------------------------------------------------------------------------- existing trackers


def test_tracker_refuses_a_named_pipe_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "tracker.xlsx"
    os.mkfifo(pipe)
    code, text = run("tracker", b.good_workbook(tmp_path / "w.xlsx"), "-o", pipe)
    assert code == 2 and "not a regular file" in text, text


@pytest.mark.parametrize(
    "case_id",
    ["zip-bomb", "zip-bomb-lying-headers", "billion-laughs-shared-strings", "xxe-local-file"],
)
def test_tracker_refuses_an_unsafe_existing_file(case_id: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == case_id)
    existing = case.build(tmp_path / "tracker.xlsx")
    before = existing.read_bytes()
    workbook = b.good_workbook(tmp_path / "w.xlsx")
    code, text = run("tracker", workbook, "-o", existing)
    assert code == 2, text
    assert "refused as unsafe" in text and "left untouched" in text
    assert existing.read_bytes() == before


# ---------------------------------------------------------------------------- no formula, link or macro


def test_workbook_text_never_becomes_a_tracker_formula(
    hostile_text_workbook: Path, tmp_path: Path
) -> None:
    from mapbridge._openpyxl import load_workbook

    target = tmp_path / "tracker.xlsx"
    code, text = run("tracker", hostile_text_workbook, "-o", target, "--today", "2026-11-29")
    assert code == 0, text
    wb = load_workbook(target)
    seen_as_text = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                if cell.data_type == "f":
                    # mapbridge's own status formulas only: nothing typed in the workbook.
                    for hostile in ("cmd|", "evil.example", "alert(", "@SUM", "HYPERLINK("):
                        assert hostile not in cell.value, (ws.title, cell.coordinate, cell.value)
                else:
                    seen_as_text.update(t for t in HOSTILE_TEXTS if t in cell.value)
                assert cell.hyperlink is None or "evil" not in str(cell.hyperlink.target)
    assert HOSTILE_TEXTS[0] in seen_as_text  # the persona name is there, as text


def test_workbook_text_never_becomes_a_link_or_macro_in_the_deck(
    hostile_text_workbook: Path, tmp_path: Path
) -> None:
    target = tmp_path / "deck.pptx"
    code, text = run("deck", hostile_text_workbook, "-o", target, "--today", "2026-11-29")
    assert code == 0, text
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert not [n for n in names if "vba" in n.lower() or "activex" in n.lower()]
        types = archive.read("[Content_Types].xml").decode()
        assert "macroEnabled" not in types
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            xml = archive.read(name).decode("utf-8")
            assert "hlinkClick" not in xml and "hlinkMouseOver" not in xml, name
            assert 'TargetMode="External"' not in xml, name
        slides = " ".join(
            archive.read(n).decode() for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)
        )
    assert "=cmd|' /C calc'!A0" in slides.replace("&apos;", "'")  # shown, as plain text


def test_workbook_text_is_not_markup_in_drawio(hostile_text_workbook: Path, tmp_path: Path) -> None:
    """draw.io labels are HTML (html=1): markup typed in a cell must arrive escaped, as text."""
    from defusedxml import ElementTree

    target = tmp_path / "map.drawio"
    code, text = run("export", hostile_text_workbook, "--to", "drawio", "-o", target)
    assert code == 0, text
    root = ElementTree.parse(target).getroot()
    labels = [cell.get("value", "") for cell in root.iter("mxCell")]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in label for label in labels)
    assert not any("<img" in label for label in labels)


def test_workbook_text_is_not_markup_in_the_mermaid_markdown(
    hostile_text_workbook: Path, tmp_path: Path
) -> None:
    """Headings are Markdown outside code: a typed `[x](url)` or `<img>` must show as typed."""
    from mapbridge.exporters.mermaid import markdown_text

    target = tmp_path / "maps.md"
    code, text = run("export", hostile_text_workbook, "--to", "mermaid", "-o", target)
    assert code == 0, text
    outside_code = []
    in_fence = False
    for line in target.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence:
            outside_code.append(line)
    prose = "\n".join(outside_code)
    assert "<img" not in prose
    assert "&lt;img src=x onerror=alert(1)&gt;" in prose
    assert markdown_text("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    # ...and the Mermaid importer reads the escaped title back as typed.
    code, text = run("inspect", "--format", "json", target)
    assert code == 0, text
