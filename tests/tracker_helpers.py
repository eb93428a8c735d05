"""Helpers for the tracker tests: reading sheets the way a person reads them, and workspace edits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mapbridge.model import Journey, Stage, Workspace, slugify
from tests.factories import make_journey, make_persona


def headers(ws: Any) -> dict[str, int]:
    """Header text -> column number, from row 1."""
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def find_row(ws: Any, header: str, value: str) -> int:
    col = headers(ws)[header]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col).value == value:
            return row
    raise AssertionError(f"no row with {header}={value!r} on {ws.title}")


def cell(ws: Any, header: str, key_header: str, key: str) -> Any:
    """The cell under `header` in the row whose `key_header` is `key`."""
    return ws.cell(find_row(ws, key_header, key), headers(ws)[header])


def rename_stage(journey: Journey, old: str, new: str) -> None:
    """Rename a stage the way the importer would see it: new name, new id, entries follow."""
    old_id, new_id = slugify(old), slugify(new)
    journey.stages = [Stage(id=new_id, name=new) if s.id == old_id else s for s in journey.stages]
    for entry in journey.entries:
        if entry.stage_id == old_id:
            entry.stage_id = new_id


def changed_workspace(workspace: Workspace) -> Workspace:
    """The issue's second workbook: Eva Novak added, Dev Patel removed, a stage renamed."""
    changed = workspace.model_copy(deep=True)
    changed.personas = [p for p in changed.personas if p.id != "dev-patel"]
    changed.journeys = [j for j in changed.journeys if j.persona_id != "dev-patel"]
    changed.connections = [c for c in changed.connections if c.persona_id != "dev-patel"]
    eva = make_persona("Eva Novak", owner="Lee Chan")
    changed.personas.append(eva)
    changed.journeys.append(make_journey("Open an account", eva, first_row=30))
    ana_map = next(j for j in changed.journeys if j.persona_id == "ana-reyes")
    rename_stage(ana_map, "Verify ID", "Check identity")
    return changed


def soffice() -> str | None:
    """The LibreOffice binary, or a skip when it is missing outside CI (never skip in CI)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI for the recalculation tests")
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary


def recalculated(path: Path, workdir: Path) -> Any:
    """The tracker after LibreOffice opened, recalculated and saved it, read with cached values."""
    binary = soffice()
    out = workdir / "recalculated"
    out.mkdir(exist_ok=True)
    profile = workdir / "lo-profile"
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return openpyxl.load_workbook(out / path.name, data_only=True)
