"""``OUT/index.html``: a gallery of everything in the manifest, to watch, check and embed.

One self-contained page (inline CSS and a few lines of JS, no network): every rendered
clip with its poster, captions track, duration, quality/theme/format, section clips,
the explainer's chapters, its transcript and a copy-paste embed snippet. Every link is
relative to the output folder, so the page works opened from disk (``file://``) and served with
``python -m http.server`` from that folder.

A text alternative goes wherever a clip goes (WCAG 1.2.1): a card links the entry's
``transcript`` page (and its Markdown twin) and lists each beat's ``description`` (what is
on screen at the beat's end); the embed snippet puts the clip in a ``<figure>`` whose
``<details>`` holds the same descriptions and the transcript link, and the video points at
it with ``aria-describedby``. A manifest from before transcripts has neither field: the
card and the snippet then simply leave them out. Every video is labelled by its card's
heading (``aria-labelledby``) or, in a snippet, by ``aria-label``.

This module only decides *what* the page shows: which paths are safe (plain relative
paths inside the folder, to files that exist), clock times, sizes, groups. The markup is
``templates/gallery.html.j2`` (extending ``_base.html.j2``), rendered by
:func:`renderkit.pages.templating.render_page` with autoescape on, so everything taken from the
manifest is HTML-escaped by the template engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Literal, cast
from urllib.parse import quote

from ..outputs import files
from ..outputs.captions import CaptionError, parse_srt, vtt_cue_text
from ..outputs.manifest import Entry
from ..plan.spec import EXPLAINER
from .templating import render_page

__all__ = ["GALLERY_NAME", "caption_cues", "render_gallery", "write_gallery"]

GALLERY_NAME = "index.html"
TEMPLATE = "gallery.html.j2"
TITLE = "Cross-entropy explainer: rendered clips"
EXPLAINER_TITLE = "The whole explainer"
EXPLAINER_SUMMARY = "Every scene in story order, in one video, with chapters."

_MIME = {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}
_IMAGE_FORMATS = {"png", "gif"}

#: One caption cue for a page's ``<script type="application/json">``: start, end (seconds)
#: and the WebVTT cue text (``VTTCue`` text is markup, so ``<``/``&`` arrive escaped).
CueRow = tuple[float, float, str]
GroupKey = tuple[str, str, str, bool]


@dataclass(frozen=True)
class Row:
    """One chapter or section line: a time that seeks the card's video, a label."""

    clock: str  #: ``0:12.5``
    seek: float | None  #: seconds to seek to; None where nothing can seek (a still)
    label: str
    href: str | None = None  #: a section's own clip
    note: str = ""  #: the chapter's scene, or the section's length (``1.5 s``)


@dataclass(frozen=True)
class Card:
    """One manifest entry as the page shows it; every path is safe and its file exists."""

    uid: str  #: the ``<video>``'s id: chapter buttons and cues point at it
    title: str
    summary: str
    wide: bool  #: the explainer spans its group's row
    kind: Literal["missing", "image", "video"]
    path: str  #: the manifest's path, shown when the file is missing
    src: str | None = None
    poster: str | None = None
    vtt: str | None = None
    mime: str | None = None
    size: tuple[int, int] | None = None  #: width and height, when both are known
    transparent: bool = False
    cues: list[CueRow] | None = None  #: the file:// fallback for the captions track
    chips: list[str] = field(default_factory=list)
    download: str = ""  #: the download link's label, with the file size
    chapters: list[Row] = field(default_factory=list)
    sections: list[Row] = field(default_factory=list)
    variant: str = ""  #: a variant's name (``render.py --set``); "" for the defaults
    values: list[tuple[str, str]] = field(default_factory=list)  #: a variant's parameters
    transcript: str | None = None  #: the transcript page, when its file exists
    transcript_md: str | None = None  #: the same as Markdown, when its file exists
    described: list[tuple[str, str]] = field(default_factory=list)  #: (beat, on screen)
    embed_id: str = ""  #: the snippet's id for its description: unique in a reader's page

    @property
    def label(self) -> str:
        """The video's accessible name where no heading labels it (the embed snippet)."""
        return f"{self.title}{f' (variant {self.variant})' if self.variant else ''}: animation"


@dataclass(frozen=True)
class Group:
    """The cards of one quality · theme · format, the explainer first."""

    anchor: str
    title: str
    cards: list[Card]


def _rel(path: Any) -> str | None:
    """``path`` as a URL relative to the output folder, or None if it is not one."""
    if not isinstance(path, str) or not path or "\\" in path or ":" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        return None
    return quote(pure.as_posix(), safe="/")


