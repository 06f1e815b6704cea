"""Render jobs on a real Dask cluster survive a worker process's death.

The cluster is what a user starts: ``dask scheduler`` and ``dask worker --nworkers 2
--nthreads 1`` as processes on 127.0.0.1, the workers started in a tiny copy of the
project (so they import it). Its scene carries test-only hooks, active only where
``$CE_KILL_TEST`` names the test's control folder (the workers' environment, never a local
render's): the first job process to reach the moment named in ``point`` writes
``paused-<moment>`` (its pid and its parent's, the Dask worker process) and sleeps until
it is killed. The test then SIGKILLs that worker process: before the job writes its clip,
halfway through writing it, and after it wrote the clip and the result. Dask runs the
job again; the video must be byte-identical to a local render, the job's process must die
with its worker, the job log must record the retry, and at the end every process the
cluster started must be gone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from distributed import Client
from render_support import SMALL, entry_for, make_project, run_render, write_scene

from renderkit.jobs.cluster import ClusterExecutor, ClusterJob
from renderkit.jobs.protocol import dies_with_parent
from renderkit.outputs.files import sha256_file
from renderkit.plan.spec import RenderSpec

pytestmark = pytest.mark.slow

#: Two short beats, and the hooks (see the module's docstring). ``pair`` makes two beat
#: jobs of the scene overlap: the second beat's job, once its clip and result are written,
#: holds them until the first beat's job has finished and a second has passed; the first
#: beat's job finishes only once the second's files are there.
SCENE = '''
import os
import time
from pathlib import Path

from manim import *

from scenes.components import ExplainerScene, beat

CONTROL = os.environ.get("CE_KILL_TEST")


def _point():
    try:
        return Path(CONTROL, "point").read_text().strip()
    except (OSError, TypeError):
        return ""


def _claim(name):
    """Whether this process is the first to get here: it leaves its pid and its parent's."""
    tmp = Path(CONTROL, f".{name}.{os.getpid()}")
    tmp.write_text(f"{os.getpid()} {os.getppid()}")
    try:
        os.link(tmp, Path(CONTROL, name))
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()


def _pause_once(point):
    if _point() == point and _claim(f"paused-{point}"):
        while True:  # until the test kills our Dask worker, and with it this process
            time.sleep(1)


def _wait_for(ready):
    deadline = time.monotonic() + 60
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.05)


def _gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _pair(job):
    a_done = Path(CONTROL, "pair-a-done")
    if job.endswith("-beats1-end"):
        _claim("pair-b-written")
        _wait_for(a_done.exists)
        pid = int(a_done.read_text().split()[0]) if a_done.exists() else 0
        _wait_for(lambda: not pid or _gone(pid))
        time.sleep(1.0)
    elif job.endswith("-beats0-1"):
        _wait_for(Path(CONTROL, "pair-b-written").exists)
        _claim("pair-a-done")


