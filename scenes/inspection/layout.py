"""Layout checks for any scene: text inside the frame, no two texts overlapping, nothing
drawn on the frame's border.

Used by the tests at the end of every beat (see ``ExplainerScene.on_beat_end``), and
usable from a scene while developing it (``from scenes.inspection import layout_problems``)::

    problems = layout_problems(self)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from manim import (
    DecimalNumber,
    MarkupText,
    MathTex,
    Mobject,
    Paragraph,
    Scene,
    SingleStringMathTex,
    Tex,
    Text,
    config,
)
from manim.utils.color import ManimColor

TEXT_TYPES = (Text, MarkupText, Paragraph, MathTex, Tex, SingleStringMathTex, DecimalNumber)

#: How far (scene units) two text boxes may intrude into each other before it counts.
OVERLAP_TOLERANCE = 0.02
#: How close (scene units) text may come to the frame's edge.
FRAME_MARGIN = 0.05


def describe(mob: Mobject) -> str:
    """A short human name for a text mobject, for error messages."""
    if isinstance(mob, DecimalNumber):
        return f"number {mob.get_value():g}"
    for attr in ("text", "tex_string"):
        value = getattr(mob, attr, None)
        if isinstance(value, str) and value.strip():
            value = " ".join(value.split())
            return repr(value if len(value) <= 40 else value[:37] + "...")
    return type(mob).__name__


def _visible(mob: Mobject) -> bool:
    family = mob.family_members_with_points()
    if not family:
        return False
    for m in family:
        fill = np.asarray(m.get_fill_opacities()) if hasattr(m, "get_fill_opacities") else [1]
        stroke = np.asarray(m.get_stroke_opacities()) if hasattr(m, "get_stroke_opacities") else [0]
        if np.max(fill, initial=0) > 0.01 or np.max(stroke, initial=0) > 0.01:
            return True
    return False


def text_mobjects(mobjects: Iterable[Mobject]) -> list[Mobject]:
    """The outermost visible text mobjects among ``mobjects`` and their descendants."""
    found: list[Mobject] = []

    def walk(mob: Mobject) -> None:
        if isinstance(mob, TEXT_TYPES):
            if _visible(mob):
                found.append(mob)
            return
        for sub in mob.submobjects:
            walk(sub)

    seen: set[int] = set()
    for mob in mobjects:
        if id(mob) not in seen:
            seen.add(id(mob))
            walk(mob)
    # a mobject added twice (directly and inside a group) counts once
    unique: dict[int, Mobject] = {id(m): m for m in found}
    return list(unique.values())


def _box(mob: Mobject) -> tuple[float, float, float, float]:
    left, bottom = mob.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mob.get_corner(np.array([1, 1, 0]))[:2]
    return float(left), float(bottom), float(right), float(top)


def layout_problems(
    scene_or_mobjects: Scene | Sequence[Mobject],
    *,
    margin: float = FRAME_MARGIN,
    tolerance: float = OVERLAP_TOLERANCE,
) -> list[str]:
    """Every text outside the frame and every pair of overlapping texts, as sentences."""
    mobjects = (
        list(scene_or_mobjects.mobjects)
        if isinstance(scene_or_mobjects, Scene)
        else list(scene_or_mobjects)
    )
    texts = text_mobjects(mobjects)
    half_w = config.frame_width / 2 - margin
    half_h = config.frame_height / 2 - margin
    problems: list[str] = []
    boxes = [_box(t) for t in texts]
    for mob, (left, bottom, right, top) in zip(texts, boxes, strict=True):
        out = {
            "left": -half_w - left,
            "right": right - half_w,
            "bottom": -half_h - bottom,
            "top": top - half_h,
        }
        for side, by in out.items():
            if by > 0:
                problems.append(
                    f"{describe(mob)} sticks out of the frame at the {side} by {by:.2f}"
                )
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = boxes[i], boxes[j]
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > tolerance and dy > tolerance:
                problems.append(f"{describe(texts[i])} overlaps {describe(texts[j])}")
    return problems


def border_problems(
    frame: np.ndarray, background: str, *, border_px: int = 2, threshold: int = 24
) -> list[str]:
    """Whether anything is drawn on the outermost pixels of a rendered ``frame``.

    Something touching the border is almost always clipped by the frame. ``frame`` is
    an ``(h, w, 3|4)`` uint8 array; ``background`` the theme's background colour.
    """
    bg = np.array(ManimColor(background).to_int_rgb(), dtype=int)
    rgb = frame[..., :3].astype(int)
    strips = {
        "top": rgb[:border_px],
        "bottom": rgb[-border_px:],
        "left": rgb[:, :border_px],
        "right": rgb[:, -border_px:],
    }
    problems = []
    for side, strip in strips.items():
        differs = np.abs(strip - bg).max(axis=-1) > threshold
        if differs.mean() > 0.002:
            problems.append(f"something is drawn on the {side} edge of the frame (clipped?)")
    return problems
