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
from bench.beat_edits import CAPTION_TAIL, caption_edit, last_beat, last_beat_edit
from bench.console import BenchError
from bench.edit import equation_edit
from bench.encode import encode_floor
from bench.incremental import breakdown, last_beat_only, no_frames
from bench.joblog import BeatTime, JobRecord, beats_rendered, job_count, parse_jobs, read_jobs
from bench.machine import machine
from bench.project import (
    PARTS,
    Scene,
    baseline_snapshot,
    choose,
    registry,
    scene_level_commit,
    snapshot,
)
from bench.report import Report, Result, Table
from bench.runs import clear_beats, entries, manim_cmd, outputs_state, render_py_cmd
from bench.scaling import limits, median_times, parent_seconds
from bench.schedule import (
    SceneTimes,
    beat_critical_path,
    beat_level,
    lpt_makespan,
    pieces,
    scene_critical_path,
    scene_level,
    total_work,
)
from bench.steps import rendered_scenes
from renderkit.plan.quality import Quality
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
    assert "  against scene-level jobs: commit " in out and "$WORK/baseline/render.py" in out
    assert "  kl-to-cross-entropy: its last beat set_entropy_aside can be edited" in out
    assert "  learning-race: skipped: not among the measured scenes" in out
    assert "-q medium -j" in out and "- 8. scaling: " in out
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


# ---------------------------------------------------------------------- the beat edits

BEATS = '''"""A scene with beats."""
from scenes.components import ExplainerScene, beat


class Story(ExplainerScene):
    pause = 1.0

    def construct(self) -> None:
        self.first()
        self.last()
        self.middle()  # written last, called in the middle: not the last beat

    @beat("The first beat.")
    def first(self) -> None:
        self.play(FadeIn(x), run_time=self.pause + 1)

    @beat("The middle beat.")
    def middle(self) -> None:
        self.wait(1)

    @beat("The last beat, in story order.")
    def last(self) -> None:
        self.play(
            FadeIn(y),
            run_time=self.pause,
        )
        self.play(FadeOut(y), run_time=2)

    def helper(self) -> None:
        pass
'''


def beat_dumps(text: str, cls: str = "Story") -> dict[str, str]:
    """Each beat's syntax tree without its decorators, and the class without its beats."""
    tree = ast.parse(text)
    klass = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    dumps, rest = {}, []
    for node in klass.body:
        if isinstance(node, ast.FunctionDef) and node.decorator_list:
            dumps[node.name] = ast.dump(ast.FunctionDef(**{**vars(node), "decorator_list": []}))
        else:
            rest.append(ast.dump(node))
    dumps[""] = "\n".join(rest)
    return dumps


def test_the_last_beat_is_the_last_one_construct_calls() -> None:
    assert last_beat(ast.parse(BEATS), "Story").name == "middle"
    no_construct = BEATS.replace("def construct", "def not_construct")
    assert last_beat(ast.parse(no_construct), "Story").name == "last"  # the last written
    with pytest.raises(BenchError, match="no class Other"):
        last_beat(ast.parse(BEATS), "Other")
    with pytest.raises(BenchError, match="Story has no @beat method"):
        last_beat(ast.parse(BEATS.replace("@beat", "@other")), "Story")


def test_last_beat_edit_slows_its_first_animation(tmp_path: Path) -> None:
    path = tmp_path / "story.py"
    path.write_text(BEATS.replace("self.middle()  #", "#"))  # "last" is the last beat again
    original = path.read_text()
    switch, name = last_beat_edit(path, "Story")
    assert name == "last"
    switch(True)
    edited = path.read_text()
    assert "run_time=self.pause * 1.25,\n" in edited
    assert sum(a != b for a, b in zip(edited.splitlines(), original.splitlines(), strict=True)) == 1
    before, after = beat_dumps(original), beat_dumps(edited)
    assert [k for k in before if before[k] != after[k]] == ["last"]  # nothing else changed
    switch(False)
    assert path.read_text() == original


