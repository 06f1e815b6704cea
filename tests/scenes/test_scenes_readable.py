"""Every scene in ``scenes.registry``, in both themes, is readable by everyone in the room:

- the colours it shows together (recorded by the probe at every beat end and mapped back
  to theme roles) stay ΔE2000 >= 15 apart with normal vision and simulated deuteranopia,
  protanopia and tritanopia;
- every colour it draws text in is a theme role with 4.5:1 on the background and panel;
- every caption cue it adds reads at <= 17 characters per second, stays >= 1.5 s, and
  has <= 2 lines of <= 42 characters; together a beat's cues say its caption and span it;
- a caption filled from a variant's values (the longest a parameter allows) still does.

The roles come from the scenes, so a new scene is covered without touching this file.
``make check-readable`` (scripts/check_readable.py) prints the same checks as tables: its
tables and verdict are checked here from the same probe runs, so ``make test`` does not
run it (it probed every scene in both themes a second time).
"""

from __future__ import annotations

import importlib.util
import itertools
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from each_scene import EACH_SCENE_AND_THEME, THEMES, params_of
from scene_harness import SceneRun

from scenes.components.captions import cue_problems, pace_caption
from scenes.params import MAX_CHARS
from scenes.readability import contrast_problems, pair_problems, palette
from scenes.registry import SCENES, find_scene
from scenes.theme import get_theme

#: Captions are the same in both themes: their checks read the dark run.
EACH_SCENE_DARK = [pytest.param((info, "dark"), id=info.name) for info in SCENES]
#: The scenes that declare parameters (``PARAMS``): their captions may name the values.
WITH_PARAMS = [
    pytest.param((info, "dark"), id=info.name) for info in SCENES if params_of(info).params
]
#: Cue times are frame-free scene seconds: equal up to float noise.
TIME_TOLERANCE = 1e-6


@pytest.fixture(params=EACH_SCENE_AND_THEME)
def probe(request: pytest.FixtureRequest, scene_run: Callable[[type, str], SceneRun]) -> SceneRun:
    info, theme = request.param
    return scene_run(info.load(), theme)


@pytest.fixture(params=EACH_SCENE_DARK)
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


def _check_readable():
    """``scripts/check_readable.py`` as a module (scripts/ is no package)."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "check_readable.py"
    spec = importlib.util.spec_from_file_location("check_readable", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_readable_reports_every_scene_from_the_tests_probe_runs(
    scene_run: Callable[[type, str], SceneRun], capsys: pytest.CaptureFixture[str]
) -> None:
    """``make check-readable``'s tables and verdict, read from the probe runs the tests
    above made (``make test`` runs no second probe of every scene for it)."""
    script = _check_readable()
    names = [info.name for info in SCENES]

    def probe(name: str, theme: str) -> SceneRun:
        return scene_run(find_scene(name).load(), theme)

    problems = [p for theme in THEMES for p in script.check_theme(theme, names, probe)]
    with pytest.raises(SystemExit) as exit_code:
        script.report(problems)
    printed = capsys.readouterr().out
    assert exit_code.value.code == 0, printed
    assert printed.rstrip().endswith("readable: all targets met")
    for theme in THEMES:
        table = printed.split(f"{theme} theme: weakest pair per scene")[1]
        rows = [line.split()[0] for line in table.splitlines()[2:] if line.startswith("  ")]
        assert rows[: len(names)] == names, theme


@pytest.mark.slow
def test_check_readable_runs_as_a_command(tmp_path: Path) -> None:
    """The command itself probes the scenes it is given (here one, in one theme)."""
    root = Path(__file__).resolve().parents[2]
    name = SCENES[0].name
    command = [sys.executable, "scripts/check_readable.py", name, "--theme", "dark"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"\n  {name} " in done.stdout and "readable: all targets met" in done.stdout
