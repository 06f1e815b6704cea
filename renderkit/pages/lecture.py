"""Lecture mode for a render pass: the presenter page and the deck, recorded in the manifest.

After the scenes of a run are rendered (or found up to date) with their beat clips,
``--present`` writes ``OUT/present.html`` (:mod:`renderkit.pages.present`), ``--one-file``
embeds every clip in it, and ``--pptx`` writes ``OUT/present.pptx`` (:mod:`renderkit.pages.deck`),
for the scenes of this run in story order. The manifest's ``lecture`` record names them
and the scenes they hold; the gallery links to the presenter.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..outputs import manifest
from ..outputs.manifest import Entry, Lecture
from .present import write_presenter

PRESENT_NAME = "present.html"
DECK_NAME = "present.pptx"


def write_lecture(
    out: Path, scenes: Sequence[Entry], *, present: bool, one_file: bool, pptx: bool
) -> Lecture | None:
    """Write what was asked for from the entries of the scenes rendered or up to date;
    record it in the manifest.

    Scenes without beat clips are left out; with none left, nothing is written and
    ``ValueError`` says why.
    """
    if not (present or one_file or pptx):
        return None
    entries = [entry for entry in scenes if entry.get("sections")]
    if not entries:
        raise ValueError("no scene with beat clips to present")
    record = Lecture(scenes=[e["scene"] for e in entries], present=None, pptx=None)
    if present or one_file:
        write_presenter(out, entries, one_file=one_file)
        record["present"] = PRESENT_NAME
    if pptx:
        from .deck import write_deck  # python-pptx takes a second to import: only for --pptx

        write_deck(out, entries)
        record["pptx"] = DECK_NAME
    manifest.set_lecture(out, record)
    return record
