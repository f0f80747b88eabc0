"""Response schemas of the export and erasure endpoints."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.audit.decisions import DecisionPublic
from app.candidates.schemas import CandidatePublic, SensitivePublic
from app.consent.schemas import ConsentPublic
from app.matches.schemas import PairRulePublic, ProposalPublic
from app.placements.schemas import FollowUpPublic, PlacementPublic


class AccessLogPublic(BaseModel):
    """One logged read: who, when, which candidate, why; with its place in the hash chain
    (``seq`` and the hashes are null until the sealer chained the row, within seconds)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    seq: int | None
    at: datetime
    account_id: int
    role: str
    candidate_id: int
    purpose: str
    action: str
    prev_hash: str | None
    row_hash: str | None


class CandidateExport(BaseModel):
    """Everything Passend holds about one candidate (right of access, AVG art. 15)."""

    exported_at: datetime
    candidate: CandidatePublic = Field(description="Identity, contact, profile and loonwaarde.")
    sensitive: SensitivePublic | None = Field(description="Null when none was ever recorded.")
    consents: list[ConsentPublic]
    characteristics: dict[str, str] = Field(
        description="Recorded for equality monitoring only (with consent); never matched on."
    )
    placements: list[PlacementPublic]
    follow_ups: list[FollowUpPublic]
    proposals: list[ProposalPublic]
    pair_rules: list[PairRulePublic]
    decisions: list[DecisionPublic]
    access_log: list[AccessLogPublic] = Field(
        description="Every logged read of this candidate's data, this export included."
    )


class ErasurePublic(BaseModel):
    """The result of an erasure; repeating the request returns the same erasure."""

    candidate_id: int
    erased_at: datetime
    already_erased: bool = Field(description="True when an earlier request had erased it.")
