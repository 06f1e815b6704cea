"""Scene 1, ``classification``: its beats in order, the model's bars are mathcore's
softmax of the logits, the label is one-hot, the message covers no chart, real frames.
The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from manim import Text, config
from scene_harness import SceneRun, colour_pixels

import mathcore
from scenes.classification import Classification
from scenes.theme import get_theme

BEATS = ["show_input", "apply_model", "make_distribution", "show_label", "state_goal"]
LOGITS = np.array([2.0, 1.0, -0.5, 0.3])
SCENE = Classification


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def _boxes_overlap(a, b) -> bool:
    (al, ab), (ar, at) = a.get_corner(np.array([-1, -1, 0]))[:2], a.get_corner([1, 1, 0])[:2]
    (bl, bb), (br, bt) = b.get_corner(np.array([-1, -1, 0]))[:2], b.get_corner([1, 1, 0])[:2]
    return min(ar, br) > max(al, bl) and min(at, bt) > max(ab, bb)


def test_message_panel_covers_no_chart(run: SceneRun) -> None:
    # the layout check sees text on text; the message's opaque panel must not hide a chart
    scene = run.scene
    for chart in (scene.model_bars, scene.label_bars):
        assert not _boxes_overlap(scene.message, chart)
        assert not _boxes_overlap(scene.approx, chart)
    words = "".join(m.text for m in scene.message.get_family() if isinstance(m, Text))
    assert "comparetwodistributions" in words.replace(" ", "")


def test_numbers_on_screen_are_mathcore(run: SceneRun) -> None:
    scene = run.scene
    probs = mathcore.softmax(LOGITS)
    np.testing.assert_allclose(scene.model_bars.values, probs, rtol=1e-12)
    shown = [label.get_value() for label in scene.model_bars.value_labels]
    np.testing.assert_allclose(shown, probs, rtol=1e-12)
    assert [f"{p:.2f}" for p in shown] == ["0.61", "0.23", "0.05", "0.11"]
    logits_shown = [n.get_value() for n in scene.logit_column.numbers]
    np.testing.assert_allclose(logits_shown, LOGITS, atol=1e-12)
    np.testing.assert_allclose(scene.label_bars.values, [1.0, 0.0, 0.0, 0.0], atol=0)
    label_shown = [label.get_value() for label in scene.label_bars.value_labels]
    assert label_shown == [1.0, 0.0, 0.0, 0.0]
    # both are distributions over the same K = 4 classes
    assert mathcore.entropy(scene.label_bars.values) == pytest.approx(0.0, abs=1e-12)
    names = [n.text for n in scene.model_bars.names]
    assert names == [n.text for n in scene.label_bars.names] == ["cat", "dog", "fox", "owl"]


def test_a_variant_changes_the_label_and_bad_true_class_is_a_clear_error() -> None:
    variant = SimpleNamespace(logits=(0.5, 3.0, 1.0), class_names=("a", "b", "c"), true_class=2)
    Classification.compute_values(variant)
    np.testing.assert_allclose(variant.label_probs, [0.0, 0.0, 1.0])
    np.testing.assert_allclose(variant.model_probs, mathcore.softmax([0.5, 3.0, 1.0]))
    bad = SimpleNamespace(logits=(0.5, 3.0), class_names=("a", "b"), true_class=2)
    with pytest.raises(ValueError, match="true_class 2 is out of range for 2 classes"):
        Classification.compute_values(bad)


def _crop(frame: np.ndarray, mob) -> np.ndarray:
    """The pixels of ``frame`` inside ``mob``'s bounding box (frame is 8 units high)."""
    h, w = frame.shape[:2]
    scale = h / config.frame_height
    left, bottom = mob.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mob.get_corner(np.array([1, 1, 0]))[:2]
    cols = slice(int(w / 2 + left * scale) + 2, int(w / 2 + right * scale) - 2)
    rows = slice(int(h / 2 - top * scale) + 2, int(h / 2 - bottom * scale) - 2)
    return frame[rows, cols]


def test_frames_show_card_and_both_distributions_in_theme_colours(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    card = run.frame_at("show_input")
    model = run.frame_at("make_distribution")
    both = run.frame_at("show_label")
    assert colour_pixels(card, theme.panel, tolerance=6) > 500  # the card (320x180 frame)
    # the face is drawn inside the card (where the card ends up, in the last frame): eyes,
    # nose and strokes in the text colour
    inside = _crop(run.frame_at("state_goal"), run.scene.card.card)
    assert colour_pixels(inside, theme.text) > 15
    assert colour_pixels(card, theme.model_dist) == 0
    assert colour_pixels(model, theme.model_dist) > 300  # P's bars
    assert colour_pixels(model, theme.true_dist) == 0  # no label yet
    assert colour_pixels(both, theme.true_dist) > 150  # P*'s one bar
    assert colour_pixels(both, theme.model_dist) > 300
