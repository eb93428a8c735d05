"""A tracker people have open (issue 16): Excel's and LibreOffice's lock files name who has it,
mapbridge refuses to write it (exit 2) unless --force, two runs never interleave, and a tracker
saved by someone while mapbridge worked is not overwritten."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock

from mapbridge import workflow
from mapbridge.cli import cli
from mapbridge.errors import UsageError
from mapbridge.exporters.tracker import backup_path, lock, writer
from mapbridge.exporters.tracker.lock import (
    Snapshot,
    TrackerGuard,
    excel_lock_path,
    libreoffice_lock_path,
    owner_file_user,
    run_lock_path,
)
from tests.tracker_helpers import cell

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAME = "Zoë Ångström"


def owner_file(user: str, *, word: bool = False) -> bytes:
    """An Office owner file as Office writes it: the length, the name in the Windows code page
    padded to byte 54 (Word: zeros) or 55 (Excel: spaces), the length again as two bytes, the
    name in UTF-16, then padding to 162 (Word) or 165 bytes (Excel)."""
    ansi = user.encode("cp1252", errors="replace")
    data = bytes([len(user)]) + ansi
    data += (b"\x00" if word else b" ") * ((54 if word else 55) - len(data))
    data += len(user).to_bytes(2, "little") + user.encode("utf-16-le")
    size = 162 if word else 165
    return data + (b"\x00" if word else b" \x00") * ((size - len(data)) // (1 if word else 2))


def utf16_owner_file(user: str) -> bytes:
    """The other form seen in the wild: the length, then the name in UTF-16 only."""
    return bytes([len(user)]) + user.encode("utf-16-le") + b"\x00" * 20


def libreoffice_lock(user: str = "Ana Silva") -> bytes:
    # LibreOffice's name, the account, the computer, when, the profile; `;` ends the line.
    return f"{user},asilva,ana-laptop,12.05.2026 09:14,file:///home/asilva/.config/lo/4;".encode()


# ---------------------------------------------------------------------- reading the lock files


@pytest.mark.parametrize(
    ("data", "user"),
    [
        (owner_file(NAME), NAME),
        (owner_file("Priya Shah", word=True), "Priya Shah"),
        (utf16_owner_file(NAME), NAME),
        (utf16_owner_file("李小龙"), "李小龙"),
        # Only the 8-bit copy survives (a truncated file): still read.
        (owner_file("Priya Shah")[:40], "Priya Shah"),
        (owner_file(NAME)[:40], NAME),
        (b"", ""),
        (b"\x00" * 165, ""),
        (b"\xff" * 3, ""),
    ],
    ids=[
        "excel",
        "word",
        "utf16-only",
        "utf16-only-cjk",
        "ansi-only",
        "ansi-only-accents",
        "empty",
        "zeros",
        "garbage",
    ],
)
def test_the_owner_files_user_name_is_read_in_both_encodings(data: bytes, user: str) -> None:
    assert owner_file_user(data) == user


def test_libreoffice_lock_names_the_user_the_computer_and_since_when(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.xlsx"
    libreoffice_lock_path(tracker).write_bytes(libreoffice_lock())
    [holder] = lock.holders(tracker)
    assert holder.describe() == (
        "open in LibreOffice by Ana Silva (asilva) (on ana-laptop) since 2026-05-12 09:14"
    )
    # No LibreOffice name set: the account name; escaped commas are part of a field.
    libreoffice_lock_path(tracker).write_bytes(b",shah\\, priya,pc-7,01.06.2026 18:02,x;\n")
    [holder] = lock.holders(tracker)
    assert (holder.user, holder.host, holder.since) == ("shah, priya", "pc-7", "2026-06-01 18:02")


# ---------------------------------------------------------------------- refusing to write


@pytest.fixture
def tracked(tmp_path: Path, runner) -> tuple[Path, Path]:
    """A workbook and its tracker, written once."""
    workbook = tmp_path / "bank.xlsx"
    shutil.copy(SAMPLES / "bank-account-rows.xlsx", workbook)
    tracker = tmp_path / "tracker.xlsx"
    first = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert first.exit_code == 0, first.output
    return workbook, tracker


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file in a folder (recursively) with its bytes, but the lock a test holds."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize(
    "owner", [owner_file(NAME), utf16_owner_file(NAME)], ids=["excel", "utf16-only"]
)
def test_a_tracker_open_in_excel_is_refused_naming_who(runner, tracked, owner: bytes) -> None:
    workbook, tracker = tracked
    excel_lock_path(tracker).write_bytes(owner)
    before = files_of(tracker.parent)
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert f"{tracker}: error MB093 tracker-in-use:" in message
    assert f"open in Excel by {NAME} (lock file ~$tracker.xlsx)" in message
    assert "nothing was changed" in message
    assert "--force" in message and "backup" in message
    assert result.stdout == ""
    assert files_of(tracker.parent) == before  # nothing written, nothing changed


def test_a_tracker_open_in_libreoffice_is_refused_naming_who_and_since_when(
    runner, tracked
) -> None:
    workbook, tracker = tracked
    libreoffice_lock_path(tracker).write_bytes(libreoffice_lock())
    before = files_of(tracker.parent)
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert result.exit_code == 2, result.output
    assert (
        "open in LibreOffice by Ana Silva (asilva) (on ana-laptop) since 2026-05-12 09:14 "
        "(lock file .~lock.tracker.xlsx#)"
    ) in result.stderr
    assert files_of(tracker.parent) == before


def test_an_owner_file_that_names_nobody_still_refuses(runner, tracked) -> None:
    workbook, tracker = tracked
    excel_lock_path(tracker).write_bytes(b"")
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert result.exit_code == 2
    assert "open in Excel by someone (the lock file does not say who)" in result.stderr


def test_force_writes_anyway_and_keeps_the_backup(runner, tracked) -> None:
    workbook, tracker = tracked
    excel_lock_path(tracker).write_bytes(owner_file(NAME))
    libreoffice_lock_path(tracker).write_bytes(libreoffice_lock())
    previous = tracker.read_bytes()
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker), "--force"])
    assert result.exit_code == 0, result.output
    assert "previous version kept as tracker.backup.xlsx" in result.stdout
    assert backup_path(tracker).read_bytes() == previous
    assert tracker.read_bytes() != previous
    # The lock files are theirs: left alone.
    assert excel_lock_path(tracker).read_bytes() == owner_file(NAME)
    assert libreoffice_lock_path(tracker).exists()


def test_build_refuses_an_open_tracker_before_writing_anything(runner, tmp_path: Path) -> None:
    workbook = tmp_path / "bank.xlsx"
    shutil.copy(SAMPLES / "bank-account-rows.xlsx", workbook)
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(workbook), "-o", str(out)]).exit_code == 0
    excel_lock_path(out / "bank-tracker.xlsx").write_bytes(owner_file(NAME))
    before = files_of(out)
    result = runner.invoke(cli, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{out / 'bank-tracker.xlsx'}: error MB093 tracker-in-use" in result.stderr
    assert f"open in Excel by {NAME}" in result.stderr
    assert files_of(out) == before  # no deck, page or report either

    forced = runner.invoke(cli, ["build", str(workbook), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "previous version kept as bank-tracker.backup.xlsx" in forced.stdout
    assert (out / "bank-tracker.backup.xlsx").read_bytes() == before["bank-tracker.xlsx"]
    assert not [p for p in out.iterdir() if p.name.startswith(".mapbridge-build-")]


# ---------------------------------------------------------------------- two runs at once


def test_a_second_run_waits_then_gives_up_quickly(
    runner, tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook, tracker = tracked
    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 0.2)
    before = files_of(tracker.parent)
    held = FileLock(str(run_lock_path(tracker)))
    with held:
        started = time.monotonic()
        result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker), "--force"])
        elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "another mapbridge run is writing this tracker right now" in result.stderr
    assert "MB093" in result.stderr
    assert elapsed < 10
    assert files_of(tracker.parent) == before
    # Once the other run is done, the lock is free again.
    again = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert again.exit_code == 0, again.output
    assert not run_lock_path(tracker).exists()


def test_a_second_run_goes_ahead_once_the_first_is_done(runner, tracked) -> None:
    workbook, tracker = tracked
    held = threading.Event()

    def other_run() -> None:
        with FileLock(str(run_lock_path(tracker))):
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=other_run)
    thread.start()
    held.wait()
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    thread.join()
    assert result.exit_code == 0, result.output
    assert "updated" in result.stdout
    # No lock file is left beside the tracker.
    assert sorted(p.name for p in tracker.parent.iterdir() if p.name.startswith(".")) == []


def test_build_waits_for_a_run_writing_its_tracker(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = tmp_path / "bank.xlsx"
    shutil.copy(SAMPLES / "bank-account-rows.xlsx", workbook)
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(workbook), "-o", str(out)]).exit_code == 0
    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 0.2)
    before = files_of(out)
    with FileLock(str(run_lock_path(out / "bank-tracker.xlsx"))):
        result = runner.invoke(cli, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "another mapbridge run is writing this tracker" in result.stderr
    assert files_of(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".mapbridge-build-")]


# ---------------------------------------------------------------------- changed under our feet


def someone_saves(path: Path) -> None:
    """What Excel does when someone saves: the file is rewritten with their edit."""
    wb = openpyxl.load_workbook(path)
    cell(wb["Personas"], "Notes", "ID", "ana-reyes").value = "typed while mapbridge ran"
    wb.save(path)


def test_a_tracker_saved_while_mapbridge_worked_is_not_overwritten(
    runner, tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook, tracker = tracked
    apply = writer._Run.apply

    def apply_then_someone_saves(self):
        result = apply(self)
        someone_saves(tracker)
        return result

    monkeypatch.setattr(writer._Run, "apply", apply_then_someone_saves)
    result = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert result.exit_code == 2, result.output
    assert "the tracker changed on disk after mapbridge read it" in result.stderr
    assert "Run again" in result.stderr
    saved = openpyxl.load_workbook(tracker)
    assert cell(saved["Personas"], "Notes", "ID", "ana-reyes").value == (
        "typed while mapbridge ran"
    )
    assert not backup_path(tracker).exists()
    assert not [p for p in tracker.parent.iterdir() if p.name.endswith(".mapbridge-tmp")]

    # The next run reads their version and keeps the edit.
    monkeypatch.setattr(writer._Run, "apply", apply)
    again = runner.invoke(cli, ["tracker", str(workbook), "-o", str(tracker)])
    assert again.exit_code == 0, again.output
    kept = openpyxl.load_workbook(tracker)
    assert cell(kept["Personas"], "Notes", "ID", "ana-reyes").value == "typed while mapbridge ran"


def test_build_does_not_overwrite_a_tracker_saved_while_it_worked(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = tmp_path / "bank.xlsx"
    shutil.copy(SAMPLES / "bank-account-rows.xlsx", workbook)
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(workbook), "-o", str(out)]).exit_code == 0
    tracker = out / "bank-tracker.xlsx"
    write = workflow._write_tracker

    def write_then_someone_saves(*args, **kwargs):
        result = write(*args, **kwargs)
        someone_saves(tracker)
        return result

    monkeypatch.setattr(workflow, "_write_tracker", write_then_someone_saves)
    before = files_of(out)
    result = runner.invoke(cli, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{tracker}: error MB093 tracker-in-use: the tracker changed on disk" in result.stderr
    after = files_of(out)
    assert after.keys() == before.keys()  # no new deck, page or report moved in
    assert {k: v for k, v in after.items() if k != tracker.name} == {
        k: v for k, v in before.items() if k != tracker.name
    }
    assert cell(openpyxl.load_workbook(tracker)["Personas"], "Notes", "ID", "ana-reyes").value == (
        "typed while mapbridge ran"
    )


def test_a_change_that_keeps_size_and_time_is_still_seen(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(b"version one")
    with TrackerGuard(path) as guard:
        guard.read()
        stat = path.stat()
        path.write_bytes(b"version two")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert Snapshot.of(path).size == guard.snapshot.size
        with pytest.raises(UsageError, match="changed on disk"):
            guard.check()


def test_a_tracker_that_appeared_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    with TrackerGuard(path) as guard:
        guard.read()
        path.write_bytes(b"someone else's")
        with pytest.raises(UsageError, match="a tracker was written at this path"):
            guard.check()
