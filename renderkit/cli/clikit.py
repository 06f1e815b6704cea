"""The command line's plumbing: one-line usage errors, exit codes, option parsers."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

#: Exit status after Ctrl-C (128 + SIGINT) and after SIGTERM (128 + SIGTERM).
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (clean up, stop workers) but exiting 143."""


def on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


class OneLineErrors(click.Command):
    """A click command whose usage errors are one line (``<name>: error: ...``), exit 2."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, standalone_mode: bool = True, **kwargs: Any
    ) -> Any:
        try:
            code = super().main(args, standalone_mode=False, **kwargs)
        except click.ClickException as error:
            click.echo(f"{self.name}: error: {error.format_message()}", err=True)
            code = error.exit_code
        except click.Abort:
            code = EXIT_INTERRUPTED
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def resolution_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """``WxH`` as ``(width, height)``: even numbers of at least 16 pixels."""
    if value is None:
        return None
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT, e.g. 640x360") from None
    if width < 16 or height < 16 or width % 2 or height % 2:
        raise click.BadParameter(f"{value!r}: width and height must be even, at least 16")
    return width, height


def out_dir_option(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """A folder name that is not empty (``-o ''`` would mean the current folder)."""
    if not value.strip():
        raise click.BadParameter("the output folder is empty; name a folder, e.g. -o media")
    return Path(value)