def _install():
    import sys

    from renderkit.outputs import files

    worker = sys.modules["__main__"]  # python -m renderkit.jobs.worker
    if not hasattr(worker, "_write_result"):
        return

    copy_file, write_result = files.copy_file, worker._write_result

    def copying(src, final):
        if Path(final).parent.name != "beats" or _point() != "during":
            return copy_file(src, final)
        data = Path(src).read_bytes()
        with files.atomic_output(final) as tmp, open(tmp, "wb") as out:
            out.write(data[: len(data) // 2])
            out.flush()
            _pause_once("during")
            out.write(data[len(data) // 2 :])

    def writing(path, result):
        write_result(path, result)
        if _point() == "after" and result.get("ok"):
            _pause_once("after")
        if _point() == "pair":
            _pair(Path(path).parent.name)

    files.copy_file = copying
    worker._write_result = writing


if CONTROL:
    _install()


class Softmax(ExplainerScene):
    def construct(self):
        self.show_square()
        self.morph()

    @beat("A square.")
    def show_square(self):
        if CONTROL:
            _pause_once("before")
        self.square = Square(side_length=3, color=self.theme.model_dist, fill_opacity=0.8)
        self.play(FadeIn(self.square), run_time=0.6)

    @beat("It turns into a circle.")
    def morph(self):
        self.play(Transform(self.square, Circle(radius=1.5, color=self.theme.true_dist)),
                  run_time=0.6)
'''

MOMENTS = ("before", "during", "after")
#: Generous: a job is a few seconds, but the machine is shared.
WAIT_SECONDS = 180.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _dask(command: str) -> list[str]:
    """The installed ``dask`` command (or its module where the script is missing)."""
    script = Path(sys.executable).with_name("dask")
    if script.is_file():
        return [str(script), command]
    return [sys.executable, "-m", f"distributed.cli.dask_{command}"]


def _wait_until(ready: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = ready()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def _alive(proc: psutil.Process) -> bool:
    """Running, and still the process we saw (not a reused pid), and not a zombie."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class Cluster:
    """A scheduler and a two-process worker started as a user would, and every process
    they start while it runs (watched every 50 ms)."""

    def __init__(self, project: Path, root: Path) -> None:
        self.project = project
        self.control = root / "control"
        self.control.mkdir()
        self.local_dir = root / "workers"
        self.logs = root
        port = _free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(project), "CE_KILL_TEST": str(self.control)}
        self.scheduler = self._start(
            "scheduler",
            ["--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env,
        )
        self.workers = self._start(
            "worker",
            [
                self.address,
                *("--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1"),
                *("--no-dashboard", "--local-directory", str(self.local_dir)),
                *("--death-timeout", "60"),  # a worker never outlives a lost scheduler long
            ],
            env,
        )
        self.seen: dict[int, psutil.Process] = {}
        self._stop_watch = threading.Event()
        self._watch = threading.Thread(target=self._watch_processes, daemon=True)
        self._watch.start()
        self.client: Client | None = None

    def connect(self) -> Client:
        self.client = Client(self.address, timeout=60, set_as_default=False)
        self.client.wait_for_workers(2, timeout=WAIT_SECONDS)
        return self.client

    def _start(self, command: str, args: list[str], env: dict[str, str]) -> psutil.Popen:
        log = open(self.logs / f"{command}.log", "wb")  # the child keeps its copy
        proc = psutil.Popen(
            [*_dask(command), *args],
            cwd=self.project,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=dies_with_parent(),  # nothing outlives a killed test run
        )
        log.close()
        return proc

    def _watch_processes(self) -> None:
        while not self._stop_watch.is_set():
            self.record()
            time.sleep(0.05)

    def record(self, *pids: int) -> None:
        """Remember the cluster's processes (and ``pids``) as they are now."""
        found: list[psutil.Process] = []
        for root in (self.scheduler, self.workers):
            try:
                found += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        for pid in pids:
            try:
                found.append(psutil.Process(pid))
            except psutil.NoSuchProcess:
                pass
        for proc in found:
            self.seen.setdefault(proc.pid, proc)

    def worker_processes(self) -> dict[int, psutil.Process]:
        """The Dask worker processes (the children of the ``dask worker`` command)."""
        return {p.pid: p for p in self.workers.children() if _alive(p)}

    @property
    def connected(self) -> Client:
        assert self.client is not None
        return self.client

    def set_point(self, moment: str) -> None:
        (self.control / "point").write_text(moment)

    def attempt_folders(self) -> list[Path]:
        return sorted(self.local_dir.glob("**/ce-explainer/attempt-*"))

    def stop(self) -> list[str]:
        """Stop the cluster as a user would (Ctrl-C's SIGTERM); the processes it started
        that are still there afterwards."""
        if self.client is not None:
            self.client.close()
        for proc in (self.workers, self.scheduler):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self._stop_watch.set()
        self._watch.join()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in self.seen.values()):
            time.sleep(0.1)
        return [f"{p.pid} {p.name()}" for p in self.seen.values() if _alive(p)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("cluster-template"))
    write_scene(project, "softmax", "Softmax", source=SCENE)
    return project


@pytest.fixture(scope="module")
def cluster(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster(template, tmp_path_factory.mktemp("cluster"))
    try:
        running.connect()
        yield running
    finally:
        left = running.stop()
        assert not left, f"processes the cluster started are still running: {left}"


@pytest.fixture(scope="module")
def reference(template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The SHA-256 of the scene's video rendered locally with the same settings."""
    out = tmp_path_factory.mktemp("local") / "out"
    result = run_render(template, "softmax", *SMALL, "-o", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return sha256_file(out / entry_for(out, "softmax")["path"])


def beat_spec(out: Path, first: int, stop: int) -> RenderSpec:
    """A beat job of the scene, as the pipeline makes them when it splits a scene."""
    return RenderSpec(
        scene="softmax",
        class_name="Softmax",
        module="scenes.softmax",
        quality="192x108-5fps",
        theme="dark",
        format="mp4",
        transparent=False,
        width=192,
        height=108,
        fps=5,
        sections=False,
        out_dir=str(out),
        mode="beats",
        first_beat=first,
        stop_beat=stop,
        deps="the same for both",
    )


def test_two_beat_jobs_of_a_scene_at_once_each_return_exactly_their_own_files(
    cluster: Cluster, tmp_path: Path
) -> None:
    cluster.set_point("pair")
    cluster.connected.wait_for_workers(2, timeout=WAIT_SECONDS)
    out = tmp_path / "out"
    specs = [beat_spec(out, 0, 1), beat_spec(out, 1, -1)]
    workers = sorted(cluster.connected.scheduler_info()["workers"])[:2]
    jobs = [
        ClusterJob(ClusterExecutor(cluster.connected, workers=[worker]), spec)
        for worker, spec in zip(workers, specs, strict=True)
    ]
    _wait_until(lambda: all(job.done() for job in jobs), WAIT_SECONDS, "both beat jobs")
    outcomes = [job.outcome(0.0) for job in jobs]
    assert (cluster.control / "pair-a-done").exists(), "the two jobs did not overlap"
    clips = set()
    for job, outcome in zip(jobs, outcomes, strict=True):
        assert outcome.ok, f"{job.spec.label}: {outcome.error}"
        assert outcome.result is not None
        [(fingerprint, name)] = outcome.result["clips"].items()
        own = {
            f".work/jobs/{job.spec.job_key}/result.json",
            f".work/scenes/{job.spec.scene_key}/beats/{name}",
        }
        sent = job.future.result()["files"]
        assert set(sent) == own, f"{job.spec.label} sent {sorted(sent)}"
        assert (out / f".work/scenes/{job.spec.scene_key}/beats/{name}").read_bytes() == sent[
            f".work/scenes/{job.spec.scene_key}/beats/{name}"
        ]
        clips.add(fingerprint)
    assert len(clips) == 2
    assert cluster.attempt_folders() == []  # each attempt removed its own folder


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_worker_killed_during_a_job_is_replaced_and_the_video_is_the_same(
    cluster: Cluster, reference: str, template: Path, tmp_path: Path, moment: str
) -> None:
    cluster.connected.wait_for_workers(2, timeout=WAIT_SECONDS)
    cluster.set_point(moment)
    out = tmp_path / "out"
    env = {**os.environ, "COLUMNS": "250"}
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "render.py", "softmax", *SMALL, "-o", str(out)]
    with open(tmp_path / "render.log", "w+") as log:
        render = subprocess.Popen(
            [*command, "--cluster", cluster.address],
            cwd=template,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        marker = cluster.control / f"paused-{moment}"

        def paused() -> list[int] | None:
            assert render.poll() is None, "render.py ended before the job paused"
            text = marker.read_text() if marker.exists() else ""
            return [int(n) for n in text.split()] if text else None

        job_pid, worker_pid = _wait_until(paused, WAIT_SECONDS, f"the job to pause {moment}")
        cluster.record(job_pid, worker_pid)
        job, worker = psutil.Process(job_pid), psutil.Process(worker_pid)
        assert worker_pid in cluster.worker_processes(), "the job's parent is not a worker"
        worker.send_signal(signal.SIGKILL)
        _wait_until(lambda: not _alive(job), 15, "the job process to die with its worker")
        try:
            render.wait(timeout=WAIT_SECONDS)
        finally:
            if render.poll() is None:
                render.kill()
        log.seek(0)
        printed = log.read()
    assert render.returncode == 0, printed
    entry = entry_for(out, "softmax")
    assert sha256_file(out / entry["path"]) == reference
    assert entry["sha256"] == reference
    [line] = [json.loads(x) for x in (out / ".work/jobs.jsonl").read_text().splitlines()]
    assert [a["accepted"] for a in line["attempts"]] == [False, True], line
    job_log = (out / ".work/jobs" / f"{entry_key(out)}-scene" / "worker.log").read_text()
    assert job_log.startswith("[cluster] attempt 2 of 2"), job_log[:200]
    assert "re-run after 1 lost attempt(s)" in job_log.splitlines()[0]
    cluster.connected.wait_for_workers(2, timeout=WAIT_SECONDS)  # the nanny restarted it
    _wait_until(lambda: cluster.attempt_folders() == [], 30, "the lost attempt's folder to go")


def entry_key(out: Path) -> str:
    """The scene key of the one scene rendered into ``out`` (its beat cache's folder)."""
    [folder] = (out / ".work/scenes").iterdir()
    return folder.name
