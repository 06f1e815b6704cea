"""What render.py produces, checked with PyAV: paths, codecs, faststart, posters, captions,
sections, the manifest, the full cut, other formats and themes, and -j 1 == -j 2."""

from __future__ import annotations

import hashlib
import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from render_support import (
    FOLDER,
    SMALL,
    entry_for,
    first_frame_rgba,
    load_manifest,
    make_project,
    run_render,
    temp_leftovers,
    top_level_atoms,
    video_info,
    write_scene,
)

from renderkit.outputs import media
from scenes.registry import SCENES
from scenes.theme import get_theme

# Every test here runs render.py on real (tiny) videos.
pytestmark = pytest.mark.slow

#: Scene length of the tiny scenes: two beats of 0.6 s.
TINY_SECONDS = 1.2
THREE = ["classification", "softmax", "loss-curves"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("tiny-project"))


@pytest.fixture(scope="module")
def all_scenes(project):
    """Every scene, with sections, two at a time: (process, out folder)."""
    out = project / "media"
    result = run_render(project, *SMALL, "--sections", "-j", "2", "-o", str(out))
    return result, out


def test_every_scene_renders_in_story_order(all_scenes):
    result, out = all_scenes
    assert result.returncode == 0, result.stderr + result.stdout
    rows = [line.split()[:2] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert rows == [[s.name, "rendered"] for s in SCENES]
    entries = load_manifest(out)["entries"]
    assert [e["scene"] for e in entries] == [s.name for s in SCENES]
    assert (out / "index.html").is_file()
    assert temp_leftovers(out) == []


def test_stable_paths_and_manifest_fields(all_scenes):
    _, out = all_scenes
    e = entry_for(out, "softmax")
    folder = f"{FOLDER}/dark"
    assert e["path"] == f"{folder}/softmax.mp4"
    assert e["poster"] == f"{folder}/softmax.poster.png"
    assert e["captions"] == {"srt": f"{folder}/softmax.srt", "vtt": f"{folder}/softmax.vtt"}
    assert (e["quality"], e["theme"], e["format"], e["transparent"]) == (
        FOLDER,
        "dark",
        "mp4",
        False,
    )
    assert e["sha256"] == sha(out / e["path"])
    assert len(e["fingerprint"]) == 64
    info = video_info(out / e["path"])  # the manifest's numbers are the file's
    assert (e["width"], e["height"], e["fps"]) == (info["width"], info["height"], 5)
    assert e["duration"] == pytest.approx(info["duration"], abs=1e-3)


def test_mp4_is_h264_yuv420p_with_the_index_first(all_scenes):
    _, out = all_scenes
    video = out / FOLDER / "dark" / "softmax.mp4"
    info = video_info(video)
    assert (info["codec"], info["pix_fmt"]) == ("h264", "yuv420p")
    assert (info["width"], info["height"], info["fps"]) == (192, 108, Fraction(5))
    assert info["duration"] == pytest.approx(TINY_SECONDS, abs=0.21)
    atoms = top_level_atoms(video)
    assert "moov" in atoms and "mdat" in atoms
    assert atoms.index("moov") < atoms.index("mdat"), atoms


def test_poster_is_the_last_frame_of_the_first_beat(all_scenes):
    _, out = all_scenes
    poster = Image.open(out / FOLDER / "dark" / "softmax.poster.png").convert("RGB")
    assert poster.size == (192, 108)
    pixels = np.asarray(poster).astype(int)
    theme = get_theme("dark")
    background = np.array([int(theme.background[i : i + 2], 16) for i in (1, 3, 5)])
    square = np.array([int(theme.model_dist[i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(pixels[2, 2] - background).max() <= 6  # corner: the background
    # the centre: the square faded in during beat 1 (beat 2 turns it into a circle)
    centre = pixels[54, 96]
    assert np.abs(centre - background).max() > 30
    assert np.abs(centre - square).max() < np.abs(centre - background).max()


def test_captions_beside_the_video_as_srt_and_vtt(all_scenes):
    _, out = all_scenes
    srt = (out / FOLDER / "dark" / "softmax.srt").read_text()
    vtt = (out / FOLDER / "dark" / "softmax.vtt").read_text()
    assert "A square for softmax." in srt and "It turns into a circle." in srt
    assert "00:00:00,000 --> 00:00:00,600" in srt
    assert vtt.startswith("WEBVTT")
    assert "00:00:00.600 --> 00:00:01.200" in vtt


def test_sections_are_clips_in_order_with_their_captions(all_scenes):
    _, out = all_scenes
    e = entry_for(out, "softmax")
    sections = e["sections"]
    assert [s["name"] for s in sections] == ["show_square", "morph"]
    base = f"{FOLDER}/dark/softmax.sections"
    assert [s["path"] for s in sections] == [f"{base}/01-show_square.mp4", f"{base}/02-morph.mp4"]
    assert [s["start"] for s in sections] == [0.0, pytest.approx(0.6, abs=0.01)]
    for s in sections:
        clip = out / s["path"]
        info = video_info(clip)
        assert (info["codec"], info["pix_fmt"], info["width"]) == ("h264", "yuv420p", 192)
        assert s["duration"] == pytest.approx(info["duration"], abs=1e-3)
        assert s["sha256"] == sha(clip)
        atoms = top_level_atoms(clip)
        assert atoms.index("moov") < atoms.index("mdat")
        srt = (out / s["captions"]["srt"]).read_text()
        assert srt.count("-->") == 1 and srt.splitlines()[1].startswith("00:00:00,000")
        assert (out / s["captions"]["vtt"]).read_text().startswith("WEBVTT")
    assert "A square" in (out / sections[0]["captions"]["srt"]).read_text()
    assert "circle" in (out / sections[1]["captions"]["srt"]).read_text()


def test_jobs_1_gives_the_same_files_as_jobs_2(project, all_scenes):
    _, out2 = all_scenes
    out1 = project / "media-j1"
    result = run_render(project, *THREE, *SMALL, "--sections", "-j", "1", "-o", str(out1))
    assert result.returncode == 0, result.stderr
    for scene in THREE:
        e1, e2 = entry_for(out1, scene), entry_for(out2, scene)
        files = [e1["path"]] + [s["path"] for s in e1["sections"]]
        assert files == [e2["path"]] + [s["path"] for s in e2["sections"]]
        for rel in files:
            assert sha(out1 / rel) == sha(out2 / rel), rel
        for rel in (e1["poster"], e1["captions"]["srt"], e1["captions"]["vtt"]):
            assert (out1 / rel).read_bytes() == (out2 / rel).read_bytes(), rel


def test_explainer_joins_the_rendered_scenes_with_chapters(project, all_scenes):
    _, out = all_scenes
    before = {s.name: entry_for(out, s.name)["sha256"] for s in SCENES}
    result = run_render(project, "explainer", *SMALL, "-o", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    statuses = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:]}
    assert {statuses[s.name] for s in SCENES} == {"up"}  # "up to date": clips re-used
    assert statuses["explainer"] == "rendered"
    e = entry_for(out, "explainer")
    assert load_manifest(out)["entries"][-1] == e  # explainer last
    assert e["path"] == f"{FOLDER}/dark/explainer.mp4"
    info = video_info(out / e["path"])
    durations = [entry_for(out, s.name)["duration"] for s in SCENES]
    assert info["duration"] == pytest.approx(sum(durations), abs=0.25)
    assert (info["codec"], info["pix_fmt"], info["fps"]) == ("h264", "yuv420p", Fraction(5))
    atoms = top_level_atoms(out / e["path"])
    assert atoms.index("moov") < atoms.index("mdat")
    chapters = e["chapters"]
    assert [c["scene"] for c in chapters] == [s.name for s in SCENES]
    assert [c["title"] for c in chapters] == [s.summary for s in SCENES]
    starts = np.cumsum([0.0, *durations[:-1]])
    assert [c["start"] for c in chapters] == pytest.approx(list(starts), abs=0.01)
    with av.open(str(out / e["path"])) as container:  # the chapters are inside the file too
        inside = container.chapters()
    assert [c["metadata"]["title"] for c in inside] == [s.summary for s in SCENES]
    assert [float(c["start"] * c["time_base"]) for c in inside] == pytest.approx(
        list(starts), abs=0.01
    )
    assert float(inside[-1]["end"] * inside[-1]["time_base"]) == pytest.approx(
        info["duration"], abs=0.25
    )
    vtt = (out / e["chapters_vtt"]).read_text()
    assert vtt.startswith("WEBVTT") and vtt.count("-->") == len(SCENES)
    assert all(s.summary in vtt for s in SCENES if "<" not in s.summary)
    srt = (out / e["captions"]["srt"]).read_text()
    assert srt.count("-->") == 2 * len(SCENES)
    assert "A square for binary-cross-entropy." in srt
    assert (out / e["poster"]).is_file()
    assert before == {s.name: entry_for(out, s.name)["sha256"] for s in SCENES}
    again = run_render(project, "explainer", *SMALL, "-o", str(out))
    assert again.returncode == 0
    assert "rendered" not in again.stdout  # nothing changed: everything up to date

    # an edited scene is rendered again, and the cut joined again with it
    write_scene(project, "binary-cross-entropy", "BinaryCrossEntropy", extra="self.wait(0.4)")
    edited = run_render(project, "explainer", *SMALL, "-o", str(out))
    rendered = [line.split()[0] for line in edited.stdout.splitlines() if " rendered " in line]
    assert rendered == ["binary-cross-entropy", "explainer"]
    longer = entry_for(out, "explainer")
    assert longer["duration"] == pytest.approx(e["duration"] + 0.4, abs=0.21)
    assert longer["chapters"][:-1] == chapters[:-1]


def test_quality_letter_renders_the_preset_size(project, tmp_path):
    out = tmp_path / "media"
    result = run_render(project, "softmax", "-q", "l", "-o", str(out))
    assert result.returncode == 0, result.stderr
    info = video_info(out / "low" / "dark" / "softmax.mp4")
    assert (info["width"], info["height"], info["fps"]) == (854, 480, Fraction(15))
    assert entry_for(out, "softmax")["quality"] == "low"


@pytest.fixture(scope="module")
def formats(project, tmp_path_factory):
    """One tiny scene in every other format/theme, into one output folder."""
    out = tmp_path_factory.mktemp("formats")
    runs = {
        "webm-t": run_render(project, "softmax", *SMALL, "-f", "webm", "-t", "-o", str(out)),
        "mov-t": run_render(project, "softmax", *SMALL, "-f", "mov", "-t", "-o", str(out)),
        "gif": run_render(project, "softmax", *SMALL, "-f", "gif", "--sections", "-o", str(out)),
        "png": run_render(
            project, "softmax", *SMALL, "-f", "png", "--theme", "light", "-o", str(out)
        ),
    }
    for name, result in runs.items():
        assert result.returncode == 0, (name, result.stderr + result.stdout)
    return out


def test_transparent_webm_is_vp9_with_alpha(formats):
    e = entry_for(formats, "softmax", format="webm")
    assert e["transparent"] is True
    assert e["path"] == f"{FOLDER}/dark-transparent/softmax.webm"
    info = video_info(formats / e["path"])
    assert (info["codec"], info["alpha_mode"]) == ("vp9", "1")
    pix_fmt, rgba = first_frame_rgba(formats / e["path"], decoder="libvpx-vp9")
    assert pix_fmt == "yuva420p"
    assert rgba[0, 0, 3] == 0  # the background is see-through
    poster = Image.open(formats / e["poster"])
    assert poster.mode == "RGBA" and poster.getpixel((0, 0))[3] == 0
    assert poster.getpixel((96, 54))[3] > 120  # the square (fill opacity 0.8) is not
    assert e["captions"]["vtt"].endswith("dark-transparent/softmax.vtt")


def test_transparent_mov_has_an_alpha_channel(formats):
    e = entry_for(formats, "softmax", format="mov")
    info = video_info(formats / e["path"])
    assert info["codec"] == "qtrle" and info["pix_fmt"] == "argb"
    _, rgba = first_frame_rgba(formats / e["path"])
    assert rgba[0, 0, 3] == 0
    atoms = top_level_atoms(formats / e["path"])
    assert atoms.index("moov") < atoms.index("mdat")


def test_gif_and_its_section_clips_are_gifs(formats):
    e = entry_for(formats, "softmax", format="gif")
    info = video_info(formats / e["path"])
    assert info["codec"] == "gif"
    # the palette adapts to the clip: the theme's background comes out exact, where a
    # fixed 3-3-2 palette (manim's rgb8) turns #111318 into a dithered near-black
    _, rgba = first_frame_rgba(formats / e["path"])
    assert np.abs(rgba[0, 0, :3].astype(int) - [0x11, 0x13, 0x18]).max() <= 6
    assert [Path(s["path"]).suffix for s in e["sections"]] == [".gif", ".gif"]
    for s in e["sections"]:
        assert video_info(formats / s["path"])["codec"] == "gif"
        assert s["duration"] == pytest.approx(0.6, abs=0.21)


def test_png_is_the_last_frame_in_the_chosen_theme(formats):
    e = entry_for(formats, "softmax", format="png")
    assert e["path"] == f"{FOLDER}/light/softmax.png"
    assert (e["width"], e["height"], e["duration"], e["poster"]) == (192, 108, None, None)
    image = np.asarray(Image.open(formats / e["path"]).convert("RGB")).astype(int)
    light = get_theme("light")
    background = np.array([int(light.background[i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(image[2, 2] - background).max() <= 6
    # The last frame: the circle's outline only (the square's fill has gone), drawn in
    # true_dist (#A26305: red > green > blue), thin and blended at this size.
    assert np.abs(image[54, 96] - background).max() <= 6
    drawn = image[np.abs(image - background).max(axis=2) > 30]
    assert len(drawn) > 50
    red, green, blue = drawn.mean(axis=0)
    assert red > green > blue


def test_all_formats_share_one_manifest(formats):
    keys = {(e["format"], e["transparent"], e["theme"]) for e in load_manifest(formats)["entries"]}
    assert keys == {
        ("webm", True, "dark"),
        ("mov", True, "dark"),
        ("gif", False, "dark"),
        ("png", False, "light"),
    }
    assert temp_leftovers(formats) == []


def test_a_webm_copy_that_lost_its_alpha_flag_gets_it_back(formats, tmp_path):
    """The full cut is a stream copy of the scenes; a copy drops libvpx's alpha_mode flag
    (and WebM packets carry no duration): publish restores the flag, probe still reads
    the right length."""
    import av

    source = formats / entry_for(formats, "softmax", format="webm")["path"]
    stripped = tmp_path / "joined.webm"
    with av.open(str(source)) as inp, av.open(str(stripped), "w", format="webm") as out:
        stream = inp.streams.video[0]
        copy = out.add_stream_from_template(stream)
        for packet in inp.demux(stream):
            if packet.dts is not None:
                packet.stream = copy
                out.mux(packet)
    alpha_mode_element = b"\x53\xc0\x81\x01"  # Matroska AlphaMode = 1
    assert alpha_mode_element not in stripped.read_bytes()
    assert media.probe(stripped)["duration"] == media.probe(source)["duration"]

    media.mark_webm_alpha(stripped)
    assert alpha_mode_element in stripped.read_bytes()[:2000]
    assert media.probe(stripped)["pix_fmt"] == "yuva420p"
    pix_fmt, rgba = first_frame_rgba(stripped, decoder="libvpx-vp9")
    assert pix_fmt == "yuva420p" and rgba[0, 0, 3] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["joined.webm"]


def test_an_unreadable_manifest_is_moved_aside_and_rebuilt_from_the_files(
    project, all_scenes, tmp_path
):

    _, rendered = all_scenes
    out = tmp_path / "media"
    shutil.copytree(rendered, out)
    (out / "manifest.json").write_text('{"entries": [ not json')
    result = run_render(project, "classification", *SMALL, "-o", str(out))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "could not be read" in warnings[0], result.stderr
    aside = list(out.glob("manifest.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"entries": [ not json'
    entries = load_manifest(out)["entries"]
    before = load_manifest(rendered)["entries"]
    assert [e["path"] for e in entries] == [e["path"] for e in before]  # none lost
    assert {s.name for s in SCENES} <= {e["scene"] for e in entries}
    for entry in entries:
        original = entry_for(rendered, entry["scene"])
        if entry["scene"] == "explainer":  # its chapters are read back from the file
            assert entry["chapters"] == original["chapters"]
            continue
        assert entry["path"] == original["path"]
        assert entry["duration"] == pytest.approx(original["duration"], abs=0.01)
        assert (entry["width"], entry["height"], entry["fps"]) == (
            original["width"],
            original["height"],
            original["fps"],
        )
        assert entry["poster"] == original["poster"]
        assert entry["captions"] == original["captions"]
        if entry["scene"] != "classification":  # adopted: measured, not rendered again
            assert entry["sha256"] == original["sha256"]
            assert entry["fingerprint"] == ""
            assert entry["sections"] == original["sections"]
    page = (out / "index.html").read_text()
    assert all(f"{s.name}.mp4" in page for s in SCENES)


def test_present_and_pptx_write_the_lecture_for_the_run_and_record_it(project, tmp_path):
    out = tmp_path / "media"
    result = run_render(project, "loss-curves", "softmax", *SMALL, "--pptx", "--one-file",
                        "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    lecture = load_manifest(out)["lecture"]
    assert lecture == {
        "scenes": ["softmax", "loss-curves"],  # story order
        "present": "present.html",
        "pptx": "present.pptx",
    }
    for name in ("softmax", "loss-curves"):  # --present implies --sections
        assert len(entry_for(out, name)["sections"]) == 2
    page = (out / "present.html").read_text()
    assert page.count("data:video/mp4;base64,") == 4  # --one-file: every beat's clip inside
    assert 'href="present.html"' in (out / "index.html").read_text()  # the gallery links it
    from pptx import Presentation

    assert len(Presentation(str(out / "present.pptx")).slides) == 1 + 4


def test_without_present_the_gallery_has_no_presenter_link(all_scenes):
    _, out = all_scenes
    assert "lecture" not in load_manifest(out)
    assert "present.html" not in (out / "index.html").read_text()
