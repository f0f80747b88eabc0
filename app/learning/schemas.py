"""Weight proposals: the learned profile beside the current one, and the admin's decision."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.core.schemas import LongText


class ProposalStatus(StrEnum):
    """Where a weight profile version stands; only an admin moves it on."""

    proposed = "proposed"  # waiting for an admin
    approved = "approved"  # the version the next runs use
    rejected = "rejected"
    superseded = "superseded"  # was approved; a newer approval replaced it


class WeightProposalCreate(BaseModel):
    """Fit a proposal now from the reviews and outcomes recorded so far."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})
    name: str = Field(default="default", max_length=40, description="Which profile to improve.")


class WeightDecision(StrEnum):
    """An admin's decision on a proposal."""

    approve = "approve"
    reject = "reject"


class WeightDecisionIn(BaseModel):
    """Approve (the next runs use it) or reject a proposal; a person always decides."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"decision": "approve", "version": 1, "note": "Akkoord"}]},
    )
    decision: WeightDecision
    note: LongText = ""


class FactorChange(BaseModel):
    """One factor: current weight, proposed weight, the change and its confidence interval."""

    factor: str
    label: str = Field(description="Dutch name of the factor.")
    current: float
    proposed: float
    change: float
    ci_low: float
    ci_high: float


class BackTestOut(BaseModel):
    """How the reviewed pairs would have ranked within their run under each profile."""

    n_pairs: int
    n_successes: int
    moved_up: int
    moved_down: int
    unchanged: int
    mean_rank_current: float
    mean_rank_proposed: float
    auc_current: float
    auc_proposed: float


class CalibrationBinOut(BaseModel):
    """Predicted against observed success rate for one bin of predictions."""

    predicted: float
    observed: float
    count: int


class WeightProposalPublic(BaseModel):
    """A version of a weight profile with the evidence an admin needs to decide."""

    id: int
    name: str
    version: int
    status: ProposalStatus
    based_on_version: int | None
    created_at: datetime
    created_by: int | None
    decided_at: datetime | None
    decided_by: int | None
    decision_note: str
    weights: dict[str, float]
    factors: list[FactorChange]
    n_samples: int
    n_successes: int
    min_samples: int
    brier_score: float | None
    calibration: list[CalibrationBinOut]
    backtest: BackTestOut | None
