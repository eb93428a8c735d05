"""Synthetic workshop workbooks of a given size (personas x stages x lanes) for the benchmarks."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

LANES = ["Actions", "Touchpoints", "Thinking", "Emotion", "Pain points", "Opportunities", "Backstage", "Evidence"]

SIZES: dict[str, tuple[int, int, int]] = {
    "S": (5, 8, 8),
    "L": (50, 40, 8),
    "XL": (200, 60, 8),
}


def write_synthetic_workbook(path: Path, personas: int, stages: int, lanes: int = 8) -> int:
    """Write a rows-format workbook; returns the number of journey cells written."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Personas")
    sheet.append(["Name", "Kind", "Role", "Goals", "Pain points", "Behaviours", "Owner", "Last reviewed"])
    for p in range(personas):
        sheet.append(
            [
                f"Persona {p:03d}",
                "Proto-persona" if p % 7 == 3 else "Research",
                f"Role of persona {p}",
                f"Goal {p}.1\nGoal {p}.2",
                f"Pain {p}.1; Pain {p}.2",
                f"Behaviour {p}",
                "CX Research",
                "2026-09-01",
            ]
        )
    journey = wb.create_sheet("Journey rows")
    lane_names = LANES[:lanes]
    journey.append(["Journey", "Persona", "Stage", *lane_names])
    cells = 0
    for p in range(personas):
        for s in range(stages):
            row: list[object] = []
            for lane in lane_names:
                if lane == "Emotion":
                    row.append(((p + s) % 5) - 2)
                else:
                    row.append(f"{lane} of persona {p} at stage {s}: a short workshop note")
            journey.append(["Portfolio journey", f"Persona {p:03d}", f"Stage {s + 1:02d}", *row])
            cells += len(row)
    wb.save(path)
    return cells
