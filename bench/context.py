"""What one bench run measures (the :class:`Plan`) and what its measurements share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .project import Scene
from .report import Report

EDIT_SCENE = "kl-to-cross-entropy"  #: the scene whose equation measurement 3 edits
#: The scenes whose last beat and caption measurements 6 and 7 edit, at medium quality.
BEAT_SCENES = ("kl-to-cross-entropy", "learning-race")


@dataclass(frozen=True)
class Plan:
    """The command line's choices."""

    reps: int  #: repetitions of every measurement (medians reported)
    jobs: int  #: render.py ``-j``
    scenes: tuple[str, ...] = ()  #: the scenes to measure; none means all
    high_scene: str = ""  #: the scene rendered at high quality; empty: the shortest
    high_reps: int | None = None  #: repetitions of the high render; None: ``reps``
    skip_high: bool = False
    worktree: bool = False  #: measure the working tree instead of HEAD
    keep: bool = False  #: keep the temporary folder
    baseline: str = ""  #: the scene-level commit measured against; empty: the one before beats


@dataclass
class Bench:
    """One run: its plan, its temporary folder with the snapshot, its report so far and
    the scenes still measured (a scene that fails to render is dropped)."""

    plan: Plan
    work: Path
    report: Report
    scenes: list[Scene] = field(default_factory=list)
    #: the snapshot with the scene-level pipeline (None: not measured) and what it is
    baseline: Path | None = None
    baseline_source: str = ""

    @property
    def project(self) -> Path:
        """The snapshot of the project."""
        return self.work / "project"

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenes]

    def scene(self, name: str) -> Scene | None:
        """The measured scene called ``name``, if it is measured."""
        return next((s for s in self.scenes if s.name == name), None)
