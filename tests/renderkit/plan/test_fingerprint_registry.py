"""Adding a scene re-renders no other: the registry (which ``scenes/__init__.py``, and so
every scene, imports) is not an input of any scene's fingerprint, while the scene's own
file and the rest of the kit still are."""

from __future__ import annotations

from pathlib import Path

from renderkit.plan.fingerprint import scene_fingerprint, source_files

FILES = {
    "scenes/__init__.py": "from .registry import SCENES\n",
    "scenes/registry.py": "SCENES = ('one',)\n",
    "scenes/theme.py": "DARK = 1\n",
    "scenes/one.py": "from scenes.theme import DARK\n",
}


def fingerprints(root: Path) -> tuple[str, str]:
    options: dict = {"theme": "dark", "quality": "low", "fmt": "mp4", "transparent": False}
    scene = root / "scenes/one.py"
    return (
        scene_fingerprint(scene, **options),
        scene_fingerprint(scene, without_own=True, **options),  # the base of beat prints
    )


def test_a_new_registry_line_changes_no_scenes_fingerprint(tmp_path: Path) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert tmp_path / "scenes/registry.py" in source_files(tmp_path / "scenes/one.py")
    before = fingerprints(tmp_path)
    (tmp_path / "scenes/registry.py").write_text("SCENES = ('one', 'two')\n")
    (tmp_path / "scenes/two.py").write_text("X = 2\n")
    assert fingerprints(tmp_path) == before
    (tmp_path / "scenes/theme.py").write_text("DARK = 2\n")  # the kit still counts
    after_theme = fingerprints(tmp_path)
    assert after_theme[0] != before[0] and after_theme[1] != before[1]
    (tmp_path / "scenes/one.py").write_text("from scenes.theme import DARK\nY = 1\n")
    assert fingerprints(tmp_path)[0] != after_theme[0]
