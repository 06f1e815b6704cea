"""The render benchmark (``make bench``): render.py against itself and plain manim.

``render_bench.py`` is the entry point and ``cli`` its command; ``measure`` runs the
measurements on a copy of the project (``runs``), with the edits of ``patches``, reading
what render.py did from its job log (``joblog``); ``scaling`` simulates more cores from
that log and ``report`` writes ``RESULTS.md``.
"""
