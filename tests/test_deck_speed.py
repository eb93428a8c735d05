"""The deck's fast paths write what the slow ones did: line counts, row sizes, notes, chart data,
and odd characters in names; progress is reported to the caller and never printed off a terminal."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from mapbridge.cli import cli
from mapbridge.exporters.deck import fit, write_deck
from mapbridge.exporters.deck.chart import chart_workbook
from mapbridge.exporters.deck.fonts import load_font_set
from mapbridge.exporters.deck.parts import notes_paragraphs
from mapbridge.model import Lane
from tests.deck_helpers import notes_text, open_deck, slide_text
from tests.factories import make_workspace

TEXTS = [
    "",
    "Short",
    "  leading spaces then words that wrap over several lines of a narrow box",
    "Supercalifragilisticexpialidociousandthensomemoreletterswithoutanyspace at all",
    "First line\nsecond line that is a little longer\n\nafter an empty one",
    "“Quoted” text with an ellipsis… and a dash — and slashes/between/words",
    "申请开户需要提供身份证明和地址证明，整个过程大约需要十五分钟。",
    "Mixed English 和中文 text with emoji 😀😀 and カタカナ",
    "tabs\tand\u200bzero width",
]


@pytest.mark.parametrize("text", TEXTS)
def test_line_count_matches_the_wrapped_lines(text):
    fonts = load_font_set("Calibri")
    for size in (8.0, 9.5, 11.0, 14.0):
        for width in (20.0, 60.0, 140.0, 400.0):
            for style in (fit.PLAIN, fit.TextStyle(bold=True), fit.TextStyle(italic=True)):
                expected = len(fit.wrap(text, fonts, size, width, style))
                assert fit.line_count(text, fonts, size, width, style) == expected
    fonts.fit_cache.clear()


@pytest.mark.parametrize("text", TEXTS[1:])
def test_shortened_text_fits_its_lines(text):
    fonts = load_font_set("Calibri")
    for max_lines in (1, 2, 3):
        short = fit.shorten_to_lines(text, fonts, 9.0, 80.0, max_lines)
        assert len(fit.wrap(short, fonts, 9.0, 80.0)) <= max_lines
        assert short == text or short.endswith(fit.ELLIPSIS)
    fonts.fit_cache.clear()


def _shorten_the_plain_way(text, fonts, size, width, max_lines):
    """shorten_to_lines as first written: wrap every candidate in full."""
    if len(fit.wrap(text, fonts, size, width)) <= max_lines:
        return text
    flat = " ".join(text.split())
    low, high = 0, len(flat)
    while low < high:
        mid = (low + high + 1) // 2
        if len(fit.wrap(fit._cut(flat, mid), fonts, size, width)) <= max_lines:
            low = mid
        else:
            high = mid - 1
    return fit._cut(flat, low) if low > 0 else fit.ELLIPSIS


@pytest.mark.parametrize("text", TEXTS[1:])
def test_shortening_measures_like_wrapping_every_candidate(text):
    fonts = load_font_set("Calibri")
    for size in (8.0, 11.0):
        for width in (15.0, 45.0, 120.0):
            for max_lines in (1, 2, 4):
                expected = _shorten_the_plain_way(text, fonts, size, width, max_lines)
                assert fit.shorten_to_lines(text, fonts, size, width, max_lines) == expected
    fonts.fit_cache.clear()


def test_row_sizes_are_the_largest_that_fit(tmp_path):
    """plan_rows' binary search picks the size a top-down search would."""
    from mapbridge.exporters.deck import lanes, style
    from mapbridge.exporters.deck.context import DeckContext
    from mapbridge.exporters.deck.grid import EntryIndex, map_columns
    from mapbridge.exporters.deck.template import open_template

    workspace = make_workspace(4)
    journey = workspace.journeys[0]
    opened = open_template(None)
    fonts = load_font_set(opened.body_font)
    ctx = DeckContext(opened, fonts, fonts, workspace, {}, date(2026, 11, 1), "")
    columns = map_columns(journey)
    index = EntryIndex(journey)
    rows_base = [
        (lane, style.lane_style(lane.kind), [index.at(c, lane.id) for c in columns])
        for lane in journey.lanes
        if lane.kind != "emotion"
    ]
    for available in (120.0, 200.0, 260.0, 320.0, 400.0, 900.0):
        rows = [lanes.Row(lane, look, cells) for lane, look, cells in rows_base]
        lanes.plan_rows(ctx, rows, 90.0, available)
        room = available - style.GUTTER * (len(rows) - 1)
        expected = None
        size = style.CELL_MAX
        while size >= fit.MIN_SIZE:
            if sum(lanes._row_needs(ctx, rows, 90.0, size)) <= room:
                expected = size
                break
            size -= 0.5
        if expected is not None:
            text_rows = [r for r in rows if not r.look.tags]
            assert all(r.size == expected for r in text_rows), (available, expected)
    fonts.fit_cache.clear()


