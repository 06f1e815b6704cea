"""renderkit.pages.gallery: parse the written index.html and check links, tracks and escaping."""

from __future__ import annotations

import functools
import http.server
import json
import stat
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import jinja2
import pytest

from renderkit.outputs.captions import Cue, format_srt, parse_srt, srt_to_vtt, vtt_cue_text
from renderkit.outputs.files import is_temp_name
from renderkit.pages.gallery import GALLERY_NAME, render_gallery, write_gallery
from renderkit.pages.templating import render_page

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """Every element with its attributes (a bare attribute's value is ""), the text, and
    each textarea's and script's text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.content: dict[str, str] = {}  # id -> text inside (textarea, script)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
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

    def all(self, tag: str) -> list[dict[str, str]]:
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


def describe(out: Path, entry: dict, descriptions: list[str]) -> None:
    """Give ``entry`` what manifests carry since transcripts: its transcript pages and
    each section's description (the other entries stay as older manifests wrote them)."""
    stem = entry["path"].rsplit(".", 1)[0]
    entry["transcript"] = put(out, f"{stem}.transcript.html", "<!DOCTYPE html>")
    entry["transcript_md"] = put(out, f"{stem}.transcript.md", "# transcript")
    for section, text in zip(entry["sections"], descriptions, strict=True):
        section["description"] = text


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
    describe(out, softmax, ["Bars of the logits 2, 1, -0.5, 0.3.", EVIL])
    describe(out, explainer, [])
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


#: The one non-file reference a page may hold: the base template's empty icon, which keeps
#: browsers from asking the server for /favicon.ico.
ICON = ("link", "href", "data:,")


def resource_refs(page: Page) -> list[str]:
    """Every URL the page makes the browser load or link to (not in-page anchors)."""
    refs = []
    for tag, attrs in page.elements:
        for name in ("src", "href", "poster", "data"):
            value = attrs.get(name)
            if value is None or (tag == "a" and value.startswith("#")):
                continue
            if (tag, name, value) != ICON or attrs.get("rel") != "icon":
                refs.append(value)
    return refs


def listed_files(manifest: dict[str, Any]) -> set[str]:
    files = set()
    for e in manifest["entries"]:
        files.add(e["path"])
        if e.get("poster"):
            files.add(e["poster"])
        files.update((e.get("captions") or {}).values())
        files.update(s["path"] for s in e.get("sections") or [])
        files.update(e[k] for k in ("transcript", "transcript_md") if e.get(k))
    return files


def test_writes_index_atomically(out: Path, manifest: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / GALLERY_NAME).write_text("old")
    path = write_gallery(out, manifest)
    assert path == out / GALLERY_NAME
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text == render_gallery(out, manifest)
    assert not [p for p in out.iterdir() if is_temp_name(p.name)]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # a web server can serve it


def test_every_referenced_file_is_relative_and_listed(out: Path, manifest: dict) -> None:
    page = parse(write_gallery(out, manifest).read_text(encoding="utf-8"))
    refs = resource_refs(page)
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
    refs = resource_refs(page)
    assert not any(r.startswith(("/", "..", "https:")) for r in refs)
    # nothing links to the missing file (no source, download link or embed snippet)...
    assert all((out / unquote(r)).is_file() for r in refs)
    assert not [k for k, v in page.content.items() if "medium/dark/softmax.mp4" in v]
    assert "File missing" in " ".join(page.text)
    # ...and the unsafe paths appear nowhere, not even in a snippet
    html_text = render_gallery(out, manifest)
    assert html_text.count("/etc/passwd") == 1  # only in "File missing: /etc/passwd"
    assert "outside.png" not in html_text and "example.com" not in html_text


def test_empty_and_bad_manifests(out: Path) -> None:
    page = parse(render_gallery(out, {"version": 1, "entries": []}))
    assert "Nothing rendered yet" in " ".join(page.text)
    assert not page.all("video")
    with pytest.raises(ValueError, match="list of entries"):
        write_gallery(out, {"entries": "nope"})


SCRIPT = "</script><script>alert(1)</script><!--"


