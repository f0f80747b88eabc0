"""The weight learner: recovers known weights, refuses on too little data, back-tests."""

import numpy as np
import pytest

from matching import DEFAULT_WEIGHTS, FACTORS, WeightProfile
from matching.backtest import backtest
from matching.learn import NotEnoughData, WeightLearner
from matching.synthetic import synthetic_reviews

# Stated tolerance: with 20,000 synthetic reviews every recovered weight lies within 0.02 of
# the true (normalised) weight; bench/fairness.py reports the largest difference.
WEIGHT_TOLERANCE = 0.02
SKEWED = WeightProfile(
    name="skewed",
    weights={"travel": 0.30, "sustainability": 0.25, "stimulus": 0.15, "hours": 0.10,
             "interests": 0.10, "skill": 0.10},
)  # fmt: skip


@pytest.mark.parametrize("true", [DEFAULT_WEIGHTS, SKEWED], ids=lambda p: p.name)
def test_learner_recovers_known_weights_within_tolerance(true: WeightProfile) -> None:
    X, y = synthetic_reviews(true, 20_000, random_state=7)
    learner = WeightLearner(random_state=0).fit(X, y)
    error = np.abs(learner.weights_ - true.vector).max()
    assert error < WEIGHT_TOLERANCE, dict(zip(FACTORS, learner.weights_.round(3), strict=True))
    assert learner.weights_.sum() == pytest.approx(1.0)
    inside = (learner.weights_low_ <= true.vector + 1e-3) & (
        true.vector - 1e-3 <= learner.weights_high_
    )
    assert inside.sum() >= len(FACTORS) - 1  # 95% intervals: at most one miss in eleven


def test_learner_refuses_below_the_minimum_sample_size() -> None:
    X, y = synthetic_reviews(DEFAULT_WEIGHTS, 199, random_state=1)
    with pytest.raises(NotEnoughData, match="199 labelled pairs; at least 200"):
        WeightLearner(min_samples=200).fit(X, y)


def test_learner_refuses_when_one_outcome_is_rare() -> None:
    X, _ = synthetic_reviews(DEFAULT_WEIGHTS, 500, random_state=2)
    y = np.zeros(500, dtype=np.int64)
    y[:5] = 1
    with pytest.raises(NotEnoughData, match="5 successes"):
        WeightLearner().fit(X, y)


def test_learner_predictions_are_calibrated() -> None:
    X, y = synthetic_reviews(DEFAULT_WEIGHTS, 5_000, sharpness=10, random_state=3)
    learner = WeightLearner().fit(X, y)
    for b in learner.calibration_:
        if b.count >= 200:
            assert abs(b.predicted - b.observed) < 0.08
    assert learner.brier_score_ < 0.25  # better than always saying 50%
    assert learner.predict_proba(X[:3]).shape == (3,)


def test_learner_rejects_malformed_input() -> None:
    with pytest.raises(ValueError, match="shape"):
        WeightLearner().fit(np.zeros((300, 3)), np.zeros(300))
    with pytest.raises(ValueError, match="0 and 1"):
        WeightLearner().fit(np.zeros((300, len(FACTORS))), np.full(300, 2))


def test_backtest_counts_successes_moving_up_under_the_true_weights() -> None:
    X, y = synthetic_reviews(SKEWED, 3_000, random_state=4)
    groups = np.arange(3_000) // 30  # runs of 30 proposals
    result = backtest(X, y, groups, DEFAULT_WEIGHTS, SKEWED)
    assert result.n_successes == int(y.sum())
    assert result.moved_up + result.moved_down + result.unchanged == result.n_successes
    assert result.moved_up > result.moved_down
    assert result.auc_proposed > result.auc_current > 0.5
    same = backtest(X, y, groups, SKEWED, SKEWED)
    assert same.moved_up == same.moved_down == 0
