"""Weight profiles: how much each factor counts. Weights are data, passed in per call."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

# The order is part of the contract: components arrays use it as their last axis.
FACTORS: tuple[str, ...] = (
    "stimulus",
    "structure",
    "supervision",
    "time_pressure",
    "customer_contact",
    "physical",
    "skill",
    "travel",
    "hours",
    "interests",
    "sustainability",
)
FACTOR_INDEX: Mapping[str, int] = MappingProxyType({name: i for i, name in enumerate(FACTORS)})


def by_name(w: npt.NDArray[np.float32]) -> dict[str, np.float32]:
    """The weights of a :data:`FACTORS`-ordered vector by factor name.

    Scoring code reads weights through this (never ``w[7]``), so reordering or adding a factor
    cannot make a path weigh one factor's score with another factor's weight.
    """
    return {name: w[i] for name, i in FACTOR_INDEX.items()}


@dataclass(frozen=True)
class WeightProfile:
    """A named mapping from factor to a non-negative weight.

    Missing factors weigh 0. Weights are normalised to sum to 1 before use, so a profile can be
    written in any unit (percentages, points).

    Parameters
    ----------
    name : str
        Label shown in explanations and stored with every run.
    weights : Mapping[str, float]
        Factor name to weight; names must come from :data:`FACTORS`.
    """

    name: str
    weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(FACTORS))
        if unknown:
            raise ValueError(f"unknown factors in weight profile {self.name!r}: {unknown}")
        for factor, weight in self.weights.items():
            if not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
                raise ValueError(f"weight of {factor!r} must be a finite number >= 0")
        if sum(self.weights.values()) <= 0:
            raise ValueError(f"weight profile {self.name!r} has only zero weights")
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))

    @cached_property
    def vector(self) -> npt.NDArray[np.float32]:
        """Normalised weights in :data:`FACTORS` order, float32, summing to 1."""
        raw = np.array([float(self.weights.get(f, 0.0)) for f in FACTORS], dtype=np.float64)
        return (raw / raw.sum()).astype(np.float32)

    def normalised(self) -> dict[str, float]:
        """Return the normalised weights as a plain dict in factor order."""
        return {f: float(w) for f, w in zip(FACTORS, self.vector, strict=True)}


DEFAULT_WEIGHTS = WeightProfile(
    name="default",
    weights={
        "stimulus": 0.11,
        "structure": 0.09,
        "supervision": 0.09,
        "time_pressure": 0.07,
        "customer_contact": 0.06,
        "physical": 0.06,
        "skill": 0.09,
        "travel": 0.12,
        "hours": 0.07,
        "interests": 0.10,
        "sustainability": 0.14,
    },
)