def test_script_in_a_scene_name_or_caption_cannot_run(out: Path, manifest: dict) -> None:
    """A scene name or caption holding ``</script>`` ends no element and starts none."""
    video, still = manifest["entries"][1], manifest["entries"][4]
    video["scene"] = still["scene"] = SCRIPT
    put(out, video["captions"]["srt"], format_srt([Cue(0, 2, f"Caption {SCRIPT} & more")]))
    manifest["generator"] = SCRIPT
    html_text = render_gallery(out, manifest)
    page = parse(html_text)
    scripts = page.all("script")
    # the parser and the raw text agree on how many scripts there are: none was smuggled in
    assert html_text.count("<script") == len(scripts)
    assert [s.get("type") for s in scripts].count(None) == 1  # the page's own JS
    assert html_text.count("</script>") == len(scripts)
    video_ids = {v["id"] for v in page.all("video")}
    assert all(s["data-cues-for"] in video_ids for s in scripts if s.get("type"))
    # the name is shown (heading, aria-label, footer) as text, never as markup
    text = "".join(page.text)
    assert text.count(SCRIPT) == 3  # two cards' headings and the footer
    assert "HTML to embed " + SCRIPT in [t.get("aria-label") for t in page.all("textarea")]
    # the caption's JSON has no "<" at all and reads back as the cue's WebVTT text
    sources = [s["src"] for s in page.all("source")]
    uid = page.all("video")[sources.index(video["path"])]["id"]
    cue_json = page.content[uid]
    assert "<" not in cue_json
    assert json.loads(cue_json)[0][2] == vtt_cue_text(f"Caption {SCRIPT} & more")
    # the still's embed snippet: the name is its alt text, not an element
    snippet = next(v for k, v in page.content.items() if k.endswith("-embed") and "<img" in v)
    (img,) = parse(snippet).all("img")
    assert img["alt"] == SCRIPT and not parse(snippet).all("script")


def card_of(page: Page, src: str) -> tuple[dict[str, str], str]:
    """The ``<video>`` whose source is ``src`` and its card's embed snippet."""
    sources = [s["src"] for s in page.all("source")]
    video = page.all("video")[sources.index(src)]
    return video, page.content[video["id"] + "-embed"]


def test_every_video_is_labelled_by_its_cards_heading(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    ids = {a.get("id"): t for t, a in page.elements}
    for video in page.all("video"):
        assert ids.get(video["aria-labelledby"]) == "h3", video
        if "aria-describedby" in video:
            assert ids.get(video["aria-describedby"]) == "p"
    (softmax, _) = card_of(page, "medium/dark/softmax.mp4")
    assert softmax["aria-describedby"] == softmax["id"] + "-summary"
    html_text = render_gallery(out, manifest)
    assert f'<h3 id="{softmax["id"]}-title">softmax</h3>' in html_text


def test_a_card_links_its_transcript_and_lists_what_each_beat_shows(out: Path, manifest: dict):
    html_text = render_gallery(out, manifest)
    page = parse(html_text)
    hrefs = [a.get("href") for a in page.all("a")]
    assert "medium/dark/softmax.transcript.html" in hrefs
    assert "medium/dark/softmax.transcript.md" in hrefs
    assert "medium/dark/explainer.transcript.html" in hrefs
    # older entries (no transcript in the manifest) link none
    assert not [h for h in hrefs if "light/softmax.transcript" in (h or "")]
    text = " ".join(page.text)
    assert "On screen, beat by beat (2)" in text
    assert "Bars of the logits 2, 1, -0.5, 0.3." in text and EVIL in text
    assert "On screen, beat by beat" not in html_text.split("medium/light/softmax.mp4")[1]


def test_a_transcript_that_is_missing_or_outside_is_not_linked(out: Path, manifest: dict):
    softmax, explainer = manifest["entries"][1], manifest["entries"][2]
    (out / softmax["transcript"]).unlink()
    explainer["transcript"] = "../../etc/passwd"
    html_text = render_gallery(out, manifest)
    assert "softmax.transcript.html" not in html_text and "passwd" not in html_text
    assert "medium/dark/softmax.transcript.md" in html_text  # its own file is there


def test_the_embed_snippet_carries_the_transcript(out: Path, manifest: dict) -> None:
    page = parse(render_gallery(out, manifest))
    _, snippet = card_of(page, "medium/dark/softmax.mp4")
    embed = parse(snippet)
    (video,) = embed.all("video")
    assert video["aria-label"] == "softmax: animation"
    (details,) = embed.all("details")
    assert video["aria-describedby"] == details["id"] == "ce-medium-dark-softmax-mp4-about"
    assert [a["href"] for a in embed.all("a")] == ["medium/dark/softmax.transcript.html"]
    assert [t for t, _ in embed.elements[:2]] == ["figure", "video"]
    text = "".join(embed.text)
    assert "Bars of the logits 2, 1, -0.5, 0.3." in text and EVIL in text  # as text...
    assert not embed.all("script") and not embed.all("img")  # ...never as markup
    # two cards' snippets never share an id, so a post can embed both
    _, other = card_of(page, "medium/dark/explainer.mp4")
    assert parse(other).all("details")[0]["id"] == "ce-medium-dark-explainer-mp4-about"


def test_an_older_manifests_snippet_is_a_labelled_video_alone(out: Path, manifest: dict):
    page = parse(render_gallery(out, manifest))
    _, snippet = card_of(page, "medium/light/softmax.mp4")
    embed = parse(snippet)
    (video,) = embed.all("video")
    assert video["aria-label"] == "softmax: animation" and "aria-describedby" not in video
    assert not embed.all("figure") and not embed.all("details") and not embed.all("a")


def _template_text(name: str) -> str:
    return (resources.files("renderkit.pages") / "templates" / name).read_text(encoding="utf-8")


def test_the_written_page_is_one_file_with_no_network_references(out: Path, manifest: dict) -> None:
    html_text = write_gallery(out, manifest).read_text(encoding="utf-8")
    assert "http://" not in html_text and "https://" not in html_text
    page = parse(html_text)
    # nothing fetched: no stylesheet, script or import from anywhere; the icon is data:
    assert [a.get("rel") for a in page.all("link")] == ["icon"]
    assert not [s for s in page.all("script") if "src" in s]
    assert "@import" not in html_text and "url(" not in html_text
    for ref in resource_refs(page):
        assert not urlparse(ref).scheme and not urlparse(ref).netloc, ref
    # the CSS and JS are the template files, inlined verbatim
    for name in ("_base.css", "gallery.css", "gallery.js"):
        assert _template_text(name).strip() in html_text, name
    # and manifest paths pointing off the machine are dropped, not linked
    entry = manifest["entries"][1]
    entry["poster"] = "https://cdn.example.com/p.png"
    entry["captions"]["vtt"] = "http://example.com/x.vtt"
    entry["sections"][0]["path"] = "//example.com/clip.mp4"
    html_text = render_gallery(out, manifest)
    assert "example.com" not in html_text


def test_render_page_autoescapes_and_rejects_unknown_names() -> None:
    """The presenter and the gallery share this: every value escaped, no silent blanks."""
    text = render_page("_base.html.j2", title=SCRIPT)
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--</title>" in text
    assert text.startswith("<!DOCTYPE html>") and "prefers-color-scheme: dark" in text
    with pytest.raises(jinja2.UndefinedError):
        render_page("_base.html.j2")


CHROMIUM = "/usr/bin/chromium"  # Debian's; `make test` installs it (Playwright downloads none)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOWN_CUES = """() => [...document.querySelectorAll("video")].map(video =>
    [...video.textTracks].filter(t => t.mode === "showing")
        .map(t => [...(t.cues || [])].map(c => [c.startTime, c.endTime, c.text])))"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(out: Path) -> Iterator[str]:
    """``out`` served over HTTP on 127.0.0.1 (like ``python -m http.server``); its URL."""
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


