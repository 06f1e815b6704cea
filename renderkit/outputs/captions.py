"""Captions: parse manim's SRT, write SRT and WebVTT, cut, shift and join cue lists.

manim writes one ``<Scene>.srt`` per scene (through the ``srt`` package: numbered cues,
``HH:MM:SS,mmm`` times, a blank line after each). The gallery needs WebVTT for
``<track>``, each section clip needs the cues of its own time window starting at 0, and
the full cut needs every scene's cues shifted to where that scene starts in it.

The parser also takes what hand-edited or other tools' files look like: a byte-order
mark, CRLF line ends, missing or odd cue numbers, ``.`` instead of ``,``, one- or
two-digit milliseconds, ``MM:SS.mmm`` without hours, and cue settings after the times.
Malformed input raises :class:`CaptionError` (a ``ValueError``) with a one-line message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CaptionError",
    "Cue",
    "cut_captions",
    "cut_cues",
    "format_srt",
    "format_timestamp",
    "format_vtt",
    "join_captions",
    "parse_srt",
    "shift_captions",
    "shift_cues",
    "srt_to_vtt",
    "vtt_cue_text",
]

#: Overlaps shorter than this (seconds) are rounding noise at a section boundary, not a cue.
EPSILON = 0.0005

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
# The formatting tags SRT and WebVTT both understand; every other "<" is literal text.
_KEPT_TAG = re.compile(r"&lt;(/?)([ibu])&gt;", re.IGNORECASE)
_FONT_TAG = re.compile(r"</?font\b[^>]*>", re.IGNORECASE)


class CaptionError(ValueError):
    """A caption file that cannot be read, or arguments that make no sense."""


@dataclass(frozen=True)
class Cue:
    """One caption: shown from ``start`` to ``end`` (seconds); ``text`` may span lines."""

    start: float
    end: float
    text: str


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> float:
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return value


def parse_srt(text: str) -> list[Cue]:
    """The cues of an SRT document, in file order (an empty document has none)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        # A block: an optional cue number, the timing line, then text up to a blank line.
        block_line = i + 1
        match = _TIMING.match(lines[i])
        if match is None and i + 1 < len(lines):
            match = _TIMING.match(lines[i + 1])
            if match is not None:
                i += 1
        if match is None:
            raise CaptionError(
                f"SRT line {block_line}: expected a cue timing like "
                f"'00:00:01,000 --> 00:00:02,500', got {lines[i].strip()[:60]!r}"
            )
        g = match.groups()
        start, end = _seconds(*g[0:4]), _seconds(*g[4:8])
        if end < start:
            raise CaptionError(f"SRT line {i + 1}: cue ends ({end:.3f}s) before it starts")
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].rstrip())
            i += 1
        cues.append(Cue(start, end, "\n".join(body)))
    return cues


def format_timestamp(seconds: float, sep: str = ",") -> str:
    """``HH:MM:SS,mmm`` (SRT) or, with ``sep="."``, ``HH:MM:SS.mmm`` (WebVTT)."""
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def _clean_text(text: str) -> str:
    # A blank line would end the cue early in both formats.
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def format_srt(cues: Iterable[Cue]) -> str:
    """An SRT document, cues numbered from 1 (no cues: the empty string)."""
    blocks = [
        f"{n}\n{format_timestamp(c.start)} --> {format_timestamp(c.end)}\n{_clean_text(c.text)}\n"
        for n, c in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)


def vtt_cue_text(text: str) -> str:
    """``text`` as WebVTT cue text: markup-escaped, keeping the <i>/<b>/<u> both formats share."""
    escaped = html.escape(_FONT_TAG.sub("", _clean_text(text)), quote=False)
    return _KEPT_TAG.sub(lambda m: f"<{m.group(1)}{m.group(2).lower()}>", escaped)


def format_vtt(cues: Iterable[Cue]) -> str:
    """A WebVTT document (the header alone when there are no cues)."""
    parts = ["WEBVTT\n"]
    for n, c in enumerate(cues, start=1):
        parts.append(
            f"{n}\n{format_timestamp(c.start, '.')} --> {format_timestamp(c.end, '.')}\n"
            f"{vtt_cue_text(c.text)}\n"
        )
    return "\n".join(parts)


def srt_to_vtt(text: str) -> str:
    """The WebVTT twin of an SRT document (for ``<track>`` in browsers)."""
    return format_vtt(parse_srt(text))


def cut_cues(cues: Iterable[Cue], start: float, end: float) -> list[Cue]:
    """The cues overlapping ``[start, end)``, clipped to it and shifted to start at 0."""
    if not start >= 0 or not end > start:
        raise CaptionError(f"cannot cut captions to [{start}, {end}): need 0 <= start < end")
    out = []
    for c in cues:
        lo, hi = max(c.start, start), min(c.end, end)
        if hi - lo > EPSILON:
            out.append(Cue(lo - start, hi - start, c.text))
    return out


def cut_captions(srt_text: str, start: float, end: float) -> str:
    """A section clip's captions: the SRT cut to ``[start, end)`` and shifted to 0."""
    return format_srt(cut_cues(parse_srt(srt_text), start, end))


def shift_cues(cues: Iterable[Cue], offset: float) -> list[Cue]:
    """Every cue moved by ``offset`` seconds; what would fall before 0 is cut off."""
    out = []
    for c in cues:
        lo, hi = max(0.0, c.start + offset), c.end + offset
        if hi - lo > EPSILON:
            out.append(Cue(lo, hi, c.text))
    return out


def shift_captions(srt_text: str, offset: float) -> str:
    """The SRT with every cue moved by ``offset`` seconds (negative moves earlier)."""
    return format_srt(shift_cues(parse_srt(srt_text), offset))


def join_captions(
    srt_texts: Sequence[str],
    starts: Sequence[float],
    durations: Sequence[float] | None = None,
) -> str:
    """One SRT for clips played one after another.

    ``srt_texts[i]`` belongs to the clip that starts at ``starts[i]`` in the joined video
    (as :func:`renderkit.outputs.concat.concat_videos` returns them). With ``durations``, each
    clip's cues are first cut to its own length, so none runs on into the next clip.
    """
    if len(srt_texts) != len(starts) or (durations is not None and len(durations) != len(starts)):
        raise CaptionError(
            f"join_captions needs one start (and duration) per caption file: "
            f"{len(srt_texts)} files, {len(starts)} starts"
            + ("" if durations is None else f", {len(durations)} durations")
        )
    cues: list[Cue] = []
    for i, (text, offset) in enumerate(zip(srt_texts, starts, strict=True)):
        own = parse_srt(text)
        if durations is not None:
            own = cut_cues(own, 0.0, durations[i]) if durations[i] > 0 else []
        cues.extend(shift_cues(own, offset))
    cues.sort(key=lambda c: (c.start, c.end))
    return format_srt(cues)
