"""``bench/RESULTS.md``: the run, the results against their targets (medians and
ratios), the scaling table, every raw timing, and the history kept from the last file."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

HISTORY = "## History"  #: this heading and all after it are kept from run to run


@dataclass
class Row:
    """A measurement: its runs' seconds against its baseline's (ratio of medians)."""

    label: str
    seconds: list[float]
    base: list[float]  #: what it is a share of
    base_label: str  #: e.g. ``whole render``
    target: float | None = None  #: the ratio to meet
    detail: str = ""  #: what the runs did (jobs, beats)
    ok: bool = True  #: whether they did only what they should

    @property
    def ratio(self) -> float:
        return statistics.median(self.seconds) / statistics.median(self.base)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target and self.ok

    def share(self, ratio: float) -> str:
        """``0.28×``, or ``1.9%`` in a row whose target is under 0.1."""
        return f"{ratio:.1%}" if (self.target or 1) < 0.1 else f"{ratio:.2f}×"

    def cells(self) -> list[str]:
        seconds, base = statistics.median(self.seconds), statistics.median(self.base)
        share = self.share(self.ratio)
        result = f"{seconds:.2f} s vs {self.base_label} {base:.1f} s: **{share}**"
        target = "" if self.target is None else f"≤ {self.share(self.target)}"
        met = {None: "", True: "yes", False: "**no**"}[self.met]
        return [self.label, result + (f"; {self.detail}" if self.detail else ""), target, met]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table."""
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)]
    return lines + [f"| {' | '.join(row)} |" for row in rows]


@dataclass
class Report:
    """Everything one run measured, filled in as it goes."""

    run: list[str]  #: lines about the run (date, project, sizes)
    rows: list[Row] = field(default_factory=list)
    scaling: list[str] = field(default_factory=list)  #: its own section, if measured
    raw: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def markdown(self, history: str = "") -> str:
        """The report, with ``history`` (the old file's history section) at the end."""
        lines = ["# Render benchmark", "", "Written by `make bench` (`bench/render_bench.py`)."]
        lines += ["A benchmark, not a test: this machine's numbers, with whatever else ran on it."]
        lines += [f"Each run rewrites all but its {HISTORY[3:]} (keep a run there by hand).", ""]
        lines += [f"- {line}" for line in self.run] + ["", "## Results (medians)", ""]
        lines += table(["measurement", "result", "target", "met"], [r.cells() for r in self.rows])
        lines += [*self.scaling, "", "## Raw figures (seconds; load averages)", ""]
        lines += [f"- {k}: {', '.join(f'{v:.2f}' for v in vs)}" for k, vs in self.raw.items()]
        lines += ["", "## Notes", "", *(f"- {n}" for n in self.notes)] if self.notes else []
        return "\n".join(lines) + "\n" + (f"\n{history.rstrip()}\n" if history else "")


def kept_history(old: str) -> str:
    """The history section of an earlier report (empty if it has none)."""
    at = old.find(f"\n{HISTORY}")
    return old[at + 1 :] if at >= 0 else ""
