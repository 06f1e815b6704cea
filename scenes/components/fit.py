"""Labels that fit their slot: class names and values under and over K bars.

A chart gives each class a slot of ``width / K``. A word or a number wider than its slot
would run into its neighbour's, so a chart sizes its labels with these: at the size it
asks for, or smaller down to ``theme.size.small`` (the smallest that reads well); names
that still do not fit take two rows, every other name one row lower, so each has two
slots. The declared parameter rules (:func:`scenes.param_rules.texts_fit`) refuse names
too long even for that, so nothing is ever drawn smaller than ``theme.size.small``.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import LEFT, RIGHT, DecimalNumber, Mobject, Text

from ..textwidth import LABEL_GAP, name_room
from ..theme import Theme


def fit_names(
    names: Sequence[str], slot: float, font_size: float, theme: Theme
) -> tuple[float, bool]:
    """``(font_size, staggered)`` for class names under slots ``slot`` wide: the asked
    size if every name fits, else the largest size down to ``theme.size.small`` at which
    they do, else ``theme.size.small`` on two staggered rows."""
    widest = max((Text(n, font_size=font_size).width for n in names), default=0.0)
    room = name_room(slot, staggered=False)
    if widest <= room:
        return font_size, False
    smaller = font_size * room / widest
    if smaller >= theme.size.small:
        return smaller, False
    return min(font_size, theme.size.small), True


def fit_numbers(
    extremes: Sequence[float],
    slot: float,
    font_size: float,
    theme: Theme,
    *,
    decimals: int,
    include_sign: bool = False,
) -> float:
    """The font size for numbers over slots ``slot`` wide: the asked size if the widest
    of ``extremes`` (as shown, with ``decimals``) fits, else smaller down to
    ``theme.size.small``."""
    widest = max(
        DecimalNumber(
            v, num_decimal_places=decimals, include_sign=include_sign, font_size=font_size
        ).width
        for v in extremes
    )
    room = slot - LABEL_GAP
    if widest <= room:
        return font_size
    return max(theme.size.small, font_size * room / widest)


def keep_inside(name: Mobject, left: float, right: float) -> None:
    """Shift ``name`` sideways so it does not stick out past ``left`` or ``right``."""
    if name.get_left()[0] < left:
        name.shift(RIGHT * (left - name.get_left()[0]))
    elif name.get_right()[0] > right:
        name.shift(LEFT * (name.get_right()[0] - right))
