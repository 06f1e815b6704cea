"""Copies of SVG-built mobjects that share the SVG's parse tree instead of copying it.

Every ``MathTex``, ``Tex``, digit of a ``DecimalNumber`` and ``Brace`` is made of
``VMobjectFromSVGPath`` pieces, and manim keeps on each the ``svgelements`` path it was
built from (``path_obj``: a tree of ``Point``, ``CubicBezier``, ``Move`` objects). The tree
is read once, while the piece computes its points, and never again, yet every
``Mobject.copy()`` deep-copies it: each ``Transform`` / ``FadeIn`` start, each
``MathTex`` taken from manim's SVG cache. In this project's scenes that tree is about 90 %
of the objects a copy creates and more than half of the time a scene takes to construct
with animations skipped (the tests' probe runs, a beat job skipping cached beats).

:func:`share_svg_parse_trees` makes a copy of such a piece share its ``path_obj`` with the
original (like any other read-only value); every other attribute is deep-copied as before,
so points, colours and submobjects of the copy are its own and frames are unchanged.
It is applied when the scene kit is imported.
"""

from __future__ import annotations

from typing import Any

from manim.mobject.mobject import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath


def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> Any:
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo.setdefault(id(path), path)  # deepcopy hands back what the memo holds
    return Mobject.__deepcopy__(self, memo)


def share_svg_parse_trees() -> None:
    """Make copies of ``VMobjectFromSVGPath`` share its SVG parse tree (idempotent)."""
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path  # type: ignore[method-assign]
