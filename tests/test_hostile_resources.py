"""Hostile workbooks are refused quickly and in little memory, measured in a fresh process.

The issue asks for "under 2 seconds and 200 MB". Timing assertions are flaky on a shared CI
machine, so the measured numbers are printed (run with -s to see them) and only generous
bounds are asserted: 10 s per file, and the peak resident memory of the whole process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.hostile.corpus import CASES, Case

MEASURE = r"""
import json, resource, sys, time, tracemalloc
from mapbridge.api import read_input
from mapbridge.errors import MapbridgeError

# tracemalloc's own bookkeeping inflates the resident size, so it is off when RSS is the point.
trace = sys.argv[1] == "trace"
results = []
for path in sys.argv[2:]:
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        read_input(path)
        outcome = "read"
    except MapbridgeError as exc:
        outcome = exc.problems[0].code
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    results.append({"file": path, "outcome": outcome, "seconds": seconds, "python_peak_mb": peak / 2**20})
# VmHWM is this program's own peak; ru_maxrss would include the parent's, inherited at fork.
try:
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    rss_mb = int(line.split()[1]) / 1024
except (OSError, StopIteration):
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"results": results, "max_rss_mb": rss_mb}))
"""

UNSAFE = [c for c in CASES if c.unsafe]
#: Large but legitimate files that must not be slow either.
LARGE = [c for c in CASES if c.id in ("million-formatted-rows", "16384-columns")]


def measure(cases: list[Case], folder: Path, *, trace: bool = True) -> dict:
    paths = [str(c.build(c.path_in(folder))) for c in cases]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "trace" if trace else "no-trace", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(done.stdout)
    for row in data["results"]:
        print(
            f"{Path(row['file']).name:45} {row['outcome']:6} {row['seconds']:6.2f} s "
            f"{row['python_peak_mb']:7.1f} MB (Python peak)"
        )
    print(f"peak resident memory of the process: {data['max_rss_mb']:.0f} MB")
    return data


def test_hostile_files_are_refused_fast_and_small(tmp_path: Path) -> None:
    data = measure(UNSAFE, tmp_path)
    expected = {str(c.path_in(tmp_path)): c.code for c in UNSAFE}
    for row in data["results"]:
        assert row["outcome"] == expected[row["file"]]
        assert row["seconds"] < 10, row
        assert row["python_peak_mb"] < 200, row
    assert data["max_rss_mb"] < 200


def test_slow_large_legitimate_files_are_read_without_huge_grids(tmp_path: Path) -> None:
    """SLOW (about 5 s): a million formatted rows, and a value in column XFD, read in bounds."""
    data = measure(LARGE, tmp_path, trace=False)
    for row in data["results"]:
        assert row["outcome"] == "read"
        assert row["seconds"] < 20, row
    assert data["max_rss_mb"] < 200
