"""Run render jobs on a Dask cluster (``render.py --cluster tcp://HOST:PORT``).

Each job runs on a Dask worker through the scheduler's ``concurrent.futures`` executor
(``Client.get_executor()``): :func:`run_remote` starts the same job process
(:func:`renderkit.jobs.protocol.start_job`) and sends back the result and the bytes of the
files the result names (beat clips, a still), each with its SHA-256; :class:`ClusterJob`
checks them and writes them here with the one atomic writer. No shared file system is
needed; the workers need the project installed (``pip install -e '.[cluster]'`` in a
checkout of the same commit). Dask is imported only here, only when ``--cluster`` is given.

A worker process may die while it runs a job (a pre-empted machine, the kernel's
out-of-memory killer); Dask then runs the task again on another worker. So that a retry
never meets what the lost attempt left:

- every attempt works in a folder of its own under the worker's local directory, and
  removes it when done (a killed worker's folder goes with the rest of its local directory,
  which Dask clears when a worker starts on that host again);
- the job process dies with the worker process that started it
  (:func:`renderkit.jobs.protocol.dies_with_parent`), so no orphan keeps writing;
- the parent takes a job's result once and whole: the files the result names, every
  one checked against its hash, written before the result itself; anything else is
  refused. Each attempt is announced to the scheduler as an event, so the job's log
  (``jobs.jsonl``, ``worker.log``) records a retry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, ParamSpec, TypeVar

from ..outputs import files
from ..plan.spec import TEX_CACHE_ENV, WORK_DIR, RenderSpec
from .protocol import (
    LOG_NAME,
    RESULT_NAME,
    Outcome,
    Status,
    clip_path,
    collect,
    python_env,
    start_job,
)

__all__ = [
    "ATTEMPT_TOPIC",
    "ClusterError",
    "ClusterExecutor",
    "ClusterJob",
    "connect",
    "run_remote",
]

#: How long to wait for the scheduler to answer before giving up.
CONNECT_SECONDS = 5
#: The scheduler's event topic on which every attempt at a job is announced.
ATTEMPT_TOPIC = "ce-explainer-attempt"
#: How much of a job's log travels back.
LOG_TAIL = 4000


P = ParamSpec("P")
T = TypeVar("T")


class ClusterError(Exception):
    """The scheduler cannot be used (one line)."""


class ClusterExecutor(Executor):
    """The scheduler's ``concurrent.futures`` executor (``Client.get_executor``), with
    the client beside it, which reads the scheduler's record of each job's attempts.
    ``submit_options`` go to every task (``workers=[...]`` pins them, say)."""

    def __init__(self, client: Any, **submit_options: Any) -> None:
        self.client = client
        self._executor: Executor = client.get_executor(pure=False, **submit_options)

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=cancel_futures)


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
    return ClusterExecutor(client)


def _result_rel(spec: RenderSpec) -> str:
    return f"{WORK_DIR}/jobs/{spec.job_key}/{RESULT_NAME}"


def owned_files(spec: RenderSpec, result: dict[str, Any] | None) -> set[str]:
    """The files (relative to the output folder) a job with this ``result`` made: its
    result, and if it succeeded the clips it names (or the still it published)."""
    if result is None:
        return set()
    owned = {_result_rel(spec)}
    if result.get("ok"):
        base = Path(spec.out_dir)
        for fingerprint in result.get("clips", {}):
            owned.add(clip_path(spec, fingerprint).relative_to(base).as_posix())
        if result.get("entry") is not None:
            owned.add(spec.video_rel)
    return owned


def _where() -> tuple[Path, str, Any]:
    """This worker's local directory, its address and the worker (or a temporary folder,
    ``""`` and None when not on a Dask worker)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return Path(tempfile.gettempdir()), "", None
    return Path(worker.local_directory), str(worker.address), worker


def shared_tex_cache() -> Path:
    """The compiled equations every job on this host shares: the worker's
    ``$CE_TEX_CACHE``, or ``<tmp>/ce-explainer-worker/tex`` (they outlive a worker)."""
    default = Path(tempfile.gettempdir(), "ce-explainer-worker", "tex")
    return Path(os.environ.get(TEX_CACHE_ENV) or default)


