"""Scene 6, ``gradient-curves``: the post's right panel, then the twist it does not show.

First the gradients against the predicted probability p, for a true label y = 1:
dCE/dp = -1/p dives without bound, dMSE/dp = -2(1 - p) stays between -2 and 0 (it
does not vanish). Then the same gradients against the logit z, p = sigma(z), where the
model actually learns: dCE/dz = sigma(z) - 1 stays near -1 on a confident mistake,
while dMSE/dz = 2(sigma(z) - 1) sigma(z)(1 - sigma(z)) vanishes (errata 3 of the
storyboard). Every curve and number comes from ``mathcore.grad_vs_p`` and
``mathcore.grad_vs_logit``.
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, Legend, beat
from scenes.components.plots import LossPlot
from scenes.components.readouts import Readout
from scenes.params import UNITS, Param, ParamSet
from scenes.units import units_named


class GradientCurves(ExplainerScene):
    """Gradients against p, then against the logit z: MSE's vanishes, CE's does not."""

    true_label = 1.0
    p_y_range = (-6.0, 0.0, 1.0)
    z_range = (-6.0, 6.0, 2.0)
    z_y_range = (-1.2, 0.0, 0.2)
    #: where the dot starts (a correct, fairly confident prediction) and where it ends
    z_start = 2.0
    z_end = -6.0
    #: z below this is "confidently wrong" (sigma(-3) is about 0.05)
    confident_below = -2.2  # p = sigma(-2.2) is about 0.1, as in loss-curves
    units = "nats"  #: or ``bits``: CE's slopes are then 1 / ln 2 times steeper

    def construct(self) -> None:
        self.unit = units_named(self.units)
        # the z axis reaches z_end (on whole ticks); the gradient axis CE's steepest slope
        self.z_axis = (min(self.z_range[0], 2 * np.floor(self.z_end / 2)), *self.z_range[1:])
        ce_floor = float(self.grad_z("ce", self.z_axis[0]))
        low = min(self.z_y_range[0], np.floor((ce_floor - 0.1) / 0.2) * 0.2)
        self.z_y_axis = (float(low), *self.z_y_range[1:])
        self.show_gradients_in_p()
        self.mse_stays_bounded()
        self.switch_to_logit()
        self.slide_to_confident_mistake()
        self.conclude()

    # -- numbers (all from mathcore) ----------------------------------------------------
    def grad_p(self, key: str, p: float) -> float:
        """d(loss)/dp for ``"ce"`` or ``"mse"``, from mathcore (CE in the scene's units)."""
        return float(mathcore.grad_vs_p(p, y=self.true_label, base=self.unit.base)[key])

    def grad_z(self, key: str, z: float) -> float:
        """d(loss)/dz for ``"ce"`` or ``"mse"``, from mathcore (CE in the scene's units)."""
        return float(mathcore.grad_vs_logit(z, y=self.true_label, base=self.unit.base)[key])

    def caption_fields(self) -> dict[str, object]:
        z = f"{self.z_end:g}".replace("-", "−")
        return {"z_end": z, "p_end": f"{self.sigmoid(self.z_end):.2g}"}

    def p_decimals(self) -> int:
        """Decimals that show p at z_end (three, or four below 0.001)."""
        return max(3, -int(np.floor(np.log10(self.sigmoid(self.z_end)))))

    def per_unit(self, tex: str) -> str:
        r"""A slope of CE in TeX: ``tex`` in nats, ``(tex) / \ln 2`` in bits."""
        return tex if self.unit.base is None else rf"({tex}) / \ln 2"

    def sigmoid(self, z: float) -> float:
        return float(mathcore.sigmoid(z))

    # -- builders ------------------------------------------------------------------------
    def make_legend_beside(self, entries: list[tuple[str, str]]) -> Legend:
        """The formulas as a legend right of the plot, top-aligned."""
        legend = Legend(entries, self.theme)
        return legend.next_to(self.plot_p.axes, RIGHT, buff=self.theme.space.block).align_to(
            self.plot_p.axes, UP
        )

    def make_legend_below(self, entries: list[tuple[str, str]]) -> Legend:
        """The formulas as a legend under the plot (too wide to sit beside it)."""
        legend = Legend(entries, self.theme)
        return legend.next_to(self.plot_p, DOWN, buff=0.25).align_to(self.plot_p.axes, LEFT)

    # -- beats ---------------------------------------------------------------------------
    @beat("The post's right panel: each loss's slope against p, for true label y = 1.")
    def show_gradients_in_p(self) -> None:
        theme = self.theme
        self.title = self.make_title("The slope of each loss against p (the post's figure)")
        self.plot_p = LossPlot(
            theme,
            x_range=(0, 1, 0.2),
            y_range=self.p_y_range,
            x_label="predicted probability p of the true class",
            y_label="gradient  d(loss) / dp",
            x_length=7.4,
            y_length=4.4,
            x_numbers_up=True,
        )
        self.plot_p.next_to(self.title, DOWN, buff=0.3).to_edge(LEFT, buff=theme.space.edge)
        p = np.unique(np.concatenate([np.geomspace(0.05, 1, 200), np.linspace(0, 1, 101)[1:]]))
        grads = mathcore.grad_vs_p(p, y=self.true_label, base=self.unit.base)
        self.p_curves = VGroup(
            self.plot_p.make_curve("ce", p, grads["ce"], theme.cross_entropy),
            self.plot_p.make_curve("mse", p, grads["mse"], theme.mse),
        )
        self.p_legend = self.make_legend_beside(
            [
                (
                    rf"\partial\,\mathrm{{CE}} / \partial p = {self.per_unit('-1/p')}",
                    theme.cross_entropy,
                ),
                (r"\partial\,\mathrm{MSE} / \partial p = -2(1 - p)", theme.mse),
            ]
        )
        self.p_marker = self.plot_p.make_clip_marker("ce", r"-\infty")
        self.play(FadeIn(self.title), Create(self.plot_p), run_time=1.5)
        self.play(Create(self.p_curves[0]), FadeIn(self.p_legend), run_time=1.5)
        self.play(GrowArrow(self.p_marker[0]), Write(self.p_marker[1]), run_time=1)
        self.play(Create(self.p_curves[1]), run_time=1.5)
        self.wait(1.5)

    @beat("Against p, MSE's slope never vanishes: it stays between −2 and 0.")
    def mse_stays_bounded(self) -> None:
        self.floor = self.plot_p.make_hline(-2.0, self.theme.mse)
        self.floor_note = Text(
            "MSE's slope stays\nbetween −2 and 0",
            font_size=self.theme.size.label,
            color=self.theme.mse,
            line_spacing=1.1,
        ).next_to(self.p_legend, DOWN, buff=0.6, aligned_edge=LEFT)
        self.play(Create(self.floor), FadeIn(self.floor_note), run_time=1.5)
        self.wait(2.5)

    @beat("But a model learns through its logit z, with p = σ(z): take the slopes against z.")
    def switch_to_logit(self) -> None:
        theme = self.theme
        self.plot_z = LossPlot(
            theme,
            x_range=self.z_axis,
            y_range=self.z_y_axis,
            x_label="logit z of the true class,  p = σ(z)",
            y_label="gradient  d(loss) / dz",
            x_length=7.4,
            y_length=4.4,
            decimals=(0, 1),
            x_numbers_up=True,
            y_numbers_left=True,
        )
        self.plot_z.move_to(self.plot_p, aligned_edge=UL)
        z = np.linspace(self.z_axis[0], self.z_axis[1], 241)
        grads = mathcore.grad_vs_logit(z, y=self.true_label, base=self.unit.base)
        self.z_curves = VGroup(
            self.plot_z.make_curve("ce", z, grads["ce"], theme.cross_entropy),
            self.plot_z.make_curve("mse", z, grads["mse"], theme.mse),
        )
        self.z_legend = self.make_legend_below(
            [
                (
                    r"\partial\,\mathrm{CE} / \partial z = " + self.per_unit(r"\sigma(z) - 1"),
                    theme.cross_entropy,
                ),
                (
                    r"\partial\,\mathrm{MSE} / \partial z"
                    r" = 2(\sigma(z) - 1)\,\sigma(z)(1 - \sigma(z))",
                    theme.mse,
                ),
            ]
        )
        new_title = self.make_title("The slope against the logit z, where learning happens")
        self.play(
            FadeOut(self.p_curves, self.p_marker, self.floor, self.floor_note),
            FadeTransform(self.title, new_title),
            run_time=1,
        )
        self.title = new_title
        self.play(
            FadeTransform(self.plot_p, self.plot_z),
            FadeTransform(self.p_legend, self.z_legend),
            run_time=2,
        )
        self.play(Create(self.z_curves[0]), Create(self.z_curves[1]), run_time=2.5)
        self.wait(2)

    @beat("Now make the mistake confident: slide z down to {z_end}, so p is only {p_end}.")
    def slide_to_confident_mistake(self) -> None:
        theme = self.theme
        self.z = ValueTracker(self.z_start)
        self.region = self.plot_z.make_region(
            self.z_axis[0],
            self.confident_below,
            "confidently\nwrong",
            theme.negative,
            label_y=-0.5,
            label_inside=True,
        )
        self.dots = VGroup(
            self.plot_z.make_dot(self.z, lambda x: self.grad_z("ce", x), theme.cross_entropy),
            self.plot_z.make_dot(self.z, lambda x: self.grad_z("mse", x), theme.mse),
        )
        self.readouts = VGroup(
            Readout("z =", theme, decimals=1, include_sign=True).track(self.z, float),
            Readout(r"p = \sigma(z) =", theme, decimals=self.p_decimals()).track(
                self.z, self.sigmoid
            ),
            Readout(
                r"\partial\,\mathrm{CE}/\partial z =", theme, color=theme.cross_entropy, decimals=3
            ).track(self.z, lambda x: self.grad_z("ce", x)),
            Readout(
                r"\partial\,\mathrm{MSE}/\partial z =", theme, color=theme.mse, decimals=3
            ).track(self.z, lambda x: self.grad_z("mse", x)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.space.row)
        self.readouts.next_to(self.plot_z.axes, RIGHT, buff=0.7).align_to(self.plot_z.axes, UP)
        self.play(FadeIn(self.region), FadeIn(self.dots), FadeIn(self.readouts), run_time=1.5)
        self.play(self.z.animate.set_value(self.z_end), run_time=5, rate_func=smooth)
        self.wait(2.5)

    @beat("MSE's gradient carries σ(z)(1 − σ(z)), which vanishes: this is why MSE learns slowly.")
    def conclude(self) -> None:
        theme = self.theme
        self.box = SurroundingRectangle(self.readouts[3], color=theme.highlight, buff=0.12)
        self.closing = VGroup(
            MathTex(
                r"\sigma(z)\,(1 - \sigma(z)) \to 0", font_size=theme.size.body, color=theme.mse
            ),
            Text("this is why\nMSE learns slowly", font_size=theme.size.label, color=theme.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.closing.next_to(self.readouts, DOWN, buff=0.45, aligned_edge=LEFT)
        self.play(Create(self.box), run_time=1)
        self.play(FadeIn(self.closing, shift=0.2 * UP), run_time=1.5)
        self.wait(3)


PARAMS = ParamSet(
    Param.number(
        "z_end",
        GradientCurves.z_end,
        low=-8,
        high=-3,
        help="the confidently wrong logit the dot slides down to (the z axis reaches it)",
    ),
    UNITS,
)
