"""One bench run, in story order: snapshot, cold, nothing changed, one edit, real time,
encode floor, beat edits at medium, scaling; and the dry run that only checks what would
be measured."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .cold import measure_cold
from .console import BenchError, log
from .context import Bench, Plan
from .incremental import measure_incremental
from .machine import load, machine
from .project import baseline_snapshot, choose, registry, scene_level_commit, snapshot
from .report import Report
from .runs import THEME
from .scaling import measure_scaling
from .speed import measure_floor, measure_realtime
from .steps import measure_edit, measure_unchanged


@contextmanager
def work_folder(keep: bool) -> Iterator[Path]:
    """A fresh temporary folder, removed afterwards unless ``keep``."""
    work = Path(tempfile.mkdtemp(prefix="ce-bench-"))
    try:
        yield work
    finally:
        if keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def prepare(bench: Bench) -> None:
    """Snapshot the project and choose its scenes; a note names those without a file."""
    bench.report.source = snapshot(bench.project, bench.plan.worktree)
    log(f"project snapshot: {bench.report.source} in {bench.project}")
    bench.scenes, missing = choose(registry(bench.project), bench.plan.scenes, bench.project)
    if missing:
        bench.report.notes.append(f"skipped, not written yet: {', '.join(missing)}")
    if not bench.scenes:
        raise BenchError("no scene to render")
    prepare_baseline(bench)


def prepare_baseline(bench: Bench) -> None:
    """Snapshot the scene-level pipeline (``--baseline``, by default the commit before
    beat jobs) with the snapshot's scenes; a note if it cannot be had."""
    try:
        rev = bench.plan.baseline or scene_level_commit()
        bench.baseline_source = baseline_snapshot(bench.work / "baseline", rev, bench.project)
    except BenchError as error:
        bench.report.notes.append(f"1c. skipped: {error}")
        return
    bench.baseline = bench.work / "baseline"
    log(f"scene-level baseline: {bench.baseline_source}'s render.py with the snapshot's scenes")


def measure(bench: Bench) -> None:
    """Every measurement, each adding its results and notes to ``bench.report``."""
    prepare(bench)
    cold = measure_cold(bench)
    measure_unchanged(bench, cold)
    measure_edit(bench, cold)
    high = measure_realtime(bench, cold)
    measure_floor(bench, cold, high)
    measure_incremental(bench)
    measure_scaling(bench, cold)


def new_report(plan: Plan) -> Report:
    """An empty report of this machine, now."""
    return Report(
        machine=machine(),
        started=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        source="",
        reps=plan.reps,
        jobs=plan.jobs,
        theme=THEME,
        load_before=load(),
    )


def run_bench(plan: Plan) -> Report:
    """Run the bench; its report, partial (with a note why) if it stopped early."""
    began = time.perf_counter()
    report = new_report(plan)
    try:
        with work_folder(plan.keep) as work:
            measure(Bench(plan, work, report))
    except BenchError as error:
        report.notes.append(f"stopped early: {error}")
        log(f"error: {error}")
    except KeyboardInterrupt:
        report.notes.append("interrupted (Ctrl-C): the results above are partial")
        log("interrupted")
    finally:
        report.load_after = load()
        report.elapsed = time.perf_counter() - began
    return report