def test_last_beat_edit_of_an_expression_and_of_a_beat_without_run_time(tmp_path: Path) -> None:
    path = tmp_path / "story.py"
    path.write_text(BEATS.replace("self.middle()  #", "self.first()  #"))  # "first" is last
    last_beat_edit(path, "Story")[0](True)
    assert "run_time=(self.pause + 1) * 1.25)" in path.read_text()
    path.write_text(BEATS)
    original = path.read_text()
    switch, name = last_beat_edit(path, "Story")
    switch(True)
    assert name == "middle"
    assert "        self.wait(1)\n        self.wait(0.5)\n\n    @beat" in path.read_text()
    before, after = beat_dumps(original), beat_dumps(path.read_text())
    assert [k for k in before if before[k] != after[k]] == ["middle"]


def test_caption_edit_changes_only_the_caption(tmp_path: Path) -> None:
    path = tmp_path / "story.py"
    path.write_text(BEATS)
    switch, caption = caption_edit(path, "Story")
    assert caption == "The middle beat." + CAPTION_TAIL
    switch(True)
    edited = path.read_text()
    assert f'@beat("{caption}")' in edited
    assert beat_dumps(edited) == beat_dumps(BEATS)
    switch(False)
    assert path.read_text() == BEATS
    path.write_text(BEATS.replace('@beat("The middle beat.")', "@beat(CAPTION)"))
    with pytest.raises(BenchError, match="the caption of middle is not a plain string"):
        caption_edit(path, "Story")


@pytest.mark.parametrize(
    ("name", "class_name"),
    [("kl-to-cross-entropy", "KlToCrossEntropy"), ("learning-race", "LearningRace")],
)
def test_the_real_scenes_take_both_edits(tmp_path: Path, name: str, class_name: str) -> None:
    """Measurements 6 and 7 edit these scenes' last beats; each edit changes that beat's
    code (or only its caption) and nothing else, and compiles."""
    real = Scene(name, class_name).file(ROOT)
    original = real.read_text(encoding="utf-8")
    copy = tmp_path / real.name
    copy.write_text(original, encoding="utf-8")
    switch, beat = last_beat_edit(copy, class_name)
    construct = next(
        n for n in ast.walk(ast.parse(original)) if getattr(n, "name", "") == "construct"
    )
    assert isinstance(construct, ast.FunctionDef)
    last_call = construct.body[-1]
    assert isinstance(last_call, ast.Expr) and isinstance(last_call.value, ast.Call)
    assert ast.unparse(last_call.value.func) == f"self.{beat}"
    switch(True)
    edited = copy.read_text(encoding="utf-8")
    compile(edited, str(copy), "exec")
    before, after = beat_dumps(original, class_name), beat_dumps(edited, class_name)
    assert [k for k in before if before[k] != after[k]] == [beat]
    switch(False)
    caption_switch, caption = caption_edit(copy, class_name)
    caption_switch(True)
    edited = copy.read_text(encoding="utf-8")
    compile(edited, str(copy), "exec")
    assert caption in edited and beat_dumps(edited, class_name) == before
    caption_switch(False)
    assert copy.read_text(encoding="utf-8") == original


# ---------------------------------------------------------------------- the job log


def job_line(mode: str, beats: list[tuple[float, bool]], seconds: float = 5.0, **kw: Any) -> str:
    """One jobs.jsonl line as renderkit.jobs.protocol.log_job writes it."""
    return json.dumps(
        {
            "scene": kw.get("scene", "a"),
            "key": "a-low-dark-mp4",
            "mode": mode,
            "first_beat": kw.get("first", 0),
            "stop_beat": -1,
            "ok": True,
            "seconds": seconds,
            "beats": [
                {"index": i, "name": f"b{i}", "seconds": 2.0, "wall": w, "rendered": r}
                for i, (w, r) in enumerate(beats)
            ],
        }
    )


