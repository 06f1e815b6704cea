"""The job protocol: how the parent and a job process talk, wherever the job runs.

A job is one process, ``python -m renderkit.jobs.worker OUT/.work/jobs/<job-key>/spec.json``
(:func:`start_job`; :func:`start_python` is the one way this project starts a Python child:
from the project root, with the project on ``PYTHONPATH``, and on Linux bound to die with
the process that started it, so a killed ``render.py`` or Dask worker leaves no job
writing behind it). In its work folder
(:attr:`renderkit.plan.spec.RenderSpec.work_dir`) it finds :data:`SPEC_NAME` and leaves

- :data:`RESULT_NAME`: ``{"ok": true, "beats": [...], "clips": {...}}`` (or ``"entry"``
  for a still), or ``{"ok": false, "error": "<one line>", "traceback": "..."}``;
- :data:`LOG_NAME`: everything the process printed.

:func:`collect` turns those (and the exit code) into an :class:`Outcome` with a
:class:`Status`; :func:`log_job` appends its timing to ``OUT/.work/jobs.jsonl``. A beat's
clip is cached at :func:`clip_path`, under the scene's :func:`beat_cache`, named by the
beat's fingerprint, with its report (fingerprint, length, cues and every other field of
:class:`~renderkit.jobs.beatjob.BeatReport`) beside it at :func:`meta_path`; the scene's
last plan (its beats in order, and what the source was) is :func:`plan_path`. A job
works on its own copy of the TeX cache (:func:`share_caches`).

The runner (local processes), the cluster (Dask workers), the beats (assembling a scene),
the layout check and the report all speak this and nothing else of each other.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..outputs import files
from ..outputs.manifest import Entry
from ..plan.spec import PROJECT, WORK_DIR, RenderSpec

__all__ = [
    "JOB_LOG",
    "LOG_NAME",
    "PROJECT",
    "RESULT_NAME",
    "SPEC_NAME",
    "Outcome",
    "Status",
    "beat_cache",
    "clip_path",
    "collect",
    "dies_with_parent",
    "log_job",
    "meta_path",
    "one_line",
    "plan_path",
    "python_env",
    "share_caches",
    "start_job",
    "start_python",
    "write_spec",
]

SPEC_NAME = "spec.json"  #: the job's settings (a RenderSpec as JSON), in its work folder
RESULT_NAME = "result.json"  #: what the job did, written last and atomically
LOG_NAME = "worker.log"  #: what the job's process printed
#: One JSON line per finished job (scene, mode, beats, seconds, each beat's wall time):
#: what the bench reads, and a record when a render was slow.
JOB_LOG = "jobs.jsonl"
WORKER_MODULE = "renderkit.jobs.worker"


class Status(StrEnum):
    """Where a scene (or the full cut) stands after a pass; the value is what is printed."""

    RENDERED = "rendered"
    UP_TO_DATE = "up to date"
    FAILED = "failed"
    PENDING = "pending"  #: planned, not rendered yet


@dataclass
class Outcome:
    """A job's or a scene's result, as the parent sees it."""

    spec: RenderSpec
    status: Status
    entry: Entry | None = None
    error: str | None = None  #: one line, for FAILED
    traceback: str | None = None  #: for --debug
    seconds: float = 0.0
    result: dict[str, Any] | None = None  #: the job's result.json (beats, clips)
    beats: tuple[int, int] | None = None  #: beats rendered of the scene's beats
    #: On a cluster: every attempt at the job, in order, ``{"worker", "accepted"}``; more
    #: than one when a worker died (or was lost) while running it and the job was re-run.
    attempts: list[dict[str, Any]] | None = None

    @property
    def ok(self) -> bool:
        return self.status != Status.FAILED


def beat_cache(spec: RenderSpec) -> Path:
    """Where a scene's beat clips are kept under these settings, one per fingerprint:
    ``OUT/.work/scenes/<scene-key>/beats/``."""
    return Path(spec.out_dir, WORK_DIR, "scenes", spec.scene_key, "beats")


def clip_path(spec: RenderSpec, fingerprint: str) -> Path:
    """Where the clip of the beat with ``fingerprint`` is cached."""
    return beat_cache(spec) / f"{fingerprint}.{spec.clip_format}"


def meta_path(spec: RenderSpec, fingerprint: str) -> Path:
    """The cached clip's beat report (JSON), beside the clip."""
    return beat_cache(spec) / f"{fingerprint}.json"


def plan_path(spec: RenderSpec) -> Path:
    """The scene's last plan: ``OUT/.work/scenes/<scene-key>/plan.json``."""
    return beat_cache(spec).parent / "plan.json"


