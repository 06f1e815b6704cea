"""The pages as people use them, in Debian's headless Chromium: axe-core's WCAG rules, the
keyboard alone, and ``prefers-reduced-motion``.

One small real render (two scenes, 11 beats; shared with the presenter tests) is copied
into this module's own folder; its manifest entries get what manifests carry since
transcripts (each beat's ``description``, the ``transcript`` pages) where they lack it.
From it: the gallery, the presenter, its speaker view and the one-file presenter.

- **axe-core** (bundled by ``axe-playwright-python``) runs the WCAG 2.0, 2.1 and 2.2 A
  and AA rules (:data:`WCAG_TAGS`) on every page in :data:`PAGES`, in the light and the
  dark colour scheme, with its panels and details open; each must have 0 violations.
  A page type is one line in :data:`PAGES`.
- **The keyboard**: Tab reaches every control of the gallery and the presenter, each
  shows a focus ring (its computed outline), and Enter or Space works it.
- **Reduced motion**: with ``prefers-reduced-motion: reduce`` no video plays unless a
  key press asks for that very beat: not after loading, not after a step to the next
  beat (WCAG 2.2.2), in the gallery, the presenter and the one-file presenter.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from present_fixtures import CHROMIUM, CHROMIUM_ARGS, BrowserLog, describe_entry
from present_fixtures import rendered_lecture as render_once

from renderkit.outputs.manifest import Entry
from renderkit.pages.gallery import GALLERY_NAME, write_gallery
from renderkit.pages.present import PRESENT_NAME, lecture_beats, write_presenter

pytestmark = pytest.mark.slow

#: axe-core's tags for the WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORT = {"width": 960, "height": 540}


def described(scene: str, number: int) -> str:
    return f"At the end of beat {number} of {scene}: the title, the bars and their values."


@dataclass(frozen=True)
class Site:
    """The module's output folder with every page written, and its entries."""

    out: Path
    one_file: Path  #: present.html --one-file, alone in its folder
    entries: list[Entry]

    def url(self, rel: str, query: str = "") -> str:
        return (self.out / rel).as_uri() + query


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    rendered, entries = render_once(tmp_path_factory)
    out = tmp_path_factory.mktemp("a11y-site")
    shutil.copytree(rendered, out, dirs_exist_ok=True)
    entries = [describe_entry(out, e, described) for e in entries]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["entries"] = entries
    manifest["lecture"] = {"scenes": [e["scene"] for e in entries], "present": PRESENT_NAME}
    write_presenter(out, entries)
    write_gallery(out, manifest)
    work = tmp_path_factory.mktemp("a11y-one-file")
    shutil.copytree(rendered, work, dirs_exist_ok=True)
    one_file = tmp_path_factory.mktemp("a11y-one-file-alone") / PRESENT_NAME
    shutil.move(write_presenter(work, entries, one_file=True), one_file)
    return Site(out, one_file, entries)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (its own storage), checked for errors and outside requests."""
    log = BrowserLog()
    context = browser.new_context(viewport=VIEWPORT)
    log.attach(context)
    yield context
    context.close()
    # Chrome refuses <track> files on file:// pages (the gallery then adds the cues itself)
    log.errors = [e for e in log.errors if not e.startswith("Unsafe attempt to load URL file:")]
    log.assert_clean()


# -- opening the pages ---------------------------------------------------------------------

#: The presenter has settled: the beat on screen, held on its first frame.
PRESENTER_READY = """() => { const v = document.querySelector("#stage video.shown");
  return document.body.dataset.phase === "start" && v && v.readyState >= 2 && !v.seeking
    && v.paused && v.currentTime === 0; }"""
SPEAKER_READY = """() => document.body.classList.contains("speaker-mode")
  && document.getElementById("sp-next").readyState >= 2"""


def presenter_ready(page: Any) -> None:
    page.wait_for_function(PRESENTER_READY)


def open_details(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@dataclass(frozen=True)
class Target:
    """One page type: its URL in the module's folder and what to do before checking it."""

    url: Callable[[Site], str]
    prepare: Callable[[Any], None] = lambda page: None


def _then(*steps: Callable[[Any], None]) -> Callable[[Any], None]:
    return lambda page: [step(page) for step in steps] and None


def _press(key: str) -> Callable[[Any], None]:
    return lambda page: page.keyboard.press(key)


