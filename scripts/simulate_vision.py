"""See frames as a viewer with a colour-vision deficiency would: write a simulated copy of
each PNG (coloraide: Machado 2009 for deuteranopia and protanopia, Brettel 1997 for
tritanopia; see scenes.readability).

    .venv/bin/python scripts/beat_frames.py kl-decomposition --out /tmp/frames
    .venv/bin/python scripts/simulate_vision.py /tmp/frames/*.png --out /tmp/frames-cvd

writes ``<name>-deuteranopia.png`` (and the other visions asked for with ``--vision``).
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("images", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--vision",
    "visions",
    multiple=True,
    default=("deuteranopia",),
    type=click.Choice(["deuteranopia", "protanopia", "tritanopia"]),
)
def main(images: tuple[Path, ...], out: Path, visions: tuple[str, ...]) -> None:
    import numpy as np
    from PIL import Image

    from scenes.readability import simulate_pixels

    out.mkdir(parents=True, exist_ok=True)
    for image in images:
        rgb = np.asarray(Image.open(image).convert("RGB"))
        for vision in visions:
            path = out / f"{image.stem}-{vision}.png"
            Image.fromarray(simulate_pixels(rgb, vision)).save(path)
            click.echo(path)


if __name__ == "__main__":
    main()
