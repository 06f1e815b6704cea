"""renderkit's house rules: the reading guide names every module, and imports go one way.

The guide is the docstring of ``renderkit/__init__.py``; the folders import only from the
folders after them in it (``cli`` -> ``jobs`` -> ``pages`` -> ``outputs`` -> ``plan``), so
no module imports the one that calls it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import renderkit

PACKAGE = Path(renderkit.__file__).parent
ORDER = ["cli", "jobs", "pages", "outputs", "plan"]


def _modules() -> dict[str, Path]:
    """``folder.module`` -> file, for every module under renderkit/ but the package inits."""
    return {
        f"{path.parent.name}.{path.stem}": path
        for path in sorted(PACKAGE.glob("*/*.py"))
        if path.name != "__init__.py"
    }


def _imported_folders(path: Path) -> set[str]:
    """The renderkit folders a module imports from (relative or absolute imports)."""
    folders = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1:
            folders.add(path.parent.name)
        elif node.level == 2 and node.module:
            folders.add(node.module.split(".")[0])
        elif node.level == 0 and node.module and node.module.startswith("renderkit."):
            folders.add(node.module.split(".")[1])
    return folders


def test_every_folder_is_a_known_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(ORDER)
    assert not [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]


def test_the_reading_guide_names_every_module() -> None:
    guide = renderkit.__doc__ or ""
    missing = [name for name in _modules() if f"renderkit.{name}`" not in guide]
    assert not missing, f"renderkit/__init__.py does not mention {missing}"


def test_folders_import_only_the_folders_after_them() -> None:
    wrong = []
    for name, path in _modules().items():
        here = ORDER.index(path.parent.name)
        for folder in _imported_folders(path):
            if ORDER.index(folder) < here:
                wrong.append(f"{name} imports from {folder}/")
    assert not wrong, wrong


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The check above would catch outputs/ importing the jobs that call it."""
    module = tmp_path / "outputs" / "x.py"
    module.parent.mkdir()
    module.write_text("from ..jobs.protocol import Outcome\nfrom .files import write_text\n")
    assert _imported_folders(module) == {"jobs", "outputs"}
