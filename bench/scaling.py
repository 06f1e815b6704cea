"""How the cold render would scale past this machine's cores, simulated from job times.

Each scene's job overhead (its seconds outside its beats) and each beat's wall time come
from the cold renders' job log; a beat's cost when a later job skips through it is its
wall time in a job that did not draw it. Scene-level: one job per scene; beat-level:
each scene cut into runs of beats, each run a job paying the overhead and the skipping
through the beats before it. Jobs are list-scheduled longest first (Graham's LPT); the
parent's own (serial) seconds are added to every figure.
"""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .joblog import Job
from .report import table

CORES = (1, 2, 4, 8, 16)


@dataclass(frozen=True)
class SceneTimes:
    scene: str
    overhead: float
    walls: tuple[float, ...]  #: seconds to draw each beat
    skips: tuple[float, ...]  #: seconds to skip through each beat

    def cost(self, start: int, stop: int) -> float:
        """Seconds of one job drawing beats ``[start, stop)``."""
        return self.overhead + sum(self.skips[:start]) + sum(self.walls[start:stop])

    @property
    def whole(self) -> float:
        return self.cost(0, len(self.walls))


def lpt(durations: Iterable[float], cores: int) -> float:
    """When the last job ends, each job (longest first) on the core that frees up first."""
    loads = [0.0] * cores
    for duration in sorted(durations, reverse=True):
        heapq.heapreplace(loads, loads[0] + duration)
    return max(loads)


def pieces(scene: SceneTimes, cap: float) -> list[float]:
    """The costs of ``scene`` cut greedily into runs of beats costing at most ``cap`` each
    (a beat that alone costs more is a run of its own)."""
    costs, start, count = [], 0, len(scene.walls)
    while start < count:
        stop = start + 1
        while stop < count and scene.cost(start, stop + 1) <= cap:
            stop += 1
        costs.append(scene.cost(start, stop))
        start = stop
    return costs


def scene_level(scenes: Sequence[SceneTimes], cores: int) -> float:
    return lpt((s.whole for s in scenes), cores)


def beat_level(scenes: Sequence[SceneTimes], cores: int) -> float:
    """The best of every cap on a job's cost (every cost a run can have); never worse
    than :func:`scene_level`, whose jobs the largest cap gives."""
    caps = {
        s.cost(a, b)
        for s in scenes
        for a in range(len(s.walls))
        for b in range(a + 1, len(s.walls) + 1)
    }
    return min(lpt([c for s in scenes for c in pieces(s, cap)], cores) for cap in caps)


def scene_times(
    cold: Sequence[Sequence[Job]], skipped: Sequence[Job]
) -> tuple[list[SceneTimes], list[str]]:
    """Each scene's times, medians over the ``cold`` runs' ``scene`` jobs; its skips from
    every job (of ``cold`` and ``skipped``) that went through a beat without drawing it.
    Also the scenes with a beat never skipped (its drawing time stands in for it)."""
    runs: dict[str, list[Job]] = {}
    for job in (j for jobs in cold for j in jobs if j.mode == "scene" and j.ok):
        runs.setdefault(job.scene, []).append(job)
    skips: dict[tuple[str, int], list[float]] = {}
    for job in [*(j for jobs in cold for j in jobs), *skipped]:
        for i, (_, wall, drawn) in enumerate(job.beats):
            if not drawn:
                skips.setdefault((job.scene, i), []).append(wall)
    times, guessed = [], []
    for scene, jobs in runs.items():
        count = min(len(j.beats) for j in jobs)
        walls = [statistics.median(j.beats[i][1] for j in jobs) for i in range(count)]
        skip = [statistics.median(skips.get((scene, i), [walls[i]])) for i in range(count)]
        guessed += [scene] if any((scene, i) not in skips for i in range(count)) else []
        overhead = statistics.median(j.seconds - sum(b[1] for b in j.beats) for j in jobs)
        times.append(SceneTimes(scene, overhead, tuple(walls), tuple(skip)))
    return times, guessed


def section(scenes: list[SceneTimes], parent: float, measured: dict[int, float]) -> list[str]:
    """The Markdown section: the table on 1-16 cores and what bounds it."""
    rows = []
    for n in sorted({*CORES, *measured}):
        simulated = [f"{level(scenes, n) + parent:.1f}" for level in (scene_level, beat_level)]
        rows.append([str(n), *simulated, f"{measured[n]:.1f}" if n in measured else ""])
    longest = max(scenes, key=lambda s: s.whole)
    floor, where = max(
        (min(s.cost(a, b + 1) for a in range(b + 1)), f"{s.scene} beat {b + 1}")
        for s in scenes
        for b in range(len(s.walls))
    )
    work = sum(s.whole for s in scenes)
    return [
        "",
        "## Scaling the cold render, simulated from jobs.jsonl",
        "",
        *table(["cores", "scene-level s", "beat-level s", "measured s"], rows),
        "",
        f"Each figure includes render.py's own {parent:.1f} s (its start, fingerprints and"
        f" assembling each scene: serial). The jobs add up to {work:.1f} s of work."
        f" Scene-level cannot end before its longest scene ({longest.scene},"
        f" {longest.whole:.1f} s), beat-level not before the cheapest job that draws the"
        f" costliest beat ({where}: {floor:.1f} s with its job's start and skipping).",
    ]
