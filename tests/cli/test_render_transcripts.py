"""What render.py writes for accessibility, read back as a user would: each video's
transcript (HTML with MathML and chart tables, and Markdown) beside it and in the
manifest, each section's description, the explainer's transcript with a part per scene,
and the captions inside the MP4 and WebM files (PyAV)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from render_support import (
    FOLDER,
    SMALL,
    entry_for,
    load_manifest,
    make_project,
    run_render,
    write_scene,
)

import mathcore
from renderkit.outputs import media
from renderkit.outputs.captions import parse_srt
from scenes.registry import SCENES

pytestmark = pytest.mark.slow

LOGITS = (2.0, 1.0, -0.5)
#: A small softmax scene with a title, a bar chart and a readout, from mathcore.
SOFTMAX = """
from manim import *
import numpy as np

import mathcore
from scenes.components import ExplainerScene, ProbabilityBars, beat
from scenes.components.readouts import Readout


class Softmax(ExplainerScene):
    logits = (2.0, 1.0, -0.5)

    def construct(self):
        self.show_chart()
        self.show_sum()

    @beat("The softmax of the logits sₖ.")
    def show_chart(self):
        self.title = self.make_title("Tiny softmax")
        probs = mathcore.softmax(self.logits)
        self.bars = ProbabilityBars(probs, ("cat", "dog", "fox"), self.theme,
                                    color=self.theme.model_dist, width=3, height=1.5)
        self.play(FadeIn(self.title), FadeIn(self.bars), run_time=0.6)

    @beat("Its values add up to one.")
    def show_sum(self):
        total = float(np.sum(mathcore.softmax(self.logits)))
        self.total = Readout(r"\\textstyle\\sum_k P_k =", self.theme, value=total)
        self.total.to_edge(DOWN)
        self.play(FadeIn(self.total), run_time=0.6)
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every (tiny) scene and the explainer as MP4 with sections, and softmax as WebM."""
    project = make_project(tmp_path_factory.mktemp("transcript-project"))
    write_scene(project, "softmax", "Softmax", source=SOFTMAX)
    out = project / "media"
    for args in (("explainer", "--sections"), ("softmax", "-f", "webm")):
        result = run_render(project, *args, *SMALL, "-o", str(out), timeout=300)
        assert result.returncode == 0, result.stderr + result.stdout
    return out


def test_every_entry_records_its_transcript_beside_its_video(rendered: Path) -> None:
    entries = load_manifest(rendered)["entries"]
    assert {e["scene"] for e in entries} == {*(s.name for s in SCENES), "explainer"}
    for e in entries:
        stem = e["path"].rsplit(".", 1)[0]
        assert e["transcript"] == f"{stem}.transcript.html", e["path"]
        assert e["transcript_md"] == f"{stem}.transcript.md", e["path"]
        assert (rendered / e["transcript"]).is_file() and (rendered / e["transcript_md"]).is_file()


def test_the_transcript_says_what_the_screen_shows_with_mathcores_numbers(
    rendered: Path,
) -> None:
    e = entry_for(rendered, "softmax", format="mp4")
    page = (rendered / e["transcript"]).read_text(encoding="utf-8")
    main = page.split("<main>")[1].split("</main>")[0]
    assert '<html lang="en">' in page
    # one transcript per scene and theme, shared by its formats (the same beats and
    # times): it links the video rendered last, beside it
    video = re.search(r'Video: <a href="([^"]+)"', main)
    assert video and video.group(1) == "softmax.webm"
    assert (rendered / e["transcript"]).with_name("softmax.webm").is_file()
    assert 'href="softmax.webm#t=0.0"' in main and 'href="softmax.webm#t=0.6"' in main
    assert "The softmax of the logits sₖ." in main and "Its values add up to one." in main
    assert main.count("Title: Tiny softmax") == 2
    assert main.count("<math ") == 1  # the readout, shown at the second beat's end
    assert "<mn>1.00</mn>" in main
    probs = [f"{p:.2f}" for p in mathcore.softmax(np.asarray(LOGITS))]
    cells = re.findall(r"<td>([^<]*)</td>", main)
    assert cells == probs * 2  # the chart's table at both beat ends
    markdown = (rendered / e["transcript_md"]).read_text(encoding="utf-8")
    assert r"- Equation: $\textstyle\sum_k P_k = 1.00$" in markdown
    assert f"| cat | {probs[0]} |" in markdown
    descriptions = [s["description"] for s in e["sections"]]
    assert descriptions[0].startswith("Title: Tiny softmax.")
    assert "Equation: Σₖ Pₖ = 1.00." in descriptions[1]


def test_the_explainers_transcript_has_every_scene_and_its_beats(rendered: Path) -> None:
    e = entry_for(rendered, "explainer")
    page = (rendered / e["transcript"]).read_text(encoding="utf-8")
    main = page.split("<main>")[1].split("</main>")[0]
    scenes = [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", main)]
    assert scenes == [c["title"] for c in e["chapters"]]
    assert len(re.findall(r"<h3 ", main)) == 2 * len(SCENES)
    softmax = next(c["start"] for c in e["chapters"] if c["scene"] == "softmax")
    assert f'href="explainer.mp4#t={softmax}"' in main
    assert "Its values add up to one." in main


@pytest.mark.parametrize(
    ("scene", "fmt", "codec"),
    [("softmax", "mp4", "mov_text"), ("softmax", "webm", "webvtt"), ("explainer", "mp4", "")],
)
def test_the_video_carries_its_captions_inside(
    rendered: Path, scene: str, fmt: str, codec: str
) -> None:
    e = entry_for(rendered, scene, format=fmt)
    srt = parse_srt((rendered / e["captions"]["srt"]).read_text(encoding="utf-8"))
    inside = media.read_captions(rendered / e["path"])
    assert [c.text for c in inside] == [c.text for c in srt]
    assert [c.start for c in inside] == pytest.approx([c.start for c in srt], abs=0.002)
    assert [c.end for c in inside] == pytest.approx([c.end for c in srt], abs=0.002)
    if scene == "softmax" and fmt == "mp4":
        clip = rendered / e["sections"][1]["path"]
        assert [c.text for c in media.read_captions(clip)] == ["Its values add up to one."]


def test_a_rebuilt_manifest_keeps_the_transcripts(rendered: Path, tmp_path: Path) -> None:
    out = tmp_path / "media"
    shutil.copytree(rendered, out)
    (out / "manifest.json").write_text("not json")
    from renderkit.outputs.adopt import recover_manifest

    assert recover_manifest(out, [s.name for s in SCENES])
    before = entry_for(rendered, "softmax", format="mp4")
    after = entry_for(out, "softmax", format="mp4")
    assert (after["transcript"], after["transcript_md"]) == (
        before["transcript"],
        before["transcript_md"],
    )
    assert after["sections"] == before["sections"]  # with each beat's description
    assert FOLDER in after["transcript"]