def visit(browser: Any, url: str, served: str) -> list[Any]:
    """Open the gallery at ``url``, seek, copy, check requests and errors; the shown cues."""
    page = browser.new_page()
    page.set_default_timeout(10_000)  # a broken page fails in seconds, not 30
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_function(f"() => ({SHOWN_CUES})().every(t => t.length === 1)")
    shown = page.evaluate(SHOWN_CUES)
    page.click("#clip1 ~ .body button[data-seek='12.5']")
    assert page.evaluate("document.getElementById('clip1').currentTime") == 12.5
    page.click("#clip1 ~ .body summary:text('Embed')")
    page.click("button[data-copy='clip1-embed']")
    page.wait_for_function("document.querySelector('[data-copy]').textContent == 'Copied'")
    assert all(r.startswith(("file://", served)) for r in requests), requests
    # on file:// Chrome reports each of the 4 refused tracks; nothing else may fail
    refused = [e for e in errors if e.startswith("Unsafe attempt to load URL file:")]
    assert errors == refused and len(refused) == (4 if url.startswith("file:") else 0), errors
    page.close()
    return list(shown)


@pytest.mark.slow  # drives a browser
def test_in_chromium_from_disk_and_over_http(out: Path, manifest: dict, served: str) -> None:
    """The page's JS in a real browser: captions show on file:// (inline cues, since Chrome
    refuses file:// tracks) and over HTTP (the track), seek and copy work, and nothing is
    requested from anywhere but the folder."""
    from playwright.sync_api import sync_playwright

    for entry in manifest["entries"]:
        if entry.get("captions"):
            put(out, entry["captions"]["vtt"], srt_to_vtt(SRT))
    write_gallery(out, manifest)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        from_disk = visit(browser, (out / GALLERY_NAME).as_uri(), served)
        over_http = visit(browser, served + GALLERY_NAME, served)
        browser.close()
    expected = [[[c.start, c.end, vtt_cue_text(c.text)] for c in parse_srt(SRT)]]
    assert from_disk == over_http == [expected] * 4
