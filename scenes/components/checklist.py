"""A checklist of conditions, each open, met (a tick) or not met (a cross).

The softmax scene ticks off the two conditions of a probability distribution as they
become true. Every row carries both marks; :meth:`Checklist.set_status` shows one by
opacity, so ``self.play(checklist.animate.set_status(0, "met"))`` cross-fades them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, Line, MathTex, RoundedRectangle, Square, VGroup, VMobject

from ..theme import Theme

STATUSES = ("open", "met", "unmet")


def make_tick(size: float, color: str, stroke_width: float = 6) -> VMobject:
    """A check mark drawn as two strokes, ``size`` wide."""
    tick = VMobject(stroke_color=color, stroke_width=stroke_width)
    tick.set_points_as_corners(
        np.array([[-0.5, 0.0, 0.0], [-0.15, -0.35, 0.0], [0.5, 0.4, 0.0]]) * size
    )
    return tick


def make_cross(size: float, color: str, stroke_width: float = 6) -> VGroup:
    """An X drawn as two strokes, ``size`` wide."""
    half = size / 2
    return VGroup(
        Line([-half, -half, 0], [half, half, 0], stroke_width=stroke_width, color=color),
        Line([-half, half, 0], [half, -half, 0], stroke_width=stroke_width, color=color),
    )


class ChecklistRow(VGroup):
    """One condition: a box, a tick and a cross stacked in it, and the condition in TeX."""

    def __init__(self, tex: str, theme: Theme, *, font_size: float, box_size: float) -> None:
        super().__init__()
        self.box = Square(box_size, stroke_color=theme.muted, stroke_width=2)
        self.tick = make_tick(box_size * 0.8, theme.positive).move_to(self.box)
        self.cross = make_cross(box_size * 0.55, theme.negative).move_to(self.box)
        self.label = MathTex(tex, font_size=font_size, color=theme.text)
        self.label.next_to(self.box, RIGHT, buff=0.3)
        self.add(self.box, self.tick, self.cross, self.label)


class Checklist(VGroup):
    """Conditions (TeX strings) in rows on a panel, each with a status box.

    Parameters
    ----------
    items
        One TeX string per condition.
    theme
        Ticks in ``theme.positive``, crosses in ``theme.negative``, panel in
        ``theme.panel``.
    font_size
        Of the conditions; default ``theme.size.body``.
    """

    def __init__(
        self,
        items: Sequence[str],
        theme: Theme,
        *,
        font_size: float | None = None,
        box_size: float = 0.42,
        panel: bool = True,
    ) -> None:
        super().__init__()
        if not items:
            raise ValueError("a checklist needs at least one item")
        self.theme = theme
        size = font_size or theme.size.body
        self.rows = VGroup(
            *(ChecklistRow(t, theme, font_size=size, box_size=box_size) for t in items)
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        if panel:
            self.panel = RoundedRectangle(
                corner_radius=0.12,
                width=self.rows.width + 0.5,
                height=self.rows.height + 0.4,
                stroke_width=1,
                stroke_color=theme.muted,
                fill_color=theme.panel,
                fill_opacity=0.9,
            ).move_to(self.rows)
            self.add(self.panel)
        self.add(self.rows)
        for i in range(len(items)):
            self.set_status(i, "open")

    def set_status(self, index: int, status: str) -> Checklist:
        """Show row ``index`` as ``"open"`` (empty box), ``"met"`` (tick) or ``"unmet"``."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        if not -len(self.rows) <= index < len(self.rows):
            raise ValueError(f"index {index} is out of range for {len(self.rows)} items")
        row = self.rows[index]
        row.tick.set_stroke(opacity=1.0 if status == "met" else 0.0)
        row.cross.set_stroke(opacity=1.0 if status == "unmet" else 0.0)
        row.box.set_stroke(
            color=self.theme.positive if status == "met" else self.theme.muted, opacity=1.0
        )
        return self

    def status(self, index: int) -> str:
        """What row ``index`` shows now, read from its marks' opacity (so it is also right
        after ``.animate.set_status``, which sets the marks on a copy)."""
        row = self.rows[index]
        if row.tick.get_stroke_opacity() > 0.5:
            return "met"
        if row.cross[0].get_stroke_opacity() > 0.5:
            return "unmet"
        return "open"
