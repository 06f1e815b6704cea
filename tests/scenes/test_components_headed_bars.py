"""A chart's heading sits clear of everything its bars can show: a value printed over a
bar at the top of the value axis (``+limit`` for gradient bars, the axis top for
probability bars) stays under the heading, ``buff`` away. Found by the layout property
test: confidently-wrong's CE gradient of +0.993 ran into its legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import LEFT, MathTex, tempconfig

from scenes.components.bars import ProbabilityBars
from scenes.components.gradient_bars import GradientBars
from scenes.components.headed import HeadedBars
from scenes.theme import DARK

BUFF = 0.12
NAMES = ("cat", "dog", "fox")


@pytest.fixture(autouse=True)
def _media(scene_media: Path):
    with tempconfig({"media_dir": str(scene_media), "verbosity": "ERROR"}):
        yield


def gap_under_heading(chart: HeadedBars) -> float:
    """From the top of the highest printed value up to the bottom of the heading."""
    highest = max(label.get_top()[1] for label in chart.bars.value_labels)
    return float(chart.heading.get_bottom()[1] - highest)


def heading() -> MathTex:
    return MathTex(r"\partial\,\text{CE} / \partial s_k", color=DARK.text)


@pytest.mark.parametrize("top", [1.0, 0.999, 0.6])
def test_a_gradient_at_the_limit_stays_under_its_heading(top: float) -> None:
    bars = GradientBars([-top, top, 0.0], NAMES, DARK, color=DARK.cross_entropy, limit=1.0)
    chart = HeadedBars(bars, heading(), buff=BUFF)
    assert gap_under_heading(chart) >= BUFF - 1e-6
    # and the heading is no further than it must be for a bar at the limit
    bars.set_values([-1.0, 1.0, 0.0])
    assert gap_under_heading(chart) == pytest.approx(BUFF, abs=1e-3)


def test_a_full_probability_bar_stays_under_its_heading() -> None:
    bars = ProbabilityBars([1.0, 0.0, 0.0], NAMES, DARK, color=DARK.true_dist)
    chart = HeadedBars(bars, heading(), buff=BUFF)
    assert gap_under_heading(chart) == pytest.approx(BUFF, abs=1e-3)


def test_values_not_shown_leave_no_room() -> None:
    bars = ProbabilityBars([1.0, 0.0, 0.0], NAMES, DARK, color=DARK.true_dist, show_values=False)
    chart = HeadedBars(bars, heading(), buff=BUFF)
    gap = chart.heading.get_bottom()[1] - bars.plot_area.get_top()[1]
    assert gap == pytest.approx(BUFF, abs=1e-3)


def test_a_heading_beside_the_bars_ignores_the_headroom() -> None:
    bars = ProbabilityBars([1.0, 0.0, 0.0], NAMES, DARK, color=DARK.true_dist)
    chart = HeadedBars(bars, heading(), direction=LEFT, buff=BUFF)
    gap = bars.plot_area.get_left()[0] - chart.heading.get_right()[0]
    assert gap == pytest.approx(BUFF, abs=1e-3)
