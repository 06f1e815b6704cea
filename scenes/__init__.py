"""The explainer's scenes (one idea per file), the kit they share (``scenes.components``)
and the tools that check them (``scenes.inspection``).

Importing this package does not import manim; the registry lists the scenes in story order.
"""

from .registry import SCENE_NAMES, SCENES, SceneInfo, find_scene

__all__ = ["SCENES", "SCENE_NAMES", "SceneInfo", "find_scene"]
