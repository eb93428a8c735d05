"""mapbridge: persona and journey-mapping workshop workbooks in, designed decks, trackers and checks out.

The public API is imported lazily (PEP 562) so that `mapbridge --help` starts as fast as click.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    "Workspace": "mapbridge.model",
    "Persona": "mapbridge.model",
    "Journey": "mapbridge.model",
    "Stage": "mapbridge.model",
    "Step": "mapbridge.model",
    "Lane": "mapbridge.model",
    "Entry": "mapbridge.model",
    "Emotion": "mapbridge.model",
    "EmpathyMap": "mapbridge.model",
    "Connection": "mapbridge.model",
    "Trigger": "mapbridge.model",
    "SourceRef": "mapbridge.model",
    "Problem": "mapbridge.errors",
    "Report": "mapbridge.errors",
    "MapbridgeError": "mapbridge.errors",
    "UnreadableInput": "mapbridge.errors",
    "InvalidWorkbook": "mapbridge.errors",
    "UsageError": "mapbridge.errors",
    "LayoutDecision": "mapbridge.layout",
    "decide_layout": "mapbridge.layout",
    "decide_layouts": "mapbridge.layout",
    "read_workbook": "mapbridge.importers.workbook",
    "read_input": "mapbridge.api",
    "write_starter_workbook": "mapbridge.exporters.starter",
    "write_deck": "mapbridge.exporters.deck",
    "write_tracker": "mapbridge.exporters.tracker",
    "check": "mapbridge.checks",
    "CheckConfig": "mapbridge.checks",
    # The commands as library calls (one run each: settings, input and checks read once);
    # `from mapbridge import workflow` gives workflow.deck, .tracker, .check, .export, .inspect.
    "build": "mapbridge.workflow",
    "BuildOptions": "mapbridge.workflow",
    "BuildResult": "mapbridge.workflow",
    "DeckOptions": "mapbridge.workflow",
    "DeckRunResult": "mapbridge.workflow",
    "TrackerOptions": "mapbridge.workflow",
    "TrackerRunResult": "mapbridge.workflow",
    "CheckOptions": "mapbridge.workflow",
    "CheckResult": "mapbridge.workflow",
    "ExportOptions": "mapbridge.workflow",
    "ExportResult": "mapbridge.workflow",
    "InspectOptions": "mapbridge.workflow",
    "InspectResult": "mapbridge.workflow",
    "Thresholds": "mapbridge.config",
    "Configuration": "mapbridge.config",
    "resolve_configuration": "mapbridge.config",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mapbridge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
