"""Measurement 3's edit: one equation line of a scene's ``DERIVATION`` data, switched on
and off in the snapshot."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from .console import BenchError

THIN_SPACE = r'r"\,"'  #: the TeX part appended: a thin space, a real change of the TeX


def _last_line(tree: ast.Module) -> ast.Tuple | None:
    """The last element of the module's ``DERIVATION = (...)``, if it is a tuple."""
    last: ast.expr | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            value: ast.expr | None = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names, value = [node.target.id], node.value
        else:
            continue
        if "DERIVATION" in names and isinstance(value, ast.Tuple) and value.elts:
            last = value.elts[-1]
    return last if isinstance(last, ast.Tuple) else None


def _closing_offset(text: str, line: ast.Tuple, name: str) -> int:
    """Where, in ``text``, the ``)`` closing the tuple ``line`` is."""
    if line.end_lineno is None or line.end_col_offset is None:
        raise BenchError(f"no DERIVATION tuple of equation lines in {name}")
    lines = text.splitlines(keepends=True)
    row = line.end_lineno - 1
    # ast columns count UTF-8 bytes; the closing ")" is the tuple's last character
    col = len(lines[row].encode()[: line.end_col_offset - 1].decode())
    if lines[row][col] != ")":
        raise BenchError(f"unexpected layout of the last DERIVATION line in {name}")
    return sum(len(text_line) for text_line in lines[:row]) + col


def _with_thin_space(text: str, at: int) -> str:
    """``text`` with :data:`THIN_SPACE` inserted as a new last part before offset ``at``."""
    prefix = text[:at]
    if not prefix.rstrip().endswith(","):
        part = ", " + THIN_SPACE
    elif prefix.endswith((" ", "\t", "\n")):
        part = THIN_SPACE
    else:
        part = " " + THIN_SPACE
    return prefix + part + text[at:]


def equation_edit(path: Path) -> Callable[[bool], None]:
    """A switch for one equation line of the scene's ``DERIVATION`` data.

    ``switch(True)`` appends a thin space ``\\,`` part to the last line of the
    derivation (a real change of the TeX the scene typesets), ``switch(False)``
    restores the file. Raises :class:`BenchError` if the data is not found.
    """
    original = path.read_text(encoding="utf-8")
    line = _last_line(ast.parse(original))
    if line is None:
        raise BenchError(f"no DERIVATION tuple of equation lines in {path.name}")
    edited = _with_thin_space(original, _closing_offset(original, line, path.name))
    try:
        ast.parse(edited)
    except SyntaxError:
        raise BenchError(f"could not edit the last DERIVATION line of {path.name}") from None

    def switch(on: bool) -> None:
        path.write_text(edited if on else original, encoding="utf-8")

    return switch
