"""The scene probe, for the tests: see ``scenes.inspection.probe``."""

from scenes.inspection.probe import Checkpoint, SceneRun, colour_pixels, run_scene, theme_env

__all__ = ["Checkpoint", "SceneRun", "colour_pixels", "run_scene", "theme_env"]