def record(mode: str, walls: list[float], rendered: list[int], seconds: float = 5.0,
           scene: str = "a") -> JobRecord:  # fmt: skip
    beats = tuple(
        BeatTime(i, f"b{i}", 0.0 if w < 0 else 2.0, abs(w), i in rendered)
        for i, w in enumerate(walls)
    )
    return JobRecord(scene, mode, 0, -1, True, seconds, beats)


def test_parse_jobs_and_read_them_after_a_run(tmp_path: Path) -> None:
    text = "\n".join(
        [job_line("scene", [(1.0, True), (2.5, True)]), "", job_line("plan", [(0.1, False)])]
    )
    jobs = parse_jobs(text)
    assert [j.mode for j in jobs] == ["scene", "plan"]
    assert jobs[0].rendered == (0, 1) and jobs[1].rendered == ()
    assert jobs[0].overhead == pytest.approx(1.5)
    assert jobs[0].beats[1] == BeatTime(1, "b1", 2.0, 2.5, True)
    with pytest.raises(BenchError, match="line 2 is not a job record"):
        parse_jobs(job_line("plan", []) + "\n{}")
    assert job_count(tmp_path) == 0 and read_jobs(tmp_path) == []
    log = tmp_path / ".work" / "jobs.jsonl"
    log.parent.mkdir()
    log.write_text(text + "\n")
    assert job_count(tmp_path) == 2
    assert [j.mode for j in read_jobs(tmp_path, 1)] == ["plan"]


def test_beats_rendered_reads_the_summary() -> None:
    summary = (
        "scene   status    file or reason   time\n"
        "kl      rendered  media/kl.mp4 (+ captions); 1 of 7 beats rendered  3.0s\n"
        "race    rendered  media/race.mp4; 0 of 5 beats rendered  1.0s\n"
        "bce     up to date  media/bce.mp4\n"
    )
    assert beats_rendered(summary) == [(1, 7), (0, 5)]
    assert beats_rendered("") == []


def test_last_beat_only_and_no_frames_judge_a_run() -> None:
    plan = record("plan", [0.1, 0.1, 0.1], [])
    last = record("beats", [0.1, 0.1, 3.0], [2])
    assert last_beat_only([plan, last], [(1, 3)]) is None
    assert last_beat_only([plan, record("beats", [1, 2, 3], [1, 2])], [(2, 3)]) == (
        "rendered beats [1, 2] (summary 2 of 3)"
    )
    assert "expected one dry run" in str(last_beat_only([last], [(1, 3)]))
    assert "the summary says nothing" in str(last_beat_only([plan, last], []))
    with_empty_last = record("plan", [0.1, 0.1, -1.0], [])  # a last beat of no length
    assert last_beat_only([with_empty_last, record("beats", [1, 2], [1])], [(1, 2)]) is None
    assert no_frames([plan], [(0, 3)]) is None
    assert no_frames([plan, last], [(1, 3)]) == "rendered beats [2] (summary 1 of 3)"
    assert "expected one dry run" in str(no_frames([], [(0, 3)]))


def test_breakdown_says_where_a_run_went() -> None:
    jobs = [record("plan", [0.1], [], seconds=2.0), record("beats", [3.0], [0], seconds=4.5)]
    assert breakdown(8.0, jobs) == "plan 2.0 s, beats 4.5 s, render.py itself 1.5 s"


# ---------------------------------------------------------------------- scheduling


def test_lpt_makespan() -> None:
    assert lpt_makespan([3, 3, 2, 2, 2], 2) == 7.0  # LPT; the optimum is 6
    assert lpt_makespan([5, 1, 1], 1) == 7.0
    assert lpt_makespan([5, 1, 1], 8) == 5.0
    assert lpt_makespan([], 4) == 0.0
    with pytest.raises(ValueError, match="cores must be at least 1, not 0"):
        lpt_makespan([1], 0)


LONG = SceneTimes("long", 1.0, (5.0, 5.0, 5.0, 5.0), (0.5, 0.5, 0.5, 0.5))
SHORT = SceneTimes("short", 1.0, (2.0, 2.0), (0.1, 0.1))


