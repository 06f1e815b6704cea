"""Do ONE render job in this process: ``python -m renderkit.jobs.worker SPEC``.

``SPEC`` is a JSON file holding a :class:`renderkit.plan.spec.RenderSpec`. The worker sets the
theme (``CE_THEME``), configures manim for this job alone (size, frame rate, format,
transparency; its own media folder ``OUT/.work/jobs/<job-key>/``, so parallel jobs never
share a file; the scene's TeX cache shared) and runs the scene wrapped by
:mod:`renderkit.jobs.beatjob`. By the spec's ``mode`` it then

- ``plan``: reports every beat (fingerprint, length, caption cues, whether its clip is
  cached), rendering no frame;
- ``scene``: renders every beat (a first render, or ``--force``);
- ``beats``: one pass over beats [first_beat, stop_beat): at each beat's start it looks
  its fingerprint up in the scene's beat cache and skips the beat if its clip is there
  (and still valid for what it read), or renders it;
- ``still``: saves the last frame and publishes it (``-f png``);

and copies each rendered beat's clip into the beat cache (``<fingerprint>.<ext>``) with
its report beside it (``<fingerprint>.json``).

It writes ``result.json`` in its work folder as :mod:`renderkit.jobs.protocol` says; the
parent (:mod:`renderkit.jobs.beats`) assembles the scene's files from the beat clips.

Exit status: 0 done, 1 failed (the result says why), 130 interrupted (SIGINT or
SIGTERM: temporaries are removed on the way out).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..outputs import files, publish
from ..outputs.publish import SceneError
from ..plan.spec import RenderSpec
from .beatjob import BeatReport
from .protocol import RESULT_NAME, beat_cache, clip_path, meta_path, one_line, share_caches


def _interrupt(signum: int, frame: object) -> None:
    # One interrupt is enough: a second one (the terminal's SIGINT followed by
    # render.py's SIGTERM) must not break the clean-up the first one started.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt(f"signal {signum}")


def latex_error(error: BaseException) -> str | None:
    """manim's LaTeX failure as one line: the ``!`` error line and the offending TeX.

    manim raises ``ValueError("latex error converting to dvi. ... log file: X.log")``
    after logging the details; the log and the .tex beside it hold what we show.
    """
    text = str(error)
    match = re.search(r"error converting to \w+.*?log file:\s*(\S+\.log)", text, re.S)
    if match is None:
        return None
    log = Path(match.group(1))
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return f"LaTeX error (see {log})"
    bang = next((i for i, line in enumerate(lines) if line.startswith("!")), None)
    if bang is None:
        return f"LaTeX error (see {log})"
    problem = lines[bang].strip()
    # TeX shows where it stopped: "<argument> \bogus" or "l.8 p = \frac{1}{\bogus"
    context = lines[bang + 1 : bang + 12]
    at = next((line.split()[-1] for line in context if line.startswith("<") and line.split()), "")
    if not at:
        at = next((line.split()[-1] for line in context if re.match(r"l\.\d+ \S", line)), "")
    offending = _tex_body(log.with_suffix(".tex"))
    return (
        f"LaTeX error: {problem}"
        + (f" (at {at})" if at else "")
        + (f" in: {offending}" if offending else "")
    )


def _tex_body(tex_file: Path) -> str:
    """The user's TeX inside manim's template (document and environment lines dropped)."""
    try:
        lines = tex_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    try:
        body = lines[lines.index("\\begin{document}") + 1 : lines.index("\\end{document}")]
    except ValueError:
        body = lines
    body = [line for line in body if not re.fullmatch(r"\s*\\(begin|end)\{[^}]*\}\s*", line)]
    text = " ".join(re.sub(r"\\special\{dvisvgm:raw [^}]*\}", "", line) for line in body)
    return " ".join(text.split())


def _manim_options(spec: RenderSpec) -> dict[str, Any]:
    # verbosity first: setting the format to webm logs a warning otherwise.
    video = spec.is_video and spec.mode != "plan"
    return {
        "verbosity": "ERROR",
        "progress_bar": "none",
        "notify_outdated_version": False,
        "pixel_width": spec.width,
        "pixel_height": spec.height,
        "frame_rate": spec.fps,
        # GIFs are made from the MP4 by media.encode_gif: manim's own GIF writer uses a
        # fixed 3-3-2 palette (dithered, 75x larger, off-colour).
        "format": spec.clip_format,
        "transparent": spec.transparent,
        "write_to_movie": video,
        "save_sections": video,  # a beat is a section: its clip is what gets published
        "save_last_frame": spec.mode == "still",
        "media_dir": str(spec.work_dir),
        "tex_dir": str(spec.work_dir / "Tex"),
        "text_dir": str(spec.work_dir / "texts"),
        "disable_caching": True,
    }


def _scene_class(spec: RenderSpec, reports: list[BeatReport]) -> type:
    """The scene class (with a variant's values), wrapped to render only the job's beats
    and report every beat."""
    from scenes.registry import find_scene

    info = find_scene(spec.scene)
    try:
        scene_cls: type = info.load()
    except Exception as error:
        raise SceneError(f"cannot load {info.module}: {one_line(error)}") from error
    if spec.variant:  # before the beat-job wrap: its values digest sees the variant's
        from scenes.params import variant_class

        scene_cls = variant_class(scene_cls, spec.params)
    if spec.mode == "still":
        return scene_cls
    from .beatjob import job_class

    everything = 1 << 30  # a plan skips every beat
    start = everything if spec.mode == "plan" else spec.first_beat
    stop = None if spec.stop_beat < 0 else spec.stop_beat
    lookup = None if spec.mode == "scene" else functools.partial(is_cached, spec)
    return job_class(
        scene_cls, start=start, stop=stop, deps=spec.deps, reports=reports, is_cached=lookup
    )


def is_cached(spec: RenderSpec, fingerprint: str, pieces: dict[str, dict[str, str]]) -> bool:
    """Whether the beat's clip is in the beat cache with its report, and every tracked
    piece the report says it read is as it was (``pieces``: as they are now)."""
    if not clip_path(spec, fingerprint).is_file():
        return False
    try:
        meta = json.loads(meta_path(spec, fingerprint).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    reads = meta.get("reads") if isinstance(meta, dict) else None
    if not isinstance(reads, dict):
        return False
    return all(
        pieces.get(attr, {}).get(key) == digest
        for attr, read in reads.items()
        for key, digest in dict(read).items()
    )


def render(spec: RenderSpec, reports: list[BeatReport]) -> Any:
    """Render the scene as the spec says; return manim's file writer. Raises
    :class:`SceneError` for what the user can act on (a module that does not load, TeX)."""
    from scenes.theme import THEME_ENV

    os.environ[THEME_ENV] = spec.theme
    for stale in ("videos", "images"):  # nothing from an earlier run may be published
        shutil.rmtree(spec.work_dir / stale, ignore_errors=True)
    share_caches(spec.tex_cache, spec.work_dir)
    scene_cls = _scene_class(spec, reports)

    from manim import tempconfig

    _tolerate_unreadable_section_rates()
    with tempconfig(_manim_options(spec)):
        scene = scene_cls()
        try:
            scene.render()
        except ValueError as error:
            message = latex_error(error)
            if message is not None:
                raise SceneError(message) from error
            raise
        share_caches(spec.work_dir, spec.tex_cache)
        return scene.renderer.file_writer


def _tolerate_unreadable_section_rates() -> None:
    """manim describes each section clip in its index with ``get_video_metadata``, which
    fails on a clip whose stream reports no average frame rate (a transparent WebM of a
    few frames). The index's metadata is only informative (we read the names and files),
    so such a clip is listed without it."""
    import manim.scene.section as section

    original = section.get_video_metadata
    if getattr(original, "tolerant", False):
        return

    def tolerant(path: Path) -> dict[str, Any]:
        try:
            return dict(original(path))
        except AttributeError:
            return {}

    tolerant.tolerant = True  # type: ignore[attr-defined]
    section.get_video_metadata = tolerant  # type: ignore[assignment]


def store_clips(spec: RenderSpec, writer: Any, reports: list[BeatReport]) -> dict[str, str]:
    """Copy each rendered beat's clip (its manim section) into the scene's beat cache as
    ``<fingerprint>.<ext>``; return ``{fingerprint: file name}``."""
    index_file = Path(writer.output_plan.section_index)
    index = json.loads(index_file.read_text(encoding="utf-8")) if index_file.exists() else []
    rendered = [r for r in reports if r.rendered and r.seconds > 0]
    names = [section["name"] for section in index]
    if names != [r.name for r in rendered]:
        raise SceneError(f"manim's sections {names} are not the beats {[r.name for r in rendered]}")
    clips = {}
    for report, section in zip(rendered, index, strict=True):
        name = f"{report.fingerprint}.{spec.clip_format}"
        files.copy_file(
            Path(writer.sections_output_dir) / section["video"], beat_cache(spec) / name
        )
        files.write_text(meta_path(spec, report.fingerprint), json.dumps(report.to_json()))
        clips[report.fingerprint] = name
    return clips


def default_params(scene: str) -> dict[str, Any]:
    """The scene's parameters at their defaults (what the manifest records of a default
    render), read from its module, which the render has loaded; none if it has none."""
    from scenes.registry import find_scene

    from ..plan.variants import param_set

    try:
        defaults = param_set(find_scene(scene)).defaults()
    except Exception:  # rendered, so it loads; a manifest without params is no failure
        return {}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in defaults.items()}


def run(spec: RenderSpec) -> dict[str, Any]:
    """Do the spec's job; return what goes into ``result.json`` besides ``ok``: the
    still's manifest ``entry``, or the ``beats`` reached and the ``clips`` stored."""
    reports: list[BeatReport] = []
    writer = render(spec, reports)
    spec = replace(spec, params=spec.params or default_params(spec.scene))
    try:
        if spec.mode == "still":
            return {"entry": publish.publish_still(spec, Path(writer.image_file_path))}
        clips = store_clips(spec, writer, reports) if spec.mode != "plan" else {}
        return {"beats": [r.to_json() for r in reports], "clips": clips, "params": spec.params}
    finally:  # the segments are scratch; the TeX caches stay for the next run
        shutil.rmtree(spec.work_dir / "videos", ignore_errors=True)
        shutil.rmtree(spec.work_dir / "images", ignore_errors=True)


def _write_result(path: Path, result: dict[str, Any]) -> None:
    files.write_text(path, json.dumps(result, indent=1))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m renderkit.jobs.worker SPEC.json", file=sys.stderr)
        return 2
    spec = RenderSpec.from_json(Path(args[0]).read_text(encoding="utf-8"))
    result_file = spec.work_dir / RESULT_NAME
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.monotonic()
    try:
        result = run(spec)
    except KeyboardInterrupt:
        return 130
    except SceneError as error:
        _write_result(
            result_file,
            {"ok": False, "error": str(error), "traceback": traceback.format_exc()},
        )
        return 1
    except Exception as error:
        _write_result(
            result_file,
            {"ok": False, "error": one_line(error), "traceback": traceback.format_exc()},
        )
        return 1
    seconds = round(time.monotonic() - started, 2)
    _write_result(result_file, {"ok": True, **result, "seconds": seconds})
    return 0


if __name__ == "__main__":
    sys.exit(main())
