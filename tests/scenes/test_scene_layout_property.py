"""The declared ranges are layout-proof: at the extremes of every range, and at a few random
values inside them (Hypothesis), every scene's layout check passes at every beat end: all
text inside the frame, no two texts overlapping, nothing on the edge. The themes share
every size and differ in colour only, so each case runs in one theme: each bound alone
and each corner in dark and light in turn, each random example in a theme drawn with it.

Values are drawn from each scene's own ``PARAMS``: numbers at their bounds or anywhere
between, lists at their shortest and longest, class names up to 12 characters of wide
letters (shortened only where the scene's rule says they cannot fit their bars), then
resolved through the declaration, so a combination its rules refuse is never drawn.
Slow: a few probe runs per scene and theme, a few seconds each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from each_scene import EACH_SCENE, THEMES, params_of
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from scene_harness import run_scene

from scenes.params import Param, ParamError, ParamSet, variant_class

pytestmark = pytest.mark.slow

#: Wide and narrow letters, and the characters a name may hold that TeX would not like.
ALPHABET = "WMmwabcdefgijlrty0123456789 <>&'-_.#%"


def check_layout(info, values: dict[str, Any], media: Path, themes=THEMES) -> None:
    scene_cls = variant_class(info.load(), values)
    for theme in themes:
        run = run_scene(scene_cls, theme, media)
        assert run.problems() == [], (info.name, theme, values)


def _number(param: Param, data: st.DataObject) -> Any:
    low, high = param.low, param.high
    assert low is not None and high is not None
    if param.kind == "int":
        return data.draw(st.one_of(st.just(int(low)), st.just(int(high)), st.integers(low, high)))
    bounds = st.one_of(st.just(float(low)), st.just(float(high)))
    return data.draw(st.one_of(bounds, st.floats(low, high, allow_nan=False)))


def _value(param: Param, count: int, data: st.DataObject) -> Any:
    """A value of ``param`` from its declaration; lists of ``count`` entries."""
    if param.kind == "choice":
        return data.draw(st.sampled_from(param.choices))
    if param.kind == "str":
        word = st.text(ALPHABET, min_size=1, max_size=param.max_chars).map(str.strip)
        names = st.lists(word.filter(bool), min_size=count, max_size=count, unique=True)
        return list(data.draw(names)) if param.length else data.draw(word.filter(bool))
    if param.length is None:
        return _number(param, data)
    return [_number(param, data) for _ in range(count)]


def draw_values(ps: ParamSet, data: st.DataObject) -> dict[str, Any]:
    """Values for every parameter (lists of one drawn length), then nudged to pass the
    rules where a value can be: a distribution normalised, a list sorted the way it must
    run, names shortened to fit their bars. An example the rules still refuse is skipped."""
    lists = [p.length for p in ps.params if p.length]
    low = max((n[0] for n in lists), default=1)
    high = min((n[1] for n in lists), default=1)
    count = data.draw(st.integers(low, high)) if lists and low <= high else low
    given = {}
    for p in ps.params:
        fits = p.length is None or p.length[0] <= count <= p.length[1]
        given[p.name] = _value(p, count if fits else p.length[0], data)
    if "p_true" in given:  # a distribution: positive entries, normalised
        raw = [max(v, 0.01) for v in given["p_true"]]
        given["p_true"] = [v / sum(raw) for v in raw]
    for _ in range(12):
        try:
            return ps.resolve(given)
        except ParamError as error:
            if not _nudge(given, str(error)):
                break
    reject()
    return {}


def _nudge(given: dict[str, Any], problem: str) -> bool:
    """Change ``given`` so the rule that said ``problem`` may pass; False if it cannot."""
    name = problem.split(":")[0].split()[0]
    if "must decrease" in problem:
        given[name] = sorted(given[name], reverse=True)
    elif "must increase" in problem:
        given[name] = sorted(given[name])
    elif "too wide" in problem:
        given[name] = [n[: max(1, len(n) - 2)].strip() or "n" for n in given[name]]
    else:
        return False
    return len(set(given[name])) == len(given[name])


def corners(ps: ParamSet) -> list[dict[str, Any]]:
    """Every number at its lower bound, and at its upper bound (lists at their longest),
    where the rules allow: the extremes of the ranges, side by side."""
    found = []
    for end in (0, 1):
        given: dict[str, Any] = {}
        for param in ps.params:
            if param.kind in ("float", "int"):
                bound = (param.low, param.high)[end]
                count = param.length[end] if param.length else None
                given[param.name] = bound if count is None else [bound] * count
        try:
            found.append(ps.resolve(given))
        except ParamError:
            continue
    return found


@pytest.mark.parametrize("info", EACH_SCENE)
def test_the_extremes_of_every_range_keep_the_layout(info, scene_media: Path) -> None:
    ps = params_of(info)
    cases = [ps.defaults()]  # the defaults: every scene's own probe runs check them
    for param in ps.params:  # each bound alone, the others at their defaults
        for bound in ("low", "high"):
            value = getattr(param, bound)
            if value is None:
                continue
            given = {param.name: [value] * len(param.default) if param.length else value}
            try:
                cases.append(ps.resolve(given))
            except ParamError:
                continue  # a rule across the values refuses it alone (the lists' lengths)
    cases += corners(ps)
    distinct = [values for i, values in enumerate(cases) if values not in cases[:i]]
    for i, values in enumerate(distinct[1:]):  # each case once, the themes in turn
        check_layout(info, values, scene_media, themes=(THEMES[i % 2],))


@pytest.mark.parametrize("info", EACH_SCENE)
@settings(
    max_examples=2,
    deadline=None,
    # no shrinking: each example renders a scene twice, and shrinking one ran five
    # minutes; a failure names its values and beats, which is what a fix needs
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_random_values_inside_the_ranges_keep_the_layout(info, scene_media, data) -> None:
    ps = params_of(info)
    if not ps.params:
        return
    values = draw_values(ps, data)
    if values == ps.defaults():
        return  # the scene's own probe runs check its defaults in both themes
    check_layout(info, values, scene_media, themes=(data.draw(st.sampled_from(THEMES)),))
