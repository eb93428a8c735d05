"""Property-based tests: nothing typed is dropped or changed, and no input makes the reader crash.

1. Workspaces with arbitrary Unicode text are written as a rows-format workbook (the test's own
   small openpyxl writer: a Personas sheet and a Journey sheet), read back and compared.
   The text is any Unicode a workbook can hold: everything except surrogates and the C0/C1
   control characters (XML 1.0 and Excel cannot store them; mapbridge removes them on reading,
   which the corpus tests), keeping tab, line feed and carriage return. Two more exclusions are
   the writer's, not the reader's: `_x0041_`-style sequences (Excel escapes them when it saves,
   openpyxl does not), and U+FFFE/U+FFFF (not XML characters).
   The reader trims the ends of each cell and reads a carriage return as a new line; the
   comparison expects exactly that and nothing more.
2. Random bytes, and a real sample's bytes with random mutations, go to the reader: it returns a
   workspace or raises one of mapbridge's own errors, never anything else.
"""

from __future__ import annotations

import contextlib
import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mapbridge.errors import MapbridgeError
from mapbridge.importers import headers as hdr
from mapbridge.importers.workbook import ALL_PERSONAS, read_workbook
from mapbridge.model import slugify
from tests.hostile.builders import good_workbook

# When an example fails, hypothesis's report imports mypy_extensions.TypedDict, whose deprecation
# warning (an error under filterwarnings=error) would hide the falsifying example.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")

characters = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\t\n\r")


def storable(text: str) -> bool:
    return not _ESCAPE_LIKE.search(text)


def as_read(text: str) -> str:
    """What the reader gives back for a typed cell: line ends folded, ends trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


cell_text = st.text(characters, min_size=1, max_size=60).filter(
    lambda t: storable(t) and as_read(t) != ""
)


def name_key(text: str) -> str:
    return " ".join(text.casefold().split())


def good_name(text: str) -> bool:
    key = name_key(text)
    return (
        storable(text)
        and as_read(text) != ""
        and "\n" not in as_read(text)
        and key not in ALL_PERSONAS
        and hdr.normalise(text) not in ALL_PERSONAS
    )


persona_name = st.text(characters, min_size=1, max_size=30).filter(good_name)


@st.composite
def workspaces(draw: st.DrawFn) -> dict:
    """Personas (distinct names) and one journey whose rows name them, with free text everywhere."""
    names = draw(
        st.lists(
            persona_name,
            min_size=1,
            max_size=4,
            # Ids come from names: "A" and "À" are one persona by design (MB012, in the corpus).
            unique_by=(lambda n: name_key(as_read(n)), lambda n: slugify(as_read(n))),
        )
    )
    personas = [{"name": name, "role": draw(cell_text), "quote": draw(cell_text)} for name in names]
    stages = draw(
        st.lists(
            cell_text.filter(lambda t: "\n" not in as_read(t)),
            min_size=1,
            max_size=4,
            unique_by=lambda s: slugify(as_read(s)),
        )
    )
    journey = draw(cell_text.filter(lambda t: "\n" not in as_read(t)))
    rows = []
    for persona in personas:
        for stage in stages:
            rows.append(
                {
                    "persona": persona["name"],
                    "stage": stage,
                    "actions": draw(cell_text),
                    "pains": draw(cell_text),
                    "emotion": draw(st.integers(-2, 2)),
                }
            )
    return {"personas": personas, "journey": journey, "rows": rows}


def write_rows_workbook(path: Path, data: dict) -> Path:
    """The documented rows format: Personas and Journey sheets, and a Stages sheet for the scale."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Personas"
    ws.append(["Name", "Kind", "Role", "Quote"])
    for persona in data["personas"]:
        ws.append([persona["name"], "Research", persona["role"], persona["quote"]])
    journey = wb.create_sheet("Journey")
    journey.append(["Journey", "Persona", "Stage", "Actions", "Emotion", "Pain points"])
    for row in data["rows"]:
        journey.append(
            [
                data["journey"],
                row["persona"],
                row["stage"],
                row["actions"],
                row["emotion"],
                row["pains"],
            ]
        )
    stages = wb.create_sheet("Stages")
    stages.append(["Emotion scale: -2..2"])
    stages.append(["Stage"])
    for stage in dict.fromkeys(row["stage"] for row in data["rows"]):
        stages.append([stage])
    for sheet in wb.worksheets:  # typed text is text, even when it starts with "="
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    wb.save(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_arbitrary_unicode_survives_a_round_trip(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_rows_workbook(Path(folder) / "workshop.xlsx", data)
        workspace = read_workbook(path)
    assert [p.name for p in workspace.personas] == [as_read(p["name"]) for p in data["personas"]]
    for persona, typed in zip(workspace.personas, data["personas"], strict=True):
        assert persona.role == as_read(typed["role"])
        assert persona.quote == as_read(typed["quote"])
    assert {j.name for j in workspace.journeys} == {as_read(data["journey"])}
    by_persona = {p.name: p.id for p in workspace.personas}
    for row in data["rows"]:
        journey = next(
            j for j in workspace.journeys if j.persona_id == by_persona[as_read(row["persona"])]
        )
        stage = next(s for s in journey.stages if s.name == as_read(row["stage"]))
        texts = {e.lane_id: e for e in journey.entries if e.stage_id == stage.id}
        assert texts["actions"].text == as_read(row["actions"])
        assert texts["pain-points"].text == as_read(row["pains"])
        assert texts["emotion"].emotion is not None
        assert texts["emotion"].emotion.score == row["emotion"] / 2


# ---------------------------------------------------------------------------- bytes


def _read_bytes(data: bytes, suffix: str = ".xlsx") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        # The project's own, located error is what a user should see; anything else fails.
        with contextlib.suppress(MapbridgeError):
            read_workbook(path)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_only_raise_mapbridge_errors(data: bytes) -> None:
    _read_bytes(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_bytes_after_a_zip_signature_only_raise_mapbridge_errors(data: bytes) -> None:
    _read_bytes(b"PK\x03\x04" + data)


_SAMPLE: bytes | None = None


def _sample() -> bytes:
    global _SAMPLE
    if _SAMPLE is None:
        with tempfile.TemporaryDirectory() as folder:
            _SAMPLE = good_workbook(Path(folder) / "sample.xlsx").read_bytes()
    return _SAMPLE


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    ),
    st.sampled_from(["flip", "truncate", "insert"]),
)
def test_mutated_workbooks_only_raise_mapbridge_errors(
    mutations: list[tuple[float, int]], how: str
) -> None:
    data = bytearray(_sample())
    for where, value in mutations:
        at = int(where * len(data))
        if how == "flip":
            data[at] = value
        elif how == "insert":
            data[at:at] = bytes([value])
        else:
            del data[max(at, 1) :]
    _read_bytes(bytes(data))


def test_many_mutated_workbooks_only_raise_mapbridge_errors() -> None:
    """A fixed-seed sweep over the sample's parts: mutations inside the compressed XML."""
    rng = random.Random(20261129)
    sample = _sample()
    for _ in range(150):
        data = bytearray(sample)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(30, len(data))] = rng.randrange(256)
        _read_bytes(bytes(data))


