"""Put finished files in place without ever exposing half a file.

Every output is written to a temporary file in its final folder (``.<name>.tmp-<pid>-<rand>``)
and moved into place with ``os.replace`` only once complete, so an interrupted render
leaves the previous file intact. Folders (a scene's section clips) are built the same
way beside their final place and swapped in with signals held off.

Also here: the MP4 ``+faststart`` re-mux (manim writes the index, ``moov``, after the
media; a browser needs it first to start playing early), posters, GIF encoding for
section clips, and reading a file's real duration/size/frame rate with PyAV.
PyAV is imported lazily so the nothing-changed path of render.py stays fast.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .spec import RenderSpec

#: Every temporary name contains this tag, followed by the writing process's id.
TEMP_TAG = ".tmp-"


def temp_path_for(final: Path) -> Path:
    """A fresh temporary path beside ``final`` that keeps its extension (PyAV reads it)."""
    final = Path(final)
    stem, suffix = (final.stem, final.suffix) if final.suffix else (final.name, "")
    token = secrets.token_hex(4)
    return final.with_name(f".{stem}{TEMP_TAG}{os.getpid()}-{token}{suffix}")


def is_temp_name(name: str, pids: set[int] | None = None) -> bool:
    """Whether ``name`` is one of our temporaries (of one of ``pids`` if given)."""
    if not name.startswith(".") or TEMP_TAG not in name:
        return False
    if pids is None:
        return True
    tail = name.rsplit(TEMP_TAG, 1)[1]
    pid = tail.split("-", 1)[0]
    return pid.isdigit() and int(pid) in pids


def sweep_temps(root: Path, pids: set[int] | None = None, skip: str = ".work") -> list[Path]:
    """Remove the temporaries left under ``root`` (by ``pids`` if given); return them.

    Used after a worker had to be killed: its own clean-up could not run.
    """
    removed: list[Path] = []
    root = Path(root)
    if not root.is_dir():
        return removed
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == root and skip in dirnames:
            dirnames.remove(skip)
        for name in list(dirnames):
            if is_temp_name(name, pids):
                shutil.rmtree(Path(dirpath, name), ignore_errors=True)
                removed.append(Path(dirpath, name))
                dirnames.remove(name)
        for name in filenames:
            if is_temp_name(name, pids):
                with suppress(OSError):
                    Path(dirpath, name).unlink()
                    removed.append(Path(dirpath, name))
    return removed


@contextmanager
def atomic_output(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; move it into place if the block succeeds.

    On any exception (including ``KeyboardInterrupt``) the temporary is removed and
    ``final`` is left exactly as it was.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(final)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written for {final.name}")
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                with suppress(OSError):
                    tmp.unlink()


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM for a few statements that must not be split (a folder swap)."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def atomic_dir(final: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``final``; swap it in if the block succeeds.

    The previous folder stays in place until the new one is complete; the swap itself
    (two renames) runs with SIGINT/SIGTERM held off.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(final)
    tmp.mkdir()
    old = temp_path_for(final)
    try:
        yield tmp
        with signals_held():
            if final.exists():
                os.replace(final, old)
            os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def remove_path(path: Path) -> None:
    """Remove a stale output (file or folder) if it is there."""
    path = Path(path)
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            path.unlink()


def write_text(final: Path, text: str) -> None:
    with atomic_output(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def copy_file(src: Path, final: Path) -> None:
    with atomic_output(final) as tmp:
        shutil.copyfile(src, tmp)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- PyAV


def remux_faststart(src: Path, final: Path) -> None:
    """Copy ``src`` (MP4/MOV) to ``final`` with the ``moov`` index first; no re-encode."""
    import av

    with atomic_output(final) as tmp:
        fmt = "mov" if Path(final).suffix.lower() == ".mov" else "mp4"
        with (
            av.open(str(src)) as inp,
            av.open(str(tmp), "w", format=fmt, options={"movflags": "faststart"}) as out,
        ):
            streams = [s for s in inp.streams if s.type in ("video", "audio")]
            copies = {s.index: out.add_stream_from_template(s) for s in streams}
            for packet in inp.demux(streams):
                if packet.dts is None:  # the flush packet at the end of each stream
                    continue
                packet.stream = copies[packet.stream.index]
                out.mux(packet)


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


def decode_frames(video: Path) -> Iterator[tuple[Any, float, bool]]:
    """Every frame of ``video`` as ``(frame, seconds, has_alpha)``.

    VP9 keeps its alpha plane in side data that FFmpeg's own vp9 decoder drops, so a WebM
    flagged ``alpha_mode=1`` is decoded with libvpx-vp9, which returns yuva420p.
    """
    import av

    with av.open(str(video)) as inp:
        stream = inp.streams.video[0]
        ctx = stream.codec_context
        time_base = stream.time_base or Fraction(1, 1000)
        if ctx.name == "vp9" and has_alpha_flag(stream):
            decoder = av.CodecContext.create("libvpx-vp9", "r")
            for packet in inp.demux(stream):
                for frame in decoder.decode(packet):
                    t = float(frame.pts * time_base) if frame.pts is not None else 0.0
                    yield frame, t, _has_alpha(frame.format.name)
            return
        for frame in inp.decode(stream):
            t = float(frame.pts * time_base) if frame.pts is not None else 0.0
            yield frame, t, _has_alpha(frame.format.name)


def write_poster(video: Path, final: Path, at: float | None = None) -> float:
    """Save one frame of ``video`` as PNG at ``final``; return its time in seconds.

    The frame is the last one shown before ``at`` seconds (the end of the scene's first
    beat, see the worker), or the final frame when ``at`` is None or past the end.
    RGBA when the video has an alpha channel, RGB otherwise.
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


