"""Render ONE scene in this process and publish its files: ``python -m renderkit.worker SPEC``.

``SPEC`` is a JSON file holding a :class:`renderkit.spec.RenderSpec`. The worker sets the
theme (``CE_THEME``), configures manim for this job alone (size, frame rate, format,
transparency, sections; its own media folder ``OUT/.work/<job-key>/``, so parallel jobs
never share a file), renders, then publishes the results under ``OUT`` with
:mod:`renderkit.publish` (every file written beside its final path and moved in when
complete), and writes ``result.json`` in its work folder: ``{"ok": true, "entry": {...}}``
(the scene's manifest entry) or ``{"ok": false, "error": "<one line>", "traceback": ...}``.

Exit status: 0 rendered, 1 failed (the result says why), 130 interrupted (SIGINT or
SIGTERM: temporaries are removed on the way out).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from . import files, publish
from .manifest import Entry
from .publish import SceneError
from .spec import RenderSpec

RESULT_NAME = "result.json"
SPEC_NAME = "spec.json"
LOG_NAME = "worker.log"


def _interrupt(signum: int, frame: object) -> None:
    # One interrupt is enough: a second one (the terminal's SIGINT followed by
    # render.py's SIGTERM) must not break the clean-up the first one started.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt(f"signal {signum}")


def one_line(error: BaseException) -> str:
    """``Type: message (file:line)`` naming the deepest project frame, on one line."""
    message = " ".join(str(error).split()) or type(error).__name__
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.parent.name in ("scenes", "components", "mathcore"):
            where = f" ({path.parent.name}/{path.name}:{frame.lineno})"
            break
    return f"{type(error).__name__}: {message}{where}"


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
    return {
        "verbosity": "ERROR",
        "progress_bar": "none",
        "notify_outdated_version": False,
        "pixel_width": spec.width,
        "pixel_height": spec.height,
        "frame_rate": spec.fps,
        # GIFs are made from the MP4 by media.encode_gif: manim's own GIF writer uses a
        # fixed 3-3-2 palette (dithered, 75x larger, off-colour).
        "format": "mp4" if spec.format == "gif" else spec.format,
        "transparent": spec.transparent,
        "save_sections": spec.sections and spec.is_video,
        "media_dir": str(spec.work_dir),
        "disable_caching": True,
    }


def render(spec: RenderSpec) -> tuple[Any, Any]:
    """Render the scene; return ``(scene, file_writer)``. Raises :class:`SceneError`."""
    from scenes.registry import find_scene
    from scenes.theme import THEME_ENV

    os.environ[THEME_ENV] = spec.theme
    work = spec.work_dir
    for stale in ("videos", "images"):  # nothing from an earlier run may be published
        shutil.rmtree(work / stale, ignore_errors=True)
    info = find_scene(spec.scene)
    try:
        scene_cls = info.load()
    except Exception as error:
        raise SceneError(f"cannot load {info.module}: {one_line(error)}") from error

    from manim import tempconfig

    with tempconfig(_manim_options(spec)):
        scene = scene_cls()
        try:
            scene.render()
        except ValueError as error:
            message = latex_error(error)
            if message is not None:
                raise SceneError(message) from error
            raise
        return scene, scene.renderer.file_writer


def _first_beat_end(scene: Any) -> float | None:
    """When the poster is taken: the end of the first beat (``ExplainerScene.beats``)."""
    beats = getattr(scene, "beats", None) or []
    return beats[0].end if beats and beats[0].end > 0 else None


def run(spec: RenderSpec) -> Entry:
    """Render and publish one scene; return its manifest entry."""
    scene, fw = render(spec)
    if spec.is_video:
        sections = Path(fw.output_plan.section_index) if spec.sections else None
        entry = publish.publish_video(
            spec,
            Path(fw.movie_file_path),
            Path(fw.output_plan.subcaption_file),
            sections,
            _first_beat_end(scene),
        )
    else:
        entry = publish.publish_still(spec, Path(fw.image_file_path))
    # The segments are scratch; the Tex/text caches stay for the next run.
    shutil.rmtree(spec.work_dir / "videos", ignore_errors=True)
    shutil.rmtree(spec.work_dir / "images", ignore_errors=True)
    return entry


def _write_result(path: Path, result: dict[str, Any]) -> None:
    files.write_text(path, json.dumps(result, indent=1))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m renderkit.worker SPEC.json", file=sys.stderr)
        return 2
    spec = RenderSpec.from_json(Path(args[0]).read_text(encoding="utf-8"))
    result_file = spec.work_dir / RESULT_NAME
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.monotonic()
    try:
        entry = run(spec)
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
    _write_result(result_file, {"ok": True, "entry": entry, "seconds": seconds})
    return 0


if __name__ == "__main__":
    sys.exit(main())
