"""The render benchmark (``make bench``): render.py against plain manim on this machine.

``render_bench.py`` is the entry point and ``cli`` its command; ``pipeline`` runs the
measurements in story order (``cold``, ``steps``, ``speed``) on a snapshot of the project
(``project``), through ``runs``; ``report`` writes ``RESULTS.md``.
"""
