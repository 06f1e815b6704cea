"""The bench's command line: parse, run the pipeline (or the dry run), write and print."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from renderkit.cli.clikit import OneLineErrors
from renderkit.outputs import files
from scenes.registry import SCENE_NAMES

from .console import BenchError, log
from .context import Plan
from .dry_run import dry_run
from .pipeline import run_bench
from .project import ROOT

PROG = "render_bench.py"


def _scene_list(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """``--scenes a,b``: the names, each one the registry lists."""
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in SCENE_NAMES]
    if unknown:
        raise click.BadParameter(
            f"unknown scene(s) {', '.join(unknown)}; valid: {', '.join(SCENE_NAMES)}"
        )
    return names


@click.command(
    name=PROG, cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--reps",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Repetitions of every measurement.",
)
@click.option(
    "--scenes",
    default="",
    callback=_scene_list,
    metavar="A,B,...",
    help="Comma-separated scene names [default: all].",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="render.py -j.",
)
@click.option(
    "--high-scene",
    type=click.Choice(SCENE_NAMES),
    default=None,
    metavar="SCENE",
    help="The scene rendered at high quality [default: the shortest].",
)
@click.option(
    "--high-reps",
    type=click.IntRange(min=1),
    default=None,
    help="Repetitions of the high render [default: --reps].",
)
@click.option("--skip-high", is_flag=True, help="No high-quality render.")
@click.option("--worktree", is_flag=True, help="Bench uncommitted files too.")
@click.option(
    "--baseline",
    default="",
    metavar="COMMIT",
    help="The scene-level render.py measured against [default: the commit before beat jobs].",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=ROOT / "bench" / "RESULTS.md",
    help="Where the report goes [default: bench/RESULTS.md].",
)
@click.option("--keep", is_flag=True, help="Keep the temporary folder.")
@click.option(
    "--dry-run",
    "dry",
    is_flag=True,
    help="Snapshot the project, choose its scenes and print what would be measured; "
    "render nothing, write nothing.",
)
def command(
    reps: int,
    scenes: tuple[str, ...],
    jobs: int,
    high_scene: str | None,
    high_reps: int | None,
    skip_high: bool,
    worktree: bool,
    baseline: str,
    output: Path,
    keep: bool,
    dry: bool,
) -> int:
    """Render benchmark: render.py against plain manim, on this machine, in one run.

    \b
    Measures (medians of --reps repetitions) and writes bench/RESULTS.md:
    1. cold render of every scene at low quality: render.py -j JOBS --force into a
       fresh output folder against the same scenes rendered one after another with
       plain `manim -ql --silent` into a fresh media folder, against the scene-level
       pipeline (--baseline's render.py and renderkit, this snapshot's scenes), and
       render.py -j 1;
    2. re-render with nothing changed: render.py against plain manim -ql with its
       cache warm;
    3. one equation line of the kl-to-cross-entropy scene's data edited: seconds, and
       which scenes rendered, against that scene's own render.py --force time;
    4. the real-time factor (render seconds / video seconds) at low quality, and at
       high quality for one scene;
    5. the encode-only floor: what PyAV needs to encode as many frames of one still
       image with manim's settings (libx264, crf 23, yuv420p);
    6./7. at medium, the last beat of kl-to-cross-entropy and of learning-race edited,
       and a caption: seconds against the whole scene, and which beats rendered;
    8. scaling: from the -j 1 renders' job log and a dry run of every scene, the
       simulated makespan of scene-level and beat-level jobs on 1 to 16 cores.

    Everything runs on a snapshot of the project (git archive HEAD, or the working tree
    with --worktree) in a temporary folder, so edits made while the bench runs cannot
    change what is measured. Scenes without a file are skipped with a note, as are
    scenes that fail to render. A benchmark, not a test: the numbers depend on the
    machine and on what else runs on it (the load is recorded). Exits 1 if nothing
    could be measured.

    \b
    Examples:
      .venv/bin/python bench/render_bench.py                # everything, 3 repetitions
      .venv/bin/python bench/render_bench.py --reps 1 --scenes softmax,loss-curves
      .venv/bin/python bench/render_bench.py --reps 1 --skip-high   # a quick run
    """
    plan = Plan(
        reps, jobs, scenes, high_scene or "", high_reps, skip_high, worktree, keep, baseline
    )
    if dry:
        return _dry_run(plan, output)
    report = run_bench(plan)
    files.write_text(output, report.markdown())
    click.echo(report.markdown())
    log(f"wrote {output}")
    return 0 if report.results else 1


def _dry_run(plan: Plan, output: Path) -> int:
    """Print what a run of ``plan`` would measure; a one-line error if it could not run."""
    try:
        lines = dry_run(plan)
    except BenchError as error:
        raise click.ClickException(str(error)) from None
    click.echo("\n".join([*lines, f"Results would go to {output}."]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on ``argv`` (default: ``sys.argv``); its exit status. Usage errors
    are one line (``render_bench.py: error: ...``) and exit 2."""
    args = list(argv) if argv is not None else sys.argv[1:]
    code: int = command.main(args, standalone_mode=False)
    return code
