r"""The unit of information a scene shows: nats (natural log) or bits (log base 2).

A scene with an ``units`` attribute (the global parameter, see :data:`scenes.params.UNITS`)
reads :func:`units_named` once and takes from it the ``base`` it passes to mathcore, the
TeX of its logarithms and the word on its axes::

    unit = units_named(self.units)
    ce = mathcore.cross_entropy(p_true, p_model, base=unit.base)
    MathTex(rf"\text{{CE}} = -{unit.ln}\, p")   # -\ln p, or -\log_2 p
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Units:
    name: str  #: ``nats`` or ``bits``, as the user types it
    base: float | None  #: mathcore's ``base`` (None: natural log)
    ln: str  #: TeX where the scene writes the natural log ``\ln``
    log: str  #: TeX where the scene writes an unqualified ``\log``
    word: str  #: on axes and notes: ``nats`` or ``bits``


NATS = Units("nats", None, r"\ln", r"\log", "nats")
BITS = Units("bits", 2.0, r"\log_2", r"\log_2", "bits")


def units_named(name: str) -> Units:
    """``nats`` or ``bits``."""
    for units in (NATS, BITS):
        if units.name == name:
            return units
    raise ValueError(f"units must be 'nats' or 'bits', not {name!r}")
