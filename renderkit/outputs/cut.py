"""The full cut: every scene's published video joined into ``explainer.<ext>``.

The scenes' videos are joined by :func:`renderkit.outputs.concat.concat_videos` with one chapter
per scene written into the file; beside it go the joined captions (each scene's cues
moved to where it starts), ``explainer.chapters.vtt`` (the chapters as a WebVTT
``kind="chapters"`` track for browsers) and a poster (the first scene's).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..plan.spec import RenderSpec
from . import files, media
from .captions import Cue, format_vtt, join_captions, parse_srt
from .concat import concat_videos
from .manifest import Captions, Chapter, Entry
from .publish import make_entry, write_captions

CHAPTERS_SUFFIX = ".chapters.vtt"


def chapters_vtt(chapters: Sequence[Chapter], total: float) -> str:
    """The chapters as WebVTT cues: each from its start to the next one's (the last to
    ``total``), its text the chapter's title."""
    ends = [c["start"] for c in chapters[1:]] + [total]
    return format_vtt(
        Cue(c["start"], end, c["title"]) for c, end in zip(chapters, ends, strict=True)
    )


def _srt_text(out: Path, captions: Captions | None) -> str:
    return (out / captions["srt"]).read_text(encoding="utf-8") if captions else ""


def _joined_captions(
    spec: RenderSpec, entries: Sequence[Entry], starts: list[float]
) -> Captions | None:
    out = Path(spec.out_dir)
    texts = [_srt_text(out, e.get("captions")) for e in entries]
    if not any(t.strip() for t in texts):
        files.remove_path(spec.path(spec.rel(".srt")))
        files.remove_path(spec.path(spec.rel(".vtt")))
        return None
    durations = [e["duration"] or 0.0 for e in entries]
    write_captions(join_captions(texts, starts, durations), spec.path(spec.rel("")))
    return {"srt": spec.rel(".srt"), "vtt": spec.rel(".vtt")}


def _joined_cues(spec: RenderSpec, entries: Sequence[Entry]) -> list[Cue]:
    """Every scene's cues moved to where it will start in the cut (the scenes' recorded
    lengths), for the caption track inside the file."""
    out, cues, start = Path(spec.out_dir), [], 0.0
    for entry in entries:
        text = _srt_text(out, entry.get("captions"))
        cues += [Cue(c.start + start, c.end + start, c.text) for c in parse_srt(text)]
        start += entry["duration"] or 0.0
    return cues


def _poster(spec: RenderSpec, entries: Sequence[Entry], video: Path) -> str:
    poster = spec.path(spec.rel(".poster.png"))
    first = entries[0].get("poster")
    if first and spec.path(first).is_file():
        files.copy_file(spec.path(first), poster)
    else:
        media.write_poster(video, poster)
    return spec.rel(".poster.png")


def publish_explainer(spec: RenderSpec, scenes: Sequence[tuple[Entry, str]]) -> Entry:
    """Join the scenes' published videos into the full cut; return its manifest entry.

    ``scenes`` holds ``(entry, title)`` per scene in story order.
    """
    entries = [entry for entry, _title in scenes]
    titles = [title for _entry, title in scenes]
    final = spec.path(spec.video_rel)
    starts = concat_videos(
        [spec.path(e["path"]) for e in entries], final, titles, _joined_cues(spec, entries)
    )
    if spec.format == "webm" and spec.transparent:
        media.mark_webm_alpha(final)
    chapters = [
        Chapter(scene=e["scene"], title=title, start=round(start, 3))
        for e, title, start in zip(entries, titles, starts, strict=True)
    ]
    captions = _joined_captions(spec, entries, starts)
    entry = make_entry(spec, final, poster=_poster(spec, entries, final), captions=captions)
    files.write_text(
        spec.path(spec.rel(CHAPTERS_SUFFIX)), chapters_vtt(chapters, entry["duration"] or 0.0)
    )
    entry["chapters"] = chapters
    entry["chapters_vtt"] = spec.rel(CHAPTERS_SUFFIX)
    return entry
