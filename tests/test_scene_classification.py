"""Scene 1, ``classification``: layout at every beat in both themes, the model's bars are
mathcore's softmax of the logits, the label is one-hot, real frames and a real render."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import av
import numpy as np
import pytest
from manim import Text, config
from manim.utils.color import ManimColor
from scene_harness import SceneRun, colour_pixels, render_video, run_scene

import mathcore
from scenes.classification import Classification
from scenes.theme import get_theme

BEATS = ["show_input", "apply_model", "make_distribution", "show_label", "state_goal"]
LOGITS = np.array([2.0, 1.0, -0.5, 0.3])


@pytest.fixture(scope="module")
def runs(scene_media: Path) -> Callable[[str], SceneRun]:
    """One probe run per theme for the whole module."""
    done: dict[str, SceneRun] = {}

    def get(theme: str) -> SceneRun:
        if theme not in done:
            done[theme] = run_scene(Classification, theme, scene_media)
        return done[theme]

    return get


@pytest.fixture(params=["dark", "light"])
def run(request: pytest.FixtureRequest, runs: Callable[[str], SceneRun]) -> SceneRun:
    return runs(request.param)


def test_layout_beats_and_duration(run: SceneRun) -> None:
    assert run.problems() == []
    assert [b.name for b in run.beats] == BEATS
    assert 20 <= run.duration <= 60


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
    background = np.array(ManimColor(theme.background).to_int_rgb())
    for frame in (card, both):
        for corner in (frame[0, 0], frame[0, -1], frame[-1, 0], frame[-1, -1]):
            assert np.abs(corner[:3].astype(int) - background).max() <= 2


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_real_render_has_one_section_and_caption_per_beat(
    tmp_path: Path, runs: Callable[[str], SceneRun]
) -> None:
    probe = runs("dark")
    movie = render_video(Classification, "dark", tmp_path)
    with av.open(str(movie)) as container:
        duration = container.duration / 1e6
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (256, 144)
    assert duration == pytest.approx(probe.duration, abs=1.0)
    sections = sorted((movie.parent / "sections").glob("*.mp4"))
    assert len(sections) == len(BEATS)
    srt = movie.with_suffix(".srt").read_text()
    cues = re.findall(
        r"^\d+\n(\d\d:\d\d:\d\d,\d+) --> (\d\d:\d\d:\d\d,\d+)\n(.+)$", srt, flags=re.M
    )
    assert [text for _, _, text in cues] == [getattr(Classification, b).caption for b in BEATS]
    # at 5 fps every animation rounds to whole frames: allow a frame's drift per animation
    for (start, end, _), beat in zip(cues, probe.beats, strict=True):
        assert _seconds(start) == pytest.approx(beat.start, abs=1.0)
        assert _seconds(end) - _seconds(start) == pytest.approx(beat.end - beat.start, abs=0.5)
    assert _seconds(cues[-1][1]) == pytest.approx(duration, abs=0.3)
