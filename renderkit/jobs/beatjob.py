"""The worker's side of beat jobs: run a scene so that only beats [start, stop) render.

A beat (``@beat`` in :mod:`scenes.components.base`) is one manim section. The scene
class is wrapped in a subclass that, at the start of every beat,

- records the beat's **fingerprint**: a hash of the scene's state at that moment (every
  mobject's points, colours, opacities, stroke widths, z-order, updaters, the camera),
  the beat's own code (its method's syntax tree without the ``@beat`` caption, so a
  caption edit or a comment changes nothing), the scene module's other code, the values
  the scene reads (its public class attributes: the example numbers, a variant's values)
  and ``deps`` (the settings and every project file the scene imports, from the parent);
- skips the beat's animations if it lies before ``start`` (manim's own section skipping:
  each ``play`` jumps to its end state, no frame is written);
- ends the scene (manim's ``EndSceneEarlyException``) when beat ``stop`` would begin.

and, at its end, the beat's caption cues as fractions of the beat's length and what the
screen shows (:func:`scenes.inspection.describe.describe_scene`: title, texts, equations,
charts; the transcript's content). This module imports manim: only the worker loads it.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

__all__ = ["BeatReport", "job_class", "state_digest"]

#: Decimals kept of every coordinate and colour channel before hashing: far below a
#: pixel at 4K (a frame is 14.2 units wide), far above float noise.
DECIMALS = 4


@dataclass(frozen=True)
class BeatReport:
    """One beat as a job saw it."""

    index: int
    name: str
    fingerprint: str
    seconds: float  #: scene time the beat lasted (exact when skipped, in frames when not)
    cues: tuple[tuple[float, float, str], ...]  #: (start, end) as fractions of the beat
    rendered: bool  #: its frames were written (it lies in [start, stop))
    wall: float = 0.0  #: wall-clock seconds the job spent on it (drawing and encoding)
    #: what the screen shows at its end (``scenes.inspection.describe.Description``)
    description: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BeatReport:
        cues = tuple((float(a), float(b), str(t)) for a, b, t in data["cues"])
        return cls(**{**data, "cues": cues})


def _rounded(values: Any) -> bytes:
    array = np.asarray(values, dtype=float)
    return (np.round(array, DECIMALS) + 0.0).tobytes()  # + 0.0 turns -0.0 into 0.0


def _updater_digest(function: Any) -> bytes:
    """An updater's code and the plain values it closes over (not the objects)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return repr(function).encode()
    cells = []
    for cell in getattr(function, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, (int, float, str, bool, tuple)):
            cells.append(repr(value))
    return code.co_code + repr((code.co_consts, code.co_names, cells)).encode()


def _draws(mobject: Any) -> bool:
    """Whether it has anything to draw (a group's own node, or the empty mobject a
    ``wait()`` leaves in the scene, has not)."""
    return bool(len(mobject.points)) or getattr(mobject, "pixel_array", None) is not None


def _mobject_digest(mobject: Any, digest: Any) -> None:
    digest.update(type(mobject).__name__.encode())
    digest.update(_rounded(mobject.points))
    digest.update(repr(getattr(mobject, "z_index", 0)).encode())
    for name in ("fill_rgbas", "stroke_rgbas", "stroke_width", "background_stroke_rgbas"):
        value = vars(mobject).get(name)  # VMobjects' colours; other mobjects have none
        if value is not None:
            digest.update(_rounded(value))
    color = vars(mobject).get("color")
    if color is not None:
        digest.update(str(color).encode())
    pixels = getattr(mobject, "pixel_array", None)
    if pixels is not None:
        digest.update(np.ascontiguousarray(pixels).tobytes())
    for updater in getattr(mobject, "updaters", []):
        digest.update(_updater_digest(updater))


