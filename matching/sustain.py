"""Sustainability signals (duurzaamheid): will this placement last beyond six months?

The per-workplace part is computed once; the only per-pair part is an earlier internship of
the candidate with the same employer, added as ``INTERNSHIP_BONUS`` in the scoring code. All
parts are monotone: a more willing employer, a longer contract or a carved job never lowers it.
"""

from __future__ import annotations

from typing import Any

WILLINGNESS_SHARE = 0.20
EXPERIENCE_SHARE = 0.08
LATENT_SHARE = 0.04
CARVED_SHARE = 0.08
CONTRACT_SHARE = 0.25
SHORT_POLICY_MONTHS = 24
SHORT_POLICY_CAP = 0.5
INTERNSHIP_BONUS = 0.35  # an earlier stage at the same employer: the strongest single signal


def contract_score(wp: Any) -> float:
    """Continuity of the contract in [0, 1]; permanent is best, short agency work worst.

    Parameters
    ----------
    wp : WorkplaceProfile

    Returns
    -------
    float
    """
    kind, months = wp["contract_type"], wp["contract_months"]
    if kind == "permanent":
        score = 1.0
    elif kind == "none":  # stage, participatieplek: no contract, but a route to one
        score = 0.4
    else:
        if months is None or months >= 24:
            score = 0.8
        elif months >= 12:
            score = 0.6
        elif months >= 6:
            score = 0.4
        else:
            score = 0.2
        if kind == "agency":
            score *= 0.75
        if wp["agency_clause"]:  # uitzendbeding: the contract ends with the assignment
            score -= 0.15
    policy_months = wp["employer_contract_policy_max_months"]
    if policy_months is not None and policy_months <= SHORT_POLICY_MONTHS:
        score = min(score, SHORT_POLICY_CAP)
    return max(score, 0.0)


def sustainability_base(wp: Any) -> float:
    """Workplace part of the sustainability factor, in [0, 1 - INTERNSHIP_BONUS].

    Parameters
    ----------
    wp : WorkplaceProfile

    Returns
    -------
    float
    """
    return (
        WILLINGNESS_SHARE * (wp["employer_willingness"] - 1) / 4.0
        + EXPERIENCE_SHARE * bool(wp["employer_experience"])
        + LATENT_SHARE * (wp["kind"] == "latent")
        + CARVED_SHARE * bool(wp["is_carved"])
        + CONTRACT_SHARE * contract_score(wp)
    )
