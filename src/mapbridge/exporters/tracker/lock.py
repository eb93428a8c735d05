"""A tracker people have open, and two mapbridge runs on one tracker.

A shared tracker is open in someone's spreadsheet most of the day. Excel and LibreOffice say so
with a small lock file beside it, naming the person:

- Excel (and LibreOffice when it saves in Microsoft formats): `~$tracker.xlsx`, the "owner
  file". Its first byte is the length of the user name, then the name in the computer's 8-bit
  code page, padded with spaces (Word pads with zero bytes); then, at byte 55 (54 for Word), the
  length again as a 2-byte number and the name in UTF-16 (little-endian); 162 to 165 bytes in
  all. Some tools write only the UTF-16 name after the first byte.
- LibreOffice: `.~lock.tracker.xlsx#`, one line of comma-separated fields ending in `;`: the
  user name set in LibreOffice (often blank), the account name, the computer, the date and time
  it was opened (`dd.mm.yyyy hh:mm`) and the user's settings folder. Commas, semicolons and
  backslashes in a field are escaped with a backslash.

`TrackerGuard` is held while a run reads a tracker, writes it and puts it in place: it refuses
a tracker someone has open (unless forced), keeps a second mapbridge run out (a `filelock` lock
on `.tracker.xlsx.lock` beside it, removed when the run ends) and stops when the file changed
on disk after it was read.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from mapbridge import codes
from mapbridge.errors import Problem, UsageError

#: Seconds a run waits for another mapbridge run to finish with the tracker before giving up.
#: Tests lower it (monkeypatch); the wait only matters when two runs write one tracker at once.
LOCK_TIMEOUT = 10.0

#: Bytes of an owner file that are read (Office writes 162-165; anything bigger is not one).
_OWNER_FILE_BYTES = 4096
#: Office refuses user names longer than this.
_MAX_NAME = 52


@dataclass(frozen=True)
class Holder:
    """Someone who has the tracker open, as their spreadsheet's lock file says."""

    lock_file: Path
    application: str
    user: str = ""
    host: str = ""
    since: str = ""

    def describe(self) -> str:
        """`open in Excel by Ana Silva`, `open in LibreOffice by Ben (on ben-laptop) since 2026-05-12 09:14`."""
        who = self.user or "someone (the lock file does not say who)"
        text = f"open in {self.application} by {who}"
        if self.host:
            text += f" (on {self.host})"
        if self.since:
            text += f" since {self.since}"
        return text


def excel_lock_path(path: Path) -> Path:
    """Excel's owner file for a workbook: `~$tracker.xlsx` beside it."""
    return path.with_name(f"~${path.name}")


def libreoffice_lock_path(path: Path) -> Path:
    """LibreOffice's lock file for a document: `.~lock.tracker.xlsx#` beside it."""
    return path.with_name(f".~lock.{path.name}#")


def run_lock_path(path: Path) -> Path:
    """The lock mapbridge runs take on a tracker: `.tracker.xlsx.lock` beside it."""
    return path.with_name(f".{path.name}.lock")


def _clean(text: str) -> str:
    """A name as people read it: no padding, no control characters."""
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())


def _printable(text: str) -> bool:
    return bool(text.strip()) and all(ch.isprintable() for ch in text)


def owner_file_user(data: bytes) -> str:
    """The user name in an Office owner file (`~$name.xlsx`), or "" when it names nobody.

    The UTF-16 copy at byte 55 (Word: 54) is preferred: it spells every name right. Without
    one, the name after the first byte is read as 8-bit text (UTF-8, else the Windows Western
    code page) or, when that holds zero bytes between the letters, as UTF-16.
    """
    for offset in (55, 54):  # Excel and PowerPoint, then Word
        if len(data) < offset + 2:
            continue
        length = int.from_bytes(data[offset : offset + 2], "little")
        end = offset + 2 + 2 * length
        if 0 < length <= _MAX_NAME and end <= len(data):
            try:
                name = data[offset + 2 : end].decode("utf-16-le")
            except UnicodeDecodeError:
                continue
            if _printable(name):
                return _clean(name)
    if not data:
        return ""
    length = data[0]
    if not 0 < length <= 2 * _MAX_NAME:
        return ""
    # The 8-bit name, then the name in UTF-16 (the first byte counting letters, or bytes).
    candidates = [(data[1 : 1 + length], enc) for enc in ("utf-8", "cp1252")]
    candidates += [(data[1 : 1 + 2 * length], "utf-16-le"), (data[1 : 1 + length], "utf-16-le")]
    for raw, encoding in candidates:
        try:
            name = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16-le":
            name = name.split("\x00")[0]  # what follows the name is padding
        name = name.strip("\x00 ")
        if _printable(name):
            return _clean(name)
    return ""


def _fields(line: str) -> list[str]:
    """LibreOffice's comma-separated fields, backslash escapes undone, up to the closing `;`."""
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            fields.append("".join(current))
            current = []
        elif ch == ";":
            break
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _since(text: str) -> str:
    """LibreOffice's `12.05.2026 09:14` as `2026-05-12 09:14` (as written when it is not that)."""
    text = text.strip()
    for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    return _clean(text)


