"""renderkit.pages.deck: present.pptx read back with python-pptx, and converted by LibreOffice.

The structure tests use tiny synthetic clips (PyAV, no manim); the LibreOffice test uses
the session's small real render of two scenes.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from present_fixtures import fake_description, fake_lecture
from present_fixtures import rendered_lecture as render_once

from renderkit.outputs.manifest import Entry
from renderkit.pages.deck import DECK_NAME, write_deck
from renderkit.pages.present import lecture_beats

MEDIA_RT = "http://schemas.microsoft.com/office/2007/relationships/media"
P14_MEDIA = "{http://schemas.microsoft.com/office/powerpoint/2010/main}media"


@pytest.fixture
def lecture(tmp_path: Path) -> tuple[Path, list[Entry]]:
    beats = [("softmax", ["Logits are raw scores.", "Exponentiate & normalise."])]
    entries = fake_lecture(tmp_path, [*beats, ("loss-curves", ["CE."])])
    return tmp_path, entries


def movies(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]


def test_a_title_slide_then_one_slide_per_beat(lecture):
    out, entries = lecture
    path = write_deck(out, entries, title="My lecture")
    assert path == out / DECK_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]
    deck = Presentation(str(path))
    assert len(deck.slides) == 3 + 1
    title = deck.slides[0]
    assert title.shapes.title.text == "My lecture"
    assert not movies(title)
    assert deck.slide_width * 9 == deck.slide_height * 16


def test_every_beat_slide_embeds_its_clip_as_a_movie_with_a_poster(lecture):
    out, entries = lecture
    deck = Presentation(str(write_deck(out, entries)))
    for slide, beat in zip(list(deck.slides)[1:], lecture_beats(out, entries), strict=True):
        (movie,) = movies(slide)
        pic = movie._element
        assert pic.tag.endswith("}pic")
        video_rid = pic.xpath("./p:nvPicPr/p:nvPr/a:videoFile/@r:link")[0]
        media_rid = pic.xpath(".//*[local-name()='media']/@r:embed")[0]
        video, media = slide.part.rels[video_rid], slide.part.rels[media_rid]
        assert video.reltype == RT.VIDEO and media.reltype == MEDIA_RT
        assert video.target_part is media.target_part
        assert media.target_part.content_type == "video/mp4"
        assert media.target_part.blob == (out / beat.clip).read_bytes()
        poster = slide.part.rels[pic.xpath("./p:blipFill/a:blip/@r:embed")[0]].target_part
        assert poster.content_type == "image/png"
        # within the slide, below the header, aspect ratio of the clip (64x36) kept
        assert 0 <= movie.left and movie.left + movie.width <= deck.slide_width
        assert movie.top > 0 and movie.top + movie.height <= deck.slide_height
        assert movie.width * 36 == pytest.approx(movie.height * 64, rel=1e-3)


def test_the_poster_is_the_clips_first_frame(lecture, tmp_path):
    out, entries = lecture
    deck = Presentation(str(write_deck(out, entries)))
    slide = deck.slides[1]
    pic = movies(slide)[0]._element
    poster = slide.part.rels[pic.xpath("./p:blipFill/a:blip/@r:embed")[0]].target_part
    (tmp_path / "poster.png").write_bytes(poster.blob)
    with Image.open(tmp_path / "poster.png") as image:
        grey = ImageStat.Stat(image.convert("L")).mean[0]
    # make_clip: frame k of the first clip is a flat grey of 35 + 20 k; frame 0 it is
    assert grey == pytest.approx(35, abs=3)


def test_each_movie_starts_on_its_own(lecture):
    out, entries = lecture
    deck = Presentation(str(write_deck(out, entries)))
    for slide in list(deck.slides)[1:]:
        (movie,) = movies(slide)
        conds = slide.element.xpath(
            f"./p:timing//p:video/p:cMediaNode[p:tgtEl/p:spTgt/@spid='{movie.shape_id}']"
            "/p:cTn/p:stCondLst/p:cond/@delay"
        )
        assert conds == ["0"]  # python-pptx writes "indefinite": on a click


def test_notes_are_the_captions_and_the_header_names_the_scene(lecture):
    out, entries = lecture
    deck = Presentation(str(write_deck(out, entries)))
    slides = list(deck.slides)[1:]
    notes = [s.notes_slide.notes_text_frame.text for s in slides]
    assert notes == ["Logits are raw scores.", "Exponentiate & normalise.", "CE."]
    headers = [next(s.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert headers == [
        "softmax · beat 1  (1/2)",
        "softmax · beat 2  (2/2)",
        "loss-curves · beat 1  (1/1)",
    ]


def _alt_texts(deck) -> list[str | None]:
    """Every movie's alternative text, read from the XML (``descr`` on ``p:cNvPr``)."""
    found = []
    for slide in deck.slides:
        for movie in movies(slide):
            (props,) = movie._element.xpath("./p:nvPicPr/p:cNvPr")
            found.append(props.get("descr"))
    return found


@pytest.mark.parametrize("described", [True, False], ids=["descriptions", "older-manifest"])
def test_every_movie_has_the_beats_description_as_alternative_text(tmp_path, described):
    entries = fake_lecture(
        tmp_path,
        [("softmax", ["Logits are raw.", "Exponentiate."]), ("loss-curves", ["CE."])],
        described=described,
    )
    deck = Presentation(str(write_deck(tmp_path, entries)))
    if described:  # what is on screen at each beat's end, as the manifest says
        expected = [
            fake_description("softmax", 1),
            fake_description("softmax", 2),
            fake_description("loss-curves", 1),
        ]
    else:  # a manifest from before descriptions: the caption stands in
        expected = ["Logits are raw.", "Exponentiate.", "CE."]
    assert _alt_texts(deck) == expected


def test_every_slide_has_a_title_first_in_its_reading_order(lecture):
    out, entries = lecture
    deck = Presentation(str(write_deck(out, entries)))
    for number, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.text.strip(), f"slide {number} has no title"
        assert title.is_placeholder
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        # the shape tree is the reading order: the title comes before anything else
        shapes = slide.element.xpath("./p:cSld/p:spTree/*[self::p:sp or self::p:pic]")
        first = shapes[0].xpath("./p:nvSpPr/p:nvPr/p:ph/@type")
        assert first and first[0] in ("title", "ctrTitle"), f"slide {number}"
    # the beat's header is its title, and it sits at the top, above the movie
    slide = deck.slides[1]
    assert slide.shapes.title.text == "softmax · beat 1  (1/2)"
    (movie,) = movies(slide)
    assert slide.shapes.title.top + slide.shapes.title.height <= movie.top


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="needs libreoffice-impress")
@pytest.mark.slow
def test_libreoffice_converts_it_one_page_per_slide(tmp_path_factory, tmp_path):
    out, entries = render_once(tmp_path_factory)
    deck = write_deck(out, entries)
    slides = len(Presentation(str(deck)).slides)
    assert slides == len(lecture_beats(out, entries)) + 1 == 12
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: no clash with others
    command = ["libreoffice", f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "present.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert pages == slides
    # the page of the last beat of softmax shows its poster frame (a drawing, not a blank)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "7", "-l", "7", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page-*.png")
    with Image.open(png) as image:
        assert image.width > image.height
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 5
