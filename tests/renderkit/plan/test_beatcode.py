"""A beat's code digest covers what it reads of its module, and only that: an edit of
anything a beat reads, directly or through a helper, changes its digest (a stale clip is
never reused); an edit of what it does not read, or of a caption, leaves it."""

from __future__ import annotations

import pytest

from renderkit.plan.beatcode import ModuleCode, beat_captions, caption_blind_digest

SOURCE = '''
"""A scene."""

from manim import *

from scenes.components import ExplainerScene, beat

SIZE = 2.0
OFFSET = 0.5
SPEED = 3.0
LINES = ("a", "b", "c")
UNUSED = 1


def scaled(x):
    return x * SIZE


def helper():
    return scaled(1.0)


class Shapes(ExplainerScene):
    colour = "RED"
    pause = 1.0

    def construct(self):
        self.labels = [Text(t) for t in LINES]
        self.first()
        self.second()
        self.third()
        self.fourth()

    def make_square(self):
        return Square(side_length=helper())

    @beat("First.")
    def first(self):
        self.play(FadeIn(self.make_square()))
        self.wait(self.pause)

    @beat("Second.", name="second-beat")
    def second(self):
        dot = Dot()
        dot.add_updater(lambda m: m.set_x(OFFSET))
        self.add(dot)
        self.play(FadeIn(self.labels[0]), run_time=SPEED)

    @beat("Third.")
    def third(self):
        self.play(Circle(color=getattr(self, "colour")).animate.shift(UP))

    @beat("Fourth.")
    def fourth(self):
        self.wait(1)
'''

BEATS = ("first", "second", "third", "fourth")


def digests(source: str) -> dict[str, str]:
    code = ModuleCode(source)
    return {name: code.beat_digest(name) for name in BEATS}


def changed(edit: tuple[str, str], source: str = SOURCE) -> set[str]:
    old, new = edit
    assert old in source, old
    before, after = digests(source), digests(source.replace(old, new, 1))
    return {name for name in BEATS if before[name] != after[name]}


@pytest.mark.parametrize(
    ("edit", "readers"),
    [
        # a helper method, the module function it calls, and the constant that one reads
        (("return Square(side_length=helper())", "return Square(side_length=2)"), {"first"}),
        (("return scaled(1.0)", "return scaled(2.0)"), {"first"}),
        (("SIZE = 2.0", "SIZE = 2.5"), {"first"}),  # through two module-level functions
        (("pause = 1.0", "pause = 1.5"), {"first"}),  # a class attribute
        (("OFFSET = 0.5", "OFFSET = 0.7"), {"second"}),  # a constant used in an updater
        (("SPEED = 3.0", "SPEED = 2.0"), {"second"}),
        (('colour = "RED"', 'colour = "BLUE"'), {"third"}),  # named by a string
        (("self.wait(1)", "self.wait(2)"), {"fourth"}),  # its own code
        # the beat's name (a keyword of its decorator) is part of it
        (('name="second-beat"', 'name="the-second"'), {"second"}),
    ],
)
def test_an_edit_changes_exactly_the_beats_that_read_it(
    edit: tuple[str, str], readers: set[str]
) -> None:
    assert changed(edit) == readers


@pytest.mark.parametrize(
    "edit",
    [
        ('@beat("Second.",', '@beat("Second, said again.",'),  # a caption
        ("UNUSED = 1", "UNUSED = 2"),  # a constant no beat reads
        # data used only to build the scene's attributes before the beats: the job hashes
        # those attributes' values at each beat's start instead
        ('LINES = ("a", "b", "c")', 'LINES = ("a", "B", "c")'),
        ('"""A scene."""', '"""A scene, documented."""'),
    ],
)
def test_an_edit_no_beat_reads_changes_none(edit: tuple[str, str]) -> None:
    assert changed(edit) == set()


def test_a_computed_attribute_name_makes_every_edit_count() -> None:
    source = SOURCE.replace('getattr(self, "colour")', 'getattr(self, "col" + "our")')
    assert changed(("UNUSED = 1", "UNUSED = 2"), source) == {"third"}


def test_imports_and_statements_that_name_nothing_are_in_every_beat() -> None:
    assert changed(("from manim import *", "from manim import Square"), SOURCE) == set(BEATS)
    more = SOURCE.replace("UNUSED = 1", "UNUSED = 1\nconfig.frame_rate = 5")
    assert changed(("config.frame_rate = 5", "config.frame_rate = 6"), more) == set(BEATS)


def test_a_beat_with_arguments_includes_its_callers() -> None:
    source = SOURCE.replace("def fourth(self):", "def fourth(self, n=1):").replace(
        "self.fourth()", "self.fourth(n=2)"
    )
    assert changed(("self.fourth(n=2)", "self.fourth(n=3)"), source) == {"fourth"}


def test_the_caption_blind_digest_ignores_captions_only() -> None:
    base = caption_blind_digest(SOURCE)
    assert caption_blind_digest(SOURCE.replace('"First."', '"At first."')) == base
    assert caption_blind_digest(SOURCE.replace("SPEED = 3.0", "SPEED = 2.0")) != base
    assert caption_blind_digest(SOURCE.replace('"second-beat"', '"two"')) != base
    assert caption_blind_digest(SOURCE.replace("# x", "")) == base


def test_beat_captions_by_beat_name() -> None:
    assert beat_captions(SOURCE) == {
        "first": "First.",
        "second-beat": "Second.",
        "third": "Third.",
        "fourth": "Fourth.",
    }
    computed = SOURCE.replace('@beat("Third.")', "@beat(THIRD)")
    assert beat_captions(computed)["third"] is None
