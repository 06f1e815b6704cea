"""Beat fingerprints on real scenes (dry runs in this process: every beat skipped, no
frame drawn): an edit of anything a beat reads, however it reaches it, makes its clip
unusable, the cases a fingerprint of the beat's own code and the scene's start state
would miss included (a constant in an updater, data kept on the scene before the beats,
one line of a derivation); and an edit of a line reaches only the beats that read it."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from renderkit.jobs.beatjob import BeatReport, job_class
from renderkit.jobs.beats import retimed_cues
from renderkit.plan.beatcode import beat_captions
from renderkit.plan.spec import PROJECT

SCENE = r"""
from manim import *

from scenes.components import ExplainerScene, beat
from scenes.components.equations import EquationStepper

OFFSET = {offset}
SIDES = {sides}
LINES = (("a", "=", "b"), ("a", "=", "c"), ("a", "=", "{line2}"), ("a", "=", "e"))


class Probe(ExplainerScene):
    def construct(self):
        self.tracker = ValueTracker(0)
        self.marks = [Square(side_length=s) for s in SIDES]
        self.stepper = EquationStepper(LINES, self.theme, align_on=None)
        self.place()
        self.move()
        self.show_mark()
        self.step_one()
        self.step_two()
        self.step_three()

    @beat("Place.")
    def place(self):
        dot = Dot()
        dot.add_updater(lambda m: m.set_x(OFFSET * self.tracker.get_value()))
        self.add(dot)
        self.play(self.stepper.write(), run_time=0.4)

    @beat("Move.")
    def move(self):
        self.play(self.tracker.animate.set_value(1), run_time=0.4)

    @beat("Mark.")
    def show_mark(self):
        self.play(FadeIn(self.marks[1]), run_time=0.4)

    @beat("One.")
    def step_one(self):
        self.play(self.stepper.step(), run_time=0.4)

    @beat("Two.")
    def step_two(self):
        self.play(self.stepper.step(), run_time=0.4)

    @beat("Three.")
    def step_three(self):
        self.play(self.stepper.step(), run_time=0.4)
"""

DEFAULTS = {"offset": "1.0", "sides": "(1.0, 2.0, 3.0)", "line2": "d"}
_count = itertools.count()


def dry_run(tmp_path: Path, media: Path, **values: str) -> dict[str, BeatReport]:
    """Every beat's report from a dry run of the scene with ``values`` filled in."""
    return dry_run_source(SCENE.format(**{**DEFAULTS, **values}), "Probe", tmp_path, media)


def dry_run_source(source: str, cls: str, tmp_path: Path, media: Path) -> dict[str, BeatReport]:
    """Every beat's report from a dry run of class ``cls`` of a module with ``source``."""
    from manim import tempconfig

    name = f"beat_probe_{next(_count)}"
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    reports: list[BeatReport] = []
    job = job_class(getattr(module, cls), start=1 << 30, stop=None, deps="d", reports=reports)
    options = {
        "media_dir": str(media), "pixel_width": 192, "pixel_height": 108, "frame_rate": 5,
        "write_to_movie": False, "disable_caching": True, "verbosity": "ERROR",
        "progress_bar": "none",
    }  # fmt: skip
    with tempconfig(options):
        job().render()
    assert not any(r.rendered for r in reports)
    return {r.name: r for r in reports}


def stale(before: dict[str, BeatReport], after: dict[str, BeatReport]) -> set[str]:
    """The beats whose clip from ``before`` must not be used ``after``: another
    fingerprint, or a tracked piece it read that is not what it was (what the worker's
    cache lookup checks)."""
    return {
        name
        for name, old in before.items()
        if after[name].fingerprint != old.fingerprint or after[name].reads != old.reads
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, scene_media: Path) -> dict[str, BeatReport]:
    return dry_run(tmp_path_factory.mktemp("base"), scene_media)


def test_the_same_source_gives_the_same_fingerprints(
    base: dict[str, BeatReport], tmp_path: Path, scene_media: Path
) -> None:
    assert stale(base, dry_run(tmp_path, scene_media)) == set()


