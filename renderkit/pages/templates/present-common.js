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
    r: "replay", f: "fullscreen", c: "captions", s: "speaker",
    "?": "help", Escape: "close",
  };

  // The action a key press asks for ("next", "scene:3", ...), or null.
  function actionOf(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !event.key) return null;
    if (/^[1-9]$/.test(event.key)) return "scene:" + event.key;
    return KEYS[event.key] || KEYS[event.key.toLowerCase()] || null;
  }

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
    data, beats, speaker, hashOf, indexOfHash, firstOfScene, actionOf, mediaUrl,
    setCaptions, showCaptions, clock,
    post: (message) => channel.postMessage(message),
    listen: (handler) => channel.addEventListener("message", (event) => handler(event.data)),
  };
})();
