"""Scene 5, ``loss-curves``: its beats in order, curves and live numbers equal to
mathcore's, the CE curve clipped at the axes' top, and real frames.
The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from manim import config
from scene_harness import SceneRun, colour_pixels

import mathcore
from scenes.components.clip import clip_polyline
from scenes.loss_curves import LossCurves
from scenes.theme import get_theme

BEATS = [
    "show_axes",
    "draw_curves",
    "slide_toward_zero",
    "mark_bounds",
    "shade_confidently_wrong",
]
SCENE = LossCurves


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def _curve_coords(scene: LossCurves, curve) -> np.ndarray:
    """Every anchor of a drawn curve, mapped back to (p, loss) through the axes."""
    axes = scene.plot.axes
    anchors = np.concatenate([piece.get_anchors() for piece in curve.family_members_with_points()])
    return np.array([axes.p2c(a)[:2] for a in anchors])


@pytest.mark.parametrize("key", ["ce", "mse"])
def test_plotted_curves_are_mathcore(run: SceneRun, key: str) -> None:
    scene = run.scene
    curve = scene.ce_curve if key == "ce" else scene.mse_curve
    coords = _curve_coords(scene, curve)
    p, loss = coords[:, 0], coords[:, 1]
    assert len(coords) > 100
    assert np.all((loss >= -1e-9) & (loss <= LossCurves.y_max + 1e-9))  # inside the axes
    assert p.max() == pytest.approx(1.0, abs=1e-9)
    inside = loss < LossCurves.y_max - 1e-9  # the sampled points (the clip point is interpolated)
    expected = mathcore.loss_vs_p(p[inside], y=1.0)[key]
    np.testing.assert_allclose(loss[inside], expected, atol=1e-6)


def test_ce_is_clipped_at_the_top_and_mse_is_not(run: SceneRun) -> None:
    scene = run.scene
    ((exit_p, exit_loss, direction),) = scene.plot.exits["ce"]
    assert (exit_loss, direction) == (LossCurves.y_max, 1)
    # CE = y_max where p = e^{-y_max}: the cut sits on the true crossing (to sampling error)
    assert float(mathcore.loss_vs_p(exit_p)["ce"]) == pytest.approx(LossCurves.y_max, abs=0.02)
    assert scene.plot.exits["mse"] == []
    # the "-> infinity" marker starts at the cut, at the top of the axes
    arrow = scene.infinity[0]
    assert scene.plot.axes.p2c(arrow.get_start())[1] == pytest.approx(LossCurves.y_max, abs=0.1)
    assert arrow.get_end()[1] > arrow.get_start()[1]


@pytest.mark.parametrize("p", [1.0, 0.5, 0.1, 0.03, 0.01])
def test_dots_and_readouts_follow_mathcore(run: SceneRun, p: float) -> None:
    scene = run.scene
    scene.p.set_value(p)
    for mob in (*scene.dots, *(r.number for r in scene.readouts)):
        mob.update(0)
    expected = mathcore.loss_vs_p(p, y=1.0)
    shown = [r.number.get_value() for r in scene.readouts]
    assert shown[0] == pytest.approx(p, abs=1e-12)
    assert shown[1] == pytest.approx(float(expected["ce"]), rel=1e-12, abs=1e-12)
    assert shown[2] == pytest.approx(float(expected["mse"]), rel=1e-12, abs=1e-12)
    assert all(r.number.num_decimal_places == 2 for r in scene.readouts)
    axes = scene.plot.axes
    for dot, key in zip(scene.dots, ("ce", "mse"), strict=True):
        x, y = axes.p2c(dot.get_center())[:2]
        assert x == pytest.approx(p, abs=1e-9)
        assert y == pytest.approx(float(expected[key]), abs=1e-9)


def test_final_readouts_tell_the_story(scene_run: Callable[[type, str], SceneRun]) -> None:
    """The probe ran the scene to its end: the numbers left on screen, as displayed."""
    scene = scene_run(LossCurves, "dark").scene
    scene.p.set_value(LossCurves.p_stops[-1])
    for r in scene.readouts:
        r.number.update(0)
    shown = [f"{r.number.get_value():.2f}" for r in scene.readouts]
    assert shown == ["0.01", "4.61", "0.98"]  # CE grows past 4, MSE stays below 1


def test_clip_polyline_cuts_at_the_bounds() -> None:
    runs_, exits = clip_polyline([0, 1, 2, 3, 4], [5.0, 1.0, 2.0, np.inf, 1.0], 0.0, 3.0)
    assert [r.tolist() for r in runs_] == [
        [[0.5, 3.0], [1.0, 1.0], [2.0, 2.0], [2.0, 3.0]],
        [[4.0, 3.0], [4.0, 1.0]],
    ]
    assert [e[2] for e in exits] == [1, 1, 1]
    with pytest.raises(ValueError, match="equally long"):
        clip_polyline([0, 1], [0.0], 0.0, 1.0)


def test_frames_show_curves_in_theme_colours(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    axes_only = run.frame_at("show_axes")
    curves = run.frame_at("draw_curves")
    shaded = run.frame_at("shade_confidently_wrong")
    # 320x180 frames: each curve is a few hundred pixels of its colour
    assert colour_pixels(axes_only, theme.cross_entropy) == 0
    assert colour_pixels(axes_only, theme.mse) == 0
    assert colour_pixels(curves, theme.cross_entropy) > 150
    assert colour_pixels(curves, theme.mse) > 150
    # the shaded band: a tint of `negative` over the background, left of p = 0.1
    axes = run.scene.plot.axes
    h, w = shaded.shape[:2]
    x0, y0 = axes.c2p(0.05, 1.5)[:2]
    col = int((x0 / config.frame_width + 0.5) * w)
    row = int((0.5 - y0 / config.frame_height) * h)
    band = shaded[row, col, :3].astype(int)
    before = curves[row, col, :3].astype(int)
    assert np.abs(band - before).max() > 10