def _clock(seconds: Any) -> str:
    """``1:05`` or ``0:41.2`` for a time in seconds: ``m:ss.s``, a trailing ``.0`` dropped."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return ""
    minutes, secs = divmod(max(0.0, value), 60)
    text = f"{int(minutes)}:{secs:04.1f}"
    return text[:-2] if text.endswith(".0") else text


def _human_size(size: float) -> str:
    """``243.1 KB``: bytes in powers of 1024, one decimal above bytes."""
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _summaries() -> dict[str, str]:
    try:
        from scenes.registry import SCENES  # no manim import
    except Exception:  # the gallery still works without the registry
        return {}
    return {s.name: s.summary for s in SCENES}


def caption_cues(srt: Path) -> list[CueRow] | None:
    """The cues of the SubRip file ``srt`` for a page's inline JSON; None if unreadable."""
    try:
        cues = parse_srt(Path(srt).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, CaptionError):
        return None
    return [(round(c.start, 3), round(c.end, 3), vtt_cue_text(c.text)) for c in cues]


@dataclass(frozen=True)
class _Folder:
    """The output folder: which manifest paths are safe links to files that exist."""

    root: Path

    def link(self, path: Any) -> str | None:
        """``path`` as a relative URL if it is a safe relative path to a file, else None."""
        rel = _rel(path)
        return rel if rel is not None and (self.root / path).is_file() else None

    def size(self, path: str) -> str:
        try:
            return _human_size((self.root / path).stat().st_size)
        except OSError:
            return ""


def _size(entry: Entry) -> tuple[int, int] | None:
    w, h = entry.get("width"), entry.get("height")
    if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
        return (w, h)
    return None


def _chips(entry: Entry, is_image: bool) -> list[str]:
    """Duration (videos and GIFs), ``W×H · fps``, quality, theme, format, transparent."""
    chips = []
    if (not is_image or entry.get("format") == "gif") and entry.get("duration") is not None:
        chips.append(_clock(entry.get("duration")))
    w, h, fps = entry.get("width"), entry.get("height"), entry.get("fps")
    if w and h:
        chips.append(f"{w}×{h}" + (f" · {fps} fps" if fps and not is_image else ""))
    chips += [str(v) for v in (entry.get("quality"), entry.get("theme"), entry.get("format")) if v]
    if entry.get("transparent"):
        chips.append("transparent")
    return [c for c in chips if c]


def _row(start: Any, is_image: bool, label: str, **more: Any) -> Row:
    clock = _clock(start)
    seek = float(start) if clock and not is_image else None
    return Row(clock=clock, seek=seek, label=label, **more)


def _chapters(entry: Entry, is_image: bool) -> list[Row]:
    chapters = [c for c in entry.get("chapters") or [] if isinstance(c, Mapping)]
    return [
        _row(
            c.get("start", 0),
            is_image,
            str(c.get("title") or c.get("scene") or ""),
            note=f"({c['scene']})" if c.get("scene") else "",
        )
        for c in chapters
    ]


def _sections(entry: Entry, folder: _Folder, is_image: bool) -> list[Row]:
    sections = [s for s in entry.get("sections") or [] if isinstance(s, Mapping)]
    return [
        _row(
            s.get("start", 0),
            is_image,
            str(s.get("name", "")).replace("_", " "),
            href=folder.link(s.get("path")),
            note=f"{float(d):.1f} s" if isinstance(d := s.get("duration"), (int, float)) else "",
        )
        for s in sections
    ]


def _captions(entry: Entry, folder: _Folder) -> tuple[str | None, list[CueRow] | None]:
    """The captions track (if its .vtt exists) and, for file:// pages, its .srt's cues."""
    captions = entry.get("captions")
    if not isinstance(captions, Mapping):
        return None, None
    vtt = folder.link(captions.get("vtt"))
    if vtt is None or folder.link(captions.get("srt")) is None:
        return vtt, None
    return vtt, caption_cues(folder.root / captions["srt"])


def _value_text(value: Any) -> str:
    """A parameter's value as the user typed it: ``3, 1, -1``, ``cat``, ``0.5``."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _variant(entry: Entry) -> tuple[str, list[tuple[str, str]]]:
    """A variant's name and its values (every parameter), for the card; none for defaults."""
    name = str(entry.get("variant") or "")
    params = entry.get("params")
    if not name or not isinstance(params, Mapping):
        return name, []
    return name, [(str(k), _value_text(v)) for k, v in params.items()]


