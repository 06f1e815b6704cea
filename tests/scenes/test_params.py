"""Scene parameters: the declaration kit (scenes.params, scenes.param_rules), every scene's
declaration against its class, and the text-width estimate against manim's own Text.

Every bad value is one line naming the parameter, the value given and what is allowed.
"""

from __future__ import annotations

import importlib
import math

import pytest
from each_scene import EACH_SCENE, INFORMATION_ROLES, params_of

from scenes.param_rules import (
    decreasing,
    distinct,
    increasing,
    index_into,
    same_length,
    sums_to_one,
    texts_fit,
)
from scenes.params import UNITS, Param, ParamError, ParamSet, show, variant_class
from scenes.readability import palette
from scenes.textwidth import text_width
from scenes.theme import get_theme

LOGITS = Param.numbers("logits", (2.0, 1.0, -0.5, 0.3), low=-4, high=4, length=(2, 5), help="")
NAMES = Param.texts("class_names", ("cat", "dog", "fox", "owl"), length=(2, 5), help="")
TRUE = Param.integer("true_class", 0, low=0, high=4, help="")
SET = ParamSet(
    LOGITS,
    NAMES,
    TRUE,
    UNITS,
    rules=(
        same_length("logits", "class_names"),
        index_into("true_class", "class_names"),
        distinct("class_names"),
    ),
)


class TestParsing:
    def test_lists_are_comma_separated_and_checked(self) -> None:
        assert SET.resolve({"logits": "3, 1,-1,0.5"})["logits"] == (3.0, 1.0, -1.0, 0.5)
        names = SET.resolve({"class_names": "a,b c,d,e"})["class_names"]
        assert names == ("a", "b c", "d", "e")  # spaces inside a name are kept

    @pytest.mark.parametrize(
        ("given", "message"),
        [
            ({"logits": "1,a,2,3"}, "logits: 'a' is not a number (allowed: 2-5 floats"),
            ({"logits": "nan,1,2,3"}, "logits: nan is not a finite number"),
            ({"logits": "1,2,inf,3"}, "logits: inf is not a finite number"),
            ({"logits": "-inf,1,2,3"}, "logits: -inf is not a finite number"),
            ({"logits": "1,9,2,3"}, "logits: 9 is outside [-4, 4]"),
            ({"logits": "1,2,3,4,1,2"}, "logits has 6 values; allowed: 2 to 5"),
            ({"logits": "1,,2,3"}, "logits: '1,,2,3' has an empty entry"),
            ({"logits": "1,2"}, "logits has 2 values but class_names has 4"),
            ({"true_class": "4"}, "true_class 4 is not a class: class_names has 4 (0 to 3)"),
            ({"true_class": "1.5"}, "true_class: '1.5' is not a whole number"),
            ({"units": "kelvin"}, "units: 'kelvin' is not one of nats, bits"),
            ({"class_names": "cat,dog,cat,owl"}, "class_names repeats 'cat'"),
            ({"class_names": "cat,,fox,owl"}, "has an empty entry"),
            ({"class_names": "cat,dog,fox,thirteen-char"}, "'thirteen-char' has 13 characters"),
            ({"class_names": r"a\b,dog,fox,owl"}, "'a\\\\b' has '\\\\'; allowed: printable"),
            ({"class_names": "a{b,dog,fox,owl"}, "has '{'"),
            ({"class_names": "a$b,dog,fox,owl"}, "has '$'"),
            ({"class_names": "a\tb,dog,fox,owl"}, "has '\\t'"),
            ({"logit": "1,2,3,4"}, "unknown parameter 'logit' (its parameters: logits, "),
        ],
    )
    def test_bad_text_is_one_line_naming_what_is_allowed(self, given, message) -> None:
        with pytest.raises(ParamError) as caught:
            SET.resolve(given)
        text = str(caught.value)
        assert message in text
        assert "\n" not in text

    def test_tex_source_in_a_name_is_refused(self) -> None:
        for name in (r"\input{/etc/passwd}", r"\input{/x}", "$x$", "{}"):
            with pytest.raises(ParamError, match="class_names"):
                SET.resolve({"class_names": f"{name},dog,fox,owl"})

    def test_markup_in_a_name_is_allowed_as_plain_text(self) -> None:
        values = SET.resolve({"class_names": "<script>,dog,fox,owl"})
        assert values["class_names"][0] == "<script>"


