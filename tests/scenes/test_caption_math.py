"""Captions read aloud: every caption of every scene writes its math the way a person
reads it (``sₖ``, ``xᵢ``, ``hθ``, ``log₂``, ``exp(s₁)``), never in TeX's ASCII (``s_k``,
``e^s``, ``\\theta``), which a screen reader spells out ("s underscore k"). Checked on
the caption templates, on the captions the scenes say with their default values, and
on those a variant in bits says (its captions name the unit's logarithm)."""

from __future__ import annotations

import importlib
import inspect
import string
from collections.abc import Callable

import pytest
from scene_harness import SceneRun
from scene_variants import variant

from scenes.registry import SCENES

#: What TeX-style ASCII math leaves in a text.
ASCII_MATH = ("_", "^", "\\")
EACH_SCENE = [pytest.param(info, id=info.name) for info in SCENES]
WITH_UNITS = [
    pytest.param(info, id=info.name)
    for info in SCENES
    if "units" in getattr(importlib.import_module(info.module), "PARAMS", ())
]


def ascii_math(text: str) -> list[str]:
    return [mark for mark in ASCII_MATH if mark in text]


def literal(template: str) -> str:
    """A caption template without its ``{field}`` names (the values are checked as said)."""
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


def templates(scene_cls: type) -> dict[str, str]:
    """Every ``@beat`` caption of the scene, as written (``{field}`` unfilled)."""
    return {
        name: member.caption
        for name, member in inspect.getmembers(scene_cls)
        if isinstance(getattr(member, "caption", None), str)
    }


def test_the_check_sees_ascii_math() -> None:
    assert ascii_math("the logits s_k") == ["_"]
    assert ascii_math(r"e^s / \sum") == ["^", "\\"]
    assert ascii_math("the logits sₖ, e to the s₁, log₂ p") == []


@pytest.mark.parametrize("info", EACH_SCENE)
def test_every_caption_template_reads_aloud(info) -> None:
    found = templates(info.load())
    assert found  # the scene has beats
    wrong = {name: ascii_math(literal(text)) for name, text in found.items()}
    assert {name: marks for name, marks in wrong.items() if marks} == {}


@pytest.mark.parametrize("info", EACH_SCENE)
def test_every_caption_said_reads_aloud(info, scene_run: Callable[[type, str], SceneRun]) -> None:
    run = scene_run(info.load(), "dark")
    said = [b.caption for b in run.beats] + [text for _, _, text in run.cues()]
    assert said and [t for t in said if ascii_math(t)] == []


@pytest.mark.slow
@pytest.mark.parametrize("info", WITH_UNITS)
def test_a_variant_in_bits_says_its_captions_aloud(
    info, scene_run: Callable[[type, str], SceneRun]
) -> None:
    run = scene_run(variant(info.load(), units="bits"), "dark")
    said = [b.caption for b in run.beats] + [text for _, _, text in run.cues()]
    assert [t for t in said if ascii_math(t)] == []
    if any("{log}" in t or "{ln}" in t for t in templates(info.load()).values()):
        assert any("log₂" in t for t in said)  # the variant's own wording is checked
