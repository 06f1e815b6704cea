"""Checks made before anything renders, each returning a one-line problem or None."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import IO

from ..outputs.files import temp_path_for
from ..plan.spec import TEX_CACHE_ENV

LATEX_TOOLS = ("latex", "dvisvgm")
LATEX_INSTALL = "sudo apt-get install texlive-latex-base texlive-latex-extra dvisvgm"


def latex_problem() -> str | None:
    """Which of ``latex``/``dvisvgm`` is not on PATH, and how to install them."""
    missing = [tool for tool in LATEX_TOOLS if shutil.which(tool) is None]
    if not missing:
        return None
    return (
        f"LaTeX is needed for the equations but {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not on PATH; install with: {LATEX_INSTALL}"
    )


def out_dir_problem(out_dir: Path) -> str | None:
    """Whether ``out_dir`` can be created and written (tried with a temporary file)."""
    return _folder_problem(Path(out_dir), f"--out {out_dir}")


def tex_cache_problem() -> str | None:
    """Whether the folder ``$CE_TEX_CACHE`` names (if set) can be created and written."""
    value = os.environ.get(TEX_CACHE_ENV)
    return _folder_problem(Path(value), f"{TEX_CACHE_ENV}={value}") if value else None


def _folder_problem(folder: Path, name: str) -> str | None:
    """Why ``folder`` (called ``name`` in the message) cannot be created and written."""
    if folder.exists() and not folder.is_dir():
        return f"cannot write to {name}: it is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = temp_path_for(folder / "write-check")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return f"cannot write to {name}: {reason}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write to {name}: permission denied"
    return None


#: Held by a run for its whole length (with --watch, until it stops).
LOCK_NAME = ".work/render.lock"


class OutDirBusy(Exception):
    """Another render.py run is writing into the same output folder."""


def lock_out_dir(out_dir: Path) -> IO[str]:
    """Take the output folder for this run; close the returned file to let it go.

    Two runs into one folder would share manim's scratch folders and race on the
    manifest, so the second one stops before it renders anything. The lock is an
    ``flock`` on ``OUT/.work/render.lock``: the system drops it when the run ends,
    however it ends, so a crash never leaves the folder locked.
    """
    path = Path(out_dir) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise OutDirBusy(
            f"another render.py ({holder}) is writing into {out_dir}; "
            "wait for it to finish or choose another --out"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle
