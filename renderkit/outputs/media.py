"""PyAV media work: read what a file is, copy packets, re-mux, posters, GIFs and the
caption track inside a video (``mov_text`` in MP4/MOV, WebVTT in WebM), so a file
downloaded alone still carries its captions.

No ffmpeg binary: everything goes through PyAV (which manim brings). Every output is
written through :func:`renderkit.outputs.files.atomic_output`, so a failed write never leaves
half a file. PyAV is imported lazily so the nothing-changed path of render.py stays fast.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .captions import Cue
from .files import atomic_output, copy_file

if TYPE_CHECKING:
    from av.container import InputContainer, OutputContainer
    from av.stream import Stream

__all__ = [
    "MediaInfo",
    "add_caption_stream",
    "caption_codec",
    "copy_packets",
    "decode_frames",
    "encode_gif",
    "mark_webm_alpha",
    "mux_captions",
    "probe",
    "publish_clip",
    "read_captions",
    "remux_faststart",
    "write_poster",
]


class MediaInfo(TypedDict):
    """What a file really is. Stills (PNG) have ``duration`` and ``fps`` None."""

    duration: float | None
    width: int
    height: int
    fps: int | float | None
    codec: str
    pix_fmt: str | None


def copy_packets(
    inp: InputContainer,
    out: OutputContainer,
    copies: Mapping[int, Stream],
    *,
    shift: int = 0,
    after: Fraction | None = None,
) -> Fraction | None:
    """Mux the packets of ``inp``'s streams into ``out`` without decoding.

    ``copies`` maps an input stream's index to its output stream. Timestamps move by
    ``shift`` (in each stream's time base). ``after`` is the decode time (seconds) of the
    last packet already written; a packet that would go back in decode order raises
    ``ValueError``. Returns the last decode time written.
    """
    for packet in inp.demux([inp.streams[i] for i in copies]):
        if packet.pts is None:  # the flush packet at the end of each stream
            continue
        time_base = packet.stream.time_base or Fraction(1, 90000)
        packet.pts += shift
        if packet.dts is not None:
            packet.dts += shift
            dts = packet.dts * time_base
            if after is not None and dts <= after:
                raise ValueError("decode timestamps would go backwards")
            after = dts
        packet.time_base = time_base
        packet.stream = copies[packet.stream.index]
        out.mux(packet)
    return after


#: The caption track's codec by container: what each one carries and players show.
_CAPTION_CODECS = {"mp4": "mov_text", "mov": "mov_text", "webm": "webvtt", "matroska": "webvtt"}
#: The ASS header PyAV's subtitle encoders start from (text cues: one default style).
_ASS_HEADER = b"""[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""
_MS = Fraction(1, 1000)


def caption_codec(fmt: str) -> str | None:
    """The caption track's codec for the container ``fmt`` (None: it carries none)."""
    return _CAPTION_CODECS.get(fmt)


def add_caption_stream(out: OutputContainer, fmt: str) -> Stream | None:
    """A caption track (English) in ``out``, a ``fmt`` container, before anything is
    muxed; None for a container without one."""
    codec = caption_codec(fmt)
    if codec is None:
        return None
    stream = out.add_stream(codec)
    stream.codec_context.subtitle_header = _ASS_HEADER  # type: ignore[union-attr]
    stream.time_base = _MS
    stream.metadata["language"] = "eng"
    return stream


def mux_captions(out: OutputContainer, stream: Stream, cues: Sequence[Cue]) -> None:
    """One packet per cue: its text from its start, for its length (milliseconds)."""
    from av.subtitles.subtitle import SubtitleSet

    for cue in cues:
        start, length = round(cue.start * 1000), max(1, round((cue.end - cue.start) * 1000))
        lines = (line.strip() for line in cue.text.splitlines())
        # the encoders read ASS, where {...} is a style override: braces become parentheses
        text = "\\N".join(lines).replace("{", "(").replace("}", ")")
        event = SubtitleSet.create(f"0,0,Default,,0,0,0,,{text}".encode(), 0, length, pts=start)
        packet = stream.codec_context.encode_subtitle(event)  # type: ignore[attr-defined]
        packet.stream = stream
        packet.pts = packet.dts = start
        packet.duration = length
        packet.time_base = _MS
        out.mux(packet)


def read_captions(path: Path) -> list[Cue]:
    """The cues of the caption track inside a video (none if it has no track)."""
    import av

    cues = []
    with av.open(str(path)) as inp:
        if not inp.streams.subtitles:
            return []
        stream = inp.streams.subtitles[0]
        for packet in inp.demux(stream):
            if packet.pts is None or not packet.duration:
                continue
            for subtitle in stream.decode(packet):
                dialogue = getattr(subtitle, "dialogue", b"")  # text cues (not bitmaps)
                text = dialogue.decode() if isinstance(dialogue, bytes) else str(dialogue)
                if text.strip():
                    start = float(packet.pts * packet.time_base)
                    end = start + float(packet.duration * packet.time_base)
                    cues.append(Cue(round(start, 3), round(end, 3), text.replace("\\N", "\n")))
    return cues


def remux_faststart(src: Path, final: Path, captions: Sequence[Cue] = ()) -> None:
    """Copy ``src`` (MP4/MOV) to ``final`` with the ``moov`` index first; no re-encode;
    with ``captions``, a ``mov_text`` caption track.

    manim writes the index after the media; a browser needs it first to start playing
    before the download ends.
    """
    fmt = "mov" if Path(final).suffix.lower() == ".mov" else "mp4"
    _remux(src, final, fmt, captions, {"movflags": "faststart"})


def _remux(
    src: Path, final: Path, fmt: str, captions: Sequence[Cue], options: dict[str, str]
) -> None:
    """``src``'s video and audio copied into ``final`` (a ``fmt`` container), with a
    caption track holding ``captions`` when there are any."""
    import av

    with atomic_output(final) as tmp:
        with av.open(str(src)) as inp, av.open(str(tmp), "w", format=fmt, options=options) as out:
            streams = [s for s in inp.streams if s.type in ("video", "audio")]
            copies = {s.index: out.add_stream_from_template(s) for s in streams}
            track = add_caption_stream(out, fmt) if captions else None
            copy_packets(inp, out, copies)
            if track is not None:
                mux_captions(out, track, captions)


def mark_webm_alpha(path: Path) -> None:
    """Give a VP9 WebM whose frames carry alpha the track's ``AlphaMode`` element that
    browsers need to use it.

    libvpx's own files have it; a stream copy (joining beats or scenes) drops it, and a
    plain ``alpha_mode`` stream tag is not enough: the Matroska muxer writes the element
    when the stream is declared ``yuva420p``. Read back, the element shows as the
    lower-case ``alpha_mode`` key (a tag shows as ``ALPHA_MODE``).
    """
    import av

    with av.open(str(path)) as inp:
        if inp.streams.video[0].metadata.get("alpha_mode") == "1":
            return
    captions = read_captions(path)  # a stream copy of the track would lose its cues' ends
    with atomic_output(path) as tmp:
        with av.open(str(path)) as inp, av.open(str(tmp), "w", format="webm") as out:
            stream = inp.streams.video[0]
            copy = out.add_stream_from_template(stream)
            copy.codec_context.pix_fmt = "yuva420p"
            track = add_caption_stream(out, "webm") if captions else None
            copy_packets(inp, out, {stream.index: copy})
            if track is not None:
                mux_captions(out, track, captions)


def publish_clip(src: Path, final: Path, captions: Sequence[Cue] = ()) -> None:
    """Put a rendered clip at ``final`` in its published form, chosen by its extension:
    MP4/MOV re-muxed with the index first, GIF encoded from a video, others copied;
    ``captions`` (times in the clip) go inside MP4, MOV and WebM as a caption track."""
    suffix = Path(final).suffix.lower()
    if suffix in (".mp4", ".mov"):
        remux_faststart(src, final, captions)
    elif suffix == ".gif" and Path(src).suffix.lower() != ".gif":
        encode_gif(src, final)
    elif suffix == ".webm" and captions:
        _remux(src, final, "webm", captions, {})
    else:
        copy_file(src, final)


def encode_gif(src: Path, final: Path) -> None:
    """Encode a clip as GIF with a per-clip palette (manim's own recipe, via PyAV filters).

    The frames stay in the palette paletteuse chose (``pal8``): manim's writer encodes
    them as ``rgb8``, a fixed 3-3-2 palette whose dithering noise defeats both the LZW
    compression and the frame-difference rectangles (a 26 s 720p scene: 257 MB as
    rgb8, 3.4 MB as pal8).
    """
    import av

    with atomic_output(final) as tmp:
        with av.open(str(src)) as inp, av.open(str(tmp), "w", format="gif") as out:
            stream = inp.streams.video[0]
            rate = stream.base_rate or stream.guessed_rate or stream.average_rate or Fraction(15)
            gif = out.add_stream("gif", rate=rate)
            gif.width, gif.height = stream.codec_context.width, stream.codec_context.height
            gif.pix_fmt = "pal8"
            time_base = 1 / Fraction(rate)
            gif.codec_context.time_base = time_base
            graph = _palette_graph(stream)
            for frame in inp.decode(stream):
                graph.push(frame)
            graph.push(None)
            count = 0
            while True:
                try:
                    frame = graph.pull()
                except (av.error.EOFError, av.error.BlockingIOError):
                    break
                frame.pts, frame.time_base = count, time_base
                count += 1
                out.mux(gif.encode(frame))
            out.mux(gif.encode())


def _palette_graph(stream: Any) -> Any:
    """split -> palettegen (stats of the differences) -> paletteuse (Bayer dither)."""
    import av

    graph = av.filter.Graph()
    buffer = graph.add_buffer(template=stream)
    split = graph.add("split")
    palettegen = graph.add("palettegen", "stats_mode=diff")
    paletteuse = graph.add("paletteuse", "dither=bayer:bayer_scale=5:diff_mode=rectangle")
    sink = graph.add("buffersink")
    buffer.link_to(split)
    split.link_to(palettegen, 0, 0)
    split.link_to(paletteuse, 1, 0)
    palettegen.link_to(paletteuse, 0, 1)
    paletteuse.link_to(sink)
    graph.configure()
    return graph


def _has_alpha(pix_fmt: str | None) -> bool:
    import av

    if not pix_fmt:
        return False
    try:
        return any(c.is_alpha for c in av.VideoFormat(pix_fmt).components)
    except ValueError:
        return False


def has_alpha_flag(stream: Any) -> bool:
    """Whether a WebM video stream is flagged as carrying alpha (``alpha_mode`` = 1; the
    demuxer reports the key in either case)."""
    return any(k.lower() == "alpha_mode" and v == "1" for k, v in stream.metadata.items())


def decode_frames(video: Path) -> Generator[tuple[Any, float, bool]]:
    """Every frame of ``video`` as ``(frame, seconds, has_alpha)``.

    VP9 keeps its alpha plane in side data that FFmpeg's own vp9 decoder drops, so a WebM
    flagged ``alpha_mode=1`` is decoded with libvpx-vp9, which returns yuva420p.
    """
    import av

    with av.open(str(video)) as inp:
        stream = inp.streams.video[0]
        time_base = stream.time_base or Fraction(1, 1000)
        if stream.codec_context.name == "vp9" and has_alpha_flag(stream):
            decoder = av.CodecContext.create("libvpx-vp9", "r")
            frames: Iterator[Any] = (
                frame for packet in inp.demux(stream) for frame in decoder.decode(packet)
            )
        else:
            frames = inp.decode(stream)
        for frame in frames:
            t = float(frame.pts * time_base) if frame.pts is not None else 0.0
            yield frame, t, _has_alpha(frame.format.name)


def write_poster(video: Path, final: Path, at: float | None = None) -> float:
    """Save one frame of ``video`` as PNG at ``final``; return its time in seconds.

    The frame is the last one shown before ``at`` seconds (the end of the scene's first
    beat), or the final frame when ``at`` is None or past the end. RGBA when the video
    has an alpha channel, RGB otherwise.
    """
    from PIL import Image

    chosen, chosen_time, chosen_alpha = None, 0.0, False
    frames = decode_frames(video)
    try:
        for frame, t, alpha in frames:
            if chosen is not None and at is not None and t >= at - 1e-6:
                break
            chosen, chosen_time, chosen_alpha = frame, t, alpha
    finally:
        frames.close()
    if chosen is None:
        raise ValueError(f"{Path(video).name} has no frames for a poster")
    if chosen_alpha:
        image = Image.fromarray(chosen.to_ndarray(format="rgba"), "RGBA")
    else:
        image = chosen.to_image()
    with atomic_output(final) as tmp:
        image.save(tmp, format="PNG")
    return chosen_time


def _as_number(rate: Fraction | None) -> int | float | None:
    if not rate:
        return None
    value = float(rate)
    return round(value) if abs(value - round(value)) < 1e-3 else round(value, 3)


def _packet_span(inp: Any, stream: Any, rate: Fraction | None) -> float:
    """First packet start to last packet end, in seconds (a frame lasts 1/rate if the
    packet does not say)."""
    frame = 1 / Fraction(rate) if rate else Fraction(0)
    first, end = None, Fraction(0)
    for packet in inp.demux(stream):
        if packet.pts is None:
            continue
        start = packet.pts * packet.time_base
        length = packet.duration * packet.time_base if packet.duration else frame
        first = start if first is None else min(first, start)
        end = max(end, start + length)
    return float(end - (first or 0))


def _probe_still(path: Path) -> MediaInfo:
    from PIL import Image

    with Image.open(path) as image:
        return MediaInfo(
            duration=None,
            width=image.width,
            height=image.height,
            fps=None,
            codec="png",
            pix_fmt=image.mode.lower(),
        )


def probe(path: Path) -> MediaInfo:
    """What the file really is: duration (s), width, height, fps, codec, pix_fmt."""
    path = Path(path)
    if path.suffix.lower() == ".png":
        return _probe_still(path)
    import av

    with av.open(str(path)) as inp:
        stream = inp.streams.video[0]
        ctx = stream.codec_context
        rate = stream.base_rate or stream.guessed_rate or stream.average_rate
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        else:  # WebM/GIF: from the packets (WebM packets often carry no duration)
            duration = _packet_span(inp, stream, rate)
        pix_fmt = ctx.pix_fmt
        if ctx.name == "vp9" and has_alpha_flag(stream):
            pix_fmt = "yuva420p"  # see decode_frames: the alpha plane is in side data
        return MediaInfo(
            duration=round(duration, 3),
            width=ctx.width,
            height=ctx.height,
            fps=_as_number(rate),
            codec=ctx.name,
            pix_fmt=pix_fmt,
        )
