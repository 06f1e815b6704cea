"""The scene kit: the base scene with beats and the reusable visuals.

Checking scenes (the probe, the layout check) is not part of it: see ``scenes.inspection``.
"""

from .bars import ProbabilityBars
from .base import Beat, ExplainerScene, beat
from .legend import Legend

__all__ = [
    "Beat",
    "ExplainerScene",
    "Legend",
    "ProbabilityBars",
    "beat",
]
