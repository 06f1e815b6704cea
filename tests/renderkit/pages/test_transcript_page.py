"""The transcript page and its Markdown twin: per beat a heading with a link into the video,
the caption, and the screen at the beat's end (texts, MathML equations, chart tables);
the explainer's with a heading per scene; read in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from renderkit.outputs.manifest import Entry
from renderkit.pages.transcript import (
    Part,
    TranscriptBeat,
    read_parts,
    render_html,
    render_markdown,
    write_explainer_transcript,
)
from renderkit.plan.spec import RenderSpec

SCREEN: dict[str, Any] = {
    "title": "Softmax: from scores to probabilities",
    "texts": ["MSE never passes 1", "<b>not markup</b>"],
    "equations": [r"\textstyle\sum_k e^{s_k} = 12.06", r"P(y \mid x_i;\theta)"],
    "charts": [
        {
            "name": "P(y | xᵢ; θ)",
            "sentence": "A bar chart of P(y | xᵢ; θ) for 2 classes.",
            "rows": [["cat", "0.61"], ["dog", "0.39"]],
        }
    ],
    "text": "Title: Softmax.",
}
BEATS = (
    TranscriptBeat(1, "show_logits", 0.0, "The logits sₖ, any real numbers.", SCREEN),
    TranscriptBeat(2, "normalise", 5.25, "Divide by their sum.", {**SCREEN, "charts": []}),
)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each tag name."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        for tag in set(self.open):
            self.text.setdefault(tag, []).append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def test_the_page_gives_each_beat_a_heading_a_seek_link_its_caption_and_the_screen() -> None:
    page = render_html("softmax", "softmax.mp4", [Part("softmax", BEATS)])
    tags = Tags(page)
    assert tags.named("html") == [{"lang": "en"}]
    assert "Transcript: softmax" in "".join(tags.text["title"])
    headings = [
        " ".join(re.sub("<[^>]+>", "", h).split())
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)
    ]
    assert headings == [
        "1. show logits 0:00.0 into the video",
        "2. normalise 0:05.2 into the video",
    ]
    hrefs = [a["href"] for a in tags.named("a")]
    assert hrefs == ["softmax.mp4", "softmax.mp4#t=0.0", "softmax.mp4#t=5.25"]
    body = " ".join(tags.text["main"])  # what is read (not the JSON beside it)
    for beat in BEATS:
        assert beat.caption in body
    assert body.count("Softmax: from scores to probabilities") == 2
    assert "<b>not markup</b>" in body and "<b>" not in tags.named("b")  # escaped, shown
    assert len(tags.named("math")) == 2 * len(SCREEN["equations"])  # one per equation
    assert {m["xmlns"] for m in tags.named("math")} == {"http://www.w3.org/1998/Math/MathML"}
    assert len(tags.named("table")) == 1  # the second beat shows no chart
    assert "".join(tags.text["caption"]) == "P(y | xᵢ; θ)"
    assert [th.get("scope") for th in tags.named("th")] == ["col", "col", "row", "row"]
    assert [t.strip() for t in tags.text["td"]] == ["0.61", "0.39"]


def test_the_markdown_holds_the_same_beats_with_latex() -> None:
    text = render_markdown("softmax", "softmax.mp4", [Part("softmax", BEATS)])
    assert text.startswith("# Transcript: softmax\n")
    assert "## 1. show logits ([0:00.0](softmax.mp4#t=0.0))" in text
    assert "## 2. normalise ([0:05.2](softmax.mp4#t=5.25))" in text
    assert "Caption: The logits sₖ, any real numbers." in text
    assert text.count(r"- Equation: $\textstyle\sum_k e^{s_k} = 12.06$") == 2
    assert "| class | value |\n|---|---|\n| cat | 0.61 |\n| dog | 0.39 |" in text


def test_a_beat_without_a_recorded_screen_says_so() -> None:
    beat = TranscriptBeat(1, "old", 0.0, "Cached before transcripts.")
    page = render_html("x", "x.mp4", [Part("x", (beat,))])
    assert "No description of the screen was recorded" in page
    assert "<math" not in page


def _spec(out: Path, scene: str) -> RenderSpec:
    return RenderSpec(scene, "", "", "low", "dark", "mp4", False, 8, 8, 5, False, str(out))


def test_the_explainer_has_a_part_per_scene_with_its_beats_moved_to_its_start(
    tmp_path: Path,
) -> None:
    scenes: list[tuple[Entry, str, float]] = []
    for n, name in enumerate(("softmax", "loss-curves")):
        spec = _spec(tmp_path, name)
        spec.path(spec.folder).mkdir(parents=True, exist_ok=True)
        rel = spec.rel(".transcript.html")
        spec.path(rel).write_text(render_html(name, f"{name}.mp4", [Part(name, BEATS)]))
        scenes.append(({"transcript": rel} | {"scene": name}, f"Scene {n + 1}", 10.0 * n))  # type: ignore[arg-type]
    spec = _spec(tmp_path, "explainer")
    paths = write_explainer_transcript(spec, scenes)
    assert paths == {
        "transcript": "low/dark/explainer.transcript.html",
        "transcript_md": "low/dark/explainer.transcript.md",
    }
    parts = read_parts(spec.path(paths["transcript"]))
    assert [p.title for p in parts] == ["Scene 1", "Scene 2"]
    assert [b.start for p in parts for b in p.beats] == [0.0, 5.25, 10.0, 15.25]
    tags = Tags(spec.path(paths["transcript"]).read_text())
    assert [t.strip() for t in tags.text["h2"]] == ["Scene 1", "Scene 2"]
    assert len(tags.named("h3")) == 4
    assert "explainer.mp4#t=15.25" in [a["href"] for a in tags.named("a")]
    markdown = spec.path(paths["transcript_md"]).read_text()
    assert "## Scene 2" in markdown and "### 2. normalise ([0:15.2]" in markdown


@pytest.mark.slow
def test_a_browser_shows_the_equations_as_math_and_the_table(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "softmax.transcript.html"
    page_file.write_text(render_html("softmax", "softmax.mp4", [Part("softmax", BEATS)]))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            assert page.evaluate("document.documentElement.lang") == "en"
            sizes = page.eval_on_selector_all(
                "math", "ms => ms.map(m => [m.getBoundingClientRect().width, m.namespaceURI])"
            )
            assert len(sizes) == 4
            assert all(w > 10 and ns == "http://www.w3.org/1998/Math/MathML" for w, ns in sizes)
            table = page.get_by_role("table", name="P(y | xᵢ; θ)")
            assert table.get_by_role("cell").all_inner_texts() == ["0.61", "0.39"]
            heading = page.get_by_role("heading", level=2).nth(1)
            assert heading.inner_text().startswith("2. normalise")
            link = heading.get_by_role("link", name="0:05.2 into the video")
            assert (
                link.evaluate("a => a.href")
                == page_file.with_name("softmax.mp4").as_uri() + "#t=5.25"
            )
        finally:
            browser.close()
