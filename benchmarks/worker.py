"""One benchmark measurement in a fresh process: `python benchmarks/worker.py TASK ARGS...` prints JSON.

Each task times only its own work (imports excluded, so library start-up does not blur the
comparison) and reports the process's peak resident memory.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """Peak resident memory of this process or of the largest of its finished children (the
    processes that read a portfolio's workbooks)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def task_read(workbook: str) -> float:
    from mapbridge.importers.workbook import read_workbook

    start = time.perf_counter()
    read_workbook(workbook)
    return time.perf_counter() - start


def task_calamine(workbook: str, sheet: str = "Journey rows") -> float:
    import python_calamine

    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(workbook)
    book.get_sheet_by_name(sheet).to_python()
    book.close()
    return time.perf_counter() - start


def task_deck(workbook: str, out: str) -> float:
    from mapbridge.exporters.deck import write_deck
    from mapbridge.importers.workbook import read_workbook

    workspace = read_workbook(workbook)
    start = time.perf_counter()
    write_deck(workspace, out)
    return time.perf_counter() - start


def task_naive_deck(reference_deck: str, out: str) -> float:
    """Rebuild the same slides and shapes the obvious way: one python-pptx add_shape per shape."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.shapes import MSO_SHAPE

    reference = Presentation(reference_deck)
    plan = []
    for slide in reference.slides:
        shapes = []
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                series = [(s.name, list(s.values)) for s in chart.plots[0].series]
                categories = list(chart.plots[0].categories)
                shapes.append(
                    (
                        "chart",
                        shape.left,
                        shape.top,
                        shape.width,
                        shape.height,
                        (categories, series),
                    )
                )
            else:
                text = shape.text_frame.text if shape.has_text_frame else ""
                shapes.append(("shape", shape.left, shape.top, shape.width, shape.height, text))
        plan.append(shapes)
    start = time.perf_counter()
    deck = Presentation()
    deck.slide_width, deck.slide_height = reference.slide_width, reference.slide_height
    layout = deck.slide_layouts[6]
    from pptx.enum.chart import XL_CHART_TYPE

    for shapes in plan:
        slide = deck.slides.add_slide(layout)
        for kind, left, top, width, height, payload in shapes:
            left, top, width, height = left or 0, top or 0, width or 1, height or 1
            if kind == "chart":
                categories, series = payload
                data = CategoryChartData()
                data.categories = categories
                for name, values in series:
                    data.add_series(name, values)
                slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data)
            else:
                box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
                box.text_frame.text = payload
    deck.save(out)
    return time.perf_counter() - start


_SHORTENED_HEADING = "Shortened on the slide (full text):"
#: A shortened-text line in the notes: "• Stage 03 · Pain points (Journey rows!H5): full text".
_SHORTENED_LINE = re.compile(r"^• (.+?)(?: \([^()]*![^()]*\))?: ")
_MORE_CHIP = re.compile(r"^\+\d+$")


def _shortened_in_notes(notes: str) -> set[str]:
    """The cells ("column · lane") a slide's notes list as shortened on the slide."""
    found: set[str] = set()
    lines = notes.splitlines()
    if _SHORTENED_HEADING not in lines:
        return found
    for line in lines[lines.index(_SHORTENED_HEADING) + 1 :]:
        if not line.strip():
            break
        match = _SHORTENED_LINE.match(line)
        if match:
            found.add(match.group(1))
    return found


def deck_stats(deck_path: str) -> dict[str, object]:
    """What a reader sees of the cells on the per-persona map slides of a written deck.

    Cells are the "Cell <lane>" shapes plus the touchpoint cells (their "Tag <lane>" pills grouped
    by stage column). A cell counts as shortened when its shape's text ends in "…", its pills
    end in "…" or show a "+N" chip, or the slide's notes list it under "Shortened on the slide";
    per slide the larger of what the shapes show and what the notes list is counted.
    """
    from pptx import Presentation

    deck = Presentation(deck_path)
    slides = map_slides = cells = shortened = visible = 0
    lane_pages = 0
    for slide in deck.slides:
        slides += 1
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        heading = notes.split("\n", 1)[0]
        if ": journey map, " not in heading:
            continue
        map_slides += 1
        lane_pages += " · lanes " in heading and " · lanes 1 of " not in heading
        shapes = list(slide.shapes)
        # Stage columns: the step boxes when the map has steps, else the stage headers.
        columns = [s for s in shapes if s.name.startswith("Step ")] or [
            s for s in shapes if s.name.startswith("Stage ")
        ]
        spans = sorted((s.left, s.left + s.width) for s in columns)
        tag_cells: dict[tuple[str, int], bool] = {}
        cut_here = 0
        for shape in shapes:
            if shape.name.startswith("Cell "):
                cells += 1
                cut_here += shape.text_frame.text.rstrip().endswith("…")
            elif shape.name.startswith("Tag "):
                centre = shape.left + shape.width // 2
                column = next((i for i, (a, b) in enumerate(spans) if a <= centre <= b), -1)
                text = shape.text_frame.text.strip()
                cut = text.endswith("…") or bool(_MORE_CHIP.match(text))
                key = (shape.name.rsplit(" ", 1)[0], column)  # names end in the shape id
                tag_cells[key] = tag_cells.get(key, False) or cut
        cells += len(tag_cells)
        cut_here += sum(tag_cells.values())
        visible += cut_here
        shortened += max(cut_here, len(_shortened_in_notes(notes)))
    return {
        "slides": slides,
        "map_slides": map_slides,
        "continued_lane_slides": lane_pages,
        "map_cells": cells,
        "shortened_cells": shortened,
        "shortened_visible": visible,
    }


def task_tracker(workbook: str, out: str) -> float:
    from mapbridge.exporters.tracker import write_tracker
    from mapbridge.importers.workbook import read_workbook

    workspace = read_workbook(workbook)
    start = time.perf_counter()
    write_tracker(workspace, out)
    return time.perf_counter() - start


def task_inspect(*inputs: str) -> float:
    """`mapbridge.workflow.inspect` of one input or of a portfolio (several files and folders).

    openpyxl is imported before the clock starts, as for every other task: the portfolio's
    reading processes are forked from this one and inherit it, so one workbook and many are
    timed alike."""
    from mapbridge import workflow
    from mapbridge.importers.workbook import read_workbook  # noqa: F401 - loads openpyxl

    start = time.perf_counter()
    workflow.inspect(list(inputs))
    return time.perf_counter() - start


TASKS = {
    "read": task_read,
    "calamine": task_calamine,
    "deck": task_deck,
    "naive-deck": task_naive_deck,
    "tracker": task_tracker,
    "inspect": task_inspect,
}


def main() -> None:
    task, *args = sys.argv[1:]
    if task == "deck-stats":
        # Not timed: reads a written deck back and reports what its map slides show.
        print(json.dumps(deck_stats(*args)))
        return
    for arg in args:
        if arg.endswith((".pptx", ".xlsx")) and "out" in Path(arg).parts:
            Path(arg).parent.mkdir(parents=True, exist_ok=True)
    seconds = TASKS[task](*args)
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
