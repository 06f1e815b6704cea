"""scenes.components.captions: a beat's caption as readable cues (at most 2 lines of 42
characters, broken at natural points, timed in proportion to their characters)."""

from __future__ import annotations

import doctest
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenes.components import captions
from scenes.components.captions import (
    LINE_WIDTH,
    MAX_CPS,
    MIN_SECONDS,
    break_lines,
    chars_per_second,
    cue_problems,
    pace_caption,
    reading_length,
)


def test_doctests() -> None:
    result = doctest.testmod(captions)
    assert result.attempted > 0 and result.failed == 0


class TestBreakLines:
    def test_a_short_caption_stays_one_line(self) -> None:
        assert break_lines("The sum splits into two sums.") == "The sum splits into two sums."

    def test_breaks_after_a_clause(self) -> None:
        text = "Slide the prediction away from the truth: p falls from 1 toward 0."
        assert (
            break_lines(text)
            == "Slide the prediction away from the truth:\np falls from 1 toward 0."
        )

    def test_breaks_before_a_conjunction_rather_than_inside_a_phrase(self) -> None:
        text = "Cross-entropy is the labels' entropy plus the KL divergence."
        assert break_lines(text) == "Cross-entropy is the labels' entropy\nplus the KL divergence."

    def test_never_inside_brackets_nor_beside_an_operator(self) -> None:
        text = "MSE's gradient carries the factor σ(z)(1 − σ(z)) and p = σ(z) here"
        lines = break_lines(text)
        assert lines is not None
        first, second = lines.split("\n")
        assert first.count("(") == first.count(")")
        assert not first.endswith(("=", "−")) and not second.startswith(("=", "−"))

    def test_never_leaves_an_article_at_a_line_end_when_it_can_help_it(self) -> None:
        lines = break_lines("Take one example whose true label is y = 1, and let the model")
        assert lines is not None
        assert not lines.split("\n")[0].endswith((" the", " a", " an"))

    def test_none_when_two_lines_cannot_hold_it(self) -> None:
        assert break_lines("word " * 30) is None


class TestPaceCaption:
    def test_one_cue_over_the_whole_beat(self) -> None:
        cues = pace_caption("As P moves toward P*, the KL divergence shrinks to zero.", 6.0)
        assert [(c.start, c.end) for c in cues] == [(0.0, 1.0)]
        assert cues[0].text == "As P moves toward P*,\nthe KL divergence shrinks to zero."

    def test_a_long_caption_becomes_cues_split_at_sentences(self) -> None:
        text = (
            "Cross-entropy grows without bound on a confident mistake. "
            "The squared error can never pass 1, however wrong the model is."
        )
        cues = pace_caption(text, 10.0)
        assert [c.text.replace("\n", " ") for c in cues] == [
            "Cross-entropy grows without bound on a confident mistake.",
            "The squared error can never pass 1, however wrong the model is.",
        ]
        # timed in proportion to their characters: each reads at the beat's pace
        speeds = [chars_per_second(c.text, (c.end - c.start) * 10.0) for c in cues]
        assert speeds == pytest.approx([reading_length(text) / 10.0] * 2, rel=0.05)

    def test_a_short_cue_gets_the_minimum_time_when_the_beat_has_it(self) -> None:
        cues = pace_caption(
            "So. Then the squared error can never pass 1, however wrong the model is, "
            "and cross-entropy grows without any bound at all.",
            7.0,
        )
        assert all((c.end - c.start) * 7.0 >= MIN_SECONDS - 1e-9 for c in cues)

    def test_no_words_no_cues(self) -> None:
        assert pace_caption("   ", 3.0) == []

    @given(
        words=st.lists(
            st.text(alphabet="abcdefghij,.:()=", min_size=1, max_size=12), min_size=1, max_size=40
        ),
        seconds=st.floats(min_value=0.5, max_value=60),
    )
    def test_cues_keep_every_word_in_order_fit_and_tile_the_beat(
        self, words: list[str], seconds: float
    ) -> None:
        text = " ".join(words)
        cues = pace_caption(text, seconds)
        assert " ".join(c.text for c in cues).split() == text.split()
        assert cues[0].start == 0.0 and cues[-1].end == 1.0
        for before, after in itertools.pairwise(cues):
            assert before.end == after.start
        for cue in cues:
            assert cue.end > cue.start
            lines = cue.text.split("\n")
            assert len(lines) <= 2 and all(len(line) <= LINE_WIDTH for line in lines)


class TestCueProblems:
    def test_a_readable_cue_has_none(self) -> None:
        assert cue_problems("The sum splits into two sums.", 3.0) == []

    def test_too_fast_too_short_too_many_lines_too_wide(self) -> None:
        assert cue_problems("x" * 40, 40 / MAX_CPS - 0.1)[0].startswith("17.")
        assert "on screen 1.00 s" in cue_problems("Hi.", 1.0)[0]
        assert cue_problems("a\nb\nc", 5.0) == ["3 lines (at most 2)"]
        assert cue_problems("y" * 43, 5.0) == ["a line of 43 characters (at most 42)"]

    def test_reading_speed_counts_a_line_break_as_a_space(self) -> None:
        assert reading_length("one two\nthree") == len("one two three")
        assert chars_per_second("abcd", 2.0) == 2.0
