"""Decks on a user's template: its master and theme are used, its own slides removed, bad templates refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation

from mapbridge.errors import UsageError
from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.template import open_template
from tests.deck_helpers import charts, open_deck, slide_text
from tests.factories import make_workspace

LIBREOFFICE_TEMPLATE = Path(__file__).parent / "data" / "libreoffice-template.pptx"


def test_default_template_ships_with_the_package():
    template = open_template(None)
    assert {role: layout.name for role, layout in template.layouts.items()} == {
        "title": "Title Slide",
        "content": "Title Only",
    }
    assert round(template.width_pt) == 960 and round(template.height_pt) == 540
    assert len(template.prs.slides) == 0


def test_a_libreoffice_saved_template_is_used(tmp_path):
    ws = make_workspace(3)
    result = write_deck(
        ws, tmp_path / "corp.pptx", template=LIBREOFFICE_TEMPLATE, today=date(2026, 11, 1)
    )
    prs = open_deck(tmp_path / "corp.pptx")
    # The template's own example slide is gone; every slide comes from the workspace.
    everything = " ".join(slide_text(s) for s in prs.slides)
    assert "Example slide from the corporate template" not in everything
    assert len(prs.slides) == len(result.slides)
    # Layouts found by name; the title goes in the title placeholder (found by type).
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert prs.slides[2].slide_layout.name == "Title Only"
    assert prs.slides[2].shapes.title.text == ws.personas[0].name
    # Persona colours come from the template's theme accents.
    layered = prs.slides[[s.kind for s in result.slides].index("layered")]
    colours = [str(s.format.line.color.rgb) for s in charts(layered)[0].plots[0].series]
    assert colours == ["4F81BD", "C0504D", "9BBB59"]


def _template_without_title_layouts(path: Path) -> Path:
    prs = Presentation()
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        if layout.name != "Blank":
            master.slide_layouts.remove(layout)
    prs.save(path)
    return path


def test_a_template_without_usable_layouts_lists_the_ones_it_has(tmp_path):
    template = _template_without_title_layouts(tmp_path / "bare.pptx")
    with pytest.raises(UsageError) as error:
        write_deck(make_workspace(2), tmp_path / "deck.pptx", template=template)
    message = str(error.value)
    assert "bare.pptx" in message and 'its layouts are: "Blank"' in message
    assert not (tmp_path / "deck.pptx").exists()


def test_a_template_with_a_dtd_is_refused_before_parsing(tmp_path):
    source = io.BytesIO(LIBREOFFICE_TEMPLATE.read_bytes())
    target = tmp_path / "evil.pptx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as evil:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "ppt/presentation.xml":
                data = data.replace(
                    b"?>",
                    b'?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                    1,
                )
            evil.writestr(item, data)
    with pytest.raises(UsageError) as error:
        write_deck(make_workspace(2), tmp_path / "deck.pptx", template=target)
    assert "unsafe" in str(error.value) and "ppt/presentation.xml" in str(error.value)


def test_a_file_that_is_not_a_presentation_is_refused(tmp_path):
    bogus = tmp_path / "notes.pptx"
    bogus.write_text("not a deck")
    with pytest.raises(UsageError) as error:
        write_deck(make_workspace(2), tmp_path / "deck.pptx", template=bogus)
    assert "not a PowerPoint file" in str(error.value)


def test_a_potx_template_is_accepted(tmp_path):
    potx = tmp_path / "corp.potx"
    with zipfile.ZipFile(LIBREOFFICE_TEMPLATE) as original, zipfile.ZipFile(potx, "w") as out:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            out.writestr(item, data)
    result = write_deck(make_workspace(2), tmp_path / "deck.pptx", template=potx)
    assert result.count("map") == 2
