"""The render bench (``bench/``): its command line, its helpers, and its whole pipeline run
on a fake project whose render.py and manim take no time. The real bench is run by hand
(``make bench``): it takes a quarter of an hour."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import cli, cold, pipeline
from bench.console import BenchError
from bench.edit import equation_edit
from bench.encode import encode_floor
from bench.machine import machine
from bench.project import PARTS, Scene, choose, registry, snapshot
from bench.report import Report, Result
from bench.runs import entries, manim_cmd, outputs_state, render_py_cmd
from bench.steps import rendered_scenes
from renderkit.quality import Quality
from scenes.registry import SCENE_NAMES

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = ROOT / "bench" / "render_bench.py"


def bench_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``render_bench.py ARGS`` as ``make bench`` runs it: a script, from the project root."""
    cmd = [sys.executable, str(SCRIPT), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


# ---------------------------------------------------------------------- the command line


def test_help_lists_every_option() -> None:
    done = bench_cli("--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: render_bench.py [OPTIONS]")
    for option in ("--reps", "--scenes", "--jobs", "--high-scene", "--high-reps", "--skip-high"):
        assert option in done.stdout
    for option in ("--worktree", "--output", "--keep", "--dry-run"):
        assert option in done.stdout


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--reps", "0"), "--reps"),
        (("--jobs", "0"), "--jobs"),
        (("--scenes", "softmax,no-such-scene"), "no-such-scene"),
        (("--high-scene", "no-such-scene"), "no-such-scene"),
        (("--no-such-option",), "--no-such-option"),
    ],
)
def test_a_usage_error_is_one_line_and_exits_2(tmp_path: Path, args: tuple, names: str) -> None:
    output = tmp_path / "RESULTS.md"
    done = bench_cli(*args, "--output", str(output))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("render_bench.py: error: ")
    assert names in lines[0]
    assert not output.exists()


def test_dry_run_checks_the_snapshot_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    args = ("--dry-run", "--scenes", "softmax,kl-to-cross-entropy", "--skip-high")
    done = bench_cli(*args, "--reps", "2", "--output", str(output))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Would measure commit "), out
    assert "repetitions: 2" in out
    assert "- scenes (2): softmax, kl-to-cross-entropy\n" in out
    assert "render.py softmax kl-to-cross-entropy -q low -j" in out
    assert "kl-to-cross-entropy edited: its last DERIVATION line can be edited" in out
    assert "high: skipped (--skip-high)" in out
    assert f"Results would go to {output}." in out
    assert not output.exists()
    assert "ce-bench-" not in out  # the temporary folder is shown as $WORK


