"""Rules across a scene's parameters, for ``ParamSet(..., rules=...)``.

Each returns a :class:`scenes.params.Rule`: a line for ``render.py --params`` and a
check that names the problem in one line (``logits has 2 values but class_names has 4``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from .params import Rule, show
from .textwidth import name_room, text_width
from .theme import TypeScale


def same_length(*names: str) -> Rule:
    """Lists ``names`` have one entry each per class: ``logits has 2 values but ...``."""

    def check(values: Mapping[str, Any]) -> str | None:
        first, count = names[-1], len(values[names[-1]])
        for name in names[:-1]:
            if len(values[name]) != count:
                return f"{name} has {len(values[name])} values but {first} has {count}"
        return None

    return Rule(f"{', '.join(names)}: one entry each (as many as {names[-1]})", check)


def index_into(index: str, names: str) -> Rule:
    """``index`` counts from 0 into the list ``names``."""

    def check(values: Mapping[str, Any]) -> str | None:
        count = len(values[names])
        if not 0 <= values[index] < count:
            return f"{index} {values[index]} is not a class: {names} has {count} (0 to {count - 1})"
        return None

    return Rule(f"{index} is one of {names}, counted from 0", check)


def distinct(name: str) -> Rule:
    def check(values: Mapping[str, Any]) -> str | None:
        seen = [v for i, v in enumerate(values[name]) if v in values[name][:i]]
        return f"{name} repeats {seen[0]!r}; every entry must differ" if seen else None

    return Rule(f"{name}: no two the same", check)


def sums_to_one(name: str, tolerance: float = 1e-9) -> Rule:
    """A distribution: refused (not normalised) unless it sums to 1 within ``tolerance``."""

    def check(values: Mapping[str, Any]) -> str | None:
        total = math.fsum(values[name])
        if abs(total - 1.0) > tolerance:
            return (
                f"{name} sums to {total:.12g}, not 1 (within {tolerance:g}); "
                "it is refused, not normalised"
            )
        return None

    return Rule(f"{name} sums to 1 within {tolerance:g} (refused otherwise, not normalised)", check)


def increasing(name: str) -> Rule:
    """The list ``name`` rises strictly from left to right."""

    def check(values: Mapping[str, Any]) -> str | None:
        items = values[name]
        if any(b <= a for a, b in itertools.pairwise(items)):
            return f"{name} must increase from left to right, not {show(items)}"
        return None

    return Rule(f"{name} increases from left to right", check)


def decreasing(name: str) -> Rule:
    """The list ``name`` falls strictly from left to right."""

    def check(values: Mapping[str, Any]) -> str | None:
        items = values[name]
        if any(b >= a for a, b in itertools.pairwise(items)):
            return f"{name} must decrease from left to right, not {show(items)}"
        return None

    return Rule(f"{name} decreases from left to right", check)


def texts_fit(name: str, chart_width: float, font_size: float = TypeScale.small) -> Rule:
    """Each text of ``name`` labels one of the bars of a chart ``chart_width`` wide: at
    ``font_size`` it fits two bars' room (the names of a crowded chart take two staggered
    rows; see :mod:`scenes.components.fit`)."""

    def check(values: Mapping[str, Any]) -> str | None:
        count = len(values[name])
        room = name_room(chart_width / count, staggered=True)
        for item in values[name]:
            if text_width(item, font_size) > room:
                letters = int(room / text_width("n", font_size))
                return (
                    f"{name}: {item!r} is too wide to label one of {count} bars (about "
                    f"{letters} letters fit); use a shorter name or fewer classes"
                )
        return None

    return Rule(f"each of {name} fits under its bar (shorter names for more classes)", check)
