"""Rebuild a manifest that cannot be read from the files that are there.

A ``manifest.json`` that is not valid JSON (a crash of some other tool, a bad merge, a
hand edit) must not make the gallery forget every video. It is moved aside to
``manifest.json.corrupt-<timestamp>`` and a new manifest adopts every output it can
identify from its path, ``OUT/<quality>/<theme>[-transparent]/<scene>[--<variant>].<format>``,
measured with PyAV (duration, size, frame rate, hash), with its poster, captions, beat
clips, its transcript and each beat's description (read back from the JSON the transcript
page carries, :func:`transcript_data`) and (for the explainer) the chapters written inside
the file. Adopted entries have no fingerprint, so the next render of that scene renders it
again.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..plan.spec import EXPLAINER, FORMATS, THEMES, WORK_DIR, RenderSpec
from . import manifest
from .files import is_temp_name
from .manifest import Captions, Chapter, Entry, Section
from .publish import make_entry

_QUALITY = re.compile(r"^(low|medium|high|production|4k|\d+x\d+-\d+fps)$")
_CLIP = re.compile(r"^(\d+)-(.+)$")
#: Where a transcript page (``renderkit.pages.transcript``) keeps its beats as JSON.
TRANSCRIPT_DATA_ID = "transcript-data"
_TRANSCRIPT_DATA = re.compile(
    rf'<script type="application/json" id="{TRANSCRIPT_DATA_ID}">(.*?)</script>', re.S
)


def transcript_data(page: Path) -> list[dict[str, Any]]:
    """The parts (``{"title", "beats": [{"number", "name", "start", "caption",
    "description"}]}``) a transcript page carries; none if it is not there or has none."""
    try:
        found = _TRANSCRIPT_DATA.search(Path(page).read_text(encoding="utf-8"))
        parts = json.loads(found.group(1)) if found else []
    except (OSError, ValueError):
        return []
    return parts if isinstance(parts, list) else []


def recover_manifest(out_dir: Path, story: Sequence[str]) -> str | None:
    """If ``out_dir/manifest.json`` is unreadable: move it aside, write one that adopts
    every identifiable output, and return the one-line warning to show; else None."""
    out_dir = Path(out_dir)
    try:
        manifest.read(out_dir)
        return None
    except manifest.Unreadable:
        pass
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = out_dir / manifest.MANIFEST_NAME
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    adopted = list(adopt_outputs(out_dir, story))
    manifest.write(out_dir, manifest.merge(manifest.empty(), adopted, story))
    return (
        f"{path} could not be read; moved it to {aside.name} and rebuilt it "
        f"from the {len(adopted)} outputs found"
    )


def adopt_outputs(out_dir: Path, story: Sequence[str]) -> Iterator[Entry]:
    """An entry for every output under ``out_dir`` whose path names what it is."""
    out_dir = Path(out_dir).resolve()
    for folder in sorted(p for p in out_dir.glob("*/*") if p.is_dir()):
        quality, theme_dir = folder.parent.name, folder.name
        theme, _, alpha = theme_dir.partition("-")
        if not _QUALITY.match(quality) or theme not in THEMES or alpha not in ("", "transparent"):
            continue
        if folder.parent.name == WORK_DIR:
            continue
        for video in sorted(folder.iterdir()):
            (scene, _, variant), fmt = video.stem.partition("--"), video.suffix.lstrip(".")
            if scene not in (*story, EXPLAINER) or fmt not in FORMATS or is_temp_name(video.name):
                continue
            spec = _spec(out_dir, scene, quality, theme, fmt, alpha == "transparent", variant)
            try:
                yield _adopt(spec, video, story)
            except Exception:  # not a readable video after all: leave it out
                continue


def _spec(
    out: Path, scene: str, quality: str, theme: str, fmt: str, alpha: bool, variant: str = ""
) -> RenderSpec:
    """A spec that names the files (its size fields are not used for adoption); a
    variant's values are not in its files, so its entry records none."""
    return RenderSpec(
        scene, "", "", quality, theme, fmt, alpha, 0, 0, 0, False, str(out), variant=variant
    )


def _captions(spec: RenderSpec, rel_base: str) -> Captions | None:
    if spec.path(f"{rel_base}.srt").is_file() and spec.path(f"{rel_base}.vtt").is_file():
        return {"srt": f"{rel_base}.srt", "vtt": f"{rel_base}.vtt"}
    return None


def _descriptions(spec: RenderSpec) -> list[str | None]:
    """Each beat's description, in order, from the scene's transcript page (None where
    the beat job recorded none)."""
    parts = transcript_data(spec.path(spec.rel(".transcript.html")))
    beats = [beat for part in parts for beat in part.get("beats", [])]
    return [
        str(beat["description"].get("text", "")) if beat.get("description") else None
        for beat in beats
    ]


def _sections(spec: RenderSpec) -> list[Section] | None:
    from .files import sha256_file
    from .media import probe

    folder = spec.path(spec.sections_rel)
    clips = sorted(folder.glob(f"*.{spec.format}")) if folder.is_dir() else []
    sections: list[Section] = []
    described = _descriptions(spec)
    start = 0.0
    for clip in clips:
        match = _CLIP.match(clip.stem)
        if match is None or is_temp_name(clip.name):
            continue
        duration = probe(clip)["duration"] or 0.0
        rel = f"{spec.sections_rel}/{clip.name}"
        section = Section(
            name=match.group(2),
            path=rel,
            start=round(start, 3),
            duration=duration,
            sha256=sha256_file(clip),
            captions=_captions(spec, f"{spec.sections_rel}/{clip.stem}"),
        )
        said = described[len(sections)] if len(sections) < len(described) else None
        if said is not None:
            section["description"] = said
        sections.append(section)
        start += duration
    return sections or None


def _chapters(video: Path, story: Sequence[str]) -> list[Chapter]:
    """The chapters written inside the joined video; the cut joins every scene in story
    order, so chapter ``i`` is scene ``story[i]`` when the counts agree."""
    import av

    with av.open(str(video)) as container:
        found = container.chapters()
    scenes = list(story) if len(found) == len(story) else [""] * len(found)
    return [
        Chapter(
            scene=scene,
            title=c["metadata"].get("title", ""),
            start=round(float(c["start"] * (c["time_base"] or 1)), 3),
        )
        for scene, c in zip(scenes, found, strict=True)
    ]


def _adopt(spec: RenderSpec, video: Path, story: Sequence[str]) -> Entry:
    poster = spec.rel(".poster.png")
    entry = make_entry(
        spec,
        video,
        poster=poster if spec.path(poster).is_file() else None,
        captions=_captions(spec, spec.rel("")),
        sections=_sections(spec) if spec.is_video else None,
    )
    if spec.scene == EXPLAINER:
        entry["chapters"] = _chapters(video, story)
    html, md = spec.rel(".transcript.html"), spec.rel(".transcript.md")
    if spec.path(html).is_file() and spec.path(md).is_file():
        entry["transcript"], entry["transcript_md"] = html, md
    return entry
