"""Schemas for suggestions, match runs, proposals, reviews and pair rules."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.core.schemas import LongText, Name
from app.core.vocab import TravelMode
from app.policy.regions import canonical_municipality, region_names, unknown_municipality


class FactorPartOut(BaseModel):
    """One factor of a score: its raw fit (0..1), weight, and share of the total."""

    factor: str
    raw: float
    weight: float
    contribution: float
    sentence: str
    concern: bool = Field(
        description="True when the sentence names a mismatch, however mild; "
        "such a sentence is never listed among the reasons for a match."
    )


class InstrumentOut(BaseModel):
    """Whether an instrument (jobcoach, proefplaatsing, LKS, adaptation) applies, and why."""

    instrument: str
    status: str
    eligible: bool
    reason: str


class ExplanationOut(BaseModel):
    """Why a pair scores what it scores; the contributions add up exactly to `score`."""

    score: float
    breakdown: list[FactorPartOut]
    reasons_for: list[str]
    reasons_against: list[str]
    risks: list[str]
    instruments: list[InstrumentOut]
    travel_minutes: float | None
    travel_mode: TravelMode | None


class WorkplaceSummary(BaseModel):
    """The workplace side of a suggestion."""

    id: int
    title: str
    employer_id: int
    employer_name: str
    sector: str
    pc4: str
    kind: str
    place_type: str
    is_carved: bool
    capacity: int


class CandidateSummary(BaseModel):
    """The candidate side of a suggestion. Names only for staff; others see a pseudonym."""

    pseudonym: str
    pc4: str
    age_band: str
    school_type: str
    hours_per_week_min: int
    hours_per_week_max: int
    id: int | None = Field(description="Only for staff.")
    first_name: str | None = Field(description="Only for staff.")
    last_name: str | None = Field(description="Only for staff.")


class WorkplaceSuggestion(BaseModel):
    """A ranked workplace for a candidate."""

    workplace: WorkplaceSummary
    explanation: ExplanationOut


class CandidateSuggestion(BaseModel):
    """A ranked candidate for a workplace."""

    candidate: CandidateSummary
    explanation: ExplanationOut
    profile_gaps: list[str] = Field(description="Missing data that makes the fit less certain.")


class NotSuggested(BaseModel):
    """Someone who would fit but cannot be suggested, and why (e.g. stale readiness)."""

    candidate_id: int
    pseudonym: str
    reasons: list[str]


class ExcludedGroup(BaseModel):
    """Pairs a hard constraint leaves out (a pair failing several counts under each)."""

    reason: str = Field(description="Reason code, e.g. travel_too_far.")
    label: str = Field(description="The reason in plain Dutch.")
    count: int


class ExclusionsOut(BaseModel):
    """Why the others are not in the list: counts per hard reason, most frequent first."""

    total: int = Field(
        description="How many fail at least one hard constraint (workplaces also: expired, "
        "not yet available or full)."
    )
    groups: list[ExcludedGroup]


class HardReasonOut(BaseModel):
    """One hard constraint the pair fails: its code and the engine's Dutch sentence."""

    reason: str = Field(description="Reason code, e.g. physical_over_capacity.")
    sentence: str = Field(description="The reason in plain Dutch.")


class PairFitOut(BaseModel):
    """One candidate × workplace pair as the engine sees it, feasible or not."""

    candidate_id: int
    workplace_id: int
    engine_version: str
    feasible: bool | None = Field(
        description="Passes every hard constraint; null when nothing may be computed (consent)."
    )
    suggestible: bool = Field(description="Would appear in live suggestions now.")
    hard_reasons: list[HardReasonOut] = Field(description="Every hard constraint it fails.")
    other_reasons: list[str] = Field(
        description="What else keeps it out: consent, workplace status, a pair rule, readiness."
    )
    explanation: ExplanationOut | None = Field(
        description="The breakdown it scores (0 when infeasible: raw factor scores still show)."
    )


