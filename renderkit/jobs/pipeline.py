"""One render pass: decide what is out of date, render it in workers, record it.

The path a run takes: ``render.py`` (options) -> :func:`render_pass` (this module) ->
:class:`renderkit.jobs.beats.SceneWork` (which beats of each scene to render, in which
jobs) -> :func:`renderkit.jobs.runner.run_jobs` (the job processes, at most ``-j`` at
once, or tasks on a Dask cluster) -> :mod:`renderkit.jobs.worker` (manim renders beats
and caches their clips) -> the scene (``scenes/``) -> the numbers (``mathcore/``); then
:mod:`renderkit.jobs.beats` joins each scene's files from its beat clips
(:mod:`renderkit.outputs.publish`), and the pass writes the lecture, the full cut and the
gallery. Nothing here climbs back up: the pass returns its outcomes and the command line
reports them.

A scene is up to date when its fingerprint (its source files and everything they import
from the project, the settings, manim's version; see :mod:`renderkit.plan.fingerprint`) equals
the one recorded in the manifest and every file the entry names is there with its
recorded hash. ``explainer`` joins the scenes' videos (:mod:`renderkit.outputs.cut`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scenes.registry import SCENE_NAMES, SCENES, SceneInfo, find_scene

from ..outputs import adopt, cut, manifest
from ..outputs.files import sweep_temps
from ..outputs.manifest import Entry
from ..pages.gallery import write_gallery
from ..pages.lecture import write_lecture
from ..pages.transcript import write_explainer_transcript
from ..plan.fingerprint import scene_fingerprint
from ..plan.spec import EXPLAINER, PIPELINE_VERSION, RenderSpec
from ..plan.variants import Variant, explainer_variant
from .beats import SceneWork
from .protocol import PROJECT, Outcome, Status, log_job, one_line
from .runner import Job, LocalJob, Progress, run_jobs

__all__ = [
    "Settings",
    "fingerprint",
    "render_pass",
    "select",
    "stale_variants",
    "watch_and_render",
]

#: Where warnings go (render.py passes a printer to stderr).
Warn = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    """What one run renders; shared by the first pass and every ``--watch`` pass."""

    scenes: tuple[SceneInfo, ...]  #: in story order
    explainer: bool  #: also join them into the full cut
    quality: str  #: the quality label (``medium`` or ``640x360-24fps``)
    theme: str
    fmt: str
    transparent: bool
    width: int
    height: int
    fps: int
    sections: bool
    out: Path
    jobs: int | None = None  #: worker processes (None: one per core)
    force: bool = False
    progress: bool = True  #: draw the progress line (on a terminal)
    cluster: Executor | None = None  #: run the jobs there (see :mod:`renderkit.jobs.cluster`)
    present: bool = False  #: write present.html (see :mod:`renderkit.pages.lecture`)
    one_file: bool = False  #: ... with every clip inside it
    pptx: bool = False  #: write present.pptx
    #: the scenes rendered with other values than their defaults (``--set``, ``--config``)
    variants: Mapping[str, Variant] = field(default_factory=dict, hash=False)

    def only(self, scenes: Sequence[SceneInfo]) -> Settings:
        """The same settings for fewer scenes."""
        return replace(self, scenes=tuple(scenes))


def select(names: Sequence[str]) -> tuple[list[SceneInfo], bool]:
    """The scenes named (story order; none named: all) and whether the explainer was
    asked for (it takes every scene). ``KeyError`` with a one-line message for a name
    that is neither a scene nor ``explainer``."""
    explainer = any(name.lower() == EXPLAINER for name in names)
    wanted = set()
    for name in names:
        if name.lower() == EXPLAINER:
            continue
        try:
            wanted.add(find_scene(name).name)
        except KeyError:
            valid = ", ".join([*SCENE_NAMES, EXPLAINER])
            raise KeyError(f"unknown scene {name!r}; valid names: {valid}") from None
    everything = explainer or not names
    return [s for s in SCENES if everything or s.name in wanted], explainer


#: What writes each beat's screen description (the transcript) in the beat jobs: a
#: change there renders the beats again, as a change to the scene would.
DESCRIBER = ("scenes/inspection/describe.py", "scenes/inspection/plaintext.py")


def _describer() -> str:
    digest = hashlib.sha256()
    for rel in DESCRIBER:
        path = PROJECT / rel
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def fingerprint(info: SceneInfo, s: Settings, *, without_own: bool = False) -> str:
    """The scene's inputs under these settings, as one hash (see module docstring);
    ``without_own``: all but the scene file's own text (the base of beat fingerprints)."""
    return scene_fingerprint(
        info.file,
        without_own=without_own,
        theme=s.theme,
        quality=s.quality,
        fmt=s.fmt,
        transparent=s.transparent,
        resolution=(s.width, s.height),
        fps=s.fps,
        extra={"pipeline": PIPELINE_VERSION, "describer": _describer(), **_variant_fields(s, info)},
    )