def _wait_shown(selector: str) -> Callable[[Any], None]:
    return lambda page: page.wait_for_selector(selector, state="visible")


#: Every page type axe checks, in the states that show something more (one line each).
PAGES: dict[str, Target] = {
    "gallery": Target(lambda s: s.url(GALLERY_NAME)),
    "gallery, every details open": Target(lambda s: s.url(GALLERY_NAME), open_details),
    "presenter": Target(lambda s: s.url(PRESENT_NAME), presenter_ready),
    "presenter, description open": Target(
        lambda s: s.url(PRESENT_NAME), _then(presenter_ready, _press("t"), _wait_shown("#describe"))
    ),
    "presenter, keys open": Target(
        lambda s: s.url(PRESENT_NAME), _then(presenter_ready, _press("?"), _wait_shown("#help"))
    ),
    "speaker view": Target(
        lambda s: s.url(PRESENT_NAME, "?speaker"),
        lambda page: page.wait_for_function(SPEAKER_READY),
    ),
    "one-file presenter": Target(lambda s: s.one_file.as_uri(), presenter_ready),
    "transcript": Target(lambda s: s.url(s.entries[0]["transcript"])),  # type: ignore[typeddict-item]
}


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG A/AA violations on ``page``, one line per failing element."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{rule['id']} {node['target']}: {' '.join(node.get('failureSummary', '').split())}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violation(browser, site, name, scheme):
    target = PAGES[name]
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()
    page.goto(target.url(site))
    target.prepare(page)
    violations = axe_violations(page)
    context.close()
    assert violations == [], f"{name} ({scheme}):\n" + "\n".join(violations)


def test_axe_does_report_a_violation_here(browser):
    """The check can fail: a page with low-contrast text and an unlabelled button."""
    page = browser.new_page()
    page.set_content(
        "<html lang='en'><title>t</title><body style='background:#0c0c0e'>"
        "<p style='color:#54545a'>faint</p><button></button></body></html>"
    )
    rules = {line.split()[0] for line in axe_violations(page)}
    page.close()
    assert rules == {"color-contrast", "button-name"}


# -- the keyboard ---------------------------------------------------------------------------

#: Marks every control a person can see (``data-k``) and returns how many there are.
MARK_CONTROLS = """() => {
  const all = document.querySelectorAll(
    "a[href], button, summary, textarea, input, select, video[controls], [tabindex]");
  const shown = [...all].filter((e) => e.tabIndex >= 0 && e.checkVisibility());
  shown.forEach((e, k) => { e.dataset.k = String(k); });
  return shown.length;
}"""
#: The focused element: its mark, name, and the focus indicator it is drawn with.
FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return { k: e.dataset.k === undefined ? null : Number(e.dataset.k), tag: e.tagName,
    id: e.id, text: (e.textContent || "").trim().slice(0, 60),
    focusVisible: e.matches(":focus-visible")
      || (e.tagName === "VIDEO" && e.matches(":focus-within")),  // its own controls
    outline: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
    shadow: s.boxShadow }; }"""


def tab_through(page: Any, limit: int = 200) -> list[dict[str, Any]]:
    """Press Tab until focus comes back round (or ``limit`` presses); what was focused."""
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if seen and focused["k"] is not None and focused["k"] == seen[0]["k"]:
            break
        if focused["tag"] != "BODY":
            seen.append(focused)
    return seen


def tab_to(page: Any, selector: str, limit: int = 200) -> None:
    """Press Tab until the element ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def assert_focus_visible(focused: dict[str, Any]) -> None:
    """A focus ring: the page's 3 px outline (or a box shadow), drawn on keyboard focus."""
    ring = focused["outline"] != "none" and focused["outlineWidth"] >= 2
    assert focused["focusVisible"] and (ring or focused["shadow"] != "none"), focused


