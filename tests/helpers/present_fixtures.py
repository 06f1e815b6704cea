"""Helpers for the presenter and deck tests: a small real render shared by the session,
tiny synthetic lectures (PyAV clips, no manim), Debian's Chromium driven by Playwright,
a local HTTP server, and a recorder of a browser's requests and console errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from renderkit.outputs.captions import Cue, format_srt, format_vtt
from renderkit.outputs.manifest import Entry

ROOT = Path(__file__).resolve().parents[2]
#: The scenes of the real test lecture: 6 + 5 beats, about 30 s to render at this size.
SCENES = ("softmax", "loss-curves")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


# -- lectures ------------------------------------------------------------------------


def rendered_lecture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Entry]]:
    """The session's one real render of :data:`SCENES` (256x144, 5 fps, sections): its
    output folder and manifest entries in story order. Rendered on first use."""
    out = tmp_path_factory.getbasetemp() / "present-lecture"
    if not (out / "manifest.json").is_file():
        command = [sys.executable, "render.py", *SCENES, "-q", "low"]
        command += ["--resolution", "256x144", "--fps", "5", "--sections", "--quiet"]
        subprocess.run([*command, "-o", str(out)], cwd=ROOT, check=True, timeout=900)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["entries"] if e["scene"] in SCENES]
    entries.sort(key=lambda e: SCENES.index(e["scene"]))
    assert [e["scene"] for e in entries] == list(SCENES)
    return out, entries


def make_clip(
    path: Path, frames: int = 4, size: tuple[int, int] = (64, 36), shade: int = 40
) -> None:
    """A tiny H.264 MP4 (yuv420p, 4 fps): frame k is a flat grey of ``shade + 20 k``."""
    import av
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=4)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for k in range(frames):
            pixels = np.full((size[1], size[0], 3), min(255, shade + 20 * k), dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def fake_description(scene: str, number: int) -> str:
    """The stand-in description of beat ``number`` of ``scene`` (with characters to escape)."""
    return f"{scene}, beat {number}: bars for cat & dog <0.7, 0.3>; the title reads Softmax."


def fake_lecture(
    out: Path, beats: Sequence[tuple[str, Sequence[str]]], described: bool = True
) -> list[Entry]:
    """Scenes with synthetic section clips and captions under ``out``; manifest entries.

    ``beats`` is ``[(scene, [caption of beat 1, ...]), ...]``; beat names are ``beat_<n>``.
    With ``described`` the entries carry what a manifest has since transcripts: each
    section's ``description`` (:func:`fake_description`) and the entry's ``transcript`` and
    ``transcript_md`` (stand-in files); without it, a manifest from before them.
    """
    entries = []
    for s, (scene, captions) in enumerate(beats):
        sections: list[Any] = []
        for n, caption in enumerate(captions, start=1):
            base = f"low/dark/{scene}.sections/{n:02d}-beat_{n}"
            make_clip(out / f"{base}.mp4", shade=30 + 10 * s + 5 * n)
            cues = [Cue(0.0, 1.0, caption)]
            (out / f"{base}.srt").write_text(format_srt(cues), encoding="utf-8")
            (out / f"{base}.vtt").write_text(format_vtt(cues), encoding="utf-8")
            sections.append(
                {
                    "name": f"beat_{n}",
                    "path": f"{base}.mp4",
                    "start": float(n - 1),
                    "duration": 1.0,
                    "sha256": "",
                    "captions": {"srt": f"{base}.srt", "vtt": f"{base}.vtt"},
                }
            )
        entry = _entry(scene, sections)
        entries.append(describe_entry(out, entry, fake_description) if described else entry)
    return entries


def describe_entry(out: Path, entry: Entry, describe: Any) -> Entry:
    """``entry`` with a section ``description`` (``describe(scene, number)``) and the
    ``transcript``/``transcript_md`` pages where the manifest has none yet.

    A real render records them itself once transcripts are generated (the transcripts
    branch); the stand-in pages written here are only for the links to point at.
    """
    record: dict[str, Any] = dict(entry)
    stem = record["path"].rsplit(".", 1)[0]
    for key, suffix in (("transcript", ".transcript.html"), ("transcript_md", ".transcript.md")):
        if not record.get(key):
            record[key] = stem + suffix
            page = out / record[key]
            page.parent.mkdir(parents=True, exist_ok=True)
            if not page.exists():
                text = f"<!DOCTYPE html><html lang='en'><title>{record['scene']}</title></html>"
                page.write_text(text if suffix.endswith("html") else "# transcript\n")
    if record.get("sections"):
        record["sections"] = [
            {**s, "description": s.get("description") or describe(record["scene"], n)}
            for n, s in enumerate(record["sections"], start=1)
        ]
    return record  # type: ignore[return-value]


def _entry(scene: str, sections: list[Any]) -> Entry:
    return {
        "scene": scene,
        "quality": "low",
        "theme": "dark",
        "format": "mp4",
        "transparent": False,
        "path": f"low/dark/{scene}.mp4",
        "duration": float(len(sections)),
        "width": 64,
        "height": 36,
        "fps": 4,
        "sha256": "",
        "poster": None,
        "captions": None,
        "sections": sections,
        "fingerprint": "",
    }


# -- the browser ---------------------------------------------------------------------


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: the page's files, blobs, data, 127.0.0.1."""
    parsed = urlparse(url)
    if parsed.scheme in ("file", "blob", "data"):
        return True
    return parsed.scheme in ("http", "https") and parsed.hostname == "127.0.0.1"


@dataclass
class BrowserLog:
    """Every request and console error of a browser context (its popups too)."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def assert_clean(self) -> None:
        outside = [url for url in self.requests if not is_local(url)]
        assert not outside, f"requests left the machine: {outside}"
        assert not self.errors, f"console errors: {self.errors}"


@contextmanager
def http_server(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) for the block; yield its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
