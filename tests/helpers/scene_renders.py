"""A real scene rendered the way render.py renders it, through the beat jobs: the
session's one small render of each scene (the ``scene_render`` fixture in conftest.py),
shared by the splice test and the checks of every scene's movie, sections and captions.

Each scene is rendered at 192x108, 5 fps, dark, with sections: a dry run (every beat
skipped) and the whole scene (every beat drawn), two jobs side by side, then assembled
into its movie, section clips, captions and manifest entry as render.py does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from renderkit.jobs.beatjob import BeatReport
from renderkit.jobs.beats import SceneWork
from renderkit.jobs.protocol import Outcome
from renderkit.jobs.runner import run_jobs
from renderkit.plan.spec import RenderSpec
from scenes.registry import find_scene

WIDTH, HEIGHT, FPS = 192, 108, 5


def spec_for(scene: str, out: Path) -> RenderSpec:
    """The scene's job as render.py would make it (mode ``scene``), writing to ``out``."""
    info = find_scene(scene)
    return RenderSpec(
        scene=scene, class_name=info.class_name, module=info.module, quality="test",
        theme="dark", format="mp4", transparent=False, width=WIDTH, height=HEIGHT, fps=FPS,
        sections=True, out_dir=str(out), fingerprint="f", deps="d",
    )  # fmt: skip


def run(*specs: RenderSpec) -> list[Outcome]:
    """Run the jobs two at a time; their outcomes (each must succeed) by first beat."""
    outcomes = run_jobs(list(specs), 2)
    for outcome in outcomes:
        assert outcome.ok, (outcome.spec.job_key, outcome.error, outcome.traceback)
    return sorted(outcomes, key=lambda o: o.spec.first_beat)


def reports(outcome: Outcome) -> list[BeatReport]:
    return [BeatReport.from_json(r) for r in (outcome.result or {})["beats"]]


def assemble(spec: RenderSpec, plan: list[BeatReport], jobs: list[Outcome]) -> dict[str, Any]:
    """The manifest entry render.py makes of these finished jobs."""
    work = SceneWork(spec, cores=2, plan=plan, jobs_left=len(jobs))
    for outcome in jobs:
        work.on_job(outcome)
    assert work.outcome is not None and work.outcome.ok, work.outcome
    assert work.outcome.entry is not None
    return dict(work.outcome.entry)


@dataclass(frozen=True)
class SceneRender:
    """One scene's dry run and whole render, and what they made."""

    spec: RenderSpec  #: the whole scene's job
    skipped: list[BeatReport]  #: the dry run's beats (every one skipped)
    drawn: list[BeatReport]  #: the whole render's beats (every one drawn)
    entry: dict[str, Any]  #: its manifest entry (paths relative to :attr:`out`)
    out: Path

    @property
    def movie(self) -> Path:
        return self.out / self.entry["path"]


def render_scene(scene: str, out: Path) -> SceneRender:
    """Dry-run and render ``scene`` whole into ``out``, as two jobs side by side."""
    spec = spec_for(scene, out)
    plan, whole = run(replace(spec, mode="plan"), replace(spec, mode="scene"))
    drawn = reports(whole)
    return SceneRender(spec, reports(plan), drawn, assemble(spec, drawn, [whole]), out)
