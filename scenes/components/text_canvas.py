"""Lay every ``Text`` out on a 4K canvas, whatever size the scene renders at.

manim has Pango lay a ``Text`` out on a canvas as wide as the frame in pixels, so below
about 300 px wide (a thumbnail, a small GIF) a long title wraps onto a second line and
runs into what is under it; and the laid-out SVG is cached under a name that does not
say the size, so the wrap follows the text to other sizes (manim issue #4043). Its
maintainers' workaround is a wider ``pixel_width`` while the text is made; this does
that for the moment each text is laid out, then puts the frame's size back. At 320 px
and wider nothing changes: the glyphs come out the same, only the canvas is larger.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from manim import MarkupText, Text, config

#: The canvas every text is laid out on, in pixels (4K: no line of a scene comes close).
LAYOUT_WIDTH, LAYOUT_HEIGHT = 3840, 2160
_TEXT_CLASSES = (Text, MarkupText)


def _on_wide_canvas(text2svg: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(text2svg)
    def wide(self: Any, *args: Any, **kwargs: Any) -> str:
        width, height = config.pixel_width, config.pixel_height
        if width >= LAYOUT_WIDTH:
            return text2svg(self, *args, **kwargs)
        config.pixel_width, config.pixel_height = LAYOUT_WIDTH, LAYOUT_HEIGHT
        try:
            return text2svg(self, *args, **kwargs)
        finally:
            config.pixel_width, config.pixel_height = width, height

    wide.on_wide_canvas = True  # type: ignore[attr-defined]
    return wide


@contextmanager
def wide_text_canvas() -> Iterator[None]:
    """While inside, ``Text`` and ``MarkupText`` are laid out on the wide canvas."""
    originals = {cls: cls.__dict__["_text2svg"] for cls in _TEXT_CLASSES}
    for cls, text2svg in originals.items():
        if not getattr(text2svg, "on_wide_canvas", False):
            cls._text2svg = _on_wide_canvas(text2svg)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for cls, text2svg in originals.items():
            cls._text2svg = text2svg  # type: ignore[method-assign]
