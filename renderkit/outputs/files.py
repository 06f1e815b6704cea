"""The one way this project writes a file: beside its final place, then moved in.

Every output (video, poster, captions, clips, manifest, gallery, presenter) is written to a
temporary file in its final folder, named ``.<stem>.tmp-<pid>-<rand><suffix>``, and moved
into place with ``os.replace`` only once complete. A reader never sees half a file, and
an interrupted or failed write leaves the previous file exactly as it was.
:func:`sweep_temps` removes the temporaries a killed process could not clean up; it
knows the names because :func:`temp_path_for` is the only place that makes them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = [
    "TEMP_TAG",
    "atomic_output",
    "copy_file",
    "is_temp_name",
    "remove_path",
    "sha256_file",
    "sweep_temps",
    "temp_path_for",
    "write_bytes",
    "write_text",
]

#: Every temporary name contains this tag, followed by the writing process's id.
TEMP_TAG = ".tmp-"
#: Outputs are readable by everyone (a web server serves them), like a plain ``open()``.
FILE_MODE = 0o644


def temp_path_for(final: Path) -> Path:
    """A fresh temporary path beside ``final`` that keeps its extension (PyAV reads it)."""
    final = Path(final)
    stem, suffix = (final.stem, final.suffix) if final.suffix else (final.name, "")
    token = secrets.token_hex(4)
    return final.with_name(f".{stem}{TEMP_TAG}{os.getpid()}-{token}{suffix}")


def is_temp_name(name: str, pids: set[int] | None = None) -> bool:
    """Whether ``name`` is one of our temporaries (of one of ``pids`` if given)."""
    if not name.startswith(".") or TEMP_TAG not in name:
        return False
    if pids is None:
        return True
    pid = name.rsplit(TEMP_TAG, 1)[1].split("-", 1)[0]
    return pid.isdigit() and int(pid) in pids


def sweep_temps(root: Path, pids: set[int] | None = None, skip: str = ".work") -> list[Path]:
    """Remove the temporaries left under ``root`` (by ``pids`` if given); return them.

    Used after a worker had to be killed: its own clean-up could not run.
    """
    removed: list[Path] = []
    root = Path(root)
    if not root.is_dir():
        return removed
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == root and skip in dirnames:
            dirnames.remove(skip)
        for name in [*dirnames, *filenames]:
            if is_temp_name(name, pids):
                remove_path(Path(dirpath, name))
                removed.append(Path(dirpath, name))
        dirnames[:] = [d for d in dirnames if not is_temp_name(d, pids)]
    return removed


@contextmanager
def atomic_output(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; move it into place if the block succeeds.

    On any exception (``KeyboardInterrupt`` too) the temporary is removed and ``final``
    is left exactly as it was. The block must create the temporary.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(final)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written for {final.name}")
        if tmp.is_file():
            os.chmod(tmp, FILE_MODE)
        os.replace(tmp, final)
    finally:
        if tmp.exists() or tmp.is_symlink():
            remove_path(tmp)


def write_text(final: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``final`` atomically."""
    with atomic_output(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(final: Path, data: bytes) -> None:
    """Write ``data`` to ``final`` atomically."""
    with atomic_output(final) as tmp:
        tmp.write_bytes(data)


def copy_file(src: Path, final: Path) -> None:
    """Copy ``src`` to ``final`` atomically."""
    with atomic_output(final) as tmp:
        shutil.copyfile(src, tmp)


def remove_path(path: Path) -> None:
    """Remove a file or folder if it is there."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            path.unlink()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
