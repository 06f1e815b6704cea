r"""The one-output (binary) case: losses and gradients as curves, for label ``y``.

The prediction is a probability :math:`p = \sigma(z)` of the logit :math:`z`. The
squared error here is the post's MSE for a single output, :math:`(y - p)^2`.

Against :math:`p` (the post's figure), for :math:`y = 1`:
:math:`\partial\,\mathrm{CE}/\partial p = -1/p` and
:math:`\partial\,\mathrm{MSE}/\partial p = -2(1 - p)`, which does not vanish.

Against the logit :math:`z` (where learning happens):
:math:`\partial\,\mathrm{CE}/\partial z = \sigma(z) - y` and
:math:`\partial\,\mathrm{MSE}/\partial z = 2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))`,
which vanishes as :math:`z \to -\infty` for :math:`y = 1`: the slow learning.

The cross-entropy and its slopes take ``base`` (``None``: nats; 2: bits): in base
:math:`b` each is its value in nats divided by :math:`\ln b`. The squared error has no
unit and no ``base``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import FloatArray, as_logits, as_unit_interval, broadcast_pair, log_base
from .losses import binary_cross_entropy


def squared_error(y: ArrayLike, p: ArrayLike) -> FloatArray:
    r"""Squared error of one predicted probability: :math:`(y - p)^2`.

    >>> float(squared_error(1, 0.25))
    0.5625
    """
    yy, pp = broadcast_pair(as_unit_interval(y, "y"), as_unit_interval(p, "p"), ("y", "p"))
    return np.asarray((yy - pp) ** 2, dtype=np.float64)


def bce_grad_p(y: ArrayLike, p: ArrayLike, base: float | None = None) -> FloatArray:
    r"""Derivative of the binary cross-entropy (in base ``base``) with respect to ``p``.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial p}
              = \frac{1}{\ln b}\Big(-\frac{y}{p} + \frac{1 - y}{1 - p}\Big)

    Infinite where the true outcome has probability 0 (``p = 0`` with ``y = 1``).

    >>> float(bce_grad_p(1, 0.25))
    -4.0
    """
    divisor = log_base(base)
    yy, pp = broadcast_pair(as_unit_interval(y, "y"), as_unit_interval(p, "p"), ("y", "p"))
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(yy == 0, 0.0, -yy / pp)
        second = np.where(yy == 1, 0.0, (1 - yy) / (1 - pp))
    return np.asarray((first + second) / divisor, dtype=np.float64)


def squared_error_grad_p(y: ArrayLike, p: ArrayLike) -> FloatArray:
    r"""Derivative of the squared error with respect to ``p``: :math:`-2(y - p)`.

    >>> float(squared_error_grad_p(1, 0.0))
    -2.0
    """
    yy, pp = broadcast_pair(as_unit_interval(y, "y"), as_unit_interval(p, "p"), ("y", "p"))
    return np.asarray(-2.0 * (yy - pp), dtype=np.float64)


def bce_grad_logit(y: ArrayLike, z: ArrayLike, base: float | None = None) -> FloatArray:
    r"""Derivative of the binary cross-entropy (in base ``base``) with respect to the logit.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial z} = \frac{\sigma(z) - y}{\ln b}

    >>> float(bce_grad_logit(1, 0.0))
    -0.5
    """
    divisor = log_base(base)
    yy, zz = broadcast_pair(as_unit_interval(y, "y"), as_logits(z, "z"), ("y", "z"))
    return np.asarray((special.expit(zz) - yy) / divisor, dtype=np.float64)


def squared_error_grad_logit(y: ArrayLike, z: ArrayLike) -> FloatArray:
    r"""Derivative of :math:`(y - \sigma(z))^2` with respect to the logit.

    .. math:: \frac{\partial\,\mathrm{MSE}}{\partial z}
              = 2(\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z))

    >>> float(squared_error_grad_logit(1, 0.0))
    -0.25
    """
    yy, zz = broadcast_pair(as_unit_interval(y, "y"), as_logits(z, "z"), ("y", "z"))
    s = special.expit(zz)
    return np.asarray(2.0 * (s - yy) * s * special.expit(-zz), dtype=np.float64)


def loss_vs_p(p: ArrayLike, y: float = 1.0, base: float | None = None) -> dict[str, FloatArray]:
    """Both losses at predicted probabilities ``p``: ``{"ce": ..., "mse": ...}`` (CE in
    base ``base``; ``None``: nats)."""
    return {"ce": binary_cross_entropy(y, p, base=base), "mse": squared_error(y, p)}


def grad_vs_p(p: ArrayLike, y: float = 1.0, base: float | None = None) -> dict[str, FloatArray]:
    """Both losses' derivatives with respect to ``p``: ``{"ce": ..., "mse": ...}`` (CE in
    base ``base``; ``None``: nats)."""
    return {"ce": bce_grad_p(y, p, base=base), "mse": squared_error_grad_p(y, p)}


def grad_vs_logit(z: ArrayLike, y: float = 1.0, base: float | None = None) -> dict[str, FloatArray]:
    """Both losses' derivatives with respect to the logit ``z``: ``{"ce": ..., "mse": ...}``
    (CE in base ``base``; ``None``: nats)."""
    return {"ce": bce_grad_logit(y, z, base=base), "mse": squared_error_grad_logit(y, z)}


def two_class_softmax_equals_sigmoid(s1: ArrayLike, s0: ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Softmax over two logits, class 1's share, beside :math:`\sigma(s_1 - s_0)`.

    .. math:: \frac{e^{s_1}}{e^{s_0} + e^{s_1}} = \sigma(s_1 - s_0)

    Returns ``(softmax_p1, sigmoid_of_difference)``; they agree to rounding.
    """
    a, b = broadcast_pair(as_logits(s1, "s1"), as_logits(s0, "s0"), ("s1", "s0"))
    stacked = np.stack([b, a], axis=-1)
    with np.errstate(over="ignore"):  # a gap beyond float64 is ±inf: probability 0 or 1
        p1, sig = special.softmax(stacked, axis=-1)[..., 1], special.expit(a - b)
    return np.asarray(p1, dtype=np.float64), np.asarray(sig, dtype=np.float64)
