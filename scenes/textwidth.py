"""How wide a line of ``Text`` will be on screen, measured without manim.

Scenes draw every word with ``Text`` in DejaVu Sans (:data:`scenes.theme.FONT`).
Parameter rules (a class name must fit under its bar) need that width before anything
is drawn, in render.py's process, which does not import manim. Pillow reads the same
font's advance widths; :data:`UNITS_PER_EM_POINT` turns them into scene units as manim's
``Text(font_size=...)`` draws them (measured against manim, see the scene tests; it errs
a few per cent wide, never narrow).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from .theme import FONT

#: Scene units per (em x font_size): manim's ``Text("W" * 12, font_size=26).width`` is
#: 4.26, Pillow's advance of "W" * 12 is 11.87 em: 0.0138; rounded up.
UNITS_PER_EM_POINT = 0.0140
#: Where Debian and Ubuntu keep the font, if fontconfig cannot say.
_FALLBACK_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: Without the font file: every character as wide as an em (wider than any DejaVu glyph
#: a name may hold), so a check errs on the safe side.
_FALLBACK_EM_PER_CHAR = 1.0
_MEASURE_SIZE = 1000


@functools.cache
def _font() -> object | None:
    """The font as Pillow reads it, or None if neither fontconfig nor the usual path has it."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    candidates = []
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", FONT],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
            if found:
                candidates.append(Path(found))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.append(_FALLBACK_FILE)
    for path in candidates:
        if path.is_file():
            try:
                return ImageFont.truetype(str(path), _MEASURE_SIZE)
            except OSError:
                continue
    return None


def width_in_em(text: str) -> float:
    """The advance width of ``text`` in DejaVu Sans, in ems."""
    font = _font()
    if font is None:
        return _FALLBACK_EM_PER_CHAR * len(text)
    return float(font.getlength(text)) / _MEASURE_SIZE  # type: ignore[attr-defined]


def text_width(text: str, font_size: float) -> float:
    """How wide ``Text(text, font_size=font_size)`` is on screen, in scene units (the
    frame is 14.2 wide); a few per cent more than manim draws, never less."""
    return width_in_em(text) * font_size * UNITS_PER_EM_POINT


#: Space kept between two neighbouring labels on a chart, in scene units.
LABEL_GAP = 0.1


def name_room(slot: float, *, staggered: bool) -> float:
    """How wide a class name may be under a bar's slot ``slot`` wide: the slot, or one and
    a half when the names take two staggered rows (the outermost names kept inside the
    chart, so they never reach the next but one); less a gap."""
    return (1.5 * slot if staggered else slot) - LABEL_GAP
