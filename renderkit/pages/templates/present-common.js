"use strict";
// Shared by the presenter and its speaker view: the beats, the hash, the keys, the
// channel between the two windows, media URLs and captions.
const PRESENT = (() => {
  const data = JSON.parse(document.getElementById("present-data").textContent);
  const beats = data.beats;
  const speaker = new URLSearchParams(location.search).has("speaker");
  // BroadcastChannel works between windows of one page from file:// and from http://.
  const channel = new BroadcastChannel("present:" + location.pathname);

  // "#/<scene>/<beat>", the beat counted from 1 within its scene.
  function hashOf(i) {
    return "#/" + encodeURIComponent(beats[i].scene) + "/" + beats[i].number;
  }

  function indexOfHash(hash) {
    const match = /^#\/([^/]+)\/(\d+)$/.exec(hash || "");
    if (!match) return null;
    let scene;
    try { scene = decodeURIComponent(match[1]); } catch (error) { return null; }
    const i = beats.findIndex((b) => b.scene === scene && b.number === Number(match[2]));
    return i < 0 ? null : i;
  }

  function firstOfScene(n) {
    const i = beats.findIndex((b) => b.sceneNumber === n);
    return i < 0 ? null : i;
  }

  const KEYS = {
    ArrowRight: "next", " ": "next", PageDown: "next",
    ArrowLeft: "prev", PageUp: "prev",
    Home: "first", End: "last",
    r: "replay", f: "fullscreen", c: "captions", s: "speaker", t: "describe",
    "?": "help", Escape: "close",
  };
  // Keys that press a focused button or follow a focused link: left to the browser there.
  const PRESSING = new Set(["Enter", " "]);

  // The action a key press asks for ("next", "digit:3", ...), or null.
  function actionOf(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !event.key) return null;
    const target = event.target;
    if (PRESSING.has(event.key) && target && target.closest && target.closest("button, a, summary")) {
      return null;
    }
    if (/^[0-9]$/.test(event.key)) return "digit:" + event.key;
    return KEYS[event.key] || KEYS[event.key.toLowerCase()] || null;
  }

  // Scene numbers from digit keys: 1-9 at once, 0 the tenth, and two digits typed within
  // a second the scene of that number (1 then 2: the twelfth), when there is one.
  const sceneCount = beats.reduce((most, b) => Math.max(most, b.sceneNumber), 0);
  let pending = { digits: "", at: 0 };
  function sceneOfDigit(digit, now) {
    const typed = now - pending.at < 1000 ? pending.digits + digit : "";
    pending = { digits: digit, at: now };
    if (typed && Number(typed) <= sceneCount && Number(typed) >= 10) {
      pending = { digits: "", at: 0 };
      return Number(typed);
    }
    const n = digit === "0" ? 10 : Number(digit);
    return n <= sceneCount ? n : null;
  }

  // What is on screen at beat i's end: its description, or (older manifests) its caption.
  function describe(i) {
    const beat = beats[i];
    if (beat.description) return { text: beat.description, fallback: false };
    return { text: beat.notes || "(no description or caption for this beat)", fallback: true };
  }

  // A video's accessible name for beat i.
  function videoLabel(i) {
    const b = beats[i];
    return b.scene + ", beat " + b.number + " of " + b.count + ": " + b.label;
  }

  // Reduced motion asked for: a step lands on a held frame; only a press plays.
  const reducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

  // One-file pages carry data: URLs; they play as blob: URLs (decoded once, on demand).
  const blobs = new Map();
  function mediaUrl(i, field) {
    const source = beats[i][field];
    if (!source || !source.startsWith("data:")) return source;
    const key = field + ":" + i;
    if (!blobs.has(key)) {
      const comma = source.indexOf(",");
      const mime = source.slice(5, comma).split(";")[0];
      const text = atob(source.slice(comma + 1));
      const bytes = new Uint8Array(text.length);
      for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
      blobs.set(key, URL.createObjectURL(new Blob([bytes], { type: mime })));
    }
    return blobs.get(key);
  }

  // A video's captions for beat i. Served pages use the beat's .vtt in a <track>;
  // file:// pages may not load track files (Chrome refuses them as cross-origin), so
  // there the cues come from the page into one text track per video element.
  function setCaptions(video, i, showing) {
    for (const old of video.querySelectorAll("track")) old.remove();
    const mode = showing ? "showing" : "hidden";
    if (beats[i].vtt && location.protocol !== "file:") {
      if (video.pageCues) video.pageCues.mode = "disabled";
      const track = document.createElement("track");
      track.kind = "captions";
      track.label = "English";
      track.srclang = "en";
      track.src = mediaUrl(i, "vtt");
      video.append(track);
      track.track.mode = mode;
      return;
    }
    if (!video.pageCues) video.pageCues = video.addTextTrack("captions", "English", "en");
    const track = video.pageCues;
    track.mode = "hidden";
    for (const cue of Array.from(track.cues || [])) track.removeCue(cue);
    for (const [start, end, text] of beats[i].cues) track.addCue(new VTTCue(start, end, text));
    track.mode = mode;
  }

  function showCaptions(video, showing) {
    for (const track of video.textTracks) {
      if (track.mode !== "disabled") track.mode = showing ? "showing" : "hidden";
    }
  }

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
  }

  return {
    data, beats, speaker, hashOf, indexOfHash, firstOfScene, actionOf, sceneOfDigit, mediaUrl,
    setCaptions, showCaptions, clock, describe, videoLabel, reducedMotion,
    post: (message) => channel.postMessage(message),
    listen: (handler) => channel.addEventListener("message", (event) => handler(event.data)),
  };
})();
