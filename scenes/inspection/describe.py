r"""What a scene shows right now, as data and as one paragraph: a beat's screen description.

:func:`describe_scene` walks the mobjects on screen (every visible one, in the order the
scene added them) and sorts what it finds by the scene kit's types, never from a list
kept beside the scene:

- the scene's title (the ``Text`` :meth:`ExplainerScene.make_title` makes);
- ``texts``: every ``Text``/``MarkupText``/``Paragraph``, text-mode ``Tex`` without
  math, and every number (``DecimalNumber``) that stands alone, as shown;
- ``equations``: the LaTeX of every ``MathTex`` (a ``Tex`` with ``$...$`` as
  ``\text{...}`` and its math; the parts of one shown piece by piece as one
  formula), a :class:`~scenes.components.readouts.Readout` or a
  label set just left of a number as ``label number unit`` with the number as shown,
  a :class:`~scenes.components.texline.TexLine` as one formula;
- ``charts``: each bar chart (:class:`ProbabilityBars`, :class:`GradientBars`) as its
  name (its heading: the :class:`HeadedBars` heading, or the text set just above it), a
  generated sentence and its ``[class, value]`` rows as printed on the bars; a
  :class:`LossPlot`, :class:`RacePanel` or plain ``Axes`` as a sentence about its axes.
  A chart's own tick numbers, class names and values are not repeated in ``texts``.

``text`` is all of it as one plain-text paragraph (LaTeX through
:func:`~scenes.inspection.plaintext.plain_tex`), for alternative text. The beat job
(:mod:`renderkit.jobs.beatjob`) records it at every beat's end, and so does the probe.
Every scene's fingerprint covers this file (``renderkit.jobs.pipeline.DESCRIBER``): a
change here renders the beats again, with their new descriptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypedDict

import numpy as np
from manim import (
    Axes,
    DecimalNumber,
    MarkupText,
    MathTex,
    Mobject,
    NumberLine,
    Paragraph,
    SingleStringMathTex,
    Tex,
    Text,
    VGroup,
    VMobject,
)

from scenes.components.bars import ProbabilityBars
from scenes.components.base import SceneTitle
from scenes.components.checklist import ChecklistRow
from scenes.components.gradient_bars import GradientBars
from scenes.components.headed import HeadedBars
from scenes.components.plots import LossPlot
from scenes.components.race import RacePanel
from scenes.components.readouts import Readout
from scenes.components.texline import TexLine

from .plaintext import plain_tex

__all__ = ["Chart", "Description", "describe_scene", "number_text"]

#: How far (scene units) a label may sit left of its number, or a heading above its chart.
_NEAR = 0.45
_HEADING_REACH = 1.2


class Chart(TypedDict):
    """One chart on screen."""

    name: str
    sentence: str
    rows: list[list[str]]  #: ``[label, value as shown]``


class Description(TypedDict):
    """What is on screen: the contract between the beat job, the manifest and the pages."""

    title: str
    texts: list[str]
    equations: list[str]  #: LaTeX
    charts: list[Chart]
    text: str  #: all of it as one plain-text paragraph


def _visible(mob: Mobject) -> bool:
    """Whether any drawn part of ``mob`` shows (a fill or a stroke above 1 % opacity);
    a ``ValueTracker`` and other mobjects without strokes or fills never do."""
    for part in mob.family_members_with_points():
        if isinstance(part, VMobject):
            fill = np.max(part.get_fill_opacities(), initial=0)
            stroke = np.max(part.get_stroke_opacities(), initial=0) if part.stroke_width else 0
            if fill > 0.01 or stroke > 0.01:
                return True
    return False


def number_text(number: DecimalNumber) -> str:
    """A ``DecimalNumber`` as it reads on screen (its decimals, its sign), with a real
    minus sign."""
    return number._get_num_string(number.get_value()).replace("-", "−")


def _text_of(mob: Mobject) -> str:
    if isinstance(mob, (Text, MarkupText, Paragraph)):
        raw = getattr(mob, "original_text", None) or getattr(mob, "text", "")
        return " ".join(re.sub(r"<[^>]+>", "", str(raw)).split())
    return ""


def _tex_of(mob: Mobject) -> str:
    """A TeX mobject's LaTeX as math: ``MathTex`` as it is; a text-mode ``Tex`` as
    ``\\text{...}`` pieces and its ``$...$`` math."""
    tex = " ".join(str(getattr(mob, "tex_string", "")).split())
    if not isinstance(mob, Tex):  # manim's Tex is a MathTex in text mode
        return tex
    pieces = re.split(r"\$(.*?)\$", tex)
    return " ".join(
        (piece if i % 2 else rf"\text{{{piece}}}") for i, piece in enumerate(pieces) if piece
    )


class _Item:
    """One thing found on screen, with its box for the joins by position."""

    def __init__(self, kind: str, value: Any, mob: Mobject) -> None:
        self.kind, self.value, self.mob = kind, value, mob

    @property
    def box(self) -> tuple[float, float, float, float]:
        left, bottom = self.mob.get_corner(np.array([-1, -1, 0]))[:2]
        right, top = self.mob.get_corner(np.array([1, 1, 0]))[:2]
        return float(left), float(bottom), float(right), float(top)


def _bar_chart(bars: ProbabilityBars | GradientBars, name: str) -> Chart:
    labels = [_text_of(n) for n in bars.names]
    shown = [number_text(v) for v in bars.value_labels]
    rows = [[label, value] for label, value in zip(labels, shown, strict=True)]
    what = name or "values"
    values = list(bars.values)
    top, low = int(np.argmax(values)), int(np.argmin(values))
    kind = "signed bars around zero" if isinstance(bars, GradientBars) else "bars"
    sentence = (
        f"A bar chart of {what} for {len(rows)} classes, as {kind}: the highest is "
        f"{labels[top]} at {shown[top]}, the lowest {labels[low]} at {shown[low]}."
    )
    return Chart(name=name, sentence=sentence, rows=rows)


def _axis_range(axis: NumberLine) -> str:
    low, high = axis.x_range[:2]
    if getattr(axis, "scaling", None) is not None and type(axis.scaling).__name__ == "LogBase":
        return f"from {10**low:g} to {10**high:g} (logarithmic)".replace("-", "−")
    return f"from {low:g} to {high:g}".replace("-", "−")


def _plot_chart(axes: Axes, name: str, x_label: str, y_label: str) -> Chart:
    what = f"{y_label or name or 'values'} against {x_label or 'x'}"
    sentence = (
        f"A plot of {what}; the horizontal axis runs {_axis_range(axes.x_axis)}, "
        f"the vertical {_axis_range(axes.y_axis)}."
    )
    return Chart(name=name or y_label, sentence=sentence, rows=[])


def _checked(row: ChecklistRow) -> str:
    """What a checklist row's marks say: ticked, crossed or nothing yet."""
    if row.tick.get_stroke_opacity() > 0.5:
        return "holds (ticked)"
    if row.cross[0].get_stroke_opacity() > 0.5:
        return "does not hold (crossed)"
    return ""


