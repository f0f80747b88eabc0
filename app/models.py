"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from sqlmodel import SQLModel

from app.accounts.models import Account, ApiKey
from app.audit.decisions import Decision
from app.audit.models import AccessLog
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.consent.models import Consent
from app.core.ratelimit_models import RateLimitBucket
from app.employers.models import Employer, Task, Workplace
from app.matches.models import MatchRun, PairRule, Proposal
from app.placements.models import FollowUp, Placement
from app.web.models import EmployerInvite, WidgetOrigin, WorkplaceEditLink

metadata = SQLModel.metadata

__all__ = [
    "AccessLog",
    "Account",
    "ApiKey",
    "Candidate",
    "CandidateSensitive",
    "Consent",
    "Decision",
    "Employer",
    "EmployerInvite",
    "FollowUp",
    "LoonwaardeMeasurement",
    "MatchRun",
    "PairRule",
    "Placement",
    "Proposal",
    "RateLimitBucket",
    "Task",
    "WidgetOrigin",
    "Workplace",
    "WorkplaceEditLink",
    "metadata",
]
