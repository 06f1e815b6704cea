"""Scene 2, ``softmax``: layout at every beat in both themes, numbers equal to mathcore's,
the checklist ticking at the right beats, shift invariance, real frames and a real render."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from manim.utils.color import ManimColor
from scene_harness import SceneRun, colour_pixels, render_video, run_scene

import mathcore
from scenes.components import layout_problems
from scenes.softmax import Softmax
from scenes.theme import get_theme

BEATS = [
    "show_logits",
    "state_conditions",
    "exponentiate",
    "normalise",
    "show_formula",
    "shift_logits",
]
LOGITS = np.array([2.0, 1.0, -0.5, 0.3])


class RecordingSoftmax(Softmax):
    """Softmax that notes the checklist at each beat end and checks the layout after
    every move of the shift (the beat-end check only sees c back at 0)."""

    def setup(self) -> None:
        super().setup()
        self.statuses: dict[str, list[str]] = {}
        self.shift_problems: list[str] = []

    def play(self, *args, **kwargs) -> None:
        super().play(*args, **kwargs)
        if hasattr(self, "shift"):
            c = self.shift.get_value()
            self.shift_problems += [f"c={c:+.2f}: {p}" for p in layout_problems(self)]

    def on_beat_end(self, finished) -> None:
        super().on_beat_end(finished)
        if hasattr(self, "checklist"):
            self.statuses[finished.name] = [self.checklist.status(i) for i in range(2)]


@pytest.fixture(scope="module")
def runs(scene_media: Path) -> Callable[[str], SceneRun]:
    """One probe run per theme for the whole module."""
    done: dict[str, SceneRun] = {}

    def get(theme: str) -> SceneRun:
        if theme not in done:
            done[theme] = run_scene(RecordingSoftmax, theme, scene_media)
        return done[theme]

    return get


@pytest.fixture(params=["dark", "light"])
def run(request: pytest.FixtureRequest, runs: Callable[[str], SceneRun]) -> SceneRun:
    return runs(request.param)


def test_layout_beats_and_duration(run: SceneRun) -> None:
    assert run.problems() == []
    assert [b.name for b in run.beats] == BEATS
    assert 20 <= run.duration <= 60
    assert run.scene.shift_problems == []


def test_bar_values_and_sums_are_mathcore(run: SceneRun) -> None:
    scene = run.scene
    exps, total = mathcore.softmax_terms(LOGITS)
    probs = mathcore.softmax(LOGITS)
    np.testing.assert_allclose(scene.exp_bars.values, exps, rtol=1e-12)
    np.testing.assert_allclose(scene.prob_bars.values, probs, rtol=1e-12)
    np.testing.assert_allclose(scene.logit_bars.values, LOGITS, atol=1e-12)
    # what the DecimalNumbers on screen hold (they show two decimals)
    shown_exps = [label.get_value() for label in scene.exp_bars.value_labels]
    shown_probs = [label.get_value() for label in scene.prob_bars.value_labels]
    np.testing.assert_allclose(shown_exps, exps, rtol=1e-12)
    np.testing.assert_allclose(shown_probs, probs, rtol=1e-12)
    assert scene.exp_sum_readout.number.get_value() == pytest.approx(total[0], rel=1e-12)
    assert scene.exp_sum_readout.number.get_value() == pytest.approx(12.0635, abs=5e-4)
    assert scene.prob_sum_readout.number.get_value() == pytest.approx(1.0, abs=1e-12)
    # the probabilities as shown (two decimals) are 0.61, 0.23, 0.05, 0.11
    assert [f"{p:.2f}" for p in shown_probs] == ["0.61", "0.23", "0.05", "0.11"]


def test_checklist_ticks_when_each_condition_becomes_true(run: SceneRun) -> None:
    statuses = run.scene.statuses
    assert statuses["state_conditions"] == ["unmet", "unmet"]
    assert statuses["exponentiate"] == ["met", "unmet"]
    assert statuses["normalise"] == ["met", "met"]
    assert statuses["shift_logits"] == ["met", "met"]


def test_shift_moves_logits_not_probabilities(run: SceneRun) -> None:
    snapshots = run.scene.shift_snapshots
    assert [c for c, _, _ in snapshots] == pytest.approx(list(Softmax.shifts))
    assert any(c > 0 for c, _, _ in snapshots) and any(c < 0 for c, _, _ in snapshots)
    for c, logit_values, prob_values in snapshots:
        np.testing.assert_allclose(logit_values, LOGITS + c, atol=1e-12)
        np.testing.assert_allclose(prob_values, mathcore.softmax(LOGITS + c), rtol=1e-12)
        np.testing.assert_allclose(prob_values, mathcore.softmax(LOGITS), rtol=1e-9)
    # the live "c = ..." readout ends where the tracker ends
    assert run.scene.c_readout[1].get_value() == pytest.approx(Softmax.shifts[-1])


def test_frames_show_bars_and_marks_in_theme_colours(run: SceneRun) -> None:
    theme = get_theme(run.theme)
    first = run.frame_at("show_logits")
    crosses = run.frame_at("state_conditions")
    done = run.frame_at("normalise")
    # frames are 320x180: a bar chart is hundreds of pixels, a tick or a cross a dozen
    assert colour_pixels(first, theme.model_dist) == 0  # no probabilities yet
    assert colour_pixels(done, theme.model_dist) > 300  # the probability bars
    assert colour_pixels(crosses, theme.negative) >= 8  # both conditions fail for raw logits
    assert colour_pixels(crosses, theme.positive) == 0
    assert colour_pixels(done, theme.positive) >= 8  # both ticked
    assert colour_pixels(done, theme.negative) == 0
    background = np.array(ManimColor(theme.background).to_int_rgb())
    for frame in (first, done):
        for corner in (frame[0, 0], frame[0, -1], frame[-1, 0], frame[-1, -1]):
            assert np.abs(corner[:3].astype(int) - background).max() <= 2


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_real_render_has_one_section_and_caption_per_beat(
    tmp_path: Path, runs: Callable[[str], SceneRun]
) -> None:
    probe = runs("dark")
    movie = render_video(Softmax, "dark", tmp_path)
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
    assert [text for _, _, text in cues] == [getattr(Softmax, b).caption for b in BEATS]
    # each caption spans its beat; at 5 fps every animation rounds to whole frames, so
    # the movie's clock may drift from the probe's by a frame per animation
    for (start, end, _), beat in zip(cues, probe.beats, strict=True):
        assert _seconds(start) == pytest.approx(beat.start, abs=1.0)
        assert _seconds(end) - _seconds(start) == pytest.approx(beat.end - beat.start, abs=0.5)
    assert _seconds(cues[-1][1]) == pytest.approx(duration, abs=0.3)
