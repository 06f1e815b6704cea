"""Publish one rendered scene: turn manim's output into the files the manifest lists.

From manim's movie (or last frame), its subcaption file and its section clips, this
writes under ``OUT/<quality>/<theme>[-transparent]/``: ``<scene>.<ext>``, its poster (the
last frame of the first beat), ``.srt``/``.vtt`` captions and, with sections, one clip per
beat in ``<scene>.sections/NN-<name>.<ext>`` with its own captions. Every file goes
through :mod:`renderkit.files` (written beside its place, moved in when complete); the
media work is :mod:`renderkit.media`. Returns the scene's :class:`~renderkit.manifest.Entry`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import files, media
from .captions import cut_captions, srt_to_vtt
from .manifest import Captions, Entry, Section
from .spec import RenderSpec

#: Characters a section name may keep in its clip's file name.
_SLUG = re.compile(r"[^\w.-]+")


class SceneError(Exception):
    """A failure the user can act on, already phrased as one line."""


def make_entry(
    spec: RenderSpec,
    final: Path,
    *,
    poster: str | None = None,
    captions: Captions | None = None,
    sections: list[Section] | None = None,
) -> Entry:
    """The manifest entry of a published file, measured from the file itself."""
    info = media.probe(final)
    return Entry(
        scene=spec.scene,
        quality=spec.quality,
        theme=spec.theme,
        format=spec.format,
        transparent=spec.transparent,
        path=spec.video_rel,
        duration=info["duration"],
        width=info["width"],
        height=info["height"],
        fps=info["fps"],
        sha256=files.sha256_file(final),
        poster=poster,
        captions=captions,
        sections=sections,
        fingerprint=spec.fingerprint,
    )


def write_captions(srt_text: str, base: Path) -> None:
    """``<base>.srt`` and its WebVTT twin ``<base>.vtt``."""
    files.write_text(base.with_name(base.name + ".srt"), srt_text)
    files.write_text(base.with_name(base.name + ".vtt"), srt_to_vtt(srt_text))


def _section_slug(name: str) -> str:
    return _SLUG.sub("-", name).strip("-") or "section"


def _caption_paths(rel_base: str) -> Captions:
    return {"srt": f"{rel_base}.srt", "vtt": f"{rel_base}.vtt"}


def publish_sections(
    spec: RenderSpec, index: list[dict[str, Any]], clips_dir: Path, srt_text: str | None
) -> list[Section]:
    """Copy manim's section clips (``index``: its section list, clips in ``clips_dir``) to
    ``<scene>.sections/NN-name.ext``, each with its captions cut from ``srt_text``."""
    folder = spec.path(spec.sections_rel)
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[Section] = []
    start = 0.0
    for number, section in enumerate(index, start=1):
        stem = f"{number:02d}-{_section_slug(section['name'])}"
        final = folder / f"{stem}.{spec.format}"
        media.publish_clip(Path(clips_dir) / section["video"], final)
        duration = media.probe(final)["duration"] or 0.0
        captions = None
        cut = cut_captions(srt_text, start, start + duration) if srt_text else ""
        if cut.strip():
            write_captions(cut, folder / stem)
            captions = _caption_paths(f"{spec.sections_rel}/{stem}")
        entries.append(
            Section(
                name=section["name"],
                path=f"{spec.sections_rel}/{final.name}",
                start=round(start, 3),
                duration=duration,
                sha256=files.sha256_file(final),
                captions=captions,
            )
        )
        start += duration
    drop_stale_clips(spec, keep={Path(s["path"]).stem for s in entries})
    return entries


def drop_stale_clips(spec: RenderSpec, keep: set[str]) -> None:
    """Remove this format's clips not in ``keep`` (an earlier section list), and
    captions that no longer belong to any clip."""
    folder = spec.path(spec.sections_rel)
    if not folder.is_dir():
        return
    for clip in folder.glob(f"*.{spec.format}"):
        if clip.stem not in keep:
            files.remove_path(clip)
    clip_stems = {p.stem for p in folder.iterdir() if p.suffix not in (".srt", ".vtt")}
    for caption in [*folder.glob("*.srt"), *folder.glob("*.vtt")]:
        if caption.stem not in clip_stems:
            files.remove_path(caption)
    if not any(folder.iterdir()):
        folder.rmdir()


def _read_captions(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return text if text.strip() else None


def publish_video(
    spec: RenderSpec, movie: Path, subcaptions: Path, sections: Path | None, poster_at: float | None
) -> Entry:
    """Publish a rendered scene's video, poster, captions and (``sections``: manim's
    section index file) its beat clips; return its manifest entry."""
    if not movie.exists():
        raise SceneError("the scene plays no animation, so there is no video (try -f png)")
    srt_text = _read_captions(subcaptions)
    clips = None
    if spec.sections and sections is not None:
        index = json.loads(sections.read_text(encoding="utf-8")) if sections.exists() else []
        clips = publish_sections(spec, index, sections.parent, srt_text)
    else:
        drop_stale_clips(spec, keep=set())
    captions = None
    if srt_text:
        write_captions(srt_text, spec.path(spec.rel("")))
        captions = _caption_paths(spec.rel(""))
    else:
        files.remove_path(spec.path(spec.rel(".srt")))
        files.remove_path(spec.path(spec.rel(".vtt")))
    media.write_poster(movie, spec.path(spec.rel(".poster.png")), at=poster_at)
    final = spec.path(spec.video_rel)
    media.publish_clip(movie, final)
    return make_entry(
        spec, final, poster=spec.rel(".poster.png"), captions=captions, sections=clips
    )


def publish_still(spec: RenderSpec, image: Path) -> Entry:
    """Publish the last frame (``-f png``); return its manifest entry."""
    if not image.exists():
        raise SceneError("manim wrote no last frame")
    final = spec.path(spec.video_rel)
    files.copy_file(image, final)
    return make_entry(spec, final)
