"""render.py: render the explainer's scenes with one command (see ``main`` for the help).

This file is the command line only: options, the summary table and exit codes. What a
run does is :mod:`renderkit.pipeline`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from renderkit import preflight
from renderkit.clikit import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    OneLineErrors,
    Terminated,
    on_sigterm,
    out_dir_option,
    resolution_option,
)
from renderkit.files import sweep_temps
from renderkit.pipeline import Settings, render_pass, select, watch_and_render
from renderkit.quality import DEFAULT_QUALITY, get_quality, quality_choices, quality_label
from renderkit.report import print_summary, report_failures, watch_report
from renderkit.spec import FORMATS, THEMES, format_problem
from scenes.registry import SCENES

PROG = "render.py"


def _warn(message: str) -> None:
    click.echo(f"{PROG}: warning: {message}", err=True)


@click.command(
    name=PROG, cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.argument("scenes", nargs=-1)
@click.option(
    "-q",
    "--quality",
    type=click.Choice(quality_choices(), case_sensitive=False),
    default=DEFAULT_QUALITY,
    show_default=True,
    help="low 854x480@15, medium 1280x720@30, high 1920x1080@60, "
    "production 2560x1440@60, 4k 3840x2160@60 (or l/m/h/p/k).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="mp4",
    show_default=True,
    help="Video container, or png for the last frame.",
)
@click.option(
    "--theme", type=click.Choice(THEMES), default="dark", show_default=True, help="Colours."
)
@click.option(
    "-t",
    "--transparent",
    is_flag=True,
    help="Transparent background (webm, mov or png only: mp4 and gif carry no alpha).",
)
@click.option(
    "-o",
    "--out",
    default="media",
    show_default=True,
    callback=out_dir_option,
    help="Output folder.",
)
@click.option("--sections", is_flag=True, help="Also write one clip per section (beat).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Scenes rendered at once, each in its own process [default: CPU cores].",
)
@click.option("--force", is_flag=True, help="Render even scenes that are up to date.")
@click.option("--watch", is_flag=True, help="Then re-render scenes whenever their sources change.")
@click.option(
    "--resolution",
    callback=resolution_option,
    metavar="WxH",
    help="Override the quality's size, e.g. 640x360.",
)
@click.option(
    "--fps", type=click.IntRange(1, 240), default=None, help="Override the quality's frame rate."
)
@click.option("--list", "list_scenes", is_flag=True, help="List the scenes and exit.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def main(
    scenes: tuple[str, ...],
    quality: str,
    fmt: str,
    theme: str,
    transparent: bool,
    out: Path,
    sections: bool,
    jobs: int | None,
    force: bool,
    watch: bool,
    resolution: tuple[int, int] | None,
    fps: int | None,
    list_scenes: bool,
    quiet: bool,
    debug: bool,
) -> int:
    """Render the cross-entropy explainer: one command for one scene, several, or all.

    \b
    SCENES are scene names in kebab-case (class names work too), rendered in story
    order; none means every scene. `explainer` joins all scenes into one video with
    chapters (scenes already rendered with the same settings are reused).

    \b
    Files go to OUT/<quality>/<theme>[-transparent]/<scene>.<format>, each video with
    <scene>.poster.png (the last frame of its first beat), <scene>.srt and <scene>.vtt
    captions and, with --sections, one clip per beat in <scene>.sections/.
    OUT/manifest.json lists everything; OUT/index.html shows it. A scene whose inputs
    have not changed since its last render is not rendered again (--force to insist).

    \b
    Examples:
      python render.py --list
      python render.py softmax -q low
      python render.py -q high -f webm -t --theme light
      python render.py explainer -q medium
      python render.py softmax --resolution 640x360 --fps 24 --watch

    """
    if list_scenes:
        width = max(len(s.name) for s in SCENES)
        for info in SCENES:
            click.echo(f"{info.name:<{width}}  {info.summary}")
        return 0
    fmt = fmt.lower()
    try:
        chosen, explainer = select(scenes)
    except KeyError as error:
        raise click.UsageError(error.args[0]) from None
    problem = format_problem(fmt, transparent, sections, explainer) or preflight.out_dir_problem(
        out
    )
    if problem:
        raise click.UsageError(problem)
    problem = preflight.latex_problem()
    if problem:
        click.echo(f"{PROG}: error: {problem}", err=True)
        return 1
    q = get_quality(quality)
    width, height = resolution or (q.width, q.height)
    settings = Settings(
        scenes=tuple(chosen),
        explainer=explainer,
        quality=quality_label(q, width, height, fps or q.fps),
        theme=theme,
        fmt=fmt,
        transparent=transparent,
        width=width,
        height=height,
        fps=fps or q.fps,
        sections=sections,
        out=out,
        jobs=jobs,
        force=force,
        progress=not quiet,
    )
    return _run(settings, watch=watch, quiet=quiet, debug=debug)


def _run(s: Settings, *, watch: bool, quiet: bool, debug: bool) -> int:
    """One pass (and the watch loop); exit 0, 1 if anything failed, 130/143 if stopped."""
    try:
        lock = preflight.lock_out_dir(s.out)
    except preflight.OutDirBusy as busy:
        click.echo(f"{PROG}: error: {busy}", err=True)
        return 1
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        outcomes = render_pass(s, _warn)
        report_failures(outcomes, PROG, quiet=quiet, debug=debug)
        if not quiet:
            print_summary(outcomes, s.out)
        if watch:
            if not quiet:
                sys.stdout.flush()  # the summary table first, then the watching line
                click.echo("watching scenes/ and mathcore/ for changes (Ctrl-C to stop)", err=True)
            watch_and_render(
                s, _warn, lambda done: watch_report(done, s.out, PROG, quiet=quiet, debug=debug)
            )
            if not quiet:
                click.echo("stopped watching", err=True)
        return 1 if any(not o.ok for o in outcomes) else 0
    except KeyboardInterrupt as interrupt:
        sweep_temps(s.out, {os.getpid()})
        if not quiet:
            click.echo("interrupted: finished files are kept, nothing half-written", err=True)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
        lock.close()


if __name__ == "__main__":
    main()
