"""mathcore.softmax_terms: the exponentials and their sum, the two steps of the softmax."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mathcore import softmax, softmax_terms


class TestSoftmaxTerms:
    def test_known_values(self) -> None:
        exps, total = softmax_terms([2.0, 1.0, -0.5, 0.3])
        expected = [math.exp(2.0), math.exp(1.0), math.exp(-0.5), math.exp(0.3)]
        np.testing.assert_allclose(exps, expected, rtol=1e-12)
        np.testing.assert_allclose(total, [sum(expected)], rtol=1e-12)
        assert total.shape == (1,)

    @pytest.mark.parametrize("axis", [0, 1, -1])
    def test_ratio_is_softmax_along_axis(self, axis: int) -> None:
        z = np.arange(12.0).reshape(3, 4) / 5 - 1
        exps, total = softmax_terms(z, axis=axis)
        assert total.shape[axis] == 1
        np.testing.assert_allclose(exps / total, softmax(z, axis=axis), rtol=1e-12)

    @given(arrays(np.float64, st.integers(1, 6), elements=st.floats(-30, 30)))
    def test_all_positive_and_ratio_sums_to_one(self, z: np.ndarray) -> None:
        exps, total = softmax_terms(z)
        assert np.all(exps > 0)
        np.testing.assert_allclose((exps / total).sum(), 1.0, rtol=1e-12)

    @given(
        arrays(np.float64, 4, elements=st.floats(-10, 10)),
        st.floats(-10, 10),
    )
    def test_shift_scales_every_term_by_exp_c(self, z: np.ndarray, c: float) -> None:
        exps, total = softmax_terms(z)
        shifted, shifted_total = softmax_terms(z + c)
        np.testing.assert_allclose(shifted, exps * math.exp(c), rtol=1e-9)
        np.testing.assert_allclose(shifted_total, total * math.exp(c), rtol=1e-9)
        np.testing.assert_allclose(shifted / shifted_total, exps / total, rtol=1e-9)

    @pytest.mark.parametrize(
        ("logits", "message"),
        [
            ([1.0, 710.0], "too large to exponentiate"),
            ([1.0, np.nan], "non-finite"),
            (3.0, "scalar"),
            (["a", "b"], "real numbers"),
        ],
    )
    def test_bad_input_names_the_fault(self, logits: object, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            softmax_terms(logits)  # type: ignore[arg-type]
