"""The one place after-care, exposure and monitoring rules are read from.

Until per-region policy is stored in the database (issue 14: ``policy_for(session,
municipality)``), the values come from :data:`matching.DEFAULT_POLICY`, with the contract-end
alert still overridable by ``PASSEND_CONTRACT_END_ALERT_MONTHS``. Switching to the stored
policy is a change of the body of :func:`aftercare_policy` only.
"""

from dataclasses import replace

from sqlmodel import Session

from app.core.config import get_settings
from matching import DEFAULT_POLICY, Policy


def aftercare_policy(session: Session, municipality: str | None) -> Policy:
    """The policy for a candidate living in ``municipality`` (None: the region's default)."""
    del session, municipality  # read per region once issue 14 stores the policy
    settings = get_settings()
    names = tuple(n.strip() for n in settings.monitoring_characteristics.split(",") if n.strip())
    return replace(
        DEFAULT_POLICY,
        contract_end_alert_months=settings.contract_end_alert_months,
        monitoring_characteristics=names or DEFAULT_POLICY.monitoring_characteristics,
    )
