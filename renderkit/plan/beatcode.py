"""What a beat's code reads of its scene module, from the module's syntax tree alone.

A beat's fingerprint (see :mod:`renderkit.jobs.beatjob`) covers the code it runs and the
module-level data it reads, not the whole module. :class:`ModuleCode` indexes the module's
definitions by name: module-level functions, classes, assignments (``DERIVATION = ...``)
and imports, and every class's methods and class attributes. A beat's digest
(:meth:`ModuleCode.beat_digest`) is its method's syntax tree (caption blanked) and,
transitively, every definition named by an identifier in what is included so far: a
name (``DERIVATION``), an attribute (``self.pause``, ``obj.helper``) or a string that is
an identifier (``getattr(x, "pause")``). It is deliberately generous: a spurious name
costs a re-render, a missed one a stale clip. On top of that every beat includes

- the module's imports and top-level statements that define no name (they may change
  what a name means, or have side effects);
- the whole module, when the included code reaches ``globals()``, ``vars()``,
  ``eval``/``exec`` or ``getattr``/``setattr``/``hasattr`` of a bare name with a
  computed attribute name (its reads cannot be named);
- the code that calls the beat, when the beat takes arguments.

Instance attributes (``self.stepper``) are not followed: the job hashes their values at
the beat's start (:func:`renderkit.jobs.beatjob.state_digest`). Neither are names from
other modules: their files are in the scene's dependencies.

:func:`caption_blind_digest` is the module with every ``@beat`` caption blanked (a change
only of caption text leaves it equal); :func:`beat_captions` reads the captions. Pure
:mod:`ast`: nothing is imported or run.
"""

from __future__ import annotations

import ast
import copy
import hashlib
from collections.abc import Iterable

__all__ = ["ModuleCode", "beat_captions", "caption_blind_digest"]

#: Calls whose reads cannot be named from the syntax tree.
_OPAQUE = {"globals", "vars", "eval", "exec", "locals", "__import__"}
_DYNAMIC_ATTR = {"getattr", "setattr", "hasattr", "delattr"}


def _beat_decorator(node: ast.expr) -> ast.Call | None:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
    return node if name == "beat" and isinstance(node, ast.Call) else None


def _blanked(node: ast.AST) -> ast.AST:
    """A copy of ``node`` with the caption (first argument) of every ``@beat(...)`` blanked."""
    node = copy.deepcopy(node)
    for sub in ast.walk(node):
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in sub.decorator_list:
                call = _beat_decorator(decorator)
                if call is not None and call.args:
                    call.args[0] = ast.Constant("")
                for keyword in call.keywords if call is not None else ():
                    if keyword.arg == "caption":
                        keyword.value = ast.Constant("")
    return node


def _digest(node: ast.AST) -> str:
    return hashlib.sha256(ast.dump(_blanked(node)).encode()).hexdigest()


def caption_blind_digest(source: str) -> str:
    """The module's syntax tree with every ``@beat`` caption blanked, as a hash (a module
    that does not parse hashes its text)."""
    try:
        return _digest(ast.parse(source))
    except (SyntaxError, ValueError):
        return hashlib.sha256(source.encode()).hexdigest()


def beat_captions(source: str) -> dict[str, str | None]:
    """``{beat name: caption}`` for every ``@beat`` method of the module; the caption is
    ``None`` where it is not a string literal."""
    found: dict[str, str | None] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            call = _beat_decorator(decorator)
            if call is None:
                continue
            args = {k.arg: k.value for k in call.keywords}
            caption = call.args[0] if call.args else args.get("caption")
            name_node = call.args[1] if len(call.args) > 1 else args.get("name")
            name = node.name
            if name_node is not None:
                if not (isinstance(name_node, ast.Constant) and isinstance(name_node.value, str)):
                    continue  # a computed name: no beat can be matched to it
                name = name_node.value
            literal = isinstance(caption, ast.Constant) and isinstance(caption.value, str)
            found[name] = caption.value if literal else None  # type: ignore[union-attr]
    return found


