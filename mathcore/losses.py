r"""Classification losses on logits and probabilities, and their gradients.

Targets come first, predictions second, as in :math:`H(P^*, P)` and scikit-learn's
``(y_true, y_pred)``. The cross-entropies take ``base`` as ``scipy.stats.entropy`` does:
``None`` for nats (natural log), 2 for bits; a loss in base :math:`b` is the loss in nats
divided by :math:`\ln b`, and so is its gradient.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import (
    FloatArray,
    as_finite,
    as_logits,
    as_unit_interval,
    broadcast_pair,
    log_base,
    target_distribution,
)


def cross_entropy_from_logits(
    target: ArrayLike, logits: ArrayLike, axis: int = -1, base: float | None = None
) -> FloatArray:
    r"""Cross-entropy loss of softmax(logits) against a target, in nats (``base=None``)
    or in base ``base``.

    .. math:: L = -\sum_k P^*(k) \log_b \operatorname{softmax}(s)_k

    ``target`` is either integer class indices (the shape of ``logits`` without the
    class axis), where the loss is :math:`-\log \operatorname{softmax}(s)_y`, or
    probability vectors shaped like ``logits``.

    >>> round(float(cross_entropy_from_logits(0, [0.0, 0.0])), 6)  # log 2
    0.693147
    >>> cross_entropy_from_logits([0, 1], [[800.0, -800.0], [800.0, -800.0]]).tolist()
    [0.0, 1600.0]
    >>> float(cross_entropy_from_logits(0, [0.0, 0.0], base=2))  # one bit
    1.0
    """
    divisor = log_base(base)
    z = as_logits(logits, "logits", axis)
    t = target_distribution(target, z, axis)
    with np.errstate(over="ignore", invalid="ignore"):
        log_p = special.log_softmax(z, axis=axis)  # -inf only for gaps beyond float64
        terms = np.where(t > 0, t * log_p, 0.0)  # 0 · log 0 = 0, never NaN
    # + 0.0 turns the -0.0 of a perfect prediction into 0.0
    return np.asarray(-terms.sum(axis=axis) / divisor + 0.0, dtype=np.float64)


def cross_entropy_grad_logits(
    target: ArrayLike, logits: ArrayLike, axis: int = -1, base: float | None = None
) -> FloatArray:
    r"""Gradient of :func:`cross_entropy_from_logits` (in base ``base``; ``None``: nats)
    with respect to the logits.

    .. math:: \frac{\partial L}{\partial s_k}
              = \frac{\operatorname{softmax}(s)_k - P^*(k)}{\ln b}

    (in nats, :math:`\ln b = 1`). Each gradient vector sums to 0 along ``axis``.

    >>> cross_entropy_grad_logits(0, [0.0, 0.0]).tolist()
    [-0.5, 0.5]
    """
    divisor = log_base(base)
    z = as_logits(logits, "logits", axis)
    t = target_distribution(target, z, axis)
    with np.errstate(over="ignore"):
        return np.asarray((special.softmax(z, axis=axis) - t) / divisor, dtype=np.float64)


def mse(y: ArrayLike, y_hat: ArrayLike, axis: int | None = -1) -> FloatArray:
    r"""Mean squared error over ``axis`` (the post's formula, corrected).

    .. math:: \mathrm{MSE} = \frac{1}{K} \sum_{k=1}^{K} (y_k - \hat y_k)^2

    For scalars (0-d inputs) it is the squared error itself; ``axis=None`` averages
    over every entry.

    >>> float(mse([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]))
    0.6666666666666666
    >>> float(mse(1.0, 0.25))
    0.5625
    """
    a, b = broadcast_pair(as_finite(y, "y"), as_finite(y_hat, "y_hat"), ("y", "y_hat"))
    sq = (a - b) ** 2
    if sq.ndim == 0:
        return np.asarray(sq, dtype=np.float64)
    if axis is not None and not -sq.ndim <= axis < sq.ndim:
        raise ValueError(f"axis {axis} is out of range for y with {sq.ndim} dimension(s)")
    if (sq.shape[axis] if axis is not None else sq.size) == 0:
        raise ValueError(f"y has no entries along axis {axis} to average (shape {sq.shape})")
    return np.asarray(np.mean(sq, axis=axis), dtype=np.float64)


def mse_grad_logits(target: ArrayLike, logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Gradient with respect to the logits of ``mse(target, softmax(logits))``.

    With :math:`p = \operatorname{softmax}(s)` and the softmax Jacobian
    :math:`\partial p_j / \partial s_k = p_j(\delta_{jk} - p_k)`:

    .. math:: \frac{\partial L}{\partial s_k}
              = \frac{2}{K}\, p_k \Big[(p_k - P^*(k)) - \sum_j p_j\,(p_j - P^*(j))\Big]

    The factor :math:`p_k` is why the gradient vanishes on a confidently wrong
    prediction. Each gradient vector sums to 0 along ``axis``.

    >>> mse_grad_logits(0, [0.0, 0.0]).tolist()
    [-0.25, 0.25]
    """
    z = as_logits(logits, "logits", axis)
    t = target_distribution(target, z, axis)
    with np.errstate(over="ignore"):
        p = special.softmax(z, axis=axis)
    k = z.shape[axis]
    err = p - t
    mean_err = (p * err).sum(axis=axis, keepdims=True)
    return np.asarray((2.0 / k) * p * (err - mean_err), dtype=np.float64)


def binary_cross_entropy(y: ArrayLike, p: ArrayLike, base: float | None = None) -> FloatArray:
    r"""Binary cross-entropy of predicted probability ``p`` for label ``y``, elementwise,
    in nats (``base=None``) or in base ``base``.

    .. math:: \mathrm{BCE}(y, p) = -\big[y \log_b p + (1 - y) \log_b(1 - p)\big]

    ``+inf`` where the true outcome gets probability 0; :math:`0 \log 0 = 0`.

    >>> round(float(binary_cross_entropy(1, 0.5)), 6)
    0.693147
    >>> binary_cross_entropy([1, 0], [0.0, 0.0]).tolist()
    [inf, 0.0]
    >>> float(binary_cross_entropy(1, 0.25, base=2))
    2.0
    """
    divisor = log_base(base)
    yy, pp = broadcast_pair(as_unit_interval(y, "y"), as_unit_interval(p, "p"), ("y", "p"))
    nats = -(special.xlogy(yy, pp) + special.xlogy(1 - yy, 1 - pp))
    return np.asarray(nats / divisor + 0.0, dtype=np.float64)


def binary_cross_entropy_from_logits(
    y: ArrayLike, z: ArrayLike, base: float | None = None
) -> FloatArray:
    r"""Binary cross-entropy with :math:`p = \sigma(z)`, computed from the logit stably,
    in nats (``base=None``) or in base ``base``.

    .. math:: \mathrm{BCE}(y, z) = -\big[y \log_b \sigma(z) + (1 - y) \log_b \sigma(-z)\big]

    Finite for any finite ``z`` (e.g. :math:`\pm 700`).

    >>> float(binary_cross_entropy_from_logits(1, -700.0))
    700.0
    """
    divisor = log_base(base)
    yy, zz = broadcast_pair(as_unit_interval(y, "y"), as_logits(z, "z"), ("y", "z"))
    nats = -(yy * special.log_expit(zz) + (1 - yy) * special.log_expit(-zz))
    return np.asarray(nats / divisor + 0.0, dtype=np.float64)
