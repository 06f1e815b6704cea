"""The render pipeline behind ``render.py``: one small module per job.

Core (render engineer A): :mod:`quality` (the quality table), :mod:`spec` (one job's
settings), :mod:`preflight` (LaTeX and the output folder), :mod:`worker` (renders one scene
in its own process), :mod:`publish` (atomic writes, MP4 faststart, posters, sections),
:mod:`manifest` (``manifest.json``) and :mod:`runner` (parallel jobs, progress, Ctrl-C,
summary).

Extras (render engineer B): :mod:`captions`, :mod:`concat`, :mod:`gallery`,
:mod:`fingerprint`, :mod:`watch`.

Nothing here imports manim except :mod:`worker`, so listing scenes and the nothing-changed
path stay fast.
"""
