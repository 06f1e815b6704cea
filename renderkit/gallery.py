"""``OUT/index.html``: a gallery of everything in the manifest, to watch, check and embed.

One self-contained page (inline CSS and a few lines of JS, no network): every rendered
clip with its poster, captions track, duration, quality/theme/format, section clips,
the explainer's chapters and a copy-paste embed snippet. Every link is relative to the
output folder, so the page works opened from disk (``file://``) and served with
``python -m http.server`` from that folder. Everything taken from the manifest is
HTML-escaped; paths that are not plain relative paths inside the folder are left out.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .captions import CaptionError, parse_srt, vtt_cue_text

__all__ = ["GALLERY_NAME", "render_gallery", "write_gallery"]

GALLERY_NAME = "index.html"
EXPLAINER = "explainer"

_MIME = {
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mov": "video/quicktime",
}
_IMAGE_FORMATS = {"png", "gif"}
_FLUID = ' style="max-width: 100%; height: auto"'

CSS = """
:root { color-scheme: light dark; --bg: #f7f7f5; --card: #ffffff; --ink: #1d1d1f;
  --muted: #6b6b70; --line: #e2e2e0; --accent: #2f6fdf; --chip: #efeff2; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #141416; --card: #1e1e21; --ink: #ececef; --muted: #9a9aa2;
    --line: #2e2e33; --accent: #7aa7ff; --chip: #2a2a2f; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; padding-bottom: 8px; }
h1 { font-size: 1.55rem; font-weight: 650; margin: 0 0 4px; }
h2 { font-size: 1.1rem; font-weight: 600; margin: 32px 0 12px; padding-bottom: 6px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0; font-weight: 600; }
a { color: var(--accent); }
.lede, .meta, .summary, .empty, nav, .muted { color: var(--muted); }
.muted { font-weight: 400; font-size: 0.88em; }
.lede { margin: 0 0 8px; }
nav a { margin-right: 14px; white-space: nowrap; }
code { font: 0.88em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.grid { display: grid; gap: 18px; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  overflow: hidden; display: flex; flex-direction: column; }
.card.wide { grid-column: 1 / -1; }
@media (min-width: 900px) {
  .card.wide { flex-direction: row; }
  .card.wide > .media, .card.wide > .missing { flex: 0 0 62%; width: 62%; align-self: flex-start; }
  .card.wide > .body { flex: 1; min-width: 0; }
}
.media { display: block; width: 100%; height: auto; background: #000;
  border-bottom: 1px solid var(--line); }
.card.wide > .media { border-bottom: 0; border-right: 1px solid var(--line); }
.alpha { background: repeating-conic-gradient(#c8c8c8 0 25%, #f4f4f4 0 50%) 0 0 / 16px 16px; }
.body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 8px; }
.summary { margin: 0; font-size: 0.92rem; }
.meta { font-size: 0.85rem; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.chip { background: var(--chip); border-radius: 999px; padding: 1px 9px; color: var(--ink); }
.missing { padding: 40px 14px; text-align: center; color: var(--muted); }
details { border-top: 1px solid var(--line); padding-top: 6px; }
summary { cursor: pointer; font-size: 0.9rem; }
ol { margin: 6px 0 0; padding-left: 22px; font-size: 0.9rem; }
li { margin: 2px 0; }
.seek { font: inherit; font-size: 0.85rem; color: var(--accent); background: none;
  border: 0; padding: 0 4px 0 0; cursor: pointer; font-variant-numeric: tabular-nums; }
textarea { width: 100%; min-height: 120px; resize: vertical; margin-top: 6px;
  field-sizing: content;
  font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--bg); color: var(--ink); border: 1px solid var(--line);
  border-radius: 6px; padding: 8px; }
.copy { font: inherit; font-size: 0.85rem; margin-top: 4px; padding: 3px 12px;
  border-radius: 6px; border: 1px solid var(--line); background: var(--chip);
  color: var(--ink); cursor: pointer; }
footer { max-width: 1180px; margin: 36px auto 28px; padding: 0 20px; font-size: 0.85rem;
  color: var(--muted); }
"""

JS = """
// Chrome refuses <track> files on file:// pages; when one fails there, add its cues from
// the page. (Removing the <track> instead would leave the video waiting for it forever.)
if (location.protocol === "file:") {
  for (const data of document.querySelectorAll("script[data-cues-for]")) {
    const video = document.getElementById(data.dataset.cuesFor);
    const element = video.querySelector("track");
    const fallback = () => {
      if (element) element.track.mode = "disabled";
      const track = video.addTextTrack("captions", "English", "en");
      for (const [start, end, text] of JSON.parse(data.textContent)) {
        track.addCue(new VTTCue(start, end, text));
      }
      track.mode = "showing";
    };
    if (!element || element.readyState === 3) fallback();
    else element.addEventListener("error", fallback, { once: true });
  }
}
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const box = document.getElementById(copy.dataset.copy);
    try { await navigator.clipboard.writeText(box.value); }
    catch (error) { box.select(); document.execCommand("copy"); }
    copy.textContent = "Copied";
    setTimeout(() => { copy.textContent = "Copy"; }, 1500);
  }
  const seek = event.target.closest("[data-seek]");
  if (seek) {
    const video = document.getElementById(seek.dataset.video);
    video.currentTime = Number(seek.dataset.seek);
    video.play();
  }
});
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _rel(path: Any) -> str | None:
    """``path`` as a URL relative to the output folder, or None if it is not one."""
    if not isinstance(path, str) or not path or "\\" in path or ":" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        return None
    return quote(pure.as_posix(), safe="/")


