"""Scene 9, ``binary-cross-entropy``: the two-class case.

A softmax over two logits (s_0, s_1) gives class 1 the probability sigma(s_1 - s_0)
(shown, then checked with numbers from ``mathcore.two_class_softmax_equals_sigmoid``
while s_1 moves). Cross-entropy over the two classes becomes binary cross-entropy,
BCE = -[y log p + (1 - y) log(1 - p)], and its curves for y = 1 and y = 0 (from
``mathcore.binary_cross_entropy``) mirror each other about p = 0.5.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, ProbabilityBars, beat
from scenes.components.plots import LossPlot
from scenes.components.readouts import Readout
from scenes.params import UNITS, Param, ParamSet
from scenes.units import units_named


class MirrorRow(VGroup):
    """One label's loss at its point: ``at`` (where p is) and ``loss`` (BCE there)."""

    def __init__(self, at: Readout, loss: Readout, *, buff: float) -> None:
        super().__init__(at, loss)
        self.at = at
        self.loss = loss
        self.arrange(RIGHT, buff=buff)
        loss.shift(UP * (at.number.get_y() - loss.number.get_y()))  # numbers on one line


class BinaryCrossEntropy(ExplainerScene):
    """Softmax over two logits is a sigmoid; CE over two classes is BCE."""

    #: the example logits; s_1 then slides to ``s1_end`` with s_0 held still
    s0 = 0.5
    s1 = 2.0
    s1_end = -0.5
    #: the mirror demo: p for y = 1 slides from ``q_start`` to ``q_end`` (and 1 - p for y = 0)
    q_start = 0.5
    q_end = 0.1
    #: the loss axis's top, raised (to a whole number) when the loss at q_end needs it
    y_max = 5.0
    units = "nats"  #: or ``bits``: BCE in that unit, its logs base 2

    def setup(self) -> None:
        super().setup()
        self.unit = units_named(self.units)
        loss = self.bce(1, min(self.q_end, 1 - self.q_end, self.q_start))
        self.y_top = self.y_max if loss <= 0.95 * self.y_max else float(np.ceil(loss + 0.5))

    def caption_fields(self) -> dict[str, object]:
        return {"log": "log" if self.units == "nats" else "log₂"}

    def construct(self) -> None:
        self.softmax_to_sigmoid()
        self.check_numbers()
        self.cross_entropy_to_bce()
        self.plot_both_labels()
        self.mirror()

    # -- numbers (all from mathcore) ----------------------------------------------------
    def class_probabilities(self, s1: float) -> list[float]:
        """softmax(s0, s1): the bars for class 0 and class 1, from mathcore."""
        return mathcore.softmax([self.s0, s1]).tolist()

    def softmax_p1(self, s1: float) -> float:
        """Class 1's softmax probability for logits (s0, s1), from mathcore."""
        return float(mathcore.two_class_softmax_equals_sigmoid(s1, self.s0)[0])

    def sigmoid_of_difference(self, s1: float) -> float:
        """sigma(s1 - s0), from mathcore."""
        return float(mathcore.two_class_softmax_equals_sigmoid(s1, self.s0)[1])

    def bce_curve(self, y: int, p: np.ndarray) -> np.ndarray:
        """BCE for label ``y`` along ``p``, in the scene's units, from mathcore."""
        return mathcore.binary_cross_entropy(y, p, base=self.unit.base)

    def bce(self, y: float, p: float) -> float:
        return float(mathcore.binary_cross_entropy(y, p, base=self.unit.base))

    def get_samples(self) -> np.ndarray:
        """p in (0, 1), dense near both ends where the curves climb."""
        ends = np.geomspace(1e-3, 0.5, 150)
        return np.unique(np.concatenate([ends, 1 - ends, np.linspace(0.01, 0.99, 99)]))

    # -- builders ------------------------------------------------------------------------
    def make_mirror_row(self, y: int, p_of: Callable[[float], float]) -> MirrorRow:
        """``y = <y> at p = <p_of(q)>   BCE = <its loss>``, following the tracker ``q``."""
        theme = self.theme
        at = Readout(rf"y = {y} \text{{ at }} p =", theme).track(self.q, p_of)
        loss = Readout(r"\mathrm{BCE} =", theme, color=theme.cross_entropy).track(
            self.q, lambda q: self.bce(y, p_of(q))
        )
        return MirrorRow(at, loss, buff=0.45)

    # -- beats ---------------------------------------------------------------------------
    @beat("With two classes, the softmax gives class 1 the share exp(s₁) / (exp(s₀) + exp(s₁)).")
    def softmax_to_sigmoid(self) -> None:
        theme = self.theme
        self.title = self.make_title("Two classes: softmax becomes the sigmoid")
        parts = (
            r"P(1)",
            r"=",
            r"\frac{e^{s_1}}{e^{s_0} + e^{s_1}}",
            r"=",
            r"\frac{1}{1 + e^{-(s_1 - s_0)}}",
            r"=",
            r"\sigma(s_1 - s_0)",
        )
        self.identity = MathTex(*parts, font_size=theme.size.display, color=theme.text)
        self.identity.next_to(self.title, DOWN, buff=0.5)
        self.identity[-1].set_color(theme.model_dist)
        self.play(FadeIn(self.title), run_time=1)
        self.play(Write(self.identity[:3]), run_time=1.5)
        self.wait(0.5)
        self.play(Write(self.identity[3:5]), run_time=1.5)
        self.play(Write(self.identity[5:]), run_time=1)
        self.wait(1.5)

    @beat("Check with numbers: both give the same probability, wherever s₁ goes.")
    def check_numbers(self) -> None:
        theme = self.theme
        self.s1_tracker = ValueTracker(self.s1)
        self.bars = ProbabilityBars(
            self.class_probabilities(self.s1),
            ["class 0", "class 1"],
            theme,
            color=theme.model_dist,
            width=3.6,
            height=2.6,
            decimals=3,
        )
        self.bars.add_updater(
            lambda b: b.set_values(self.class_probabilities(self.s1_tracker.get_value()))
        )
        self.bars.update()
        self.logit_readouts = VGroup(
            Readout("s_0 =", theme, value=self.s0),
            Readout("s_1 =", theme).track(self.s1_tracker, float),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        self.check_readouts = VGroup(
            Readout(r"\text{softmax: } P(1) =", theme, color=theme.model_dist, decimals=3).track(
                self.s1_tracker, self.softmax_p1
            ),
            Readout(r"\sigma(s_1 - s_0) =", theme, color=theme.model_dist, decimals=3).track(
                self.s1_tracker, self.sigmoid_of_difference
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        numbers = VGroup(self.logit_readouts, self.check_readouts).arrange(
            DOWN, aligned_edge=LEFT, buff=0.6
        )
        VGroup(self.bars, numbers).arrange(RIGHT, buff=1.4).next_to(self.identity, DOWN, buff=0.6)
        self.play(FadeIn(self.bars), FadeIn(numbers), run_time=1.5)
        self.wait(1.5)
        self.play(self.s1_tracker.animate.set_value(self.s1_end), run_time=3, rate_func=smooth)
        self.wait(1.5)

    @beat("Cross-entropy over the two classes, with label y and p = P(1), is binary cross-entropy.")
    def cross_entropy_to_bce(self) -> None:
        theme, log = self.theme, self.unit.log
        new_title = self.make_title("Two classes: cross-entropy becomes BCE")
        short = MathTex(
            r"p = P(1) = \sigma(s_1 - s_0)", font_size=theme.size.equation, color=theme.model_dist
        )
        short.next_to(new_title, DOWN, buff=0.8)
        self.play(
            FadeOut(self.bars, self.logit_readouts, self.check_readouts),
            FadeTransform(self.title, new_title),
            TransformMatchingShapes(self.identity, short),
            run_time=1.5,
        )
        self.title, self.identity = new_title, short
        display = theme.size.display
        lines = [
            MathTex(
                r"H(P^*, P)",
                "=",
                r"-\sum_{k=0}^{1}",
                r"P^*(k)",
                log,
                r"P(k)",
                font_size=display,
            ),
            MathTex(
                r"H(P^*, P)",
                "=",
                r"-\big[",
                r"P^*(1)",
                log,
                r"P(1)",
                "+",
                r"P^*(0)",
                log,
                r"P(0)",
                r"\big]",
                font_size=display,
            ),
            MathTex(
                r"\mathrm{BCE}",
                "=",
                r"-\big[",
                "y",
                log,
                "p",
                "+",
                "(1 - y)",
                log,
                "(1 - p)",
                r"\big]",
                font_size=display,
            ),
        ]
        for line in lines:
            line.next_to(short, DOWN, buff=1.0)
        lines[-1].set_color(theme.cross_entropy)
        self.key = MathTex(
            r"P^*(1) = y,\quad P^*(0) = 1 - y,\quad P(0) = 1 - p",
            font_size=theme.size.equation,
            color=theme.muted,
        ).next_to(lines[0], DOWN, buff=0.9)
        self.play(Write(lines[0]), run_time=1.5)
        self.wait(1)
        self.play(TransformMatchingTex(lines[0], lines[1]), run_time=1.5)
        self.play(FadeIn(self.key), run_time=1)
        self.wait(1)
        self.play(TransformMatchingTex(lines[1], lines[2]), run_time=1.5)
        self.wait(2)
        self.bce_formula = lines[2]

    @beat("For y = 1 the loss is −{log} p; for y = 0 it is −{log}(1 − p).")
    def plot_both_labels(self) -> None:
        theme = self.theme
        header = VGroup(self.bce_formula.copy().scale(0.8)).to_edge(UP, buff=theme.space.edge)
        self.plot = LossPlot(
            theme,
            x_range=(0, 1, 0.2),
            y_range=(0, self.y_top, 1 if self.y_top <= 8 else 2),
            x_label="predicted probability p of class 1",
            y_label=f"loss ({self.unit.word})",
            x_length=7.4,
            y_length=4.6,
        )
        self.plot.to_corner(DL, buff=theme.space.edge)
        p = self.get_samples()
        self.curves = VGroup(
            self.plot.make_curve("y1", p, self.bce_curve(1, p), theme.cross_entropy),
            self.plot.make_curve("y0", p, self.bce_curve(0, p), theme.cross_entropy, dashed=True),
        )
        self.markers = VGroup(
            self.plot.make_clip_marker("y1", r"\infty"),
            self.plot.make_clip_marker("y0", r"\infty", index=0),
        )
        self.legend = Legend(
            [
                (rf"y = 1:\ -{self.unit.log} p", theme.cross_entropy),
                (rf"y = 0:\ -{self.unit.log}(1 - p)", theme.cross_entropy),
            ],
            theme,
            dashed=(False, True),
        )
        self.legend.next_to(self.plot.axes, RIGHT, buff=0.6).align_to(self.plot.axes, UP)
        self.play(
            FadeOut(self.title, self.identity, self.key),
            ReplacementTransform(self.bce_formula, header),
            run_time=1.5,
        )
        self.bce_formula = header
        self.play(Create(self.plot), FadeIn(self.legend), run_time=1.5)
        self.play(Create(self.curves[0]), run_time=1.5)
        self.play(Create(self.curves[1]), run_time=1.5)
        self.play(FadeIn(self.markers), run_time=1)
        self.wait(1.5)

    @beat("Swap the label and p for 1 − p: the two curves mirror about p = 0.5.")
    def mirror(self) -> None:
        theme = self.theme
        self.q = ValueTracker(self.q_start)
        self.axis_of_symmetry = DashedLine(
            self.plot.axes.c2p(0.5, 0),
            self.plot.axes.c2p(0.5, self.y_top),
            color=theme.muted,
            stroke_width=2,
        )
        self.symmetry_label = MathTex("p = 0.5", font_size=theme.size.label, color=theme.muted)
        self.symmetry_label.next_to(self.axis_of_symmetry, UP, buff=0.15)
        self.dots = VGroup(
            self.plot.make_dot(self.q, lambda q: self.bce(1, q), theme.cross_entropy),
            self.plot.make_dot(self.q, lambda q: self.bce(0, q), theme.cross_entropy),
        )
        # the y = 0 dot sits at the mirrored point p = 1 - q
        self.dots[1].clear_updaters()
        self.dots[1].add_updater(
            lambda d: d.move_to(
                self.plot.axes.c2p(1 - self.q.get_value(), self.bce(0, 1 - self.q.get_value()))
            )
        )
        self.dots[1].update()
        # y = 1 at p = q and y = 0 at the mirrored p = 1 - q: the same loss
        self.mirror_rows = VGroup(
            self.make_mirror_row(1, lambda q: q),
            self.make_mirror_row(0, lambda q: 1 - q),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        self.mirror_rows.next_to(self.legend, DOWN, buff=theme.space.block, aligned_edge=LEFT)
        self.play(
            Create(self.axis_of_symmetry),
            FadeIn(self.symmetry_label, self.dots, self.mirror_rows),
            run_time=1.5,
        )
        self.play(self.q.animate.set_value(self.q_end), run_time=3, rate_func=smooth)
        self.wait(2.5)


PARAMS = ParamSet(
    Param.number("s0", BinaryCrossEntropy.s0, low=-4, high=4, help="the logit of class 0"),
    Param.number(
        "s1",
        BinaryCrossEntropy.s1,
        low=-4,
        high=4,
        help="the logit of class 1 (it then slides to s1_end = -0.5)",
    ),
    Param.number(
        "q_end",
        BinaryCrossEntropy.q_end,
        low=0.01,
        high=0.99,
        help="the highlighted p: where the y = 1 dot stops (the y = 0 dot at 1 - p)",
    ),
    UNITS,
)
