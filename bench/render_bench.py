"""Render benchmark: render.py against plain manim, on this machine, in one run.

Measures (medians of ``--reps`` repetitions) and writes ``bench/RESULTS.md``:

1. cold render of every scene at low quality: ``render.py -j <cores> --force`` into a
   fresh output folder against the same scenes rendered one after another with plain
   ``manim -ql --silent`` into a fresh media folder;
2. re-render with nothing changed: render.py against plain ``manim -ql`` with its cache
   warm;
3. one equation line of the kl-to-cross-entropy scene's data edited: seconds, and which
   scenes rendered, against that scene's own ``render.py --force`` time;
4. the real-time factor (render seconds / video seconds) at low quality, and at high
   quality for one scene;
5. the encode-only floor: what PyAV needs to encode as many frames of one still image
   with manim's settings (libx264, crf 23, yuv420p), the lower bound of any render.

Everything runs on a snapshot of the project (``git archive HEAD`` by default, or the
working tree with ``--worktree``) in a temporary folder, so edits made while the bench
runs cannot change what is measured. Scenes of the registry without a file are skipped
with a note, as are scenes that fail to render. It is a benchmark, not a test: the
numbers depend on the machine and on what else runs on it (the load is recorded).

    .venv/bin/python bench/render_bench.py                # everything, 3 repetitions
    .venv/bin/python bench/render_bench.py --reps 1 --scenes softmax,loss-curves
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EDIT_SCENE = "kl-to-cross-entropy"
LOW = ("low", "l", 854, 480, 15)
HIGH = ("high", "h", 1920, 1080, 60)
THEME = "dark"


def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


class BenchError(Exception):
    """Something the bench cannot measure; reported as one line."""


# ---------------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "manim": importlib.metadata.version("manim"),
        "av": importlib.metadata.version("av"),
    }


def load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


# ---------------------------------------------------------------------- the project


def snapshot(dest: Path, worktree: bool) -> str:
    """Copy the project to ``dest``; return what it is (a commit, or 'working tree')."""
    parts = ("render.py", "pyproject.toml", "scenes", "mathcore", "renderkit")
    if not worktree:
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            archive = subprocess.run(
                ["git", "archive", "--format=tar", "HEAD", *parts],
                cwd=ROOT,
                capture_output=True,
                check=True,
            ).stdout
            dest.mkdir(parents=True)
            subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
            return f"commit {commit}"
        except (OSError, subprocess.CalledProcessError):
            log("no git snapshot possible; using the working tree")
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    return "working tree"


def registry(project: Path) -> list[Any]:
    """The snapshot's scene list (``scenes/registry.py`` imports nothing heavy)."""
    spec = importlib.util.spec_from_file_location("bench_registry", project / "scenes/registry.py")
    if spec is None or spec.loader is None:
        raise BenchError(f"no scenes/registry.py in {project}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return list(module.SCENES)


def scene_file(project: Path, info: Any) -> Path:
    return project / "scenes" / (info.name.replace("-", "_") + ".py")


# ---------------------------------------------------------------------- running things


def environment(project: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), env.get("PYTHONPATH")]))
    env["CE_THEME"] = THEME
    env.pop("MPLBACKEND", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], project: Path, check: bool = True) -> tuple[float, Any]:
    """Run ``cmd`` in ``project``; (wall seconds, completed process).

    ``process.cpu`` is the CPU seconds it and everything it started used (user + system).
    """
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        list(cmd), cwd=project, env=environment(project), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    proc.cpu = _children_cpu() - cpu_before
    if check and proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(cmd[:4])}... exited {proc.returncode}: {' | '.join(tail)}")
    return seconds, proc


def render_py(
    project: Path,
    scenes: Sequence[str],
    out: Path,
    *,
    jobs: int,
    quality: str = "low",
    force: bool = True,
    check: bool = True,
) -> tuple[float, Any]:
    cmd = [sys.executable, str(project / "render.py"), *scenes, "-q", quality]
    cmd += ["-j", str(jobs), "-o", str(out), "--theme", THEME, "--quiet"]
    if force:
        cmd.append("--force")
    return run(cmd, project, check=check)


def manim_one(project: Path, info: Any, media: Path, letter: str = "l") -> tuple[float, float]:
    """(wall, CPU) seconds of one plain manim render."""
    manim = Path(sys.executable).with_name("manim")
    cmd = [str(manim), "render", f"-q{letter}", "--silent", "--progress_bar", "none"]
    cmd += ["-v", "WARNING", "--media_dir", str(media)]
    cmd += [str(scene_file(project, info)), info.class_name]
    seconds, proc = run(cmd, project)
    return seconds, proc.cpu


