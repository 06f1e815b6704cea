"""Join clips into one video with PyAV (no ffmpeg binary), for the explainer's full cut.

Clips rendered by render.py for one quality/theme/format share codec, size, frame rate
and encoder settings, so their packets are copied as they are (no quality loss, fast):
each clip's timestamps are rebased to where it starts in the joined file. When clips
differ (codec, size, pixel format, codec headers) or copying fails, every frame is
decoded and encoded again with the first clip's codec, size and frame rate.

Only the video stream is joined (the explainer's scenes have no sound); given captions,
they go in as the file's caption track (see :mod:`renderkit.outputs.media`). The result is
written with :func:`renderkit.outputs.files.atomic_output`, so a reader never sees half a file;
MP4 and MOV get ``+faststart`` (the index up front, so a browser starts playing before
the whole file has arrived). Given titles, each clip becomes a chapter inside the file
(MP4/MOV chapter track, Matroska/WebM chapters), which players list and seek to.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from .captions import Cue
from .files import atomic_output
from .media import add_caption_stream, copy_packets, mux_captions

__all__ = ["ConcatError", "concat_videos"]

_FORMATS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".webm": "webm", ".mkv": "matroska"}
_FASTSTART = {"mp4", "mov"}
# What manim encodes with (manim/_config/video_encoder.py), so a re-encode looks the same.
_ENCODERS = {"h264": "libx264", "vp9": "libvpx-vp9", "vp8": "libvpx", "qtrle": "qtrle"}
_ENCODER_OPTIONS = {"libx264": {"crf": "23"}, "libvpx-vp9": {"crf": "23", "b": "0"}}


class ConcatError(ValueError):
    """Clips that cannot be joined (missing, empty, no video, unsupported format)."""


class _Clip:
    """What one input clip looks like: stream parameters and its packets' time span."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with av.open(str(path)) as container:
                if not container.streams.video:
                    raise ConcatError(f"{path}: has no video stream")
                stream = container.streams.video[0]
                ctx = stream.codec_context
                self.codec = ctx.name
                self.width, self.height = ctx.width, ctx.height
                self.pix_fmt = ctx.pix_fmt
                self.extradata = bytes(ctx.extradata or b"")
                self.time_base: Fraction = stream.time_base or Fraction(1, 90000)
                self.rate: Fraction = stream.average_rate or stream.guessed_rate or Fraction(30)
                first, end = None, None
                for packet in container.demux(stream):
                    if packet.pts is None:
                        continue
                    length = packet.duration or round(1 / (self.rate * self.time_base))
                    first = packet.pts if first is None else min(first, packet.pts)
                    end = packet.pts + length if end is None else max(end, packet.pts + length)
        except av.error.FFmpegError as error:
            raise ConcatError(f"{path}: not a readable video ({error})") from None
        if first is None or end is None:
            raise ConcatError(f"{path}: has no video frames")
        self.first_pts: int = first
        self.duration = Fraction(end - first) * self.time_base

    def same_stream_as(self, other: _Clip) -> bool:
        return (self.codec, self.width, self.height, self.pix_fmt, self.extradata) == (
            other.codec,
            other.width,
            other.height,
            other.pix_fmt,
            other.extradata,
        )


def _format_for(dest: Path) -> str:
    fmt = _FORMATS.get(dest.suffix.lower())
    if fmt is None:
        raise ConcatError(
            f"cannot join clips into {dest.name!r}: use one of {', '.join(sorted(_FORMATS))}"
        )
    return fmt


def _open_output(path: Path, fmt: str) -> av.container.OutputContainer:
    options = {"movflags": "+faststart"} if fmt in _FASTSTART else {}
    return av.open(str(path), "w", format=fmt, options=options)


def _set_chapters(
    output: av.container.OutputContainer,
    titles: Sequence[str] | None,
    starts: Sequence[Fraction],
    total: Fraction,
) -> None:
    """One chapter per clip, from its start to the next one's, in milliseconds."""
    if not titles:
        return
    ms = Fraction(1, 1000)
    ends = [*starts[1:], total]
    output.set_chapters(
        [
            {
                "id": number,
                "start": round(start / ms),
                "end": round(end / ms),
                "time_base": ms,
                "metadata": {"title": title},
            }
            for number, (title, start, end) in enumerate(zip(titles, starts, ends, strict=True), 1)
        ]
    )


Added = Callable[[], None]


