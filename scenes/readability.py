r"""Can everyone in the room read the colours? Contrast and colour-vision checks on a theme.

Three measures, all computed by `coloraide <https://facelessuser.github.io/coloraide/>`_
(no colour maths here):

- **contrast**: the WCAG 2.1 ratio :math:`(L_1 + 0.05) / (L_2 + 0.05)` of the relative
  luminances of the lighter and the darker colour; every colour a scene uses for text
  needs at least :data:`MIN_TEXT_CONTRAST` (WCAG AA, 4.5:1) on the background and on
  the panel;
- **simulated colour-vision deficiency**: how a colour looks with deuteranopia or
  protanopia (Machado, Oliveira & Fernandes 2009, severity 1, the full dichromacy) or
  tritanopia (Brettel, Viénot & Mollon 1997; Machado's model is not meant for tritans);
- **difference**: CIEDE2000, :math:`\Delta E_{00}`, between two colours as seen with one
  vision; two colours of meaning a scene shows together need at least
  :data:`MIN_DIFFERENCE` with normal vision and with each simulated deficiency, and each
  of them as much from the neutral inks (text, muted) with normal vision (about 2.3 is a
  just-noticeable difference; 15 is "clearly another colour" at a glance across a room).

Which colours a scene shows together comes from the scene itself (the probe records the
colour of every mobject at every beat end: ``scenes.inspection.palette``); this module
only judges sets of theme roles. It does not import manim.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from coloraide import Color

from .theme import Theme, color_roles

if TYPE_CHECKING:  # the probe's record of a colour on screen (it imports manim)
    from .inspection.palette import Paint

#: WCAG 2.1 AA for normal-size text.
MIN_TEXT_CONTRAST = 4.5
#: CIEDE2000 between two colours shown together, with every vision below.
MIN_DIFFERENCE = 15.0

#: The visions checked, and the coloraide filter simulating each (``None``: as is).
VISIONS: dict[str, tuple[str, str] | None] = {
    "normal": None,
    "deuteranopia": ("deutan", "machado"),
    "protanopia": ("protan", "machado"),
    "tritanopia": ("tritan", "brettel"),
}

#: Roles that are surfaces things are drawn on, not ink: judged by contrast, not paired.
SURFACES = ("background", "panel")
#: The neutral inks: plain text, axes and guides. They carry no meaning a viewer has to
#: match, and a dichromat sees some colour as grey in any palette of this size, so they
#: are kept apart from the colours of meaning with normal vision only.
NEUTRALS = ("text", "muted")


@functools.lru_cache(maxsize=4096)
def simulate(colour: str, vision: str = "normal") -> Color:
    """``colour`` (``"#RRGGBB"``) as seen with ``vision`` (a key of :data:`VISIONS`),
    clipped to sRGB."""
    if vision not in VISIONS:
        raise ValueError(f"unknown vision {vision!r}; choose one of: {', '.join(VISIONS)}")
    seen = Color(colour)
    how = VISIONS[vision]
    if how is not None:
        deficiency, method = how
        seen = seen.filter(deficiency, 1.0, method=method, out_space="srgb")
    return seen.clip()


def simulate_pixels(rgb: np.ndarray, vision: str) -> np.ndarray:
    """An ``(..., 3)`` uint8 image as seen with ``vision``: :func:`simulate` on each
    distinct colour once (a frame has far fewer colours than pixels), mapped back."""
    flat = np.asarray(rgb, dtype=np.uint8).reshape(-1, 3)
    colours, where = np.unique(flat, axis=0, return_inverse=True)
    seen = np.array(
        [
            [round(255 * v) for v in simulate("#{:02X}{:02X}{:02X}".format(*c), vision)[:-1]]
            for c in colours
        ],
        dtype=np.uint8,
    )
    return seen[where.reshape(-1)].reshape(np.shape(rgb))


def difference(a: str, b: str, vision: str = "normal") -> float:
    r""":math:`\Delta E_{00}` (CIEDE2000) between colours ``a`` and ``b`` as seen with
    ``vision``."""
    return float(simulate(a, vision).delta_e(simulate(b, vision), method="2000"))


def contrast(foreground: str, background: str) -> float:
    r"""The WCAG 2.1 contrast ratio :math:`(L_1 + 0.05) / (L_2 + 0.05)`, from 1 to 21."""
    return float(Color(foreground).contrast(background, method="wcag21"))


def to_hex(colour: str) -> str:
    """``colour`` as upper-case ``#RRGGBB`` (what the theme and the probe compare)."""
    return Color(colour).convert("srgb").to_string(hex=True, upper=True)


