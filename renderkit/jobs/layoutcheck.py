"""Before a variant renders: run the layout probe on it and stop on the first problem.

A variant's values are in their declared ranges, which are meant to keep every text
inside the frame and clear of the others; the probe proves it for these values, in
seconds (the scene constructed with its animations skipped, the layout checked at every
beat end; see :mod:`scenes.inspection.variant`). Each variant is probed in a process of
its own (manim's configuration is global), in a scratch media folder outside the output
folder seeded with the scene's compiled TeX; when every check passes, what it compiled
goes to the variant's TeX cache for its render. A variant whose manifest entry is current
was checked when it rendered and is skipped.

The problem comes back as one line naming the scene, the beat and the two texts::

    softmax: the layout breaks at beat show_logits: 'hippo' overlaps 'cat'
    (use other values, or --no-layout-check)
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..plan.spec import RenderSpec
from .protocol import share_caches, start_python

#: A probe that takes longer than this has hung (a cold TeX cache takes about 10 s).
TIMEOUT_SECONDS = 300


def layout_problem(todo: Sequence[RenderSpec], jobs: int | None = None) -> str | None:
    """The first layout problem of these variants' jobs (the ones not up to date, from
    :func:`renderkit.jobs.pipeline.stale_variants`), as one line; None when there is
    none. ``jobs`` probes run at once (None: one per core)."""
    if not todo:
        return None
    workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="ce-layout-") as scratch:
        media = [Path(scratch, str(i)) for i in range(len(todo))]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            problems = list(pool.map(_probe, todo, media))
        for spec, problem in zip(todo, problems, strict=True):
            if problem:
                return f"{spec.scene}: {problem} (use other values, or --no-layout-check)"
        for spec, folder in zip(todo, media, strict=True):  # the renders reuse the TeX
            try:
                share_caches(folder, spec.tex_cache)
            except OSError:
                pass  # a cache is a convenience; the output folder is checked next
    return None


def _probe(spec: RenderSpec, media: Path) -> str | None:
    """Run the probe on one variant in a child process, in ``media``; its first problem
    or None."""
    share_caches(spec.tex_cache, media)  # the equations compiled before: seconds saved
    job = {"scene": spec.scene, "theme": spec.theme, "params": spec.params, "media": str(media)}
    child = start_python(
        "scenes.inspection.variant",
        json.dumps(job),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = child.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return f"the layout check did not finish in {TIMEOUT_SECONDS} s"
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        return f"the layout check failed: {last}"
    return result.get("problem")
