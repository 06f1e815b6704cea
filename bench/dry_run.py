"""``--dry-run``: snapshot the project and choose its scenes as a run would, check that the
edits of measurements 3, 6 and 7 apply, and say what would be measured; render nothing."""

from __future__ import annotations

import shlex

from .beat_edits import caption_edit, last_beat_edit
from .console import BenchError
from .context import BEAT_SCENES, EDIT_SCENE, Bench, Plan
from .edit import equation_edit
from .pipeline import new_report, prepare, work_folder
from .runs import HIGH, MEDIUM, THEME, manim_cmd, render_py_cmd


def _edit_check(bench: Bench) -> str:
    scene = next((s for s in bench.scenes if s.name == EDIT_SCENE), None)
    if scene is None:
        return f"skipped: {EDIT_SCENE} is not among the measured scenes"
    try:
        equation_edit(scene.file(bench.project))
    except BenchError as error:
        return f"skipped: {error}"
    return "its last DERIVATION line can be edited"


def _beat_edits(bench: Bench) -> list[str]:
    """What measurements 6 and 7 would edit in each of :data:`BEAT_SCENES`."""
    lines = []
    for name in BEAT_SCENES:
        scene = bench.scene(name)
        if scene is None:
            lines.append(f"  {name}: skipped: not among the measured scenes")
            continue
        try:
            beat = last_beat_edit(scene.file(bench.project), scene.class_name)[1]
            caption = caption_edit(scene.file(bench.project), scene.class_name)[1]
        except BenchError as error:
            lines.append(f"  {name}: skipped: {error}")
            continue
        lines.append(f"  {name}: its last beat {beat} can be edited; its caption -> {caption!r}")
    return lines


def _baseline(bench: Bench) -> str:
    if bench.baseline is None:
        return "skipped (see the notes)"
    cmd = render_py_cmd(
        bench.baseline, bench.names, bench.work / "cold-base-0", jobs=bench.plan.jobs
    )
    source = f"{bench.baseline_source}'s render.py and renderkit, the snapshot's scenes"
    return f"{source}: {shlex.join(cmd)}"


def _high(bench: Bench) -> str:
    plan = bench.plan
    if plan.skip_high:
        return "skipped (--skip-high)"
    scene = plan.high_scene if plan.high_scene in bench.names else "<the shortest scene>"
    cmd = render_py_cmd(bench.project, [scene], bench.work / "high-0", jobs=1, quality=HIGH)
    return f"{plan.high_reps or plan.reps}× {shlex.join(cmd)}"


def describe(bench: Bench) -> list[str]:
    """What a run of ``bench`` would measure, with its commands (``$WORK`` is the
    temporary folder)."""
    plan, report, first = bench.plan, bench.report, bench.scenes[0]
    out, media = bench.work / "cold-out-0", bench.work / "cold-media-0"
    render = shlex.join(render_py_cmd(bench.project, bench.names, out, jobs=plan.jobs))
    manim = shlex.join(manim_cmd(bench.project, first.file(bench.project), first.class_name, media))
    medium = render_py_cmd(
        bench.project, ["SCENE"], bench.work / "medium-SCENE", jobs=plan.jobs, quality=MEDIUM
    )
    lines = [
        f"Would measure {report.source}, theme {THEME}, repetitions: {plan.reps} (medians):",
        f"- scenes ({len(bench.scenes)}): {', '.join(bench.names)}",
        *(f"- note: {note}" for note in report.notes),
        f"- 1. cold, low: {render}",
        f"  against plain manim, one scene after another: {manim} (each scene in turn)",
        f"  against scene-level jobs: {_baseline(bench)}",
        "  and against the same render.py with -j 1",
        "- 2. nothing changed: the same render.py without --force; manim with its cache warm",
        f"- 3. one equation line of {EDIT_SCENE} edited: {_edit_check(bench)}",
        f"- 4. real-time factor: low from the cold renders; high: {_high(bench)}",
        "- 5. encode-only floor: PyAV, libx264 crf 23, as many frames as 1. and 4. made",
        f"- 6./7. at {MEDIUM.name}: the last beat edited, a caption edited, against the whole"
        f" scene: {shlex.join(medium)}",
        *_beat_edits(bench),
        "- 8. scaling: the -j 1 renders' jobs.jsonl and a dry run of every scene, simulated"
        " on 1-16 cores",
    ]
    return [line.replace(str(bench.work), "$WORK") for line in lines]


def dry_run(plan: Plan) -> list[str]:
    """Prepare a run of ``plan`` in a temporary folder and :func:`describe` it;
    :class:`BenchError` if it could not run."""
    with work_folder(plan.keep) as work:
        bench = Bench(plan, work, new_report(plan))
        prepare(bench)
        return describe(bench)
