"""Scene 7, confidently-wrong: its beats in order, the numbers on screen against
mathcore, a rendered-frame check, and the small render within half a second of the
probe. The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from collections.abc import Callable

import av
import numpy as np
import pytest
from scene_harness import SceneRun, colour_pixels
from scene_renders import SceneRender

import mathcore
from scenes.confidently_wrong import ConfidentlyWrong
from scenes.theme import get_theme

BEATS = [
    "show_prediction",
    "compare_losses",
    "show_gradients",
    "compare_cat_gradients",
    "explain_the_factor",
]
SCENE = ConfidentlyWrong


def colour_fraction(pixels: np.ndarray, colour: str, background: str, tol: int = 40) -> float:
    """The share of ``pixels`` showing ``colour`` over ``background``."""
    return colour_pixels(pixels, colour, tol, background=background) / pixels[..., 0].size


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def test_example_is_confidently_wrong() -> None:
    """The class attributes give the storyboard's example: cat true, dog at 0.97."""
    probs = mathcore.softmax(ConfidentlyWrong.logits)
    np.testing.assert_allclose(probs, [0.02, 0.97, 0.01], atol=0.005)
    assert ConfidentlyWrong.class_names[ConfidentlyWrong.true_class] == "cat"
    assert ConfidentlyWrong.class_names[int(np.argmax(probs))] == "dog"


def test_bars_and_losses_are_mathcore(scene_run: Callable[[type, str], SceneRun]) -> None:
    scene = scene_run(ConfidentlyWrong, "dark").scene
    logits = np.asarray(ConfidentlyWrong.logits)
    probs = mathcore.softmax(logits)
    target = np.array([1.0, 0.0, 0.0])
    np.testing.assert_allclose(scene.logit_chart.bars.values, logits, rtol=1e-12)
    np.testing.assert_allclose(scene.prob_chart.bars.values, probs, rtol=1e-12)
    np.testing.assert_allclose(scene.truth_chart.bars.values, target)
    shown = [label.get_value() for label in scene.prob_chart.bars.value_labels]
    np.testing.assert_allclose(shown, probs, rtol=1e-12)
    ce_shown = scene.ce_readout.number
    mse_shown = scene.mse_readout.number
    assert ce_shown.get_value() == pytest.approx(
        float(mathcore.cross_entropy_from_logits(0, logits)), rel=1e-12
    )
    assert mse_shown.get_value() == pytest.approx(float(mathcore.mse(target, probs)), rel=1e-12)
    # sensible digits: 3.93 and 0.634
    assert (ce_shown.num_decimal_places, mse_shown.num_decimal_places) == (2, 3)
    assert ce_shown.get_value() == pytest.approx(3.93, abs=0.005)
    assert mse_shown.get_value() == pytest.approx(0.634, abs=0.0005)


def test_gradient_bars_are_mathcore_on_one_scale(
    scene_run: Callable[[type, str], SceneRun],
) -> None:
    scene = scene_run(ConfidentlyWrong, "dark").scene
    logits = ConfidentlyWrong.logits
    expected = {
        "ce": mathcore.cross_entropy_grad_logits(0, logits),
        "mse": mathcore.mse_grad_logits(0, logits),
    }
    panels = {"ce": scene.ce_panel.bars, "mse": scene.mse_panel.bars}
    for name, bars in panels.items():
        np.testing.assert_allclose(bars.values, expected[name], rtol=1e-12)
        printed = [label.get_value() for label in bars.value_labels]
        np.testing.assert_allclose(printed, expected[name], rtol=1e-12)
        assert all(label.num_decimal_places == 3 for label in bars.value_labels)
        # the drawn bars have the lengths of the values (read back from the geometry)
        drawn = [bars.bar_length(i) for i in range(3)]
        np.testing.assert_allclose(drawn, expected[name], atol=2e-3)
    # one shared scale: a unit of gradient is the same height in both panels
    units = [b.axes.c2p(0, 1)[1] - b.axes.c2p(0, 0)[1] for b in panels.values()]
    assert units[0] == pytest.approx(units[1], rel=1e-9)
    # the story: CE's push on the cat logit is about -1, MSE's is tiny
    assert expected["ce"][0] == pytest.approx(-0.98, abs=0.005)
    assert -0.05 < expected["mse"][0] < 0
    assert scene.ratio_label.get_value() == pytest.approx(
        expected["ce"][0] / expected["mse"][0], rel=1e-12
    )
    assert scene.factor_note.get_value() == pytest.approx(
        float(mathcore.softmax(logits)[0]), rel=1e-12
    )


def test_frames_show_the_bars(run: SceneRun) -> None:
    th = get_theme(run.theme)
    first = run.frame_at("show_prediction")
    top = first[: first.shape[0] // 2]
    assert colour_fraction(top, th.model_dist, th.background) > 0.002  # the dog bar at 0.97
    assert colour_fraction(top, th.true_dist, th.background) > 0.002  # the one-hot cat bar
    frame = run.frame_at("show_gradients")
    h, w = frame.shape[:2]
    lower_left = frame[h // 2 :, : w // 2]
    lower_right = frame[h // 2 :, w // 2 :]
    ce_left = colour_fraction(lower_left, th.cross_entropy, th.background)
    ce_right = colour_fraction(lower_right, th.cross_entropy, th.background)
    mse_right = colour_fraction(lower_right, th.mse, th.background)
    assert ce_left > 0.02  # two tall CE bars
    assert ce_right < 0.001  # no CE colour in the MSE panel
    assert 0 < mse_right < ce_left / 5  # MSE: a legend swatch and slivers of bars


@pytest.mark.slow
def test_small_render_within_half_a_second_of_the_probe(
    scene_run: Callable[[type, str], SceneRun], scene_render: Callable[[str], SceneRender]
) -> None:
    """Half a second, tighter than the common check's second (this scene has held it)."""
    with av.open(str(scene_render("confidently-wrong").movie)) as container:
        seconds = container.duration / 1e6
    assert seconds == pytest.approx(scene_run(ConfidentlyWrong, "dark").duration, abs=0.5)
