"""Scene 8, ``learning-race``: CE and MSE race out of a confident mistake.

Two one-neuron models, p = sigma(w x + b), start from the same confidently wrong logit
(p = 0.002 for the true class) and take gradient-descent steps at the same learning
rate, one on CE and one on MSE. Two panels race, driven by one ValueTracker over the
step: p over steps and the loss over steps (log scale). CE escapes within a few steps;
MSE sits on a plateau for hundreds. Both trajectories come from
:func:`mathcore.train_sigmoid_neuron`; the steps marked as "reaches p = 0.5 / 0.9" come
from :meth:`mathcore.Trajectory.first_step_reaching`.

The step axes are linear, so the plateau's length is drawn to scale; the playback is not:
the race runs slowly while CE escapes, fast across the plateau and slower again while
MSE escapes, and a readout on screen says how many steps pass per second.
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, beat
from scenes.components.race import RacePanel
from scenes.components.readouts import Readout


class LearningRace(ExplainerScene):
    """The p-over-steps and loss-over-steps race of CE against MSE."""

    w0 = -3.1
    b0 = -3.1
    x = 1.0
    learning_rate = 0.5
    steps = 300
    thresholds = (0.5, 0.9)
    #: the race in three phases: (run the tracker up to this step, in this many seconds)
    phases = ((20, 7.0), (240, 6.0), (300, 7.0))
    racers = ("ce", "mse")

    def construct(self) -> None:
        self.compute()
        self.introduce_racers()
        self.race_start()
        self.cross_plateau()
        self.mse_escapes()
        self.tally()

    # -- numbers (all from mathcore) ------------------------------------------------

    def compute(self) -> None:
        if self.phases[-1][0] != self.steps:
            raise ValueError(f"the last phase must end at step {self.steps}")
        self.trajectories = {
            name: mathcore.train_sigmoid_neuron(
                name,
                w0=self.w0,
                b0=self.b0,
                x=self.x,
                learning_rate=self.learning_rate,
                steps=self.steps,
            )
            for name in self.racers
        }
        self.crossings = {
            (name, threshold): traj.first_step_reaching(threshold)
            for name, traj in self.trajectories.items()
            for threshold in self.thresholds
        }

    def color_of(self, name: str) -> str:
        return self.theme.cross_entropy if name == "ce" else self.theme.mse

    def current_step(self) -> int:
        return int(np.floor(self.tracker.get_value() + 1e-9))

    # -- builders -------------------------------------------------------------------

    def make_setup(self) -> VGroup:
        """p = sigma(w x + b) and the shared start: z0, p0 and the learning rate."""
        th, size = self.theme, self.theme.size
        start = self.trajectories["ce"]
        model = MathTex(r"p = \sigma(w x + b)", font_size=size.body, color=th.text)
        parts = VGroup(
            *(
                Readout(tex, th, value=value, decimals=decimals)
                for tex, value, decimals in (
                    (r"z_0 =", start.z[0], 1),
                    (r"p_0 =", start.p[0], 3),
                    (r"\eta =", self.learning_rate, 1),
                )
            )
        ).arrange(RIGHT, buff=0.4)
        return VGroup(model, parts).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def make_counter(self) -> VGroup:
        th, size = self.theme, self.theme.size
        self.step_number = Readout(
            r"\text{step}",
            th,
            decimals=0,
            number_color=th.highlight,
            font_size=size.equation,
        ).track(self.tracker, lambda _: self.current_step())
        self.rate = Readout(
            r"\text{playback:}",
            th,
            color=th.muted,
            decimals=0,
            unit=r"\text{steps per second}",
            unit_buff=th.space.inline,
            font_size=size.label,
        )
        counter = VGroup(self.step_number, self.rate).arrange(DOWN, buff=0.15)
        self.rate.set_opacity(0)
        return counter

    def make_panels(self) -> VGroup:
        th = self.theme
        x_numbers = list(range(0, self.steps + 1, 100))
        self.p_panel = RacePanel(
            self.tracker,
            th,
            title="prediction $p$ for the true class",
            x_max=self.steps,
            x_step=50,
            x_numbers=x_numbers,
            y_range=(0, 1, 0.1),
            y_numbers=(0.5, 0.9, 1.0),
        )
        for threshold in self.thresholds:
            self.p_panel.add_guide(threshold)
        self.loss_panel = RacePanel(
            self.tracker,
            th,
            title="loss (log scale)",
            x_max=self.steps,
            x_step=50,
            x_numbers=x_numbers,
            y_range=(1e-3, 1e1),
            log_y=True,
        )
        for name in self.racers:
            traj = self.trajectories[name]
            self.p_panel.add_racer(name, traj.p, self.color_of(name))
            self.loss_panel.add_racer(name, traj.loss, self.color_of(name))
        self.milestones = {}
        for (name, threshold), step in self.crossings.items():
            if step is None:
                continue
            side = RIGHT if name == "ce" else LEFT
            self.milestones[name, threshold] = self.p_panel.add_milestone(
                name, step, f"step {step}", side, buff=0.0 if name == "ce" else 0.18
            )
        return VGroup(self.p_panel, self.loss_panel).arrange(RIGHT, buff=1.2)

    def make_scoreboard(self) -> VGroup:
        """Rows CE and MSE: p now, and the step at which p first reached each threshold."""
        th, size = self.theme, self.theme.size.body
        headers = [Tex("", font_size=size)]
        headers.append(Tex("$p$ now", font_size=size, color=th.muted))
        for threshold in self.thresholds:
            headers.append(Tex(f"reaches $p = {threshold:g}$", font_size=size, color=th.muted))
        cells = list(headers)
        self.p_now = {}
        self.crossing_numbers = {}
        for name in self.racers:
            traj = self.trajectories[name]
            cells.append(Tex(name.upper(), font_size=size, color=self.color_of(name)))
            p_now = Readout("", th, decimals=3, color=self.color_of(name)).track(
                self.tracker, lambda _, p=traj.p: p[min(self.current_step(), p.size - 1)]
            )
            self.p_now[name] = p_now
            cells.append(p_now)
            for threshold in self.thresholds:
                step = self.crossings[name, threshold]
                cells.append(self.make_crossing_cell(name, threshold, step))
        board = VGroup(*cells).arrange_in_grid(
            rows=1 + len(self.racers),
            cols=2 + len(self.thresholds),
            buff=(0.7, 0.18),
            col_alignments="l" + "c" * (1 + len(self.thresholds)),
        )
        return board

    def make_crossing_cell(self, name: str, threshold: float, step: int | None) -> VGroup:
        """'not yet' until the tracker reaches ``step``, then 'step N'."""
        th, size = self.theme, self.theme.size.body
        waiting = Tex("not yet", font_size=size, color=th.muted)
        if step is None:
            return VGroup(waiting)
        reached = Readout(r"\text{step}", th, value=step, decimals=0, font_size=size)
        reached.move_to(waiting)
        self.crossing_numbers[name, threshold] = reached

        def reveal(mob: VGroup) -> None:
            done = self.tracker.get_value() >= step
            reached.set_opacity(1.0 if done else 0.0)
            waiting.set_opacity(0.0 if done else 1.0)

        cell = VGroup(waiting, reached)
        cell.add_updater(reveal, call_updater=True)
        return cell

    def run_phase(self, index: int) -> None:
        """Move the tracker to the phase's end step, linearly over the phase's time."""
        start = self.tracker.get_value()
        end, seconds = self.phases[index]
        center = self.rate.get_center()
        self.rate.set_value(round((end - start) / seconds)).move_to(center)
        self.play(self.tracker.animate.set_value(end), run_time=seconds, rate_func=linear)

    # -- beats ----------------------------------------------------------------------

    @beat("Two one-neuron models start confidently wrong: p is 0.002 for the true class.")
    def introduce_racers(self) -> None:
        th = self.theme
        self.tracker = ValueTracker(0)
        setup = self.make_setup()
        counter = self.make_counter()
        legend = Legend(
            [
                (r"\text{CE} = -\ln p", th.cross_entropy),
                (r"\text{MSE} = (1 - p)^2", th.mse),
            ],
            th,
        )
        panels = self.make_panels()
        self.scoreboard = self.make_scoreboard()
        setup.to_corner(UL, buff=th.space.edge)
        legend.to_corner(UR, buff=th.space.edge)
        counter.match_y(setup).set_x((setup.get_right()[0] + legend.get_left()[0]) / 2)
        panels.next_to(setup, DOWN, buff=0.35).set_x(0)
        self.scoreboard.to_edge(DOWN, buff=th.space.edge).align_to(panels, LEFT).shift(RIGHT * 0.6)
        self.play(FadeIn(setup), FadeIn(legend), run_time=1.2)
        self.play(FadeIn(panels), FadeIn(counter), run_time=1.5)
        self.play(FadeIn(self.scoreboard), run_time=1.2)
        self.wait(2.0)

    @beat("Same learning rate, one gradient step at a time: CE escapes at once.")
    def race_start(self) -> None:
        self.rate.set_opacity(1)
        self.run_phase(0)
        self.wait(1.5)

    @beat("MSE sits on a plateau: its gradient on the logit has all but vanished.")
    def cross_plateau(self) -> None:
        self.run_phase(1)
        self.wait(1.0)

    @beat("Only after hundreds of steps does MSE finally climb.")
    def mse_escapes(self) -> None:
        self.run_phase(2)
        self.wait(1.5)

    @beat("Same start, same learning rate: MSE needs far more steps to learn.")
    def tally(self) -> None:
        th = self.theme
        first = self.thresholds[0]
        cells = VGroup(*(self.crossing_numbers[name, first] for name in self.racers))
        ce_steps, mse_steps = (self.crossings[name, first] for name in self.racers)
        self.steps_ratio = mse_steps / ce_steps
        size = th.size.body
        self.steps_ratio_readout = Readout(
            "",
            th,
            value=self.steps_ratio,
            decimals=0,
            number_color=th.highlight,
            unit=r"\times\ \text{as many steps}",
        )
        self.steps_ratio_readout.unit[0][0].set_color(th.highlight)  # the sign
        line2 = Tex(f"for MSE to reach $p = {first:g}$", font_size=size, color=th.text)
        self.ratio_callout = VGroup(self.steps_ratio_readout, line2)
        self.ratio_callout.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.ratio_callout.next_to(self.scoreboard, RIGHT, buff=0.6)
        self.play(
            *(Circumscribe(cell, color=th.highlight) for cell in cells),
            run_time=1.6,
        )
        self.play(FadeIn(self.ratio_callout, shift=LEFT * 0.2), run_time=1.0)
        self.wait(3.0)
