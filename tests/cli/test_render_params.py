"""render.py --set / --config / --variant / --params on the real scenes: every bad input
exits 2 with one line naming the scene, the parameter, the value given and what is
allowed, before anything is rendered or written; --params lists every scene's parameters.

(Variants that do render are in test_render_variants.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from each_scene import EACH_SCENE, params_of

import render


def invoke(*args: str):
    return CliRunner().invoke(render.main, list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder that already holds a render's manifest and a video."""
    folder = tmp_path / "media"
    (folder / "medium" / "dark").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"version": 1, "entries": []}\n')
    (folder / "medium" / "dark" / "softmax.mp4").write_bytes(b"not really a video")
    return folder


def exits_2_with(result, *parts: str) -> str:
    """The one line of a usage error, checked: exit 2, no traceback, ``parts`` in it."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert lines[0].startswith("render.py: error: "), lines[0]
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


BAD_SETS = [
    (["softmax", "--set", "logit=1,2,3,4"], ["softmax: unknown parameter 'logit'", "logits"]),
    (["softmax", "--set", "logits=1,x,2,3"], ["softmax: logits: 'x' is not a number"]),
    (["softmax", "--set", "logits=nan,1,2,3"], ["softmax: logits: nan is not a finite number"]),
    (["loss-curves", "--set", "p_stops=inf"], ["loss-curves: p_stops: inf is not a finite"]),
    (["loss-curves", "--set", "p_stops=-inf"], ["p_stops: -inf is not a finite number"]),
    (["softmax", "--set", "shifts=9"], ["softmax: shifts: 9 is outside [-3, 3]"]),
    (["gradient-curves", "--set", "z_end=0"], ["gradient-curves: z_end: 0 is outside [-8, -3]"]),
    (["softmax", "--set", "logits=1,2,3,4,5,6"], ["softmax: logits has 6 values; allowed: 2 to 5"]),
    (["softmax", "--set", "logits=1,2"], ["softmax: logits has 2 values but class_names has 4"]),
    (
        ["classification", "--set", "true_class=4"],
        ["classification: true_class 4 is not a class: class_names has 4 (0 to 3)"],
    ),
    (
        ["kl-decomposition", "--set", "p_true=0.5,0.2,0.2,0.05"],
        ["kl-decomposition: p_true sums to 0.95, not 1", "refused, not normalised"],
    ),
    (
        ["confidently-wrong", "--set", "logits=5,1,0"],
        ["confidently-wrong: logits give the true class 'cat' probability", "confidently wrong"],
    ),
    (
        ["learning-race", "--set", "learning_rate=0.05"],
        ["learning-race: MSE never reaches p = 0.5 within 300 steps"],
    ),
    (["learning-race", "--set", "steps=12.5"], ["steps: '12.5' is not a whole number"]),
    (["loss-curves", "--set", "units=kelvin"], ["units: 'kelvin' is not one of nats, bits"]),
    (["softmax", "--set", "logits"], ["--set 'logits': expected NAME=VALUE"]),
    (["softmax", "--set", "nope.logits=1,2,3,4"], ["'nope' is not a scene"]),
    (["softmax", "--set", "classification.logits=1,2,3,4"], ["classification is not among"]),
    (["softmax", "classification", "--set", "p_true=1"], ["--set p_true: none of the scenes"]),
    (["softmax", "--set", "units=bits"], ["softmax: unknown parameter 'units'"]),
    (["softmax", "--set", "logits=3,1", "--variant", "a/b"], ["--variant 'a/b': use 1-40"]),
    (["softmax", "--variant", "lecture"], ["--variant lecture: nothing to vary"]),
    (
        ["softmax", "--set", r"class_names=\input{/etc/passwd},dog,fox,owl"],
        ["softmax: class_names: '\\\\input{/etc/passwd}' has 19 characters; allowed: 1 to 12"],
    ),
    (
        ["softmax", "--set", r"class_names=\input{/x},dog,fox,owl"],
        ["softmax: class_names: '\\\\input{/x}' has '\\\\'", "none of \\{}$,"],
    ),
    (
        ["softmax", "--set", "class_names=cat,dog,hippopotamus,owl"],
        ["'hippopotamus' is too wide to label one of 4 bars"],
    ),
]


@pytest.mark.parametrize(("args", "parts"), BAD_SETS, ids=[" ".join(a) for a, _ in BAD_SETS])
def test_a_bad_value_is_one_line_exit_2_and_nothing_is_touched(out, args, parts) -> None:
    before = snapshot(out)
    exits_2_with(invoke(*args, "-o", str(out)), *parts)
    assert snapshot(out) == before


def test_nothing_is_created_for_a_new_output_folder(tmp_path) -> None:
    target = tmp_path / "new"
    exits_2_with(invoke("softmax", "--set", "logits=1,2", "-o", str(target)), "logits has 2")
    assert not target.exists()


BAD_CONFIGS = [
    ("[softmax\nlogits = [1, 2]\n", ["not valid TOML", "line 1"]),
    ("[sofmax]\nlogits = [1, 2, 3, 4]\n", ["[sofmax] is not a scene; tables: all, classification"]),
    ("units = 'bits'\n", ["'units' must sit in a table, [all] or [<scene>]"]),
    ("[softmax]\nlogits = 'abc'\n", ["softmax: logits: 'abc' is not a number"]),
    ("[softmax]\nlogits = 3.0\n", ["softmax: logits: 3.0 is not a list"]),
    ("[softmax]\nlogits = [nan, 1, 2, 3]\n", ["softmax: logits: nan is not a finite number"]),
    ("[softmax]\nlogits = [inf, 1, 2, 3]\n", ["softmax: logits: inf is not a finite number"]),
    ("[softmax]\nlogits = [1, 2]\n", ["softmax: logits has 2 values but class_names has 4"]),
    ("[softmax]\nlogit = [1, 2, 3, 4]\n", ["softmax: unknown parameter 'logit'"]),
    ("[all]\nunit = 'bits'\n", ["--config [all]: no scene has a parameter 'unit'"]),
    ("[loss-curves]\nunits = 2\n", ["loss-curves: units: 2 is not a text"]),
    ("[softmax]\nclass_names = ['<b>', 'a\\\\b', 'c', 'd']\n", ["class_names: 'a\\\\\\\\b' has"]),
]


@pytest.mark.parametrize(("text", "parts"), BAD_CONFIGS, ids=[p[0] for _, p in BAD_CONFIGS])
def test_a_bad_config_file_is_one_line_exit_2(out, tmp_path, text, parts) -> None:
    config = tmp_path / "lecture.toml"
    config.write_text(text)
    before = snapshot(out)
    exits_2_with(invoke("softmax", "loss-curves", "--config", str(config), "-o", str(out)), *parts)
    assert snapshot(out) == before


def test_a_missing_config_file_is_one_line(out, tmp_path) -> None:
    exits_2_with(invoke("--config", str(tmp_path / "nope.toml"), "-o", str(out)), "cannot be read")


@pytest.mark.parametrize("info", EACH_SCENE)
def test_params_lists_every_parameter_with_type_default_range_and_help(info) -> None:
    result = invoke("--params", info.name)
    assert result.exit_code == 0, result.output
    params = params_of(info)
    lines = result.output.splitlines()
    if not params.params:  # a scene may have none
        assert lines == [f"{info.name}: no parameters (it has no example values to change)"]
        return
    assert lines[0].startswith(f"{info.name}: parameters")
    assert lines[2].split() == ["name", "type", "default", "allowed", "help"]
    for param in params.params:
        row = next(line for line in lines if line.split()[:1] == [param.name])
        for column in (param.type_text, param.allowed_text, param.help):
            assert column in row, (column, row)
    for rule in params.rules:
        assert f"  {rule.text}" in lines


def test_params_of_an_unknown_scene_is_a_usage_error() -> None:
    exits_2_with(invoke("--params", "nope"), "unknown scene 'nope'")
