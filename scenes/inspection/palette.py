"""Which colours a scene shows: every visible fill and stroke of every mobject on screen,
and whether it belongs to a text (its glyphs) or to a shape.

No colour science here (the probe runs before every variant render, without the dev
tools): the probe records this at every beat end (:class:`~scenes.inspection.probe.Checkpoint`'s
``paints``); :mod:`scenes.readability` maps the colours back to theme roles (an exact
hex match: manim keeps a colour as floats, and ``#RRGGBB`` survives the round trip) and
judges the roles a scene uses together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from manim import BackgroundRectangle, Mobject, VMobject
from manim.utils.color import ManimColor

from .layout import TEXT_TYPES

#: Below this opacity a fill or stroke is not on screen.
VISIBLE = 0.01


class Paint(NamedTuple):
    """A colour on screen, and whether a text is drawn in it."""

    colour: str  #: ``#RRGGBB``, upper case
    text: bool


def _hexes(rgbas: np.ndarray) -> set[str]:
    """The ``#RRGGBB`` of every visible row of an ``(n, 4)`` RGBA array."""
    rows = np.asarray(rgbas, dtype=float).reshape(-1, 4)
    return {ManimColor(row[:3]).to_hex().upper() for row in rows if row[3] > VISIBLE}


def _own_paint(mob: VMobject) -> set[str]:
    """The colours ``mob`` itself draws with: its fill, and its strokes if they have width."""
    colours = _hexes(mob.get_fill_rgbas())
    for background in (False, True):
        if mob.get_stroke_width(background=background) > 0:
            colours |= _hexes(mob.get_stroke_rgbas(background=background))
    return colours


def paints(mobjects: Iterable[Mobject]) -> frozenset[Paint]:
    """Every colour drawn by ``mobjects`` and their descendants, each marked as text
    (inside a ``Text``, ``MathTex``, ``DecimalNumber``, ...) or not. A text's background
    rectangle is a surface, not text."""
    found: set[Paint] = set()

    def walk(mob: Mobject, in_text: bool) -> None:
        if isinstance(mob, BackgroundRectangle):
            in_text = False
        elif isinstance(mob, TEXT_TYPES):
            in_text = True
        if isinstance(mob, VMobject) and mob.has_points():
            found.update(Paint(colour, in_text) for colour in _own_paint(mob))
        for sub in mob.submobjects:
            walk(sub, in_text)

    for mob in mobjects:
        walk(mob, False)
    return frozenset(found)
