r"""An equation stepper: a derivation shown one line at a time, each line morphing from
the last, built on manim's ``TransformMatchingTex``.

A derivation is DATA: a sequence of lines, each line a sequence of parts. A part is a
TeX string, or a :class:`Part` that also names a *match key* and a colour::

    PS = r"P^*(y \mid x_i)"
    LINES = (
        (r"D", "=", r"\sum_y", Part(PS, key="w"), r"\log", r"\frac{", Part(PS, key="ps"), ...),
        ...
    )
    stepper = EquationStepper(LINES, theme, align_on="=")
    self.play(stepper.write())
    self.play(stepper.step())  # line 0 -> line 1: matching parts glide, the rest fade

How matching works: parts with the same key in two consecutive lines glide into each
other; the others fade out or in. The key defaults to the part's TeX (exactly
``TransformMatchingTex``). Several parts sharing a key form one group that transforms
in order, and a group of one part that becomes a group of two splits in two (a sum
distributed over a difference). Give explicit keys where identical TeX means different
things (``P^*`` as the weight of a sum versus inside a log), so the right copy moves.

Parts may open or close TeX groups (``r"\frac{"``, ``"}{"``, ``r"\underbrace{"``,
``"}_{"``): every line is compiled as one TeX string, split into parts by manim.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from manim import (
    ORIGIN,
    Animation,
    AnimationGroup,
    FadeIn,
    FadeOut,
    FadeTransformPieces,
    MathTex,
    Mobject,
    Transform,
    TransformMatchingTex,
    VGroup,
    Write,
    smooth,
)

from ..theme import Theme, color_roles


class Part(NamedTuple):
    """One piece of an equation line.

    Attributes
    ----------
    tex
        The TeX of this piece (may be an unbalanced group opener such as ``r"\frac{"``).
    key
        What it matches in the neighbouring lines; ``None`` means its TeX.
    color
        A :class:`~scenes.theme.Theme` field name (``"entropy"``, ``"kl"``); ``None``
        keeps the text colour.
    """

    tex: str
    key: str | None = None
    color: str | None = None


LinePart = str | Part
Line = Sequence[LinePart]

_COLOR_ROLES = color_roles()


def as_part(part: LinePart) -> Part:
    """``part`` as a :class:`Part`; a plain string is its own TeX and key."""
    if isinstance(part, Part):
        return part
    if isinstance(part, str):
        return Part(part)
    raise ValueError(f"an equation part must be a str or a Part, not {type(part).__name__}")


def part_key(part: Part) -> str:
    """The match key of ``part``: its explicit key, else its TeX."""
    return part.tex if part.key is None else part.key


class KeyedLine(MathTex):
    """One line of a derivation: a ``MathTex`` whose submobjects are its parts, in
    order, each with a match key (:attr:`part_keys`, see :func:`part_key`)."""

    def __init__(self, parts: Sequence[Part], theme: Theme, *, font_size: float) -> None:
        super().__init__(*(p.tex for p in parts), font_size=font_size, color=theme.text)
        if len(self.submobjects) != len(parts):
            raise ValueError(
                f"the line {' '.join(p.tex for p in parts)!r} compiled into "
                f"{len(self.submobjects)} parts, not {len(parts)} (is one part empty?)"
            )
        self.part_keys: tuple[str, ...] = tuple(part_key(p) for p in parts)
        for mob, part in zip(self.submobjects, parts, strict=True):
            mob.set_color(theme.text if part.color is None else getattr(theme, part.color))

    def parts_with(self, key: str) -> list[Mobject]:
        """The parts whose match key is ``key``, in order."""
        return [m for m, k in zip(self.submobjects, self.part_keys, strict=True) if k == key]


def make_line(line: Line, theme: Theme, *, font_size: float | None = None) -> KeyedLine:
    """Compile one line into a :class:`KeyedLine` at ``font_size`` (default
    ``theme.size.equation``), each part in the colour it names."""
    parts = [as_part(p) for p in line]
    if not parts:
        raise ValueError("an equation line needs at least one part")
    for part in parts:
        if part.color is not None and part.color not in _COLOR_ROLES:
            raise ValueError(
                f"unknown colour {part.color!r} for part {part.tex!r}; "
                f"use a theme colour: {', '.join(_COLOR_ROLES)}"
            )
    return KeyedLine(parts, theme, font_size=font_size or theme.size.equation)


def keyed_parts(mobject: Mobject) -> list[tuple[Mobject, str]]:
    """``(part, match key)`` for every part of a line (or of a group of lines): a
    :class:`KeyedLine`'s keys, or a plain ``MathTex`` part's TeX."""
    if isinstance(mobject, KeyedLine):
        return list(zip(mobject.submobjects, mobject.part_keys, strict=True))
    if isinstance(mobject, MathTex):
        return [(m, m.tex_string) for m in mobject.submobjects]
    return [pair for sub in mobject.submobjects for pair in keyed_parts(sub)]


class TransformMatchingKeys(TransformMatchingTex):
    """``TransformMatchingTex`` that matches parts by their match keys and fades the rest
    in place.

    The parts of a :class:`KeyedLine` carry keys; any other ``MathTex`` part falls back
    to its TeX. Unlike ``TransformMatchingTex``, parts without a match fade where they
    are (old ones in the first half of the run, new ones in the second) instead of
    flying toward the other line's unmatched parts, which sends them to the origin
    when the other line has none.
    """

    def __init__(
        self,
        mobject: Mobject,
        target_mobject: Mobject,
        key_map: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        source_map = self.get_shape_map(mobject)
        target_map = self.get_shape_map(target_mobject)
        matched_source, matched_target = VGroup(), VGroup()
        for key in source_map:
            if key in target_map:
                matched_source.add(source_map[key])
                matched_target.add(target_map[key])
        anims: list[Animation] = [Transform(matched_source, matched_target, **kwargs)]
        for key1, key2 in (key_map or {}).items():
            if key1 in source_map and key2 in target_map and key1 not in target_map:
                anims.append(
                    FadeTransformPieces(source_map.pop(key1), target_map.pop(key2), **kwargs)
                )
        fade_source = VGroup(*(v for k, v in source_map.items() if k not in target_map))
        fade_target = VGroup(*(v for k, v in target_map.items() if k not in source_map))
        fade_target_copy = fade_target.copy()
        anims.append(FadeOut(fade_source, **{**kwargs, "rate_func": _first_half}))
        anims.append(FadeIn(fade_target_copy, **{**kwargs, "rate_func": _second_half}))
        # skip TransformMatchingAbstractBase.__init__ (it flies the unmatched parts);
        # keep its clean-up, which swaps the source line for the target line.
        AnimationGroup.__init__(self, *anims)
        self.to_remove = [mobject, fade_target_copy]
        self.to_add = target_mobject

    def get_shape_map(self, mobject: Mobject) -> dict[str, VGroup]:
        """The parts of ``mobject`` grouped by match key, in order of appearance."""
        shape_map: dict[str, VGroup] = {}
        for part, key in keyed_parts(mobject):
            shape_map.setdefault(key, VGroup()).add(part)
        return shape_map


def _first_half(t: float) -> float:
    return smooth(min(1.0, 2.0 * t))


def _second_half(t: float) -> float:
    return smooth(max(0.0, 2.0 * t - 1.0))


class EquationStepper:
    """A derivation: all its lines compiled and laid out, and the animations between them.

    Not a mobject itself: the scene shows one line at a time (:attr:`current`), and
    each :meth:`step` replaces it in the scene with the next line.

    Parameters
    ----------
    lines
        The derivation, one sequence of parts per line (see the module docstring).
    theme
        Text colour and the colours named by parts.
    font_size
        Of every line (the same, so matching parts glide without resizing); default
        ``theme.size.equation``.
    align_on
        A key, e.g. ``"="``: lines that contain it put it at the same x, so the left-hand
        side stays still; the block is centred on the widest extents. Lines without it
        are centred. ``None`` centres every line.

    Attributes
    ----------
    data
        The lines as :class:`Part` tuples.
    lines
        A ``VGroup`` of the compiled lines (:class:`KeyedLine`), laid out on one baseline
        around the origin; move the whole derivation with ``stepper.lines.move_to(...)``.
    index
        The line on screen now.

    Beat jobs track which lines each beat reads (``beat_key``, ``beat_pieces``,
    ``beat_reads``: see :mod:`renderkit.jobs.beatjob`), so editing one line of a
    derivation re-renders only the beats that show it: :meth:`current`, :meth:`get_parts`,
    :meth:`write` and :meth:`step` read the lines they use; :attr:`lines` reads them all.
    """

    def __init__(
        self,
        lines: Sequence[Line],
        theme: Theme,
        *,
        font_size: float | None = None,
        align_on: str | None = "=",
    ) -> None:
        if isinstance(lines, str) or len(lines) == 0:
            raise ValueError("an EquationStepper needs a non-empty sequence of lines")
        self.theme = theme
        self.data: tuple[tuple[Part, ...], ...] = tuple(
            tuple(as_part(p) for p in line) for line in lines
        )
        self._lines = VGroup(*(make_line(line, theme, font_size=font_size) for line in self.data))
        self._read: set[int] = set()
        self.index = 0
        self._lay_out(align_on)

    def _lay_out(self, align_on: str | None) -> None:
        anchored = []
        for line in self._lines:
            line.move_to(ORIGIN)
            anchor = self._find(line, align_on) if align_on is not None else []
            if anchor:
                line.shift(-anchor[0].get_center()[0] * np.array([1.0, 0.0, 0.0]))
                anchored.append(line)
        if anchored:
            # centre the anchored block on its widest extents
            left = min(line.get_left()[0] for line in anchored)
            right = max(line.get_right()[0] for line in anchored)
            for line in anchored:
                line.shift(-(left + right) / 2 * np.array([1.0, 0.0, 0.0]))
        # one common vertical centre
        for line in self._lines:
            line.set_y(0)

    @staticmethod
    def _find(line: KeyedLine, key: str) -> list[Mobject]:
        return line.parts_with(key)

    def __len__(self) -> int:
        return len(self._lines)

    @property
    def lines(self) -> VGroup:
        """Every compiled line (reading them all)."""
        self._read.update(range(len(self._lines)))
        return self._lines

    def _line(self, index: int) -> KeyedLine:
        self._read.add(index + len(self._lines) if index < 0 else index)
        return self._lines[index]  # type: ignore[no-any-return]

    @property
    def current(self) -> KeyedLine:
        """The line on screen now."""
        return self._line(self.index)

    def beat_key(self) -> str:
        """Where the derivation stands (the line on screen, how many lines)."""
        return f"{self.index}/{len(self._lines)}"

    def beat_pieces(self) -> dict[str, str]:
        """Each line's digest as it is now: its keys, points and colours."""
        pieces = {}
        for index, line in enumerate(self._lines):
            digest = hashlib.sha256(repr(line.part_keys).encode())
            for mob in line.get_family():
                for values in (mob.points, mob.fill_rgbas, mob.stroke_rgbas, mob.stroke_width):
                    digest.update((np.round(np.asarray(values, float), 4) + 0.0).tobytes())
            pieces[str(index)] = digest.hexdigest()
        return pieces

    def beat_reads(self) -> set[str]:
        """The lines read since the last call (which starts the count again)."""
        read, self._read = self._read, set()
        return {str(i) for i in read}

    def get_parts(self, key: str, line: int | None = None) -> VGroup:
        """The parts with ``key`` in ``line`` (default: the current line), in order.

        Raises ``KeyError`` naming the keys the line has, if none matches.
        """
        mob = self._line(self.index if line is None else line)
        found = self._find(mob, key)
        if not found:
            keys = ", ".join(dict.fromkeys(mob.part_keys))
            raise KeyError(f"no part with key {key!r} in line {line}; its keys: {keys}")
        return VGroup(*found)

    def write(self, **kwargs: object) -> Animation:
        """Write the first line (or fade it in with ``fade=True``)."""
        fade = kwargs.pop("fade", False)
        self.index = 0
        return FadeIn(self.current, **kwargs) if fade else Write(self.current, **kwargs)

    def step(self, to: int | None = None, **kwargs: object) -> Animation:
        """Morph the current line into line ``to`` (default: the next one).

        Extra keyword arguments go to :class:`TransformMatchingKeys` (``run_time``,
        ``key_map``, ``path_arc``, ...).
        """
        target = self.index + 1 if to is None else to
        if not 0 <= target < len(self._lines):
            raise ValueError(f"no line {target}: the derivation has {len(self._lines)} lines")
        source = self.current
        self.index = target
        return TransformMatchingKeys(source, self.current, **kwargs)
