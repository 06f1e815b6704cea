"""renderkit.outputs.concat: join small generated clips and check the result with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from renderkit.outputs.concat import ConcatError, concat_videos


def make_clip(
    path: Path,
    frames: int,
    *,
    size: tuple[int, int] = (64, 36),
    fps: int = 10,
    shade: int = 0,
    codec: str = "libx264",
    pix_fmt: str = "yuv420p",
    options: dict[str, str] | None = None,
) -> Path:
    """Encode ``frames`` frames (each a different grey, so they can be told apart)."""
    width, height = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps, options=options or {})
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        for i in range(frames):
            rgb = np.full((height, width, 3), (shade + 20 * i) % 256, dtype=np.uint8)
            src = "rgb24"
            if pix_fmt == "argb":
                rgb = np.concatenate([np.full((height, width, 1), 255, np.uint8), rgb], axis=2)
                src = "argb"
            frame = av.VideoFrame.from_ndarray(rgb, format=src)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def probe(path: Path) -> tuple[float, int, tuple[int, int], list[np.ndarray]]:
    """(duration from the stream, frames decoded, size, mean grey of each frame)."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        duration = float(s.duration * s.time_base) if s.duration else float(c.duration / 1e6)
        greys = [f.to_ndarray(format="gray").mean() for f in c.decode(s)]
        return duration, len(greys), (s.width, s.height), greys


def packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]


def test_same_settings_are_stream_copied(tmp_path: Path) -> None:
    clips = [
        make_clip(tmp_path / "a.mp4", 7, shade=0),
        make_clip(tmp_path / "b.mp4", 4, shade=100),
        make_clip(tmp_path / "c.mp4", 12, shade=50),
    ]
    dest = tmp_path / "out" / "explainer.mp4"
    starts = concat_videos(clips, dest)
    assert starts == pytest.approx([0.0, 0.7, 1.1])
    duration, frames, size, greys = probe(dest)
    assert duration == pytest.approx(0.7 + 0.4 + 1.2)
    assert frames == 7 + 4 + 12 and size == (64, 36)
    # the frames come out in order: each clip's greys follow on from its own start
    assert greys[7] == pytest.approx(100, abs=3) and greys[11] == pytest.approx(50, abs=3)
    # stream copy: the very same compressed packets, no re-encode
    assert packets(dest) == [p for c in clips for p in packets(c)]
    # +faststart: the index (moov) comes before the media data (mdat)
    data = dest.read_bytes()
    assert 0 <= data.find(b"moov") < data.find(b"mdat")
    assert sorted(p.name for p in dest.parent.iterdir()) == ["explainer.mp4"]  # no temp left


def test_presentation_times_are_contiguous(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"{i}.mp4", 5) for i in range(3)]
    concat_videos(clips, tmp_path / "all.mp4")
    with av.open(str(tmp_path / "all.mp4")) as c:
        s = c.streams.video[0]
        times = [float(f.pts * s.time_base) for f in c.decode(s)]
    assert times == pytest.approx([i / 10 for i in range(15)])


def test_different_sizes_are_reencoded_to_the_first(tmp_path: Path) -> None:
    clips = [
        make_clip(tmp_path / "a.mp4", 6, size=(64, 36)),
        make_clip(tmp_path / "b.mp4", 5, size=(32, 18), shade=120),
    ]
    starts = concat_videos(clips, tmp_path / "mixed.mp4")
    assert starts == pytest.approx([0.0, 0.6])
    duration, frames, size, greys = probe(tmp_path / "mixed.mp4")
    assert (frames, size) == (11, (64, 36))
    assert duration == pytest.approx(1.1)
    assert greys[6] == pytest.approx(120, abs=4)


def test_different_frame_rates_keep_the_first_rate(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / "a.mp4", 5, fps=10), make_clip(tmp_path / "b.mp4", 10, fps=20)]
    starts = concat_videos(clips, tmp_path / "rates.mp4")
    assert starts == pytest.approx([0.0, 0.5])
    duration, frames, _, _ = probe(tmp_path / "rates.mp4")
    assert duration == pytest.approx(1.0)
    assert frames == 10  # the 20 fps clip is resampled to 10 fps


def test_transparent_mov_and_webm(tmp_path: Path) -> None:
    movs = [
        make_clip(tmp_path / f"{i}.mov", 3, codec="qtrle", pix_fmt="argb", shade=60 * i)
        for i in range(2)
    ]
    assert concat_videos(movs, tmp_path / "all.mov") == pytest.approx([0.0, 0.3])
    duration, frames, _, _ = probe(tmp_path / "all.mov")
    assert (frames, duration) == (6, pytest.approx(0.6))
    webms = [
        make_clip(tmp_path / f"{i}.webm", 3, codec="libvpx-vp9", options={"crf": "40", "b": "0"})
        for i in range(2)
    ]
    assert concat_videos(webms, tmp_path / "all.webm") == pytest.approx([0.0, 0.3])
    assert probe(tmp_path / "all.webm")[1] == 6


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.mp4"
    dest.write_bytes(b"old")
    concat_videos([make_clip(tmp_path / "a.mp4", 3)], dest)
    assert probe(dest)[1] == 3
    # readable by everyone, like every other output (a web server serves it)
    assert dest.stat().st_mode & 0o777 == 0o644


def test_errors_are_one_line(tmp_path: Path) -> None:
    good = make_clip(tmp_path / "a.mp4", 3)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all")
    cases = [
        ([], tmp_path / "x.mp4", "no clips"),
        ([tmp_path / "missing.mp4"], tmp_path / "x.mp4", "no such clip"),
        ([good, junk], tmp_path / "x.mp4", "not a readable video"),
        ([good], tmp_path / "x.gif", "cannot join clips into 'x.gif'"),
    ]
    for paths, dest, message in cases:
        with pytest.raises(ConcatError, match=message) as info:
            concat_videos(paths, dest)
        assert "\n" not in str(info.value)
    assert not (tmp_path / "x.mp4").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "junk.mp4"]


@pytest.mark.slow
def test_manim_section_clips_join_back_into_the_scene(scene_media: Path) -> None:
    """The sections manim writes (x264 with B-frames) join into the scene's full length."""
    from manim import Circle, FadeIn, Square, Wait

    from scenes.components import ExplainerScene, beat
    from scenes.inspection.probe import render_video

    class ConcatProbe(ExplainerScene):
        def construct(self) -> None:
            self.first()
            self.second()

        @beat("one")
        def first(self) -> None:
            self.play(FadeIn(Square()), run_time=1)

        @beat("two")
        def second(self) -> None:
            self.play(FadeIn(Circle()), Wait(), run_time=1.4)

    movie = render_video(ConcatProbe, "light", scene_media, width=64, height=36, fps=5)
    sections = sorted((movie.parent / "sections").glob("ConcatProbe_*.mp4"))
    assert len(sections) == 2
    dest = scene_media / "joined" / "ConcatProbe.mp4"
    starts = concat_videos(sections, dest)
    full_duration, full_frames, _, _ = probe(movie)
    duration, frames, _, _ = probe(dest)
    assert starts == pytest.approx([0.0, 1.0])
    assert (duration, frames) == (pytest.approx(full_duration), full_frames)
    assert packets(dest) == [p for s in sections for p in packets(s)]
