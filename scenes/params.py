"""Scene parameters: the values a scene lets you change without editing code.

Each scene module declares, right after its class, what may be changed and within what
bounds (the class attributes keep the defaults, so plain ``manim`` renders them)::

    PARAMS = ParamSet(
        Param.numbers("logits", Softmax.logits, low=-4, high=4, length=(2, 4),
                      help="the raw scores, one per class"),
        Param.texts("class_names", Softmax.class_names, length=(2, 4), help="..."),
        rules=(same_length("logits", "class_names"),),  # from scenes.param_rules
    )

``render.py --set logits=3,1,-1,0.5`` (or a TOML file) gives values as text or as TOML
values; :meth:`ParamSet.resolve` parses and checks them, then the rules across them,
and raises :class:`ParamError` with one line naming the parameter, the value given and
what is allowed. :func:`variant_class` makes the scene with those values (a subclass
whose class attributes are the values). No manim import: render.py validates before
anything renders.

Strings (class names) are limited to 1-12 printable characters without ``\\ { } $ ,``
and are drawn with ``Text`` only, never as TeX source.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["float", "int", "str", "choice"]

#: Characters a string parameter may not hold: TeX's command and group characters (a
#: name never reaches TeX, and so never could run ``\input``) and the list separator.
FORBIDDEN_CHARS = "\\{}$,"
MAX_CHARS = 12


class ParamError(ValueError):
    """A value that cannot be used, as one line: ``logits has 2 values but ...``."""


def show(value: Any) -> str:
    """A value as the user would type it: ``2``, ``-0.5``, ``cat``, ``3, 1, -1``."""
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value)
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _number_text(low: float | None, high: float | None) -> str:
    return f"[{show(low)}, {show(high)}]"


@dataclass(frozen=True)
class Param:
    """One tweakable value: its name, kind, default, bounds and one line of help.

    ``length`` makes it a list of ``length[0]`` to ``length[1]`` values; ``low``/``high``
    bound numbers (inclusive), ``choices`` a choice, ``max_chars`` a string.
    """

    name: str
    kind: Kind
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    length: tuple[int, int] | None = None
    max_chars: int = MAX_CHARS

    @classmethod
    def number(cls, name: str, default: float, *, low: float, high: float, help: str) -> Param:
        return cls(name, "float", float(default), help, low=low, high=high)

    @classmethod
    def numbers(
        cls,
        name: str,
        default: Sequence[float],
        *,
        low: float,
        high: float,
        length: tuple[int, int],
        help: str,
    ) -> Param:
        return cls(name, "float", tuple(map(float, default)), help, low, high, length=length)

    @classmethod
    def integer(cls, name: str, default: int, *, low: int, high: int, help: str) -> Param:
        return cls(name, "int", int(default), help, low=low, high=high)

    @classmethod
    def text(cls, name: str, default: str, *, help: str) -> Param:
        return cls(name, "str", default, help)

    @classmethod
    def texts(
        cls, name: str, default: Sequence[str], *, length: tuple[int, int], help: str
    ) -> Param:
        return cls(name, "str", tuple(default), help, length=length)

    @classmethod
    def choice(cls, name: str, default: str, choices: Sequence[str], *, help: str) -> Param:
        return cls(name, "choice", default, help, choices=tuple(choices))

    # -- what --params prints ---------------------------------------------------------
    @property
    def type_text(self) -> str:
        one = {"float": "float", "int": "int", "str": "text", "choice": "choice"}[self.kind]
        if self.length is None:
            return one
        low, high = self.length
        count = f"{low}" if low == high else f"{low}-{high}"
        return f"{count} {one}s"

    @property
    def allowed_text(self) -> str:
        if self.kind == "choice":
            return " | ".join(self.choices)
        if self.kind == "str":
            return f"1-{self.max_chars} characters, printable, none of {FORBIDDEN_CHARS}"
        bounds = _number_text(self.low, self.high)
        return bounds if self.length is None else f"each in {bounds}"

    # -- reading values -----------------------------------------------------------------
    def parse(self, text: str) -> Any:
        """A value typed on the command line (lists comma-separated), checked."""
        if self.length is None:
            return self.check(self._parse_one(text, text))
        items = text.split(",")
        if any(not item.strip() for item in items):
            raise ParamError(f"{self.name}: {text!r} has an empty entry; separate values by commas")
        return self.check(tuple(self._parse_one(item.strip(), text) for item in items))

    def _parse_one(self, item: str, given: str) -> Any:
        if self.kind == "float":
            try:
                return float(item)
            except ValueError:
                raise ParamError(f"{self.name}: {item!r} is not a number{self._hint()}") from None
        if self.kind == "int":
            try:
                return int(item)
            except ValueError:
                raise ParamError(
                    f"{self.name}: {item!r} is not a whole number{self._hint()}"
                ) from None
        return item

    def coerce(self, value: Any) -> Any:
        """A value from a TOML file (or Python), type-checked, then checked."""
        if self.length is None:
            return self.check(self._coerce_one(value))
        if not isinstance(value, (list, tuple)):
            raise ParamError(f"{self.name}: {value!r} is not a list{self._hint()}")
        return self.check(tuple(self._coerce_one(v) for v in value))

    def _coerce_one(self, value: Any) -> Any:
        if self.kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if self.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if self.kind in ("str", "choice") and isinstance(value, str):
            return value
        what = {"float": "a number", "int": "a whole number", "str": "a text", "choice": "a text"}
        raise ParamError(f"{self.name}: {value!r} is not {what[self.kind]}{self._hint()}")

    def _hint(self) -> str:
        return f" (allowed: {self.type_text}, {self.allowed_text})"

    # -- checking ----------------------------------------------------------------------
    def check(self, value: Any) -> Any:
        """``value`` if it is allowed; else :class:`ParamError` saying why, in one line."""
        if self.length is not None:
            low, high = self.length
            if not low <= len(value) <= high:
                count = f"{low}" if low == high else f"{low} to {high}"
                raise ParamError(f"{self.name} has {len(value)} values; allowed: {count}")
            for item in value:
                self._check_one(item)
            return tuple(value)
        self._check_one(value)
        return value

    def _check_one(self, item: Any) -> None:
        if self.kind in ("float", "int"):
            if not math.isfinite(item):
                raise ParamError(f"{self.name}: {show(item)} is not a finite number{self._hint()}")
            assert self.low is not None and self.high is not None
            if not self.low <= item <= self.high:
                bounds = _number_text(self.low, self.high)
                raise ParamError(f"{self.name}: {show(item)} is outside {bounds}")
        elif self.kind == "choice":
            if item not in self.choices:
                raise ParamError(f"{self.name}: {item!r} is not one of {', '.join(self.choices)}")
        else:
            self._check_text(item)

    def _check_text(self, item: str) -> None:
        if not 1 <= len(item) <= self.max_chars:
            raise ParamError(
                f"{self.name}: {item!r} has {len(item)} characters; allowed: 1 to {self.max_chars}"
            )
        bad = [c for c in item if c in FORBIDDEN_CHARS or not c.isprintable()]
        if bad or item != item.strip():
            what = repr(bad[0]) if bad else "space at an end"
            raise ParamError(
                f"{self.name}: {item!r} has {what}; allowed: printable characters, "
                f"none of {FORBIDDEN_CHARS}, no space at either end"
            )


@dataclass(frozen=True)
class Rule:
    """A rule across parameters: ``text`` for --params, ``check`` returns the problem
    (one line, without the scene's name) or None."""

    text: str
    check: Callable[[Mapping[str, Any]], str | None]


class ParamSet:
    """A scene's parameters, in the order --params lists them, and the rules across them."""

    def __init__(self, *params: Param, rules: Iterable[Rule] = ()) -> None:
        self.params = tuple(params)
        self.rules = tuple(rules)
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"parameter names repeat: {names}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __getitem__(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def unknown(self, name: str) -> ParamError:
        known = ", ".join(self.names) or "none"
        return ParamError(f"unknown parameter {name!r} (its parameters: {known})")

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter's value: the defaults, with ``given`` on top (each a ``str`` as
        typed on the command line, or a TOML value), every value and rule checked."""
        values = self.defaults()
        for name, value in given.items():
            if name not in self:
                raise self.unknown(name)
            param = self[name]
            values[name] = param.parse(value) if isinstance(value, str) else param.coerce(value)
        for rule in self.rules:
            problem = rule.check(values)
            if problem:
                raise ParamError(problem)
        return values

    def changed(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values that differ from the defaults, in declaration order."""
        return {p.name: values[p.name] for p in self.params if values[p.name] != p.default}


#: The one global parameter: the unit of every information quantity (CE, H, KL).
UNITS = Param.choice(
    "units",
    "nats",
    ("nats", "bits"),
    help="unit of cross-entropy, entropy and KL: nats (natural log) or bits (log base 2)",
)


def variant_class(scene_cls: type, values: Mapping[str, Any]) -> type:
    """``scene_cls`` with ``values`` as its class attributes (lists as tuples): the scene
    as a variant. It keeps the scene's name and module (``inspect.getmodule`` finds the
    scene's source, so beat fingerprints hash the scene's own code)."""
    attributes = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    attributes["__module__"] = scene_cls.__module__
    attributes["__qualname__"] = scene_cls.__qualname__
    return type(scene_cls.__name__, (scene_cls,), attributes)