@settings(max_examples=80, deadline=None)
@given(
    st.data(),
    st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete"]),
            st.floats(0, 1, exclude_max=True),
            st.sampled_from(list(b'<>/"=&;x0123456789 -rtsvA:\x00\xff')),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_mutated_xml_in_a_valid_package_only_raises_mapbridge_errors(
    data: st.DataObject, mutations: list[tuple[str, float, int]]
) -> None:
    """Damage inside the XML itself, repacked with good checksums, so the value reader parses it."""
    import zipfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sample.xlsx"
        source.write_bytes(_sample())
        with zipfile.ZipFile(source) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith(".xml"))))
        xml = bytearray(parts[name])
        for how, where, value in mutations:
            at = int(where * len(xml))
            if how == "flip":
                xml[at] = value
            elif how == "insert":
                xml[at:at] = bytes([value])
            else:
                del xml[at : at + 8]
        parts[name] = bytes(xml)
        target = Path(folder) / "mutated.xlsx"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, content in parts.items():
                archive.writestr(part, content)
        with contextlib.suppress(MapbridgeError):
            read_workbook(target)


@settings(max_examples=60, deadline=None)
@given(
    st.text("ABCXFDabz", max_size=5),
    st.text("0123456789", max_size=12),
    st.booleans(),
)
def test_any_cell_reference_only_raises_mapbridge_errors(
    letters: str, digits: str, row_reference: bool
) -> None:
    """A cell anywhere (or nowhere) a reference can point: refused or read, never an abort.

    The value reader allocates a dense grid up to the farthest cell, and a failed allocation
    aborts the whole process, so this is what the sheet-extent check must always catch first.
    """
    import zipfile

    ref = letters + digits
    row = f' r="{digits}"' if row_reference and digits else ""
    cell = f'<row{row}><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sample.xlsx"
        source.write_bytes(_sample())
        with zipfile.ZipFile(source) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        sheet = "xl/worksheets/sheet2.xml"
        parts[sheet] = parts[sheet].replace(b"</sheetData>", cell.encode() + b"</sheetData>")
        target = Path(folder) / "reference.xlsx"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, content in parts.items():
                archive.writestr(part, content)
        with contextlib.suppress(MapbridgeError):
            read_workbook(target)
