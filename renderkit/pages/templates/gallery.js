// Chrome refuses <track> files on file:// pages; when one fails there, add its cues from
// the page. (Removing the <track> instead would leave the video waiting for it forever.)
if (location.protocol === "file:") {
  for (const data of document.querySelectorAll("script[data-cues-for]")) {
    const video = document.getElementById(data.dataset.cuesFor);
    const element = video.querySelector("track");
    const fallback = () => {
      if (element) element.track.mode = "disabled";
      const track = video.addTextTrack("captions", "English", "en");
      for (const [start, end, text] of JSON.parse(data.textContent)) {
        track.addCue(new VTTCue(start, end, text));
      }
      track.mode = "showing";
    };
    if (!element || element.readyState === 3) fallback();
    else element.addEventListener("error", fallback, { once: true });
  }
}
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const box = document.getElementById(copy.dataset.copy);
    try { await navigator.clipboard.writeText(box.value); }
    catch (error) { box.select(); document.execCommand("copy"); }
    copy.textContent = "Copied";
    setTimeout(() => { copy.textContent = "Copy"; }, 1500);
  }
  const seek = event.target.closest("[data-seek]");
  if (seek) {
    const video = document.getElementById(seek.dataset.video);
    video.currentTime = Number(seek.dataset.seek);
    video.play();
  }
});
