"""Scene 7, ``confidently-wrong``: the truth is cat, the model says dog with 0.97.

A worked example with K = 3 classes. The logits, the probabilities and the one-hot truth
side by side; then the two losses, CE and MSE; then the gradient each loss puts on each
logit, as signed bars on one shared scale. CE pushes the cat logit up with a gradient of
about -1; MSE's gradient is tiny, because it carries the factor P(cat) = 0.02. Every
number comes from :mod:`mathcore`.
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, ProbabilityBars, beat
from scenes.components.gradient_bars import GradientBars
from scenes.components.headed import HeadedBars
from scenes.components.readouts import Readout


class ConfidentlyWrong(ExplainerScene):
    """The CE and MSE gradients on the logits of one confidently wrong prediction."""

    class_names = ("cat", "dog", "fox")
    #: softmax(logits) = (0.020, 0.971, 0.010): dog with 0.97, the true cat with 0.02
    logits = (1.0, 4.9, 0.3)
    true_class = 0
    #: half-range of both gradient panels: one shared scale
    gradient_limit = 1.0

    def construct(self) -> None:
        self.compute()
        self.show_prediction()
        self.compare_losses()
        self.show_gradients()
        self.compare_cat_gradients()
        self.explain_the_factor()

    # -- numbers (all from mathcore) ------------------------------------------------

    def compute(self) -> None:
        k = len(self.class_names)
        self.target = np.eye(k)[self.true_class]
        self.probs = mathcore.softmax(self.logits)
        self.ce_loss = float(mathcore.cross_entropy_from_logits(self.true_class, self.logits))
        self.mse_loss = float(mathcore.mse(self.target, self.probs))
        self.ce_grad = mathcore.cross_entropy_grad_logits(self.true_class, self.logits)
        self.mse_grad = mathcore.mse_grad_logits(self.true_class, self.logits)
        t = self.true_class
        self.push_ratio = float(self.ce_grad[t] / self.mse_grad[t])

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
            width=2.6,
            height=1.3,
            decimals=decimals,
        )
        title = MathTex(header, font_size=self.theme.size.body, color=self.theme.text)
        return HeadedBars(bars, title, buff=0.35)

    def make_gradient_panel(self, loss_tex: str, values: np.ndarray, color: str) -> HeadedBars:
        bars = GradientBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            limit=self.gradient_limit,
            width=4.4,
            height=2.4,
        )
        header = Legend(
            [(rf"\partial\,\text{{{loss_tex}}} / \partial s_k", color)],
            self.theme,
            panel=False,
            font_size=self.theme.size.body,
        )
        return HeadedBars(bars, header, buff=0.15)

    def make_loss_row(self) -> VGroup:
        """The two losses side by side: CE = -ln P(cat) and MSE, each a Readout."""
        th = self.theme
        truth = self.class_names[self.true_class]
        self.ce_readout = Readout(
            rf"\text{{CE}} = -\ln P(\text{{{truth}}}) =",
            th,
            value=self.ce_loss,
            color=th.cross_entropy,
        )
        self.mse_readout = Readout(
            rf"\text{{MSE}} = \tfrac{{1}}{{{len(self.class_names)}}}"
            r" \textstyle\sum_k (P^*_k - P_k)^2 =",
            th,
            value=self.mse_loss,
            color=th.mse,
            decimals=3,
        )
        return VGroup(self.ce_readout, self.mse_readout).arrange(RIGHT, buff=1.4)

    # -- beats ----------------------------------------------------------------------

    @beat("The truth is cat, but the model puts almost all its probability on dog.")
    def show_prediction(self) -> None:
        th = self.theme
        self.logit_chart = self.make_chart(
            r"\text{logits } s_k", np.asarray(self.logits), th.muted, (0, 5, 1), 1
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
            Circumscribe(self.prob_chart.bars.bars[1], color=th.highlight),
            Circumscribe(self.truth_chart.bars.bars[self.true_class], color=th.highlight),
            run_time=1.6,
        )
        self.wait(1.5)

    @beat("Both losses score the mistake: CE by -ln P(cat), MSE by the squared gaps.")
    def compare_losses(self) -> None:
        self.play(Write(self.ce_readout.label), run_time=1.2)
        self.play(FadeIn(self.ce_readout.number, shift=UP * 0.2), run_time=0.8)
        self.play(Write(self.mse_readout.label), run_time=1.4)
        self.play(FadeIn(self.mse_readout.number, shift=UP * 0.2), run_time=0.8)
        self.wait(2.0)

    @beat("The gradient on each logit, on one shared scale: how hard each loss pushes it.")
    def show_gradients(self) -> None:
        th = self.theme
        zeros = np.zeros_like(self.ce_grad)
        self.ce_panel = self.make_gradient_panel("CE", zeros, th.cross_entropy)
        self.mse_panel = self.make_gradient_panel("MSE", zeros, th.mse)
        panels = VGroup(self.ce_panel, self.mse_panel).arrange(RIGHT, buff=1.6)
        panels.to_edge(DOWN, buff=0.2)
        self.ce_panel.match_x(self.ce_readout)
        self.mse_panel.match_x(self.mse_readout)
        rows = VGroup(self.top_row, self.loss_row)
        self.play(rows.animate.shift(UP * self.rows_drop), FadeIn(panels), run_time=1.2)
        self.play(
            self.ce_panel.bars.animate_values(self.ce_grad),
            self.mse_panel.bars.animate_values(self.mse_grad),
            run_time=2.0,
        )
        self.wait(2.0)

    @beat("On the cat logit, CE pushes with almost -1; MSE barely pushes at all.")
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
        self.ratio_label.next_to(mse_axes.c2p(0.5, 0.5), RIGHT, buff=0.1)
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

    @beat("MSE's gradient carries the factor P(cat), tiny here, so it all but vanishes.")
    def explain_the_factor(self) -> None:
        th = self.theme
        ce_rule = MathTex(
            r"\frac{\partial\,\text{CE}}{\partial s_k} = P_k - P^*_k",
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
        self.factor_note = Readout(
            rf"P_{{\text{{{truth}}}}} =", th, value=self.probs[self.true_class]
        )
        self.factor_note.next_to(factor_box, DOWN, buff=0.7)
        pointer = Arrow(
            self.factor_note.get_top(),
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
        self.play(GrowArrow(pointer), FadeIn(self.factor_note, shift=UP * 0.2), run_time=1.2)
        self.wait(3.0)