def test_a_constant_read_only_by_an_updater_changes_the_beat_it_runs_in(
    base: dict[str, BeatReport], tmp_path: Path, scene_media: Path
) -> None:
    # ``move`` starts from the same picture (the tracker is at 0, so the dot is at 0
    # whatever OFFSET is) and its own code does not name OFFSET: only the updater does
    after = dry_run(tmp_path, scene_media, offset="2.0")
    assert {"place", "move"} <= stale(base, after)


def test_data_kept_on_the_scene_before_the_beats_changes_the_beats_after(
    base: dict[str, BeatReport], tmp_path: Path, scene_media: Path
) -> None:
    # the squares are built in construct() and shown by ``show_mark`` two beats later
    after = dry_run(tmp_path, scene_media, sides="(1.0, 2.5, 3.0)")
    assert "show_mark" in stale(base, after)


def test_one_line_of_a_derivation_reaches_only_the_beats_that_read_it(
    base: dict[str, BeatReport], tmp_path: Path, scene_media: Path
) -> None:
    after = dry_run(tmp_path, scene_media, line2="z")
    assert stale(base, after) == {"step_two", "step_three"}  # they morph into and out of it
    assert base["step_one"].reads == {"stepper": dict(base["step_one"].reads["stepper"])}
    assert set(base["step_one"].reads["stepper"]) == {"0", "1"}
    assert set(base["step_two"].reads["stepper"]) == {"1", "2"}


@pytest.mark.slow
def test_one_derivation_line_of_kl_to_cross_entropy_reaches_only_the_beat_that_shows_it(
    tmp_path: Path, scene_media: Path
) -> None:
    source = (PROJECT / "scenes" / "kl_to_cross_entropy.py").read_text(encoding="utf-8")
    line4 = '(_KL, "=", _MINUS_H, _H, "+", _CE),'
    assert source.count(line4) == 1
    edited = source.replace(line4, '(_KL, "=", _MINUS_H, _H, "+", _CE, r"\\quad"),')
    before = dry_run_source(source, "KlToCrossEntropy", tmp_path / "a", scene_media)
    after = dry_run_source(edited, "KlToCrossEntropy", tmp_path / "b", scene_media)
    # collect_terms morphs line 3 into 4 and 4 into 5; every other beat starts from the
    # same picture and shows lines the edit did not touch
    assert stale(before, after) == {"collect_terms"}
    # a caption-only update re-times the captions in render.py: exactly as the job did
    captions = beat_captions(source)
    for name, report in before.items():
        assert retimed_cues(captions[name], report.began, report.seconds) == report.cues, name


def test_captions_retimed_without_manim_equal_the_jobs(base: dict[str, BeatReport]) -> None:
    captions = beat_captions(SCENE.format(**DEFAULTS))
    for name, report in base.items():
        assert report.cues and report.seconds > 0
        assert retimed_cues(captions[name], report.began, report.seconds) == report.cues


def test_a_report_field_travels_through_json_and_unknown_ones_are_dropped(
    base: dict[str, BeatReport],
) -> None:
    report = base["move"]
    data = report.to_json()
    assert set(data) == {f.name for f in dataclasses.fields(BeatReport)}
    assert BeatReport.from_json(json.loads(json.dumps(data))) == report
    assert BeatReport.from_json({**data, "from_a_newer_job": 1}) == report


NESTED = """
def updater(m):
    return sorted([1, 2], key=lambda x: -x)
"""


def test_a_function_with_nested_code_hashes_the_same_in_every_process(tmp_path: Path) -> None:
    (tmp_path / "nested_probe.py").write_text(NESTED, encoding="utf-8")
    program = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); import nested_probe;"
        "from renderkit.jobs.beatjob import _code_bytes;"
        "print(hashlib.sha256(_code_bytes(nested_probe.updater.__code__)).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", program, str(tmp_path)],
            cwd=PROJECT,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == 65
