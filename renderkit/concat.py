"""Join clips into one video with PyAV (no ffmpeg binary), for the explainer's full cut.

Clips rendered by render.py for one quality/theme/format share codec, size, frame rate
and encoder settings, so their packets are copied as they are (no quality loss, fast):
each clip's timestamps are rebased to where it starts in the joined file. When clips
differ (codec, size, pixel format, codec headers) or copying fails, every frame is
decoded and encoded again with the first clip's codec, size and frame rate.

Only the video stream is joined (the explainer's scenes have no sound). The result is
written to a temporary file beside ``dest`` and moved into place with ``os.replace``, so
a reader never sees half a file; MP4 and MOV get ``+faststart`` (the index up front, so
a browser starts playing before the whole file has arrived).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av

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
                self.time_base: Fraction = stream.time_base
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


def _copy(clips: Sequence[_Clip], starts: Sequence[Fraction], out_path: Path, fmt: str) -> None:
    """Re-mux every clip's packets with timestamps moved to the clip's start."""
    with _open_output(out_path, fmt) as output:
        out_stream = None
        last_dts: Fraction | None = None
        for clip, start in zip(clips, starts, strict=True):
            with av.open(str(clip.path)) as container:
                stream = container.streams.video[0]
                if out_stream is None:
                    out_stream = output.add_stream_from_template(stream)
                shift = round(start / clip.time_base) - clip.first_pts
                for packet in container.demux(stream):
                    if packet.pts is None:  # the flush packet at the end of each file
                        continue
                    packet.pts += shift
                    if packet.dts is not None:
                        packet.dts += shift
                        dts = packet.dts * clip.time_base
                        if last_dts is not None and dts <= last_dts:
                            raise ConcatError("decode timestamps would go backwards")
                        last_dts = dts
                    packet.time_base = clip.time_base
                    packet.stream = out_stream
                    output.mux(packet)


def _reencode(clips: Sequence[_Clip], starts: Sequence[Fraction], out_path: Path, fmt: str) -> None:
    """Decode every frame and encode it again like the first clip."""
    model = clips[0]
    codec = _ENCODERS.get(model.codec, "libx264")
    pix_fmt = model.pix_fmt if codec != "libx264" else "yuv420p"
    rate = model.rate
    with _open_output(out_path, fmt) as output:
        out_stream = output.add_stream(codec, rate=rate, options=_ENCODER_OPTIONS.get(codec, {}))
        out_stream.width, out_stream.height = model.width, model.height
        out_stream.pix_fmt = pix_fmt
        out_stream.codec_context.time_base = 1 / rate
        last_pts = -1
        for clip, start in zip(clips, starts, strict=True):
            with av.open(str(clip.path)) as container:
                stream = container.streams.video[0]
                clip_start = clip.first_pts * clip.time_base
                for frame in container.decode(stream):
                    if frame.pts is None:
                        continue
                    seconds = start + frame.pts * stream.time_base - clip_start
                    pts = math.floor(seconds * rate)
                    if pts <= last_pts:  # a clip with a higher frame rate: drop extras
                        continue
                    last_pts = pts
                    frame = frame.reformat(model.width, model.height, pix_fmt)
                    frame.pts, frame.time_base = pts, 1 / rate
                    output.mux(out_stream.encode(frame))
        output.mux(out_stream.encode())


def concat_videos(paths: Sequence[Path], dest: Path) -> list[float]:
    """Join ``paths`` in order into ``dest``; return each clip's start time in seconds.

    The start times are the chapters of the joined video (the first is 0.0). Raises
    :class:`ConcatError` with a one-line message for clips that cannot be joined.
    """
    if not paths:
        raise ConcatError("no clips to join")
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

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{dest.stem}.", suffix=f".part{dest.suffix}", dir=dest.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        copied = False
        if all(clip.same_stream_as(clips[0]) for clip in clips):
            try:
                _copy(clips, starts, tmp, fmt)
                copied = True
            except (ConcatError, av.error.FFmpegError, ValueError):
                copied = False  # fall back to encoding every frame again
        if not copied:
            _reencode(clips, starts, tmp, fmt)
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; a web server must read it
        os.replace(tmp, dest)
    except av.error.FFmpegError as error:
        raise ConcatError(f"cannot write {dest}: {error}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return [float(s) for s in starts]
