"""A labelled bar chart of values per class that animates to new values.

Built on manim's ``BarChart`` (its axes, bars and class-name labels); adds a value
label over each bar and an absolute :meth:`ProbabilityBars.set_values` that is safe for
zeros (``BarChart.change_bar_values`` rescales bars relative to their old height).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    UP,
    Axes,
    BarChart,
    DecimalNumber,
    Text,
    VGroup,
    VMobject,
)

from ..theme import Theme
from .fit import fit_names, fit_numbers, keep_inside
from .tweening import ValuesTween

#: Screen room (scene units) a value label needs beyond its bar's end.
LABEL_ROOM = 0.4
#: The gap between a bar's end and the value printed there.
LABEL_BUFF = 0.1


def label_headroom(axes: Axes, top: float, label: VMobject) -> float:
    """How far above ``axes``' top edge a value ``label`` printed over a bar reaching the
    value ``top`` ends (the top tick's number may already stick out above the axis)."""
    reach = axes.c2p(0, top)[1] + LABEL_BUFF + label.height
    return max(0.0, float(reach - axes.get_top()[1]))


def nice_step(span: float, ticks: int = 6) -> float:
    """The tick step for a value axis ``span`` long: 1, 2 or 5 times a power of ten, with
    about ``ticks`` steps."""
    rough = max(span, 1e-9) / ticks
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def value_range(
    values: np.ndarray, step: float | None = None, *, height: float | None = None
) -> tuple[float, float, float]:
    """A bar chart's ``(min, max, step)``: 0 and every value inside, on whole steps, with
    room beyond the longest bars for their value labels (``step``: a nice one for the
    values' span, by default). With the chart's ``height`` (scene units), the room under
    a negative bar is at least :data:`LABEL_ROOM` on screen, so its label clears names
    set under the axis: a short chart gets more steps below."""
    if step is None:
        step = nice_step(max(0.0, float(np.max(values))) - min(0.0, float(np.min(values))))
    room = 0.75 * step
    lowest, highest = float(np.min(values)), float(np.max(values))
    low = 0.0 if lowest >= 0 else math.floor((lowest - room) / step) * step
    high = max(step, math.ceil((highest + room) / step) * step)
    while height is not None and lowest < 0:
        if (lowest - low) * height / (high - low) >= LABEL_ROOM:
            break
        low -= step
    return low, high, step


def baseline_drops(class_names: Sequence[str], font_size: float) -> list[float]:
    """How far below the tallest name's top each name's top sits, on one baseline.

    A name placed by its top ("cat" has no ascender as tall as "dog"'s d) would sit
    on its own baseline; set in one line of text, the names share a baseline, and the
    gap from the line's top to each word's top is how far to drop that word.
    """
    words = [n.replace(" ", "") for n in class_names]
    if not all(words):
        return [0.0] * len(words)
    line = Text(" ".join(words), font_size=font_size)
    drops, start = [], 0
    for word in words:
        glyphs = line[start : start + len(word)]
        drops.append(float(line.get_top()[1] - glyphs.get_top()[1]))
        start += len(word)
    return drops


class ProbabilityBars(ValuesTween, VGroup):
    """Bars of one value per class (probabilities, logits, exp-logits), with value labels.

    Parameters
    ----------
    values
        One value per class; negative values draw downward.
    class_names
        Labels under the bars.
    theme
        Colours: axes in ``theme.muted``, labels in ``theme.text``.
    color
        Bar colour (a theme colour by meaning, e.g. ``theme.model_dist``).
    y_range
        ``(min, max, step)`` of the value axis; probabilities use ``(0, 1, 0.25)``.
    value_font_size, name_font_size
        Of the values over the bars and the class names; default ``theme.size.label``.
    names_at
        ``"axis"`` (default): class names sit under the zero line, or under a negative
        bar. ``"bottom"``: names sit under the bottom of the value axis and never move, for
        charts whose values cross zero while they animate (logits under a shift).
    """

    def __init__(
        self,
        values: Sequence[float],
        class_names: Sequence[str],
        theme: Theme,
        *,
        color: str,
        y_range: Sequence[float] = (0.0, 1.0, 0.25),
        width: float = 4.0,
        height: float = 2.6,
        decimals: int = 2,
        show_values: bool = True,
        value_font_size: float | None = None,
        name_font_size: float | None = None,
        show_y_numbers: bool = False,
        names_at: str = "axis",
    ) -> None:
        super().__init__()
        if len(values) != len(class_names):
            raise ValueError(f"{len(values)} values but {len(class_names)} class names")
        if names_at not in ("axis", "bottom"):
            raise ValueError(f"names_at must be 'axis' or 'bottom', not {names_at!r}")
        self.names_at = names_at
        slot = width / max(1, len(class_names))
        name_font_size, self.staggered = fit_names(
            class_names, slot, name_font_size or theme.size.label, theme
        )
        value_font_size = fit_numbers(
            y_range[:2], slot, value_font_size or theme.size.label, theme, decimals=decimals
        )
        self.y_min = float(y_range[0])
        self.theme = theme
        self.decimals = decimals
        self.values = np.asarray(values, dtype=float).copy()
        # Bars start at a non-zero placeholder height; set_values sets the real ones.
        self.chart = BarChart(
            values=[1.0] * len(self.values),
            y_range=list(y_range),
            x_length=width,
            y_length=height,
            bar_colors=[color],
            bar_fill_opacity=1.0,
            bar_stroke_width=0,
            axis_config={"color": theme.muted, "stroke_width": 2},
            y_axis_config={"include_numbers": show_y_numbers, "font_size": theme.size.small},
        )
        self.names = VGroup(
            *(Text(n, font_size=name_font_size, color=theme.text) for n in class_names)
        )
        self._name_drops = baseline_drops(class_names, name_font_size)
        if self.staggered:  # every other name one row lower
            row = max(n.height for n in self.names) + 0.08
            self._name_drops = [d + row * (i % 2) for i, d in enumerate(self._name_drops)]
        self.value_labels = VGroup(
            *(
                DecimalNumber(
                    v, num_decimal_places=decimals, font_size=value_font_size, color=theme.text
                )
                for v in self.values
            )
        )
        self.add(self.chart, self.names)
        if show_values:
            self.add(self.value_labels)
        self.set_values(self.values)

    @property
    def bars(self) -> VGroup:
        return self.chart.bars

    @property
    def plot_area(self) -> BarChart:
        """The axes and bars, without the class names and values around them."""
        return self.chart

    @property
    def headroom(self) -> float:
        """How far above the plot area's top a value printed over a bar reaching the top of
        the value axis reaches (none when values are not shown)."""
        if self.value_labels not in self.submobjects:
            return 0.0
        return label_headroom(self.chart, self.chart.y_range[1], self.value_labels[0])

    def bar_center_x(self, index: int) -> float:
        return float(self.chart.c2p(index + 0.5, 0)[0])

    def set_values(self, values: Sequence[float]) -> ProbabilityBars:
        """Redraw every bar at its absolute value and move the labels with it."""
        values = np.asarray(values, dtype=float)
        if values.shape != self.values.shape:
            raise ValueError(f"expected {self.values.size} values, got {values.size}")
        self.values = values.copy()
        base = self.chart.c2p(0, 0)[1]
        for i, (bar, value) in enumerate(zip(self.bars, values, strict=True)):
            top = self.chart.c2p(i + 0.5, value)
            height = max(abs(top[1] - base), 1e-4)
            bar.stretch_to_fit_height(height)
            bar.move_to(self.chart.c2p(i + 0.5, 0), DOWN if value >= 0 else UP)
            name = self.names[i]
            label = self.value_labels[i]
            label.set_value(value)
            label.next_to(bar, UP if value >= 0 else DOWN, buff=LABEL_BUFF)
            if self.names_at == "bottom":
                name.next_to(self.chart.c2p(i + 0.5, min(self.y_min, 0.0)), DOWN, buff=0.15)
            elif value < 0:
                # a negative bar hangs below the axis: the name goes under its value label
                name.next_to(label, DOWN, buff=0.08)
            else:
                name.next_to(self.chart.c2p(i + 0.5, 0), DOWN, buff=0.15)
            name.shift(DOWN * self._name_drops[i])
            keep_inside(name, self.chart.c2p(0, 0)[0], self.chart.c2p(len(values), 0)[0])
        return self
