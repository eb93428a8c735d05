"""Persona colours: one colour per persona, the same on every slide, board and diagram."""

from __future__ import annotations

from mapbridge.model import Workspace

#: A colour-blind-aware qualitative palette (Okabe-Ito inspired, darkened for white text and lines).
DEFAULT_PERSONA_COLOURS: tuple[str, ...] = (
    "1F77B4",  # blue
    "D55E00",  # vermillion
    "009E73",  # green
    "9467BD",  # purple
    "CC79A7",  # pink
    "8C6D1F",  # ochre
    "0072B2",  # deep blue
    "E69F00",  # orange
)

#: Colour for content and curves that belong to no persona (shared maps).
SHARED_COLOUR = "5F6B7A"


def persona_colours(
    workspace: Workspace, palette: tuple[str, ...] | list[str] | None = None
) -> dict[str, str]:
    """Persona id -> hex colour (no '#'), assigned in persona order and cycling through the palette."""
    colours = tuple(palette) if palette else DEFAULT_PERSONA_COLOURS
    return {p.id: colours[i % len(colours)] for i, p in enumerate(workspace.personas)}
