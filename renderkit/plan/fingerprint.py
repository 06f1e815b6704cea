"""A scene's input fingerprint: what it is made of, so unchanged scenes are not rendered again.

The fingerprint is a sha256 over the scene file and every file it imports, transitively,
from the project's own packages (``scenes/`` and ``mathcore/``), plus the render settings
and manim's version. Imports are followed statically with :mod:`ast` (no module is run,
manim is not imported), including relative imports and the ``__init__.py`` of every
package on the way, so editing ``scenes/components/bars.py`` changes the fingerprint of
the scenes that use bars and of no other scene.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .spec import PROJECT

__all__ = ["imported_modules", "scene_fingerprint", "source_files"]

DEFAULT_ROOTS = ("scenes", "mathcore")
#: Files every scene imports (``scenes/__init__.py`` re-exports the registry) that no
#: render depends on: the list of scenes. Hashed, it would make adding a scene re-render
#: every other one.
NOT_INPUTS = frozenset({"scenes/registry.py"})
_SCHEME = "ce-scene-fingerprint-v1"

# parsed imports per file, reused while the file's (mtime, size) stays the same
_parsed: dict[Path, tuple[tuple[int, int], list[tuple[str, tuple[str, ...], int]]]] = {}


def _project_root(module_file: Path, roots: Sequence[str]) -> Path:
    """The folder holding the ``roots`` packages that ``module_file`` belongs to."""
    for parent in module_file.parents:
        rel = module_file.relative_to(parent).parts
        if len(rel) > 1 and rel[0] in roots:
            return parent
    return PROJECT


def _module_name(path: Path, root: Path) -> str | None:
    try:
        parts = list(path.relative_to(root).with_suffix("").parts)
    except ValueError:
        return None
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or None


def imported_modules(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """Every import statement in ``path`` as ``(module, names, level)``.

    ``import a.b`` gives ``("a.b", (), 0)``; ``from ..x import y, z`` gives
    ``("x", ("y", "z"), 2)``. Imports inside functions and ``if`` blocks count too.
    A file that does not parse has none (rendering it will report the error).
    """
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _parsed.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    found: list[tuple[str, tuple[str, ...], int]] = []
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError):
        tree = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.extend((alias.name, (), 0) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                names = tuple(alias.name for alias in node.names)
                found.append((node.module or "", names, node.level))
    _parsed[path] = (key, found)
    return found


def _module_file(module: str, root: Path) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base / "__init__.py", base.with_name(base.name + ".py")):
        if candidate.is_file():
            return candidate
    return None


def _with_parents(module: str) -> Iterable[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: importing a module runs its packages first."""
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        yield ".".join(parts[:i])


def source_files(module_file: Path, roots: Sequence[str] = DEFAULT_ROOTS) -> list[Path]:
    """``module_file`` and every file it imports from the ``roots`` packages, transitively.

    Sorted, absolute paths. Packages' ``__init__.py`` files are included wherever Python
    would run them (the file's own packages and those of every imported module).
    """
    module_file = Path(module_file).resolve()
    if not module_file.is_file():
        raise FileNotFoundError(f"no such scene file: {module_file}")
    roots = tuple(roots)
    root = _project_root(module_file, roots)

    def wanted(module: str) -> bool:
        return module.split(".")[0] in roots

    seen: set[Path] = set()
    todo = [module_file]
    own = _module_name(module_file, root)
    if own and wanted(own):
        todo += [f for m in _with_parents(own) if (f := _module_file(m, root))]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        name = _module_name(path, root) or ""
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for module, names, level in imported_modules(path):
            if level:
                base_parts = package.split(".") if package else []
                if level - 1 > len(base_parts):
                    continue  # beyond the top package: Python would refuse it too
                base = ".".join(base_parts[: len(base_parts) - (level - 1)])
                module = ".".join(p for p in (base, module) if p)
            if not module or not wanted(module):
                continue
            # ``from pkg import name``: name may be a submodule of pkg
            candidates = [*_with_parents(module), *(f"{module}.{n}" for n in names if n != "*")]
            for candidate in candidates:
                found = _module_file(candidate, root)
                if found is not None and found not in seen:
                    todo.append(found)
    return sorted(seen)


def _manim_version() -> str:
    try:
        return importlib.metadata.version("manim")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the project ``root`` (POSIX), or whole if outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def scene_fingerprint(
    scene_file: Path,
    *,
    theme: str,
    quality: str,
    fmt: str,
    transparent: bool,
    resolution: tuple[int, int] | str | None = None,
    fps: float | None = None,
    sections: bool = False,
    extra: Mapping[str, Any] | None = None,
    without_own: bool = False,
) -> str:
    """The sha256 (hex) of everything the render of ``scene_file`` depends on.

    Same sources, settings and manim version give the same value; changing any of them
    (or anything ``extra`` holds, e.g. the renderer's own version) gives another.
    Paths enter relative to the project, so a moved checkout keeps its fingerprints.
    ``without_own`` leaves the scene file's own text out (beat fingerprints hash its code
    beat by beat, see :mod:`renderkit.jobs.beatjob`).
    """
    root = _project_root(Path(scene_file).resolve(), DEFAULT_ROOTS)
    files = [f for f in source_files(Path(scene_file)) if _relative(f, root) not in NOT_INPUTS]
    if without_own:
        files = [f for f in files if f != Path(scene_file).resolve()]
    if isinstance(resolution, Sequence) and not isinstance(resolution, str):
        resolution = "x".join(str(int(v)) for v in resolution)
    settings = {
        "scheme": _SCHEME,
        "manim": _manim_version(),
        "theme": theme,
        "quality": quality,
        "format": fmt,
        "transparent": bool(transparent),
        "resolution": resolution,
        "fps": fps,
        "sections": bool(sections),
        "extra": dict(extra or {}),
    }
    digest = hashlib.sha256()
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in files:
        name = _relative(path, root)
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
