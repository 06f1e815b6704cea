"""Shared fixtures. Scene tests share one manim media folder per run, so each LaTeX
snippet compiles once for the whole suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the harness modules beside the tests


@pytest.fixture(scope="session")
def scene_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A manim media folder shared by every scene test (Tex and text caches)."""
    return tmp_path_factory.mktemp("manim-media")
