"""The PowerPoint deck: persona profiles, a journey-map slide per persona map, and the persona-layered comparison.

python-pptx is used only inside this subpackage. `write_deck(workspace, path, ...)` is the entry point;
`write_portfolio_decks(workspace, outdir, ...)` writes a portfolio's decks (one per journey and an
overview, or everything in one).
"""

from __future__ import annotations

from mapbridge.exporters.deck.portfolio import write_portfolio_decks
from mapbridge.exporters.deck.writer import LAYOUT_CHOICES, DeckResult, write_deck

__all__ = ["LAYOUT_CHOICES", "DeckResult", "write_deck", "write_portfolio_decks"]
