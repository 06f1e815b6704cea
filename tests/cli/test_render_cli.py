"""render.py's command line: listing, help, and every usage error (nothing renders here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import render
from renderkit.outputs import files, manifest
from renderkit.plan.quality import DEFAULT_QUALITY, QUALITIES, get_quality, quality_label
from scenes.registry import SCENES


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(render.main, list(args), env=env)


def one_line_error(result) -> str:
    """The error output, checked to be exactly one line with no traceback."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


def test_list_prints_every_scene_in_story_order_with_its_summary():
    result = invoke("--list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [s.name for s in SCENES]
    for line, info in zip(lines, SCENES, strict=True):
        assert line.endswith(info.summary)


def test_help_is_the_docstring_and_lists_the_options():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Render the cross-entropy explainer" in result.output
    for option in ("--quality", "--format", "--theme", "--transparent", "--out", "--sections",
                   "--jobs", "--force", "--watch", "--resolution", "--fps", "--list",
                   "--quiet", "--debug"):  # fmt: skip
        assert option in result.output


def test_unknown_scene_exits_2_listing_the_valid_names(tmp_path):
    result = invoke("softmax", "no-such-scene", "-o", str(tmp_path))
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "unknown scene 'no-such-scene'" in line
    for info in SCENES:
        assert info.name in line
    assert "explainer" in line
    assert not any(tmp_path.iterdir())  # nothing was rendered


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-q", "ultra"], "'ultra' is not one of"),
        (["-f", "avi"], "'avi' is not one of"),
        (["--theme", "blue"], "'blue' is not one of"),
        (["-j", "0"], "--jobs"),
        (["--fps", "0"], "--fps"),
        (["--resolution", "wide"], "is not WIDTHxHEIGHT"),
        (["--resolution", "191x108"], "must be even"),
        (["-t"], "mp4 has no alpha channel"),
        (["-t", "-f", "gif"], "gif has no alpha channel"),
        (["--sections", "-f", "png"], "--sections needs a video format"),
        (["explainer", "-f", "gif"], "explainer joins videos"),
        (["--bogus-option"], "No such option"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, expected):
    result = invoke(*args, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    line = one_line_error(result)
    assert line.startswith("render.py: error: ")
    assert expected in line
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_transparent_error_names_the_formats_that_carry_alpha(tmp_path):
    line = one_line_error(invoke("-t", "-f", "mp4", "-o", str(tmp_path)))
    assert "webm" in line and "mov" in line


@pytest.mark.parametrize("kind", ["file", "under-a-file"])
def test_unwritable_out_is_one_line_and_exit_2(tmp_path, kind):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    out = blocker if kind == "file" else blocker / "media"
    result = invoke("softmax", "-o", str(out))
    assert result.exit_code == 2
    line = one_line_error(result)
    assert f"cannot write to --out {out}" in line
    assert blocker.read_text() == "a file, not a folder"


def test_missing_latex_is_found_before_rendering(tmp_path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    out = tmp_path / "out"
    result = invoke("softmax", "-o", str(out), env={"PATH": str(empty_bin)})
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "latex and dvisvgm are not on PATH" in line
    assert "sudo apt-get install texlive-latex-base texlive-latex-extra dvisvgm" in line
    assert list(out.rglob("*")) == []  # not even manim's scratch folder


def test_missing_dvisvgm_alone_is_named(tmp_path):
    only_latex = tmp_path / "bin"
    only_latex.mkdir()
    (only_latex / "latex").symlink_to("/usr/bin/latex")
    line = one_line_error(invoke("softmax", "-o", str(tmp_path), env={"PATH": str(only_latex)}))
    assert "but dvisvgm is not on PATH" in line


def test_quality_table_and_letters():
    assert [(q.name, q.letter, q.width, q.height, q.fps) for q in QUALITIES] == [
        ("low", "l", 854, 480, 15),
        ("medium", "m", 1280, 720, 30),
        ("high", "h", 1920, 1080, 60),
        ("production", "p", 2560, 1440, 60),
        ("4k", "k", 3840, 2160, 60),
    ]
    assert DEFAULT_QUALITY in {q.name for q in QUALITIES}
    assert get_quality("l").name == "low" and get_quality("K").name == "4k"
    with pytest.raises(KeyError):
        get_quality("ultra")
    low = get_quality("low")
    assert quality_label(low, 854, 480, 15) == "low"
    assert quality_label(low, 192, 108, 5) == "192x108-5fps"


def test_manifest_merge_replaces_same_key_keeps_others_and_sorts_in_story_order(tmp_path):
    def entry(scene, quality="low", theme="dark", fmt="mp4", transparent=False, tag=""):
        return {"scene": scene, "quality": quality, "theme": theme, "format": fmt,
                "transparent": transparent, "path": f"{scene}.{fmt}", "tag": tag}  # fmt: skip

    story = [s.name for s in SCENES]
    manifest.update(tmp_path, [entry("softmax", tag="old"), entry("explainer")], story)
    manifest.update(tmp_path, [entry("classification"), entry("softmax", theme="light")], story)
    merged = manifest.update(tmp_path, [entry("softmax", tag="new")], story)
    keys = [(e["scene"], e["theme"], e["tag"]) for e in merged["entries"]]
    assert keys == [
        ("classification", "dark", ""),
        ("softmax", "dark", "new"),
        ("softmax", "light", ""),
        ("explainer", "dark", ""),
    ]
    assert manifest.load(tmp_path) == merged
    assert merged["version"] == 1 and merged["generator"] == "render.py"
    assert files.sweep_temps(tmp_path) == []  # the atomic writes left nothing behind


def test_a_corrupt_manifest_is_treated_as_empty(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    assert manifest.load(tmp_path)["entries"] == []


def test_atomic_output_keeps_the_old_file_when_writing_fails(tmp_path):
    final = tmp_path / "clip.mp4"
    final.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.atomic_output(final) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("crash while writing")
    assert final.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]
    with files.atomic_output(final) as tmp:
        tmp.write_bytes(b"new")
    assert final.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]


def test_sweep_removes_only_the_given_processes_temporaries(tmp_path):
    mine = files.temp_path_for(tmp_path / "a.mp4")
    mine.write_bytes(b"")
    other = tmp_path / ".b.tmp-999999999-abcd.mp4"
    other.write_bytes(b"")
    kept = tmp_path / "c.mp4"
    kept.write_bytes(b"")
    import os

    assert files.sweep_temps(tmp_path, {os.getpid()}) == [mine]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, "c.mp4"])
    assert Path(other).exists()


@pytest.mark.parametrize("out", ["", "   "])
def test_an_empty_out_folder_is_a_usage_error(tmp_path, out, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("softmax", "-o", out)
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "output folder is empty" in line
    assert not any(tmp_path.iterdir())  # nothing written into the current folder
