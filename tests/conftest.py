"""Shared fixtures. Scene tests share one manim media folder per run, so each LaTeX
snippet compiles once for the whole suite; one probe run per scene and theme
(``scene_run``), so each scene is constructed once per theme however many modules check
it; and one small real render per scene (``scene_render``), which the splice test and the
checks of every scene's movie read. Which scenes and themes: tests/helpers/each_scene.py."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from each_scene import THEMES
from hypothesis import settings

if TYPE_CHECKING:  # the harness imports manim: only the scene tests load it
    from scene_harness import SceneRun
    from scene_renders import SceneRender

# Hypothesis draws the same examples on every run ("ci", the default), so a red CI run is
# the same red run on your machine and a green one stays green until the code changes.
# HYPOTHESIS_PROFILE=explore draws new random examples on each run, to look for what the
# fixed ones miss; a failure prints the @reproduce_failure that pins it.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def scene_media(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """A manim media folder shared by every scene test. Its ``Tex`` folder, manim's cache
    of compiled equations (named by a hash of their source), is kept between runs in
    pytest's cache folder (``.pytest_cache``). Not ``texts``: manim lays a Text out as
    wide as the frame's pixels but names it without the size, and tests render at
    several sizes."""
    media = tmp_path_factory.mktemp("manim-media")
    cache = getattr(pytestconfig, "cache", None)  # None with -p no:cacheprovider
    if cache is not None:
        (media / "Tex").symlink_to(cache.mkdir("manim-Tex"))
    return media


@pytest.fixture(scope="session", autouse=True)
def _renders_share_one_tex_cache(pytestconfig: pytest.Config) -> Iterator[None]:
    """Every render.py run and worker of the session reads and fills one folder of
    compiled equations (``CE_TEX_CACHE``), kept between runs in pytest's cache folder, so
    a test that renders into its own output folder does not compile them all again."""
    from renderkit.plan.spec import TEX_CACHE_ENV

    cache = getattr(pytestconfig, "cache", None)
    if cache is None or TEX_CACHE_ENV in os.environ:
        yield
        return
    os.environ[TEX_CACHE_ENV] = str(cache.mkdir("ce-tex-cache"))
    try:
        yield
    finally:
        del os.environ[TEX_CACHE_ENV]


@pytest.fixture(scope="session")
def scene_run(scene_media: Path) -> Callable[[type, str], SceneRun]:
    """``scene_run(SceneClass, theme)``: the session's one probe run of that scene in that
    theme (constructed as its registered probe subclass, if a test registered one)."""
    from scene_harness import run_scene
    from scene_probes import probe_class

    @functools.cache
    def run(scene_cls: type, theme: str) -> SceneRun:
        return run_scene(probe_class(scene_cls), theme, scene_media)

    return run


@pytest.fixture(scope="session")
def scene_render(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], SceneRender]:
    """``scene_render(name)``: the session's one small real render of that scene through
    the beat jobs, as render.py renders it (dark, 192x108 at 5 fps, with section clips
    and captions), and its dry run: see ``tests/helpers/scene_renders.py``."""
    from scene_renders import render_scene

    @functools.cache
    def render(name: str) -> SceneRender:
        return render_scene(name, tmp_path_factory.mktemp(f"render-{name}"))

    return render


@pytest.fixture(params=THEMES)
def run(request: pytest.FixtureRequest, scene_run: Callable[[type, str], SceneRun]) -> SceneRun:
    """The shared probe run of the test module's ``SCENE``, once per theme."""
    return scene_run(request.module.SCENE, request.param)


@pytest.fixture(autouse=True)
def _manim_writes_to_the_session_media(scene_media: Path) -> None:
    """Keep manim's Tex/text caches of any test out of the project's own media/ folder."""
    manim = sys.modules.get("manim")
    if manim is not None and Path(manim.config.media_dir).resolve() != scene_media:
        manim.config.media_dir = str(scene_media)
