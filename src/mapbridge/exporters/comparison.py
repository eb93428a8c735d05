"""What the comparison pages of the diagram exporters share: the lanes of several maps, and stripes.

A comparison page (draw.io) or board (Excalidraw) shows every persona of a journey over the
stages they share. What is in each cell comes from the model's `CellIndex`, built once per map.
"""

from __future__ import annotations

from mapbridge.model import Journey, Lane


def lanes_of(maps: list[Journey]) -> list[Lane]:
    """Every lane of the maps, once per id, in the first map's order."""
    lanes: list[Lane] = []
    seen: set[str] = set()
    for journey in maps:
        for lane in journey.lanes:
            if lane.id not in seen:
                lanes.append(lane)
        seen.update(lane.id for lane in journey.lanes)
    return lanes


def shared_stripes(
    texts: list[tuple[Journey, str]],
    persona_count: int,
    colours: dict[str, str],
    shared_colour: str,
) -> list[tuple[str, str]]:
    """(edge colour, text) per distinct text of a comparison cell, in persona order.

    Text one persona wrote keeps that persona's colour; text several wrote is shown once, in the
    shared colour, marked "shared by N" (or "all N"), so persona-specific content stands out.
    """
    by_text: dict[str, list[Journey]] = {}
    for journey, text in texts:
        if text:
            by_text.setdefault(text, []).append(journey)
    stripes = []
    for text, authors in by_text.items():
        if len(authors) == 1:
            stripes.append((colours.get(authors[0].persona_id or "", shared_colour), text))
        else:
            who = f"all {len(authors)}" if len(authors) == persona_count else str(len(authors))
            stripes.append((shared_colour, f"{text}\n(shared by {who})"))
    return stripes
