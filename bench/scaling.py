"""Measurement 8: how the cold render would scale past this machine's cores.

From the ``render.py -j 1`` cold renders' job log (each scene job's seconds and each
beat's wall time) and one dry run of every scene (each beat's time skipped), simulate
scene-level scheduling (one job per scene) and beat-level scheduling (scenes cut into
beat runs, each job paying the scene's measured per-job overhead and the skipping through
the beats before it) on more cores, longest job first (:mod:`bench.schedule`). The
parent's own time (render.py's start, fingerprints, assembling each scene) is serial and
added to every simulated time.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

from .cold import Cold
from .console import BenchError, log
from .context import Bench
from .joblog import JobRecord, read_jobs
from .report import Table
from .runs import render_py
from .schedule import (
    SceneTimes,
    beat_critical_path,
    beat_level,
    scene_critical_path,
    scene_level,
    total_work,
)

CORES = (1, 2, 4, 8, 16)
DRY_RUN_MARK = "\n# bench: a comment, so the scene is out of date but none of its beats\n"


def median_times(
    runs: Sequence[Sequence[JobRecord]], plans: Sequence[JobRecord]
) -> list[SceneTimes]:
    """Each scene's times: the median over ``runs`` (each a cold render's jobs, one
    ``scene`` job per scene) of its job overhead and of each beat's wall time, with the
    dry runs' (``plans``) per-beat times as the cost of skipping. Scenes in run order."""
    skips = {p.scene: tuple(b.wall for b in p.beats) for p in plans if p.mode == "plan"}
    by_scene: dict[str, list[JobRecord]] = {}
    for jobs in runs:
        for job in jobs:
            if job.mode == "scene" and job.ok:
                by_scene.setdefault(job.scene, []).append(job)
    times = []
    for scene, jobs in by_scene.items():
        count = min(len(j.beats) for j in jobs)
        walls = tuple(statistics.median(j.beats[i].wall for j in jobs) for i in range(count))
        if scene not in skips or len(skips[scene]) < count:
            raise BenchError(f"no dry run of {scene} with its {count} beats")
        overhead = statistics.median(j.overhead for j in jobs)
        times.append(SceneTimes(scene, overhead, walls, skips[scene][:count]))
    return times


def parent_seconds(wall: float, jobs: Sequence[JobRecord]) -> float:
    """render.py's own time in a ``-j 1`` run: its wall time less its jobs' (which ran
    one after another)."""
    return max(0.0, wall - sum(j.seconds for j in jobs))


def dry_runs(bench: Bench, out: Path) -> list[JobRecord]:
    """Every scene's dry run in ``out`` (rendered cold just before): each scene file gets
    a comment (the scene is out of date, every beat still cached), render.py runs, the
    files are restored. The jobs it ran."""
    paths = [scene.file(bench.project) for scene in bench.scenes]
    originals = {path: path.read_text(encoding="utf-8") for path in paths}
    before = len(read_jobs(out))
    try:
        for path, text in originals.items():
            path.write_text(text + DRY_RUN_MARK, encoding="utf-8")
        log("scaling: render.py -j 1 with every scene out of date and its beats cached")
        render_py(bench.project, bench.names, out, jobs=1, force=False)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    return read_jobs(out, before)


def _row(cores: int, scenes: list[SceneTimes], serial: float, measured: str) -> tuple[str, ...]:
    scene_cp, beat_cp = scene_critical_path(scenes)[0], beat_critical_path(scenes)[0]
    return (
        str(cores),
        f"{scene_level(scenes, cores) + serial:.1f}",
        f"{beat_level(scenes, cores) + serial:.1f}",
        f"{scene_cp + serial:.1f} / {beat_cp + serial:.1f}",
        measured,
    )


def limits(scenes: list[SceneTimes], serial: float, plans: Sequence[JobRecord]) -> list[str]:
    """What bounds the simulated times, in words and numbers."""
    work = total_work(scenes)
    scene_cp, longest = scene_critical_path(scenes)
    beat_cp, costliest = beat_critical_path(scenes)
    top = CORES[-1]
    text = [
        "measured: render.py's own wall time on this machine (-j 1, and the bench's -j); the"
        " 1-core row checks the model against itself, the bench's -j row shows what running"
        " jobs side by side costs here.",
        f"Every simulated time includes render.py's own {serial:.1f} s (its start, the"
        " fingerprints and assembling each scene from its clips run in the parent, one after"
        f" another). The jobs add up to {work:.1f} s of work ({work / top:.1f} s on {top}"
        f" cores). Scene-level cannot end before its longest scene ({longest},"
        f" {scene_cp:.1f} s); beat-level not before the cheapest job that renders the"
        f" costliest beat ({costliest}: {beat_cp:.1f} s with its job's start and the"
        " skipping through the beats before it). Once work / cores falls below that critical"
        " path more cores buy nothing: what is left is the longest beat, the per-job overhead"
        " (process start, manim's import, the scene's set-up) and the serial parent.",
    ]
    plan = max(plans, key=lambda p: p.seconds, default=None)
    if plan is not None:
        text.append(
            "The beat-level column assumes each beat's time is known from the last run (as"
            " for a scene rendered before); a scene rendered for the first time needs its dry"
            f" run first, up to {plan.seconds:.1f} s ({plan.scene}), before its beats can"
            " be split; and the skipping is timed with LaTeX's cache warm (a cold split"
            " compiles a scene's equations in every job that skips through them)."
        )
    return text


def measure_scaling(bench: Bench, cold: Cold) -> None:
    """Measurement 8: the simulated scaling table from the ``-j 1`` cold renders."""
    if not cold.serial_outs:
        bench.report.notes.append("8. skipped: no render.py -j 1 cold render")
        return
    runs = [read_jobs(out) for out in cold.serial_outs]
    plans = dry_runs(bench, cold.serial_outs[-1])
    rendered = sorted({p.scene for p in plans if p.rendered})
    if rendered:
        bench.report.notes.append(f"8. the dry-run pass rendered beats of {', '.join(rendered)}")
    scenes = median_times(runs, plans)
    serial = statistics.median(
        parent_seconds(wall, jobs) for wall, jobs in zip(cold.serial, runs, strict=True)
    )
    measured = {1: statistics.median(cold.serial), bench.plan.jobs: cold.seconds}
    table = Table(
        "8. Scaling the cold render (low), simulated from measured job times",
        ("cores", "scene-level s", "beat-level s", "critical path s (scene / beat)", "measured s"),
    )
    for cores in sorted({*CORES, *measured}):
        here = f"{measured[cores]:.1f}" if cores in measured else ""
        table.rows.append(_row(cores, scenes, serial, here))
    table.text = limits(scenes, serial, plans)
    bench.report.tables.append(table)
    bench.report.raw["scaling: render.py's own seconds in -j 1"] = [serial]
