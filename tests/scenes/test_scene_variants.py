"""Variants, constructed as render.py makes them (values resolved through the scene's
``PARAMS``, then ``variant_class``).

Every scene, found in the registry: a variant derived from its own ``PARAMS``
(:func:`each_scene.derived_variant`: each parameter moved to another allowed value) has a
clean layout at every beat end, and render.py renders it with its values in the manifest;
``--set units=bits`` reaches exactly the scenes that declare ``units``. A scene with no
parameters has no variant to check.

Today's scenes also have hand-picked variants (:data:`CHECKED`): their numbers are
mathcore's for those values and their captions say them. A scene missing from it is
covered by the checks above. The derived variants are laid out in the light theme and
the hand-picked ones in dark: the themes share every size and differ in colour only
(as in test_scene_layout_property.py), so one theme per variant checks the layout.
Slow, all of it: it constructs two more runs per scene (make test-fast leaves it out).
"""

from __future__ import annotations

import functools
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from each_scene import EACH_SCENE, derived_variant, params_of
from scene_harness import SceneRun, run_scene

import mathcore
from scenes.params import variant_class
from scenes.registry import SCENES, find_scene

pytestmark = pytest.mark.slow

#: Hand-picked variants of today's scenes, as a user would give them (TOML values), whose
#: numbers the tests below check against mathcore.
CHECKED: dict[str, dict[str, Any]] = {
    "classification": {"logits": [0.5, 3.0, -1.0], "class_names": ["ant", "bee", "cow"],
                       "true_class": 2},
    "softmax": {"logits": [3, 1, -1, 0.5], "class_names": ["a", "b", "c", "d"],
                "shifts": [2, -2]},
    "kl-to-cross-entropy": {"units": "bits"},
    "kl-decomposition": {"class_names": ["x", "y", "z"], "p_true": [0.5, 0.3, 0.2],
                         "logits_start": [1, -1, 0], "true_class": 1, "units": "bits"},
    "loss-curves": {"p_stops": [0.3, 0.02], "units": "bits"},
    "gradient-curves": {"z_end": -7.5, "units": "bits"},
    "confidently-wrong": {"class_names": ["ant", "bee", "cow", "doe"], "logits": [0, 4, 1, 2],
                          "units": "bits"},
    "learning-race": {"w0": -2, "b0": -2, "learning_rate": 1.0, "steps": 200,
                      "thresholds": [0.4, 0.8], "units": "bits"},
    "binary-cross-entropy": {"s0": -1, "s1": 1.5, "q_end": 0.2, "units": "bits"},
}  # fmt: skip
BITS = 2.0


def derived(info) -> dict[str, Any]:
    return derived_variant(params_of(info))


@pytest.fixture(scope="module")
def variant_run(scene_media: Path):
    """``variant_run(name)``: the module's one run of the scene's hand-picked variant
    (dark); ``variant_run(name, given, theme)``: of the variant with those values."""

    @functools.cache
    def run(name: str, given: str = "", theme: str = "dark") -> SceneRun:
        info = find_scene(name)
        values = params_of(info).resolve(json.loads(given) if given else CHECKED[name])
        return run_scene(variant_class(info.load(), values), theme, scene_media)

    return run


@pytest.mark.parametrize("info", EACH_SCENE)
def test_a_variant_derived_from_the_params_is_valid_with_a_clean_layout(variant_run, info):
    given = derived(info)
    if not params_of(info).params:
        assert given == {}
        return
    assert given, f"{info.name}: no parameter could take another value"
    assert variant_run(info.name, json.dumps(given), "light").problems() == []


@pytest.mark.parametrize("name", list(CHECKED))
def test_each_hand_picked_variant_has_a_clean_layout(variant_run, name) -> None:
    assert variant_run(name).problems() == []


def captions(run: SceneRun) -> str:
    return " ".join(b.caption for b in run.beats)


def test_classification(variant_run) -> None:
    scene = variant_run("classification").scene
    logits = [0.5, 3.0, -1.0]
    np.testing.assert_allclose(scene.model_bars.values, mathcore.softmax(logits), rtol=1e-12)
    shown = [label.get_value() for label in scene.model_bars.value_labels]
    np.testing.assert_allclose(shown, mathcore.softmax(logits), rtol=1e-12)
    np.testing.assert_array_equal(scene.label_bars.values, [0.0, 0.0, 1.0])
    assert [n.text for n in scene.model_bars.names] == ["ant", "bee", "cow"]
    np.testing.assert_allclose([n.get_value() for n in scene.logit_column.numbers], logits)
    text = captions(variant_run("classification"))
    assert "over the K = 3 classes" in text and "the true class, cow." in text


