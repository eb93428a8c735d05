"""The layers of the code, as the README's architecture section draws them, checked on the import graph.

model at the bottom knows no files; importers turn files into the model and exporters the model
into files, never importing each other; checks read the model; the library (api, workflow,
plugins, config, describe) ties them together; only the CLI uses click and prints.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "mapbridge"

#: Layer of each top-level piece, bottom first. A module may import its own layer or lower ones.
LAYERS: dict[str, int] = {
    "model": 0,
    "codes": 0,
    "errors": 0,
    "emotion": 0,
    "palette": 1,
    "contrast": 1,
    "atomic": 1,
    "safezip": 1,
    "_openpyxl": 1,
    "layout": 1,
    "interactions": 1,
    "portfolio": 1,
    "formats": 1,
    "importers": 2,
    "exporters": 2,
    "checks": 2,
    "insights": 2,
    "plugins": 3,
    "api": 3,
    "config": 3,
    "describe": 3,
    "workflow": 3,
    "cli": 4,
    "__main__": 5,
}
#: Third-party libraries that only their adapters may import.
ADAPTED = {
    "openpyxl": ("_openpyxl", "exporters.starter", "exporters.tracker"),
    "pptx": ("exporters.deck",),
    "jinja2": ("exporters.html",),
    "markupsafe": ("exporters.html",),
    "python_calamine": ("importers.",),
    "click": ("cli",),
}


def modules() -> dict[str, list[tuple[str, int]]]:
    """Module name (relative to mapbridge) -> its imports as (name, line), resolved to absolute."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        package = parts if path.name == "__init__.py" else parts[:-1]
        imports: list[tuple[str, int]] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imports.extend((alias.name, node.lineno) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    target = ".".join(["mapbridge", *base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if target == "mapbridge":
                    # `from mapbridge import codes` names submodules; __version__ is the package's.
                    imports.extend(
                        (f"mapbridge.{alias.name}", node.lineno)
                        for alias in node.names
                        if alias.name != "__version__"
                    )
                else:
                    imports.append((target, node.lineno))
        found[name] = imports
    return found


MODULES = modules()


def piece(name: str) -> str:
    return name.split(".")[0] if name else "mapbridge"


def internal(imports: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [
        (target.removeprefix("mapbridge.").removeprefix("mapbridge"), line)
        for target, line in imports
        if target == "mapbridge" or target.startswith("mapbridge.")
    ]


def test_every_piece_has_a_layer():
    assert {piece(name) for name in MODULES} - {"mapbridge"} <= set(LAYERS)


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: n or "mapbridge")
def test_no_module_imports_a_higher_layer(name: str):
    if not name:
        return  # the package's lazy public API names the library on purpose
    own = LAYERS[piece(name)]
    wrong = [
        f"line {line}: {target}"
        for target, line in internal(MODULES[name])
        if target and LAYERS.get(piece(target), 0) > own
    ]
    assert wrong == [], f"{name} imports a higher layer"


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: n or "mapbridge")
def test_importers_and_exporters_never_import_each_other(name: str):
    other = {"importers": "exporters", "exporters": "importers"}.get(piece(name))
    if other is None:
        return
    wrong = [t for t, _line in internal(MODULES[name]) if piece(t) == other]
    assert wrong == []


def test_the_model_knows_no_files_and_no_other_module():
    assert internal(MODULES["model"]) == []
    external = {target.split(".")[0] for target, _line in MODULES["model"]}
    file_modules = {"os", "io", "pathlib", "shutil", "tempfile", "zipfile", "json", "csv", "sys"}
    assert external & (file_modules | set(ADAPTED)) == set()


@pytest.mark.parametrize("library", sorted(ADAPTED))
def test_third_party_file_libraries_stay_in_their_adapters(library: str):
    allowed = ADAPTED[library]
    users = sorted(
        name
        for name, imports in MODULES.items()
        if any(target.split(".")[0] == library for target, _line in imports)
    )
    stray = [
        n
        for n in users
        if not any(
            n == a or n.startswith(a.rstrip(".") + ".") or (a.endswith(".") and n.startswith(a))
            for a in allowed
        )
    ]
    assert stray == [], f"{library} is imported outside its adapters"


def test_only_the_cli_prints():
    printing = []
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
            ):
                printing.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert printing == []


def test_every_package_is_listed_for_installation():
    """setuptools installs only the packages pyproject.toml lists: a new one left out would be
    missing after `pip install .` while every test run from the source tree still passes."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    pyproject = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {
        ".".join(["mapbridge", *path.parent.relative_to(SRC).parts])
        for path in SRC.rglob("__init__.py")
    }
    assert found - listed == set()
