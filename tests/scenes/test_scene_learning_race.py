"""Scene 8, learning-race: its beats in order, the racers and the marked steps against
mathcore's trajectories, a rendered-frame check, and the small render within half a
second of the probe. The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

from collections.abc import Callable

import av
import numpy as np
import pytest
from scene_harness import SceneRun, colour_pixels
from scene_probes import probe_for
from scene_renders import SceneRender

import mathcore
from scenes.learning_race import LearningRace
from scenes.theme import get_theme

BEATS = ["introduce_racers", "race_start", "cross_plateau", "mse_escapes", "tally"]
SCENE = LearningRace


@probe_for(LearningRace)
class RecordingRace(LearningRace):
    """Notes what the race shows at each beat's end: the step, p now and both dots."""

    def setup(self) -> None:
        super().setup()
        self.shown_at_beat_end: dict[str, dict] = {}

    def on_beat_end(self, finished) -> None:
        super().on_beat_end(finished)
        racers = self.racers
        self.shown_at_beat_end[finished.name] = {
            "step": self.step_number.get_value(),
            "p_now": {name: self.p_now[name].get_value() for name in racers},
            "p_dot": {n: self.p_panel.racers[n].dot.get_center() for n in racers},
            "loss_dot": {n: self.loss_panel.racers[n].dot.get_center() for n in racers},
        }


def trajectory(name: str) -> mathcore.Trajectory:
    """The run the scene should show, straight from mathcore."""
    return mathcore.train_sigmoid_neuron(
        name,
        w0=LearningRace.w0,
        b0=LearningRace.b0,
        x=LearningRace.x,
        learning_rate=LearningRace.learning_rate,
        steps=LearningRace.steps,
    )


@pytest.fixture(scope="module")
def runs(scene_run: Callable[[type, str], SceneRun]) -> dict[str, SceneRun]:
    return {theme: scene_run(LearningRace, theme) for theme in ("dark", "light")}


@pytest.fixture(scope="module")
def trajectories() -> dict[str, mathcore.Trajectory]:
    return {name: trajectory(name) for name in ("ce", "mse")}


def colour_fraction(pixels: np.ndarray, colour: str, background: str, tol: int = 40) -> float:
    """The share of ``pixels`` showing ``colour`` over ``background``."""
    return colour_pixels(pixels, colour, tol, background=background) / pixels[..., 0].size


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def test_start_is_confidently_wrong(trajectories: dict[str, mathcore.Trajectory]) -> None:
    for traj in trajectories.values():
        assert traj.p[0] == pytest.approx(0.002, abs=0.0005)
        assert traj.z[0] == pytest.approx(-6.2)


def test_marked_steps_are_first_step_reaching(
    runs: dict[str, SceneRun], trajectories: dict[str, mathcore.Trajectory]
) -> None:
    scene = runs["dark"].scene
    for name, traj in trajectories.items():
        for threshold in (0.5, 0.9):
            expected = traj.first_step_reaching(threshold)
            assert expected is not None
            # the scoreboard's number and the milestone on the p panel
            assert scene.crossing_numbers[name, threshold].get_value() == expected
            milestone = scene.milestones[name, threshold]
            assert milestone.step == expected
            assert milestone.label.tex_string == f"step {expected}"
            ring_at = milestone.ring.get_center()
            np.testing.assert_allclose(
                ring_at, scene.p_panel.axes.c2p(expected, traj.p[expected]), atol=1e-6
            )
    # the story: CE passes each threshold long before MSE does
    ce, mse = trajectories["ce"], trajectories["mse"]
    assert ce.first_step_reaching(0.5) * 10 < mse.first_step_reaching(0.5)
    assert ce.first_step_reaching(0.9) * 10 < mse.first_step_reaching(0.9)
    ratio = mse.first_step_reaching(0.5) / ce.first_step_reaching(0.5)
    assert scene.steps_ratio_readout.get_value() == pytest.approx(ratio)


