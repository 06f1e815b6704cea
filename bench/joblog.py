"""What render.py did, from its job log ``OUT/.work/jobs.jsonl`` (one JSON line per
finished job: :func:`renderkit.jobs.protocol.log_job`).

A logged job started a process (and so manim) unless its line says ``"process": false``
(captions re-timed in render.py itself); a run that logged no job started none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from renderkit.jobs.protocol import JOB_LOG
from renderkit.plan.spec import WORK_DIR

from .patches import BenchError


@dataclass(frozen=True)
class Job:
    """One finished job: its scene, mode, seconds and, for each beat it went through,
    name, wall seconds and whether it drew it."""

    scene: str
    mode: str
    ok: bool
    seconds: float
    manim: bool  #: whether it started manim
    beats: tuple[tuple[str, float, bool], ...]

    @property
    def rendered(self) -> list[str]:
        return [name for name, _, drawn in self.beats if drawn]


def parse(line: str) -> Job:
    """One ``jobs.jsonl`` line; :class:`BenchError` if it is not a job record."""
    try:
        data = json.loads(line)
        beats = tuple(
            (str(b["name"]), float(b["wall"]), bool(b["rendered"])) for b in data["beats"]
        )
        manim = bool(data.get("process", True))
        return Job(
            data["scene"], data["mode"], bool(data["ok"]), float(data["seconds"]), manim, beats
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BenchError(f"{JOB_LOG}: not a job record ({error!r}): {line[:80]}") from None


def read(out: Path, skip: int = 0) -> list[Job]:
    """The jobs logged in ``out`` (none without a log), less the first ``skip``."""
    path = out / WORK_DIR / JOB_LOG
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [parse(line) for line in lines if line.strip()][skip:]


def summary(jobs: list[Job], beats: int) -> str:
    """``2 jobs (plan, beats), 1 of 7 beats rendered (tally), manim started``."""
    drawn = [name for job in jobs for name in job.rendered]
    modes = f" ({', '.join(j.mode for j in jobs)})" if jobs else ""
    said = f"{len(jobs)} job{'s' * (len(jobs) != 1)}{modes}, {len(drawn)} of {beats} beats rendered"
    said += f" ({', '.join(drawn)})" if drawn else ""
    return said + (", manim started" if any(j.manim for j in jobs) else ", no manim")