def run_remote(spec_json: str, job_id: str = "") -> dict[str, Any]:
    """On a Dask worker: do one attempt at the job in a new folder of its own and return
    its exit code, its log, and the files its result names (relative path -> bytes,
    with their SHA-256). The folder is removed before returning, whatever happens."""
    spec = RenderSpec.from_json(spec_json)
    local_dir, address, worker = _where()
    root = local_dir / "ce-explainer"
    root.mkdir(parents=True, exist_ok=True)
    attempt = Path(tempfile.mkdtemp(prefix="attempt-", dir=root))
    if worker is not None:
        worker.log_event(ATTEMPT_TOPIC, {"job": job_id, "attempt": attempt.name, "worker": address})
    try:
        local = replace(spec, out_dir=str(attempt))
        local.work_dir.mkdir(parents=True, exist_ok=True)
        env = python_env({TEX_CACHE_ENV: str(shared_tex_cache())})
        with open(local.work_dir / LOG_NAME, "wb") as log:
            # A session of its own: a Ctrl-C in the worker's terminal stops the worker
            # (and Dask re-runs the job), not the job alone, which would fail it.
            code = start_job(local, log, env=env, start_new_session=True).wait()
        try:
            result = json.loads((local.work_dir / RESULT_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = None
        made = {}
        for rel in sorted(owned_files(local, result)):
            path = attempt / rel
            if path.is_file():
                made[rel] = path.read_bytes()
        log_text = (local.work_dir / LOG_NAME).read_text(encoding="utf-8", errors="replace")
    finally:
        files.remove_path(attempt)
    return {
        "code": code,
        "files": made,
        "sha256": {rel: hashlib.sha256(data).hexdigest() for rel, data in made.items()},
        "log": log_text[-LOG_TAIL:],
        "attempt": attempt.name,
        "worker": address,
    }


class ShipmentError(Exception):
    """What came back from a worker is not a whole result (one line)."""


def check_shipment(spec: RenderSpec, shipped: dict[str, Any]) -> dict[str, bytes]:
    """The files of a worker's answer, once each is checked: every one is the job's own
    (its result, or a file the result names, by a plain relative path), arrived whole
    (its SHA-256), and none the result names is missing. :class:`ShipmentError` if not."""
    made: dict[str, bytes] = dict(shipped.get("files", {}))
    hashes: dict[str, str] = dict(shipped.get("sha256", {}))
    result = None
    if _result_rel(spec) in made:
        try:
            result = json.loads(made[_result_rel(spec)].decode("utf-8"))
        except ValueError:
            raise ShipmentError("its result.json is not JSON") from None
    owned = owned_files(spec, result)
    for rel, data in made.items():
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts or rel not in owned:
            raise ShipmentError(f"it sent {rel}, a file that is not the job's own")
        if hashlib.sha256(data).hexdigest() != hashes.get(rel):
            raise ShipmentError(f"{rel} arrived incomplete (its SHA-256 differs)")
    missing = sorted(owned - set(made))
    if missing:
        raise ShipmentError(f"{missing[0]} is named in its result but did not arrive")
    return made


class ClusterJob:
    """A job submitted to the cluster; looks like a local worker to the runner. Its
    result is taken once: a second call of :meth:`outcome` gives the same outcome."""

    pid: int | None = None

    def __init__(self, executor: Executor, spec: RenderSpec) -> None:
        self.spec = spec
        self.client = getattr(executor, "client", None)  #: a ClusterExecutor's
        self.job_id = uuid.uuid4().hex
        self.future: Future[dict[str, Any]] = executor.submit(
            run_remote, spec.to_json(), self.job_id
        )
        self._outcome: Outcome | None = None

    def done(self) -> bool:
        return self.future.done()

    def outcome(self, seconds: float) -> Outcome:
        if self._outcome is None:
            self._outcome = self._accept(seconds)
        return self._outcome

    def _accept(self, seconds: float) -> Outcome:
        try:
            shipped = self.future.result()
        except Exception as error:  # KilledWorker: its workers died under it too often
            reason = " ".join(str(error).split()) or type(error).__name__
            return Outcome(
                self.spec, Status.FAILED, error=f"on the cluster: {reason}", seconds=seconds
            )
        attempts = self.attempts(shipped)
        work = self.spec.work_dir
        work.mkdir(parents=True, exist_ok=True)
        files.write_text(work / LOG_NAME, _log_header(attempts) + shipped["log"])
        try:
            made = check_shipment(self.spec, shipped)
        except ShipmentError as error:
            return Outcome(
                self.spec,
                Status.FAILED,
                error=f"on the cluster: {error}",
                seconds=seconds,
                attempts=attempts,
            )
        base = Path(self.spec.out_dir)
        result_rel = _result_rel(self.spec)
        for rel, data in made.items():  # the clips first, the result that names them last
            if rel != result_rel:
                files.write_bytes(base / rel, data)
        if result_rel in made:
            files.write_bytes(base / result_rel, made[result_rel])
        else:
            (work / RESULT_NAME).unlink(missing_ok=True)
        outcome = collect(self.spec, int(shipped["code"]), seconds)
        return replace(outcome, attempts=attempts)

    def attempts(self, shipped: dict[str, Any]) -> list[dict[str, Any]]:
        """Every attempt at this job, in the order they started (from the scheduler's
        events); the one whose result came back is ``accepted``."""
        mine: list[dict[str, Any]] = []
        try:
            events = self.client.get_events(ATTEMPT_TOPIC) if self.client is not None else ()
        except Exception:  # the log is a record, never a reason to fail the job
            events = ()
        for _, message in events:
            if isinstance(message, dict) and message.get("job") == self.job_id:
                accepted = message.get("attempt") == shipped.get("attempt")
                mine.append({"worker": message.get("worker", ""), "accepted": accepted})
        return mine or [{"worker": shipped.get("worker", ""), "accepted": True}]

    def terminate(self) -> None:
        self.future.cancel()

    def wait(self, timeout: float) -> bool:
        return True

    def kill(self) -> None:
        self.future.cancel()


def _log_header(attempts: list[dict[str, Any]]) -> str:
    """The first line of a cluster job's ``worker.log``: where it ran, and any attempt
    lost before it."""
    number, ran = next(
        ((n, a["worker"]) for n, a in enumerate(attempts, 1) if a["accepted"]), (0, "?")
    )
    lost = [a["worker"] for a in attempts if not a["accepted"]]
    line = f"[cluster] attempt {number} of {len(attempts)}, on {ran}"
    if lost:
        line += f"; re-run after {len(lost)} lost attempt(s) on {', '.join(lost)}"
    return line + "\n"