def test_softmax(variant_run) -> None:
    scene = variant_run("softmax").scene
    logits = np.array([3.0, 1.0, -1.0, 0.5])
    exps, total = mathcore.softmax_terms(logits)
    np.testing.assert_allclose(scene.exp_bars.values, exps, rtol=1e-12)
    np.testing.assert_allclose(scene.prob_bars.values, mathcore.softmax(logits), rtol=1e-12)
    assert scene.exp_sum_readout.number.get_value() == pytest.approx(total[0], rel=1e-12)
    assert scene.c_readout.get_value() == pytest.approx(-2.0)
    np.testing.assert_allclose(scene.logit_bars.values, logits - 2.0, atol=1e-12)
    low, high, _ = scene.logit_range  # the axis holds every shifted logit
    assert low <= float((logits - 2).min()) and float((logits + 2).max()) <= high


def test_kl_to_cross_entropy_in_bits_writes_log_base_2(variant_run) -> None:
    scene = variant_run("kl-to-cross-entropy").scene
    tex = " ".join(m.tex_string for m in scene.stepper.lines)
    assert r"\log_2" in tex and r"\log " not in tex.replace(r"\log_2", "")
    rows = [m for m in scene.definitions_card.get_family() if type(m).__name__ == "MathTex"]
    card = " ".join(m.tex_string for m in rows)
    assert card.count(r"\log_2") == 2


def test_kl_decomposition_in_bits(variant_run) -> None:
    run = variant_run("kl-decomposition")
    scene = run.scene
    p_true, one_hot = np.array([0.5, 0.3, 0.2]), np.array([0.0, 1.0, 0.0])
    p_model = mathcore.softmax(np.log(p_true))  # t = 1: the model reached P*
    np.testing.assert_allclose(scene.model_bars.values, p_model, rtol=1e-9)
    loss = mathcore.cross_entropy(one_hot, p_model, base=BITS)
    assert scene.loss_readout.get_value() == pytest.approx(float(loss), rel=1e-9)
    assert scene.loss_readout.get_value() == pytest.approx(-math.log2(0.3), rel=1e-9)
    assert scene.p_true_readout.get_value() == pytest.approx(0.3, rel=1e-9)
    np.testing.assert_allclose(
        scene.panel.values, [float(loss), 0.0, float(loss)], atol=5e-3
    )  # shown to two decimals: CE, H(one-hot) = 0, KL
    assert scene.unit_note.text.replace(" ", "") == "inbits"
    assert "over the same three classes" in captions(run)
    assert "−log₂ P(true class)" in captions(run)


def test_loss_curves_in_bits(variant_run) -> None:
    scene = variant_run("loss-curves").scene
    p, ce, mse = (r.get_value() for r in scene.readouts)
    assert p == pytest.approx(0.02)
    assert ce == pytest.approx(float(mathcore.loss_vs_p(0.02, base=BITS)["ce"]), rel=1e-9)
    assert ce == pytest.approx(-math.log2(0.02), rel=1e-9)
    assert mse == pytest.approx(0.98**2, rel=1e-9)
    assert scene.y_top == math.ceil(-math.log2(0.02) + 0.5)  # the axis rose to hold the dot
    assert scene.plot.y_label.text.replace(" ", "") == "loss(CEinbits)"


def test_gradient_curves_in_bits(variant_run) -> None:
    run = variant_run("gradient-curves")
    scene = run.scene
    z, p, ce, mse = (r.get_value() for r in scene.readouts)
    assert z == pytest.approx(-7.5)
    grads = mathcore.grad_vs_logit(-7.5, base=BITS)
    assert ce == pytest.approx(float(grads["ce"]), rel=1e-9)
    assert mse == pytest.approx(float(grads["mse"]), rel=1e-9)
    assert p == pytest.approx(float(mathcore.sigmoid(-7.5)), rel=1e-9)
    assert scene.plot_z.x_range[0] == -8  # the z axis reaches z_end
    assert scene.plot_z.y_range[0] <= float(grads["ce"])
    assert "slide z down to −7.5, so p is only 0.00055" in captions(run)


def test_confidently_wrong_in_bits(variant_run) -> None:
    run = variant_run("confidently-wrong")
    scene = run.scene
    logits = [0.0, 4.0, 1.0, 2.0]
    ce = mathcore.cross_entropy_from_logits(0, logits, base=BITS)
    assert scene.ce_readout.get_value() == pytest.approx(float(ce), rel=1e-12)
    np.testing.assert_allclose(
        scene.ce_panel.bars.values, mathcore.cross_entropy_grad_logits(0, logits, base=BITS)
    )
    np.testing.assert_allclose(scene.mse_panel.bars.values, mathcore.mse_grad_logits(0, logits))
    assert scene.factor_note.get_value() == pytest.approx(float(mathcore.softmax(logits)[0]))
    text = captions(run)
    top = float(mathcore.softmax(logits)[1])
    assert f"The truth is ant, but the model puts {top:.2f} of its probability on bee." in text
    assert "CE by −log₂ P(ant)" in text
    assert [m.text for m in scene.ce_label.pieces if hasattr(m, "text")] == ["ant"]


