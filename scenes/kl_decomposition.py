r"""Scene 4, ``kl-decomposition``: cross-entropy = entropy + KL, live.

Bars of the labels :math:`P^*` and the model :math:`P` over the same classes, readouts
of :math:`H(P^*)`, :math:`H(P^*, P)` and :math:`D_{\mathrm{KL}}(P^* \| P)`, and a
stacked bar showing :math:`H(P^*, P) = H(P^*) + D_{\mathrm{KL}}`. The model's logits
then slide toward :math:`\log P^*` (whose softmax is :math:`P^*`): the KL part shrinks
to zero and the cross-entropy settles on the entropy. Last, the label becomes one-hot:
its entropy is 0 and the loss is just :math:`-\log P(\text{true class})`.

Two trackers drive everything, and one updater recomputes every number with
``mathcore`` each frame (:meth:`KlDecomposition.refresh`):

* ``self.t`` in [0, 1]: logits :math:`(1 - t)\,s_{\text{start}} + t \log P^*`;
* ``self.s`` in [0, 1]: label :math:`(1 - s)\,P^* + s\,\text{one-hot}`.
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.headed import HeadedBars
from scenes.components.readouts import Readout, ReadoutPanel, StackedBar
from scenes.components.texline import Name, TexLine
from scenes.param_rules import distinct, index_into, same_length, sums_to_one, texts_fit
from scenes.params import UNITS, Param, ParamSet
from scenes.units import units_named

DKL = r"D_{\mathrm{KL}}(P^* \,\|\, P)"
#: The class count in words, for the captions.
COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
#: The stacked bar's tallest (scene units): its unit height shrinks to keep under it.
STACK_ROOM = 2.6


class KlDecomposition(ExplainerScene):
    """Cross-entropy splits into the labels' entropy plus the KL divergence."""

    class_names = ("cat", "dog", "fox", "owl")
    p_true = (0.6, 0.25, 0.1, 0.05)  #: a soft label (all positive: its log is a logit)
    logits_start = (0.2, 1.5, 0.3, -0.4)  #: the model's first guess
    true_class = 0  #: the class of the one-hot label in the last beat
    units = "nats"  #: or ``bits``: every H, CE and KL in that unit
    chart_width = 4.2
    decimals = 2
    unit_height = 1.4  #: scene units per unit of information in the stacked bar (at most)
    pause = 2.0

    # the numbers, all from mathcore --------------------------------------------------

    def check_settings(self) -> None:
        """Fail early, in one line, on settings the scene cannot draw."""
        p = np.asarray(self.p_true, dtype=float)
        if len(p) != len(self.class_names) or len(self.logits_start) != len(self.class_names):
            raise ValueError(
                f"p_true, logits_start and class_names need one entry per class "
                f"({len(p)}, {len(self.logits_start)}, {len(self.class_names)})"
            )
        try:
            mathcore.entropy(p)  # validates: entries in [0, 1], summing to 1
        except ValueError as exc:
            raise ValueError(f"p_true is not a distribution: {exc}") from None
        if np.any(p <= 0):
            raise ValueError("p_true needs every entry > 0: its log is the target logits")
        if not 0 <= self.true_class < len(self.class_names):
            raise ValueError(f"true_class {self.true_class} is not a class index")

    def target_logits(self) -> np.ndarray:
        """Logits whose softmax is exactly ``p_true``: :math:`\\log P^*`."""
        return np.log(np.asarray(self.p_true, dtype=float))

    def one_hot(self) -> np.ndarray:
        return np.eye(len(self.class_names))[self.true_class]

    def label_at(self, s: float) -> np.ndarray:
        """The label distribution at ``s``: soft ``p_true`` blended toward one-hot."""
        return (1 - s) * np.asarray(self.p_true, dtype=float) + s * self.one_hot()

    def model_at(self, t: float) -> np.ndarray:
        """The model distribution at ``t``: softmax of the interpolated logits."""
        start = np.asarray(self.logits_start, dtype=float)
        return mathcore.softmax((1 - t) * start + t * self.target_logits())

    def numbers_at(self, t: float, s: float) -> dict[str, float]:
        """:math:`H(P^*)`, :math:`H(P^*, P)` and :math:`D_{KL}` at tracker values (t, s),
        in the scene's units."""
        p_true, p_model = self.label_at(s), self.model_at(t)
        base = units_named(self.units).base
        return {
            "entropy": float(mathcore.entropy(p_true, base=base)),
            "cross_entropy": float(mathcore.cross_entropy(p_true, p_model, base=base)),
            "kl": float(mathcore.kl_divergence(p_true, p_model, base=base)),
        }

    def stack_unit(self) -> float:
        """Scene units per unit of information in the stacked bar: ``unit_height``, or
        less so the tallest the bar gets (the cross-entropy at the corners of the trackers'
        square; it is convex in the logits and linear in the label) stays under
        :data:`STACK_ROOM`."""
        tallest = max(self.numbers_at(t, s)["cross_entropy"] for t in (0, 1) for s in (0, 1))
        return min(self.unit_height, STACK_ROOM / tallest) if tallest > 0 else self.unit_height

    def caption_fields(self) -> dict[str, object]:
        k = len(self.class_names)
        log = "log" if self.units == "nats" else "log₂"
        return {"count": COUNT_WORDS.get(k, str(k)), "log": log}

    # builders ---------------------------------------------------------------------------

    def make_chart(self, values: np.ndarray, title: str, role: str, color: str) -> HeadedBars:
        bars = ProbabilityBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            width=self.chart_width,
            height=1.9,
            decimals=self.decimals,
        )
        size = self.theme.size
        label = VGroup(
            MathTex(title, font_size=size.equation, color=color),
            Text(role, font_size=size.small, color=self.theme.muted),
        ).arrange(DOWN, buff=self.theme.space.inline)
        return HeadedBars(bars, label, direction=LEFT, buff=0.3)

    def make_panel(self) -> ReadoutPanel:
        return ReadoutPanel(
            [
                (r"H(P^*, P)", self.theme.cross_entropy),
                (r"H(P^*)", self.theme.entropy),
                (r"D_{\mathrm{KL}}", self.theme.kl),
            ],
            self.theme,
            decimals=self.decimals,
        )

    def make_stack(self) -> StackedBar:
        return StackedBar(
            [r"H(P^*)", r"D_{\mathrm{KL}}"],
            [self.theme.entropy, self.theme.kl],
            self.theme,
            total_label=r"H(P^*, P)",
            total_color=self.theme.cross_entropy,
            unit_height=self.stack_unit(),
            width=0.9,
        )

    def make_identity(self) -> MathTex:
        return MathTex(
            r"H(P^*, P)",
            "=",
            r"H(P^*)",
            "+",
            DKL,
            font_size=self.theme.size.equation,
            tex_to_color_map={
                r"H(P^*, P)": self.theme.cross_entropy,
                r"H(P^*)": self.theme.entropy,
                DKL: self.theme.kl,
            },
        )

    def make_loss_line(self, p: float, loss: float) -> VGroup:
        r"""``H(P*, P) = -\log P(<name>) = -\log <p> = <loss>`` over the identity, on one
        line, or broken after the name when a long name would push it past the charts."""
        th, unit = self.theme, units_named(self.units)
        color, inline = th.cross_entropy, th.space.inline
        head = TexLine(
            [rf"H(P^*, P) = -{unit.log} P(", Name(self.class_names[self.true_class]), ")"],
            th,
            color=color,
        )
        tail = TexLine([rf"= -{unit.log}"], th, color=color)
        self.p_true_readout = Readout("", th, value=p, color=color, decimals=self.decimals)
        tail.put_on_baseline(self.p_true_readout.number, buff=inline)
        self.loss_readout = Readout("=", th, value=loss, color=color, decimals=self.decimals)
        self.loss_readout.next_to(self.p_true_readout, RIGHT, buff=inline)
        self.loss_readout.match_y(self.p_true_readout.number)
        rest = VGroup(tail, self.p_true_readout, self.loss_readout)
        rest.next_to(head, RIGHT, buff=inline).shift(UP * (head.baseline - tail.baseline))
        line = VGroup(head, rest).next_to(self.identity, UP, buff=0.45)
        room = config.frame_width / 2 - th.space.edge - self.charts.get_right()[0] - th.space.block
        if line.width > room:  # a long class name: the rest goes on a second line
            rest.next_to(head, DOWN, buff=th.space.inline, aligned_edge=LEFT).shift(RIGHT * 0.5)
            line.next_to(self.identity, UP, buff=0.45)
        return line

    def refresh(self) -> None:
        """Redraw bars, readouts and the stacked bar at the trackers' values."""
        t, s = self.t.get_value(), self.s.get_value()
        if getattr(self, "_drawn_at", None) == (t, s):
            return  # nothing moved since the last frame
        self._drawn_at = (t, s)
        n = self.numbers_at(t, s)
        # redraw a chart only when its values move (a DecimalNumber rebuild is costly)
        for bars, values in (
            (self.true_bars, self.label_at(s)),
            (self.model_bars, self.model_at(t)),
        ):
            if not np.array_equal(bars.values, values):
                bars.set_values(values)
        self.panel.set_values([n["cross_entropy"], n["entropy"], n["kl"]])
        self.stack.set_values([n["entropy"], n["kl"]])

    def follow(self) -> list[Animation]:
        """Animations that redraw every live visual each frame while a tracker moves.

        One per visual, so each is redrawn (manim repaints only animated mobjects); the
        first to run in a frame recomputes everything, the others find nothing moved.
        Played with the tracker's animation, after it, so they read its new value.
        """
        return [UpdateFromFunc(mob, lambda _: self.refresh()) for mob in self.live]

    # beats -------------------------------------------------------------------------------

    def construct(self) -> None:
        self.check_settings()
        self.t = ValueTracker(0.0)
        self.s = ValueTracker(0.0)
        self.show_distributions()
        self.decompose()
        self.move_model_toward_labels()
        self.settle_on_entropy()
        self.one_hot_label()

    @beat("The labels P* and the model's P, over the same {count} classes.")
    def show_distributions(self) -> None:
        self.title = self.make_title("Cross-entropy = entropy + KL divergence")
        true_chart = self.make_chart(self.label_at(0), "P^*", "label", self.theme.true_dist)
        model_chart = self.make_chart(self.model_at(0), "P", "model", self.theme.model_dist)
        self.charts = VGroup(true_chart, model_chart).arrange(DOWN, buff=0.6)
        self.charts.to_edge(LEFT, buff=2 * self.theme.space.edge).shift(DOWN * 0.35)
        self.true_bars, self.model_bars = true_chart.bars, model_chart.bars
        self.play(FadeIn(self.title, shift=DOWN * 0.2), run_time=1)
        self.play(FadeIn(true_chart), run_time=1)
        self.play(FadeIn(model_chart), run_time=1)
        self.wait(self.pause)

    @beat("Cross-entropy is the labels' entropy plus the KL divergence.")
    def decompose(self) -> None:
        self.panel = self.make_panel()
        self.stack = self.make_stack()
        self.identity = self.make_identity()
        self.refresh()
        right = VGroup(self.identity, VGroup(self.stack, self.panel).arrange(RIGHT, buff=0.4))
        right.arrange(DOWN, buff=0.7)
        right.to_edge(RIGHT, buff=self.theme.space.edge).set_y(self.charts.get_y())
        self.unit_note = Text(
            f"in {units_named(self.units).word}",
            font_size=self.theme.size.small,
            color=self.theme.muted,
        ).next_to(self.panel, DOWN, buff=self.theme.space.inline)
        self.play(Write(self.identity), run_time=1.5)
        self.play(
            FadeIn(self.panel), FadeIn(self.unit_note), GrowFromEdge(self.stack, DOWN), run_time=1.5
        )
        self.live = VGroup(self.true_bars, self.model_bars, self.panel, self.stack)
        self.wait(self.pause)

    @beat("As P moves toward P*, the KL divergence shrinks to zero.")
    def move_model_toward_labels(self) -> None:
        self.play(self.t.animate.set_value(1.0), *self.follow(), run_time=4, rate_func=smooth)
        self.wait(self.pause)

    @beat("Cross-entropy settles on the entropy: the lowest it can go.")
    def settle_on_entropy(self) -> None:
        ce_row, h_row = self.panel.rows[0], self.panel.rows[1]
        box = SurroundingRectangle(
            VGroup(ce_row, h_row), color=self.theme.highlight, buff=0.12, corner_radius=0.08
        )
        self.play(Create(box), run_time=1)
        self.wait(self.pause)
        self.play(FadeOut(box), run_time=0.6)

    @beat("With a one-hot label, H(P*) = 0 and the loss is just −{log} P(true class).")
    def one_hot_label(self) -> None:
        self.play(self.s.animate.set_value(1.0), *self.follow(), run_time=3, rate_func=smooth)
        p_model = self.model_at(self.t.get_value())
        unit = units_named(self.units)
        loss = float(mathcore.cross_entropy(self.one_hot(), p_model, base=unit.base))
        self.loss_line = self.make_loss_line(p_model[self.true_class], loss)
        i = self.true_class
        self.true_bar_box = SurroundingRectangle(
            VGroup(self.model_bars.bars[i], self.model_bars.value_labels[i]),
            color=self.theme.highlight,
            buff=0.08,
        )
        self.play(Create(self.true_bar_box), FadeIn(self.loss_line, shift=UP * 0.2), run_time=1.2)
        self.wait(self.pause + 1)


PARAMS = ParamSet(
    Param.texts("class_names", KlDecomposition.class_names, length=(2, 5), help="the classes"),
    Param.numbers(
        "p_true",
        KlDecomposition.p_true,
        low=0.01,
        high=0.97,
        length=(2, 5),
        help="the label distribution P*, one probability per class, summing to 1",
    ),
    Param.numbers(
        "logits_start",
        KlDecomposition.logits_start,
        low=-4,
        high=4,
        length=(2, 5),
        help="the model's logits before it moves toward P*",
    ),
    Param.integer(
        "true_class",
        KlDecomposition.true_class,
        low=0,
        high=4,
        help="the class the one-hot label of the last beat picks, counted from 0",
    ),
    UNITS,
    rules=(
        same_length("p_true", "logits_start", "class_names"),
        sums_to_one("p_true"),
        index_into("true_class", "class_names"),
        distinct("class_names"),
        texts_fit("class_names", KlDecomposition.chart_width),
    ),
)
