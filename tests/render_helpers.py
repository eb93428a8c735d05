"""Rendering decks for the SLOW render tests: one LibreOffice run, then poppler's word boxes and pixels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

#: pdftotext boxes span the font's whole bounding box (about 1.3 em for 1 em of type); this
#: share of the height, taken off the top and the bottom, leaves where the glyphs are.
CORE_TRIM = 0.2
#: How far (pt) a word may stick out of the shape that holds it.
TOLERANCE_PT = 1.5


def tools_or_skip(*extra: str) -> None:
    """Skip when LibreOffice or poppler is missing, except in CI, where that is a failure."""
    missing = [tool for tool in ("soffice", "pdftotext", *extra) if shutil.which(tool) is None]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} missing in CI: .ci/run installs LibreOffice and poppler")
    pytest.skip(f"{', '.join(missing)} not installed (the render test runs in CI)")


def convert_to_pdf(files: list[Path], outdir: Path, fmt: str = "pdf") -> dict[Path, Path]:
    """Every file converted to PDF (or `fmt`: "png" draws a deck's first slide) in one
    LibreOffice run (starting it is most of the cost)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            timeout=600,
            capture_output=True,
        )
    pdfs = {}
    for file in files:
        out = outdir / f"{file.stem}.{fmt}"
        assert out.exists(), f"LibreOffice did not convert {file.name}"
        pdfs[file] = out
    return pdfs


@dataclass
class Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, other: Box) -> bool:
        t = TOLERANCE_PT
        return (
            other.x0 >= self.x0 - t
            and other.y0 >= self.y0 - t
            and other.x1 <= self.x1 + t
            and other.y1 <= self.y1 + t
        )

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def word_boxes(pdf: Path, workdir: Path, trim: float = CORE_TRIM) -> list[list[Box]]:
    """Each page's words as pdftotext -bbox-layout boxes them (pt), `trim` of the height off
    top and bottom (0: the font's whole bounding box)."""
    html = workdir / f"{pdf.stem}.html"
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(html)], check=True, timeout=120)
    return pdf_words(html, trim)


def pdf_words(html: Path, trim: float = CORE_TRIM) -> list[list[Box]]:
    root = etree.parse(str(html), etree.HTMLParser(encoding="utf-8"))
    pages = []
    for page in root.iter("page"):
        words = []
        for word in page.iter("word"):
            y0, y1 = float(word.get("ymin")), float(word.get("ymax"))
            cut = (y1 - y0) * trim
            words.append(
                Box(
                    word.text or "",
                    float(word.get("xmin")),
                    y0 + cut,
                    float(word.get("xmax")),
                    y1 - cut,
                )
            )
        pages.append(words)
    return pages


OOXML_ENV = "MAPBRIDGE_OOXML_VALIDATE"
REPO = Path(__file__).resolve().parent.parent


def ooxml_validator() -> Path | None:
    """The Office XML validator: $MAPBRIDGE_OOXML_VALIDATE, the shared tools beside the
    repository, or the copy kept in tools/ooxml (so a clone on its own still validates)."""
    named = os.environ.get(OOXML_ENV)
    if named:
        return Path(named)
    for candidate in (
        REPO.parent / "shared" / "tools" / "ooxml" / "validate.py",
        REPO / "tools" / "ooxml" / "validate.py",
    ):
        if candidate.exists():
            return candidate
    return None


def assert_valid_packages(files: list[Path]) -> None:
    """Every package passes the validator: schemas and the rules Office applies when it opens
    a file (no repair prompt). Fails in CI, skips elsewhere, when the validator is missing."""
    validator = ooxml_validator()
    if validator is None or not validator.exists():
        where = f"set {OOXML_ENV} or keep tools/ooxml in the repository"
        if os.environ.get("CI"):
            pytest.fail(f"the Office XML validator is missing in CI: {where}")
        pytest.skip(f"the Office XML validator is not here ({where})")
    run = subprocess.run(
        [sys.executable, str(validator), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    verdicts = [line for line in run.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert run.returncode == 0, "\n".join([*verdicts, run.stdout[-4000:], run.stderr[-2000:]])
    assert len(verdicts) >= len(files)
