"""mathcore.binary: the one-output curves of scene 6 (losses and gradients, against p and z).

Every derivative is checked against central differences of the loss it differentiates,
and the two limits erratum 3 is about are pinned: against p, MSE's slope tends to −2
(it does not vanish); against the logit, it vanishes while cross-entropy's does not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from mathcore_helpers import assert_float64_array, central_difference, fast, finite_floats

from mathcore import (
    bce_grad_logit,
    bce_grad_p,
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    grad_vs_logit,
    grad_vs_p,
    loss_vs_p,
    sigmoid,
    softmax,
    squared_error,
    squared_error_grad_logit,
    squared_error_grad_p,
    two_class_softmax_equals_sigmoid,
)

pytestmark = pytest.mark.filterwarnings("error")

LABELS = [0.0, 0.25, 0.5, 1.0]
#: Interior probabilities, far enough from 0 and 1 for a central difference with h = 1e-6.
INTERIOR_P = st.floats(1e-3, 1 - 1e-3)
UNIT = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))


def sigmoid_reference(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


class TestSquaredError:
    @pytest.mark.parametrize(
        ("y", "p", "expected"),
        [(1.0, 0.25, 0.5625), (0.0, 0.25, 0.0625), (1.0, 1.0, 0.0), (0.5, 0.0, 0.25)],
    )
    def test_closed_form(self, y: float, p: float, expected: float) -> None:
        result = squared_error(y, p)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-15)

    @fast
    @given(arrays(np.float64, st.integers(1, 6), elements=UNIT), UNIT)
    def test_elementwise_and_bounded(self, p: np.ndarray, y: float) -> None:
        result = squared_error(y, p)
        assert result.shape == p.shape
        np.testing.assert_allclose(result, (y - p) ** 2, rtol=1e-15)
        assert np.all((result >= 0) & (result <= 1))


class TestBceGradP:
    @pytest.mark.parametrize(
        ("y", "p", "expected"),
        [
            (1.0, 0.25, -4.0),
            (0.0, 0.25, 1 / 0.75),
            (0.5, 0.5, 0.0),
            (1.0, 1.0, -1.0),
            (0.0, 0.0, 1.0),
            (1.0, 0.0, -math.inf),
            (0.0, 1.0, math.inf),
            (0.5, 0.0, -math.inf),
            (0.5, 1.0, math.inf),
        ],
    )
    def test_closed_form_and_limits(self, y: float, p: float, expected: float) -> None:
        result = bce_grad_p(y, p)
        assert_float64_array(result)
        assert not np.isnan(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14)

    @fast
    @given(st.sampled_from(LABELS), INTERIOR_P)
    def test_matches_finite_differences(self, y: float, p: float) -> None:
        numeric = central_difference(lambda q: float(binary_cross_entropy(y, q[0])), [p], h=1e-7)
        np.testing.assert_allclose(bce_grad_p(y, p), numeric[0], rtol=1e-5, atol=1e-6)

    def test_curve_for_label_one_is_minus_one_over_p(self) -> None:
        p = np.linspace(0.01, 1.0, 100)
        np.testing.assert_allclose(bce_grad_p(1.0, p), -1.0 / p, rtol=1e-15)


class TestSquaredErrorGradP:
    @pytest.mark.parametrize(
        ("y", "p", "expected"),
        [(1.0, 0.0, -2.0), (1.0, 0.25, -1.5), (1.0, 1.0, 0.0), (0.0, 1.0, 2.0), (0.5, 0.5, 0.0)],
    )
    def test_closed_form(self, y: float, p: float, expected: float) -> None:
        result = squared_error_grad_p(y, p)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-15, atol=0)

    @fast
    @given(st.sampled_from(LABELS), INTERIOR_P)
    def test_matches_finite_differences(self, y: float, p: float) -> None:
        numeric = central_difference(lambda q: float(squared_error(y, q[0])), [p])
        np.testing.assert_allclose(squared_error_grad_p(y, p), numeric[0], rtol=1e-7, atol=1e-9)

    def test_does_not_vanish_when_confidently_wrong(self) -> None:
        # erratum 3: against p, MSE's slope tends to −2 as p → 0 for y = 1
        slopes = squared_error_grad_p(1.0, [1e-12, 1e-6, 1e-3])
        np.testing.assert_allclose(slopes, -2.0, rtol=1e-2)


class TestBceGradLogit:
    @pytest.mark.parametrize(
        ("y", "z", "expected"),
        [
            (1.0, 0.0, -0.5),
            (0.0, 0.0, 0.5),
            (1.0, 2.0, sigmoid_reference(2.0) - 1.0),
            (0.25, -1.0, sigmoid_reference(-1.0) - 0.25),
            (1.0, -1000.0, -1.0),
            (0.0, 1000.0, 1.0),
        ],
    )
    def test_closed_form(self, y: float, z: float, expected: float) -> None:
        result = bce_grad_logit(y, z)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-14)

    @fast
    @given(st.sampled_from(LABELS), finite_floats(20.0))
    def test_matches_finite_differences(self, y: float, z: float) -> None:
        numeric = central_difference(
            lambda s: float(binary_cross_entropy_from_logits(y, s[0])), [z]
        )
        np.testing.assert_allclose(bce_grad_logit(y, z), numeric[0], rtol=1e-6, atol=1e-8)

    def test_does_not_vanish_when_confidently_wrong(self) -> None:
        np.testing.assert_allclose(bce_grad_logit(1.0, [-10.0, -30.0]), -1.0, atol=1e-4)


class TestSquaredErrorGradLogit:
    @pytest.mark.parametrize(
        ("y", "z", "expected"),
        [
            (1.0, 0.0, -0.25),
            (0.0, 0.0, 0.25),
            (0.5, 0.0, 0.0),
            (
                1.0,
                2.0,
                2 * (sigmoid_reference(2.0) - 1) * sigmoid_reference(2.0) ** 2 * math.exp(-2.0),
            ),
        ],
    )
    def test_closed_form(self, y: float, z: float, expected: float) -> None:
        result = squared_error_grad_logit(y, z)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-13)

    @fast
    @given(st.sampled_from(LABELS), finite_floats(20.0))
    def test_matches_finite_differences(self, y: float, z: float) -> None:
        numeric = central_difference(lambda s: float(squared_error(y, sigmoid(s[0]))), [z])
        np.testing.assert_allclose(squared_error_grad_logit(y, z), numeric[0], rtol=1e-6, atol=1e-9)

    def test_vanishes_when_confidently_wrong(self) -> None:
        # erratum 3: against the logit the slope carries σ'(z) and dies out as z → −∞
        slopes = squared_error_grad_logit(1.0, [-5.0, -10.0, -20.0])
        assert np.all(slopes < 0)
        assert np.all(np.abs(slopes) < [0.02, 1e-4, 1e-8])
        assert np.all(np.diff(np.abs(slopes)) < 0)

    @pytest.mark.parametrize("z", [-1000.0, 1000.0, -1e308])
    def test_finite_at_extremes(self, z: float) -> None:
        result = squared_error_grad_logit(1.0, z)
        assert np.isfinite(result)
        assert abs(float(result)) < 1e-300


class TestCurves:
    def test_loss_vs_p(self) -> None:
        p = np.linspace(0.0, 1.0, 11)
        curves = loss_vs_p(p)
        assert set(curves) == {"ce", "mse"}
        np.testing.assert_allclose(curves["ce"], binary_cross_entropy(1.0, p))
        np.testing.assert_allclose(curves["mse"], (1.0 - p) ** 2)
        assert curves["ce"][0] == math.inf
        assert np.all(np.diff(curves["ce"]) < 0) and np.all(np.diff(curves["mse"]) < 0)

    def test_loss_vs_p_other_label(self) -> None:
        curves = loss_vs_p([0.25], y=0.0)
        np.testing.assert_allclose(curves["ce"], [-math.log(0.75)])
        np.testing.assert_allclose(curves["mse"], [0.0625])

    def test_grad_vs_p(self) -> None:
        p = np.linspace(0.0, 1.0, 11)
        curves = grad_vs_p(p)
        assert set(curves) == {"ce", "mse"}
        np.testing.assert_allclose(curves["ce"], bce_grad_p(1.0, p))
        np.testing.assert_allclose(curves["mse"], -2.0 * (1.0 - p))

    def test_grad_vs_logit(self) -> None:
        z = np.linspace(-10.0, 10.0, 21)
        curves = grad_vs_logit(z)
        assert set(curves) == {"ce", "mse"}
        s = 1.0 / (1.0 + np.exp(-z))
        np.testing.assert_allclose(curves["ce"], s - 1.0, rtol=1e-13)
        np.testing.assert_allclose(curves["mse"], 2 * (s - 1.0) * s * (1 - s), rtol=1e-12)
        for value in curves.values():
            assert_float64_array(value)
            assert value.shape == z.shape


class TestTwoClassSoftmaxEqualsSigmoid:
    @fast
    @given(finite_floats(500.0), finite_floats(500.0))
    def test_agree(self, s1: float, s0: float) -> None:
        p1, sig = two_class_softmax_equals_sigmoid(s1, s0)
        assert_float64_array(p1)
        assert_float64_array(sig)
        np.testing.assert_allclose(p1, sig, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(p1, softmax([s0, s1])[1], rtol=1e-15)

    def test_broadcasts(self) -> None:
        p1, sig = two_class_softmax_equals_sigmoid([0.0, 1.0, 2.0], 1.0)
        assert p1.shape == sig.shape == (3,)
        np.testing.assert_allclose(p1, [sigmoid_reference(d) for d in (-1.0, 0.0, 1.0)])

    @pytest.mark.parametrize(("s1", "s0", "expected"), [(800.0, -800.0, 1.0), (-1e308, 1e308, 0.0)])
    def test_stable(self, s1: float, s0: float, expected: float) -> None:
        p1, sig = two_class_softmax_equals_sigmoid(s1, s0)
        assert float(p1) == expected and float(sig) == expected
