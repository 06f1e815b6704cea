"""Run render jobs on a Dask cluster (``render.py --cluster tcp://HOST:PORT``).

Each job runs on a Dask worker through the scheduler's ``concurrent.futures`` executor
(``Client.get_executor()``): the worker starts the same job process
(:func:`renderkit.jobs.protocol.start_job`) in a folder of its own and sends back the
result and the bytes of every file it made (beat clips, a still), which are written here
with the one atomic writer. No shared file system is needed; the workers need the project
installed (``pip install -e '.[cluster]'`` in a checkout of the same commit). Dask is
imported only here, only when ``--cluster`` is given.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import Executor, Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..outputs import files
from ..plan.spec import WORK_DIR, RenderSpec
from .protocol import LOG_NAME, RESULT_NAME, Outcome, Status, collect, start_job

__all__ = ["ClusterError", "ClusterJob", "connect"]

#: How long to wait for the scheduler to answer before giving up.
CONNECT_SECONDS = 5


class ClusterError(Exception):
    """The scheduler cannot be used (one line)."""


def connect(address: str) -> Executor:
    """An executor on the scheduler at ``address``; :class:`ClusterError` if Dask is not
    installed or the scheduler does not answer."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--cluster needs Dask: pip install -e '.[cluster]' (here and on the workers)"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    executor: Executor = client.get_executor(pure=False)
    return executor


def run_remote(spec_json: str) -> dict[str, Any]:
    """On a Dask worker: do the job in a folder of the worker's and return its exit code,
    its result and every file it made under that folder (relative path -> bytes)."""
    spec = RenderSpec.from_json(spec_json)
    base = Path(tempfile.gettempdir(), "ce-explainer-worker", spec.scene_key)
    local = replace(spec, out_dir=str(base))  # the TeX cache stays there for the next job
    local.work_dir.mkdir(parents=True, exist_ok=True)
    before = set(_made(base))
    with open(local.work_dir / LOG_NAME, "wb") as log:
        code = start_job(local, log).wait()
    made = {rel: (base / rel).read_bytes() for rel in _made(base) if rel not in before}
    log_text = (local.work_dir / LOG_NAME).read_text(encoding="utf-8", errors="replace")
    for rel in made:  # the published files are the caller's now
        files.remove_path(base / rel)
    return {"code": code, "files": made, "log": log_text[-4000:]}


def _made(base: Path) -> list[str]:
    """Outputs under ``base``: published files and beat clips (not TeX caches or logs)."""
    found = []
    for path in base.rglob("*"):
        rel = path.relative_to(base).as_posix()
        keep = not rel.startswith(f"{WORK_DIR}/") or "/beats/" in rel or rel.endswith(RESULT_NAME)
        if path.is_file() and keep and not files.is_temp_name(path.name):
            found.append(rel)
    return found


class ClusterJob:
    """A job submitted to the cluster; looks like a local worker to the runner."""

    pid: int | None = None

    def __init__(self, executor: Executor, spec: RenderSpec) -> None:
        self.spec = spec
        self.future: Future[dict[str, Any]] = executor.submit(run_remote, spec.to_json())

    def done(self) -> bool:
        return self.future.done()

    def outcome(self, seconds: float) -> Outcome:
        try:
            shipped = self.future.result()
        except Exception as error:
            return Outcome(
                self.spec, Status.FAILED, error=f"on the cluster: {error}", seconds=seconds
            )
        work = self.spec.work_dir
        work.mkdir(parents=True, exist_ok=True)
        files.write_text(work / LOG_NAME, shipped["log"])
        base = Path(self.spec.out_dir)
        for rel, data in shipped["files"].items():
            files.write_bytes(base / rel, data)
        result_rel = f"{WORK_DIR}/jobs/{self.spec.job_key}/{RESULT_NAME}"
        if result_rel not in shipped["files"]:
            (work / RESULT_NAME).unlink(missing_ok=True)
        return collect(self.spec, int(shipped["code"]), seconds)

    def terminate(self) -> None:
        self.future.cancel()

    def wait(self, timeout: float) -> bool:
        return True

    def kill(self) -> None:
        self.future.cancel()
