"""The scene kit: the base scene with beats, reusable visuals and the layout check."""

from .bars import ProbabilityBars
from .base import Beat, ExplainerScene, beat
from .layout import border_problems, layout_problems
from .legend import Legend

__all__ = [
    "Beat",
    "ExplainerScene",
    "Legend",
    "ProbabilityBars",
    "beat",
    "border_problems",
    "layout_problems",
]