def state_digest(scene: Any) -> str:
    """A hash of what the scene shows and will animate from: every mobject of every
    family in z-order (points, colours, widths, updaters) and the camera. Mobjects with
    nothing to draw are left out (groups are hashed through their members)."""
    digest = hashlib.sha256()
    camera = scene.camera
    digest.update(repr((str(camera.background_color), camera.frame_width)).encode())
    digest.update(repr(camera.frame_height).encode())
    for top in scene.mobjects:
        family = [m for m in top.get_family() if _draws(m)]
        if family:
            digest.update(b"\0top")
        for mobject in family:
            _mobject_digest(mobject, digest)
    return digest.hexdigest()


def _is_beat(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef):
        return False
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "beat":
            return True
    return False


def _code(node: ast.AST) -> str:
    return hashlib.sha256(ast.dump(node).encode()).hexdigest()


def code_digests(scene_cls: type) -> tuple[str, dict[str, str]]:
    """``(shared, {beat method: digest})`` for the scene's module: each beat's syntax
    tree without its decorators; the rest of the module with the beats taken out."""
    module = inspect.getmodule(scene_cls)
    tree = ast.parse(textwrap.dedent(inspect.getsource(module)) if module else "")
    beats: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            kept = []
            for item in node.body:
                if _is_beat(item):
                    assert isinstance(item, ast.FunctionDef)
                    beats[item.name] = _code(
                        ast.FunctionDef(**{**vars(item), "decorator_list": []})
                    )
                else:
                    kept.append(item)
            node.body = kept
    return _code(tree), beats


def values_digest(scene_cls: type) -> str:
    """The public, non-callable class attributes the scene reads (its numbers)."""
    values = {}
    own = [k for k in scene_cls.__mro__ if k.__module__.split(".")[0] not in ("manim", "builtins")]
    for klass in reversed(own):
        for name, value in vars(klass).items():
            if not name.startswith("_") and not callable(value) and not isinstance(value, property):
                values[name] = value
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=repr).encode()).hexdigest()


def job_class(
    scene_cls: type, *, start: int, stop: int | None, deps: str, reports: list[BeatReport]
) -> type:
    """``scene_cls`` rendering only beats ``[start, stop)`` and reporting every beat it
    reaches into ``reports``."""
    from manim.utils.exceptions import EndSceneEarlyException

    from scenes.inspection.describe import describe_scene

    shared, beat_code = code_digests(scene_cls)
    values = values_digest(scene_cls)
    method_of = {getattr(m, "beat_name", n): n for n, m in inspect.getmembers(scene_cls)
                 if hasattr(m, "caption")}  # fmt: skip

    class BeatJob(scene_cls):
        _skip_beat = False

        def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
            if self._skip_beat:
                kwargs["skip_animations"] = True
            super().next_section(name, *args, **kwargs)

        @contextmanager
        def beat_section(self, name: str, caption: str) -> Iterator[None]:
            index = len(self.beats)
            if stop is not None and index >= stop:
                raise EndSceneEarlyException()
            code = beat_code.get(method_of.get(name, name), shared)
            parts = (deps, shared, code, values, state_digest(self))
            fingerprint = hashlib.sha256("\0".join(parts).encode()).hexdigest()
            self._skip_beat = index < start
            writer = self.renderer.file_writer
            before, began, clock = len(writer.subcaptions), self.time, time.perf_counter()
            with super().beat_section(name, caption):
                yield
            length = self.time - began
            cues = tuple(
                (
                    (c.start.total_seconds() - began) / length,
                    (c.end.total_seconds() - began) / length,
                    c.content,
                )
                for c in writer.subcaptions[before:]
            ) if length > 0 else ()  # fmt: skip
            wall = time.perf_counter() - clock
            screen = dict(describe_scene(self))
            reports.append(
                BeatReport(
                    index, name, fingerprint, length, cues, not self._skip_beat, wall, screen
                )
            )
            self._skip_beat = False

    BeatJob.__name__ = scene_cls.__name__
    BeatJob.__qualname__ = scene_cls.__qualname__
    return BeatJob