class _Walk:
    """One pass over the scene's mobjects (see :func:`describe_scene`)."""

    def __init__(self) -> None:
        self.title = ""
        self.items: list[_Item] = []
        self.seen: set[int] = set()

    def take(self, mob: Mobject) -> None:
        """Mark ``mob`` and its family as described (a second copy is not repeated)."""
        self.seen.update(id(m) for m in mob.get_family())

    def walk(self, mob: Mobject) -> None:
        if id(mob) in self.seen or not _visible(mob):
            return
        if isinstance(mob, SceneTitle):
            self.title = self.title or _text_of(mob)
        elif isinstance(mob, ChecklistRow):
            self.items.append(_Item("equation", _tex_of(mob.label), mob.label))
            status = _checked(mob)
            if status:
                self.items.append(_Item("text", f"{plain_tex(_tex_of(mob.label))}: {status}", mob))
        elif isinstance(mob, HeadedBars):
            self.items.append(_Item("chart", (mob.bars, self.name_of(mob.heading)), mob.bars))
            self.walk(mob.heading)
        elif isinstance(mob, (ProbabilityBars, GradientBars)):
            self.items.append(_Item("chart", (mob, None), mob))
        elif isinstance(mob, (LossPlot, RacePanel)):
            x_label = mob.x_label
            y_label = getattr(mob, "y_label", None)
            title = getattr(mob, "title", None)
            names = [self.name_of(m) if m is not None else "" for m in (title, x_label, y_label)]
            self.items.append(_Item("plot", (mob.axes, *names), mob.axes))
            self.take(mob.axes)
            for part in (title, x_label, y_label):
                if part is not None:
                    self.take(part)
            for sub in mob.submobjects:
                self.walk(sub)
            return
        elif isinstance(mob, Axes):
            self.items.append(_Item("plot", (mob, "", "", ""), mob))
        elif isinstance(mob, Readout):
            parts = [mob.label, mob.number, mob.unit]
            tex = " ".join(
                number_text(p) if isinstance(p, DecimalNumber) else p.tex_string
                for p in parts
                if p is not None and _visible(p)
            )
            self.items.append(_Item("equation" if mob.label or mob.unit else "number", tex, mob))
        elif isinstance(mob, TexLine):
            pieces = [
                rf"\text{{{_text_of(p)}}}" if isinstance(p, Text) else p.tex_string
                for p in mob.pieces
            ]
            self.items.append(_Item("equation", " ".join(pieces), mob))
        elif isinstance(mob, DecimalNumber):
            self.items.append(_Item("number", number_text(mob), mob))
        elif isinstance(mob, Tex):
            tex = _tex_of(mob)
            if "$" in str(mob.tex_string):
                self.items.append(_Item("equation", tex, mob))
            else:
                self.items.append(_Item("text", " ".join(str(mob.tex_string).split()), mob))
        elif isinstance(mob, (MathTex, SingleStringMathTex)):
            self.items.append(_Item("equation", _tex_of(mob), mob))
        elif isinstance(getattr(mob, "tex_string", None), str):
            # a part of a MathTex shown on its own (``Write(formula[:3])``)
            self.items.append(_Item("part", " ".join(mob.tex_string.split()), mob))
        elif isinstance(mob, (Text, MarkupText, Paragraph)):
            self.items.append(_Item("text", _text_of(mob), mob))
        else:
            for sub in mob.submobjects:
                self.walk(sub)
            return
        self.take(mob)

    @staticmethod
    def name_of(mob: Mobject) -> str:
        if isinstance(mob, (Text, MarkupText, Paragraph)):
            return _text_of(mob)
        if isinstance(mob, Tex):
            return plain_tex(_tex_of(mob))
        if isinstance(mob, (MathTex, SingleStringMathTex)):
            return plain_tex(mob.tex_string)
        return " ".join(filter(None, (_Walk.name_of(sub) for sub in mob.submobjects)))


