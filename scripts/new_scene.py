"""Write a new scene from the template: ``scenes/<name>.py`` and its line in the registry.

    .venv/bin/python scripts/new_scene.py label-smoothing
    .venv/bin/python scripts/new_scene.py label-smoothing --after confidently-wrong \\
        --title "Label smoothing" --summary "Soft targets keep the logits finite."

The new scene has a title beat and two example beats, a caption each, one number from
mathcore and a ``PARAMS`` with two parameters (the logits and the class names); as
written it renders (``render.py NAME``) and passes the scene tests. Its ``SceneInfo`` goes into
``scenes/registry.py`` at the end of the story or after ``--after NAME``. A name that is
taken or not a valid scene name (kebab-case, not ``explainer``, not a module of
``scenes/``) is exit 2 with one line, and nothing is written. Both files are written
atomically; a second file that fails to be written puts the first one back.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import string
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages

from renderkit.outputs.files import remove_path, write_text  # noqa: E402
from renderkit.plan.spec import EXPLAINER  # noqa: E402

TEMPLATE = Path(__file__).with_name("templates") / "scene.py.tmpl"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def class_name_of(name: str) -> str:
    """The CamelCase twin of a kebab-case name: ``logits-to-loss`` -> ``LogitsToLoss``."""
    return "".join(part.capitalize() for part in name.split("-"))


def name_problem(name: str, scenes_dir: Path, taken: dict[str, str]) -> str | None:
    """Why ``name`` cannot be a new scene (one line), or None. ``taken`` maps every
    registered scene's name to its class name."""
    if not NAME_PATTERN.fullmatch(name):
        return (
            f"{name!r} is not a scene name: use kebab-case, lower-case letters and digits "
            "in words joined by '-', starting with a letter (e.g. label-smoothing)"
        )
    module = name.replace("-", "_")
    if name == EXPLAINER:
        return f"{name!r} is the joined video of every scene, not a scene name"
    if name in taken:
        return f"scene {name!r} exists already (scenes/{module}.py)"
    if class_name_of(name) in taken.values():
        return f"{name!r} would be class {class_name_of(name)}, which a scene has already"
    if keyword.iskeyword(module):
        return f"{name!r} is a Python keyword and cannot name a module"
    if (scenes_dir / f"{module}.py").exists() or (scenes_dir / module).exists():
        return f"{name!r} would shadow scenes/{module}, which exists already"
    return None


def registry_line(name: str, class_name: str, summary: str) -> str:
    quoted = [json.dumps(text, ensure_ascii=False) for text in (name, class_name, summary)]
    return "    SceneInfo(\n" + "".join(f"        {q},\n" for q in quoted) + "    ),\n"


def with_entry(registry: str, entry: str, after: str | None) -> str:
    """``registry`` (the source of scenes/registry.py) with ``entry`` inserted into the
    ``SCENES`` tuple: after the scene named ``after``, or at the end."""
    tree = ast.parse(registry)
    scenes = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "SCENES"
    )
    assert isinstance(scenes, ast.Tuple)
    items = scenes.elts
    if after is None:
        line = items[-1].end_lineno
    else:
        line = next(
            item.end_lineno
            for item in items
            if isinstance(item, ast.Call) and ast.literal_eval(item.args[0]) == after
        )
    assert line is not None
    lines = registry.splitlines(keepends=True)
    # the element's closing ")" is followed by "," on the same line
    return "".join(lines[:line]) + entry + "".join(lines[line:])


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("name")
@click.option("--after", metavar="SCENE", help="Place it after this scene (default: at the end).")
@click.option("--title", help="The title on screen (default: the name in words).")
@click.option("--summary", help="One line for --list and the gallery.")
def main(name: str, after: str | None, title: str | None, summary: str | None) -> None:
    """Write scenes/NAME.py from the template and add NAME to scenes/registry.py."""
    from scenes.registry import SCENES

    taken = {info.name: info.class_name for info in SCENES}
    scenes_dir = ROOT / "scenes"
    problem = name_problem(name, scenes_dir, taken)
    if problem is None and after is not None and after not in taken:
        problem = f"--after {after!r} is not a scene; scenes: {', '.join(taken)}"
    for what, text in (("--title", title), ("--summary", summary)):
        if problem is None and text is not None and (not text.strip() or "\n" in text):
            problem = f"{what} must be one line of text"
    if problem:
        click.echo(f"new_scene.py: error: {problem}", err=True)
        sys.exit(2)
    class_name = class_name_of(name)
    title = title or name.replace("-", " ").capitalize()
    summary = summary or f"{title}: one idea, in a few beats."
    module = name.replace("-", "_")
    source = string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        name=name,
        module=module,
        class_name=class_name,
        title=title.replace("\\", "\\\\").replace('"', '\\"'),
        summary=summary.replace('"""', "'''"),
    )
    registry_file = scenes_dir / "registry.py"
    registry = with_entry(
        registry_file.read_text(encoding="utf-8"),
        registry_line(name, class_name, summary),
        after,
    )
    scene_file = scenes_dir / f"{module}.py"
    write_text(scene_file, source)
    try:
        write_text(registry_file, registry)
    except BaseException:
        remove_path(scene_file)
        raise
    click.echo(f"wrote scenes/{module}.py ({class_name}) and its line in scenes/registry.py")
    click.echo(f"look at it: .venv/bin/python scripts/beat_frames.py {name} --out /tmp/{name}")
    click.echo(f"render it:  .venv/bin/python render.py {name}")


if __name__ == "__main__":
    main()