def test_dry_run_names_a_high_scene_and_a_skipped_edit(tmp_path: Path) -> None:
    done = bench_cli("--dry-run", "--worktree", "--scenes", "loss-curves", "--high-reps", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Would measure working tree")
    assert "edited: skipped: kl-to-cross-entropy is not among the measured scenes" in done.stdout
    assert "high: 1× " in done.stdout
    assert "'<the shortest scene>' -q high -j 1" in done.stdout


# ---------------------------------------------------------------------- the edit

SCENE = '''"""A scene."""
DERIVATION: tuple = (
    ("a", "=", "b"),
    (
        "c",
        "=",
        "d",
    ),
    ("e", r"\\equiv", "f"),
)
OTHER = 1
'''


def derivation(text: str) -> ast.Tuple:
    """The module's ``DERIVATION`` tuple."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "DERIVATION" and isinstance(node.value, ast.Tuple):
                return node.value
    raise AssertionError("no DERIVATION")


def last_line(text: str) -> tuple:
    return ast.literal_eval(derivation(text).elts[-1])


def test_equation_edit_switches_one_line(tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text(SCENE)
    switch = equation_edit(path)
    switch(True)
    edited = path.read_text()
    assert last_line(edited) == ("e", r"\equiv", "f", r"\,")
    assert sum(a != b for a, b in zip(edited.splitlines(), SCENE.splitlines(), strict=True)) == 1
    switch(False)
    assert path.read_text() == SCENE


def test_equation_edit_on_a_multi_line_last_entry(tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text(SCENE.replace('    ("e", r"\\equiv", "f"),\n', ""))
    equation_edit(path)(True)
    assert last_line(path.read_text()) == ("c", "=", "d", r"\,")


def test_equation_edit_needs_the_data(tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text("X = 1\n")
    with pytest.raises(BenchError, match="no DERIVATION"):
        equation_edit(path)


def test_the_real_scene_can_be_edited(tmp_path: Path) -> None:
    """The scene measurement 3 edits is in the registry and its data takes the edit."""
    assert "kl-to-cross-entropy" in SCENE_NAMES
    real = Scene("kl-to-cross-entropy", "KlToCrossEntropy").file(ROOT)
    original = real.read_text(encoding="utf-8")
    copy = tmp_path / real.name
    copy.write_text(original, encoding="utf-8")
    switch = equation_edit(copy)
    switch(True)
    edited = copy.read_text(encoding="utf-8")
    compile(edited, str(copy), "exec")
    before, after = derivation(original).elts[-1], derivation(edited).elts[-1]
    assert isinstance(before, ast.Tuple) and isinstance(after, ast.Tuple)
    assert ast.literal_eval(after.elts[-1]) == r"\,"
    assert len(after.elts) == len(before.elts) + 1
    switch(False)
    assert copy.read_text(encoding="utf-8") == original


# ---------------------------------------------------------------------- the helpers


def test_encode_floor_and_report() -> None:
    seconds = encode_floor(Quality("tiny", "t", 64, 36, 15), 10, None)
    assert 0 < seconds < 60
    here = machine()
    report = Report(
        machine=here, started="today", source="commit abc", reps=3, jobs=2, theme="dark"
    )
    report.results.append(Result("1. Cold", "0.5×", "≤ 0.6", True))
    report.results.append(Result("1b. CPU", "1 s"))
    report.results.append(Result("2a. Same", "3 %", "≤ 2 %", False))
    report.raw["cold"] = [1.0, 2.0, 3.0]
    text = report.markdown()
    assert "| 1. Cold | 0.5× | ≤ 0.6 | yes |" in text
    assert "| 1b. CPU | 1 s |  |  |" in text
    assert "| 2a. Same | 3 % | ≤ 2 % | **no** |" in text
    assert "cold: 1.00, 2.00, 3.00" in text
    assert f"- Machine: {here.cores} cores ({here.cpu}), {here.memory} memory" in text
    assert "## Per scene" not in text and "## Notes" not in text
    report.per_scene.append(("softmax", "51.1", "21.8", "0.43"))
    report.notes.append("a note")
    text = report.markdown()
    assert "| softmax | 51.1 | 21.8 | 0.43 |" in text
    assert text.index("## Per scene") < text.index("## Notes\n\n- a note") < text.index("## Raw")
    assert text.endswith("- cold: 1.00, 2.00, 3.00\n")


def test_machine_names_this_machine() -> None:
    here = machine()
    assert int(here.cores) >= 1
    assert here.memory.endswith(" GiB") or here.memory == "?"
    assert here.python == f"{sys.version_info.major}.{sys.version_info.minor}." + str(
        sys.version_info.micro
    )
    assert all((here.cpu, here.os, here.manim, here.av))


def test_commands_render_py_and_manim(tmp_path: Path) -> None:
    cmd = render_py_cmd(tmp_path, ["softmax"], tmp_path / "out", jobs=2)
    out = str(tmp_path / "out")
    assert cmd[1:4] == [str(tmp_path / "render.py"), "softmax", "-q"]
    assert cmd[4:] == ["low", "-j", "2", "-o", out, "--theme", "dark", "--quiet", "--force"]
    assert "--force" not in render_py_cmd(tmp_path, ["a"], tmp_path, jobs=1, force=False)
    manim = manim_cmd(tmp_path, tmp_path / "softmax.py", "Softmax", tmp_path / "media")
    assert Path(manim[0]).name == "manim"
    assert manim[1:3] == ["render", "-ql"]
    assert manim[-2:] == [str(tmp_path / "softmax.py"), "Softmax"]


def entry(scene: str, quality: str = "low", fingerprint: str = "f", duration: float = 2.0) -> Any:
    """A manifest entry with the fields the bench reads (and those that key it)."""
    return {
        "scene": scene,
        "quality": quality,
        "theme": "dark",
        "format": "mp4",
        "transparent": False,
        "duration": duration,
        "fingerprint": fingerprint,
    }


def test_entries_and_which_scenes_a_run_rendered(tmp_path: Path) -> None:
    listed = [entry("a"), entry("b"), entry("b", "high", "h")]
    (tmp_path / "manifest.json").write_text(json.dumps({"entries": listed}))
    old = entries(tmp_path)
    assert set(old) == {("a", "low"), ("b", "low"), ("b", "high")}
    new = {**old, ("b", "low"): entry("b", fingerprint="g"), ("c", "low"): entry("c")}
    new[("b", "high")] = entry("b", "high", "i")  # another quality does not count
    assert rendered_scenes(old, new) == ["b", "c"]
    assert rendered_scenes(old, old) == []
    assert entries(tmp_path / "nothing-here") == {}


def test_outputs_state_sees_published_files_only(tmp_path: Path) -> None:
    (tmp_path / "low" / "dark").mkdir(parents=True)
    (tmp_path / "low" / "dark" / "a.mp4").write_bytes(b"123")
    (tmp_path / ".work").mkdir()
    (tmp_path / ".work" / "tmp.mp4").write_bytes(b"x")
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "index.html").write_text("")
    state = outputs_state(tmp_path)
    assert list(state) == ["low/dark/a.mp4"]
    assert state["low/dark/a.mp4"][1] == 3


def test_snapshot_and_registry_of_the_working_tree(tmp_path: Path) -> None:
    project = tmp_path / "project"
    assert snapshot(project, worktree=True) == "working tree"
    assert sorted(p.name for p in project.iterdir()) == sorted(PARTS)
    assert not list(project.rglob("__pycache__"))
    scenes = registry(project)
    assert [s.name for s in scenes] == list(SCENE_NAMES)
    assert all(s.file(project).is_file() for s in scenes)


def test_choose_scenes() -> None:
    everything = [Scene("softmax", "Softmax"), Scene("no-file", "NoFile")]
    chosen, missing = choose(everything, [], ROOT)
    assert (chosen, missing) == ([everything[0]], ["no-file"])
    assert choose(everything, ["softmax"], ROOT) == ([everything[0]], [])
    with pytest.raises(BenchError, match=r"unknown scene\(s\) nope; valid: softmax, no-file"):
        choose(everything, ["nope"], ROOT)


# ---------------------------------------------------------------------- the whole bench

#: A render.py with the real one's command line and manifest, instant: a scene's
#: fingerprint is its file's bytes and the quality; ``broken`` always fails.
FAKE_RENDER = """
import hashlib, json, sys
from pathlib import Path

args, scenes, values, flags = sys.argv[1:], [], {}, set()
while args:
    arg = args.pop(0)
    if arg in ("-q", "-j", "-o", "--theme"):
        values[arg] = args.pop(0)
    elif arg.startswith("-"):
        flags.add(arg)
    else:
        scenes.append(arg)
quality, out = values["-q"], Path(values["-o"])
path = out / "manifest.json"
data = json.loads(path.read_text()) if path.exists() else {"entries": []}
kept = {(e["scene"], e["quality"]): e for e in data["entries"]}
failed = False
for scene in scenes:
    if scene == "broken":
        print("broken: ValueError: it broke", file=sys.stderr)
        failed = True
        continue
    source = (Path(__file__).parent / "scenes" / (scene.replace("-", "_") + ".py")).read_bytes()
    fingerprint = hashlib.sha256(source + quality.encode()).hexdigest()
    old = kept.get((scene, quality))
    if old and old["fingerprint"] == fingerprint and "--force" not in flags:
        continue
    video = out / quality / "dark" / (scene + ".mp4")
    video.parent.mkdir(parents=True, exist_ok=True)
    video.write_bytes(source)
    kept[(scene, quality)] = {
        "scene": scene, "quality": quality, "theme": "dark", "format": "mp4",
        "transparent": False, "duration": 1.0 if quality == "low" else 0.2,
        "fingerprint": fingerprint,
    }
out.mkdir(parents=True, exist_ok=True)
data = {"version": 1, "generator": "render.py", "entries": list(kept.values())}
path.write_text(json.dumps(data))
sys.exit(1 if failed else 0)
"""

FAKE_REGISTRY = """
from collections import namedtuple
Info = namedtuple("Info", "name class_name")
SCENES = tuple(Info(n, c) for n, c in [
    ("softmax", "Softmax"), ("broken", "Broken"), ("unwritten", "Unwritten"),
    ("kl-to-cross-entropy", "KlToCrossEntropy"),
])
"""


@pytest.fixture
def fake_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bench pointed at a fake project: instant render.py, manim that does nothing."""
    project = tmp_path / "fake"
    (project / "scenes").mkdir(parents=True)
    (project / "render.py").write_text(FAKE_RENDER)
    (project / "scenes" / "__init__.py").write_text("")
    (project / "scenes" / "registry.py").write_text(FAKE_REGISTRY)
    (project / "scenes" / "softmax.py").write_text("X = 1\n")
    (project / "scenes" / "broken.py").write_text("X = 2\n")
    (project / "scenes" / "kl_to_cross_entropy.py").write_text(SCENE)

    def fake_snapshot(dest: Path, worktree: bool) -> str:
        subprocess.run(["cp", "-r", str(project), str(dest)], check=True)
        return "fake project"

    def fake_manim(project: Path, scene_file: Path, class_name: str, media: Path) -> list[str]:
        assert scene_file.is_file()
        return [sys.executable, "-c", "pass"]

    monkeypatch.setattr(pipeline, "snapshot", fake_snapshot)
    monkeypatch.setattr(cold, "manim_cmd", fake_manim)
    return project


def test_the_whole_bench_on_a_fake_project(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "RESULTS.md"
    args = ["--reps", "2", "--high-reps", "1", "--jobs", "1", "--output", str(output)]
    assert cli.main(args) == 0
    text = output.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == text.strip()
    assert "- Project: fake project; theme dark; render.py `-j 1`" in text
    assert "- Scenes measured (2): softmax, kl-to-cross-entropy\n" in text
    assert "- skipped, not written yet: unwritten\n" in text
    assert "- skipped, failed to render: broken (broken: ValueError: it broke)\n" in text
    labels = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("| ")]
    assert labels[1:] == [
        "| 1. Cold render, all 2 scenes, low",
        "| 1b. Cold render: CPU time (user + system, all processes)",
        "| 2a. Nothing changed: render.py",
        "| 2b. Nothing changed: render.py vs manim's warm cache",
        "| 3. One equation line of kl-to-cross-entropy edited",
        "| 4a. Real-time factor, low (854×480 @ 15)",
        "| 4b. Real-time factor, high (1920×1080 @ 60), softmax",
        "| 5a. Encode-only floor, low",
        "| 5b. Encode-only floor, high, softmax",
        "| Scene",
        "| softmax",
        "| kl-to-cross-entropy",
    ]
    assert "files rewritten" not in text
    assert "; rendered: kl-to-cross-entropy; the scene alone" in text
    assert "(2.0 s of video)" in text
    assert "s for 30 frames" in text and "s for 12 frames" in text
    raw = {
        line[2:].split(": ")[0]: line.split(": ")[1].split(", ")
        for line in text.split("## Raw timings")[1].splitlines()
        if line.startswith("- ")
    }
    assert len(raw["cold render.py"]) == len(raw["cold manim (sum of scenes)"]) == 2
    assert len(raw["high softmax, render.py -j 1"]) == 1
    assert "stopped early" not in text


def test_a_bench_that_cannot_measure_says_why_and_exits_1(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fake_project / "scenes" / "softmax.py").unlink()
    (fake_project / "scenes" / "kl_to_cross_entropy.py").unlink()
    output = tmp_path / "RESULTS.md"
    assert cli.main(["--reps", "1", "--output", str(output)]) == 1
    text = output.read_text(encoding="utf-8")
    assert "- stopped early: every scene failed to render\n" in text
    assert "| 1. Cold" not in text


def test_a_dry_run_that_finds_nothing_to_measure_is_one_line_and_exits_1(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("softmax", "broken", "kl_to_cross_entropy"):
        (fake_project / "scenes" / f"{name}.py").unlink()
    assert cli.main(["--dry-run", "--output", str(tmp_path / "RESULTS.md")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith("render_bench.py: error: no scene to render\n")
    assert not (tmp_path / "RESULTS.md").exists()
