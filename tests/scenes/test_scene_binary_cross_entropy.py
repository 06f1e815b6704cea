"""Scene 9, ``binary-cross-entropy``: its beats in order, the two-class softmax equal to
the sigmoid on screen (numbers from mathcore while s_1 moves), BCE curves for y = 1 and
y = 0 from mathcore and mirrored about p = 0.5, and real frames.
The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

import numpy as np
import pytest
from manim import config
from scene_harness import SceneRun, colour_pixels
from scene_probes import probe_for

import mathcore
from scenes.binary_cross_entropy import BinaryCrossEntropy
from scenes.theme import get_theme

BEATS = [
    "softmax_to_sigmoid",
    "check_numbers",
    "cross_entropy_to_bce",
    "plot_both_labels",
    "mirror",
]
SCENE = BinaryCrossEntropy
S0 = BinaryCrossEntropy.s0


@probe_for(BinaryCrossEntropy)
class RecordingBCE(BinaryCrossEntropy):
    """Notes the numbers on screen when the softmax check ends (the readouts are frozen
    and faded out in the next beat)."""

    def on_beat_end(self, finished) -> None:
        super().on_beat_end(finished)
        if finished.name == "check_numbers":
            self.check_snapshot = {
                "s1": self.s1_tracker.get_value(),
                "shown": [
                    r.number.get_value() for r in (*self.logit_readouts, *self.check_readouts)
                ],
                "bars": self.bars.values.copy(),
                "bar_labels": [label.get_value() for label in self.bars.value_labels],
            }


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def test_softmax_check_at_the_end_of_its_beat(run: SceneRun) -> None:
    snap = run.scene.check_snapshot
    s1 = BinaryCrossEntropy.s1_end
    assert snap["s1"] == pytest.approx(s1)
    softmax_p1, sigmoid = mathcore.two_class_softmax_equals_sigmoid(s1, S0)
    assert snap["shown"][0] == pytest.approx(S0)
    assert snap["shown"][1] == pytest.approx(s1)
    assert snap["shown"][2] == pytest.approx(float(softmax_p1), rel=1e-12)
    assert snap["shown"][3] == pytest.approx(float(sigmoid), rel=1e-12)
    np.testing.assert_allclose(snap["bars"], mathcore.softmax([S0, s1]), rtol=1e-12)
    np.testing.assert_allclose(snap["bar_labels"], mathcore.softmax([S0, s1]), rtol=1e-12)


@pytest.mark.parametrize("s1", [2.0, 1.0, 0.5, -1.0])
def test_softmax_and_sigmoid_readouts_agree_as_s1_moves(run: SceneRun, s1: float) -> None:
    scene = run.scene
    scene.s1_tracker.set_value(s1)
    for mob in (scene.bars, *(r.number for r in (*scene.logit_readouts, *scene.check_readouts))):
        mob.update(0)
    shown = [r.number.get_value() for r in scene.check_readouts]
    assert scene.logit_readouts[1].number.get_value() == pytest.approx(s1)
    np.testing.assert_allclose(scene.bars.values, mathcore.softmax([S0, s1]), rtol=1e-12)
    softmax_p1, sigmoid = mathcore.two_class_softmax_equals_sigmoid(s1, S0)
    assert shown == pytest.approx([float(softmax_p1), float(sigmoid)], rel=1e-12)
    # as displayed (three decimals) the two agree
    assert f"{shown[0]:.3f}" == f"{shown[1]:.3f}"
    assert [r.number.num_decimal_places for r in scene.check_readouts] == [3, 3]


def _curve_coords(plot, curve) -> np.ndarray:
    anchors = np.concatenate([piece.get_anchors() for piece in curve.family_members_with_points()])
    return np.array([plot.axes.p2c(a)[:2] for a in anchors])


@pytest.mark.parametrize("index,label", [(0, 1), (1, 0)])
def test_bce_curves_are_mathcore(run: SceneRun, index: int, label: int) -> None:
    scene = run.scene
    coords = _curve_coords(scene.plot, scene.curves[index])
    p, loss = coords[:, 0], coords[:, 1]
    y_max = BinaryCrossEntropy.y_max
    assert np.all((loss >= -1e-9) & (loss <= y_max + 1e-9))
    inside = loss < y_max - 1e-9
    # the y = 0 curve is dashed: its dash ends are interpolated along straight segments
    atol = 1e-6 if label == 1 else 0.02
    np.testing.assert_allclose(
        loss[inside], mathcore.binary_cross_entropy(label, p[inside]), atol=atol
    )
    # each curve leaves the axes at one end only: y = 1 near p = 0, y = 0 near p = 1
    ((exit_p, exit_loss, direction),) = scene.plot.exits["y1" if label == 1 else "y0"]
    assert (exit_loss, direction) == (y_max, 1)
    assert exit_p == pytest.approx(np.exp(-y_max) if label == 1 else 1 - np.exp(-y_max), abs=2e-3)


def test_curves_mirror_about_one_half(run: SceneRun) -> None:
    scene = run.scene
    y1 = _curve_coords(scene.plot, scene.curves[0])
    # reflect the y = 1 curve about p = 0.5: its points lie on mathcore's y = 0 curve
    mirrored_p = 1 - y1[:, 0]
    inside = y1[:, 1] < BinaryCrossEntropy.y_max - 1e-9
    np.testing.assert_allclose(
        y1[inside, 1], mathcore.binary_cross_entropy(0, mirrored_p[inside]), atol=1e-6
    )
    # the axis of symmetry is drawn at p = 0.5
    line = scene.axis_of_symmetry
    for point in (line.get_start(), line.get_end()):
        assert scene.plot.axes.p2c(point)[0] == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize("q", [0.5, 0.3, 0.1])
def test_mirror_dots_and_readouts(run: SceneRun, q: float) -> None:
    scene = run.scene
    scene.q.set_value(q)
    rows = scene.mirror_rows
    for mob in (*scene.dots, *rows):
        mob.update(0)
    loss1 = float(mathcore.binary_cross_entropy(1, q))
    loss0 = float(mathcore.binary_cross_entropy(0, 1 - q))
    # each row says where its loss is evaluated: y = 1 at p = q, y = 0 at p = 1 - q
    assert [r.at.label.tex_string for r in rows] == [
        r"y = 1 \text{ at } p =",
        r"y = 0 \text{ at } p =",
    ]
    shown = [(r.at.get_value(), r.loss.get_value()) for r in rows]
    assert shown[0] == pytest.approx((q, loss1), rel=1e-12)
    assert shown[1] == pytest.approx((1 - q, loss0), rel=1e-12)
    assert loss1 == pytest.approx(loss0, rel=1e-9)  # the mirror, in numbers
    axes = scene.plot.axes
    x1, y1 = axes.p2c(scene.dots[0].get_center())[:2]
    x0, y0 = axes.p2c(scene.dots[1].get_center())[:2]
    assert (x1, y1) == pytest.approx((q, loss1), abs=1e-9)
    assert (x0, y0) == pytest.approx((1 - q, loss0), abs=1e-9)


def test_frames_show_bars_and_curves_in_theme_colours(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    identity = run.frame_at("softmax_to_sigmoid")
    bars = run.frame_at("check_numbers")
    curves = run.frame_at("plot_both_labels")
    # the bars are drawn at 0.85 opacity, so their colour sits a little off model_dist
    assert (
        colour_pixels(bars, theme.model_dist, 50)
        > colour_pixels(identity, theme.model_dist, 50) + 300
    )
    assert colour_pixels(curves, theme.cross_entropy) > 200
    # both halves of the plot hold CE-coloured curve (the mirror pair)
    w = curves.shape[1]
    axes = run.scene.plot.axes
    mid = int((axes.c2p(0.5, 0)[0] / config.frame_width + 0.5) * w)
    assert colour_pixels(curves[:, :mid], theme.cross_entropy) > 80
    assert colour_pixels(curves[:, mid:], theme.cross_entropy) > 80