def test_scene_times_cost_a_job_by_its_beats() -> None:
    assert LONG.cost(0, 4) == LONG.whole == 21.0
    assert LONG.cost(2, 4) == 1.0 + 1.0 + 10.0  # overhead, skipping two beats, drawing two
    assert SHORT.cost(1, 2) == pytest.approx(3.1)
    assert total_work([LONG, SHORT]) == 26.0


def test_pieces_cut_greedily_under_a_cap() -> None:
    assert pieces(LONG, 100.0) == [(0, 4)]
    assert pieces(LONG, 11.0) == [(0, 2), (2, 3), (3, 4)]  # (2, 4) would cost 12
    assert pieces(LONG, 1.0) == [(0, 1), (1, 2), (2, 3), (3, 4)]  # every beat over the cap
    assert pieces(SceneTimes("empty", 1.0, (), ()), 5.0) == [(0, 0)]


def test_beat_level_beats_scene_level_down_to_the_critical_path() -> None:
    scenes = [LONG, SHORT]
    assert scene_level(scenes, 1) == beat_level(scenes, 1) == 26.0  # splitting costs on 1 core
    assert scene_level(scenes, 4) == 21.0
    assert scene_critical_path(scenes) == (21.0, "long")
    assert beat_critical_path(scenes) == (7.5, "long beat 4")  # 1 + 3 × 0.5 + 5
    for cores in (2, 4, 8, 16):
        beat = beat_level(scenes, cores)
        assert beat_critical_path(scenes)[0] <= beat <= scene_level(scenes, cores)
    assert beat_level(scenes, 16) == 7.5
    assert beat_level(scenes, 2) < scene_level(scenes, 2)


def test_median_times_and_the_parent_share() -> None:
    runs = [
        [record("scene", [1.0, 2.0], [0, 1], 4.0), record("scene", [3.0], [0], 4.0, "b")],
        [record("scene", [1.2, 2.4], [0, 1], 5.0), record("scene", [3.0], [0], 3.5, "b")],
        [record("scene", [1.1, 2.2], [0, 1], 4.6), record("scene", [3.0], [0], 3.0, "b")],
    ]
    plans = [record("plan", [0.1, 0.3], []), record("plan", [0.2], [], scene="b")]
    a, b = median_times(runs, plans)
    assert a == SceneTimes("a", pytest.approx(1.3), (1.1, 2.2), (0.1, 0.3))  # type: ignore[arg-type]
    assert b.walls == (3.0,) and b.skips == (0.2,) and b.overhead == pytest.approx(0.5)
    with pytest.raises(BenchError, match="no dry run of b"):
        median_times(runs, plans[:1])
    assert parent_seconds(10.0, runs[0]) == pytest.approx(2.0)
    assert parent_seconds(1.0, runs[0]) == 0.0
    text = " ".join(limits([a, b], 2.0, plans))
    assert "render.py's own 2.0 s" in text and "its longest scene (a, 4.6 s)" in text
    assert "costliest beat (a beat 2: 3.6 s" in text and "up to 5.0 s (a)" in text
    assert len(limits([a, b], 2.0, [])) == 2  # no dry run, no word about it


# ---------------------------------------------------------------------- the baseline


