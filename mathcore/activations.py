"""Softmax and sigmoid: logits to probabilities, stably, on top of ``scipy.special``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import FloatArray, as_logits

#: The largest logit whose exponential is a finite float64.
_MAX_EXP = float(np.log(np.finfo(np.float64).max))


def softmax(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax along ``axis``: logits to a probability distribution.

    .. math:: P(k) = \frac{e^{s_k}}{\sum_{j=1}^{K} e^{s_j}}

    Stable for large logits (scipy subtracts the maximum first). A gap between logits
    beyond float64's range (``[1e308, -1e308]``) underflows to probability 0, silently.

    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    >>> float(softmax([1e4, 0.0])[0])
    1.0
    """
    z = as_logits(logits, "logits", axis)
    with np.errstate(over="ignore"):  # s_k − max overflowing to −inf is exact: e^{−inf} = 0
        return special.softmax(z, axis=axis)


def softmax_terms(logits: ArrayLike, axis: int = -1) -> tuple[FloatArray, FloatArray]:
    r"""The softmax's numerators and denominator: every :math:`e^{s_k}` and their sum.

    .. math:: e^{s_k} \quad\text{and}\quad Z = \sum_{j=1}^{K} e^{s_j},
              \qquad \frac{e^{s_k}}{Z} = \mathrm{softmax}(s)_k

    For showing the two steps of the softmax (exponentiate, then normalise); use
    :func:`softmax` for the probabilities themselves. The sum keeps ``axis`` as a length-1
    axis, so ``exps / total`` broadcasts. Raises ``ValueError`` if a logit is too large
    for :math:`e^{s_k}` to be a finite float64 (above about 709).

    >>> exps, total = softmax_terms([0.0, np.log(3.0)])
    >>> exps.round(6).tolist(), total.round(6).tolist()
    ([1.0, 3.0], [4.0])
    """
    z = as_logits(logits, "logits", axis)
    if z.size and z.max() > _MAX_EXP:
        raise ValueError(
            f"logits has entries too large to exponentiate (max {z.max():.6g} > {_MAX_EXP:.6g});"
            " use softmax, which is stable"
        )
    exps = np.exp(z)
    with np.errstate(over="ignore"):
        total = exps.sum(axis=axis, keepdims=True)
    if not np.all(np.isfinite(total)):
        raise ValueError(
            "logits are too large to exponentiate: the sum of their exponentials overflows "
            "float64; use softmax, which is stable"
        )
    return exps, total


def log_softmax(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Log of the softmax along ``axis``, without forming the softmax first.

    .. math:: \log P(k) = s_k - \log \sum_{j=1}^{K} e^{s_j}

    >>> log_softmax([800.0, -800.0]).tolist()
    [0.0, -1600.0]
    """
    z = as_logits(logits, "logits", axis)
    with np.errstate(over="ignore"):  # a log-probability below −1.8e308 rounds to −inf
        return special.log_softmax(z, axis=axis)


def sigmoid(z: ArrayLike) -> FloatArray:
    r"""The logistic sigmoid, elementwise.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    >>> sigmoid([0.0, 1000.0, -1000.0]).tolist()
    [0.5, 1.0, 0.0]
    """
    return np.asarray(special.expit(as_logits(z, "z")), dtype=np.float64)


def log_sigmoid(z: ArrayLike) -> FloatArray:
    r"""Log of the sigmoid, elementwise and stable: :math:`\log \sigma(z)`.

    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    return np.asarray(special.log_expit(as_logits(z, "z")), dtype=np.float64)
