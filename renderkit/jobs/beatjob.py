"""The worker's side of beat jobs: run a scene so that each beat renders or is skipped.

A beat (``@beat`` in :mod:`scenes.components.base`) is one manim section. The scene
class is wrapped in a subclass that, at the start of every beat,

- records the beat's **fingerprint**: a hash of the scene's state at that moment
  (:func:`state_digest`: every mobject's points, colours, opacities, stroke widths,
  z-order, updaters with the module-level names their code reads, the camera, and the
  values of the attributes the scene's own code set on it), the beat's own code and the
  module-level definitions it reads (:mod:`renderkit.plan.beatcode`: the caption
  blanked, so a caption edit or a comment elsewhere changes nothing) and ``deps`` (the
  settings and every project file the scene imports, from the parent);
- decides whether to draw it: a beat before ``start`` is skipped, and so, with
  ``is_cached``, is a beat whose clip is already cached under its fingerprint (manim's
  own section skipping: each ``play`` jumps to its end state, no frame is written);
- ends the scene (manim's ``EndSceneEarlyException``) when beat ``stop`` would begin.

**Tracked sources.** An attribute of the scene whose value has ``beat_key()``,
``beat_pieces()`` and ``beat_reads()`` (an :class:`~scenes.components.equations.EquationStepper`:
a derivation's lines, compiled before the first beat) enters the state by its
``beat_key()`` only (where it is, not all it holds). Each beat records which pieces it
read and their digests at its start (:attr:`BeatReport.reads`); a cached clip is reused
only if those pieces are unchanged (``is_cached`` checks), so editing one line of a
derivation re-renders the beats that read that line, not every beat after the first.

At its end a beat gets its caption cues as fractions of its length and what the screen
shows (:func:`scenes.inspection.describe.describe_scene`: title, texts, equations,
charts; the transcript's content). This module imports manim only inside
:func:`job_class`: only the worker calls it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from ..plan.beatcode import ModuleCode

__all__ = ["BeatReport", "job_class", "state_digest"]

#: Decimals kept of every coordinate and colour channel before hashing: far below a
#: pixel at 4K (a frame is 14.2 units wide), far above float noise.
DECIMALS = 4
#: How deep :func:`value_digest` follows plain objects' attributes.
DEPTH = 6

#: ``is_cached(fingerprint, pieces)``: whether the beat's clip is cached and still valid
#: for the tracked sources' pieces as they are now (``{attribute: {piece: digest}}``).
IsCached = Callable[[str, dict[str, dict[str, str]]], bool]
#: ``names_digest(names)``: what those module-level names of the scene module reach.
NamesDigest = Callable[[set[str]], str]


@dataclass(frozen=True)
class BeatReport:
    """One beat as a job saw it. Every field travels as JSON: into the job's result, the
    clip's metadata beside it in the beat cache and the scene's plan, so a field added
    here reaches the parent's assembly (:class:`renderkit.outputs.publish.BeatClip`
    ``meta``) with no other change."""

    index: int
    name: str
    fingerprint: str
    seconds: float  #: scene time the beat lasted (exact when skipped, in frames when not)
    cues: tuple[tuple[float, float, str], ...]  #: (start, end) as fractions of the beat
    rendered: bool  #: its frames were written in this job
    wall: float = 0.0  #: wall-clock seconds the job spent on it (drawing and encoding)
    began: float = 0.0  #: scene time at its start
    cached: bool = False  #: its clip was in the beat cache, valid, when it began
    #: the tracked sources' pieces it read, with their digests at its start
    reads: dict[str, dict[str, str]] = field(default_factory=dict)
    #: what the screen shows at its end (``scenes.inspection.describe.Description``)
    description: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BeatReport:
        """From :meth:`to_json` (fields this version does not know are dropped, missing
        ones take their defaults)."""
        known = {f.name for f in dataclasses.fields(cls)}
        cues = tuple((float(a), float(b), str(t)) for a, b, t in data.get("cues", ()))
        return cls(**{**{k: v for k, v in data.items() if k in known}, "cues": cues})


def _rounded(values: Any) -> bytes:
    import numpy as np  # here, not above: the parent imports this module for BeatReport

    array = np.asarray(values, dtype=float)
    return (np.round(array, DECIMALS) + 0.0).tobytes()  # + 0.0 turns -0.0 into 0.0


def _code_bytes(code: Any) -> bytes:
    """A code object's instructions, constants and names; nested code by the same (its
    ``repr`` holds a memory address, different in every process)."""
    consts = [_code_bytes(c) if hasattr(c, "co_code") else repr(c).encode() for c in code.co_consts]
    return code.co_code + b"\0".join(consts) + repr(code.co_names).encode()


def _code_names(code: Any) -> set[str]:
    """Every name a code object (and the functions nested in it) reads."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _code_names(const)
    return names


