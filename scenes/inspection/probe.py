"""Run a scene the way the tests need it: fast, small, and checked at every beat.

``run_scene`` constructs a scene with animations skipped (each ``play`` jumps to its
end state) and, at the end of every beat, renders the real frame at a small size and
runs the layout checks on it. ``render_video`` renders an actual small movie with its
sections and captions, for checks on the encoded output.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from manim import tempconfig
from manim.utils.color import ManimColor

from scenes.components import Beat, ExplainerScene
from scenes.inspection.describe import Description, describe_scene
from scenes.inspection.layout import border_problems, layout_problems
from scenes.inspection.palette import Paint, paints
from scenes.theme import THEME_ENV, get_theme

SMALL = {"pixel_width": 320, "pixel_height": 180}
#: How far (per channel, 0-255) from its own mean a colour may be and still count as a grey.
GREY_SPREAD = 20


@contextmanager
def theme_env(theme: str) -> Iterator[None]:
    old = os.environ.get(THEME_ENV)
    os.environ[THEME_ENV] = theme
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(THEME_ENV, None)
        else:
            os.environ[THEME_ENV] = old


@dataclass
class Checkpoint:
    """What the scene looked like at the end of one beat."""

    beat: Beat
    problems: list[str]
    frame: np.ndarray  #: (h, w, 4) uint8, the rendered frame
    paints: frozenset[Paint] = frozenset()  #: every colour on screen (text or not)
    #: what is on screen, as the beat job records it for the transcript
    description: Description | None = None


@dataclass
class SceneRun:
    scene: ExplainerScene
    theme: str
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def beats(self) -> list[Beat]:
        return [c.beat for c in self.checkpoints]

    @property
    def duration(self) -> float:
        return float(self.scene.time)

    def problems(self) -> list[str]:
        """Every layout problem, prefixed with the beat where it showed."""
        return [f"[{c.beat.name}] {p}" for c in self.checkpoints for p in c.problems]

    def frame_at(self, beat_name: str) -> np.ndarray:
        return next(c.frame for c in self.checkpoints if c.beat.name == beat_name)

    def paints(self) -> frozenset[Paint]:
        """Every colour on screen at some beat end."""
        return frozenset().union(*(c.paints for c in self.checkpoints))

    def cues(self) -> list[tuple[float, float, str]]:
        """The caption cues the scene added, ``(start, end, text)`` in scene seconds."""
        return [
            (c.start.total_seconds(), c.end.total_seconds(), c.content)
            for c in self.scene.renderer.file_writer.subcaptions
        ]


def run_scene(
    scene_cls: type[ExplainerScene],
    theme: str,
    media_dir: Path,
    *,
    size: tuple[int, int] | None = None,
) -> SceneRun:
    """Construct ``scene_cls`` with animations skipped, checking layout at every beat end.

    ``size`` is the ``(width, height)`` in pixels of the frames kept at each beat end
    (default 320x180; ``scripts/beat_frames.py`` asks for larger ones to look at).
    """
    background = get_theme(theme).background
    run: SceneRun

    class Probe(scene_cls):  # type: ignore[misc, valid-type]
        def on_beat_end(self, finished: Beat) -> None:
            super().on_beat_end(finished)
            # Draw every mobject once on a clean background: manim's cached static
            # image already holds the still mobjects, and drawing them over it again
            # would double semi-transparent ones.
            renderer = self.renderer
            cached, renderer.static_image = renderer.static_image, None
            renderer.update_frame(self)
            frame = renderer.get_frame()
            renderer.static_image = cached
            problems = layout_problems(self) + border_problems(frame, background)
            seen = paints(self.mobjects)
            run.checkpoints.append(
                Checkpoint(finished, problems, frame, seen, describe_scene(self))
            )

    Probe.__name__ = scene_cls.__name__
    options = {
        **SMALL,
        **({"pixel_width": size[0], "pixel_height": size[1]} if size is not None else {}),
        "save_last_frame": True,
        "write_to_movie": False,
        "media_dir": str(media_dir),
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
    }
    with theme_env(theme), tempconfig(options):
        scene = Probe()
        run = SceneRun(scene, theme)
        scene.render()
    return run


def render_video(
    scene_cls: type[ExplainerScene],
    theme: str,
    media_dir: Path,
    *,
    width: int = 256,
    height: int = 144,
    fps: int = 5,
) -> Path:
    """Render a real (small, slow-frame-rate) movie with sections; return its path."""
    options = {
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "media_dir": str(media_dir),
        "save_sections": True,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
    }
    with theme_env(theme), tempconfig(options):
        scene = scene_cls()
        scene.render()
        return Path(scene.renderer.file_writer.movie_file_path)


def colour_pixels(
    frame: np.ndarray,
    colour: str,
    tolerance: int = 30,
    *,
    background: str | None = None,
    min_coverage: float = 0.6,
) -> int:
    """How many pixels of ``frame`` show ``colour`` over the background.

    A pixel counts when it is ``colour`` blended over the background with at least
    ``min_coverage`` of the colour (anti-aliased edges, thin strokes and translucent
    fills are such blends) and lies within ``tolerance`` (per channel, 0-255) of that
    blend; for a colour that is not a grey, it must also lie nearer that blend than the
    grey axis, so the anti-aliased edges of grey and black text do not pass for a dark
    or muted colour. ``background`` defaults to the frame's top-left pixel.
    """
    rgb = frame[..., :3].astype(float)
    bg = (
        np.array(ManimColor(background).to_int_rgb(), dtype=float)
        if background is not None
        else rgb[0, 0].copy()
    )
    target = np.array(ManimColor(colour).to_int_rgb(), dtype=float)
    direction = target - bg
    if not direction.any():
        return 0
    t = np.clip(((rgb - bg) @ direction) / (direction @ direction), 0.0, 1.0)
    blend = bg + t[..., None] * direction
    distance = np.abs(rgb - blend).max(axis=-1)
    near = distance <= tolerance
    if np.abs(target - target.mean()).max() > GREY_SPREAD:
        near &= distance < np.abs(rgb - rgb.mean(axis=-1, keepdims=True)).max(axis=-1)
    return int((near & (t >= min_coverage)).sum())
