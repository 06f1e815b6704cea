"""The one list of scenes, in story order: CLI name, class, one-line summary.

render.py, the tests and the README read it. Classes load lazily, so listing the
scenes does not import manim.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SceneInfo:
    name: str  #: kebab-case name the user types
    class_name: str  #: the CamelCase twin
    summary: str  #: one line for --list and the gallery

    @property
    def module(self) -> str:
        return "scenes." + self.name.replace("-", "_")

    @property
    def file(self) -> Path:
        return Path(__file__).parent / (self.name.replace("-", "_") + ".py")

    def load(self) -> type:
        """Import the scene's module and return its class."""
        return getattr(importlib.import_module(self.module), self.class_name)


SCENES: tuple[SceneInfo, ...] = (
    SceneInfo(
        "classification",
        "Classification",
        "An image goes through the model and comes out as a distribution over classes.",
    ),
    SceneInfo(
        "softmax",
        "Softmax",
        "Logits become probabilities: exponentiate, normalise; a shift changes nothing.",
    ),
    SceneInfo(
        "kl-to-cross-entropy",
        "KlToCrossEntropy",
        "Line by line: minimising KL divergence to the labels is minimising cross-entropy.",
    ),
    SceneInfo(
        "kl-decomposition",
        "KlDecomposition",
        "Live numbers: cross-entropy = entropy + KL, and KL shrinks as P moves toward P*.",
    ),
    SceneInfo(
        "loss-curves",
        "LossCurves",
        "CE = -ln p grows without bound on a confident mistake; MSE never passes 1.",
    ),
    SceneInfo(
        "gradient-curves",
        "GradientCurves",
        "Gradients against p, then against the logit z, where MSE's gradient vanishes.",
    ),
    SceneInfo(
        "confidently-wrong",
        "ConfidentlyWrong",
        "A worked example: the truth is cat, the model says dog with 0.97.",
    ),
    SceneInfo(
        "learning-race",
        "LearningRace",
        "Two one-neuron models race from a confident mistake: CE escapes, MSE plateaus.",
    ),
    SceneInfo(
        "binary-cross-entropy",
        "BinaryCrossEntropy",
        "Two classes: softmax becomes the sigmoid and CE becomes BCE.",
    ),
    SceneInfo(
        "logits-to-loss",
        "LogitsToLoss",
        "Softmax then log overflows at large logits; CE = logsumexp(s) - s_y does not.",
    ),
)

SCENE_NAMES: tuple[str, ...] = tuple(s.name for s in SCENES)


def find_scene(name: str) -> SceneInfo:
    """The scene called ``name`` (kebab-case) or with class name ``name``.

    Raises ``KeyError`` with a message listing the valid names.
    """
    for info in SCENES:
        if name in (info.name, info.class_name):
            return info
    raise KeyError(f"unknown scene {name!r}; valid names: {', '.join(SCENE_NAMES)}")
