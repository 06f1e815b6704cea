"""Variant classes the scene tests share: one class object per (scene, values), so the
session's probe run of a variant (the ``scene_run`` fixture caches by class) is made once
however many test modules read it."""

from __future__ import annotations

import functools
from typing import Any

from scenes.params import variant_class


@functools.cache
def _variant(scene_cls: type, values: tuple[tuple[str, Any], ...]) -> type:
    return variant_class(scene_cls, dict(values))


def variant(scene_cls: type, **values: Any) -> type:
    """``scene_cls`` with ``values`` (hashable: tuples, not lists), the same class object
    for the same values."""
    return _variant(scene_cls, tuple(sorted(values.items())))