def libreoffice_holder(lock_file: Path, data: bytes) -> Holder:
    """Who a LibreOffice lock file names: the LibreOffice user name, else the account name."""
    fields = [_clean(f) for f in _fields(data.decode("utf-8", errors="replace"))]
    fields += [""] * (5 - len(fields))
    user = fields[0] or fields[1]
    if fields[0] and fields[1] and fields[1] != fields[0]:
        user = f"{fields[0]} ({fields[1]})"
    return Holder(lock_file, "LibreOffice", user=user, host=fields[2], since=_since(fields[3]))


def _read_head(path: Path) -> bytes | None:
    """The first bytes of a lock file; None when it is not there (or not a file)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return handle.read(_OWNER_FILE_BYTES)
    except PermissionError:
        return b""  # there, but held shut by its owner: still someone's lock
    except OSError:
        return None


def holders(path: Path) -> list[Holder]:
    """Who has the tracker open, as the lock files beside it say (nobody: an empty list)."""
    found = []
    excel = excel_lock_path(path)
    data = _read_head(excel)
    if data is not None:
        found.append(Holder(excel, "Excel", user=owner_file_user(data)))
    office = libreoffice_lock_path(path)
    data = _read_head(office)
    if data is not None:
        found.append(libreoffice_holder(office, data))
    return found


def _problem(path: Path, message: str, hint: str) -> Problem:
    return Problem.of(codes.TRACKER_IN_USE, message, hint, file=str(path))


def refuse_if_open(path: Path, *, force: bool = False) -> None:
    """Raise UsageError (MB093, exit 2) when someone has the tracker open, unless `force`."""
    if force:
        return
    found = holders(path)
    if not found:
        return
    who = "; ".join(f"{h.describe()} (lock file {h.lock_file.name})" for h in found)
    raise UsageError(
        _problem(
            path,
            f"the tracker is {who}, so mapbridge did not write it; nothing was changed.",
            "Ask them to close it and run again. If nobody has it open (a spreadsheet that "
            "crashed leaves its lock file behind), delete the lock file, or run again with "
            "--force to write anyway: the version you replace is kept as the backup, but "
            "edits they have not saved yet will not be in the new file.",
        )
    )


def _remove_while_held(lock: FileLock, path: Path) -> None:
    """Remove the lock file before releasing it, so none is left beside the tracker.

    Removed while still held: a run waiting for it then finds it gone and makes a new one
    (filelock checks that the file it locked is still there). Not on Windows, where filelock
    removes it itself once released, nor for filelock's fallback on file systems without
    locks, whose lock file is its marker (it has a `pid`) and is removed on release.
    """
    if sys.platform == "win32":
        return
    try:
        lock.pid  # noqa: B018 - raises AttributeError unless the lock is the fallback's marker
    except AttributeError:
        with contextlib.suppress(OSError):
            path.unlink()


@dataclass(frozen=True)
class Snapshot:
    """What a tracker file was when a run read it: size, modification time, content digest."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> Snapshot | None:
        """The file's snapshot; None when there is no file."""
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device is never read (the writer refuses it); opening one could block.
            return cls(info.st_size, info.st_mtime_ns, "")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return cls(info.st_size, info.st_mtime_ns, digest.hexdigest())


class TrackerGuard:
    """Held from reading a tracker to putting the new one in place.

    Entering it refuses a tracker someone has open (unless `force`) and takes the lock every
    mapbridge run takes on that tracker, waiting at most `timeout` seconds (default
    LOCK_TIMEOUT) for another run to finish. `read()` remembers the file as it is read;
    `check()`, called just before the new file replaces it, refuses again if someone opened it
    meanwhile and stops if the file changed on disk since it was read.
    """

    def __init__(self, path: Path, *, force: bool = False, timeout: float | None = None) -> None:
        self.path = Path(path)
        self.force = force
        self.timeout = timeout
        self.snapshot: Snapshot | None = None
        self.was_read = False
        self._lock: FileLock | None = None

    def __enter__(self) -> TrackerGuard:
        refuse_if_open(self.path, force=self.force)
        timeout = LOCK_TIMEOUT if self.timeout is None else self.timeout
        folder = self.path.parent if str(self.path.parent) else Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(run_lock_path(self.path)), timeout=timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise UsageError(
                _problem(
                    self.path,
                    "another mapbridge run is writing this tracker right now (waited "
                    f"{timeout:g} s for it); nothing was changed.",
                    "Run again when the other run has finished.",
                )
            ) from exc
        self._lock = lock
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._lock is not None:
            _remove_while_held(self._lock, run_lock_path(self.path))
            self._lock.release()
            self._lock = None

    def read(self) -> None:
        """Remember the tracker as it is now, just before the run reads it."""
        self.snapshot = Snapshot.of(self.path)
        self.was_read = True

    def check(self) -> None:
        """Just before writing: nobody opened the tracker since, and it is as it was read."""
        refuse_if_open(self.path, force=self.force)
        if not self.was_read:
            return
        now = Snapshot.of(self.path)
        if now == self.snapshot:
            return
        if self.snapshot is None:
            what = "a tracker was written at this path while mapbridge was working"
        elif now is None:
            what = "the tracker was deleted or moved while mapbridge was working"
        else:
            what = "the tracker changed on disk after mapbridge read it (someone saved it)"
        raise UsageError(
            _problem(
                self.path,
                f"{what}, so mapbridge did not overwrite it; nothing was changed.",
                "Run again: mapbridge reads the new version and keeps its edits.",
            )
        )
