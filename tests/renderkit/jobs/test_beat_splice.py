"""Real scenes, rendered whole and as spliced beat jobs at a tiny size.

Beat jobs are only correct if a beat starts from the same state whether the beats before
it were rendered or skipped (an updater that integrates ``dt`` would break that). That is
a property of each scene's code, so it is checked for every scene in the registry: the
dry run's fingerprints and caption cues (every beat skipped) must equal those of the whole
render (every beat drawn; the session's shared ``scene_render``, which the checks of every
scene's movie in tests/scenes/test_scenes_common.py read too).

A render cut into two jobs must then give the same frames, duration, sections and
captions as the whole one. That tests the splicing (cutting, the second job's skipped
start, assembly), code every scene shares; given equal fingerprints, a scene cannot
change its outcome. So it runs on a representative subset, :data:`SPLICED`: ``softmax``
(a ValueTracker shift and TransformMatchingTex across beats) and ``learning-race``
(updaters driving a race whose state each beat carries on). Until this split, every
scene was also cut in two here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from each_scene import EACH_SCENE
from scene_renders import SceneRender, assemble, reports, run, spec_for

pytestmark = pytest.mark.slow

#: The scenes also cut into two jobs (see the module's docstring for why these).
SPLICED = ["softmax", "learning-race"]


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(float) for f in container.decode(video=0)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


@pytest.mark.parametrize("info", EACH_SCENE)
def test_every_beat_starts_the_same_drawn_or_skipped(
    info, scene_render: Callable[[str], SceneRender]
) -> None:
    render = scene_render(info.name)
    skipped, drawn = render.skipped, render.drawn
    assert [b.name for b in skipped] == [b.name for b in drawn]
    for a, b in zip(skipped, drawn, strict=True):  # the same state at every beat start
        assert a.fingerprint == b.fingerprint, f"{info.name}: beat {a.index} {a.name}"
        assert [c[2] for c in a.cues] == [c[2] for c in b.cues]
        flat = [x for cue in a.cues for x in cue[:2]]
        assert flat == pytest.approx([x for cue in b.cues for x in cue[:2]], abs=0.02)


@pytest.mark.parametrize("scene", SPLICED)
def test_spliced_beat_jobs_match_the_whole_render(
    scene: str, scene_render: Callable[[str], SceneRender], tmp_path: Path
) -> None:
    whole = scene_render(scene)
    split_spec = spec_for(scene, tmp_path / "split")
    cut = len(whole.skipped) // 2
    halves = run(
        replace(split_spec, mode="beats", first_beat=0, stop_beat=cut),
        replace(split_spec, mode="beats", first_beat=cut),
    )
    for half in halves:  # a job's own beats carry the fingerprints of the whole render
        for report in reports(half):
            assert report.fingerprint == whole.drawn[report.index].fingerprint
    one, two = whole.entry, assemble(split_spec, whole.skipped, halves)

    a, b = frames(whole.movie), frames(tmp_path / "split" / two["path"])
    assert len(a) == len(b)
    assert min(psnr(x, y) for x, y in zip(a, b, strict=True)) >= 40
    assert one["duration"] == pytest.approx(two["duration"], abs=1e-3)
    assert [s["name"] for s in one["sections"]] == [s["name"] for s in two["sections"]]
    captions = [(root / e["captions"]["srt"]).read_text() for root, e in
                ((whole.out, one), (tmp_path / "split", two))]  # fmt: skip
    assert captions[0] == captions[1]
