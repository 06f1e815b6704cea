"""The project being measured: a snapshot of it in a temporary folder, and its scenes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .console import BenchError, log
from .runs import run

ROOT = Path(__file__).resolve().parents[1]
#: What a render needs; the snapshot holds only these.
PARTS = ("render.py", "pyproject.toml", "scenes", "mathcore", "renderkit")
#: The pipeline's parts: a baseline takes these from its commit, the rest from the snapshot.
PIPELINE = ("render.py", "pyproject.toml", "renderkit")
#: The file beat jobs added: the commit before it rendered one job per scene.
BEATS_FILE = "renderkit/beats.py"
_LIST_SCENES = (
    "import json; from scenes.registry import SCENES; "
    "print(json.dumps([[s.name, s.class_name] for s in SCENES]))"
)


@dataclass(frozen=True)
class Scene:
    """A scene of the snapshot's registry: its CLI name and class."""

    name: str
    class_name: str

    def file(self, project: Path) -> Path:
        """``project/scenes/<name with _>.py``."""
        return project / "scenes" / (self.name.replace("-", "_") + ".py")


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True)


def _git_snapshot(dest: Path, rev: str = "HEAD", parts: Sequence[str] = PARTS) -> str:
    """Extract ``rev``'s copy of ``parts`` into ``dest``; ``commit <short hash>``."""
    commit = _git("rev-parse", "--short", rev).stdout.decode().strip()
    archive = _git("archive", "--format=tar", rev, *parts).stdout
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return f"commit {commit}"


def scene_level_commit() -> str:
    """The last commit with one render job per scene: the parent of the commit that added
    :data:`BEATS_FILE` (its short hash); :class:`BenchError` without git or that file."""
    try:
        added = _git("log", "--diff-filter=A", "--format=%H", "--", BEATS_FILE).stdout.split()
        if not added:
            raise BenchError(f"no commit added {BEATS_FILE}")
        return _git("rev-parse", "--short", added[-1].decode() + "^").stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise BenchError(f"cannot find the commit before beat jobs: {error}") from None


def baseline_snapshot(dest: Path, rev: str, project: Path) -> str:
    """``rev``'s render.py and renderkit (:data:`PIPELINE`) with ``project``'s scenes and
    mathcore, in ``dest``: the same scenes through the older pipeline. Returns ``commit
    <short hash>``; :class:`BenchError` if ``rev`` cannot be extracted."""
    try:
        source = _git_snapshot(dest, rev, PIPELINE)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        why = detail.decode(errors="replace").strip() or str(error)
        raise BenchError(f"cannot extract {rev}: {why}") from None
    for part in PARTS:
        if part not in PIPELINE:
            shutil.copytree(
                project / part, dest / part, ignore=shutil.ignore_patterns("__pycache__")
            )
    return source


def snapshot(dest: Path, worktree: bool) -> str:
    """Copy the project to ``dest``; return what it is (a commit, or ``working tree``).

    HEAD by default (``git archive``), the working tree with ``worktree`` or without git.
    """
    if not worktree:
        try:
            return _git_snapshot(dest)
        except (OSError, subprocess.CalledProcessError):
            log("no git snapshot possible; using the working tree")
    dest.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return "working tree"


def registry(project: Path) -> list[Scene]:
    """The snapshot's scenes in story order, read by the snapshot's own Python code."""
    listed = run([sys.executable, "-c", _LIST_SCENES], project).stdout
    try:
        return [Scene(name, class_name) for name, class_name in json.loads(listed)]
    except ValueError as error:
        raise BenchError(f"cannot read the scene list of {project}: {error}") from None


def choose(
    everything: Sequence[Scene], wanted: Sequence[str], project: Path
) -> tuple[list[Scene], list[str]]:
    """The ``wanted`` scenes (all if none) that have a file, and the names of those without.

    :class:`BenchError` names any wanted scene the registry does not list.
    """
    names = [s.name for s in everything]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise BenchError(f"unknown scene(s) {', '.join(unknown)}; valid: {', '.join(names)}")
    chosen = [s for s in everything if not wanted or s.name in wanted]
    missing = [s.name for s in chosen if not s.file(project).is_file()]
    return [s for s in chosen if s.name not in missing], missing
