"""Every scene's transcript, from the screen descriptions the probe records at each beat's
end with the code the beat job runs (``scenes.inspection.describe``): it holds every
caption, one MathML ``<math>`` per equation shown, and numbers equal to mathcore's, for
the default values and for a variant."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from scene_harness import SceneRun
from scene_variants import variant

import mathcore
from renderkit.pages.transcript import Part, TranscriptBeat, render_html, render_markdown
from scenes.confidently_wrong import ConfidentlyWrong
from scenes.inspection.plaintext import plain_tex
from scenes.kl_decomposition import KlDecomposition
from scenes.loss_curves import LossCurves
from scenes.registry import SCENES
from scenes.softmax import Softmax

EACH_SCENE = [pytest.param(info, id=info.name) for info in SCENES]
#: The variant the numbers are checked with: bits, and other labels and logits.
KL_BITS = {"units": "bits", "p_true": (0.5, 0.3, 0.15, 0.05), "logits_start": (1.0, 0.2, -1.0, 0.4)}
SOFTMAX_VARIANT = {"logits": (3.0, -1.5, 0.5), "class_names": ("ant", "bee", "cow")}

Runner = Callable[[type, str], SceneRun]


def parts_of(run: SceneRun) -> list[Part]:
    beats = tuple(
        TranscriptBeat(n, c.beat.name, c.beat.start, c.beat.caption, c.description or {})
        for n, c in enumerate(run.checkpoints, 1)
    )
    return [Part(run.scene.__class__.__name__, beats)]


def screen(run: SceneRun, beat: str) -> dict:
    found = next(c.description for c in run.checkpoints if c.beat.name == beat)
    assert found is not None
    return dict(found)


def equation_value(found: dict, label: str) -> str:
    """The number after ``label =`` in the one equation (read as plain text) that starts so."""
    values = [
        m.group(1)
        for tex in found["equations"]
        if (m := re.fullmatch(re.escape(label) + r" = (−?\d+\.\d+)", plain_tex(tex)))
    ]
    assert len(values) == 1, (label, [plain_tex(t) for t in found["equations"]])
    return values[0]


def chart(found: dict, name: str) -> dict:
    charts = [c for c in found["charts"] if c["name"] == name]
    assert len(charts) == 1, (name, [c["name"] for c in found["charts"]])
    return charts[0]


def shown(values: np.ndarray, decimals: int, sign: bool = False) -> list[str]:
    return [f"{v:{'+' if sign else ''}.{decimals}f}".replace("-", "−") for v in values]


@pytest.mark.parametrize("info", EACH_SCENE)
def test_the_transcript_holds_every_caption_and_a_math_element_per_equation(
    info, scene_run: Runner
) -> None:
    run = scene_run(info.load(), "dark")
    parts = parts_of(run)
    page = render_html(info.name, f"{info.name}.mp4", parts)
    markdown = render_markdown(info.name, f"{info.name}.mp4", parts)
    main = page.split("<main>")[1].split("</main>")[0]
    for checkpoint in run.checkpoints:
        found = checkpoint.description
        assert found and (found["title"] or found["texts"] or found["equations"]), checkpoint.beat
        assert found["text"]  # the plain paragraph for alternative text
        assert checkpoint.beat.caption.replace("'", "&#39;") in main
        assert f"Caption: {checkpoint.beat.caption}" in markdown
    equations = [tex for c in run.checkpoints for tex in c.description["equations"]]
    assert equations, "every scene shows an equation"
    assert main.count("<math ") == len(equations)
    assert "<mtext>\\" not in main  # every equation converted, none left as its source
    assert markdown.count("- Equation: $") == len(equations)


def test_softmax_numbers_are_mathcores(scene_run: Runner) -> None:
    found = screen(scene_run(Softmax, "dark"), "normalise")
    logits = np.asarray(Softmax.logits)
    exps, total = mathcore.softmax_terms(logits)
    assert [r[1] for r in chart(found, "logits sₖ")["rows"]] == shown(logits, 2)
    assert [r[1] for r in chart(found, "exp(sₖ)")["rows"]] == shown(exps, 2)
    rows = chart(found, "P(y | xᵢ; θ)")["rows"]
    assert rows == [
        [n, v] for n, v in zip(Softmax.class_names, shown(mathcore.softmax(logits), 2), strict=True)
    ]
    assert equation_value(found, "Σₖ exp(sₖ)") == shown(total, 2)[0]


def test_a_softmax_variants_numbers_are_mathcores(scene_run: Runner) -> None:
    found = screen(scene_run(variant(Softmax, **SOFTMAX_VARIANT), "dark"), "normalise")
    logits = np.asarray(SOFTMAX_VARIANT["logits"])
    rows = chart(found, "P(y | xᵢ; θ)")["rows"]
    probs = shown(mathcore.softmax(logits), 2)
    assert rows == [[n, v] for n, v in zip(SOFTMAX_VARIANT["class_names"], probs, strict=True)]
    assert equation_value(found, "Σₖ exp(sₖ)") == shown(mathcore.softmax_terms(logits)[1], 2)[0]


@pytest.mark.parametrize("values", [{}, KL_BITS], ids=["nats", "bits-variant"])
def test_kl_decomposition_numbers_are_mathcores(values: dict, scene_run: Runner) -> None:
    scene_cls = variant(KlDecomposition, **values) if values else KlDecomposition
    found = screen(scene_run(scene_cls, "dark"), "decompose")
    p_true = np.asarray(scene_cls.p_true)
    p_model = mathcore.softmax(np.asarray(scene_cls.logits_start))
    base = 2.0 if values.get("units") == "bits" else None
    expected = {
        "H(P*, P)": mathcore.cross_entropy(p_true, p_model, base=base),
        "H(P*)": mathcore.entropy(p_true, base=base),
        "D sub KL": mathcore.kl_divergence(p_true, p_model, base=base),
    }
    for label, value in expected.items():
        assert equation_value(found, label) == shown(np.atleast_1d(value), 2)[0], label
    bars = {c["name"]: [v for _, v in c["rows"]] for c in found["charts"]}
    assert shown(p_true, 2) in bars.values()
    assert shown(p_model, 2) in bars.values()


def test_confidently_wrong_numbers_are_mathcores(scene_run: Runner) -> None:
    found = screen(scene_run(ConfidentlyWrong, "dark"), "compare_cat_gradients")
    t, logits = ConfidentlyWrong.true_class, np.asarray(ConfidentlyWrong.logits)
    ce = mathcore.cross_entropy_from_logits(t, logits)
    assert equation_value(found, "CE = −ln P(cat)") == shown(np.atleast_1d(ce), 2)[0]
    gradients = [c for c in found["charts"] if "signed" in c["sentence"]]
    assert [[v for _, v in c["rows"]] for c in gradients] == [
        shown(mathcore.cross_entropy_grad_logits(t, logits), 3, sign=True),
        shown(mathcore.mse_grad_logits(t, logits), 3, sign=True),
    ]


def test_loss_curves_readouts_are_mathcores(scene_run: Runner) -> None:
    found = screen(scene_run(LossCurves, "dark"), "mark_bounds")
    p = LossCurves.p_stops[-1]  # where the slide stops
    assert equation_value(found, "p") == f"{p:.2f}"
    losses = mathcore.loss_vs_p(p)
    assert equation_value(found, "CE") == shown(np.atleast_1d(losses["ce"]), 2)[0]
    assert equation_value(found, "MSE") == shown(np.atleast_1d(losses["mse"]), 2)[0]
