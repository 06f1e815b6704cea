"""Scene 3, ``kl-to-cross-entropy``: its beats in order, every equation line compiled
with its parts, the identity it ends on (with the standard signs) checked numerically
through mathcore, and real frames. The checks every scene shares are in test_scenes_common.py."""

from __future__ import annotations

import pytest
from manim.utils.color import ManimColor
from scene_harness import SceneRun, colour_pixels

import mathcore
from scenes.components.equations import Part, part_key
from scenes.kl_to_cross_entropy import (
    ARGMIN,
    DEFINITIONS,
    DERIVATION,
    DKL,
    H_CROSS,
    H_TRUE,
    KlToCrossEntropy,
)
from scenes.theme import get_theme

BEATS = [
    "define_kl",
    "split_the_log",
    "split_the_sum",
    "name_the_sums",
    "collect_terms",
    "flag_the_entropy",
    "set_entropy_aside",
]
SCENE = KlToCrossEntropy

#: Parts that only open or close a TeX group: they compile to no glyphs.
STRUCTURAL = {r"\frac{", "}", r"\underbrace{"}


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def test_every_line_compiles_with_its_parts(run: SceneRun) -> None:
    """The stepper's line data round-trips: each part is one submobject of its MathTex,
    with its TeX, its match key, glyphs on screen and its theme colour."""
    theme = get_theme(run.theme)
    stepper = run.scene.stepper
    assert len(stepper) == len(DERIVATION)
    for index, (data, line) in enumerate(zip(DERIVATION, stepper.lines, strict=True)):
        parts = [p if isinstance(p, Part) else Part(p) for p in data]
        assert [m.tex_string for m in line.submobjects] == [p.tex for p in parts], index
        assert list(line.part_keys) == [part_key(p) for p in parts], index
        for mob, part in zip(line.submobjects, parts, strict=True):
            if part.tex in STRUCTURAL:
                continue
            assert mob.has_points() or mob.family_members_with_points(), (index, part.tex)
            expected = getattr(theme, part.color) if part.color else theme.text
            assert mob.get_color() == ManimColor(expected), (index, part.tex)
    # the scene ends on the last line, with the argmin on both sides
    assert stepper.index == len(DERIVATION) - 1
    assert [m.tex_string for m in stepper.current.submobjects] == [
        ARGMIN,
        DKL,
        r"\equiv",
        ARGMIN,
        H_CROSS,
    ]


def _evaluate(line: tuple[str | Part, ...], values: dict[str, float]) -> float:
    """The right-hand side of a named line, ``D_KL = [±] name [± name ...]``, as a number."""
    tex = [p.tex if isinstance(p, Part) else p for p in line]
    assert tex[:2] == [DKL, "="]
    total, sign = 0.0, 1.0
    for token in tex[2:]:
        if token in ("-", "+"):
            sign = -1.0 if token == "-" else 1.0
        else:
            total += sign * values[token]
            sign = 1.0
    return total


#: The TeX of a line that writes D_KL with the named quantities only.
NAMED = {DKL, "=", "-", "+", H_CROSS, H_TRUE}

PAIRS = [
    ([0.6, 0.25, 0.1, 0.05], [0.16, 0.58, 0.17, 0.09]),
    ([0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]),
    ([1.0, 0.0, 0.0, 0.0], [0.6, 0.25, 0.1, 0.05]),  # one-hot label
    ([0.0, 1.0, 0.0], [0.02, 0.97, 0.01]),  # one-hot label, confident model
    ([0.5, 0.5], [0.5, 0.5]),  # P = P*: no divergence
]


@pytest.mark.parametrize("p_true,p_model", PAIRS)
def test_the_scene_identity_holds_numerically(p_true: list[float], p_model: list[float]) -> None:
    """D_KL = H(P*, P) - H(P*) as the scene writes it (lines 4 and 5), through mathcore."""
    kl = float(mathcore.kl_divergence(p_true, p_model))
    values = {
        H_CROSS: float(mathcore.cross_entropy(p_true, p_model)),
        H_TRUE: float(mathcore.entropy(p_true)),
    }
    named = [line for line in DERIVATION if {getattr(p, "tex", p) for p in line} <= NAMED]
    assert len(named) == 2  # "-H(P*) + H(P*, P)" and "H(P*, P) - H(P*)"
    for line in named:
        assert _evaluate(line, values) == pytest.approx(kl, abs=1e-12)
    # the post's version, H(P*) - H(P*, P), is the negative: wrong unless both are 0
    if kl > 1e-9:
        assert values[H_TRUE] - values[H_CROSS] == pytest.approx(-kl, abs=1e-12)
    # the definitions on the card carry the minus signs
    assert [d[0].split("=", 1)[1].strip()[0] for d in DEFINITIONS] == ["-", "-"]


def test_frames_show_the_colours_of_each_beat(run: SceneRun) -> None:
    """Thin TeX at 320x180 covers few pixels; the boxes cover hundreds."""
    theme = get_theme(run.theme)
    first = run.frame_at("define_kl")
    assert colour_pixels(first, theme.kl) >= 5  # D_KL is drawn in the KL colour
    # no result box yet: at most a few anti-aliased edges of the purple D_KL pass for the
    # light theme's mauve highlight
    before_box = colour_pixels(first, theme.highlight)
    assert before_box < 50
    flagged = run.frame_at("flag_the_entropy")
    assert (
        colour_pixels(flagged, theme.entropy) > colour_pixels(first, theme.entropy) + 100
    )  # box, note
    last = run.frame_at("set_entropy_aside")
    assert colour_pixels(last, theme.highlight) > before_box + 100  # the box around the result
    above_card = last[: last.shape[0] * 3 // 5]  # the definitions card below keeps its colours
    assert colour_pixels(above_card, theme.entropy) < 10  # the entropy is set aside, in grey
