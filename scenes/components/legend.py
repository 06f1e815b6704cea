"""A curve legend: a short line in each curve's colour beside its label.

Every plot of CE against MSE uses it, so the two losses look the same in every scene.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import DOWN, LEFT, RIGHT, DashedLine, Line, MathTex, RoundedRectangle, VGroup

from ..theme import Theme


class Legend(VGroup):
    """Entries ``(tex_label, colour)`` stacked vertically on a panel (labels at
    ``theme.size.label`` unless ``font_size`` says otherwise); entry ``i`` has a dashed
    swatch where ``dashed[i]``, to match a dashed curve.

    >>> Legend([(r"\\text{CE}", theme.cross_entropy), (r"\\text{MSE}", theme.mse)], theme)
    """

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        theme: Theme,
        *,
        font_size: float | None = None,
        swatch_length: float = 0.5,
        panel: bool = True,
        dashed: Sequence[bool] = (),
    ) -> None:
        super().__init__()
        rows = VGroup()
        flags = [*dashed, *[False] * (len(entries) - len(dashed))]
        for (label, color), is_dashed in zip(entries, flags, strict=False):
            ends = (LEFT * swatch_length / 2, RIGHT * swatch_length / 2)
            swatch = DashedLine(*ends, dash_length=0.1) if is_dashed else Line(*ends)
            swatch.set_stroke(color, width=6)
            text = MathTex(label, font_size=font_size or theme.size.label, color=color)
            rows.add(VGroup(swatch, text).arrange(RIGHT, buff=0.2))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        self.rows = rows
        if panel:
            box = RoundedRectangle(
                corner_radius=0.1,
                width=rows.width + 0.4,
                height=rows.height + 0.3,
                stroke_width=1,
                stroke_color=theme.muted,
                fill_color=theme.panel,
                fill_opacity=0.9,
            ).move_to(rows)
            self.add(box)
        self.add(rows)
