r"""Scene 3, ``kl-to-cross-entropy``: minimising KL divergence to the labels is
minimising cross-entropy, derived one line at a time.

The derivation is the data in :data:`DERIVATION` (edit a line and re-render); each
step morphs the previous line into the next with :class:`EquationStepper`, so the
parts that survive glide and only the changed parts fade.

With the standard definitions :math:`H(P^*) = -\sum P^* \log P^*` and
:math:`H(P^*, P) = -\sum P^* \log P` the identity is
:math:`D_{\mathrm{KL}}(P^* \| P) = H(P^*, P) - H(P^*)`. The post drops the minus signs
and writes :math:`H(P^*) - H(P^*, P)`, which has the sign flipped (storyboard errata 1).
"""

from __future__ import annotations

from manim import *

from scenes.components import ExplainerScene, beat
from scenes.components.equations import EquationStepper, Part
from scenes.params import UNITS, ParamSet
from scenes.units import units_named

PS = r"P^*(y \mid x_i)"  #: the label distribution
PM = r"P(y \mid x_i;\theta)"  #: the model distribution
DKL = r"D_{\mathrm{KL}}(P^* \,\|\, P)"
H_TRUE = r"H(P^*)"
H_CROSS = r"H(P^*, P)"
ARGMIN = r"\operatorname*{arg\,min}_\theta"

#: Keys shared through the derivation (a part keeps its key from line to line).
_KL = Part(DKL, color="kl")
_WEIGHT = Part(PS, key="weight")  # P^* weighting a sum
_PS_H = Part(PS, key="log-arg", color="entropy")  # P^* inside a log
_PM = Part(PM, color="cross_entropy")
_H = Part(H_TRUE, color="entropy")
_CE = Part(H_CROSS, color="cross_entropy")
_MINUS_H = Part("-", key="minus-entropy", color="entropy")

#: The derivation, one tuple of parts per line.
DERIVATION: tuple[tuple[str | Part, ...], ...] = (
    # 0: the definition
    (_KL, "=", r"\sum_y", _WEIGHT, r"\log", r"\frac{", _PS_H, "}{", _PM, "}"),
    # 1: the log of a ratio is a difference of logs
    (_KL, "=", r"\sum_y", _WEIGHT, r"\Big[", r"\log", _PS_H, "-", r"\log", _PM, r"\Big]"),
    # 2: the sum splits in two
    (_KL, "=", r"\sum_y", _WEIGHT, r"\log", _PS_H, "-", r"\sum_y", _WEIGHT, r"\log", _PM),
    # 3: each sum, with its minus sign, is a named quantity
    (
        _KL,
        "=",
        r"\underbrace{",
        r"\sum_y",
        _WEIGHT,
        r"\log",
        _PS_H,
        r"}_{\displaystyle",
        _MINUS_H,
        _H,
        "}",
        r"\underbrace{",
        "-",
        r"\sum_y",
        _WEIGHT,
        r"\log",
        _PM,
        r"}_{\displaystyle",
        _CE,
        "}",
    ),
    # 4: the names
    (_KL, "=", _MINUS_H, _H, "+", _CE),
    # 5: cross-entropy minus entropy
    (_KL, "=", _CE, _MINUS_H, _H),
    # 6: the entropy does not depend on theta, so it drops out of the argmin
    (ARGMIN, _KL, r"\equiv", ARGMIN, _CE),
)

#: The definitions, shown on a card once the sums get their names.
DEFINITIONS: tuple[tuple[str, str, str], ...] = (
    (rf"{H_CROSS} = -\sum_y {PS} \log {PM}", "cross-entropy", "cross_entropy"),
    (rf"{H_TRUE} = -\sum_y {PS} \log {PS}", "entropy of the labels", "entropy"),
)


def with_log(tex: str, log: str) -> str:
    r"""``tex`` with every ``\log`` written as ``log`` (``\log_2`` for bits)."""
    return tex.replace(r"\log", log)


def derivation_in(lines: tuple[tuple[str | Part, ...], ...], log: str) -> tuple:
    r"""The derivation with its logarithms written as ``log`` (``\log`` or ``\log_2``)."""
    return tuple(
        tuple(
            part._replace(tex=with_log(part.tex, log))
            if isinstance(part, Part)
            else with_log(part, log)
            for part in line
        )
        for line in lines
    )


