"use strict";
// The presenter: one beat per step, held on its first frame before it plays and on its
// last frame after. Two <video> elements take turns: the one on screen, and a spare that
// preloads the next beat, so a step starts without a gap.
if (!PRESENT.speaker) (() => {
  const beats = PRESENT.beats;
  const body = document.body;
  const videos = Array.from(document.querySelectorAll("#stage video"));
  const message = document.getElementById("message");
  const help = document.getElementById("help");
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
    shown.classList.remove("shown");
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

  function next() {
    if (phase === "start") go(index, true);
    else if (phase === "playing") finish();
    else if (index + 1 < beats.length) go(index + 1, true);
  }

  function publish() {
    const beat = beats[index];
    const hash = PRESENT.hashOf(index);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    body.dataset.index = String(index);
    body.dataset.phase = phase;
    document.getElementById("where-beat").textContent =
      beat.scene + " · " + beat.label + " (" + beat.number + "/" + beat.count + ")";
    document.getElementById("where-count").textContent = (index + 1) + " / " + beats.length;
    document.getElementById("progress-bar").style.width =
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
    help: () => { help.hidden = !help.hidden; },
    close: () => { help.hidden = true; },
  };

  function perform(action) {
    if (action.startsWith("scene:")) {
      const i = PRESENT.firstOfScene(Number(action.slice(6)));
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
  document.addEventListener("click", (event) => {
    if (event.button === 0 && !help.contains(event.target)) perform("next");
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
