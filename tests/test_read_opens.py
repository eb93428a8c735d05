"""One read opens the input once: the sniffers, the safety pass, the sheet facts and the value reader share it.

Before, an .xlsx read through `read_input` opened the file seven times (two sniffers, the head,
the safety pass twice, the sheet facts, the value reader; `read_workbook` alone five), an .xlsx
named .csv ten, an .ods six, an old .xls five, a .csv three.
Every open is counted with an audit hook (which sees `open`, `Path.open`, `zipfile.ZipFile` and
`os.open` alike) in a fresh process, since an audit hook cannot be removed once added. The value
reader is handed the open file, never the path, so it opens nothing behind Python's back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workbooks import simple_workbook

DATA = Path(__file__).parent / "data" / "tabular"

COUNT = r"""
import json, os, sys
from pathlib import Path

watched = {}
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.path.realpath(os.fsdecode(args[0]))
        if name in watched:
            watched[name] += 1
sys.addaudithook(hook)

from mapbridge.api import read_input
from mapbridge.errors import MapbridgeError, Report
from mapbridge.importers.workbook import read_workbook

def still_open(paths):
    if not os.path.isdir("/proc/self/fd"):  # Linux shows a process's open files there
        return []
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    return sorted(p for p in paths if p in held)

results = {}
for label, how, path, files in json.loads(sys.argv[1]):
    watched.clear()
    watched.update({os.path.realpath(f): 0 for f in files})
    try:
        (read_workbook if how == "read_workbook" else read_input)(path, report=Report())
        outcome = "read"
    except MapbridgeError as exc:
        outcome = exc.problems[0].code
    results[label] = {
        "outcome": outcome,
        "opens": sorted(watched.values()),
        "still_open": still_open(list(watched)),
    }
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each input read once in a fresh process: how often each of its files was opened."""
    folder = tmp_path_factory.mktemp("opens")
    xlsx = simple_workbook(folder / "workshop.xlsx", ["Ana", "Discover", "Sees an ad", "1"])
    misnamed = folder / "workshop.csv"
    shutil.copy(xlsx, misnamed)
    ods = folder / "workshop.ods"
    shutil.copy(DATA / "libreoffice.ods", ods)
    csv = folder / "journey.csv"
    csv.write_text("Persona,Stage,Actions\nAna,Discover,Sees an ad\n", encoding="utf-8")
    csvs = folder / "workshop"
    csvs.mkdir()
    (csvs / "Journey.csv").write_text("Persona,Stage,Actions\nAna,Discover,Ad\n", encoding="utf-8")
    (csvs / "More.csv").write_text("Persona,Stage,Actions\nBen,Discover,Friend\n", encoding="utf-8")
    xls = folder / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    inputs = [
        ("xlsx", "read_input", xlsx, [xlsx]),
        ("xlsx, read_workbook", "read_workbook", xlsx, [xlsx]),
        ("xlsx named .csv", "read_input", misnamed, [misnamed]),
        ("ods", "read_input", ods, [ods]),
        ("csv", "read_input", csv, [csv]),
        ("folder", "read_input", csvs, sorted(csvs.iterdir())),
        ("old xls", "read_input", xls, [xls]),
    ]
    arguments = [
        [label, how, str(path), [str(f) for f in files]] for label, how, path, files in inputs
    ]
    done = subprocess.run(
        [sys.executable, "-c", COUNT, json.dumps(arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("label", "outcome"),
    [
        ("xlsx", "read"),
        ("xlsx, read_workbook", "read"),
        ("xlsx named .csv", "read"),
        ("ods", "read"),
        ("csv", "read"),
        ("old xls", "MB004"),
    ],
)
def test_a_read_opens_the_file_once_and_closes_it(
    counted: dict[str, dict], label: str, outcome: str
) -> None:
    result = counted[label]
    assert result["outcome"] == outcome
    assert result["opens"] == [1]
    assert result["still_open"] == []


def test_a_folder_read_opens_each_of_its_files_once(counted: dict[str, dict]) -> None:
    result = counted["folder"]
    assert result["outcome"] == "read"
    assert result["opens"] == [1, 1]
    assert result["still_open"] == []
