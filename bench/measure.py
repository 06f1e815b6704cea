"""The measurements, side by side in one run on a copy of the project.

(a)-(c), :func:`measure_edits`: per scene, its whole render (``--force``, beat cache
emptied) and each of its edits applied, rendered and undone, every repetition.
(d), (e) and the scaling, :func:`measure_cold`: every scene from cold, render.py against
plain manim one scene after another (their order alternating), then render.py again with
nothing changed, then once more at ``-j 1`` with every scene file touched by a comment
(out of date, nothing to draw), for the skipping times and render.py's own seconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from . import joblog, scaling
from .patches import BenchError, Edit
from .report import Report, Row
from .runs import THEME, Size, clear_beats, load, manim, render

MARK = "\n# bench: the scene is out of date, none of its beats\n"


def log(message: str) -> None:
    """``[bench HH:MM:SS] message`` on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Bench:
    project: Path  #: the copy of the project
    work: Path  #: where the outputs go
    reps: int
    jobs: int  #: render.py -j
    report: Report


def measure_edits(bench: Bench, edits: Sequence[Edit], size: Size) -> None:
    """Rows (a)-(c) for ``edits``, scene by scene."""
    for scene in dict.fromkeys(e.scene for e in edits):
        mine = [e for e in edits if e.scene == scene]
        out, whole, loads = bench.work / f"edits-{scene}", [], []
        runs: dict[Edit, list[float]] = {e: [] for e in mine}
        said: dict[Edit, set[str]] = {e: set() for e in mine}  #: what the runs did
        wrong: dict[Edit, set[str]] = {e: set() for e in mine}  #: what they should not have
        log(f"{scene} at {size}: a first whole render (not timed: it fills LaTeX's cache)")
        render(bench.project, [scene], out, size, bench.jobs, force=True)
        for rep in range(bench.reps):
            loads.append(load())
            log(f"{scene} at {size}, {rep + 1}/{bench.reps}: whole, then {len(mine)} edits")
            clear_beats(out, scene)
            before = len(joblog.read(out))
            whole.append(render(bench.project, [scene], out, size, bench.jobs, force=True))
            beats = max((len(j.beats) for j in joblog.read(out, before)), default=0)
            for edit in mine:
                before = len(joblog.read(out))
                with edit.patch.applied(bench.project):
                    runs[edit].append(render(bench.project, [scene], out, size, bench.jobs))
                jobs = joblog.read(out, before)
                said[edit].add(joblog.summary(jobs, beats))
                wrong[edit].add(problem(edit, jobs, out))
        bench.report.raw[f"load (1 min) before each repetition, {scene}"] = loads
        bench.report.raw[f"{scene} whole render, --force"] = whole
        for edit in mine:
            label, problems = f"{edit.label}, {scene}, {size}", sorted(wrong[edit] - {""})
            bench.report.raw[f"{scene} {edit.label}"] = runs[edit]
            bench.report.notes += [f"{label}: {p}" for p in problems]
            detail = " / ".join(sorted(said[edit]))
            row = Row(label, runs[edit], whole, "whole", edit.target, detail, not problems)
            bench.report.rows.append(row)


def problem(edit: Edit, jobs: list[joblog.Job], out: Path) -> str:
    """What a run did that ``edit`` should not make it do (empty: nothing): draw another
    beat; with none to draw, start manim or leave captions that do not say the edit."""
    if drew := [name for job in jobs for name in job.rendered if name not in edit.may_render]:
        return f"drew {', '.join(drew)}"
    if edit.may_render:
        return ""
    captions = next(out.glob(f"*/{THEME}/{edit.scene}.srt"), None)
    if captions is None or "edited" not in captions.read_text(encoding="utf-8"):
        return "the captions do not say the edit"
    return "started manim" if any(job.manim for job in jobs) else ""


def measure_cold(bench: Bench, scenes: Sequence[str], size: Size) -> None:
    """Rows (d) and (e) and the scaling section for ``scenes``."""
    cold: list[float] = []
    plain: list[float] = []
    logs, loads, project, jobs = [], [], bench.project, bench.jobs
    for rep in range(bench.reps):
        loads.append(load())
        out, media = bench.work / f"cold-{rep}", bench.work / f"media-{rep}"
        for turn in ((rep + i) % 2 for i in range(2)):
            log(f"cold {rep + 1}/{bench.reps}: {['render.py', 'plain manim'][turn]}, {size}")
            if turn == 0:
                cold.append(render(project, scenes, out, size, jobs, force=True))
            else:
                plain.append(manim(project, scenes, media, size))
        logs.append(joblog.read(out))
    n, report = len(scenes), bench.report
    report.raw["load (1 min) before each cold repetition"] = loads
    report.raw[f"cold render.py -j {jobs}"], report.raw["cold plain manim"] = cold, plain
    report.rows.append(Row(f"(d) cold, {n} scenes, {size}", cold, plain, "manim", 0.55))
    same, out = [], bench.work / f"cold-{bench.reps - 1}"
    for rep in range(bench.reps):
        log(f"nothing changed {rep + 1}/{bench.reps}")
        same.append(render(project, scenes, out, size, jobs))
    report.raw["nothing changed"] = same
    detail = f"{len(joblog.read(out)) - len(logs[-1])} jobs logged"
    report.rows.append(Row(f"(e) nothing changed, {n} scenes", same, cold, "cold", 0.02, detail))
    log("scaling: render.py -j 1 with every scene file touched")
    with ExitStack() as undo:
        for name in scenes:
            path = project / "scenes" / (name.replace("-", "_") + ".py")
            undo.callback(path.write_text, path.read_text(encoding="utf-8"), encoding="utf-8")
            path.write_text(path.read_text(encoding="utf-8") + MARK, encoding="utf-8")
        before = len(joblog.read(out))
        wall = render(project, scenes, out, size, 1)
    touched = joblog.read(out, before)
    parent = max(0.0, wall - sum(j.seconds for j in touched))
    times, guessed = scaling.scene_times(logs, touched)
    if not times:
        raise BenchError("no scene job in the cold renders' job log")
    report.scaling = scaling.section(times, parent, {jobs: statistics.median(cold)})
    if guessed:
        report.notes.append(f"scaling: no skipping time for some beats of {', '.join(guessed)}")
