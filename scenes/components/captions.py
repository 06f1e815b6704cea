"""Caption pacing: a beat's caption as cues a room can read in the time the beat lasts.

Subtitle guidelines for adults (BBC, Netflix) keep a cue at or under about
:data:`MAX_CPS` characters per second (spaces count, a line break counts as the space it
replaces), on screen for at least :data:`MIN_SECONDS`, in at most :data:`MAX_LINES`
lines of at most :data:`LINE_WIDTH` characters, broken where a reader pauses: after a
sentence or a clause, before a conjunction, never inside brackets, never between an
article and its noun nor next to an ``=``.

:func:`pace_caption` is the one place that decides this. ``ExplainerScene.beat_section``
calls it at the end of every beat and adds one subcaption per cue; the cues' times are
fractions of the beat, split in proportion to their characters (so each cue reads at the
beat's pace). It cannot make a beat longer: a caption too long for its beat fails
:func:`cue_problems` (and the scene tests), and the beat holds longer or says less.

Pure Python, no manim: the tests and the readability report call it directly.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

MAX_CPS = 17.0  #: characters per second, at most
MIN_SECONDS = 1.5  #: on screen, at least
MAX_LINES = 2  #: lines per cue, at most
LINE_WIDTH = 42  #: characters per line, at most

#: A line should not end on these (an article or preposition waits for its noun).
_CLINGING = frozenset(
    "a an the its their his her our your my of to in on at by for with from into onto "
    "over under about as than and or but nor so is are be".split()
)
#: A line may start with these: they open a clause or a phrase.
_OPENERS = frozenset(
    "and but or so while which that because where when whose as to for with over "
    "into from then since though although if unless plus minus times".split()
)
#: What a new cue costs, against a bad break kept in one cue (see :func:`_break_penalty`).
_CUE_COST = 12.0
#: Symbols that bind what stands on either side (``y = 1``, ``a + b``).
_OPERATORS = frozenset("= + − - × · / | < > ≤ ≥ ≈ →".split())
#: The cost of a break inside brackets or beside an operator: only when nothing else fits.
_NEVER = 1000.0


@dataclass(frozen=True)
class TimedCue:
    """One cue of a beat: shown from ``start`` to ``end`` (fractions of the beat's
    length); ``text`` holds its line breaks."""

    start: float
    end: float
    text: str


def reading_length(text: str) -> int:
    """The characters a reader reads: spaces count, a line break counts as one space."""
    return len(" ".join(text.split()))


def chars_per_second(text: str, seconds: float) -> float:
    """Reading speed of ``text`` shown for ``seconds``: ``reading_length / seconds``."""
    return reading_length(text) / seconds if seconds > 0 else math.inf


def _bracket_depths(words: list[str]) -> list[int]:
    """How many brackets are open after each word."""
    depth, depths = 0, []
    for word in words:
        depth += sum(word.count(c) for c in "([{") - sum(word.count(c) for c in ")]}")
        depths.append(max(depth, 0))
    return depths


def _break_penalty(words: list[str], depths: list[int], i: int) -> float:
    """How bad a break between ``words[i - 1]`` and ``words[i]`` is (0 best)."""
    before, after = words[i - 1], words[i]
    if depths[i - 1] > 0 or before in _OPERATORS or after in _OPERATORS:
        return _NEVER
    if before[-1] in ".!?":
        return 0.0
    if before[-1] in ":;":
        return 1.0
    if before[-1] == "," or after in ("—", "–"):
        return 2.0
    # a clause's last few words left to start the next line ("a named / quantity:")
    ends = [w[-1] in ",;:.!?" for w in words[i : i + 3]]
    tail = 8.0 if any(ends[:2]) else 5.0 if any(ends) else 0.0
    if before.lower() in _CLINGING or before.endswith(("'s", "s'")):
        return 30.0 + tail
    if after.lower() in _OPENERS:
        return 4.0 + tail
    return 10.0 + tail


def _lines(words: list[str], width: int, lines: int) -> tuple[float, list[str]] | None:
    """The best way to set ``words`` in at most ``lines`` lines of ``width``: its cost
    (break penalties, and unequal lengths) and the lines; ``None`` if none fits."""
    one = " ".join(words)
    if len(one) <= width:
        return 0.0, [one]
    if lines < 2:
        return None
    depths = _bracket_depths(words)
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        head = " ".join(words[:i])
        if len(head) > width:
            break
        rest = _lines(words[i:], width, lines - 1)
        if rest is None:
            continue
        cost = _break_penalty(words, depths, i) + rest[0] + abs(len(head) - len(rest[1][0])) / 12
        if best is None or cost < best[0]:
            best = (cost, [head, *rest[1]])
    return best


def break_lines(text: str, width: int = LINE_WIDTH, lines: int = MAX_LINES) -> str | None:
    """``text`` set in at most ``lines`` lines of at most ``width`` characters, broken at
    the most natural point, joined with ``"\\n"``; ``None`` if it does not fit."""
    found = _lines(text.split(), width, lines)
    return None if found is None else "\n".join(found[1])


def _split(words: list[str], parts: int) -> tuple[float, list[list[str]]] | None:
    """The cheapest split of ``words`` into ``parts`` cues that each fit, and its cost;
    ``None`` if none fits. Cheap: natural break points, cues of similar length, natural
    line breaks inside each."""
    depths = _bracket_depths(words)
    target = len(" ".join(words)) / parts

    @functools.cache
    def best(start: int, parts: int) -> tuple[float, tuple[int, ...]] | None:
        """Cheapest split of ``words[start:]`` into ``parts`` cues: (cost, cue starts)."""
        if parts == 1:
            fit = _lines(words[start:], LINE_WIDTH, MAX_LINES)
            return None if fit is None else (fit[0], ())
        found: tuple[float, tuple[int, ...]] | None = None
        for stop in range(start + 1, len(words)):
            here = _lines(words[start:stop], LINE_WIDTH, MAX_LINES)
            if here is None:
                break
            rest = best(stop, parts - 1)
            if rest is None:
                continue
            share = abs(len(" ".join(words[start:stop])) - target)
            cost = here[0] + _break_penalty(words, depths, stop) + share / 4 + rest[0]
            if found is None or cost < found[0]:
                found = (cost, (stop, *rest[1]))
        return found

    split = best(0, parts)
    if split is None:
        return None
    bounds = [0, *split[1], len(words)]
    return split[0], [words[a:b] for a, b in itertools.pairwise(bounds)]


def _chunks(words: list[str]) -> list[list[str]]:
    """``words`` in the fewest cues that fit :data:`MAX_LINES` x :data:`LINE_WIDTH`, or
    one more when that spares a bad break (each extra cue costs :data:`_CUE_COST`)."""
    for parts in range(1, len(words) + 1):
        fewest = _split(words, parts)
        if fewest is not None:
            break
    else:
        raise ValueError(f"a word is longer than a caption line ({LINE_WIDTH}): {words}")
    more = _split(words, parts + 1) if parts < len(words) else None
    if more is not None and more[0] + _CUE_COST < fewest[0]:
        return more[1]
    return fewest[1]


def _shares(lengths: list[int], seconds: float) -> list[float]:
    """Each cue's share of the beat: in proportion to its characters, but at least
    :data:`MIN_SECONDS` when the beat is long enough for every cue to have it."""
    total = sum(lengths)
    shares = [n / total for n in lengths]
    floor = MIN_SECONDS / seconds if seconds > 0 else 0.0
    if floor * len(lengths) > 1:
        return shares
    short = [s < floor for s in shares]
    while True:
        free = 1 - floor * sum(short)
        rest = sum(n for n, low in zip(lengths, short, strict=True) if not low)
        shares = [floor if low else free * n / rest for n, low in zip(lengths, short, strict=True)]
        more = [s < floor - 1e-12 for s in shares]
        if more == short or not any(m and not s for m, s in zip(more, short, strict=True)):
            return shares
        short = [a or b for a, b in zip(short, more, strict=True)]


def pace_caption(caption: str, seconds: float) -> list[TimedCue]:
    """The cues of a beat that lasts ``seconds`` and says ``caption``: as few as fit
    :data:`MAX_LINES` lines of :data:`LINE_WIDTH`, line breaks at natural points, timed
    in proportion to their characters (each at least :data:`MIN_SECONDS` if the beat
    allows), end to end over the whole beat (fractions from 0 to 1).

    >>> [c.text for c in pace_caption("The sum splits into two sums.", 3.8)]
    ['The sum splits into two sums.']
    >>> for cue in pace_caption("Cross-entropy is minus the log of p. The squared "
    ...                         "error is (1 − p) squared, and it never passes 1.", 6.0):
    ...     print(f"{cue.start:.2f}-{cue.end:.2f} {cue.text!r}")
    0.00-0.38 'Cross-entropy is minus the log of p.'
    0.38-1.00 'The squared error is (1 − p) squared,\\nand it never passes 1.'
    """
    words = caption.split()
    if not words:
        return []
    chunks = _chunks(words)
    texts = [break_lines(" ".join(chunk)) or " ".join(chunk) for chunk in chunks]
    shares = _shares([reading_length(t) for t in texts], seconds)
    cues, start = [], 0.0
    for i, (text, share) in enumerate(zip(texts, shares, strict=True)):
        end = 1.0 if i == len(texts) - 1 else start + share
        cues.append(TimedCue(start, end, text))
        start = end
    return cues


def cue_problems(text: str, seconds: float) -> list[str]:
    """What makes one cue of ``seconds`` hard to read, as sentences (none: readable)."""
    problems = []
    cps = chars_per_second(text, seconds)
    if cps > MAX_CPS:
        problems.append(f"{cps:.1f} characters per second (at most {MAX_CPS:g})")
    if seconds < MIN_SECONDS:
        problems.append(f"on screen {seconds:.2f} s (at least {MIN_SECONDS:g} s)")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        problems.append(f"{len(lines)} lines (at most {MAX_LINES})")
    for line in lines:
        if len(line) > LINE_WIDTH:
            problems.append(f"a line of {len(line)} characters (at most {LINE_WIDTH})")
    return problems