def spec_for(s: Settings, info: SceneInfo | None, digest: str) -> RenderSpec:
    """The job for one scene (``info``) or for the full cut (``None``)."""
    return RenderSpec(
        scene=info.name if info else EXPLAINER,
        class_name=info.class_name if info else "",
        module=info.module if info else "",
        quality=s.quality,
        theme=s.theme,
        format=s.fmt,
        transparent=s.transparent,
        width=s.width,
        height=s.height,
        fps=s.fps,
        sections=s.sections and info is not None,
        out_dir=str(Path(s.out).resolve()),
        fingerprint=digest,
        **_variant_fields(s, info),
    )


def _variant_fields(s: Settings, info: SceneInfo | None) -> dict[str, Any]:
    """A variant's ``variant`` and ``params`` (its fingerprint covers them; a default
    render's params are the source's, filled in when it renders); for the full cut
    (``None``), the variant name its scenes share."""
    if info is None:
        names = [s.variants[i.name].name if i.name in s.variants else "" for i in s.scenes]
        return {"variant": explainer_variant(names)}
    variant = s.variants.get(info.name)
    return {"variant": variant.name, "params": variant.values} if variant else {}


def _current(s: Settings, entry: Entry | None, spec: RenderSpec) -> bool:
    """Whether the recorded ``entry`` is this job's output, whole and made from the same
    inputs (and the run does not insist on rendering: ``--force``)."""
    return not s.force and manifest.is_current(s.out, entry, spec.fingerprint, spec.sections)


def stale_variants(s: Settings) -> list[RenderSpec]:
    """The jobs of the run's variants that are not up to date (what ``render.py`` hands
    to the layout check before anything renders)."""
    recorded = manifest.load(s.out)
    specs = [
        spec_for(s, info, fingerprint(info, s)) for info in s.scenes if info.name in s.variants
    ]
    return [spec for spec in specs if not _current(s, manifest.find(recorded, spec.key), spec)]


def _plan(s: Settings, recorded: manifest.Manifest) -> list[Outcome]:
    """Every scene's outcome so far: up to date, failed before starting, or pending."""
    outcomes: list[Outcome] = []
    for info in s.scenes:
        try:
            spec = spec_for(s, info, fingerprint(info, s))
        except FileNotFoundError:
            rel = info.file.relative_to(info.file.parents[1]).as_posix()
            outcomes.append(
                Outcome(spec_for(s, info, ""), Status.FAILED, error=f"{rel} does not exist")
            )
            continue
        entry = manifest.find(recorded, spec.key)
        if _current(s, entry, spec):
            outcomes.append(Outcome(spec, Status.UP_TO_DATE, entry=entry))
        else:  # the last render's length orders the jobs, longest first
            last = (entry["duration"] if entry else None) or 0.0
            deps = fingerprint(info, s, without_own=True)
            # a default render's params come back from its job (or its plan), so the
            # parent never imports a scene (and manim) itself
            outcomes.append(Outcome(replace(spec, deps=deps, weight=last), Status.PENDING))
    return outcomes


#: Pixels a second of a scene takes to draw, from which a cold scene is worth a dry run
#: first (to split it over idle cores): medium quality, 1280x720 at 30 fps. Below it a
#: scene renders in about the time a dry run and the extra process starts cost.
SPLIT_FROM = 1280 * 720 * 30


def worth_splitting(s: Settings, cores: int, scenes: int) -> bool:
    """Whether scenes rendered for the first time get a dry run so they can be split: at
    least two cores per scene, and frames big enough that rendering dominates."""
    return cores >= 2 * scenes and s.width * s.height * s.fps >= SPLIT_FROM


def _render(
    s: Settings, pending: list[RenderSpec], record: Callable[[Outcome], None]
) -> list[Outcome]:
    """Render the pending scenes as beat jobs over ``-j`` worker processes (stills as
    one job each); every scene's outcome, recorded by ``record`` as it finishes."""
    cores = s.jobs or os.cpu_count() or 1
    works = {spec.key: SceneWork(spec, cores) for spec in pending if spec.is_video}
    first = [replace(spec, mode="still") for spec in pending if not spec.is_video]
    finished: list[Outcome] = []
    for work in works.values():
        first += work.first_jobs(worth_splitting(s, cores, len(pending)), force=s.force)
        if work.outcome is not None:  # assembled in this process: captions only
            finished.append(work.outcome)
            record(work.outcome)
    progress = Progress(enabled=s.progress)

    def on_done(outcome: Outcome) -> list[RenderSpec]:
        log_job(outcome)
        work = works.get(outcome.spec.key)
        more = work.on_job(outcome) if work is not None else []
        scene = work.outcome if work is not None else outcome
        progress.done = sum(len(w.rendered) for w in works.values())
        progress.total = sum(w.beats_to_render() for w in works.values())
        if scene is not None:
            finished.append(scene)
            record(scene)
        return more

    start: Callable[[RenderSpec], Job] = LocalJob
    if s.cluster is not None:
        from .cluster import ClusterJob

        start = functools.partial(ClusterJob, s.cluster)
        cores = max(cores, len(first))  # the scheduler spreads them over its workers
    with progress:
        run_jobs(first, cores, progress=progress, on_done=on_done, start=start)
    return finished


