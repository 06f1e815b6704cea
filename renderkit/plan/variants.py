"""Scene parameters from the command line and TOML files: which scenes render as variants.

``render.py softmax --set logits=3,1,-1,0.5 --set units=bits --config lecture.toml
--variant lecture3``: :func:`resolve` reads the file (one table per scene and an optional
``[all]``), lays the ``--set`` values over it (``NAME=VALUE`` for every selected scene
that has ``NAME``, ``SCENE.NAME=VALUE`` for one), and checks every value against the
scene's declared :class:`scenes.params.ParamSet` (``PARAMS`` in its module). A scene
whose values differ from its defaults becomes a :class:`Variant` named ``--variant`` or
a short stable slug of the changed values; a scene left at its defaults renders as
always. Every problem is a :class:`VariantError`: one line naming the scene, the
parameter, the value given and what is allowed, raised before anything renders.

Loading a scene's ``PARAMS`` imports its module (and manim): only runs that ask for
values, and renders that need the defaults for the manifest, pay for it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.params import ParamError, ParamSet, show
from scenes.registry import SCENE_NAMES, SceneInfo, find_scene

ALL_TABLE = "all"
#: A variant's name goes into file names: letters, digits, ``.``, ``_``, ``-``.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
_SLUG_SAFE = re.compile(r"[A-Za-z0-9._,-]+")
_SLUG_MAX = 40


class VariantError(ValueError):
    """A parameter problem, as the one line render.py prints."""


@dataclass(frozen=True)
class Variant:
    """A scene rendered with other values than its defaults."""

    name: str  #: in its files' names: ``<scene>--<name>.<ext>``
    values: dict[str, Any]  #: every parameter's value, the defaults included
    changed: dict[str, Any]  #: only those that differ from the defaults


def param_set(info: SceneInfo, *, fresh: bool = False) -> ParamSet:
    """The scene's declared parameters (``PARAMS`` in its module; none if it has none);
    ``fresh``: read the module again if it was loaded before (``--watch`` saw it change)."""
    try:
        module = importlib.import_module(info.module)
        if fresh:
            module = importlib.reload(module)
    except Exception as error:  # a scene being edited: say so, in one line
        raise VariantError(f"{info.name}: cannot load {info.module}: {error}") from None
    found = getattr(module, "PARAMS", None)
    return found if isinstance(found, ParamSet) else ParamSet()


def default_values(info: SceneInfo) -> dict[str, Any]:
    """Every parameter of the scene at its default as its file says now (JSON-able)."""
    return _jsonable(param_set(info, fresh=True).defaults())


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def slug(changed: Mapping[str, Any]) -> str:
    """A short name for these changed values that is the same for the same values:
    ``units-bits``, ``logits-3,1,-1,0.5``; a hash when that would be long or unsafe in a
    file name (``class_names-1f0c2a9e``)."""
    readable = "_".join(f"{name}-{show(v).replace(', ', ',')}" for name, v in changed.items())
    if len(readable) <= _SLUG_MAX and _SLUG_SAFE.fullmatch(readable):
        return readable
    digest = hashlib.sha256(json.dumps(_jsonable(changed), sort_keys=True).encode()).hexdigest()
    return f"{'-'.join(changed)[:24].rstrip('-_')}-{digest[:8]}"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name) or "--" in name:
        raise VariantError(
            f"--variant {name!r}: use 1-40 letters, digits, '.', '_' or '-' (starting with a "
            "letter or digit, no '--'); it becomes part of the file names"
        )
    return name


def read_config(path: Path) -> dict[str, dict[str, Any]]:
    """The TOML file's tables: ``{"all": {...}, "softmax": {...}}``, names checked."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise VariantError(f"--config {path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise VariantError(f"--config {path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise VariantError(f"--config {path}: not valid TOML: {error}") from None
    tables: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise VariantError(
                f"--config {path}: {name!r} must sit in a table, [{ALL_TABLE}] or [<scene>]"
            )
        if name != ALL_TABLE:
            try:
                name = find_scene(name).name
            except KeyError:
                valid = ", ".join([ALL_TABLE, *SCENE_NAMES])
                raise VariantError(
                    f"--config {path}: [{name}] is not a scene; tables: {valid}"
                ) from None
        tables[name] = table
    return tables