def _copy(
    clips: Sequence[_Clip],
    starts: Sequence[Fraction],
    output: av.container.OutputContainer,
    added: Added,
) -> None:
    """Re-mux every clip's packets with timestamps moved to the clip's start; ``added``
    runs once the video stream is in (to add the others before anything is muxed)."""
    out_stream = None
    last_dts: Fraction | None = None
    for clip, start in zip(clips, starts, strict=True):
        with av.open(str(clip.path)) as container:
            stream = container.streams.video[0]
            if out_stream is None:
                out_stream = output.add_stream_from_template(stream)
                added()
            shift = round(start / clip.time_base) - clip.first_pts
            try:
                last_dts = copy_packets(
                    container, output, {stream.index: out_stream}, shift=shift, after=last_dts
                )
            except ValueError as error:
                raise ConcatError(str(error)) from None


def _reencode(
    clips: Sequence[_Clip],
    starts: Sequence[Fraction],
    output: av.container.OutputContainer,
    added: Added,
) -> None:
    """Decode every frame and encode it again like the first clip (``added``: as in
    :func:`_copy`)."""
    model = clips[0]
    codec = _ENCODERS.get(model.codec, "libx264")
    pix_fmt = model.pix_fmt if codec != "libx264" else "yuv420p"
    rate = model.rate
    out_stream = output.add_stream(codec, rate=rate, options=_ENCODER_OPTIONS.get(codec, {}))
    assert isinstance(out_stream, av.VideoStream)
    out_stream.width, out_stream.height = model.width, model.height
    out_stream.pix_fmt = pix_fmt
    out_stream.codec_context.time_base = 1 / rate
    added()
    last_pts = -1
    for clip, start in zip(clips, starts, strict=True):
        with av.open(str(clip.path)) as container:
            stream = container.streams.video[0]
            clip_start = clip.first_pts * clip.time_base
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                seconds = start + frame.pts * clip.time_base - clip_start
                pts = math.floor(seconds * rate)
                if pts <= last_pts:  # a clip with a higher frame rate: drop extras
                    continue
                last_pts = pts
                frame = frame.reformat(model.width, model.height, pix_fmt)
                frame.pts, frame.time_base = pts, 1 / rate
                output.mux(out_stream.encode(frame))
    output.mux(out_stream.encode())


def concat_videos(
    paths: Sequence[Path],
    dest: Path,
    titles: Sequence[str] | None = None,
    captions: Sequence[Cue] = (),
) -> list[float]:
    """Join ``paths`` in order into ``dest``; return each clip's start time in seconds.

    The start times are the chapters of the joined video (the first is 0.0); with
    ``titles`` (one per clip) they are also written into the file as chapters; with
    ``captions`` (times in the joined video) a caption track goes in too. Raises
    :class:`ConcatError` with a one-line message for clips that cannot be joined.
    """
    if not paths:
        raise ConcatError("no clips to join")
    if titles is not None and len(titles) != len(paths):
        raise ConcatError(f"{len(titles)} chapter titles for {len(paths)} clips")
    dest = Path(dest)
    fmt = _format_for(dest)
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise ConcatError(f"cannot join: no such clip {missing[0]}")
    clips = [_Clip(Path(p)) for p in paths]
    starts: list[Fraction] = []
    total = Fraction(0)
    for clip in clips:
        starts.append(total)
        total += clip.duration
    try:
        if all(clip.same_stream_as(clips[0]) for clip in clips):
            try:
                _join(_copy, clips, starts, total, dest, fmt, titles, captions)
                return [float(s) for s in starts]
            except (ConcatError, av.error.FFmpegError, ValueError):
                pass  # fall back to encoding every frame again
        _join(_reencode, clips, starts, total, dest, fmt, titles, captions)
    except av.error.FFmpegError as error:
        raise ConcatError(f"cannot write {dest}: {error}") from None
    return [float(s) for s in starts]


def _join(
    method: Callable[
        [Sequence[_Clip], Sequence[Fraction], av.container.OutputContainer, Added], None
    ],
    clips: Sequence[_Clip],
    starts: Sequence[Fraction],
    total: Fraction,
    dest: Path,
    fmt: str,
    titles: Sequence[str] | None,
    captions: Sequence[Cue] = (),
) -> None:
    """Write the joined file with ``method`` (copy or re-encode), chapters first, the
    caption track last."""
    with atomic_output(dest) as tmp, _open_output(tmp, fmt) as output:
        _set_chapters(output, titles, starts, total)
        tracks: list[Any] = []

        def add_track() -> None:
            if captions:
                tracks.append(add_caption_stream(output, fmt))

        method(clips, starts, output, add_track)
        if tracks and tracks[0] is not None:
            mux_captions(output, tracks[0], captions)
