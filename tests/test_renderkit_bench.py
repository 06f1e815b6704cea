"""bench/render_bench.py: its helpers (the bench itself is run by hand, ``make bench``)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("render_bench", ROOT / "bench/render_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_bench"] = module
    spec.loader.exec_module(module)
    return module


SCENE = '''"""A scene."""
DERIVATION: tuple = (
    ("a", "=", "b"),
    (
        "c",
        "=",
        "d",
    ),
    ("e", r"\\equiv", "f"),
)
OTHER = 1
'''


def last_line(text: str) -> tuple:
    tree = ast.parse(text)
    node = next(n for n in tree.body if isinstance(n, ast.AnnAssign))
    return ast.literal_eval(node.value)[-1]


def test_equation_edit_switches_one_line(bench, tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text(SCENE)
    switch = bench.equation_edit(path)
    switch(True)
    edited = path.read_text()
    assert last_line(edited) == ("e", r"\equiv", "f", r"\,")
    assert sum(a != b for a, b in zip(edited.splitlines(), SCENE.splitlines(), strict=True)) == 1
    switch(False)
    assert path.read_text() == SCENE


def test_equation_edit_on_a_multi_line_last_entry(bench, tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text(SCENE.replace('    ("e", r"\\equiv", "f"),\n', ""))
    bench.equation_edit(path)(True)
    assert last_line(path.read_text()) == ("c", "=", "d", r"\,")


def test_equation_edit_needs_the_data(bench, tmp_path: Path) -> None:
    path = tmp_path / "kl.py"
    path.write_text("X = 1\n")
    with pytest.raises(bench.BenchError, match="no DERIVATION"):
        bench.equation_edit(path)


def test_the_real_scene_can_be_edited(bench, tmp_path: Path) -> None:
    real = ROOT / "scenes" / "kl_to_cross_entropy.py"
    if not real.is_file():
        pytest.skip("the kl-to-cross-entropy scene is not written yet")
    copy = tmp_path / real.name
    copy.write_text(real.read_text())
    bench.equation_edit(copy)(True)
    compile(copy.read_text(), str(copy), "exec")
    assert copy.read_text() != real.read_text()


def test_encode_floor_and_report(bench) -> None:
    seconds = bench.encode_floor(64, 36, 15, 10, None)
    assert 0 < seconds < 60
    report = bench.Report(
        machine=bench.machine(), started="today", source="commit abc", reps=3, jobs=2
    )
    report.results.append(bench.Result("1. Cold", "0.5×", "≤ 0.6", True))
    report.raw["cold"] = [1.0, 2.0, 3.0]
    text = report.markdown()
    assert "| 1. Cold | 0.5× | ≤ 0.6 | yes |" in text
    assert "cold: 1.00, 2.00, 3.00" in text
    assert report.machine["cores"] in text