class KlToCrossEntropy(ExplainerScene):
    """The KL divergence to the labels, rewritten as cross-entropy minus entropy."""

    derivation = DERIVATION
    definitions = DEFINITIONS
    pause = 2.0  #: seconds to read after each change
    step_time = 1.8  #: seconds per morph
    units = "nats"  #: or ``bits``: the logarithms are then base 2

    def construct(self) -> None:
        log = units_named(self.units).log
        self.stepper = EquationStepper(
            derivation_in(self.derivation, log), self.theme, align_on=None
        )
        self.stepper.lines.move_to(UP * 1.2)
        self.define_kl()
        self.split_the_log()
        self.split_the_sum()
        self.name_the_sums()
        self.collect_terms()
        self.flag_the_entropy()
        self.set_entropy_aside()

    # builders -------------------------------------------------------------------------

    def make_definitions(self) -> VGroup:
        size = self.theme.size
        rows = VGroup()
        log = units_named(self.units).log
        for tex, name, role in self.definitions:
            color = getattr(self.theme, role)
            rows.add(
                VGroup(
                    MathTex(with_log(tex, log), font_size=size.body, color=color),
                    Text(name, font_size=size.small, color=self.theme.muted),
                ).arrange(RIGHT, buff=0.4)
            )
        rows.arrange(DOWN, aligned_edge=LEFT, buff=self.theme.space.row)
        box = SurroundingRectangle(
            rows,
            buff=0.25,
            corner_radius=0.1,
            stroke_width=1,
            stroke_color=self.theme.muted,
            fill_color=self.theme.panel,
            fill_opacity=1,
        )
        return VGroup(box, rows)

    def make_erratum(self) -> VGroup:
        muted, size = self.theme.muted, self.theme.size
        return VGroup(
            Text("The post drops the minus signs and writes", font_size=size.small, color=muted),
            MathTex(rf"{H_TRUE} - {H_CROSS}", font_size=size.body, color=muted),
            Text(": the sign is flipped.", font_size=size.small, color=muted),
        ).arrange(RIGHT, buff=0.15)

    # beats ----------------------------------------------------------------------------

    @beat("The KL divergence measures how far the model's P is from the labels P*.")
    def define_kl(self) -> None:
        self.title = self.make_title("From KL divergence to cross-entropy")
        self.play(FadeIn(self.title, shift=DOWN * 0.2), run_time=1)
        self.play(self.stepper.write(), run_time=2)
        self.wait(self.pause)

    @beat("The log of a ratio is the difference of the logs.")
    def split_the_log(self) -> None:
        self.play(self.stepper.step(), run_time=self.step_time)
        self.wait(self.pause)

    @beat("The sum splits into two sums.")
    def split_the_sum(self) -> None:
        self.play(self.stepper.step(), run_time=self.step_time)
        self.wait(self.pause)

    @beat("With its minus sign, each sum has a name: entropy and cross-entropy.")
    def name_the_sums(self) -> None:
        self.definitions_card = self.make_definitions().to_edge(DOWN, buff=self.theme.space.edge)
        self.play(self.stepper.step(), run_time=self.step_time)
        self.play(FadeIn(self.definitions_card, shift=UP * 0.2), run_time=1)
        self.wait(self.pause + 1)

    @beat("So the KL divergence is the cross-entropy minus the entropy.")
    def collect_terms(self) -> None:
        self.play(self.stepper.step(), run_time=self.step_time)
        self.wait(0.5)
        self.play(self.stepper.step(path_arc=-PI / 2), run_time=self.step_time)
        self.erratum = self.make_erratum().next_to(self.definitions_card, UP, buff=0.35)
        self.play(FadeIn(self.erratum), run_time=1)
        self.wait(self.pause + 1)

    @beat("The entropy of the labels does not depend on θ.")
    def flag_the_entropy(self) -> None:
        entropy_term = self.stepper.get_parts(H_TRUE)
        self.entropy_box = SurroundingRectangle(
            entropy_term,
            color=self.theme.entropy,
            buff=0.1,
            corner_radius=0.08,
        )
        self.entropy_note = Text(
            "does not depend on θ", font_size=self.theme.size.label, color=self.theme.entropy
        ).next_to(self.entropy_box, DOWN, buff=0.25)
        self.play(FadeOut(self.erratum), run_time=0.6)
        self.play(
            Create(self.entropy_box),
            entropy_term.animate.set_color(self.theme.highlight),
            FadeIn(self.entropy_note, shift=UP * 0.15),
            run_time=1.2,
        )
        self.play(entropy_term.animate.set_color(self.theme.entropy), run_time=0.6)
        self.wait(self.pause)

    @beat("Set it aside: minimising KL over θ is minimising cross-entropy.")
    def set_entropy_aside(self) -> None:
        term = VGroup(
            self.stepper.get_parts("minus-entropy").copy(),
            self.stepper.get_parts(H_TRUE).copy(),
        )
        self.add(term)
        self.aside = VGroup(term, self.entropy_note)
        self.play(
            self.stepper.step(),
            FadeOut(self.entropy_box),
            self.aside.animate.arrange(RIGHT, buff=0.3)
            .set_color(self.theme.muted)
            .next_to(self.definitions_card, UP, buff=0.4),
            run_time=self.step_time,
        )
        self.result_box = SurroundingRectangle(
            self.stepper.current, color=self.theme.highlight, buff=0.2, corner_radius=0.1
        )
        self.play(Create(self.result_box), run_time=1)
        self.wait(self.pause + 1)


#: No example numbers to change: only the unit, which sets the base of every logarithm.
PARAMS = ParamSet(UNITS)
