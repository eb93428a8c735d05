"""Screenshots of the interactive page for the README: the sample page, and the same page filtered.

    python tools/html_screenshot.py [--workbook samples/bank-account-rows.xlsx] [--out docs/images]

writes `html-page.png` (the page as it opens, 1600 px wide, down to the first map's emotion
curve: about 2,500 px) and `html-page-filtered.png` (the first journey map, under the filter
bar, with one persona hidden through the URL fragment `#hide=<persona id>`, as a shared link
opens it). Uses Playwright (`pip install playwright`) driving the system's Chromium
(`apt-get install chromium`; set MAPBRIDGE_CHROMIUM to use another executable); `playwright
install` is never needed. The page is the one `build` writes, with a fixed date, so the pictures
change only when the page does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 1600
MAX_HEIGHT = 2400
TODAY = date(2026, 11, 1)


def write_page(workbook: Path, folder: Path) -> tuple[Path, list[str]]:
    """The page `build` writes for `workbook` (into `folder`), and its persona ids in order."""
    from mapbridge import workflow

    result = workflow.build(workbook, folder, workflow.BuildOptions(today=TODAY))
    return folder / f"{workbook.stem}.html", [p.id for p in result.workspace.personas]


def shoot(page_path: Path, persona_ids: list[str], out: Path, hide: str | None = None) -> None:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("MAPBRIDGE_CHROMIUM", "/usr/bin/chromium")
    hidden = hide or (persona_ids[1] if len(persona_ids) > 1 else persona_ids[0])
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        try:
            context = browser.new_context(
                viewport={"width": WIDTH, "height": 1000},
                device_scale_factor=1,
                reduced_motion="reduce",
                color_scheme="light",
            )
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
            # End under the first map's emotion curve and its values, when that is near.
            values = page.locator("tr.lane-values").first
            box = values.bounding_box() if values.count() else None
            if box is not None and box["y"] + box["height"] + 24 <= MAX_HEIGHT + 400:
                height = box["y"] + box["height"] + 24
            page.screenshot(
                path=str(out / "html-page.png"),
                full_page=True,
                clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
            )
            print(f"wrote {out / 'html-page.png'} ({WIDTH} x {height:.0f})")

            page.goto(f"{page_path.as_uri()}#hide={hidden}")
            page.reload()
            page.wait_for_load_state("load")
            # The first journey map under the (sticky) toolbar, so the picture shows the filter
            # with the persona unticked above the map it changed.
            toolbar = page.locator("#toolbar").bounding_box()
            journey = page.locator("section.journey").first.bounding_box()
            if toolbar is None or journey is None:
                raise SystemExit("the page has no toolbar or no journey section to show")
            height = int(toolbar["height"] + min(journey["height"], MAX_HEIGHT))
            page.set_viewport_size({"width": WIDTH, "height": height})
            top = page.evaluate(
                "document.querySelector('section.journey').getBoundingClientRect().top"
                " + window.scrollY"
            )
            page.evaluate(f"window.scrollTo(0, {top - toolbar['height']})")
            page.screenshot(path=str(out / "html-page-filtered.png"))
            print(f"wrote {out / 'html-page-filtered.png'} (#hide={hidden})")
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbook", type=Path, default=ROOT / "samples/bank-account-rows.xlsx")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images")
    parser.add_argument("--hide", help="the persona id to hide (default: the second persona)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mapbridge-screenshot-") as folder:
        page_path, persona_ids = write_page(args.workbook, Path(folder))
        shoot(page_path, persona_ids, args.out, args.hide)
    return 0


if __name__ == "__main__":
    sys.exit(main())