def _join_parts(items: list[_Item]) -> list[_Item]:
    """Parts of one formula the scene showed piece by piece, one after the other, as one
    equation (its TeX in order)."""
    joined: list[_Item] = []
    for item in items:
        if item.kind == "part" and joined and joined[-1].kind == "part":
            last = joined[-1]
            joined[-1] = _Item("part", f"{last.value} {item.value}", VGroup(last.mob, item.mob))
        else:
            joined.append(item)
    return [_Item("equation", i.value, i.mob) if i.kind == "part" else i for i in joined]


def _join_numbers(items: list[_Item]) -> list[_Item]:
    """A lone number set just right of an equation on its line is that equation's value
    (a readout whose label and number the scene animated in separately)."""
    joined: list[_Item] = []
    numbers = [i for i in items if i.kind == "number"]
    used: set[int] = set()
    for item in items:
        if item.kind == "equation":
            _, bottom, right, top = item.box
            for number in numbers:
                n_left, n_bottom, _, n_top = number.box
                level = min(top, n_top) - max(bottom, n_bottom) > 0.5 * (n_top - n_bottom)
                if id(number) not in used and level and 0 <= n_left - right <= _NEAR:
                    used.add(id(number))
                    item = _Item("equation", f"{item.value} {number.value}", item.mob)
                    break
        if id(item) not in used:
            joined.append(item)
    return [i for i in joined if id(i) not in used]


def _heading_above(chart: _Item, items: Iterable[_Item], plot: Mobject) -> str:
    """The name of the text set just above a chart's plot area, over its middle."""
    centre = float(plot.get_center()[0])
    top = float(plot.get_top()[1])
    best, best_gap = "", _HEADING_REACH
    for item in items:
        if item.kind not in ("text", "equation"):
            continue
        left, bottom, right, _ = item.box
        gap = bottom - top
        if left <= centre <= right and 0 <= gap < best_gap:
            best, best_gap = _Walk.name_of(item.mob), gap
    return best


def _sentence(text: str) -> str:
    return text if text.endswith((".", ":", "?", "!")) else f"{text}."


def _paragraph(description: Description) -> str:
    parts = []
    if description["title"]:
        parts.append(_sentence(f"Title: {description['title']}"))
    for text in description["texts"]:
        parts.append(_sentence(text))
    for tex in description["equations"]:
        parts.append(f"Equation: {plain_tex(tex)}.")
    for chart in description["charts"]:
        rows = ", ".join(f"{label} {value}" for label, value in chart["rows"])
        parts.append(chart["sentence"] + (f" Values: {rows}." if rows else ""))
    return " ".join(parts) or "No text, numbers or charts on screen, only shapes."


def describe_scene(scene: Any) -> Description:
    """What ``scene`` shows now (see the module docstring)."""
    walk = _Walk()
    for mob in scene.mobjects:
        walk.walk(mob)
    items = _join_numbers(_join_parts(walk.items))
    description = Description(title=walk.title, texts=[], equations=[], charts=[], text="")
    for item in items:
        if item.kind in ("text", "number"):
            description["texts"].append(item.value)
        elif item.kind == "equation":
            description["equations"].append(item.value)
        elif item.kind == "chart":
            bars, name = item.value
            if name is None:
                name = _heading_above(item, items, bars.plot_area)
            description["charts"].append(_bar_chart(bars, name))
        else:
            axes, title, x_label, y_label = item.value
            description["charts"].append(_plot_chart(axes, title, x_label, y_label))
    description["text"] = _paragraph(description)
    return description
