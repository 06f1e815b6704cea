r"""Gradient-descent training of one sigmoid neuron: the learning race.

The neuron sees one input :math:`x` with label :math:`y`, has a weight :math:`w` and
a bias :math:`b`, and predicts :math:`p = \sigma(z)` with :math:`z = w x + b`. Each step

.. math:: w \leftarrow w - \eta\,\frac{\partial L}{\partial z}\,x, \qquad
          b \leftarrow b - \eta\,\frac{\partial L}{\partial z}

with :math:`\partial L/\partial z` from :mod:`mathcore.binary` (CE: :math:`\sigma(z) - y`;
MSE: :math:`2(\sigma(z) - y)\sigma(z)(1 - \sigma(z))`).

Plain discrete steps, not a continuous gradient flow (``scipy.integrate.solve_ivp``):
the scene shows a step counter, and what a practitioner runs is discrete gradient
descent at a fixed learning rate; the step at which each racer passes a threshold is a
property of those steps, which a flow would only approximate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ._validate import FloatArray, log_base
from .activations import sigmoid
from .binary import bce_grad_logit, squared_error, squared_error_grad_logit
from .losses import binary_cross_entropy_from_logits

Loss = Literal["ce", "mse"]


@dataclass(frozen=True)
class Trajectory:
    """One training run: arrays indexed by step ``0..steps`` (step 0 is the start)."""

    loss_name: Loss
    step: FloatArray
    w: FloatArray
    b: FloatArray
    z: FloatArray
    p: FloatArray
    loss: FloatArray

    def first_step_reaching(self, threshold: float) -> int | None:
        """The first step whose prediction ``p`` is at least ``threshold`` (None if never)."""
        hits = np.flatnonzero(self.p >= threshold)
        return int(hits[0]) if hits.size else None


def _real(value: Any, name: str) -> float:
    """``value`` as a Python float, or a one-line ``ValueError`` naming ``name``."""
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a real number, not an array of shape {np.shape(value)}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, not {value!r}") from None


def train_sigmoid_neuron(
    loss: Loss,
    *,
    w0: float = -3.1,
    b0: float = -3.1,
    x: float = 1.0,
    y: float = 1.0,
    learning_rate: float = 0.5,
    steps: int = 300,
    base: float | None = None,
) -> Trajectory:
    r"""Run ``steps`` gradient-descent steps on ``loss`` (``"ce"`` or ``"mse"``).

    The default start is confidently wrong: :math:`z_0 = -6.2`,
    :math:`p_0 = \sigma(-6.2) \approx 0.002` for a true label of 1.

    ``base`` is the unit of the recorded CE loss (``None``: nats; 2: bits). The steps
    always follow the natural-log loss, as every framework's cross-entropy does: a unit
    is a way to read the loss, not a change of learning rate (in bits the gradient would
    be :math:`1/\ln 2` times larger).

    >>> ce = train_sigmoid_neuron("ce")
    >>> mse = train_sigmoid_neuron("mse")
    >>> ce.first_step_reaching(0.5) < mse.first_step_reaching(0.5)
    True
    """
    divisor = log_base(base)
    if loss not in ("ce", "mse"):
        raise ValueError(f"loss must be 'ce' or 'mse', not {loss!r}")
    if isinstance(steps, bool) or not (isinstance(steps, int | np.integer) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, not {steps!r}")
    w0, b0, x, y = (_real(v, n) for v, n in ((w0, "w0"), (b0, "b0"), (x, "x"), (y, "y")))
    learning_rate = _real(learning_rate, "learning_rate")
    values = {"w0": w0, "b0": b0, "x": x, "learning_rate": learning_rate}
    for name, value in values.items():
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, not {value!r}")
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, not {learning_rate!r}")
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"y must be in [0, 1], not {y!r}")
    if not math.isfinite(w0 * x + b0):
        raise ValueError(f"w0 * x + b0 overflows float64 (w0={w0!r}, x={x!r}, b0={b0!r})")

    grad_z = bce_grad_logit if loss == "ce" else squared_error_grad_logit
    w = np.empty(steps + 1)
    b = np.empty(steps + 1)
    w[0], b[0] = w_t, b_t = w0, b0
    for t in range(steps):  # Python floats: an overflow is caught below, not warned about
        g = float(grad_z(y, w_t * x + b_t))
        w_t, b_t = w_t - learning_rate * g * x, b_t - learning_rate * g
        if not math.isfinite(w_t * x + b_t):
            raise ValueError(
                f"the run diverged at step {t + 1}: w * x + b overflows float64 "
                f"(learning_rate={learning_rate!r} is too large)"
            )
        w[t + 1], b[t + 1] = w_t, b_t
    z = w * x + b
    p = sigmoid(z)
    if loss == "ce":
        loss_values = binary_cross_entropy_from_logits(y, z) / divisor
    else:
        loss_values = squared_error(y, p)
    return Trajectory(
        loss_name=loss,
        step=np.arange(steps + 1, dtype=np.float64),
        w=w,
        b=b,
        z=z,
        p=p,
        loss=np.asarray(loss_values, dtype=np.float64),
    )
