"""Beat-level render jobs: what to render of a scene, in which jobs, and putting it together.

The unit of work is a beat (one ``@beat`` of a scene, one manim section). Every rendered
beat's clip is kept in the scene's beat cache, ``OUT/.work/scenes/<scene-key>/beats/``,
named by the beat's fingerprint (its state at the start, its own code and the module-level
definitions it reads; see :mod:`renderkit.jobs.beatjob`), with its report beside it
(``<fingerprint>.json``: length, caption cues and any other field of the report). After
every assembly the scene's **plan** (its beats in order, the dependencies and the
caption-blind digest of its module) is kept in ``plan.json`` beside the cache. A scene that
must be rendered again goes one of four ways:

- **captions only**: its dependencies and its module with every ``@beat`` caption blanked
  equal its plan's (only caption text changed, or an output file went missing), every beat
  clip is cached and every caption is a literal: the parent re-times the new captions
  (:func:`scenes.components.captions.pace_caption`, as the scene would) and assembles the
  scene from the cached clips; no job, no manim (``jobs.jsonl``: mode ``captions``,
  ``"process": false``);
- **one pass** (anything cached before): one ``beats`` job over the whole scene decides
  at each beat's start whether its clip is cached (skip: animations jump to their ends)
  or not (render), in the same process, with no dry run;
- **first render**: the whole scene in one ``scene`` job, unless there are at least two
  cores per scene at medium quality or above (:func:`renderkit.jobs.pipeline.worth_splitting`):
  then a **dry run** (``plan``: every beat's fingerprint and length, no frame) and beat
  jobs over runs ``[a, b)`` cut to balance the cores (each extra job costs a process
  start and skipping through the beats before it); a failed dry run falls back to the
  whole scene;
- ``--force``: the whole scene in one ``scene`` job, every beat drawn.

The scene's files are then **assembled** from the beat clips by stream copy
(:func:`renderkit.outputs.publish.publish_video`).
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import json
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..outputs import files
from ..outputs.publish import BeatClip, publish_video
from ..pages.transcript import write_scene_transcript
from ..plan.beatcode import beat_captions, caption_blind_digest
from ..plan.spec import PROJECT, RenderSpec
from .beatjob import BeatReport
from .protocol import (
    Outcome,
    Status,
    beat_cache,
    clip_path,
    log_job,
    meta_path,
    one_line,
    plan_path,
)

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


@functools.cache
def _pace_caption() -> Callable[[str, float], Any]:
    """:func:`scenes.components.captions.pace_caption`, loaded from its file alone (its
    package imports manim, which the parent does not load)."""
    path = PROJECT / "scenes" / "components" / "captions.py"
    spec = importlib.util.spec_from_file_location("_renderkit_scene_captions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.pace_caption


def retimed_cues(
    caption: str, began: float, seconds: float
) -> tuple[tuple[float, float, str], ...]:
    """A beat's caption cues as fractions of the beat, computed as the scene does: its
    ``beat_section`` adds each paced cue as a manim subcaption at the beat's end (times
    in microseconds), and the job reads them back as fractions."""
    if seconds <= 0:
        return ()
    end = began + seconds
    cues = []
    for cue in _pace_caption()(caption, seconds):
        offset = (cue.start - 1) * seconds
        duration = (cue.end - cue.start) * seconds
        start = datetime.timedelta(seconds=float(end + offset)).total_seconds()
        stop = datetime.timedelta(seconds=float(end + offset + duration)).total_seconds()
        cues.append(((start - began) / seconds, (stop - began) / seconds, cue.text))
    return tuple(cues)


def scene_source(spec: RenderSpec) -> str:
    """The scene module's text ("" when it cannot be read)."""
    try:
        return Path(PROJECT, *spec.module.split(".")).with_suffix(".py").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@dataclass
