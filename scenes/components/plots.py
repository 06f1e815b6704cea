"""A loss plot: themed axes, curves clipped to the axes, a legend, shaded regions and
a dot that tracks a curve with live numbers.

The component never computes a loss: curves are drawn from arrays the scene gets from
``mathcore``, and a dot or a readout is driven by a function the scene passes in
(which calls ``mathcore``). Typical use::

    plot = LossPlot(
        theme,
        x_range=(0, 1, 0.2),
        y_range=(0, 5, 1),
        x_label="predicted probability p of the true class",
        y_label="loss (nats)",
    )
    p = np.linspace(0.001, 1, 400)
    losses = mathcore.loss_vs_p(p)
    plot.add_curve("ce", p, losses["ce"], theme.cross_entropy)
    plot.add_curve("mse", p, losses["mse"], theme.mse)
    legend = plot.make_legend([(r"\\text{CE}", theme.cross_entropy), (r"\\text{MSE}", theme.mse)])

    tracker = ValueTracker(1.0)
    dot = plot.make_dot(tracker, lambda x: float(mathcore.loss_vs_p(x)["ce"]), theme.cross_entropy)

The live number beside such a dot is a :class:`~scenes.components.readouts.Readout`
that tracks the same tracker.

A curve that leaves the axes (CE grows without bound) is cut exactly where it crosses
the top or bottom of the axes; :meth:`LossPlot.make_clip_marker` draws an arrow there
with a label such as :math:`\\to\\infty`, so the viewer is told the curve goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    Arrow,
    Axes,
    DashedLine,
    DashedVMobject,
    Dot,
    Line,
    MathTex,
    Rectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
)

from ..theme import Theme
from .clip import clip_polyline
from .legend import Legend


class LossPlot(VGroup):
    """Axes in the theme's colours with axis labels, ready for curves from ``mathcore``.

    Parameters
    ----------
    theme
        Axes and tick numbers in ``theme.muted``, axis labels in ``theme.text``.
    x_range, y_range
        ``(min, max, step)``; the step sets the ticks and their numbers.
    x_label, y_label
        Plain-text axis labels (the y label is turned to run along the axis).
    x_length, y_length
        Size of the plot area in scene units.
    font_size, number_font_size
        Of the axis labels (``Text``; default ``theme.size.small``) and of the tick
        numbers (TeX, which reads smaller at the same size; default ``theme.size.label``).
    decimals
        Decimal places of the tick numbers, ``(x, y)``.
    x_numbers_up
        Put the x tick numbers and label above the x-axis, for plots whose values are
        all negative (the x-axis is then the top edge).
    y_numbers_left
        Put the y tick numbers at the left edge of the plot area instead of beside the
        y-axis (for an x range around 0, where the y-axis runs through the middle),
        with faint guide lines across the plot at each number.

    Attributes
    ----------
    axes
        The manim ``Axes``; use ``plot.axes.c2p`` / ``p2c`` to map coordinates.
    curves
        ``{key: VGroup}`` of the drawn curves (one ``VMobject`` per run inside the axes).
    exits
        ``{key: [(x, y_bound, direction), ...]}`` where each curve leaves the axes.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        x_range: Sequence[float],
        y_range: Sequence[float],
        x_label: str,
        y_label: str,
        x_length: float = 7.0,
        y_length: float = 4.5,
        decimals: tuple[int, int] = (1, 0),
        x_numbers_up: bool = False,
        y_numbers_left: bool = False,
        font_size: float | None = None,
        number_font_size: float | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        font_size = font_size or theme.size.small
        number_font_size = number_font_size or theme.size.label
        self.x_range = tuple(float(v) for v in x_range)
        self.y_range = tuple(float(v) for v in y_range)
        if len(self.x_range) != 3 or len(self.y_range) != 3:
            raise ValueError("x_range and y_range must be (min, max, step)")
        for name, (lo, hi, step) in (("x_range", self.x_range), ("y_range", self.y_range)):
            if not (lo < hi and step > 0):
                raise ValueError(f"{name} must have min < max and step > 0, got {(lo, hi, step)}")
        self.axes = self._make_axes((x_length, y_length), decimals, x_numbers_up, number_font_size)
        self.guides = self._move_y_numbers_left() if y_numbers_left else VGroup()
        self.x_label = Text(x_label, font_size=font_size, color=theme.text)
        self.x_label.next_to(self.axes.x_axis, UP if x_numbers_up else DOWN, buff=0.15)
        self.x_label.next_to(self.axes.x_axis.numbers, UP if x_numbers_up else DOWN, buff=0.15)
        self.y_label = Text(y_label, font_size=font_size, color=theme.text).rotate(np.pi / 2)
        self.y_label.next_to(VGroup(self.axes.y_axis, self.axes.y_axis.numbers), LEFT, buff=0.2)
        self.curves: dict[str, VGroup] = {}
        self.exits: dict[str, list[tuple[float, float, int]]] = {}
        self.add(self.guides, self.axes, self.x_label, self.y_label)

    def _make_axes(
        self,
        size: tuple[float, float],
        decimals: tuple[int, int],
        x_numbers_up: bool,
        number_font_size: float,
    ) -> Axes:
        """The axes over ``x_range`` and ``y_range``, numbered, in the muted colour."""
        muted = self.theme.muted
        axes = Axes(
            x_range=list(self.x_range),
            y_range=list(self.y_range),
            x_length=size[0],
            y_length=size[1],
            tips=False,
            axis_config={
                "color": muted,
                "stroke_width": 2,
                "include_numbers": True,
                "font_size": number_font_size,
            },
            x_axis_config={
                "decimal_number_config": {"color": muted, "num_decimal_places": decimals[0]},
                "label_direction": UP if x_numbers_up else DOWN,
            },
            y_axis_config={
                "decimal_number_config": {"color": muted, "num_decimal_places": decimals[1]},
            },
        )
        for number in (*axes.x_axis.numbers, *axes.y_axis.numbers):
            number.set_color(muted)
        return axes

    def _move_y_numbers_left(self) -> VGroup:
        """Put the y numbers at the plot's left edge; return faint guides across at each."""
        x_min, x_max = self.x_range[:2]
        guides = VGroup()
        for number in self.axes.y_axis.numbers:
            value = number.get_value()
            number.next_to(self.axes.c2p(x_min, value), LEFT, buff=0.15)
            guides.add(
                Line(
                    self.axes.c2p(x_min, value),
                    self.axes.c2p(x_max, value),
                    stroke_width=1,
                    stroke_opacity=0.5,
                    color=self.theme.muted,
                )
            )
        return guides

    # -- curves -------------------------------------------------------------------------
    def make_curve(
        self,
        key: str,
        x: Sequence[float],
        y: Sequence[float],
        color: str,
        *,
        dashed: bool = False,
        stroke_width: float = 5,
    ) -> VGroup:
        """The polyline through ``(x, y)`` (arrays from mathcore), cut at the axes' top and
        bottom, in ``color``; stored as ``self.curves[key]`` but not added to the plot
        (animate it in with ``Create``, then it moves with the plot only if added)."""
        runs, exits = clip_polyline(x, y, self.y_range[0], self.y_range[1])
        if not runs:
            raise ValueError(f"curve {key!r} lies entirely outside y_range {self.y_range[:2]}")
        curve = VGroup()
        for run in runs:
            piece = VMobject(color=color, stroke_width=stroke_width)
            piece.set_points_as_corners(self.axes.c2p(run[:, 0], run[:, 1]).T)
            if dashed:
                piece = DashedVMobject(piece, num_dashes=max(12, len(run) // 6), dashed_ratio=0.6)
            curve.add(piece)
        self.curves[key] = curve
        self.exits[key] = exits
        return curve

    def add_curve(self, key: str, x: Sequence[float], y: Sequence[float], color: str, **kw):
        """:meth:`make_curve` and add it to the plot; returns ``self``."""
        self.add(self.make_curve(key, x, y, color, **kw))
        return self

    def make_clip_marker(self, key: str, label: str = r"\infty", *, index: int = -1) -> VGroup:
        """An arrow where curve ``key`` leaves the axes, pointing on, with a TeX ``label``
        (``r"\\infty"`` or ``r"-\\infty"``), in the curve's colour."""
        exits = self.exits.get(key)
        if not exits:
            raise ValueError(f"curve {key!r} does not leave the axes; nothing to mark")
        x, y, direction = exits[index]
        color = self.curves[key][0].get_stroke_color()
        start = self.axes.c2p(x, y)
        way = UP if direction > 0 else DOWN
        arrow = Arrow(
            start,
            start + 0.7 * way,
            buff=0.05,
            color=color,
            stroke_width=5,
            max_tip_length_to_length_ratio=0.35,
        )
        text = MathTex(label, font_size=self.theme.size.body, color=color)
        text.next_to(arrow, RIGHT, buff=0.1)
        return VGroup(arrow, text)

    # -- decorations ----------------------------------------------------------------------
    def make_legend(
        self,
        entries: Sequence[tuple[str, str]],
        corner: np.ndarray = UR,
        *,
        font_size: float | None = None,
        dashed: Sequence[bool] = (),
    ) -> Legend:
        """A :class:`Legend` of ``(tex_label, colour)`` inside the plot area at ``corner``
        (``UR``, ``UL``, ``DR``, ``DL``, or ``UP``/``DOWN`` for the middle of an edge).

        ``dashed[i]`` gives entry ``i`` a dashed swatch, to match a dashed curve.
        """
        legend = Legend(entries, self.theme, font_size=font_size, dashed=dashed)
        mid_x = (self.x_range[0] + self.x_range[1]) / 2
        x = mid_x if corner[0] == 0 else self.x_range[0] if corner[0] < 0 else self.x_range[1]
        y = self.y_range[0] if corner[1] < 0 else self.y_range[1]
        legend.next_to(self.axes.c2p(x, y), -corner, buff=0.2)
        return legend

    def make_region(
        self,
        x_min: float,
        x_max: float,
        label: str,
        color: str,
        *,
        opacity: float = 0.18,
        label_y: float | None = None,
        label_inside: bool = False,
    ) -> VGroup:
        """A shaded band ``x_min <= x <= x_max`` over the full height, with a text label
        at height ``label_y`` (default two thirds up): to the right of the band, or
        centred in it with ``label_inside`` (for a band wide enough to hold it)."""
        corner_lo = self.axes.c2p(x_min, self.y_range[0])
        corner_hi = self.axes.c2p(x_max, self.y_range[1])
        band = Rectangle(
            width=abs(corner_hi[0] - corner_lo[0]),
            height=abs(corner_hi[1] - corner_lo[1]),
            stroke_width=0,
            fill_color=color,
            fill_opacity=opacity,
        ).move_to((corner_lo + corner_hi) / 2)
        y_min, y_max = self.y_range[:2]
        at = y_min + (y_max - y_min) * 2 / 3 if label_y is None else label_y
        text = Text(label, font_size=self.theme.size.small, color=color)
        if label_inside:
            text.move_to(self.axes.c2p((x_min + x_max) / 2, at))
        else:
            text.next_to(self.axes.c2p(x_max, at), RIGHT, buff=0.15)
        return VGroup(band, text)

    def make_hline(self, y: float, color: str, label: str | None = None) -> VGroup:
        """A dashed horizontal guide across the plot at ``y``, with an optional TeX label
        at its right end."""
        line = DashedLine(
            self.axes.c2p(self.x_range[0], y),
            self.axes.c2p(self.x_range[1], y),
            color=color,
            stroke_width=2,
            dash_length=0.12,
        )
        group = VGroup(line)
        if label is not None:
            tex = MathTex(label, font_size=self.theme.size.label, color=color)
            group.add(tex.next_to(line, RIGHT, buff=self.theme.space.inline))
        return group

    # -- tracking -------------------------------------------------------------------------
    def make_dot(self, tracker: ValueTracker, func: Callable[[float], float], color: str) -> Dot:
        """A dot at ``(x, func(x))`` with ``x = tracker.get_value()``, following the
        tracker. ``func`` calls mathcore; the dot stays on the axes (clamped to y_range)."""
        dot = Dot(radius=0.1, color=color)
        lo, hi = self.y_range[:2]

        def follow(mob: Dot) -> None:
            x = tracker.get_value()
            y = float(np.clip(func(x), lo, hi))
            mob.move_to(self.axes.c2p(x, y))

        dot.add_updater(follow)
        follow(dot)
        return dot


__all__ = ["LossPlot"]
