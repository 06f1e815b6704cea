"""Running render.py and plain manim in the project snapshot, timed, and reading what
they wrote (the manifest, the published files)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from renderkit.outputs import manifest as manifest_file
from renderkit.outputs.manifest import Entry
from renderkit.plan.quality import Quality, get_quality
from renderkit.plan.spec import WORK_DIR

from .console import BenchError

THEME = "dark"  #: every render of the bench uses this theme
LOW = get_quality("low")
MEDIUM = get_quality("medium")
HIGH = get_quality("high")


@dataclass(frozen=True)
class Run:
    """One finished command."""

    seconds: float  #: wall-clock time
    cpu: float  #: CPU seconds (user + system) of it and everything it started
    returncode: int
    stdout: str
    stderr: str


def environment(project: Path) -> dict[str, str]:
    """This environment with ``project`` first on ``PYTHONPATH`` and the bench's theme."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), env.get("PYTHONPATH")]))
    env["CE_THEME"] = THEME
    env.pop("MPLBACKEND", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], project: Path, check: bool = True) -> Run:
    """Run ``cmd`` in ``project``, timed; :class:`BenchError` if it fails and ``check``.

    The CPU time is the growth of ``getrusage(RUSAGE_CHILDREN)`` over the run.
    """
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        list(cmd), cwd=project, env=environment(project), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    done = Run(seconds, _children_cpu() - cpu_before, proc.returncode, proc.stdout, proc.stderr)
    if check and done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(cmd[:4])}... exited {done.returncode}: {' | '.join(tail)}")
    return done


def render_py_cmd(
    project: Path,
    scenes: Sequence[str],
    out: Path,
    *,
    jobs: int,
    quality: Quality = LOW,
    force: bool = True,
    quiet: bool = True,
) -> list[str]:
    """The render.py command line: ``scenes`` at ``quality`` into ``out``, quietly (or
    with the summary on stdout)."""
    cmd = [sys.executable, str(project / "render.py"), *scenes, "-q", quality.name]
    cmd += ["-j", str(jobs), "-o", str(out), "--theme", THEME]
    cmd += ["--quiet"] if quiet else []
    return [*cmd, "--force"] if force else cmd


def render_py(
    project: Path,
    scenes: Sequence[str],
    out: Path,
    *,
    jobs: int,
    quality: Quality = LOW,
    force: bool = True,
    quiet: bool = True,
    check: bool = True,
) -> Run:
    """Run :func:`render_py_cmd`."""
    cmd = render_py_cmd(project, scenes, out, jobs=jobs, quality=quality, force=force, quiet=quiet)
    return run(cmd, project, check=check)


def manim_cmd(project: Path, scene_file: Path, class_name: str, media: Path) -> list[str]:
    """Plain ``manim render -ql --silent`` of one scene class into ``media``."""
    manim = Path(sys.executable).with_name("manim")
    cmd = [str(manim), "render", f"-q{LOW.letter}", "--silent", "--progress_bar", "none"]
    return [*cmd, "-v", "WARNING", "--media_dir", str(media), str(scene_file), class_name]


def entries(out: Path) -> dict[tuple[str, str], Entry]:
    """The manifest's entries in ``out`` by (scene, quality name)."""
    listed: list[Entry] = manifest_file.load(out)["entries"]
    return {(e["scene"], e["quality"]): e for e in listed}


def durations(out: Path, quality: Quality = LOW) -> dict[str, float]:
    """Seconds of video of every scene rendered at ``quality`` in ``out``."""
    found = entries(out).items()
    return {scene: float(e["duration"] or 0) for (scene, q), e in found if q == quality.name}


def outputs_state(out: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every published file, to tell whether a run wrote anything."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in out.rglob("*")
        if p.is_file()
        and ".work" not in p.relative_to(out).parts
        and p.name not in ("manifest.json", "index.html")
    }


def clear_beats(out: Path, scene: str) -> None:
    """Empty ``scene``'s beat caches in ``out`` (``OUT/.work/scenes/<scene>-*/beats``), so
    that ``--force`` renders it whole: with its beat clips cached, ``--force`` only runs a
    dry run and reuses them. manim's TeX caches beside them stay warm."""
    for cache in (out / WORK_DIR / "scenes").glob(f"{scene}-*/beats"):
        shutil.rmtree(cache)
