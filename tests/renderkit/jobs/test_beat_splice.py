"""Every real scene, rendered whole and as spliced beat jobs at a tiny size.

Beat jobs are only correct if a beat starts from the same state whether the beats before
it were rendered or skipped (an updater that integrates ``dt`` would break that), so for
each scene: the dry run's fingerprints (every beat skipped) must equal those of a whole
render (every beat drawn), and a render cut into two jobs must give the same frames,
duration and captions as the whole one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from renderkit.jobs.beatjob import BeatReport
from renderkit.jobs.beats import SceneWork
from renderkit.jobs.protocol import Outcome
from renderkit.jobs.runner import run_jobs
from renderkit.plan.spec import RenderSpec
from scenes.registry import SCENES

pytestmark = pytest.mark.slow


def spec_for(scene: str, out: Path) -> RenderSpec:
    info = next(s for s in SCENES if s.name == scene)
    return RenderSpec(
        scene=scene, class_name=info.class_name, module=info.module, quality="test",
        theme="dark", format="mp4", transparent=False, width=192, height=108, fps=5,
        sections=True, out_dir=str(out), fingerprint="f", deps="d",
    )  # fmt: skip


def run(*specs: RenderSpec) -> list[Outcome]:
    outcomes = run_jobs(list(specs), 2)
    for outcome in outcomes:
        assert outcome.ok, (outcome.spec.job_key, outcome.error, outcome.traceback)
    return sorted(outcomes, key=lambda o: o.spec.first_beat)


def reports(outcome: Outcome) -> list[BeatReport]:
    return [BeatReport.from_json(r) for r in (outcome.result or {})["beats"]]


def assemble(spec: RenderSpec, plan: list[BeatReport], jobs: list[Outcome]) -> dict:
    work = SceneWork(spec, cores=2, plan=plan, jobs_left=len(jobs))
    for outcome in jobs:
        work.on_job(outcome)
    assert work.outcome is not None and work.outcome.ok, work.outcome
    assert work.outcome.entry is not None
    return dict(work.outcome.entry)


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(float) for f in container.decode(video=0)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


@pytest.mark.parametrize("scene", [s.name for s in SCENES])
def test_spliced_beat_jobs_match_the_whole_render(scene: str, tmp_path: Path) -> None:
    whole_spec = spec_for(scene, tmp_path / "whole")
    plan, whole = run(replace(whole_spec, mode="plan"), replace(whole_spec, mode="scene"))
    skipped, drawn = reports(plan), reports(whole)
    assert [b.name for b in skipped] == [b.name for b in drawn]
    for a, b in zip(skipped, drawn, strict=True):  # the same state at every beat start
        assert a.fingerprint == b.fingerprint, f"{scene}: beat {a.index} {a.name}"
        assert [c[2] for c in a.cues] == [c[2] for c in b.cues]
        flat = [x for cue in a.cues for x in cue[:2]]
        assert flat == pytest.approx([x for cue in b.cues for x in cue[:2]], abs=0.02)

    split_spec = spec_for(scene, tmp_path / "split")
    cut = len(skipped) // 2
    halves = run(
        replace(split_spec, mode="beats", first_beat=0, stop_beat=cut),
        replace(split_spec, mode="beats", first_beat=cut),
    )
    for half in halves:  # a job's own beats carry the fingerprints of the whole render
        for report in reports(half):
            assert report.fingerprint == drawn[report.index].fingerprint
    one = assemble(whole_spec, drawn, [whole])
    two = assemble(split_spec, skipped, halves)

    a, b = frames(tmp_path / "whole" / one["path"]), frames(tmp_path / "split" / two["path"])
    assert len(a) == len(b)
    assert min(psnr(x, y) for x, y in zip(a, b, strict=True)) >= 40
    assert one["duration"] == pytest.approx(two["duration"], abs=1e-3)
    assert [s["name"] for s in one["sections"]] == [s["name"] for s in two["sections"]]
    captions = [(root / e["captions"]["srt"]).read_text() for root, e in
                ((tmp_path / "whole", one), (tmp_path / "split", two))]  # fmt: skip
    assert captions[0] == captions[1]
