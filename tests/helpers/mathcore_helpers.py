"""Shared pieces of the mathcore tests: Hypothesis settings and strategies, finite differences.

Not a test module (no ``test_`` prefix); the test files import it through the
``sys.path`` entry that ``tests/conftest.py`` adds.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

#: Every mathcore property test: a few dozen examples and no per-example deadline, so the
#: whole mathcore suite stays fast on a shared two-core machine and never flakes on timing.
#: ``MATHCORE_EXAMPLES=2000 pytest tests/test_mathcore_*.py`` runs a deeper search.
fast = settings(max_examples=int(os.environ.get("MATHCORE_EXAMPLES", "40")), deadline=None)


def shapes(min_dims: int = 1, max_dims: int = 3) -> st.SearchStrategy[tuple[int, ...]]:
    """Small array shapes: 1 to 5 entries per axis."""
    return array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=5)


def finite_floats(bound: float) -> st.SearchStrategy[float]:
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def logit_arrays(
    bound: float = 30.0, min_dims: int = 1, max_dims: int = 3
) -> st.SearchStrategy[np.ndarray]:
    """Float64 logits in [-bound, bound], class axis last."""
    return arrays(np.float64, shapes(min_dims, max_dims), elements=finite_floats(bound))


@st.composite
def distributions(
    draw: st.DrawFn, shape: tuple[int, ...] | None = None, zeros: bool = True
) -> np.ndarray:
    """Probability vectors along the last axis, with exact zeros when ``zeros``."""
    if shape is None:
        shape = draw(shapes())
    entry = st.one_of(st.just(0.0), st.floats(1e-3, 1.0)) if zeros else st.floats(1e-3, 1.0)
    raw = draw(arrays(np.float64, shape, elements=entry))
    empty = raw.sum(axis=-1, keepdims=True) == 0
    raw = np.where(empty & (np.arange(shape[-1]) == 0), 1.0, raw)
    return raw / raw.sum(axis=-1, keepdims=True)


@st.composite
def distribution_pairs(
    draw: st.DrawFn, zeros_true: bool = True, zeros_model: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Two batches of probability vectors of one shape: (p_true, p_model)."""
    shape = draw(shapes())
    return draw(distributions(shape, zeros_true)), draw(distributions(shape, zeros_model))


@st.composite
def targets_and_logits(draw: st.DrawFn, bound: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    """Logits and a matching target: integer class indices or probability vectors."""
    z = draw(logit_arrays(bound))
    if draw(st.booleans()):
        target = draw(arrays(np.int64, z.shape[:-1], elements=st.integers(0, z.shape[-1] - 1)))
    else:
        target = draw(distributions(z.shape))
    return target, z


def one_hot(indices: np.ndarray, n_classes: int) -> np.ndarray:
    """Integer class indices as one-hot float vectors along a new last axis."""
    return np.eye(n_classes)[np.asarray(indices)]


def central_difference(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """The gradient of the scalar ``f`` at ``x`` by central differences, entry by entry."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


def rows(a: np.ndarray) -> list[tuple[int, ...]]:
    """Every batch index of ``a`` (all axes but the last)."""
    return list(np.ndindex(a.shape[:-1]))


def assert_float64_array(result: object) -> None:
    """The result contract: a float64 ``ndarray`` (0-d for one value), not a numpy scalar."""
    assert isinstance(result, np.ndarray), f"{type(result).__name__} is not an ndarray"
    assert result.dtype == np.float64
