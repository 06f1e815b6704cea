"""Scene 5, ``loss-curves``: the post's left panel, animated.

For a true label y = 1, cross-entropy -ln p and squared error (1 - p)^2 against the
predicted probability p of the true class. A dot on each curve slides from p = 1 toward
0 with live values: CE grows without bound, MSE never passes 1. Every curve point and
every number comes from ``mathcore.loss_vs_p``.
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, beat
from scenes.components.plots import LossPlot
from scenes.components.readouts import Readout
from scenes.param_rules import decreasing
from scenes.params import UNITS, Param, ParamSet
from scenes.units import units_named


class LossCurves(ExplainerScene):
    """CE = -ln p and MSE = (1 - p)^2 for y = 1, and a confident mistake on both."""

    true_label = 1.0
    #: where the dots start and the two stops on their way toward p = 0
    p_start = 1.0
    p_stops = (0.1, 0.01)
    #: p below this is "confidently wrong" (the model gives the truth < 10 %)
    confident_below = 0.1
    #: the loss axis's top, raised (to a whole number) when CE at the last stop needs it
    y_max = 5.0
    units = "nats"  #: or ``bits``: CE in that unit, its log base 2

    def construct(self) -> None:
        self.unit = units_named(self.units)
        self.y_top = self.axis_top()
        self.show_axes()
        self.draw_curves()
        self.slide_toward_zero()
        self.mark_bounds()
        self.shade_confidently_wrong()

    # -- numbers (all from mathcore) ----------------------------------------------------
    def loss(self, key: str, p: float) -> float:
        """``"ce"`` or ``"mse"`` at predicted probability ``p``, from mathcore."""
        return float(mathcore.loss_vs_p(p, y=self.true_label, base=self.unit.base)[key])

    def p_decimals(self) -> int:
        """Decimals that show the last stop (two, or three for p = 0.001)."""
        return max(2, -int(np.floor(np.log10(min(self.p_stops)) + 1e-9)))

    def axis_top(self) -> float:
        """``y_max``, or the whole number above CE at the last stop (with room for the
        dot) when CE there comes within 5 % of ``y_max``."""
        ce = self.loss("ce", min(self.p_stops))
        return self.y_max if ce <= 0.95 * self.y_max else float(np.ceil(ce + 0.5))

    def get_samples(self) -> np.ndarray:
        """Sample points in (0, 1], dense near 0 where CE climbs steeply, from below the p
        where CE leaves the axes (CE = top at p = b^-top, b the log's base)."""
        leaves = float(np.exp(-self.y_top * np.log(self.unit.base or np.e)))
        low = min(1e-3, leaves / 2)
        return np.unique(np.concatenate([np.geomspace(low, 1.0, 240), np.linspace(0, 1, 121)[1:]]))

    # -- beats ---------------------------------------------------------------------------
    @beat("One example, true label y = 1: the model predicts p.")
    def show_axes(self) -> None:
        self.title = self.make_title("True label y = 1: how hard does each loss punish p?")
        self.plot = LossPlot(
            self.theme,
            x_range=(0, 1, 0.2),
            y_range=(0, self.y_top, 1 if self.y_top <= 8 else 2),
            x_label="predicted probability p of the true class",
            y_label=f"loss (CE in {self.unit.word})",
            x_length=8.2,
            y_length=5.0,
        )
        self.plot.to_corner(DL, buff=self.theme.space.edge)
        self.play(FadeIn(self.title), Create(self.plot), run_time=1.5)
        self.wait(2)  # time to read the title and the caption

    @beat("Cross-entropy is minus the log of p; the squared error is (1 − p) squared.")
    def draw_curves(self) -> None:
        theme = self.theme
        p = self.get_samples()
        losses = mathcore.loss_vs_p(p, y=self.true_label, base=self.unit.base)
        self.ce_curve = self.plot.make_curve("ce", p, losses["ce"], theme.cross_entropy)
        self.mse_curve = self.plot.make_curve("mse", p, losses["mse"], theme.mse)
        self.legend = self.plot.make_legend(
            [
                (rf"\text{{CE}} = -{self.unit.ln} p", theme.cross_entropy),
                (r"\text{MSE} = (1 - p)^2", theme.mse),
            ]
        )
        self.play(Create(self.ce_curve), run_time=1.5)
        self.play(Create(self.mse_curve), FadeIn(self.legend), run_time=1.5)
        self.wait(1.5)

    @beat("Slide the prediction away from the truth: p falls from 1 toward 0.")
    def slide_toward_zero(self) -> None:
        theme = self.theme
        self.p = ValueTracker(self.p_start)
        self.dots = VGroup(
            self.plot.make_dot(self.p, lambda x: self.loss("ce", x), theme.cross_entropy),
            self.plot.make_dot(self.p, lambda x: self.loss("mse", x), theme.mse),
        )
        self.readouts = VGroup(
            Readout("p =", theme, decimals=self.p_decimals()).track(self.p, float),
            Readout(r"\text{CE} =", theme, color=theme.cross_entropy).track(
                self.p, lambda x: self.loss("ce", x)
            ),
            Readout(r"\text{MSE} =", theme, color=theme.mse).track(
                self.p, lambda x: self.loss("mse", x)
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        self.readouts.next_to(self.plot.axes, RIGHT, buff=0.9).align_to(self.plot.axes, UP)
        self.play(FadeIn(self.dots), FadeIn(self.readouts), run_time=1)
        for stop in self.p_stops:
            self.play(self.p.animate.set_value(stop), run_time=3, rate_func=smooth)
            self.wait(1.5)

    @beat("Cross-entropy grows without bound; the squared error can never pass 1.")
    def mark_bounds(self) -> None:
        theme = self.theme
        self.infinity = self.plot.make_clip_marker("ce", r"\text{CE} \to \infty")
        self.cap = self.plot.make_hline(1.0, theme.mse)
        self.cap_label = Text("MSE never passes 1", font_size=theme.size.label, color=theme.mse)
        self.cap_label.next_to(self.plot.axes.c2p(1, 1), UR, buff=0.15)
        self.play(GrowArrow(self.infinity[0]), Write(self.infinity[1]), run_time=1.5)
        self.play(Create(self.cap), FadeIn(self.cap_label), run_time=1.5)
        self.wait(2)

    @beat("A confident mistake costs CE dearly, while MSE hardly tells it apart.")
    def shade_confidently_wrong(self) -> None:
        self.region = self.plot.make_region(
            0,
            self.confident_below,
            "confidently wrong",
            self.theme.negative,
            label_y=0.66 * self.y_top,
        )
        self.play(FadeIn(self.region), run_time=1.5)
        self.wait(3)


PARAMS = ParamSet(
    Param.numbers(
        "p_stops",
        LossCurves.p_stops,
        low=0.001,
        high=0.9,
        length=(1, 3),
        help="where the dots stop on their way from p = 1 toward 0 (the last one stays)",
    ),
    UNITS,
    rules=(decreasing("p_stops"),),
)
