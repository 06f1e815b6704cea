"""renderkit.pages.present without a browser: the beats, the page's data, escaping, one-file."""

from __future__ import annotations

import base64
import json
import re
import stat
from pathlib import Path

import pytest
from present_fixtures import fake_description, fake_lecture

from renderkit.outputs.manifest import Entry
from renderkit.pages.present import (
    DEFAULT_TITLE,
    PRESENT_NAME,
    lecture_beats,
    render_presenter,
    scene_titles,
    write_presenter,
)
from scenes.registry import find_scene

EVIL = '</script><script>alert("x")</script> & <b>'


@pytest.fixture
def lecture(tmp_path: Path) -> tuple[Path, list[Entry]]:
    entries = fake_lecture(
        tmp_path,
        [
            ("softmax", ["Logits are raw scores.", "Exponentiate <each> & normalise."]),
            ("loss-curves", ["CE = -ln p.", "MSE never passes 1.", "The shaded region."]),
        ],
    )
    return tmp_path, entries


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="present-data">(.*?)</script>', page)
    assert match, "the page carries its beats as JSON"
    return json.loads(match.group(1))


class TestLectureBeats:
    def test_every_section_in_order_numbered_per_scene(self, lecture):
        out, entries = lecture
        beats = lecture_beats(out, entries)
        assert [(b.scene, b.number, b.count, b.scene_number) for b in beats] == [
            ("softmax", 1, 2, 1),
            ("softmax", 2, 2, 1),
            ("loss-curves", 1, 3, 2),
            ("loss-curves", 2, 3, 2),
            ("loss-curves", 3, 3, 2),
        ]
        assert beats[1].clip == "low/dark/softmax.sections/02-beat_2.mp4"
        assert beats[1].vtt == "low/dark/softmax.sections/02-beat_2.vtt"
        assert beats[1].label == "beat 2"

    def test_notes_are_the_captions_and_titles_come_from_the_registry(self, lecture):
        out, entries = lecture
        beats = lecture_beats(out, entries)
        assert beats[1].notes == "Exponentiate <each> & normalise."
        assert beats[0].scene_title == find_scene("softmax").summary
        assert lecture_beats(out, entries, {"softmax": "Mine"})[0].scene_title == "Mine"
        assert scene_titles(["softmax-variant"]) == {"softmax-variant": "softmax-variant"}

    def test_entries_without_sections_are_skipped(self, lecture):
        out, entries = lecture
        explainer: Entry = {**entries[0], "scene": "explainer", "sections": None}
        assert len(lecture_beats(out, [*entries, explainer])) == 5
        with pytest.raises(ValueError, match="--sections"):
            lecture_beats(out, [explainer])

    @pytest.mark.parametrize("path", ["../x.mp4", "/etc/passwd", "C:/x.mp4", "low/missing.mp4"])
    def test_a_clip_outside_the_folder_or_missing_is_refused(self, lecture, path):
        out, entries = lecture
        entries[0]["sections"][0]["path"] = path
        with pytest.raises(ValueError, match="softmax beat 1"):
            lecture_beats(out, entries)


