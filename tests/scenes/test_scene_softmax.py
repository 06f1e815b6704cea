"""Scene 2, ``softmax``: its beats in order, the layout while the logits shift, numbers
equal to mathcore's, the checklist ticking at the right beats, shift invariance and real
frames. The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

import numpy as np
import pytest
from scene_harness import SceneRun, colour_pixels
from scene_probes import probe_for

import mathcore
from scenes.inspection import layout_problems
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
SCENE = Softmax


@probe_for(Softmax)
class RecordingSoftmax(Softmax):
    """Softmax that notes the checklist at each beat end, and after every move of the
    shift notes the bars and checks the layout (the beat-end check only sees c back at 0)."""

    def setup(self) -> None:
        super().setup()
        self.statuses: dict[str, list[str]] = {}
        self.shift_problems: list[str] = []
        #: (c, logit bar values, probability bar values) after each move of the shift
        self.shift_snapshots: list[tuple[float, np.ndarray, np.ndarray]] = []

    def play(self, *args, **kwargs) -> None:
        super().play(*args, **kwargs)
        if hasattr(self, "shift"):
            c = self.shift.get_value()
            self.shift_problems += [f"c={c:+.2f}: {p}" for p in layout_problems(self)]
            last = self.shift_snapshots[-1][0] if self.shift_snapshots else 0.0
            if c != last:
                values = (self.logit_bars.values.copy(), self.prob_bars.values.copy())
                self.shift_snapshots.append((c, *values))

    def on_beat_end(self, finished) -> None:
        super().on_beat_end(finished)
        if hasattr(self, "checklist"):
            self.statuses[finished.name] = [self.checklist.status(i) for i in range(2)]


def test_beats_in_story_order_and_layout_clean_while_shifting(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS
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
    assert run.scene.c_readout.get_value() == pytest.approx(Softmax.shifts[-1])


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