NOTES = [
    "Plain notes",
    "Two\nlines",
    "Blank\n\nline between",
    "Line\vbreak inside a paragraph",
    "Escapes & < > \" ' and a bell \x07 and a carriage return \r here",
    "Unicode: café, 中文, 😀, Ω",
    "",
    "\n",
]


@pytest.mark.parametrize("text", NOTES)
def test_notes_paragraphs_are_what_python_pptx_writes(text):
    from lxml import etree

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.notes_slide.notes_text_frame
    frame.text = text
    expected = b"".join(
        etree.tostring(p, method="c14n", exclusive=True)
        for p in frame._txBody.findall(f"{{{_A}}}p")
    )
    wrapped = f'<x xmlns:a="{_A}">{notes_paragraphs(text)}</x>'  # same prefix, declared once
    ours = b"".join(
        etree.tostring(p, method="c14n", exclusive=True) for p in etree.fromstring(wrapped.encode())
    )
    assert ours == expected


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_chart_workbook_holds_the_chart_data():
    blob = chart_workbook(
        ["Discover", "Apply & pay", "Use <it>"],
        [("Ana (persona)", [0.5, None, -1.0]), ("Ben", [0.25, 1.0, 0.0])],
        "0.00",
    )
    book = load_workbook(io.BytesIO(blob))
    sheet = book.worksheets[0]
    assert sheet.title == "Sheet1"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "Ana (persona)", "Ben"],
        ["Discover", 0.5, 0.25],
        ["Apply & pay", None, 1],
        ["Use <it>", -1, 0],
    ]
    assert sheet["B2"].number_format == "0.00"


def test_deck_charts_embed_a_workbook_with_their_values(tmp_path):
    target = tmp_path / "deck.pptx"
    write_deck(make_workspace(2), target, layout="per-persona", today=date(2026, 11, 1))
    with zipfile.ZipFile(target) as package:
        embedded = [n for n in package.namelist() if n.startswith("ppt/embeddings/")]
        assert embedded
        book = load_workbook(io.BytesIO(package.read(embedded[0])))
    values = [row[1].value for row in book.worksheets[0].iter_rows(min_row=2)]
    assert values == [0.5, 0, -0.5, -1, 0.5, 1]


def test_quotes_and_ampersands_in_names_stay_well_formed(tmp_path):
    workspace = make_workspace(2)
    for journey in workspace.journeys:
        journey.lanes[0] = Lane(id="actions", name='Say "hi" & <go>', kind="actions")
    target = tmp_path / "odd.pptx"
    write_deck(workspace, target, today=date(2026, 11, 1))
    prs = open_deck(target)
    texts = "\n".join(slide_text(s) for s in prs.slides)
    assert 'Say "hi" & <go>' in texts
    names = [shape.name for s in prs.slides for shape in s.shapes]
    assert any(n.startswith('Lane Say "hi" & <go>') for n in names)
    assert all(notes_text(s) for s in prs.slides)


def test_progress_is_reported_in_steps_up_to_the_total(tmp_path, capsys):
    calls: list[tuple[int, int]] = []
    write_deck(
        make_workspace(3),
        tmp_path / "deck.pptx",
        findings=[],
        today=date(2026, 11, 1),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls
    totals = {total for _done, total in calls}
    assert len(totals) == 1
    done = [d for d, _t in calls]
    assert done == sorted(done)
    assert done[-1] == totals.pop()
    captured = capsys.readouterr()  # the library itself never prints
    assert captured.out == "" and captured.err == ""


def test_no_progress_bar_off_a_terminal(runner, tmp_path, monkeypatch, capsys):
    from mapbridge.cli import common

    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    workbook = _sample_workbook(tmp_path)
    result = runner.invoke(cli, ["deck", str(workbook), "-o", str(tmp_path / "d.pptx")])
    assert result.exit_code == 0, result.output
    assert "Writing" not in result.output
    assert "Writing" not in result.stderr
    assert "%" not in result.stderr
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_on_a_terminal(runner, tmp_path, monkeypatch):
    from mapbridge.cli import common

    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(common, "stderr_is_terminal", lambda: True)
    workbook = _sample_workbook(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Writing {workbook.stem}.pptx" in result.stderr
    assert "Writing" not in result.stdout


def _sample_workbook(tmp_path):
    from tests.deck_helpers import ROWS_SAMPLE

    return ROWS_SAMPLE
