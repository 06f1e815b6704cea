"""``OUT/manifest.json``: what has been rendered, where, and from which inputs.

One entry per (scene, quality, theme, format, transparent, variant). Writing merges: an
entry is replaced when the same key is rendered again, every other entry is kept. Entries
are sorted in story order (the explainer last), a scene's variants after its default,
then by quality, theme, format. All paths are relative to the manifest's folder, with
POSIX separators. The file is written atomically (a temporary beside it, then
``os.replace``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from ..plan.quality import QUALITIES
from ..plan.spec import EXPLAINER, FORMATS, THEMES
from . import files

MANIFEST_NAME = "manifest.json"
VERSION = 1
GENERATOR = "render.py"

Key = tuple[str, str, str, str, bool, str]


class Captions(TypedDict):
    """A video's captions: paths of the SubRip and WebVTT files."""

    srt: str
    vtt: str


class Section(TypedDict):
    """One beat's clip of a scene (``--sections``)."""

    name: str  #: the beat's section name (``show_logits``)
    path: str
    start: float  #: where the beat starts in the scene's video, seconds
    duration: float
    sha256: str
    captions: Captions | None
    #: what the screen shows at the beat's end, as plain text (its alternative text);
    #: absent in manifests written before transcripts
    description: NotRequired[str]


class Chapter(TypedDict):
    """Where one scene starts in the joined explainer."""

    scene: str
    title: str
    start: float


class _EntryBase(TypedDict):
    scene: str
    quality: str
    theme: str
    format: str
    transparent: bool
    path: str  #: the video (or still), relative to the manifest's folder
    duration: float | None  #: None for a still
    width: int
    height: int
    fps: int | float | None
    sha256: str
    poster: str | None
    captions: Captions | None
    sections: list[Section] | None
    fingerprint: str


class Entry(_EntryBase, total=False):
    """One rendered output, as ``manifest.json`` lists it (read and written by every part)."""

    chapters: list[Chapter]  #: only the explainer's
    chapters_vtt: str  #: only the explainer's: its chapters as a WebVTT track
    variant: str  #: the variant's name (``render.py --set``); "" or absent: the defaults
    params: dict[str, Any]  #: every parameter's value it was rendered with
    transcript: str  #: its text alternative, ``<stem>.transcript.html`` (videos)
    transcript_md: str  #: the same as Markdown, ``<stem>.transcript.md``


class Lecture(TypedDict):
    """What the last ``--present``/``--pptx`` run wrote (paths relative to the folder)."""

    scenes: list[str]  #: the scenes presented, in story order
    present: str | None  #: ``present.html``
    pptx: str | None  #: ``present.pptx``


class _ManifestBase(TypedDict):
    version: int
    generator: str
    entries: list[Entry]


class Manifest(_ManifestBase, total=False):
    """The whole file."""

    lecture: Lecture


def empty() -> Manifest:
    return {"version": VERSION, "generator": GENERATOR, "entries": []}


def entry_key(entry: Entry) -> Key:
    return (
        entry["scene"],
        entry["quality"],
        entry["theme"],
        entry["format"],
        bool(entry["transparent"]),
        str(entry.get("variant") or ""),
    )


class Unreadable(ValueError):
    """``manifest.json`` is there but is not a manifest (not JSON, or not its shape)."""


