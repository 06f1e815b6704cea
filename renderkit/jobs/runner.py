"""Run render jobs in worker processes, at most ``jobs`` at once, with one progress line.

Each job is a process of its own, started and read back as :mod:`renderkit.jobs.protocol`
says (its own manim config and media folder, see :mod:`renderkit.jobs.worker`), or a task
on a Dask cluster (:mod:`renderkit.jobs.cluster`). Outcomes come back as the jobs finish,
longest jobs started first. Ctrl-C (or SIGTERM) stops every worker (SIGTERM, then SIGKILL
after a grace period), removes the temporaries they may have left, and re-raises.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..outputs.files import sweep_temps
from ..plan.spec import RenderSpec
from .protocol import LOG_NAME, Outcome, collect, start_job

#: How long a worker may take to clean up after SIGTERM before it is killed.
GRACE_SECONDS = 10.0
POLL_SECONDS = 0.1
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Progress:
    """One overall line while jobs run: beats done of the total, the jobs running, the
    elapsed time. Drawn with rich on a terminal only; it disappears when done."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self._live: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.live import Live

            console = Console(stderr=True)
            if console.is_terminal:
                self._live = Live("", console=console, transient=True, refresh_per_second=4)
                self._live.__enter__()
        return self

    def update(self, running: Sequence[RenderSpec]) -> None:
        if self._live is None:
            return
        from rich.text import Text

        elapsed = int(time.monotonic() - self.started)
        now = ", ".join(s.label for s in running) if running else "finishing"
        line = Text.assemble(
            ("rendering ", "bold"),
            f"{self.done}/{self.total or '?'} beats done · now: {now} · ",
            (f"{elapsed // 60}:{elapsed % 60:02d}", "cyan"),
        )
        self._live.update(line)

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
            self._live = None


class Job(Protocol):
    """One running job, wherever it runs."""

    spec: RenderSpec
    pid: int | None  #: the local worker process, if any (its temporaries are swept)

    def done(self) -> bool: ...
    def outcome(self, seconds: float) -> Outcome: ...
    def terminate(self) -> None: ...
    def wait(self, timeout: float) -> bool: ...
    def kill(self) -> None: ...


class LocalJob:
    """``python -m renderkit.jobs.worker OUT/.work/jobs/<job-key>/spec.json`` in a process of
    its own (manim's configuration is global: one job, one process)."""

    def __init__(self, spec: RenderSpec) -> None:
        self.spec = spec
        spec.work_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(spec.work_dir / LOG_NAME, "wb")  # closed when the job is collected
        self.proc = start_job(spec, self.log)
        self.pid: int | None = self.proc.pid

    def done(self) -> bool:
        return self.proc.poll() is not None

    def outcome(self, seconds: float) -> Outcome:
        self.log.close()
        return collect(self.spec, self.proc.returncode, seconds)

    def terminate(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> bool:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.log.close()


def _stop(running: Sequence[Job], out_dirs: set[str]) -> None:
    """Stop every job (SIGTERM, then SIGKILL after a grace period) and remove what the
    local ones were writing."""
    for job in running:
        job.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for job in running:
        if not job.wait(max(0.1, deadline - time.monotonic())):
            job.kill()
    pids = {job.pid for job in running if job.pid is not None}
    for out_dir in out_dirs:
        sweep_temps(Path(out_dir), pids)


def run_jobs(
    specs: Sequence[RenderSpec],
    jobs: int,
    *,
    progress: Progress | None = None,
    on_done: Callable[[Outcome], Sequence[RenderSpec]] | None = None,
    start: Callable[[RenderSpec], Job] = LocalJob,
) -> list[Outcome]:
    """Run ``specs`` with up to ``jobs`` workers; every job's outcome, in finishing order.

    ``on_done`` is called in the parent as each job finishes and may return more jobs to
    run (a dry run's beat jobs, say); ``progress`` is told about each start and finish.
    ``start`` starts a job: a local worker process, or one on a cluster
    (:mod:`renderkit.jobs.cluster`).
    Ctrl-C or SIGTERM stops every worker, removes their temporaries and re-raises.
    """
    pending = sorted(specs, key=job_weight, reverse=True)
    outcomes: list[Outcome] = []
    running: dict[Job, float] = {}
    out_dirs = {s.out_dir for s in specs}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                spec = pending.pop(0)
                out_dirs.add(spec.out_dir)
                running[start(spec)] = time.monotonic()
            for job in [j for j in running if j.done()]:
                outcome = job.outcome(time.monotonic() - running.pop(job))
                outcomes.append(outcome)
                more = list(on_done(outcome)) if on_done is not None else []
                pending = sorted([*pending, *more], key=job_weight, reverse=True)
            if progress is not None:
                progress.update([j.spec for j in running])
            if running:
                time.sleep(POLL_SECONDS)
    except BaseException:
        # Stop cleanly even if Ctrl-C is pressed again meanwhile.
        held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _STOP_SIGNALS}
        try:
            _stop(list(running), out_dirs)
        finally:
            for sig, handler in held.items():
                signal.signal(sig, handler)
        raise
    return outcomes


def job_weight(spec: RenderSpec) -> float:
    """How long a job is expected to take, for longest-first ordering (set by the
    pipeline from the beats' lengths; 0 when unknown)."""
    return spec.weight