class TestTomlValues:
    @pytest.mark.parametrize(
        ("given", "message"),
        [
            ({"logits": "abc"}, "logits: 'abc' is not a number"),
            ({"logits": 3.0}, "logits: 3.0 is not a list"),
            ({"logits": [1, 2, True, 3]}, "logits: True is not a number"),
            ({"logits": [1.0, math.nan, 2, 3]}, "logits: nan is not a finite number"),
            ({"logits": [1.0, math.inf, 2, 3]}, "logits: inf is not a finite number"),
            ({"true_class": 1.0}, "true_class: 1.0 is not a whole number"),
            ({"units": 2}, "units: 2 is not a text"),
            ({"class_names": ["cat", 3, "fox", "owl"]}, "class_names: 3 is not a text"),
            ({"class_names": ["cat ", "dog", "fox", "owl"]}, "no space at either end"),
            ({"class_names": ["", "dog", "fox", "owl"]}, "'' has 0 characters"),
        ],
    )
    def test_types_are_checked(self, given, message) -> None:
        with pytest.raises(ParamError, match=message.replace("(", r"\(").replace(")", r"\)")):
            SET.resolve(given)

    def test_numbers_and_lists_come_back_as_floats_and_tuples(self) -> None:
        values = SET.resolve({"logits": [3, 1, -1, 0.5], "true_class": 2, "units": "bits"})
        assert values["logits"] == (3.0, 1.0, -1.0, 0.5)
        assert values["true_class"] == 2 and values["units"] == "bits"
        assert SET.changed(values) == {
            "logits": (3.0, 1.0, -1.0, 0.5),
            "true_class": 2,
            "units": "bits",
        }


class TestRules:
    def test_a_distribution_is_refused_not_normalised(self) -> None:
        rule = sums_to_one("p")
        assert rule.check({"p": (0.6, 0.25, 0.1, 0.05)}) is None
        assert rule.check({"p": (0.5, 0.5 + 5e-10)}) is None
        problem = rule.check({"p": (0.5, 0.2, 0.2, 0.05)})
        assert problem == "p sums to 0.95, not 1 (within 1e-09); it is refused, not normalised"
        assert "refused" in rule.text

    def test_order_rules(self) -> None:
        assert increasing("t").check({"t": (0.5, 0.9)}) is None
        assert increasing("t").check({"t": (0.9, 0.5)}) == (
            "t must increase from left to right, not 0.9, 0.5"
        )
        assert decreasing("p").check({"p": (0.1, 0.1)}) == (
            "p must decrease from left to right, not 0.1, 0.1"
        )

    def test_names_must_fit_their_bars(self) -> None:
        rule = texts_fit("names", chart_width=3.2)
        assert rule.check({"names": ("cat", "dog", "fox", "owl")}) is None
        assert rule.check({"names": ("WWWWWW", "MMMMMM")}) is None
        problem = rule.check({"names": ("hippopotamus", "b", "c", "d", "e")})
        assert problem is not None
        assert problem.startswith("names: 'hippopotamus' is too wide to label one of 5 bars")
        assert "fewer classes" in problem


def test_variant_class_is_the_scene_with_the_values_as_attributes() -> None:
    class Scene:
        logits = (1.0, 2.0)
        units = "nats"

    variant = variant_class(Scene, {"logits": [3.0, 4.0], "units": "bits"})
    assert issubclass(variant, Scene)
    assert variant.logits == (3.0, 4.0) and variant.units == "bits"  # lists become tuples
    assert variant.__name__ == "Scene" and variant.__module__ == Scene.__module__
    assert Scene.logits == (1.0, 2.0)  # the scene itself is untouched


def test_show_writes_values_as_typed() -> None:
    assert show((2.0, -0.5, 1e-3)) == "2, -0.5, 0.001"
    assert show("cat") == "cat" and show(300) == "300"


@pytest.mark.parametrize("info", EACH_SCENE)
def test_every_scene_declares_its_values_next_to_its_class(info) -> None:
    """A scene may declare no parameter at all; what it declares has its class's defaults,
    a line of help, and defaults that pass every rule."""
    params = params_of(info)
    assert isinstance(getattr(importlib.import_module(info.module), "PARAMS", params), ParamSet)
    scene_cls = info.load()
    for param in params.params:  # the defaults are the class's attributes
        assert getattr(scene_cls, param.name) == param.default, param.name
        assert param.help.strip(), param.name
    assert params.resolve({}) == params.defaults()  # the defaults pass every rule


@pytest.mark.parametrize("info", EACH_SCENE)
def test_units_is_declared_where_information_is_shown(info, scene_run) -> None:
    """A scene that draws cross-entropy, entropy or KL (in their theme colours, as its
    probe run saw them) declares the one global ``units`` parameter, and only such a scene
    does; a class that reads ``units`` declares it."""
    params = params_of(info)
    scene_cls = info.load()
    roles = palette(get_theme("dark"), scene_run(scene_cls, "dark").paints()).roles
    assert ("units" in params) == bool(roles & INFORMATION_ROLES), sorted(roles)
    assert ("units" in params) == hasattr(scene_cls, "units")
    if "units" in params:
        assert params["units"] == UNITS


@pytest.mark.parametrize(
    "text", ["cat", "owl", "WWWWWWWWWWWW", "hippopotamus", "iiiiiiiiiiii", "<script>", "Ünïcödé"]
)
@pytest.mark.parametrize("size", [24, 26, 32])
def test_text_width_errs_a_little_wide_never_narrow(text: str, size: int) -> None:
    from manim import Text

    drawn = Text(text, font_size=size, font="DejaVu Sans").width
    assert drawn <= text_width(text, size) <= 1.12 * drawn
