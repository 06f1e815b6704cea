"""mathcore's input contract: bad input raises ValueError naming the argument and the fault;
good input comes back as a float64 ndarray.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from mathcore_helpers import assert_float64_array

import mathcore as mc

pytestmark = pytest.mark.filterwarnings("error")

NAN, INF = math.nan, math.inf
P2 = [0.5, 0.5]
P3 = [0.2, 0.3, 0.5]


def case(fn: Callable[..., object], *args: object, match: str, **kwargs: object) -> object:
    label = f"{fn.__name__}-{match}"
    return pytest.param(fn, args, kwargs, match, id=label)


DISTRIBUTION_FAULTS = [
    # (bad probability vector, the fault the message states)
    ([-0.1, 1.1], "has negative entries"),
    ([1.5, -0.5], "has negative entries"),
    ([0.5, 1.2], "has entries above 1"),
    ([NAN, 1.0], "has non-finite entries"),
    ([INF, 0.0], "has non-finite entries"),
    ([0.5, 0.6], r"sums to 1\.1 along axis -1, not 1"),
    ([0.3, 0.3], r"sums to 0\.6 along axis -1"),
    ([0.5, 0.5 + 2e-6], r"sums to 1\.000002"),
    ([[0.5, 0.5], [0.9, 0.2]], r"sums to 1\.1 along axis -1"),
    ("abc", "must be an array of real numbers"),
    ([1 + 1j, 0.0], "must be an array of real numbers"),
    ([], "has no classes along axis -1"),
]

BAD_CASES = [
    # probability vectors, each argument named
    *[case(mc.entropy, bad, match=f"^p {fault}") for bad, fault in DISTRIBUTION_FAULTS],
    *[
        case(mc.cross_entropy, bad, P2, match=f"^p_true {fault}")
        for bad, fault in DISTRIBUTION_FAULTS
    ],
    *[
        case(mc.cross_entropy, P2, bad, match=f"^p_model {fault}")
        for bad, fault in DISTRIBUTION_FAULTS
    ],
    *[
        case(mc.kl_divergence, bad, P2, match=f"^p_true {fault}")
        for bad, fault in DISTRIBUTION_FAULTS
    ],
    *[
        case(mc.kl_divergence, P2, bad, match=f"^p_model {fault}")
        for bad, fault in DISTRIBUTION_FAULTS
    ],
    *[
        case(mc.cross_entropy_from_logits, bad, [0.0, 1.0], match=f"^target {fault}")
        for bad, fault in DISTRIBUTION_FAULTS[:9]
    ],
    *[
        case(mc.cross_entropy_grad_logits, bad, [0.0, 1.0], match=f"^target {fault}")
        for bad, fault in DISTRIBUTION_FAULTS[:9]
    ],
    *[
        case(mc.mse_grad_logits, bad, [0.0, 1.0], match=f"^target {fault}")
        for bad, fault in DISTRIBUTION_FAULTS[:9]
    ],
    case(mc.entropy, 0.5, match="^p is a scalar"),
    case(mc.entropy, P2, axis=1, match="axis 1 is out of range for p"),
    case(mc.entropy, P2, axis=1.0, match="axis must be an integer"),
    # shapes that do not match
    case(mc.cross_entropy, P3, P2, match="p_true has 3 classes along axis -1 but p_model has 2"),
    case(mc.kl_divergence, [P2, P2], [P3], match="p_true has 2 classes .* p_model has 3"),
    case(mc.cross_entropy, [P2, P2, P2], [P2, P2], match=r"p_true shape \(3, 2\) and p_model"),
    case(mc.cross_entropy, P3, [[1.0], [1.0]], match="p_model has 1 class.* p_true has 3"),
    case(mc.kl_divergence, [[1.0]], P3, match="p_true has 1 class.* p_model has 3"),
    case(mc.cross_entropy, [0.4, 0.6], [[0.5, 0.3], [0.5, 0.7]], axis=0, match="p_true"),
    case(mc.cross_entropy_from_logits, P3, [0.0, 1.0], match="^target .*logits"),
    case(mc.cross_entropy_from_logits, [P2, P2], [[0.0, 1.0]] * 3, match="^target .*logits"),
    case(mc.cross_entropy_from_logits, [0, 1], [0.0, 1.0], match=r"^target .*shape must be \(\)"),
    case(mc.cross_entropy_from_logits, [0], [[0.0, 1.0]] * 2, match=r"shape must be \(2,\)"),
    case(mc.mse, [1.0, 2.0], [1.0, 2.0, 3.0], match=r"y shape \(2,\) and y_hat shape \(3,\)"),
    case(mc.mse, [1.0, 2.0], [1.0, 2.0], axis=1, match="axis 1 is out of range for y"),
    case(mc.binary_cross_entropy, [1.0, 0.0], [0.5, 0.5, 0.5], match="y shape .* p shape"),
    case(mc.binary_cross_entropy_from_logits, [1.0, 0.0], [0.5] * 3, match="y shape .* z shape"),
    case(mc.squared_error, [1.0, 0.0], [0.5] * 3, match="y shape .* p shape"),
    case(mc.bce_grad_p, [1.0, 0.0], [0.5] * 3, match="y shape .* p shape"),
    case(mc.two_class_softmax_equals_sigmoid, [1.0, 0.0], [0.5] * 3, match="s1 shape .* s0 shape"),
    # class indices out of range, negative too
    case(
        mc.cross_entropy_from_logits, 2, [0.0, 1.0], match="^target has class index 2 out of range"
    ),
    case(
        mc.cross_entropy_from_logits,
        -1,
        [0.0, 1.0],
        match="^target has class index -1 out of range",
    ),
    case(mc.cross_entropy_from_logits, [0, 3], [P3, P3], match="class index 3 out of range"),
    case(mc.cross_entropy_grad_logits, 5, P3, match="^target has class index 5"),
    case(mc.cross_entropy_grad_logits, -2, P3, match="^target has class index -2"),
    case(mc.mse_grad_logits, 3, P3, match="^target has class index 3"),
    case(mc.mse_grad_logits, -1, P3, match="^target has class index -1"),
    case(mc.cross_entropy_from_logits, True, [0.0, 1.0], match="^target is boolean"),
    # non-finite logits
    *[
        case(fn, [0.0, bad], match="^logits has non-finite entries")
        for fn in (mc.softmax, mc.log_softmax)
        for bad in (NAN, INF, -INF)
    ],
    *[
        case(fn, 0, [0.0, bad], match="^logits has non-finite entries")
        for fn in (mc.cross_entropy_from_logits, mc.cross_entropy_grad_logits, mc.mse_grad_logits)
        for bad in (NAN, INF)
    ],
    *[
        case(fn, [NAN, 0.0], match="^z has non-finite entries")
        for fn in (mc.sigmoid, mc.log_sigmoid)
    ],
    *[
        case(fn, 1.0, INF, match="^z has non-finite entries")
        for fn in (
            mc.binary_cross_entropy_from_logits,
            mc.bce_grad_logit,
            mc.squared_error_grad_logit,
        )
    ],
    case(mc.two_class_softmax_equals_sigmoid, NAN, 0.0, match="^s1 has non-finite"),
    case(mc.two_class_softmax_equals_sigmoid, 0.0, INF, match="^s0 has non-finite"),
    case(mc.softmax, 3.0, match="^logits is a scalar"),
    case(mc.softmax, [], match="^logits has no classes along axis -1"),
    case(mc.softmax, [[1.0, 2.0]], axis=2, match="axis 2 is out of range for logits"),
    case(mc.softmax, "logits", match="^logits must be an array of real numbers"),
    case(mc.softmax, [[1.0, 2.0], [3.0]], match="^logits must be an array of real numbers"),
    case(mc.cross_entropy_from_logits, 0, [], match="^logits has no classes"),
    # mse and binary losses: finite, labels and probabilities in [0, 1]
    case(mc.mse, [NAN], [1.0], match="^y has non-finite entries"),
    case(mc.mse, [1.0], [INF], match="^y_hat has non-finite entries"),
    case(mc.mse, [], [], match="^y has no entries along axis -1"),
    *[
        case(fn, 1.5, 0.5, match="^y has entries above 1")
        for fn in (
            mc.binary_cross_entropy,
            mc.squared_error,
            mc.bce_grad_p,
            mc.squared_error_grad_p,
        )
    ],
    *[
        case(fn, 0.5, -0.1, match="^p has negative entries")
        for fn in (
            mc.binary_cross_entropy,
            mc.squared_error,
            mc.bce_grad_p,
            mc.squared_error_grad_p,
        )
    ],
    *[
        case(fn, 0.5, NAN, match="^p has non-finite entries")
        for fn in (
            mc.binary_cross_entropy,
            mc.squared_error,
            mc.bce_grad_p,
            mc.squared_error_grad_p,
        )
    ],
    *[
        case(fn, -0.5, 0.0, match="^y has negative entries")
        for fn in (
            mc.binary_cross_entropy_from_logits,
            mc.bce_grad_logit,
            mc.squared_error_grad_logit,
        )
    ],
    case(mc.loss_vs_p, [0.5, 1.5], match="^p has entries above 1"),
    case(mc.grad_vs_p, [0.5], y=2.0, match="^y has entries above 1"),
    case(mc.grad_vs_logit, [NAN], match="^z has non-finite entries"),
    # training
    case(mc.train_sigmoid_neuron, "mae", match="^loss must be 'ce' or 'mse'"),
    case(mc.train_sigmoid_neuron, "ce", steps=-1, match="^steps must be a non-negative integer"),
    case(mc.train_sigmoid_neuron, "ce", steps=2.5, match="^steps must be a non-negative integer"),
    case(mc.train_sigmoid_neuron, "ce", steps=True, match="^steps must be a non-negative integer"),
    case(mc.train_sigmoid_neuron, "ce", w0=NAN, match="^w0 must be finite"),
    case(mc.train_sigmoid_neuron, "ce", b0=INF, match="^b0 must be finite"),
    case(mc.train_sigmoid_neuron, "ce", x=-INF, match="^x must be finite"),
    case(mc.train_sigmoid_neuron, "ce", learning_rate=NAN, match="^learning_rate must be finite"),
    case(mc.train_sigmoid_neuron, "ce", learning_rate=0.0, match="^learning_rate must be positive"),
    case(
        mc.train_sigmoid_neuron, "ce", learning_rate=-1.0, match="^learning_rate must be positive"
    ),
    case(mc.train_sigmoid_neuron, "ce", y=1.5, match=r"^y must be in \[0, 1\]"),
    case(mc.train_sigmoid_neuron, "ce", y=NAN, match="^y must be"),
    case(mc.train_sigmoid_neuron, "ce", w0="big", match="^w0 must be a real number"),
    case(mc.train_sigmoid_neuron, "ce", x=[1.0, 2.0], match="^x must be a real number"),
    case(mc.train_sigmoid_neuron, "ce", y="one", match="^y must be a real number"),
    case(mc.train_sigmoid_neuron, "ce", learning_rate=None, match="^learning_rate must be a real"),
    case(mc.train_sigmoid_neuron, "ce", w0=1e308, x=10.0, match="^w0 \\* x \\+ b0 overflows"),
    case(mc.train_sigmoid_neuron, "ce", learning_rate=1e308, x=10.0, match="diverged at step 1"),
    case(mc.softmax_terms, [709.0, 709.0, 709.0], match="^logits are too large to exponentiate"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "match"), BAD_CASES)
def test_bad_input_raises_value_error_naming_the_argument(
    fn: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(ValueError, match=match) as info:
        fn(*args, **kwargs)
    assert "\n" not in str(info.value), "the message is one line"


GOOD_CALLS = [
    (mc.softmax, ([1.0, 2.0],)),
    (mc.log_softmax, ([[1, 2], [3, 4]],)),
    (mc.sigmoid, (0,)),
    (mc.sigmoid, ([0, 1],)),
    (mc.log_sigmoid, (0,)),
    (mc.entropy, (P2,)),
    (mc.entropy, ([P2, P2],)),
    (mc.cross_entropy, (P2, P2)),
    (mc.kl_divergence, (P2, [1, 0])),
    (mc.cross_entropy_from_logits, (0, [0, 1])),
    (mc.cross_entropy_from_logits, (np.int32(1), (0, 1))),
    (mc.cross_entropy_grad_logits, (0, [0, 1])),
    (mc.mse, (1, 0)),
    (mc.mse, ([1, 0], [0, 0])),
    (mc.mse_grad_logits, ([1.0, 0.0], [0, 1])),
    (mc.binary_cross_entropy, (1, 0.5)),
    (mc.binary_cross_entropy_from_logits, (1, 0)),
    (mc.squared_error, (1, 0.25)),
    (mc.bce_grad_p, (1, 0.25)),
    (mc.squared_error_grad_p, (1, 0.25)),
    (mc.bce_grad_logit, (1, 0)),
    (mc.squared_error_grad_logit, (1, 0)),
]


@pytest.mark.parametrize(("fn", "args"), GOOD_CALLS, ids=lambda v: getattr(v, "__name__", ""))
def test_array_like_in_float64_ndarray_out(fn: Callable[..., object], args: tuple) -> None:
    assert_float64_array(fn(*args))


@pytest.mark.parametrize("fn", [mc.loss_vs_p, mc.grad_vs_p])
def test_curves_are_float64_ndarrays(fn: Callable[..., dict[str, np.ndarray]]) -> None:
    for value in fn(0.5).values():
        assert_float64_array(value)


def test_two_class_softmax_equals_sigmoid_returns_float64_ndarrays() -> None:
    for value in mc.two_class_softmax_equals_sigmoid(0, 1):
        assert_float64_array(value)


def test_inputs_are_not_modified() -> None:
    p_true = np.array([[0.2, 0.8], [1.0, 0.0]])
    logits = np.array([[3.0, -1.0], [0.0, 0.0]])
    before = (p_true.copy(), logits.copy())
    mc.cross_entropy(p_true, mc.softmax(logits))
    mc.cross_entropy_grad_logits(p_true, logits)
    mc.mse_grad_logits(p_true, logits)
    np.testing.assert_array_equal(p_true, before[0])
    np.testing.assert_array_equal(logits, before[1])


def test_public_api_is_complete() -> None:
    for name in mc.__all__:
        assert callable(getattr(mc, name)), name
    expected = {
        "softmax", "log_softmax", "sigmoid", "entropy", "cross_entropy", "kl_divergence",
        "cross_entropy_from_logits", "binary_cross_entropy", "binary_cross_entropy_from_logits",
        "mse", "cross_entropy_grad_logits", "mse_grad_logits", "bce_grad_p",
        "squared_error_grad_p", "bce_grad_logit", "squared_error_grad_logit",
        "train_sigmoid_neuron", "Trajectory",
    }  # fmt: skip
    assert expected <= set(mc.__all__)
