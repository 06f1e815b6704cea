"""Inspecting scenes: not part of the kit a scene is drawn with.

- :mod:`.probe` runs a scene with its animations skipped and keeps the frame and the
  layout check at the end of every beat (through ``ExplainerScene.on_beat_end``), or
  renders a small real movie with its sections and captions;
- :mod:`.layout` checks a frame: every text inside it, no two texts overlapping,
  nothing drawn on its edge;
- :mod:`.palette` records every colour on screen, text or not (the probe keeps it at
  every beat end, for the readability checks of :mod:`scenes.readability`).
- :mod:`.describe` says what is on screen (title, texts, numbers, equations, charts) as
  data and one paragraph, from the mobjects drawn: the beat job records it at every beat
  end for the transcripts (and the probe keeps it); :mod:`.plaintext` writes LaTeX as
  plain Unicode text for it.

The tests, ``scripts/beat_frames.py`` and a render preflight import it from here; no
scene does.
"""

from .layout import border_problems, layout_problems
from .probe import Checkpoint, SceneRun, colour_pixels, render_video, run_scene, theme_env

__all__ = [
    "Checkpoint",
    "SceneRun",
    "border_problems",
    "colour_pixels",
    "layout_problems",
    "render_video",
    "run_scene",
    "theme_env",
]