class CandidateSuggestions(BaseModel):
    """Ranked workplaces for one candidate."""

    candidate_id: int
    weight_profile: str
    engine_version: str
    n_feasible: int = Field(description="Workplaces that pass every hard constraint.")
    n_eligible: int = Field(description="Of those, the ones that also pass the filters.")
    warnings: list[str] = Field(description="Why this candidate would not be suggested now.")
    items: list[WorkplaceSuggestion]
    excluded: ExclusionsOut = Field(
        description="Workplaces within the filters that are out, grouped by hard reason."
    )
    segment: str | None = Field(
        default=None,
        description="Loonwaarde segment under the municipality's policy (null: none there).",
    )
    policy_version: str = Field(default="shipped", description="Which policy applied.")


class WorkplaceSuggestions(BaseModel):
    """Ranked candidates for one workplace."""

    workplace_id: int
    weight_profile: str
    engine_version: str
    warnings: list[str] = Field(
        default=[],
        description="Why this workplace itself is not suggested to anyone now (expired, full, "
        "not yet available); empty when it is.",
    )
    n_feasible: int = Field(description="Candidates you may see who pass every hard constraint.")
    n_eligible: int = Field(description="Of those, the ones that can be suggested now.")
    items: list[CandidateSuggestion]
    not_suggested_count: int
    not_suggested: list[NotSuggested] = Field(description="Listed for staff only.")
    excluded: ExclusionsOut = Field(
        description="Candidates you may see who are out, grouped by hard reason."
    )


class RunStatus(StrEnum):
    """Lifecycle of a match run job."""

    waiting = "waiting"  # the cross-border pass of a country-wide run, until its turn
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    partial = "partial"  # a country-wide run of which some children failed
    failed = "failed"
    cancelled = "cancelled"


class RunScope(StrEnum):
    """A country-wide run: one child run per labour-market region (docs/decisions/186)."""

    national = "national"


