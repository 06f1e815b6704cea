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

from collections.abc import Mapping
from typing import Any

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, beat
from scenes.components.bars import nice_step
from scenes.components.race import RacePanel
from scenes.components.readouts import Readout
from scenes.param_rules import increasing
from scenes.params import UNITS, Param, ParamSet, Rule
from scenes.units import units_named

#: Seconds each phase of the race plays: CE's escape, the plateau, MSE's escape.
PHASE_SECONDS = (7.0, 6.0, 7.0)
#: The loss panel shows at most this many decades below its top.
LOSS_DECADES = 6


class LearningRace(ExplainerScene):
    """The p-over-steps and loss-over-steps race of CE against MSE."""

    w0 = -3.1
    b0 = -3.1
    x = 1.0
    learning_rate = 0.5
    steps = 300
    thresholds = (0.5, 0.9)
    #: the race in three phases: (run the tracker up to this step, in this many seconds);
    #: values that do not fit these get phases of their own (:meth:`race_phases`)
    phases = ((20, 7.0), (240, 6.0), (300, 7.0))
    racers = ("ce", "mse")
    units = "nats"  #: or ``bits``: the CE loss in that unit (the steps stay the same)

    def construct(self) -> None:
        self.compute()
        self.introduce_racers()
        self.race_start()
        self.cross_plateau()
        self.mse_escapes()
        self.tally()

    # -- numbers (all from mathcore) ------------------------------------------------

    def compute(self) -> None:
        self.unit = units_named(self.units)
        self.trajectories = {
            name: mathcore.train_sigmoid_neuron(
                name,
                w0=self.w0,
                b0=self.b0,
                x=self.x,
                learning_rate=self.learning_rate,
                steps=self.steps,
                base=self.unit.base,
            )
            for name in self.racers
        }
        self.crossings = {
            (name, threshold): traj.first_step_reaching(threshold)
            for name, traj in self.trajectories.items()
            for threshold in self.thresholds
        }
        self.race = self.race_phases()

    def race_phases(self) -> tuple[tuple[int, float], ...]:
        """``phases`` if they fit these values (CE's escape inside the first, MSE's climb
        after the second, the last ending at ``steps``); else the same three phases cut
        from the crossings: up to a few steps past CE's last threshold, up to a few steps
        before MSE reaches the first, then to the end."""
        ce_done = self.crossings["ce", self.thresholds[-1]]
        mse_starts = self.crossings["mse", self.thresholds[0]]
        ends = [end for end, _ in self.phases]
        if (
            ends[-1] == self.steps
            and ce_done is not None
            and mse_starts is not None
            and ce_done < ends[0] <= ends[1] < mse_starts
        ):
            return tuple(self.phases)
        first = min(self.steps, (ce_done or self.steps // 10) + max(3, (ce_done or 0) // 6))
        climb = mse_starts if mse_starts is not None else self.steps
        second = max(first, min(self.steps, climb - max(3, climb // 12)))
        return tuple(zip((first, second, self.steps), PHASE_SECONDS, strict=True))

    def caption_fields(self) -> dict[str, object]:
        first = self.thresholds[0]
        ce, mse = (self.crossings[name, first] for name in self.racers)
        return {
            "p0": f"{self.trajectories['ce'].p[0]:.2g}",
            "first": f"{first:g}",
            "ce_steps": ce,
            "mse_steps": mse,
            "ratio": round(mse / ce) if ce and mse else "many",
        }

    def loss_range(self) -> tuple[float, float]:
        """The loss panel's decades: from below the smallest loss (at most
        :data:`LOSS_DECADES` under the top) to above the largest, at least 1e-3 to 10."""
        losses = np.concatenate([t.loss for t in self.trajectories.values()])
        top = max(1, int(np.ceil(np.log10(float(losses.max())))))
        smallest = float(losses[losses > 0].min()) if np.any(losses > 0) else 1e-3
        bottom = max(top - LOSS_DECADES, min(-3, int(np.floor(np.log10(smallest)))))
        return 10.0**bottom, 10.0**top

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
        p0_decimals = max(3, -int(np.floor(np.log10(start.p[0]))))  # 0.002, 0.0003
        eta_decimals = 1 if round(self.learning_rate, 1) == self.learning_rate else 2
        parts = VGroup(
            *(
                Readout(tex, th, value=value, decimals=decimals)
                for tex, value, decimals in (
                    (r"z_0 =", start.z[0], 1),
                    (r"p_0 =", start.p[0], p0_decimals),
                    (r"\eta =", self.learning_rate, eta_decimals),
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
        every = int(nice_step(self.steps, ticks=3))
        x_numbers = list(range(0, self.steps + 1, every))
        self.p_panel = RacePanel(
            self.tracker,
            th,
            title="prediction $p$ for the true class",
            x_max=self.steps,
            x_step=every // 2,
            x_numbers=x_numbers,
            y_range=(0, 1, 0.1),
            y_numbers=(*self.thresholds, *((1.0,) if self.thresholds[-1] <= 0.9 else ())),
            y_decimals=max(_decimals(t) for t in self.thresholds),
        )
        for threshold in self.thresholds:
            self.p_panel.add_guide(threshold)
        low, high = self.loss_range()
        self.loss_panel = RacePanel(
            self.tracker,
            th,
            title=f"loss (log scale; CE in {self.unit.word})",
            x_max=self.steps,
            x_step=every // 2,
            x_numbers=x_numbers,
            y_range=(low, high),
            log_y=True,
        )
        for name in self.racers:
            traj = self.trajectories[name]
            self.p_panel.add_racer(name, traj.p, self.color_of(name))
            # a loss below the panel's floor is drawn on the floor
            self.loss_panel.add_racer(name, np.maximum(traj.loss, low), self.color_of(name))
        self.milestones = {}
        for (name, threshold), step in self.crossings.items():
            if step is None:
                continue
            side = RIGHT if name == "ce" else LEFT
            self.milestones[name, threshold] = self.p_panel.add_milestone(
                name, step, f"step {step}", side, buff=0.0 if name == "ce" else 0.18
            )
        self.spread_milestone_labels()
        return VGroup(self.p_panel, self.loss_panel).arrange(RIGHT, buff=1.2)

    def spread_milestone_labels(self) -> None:
        """Move a milestone's label below any earlier one it would cover (crossings a
        few steps apart on a long race sit at almost the same place)."""
        placed: list[Mobject] = []
        axes = self.p_panel.axes
        left, right = axes.c2p(0, 0)[0], axes.c2p(self.steps, 0)[0]
        for milestone in self.milestones.values():
            label = milestone.label
            if label.get_left()[0] < left:  # no room left of its ring: the other side
                label.next_to(milestone.ring, RIGHT, buff=0)
            elif label.get_right()[0] > right:
                label.next_to(milestone.ring, LEFT, buff=0.18)
            if self._covers(label, placed):  # try the ring's other side first
                here = label.get_center()
                side = LEFT if label.get_x() > milestone.ring.get_x() else RIGHT
                label.next_to(milestone.ring, side, buff=0.18 if side is LEFT else 0)
                if self._covers(label, placed) or not left <= label.get_left()[0]:
                    label.move_to(here)
            while self._covers(label, placed):
                label.shift(DOWN * (label.height + 0.04))
            placed.append(label)

    @staticmethod
    def _covers(label: Mobject, others: list[Mobject]) -> bool:
        return any(
            abs(label.get_x() - other.get_x()) < (label.width + other.width) / 2
            and abs(label.get_y() - other.get_y()) < (label.height + other.height) / 2
            for other in others
        )

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
        end, seconds = self.race[index]
        center = self.rate.get_center()
        self.rate.set_value(round((end - start) / seconds)).move_to(center)
        self.play(self.tracker.animate.set_value(end), run_time=seconds, rate_func=linear)

    # -- beats ----------------------------------------------------------------------

    @beat("Two one-neuron models, confidently wrong: p is {p0} for the true class.")
    def introduce_racers(self) -> None:
        th = self.theme
        self.tracker = ValueTracker(0)
        setup = self.make_setup()
        counter = self.make_counter()
        legend = Legend(
            [
                (rf"\text{{CE}} = -{self.unit.ln} p", th.cross_entropy),
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
        self.ratio_callout = self.make_ratio_callout()  # shown in the last beat
        self.ratio_callout.next_to(self.scoreboard, RIGHT, buff=0.6)
        room = config.frame_width / 2 - th.space.edge - self.ratio_callout.get_right()[0]
        if room < 0:  # a wide scoreboard and callout: both move left, as one row
            VGroup(self.scoreboard, self.ratio_callout).shift(RIGHT * room)
        self.play(FadeIn(setup), FadeIn(legend), run_time=1.2)
        self.play(FadeIn(panels), FadeIn(counter), run_time=1.5)
        self.play(FadeIn(self.scoreboard), run_time=1.2)
        self.wait(2.0)

    @beat("Same learning rate, one step at a time: CE reaches p = {first} by step {ce_steps}.")
    def race_start(self) -> None:
        self.rate.set_opacity(1)
        self.run_phase(0)
        self.wait(1.5)

    @beat("MSE sits on a plateau: its gradient on the logit has all but vanished.")
    def cross_plateau(self) -> None:
        self.run_phase(1)
        self.wait(1.0)

    @beat("Only after {mse_steps} steps does MSE finally reach p = {first}.")
    def mse_escapes(self) -> None:
        self.run_phase(2)
        self.wait(1.5)

    @beat("Same start, same learning rate: MSE needs {ratio} times as many steps to learn.")
    def tally(self) -> None:
        th = self.theme
        first = self.thresholds[0]
        cells = VGroup(*(self.crossing_numbers[name, first] for name in self.racers))
        self.play(
            *(Circumscribe(cell, color=th.highlight) for cell in cells),
            run_time=1.6,
        )
        self.play(FadeIn(self.ratio_callout, shift=LEFT * 0.2), run_time=1.0)
        self.wait(3.0)

    def make_ratio_callout(self) -> VGroup:
        """``N× as many steps / for MSE to reach p = t``: how many times the steps CE took."""
        th = self.theme
        first = self.thresholds[0]
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
        return VGroup(self.steps_ratio_readout, line2).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def _decimals(value: float) -> int:
    """1 for 0.5 or 0.9, 2 for 0.95."""
    return 1 if round(value, 1) == value else 2


def _thresholds_read(values: Mapping[str, Any]) -> str | None:
    """Thresholds the p axis can label: two decimals at most, 0.1 apart at least."""
    first, last = values["thresholds"]
    if round(first, 2) != first or round(last, 2) != last:
        return f"thresholds {first:g}, {last:g}: give at most two decimals (0.5, 0.95)"
    if last - first < 0.1 - 1e-9:
        return f"thresholds {first:g}, {last:g} must be at least 0.1 apart"
    return None


def _race_is_shown(values: Mapping[str, Any]) -> str | None:
    """The race has a story to show: CE reaches both thresholds, then MSE the first,
    within the steps (with a few steps of plateau between)."""
    w0, b0, x, rate, steps = (values[k] for k in ("w0", "b0", "x", "learning_rate", "steps"))
    first, last = values["thresholds"]
    z0 = w0 * x + b0
    if not -8 <= z0 <= -2:
        return f"the start w0 * x + b0 = {z0:g} must be confidently wrong: in [-8, -2]"
    try:
        ce, mse = (
            mathcore.train_sigmoid_neuron(
                name,
                w0=w0,
                b0=b0,
                x=x,
                learning_rate=rate,
                steps=steps,
            )
            for name in ("ce", "mse")
        )
    except ValueError as error:
        return f"learning_rate {rate:g}: {error}"
    ce_done, mse_first = ce.first_step_reaching(last), mse.first_step_reaching(first)
    if ce_done is None:
        return f"CE never reaches p = {last:g} within {steps} steps; raise steps or learning_rate"
    if mse_first is None:
        return (
            f"MSE never reaches p = {first:g} within {steps} steps; raise steps or "
            "learning_rate, or start less wrong"
        )
    if mse_first < ce_done + 6:
        return f"MSE reaches p = {first:g} at step {mse_first}: too soon to show its plateau"
    return None


PARAMS = ParamSet(
    Param.number("w0", LearningRace.w0, low=-5, high=5, help="the neuron's starting weight"),
    Param.number("b0", LearningRace.b0, low=-5, high=5, help="the neuron's starting bias"),
    Param.number("x", LearningRace.x, low=0.5, high=2, help="the one input the neuron sees"),
    Param.number(
        "learning_rate", LearningRace.learning_rate, low=0.05, high=2, help="the step size eta"
    ),
    Param.integer("steps", LearningRace.steps, low=50, high=1000, help="how many steps race"),
    Param.numbers(
        "thresholds",
        LearningRace.thresholds,
        low=0.3,
        high=0.99,
        length=(2, 2),
        help="the two values of p whose crossings the scoreboard counts",
    ),
    UNITS,
    rules=(
        increasing("thresholds"),
        Rule("thresholds have two decimals at most and are 0.1 apart at least", _thresholds_read),
        Rule(
            "a race to show: z0 = w0 * x + b0 in [-8, -2]; CE reaches both thresholds, then "
            "MSE the first, within the steps",
            _race_is_shown,
        ),
    ),
)
