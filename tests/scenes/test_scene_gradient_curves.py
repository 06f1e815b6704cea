"""Scene 6, ``gradient-curves``: its beats in order, gradient curves against p and
against z equal to mathcore's, the live numbers at the climax (MSE's gradient vanishing,
CE's staying near -1), and real frames.
The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from manim import config
from manim.utils.color import ManimColor
from scene_harness import SceneRun, colour_pixels

import mathcore
from scenes.gradient_curves import GradientCurves
from scenes.theme import get_theme

BEATS = [
    "show_gradients_in_p",
    "mse_stays_bounded",
    "switch_to_logit",
    "slide_to_confident_mistake",
    "conclude",
]
SCENE = GradientCurves


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def _curve_coords(plot, curve) -> np.ndarray:
    """Every anchor of a drawn curve, mapped back to data coordinates through the axes."""
    anchors = np.concatenate([piece.get_anchors() for piece in curve.family_members_with_points()])
    return np.array([plot.axes.p2c(a)[:2] for a in anchors])


@pytest.mark.parametrize("index,key", [(0, "ce"), (1, "mse")])
def test_gradient_curves_against_p_are_mathcore(run: SceneRun, index: int, key: str) -> None:
    scene = run.scene
    coords = _curve_coords(scene.plot_p, scene.p_curves[index])
    p, grad = coords[:, 0], coords[:, 1]
    y_min, y_max = GradientCurves.p_y_range[:2]
    assert len(coords) > 100
    assert np.all((grad >= y_min - 1e-9) & (grad <= y_max + 1e-9))
    inside = grad > y_min + 1e-9  # the cut at the bottom edge is interpolated
    np.testing.assert_allclose(grad[inside], mathcore.grad_vs_p(p[inside], y=1.0)[key], atol=1e-6)
    if key == "mse":
        # the MSE slope stays between -2 and 0 and reaches toward -2 at small p
        assert grad.min() >= -2.0 - 1e-9 and grad.max() <= 1e-9
        assert grad.min() < -1.9
        assert scene.plot_p.exits["mse"] == []
    else:
        ((exit_p, exit_grad, direction),) = scene.plot_p.exits["ce"]
        assert (exit_grad, direction) == (y_min, -1)
        assert float(mathcore.grad_vs_p(exit_p)["ce"]) == pytest.approx(y_min, abs=0.05)


@pytest.mark.parametrize("index,key", [(0, "ce"), (1, "mse")])
def test_gradient_curves_against_z_are_mathcore(run: SceneRun, index: int, key: str) -> None:
    scene = run.scene
    coords = _curve_coords(scene.plot_z, scene.z_curves[index])
    z, grad = coords[:, 0], coords[:, 1]
    assert z.min() == pytest.approx(GradientCurves.z_range[0], abs=1e-9)
    assert z.max() == pytest.approx(GradientCurves.z_range[1], abs=1e-9)
    np.testing.assert_allclose(grad, mathcore.grad_vs_logit(z, y=1.0)[key], atol=1e-6)
    assert scene.plot_z.exits[key] == []  # both fit on the axes: nothing clipped


@pytest.mark.parametrize("z", [2.0, 0.0, -2.0, -4.0, -6.0])
def test_dots_and_readouts_follow_mathcore(run: SceneRun, z: float) -> None:
    scene = run.scene
    scene.z.set_value(z)
    for mob in (*scene.dots, *(r.number for r in scene.readouts)):
        mob.update(0)
    grads = mathcore.grad_vs_logit(z, y=1.0)
    shown = [r.number.get_value() for r in scene.readouts]
    assert shown[0] == pytest.approx(z, abs=1e-12)
    assert shown[1] == pytest.approx(float(mathcore.sigmoid(z)), rel=1e-12)
    assert shown[2] == pytest.approx(float(grads["ce"]), rel=1e-12)
    assert shown[3] == pytest.approx(float(grads["mse"]), rel=1e-12)
    assert [r.number.num_decimal_places for r in scene.readouts] == [1, 3, 3, 3]
    for dot, key in zip(scene.dots, ("ce", "mse"), strict=True):
        x, y = scene.plot_z.axes.p2c(dot.get_center())[:2]
        assert x == pytest.approx(z, abs=1e-9)
        assert y == pytest.approx(float(grads[key]), abs=1e-9)


def test_the_climax_numbers(scene_run: Callable[[type, str], SceneRun]) -> None:
    """At z = -6, as displayed: MSE's gradient ~ -0.005, CE's ~ -1."""
    scene = scene_run(GradientCurves, "dark").scene
    scene.z.set_value(GradientCurves.z_end)
    for r in scene.readouts:
        r.number.update(0)
    shown = [f"{r.number.get_value():.{r.number.num_decimal_places}f}" for r in scene.readouts]
    assert shown == ["-6.0", "0.002", "-0.998", "-0.005"]
    assert scene.readouts[0].number.include_sign  # "+2.0" to "−6.0" keeps its width


def test_frames_show_curves_in_theme_colours(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    for name in ("show_gradients_in_p", "switch_to_logit", "conclude"):
        frame = run.frame_at(name)
        assert colour_pixels(frame, theme.cross_entropy) > 80, name
        assert colour_pixels(frame, theme.mse) > 80, name
    # the confidently-wrong band tints the plot left of z = -2.2 once the slide begins
    axes = run.scene.plot_z.axes
    before, during = run.frame_at("switch_to_logit"), run.frame_at("slide_to_confident_mistake")
    h, w = during.shape[:2]
    x0, y0 = axes.c2p(-4.0, -0.3)[:2]
    col = int((x0 / config.frame_width + 0.5) * w)
    row = int((0.5 - y0 / config.frame_height) * h)
    assert np.abs(during[row, col, :3].astype(int) - before[row, col, :3].astype(int)).max() > 10

    # the closing box and lines add ink (thin text at 320x180 is anti-aliased, so count
    # every pixel that differs from the background)
    background = np.array(ManimColor(theme.background).to_int_rgb())

    def ink(frame: np.ndarray) -> int:
        return int((np.abs(frame[..., :3].astype(int) - background).max(axis=-1) > 40).sum())

    assert ink(run.frame_at("conclude")) > ink(during) + 200
