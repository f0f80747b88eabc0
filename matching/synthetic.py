"""Synthetic reviews drawn from known weights, to check that the learner recovers them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matching.weights import FACTORS, WeightProfile


def synthetic_reviews(
    weights: WeightProfile,
    n: int,
    *,
    sharpness: float = 30.0,
    random_state: int | None = 0,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Raw factor scores and outcomes where P(success) = sigmoid(sharpness·(score − median)).

    Parameters
    ----------
    weights : WeightProfile
        The true weights; the score is the weighted sum of the raw factor scores.
    n : int
        Number of reviewed pairs.
    sharpness : float
        How strongly the score decides the outcome (reviewers are consistent but not perfect).
    random_state : int or None

    Returns
    -------
    X : ndarray, shape (n, n_factors), raw scores in [0, 1]
    y : ndarray, shape (n,), 1 = success
    """
    rng = np.random.default_rng(random_state)
    features = rng.uniform(0.0, 1.0, size=(n, len(FACTORS)))
    score = features @ weights.vector.astype(np.float64)
    chance = 1.0 / (1.0 + np.exp(-sharpness * (score - np.median(score))))
    return features, (rng.uniform(size=n) < chance).astype(np.int64)
