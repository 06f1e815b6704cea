"""Save the last frame of every beat of a scene as PNG, in each theme, to look at.

    .venv/bin/python scripts/beat_frames.py softmax --out /tmp/frames [--size 960x540]

Prints each PNG's path and any layout problem found at that beat.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click


@click.command()
@click.argument("scene")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/frames")
)
@click.option("--theme", "themes", multiple=True, default=("dark", "light"))
@click.option("--size", default="960x540", help="WIDTHxHEIGHT in pixels.")
def main(scene: str, out: Path, themes: tuple[str, ...], size: str) -> None:
    from PIL import Image

    from scenes.inspection import run_scene
    from scenes.registry import find_scene

    try:
        info = find_scene(scene)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    width, height = (int(v) for v in size.lower().split("x"))
    out.mkdir(parents=True, exist_ok=True)
    bad = 0
    with tempfile.TemporaryDirectory() as media:
        for theme in themes:
            run = run_scene(info.load(), theme, Path(media), size=(width, height))
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
