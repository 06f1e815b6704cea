"""The render benchmark's entry point: ``.venv/bin/python bench/render_bench.py`` (``make
bench``; ``--help`` says what it measures). The work is in the ``bench`` package."""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: import the package from the project root
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
