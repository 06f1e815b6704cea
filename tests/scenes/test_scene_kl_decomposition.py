"""Scene 4, ``kl-decomposition``: its beats in order; the readouts, the bars and the
stacked bar at several tracker positions equal mathcore's values; the one-hot ending;
real frames. The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from manim import ValueTracker, tempconfig
from manim.utils.color import ManimColor
from scene_harness import SceneRun, colour_pixels

import mathcore
from scenes.components.readouts import Readout, ReadoutPanel, StackedBar
from scenes.kl_decomposition import KlDecomposition
from scenes.theme import DARK, get_theme

BEATS = [
    "show_distributions",
    "decompose",
    "move_model_toward_labels",
    "settle_on_entropy",
    "one_hot_label",
]
SCENE = KlDecomposition


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def _expected(t: float, s: float) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """P*, P and the three numbers at (t, s), from the class settings and mathcore only."""
    soft = np.array(KlDecomposition.p_true)
    one_hot = np.eye(len(soft))[KlDecomposition.true_class]
    p_true = (1 - s) * soft + s * one_hot
    logits = (1 - t) * np.array(KlDecomposition.logits_start) + t * np.log(soft)
    p_model = mathcore.softmax(logits)
    numbers = {
        "ce": float(mathcore.cross_entropy(p_true, p_model)),
        "h": float(mathcore.entropy(p_true)),
        "kl": float(mathcore.kl_divergence(p_true, p_model)),
    }
    return p_true, p_model, numbers


def _bar_heights(bars) -> np.ndarray:
    """Bar values read from the drawn geometry through the chart's axes."""
    base = bars.chart.c2p(0, 0)[1]
    unit = bars.chart.c2p(0, 1)[1] - base
    return np.array([(b.get_top()[1] - base) / unit for b in bars.bars])


@pytest.mark.parametrize(
    "t,s", [(0.0, 0.0), (0.3, 0.0), (0.6, 0.0), (1.0, 0.0), (1.0, 0.4), (1.0, 1.0)]
)
def test_readouts_and_bars_follow_mathcore(run: SceneRun, t: float, s: float) -> None:
    scene = run.scene
    scene.t.set_value(t)
    scene.s.set_value(s)
    for anim in scene.follow():  # what runs every frame while a tracker moves
        anim.interpolate(0.5)
    p_true, p_model, n = _expected(t, s)
    # readouts: H(P*, P), H(P*), D_KL, fixed decimals, in their theme colours
    shown = scene.panel.values
    np.testing.assert_allclose(shown, [n["ce"], n["h"], n["kl"]], atol=1e-12)
    assert [d.num_decimal_places for d in scene.panel.numbers] == [2, 2, 2]
    theme = get_theme(run.theme)
    colours = [theme.cross_entropy, theme.entropy, theme.kl]
    assert [d.get_color() for d in scene.panel.numbers] == [ManimColor(c) for c in colours]
    # the stacked bar: entropy segment + KL segment, drawn total = cross-entropy
    np.testing.assert_allclose(scene.stack.segment_values(), [n["h"], n["kl"]], atol=2e-4)
    assert scene.stack.total_value() == pytest.approx(n["ce"], abs=2e-4)
    # the bars, as drawn and as labelled
    np.testing.assert_allclose(_bar_heights(scene.true_bars), p_true, atol=1e-3)
    np.testing.assert_allclose(_bar_heights(scene.model_bars), p_model, atol=1e-3)
    labels = [d.get_value() for d in scene.model_bars.value_labels]
    np.testing.assert_allclose(labels, p_model, atol=1e-12)


def test_kl_shrinks_to_zero_and_ce_settles_on_entropy(
    scene_run: Callable[[type, str], SceneRun],
) -> None:
    scene = scene_run(KlDecomposition, "dark").scene
    shown = []
    for t in np.linspace(0, 1, 6):
        scene.t.set_value(t)
        scene.s.set_value(0.0)
        scene.refresh()
        shown.append(scene.panel.values)
    ce, h, kl = np.array(shown).T
    assert np.all(np.diff(kl) < 0) and kl[0] > 0.4  # shrinks from about 0.5 ...
    assert kl[-1] == pytest.approx(0.0, abs=1e-12)  # ... to zero
    assert ce[-1] == pytest.approx(h[-1], abs=1e-12)  # CE lands on H(P*)
    assert f"{kl[-1]:.2f}" == "0.00"


