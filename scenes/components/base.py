"""The base class of every explainer scene: theme, beats, sections and subcaptions.

A scene's ``construct()`` is a short list of beats. Each beat is a method decorated
with :func:`beat`, which makes it one section (one clip with ``--save_sections``) and
one caption that spans the whole beat (as one or more timed cues, see :mod:`.captions`)::

    class Softmax(ExplainerScene):
        def construct(self):
            self.show_logits()
            self.exponentiate()

        @beat("A model's raw scores, the logits, can be any real number.")
        def show_logits(self):
            ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from manim import UP, MarkupText, Paragraph, Scene, Text, VMobject

from ..theme import FONT, Theme, active_theme
from .captions import pace_caption
from .svgcopy import share_svg_parse_trees
from .text_canvas import wide_text_canvas

share_svg_parse_trees()  # every scene copies mobjects: see scenes.components.svgcopy

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Beat:
    """A finished beat: its section name, its caption and when it ran (scene seconds)."""

    name: str
    caption: str
    start: float
    end: float


class SceneTitle(Text):
    """A scene's title (:meth:`ExplainerScene.make_title`): a ``Text`` that says what it is,
    so a description of the screen can name it."""


def beat(caption: str, name: str | None = None) -> Callable[[F], F]:
    """Make a method one beat: a section named after it, captioned with ``caption``.

    ``{field}`` in the caption is filled from the scene's :meth:`~ExplainerScene.caption_fields`
    when the beat starts, so a caption that mentions a number says the scene's value.
    """

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def run(self: ExplainerScene, *args: Any, **kwargs: Any) -> Any:
            with self.beat_section(name or method.__name__, self.caption_text(caption)):
                return method(self, *args, **kwargs)

        run.caption = caption  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return decorate


class ExplainerScene(Scene):
    """A manim ``Scene`` that applies the active theme and records its beats.

    ``self.theme`` holds the colours; every VMobject created without a colour takes the
    theme's text colour, so nothing comes out white on a white background.
    """

    theme: Theme

    def setup(self) -> None:
        super().setup()
        self.theme = active_theme()
        self.camera.background_color = self.theme.background
        VMobject.set_default(color=self.theme.text)
        for text_cls in (Text, MarkupText, Paragraph):
            text_cls.set_default(font=FONT)
        self._context = ExitStack()  # undone in tear_down
        self._context.enter_context(wide_text_canvas())  # no title wraps in a small render
        self.beats: list[Beat] = []

    def tear_down(self) -> None:
        VMobject.set_default()
        for text_cls in (Text, MarkupText, Paragraph):
            text_cls.set_default()
        self._context.close()
        super().tear_down()

    @contextmanager
    def beat_section(self, name: str, caption: str) -> Iterator[None]:
        """Run a block as one beat: a new section, and its caption over all of it, as
        the timed cues :func:`~scenes.components.captions.pace_caption` splits it into."""
        self.next_section(name)
        start = self.time
        yield
        length = self.time - start
        if length > 0:
            for cue in pace_caption(caption, length):
                duration = (cue.end - cue.start) * length
                self.add_subcaption(cue.text, duration=duration, offset=(cue.start - 1) * length)
        self.beats.append(Beat(name, caption, start, self.time))
        self.on_beat_end(self.beats[-1])

    def caption_fields(self) -> dict[str, Any]:
        """The values a caption's ``{field}`` may name (a scene with values overrides it)."""
        return {}

    def caption_text(self, caption: str) -> str:
        """``caption`` with its ``{field}`` filled from :meth:`caption_fields`."""
        return caption.format_map(self.caption_fields()) if "{" in caption else caption

    def make_title(self, text: str) -> SceneTitle:
        """The scene's title: one line of ``Text`` at ``theme.size.title`` in the text
        colour, centred at the top, ``theme.space.edge`` below the frame's edge.

        Every scene titles itself with this, so titles match from scene to scene.
        """
        title = SceneTitle(text, font_size=self.theme.size.title, color=self.theme.text)
        return title.to_edge(UP, buff=self.theme.space.edge)

    def on_beat_end(self, finished: Beat) -> None:
        """Called at the end of every beat; ``scenes.inspection.probe`` hooks its frame
        grab and layout check here (in a subclass), and so can a test."""
