"""mapbridge benchmarks: speed and memory of start-up, reading, deck and tracker writing, portfolios, with baselines.

    python benchmarks/run.py [--quick] [--json PATH]

Every figure is the median of several runs, each in a fresh process. Ratios compare mapbridge
with a baseline measured in the same run (the machines are shared and noisy, so only ratios
within one run mean much). `--quick` measures size S and the 60-workbook portfolio only, in
seconds; CI runs it so the script keeps working. Targets are printed beside the figures;
nothing here fails on a missed target.

The synthetic workbooks carry workshop-shaped text (3-40 words a cell, list cells, channel lists);
each deck written is read back to report its slide count and the share of map cells shortened
on the slide (a cell ending in "…", a "+N" chip, or a cell listed as shortened in the notes).
The portfolio cases read a 10-persona catalogue and 60 or 200 small journey workbooks (2-3
of its personas each, a third spelling their names their own way, no Personas sheet).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import SIZES, write_portfolio, write_synthetic_workbook  # noqa: E402

WORKER = [sys.executable, str(HERE / "worker.py")]
ROWS_SAMPLE = ROOT / "samples" / "bank-account-rows.xlsx"


def _mapbridge() -> list[str]:
    found = shutil.which("mapbridge")
    return [found] if found else [sys.executable, "-m", "mapbridge"]


def wall(command: list[str], runs: int) -> float:
    """Median wall time of a whole command (start-up included)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(task: str, *args: str, runs: int) -> dict[str, float]:
    """Median seconds and peak memory of a worker task over fresh processes."""
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [*WORKER, task, *args], check=True, capture_output=True, text=True, cwd=ROOT
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
    }


