"""render.py: render the explainer's scenes with one command (see ``main`` for the help)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from renderkit import manifest as manifest_file
from renderkit import preflight, publish
from renderkit.quality import DEFAULT_QUALITY, get_quality, quality_choices, quality_label
from renderkit.spec import (
    ALPHA_FORMATS,
    EXPLAINER,
    FORMATS,
    PIPELINE_VERSION,
    THEMES,
    VIDEO_FORMATS,
    RenderSpec,
)

ROOT = Path(__file__).resolve().parent
PROG = "render.py"
#: Exit status after Ctrl-C (128 + SIGINT) and after SIGTERM (128 + SIGTERM).
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (clean up, stop workers) but exiting 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


class OneLineErrors(click.Command):
    """A click command whose usage errors are one line (``render.py: error: ...``), exit 2."""

    def main(self, args: Any = None, prog_name: Any = None, *a: Any, **kw: Any) -> Any:
        standalone = kw.pop("standalone_mode", True)
        try:
            code = super().main(args, prog_name, *a, standalone_mode=False, **kw)
        except click.ClickException as error:
            click.echo(f"{PROG}: error: {error.format_message()}", err=True)
            code = error.exit_code
        except click.Abort:
            code = EXIT_INTERRUPTED
        code = code if isinstance(code, int) else 0
        if standalone:
            sys.exit(code)
        return code


class Fail(Exception):
    """A one-line error ending the run with ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _resolution(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT, e.g. 640x360") from None
    if width < 16 or height < 16 or width % 2 or height % 2:
        raise click.BadParameter(
            f"{value!r}: width and height must be even numbers of at least 16 pixels"
        )
    return width, height


@dataclass
class Settings:
    """What one run renders; shared by the first pass and every --watch pass."""

    scenes: list[Any]  #: SceneInfo in story order
    explainer: bool
    quality: str
    theme: str
    fmt: str
    transparent: bool
    width: int
    height: int
    fps: int
    sections: bool
    out: Path
    jobs: int | None
    force: bool
    quiet: bool
    debug: bool


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
    help="low 854x480@15, medium 1280x720@30, high 1920x1080@60, production 2560x1440@60, "
    "4k 3840x2160@60 (or l/m/h/p/k).",
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
    type=click.Path(path_type=Path),
    default=Path("media"),
    show_default=True,
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
    callback=_resolution,
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
    from scenes.registry import SCENES

    if list_scenes:
        width = max(len(s.name) for s in SCENES)
        for info in SCENES:
            click.echo(f"{info.name:<{width}}  {info.summary}")
        return 0

    fmt = fmt.lower()
    chosen, explainer = _select(scenes)
    if transparent and fmt not in ALPHA_FORMATS:
        raise click.UsageError(
            f"-t/--transparent needs a format that carries alpha: webm (VP9), mov (qtrle) "
            f"or png; {fmt} has no alpha channel"
        )
    if sections and fmt not in VIDEO_FORMATS:
        raise click.UsageError(f"--sections needs a video format ({', '.join(VIDEO_FORMATS)})")
    if explainer and fmt not in ("mp4", "webm", "mov"):
        raise click.UsageError(f"{EXPLAINER} joins videos: use -f mp4, webm or mov, not {fmt}")

    problem = preflight.out_dir_problem(out)
    if problem:
        raise click.UsageError(problem)
    problem = preflight.latex_problem()
    if problem:
        click.echo(f"{PROG}: error: {problem}", err=True)
        return 1

    q = get_quality(quality)
    width, height = resolution or (q.width, q.height)
    settings = Settings(
        scenes=chosen,
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
        quiet=quiet,
        debug=debug,
    )
    try:
        lock = preflight.lock_out_dir(out)
    except preflight.OutDirBusy as busy:
        click.echo(f"{PROG}: error: {busy}", err=True)
        return 1
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        outcomes = render_pass(settings)
        if not quiet:
            print_summary(outcomes, out)
        code = 1 if any(not o.ok for o in outcomes) else 0
        if watch:
            code = watch_loop(settings) or code
        return code
    except KeyboardInterrupt as interrupt:
        publish.sweep_temps(out, {os.getpid()})
        if not quiet:
            click.echo("interrupted: finished files are kept, nothing half-written", err=True)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
        lock.close()


def _select(names: Sequence[str]) -> tuple[list[Any], bool]:
    """The scenes to render (story order) and whether the explainer was asked for."""
    from scenes.registry import SCENE_NAMES, SCENES, find_scene

    if not names:
        return list(SCENES), False
    explainer = False
    wanted = set()
    for name in names:
        if name.lower() == EXPLAINER:
            explainer = True
            continue
        try:
            wanted.add(find_scene(name).name)
        except KeyError:
            valid = ", ".join([*SCENE_NAMES, EXPLAINER])
            raise click.UsageError(f"unknown scene {name!r}; valid names: {valid}") from None
    if explainer:
        return list(SCENES), True
    return [s for s in SCENES if s.name in wanted], False


# ------------------------------------------------------------------ one pass


def _fingerprint(info: Any, s: Settings) -> str:
    from renderkit.fingerprint import scene_fingerprint

    return scene_fingerprint(
        info.file,
        theme=s.theme,
        quality=s.quality,
        fmt=s.fmt,
        transparent=s.transparent,
        resolution=(s.width, s.height),
        fps=s.fps,
        extra={"pipeline": PIPELINE_VERSION},
    )


def _spec(
    s: Settings,
    fingerprint: str,
    *,
    scene: str,
    class_name: str = "",
    module: str = "",
    sections: bool | None = None,
) -> RenderSpec:
    """The job for one output under the run's settings (``sections`` defaults to the run's)."""
    return RenderSpec(
        scene=scene,
        class_name=class_name,
        module=module,
        quality=s.quality,
        theme=s.theme,
        format=s.fmt,
        transparent=s.transparent,
        width=s.width,
        height=s.height,
        fps=s.fps,
        sections=s.sections if sections is None else sections,
        out_dir=str(Path(s.out).resolve()),
        fingerprint=fingerprint,
    )


def render_pass(s: Settings, *, progress: bool = True) -> list[Any]:
    """Render what is out of date; update the manifest and gallery; the outcomes in
    story order (the explainer last)."""
    from renderkit.runner import FAILED, UP_TO_DATE, Outcome, run_jobs
    from scenes.registry import SCENE_NAMES

    out = Path(s.out)
    recorded = manifest_file.load(out)
    outcomes: list[Outcome] = []
    to_render: list[RenderSpec] = []
    for info in s.scenes:
        spec = _spec(s, "", scene=info.name, class_name=info.class_name, module=info.module)
        try:
            spec = replace(spec, fingerprint=_fingerprint(info, s))
        except FileNotFoundError:
            rel = info.file.relative_to(info.file.parents[1]).as_posix()
            outcomes.append(Outcome(spec, FAILED, error=f"{rel} does not exist (yet)"))
            continue
        entry = manifest_file.find(recorded, spec.key)
        if not s.force and manifest_file.is_current(out, entry, spec.fingerprint, s.sections):
            outcomes.append(Outcome(spec, UP_TO_DATE, entry=entry))
        else:
            outcomes.append(Outcome(spec, "pending"))
            to_render.append(spec)

    if to_render:

        def record(outcome: Outcome) -> None:
            if outcome.ok and outcome.entry is not None:
                manifest_file.update(out, [outcome.entry], SCENE_NAMES)

        jobs = min(s.jobs or os.cpu_count() or 1, len(to_render))
        finished = run_jobs(to_render, jobs, progress=progress and not s.quiet, on_done=record)
        by_key = {o.spec.key: o for o in finished}
        outcomes = [by_key.get(o.spec.key, o) for o in outcomes]

    if s.explainer:
        outcomes.append(_explainer(s, outcomes))

    final = manifest_file.load(out)
    if s.explainer and outcomes[-1].ok and outcomes[-1].entry is not None:
        final = manifest_file.update(out, [outcomes[-1].entry], SCENE_NAMES)
    _gallery(out, final, s)
    if s.quiet or s.debug:
        for o in outcomes:
            if not o.ok:
                click.echo(f"{PROG}: error: {o.spec.scene}: {o.error}", err=True)
                if s.debug and o.traceback:
                    click.echo(o.traceback, err=True)
    return outcomes


def _explainer(s: Settings, scenes: list[Any]) -> Any:
    """The full cut: join the scenes' videos (if any scene failed, it fails too)."""
    from renderkit.runner import FAILED, RENDERED, UP_TO_DATE, Outcome

    failed = [o.spec.scene for o in scenes if not o.ok]
    # What the cut is made of: the very clips it joins (and how they were made).
    made_of = [(o.spec.fingerprint, (o.entry or {}).get("sha256")) for o in scenes]
    digest = hashlib.sha256(
        json.dumps({"clips": made_of, "pipeline": PIPELINE_VERSION}).encode()
    ).hexdigest()
    spec = _spec(s, digest, scene=EXPLAINER, sections=False)
    if failed:
        return Outcome(spec, FAILED, error=f"not joined: {', '.join(failed)} failed")
    out = Path(s.out)
    entry = manifest_file.find(manifest_file.load(out), spec.key)
    if not s.force and manifest_file.is_current(out, entry, digest, False):
        return Outcome(spec, UP_TO_DATE, entry=entry)
    started = time.monotonic()
    try:
        entry = publish.publish_explainer(spec, [(o.entry, _title(o.spec.scene)) for o in scenes])
    except Exception as error:
        import traceback

        from renderkit.worker import one_line

        return Outcome(spec, FAILED, error=one_line(error), traceback=traceback.format_exc())
    return Outcome(spec, RENDERED, entry=entry, seconds=time.monotonic() - started)


def _title(scene: str) -> str:
    from scenes.registry import find_scene

    return find_scene(scene).summary


def _gallery(out: Path, manifest: dict[str, Any], s: Settings) -> None:
    try:
        from renderkit.gallery import write_gallery

        write_gallery(out, manifest)
    except Exception as error:  # the gallery is a convenience: never fail a render for it
        if not s.quiet:
            click.echo(f"{PROG}: warning: index.html not written: {error}", err=True)


# ------------------------------------------------------------------ reporting


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
        return str(path.resolve()) if rel.startswith("..") else rel
    except ValueError:
        return str(path)


def _file_cell(outcome: Any, out: Path) -> str:
    if not outcome.ok:
        return outcome.error or "failed"
    entry = outcome.entry or {}
    text = _shown(out / entry.get("path", ""))
    extras = []
    if entry.get("sections"):
        extras.append(f"{len(entry['sections'])} sections")
    if entry.get("chapters"):
        extras.append(f"{len(entry['chapters'])} chapters")
    if entry.get("captions"):
        extras.append("captions")
    return text + (f" (+ {', '.join(extras)})" if extras else "")


def print_summary(outcomes: Sequence[Any], out: Path) -> None:
    """The table: scene, status, file (or the one-line reason), time."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 240))
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("scene", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("file or reason", overflow="fold")
    table.add_column("time", justify="right", no_wrap=True)
    styles = {"rendered": "green", "up to date": "cyan", "failed": "bold red"}
    for o in outcomes:
        seconds = f"{o.seconds:.1f}s" if o.status == "rendered" else ""
        table.add_row(
            o.spec.scene,
            f"[{styles.get(o.status, '')}]{o.status}[/]",
            _file_cell(o, out),
            seconds,
            style=None,
        )
    console.print(table, highlight=False, markup=True)
    failed = sum(not o.ok for o in outcomes)
    if failed:
        console.print(f"[bold red]{failed} of {len(outcomes)} failed[/]", highlight=False)


# ------------------------------------------------------------------ --watch


def _fingerprints(s: Settings) -> dict[str, str]:
    found = {}
    for info in s.scenes:
        try:
            found[info.name] = _fingerprint(info, s)
        except FileNotFoundError:
            found[info.name] = ""
    return found


def watch_loop(s: Settings) -> int:
    """Re-render the scenes whose inputs changed on every save; Ctrl-C stops."""
    from renderkit.watch import watch

    paths = [ROOT / "scenes", ROOT / "mathcore"]
    if not s.quiet:
        sys.stdout.flush()  # the summary table first, then the watching line
        click.echo("watching scenes/ and mathcore/ for changes (Ctrl-C to stop)", err=True)
    last = _fingerprints(s)
    interrupted = []

    def on_change(changed: set[Path]) -> None:
        nonlocal last
        now = _fingerprints(s)
        affected = [info for info in s.scenes if now[info.name] != last.get(info.name)]
        last = now
        if not affected:
            return
        # The explainer needs every scene's outcome; up-to-date scenes cost nothing.
        todo = replace(s, scenes=s.scenes if s.explainer else affected)
        try:
            outcomes = render_pass(todo, progress=False)
        except KeyboardInterrupt:
            interrupted.append(True)
            raise
        stamp = time.strftime("%H:%M:%S")
        for o in outcomes:
            if o.status == "rendered":
                if not s.quiet:
                    click.echo(
                        f"{stamp} {o.spec.scene}: re-rendered in {o.seconds:.1f}s -> "
                        f"{_file_cell(o, Path(s.out))}"
                    )
            elif not o.ok and not (s.quiet or s.debug):  # quiet/debug passes print these
                click.echo(f"{stamp} {o.spec.scene}: failed: {o.error}", err=True)

    watch(paths, on_change, interval=0.5)
    publish.sweep_temps(Path(s.out), {os.getpid()})
    if interrupted:
        raise KeyboardInterrupt
    if not s.quiet:
        click.echo("stopped watching", err=True)
    return 0


if __name__ == "__main__":
    main()