def parse_sets(sets: Sequence[str]) -> list[tuple[str | None, str, str]]:
    """``--set`` options as ``(scene or None, name, text)``."""
    parsed = []
    for item in sets:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise VariantError(f"--set {item!r}: expected NAME=VALUE, e.g. --set logits=3,1,-1,0.5")
        scene, dot, param = name.rpartition(".")
        if dot:
            try:
                scene = find_scene(scene).name
            except KeyError:
                raise VariantError(
                    f"--set {item!r}: {scene!r} is not a scene; valid: {', '.join(SCENE_NAMES)}"
                ) from None
        parsed.append((scene if dot else None, param, text))
    return parsed


def _given(
    chosen: Sequence[SceneInfo],
    sets: list[tuple[str | None, str, str]],
    tables: Mapping[str, Mapping[str, Any]],
    sets_of: dict[str, ParamSet],
) -> dict[str, dict[str, Any]]:
    """Per scene, the values given for it: the file's [all], its table, then --set."""
    names = {info.name for info in chosen}
    for name in tables.get(ALL_TABLE, {}):
        if not any(name in ps for ps in sets_of.values()):
            raise VariantError(f"--config [{ALL_TABLE}]: no scene has a parameter {name!r}")
    for scene, name, _ in sets:
        if scene is not None and scene not in names:
            raise VariantError(f"--set {scene}.{name}: {scene} is not among the scenes rendered")
        wanted = [scene] if scene else sorted(names)
        if not any(name in sets_of[s] for s in wanted):
            lone = wanted[0] if len(wanted) == 1 else None
            if lone:
                raise VariantError(f"{lone}: {sets_of[lone].unknown(name)}")
            raise VariantError(f"--set {name}: none of the scenes rendered has that parameter")
    given: dict[str, dict[str, Any]] = {}
    for info in chosen:
        ps, own = sets_of[info.name], dict(tables.get(info.name, {}))
        values = {k: v for k, v in tables.get(ALL_TABLE, {}).items() if k in ps}
        values.update(own)
        values.update({n: t for s, n, t in sets if s is None and n in ps})
        values.update({n: t for s, n, t in sets if s == info.name})
        given[info.name] = values
    return given


def resolve(
    chosen: Sequence[SceneInfo],
    sets: Sequence[str] = (),
    config: Path | None = None,
    name: str | None = None,
) -> dict[str, Variant]:
    """The variants of the ``chosen`` scenes under these options (scene -> Variant); a
    scene left at its defaults has none. :class:`VariantError` for any bad input."""
    if name is not None:
        check_name(name)
    parsed = parse_sets(sets)
    tables = read_config(config) if config is not None else {}
    if not parsed and not tables:
        if name is not None:
            raise VariantError(f"--variant {name}: nothing to vary; give --set or --config")
        return {}
    registry = chosen if not tables.get(ALL_TABLE) else [find_scene(n) for n in SCENE_NAMES]
    sets_of = {info.name: param_set(info) for info in {*chosen, *registry}}
    variants = {}
    for scene, given in _given(chosen, parsed, tables, sets_of).items():
        try:
            values = sets_of[scene].resolve(given)
        except ParamError as error:
            raise VariantError(f"{scene}: {error}") from None
        changed = sets_of[scene].changed(values)
        if changed:
            variants[scene] = Variant(name or slug(changed), _jsonable(values), _jsonable(changed))
    if name is not None and not variants:
        raise VariantError(f"--variant {name}: every scene is at its defaults; nothing to vary")
    return variants


def explainer_variant(names: Sequence[str]) -> str:
    """The joined explainer's variant: "" when every scene is at its defaults, the one
    variant name the others share, or ``mixed-<hash>`` of their names."""
    distinct = sorted({n for n in names if n})
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    return "mixed-" + hashlib.sha256(json.dumps(list(names)).encode()).hexdigest()[:8]


def describe(info: SceneInfo) -> str:
    """What ``render.py --params SCENE`` prints: every parameter (name, type, default,
    what is allowed, help) and the rules across them."""
    ps = param_set(info)
    head = f"{info.name}: parameters for --set NAME=VALUE (lists comma-separated) or --config"
    if not ps.params:
        return f"{info.name}: no parameters (it has no example values to change)"
    rows = [("name", "type", "default", "allowed", "help")]
    rows += [(p.name, p.type_text, show(p.default), p.allowed_text, p.help) for p in ps.params]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [head, ""]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[4]]))
    if ps.rules:
        lines += ["", "rules:"] + [f"  {rule.text}" for rule in ps.rules]
    return "\n".join(lines)
