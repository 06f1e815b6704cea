"""A scene lays its texts out the same at every size: manim would wrap a long title onto
a second line below about 300 px wide (manim issue #4043); the scene kit lays every text
out on a 4K canvas, and puts the frame's size back afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import MarkupText, Text, config, tempconfig

from scenes.components.text_canvas import wide_text_canvas

TITLE = "True label y = 1: how hard does each loss punish p?"


def title_size(width: int, height: int, media: Path, wide: bool) -> tuple[float, float]:
    with tempconfig({"pixel_width": width, "pixel_height": height, "media_dir": str(media)}):
        if not wide:
            title = Text(TITLE, font_size=34)
        else:
            with wide_text_canvas():
                title = Text(TITLE, font_size=34)
                assert (config.pixel_width, config.pixel_height) == (width, height)
        return round(title.width, 4), round(title.height, 4)


@pytest.mark.parametrize("size", [(192, 108), (224, 126)])
def test_a_long_title_is_one_line_at_a_small_size(size, tmp_path: Path) -> None:
    at_medium = title_size(1280, 720, tmp_path / "medium", wide=False)
    assert title_size(*size, tmp_path / "small-manim", wide=False) != at_medium  # it wraps
    assert title_size(*size, tmp_path / "small", wide=True) == at_medium


def test_the_canvas_is_manims_again_afterwards() -> None:
    before = {cls: cls._text2svg for cls in (Text, MarkupText)}
    with wide_text_canvas():
        assert all(cls._text2svg is not before[cls] for cls in before)
        with wide_text_canvas():  # nested: still one wrapper
            inner = Text._text2svg
        assert Text._text2svg is inner
    assert {cls: cls._text2svg for cls in before} == before
