"""What render.py says about the jobs it ran: ``OUT/.work/jobs.jsonl`` (one JSON line per
finished job, see :func:`renderkit.jobs.protocol.log_job`) and the summary's "N of M beats
rendered"."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from renderkit.jobs.protocol import JOB_LOG
from renderkit.plan.spec import WORK_DIR

from .console import BenchError

_BEATS_RENDERED = re.compile(r"(\d+) of (\d+) beats rendered")


@dataclass(frozen=True)
class BeatTime:
    """One beat as a job reported it."""

    index: int
    name: str
    seconds: float  #: scene seconds (the beat's length in the video)
    wall: float  #: wall seconds the job spent on it (drawn and encoded, or skipped)
    rendered: bool


@dataclass(frozen=True)
class JobRecord:
    """One finished job: a dry run (``plan``), a whole scene or a run of beats."""

    scene: str
    mode: str  #: ``plan``, ``scene``, ``beats`` or ``still``
    first_beat: int
    stop_beat: int  #: -1: to the end
    ok: bool
    seconds: float  #: wall seconds, process start to finish, as the parent saw it
    beats: tuple[BeatTime, ...]

    @property
    def rendered(self) -> tuple[int, ...]:
        """The indices of the beats whose frames this job wrote."""
        return tuple(b.index for b in self.beats if b.rendered)

    @property
    def overhead(self) -> float:
        """Seconds not spent in any beat: process start, imports, set-up, storing clips."""
        return self.seconds - sum(b.wall for b in self.beats)


def job_log(out: Path) -> Path:
    """``OUT/.work/jobs.jsonl``."""
    return out / WORK_DIR / JOB_LOG


def parse_jobs(text: str) -> list[JobRecord]:
    """The records of a ``jobs.jsonl`` text, blank lines skipped; :class:`BenchError` on a
    line that is not a job record."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            beats = tuple(
                BeatTime(int(b["index"]), str(b["name"]), float(b["seconds"]),
                         float(b["wall"]), bool(b["rendered"]))
                for b in data["beats"]
            )  # fmt: skip
            records.append(
                JobRecord(
                    str(data["scene"]),
                    str(data["mode"]),
                    int(data["first_beat"]),
                    int(data["stop_beat"]),
                    bool(data["ok"]),
                    float(data["seconds"]),
                    beats,
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BenchError(f"{JOB_LOG} line {number} is not a job record: {error!r}") from None
    return records


def job_count(out: Path) -> int:
    """How many jobs ``out``'s log holds so far (0 without a log)."""
    path = job_log(out)
    return len(parse_jobs(path.read_text(encoding="utf-8"))) if path.is_file() else 0


def read_jobs(out: Path, skip: int = 0) -> list[JobRecord]:
    """The jobs logged in ``out``, without the first ``skip`` (those of earlier runs)."""
    path = job_log(out)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return parse_jobs(text)[skip:]


def beats_rendered(summary: str) -> list[tuple[int, int]]:
    """Every "N of M beats rendered" in render.py's summary, as ``(N, M)``."""
    return [(int(done), int(total)) for done, total in _BEATS_RENDERED.findall(summary)]
