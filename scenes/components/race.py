"""A race panel: axes over training steps on which racers trace their curves.

One ``ValueTracker`` holds the race's step (a float). Each racer is a series of values,
one per step, drawn as a dot and the curve it has traced so far. Between two whole steps
the dot moves along the straight segment joining them (on screen, so also on a log
axis); at a whole step ``k`` it sits exactly at ``(k, values[k])``.

Milestones (a ring on a racer's curve with a label) appear when the tracker reaches
their step, so the same tracker that moves the racers reveals them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Axes,
    Circle,
    DashedLine,
    Dot,
    MathTex,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
)
from manim.mobject.graphing.scale import LogBase

from ..theme import Theme


class Racer(NamedTuple):
    """One racer on a panel: its values (one per step), its traced curve and its dot."""

    values: np.ndarray
    trace: VMobject
    dot: Dot


class Milestone(VGroup):
    """A ring on a racer's curve at ``step`` and the ``label`` beside it."""

    def __init__(self, ring: Circle, label: Tex, step: int) -> None:
        super().__init__(ring, label)
        self.ring = ring
        self.label = label
        self.step = step


class RacePanel(VGroup):
    """Axes with a title, driven by ``tracker`` (the current step, a float).

    Parameters
    ----------
    tracker
        The race's step; every racer on every panel reads the same one.
    theme
        Axes and numbers in ``theme.muted``, title and labels in ``theme.text``.
    x_max, x_step
        The step axis runs linearly over ``[0, x_max]`` with a tick every ``x_step``.
    y_range
        ``(min, max, tick)`` in values; with ``log_y`` the min and max are powers of ten
        and the ticks are the decades between them.
    y_numbers
        The values labelled on the y axis (linear axis only; a log axis labels decades),
        with ``y_decimals`` decimals.
    font_size
        Of the tick numbers; default ``theme.size.label``.
    """

    def __init__(
        self,
        tracker: ValueTracker,
        theme: Theme,
        *,
        title: str,
        x_max: float,
        x_step: float,
        x_numbers: Sequence[float],
        y_range: Sequence[float],
        y_numbers: Sequence[float] = (),
        y_decimals: int = 1,
        log_y: bool = False,
        width: float = 5.0,
        height: float = 3.4,
        font_size: float | None = None,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.theme = theme
        self.log_y = log_y
        size = theme.size
        font_size = font_size or size.label
        y_config: dict[str, object] = {"font_size": font_size}
        if log_y:
            low, high = (float(np.log10(v)) for v in y_range[:2])
            axis_y_range = [low, high, 1]
            y_config.update(scaling=LogBase(), include_numbers=True)
        else:
            axis_y_range = list(y_range)
        self.axes = Axes(
            x_range=[0, x_max, x_step],
            y_range=axis_y_range,
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": theme.muted, "stroke_width": 2},
            y_axis_config=y_config,
        )
        number_style = {"font_size": font_size, "color": theme.muted}
        self.axes.x_axis.add_numbers(list(x_numbers), **number_style)
        if not log_y and y_numbers:
            self.axes.y_axis.add_numbers(
                list(y_numbers), num_decimal_places=y_decimals, **number_style
            )
        for attr in ("numbers", "labels"):  # a log axis stores its decade labels as labels
            labels = getattr(self.axes.y_axis, attr, None)
            if labels is not None:
                labels.set_color(theme.muted)
        self.title = Tex(title, font_size=size.body, color=theme.text)
        self.title.next_to(self.axes, UP, buff=0.25)
        self.x_label = Tex("step", font_size=size.label, color=theme.text)
        self.x_label.next_to(self.axes.x_axis.numbers, DOWN, buff=0.15)
        self.guides = VGroup()
        self.racers: dict[str, Racer] = {}
        self.milestones = VGroup()
        self.add(self.axes, self.guides, self.title, self.x_label, self.milestones)

    # -- geometry -------------------------------------------------------------------

    def curve_points(self, values: np.ndarray, first_step: int = 0) -> np.ndarray:
        """Screen points ``(len(values), 3)`` of ``(first_step + i, values[i])``."""
        steps = first_step + np.arange(len(values), dtype=float)
        return np.asarray(self.axes.c2p(steps, np.asarray(values, dtype=float))).T

    def racer_position(self, name: str, step: float | None = None) -> np.ndarray:
        """Where racer ``name``'s dot is at ``step`` (default: the tracker's value)."""
        values = self.racers[name].values
        t = float(np.clip(self.tracker.get_value() if step is None else step, 0, len(values) - 1))
        k = min(int(np.floor(t)), len(values) - 2)
        a, b = self.curve_points(values[k : k + 2], k)
        return a + (b - a) * (t - k)

    # -- content --------------------------------------------------------------------

    def add_guide(self, value: float, label: str | None = None) -> RacePanel:
        """A dashed horizontal line across the panel at ``value``."""
        start = self.axes.c2p(0, value)
        end = self.axes.c2p(self.axes.x_range[1], value)
        line = DashedLine(start, end, color=self.theme.muted, stroke_width=2, dash_length=0.1)
        self.guides.add(line)
        if label is not None:
            tex = MathTex(label, font_size=self.theme.size.small, color=self.theme.muted)
            tex.next_to(end, RIGHT, buff=0.12)
            self.guides.add(tex)
        return self

    def add_racer(self, name: str, values: Sequence[float], color: str) -> RacePanel:
        """A racer: its traced curve so far and its dot, both following the tracker."""
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size < 2:
            raise ValueError(f"racer {name!r} needs at least two values, one per step")
        trace = VMobject(stroke_color=color, stroke_width=5)
        dot = Dot(radius=0.09, color=color)

        def follow_trace(mob: VMobject) -> None:
            t = float(np.clip(self.tracker.get_value(), 0, values.size - 1))
            k = int(np.floor(t))
            pts = np.vstack([self.curve_points(values[: k + 1]), self.racer_position(name, t)])
            mob.set_points_as_corners(pts)

        def follow_dot(mob: Dot) -> None:
            mob.move_to(self.racer_position(name))

        self.racers[name] = Racer(values, trace, dot)
        trace.add_updater(follow_trace, call_updater=True)
        dot.add_updater(follow_dot, call_updater=True)
        self.add(trace, dot)
        return self

    def add_milestone(
        self,
        name: str,
        step: int,
        label: str,
        direction: np.ndarray,
        *,
        buff: float = 0.0,
    ) -> Milestone:
        """A ring on racer ``name``'s curve at ``step`` and a label, shown from that step on.

        The label sits on a patch of background a word space wider than it on each side,
        so a guide line through the ring stops short of the words instead of running
        into them; ``buff`` is the gap from the ring to that patch.
        """
        racer = self.racers[name]
        center = self.curve_points(racer.values[step : step + 1], step)[0]
        ring = Circle(radius=0.12, color=racer.trace.get_stroke_color(), stroke_width=4)
        ring.move_to(center)
        text = Tex(label, font_size=self.theme.size.small, color=self.theme.text)
        text.add_background_rectangle(color=self.theme.background, opacity=1.0, buff=0.04)
        patch = text.background_rectangle
        patch.stretch_to_fit_width(patch.width + 2 * self.theme.space.inline)
        text.next_to(ring, direction, buff=buff)
        text.set_z_index(1)  # over the racers' traces, which are added later
        milestone = Milestone(ring, text, step)

        def reveal(mob: Milestone) -> None:
            shown = 1.0 if self.tracker.get_value() >= step else 0.0
            ring.set_stroke(opacity=shown)
            text.set_opacity(shown)

        milestone.add_updater(reveal, call_updater=True)
        self.milestones.add(milestone)
        return milestone
