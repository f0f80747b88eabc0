"""The one place after-care, exposure and monitoring rules are read from: the stored policy of
the candidate's municipality (app/policy, docs/decisions/144). Equality-monitoring
characteristics may still be named by ``PASSEND_MONITORING_CHARACTERISTICS`` when the policy
names none.
"""

from dataclasses import replace

from sqlmodel import Session

from app.core.config import get_settings
from app.policy.service import policy_for
from matching import Policy


def aftercare_policy(session: Session, municipality: str | None) -> Policy:
    """The policy for a candidate living in ``municipality`` (None: the region's default)."""
    policy = policy_for(session, municipality).policy
    if policy.monitoring_characteristics:
        return policy
    settings = get_settings()
    names = tuple(n.strip() for n in settings.monitoring_characteristics.split(",") if n.strip())
    return replace(policy, monitoring_characteristics=names) if names else policy
