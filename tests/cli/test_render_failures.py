"""Nothing lost: a failing scene, a LaTeX error and an interrupted render."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from render_support import (
    FOLDER,
    SMALL,
    clone,
    entry_for,
    load_manifest,
    make_project,
    run_render,
    temp_leftovers,
    write_scene,
)

# Every test here runs render.py on real (tiny) videos.
pytestmark = pytest.mark.slow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("tiny-template"))


@pytest.fixture
def rendered(template, tmp_path):
    """A project copy whose softmax has been rendered once: (project, out, old sha)."""
    project = clone(template, tmp_path / "project")
    out = project / "media"
    result = run_render(project, "softmax", *SMALL, "-o", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return project, out, entry_for(out, "softmax")


def test_a_crashing_scene_fails_alone_and_keeps_its_old_file(rendered):
    project, out, old = rendered
    write_scene(project, "softmax", "Softmax", extra="1 / 0")
    result = run_render(
        project, "classification", "softmax", "loss-curves", *SMALL, "-j", "2", "-o", str(out)
    )
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.strip()}
    assert " rendered " in rows["classification"] and " rendered " in rows["loss-curves"]
    assert "failed" in rows["softmax"]
    assert "ZeroDivisionError: division by zero (scenes/softmax.py:" in rows["softmax"]
    assert "1 of 3 failed" in result.stdout
    # the others are in the manifest; softmax keeps its previous entry and file
    assert {e["scene"] for e in load_manifest(out)["entries"]} == {
        "classification",
        "softmax",
        "loss-curves",
    }
    assert entry_for(out, "softmax") == old
    assert sha(out / old["path"]) == old["sha256"]
    assert temp_leftovers(out) == []

    debug = run_render(project, "softmax", *SMALL, "--debug", "-o", str(out))
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr


def test_a_latex_error_shows_the_tex_line_not_a_traceback(template, tmp_path):
    project = clone(template, tmp_path / "project")
    write_scene(project, "softmax", "Softmax", extra=r'self.add(MathTex(r"p = \frac{1}{\bogus}"))')
    out = project / "media"
    result = run_render(project, "softmax", *SMALL, "--quiet", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == ""  # --quiet: nothing but the error
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("render.py: error: softmax: LaTeX error: ")
    assert "! Undefined control sequence." in lines[0]
    assert r"(at \bogus) in: p = \frac{1}{\bogus}" in lines[0]
    assert not (out / FOLDER).exists()


def _workers_of(spec_dir: Path) -> list[int]:
    """Pids of live processes whose command line names a spec under ``spec_dir``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "renderkit.jobs.worker" in cmdline and str(spec_dir) in cmdline:
            pids.append(int(proc.name))
    return pids


@pytest.mark.parametrize(
    ("how", "code"), [("ctrl-c to the process group", 130), ("sigterm to render.py", 143)]
)
def test_an_interrupted_render_leaves_the_old_files_and_no_temporaries(rendered, how, code):
    project, out, old = rendered
    old_files = {p: sha(p) for p in (out / FOLDER).rglob("*") if p.is_file()}
    # the new version is slow: the interrupt lands while it renders
    write_scene(project, "softmax", "Softmax", extra="import time; time.sleep(60)")
    proc = subprocess.Popen(
        [sys.executable, "render.py", "softmax", *SMALL, "-o", str(out)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not _workers_of(out / ".work") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers_of(out / ".work"), "the worker never started"
    time.sleep(2.0)  # let it import manim and get into the scene
    if how.startswith("ctrl-c"):
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, (stdout, stderr)
    assert "Traceback" not in stdout + stderr
    assert "interrupted" in stderr
    assert _workers_of(out / ".work") == []  # no worker left behind
    assert temp_leftovers(out) == []
    now = {p: sha(p) for p in (out / FOLDER).rglob("*") if p.is_file()}
    assert now == old_files  # every previous file intact, nothing added
    assert entry_for(out, "softmax") == old


def test_a_second_run_into_the_same_folder_stops_before_rendering(rendered):
    """Two runs into one --out would share scratch folders and race on the manifest."""
    project, out, old = rendered
    lock_file = out / ".work" / "render.lock"
    with lock_file.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running render.py does
        held.truncate(0)
        held.write("pid 4242")
        held.flush()
        busy = run_render(project, "softmax", *SMALL, "--force", "-o", str(out))
    assert busy.returncode == 1
    assert busy.stderr.strip().splitlines() == [
        f"render.py: error: another render.py (pid 4242) is writing into {out}; "
        "wait for it to finish or choose another --out"
    ]
    assert entry_for(out, "softmax") == old  # nothing was touched
    assert sha(out / old["path"]) == old["sha256"]
    # once the holder is gone, the folder is free again
    again = run_render(project, "softmax", *SMALL, "-o", str(out))
    assert again.returncode == 0, again.stderr