def _clock(seconds: Any) -> str:
    """``1:05`` or ``0:41.2`` for a time in seconds."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return ""
    minutes, secs = divmod(max(0.0, value), 60)
    text = f"{int(minutes)}:{secs:04.1f}"
    return text[:-2] if text.endswith(".0") else text


def _summaries() -> dict[str, str]:
    try:
        from scenes.registry import SCENES  # no manim import
    except Exception:  # the gallery still works without the registry
        return {}
    return {s.name: s.summary for s in SCENES}


def _size(out_dir: Path, rel: str) -> str:
    try:
        size = (out_dir / rel).stat().st_size
    except OSError:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


class _Page:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.summaries = _summaries()
        self.count = 0

    def exists(self, rel: str | None) -> bool:
        return rel is not None and (self.out_dir / rel).is_file()

    # -- one entry ------------------------------------------------------------------
    def card(self, entry: Mapping[str, Any]) -> str:
        self.count += 1
        uid = f"clip{self.count}"
        scene = str(entry.get("scene", "?"))
        fmt = str(entry.get("format", ""))
        raw_path = entry.get("path")
        src = _rel(raw_path)
        captions = entry.get("captions") if isinstance(entry.get("captions"), Mapping) else {}
        vtt = _rel(captions.get("vtt"))
        poster = _rel(entry.get("poster"))
        transparent = bool(entry.get("transparent"))
        is_image = fmt in _IMAGE_FORMATS
        alpha = " alpha" if transparent else ""
        title = "The whole explainer" if scene == EXPLAINER else scene
        summary = self.summaries.get(scene, "")
        if scene == EXPLAINER:
            summary = "Every scene in story order, in one video, with chapters."

        if src is None or not self.exists(raw_path):
            media = f'<div class="missing">File missing: <code>{_e(raw_path)}</code></div>'
        elif is_image:
            media = (
                f'<a href="{_e(src)}"><img class="media{alpha}" src="{_e(src)}" '
                f'alt="{_e(title)}" loading="lazy"{self._dims(entry)}></a>'
            )
        else:
            poster_attr = (
                f' poster="{_e(poster)}"' if poster and self.exists(entry["poster"]) else ""
            )
            track = ""
            if vtt and self.exists(captions.get("vtt")):
                track = (
                    f'<track kind="captions" srclang="en" label="English" src="{_e(vtt)}" default>'
                )
            mime = _MIME.get(fmt)
            type_attr = f' type="{_e(mime)}"' if mime else ""
            media = (
                f'<video id="{uid}" class="media{alpha}" controls preload="none"'
                f"{poster_attr}{self._dims(entry)}>"
                f'<source src="{_e(src)}"{type_attr}>{track}'
                f'<a href="{_e(src)}">Download the video</a></video>'
            )
            if track:
                media += self.inline_cues(uid, captions.get("srt"))

        parts = [f'<article class="card{" wide" if scene == EXPLAINER else ""}">', media]
        parts.append('<div class="body">')
        parts.append(f"<h3>{_e(title)}</h3>")
        if summary:
            parts.append(f'<p class="summary">{_e(summary)}</p>')
        parts.append(self.meta(entry, src, is_image))
        parts.append(self.chapters(entry, uid, is_image))
        parts.append(self.sections(entry, uid, is_image))
        parts.append(self.embed(entry, uid, src, poster, vtt, is_image, title))
        parts.append("</div></article>")
        return "\n".join(p for p in parts if p)

    def inline_cues(self, uid: str, srt_rel: Any) -> str:
        """The captions as JSON in the page, for the file:// fallback in :data:`JS`."""
        if _rel(srt_rel) is None or not self.exists(srt_rel):
            return ""
        try:
            cues = parse_srt((self.out_dir / srt_rel).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, CaptionError):
            return ""
        data = json.dumps(
            [[round(c.start, 3), round(c.end, 3), vtt_cue_text(c.text)] for c in cues]
        )
        # no "<" at all inside <script>, so nothing can end it early (JSON reads \u003c as <)
        data = data.replace("<", "\\u003c")
        return f'<script type="application/json" data-cues-for="{uid}">{data}</script>'

    @staticmethod
    def _dims(entry: Mapping[str, Any]) -> str:
        w, h = entry.get("width"), entry.get("height")
        if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
            return f' width="{w}" height="{h}"'
        return ""

    def meta(self, entry: Mapping[str, Any], src: str | None, is_image: bool) -> str:
        chips = []
        if not is_image or entry.get("format") == "gif":
            if entry.get("duration") is not None:
                chips.append(_clock(entry.get("duration")))
        w, h, fps = entry.get("width"), entry.get("height"), entry.get("fps")
        if w and h:
            chips.append(f"{w}×{h}" + (f" · {fps} fps" if fps and not is_image else ""))
        for key in ("quality", "theme", "format"):
            if entry.get(key):
                chips.append(str(entry[key]))
        if entry.get("transparent"):
            chips.append("transparent")
        items = [f'<span class="chip">{_e(c)}</span>' for c in chips]
        if src and isinstance(entry.get("path"), str):
            size = _size(self.out_dir, entry["path"])
            label = f"download{f' ({size})' if size else ''}"
            items.append(f'<a href="{_e(src)}" download>{_e(label)}</a>')
        return f'<div class="meta">{"".join(items)}</div>'

    def _seek(self, uid: str, start: Any, is_image: bool) -> str:
        clock = _clock(start)
        if is_image or not clock:
            return f'<span class="seek">{_e(clock)}</span>'
        return (
            f'<button class="seek" type="button" data-video="{uid}" '
            f'data-seek="{_e(float(start))}">{_e(clock)}</button>'
        )

    def chapters(self, entry: Mapping[str, Any], uid: str, is_image: bool) -> str:
        chapters = [c for c in entry.get("chapters") or [] if isinstance(c, Mapping)]
        if not chapters:
            return ""
        rows = []
        for c in chapters:
            title = c.get("title") or c.get("scene") or ""
            scene = f' <span class="muted">({_e(c["scene"])})</span>' if c.get("scene") else ""
            rows.append(
                f"<li>{self._seek(uid, c.get('start', 0), is_image)}{_e(title)}{scene}</li>"
            )
        return (
            f"<details open><summary>Chapters ({len(rows)})</summary>"
            f"<ol>{''.join(rows)}</ol></details>"
        )

    def sections(self, entry: Mapping[str, Any], uid: str, is_image: bool) -> str:
        sections = [s for s in entry.get("sections") or [] if isinstance(s, Mapping)]
        if not sections:
            return ""
        rows = []
        for s in sections:
            name = str(s.get("name", ""))
            src = _rel(s.get("path"))
            label = _e(name.replace("_", " "))
            link = f'<a href="{_e(src)}">{label}</a>' if src else label
            extra = ""
            if isinstance(s.get("duration"), (int, float)):
                extra = f' <span class="muted">{float(s["duration"]):.1f} s</span>'
            rows.append(f"<li>{self._seek(uid, s.get('start', 0), is_image)}{link}{extra}</li>")
        return (
            f"<details><summary>Section clips ({len(rows)})</summary>"
            f"<ol>{''.join(rows)}</ol></details>"
        )

    def embed(
        self,
        entry: Mapping[str, Any],
        uid: str,
        src: str | None,
        poster: str | None,
        vtt: str | None,
        is_image: bool,
        title: str,
    ) -> str:
        if src is None:
            return ""
        dims = self._dims(entry)
        if is_image:
            snippet = f'<img src="{_e(src)}" alt="{_e(title)}"{dims}{_FLUID}>'
        else:
            lines = [f'<video controls preload="metadata"{dims}{_FLUID}']
            if poster:
                lines[0] += f' poster="{_e(poster)}"'
            lines[0] += ">"
            mime = _MIME.get(str(entry.get("format")))
            type_attr = f' type="{_e(mime)}"' if mime else ""
            lines.append(f'  <source src="{_e(src)}"{type_attr}>')
            if vtt:
                lines.append(
                    '  <track kind="captions" srclang="en" label="English" '
                    f'src="{_e(vtt)}" default>'
                )
            lines.append("</video>")
            snippet = "\n".join(lines)
        box = f"{uid}-embed"
        return (
            "<details><summary>Embed</summary>"
            f'<textarea id="{box}" readonly rows="{snippet.count(chr(10)) + 1}" '
            f'aria-label="HTML to embed {_e(title)}">{_e(snippet)}</textarea>'
            f'<button class="copy" type="button" data-copy="{box}">Copy</button></details>'
        )


