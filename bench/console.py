"""What the bench says while it runs: time-stamped lines on stderr, and its one error."""

from __future__ import annotations

import sys
import time


class BenchError(Exception):
    """Something the bench cannot measure; reported as one line."""


def log(message: str) -> None:
    """Print ``[bench HH:MM:SS] message`` on stderr (stdout carries the report)."""
    stamp = time.strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)
