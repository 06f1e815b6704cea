"""A clip's text alternative: ``<stem>.transcript.html`` and ``<stem>.transcript.md``.

A silent animation needs a text that presents the same information (WCAG 1.2.1,
technique G159). For each beat in order the transcript gives a heading (its number and
name) with a link into the video at the beat's start (``<video>#t=<seconds>``), its
caption, then what the screen shows at the beat's end, as the beat job recorded it from
the mobjects the scene drew (:mod:`scenes.inspection.describe`): the title, every text
and number, every equation as MathML (converted from the scene's own LaTeX with
``latex2mathml``) and each chart as a sentence and a table of its values. The Markdown
twin holds the same, equations as ``$LaTeX$``. The joined explainer's transcript has a
heading per scene and each scene's beats under it.

One transcript serves a scene in one theme (its stem, like its ``.srt``): its formats share
the beats and times, and its links go to the video rendered last. The HTML page carries
its beats as JSON too (``<script type="application/json"
id="transcript-data">``), which is where the explainer's transcript reads each scene's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..outputs import files, media
from ..outputs.adopt import TRANSCRIPT_DATA_ID, transcript_data
from ..outputs.manifest import Entry
from ..outputs.publish import BeatClip
from ..plan.spec import RenderSpec
from .templating import render_page

__all__ = [
    "HTML_SUFFIX",
    "MD_SUFFIX",
    "Part",
    "TranscriptBeat",
    "mathml",
    "read_parts",
    "render_html",
    "render_markdown",
    "write_explainer_transcript",
    "write_scene_transcript",
]

HTML_SUFFIX = ".transcript.html"
MD_SUFFIX = ".transcript.md"
TEMPLATE = "transcript.html.j2"


@dataclass(frozen=True)
class TranscriptBeat:
    """One beat: where it starts in the video, its caption and what the screen shows."""

    number: int
    name: str
    start: float  #: seconds into the video
    caption: str
    description: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """The beats of one scene (a scene's video has one part; the explainer one per scene)."""

    title: str
    beats: tuple[TranscriptBeat, ...]


def mathml(latex: str) -> Markup:
    """``latex`` as a MathML ``<math>`` element (``latex2mathml``), marked safe for the
    template; TeX it cannot read becomes ``<math>`` holding the source as text."""
    from latex2mathml.converter import convert

    try:
        return Markup(convert(latex))
    except Exception:
        return Markup(
            '<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext>{}</mtext></math>'
        ).format(latex)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _view(beat: TranscriptBeat) -> dict[str, Any]:
    screen = beat.description
    return {
        "number": beat.number,
        "name": beat.name.replace("_", " "),
        "start": round(beat.start, 3),
        "clock": _clock(beat.start),
        "caption": beat.caption,
        "title": screen.get("title", ""),
        "texts": list(screen.get("texts", [])),
        "equations": [mathml(tex) for tex in screen.get("equations", [])],
        "charts": list(screen.get("charts", [])),
        "recorded": bool(screen),
    }


def render_html(video_name: str, video_href: str, parts: Sequence[Part]) -> str:
    """The transcript page of the video ``video_href`` (relative to the page)."""
    data = [asdict(part) for part in parts]
    return render_page(
        TEMPLATE,
        title=f"Transcript: {video_name}",
        video_name=video_name,
        video_href=video_href,
        parts=[{"title": p.title, "beats": [_view(b) for b in p.beats]} for p in parts],
        headed=len(parts) > 1,
        data=data,
        data_id=TRANSCRIPT_DATA_ID,
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(video_name: str, video_href: str, parts: Sequence[Part]) -> str:
    """The same transcript as Markdown (equations as ``$LaTeX$``)."""
    lines = [f"# Transcript: {video_name}", "", f"Video: [{video_name}]({video_href})", ""]
    level = "###" if len(parts) > 1 else "##"
    for part in parts:
        if len(parts) > 1:
            lines += [f"## {part.title}", ""]
        for beat in part.beats:
            screen = beat.description
            name = beat.name.replace("_", " ")
            lines += [
                f"{level} {beat.number}. {name} "
                f"([{_clock(beat.start)}]({video_href}#t={round(beat.start, 3)}))",
                "",
                f"Caption: {beat.caption}",
                "",
            ]
            if not screen:
                lines += ["No description of the screen was recorded for this beat.", ""]
                continue
            lines.append("On screen at the end of the beat:")
            lines.append("")
            if screen.get("title"):
                lines.append(f"- Title: {screen['title']}")
            lines += [f"- Text: {text}" for text in screen.get("texts", [])]
            lines += [f"- Equation: ${tex}$" for tex in screen.get("equations", [])]
            lines.append("")
            for chart in screen.get("charts", []):
                lines += [f"{chart['sentence']}", ""]
                if chart["rows"]:
                    lines += ["| class | value |", "|---|---|"]
                    lines += [f"| {_md_cell(a)} | {_md_cell(b)} |" for a, b in chart["rows"]]
                    lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _write(spec: RenderSpec, parts: Sequence[Part]) -> dict[str, str]:
    """Write both files beside the video; their paths relative to the output folder."""
    video = Path(spec.video_rel).name
    html_rel, md_rel = spec.rel(HTML_SUFFIX), spec.rel(MD_SUFFIX)
    name = spec.stem
    files.write_text(spec.path(html_rel), render_html(name, video, parts))
    files.write_text(spec.path(md_rel), render_markdown(name, video, parts))
    return {"transcript": html_rel, "transcript_md": md_rel}


def _caption(clip: BeatClip) -> str:
    return " ".join(" ".join(text.split()) for _a, _b, text in clip.cues)


def write_scene_transcript(spec: RenderSpec, clips: Sequence[BeatClip]) -> dict[str, str]:
    """A scene's transcript from its beats' clips (their lengths place the beats) and the
    descriptions the beat jobs recorded; returns the entry's ``transcript`` fields."""
    beats, start = [], 0.0
    for number, clip in enumerate(clips, 1):
        beats.append(
            TranscriptBeat(number, clip.name, start, _caption(clip), dict(clip.description))
        )
        start += media.probe(clip.path)["duration"] or 0.0
    return _write(spec, [Part(spec.stem, tuple(beats))])


def read_parts(page: Path) -> list[Part]:
    """The parts a transcript page carries (its JSON); none if it has none."""
    return [
        Part(p["title"], tuple(TranscriptBeat(**b) for b in p["beats"]))
        for p in transcript_data(page)
    ]


def write_explainer_transcript(
    spec: RenderSpec, scenes: Sequence[tuple[Entry, str, float]]
) -> dict[str, str]:
    """The full cut's transcript: for each ``(entry, title, start)`` in story order, the
    scene's beats (read from its transcript page) moved to where it starts."""
    parts = []
    for entry, title, offset in scenes:
        rel = entry.get("transcript")
        found = read_parts(spec.path(rel)) if rel else []
        beats = tuple(
            TranscriptBeat(b.number, b.name, b.start + offset, b.caption, b.description)
            for part in found
            for b in part.beats
        )
        parts.append(Part(title, beats))
    return _write(spec, parts)
