"""render.py: render the explainer's scenes with one command (see ``main`` for the help).

This file is the command line only: options, the summary table and exit codes. What a
run does is :mod:`renderkit.jobs.pipeline`; :mod:`renderkit` is the reading guide.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import replace
from typing import Any

import click

from renderkit.cli import preflight
from renderkit.cli.clikit import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    OneLineErrors,
    Terminated,
    on_sigterm,
)
from renderkit.cli.options import (
    Options,
    lecture_options,
    output_options,
    report_options,
    run_options,
    variant_options,
)
from renderkit.cli.report import print_summary, report_failures, watch_report
from renderkit.jobs.cluster import ClusterError, connect
from renderkit.jobs.layoutcheck import layout_problem
from renderkit.jobs.pipeline import (
    Settings,
    render_pass,
    select,
    stale_variants,
    watch_and_render,
)
from renderkit.outputs.files import sweep_temps
from renderkit.plan.quality import get_quality, quality_label
from renderkit.plan.spec import format_problem
from renderkit.plan.variants import VariantError, describe, resolve
from scenes.registry import SCENES, find_scene

PROG = "render.py"


def _warn(message: str) -> None:
    click.echo(f"{PROG}: warning: {message}", err=True)


@click.command(
    name=PROG, cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.argument("scenes", nargs=-1)
@output_options
@run_options
@lecture_options
@variant_options
@report_options
def main(scenes: tuple[str, ...], **given: Any) -> int:
    """Render the cross-entropy explainer: one command for one scene, several, or all.

    \b
    SCENES are scene names in kebab-case (class names work too), rendered in story
    order; none means every scene. `explainer` joins all scenes into one video with
    chapters (scenes already rendered with the same settings are reused).

    \b
    Files go to OUT/<quality>/<theme>[-transparent]/<scene>.<format>, each video with
    <scene>.poster.png (the last frame of its first beat), <scene>.srt and <scene>.vtt
    captions and, with --sections, one clip per beat in <scene>.sections/.
    A variant (other parameter values: --set, --config; see --params SCENE) writes
    <scene>--<variant>.* beside them.
    OUT/manifest.json lists everything; OUT/index.html shows it. Only the beats whose
    inputs changed since the last render are rendered again (--force to insist).

    \b
    Examples:
      python render.py --list
      python render.py softmax -q low
      python render.py -q high -f webm -t --theme light
      python render.py explainer -q medium
      python render.py --present --pptx -q medium
      python render.py softmax --resolution 640x360 --fps 24 --watch
      python render.py softmax --set logits=3,1,-1,0.5 --set class_names=a,b,c,d
      python render.py --set units=bits --variant bits

    """
    o = Options(**given)
    if o.list_scenes:
        width = max(len(s.name) for s in SCENES)
        for info in SCENES:
            click.echo(f"{info.name:<{width}}  {info.summary}")
        return 0
    if o.params_scene:
        return _print_params(o.params_scene)
    settings = _settings(scenes, o)
    problem = preflight.latex_problem()
    if problem:
        click.echo(f"{PROG}: error: {problem}", err=True)
        return 1
    if settings.variants and not o.no_layout_check:  # before anything is written
        problem = layout_problem(stale_variants(settings), settings.jobs)
        if problem:
            raise click.UsageError(problem)
    if o.cluster:  # before anything is written
        try:
            settings = replace(settings, cluster=connect(o.cluster))
        except ClusterError as error:
            click.echo(f"{PROG}: error: {error}", err=True)
            return 1
    problem = preflight.out_dir_problem(o.out) or preflight.tex_cache_problem()  # creates them
    if problem:
        raise click.UsageError(problem)
    return _run(settings, watch=o.watch, quiet=o.quiet, debug=o.debug)


def _settings(scenes: tuple[str, ...], o: Options) -> Settings:
    """The run's settings from the options; a usage error for what cannot go together."""
    try:
        chosen, explainer = select(scenes)
    except KeyError as error:
        raise click.UsageError(error.args[0]) from None
    fmt = o.fmt.lower()
    present = o.present or o.one_file
    sections = o.sections or present or o.pptx
    problem = format_problem(fmt, o.transparent, sections, explainer)
    if problem:
        raise click.UsageError(problem)
    try:
        variants = resolve(chosen, o.sets, o.config, o.variant)
    except VariantError as error:
        raise click.UsageError(str(error)) from None
    q = get_quality(o.quality)
    width, height = o.resolution or (q.width, q.height)
    return Settings(
        scenes=tuple(chosen),
        explainer=explainer,
        quality=quality_label(q, width, height, o.fps or q.fps),
        theme=o.theme,
        fmt=fmt,
        transparent=o.transparent,
        width=width,
        height=height,
        fps=o.fps or q.fps,
        sections=sections,
        out=o.out,
        jobs=o.jobs,
        force=o.force,
        progress=not o.quiet,
        present=present,
        one_file=o.one_file,
        pptx=o.pptx,
        variants=variants,
    )


def _print_params(name: str) -> int:
    """``--params SCENE``: the scene's parameters, or a usage error for an unknown name."""
    try:
        info = find_scene(name)
    except KeyError as error:
        raise click.UsageError(error.args[0]) from None
    click.echo(describe(info))
    return 0


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
            sys.stdout.flush()  # the summary table first, then the watching line

            def ready() -> None:
                if not quiet:
                    click.echo(
                        "watching scenes/ and mathcore/ for changes (Ctrl-C to stop)", err=True
                    )

            watch_and_render(
                s,
                _warn,
                lambda done: watch_report(done, s.out, PROG, quiet=quiet, debug=debug),
                ready,
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