class _Hasher:
    """Digests of a scene's state; ``names_digest`` hashes what the scene module's names
    reach (for functions defined there), ``module`` is that module's name."""

    def __init__(self, scene: Any, names_digest: NamesDigest | None, module: str) -> None:
        self.scene = scene
        self.names_digest = names_digest
        self.module = module

    def function(self, function: Any, digest: Any, seen: set[int]) -> None:
        """A function's code, the module-level names of the scene module it reads, and
        the values it closes over (an updater reading a constant changes with it)."""
        function = getattr(function, "__func__", function)  # a bound method's function
        code = getattr(function, "__code__", None)
        if code is None:
            digest.update(getattr(function, "__qualname__", type(function).__name__).encode())
            return
        digest.update(_code_bytes(code))
        if self.names_digest is not None and getattr(function, "__module__", "") == self.module:
            digest.update(self.names_digest(_code_names(code)).encode())
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            self.value(value, digest, seen, DEPTH - 2)

    def mobject(self, mobject: Any, digest: Any, seen: set[int]) -> None:
        import numpy as np

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
            self.function(updater, digest, seen)

    def family(self, top: Any, digest: Any, seen: set[int]) -> None:
        for mobject in top.get_family():
            if id(mobject) not in seen and _draws(mobject):
                seen.add(id(mobject))
                self.mobject(mobject, digest, seen)
            elif id(mobject) not in seen:
                seen.add(id(mobject))
                for updater in getattr(mobject, "updaters", []):
                    self.function(updater, digest, seen)

    def value(self, value: Any, digest: Any, seen: set[int], depth: int = DEPTH) -> None:
        """Any value the scene's code keeps: plain data by value, mobjects by what they
        show, functions by code, other objects by their attributes (to ``depth``)."""
        import numpy as np
        from manim import Mobject  # the job has it loaded already

        if value is None or isinstance(value, (bool, int, str, bytes)):
            digest.update(repr(value).encode())
            return
        if isinstance(value, (float, np.floating)):
            digest.update(_rounded(value))
            return
        if value is self.scene or id(value) in seen or depth <= 0:
            digest.update(b"\0ref:" + type(value).__qualname__.encode())
            return
        if isinstance(value, np.ndarray):
            digest.update(b"\0array" + repr(value.shape).encode())
            digest.update(_rounded(value) if value.dtype.kind in "fc" else value.tobytes())
            return
        if hasattr(value, "beat_key") and hasattr(value, "beat_pieces"):
            digest.update(b"\0tracked:" + str(value.beat_key()).encode())
            return
        if isinstance(value, Mobject):
            digest.update(b"\0mob")
            self.family(value, digest, seen)
            return
        seen.add(id(value))
        digest.update(b"\0" + type(value).__qualname__.encode())
        if isinstance(value, (list, tuple)):
            for item in value:
                self.value(item, digest, seen, depth - 1)
        elif isinstance(value, (set, frozenset)):
            parts = []
            for item in value:
                sub = hashlib.sha256()
                self.value(item, sub, set(seen), depth - 1)
                parts.append(sub.hexdigest())
            digest.update("".join(sorted(parts)).encode())
        elif isinstance(value, dict):
            for key, item in value.items():
                self.value(key, digest, seen, depth - 1)
                self.value(item, digest, seen, depth - 1)
        elif hasattr(value, "__code__") or hasattr(value, "__func__"):
            self.function(value, digest, seen)
        elif isinstance(value, type):
            digest.update(f"{value.__module__}.{value.__qualname__}".encode())
        elif hasattr(value, "__dict__"):
            for key, item in sorted(vars(value).items()):
                digest.update(key.encode())
                self.value(item, digest, seen, depth - 1)
        # else: an object without attributes of its own (its type is hashed above)


def _draws(mobject: Any) -> bool:
    """Whether it has anything to draw (a group's own node, or the empty mobject a
    ``wait()`` leaves in the scene, has not)."""
    return bool(len(mobject.points)) or getattr(mobject, "pixel_array", None) is not None


