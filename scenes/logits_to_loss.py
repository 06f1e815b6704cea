"""Scene 10, ``logits-to-loss``: why every framework's cross-entropy takes logits.

The example logits, scaled up as a trained network's often are. Softmax then log, done
the textbook way in float64: the largest e^{s_k} overflows to inf, inf / inf is nan, the
other probabilities round to 0 and ln 0 is -inf. Subtracting the largest logit m changes
no probability and stops the overflow; computing ln p_k = s_k - logsumexp(s) from the
logits never takes the log of a rounded p, and the loss is CE = logsumexp(s) - s_y,
exact. Last, its gradient on the logits, softmax(s) - onehot(y), as bars while the scale
grows: finite at every scale. Every number is float64's, from :mod:`mathcore`.

It comes last in the story: it is how the loss of every scene before it (multi-class and
binary) is computed in practice, once the viewer knows what it is and why it wins.

    .venv/bin/manim -ql --silent scenes/logits_to_loss.py LogitsToLoss
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.fit import fit_names
from scenes.components.gradient_bars import GradientBars
from scenes.components.headed import HeadedBars
from scenes.components.readouts import Readout
from scenes.components.texline import NAME_SCALE, Name, TexLine
from scenes.param_rules import distinct, index_into, same_length, texts_fit
from scenes.params import UNITS, Param, ParamSet, Rule
from scenes.units import units_named

#: The largest x whose e^x float64 holds (ln of the largest double, about 709.78).
EXP_LIMIT = math.log(np.finfo(np.float64).max)
#: The table's value columns share this width, whatever the number of classes.
TABLE_WIDTH = 9.0
#: Width of each chart in the gradient beat.
CHART_WIDTH = 3.4


def tex_number(value: float) -> str:
    """``value`` as TeX the way a person reads it: ``\\infty``, ``\\text{nan}``,
    ``1000``, ``-0.5``, ``1.4 \\times 10^{217}``."""
    if math.isnan(value):
        return r"\text{nan}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-2:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = value / 10.0**exponent
        if round(abs(mantissa), 1) >= 10:  # 9.96 rounds up to the next power
            mantissa, exponent = mantissa / 10, exponent + 1
        return rf"{mantissa:.1f} \times 10^{{{exponent}}}"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def caption_number(value: float) -> str:
    """``value`` for a caption: ``inf``, ``nan``, ``500``, ``−0.5``."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "−inf"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace("-", "−")


