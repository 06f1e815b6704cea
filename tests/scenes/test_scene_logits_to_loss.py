"""Scene 10, logits-to-loss: its beats in order, and every number on screen against
mathcore, float64's inf and nan included: the naive table, the shifted one, the stable
log-probabilities and loss, and the gradient bars at the end. The checks every scene
shares are in test_scenes_common.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scene_harness import SceneRun
from scene_probes import probe_for

import mathcore
from scenes.components import Beat
from scenes.logits_to_loss import LogitsToLoss, caption_number, tex_number
from scenes.params import variant_class
from scenes.theme import get_theme

BEATS = [
    "scale_up",
    "compute_naively",
    "shift_by_the_largest",
    "use_log_sum_exp",
    "show_the_gradient",
]
SCENE = LogitsToLoss


@probe_for(LogitsToLoss)
class RecordingLogitsToLoss(LogitsToLoss):
    """Keeps, at each beat end, the table's cells as drawn (TeX and colour) by row."""

    def on_beat_end(self, finished: Beat) -> None:
        super().on_beat_end(finished)
        if not hasattr(self, "tables"):
            self.tables: dict[str, dict[str, list[tuple[str, str]]]] = {}
        rows = {
            "logits": getattr(self, "logit_row", None),
            "exps": getattr(self, "exp_row", None),
            "probs": getattr(self, "prob_row", None),
            "logs": getattr(self, "log_row", None),
        }
        on_screen = set(self.get_mobject_family_members())
        self.tables[finished.name] = {
            key: [(cell.tex_string, cell.get_color().to_hex().upper()) for cell in row[1]]
            for key, row in rows.items()
            if row is not None and row[1][0] in on_screen
        }


def cells(run: SceneRun, beat: str, row: str) -> list[str]:
    return [tex for tex, _ in run.scene.tables[beat][row]]


def test_beats_in_story_order(run: SceneRun) -> None:
    assert [b.name for b in run.beats] == BEATS


def test_the_default_logits_really_overflow_float64() -> None:
    scaled = LogitsToLoss.scale * np.asarray(LogitsToLoss.logits)
    naive = mathcore.naive_softmax_log(scaled)
    assert naive.exps[0] == math.inf and np.isnan(naive.probs[0])
    assert naive.log_probs[LogitsToLoss.true_class] == -math.inf
    assert float(mathcore.naive_cross_entropy(LogitsToLoss.true_class, scaled)) == math.inf
    assert float(mathcore.cross_entropy_from_logits(LogitsToLoss.true_class, scaled)) == 500.0


def test_naive_table_is_float64s(run: SceneRun) -> None:
    scaled = LogitsToLoss.scale * np.asarray(LogitsToLoss.logits)
    naive = mathcore.naive_softmax_log(scaled)
    assert cells(run, "scale_up", "logits") == ["1000", "500", "-250", "150"]
    for row, values in (("exps", naive.exps), ("probs", naive.probs), ("logs", naive.log_probs)):
        assert cells(run, "compute_naively", row) == [tex_number(float(v)) for v in values]
    assert cells(run, "compute_naively", "exps")[0] == r"\infty"
    assert cells(run, "compute_naively", "probs")[0] == r"\text{nan}"
    assert cells(run, "compute_naively", "logs")[1] == r"-\infty"
    # what broke is drawn in the colour of "look here"
    highlight = get_theme(run.theme).highlight.upper()
    for row in ("exps", "probs", "logs"):
        for tex, colour in run.scene.tables["compute_naively"][row]:
            broken = tex in (r"\infty", r"-\infty", r"\text{nan}")
            assert (colour == highlight) == broken, (row, tex)


def test_shifted_and_stable_rows(run: SceneRun) -> None:
    scaled = LogitsToLoss.scale * np.asarray(LogitsToLoss.logits)
    shifted = mathcore.shifted_logits(scaled)
    after_shift = mathcore.naive_softmax_log(shifted)
    assert cells(run, "shift_by_the_largest", "logits") == [tex_number(v) for v in shifted]
    assert cells(run, "shift_by_the_largest", "exps") == [
        tex_number(float(v)) for v in after_shift.exps
    ]
    assert all(math.isfinite(float(v)) for v in after_shift.probs)
    stable = mathcore.log_softmax(scaled)
    assert cells(run, "use_log_sum_exp", "logs") == [tex_number(float(v)) for v in stable]
    assert run.scene.lse == pytest.approx(float(mathcore.logsumexp(scaled)), rel=1e-15)
    assert run.scene.ce == float(mathcore.cross_entropy_from_logits(1, scaled))


def test_gradient_bars_end_at_softmax_minus_onehot(run: SceneRun) -> None:
    scaled = LogitsToLoss.scale * np.asarray(LogitsToLoss.logits)
    np.testing.assert_allclose(run.scene.prob_bars.values, mathcore.softmax(scaled), atol=1e-12)
    np.testing.assert_allclose(
        run.scene.gradient_bars.values,
        mathcore.cross_entropy_grad_logits(1, scaled),
        atol=1e-12,
    )
    assert float(np.sum(run.scene.gradient_bars.values)) == pytest.approx(0.0, abs=1e-12)


def test_captions_say_the_numbers(run: SceneRun) -> None:
    text = " ".join(b.caption for b in run.beats)
    assert "times 500" in text and "e to the 1000 is inf" in text
    assert "So the loss is inf." in text and "500 nats" in text


@pytest.mark.parametrize(
    ("value", "tex", "spoken"),
    [
        (math.inf, r"\infty", "inf"),
        (-math.inf, r"-\infty", "−inf"),
        (math.nan, r"\text{nan}", "nan"),
        (1000.0, "1000", "1000"),
        (-0.5, "-0.5", "−0.5"),
        (1.4e217, r"1.4 \times 10^{217}", None),
        (9.96e-5, r"1.0 \times 10^{-4}", None),
    ],
)
def test_numbers_read_as_a_person_reads_them(value: float, tex: str, spoken: str | None) -> None:
    assert tex_number(value) == tex
    if spoken is not None:
        assert caption_number(value) == spoken


@pytest.mark.slow
def test_bits_variant_divides_the_loss_and_gradient_by_ln_2(scene_run) -> None:
    values = {**{p: getattr(LogitsToLoss, p) for p in ("logits", "scale")}, "units": "bits"}
    run = scene_run(variant_class(LogitsToLoss, values), "dark")
    assert run.problems() == []
    assert run.scene.ce == pytest.approx(500.0 / math.log(2), rel=1e-12)
    scaled = LogitsToLoss.scale * np.asarray(LogitsToLoss.logits)
    np.testing.assert_allclose(
        run.scene.gradient_bars.values,
        mathcore.cross_entropy_grad_logits(1, scaled) / math.log(2),
        atol=1e-12,
    )
    assert "bits" in " ".join(b.caption for b in run.beats)
