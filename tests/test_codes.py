"""The message-code catalogue: every code reported comes from it, once, and the README lists it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pptx import Presentation

from mapbridge import codes
from mapbridge.checks.rules import RULES, RULES_BY_CODE
from mapbridge.codes import CODES, CODES_BY_CODE, Code
from mapbridge.errors import MapbridgeError, Problem, Report, UsageError, unreadable
from mapbridge.exporters.deck import write_deck
from mapbridge.exporters.tracker import write_tracker
from tests.factories import make_workspace

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src" / "mapbridge"
README = ROOT / "README.md"

#: The two modules allowed to spell a code as a literal: the catalogues themselves.
CATALOGUES = {SRC / "codes.py", SRC / "checks" / "rules.py"}
#: Findings name their rule by code (`found.add("MB112", ...)` looks it up in RULES_BY_CODE).
FINDING_MODULES = {
    SRC / "checks" / name for name in ("governance.py", "maps.py", "personas.py", "consistency.py")
}

CODE = re.compile(r"\bMB\d{3}\b")


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant of a module (f-string parts included), with its line."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


# ---------------------------------------------------------------------- the catalogue itself


def test_no_code_or_name_is_catalogued_twice() -> None:
    assert len(CODES_BY_CODE) == len(CODES)
    everything = [*(c.code for c in CODES), *(r.code for r in RULES)]
    assert sorted(c for c in everything if everything.count(c) > 1) == []
    assert len({c.name for c in CODES}) == len(CODES)
    # One name in both catalogues, on purpose: the importer's MB011 and the rule MB108 are the
    # same mistake, found in a workbook and in a workspace built in code (see the README).
    shared = {c.name for c in CODES} & {r.name for r in RULES}
    assert shared == {"unknown-persona"}


def test_each_entry_is_named_after_its_message_name() -> None:
    constants = {key: value for key, value in vars(codes).items() if isinstance(value, Code)}
    assert len(constants) == len(CODES)
    for key, entry in constants.items():
        assert key == entry.name.upper().replace("-", "_"), entry
        assert re.fullmatch(r"MB\d{3}", entry.code), entry
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.name), entry
        assert entry.severity in ("error", "warning", "info"), entry
        assert entry.summary.endswith("."), entry
        # Findings are MB101-MB189 (checks/rules.py); the rest are not findings.
        assert not 101 <= int(entry.code[2:]) <= 189, entry


# ---------------------------------------------------------------------- every report uses it


def test_no_module_spells_a_code_outside_the_catalogues() -> None:
    literal = re.compile(r"MB\d{3}")
    printed = re.compile(r"\b(error|warning|info) MB\d{3} [a-z0-9]+(-[a-z0-9]+)*:")
    found: list[str] = []
    for path in _sources():
        if path in CATALOGUES:
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(SRC)}:{line}: {text[:60]!r}"
            if literal.fullmatch(text):
                if path in FINDING_MODULES and text in RULES_BY_CODE:
                    continue
                found.append(where)
            elif printed.search(text):  # a message line built by hand around a code
                found.append(where)
    assert found == [], "use mapbridge.codes instead of these literals"


def test_every_code_the_source_mentions_is_catalogued() -> None:
    # Comments, docstrings and messages included: a code named anywhere must exist.
    known = set(CODES_BY_CODE) | set(RULES_BY_CODE)
    unknown = [
        f"{path.relative_to(SRC)}: {code}"
        for path in _sources()
        for code in sorted(set(CODE.findall(path.read_text(encoding="utf-8"))))
        if code not in known
    ]
    assert unknown == []


def test_every_catalogue_entry_a_module_names_exists_and_every_entry_is_reported() -> None:
    referenced: set[str] = set()
    missing: list[str] = []
    for path in _sources():
        if path == SRC / "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "codes"
                and node.attr.isupper()
            ):
                names = [node.attr]
            elif isinstance(node, ast.ImportFrom) and node.module == "mapbridge.codes":
                names = [alias.name for alias in node.names if alias.name.isupper()]
            for name in names:
                if isinstance(getattr(codes, name, None), Code):
                    referenced.add(name)
                else:
                    missing.append(f"{path.relative_to(SRC)}: codes.{name}")
    assert missing == []
    constants = {key for key, value in vars(codes).items() if isinstance(value, Code)}
    assert sorted(constants - referenced) == [], "catalogued but never reported"


# ---------------------------------------------------------------------- the README lists it


def _section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(f"\n{heading}\n")
    stop = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE)
    after = stop.search(text, start + len(heading) + 2)
    return text[start : after.start() if after else len(text)]


def _rows(section: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| MB")
    ]


def _readme_tables() -> tuple[list[list[str]], set[str]]:
    """The rows of the README's code tables (code, name, severity, meaning) and the codes of
    its Safety table."""
    text = README.read_text(encoding="utf-8")
    coded = [
        row
        for heading in ("### Import and usage messages", "### Problem codes of these formats")
        for row in _rows(_section(text, heading))
    ]
    safety = _section(text, "## Safety")
    refused = {
        code
        for line in safety.splitlines()
        if line.startswith("|") and not line.startswith("| ---")
        for code in CODE.findall(line.split("|")[2])
    }
    return coded, refused


def test_every_catalogued_code_has_one_row_in_the_readme() -> None:
    rows, _ = _readme_tables()
    assert all(len(row) == 4 for row in rows), [row for row in rows if len(row) != 4]
    documented = [row[0] for row in rows]
    assert sorted(c for c in documented if documented.count(c) > 1) == [], "documented twice"
    assert sorted(set(documented) - set(CODES_BY_CODE)) == [], "documented but not catalogued"
    assert sorted(set(CODES_BY_CODE) - set(documented)) == [], "catalogued but not documented"
    for code, name, severity, meaning in rows:
        entry = CODES_BY_CODE[code]
        assert name.strip("`") == entry.name, code
        # "error (exit 2)", "warning (error with --strict)", "error / warning" start with it.
        assert severity.split()[0] == entry.severity, code
        assert meaning, code


def test_the_safety_table_names_catalogued_codes() -> None:
    _, refused = _readme_tables()
    assert refused, "the Safety table names the codes of what is refused"
    assert sorted(refused - set(CODES_BY_CODE)) == []
    assert all(CODES_BY_CODE[code].severity == "error" for code in refused)


# ---------------------------------------------------------------------- reporting through it


def test_a_report_takes_name_and_severity_from_the_catalogue(tmp_path: Path) -> None:
    report = Report(file="w.xlsx")
    problem = report.add(
        codes.UNKNOWN_EMOTION,
        "emotion 'meh' is not a known score",
        "use -2..2",
        sheet="J",
        cell="D2",
    )
    assert problem.format() == (
        "w.xlsx: J!D2: warning MB013 unknown-emotion: emotion 'meh' is not a known score. "
        "Hint: use -2..2"
    )
    strict = report.add(codes.UNKNOWN_EMOTION, "emotion 'meh'", severity="error")
    assert (strict.code, strict.name, strict.severity) == ("MB013", "unknown-emotion", "error")
    assert [p.severity for p in report.sorted()] == ["error", "warning"]


def test_plugins_keep_their_own_codes() -> None:
    # A plugin's codes are not mapbridge's: the form with name and severity still works.
    report = Report(file="s.scores")
    problem = report.add("SC002", "odd-score", "warning", "score 7 is odd", "check it", cell="D2")
    assert problem.format() == "s.scores: warning SC002 odd-score: score 7 is odd. Hint: check it"
    error = unreadable("s.scores", "SC001", "not-scores", "the header must be persona, score")
    assert str(error) == "s.scores: error SC001 not-scores: the header must be persona, score"
    assert str(MapbridgeError("a plain message")) == "error MB000 error: a plain message"


def test_unreadable_names_a_catalogued_error() -> None:
    error = unreadable("x.xlsx", codes.EMPTY_FILE, "the file is empty (0 bytes)", sheet="S")
    [problem] = error.problems
    assert problem == Problem(
        code="MB005",
        name="empty-file",
        severity="error",
        message="the file is empty (0 bytes)",
        file="x.xlsx",
        sheet="S",
    )


# ---------------------------------------------------------------------- bug: one meaning per code


def test_a_bad_deck_option_is_not_the_importers_sheet_not_read(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_deck(make_workspace(2), tmp_path / "deck.pptx", personas=["Nobody"])
    [problem] = caught.value.problems
    assert (problem.code, problem.name) == ("MB043", "bad-deck-option")
    assert CODES_BY_CODE["MB022"].name == "sheet-not-read"


def test_a_template_without_layouts_is_a_bad_template_not_an_unclear_cadence(
    tmp_path: Path,
) -> None:
    prs = Presentation()
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        if layout.name != "Blank":
            master.slide_layouts.remove(layout)
    prs.save(tmp_path / "bare.pptx")
    with pytest.raises(UsageError) as caught:
        write_deck(make_workspace(2), tmp_path / "deck.pptx", template=tmp_path / "bare.pptx")
    [problem] = caught.value.problems
    assert (problem.code, problem.name, problem.file) == ("MB050", "bad-template", "bare.pptx")
    assert CODES_BY_CODE["MB021"].name == "unclear-cadence"


def test_a_tracker_refusal_has_its_own_code(tmp_path: Path) -> None:
    other = tmp_path / "budget.xlsx"
    other.write_bytes(b"not a tracker")
    for path in (tmp_path / "tracker.csv", other):
        with pytest.raises(UsageError) as caught:
            write_tracker(make_workspace(2), path)
        [problem] = caught.value.problems
        assert (problem.code, problem.name) == ("MB044", "bad-tracker"), path
    assert other.read_bytes() == b"not a tracker"
