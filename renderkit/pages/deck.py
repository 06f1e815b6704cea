"""``OUT/present.pptx``: the lecture as a PowerPoint deck, one slide per beat.

A title slide, then for every beat (a scene's section clip, see
:func:`renderkit.pages.present.lecture_beats`) a slide with the clip embedded as a movie, its
first frame as the poster frame, the scene's name as a small header and the beat's
caption as the speaker notes.

Accessible as a checker reads it: the header is the slide's *title placeholder* (so every
slide has a title, and it comes first in the reading order, before the movie), and each
movie carries the beat's description (what is on screen at its end; its caption for a
manifest from before descriptions) as its alternative text (``descr`` on ``p:cNvPr``).

Each movie starts on its own when its slide is shown: the slide's media timing node
(which python-pptx writes with ``delay="indefinite"``, i.e. "on click") gets
``delay="0"``, as PowerPoint writes "Start: Automatically".

The slide is 16:9; each clip is fitted inside the area under the header, keeping its
aspect ratio (read from its first frame), on a background of the clip's own corner colour
so the letterbox does not show.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from ..outputs import files
from ..outputs.manifest import Entry
from .present import DEFAULT_TITLE, Beat, lecture_beats

__all__ = ["DECK_NAME", "write_deck"]

DECK_NAME = "present.pptx"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13 + 1 / 3), Inches(7.5)  # 16:9, PowerPoint's default
HEADER_HEIGHT = Inches(0.5)
MARGIN = Inches(0.2)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # in python-pptx's default template
_MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime"}

RGB = tuple[int, int, int]


class Frame(NamedTuple):
    """A clip's first frame, saved as the movie's poster frame."""

    poster: Path  #: PNG
    width: int
    height: int
    background: RGB  #: its top-left pixel, the slide's background


def _first_frame(clip: Path, poster: Path) -> Frame:
    """Write the clip's first frame to ``poster`` (PNG) and describe it."""
    from PIL import Image

    from ..outputs.media import write_poster

    write_poster(clip, poster, at=0.0)  # the last frame before t=0: the very first one
    with Image.open(poster) as image:
        pixel = image.convert("RGB").getpixel((0, 0))
        if not isinstance(pixel, tuple):
            raise ValueError(f"{clip.name}: its first frame has no RGB pixel")
        r, g, b = (int(v) for v in pixel[:3])
        return Frame(poster, image.width, image.height, (r, g, b))


def _ink_for(background: RGB) -> tuple[RGBColor, RGBColor]:
    """Text colours (main, muted) that read on ``background`` (by its relative luminance)."""
    r, g, b = background
    if 0.2126 * r + 0.7152 * g + 0.0722 * b < 128:
        return RGBColor(0xEC, 0xEC, 0xEF), RGBColor(0x9A, 0x9A, 0xA2)
    return RGBColor(0x1D, 0x1D, 0x1F), RGBColor(0x6B, 0x6B, 0x70)


def _fill_background(slide: Slide, colour: RGB) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(*colour)


def _fit(width: int, height: int) -> tuple[Emu, Emu, Emu, Emu]:
    """Left, top, width, height of a ``width`` x ``height`` picture fitted (aspect kept)
    into the slide below the header, centred."""
    box_w = SLIDE_WIDTH - 2 * MARGIN
    box_h = SLIDE_HEIGHT - HEADER_HEIGHT - 2 * MARGIN
    scale = min(box_w / width, box_h / height)
    w, h = round(width * scale), round(height * scale)
    left = (SLIDE_WIDTH - w) // 2
    top = HEADER_HEIGHT + MARGIN + (box_h - h) // 2
    return Emu(left), Emu(top), Emu(w), Emu(h)


def _start_on_its_own(slide: Slide, movie: GraphicFrame) -> None:
    """Make ``movie`` play when its slide is shown instead of on a click."""
    nodes = slide.element.xpath(
        f"./p:timing//p:video/p:cMediaNode[p:tgtEl/p:spTgt/@spid='{movie.shape_id}']"
        "/p:cTn/p:stCondLst/p:cond"
    )
    if not nodes:
        raise ValueError(f"slide {slide.slide_id}: python-pptx wrote no timing for the movie")
    for cond in nodes:
        cond.set("delay", "0")