def test_racers_follow_the_tracker(
    runs: dict[str, SceneRun], trajectories: dict[str, mathcore.Trajectory]
) -> None:
    scene = runs["light"].scene
    tracker = scene.tracker
    try:
        for step in (0, 7, 17, 100, 259, 294, 300):
            tracker.set_value(step)
            scene.update_mobjects(0)
            assert scene.step_number.get_value() == step
            for name, traj in trajectories.items():
                p_dot = scene.p_panel.racers[name].dot.get_center()
                loss_dot = scene.loss_panel.racers[name].dot.get_center()
                np.testing.assert_allclose(
                    p_dot, scene.p_panel.axes.c2p(step, traj.p[step]), atol=1e-6
                )
                np.testing.assert_allclose(
                    loss_dot, scene.loss_panel.axes.c2p(step, traj.loss[step]), atol=1e-6
                )
                assert scene.p_now[name].get_value() == pytest.approx(traj.p[step], rel=1e-12)
                # the traced curve ends at the dot
                trace = scene.p_panel.racers[name].trace
                np.testing.assert_allclose(trace.get_end(), p_dot, atol=1e-6)
        # between two steps the dot is on the segment joining them
        tracker.set_value(7.5)
        scene.update_mobjects(0)
        assert scene.step_number.get_value() == 7
        p = trajectories["ce"].p
        axes = scene.p_panel.axes
        halfway = (axes.c2p(7, p[7]) + axes.c2p(8, p[8])) / 2
        np.testing.assert_allclose(scene.p_panel.racers["ce"].dot.get_center(), halfway, atol=1e-6)
        # milestones and scoreboard cells appear exactly when the step is reached
        first = trajectories["ce"].first_step_reaching(0.5)
        for step, shown in ((first - 1, 0.0), (first, 1.0)):
            tracker.set_value(step)
            scene.update_mobjects(0)
            milestone = scene.milestones["ce", 0.5]
            assert milestone.ring.get_stroke_opacity() == shown
            assert scene.crossing_numbers["ce", 0.5].number.get_fill_opacity() == shown
    finally:
        tracker.set_value(LearningRace.steps)
        scene.update_mobjects(0)


def test_loss_axis_is_logarithmic(runs: dict[str, SceneRun]) -> None:
    axes = runs["dark"].scene.loss_panel.axes
    y = [axes.c2p(0, v)[1] for v in (1e-3, 1e-1, 1e1)]
    assert y[1] - y[0] == pytest.approx(y[2] - y[1])  # decades evenly spaced


def test_what_each_beat_ends_on(
    runs: dict[str, SceneRun], trajectories: dict[str, mathcore.Trajectory]
) -> None:
    shown = runs["dark"].scene.shown_at_beat_end
    phase_ends = [end for end, _ in LearningRace.phases]
    ends = {"introduce_racers": 0, "race_start": phase_ends[0]}
    ends |= {"cross_plateau": phase_ends[1], "mse_escapes": phase_ends[2], "tally": 300}
    axes = runs["dark"].scene.p_panel.axes
    for beat_name, step in ends.items():
        assert shown[beat_name]["step"] == step
        for name, traj in trajectories.items():
            assert shown[beat_name]["p_now"][name] == pytest.approx(traj.p[step], rel=1e-12)
            np.testing.assert_allclose(
                shown[beat_name]["p_dot"][name], axes.c2p(step, traj.p[step]), atol=1e-6
            )
    # by the end of the first phase CE has passed 0.9 and MSE has not moved off 0.002
    assert shown["race_start"]["p_now"]["ce"] > 0.9
    assert shown["race_start"]["p_now"]["mse"] < 0.01
    # at the end of the plateau MSE is still below 0.5
    assert shown["cross_plateau"]["p_now"]["mse"] < 0.5


def test_time_mapping_keeps_the_escape_slow() -> None:
    """The tracker's speed (steps per second) is low while CE escapes, high on the plateau."""
    starts = [0] + [end for end, _ in LearningRace.phases[:-1]]
    rates = [(end - a) / t for a, (end, t) in zip(starts, LearningRace.phases, strict=True)]
    ce_09 = trajectory("ce").first_step_reaching(0.9)
    assert LearningRace.phases[0][0] > ce_09  # the whole CE escape plays at the slow rate
    assert rates[0] <= 5 and rates[1] > 5 * rates[0]


def test_frame_shows_both_racers(run: SceneRun) -> None:
    th = get_theme(run.theme)
    frame = run.frame_at("mse_escapes")
    h = frame.shape[0]
    panels = frame[int(h * 0.15) : int(h * 0.75)]
    assert colour_fraction(panels, th.cross_entropy, th.background) > 0.003
    assert colour_fraction(panels, th.mse, th.background) > 0.003
    start = run.frame_at("introduce_racers")
    middle = start[int(h * 0.15) : int(h * 0.75)]
    assert colour_fraction(middle, th.cross_entropy, th.background) < 0.002


@pytest.mark.slow
def test_small_render_within_half_a_second_of_the_probe(
    runs: dict[str, SceneRun], scene_render: Callable[[str], SceneRender]
) -> None:
    """Half a second, tighter than the common check's second (this scene has held it)."""
    with av.open(str(scene_render("learning-race").movie)) as container:
        seconds = container.duration / 1e6
    assert seconds == pytest.approx(runs["dark"].duration, abs=0.5)