class LogitsToLoss(ExplainerScene):
    """Softmax then log overflows at large logits; CE = logsumexp(s) - s_y does not."""

    #: the example logits of the story's first scenes, before the scale
    logits: tuple[float, ...] = (2.0, 1.0, -0.5, 0.3)
    class_names: tuple[str, ...] = ("cat", "dog", "fox", "owl")
    true_class = 1
    #: how much larger than the example a trained network's logits are
    scale = 500.0
    units = "nats"  #: or ``bits``: the loss and its gradient in that unit

    def construct(self) -> None:
        self.compute()
        self.scale_up()
        self.compute_naively()
        self.shift_by_the_largest()
        self.use_log_sum_exp()
        self.show_the_gradient()

    # -- numbers (all from mathcore) ------------------------------------------------------

    def compute(self) -> None:
        t, base = self.true_class, units_named(self.units).base
        self.unit = units_named(self.units)
        self.base_logits = np.asarray(self.logits, dtype=float)
        self.scaled = self.scale * self.base_logits
        self.naive = mathcore.naive_softmax_log(self.scaled)
        self.naive_ce = float(mathcore.naive_cross_entropy(t, self.scaled, base=base))
        self.top = float(np.max(self.scaled))
        self.shifted = mathcore.shifted_logits(self.scaled)
        self.shifted_naive = mathcore.naive_softmax_log(self.shifted)
        self.lse = float(mathcore.logsumexp(self.scaled))
        self.log_probs = mathcore.log_softmax(self.scaled)
        self.ce = float(mathcore.cross_entropy_from_logits(t, self.scaled, base=base))

    def caption_fields(self) -> dict[str, Any]:
        return {
            "scale": caption_number(self.scale),
            "big": caption_number(self.top),
            "truth": self.class_names[self.true_class],
            "naive": caption_number(self.naive_ce),
            "ce": caption_number(self.ce),
            "unit": self.unit.word,
        }

    # -- builders -------------------------------------------------------------------------

    def make_row(self, label: str, values: np.ndarray, color: str | None = None) -> VGroup:
        """One row of the table: a TeX label right-aligned on the label column, then one
        value per class, each centred in its column; inf and nan in ``theme.highlight``
        (what to look at)."""
        th = self.theme
        label_mob = MathTex(label, font_size=th.size.label, color=color or th.text)
        label_mob.move_to(self.label_x, aligned_edge=RIGHT)
        cells = VGroup()
        for x, value in zip(self.column_x, values, strict=True):
            broken = not math.isfinite(float(value))
            cell = MathTex(
                tex_number(float(value)),
                font_size=th.size.label,
                color=th.highlight if broken else (color or th.text),
            )
            cells.add(cell.move_to([x, 0, 0]))
        return VGroup(label_mob, cells)

    def place_row(self, row: VGroup, index: int) -> VGroup:
        return row.set_y(self.row_y[index])

    def make_names(self) -> VGroup:
        """The class names over the columns, on one baseline; the true class in the
        label's colour."""
        th = self.theme
        size, _ = fit_names(self.class_names, self.column_width, th.size.label, th)
        names = VGroup()
        for i, (x, name) in enumerate(zip(self.column_x, self.class_names, strict=True)):
            color = th.true_dist if i == self.true_class else th.text
            line = TexLine([Name(name)], th, font_size=size / NAME_SCALE, name_color=color)
            piece = line.pieces[0]
            piece.shift(RIGHT * (x - piece.get_x()) + UP * (self.row_y[0] - 0.12 - line.baseline))
            names.add(piece)
        return names

    def make_loss_line(self, pieces: list[str | Name], value: float, color: str) -> VGroup:
        """``pieces`` (ending in ``=``) and ``value`` after them, level with the ``=``;
        inf and nan in ``theme.highlight`` (what to look at)."""
        th = self.theme
        line = TexLine(pieces, th, font_size=th.size.body, color=color, name_color=th.true_dist)
        broken = not math.isfinite(value)
        number = MathTex(
            tex_number(value),
            font_size=th.size.body,
            color=th.highlight if broken else color,
        )
        number.next_to(line.pieces[-1], RIGHT, buff=th.space.inline)
        return VGroup(line, number)

    # -- beats ----------------------------------------------------------------------------

    @beat("Trained networks often give large logits: here the example ones times {scale}.")
    def scale_up(self) -> None:
        th = self.theme
        self.title = self.make_title("Why cross-entropy takes logits")
        k = len(self.class_names)
        self.column_width = TABLE_WIDTH / k
        left = -TABLE_WIDTH / 2 + 1.6  # the label column takes the rest of the frame
        self.label_x = np.array([left - 0.35, 0, 0])
        self.column_x = [left + (i + 0.5) * self.column_width for i in range(k)]
        top = self.title.get_bottom()[1] - th.space.block - 0.2
        self.row_y = [top - 0.72 * i for i in range(5)]
        self.names = self.make_names()
        self.logit_row = self.place_row(self.make_row("s_k", self.base_logits, th.muted), 1)
        scaled_row = self.place_row(self.make_row("s_k", self.scaled, th.muted), 1)
        times = MathTex(
            rf"\times {tex_number(self.scale)}", font_size=th.size.body, color=th.highlight
        )
        times.next_to(self.logit_row, RIGHT, buff=th.space.block)
        self.play(FadeIn(self.title), run_time=1.0)
        self.play(FadeIn(self.names), FadeIn(self.logit_row), run_time=1.2)
        self.wait(0.8)
        self.play(FadeIn(times, shift=LEFT * 0.2), run_time=0.8)
        self.play(
            ReplacementTransform(self.logit_row[1], scaled_row[1]),
            FadeOut(times),
            run_time=1.5,
        )
        self.remove(self.logit_row[0])
        self.add(scaled_row)
        self.logit_row = scaled_row
        self.wait(1.5)

    @beat(
        "Softmax then log, done naively in float64: e to the {big} is inf, inf over inf "
        "is nan, and ln 0 is −inf. So the loss is {naive}."
    )
    def compute_naively(self) -> None:
        th = self.theme
        naive = self.naive
        self.exp_row = self.place_row(self.make_row("e^{s_k}", naive.exps), 2)
        self.prob_row = self.place_row(
            self.make_row(r"p_k = e^{s_k} / \textstyle\sum_j e^{s_j}", naive.probs, th.model_dist),
            3,
        )
        self.log_row = self.place_row(self.make_row(r"\ln p_k", naive.log_probs), 4)
        minus_log = rf"-{self.unit.ln} p("
        self.naive_line = self.make_loss_line(
            [
                rf"\text{{naive loss}} = {minus_log}",
                Name(self.class_names[self.true_class]),
                ") =",
            ],
            self.naive_ce,
            th.cross_entropy,
        )
        self.naive_line.next_to(self.log_row, DOWN, buff=th.space.block).set_x(0)
        for row in (self.exp_row, self.prob_row, self.log_row):
            self.play(FadeIn(row[0]), run_time=0.5)
            self.play(FadeIn(row[1], lag_ratio=0.3), run_time=1.2)
        self.play(FadeIn(self.naive_line, shift=UP * 0.2), run_time=1.0)
        self.wait(2.5)

    @beat("Subtract the largest logit, m, from each: the softmax is the same, and no e overflows.")
    def shift_by_the_largest(self) -> None:
        th = self.theme
        shifted = self.shifted_naive
        m_note = MathTex(
            rf"m = \max_j s_j = {tex_number(self.top)}",
            font_size=th.size.label,
        )
        m_note.move_to(self.naive_line)
        new_rows = [
            self.place_row(self.make_row("s_k - m", self.shifted, th.muted), 1),
            self.place_row(self.make_row("e^{s_k - m}", shifted.exps), 2),
            self.place_row(
                self.make_row(
                    r"p_k = e^{s_k - m} / \textstyle\sum_j e^{s_j - m}",
                    shifted.probs,
                    th.model_dist,
                ),
                3,
            ),
            self.place_row(self.make_row(r"\ln p_k", shifted.log_probs), 4),
        ]
        old_rows = [self.logit_row, self.exp_row, self.prob_row, self.log_row]
        self.play(FadeOut(self.naive_line), FadeIn(m_note), run_time=1.0)
        for old, new in zip(old_rows, new_rows, strict=True):
            self.play(ReplacementTransform(old, new), run_time=1.0)
        self.logit_row, self.exp_row, self.prob_row, self.log_row = new_rows
        self.m_note = m_note
        self.wait(2.5)

    @beat(
        "Take no log of a rounded p: ln pₖ is sₖ minus logsumexp(s), and the loss is "
        "logsumexp(s) minus the true logit, {ce} {unit}."
    )
    def use_log_sum_exp(self) -> None:
        th = self.theme
        stable_log = self.place_row(
            self.make_row(r"\ln p_k = s_k - \operatorname{logsumexp}(s)", self.log_probs), 4
        )
        lse = MathTex(
            r"\operatorname{logsumexp}(s) = m + \ln \textstyle\sum_k e^{s_k - m} = "
            + tex_number(self.lse),
            font_size=th.size.label,
        )
        loss = r"\operatorname{logsumexp}(s) - s_y"
        if self.unit.base is not None:
            loss = rf"({loss}) / \ln 2"
        ce = MathTex(
            rf"\text{{CE}} = {loss} = {tex_number(self.ce)}\ \text{{{self.unit.word}}}",
            font_size=th.size.body,
            color=th.cross_entropy,
        )
        lines = VGroup(lse, ce).arrange(DOWN, buff=th.space.row)
        lines.next_to(self.m_note, DOWN, buff=th.space.row)
        self.play(ReplacementTransform(self.log_row, stable_log), run_time=1.5)
        self.log_row = stable_log
        self.play(FadeIn(lse, shift=UP * 0.2), run_time=1.0)
        self.play(FadeIn(ce, shift=UP * 0.2), run_time=1.0)
        self.play(Circumscribe(ce, color=th.highlight), run_time=1.2)
        self.loss_lines = lines
        self.wait(3.5)

    @beat("Its gradient on the logits is softmax(s) minus onehot(y): finite at every scale.")
    def show_the_gradient(self) -> None:
        th = self.theme
        t = self.true_class
        base = self.unit.base
        limit = 1.0 if base is None else 1.5
        scale = ValueTracker(1.0)

        def probs() -> np.ndarray:
            return mathcore.softmax(scale.get_value() * self.base_logits)

        def grads() -> np.ndarray:
            return mathcore.cross_entropy_grad_logits(
                t, scale.get_value() * self.base_logits, base=base
            )

        p_bars = ProbabilityBars(
            probs(), self.class_names, th, color=th.model_dist, width=CHART_WIDTH, height=2.2
        )
        truth = ProbabilityBars(
            np.eye(len(self.class_names))[t],
            self.class_names,
            th,
            color=th.true_dist,
            width=CHART_WIDTH,
            height=2.2,
        )
        g_bars = GradientBars(
            grads(),
            self.class_names,
            th,
            color=th.cross_entropy,
            limit=limit,
            width=CHART_WIDTH,
            height=2.2,
            decimals=2,  # as P and P* beside it: "+0.000 +0.000" ran together
        )
        gradient = (
            r"\partial\,\text{CE} / \partial s_k = P_k - P^*_k"
            if base is None
            else r"\partial\,\text{CE} / \partial s_k = (P_k - P^*_k)/\ln 2"
        )
        heading = th.size.body
        charts = VGroup(
            HeadedBars(
                p_bars,
                MathTex(r"P = \operatorname{softmax}(s)", font_size=heading, color=th.text),
                buff=0.15,
            ),
            HeadedBars(truth, MathTex(r"P^* = \text{onehot}(y)", font_size=heading), buff=0.15),
            HeadedBars(
                g_bars, MathTex(gradient, font_size=heading, color=th.cross_entropy), buff=0.15
            ),
        ).arrange(RIGHT, buff=0.6)
        # the three plot areas' tops on one line (P = 1, P* = 1, the gradient's +limit),
        # and the three headings on one line over them
        top = max(chart.bars.plot_area.get_top()[1] for chart in charts)
        for chart in charts:
            chart.shift(UP * (top - chart.bars.plot_area.get_top()[1]))
        heading_y = max(chart.heading.get_y() for chart in charts)
        for chart in charts:
            chart.heading.set_y(heading_y)
        charts.next_to(self.title, DOWN, buff=th.space.block)
        readout = Readout(r"\text{logits} = \text{example}\ \times", th, value=1.0, decimals=0)
        readout.next_to(charts, DOWN, buff=th.space.block)
        readout.track(scale, float)
        table = VGroup(
            self.names, self.logit_row, self.exp_row, self.prob_row, self.log_row, self.m_note
        )
        self.play(FadeOut(table), FadeOut(self.loss_lines), run_time=1.0)
        self.play(FadeIn(charts), FadeIn(readout), run_time=1.2)
        self.prob_bars, self.gradient_bars = p_bars, g_bars
        p_bars.add_updater(lambda m: m.set_values(probs()))
        g_bars.add_updater(lambda m: m.set_values(grads()))
        self.play(scale.animate.set_value(self.scale), run_time=4.0, rate_func=smooth)
        p_bars.clear_updaters()
        g_bars.clear_updaters()
        readout.number.clear_updaters()
        self.wait(2.5)