def manim_sequential(
    project: Path, infos: Sequence[Any], media: Path
) -> dict[str, tuple[float, float]]:
    return {info.name: manim_one(project, info, media) for info in infos}


def manifest(out: Path) -> dict[tuple[str, str], dict[str, Any]]:
    path = out / "manifest.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(e["scene"], e["quality"]): e for e in data.get("entries", [])}


def outputs_state(out: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every published file, to tell whether a run wrote anything."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in out.rglob("*")
        if p.is_file()
        and ".work" not in p.relative_to(out).parts
        and p.name not in ("manifest.json", "index.html")
    }


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def encode_floor(width: int, height: int, fps: int, frames: int, image: Path | None) -> float:
    """Seconds to encode ``frames`` copies of one still with manim's settings (in memory)."""
    import av
    import numpy as np

    if image is not None and image.is_file():
        from PIL import Image

        still = np.asarray(Image.open(image).convert("RGBA").resize((width, height)))
    else:
        rng = np.random.default_rng(0)
        still = rng.integers(0, 255, (height, width, 4), dtype=np.uint8)
    buffer = io.BytesIO()
    start = time.perf_counter()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps, options={"crf": "23"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(still, format="rgba")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return time.perf_counter() - start


# ---------------------------------------------------------------------- the edit


def equation_edit(path: Path) -> Callable[[bool], None]:
    """A switch for one equation line of the scene's ``DERIVATION`` data.

    ``switch(True)`` appends a thin space ``\\,`` part to the last line of the
    derivation (a real change of the TeX the scene typesets), ``switch(False)``
    restores the file. Raises :class:`BenchError` if the data is not found.
    """
    import ast

    original = path.read_text(encoding="utf-8")
    tree = ast.parse(original)
    target = None
    for node in tree.body:
        names = []
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names, value = [node.target.id], node.value
        if "DERIVATION" in names and isinstance(value, ast.Tuple) and value.elts:
            target = value.elts[-1]
    if not isinstance(target, ast.Tuple) or target.end_lineno is None:
        raise BenchError(f"no DERIVATION tuple of equation lines in {path.name}")
    lines = original.splitlines(keepends=True)
    row = target.end_lineno - 1
    # ast columns count UTF-8 bytes; the closing ")" is the tuple's last character
    col = len(lines[row].encode()[: target.end_col_offset - 1].decode())
    if lines[row][col] != ")":
        raise BenchError(f"unexpected layout of the last DERIVATION line in {path.name}")
    prefix = original[: sum(len(line) for line in lines[:row]) + col]
    if not prefix.rstrip().endswith(","):
        part = r', r"\,"'
    elif prefix.endswith((" ", "\t", "\n")):
        part = r'r"\,"'
    else:
        part = r' r"\,"'
    edited = prefix + part + original[len(prefix) :]
    try:
        ast.parse(edited)
    except SyntaxError:
        raise BenchError(f"could not edit the last DERIVATION line of {path.name}") from None

    def switch(on: bool) -> None:
        path.write_text(edited if on else original, encoding="utf-8")

    return switch


# ---------------------------------------------------------------------- the report


@dataclass
class Result:
    label: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Report:
    machine: dict[str, str]
    started: str
    source: str
    reps: int
    jobs: int
    scenes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    per_scene: list[tuple[str, ...]] = field(default_factory=list)
    raw: dict[str, list[float]] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    elapsed: float = 0.0

    def markdown(self) -> str:
        m = self.machine
        out = [
            "# Render benchmark",
            "",
            "Written by `bench/render_bench.py` (`make bench`). A benchmark, not a test: the",
            "numbers are this machine's, with whatever else was running on it.",
            "",
            "## Machine and run",
            "",
            f"- Date: {self.started}",
            f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory; {m['os']}",
            f"- Python {m['python']}, manim {m['manim']}, PyAV {m['av']}",
            f"- Load average (1/5/15 min) before: {self.load_before}; after: {self.load_after}",
            f"- Project: {self.source}; theme {THEME}; render.py `-j {self.jobs}`",
            f"- Repetitions: {self.reps} (medians reported); "
            f"the bench took {self.elapsed / 60:.1f} min",
            f"- Scenes measured ({len(self.scenes)}): {', '.join(self.scenes) or 'none'}",
            "",
            "## Results",
            "",
            "| Measurement | Result | Target | Met |",
            "|---|---|---|---|",
        ]
        for r in self.results:
            met = {True: "yes", False: "**no**", None: ""}[r.met]
            out.append(f"| {r.label} | {r.value} | {r.target} | {met} |")
        if self.per_scene:
            out += [
                "",
                "## Per scene (low quality)",
                "",
                "| Scene | Video s | manim cold s (median) | Real-time factor |",
                "|---|---|---|---|",
            ]
            out += [f"| {' | '.join(row)} |" for row in self.per_scene]
        if self.notes:
            out += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        out += ["", "## Raw timings (seconds, every repetition)", ""]
        out += [f"- {k}: {', '.join(f'{v:.2f}' for v in vs)}" for k, vs in self.raw.items()]
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- the bench


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions per measurement")
    parser.add_argument("--scenes", default="", help="comma-separated scene names (default all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="render.py -j")
    parser.add_argument(
        "--high-scene", default="", help="the scene rendered at high (default: the shortest)"
    )
    parser.add_argument("--high-reps", type=int, default=None, help="(default: --reps)")
    parser.add_argument("--skip-high", action="store_true", help="no high-quality render")
    parser.add_argument("--worktree", action="store_true", help="bench uncommitted files too")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.reps < 1 or args.jobs < 1:
        parser.error("--reps and --jobs must be at least 1")

    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="ce-bench-"))
    report = Report(
        machine=machine(),
        started=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        source="",
        reps=args.reps,
        jobs=args.jobs,
        load_before=load(),
    )
    try:
        bench(args, work, report)
    except BenchError as error:
        report.notes.append(f"stopped early: {error}")
        log(f"error: {error}")
    except KeyboardInterrupt:
        report.notes.append("interrupted (Ctrl-C): the results above are partial")
        log("interrupted")
    finally:
        report.load_after = load()
        report.elapsed = time.perf_counter() - began
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.markdown(), encoding="utf-8")
    print(report.markdown())
    log(f"wrote {args.output}")
    return 0 if report.results else 1


