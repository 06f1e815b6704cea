r"""A formula that names a class: TeX pieces and plain-text names on one baseline.

A class name is the user's text (``render.py --set class_names=...``), so it is drawn
with ``Text`` and never becomes TeX source: ``\input{...}`` in a name could otherwise
make LaTeX read a file. :class:`TexLine` sets the TeX around it and the name side by
side, on the TeX's baseline::

    line = TexLine([r"\text{CE} = -\ln P(", Name("cat"), r") ="], theme, color=...)
    number.next_to(line, RIGHT).align_to(...)   # or line.put_on_baseline(number)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from manim import DOWN, RIGHT, UP, DecimalNumber, MathTex, Mobject, Text, VGroup, VMobject

from ..theme import Theme

#: Gap between two pieces of a line (TeX drops the space at a piece's ends).
PIECE_BUFF = 0.06
#: A name's size relative to the TeX around it: DejaVu Sans's lower case stands about a
#: quarter taller than Computer Modern's at one font size.
NAME_SCALE = 0.8


class Name(NamedTuple):
    """A piece of a :class:`TexLine` drawn as plain text (a class name)."""

    text: str


def _tex_piece(tex: str, font_size: float, color: str) -> tuple[MathTex, float]:
    """The TeX and how far its bottom sits below its baseline (a glyph ``x`` set after
    it in the same formula marks the baseline; it is not kept)."""
    piece = MathTex(tex, font_size=font_size, color=color)
    marked = MathTex(tex, r"\mathrm{x}", font_size=font_size)
    return piece, float(marked[1].get_bottom()[1] - marked[0].get_bottom()[1])


def _text_piece(text: str, font_size: float, color: str) -> tuple[Text, float]:
    """The name and how far its bottom sits below its baseline (its descenders)."""
    piece = Text(text, font_size=font_size, color=color)
    marked = Text(text + "x", font_size=font_size)
    return piece, float(marked[-1].get_bottom()[1] - VGroup(*marked[:-1]).get_bottom()[1])


class TexLine(VGroup):
    """``pieces`` (TeX strings and :class:`Name`) left to right on one baseline.

    Attributes
    ----------
    pieces
        The ``MathTex`` and ``Text`` mobjects, in order.
    baseline
        The line's baseline (y), moving with the line: see :meth:`put_on_baseline`.
    """

    def __init__(
        self,
        pieces: Sequence[str | Name],
        theme: Theme,
        *,
        font_size: float | None = None,
        color: str | None = None,
        name_color: str | None = None,
        buff: float = PIECE_BUFF,
    ) -> None:
        super().__init__()
        size = font_size or theme.size.body
        color = color or theme.text
        x = 0.0
        for piece in pieces:
            if isinstance(piece, Name):
                mob, drop = _text_piece(piece.text, size * NAME_SCALE, name_color or color)
            else:
                mob, drop = _tex_piece(piece, size, color)
            mob.move_to([x, 0, 0], aligned_edge=[-1, -1, 0]).shift(DOWN * drop)
            x = float(mob.get_right()[0]) + buff
            self.add(mob)
        self.pieces = list(self.submobjects)
        # an invisible mark on the baseline, so the baseline moves with the line
        self._mark = VMobject().set_points_as_corners([[0, 0, 0], [1e-3, 0, 0]])
        self._mark.set_stroke(opacity=0)
        self.add(self._mark)

    @property
    def baseline(self) -> float:
        return float(self._mark.get_y())

    def put_on_baseline(self, number: Mobject, buff: float = PIECE_BUFF) -> Mobject:
        """Place ``number`` (digits sit on their baseline) right after the line."""
        number.next_to(self, RIGHT, buff=buff)
        bottom = number.get_bottom()[1] if isinstance(number, DecimalNumber) else None
        if bottom is not None:
            number.shift(UP * (self.baseline - bottom))
        return number