def roles_by_colour(theme: Theme, roles: Iterable[str]) -> dict[str, str]:
    """``{"#RRGGBB": role}`` for the theme's ``roles`` (the first role wins a shared hex)."""
    found: dict[str, str] = {}
    for role in roles:
        found.setdefault(to_hex(getattr(theme, role)), role)
    return found


@dataclass(frozen=True)
class Palette:
    """The theme roles a scene draws with (mapped back from the colours on screen)."""

    roles: frozenset[str]  #: every role it draws with, surfaces too
    text_roles: frozenset[str]  #: the roles its texts are drawn in
    unmatched: frozenset[Paint]  #: colours that are no role (a blend drawn for a picture)


def palette(theme: Theme, paints: Iterable[Paint]) -> Palette:
    """The roles behind ``paints`` (a scene's colours on screen) in ``theme``."""
    by_colour = roles_by_colour(theme, color_roles())
    roles, text_roles, unmatched = set(), set(), set()
    for paint in paints:
        role = by_colour.get(to_hex(paint.colour))
        if role is None:
            unmatched.add(paint)
            continue
        roles.add(role)
        if paint.text:
            text_roles.add(role)
    return Palette(frozenset(roles), frozenset(text_roles), frozenset(unmatched))


@dataclass(frozen=True)
class Pair:
    """Two roles and how far apart they look with one vision."""

    first: str
    second: str
    vision: str
    difference: float

    def __str__(self) -> str:
        return f"{self.first}/{self.second} {self.difference:.1f}"


def compared(first: str, second: str, vision: str) -> bool:
    """Whether two ink roles must stay apart with ``vision``: colours of meaning with
    every vision, a neutral ink (:data:`NEUTRALS`) and any other with normal vision."""
    return vision == "normal" or (first not in NEUTRALS and second not in NEUTRALS)


def pairs(theme: Theme, roles: Iterable[str], vision: str) -> list[Pair]:
    """Every pair of the (non-surface) ``roles`` compared with ``vision`` (see
    :func:`compared`) and its difference, weakest first."""
    inks = sorted({r for r in roles if r not in SURFACES})
    found = [
        Pair(a, b, vision, difference(getattr(theme, a), getattr(theme, b), vision))
        for a, b in itertools.combinations(inks, 2)
        if compared(a, b, vision)
    ]
    return sorted(found, key=lambda p: p.difference)


def weakest_pair(theme: Theme, roles: Iterable[str], vision: str) -> Pair | None:
    """The pair of ``roles`` that looks most alike with ``vision`` (none if < 2 roles)."""
    found = pairs(theme, roles, vision)
    return found[0] if found else None


def contrast_problems(theme: Theme, text_roles: Iterable[str]) -> list[str]:
    """Every text colour under :data:`MIN_TEXT_CONTRAST` on a surface, as a sentence."""
    problems = []
    for role in sorted(set(text_roles) - set(SURFACES)):
        for surface in SURFACES:
            ratio = contrast(getattr(theme, role), getattr(theme, surface))
            if ratio < MIN_TEXT_CONTRAST:
                problems.append(
                    f"{theme.name}: text in {role} has {ratio:.2f}:1 on the {surface} "
                    f"(needs {MIN_TEXT_CONTRAST}:1)"
                )
    return problems


def pair_problems(
    theme: Theme, roles: Iterable[str], exempt: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """Every pair of ``roles`` closer than :data:`MIN_DIFFERENCE` with some vision, as a
    sentence; ``exempt`` pairs (sorted role names) carry a second cue besides colour."""
    skip = {tuple(sorted(p)) for p in exempt}
    roles = list(roles)
    return [
        f"{theme.name}: {p.first} and {p.second} are {p.difference:.1f} apart with "
        f"{p.vision} (ΔE2000, needs {MIN_DIFFERENCE:g})"
        for vision in VISIONS
        for p in pairs(theme, roles, vision)
        if p.difference < MIN_DIFFERENCE and (p.first, p.second) not in skip
    ]
