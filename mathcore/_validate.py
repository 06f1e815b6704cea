"""Input checks shared by every public function: validate once, at the top.

Every failure raises ``ValueError`` whose message names the argument and the fault,
in the style of ``scipy.stats.entropy`` (``p_true has negative entries``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: How far a probability vector may sum away from 1 along its axis.
SUM_TOLERANCE = 1e-6

FloatArray = NDArray[np.float64]


def as_finite(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a float64 array; every entry must be finite."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers ({exc})") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} has non-finite entries (NaN or inf)")
    return arr


def as_unit_interval(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a float64 array of values in [0, 1] (probabilities or binary labels)."""
    arr = as_finite(x, name)
    if np.any(arr < 0):
        raise ValueError(f"{name} has negative entries (min {arr.min():.6g})")
    if np.any(arr > 1):
        raise ValueError(f"{name} has entries above 1 (max {arr.max():.6g})")
    return arr


def check_axis(arr: FloatArray, axis: int, name: str) -> int:
    """The class axis as a non-negative index into ``arr.shape``; it must hold a class."""
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise ValueError(f"axis must be an integer, not {axis!r}")
    if arr.ndim == 0:
        raise ValueError(f"{name} is a scalar; it needs a class axis (axis={axis})")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {arr.ndim} dimension(s)")
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} has no classes along axis {axis} (shape {arr.shape})")
    return int(axis) % arr.ndim


def check_sums(arr: FloatArray, name: str, axis: int) -> None:
    """Every vector along ``axis`` must sum to 1 within :data:`SUM_TOLERANCE`."""
    sums = arr.sum(axis=axis)
    worst = np.max(np.abs(sums - 1.0)) if sums.size else 0.0
    if worst > SUM_TOLERANCE:
        bad = np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))]
        raise ValueError(
            f"{name} sums to {bad:.10g} along axis {axis}, not 1 (tolerance {SUM_TOLERANCE:g})"
        )


def as_distribution(p: ArrayLike, name: str, axis: int) -> FloatArray:
    """``p`` as float64 probability vectors along ``axis``: in [0, 1] and summing to 1."""
    arr = as_unit_interval(p, name)
    check_axis(arr, axis, name)
    check_sums(arr, name, axis)
    return arr


def distribution_pair(
    a: ArrayLike, b: ArrayLike, axis: int, names: tuple[str, str]
) -> tuple[FloatArray, FloatArray]:
    """Two batches of probability vectors, broadcast together over every axis but ``axis``.

    As in NumPy and ``scipy.stats.entropy``, ``axis`` indexes the broadcast shape. The
    class axis itself never broadcasts: both arguments must have it, with one length
    (a 1-class distribution is not stretched into a K-class one).
    """
    x, y = as_unit_interval(a, names[0]), as_unit_interval(b, names[1])
    if x.ndim == y.ndim:
        check_axis(x, axis, names[0])
        check_axis(y, axis, names[1])
        same_class_axis(x, y, axis, names)
    for arr, name in zip((x, y), names, strict=True):
        if arr.ndim == 0:
            check_axis(arr, axis, name)  # raises: a scalar has no class axis
    xb, yb = broadcast_pair(x, y, names)
    ax = check_axis(xb, axis, names[0] if x.ndim >= y.ndim else names[1])
    for arr, name, other in ((x, names[0], names[1]), (y, names[1], names[0])):
        own = ax - (xb.ndim - arr.ndim)
        if own < 0:
            raise ValueError(
                f"{name} shape {arr.shape} has no class axis {axis} of the broadcast shape "
                f"{xb.shape}; give both arguments the class axis"
            )
        if arr.shape[own] != xb.shape[ax]:
            raise ValueError(
                f"{name} has {arr.shape[own]} class(es) along axis {axis} but {other} has "
                f"{xb.shape[ax]}"
            )
    check_sums(xb, names[0], axis)
    check_sums(yb, names[1], axis)
    return xb, yb


def as_logits(z: ArrayLike, name: str, axis: int | None = None) -> FloatArray:
    """``z`` as finite float64 logits; with ``axis`` given, it must exist."""
    arr = as_finite(z, name)
    if axis is not None:
        check_axis(arr, axis, name)
    return arr


def broadcast_pair(
    a: FloatArray, b: FloatArray, names: tuple[str, str]
) -> tuple[FloatArray, FloatArray]:
    """Broadcast two arrays together, or say which shapes do not fit."""
    try:
        xb, yb = np.broadcast_arrays(a, b)
        return xb, yb
    except ValueError:
        raise ValueError(
            f"{names[0]} shape {a.shape} and {names[1]} shape {b.shape} do not match "
            "(they must be equal or broadcast together)"
        ) from None


def same_class_axis(a: FloatArray, b: FloatArray, axis: int, names: tuple[str, str]) -> None:
    """Both arrays must have the same number of classes along ``axis``."""
    if a.shape[axis] != b.shape[axis]:
        raise ValueError(
            f"{names[0]} has {a.shape[axis]} classes along axis {axis} but {names[1]} has "
            f"{b.shape[axis]}"
        )


def target_distribution(
    target: ArrayLike, logits: FloatArray, axis: int, name: str = "target"
) -> FloatArray:
    """Class indices or probability vectors as probability vectors shaped like ``logits``.

    Integer ``target`` holds class indices, with the shape of ``logits`` less the class
    axis; anything else is read as probability vectors along ``axis``.
    """
    raw = np.asarray(target)
    ax = check_axis(logits, axis, "logits")
    n_classes = logits.shape[ax]
    if raw.dtype == np.bool_:
        raise ValueError(
            f"{name} is boolean; pass integer class indices or float probability vectors"
        )
    if np.issubdtype(raw.dtype, np.integer):
        expected = logits.shape[:ax] + logits.shape[ax + 1 :]
        if raw.shape != expected:
            raise ValueError(
                f"{name} holds integer class indices, so its shape must be {expected} "
                f"(logits without the class axis), not {raw.shape}; pass float probability "
                "vectors for one-hot or soft targets"
            )
        if raw.size and (raw.min() < 0 or raw.max() >= n_classes):
            bad = raw.min() if raw.min() < 0 else raw.max()
            raise ValueError(
                f"{name} has class index {bad} out of range [0, {n_classes - 1}] "
                f"for {n_classes} classes"
            )
        one_hot = np.moveaxis(np.eye(n_classes, dtype=np.float64)[raw], -1, ax)
        return one_hot
    dist = as_distribution(raw, name, axis)
    if dist.ndim != logits.ndim or dist.shape[ax] != n_classes:
        raise ValueError(
            f"{name} shape {dist.shape} does not match logits shape {logits.shape} "
            f"({n_classes} classes along axis {axis})"
        )
    dist, _ = broadcast_pair(dist, logits, (name, "logits"))
    return np.array(dist, dtype=np.float64)


def log_base(base: float | None) -> float:
    """The natural log of a logarithm's ``base``, to divide a value in nats by.

    ``None`` is the natural log (nats, divisor 1); ``2`` gives bits. As in
    ``scipy.stats.entropy``, any positive base other than 1 is allowed.
    """
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, int | float | np.integer | np.floating):
        raise ValueError(f"base must be a positive number other than 1, or None, not {base!r}")
    value = float(base)
    if not np.isfinite(value) or value <= 0 or value == 1:
        raise ValueError(f"base must be a positive number other than 1, or None, not {base!r}")
    return float(np.log(value))