def _group_key(entry: Mapping[str, Any]) -> tuple[str, str, str, bool]:
    return (
        str(entry.get("quality", "")),
        str(entry.get("theme", "")),
        str(entry.get("format", "")),
        bool(entry.get("transparent")),
    )


def _group_title(key: tuple[str, str, str, bool]) -> str:
    quality, theme, fmt, transparent = key
    return " · ".join([quality, theme + (" (transparent)" if transparent else ""), fmt])


def render_gallery(out_dir: Path, manifest: Mapping[str, Any]) -> str:
    """The gallery page for ``manifest`` (whose paths are relative to ``out_dir``)."""
    if not isinstance(manifest, Mapping) or not isinstance(manifest.get("entries", []), list):
        raise ValueError("the manifest must be an object with a list of entries")
    entries: Iterable[Any] = manifest.get("entries", [])
    page = _Page(Path(out_dir))
    groups: dict[tuple[str, str, str, bool], list[Mapping[str, Any]]] = {}
    for entry in entries:
        if isinstance(entry, Mapping):
            groups.setdefault(_group_key(entry), []).append(entry)

    body = []
    nav = []
    for n, (key, members) in enumerate(groups.items(), start=1):
        # the full cut leads its group; the scenes follow in the manifest's (story) order
        members = sorted(members, key=lambda e: e.get("scene") != EXPLAINER)
        anchor = f"group{n}"
        title = _group_title(key)
        nav.append(f'<a href="#{anchor}">{_e(title)}</a>')
        cards = "\n".join(page.card(e) for e in members)
        body.append(
            f'<section><h2 id="{anchor}">{_e(title)} '
            f'<span class="muted">({len(members)})</span></h2>\n'
            f'<div class="grid">\n{cards}\n</div></section>'
        )
    if not body:
        body.append(
            '<p class="empty">Nothing rendered yet. Run <code>make render</code> '
            "(or <code>python render.py</code>) and reload this page.</p>"
        )
    total = sum(len(m) for m in groups.values())
    lede = (
        f"{total} rendered file{'s' if total != 1 else ''}. Click a video to play it; "
        "captions are on (the CC button turns them off). Every path is relative: open this "
        "file from disk, or serve the folder with <code>python -m http.server</code>."
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Cross-entropy explainer: rendered clips</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>Cross-entropy explainer</h1>",
            f'<p class="lede">{lede}</p>',
            f"<nav>{''.join(nav)}</nav>" if len(nav) > 1 else "",
            "</header>",
            "<main>",
            *body,
            "</main>",
            f"<footer>Generated by {_e(manifest.get('generator', 'render.py'))} "
            "from manifest.json. Seeking (chapter times, the seek bar) needs a server that "
            "answers range requests; <code>python -m http.server</code> does not, so there a "
            "video plays from its start: open this file from disk to seek.</footer>",
            f"<script>{JS}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_gallery(out_dir: Path, manifest: dict) -> Path:
    """Write ``out_dir/index.html`` atomically (temporary file, then ``os.replace``)."""
    out_dir = Path(out_dir)
    text = render_gallery(out_dir, manifest)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{GALLERY_NAME}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, 0o644)
        os.replace(name, out_dir / GALLERY_NAME)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return out_dir / GALLERY_NAME
