"""Scene 7, ``confidently-wrong``: the truth is cat, the model says dog with 0.97.

A worked example with K = 3 classes. The logits, the probabilities and the one-hot truth
side by side; then the two losses, CE and MSE; then the gradient each loss puts on each
logit, as signed bars on one shared scale. CE pushes the cat logit up with a gradient of
about -1; MSE's gradient is tiny, because it carries the factor P(cat) = 0.02. Every
number comes from :mod:`mathcore`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, ProbabilityBars, beat
from scenes.components.bars import value_range
from scenes.components.gradient_bars import GradientBars
from scenes.components.headed import HeadedBars
from scenes.components.readouts import Readout
from scenes.components.texline import Name, TexLine
from scenes.param_rules import distinct, index_into, same_length, texts_fit
from scenes.params import UNITS, Param, ParamSet, Rule
from scenes.units import units_named

#: How sure of its mistake the model must be: the true class gets at most this much,
MOST_FOR_TRUTH = 0.25
#: and at least this much (below it, MSE's push on it rounds to 0.000 on screen).
LEAST_FOR_TRUTH = 0.005


class ConfidentlyWrong(ExplainerScene):
    """The CE and MSE gradients on the logits of one confidently wrong prediction."""

    class_names = ("cat", "dog", "fox")
    #: softmax(logits) = (0.020, 0.971, 0.010): dog with 0.97, the true cat with 0.02
    logits = (1.0, 4.9, 0.3)
    true_class = 0
    units = "nats"  #: or ``bits``: the CE loss and its gradient in that unit
    #: half-range of both gradient panels (at least): one shared scale
    gradient_limit = 1.0
    chart_width = 2.6
    chart_height = 1.3

    def construct(self) -> None:
        self.compute()
        self.show_prediction()
        self.compare_losses()
        self.show_gradients()
        self.compare_cat_gradients()
        self.explain_the_factor()

    # -- numbers (all from mathcore) ------------------------------------------------

    def compute(self) -> None:
        k, t = len(self.class_names), self.true_class
        self.unit = units_named(self.units)
        base = self.unit.base
        self.target = np.eye(k)[t]
        self.probs = mathcore.softmax(self.logits)
        self.top = int(np.argmax(self.probs))  #: the class the model wrongly prefers
        self.ce_loss = float(mathcore.cross_entropy_from_logits(t, self.logits, base=base))
        self.mse_loss = float(mathcore.mse(self.target, self.probs))
        self.ce_grad = mathcore.cross_entropy_grad_logits(t, self.logits, base=base)
        self.mse_grad = mathcore.mse_grad_logits(t, self.logits)
        self.push_ratio = float(self.ce_grad[t] / self.mse_grad[t])
        #: both panels' half-range: a whole half-unit beyond the largest gradient
        largest = float(np.max(np.abs([*self.ce_grad, *self.mse_grad])))
        self.limit = max(self.gradient_limit, np.ceil(2 * largest) / 2)

    def caption_fields(self) -> dict[str, object]:
        t = self.true_class
        return {
            "truth": self.class_names[t],
            "top": self.class_names[self.top],
            "p_top": f"{self.probs[self.top]:.2f}",
            "p_truth": f"{self.probs[t]:.2f}",
            "ln": "ln" if self.units == "nats" else "log₂",
            "ce_push": f"{self.ce_grad[t]:.2f}".replace("-", "−"),
            "mse_push": f"{self.mse_grad[t]:.3f}".replace("-", "−"),
        }

    # -- builders -------------------------------------------------------------------

    def make_chart(
        self, header: str, values: np.ndarray, color: str, y_range, decimals: int
    ) -> HeadedBars:
        bars = ProbabilityBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            y_range=y_range,
            width=self.chart_width,
            height=self.chart_height,
            decimals=decimals,
            names_at="bottom" if y_range[0] < 0 else "axis",
        )
        title = MathTex(header, font_size=self.theme.size.body, color=self.theme.text)
        return HeadedBars(bars, title, buff=0.12)

    def make_gradient_panel(
        self, loss_tex: str, values: np.ndarray, color: str, height: float = 2.4
    ) -> HeadedBars:
        bars = GradientBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            limit=self.limit,
            width=4.4,
            height=height,
        )
        header = Legend(
            [(rf"\partial\,\text{{{loss_tex}}} / \partial s_k", color)],
            self.theme,
            panel=False,
            font_size=self.theme.size.body,
        )
        return HeadedBars(bars, header, buff=0.12)

    def make_loss_row(self) -> VGroup:
        """The two losses side by side: CE = -ln P(cat) (the class name as plain text) and
        MSE, each with its number."""
        th = self.theme
        truth = self.class_names[self.true_class]
        self.ce_label = TexLine(
            [rf"\text{{CE}} = -{self.unit.ln} P(", Name(truth), r") ="],
            th,
            color=th.cross_entropy,
        )
        self.ce_readout = Readout("", th, value=self.ce_loss, color=th.cross_entropy)
        self.ce_label.put_on_baseline(self.ce_readout.number, buff=th.space.inline)
        self.mse_readout = Readout(
            rf"\text{{MSE}} = \tfrac{{1}}{{{len(self.class_names)}}}"
            r" \textstyle\sum_k (P^*_k - P_k)^2 =",
            th,
            value=self.mse_loss,
            color=th.mse,
            decimals=3,
        )
        self.ce_item = VGroup(self.ce_label, self.ce_readout)
        return VGroup(self.ce_item, self.mse_readout).arrange(RIGHT, buff=1.4)

    # -- beats ----------------------------------------------------------------------

    @beat("The truth is {truth}, but the model puts {p_top} of its probability on {top}.")
    def show_prediction(self) -> None:
        th = self.theme
        self.logit_chart = self.make_chart(
            r"\text{logits } s_k",
            np.asarray(self.logits),
            th.muted,
            value_range(self.logits, height=self.chart_height),
            1,
        )
        self.prob_chart = self.make_chart(
            r"P = \operatorname{softmax}(s)", self.probs, th.model_dist, (0, 1, 0.5), 2
        )
        self.truth_chart = self.make_chart(
            r"P^* \text{ (truth)}", self.target, th.true_dist, (0, 1, 0.5), 2
        )
        arrow = Arrow(LEFT, RIGHT, color=th.muted, buff=0).scale(0.6)
        self.top_row = VGroup(self.logit_chart, arrow, self.prob_chart, self.truth_chart)
        self.top_row.arrange(RIGHT, buff=0.7, aligned_edge=DOWN)
        arrow.match_y(self.prob_chart.bars.chart)
        self.top_row.to_edge(UP, buff=th.space.edge)
        self.loss_row = self.make_loss_row().next_to(self.top_row, DOWN, buff=th.space.row)
        # until the gradient panels come in under them, the two rows sit mid-frame
        self.rows_drop = VGroup(self.top_row, self.loss_row).get_y()
        VGroup(self.top_row, self.loss_row).shift(DOWN * self.rows_drop)
        self.play(FadeIn(self.logit_chart, shift=UP * 0.2), run_time=1.2)
        self.play(GrowArrow(arrow), FadeIn(self.prob_chart, shift=RIGHT * 0.2), run_time=1.4)
        self.play(FadeIn(self.truth_chart, shift=LEFT * 0.2), run_time=1.2)
        self.play(
            Circumscribe(self.prob_chart.bars.bars[self.top], color=th.highlight),
            Circumscribe(self.truth_chart.bars.bars[self.true_class], color=th.highlight),
            run_time=1.6,
        )
        self.wait(1.5)

    @beat("Both losses score the mistake: CE by −{ln} P({truth}), MSE by the squared gaps.")
    def compare_losses(self) -> None:
        self.play(Write(self.ce_label), run_time=1.2)
        self.play(FadeIn(self.ce_readout.number, shift=UP * 0.2), run_time=0.8)
        self.play(Write(self.mse_readout.label), run_time=1.4)
        self.play(FadeIn(self.mse_readout.number, shift=UP * 0.2), run_time=0.8)
        self.wait(2.0)

    @beat("The gradient on each logit, on one scale: how hard each loss pushes it.")
    def show_gradients(self) -> None:
        th = self.theme
        zeros = np.zeros_like(self.ce_grad)
        # the panels fill the room under the rows (once these rise), at most 2.4 high
        room = self.loss_row.get_bottom()[1] + self.rows_drop - th.space.row
        for height in (2.4, 2.2, 2.0, 1.8):
            self.ce_panel = self.make_gradient_panel("CE", zeros, th.cross_entropy, height)
            self.mse_panel = self.make_gradient_panel("MSE", zeros, th.mse, height)
            panels = VGroup(self.ce_panel, self.mse_panel).arrange(RIGHT, buff=1.6)
            panels.to_edge(DOWN, buff=0.2)
            if panels.get_top()[1] <= room:
                break
        self.ce_panel.match_x(self.ce_item)
        self.mse_panel.match_x(self.mse_readout)
        rows = VGroup(self.top_row, self.loss_row)
        self.play(rows.animate.shift(UP * self.rows_drop), FadeIn(panels), run_time=1.2)
        self.play(
            self.ce_panel.bars.animate_values(self.ce_grad),
            self.mse_panel.bars.animate_values(self.mse_grad),
            run_time=2.0,
        )
        self.wait(2.0)

    @beat("On the {truth} logit, CE pushes with {ce_push}; MSE with only {mse_push}.")
    def compare_cat_gradients(self) -> None:
        th = self.theme
        t = self.true_class
        boxes = VGroup(
            *(
                SurroundingRectangle(
                    VGroup(panel.bars.bars[t], panel.bars.value_labels[t]),
                    color=th.highlight,
                    buff=0.08,
                )
                for panel in (self.ce_panel, self.mse_panel)
            )
        )
        self.ratio_label = Readout(
            "", th, value=self.push_ratio, decimals=0, unit=r"\times\ \text{weaker than CE}"
        )
        mse_axes = self.mse_panel.bars.axes
        self.ratio_label.next_to(mse_axes.c2p(0.5, self.limit / 2), RIGHT, buff=0.1)
        pointer = Arrow(
            self.ratio_label.get_bottom() + LEFT * 0.6,
            self.mse_panel.bars.value_labels[t].get_top() + RIGHT * 0.05,
            color=th.highlight,
            buff=0.1,
            stroke_width=4,
        )
        self.play(Create(boxes), run_time=1.2)
        self.play(FadeIn(self.ratio_label), GrowArrow(pointer), run_time=1.2)
        self.wait(2.5)
        self.cat_marks = VGroup(boxes, pointer)

    @beat("MSE's gradient carries the factor P({truth}), only {p_truth} here, and shrinks with it.")
    def explain_the_factor(self) -> None:
        th = self.theme
        gradient = r"P_k - P^*_k" if self.units == "nats" else r"\frac{P_k - P^*_k}{\ln 2}"
        ce_rule = MathTex(
            rf"\frac{{\partial\,\text{{CE}}}}{{\partial s_k}} = {gradient}",
            font_size=th.size.equation,
            color=th.cross_entropy,
        )
        mse_rule = MathTex(
            r"\frac{\partial\,\text{MSE}}{\partial s_k} = \frac{2}{K}\,",
            r"P_k",
            r"\Big[(P_k - P^*_k) - \sum_j P_j (P_j - P^*_j)\Big]",
            font_size=th.size.equation,
            color=th.mse,
        )
        rules = VGroup(ce_rule, mse_rule).arrange(DOWN, buff=0.4)
        rules.move_to(VGroup(self.top_row, self.loss_row)).shift(UP * 0.3)
        factor = mse_rule[1]
        factor_box = SurroundingRectangle(factor, color=th.highlight, buff=0.06)
        truth = self.class_names[self.true_class]
        self.factor_label = TexLine([r"P(", Name(truth), r") ="], th)
        self.factor_note = Readout("", th, value=self.probs[self.true_class])
        self.factor_label.put_on_baseline(self.factor_note.number, buff=th.space.inline)
        factor_line = VGroup(self.factor_label, self.factor_note)
        factor_line.next_to(factor_box, DOWN, buff=0.7)
        pointer = Arrow(
            factor_line.get_top(),
            factor_box.get_bottom(),
            buff=0.06,
            color=th.highlight,
            stroke_width=4,
            max_tip_length_to_length_ratio=0.4,
        )
        self.play(
            FadeOut(self.top_row, shift=UP * 0.3),
            FadeOut(self.loss_row, shift=UP * 0.3),
            run_time=1.0,
        )
        self.play(Write(ce_rule), run_time=1.4)
        self.play(Write(mse_rule), run_time=1.8)
        self.play(Create(factor_box), run_time=1.0)
        self.play(GrowArrow(pointer), FadeIn(factor_line, shift=UP * 0.2), run_time=1.2)
        self.wait(3.0)


def _model_is_wrong(values: Mapping[str, Any]) -> str | None:
    """The scene is about a confident mistake: the model must put most of its probability
    elsewhere, and between :data:`LEAST_FOR_TRUTH` and :data:`MOST_FOR_TRUTH` on the true
    class."""
    probs = mathcore.softmax(values["logits"])
    names, t = values["class_names"], values["true_class"]
    if t >= len(probs):
        return None  # index_into says so
    wrong = LEAST_FOR_TRUTH <= probs[t] <= MOST_FOR_TRUTH and int(np.argmax(probs)) != t
    if not wrong:
        return (
            f"logits give the true class {names[t]!r} probability {probs[t]:.3g}; the model "
            f"must be confidently wrong: {LEAST_FOR_TRUTH:g} to {MOST_FOR_TRUTH:g}, and "
            "another class the most likely"
        )
    return None


PARAMS = ParamSet(
    Param.texts("class_names", ConfidentlyWrong.class_names, length=(2, 5), help="the classes"),
    Param.numbers(
        "logits",
        ConfidentlyWrong.logits,
        low=-5,
        high=6,
        length=(2, 5),
        help="the model's scores, one per class; it must be confidently wrong",
    ),
    Param.integer(
        "true_class",
        ConfidentlyWrong.true_class,
        low=0,
        high=4,
        help="the class that is right, counted from 0",
    ),
    UNITS,
    rules=(
        same_length("logits", "class_names"),
        index_into("true_class", "class_names"),
        distinct("class_names"),
        texts_fit("class_names", ConfidentlyWrong.chart_width),
        Rule(
            f"the model is confidently wrong: the true class gets {LEAST_FOR_TRUTH:g} to "
            f"{MOST_FOR_TRUTH:g}, another class the most",
            _model_is_wrong,
        ),
    ),
)
