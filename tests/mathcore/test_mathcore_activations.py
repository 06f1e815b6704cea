"""mathcore.activations: softmax, log_softmax, sigmoid, log_sigmoid.

References are closed forms evaluated with the standard library (``math.exp``,
``math.fsum``) where the logits are small enough not to overflow, and exact limits
where they are not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathcore_helpers import assert_float64_array, fast, finite_floats, logit_arrays, rows

from mathcore import log_sigmoid, log_softmax, sigmoid, softmax

pytestmark = pytest.mark.filterwarnings("error")  # any warning (overflow, 0·log 0) fails


def softmax_reference(z: list[float]) -> list[float]:
    exps = [math.exp(v) for v in z]
    total = math.fsum(exps)
    return [e / total for e in exps]


def sigmoid_reference(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


SOFTMAX_CASES = [
    [0.0, 0.0],
    [1.0, 2.0, 3.0],
    [2.0, 1.0, -0.5, 0.3],
    [-3.0, 0.0, 3.0, 7.5, -12.0],
    [5.0],
]


class TestSoftmax:
    @pytest.mark.parametrize("z", SOFTMAX_CASES)
    def test_closed_form(self, z: list[float]) -> None:
        np.testing.assert_allclose(softmax(z), softmax_reference(z), rtol=1e-14, atol=0)

    def test_two_equal_logits_are_a_fair_coin(self) -> None:
        assert softmax([0.0, 0.0]).tolist() == [0.5, 0.5]

    @fast
    @given(logit_arrays(bound=30.0))
    def test_matches_exp_over_sum(self, z: np.ndarray) -> None:
        expected = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
        np.testing.assert_allclose(softmax(z), expected, rtol=1e-12, atol=0)

    @fast
    @given(logit_arrays(bound=1e4))
    def test_sums_to_one_in_unit_interval(self, z: np.ndarray) -> None:
        p = softmax(z)
        assert_float64_array(p)
        assert p.shape == z.shape
        assert np.all((p >= 0) & (p <= 1))
        np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12)

    @fast
    @given(logit_arrays(bound=100.0), finite_floats(100.0))
    def test_shift_invariant(self, z: np.ndarray, c: float) -> None:
        np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-14)

    @fast
    @given(logit_arrays(bound=50.0, min_dims=2))
    def test_batch_equals_rows(self, z: np.ndarray) -> None:
        batch = softmax(z)
        for idx in rows(z):
            np.testing.assert_array_equal(batch[idx], softmax(z[idx]))

    @pytest.mark.parametrize("axis", [0, 1, 2, -2, -3])
    def test_axis(self, axis: int) -> None:
        z = np.linspace(-4.0, 5.0, 24).reshape(2, 3, 4)
        moved = np.moveaxis(softmax(np.moveaxis(z, axis, -1)), -1, axis)
        np.testing.assert_allclose(softmax(z, axis=axis), moved, rtol=1e-15)
        np.testing.assert_allclose(softmax(z, axis=axis).sum(axis=axis), 1.0, rtol=1e-15)

    @pytest.mark.parametrize(
        ("z", "expected"),
        [
            ([1e4, 0.0], [1.0, 0.0]),
            ([1e4, 1e4 - 1.0], [sigmoid_reference(1.0), sigmoid_reference(-1.0)]),
            ([-1e4, -1e4], [0.5, 0.5]),
            ([800.0, -800.0], [1.0, 0.0]),
            ([800.0, 800.0, 800.0, 800.0], [0.25] * 4),
            ([-800.0, -800.0 + math.log(3.0)], [0.25, 0.75]),
            ([1e308, -1e308], [1.0, 0.0]),
        ],
    )
    def test_stable_for_large_logits(self, z: list[float], expected: list[float]) -> None:
        p = softmax(z)
        assert np.all(np.isfinite(p))
        np.testing.assert_allclose(p, expected, rtol=1e-12, atol=1e-300)


class TestLogSoftmax:
    @pytest.mark.parametrize("z", SOFTMAX_CASES)
    def test_closed_form(self, z: list[float]) -> None:
        expected = [math.log(p) for p in softmax_reference(z)]
        np.testing.assert_allclose(log_softmax(z), expected, rtol=1e-13, atol=1e-15)

    @fast
    @given(logit_arrays(bound=30.0))
    def test_is_log_of_softmax(self, z: np.ndarray) -> None:
        ls = log_softmax(z)
        assert_float64_array(ls)
        assert np.all(ls <= 0)
        np.testing.assert_allclose(np.exp(ls), softmax(z), rtol=1e-12, atol=1e-300)

    @fast
    @given(logit_arrays(bound=100.0), finite_floats(100.0))
    def test_shift_invariant(self, z: np.ndarray, c: float) -> None:
        np.testing.assert_allclose(log_softmax(z + c), log_softmax(z), rtol=1e-9, atol=1e-11)

    @pytest.mark.parametrize(
        ("z", "expected"),
        [
            ([800.0, -800.0], [0.0, -1600.0]),
            ([1e4, 0.0], [0.0, -1e4]),
            ([-1e4, -1e4], [-math.log(2.0), -math.log(2.0)]),
            ([1e4, 1e4 - 1.0], [-math.log1p(math.exp(-1.0)), -1.0 - math.log1p(math.exp(-1.0))]),
        ],
    )
    def test_stable_for_large_logits(self, z: list[float], expected: list[float]) -> None:
        np.testing.assert_allclose(log_softmax(z), expected, rtol=1e-14, atol=0)


class TestSigmoid:
    @pytest.mark.parametrize("z", [-30.0, -5.0, -1.0, -0.25, 0.0, 0.5, 2.0, 10.0, 30.0])
    def test_closed_form(self, z: float) -> None:
        result = sigmoid(z)
        assert_float64_array(result)
        assert result.shape == ()
        np.testing.assert_allclose(result, sigmoid_reference(z), rtol=1e-14)

    @pytest.mark.parametrize(("z", "expected"), [(1000.0, 1.0), (-1000.0, 0.0), (0.0, 0.5)])
    def test_stable_at_extremes(self, z: float, expected: float) -> None:
        assert float(sigmoid(z)) == expected

    def test_tail_keeps_relative_precision(self) -> None:
        # σ(−700) = e^{−700} / (1 + e^{−700}): tiny but not flushed to 0
        np.testing.assert_allclose(sigmoid(-700.0), math.exp(-700.0), rtol=1e-13)

    @fast
    @given(logit_arrays(bound=1000.0, min_dims=0))
    def test_symmetry_and_range(self, z: np.ndarray) -> None:
        s = sigmoid(z)
        assert s.shape == np.shape(z)
        assert np.all((s >= 0) & (s <= 1))
        np.testing.assert_allclose(sigmoid(-z), 1.0 - s, rtol=0, atol=1e-15)

    @fast
    @given(finite_floats(30.0))
    def test_is_two_class_softmax(self, z: float) -> None:
        np.testing.assert_allclose(sigmoid(z), softmax([0.0, z])[1], rtol=1e-13)


class TestLogSigmoid:
    @pytest.mark.parametrize("z", [-30.0, -2.0, 0.0, 1.5, 30.0])
    def test_closed_form(self, z: float) -> None:
        np.testing.assert_allclose(
            log_sigmoid(z), -math.log1p(math.exp(-z)), rtol=1e-14, atol=1e-300
        )

    @pytest.mark.parametrize(
        ("z", "expected"), [(-1000.0, -1000.0), (-800.0, -800.0), (1000.0, 0.0)]
    )
    def test_stable_at_extremes(self, z: float, expected: float) -> None:
        assert float(log_sigmoid(z)) == pytest.approx(expected, rel=1e-15, abs=1e-300)

    @fast
    @given(st.lists(finite_floats(1000.0), min_size=1, max_size=6))
    def test_never_positive_and_matches_log_of_sigmoid(self, z: list[float]) -> None:
        ls = log_sigmoid(z)
        assert_float64_array(ls)
        assert np.all(ls <= 0)
        moderate = np.abs(z) < 30
        np.testing.assert_allclose(
            ls[moderate], np.log(sigmoid(np.asarray(z)[moderate])), rtol=1e-12, atol=1e-15
        )