def render_pass(s: Settings, warn: Warn) -> list[Outcome]:
    """Render what is out of date; update the manifest and the gallery.

    Returns the outcomes in story order (the explainer last). A manifest that cannot be
    read is moved aside and rebuilt from the files on disk first (``warn`` says so).
    """
    out = Path(s.out)
    recovered = adopt.recover_manifest(out, SCENE_NAMES)
    if recovered:
        warn(recovered)
    outcomes = _plan(s, manifest.load(out))
    pending = [o.spec for o in outcomes if o.status == Status.PENDING]
    if pending:

        def record(outcome: Outcome) -> None:
            if outcome.ok and outcome.entry is not None:
                manifest.update(out, [outcome.entry], SCENE_NAMES)

        by_key = {o.spec.key: o for o in _render(s, pending, record)}
        outcomes = [by_key.get(o.spec.key, o) for o in outcomes]
    try:
        done = [o.entry for o in outcomes if o.ok and o.entry is not None]
        write_lecture(out, done, present=s.present, one_file=s.one_file, pptx=s.pptx)
    except Exception as error:  # the scenes are rendered; say what the lecture lacks
        warn(f"lecture files not written: {one_line(error)}")
    if s.explainer:
        joined = _explainer(s, outcomes)
        outcomes.append(joined)
        if joined.status == Status.RENDERED and joined.entry is not None:
            manifest.update(out, [joined.entry], SCENE_NAMES)
    _gallery(out, warn)
    return outcomes


def _explainer(s: Settings, scenes: Sequence[Outcome]) -> Outcome:
    """The full cut: join the scenes' videos (if any scene failed, it fails too)."""
    # What the cut is made of: the very clips it joins (and how they were made).
    made_of = [(o.spec.fingerprint, o.entry["sha256"] if o.entry else None) for o in scenes]
    digest = hashlib.sha256(
        json.dumps({"clips": made_of, "pipeline": PIPELINE_VERSION}).encode()
    ).hexdigest()
    spec = spec_for(s, None, digest)
    failed = [o.spec.scene for o in scenes if not o.ok]
    if failed:
        return Outcome(spec, Status.FAILED, error=f"not joined: {', '.join(failed)} failed")
    entry = manifest.find(manifest.load(s.out), spec.key)
    if _current(s, entry, spec):
        return Outcome(spec, Status.UP_TO_DATE, entry=entry)
    joined: list[tuple[Entry, str]] = [
        (o.entry, find_scene(o.spec.scene).summary) for o in scenes if o.entry is not None
    ]
    started = time.monotonic()
    try:
        entry = cut.publish_explainer(spec, joined)
        starts = [chapter["start"] for chapter in entry.get("chapters", [])]
        parts = [(e, title, at) for (e, title), at in zip(joined, starts, strict=True)]
        entry.update(write_explainer_transcript(spec, parts))  # type: ignore[typeddict-item]
    except Exception as error:
        return Outcome(spec, Status.FAILED, error=one_line(error), traceback=traceback.format_exc())
    return Outcome(spec, Status.RENDERED, entry=entry, seconds=time.monotonic() - started)


def _gallery(out: Path, warn: Warn) -> None:
    """Rewrite ``index.html`` from the manifest; a convenience, so never fatal."""
    try:
        write_gallery(out, manifest.load(out))
    except Exception as error:
        warn(f"index.html not written: {error}")


def _fingerprints(s: Settings) -> dict[str, str]:
    found = {}
    for info in s.scenes:
        try:
            found[info.name] = fingerprint(info, s)
        except FileNotFoundError:
            found[info.name] = ""
    return found


def watch_and_render(
    s: Settings,
    warn: Warn,
    on_pass: Callable[[list[Outcome]], None],
    on_ready: Callable[[], None] | None = None,
) -> None:
    """After every saved change under ``scenes/`` or ``mathcore/``, render the scenes whose
    fingerprint changed and hand the outcomes to ``on_pass``; Ctrl-C stops (re-raised
    as ``KeyboardInterrupt`` when it came during a render, after cleaning up).
    ``on_ready`` is called once saves are being watched."""
    from .watch import watch

    last = _fingerprints(s)
    interrupted = False

    def on_change(changed: set[Path]) -> None:
        nonlocal last, interrupted
        now = _fingerprints(s)
        affected = [info for info in s.scenes if now[info.name] != last.get(info.name)]
        last = now
        if not affected:
            return
        # The explainer needs every scene's outcome; up-to-date scenes cost nothing.
        todo = replace(s if s.explainer else s.only(affected), progress=False)
        try:
            outcomes = render_pass(todo, warn)
        except KeyboardInterrupt:
            interrupted = True
            raise
        on_pass(outcomes)

    watch([PROJECT / "scenes", PROJECT / "mathcore"], on_change, on_ready=on_ready)
    sweep_temps(Path(s.out), {os.getpid()})
    if interrupted:
        raise KeyboardInterrupt
