"""Cutting a curve where it leaves a plot's y range, so a plot shows only what is inside
its axes and knows where each curve left (to draw an arrow there)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def clip_polyline(
    x: Sequence[float], y: Sequence[float], y_min: float, y_max: float
) -> tuple[list[np.ndarray], list[tuple[float, float, int]]]:
    """Split the polyline ``(x, y)`` into runs that stay inside ``[y_min, y_max]``.

    Each run ends exactly where the polyline crosses a bound (linear interpolation
    between the two samples either side). Non-finite ``y`` (``inf`` where a loss is
    infinite) counts as outside, beyond the bound its sign points to.

    Returns ``(runs, exits)``: ``runs`` is a list of ``(n, 2)`` arrays of ``(x, y)``;
    ``exits`` lists every crossing as ``(x, bound, direction)`` with direction ``+1``
    when the curve is beyond the top there and ``-1`` beyond the bottom.

    >>> runs, exits = clip_polyline([0, 1, 2], [0.0, 2.0, 4.0], 0.0, 3.0)
    >>> runs[0].tolist(), exits
    ([[0.0, 0.0], [1.0, 2.0], [1.5, 3.0]], [(1.5, 3.0, 1)])
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError(f"x and y must be 1-d and equally long, got {xs.shape} and {ys.shape}")
    if not np.all(np.isfinite(xs)):
        raise ValueError("x has non-finite entries")
    inside = np.isfinite(ys) & (ys >= y_min) & (ys <= y_max)
    runs: list[np.ndarray] = []
    exits: list[tuple[float, float, int]] = []
    current: list[tuple[float, float]] = []

    def crossing(i_out: int, i_in: int) -> tuple[float, float, int]:
        above = not ys[i_out] < y_min  # +inf and NaN count as above
        bound = y_max if above else y_min
        if not np.isfinite(ys[i_out]):
            return float(xs[i_in]), float(bound), 1 if above else -1
        t = (bound - ys[i_in]) / (ys[i_out] - ys[i_in])
        return float(xs[i_in] + t * (xs[i_out] - xs[i_in])), float(bound), 1 if above else -1

    for i in range(len(xs)):
        if inside[i]:
            if not current and i > 0:
                exits.append(crossing(i - 1, i))
                current.append(exits[-1][:2])
            current.append((float(xs[i]), float(ys[i])))
        elif current:
            exits.append(crossing(i, i - 1))
            current.append(exits[-1][:2])
            runs.append(np.array(current))
            current = []
    if current:
        runs.append(np.array(current))
    return runs, exits


__all__ = ["clip_polyline"]
