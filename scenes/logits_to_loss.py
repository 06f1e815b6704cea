"""Scene ``logits-to-loss``: Softmax then log overflows at large logits; CE = logsumexp(s) - s_y does not.

Written by ``scripts/new_scene.py``: a title beat and two example beats to replace with
your own (README, "Write a new scene"). Every number comes from :mod:`mathcore`; the
scene only draws.

    .venv/bin/manim -ql --silent scenes/logits_to_loss.py LogitsToLoss
"""

from __future__ import annotations

import numpy as np
from manim import *

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.readouts import Readout
from scenes.params import Param, ParamSet


class LogitsToLoss(ExplainerScene):
    """Softmax then log overflows at large logits; CE = logsumexp(s) - s_y does not."""

    #: The settings a lecturer may change are class attributes, declared in PARAMS below.
    logits: tuple[float, ...] = (2.0, 1.0, -0.5)
    class_names: tuple[str, ...] = ("cat", "dog", "fox")

    def construct(self) -> None:
        self.compute()
        self.introduce()
        self.show_probabilities()
        self.point_at_the_top()

    # -- numbers (all from mathcore) ------------------------------------------------------

    def compute(self) -> None:
        self.probs = mathcore.softmax(self.logits)
        self.top = int(np.argmax(self.probs))

    def caption_fields(self) -> dict[str, object]:
        """The values a caption's ``{field}`` may name."""
        return {"top": self.class_names[self.top], "p_top": f"{self.probs[self.top]:.2f}"}

    # -- beats: one idea each, one caption each -----------------------------------------

    @beat("A new scene starts with its title and one idea.")
    def introduce(self) -> None:
        self.title = self.make_title("Why cross-entropy takes logits")
        self.play(FadeIn(self.title), run_time=1.5)
        self.wait(5)

    @beat("The model's probabilities, from mathcore's softmax of the logits.")
    def show_probabilities(self) -> None:
        theme = self.theme
        self.bars = ProbabilityBars(self.probs, self.class_names, theme, color=theme.model_dist)
        self.bars.move_to(DOWN * 0.3)
        self.play(FadeIn(self.bars, shift=UP * 0.2), run_time=1.5)
        self.wait(6)

    @beat("The most likely class is {top}, with probability {p_top}.")
    def point_at_the_top(self) -> None:
        theme = self.theme
        readout = Readout(r"\max_k P_k =", theme, value=float(self.probs[self.top]))
        readout.next_to(self.bars, RIGHT, buff=theme.space.block)
        box = SurroundingRectangle(self.bars.bars[self.top], color=theme.highlight, buff=0.08)
        self.play(Create(box), FadeIn(readout), run_time=1.5)
        self.wait(6)


PARAMS = ParamSet(
    Param.numbers(
        "logits",
        LogitsToLoss.logits,
        low=-4,
        high=4,
        length=(3, 3),
        help="the raw scores s_k, one per class",
    ),
)
