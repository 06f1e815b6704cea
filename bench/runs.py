"""Running render.py and plain manim, timed, on a copy of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from renderkit.plan.spec import TEX_CACHE_ENV, WORK_DIR
from scenes.registry import find_scene

from .patches import BenchError

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("render.py", "pyproject.toml", "scenes", "mathcore", "renderkit")  #: what renders
THEME = "dark"


@dataclass(frozen=True)
class Size:
    """A render.py quality, or (``--quick``) that quality at another size and rate."""

    quality: str  #: ``low`` or ``medium``
    resolution: str = ""  #: ``WxH``
    fps: int = 0

    def __str__(self) -> str:
        return f"{self.resolution} @ {self.fps} fps" if self.resolution else self.quality

    def render_args(self) -> list[str]:
        extra = ["--resolution", self.resolution, "--fps", str(self.fps)] if self.resolution else []
        return ["-q", self.quality, *extra]

    def manim_args(self) -> list[str]:
        w, _, h = self.resolution.partition("x")
        extra = ["-r", f"{w},{h}", "--fps", str(self.fps)] if self.resolution else []
        return [f"-q{self.quality[0]}", *extra]


def snapshot(dest: Path) -> str:
    """Copy the project's :data:`PARTS` (as they are on disk) to ``dest``; which commit
    that is (``git describe --dirty``: ``-dirty`` for uncommitted changes)."""
    for part in PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / part, dest / part)
    git = ["git", "-C", str(ROOT), "describe", "--always", "--dirty"]
    described = subprocess.run(git, capture_output=True, text=True)
    return f"commit {described.stdout.strip()}" if described.returncode == 0 else "no git"


def run(cmd: Sequence[str], project: Path) -> float:
    """Wall seconds of ``cmd`` run in ``project`` (its code first on the path, the bench's
    theme, no shared TeX cache); :class:`BenchError` with its last line if it fails."""
    env = {**os.environ, "CE_THEME": THEME, "PYTHONPATH": str(project)}
    env.pop(TEX_CACHE_ENV, None)
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        what = " ".join(Path(part).name for part in cmd[1:3])
        raise BenchError(f"{what} ... exited {done.returncode}: {last[0]}")
    return seconds


def render(
    project: Path, scenes: Sequence[str], out: Path, size: Size, jobs: int, force: bool = False
) -> float:
    """Seconds of ``render.py SCENES`` into ``out``, quiet (``--force`` if asked)."""
    cmd = [sys.executable, str(project / "render.py"), *scenes, *size.render_args()]
    cmd += ["-j", str(jobs), "-o", str(out), "--theme", THEME, "--quiet"]
    return run([*cmd, "--force"] if force else cmd, project)


def manim(project: Path, scenes: Sequence[str], media: Path, size: Size) -> float:
    """Seconds of plain ``manim render`` of each scene, one after another, into ``media``."""
    seconds = 0.0
    for name in scenes:
        info = find_scene(name)
        cmd = [sys.executable, "-m", "manim", "render", *size.manim_args(), "--silent"]
        cmd += ["--progress_bar", "none", "-v", "WARNING", "--media_dir", str(media)]
        seconds += run([*cmd, str(project / "scenes" / info.file.name), info.class_name], project)
    return seconds


def clear_beats(out: Path, scene: str) -> None:
    """Empty ``scene``'s beat caches in ``out``, so that ``--force`` renders every beat."""
    for cache in (out / WORK_DIR / "scenes").glob(f"{scene}-*/beats"):
        shutil.rmtree(cache)


def load() -> float:
    """The 1-minute load average."""
    return os.getloadavg()[0]
