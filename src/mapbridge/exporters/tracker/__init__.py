"""The Excel review tracker: owners, review dates, triggers, findings and insights that survive every re-run."""

from __future__ import annotations

from mapbridge.exporters.tracker.writer import (
    TrackerChange,
    TrackerResult,
    backup_path,
    write_tracker,
)

__all__ = ["TrackerChange", "TrackerResult", "backup_path", "write_tracker"]