class TestPage:
    def test_beats_in_the_page_with_relative_urls_and_cues(self, lecture):
        out, entries = lecture
        data = page_data(render_presenter(out, lecture_beats(out, entries)))
        assert data["title"] == DEFAULT_TITLE and data["oneFile"] is False
        first = data["beats"][0]
        assert first["src"] == "low/dark/softmax.sections/01-beat_1.mp4"
        assert first["vtt"] == "low/dark/softmax.sections/01-beat_1.vtt"
        assert first["cues"] == [[0.0, 1.0, "Logits are raw scores."]]
        assert data["beats"][1]["cues"][0][2] == "Exponentiate &lt;each&gt; &amp; normalise."
        assert data["beats"][1]["notes"] == "Exponentiate <each> & normalise."
        assert [b["sceneNumber"] for b in data["beats"]] == [1, 1, 2, 2, 2]

    def test_nothing_is_fetched_from_the_network(self, lecture):
        out, entries = lecture
        page = render_presenter(out, lecture_beats(out, entries))
        assert not re.search(r"(https?:)?//[\w.-]+\.\w", page), "no URL of another host"
        assert not re.search(r"<script[^>]+src=", page)
        assert not re.search(r"<link[^>]+stylesheet", page)
        assert '<link rel="icon" href="data:,">' in page  # no /favicon.ico request either

    def test_titles_and_captions_are_escaped(self, lecture):
        out, entries = lecture
        beats = lecture_beats(out, entries, {"softmax": EVIL})
        page = render_presenter(out, beats, title=EVIL)
        assert EVIL not in page
        assert "&lt;/script&gt;&lt;script&gt;alert" in page  # <title>, aria-label and help
        # inside the JSON no "<" at all, so nothing can close the <script> early
        match = re.search(r'id="present-data">(.*?)</script>', page)
        assert match and "<" not in match.group(1)
        data = page_data(page)
        assert data["title"] == EVIL and data["beats"][0]["title"] == EVIL

    def test_the_help_lists_every_scene_with_its_number_keys(self, tmp_path):
        entries = fake_lecture(tmp_path, [(f"scene-{k}", ["x"]) for k in range(1, 12)])
        page = render_presenter(tmp_path, lecture_beats(tmp_path, entries))
        keys = [str(k) for k in range(1, 10)] + ["0", "10", "11"]  # 0 or 10: the tenth
        assert re.findall(r'<span class="key">(\d+)</span>', page) == keys
        listed = re.findall(r'<span class="scene-key">.*?&nbsp;([\w-]+)</span>', page)
        assert listed == [f"scene-{k}" for k in range(1, 12)]
        assert "<dt>1–9 · 0 · two digits</dt>" in page
        nine = fake_lecture(tmp_path / "nine", [(f"s-{k}", ["x"]) for k in range(1, 10)])
        page = render_presenter(tmp_path / "nine", lecture_beats(tmp_path / "nine", nine))
        assert "<dt>1–9</dt>" in page and "<dt>1–9 · 0 · two digits</dt>" not in page

    def test_written_atomically_world_readable(self, lecture):
        out, entries = lecture
        path = write_presenter(out, entries, title="Lecture")
        assert path == out / PRESENT_NAME
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        assert "<title>Lecture</title>" in path.read_text(encoding="utf-8")
        assert not [p for p in out.iterdir() if ".tmp-" in p.name]


class TestDescriptions:
    def test_each_beat_carries_its_description_and_the_scenes_transcript(self, lecture):
        out, entries = lecture
        beats = lecture_beats(out, entries)
        assert beats[1].description == fake_description("softmax", 2)
        assert beats[1].alt_text == beats[1].description
        assert beats[0].transcript == "low/dark/softmax.transcript.html"
        data = page_data(render_presenter(out, beats))["beats"]
        assert data[3]["description"] == fake_description("loss-curves", 2)
        assert data[3]["transcript"] == "low/dark/loss-curves.transcript.html"

    def test_an_older_manifest_has_neither_and_the_caption_stands_in(self, tmp_path):
        entries = fake_lecture(tmp_path, [("softmax", ["Logits  are\nraw."])], described=False)
        (beat,) = lecture_beats(tmp_path, entries)
        assert beat.description == "" and beat.transcript is None
        assert beat.alt_text == "Logits are raw."
        (data,) = page_data(render_presenter(tmp_path, [beat]))["beats"]
        assert data["description"] == "" and data["transcript"] is None

    def test_a_transcript_missing_or_outside_the_folder_is_not_linked(self, lecture):
        out, entries = lecture
        (out / entries[0]["transcript"]).unlink()  # type: ignore[typeddict-item]
        entries[1]["transcript"] = "../elsewhere.html"  # type: ignore[typeddict-unknown-key]
        beats = lecture_beats(out, entries)
        assert {b.transcript for b in beats} == {None}

    def test_the_one_file_page_links_no_transcript(self, lecture):
        out, entries = lecture
        data = page_data(write_presenter(out, entries, one_file=True).read_text("utf-8"))
        assert {b["transcript"] for b in data["beats"]} == {None}
        assert data["beats"][0]["description"] == fake_description("softmax", 1)


class TestOneFile:
    def test_every_clip_and_caption_is_embedded(self, lecture):
        out, entries = lecture
        page = write_presenter(out, entries, one_file=True).read_text(encoding="utf-8")
        data = page_data(page)
        assert data["oneFile"] is True
        for beat in data["beats"]:
            mime, payload = beat["src"].split(",", 1)
            assert mime == "data:video/mp4;base64"
            assert base64.b64decode(payload) == (out / beat["clip"]).read_bytes()
            mime, payload = beat["vtt"].split(",", 1)
            assert mime == "data:text/vtt;base64"
            assert base64.b64decode(payload).startswith(b"WEBVTT")
