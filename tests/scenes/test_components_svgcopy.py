"""Copies of SVG-built mobjects share the SVG's parse tree and nothing else
(``scenes.components.svgcopy``): the copy's points, colours and pieces are its own, and it
draws the same pixels. (Every scene's spliced beat jobs equal its whole render and every
probe's frames are checked in the scene tests, all with the sharing on.)"""

from __future__ import annotations

import numpy as np
from manim import BLUE, Camera, MathTex, tempconfig
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

import scenes.components  # noqa: F401  (the scene kit turns the sharing on)


def pieces(tex: MathTex) -> list[VMobjectFromSVGPath]:
    return [m for m in tex.get_family() if isinstance(m, VMobjectFromSVGPath)]


def drawn(mobject: MathTex) -> np.ndarray:
    with tempconfig({"pixel_width": 160, "pixel_height": 90}):
        camera = Camera()
        camera.capture_mobject(mobject)
        return np.asarray(camera.get_image())


def test_a_copy_shares_the_parse_tree_and_owns_its_points(scene_media) -> None:
    with tempconfig({"media_dir": str(scene_media)}):
        tex = MathTex(r"H(p, q) = -\sum_x p(x) \log q(x)")
    copy = tex.copy()
    originals, copies = pieces(tex), pieces(copy)
    assert len(originals) == len(copies) > 10
    for original, copied in zip(originals, copies, strict=True):
        assert copied is not original
        assert copied.path_obj is original.path_obj  # shared, not copied
        assert copied.points is not original.points
        np.testing.assert_array_equal(copied.points, original.points)
    before = originals[0].points.copy()
    copy.shift(np.array([1.0, 0.0, 0.0])).set_color(BLUE)
    np.testing.assert_array_equal(originals[0].points, before)  # the original did not move
    assert originals[0].get_color() != copies[0].get_color()


def test_a_copy_draws_the_same_pixels(scene_media) -> None:
    with tempconfig({"media_dir": str(scene_media)}):
        tex = MathTex(r"\frac{e^{s_k}}{\sum_j e^{s_j}}").scale(2)
    image = drawn(tex)
    assert (image[..., 3] > 0).sum() > 100  # something was drawn
    np.testing.assert_array_equal(drawn(tex.copy()), image)
