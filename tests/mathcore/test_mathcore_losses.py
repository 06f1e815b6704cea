"""mathcore.losses: cross-entropy and MSE on logits and probabilities, and their gradients.

Gradients are checked against central differences of the loss they differentiate;
values against closed forms (``logsumexp(s) − s_y``, ``−log p``) evaluated independently.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from mathcore_helpers import (
    assert_float64_array,
    central_difference,
    fast,
    finite_floats,
    logit_arrays,
    one_hot,
    rows,
    targets_and_logits,
)
from scipy import special

from mathcore import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    cross_entropy,
    cross_entropy_from_logits,
    cross_entropy_grad_logits,
    log_softmax,
    mse,
    mse_grad_logits,
    sigmoid,
    softmax,
)

pytestmark = pytest.mark.filterwarnings("error")

LOG2 = math.log(2.0)


def as_distribution(target: np.ndarray, n_classes: int) -> np.ndarray:
    target = np.asarray(target)
    return one_hot(target, n_classes) if np.issubdtype(target.dtype, np.integer) else target


class TestCrossEntropyFromLogits:
    @pytest.mark.parametrize(
        ("target", "logits", "expected"),
        [
            (0, [0.0, 0.0], LOG2),
            (1, [0.0, 0.0, 0.0], math.log(3.0)),
            (0, [2.0, 1.0, -0.5, 0.3], math.log(sum(map(math.exp, [2.0, 1.0, -0.5, 0.3]))) - 2.0),
            (2, [2.0, 1.0, -0.5, 0.3], math.log(sum(map(math.exp, [2.0, 1.0, -0.5, 0.3]))) + 0.5),
            ([0.5, 0.5], [0.0, math.log(3.0)], 0.5 * math.log(4.0) + 0.5 * math.log(4.0 / 3.0)),
            ([1.0, 0.0], [0.0, 0.0], LOG2),
        ],
    )
    def test_closed_form(self, target: object, logits: list[float], expected: float) -> None:
        result = cross_entropy_from_logits(target, logits)
        assert_float64_array(result)
        assert result.shape == ()
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)

    @fast
    @given(targets_and_logits(bound=30.0))
    def test_is_logsumexp_minus_expected_logit(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        t = as_distribution(target, z.shape[-1])
        expected = special.logsumexp(z, axis=-1) - (t * z).sum(axis=-1)
        np.testing.assert_allclose(
            cross_entropy_from_logits(target, z), expected, rtol=1e-10, atol=1e-12
        )

    @fast
    @given(targets_and_logits(bound=20.0))
    def test_is_cross_entropy_of_the_softmax(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        t = as_distribution(target, z.shape[-1])
        np.testing.assert_allclose(
            cross_entropy_from_logits(target, z),
            cross_entropy(t, softmax(z)),
            rtol=1e-9,
            atol=1e-12,
        )

    @fast
    @given(logit_arrays(bound=30.0), st.data())
    def test_indices_equal_one_hot(self, z: np.ndarray, data: st.DataObject) -> None:
        k = z.shape[-1]
        y = data.draw(arrays(np.int64, z.shape[:-1], elements=st.integers(0, k - 1)))
        result = cross_entropy_from_logits(y, z)
        assert result.shape == z.shape[:-1]
        np.testing.assert_array_equal(result, cross_entropy_from_logits(one_hot(y, k), z))
        np.testing.assert_allclose(
            result, -np.take_along_axis(log_softmax(z), y[..., None], -1)[..., 0], rtol=1e-15
        )

    @fast
    @given(targets_and_logits(bound=30.0))
    def test_batch_equals_rows_and_non_negative(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        batch = cross_entropy_from_logits(target, z)
        assert_float64_array(batch)
        assert np.all(batch >= 0)
        for idx in rows(z):
            np.testing.assert_array_equal(
                batch[idx], cross_entropy_from_logits(target[idx], z[idx])
            )

    def test_axis_zero_with_indices_and_probabilities(self) -> None:
        z = np.array([[2.0, -1.0, 0.0], [0.5, 3.0, 0.0]])  # classes down the columns
        y = np.array([0, 1, 1])
        expected = cross_entropy_from_logits(y, z.T)
        np.testing.assert_allclose(cross_entropy_from_logits(y, z, axis=0), expected, rtol=1e-15)
        np.testing.assert_allclose(
            cross_entropy_from_logits(one_hot(y, 2).T, z, axis=0), expected, rtol=1e-15
        )

    @pytest.mark.parametrize(
        ("target", "logits", "expected"),
        [
            (1, [1e4, 0.0], 1e4),
            (0, [1e4, 0.0], 0.0),
            (0, [800.0, -800.0], 0.0),
            (1, [800.0, -800.0], 1600.0),
            (0, [-800.0, -800.0], LOG2),
            ([1.0, 0.0], [-1e4, 1e4], 2e4),
            ([0.0, 1.0], [1e308, -1e308], math.inf),  # the true margin overflows float64
            ([1.0, 0.0], [1e308, -1e308], 0.0),
        ],
    )
    def test_stable_for_large_logits(
        self, target: object, logits: list[float], expected: float
    ) -> None:
        result = cross_entropy_from_logits(target, logits)
        assert not np.isnan(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)

    def test_perfect_prediction_is_positive_zero(self) -> None:
        result = cross_entropy_from_logits(0, [800.0, -800.0])
        assert result == 0.0
        assert not np.signbit(result)


class TestCrossEntropyGradLogits:
    @pytest.mark.parametrize(
        ("target", "logits", "expected"),
        [
            (0, [0.0, 0.0], [-0.5, 0.5]),
            (2, [0.0, 0.0, 0.0, 0.0], [0.25, 0.25, -0.75, 0.25]),
            ([0.5, 0.5], [0.0, 0.0], [0.0, 0.0]),
            (1, [800.0, -800.0], [1.0, -1.0]),
            (0, [1e4, 0.0], [0.0, 0.0]),
        ],
    )
    def test_closed_form(self, target: object, logits: list[float], expected: list[float]) -> None:
        result = cross_entropy_grad_logits(target, logits)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=1e-300)

    @fast
    @given(targets_and_logits(bound=10.0))
    def test_matches_finite_differences(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        numeric = central_difference(lambda s: float(cross_entropy_from_logits(target, s).sum()), z)
        np.testing.assert_allclose(
            cross_entropy_grad_logits(target, z), numeric, rtol=1e-6, atol=1e-7
        )

    @fast
    @given(targets_and_logits(bound=30.0))
    def test_is_softmax_minus_target_and_rows_sum_to_zero(
        self, pair: tuple[np.ndarray, np.ndarray]
    ) -> None:
        target, z = pair
        g = cross_entropy_grad_logits(target, z)
        assert g.shape == z.shape
        np.testing.assert_allclose(
            g, softmax(z) - as_distribution(target, z.shape[-1]), rtol=0, atol=1e-15
        )
        np.testing.assert_allclose(g.sum(axis=-1), 0.0, rtol=0, atol=1e-12)

    @fast
    @given(targets_and_logits(bound=30.0))
    def test_batch_equals_rows(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        batch = cross_entropy_grad_logits(target, z)
        for idx in rows(z):
            np.testing.assert_array_equal(
                batch[idx], cross_entropy_grad_logits(target[idx], z[idx])
            )

    def test_axis_zero(self) -> None:
        z = np.array([[2.0, -1.0, 0.0], [0.5, 3.0, 0.0]])
        y = np.array([0, 1, 1])
        np.testing.assert_allclose(
            cross_entropy_grad_logits(y, z, axis=0), cross_entropy_grad_logits(y, z.T).T
        )


class TestMse:
    @pytest.mark.parametrize(
        ("y", "y_hat", "expected"),
        [
            ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 2.0 / 3.0),
            ([1.0, 0.0], [0.7, 0.3], 0.09),
            ([0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 2.0, 0.0], 1.5),
            (1.0, 0.25, 0.5625),
            ([3.0], [1.0], 4.0),
        ],
    )
    def test_closed_form(self, y: object, y_hat: object, expected: float) -> None:
        result = mse(y, y_hat)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14)

    def test_squares_the_difference_not_the_prediction(self) -> None:
        # erratum 2: (y − ŷ)², not (y − ŷ²)
        assert float(mse([1.0], [0.5])) == 0.25

    @fast
    @given(logit_arrays(bound=1e3), st.data())
    def test_is_mean_of_squares(self, y: np.ndarray, data: st.DataObject) -> None:
        y_hat = data.draw(arrays(np.float64, y.shape, elements=finite_floats(1e3)))
        result = mse(y, y_hat)
        assert result.shape == y.shape[:-1]
        np.testing.assert_allclose(result, ((y - y_hat) ** 2).mean(axis=-1), rtol=1e-15)
        assert np.all(result >= 0)
        np.testing.assert_array_equal(mse(y, y), 0.0)

    def test_axis_and_axis_none(self) -> None:
        y = np.array([[1.0, 0.0], [0.0, 0.0]])
        y_hat = np.array([[0.0, 0.0], [0.0, 2.0]])
        np.testing.assert_allclose(mse(y, y_hat, axis=0), [0.5, 2.0])
        np.testing.assert_allclose(mse(y, y_hat, axis=-1), [0.5, 2.0])
        np.testing.assert_allclose(mse(y, y_hat, axis=None), 1.25)

    def test_broadcasts_one_target_over_a_batch(self) -> None:
        y = [1.0, 0.0]
        y_hat = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
        np.testing.assert_allclose(mse(y, y_hat), [0.0, 1.0, 0.25])


class TestMseGradLogits:
    @pytest.mark.parametrize(
        ("target", "logits", "expected"),
        [
            (0, [0.0, 0.0], [-0.25, 0.25]),
            ([0.5, 0.5], [0.0, 0.0], [0.0, 0.0]),
            (1, [0.0, 0.0, 0.0], None),
        ],
    )
    def test_closed_form(
        self, target: object, logits: list[float], expected: list[float] | None
    ) -> None:
        result = mse_grad_logits(target, logits)
        assert_float64_array(result)
        if expected is None:
            # K = 3, p = 1/3, t = e_1: err = (1/3, −2/3, 1/3), Σ p·err = 0
            expected = [2 / 3 * 1 / 3 * (1 / 3), 2 / 3 * 1 / 3 * (-2 / 3), 2 / 3 * 1 / 3 * (1 / 3)]
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=1e-17)

    @fast
    @given(targets_and_logits(bound=10.0))
    def test_matches_finite_differences(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        target, z = pair
        t = as_distribution(target, z.shape[-1])
        numeric = central_difference(lambda s: float(mse(t, softmax(s)).sum()), z)
        np.testing.assert_allclose(mse_grad_logits(target, z), numeric, rtol=1e-6, atol=1e-8)

    @fast
    @given(targets_and_logits(bound=30.0))
    def test_rows_sum_to_zero_and_batch_equals_rows(
        self, pair: tuple[np.ndarray, np.ndarray]
    ) -> None:
        target, z = pair
        g = mse_grad_logits(target, z)
        assert g.shape == z.shape
        np.testing.assert_allclose(g.sum(axis=-1), 0.0, rtol=0, atol=1e-14)
        for idx in rows(z):
            np.testing.assert_array_equal(g[idx], mse_grad_logits(target[idx], z[idx]))

    def test_vanishes_when_confidently_wrong_where_cross_entropy_does_not(self) -> None:
        z = [-8.0, 8.0]  # the true class 0 gets p ≈ 1e-7
        assert np.max(np.abs(mse_grad_logits(0, z))) < 1e-6
        np.testing.assert_allclose(cross_entropy_grad_logits(0, z), [-1.0, 1.0], atol=1e-6)

    def test_axis_zero(self) -> None:
        z = np.array([[2.0, -1.0, 0.0], [0.5, 3.0, 0.0]])
        y = np.array([0, 1, 1])
        np.testing.assert_allclose(mse_grad_logits(y, z, axis=0), mse_grad_logits(y, z.T).T)


class TestBinaryCrossEntropy:
    @pytest.mark.parametrize(
        ("y", "p", "expected"),
        [
            (1.0, 0.5, LOG2),
            (0.0, 0.5, LOG2),
            (1.0, 0.25, math.log(4.0)),
            (0.0, 0.25, -math.log(0.75)),
            (0.3, 0.6, -(0.3 * math.log(0.6) + 0.7 * math.log(0.4))),
            (1.0, 1.0, 0.0),
            (0.0, 0.0, 0.0),
            (1.0, 0.0, math.inf),
            (0.0, 1.0, math.inf),
            (0.5, 0.0, math.inf),
            (0.5, 1.0, math.inf),
        ],
    )
    def test_closed_form(self, y: float, p: float, expected: float) -> None:
        result = binary_cross_entropy(y, p)
        assert_float64_array(result)
        assert not np.isnan(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14, atol=0)
        if expected == 0.0:
            assert not np.signbit(result)

    @fast
    @given(
        arrays(
            np.float64,
            st.integers(1, 6),
            elements=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0)),
        ),
        st.data(),
    )
    def test_is_two_class_cross_entropy(self, y: np.ndarray, data: st.DataObject) -> None:
        unit = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))
        p = data.draw(arrays(np.float64, y.shape, elements=unit))
        expected = cross_entropy(np.stack([y, 1 - y], -1), np.stack([p, 1 - p], -1))
        result = binary_cross_entropy(y, p)
        assert not np.any(np.isnan(result))
        np.testing.assert_allclose(result, expected, rtol=1e-13, atol=1e-15)

    def test_broadcasts_labels_against_predictions(self) -> None:
        result = binary_cross_entropy([[1.0], [0.0]], [0.25, 0.5])
        assert result.shape == (2, 2)
        np.testing.assert_allclose(
            result, [[math.log(4.0), LOG2], [-math.log(0.75), LOG2]], rtol=1e-14
        )


class TestBinaryCrossEntropyFromLogits:
    @fast
    @given(st.floats(0.0, 1.0), finite_floats(8.0))
    def test_equals_bce_of_sigmoid(self, y: float, z: float) -> None:
        # |z| ≤ 8 keeps 1 − σ(z) free of cancellation, so the probability route is exact enough
        np.testing.assert_allclose(
            binary_cross_entropy_from_logits(y, z),
            binary_cross_entropy(y, sigmoid(z)),
            rtol=1e-11,
            atol=1e-14,
        )

    @fast
    @given(st.floats(0.0, 1.0), finite_floats(1e3))
    def test_equals_softplus_form(self, y: float, z: float) -> None:
        # −log σ(z) = log(1 + e^{−z}) = logaddexp(0, −z), by numpy's own route
        expected = y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)
        np.testing.assert_allclose(
            binary_cross_entropy_from_logits(y, z), expected, rtol=1e-13, atol=1e-300
        )

    @pytest.mark.parametrize(
        ("y", "z", "expected"),
        [
            (1.0, 0.0, LOG2),
            (0.0, 0.0, LOG2),
            (1.0, -700.0, 700.0),
            (0.0, 700.0, 700.0),
            (1.0, 700.0, math.exp(-700.0)),
            (0.0, -700.0, math.exp(-700.0)),
            (0.5, 700.0, 350.0),
            (0.25, -700.0, 175.0),
            (1.0, -1e308, 1e308),
        ],
    )
    def test_stable_for_large_logits(self, y: float, z: float, expected: float) -> None:
        result = binary_cross_entropy_from_logits(y, z)
        assert_float64_array(result)
        assert np.isfinite(result)
        np.testing.assert_allclose(result, expected, rtol=1e-13, atol=0)

    @fast
    @given(arrays(np.float64, st.integers(1, 6), elements=finite_floats(800.0)), st.data())
    def test_finite_non_negative_and_elementwise(self, z: np.ndarray, data: st.DataObject) -> None:
        y = data.draw(arrays(np.float64, z.shape, elements=st.floats(0.0, 1.0)))
        batch = binary_cross_entropy_from_logits(y, z)
        assert batch.shape == z.shape
        assert np.all(np.isfinite(batch)) and np.all(batch >= 0)
        for i in range(z.size):
            assert batch[i] == binary_cross_entropy_from_logits(y[i], z[i])
