"""`mapbridge init`: write a starter workshop workbook, or a blank journey-map board to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from mapbridge.cli import common

#: What `init` writes, by suffix (the board suffixes are `board_starter.BOARD_SUFFIXES`).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
BOARD_SUFFIXES = (".excalidraw", ".drawio")
MAX_PERSONAS = 12  # as board_starter.MAX_BLANK_PERSONAS (not imported: start-up stays fast)


@click.command("init")
@click.argument("path", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--personas",
    type=int,
    default=None,
    metavar="N",
    help=f"Boards only: a frame (Excalidraw) or page (draw.io) per persona, 1 to {MAX_PERSONAS} "
    "(default 1): proto-personas named Persona 1, Persona 2...",
)
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    metavar="WORKBOOK",
    help="Boards only: take the personas, stages and lanes from WORKBOOK (what it says is left "
    "out: the board is blank).",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it already exists.")
@common.max_unpacked_option
def command(path: Path, personas: int | None, from_file: Path | None, force: bool) -> None:
    """Write a starter workbook (.xlsx) or a blank board (.excalidraw, .drawio) to PATH.

    \b
    mapbridge init workshop.xlsx                  # the starter workbook
    mapbridge init board.excalidraw --personas 2  # a blank board, a frame per persona
    mapbridge init board.drawio --from workshop.xlsx

    The workbook has an Instructions sheet, a Personas sheet, a Journey rows sheet, a Stages
    sheet and a Reviews sheet with the headers mapbridge expects, dropdowns for persona kind and
    emotion, and example rows marked as examples. A board has a frame (or page) per persona
    with the stages across the top, the standard lanes down the left, an empty cell where each
    meets, the emotion band with its scale and a how-to note; `mapbridge build` reads it back.
    """
    from mapbridge.errors import UsageError

    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + BOARD_SUFFIXES:
        raise UsageError(
            f"{path.name}: init writes a starter workbook (.xlsx) or a blank board (.excalidraw "
            "or .drawio); use a name like workshop.xlsx, board.excalidraw or board.drawio"
        )
    if suffix in WORKBOOK_SUFFIXES and (personas is not None or from_file is not None):
        option = "--personas" if personas is not None else "--from"
        raise UsageError(
            f"{option} applies to boards (.excalidraw, .drawio), not to the starter workbook "
            f"{path.name}; leave it out, or name a board"
        )
    if personas is not None and not 1 <= personas <= MAX_PERSONAS:
        raise UsageError(
            f"--personas must be 1 to {MAX_PERSONAS} (a frame or page each), not {personas}"
        )
    if personas is not None and from_file is not None:
        raise UsageError(
            "--personas and --from do not go together: --from takes the personas from the workbook"
        )
    if path.exists() and not force:
        raise UsageError(
            f"{path}: the file already exists; choose another name or pass --force to overwrite it"
        )
    if suffix in WORKBOOK_SUFFIXES:
        from mapbridge.exporters.starter import write_starter_workbook

        write_starter_workbook(path)
        click.echo(f"wrote {path}. Fill it in, then run: mapbridge inspect {path}")
        return

    if from_file is not None and from_file.resolve() == path.resolve():
        raise UsageError(f"{path}: --from names the board itself; choose another name for PATH")
    from mapbridge import workflow
    from mapbridge.exporters.board_starter import write_blank_board

    source = None
    if from_file is not None:
        # Read as every command reads its input: settings file, limits, warnings on stderr.
        options = workflow.InspectOptions(
            max_unpacked_bytes=common.max_unpacked_bytes(), on_problems=common.echo_warnings
        )
        source = workflow.inspect(from_file, options).workspace
    board = write_blank_board(path, personas or 1, source)
    frames = common.plural(len(board.frames), board.frame_word)
    click.echo(
        f"wrote {path} ({frames}: {', '.join(board.personas)}). Open it in {board.tool}, fill it "
        f"in, then run: mapbridge build {path} -o out/"
    )
