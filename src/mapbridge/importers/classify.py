"""What a table on a sheet is, decided from its content: rows, grid, personas, card, stages, reviews.

Every reading of a block is scored by how many of its headers (or row labels) mean something
mapbridge knows, in any supported language; the sheet's name adds weight but is not a gate, and
a role forced in mapbridge.toml wins. The decision keeps its reason and the runner-up, so
`inspect --explain` can show why and an ambiguous table can be reported instead of guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mapbridge.importers.sheets import CellValue, SheetGrid
from mapbridge.importers.values import clean_text, label_key, split_label

#: Readings a block can get. "title" is a block of title lines for the table below it.
ROLES = ("rows", "grid", "personas", "card", "card-list", "stages", "reviews", "title")
#: Which readings a sheet name's role supports (a sheet called "Personas" favours persona tables).
_HINTED = {
    "personas": {"personas", "card", "card-list"},
    "journey": {"rows", "grid"},
    "stages": {"stages"},
    "reviews": {"reviews"},
}
#: Persona fields that hold lists: a sub-table under a persona card headed by one adds its items.
LIST_FIELDS = ("goals", "pain_points", "motivations", "behaviours", "channels")
#: Header words of a label/value card's own header row (`Field | Details`).
CARD_HEADER_WORDS = {
    "field",
    "fields",
    "attribute",
    "attributes",
    "property",
    "category",
    "item",
    "label",
    "detail",
    "details",
    "value",
    "values",
    "information",
    "info",
    "persona detail",
    "persona details",
    "feld",
    "wert",
    "champ",
    "valeur",
    "campo",
    "valor",
    "valore",
    "veld",
    "waarde",
    "поле",
    "значение",
    "параметр",
    "описание",
    "字段",
    "内容",
    "項目",
}
_BONUS_FOR_SHEET_NAME = 2.0
#: Row labels looked at to score a grid or a card: more lanes than this make no map (and a
#: 50,000-row journey table must not be scanned label by label).
_LABEL_SCAN_ROWS = 200
_BONUS_FOR_FORCED = 100.0


@dataclass
class Decision:
    """One reading of a block: its role, where its header (or stage row) is, and why."""

    role: str
    #: View row of the header row (rows, personas, stages, reviews, card-list), the stage row
    #: (grid) or the first label row (card); rows above it are title lines.
    header: int = 0
    score: float = 0.0
    reason: str = ""
    #: Column -> field for header tables (rows: journey fields; personas: persona fields, ...).
    fields: dict[int, str] = field(default_factory=dict)
    #: Other readings that were possible, best first: (role, score).
    alternatives: list[tuple[str, float]] = field(default_factory=list)

    @property
    def runner_up(self) -> tuple[str, float] | None:
        return self.alternatives[0] if self.alternatives else None


def _text(value: CellValue) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _filled(cells: list[CellValue]) -> list[tuple[int, CellValue]]:
    return [
        (c, v)
        for c, v in enumerate(cells)
        if v is not None and not (isinstance(v, str) and not v.strip())
    ]


def is_title_row(view: SheetGrid, row: int) -> bool:
    """A title line: one text, `Label: value` texts, or a known label and its value."""
    cells = _filled(view.rows[row])
    if not cells:
        return True
    if len(cells) == 1:
        return True
    texts = [_text(v) for _c, v in cells]
    if all(t and split_label(t) for t in texts):
        return True
    if len(cells) == 2 and texts[0] and label_key(texts[0]) is not None:
        return True
    # A label and its value spread over a few cells (`Owner:` ... `Product team`).
    return len(cells) in (2, 4) and all(
        (i % 2 == 0 and t.endswith((":", "："))) or i % 2 == 1 for i, t in enumerate(texts)
    )


def _starts_with_pair(view: SheetGrid) -> bool:
    """Whether the first row is a known label and its value, in one cell or two."""
    return bool(view.height) and _is_pair_row(view, 0)


def _is_pair_row(view: SheetGrid, row: int) -> bool:
    """Whether a row is a known label and its value, in one cell or two."""
    texts = [_text(v) for _c, v in _filled(view.rows[row])]
    if len(texts) == 1:
        return split_label(texts[0]) is not None
    return len(texts) == 2 and bool(texts[0]) and label_key(texts[0]) is not None


def _label_lines(view: SheetGrid) -> int:
    """How many leading rows are a known label and its value (`Emotion scale: -2..2`)."""
    count = 0
    while count < min(view.height, _LABEL_SCAN_ROWS) and _is_pair_row(view, count):
        count += 1
    return count


def _names_stages(view: SheetGrid, decision: Decision, vocab: Any, sheet_hint: str | None) -> bool:
    """Whether a stage-list reading is a stage list by the sheet's name or by its header: the
    stage column's header names a journey's stage (`Stage`, `Phase`, `Etappe`), not only a
    word a Stages sheet takes for one (`Name`)."""
    if sheet_hint == "stages":
        return True
    col = next(c for c, f in decision.fields.items() if f == "stage")
    return vocab.journey_field(_text(view.rows[decision.header][col])) == "stage"


def title_rows(view: SheetGrid) -> int:
    """How many leading rows of a block are title lines (all of them for a title block)."""
    count = 0
    while count < view.height and is_title_row(view, count):
        count += 1
    return count


def classify(
    view: SheetGrid,
    vocab: Any,
    *,
    sheet_hint: str | None = None,
    forced: str | None = None,
    column_kinds: dict[str, str] | None = None,
) -> Decision:
    """The best reading of one block (a view from `tables.block_view`), with its runners-up."""
    lead = title_rows(view)
    card = _as_card(view, lead, vocab)
    candidates: list[Decision] = []
    # The header may sit a couple of rows below where the title lines seem to end; a block of
    # one column looks like title lines throughout, so its first row is tried as a header too.
    start = lead if lead < view.height else 0
    headers = range(min(start, view.height - 1), min(start + 3, view.height))
    for header in headers:
        candidates.extend(
            d
            for d in (
                _as_rows(view, header, vocab, column_kinds),
                _as_personas(view, header, vocab),
                _as_stages(view, header, vocab),
                _as_reviews(view, header, vocab),
                _as_card_list(view, header, vocab),
                _as_grid(view, header, vocab),
            )
            if d is not None
        )
    if lead >= view.height:
        # A stage list may sit under more label lines than that (`Journey: ...`, `Owner: ...`,
        # `Emotion scale: -2..2`, then `Stage` and the stage names down one column).
        below = _label_lines(view)
        fits = below not in headers and below < view.height - 1
        stages = _as_stages(view, below, vocab) if fits else None
        if stages is not None:
            candidates.append(stages)
    # Only title lines, the first a label with its value ("Persona | Dana", "Owner: Ops"): a
    # title block, even where a table reading is possible ("Persona" heads a persona table too).
    labelled = lead >= view.height and _starts_with_pair(view)
    if labelled and forced is None:
        # ...except a stage list under those label lines (`Emotion scale: -2..2`, then `Stage`
        # and the stage names down one column): its header names the stage column, or the
        # sheet's name says stages. The label lines are its title lines.
        stage_lists = [
            d
            for d in candidates
            if d.role == "stages" and d.header > 0 and _names_stages(view, d, vocab, sheet_hint)
        ]
        if stage_lists:
            candidates, labelled = stage_lists, False
    if lead >= view.height and card is None and forced is None and (labelled or not candidates):
        return Decision(
            "title", header=lead, score=1.0, reason="title lines only (one text or label per row)"
        )
    if card is not None:
        candidates.append(card)
    for decision in candidates:
        if forced is not None:
            wanted = {"rows": {"rows"}, "personas": {"personas", "card"}}.get(forced, {forced})
            if decision.role in wanted:
                decision.score += _BONUS_FOR_FORCED
                decision.reason += "; forced in mapbridge.toml"
        elif sheet_hint and decision.role in _HINTED.get(sheet_hint, ()):
            decision.score += _BONUS_FOR_SHEET_NAME
            decision.reason += f"; the sheet's name says {sheet_hint}"
    if not candidates:
        return Decision("unknown", header=lead, reason=_unknown_reason(view, lead))
    # Best score first; on a tie, the earlier header row, then the order roles are listed in.
    candidates.sort(key=lambda d: (-d.score, d.header, ROLES.index(d.role)))
    best = candidates[0]
    seen = {best.role}
    for other in candidates[1:]:
        if other.role not in seen:
            best.alternatives.append((other.role, other.score))
            seen.add(other.role)
    return best


def is_ambiguous(decision: Decision) -> bool:
    """Two readings about as likely: the runner-up scores at least 3/4 of the winner (and >= 2)."""
    other = decision.runner_up
    if other is None or decision.score >= _BONUS_FOR_FORCED:
        return False
    if {decision.role, other[0]} <= {"personas", "card"}:
        return False
    return other[1] >= 2 and other[1] >= 0.75 * decision.score


def _count(n: float, thing: str) -> str:
    """ "1 known header", "3 known headers", "no known header" """
    n = int(n)
    if n == 0:
        return f"no {thing}"
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _unknown_reason(view: SheetGrid, header: int) -> str:
    row = view.rows[min(header, view.height - 1)] if view.height else []
    words = [_text(v) for _c, v in _filled(row)][:4]
    shown = ", ".join(repr(w) for w in words if w)
    found = f"found {shown}" if shown else "found no header texts"
    return (
        f"{found}; expected a header row with a Stage or Name column, a row of stage names "
        "above lane labels, or label/value pairs of a persona"
    )


# ---------------------------------------------------------------------- readings


def _header_cells(view: SheetGrid, header: int) -> list[tuple[int, str]]:
    return [(c, _text(v)) for c, v in _filled(view.rows[header]) if _text(v)]


def _data_rows(view: SheetGrid, header: int) -> int:
    """Whether any row below the header holds a value (1) or not (0); stops at the first."""
    return int(any(_filled(view.rows[r]) for r in range(header + 1, view.height)))


def _as_rows(
    view: SheetGrid, header: int, vocab: Any, column_kinds: dict[str, str] | None
) -> Decision | None:
    cells = _header_cells(view, header)
    fields: dict[int, str] = {}
    lanes = 0
    for col, text in cells:
        forced = (column_kinds or {}).get(text)
        known = vocab.journey_field(text) if forced is None else None
        if known and known not in fields.values():
            fields[col] = known
        elif forced or vocab.lane_kind(text)[0] != "custom":
            lanes += 1
    if "stage" not in fields.values() or _data_rows(view, header) == 0:
        return None
    score = len(fields) + lanes
    return Decision(
        "rows",
        header=header,
        score=score,
        fields=fields,
        reason=f"a header row with a Stage column and {_count(score - 1, 'other known header')}",
    )


def _as_personas(view: SheetGrid, header: int, vocab: Any) -> Decision | None:
    cells = _header_cells(view, header)
    fields: dict[int, str] = {}
    foreign = 0
    for col, text in cells:
        known = vocab.persona_field(text)
        if known is None and vocab.is_demographic(text):
            known = "demographic"
        if known and (known == "demographic" or known not in fields.values()):
            fields[col] = known
        elif vocab.journey_field(text) == "stage":
            foreign += 1  # a Stage column makes journey rows, whatever else the header says
    name_cols = [c for c, f in fields.items() if f == "name"]
    if not name_cols or foreign or _data_rows(view, header) == 0:
        return None
    first = cells[0][0] if cells else 0
    if len(fields) < 2 and name_cols[0] != first:
        return None
    return Decision(
        "personas",
        header=header,
        score=len(fields) + (0.5 if name_cols[0] == first else 0),
        fields=fields,
        reason=f"a header row with a Name column and {_count(len(fields) - 1, 'other persona field')}",
    )


def _as_stages(view: SheetGrid, header: int, vocab: Any) -> Decision | None:
    cells = _header_cells(view, header)
    fields: dict[int, str] = {}
    for col, text in cells:
        known = vocab.stage_sheet_field(text)
        if known is None or known in fields.values():
            return None
        fields[col] = known
    if "stage" not in fields.values() or _data_rows(view, header) == 0:
        return None
    return Decision(
        "stages",
        header=header,
        score=len(fields) + 0.5,
        fields=fields,
        reason="a header row with Stage and only stage-list columns (Order, Description, ...)",
    )


def _as_reviews(view: SheetGrid, header: int, vocab: Any) -> Decision | None:
    cells = _header_cells(view, header)
    fields: dict[int, str] = {}
    for col, text in cells:
        known = vocab.review_field(text)
        if known and known not in fields.values():
            fields[col] = known
    values = set(fields.values())
    if not values & {"owner", "trigger"} or len(fields) < 2 or _data_rows(view, header) == 0:
        return None
    return Decision(
        "reviews",
        header=header,
        score=len(fields) - 0.5,
        fields=fields,
        reason="a header row with review columns (Owner, Last reviewed, Trigger, ...)",
    )


def _as_card_list(view: SheetGrid, header: int, vocab: Any) -> Decision | None:
    """A small table under a persona card: its first header is a persona list field."""
    cells = _header_cells(view, header)
    if not cells or cells[0][0] != 0 or _data_rows(view, header) == 0 or len(cells) > 4:
        return None
    known = vocab.persona_field(cells[0][1])
    if known not in LIST_FIELDS:
        return None
    if vocab.journey_field(cells[0][1]) == "stage":
        return None
    return Decision(
        "card-list",
        header=header,
        score=1.0,
        fields={0: known},
        reason=f"a list table headed {cells[0][1]!r} (a persona's {known.replace('_', ' ')})",
    )


def _as_grid(view: SheetGrid, stage_row: int, vocab: Any) -> Decision | None:
    """Stage names across `stage_row`, lane labels down the first column below it."""
    across = [(c, v) for c, v in _filled(view.rows[stage_row]) if c > 0]
    merged_across = any(r1 == stage_row and c2 > c1 for r1, c1, _r2, c2 in view.merged)
    if len(across) < 2 and not (across and merged_across):
        return None
    labels = [
        _text(view.rows[r][0])
        for r in range(stage_row + 1, min(view.height, stage_row + 1 + _LABEL_SCAN_ROWS))
        if view.rows[r] and _text(view.rows[r][0])
    ]
    if not labels:
        return None
    known = [x for x in labels if vocab.lane_kind(x)[0] != "custom"]
    corner = _text(view.rows[stage_row][0]) if view.rows[stage_row] else ""
    corner_is_stage = bool(corner) and vocab.journey_field(corner) == "stage"
    if not known and not corner_is_stage:
        return None
    # Persona fields down the first column make a card, not a grid: count only lane words.
    score = len(known) + (1.0 if corner_is_stage else 0.0)
    texts = [_text(v) for _c, v in across]
    if len(set(texts)) == len(texts) and all(len(t) <= 60 for t in texts):
        score += 0.5
    return Decision(
        "grid",
        header=stage_row,
        score=score,
        reason=f"stage names across a row and {_count(len(known), 'known lane label')} down the first column"
        + (f" (corner {corner!r})" if corner else " (empty corner)"),
    )


def _as_card(view: SheetGrid, lead: int, vocab: Any) -> Decision | None:
    """Label/value pairs down the first column, values to their right (one persona per value column)."""
    if view.width > 6:
        return None
    start = lead
    # `Field | Details` above the pairs is the card's own header.
    if start < view.height:
        head = [_text(v).casefold() for _c, v in _filled(view.rows[start])]
        if head and all(h in CARD_HEADER_WORDS for h in head):
            start += 1
    # Title lines at the top may be the card's first pairs (`Persona Name | Maria`): look from 0.
    first = 0 if lead and _pair_rows(view, 0, lead) else start
    persona_only = 0
    labelled = 0
    has_name = False
    for row in range(first, min(view.height, first + _LABEL_SCAN_ROWS)):
        cells = view.rows[row]
        label = _text(cells[0]) if cells else ""
        if not label:
            continue
        if not any(v is not None and v != "" for v in cells[1:]):
            continue
        labelled += 1
        known = vocab.persona_field(label)
        if known is None and vocab.is_demographic(label):
            known = "demographic"
        if known == "name":
            has_name = True
        if known and vocab.lane_kind(label)[0] == "custom":
            persona_only += 1
    if persona_only < 2 or labelled < 2:
        return None
    return Decision(
        "card",
        header=first,
        score=persona_only + (1.0 if has_name else 0.0),
        reason=f"label/value pairs down the first column, {persona_only} of them persona fields",
    )


def _pair_rows(view: SheetGrid, start: int, stop: int) -> bool:
    return all(len(_filled(view.rows[r])) == 2 for r in range(start, stop))
