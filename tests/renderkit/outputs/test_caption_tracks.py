"""The captions inside the files: a ``mov_text`` track in MP4/MOV, a WebVTT track in WebM,
written when a clip is published or clips are joined, read back with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from renderkit.outputs import media
from renderkit.outputs.captions import Cue
from renderkit.outputs.concat import concat_videos

CUES = [
    Cue(0.0, 1.2, "A model's raw scores, the logits sₖ,\ncan be any real numbers."),
    Cue(1.2, 2.0, "Dividing by their sum: P(y | xᵢ; θ) {sums} to 1 & more"),
]
#: As read back: the encoders take ASS, where braces open a style override, so a brace
#: goes in as a parenthesis.
READ_BACK = [CUES[0], Cue(1.2, 2.0, "Dividing by their sum: P(y | xᵢ; θ) (sums) to 1 & more")]
CODECS = {"mp4": ("libx264", "yuv420p"), "webm": ("libvpx-vp9", "yuv420p")}


def make_clip(
    path: Path, seconds: float = 2.0, fps: int = 5, size: tuple[int, int] = (64, 36)
) -> Path:
    """A small real clip of ``seconds`` (frames of a changing grey)."""
    codec, pix_fmt = CODECS[path.suffix.lstrip(".")]
    width, height = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        for i in range(round(seconds * fps)):
            pixels = np.full((height, width, 3), 8 * i, np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, "rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def track(path: Path) -> tuple[str, str]:
    """The caption track's codec and language."""
    with av.open(str(path)) as container:
        stream = container.streams.subtitles[0]
        return stream.codec_context.name, stream.metadata.get("language", "")


@pytest.mark.parametrize(("ext", "codec"), [("mp4", "mov_text"), ("webm", "webvtt")])
def test_a_published_clip_carries_its_captions(tmp_path: Path, ext: str, codec: str) -> None:
    src = make_clip(tmp_path / f"clip.{ext}")
    final = tmp_path / "out" / f"scene.{ext}"
    final.parent.mkdir()
    media.publish_clip(src, final, captions=CUES)
    assert track(final) == (codec, "eng")
    assert media.read_captions(final) == READ_BACK
    assert media.probe(final)["duration"] == pytest.approx(2.0, abs=0.25)  # the video is there
    assert sorted(p.name for p in final.parent.iterdir()) == [final.name]  # no temporaries


@pytest.mark.parametrize("ext", ["mp4", "webm"])
def test_without_captions_there_is_no_track(tmp_path: Path, ext: str) -> None:
    src = make_clip(tmp_path / f"clip.{ext}")
    media.publish_clip(src, tmp_path / f"scene.{ext}")
    assert media.read_captions(tmp_path / f"scene.{ext}") == []


@pytest.mark.parametrize(("ext", "codec"), [("mp4", "mov_text"), ("webm", "webvtt")])
def test_joined_clips_carry_the_joined_captions(tmp_path: Path, ext: str, codec: str) -> None:
    clips = [make_clip(tmp_path / f"{n}.{ext}") for n in ("a", "b")]
    joined = [*CUES, *(Cue(c.start + 2.0, c.end + 2.0, c.text) for c in CUES)]
    expected = [*READ_BACK, *(Cue(c.start + 2.0, c.end + 2.0, c.text) for c in READ_BACK)]
    dest = tmp_path / f"joined.{ext}"
    starts = concat_videos(clips, dest, ["one", "two"], joined)
    assert starts == pytest.approx([0.0, 2.0], abs=0.01)
    assert track(dest)[0] == codec
    assert media.read_captions(dest) == expected
    with av.open(str(dest)) as container:  # chapters and video survive beside the track
        assert [c["metadata"]["title"] for c in container.chapters()] == ["one", "two"]
        assert container.streams.video[0].index == 0


def test_clips_joined_by_encoding_again_carry_the_captions_too(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / "a.mp4"), make_clip(tmp_path / "b.mp4", size=(96, 54))]
    dest = tmp_path / "joined.mp4"
    concat_videos(clips, dest, captions=CUES)  # sizes differ: every frame is encoded again
    assert media.probe(dest)["width"] == 64
    assert media.read_captions(dest) == READ_BACK


def test_marking_a_webm_as_alpha_keeps_its_captions(tmp_path: Path) -> None:
    clip = tmp_path / "scene.webm"
    media.publish_clip(make_clip(tmp_path / "clip.webm"), clip, captions=CUES)
    media.mark_webm_alpha(clip)
    with av.open(str(clip)) as container:
        assert container.streams.video[0].metadata.get("alpha_mode") == "1"
    assert media.read_captions(clip) == READ_BACK
