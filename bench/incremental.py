"""Measurements 6 and 7, at medium quality: render.py after an edit in a scene's last beat
(only that beat should render) and after a caption-only edit (no frame should render),
each against the scene's whole render in the same run.

Every repetition renders the scene whole (``--force`` with its beat cache emptied:
``--force`` alone reuses the cached beat clips), then rewords the last beat's caption and
renders, restores it, edits the last beat's code and renders, restores it. Which beats
rendered is read from the summary ("N of M beats rendered") and ``jobs.jsonl``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .beat_edits import CAPTION_TAIL, Switch, caption_edit, last_beat_edit
from .console import BenchError, log
from .context import BEAT_SCENES, Bench
from .joblog import JobRecord, beats_rendered, job_count, read_jobs
from .report import Result
from .runs import MEDIUM, THEME, Run, clear_beats, render_py

LAST_BEAT_TARGET = 0.35  #: a last-beat edit, as a share of the scene's whole render
CAPTION_TARGET = 0.1  #: a caption-only edit, as a share of the scene's whole render


@dataclass
class Timed:
    """The runs of one scene: seconds of each, and what went wrong in each (None: as
    expected)."""

    whole: list[float] = field(default_factory=list)
    edited: list[float] = field(default_factory=list)
    caption: list[float] = field(default_factory=list)
    edited_problems: list[str | None] = field(default_factory=list)
    caption_problems: list[str | None] = field(default_factory=list)
    edited_jobs: list[list[JobRecord]] = field(default_factory=list)
    caption_jobs: list[list[JobRecord]] = field(default_factory=list)
    beats: int = 0  #: the scene's beats, as the summary counts them


def _plan_and_summary(
    jobs: list[JobRecord], summary: list[tuple[int, int]]
) -> tuple[JobRecord | None, str | None]:
    plans = [j for j in jobs if j.mode == "plan"]
    if len(plans) != 1 or not plans[0].ok:
        return None, f"expected one dry run, got jobs {[j.mode for j in jobs]}"
    if len(summary) != 1:
        return None, f"the summary says {summary or 'nothing'} about beats rendered"
    return plans[0], None


def last_beat_only(jobs: list[JobRecord], summary: list[tuple[int, int]]) -> str | None:
    """Why a run after a last-beat edit did more than a dry run and that one beat (its
    jobs and its summary's (rendered, total)), or None if it did just that."""
    plan, problem = _plan_and_summary(jobs, summary)
    if plan is None:
        return problem
    last = max((b.index for b in plan.beats if b.seconds > 0), default=-1)
    rendered = sorted(i for j in jobs for i in j.rendered)
    if rendered != [last] or summary[0][0] != 1:
        return f"rendered beats {rendered} (summary {summary[0][0]} of {summary[0][1]})"
    return None


def no_frames(jobs: list[JobRecord], summary: list[tuple[int, int]]) -> str | None:
    """Why a run after a caption-only edit did more than a dry run, or None."""
    plan, problem = _plan_and_summary(jobs, summary)
    if plan is None:
        return problem
    if len(jobs) != 1 or summary[0][0] != 0:
        rendered = sorted(i for j in jobs for i in j.rendered)
        return f"rendered beats {rendered} (summary {summary[0][0]} of {summary[0][1]})"
    return None


def breakdown(seconds: float, jobs: list[JobRecord]) -> str:
    """Where a run's time went: its jobs by mode, and the rest (render.py itself:
    start, fingerprints, assembling the scene from its clips)."""
    parts = [f"{j.mode} {j.seconds:.1f} s" for j in jobs]
    rest = seconds - sum(j.seconds for j in jobs)
    return ", ".join([*parts, f"render.py itself {rest:.1f} s"])


def _whole(bench: Bench, scene: str, out: Path) -> Run:
    clear_beats(out, scene)
    return render_py(bench.project, [scene], out, jobs=bench.plan.jobs, quality=MEDIUM)


def _changed(bench: Bench, scene: str, out: Path) -> tuple[Run, list[JobRecord]]:
    """render.py without ``--force`` and with its summary; the run and its jobs."""
    before = job_count(out)
    done = render_py(
        bench.project, [scene], out, jobs=bench.plan.jobs, quality=MEDIUM, force=False, quiet=False
    )
    return done, read_jobs(out, before)


def _one_edit(
    bench: Bench, scene: str, out: Path, switch: Switch
) -> tuple[float, list[JobRecord], list[tuple[int, int]]]:
    """Switch the edit on, render, switch it off: seconds, jobs, summary counts."""
    switch(True)
    try:
        done, jobs = _changed(bench, scene, out)
    finally:
        switch(False)
    return done.seconds, jobs, beats_rendered(done.stdout)


def _runs(bench: Bench, scene: str, edit: Switch, caption: Switch) -> Timed:
    out, timed, reps = bench.work / f"medium-{scene}", Timed(), bench.plan.reps
    log(f"{scene} at medium: a first whole render (not timed) fills LaTeX's cache")
    _whole(bench, scene, out)
    for rep in range(reps):
        log(f"{scene} at medium {rep + 1}/{reps}: whole (--force), caption edit, last-beat edit")
        timed.whole.append(_whole(bench, scene, out).seconds)
        seconds, jobs, summary = _one_edit(bench, scene, out, caption)
        timed.caption.append(seconds)
        timed.caption_jobs.append(jobs)
        captions = out / MEDIUM.name / THEME / f"{scene}.srt"
        fresh = captions.is_file() and CAPTION_TAIL in captions.read_text(encoding="utf-8")
        problem = no_frames(jobs, summary)
        timed.caption_problems.append(problem or (None if fresh else "the captions are old"))
        seconds, jobs, summary = _one_edit(bench, scene, out, edit)
        timed.edited.append(seconds)
        timed.edited_jobs.append(jobs)
        timed.edited_problems.append(last_beat_only(jobs, summary))
        timed.beats = summary[0][1] if summary else 0
    return timed


def measure_incremental(bench: Bench) -> None:
    """Measurements 6 (last beat edited) and 7 (caption edited) for each of
    :data:`BEAT_SCENES` that is measured."""
    measured: list[tuple[str, Timed, str]] = []
    for name in BEAT_SCENES:
        scene = bench.scene(name)
        if scene is None:
            bench.report.notes.append(f"6/7. skipped: {name} is not among the measured scenes")
            continue
        try:
            edit, beat = last_beat_edit(scene.file(bench.project), scene.class_name)
            caption, _ = caption_edit(scene.file(bench.project), scene.class_name)
        except BenchError as error:
            bench.report.notes.append(f"6/7. {name} skipped: {error}")
            continue
        measured.append((name, _runs(bench, name, edit, caption), beat))
    for letter, (name, timed, beat) in zip("abcdefgh", measured, strict=False):
        _report_edit(bench, f"6{letter}", name, timed, beat)
    for letter, (name, timed, _) in zip("abcdefgh", measured, strict=False):
        _report_caption(bench, f"7{letter}", name, timed)


def _problems(bench: Bench, label: str, problems: list[str | None]) -> bool:
    """Note each run that did not do what it should; True if all did."""
    for rep, problem in enumerate(problems, 1):
        if problem is not None:
            bench.report.notes.append(f"{label}, repetition {rep}: {problem}")
    return all(p is None for p in problems)


def _report_edit(bench: Bench, label: str, scene: str, timed: Timed, beat: str) -> None:
    whole, edited = statistics.median(timed.whole), statistics.median(timed.edited)
    bench.report.raw[f"{scene} whole, medium, render.py --force"] = timed.whole
    bench.report.raw[f"{scene} last beat edited, medium, render.py"] = timed.edited
    ok = _problems(bench, label, timed.edited_problems)
    ratio = edited / whole
    only = f"1 of {timed.beats} beats rendered" if ok else "**more than that beat rendered**"
    bench.report.results.append(
        Result(
            f"{label}. Last beat of {scene} ({beat}) edited, medium",
            f"{edited:.1f} s, {only}; whole render {whole:.1f} s: **{ratio:.2f}×**",
            f"≤ {LAST_BEAT_TARGET} × the scene's whole render, only that beat",
            ratio <= LAST_BEAT_TARGET and ok,
        )
    )
    if ratio > LAST_BEAT_TARGET:
        rep = timed.edited.index(sorted(timed.edited)[len(timed.edited) // 2])
        where = breakdown(timed.edited[rep], timed.edited_jobs[rep])
        bench.report.notes.append(f"{label}. where the median run's time went: {where}")


def _report_caption(bench: Bench, label: str, scene: str, timed: Timed) -> None:
    whole, caption = statistics.median(timed.whole), statistics.median(timed.caption)
    bench.report.raw[f"{scene} caption edited, medium, render.py"] = timed.caption
    ok = _problems(bench, label, timed.caption_problems)
    ratio = caption / whole
    frames = f"0 of {timed.beats} beats rendered" if ok else "**frames rendered**"
    bench.report.results.append(
        Result(
            f"{label}. Caption-only edit, {scene}, medium",
            f"{caption:.1f} s, {frames}; whole render {whole:.1f} s: **{ratio:.2f}×**",
            f"no frames, ≤ {CAPTION_TARGET} × the scene's whole render",
            ratio <= CAPTION_TARGET and ok,
        )
    )
    if ratio > CAPTION_TARGET:
        rep = timed.caption.index(sorted(timed.caption)[len(timed.caption) // 2])
        where = breakdown(timed.caption[rep], timed.caption_jobs[rep])
        bench.report.notes.append(f"{label}. where the median run's time went: {where}")
