"""One benchmark measurement in a fresh process: `python benchmarks/worker.py TASK ARGS...` prints JSON.

Each task times only its own work (imports excluded, so library start-up does not blur the
comparison) and reports the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


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
                shapes.append(("chart", shape.left, shape.top, shape.width, shape.height, (categories, series)))
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


def task_tracker(workbook: str, out: str) -> float:
    from mapbridge.exporters.tracker import write_tracker
    from mapbridge.importers.workbook import read_workbook

    workspace = read_workbook(workbook)
    start = time.perf_counter()
    write_tracker(workspace, out)
    return time.perf_counter() - start


TASKS = {
    "read": task_read,
    "calamine": task_calamine,
    "deck": task_deck,
    "naive-deck": task_naive_deck,
    "tracker": task_tracker,
}


def main() -> None:
    task, *args = sys.argv[1:]
    for arg in args:
        if arg.endswith((".pptx", ".xlsx")) and "out" in Path(arg).parts:
            Path(arg).parent.mkdir(parents=True, exist_ok=True)
    seconds = TASKS[task](*args)
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
