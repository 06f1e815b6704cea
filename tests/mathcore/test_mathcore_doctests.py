"""Every docstring example in mathcore runs and prints what it says.

Modules are discovered with ``pkgutil``, so a module added to mathcore later is covered
without editing this file. Each must hold at least one example; a module whose examples
vanished would otherwise pass in silence.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mathcore

SUBMODULES = sorted(info.name for info in pkgutil.iter_modules(mathcore.__path__))
MODULES = ["mathcore", *(f"mathcore.{name}" for name in SUBMODULES)]
#: Modules with nothing to demonstrate (input checks only).
NO_EXAMPLES = {"mathcore", "mathcore._validate"}

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
    if name not in NO_EXAMPLES:
        assert result.attempted > 0, f"{name} has no docstring examples"


def test_the_core_modules_are_discovered() -> None:
    expected = {"activations", "binary", "information", "losses", "training"}
    assert {f"mathcore.{m}" for m in expected} <= set(MODULES)
