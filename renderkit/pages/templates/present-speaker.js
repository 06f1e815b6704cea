"use strict";
// The speaker view (this page opened with ?speaker): the current beat's caption as notes,
// the next beat's first frame, the beat count and a timer. It follows the presenter's
// state messages, and its keys steer the presenter.
if (PRESENT.speaker) (() => {
  const beats = PRESENT.beats;
  const $ = (id) => document.getElementById(id);
  const nextVideo = $("sp-next");
  const help = $("help");
  const PHASES = { start: "ready", playing: "playing", end: "at its end" };
  let index = PRESENT.indexOfHash(location.hash);
  let phase = "start";
  let timerStart = Date.now();

  document.body.classList.add("speaker-mode");
  document.title = "Speaker view · " + PRESENT.data.title;
  if (index === null) index = 0;

  function render() {
    const beat = beats[index];
    $("sp-count").textContent = (index + 1) + " / " + beats.length;
    $("sp-phase").textContent = PHASES[phase] || "";
    $("sp-scene").textContent = beat.scene + " · beat " + beat.number + " of " + beat.count;
    $("sp-title").textContent = beat.label;
    $("sp-summary").textContent = beat.title;
    $("sp-notes").textContent = beat.notes || "(no caption for this beat)";
    const described = PRESENT.describe(index);
    $("sp-describe").textContent = described.fallback
      ? "(this render has no description of the beat; render it again to get one)"
      : described.text;
    const hash = PRESENT.hashOf(index);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    const following = index + 1 < beats.length ? index + 1 : null;
    nextVideo.hidden = following === null;
    if (following === null) {
      $("sp-next-label").textContent = "End of the lecture.";
      return;
    }
    const upcoming = beats[following];
    $("sp-next-label").textContent =
      upcoming.scene + " · " + upcoming.label + " (" + upcoming.number + "/" + upcoming.count + ")";
    if (nextVideo.dataset.beat !== String(following)) {
      nextVideo.dataset.beat = String(following);
      nextVideo.dataset.clip = upcoming.clip;
      nextVideo.setAttribute("aria-label", "Next: " + PRESENT.videoLabel(following));
      nextVideo.src = PRESENT.mediaUrl(following, "src");  // held paused on its first frame
    }
  }

  function tick() {
    $("sp-timer").textContent = PRESENT.clock((Date.now() - timerStart) / 1000);
    $("sp-clock").textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  PRESENT.listen((msg) => {
    if (!msg || msg.type !== "state" || !beats[msg.index]) return;
    index = msg.index;
    phase = msg.phase;
    render();
  });

  document.addEventListener("keydown", (event) => {
    const action = PRESENT.actionOf(event);
    if (!action) return;
    event.preventDefault();
    if (action === "fullscreen") {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else document.documentElement.requestFullscreen().catch(() => {});
    } else if (action === "help") {
      help.hidden = !help.hidden;
    } else if (action === "close") {
      help.hidden = true;
    } else if (action !== "speaker") {
      PRESENT.post({ type: "action", action });
    }
  });
  document.addEventListener("click", (event) => {
    const control = event.target.closest("[data-action='close']");
    if (control) help.hidden = true;
  });
  $("sp-timer").addEventListener("click", () => { timerStart = Date.now(); tick(); });

  render();
  tick();
  setInterval(tick, 1000);
  PRESENT.post({ type: "hello" });
})();
