"""Settings files next to a workbook: mapbridge.toml, [tool.mapbridge] in pyproject.toml, and the 3.10 fallback parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapbridge.config import find_settings, parse_toml
from mapbridge.errors import UsageError

SETTINGS = """
# thresholds for the workshop
[project]
name = "journeys"

[tool.mapbridge]
max-personas = 4          # start small
similarity = 0.9
stale-days = 1_000
strict = false
disable = ["MB104", 'proto-persona',]
note = "a # that is not a comment"
"""


def test_settings_parse_with_inline_tables():
    data = parse_toml(SETTINGS + 'sheets = {"CJM" = "grid"}\n')
    assert data["tool"]["mapbridge"]["disable"] == ["MB104", "proto-persona"]
    assert data["tool"]["mapbridge"]["sheets"] == {"CJM": "grid"}


def test_no_settings_file(tmp_path: Path):
    settings = find_settings(tmp_path / "journey.xlsx")
    assert settings.values == {} and settings.source is None


def test_pyproject_without_mapbridge_table_is_ignored(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_settings(tmp_path / "journey.xlsx").values == {}


def test_mapbridge_toml_wins_over_pyproject(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "mapbridge.toml").write_text("max-personas = 3\n", encoding="utf-8")
    settings = find_settings(tmp_path / "journey.xlsx")
    assert settings.values == {"max-personas": 3}
    assert settings.source == "mapbridge.toml"


def test_mapbridge_toml_may_hold_a_tool_table(tmp_path: Path):
    (tmp_path / "mapbridge.toml").write_text(SETTINGS, encoding="utf-8")
    assert find_settings(tmp_path / "journey.xlsx").values["max-personas"] == 4


def test_pyproject_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    settings = find_settings(tmp_path / "journey.xlsx")
    assert settings.values["stale-days"] == 1000
    assert settings.source == "pyproject.toml"


def test_invalid_toml_is_a_usage_error_with_the_line(tmp_path: Path):
    (tmp_path / "mapbridge.toml").write_text("a = 1\nb = = 2\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        find_settings(tmp_path / "journey.xlsx")
    problem = info.value.problems[0]
    assert problem.code == "MB190"
    assert "mapbridge.toml is not valid TOML" in problem.message
    assert "line 2" in problem.message


def test_a_toml_syntax_error_names_its_line():
    with pytest.raises(ValueError, match="line 2"):
        parse_toml("a = 1\nb = {c = \n")
