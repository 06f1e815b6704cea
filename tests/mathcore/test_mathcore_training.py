"""mathcore.training: gradient descent on one sigmoid neuron, the CE-versus-MSE race."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathcore_helpers import assert_float64_array, central_difference, fast

from mathcore import (
    Trajectory,
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    squared_error,
    train_sigmoid_neuron,
)

pytestmark = pytest.mark.filterwarnings("error")

LOSSES = ["ce", "mse"]


def sigmoid_reference(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def reference_run(
    loss: str, w: float, b: float, x: float, y: float, lr: float, steps: int
) -> list[tuple[float, float]]:
    """The update rule written out in plain floats: w ← w − η·(∂L/∂z)·x, b ← b − η·∂L/∂z."""
    out = [(w, b)]
    for _ in range(steps):
        s = sigmoid_reference(w * x + b)
        g = s - y if loss == "ce" else 2 * (s - y) * s * (1 - s)
        w, b = w - lr * g * x, b - lr * g
        out.append((w, b))
    return out


def loss_of(loss: str, w: float, b: float, x: float, y: float) -> float:
    z = w * x + b
    if loss == "ce":
        return float(binary_cross_entropy_from_logits(y, z))
    return float(squared_error(y, sigmoid_reference(z)))


class TestTrainSigmoidNeuron:
    @pytest.mark.parametrize("loss", LOSSES)
    def test_step_zero_is_the_start(self, loss: str) -> None:
        run = train_sigmoid_neuron(loss, w0=-2.0, b0=0.5, x=1.5, y=1.0, steps=4)
        assert (run.w[0], run.b[0]) == (-2.0, 0.5)
        assert run.z[0] == -2.0 * 1.5 + 0.5
        np.testing.assert_allclose(run.p[0], sigmoid_reference(-2.5), rtol=1e-15)
        np.testing.assert_allclose(run.loss[0], loss_of(loss, -2.0, 0.5, 1.5, 1.0), rtol=1e-14)
        assert run.step[0] == 0

    @pytest.mark.parametrize("loss", LOSSES)
    def test_default_start_is_confidently_wrong(self, loss: str) -> None:
        run = train_sigmoid_neuron(loss)
        assert run.z[0] == -6.2
        np.testing.assert_allclose(run.p[0], sigmoid_reference(-6.2), rtol=1e-15)
        assert run.p[0] < 0.0025

    @pytest.mark.parametrize("loss", LOSSES)
    def test_shapes_types_and_fields(self, loss: str) -> None:
        run = train_sigmoid_neuron(loss, steps=25)
        assert isinstance(run, Trajectory)
        assert run.loss_name == loss
        for name in ("step", "w", "b", "z", "p", "loss"):
            values = getattr(run, name)
            assert_float64_array(values)
            assert values.shape == (26,)
        np.testing.assert_array_equal(run.step, np.arange(26))
        np.testing.assert_array_equal(run.z, run.w * 1.0 + run.b)
        with pytest.raises(dataclasses.FrozenInstanceError):
            run.loss_name = "mse" if loss == "ce" else "ce"  # type: ignore[misc]

    def test_zero_steps(self) -> None:
        run = train_sigmoid_neuron("ce", steps=0)
        assert run.w.shape == (1,)
        assert run.first_step_reaching(0.5) is None
        assert run.first_step_reaching(0.0) == 0

    @pytest.mark.parametrize("loss", LOSSES)
    @pytest.mark.parametrize(
        ("w0", "b0", "x", "y", "lr"),
        [(-3.1, -3.1, 1.0, 1.0, 0.5), (0.7, -1.2, -2.0, 0.0, 0.3), (1.0, 0.0, 0.5, 0.3, 2.0)],
    )
    def test_every_step_follows_the_update_rule(
        self, loss: str, w0: float, b0: float, x: float, y: float, lr: float
    ) -> None:
        run = train_sigmoid_neuron(loss, w0=w0, b0=b0, x=x, y=y, learning_rate=lr, steps=40)
        expected = np.array(reference_run(loss, w0, b0, x, y, lr, 40))
        np.testing.assert_allclose(run.w, expected[:, 0], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(run.b, expected[:, 1], rtol=1e-12, atol=1e-14)
        p = [sigmoid_reference(w * x + b) for w, b in expected]
        np.testing.assert_allclose(run.p, p, rtol=1e-12)
        reference_loss = (
            binary_cross_entropy(y, run.p) if loss == "ce" else (y - np.asarray(p)) ** 2
        )
        np.testing.assert_allclose(run.loss, reference_loss, rtol=1e-9, atol=1e-14)

    @pytest.mark.parametrize("loss", LOSSES)
    @pytest.mark.parametrize(
        ("w0", "b0", "x", "y"), [(-3.1, -3.1, 1.0, 1.0), (0.4, 1.0, -1.5, 0.0)]
    )
    def test_step_is_minus_learning_rate_times_finite_difference_gradient(
        self, loss: str, w0: float, b0: float, x: float, y: float
    ) -> None:
        lr = 0.5
        run = train_sigmoid_neuron(loss, w0=w0, b0=b0, x=x, y=y, learning_rate=lr, steps=1)
        grad = central_difference(lambda wb: loss_of(loss, wb[0], wb[1], x, y), [w0, b0])
        step = np.array([run.w[1] - run.w[0], run.b[1] - run.b[0]])
        np.testing.assert_allclose(step, -lr * grad, rtol=1e-6, atol=1e-10)

    def test_cross_entropy_reaches_half_far_sooner(self) -> None:
        ce = train_sigmoid_neuron("ce").first_step_reaching(0.5)
        mse_run = train_sigmoid_neuron("mse", steps=2000)
        mse = mse_run.first_step_reaching(0.5)
        assert ce is not None and mse is not None
        assert ce <= 10
        assert mse >= 10 * ce
        assert train_sigmoid_neuron("ce").p[ce] >= 0.5 > train_sigmoid_neuron("ce").p[ce - 1]
        assert mse_run.p[mse] >= 0.5 > mse_run.p[mse - 1]

    @pytest.mark.parametrize("loss", LOSSES)
    def test_default_trajectory_monotone(self, loss: str) -> None:
        run = train_sigmoid_neuron(loss)
        assert np.all(np.diff(run.p) > 0)
        assert np.all(np.diff(run.loss) < 0)

    @fast
    @given(
        st.sampled_from(LOSSES),
        st.floats(-8.0, 8.0),
        st.floats(-8.0, 8.0),
        st.floats(-2.0, 2.0),
        st.sampled_from([0.0, 1.0]),
        st.floats(0.01, 1.0),
    )
    def test_monotone_in_p_toward_a_hard_label(
        self, loss: str, w0: float, b0: float, x: float, y: float, lr: float
    ) -> None:
        # with y ∈ {0, 1}, z moves by −η·g·(1 + x²) with g of fixed sign, so it never overshoots
        run = train_sigmoid_neuron(loss, w0=w0, b0=b0, x=x, y=y, learning_rate=lr, steps=60)
        dp = np.diff(run.p)
        assert np.all(dp >= 0) if y == 1.0 else np.all(dp <= 0)
        assert np.all(np.diff(run.loss) <= 1e-15)

    def test_first_step_reaching(self) -> None:
        run = train_sigmoid_neuron("ce", steps=50)
        for threshold in (0.01, 0.5, 0.9):
            k = run.first_step_reaching(threshold)
            assert k is not None
            assert run.p[k] >= threshold
            assert np.all(run.p[:k] < threshold)
        assert run.first_step_reaching(1.1) is None
