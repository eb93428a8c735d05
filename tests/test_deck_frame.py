"""The slide frame a template gives the deck: room clear of its graphics, its footer line, its colours; and contrast."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from mapbridge.contrast import AA_LARGE, AA_NORMAL, ratio, readable
from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.deck.template import default_template_bytes, open_template
from tests.deck_helpers import open_deck
from tests.factories import make_workspace

_NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def _rewrite(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
    return out.getvalue()


def dark_template(path) -> None:
    """The default template on a black master, with the colour map swapped as dark themes do."""

    def change(name: str, data: bytes) -> bytes:
        if name == "ppt/slideMasters/slideMaster1.xml":
            data = re.sub(
                rb"<p:bg>.*?</p:bg>",
                b'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
                b"<a:effectLst/></p:bgPr></p:bg>",
                data,
                flags=re.S,
            )
            data = data.replace(
                b'bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2"',
                b'bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"',
            )
        return data

    path.write_bytes(_rewrite(default_template_bytes(), change))


def logo_template(path, width_in: float = 10.0) -> tuple[float, float, float, float]:
    """A 4:3 template with a logo picture in the master's bottom-right corner; returns its box (pt)."""
    prs = Presentation(io.BytesIO(default_template_bytes()))
    prs.slide_width, prs.slide_height = Inches(width_in), Inches(7.5)
    image = io.BytesIO()
    Image.new("RGB", (220, 120), "#C00000").save(image, "PNG")
    image.seek(0)
    master = prs.slide_masters[0]
    _part, rel_id = master.part.get_or_add_image_part(image)
    x, y, w, h = Inches(width_in - 1.3), Inches(6.7), Inches(1.1), Inches(0.6)
    master.shapes._spTree.append(
        etree.fromstring(
            f'<p:pic xmlns:p="{_NS["p"]}" xmlns:a="{_NS["a"]}" xmlns:r="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships"><p:nvPicPr><p:cNvPr id="99" '
            f'name="Logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rel_id}"/>'
            '<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="'
            f'{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></p:spPr></p:pic>"
        )
    )
    scale = width_in / 13.333
    for source in [master, *master.slide_layouts]:
        for shape in source.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    prs.save(str(path))
    return x / 12700, y / 12700, (x + w) / 12700, (y + h) / 12700


def test_contrast_matches_wcag_reference_values():
    assert ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert ratio("FFFFFF", "FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("background", ["000000", "FFFFFF", "1F3864", "FFD966", "808080"])
@pytest.mark.parametrize("colour", ["1F2933", "6B7280", "FFD966", "1F77B4", "FFFFFF"])
def test_readable_colours_pass_aa_and_keep_passing_colours(colour, background):
    fixed = readable(colour, background)
    assert ratio(fixed, background) >= AA_NORMAL
    if ratio(colour, background) >= AA_NORMAL:
        assert fixed == colour
    assert ratio(readable(colour, background, large=True), background) >= AA_LARGE


def test_default_template_frame_keeps_the_designed_margins():
    frame = open_template(None).frame
    assert frame.background == "FFFFFF"
    assert frame.content.left == pytest.approx(28.8, abs=0.5)
    assert frame.content.right == pytest.approx(931, abs=0.5)
    assert frame.footer.top == pytest.approx(518)
    assert frame.graphics == ()


def test_dark_template_text_is_light_on_every_slide(tmp_path):
    template = tmp_path / "dark.pptx"
    dark_template(template)
    assert open_template(template).frame.background == "000000"
    deck = tmp_path / "deck.pptx"
    write_deck(make_workspace(3), deck, template=template, today=date(2026, 11, 1))
    prs = open_deck(deck)
    checked = 0
    for number, slide in enumerate(prs.slides, start=1):
        filled: list[tuple[float, float, float, float, str]] = []
        for shape in slide.shapes._spTree.iterchildren(f"{{{_NS['p']}}}sp"):
            box = [
                int(v)
                for v in shape.xpath(
                    "p:spPr/a:xfrm/a:off/@x|p:spPr/a:xfrm/a:off/@y|p:spPr/a:xfrm/a:ext/@cx|p:spPr/a:xfrm/a:ext/@cy",
                )
            ]
            fill = shape.xpath("p:spPr/a:solidFill/a:srgbClr/@val")
            if len(box) == 4 and fill:
                filled.append((*box, fill[0]))
            if fill or len(box) != 4:
                continue
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
            behind = next(
                (c for x, y, w, h, c in reversed(filled) if x <= cx <= x + w and y <= cy <= y + h),
                "000000",
            )
            for colour in shape.xpath(".//a:rPr/a:solidFill/a:srgbClr/@val"):
                checked += 1
                assert ratio(colour, behind) >= AA_LARGE, (number, colour, behind)
    assert checked > 20
    title = prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    assert ratio(str(title.font.color.rgb), "000000") >= AA_NORMAL


def test_logo_corner_is_kept_clear_and_slides_keep_their_size(tmp_path):
    template = tmp_path / "logo.pptx"
    left, top, right, bottom = logo_template(template)
    frame = open_template(template).frame
    assert [g.kind for g in frame.graphics] == ["picture"]
    deck = tmp_path / "deck.pptx"
    write_deck(make_workspace(3), deck, template=template, today=date(2026, 11, 1))
    prs = open_deck(deck)
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))
    over = []
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            x0, y0 = shape.left / 12700, shape.top / 12700
            x1, y1 = x0 + shape.width / 12700, y0 + shape.height / 12700
            if x0 < right and left < x1 and y0 < bottom and top < y1:
                over.append(f"slide {number}: {shape.name}")
            assert x1 <= 720.5 and y1 <= 540.5, f"slide {number}: {shape.name} leaves the slide"
    assert not over, over