class SceneWork:
    """One out-of-date scene moving through its jobs (or none) and assembly."""

    spec: RenderSpec  #: the scene's job (mode ``scene``)
    cores: int
    plan: list[BeatReport] | None = None
    rendered: dict[int, BeatReport] = field(default_factory=dict)
    jobs_left: int = 0
    pending_beats: int = 0  #: beats in beat jobs not finished yet
    seconds: float = 0.0  #: time its jobs took (each from its start to its end)
    outcome: Outcome | None = None
    taken: set[str] = field(default_factory=set)  #: the jobs whose outcome was taken
    source: str = ""  #: the scene module's caption-blind digest, recorded in its plan

    def first_jobs(self, split_cold: bool, force: bool = False) -> list[RenderSpec]:
        """The scene's first jobs (see the module docstring); none when the captions were
        all that changed (then :attr:`outcome` is already set)."""
        text = scene_source(self.spec)
        self.source = caption_blind_digest(text) if text else ""
        cache = beat_cache(self.spec)
        warm = cache.is_dir() and any(cache.iterdir())
        self.jobs_left = 1
        if force or not warm:
            mode = "plan" if not force and split_cold else "scene"
            return [replace(self.spec, mode=mode, weight=1e9 if mode == "plan" else 0.0)]
        if self._captions_only(text):
            self.jobs_left = 0
            return []
        return [replace(self.spec, mode="beats", first_beat=0, stop_beat=-1)]

    def _captions_only(self, text: str) -> bool:
        """Assemble the scene from its plan with re-timed captions, if only they changed."""
        try:
            recorded = json.loads(plan_path(self.spec).read_text(encoding="utf-8"))
            plan = [BeatReport.from_json(b) for b in recorded["beats"]]
            same = recorded["deps"] == self.spec.deps and recorded["source"] == self.source
            params = dict(recorded["params"])
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if not same or not self.source or not plan:
            return False
        captions = beat_captions(text)
        beats = []
        for beat in plan:
            caption = captions.get(beat.name)
            if caption is None or "{" in caption:
                return False  # not a literal, or filled in by the scene
            cached = clip_path(self.spec, beat.fingerprint).is_file()
            if beat.seconds > 0 and not (
                cached and meta_path(self.spec, beat.fingerprint).is_file()
            ):
                return False
            try:
                cues = retimed_cues(caption, beat.began, beat.seconds)
            except Exception:  # a job will render it and say what is wrong
                return False
            beats.append(replace(beat, cues=cues, rendered=False, cached=True, wall=0.0))
        began = time.monotonic()
        self.plan = beats
        if not self.spec.variant:  # the defaults the source declares: it did not change
            self.spec = replace(self.spec, params=params)
        self._assemble()
        if self.outcome is not None:
            self.outcome = replace(self.outcome, seconds=time.monotonic() - began)
            result = {"beats": [b.to_json() for b in beats]}
            job = replace(self.outcome, spec=replace(self.spec, mode="captions"), result=result)
            log_job(job, process=False)
        return True

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
        result = outcome.result or {}
        if not self.spec.variant and isinstance(result.get("params"), dict):
            self.spec = replace(self.spec, params=result["params"])  # the scene's defaults
        reports = [BeatReport.from_json(r) for r in result.get("beats", [])]
        if mode == "plan":
            self.plan = reports
            return self._beat_jobs()
        done = {r.index: r for r in reports if r.rendered}
        if self.plan is None:  # a whole scene, or one pass over it: it saw every beat
            self.plan = reports
        else:
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
            if b.seconds > 0 and not (b.cached and clip_path(self.spec, b.fingerprint).is_file())
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
        """Publish the scene from its beats' clips (the rendered ones and the cached),
        then record its plan."""
        if self.outcome is not None:
            return
        assert self.plan is not None
        beats = [self.rendered.get(b.index, b) for b in self.plan]
        clips = [
            BeatClip(plan.name, clip_path(self.spec, beat.fingerprint), plan.cues, beat.to_json())
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
        keep = {c.path.name for c in clips} | {c.path.with_suffix(".json").name for c in clips}
        self._prune(keep)
        recorded = {
            "deps": self.spec.deps,
            "source": self.source,
            "params": self.spec.params,
            "beats": [
                replace(b, cues=p.cues).to_json() for p, b in zip(self.plan, beats, strict=True)
            ],
        }
        files.write_text(plan_path(self.spec), json.dumps(recorded))
        spent = self.seconds + time.monotonic() - began  # its jobs' time, then the joining
        counts = (len(self.rendered), len(clips))
        self.outcome = Outcome(self.spec, Status.RENDERED, entry=entry, seconds=spent, beats=counts)

    def _prune(self, keep: set[str]) -> None:
        """Drop cached clips (and their reports) no beat of the scene uses any more."""
        cache = beat_cache(self.spec)
        for path in [*cache.glob(f"*.{self.spec.clip_format}"), *cache.glob("*.json")]:
            if path.name not in keep:
                files.remove_path(path)
