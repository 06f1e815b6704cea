"""Beat-level render jobs, through render.py on a tiny copy of the project: an edit renders
only the beats it changes, a caption edit renders none, and the result is the same video
a fresh whole render makes; the jobs also run on a Dask cluster."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
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

from renderkit.outputs import media

pytestmark = pytest.mark.slow

#: Three beats; BEAT_3 is the last one's body, CAPTION_3 its caption.
THREE_BEATS = """
from manim import *

from scenes.components import ExplainerScene, beat


class Softmax(ExplainerScene):
    def construct(self):
        self.show_square()
        self.morph()
        self.last()

    @beat("A square.")
    def show_square(self):
        self.square = Square(side_length=3, color={colour}, fill_opacity=0.8)
        self.play(FadeIn(self.square), run_time=0.6)

    @beat("It turns into a circle.")
    def morph(self):
        self.play(Transform(self.square, Circle(radius=1.5, color=self.theme.true_dist)),
                  run_time=0.6)

    @beat("{caption}")
    def last(self):
        self.play(self.square.animate.shift({shift}), run_time=0.6)
"""


def three_beats(colour: str = "self.theme.model_dist", caption: str = "It moves.",
                shift: str = "LEFT") -> str:  # fmt: skip
    return THREE_BEATS.format(colour=colour, caption=caption, shift=shift)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("beat-template"))
    write_scene(project, "softmax", "Softmax", source=three_beats())
    return project


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    return clone(template, tmp_path / "project")


def render(project: Path, out: Path, *args: str) -> str:
    result = run_render(project, "softmax", *SMALL, "--sections", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def beats_line(stdout: str) -> str:
    row = next(line for line in stdout.splitlines() if line.startswith("softmax"))
    return row.split(";")[-1].split("beats rendered")[0].strip() if "beats" in row else row


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def assert_same_video(a: Path, b: Path) -> None:
    fa, fb = frames(a), frames(b)
    assert len(fa) == len(fb)
    for x, y in zip(fa, fb, strict=True):
        mse = float(((x.astype(float) - y.astype(float)) ** 2).mean())
        assert mse == 0 or 10 * np.log10(255**2 / mse) >= 40


def check_matches_a_fresh_render(project: Path, out: Path, tmp_path: Path, beats: int = 3) -> None:
    fresh = tmp_path / "fresh"
    assert f"{beats} of {beats}" in beats_line(render(project, fresh))
    mine, theirs = entry_for(out, "softmax"), entry_for(fresh, "softmax")
    assert_same_video(out / mine["path"], fresh / theirs["path"])
    assert mine["duration"] == pytest.approx(theirs["duration"], abs=1e-3)
    for rel_a, rel_b in zip(
        [mine["captions"]["srt"], *(s["path"] for s in mine["sections"])],
        [theirs["captions"]["srt"], *(s["path"] for s in theirs["sections"])],
        strict=True,
    ):
        if rel_a.endswith(".srt"):
            assert (out / rel_a).read_text() == (fresh / rel_b).read_text()
        else:
            assert_same_video(out / rel_a, fresh / rel_b)


def test_an_edit_in_the_last_beat_renders_that_beat_alone(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert "3 of 3" in beats_line(render(project, out))
    write_scene(project, "softmax", "Softmax", source=three_beats(shift="RIGHT * 2"))
    assert beats_line(render(project, out)) == "1 of 3"
    check_matches_a_fresh_render(project, out, tmp_path)


def test_force_renders_every_beat_even_when_they_are_cached(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(project, out)
    assert "up to date" in render(project, out)
    assert beats_line(render(project, out, "--force")) == "3 of 3"


def job_log(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / ".work" / "jobs.jsonl").read_text().splitlines()]


def test_a_caption_edit_renders_no_frame(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(project, out)
    before = entry_for(out, "softmax")
    kept = shutil.copy(out / before["path"], tmp_path / "before.mp4")
    jobs, folders = len(job_log(out)), set((out / ".work" / "jobs").iterdir())
    write_scene(project, "softmax", "Softmax", source=three_beats(caption="Now it slides."))
    assert beats_line(render(project, out)) == "0 of 3"
    # assembled in render.py itself: one log line, no job process, manim never started
    [line] = job_log(out)[jobs:]
    assert (line["mode"], line["process"]) == ("captions", False)
    assert set((out / ".work" / "jobs").iterdir()) == folders  # no job's work folder
    after = entry_for(out, "softmax")
    # the same frames, stream-copied again; the file differs by its caption track
    assert_same_video(out / after["path"], Path(kept))
    assert media.read_captions(out / after["path"])[-1].text == "Now it slides."
    assert "Now it slides." in (out / after["captions"]["srt"]).read_text()
    assert "Now it slides." in (out / after["sections"][2]["captions"]["vtt"]).read_text()
    check_matches_a_fresh_render(project, out, tmp_path)


def test_an_edit_that_needs_frames_runs_one_job_and_no_dry_run(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(project, out)
    jobs = len(job_log(out))
    write_scene(project, "softmax", "Softmax", source=three_beats(shift="UP"))
    assert beats_line(render(project, out)) == "1 of 3"
    [line] = job_log(out)[jobs:]
    assert line["mode"] == "beats" and line["process"]
    assert [b["rendered"] for b in line["beats"]] == [False, False, True]


#: Four beats stepping through a derivation held as data; LINE_2 is its third line.
DERIVATION_SCENE = """
from manim import *

