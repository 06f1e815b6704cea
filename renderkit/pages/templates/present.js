"use strict";
// The presenter: one beat per step, held on its first frame before it plays and on its
// last frame after. Two <video> elements take turns: the one on screen, and a spare that
// preloads the next beat, so a step starts without a gap.
if (!PRESENT.speaker) (() => {
  const beats = PRESENT.beats;
  const body = document.body;
  const videos = Array.from(document.querySelectorAll("#stage video"));
  const message = document.getElementById("message");
  const $ = (id) => document.getElementById(id);
  const help = $("help");
  const panel = $("describe");
  let shown = videos[0];   // on screen
  let active = videos[0];  // holds the current beat (shown as soon as it has a frame)
  let index = 0;
  let phase = "start";     // "start": on the first frame; "playing"; "end": on the last frame
  let captions = true;
  let step = 0;            // every step bumps it: a late callback of an older step does nothing

  const other = (video) => (video === videos[0] ? videos[1] : videos[0]);

  function load(video, i) {
    if (video.dataset.beat === String(i)) return;
    video.dataset.beat = String(i);
    video.dataset.clip = beats[i].clip;
    video.setAttribute("aria-label", PRESENT.videoLabel(i));
    video.src = PRESENT.mediaUrl(i, "src");
    PRESENT.setCaptions(video, i, captions);
  }

  function ready(video) {
    if (video.readyState >= 2 && !video.seeking) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ok = () => { video.removeEventListener("error", bad); resolve(); };
      const bad = () => { video.removeEventListener("loadeddata", ok); reject(video.error); };
      video.addEventListener(video.readyState >= 2 ? "seeked" : "loadeddata", ok, { once: true });
      video.addEventListener("error", bad, { once: true });
    });
  }

  // Always a real seek, even to where the video already is: a paused video shows the
  // captions of its new position only after one.
  function seek(video, time) {
    return new Promise((resolve) => {
      video.addEventListener("seeked", resolve, { once: true });
      video.currentTime = time;
    });
  }

  function reveal(video) {
    if (video === shown) return;
    video.classList.add("shown");
    video.removeAttribute("aria-hidden");
    shown.classList.remove("shown");
    shown.setAttribute("aria-hidden", "true");
    shown.pause();
    shown = video;
  }

  function preloadNext() {
    if (index + 1 < beats.length) load(other(shown), index + 1);
  }

  // Show beat i: held on its first frame, or playing from its start.
  async function go(i, play) {
    const mine = ++step;
    index = i;
    phase = play ? "playing" : "start";
    active = shown.dataset.beat === String(i) ? shown : other(shown);
    load(active, i);
    publish();
    try {
      await ready(active);
      if (mine !== step) return;
      if (play) {
        active.currentTime = 0;
        await active.play();
      } else {
        active.pause();
        await seek(active, 0);
      }
      if (mine !== step) return;
      reveal(active);
      preloadNext();
      message.hidden = true;
    } catch (error) {
      if (mine === step) failed(error);
    }
  }

  // → while a beat plays: jump to its end and hold there.
  async function finish() {
    const mine = ++step;
    const video = active;
    phase = "end";
    publish();
    try {
      await ready(video);
      if (mine !== step) return;
      video.pause();
      await seek(video, video.duration);
      if (mine === step) reveal(video);
    } catch (error) {
      if (mine === step) failed(error);
    }
  }

  function failed(error) {
    message.textContent = "Could not play " + beats[index].clip +
      (error && error.message ? " (" + error.message + ")" : "");
    message.hidden = false;
  }

  for (const video of videos) {
    video.addEventListener("ended", () => {
      if (video === active && phase === "playing" && video.dataset.beat === String(index)) {
        phase = "end";
        publish();
      }
    });
  }

  // With prefers-reduced-motion a step to the next beat holds it on its first frame: no
  // video starts unless the press is for that beat (WCAG 2.2.2).
  function next() {
    if (phase === "start") go(index, true);
    else if (phase === "playing") finish();
    else if (index + 1 < beats.length) go(index + 1, !PRESENT.reducedMotion());
  }

  const NEXT_LABELS = { start: "Play →", playing: "To its end →", end: "Next beat →" };

  function describePanel() {
    const { text, fallback } = PRESENT.describe(index);
    const beat = beats[index];
    $("describe-title").textContent = (fallback ? "Caption (no description in this render): " :
      "On screen: ") + beat.scene + " · " + beat.label;
    if ($("describe-text").textContent !== text) $("describe-text").textContent = text;
    $("describe-more").hidden = !beat.transcript;
    if (beat.transcript) $("describe-transcript").href = beat.transcript;
  }

  function publish() {
    const beat = beats[index];
    const hash = PRESENT.hashOf(index);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    body.dataset.index = String(index);
    body.dataset.phase = phase;
    const where = beat.scene + " · " + beat.label + " (" + beat.number + "/" + beat.count + ")";
    if ($("where-beat").textContent !== where) $("where-beat").textContent = where;  // announced
    $("where-count").textContent = (index + 1) + " / " + beats.length;
    $("next-button").textContent =
      phase === "end" && index + 1 === beats.length ? "End of the lecture" : NEXT_LABELS[phase];
    $("captions-button").setAttribute("aria-pressed", String(captions));
    describePanel();
    $("progress-bar").style.width =
      (100 * (index + (phase === "start" ? 0 : 1)) / beats.length) + "%";
    PRESENT.post({ type: "state", index, phase, captions });
  }

  function toggleCaptions() {
    captions = !captions;
    for (const video of videos) PRESENT.showCaptions(video, captions);
    body.classList.toggle("no-captions", !captions);
    publish();
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  function openSpeaker() {
    window.open("?speaker" + PRESENT.hashOf(index), "present-speaker", "popup,width=1180,height=760");
  }

  const ACTIONS = {
    next,
    prev: () => go(Math.max(0, index - 1), false),
    first: () => go(0, false),
    last: () => go(beats.length - 1, false),
    replay: () => go(index, true),
    captions: toggleCaptions,
    fullscreen: toggleFullscreen,
    speaker: openSpeaker,
    help: () => toggle(help, "help-button"),
    describe: () => toggle(panel, "describe-button"),
    close: () => { toggle(help, "help-button", false); toggle(panel, "describe-button", false); },
  };

  function toggle(element, button, open = element.hidden) {
    element.hidden = !open;
    $(button).setAttribute("aria-expanded", String(open));
    if (!open && element.contains(document.activeElement)) $(button).focus();
  }

  function perform(action) {
    if (action.startsWith("digit:")) {
      const n = PRESENT.sceneOfDigit(action.slice(6), Date.now());
      const i = n === null ? null : PRESENT.firstOfScene(n);
      if (i !== null) go(i, false);
    } else if (ACTIONS[action]) {
      ACTIONS[action]();
    }
  }

  document.addEventListener("keydown", (event) => {
    const action = PRESENT.actionOf(event);
    if (!action) return;
    event.preventDefault();
    perform(action);
  });
  // A click on the picture steps; a control does what it says; the panels and the bar
  // take clicks for themselves (select text, follow a link).
  document.addEventListener("click", (event) => {
    if (event.button !== 0) return;
    const control = event.target.closest("[data-action]");
    if (control) perform(control.dataset.action);
    else if (!event.target.closest(".panel, #bar")) perform("next");
  });
  window.addEventListener("hashchange", () => {
    const i = PRESENT.indexOfHash(location.hash);
    if (i === null) publish();
    else if (i !== index) go(i, false);
  });
  PRESENT.listen((msg) => {
    if (msg && msg.type === "action" && msg.action !== "speaker") perform(msg.action);
    else if (msg && msg.type === "hello") publish();
  });

  let idle = 0;
  document.addEventListener("mousemove", () => {
    body.classList.remove("idle");
    clearTimeout(idle);
    idle = setTimeout(() => body.classList.add("idle"), 2500);
  });

  const start = PRESENT.indexOfHash(location.hash);
  go(start === null ? 0 : start, false);
})();
