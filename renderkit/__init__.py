"""The render pipeline behind ``render.py``: one small module per job.

Read it in the order a run goes:

- :mod:`variants`: ``--set``/``--config`` values checked against each scene's declared
  parameters, before anything renders (:mod:`layoutcheck` probes a variant's layout).
- :mod:`pipeline`: one pass: which scenes are out of date, render them, record them,
  join the full cut, write the gallery; and the ``--watch`` loop (on :mod:`watch`).
- :mod:`runner`: the worker processes, at most ``-j`` at once, with a progress line.
- :mod:`worker`: renders one scene with manim in its own process; :mod:`publish` turns
  manim's output into the published files and the scene's manifest entry.
- :mod:`cut`: the joined explainer (:mod:`concat` joins the clips, chapters inside).
- :mod:`manifest` (``manifest.json`` and its entry type), :mod:`adopt` (rebuilds an
  unreadable one from the files), :mod:`gallery` and :mod:`pages` (HTML from the
  Jinja2 templates in ``templates/``), :mod:`report` (what render.py prints).
- Shared: :mod:`files` (the one atomic writer), :mod:`media` (PyAV: probe, remux,
  posters, GIFs), :mod:`captions`, :mod:`fingerprint`, :mod:`spec` (one job's settings
  and paths), :mod:`quality`, :mod:`preflight` (LaTeX, the output folder and its lock).

Nothing here imports manim except :mod:`worker`, so listing scenes and the nothing-changed
path stay fast.
"""