def test_the_scene_level_commit_is_the_one_before_beat_jobs() -> None:
    commit = scene_level_commit()

    def has(path: str, rev: str = commit) -> bool:
        done = subprocess.run(["git", "cat-file", "-e", f"{rev}:{path}"], cwd=ROOT, check=False)
        return done.returncode == 0

    assert has("renderkit/runner.py") and not has("renderkit/beats.py")
    child = subprocess.run(
        ["git", "rev-list", "--ancestry-path", f"{commit}..HEAD"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert has("renderkit/beats.py", child[-1])  # the next commit added beat jobs


def test_baseline_snapshot_takes_the_pipeline_from_the_commit(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for part in ("scenes", "mathcore"):
        (project / part).mkdir(parents=True)
        (project / part / "marker.py").write_text("MINE = 1\n")
    dest = tmp_path / "baseline"
    source = baseline_snapshot(dest, scene_level_commit(), project)
    assert source == f"commit {scene_level_commit()}"
    assert sorted(p.name for p in dest.iterdir()) == sorted(PARTS)
    assert (dest / "scenes" / "marker.py").is_file() and (dest / "mathcore" / "marker.py").is_file()
    assert not (dest / "renderkit" / "beats.py").exists()
    with pytest.raises(BenchError, match="cannot extract no-such-commit"):
        baseline_snapshot(tmp_path / "other", "no-such-commit", project)


def test_clear_beats_empties_one_scenes_beat_caches(tmp_path: Path) -> None:
    scenes = tmp_path / ".work" / "scenes"
    for key in ("kl-low-dark-mp4", "kl-medium-dark-mp4", "klx-low-dark-mp4"):
        for cache in ("beats", "Tex"):
            (scenes / key / cache).mkdir(parents=True)
            (scenes / key / cache / "f").write_text("")
    clear_beats(tmp_path, "kl")
    left = sorted(p.relative_to(scenes).as_posix() for p in scenes.rglob("f"))
    assert left == [
        "kl-low-dark-mp4/Tex/f", "kl-medium-dark-mp4/Tex/f",
        "klx-low-dark-mp4/Tex/f", "klx-low-dark-mp4/beats/f",
    ]  # fmt: skip
    clear_beats(tmp_path / "nothing", "kl")


def test_a_table_in_the_report() -> None:
    table = Table("8. Scaling", ("cores", "s"), [("1", "2.0"), ("2", "1.1")], ["Why."])
    assert table.markdown() == [
        "", "## 8. Scaling", "", "| cores | s |", "|---|---|", "| 1 | 2.0 |", "| 2 | 1.1 |",
        "", "Why.",
    ]  # fmt: skip


# ---------------------------------------------------------------------- the whole bench

#: A render.py with the real one's command line, manifest, beat cache, job log and summary,
#: instant: a scene's fingerprint is its file's bytes and the quality, a beat's the syntax
#: tree of its method without the caption; ``broken`` always fails.
FAKE_RENDER = """
import ast, hashlib, json, sys
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


def beats_of(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.decorator_list:
            caption = node.decorator_list[0].args[0].value
            node.decorator_list = []
            found.append((node.name, caption, hashlib.sha256(ast.dump(node).encode()).hexdigest()))
    return found


def log(scene, mode, beats, rendered):
    line = {"scene": scene, "key": scene, "mode": mode, "first_beat": min(rendered, default=0),
            "stop_beat": -1, "ok": True, "seconds": 0.5 + 0.2 * len(rendered),
            "beats": [{"index": i, "name": name, "seconds": 1.0, "rendered": i in rendered,
                       "wall": 0.2 if i in rendered else 0.01}
                      for i, (name, _, _) in enumerate(beats)]}
    (out / ".work").mkdir(parents=True, exist_ok=True)
    with (out / ".work" / "jobs.jsonl").open("a") as jobs:
        jobs.write(json.dumps(line) + "\\n")


failed, summary = False, []
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
    beats = beats_of(source)
    cache = out / ".work" / "scenes" / f"{scene}-{quality}" / "beats"
    missing = [i for i, b in enumerate(beats) if not (cache / b[2]).exists()]
    if cache.is_dir() and any(cache.iterdir()):
        log(scene, "plan", beats, [])
        if missing:
            log(scene, "beats", beats, missing)
    else:
        log(scene, "scene", beats, missing)
    cache.mkdir(parents=True, exist_ok=True)
    for clip in cache.iterdir():
        clip.unlink()
    for _, _, digest in beats:
        (cache / digest).write_text("clip")
    video = out / quality / "dark" / (scene + ".mp4")
    video.parent.mkdir(parents=True, exist_ok=True)
    video.write_bytes(source)
    video.with_suffix(".srt").write_text("\\n".join(caption for _, caption, _ in beats))
    kept[(scene, quality)] = {
        "scene": scene, "quality": quality, "theme": "dark", "format": "mp4",
        "transparent": False, "duration": 1.0 if quality == "low" else 0.2,
        "fingerprint": fingerprint,
    }
    summary.append(f"{scene} rendered {video}; {len(missing)} of {len(beats)} beats rendered")
out.mkdir(parents=True, exist_ok=True)
data = {"version": 1, "generator": "render.py", "entries": list(kept.values())}
path.write_text(json.dumps(data))
if "--quiet" not in flags:
    print("\\n".join(summary))
sys.exit(1 if failed else 0)
"""

FAKE_REGISTRY = """
from collections import namedtuple
Info = namedtuple("Info", "name class_name")
SCENES = tuple(Info(n, c) for n, c in [
    ("softmax", "Softmax"), ("broken", "Broken"), ("unwritten", "Unwritten"),
    ("kl-to-cross-entropy", "KlToCrossEntropy"), ("learning-race", "LearningRace"),
])
"""


def fake_scene(class_name: str) -> str:
    """A scene module with three beats, the last one called last."""
    return BEATS.replace("Story", class_name).replace("self.middle()  #", "#")


@pytest.fixture
def fake_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bench pointed at a fake project: instant render.py (also as the scene-level
    baseline), manim that does nothing."""
    project = tmp_path / "fake"
    (project / "scenes").mkdir(parents=True)
    (project / "render.py").write_text(FAKE_RENDER)
    (project / "scenes" / "__init__.py").write_text("")
    (project / "scenes" / "registry.py").write_text(FAKE_REGISTRY)
    (project / "scenes" / "softmax.py").write_text(fake_scene("Softmax"))
    (project / "scenes" / "broken.py").write_text("X = 2\n")
    (project / "scenes" / "kl_to_cross_entropy.py").write_text(
        SCENE + fake_scene("KlToCrossEntropy")
    )
    (project / "scenes" / "learning_race.py").write_text(fake_scene("LearningRace"))

    def fake_snapshot(dest: Path, worktree: bool) -> str:
        subprocess.run(["cp", "-r", str(project), str(dest)], check=True)
        return "fake project"

    def fake_baseline(dest: Path, rev: str, snapshot: Path) -> str:
        assert rev == "abc1234"
        subprocess.run(["cp", "-r", str(snapshot), str(dest)], check=True)
        return f"commit {rev}"

    def fake_manim(project: Path, scene_file: Path, class_name: str, media: Path) -> list[str]:
        assert scene_file.is_file()
        return [sys.executable, "-c", "pass"]

    monkeypatch.setattr(pipeline, "snapshot", fake_snapshot)
    monkeypatch.setattr(pipeline, "scene_level_commit", lambda: "abc1234")
    monkeypatch.setattr(pipeline, "baseline_snapshot", fake_baseline)
    monkeypatch.setattr(cold, "manim_cmd", fake_manim)
    return project


def results(text: str) -> dict[str, str]:
    """The report's results table: label to the rest of the row."""
    table = text.split("## Results")[1].split("\n## ")[0]
    rows = [line.split(" | ", 1) for line in table.splitlines() if line.startswith("| ")]
    return {label[2:]: rest for label, rest in rows[1:]}


def test_the_whole_bench_on_a_fake_project(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "RESULTS.md"
    args = ["--reps", "2", "--high-reps", "1", "--jobs", "1", "--output", str(output)]
    assert cli.main(args) == 0
    text = output.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == text.strip()
    assert "- Project: fake project; theme dark; render.py `-j 1`" in text
    assert "- Scenes measured (3): softmax, kl-to-cross-entropy, learning-race\n" in text
    assert "- skipped, not written yet: unwritten\n" in text
    assert "- skipped, failed to render: broken (broken: ValueError: it broke)\n" in text
    found = results(text)
    assert list(found) == [
        "1. Cold render, all 3 scenes, low",
        "1b. Cold render: CPU time (user + system, all processes)",
        "1c. Cold render: beat jobs vs scene-level jobs (commit abc1234)",
        "2a. Nothing changed: render.py",
        "2b. Nothing changed: render.py vs manim's warm cache",
        "3. One equation line of kl-to-cross-entropy edited",
        "4a. Real-time factor, low (854×480 @ 15)",
        "4b. Real-time factor, high (1920×1080 @ 60), softmax",
        "5a. Encode-only floor, low",
        "5b. Encode-only floor, high, softmax",
        "6a. Last beat of kl-to-cross-entropy (last) edited, medium",
        "6b. Last beat of learning-race (last) edited, medium",
        "7a. Caption-only edit, kl-to-cross-entropy, medium",
        "7b. Caption-only edit, learning-race, medium",
    ]
    assert "files rewritten" not in text
    assert "; rendered: kl-to-cross-entropy; the scene alone" in text
    assert "(3.0 s of video)" in text
    assert "s for 45 frames" in text and "s for 12 frames" in text
    for label in ("6a", "6b"):
        row = next(v for k, v in found.items() if k.startswith(label))
        assert ", 1 of 3 beats rendered; whole render " in row, row
    for label in ("7a", "7b"):
        row = next(v for k, v in found.items() if k.startswith(label))
        assert ", 0 of 3 beats rendered; whole render " in row, row
    assert ", repetition " not in text  # every edited run did what it should
    scaling = text.split("## 8. Scaling the cold render (low)")[1].split("\n## ")[0]
    rows = [line.split(" | ") for line in scaling.splitlines() if line.startswith("| ")]
    assert [row[0] for row in rows[1:]] == ["| 1", "| 2", "| 4", "| 8", "| 16"]
    assert rows[1][-1].strip(" |") and not rows[3][-1].strip(" |")  # measured on 1 core only
    assert all(float(r[2]) <= float(r[1]) for r in rows[1:])  # beat-level never worse
    assert "render.py's own" in scaling
    raw = {
        line[2:].split(": ")[0]: line.split(": ")[1].split(", ")
        for line in text.split("## Raw timings")[1].splitlines()
        if line.startswith("- ")
    }
    assert len(raw["cold render.py"]) == len(raw["cold manim (sum of scenes)"]) == 2
    assert (
        len(raw["cold render.py -j 1"])
        == len(raw["cold scene-level render.py (commit abc1234)"])
        == 2
    )
    assert len(raw["high softmax, render.py -j 1"]) == 1
    assert len(raw["learning-race caption edited, medium, render.py"]) == 2
    assert len(raw["load average (1 min) before each cold repetition"]) == 2
    assert "stopped early" not in text
    scene = (fake_project / "scenes" / "learning_race.py").read_text()
    assert "(edited)" not in scene and "1.25" not in scene  # the real files are never edited


def test_a_bench_that_cannot_measure_says_why_and_exits_1(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("softmax", "kl_to_cross_entropy", "learning_race"):
        (fake_project / "scenes" / f"{name}.py").unlink()
    output = tmp_path / "RESULTS.md"
    assert cli.main(["--reps", "1", "--output", str(output)]) == 1
    text = output.read_text(encoding="utf-8")
    assert "- stopped early: every scene failed to render\n" in text
    assert "| 1. Cold" not in text


def test_a_dry_run_that_finds_nothing_to_measure_is_one_line_and_exits_1(
    fake_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("softmax", "broken", "kl_to_cross_entropy", "learning_race"):
        (fake_project / "scenes" / f"{name}.py").unlink()
    assert cli.main(["--dry-run", "--output", str(tmp_path / "RESULTS.md")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith("render_bench.py: error: no scene to render\n")
    assert not (tmp_path / "RESULTS.md").exists()