def read(out_dir: Path) -> Manifest:
    """The manifest in ``out_dir`` (an empty one if there is none); :class:`Unreadable`
    if the file is there but cannot be used."""
    path = Path(out_dir) / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty()
    except (OSError, ValueError) as error:
        raise Unreadable(f"{path} cannot be read: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise Unreadable(f"{path} is not a manifest (no list of entries)")
    entries = [cast(Entry, e) for e in data["entries"] if isinstance(e, dict) and _has_key(e)]
    read_back: Manifest = {**empty(), "entries": entries}
    if isinstance(data.get("lecture"), dict):
        read_back["lecture"] = cast(Lecture, data["lecture"])
    return read_back


def load(out_dir: Path) -> Manifest:
    """The manifest in ``out_dir``; an empty one if there is none or it is unreadable
    (:func:`renderkit.outputs.adopt.recover_manifest` deals with an unreadable one first)."""
    try:
        return read(out_dir)
    except Unreadable:
        return empty()


def _has_key(entry: dict[str, Any]) -> bool:
    return all(k in entry for k in ("scene", "quality", "theme", "format", "transparent"))


def find(manifest: Manifest, key: Key) -> Entry | None:
    return next((e for e in manifest["entries"] if entry_key(e) == key), None)


def _sort_key(entry: Entry, story: list[str]) -> tuple[Any, ...]:
    scene = entry["scene"]
    if scene == EXPLAINER:
        scene_rank = len(story) + 1
    else:
        scene_rank = story.index(scene) if scene in story else len(story)
    names = [q.name for q in QUALITIES]
    quality = entry["quality"]
    quality_rank = (names.index(quality), "") if quality in names else (len(names), quality)
    theme = THEMES.index(entry["theme"]) if entry["theme"] in THEMES else len(THEMES)
    fmt = FORMATS.index(entry["format"]) if entry["format"] in FORMATS else len(FORMATS)
    variant = str(entry.get("variant") or "")
    return (scene_rank, scene, variant, quality_rank, theme, bool(entry["transparent"]), fmt)


def merge(manifest: Manifest, new: Iterable[Entry], story: Iterable[str]) -> Manifest:
    """``manifest`` with ``new`` entries replacing those of the same key, sorted."""
    by_key = {entry_key(e): e for e in manifest["entries"]}
    for entry in new:
        by_key[entry_key(entry)] = entry
    order = list(story)
    entries = sorted(by_key.values(), key=lambda e: _sort_key(e, order))
    merged: Manifest = {**empty(), "entries": entries}
    if "lecture" in manifest:
        merged["lecture"] = manifest["lecture"]
    return merged


def write(out_dir: Path, manifest: Manifest) -> Path:
    path = Path(out_dir) / MANIFEST_NAME
    files.write_text(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return path


def update(out_dir: Path, new: Iterable[Entry], story: Iterable[str]) -> Manifest:
    """Merge ``new`` into the manifest on disk (read just before writing) and write it."""
    merged = merge(load(out_dir), new, story)
    write(out_dir, merged)
    return merged


def set_lecture(out_dir: Path, lecture: Lecture) -> Manifest:
    """Record the presenter and deck in the manifest on disk."""
    current = load(out_dir)
    current["lecture"] = lecture
    write(out_dir, current)
    return current


def files_of(entry: Entry) -> list[str]:
    """Every file an entry names (relative paths)."""
    found = [entry["path"]]
    if entry.get("poster"):
        found.append(entry["poster"] or "")
    captions = [entry.get("captions")]
    for section in entry.get("sections") or []:
        found.append(section["path"])
        captions.append(section.get("captions"))
    for pair in captions:
        if pair:
            found += [pair["srt"], pair["vtt"]]
    found += [entry[k] for k in ("transcript", "transcript_md") if entry.get(k)]
    return found


def is_current(out_dir: Path, entry: Entry | None, fingerprint: str, sections: bool) -> bool:
    """Whether ``entry`` still describes what a render with ``fingerprint`` would make:
    same fingerprint, every file present, the video and clips with their recorded sha256,
    and section clips if they are asked for."""
    if entry is None or not fingerprint or entry.get("fingerprint") != fingerprint:
        return False
    if sections and entry.get("sections") is None:
        return False
    out_dir = Path(out_dir)
    if not all((out_dir / rel).is_file() for rel in files_of(entry)):
        return False
    checked = [(entry["path"], entry.get("sha256"))]
    checked += [(s["path"], s.get("sha256")) for s in entry.get("sections") or []]
    return all(digest and files.sha256_file(out_dir / rel) == digest for rel, digest in checked)
