"""mathcore.stability: softmax-then-log computed naively (inf and nan where float64 gives
them) and stably (the shift by the largest logit, log-sum-exp), against SciPy's
``logsumexp``/``log_softmax`` and the closed forms every framework uses
(``CE = logsumexp(s) − s_y``, ``∂CE/∂s = softmax(s) − onehot(y)``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathcore_helpers import (
    assert_float64_array,
    central_difference,
    fast,
    finite_floats,
    logit_arrays,
    one_hot,
)
from scipy import special

from mathcore import (
    cross_entropy_from_logits,
    cross_entropy_grad_logits,
    logsumexp,
    naive_cross_entropy,
    naive_softmax_log,
    shifted_logits,
    softmax,
)

pytestmark = pytest.mark.filterwarnings("error")

#: The largest x with a finite e^x in float64 (ln of the largest double).
EXP_LIMIT = math.log(np.finfo(np.float64).max)


@st.composite
def logits_and_class(draw: st.DrawFn, bound: float = 30.0) -> tuple[np.ndarray, int]:
    z = draw(logit_arrays(bound, min_dims=1, max_dims=1))
    return z, draw(st.integers(0, z.shape[-1] - 1))


class TestNaiveSoftmaxLog:
    def test_float64_overflows_as_the_scene_says(self) -> None:
        naive = naive_softmax_log([1000.0, 999.0, 0.0])
        for part in naive:
            assert_float64_array(part)
        assert naive.exps.tolist() == [math.inf, math.inf, 1.0]
        assert naive.total.tolist() == [math.inf]
        assert np.isnan(naive.probs[:2]).all() and naive.probs[2] == 0.0
        assert np.isnan(naive.log_probs[:2]).all() and naive.log_probs[2] == -math.inf

    def test_overflow_starts_where_exp_leaves_float64(self) -> None:
        assert np.isfinite(naive_softmax_log([EXP_LIMIT, 0.0]).exps).all()
        assert naive_softmax_log([EXP_LIMIT + 0.01, 0.0]).exps[0] == math.inf

    def test_a_tiny_probability_rounds_to_zero(self) -> None:
        naive = naive_softmax_log([0.0, -800.0])  # e^-800 underflows to 0
        assert naive.probs.tolist() == [1.0, 0.0]
        assert naive.log_probs[1] == -math.inf
        assert float(special.log_softmax([0.0, -800.0])[1]) == pytest.approx(-800.0)

    @fast
    @given(logit_arrays(bound=30.0))
    def test_agrees_with_scipy_where_nothing_overflows(self, z: np.ndarray) -> None:
        naive = naive_softmax_log(z)
        np.testing.assert_allclose(naive.probs, special.softmax(z, axis=-1), rtol=1e-12)
        np.testing.assert_allclose(
            naive.log_probs, special.log_softmax(z, axis=-1), rtol=1e-9, atol=1e-12
        )


class TestNaiveCrossEntropy:
    @pytest.mark.parametrize(
        ("target", "logits", "check"),
        [
            (0, [1000.0, 999.0, 0.0], math.isnan),  # inf / inf
            (2, [1000.0, 999.0, 0.0], lambda v: v == math.inf),  # -log 0
            (1, [800.0, -800.0], lambda v: v == math.inf),
        ],
    )
    def test_breaks_at_large_logits(self, target: int, logits: list[float], check) -> None:
        assert check(float(naive_cross_entropy(target, logits)))
        assert math.isfinite(float(cross_entropy_from_logits(target, logits)))

    @fast
    @given(logits_and_class(bound=30.0))
    def test_equals_the_stable_loss_at_moderate_logits(self, pair) -> None:
        z, y = pair
        np.testing.assert_allclose(
            naive_cross_entropy(y, z), cross_entropy_from_logits(y, z), rtol=1e-9, atol=1e-12
        )

    def test_in_bits_is_nats_over_ln_2(self) -> None:
        z = [2.0, 1.0, -0.5]
        assert float(naive_cross_entropy(1, z, base=2)) == pytest.approx(
            float(naive_cross_entropy(1, z)) / math.log(2), rel=1e-14
        )


class TestShiftedLogits:
    def test_known_values(self) -> None:
        result = shifted_logits([1000.0, 999.0, 0.0])
        assert_float64_array(result)
        assert result.tolist() == [0.0, -1.0, -1000.0]

    @fast
    @given(logit_arrays(bound=1e4))
    def test_largest_is_zero_and_softmax_unchanged(self, z: np.ndarray) -> None:
        shifted = shifted_logits(z)
        np.testing.assert_array_equal(shifted.max(axis=-1), 0.0)
        np.testing.assert_allclose(softmax(shifted), softmax(z), rtol=1e-12, atol=1e-300)
        exps = naive_softmax_log(shifted).exps
        assert np.isfinite(exps).all() and (exps <= 1.0).all()

    def test_bad_axis_is_refused(self) -> None:
        with pytest.raises(ValueError, match="axis 2 is out of range"):
            shifted_logits([1.0, 2.0], axis=2)


class TestLogsumexp:
    @pytest.mark.parametrize(
        ("logits", "expected"),
        [
            ([0.0, 0.0], math.log(2.0)),
            ([1000.0, 999.0, 0.0], 1000.0 + math.log1p(math.exp(-1.0) + math.exp(-1000.0))),
            ([-1000.0], -1000.0),
        ],
    )
    def test_closed_form(self, logits: list[float], expected: float) -> None:
        result = logsumexp(logits)
        assert_float64_array(result)
        np.testing.assert_allclose(result, expected, rtol=1e-15)

    @fast
    @given(logit_arrays(bound=1e4))
    def test_matches_scipy(self, z: np.ndarray) -> None:
        np.testing.assert_allclose(logsumexp(z), special.logsumexp(z, axis=-1), rtol=1e-15)

    @fast
    @given(logit_arrays(bound=100.0), finite_floats(1e3))
    def test_a_shift_moves_it_by_the_shift(self, z: np.ndarray, c: float) -> None:
        np.testing.assert_allclose(logsumexp(z + c), logsumexp(z) + c, rtol=1e-12, atol=1e-9)

    def test_non_finite_logits_are_refused(self) -> None:
        with pytest.raises(ValueError, match="logits has non-finite entries"):
            logsumexp([1.0, math.inf])


class TestCrossEntropyFromLogitsIsLogsumexpMinusTheTrueLogit:
    """The closed forms a framework's ``cross_entropy(logits, y)`` computes (PyTorch's
    ``F.cross_entropy`` is ``-log_softmax(s)[y]``, its gradient ``softmax(s) − onehot``)."""

    @fast
    @given(logits_and_class(bound=1e3))
    def test_loss(self, pair) -> None:
        z, y = pair
        loss = cross_entropy_from_logits(y, z)
        np.testing.assert_allclose(loss, logsumexp(z) - z[y], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(loss, -special.log_softmax(z)[y], rtol=1e-12, atol=1e-9)
        assert loss >= 0

    @fast
    @given(logits_and_class(bound=1e3), finite_floats(1e3))
    def test_loss_and_gradient_are_shift_invariant(self, pair, c: float) -> None:
        z, y = pair
        np.testing.assert_allclose(
            cross_entropy_from_logits(y, z + c), cross_entropy_from_logits(y, z), atol=1e-9
        )
        np.testing.assert_allclose(
            cross_entropy_grad_logits(y, z + c), cross_entropy_grad_logits(y, z), atol=1e-12
        )

    @fast
    @given(logits_and_class(bound=1e3))
    def test_gradient_is_softmax_minus_onehot_and_sums_to_zero(self, pair) -> None:
        z, y = pair
        grad = cross_entropy_grad_logits(y, z)
        np.testing.assert_allclose(grad, special.softmax(z) - one_hot(y, z.size), atol=1e-15)
        assert abs(float(grad.sum())) <= 1e-12
        assert -1.0 <= grad[y] <= 0.0  # only the true class is pushed up

    @fast
    @given(logits_and_class(bound=10.0))
    def test_gradient_matches_finite_differences(self, pair) -> None:
        z, y = pair
        numeric = central_difference(lambda s: float(logsumexp(s) - s[y]), z)
        np.testing.assert_allclose(cross_entropy_grad_logits(y, z), numeric, atol=1e-6)
