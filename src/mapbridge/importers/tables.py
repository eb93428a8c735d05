"""Tables as people lay them out on a sheet: blocks of filled cells found wherever they are.

A block is a group of filled cells that touch (diagonals included), so blank rows and columns
separate tables, and blank margins do not matter. Merged cells count as filled across their
whole range, so a stage header merged over three columns joins the cells below it.

Each block becomes a `SheetGrid` view of its own (`block_view`), whose cells outside the block are
blank and whose references (`SheetGrid.ref`) still name the cells of the sheet, so the readers
work on one table at a time without knowing where it sits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mapbridge.importers.sheets import CellValue, SheetGrid, cell_ref


def is_filled(value: CellValue) -> bool:
    """A cell counts as typed when it holds anything but nothing or blank text."""
    if value is None:
        return False
    if type(value) is str:
        return bool(value) and not value.isspace()
    return True


@dataclass
class Block:
    """One group of touching filled cells on a sheet: its bounding box (0-based, inclusive)."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int
    #: How many filled cells the block holds (merged ranges count once, by their value).
    cells: int = 0
    #: Per row (absolute), the column runs (first, last) that belong to this block.
    runs: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)

    @property
    def range(self) -> str:
        """The block as an A1 range ("B4:I11"), or one cell ("A1")."""
        first, last = cell_ref(self.top, self.left), cell_ref(self.bottom, self.right)
        return first if first == last else f"{first}:{last}"

    @property
    def height(self) -> int:
        return self.bottom - self.top + 1

    @property
    def width(self) -> int:
        return self.right - self.left + 1


def find_blocks(grid: SheetGrid) -> list[Block]:
    """Every block of touching filled cells on a sheet, top to bottom, then left to right.

    Works on runs of consecutive filled cells per row and joins runs of neighbouring rows that
    overlap or touch diagonally (union-find), so it costs one pass over the cells.
    """
    merged_fill: dict[int, list[tuple[int, int]]] = {}
    for r1, c1, r2, c2 in grid.merged:
        if is_filled(grid.value(r1, c1)):
            for r in range(r1, r2 + 1):
                merged_fill.setdefault(r, []).append((c1, c2))
    parent: list[int] = []
    # Per run: (row, first, last, filled cells in it).
    runs: list[tuple[int, int, int, int]] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[int] = []  # run indexes of the row above
    for row, cells in enumerate(grid.rows):
        # Empty cells come as "" (or None); the blank-text test runs only on text that starts
        # with a space, so the common cell costs two comparisons.
        filled = [
            c
            for c, v in enumerate(cells)
            if v != ""
            and v is not None
            and not (v.__class__ is str and v[0].isspace() and v.isspace())
        ]
        extra = merged_fill.get(row)
        counted: set[int] | None = None
        if extra:
            counted = set(filled)
            spread = set(filled)
            for c1, c2 in extra:
                spread.update(range(c1, c2 + 1))
            filled = sorted(spread)
        current: list[int] = []
        start = None
        last = -2
        for col in filled:
            if col != last + 1:
                if start is not None:
                    current.append(_add_run(runs, parent, row, start, last, counted))
                start = col
            last = col
        if start is not None:
            current.append(_add_run(runs, parent, row, start, last, counted))
        # Join with the runs of the row above that overlap or touch diagonally.
        j = 0
        for i in current:
            _r, a1, a2, _n = runs[i]
            while j < len(previous) and runs[previous[j]][2] < a1 - 1:
                j += 1
            k = j
            while k < len(previous) and runs[previous[k]][1] <= a2 + 1:
                ra, rb = find(i), find(previous[k])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
                k += 1
        previous = current
    blocks: dict[int, Block] = {}
    for index, (row, first, last, count) in enumerate(runs):
        root = find(index)
        block = blocks.get(root)
        if block is None:
            block = Block(grid.name, row, first, row, last)
            blocks[root] = block
        else:
            block.top = min(block.top, row)
            block.bottom = max(block.bottom, row)
            block.left = min(block.left, first)
            block.right = max(block.right, last)
        block.cells += count
        block.runs.setdefault(row, []).append((first, last))
    return _absorb_enclosed(sorted(blocks.values(), key=lambda b: (b.top, b.left)))


def _absorb_enclosed(blocks: list[Block]) -> list[Block]:
    """A block inside another's bounding box is part of it: a table's sparse cells (a value
    whose neighbours are all blank) belong to the table around them, not to a table of their own."""
    if len(blocks) < 2:
        return blocks
    kept: list[Block] = []
    for block in sorted(blocks, key=lambda b: -(b.height * b.width)):
        outer = next(
            (
                k
                for k in kept
                if k.top <= block.top
                and block.bottom <= k.bottom
                and k.left <= block.left
                and block.right <= k.right
            ),
            None,
        )
        if outer is None:
            kept.append(block)
            continue
        outer.cells += block.cells
        for row, row_runs in block.runs.items():
            outer.runs.setdefault(row, []).extend(row_runs)
            outer.runs[row].sort()
    return sorted(kept, key=lambda b: (b.top, b.left))


def _add_run(
    runs: list[tuple[int, int, int, int]],
    parent: list[int],
    row: int,
    first: int,
    last: int,
    counted: set[int] | None,
) -> int:
    # Without merged cells every cell of a run is filled; with them, only the counted ones.
    count = (
        last - first + 1
        if counted is None
        else sum(1 for c in range(first, last + 1) if c in counted)
    )
    runs.append((row, first, last, count))
    parent.append(len(parent))
    return len(runs) - 1


def block_view(grid: SheetGrid, block: Block, *, top: int | None = None) -> SheetGrid:
    """A SheetGrid holding only this block's cells (from `top`, default the block's first row).

    Row and column 0 of the view are the block's top-left corner; `ref` names sheet cells.
    """
    top = block.top if top is None else top
    whole_rows = all(
        len(row_runs) == 1 and row_runs[0] == (block.left, block.right)
        for row_runs in block.runs.values()
    )
    rows: list[list[CellValue]] = []
    for row in range(top, block.bottom + 1):
        source = grid.rows[row] if row < len(grid.rows) else []
        if (
            whole_rows
            or len(block.runs.get(row, ())) == 1
            and block.runs[row][0]
            == (
                block.left,
                block.right,
            )
        ):
            cells = list(source[block.left : block.right + 1])
        else:
            cells = [None] * block.width
            for first, last in block.runs.get(row, ()):
                for col in range(first, last + 1):
                    if col < len(source):
                        cells[col - block.left] = source[col]
        if len(cells) < block.width:
            cells.extend([None] * (block.width - len(cells)))
        rows.append(cells)
    merged = [
        (r1 - top, c1 - block.left, r2 - top, c2 - block.left)
        for r1, c1, r2, c2 in grid.merged
        if r1 >= top and r1 <= block.bottom and c1 >= block.left and c1 <= block.right
    ]
    return SheetGrid(
        name=grid.name,
        rows=rows,
        hidden=grid.hidden,
        merged=merged,
        hidden_rows={r - top for r in grid.hidden_rows if top <= r <= block.bottom},
        hidden_cols={c - block.left for c in grid.hidden_cols if block.left <= c <= block.right},
        formulas_without_values=grid.formulas_without_values,
        row0=grid.row0 + top,
        col0=grid.col0 + block.left,
    )