def test_learning_race_in_bits(variant_run) -> None:
    run = variant_run("learning-race")
    scene = run.scene
    kw = {"w0": -2.0, "b0": -2.0, "x": 1.0, "learning_rate": 1.0, "steps": 200}
    ce = mathcore.train_sigmoid_neuron("ce", base=BITS, **kw)
    mse = mathcore.train_sigmoid_neuron("mse", base=BITS, **kw)
    for (name, threshold), step in scene.crossings.items():
        traj = ce if name == "ce" else mse
        assert step == traj.first_step_reaching(threshold)
        if step is not None:
            assert scene.crossing_numbers[name, threshold].get_value() == step
    assert scene.p_now["ce"].get_value() == pytest.approx(float(ce.p[-1]), abs=5e-4)
    low, _ = scene.loss_range()
    np.testing.assert_allclose(
        scene.loss_panel.racers["ce"].values, np.maximum(ce.loss, low), rtol=1e-12
    )
    assert scene.race[-1][0] == 200
    first = ce.first_step_reaching(0.4), mse.first_step_reaching(0.4)
    assert f"CE reaches p = 0.4 by step {first[0]}" in captions(run)
    assert f"Only after {first[1]} steps does MSE finally reach p = 0.4" in captions(run)


def test_binary_cross_entropy_in_bits(variant_run) -> None:
    run = variant_run("binary-cross-entropy")
    scene = run.scene
    s0, _ = scene.logit_readouts
    assert s0.get_value() == pytest.approx(-1.0)
    for row, label, p in zip(scene.mirror_rows, (1, 0), (0.2, 0.8), strict=True):
        assert row.at.get_value() == pytest.approx(p)
        bce = mathcore.binary_cross_entropy(label, p, base=BITS)
        assert row.loss.get_value() == pytest.approx(float(bce), rel=1e-9)
        assert row.loss.get_value() == pytest.approx(-math.log2(0.2), rel=1e-9)
    assert "For y = 1 the loss is −log₂ p" in captions(run)


def test_render_py_renders_every_variant(tmp_path: Path) -> None:
    """Every scene's derived variant through render.py at a tiny size, from one TOML file;
    the manifest holds each variant's values, as JSON holds them."""
    variants = {info.name: derived(info) for info in SCENES if derived(info)}
    config = tmp_path / "variants.toml"
    config.write_text("".join(_toml_table(name, values) for name, values in variants.items()))
    out = tmp_path / "media"
    command = [sys.executable, "render.py", "--config", str(config), "--variant", "t"]
    command += ["-q", "low", "--resolution", "192x108", "--fps", "5", "-o", str(out), "--quiet"]
    root = Path(__file__).resolve().parents[2]
    subprocess.run(command, cwd=root, check=True, timeout=1800)

    entries = json.loads((out / "manifest.json").read_text())["entries"]
    for name, given in variants.items():
        entry = next(e for e in entries if e["scene"] == name and e.get("variant") == "t")
        assert entry["path"] == f"192x108-5fps/dark/{name}--t.mp4"
        assert (out / entry["path"]).is_file() and entry["duration"] > 10
        values = params_of(find_scene(name)).resolve(given)
        assert entry["params"] == json.loads(json.dumps(values))


def test_set_units_bits_applies_to_the_scenes_that_have_units(tmp_path: Path) -> None:
    """``--set units=bits`` renders a scene that declares ``units`` as its bits variant and
    one that does not as it is (the first of each in the registry; every derived variant,
    in bits where the scene has units, is rendered as video above, so here the last frame
    is enough: a png, which skips the animations)."""
    out = tmp_path / "media"
    bits_scenes = {info.name for info in SCENES if "units" in params_of(info)}
    scenes = [
        next(info.name for info in SCENES if info.name not in bits_scenes),
        next(info.name for info in SCENES if info.name in bits_scenes),
    ]
    command = [sys.executable, "render.py", *scenes, "--set", "units=bits", "-f", "png"]
    command += ["-o", str(out), "--resolution", "192x108", "--quiet"]
    subprocess.run(command, cwd=Path(__file__).resolve().parents[2], check=True, timeout=1800)
    entries = json.loads((out / "manifest.json").read_text())["entries"]
    rendered = {e["scene"]: e for e in entries}
    assert set(rendered) == set(scenes)
    for name, entry in rendered.items():
        bits = name in bits_scenes
        assert entry.get("variant") == ("units-bits" if bits else ""), name
        assert entry["params"].get("units") == ("bits" if bits else None)
        assert entry["path"].endswith(".png") and (out / entry["path"]).is_file()


def _toml_table(name: str, values: dict[str, Any]) -> str:
    def toml(value: Any) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        return f'"{value}"' if isinstance(value, str) else repr(value)

    return f"[{name}]\n" + "".join(f"{k} = {toml(v)}\n" for k, v in values.items()) + "\n"
