"""Publish one rendered scene: turn manim's output into the files the manifest lists.

From the clips of a scene's beats (each one manim section, rendered by a beat job and
kept in the scene's beat cache) and their caption cues, or from manim's last frame, this
writes under ``OUT/<quality>/<theme>[-transparent]/``: ``<scene>.<ext>``, its poster (the
last frame of the first beat), ``.srt``/``.vtt`` captions and, with sections, one clip per
beat in ``<scene>.sections/NN-<name>.<ext>`` with its own captions. Every file goes
through :mod:`renderkit.outputs.files` (written beside its place, moved in when
complete); the media work is :mod:`renderkit.outputs.media`. Returns the scene's
:class:`~renderkit.outputs.manifest.Entry`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..plan.spec import RenderSpec
from . import files, media
from .captions import Cue, format_srt, shift_cues, srt_to_vtt
from .concat import concat_videos
from .manifest import Captions, Entry, Section

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
        variant=spec.variant,
        params=spec.params,
    )


def write_captions(srt_text: str, base: Path) -> None:
    """``<base>.srt`` and its WebVTT twin ``<base>.vtt``."""
    files.write_text(base.with_name(base.name + ".srt"), srt_text)
    files.write_text(base.with_name(base.name + ".vtt"), srt_to_vtt(srt_text))


def _section_slug(name: str) -> str:
    return _SLUG.sub("-", name).strip("-") or "section"


def _caption_paths(rel_base: str) -> Captions:
    return {"srt": f"{rel_base}.srt", "vtt": f"{rel_base}.vtt"}


@dataclass(frozen=True)
class BeatClip:
    """One beat's rendered clip and its caption cues (as fractions of its length);
    ``meta`` is everything the job reported of the beat (its report as JSON, as cached
    beside the clip), for outputs that need more of it: :attr:`description`, say."""

    name: str
    path: Path
    cues: tuple[tuple[float, float, str], ...]
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def description(self) -> Mapping[str, Any]:
        """What the screen shows at the beat's end (``scenes.inspection.describe``)."""
        return self.meta.get("description") or {}


def _timed_cues(beats: Sequence[BeatClip], durations: Sequence[float]) -> list[list[Cue]]:
    """Each beat's cues in scene time: a cue at fractions (a, b) of beat ``i`` runs from
    ``start_i + a d_i`` to ``start_i + b d_i``, ``d_i`` the clip's real length."""
    timed, start = [], 0.0
    for beat, length in zip(beats, durations, strict=True):
        timed.append(
            [Cue(start + a * length, start + b * length, text) for a, b, text in beat.cues]
        )
        start += length
    return timed


def publish_sections(
    spec: RenderSpec, beats: Sequence[BeatClip], durations: Sequence[float]
) -> list[Section]:
    """Each beat's clip as ``<scene>.sections/NN-name.ext``, with its own captions."""
    folder = spec.path(spec.sections_rel)
    entries: list[Section] = []
    start = 0.0
    for number, (beat, cues) in enumerate(
        zip(beats, _timed_cues(beats, durations), strict=True), 1
    ):
        stem = f"{number:02d}-{_section_slug(beat.name)}"
        final = folder / f"{stem}.{spec.format}"
        own = shift_cues(cues, -start)
        media.publish_clip(beat.path, final, captions=own)
        duration = media.probe(final)["duration"] or 0.0
        captions = None
        if cues:
            write_captions(format_srt(own), folder / stem)
            captions = _caption_paths(f"{spec.sections_rel}/{stem}")
        section = Section(
            name=beat.name,
            path=f"{spec.sections_rel}/{final.name}",
            start=round(start, 3),
            duration=duration,
            sha256=files.sha256_file(final),
            captions=captions,
        )
        if beat.description:
            section["description"] = str(beat.description.get("text", ""))
        entries.append(section)
        start += durations[number - 1]
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


def publish_video(spec: RenderSpec, beats: Sequence[BeatClip], scratch: Path) -> Entry:
    """Join the beats' clips into the scene's video (stream copy) and publish it with its
    poster (the last frame of the first beat), captions and, with ``spec.sections``, one
    clip per beat; ``scratch`` is a folder for the joined file. Returns the entry."""
    if not beats:
        raise SceneError("the scene plays no animation, so there is no video (try -f png)")
    durations = [media.probe(b.path)["duration"] or 0.0 for b in beats]
    movie = Path(scratch) / f"{spec.stem}.{spec.clip_format}"
    concat_videos([b.path for b in beats], movie)
    clips = publish_sections(spec, beats, durations) if spec.sections else None
    if clips is None:
        drop_stale_clips(spec, keep=set())
    cues = [cue for timed in _timed_cues(beats, durations) for cue in timed]
    captions = None
    if cues:
        write_captions(format_srt(cues), spec.path(spec.rel("")))
        captions = _caption_paths(spec.rel(""))
    else:
        files.remove_path(spec.path(spec.rel(".srt")))
        files.remove_path(spec.path(spec.rel(".vtt")))
    media.write_poster(beats[0].path, spec.path(spec.rel(".poster.png")))
    final = spec.path(spec.video_rel)
    media.publish_clip(movie, final, captions=cues)
    if spec.format == "webm" and spec.transparent:
        media.mark_webm_alpha(final)  # a stream copy may drop the alpha flag
    files.remove_path(movie)
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
