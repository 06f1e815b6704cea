r"""The numeric core of the cross-entropy explainer: every number a scene draws.

numpy and scipy only; this package never imports manim. Probabilities are float64
arrays with the class axis last by default (``axis=-1``); targets come before
predictions, as in :math:`H(P^*, P)`. Bad input raises ``ValueError`` naming the
argument and the fault. Losses are in nats (natural log).
"""

from .activations import log_sigmoid, log_softmax, sigmoid, softmax, softmax_terms
from .binary import (
    bce_grad_logit,
    bce_grad_p,
    grad_vs_logit,
    grad_vs_p,
    loss_vs_p,
    squared_error,
    squared_error_grad_logit,
    squared_error_grad_p,
    two_class_softmax_equals_sigmoid,
)
from .information import cross_entropy, entropy, kl_divergence
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    cross_entropy_from_logits,
    cross_entropy_grad_logits,
    mse,
    mse_grad_logits,
)
from .stability import (
    NaiveSoftmax,
    logsumexp,
    naive_cross_entropy,
    naive_softmax_log,
    shifted_logits,
)
from .training import Trajectory, train_sigmoid_neuron

__all__ = [
    "NaiveSoftmax",
    "Trajectory",
    "bce_grad_logit",
    "bce_grad_p",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "cross_entropy",
    "cross_entropy_from_logits",
    "cross_entropy_grad_logits",
    "entropy",
    "grad_vs_logit",
    "grad_vs_p",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "loss_vs_p",
    "mse",
    "mse_grad_logits",
    "naive_cross_entropy",
    "naive_softmax_log",
    "shifted_logits",
    "sigmoid",
    "softmax",
    "softmax_terms",
    "squared_error",
    "squared_error_grad_logit",
    "squared_error_grad_p",
    "train_sigmoid_neuron",
    "two_class_softmax_equals_sigmoid",
]