class MatchRunCreate(BaseModel):
    """Parameters of a region-wide run. Without a scope it covers every ready candidate and
    every active workplace."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"municipality": "Delft", "max_per_employer": 3, "time_limit_s": 10},
                {"candidate_ids": [1, 2, 3], "min_proposals_per_candidate": 1},
                {"scope": "national"},
                {"regions": ["Haaglanden", "Zuid-Holland Centraal"]},
            ]
        },
    )
    municipality: Name | None = Field(default=None, description="Candidates living here.")
    candidate_ids: list[int] | None = Field(default=None, max_length=20_000)
    workplace_ids: list[int] | None = Field(default=None, max_length=20_000)
    weight_profile: str | None = Field(
        default=None, max_length=40, description="Default: the policy's weight profile."
    )
    max_per_employer: int | None = Field(default=3, ge=1, le=100)
    proposals_per_candidate: int = Field(default=1, ge=1, le=3)
    min_proposals_per_candidate: int | None = Field(
        default=None,
        ge=0,
        le=3,
        description="Exposure floor for hard-to-place people, where feasible; empty: the "
        "region policy's floor (hard_to_place_min_proposals), capped at proposals_per_candidate.",
    )
    top_k: int = Field(default=30, ge=3, le=200)
    time_limit_s: float = Field(default=10, gt=0, le=120)
    scope: RunScope | None = Field(
        default=None,
        description="national: one child run per labour-market region, plus a cross-border "
        "pass for candidates who travel across regions; the run is their parent.",
    )
    regions: list[str] | None = Field(
        default=None,
        min_length=1,
        max_length=35,
        description="Like scope national, for these labour-market regions only.",
    )

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str | None) -> str | None:
        """A misspelt municipality would run on nobody and succeed: refused, with the closest
        names; any case or a known alias is taken in the table's spelling."""
        if value is None:
            return None
        found = canonical_municipality(value)
        if found is None:
            raise ValueError(unknown_municipality(value))
        return found

    @field_validator("scope", "regions")
    @classmethod
    def _country_wide_alone(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return value
        narrowed = [
            k for k in ("municipality", "candidate_ids", "workplace_ids") if info.data.get(k)
        ]
        if narrowed:
            raise ValueError(f"a country-wide run cannot be combined with {', '.join(narrowed)}")
        if info.field_name == "regions":
            if info.data.get("scope") is not None:
                raise ValueError("give scope national or a list of regions, not both")
            unknown = sorted(set(value) - set(region_names()))
            if unknown:
                raise ValueError(f"unknown labour-market region(s): {', '.join(unknown)}")
            return sorted(set(value))
        return value

    @field_validator("min_proposals_per_candidate")
    @classmethod
    def _minimum_within_proposals(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and value > info.data.get("proposals_per_candidate", 1):
            raise ValueError("cannot exceed proposals_per_candidate")
        return value


class MatchRunPublic(BaseModel):
    """A run with its status, progress and audit record."""

    id: int
    status: RunStatus
    progress_pct: int
    created_at: datetime
    created_by: int
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int = Field(
        description="Attempts started so far (retries after errors or a dead worker)."
    )
    heartbeat_at: datetime | None = Field(
        description="Last sign of life of the attempt running it (every few seconds)."
    )
    worker_id: str | None = Field(description="host:pid of the worker running it.")
    parameters: dict[str, Any]
    engine_version: str | None
    weights: dict[str, Any]
    input_hash: str | None
    n_candidates: int | None
    n_workplaces: int | None
    solver_status: str | None
    method: str | None
    objective: float | None
    n_proposals: int | None
    timings_ms: dict[str, Any]
    error: str | None = Field(
        description="Why it failed, or what went wrong in an earlier attempt (and what next)."
    )
    parent_id: int | None = Field(default=None, description="The country-wide run it is part of.")
    region: str | None = Field(
        default=None, description="A child's labour-market region, or grensoverschrijdend."
    )
    children: list["ChildRunOut"] = Field(
        default_factory=list, description="A country-wide run's child runs."
    )
    policy_changes: list[str] = Field(
        default_factory=list,
        description="Policy values that differ from the previous run of the same scope.",
    )


class ChildRunOut(BaseModel):
    """One child of a country-wide run."""

    id: int
    region: str | None
    status: RunStatus
    n_candidates: int | None
    n_workplaces: int | None
    n_proposals: int | None
    error: str | None


MatchRunPublic.model_rebuild()


class ProposalPublic(BaseModel):
    """A proposed pair with its explanation and review state."""

    id: int
    run_id: int
    candidate_id: int
    workplace_id: int
    employer_id: int
    rank: int
    score: float
    pinned: bool
    explanation: dict[str, Any]
    alternatives: list[dict[str, Any]]
    status: str
    version: int
    reviewed_by: int | None
    reviewed_at: datetime | None
    reason: str | None
    note: str
    placement_id: int | None


class Decision(StrEnum):
    """A jobhunter's decision on a proposal."""

    accept = "accept"
    reject = "reject"


class RejectReason(StrEnum):
    """Why a proposal was rejected; kept as data for learning."""

    travel = "travel"
    environment = "environment"
    hours = "hours"
    interests = "interests"
    employer = "employer"
    candidate_not_available = "candidate_not_available"
    other = "other"


class ReviewIn(BaseModel):
    """Accept or reject a proposal. A rejection needs a reason; `forbid_pair` keeps the pair
    out of later runs and suggestions."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"decision": "accept", "version": 1},
                {
                    "decision": "reject",
                    "reason": "travel",
                    "note": "Te ver met de bus",
                    "forbid_pair": True,
                },
            ]
        },
    )
    decision: Decision
    reason: RejectReason | None = Field(default=None, validate_default=True)
    note: LongText = ""
    version: int | None = Field(default=None, description="If sent, must be current.")
    forbid_pair: bool = False

    @field_validator("reason")
    @classmethod
    def _reason_for_reject(cls, value: RejectReason | None, info: ValidationInfo) -> Any:
        if info.data.get("decision") == Decision.reject and value is None:
            raise ValueError("a rejection needs a reason")
        return value


class PairRuleKind(StrEnum):
    """pin: always propose this pair; forbid: never."""

    pin = "pin"
    forbid = "forbid"


class PairRuleIn(BaseModel):
    """Pin or forbid a pair for future runs (and, for forbid, suggestions)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"candidate_id": 1, "workplace_id": 4, "kind": "pin"}]},
    )
    candidate_id: int
    workplace_id: int
    kind: PairRuleKind
    note: LongText = ""


class PairRulePublic(PairRuleIn):
    """A stored pair rule."""

    id: int
    created_by: int
    created_at: datetime
