"""The edits of measurements 6 and 7, switched on and off in the snapshot: the scene's last
beat (the last ``@beat`` method its ``construct()`` calls) made to draw different frames,
and one beat's caption (the ``@beat("...")`` text) reworded."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

from .console import BenchError

Switch = Callable[[bool], None]

SLOWER = " * 1.25"  #: appended to the first ``run_time=`` of the beat: every frame moves
EXTRA_WAIT = "self.wait(0.5)"  #: appended to a beat that sets no run time: more frames
CAPTION_TAIL = " (edited)"  #: appended to a caption


def _is_beat(node: ast.stmt) -> bool:
    """A method decorated with ``@beat(...)``."""
    if not isinstance(node, ast.FunctionDef):
        return False
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "beat"
        for d in node.decorator_list
    )


def last_beat(tree: ast.Module, class_name: str) -> ast.FunctionDef:
    """The class's last beat in story order: the last of its ``@beat`` methods that
    ``construct()`` calls (``self.name()``), else the last one written."""
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None)
    if cls is None:
        raise BenchError(f"no class {class_name}")
    beats = {n.name: n for n in cls.body if _is_beat(n) and isinstance(n, ast.FunctionDef)}
    if not beats:
        raise BenchError(f"{class_name} has no @beat method")
    construct = next(
        (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "construct"), None
    )
    calls = sorted(
        (n for n in ast.walk(construct) if isinstance(n, ast.Call)) if construct else [],
        key=lambda n: (n.lineno, n.col_offset),
    )
    called = [
        c.func.attr
        for c in calls
        if isinstance(c.func, ast.Attribute)
        and isinstance(c.func.value, ast.Name)
        and c.func.value.id == "self"
        and c.func.attr in beats
    ]
    return beats[called[-1]] if called else list(beats.values())[-1]


def _offset(text: str, line: int, col: int) -> int:
    """The character offset in ``text`` of ast's (1-based ``line``, UTF-8 byte ``col``)."""
    lines = text.splitlines(keepends=True)
    return sum(map(len, lines[: line - 1])) + len(lines[line - 1].encode()[:col].decode())


def _end(text: str, node: ast.expr | ast.stmt) -> int:
    assert node.end_lineno is not None and node.end_col_offset is not None
    return _offset(text, node.end_lineno, node.end_col_offset)


def _first_run_time(method: ast.FunctionDef) -> ast.expr | None:
    """The value of the first ``run_time=`` keyword in the method's ``self.play`` calls."""
    plays = sorted(
        (n for n in ast.walk(method) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    )
    for call in plays:
        if isinstance(call.func, ast.Attribute) and call.func.attr == "play":
            for keyword in call.keywords:
                if keyword.arg == "run_time":
                    return keyword.value
    return None


def _switch(path: Path, original: str, edited: str) -> Switch:
    try:
        ast.parse(edited)
    except SyntaxError:
        raise BenchError(f"the edit of {path.name} does not parse") from None

    def switch(on: bool) -> None:
        path.write_text(edited if on else original, encoding="utf-8")

    return switch


def last_beat_edit(path: Path, class_name: str) -> tuple[Switch, str]:
    """A switch for a code edit in the scene's last beat, and that beat's name.

    ``switch(True)`` makes the beat's first animation a quarter slower (``run_time=X``
    becomes ``run_time=(X) * 1.25``: every frame of it changes) or, if the beat sets no
    run time, appends ``self.wait(0.5)`` to it; ``switch(False)`` restores the file.
    Raises :class:`BenchError` if the scene has no such beat.
    """
    original = path.read_text(encoding="utf-8")
    try:
        method = last_beat(ast.parse(original), class_name)
    except BenchError as error:
        raise BenchError(f"{path.name}: {error}") from None
    value = _first_run_time(method)
    if value is not None:
        at, end = _offset(original, value.lineno, value.col_offset), _end(original, value)
        simple = isinstance(value, (ast.Name, ast.Attribute, ast.Constant))
        body = original[at:end] if simple else f"({original[at:end]})"
        edited = original[:at] + body + SLOWER + original[end:]
    else:
        last = method.body[-1]
        indent = " " * last.col_offset
        at = _end(original, last)
        edited = original[:at] + "\n" + indent + EXTRA_WAIT + original[at:]
    return _switch(path, original, edited), method.name


def caption_edit(path: Path, class_name: str) -> tuple[Switch, str]:
    """A switch for the caption of the scene's last beat, and the new caption:
    ``switch(True)`` appends :data:`CAPTION_TAIL` to the ``@beat("...")`` text (no frame
    changes), ``switch(False)`` restores the file."""
    original = path.read_text(encoding="utf-8")
    try:
        method = last_beat(ast.parse(original), class_name)
    except BenchError as error:
        raise BenchError(f"{path.name}: {error}") from None
    call = next(d for d in method.decorator_list if isinstance(d, ast.Call))
    if not call.args or not isinstance(call.args[0], ast.Constant):
        raise BenchError(f"{path.name}: the caption of {method.name} is not a plain string")
    literal = call.args[0]
    caption = str(literal.value) + CAPTION_TAIL
    at, end = _offset(original, literal.lineno, literal.col_offset), _end(original, literal)
    edited = original[:at] + json.dumps(caption, ensure_ascii=False) + original[end:]
    return _switch(path, original, edited), caption
