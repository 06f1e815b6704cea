r"""Entropy, cross-entropy and KL divergence between distributions, in nats.

The identity the explainer is built on holds term by term:

.. math:: H(P^*, P) = H(P^*) + D_{\mathrm{KL}}(P^* \,\|\, P)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import FloatArray, as_distribution, distribution_pair


def _pair(p_true: ArrayLike, p_model: ArrayLike, axis: int) -> tuple[FloatArray, FloatArray]:
    return distribution_pair(p_true, p_model, axis, ("p_true", "p_model"))


def entropy(p: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Shannon entropy of a distribution along ``axis``, in nats, with :math:`0 \log 0 = 0`.

    .. math:: H(P) = -\sum_k P(k) \log P(k)

    >>> round(float(entropy([0.5, 0.5])), 6)  # log 2
    0.693147
    >>> float(entropy([1.0, 0.0]))
    0.0
    """
    arr = as_distribution(p, "p", axis)
    return np.asarray(special.entr(arr).sum(axis=axis), dtype=np.float64)


def cross_entropy(p_true: ArrayLike, p_model: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Cross-entropy of the model distribution relative to the true one, in nats.

    .. math:: H(P^*, P) = -\sum_k P^*(k) \log P(k)

    It is ``+inf`` (never NaN) where :math:`P^*(k) > 0` and :math:`P(k) = 0`; terms with
    :math:`P^*(k) = 0` contribute 0.

    >>> round(float(cross_entropy([1.0, 0.0], [0.25, 0.75])), 6)  # -log 0.25
    1.386294
    >>> float(cross_entropy([0.0, 1.0], [1.0, 0.0]))
    inf
    """
    t, m = _pair(p_true, p_model, axis)
    return np.asarray(-special.xlogy(t, m).sum(axis=axis) + 0.0, dtype=np.float64)


def kl_divergence(p_true: ArrayLike, p_model: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Kullback-Leibler divergence of the model from the true distribution, in nats.

    .. math:: D_{\mathrm{KL}}(P^* \,\|\, P) = \sum_k P^*(k) \log \frac{P^*(k)}{P(k)}
              = H(P^*, P) - H(P^*) \ge 0

    Gibbs' inequality makes it non-negative for exact distributions; inputs accepted
    within the sum tolerance (or rounding in the sum) can push the computed sum a hair
    below 0, so the result is clipped at 0 to keep the inequality the scenes rely on.

    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> round(float(kl_divergence([1.0, 0.0], [0.5, 0.5])), 6)  # log 2
    0.693147
    """
    t, m = _pair(p_true, p_model, axis)
    return np.asarray(np.maximum(special.rel_entr(t, m).sum(axis=axis), 0.0), dtype=np.float64)
