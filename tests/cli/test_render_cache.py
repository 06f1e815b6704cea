"""Skip unchanged work: fingerprints in the manifest, --force, edits, settings, tampering."""

from __future__ import annotations

import subprocess
import sys

import pytest
from render_support import (
    FOLDER,
    SMALL,
    clone,
    entry_for,
    make_project,
    run_render,
    write_scene,
)

# Every test here runs render.py on real (tiny) videos.
pytestmark = pytest.mark.slow

TWO = ["classification", "softmax"]


def statuses(result) -> dict[str, str]:
    """scene -> status from the summary table."""
    rows = {}
    for line in result.stdout.splitlines()[1:]:
        words = line.split()
        if words and words[0] != "1" and not line.startswith(" "):
            rows[words[0]] = "up to date" if words[1:3] == ["up", "to"] else words[1]
    return rows


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A tiny project whose two first scenes have been rendered once."""
    project = make_project(tmp_path_factory.mktemp("cache-project"))
    result = run_render(project, *TWO, *SMALL, "-j", "2", "-o", "media")
    assert result.returncode == 0, result.stderr + result.stdout
    assert statuses(result) == {"classification": "rendered", "softmax": "rendered"}
    return project


def test_unchanged_scenes_are_up_to_date_and_not_rendered(project):
    out = project / "media"
    logs = sorted((out / ".work").glob("*/result.json"))
    stamps = [p.stat().st_mtime_ns for p in logs]
    result = run_render(project, *TWO, *SMALL, "-o", "media")
    assert result.returncode == 0
    assert statuses(result) == {"classification": "up to date", "softmax": "up to date"}
    assert [p.stat().st_mtime_ns for p in logs] == stamps  # no worker ran
    for scene in TWO:
        assert len(entry_for(out, scene)["fingerprint"]) == 64


def test_the_nothing_changed_path_does_not_import_manim(project):
    code = (
        "import sys, time; t = time.perf_counter(); import render; "
        f"rc = render.main({[*TWO, *SMALL, '--quiet', '-o', 'media']!r}, standalone_mode=False); "
        "print(rc, 'manim' in sys.modules, round(time.perf_counter() - t, 3))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
    )
    rc, manim_imported, seconds = done.stdout.split()
    assert (rc, manim_imported) == ("0", "False"), done.stderr
    print(f"nothing-changed pass: {seconds} s")


def test_force_renders_anyway(project):
    result = run_render(project, "softmax", *SMALL, "--force", "-o", "media")
    assert result.returncode == 0
    assert statuses(result) == {"softmax": "rendered"}


def test_an_edited_scene_is_rendered_again_and_only_it(project, tmp_path):
    copy = clone(project, tmp_path / "copy")
    out = tmp_path / "media"
    # the copy starts from the original's output: same sources, so up to date
    subprocess.run(["cp", "-a", str(project / "media"), str(out)], check=True)
    first = run_render(copy, *TWO, *SMALL, "-o", str(out))
    assert statuses(first) == {"classification": "up to date", "softmax": "up to date"}
    write_scene(copy, "softmax", "Softmax", extra="self.wait(0.4)")
    before = entry_for(out, "softmax")
    result = run_render(copy, *TWO, *SMALL, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert statuses(result) == {"classification": "up to date", "softmax": "rendered"}
    after = entry_for(out, "softmax")
    assert after["fingerprint"] != before["fingerprint"]
    assert after["duration"] == pytest.approx(before["duration"] + 0.4, abs=0.21)


def test_theme_or_size_changes_render_a_new_entry(project):
    out = project / "media"
    light = run_render(project, "softmax", *SMALL, "--theme", "light", "-o", "media")
    assert statuses(light) == {"softmax": "rendered"}
    assert (out / FOLDER / "light" / "softmax.mp4").is_file()
    other_fps = run_render(
        project, "softmax", "--resolution", "192x108", "--fps", "4", "-o", "media"
    )
    assert statuses(other_fps) == {"softmax": "rendered"}
    assert entry_for(out, "softmax", quality="192x108-4fps")["fps"] == 4
    again = run_render(project, "softmax", *SMALL, "--theme", "light", "-o", "media")
    assert statuses(again) == {"softmax": "up to date"}


def test_a_changed_or_missing_output_file_is_rendered_again(project):
    out = project / "media"
    video = out / FOLDER / "dark" / "classification.mp4"
    video.write_bytes(video.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
    result = run_render(project, "classification", *SMALL, "-o", "media")
    assert statuses(result) == {"classification": "rendered"}
    (out / FOLDER / "dark" / "classification.vtt").unlink()
    result = run_render(project, "classification", *SMALL, "-o", "media")
    assert statuses(result) == {"classification": "rendered"}
    assert (out / FOLDER / "dark" / "classification.vtt").is_file()


def test_sections_asked_for_later_render_once_then_are_kept(project):
    first = run_render(project, "classification", *SMALL, "--sections", "-o", "media")
    assert statuses(first) == {"classification": "rendered"}
    # the render with sections covers a plain one
    plain = run_render(project, "classification", *SMALL, "-o", "media")
    assert statuses(plain) == {"classification": "up to date"}
    assert len(entry_for(project / "media", "classification", quality=FOLDER)["sections"]) == 2


def test_equations_compile_once_for_every_setting(project, tmp_path):
    """Without ``CE_TEX_CACHE``, an output folder keeps one TeX cache for all its scenes,
    qualities and themes: rendering again at another size and theme compiles nothing
    new. With it, that folder holds the cache and the output folder keeps none."""
    project = clone(project, tmp_path / "project")
    equation = 'self.add(MathTex(r"H(P^*, P) = -\\sum_k P^*_k \\ln P_k"))'
    write_scene(project, "softmax", "Softmax", extra=equation)
    env = {"CE_TEX_CACHE": ""}
    fresh = run_render(project, "softmax", *SMALL, "-o", "own", "--quiet", env=env)
    assert fresh.returncode == 0, fresh.stderr
    compiled = {p.name: p.stat().st_mtime_ns for p in (project / "own/.work/tex/Tex").glob("*.svg")}
    assert compiled  # softmax has equations
    other = ["--resolution", "160x90", "--fps", "4", "--theme", "light", "--quiet"]
    again = run_render(project, "softmax", *other, "-o", "own", env=env)
    assert again.returncode == 0, again.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (project / "own/.work/tex/Tex").glob("*.svg")}
    assert after == compiled  # nothing compiled, nothing rewritten
    shared = tmp_path / "shared-tex"
    result = run_render(project, "softmax", *SMALL, "-o", "third", "--quiet",
                        env={"CE_TEX_CACHE": str(shared)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (shared / "Tex").glob("*.svg")} >= set(compiled)
    assert not (project / "third/.work/tex").exists()


@pytest.mark.parametrize("kind", ["a file", "under a file"])
def test_a_tex_cache_that_cannot_be_a_folder_is_one_line(project, tmp_path, kind):
    (tmp_path / "file").write_text("")
    value = tmp_path / "file" if kind == "a file" else tmp_path / "file" / "cache"
    out = tmp_path / "out"
    result = run_render(project, "softmax", *SMALL, "-o", str(out),
                        env={"CE_TEX_CACHE": str(value)})  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"render.py: error: cannot write to CE_TEX_CACHE={value}: "
        + ("it is a file, not a folder" if kind == "a file" else "Not a directory")
    ]
    assert not (out / "manifest.json").exists()
