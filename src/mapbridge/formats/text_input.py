"""Reading a text input (Mermaid, JSON) safely: it must exist, be UTF-8, and be of a sane size."""

from __future__ import annotations

from pathlib import Path

from mapbridge import codes
from mapbridge.errors import unreadable

#: Far beyond any real journey file; refusing bigger ones keeps memory bounded on hostile input.
MAX_TEXT_BYTES = 32 * 1024 * 1024


def read_text_input(path: Path, what: str, *, max_bytes: int | None = None) -> str:
    """The file's text (a UTF-8 BOM is dropped), or UnreadableInput saying what is wrong."""
    max_bytes = MAX_TEXT_BYTES if max_bytes is None else max_bytes
    if path.is_dir():
        raise unreadable(path.name, codes.IS_A_DIRECTORY, f"is a folder, not a {what} file")
    if not path.is_file():
        raise unreadable(path.name, codes.FILE_NOT_FOUND, "there is no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise unreadable(
            path.name,
            codes.INPUT_TOO_LARGE,
            f"is {size / 2**20:.0f} MB; a {what} file over {max_bytes / 2**20:.0f} MB is refused",
            "split it into smaller files",
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise unreadable(
            path.name, codes.NOT_A_WORKBOOK, f"cannot be read ({exc.strerror or exc})"
        ) from exc
    except UnicodeDecodeError as exc:
        raise unreadable(
            path.name,
            codes.NOT_UTF8,
            f"is not UTF-8 text (byte {exc.start}): not a {what} file",
            "save it as UTF-8",
        ) from exc
