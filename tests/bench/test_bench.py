"""The render bench (``bench/``): its own logic on tiny inputs, and one run of its edit
measurement on a tiny project through the real render.py. ``make bench`` itself takes
about 20 minutes of both cores; ``render_bench.py --quick`` tries it out small."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.joblog import Job, parse, read, summary
from bench.measure import Bench, measure_edits, problem
from bench.patches import EDITS, BenchError, Edit, Patch
from bench.report import HISTORY, Report, Row, kept_history
from bench.runs import ROOT, Size, snapshot
from bench.scaling import SceneTimes, beat_level, lpt, pieces, scene_level, scene_times, section
from renderkit.jobs.protocol import Outcome, Status, log_job
from renderkit.plan.spec import RenderSpec


def beats(*walls: float, drawn: bool = True) -> list[dict]:
    return [
        {"index": i, "name": f"b{i}", "seconds": 1.0, "wall": w, "rendered": drawn}
        for i, w in enumerate(walls)
    ]


def job(scene: str, seconds: float, *walls: float, mode: str = "scene", drawn: bool = True) -> Job:
    line = {"scene": scene, "mode": mode, "ok": True, "seconds": seconds}
    return parse(json.dumps({**line, "beats": beats(*walls, drawn=drawn)}))


# ------------------------------------------------------------------------- the job log


def test_read_what_the_pipeline_logs(tmp_path: Path) -> None:
    spec = RenderSpec("race", "Race", "scenes.race", "low", "dark", "mp4", False, 192, 108, 5,
                      False, str(tmp_path), mode="beats", first_beat=1)  # fmt: skip
    result = {"beats": [{**b, "rendered": b["index"] == 1} for b in beats(0.5, 2.0)]}
    for seconds in (1.0, 3.0):
        log_job(Outcome(spec, Status.RENDERED, seconds=seconds, result=result))
    first, second = read(tmp_path)
    assert (first.scene, first.mode, first.ok, first.seconds) == ("race", "beats", True, 1.0)
    assert first.beats == (("b0", 0.5, False), ("b1", 2.0, True)) and first.rendered == ["b1"]
    assert first.manim, "a job that does not say otherwise started manim"
    assert read(tmp_path, skip=1) == [second] and read(tmp_path / "nothing") == []


def test_a_job_may_say_it_started_no_manim_and_a_bad_line_is_an_error() -> None:
    line = {"scene": "s", "mode": "captions", "ok": True, "seconds": 0.1, "beats": []}
    assert not parse(json.dumps({**line, "process": False})).manim
    for bad in ("not json", json.dumps({"scene": "s"}), json.dumps({**line, "beats": [{}]})):
        with pytest.raises(BenchError, match=r"jobs\.jsonl: not a job record"):
            parse(bad)


def test_summary_says_jobs_beats_and_manim() -> None:
    assert summary([], 7) == "0 jobs, 0 of 7 beats rendered, no manim"
    done = [job("s", 1, 0.1, 0.1, mode="plan", drawn=False), job("s", 2, 0.1, mode="beats")]
    assert summary(done, 7) == "2 jobs (plan, beats), 1 of 7 beats rendered (b0), manim started"


# ------------------------------------------------------------------------------ the edits


def test_a_patch_applies_undoes_and_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "s.py").write_text("x = 1\ny = 2\ny = 2\n", encoding="utf-8")
    with Patch("s.py", "x = 1", "x = 3").applied(tmp_path):
        assert (tmp_path / "s.py").read_text(encoding="utf-8") == "x = 3\ny = 2\ny = 2\n"
    assert (tmp_path / "s.py").read_text(encoding="utf-8") == "x = 1\ny = 2\ny = 2\n"
    for anchor, count in (("z = 9", 0), ("y = 2", 2)):
        with pytest.raises(BenchError, match=f"s.py: the patch's anchor '{anchor}' occurs {count}"):
            Patch("s.py", anchor, "").apply(tmp_path)
    assert (tmp_path / "s.py").read_text(encoding="utf-8") == "x = 1\ny = 2\ny = 2\n"


def test_every_edit_applies_to_the_real_scenes_and_names_their_beats(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenes", tmp_path / "scenes")
    for edit in EDITS:
        path = tmp_path / edit.patch.file
        before = path.read_text(encoding="utf-8")
        with edit.patch.applied(tmp_path):
            tree = ast.parse(path.read_text(encoding="utf-8"))
        assert path.read_text(encoding="utf-8") == before
        methods = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert set(edit.may_render) <= methods, edit


def test_what_a_run_did_that_its_edit_should_not(tmp_path: Path) -> None:
    caption, last = Edit("(b)", "s", "a", "b", 0.05), Edit("(a)", "s", "a", "b", 0.3, ("b1",))
    srt = tmp_path / "low" / "dark" / "s.srt"
    srt.parent.mkdir(parents=True)
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nA caption, edited.\n", encoding="utf-8")
    plan = job("s", 1, 0.1, 0.1, mode="plan", drawn=False)
    no_manim = parse(json.dumps({"scene": "s", "mode": "captions", "ok": True, "seconds": 0.1,
                                 "beats": [], "process": False}))  # fmt: skip
    drew_b1 = parse(json.dumps({"scene": "s", "mode": "beats", "ok": True, "seconds": 1,
                                "beats": [{**beats(0.1)[0], "name": "b1"}]}))  # fmt: skip
    assert problem(caption, [], tmp_path) == problem(caption, [no_manim], tmp_path) == ""
    assert problem(caption, [plan], tmp_path) == "started manim"
    assert problem(last, [plan, drew_b1], tmp_path) == ""
    assert problem(last, [job("s", 1, 0.1, 0.1)], tmp_path) == "drew b0"  # b1 it may
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nA caption.\n", encoding="utf-8")
    assert problem(caption, [], tmp_path) == "the captions do not say the edit"


# ------------------------------------------------------------------------ the report


def test_a_row_is_a_ratio_of_medians_against_its_target() -> None:
    row = Row("(a) x", [3.0, 1.0, 2.0], [30.0, 10.0, 20.0], "whole", 0.3, "1 job")
    assert row.ratio == 0.1 and row.met
    assert row.cells() == ["(a) x", "2.00 s vs whole 20.0 s: **0.10×**; 1 job", "≤ 0.30×", "yes"]
    assert Row("x", [2.0], [20.0], "whole", 0.3, ok=False).met is False
    small = Row("(e)", [0.5], [100.0], "cold", 0.02)
    assert small.cells()[1:] == ["0.50 s vs cold 100.0 s: **0.5%**", "≤ 2.0%", "yes"]
    assert Row("x", [2.0], [1.0], "manim").cells()[2:] == ["", ""]


def test_the_report_keeps_the_history_of_the_last_one() -> None:
    old = f"# Render benchmark\n\n## Results\n\nold rows\n\n{HISTORY}\n\n- 2026-12-01: 0.46×\n"
    report = Report(["today"], [Row("(a) x", [1.0], [4.0], "whole", 0.3)], raw={"w": [1.0, 2.5]})
    text = report.markdown(kept_history(old))
    assert "- today\n" in text and "| (a) x | 1.00 s vs whole 4.0 s: **0.25×** |" in text
    assert "- w: 1.00, 2.50" in text and "old rows" not in text
    assert text.endswith(f"{HISTORY}\n\n- 2026-12-01: 0.46×\n") and kept_history("no history") == ""


# ----------------------------------------------------------------------- the scaling


def test_lpt_and_cutting_a_scene_into_runs_of_beats() -> None:
    assert lpt([3, 3, 2, 2, 2], 2) == 7.0 and lpt([5, 1], 4) == 5.0
    scene = SceneTimes("s", 1.0, (4.0, 2.0, 2.0), (0.5, 0.5, 0.5))
    assert scene.cost(1, 3) == 1.0 + 0.5 + 4.0 and scene.whole == 9.0
    assert pieces(scene, 5.0) == [5.0, 3.5, 4.0]  # each run pays the overhead and the skips
    assert pieces(scene, 100.0) == [9.0]


def test_beat_level_lies_between_its_floor_and_scene_level() -> None:
    scenes = [
        SceneTimes("long", 1.0, (8.0, 8.0, 8.0), (1.0, 1.0, 1.0)),
        SceneTimes("short", 1.0, (2.0,), (0.2,)),
    ]
    assert scene_level(scenes, 1) == beat_level(scenes, 1) == 28.0
    assert scene_level(scenes, 4) == 25.0  # the longest scene is the floor
    assert beat_level(scenes, 4) == 11.0  # its last beat: overhead, two skips, the beat


def test_scene_times_are_medians_of_the_cold_jobs_with_skips_from_any_job() -> None:
    cold = [[job("a", 5.0, 1.0, 2.0), job("b", 2.0, 1.0)], [job("a", 7.0, 3.0, 2.0)]]
    skipped = [job("a", 1.0, 0.2, 0.4, mode="plan", drawn=False)]
    times, guessed = scene_times(cold, skipped)
    assert times == [
        SceneTimes("a", 2.0, (2.0, 2.0), (0.2, 0.4)),
        SceneTimes("b", 1.0, (1.0,), (1.0,)),
    ]
    assert guessed == ["b"]  # never skipped: its drawing time stands in
    text = "\n".join(section(times, 0.5, {2: 6.0}))
    assert "| 2 | 6.5 | 6.5 | 6.0 |" in text and "| 4 | 6.5 | 4.7 |  |" in text
    assert "longest scene (a, 6.0 s)" in text and "(a beat 2: 4.2 s" in text


# ------------------------------------------------------------------- the command line


def test_a_usage_error_is_one_line_and_exits_2(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    for args in (["--reps", "0"], ["--scenes", "softmax,nope"], ["--only", "x"]):
        cmd = [
            sys.executable,
            str(ROOT / "bench" / "render_bench.py"),
            *args,
            "--output",
            str(output),
        ]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and done.stdout == "" and not output.exists()
        assert done.stderr.startswith("render_bench.py: error: ") and done.stderr.count("\n") == 1


# ----------------------------------------------------------------- end to end, small

TINY = '''"""A tiny scene for the bench's test: three beats, the second reads DATA."""

