"""Scene 1, ``classification``: an image goes through a model and comes out as a
distribution over classes, to be compared with the label's distribution.

An input x_i (a card with a drawn cat) → the model h_θ → logits s_k → softmax →
P(y | x_i; θ) over K = 4 classes, beside the one-hot label P^*. The message: the
output is a distribution, so training needs a way to compare two distributions.

    .venv/bin/manim -ql --silent scenes/classification.py Classification
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.pipeline import AnimalCard, ModelBox
from scenes.components.readouts import Readout
from scenes.param_rules import distinct, index_into, same_length, texts_fit
from scenes.params import Param, ParamSet


class LogitRow(VGroup):
    """One class's logit: its name and its value."""

    def __init__(self, label: Text, value: Readout) -> None:
        super().__init__(label, value)
        self.label = label
        self.value = value


class LogitColumn(VGroup):
    """The logits under their heading, one :class:`LogitRow` per class."""

    def __init__(self, heading: MathTex, rows: Sequence[LogitRow]) -> None:
        row_group = VGroup(*rows)
        super().__init__(heading, row_group)
        self.heading = heading
        self.rows = row_group

    @property
    def numbers(self) -> VGroup:
        """The values, top to bottom."""
        return VGroup(*(row.value for row in self.rows))


class Classification(ExplainerScene):
    """From an input to a distribution over classes, beside the label's distribution."""

    logits: tuple[float, ...] = (2.0, 1.0, -0.5, 0.3)
    class_names: tuple[str, ...] = ("cat", "dog", "fox", "owl")
    #: Index of the true class of the input (the card shows a cat).
    true_class: int = 0

    chart_width = 3.2
    chart_height = 2.0

    def construct(self) -> None:
        self.compute_values()
        self.show_input()
        self.apply_model()
        self.make_distribution()
        self.show_label()
        self.state_goal()

    # -- numbers ---------------------------------------------------------------------------

    def compute_values(self) -> None:
        if not 0 <= self.true_class < len(self.class_names):
            raise ValueError(
                f"true_class {self.true_class} is out of range for {len(self.class_names)} classes"
            )
        self.logit_values = np.asarray(self.logits, dtype=float)
        self.model_probs = mathcore.softmax(self.logit_values)
        #: P^*: the one-hot label, all its mass on the true class
        self.label_probs = np.eye(len(self.class_names))[self.true_class]

    def caption_fields(self) -> dict[str, object]:
        return {"K": len(self.class_names), "truth": self.class_names[self.true_class]}

    # -- builders --------------------------------------------------------------------------

    def make_logit_column(self) -> LogitColumn:
        """One row per class, ``name  value``, the names' right edges in one column."""
        theme, size = self.theme, self.theme.size
        rows = [
            LogitRow(
                Text(name, font_size=size.label, color=theme.text),
                Readout("", theme, value=value, include_sign=True),
            )
            for name, value in zip(self.class_names, self.logit_values, strict=True)
        ]
        names_width = max(row.label.width for row in rows)
        for row in rows:
            row.value.next_to(row.label, RIGHT, buff=0.3 + names_width - row.label.width)
        heading = MathTex(r"\text{logits } s_k", font_size=size.body, color=theme.text)
        column = LogitColumn(heading, rows)
        column.rows.arrange(DOWN, aligned_edge=RIGHT, buff=0.22)
        column.arrange(DOWN, buff=theme.space.row)
        return column

    def make_bars(self, values: np.ndarray, color: str) -> ProbabilityBars:
        return ProbabilityBars(
            values,
            self.class_names,
            self.theme,
            color=color,
            width=self.chart_width,
            height=self.chart_height,
        )

    def make_arrow(self, start: np.ndarray, end: np.ndarray) -> Arrow:
        return Arrow(
            start,
            end,
            buff=0.15,
            color=self.theme.muted,
            stroke_width=4,
            max_tip_length_to_length_ratio=0.25,
        )

    # -- beats -----------------------------------------------------------------------------

    @beat("The input xᵢ: an image of an animal, drawn here as a card.")
    def show_input(self) -> None:
        theme = self.theme
        self.card = AnimalCard(theme)
        self.model = ModelBox(theme)
        self.logit_column = self.make_logit_column()
        pipeline = VGroup(self.card, self.model, self.logit_column)
        pipeline.arrange(RIGHT, buff=theme.space.column).to_edge(UP, buff=theme.space.edge)
        pipeline.to_edge(LEFT, buff=2 * theme.space.edge)
        self.model.match_y(self.card.card)
        self.logit_column.match_y(self.card.card)
        # the card is introduced large in the middle, then takes its place in the pipeline
        self.card_slot = self.card.get_center()
        self.card.scale(1.3).move_to(ORIGIN)
        self.play(FadeIn(self.card.card), run_time=0.8)
        self.play(Create(self.card.face), run_time=1.5)
        self.play(Write(self.card.label), run_time=0.8)
        self.wait(2)

    @beat("A model hθ maps it to one score per class: the logits sₖ.")
    def apply_model(self) -> None:
        self.play(self.card.animate.scale(1 / 1.3).move_to(self.card_slot), run_time=1.2)
        self.arrow_in = self.make_arrow(self.card.card.get_right(), self.model.box.get_left())
        self.arrow_out = self.make_arrow(self.model.box.get_right(), self.logit_column.get_left())
        self.play(GrowArrow(self.arrow_in), FadeIn(self.model), run_time=1.2)
        traveller = self.card.face.copy()
        self.play(
            traveller.animate.scale(0.3).move_to(self.model.box).set_opacity(0),
            self.model.animate.set_active(True),
            run_time=1.3,
        )
        self.remove(traveller)
        self.play(
            self.model.animate.set_active(False),
            GrowArrow(self.arrow_out),
            FadeIn(self.logit_column.heading),
            LaggedStart(
                *(FadeIn(row, shift=RIGHT * 0.3) for row in self.logit_column.rows),
                lag_ratio=0.25,
            ),
            run_time=1.8,
        )
        self.wait(2.5)

    @beat("A softmax turns the scores into a distribution P(y | xᵢ; θ) over the K = {K} classes.")
    def make_distribution(self) -> None:
        theme = self.theme
        self.model_bars = self.make_bars(np.zeros(len(self.class_names)), theme.model_dist)
        self.label_bars = self.make_bars(self.label_probs, theme.true_dist)
        space, size = theme.space, theme.size
        charts = VGroup(self.model_bars, self.label_bars)
        charts.arrange(RIGHT, buff=space.column, aligned_edge=DOWN)  # names on one line
        charts.to_edge(DOWN, buff=space.edge).to_edge(RIGHT, buff=space.edge)
        self.model_heading = MathTex(
            r"\text{model } P(y \mid x_i;\theta)", font_size=size.body, color=theme.model_dist
        ).next_to(self.model_bars.chart, UP, buff=space.row)
        self.label_heading = MathTex(
            r"\text{label } P^*(y \mid x_i)", font_size=size.body, color=theme.true_dist
        ).next_to(self.label_bars.chart, UP, buff=space.row)
        self.label_heading.match_y(self.model_heading)

        self.softmax_arrow = self.make_arrow(
            self.logit_column.get_bottom(), self.model_heading.get_top()
        )
        softmax_label = Text("softmax", font_size=size.label, color=theme.muted)
        softmax_label.next_to(self.softmax_arrow, RIGHT, buff=space.inline)
        self.softmax_label = softmax_label
        self.play(
            GrowArrow(self.softmax_arrow),
            FadeIn(softmax_label),
            FadeIn(self.model_bars),
            Write(self.model_heading),
            run_time=1.2,
        )
        self.play(self.model_bars.animate_values(self.model_probs), run_time=2)
        self.wait(2.5)

    @beat("The label P* is a distribution too: all its mass is on the true class, {truth}.")
    def show_label(self) -> None:
        self.play(FadeIn(self.label_bars), Write(self.label_heading), run_time=1.5)
        self.play(Indicate(self.label_bars.bars[self.true_class], scale_factor=1.05), run_time=1)
        self.wait(2.5)

    @beat("Training should make P close to P*, so we must compare two distributions.")
    def state_goal(self) -> None:
        theme, size, space = self.theme, self.theme.size, self.theme.space
        approx = MathTex(r"\approx\,?", font_size=size.display, color=theme.text)
        # midway between the model chart's right edge and the label chart's axis
        approx.move_to(
            (self.model_bars.get_right() + self.label_bars.chart.get_left()) / 2
        ).match_y(VGroup(self.model_bars.chart, self.label_bars.chart))
        self.approx = approx
        goal = MathTex(
            r"P(y \mid x_i;\theta)",
            r"\approx",
            r"P^*(y \mid x_i)",
            font_size=size.equation,
            color=theme.text,
        )
        goal[0].set_color(theme.model_dist)
        goal[2].set_color(theme.true_dist)
        lines = VGroup(
            Text("The output is a distribution.", font_size=size.label, color=theme.text),
            Text("Training should make", font_size=size.label, color=theme.text),
            goal,
            Text("so we need a way to", font_size=size.label, color=theme.text),
            Text("compare two distributions.", font_size=size.label, color=theme.highlight),
        ).arrange(DOWN, buff=0.22)
        panel = RoundedRectangle(
            corner_radius=0.15,
            width=lines.width + 0.45,
            height=lines.height + 0.45,
            fill_color=theme.panel,
            fill_opacity=0.95,
            stroke_color=theme.muted,
            stroke_width=1,
        ).move_to(lines)
        self.message = VGroup(panel, lines)
        self.message.to_edge(DOWN, buff=space.edge).to_edge(LEFT, buff=space.edge)
        self.play(Write(approx), run_time=1)
        self.play(FadeIn(panel), FadeIn(lines[0]), run_time=1.2)
        self.play(FadeIn(lines[1]), Write(goal), run_time=1.5)
        self.play(FadeIn(lines[3:]), run_time=1.2)
        self.wait(3)


PARAMS = ParamSet(
    Param.numbers(
        "logits",
        Classification.logits,
        low=-4,
        high=4,
        length=(2, 5),
        help="the model's scores s_k for the input, one per class",
    ),
    Param.texts(
        "class_names", Classification.class_names, length=(2, 5), help="the classes, one per logit"
    ),
    Param.integer(
        "true_class",
        Classification.true_class,
        low=0,
        high=4,
        help="the input's class, counted from 0 in class_names (the label's one-hot)",
    ),
    rules=(
        same_length("logits", "class_names"),
        index_into("true_class", "class_names"),
        distinct("class_names"),
        texts_fit("class_names", Classification.chart_width),
    ),
)
