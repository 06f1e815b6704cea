"""``scripts/new_scene.py``: a new scene in one command, and nothing else to edit.

In a temporary copy of the project (its files, the shared ``.venv`` linked), as a user
would: bad names are refused with exit 2 and one line, and nothing is written; a
scaffolded scene, with no other edit, is in ``render.py --list`` where it was put,
renders with ``--present --pptx`` into the gallery, the presenter, the deck and the
joined explainer, re-renders no other scene, and passes the scene tests.

The proof renders the whole story once at 192x108, 5 fps: the output folder is kept in
pytest's cache between runs (fingerprints are relative to the project, so a copy's renders
are up to date in the next copy), so a later run renders only the new scene.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import pytest
from pptx import Presentation

REPO = Path(__file__).resolve().parents[2]
NAME = "proof-scene"
CLASS = "ProofScene"
TINY = ["-q", "low", "--resolution", "192x108", "--fps", "5"]
#: Not copied: outputs, caches and the environment (linked instead).
SKIP = (".venv", ".git", "media", ".pytest_cache", ".ruff_cache", ".mypy_cache", "__pycache__")


def copy_project(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*SKIP, "*.egg-info", "build", "out"))
    (dest / ".venv").symlink_to((REPO / ".venv").resolve(), target_is_directory=True)
    return dest


def run(project: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("copy") / "project")


def tree(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in (project / "scenes").rglob("*.py")
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["softmax"], "scene 'softmax' exists already"),
        (["Softmax2"], "'Softmax2' is not a scene name: use kebab-case"),
        (["two--dashes"], "is not a scene name"),
        (["-leading"], None),  # an option Click does not know: a usage error, exit 2
        (["explainer"], "'explainer' is the joined video of every scene"),
        (["params"], "'params' would shadow scenes/params"),
        (["components"], "'components' would shadow scenes/components"),
        (["class"], "'class' is a Python keyword"),
        (["new-one", "--after", "nowhere"], "--after 'nowhere' is not a scene"),
        (["new-one", "--title", " "], "--title must be one line of text"),
    ],
)
def test_bad_names_are_exit_2_with_one_line_and_write_nothing(project, args, message) -> None:
    before = tree(project)
    result = run(project, "scripts/new_scene.py", *args)
    assert result.returncode == 2, result.stderr
    assert tree(project) == before
    if message is not None:
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("new_scene.py: error: ")
        assert message in result.stderr
    assert "Traceback" not in result.stderr


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def shas(out: Path) -> dict[str, str]:
    return {e["scene"]: e["sha256"] for e in manifest(out)["entries"] if e["format"] == "mp4"}


@pytest.mark.slow
def test_a_scaffolded_scene_is_everywhere_with_no_other_edit(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    project = copy_project(tmp_path / "project")
    out = project / "media-proof"
    render = ["render.py", "explainer", *TINY, "--present", "--pptx", "-o", str(out), "--quiet"]
    cache = pytestconfig.cache
    kept = cache.mkdir("new-scene-proof-media") if cache is not None else None
    if kept is not None and (kept / "manifest.json").is_file():
        shutil.copytree(kept, out)
    # the story as it is: up to date when the kept renders match, else rendered now
    before = run(project, *render, timeout=1800)
    assert before.returncode == 0, before.stderr
    if kept is not None:
        shutil.rmtree(kept)
        shutil.copytree(out, kept)
    old = shas(out)

    scaffold = run(project, "scripts/new_scene.py", NAME, "--after", "softmax")
    assert scaffold.returncode == 0, scaffold.stderr
    assert (project / "scenes/proof_scene.py").is_file()

    listed = run(project, "render.py", "--list")
    names = [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]
    assert names[names.index("softmax") + 1] == NAME

    after = run(project, *render, timeout=1800)
    assert after.returncode == 0, after.stderr
    new = shas(out)
    assert {k: v for k, v in new.items() if k not in (NAME, "explainer")} == {
        k: v for k, v in old.items() if k != "explainer"
    }  # no other scene rendered again
    entry = next(e for e in manifest(out)["entries"] if e["scene"] == NAME)
    assert entry["path"] == f"192x108-5fps/dark/{NAME}.mp4"
    with av.open(str(out / entry["path"])) as video:
        assert video.streams.video[0].width == 192
        assert video.duration / 1e6 >= 20
    # the gallery, the presenter, the deck
    assert NAME in (out / "index.html").read_text(encoding="utf-8")
    lecture = manifest(out)["lecture"]
    assert lecture["scenes"][lecture["scenes"].index("softmax") + 1] == NAME
    assert f'"{NAME}"' in (out / "present.html").read_text(encoding="utf-8")
    deck = Presentation(str(out / "present.pptx"))
    headers = [
        next(s.text for s in slide.shapes if s.has_text_frame) for slide in list(deck.slides)[1:]
    ]
    assert sum(h.startswith(f"{NAME} · ") for h in headers) == 3  # one slide per beat
    # the joined explainer: a chapter of its own, after softmax's
    with av.open(str(out / "192x108-5fps/dark/explainer.mp4")) as joined:
        titles = [c["metadata"].get("title") for c in joined.chapters()]
    assert titles.index("Proof scene: one idea, in a few beats.") == 2

    # the scene tests, as the suite runs them, for the new scene
    tests = run(
        project,
        "-m",
        "pytest",
        "-q",
        "-m",
        "not slow",
        "-p",
        "no:cacheprovider",
        "tests/scenes",
        "-k",
        NAME,
        timeout=900,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout and " failed" not in tests.stdout
