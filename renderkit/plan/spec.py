"""One render job's settings, and where its files go.

A :class:`RenderSpec` is everything a worker process needs to render one scene; it travels
to :mod:`renderkit.jobs.worker` as JSON. The output paths follow the contract::

    OUT/<quality>/<theme>[-transparent]/<scene>.<ext>
    OUT/<quality>/<theme>[-transparent]/<scene>.poster.png | .srt | .vtt
    OUT/<quality>/<theme>[-transparent]/<scene>.sections/<NN>-<section>.<ext>

and each job's scratch files go to ``OUT/.work/jobs/<job-key>/``. A variant (a scene rendered
with other parameter values, ``render.py --set``) writes ``<scene>--<variant>`` in place
of ``<scene>`` in every one of those names, beside the default's files.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The project root: the folder holding ``scenes/``, ``mathcore/`` and ``renderkit/``.
PROJECT = Path(__file__).resolve().parents[2]

FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "mov", "png")
#: The containers that carry an alpha channel (WebM: VP9 yuva420p; MOV: qtrle argb).
ALPHA_FORMATS: tuple[str, ...] = ("webm", "mov", "png")
VIDEO_FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "mov")
THEMES: tuple[str, ...] = ("dark", "light")

#: Bump when what a worker publishes for the same inputs changes (part of the fingerprint).
PIPELINE_VERSION = 3  # 2: GIFs keep their adaptive palette; 3: beats describe the screen
#: The name of the full cut (every scene joined in story order).
EXPLAINER = "explainer"
#: The output folder when none is given (relative to where render.py runs).
DEFAULT_OUT = "media"
#: manim's scratch folders live here, under the output folder; never in the manifest.
WORK_DIR = ".work"
#: A folder for manim's compiled equations that every output folder shares (each output
#: folder keeps its own, ``OUT/.work/tex``, without it).
TEX_CACHE_ENV = "CE_TEX_CACHE"


def tex_cache(out_dir: str | Path) -> Path:
    """Where renders into ``out_dir`` keep compiled equations: ``$CE_TEX_CACHE``, or
    ``out_dir/.work/tex``."""
    return Path(os.environ.get(TEX_CACHE_ENV) or Path(out_dir, WORK_DIR, "tex"))


def format_problem(fmt: str, transparent: bool, sections: bool, explainer: bool) -> str | None:
    """Why these output settings cannot go together (one line), or None."""
    if transparent and fmt not in ALPHA_FORMATS:
        return (
            f"-t/--transparent needs a format that carries alpha: webm (VP9), mov (qtrle) "
            f"or png; {fmt} has no alpha channel"
        )
    if sections and fmt not in VIDEO_FORMATS:
        return f"--sections needs a video format ({', '.join(VIDEO_FORMATS)})"
    if explainer and fmt not in ("mp4", "webm", "mov"):
        return f"{EXPLAINER} joins videos: use -f mp4, webm or mov, not {fmt}"
    return None


@dataclass(frozen=True)
class RenderSpec:
    scene: str  #: kebab-case name (``softmax``) or ``explainer``
    class_name: str  #: the scene class (``Softmax``); empty for the explainer
    module: str  #: its module (``scenes.softmax``); empty for the explainer
    quality: str  #: the quality label: ``low``... or ``<W>x<H>-<fps>fps``
    theme: str
    format: str
    transparent: bool
    width: int
    height: int
    fps: int
    sections: bool
    out_dir: str  #: absolute output folder (holds manifest.json)
    fingerprint: str = ""
    #: What the worker does: ``scene`` (draw every beat), ``plan`` (a dry run that
    #: reports every beat's fingerprint), ``beats`` (beats [first_beat, stop_beat), each
    #: drawn unless its clip is cached) or ``still`` (the last frame, for png); ``captions``
    #: names the parent's own re-timing in the job log (no process).
    mode: str = "scene"
    first_beat: int = 0
    stop_beat: int = -1  #: -1: to the end
    deps: str = ""  #: the settings and imported project files, for beat fingerprints
    weight: float = 0.0  #: expected cost (scene seconds to render), for scheduling
    variant: str = ""  #: the variant's name; empty for the scene's default values
    #: every parameter's value (a variant's, or the defaults), JSON-able
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def key(self) -> tuple[str, str, str, str, bool, str]:
        """The manifest identity of this job's entry."""
        return (self.scene, self.quality, self.theme, self.format, self.transparent, self.variant)

    @property
    def stem(self) -> str:
        """The scene's files' name: ``softmax``, or ``softmax--<variant>`` for a variant."""
        return f"{self.scene}--{self.variant}" if self.variant else self.scene

    @property
    def folder(self) -> str:
        """The output folder, relative to ``out_dir`` (POSIX)."""
        return f"{self.quality}/{self.theme}{'-transparent' if self.transparent else ''}"

    def rel(self, suffix: str) -> str:
        """``<folder>/<stem><suffix>``, relative to ``out_dir``."""
        return f"{self.folder}/{self.stem}{suffix}"

    @property
    def video_rel(self) -> str:
        return self.rel(f".{self.format}")

    @property
    def sections_rel(self) -> str:
        return self.rel(".sections")

    def path(self, rel: str) -> Path:
        """The absolute path of a manifest-relative path."""
        return Path(self.out_dir, *rel.split("/"))

    @property
    def scene_key(self) -> str:
        """The scene under these settings: names its beat cache and TeX cache."""
        alpha = "-transparent" if self.transparent else ""
        return f"{self.stem}-{self.quality}-{self.theme}{alpha}-{self.format}"

    @property
    def job_key(self) -> str:
        """This one job (a scene may be split into several)."""
        if self.mode == "beats":
            stop = "end" if self.stop_beat < 0 else str(self.stop_beat)
            return f"{self.scene_key}-beats{self.first_beat}-{stop}"
        return f"{self.scene_key}-{self.mode}"

    @property
    def work_dir(self) -> Path:
        """This job's private manim media folder."""
        return Path(self.out_dir, WORK_DIR, "jobs", self.job_key)

    @property
    def label(self) -> str:
        """How the progress line names this job (``softmax``, ``softmax 3-5``)."""
        if self.mode == "beats" and (self.first_beat or self.stop_beat >= 0):
            stop = "end" if self.stop_beat < 0 else str(self.stop_beat)
            return f"{self.stem} {self.first_beat + 1}-{stop}"
        return self.stem if self.mode != "plan" else f"{self.stem} (plan)"

    @property
    def tex_cache(self) -> Path:
        """manim's ``Tex/`` cache, shared by every job of every scene at every quality
        and theme (an equation compiles to the same SVG whatever its size and colour):
        ``$CE_TEX_CACHE``, or ``OUT/.work/tex``."""
        return tex_cache(self.out_dir)

    @property
    def clip_format(self) -> str:
        """What manim writes: GIFs are made from an MP4 (see :mod:`renderkit.outputs.media`)."""
        return "mp4" if self.format == "gif" else self.format

    @property
    def is_video(self) -> bool:
        return self.format in VIDEO_FORMATS

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RenderSpec:
        return cls(**json.loads(text))
