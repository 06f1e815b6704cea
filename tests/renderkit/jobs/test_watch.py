"""renderkit.jobs.watch: the watchdog-based watcher, run in a thread over a temporary folder."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from renderkit.jobs.watch import watch, watched

WAIT = 10.0  # generous: the machine is shared and slow


class Watcher:
    def __init__(self, paths: list[Path], handler=None, **options) -> None:
        self.calls: queue.Queue[set[Path]] = queue.Queue()
        self.reports: list[str] = []
        self.stop = threading.Event()
        ready = threading.Event()

        def on_change(changed: set[Path]) -> None:
            self.calls.put(changed)
            if handler is not None:
                handler(changed)

        options.setdefault("interval", 0.05)
        self.thread = threading.Thread(
            target=watch,
            args=(paths, on_change),
            kwargs={"stop": self.stop, "report": self.reports.append, "ready": ready, **options},
            daemon=True,
        )
        self.thread.start()
        assert ready.wait(WAIT), "the watcher never took its first snapshot"

    def next_call(self) -> set[Path]:
        return self.calls.get(timeout=WAIT)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "scenes" / "components").mkdir(parents=True)
    (tmp_path / "mathcore").mkdir()
    (tmp_path / "scenes" / "a.py").write_text("A = 1\n")
    (tmp_path / "scenes" / "components" / "b.py").write_text("B = 1\n")
    (tmp_path / "mathcore" / "m.py").write_text("M = 1\n")
    return tmp_path


@pytest.fixture
def watcher(tree: Path) -> Iterator[Watcher]:
    w = Watcher([tree / "scenes", tree / "mathcore"])
    yield w
    w.close()


def test_only_python_files_outside_hidden_and_cache_folders_count(tree: Path) -> None:
    roots = [tree / "scenes", tree / "mathcore" / "m.py"]
    assert watched(tree / "scenes" / "components" / "b.py", roots)
    assert watched(tree / "mathcore" / "m.py", roots)
    assert not watched(tree / "scenes" / "notes.txt", roots)
    assert not watched(tree / "scenes" / "__pycache__" / "a.py", roots)
    assert not watched(tree / "scenes" / ".hidden" / "h.py", roots)
    assert not watched(tree / "mathcore" / "other.py", roots)  # only that one file
    assert not watched(tree / "elsewhere" / "x.py", roots)


def test_changes_in_cache_and_hidden_folders_are_not_reported(tree: Path, watcher: Watcher) -> None:
    (tree / "scenes" / "__pycache__").mkdir()
    (tree / "scenes" / "__pycache__" / "a.py").write_text("x")
    (tree / "scenes" / ".hidden").mkdir()
    (tree / "scenes" / ".hidden" / "h.py").write_text("x")
    (tree / "scenes" / "notes.txt").write_text("x")
    (tree / "mathcore" / "m.py").write_text("M = 5\n")
    assert watcher.next_call() == {tree / "mathcore" / "m.py"}


def test_a_save_is_reported(tree: Path, watcher: Watcher) -> None:
    (tree / "scenes" / "components" / "b.py").write_text("B = 22\n")
    assert watcher.next_call() == {tree / "scenes" / "components" / "b.py"}


def test_new_and_deleted_files_count_and_other_files_do_not(tree: Path, watcher: Watcher) -> None:
    (tree / "scenes" / "readme.md").write_text("ignored")
    (tree / "mathcore" / "new.py").write_text("N = 1\n")
    (tree / "scenes" / "a.py").unlink()
    assert watcher.next_call() == {tree / "mathcore" / "new.py", tree / "scenes" / "a.py"}


def test_a_burst_of_saves_is_one_call(tree: Path) -> None:
    w = Watcher([tree], interval=0.05, settle=1.5)
    try:
        for i in range(5):
            (tree / "scenes" / "a.py").write_text("A = 1\n" + "#" * i)
        time.sleep(0.3)  # a later save in the same burst (a formatter, say)
        (tree / "mathcore" / "m.py").write_text("M = 2\n")
        assert w.next_call() == {tree / "scenes" / "a.py", tree / "mathcore" / "m.py"}
        with pytest.raises(queue.Empty):
            w.calls.get(timeout=0.5)
    finally:
        w.close()


def test_a_failing_handler_is_reported_and_watching_continues(tree: Path) -> None:
    def explode(changed: set[Path]) -> None:
        if any(p.name == "a.py" for p in changed):
            raise RuntimeError("scene failed to render")

    w = Watcher([tree / "scenes"], handler=explode)
    try:
        (tree / "scenes" / "a.py").write_text("A = 2\n")
        assert w.next_call() == {tree / "scenes" / "a.py"}
        (tree / "scenes" / "components" / "b.py").write_text("B = 3\n")
        assert w.next_call() == {tree / "scenes" / "components" / "b.py"}
        assert w.reports == [
            "watch: the change handler failed: RuntimeError: scene failed to render"
        ]
    finally:
        w.close()


def test_ctrl_c_in_the_handler_ends_watching(tree: Path) -> None:
    def interrupt(changed: set[Path]) -> None:
        raise KeyboardInterrupt

    w = Watcher([tree], handler=interrupt)
    (tree / "scenes" / "a.py").write_text("A = 3\n")
    w.next_call()
    w.thread.join(WAIT)
    assert not w.thread.is_alive()  # returned by itself, stop was never set
    assert not w.stop.is_set()


def test_stop_returns_promptly(tree: Path) -> None:
    w = Watcher([tree], interval=0.05)
    started = time.monotonic()
    w.close()
    assert time.monotonic() - started < WAIT
    assert w.calls.empty()


def test_bad_interval(tree: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        watch([tree], lambda changed: None, interval=0)
