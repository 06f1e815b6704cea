"""renderkit.outputs.captions: SRT in and out, WebVTT, cutting for sections, shifting, joining."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import srt  # what manim writes its .srt files with

from renderkit.outputs.captions import (
    CaptionError,
    Cue,
    cut_captions,
    format_srt,
    format_timestamp,
    join_captions,
    parse_srt,
    shift_captions,
    srt_to_vtt,
)

# Verbatim from manim 0.22 (scenes.inspection.probe.render_video on a three-beat scene).
MANIM_SRT = """1
00:00:00,000 --> 00:00:01,400
First: a square & a <circle>.

2
00:00:01,400 --> 00:00:02,400
Second beat, with "quotes"
and two lines.

3
00:00:02,400 --> 00:00:03,200
Third.

"""


def spans(text: str) -> list[tuple[float, float, str]]:
    return [(c.start, c.end, c.text) for c in parse_srt(text)]


def test_parse_manim_output() -> None:
    assert spans(MANIM_SRT) == [
        (0.0, 1.4, "First: a square & a <circle>."),
        (1.4, 2.4, 'Second beat, with "quotes"\nand two lines.'),
        (2.4, 3.2, "Third."),
    ]


def test_parse_what_the_srt_package_composes() -> None:
    late = timedelta(hours=1, minutes=2, seconds=3.004)
    subs = [
        srt.Subtitle(1, timedelta(seconds=0.5), timedelta(seconds=2.25), "one"),
        srt.Subtitle(2, late, late + timedelta(seconds=0.996), "two\nlines"),
    ]
    assert spans(srt.compose(subs)) == [(0.5, 2.25, "one"), (3723.004, 3724.0, "two\nlines")]


def test_parse_tolerates_bom_crlf_missing_numbers_dots_and_short_fields() -> None:
    text = (
        "\ufeff1\r\n00:00:01,5 --> 00:00:02.25 X1:10 X2:20\r\nhello\r\n\r\n\r\n"
        "00:03.000 --> 00:04.000\r\nno number, no hours\r\n"
    )
    assert spans(text) == [(1.5, 2.25, "hello"), (3.0, 4.0, "no number, no hours")]


def test_parse_empty_and_blank_documents() -> None:
    assert parse_srt("") == []
    assert parse_srt("\n\n  \n") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\nnot a time\nhello\n", "SRT line 1"),
        ("1\n00:00:02,000 --> 00:00:01,000\nbackwards\n", "ends"),
        ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n7\n", "SRT line 5"),
    ],
)
def test_parse_errors_are_one_line_caption_errors(text: str, message: str) -> None:
    with pytest.raises(CaptionError, match=message) as info:
        parse_srt(text)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_format_round_trips_and_renumbers() -> None:
    cues = parse_srt(MANIM_SRT)
    out = format_srt(cues)
    assert parse_srt(out) == cues
    assert out == MANIM_SRT.rstrip("\n") + "\n"  # same bytes as manim, minus the trailing blank
    assert [line for line in out.splitlines() if line.isdigit()] == ["1", "2", "3"]


def test_format_drops_blank_lines_inside_a_cue() -> None:
    out = format_srt([Cue(0, 1, "a\n\nb"), Cue(1, 2, "c")])
    assert spans(out) == [(0, 1, "a\nb"), (1, 2, "c")]


@pytest.mark.parametrize(
    ("seconds", "srt_form", "vtt_form"),
    [
        (0, "00:00:00,000", "00:00:00.000"),
        (1.4, "00:00:01,400", "00:00:01.400"),
        (61.0005, "00:01:01,000", "00:01:01.000"),  # banker's rounding of 0.5 ms is fine
        (3723.999, "01:02:03,999", "01:02:03.999"),
        (-0.2, "00:00:00,000", "00:00:00.000"),
    ],
)
def test_timestamps(seconds: float, srt_form: str, vtt_form: str) -> None:
    assert format_timestamp(seconds) == srt_form
    assert format_timestamp(seconds, ".") == vtt_form


class _NoTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_srt_to_vtt_is_valid_webvtt() -> None:
    vtt = srt_to_vtt(MANIM_SRT)
    lines = vtt.splitlines()
    assert lines[0] == "WEBVTT" and lines[1] == ""
    timings = [line for line in lines if "-->" in line]
    assert timings == [
        "00:00:00.000 --> 00:00:01.400",
        "00:00:01.400 --> 00:00:02.400",
        "00:00:02.400 --> 00:00:03.200",
    ]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", t) for t in timings)
    # cue text is markup in WebVTT: a literal "<circle>" and "&" must be escaped
    assert "First: a square &amp; a &lt;circle&gt;." in lines
    parser = _NoTags()
    parser.feed(vtt)
    assert parser.tags == []
    # cues are separated by exactly one blank line and the file ends with a newline
    assert "\n\n\n" not in vtt and vtt.endswith("\n")


def test_vtt_keeps_shared_styling_tags_and_drops_font() -> None:
    vtt = srt_to_vtt(
        '1\n00:00:00,000 --> 00:00:01,000\n<I>very</I> <font color="red">red</font> a-->b\n'
    )
    assert "<i>very</i> red a--&gt;b" in vtt.splitlines()


def test_vtt_of_nothing_is_just_the_header() -> None:
    assert srt_to_vtt("") == "WEBVTT\n"


def test_cut_for_a_section_clips_and_shifts_to_zero() -> None:
    # section "two" runs 1.4 .. 2.4
    assert spans(cut_captions(MANIM_SRT, 1.4, 2.4)) == [
        (0.0, 1.0, 'Second beat, with "quotes"\nand two lines.')
    ]
    # a window across a boundary keeps both pieces, clipped
    assert spans(cut_captions(MANIM_SRT, 1.0, 2.6)) == [
        (0.0, 0.4, "First: a square & a <circle>."),
        (0.4, 1.4, 'Second beat, with "quotes"\nand two lines.'),
        (1.4, 1.6, "Third."),
    ]


def test_cut_ignores_rounding_slivers_at_section_boundaries() -> None:
    # section starts computed by summing float durations land a hair off the cue edges
    start = 0.7 + 0.7  # 1.4 - 2e-16
    assert [c[2] for c in spans(cut_captions(MANIM_SRT, start, 2.4000001))] == [
        'Second beat, with "quotes"\nand two lines.'
    ]


def test_cut_outside_every_cue_is_empty_and_bad_windows_raise() -> None:
    assert cut_captions(MANIM_SRT, 10, 20) == ""
    with pytest.raises(CaptionError, match="start < end"):
        cut_captions(MANIM_SRT, 2, 2)
    with pytest.raises(CaptionError):
        cut_captions(MANIM_SRT, -1, 2)


def test_shift_moves_and_trims_before_zero() -> None:
    assert spans(shift_captions(MANIM_SRT, 10))[0][:2] == (10.0, 11.4)
    assert [c[:2] for c in spans(shift_captions(MANIM_SRT, -2.0))] == [(0.0, 0.4), (0.4, 1.2)]


def test_join_places_each_scene_at_its_start() -> None:
    a = format_srt([Cue(0, 2, "a1"), Cue(2, 3, "a2")])
    b = format_srt([Cue(0, 1.5, "b1")])
    assert spans(join_captions([a, b], [0.0, 3.0])) == [
        (0, 2, "a1"),
        (2, 3, "a2"),
        (3, 4.5, "b1"),
    ]


def test_join_with_durations_keeps_cues_inside_their_own_clip() -> None:
    a = format_srt([Cue(0, 4, "runs long")])
    b = format_srt([Cue(0, 1, "b")])
    assert spans(join_captions([a, "", b], [0.0, 3.0, 3.0], [3.0, 0.0, 2.0])) == [
        (0, 3, "runs long"),
        (3, 4, "b"),
    ]
    with pytest.raises(CaptionError, match="one start"):
        join_captions([a, b], [0.0])


@pytest.mark.slow
def test_real_manim_srt(scene_media: Path) -> None:
    """A real render through the project's scene kit: its .srt parses and converts."""
    from manim import Square, Wait

    from scenes.components import ExplainerScene, beat
    from scenes.inspection.probe import render_video

    class CaptionProbe(ExplainerScene):
        def construct(self) -> None:
            self.first()
            self.second()

        @beat("x < y & z")
        def first(self) -> None:
            self.add(Square())
            self.play(Wait(1))

        @beat("Second")
        def second(self) -> None:
            self.play(Wait(1))

    movie = render_video(CaptionProbe, "dark", scene_media, width=64, height=36, fps=5)
    text = movie.with_suffix(".srt").read_text(encoding="utf-8")
    assert spans(text) == [(0.0, 1.0, "x < y & z"), (1.0, 2.0, "Second")]
    assert "x &lt; y &amp; z" in srt_to_vtt(text)
    assert spans(cut_captions(text, 1.0, 2.0)) == [(0.0, 1.0, "Second")]