def _naive_path_breaks(values: Mapping[str, Any]) -> str | None:
    """The scene shows float64 overflowing: the largest scaled logit must be past
    :data:`EXP_LIMIT` and the smallest short of it (so some probability rounds to 0)."""
    scaled = values["scale"] * np.asarray(values["logits"], dtype=float)
    if scaled.max() > EXP_LIMIT and scaled.min() < EXP_LIMIT:
        return None
    return (
        f"scale × logits runs from {scaled.min():g} to {scaled.max():g}; the largest must pass "
        f"{EXP_LIMIT:.2f} (where e^x overflows float64) and the smallest stay below it"
    )


PARAMS = ParamSet(
    Param.numbers(
        "logits",
        LogitsToLoss.logits,
        low=-4,
        high=4,
        length=(2, 4),
        help="the example logits s_k, before the scale",
    ),
    Param.texts("class_names", LogitsToLoss.class_names, length=(2, 4), help="the classes"),
    Param.integer(
        "true_class", LogitsToLoss.true_class, low=0, high=3, help="the class that is right"
    ),
    Param.number(
        "scale",
        LogitsToLoss.scale,
        low=200,
        high=1000,
        help="how many times larger than the example the logits are",
    ),
    UNITS,
    rules=(
        same_length("logits", "class_names"),
        index_into("true_class", "class_names"),
        distinct("class_names"),
        # under a bar of the last beat's charts; then also over a column of the table,
        # which is wider (TABLE_WIDTH / K against two bars' room, 2 * CHART_WIDTH / K)
        texts_fit("class_names", CHART_WIDTH),
        Rule(
            f"scale × logits: the largest passes {EXP_LIMIT:.2f} (e^x overflows float64), "
            "the smallest does not",
            _naive_path_breaks,
        ),
    ),
)