def state_digest(
    scene: Any,
    names_digest: NamesDigest | None = None,
    own: tuple[str, ...] = (),
    module: str = "",
) -> str:
    """A hash of what the scene shows and will animate from: every mobject of every
    family in z-order (points, colours, widths, updaters) and the camera; then the
    values of the scene attributes named in ``own`` (what the scene's code set on it:
    mobjects not on screen, numbers, helper objects; tracked sources by their key).
    Mobjects with nothing to draw are left out (groups are hashed through their members)."""
    digest = hashlib.sha256()
    camera = scene.camera
    digest.update(repr((str(camera.background_color), camera.frame_width)).encode())
    digest.update(repr(camera.frame_height).encode())
    hasher = _Hasher(scene, names_digest, module)
    for top in scene.mobjects:
        family = [m for m in top.get_family() if _draws(m)]
        if family:
            digest.update(b"\0top")
        for mobject in family:
            hasher.mobject(mobject, digest, set())
    attributes = vars(scene)
    for name in sorted(own):
        if name in attributes:
            digest.update(b"\0attr:" + name.encode())
            hasher.value(attributes[name], digest, set())
    return digest.hexdigest()


def _manim_scene_attributes() -> set[str]:
    """The attributes manim's own ``Scene`` code sets on a scene (not the scene's data)."""
    from manim import Scene

    names: set[str] = set()
    for klass in Scene.__mro__:
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        names |= set(re.findall(r"self\.(\w+)\s*(?::[^=\n]*)?=(?!=)", source))
    return names


def _tracked(scene: Any) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(scene).items()
        if hasattr(value, "beat_pieces") and hasattr(value, "beat_reads")
    }


def job_class(
    scene_cls: type,
    *,
    start: int,
    stop: int | None,
    deps: str,
    reports: list[BeatReport],
    is_cached: IsCached | None = None,
) -> type:
    """``scene_cls`` drawing the beats in ``[start, stop)`` that ``is_cached`` does not
    find (all of them without it) and reporting every beat it reaches into ``reports``."""
    from manim.utils.exceptions import EndSceneEarlyException

    from scenes.inspection.describe import describe_scene

    module = sys.modules.get(scene_cls.__module__)
    try:
        code = ModuleCode(inspect.getsource(module) if module else "")
    except (OSError, TypeError, SyntaxError):
        code = ModuleCode("")
    method_of = {getattr(m, "beat_name", n): n for n, m in inspect.getmembers(scene_cls)
                 if hasattr(m, "caption")}  # fmt: skip
    manim_own = _manim_scene_attributes() | {"beats", "_context", "_skip_beat", "theme"}

    class BeatJob(scene_cls):
        _skip_beat = False

        def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
            if self._skip_beat:
                kwargs["skip_animations"] = True
            super().next_section(name, *args, **kwargs)

        def _beat_fingerprint(self, name: str) -> str:
            """The beat ``name``'s fingerprint if it began now (see the module docstring)."""
            own = tuple(k for k in vars(self) if k not in manim_own)
            state = state_digest(self, code.names_digest, own, scene_cls.__module__)
            beat_code = code.beat_digest(method_of.get(name, name))
            return hashlib.sha256("\0".join((deps, beat_code, state)).encode()).hexdigest()

        @contextmanager
        def beat_section(self, name: str, caption: str) -> Iterator[None]:
            index = len(self.beats)
            if stop is not None and index >= stop:
                raise EndSceneEarlyException()
            fingerprint = self._beat_fingerprint(name)
            sources = _tracked(self)
            pieces = {attr: dict(src.beat_pieces()) for attr, src in sources.items()}
            for source in sources.values():
                source.beat_reads()  # from here on: this beat's reads
            cached = is_cached is not None and is_cached(fingerprint, pieces)
            self._skip_beat = index < start or cached
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
            reads = {
                attr: {key: pieces[attr].get(key, "") for key in sorted(source.beat_reads())}
                for attr, source in sources.items()
            }
            wall = time.perf_counter() - clock
            screen = dict(describe_scene(self))
            reports.append(
                BeatReport(
                    index,
                    name,
                    fingerprint,
                    length,
                    cues,
                    not self._skip_beat,
                    wall,
                    began=began,
                    cached=cached,
                    reads={k: v for k, v in reads.items() if v},
                    description=screen,
                )
            )
            self._skip_beat = False

    BeatJob.__name__ = scene_cls.__name__
    BeatJob.__qualname__ = scene_cls.__qualname__
    return BeatJob
