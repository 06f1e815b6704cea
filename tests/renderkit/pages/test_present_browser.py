"""present.html in a real browser: Debian's Chromium (headless) driven by Playwright.

One small real render (two scenes, 11 beats, 256x144 at 5 fps) is shared by the session.
Each test opens the page from disk (file://) or from a local server, presses keys and
checks the URL hash, which clip is on screen, where it is and whether it plays. Every
test also checks that no request left the machine and that the page logged no error.
Clips play at 8x (``defaultPlaybackRate``) where a test waits for a beat to end.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright
from present_fixtures import CHROMIUM, CHROMIUM_ARGS, BrowserLog, fake_lecture, http_server
from present_fixtures import rendered_lecture as render_once

from renderkit.outputs.manifest import Entry
from renderkit.pages.present import PRESENT_NAME, lecture_beats, write_presenter

pytestmark = pytest.mark.slow

FAST = 8.0
#: What the presenter shows: the hash, the step's phase, and the video on screen.
STATE = """() => {
  const v = document.querySelector("#stage video.shown");
  return { hash: location.hash, phase: document.body.dataset.phase,
    index: Number(document.body.dataset.index), clip: v.dataset.clip, src: v.currentSrc,
    time: v.currentTime, duration: v.duration, paused: v.paused, ended: v.ended,
    ready: v.readyState };
}"""
#: True once the step has settled: the beat on screen, held or playing as its phase says.
SETTLED = """([index, phase]) => {
  const v = document.querySelector("#stage video.shown");
  if (Number(document.body.dataset.index) !== index || document.body.dataset.phase !== phase
      || v.dataset.beat !== String(index) || v.readyState < 2 || v.seeking) return false;
  if (phase === "start") return v.paused && v.currentTime === 0;
  if (phase === "playing") return !v.paused && v.currentTime > 0;
  return v.paused && Math.abs(v.currentTime - v.duration) < 0.05;
}"""


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Entry]]:
    out, entries = render_once(tmp_path_factory)
    write_presenter(out, entries)
    return out, entries


@pytest.fixture(scope="module")
def clips(lecture: tuple[Path, list[Entry]]) -> list[str]:
    """The clip of each beat (relative path), in presentation order."""
    out, entries = lecture
    return [b.clip for b in lecture_beats(out, entries)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def context(browser: Any, log: BrowserLog) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 960, "height": 540})
    log.attach(context)
    yield context
    context.close()
    log.assert_clean()


def open_page(context: Any, url: str, fast: bool = True) -> Any:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, arg=[page.evaluate(STATE)["index"], "start"])
    if fast:
        set_rate(page, FAST)
    return page


def set_rate(page: Any, rate: float) -> None:
    page.evaluate(
        "(rate) => { for (const v of document.querySelectorAll('#stage video')) "
        "{ v.defaultPlaybackRate = rate; v.playbackRate = rate; } }",
        rate,
    )


def press(page: Any, key: str, index: int, phase: str) -> dict[str, Any]:
    """Press ``key``, wait until beat ``index`` is on screen in ``phase``; the state."""
    page.keyboard.press(key)
    return settle(page, index, phase)


def settle(page: Any, index: int, phase: str) -> dict[str, Any]:
    page.wait_for_function(SETTLED, arg=[index, phase], timeout=10_000)
    return page.evaluate(STATE)


def file_url(out: Path, hash_: str = "") -> str:
    return (out / PRESENT_NAME).as_uri() + hash_


# -- keys and hash, from disk ------------------------------------------------------------


def test_opens_on_the_first_beat_held_on_its_first_frame(context, lecture, clips):
    out, _ = lecture
    state = open_page(context, file_url(out)).evaluate(STATE)
    assert state["hash"] == "#/softmax/1"
    assert state["clip"] == clips[0] and state["src"].endswith(clips[0])
    assert state["paused"] and state["time"] == 0 and state["phase"] == "start"


def test_right_plays_the_beat_and_holds_its_last_frame_left_goes_back(context, lecture, clips):
    page = open_page(context, file_url(lecture[0]))
    state = press(page, "ArrowRight", 0, "playing")
    assert state["hash"] == "#/softmax/1" and state["clip"] == clips[0]
    state = settle(page, 0, "end")  # played to its end by itself
    assert state["paused"] and state["ended"]
    assert state["time"] == pytest.approx(state["duration"], abs=0.05)

    state = press(page, "ArrowRight", 1, "playing")
    assert state["hash"] == "#/softmax/2" and state["src"].endswith(clips[1])
    state = settle(page, 1, "end")
    assert state["hash"] == "#/softmax/2" and state["paused"]

    state = press(page, "ArrowLeft", 0, "start")
    assert state["hash"] == "#/softmax/1" and state["src"].endswith(clips[0])
    assert state["paused"] and state["time"] == 0  # the previous beat's first frame
    state = press(page, "ArrowLeft", 0, "start")  # nothing before the first beat
    assert state["hash"] == "#/softmax/1"


def test_right_while_playing_jumps_to_the_end_then_plays_the_next(context, lecture, clips):
    page = open_page(context, file_url(lecture[0], "#/softmax/3"), fast=False)
    state = press(page, "ArrowRight", 2, "playing")  # 7.2 s at normal speed
    assert state["time"] < state["duration"] - 1
    state = press(page, "ArrowRight", 2, "end")
    assert state["hash"] == "#/softmax/3" and state["paused"]
    assert state["time"] == pytest.approx(state["duration"], abs=0.05)
    state = press(page, "ArrowRight", 3, "playing")
    assert state["hash"] == "#/softmax/4" and state["clip"] == clips[3]


def test_clicker_keys_space_and_click(context, lecture, clips):
    page = open_page(context, file_url(lecture[0]))
    assert press(page, "PageDown", 0, "playing")["hash"] == "#/softmax/1"
    settle(page, 0, "end")
    assert press(page, "PageDown", 1, "playing")["hash"] == "#/softmax/2"
    state = press(page, "PageUp", 0, "start")
    assert state["hash"] == "#/softmax/1" and state["time"] == 0
    assert press(page, "Space", 0, "playing")["clip"] == clips[0]
    settle(page, 0, "end")
    page.mouse.click(480, 270)
    assert settle(page, 1, "playing")["hash"] == "#/softmax/2"


def test_home_end_and_scene_numbers(context, lecture, clips):
    page = open_page(context, file_url(lecture[0]))
    state = press(page, "End", len(clips) - 1, "start")
    assert state["hash"] == "#/loss-curves/5" and state["src"].endswith(clips[-1])
    assert press(page, "Home", 0, "start")["hash"] == "#/softmax/1"
    state = press(page, "2", 6, "start")
    assert state["hash"] == "#/loss-curves/1" and state["clip"] == clips[6]
    assert press(page, "1", 0, "start")["hash"] == "#/softmax/1"
    page.keyboard.press("9")  # there is no ninth scene: nothing happens
    page.wait_for_timeout(200)
    assert page.evaluate(STATE)["hash"] == "#/softmax/1"


def test_scenes_past_nine_by_0_and_by_two_digits(context, tmp_path):
    entries = fake_lecture(tmp_path, [(f"scene-{k}", ["x", "y"]) for k in range(1, 12)])
    write_presenter(tmp_path, entries)
    page = open_page(context, file_url(tmp_path))
    assert press(page, "0", 18, "start")["hash"] == "#/scene-10/1"  # 0: the tenth
    page.keyboard.press("1")
    page.keyboard.press("1")  # within a second: the eleventh (after a stop at the first)
    assert settle(page, 20, "start")["hash"] == "#/scene-11/1"
    page.keyboard.press("1")
    page.keyboard.press("5")  # there is no 15th: the fifth
    assert settle(page, 8, "start")["hash"] == "#/scene-5/1"
    page.keyboard.press("1")
    settle(page, 0, "start")
    page.wait_for_timeout(1100)  # too slow for two digits: 1, then 0 alone is the tenth
    assert press(page, "0", 18, "start")["hash"] == "#/scene-10/1"
    assert press(page, "9", 16, "start")["hash"] == "#/scene-9/1"


def test_r_replays_the_beat(context, lecture, clips):
    page = open_page(context, file_url(lecture[0], "#/loss-curves/2"))
    press(page, "ArrowRight", 7, "playing")
    settle(page, 7, "end")
    state = press(page, "r", 7, "playing")
    assert state["hash"] == "#/loss-curves/2" and state["clip"] == clips[7]
    assert state["time"] < state["duration"] / 2
    assert settle(page, 7, "end")["ended"]


def test_a_hash_opens_at_that_beat_and_a_bad_one_at_the_first(context, lecture, clips):
    out, _ = lecture
    page = open_page(context, file_url(out, "#/loss-curves/3"))
    state = page.evaluate(STATE)
    assert state["hash"] == "#/loss-curves/3" and state["src"].endswith(clips[8])
    assert state["paused"] and state["time"] == 0
    press(page, "ArrowLeft", 7, "start")
    page.reload()
    assert settle(page, 7, "start")["hash"] == "#/loss-curves/2"  # a reload stays there
    page.evaluate("location.hash = '#/softmax/4'")  # an edited hash is followed
    assert settle(page, 3, "start")["clip"] == clips[3]
    page.evaluate("location.hash = '#/nothing/1'")  # an edited bad one is put back
    page.wait_for_function("location.hash === '#/softmax/4'")
    bad = open_page(context, file_url(out, "#/softmax/99"))
    assert bad.evaluate(STATE)["hash"] == "#/softmax/1"


def test_the_next_clip_is_preloaded_in_the_spare_video(context, lecture, clips):
    page = open_page(context, file_url(lecture[0], "#/softmax/2"))
    spare = """() => { const v = document.querySelector("#stage video:not(.shown)");
      return v.readyState >= 2 ? v.dataset.clip : null; }"""
    assert page.wait_for_function(spare).json_value() == clips[2]
    press(page, "ArrowRight", 1, "playing")
    settle(page, 1, "end")
    before = page.evaluate("document.querySelector('#stage video:not(.shown)').dataset.clip")
    press(page, "ArrowRight", 2, "playing")  # the spare becomes the shown one
    after = page.evaluate("document.querySelector('#stage video.shown').dataset.clip")
    assert before == after == clips[2]
    assert page.wait_for_function(spare).json_value() == clips[3]


def test_captions_from_the_page_on_file_and_c_toggles_them(context, lecture):
    out, entries = lecture
    notes = [b.cues[0].text for b in lecture_beats(out, entries)]
    page = open_page(context, file_url(out))
    tracks = """() => Array.from(document.querySelector("#stage video.shown").textTracks)
      .filter((t) => t.mode !== "disabled")
      .map((t) => [t.mode, Array.from(t.cues || []).map((c) => c.text)])"""
    assert page.evaluate(tracks) == [["showing", [notes[0]]]]
    assert page.evaluate("document.querySelectorAll('#stage track').length") == 0
    active = """() => Array.from(document.querySelector("#stage video.shown").textTracks)
      .flatMap((t) => Array.from(t.activeCues || [])).map((c) => c.text)"""
    assert page.evaluate(active) == [notes[0]]  # on screen on the held first frame
    press(page, "ArrowRight", 0, "playing")
    settle(page, 0, "end")
    assert page.evaluate(active) == [notes[0]]  # and on the held last frame
    press(page, "Home", 0, "start")
    page.keyboard.press("c")
    page.wait_for_function("document.body.classList.contains('no-captions')")
    assert page.evaluate(tracks) == [["hidden", [notes[0]]]]
    press(page, "ArrowRight", 0, "playing")
    settle(page, 0, "end")
    press(page, "ArrowRight", 1, "playing")
    assert page.evaluate(tracks) == [["hidden", [notes[1]]]]  # stays off for the next beat
    page.keyboard.press("c")
    page.wait_for_function("!document.body.classList.contains('no-captions')")
    assert page.evaluate(tracks) == [["showing", [notes[1]]]]


def test_f_asks_for_full_screen_without_an_error(context, lecture):
    page = open_page(context, file_url(lecture[0]))
    page.keyboard.press("f")
    page.wait_for_timeout(300)
    page.keyboard.press("f")
    page.wait_for_timeout(300)
    assert page.evaluate(STATE)["hash"] == "#/softmax/1"


# -- served over http ---------------------------------------------------------------------


def test_served_over_http_with_track_files(context, lecture, clips, log):
    out, entries = lecture
    notes = [b.cues[0].text for b in lecture_beats(out, entries)]
    with http_server(out) as base:
        page = open_page(context, f"{base}/{PRESENT_NAME}")
        state = page.evaluate(STATE)
        assert state["hash"] == "#/softmax/1" and state["src"] == f"{base}/{clips[0]}"
        press(page, "ArrowRight", 0, "playing")
        settle(page, 0, "end")
        state = press(page, "ArrowRight", 1, "playing")
        assert state["hash"] == "#/softmax/2" and state["src"] == f"{base}/{clips[1]}"
        track = """() => { const t = document.querySelector("#stage video.shown track");
          return t && t.readyState === 2 ? [t.getAttribute("src"), t.track.mode,
            Array.from(t.track.cues).map((c) => c.text)] : null; }"""
        src, mode, cues = page.wait_for_function(track).json_value()
        assert src == clips[1].replace(".mp4", ".vtt") and mode == "showing"
        assert cues == [notes[1]]
        press(page, "ArrowLeft", 0, "start")
        active = """() => { const t = document.querySelector("#stage video.shown track");
          return t && t.readyState === 2 && t.track.activeCues.length === 1; }"""
        page.wait_for_function(active)  # the held first frame shows its caption
        press(page, "ArrowRight", 0, "playing")
        settle(page, 0, "end")
        press(page, "ArrowRight", 1, "playing")
        assert press(page, "ArrowLeft", 0, "start")["hash"] == "#/softmax/1"
        page.goto(f"{base}/{PRESENT_NAME}#/loss-curves/4")
        assert settle(page, 9, "start")["src"] == f"{base}/{clips[9]}"
    assert any(url.startswith(base) and url.endswith(".vtt") for url in log.requests)


# -- the speaker view ---------------------------------------------------------------------


def test_speaker_view_follows_and_steers(context, lecture, tmp_path):
    out, entries = lecture
    beats = lecture_beats(out, entries)
    page = open_page(context, file_url(out))
    with page.expect_popup() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.set_viewport_size({"width": 1180, "height": 760})
    speaker.wait_for_function("document.body.classList.contains('speaker-mode')")
    assert "?speaker#/softmax/1" in speaker.url

    def shows(count: str, notes: str) -> None:
        speaker.wait_for_function(
            "([count, notes]) => document.getElementById('sp-count').textContent === count"
            " && document.getElementById('sp-notes').textContent === notes",
            arg=[count, notes],
        )

    shows("1 / 11", beats[0].notes)
    next_frame = """() => { const v = document.getElementById("sp-next");
      return v.readyState >= 2 && v.currentTime === 0 && v.paused ? v.dataset.clip : null; }"""
    assert speaker.wait_for_function(next_frame).json_value() == beats[1].clip
    press(page, "ArrowRight", 0, "playing")
    settle(page, 0, "end")
    press(page, "ArrowRight", 1, "playing")
    shows("2 / 11", beats[1].notes)
    assert speaker.wait_for_function(next_frame).json_value() == beats[2].clip
    speaker.keyboard.press("End")  # keys in the speaker view steer the presenter
    assert settle(page, 10, "start")["hash"] == "#/loss-curves/5"
    shows("11 / 11", beats[10].notes)
    assert speaker.inner_text("#sp-next-label") == "End of the lecture."
    speaker.keyboard.press("Home")
    settle(page, 0, "start")
    shows("1 / 11", beats[0].notes)
    assert speaker.evaluate("location.hash") == "#/softmax/1"
    assert speaker.inner_text("#sp-timer") in {"0:00", "0:01", "0:02", "0:03", "0:04", "0:05"}

    page.evaluate("location.hash = '#/softmax/3'")  # a beat whose first frame has a drawing
    settle(page, 2, "start")
    shows("3 / 11", beats[2].notes)
    page.screenshot(path=str(tmp_path / "presenter.png"))
    speaker.screenshot(path=str(tmp_path / "speaker.png"))
    assert_not_blank(tmp_path / "presenter.png")
    assert_not_blank(tmp_path / "speaker.png")


def assert_not_blank(png: Path) -> None:
    from PIL import Image, ImageStat

    with Image.open(png) as image:
        spread = ImageStat.Stat(image.convert("L")).stddev[0]
    assert spread > 5, f"{png.name} looks blank (grey-level spread {spread:.1f})"


# -- one file ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_file_page(lecture: tuple[Path, list[Entry]], tmp_path_factory) -> Path:
    """present.html --one-file, copied alone into an empty folder."""
    out, entries = lecture
    work = tmp_path_factory.mktemp("one-file-build")
    shutil.copytree(out, work, dirs_exist_ok=True)
    page = write_presenter(work, entries, one_file=True)
    alone = tmp_path_factory.mktemp("one-file-alone") / PRESENT_NAME
    shutil.move(page, alone)
    return alone


def test_one_file_page_works_alone_from_disk(context, one_file_page, clips, log):
    assert [p.name for p in one_file_page.parent.iterdir()] == [PRESENT_NAME]
    size = one_file_page.stat().st_size
    assert 100_000 < size < 5_000_000, f"{size} bytes for 11 tiny clips"
    page = open_page(context, one_file_page.as_uri())
    state = page.evaluate(STATE)
    assert state["hash"] == "#/softmax/1" and state["clip"] == clips[0]
    assert state["src"].startswith("blob:")
    press(page, "ArrowRight", 0, "playing")
    settle(page, 0, "end")
    state = press(page, "ArrowRight", 1, "playing")
    assert state["hash"] == "#/softmax/2" and state["clip"] == clips[1]
    assert press(page, "ArrowLeft", 0, "start")["time"] == 0
    cues = "Array.from(document.querySelector('#stage video.shown').textTracks[0].cues).length"
    assert page.evaluate(cues) == 1
    assert {url.split(":")[0] for url in log.requests} == {"file", "blob"}
    assert [u for u in log.requests if u.startswith("file:")] == [one_file_page.as_uri()]


def test_one_file_page_served_over_http(context, one_file_page, clips):
    with http_server(one_file_page.parent) as base:
        page = open_page(context, f"{base}/{PRESENT_NAME}#/loss-curves/2")
        assert page.evaluate(STATE)["clip"] == clips[7]
        track = """() => { const t = document.querySelector("#stage video.shown track");
          return t && t.readyState === 2 ? t.track.cues.length : null; }"""
        assert page.wait_for_function(track).json_value() == 1


def test_the_log_catches_console_errors_and_requests_to_other_hosts(browser):
    log = BrowserLog()
    context = browser.new_context()
    log.attach(context)
    context.route("http://example.invalid/**", lambda route: route.abort())  # never sent
    page = context.new_page()
    page.set_content(
        "<script>console.error('boom')</script><img src='http://example.invalid/x.png'>"
    )
    page.wait_for_timeout(300)
    context.close()
    with pytest.raises(AssertionError, match="left the machine"):
        log.assert_clean()
    log.requests.clear()
    with pytest.raises(AssertionError, match="boom"):
        log.assert_clean()
