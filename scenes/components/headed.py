"""A bar chart with its heading, as one visual whose parts have names.

``HeadedBars(bars, heading)`` puts ``heading`` over the plot area of ``bars`` (or beside
it, with ``direction=LEFT``) and keeps both by name: ``chart.bars.values``,
``chart.heading``, never ``chart[1]``.
"""

from __future__ import annotations

import numpy as np
from manim import UP, VGroup, VMobject

from .bars import ProbabilityBars
from .gradient_bars import GradientBars


class HeadedBars(VGroup):
    """``bars`` (a :class:`ProbabilityBars` or :class:`GradientBars`) and its ``heading``.

    The heading is placed ``direction`` of the bars' plot area (the axes, not the
    class names or values around them), ``buff`` away; above it, ``buff`` beyond the
    bars' headroom, so a value printed over a full-height bar never touches it.

    Attributes
    ----------
    heading
        The heading mobject.
    bars
        The chart.
    """

    def __init__(
        self,
        bars: ProbabilityBars | GradientBars,
        heading: VMobject,
        *,
        direction: np.ndarray = UP,
        buff: float,
    ) -> None:
        super().__init__(heading, bars)
        self.heading = heading
        self.bars = bars
        above = bool(np.allclose(direction, UP))
        heading.next_to(bars.plot_area, direction, buff=buff + (bars.headroom if above else 0))