def test_tab_reaches_every_gallery_control_with_a_visible_ring(context, site, tmp_path):
    page = context.new_page()
    page.goto(site.url(GALLERY_NAME))
    controls = page.evaluate(MARK_CONTROLS)
    reached = tab_through(page)
    # a video's own controls (play, time, menu) take a Tab each: it is focused thrice
    assert {f["k"] for f in reached} == set(range(controls)), reached
    for focused in reached:
        assert_focus_visible(focused)
    names = [f["text"] for f in reached]
    assert "Present it: step through the beats" in names and "transcript" in names
    page.screenshot(path=str(tmp_path / "gallery-start.png"))

    # work the first card with keys alone: open its embed code, copy it
    tab_to(page, "details:has(#clip1-embed) > summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details:has(#clip1-embed)').open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "clip1-embed"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelector('[data-copy=clip1-embed]').textContent == 'Copied'"
    )
    assert_focus_visible(page.evaluate(FOCUSED))
    page.screenshot(path=str(tmp_path / "gallery-copy.png"))
    # a beat's time seeks the video; Space presses it
    tab_to(page, "#clip1 ~ .body details:has(.seek) > summary")
    page.keyboard.press("Space")
    tab_to(page, "#clip1 ~ .body button.seek[data-seek='" + seek_of(site, 1) + "']")
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('clip1').currentTime >= " + seek_of(site, 1))
    # the transcript link follows with Enter
    tab_to(page, "a[href$='softmax.transcript.html']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/softmax.transcript.html")


def seek_of(site: Site, number: int) -> str:
    """The gallery's seek value of the first scene's beat ``number`` (0 is the first)."""
    return str(site.entries[0]["sections"][number]["start"])


#: What the presenter shows: the beat, its phase, and whether any video plays.
STATE = """() => { const v = document.querySelector("#stage video.shown");
  return { index: Number(document.body.dataset.index), phase: document.body.dataset.phase,
    paused: v.paused, time: v.currentTime,
    playing: [...document.querySelectorAll("video")].filter((x) => !x.paused).length }; }"""
SETTLED = """([index, phase]) => { const v = document.querySelector("#stage video.shown");
  if (Number(document.body.dataset.index) !== index || document.body.dataset.phase !== phase
      || v.dataset.beat !== String(index) || v.readyState < 2 || v.seeking) return false;
  if (phase === "start") return v.paused && v.currentTime === 0;
  if (phase === "playing") return !v.paused && v.currentTime > 0;
  return v.paused && Math.abs(v.currentTime - v.duration) < 0.05; }"""
FAST = """() => { for (const v of document.querySelectorAll("video")) {
  v.defaultPlaybackRate = 8; v.playbackRate = 8; } }"""
NORMAL_SPEED = FAST.replace("8", "1")


def settle(page: Any, index: int, phase: str) -> dict[str, Any]:
    page.wait_for_function(SETTLED, arg=[index, phase], timeout=10_000)
    return page.evaluate(STATE)


