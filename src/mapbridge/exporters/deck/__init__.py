"""The PowerPoint deck: persona profiles, a journey-map slide per persona map, and the persona-layered comparison.

python-pptx is used only inside this subpackage. `write_deck(workspace, path, ...)` is the entry point.
"""

from __future__ import annotations

from mapbridge.exporters.deck.writer import LAYOUT_CHOICES, DeckResult, write_deck

__all__ = ["LAYOUT_CHOICES", "DeckResult", "write_deck"]