def _header(slide: Slide, text: str, colour: RGBColor) -> None:
    """The slide's title placeholder as a small header line at the top (first in the
    slide's shape tree, so first in its reading order)."""
    title = slide.shapes.title
    if title is None:
        raise ValueError("the beat slide's layout has no title placeholder")
    title.left, title.top = MARGIN, Inches(0.08)
    title.width, title.height = Emu(SLIDE_WIDTH - 2 * MARGIN), HEADER_HEIGHT
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(14)
    run.font.color.rgb = colour


def _alt_text(movie: GraphicFrame, text: str) -> None:
    """Set ``movie``'s alternative text (what PowerPoint shows under "Alt Text")."""
    (properties,) = movie._element.xpath("./p:nvPicPr/p:cNvPr")
    properties.set("descr", text)


def _beat_slide(deck: Deck, clip: Path, beat: Beat, frame: Frame) -> None:
    """Add the slide of one beat: header, the clip as a movie that starts on its own,
    the caption as notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    _fill_background(slide, frame.background)
    _, muted = _ink_for(frame.background)
    _header(slide, f"{beat.scene} · {beat.label}  ({beat.number}/{beat.count})", muted)
    movie = slide.shapes.add_movie(
        str(clip),
        *_fit(frame.width, frame.height),
        poster_frame_image=str(frame.poster),
        mime_type=_MIME.get(clip.suffix.lower(), "video/unknown"),
    )
    movie.name = f"{beat.scene} {beat.number}: {beat.label}"
    _alt_text(movie, beat.alt_text)
    _start_on_its_own(slide, movie)
    slide.notes_slide.notes_text_frame.text = beat.notes


def _title_slide(deck: Deck, title: str, beats: Sequence[Beat], background: RGB) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    _fill_background(slide, background)
    ink, muted = _ink_for(background)
    scenes = list(dict.fromkeys(b.scene for b in beats))
    slide.shapes.title.text = title
    subtitle = slide.placeholders[1]
    subtitle.text = f"{len(scenes)} scenes · {len(beats)} beats\n" + " · ".join(scenes)
    # The default template is 4:3: spread its placeholders over the 16:9 slide.
    for shape, top, height in ((slide.shapes.title, 2.2, 1.5), (subtitle, 3.9, 1.6)):
        shape.left, shape.width = Inches(1), SLIDE_WIDTH - Inches(2)
        shape.top, shape.height = Inches(top), Inches(height)
    for shape, colour in ((slide.shapes.title, ink), (subtitle, muted)):
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.color.rgb = colour
    slide.notes_slide.notes_text_frame.text = "\n".join(
        f"{b.scene}: {b.scene_title}" for b in {b.scene: b for b in beats}.values()
    )


def write_deck(
    out_dir: Path,
    entries: Sequence[Entry],
    *,
    title: str = DEFAULT_TITLE,
    titles: Mapping[str, str] | None = None,
) -> Path:
    """Write ``out_dir/present.pptx`` for the section clips of ``entries`` (story order):
    a title slide, then one slide per beat. Written atomically; returns its path.

    ``titles`` maps a scene name to its one-line summary (default: the registry's).
    """
    out_dir = Path(out_dir)
    beats = lecture_beats(out_dir, entries, titles)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    final = out_dir / DECK_NAME
    with tempfile.TemporaryDirectory(prefix="deck-") as work:
        frames = [
            _first_frame(out_dir / beat.clip, Path(work, f"beat-{i:03d}.png"))
            for i, beat in enumerate(beats)
        ]
        _title_slide(deck, title, beats, frames[0].background)
        for beat, frame in zip(beats, frames, strict=True):
            _beat_slide(deck, out_dir / beat.clip, beat, frame)
        with files.atomic_output(final) as tmp:
            deck.save(str(tmp))
    return final
