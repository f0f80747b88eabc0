"""Learn factor weights from what people decided, for a person to approve (never automatic).

A regularised logistic regression on the per-factor raw scores (each in [0, 1]) of reviewed
pairs predicts whether a pair was a success (accepted and, where known, still working). Its
positive coefficients, normalised to sum to 1, are a proposed weight profile: the engine's
score is a weighted sum of the same raw scores, so a larger coefficient means that factor
separates successes from failures more and deserves more weight. Negative coefficients are
clipped to 0 (a factor cannot count against fit). The model is transparent: eleven numbers,
each with a confidence interval.

Below ``min_samples`` pairs (or ``min_per_class`` of either outcome) the learner refuses
with :class:`NotEnoughData`: a proposal from a handful of reviews would only add noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from matching.weights import FACTORS, WeightProfile

F64 = npt.NDArray[np.float64]
CALIBRATION_BINS = 10


class NotEnoughData(ValueError):
    """Too few labelled pairs (or too few of one outcome) to propose weights."""


@dataclass(frozen=True)
class CalibrationBin:
    predicted: float
    observed: float
    count: int


class WeightLearner:
    """Regularised logistic regression from factor scores to success, sklearn style.

    Parameters
    ----------
    C : float
        Inverse L2 regularisation strength (scikit-learn's ``C``).
    min_samples : int
        Refuse to fit on fewer labelled pairs than this.
    min_per_class : int
        Refuse unless both successes and failures number at least this.
    ci_level : float
        Level of the confidence intervals, e.g. 0.95.
    n_draws : int
        Draws from the coefficients' approximate normal distribution used to carry their
        uncertainty over to the normalised weights.
    random_state : int or None
        Seed for the draws and the cross-validation folds.

    Attributes
    ----------
    n_samples_, n_positive_ : int
    coef_ : ndarray, shape (n_factors,)
    coef_se_ : ndarray, shape (n_factors,)
        Standard errors from the regularised Fisher information.
    intercept_ : float
    weights_ : ndarray, shape (n_factors,)
        Proposed weights, clipped at 0 and normalised to sum to 1.
    weights_low_, weights_high_ : ndarray
        Confidence interval of each proposed weight.
    brier_score_ : float
        Brier score of cross-validated, calibrated predictions (lower is better).
    calibration_ : list of CalibrationBin
        Predicted against observed success rate, per bin of cross-validated predictions.
    """

    def __init__(
        self,
        C: float = 1.0,
        min_samples: int = 200,
        min_per_class: int = 20,
        ci_level: float = 0.95,
        n_draws: int = 2000,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.min_samples = min_samples
        self.min_per_class = min_per_class
        self.ci_level = ci_level
        self.n_draws = n_draws
        self.random_state = random_state

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> WeightLearner:
        """Fit on raw factor scores ``X`` (n, n_factors) and outcomes ``y`` (n,) of 0/1.

        Raises
        ------
        NotEnoughData
            Fewer than ``min_samples`` rows or ``min_per_class`` of either outcome.
        ValueError
            When ``X`` has the wrong shape or ``y`` is not 0/1.
        """
        features = np.asarray(X, dtype=np.float64)
        labels = np.asarray(y)
        if features.ndim != 2 or features.shape[1] != len(FACTORS):
            raise ValueError(f"X must have shape (n, {len(FACTORS)}), got {features.shape}")
        if labels.shape != (features.shape[0],) or not np.isin(labels, (0, 1)).all():
            raise ValueError("y must be a 1-d array of 0 and 1, one per row of X")
        labels = labels.astype(np.int64)
        n, positive = len(labels), int(labels.sum())
        if n < self.min_samples:
            raise NotEnoughData(f"{n} labelled pairs; at least {self.min_samples} are needed")
        if min(positive, n - positive) < self.min_per_class:
            raise NotEnoughData(
                f"{positive} successes and {n - positive} failures; at least "
                f"{self.min_per_class} of each are needed"
            )
        model = LogisticRegression(C=self.C, max_iter=1000)
        model.fit(features, labels)
        self.n_samples_, self.n_positive_ = n, positive
        self.coef_ = model.coef_[0].astype(np.float64)
        if not (self.coef_ > 0).any():
            raise NotEnoughData("no factor makes success more likely in these reviews")
        self.intercept_ = float(model.intercept_[0])
        self.coef_se_ = self._standard_errors(features, model)
        self.weights_ = _normalise(self.coef_[None, :])[0]
        self._weight_intervals()
        self._calibrate(features, labels)
        self.model_ = model
        return self

    def _standard_errors(self, features: F64, model: LogisticRegression) -> F64:
        design = np.hstack([features, np.ones((len(features), 1))])
        p = model.predict_proba(features)[:, 1]
        information = design.T @ (design * (p * (1 - p))[:, None])
        # The L2 penalty 1/(2C)·|coef|² adds 1/C on the diagonal (not on the intercept).
        information[np.arange(len(FACTORS)), np.arange(len(FACTORS))] += 1.0 / self.C
        covariance = np.linalg.pinv(information)
        self.coef_cov_ = covariance[: len(FACTORS), : len(FACTORS)]
        return np.sqrt(np.clip(np.diag(self.coef_cov_), 0.0, None))

    def _weight_intervals(self) -> None:
        rng = np.random.default_rng(self.random_state)
        draws = rng.multivariate_normal(self.coef_, self.coef_cov_, size=self.n_draws)
        weights = _normalise(draws)
        tail = (1 - self.ci_level) / 2 * 100
        self.weights_low_ = np.percentile(weights, tail, axis=0)
        self.weights_high_ = np.percentile(weights, 100 - tail, axis=0)

    def _calibrate(self, features: F64, labels: npt.NDArray[np.int64]) -> None:
        folds = min(5, self.min_per_class, int(labels.sum()), int(len(labels) - labels.sum()))
        folds = max(folds, 2)
        base = LogisticRegression(C=self.C, max_iter=1000)
        calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=folds)
        predicted = cross_val_predict(
            calibrated, features, labels, cv=folds, method="predict_proba"
        )[:, 1]
        self.brier_score_ = float(np.mean((predicted - labels) ** 2))
        edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
        which = np.clip(np.digitize(predicted, edges[1:-1]), 0, CALIBRATION_BINS - 1)
        self.calibration_ = [
            CalibrationBin(
                predicted=float(predicted[which == b].mean()),
                observed=float(labels[which == b].mean()),
                count=int((which == b).sum()),
            )
            for b in range(CALIBRATION_BINS)
            if (which == b).any()
        ]
        self.calibrated_ = calibrated.fit(features, labels)

    def predict_proba(self, X: npt.ArrayLike) -> F64:
        """Calibrated probability of success per row, shape (n,)."""
        return np.asarray(self.calibrated_.predict_proba(np.asarray(X))[:, 1], dtype=np.float64)

    def profile(self, name: str) -> WeightProfile:
        """The proposed weights as a :class:`WeightProfile` (rounded to 4 decimals)."""
        weights = {f: round(float(w), 4) for f, w in zip(FACTORS, self.weights_, strict=True)}
        return WeightProfile(name=name, weights=weights)


def _normalise(coef: F64) -> F64:
    clipped = np.clip(coef, 0.0, None)
    total = clipped.sum(axis=1, keepdims=True)
    even = np.full_like(clipped, 1.0 / clipped.shape[1])
    return np.where(total > 0, clipped / np.where(total > 0, total, 1.0), even)
