"""--watch: a saved scene is re-rendered (only it); an error is printed and watching goes on."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from render_support import SMALL, make_project, temp_leftovers, write_scene

# Every test here runs render.py on real (tiny) videos.
pytestmark = pytest.mark.slow


class Lines:
    """Collect a pipe's lines in a thread; wait for one that contains some text."""

    def __init__(self, pipe) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self._thread.start()

    def _pump(self, pipe) -> None:
        for line in pipe:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {timeout}s; saw {self.seen}")

    def finish(self, timeout: float = 10) -> list[str]:
        """Every line, once the process has exited and its pipe reached end of file."""
        self._thread.join(timeout)
        return self.drain()

    def drain(self) -> list[str]:
        while True:
            try:
                self.seen.append(self._queue.get_nowait())
            except queue.Empty:
                return self.seen


def test_watch_rerenders_the_saved_scene_and_survives_an_error(tmp_path):
    project = make_project(tmp_path / "project")
    out = project / "media"
    args = ["classification", "softmax", *SMALL, "-j", "1", "--watch", "-o", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "render.py", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
    )
    stdout, stderr = Lines(proc.stdout), Lines(proc.stderr)
    try:
        stderr.wait_for("watching scenes/ and mathcore/", timeout=90)
        # stdout and stderr are read by two threads, so the summary may reach us after the
        # "watching" line: wait for its softmax row rather than take what has arrived so far.
        row = stdout.wait_for("softmax", timeout=30)
        assert row.startswith("softmax") and "rendered" in row, stdout.seen
        first_rows = list(stdout.drain())

        write_scene(project, "softmax", "Softmax", extra="self.wait(0.2)")
        line = stdout.wait_for("re-rendered")
        assert " softmax: re-rendered in " in line and "softmax.mp4" in line
        assert line.endswith("1 of 2 beats rendered")  # the edited beat; the next is reused

        write_scene(project, "softmax", "Softmax", extra="1 / 0")
        line = stderr.wait_for("failed")
        assert "softmax: failed: ZeroDivisionError: division by zero" in line
        assert proc.poll() is None  # still watching

        write_scene(project, "softmax", "Softmax", extra="self.wait(0.4)")
        stdout.wait_for("softmax: re-rendered")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    stdout.finish()
    stderr.finish()
    assert proc.returncode in (0, 130), stderr.seen
    assert not any("classification" in line for line in stdout.seen[len(first_rows) :])
    assert not any("Traceback" in line for line in stdout.seen + stderr.seen)
    assert temp_leftovers(out) == []
