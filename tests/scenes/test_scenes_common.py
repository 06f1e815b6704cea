"""What every scene in ``scenes.registry`` must pass, in both themes: a clean layout at
every beat end, 20 to 60 seconds, named and captioned beats, the background in the
corners of every beat-end frame; and, once per scene, a small real render (the session's
``scene_render``, made through the beat jobs as render.py makes it, which the splice test
reads too) whose length, section clips and caption cues match the probe's.

Each scene's own file checks its beat order, its numbers and its colours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest
from each_scene import EACH_SCENE, EACH_SCENE_AND_THEME
from manim.utils.color import ManimColor
from scene_harness import SceneRun
from scene_renders import HEIGHT, WIDTH, SceneRender

from renderkit.outputs.captions import Cue, parse_srt
from scenes.theme import get_theme

#: How far (per channel, 0-255) a corner pixel may be from the theme's background.
CORNER_TOLERANCE = 2
#: The small render runs at 5 fps and every animation rounds to whole frames, so the
#: movie's clock may drift from the probe's by a frame per animation.
DURATION_TOLERANCE = 1.0  # movie length against the probe's, seconds
START_TOLERANCE = 1.0  # a caption's start against its beat's
LENGTH_TOLERANCE = 0.5  # a caption's length against its beat's
END_TOLERANCE = 0.3  # the last caption's end against the movie's length


@pytest.fixture(params=EACH_SCENE_AND_THEME)
def probe(request: pytest.FixtureRequest, scene_run: Callable[[type, str], SceneRun]) -> SceneRun:
    info, theme = request.param
    return scene_run(info.load(), theme)


def test_layout_is_clean_at_every_beat_end(probe: SceneRun) -> None:
    assert probe.problems() == []


def test_runs_20_to_60_seconds(probe: SceneRun) -> None:
    assert 20 <= probe.duration <= 60


def test_beats_are_named_captioned_and_take_time(probe: SceneRun) -> None:
    names = [b.name for b in probe.beats]
    assert len(names) >= 3
    assert len(set(names)) == len(names), names
    for beat in probe.beats:
        assert beat.caption.strip(), beat.name
        assert beat.end - beat.start > 0, beat.name
        # each beat is the @beat method of its name, with that method's caption (its
        # {fields} filled from the scene's values)
        method_caption = getattr(type(probe.scene), beat.name).caption
        assert probe.scene.caption_text(method_caption) == beat.caption


def test_background_in_the_corners_of_every_beat_end_frame(probe: SceneRun) -> None:
    background = np.array(ManimColor(get_theme(probe.theme).background).to_int_rgb())
    for checkpoint in probe.checkpoints:
        frame = checkpoint.frame
        for corner in (frame[0, 0], frame[0, -1], frame[-1, 0], frame[-1, -1]):
            assert np.abs(corner[:3].astype(int) - background).max() <= CORNER_TOLERANCE, (
                checkpoint.beat.name
            )


@dataclass(frozen=True)
class SmallRender:
    """A scene's shared small render (dark, through the beat jobs as render.py renders it)
    and the probe run it is checked against."""

    render: SceneRender
    probe: SceneRun

    @property
    def movie(self) -> Path:
        return self.render.movie

    @property
    def seconds(self) -> float:
        with av.open(str(self.movie)) as container:
            return container.duration / 1e6

    def cues(self) -> list[Cue]:
        """The captions written beside the movie (its ``.srt``)."""
        srt = self.render.out / self.render.entry["captions"]["srt"]
        return parse_srt(srt.read_text(encoding="utf-8"))


@pytest.fixture(params=EACH_SCENE)
def render(
    request: pytest.FixtureRequest,
    scene_run: Callable[[type, str], SceneRun],
    scene_render: Callable[[str], SceneRender],
) -> SmallRender:
    info = request.param
    return SmallRender(scene_render(info.name), scene_run(info.load(), "dark"))


@pytest.mark.slow
def test_small_render_is_as_long_as_the_probe(render: SmallRender) -> None:
    with av.open(str(render.movie)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (WIDTH, HEIGHT)
    assert render.seconds == pytest.approx(render.probe.duration, abs=DURATION_TOLERANCE)


@pytest.mark.slow
def test_small_render_has_one_section_clip_per_beat(render: SmallRender) -> None:
    sections = render.render.entry["sections"]
    assert [s["name"] for s in sections] == [b.name for b in render.probe.beats]
    for section in sections:
        assert (render.render.out / section["path"]).is_file(), section


@pytest.mark.slow
def test_small_render_has_the_probes_caption_cues(render: SmallRender) -> None:
    # each beat's caption as the cues it is split into (line breaks and all), in its time
    cues = render.cues()
    expected = render.probe.cues()
    assert [cue.text for cue in cues] == [text for _, _, text in expected]
    for cue, (start, end, text) in zip(cues, expected, strict=True):
        assert cue.start == pytest.approx(start, abs=START_TOLERANCE), text
        assert cue.end - cue.start == pytest.approx(end - start, abs=LENGTH_TOLERANCE), text
    assert cues[-1].end == pytest.approx(render.seconds, abs=END_TOLERANCE)
