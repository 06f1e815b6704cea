"""What the parent takes from a cluster job: its own files only, each arrived whole, the
result once; and a job process that dies with the process that started it.

The answers here are built by hand (what :func:`renderkit.jobs.cluster.run_remote` sends)
and handed over by an executor whose future is already done, so no cluster is needed;
``test_cluster_attempts`` runs the same code on a real one.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import psutil
import pytest

from renderkit.jobs.beatjob import BeatReport
from renderkit.jobs.beats import SceneWork
from renderkit.jobs.cluster import ClusterJob
from renderkit.jobs.protocol import (
    PROJECT,
    RESULT_NAME,
    Outcome,
    Status,
    clip_path,
    dies_with_parent,
)
from renderkit.plan.spec import RenderSpec

FINGERPRINT = "ab" * 32
CLIP = b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 4  # any bytes: nothing decodes them


def beat_spec(out: Path, first: int = 0, stop: int = 1) -> RenderSpec:
    return RenderSpec(
        scene="softmax", class_name="Softmax", module="scenes.softmax", quality="low",
        theme="dark", format="mp4", transparent=False, width=192, height=108, fps=5,
        sections=False, out_dir=str(out), mode="beats", first_beat=first, stop_beat=stop,
    )  # fmt: skip


def report(index: int) -> dict[str, Any]:
    return BeatReport(index, f"beat{index}", FINGERPRINT, 0.6, (), rendered=True).to_json()


def answer(spec: RenderSpec, **files: bytes) -> dict[str, Any]:
    """What a worker sends for ``spec``: ``files`` by role (``result``, ``clip``, or a
    relative path), each with its SHA-256, as :func:`run_remote` computes it."""
    result = {"ok": True, "beats": [report(0)], "clips": {FINGERPRINT: f"{FINGERPRINT}.mp4"}}
    roles = {
        "result": f".work/jobs/{spec.job_key}/{RESULT_NAME}",
        "clip": f".work/scenes/{spec.scene_key}/beats/{FINGERPRINT}.mp4",
    }
    sent = {roles.get(k, k.replace("__", "/")): v for k, v in files.items()}
    sent.setdefault(roles["result"], json.dumps(result).encode())
    return {
        "code": 0,
        "files": sent,
        "sha256": {rel: hashlib.sha256(data).hexdigest() for rel, data in sent.items()},
        "log": "rendered\n",
        "attempt": "attempt-x",
        "worker": "tcp://127.0.0.1:1",
    }


class Answered(Executor):
    """An executor whose every task has already finished with ``shipped``."""

    def __init__(self, shipped: dict[str, Any]) -> None:
        self.shipped = shipped

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(self.shipped)
        return future


def take(spec: RenderSpec, shipped: dict[str, Any]) -> Outcome:
    return ClusterJob(Answered(shipped), spec).outcome(1.0)


def everything_under(out: Path) -> list[str]:
    """Every file under ``out`` but the jobs' logs."""
    found = [p for p in out.rglob("*") if p.is_file() and "jobs" not in p.parts]
    return sorted(p.relative_to(out).as_posix() for p in found)


def test_a_whole_answer_is_taken_clip_first_and_result_last(tmp_path: Path) -> None:
    spec = beat_spec(tmp_path)
    outcome = take(spec, answer(spec, clip=CLIP))
    assert outcome.status == Status.RENDERED, outcome.error
    assert clip_path(spec, FINGERPRINT).read_bytes() == CLIP
    assert json.loads((spec.work_dir / RESULT_NAME).read_text())["clips"] == {
        FINGERPRINT: f"{FINGERPRINT}.mp4"
    }
    assert everything_under(tmp_path) == [f".work/scenes/{spec.scene_key}/beats/{FINGERPRINT}.mp4"]
    assert outcome.attempts == [{"worker": "tcp://127.0.0.1:1", "accepted": True}]
    assert (spec.work_dir / "worker.log").read_text().startswith("[cluster] attempt 1 of 1")


def test_a_clip_that_arrived_cut_short_is_not_adopted(tmp_path: Path) -> None:
    spec = beat_spec(tmp_path)
    shipped = answer(spec, clip=CLIP)
    rel = f".work/scenes/{spec.scene_key}/beats/{FINGERPRINT}.mp4"
    shipped["files"][rel] = CLIP[: len(CLIP) // 2]  # the hash is still the whole clip's
    outcome = take(spec, shipped)
    assert outcome.status == Status.FAILED
    assert outcome.error == f"on the cluster: {rel} arrived incomplete (its SHA-256 differs)"
    assert not clip_path(spec, FINGERPRINT).exists()
    assert not (spec.work_dir / RESULT_NAME).exists()
    assert everything_under(tmp_path) == []


@pytest.mark.parametrize(
    "stray",
    [
        ".work/jobs/softmax-low-dark-mp4-beats1-end/result.json",  # another job's result
        ".work/scenes/softmax-low-dark-mp4/beats/" + "cd" * 32 + ".mp4",  # a clip not named
        "../outside.mp4",
    ],
)
def test_a_file_that_is_not_the_jobs_own_is_refused_with_the_rest(
    tmp_path: Path, stray: str
) -> None:
    spec = beat_spec(tmp_path / "out")
    outcome = take(spec, answer(spec, clip=CLIP, **{stray.replace("/", "__"): b"not mine"}))
    assert outcome.status == Status.FAILED
    assert outcome.error == f"on the cluster: it sent {stray}, a file that is not the job's own"
    assert everything_under(tmp_path) == []


def test_a_clip_the_result_names_that_did_not_arrive_fails_the_job(tmp_path: Path) -> None:
    spec = beat_spec(tmp_path)
    outcome = take(spec, answer(spec))
    assert outcome.status == Status.FAILED
    assert outcome.error is not None and outcome.error.endswith("did not arrive")
    assert not (spec.work_dir / RESULT_NAME).exists()


def test_a_result_is_taken_once(tmp_path: Path) -> None:
    spec = beat_spec(tmp_path)
    job = ClusterJob(Answered(answer(spec, clip=CLIP)), spec)
    first = job.outcome(1.0)
    clip_path(spec, FINGERPRINT).unlink()
    assert job.outcome(2.0) is first
    assert not clip_path(spec, FINGERPRINT).exists()  # nothing written a second time


def test_a_scene_takes_a_late_duplicate_of_a_job_once(tmp_path: Path) -> None:
    scene = beat_spec(tmp_path, 0, -1)
    work = SceneWork(scene, cores=2, plan=[BeatReport.from_json(report(0))], jobs_left=2)
    done = Outcome(beat_spec(tmp_path), Status.RENDERED, result={"beats": [report(0)]})
    assert work.on_job(done) == []
    assert work.on_job(done) == []  # a retried task's late copy: ignored
    assert work.jobs_left == 1 and work.outcome is None
    assert list(work.rendered) == [0]


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_job_process_dies_with_the_process_that_started_it() -> None:
    starter = (
        "import sys, time\n"
        "from renderkit.jobs.protocol import start_python\n"
        "child = start_python('timeit', '-n1', '-r1', '__import__(\"time\").sleep(120)')\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", starter],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = psutil.Process(int(parent.stdout.readline()))
    try:
        assert _alive(child)
        parent.kill()  # SIGKILL: the parent cannot clean anything up
        parent.wait()
        gone, _ = psutil.wait_procs([child], timeout=10)
        assert gone or not _alive(child), "the child outlived the process that started it"
    finally:
        if _alive(child):
            child.kill()


def test_the_parent_death_signal_is_left_out_where_there_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert dies_with_parent() is None
