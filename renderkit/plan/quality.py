"""The one quality table: long name, short letter, resolution and frame rate."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    name: str  #: the long name, also the output folder (``media/<name>/...``)
    letter: str  #: the short form accepted by ``-q``
    width: int
    height: int
    fps: int


QUALITIES: tuple[Quality, ...] = (
    Quality("low", "l", 854, 480, 15),
    Quality("medium", "m", 1280, 720, 30),
    Quality("high", "h", 1920, 1080, 60),
    Quality("production", "p", 2560, 1440, 60),
    Quality("4k", "k", 3840, 2160, 60),
)

#: What ``render.py`` renders without ``-q`` (one constant; the lead may change it).
DEFAULT_QUALITY = "medium"


def quality_choices() -> list[str]:
    """Every spelling ``-q`` accepts: the long names, then the letters."""
    return [q.name for q in QUALITIES] + [q.letter for q in QUALITIES]


def get_quality(name: str) -> Quality:
    """The quality called ``name`` (long name or letter, any case); ``KeyError`` if none."""
    wanted = name.strip().lower()
    for q in QUALITIES:
        if wanted in (q.name, q.letter):
            return q
    raise KeyError(f"unknown quality {name!r}; choose from {', '.join(quality_choices())}")


def quality_label(quality: Quality, width: int, height: int, fps: int) -> str:
    """The output folder name: the quality's long name, or ``<W>x<H>-<fps>fps`` when
    ``--resolution``/``--fps`` override it (so a custom size never overwrites a preset)."""
    if (width, height, fps) == (quality.width, quality.height, quality.fps):
        return quality.name
    return f"{width}x{height}-{fps}fps"
