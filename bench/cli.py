"""The bench's command line: choose, measure on a fresh copy of the project, write."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path

import click

from renderkit.cli.clikit import OneLineErrors
from renderkit.outputs import files
from scenes.registry import SCENE_NAMES

from .measure import Bench, log, measure_cold, measure_edits
from .patches import EDITS, BenchError
from .report import Report, kept_history
from .runs import ROOT, Size, snapshot

QUICK = ("192x108", 5)  #: ``--quick``: every render this size and rate
RESULTS = ROOT / "bench" / "RESULTS.md"


def _scenes(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()] or list(SCENE_NAMES)
    if unknown := [name for name in names if name not in SCENE_NAMES]:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; valid: {', '.join(SCENE_NAMES)}")
    return names


@click.command(
    "render_bench.py", cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option("--reps", type=click.IntRange(min=1), help="Repetitions [default: 3; --quick: 1].")
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count(), help="render.py -j.")
@click.option("--quick", is_flag=True, help="Render at 192x108, 5 fps: to try the bench out.")
@click.option(
    "--only", type=click.Choice(["all", "edits", "cold"]), default="all", help="(a)-(c) or (d)-(e)."
)
@click.option("--scenes", default="", callback=_scenes, help="A,B,... for (d), (e) [default: all].")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=RESULTS, help="The report."
)
@click.option("--keep", is_flag=True, help="Keep the temporary folder.")
def command(
    reps: int | None,
    jobs: int,
    quick: bool,
    only: str,
    scenes: list[str],
    output: Path,
    keep: bool,
) -> int:
    """Render benchmark: render.py against itself and plain manim, side by side, on a
    copy of the project in a temporary folder. Medians of --reps; the load average is
    recorded before each repetition. Writes bench/RESULTS.md (its History section is
    kept) and prints it.

    \b
    (a) last beat of kl-to-cross-entropy / learning-race edited vs the scene's whole
        render, at medium (target <= 0.30x), and which beats rendered
    (b) a caption edited (<= 0.05x; no manim started, by the job log)
    (c) one DERIVATION line of kl-to-cross-entropy edited (<= 0.6x), which beats rendered
    (d) every scene from cold at low vs plain manim -ql one after another (<= 0.55x)
    (e) nothing changed (<= 2 % of the cold render)
    and the cold render simulated on 1-16 cores, scene-level vs beat-level jobs.

    Exits 1 if nothing could be measured.
    """
    tiny = QUICK if quick else ("", 0)
    edit_size, cold_size = Size("medium", *tiny), Size("low", *tiny)
    reps = reps or (1 if quick else 3)
    report, began = Report([]), time.perf_counter()
    start_load, work = _load(), Path(tempfile.mkdtemp(prefix="ce-bench-"))
    try:
        source = snapshot(work / "project")
        bench = Bench(work / "project", work, reps, jobs, report)
        steps: list[tuple[str, Callable[[], None]]] = []
        if only != "cold":
            steps.append(("(a)-(c)", lambda: measure_edits(bench, EDITS, edit_size)))
        if only != "edits":
            steps.append(("(d), (e)", lambda: measure_cold(bench, scenes, cold_size)))
        for name, step in steps:
            try:
                step()
            except BenchError as error:
                report.notes.append(f"{name} stopped: {error}")
                log(f"{name} stopped: {error}")
            except KeyboardInterrupt:
                report.notes.append(f"{name} interrupted (Ctrl-C): what is above is partial")
                break
    finally:
        if keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work)
    report.run = [
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"the bench took {(time.perf_counter() - began) / 60:.1f} min",
        f"{os.cpu_count()} cores ({platform.machine()}); {platform.platform()}",
        f"Python {platform.python_version()}, manim {version('manim')}",
        f"load average (1/5/15 min) at the start {start_load}, at the end {_load()}",
        f"project: {source}; theme dark; render.py -j {jobs}; {reps} repetition(s)",
        *([f"edits (a)-(c) at {edit_size}"] if only != "cold" else []),
        *([f"cold (d), (e) at {cold_size}: {', '.join(scenes)}"] if only != "edits" else []),
    ]
    old = output.read_text(encoding="utf-8") if output.is_file() else ""
    files.write_text(output, report.markdown(kept_history(old)))
    click.echo(report.markdown())
    log(f"wrote {output}")
    return 0 if report.rows else 1


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; usage errors are one line (``render_bench.py: error: ...``), exit 2."""
    code: int = command.main(
        list(argv) if argv is not None else sys.argv[1:], standalone_mode=False
    )
    return code