def _identifiers(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            names.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            names.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if sub.value.isidentifier():
                names.add(sub.value)
    return names


def _opaque(node: ast.AST) -> bool:
    """Whether ``node`` reads names the tree cannot tell (see the module docstring)."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call) or not isinstance(sub.func, ast.Name):
            continue
        if sub.func.id in _OPAQUE:
            return True
        if sub.func.id in _DYNAMIC_ATTR and len(sub.args) >= 2:
            computed = not isinstance(sub.args[1], ast.Constant)
            if computed and isinstance(sub.args[0], ast.Name):
                return True
    return False


def _target_names(targets: Iterable[ast.expr]) -> list[str]:
    """The names an assignment binds; none when it also sets an attribute or an item
    (``config.x = 1`` changes something else: such a statement is in every beat)."""
    names = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
            elif isinstance(sub, (ast.Attribute, ast.Subscript)):
                return []
    return names


class ModuleCode:
    """A scene module's definitions by name, for beat digests (see the module docstring)."""

    def __init__(self, source: str) -> None:
        self.tree = ast.parse(source)
        self.whole = _digest(self.tree)
        self.defs: dict[str, list[ast.AST]] = {}
        self.always: list[ast.AST] = []
        self.methods: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        body = self.tree.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the module's docstring reads nothing
        for node in body:
            names = self._names(node)
            if names:
                for name in names:
                    self.defs.setdefault(name, []).append(node)
            else:
                self.always.append(node)
            if isinstance(node, ast.ClassDef):
                self._index_class(node)
        self._cache: dict[str, str] = {}

    def _names(self, node: ast.stmt) -> list[str]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [node.name]
        if isinstance(node, ast.Assign):
            return _target_names(node.targets)
        if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            return _target_names([node.target])
        return []  # imports, expressions, if/for/with blocks: in every beat

    def _index_class(self, cls: ast.ClassDef) -> None:
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.methods.setdefault(item.name, []).append(item)
            names = self._names(item)
            for name in names:
                self.defs.setdefault(name, []).append(item)
            docstring = isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant)
            if not names and not docstring and not isinstance(item, ast.Pass):
                self.always.append(item)  # a class-body statement that binds no name
            if isinstance(item, ast.ClassDef):
                self._index_class(item)

    def names_digest(self, names: Iterable[str]) -> str:
        """The definitions ``names`` reach in this module (transitively), as a hash."""
        return self._closure(list(names), [])

    def beat_digest(self, method: str) -> str:
        """The beat method ``method`` (caption blanked) and what it reaches, as a hash."""
        if method not in self._cache:
            roots: list[ast.AST] = list(self.methods.get(method, []))
            for node in self.methods.get(method, []):
                args = node.args
                if len(args.args) + len(args.posonlyargs) > 1 or args.vararg or args.kwonlyargs:
                    roots += [n for n in self._all_nodes() if method in _identifiers(n)]
                    break
            self._cache[method] = self._closure([], roots) if roots else self.whole
        return self._cache[method]

    def _all_nodes(self) -> list[ast.AST]:
        return [n for nodes in self.defs.values() for n in nodes]

    def _closure(self, names: list[str], roots: list[ast.AST]) -> str:
        seen_names: set[str] = set()
        included: dict[int, ast.AST] = {}
        todo_nodes = [*roots, *self.always]
        todo_names = list(names)
        while todo_nodes or todo_names:
            while todo_nodes:
                node = todo_nodes.pop()
                if id(node) in included:
                    continue
                if _opaque(node):
                    return hashlib.sha256(b"whole\0" + self.whole.encode()).hexdigest()
                included[id(node)] = node
                todo_names += _identifiers(node)
            while todo_names:
                name = todo_names.pop()
                if name not in seen_names:
                    seen_names.add(name)
                    todo_nodes += self.defs.get(name, [])
        digests = sorted(_digest(node) for node in included.values())
        return hashlib.sha256("\0".join(digests).encode()).hexdigest()
