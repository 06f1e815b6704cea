"""mathcore.information: entropy, cross_entropy, kl_divergence (nats).

References: ``scipy.stats.entropy`` (which computes H(P) and, with two arguments,
D_KL(P‖Q) by its own route) and closed forms.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from mathcore_helpers import (
    assert_float64_array,
    distribution_pairs,
    distributions,
    fast,
    rows,
)
from scipy import stats

from mathcore import cross_entropy, entropy, kl_divergence

pytestmark = pytest.mark.filterwarnings("error")  # 0·log 0 and log 0 must stay silent

LOG2 = math.log(2.0)


class TestEntropy:
    @pytest.mark.parametrize(
        ("p", "expected"),
        [
            ([0.5, 0.5], LOG2),
            ([1.0, 0.0], 0.0),
            ([0.0, 1.0, 0.0], 0.0),
            ([0.25, 0.75], -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))),
            ([0.1, 0.2, 0.3, 0.4], -sum(q * math.log(q) for q in (0.1, 0.2, 0.3, 0.4))),
            ([0.5, 0.0, 0.5], LOG2),
        ],
    )
    def test_closed_form(self, p: list[float], expected: float) -> None:
        result = entropy(p)
        assert_float64_array(result)
        assert result.shape == ()
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)

    @pytest.mark.parametrize("k", [1, 2, 3, 7, 100])
    def test_uniform_is_log_k(self, k: int) -> None:
        np.testing.assert_allclose(entropy(np.full(k, 1.0 / k)), math.log(k), rtol=1e-13, atol=0)

    @fast
    @given(distributions())
    def test_matches_scipy(self, p: np.ndarray) -> None:
        np.testing.assert_allclose(entropy(p), stats.entropy(p, axis=-1), rtol=1e-12, atol=1e-15)

    @fast
    @given(distributions())
    def test_between_zero_and_log_k(self, p: np.ndarray) -> None:
        h = entropy(p)
        assert h.shape == p.shape[:-1]
        assert np.all(h >= 0)
        assert np.all(h <= math.log(p.shape[-1]) + 1e-12)

    @fast
    @given(distributions())
    def test_batch_equals_rows(self, p: np.ndarray) -> None:
        batch = entropy(p)
        for idx in rows(p):
            np.testing.assert_array_equal(batch[idx], entropy(p[idx]))

    def test_axis_zero(self) -> None:
        p = np.array([[0.5, 1.0, 0.2], [0.5, 0.0, 0.8]])
        np.testing.assert_allclose(entropy(p, axis=0), entropy(p.T), rtol=1e-15)


class TestCrossEntropy:
    @pytest.mark.parametrize(
        ("p_true", "p_model", "expected"),
        [
            ([1.0, 0.0], [0.25, 0.75], math.log(4.0)),
            ([0.0, 1.0], [0.25, 0.75], -math.log(0.75)),
            ([0.5, 0.5], [0.5, 0.5], LOG2),
            ([0.5, 0.5], [0.9, 0.1], -0.5 * (math.log(0.9) + math.log(0.1))),
            ([1.0, 0.0, 0.0], [1.0, 0.0, 0.0], 0.0),
            ([0.2, 0.0, 0.8], [0.5, 0.5, 0.0], math.inf),
            ([0.0, 1.0], [1.0, 0.0], math.inf),
            ([0.0, 1.0], [0.0, 1.0], 0.0),
        ],
    )
    def test_closed_form(self, p_true: list[float], p_model: list[float], expected: float) -> None:
        result = cross_entropy(p_true, p_model)
        assert_float64_array(result)
        assert not np.isnan(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)

    def test_perfect_prediction_is_positive_zero(self) -> None:
        result = cross_entropy([1.0, 0.0], [1.0, 0.0])
        assert result == 0.0
        assert not np.signbit(result)

    @fast
    @given(distribution_pairs())
    def test_is_entropy_plus_kl_from_scipy(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        p_true, p_model = pair
        expected = stats.entropy(p_true, axis=-1) + stats.entropy(p_true, p_model, axis=-1)
        result = cross_entropy(p_true, p_model)
        assert not np.any(np.isnan(result))
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-14)

    @fast
    @given(distribution_pairs())
    def test_at_least_entropy(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        p_true, p_model = pair
        assert np.all(cross_entropy(p_true, p_model) >= entropy(p_true) - 1e-12)

    @fast
    @given(distributions())
    def test_against_itself_is_entropy(self, p: np.ndarray) -> None:
        np.testing.assert_allclose(cross_entropy(p, p), entropy(p), rtol=1e-13, atol=1e-15)

    @fast
    @given(distribution_pairs())
    def test_batch_equals_rows(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        p_true, p_model = pair
        batch = cross_entropy(p_true, p_model)
        assert batch.shape == p_true.shape[:-1]
        for idx in rows(p_true):
            np.testing.assert_array_equal(batch[idx], cross_entropy(p_true[idx], p_model[idx]))

    def test_one_target_broadcasts_over_a_batch_of_models(self) -> None:
        p_true = np.array([0.2, 0.3, 0.5])
        p_model = np.array([[0.1, 0.1, 0.8], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]])
        expected = [cross_entropy(p_true, row) for row in p_model]
        np.testing.assert_allclose(cross_entropy(p_true, p_model), expected, rtol=1e-15)
        np.testing.assert_allclose(
            cross_entropy(p_model, p_true), [cross_entropy(row, p_true) for row in p_model]
        )

    def test_axis_zero(self) -> None:
        p_true = np.array([[0.5, 1.0], [0.5, 0.0]])
        p_model = np.array([[0.9, 0.3], [0.1, 0.7]])
        np.testing.assert_allclose(
            cross_entropy(p_true, p_model, axis=0), cross_entropy(p_true.T, p_model.T)
        )


class TestKLDivergence:
    @pytest.mark.parametrize(
        ("p_true", "p_model", "expected"),
        [
            ([0.5, 0.5], [0.5, 0.5], 0.0),
            ([1.0, 0.0], [0.5, 0.5], LOG2),
            ([0.5, 0.5], [0.25, 0.75], 0.5 * math.log(2.0) + 0.5 * math.log(2.0 / 3.0)),
            ([0.0, 1.0], [1.0, 0.0], math.inf),
            ([1.0, 0.0], [1.0, 0.0], 0.0),
        ],
    )
    def test_closed_form(self, p_true: list[float], p_model: list[float], expected: float) -> None:
        result = kl_divergence(p_true, p_model)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=1e-16)

    @fast
    @given(distribution_pairs())
    def test_matches_scipy(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        p_true, p_model = pair
        np.testing.assert_allclose(
            kl_divergence(p_true, p_model),
            stats.entropy(p_true, p_model, axis=-1),
            rtol=1e-12,
            atol=1e-14,
        )

    @fast
    @given(distribution_pairs())
    def test_non_negative(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        kl = kl_divergence(*pair)
        assert not np.any(np.isnan(kl))
        assert np.all(kl >= 0)

    @fast
    @given(distribution_pairs())
    def test_is_cross_entropy_minus_entropy(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        p_true, p_model = pair
        np.testing.assert_allclose(
            kl_divergence(p_true, p_model),
            cross_entropy(p_true, p_model) - entropy(p_true),
            rtol=1e-12,
            atol=1e-13,
        )

    @fast
    @given(distributions())
    def test_zero_against_itself(self, p: np.ndarray) -> None:
        np.testing.assert_array_equal(kl_divergence(p, p), 0.0)

    @pytest.mark.parametrize(
        ("p_true", "p_model"),
        [
            ([0.5, 0.5 - 1e-7], [0.5, 0.5]),  # p_true sums to 1 − 1e-7: inside the tolerance
            ([0.3, 0.7], [0.3, 0.7 + 9e-7]),
            ([0.5, 0.5 - 9e-7], [0.5 + 9e-7, 0.5]),
        ],
    )
    def test_non_negative_within_the_sum_tolerance(
        self, p_true: list[float], p_model: list[float]
    ) -> None:
        # accepted inputs may sum to 1 ± 1e-6; Gibbs' inequality must still hold for them
        kl = kl_divergence(p_true, p_model)
        assert kl >= 0
        np.testing.assert_allclose(
            kl, cross_entropy(p_true, p_model) - entropy(p_true), rtol=0, atol=2e-6
        )

    def test_asymmetric(self) -> None:
        p, q = [0.9, 0.1], [0.5, 0.5]
        assert abs(float(kl_divergence(p, q)) - float(kl_divergence(q, p))) > 0.05

    def test_batch_of_models(self) -> None:
        p_true = [1.0, 0.0, 0.0]
        p_model = [[0.5, 0.25, 0.25], [0.9, 0.05, 0.05]]
        np.testing.assert_allclose(
            kl_divergence(p_true, p_model), [math.log(2.0), -math.log(0.9)], rtol=1e-14
        )
