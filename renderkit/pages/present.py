"""``OUT/present.html``: a browser presenter that steps through the lecture beat by beat.

Every beat is a section clip of a scene (``--sections``). The page plays one beat per
step and holds on its last frame; ← goes back to the previous beat held on its first
frame; the position lives in the URL hash as ``#/<scene>/<beat>`` (beat counted from 1).
``S`` opens a speaker view (the same page with ``?speaker``) that follows the presenter
over a ``BroadcastChannel``. ``T`` (or the on-screen "Describe" control) opens what is on
screen at the beat's end: the section's ``description`` from the manifest, or, for a
manifest written before descriptions existed, its caption; the scene's transcript
(the entry's ``transcript``) is linked beside it when the file is there. The page is
``templates/present.html.j2`` rendered with :func:`renderkit.pages.templating.render_page`
(autoescaped, its CSS and JS inlined), so it works from disk (``file://``) and from any
web server with nothing fetched from the network. With ``prefers-reduced-motion: reduce``
a step to the next beat holds it on its first frame: a video plays only on a press meant
for it (WCAG 2.2.2). Digits jump to a scene: 1-9, 0 the tenth, two digits typed within a
second the scene of that number.

With ``one_file=True`` every clip and caption file is embedded as a base64 ``data:`` URL,
so ``present.html`` alone is the lecture (the page turns them into ``blob:`` URLs to play).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, cast
from urllib.parse import quote

from ..outputs import files
from ..outputs.captions import CaptionError, Cue, parse_srt, vtt_cue_text
from ..outputs.manifest import Captions, Entry
from .templating import render_page

__all__ = [
    "DEFAULT_TITLE",
    "PRESENT_NAME",
    "Beat",
    "lecture_beats",
    "render_presenter",
    "scene_titles",
    "write_presenter",
]

PRESENT_NAME = "present.html"
DEFAULT_TITLE = "Cross-entropy, explained"
_MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime", ".vtt": "text/vtt"}


@dataclass(frozen=True)
class Beat:
    """One step of the lecture: a scene's section clip and where it sits in the talk."""

    scene: str  #: the scene's CLI name (``softmax``), used in the hash
    scene_title: str  #: one line about the scene (the registry's summary)
    scene_number: int  #: 1 for the first scene presented
    number: int  #: 1 for the scene's first beat
    count: int  #: how many beats the scene has
    name: str  #: the beat's section name (``show_logits``)
    clip: str  #: the clip, relative to the output folder (POSIX)
    vtt: str | None  #: its WebVTT captions, relative, if any
    duration: float
    cues: tuple[Cue, ...]  #: its captions, read from the clip's SRT
    description: str = ""  #: what is on screen at the beat's end ("" in older manifests)
    transcript: str | None = None  #: the scene's transcript page, relative, if it exists

    @property
    def label(self) -> str:
        """The beat's name for people: ``show logits``."""
        return self.name.replace("_", " ")

    @property
    def notes(self) -> str:
        """The caption text of the beat, cue after cue (the speaker's notes)."""
        return "\n".join(" ".join(c.text.split()) for c in self.cues)

    @property
    def alt_text(self) -> str:
        """The beat's text alternative: its description, or its caption when the manifest
        has no description (one line either way)."""
        return " ".join((self.description or self.notes).split())


def scene_titles(names: Sequence[str]) -> dict[str, str]:
    """Each scene's one-line summary from the registry; a variant or unknown name keeps
    its own name."""
    try:
        from scenes.registry import find_scene  # no manim import
    except ImportError:
        return {name: name for name in names}
    titles = {}
    for name in names:
        try:
            titles[name] = find_scene(name).summary
        except KeyError:
            titles[name] = name
    return titles


def _inside(out_dir: Path, rel: Any, what: str) -> str:
    """``rel`` if it names an existing file inside ``out_dir``; ValueError otherwise."""
    pure = PurePosixPath(rel) if isinstance(rel, str) and rel and "\\" not in rel else None
    if pure is None or pure.is_absolute() or ".." in pure.parts or ":" in rel:
        raise ValueError(f"{what}: {rel!r} is not a relative path inside the output folder")
    if not (out_dir / pure).is_file():
        raise ValueError(f"{what}: {rel} is missing from {out_dir}")
    return pure.as_posix()


def _optional(out_dir: Path, rel: Any) -> str | None:
    """``rel`` if it names an existing file inside ``out_dir``, else None (a transcript is
    linked when it is there; a manifest from before transcripts has none)."""
    try:
        return _inside(out_dir, rel, "transcript")
    except ValueError:
        return None


