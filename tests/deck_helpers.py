"""Reading a written deck back the way a user sees it: slide text, notes, shapes, charts."""

from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROWS_SAMPLE = SAMPLES / "bank-account-rows.xlsx"
GRID_SAMPLE = SAMPLES / "home-insurance-grid.xlsx"


def open_deck(path):
    return Presentation(str(path))


def shape_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def slide_text(slide) -> str:
    return "\n".join(shape_texts(slide))


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def flat(text: str) -> str:
    """Text compared loosely: quotes, bullets and line breaks do not matter."""
    text = text.replace("“", "").replace("”", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def named(slide, prefix: str) -> list:
    """Shapes whose name starts with `prefix` ("Stage ", "Cell Pain points"), left to right."""
    found = [s for s in slide.shapes if s.name.startswith(prefix)]
    return sorted(found, key=lambda s: (s.left, s.top))
