"""Scene 2, ``softmax``: logits become probabilities, and a shift changes nothing.

Logits (some negative) → e^{s_k} (all positive: the first condition of a distribution
holds) → divided by their sum (the second holds) → probabilities. Then a constant c is
added to every logit: the logit bars move, the probability bars stay still.

    .venv/bin/manim -ql --silent scenes/softmax.py Softmax
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.bars import value_range
from scenes.components.checklist import Checklist
from scenes.components.readouts import Readout
from scenes.param_rules import distinct, same_length, texts_fit
from scenes.params import Param, ParamSet

#: The two conditions of a probability distribution, as the post states them.
CONDITIONS = (
    r"P(y \mid x_i;\theta) \ge 0 \ \text{ for all } y",
    r"\textstyle\sum_{y} P(y \mid x_i;\theta) = 1",
)


class Softmax(ExplainerScene):
    """Exponentiate, normalise: logits to a distribution over K classes."""

    logits: tuple[float, ...] = (2.0, 1.0, -0.5, 0.3)
    class_names: tuple[str, ...] = ("cat", "dog", "fox", "owl")
    #: The values the shared shift c moves through, in order, in the last beat.
    shifts: tuple[float, ...] = (1.0, -1.0, 0.0)

    chart_width = 3.3
    chart_height = 2.4

    def construct(self) -> None:
        self.compute_values()
        self.show_logits()
        self.state_conditions()
        self.exponentiate()
        self.normalise()
        self.show_formula()
        self.shift_logits()

    # -- numbers (all from mathcore) -------------------------------------------------------

    def compute_values(self) -> None:
        self.logit_values = np.asarray(self.logits, dtype=float)
        exps, total = mathcore.softmax_terms(self.logit_values)
        self.exp_values = exps
        self.exp_sum = float(total[0])
        self.prob_values = mathcore.softmax(self.logit_values)

    # -- builders --------------------------------------------------------------------------

    def make_bars(
        self, values: np.ndarray, color: str, y_range: tuple[float, float, float], **kwargs
    ) -> ProbabilityBars:
        return ProbabilityBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            y_range=y_range,
            width=self.chart_width,
            height=self.chart_height,
            **kwargs,
        )

    def make_heading(self, chart: ProbabilityBars, *tex: str) -> MathTex:
        """A chart's heading, centred over it on the same line as the first chart's."""
        heading = MathTex(*tex, font_size=self.theme.size.body, color=self.theme.text)
        heading.next_to(chart.chart, UP, buff=self.theme.space.row)
        if hasattr(self, "logit_heading"):
            heading.match_y(self.logit_heading)
        return heading

    def make_step_arrow(self, left: Mobject, right: Mobject, label: Mobject) -> VGroup:
        start, end = left.get_right(), right.get_left()
        end[1] = start[1]  # level, whatever hangs below either chart
        arrow = Arrow(
            start,
            end,
            buff=0.15,
            color=self.theme.muted,
            stroke_width=4,
            max_tip_length_to_length_ratio=0.2,
        )
        label.next_to(arrow, UP, buff=0.12)
        return VGroup(arrow, label)

    # -- beats -----------------------------------------------------------------------------

    @beat("A model's raw scores, the logits sₖ, can be any real numbers, even negative.")
    def show_logits(self) -> None:
        theme = self.theme
        all_logits = self.logit_values + np.array([[c] for c in (0.0, *self.shifts)])
        self.logit_range = value_range(all_logits)
        self.exp_range = value_range(self.exp_values)
        # raw scores in the guide colour; the model's colour, faint, once they are positive;
        # solid once they are a distribution
        crowded = len(self.class_names) > 4  # values with fewer decimals fit their bars
        self.logit_bars = self.make_bars(
            self.logit_values,
            theme.muted,
            self.logit_range,
            names_at="bottom",
            decimals=1 if crowded else 2,
        )
        big = float(np.max(self.exp_values)) >= 10
        self.exp_bars = self.make_bars(
            self.exp_values, theme.model_dist, self.exp_range, decimals=1 if big else 2
        )
        self.exp_bars.bars.set_fill(opacity=0.45)
        self.prob_bars = self.make_bars(self.prob_values, theme.model_dist, (0.0, 1.0, 0.25))
        charts = VGroup(self.logit_bars, self.exp_bars, self.prob_bars)
        charts.arrange(RIGHT, buff=theme.space.column).move_to(UP * 0.1)
        bottom = self.logit_bars.chart.y_axis.get_bottom()[1]
        for bars in (self.exp_bars, self.prob_bars):  # the three plot areas on one line
            bars.shift(UP * (bottom - bars.chart.y_axis.get_bottom()[1]))
        self.logit_heading = self.make_heading(self.logit_bars, r"\text{logits}", r"\ s_k")
        self.exp_heading = self.make_heading(self.exp_bars, r"e^{s_k}")
        self.prob_heading = self.make_heading(self.prob_bars, r"P(y \mid x_i;\theta)")
        self.title = self.make_title("Softmax: from scores to probabilities")

        self.play(FadeIn(self.title), run_time=1)
        self.play(FadeIn(self.logit_bars), Write(self.logit_heading), run_time=1.5)
        self.wait(2.5)

    @beat("A distribution needs two things, and raw logits have neither.")
    def state_conditions(self) -> None:
        self.checklist = Checklist(CONDITIONS, self.theme)
        self.checklist.to_edge(DOWN, buff=self.theme.space.edge)
        self.logit_sum = Readout(
            r"\textstyle\sum_k s_k =", self.theme, value=float(self.logit_values.sum())
        )
        self.logit_sum.next_to(self.logit_bars, DOWN, buff=0.25)
        self.play(FadeIn(self.checklist), run_time=1.5)
        self.play(FadeIn(self.logit_sum), run_time=1)
        self.play(self.checklist.animate.set_status(0, "unmet").set_status(1, "unmet"))
        self.wait(2)

    @beat("Exponentiating makes every score positive: the first condition holds.")
    def exponentiate(self) -> None:
        theme = self.theme
        self.exp_arrow = self.make_step_arrow(
            self.logit_bars.chart, self.exp_bars.chart, MathTex(r"\exp", font_size=theme.size.body)
        )
        chart_parts = VGroup(self.exp_bars.chart.axes, self.exp_bars.names)
        self.play(
            GrowArrow(self.exp_arrow[0]),
            FadeIn(self.exp_arrow[1]),
            FadeIn(chart_parts),
            Write(self.exp_heading),
            FadeOut(self.logit_sum),
            run_time=1.2,
        )
        self.play(
            TransformFromCopy(self.logit_bars.bars, self.exp_bars.bars),
            run_time=2,
        )
        self.remove(self.exp_bars.bars)
        self.add(self.exp_bars)
        self.play(FadeIn(self.exp_bars.value_labels), run_time=0.8)
        self.play(
            self.checklist.animate.set_status(0, "met"),
            Indicate(self.checklist.rows[0].label, color=theme.positive),
            run_time=1.2,
        )
        self.wait(2)

    @beat("Dividing by their sum makes them add up to 1: the second condition holds.")
    def normalise(self) -> None:
        theme = self.theme
        self.exp_sum_readout = Readout(r"\textstyle\sum_k e^{s_k} =", theme, value=self.exp_sum)
        self.exp_sum_readout.next_to(self.exp_bars, DOWN, buff=0.25)
        self.play(
            TransformFromCopy(self.exp_bars.value_labels, self.exp_sum_readout.number),
            FadeIn(self.exp_sum_readout.label),
            run_time=1.5,
        )
        self.wait(1)
        divide_label = Readout(r"\div", theme, value=self.exp_sum)
        self.prob_arrow = self.make_step_arrow(
            self.exp_bars.chart, self.prob_bars.chart, divide_label
        )
        self.play(
            GrowArrow(self.prob_arrow[0]),
            FadeIn(self.prob_arrow[1]),
            FadeIn(VGroup(self.prob_bars.chart.axes, self.prob_bars.names)),
            Write(self.prob_heading),
            run_time=1.2,
        )
        self.play(TransformFromCopy(self.exp_bars.bars, self.prob_bars.bars), run_time=2)
        self.remove(self.prob_bars.bars)
        self.add(self.prob_bars)
        self.play(FadeIn(self.prob_bars.value_labels), run_time=0.8)
        self.prob_sum_readout = Readout(
            r"\textstyle\sum_y P =", theme, value=float(np.sum(self.prob_values))
        )
        self.prob_sum_readout.next_to(self.prob_bars, DOWN, buff=0.25)
        self.play(FadeIn(self.prob_sum_readout), run_time=1)
        self.play(
            self.checklist.animate.set_status(1, "met"),
            Indicate(self.checklist.rows[1].label, color=theme.positive),
            run_time=1.2,
        )
        self.wait(2)

    @beat("Together the two steps are the softmax, over K classes.")
    def show_formula(self) -> None:
        self.formula = MathTex(
            r"P(y \mid x_i;\theta)",
            "=",
            r"\frac{e^{s_y}}{\sum_{k=1}^{K} e^{s_k}}",
            font_size=self.theme.size.display,
            color=self.theme.text,
        )
        self.formula.to_edge(UP, buff=self.theme.space.edge)
        self.play(FadeOut(self.title, shift=UP * 0.3), run_time=0.8)
        self.play(Write(self.formula), run_time=2)
        self.wait(2.5)

    @beat("Adding the same constant c to every logit moves them, but the probabilities stay.")
    def shift_logits(self) -> None:
        theme, size = self.theme, self.theme.size
        shift = ValueTracker(0.0)
        self.shift = shift
        # the middle column now explains the invariance instead of showing e^{s_k}
        hl = theme.highlight
        identity = VGroup(
            MathTex(r"\frac{e^{s_y + c}}{\sum_k e^{s_k + c}}", font_size=size.equation),
            MathTex(
                r"= \frac{",
                r"e^{c}",
                r"\, e^{s_y}}{",
                r"e^{c}",
                r"\sum_k e^{s_k}}",
                font_size=size.equation,
            ),
            MathTex(r"= \frac{e^{s_y}}{\sum_k e^{s_k}}", font_size=size.equation),
        ).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        identity[1][1].set_color(hl)
        identity[1][3].set_color(hl)
        identity.move_to(self.exp_bars.chart)
        self.identity = identity

        heading = MathTex(
            r"\text{logits}", r"\ s_k", "+", "c", font_size=size.body, color=theme.text
        )
        heading[3].set_color(hl)
        heading.move_to(self.logit_heading, DOWN)
        c_readout = Readout("c =", theme, color=hl, include_sign=True)
        c_readout.label[0][-1].set_color(theme.text)  # the "=" sign
        c_readout.next_to(self.logit_bars, DOWN, buff=0.25)
        c_readout.track(shift, float)
        self.c_readout = c_readout

        old_middle = VGroup(
            self.exp_bars, self.exp_heading, self.exp_arrow, self.prob_arrow, self.exp_sum_readout
        )
        self.play(
            FadeOut(old_middle),
            TransformMatchingTex(self.logit_heading, heading),
            FadeIn(c_readout),
            run_time=1.5,
        )
        self.play(Write(identity[0]), run_time=1.2)
        self.play(FadeIn(identity[1]), run_time=1.2)
        strikes = VGroup(
            *(
                Line(
                    part.get_corner(DL) + 0.06 * DL,
                    part.get_corner(UR) + 0.06 * UR,
                    color=theme.text,
                    stroke_width=2.5,
                )
                for part in (identity[1][1], identity[1][3])
            )
        )
        self.play(Create(strikes), run_time=0.8)
        identity.add(strikes)
        self.play(FadeIn(identity[2]), run_time=1.2)
        self.wait(1)

        logits = self.logit_values
        self.logit_bars.add_updater(lambda m: m.set_values(logits + shift.get_value()))
        self.prob_bars.add_updater(
            lambda m: m.set_values(mathcore.softmax(logits + shift.get_value()))
        )
        for c in self.shifts:
            self.play(shift.animate.set_value(c), run_time=2)
            self.wait(1)
        self.logit_bars.clear_updaters()
        self.prob_bars.clear_updaters()
        c_readout.number.clear_updaters()
        self.wait(1.5)


PARAMS = ParamSet(
    Param.numbers(
        "logits", Softmax.logits, low=-4, high=4, length=(2, 5), help="the raw scores s_k"
    ),
    Param.texts(
        "class_names", Softmax.class_names, length=(2, 5), help="the classes, one per logit"
    ),
    Param.numbers(
        "shifts",
        Softmax.shifts,
        low=-3,
        high=3,
        length=(1, 3),
        help="the constants c added to every logit in turn, in the last beat",
    ),
    rules=(
        same_length("logits", "class_names"),
        distinct("class_names"),
        texts_fit("class_names", Softmax.chart_width),
    ),
)
