"""Animating a visual's numbers: one ``animate_values`` for every bar chart.

A visual that holds ``values`` and redraws itself with ``set_values(values)`` (returning
self) gets, by mixing in :class:`ValuesTween`, an animation in which every frame is
``set_values(start + (end - start) * alpha)``: bars grow and their numbers count along,
instead of manim morphing one digit glyph into another.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Animation, UpdateFromAlphaFunc


class ValuesTween:
    """Mixin for a ``VGroup`` with ``values`` (an array) and ``set_values(values)``."""

    values: np.ndarray

    def set_values(self, values: Sequence[float]) -> ValuesTween:  # pragma: no cover
        raise NotImplementedError

    def animate_values(self, values: Sequence[float], **kwargs: object) -> Animation:
        """An animation from the current values to ``values``, numbers counting along."""
        start = np.asarray(self.values, dtype=float).copy()
        end = np.asarray(values, dtype=float)

        def update(mob: ValuesTween, alpha: float) -> None:
            mob.set_values(start + (end - start) * alpha)

        return UpdateFromAlphaFunc(self, update, **kwargs)
