"""The equation stepper: lines compile into keyed, coloured parts; matching parts glide
between lines, a part that becomes two splits, unmatched parts fade where they are;
bad input gets a one-line error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import ManimColor, tempconfig

from scenes.components.equations import (
    EquationStepper,
    Part,
    TransformMatchingKeys,
    make_line,
)
from scenes.theme import DARK


@pytest.fixture(autouse=True)
def _media(scene_media: Path):
    with tempconfig({"media_dir": str(scene_media), "verbosity": "ERROR"}):
        yield


def test_make_line_keys_and_colours() -> None:
    line = make_line(("a", "=", Part("b", key="bee", color="kl"), "+", Part("c")), DARK)
    assert [m.tex_string for m in line] == ["a", "=", "b", "+", "c"]
    assert line.part_keys == ("a", "=", "bee", "+", "c")
    assert line.parts_with("bee") == [line[2]]
    assert line[2].get_color() == ManimColor(DARK.kl)
    assert line[0].get_color() == ManimColor(DARK.text)


@pytest.mark.parametrize(
    "line,message",
    [
        ((), "at least one part"),
        (("a", 3), "must be a str or a Part"),
        ((Part("a", color="blue"),), "unknown colour 'blue'"),
        (("a", ""), "compiled into 1 parts, not 2"),
    ],
)
def test_make_line_rejects_bad_parts(line: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_line(line, DARK)


def test_stepper_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="non-empty sequence of lines"):
        EquationStepper([], DARK)
    stepper = EquationStepper([("x", "=", "1")], DARK)
    with pytest.raises(ValueError, match="no line 1: the derivation has 1 lines"):
        stepper.step()
    with pytest.raises(KeyError, match="no part with key 'y'"):
        stepper.get_parts("y")


def test_align_on_keeps_the_left_hand_side_still() -> None:
    stepper = EquationStepper([("x", "=", "1"), ("x", "=", r"1 + 2 + 3 + 4")], DARK)
    xs = [stepper.get_parts("=", line=i)[0].get_x() for i in range(2)]
    assert xs[0] == pytest.approx(xs[1], abs=1e-9)
    lefts = [line.get_left()[0] for line in stepper.lines]
    assert lefts[0] == pytest.approx(lefts[1], abs=1e-6)
    # the block is centred on its widest extents
    assert stepper.lines[1].get_center()[0] == pytest.approx(0, abs=1e-6)


def test_matched_parts_glide_and_the_rest_fade_in_place() -> None:
    stepper = EquationStepper(
        [
            ("x", "=", Part("a", key="w"), r"\Big[", "b", "-", "c", r"\Big]"),
            ("x", "=", Part("a", key="w"), "b", "-", Part("a", key="w"), "c"),
        ],
        DARK,
        align_on=None,
    )
    source, target = stepper.lines
    b, bracket = source[4], source[3]  # "b" and "\Big["
    start_b, end_b = b.get_center().copy(), target[3].get_center()
    bracket_at = bracket.get_center().copy()
    anim = stepper.step()
    assert isinstance(anim, TransformMatchingKeys)
    anim.begin()
    anim.interpolate(0.5)
    # "b" is halfway from its place in line 0 to its place in line 1
    assert b.get_x() == pytest.approx((start_b[0] + end_b[0]) / 2, abs=0.05)
    assert abs(end_b[0] - start_b[0]) > 0.1
    # the bracket has no match: it fades where it is (not toward the origin)
    assert np.allclose(bracket.get_center(), bracket_at, atol=1e-6)
    assert 0.0 <= bracket.get_fill_opacity() < 0.5
    anim.interpolate(1.0)
    assert np.allclose(b.get_center(), end_b, atol=1e-6)
    assert bracket.get_fill_opacity() == pytest.approx(0.0, abs=1e-6)
    # the one weight "a" split in two, one copy on each weight of line 1
    matched = anim.animations[0].mobject  # groups by key, in line 0's order: x, =, w, ...
    landed = sorted(m.get_x() for m in matched[2].submobjects)
    assert landed == pytest.approx(sorted([target[2].get_x(), target[5].get_x()]), abs=1e-6)


def test_key_map_fades_one_group_into_another() -> None:
    stepper = EquationStepper(
        [("x", "=", Part("p", key="sum"), Part("q", key="sum")), ("x", "=", Part("H", key="h"))],
        DARK,
    )
    anim = stepper.step(key_map={"sum": "h"})
    kinds = [type(a).__name__ for a in anim.animations]
    assert "FadeTransformPieces" in kinds
