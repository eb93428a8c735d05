"""Slides and notes pages made from a template of the deck's first one, instead of by python-pptx.

python-pptx builds every slide by cloning the layout's placeholders one lookup at a time, and
every notes page by cloning the notes master's; in a deck of hundreds of slides that is a large
share of the writing time. The first slide of each layout, and the first notes page, are made
by python-pptx as usual; their XML is kept and the later ones are parsed from it (slides) or
written from it as text (notes pages, which nothing edits afterwards). The result is the same XML.
"""

from __future__ import annotations

import re
import weakref
from copy import deepcopy

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import SlidePart

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_MARK = "MAPBRIDGE-NOTES-TEXT"
_MARK_XML = f"<!--{_MARK}-->".encode()

#: Per presentation: the bytes before and after a notes page's paragraphs (None: no notes
#: placeholder to fill, so python-pptx does every page).
_NOTES_TEMPLATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MISSING = object()

# python-pptx writes control characters (other than tab and newline) as "_xHHHH_".
_CTRL = re.compile("[\x00-\x08\x0b-\x1f]")
# Characters XML cannot hold at all (lxml refuses them).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _run_text(text: str) -> str:
    text = _CTRL.sub(lambda m: f"_x{ord(m.group()):04X}_", _NOT_XML.sub("", text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notes_paragraphs(text: str) -> str:
    """The `a:p` elements python-pptx writes for `text_frame.text = text`, as XML text."""
    paragraphs = []
    for line in text.split("\n"):
        inner = []
        for k, piece in enumerate(line.split("\v")):
            if k:
                inner.append("<a:br/>")
            if piece:
                inner.append(f"<a:r><a:t>{_run_text(piece)}</a:t></a:r>")
        paragraphs.append(f"<a:p>{''.join(inner)}</a:p>" if inner else "<a:p/>")
    return "".join(paragraphs)


def _notes_template(notes_slide) -> tuple[bytes, bytes] | None:
    """A fresh notes page's XML split where its notes paragraphs go."""
    placeholder = notes_slide.notes_placeholder
    if placeholder is None:
        return None
    element = notes_slide._element
    body = placeholder._element.txBody
    steps = []  # child positions from the root down to the text body
    node = body
    while node is not element:
        parent = node.getparent()
        steps.append(parent.index(node))
        node = parent
    copy = deepcopy(element)
    copy_body = copy
    for position in reversed(steps):
        copy_body = copy_body[position]
    for paragraph in copy_body.findall(f"{{{_A}}}p"):
        copy_body.remove(paragraph)
    copy_body.append(etree.Comment(_MARK))
    xml = etree.tostring(copy, encoding="UTF-8", standalone=True)
    if xml.count(_MARK_XML) != 1:
        return None
    head, tail = xml.split(_MARK_XML)
    return head, tail


def set_notes_text(slide, text: str) -> None:
    """Give `slide` a notes page holding `text` (which python-pptx would split into paragraphs)."""
    slide_part = slide.part
    package = slide_part.package
    template = _NOTES_TEMPLATES.get(package, _MISSING)
    if template is _MISSING:
        notes_slide = slide.notes_slide
        _NOTES_TEMPLATES[package] = _notes_template(notes_slide)
        notes_slide.notes_text_frame.text = text
        return
    if template is None:
        slide.notes_slide.notes_text_frame.text = text
        return
    head, tail = template
    notes_part = Part(
        package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
        CT.PML_NOTES_SLIDE,
        package,
        head + notes_paragraphs(text).encode("utf-8") + tail,
    )
    notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
    notes_part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(notes_part, RT.NOTES_SLIDE)


class SlideMaker:
    """Adds slides to a presentation, from a kept copy of the first slide made on each layout."""

    def __init__(self, prs) -> None:
        self.prs = prs
        self._templates: dict[tuple[int, str], bytes] = {}
        self._next_slide_id: int | None = None

    def add(self, layout, key: str, prepare) -> object:
        """A new slide on `layout`; `prepare(slide)` tidies the first one of each `key`
        (e.g. drops placeholders), and later ones start as that tidied copy."""
        template_key = (id(layout), key)
        template = self._templates.get(template_key)
        if template is None:
            slide = self.prs.slides.add_slide(layout)
            prepare(slide)
            self._templates[template_key] = etree.tostring(slide._element)
            self._next_slide_id = None
            return slide
        prs_part = self.prs.part
        id_list = prs_part._element.get_or_add_sldIdLst()
        partname = PackURI(f"/ppt/slides/slide{len(id_list) + 1}.xml")
        slide_part = SlidePart(partname, CT.PML_SLIDE, prs_part.package, parse_xml(template))
        slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # A new part has no relationship yet: add one without python-pptx's scan of every
        # existing relationship for a match (n² over a deck of n slides).
        rel_id = prs_part.rels._add_relationship(RT.SLIDE, slide_part)
        if self._next_slide_id is None:
            self._next_slide_id = id_list._next_id
        id_list._add_sldId(id=self._next_slide_id, rId=rel_id)
        self._next_slide_id += 1
        return slide_part.slide


def list_notes_master(prs) -> None:
    """Name the notes master in the presentation's `notesMasterIdLst`.

    python-pptx relates a notes master to the presentation when the first notes page is made
    but does not list it; PowerPoint expects the list (ECMA-376 Part 1, 19.2.1.24).
    """
    from pptx.oxml.ns import qn

    presentation = prs.part._element
    rel_id = next((r.rId for r in prs.part.rels.values() if r.reltype == RT.NOTES_MASTER), None)
    if rel_id is None or presentation.find(qn("p:notesMasterIdLst")) is not None:
        return
    listed = presentation.makeelement(qn("p:notesMasterIdLst"), {})
    entry = listed.makeelement(qn("p:notesMasterId"), {qn("r:id"): rel_id})
    listed.append(entry)
    masters = presentation.find(qn("p:sldMasterIdLst"))
    masters.addnext(listed)
