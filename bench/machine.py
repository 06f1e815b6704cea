"""The machine the bench runs on: what it is, for the report, and how busy it is."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    """The hardware and software the numbers were measured with."""

    cores: str
    cpu: str
    memory: str  #: total memory, e.g. ``23.5 GiB``
    os: str
    python: str
    manim: str
    av: str


def _proc_field(path: Path, key: str) -> str | None:
    """The value of the first ``key: value`` line of a ``/proc`` file, if there is one."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(key)), None)


def machine() -> Machine:
    """This machine: cores, CPU model, memory (``MemTotal`` in GiB), OS and versions."""
    cpu = _proc_field(Path("/proc/cpuinfo"), "model name")
    total_kib = _proc_field(Path("/proc/meminfo"), "MemTotal")  # "24641316 kB"
    return Machine(
        cores=str(os.cpu_count()),
        cpu=cpu or platform.processor() or platform.machine(),
        memory=f"{int(total_kib.split()[0]) / 1024**2:.1f} GiB" if total_kib else "?",
        os=platform.platform(),
        python=platform.python_version(),
        manim=importlib.metadata.version("manim"),
        av=importlib.metadata.version("av"),
    )


def load() -> str:
    """The 1, 5 and 15 minute load averages, e.g. ``0.97 1.68 2.33`` (``?`` if unknown)."""
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"
