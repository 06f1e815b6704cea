"""render.py's options, in groups, and the typed record they are read into.

Each group is one decorator (``@output_options`` adds -q, -f, --theme, ...), so the
command reads as a list of what it offers; :class:`Options` is what the command gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from ..plan.quality import DEFAULT_QUALITY, quality_choices
from ..plan.spec import DEFAULT_OUT, FORMATS, THEMES
from .clikit import out_dir_option, resolution_option

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Options:
    """Everything render.py was given besides the scene names."""

    quality: str
    fmt: str
    theme: str
    transparent: bool
    out: Path
    sections: bool
    resolution: tuple[int, int] | None
    fps: int | None
    jobs: int | None
    force: bool
    watch: bool
    cluster: str | None
    present: bool
    one_file: bool
    pptx: bool
    list_scenes: bool
    quiet: bool
    debug: bool
    sets: tuple[str, ...] = ()
    config: Path | None = None
    variant: str | None = None
    params_scene: str | None = None
    no_layout_check: bool = False


def _group(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


output_options = _group(
    click.option(
        "-q", "--quality", type=click.Choice(quality_choices(), case_sensitive=False),
        default=DEFAULT_QUALITY, show_default=True,
        help="low 854x480@15, medium 1280x720@30, high 1920x1080@60, "
        "production 2560x1440@60, 4k 3840x2160@60 (or l/m/h/p/k).",
    ),
    click.option(
        "-f", "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
        default="mp4", show_default=True, help="Video container, or png for the last frame.",
    ),
    click.option("--theme", type=click.Choice(THEMES), default="dark", show_default=True,
                 help="Colours."),
    click.option("-t", "--transparent", is_flag=True,
                 help="Transparent background (webm, mov or png only: mp4 and gif carry no "
                 "alpha)."),
    click.option("-o", "--out", default=DEFAULT_OUT, show_default=True, callback=out_dir_option,
                 help="Output folder."),
    click.option("--sections", is_flag=True, help="Also write one clip per section (beat)."),
    click.option("--resolution", callback=resolution_option, metavar="WxH",
                 help="Override the quality's size, e.g. 640x360."),
    click.option("--fps", type=click.IntRange(1, 240), default=None,
                 help="Override the quality's frame rate."),
)  # fmt: skip

run_options = _group(
    click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                 help="Render jobs at once, each in its own process [default: CPU cores]."),
    click.option("--force", is_flag=True, help="Render even scenes that are up to date."),
    click.option("--watch", is_flag=True,
                 help="Then re-render scenes whenever their sources change."),
    click.option("--cluster", metavar="tcp://HOST:PORT", default=None,
                 help="Run the render jobs on this Dask scheduler's workers."),
)  # fmt: skip

lecture_options = _group(
    click.option("--present", is_flag=True,
                 help="Also write present.html, a presenter that steps beat by beat "
                 "(implies --sections)."),
    click.option("--one-file", is_flag=True,
                 help="Embed every clip in present.html: one file to carry (implies "
                 "--present)."),
    click.option("--pptx", is_flag=True,
                 help="Also write present.pptx, one slide per beat (implies --sections)."),
)  # fmt: skip

report_options = _group(
    click.option("--list", "list_scenes", is_flag=True, help="List the scenes and exit."),
    click.option("--quiet", is_flag=True, help="Print nothing but errors."),
    click.option("--debug", is_flag=True, help="Show tracebacks of failures."),
)

variant_options = _group(
    click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                 help="Render with this parameter value (repeatable; lists comma-separated: "
                 "--set logits=3,1,-1,0.5). NAME applies to every scene rendered that has it "
                 "(--set units=bits), SCENE.NAME to one. See --params SCENE."),
    click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 metavar="FILE.toml",
                 help="Parameter values from a TOML file: one table per scene "
                 "([softmax] logits = [3, 1, -1, 0.5]) and an optional [all]; --set wins."),
    click.option("--variant", metavar="NAME", default=None,
                 help="Name the variant: files <scene>--NAME.<ext> [default: a short slug of "
                 "the changed values]."),
    click.option("--params", "params_scene", metavar="SCENE", default=None,
                 help="List SCENE's parameters (name, type, default, allowed values, help) "
                 "and exit."),
    click.option("--no-layout-check", is_flag=True,
                 help="Render a variant even if the layout probe finds overlapping text."),
)  # fmt: skip
