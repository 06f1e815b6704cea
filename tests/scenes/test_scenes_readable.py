"""Every scene in ``scenes.registry``, in both themes, is readable by everyone in the room:

- the colours it shows together (recorded by the probe at every beat end and mapped back
  to theme roles) stay ΔE2000 >= 15 apart with normal vision and simulated deuteranopia,
  protanopia and tritanopia;
- every colour it draws text in is a theme role with 4.5:1 on the background and panel;
- every caption cue it adds reads at <= 17 characters per second, stays >= 1.5 s, and
  has <= 2 lines of <= 42 characters; together a beat's cues say its caption and span it;
- a caption filled from a variant's values (the longest a parameter allows) still does.

The roles come from the scenes, so a new scene is covered without touching this file.
"""

from __future__ import annotations

import importlib
import itertools
import string
from collections.abc import Callable

import pytest
from scene_harness import SceneRun

from scenes.components.captions import cue_problems, pace_caption
from scenes.params import MAX_CHARS
from scenes.readability import contrast_problems, pair_problems, palette
from scenes.registry import SCENES
from scenes.theme import get_theme

THEMES = ("dark", "light")
EACH_SCENE_AND_THEME = [
    pytest.param((info, theme), id=f"{info.name}-{theme}") for info in SCENES for theme in THEMES
]
EACH_SCENE = [pytest.param((info, "dark"), id=info.name) for info in SCENES]
#: The scenes that declare parameters (``PARAMS``): their captions may name the values.
WITH_PARAMS = [
    pytest.param((info, "dark"), id=info.name)
    for info in SCENES
    if getattr(importlib.import_module(info.module), "PARAMS", None) is not None
]
#: Cue times are frame-free scene seconds: equal up to float noise.
TIME_TOLERANCE = 1e-6


@pytest.fixture(params=EACH_SCENE_AND_THEME)
def probe(request: pytest.FixtureRequest, scene_run: Callable[[type, str], SceneRun]) -> SceneRun:
    info, theme = request.param
    return scene_run(info.load(), theme)


@pytest.fixture(params=EACH_SCENE)
def dark_probe(
    request: pytest.FixtureRequest, scene_run: Callable[[type, str], SceneRun]
) -> SceneRun:
    info, theme = request.param
    return scene_run(info.load(), theme)


def test_colours_shown_together_stay_apart_with_every_vision(probe: SceneRun) -> None:
    theme = get_theme(probe.theme)
    roles = palette(theme, probe.paints()).roles
    assert len(roles) >= 3  # the probe saw the scene's colours at all
    assert pair_problems(theme, roles) == []


def test_text_colours_have_contrast_on_background_and_panel(probe: SceneRun) -> None:
    theme = get_theme(probe.theme)
    found = palette(theme, probe.paints())
    assert found.text_roles  # every scene has text
    assert contrast_problems(theme, found.text_roles) == []


def test_text_is_drawn_only_in_theme_colours(probe: SceneRun) -> None:
    found = palette(get_theme(probe.theme), probe.paints())
    assert sorted(p.colour for p in found.unmatched if p.text) == []


def test_every_cue_is_readable(dark_probe: SceneRun) -> None:
    problems = [
        f"{text!r} ({end - start:.2f} s): {', '.join(cue_problems(text, end - start))}"
        for start, end, text in dark_probe.cues()
        if cue_problems(text, end - start)
    ]
    assert problems == []


def test_each_beats_cues_say_its_caption_and_span_it(dark_probe: SceneRun) -> None:
    cues = dark_probe.cues()
    for beat in dark_probe.beats:
        own = [c for c in cues if beat.start - TIME_TOLERANCE <= c[0] < beat.end - TIME_TOLERANCE]
        assert " ".join(text for _, _, text in own).split() == beat.caption.split(), beat.name
        assert own[0][0] == pytest.approx(beat.start, abs=TIME_TOLERANCE), beat.name
        assert own[-1][1] == pytest.approx(beat.end, abs=TIME_TOLERANCE), beat.name
        for before, after in itertools.pairwise(own):
            assert before[1] == pytest.approx(after[0], abs=TIME_TOLERANCE), beat.name


def _longest_values(caption: str) -> str:
    """``caption`` with every ``{field}`` filled with a text as long as a parameter's
    value may be (:data:`scenes.params.MAX_CHARS`), of wide letters."""
    fields = [name for _, name, _, _ in string.Formatter().parse(caption) if name]
    return caption.format_map({name: "W" * MAX_CHARS for name in fields})


@pytest.mark.parametrize("dark_probe", WITH_PARAMS, indirect=True)
def test_captions_filled_from_a_variants_values_stay_readable(dark_probe: SceneRun) -> None:
    scene_cls = type(dark_probe.scene)
    problems = []
    for beat in dark_probe.beats:
        template = getattr(scene_cls, beat.name).caption
        if "{" not in template:
            continue
        for cue in pace_caption(_longest_values(template), beat.end - beat.start):
            seconds = (cue.end - cue.start) * (beat.end - beat.start)
            problems += [f"{beat.name}: {p}" for p in cue_problems(cue.text, seconds)]
    assert problems == []