def _described(entry: Entry) -> list[tuple[str, str]]:
    """Each beat's name and its ``description``, for the beats that have one."""
    rows = []
    for s in entry.get("sections") or []:
        text = cast(Mapping[str, Any], s).get("description") if isinstance(s, Mapping) else None
        if isinstance(text, str) and text.strip():
            rows.append((str(s.get("name", "")).replace("_", " "), " ".join(text.split())))
    return rows


def _embed_id(entry: Entry) -> str:
    """``ce-medium-dark-softmax-mp4-about``: an id from the file's path, so two snippets
    pasted into one post do not share it."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(entry.get("path", "")).lower()).strip("-")
    return f"ce-{slug}-about"


def _card(entry: Entry, uid: str, folder: _Folder, summaries: Mapping[str, str]) -> Card:
    scene = str(entry.get("scene", "?"))
    fmt = str(entry.get("format", ""))
    is_image = fmt in _IMAGE_FORMATS
    explainer = scene == EXPLAINER
    variant, values = _variant(entry)
    card = Card(
        uid=uid,
        title=EXPLAINER_TITLE if explainer else scene,
        summary=EXPLAINER_SUMMARY if explainer else summaries.get(scene, ""),
        wide=explainer,
        kind="missing",
        path=str(entry.get("path")),
        size=_size(entry),
        transparent=bool(entry.get("transparent")),
        chips=_chips(entry, is_image),
        chapters=_chapters(entry, is_image),
        sections=_sections(entry, folder, is_image),
        variant=variant,
        values=values,
        transcript=folder.link(cast(Mapping[str, Any], entry).get("transcript")),
        transcript_md=folder.link(cast(Mapping[str, Any], entry).get("transcript_md")),
        described=_described(entry),
        embed_id=_embed_id(entry),
    )
    src = folder.link(entry.get("path"))
    if src is None:
        return card
    size = folder.size(entry["path"])
    download = f"download ({size})" if size else "download"
    if is_image:
        return replace(card, kind="image", src=src, download=download)
    vtt, cues = _captions(entry, folder)
    poster = folder.link(entry.get("poster"))
    mime = _MIME.get(fmt)
    return replace(
        card, kind="video", src=src, poster=poster, vtt=vtt, cues=cues, mime=mime, download=download
    )


def _group_key(entry: Entry) -> GroupKey:
    return (
        str(entry.get("quality", "")),
        str(entry.get("theme", "")),
        str(entry.get("format", "")),
        bool(entry.get("transparent")),
    )


def _group_title(key: GroupKey) -> str:
    quality, theme, fmt, transparent = key
    return " · ".join([quality, theme + (" (transparent)" if transparent else ""), fmt])


def _groups(out_dir: Path, entries: Sequence[Entry]) -> list[Group]:
    """The entries by quality · theme · format; in each, the full cut first, then the
    scenes in the manifest's (story) order. Video ids ``clip1``, ``clip2``... in page order."""
    by_key: dict[GroupKey, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(_group_key(entry), []).append(entry)
    folder, summaries = _Folder(Path(out_dir)), _summaries()
    groups: list[Group] = []
    count = 0
    for n, (key, members) in enumerate(by_key.items(), start=1):
        members = sorted(members, key=lambda e: e.get("scene") != EXPLAINER)
        cards: list[Card] = []
        for entry in members:
            count += 1
            cards.append(_card(entry, f"clip{count}", folder, summaries))
        groups.append(Group(anchor=f"group{n}", title=_group_title(key), cards=cards))
    return groups


def render_gallery(out_dir: Path, manifest: Mapping[str, Any]) -> str:
    """The gallery page for ``manifest`` (whose paths are relative to ``out_dir``)."""
    if not isinstance(manifest, Mapping) or not isinstance(manifest.get("entries", []), list):
        raise ValueError("the manifest must be an object with a list of entries")
    entries = [cast(Entry, e) for e in manifest.get("entries", []) if isinstance(e, Mapping)]
    lecture = manifest.get("lecture")
    present = lecture.get("present") if isinstance(lecture, Mapping) else None
    return render_page(
        TEMPLATE,
        title=TITLE,
        groups=_groups(Path(out_dir), entries),
        generator=manifest.get("generator", "render.py"),
        presenter=_rel(present)
        if _rel(present) and (Path(out_dir) / str(present)).is_file()
        else None,
    )


def write_gallery(out_dir: Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``out_dir/index.html`` with the project's atomic writer; return its path."""
    path = Path(out_dir) / GALLERY_NAME
    files.write_text(path, render_gallery(Path(out_dir), manifest))
    return path
