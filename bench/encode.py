"""Measurement 5's floor: encoding alone, with manim's settings, no drawing."""

from __future__ import annotations

import io
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from renderkit.plan.quality import Quality


def _still(quality: Quality, image: Path | None) -> np.ndarray:
    """``image`` as RGBA at the quality's size, or seeded noise if there is no image."""
    if image is not None and image.is_file():
        with Image.open(image) as opened:
            rgba = opened.convert("RGBA").resize((quality.width, quality.height))
        return np.asarray(rgba)
    rng = np.random.default_rng(0)
    return rng.integers(0, 255, (quality.height, quality.width, 4), dtype=np.uint8)


def encode_floor(quality: Quality, frames: int, image: Path | None) -> float:
    """Seconds to encode ``frames`` copies of one still as manim does, in memory.

    libx264, crf 23, yuv420p at the quality's size and frame rate, into an MP4 in a
    ``BytesIO``: the lower bound of any render of that many frames.
    """
    still = _still(quality, image)
    buffer = io.BytesIO()
    start = time.perf_counter()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=quality.fps, options={"crf": "23"})
        stream.width, stream.height, stream.pix_fmt = quality.width, quality.height, "yuv420p"
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(still, format="rgba")
            frame.pts, frame.time_base = i, Fraction(1, quality.fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return time.perf_counter() - start
