"""renderkit.gallery: parse the written index.html and check links, tracks and escaping."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from renderkit.captions import Cue, format_srt, parse_srt
from renderkit.gallery import GALLERY_NAME, render_gallery, write_gallery

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """Every element with its attributes, the text, and each element's text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.content: dict[str, str] = {}  # id -> text inside (textarea, script)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in ("textarea", "script"):
            self.stack.append((tag, a, []))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1][0] == tag:
            _, a, chunks = self.stack.pop()
            key = a.get("id") or a.get("data-cues-for") or f"{tag}{len(self.content)}"
            self.content[str(key)] = "".join(chunks)

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][2].append(data)
        else:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag]


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


SRT = format_srt([Cue(0, 1.5, "Logits <are> raw & real."), Cue(1.5, 3.0, "Exponentiate.")])


def put(out: Path, rel: str, text: str = "x") -> str:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return rel


def video_entry(out: Path, scene: str, theme: str = "dark", folder: str | None = None) -> dict:
    folder = folder or f"medium/{theme}"
    sections = [
        {
            "name": "show_logits",
            "path": put(out, f"{folder}/{scene}.sections/01-show_logits.mp4"),
            "start": 0.0,
            "duration": 1.5,
        },
        {
            "name": "exponentiate",
            "path": put(out, f"{folder}/{scene}.sections/02-exponentiate.mp4"),
            "start": 1.5,
            "duration": 1.5,
        },
    ]
    return {
        "scene": scene,
        "quality": "medium",
        "theme": theme,
        "format": "mp4",
        "transparent": False,
        "path": put(out, f"{folder}/{scene}.mp4"),
        "duration": 41.25,
        "width": 1280,
        "height": 720,
        "fps": 30,
        "sha256": "0" * 64,
        "poster": put(out, f"{folder}/{scene}.poster.png"),
        "captions": {
            "srt": put(out, f"{folder}/{scene}.srt", SRT),
            "vtt": put(out, f"{folder}/{scene}.vtt", "WEBVTT\n"),
        },
        "sections": sections,
        "fingerprint": "f" * 64,
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def manifest(out: Path) -> dict[str, Any]:
    softmax = video_entry(out, "softmax")
    light = video_entry(out, "softmax", theme="light")
    weird = video_entry(out, "classification", folder="medium/dark space")
    explainer = video_entry(out, "explainer")
    explainer["sections"] = []
    explainer["chapters"] = [
        {"scene": "classification", "title": "Images in, distributions out.", "start": 0.0},
        {"scene": "softmax", "title": EVIL, "start": 12.5},
    ]
    explainer["duration"] = 83.0
    softmax["sections"][0]["name"] = "<b>bold</b>"
    still = {
        "scene": "softmax",
        "quality": "medium",
        "theme": "dark",
        "format": "png",
        "transparent": True,
        "path": put(out, "medium/dark-transparent/softmax.png"),
        "duration": 0.0,
        "width": 1280,
        "height": 720,
        "fps": 30,
        "sha256": "1" * 64,
        "poster": None,
        "captions": None,
        "sections": None,
        "fingerprint": "e" * 64,
    }
    return {
        "version": 1,
        "generator": "render.py",
        "entries": [weird, softmax, explainer, light, still],
    }


def listed_files(manifest: dict[str, Any]) -> set[str]:
    files = set()
    for e in manifest["entries"]:
        files.add(e["path"])
        if e.get("poster"):
            files.add(e["poster"])
        files.update((e.get("captions") or {}).values())
        files.update(s["path"] for s in e.get("sections") or [])
    return files


def test_writes_index_atomically(out: Path, manifest: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / GALLERY_NAME).write_text("old")
    path = write_gallery(out, manifest)
    assert path == out / GALLERY_NAME
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text == render_gallery(out, manifest)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_every_referenced_file_is_relative_and_listed(out: Path, manifest: dict) -> None:
    page = parse(write_gallery(out, manifest).read_text(encoding="utf-8"))
    refs = []
    for tag, attrs in page.elements:
        for name in ("src", "href", "poster"):
            value = attrs.get(name)
            if value is not None and not (tag == "a" and value.startswith("#")):
                refs.append(value)
    assert refs
    listed = listed_files(manifest)
    for ref in refs:
        parsed = urlparse(ref)
        assert not parsed.scheme and not parsed.netloc and not ref.startswith("/"), ref
        assert unquote(ref) in listed, ref
        assert (out / unquote(ref)).is_file()
    # the folder with a space is percent-encoded, and still resolves
    assert "medium/dark%20space/classification.mp4" in refs
    # every in-page anchor points at a heading that exists
    ids = {a.get("id") for _, a in page.elements}
    for a in page.all("a"):
        if (a.get("href") or "").startswith("#"):
            assert a["href"][1:] in ids


def test_videos_have_poster_source_and_caption_track(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    videos = page.all("video")
    assert len(videos) == 4  # the png is an image
    for v in videos:
        assert "controls" in v and v["preload"] == "none"
        assert v["poster"].endswith(".poster.png")
    sources = page.all("source")
    assert [s["type"] for s in sources] == ["video/mp4"] * 4
    tracks = page.all("track")
    assert len(tracks) == 4
    for t in tracks:
        assert t["kind"] == "captions" and t["srclang"] == "en" and "default" in t
        assert t["src"].endswith(".vtt")
    # each video's poster, source and track belong to the same entry
    triples = {
        (v["poster"], s["src"], t["src"]) for v, s, t in zip(videos, sources, tracks, strict=True)
    }
    folder = "medium/dark/softmax"
    assert (f"{folder}.poster.png", f"{folder}.mp4", f"{folder}.vtt") in triples


def test_png_entries_are_images(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    assert [i["src"] for i in page.all("img")] == ["medium/dark-transparent/softmax.png"]
    assert "transparent" in " ".join(page.text)


def test_text_from_the_manifest_is_escaped(out: Path, manifest: dict) -> None:
    html_text = render_gallery(out, manifest)
    page = parse(html_text)
    text = "".join(page.text)
    assert EVIL in text  # shown literally...
    assert "<b>bold</b>" in text
    assert not page.all("b")  # ...never as markup
    assert all("onerror" not in a for _, a in page.elements)
    scripts = page.all("script")
    assert [s.get("type") for s in scripts].count(None) == 1  # only the page's own JS
    assert all(s.get("type") in (None, "application/json") for s in scripts)
    assert EVIL not in html_text


def test_duration_quality_theme_format_sections_and_chapters(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    text = " ".join(page.text)
    for expected in ("0:41.2", "1:23", "1280×720 · 30 fps", "medium", "light", "mp4", "png"):
        assert expected in text, expected
    assert "Section clips (2)" in text and "Chapters (2)" in text
    assert "Images in, distributions out." in text
    # the registry's one-line summary under the scene name
    assert "Logits become probabilities" in text
    # section clips link to their files; chapter and section times seek the video
    hrefs = [a.get("href") for a in page.all("a")]
    assert "medium/dark/softmax.sections/02-exponentiate.mp4" in hrefs
    seeks = [b["data-seek"] for b in page.all("button") if "data-seek" in b]
    assert "12.5" in seeks and "1.5" in seeks
    video_ids = {v["id"] for v in page.all("video")}
    assert all(b["data-video"] in video_ids for b in page.all("button") if "data-seek" in b)
    # the explainer leads its group (listed third in the manifest, shown first)
    assert page.all("source")[0]["src"] == "medium/dark/explainer.mp4"
    assert page.all("video")[0]["id"] == "clip1"


def test_embed_snippet_is_escaped_copyable_html(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    buttons = [b for b in page.all("button") if "data-copy" in b]
    assert len(buttons) == 5
    for b in buttons:
        assert b["data-copy"] in page.content
    snippet = next(v for k, v in page.content.items() if "softmax.mp4" in v and "embed" in k)
    embed = parse(snippet)
    (video,) = embed.all("video")
    assert "controls" in video and video["poster"].endswith(".poster.png")
    assert embed.all("source")[0]["src"].endswith(".mp4")
    track = embed.all("track")[0]
    assert track["kind"] == "captions" and track["src"].endswith(".vtt")
    assert "<video" not in "".join(page.text)  # the snippet lives only inside <textarea>


def test_inline_cues_match_the_srt_for_file_urls(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    data = json.loads(page.content["clip2"])
    cues = parse_srt(SRT)
    assert [(s, e) for s, e, _ in data] == [(c.start, c.end) for c in cues]
    assert data[0][2] == "Logits &lt;are&gt; raw &amp; real."  # VTTCue text is markup
    assert all(s.get("data-cues-for") for s in page.all("script") if s.get("type"))


def test_missing_files_and_unsafe_paths_are_not_linked(out: Path, manifest: dict) -> None:
    entry = manifest["entries"][1]
    (out / entry["path"]).unlink()
    manifest["entries"][3]["path"] = "/etc/passwd"
    manifest["entries"][3]["poster"] = "../outside.png"
    manifest["entries"][3]["captions"]["vtt"] = "https://example.com/x.vtt"
    page = parse(render_gallery(out, manifest))
    refs = [a.get(n) for _, a in page.elements for n in ("src", "href", "poster") if a.get(n)]
    assert not any(r.startswith(("/", "..", "https:")) for r in refs)
    assert "medium/dark/softmax.mp4" not in [s["src"] for s in page.all("source")]
    assert "File missing" in " ".join(page.text)


def test_empty_and_bad_manifests(out: Path) -> None:
    page = parse(render_gallery(out, {"version": 1, "entries": []}))
    assert "Nothing rendered yet" in " ".join(page.text)
    assert not page.all("video")
    with pytest.raises(ValueError, match="list of entries"):
        write_gallery(out, {"entries": "nope"})
