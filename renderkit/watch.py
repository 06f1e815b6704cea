"""Watch source folders for saved changes and call back with the files that changed.

Polling, no extra dependency: every ``interval`` seconds the ``*.py`` files under the
watched paths are listed with their modification time and size. A save often comes as
a burst (an editor writes a backup, then the file; a formatter rewrites it; a ``git
checkout`` touches many files), so changes are collected until the burst settles — a
poll that finds nothing new after at least ``settle`` seconds — and then reported in one
call. Files that appeared or disappeared count as changed.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["snapshot", "watch"]

Snapshot = dict[Path, tuple[int, int]]


def _report(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def snapshot(paths: Iterable[Path], pattern: str = "*.py") -> Snapshot:
    """``{file: (mtime_ns, size)}`` for every ``pattern`` file under ``paths``.

    A path that is a file is taken as it is; hidden folders and ``__pycache__`` are
    skipped; a path that does not exist (yet) contributes nothing.
    """
    found: Snapshot = {}
    for root in paths:
        root = Path(root)
        candidates = [root] if root.is_file() else root.rglob(pattern)
        for path in candidates:
            rel = path.relative_to(root).parts if path != root else ()
            if any(part.startswith(".") or part == "__pycache__" for part in rel[:-1]):
                continue
            try:
                stat = path.stat()
            except OSError:  # deleted between listing and stat
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _changed(old: Snapshot, new: Snapshot) -> set[Path]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def watch(
    paths: list[Path],
    on_change: Callable[[set[Path]], None],
    *,
    interval: float = 0.5,
    stop: threading.Event | None = None,
    settle: float | None = None,
    pattern: str = "*.py",
    report: Callable[[str], None] = _report,
    ready: threading.Event | None = None,
) -> None:
    """Call ``on_change(changed_files)`` after each settled burst of saves under ``paths``.

    Blocks until ``stop`` is set or Ctrl-C (``KeyboardInterrupt``, also when raised by the
    callback); then returns normally. An exception from ``on_change`` is reported through
    ``report`` (default: one line on stderr) and watching goes on. ``settle`` (default:
    ``interval``) is how long the files must stay unchanged before the call. ``ready``,
    if given, is set once the first snapshot is taken: saves after that are seen.
    """
    if interval <= 0:
        raise ValueError(f"watch interval must be positive, got {interval}")
    settle = interval if settle is None else settle
    stop = stop or threading.Event()
    try:
        previous = snapshot(paths, pattern)
        if ready is not None:
            ready.set()
        pending: set[Path] = set()
        last_change = 0.0
        while not stop.wait(interval):
            current = snapshot(paths, pattern)
            changed = _changed(previous, current)
            previous = current
            now = time.monotonic()
            if changed:
                pending |= changed
                last_change = now
                continue
            if pending and now - last_change >= settle:
                batch, pending = pending, set()
                try:
                    on_change(batch)
                except KeyboardInterrupt:
                    raise
                except Exception as error:
                    report(f"watch: the change handler failed: {type(error).__name__}: {error}")
                # what was saved while the handler ran shows up in the next poll
    except KeyboardInterrupt:
        return