from scenes.components import ExplainerScene, beat
from scenes.components.equations import EquationStepper

LINES = (("a", "=", "b"), ("a", "=", "c"), ("a", "=", "{line2}"), ("a", "=", "e"))


class Softmax(ExplainerScene):
    def construct(self):
        self.stepper = EquationStepper(LINES, self.theme, align_on=None)
        self.first()
        self.second()
        self.third()
        self.fourth()

    @beat("The first line.")
    def first(self):
        self.play(self.stepper.write(), run_time=0.6)

    @beat("The second.")
    def second(self):
        self.play(self.stepper.step(), run_time=0.6)

    @beat("The third.")
    def third(self):
        self.play(self.stepper.step(), run_time=0.6)

    @beat("The fourth.")
    def fourth(self):
        self.play(self.stepper.step(), run_time=0.6)
"""


def test_a_derivation_line_edit_renders_only_the_beats_that_show_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_scene(project, "softmax", "Softmax", source=DERIVATION_SCENE.format(line2="d"))
    out = tmp_path / "out"
    render(project, out)
    jobs = len(job_log(out))
    write_scene(project, "softmax", "Softmax", source=DERIVATION_SCENE.format(line2="x + y"))
    assert beats_line(render(project, out)) == "2 of 4"
    [line] = job_log(out)[jobs:]
    assert [b["rendered"] for b in line["beats"]] == [False, False, True, True]
    check_matches_a_fresh_render(project, out, tmp_path, beats=4)


def test_an_edit_that_changes_later_starting_states_renders_those_beats(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(project, out)
    write_scene(project, "softmax", "Softmax", source=three_beats(colour="self.theme.mse"))
    # beat 1 changed, so beat 2 starts from another square; beat 2 turns it into the same
    # circle as before, so beat 3 starts from the same state and is reused
    assert beats_line(render(project, out)) == "2 of 3"
    check_matches_a_fresh_render(project, out, tmp_path)


#: A scheduler and two worker processes, started in the project's folder so the workers
#: import that project (on a real cluster: the project installed on every worker).
CLUSTER = """
import sys
from distributed import LocalCluster

with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                  dashboard_address=None) as cluster:
    print(cluster.scheduler_address, flush=True)
    sys.stdin.readline()  # until the test is done
"""


@pytest.fixture
def cluster(template: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CLUSTER],
        cwd=template,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    address = proc.stdout.readline().strip()
    assert address.startswith("tcp://"), address
    try:
        yield address
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def test_jobs_on_a_dask_cluster_give_the_same_files(
    template: Path, cluster: str, tmp_path: Path
) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    render(template, local)
    render(template, remote, "--cluster", cluster)
    mine, theirs = entry_for(local, "softmax"), entry_for(remote, "softmax")
    assert mine["sha256"] == theirs["sha256"]
    assert [s["sha256"] for s in mine["sections"]] == [s["sha256"] for s in theirs["sections"]]
    assert (local / mine["captions"]["srt"]).read_text() == (
        remote / theirs["captions"]["srt"]
    ).read_text()


def test_an_unreachable_scheduler_is_one_line_and_touches_nothing(
    template: Path, tmp_path: Path
) -> None:
    out = tmp_path / "never"
    result = run_render(template, "softmax", "-o", str(out), "--cluster", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_sections_are_published_from_the_beat_clips(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(project, out)
    entry = entry_for(out, "softmax")
    assert [s["name"] for s in entry["sections"]] == ["show_square", "morph", "last"]
    assert entry["path"] == f"{FOLDER}/dark/softmax.mp4"
    assert sum(s["duration"] for s in entry["sections"]) == pytest.approx(
        entry["duration"], abs=0.05
    )
