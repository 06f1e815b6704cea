r"""Entropy, cross-entropy and KL divergence between distributions, in nats or another base.

The identity the explainer is built on holds term by term:

.. math:: H(P^*, P) = H(P^*) + D_{\mathrm{KL}}(P^* \,\|\, P)

Every function takes ``base`` as ``scipy.stats.entropy`` does: ``None`` (natural log,
nats) or a base such as 2 (bits); a value in base :math:`b` is the value in nats divided
by :math:`\ln b`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import FloatArray, as_distribution, distribution_pair, log_base


def _pair(p_true: ArrayLike, p_model: ArrayLike, axis: int) -> tuple[FloatArray, FloatArray]:
    return distribution_pair(p_true, p_model, axis, ("p_true", "p_model"))


def entropy(p: ArrayLike, axis: int = -1, base: float | None = None) -> FloatArray:
    r"""Shannon entropy of a distribution along ``axis``, with :math:`0 \log 0 = 0`.

    .. math:: H(P) = -\sum_k P(k) \log_b P(k)

    in nats (``base=None``, natural log) or in base ``base`` (2: bits).

    >>> round(float(entropy([0.5, 0.5])), 6)  # log 2
    0.693147
    >>> float(entropy([0.5, 0.5], base=2))  # one bit
    1.0
    >>> float(entropy([1.0, 0.0]))
    0.0
    """
    divisor = log_base(base)
    arr = as_distribution(p, "p", axis)
    return np.asarray(special.entr(arr).sum(axis=axis) / divisor, dtype=np.float64)


def cross_entropy(
    p_true: ArrayLike, p_model: ArrayLike, axis: int = -1, base: float | None = None
) -> FloatArray:
    r"""Cross-entropy of the model distribution relative to the true one, in nats
    (``base=None``) or in base ``base``.

    .. math:: H(P^*, P) = -\sum_k P^*(k) \log_b P(k)

    It is ``+inf`` (never NaN) where :math:`P^*(k) > 0` and :math:`P(k) = 0`; terms with
    :math:`P^*(k) = 0` contribute 0.

    >>> round(float(cross_entropy([1.0, 0.0], [0.25, 0.75])), 6)  # -log 0.25
    1.386294
    >>> float(cross_entropy([1.0, 0.0], [0.25, 0.75], base=2))  # -log2 0.25
    2.0
    >>> float(cross_entropy([0.0, 1.0], [1.0, 0.0]))
    inf
    """
    divisor = log_base(base)
    t, m = _pair(p_true, p_model, axis)
    return np.asarray(-special.xlogy(t, m).sum(axis=axis) / divisor + 0.0, dtype=np.float64)


def kl_divergence(
    p_true: ArrayLike, p_model: ArrayLike, axis: int = -1, base: float | None = None
) -> FloatArray:
    r"""Kullback-Leibler divergence of the model from the true distribution, in nats
    (``base=None``) or in base ``base``.

    .. math:: D_{\mathrm{KL}}(P^* \,\|\, P) = \sum_k P^*(k) \log_b \frac{P^*(k)}{P(k)}
              = H(P^*, P) - H(P^*) \ge 0

    Gibbs' inequality makes it non-negative for exact distributions; inputs accepted
    within the sum tolerance (or rounding in the sum) can push the computed sum a hair
    below 0, so the result is clipped at 0 to keep the inequality the scenes rely on.

    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> round(float(kl_divergence([1.0, 0.0], [0.5, 0.5])), 6)  # log 2
    0.693147
    >>> float(kl_divergence([1.0, 0.0], [0.5, 0.5], base=2))
    1.0
    """
    divisor = log_base(base)
    t, m = _pair(p_true, p_model, axis)
    nats = np.maximum(special.rel_entr(t, m).sum(axis=axis), 0.0)
    return np.asarray(nats / divisor, dtype=np.float64)
