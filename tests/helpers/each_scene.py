"""What the suite-wide tests run over, read from ``scenes.registry`` and from what each
scene declares, so that a scene added to the registry is in every list with no test edit.

- :data:`THEMES`, :data:`EACH_SCENE`, :data:`EACH_SCENE_AND_THEME`: pytest parameters
  (ids ``softmax``, ``softmax-dark``);
- :func:`params_of`: the scene's ``PARAMS``, read the way render.py reads it
  (:func:`renderkit.plan.variants.param_set`; an empty set for a scene with none);
- :data:`INFORMATION_ROLES`: the theme roles of cross-entropy, entropy and KL; a scene that
  draws in one of them shows an information quantity and must declare ``units``;
- :func:`derived_variant`: other values for every parameter a scene declares, taken from
  the declaration itself (see its docstring).
"""

from __future__ import annotations

from typing import Any

import pytest

from renderkit.plan.variants import param_set
from scenes import theme
from scenes.params import Param, ParamError, ParamSet
from scenes.registry import SCENES, SceneInfo

THEMES = tuple(theme.THEMES)  #: ("dark", "light")
EACH_SCENE = [pytest.param(info, id=info.name) for info in SCENES]
EACH_SCENE_AND_THEME = [
    pytest.param((info, theme), id=f"{info.name}-{theme}") for info in SCENES for theme in THEMES
]
INFORMATION_ROLES = frozenset({"cross_entropy", "entropy", "kl"})


def params_of(info: SceneInfo) -> ParamSet:
    """The scene's declared parameters, as render.py reads them."""
    return param_set(info)


def derived_variant(params: ParamSet) -> dict[str, Any]:
    """Other values than the defaults, as a user would give them (TOML values): each
    parameter in turn takes the first of its :func:`candidates` that every rule of the
    scene accepts together with the values taken before it; a parameter none of whose
    candidates passes keeps its default. Empty for a scene with no parameters."""
    given: dict[str, Any] = {}
    for param in params.params:
        for value in candidates(param):
            try:
                params.resolve({**given, param.name: value})
            except ParamError:
                continue
            given[param.name] = value
            break
    return given


def candidates(param: Param) -> list[Any]:
    """Values for ``param`` other than its default, inside its declared range, the
    likeliest to pass a scene's rules first: another choice; a text reversed; a list of
    names rotated by one; a whole number one up or down, then halfway to either bound; a
    number halfway to either bound (two decimals); a list of numbers drawn halfway toward
    its own mean (its sum and order kept; two decimals, then exact), then reversed, then
    each entry halfway to either bound."""
    default = param.default
    if param.kind == "choice":
        return [c for c in param.choices if c != default]
    if param.kind == "str":
        if param.length is None:
            return [default[::-1]] if default[::-1] != default else []
        return [[*default[1:], default[0]]] if len(set(default)) > 1 else []
    if param.length is None:
        return [v for v in _moved(param, default) if v != default]
    mean = sum(default) / len(default)
    toward_mean = [(v + mean) / 2 for v in default]
    found = [[round(v, 2) for v in toward_mean], toward_mean, list(reversed(default))]
    for bound in (param.high, param.low):
        assert bound is not None
        found.append([_rounded(param, (v + bound) / 2) for v in default])
    return [v for v in found if tuple(v) != tuple(default)]


def _moved(param: Param, value: float) -> list[Any]:
    assert param.low is not None and param.high is not None
    step = [value + 1, value - 1] if param.kind == "int" else []
    halfway = [_rounded(param, (value + bound) / 2) for bound in (param.high, param.low)]
    return [v for v in step + halfway if param.low <= v <= param.high]


def _rounded(param: Param, value: float) -> Any:
    return round(value) if param.kind == "int" else round(value, 2)
