"""Watch source folders for saved changes and call back with the files that changed.

Built on watchdog (which manim installs): the operating system reports each change
(inotify on Linux, FSEvents on macOS), so nothing is polled. A save often comes as a
burst (an editor writes a backup, then the file; a formatter rewrites it; a ``git
checkout`` touches many files), so changes are collected until the burst settles — no
new event for ``settle`` seconds — and then reported in one call. Files created,
deleted or moved count as changed; hidden folders and ``__pycache__`` are ignored.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from fnmatch import fnmatch
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

__all__ = ["watch", "watched"]

#: Event types that are only reads.
_READS = {"opened", "closed_no_write"}


def _report(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def watched(path: Path, roots: Iterable[Path], pattern: str = "*.py") -> bool:
    """Whether a change to ``path`` counts: it matches ``pattern``, lies under one of
    ``roots`` (or is one), and no folder between is hidden or ``__pycache__``."""
    if not fnmatch(path.name, pattern):
        return False
    for root in roots:
        if path == root:
            return True
        try:
            between = path.relative_to(root).parts[:-1]
        except ValueError:
            continue
        return not any(part.startswith(".") or part == "__pycache__" for part in between)
    return False


class _Collector(FileSystemEventHandler):
    """Collects the paths of relevant events, and when the last one came."""

    def __init__(self, roots: list[Path], pattern: str) -> None:
        self.roots, self.pattern = roots, pattern
        self.lock = threading.Lock()
        self.pending: set[Path] = set()
        self.last_event = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in _READS:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        hits = {
            Path(str(p)) for p in paths if p and watched(Path(str(p)), self.roots, self.pattern)
        }
        if hits:
            with self.lock:
                self.pending |= hits
                self.last_event = time.monotonic()

    def take_settled(self, settle: float) -> set[Path]:
        """The pending paths if no event came for ``settle`` seconds (then cleared)."""
        with self.lock:
            if not self.pending or time.monotonic() - self.last_event < settle:
                return set()
            batch, self.pending = self.pending, set()
            return batch


def _observe(roots: list[Path], collector: _Collector) -> BaseObserver:
    observer = Observer()
    for root in roots:
        if root.is_dir():
            observer.schedule(collector, str(root), recursive=True)
        elif root.parent.is_dir():
            observer.schedule(collector, str(root.parent), recursive=False)
    observer.start()
    return observer


def watch(
    paths: list[Path],
    on_change: Callable[[set[Path]], None],
    *,
    interval: float = 0.1,
    stop: threading.Event | None = None,
    settle: float = 0.3,
    pattern: str = "*.py",
    report: Callable[[str], None] = _report,
    ready: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Call ``on_change(changed_files)`` after each settled burst of saves under ``paths``.

    Blocks until ``stop`` is set or Ctrl-C (``KeyboardInterrupt``, also when raised by the
    callback); then returns normally. An exception from ``on_change`` is reported through
    ``report`` (default: one line on stderr) and watching goes on. ``interval`` is how
    often settled bursts are looked for; ``ready``, if given, is set (and ``on_ready``
    called) once the watch is in place: saves after that are seen.
    """
    if interval <= 0:
        raise ValueError(f"watch interval must be positive, got {interval}")
    stop = stop or threading.Event()
    roots = [Path(p).resolve() for p in paths]
    collector = _Collector(roots, pattern)
    observer = _observe(roots, collector)
    try:
        if ready is not None:
            ready.set()
        if on_ready is not None:
            on_ready()
        while not stop.wait(interval):
            batch = collector.take_settled(settle)
            if not batch:
                continue
            try:
                on_change(batch)
            except KeyboardInterrupt:
                raise
            except Exception as error:
                report(f"watch: the change handler failed: {type(error).__name__}: {error}")
    except KeyboardInterrupt:
        return
    finally:
        observer.stop()
        observer.join(timeout=5)