def deck_stats(deck: Path) -> dict[str, int]:
    """What the map slides of a written deck show (worker `deck-stats`: read back, not timed)."""
    done = subprocess.run(
        [*WORKER, "deck-stats", str(deck)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def deck_report(size: str, stats: dict[str, int], rows: list[dict[str, object]]) -> None:
    """The deck's slide count and the share of map cells shortened on the slide (target <= 5%)."""
    cells, cut = stats["map_cells"], stats["shortened_cells"]
    share = cut / cells if cells else 0.0
    ok = share <= 0.05
    rows.append(
        {
            "measure": f"deck {size} slides",
            "value": stats["slides"],
            "map_slides": stats["map_slides"],
            "continued_lane_slides": stats["continued_lane_slides"],
        }
    )
    rows.append(
        {
            "measure": f"deck {size} map cells shortened",
            "value": cut,
            "of": cells,
            "share": round(share, 4),
            "shown_with_ellipsis_or_more_chip": stats["shortened_visible"],
            "target": "<= 5%",
            "met": ok,
        }
    )
    print(
        f"{f'deck {size}: slides (map slides, lane slides)':<44} {stats['slides']:>8}   "
        f"({stats['map_slides']} map, {stats['continued_lane_slides']} continuing lanes)"
    )
    print(
        f"{f'deck {size}: map cells shortened':<44} {cut:>8} of {cells:,} = {share:.1%}  <= 5%"
        f"{'  ok' if ok else '  MISSED'}",
        flush=True,
    )


#: Journey workbooks in the portfolio cases (over a catalogue of ten personas); --quick: the first.
PORTFOLIOS = [60, 200]
#: Seconds a portfolio may take per journey workbook read.
PER_WORKBOOK_TARGET = 0.2


def portfolio_report(
    tmp: Path, counts: list[int], runs: int, heavy_runs: int, cli: bool, row, rows
) -> None:
    """Read portfolios of a 10-persona catalogue and `counts` journey workbooks (as `mapbridge
    inspect catalogue.xlsx journeys/` does, in a worker: reading processes, merge) against one
    journey workbook read alone in the same run; with `cli`, `mapbridge check` of each in wall time
    too (start-up and every map-health rule included)."""
    per_workbook: dict[int, float] = {}
    folders = {}
    for count in counts:
        catalogue, journeys, cells = write_portfolio(tmp / f"portfolio-{count}", count)
        folders[count] = (catalogue, journeys, cells)
    one = sorted(folders[counts[0]][1].glob("*.xlsx"))[0]
    single = measure("inspect", str(one), runs=runs)
    row("baseline: read one journey workbook", single["seconds"], single["peak_mb"])
    for count in counts:
        catalogue, journeys, cells = folders[count]
        read = measure(
            "inspect", str(catalogue), str(journeys), runs=heavy_runs if count > counts[0] else runs
        )
        per_workbook[count] = read["seconds"] / count
        row(
            f"read portfolio {count} ({count + 1} files, {cells:,} cells)",
            read["seconds"],
            read["peak_mb"],
        )
        row(
            f"portfolio {count}: s per workbook",
            per_workbook[count],
            baseline=single["seconds"],
            target=f"<= {PER_WORKBOOK_TARGET} s",
            ok=per_workbook[count] <= PER_WORKBOOK_TARGET,
        )
    if len(counts) > 1:
        small, large = counts[0], counts[-1]
        growth = per_workbook[large] / per_workbook[small]
        name = f"portfolio s per workbook, {large} / {small}"
        rows.append(
            {"measure": name, "ratio": round(growth, 3), "target": "<= 1.3x", "met": growth <= 1.3}
        )
        print(
            f"{name:<44} {'':>10} {'':>10} {growth:6.2f}x  <= 1.3x{'  ok' if growth <= 1.3 else '  MISSED'}"
        )
    if not cli:
        return
    check_one = wall([*_mapbridge(), "check", str(one)], runs)
    row("baseline: `mapbridge check` one workbook", check_one)
    for count in counts:
        catalogue, journeys, _cells = folders[count]
        seconds = wall([*_mapbridge(), "check", str(catalogue), str(journeys)], heavy_runs) / count
        row(
            f"`mapbridge check` {count}: s per workbook",
            seconds,
            baseline=check_one,
            target=f"<= {PER_WORKBOOK_TARGET} s",
            ok=seconds <= PER_WORKBOOK_TARGET,
        )


def has_module(name: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, cwd=ROOT)
    return probe.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="size S and portfolio 60 only, few runs (for CI)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "out" / "benchmarks.json",
        help="where to write the table",
    )
    options = parser.parse_args()
    sizes = ["S"] if options.quick else ["S", "L", "XL"]
    runs = 3 if options.quick else 5
    heavy_runs = 1 if options.quick else 3
    rows: list[dict[str, object]] = []

    def row(
        name: str,
        seconds: float,
        peak: float | None = None,
        baseline: float | None = None,
        target: str = "",
        ok: bool | None = None,
    ) -> None:
        ratio = seconds / baseline if baseline else None
        rows.append(
            {
                "measure": name,
                "seconds": round(seconds, 4),
                "peak_mb": round(peak, 1) if peak else None,
                "ratio": round(ratio, 3) if ratio else None,
                "target": target,
                "met": ok,
            }
        )
        shown_ratio = f"{ratio:6.2f}x" if ratio else "       "
        shown_peak = f"{peak:7.1f} MB" if peak else "          "
        verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(
            f"{name:<44} {seconds:8.3f} s {shown_peak} {shown_ratio}  {target}{verdict}", flush=True
        )

    print(
        f"mapbridge benchmarks on {platform.node()} ({platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}), sizes: {', '.join(sizes)}"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        click_start = wall([sys.executable, "-c", "import click"], runs * 2)
        help_start = wall([*_mapbridge(), "--help"], runs * 2)
        row("baseline: python -c 'import click'", click_start)
        row(
            "start-up: mapbridge --help",
            help_start,
            baseline=click_start,
            target="<= 1.5x",
            ok=help_start <= 1.5 * click_start,
        )

        build_ok = (
            subprocess.run(
                [*_mapbridge(), "build", "--help"], capture_output=True, cwd=ROOT
            ).returncode
            == 0
        )
        if build_ok:
            build = wall(
                [*_mapbridge(), "build", str(ROWS_SAMPLE), "-o", str(tmp / "build")], heavy_runs
            )
            row(
                "build rows sample (deck, tracker, checks)", build, target="< 1.0 s", ok=build < 1.0
            )

        workbooks: dict[str, tuple[Path, int]] = {}
        for size in sizes:
            personas, stages, lanes = SIZES[size]
            path = tmp / f"{size}.xlsx"
            cells = write_synthetic_workbook(path, personas, stages, lanes)
            workbooks[size] = (path, cells)

        per_cell: dict[str, float] = {}
        for size in sizes:
            path, cells = workbooks[size]
            raw = measure("calamine", str(path), runs=heavy_runs if size != "S" else runs)
            read = measure("read", str(path), runs=heavy_runs if size != "S" else runs)
            per_cell[size] = read["seconds"] / cells
            row(
                f"baseline: calamine raw read {size} ({cells:,} cells)",
                raw["seconds"],
                raw["peak_mb"],
            )
            target, ok = "", None
            if size == "XL":
                target = "<= 2x, < 400 MB"
                ok = read["seconds"] <= 2 * raw["seconds"] and read["peak_mb"] < 400
            row(
                f"read {size} into the model",
                read["seconds"],
                read["peak_mb"],
                baseline=raw["seconds"],
                target=target,
                ok=ok,
            )
        if "L" in per_cell and "XL" in per_cell:
            growth = per_cell["XL"] / per_cell["L"]
            rows.append(
                {
                    "measure": "read cost per cell, XL / L",
                    "ratio": round(growth, 3),
                    "target": "<= 1.3x",
                    "met": growth <= 1.3,
                }
            )
            print(
                f"{'read cost per cell, XL / L':<44} {'':>10} {'':>10} {growth:6.2f}x  <= 1.3x"
                f"{'  ok' if growth <= 1.3 else '  MISSED'}"
            )

        if has_module("mapbridge.exporters.deck"):
            for size in [s for s in sizes if s in ("S", "L")]:
                path, _cells = workbooks[size]
                deck_path = tmp / f"{size}.pptx"
                deck = measure(
                    "deck", str(path), str(deck_path), runs=heavy_runs if size == "L" else runs
                )
                naive = measure(
                    "naive-deck", str(deck_path), str(tmp / f"{size}-naive.pptx"), runs=heavy_runs
                )
                row(f"baseline: naive python-pptx deck {size}", naive["seconds"], naive["peak_mb"])
                target, ok = "", None
                if size == "L":
                    target = "<= 0.3x, < 500 MB"
                    ok = deck["seconds"] <= 0.3 * naive["seconds"] and deck["peak_mb"] < 500
                row(
                    f"write deck {size}",
                    deck["seconds"],
                    deck["peak_mb"],
                    baseline=naive["seconds"],
                    target=target,
                    ok=ok,
                )
                deck_report(size, deck_stats(deck_path), rows)
        if has_module("mapbridge.exporters.tracker") and "L" in workbooks:
            path, _cells = workbooks["L"]
            tracker = measure("tracker", str(path), str(tmp / "L-tracker.xlsx"), runs=heavy_runs)
            row(
                "write tracker L",
                tracker["seconds"],
                tracker["peak_mb"],
                target="< 2 s",
                ok=tracker["seconds"] < 2,
            )
        if has_module("mapbridge.portfolio"):
            counts = PORTFOLIOS[:1] if options.quick else PORTFOLIOS
            portfolio_report(tmp, counts, runs, heavy_runs, not options.quick, row, rows)

    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(
        json.dumps(
            {
                "machine": platform.node(),
                "python": platform.python_version(),
                "quick": options.quick,
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"wrote {options.json}")


if __name__ == "__main__":
    main()
