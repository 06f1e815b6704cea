"""Signed bars of one value per class around a zero line: a gradient on each logit.

Unlike :class:`~scenes.components.bars.ProbabilityBars` (built on ``BarChart``, values
mostly positive), these bars grow up or down from a zero line in the middle of a fixed,
symmetric value axis, so two panels built with the same ``limit`` share one scale and
their bars compare by length. The class names sit on one row under the panel, wherever
the bars point; each value is printed at its bar's end, with its sign.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    UP,
    Axes,
    DecimalNumber,
    Rectangle,
    Text,
    VGroup,
)

from ..theme import Theme
from .bars import LABEL_BUFF, baseline_drops, label_headroom
from .fit import fit_names, fit_numbers, keep_inside
from .tweening import ValuesTween


class GradientBars(ValuesTween, VGroup):
    """Bars from a zero line to each signed value, on the axis ``[-limit, limit]``.

    Parameters
    ----------
    values
        One value per class (any sign; values beyond ``limit`` are drawn at the limit).
    class_names
        Labels on a row under the panel.
    theme
        Axes in ``theme.muted``, names and numbers in ``theme.text``.
    color
        Bar colour, by meaning (``theme.cross_entropy`` for a CE gradient, ...).
    limit
        Half-range of the value axis; panels meant to be compared share it.
    value_font_size, name_font_size, number_font_size
        Of the values at the bars' ends, the class names and the tick numbers; default
        ``theme.size.label``.
    """

    def __init__(
        self,
        values: Sequence[float],
        class_names: Sequence[str],
        theme: Theme,
        *,
        color: str,
        limit: float = 1.0,
        tick_step: float = 0.5,
        width: float = 4.0,
        height: float = 2.6,
        decimals: int = 3,
        bar_fraction: float = 0.55,
        value_font_size: float | None = None,
        name_font_size: float | None = None,
        number_font_size: float | None = None,
    ) -> None:
        super().__init__()
        if len(values) != len(class_names):
            raise ValueError(f"{len(values)} values but {len(class_names)} class names")
        if not limit > 0:
            raise ValueError(f"limit must be positive, not {limit!r}")
        self.theme = theme
        self.limit = float(limit)
        k = len(values)
        slot = width / max(1, k)
        name_font_size, staggered = fit_names(
            class_names, slot, name_font_size or theme.size.label, theme
        )
        value_font_size = fit_numbers(
            (-limit, limit),
            slot,
            value_font_size or theme.size.label,
            theme,
            decimals=decimals,
            include_sign=True,
        )
        number_font_size = number_font_size or theme.size.label
        self.values = np.zeros(len(values))
        self.axes = self._make_axes(k, (width, height), tick_step, number_font_size)
        bar_width = bar_fraction * (self.axes.c2p(1, 0)[0] - self.axes.c2p(0, 0)[0])
        self.bars = VGroup(
            *(
                Rectangle(
                    width=bar_width, height=1.0, fill_color=color, fill_opacity=0.9, stroke_width=0
                )
                for _ in range(k)
            )
        )
        self.value_labels = VGroup(
            *(
                DecimalNumber(
                    0.0,
                    num_decimal_places=decimals,
                    include_sign=True,
                    font_size=value_font_size,
                    color=theme.text,
                )
                for _ in range(k)
            )
        )
        self.names = VGroup(
            *(Text(n, font_size=name_font_size, color=theme.text) for n in class_names)
        )
        # one row under the panel, low enough for a value printed under a -limit bar
        label_room = self.value_labels[0].height + 0.3
        row = max(n.height for n in self.names) + 0.08
        drops = baseline_drops(class_names, name_font_size)  # the names on one baseline
        for i, name in enumerate(self.names):
            lower = row * (i % 2) if staggered else 0.0  # every other name a row lower
            buff = label_room + lower + drops[i]
            name.next_to(self.axes.c2p(i + 0.5, -limit), DOWN, buff=buff)
            keep_inside(name, self.axes.c2p(0, 0)[0], self.axes.c2p(k, 0)[0])
        self.add(self.axes, self.bars, self.value_labels, self.names)
        self.set_values(values)

    def _make_axes(
        self, k: int, size: tuple[float, float], tick_step: float, number_font_size: float
    ) -> Axes:
        """``k`` slots across, ``[-limit, limit]`` up, numbered every ``tick_step``."""
        return Axes(
            x_range=[0, k, 1],
            y_range=[-self.limit, self.limit, tick_step],
            x_length=size[0],
            y_length=size[1],
            tips=False,
            axis_config={"color": self.theme.muted, "stroke_width": 2},
            x_axis_config={"include_ticks": False},
            y_axis_config={
                "include_numbers": True,
                "font_size": number_font_size,
                "decimal_number_config": {"num_decimal_places": 1, "color": self.theme.muted},
            },
        )

    @property
    def plot_area(self) -> Axes:
        """The axes, without the class names and values around them."""
        return self.axes

    @property
    def headroom(self) -> float:
        """How far above the plot area's top a value printed over a bar at ``+limit`` reaches."""
        return label_headroom(self.axes, self.limit, self.value_labels[0])

    def bar_center_x(self, index: int) -> float:
        return float(self.axes.c2p(index + 0.5, 0)[0])

    def bar_length(self, index: int) -> float:
        """The signed length of bar ``index`` in value units (read back from the drawing)."""
        bar = self.bars[index]
        zero = self.axes.c2p(0, 0)[1]
        unit = self.axes.c2p(0, 1)[1] - zero
        sign = 1.0 if bar.get_center()[1] >= zero else -1.0
        return sign * bar.height / unit

    def set_values(self, values: Sequence[float]) -> GradientBars:
        """Redraw every bar at its value and move its printed value to its end."""
        values = np.asarray(values, dtype=float)
        if values.shape != self.values.shape:
            raise ValueError(f"expected {self.values.size} values, got {values.size}")
        self.values = values.copy()
        zero = self.axes.c2p(0, 0)
        for i, (bar, value) in enumerate(zip(self.bars, values, strict=True)):
            drawn = float(np.clip(value, -self.limit, self.limit))
            base = self.axes.c2p(i + 0.5, 0)
            tip = self.axes.c2p(i + 0.5, drawn)
            bar.stretch_to_fit_height(max(abs(tip[1] - zero[1]), 1e-4))
            bar.move_to(base, DOWN if value >= 0 else UP)
            label = self.value_labels[i]
            label.set_value(value)
            label.next_to(tip, UP if value >= 0 else DOWN, buff=LABEL_BUFF)
        return self
