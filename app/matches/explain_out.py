"""Engine explanation → API schema."""

from app.matches.schemas import ExplanationOut, FactorPartOut, InstrumentOut
from matching import Explanation


def explanation_out(why: Explanation) -> ExplanationOut:
    return ExplanationOut(
        score=why.total,
        breakdown=[
            FactorPartOut(
                factor=p.factor,
                raw=p.raw,
                weight=p.weight,
                contribution=p.contribution,
                sentence=p.sentence,
                concern=p.concern,
            )
            for p in why.breakdown
        ],
        reasons_for=list(why.reasons_for),
        reasons_against=list(why.reasons_against),
        risks=list(why.risks),
        instruments=[
            InstrumentOut(
                instrument=i.instrument, status=i.status, eligible=i.eligible, reason=i.reason
            )
            for i in why.instruments
        ],
        travel_minutes=why.travel_minutes,
        travel_mode=why.travel_mode,
    )
