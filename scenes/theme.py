"""One theme object: the colours of the explainer named by what they mean, and its type
scale and spacing named by role.

The same meaning has the same colour in every scene (P^* is always ``true_dist``,
cross-entropy always ``cross_entropy``), and the same role has the same size (every title
is ``theme.size.title``, every value on a bar ``theme.size.label``). Scenes read the
active theme at construct time through :func:`active_theme`; render.py selects it with
the ``CE_THEME`` environment variable, so plain
``CE_THEME=light manim -ql scenes/softmax.py Softmax`` works too.

Both themes are checked for a room with a projector (``scenes.readability``, run by the
tests and ``make check-readable``): every colour a scene draws text in has 4.5:1 (WCAG
AA) on the background and on the panel, and every two colours of meaning a scene shows
together stay CIEDE2000 >= 15 apart with normal vision and with simulated deuteranopia,
protanopia and tritanopia. A new colour has to pass the same checks: the colours below
were found by searching, near the hues the meanings had, for colours that pass them
(CE warm, MSE cool, P* gold, P blue).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

THEME_ENV = "CE_THEME"

#: The one typeface of every Text (TeX keeps Computer Modern for the maths).
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class TypeScale:
    """Font sizes (manim ``font_size``) by role, for ``Text`` and ``MathTex`` alike.

    The frame is 14.2 units wide; 24 is the smallest size that reads well at 1080p.
    """

    display: float = 44  #: the formula a beat is about; a symbol shown large (x_i, h_θ)
    equation: float = 36  #: lines of a derivation, identities, rules
    title: float = 34  #: the scene's title (one line of Text at the top)
    body: float = 32  #: readouts, headings over charts and panels, checklists
    label: float = 26  #: class names, values on bars, legends, axis labels, notes
    small: float = 24  #: tick numbers, remarks in the muted colour, marks on a plot


@dataclass(frozen=True)
class Spacing:
    """Distances (scene units; the frame is 8 high) by role, for ``buff=``."""

    edge: float = 0.35  #: from the frame's edge to what sits against it (the title too)
    row: float = 0.3  #: between stacked rows: readouts, lines of text, a heading and its chart
    inline: float = 0.15  #: between a label and what it labels (``=`` and its number)
    block: float = 0.6  #: between the blocks of a layout (a plot and its legend)
    column: float = 1.3  #: between charts side by side


@dataclass(frozen=True)
class Theme:
    """Colours (hex strings) by meaning, and the type scale and spacing by role."""

    name: str
    background: str
    text: str  #: main text, equations and axes
    muted: str  #: secondary text, tick labels, guides
    panel: str  #: fill of cards and boxes, a step off the background
    true_dist: str  #: the label distribution P^*
    model_dist: str  #: the model distribution P
    cross_entropy: str  #: CE, H(P^*, P)
    mse: str  #: mean squared error
    entropy: str  #: H(P^*)
    kl: str  #: D_KL(P^* || P)
    positive: str  #: a constraint met, a check mark
    negative: str  #: a negative value, a failed constraint
    highlight: str  #: what the viewer should look at now
    size: TypeScale = field(default_factory=TypeScale)
    space: Spacing = field(default_factory=Spacing)


def color_roles() -> tuple[str, ...]:
    """The names of the theme's colours (``"text"``, ``"entropy"``, ...)."""
    return tuple(f.name for f in fields(Theme) if f.type == "str" and f.name != "name")


DARK = Theme(
    name="dark",
    background="#111318",
    text="#ECEFF4",
    muted="#9AA3B2",
    panel="#1E222B",
    true_dist="#FAC014",
    model_dist="#60D4FF",
    cross_entropy="#FB4831",
    mse="#A675DF",
    entropy="#15A486",
    kl="#B86EBD",
    positive="#2EAA34",
    negative="#F89498",
    highlight="#FFFDAD",  # pale lemon: lighter than the label's gold
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1F2328",
    muted="#59636E",
    panel="#F6F7F9",
    true_dist="#A26305",
    model_dist="#0865FE",
    cross_entropy="#8B1B0A",
    mse="#48249D",
    entropy="#04604F",
    kl="#641188",
    positive="#19650F",
    negative="#D32E48",
    highlight="#806190",  # mauve: the one hue left apart from all the others for every vision
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT)}


def get_theme(name: str) -> Theme:
    """The theme called ``name`` (``dark`` or ``light``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of: {', '.join(THEMES)}") from None


def active_theme() -> Theme:
    """The theme chosen by ``$CE_THEME`` (default ``dark``), read now, not at import."""
    return get_theme(os.environ.get(THEME_ENV, "dark") or "dark")
