"""Save the last frame of every beat of a scene as PNG, in each theme, to look at.

    .venv/bin/python scripts/beat_frames.py softmax --out /tmp/frames [--size 960x540]
    .venv/bin/python scripts/beat_frames.py softmax --set logits=3,1,-1,0.5 --set units=bits

Prints each PNG's path and any layout problem found at that beat. ``--set`` takes the
same values as render.py's (checked the same way) and draws the scene as that variant.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

# this checkout's scenes/ and mathcore/, not those of wherever the project is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@click.command()
@click.argument("scene")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/frames")
)
@click.option("--theme", "themes", multiple=True, default=("dark", "light"))
@click.option("--size", default="960x540", help="WIDTHxHEIGHT in pixels.")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE", help="A parameter value.")
def main(scene: str, out: Path, themes: tuple[str, ...], size: str, sets: tuple[str, ...]) -> None:
    from PIL import Image

    from renderkit.plan.variants import VariantError, resolve
    from scenes.inspection import run_scene
    from scenes.params import variant_class
    from scenes.registry import find_scene

    try:
        info = find_scene(scene)
        variants = resolve([info], sets)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    except VariantError as exc:
        raise click.UsageError(str(exc)) from None
    scene_cls = info.load()
    if info.name in variants:
        scene_cls = variant_class(scene_cls, variants[info.name].values)
    width, height = (int(v) for v in size.lower().split("x"))
    out.mkdir(parents=True, exist_ok=True)
    bad = 0
    with tempfile.TemporaryDirectory() as media:
        for theme in themes:
            run = run_scene(scene_cls, theme, Path(media), size=(width, height))
            for i, point in enumerate(run.checkpoints):
                path = out / f"{info.name}-{theme}-{i:02d}-{point.beat.name}.png"
                Image.fromarray(point.frame).save(path)
                click.echo(f"{path}  ({point.beat.end:.1f}s)")
                for problem in point.problems:
                    bad += 1
                    click.echo(f"    PROBLEM: {problem}")
            click.echo(f"{info.name} [{theme}]: {run.duration:.1f}s, {len(run.beats)} beats")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
