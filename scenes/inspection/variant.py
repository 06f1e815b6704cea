"""The layout check of one variant, in a process of its own (render.py runs it before
rendering a variant; see :mod:`renderkit.jobs.layoutcheck`)::

    python -m scenes.inspection.variant '{"scene": "softmax", "theme": "dark",
        "params": {"logits": [3, 1, -1, 0.5], ...}, "media": "/tmp/ce-layout-x/0"}'

prints one JSON line, ``{"problem": null}`` or ``{"problem": "the layout breaks at beat
show_logits: 'hippo' overlaps 'cat'"}``.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scenes.params import variant_class
from scenes.registry import find_scene

from .probe import run_scene


def _one_line(error: BaseException) -> str:
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).parent.name in ("scenes", "components", "mathcore"):
            where = f" ({Path(frame.filename).name}:{frame.lineno})"
            break
    return f"{type(error).__name__}: {' '.join(str(error).split())}{where}"


def check_variant(scene: str, theme: str, params: Mapping[str, Any], media: Path) -> str | None:
    """Construct the scene with ``params`` (animations skipped) and check the layout at
    every beat end; the first problem as ``the layout breaks at beat <beat>: <what>``."""
    try:
        scene_cls = variant_class(find_scene(scene).load(), params)
        run = run_scene(scene_cls, theme, media)
    except Exception as error:
        return f"the scene cannot be drawn with these values: {_one_line(error)}"
    for checkpoint in run.checkpoints:
        if checkpoint.problems:
            return f"the layout breaks at beat {checkpoint.beat.name}: {checkpoint.problems[0]}"
    return None


def main(argv: list[str] | None = None) -> int:
    job = json.loads((sys.argv[1:] if argv is None else argv)[0])
    problem = check_variant(job["scene"], job["theme"], job["params"], Path(job["media"]))
    print(json.dumps({"problem": problem}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
