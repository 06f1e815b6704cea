"""Makespans of scene-level and beat-level render jobs on more cores than this machine has,
simulated from measured job times (list scheduling, longest job first)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SceneTimes:
    """One scene's measured times: what a job of it costs, whatever beats it renders."""

    scene: str
    overhead: float  #: seconds a job spends outside its beats (start, imports, clips)
    walls: tuple[float, ...]  #: seconds each beat takes to draw and encode
    skips: tuple[float, ...]  #: seconds each beat takes skipped (the dry run's times)

    def cost(self, start: int, stop: int) -> float:
        """Seconds of a job rendering beats ``[start, stop)``:
        ``overhead + sum(skips[:start]) + sum(walls[start:stop])``."""
        return self.overhead + sum(self.skips[:start]) + sum(self.walls[start:stop])

    @property
    def whole(self) -> float:
        """Seconds of the one job rendering every beat."""
        return self.cost(0, len(self.walls))


def lpt_makespan(durations: Iterable[float], cores: int) -> float:
    """When the last job ends if each job, longest first, starts on the core that frees
    up first (Graham's list scheduling, LPT): at most 4/3 of the optimum.

    >>> lpt_makespan([3, 3, 2, 2, 2], 2)
    7.0
    """
    if cores < 1:
        raise ValueError(f"cores must be at least 1, not {cores}")
    loads = [0.0] * cores
    for duration in sorted(durations, reverse=True):
        heapq.heapreplace(loads, loads[0] + duration)
    return max(loads)


def pieces(scene: SceneTimes, cap: float) -> list[tuple[int, int]]:
    """``scene``'s beats cut into the fewest contiguous jobs ``[a, b)`` that each cost at
    most ``cap`` (a beat that alone costs more is a job of its own); greedy, which is
    optimal for contiguous runs with costs growing along them."""
    count = len(scene.walls)
    if count == 0:
        return [(0, 0)]
    cut: list[tuple[int, int]] = []
    start = 0
    while start < count:
        stop = start + 1
        while stop < count and scene.cost(start, stop + 1) <= cap:
            stop += 1
        cut.append((start, stop))
        start = stop
    return cut


def _caps(scenes: Sequence[SceneTimes]) -> list[float]:
    """Every cost a job can have: the caps worth trying."""
    caps = {s.whole for s in scenes}
    for s in scenes:
        count = len(s.walls)
        caps.update(s.cost(a, b) for a in range(count) for b in range(a + 1, count + 1))
    return sorted(caps)


def beat_level(scenes: Sequence[SceneTimes], cores: int) -> float:
    """The best makespan of scenes cut into beat runs on ``cores``: over every cap on a
    job's cost, cut each scene with :func:`pieces` and list-schedule the jobs. Never worse
    than :func:`scene_level` (the largest cap cuts nothing)."""
    best = float("inf")
    for cap in _caps(scenes):
        jobs = [s.cost(a, b) for s in scenes for a, b in pieces(s, cap)]
        best = min(best, lpt_makespan(jobs, cores))
    return best


def scene_level(scenes: Sequence[SceneTimes], cores: int) -> float:
    """The makespan of one job per scene, longest first, on ``cores``."""
    return lpt_makespan((s.whole for s in scenes), cores)


def scene_critical_path(scenes: Sequence[SceneTimes]) -> tuple[float, str]:
    """The longest scene job (no scene-level schedule ends sooner), and its scene."""
    longest = max(scenes, key=lambda s: s.whole)
    return longest.whole, longest.scene


def beat_critical_path(scenes: Sequence[SceneTimes]) -> tuple[float, str]:
    """No beat-level schedule ends sooner than the cheapest job that renders the costliest
    beat: ``max over beats b of min over a <= b of cost(a, b + 1)`` (one beat, its job's
    overhead and the skipping through the beats before it); and which beat that is."""
    worst, where = 0.0, ""
    for s in scenes:
        if not s.walls:
            worst, where = max((worst, where), (s.overhead, s.scene))
        for b in range(len(s.walls)):
            cheapest = min(s.cost(a, b + 1) for a in range(b + 1))
            if cheapest > worst:
                worst, where = cheapest, f"{s.scene} beat {b + 1}"
    return worst, where


def total_work(scenes: Sequence[SceneTimes]) -> float:
    """Seconds of all the scene jobs together (no split)."""
    return sum(s.whole for s in scenes)
