r"""Why cross-entropy takes logits: softmax-then-log computed naively, and stably.

The textbook recipe, :math:`p_k = e^{s_k} / \sum_j e^{s_j}` and then :math:`-\log p_y`,
breaks in float64 once a logit passes about 709.78 (:math:`e^{710}` overflows to
``inf``, and ``inf / inf`` is ``nan``) or once a probability falls below about
:math:`10^{-308}` (it rounds to 0, and :math:`\log 0 = -\infty`). Subtracting the largest
logit first changes no probability (softmax is shift-invariant) and keeps every
exponential in :math:`(0, 1]`; the loss then reads

.. math:: \mathrm{CE}(s, y) = \operatorname{logsumexp}(s) - s_y,

which every framework computes from the logits. Its gradient is
:math:`\operatorname{softmax}(s) - \operatorname{onehot}(y)`
(:func:`mathcore.cross_entropy_grad_logits`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._validate import FloatArray, as_logits, check_axis, log_base, target_distribution


class NaiveSoftmax(NamedTuple):
    """Every step of softmax-then-log as float64 computes it, overflow and all."""

    exps: FloatArray  #: :math:`e^{s_k}`: ``inf`` above about 709.78, 0 below about -745
    total: FloatArray  #: :math:`\sum_k e^{s_k}` (the class axis kept, length 1)
    probs: FloatArray  #: ``exps / total``: ``nan`` for ``inf / inf``, 0 for an underflow
    log_probs: FloatArray  #: :math:`\log p_k`: ``nan`` after a ``nan``, ``-inf`` for 0


def naive_softmax_log(logits: ArrayLike, axis: int = -1) -> NaiveSoftmax:
    r"""Softmax and its log computed the textbook way, without the shift: what float64
    gives, ``inf`` and ``nan`` included (no warning is raised).

    .. math:: p_k = \frac{e^{s_k}}{\sum_j e^{s_j}}, \qquad \log p_k

    >>> naive = naive_softmax_log([1000.0, 999.0, 0.0])
    >>> naive.exps.tolist(), naive.total.tolist()
    ([inf, inf, 1.0], [inf])
    >>> naive.probs.tolist(), naive.log_probs.tolist()
    ([nan, nan, 0.0], [nan, nan, -inf])
    >>> [round(v, 4) for v in naive_softmax_log([2.0, 1.0]).probs.tolist()]
    [0.7311, 0.2689]
    """
    z = as_logits(logits, "logits", axis)
    with np.errstate(all="ignore"):
        exps = np.exp(z)
        total = exps.sum(axis=axis, keepdims=True)
        probs = exps / total
        log_probs = np.log(probs)
    return NaiveSoftmax(exps, total, probs, log_probs)


def naive_cross_entropy(
    target: ArrayLike, logits: ArrayLike, axis: int = -1, base: float | None = None
) -> FloatArray:
    r"""Cross-entropy as :math:`-\sum_k P^*(k) \log_b p_k` of the naive softmax
    (:func:`naive_softmax_log`): ``nan`` or ``inf`` where float64 overflows or rounds a
    probability to 0, the stable :func:`mathcore.cross_entropy_from_logits` elsewhere.

    ``target`` is integer class indices or probability vectors, as there.

    >>> float(naive_cross_entropy(0, [1000.0, 999.0, 0.0]))
    nan
    >>> float(naive_cross_entropy(2, [1000.0, 999.0, 0.0]))
    inf
    >>> round(float(naive_cross_entropy(0, [2.0, 1.0])), 6)
    0.313262
    """
    divisor = log_base(base)
    z = as_logits(logits, "logits", axis)
    t = target_distribution(target, z, axis)
    log_p = naive_softmax_log(z, axis).log_probs
    with np.errstate(all="ignore"):
        terms = np.where(t > 0, t * log_p, 0.0)  # the terms the target weighs, as computed
        return np.asarray(-terms.sum(axis=axis) / divisor + 0.0, dtype=np.float64)


def shifted_logits(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""The logits minus their largest: :math:`s_k - \max_j s_j`, every one :math:`\le 0`,
    so every :math:`e^{s_k - \max s}` is in :math:`(0, 1]` and their sum in :math:`[1, K]`.

    The softmax of the shifted logits is the softmax of the logits.

    >>> shifted_logits([1000.0, 999.0, 0.0]).tolist()
    [0.0, -1.0, -1000.0]
    """
    z = as_logits(logits, "logits", axis)
    check_axis(z, axis, "logits")
    return np.asarray(z - z.max(axis=axis, keepdims=True), dtype=np.float64)


def logsumexp(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""The log of the sum of exponentials, computed from the shifted logits
    (``scipy.special.logsumexp``): exact where the naive sum overflows.

    .. math:: \operatorname{logsumexp}(s) = \log \sum_k e^{s_k}
              = \max_j s_j + \log \sum_k e^{s_k - \max_j s_j}

    >>> round(float(logsumexp([1000.0, 999.0, 0.0])), 6)  # 1000 + log(1 + e^-1)
    1000.313262
    """
    z = as_logits(logits, "logits", axis)
    check_axis(z, axis, "logits")
    return np.asarray(special.logsumexp(z, axis=axis), dtype=np.float64)
