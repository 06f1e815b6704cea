"""Measurement 1: every scene from cold at low quality, ``render.py -j N --force`` into a
fresh output folder against plain ``manim -ql`` one scene after another, against the
scene-level pipeline (render.py before beat jobs, same scenes), and ``render.py -j 1``
(whose job log measurement 8 reads)."""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .console import BenchError, log
from .context import Bench
from .report import Result
from .runs import Run, durations, entries, manim_cmd, render_py, run

TARGET = 0.55  #: render.py's cold time as a share of sequential manim's
SCENE_LEVEL_TARGET = 1.05  #: ... and of the scene-level pipeline's


@dataclass
class Cold:
    """The cold renders' timings; later measurements reuse the last repetition's folders."""

    out: Path  #: render.py's output folder of the last repetition
    media: Path  #: manim's media folder of the last repetition
    render_py: list[float] = field(default_factory=list)
    render_py_cpu: list[float] = field(default_factory=list)
    manim: list[float] = field(default_factory=list)  #: sum over the scenes
    manim_cpu: list[float] = field(default_factory=list)
    scene_level: list[float] = field(default_factory=list)  #: the baseline's render.py
    serial: list[float] = field(default_factory=list)  #: render.py -j 1
    serial_outs: list[Path] = field(default_factory=list)  #: its output folders
    loads: list[float] = field(default_factory=list)  #: 1-minute load before each repetition
    per_scene: dict[str, list[float]] = field(default_factory=dict)  #: manim, by scene
    durations: dict[str, float] = field(default_factory=dict)  #: video seconds, by scene

    @property
    def seconds(self) -> float:
        """Median wall seconds of render.py."""
        return statistics.median(self.render_py)

    @property
    def manim_seconds(self) -> float:
        """Median wall seconds of manim, all scenes one after another."""
        return statistics.median(self.manim)

    @property
    def video(self) -> float:
        """Seconds of video of all the scenes."""
        return sum(self.durations.values())


def manim_sequential(bench: Bench, media: Path) -> dict[str, Run]:
    """Plain manim renders of every scene, one after another, into ``media``."""
    runs: dict[str, Run] = {}
    for scene in bench.scenes:
        cmd = manim_cmd(bench.project, scene.file(bench.project), scene.class_name, media)
        runs[scene.name] = run(cmd, bench.project)
    return runs


def _folders(bench: Bench, rep: int) -> tuple[Path, Path]:
    return bench.work / f"cold-out-{rep}", bench.work / f"cold-media-{rep}"


def _manim_rep(bench: Bench, cold: Cold, rep: int) -> bool:
    count = len(bench.scenes)
    log(f"cold {rep + 1}/{bench.plan.reps}: plain manim -ql, {count} scenes in sequence")
    runs = manim_sequential(bench, _folders(bench, rep)[1])
    for name, done in runs.items():
        cold.per_scene.setdefault(name, []).append(done.seconds)
    cold.manim.append(sum(done.seconds for done in runs.values()))
    cold.manim_cpu.append(sum(done.cpu for done in runs.values()))
    return True


def _drop_failed(bench: Bench, failed: list[str], stderr: str) -> None:
    """Note the scenes that failed to render, with their errors, and stop measuring them."""
    errors = [ln.strip() for ln in stderr.splitlines() if any(f"{n}:" in ln for n in failed)]
    why = " | ".join(errors) or stderr.strip()[-300:]
    bench.report.notes.append(f"skipped, failed to render: {', '.join(failed)} ({why})")
    log(f"failed to render: {', '.join(failed)}; starting over without them")
    bench.scenes = [s for s in bench.scenes if s.name not in failed]
    if not bench.scenes:
        raise BenchError("every scene failed to render")


def _render_py(bench: Bench, out: Path, jobs: int, what: str) -> Run | None:
    """One cold render.py run into ``out``; None (and its failed scenes dropped) if a
    scene failed."""
    log(f"{what}: render.py -j {jobs} --force ({len(bench.scenes)} scenes)")
    done = render_py(bench.project, bench.names, out, jobs=jobs, check=False)
    rendered = {scene for scene, _ in entries(out)}
    failed = [n for n in bench.names if n not in rendered]
    if failed:
        _drop_failed(bench, failed, done.stderr)
        return None
    return done


def _render_py_rep(bench: Bench, cold: Cold, rep: int) -> bool:
    what = f"cold {rep + 1}/{bench.plan.reps}"
    done = _render_py(bench, _folders(bench, rep)[0], bench.plan.jobs, what)
    if done is None:
        return False
    cold.render_py.append(done.seconds)
    cold.render_py_cpu.append(done.cpu)
    return True


