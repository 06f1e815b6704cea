"""Measurements 2 and 3: render.py again with nothing changed (against manim's warm
cache), and again after one equation line of one scene was edited."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from renderkit.outputs.manifest import Entry

from .cold import Cold, manim_sequential
from .console import BenchError, log
from .context import EDIT_SCENE, Bench
from .edit import equation_edit
from .report import Result
from .runs import LOW, clear_beats, entries, outputs_state, render_py

UNCHANGED_TARGET = 0.02  #: a run with nothing to do, as a share of the cold render
EDIT_TARGET = 1.2  #: the edited run against the edited scene's own render


def measure_unchanged(bench: Bench, cold: Cold) -> None:
    """Measurement 2: render.py with nothing changed, then manim with its cache warm."""
    reps, report = bench.plan.reps, bench.report
    before = outputs_state(cold.out)
    same: list[float] = []
    for rep in range(reps):
        log(f"nothing changed {rep + 1}/{reps}: render.py")
        done = render_py(bench.project, bench.names, cold.out, jobs=bench.plan.jobs, force=False)
        same.append(done.seconds)
    wrote = sorted(k for k, v in outputs_state(cold.out).items() if before.get(k) != v)
    if wrote:
        report.notes.append(f"the nothing-changed run rewrote {len(wrote)} files: {wrote[:5]}")
    warm: list[float] = []
    for rep in range(reps):
        log(f"nothing changed {rep + 1}/{reps}: plain manim -ql with its cache warm")
        warm.append(sum(done.seconds for done in manim_sequential(bench, cold.media).values()))
    report.raw["unchanged render.py"] = same
    report.raw["warm manim (sum of scenes)"] = warm
    _report_unchanged(bench, statistics.median(same), statistics.median(warm), cold, wrote)


def _report_unchanged(
    bench: Bench, unchanged: float, warm: float, cold: Cold, wrote: list[str]
) -> None:
    share = unchanged / cold.seconds
    bench.report.results.append(
        Result(
            "2a. Nothing changed: render.py",
            f"{unchanged:.2f} s = **{share:.1%}** of its cold render"
            + ("" if not wrote else f" (but {len(wrote)} files rewritten)"),
            f"≤ {UNCHANGED_TARGET * 100:.0f} % of cold",
            share <= UNCHANGED_TARGET and not wrote,
        )
    )
    bench.report.results.append(
        Result(
            "2b. Nothing changed: render.py vs manim's warm cache",
            f"{unchanged:.2f} s vs {warm:.1f} s: **{unchanged / warm:.3f}×**",
            "faster than manim warm",
            unchanged < warm,
        )
    )


def rendered_scenes(
    old: dict[tuple[str, str], Entry], new: dict[tuple[str, str], Entry]
) -> list[str]:
    """The scenes whose low-quality entry has a new fingerprint: the scenes rendered."""
    rendered = []
    for key, entry in new.items():
        before = old.get(key)
        if key[1] == LOW.name and (before is None or before["fingerprint"] != entry["fingerprint"]):
            rendered.append(key[0])
    return sorted(rendered)


def _edited_runs(
    bench: Bench, cold: Cold, switch: Callable[[bool], None]
) -> tuple[list[float], list[list[str]]]:
    """render.py of every scene after each switch of the edit (on, off, on, ...: every run
    sees one change); the seconds and which scenes each run rendered."""
    seconds: list[float] = []
    rendered: list[list[str]] = []
    for rep in range(bench.plan.reps):
        switch(rep % 2 == 0)
        old = entries(cold.out)
        log(f"one equation edited {rep + 1}/{bench.plan.reps}: render.py (all scenes)")
        done = render_py(bench.project, bench.names, cold.out, jobs=bench.plan.jobs, force=False)
        rendered.append(rendered_scenes(old, entries(cold.out)))
        seconds.append(done.seconds)
    return seconds, rendered


def _own_runs(bench: Bench, cold: Cold) -> list[float]:
    """The edited scene alone, ``--force`` with its beat cache emptied, in the same output
    folder (LaTeX cache as warm)."""
    seconds: list[float] = []
    for rep in range(bench.plan.reps):
        log(f"{EDIT_SCENE} alone {rep + 1}/{bench.plan.reps}: render.py --force")
        clear_beats(cold.out, EDIT_SCENE)
        seconds.append(
            render_py(bench.project, [EDIT_SCENE], cold.out, jobs=bench.plan.jobs).seconds
        )
    return seconds


def measure_edit(bench: Bench, cold: Cold) -> None:
    """Measurement 3: one equation line of :data:`EDIT_SCENE` edited; only that scene
    should render, in about the time of its own render."""
    scene = next((s for s in bench.scenes if s.name == EDIT_SCENE), None)
    if scene is None:
        bench.report.notes.append(f"3. skipped: {EDIT_SCENE} is not among the measured scenes")
        return
    try:
        switch = equation_edit(scene.file(bench.project))
    except BenchError as error:
        bench.report.notes.append(f"3. skipped: {error}")
        return
    try:
        edited, rendered = _edited_runs(bench, cold, switch)
        own = _own_runs(bench, cold)
    finally:
        switch(False)
    bench.report.raw["one equation edited, render.py"] = edited
    bench.report.raw[f"{EDIT_SCENE} alone, render.py --force"] = own
    which = {", ".join(s) or "none" for s in rendered}
    factor = statistics.median(edited) / statistics.median(own)
    bench.report.results.append(
        Result(
            f"3. One equation line of {EDIT_SCENE} edited",
            f"{statistics.median(edited):.1f} s; rendered: {' / '.join(sorted(which))}; "
            f"the scene alone {statistics.median(own):.1f} s: **{factor:.2f}×**",
            f"≤ {EDIT_TARGET} × the scene's own render, only that scene",
            factor <= EDIT_TARGET and all(s == [EDIT_SCENE] for s in rendered),
        )
    )
