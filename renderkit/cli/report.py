"""What render.py prints about a run: the summary table and the one-line reports."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..jobs.protocol import Outcome, Status

STATUS_STYLES = {Status.RENDERED: "green", Status.UP_TO_DATE: "cyan", Status.FAILED: "bold red"}


def report_failures(outcomes: Sequence[Outcome], prog: str, *, quiet: bool, debug: bool) -> None:
    """With --quiet or --debug, each failure as an error line (and its traceback)."""
    if not (quiet or debug):
        return
    for o in outcomes:
        if not o.ok:
            click.echo(f"{prog}: error: {o.spec.scene}: {o.error}", err=True)
            if debug and o.traceback:
                click.echo(o.traceback, err=True)


def watch_report(
    outcomes: Sequence[Outcome], out: Path, prog: str, *, quiet: bool, debug: bool
) -> None:
    """After a --watch pass: one line per scene re-rendered or failed."""
    report_failures(outcomes, prog, quiet=quiet, debug=debug)
    stamp = time.strftime("%H:%M:%S")
    for o in outcomes:
        if o.status == Status.RENDERED and not quiet:
            click.echo(
                f"{stamp} {o.spec.scene}: re-rendered in {o.seconds:.1f}s -> {_file_cell(o, out)}"
            )
        elif not o.ok and not (quiet or debug):  # quiet/debug print these above
            click.echo(f"{stamp} {o.spec.scene}: failed: {o.error}", err=True)


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path.resolve()) if rel.startswith("..") else rel


def _file_cell(outcome: Outcome, out: Path) -> str:
    if not outcome.ok or outcome.entry is None:
        return outcome.error or "failed"
    entry = outcome.entry
    extras = [f"{len(entry['sections'] or [])} sections"] if entry.get("sections") else []
    extras += [f"{len(entry.get('chapters', []))} chapters"] if entry.get("chapters") else []
    extras += ["captions"] if entry.get("captions") else []
    text = _shown(out / entry["path"]) + (f" (+ {', '.join(extras)})" if extras else "")
    if outcome.status == Status.RENDERED and outcome.beats is not None:
        done, total = outcome.beats
        text += f"; {done} of {total} beats rendered"
    return text


def print_summary(outcomes: Sequence[Outcome], out: Path) -> None:
    """The table: scene, status, file (or the one-line reason), time."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 240))
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("scene", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("file or reason", overflow="fold")
    table.add_column("time", justify="right", no_wrap=True)
    for o in outcomes:
        seconds = f"{o.seconds:.1f}s" if o.status == Status.RENDERED else ""
        status = f"[{STATUS_STYLES.get(o.status, '')}]{o.status}[/]"
        table.add_row(o.spec.scene, status, _file_cell(o, out), seconds)
    console.print(table, highlight=False, markup=True)
    failed = sum(not o.ok for o in outcomes)
    if failed:
        console.print(f"[bold red]{failed} of {len(outcomes)} failed[/]", highlight=False)