def test_one_hot_ending(run: SceneRun) -> None:
    """The scene ends with H(P*) = 0 and the loss = -log P(cat), as shown."""
    scene = run.scene
    _, p_model, n = _expected(1.0, 1.0)
    p_cat = p_model[KlDecomposition.true_class]
    # read what the last beat left on screen (other tests move the trackers)
    p_shown, loss_shown = scene.p_true_readout, scene.loss_readout
    assert p_shown.get_value() == pytest.approx(p_cat, abs=1e-12)
    assert loss_shown.get_value() == pytest.approx(-np.log(p_cat), abs=1e-12)
    assert loss_shown.get_value() == pytest.approx(n["ce"], abs=1e-12)
    assert n["h"] == 0.0
    assert [r.number.num_decimal_places for r in (p_shown, loss_shown)] == [2, 2]
    assert [f"{r.get_value():.2f}" for r in (p_shown, loss_shown)] == ["0.60", "0.51"]


def test_frames_show_bars_and_segments(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    first = run.frame_at("show_distributions")
    assert (
        colour_pixels(first, theme.true_dist) > 150 and colour_pixels(first, theme.model_dist) > 150
    )
    split = run.frame_at("decompose")
    settled = run.frame_at("settle_on_entropy")
    one_hot = run.frame_at("one_hot_label")
    # the KL segment is there, then gone when P = P*; the entropy segment goes at one-hot
    assert colour_pixels(split, theme.kl) > 150
    assert colour_pixels(settled, theme.kl) < colour_pixels(split, theme.kl) / 3
    assert colour_pixels(settled, theme.entropy) > 300
    assert colour_pixels(one_hot, theme.entropy) < colour_pixels(settled, theme.entropy) / 3


def test_bad_settings_fail_in_one_line(scene_media: Path) -> None:
    class ZeroLabel(KlDecomposition):
        p_true = (1.0, 0.0, 0.0, 0.0)

    class NotADistribution(KlDecomposition):
        p_true = (0.5, 0.5, 0.5, 0.5)

    with tempconfig({"media_dir": str(scene_media), "verbosity": "ERROR"}):
        with pytest.raises(ValueError, match=r"p_true needs every entry > 0"):
            ZeroLabel().check_settings()
        with pytest.raises(ValueError, match=r"sums to 2"):
            NotADistribution().check_settings()


def test_components_reject_bad_values() -> None:
    panel = ReadoutPanel([("a", DARK.kl)], DARK)
    with pytest.raises(ValueError, match="expected 1 values"):
        panel.set_values([1.0, 2.0])
    assert panel.set_values([-1e-17]).numbers[0].get_value() == 0.0  # never "-0.00"
    stack = StackedBar(["a", "b"], [DARK.entropy, DARK.kl], DARK)
    with pytest.raises(ValueError, match="non-negative"):
        stack.set_values([1.0, -0.5])
    with pytest.raises(ValueError, match="2 labels but 1 colours"):
        StackedBar(["a", "b"], [DARK.kl], DARK)


def test_readout_counts_in_place_and_follows_its_tracker() -> None:
    """The one readout: the number keeps its left edge, sits on the "=" sign, carries
    its unit along, never shows -0, and shows func(tracker) once it tracks."""
    readout = Readout(r"x =", DARK, value=1.5, unit=r"\times")
    equals = readout.label[0][-1]
    assert readout.number.get_y() == pytest.approx(equals.get_y(), abs=1e-9)
    left = readout.number.get_left()[0]
    readout.set_value(-1234.5)
    assert readout.number.get_left()[0] == pytest.approx(left, abs=1e-9)
    assert readout.unit.get_left()[0] > readout.number.get_right()[0]
    assert readout.set_value(-1e-17).get_value() == 0.0  # never "-0.00"
    tracker = ValueTracker(2.0)
    readout.track(tracker, lambda v: v**2)
    assert readout.get_value() == 4.0
    tracker.set_value(3.0)
    readout.update(0)
    assert readout.get_value() == 9.0
    assert Readout("", DARK, value=7, decimals=0).label is None  # a bare number