def python_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment with the project first on ``PYTHONPATH``."""
    env = {**os.environ, **(extra or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


#: ``prctl`` option: the signal a process gets when the thread that started it ends.
PR_SET_PDEATHSIG = 1


def dies_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get SIGKILL when its parent dies (Linux's
    ``prctl(PR_SET_PDEATHSIG)``), or None where there is no such call.

    Linux sends it when the *thread* that started the child ends; every caller here waits
    for its child in that thread, so it fires only when the whole process is gone (a
    Dask worker killed by the kernel, say). The C function is looked up here, in the
    parent, so the child only calls it between ``fork`` and ``exec``. A child whose
    parent died before the call kills itself.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    parent = os.getpid()

    def bind() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the call took effect
            os.kill(os.getpid(), signal.SIGKILL)

    return bind


def start_python(module: str, *args: str, **popen: Any) -> subprocess.Popen[Any]:
    """``python -m module args...`` from the project root, with no standard input; on
    Linux the child dies with this process (:func:`dies_with_parent`)."""
    popen.setdefault("stdin", subprocess.DEVNULL)
    popen.setdefault("env", python_env())
    popen.setdefault("preexec_fn", dies_with_parent())
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=PROJECT, **popen)


def write_spec(spec: RenderSpec) -> Path:
    """Lay out the job's work folder (no stale result) and write its spec there."""
    work = spec.work_dir
    work.mkdir(parents=True, exist_ok=True)
    (work / RESULT_NAME).unlink(missing_ok=True)
    spec_file = work / SPEC_NAME
    spec_file.write_text(spec.to_json(), encoding="utf-8")
    return spec_file


def start_job(spec: RenderSpec, log: Any, **popen: Any) -> subprocess.Popen[Any]:
    """Start the job process for ``spec`` (written to its work folder), its output to
    ``log`` (an open binary file)."""
    spec_file = write_spec(spec)
    return start_python(
        WORKER_MODULE, str(spec_file), stdout=log, stderr=subprocess.STDOUT, **popen
    )


def one_line(error: BaseException) -> str:
    """``Type: message (file:line)`` naming the deepest project frame, on one line."""
    message = " ".join(str(error).split()) or type(error).__name__
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.parent.name in ("scenes", "components", "mathcore"):
            where = f" ({path.parent.name}/{path.name}:{frame.lineno})"
            break
    return f"{type(error).__name__}: {message}{where}"


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    meaningful = [line.strip() for line in lines if line.strip()]
    return meaningful[-1] if meaningful else ""


def collect(spec: RenderSpec, returncode: int, seconds: float) -> Outcome:
    """A finished job's outcome, from its ``result.json`` (or its exit and log)."""
    result_file = spec.work_dir / RESULT_NAME
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = None
    if result and result.get("ok"):
        return Outcome(
            spec, Status.RENDERED, entry=result.get("entry"), seconds=seconds, result=result
        )
    if result:
        return Outcome(
            spec,
            Status.FAILED,
            error=result["error"],
            traceback=result.get("traceback"),
            seconds=seconds,
        )
    if returncode < 0:
        reason = f"the worker was killed by signal {-returncode}"
    else:
        reason = f"the worker exited with status {returncode}"
    last = _last_line(spec.work_dir / LOG_NAME)
    error = f"{reason}: {last}" if last else reason
    return Outcome(spec, Status.FAILED, error=error, seconds=seconds)


def log_job(outcome: Outcome, process: bool = True) -> None:
    """Append the job's timing to ``OUT/.work/jobs.jsonl``; ``process`` says whether a
    job process ran (a caption-only update is done in the parent: ``"process": false``)."""
    spec = outcome.spec
    beats = [
        {k: b.get(k) for k in ("index", "name", "seconds", "wall", "rendered", "cached")}
        for b in (outcome.result or {}).get("beats", [])
    ]
    line = {
        "scene": spec.scene,
        "key": spec.scene_key,
        "mode": spec.mode,
        "first_beat": spec.first_beat,
        "stop_beat": spec.stop_beat,
        "ok": outcome.ok,
        "seconds": round(outcome.seconds, 3),
        "process": process,
        "beats": beats,
    }
    if outcome.attempts is not None:  # a cluster job: where it ran, and any retry
        line["attempts"] = outcome.attempts
    path = Path(spec.out_dir, WORK_DIR, JOB_LOG)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


def share_caches(source: Path, target: Path) -> None:
    """Link (or copy) manim's compiled equations (``Tex/``) that ``target`` lacks from ``source``.
    Each job works on its own copy (manim writes and deletes temporary SVGs beside its
    cache, so two processes must not share one folder) and gives what it compiled back to
    the shared cache, file by file, atomically.

    Only equations: an equation's SVG is the same at every size, but manim lays a
    ``Text`` out on a canvas as wide as the frame's pixels and caches it under a name
    that does not say the size, so its ``texts/`` stay with the job (and Pango is fast).
    """
    into, out_of = target / "Tex", source / "Tex"
    into.mkdir(parents=True, exist_ok=True)
    have = {p.name for p in into.iterdir()}
    for path in out_of.glob("*") if out_of.is_dir() else []:
        if path.name not in have and path.is_file() and not path.stem.endswith("_"):
            _link_file(path, into / path.name)


def _link_file(source: Path, final: Path) -> None:
    """``final`` as a hard link to ``source`` (manim never writes a cached equation's
    files again, so the two folders can share them), or a copy where links cannot be
    made (another file system); atomically either way."""
    with files.atomic_output(final) as tmp:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
