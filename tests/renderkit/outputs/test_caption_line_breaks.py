"""A beat caption split into cues with line breaks (scenes.components.captions) keeps its
cues and breaks all the way to the published files: the beat report a worker sends as
JSON, the scene's SRT and WebVTT in video time, and a section clip's own captions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renderkit.jobs.beatjob import BeatReport
from renderkit.outputs.captions import format_srt, parse_srt, shift_cues, srt_to_vtt
from renderkit.outputs.publish import BeatClip, _timed_cues
from scenes.components.captions import pace_caption

CAPTION = (
    "Cross-entropy is minus the log of p. "
    "The squared error is (1 − p) squared, and it never passes 1."
)


@pytest.fixture
def cues() -> tuple[tuple[float, float, str], ...]:
    found = tuple((c.start, c.end, c.text) for c in pace_caption(CAPTION, 6.0))
    assert len(found) == 2 and "\n" in found[1][2]
    return found


def test_a_beat_report_carries_the_cues_and_their_breaks(cues) -> None:
    report = BeatReport(1, "draw_curves", "f" * 64, 6.0, cues, rendered=True)
    assert BeatReport.from_json(json.loads(json.dumps(report.to_json()))).cues == cues


def test_the_scene_and_clip_captions_keep_the_line_breaks(cues) -> None:
    beats = [BeatClip("show_axes", Path("a.mp4"), ((0.0, 1.0, "Axes."),)),
             BeatClip("draw_curves", Path("b.mp4"), cues)]  # fmt: skip
    timed = _timed_cues(beats, [2.0, 6.0])
    srt = format_srt([cue for beat in timed for cue in beat])
    read = parse_srt(srt)
    assert [c.text for c in read] == ["Axes.", *(text for _, _, text in cues)]
    middle = 2.0 + 6 * cues[0][1]
    assert [t for c in read for t in (c.start, c.end)] == pytest.approx(
        [0.0, 2.0, 2.0, middle, middle, 8.0], abs=1e-3
    )
    assert "(1 − p) squared,\nand it never passes 1." in srt_to_vtt(srt)
    # the section clip of the second beat: its cues from 0, breaks kept
    clip = parse_srt(format_srt(shift_cues(timed[1], -2.0)))
    assert [c.text for c in clip] == [text for _, _, text in cues]
    assert clip[0].start == 0.0 and clip[-1].end == pytest.approx(6.0, abs=1e-3)
