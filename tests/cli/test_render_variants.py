"""Variants through the whole pipeline, on a tiny project whose softmax scene declares
parameters: <scene>--<variant> files beside the default's, the manifest's variant and
params, caching on the values, --config under --set, the layout check before anything is
written, untrusted text escaped in the gallery, and --watch keeping its values."""

from __future__ import annotations

import json
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
    write_scene,
)

from renderkit.pages.gallery import render_gallery

pytestmark = pytest.mark.slow  # every test renders real (tiny) videos

#: A tiny scene with parameters: a word drawn with Text beside "dog", ``gap`` apart.
SCENE = """
from manim import *

from scenes.components import ExplainerScene, beat
from scenes.params import UNITS, Param, ParamSet


class Softmax(ExplainerScene):
    word = "cat"
    gap = 3.0
    units = "nats"

    def caption_fields(self):
        return {"word": self.word, "units": self.units}

    def construct(self):
        self.show_words()
        self.lift()

    @beat("The word is {word}, in {units}.")
    def show_words(self):
        self.a = Text(self.word, font_size=40).shift(LEFT * self.gap / 2)
        self.b = Text("dog", font_size=40).shift(RIGHT * self.gap / 2)
        self.play(FadeIn(self.a), FadeIn(self.b), run_time=0.6)

    @beat("It rises.")
    def lift(self):
        self.play(self.a.animate.shift(UP * 2), run_time=0.6)


PARAMS = ParamSet(
    Param.text("word", Softmax.word, help="a word"),
    Param.number("gap", Softmax.gap, low=0, high=4, help="between the words"),
    UNITS,
)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("variants") / "template")
    write_scene(project, "softmax", "Softmax", source=SCENE)
    return project


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    return clone(template, tmp_path / "project")


def render(project: Path, *args: str):
    return run_render(project, "softmax", *SMALL, "-j", "1", "-o", "media", *args)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_variant_renders_beside_the_default_and_is_recorded(project: Path) -> None:
    out = project / "media"
    assert render(project).returncode == 0
    default = snapshot(out / FOLDER / "dark")
    done = render(project, "--set", "word=emu", "--set", "units=bits", "--sections")
    assert done.returncode == 0, done.stderr
    folder = out / FOLDER / "dark"
    stem = "softmax--word-emu_units-bits"
    for suffix in (".mp4", ".poster.png", ".srt", ".vtt"):
        assert (folder / f"{stem}{suffix}").is_file(), suffix
    assert sorted(p.name for p in (folder / f"{stem}.sections").glob("*.mp4")) == [
        "01-show_words.mp4",
        "02-lift.mp4",
    ]
    assert "The word is emu, in bits." in (folder / f"{stem}.srt").read_text()
    for name, data in default.items():  # the default's files are untouched
        assert (folder / name).read_bytes() == data, name
    entry = entry_for(out, "softmax", variant="word-emu_units-bits")
    assert entry["params"] == {"word": "emu", "gap": 3.0, "units": "bits"}
    assert entry["path"] == f"{FOLDER}/dark/{stem}.mp4"
    plain = entry_for(out, "softmax", variant="")
    assert plain["params"] == {"word": "cat", "gap": 3.0, "units": "nats"}
    scenes = [(e["scene"], e.get("variant")) for e in load_manifest(out)["entries"]]
    assert scenes.index(("softmax", "")) + 1 == scenes.index(("softmax", "word-emu_units-bits"))


def test_the_values_are_in_the_fingerprint(project: Path) -> None:
    out = project / "media"
    assert render(project, "--set", "gap=2", "--variant", "wide").returncode == 0
    again = render(project, "--set", "gap=2", "--variant", "wide")
    assert again.returncode == 0 and "up to date" in again.stdout
    first = entry_for(out, "softmax", variant="wide")
    changed = render(project, "--set", "gap=2.5", "--variant", "wide")
    assert changed.returncode == 0 and "rendered" in changed.stdout, changed.stdout
    assert entry_for(out, "softmax", variant="wide")["fingerprint"] != first["fingerprint"]
    assert entry_for(out, "softmax", variant="wide")["params"]["gap"] == 2.5


def test_a_config_file_and_set_on_top(project: Path) -> None:
    config = project / "lecture.toml"
    config.write_text('[all]\nunits = "bits"\n\n[softmax]\nword = "owl"\ngap = 2.0\n')
    done = render(project, "--config", str(config), "--set", "word=emu", "--variant", "l3")
    assert done.returncode == 0, done.stderr
    entry = entry_for(project / "media", "softmax", variant="l3")
    assert entry["params"] == {"word": "emu", "gap": 2.0, "units": "bits"}


def test_a_variant_whose_layout_breaks_stops_before_anything_is_written(project: Path) -> None:
    out = project / "media"
    assert render(project).returncode == 0
    before = snapshot(out)
    stopped = render(project, "--set", "gap=0")
    assert stopped.returncode == 2
    lines = stopped.stderr.strip().splitlines()
    assert lines == [
        "render.py: error: softmax: the layout breaks at beat show_words: 'cat' overlaps "
        "'dog' (use other values, or --no-layout-check)"
    ]
    assert snapshot(out) == before
    forced = render(project, "--set", "gap=0", "--no-layout-check")
    assert forced.returncode == 0, forced.stderr
    assert (out / FOLDER / "dark" / "softmax--gap-0.mp4").is_file()


def test_untrusted_text_is_drawn_as_text_and_escaped_in_every_page(project: Path) -> None:
    out = project / "media"
    word = "<script>x"
    done = render(project, "--set", f"word={word}", "--variant", "xss", "--present")
    assert done.returncode == 0, done.stderr
    entry = entry_for(out, "softmax", variant="xss")
    assert entry["params"]["word"] == word  # the manifest keeps the value exactly (JSON)
    assert json.loads((out / "manifest.json").read_text())["entries"]
    page = (out / "index.html").read_text()
    assert "&lt;script&gt;x" in page
    manifest = load_manifest(out)
    without = {**manifest, "entries": [e for e in manifest["entries"] if e.get("variant") != "xss"]}
    # the page has exactly the <script> elements it has without the variant's card
    assert page.count("<script") - render_gallery(out, without).count("<script") == (
        page.count('<script type="application/json"')
        - render_gallery(out, without).count('<script type="application/json"')
    )
    assert "<script>x" not in page
    presenter = (out / "present.html").read_text()
    assert "<script>x" not in presenter
    vtt = (out / FOLDER / "dark" / "softmax--xss.vtt").read_text()
    assert "&lt;script>x" in vtt or "&lt;script&gt;x" in vtt


def test_units_applies_to_every_scene_that_has_it(project: Path) -> None:
    done = run_render(project, *SMALL, "-j", "2", "-o", "media", "--set", "units=bits")
    assert done.returncode == 0, done.stderr
    out = project / "media"
    variants = {(e["scene"], e.get("variant") or "") for e in load_manifest(out)["entries"]}
    assert ("softmax", "units-bits") in variants
    assert ("classification", "") in variants  # the tiny ones have no parameters


def test_the_explainer_of_a_variant_run_is_a_variant_too(project: Path) -> None:
    args = [*SMALL, "-j", "2", "-o", "media"]
    assert run_render(project, "explainer", *args).returncode == 0
    out = project / "media"
    default = (out / FOLDER / "dark" / "explainer.mp4").read_bytes()
    done = run_render(project, "explainer", *args, "--set", "word=emu")
    assert done.returncode == 0, done.stderr
    assert (out / FOLDER / "dark" / "explainer--word-emu.mp4").is_file()
    assert (out / FOLDER / "dark" / "explainer.mp4").read_bytes() == default
    assert entry_for(out, "explainer", variant="word-emu")["duration"] > 0


def test_watch_keeps_the_values_it_started_with(project: Path, tmp_path: Path) -> None:
    log, err = tmp_path / "out.txt", tmp_path / "err.txt"
    args = ["softmax", *SMALL, "-j", "1", "-o", "media", "--set", "word=emu", "--watch"]
    with open(log, "w") as stdout, open(err, "w") as stderr:
        env = {**os.environ, "COLUMNS": "250"}
        env.pop("PYTHONPATH", None)
        proc = subprocess.Popen(
            [sys.executable, "render.py", *args], cwd=project, stdout=stdout, stderr=stderr, env=env
        )
        try:
            wait_for(err, "watching scenes/", proc)
            source = SCENE.replace("run_time=0.6)\n\n    @beat", "run_time=0.8)\n\n    @beat", 1)
            write_scene(project, "softmax", "Softmax", source=source)
            line = wait_for(log, "re-rendered", proc)
            assert "softmax--word-emu.mp4" in line, line
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
    entry = entry_for(project / "media", "softmax", variant="word-emu")
    assert entry["params"]["word"] == "emu"


def wait_for(path: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in path.read_text().splitlines():
            if text in line:
                return line
        assert proc.poll() is None, path.read_text()
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} in {path.read_text()!r}")
