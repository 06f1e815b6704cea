"""renderkit.plan.fingerprint: static import walk and the scene fingerprint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from renderkit.plan.fingerprint import scene_fingerprint, source_files

REPO = Path(__file__).resolve().parents[3]

FILES = {
    "scenes/__init__.py": "from .registry import NAMES\n",
    "scenes/registry.py": "NAMES = ()\n",
    "scenes/theme.py": "DARK = 1\n",
    "scenes/components/__init__.py": "from .a import A\nfrom .b import B\n",
    "scenes/components/a.py": "from ..theme import DARK\nA = DARK\n",
    "scenes/components/b.py": "import numpy as np\nB = 2\n",
    "scenes/components/c.py": "from . import a\nfrom mathcore.m import f\nC = 3\n",
    "scenes/components/unused.py": "U = 4\n",
    "scenes/one.py": "from manim import *\nfrom scenes.components.c import C\n",
    "scenes/two.py": "from .components import a\n",
    "scenes/three.py": (
        "import mathcore.m as mm\n"
        "def later():\n    from scenes import theme\n"
        "from .cycle import X\n"
    ),
    "scenes/cycle.py": "from .three import later\nX = 1\n",
    "scenes/broken.py": "from .theme import DARK\ndef (:\n",
    "mathcore/__init__.py": "from .m import f\n",
    "mathcore/m.py": "import scipy\ndef f():\n    return 1\n",
    "other/x.py": "X = 1\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def names(project: Path, scene: str) -> list[str]:
    return [p.relative_to(project).as_posix() for p in source_files(project / scene)]


def fp(project: Path, scene: str, **settings: object) -> str:
    options: dict = {"theme": "dark", "quality": "low", "fmt": "mp4", "transparent": False}
    options.update(settings)
    return scene_fingerprint(project / scene, **options)


def test_source_files_follow_absolute_relative_and_package_imports(project: Path) -> None:
    init = ["scenes/__init__.py", "scenes/registry.py"]
    components = ["scenes/components/__init__.py", "scenes/components/a.py"]
    assert names(project, "scenes/one.py") == sorted(
        [
            *init,
            *components,
            "scenes/components/b.py",
            "scenes/components/c.py",
            "mathcore/__init__.py",
            "mathcore/m.py",
            "scenes/one.py",
            "scenes/theme.py",
        ]
    )
    assert names(project, "scenes/two.py") == sorted(
        [*init, *components, "scenes/components/b.py", "scenes/theme.py", "scenes/two.py"]
    )
    # imports inside functions count, cycles end, the module's own package runs first
    assert names(project, "scenes/three.py") == sorted(
        [
            *init,
            "mathcore/__init__.py",
            "mathcore/m.py",
            "scenes/cycle.py",
            "scenes/theme.py",
            "scenes/three.py",
        ]
    )
    # a file that does not parse is still part of its own fingerprint
    assert names(project, "scenes/broken.py") == sorted([*init, "scenes/broken.py"])
    # a package __init__ given directly
    assert names(project, "mathcore/__init__.py") == ["mathcore/__init__.py", "mathcore/m.py"]


def test_other_roots_can_be_followed(project: Path) -> None:
    assert names(project, "scenes/one.py") == [
        p.relative_to(project).as_posix()
        for p in source_files(project / "scenes/one.py", roots=("scenes", "mathcore"))
    ]
    only_scenes = source_files(project / "scenes/one.py", roots=("scenes",))
    assert not any("mathcore" in p.parts for p in only_scenes)


def test_missing_scene_file(project: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such scene file"):
        source_files(project / "scenes/nope.py")


def test_editing_a_component_changes_only_the_scenes_that_import_it(project: Path) -> None:
    before = {s: fp(project, f"scenes/{s}.py") for s in ("one", "two", "three")}
    assert len(set(before.values())) == 3
    c = project / "scenes/components/c.py"
    c.write_text(c.read_text() + "C = 4\n")
    after = {s: fp(project, f"scenes/{s}.py") for s in ("one", "two", "three")}
    assert after["one"] != before["one"]
    assert after["two"] == before["two"] and after["three"] == before["three"]
    # the shared package __init__ reaches everything below it
    a = project / "scenes/components/a.py"
    a.write_text(a.read_text() + "# edited\n")
    again = {s: fp(project, f"scenes/{s}.py") for s in ("one", "two", "three")}
    assert again["one"] != after["one"] and again["two"] != after["two"]
    assert again["three"] == after["three"]
    # a file nobody imports changes nothing
    (project / "scenes/components/unused.py").write_text("U = 5\n")
    assert {s: fp(project, f"scenes/{s}.py") for s in ("one", "two", "three")} == again


def test_mathcore_edit_reaches_scenes_through_their_imports(project: Path) -> None:
    one, two = fp(project, "scenes/one.py"), fp(project, "scenes/two.py")
    (project / "mathcore/m.py").write_text("def f():\n    return 2\n")
    assert fp(project, "scenes/one.py") != one
    assert fp(project, "scenes/two.py") == two


def test_unchanged_is_identical_even_when_touched(project: Path) -> None:
    first = fp(project, "scenes/one.py")
    path = project / "scenes/components/c.py"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))
    assert fp(project, "scenes/one.py") == first
    assert len(first) == 64 and int(first, 16) >= 0


def test_a_moved_checkout_keeps_its_fingerprints(project: Path, tmp_path_factory) -> None:
    other = tmp_path_factory.mktemp("moved")
    for rel, text in FILES.items():
        (other / rel).parent.mkdir(parents=True, exist_ok=True)
        (other / rel).write_text(text)
    assert fp(other, "scenes/one.py") == fp(project, "scenes/one.py")


@pytest.mark.parametrize(
    "change",
    [
        {"theme": "light"},
        {"quality": "high"},
        {"fmt": "webm"},
        {"transparent": True},
        {"resolution": (256, 144)},
        {"fps": 5},
        {"sections": True},
        {"extra": {"renderer": 2}},
    ],
)
def test_every_setting_changes_the_fingerprint(project: Path, change: dict) -> None:
    assert fp(project, "scenes/one.py", **change) != fp(project, "scenes/one.py")


def test_resolution_spellings_agree(project: Path) -> None:
    assert fp(project, "scenes/one.py", resolution=(256, 144)) == fp(
        project, "scenes/one.py", resolution="256x144"
    )


def test_real_project_without_importing_manim() -> None:
    """On the real tree: the kit's files are found, and manim is never imported."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from renderkit.plan.fingerprint import scene_fingerprint, source_files\n"
        "files = source_files(Path('scenes/inspection/probe.py'))\n"
        "print(*[p.relative_to(Path.cwd()).as_posix() for p in files])\n"
        "scene_fingerprint(Path('scenes/inspection/probe.py'), theme='dark', quality='low',\n"
        "                  fmt='mp4', transparent=False)\n"
        "print('manim' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    files = set(out[0].split())
    assert {
        "scenes/__init__.py",
        "scenes/registry.py",
        "scenes/theme.py",
        "scenes/components/__init__.py",
        "scenes/components/base.py",
        "scenes/inspection/probe.py",
    } <= files
    assert all(f.startswith(("scenes/", "mathcore/")) for f in files)
    assert out[1] == "False False"