def open_presenter(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    presenter_ready(page)
    page.evaluate(FAST)
    return page


def test_tab_reaches_every_presenter_control_and_each_works_by_keys(context, site, tmp_path):
    beats = lecture_beats(site.out, site.entries)
    page = open_presenter(context, site.url(PRESENT_NAME))
    controls = page.evaluate(MARK_CONTROLS)
    reached = tab_through(page)
    assert [f["text"] for f in reached] == [
        "← Back",
        "Play →",
        "Describe T",
        "Captions C",
        "Speaker view S",
        "Full screen F",
        "Keys ?",
    ]
    assert sorted(f["k"] for f in reached) == list(range(controls))
    for focused in reached:
        assert_focus_visible(focused)

    # Enter on Play plays this beat (one step, not two: the key is not also "next")
    tab_to(page, "#next-button")
    page.keyboard.press("Enter")
    settle(page, 0, "playing")
    settle(page, 0, "end")
    assert page.inner_text("#next-button") == "Next beat →"
    page.keyboard.press("Space")  # the focused button again: the next beat
    settle(page, 1, "playing")
    settle(page, 1, "end")

    # Describe (Space on the button, T from anywhere) shows what is on screen
    tab_to(page, "#describe-button")
    page.keyboard.press("Space")
    page.wait_for_selector("#describe", state="visible")
    assert page.get_attribute("#describe-button", "aria-expanded") == "true"
    assert page.inner_text("#describe-text") == beats[1].description
    assert page.inner_text("#describe-title") == "On screen: softmax · " + beats[1].label
    page.keyboard.press("Tab")  # into the panel: the scene's transcript
    focused = page.evaluate(FOCUSED)
    assert focused["id"] == "describe-transcript"
    assert_focus_visible(focused)
    href = page.get_attribute("#describe-transcript", "href")
    assert href == site.entries[0]["transcript"]  # type: ignore[typeddict-item]
    page.screenshot(path=str(tmp_path / "presenter-describe.png"))
    page.keyboard.press("ArrowLeft")  # the panel follows the beat
    settle(page, 0, "start")
    assert page.inner_text("#describe-text") == beats[0].description
    page.keyboard.press("t")
    page.wait_for_selector("#describe", state="hidden")
    assert page.evaluate("document.activeElement.id") == "describe-button"  # focus kept

    # the keys: ? opens, Tab reaches Close, Enter closes and gives the focus back
    page.keyboard.press("?")
    page.wait_for_selector("#help", state="visible")
    tab_to(page, "#help button[data-action=close]")
    assert_focus_visible(page.evaluate(FOCUSED))
    page.screenshot(path=str(tmp_path / "presenter-help.png"))
    page.keyboard.press("Enter")
    page.wait_for_selector("#help", state="hidden")
    assert page.evaluate("document.activeElement.id") == "help-button"

    # Captions by its button: pressed state follows
    tab_to(page, "#captions-button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.classList.contains('no-captions')")
    assert page.get_attribute("#captions-button", "aria-pressed") == "false"
    # the videos are named after their beat
    assert page.get_attribute("#stage video.shown", "aria-label") == (
        f"softmax, beat 1 of {beats[0].count}: {beats[0].label}"
    )


def test_a_description_from_an_older_manifest_falls_back_to_the_caption(browser, tmp_path):
    from present_fixtures import fake_lecture

    entries = fake_lecture(tmp_path, [("softmax", ["Logits are raw scores."])], described=False)
    write_presenter(tmp_path, entries)
    page = browser.new_page(viewport=VIEWPORT)
    page.goto((tmp_path / PRESENT_NAME).as_uri())
    presenter_ready(page)
    page.keyboard.press("t")
    page.wait_for_selector("#describe", state="visible")
    assert page.inner_text("#describe-text") == "Logits are raw scores."
    assert page.inner_text("#describe-title").startswith("Caption (no description")
    assert not page.is_visible("#describe-transcript")
    page.close()


# -- reduced motion ---------------------------------------------------------------------------


def step_to_the_next_beat(page: Any) -> None:
    """Play beat 1 (asked for) fast, let it end, press → once more at normal speed."""
    page.keyboard.press("ArrowRight")
    settle(page, 0, "playing")
    settle(page, 0, "end")
    page.evaluate(NORMAL_SPEED)  # the next beat lasts seconds: long enough to see it play
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.body.dataset.index === '1'")


@pytest.mark.parametrize("which", ["presenter", "one-file presenter"])
def test_with_reduced_motion_a_step_holds_the_next_beat_still(browser, site, which):
    url = PAGES[which].url(site)
    normal = browser.new_context(viewport=VIEWPORT)
    page = open_presenter(normal, url)
    step_to_the_next_beat(page)
    assert settle(page, 1, "playing")["playing"] == 1  # the usual: the next beat plays on
    normal.close()

    reduced = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    page = open_presenter(reduced, url)
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    page.wait_for_timeout(600)
    assert page.evaluate(STATE)["playing"] == 0  # nothing starts on loading
    step_to_the_next_beat(page)
    page.wait_for_timeout(600)
    state = page.evaluate(STATE)
    assert state["phase"] == "start" and state["paused"] and state["time"] == 0
    assert state["playing"] == 0
    page.keyboard.press("ArrowRight")  # a press for this beat plays it
    assert settle(page, 1, "playing")["playing"] == 1
    page.evaluate(FAST)
    settle(page, 1, "end")
    page.mouse.click(480, 200)  # a click on the picture steps the same way
    page.wait_for_function("document.body.dataset.index === '2'")
    page.wait_for_timeout(600)
    assert page.evaluate(STATE)["playing"] == 0
    speaker = reduced.new_page()
    speaker.goto(url + "?speaker")
    speaker.wait_for_function(SPEAKER_READY)
    speaker.wait_for_timeout(600)
    assert speaker.evaluate("[...document.querySelectorAll('video')].every((v) => v.paused)")
    reduced.close()


def test_with_reduced_motion_no_gallery_video_starts(browser, site):
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site.url(GALLERY_NAME))
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    videos = page.evaluate(
        "[...document.querySelectorAll('video')].map((v) => [v.paused, v.autoplay])"
    )
    assert videos and all(paused and not autoplay for paused, autoplay in videos)
    context.close()
