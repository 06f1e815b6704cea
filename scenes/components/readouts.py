r"""Numbers on screen: one labelled number (:class:`Readout`), a panel of them
(:class:`ReadoutPanel`) and a stacked bar of a sum (:class:`StackedBar`).

All three only draw: the scene computes every value (with ``mathcore``) and hands it
over, with ``set_value(s)`` or by letting a readout follow a tracker::

    ce = Readout(r"\text{CE} =", theme, color=theme.cross_entropy)
    ce.track(p, lambda x: float(mathcore.loss_vs_p(x)["ce"]))  # every frame

    panel = ReadoutPanel(
        [(r"H(P^*, P)", theme.cross_entropy), (r"H(P^*)", theme.entropy)], theme
    )
    stack = StackedBar(
        [r"H(P^*)", r"D_{\mathrm{KL}}"], [theme.entropy, theme.kl], theme,
        total_label=r"H(P^*, P)", total_color=theme.cross_entropy,
    )
    panel.set_values([ce, h])
    stack.set_values([h, kl])  # the bar's height is their sum

The numbers are ``DecimalNumber`` with fixed decimals and a fixed left edge, so they
count without jumping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    DecimalNumber,
    Line,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
)

from ..theme import Theme

#: Gap between a number and a unit that starts with a sign (``\times``).
UNIT_BUFF = 0.05


def _shown(value: float, decimals: int) -> float:
    """``value`` as it should be shown: a tiny negative round-off prints as 0, not -0."""
    return 0.0 if round(value, decimals) == 0 else float(value)


class Readout(VGroup):
    r"""One number on screen: a TeX ``label``, the value, and an optional TeX ``unit``.

    ``Readout(r"\text{CE} =", theme, value=3.93)`` shows :math:`\text{CE} = 3.93`. The
    value is a ``DecimalNumber`` with fixed decimals (``decimals=0`` for a count) whose
    left edge stays put, so it counts without jumping; after a label that ends in ``=``
    it is centred on the ``=`` sign. :meth:`track` makes it show ``func(tracker)`` every
    frame (``func`` calls mathcore).

    Parameters
    ----------
    label
        TeX before the number, usually ending in ``=``; ``""`` for a bare number.
    theme
        Default colour (``theme.text``) and size (``theme.size.body``).
    value
        The first value shown.
    color
        Of the label, the number and the unit.
    number_color
        Of the number, when it differs from the label's.
    decimals
        Fixed decimal places.
    include_sign
        Show ``+`` on positive values too (for a value that crosses zero).
    unit
        TeX after the number (``r"\times\ \text{as many steps}"``).
    unit_buff
        Gap between the number and the unit: next to none for a sign such as ``\times``,
        a word space (``theme.space.inline``) for a unit that is a word.

    Attributes
    ----------
    label, number, unit
        The ``MathTex`` label (``None`` if empty), the ``DecimalNumber``, the ``MathTex``
        unit (``None`` if none).
    """

    def __init__(
        self,
        label: str,
        theme: Theme,
        *,
        value: float = 0.0,
        color: str | None = None,
        number_color: str | None = None,
        decimals: int = 2,
        include_sign: bool = False,
        unit: str | None = None,
        unit_buff: float = UNIT_BUFF,
        font_size: float | None = None,
    ) -> None:
        super().__init__()
        self.unit_buff = unit_buff
        color = color or theme.text
        size = font_size or theme.size.body
        self.decimals = decimals
        self.label = MathTex(label, font_size=size, color=color) if label.strip() else None
        self.number = DecimalNumber(
            _shown(value, decimals),
            num_decimal_places=decimals,
            include_sign=include_sign,
            font_size=size,
            color=number_color or color,
        )
        self.unit = MathTex(unit, font_size=size, color=color) if unit else None
        if self.label is not None:
            self.number.next_to(self.label, RIGHT, buff=theme.space.inline)
            if label.rstrip().endswith("="):  # digits centred on the "=" sign
                self.number.set_y(self.label[0][-1].get_y())
            self.add(self.label)
        self.add(self.number)
        if self.unit is not None:
            self.add(self.unit)
        self._place_unit()

    def _place_unit(self) -> None:
        if self.unit is not None:
            self.unit.next_to(self.number, RIGHT, buff=self.unit_buff)

    def get_value(self) -> float:
        """The value shown (as set, before rounding to the decimals)."""
        return float(self.number.get_value())

    def set_value(self, value: float) -> Readout:
        """Show ``value``; the number keeps its left edge and the unit follows it."""
        self.number.set_value(_shown(value, self.decimals))
        self._place_unit()
        return self

    def track(self, tracker: ValueTracker, func: Callable[[float], float]) -> Readout:
        """Show ``func(tracker.get_value())`` from now on, updated every frame."""
        self.number.add_updater(lambda _: self.set_value(func(tracker.get_value())))
        return self.set_value(func(tracker.get_value()))


class ReadoutPanel(VGroup):
    """Rows ``label = number``, each in its own colour, the ``=`` signs aligned.

    Parameters
    ----------
    rows
        ``(tex_label, colour)`` per row; the label is TeX without the ``=``.
    theme
        Panel colours.
    values
        Initial values (default zeros).
    decimals
        Fixed decimals of every number.
    panel
        Draw a rounded panel behind the rows.

    Attributes
    ----------
    rows
        ``VGroup`` of one :class:`Readout` per row.
    labels, numbers
        ``VGroup`` of the rows' ``MathTex`` labels and of their ``DecimalNumber`` values.
    """

    def __init__(
        self,
        rows: Sequence[tuple[str, str]],
        theme: Theme,
        *,
        values: Sequence[float] | None = None,
        decimals: int = 2,
        font_size: float | None = None,
        panel: bool = True,
    ) -> None:
        super().__init__()
        if len(rows) == 0:
            raise ValueError("a ReadoutPanel needs at least one row")
        self.rows = VGroup(
            *(
                Readout(f"{label} =", theme, color=color, decimals=decimals, font_size=font_size)
                for label, color in rows
            )
        ).arrange(DOWN, buff=theme.space.row)
        equals_x = self.rows[0].label[0][-1].get_x()
        for row in self.rows[1:]:  # the "=" signs in one column (so the numbers too)
            row.shift((equals_x - row.label[0][-1].get_x()) * RIGHT)
        self.labels = VGroup(*(row.label for row in self.rows))
        self.numbers = VGroup(*(row.number for row in self.rows))
        if panel:
            box = SurroundingRectangle(
                self.rows,
                buff=0.3,
                corner_radius=0.1,
                stroke_width=1,
                stroke_color=theme.muted,
                fill_color=theme.panel,
                fill_opacity=1,
            )
            # room for the widest number the panel will show (one more digit)
            box.stretch_to_fit_width(box.width + 0.3, about_edge=LEFT)
            self.add(box)
        self.add(self.rows)
        self.set_values(np.zeros(len(rows)) if values is None else values)

    @property
    def values(self) -> np.ndarray:
        """The numbers as shown (read back from the ``DecimalNumber`` mobjects)."""
        return np.array([n.get_value() for n in self.numbers], dtype=float)

    def set_values(self, values: Sequence[float]) -> ReadoutPanel:
        """Show ``values``, one per row."""
        values = np.asarray(values, dtype=float)
        if values.shape != (len(self.rows),):
            raise ValueError(f"expected {len(self.rows)} values, got shape {values.shape}")
        for row, value in zip(self.rows, values, strict=True):
            row.set_value(value)
        return self


class StackedBar(VGroup):
    """A vertical bar made of segments stacked bottom-up, with a brace over the total.

    Segment ``i`` has height ``values[i] * unit_height``; a label beside each segment
    fades out while the segment is too thin to hold it, and a brace on the left spans
    the whole bar with ``total_label``.

    Parameters
    ----------
    labels
        TeX label per segment (shown to the right of it).
    colors
        Fill colour per segment.
    theme
        Baseline colour (``theme.muted``).
    values
        Initial values (non-negative; default zeros).
    unit_height
        Scene units per unit of value.
    """

    def __init__(
        self,
        labels: Sequence[str],
        colors: Sequence[str],
        theme: Theme,
        *,
        values: Sequence[float] | None = None,
        total_label: str | None = None,
        total_color: str | None = None,
        unit_height: float = 1.5,
        width: float = 1.0,
        font_size: float | None = None,
    ) -> None:
        super().__init__()
        if len(labels) != len(colors) or not labels:
            raise ValueError(f"{len(labels)} labels but {len(colors)} colours (need one each)")
        self.unit_height = unit_height
        font_size = font_size or theme.size.body
        self.baseline = Line(LEFT * (width / 2 + 0.2), RIGHT * (width / 2 + 0.2))
        self.baseline.set_stroke(theme.muted, width=2)
        self.segments = VGroup(
            *(
                Rectangle(width=width, height=1.0, fill_color=c, fill_opacity=0.9, stroke_width=0)
                for c in colors
            )
        )
        self.segment_labels = VGroup(
            *(MathTex(t, font_size=font_size, color=c) for t, c in zip(labels, colors, strict=True))
        )
        self.total_color = total_color or theme.text
        self.total_label = (
            MathTex(total_label, font_size=font_size, color=self.total_color)
            if total_label is not None
            else None
        )
        self.brace = Brace(Line(DOWN, UP), LEFT, color=self.total_color)
        self.add(self.baseline, self.segments, self.segment_labels, self.brace)
        if self.total_label is not None:
            self.add(self.total_label)
        self._values = np.zeros(len(labels))
        self.set_values(np.zeros(len(labels)) if values is None else values)

    @property
    def values(self) -> np.ndarray:
        """The values last set."""
        return self._values.copy()

    def segment_values(self) -> np.ndarray:
        """The values read back from the drawn segments (height / ``unit_height``)."""
        return np.array(
            [
                0.0 if s.get_fill_opacity() == 0 else s.height / self.unit_height
                for s in self.segments
            ]
        )

    def total_value(self) -> float:
        """The drawn bar's total, from the top of the last segment to the baseline."""
        top = max(s.get_top()[1] for s in self.segments if s.get_fill_opacity() > 0)
        return float((top - self.baseline.get_y()) / self.unit_height)

    def set_values(self, values: Sequence[float]) -> StackedBar:
        """Redraw the segments at ``values`` (stacked) and move labels and brace along."""
        values = np.asarray(values, dtype=float)
        if values.shape != self._values.shape:
            raise ValueError(f"expected {self._values.size} values, got shape {values.shape}")
        if np.any(values < -1e-12) or not np.all(np.isfinite(values)):
            raise ValueError(f"stacked values must be finite and non-negative, got {values}")
        self._values = np.clip(values, 0.0, None)
        bottom = self.baseline.get_center().copy()
        tiny = 1e-4
        for segment, label, value in zip(
            self.segments, self.segment_labels, self._values, strict=True
        ):
            height = value * self.unit_height
            segment.stretch_to_fit_height(max(height, tiny))
            segment.move_to(bottom, DOWN)
            segment.set_fill(opacity=0.9 if height >= tiny else 0.0)
            label.next_to(segment, RIGHT, buff=0.2)
            # fade the label while the segment is thinner than the label
            room = np.clip((height - 0.6 * label.height) / (0.4 * label.height), 0.0, 1.0)
            label.set_opacity(float(room))
            bottom = bottom + UP * height
        total = float(self._values.sum()) * self.unit_height
        span = Line(self.baseline.get_center(), self.baseline.get_center() + UP * max(total, 0.05))
        span.next_to(self.segments, LEFT, buff=0.1, aligned_edge=DOWN)
        span.set_y(self.baseline.get_y() + max(total, 0.05) / 2)
        self.brace.become(Brace(span, LEFT, color=self.total_color, buff=0.05))
        self.brace.set_opacity(1.0 if total >= 0.3 else 0.0)
        if self.total_label is not None:
            self.total_label.next_to(self.brace, LEFT, buff=0.15)
            self.total_label.set_opacity(1.0 if total >= 0.3 else 0.0)
        return self