def _text(value: Any) -> str:
    """A manifest string field as one line of text ("" when absent or not a string)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _cues(out_dir: Path, captions: Captions | None, what: str) -> tuple[Cue, ...]:
    if not captions or not captions.get("srt"):
        return ()
    srt = out_dir / _inside(out_dir, captions["srt"], what)
    try:
        return tuple(parse_srt(srt.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, CaptionError) as error:
        raise ValueError(f"{what}: {srt.name}: {error}") from error


def lecture_beats(
    out_dir: Path, entries: Sequence[Entry], titles: Mapping[str, str] | None = None
) -> list[Beat]:
    """Every section clip of ``entries`` in the given (story) order, numbered.

    Entries without sections (the joined explainer, a still) are skipped. Raises
    ValueError when there is no beat at all, or a clip or caption file is missing or lies
    outside ``out_dir``.
    """
    out_dir = Path(out_dir)
    presented = [e for e in entries if e.get("sections")]
    if not presented:
        raise ValueError("no section clips to present: render the scenes with --sections")
    names = [e["scene"] for e in presented]
    titles = {**scene_titles(names), **(titles or {})}
    beats = []
    for scene_number, entry in enumerate(presented, start=1):
        sections = entry["sections"] or []
        transcript = _optional(out_dir, cast(Mapping[str, Any], entry).get("transcript"))
        for number, section in enumerate(sections, start=1):
            what = f"{entry['scene']} beat {number}"
            captions = section.get("captions")
            description = _text(cast(Mapping[str, Any], section).get("description"))
            beats.append(
                Beat(
                    scene=entry["scene"],
                    scene_title=titles[entry["scene"]],
                    scene_number=scene_number,
                    number=number,
                    count=len(sections),
                    name=section["name"],
                    clip=_inside(out_dir, section["path"], what),
                    vtt=_inside(out_dir, captions["vtt"], what) if captions else None,
                    duration=float(section["duration"]),
                    cues=_cues(out_dir, captions, what),
                    description=description,
                    transcript=transcript,
                )
            )
    return beats


def _data_url(path: Path) -> str:
    """``path`` as a ``data:<mime>;base64,...`` URL."""
    mime = _MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime or 'application/octet-stream'};base64,{payload}"


def _beat_data(out_dir: Path, beat: Beat, one_file: bool) -> dict[str, Any]:
    """What the page's script knows about one beat (sources as URLs it can load)."""

    def url(rel: str | None) -> str | None:
        if rel is None:
            return None
        return _data_url(out_dir / rel) if one_file else quote(rel, safe="/")

    return {
        "scene": beat.scene,
        "title": beat.scene_title,
        "sceneNumber": beat.scene_number,
        "number": beat.number,
        "count": beat.count,
        "name": beat.name,
        "label": beat.label,
        "clip": beat.clip,
        "src": url(beat.clip),
        "vtt": url(beat.vtt),
        "duration": beat.duration,
        "cues": [[round(c.start, 3), round(c.end, 3), vtt_cue_text(c.text)] for c in beat.cues],
        "notes": beat.notes,
        "description": beat.description,
        # a one-file page travels alone: a link to a file beside it would be broken
        "transcript": None if one_file or beat.transcript is None else url(beat.transcript),
    }


def render_presenter(
    out_dir: Path, beats: Sequence[Beat], *, one_file: bool = False, title: str = DEFAULT_TITLE
) -> str:
    """The presenter page (HTML) for ``beats``; clip URLs relative to ``out_dir``."""
    out_dir = Path(out_dir)
    scenes = list(dict.fromkeys(b.scene for b in beats))
    data = {
        "title": title,
        "oneFile": one_file,
        "beats": [_beat_data(out_dir, b, one_file) for b in beats],
    }
    return render_page("present.html.j2", title=title, data=data, scenes=scenes, beats=len(beats))


def write_presenter(
    out_dir: Path,
    entries: Sequence[Entry],
    *,
    one_file: bool = False,
    title: str = DEFAULT_TITLE,
    titles: Mapping[str, str] | None = None,
) -> Path:
    """Write ``out_dir/present.html`` for the section clips of ``entries`` (story order).

    ``titles`` maps a scene name to its one-line title (default: the registry's summary).
    With ``one_file`` the clips and captions are embedded (base64), so the page needs no
    file beside it. Written atomically; returns its path.
    """
    out_dir = Path(out_dir)
    beats = lecture_beats(out_dir, entries, titles)
    final = out_dir / PRESENT_NAME
    files.write_text(final, render_presenter(out_dir, beats, one_file=one_file, title=title))
    return final
