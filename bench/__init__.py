"""The render benchmark (``make bench``): render.py against plain manim on this machine.

``render_bench.py`` is the entry point and ``cli`` its command; ``pipeline`` runs the
measurements in story order (``cold``, ``steps``, ``speed``, ``incremental`` with the
edits of ``beat_edits``, ``scaling`` with ``schedule``'s simulation) on a snapshot of the
project (``project``), through ``runs``, reading render.py's job log with ``joblog``;
``report`` writes ``RESULTS.md``.
"""
