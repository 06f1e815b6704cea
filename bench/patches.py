"""The bench's edits: fixed text patches to the bench's copy of the project, each with
the beats it may make render.py draw again and its target."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """Something the bench cannot measure; reported as one line."""


@dataclass(frozen=True)
class Patch:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``file``."""

    file: str  #: relative to the project
    old: str
    new: str

    def apply(self, project: Path) -> str:
        """Patch ``project``'s file; its text before. :class:`BenchError` if ``old`` is
        not in it exactly once (the scene moved on: the patch must be updated)."""
        path = project / self.file
        text = path.read_text(encoding="utf-8")
        if (count := text.count(self.old)) != 1:
            raise BenchError(f"{self.file}: the patch's anchor {self.old!r} occurs {count} times")
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")
        return text

    @contextmanager
    def applied(self, project: Path) -> Iterator[None]:
        """The patch while the block runs, then the file as it was."""
        before = self.apply(project)
        try:
            yield
        finally:
            (project / self.file).write_text(before, encoding="utf-8")


@dataclass(frozen=True)
class Edit:
    """``old`` replaced by ``new`` in ``scene``'s file, measured against the scene's whole
    render: ``target`` is the ratio to meet; ``may_render`` the beats it may draw again
    (none: no beat drawn, no manim started, and the captions say "edited")."""

    label: str
    scene: str
    old: str
    new: str
    target: float
    may_render: tuple[str, ...] = ()

    @property
    def patch(self) -> Patch:
        return Patch(f"scenes/{self.scene.replace('-', '_')}.py", self.old, self.new)


KL, RACE = "kl-to-cross-entropy", "learning-race"
KL_CAPTION = "Set it aside: minimising KL over θ is minimising cross-entropy."
RACE_CAPTION = "Same start, same learning rate: MSE needs {ratio} times as many steps to learn."
KL_LAST, RACE_LAST = "Create(self.result_box), run_time=1)", "LEFT * 0.2), run_time=1.0)"
KL_LINE_4 = '(_KL, "=", _MINUS_H, _H, "+", _CE),'  #: DERIVATION's line 4 ("the names")

#: Each scene's edits, in the order measured: each is undone before the next, which must
#: not need what the one before it drew again (so the caption first, the data last).
#: (a) a literal of the last beat; (b) its caption; (c) DERIVATION's line 4 gets a thin
#: space (its TeX changes; lines 4-6 are shown in the last three beats).
EDITS = (
    Edit("(b) caption edited", KL, KL_CAPTION, KL_CAPTION[:-1] + ", edited.", 0.05),
    Edit("(a) last beat edited", KL, KL_LAST, KL_LAST[:-1] + ".5)", 0.3, ("set_entropy_aside",)),
    Edit(
        "(c) one DERIVATION line edited",
        KL,
        KL_LINE_4,
        KL_LINE_4[:-2] + r', r"\,"),',
        0.6,
        ("collect_terms", "flag_the_entropy", "set_entropy_aside"),
    ),
    Edit("(b) caption edited", RACE, RACE_CAPTION, RACE_CAPTION[:-1] + ", edited.", 0.05),
    Edit("(a) last beat edited", RACE, RACE_LAST, RACE_LAST[:-2] + "5)", 0.3, ("tally",)),
)