def mark_webm_alpha(path: Path) -> None:
    """Give a VP9 WebM whose frames carry alpha the track flag browsers need to use it.

    libvpx writes ``alpha_mode=1`` on its stream; a stream copy (the full cut's join)
    may drop it, leaving the alpha plane in the file but ignored by players.
    """
    import av

    with av.open(str(path)) as inp:
        if has_alpha_flag(inp.streams.video[0]):
            return
    with atomic_output(path) as tmp:
        with av.open(str(path)) as inp, av.open(str(tmp), "w", format="webm") as out:
            stream = inp.streams.video[0]
            copy = out.add_stream_from_template(stream)
            copy.metadata["alpha_mode"] = "1"
            for packet in inp.demux(stream):
                if packet.dts is None:
                    continue
                packet.stream = copy
                out.mux(packet)


def probe(path: Path) -> dict[str, Any]:
    """What the file really is: duration (s), width, height, fps, codec, pix_fmt.

    Stills (PNG) have ``duration`` and ``fps`` None.
    """
    path = Path(path)
    if path.suffix.lower() == ".png":
        from PIL import Image

        with Image.open(path) as image:
            return {
                "duration": None,
                "width": image.width,
                "height": image.height,
                "fps": None,
                "codec": "png",
                "pix_fmt": image.mode.lower(),
            }
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
        return {
            "duration": round(duration, 3),
            "width": ctx.width,
            "height": ctx.height,
            "fps": _as_number(rate),
            "codec": ctx.name,
            "pix_fmt": pix_fmt,
        }


def entry_head(spec: RenderSpec, final: Path) -> dict[str, Any]:
    """The manifest fields every entry has, read from the published file itself."""
    info = probe(final)
    return {
        "scene": spec.scene,
        "quality": spec.quality,
        "theme": spec.theme,
        "format": spec.format,
        "transparent": spec.transparent,
        "path": spec.video_rel,
        "duration": info["duration"],
        "width": info["width"],
        "height": info["height"],
        "fps": info["fps"],
        "sha256": sha256_file(final),
    }


def publish_explainer(spec: RenderSpec, scenes: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    """Join the scenes' published videos into the full cut; return its manifest entry.

    ``scenes`` holds ``(entry, title)`` per scene in story order. The chapters are where
    each scene starts; the captions are the scenes' captions moved to those starts; the
    poster is the first scene's poster.
    """
    from .captions import join_captions, srt_to_vtt
    from .concat import concat_videos

    out = Path(spec.out_dir)
    entries = [entry for entry, _title in scenes]
    final = spec.path(spec.video_rel)
    starts = concat_videos([out / e["path"] for e in entries], final)
    if spec.format == "webm" and spec.transparent:
        mark_webm_alpha(final)

    captions = None
    texts = [
        (out / e["captions"]["srt"]).read_text(encoding="utf-8") if e.get("captions") else ""
        for e in entries
    ]
    if any(t.strip() for t in texts):
        joined = join_captions(texts, starts, [e["duration"] for e in entries])
        write_text(spec.path(spec.rel(".srt")), joined)
        write_text(spec.path(spec.rel(".vtt")), srt_to_vtt(joined))
        captions = {"srt": spec.rel(".srt"), "vtt": spec.rel(".vtt")}

    poster = spec.path(spec.rel(".poster.png"))
    first_poster = entries[0].get("poster")
    if first_poster and (out / first_poster).is_file():
        copy_file(out / first_poster, poster)
    else:
        write_poster(final, poster)
    return {
        **entry_head(spec, final),
        "poster": spec.rel(".poster.png"),
        "captions": captions,
        "sections": None,
        "fingerprint": spec.fingerprint,
        "chapters": [
            {"scene": e["scene"], "title": title, "start": round(start, 3)}
            for (e, title), start in zip(scenes, starts, strict=True)
        ],
    }
