"""Run Mermaid's and Excalidraw's own JavaScript (tests/js, under Node.js) from the Python tests.

`npm ci` in tests/js installs them (.ci/run does). On a developer machine without them the tests
that need them are skipped; in CI (CI set) their absence is a failure, so a green CI means the
real parsers ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

JS_DIR = Path(__file__).parent / "js"


def require_node_modules(*packages: str) -> None:
    """Skip (locally) or fail (in CI) when Node.js or the npm packages are missing."""
    missing = [p for p in packages if not (JS_DIR / "node_modules" / p / "package.json").exists()]
    node = shutil.which("node")
    if node and not missing:
        return
    what = "node" if not node else ", ".join(missing)
    message = f"{what} not installed: run `npm ci` in tests/js"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_node(script: str, payload: Any, *, timeout: float = 120) -> Any:
    """Run tests/js/<script> with a JSON payload on stdin; return its JSON output."""
    completed = subprocess.run(
        ["node", str(JS_DIR / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=JS_DIR,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(f"{script} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def mermaid_parse(diagrams: list[str]) -> list[dict[str, Any]]:
    """What Mermaid's parser reads from each diagram (see tests/js/parse-mermaid.mjs)."""
    require_node_modules("mermaid", "jsdom")
    return run_node("parse-mermaid.mjs", diagrams)
