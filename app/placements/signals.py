"""Early warnings from a check-in's signals (DOMAIN §7): more sick reports, arriving late,
not feeling valued, low satisfaction on either side, or no longer in work."""

from app.placements.schemas import EarlyWarning, Signals

LOW_SATISFACTION = 2  # on the 1..5 scale: 1 and 2 are a warning


def early_warnings(
    signals: Signals, previous: Signals | None, *, still_in_work: bool | None = None
) -> list[EarlyWarning]:
    """Warnings for this check-in; counts are compared with the previous check-in's."""
    warnings: list[EarlyWarning] = []
    before = previous.sick_reports if previous and previous.sick_reports is not None else 0
    if signals.sick_reports is not None and signals.sick_reports > before:
        warnings.append(
            EarlyWarning(
                signal="sick_reports",
                message=f"More sick reports than at the previous check-in ({before} → "
                f"{signals.sick_reports}).",
            )
        )
    if signals.late_arrivals:
        warnings.append(
            EarlyWarning(
                signal="late_arrivals",
                message=f"Arrived late {signals.late_arrivals} time(s) since the previous "
                "check-in.",
            )
        )
    if signals.feels_valued is False:
        warnings.append(
            EarlyWarning(signal="feels_valued", message="The young person does not feel valued.")
        )
    for side in ("candidate", "employer"):
        score = getattr(signals, f"satisfaction_{side}")
        if score is not None and score <= LOW_SATISFACTION:
            warnings.append(
                EarlyWarning(
                    signal=f"satisfaction_{side}",
                    message=f"Low satisfaction of the {side} ({score} of 5).",
                )
            )
    if still_in_work is False:
        warnings.append(
            EarlyWarning(
                signal="still_in_work",
                message="No longer in work: record how the placement ended.",
            )
        )
    return warnings