def bench(args: argparse.Namespace, work: Path, report: Report) -> None:
    project = work / "project"
    report.source = snapshot(project, args.worktree)
    log(f"project snapshot: {report.source} in {project}")
    everything = registry(project)
    wanted = [s.strip() for s in args.scenes.split(",") if s.strip()]
    names = {s.name for s in everything}
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise BenchError(f"unknown scene(s) {', '.join(unknown)}; valid: {', '.join(names)}")
    infos = [s for s in everything if not wanted or s.name in wanted]
    missing = [s.name for s in infos if not scene_file(project, s).is_file()]
    if missing:
        report.notes.append(f"skipped, not written yet: {', '.join(missing)}")
    infos = [s for s in infos if s.name not in missing]
    if not infos:
        raise BenchError("no scene to render")
    reps = args.reps

    # -- 1. cold: render.py -j N --force vs plain manim one after another ---------------
    cold_rp: list[float] = []
    cold_manim: list[float] = []
    cold_rp_cpu: list[float] = []
    cold_manim_cpu: list[float] = []
    per_scene: dict[str, list[float]] = {}

    def cold_rep(rep: int) -> bool:
        """One repetition of both; False (and the failing scenes dropped) if one failed."""
        nonlocal infos
        out, media = work / f"cold-out-{rep}", work / f"cold-media-{rep}"
        names_now = [i.name for i in infos]
        order = ("rp", "manim") if rep % 2 == 0 else ("manim", "rp")  # fair to load drift
        for which in order:
            if which == "manim":
                log(f"cold {rep + 1}/{reps}: plain manim -ql, {len(infos)} scenes in sequence")
                times = manim_sequential(project, infos, media)
                for name, (seconds, _cpu) in times.items():
                    per_scene.setdefault(name, []).append(seconds)
                cold_manim.append(sum(wall for wall, _ in times.values()))
                cold_manim_cpu.append(sum(cpu for _, cpu in times.values()))
                continue
            log(f"cold {rep + 1}/{reps}: render.py -j {args.jobs} --force ({len(infos)} scenes)")
            seconds, proc = render_py(project, names_now, out, jobs=args.jobs, check=False)
            done = {scene for scene, _ in manifest(out)}
            failed = [n for n in names_now if n not in done]
            if failed:
                errors = [
                    line.strip()
                    for line in proc.stderr.splitlines()
                    if any(f"{n}:" in line for n in failed)
                ]
                why = " | ".join(errors) or proc.stderr.strip()[-300:]
                report.notes.append(f"skipped, failed to render: {', '.join(failed)} ({why})")
                log(f"failed to render: {', '.join(failed)}; starting over without them")
                infos = [i for i in infos if i.name not in failed]
                if not infos:
                    raise BenchError("every scene failed to render")
                return False
            cold_rp.append(seconds)
            cold_rp_cpu.append(proc.cpu)
        return True

    rep = 0
    while rep < reps:
        if cold_rep(rep):
            rep += 1
        else:
            for kept in (cold_rp, cold_manim, cold_rp_cpu, cold_manim_cpu):
                kept.clear()
            per_scene.clear()
            rep = 0
    last_out, last_media = work / f"cold-out-{reps - 1}", work / f"cold-media-{reps - 1}"
    report.scenes = [i.name for i in infos]
    report.raw["cold render.py"] = cold_rp
    report.raw["cold manim (sum of scenes)"] = cold_manim
    report.raw["cold render.py, CPU seconds"] = cold_rp_cpu
    report.raw["cold manim, CPU seconds"] = cold_manim_cpu
    cold = median(cold_rp)
    ratio = cold / median(cold_manim)
    report.results.append(
        Result(
            f"1. Cold render, all {len(infos)} scenes, low",
            f"render.py {cold:.1f} s vs manim {median(cold_manim):.1f} s: **{ratio:.2f}×**",
            "≤ 0.6 × sequential manim",
            ratio <= 0.6,
        )
    )
    rp_cpu, manim_cpu = median(cold_rp_cpu), median(cold_manim_cpu)
    report.results.append(
        Result(
            "1b. Cold render: CPU time (user + system, all processes)",
            f"render.py {rp_cpu:.0f} s ({rp_cpu / cold:.2f} cores busy) vs "
            f"manim {manim_cpu:.0f} s ({manim_cpu / median(cold_manim):.2f} cores busy)",
        )
    )
    if ratio > 0.6:
        needed = manim_cpu / median(cold_manim) / 0.6  # manim's CPU work in 0.6 of its time
        report.notes.append(
            f"1. cold: meeting the target needs about {needed:.1f} cores busy; render.py kept"
            f" {rp_cpu / cold:.2f} of the {os.cpu_count()} busy, on a machine whose load"
            f" average (other processes) was {report.load_before} when the bench began"
            f" (total CPU: render.py {rp_cpu:.0f} s, manim {manim_cpu:.0f} s)"
        )
    entries = manifest(last_out)
    durations = {name: float(e["duration"]) for (name, q), e in entries.items() if q == "low"}
    video_total = sum(durations[i.name] for i in infos)

    # -- 2. nothing changed -------------------------------------------------------------
    before = outputs_state(last_out)
    same: list[float] = []
    for rep in range(reps):
        log(f"nothing changed {rep + 1}/{reps}: render.py")
        same.append(render_py(project, report.scenes, last_out, jobs=args.jobs, force=False)[0])
    wrote = sorted(k for k, v in outputs_state(last_out).items() if before.get(k) != v)
    if wrote:
        report.notes.append(f"the nothing-changed run rewrote {len(wrote)} files: {wrote[:5]}")
    warm: list[float] = []
    for rep in range(reps):
        log(f"nothing changed {rep + 1}/{reps}: plain manim -ql with its cache warm")
        warm.append(sum(wall for wall, _ in manim_sequential(project, infos, last_media).values()))
    report.raw["unchanged render.py"] = same
    report.raw["warm manim (sum of scenes)"] = warm
    unchanged = median(same)
    share = unchanged / cold
    report.results.append(
        Result(
            "2a. Nothing changed: render.py",
            f"{unchanged:.2f} s = **{share:.1%}** of its cold render"
            + ("" if not wrote else f" (but {len(wrote)} files rewritten)"),
            "≤ 2 % of cold",
            share <= 0.02 and not wrote,
        )
    )
    report.results.append(
        Result(
            "2b. Nothing changed: render.py vs manim's warm cache",
            f"{unchanged:.2f} s vs {median(warm):.1f} s: **{unchanged / median(warm):.3f}×**",
            "faster than manim warm",
            unchanged < median(warm),
        )
    )

    # -- 3. one scene's equation edited ---------------------------------------------------
    edit_info = next((i for i in infos if i.name == EDIT_SCENE), None)
    if edit_info is None:
        report.notes.append(f"3. skipped: {EDIT_SCENE} is not among the measured scenes")
    else:
        try:
            switch = equation_edit(scene_file(project, edit_info))
        except BenchError as error:
            switch = None
            report.notes.append(f"3. skipped: {error}")
        if switch is not None:
            edited: list[float] = []
            rendered_sets: list[list[str]] = []
            try:
                for rep in range(reps):
                    switch(rep % 2 == 0)  # on, off, on, ...: every run sees one change
                    old = manifest(last_out)
                    log(f"one equation edited {rep + 1}/{reps}: render.py (all scenes)")
                    seconds, _ = render_py(
                        project, report.scenes, last_out, jobs=args.jobs, force=False
                    )
                    new = manifest(last_out)
                    rendered_sets.append(
                        sorted(
                            scene
                            for (scene, q), e in new.items()
                            if q == "low"
                            and (old.get((scene, q)) or {}).get("fingerprint") != e["fingerprint"]
                        )
                    )
                    edited.append(seconds)
                # the scene's own render, in the same output folder (LaTeX cache as warm)
                own: list[float] = []
                for rep in range(reps):
                    log(f"{EDIT_SCENE} alone {rep + 1}/{reps}: render.py --force")
                    own.append(render_py(project, [EDIT_SCENE], last_out, jobs=args.jobs)[0])
            finally:
                switch(False)
            report.raw["one equation edited, render.py"] = edited
            report.raw[f"{EDIT_SCENE} alone, render.py --force"] = own
            which = {", ".join(s) or "none" for s in rendered_sets}
            factor = median(edited) / median(own)
            report.results.append(
                Result(
                    f"3. One equation line of {EDIT_SCENE} edited",
                    f"{median(edited):.1f} s; rendered: {' / '.join(sorted(which))}; "
                    f"the scene alone {median(own):.1f} s: **{factor:.2f}×**",
                    "≤ 1.2 × the scene's own render, only that scene",
                    factor <= 1.2 and all(s == [EDIT_SCENE] for s in rendered_sets),
                )
            )

    # -- 4. real-time factor ----------------------------------------------------------------
    for info in infos:
        seconds = median(per_scene[info.name])
        video = durations.get(info.name, 0.0)
        rtf = f"{seconds / video:.2f}" if video else "?"
        report.per_scene.append((info.name, f"{video:.1f}", f"{seconds:.1f}", rtf))
    report.results.append(
        Result(
            "4a. Real-time factor, low (854×480 @ 15)",
            f"plain manim {median(cold_manim) / video_total:.2f}; "
            f"render.py -j {args.jobs} {cold / video_total:.2f} "
            f"({video_total:.1f} s of video)",
        )
    )
    shortest = min(infos, key=lambda i: durations.get(i.name, float("inf")))
    high_scene = next((i for i in infos if i.name == args.high_scene), shortest)
    high_seconds: list[float] = []
    high_duration = 0.0
    if args.skip_high:
        report.notes.append("4b. high quality skipped (--skip-high)")
    else:
        for rep in range(args.high_reps or reps):
            log(f"high {rep + 1}/{args.high_reps or reps}: render.py {high_scene.name} -q high")
            out = work / f"high-{rep}"
            high_seconds.append(
                render_py(project, [high_scene.name], out, jobs=1, quality="high")[0]
            )
            high_duration = float(manifest(out)[(high_scene.name, "high")]["duration"])
        report.raw[f"high {high_scene.name}, render.py -j 1"] = high_seconds
        report.results.append(
            Result(
                f"4b. Real-time factor, high (1920×1080 @ 60), {high_scene.name}",
                f"{median(high_seconds) / high_duration:.2f} "
                f"({median(high_seconds):.1f} s for {high_duration:.1f} s of video)",
            )
        )

    # -- 5. encode-only floor ---------------------------------------------------------------
    poster = last_out / "low" / THEME / f"{infos[0].name}.poster.png"
    low_frames = sum(round(durations[i.name] * LOW[4]) for i in infos)
    floor_low = [encode_floor(LOW[2], LOW[3], LOW[4], low_frames, poster) for _ in range(reps)]
    report.raw["encode floor, low"] = floor_low
    report.results.append(
        Result(
            "5a. Encode-only floor, low",
            f"{median(floor_low):.2f} s for {low_frames} frames "
            f"(render.py cold is {cold / median(floor_low):.0f}× that, on {args.jobs} cores)",
        )
    )
    if high_seconds:
        frames = round(high_duration * HIGH[4])
        high_poster = work / "high-0" / "high" / THEME / f"{high_scene.name}.poster.png"
        floor_high = [
            encode_floor(HIGH[2], HIGH[3], HIGH[4], frames, high_poster) for _ in range(reps)
        ]
        report.raw["encode floor, high"] = floor_high
        report.results.append(
            Result(
                f"5b. Encode-only floor, high, {high_scene.name}",
                f"{median(floor_high):.2f} s for {frames} frames "
                f"(render.py is {median(high_seconds) / median(floor_high):.1f}× that)",
            )
        )


if __name__ == "__main__":
    sys.exit(main())
