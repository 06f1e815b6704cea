"""``bench/RESULTS.md``: the run, the results against their targets, and the raw timings."""

from __future__ import annotations

from dataclasses import dataclass, field

from .machine import Machine


@dataclass
class Result:
    """One row of the results table; ``met`` is None when there is no target."""

    label: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Table:
    """A table of its own in the report, with paragraphs under it."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def markdown(self) -> list[str]:
        lines = ["", f"## {self.title}", "", f"| {' | '.join(self.header)} |"]
        lines.append("|" + "---|" * len(self.header))
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return lines + [line for paragraph in self.text for line in ("", paragraph)]


@dataclass
class Report:
    """Everything the bench measured, filled in as it goes; :meth:`markdown` writes it."""

    machine: Machine
    started: str
    source: str  #: ``commit <hash>`` or ``working tree``
    reps: int
    jobs: int
    theme: str
    scenes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    per_scene: list[tuple[str, ...]] = field(default_factory=list)
    raw: dict[str, list[float]] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    elapsed: float = 0.0  #: seconds

    def markdown(self) -> str:
        """The report as Markdown: run, results, tables, per scene, notes, raw timings."""
        tables = [line for table in self.tables for line in table.markdown()]
        parts = (
            self._run(),
            self._results(),
            tables,
            self._per_scene(),
            self._notes(),
            self._raw(),
        )
        return "\n".join(line for part in parts for line in part) + "\n"

    def _run(self) -> list[str]:
        m = self.machine
        return [
            "# Render benchmark",
            "",
            "Written by `bench/render_bench.py` (`make bench`). A benchmark, not a test: the",
            "numbers are this machine's, with whatever else was running on it.",
            "",
            "## Machine and run",
            "",
            f"- Date: {self.started}",
            f"- Machine: {m.cores} cores ({m.cpu}), {m.memory} memory; {m.os}",
            f"- Python {m.python}, manim {m.manim}, PyAV {m.av}",
            f"- Load average (1/5/15 min) before: {self.load_before}; after: {self.load_after}",
            f"- Project: {self.source}; theme {self.theme}; render.py `-j {self.jobs}`",
            f"- Repetitions: {self.reps} (medians reported); "
            f"the bench took {self.elapsed / 60:.1f} min",
            f"- Scenes measured ({len(self.scenes)}): {', '.join(self.scenes) or 'none'}",
        ]

    def _results(self) -> list[str]:
        table = [
            "",
            "## Results",
            "",
            "| Measurement | Result | Target | Met |",
            "|---|---|---|---|",
        ]
        for r in self.results:
            met = {True: "yes", False: "**no**", None: ""}[r.met]
            table.append(f"| {r.label} | {r.value} | {r.target} | {met} |")
        return table

    def _per_scene(self) -> list[str]:
        if not self.per_scene:
            return []
        head = "| Scene | Video s | manim cold s (median) | Real-time factor |"
        table = ["", "## Per scene (low quality)", "", head, "|---|---|---|---|"]
        return table + [f"| {' | '.join(row)} |" for row in self.per_scene]

    def _notes(self) -> list[str]:
        return ["", "## Notes", ""] + [f"- {n}" for n in self.notes] if self.notes else []

    def _raw(self) -> list[str]:
        timings = [f"- {k}: {', '.join(f'{v:.2f}' for v in vs)}" for k, vs in self.raw.items()]
        return ["", "## Raw timings (seconds, every repetition)", "", *timings]
