"""The pieces of a classifier drawn as a pipeline: an input card and a model box.

``AnimalCard`` stands for the input image x_i: a card with a stylised cat face drawn
from manim shapes (no image file). ``ModelBox`` is the model h_θ: a box with a small
network inside, which lights up while the input passes through.
"""

from __future__ import annotations

from itertools import pairwise

from manim import (
    DOWN,
    RIGHT,
    ArcBetweenPoints,
    Dot,
    Ellipse,
    Line,
    ManimColor,
    MathTex,
    Polygon,
    RoundedRectangle,
    VGroup,
    interpolate_color,
)

from ..theme import Theme


def make_cat_ears(theme: Theme, fur: ManimColor) -> tuple[VGroup, VGroup]:
    """The two ears (outlined, in ``fur``) and their insides, for a head 1.4 wide."""
    line = {"stroke_color": theme.text, "stroke_width": 3}
    ears, inner = VGroup(), VGroup()
    for side in (-1, 1):
        outer = Polygon(
            [side * 0.62, 0.12, 0], [side * 0.52, 0.82, 0], [side * 0.12, 0.5, 0], **line
        )
        outer.set_fill(fur, opacity=1)
        ears.add(outer)
        inner.add(
            Polygon(
                [side * 0.5, 0.3, 0],
                [side * 0.47, 0.66, 0],
                [side * 0.25, 0.47, 0],
                stroke_width=0,
                fill_color=theme.text,
                fill_opacity=0.35,
            )
        )
    return ears, inner


def make_cat_face(theme: Theme, size: float = 1.4) -> VGroup:
    """A cat's face, ``size`` wide: head, ears, eyes, nose, mouth and whiskers."""
    s = size / 1.4  # drawn at width 1.4, then scaled
    line = {"stroke_color": theme.text, "stroke_width": 3}
    # opaque fur, a third of the way from the card's colour to the muted one, so the
    # head hides the ears' bases
    fur = interpolate_color(ManimColor(theme.panel), ManimColor(theme.muted), 0.4)
    head = Ellipse(width=1.4, height=1.15, fill_color=fur, fill_opacity=1, **line)
    ears, inner = make_cat_ears(theme, fur)
    eyes = VGroup(
        *(
            Ellipse(
                width=0.15, height=0.24, fill_color=theme.text, fill_opacity=1, stroke_width=0
            ).move_to([side * 0.28, 0.1, 0])
            for side in (-1, 1)
        )
    )
    nose = Polygon(
        [-0.08, -0.08, 0],
        [0.08, -0.08, 0],
        [0.0, -0.17, 0],
        fill_color=theme.text,
        fill_opacity=1,
        stroke_width=0,
    )
    mouth = VGroup(
        *(
            ArcBetweenPoints([0, -0.17, 0], [side * 0.15, -0.25, 0], angle=side * 1.2, **line)
            for side in (-1, 1)
        )
    ).set_stroke(width=2.5)
    whiskers = VGroup()
    for side in (-1, 1):
        for dy in (0.05, -0.05):
            whiskers.add(
                Line(
                    [side * 0.3, -0.13 + dy * 0.5, 0],
                    [side * 0.82, -0.08 + dy * 2.4, 0],
                    stroke_color=theme.text,
                    stroke_width=2,
                )
            )
    # drawn back to front: the head covers the ears' bases
    return VGroup(ears, inner, head, eyes, nose, mouth, whiskers).scale(s)


class AnimalCard(VGroup):
    """A card standing for one input image, with its label (``x_i``) underneath.

    Parameters
    ----------
    theme
        Card in ``theme.panel`` edged ``theme.muted``; the face in ``theme.text``.
    label
        TeX for the label under the card, or ``None`` for none.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        label: str | None = r"x_i",
        width: float = 2.0,
        height: float = 2.3,
        label_font_size: float | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.card = RoundedRectangle(
            corner_radius=0.18,
            width=width,
            height=height,
            fill_color=theme.panel,
            fill_opacity=1,
            stroke_color=theme.muted,
            stroke_width=2,
        )
        self.face = make_cat_face(theme, size=width * 0.72).move_to(self.card)
        self.add(self.card, self.face)
        self.label = None
        if label is not None:
            size = label_font_size or theme.size.display
            self.label = MathTex(label, font_size=size, color=theme.text)
            self.label.next_to(self.card, DOWN, buff=0.2)
            self.add(self.label)


class ModelBox(VGroup):
    """The model h_θ: a box holding a small drawn network and the model's name.

    ``set_active(True)`` lights the box and its network in ``theme.highlight`` (the input
    is passing through); ``set_active(False)`` returns them to rest.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        label: str = r"h_\theta",
        width: float = 2.2,
        height: float = 2.2,
        layers: tuple[int, ...] = (3, 4, 4, 3),
        label_font_size: float | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.box = RoundedRectangle(
            corner_radius=0.2,
            width=width,
            height=height,
            fill_color=theme.panel,
            fill_opacity=1,
            stroke_color=theme.text,
            stroke_width=3,
        )
        columns = VGroup(
            *(
                VGroup(*(Dot(radius=0.06) for _ in range(n))).arrange(DOWN, buff=0.16)
                for n in layers
            )
        ).arrange(RIGHT, buff=0.34)
        edges = VGroup(
            *(
                Line(a.get_center(), b.get_center(), stroke_width=1)
                for left, right in pairwise(columns)
                for a in left
                for b in right
            )
        )
        self.network = VGroup(edges, columns)
        size = label_font_size or theme.size.display
        self.label = MathTex(label, font_size=size, color=theme.text)
        inside = VGroup(self.network, self.label).arrange(DOWN, buff=0.2)
        inside.move_to(self.box)
        self.add(self.box, self.network, self.label)
        self.set_active(False)

    def set_active(self, active: bool) -> ModelBox:
        """Light the box (the input is passing through) or put it at rest."""
        theme = self.theme
        colour = theme.highlight if active else theme.muted
        edges, columns = self.network
        edges.set_stroke(color=colour, opacity=0.9 if active else 0.5)
        columns.set_fill(colour, opacity=1)
        self.box.set_stroke(color=theme.highlight if active else theme.text)
        return self


__all__ = ["AnimalCard", "ModelBox", "make_cat_face"]
