"""Print how readable every scene is, per theme, and exit 1 if a target is missed.

    .venv/bin/python scripts/check_readable.py [--theme dark] [SCENE ...]   (make check-readable)

For each theme: every role's WCAG contrast on the background and on the panel (text
needs 4.5:1); then, per scene, the weakest pair of the colours it shows together
(CIEDE2000, needs 15) with normal vision and simulated deuteranopia, protanopia and
tritanopia, and its fastest caption cue in characters per second (at most 17). The
colours and cues come from running each scene with the probe (animations skipped).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scenes.inspection import SceneRun
    from scenes.theme import Theme

#: Columns: role, colour, on background, on panel, drawn as text.
ROLE_ROW = "{:<15} {:<9} {:>10} {:>8}  {}"
SCENE_ROW = "{:<22}" + " {:<26}" * 4 + " {:>11}"


def role_table(theme: Theme, text_roles: set[str]) -> list[str]:
    from scenes.readability import SURFACES, contrast
    from scenes.theme import color_roles

    lines = [ROLE_ROW.format("role", "colour", "background", "panel", "text in some scene")]
    for role in color_roles():
        if role in SURFACES:
            continue
        colour = getattr(theme, role)
        on_bg, on_panel = contrast(colour, theme.background), contrast(colour, theme.panel)
        used = "yes" if role in text_roles else "-"
        lines.append(ROLE_ROW.format(role, colour, f"{on_bg:.2f}", f"{on_panel:.2f}", used))
    return lines


def scene_row(name: str, theme: Theme, roles: frozenset[str], fastest: float) -> str:
    from scenes.readability import VISIONS, weakest_pair

    cells = []
    for vision in VISIONS:
        pair = weakest_pair(theme, roles, vision)
        cells.append("-" if pair is None else str(pair))
    return SCENE_ROW.format(name, *cells, f"{fastest:.1f} cps")


def check_theme(
    theme_name: str, scenes: Sequence[str], probe: Callable[[str, str], SceneRun]
) -> list[str]:
    """Print the theme's two tables; return its problems as sentences. ``probe(scene,
    theme)`` is the scene's probe run (the tests hand in the runs they already made)."""
    from scenes.components.captions import chars_per_second, cue_problems
    from scenes.readability import VISIONS, contrast_problems, pair_problems, palette
    from scenes.theme import get_theme

    theme = get_theme(theme_name)
    rows, problems, text_roles = [], [], set()
    for name in scenes:
        run = probe(name, theme_name)
        found = palette(theme, run.paints())
        text_roles |= found.text_roles
        cues = run.cues()
        fastest = max((chars_per_second(text, end - start) for start, end, text in cues), default=0)
        rows.append(scene_row(name, theme, found.roles, fastest))
        problems += [f"{name}: {p}" for p in contrast_problems(theme, found.text_roles)]
        problems += [f"{name}: {p}" for p in pair_problems(theme, found.roles)]
        problems += [
            f"{name}: text in {p.colour}, which is no colour of the theme"
            for p in found.unmatched
            if p.text
        ]
        for start, end, text in cues:
            problems += [f"{name}: cue {text!r}: {p}" for p in cue_problems(text, end - start)]
    click.echo(f"\n{theme_name} theme: contrast on the background and the panel (WCAG 2.1)")
    for line in role_table(theme, text_roles):
        click.echo("  " + line)
    click.echo(f"\n{theme_name} theme: weakest pair per scene (ΔE2000) and fastest caption cue")
    click.echo("  " + SCENE_ROW.format("scene", *VISIONS, "fastest cue"))
    for row in rows:
        click.echo("  " + row)
    return problems


@click.command()
@click.argument("scenes", nargs=-1)
@click.option("--theme", "themes", multiple=True, default=("dark", "light"))
@click.option("--size", default=160, help="Width in pixels of the probe's frames.")
def main(scenes: tuple[str, ...], themes: tuple[str, ...], size: int) -> None:
    from renderkit.jobs.protocol import share_caches
    from renderkit.plan.spec import DEFAULT_OUT, PROJECT, tex_cache
    from scenes.inspection import run_scene
    from scenes.registry import SCENE_NAMES, find_scene

    names = scenes or SCENE_NAMES
    problems = []
    equations = tex_cache(PROJECT / DEFAULT_OUT)  # reuse what renders compiled; add to it
    with tempfile.TemporaryDirectory() as media:
        share_caches(equations, Path(media))

        def probe(name: str, theme: str) -> SceneRun:
            scene_cls = find_scene(name).load()
            return run_scene(scene_cls, theme, Path(media), size=(size, size * 9 // 16))

        for theme in themes:
            problems += check_theme(theme, names, probe)
        share_caches(Path(media), equations)
    report(problems)


def report(problems: list[str]) -> None:
    """Print the targets and every problem; exit 1 if there is one."""
    from scenes.components.captions import LINE_WIDTH, MAX_CPS, MAX_LINES, MIN_SECONDS
    from scenes.readability import MIN_DIFFERENCE, MIN_TEXT_CONTRAST

    click.echo(
        f"\ntargets: text {MIN_TEXT_CONTRAST}:1 on background and panel; colours shown "
        f"together ΔE2000 >= {MIN_DIFFERENCE:g} with every vision; cues <= {MAX_CPS:g} cps, "
        f">= {MIN_SECONDS:g} s, <= {MAX_LINES} lines of <= {LINE_WIDTH}"
    )
    for problem in problems:
        click.echo(f"  PROBLEM {problem}")
    click.echo("readable: all targets met" if not problems else f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
