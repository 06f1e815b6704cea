"""Measurements 4 and 5: the real-time factor (render seconds per video second) at low
and high quality, and the encode-only floor of the same numbers of frames."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from renderkit.plan.quality import Quality

from .cold import Cold
from .console import log
from .context import Bench
from .encode import encode_floor
from .report import Result
from .runs import HIGH, LOW, THEME, durations, render_py


@dataclass(frozen=True)
class High:
    """The high-quality renders of one scene."""

    scene: str
    seconds: list[float]  #: wall seconds of every repetition
    video: float  #: seconds of video
    out: Path  #: the first repetition's output folder

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure_realtime(bench: Bench, cold: Cold) -> High | None:
    """Measurement 4: the per-scene table and the low factor (4a) from the cold renders,
    then one scene at high quality (4b) unless skipped; the high renders, if any."""
    for scene in bench.names:
        seconds, video = statistics.median(cold.per_scene[scene]), cold.durations.get(scene, 0.0)
        rtf = f"{seconds / video:.2f}" if video else "?"
        bench.report.per_scene.append((scene, f"{video:.1f}", f"{seconds:.1f}", rtf))
    bench.report.results.append(
        Result(
            f"4a. Real-time factor, low ({LOW.width}×{LOW.height} @ {LOW.fps})",
            f"plain manim {cold.manim_seconds / cold.video:.2f}; "
            f"render.py -j {bench.plan.jobs} {cold.seconds / cold.video:.2f} "
            f"({cold.video:.1f} s of video)",
        )
    )
    if bench.plan.skip_high:
        bench.report.notes.append("4b. high quality skipped (--skip-high)")
        return None
    high = _render_high(bench, _high_scene(bench, cold))
    bench.report.raw[f"high {high.scene}, render.py -j 1"] = high.seconds
    bench.report.results.append(
        Result(
            f"4b. Real-time factor, high ({HIGH.width}×{HIGH.height} @ {HIGH.fps}), {high.scene}",
            f"{high.median / high.video:.2f} ({high.median:.1f} s for {high.video:.1f} s of video)",
        )
    )
    return high


def _high_scene(bench: Bench, cold: Cold) -> str:
    """``--high-scene`` if it is measured, else the shortest scene."""
    if bench.plan.high_scene in bench.names:
        return bench.plan.high_scene
    return min(bench.names, key=lambda name: cold.durations.get(name, float("inf")))


def _render_high(bench: Bench, scene: str) -> High:
    """``render.py -j 1 -q high`` of ``scene``, each repetition into a fresh folder."""
    reps = bench.plan.high_reps or bench.plan.reps
    seconds: list[float] = []
    video = 0.0
    for rep in range(reps):
        log(f"high {rep + 1}/{reps}: render.py {scene} -q high")
        out = bench.work / f"high-{rep}"
        seconds.append(render_py(bench.project, [scene], out, jobs=1, quality=HIGH).seconds)
        video = durations(out, HIGH)[scene]
    return High(scene, seconds, video, bench.work / "high-0")


def _floor(bench: Bench, key: str, size: Quality, frames: int, still: Path) -> float:
    """Median seconds of encoding ``frames`` of ``still``, every repetition in ``raw``."""
    seconds = [encode_floor(size, frames, still) for _ in range(bench.plan.reps)]
    bench.report.raw[key] = seconds
    return statistics.median(seconds)


def measure_floor(bench: Bench, cold: Cold, high: High | None) -> None:
    """Measurement 5: encoding alone, as many frames as the low renders made, of the
    first scene's poster (5a), and as the high render made, of its poster (5b)."""
    poster = cold.out / LOW.name / THEME / f"{bench.names[0]}.poster.png"
    frames = sum(round(cold.durations[name] * LOW.fps) for name in bench.names)
    low = _floor(bench, "encode floor, low", LOW, frames, poster)
    bench.report.results.append(
        Result(
            "5a. Encode-only floor, low",
            f"{low:.2f} s for {frames} frames "
            f"(render.py cold is {cold.seconds / low:.0f}× that, on {bench.plan.jobs} cores)",
        )
    )
    if high is None:
        return
    frames = round(high.video * HIGH.fps)
    poster = high.out / HIGH.name / THEME / f"{high.scene}.poster.png"
    floor = _floor(bench, "encode floor, high", HIGH, frames, poster)
    bench.report.results.append(
        Result(
            f"5b. Encode-only floor, high, {high.scene}",
            f"{floor:.2f} s for {frames} frames (render.py is {high.median / floor:.1f}× that)",
        )
    )
