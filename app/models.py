"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from sqlmodel import SQLModel

from app.accounts.models import Account, ApiKey
from app.audit.decisions import Decision
from app.audit.models import AccessLog
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.carving.models import CarvedRole, InventoryTask
from app.consent.models import Consent
from app.core.ratelimit_models import RateLimitBucket
from app.employers.models import Employer, Task, Workplace
from app.fairness.models import CandidateCharacteristic, ExposureCount
from app.imports.duplicates.models import DuplicatePair
from app.imports.models import DataImport, ImportKey
from app.learning.models import WeightProfileVersion
from app.matches.models import MatchRun, PairRule, Proposal
from app.placements.models import FollowUp, Placement, PlacementContract
from app.policy.models import PolicyVersion
from app.web.models import EmployerInvite, WidgetOrigin, WorkplaceConfirmLink, WorkplaceEditLink

metadata = SQLModel.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic compares our tables only: Procrastinate's (PostgreSQL) come from its schema
    file, applied by migration 11j_procrastinate."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


__all__ = [
    "AccessLog",
    "Account",
    "ApiKey",
    "Candidate",
    "CandidateCharacteristic",
    "CandidateSensitive",
    "CarvedRole",
    "Consent",
    "DataImport",
    "Decision",
    "DuplicatePair",
    "Employer",
    "EmployerInvite",
    "ExposureCount",
    "FollowUp",
    "ImportKey",
    "InventoryTask",
    "LoonwaardeMeasurement",
    "MatchRun",
    "PairRule",
    "Placement",
    "PlacementContract",
    "PolicyVersion",
    "Proposal",
    "RateLimitBucket",
    "Task",
    "WeightProfileVersion",
    "WidgetOrigin",
    "Workplace",
    "WorkplaceConfirmLink",
    "WorkplaceEditLink",
    "include_name",
    "metadata",
]
