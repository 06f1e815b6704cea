"""Beat-level render jobs: what to render of a scene, in which jobs, and putting it together.

The unit of work is a beat (one ``@beat`` of a scene, one manim section). Every rendered
beat's clip is kept in the scene's beat cache, ``OUT/.work/scenes/<scene-key>/beats/``,
named by the beat's fingerprint (its state at the start, its own code, the code and values
it depends on; see :mod:`renderkit.jobs.beatjob`). A scene that must be rendered again goes:

1. a **dry run** (``plan``: animations skipped, no frame drawn) reports every beat's
   fingerprint, length and caption cues. A scene with nothing cached skips it and renders
   whole, unless there are at least two cores per scene at medium quality or above
   (:func:`renderkit.jobs.pipeline.worth_splitting`), when knowing the beats lets it split;
2. the beats whose clip is not cached are rendered by **beat jobs** over contiguous runs
   ``[a, b)``; a run is split over several jobs only when that shortens it (each extra
   job costs a process start and skipping through the beats before it);
3. the scene's files are **assembled** from the beat clips by stream copy
   (:func:`renderkit.outputs.publish.publish_video`). A caption-only edit renders no frame.

When the dry run fails, the whole scene is rendered instead.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..outputs import files
from ..outputs.publish import BeatClip, publish_video
from ..pages.transcript import write_scene_transcript
from ..plan.spec import RenderSpec
from .beatjob import BeatReport
from .protocol import Outcome, Status, beat_cache, clip_path, one_line

#: What one extra job costs, in scene seconds of rendering (process start, manim import,
#: skipping through the earlier beats). Measured on the bench machine: about 3 s of wall
#: time, while a scene second at medium takes about 1 s.
JOB_OVERHEAD = 3.0


def split_runs(
    beats: Sequence[BeatReport], missing: set[int], cores: int
) -> list[tuple[int, int, float]]:
    """Jobs ``(a, b, weight)`` covering the ``missing`` beats: each contiguous run of them,
    cut into up to ``cores`` pieces of about equal length when that shortens it."""
    runs: list[list[BeatReport]] = []
    for beat in beats:
        if beat.index in missing:
            if runs and runs[-1][-1].index == beat.index - 1:
                runs[-1].append(beat)
            else:
                runs.append([beat])
    jobs = []
    for run in runs:
        for piece in _cut(run, cores):
            jobs.append((piece[0].index, piece[-1].index + 1, sum(b.seconds for b in piece)))
    return jobs


def _cut(run: list[BeatReport], cores: int) -> list[list[BeatReport]]:
    """The cheapest of cutting ``run`` into 1..cores pieces (longest piece + overhead)."""
    best, best_cost = [run], sum(b.seconds for b in run) + JOB_OVERHEAD
    for pieces in range(2, min(cores, len(run)) + 1):
        cut = _balanced(run, pieces)
        cost = max(sum(b.seconds for b in p) for p in cut) + JOB_OVERHEAD * 1.5
        if cost < best_cost:
            best, best_cost = cut, cost
    return best


def _balanced(run: list[BeatReport], pieces: int) -> list[list[BeatReport]]:
    """``run`` cut into ``pieces`` contiguous parts of about equal total length."""
    total = sum(b.seconds for b in run)
    out: list[list[BeatReport]] = [[]]
    done = 0.0
    for i, beat in enumerate(run):
        left = len(run) - i
        if out[-1] and done >= total * len(out) / pieces and len(out) < pieces:
            out.append([])
        elif out[-1] and left == pieces - len(out):
            out.append([])
        out[-1].append(beat)
        done += beat.seconds
    return out


@dataclass
class SceneWork:
    """One out-of-date scene moving through dry run, beat jobs and assembly."""

    spec: RenderSpec  #: the scene's job (mode ``scene``)
    cores: int
    plan: list[BeatReport] | None = None
    rendered: dict[int, BeatReport] = field(default_factory=dict)
    jobs_left: int = 0
    pending_beats: int = 0  #: beats in beat jobs not finished yet
    seconds: float = 0.0  #: time its jobs took (each from its start to its end)
    outcome: Outcome | None = None
    taken: set[str] = field(default_factory=set)  #: the jobs whose outcome was taken

    def first_jobs(self, split_cold: bool, force: bool = False) -> list[RenderSpec]:
        """A dry run if anything is cached (or splitting may pay), else the whole scene;
        ``force`` (``--force``) renders the whole scene whatever is cached."""
        cache = beat_cache(self.spec)
        warm = cache.is_dir() and any(cache.iterdir())
        mode = "plan" if not force and (warm or split_cold) else "scene"
        self.jobs_left = 1
        return [replace(self.spec, mode=mode, weight=1e9 if mode == "plan" else 0.0)]

    def on_job(self, outcome: Outcome) -> list[RenderSpec]:
        """Take a finished job; return the jobs it leads to (none once the scene is done).
        A job's outcome is taken once: a late duplicate of one already taken is ignored."""
        if outcome.spec.job_key in self.taken:
            return []
        self.taken.add(outcome.spec.job_key)
        self.jobs_left -= 1
        self.seconds += outcome.seconds
        mode = outcome.spec.mode
        if not outcome.ok:
            if mode == "plan":  # fall back to the whole scene
                self.jobs_left += 1
                return [replace(self.spec, mode="scene")]
            return self._fail(outcome)
        reports = [BeatReport.from_json(r) for r in (outcome.result or {}).get("beats", [])]
        if mode == "plan":
            self.plan = reports
            return self._beat_jobs()
        if mode == "scene":
            self.plan = reports
        done = {r.index: r for r in reports if r.rendered}
        if mode == "beats":
            self.pending_beats -= len(done)
        self.rendered.update(done)
        if self.jobs_left == 0:
            self._assemble()
        return []

    def _beat_jobs(self) -> list[RenderSpec]:
        assert self.plan is not None
        missing = {
            b.index
            for b in self.plan
            if b.seconds > 0 and not clip_path(self.spec, b.fingerprint).is_file()
        }
        jobs = [
            replace(self.spec, mode="beats", first_beat=a, stop_beat=b, weight=weight)
            for a, b, weight in split_runs(self.plan, missing, self.cores)
        ]
        if jobs and jobs[-1].stop_beat == len(self.plan):
            jobs[-1] = replace(jobs[-1], stop_beat=-1)
        self.jobs_left += len(jobs)
        self.pending_beats += len(missing)
        if not jobs:
            self._assemble()
        return jobs

    def _fail(self, outcome: Outcome) -> list[RenderSpec]:
        if self.outcome is None:
            self.outcome = replace(outcome, spec=self.spec, status=Status.FAILED)
        return []

    def beats_to_render(self) -> int:
        """Beats rendered or still to render in this pass (as far as known yet)."""
        return len(self.rendered) + self.pending_beats

    def _assemble(self) -> None:
        """Publish the scene from its beats' clips (the rendered ones and the cached)."""
        if self.outcome is not None:
            return
        assert self.plan is not None
        beats = [self.rendered.get(b.index, b) for b in self.plan]
        clips = [
            BeatClip(plan.name, clip_path(self.spec, beat.fingerprint), plan.cues, plan.description)
            for plan, beat in zip(self.plan, beats, strict=True)
            if beat.seconds > 0
        ]
        began = time.monotonic()
        try:
            self.spec.work_dir.mkdir(parents=True, exist_ok=True)
            entry = publish_video(self.spec, clips, self.spec.work_dir)
            entry.update(write_scene_transcript(self.spec, clips))  # type: ignore[typeddict-item]
        except Exception as error:
            self.outcome = Outcome(
                self.spec, Status.FAILED, error=one_line(error), traceback=traceback.format_exc()
            )
            return
        self._prune({c.path.name for c in clips})
        spent = self.seconds + time.monotonic() - began  # its jobs' time, then the joining
        counts = (len(self.rendered), len(clips))
        self.outcome = Outcome(self.spec, Status.RENDERED, entry=entry, seconds=spent, beats=counts)

    def _prune(self, keep: set[str]) -> None:
        """Drop cached clips no beat of the scene uses any more."""
        for clip in beat_cache(self.spec).glob(f"*.{self.spec.clip_format}"):
            if clip.name not in keep:
                files.remove_path(clip)
