"""Which class the shared probe runs construct for a scene.

A scene test may need more than the probe records (say, the scene's state at one beat
end). It subclasses the scene and registers the subclass with :func:`probe_for`; the
session's shared run of that scene (the ``scene_run`` fixture) is then a run of the
subclass, and every test module, the common checks too, reads that one run. Pytest
imports every test module before it runs a test, so the registration is in place before
the first run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

S = TypeVar("S", bound=type)

PROBES: dict[type, type] = {}


def probe_for(scene_cls: type) -> Callable[[S], S]:
    """Class decorator: construct the decorated subclass wherever ``scene_cls`` is probed."""

    def register(probe_cls: S) -> S:
        if not issubclass(probe_cls, scene_cls):
            raise TypeError(f"{probe_cls.__name__} does not subclass {scene_cls.__name__}")
        if PROBES.get(scene_cls, probe_cls) is not probe_cls:
            raise TypeError(f"{scene_cls.__name__} already probes as {PROBES[scene_cls].__name__}")
        PROBES[scene_cls] = probe_cls
        return probe_cls

    return register


def probe_class(scene_cls: type) -> type:
    """The class to construct when probing ``scene_cls``."""
    return PROBES.get(scene_cls, scene_cls)
