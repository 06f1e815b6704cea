"""Shared helpers of the render tests (no tests here).

The render tests run render.py on a temporary copy of the project whose registered
scenes are replaced by tiny ones (two short beats each, no LaTeX), rendered at 192x108
and 5 fps, so a render takes a second or two. A test may rewrite a scene in its own copy.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

REPO = Path(__file__).resolve().parents[2]
SMALL = ["--resolution", "192x108", "--fps", "5"]
FOLDER = "192x108-5fps"

#: A tiny scene: two beats, a sub-second animation each, two captions. {cls} and {extra}.
TINY = """
from manim import *

from scenes.components import ExplainerScene, beat


class {cls}(ExplainerScene):
    def construct(self):
        self.show_square()
        self.morph()

    @beat("A square for {name}.")
    def show_square(self):
        self.square = Square(side_length=3, color=self.theme.model_dist, fill_opacity=0.8)
        self.play(FadeIn(self.square), run_time=0.6)
{extra}
    @beat("It turns into a circle.")
    def morph(self):
        self.play(Transform(self.square, Circle(radius=1.5, color=self.theme.true_dist)),
                  run_time=0.6)
"""


def tiny_scene(cls: str, name: str, extra: str = "") -> str:
    """The source of a tiny scene; ``extra`` is inserted (indented) in its first beat."""
    extra = textwrap.indent(textwrap.dedent(extra), " " * 8) if extra else ""
    return TINY.format(cls=cls, name=name, extra=extra)


def make_project(dest: Path) -> Path:
    """A copy of the project with every registered scene replaced by a tiny one."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(REPO / "render.py", dest / "render.py")
    for package in ("renderkit", "mathcore"):
        shutil.copytree(REPO / package, dest / package, ignore=ignore)
    (dest / "scenes").mkdir()
    from scenes.registry import SCENES  # the project's own registry: the copy's is the same

    scene_files = {info.file.name for info in SCENES}
    for path in (REPO / "scenes").glob("*.py"):  # the kit: registry, theme, params...
        if path.name not in scene_files:
            shutil.copy2(path, dest / "scenes" / path.name)
    for package in ("components", "inspection"):
        shutil.copytree(REPO / "scenes" / package, dest / "scenes" / package, ignore=ignore)
    for info in SCENES:
        write_scene(dest, info.name, info.class_name)
    return dest


def write_scene(project: Path, name: str, cls: str, extra: str = "", source: str | None = None):
    path = project / "scenes" / (name.replace("-", "_") + ".py")
    path.write_text(source if source is not None else tiny_scene(cls, name, extra))
    return path


def clone(template: Path, dest: Path) -> Path:
    """A fresh copy of an already made tiny project (cheap: a few small files)."""
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns("__pycache__", "media"))
    return dest


def run_render(project: Path, *args: str, timeout: float = 120, **kw: Any):
    """Run ``python render.py ARGS`` in ``project``; the CompletedProcess (text)."""
    env = {**os.environ, "COLUMNS": "250", **kw.pop("env", {})}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "render.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kw,
    )


def load_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text())


def entry_for(out: Path, scene: str, **key: Any) -> dict[str, Any]:
    found = [
        e
        for e in load_manifest(out)["entries"]
        if e["scene"] == scene and all(e[k] == v for k, v in key.items())
    ]
    assert len(found) == 1, (scene, key, found)
    return found[0]


def top_level_atoms(path: Path) -> list[str]:
    """The top-level box types of an MP4/MOV file, read from its bytes."""
    data = path.read_bytes()
    atoms, i = [], 0
    while i + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        if size == 1:
            size = struct.unpack(">Q", data[i + 8 : i + 16])[0]
        elif size == 0:
            size = len(data) - i
        atoms.append(kind.decode("latin-1"))
        i += size
    return atoms


def video_info(path: Path) -> dict[str, Any]:
    """Codec, pixel format, size, frame rate, duration and frame count, from PyAV."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = sum(1 for p in c.demux(s) if p.size)
        duration = float(s.duration * s.time_base) if s.duration is not None else c.duration / 1e6
        return {
            "codec": s.codec_context.name,
            "pix_fmt": s.codec_context.pix_fmt,
            "width": s.codec_context.width,
            "height": s.codec_context.height,
            "fps": Fraction(s.average_rate or s.guessed_rate),
            "duration": duration,
            "frames": frames,
            "alpha_mode": s.metadata.get("alpha_mode"),
        }


def first_frame_rgba(path: Path, decoder: str | None = None) -> tuple[str, Any]:
    """(pixel format, RGBA array) of the first frame, optionally with a named decoder."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if decoder is None:
            frame = next(c.decode(s))
        else:
            ctx = av.CodecContext.create(decoder, "r")
            frame = next(f for p in c.demux(s) for f in ctx.decode(p))
        return frame.format.name, frame.to_ndarray(format="rgba")


def temp_leftovers(out: Path) -> list[Path]:
    """Temporary files/folders left under ``out`` (outside manim's scratch ``.work``)."""
    return [
        p
        for p in out.rglob("*")
        if ".work" not in p.relative_to(out).parts and (".tmp-" in p.name or ".part" in p.name)
    ]