def _serial_rep(bench: Bench, cold: Cold, rep: int) -> bool:
    out = bench.work / f"cold-serial-{rep}"
    done = _render_py(bench, out, 1, f"cold {rep + 1}/{bench.plan.reps}")
    if done is None:
        return False
    cold.serial.append(done.seconds)
    cold.serial_outs.append(out)
    return True


def _scene_level_rep(bench: Bench, cold: Cold, rep: int) -> bool:
    """The baseline's render.py; if it fails, a note, and no baseline from now on."""
    if bench.baseline is None:
        return True
    jobs, out = bench.plan.jobs, bench.work / f"cold-base-{rep}"
    log(f"cold {rep + 1}/{bench.plan.reps}: scene-level render.py ({bench.baseline_source})")
    done = render_py(bench.baseline, bench.names, out, jobs=jobs, check=False)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-2:])
        bench.report.notes.append(f"1c. skipped: the scene-level render.py failed ({tail})")
        bench.baseline = None
        return True
    cold.scene_level.append(done.seconds)
    return True


Contender = Callable[[Bench, Cold, int], bool]
CONTENDERS: tuple[Contender, ...] = (_render_py_rep, _manim_rep, _scene_level_rep, _serial_rep)


def _all_reps(bench: Bench, cold: Cold) -> bool:
    """Every repetition of every contender, their order rotated each time (fair to a
    drifting load); False as soon as a scene fails to render."""
    for rep in range(bench.plan.reps):
        cold.loads.append(os.getloadavg()[0])
        turn = rep % len(CONTENDERS)
        for contender in CONTENDERS[turn:] + CONTENDERS[:turn]:
            if not contender(bench, cold, rep):
                return False
    return True


def measure_cold(bench: Bench) -> Cold:
    """Measurement 1, started over without any scene that fails to render."""
    last = _folders(bench, bench.plan.reps - 1)
    cold = Cold(*last)
    while not _all_reps(bench, cold):
        cold = Cold(*last)
    found = durations(cold.out)
    cold.durations = {name: found[name] for name in bench.names}
    bench.report.scenes = bench.names
    _report(bench, cold)
    _report_scene_level(bench, cold)
    return cold


def _report(bench: Bench, cold: Cold) -> None:
    """Results 1 (wall time against the target) and 1b (CPU time), and why a miss."""
    report, seconds, manim = bench.report, cold.seconds, cold.manim_seconds
    report.raw["cold render.py"] = cold.render_py
    report.raw["cold manim (sum of scenes)"] = cold.manim
    report.raw["cold render.py, CPU seconds"] = cold.render_py_cpu
    report.raw["cold manim, CPU seconds"] = cold.manim_cpu
    report.raw["cold render.py -j 1"] = cold.serial
    report.raw["load average (1 min) before each cold repetition"] = cold.loads
    ratio = seconds / manim
    report.results.append(
        Result(
            f"1. Cold render, all {len(bench.scenes)} scenes, low",
            f"render.py {seconds:.1f} s vs manim {manim:.1f} s: **{ratio:.2f}×**",
            f"≤ {TARGET} × sequential manim",
            ratio <= TARGET,
        )
    )
    rp_cpu, manim_cpu = statistics.median(cold.render_py_cpu), statistics.median(cold.manim_cpu)
    report.results.append(
        Result(
            "1b. Cold render: CPU time (user + system, all processes)",
            f"render.py {rp_cpu:.0f} s ({rp_cpu / seconds:.2f} cores busy) vs "
            f"manim {manim_cpu:.0f} s ({manim_cpu / manim:.2f} cores busy)",
        )
    )
    if ratio > TARGET:
        needed = manim_cpu / manim / TARGET  # manim's CPU work in TARGET of its time
        report.notes.append(
            f"1. cold: meeting the target needs about {needed:.1f} cores busy; render.py kept"
            f" {rp_cpu / seconds:.2f} of the {os.cpu_count()} busy, on a machine whose load"
            f" average (other processes) was {report.load_before} when the bench began"
            f" (total CPU: render.py {rp_cpu:.0f} s, manim {manim_cpu:.0f} s)"
        )


def _report_scene_level(bench: Bench, cold: Cold) -> None:
    """Result 1c: beat jobs against the scene-level pipeline, same scenes, same run."""
    if not cold.scene_level:
        return
    base = statistics.median(cold.scene_level)
    bench.report.raw[f"cold scene-level render.py ({bench.baseline_source})"] = cold.scene_level
    ratio = cold.seconds / base
    bench.report.results.append(
        Result(
            f"1c. Cold render: beat jobs vs scene-level jobs ({bench.baseline_source})",
            f"render.py {cold.seconds:.1f} s vs {base:.1f} s: **{ratio:.2f}×**",
            f"≤ {SCENE_LEVEL_TARGET} × scene-level",
            ratio <= SCENE_LEVEL_TARGET,
        )
    )