def test_sixteen_by_nine_deck_does_not_claim_four_by_three(tmp_path):
    deck = tmp_path / "deck.pptx"
    write_deck(make_workspace(2), deck, today=date(2026, 11, 1))
    with zipfile.ZipFile(deck) as package:
        presentation = package.read("ppt/presentation.xml")
        slides = [package.read(n) for n in package.namelist() if n.startswith("ppt/slides/slide")]
    assert b'type="screen4x3"' not in presentation
    assert b"<p:notesMasterIdLst>" in presentation
    for xml in slides:
        for text in etree.fromstring(xml).iter(f"{{{_NS['a']}}}t"):
            assert "\n" not in (text.text or "")


def _master_rect(master, shape_id: int, box: tuple[float, float, float, float], fill: str) -> None:
    """A filled rectangle on the master, as LibreOffice's templates draw their backgrounds."""
    x, y, w, h = (Inches(v) for v in box)
    master.shapes._spTree.append(
        etree.fromstring(
            f'<p:sp xmlns:p="{_NS["p"]}" xmlns:a="{_NS["a"]}"><p:nvSpPr><p:cNvPr id="{shape_id}" '
            'name=""/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="'
            f'{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            f"</a:prstGeom>{fill}</p:spPr></p:sp>"
        )
    )


def test_the_topmost_covering_shape_is_the_background_and_washes_are_not_graphics(tmp_path):
    prs = Presentation(io.BytesIO(default_template_bytes()))
    master = prs.slide_masters[0]
    _master_rect(
        master, 90, (0, 0, 13.333, 7.5), '<a:solidFill><a:srgbClr val="2C3E50"/></a:solidFill>'
    )
    _master_rect(
        master, 91, (0, 0, 13.333, 5.5), '<a:solidFill><a:srgbClr val="1ABC9C"/></a:solidFill>'
    )
    _master_rect(
        master,
        92,
        (1, 1, 2, 2),
        '<a:solidFill><a:srgbClr val="FFFFFF"><a:alpha val="20000"/></a:srgbClr></a:solidFill>',
    )
    path = tmp_path / "washes.pptx"
    prs.save(str(path))
    frame = open_template(path).frame
    assert frame.background == "1ABC9C"
    assert frame.graphics == ()
    # The footer lies below the teal panel, on the dark rectangle: it must read on that.
    deck = tmp_path / "deck.pptx"
    write_deck(make_workspace(2), deck, template=path, today=date(2026, 11, 1))
    for slide in list(open_deck(deck).slides)[1:]:
        footer = next(s for s in slide.shapes if s.name.startswith("Footer ") and s.has_text_frame)
        colour = str(footer.text_frame.paragraphs[0].runs[0].font.color.rgb)
        assert ratio(colour, "2C3E50") >= AA_NORMAL, colour
