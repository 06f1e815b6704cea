"""mathcore in bits: every information quantity's ``base`` argument, against SciPy's own.

References: ``scipy.stats.entropy(pk, base=b)`` (entropy) and
``scipy.stats.entropy(pk, qk, base=b)`` (KL divergence); cross-entropy is their sum
(H(P*, P) = H(P*) + D_KL), and a slope in base b is the slope in nats over ln b.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathcore_helpers import distribution_pairs, fast, logit_arrays, rows
from scipy import special, stats

import mathcore

BASES = [2, 10, math.e, 1.5]


class TestInformationBase:
    @pytest.mark.parametrize("base", BASES)
    @fast
    @given(pair=distribution_pairs(zeros_model=False))
    def test_against_scipy_entropy(self, base: float, pair) -> None:
        p_true, p_model = pair
        for idx in rows(p_true):
            h = stats.entropy(p_true[idx], base=base)
            kl = stats.entropy(p_true[idx], p_model[idx], base=base)
            np.testing.assert_allclose(
                mathcore.entropy(p_true[idx], base=base), h, rtol=1e-10, atol=1e-12
            )
            np.testing.assert_allclose(
                mathcore.kl_divergence(p_true[idx], p_model[idx], base=base),
                max(kl, 0.0),
                rtol=1e-9,
                atol=1e-12,
            )
            np.testing.assert_allclose(
                mathcore.cross_entropy(p_true[idx], p_model[idx], base=base),
                h + kl,
                rtol=1e-9,
                atol=1e-12,
            )

    def test_known_bits(self) -> None:
        assert float(mathcore.entropy([0.25] * 4, base=2)) == pytest.approx(2.0, rel=1e-15)
        assert float(mathcore.cross_entropy([1, 0], [0.125, 0.875], base=2)) == pytest.approx(3.0)
        assert float(mathcore.kl_divergence([1, 0], [0.5, 0.5], base=2)) == pytest.approx(1.0)

    def test_none_is_nats(self) -> None:
        p = [0.6, 0.25, 0.1, 0.05]
        assert float(mathcore.entropy(p, base=None)) == float(mathcore.entropy(p))
        assert float(mathcore.entropy(p, base=math.e)) == pytest.approx(mathcore.entropy(p))

    @pytest.mark.parametrize("base", [0, -2, 1, 1.0, math.inf, math.nan, True, "2"])
    def test_bad_base_is_named(self, base: object) -> None:
        with pytest.raises(ValueError, match="base must be a positive number other than 1"):
            mathcore.entropy([0.5, 0.5], base=base)  # type: ignore[arg-type]


class TestLossesBase:
    @fast
    @given(z=logit_arrays(bound=10.0, max_dims=2), base=st.sampled_from(BASES))
    def test_cross_entropy_from_logits_is_scipy_in_base(self, z: np.ndarray, base: float) -> None:
        target = np.zeros(z.shape[:-1], dtype=np.int64)
        p = special.softmax(z, axis=-1)
        for idx in rows(z):
            one_hot = np.eye(z.shape[-1])[0]
            expected = stats.entropy(one_hot, p[idx], base=base)  # H(one-hot) = 0
            got = mathcore.cross_entropy_from_logits(target[idx], z[idx], base=base)
            np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)

    @pytest.mark.parametrize("base", BASES)
    def test_gradients_are_nats_over_ln_base(self, base: float) -> None:
        z = np.array([1.0, 4.9, 0.3])
        ln_b = math.log(base)
        np.testing.assert_allclose(
            mathcore.cross_entropy_grad_logits(0, z, base=base),
            mathcore.cross_entropy_grad_logits(0, z) / ln_b,
            rtol=1e-15,
        )
        p = np.array([0.01, 0.3, 0.9])
        for label in (0.0, 1.0):
            np.testing.assert_allclose(
                mathcore.bce_grad_p(label, p, base=base),
                mathcore.bce_grad_p(label, p) / ln_b,
                rtol=1e-15,
            )
            np.testing.assert_allclose(
                mathcore.bce_grad_logit(label, z, base=base),
                mathcore.bce_grad_logit(label, z) / ln_b,
                rtol=1e-15,
            )

    def test_gradient_in_bits_is_the_slope_of_the_loss_in_bits(self) -> None:
        z, h = np.array([0.2, -1.5, 2.0]), 1e-6
        grad = mathcore.cross_entropy_grad_logits(2, z, base=2)
        for k in range(3):
            up, down = z.copy(), z.copy()
            up[k] += h
            down[k] -= h
            slope = (
                mathcore.cross_entropy_from_logits(2, up, base=2)
                - mathcore.cross_entropy_from_logits(2, down, base=2)
            ) / (2 * h)
            assert grad[k] == pytest.approx(float(slope), abs=1e-8)

    @pytest.mark.parametrize("label", [0.0, 1.0, 0.3])
    def test_binary_cross_entropy_is_scipy_on_two_classes(self, label: float) -> None:
        p = np.array([0.01, 0.2, 0.5, 0.93])
        for base in BASES:
            expected = [
                stats.entropy([label, 1 - label], base=base)
                + stats.entropy([label, 1 - label], [q, 1 - q], base=base)
                for q in p
            ]
            np.testing.assert_allclose(
                mathcore.binary_cross_entropy(label, p, base=base), expected, rtol=1e-10
            )
            z = special.logit(p)
            np.testing.assert_allclose(
                mathcore.binary_cross_entropy_from_logits(label, z, base=base),
                expected,
                rtol=1e-9,
            )

    def test_curves_take_the_base(self) -> None:
        p = np.array([0.05, 0.5, 1.0])
        assert mathcore.loss_vs_p(p, base=2)["ce"] == pytest.approx(-np.log2(p))
        assert mathcore.loss_vs_p(p, base=2)["mse"] == pytest.approx(mathcore.loss_vs_p(p)["mse"])
        assert mathcore.grad_vs_p(p, base=2)["ce"] == pytest.approx(-1 / (p * math.log(2)))
        z = np.array([-6.0, 0.0, 2.0])
        ce_bits = mathcore.grad_vs_logit(z, base=2)["ce"]
        assert ce_bits == pytest.approx((special.expit(z) - 1) / math.log(2))


def test_training_records_the_loss_in_the_base_and_steps_in_nats() -> None:
    nats = mathcore.train_sigmoid_neuron("ce")
    bits = mathcore.train_sigmoid_neuron("ce", base=2)
    np.testing.assert_array_equal(bits.p, nats.p)  # same steps: a unit is not a learning rate
    np.testing.assert_allclose(bits.loss, nats.loss / math.log(2), rtol=1e-15)
    mse = mathcore.train_sigmoid_neuron("mse", base=2)
    np.testing.assert_array_equal(mse.loss, mathcore.train_sigmoid_neuron("mse").loss)