from manim import RIGHT, Circle, FadeIn, Square, Text

from scenes.components import ExplainerScene, beat

DATA = ("first", "second")


class Tiny(ExplainerScene):
    def construct(self) -> None:
        self.appear()
        self.label()
        self.finish()

    @beat("A square appears.")
    def appear(self) -> None:
        self.square = Square()
        self.play(FadeIn(self.square), run_time=1)

    @beat("A label reads the data.")
    def label(self) -> None:
        self.play(FadeIn(Text(DATA[1]).next_to(self.square, RIGHT)), run_time=1)

    @beat("A circle ends it.")
    def finish(self) -> None:
        self.play(FadeIn(Circle()), run_time=1)
        self.wait(1)
'''


@pytest.mark.slow
def test_the_edit_measurement_on_a_tiny_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    snapshot(project)
    (project / "scenes" / "tiny.py").write_text(TINY, encoding="utf-8")
    listed = "SCENES: tuple[SceneInfo, ...] = (\n"
    Patch("scenes/registry.py", listed, listed + '    SceneInfo("tiny", "Tiny", "Tiny."),\n').apply(
        project
    )
    edits = (
        Edit("(b) caption", "tiny", "A circle ends it.", "A circle ends it, edited.", 0.05),
        Edit("(a) last beat", "tiny", "self.wait(1)", "self.wait(1.5)", 0.3, ("finish",)),
        Edit("(c) data", "tiny", '"second")', '"2nd")', 0.6, ("label", "finish")),
    )
    report = Report([])
    measure_edits(Bench(project, tmp_path, 1, 1, report), edits, Size("medium", "192x108", 5))
    assert (project / "scenes" / "tiny.py").read_text(encoding="utf-8") == TINY  # every edit undone
    loads, whole = "load (1 min) before each repetition, tiny", "tiny whole render, --force"
    assert list(report.raw) == [loads, whole,
                                *(f"tiny {e.label}" for e in edits)]  # fmt: skip
    caption, last, data = report.rows
    assert [r.label for r in report.rows] == [f"{e.label}, tiny, 192x108 @ 5 fps" for e in edits]
    assert all(len(r.seconds) == len(r.base) == 1 and r.ratio > 0 for r in report.rows)
    assert ", 0 of 3 beats rendered" in caption.detail
    assert not [n for n in report.notes if "captions" in n], "the captions say the edit"
    assert ", 1 of 3 beats rendered (finish)" in last.detail and last.ok
    assert "label, finish)" in data.detail  # the beat that reads DATA, and after (today: all)
    assert (tmp_path / "edits-tiny" / "192x108-5fps" / "dark" / "tiny.mp4").is_file()
