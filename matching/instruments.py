"""Which instruments apply to a pair, with the municipal thresholds from the policy (DOMAIN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matching.profiles import Policy

ELIGIBLE, BY_EXCEPTION, NOT_ELIGIBLE, UNKNOWN, NOT_OFFERED = (
    "eligible",
    "eligible_by_exception",
    "not_eligible",
    "unknown",
    "not_offered",
)


@dataclass(frozen=True)
class InstrumentAdvice:
    """Eligibility of one instrument for one pair.

    Attributes
    ----------
    instrument : str
        One of ``INSTRUMENTS``.
    status : str
        ``eligible``, ``eligible_by_exception``, ``not_eligible``, ``unknown`` (loonwaarde not
        measured yet) or ``not_offered`` (the employer does not accept it).
    eligible : bool
        True for ``eligible`` and ``eligible_by_exception``.
    reason : str
        Dutch sentence (B1) for the jobhunter.
    """

    instrument: str
    status: str
    eligible: bool
    reason: str


def _advice(instrument: str, status: str, reason: str) -> InstrumentAdvice:
    return InstrumentAdvice(instrument, status, status in (ELIGIBLE, BY_EXCEPTION), reason)


def _pct(value: float) -> str:
    return f"{value:g}%"


def jobcoach(cand: Any, wp: Any, policy: Policy, hours_per_week: float) -> InstrumentAdvice:
    """UWV jobcoach rule: contract length, hours, loonwaarde and no uitzendbeding.

    Parameters
    ----------
    cand : CandidateProfile
    wp : WorkplaceProfile
    policy : Policy
    hours_per_week : float
        Hours the pair can agree on (the top of the overlap, or the candidate's maximum during
        a build-up).

    Returns
    -------
    InstrumentAdvice
    """
    if not (wp["jobcoach_welcome"] or "jobcoach" in wp["instruments_accepted"]):
        return _advice("jobcoach", NOT_OFFERED, "De werkgever staat (nog) geen jobcoach toe.")
    problems, exceptions = [], []
    months = wp["contract_months"]
    if wp["contract_type"] == "none":
        problems.append("er is geen arbeidscontract")
    elif months is not None and months < policy.jobcoach_min_contract_months:
        problems.append(f"het contract is korter dan {policy.jobcoach_min_contract_months} maanden")
    if wp["agency_clause"]:
        problems.append("het contract heeft een uitzendbeding")
    growth = bool(cand["needs_gradual_buildup"])
    if hours_per_week < policy.jobcoach_min_hours_per_week:
        if growth and hours_per_week >= policy.jobcoach_min_hours_per_week_with_growth:
            exceptions.append(f"minder dan {policy.jobcoach_min_hours_per_week:g} uur, met groei")
        else:
            problems.append(f"minder dan {policy.jobcoach_min_hours_per_week:g} uur per week")
    loonwaarde = cand["loonwaarde_pct"]
    unknown = loonwaarde is None
    if loonwaarde is not None and loonwaarde < policy.jobcoach_min_loonwaarde_pct:
        if loonwaarde >= policy.jobcoach_min_loonwaarde_pct_exception:
            exceptions.append(f"loonwaarde onder {_pct(policy.jobcoach_min_loonwaarde_pct)}")
        else:
            problems.append(
                f"loonwaarde onder {_pct(policy.jobcoach_min_loonwaarde_pct_exception)}"
            )
    if problems:
        return _advice(
            "jobcoach", NOT_ELIGIBLE, "Geen jobcoach mogelijk: " + "; ".join(problems) + "."
        )
    if unknown:
        return _advice(
            "jobcoach", UNKNOWN, "Jobcoach mogelijk als de gemeten loonwaarde hoog genoeg is."
        )
    if exceptions:
        return _advice(
            "jobcoach",
            BY_EXCEPTION,
            "Jobcoach alleen bij uitzondering: " + "; ".join(exceptions) + ".",
        )
    return _advice("jobcoach", ELIGIBLE, "Jobcoach mogelijk: contract, uren en loonwaarde voldoen.")


def proefplaatsing(wp: Any, policy: Policy) -> InstrumentAdvice:
    """Trial placement when the employer accepts it; at most ``proefplaatsing_max_months``."""
    if "proefplaatsing" in wp["instruments_accepted"] or wp["place_type"] == "proefplaatsing":
        return _advice(
            "proefplaatsing",
            ELIGIBLE,
            f"Proefplaatsing mogelijk (maximaal {policy.proefplaatsing_max_months} maanden); "
            "daarin kan ook de loonwaarde gemeten worden.",
        )
    return _advice("proefplaatsing", NOT_OFFERED, "De werkgever biedt geen proefplaatsing aan.")


def loonkostensubsidie(cand: Any, wp: Any, policy: Policy) -> InstrumentAdvice:
    """Wage-cost subsidy: accepted, loonwaarde below 100% and at least the municipal minimum."""
    if "loonkostensubsidie" not in wp["instruments_accepted"] and wp["place_type"] != "lks":
        return _advice(
            "loonkostensubsidie", NOT_OFFERED, "De werkgever werkt niet met loonkostensubsidie."
        )
    loonwaarde = cand["loonwaarde_pct"]
    minimum = policy.lks_min_loonwaarde_pct
    if loonwaarde is None:
        return _advice(
            "loonkostensubsidie",
            UNKNOWN,
            "Loonwaarde eerst meten, bijvoorbeeld tijdens een proefplaatsing.",
        )
    if loonwaarde >= 100:
        return _advice(
            "loonkostensubsidie",
            NOT_ELIGIBLE,
            "Geen loonkostensubsidie: de loonwaarde is 100% of meer.",
        )
    if minimum is not None and loonwaarde < minimum:
        return _advice(
            "loonkostensubsidie",
            NOT_ELIGIBLE,
            f"Geen loonkostensubsidie: de gemeente vraagt minimaal {_pct(minimum)} loonwaarde.",
        )
    return _advice(
        "loonkostensubsidie",
        ELIGIBLE,
        f"Loonkostensubsidie mogelijk: de loonwaarde is {_pct(loonwaarde)}.",
    )


def werkplekaanpassing(wp: Any) -> InstrumentAdvice:
    """Workplace adaptation when the employer is open to it."""
    if "werkplekaanpassing" in wp["instruments_accepted"]:
        return _advice(
            "werkplekaanpassing",
            ELIGIBLE,
            "De werkgever staat open voor aanpassing van de werkplek.",
        )
    return _advice("werkplekaanpassing", NOT_OFFERED, "Geen werkplekaanpassing aangeboden.")


def assess_instruments(
    cand: Any, wp: Any, policy: Policy, hours_per_week: float
) -> tuple[InstrumentAdvice, ...]:
    """All four instruments for one pair, in a fixed order.

    Parameters
    ----------
    cand : CandidateProfile
    wp : WorkplaceProfile
    policy : Policy
    hours_per_week : float
        Hours the pair can agree on.

    Returns
    -------
    tuple of InstrumentAdvice
    """
    return (
        jobcoach(cand, wp, policy, hours_per_week),
        proefplaatsing(wp, policy),
        loonkostensubsidie(cand, wp, policy),
        werkplekaanpassing(wp),
    )
